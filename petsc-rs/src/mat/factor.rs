//! LU, Cholesky, ILU and ICC factors and their solves.
//!
//! A factor is a matrix, as in PETSc: either the matrix itself, factored in place
//! ([`Mat::factor_lu`], ...), or a new one from [`Mat::factor_matrix`] with a solver package
//! chosen by name (`"petsc"`, `"mumps"`, `"superlu_dist"`, ...), then factored in two
//! steps: symbolic ([`Mat::factor_symbolic_lu`], ...) and numeric
//! ([`Mat::factor_numeric_lu`], ...), the latter repeatable when the values change.
//! Either way [`Mat::solve`] and friends then solve with it.
//!
//! A factor's handle remembers how far it got: the numeric step needs the symbolic one
//! on the same matrix with the same non-zero pattern (external packages keep arrays sized
//! by the symbolic step), and solves need the numeric step; anything else is an `Err`.

use petsc_sys as sys;

use super::factor_options::FactorOptions;
use super::{Mat, Ordering};
use crate::error::{Error, Result, c_string, check};
use crate::object::Object;
use crate::scalar::{Int, Real};
use crate::vec::Vector;

crate::c_enum! {
    /// A kind of factorization (`MatFactorType`).
    pub FactorType: sys::MatFactorType {
        /// `A = L U` (`MAT_FACTOR_LU`).
        Lu = MAT_FACTOR_LU,
        /// `A = L L^T` of a symmetric positive definite matrix (`MAT_FACTOR_CHOLESKY`).
        Cholesky = MAT_FACTOR_CHOLESKY,
        /// Incomplete LU (`MAT_FACTOR_ILU`).
        Ilu = MAT_FACTOR_ILU,
        /// Incomplete Cholesky (`MAT_FACTOR_ICC`).
        Icc = MAT_FACTOR_ICC,
    }
}

impl FactorType {
    /// Whether the numeric step is `MatLUFactorNumeric` (else Cholesky's).
    fn is_lu_family(self) -> bool {
        matches!(self, FactorType::Lu | FactorType::Ilu)
    }

    fn default_ordering(self) -> Ordering {
        match self {
            FactorType::Lu => Ordering::NestedDissection,
            _ => Ordering::Natural,
        }
    }
}

/// How far a factor handle's factorization got, and of which matrix.
#[derive(Debug)]
pub(crate) struct FactorSource {
    /// The factored matrix (its own reference), for factors made by `factor_matrix`.
    of: Option<Mat>,
    /// Its non-zero state at the symbolic step.
    state: sys::PetscObjectState,
    kind: FactorType,
    numeric: bool,
}

/// Why a sparse factor made an ordinary matrix again ([`Mat::set_unfactored`]) refuses
/// value setting and assembly: it keeps the factor's storage.
static FACTOR_STORAGE: &str = "the matrix holds a sparse factor's storage (Mat::set_unfactored on a \
     sparse factor): it can no longer be filled or assembled";

/// The key under which that refusal is kept with the matrix.
const FACTOR_STORAGE_KEY: &std::ffi::CStr = c"petsc_rs_factor_storage";

/// Index sets of an ordering, destroyed on drop.
struct Perms(sys::IS, sys::IS);

impl Drop for Perms {
    fn drop(&mut self) {
        for is in [&mut self.0, &mut self.1] {
            if !is.is_null() {
                // SAFETY: MatGetOrdering made these; the factor keeps its own references.
                crate::error::record_destroy(unsafe { sys::ISDestroy(is) });
            }
        }
    }
}

impl Mat {
    /// The kind of factor this matrix is, `None` for an unfactored matrix
    /// (`MatGetFactorType`).
    #[doc(alias = "MatGetFactorType")]
    pub fn factor_type(&self) -> Result<Option<FactorType>> {
        let mut t = sys::MatFactorType::MAT_FACTOR_NONE;
        // SAFETY: live matrix; one output.
        check(unsafe { sys::MatGetFactorType(self.ptr, &mut t) })?;
        Ok(FactorType::from_raw(t, "Mat::factor_type").ok())
    }

    /// Whether this matrix is a factor.
    pub(crate) fn is_factored(&self) -> Result<bool> {
        Ok(self.factor_type()?.is_some())
    }

    /// The ordering of `self` for a factorization `kind`, or none when the package
    /// `factor` uses its own.
    fn perms(&self, factor: &Mat, kind: FactorType, opts: &FactorOptions) -> Result<Perms> {
        let mut can = sys::PETSC_BOOL_TRUE;
        // SAFETY: live factor matrix.
        check(unsafe { sys::MatFactorGetCanUseOrdering(factor.ptr, &mut can) })?;
        let mut p = Perms(std::ptr::null_mut(), std::ptr::null_mut());
        if can != sys::PETSC_BOOL_TRUE {
            return Ok(p);
        }
        self.ordering_perms(kind, opts, &mut p)?;
        Ok(p)
    }

