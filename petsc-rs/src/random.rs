//! Random number generators (`PetscRandom`).
//!
//! Reproducibility: a generator draws the same sequence for the same type, seed and
//! interval. PETSc gives a new generator a seed that depends on its rank, so without
//! [`Random::set_seed`] each rank draws its own sequence; after `set_seed(s)` every rank
//! draws the same sequence. [`Vector::set_random`](crate::Vector::set_random) fills each
//! rank's entries from that rank's generator, in order, so a random vector is the same
//! from run to run for the same seed and the same number of ranks, but changes with the
//! number of ranks (the entries each rank owns change).

use std::os::raw::c_char;

use petsc_sys as sys;

use crate::comm::Comm;
use crate::error::{Error, Result, check};
use crate::object::{petsc_handle, type_enum};
use crate::scalar::{Real, Scalar};

/// PETSc's seed: a C `unsigned long` up to 3.22, a `PetscInt64` from 3.23.
#[cfg(not(petsc_3_23))]
type Seed = std::os::raw::c_ulong;
#[cfg(not(petsc_3_23))]
const SEED_TYPE: &str = "a C unsigned long";
#[cfg(petsc_3_23)]
type Seed = i64;
#[cfg(petsc_3_23)]
const SEED_TYPE: &str = "PetscInt64";

petsc_handle!(
    /// A random number generator (`PetscRandom`) on a communicator.
    ///
    /// ```
    /// use petsc::Random;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut r = Random::new(&petsc.self_comm())?;
    /// r.set_interval(2.0, 3.0)?;
    /// r.set_seed(7)?;
    /// let a: Vec<f64> = (0..5).map(|_| r.next_value_real()).collect::<Result<_, _>>()?;
    /// assert!(a.iter().all(|v| (2.0..3.0).contains(v)));
    /// r.set_seed(7)?; // the same seed, the same values
    /// let b: Vec<f64> = (0..5).map(|_| r.next_value_real()).collect::<Result<_, _>>()?;
    /// assert_eq!(a, b);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    Random,
    sys::PetscRandom,
    sys::PetscRandomDestroy
);

type_enum!(
/// Random generator types (`PetscRandomType`); [`RandomType::Other`] names any
/// registered type.
///
/// ```
/// use petsc::RandomType;
/// assert_eq!(RandomType::Rander48.as_str(), "rander48");
/// ```
RandomType {
    Rand = "rand" "The C library's `rand()`.",
    Rand48 = "rand48" "The C library's `drand48()`.",
    Rander48 = "rander48" "PETSc's own 48-bit generator, the default (the same values on every \
        platform).",
    Random123 = "random123" "Counter-based Random123, when PETSc was built with it.",
});

// PetscRandom has no prefix functions of its own: the object ones are the same.
unsafe fn set_prefix(r: sys::PetscRandom, p: *const c_char) -> sys::PetscErrorCode {
    // SAFETY: the caller passes a live generator and a NUL-terminated string.
    unsafe { sys::PetscObjectSetOptionsPrefix(r as sys::PetscObject, p) }
}

unsafe fn append_prefix(r: sys::PetscRandom, p: *const c_char) -> sys::PetscErrorCode {
    // SAFETY: as in `set_prefix`.
    unsafe { sys::PetscObjectAppendOptionsPrefix(r as sys::PetscObject, p) }
}

unsafe fn get_prefix(r: sys::PetscRandom, p: *mut *const c_char) -> sys::PetscErrorCode {
    // SAFETY: the caller passes a live generator and a place for the pointer.
    unsafe { sys::PetscObjectGetOptionsPrefix(r as sys::PetscObject, p) }
}

crate::class_methods! {
    Random: RandomType, "PetscRandom", sys::PetscRandomList,
    example = "let mut obj = petsc::Random::new(&petsc.self_comm())?;", a_type = "rand48",
    inner = "",
    set_type = sys::PetscRandomSetType as "PetscRandomSetType",
    set_options_prefix = set_prefix as "PetscObjectSetOptionsPrefix",
    append_options_prefix = append_prefix as "PetscObjectAppendOptionsPrefix",
    options_prefix = get_prefix as "PetscObjectGetOptionsPrefix",
    set_from_options = sys::PetscRandomSetFromOptions as "PetscRandomSetFromOptions",
}

impl Random {
    /// A generator on `comm` (`PetscRandomCreate`) of the default type (`rander48`),
    /// drawing from `[0, 1)`, seeded by rank.
    #[doc(alias = "PetscRandomCreate")]
    pub fn new(comm: &Comm) -> Result<Random> {
        let mut r: sys::PetscRandom = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new object.
        check(unsafe { sys::PetscRandomCreate(comm.as_raw(), &mut r) })?;
        let mut r = Random::from_raw(comm.petsc(), r);
        // A generator without a type draws nothing; give it PETSc's default now.
        if r.ty()?.is_none() {
            r.set_type(RandomType::Rander48)?;
        }
        Ok(r)
    }

    /// The seed (`PetscRandomGetSeed`).
    #[doc(alias = "PetscRandomGetSeed")]
    pub fn seed(&self) -> Result<u64> {
        let mut s: Seed = 0;
        // SAFETY: live generator.
        check(unsafe { sys::PetscRandomGetSeed(self.ptr, &mut s) })?;
        // The seed's bits (PETSc 3.23 and later keep them in a signed 64-bit integer).
        Ok(s as u64)
    }

