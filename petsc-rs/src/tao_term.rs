//! Terms of an objective function (`TaoTerm`, PETSc 3.25 and later): [`TaoTerm`], one
//! piece `f(x; p)` of what a TAO solver minimizes (a half squared distance, an ℓ1
//! norm, a quadratic form, a sum of terms), and [`TaoTermType`].
//!
//! ```
//! use petsc::{TaoTerm, TaoTermType, Vector};
//! let petsc = petsc::Petsc::init()?;
//! let comm = petsc.self_comm();
//! let x = Vector::from_slice(&comm, &[1.0.into(), (-2.0).into(), 3.0.into()])?;
//! let mut term = TaoTerm::new(&comm)?;
//! term.set_type(TaoTermType::L1)?;
//! term.set_solution_template(&x)?;
//! term.set_up()?;
//! assert_eq!(term.compute_objective(&x, None)?, 6.0); // |1| + |-2| + |3|
//! # Ok::<(), petsc::Error>(())
//! ```

use std::os::raw::c_char;

use petsc_sys as sys;

use crate::comm::Comm;
use crate::error::{Error, Result, check};
use crate::object::{Object, petsc_handle, type_enum};
use crate::scalar::{Int, Real};
use crate::vec::Vector;

petsc_handle!(
    /// A term of an objective function (`TaoTerm`; petsc4py's `TAOTerm`; PETSc 3.25 and
    /// later): made, given a type and the layout of the solution, set up, then
    /// evaluated.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let term = petsc::TaoTerm::new(&petsc.world())?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    TaoTerm,
    sys::TaoTerm,
    sys::TaoTermDestroy
);

type_enum!(
/// Objective-term types (`TaoTermType`); [`TaoTermType::Other`] names any registered
/// type.
///
/// ```
/// use petsc::TaoTermType;
/// assert_eq!(TaoTermType::HalfL2Squared.as_str(), "halfl2squared");
/// ```
TaoTermType {
    /// `"callbacks"`: the objective and derivatives a TAO solver was given.
    Callbacks = "callbacks",
    /// `"shell"`: user functions.
    Shell = "shell",
    /// `"sum"`: a weighted sum of other terms.
    Sum = "sum",
    /// `"halfl2squared"`: `½‖x − p‖²`.
    HalfL2Squared = "halfl2squared",
    /// `"l1"`: `‖x − p‖₁`.
    L1 = "l1",
    /// `"quadratic"`: `½ (x − p)ᵀ A (x − p)`.
    Quadratic = "quadratic",
});

/// `TaoTermGetSolutionSizes` and `TaoTermGetParametersSizes`.
type Sizes =
    unsafe extern "C" fn(sys::TaoTerm, *mut Int, *mut Int, *mut Int) -> sys::PetscErrorCode;

// TaoTerm's prefix functions are the object ones.
unsafe fn set_prefix(t: sys::TaoTerm, s: *const c_char) -> sys::PetscErrorCode {
    // SAFETY: the caller passes a live term and a NUL-terminated string.
    unsafe { sys::PetscObjectSetOptionsPrefix(t as sys::PetscObject, s) }
}

unsafe fn append_prefix(t: sys::TaoTerm, s: *const c_char) -> sys::PetscErrorCode {
    // SAFETY: as in `set_prefix`.
    unsafe { sys::PetscObjectAppendOptionsPrefix(t as sys::PetscObject, s) }
}

unsafe fn get_prefix(t: sys::TaoTerm, s: *mut *const c_char) -> sys::PetscErrorCode {
    // SAFETY: the caller passes a live term and a place for the pointer.
    unsafe { sys::PetscObjectGetOptionsPrefix(t as sys::PetscObject, s) }
}

crate::class_methods! {
    TaoTerm: TaoTermType, "TaoTerm", sys::TaoTermList,
    example = "let mut obj = petsc::TaoTerm::new(&petsc.self_comm())?;",
    a_type = "l1",
    inner = "",
    set_type = sys::TaoTermSetType as "TaoTermSetType",
    set_options_prefix = set_prefix as "PetscObjectSetOptionsPrefix",
    append_options_prefix = append_prefix as "PetscObjectAppendOptionsPrefix",
    options_prefix = get_prefix as "PetscObjectGetOptionsPrefix",
    set_from_options = sys::TaoTermSetFromOptions as "TaoTermSetFromOptions",
}