    /// The permutations of `opts` (checked), or else the ordering `opts` names (or
    /// `kind`'s default), into `p`.
    fn ordering_perms(&self, kind: FactorType, opts: &FactorOptions, p: &mut Perms) -> Result<()> {
        const CTX: &str = "Mat::factor";
        if let Some((rows, cols)) = &opts.permutation {
            let local = (|| {
                let ((m, n), (lm, ln)) = (self.size()?, self.local_size()?);
                for (what, perm, len, llen) in [("rows", rows, m, lm), ("cols", cols, n, ln)] {
                    if self.comm().size() == 1 {
                        super::algebra::check_permutation(CTX, what, perm, len)?;
                    } else if perm.len() != llen as usize
                        || perm.iter().any(|i| !(0..len).contains(i))
                    {
                        return Err(Error::invalid(
                            CTX,
                            format!(
                                "{what}: this rank's part of a permutation of 0..{len} has {llen} entries in that range"
                            ),
                        ));
                    }
                }
                Ok(())
            })();
            self.comm().agree(CTX, local)?;
            p.0 = super::algebra::seq_is(rows)?;
            p.1 = super::algebra::seq_is(cols)?;
            return Ok(());
        }
        let o = opts.ordering.clone().unwrap_or(kind.default_ordering());
        let name = c_string(CTX, o.as_str())?;
        // SAFETY: live, assembled matrix; PETSc writes two new index sets.
        check(unsafe { sys::MatGetOrdering(self.ptr, name.as_ptr(), &mut p.0, &mut p.1) })
    }

    /// Checks, on every rank, that `self` can be factored: assembled, square,
    /// unfactored.
    fn check_factorable(&self, context: &str) -> Result<()> {
        let local = (|| {
            self.check_no_writer(context)?;
            if self.is_factored()? {
                return Err(Error::invalid(context, "the matrix is already factored"));
            }
            if !self.is_assembled()? {
                return Err(Error::invalid(context, "the matrix is not assembled"));
            }
            let ((m, n), (lm, ln)) = (self.size()?, self.local_size()?);
            if m != n || lm != ln {
                return Err(Error::size_mismatch(
                    context,
                    format!(
                        "a factored matrix is square; this one is {m} x {n} ({lm} x {ln} on this rank)"
                    ),
                ));
            }
            Ok(())
        })();
        self.comm().agree(context, local)
    }

    /// After a numeric factorization: an `Err`, on every rank, naming a zero pivot or
    /// another failure PETSc recorded in the factor (it does not raise them).
    fn check_factor_error(&self, context: &str) -> Result<()> {
        let local = (|| {
            let mut e = sys::MatFactorError::MAT_FACTOR_NOERROR;
            // SAFETY: live factor.
            check(unsafe { sys::MatFactorGetError(self.ptr, &mut e) })?;
            if e == sys::MatFactorError::MAT_FACTOR_NOERROR {
                return Ok(());
            }
            if e == sys::MatFactorError::MAT_FACTOR_NUMERIC_ZEROPIVOT {
                let (mut pivot, mut row): (Real, Int) = (0.0, 0);
                // SAFETY: live factor.
                check(unsafe { sys::MatFactorGetErrorZeroPivot(self.ptr, &mut pivot, &mut row) })?;
                return Err(Error::invalid(
                    context,
                    format!(
                        "zero pivot in row {row} (pivot {pivot:e}): the matrix is singular for this factorization"
                    ),
                ));
            }
            Err(Error::invalid(
                context,
                format!("the factorization failed (MatFactorError {})", e.0),
            ))
        })();
        self.comm().agree(context, local)
    }

    fn factor_in_place(&mut self, kind: FactorType, opts: &FactorOptions) -> Result<()> {
        let context = match kind {
            FactorType::Lu => "Mat::factor_lu",
            FactorType::Cholesky => "Mat::factor_cholesky",
            FactorType::Ilu => "Mat::factor_ilu",
            FactorType::Icc => "Mat::factor_icc",
        };
        self.check_no_views_anywhere(context)?;
        self.check_factorable(context)?;
        let info = opts.info(kind)?;
        let mut p = Perms(std::ptr::null_mut(), std::ptr::null_mut());
        self.ordering_perms(kind, opts, &mut p)?;
        // SAFETY: live, assembled, square, unfactored matrix; the orderings are of it.
        check(unsafe {
            match kind {
                FactorType::Lu => sys::MatLUFactor(self.ptr, p.0, p.1, &info),
                FactorType::Ilu => sys::MatILUFactor(self.ptr, p.0, p.1, &info),
                FactorType::Cholesky => sys::MatCholeskyFactor(self.ptr, p.0, &info),
                FactorType::Icc => sys::MatICCFactor(self.ptr, p.0, &info),
            }
        })?;
        self.coo.set(None);
        self.check_factor_error(context)?;
        *self.factor_source.borrow_mut() = Some(Box::new(FactorSource {
            of: None,
            state: 0,
            kind,
            numeric: true,
        }));
        Ok(())
    }