    /// Sets the seed and restarts the sequence from it (`PetscRandomSetSeed`, then
    /// `PetscRandomSeed`, as petsc4py's `setSeed` does).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut r = petsc::Random::new(&petsc.self_comm())?;
    /// r.set_seed(123)?;
    /// assert_eq!(r.seed()?, 123);
    /// let a = r.next_value()?;
    /// r.reseed()?;
    /// assert_eq!(r.next_value()?, a);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscRandomSetSeed")]
    pub fn set_seed(&mut self, seed: u64) -> Result<()> {
        let s = Seed::try_from(seed).map_err(|_| {
            Error::out_of_range(
                "Random::set_seed",
                format!("seed {seed} does not fit PETSc's seed ({SEED_TYPE})"),
            )
        })?;
        // SAFETY: live generator.
        check(unsafe { sys::PetscRandomSetSeed(self.ptr, s) })?;
        self.reseed()
    }

    crate::methods![for Random;
        /// Restarts the sequence from the current seed (`PetscRandomSeed`).
        pub fn reseed(&mut self) = PetscRandomSeed as "PetscRandomSeed";
    ];

    /// The interval values are drawn from, `[low, high)` (`PetscRandomGetInterval`).
    #[doc(alias = "PetscRandomGetInterval")]
    pub fn interval(&self) -> Result<(Scalar, Scalar)> {
        let (mut lo, mut hi) = (Scalar::default(), Scalar::default());
        // SAFETY: live generator.
        check(unsafe { sys::PetscRandomGetInterval(self.ptr, &mut lo, &mut hi) })?;
        Ok((lo, hi))
    }

    /// Sets the interval `[low, high)` values are drawn from (`PetscRandomSetInterval`;
    /// with complex scalars, real and imaginary parts are drawn from the intervals of
    /// the parts). `low` must be below `high` (real parts), and both finite: otherwise
    /// an `Err`, and the interval is unchanged.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut r = petsc::Random::new(&petsc.self_comm())?;
    /// r.set_interval(-1.0, 1.0)?;
    /// assert_eq!(r.interval()?, (-1.0, 1.0));
    /// assert!(r.set_interval(1.0, 1.0).is_err());
    /// assert!(r.set_interval(0.0, f64::NAN).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscRandomSetInterval")]
    pub fn set_interval(&mut self, low: impl Into<Scalar>, high: impl Into<Scalar>) -> Result<()> {
        let (low, high) = (low.into(), high.into());
        let finite = low.is_finite() && high.is_finite();
        if !finite || real_part(low) >= real_part(high) {
            return Err(Error::invalid(
                "Random::set_interval",
                format!("the interval [{low}, {high}) is empty or not finite"),
            ));
        }
        // SAFETY: live generator; the scalars are passed by value as the C prototype
        // takes them.
        check(unsafe { sys::PetscRandomSetInterval(self.ptr, low, high) })
    }

    crate::methods![for Random;
        /// The next value (`PetscRandomGetValue`).
        pub fn next_value(&mut self) -> Scalar = PetscRandomGetValue as "PetscRandomGetValue";

        /// The next value, real even with complex scalars, drawn from the real parts of
        /// the interval (`PetscRandomGetValueReal`).
        pub fn next_value_real(&mut self) -> Real
            = PetscRandomGetValueReal as "PetscRandomGetValueReal";
    ];

    /// The next `n` values (`PetscRandomGetValues`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut r = petsc::Random::new(&petsc.self_comm())?;
    /// assert_eq!(r.next_values(4)?.len(), 4);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscRandomGetValues")]
    pub fn next_values(&mut self, n: usize) -> Result<std::vec::Vec<Scalar>> {
        let mut v = vec![Scalar::default(); n];
        if n == 0 {
            return Ok(v);
        }
        let count = crate::scalar::Int::try_from(n).map_err(|_| {
            Error::out_of_range(
                "Random::values",
                format!("{n} values are more than PetscInt holds"),
            )
        })?;
        // SAFETY: live generator; `v` has room for `n` values.
        check(unsafe { sys::PetscRandomGetValues(self.ptr, count, v.as_mut_ptr()) })?;
        Ok(v)
    }
}

#[cfg(not(petsc_complex))]
fn real_part(v: Scalar) -> Real {
    v
}

#[cfg(petsc_complex)]
fn real_part(v: Scalar) -> Real {
    v.re
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl Random {
    /// The former name of [`next_value`](Self::next_value).
    #[deprecated(
        since = "0.2.0",
        note = "use `Random::next_value` (a draw, not a getter: `next_*` as an iterator's `next`)"
    )]
    pub fn get_value(&mut self) -> Result<Scalar> {
        self.next_value()
    }

    /// The former name of [`next_value_real`](Self::next_value_real).
    #[deprecated(
        since = "0.2.0",
        note = "use `Random::next_value_real` (a draw, not a getter: `next_*` as an iterator's `next`)"
    )]
    pub fn get_value_real(&mut self) -> Result<Real> {
        self.next_value_real()
    }

    /// The former name of [`next_values`](Self::next_values).
    #[deprecated(
        since = "0.2.0",
        note = "use `Random::next_values` (a draw, not a getter: `next_*` as an iterator's `next`)"
    )]
    pub fn get_values(&mut self, n: usize) -> Result<std::vec::Vec<Scalar>> {
        self.next_values(n)
    }
}