impl TaoTerm {
    /// A term on `comm` (`TaoTermCreate`; collective), with no type until one is set.
    #[doc(alias = "TaoTermCreate")]
    pub fn new(comm: &Comm) -> Result<TaoTerm> {
        let mut t: sys::TaoTerm = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc registers the types and writes the object.
        check(unsafe { sys::TaoTermCreate(comm.as_raw(), &mut t) })?;
        Ok(TaoTerm::from_raw(comm.petsc(), t))
    }

    /// The same as [`new`](Self::new) (petsc4py's `create`).
    #[deprecated(
        since = "0.2.0",
        note = "use `TaoTerm::new` (constructors are `new`/`new_*`)"
    )]
    #[doc(alias = "TaoTermCreate")]
    pub fn create(comm: &Comm) -> Result<TaoTerm> {
        TaoTerm::new(comm)
    }

    crate::methods![for TaoTerm;
        /// Prepares the term (`TaoTermSetUp`; collective): its type and the layout of
        /// its solution must be set.
        pub fn set_up(&mut self) = TaoTermSetUp as "TaoTermSetUp";
    ];

    /// Gives the layout of the solution vectors the term is evaluated at
    /// (`TaoTermSetSolutionTemplate`; collective): `x`'s sizes and type. A vector on
    /// another communicator is an `Err`.
    #[doc(alias = "TaoTermSetSolutionTemplate")]
    pub fn set_solution_template(&mut self, x: &Vector) -> Result<()> {
        if !self.comm().congruent(&x.comm()) {
            return Err(Error::invalid(
                "TaoTerm::set_solution_template",
                "the vector is on another communicator than the term",
            ));
        }
        // SAFETY: live term and vector; PETSc copies the layout.
        check(unsafe { sys::TaoTermSetSolutionTemplate(self.ptr, x.as_raw()) })
    }

    /// The value of the term at `x` with parameters `params` (`TaoTermComputeObjective`;
    /// collective): `None` for the types whose parameters are optional (then zero).
    /// Vectors of another layout than the term's are `Err`s on every rank.
    #[doc(alias = "TaoTermComputeObjective")]
    pub fn compute_objective(&self, x: &Vector, params: Option<&Vector>) -> Result<Real> {
        const CTX: &str = "TaoTerm::compute_objective";
        let local = (|| {
            for (what, v, get) in [
                ("x", Some(x), sys::TaoTermGetSolutionSizes as Sizes),
                ("params", params, sys::TaoTermGetParametersSizes as Sizes),
            ] {
                let Some(v) = v else { continue };
                let (mut n, mut big, mut bs): (Int, Int, Int) = (0, 0, 0);
                // SAFETY: live term; PETSc writes the sizes it was given.
                check(unsafe { get(self.ptr, &mut n, &mut big, &mut bs) })?;
                let (vn, vbig) = (v.local_size()?, v.size()?);
                if (vn, vbig) != (n, big) {
                    return Err(Error::size_mismatch(
                        CTX,
                        format!(
                            "{what} has {vn} entries on this rank and {vbig} in all; the \
                             term's layout has {n} and {big}"
                        ),
                    ));
                }
            }
            Ok(())
        })();
        self.comm().agree(CTX, local)?;
        let _x = x.borrow_shared(CTX)?;
        let _p = params.map(|p| p.borrow_shared(CTX)).transpose()?;
        let mut value: Real = 0.0;
        // SAFETY: live term and vectors (PETSc checks their layouts against the
        // term's); PETSc writes the value.
        check(unsafe {
            sys::TaoTermComputeObjective(
                self.ptr,
                x.as_raw(),
                params.map_or(std::ptr::null_mut(), |p| p.as_raw()),
                &mut value,
            )
        })?;
        Ok(value)
    }
}
