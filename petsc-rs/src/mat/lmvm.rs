//! Limited-memory quasi-Newton matrices (`MATLMVM` types: `"lmvmbfgs"`, `"lmvmdfp"`,
//! `"lmvmsr1"`, ...): an approximation of a Jacobian or its inverse built from pairs of
//! solution and function differences (`MatLMVMUpdate` and friends).

use petsc_sys as sys;

use super::Mat;
use crate::error::{Error, Result, check};
use crate::vec::Vector;

impl Mat {
    /// Sets an LMVM matrix's layout from a solution vector `x` and a function vector
    /// `f` (`MatLMVMAllocate`, collective); other types are an `Err` with PETSc's
    /// message.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // f(x) = A x with A = diag(2, 4): after updates the BFGS matrix maps s to A s.
    /// let mut b = petsc::Mat::new(&c)?;
    /// b.set_type_name("lmvmbfgs")?;
    /// let x0 = petsc::Vector::from_slice(&c, &[1.0, 1.0])?;
    /// let f0 = petsc::Vector::from_slice(&c, &[2.0, 4.0])?;
    /// b.allocate_lmvm(&x0, &f0)?;
    /// b.update_lmvm(&x0, &f0)?;
    /// let x1 = petsc::Vector::from_slice(&c, &[2.0, 1.5])?;
    /// let f1 = petsc::Vector::from_slice(&c, &[4.0, 6.0])?;
    /// b.update_lmvm(&x1, &f1)?;
    /// let s = petsc::Vector::from_slice(&c, &[1.0, 0.5])?;
    /// let mut y = s.duplicate()?;
    /// b.mult(&s, &mut y)?;
    /// assert!(y.view()?.iter().zip([2.0, 2.0]).all(|(u, v)| (u - v).abs() < 1e-12));
    /// b.reset_lmvm(false)?;
    /// let not_lmvm = petsc::Mat::dense(&c).sizes(petsc::Sizes::global(2, 2)).build()?;
    /// assert!(not_lmvm.lmvm_j0().is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatLMVMAllocate")]
    pub fn allocate_lmvm(&mut self, x: &Vector, f: &Vector) -> Result<()> {
        self.check_loan("Mat::allocate_lmvm")?;
        const CTX: &str = "Mat::allocate_lmvm";
        Vector::accessible_over(self, CTX, &[x, f], &[])?;
        // SAFETY: live matrix and vectors; PETSc refuses non-LMVM types.
        check(unsafe { sys::MatLMVMAllocate(self.ptr, x.raw_read(CTX)?, f.raw_read(CTX)?) })
    }

    /// Adds the pair (`x - x_prev`, `f - f_prev`) to an LMVM matrix, from the new solution
    /// `x` and function `f` (`MatLMVMUpdate`, collective); the first call only records
    /// them.
    #[doc(alias = "MatLMVMUpdate")]
    pub fn update_lmvm(&mut self, x: &Vector, f: &Vector) -> Result<()> {
        self.check_loan("Mat::update_lmvm")?;
        const CTX: &str = "Mat::update_lmvm";
        // A view alive on some ranks only is refused on every rank: the update is
        // collective.
        Vector::accessible_over(self, CTX, &[x, f], &[])?;
        // SAFETY: live matrix and vectors; PETSc refuses non-LMVM types and vectors of
        // another layout than the allocated one.
        check(unsafe { sys::MatLMVMUpdate(self.ptr, x.raw_read(CTX)?, f.raw_read(CTX)?) })
    }

    /// Forgets the stored pairs of an LMVM matrix; `destructive` also frees its vectors
    /// (`MatLMVMReset`).
    ///
    /// From PETSc 3.23 (3.26 included) a destructive reset of a matrix that has stored
    /// pairs frees its inner products but keeps pointers to them, and the next use or
    /// the destruction of the matrix frees them again (heap corruption): there
    /// `destructive = true` is refused with an `Err` and the matrix is left as it was.
    /// A non-destructive reset forgets the pairs on every version; to change sizes,
    /// make a new matrix.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut b = petsc::Mat::new(&c)?;
    /// b.set_sizes_to(petsc::Sizes::global(3, 3))?;
    /// b.set_type_name("lmvmbfgs")?;
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 2.0, 3.0])?;
    /// b.allocate_lmvm(&x, &x)?;
    /// b.reset_lmvm(false)?;
    /// assert_eq!(b.reset_lmvm(true).is_err(), cfg!(petsc_3_23));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatLMVMReset")]
    pub fn reset_lmvm(&mut self, destructive: bool) -> Result<()> {
        self.check_loan("Mat::reset_lmvm")?;
        if destructive && cfg!(petsc_3_23) {
            return Err(Error::invalid(
                "Mat::reset_lmvm",
                "a destructive reset is refused on PETSc 3.23 and later, whose \
                 MatLMVMReset frees the matrix's inner products but keeps pointers to \
                 them (the next use or destruction frees them again); reset_lmvm(false) \
                 forgets the stored pairs, and a new matrix takes other sizes",
            ));
        }
        let flg = if destructive {
            sys::PETSC_BOOL_TRUE
        } else {
            sys::PETSC_BOOL_FALSE
        };
        // SAFETY: live matrix; PETSc refuses non-LMVM types. Not destructive from 3.23.
        check(unsafe { sys::MatLMVMReset(self.ptr, flg) })
    }

    /// Sets the initial approximation `J0` of an LMVM matrix (`MatLMVMSetJ0`); the LMVM
    /// matrix keeps a reference to it.
    #[doc(alias = "MatLMVMSetJ0")]
    pub fn set_lmvm_j0(&mut self, j0: &Mat) -> Result<()> {
        self.check_loan("Mat::set_lmvm_j0")?;
        j0.check_loan("Mat::set_lmvm_j0")?;
        const KEPT: &str = "Mat::set_lmvm_j0";
        // SAFETY: live matrices; PETSc takes its own reference to `j0`.
        check(unsafe { sys::MatLMVMSetJ0(self.ptr, j0.kept_raw(KEPT)?) })
    }

    /// The initial approximation `J0` of an LMVM matrix, if one was set
    /// (`MatLMVMGetJ0`).
    #[doc(alias = "MatLMVMGetJ0")]
    pub fn lmvm_j0(&self) -> Result<Option<Mat>> {
        self.check_loan("Mat::lmvm_j0")?;
        let mut j0: sys::Mat = std::ptr::null_mut();
        // SAFETY: live matrix; PETSc refuses non-LMVM types, else lends J0 or null.
        check(unsafe { sys::MatLMVMGetJ0(self.ptr, &mut j0) })?;
        if j0.is_null() {
            return Ok(None);
        }
        // SAFETY: a live matrix lent by the LMVM matrix; the handle keeps both alive.
        unsafe { Mat::from_raw_child(&self.petsc, j0, self.ptr as sys::PetscObject) }.map(Some)
    }
}
