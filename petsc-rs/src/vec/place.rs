//! A caller's array as a vector's entries for a while (`VecPlaceArray`/`VecResetArray`).
//!
//! PETSc keeps the pointer it is given until `VecResetArray`. A guard that reset it when
//! dropped would not be sound: `std::mem::forget` is safe, and a forgotten guard would
//! leave the vector writing into the slice after its borrow ended. So the array is
//! placed for the length of each of the guard's calls only, and reset before the call
//! returns (during unwinding too); between calls the vector has its own array again.
//! Through the guard, every operation reads and writes the caller's array, as with
//! `VecPlaceArray`; forgetting the guard leaves nothing behind.

use petsc_sys as sys;

use super::Vector;
use crate::borrow::{self, Pin};
use crate::error::{Error, Result, check, record_destroy};
use crate::object::Object;
use crate::scalar::Scalar;

impl Vector {
    /// Lends `array` to the vector as its entries on this rank (`VecPlaceArray`):
    /// through the returned guard the vector's operations read and write `array`
    /// instead of the vector's own storage, with no copy in either direction, until
    /// the guard is dropped (`VecResetArray`; see [`PlacedArray`] for how).
    ///
    /// `array.len()` must be the local size, or, for a ghosted vector, the size of its
    /// local form (owned entries, then ghosts); vectors other than `seq` and `mpi` ones
    /// are refused. Not collective.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut x = petsc::Vector::new_seq(&c, 3)?;
    /// x.set(0.0)?;
    /// let mut mine = [1.0, 2.0, 3.0];
    /// {
    ///     let mut p = x.place_array(&mut mine)?;
    ///     assert_eq!(p.with(|v| v.sum())??, 6.0);
    ///     p.scale(2.0)?; // writes into `mine`
    ///     p.view_mut()[0] = -1.0;
    ///     assert_eq!(p.with(|v| v.norm(petsc::NormType::Infinity))??, 6.0);
    /// }
    /// assert_eq!(mine, [-1.0, 4.0, 6.0]);
    /// assert_eq!(x.sum()?, 0.0); // its own entries again
    /// assert!(x.place_array(&mut [0.0; 2]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecPlaceArray")]
    pub fn place_array<'a>(&'a mut self, array: &'a mut [Scalar]) -> Result<PlacedArray<'a>> {
        const CTX: &str = "Vector::place_array";
        check_placeable(self, CTX, array.len())?;
        borrow::check_writable_via(self.ptr as sys::PetscObject, Some(self.handle_id()), CTX)?;
        Ok(PlacedArray { vec: self, array })
    }

    /// Ends a placement (`VecResetArray`; petsc4py's `resetArray`) and gives the slice
    /// back: the same as dropping the guard. The vector has its own entries again.
    #[doc(alias = "VecResetArray")]
    pub fn reset_array<'a>(placed: PlacedArray<'a>) -> &'a mut [Scalar] {
        placed.reset()
    }
}

/// The number of entries a caller's array must have for `v`; an `Err` for a type
/// whose array cannot be placed and given back reliably, or another length.
fn check_placeable(v: &Vector, context: &str, len: usize) -> Result<()> {
    let ty = v.type_name()?;
    if ty != "seq" && ty != "mpi" {
        return Err(Error::invalid(
            context,
            format!("the vector has type '{ty}'; only 'seq' and 'mpi' vectors take an array"),
        ));
    }
    let mut need = v.local_size()?;
    if ty == "mpi" {
        // A ghosted vector places the array in its local form too.
        let mut l: sys::Vec = std::ptr::null_mut();
        // SAFETY: live `mpi` vector; PETSc returns its local form with a new reference,
        // or null.
        check(unsafe { sys::VecGhostGetLocalForm(v.ptr, &mut l) })?;
        if !l.is_null() {
            // SAFETY: live local form.
            let r = check(unsafe { sys::VecGetSize(l, &mut need) });
            // SAFETY: gives back the reference VecGhostGetLocalForm took.
            record_destroy(unsafe { sys::VecGhostRestoreLocalForm(v.ptr, &mut l) });
            r?;
        }
    }
    if len as u64 != need as u64 {
        return Err(Error::size_mismatch(
            context,
            format!(
                "the array has {len} entries but the vector needs {need} on this rank \
                 (its local size{})",
                if ty == "mpi" { ", with its ghosts" } else { "" }
            ),
        ));
    }
    Ok(())
}

/// A caller's array lent to a vector ([`Vector::place_array`]): the vector's
/// operations through this guard read and write the array.
///
/// PETSc holds the array only during each call (it is placed at the start and reset
/// before the call returns), so the guard can be dropped or forgotten at any time, and
/// between calls the vector, seen through another handle, has its own entries. During
/// [`with`](Self::with) the vector is reachable only through the `&Vector` the closure
/// gets: every other handle to it is refused.
pub struct PlacedArray<'a> {
    vec: &'a mut Vector,
    array: &'a mut [Scalar],
}

/// The array placed in `vec` for one call, reset when dropped (during unwinding too).
struct Placement {
    vec: sys::Vec,
}

impl Placement {
    /// # Safety
    /// `vec` is a live `seq` or `mpi` vector with no array placed and no view alive,
    /// and `array` has the entries it needs (see [`check_placeable`]) and outlives the
    /// placement.
    unsafe fn new(vec: sys::Vec, array: &mut [Scalar]) -> Result<Placement> {
        // SAFETY: the caller's guarantees.
        check(unsafe { sys::VecPlaceArray(vec, array.as_mut_ptr()) })?;
        Ok(Placement { vec })
    }
}