    /// Factors the matrix in place, `A = L U` (`MatLUFactor`, sequential AIJ and dense
    /// matrices): afterwards [`solve`](Self::solve) solves `A x = b`, and the matrix can
    /// no longer be multiplied or changed. For other packages and distributed matrices
    /// use [`factor_matrix`](Self::factor_matrix).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // [[4, 1], [2, 3]] x = [6, 8] has x = [1, 2].
    /// let mut a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 2, 4], &[0, 1, 0, 1], &[4.0, 1.0, 2.0, 3.0])?;
    /// a.factor_lu(&Default::default())?;
    /// let b = petsc::Vector::from_slice(&c, &[6.0, 8.0])?;
    /// let mut x = b.duplicate()?;
    /// a.solve(&b, &mut x)?;
    /// assert!(x.view()?.iter().zip([1.0, 2.0]).all(|(u, v)| (u - v).abs() < 1e-14));
    /// assert!(a.mult(&b, &mut x).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatLUFactor")]
    pub fn factor_lu(&mut self, opts: &FactorOptions) -> Result<()> {
        self.factor_in_place(FactorType::Lu, opts)
    }

    /// Factors a symmetric positive definite matrix in place, `A = L L^T`
    /// (`MatCholeskyFactor`); see [`factor_lu`](Self::factor_lu).
    #[doc(alias = "MatCholeskyFactor")]
    pub fn factor_cholesky(&mut self, opts: &FactorOptions) -> Result<()> {
        self.factor_in_place(FactorType::Cholesky, opts)
    }

    /// Incomplete LU in place with `opts.levels` levels of fill (`MatILUFactor`).
    #[doc(alias = "MatILUFactor")]
    pub fn factor_ilu(&mut self, opts: &FactorOptions) -> Result<()> {
        self.factor_in_place(FactorType::Ilu, opts)
    }

    /// Incomplete Cholesky in place with `opts.levels` levels of fill (`MatICCFactor`).
    #[doc(alias = "MatICCFactor")]
    pub fn factor_icc(&mut self, opts: &FactorOptions) -> Result<()> {
        self.factor_in_place(FactorType::Icc, opts)
    }

    /// Makes a factored matrix an ordinary matrix again (`MatSetUnfactored`, any
    /// matrix, as in PETSc), as a factor preconditioner that factors in place does
    /// before the matrix is filled anew. A dense matrix's entries are then those of the
    /// factor, to be overwritten with [`set_values`](Self::set_values) and assembled,
    /// after which it multiplies and can be factored again. A sparse factor (AIJ, BAIJ,
    /// SBAIJ, in place or from [`factor_matrix`](Self::factor_matrix)) keeps the factor's
    /// storage, which PETSc's value setting and assembly would misread (it has no row
    /// lengths): from then on those are refused, and the matrix is only good for
    /// dropping, as in petsc4py's factor tests. Nothing happens to the entries of a
    /// matrix that is not factored.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::new_dense(&c, None, None, Some(2), Some(2))?;
    /// a.set_values(&[0, 1], &[0, 1], &[4.0, 1.0, 2.0, 3.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// a.factor_lu(&Default::default())?;
    /// assert!(a.factor_type()?.is_some());
    /// a.set_unfactored()?;
    /// assert_eq!(a.factor_type()?, None);
    /// // Filled anew: [[2, 0], [1, 5]].
    /// a.set_values(&[0, 1], &[0, 1], &[2.0, 0.0, 1.0, 5.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// let x = Vector::from_slice(&c, &[1.0, 1.0])?;
    /// let mut y = x.duplicate()?;
    /// a.mult(&x, &mut y)?;
    /// assert_eq!(y.view()?.to_vec(), vec![2.0, 6.0]);
    /// // A sparse in-place LU keeps its factor's storage: no longer filled.
    /// let mut s = Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 2, 4], &[0, 1, 0, 1], &[4.0, 1.0, 2.0, 3.0])?;
    /// s.factor_lu(&Default::default())?;
    /// s.set_unfactored()?;
    /// assert_eq!(s.factor_type()?, None);
    /// assert!(s.set_values(&[0], &[0], &[1.0], InsertMode::Insert).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSetUnfactored")]
    pub fn set_unfactored(&mut self) -> Result<()> {
        const CTX: &str = "Mat::set_unfactored";
        let sparse_factor = self.is_factored()?
            && !(self.has_type(sys::MATSEQDENSE)? || self.has_type(sys::MATMPIDENSE)?);
        // SAFETY: live matrix; PETSc resets the factor type (and runs the type's own
        // routine, if it has one).
        check(unsafe { sys::MatSetUnfactored(self.ptr) })?;
        *self.factor_source.borrow_mut() = None;
        if sparse_factor {
            let obj = self.ptr as sys::PetscObject;
            let held =
                crate::borrow::ArrayBorrow::exclusive_via(obj, None, CTX, Some(FACTOR_STORAGE))?;
            // SAFETY: live matrix; the borrow is kept with it and released when PETSc
            // destroys it.
            unsafe { crate::callback::compose_value(&self.petsc, obj, FACTOR_STORAGE_KEY, held) }?;
        }
        Ok(())
    }

    /// A new, empty factor of this matrix by the solver package `solver` (`"petsc"`,
    /// `"mumps"`, `"superlu"`, `"superlu_dist"`, `"cholmod"`, ... as PETSc was built;
    /// `MatGetFactor`, collective). A package PETSc does not have for this kind and this
    /// matrix type is an `Err` with PETSc's message. Then run
    /// [`factor_symbolic_lu`](Self::factor_symbolic_lu) (or the Cholesky, ILU, ICC
    /// one) and [`factor_numeric_lu`](Self::factor_numeric_lu) (or Cholesky's) on the
    /// factor, with this matrix.
    ///
    /// ```
    /// use petsc::FactorType;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // [[2, -1], [-1, 2]] x = [1, 1] has x = [1, 1].
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 2, 4], &[0, 1, 0, 1], &[2.0, -1.0, -1.0, 2.0])?;
    /// let mut f = a.factor_matrix("petsc", FactorType::Cholesky)?;
    /// let b = petsc::Vector::from_slice(&c, &[1.0, 1.0])?;
    /// let mut x = b.duplicate()?;
    /// assert!(f.solve(&b, &mut x).is_err()); // not factored yet
    /// f.factor_symbolic_cholesky(&a, &Default::default())?;
    /// f.factor_numeric_cholesky(&a)?;
    /// f.solve(&b, &mut x)?;
    /// assert!(x.view()?.iter().all(|u| (u - 1.0).abs() < 1e-14));
    /// let e = a.factor_matrix("nosuchpackage", FactorType::Lu).unwrap_err();
    /// assert!(e.to_string().contains("nosuchpackage"), "{e}");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatGetFactor")]
    pub fn factor_matrix(&self, solver: &str, kind: FactorType) -> Result<Mat> {
        const CTX: &str = "Mat::factor_matrix";
        let name = c_string(CTX, solver)?;
        super::create::same_name(&self.comm(), CTX, "solver type", solver)?;
        self.check_factorable(CTX)?;
        let mut f: sys::Mat = std::ptr::null_mut();
        // SAFETY: live, assembled, square matrix; PETSc copies the name and writes a new
        // factor, or fails for a package it does not have.
        check(unsafe { sys::MatGetFactor(self.ptr, name.as_ptr(), kind.raw(), &mut f) })?;
        if f.is_null() {
            return Err(Error::invalid(
                CTX,
                format!(
                    "the solver package '{solver}' has no {kind:?} factorization for this matrix type"
                ),
            ));
        }
        Ok(Mat::from_raw(&self.petsc, f))
    }

    crate::methods![for Mat;
        /// The solver package of a factor (`MatFactorGetSolverType`): `"petsc"`, `"mumps"`,
        /// ...
        pub fn solver_type(&self) -> String = MatFactorGetSolverType as "MatFactorGetSolverType";
    ];

    fn factor_symbolic(&mut self, a: &Mat, kind: FactorType, opts: &FactorOptions) -> Result<()> {
        let context = match kind {
            FactorType::Lu => "Mat::factor_symbolic_lu",
            FactorType::Cholesky => "Mat::factor_symbolic_cholesky",
            FactorType::Ilu => "Mat::factor_symbolic_ilu",
            FactorType::Icc => "Mat::factor_symbolic_icc",
        };
        a.check_factorable(context)?;
        let local = (|| {
            match self.factor_type()? {
                Some(k) if k == kind => {}
                Some(k) => {
                    return Err(Error::invalid(
                        context,
                        format!(
                            "this factor was made for {k:?}, not {kind:?} (see Mat::factor_matrix)"
                        ),
                    ));
                }
                None => {
                    return Err(Error::invalid(
                        context,
                        "not a factor: make one with Mat::factor_matrix",
                    ));
                }
            }
            if self.factor_source.borrow().is_some() {
                return Err(Error::invalid(
                    context,
                    "this factor already had its symbolic step; make a new one with Mat::factor_matrix",
                ));
            }
            if (self.size()?, self.local_size()?) != (a.size()?, a.local_size()?) {
                return Err(Error::size_mismatch(
                    context,
                    "the factor was made from a matrix of another size or layout",
                ));
            }
            Ok(())
        })();
        // The options' own checks too, before the collective symbolic step.
        let info = opts.info(kind);
        let local = local.and_then(|()| info.as_ref().map(|_| ()).map_err(Clone::clone));
        self.comm().agree(context, local)?;
        let info = info?;
        let p = a.perms(self, kind, opts)?;
        // SAFETY: live factor of the right kind, fresh; `a` live, assembled, square, of
        // the factor's layout; the orderings are `a`'s or null for packages that take
        // none.
        check(unsafe {
            match kind {
                FactorType::Lu => sys::MatLUFactorSymbolic(self.ptr, a.ptr, p.0, p.1, &info),
                FactorType::Ilu => sys::MatILUFactorSymbolic(self.ptr, a.ptr, p.0, p.1, &info),
                FactorType::Cholesky => sys::MatCholeskyFactorSymbolic(self.ptr, a.ptr, p.0, &info),
                FactorType::Icc => sys::MatICCFactorSymbolic(self.ptr, a.ptr, p.0, &info),
            }
        })?;
        // SAFETY: `a` is live; the new handle takes its own reference.
        let of = unsafe { Mat::from_raw_borrowed(&a.petsc, a.ptr) }?;
        *self.factor_source.borrow_mut() = Some(Box::new(FactorSource {
            of: Some(of),
            state: a.nonzero_state()?,
            kind,
            numeric: false,
        }));
        Ok(())
    }

    /// The symbolic step of `A = L U` on a factor from [`factor_matrix`](Self::factor_matrix)
    /// (`MatLUFactorSymbolic`, collective); `a` is the matrix the factor was made from.
    #[doc(alias = "MatLUFactorSymbolic")]
    pub fn factor_symbolic_lu(&mut self, a: &Mat, opts: &FactorOptions) -> Result<()> {
        self.factor_symbolic(a, FactorType::Lu, opts)
    }

    /// The symbolic step of an incomplete LU (`MatILUFactorSymbolic`); the numeric step
    /// is [`factor_numeric_lu`](Self::factor_numeric_lu).
    #[doc(alias = "MatILUFactorSymbolic")]
    pub fn factor_symbolic_ilu(&mut self, a: &Mat, opts: &FactorOptions) -> Result<()> {
        self.factor_symbolic(a, FactorType::Ilu, opts)
    }

    /// The symbolic step of a Cholesky factorization (`MatCholeskyFactorSymbolic`).
    #[doc(alias = "MatCholeskyFactorSymbolic")]
    pub fn factor_symbolic_cholesky(&mut self, a: &Mat, opts: &FactorOptions) -> Result<()> {
        self.factor_symbolic(a, FactorType::Cholesky, opts)
    }

    /// The symbolic step of an incomplete Cholesky (`MatICCFactorSymbolic`); the
    /// numeric step is [`factor_numeric_cholesky`](Self::factor_numeric_cholesky).
    #[doc(alias = "MatICCFactorSymbolic")]
    pub fn factor_symbolic_icc(&mut self, a: &Mat, opts: &FactorOptions) -> Result<()> {
        self.factor_symbolic(a, FactorType::Icc, opts)
    }

    fn factor_numeric(&mut self, a: &Mat, lu: bool) -> Result<()> {
        let context = if lu {
            "Mat::factor_numeric_lu"
        } else {
            "Mat::factor_numeric_cholesky"
        };
        let local = (|| {
            a.check_no_writer(context)?;
            let src = self.factor_source.borrow();
            let Some(src) = src.as_ref().filter(|s| s.of.is_some()) else {
                return Err(Error::invalid(
                    context,
                    "run the symbolic step first (on a factor from Mat::factor_matrix)",
                ));
            };
            if src.kind.is_lu_family() != lu {
                return Err(Error::invalid(
                    context,
                    format!(
                        "this factor is {:?}; use the matching numeric step",
                        src.kind
                    ),
                ));
            }
            if src.of.as_ref().map(|m| m.ptr) != Some(a.ptr) {
                return Err(Error::invalid(
                    context,
                    "the symbolic step was done with another matrix",
                ));
            }
            if a.nonzero_state()? != src.state || !a.is_assembled()? {
                return Err(Error::invalid(
                    context,
                    "the matrix's non-zero pattern changed since the symbolic step (or it is \
                     not assembled); make a new factor",
                ));
            }
            Ok(())
        })();
        self.comm().agree(context, local)?;
        let kind = self
            .factor_source
            .borrow()
            .as_ref()
            .map_or(FactorType::Lu, |s| s.kind);
        let info = FactorOptions::default().info(kind)?;
        // SAFETY: live factor whose symbolic step was done with `a`, whose pattern is
        // unchanged since.
        check(unsafe {
            if lu {
                sys::MatLUFactorNumeric(self.ptr, a.ptr, &info)
            } else {
                sys::MatCholeskyFactorNumeric(self.ptr, a.ptr, &info)
            }
        })?;
        self.check_factor_error(context)?;
        if let Some(s) = self.factor_source.borrow_mut().as_mut() {
            s.numeric = true;
        }
        Ok(())
    }

    /// The numeric step of an LU or ILU factorization (`MatLUFactorNumeric`,
    /// collective): after the symbolic step with the same matrix `a`, and again whenever
    /// `a`'s values (not its pattern) change. A zero pivot is an `Err`.
    #[doc(alias = "MatLUFactorNumeric")]
    pub fn factor_numeric_lu(&mut self, a: &Mat) -> Result<()> {
        self.factor_numeric(a, true)
    }

    /// The numeric step of a Cholesky or ICC factorization
    /// (`MatCholeskyFactorNumeric`); see [`factor_numeric_lu`](Self::factor_numeric_lu).
    #[doc(alias = "MatCholeskyFactorNumeric")]
    pub fn factor_numeric_cholesky(&mut self, a: &Mat) -> Result<()> {
        self.factor_numeric(a, false)
    }

    /// Refuses, on every rank, a solve with a matrix that has no numeric factorization
    /// made through this handle, or vectors not laid out like its rows (`b`) and columns
    /// (`x`).
    fn check_solve(&self, context: &str, vecs: &[(&str, &Vector)]) -> Result<()> {
        let local = (|| {
            let factored = self
                .factor_source
                .borrow()
                .as_ref()
                .is_some_and(|s| s.numeric);
            // An LMVM matrix solves with its approximate inverse once allocated.
            let lmvm = || -> Result<bool> {
                Ok(self.type_name()?.starts_with("lmvm") && self.is_preallocated()?)
            };
            if !factored && !lmvm()? {
                return Err(Error::invalid(
                    context,
                    "the matrix is not factored (factor it in place, or run the numeric step on a factor from Mat::factor_matrix) nor an allocated LMVM matrix",
                ));
            }
            let (n, ln) = (self.size()?.0, self.local_size()?.0);
            for &(name, v) in vecs {
                let (vn, vl) = (v.size()?, v.local_size()?);
                if (vn, vl) != (n, ln) {
                    return Err(Error::size_mismatch(
                        context,
                        format!(
                            "{name} has {vn} entries ({vl} on this rank) but the factor has {n} rows ({ln} on this rank)"
                        ),
                    ));
                }
            }
            Ok(())
        })();
        self.comm().agree(context, local)
    }

    /// Solves `A x = b` with a factored matrix (`MatSolve`, collective).
    #[doc(alias = "MatSolve")]
    pub fn solve(&self, b: &Vector, x: &mut Vector) -> Result<()> {
        const CTX: &str = "Mat::solve";
        self.check_solve(CTX, &[("b", b), ("x", x)])?;
        super::ready_for_collective(CTX, self.ptr, false, &[b], &[x], &[])?;
        let (bp, xp) = (b.raw_read(CTX)?, x.raw_write(CTX)?);
        // SAFETY: live factor with its numeric step done; vectors of its layout, distinct
        // by Rust's borrows.
        super::product([b], || unsafe { sys::MatSolve(self.ptr, bp, xp) })
    }

    /// Solves `A^T x = b` with a factored matrix (`MatSolveTranspose`).
    #[doc(alias = "MatSolveTranspose")]
    pub fn solve_transpose(&self, b: &Vector, x: &mut Vector) -> Result<()> {
        const CTX: &str = "Mat::solve_transpose";
        self.check_solve(CTX, &[("b", b), ("x", x)])?;
        super::ready_for_collective(CTX, self.ptr, false, &[b], &[x], &[])?;
        let (bp, xp) = (b.raw_read(CTX)?, x.raw_write(CTX)?);
        // SAFETY: as in solve.
        super::product([b], || unsafe { sys::MatSolveTranspose(self.ptr, bp, xp) })
    }

    /// `x = y + A^{-1} b` with a factored matrix (`MatSolveAdd`).
    #[doc(alias = "MatSolveAdd")]
    pub fn solve_add(&self, b: &Vector, y: &Vector, x: &mut Vector) -> Result<()> {
        const CTX: &str = "Mat::solve_add";
        self.check_solve(CTX, &[("b", b), ("y", y), ("x", x)])?;
        super::ready_for_collective(CTX, self.ptr, false, &[b, y], &[x], &[])?;
        let (bp, yp, xp) = (b.raw_read(CTX)?, y.raw_read(CTX)?, x.raw_write(CTX)?);
        // SAFETY: as in solve; `x` is distinct from `b` and `y` by Rust's borrows.
        super::product([b, y], || unsafe { sys::MatSolveAdd(self.ptr, bp, yp, xp) })
    }

    /// `x = y + A^{-T} b` with a factored matrix (`MatSolveTransposeAdd`).
    #[doc(alias = "MatSolveTransposeAdd")]
    pub fn solve_transpose_add(&self, b: &Vector, y: &Vector, x: &mut Vector) -> Result<()> {
        const CTX: &str = "Mat::solve_transpose_add";
        self.check_solve(CTX, &[("b", b), ("y", y), ("x", x)])?;
        super::ready_for_collective(CTX, self.ptr, false, &[b, y], &[x], &[])?;
        let (bp, yp, xp) = (b.raw_read(CTX)?, y.raw_read(CTX)?, x.raw_write(CTX)?);
        // SAFETY: as in solve_add.
        super::product([b, y], || unsafe {
            sys::MatSolveTransposeAdd(self.ptr, bp, yp, xp)
        })
    }

    /// Solves `A X = B` for many right-hand sides with a factored matrix: `B` and `X`
    /// are dense matrices laid out like the factor's rows, with the same number of
    /// columns (`MatMatSolve`, collective).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 2], &[0, 1], &[2.0, 4.0])?;
    /// a.factor_lu(&Default::default())?;
    /// let mut b = petsc::Mat::new_dense(&c, None, None, Some(2), Some(2))?;
    /// b.set_values(&[0, 1], &[0, 1], &[2.0, 4.0, 8.0, 4.0], petsc::InsertMode::Insert)?;
    /// b.assemble()?;
    /// let mut x = petsc::Mat::new_dense(&c, None, None, Some(2), Some(2))?;
    /// x.assemble()?;
    /// a.mat_solve(&b, &mut x)?;
    /// assert_eq!(x.values(&[0, 1], &[0, 1])?, vec![1.0, 2.0, 2.0, 1.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatMatSolve")]
    pub fn mat_solve(&self, b: &Mat, x: &mut Mat) -> Result<()> {
        const CTX: &str = "Mat::mat_solve";
        x.check_no_views_anywhere(CTX)?;
        let local = (|| {
            let done = self
                .factor_source
                .borrow()
                .as_ref()
                .is_some_and(|s| s.numeric);
            if !done {
                return Err(Error::invalid(CTX, "the matrix is not factored"));
            }
            b.check_no_writer(CTX)?;
            let (n, ln) = (self.size()?.0, self.local_size()?.0);
            for (name, m) in [("B", b), ("X", &*x)] {
                let ((r, _), (lr, _)) = (m.size()?, m.local_size()?);
                if (r, lr) != (n, ln) {
                    return Err(Error::size_mismatch(
                        CTX,
                        format!(
                            "{name} has {r} rows ({lr} on this rank) but the factor has {n} ({ln} on this rank)"
                        ),
                    ));
                }
            }
            if b.size()?.1 != x.size()?.1 {
                return Err(Error::size_mismatch(
                    CTX,
                    format!("B has {} columns but X has {}", b.size()?.1, x.size()?.1),
                ));
            }
            Ok(())
        })();
        self.comm().agree(CTX, local)?;
        // SAFETY: live factor with its numeric step done; B and X of its layout (PETSc
        // refuses types other than dense), distinct by Rust's borrows.
        check(unsafe { sys::MatMatSolve(self.ptr, b.ptr, x.ptr) })
    }

    /// The inertia of a Cholesky factor of a symmetric matrix: the numbers of negative,
    /// zero and positive eigenvalues (`MatGetInertia`; packages that compute it, such as
    /// MUMPS or PETSc's own dense Cholesky).
    #[doc(alias = "MatGetInertia")]
    pub fn inertia(&self) -> Result<(Int, Int, Int)> {
        const CTX: &str = "Mat::inertia";
        let done = self
            .factor_source
            .borrow()
            .as_ref()
            .is_some_and(|s| s.numeric);
        self.comm().agree(
            CTX,
            if done {
                Ok(())
            } else {
                Err(Error::invalid(CTX, "the matrix is not factored"))
            },
        )?;
        let (mut neg, mut zero, mut pos): (Int, Int, Int) = (0, 0, 0);
        // SAFETY: live factor with its numeric step done.
        check(unsafe { sys::MatGetInertia(self.ptr, &mut neg, &mut zero, &mut pos) })?;
        Ok((neg, zero, pos))
    }

    /// Applies the lower-triangular part of a Cholesky or ICC factor, `x = L^{-1} b`
    /// (`MatForwardSolve`; the packages that split the solve).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // A = diag(4, 9) = L L^T with L = diag(2, 3).
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 2], &[0, 1], &[4.0, 9.0])?;
    /// let mut a = a.factor_matrix("petsc", petsc::FactorType::Icc).and_then(|mut f| {
    ///     f.factor_symbolic_icc(&a, &Default::default())?;
    ///     f.factor_numeric_cholesky(&a)?;
    ///     Ok(f)
    /// })?;
    /// let b = petsc::Vector::from_slice(&c, &[2.0, 3.0])?;
    /// let mut y = b.duplicate()?;
    /// a.solve_forward(&b, &mut y)?;
    /// let mut x = b.duplicate()?;
    /// a.solve_backward(&y, &mut x)?;
    /// let mut z = b.duplicate()?;
    /// a.solve(&b, &mut z)?;
    /// assert!(x.view()?.iter().zip(z.view()?.iter()).all(|(u, v)| (u - v).abs() < 1e-14));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatForwardSolve")]
    pub fn solve_forward(&self, b: &Vector, x: &mut Vector) -> Result<()> {
        const CTX: &str = "Mat::solve_forward";
        self.check_solve(CTX, &[("b", b), ("x", x)])?;
        super::ready_for_collective(CTX, self.ptr, false, &[b], &[x], &[])?;
        let (bp, xp) = (b.raw_read(CTX)?, x.raw_write(CTX)?);
        // SAFETY: as in solve.
        super::product([b], || unsafe { sys::MatForwardSolve(self.ptr, bp, xp) })
    }

    /// Applies the upper-triangular part of a Cholesky or ICC factor, `x = L^{-T} b`
    /// (`MatBackwardSolve`); see [`solve_forward`](Self::solve_forward).
    #[doc(alias = "MatBackwardSolve")]
    pub fn solve_backward(&self, b: &Vector, x: &mut Vector) -> Result<()> {
        const CTX: &str = "Mat::solve_backward";
        self.check_solve(CTX, &[("b", b), ("x", x)])?;
        super::ready_for_collective(CTX, self.ptr, false, &[b], &[x], &[])?;
        let (bp, xp) = (b.raw_read(CTX)?, x.raw_write(CTX)?);
        // SAFETY: as in solve.
        super::product([b], || unsafe { sys::MatBackwardSolve(self.ptr, bp, xp) })
    }

    /// A fill-reducing ordering of an assembled matrix: the row and column
    /// permutations, as this rank's part of each (`MatGetOrdering`; sequential AIJ-type
    /// matrices).
    ///
    /// ```
    /// use petsc::Ordering;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Mat::from_csr(&c, Some(3), Some(3), None, None, &[0, 1, 2, 3], &[0, 1, 2], &[1.0; 3])?;
    /// let (rows, cols) = a.ordering(Ordering::Natural)?;
    /// assert_eq!((rows, cols), (vec![0, 1, 2], vec![0, 1, 2]));
    /// let (mut rows, _) = a.ordering(Ordering::Rcm)?;
    /// rows.sort();
    /// assert_eq!(rows, vec![0, 1, 2]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatGetOrdering")]
    pub fn ordering(&self, ordering: Ordering) -> Result<(Vec<Int>, Vec<Int>)> {
        const CTX: &str = "Mat::ordering";
        let local = (|| {
            self.check_no_writer(CTX)?;
            if !self.is_assembled()? {
                return Err(Error::invalid(CTX, "the matrix is not assembled"));
            }
            Ok(())
        })();
        self.comm().agree(CTX, local)?;
        let name = c_string(CTX, ordering.as_str())?;
        let mut p = Perms(std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live, assembled matrix; PETSc writes two new index sets.
        check(unsafe { sys::MatGetOrdering(self.ptr, name.as_ptr(), &mut p.0, &mut p.1) })?;
        let (r, c) = (
            std::mem::replace(&mut p.0, std::ptr::null_mut()),
            std::mem::replace(&mut p.1, std::ptr::null_mut()),
        );
        // SAFETY: both index sets are ours (taken out of `p`), each destroyed once.
        let rows = unsafe { super::algebra::take_indices(r) };
        // SAFETY: as above.
        let cols = unsafe { super::algebra::take_indices(c) };
        Ok((rows?, cols?))
    }

    /// Changes the row and column permutations `rows` and `cols` (from
    /// [`ordering`](Self::ordering), say) so that the permuted matrix has no diagonal
    /// entry of modulus `atol` or below where a swap of two columns (or rows) avoids it
    /// (`MatReorderForNonzeroDiagonal`), before an LU factorization without pivoting.
    /// For a sequential AIJ matrix (assembled, square; `rows` and `cols` permutations of
    /// its rows and columns, checked); for other types, as in PETSc, it changes nothing.
    ///
    /// ```
    /// use petsc::{Mat, Ordering};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // [[0, 1], [1, 0]]: a zero diagonal.
    /// let a = Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 2], &[1, 0], &[1.0, 1.0])?;
    /// let (mut rows, mut cols) = a.ordering(Ordering::Natural)?;
    /// a.reorder_for_nonzero_diagonal(0.0, &mut rows, &mut cols)?;
    /// assert_eq!((rows, cols), (vec![0, 1], vec![1, 0]));
    /// // BAIJ: nothing to do, as in PETSc.
    /// let mut b = Mat::new_baij(&c, 1, None, None, Some(2), Some(2), 1, 0)?;
    /// b.set_value(0, 1, 1.0, petsc::InsertMode::Insert)?;
    /// b.set_value(1, 0, 1.0, petsc::InsertMode::Insert)?;
    /// b.assemble()?;
    /// let (mut rows, mut cols) = (vec![0, 1], vec![0, 1]);
    /// b.reorder_for_nonzero_diagonal(0.0, &mut rows, &mut cols)?;
    /// assert_eq!((rows, cols), (vec![0, 1], vec![0, 1]));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatReorderForNonzeroDiagonal")]
    pub fn reorder_for_nonzero_diagonal(
        &self,
        atol: Real,
        rows: &mut [Int],
        cols: &mut [Int],
    ) -> Result<()> {
        const CTX: &str = "Mat::reorder_for_nonzero_diagonal";
        let mut f: Option<unsafe extern "C" fn()> = None;
        // SAFETY: live matrix; PETSc writes the composed function or None.
        check(unsafe {
            sys::PetscObjectQueryFunction_Private(
                self.as_object(),
                c"MatReorderForNonzeroDiagonal_C".as_ptr(),
                &mut f,
            )
        })?;
        if f.is_none() {
            // PETSc's MatReorderForNonzeroDiagonal does nothing for this type.
            return Ok(());
        }
        self.check_no_writer(CTX)?;
        if !self.is_assembled()? {
            return Err(Error::invalid(CTX, "the matrix is not assembled"));
        }
        let (m, n) = self.size()?;
        if m != n {
            return Err(Error::size_mismatch(
                CTX,
                format!("the matrix is {m} x {n}; it must be square"),
            ));
        }
        super::algebra::check_permutation(CTX, "rows", rows, m)?;
        super::algebra::check_permutation(CTX, "cols", cols, n)?;
        // General index sets of our own: PETSc changes their indices in place.
        let mut p = Perms(super::algebra::seq_is(rows)?, std::ptr::null_mut());
        p.1 = super::algebra::seq_is(cols)?;
        // SAFETY: live, assembled square sequential AIJ matrix; two general index sets of
        // permutations of its rows and columns, which PETSc reorders in place.
        check(unsafe { sys::MatReorderForNonzeroDiagonal(self.ptr, atol, p.0, p.1) })?;
        for (is, out) in [(p.0, rows), (p.1, cols)] {
            let mut ptr: *const Int = std::ptr::null();
            // SAFETY: our live index set; PETSc lends its indices until restored.
            check(unsafe { sys::ISGetIndices(is, &mut ptr) })?;
            if !out.is_empty() {
                // SAFETY: the index set still holds `out.len()` indices (a permutation).
                out.copy_from_slice(unsafe { std::slice::from_raw_parts(ptr, out.len()) });
            }
            // SAFETY: gives back what ISGetIndices lent.
            check(unsafe { sys::ISRestoreIndices(is, &mut ptr) })?;
        }
        Ok(())
    }
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl Mat {
    /// The former name of [`factor_matrix`](Self::factor_matrix).
    #[deprecated(
        since = "0.2.0",
        note = "use `Mat::factor_matrix` (it makes the matrix a factorization fills)"
    )]
    pub fn get_factor(&self, solver: &str, kind: FactorType) -> Result<Mat> {
        self.factor_matrix(solver, kind)
    }
}