impl Drop for Placement {
    fn drop(&mut self) {
        // Anything still borrowing the entries now was leaked (`std::mem::forget`)
        // holding a pointer into the caller's array; so could PETSc be (a forgotten
        // scatter). The array's borrow ends when the call returns, so going on would be
        // undefined behavior.
        if borrow::is_borrowed(self.vec as sys::PetscObject) {
            abort("a view or guard of the vector was forgotten while it held the caller's array");
        }
        // SAFETY: the vector whose array `new` placed; no view of it is alive.
        if unsafe { sys::VecResetArray(self.vec) } != 0 {
            abort("VecResetArray failed");
        }
    }
}

fn abort(why: &str) -> ! {
    eprintln!(
        "petsc-rs: PlacedArray: {why}; the vector would keep pointing into a slice whose \
         borrow ends, so the process stops"
    );
    std::process::abort()
}

impl<'a> PlacedArray<'a> {
    /// Places the array, runs `f` with the vector, and resets the array.
    fn placed<R>(&mut self, context: &str, f: impl FnOnce(&mut Vector) -> Result<R>) -> Result<R> {
        check_placeable(self.vec, context, self.array.len())?;
        borrow::check_writable_via(
            self.vec.ptr as sys::PetscObject,
            Some(self.vec.handle_id()),
            context,
        )?;
        // SAFETY: a `seq` or `mpi` vector (checked) with no array placed (placements
        // last one call) and no view alive (checked); the array has the length it
        // needs and is borrowed for 'a.
        let placement = unsafe { Placement::new(self.vec.ptr, self.array) }?;
        let r = f(self.vec);
        drop(placement);
        r
    }

    /// Runs `f` with the vector reading the caller's array: any method of a `&Vector`,
    /// or any call taking one (a right-hand side, a matrix product's input, a scatter's
    /// source). Meanwhile every other handle to the vector is refused (`Err`), and
    /// nothing `f` borrows from the vector can outlive the closure (forgetting such a
    /// view with `std::mem::forget` stops the process: the vector's pointer to the
    /// array could outlive its borrow). An object that keeps a reference to the vector
    /// (a solver's right-hand side) sees its own entries again after `f`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut x = petsc::Vector::new_seq(&c, 2)?;
    /// let mut y = x.duplicate()?;
    /// let mut data = [3.0, 4.0];
    /// let mut p = x.place_array(&mut data)?;
    /// let norm = p.with(|v| {
    ///     y.copy_from(v)?;
    ///     v.norm(petsc::NormType::Two)
    /// })??;
    /// assert_eq!((norm, y.sum()?), (5.0, 7.0));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn with<R>(&mut self, f: impl FnOnce(&Vector) -> R) -> Result<R> {
        const CTX: &str = "PlacedArray::with";
        let obj = self.vec.ptr as sys::PetscObject;
        let handle = self.vec.handle_id();
        self.placed(CTX, |v| {
            let _pin = Pin::new(obj, handle, CTX)?;
            Ok(f(v))
        })
    }

    /// The caller's array (this rank's entries), read-only.
    pub fn view(&self) -> &[Scalar] {
        &*self.array
    }

    /// The caller's array (this rank's entries), writable.
    pub fn view_mut(&mut self) -> &mut [Scalar] {
        &mut *self.array
    }

    /// Sets every entry.
    pub fn set(&mut self, alpha: impl Into<Scalar>) -> Result<()> {
        let alpha = alpha.into();
        self.placed("PlacedArray::set", |v| v.set(alpha))
    }

    /// `self = alpha * self`.
    pub fn scale(&mut self, alpha: impl Into<Scalar>) -> Result<()> {
        let alpha = alpha.into();
        self.placed("PlacedArray::scale", |v| v.scale(alpha))
    }

    /// `self += alpha` entrywise.
    pub fn shift(&mut self, alpha: impl Into<Scalar>) -> Result<()> {
        let alpha = alpha.into();
        self.placed("PlacedArray::shift", |v| v.shift(alpha))
    }

    /// `self = alpha * x + self`.
    pub fn axpy(&mut self, alpha: impl Into<Scalar>, x: &Vector) -> Result<()> {
        let alpha = alpha.into();
        self.placed("PlacedArray::axpy", |v| v.axpy(alpha, x))
    }

    /// `self = x + beta * self`.
    pub fn aypx(&mut self, beta: impl Into<Scalar>, x: &Vector) -> Result<()> {
        let beta = beta.into();
        self.placed("PlacedArray::aypx", |v| v.aypx(beta, x))
    }

    /// `self = alpha * x + beta * self`.
    pub fn axpby(
        &mut self,
        alpha: impl Into<Scalar>,
        beta: impl Into<Scalar>,
        x: &Vector,
    ) -> Result<()> {
        let (alpha, beta) = (alpha.into(), beta.into());
        self.placed("PlacedArray::axpby", |v| v.axpby(alpha, beta, x))
    }

    /// `self = x .* y` entrywise.
    pub fn pointwise_mult(&mut self, x: &Vector, y: &Vector) -> Result<()> {
        self.placed("PlacedArray::pointwise_mult", |v| v.pointwise_mult(x, y))
    }

    /// Copies the values of `x` (laid out like the vector) into the array.
    pub fn copy_from(&mut self, x: &Vector) -> Result<()> {
        self.placed("PlacedArray::copy_from", |v| v.copy_from(x))
    }

    /// Ends the placement and gives the slice back; the same as dropping the guard.
    #[doc(alias = "VecResetArray")]
    pub fn reset(self) -> &'a mut [Scalar] {
        self.array
    }
}

impl std::fmt::Debug for PlacedArray<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlacedArray")
            .field("vec", &self.vec)
            .field("len", &self.array.len())
            .finish()
    }
}
