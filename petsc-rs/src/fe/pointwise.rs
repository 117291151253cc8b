//! Pointwise functions: the integrands of a finite element problem.
//!
//! PETSc assembles a residual `F(u) = ∫ f0(u, ∇u) v + f1(u, ∇u) · ∇v` and its Jacobian
//! from four kinds of *pointwise functions* per pair of fields (`g0`, `g1`, `g2`, `g3`:
//! the derivatives of `f0` and `f1` by `u` and `∇u`), which it calls at every quadrature
//! point of every cell (`PetscDSSetResidual`, `PetscDSSetJacobian`).
//!
//! # The model
//!
//! PETSc calls them with **no user context** (`PetscPointFunc` has no `void *ctx`), so a
//! Rust closure cannot be found through one. Here a pointwise function is any
//! `Fn(&QuadPoint, &mut [Scalar]) + Copy + 'static` that **captures nothing** (a
//! closure without captures, or a `fn` item): it is zero-sized, which the setter checks
//! at compile time. Each setter instantiates, for that function's type, an
//! `extern "C"` trampoline that PETSc calls; the trampoline makes the (zero-sized)
//! function out of its type alone, so no context is needed. Values the function needs
//! go through [`DiscreteSystem::set_constants`](crate::DiscreteSystem::set_constants) (read with
//! [`QuadPoint::constants`]) or auxiliary fields, as in C.
//!
//! The field (and for the Jacobian, the pair of fields) is a const parameter of the
//! setter, `ds.set_residual::<0>(f0, f1)`, because PETSc does not tell the function
//! which field it is called for; with it, the trampoline computes the length of the
//! output from PETSc's own component offsets at every call. The function sees:
//!
//! - a [`QuadPoint`]: the dimension, the field values `u(f)`, their gradients `u_x(f)`
//!   (`u_x(f)[c * dim + d]` is `∂u_c/∂x_d`), time derivatives `u_t(f)`, auxiliary
//!   fields `a(f)`, `a_x(f)`, the time, the coordinates `x()` and the constants, all as
//!   slices of exactly the lengths PETSc gives;
//! - an `&mut [Scalar]` for its output, of exactly the length PETSc reads: `Nc` for
//!   `f0`, `Nc * dim` for `f1` (`f1[c * dim + d]`), `Nc_f * Nc_g` for `g0`,
//!   `Nc_f * Nc_g * dim` for `g1` and `g2`, `Nc_f * Nc_g * dim * dim` for `g3`
//!   (`g3[((fc * Nc_g + gc) * dim + df) * dim + dg]`). PETSc zeroes it before the call.
//!
//! Pass [`no_term`] for a term that is zero (C's `NULL`): PETSc then skips it.
//!
//! # Failures
//!
//! A pointwise function returns nothing, in C as here. A panic inside one is caught
//! (nothing unwinds into PETSc); its output is filled with NaN, so the residual (or
//! Jacobian) PETSc assembles is not a number and the solve stops; the panic's message is
//! kept, and the call that started the assembly ([`Snes::solve`](crate::Snes::solve),
//! a residual evaluation) returns it as [`Error::CallbackPanic`](crate::Error) naming
//! the function (`pointwise residual f0 of field 0`). The solver is usable again
//! afterwards. On several ranks, the ranks where the function did not panic see the
//! solve fail (its residual norm is NaN) with no Rust error.
//!
//! ```
//! use petsc::{CellKind, DiscreteSystem, Fe, QuadPoint, Scalar};
//! let petsc = petsc::Petsc::init()?;
//! let c = petsc.self_comm();
//! let mut ds = DiscreteSystem::new(&c)?;
//! ds.set_discretization(0, &Fe::builder(&c, 2, 1).cell(CellKind::Simplex).degree(1).build()?)?;
//! // f1 = k ∇u with k from the constants.
//! ds.set_constants(&[Scalar::from(2.0)])?;
//! ds.set_residual::<0>(petsc::no_term, |q: &QuadPoint, f1: &mut [Scalar]| {
//!     let k = q.constants()[0];
//!     for (f, du) in f1.iter_mut().zip(q.u_x(0)) {
//!         *f = k * du;
//!     }
//! })?;
//! // Field 1 does not exist.
//! assert!(ds.set_residual::<1>(petsc::no_term, petsc::no_term).is_err());
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! A closure that captures a variable does not compile (the zero-size assertion fails):
//!
//! ```compile_fail,E0080
//! # use petsc::{DiscreteSystem, QuadPoint, Scalar};
//! # let petsc = petsc::Petsc::init().unwrap();
//! # let mut ds = DiscreteSystem::new(&petsc.self_comm()).unwrap();
//! let k = Scalar::from(2.0);
//! ds.set_residual::<0>(move |_: &QuadPoint, f0: &mut [Scalar]| f0[0] = k, petsc::no_term);
//! ```

use std::any::TypeId;
use std::panic::{AssertUnwindSafe, catch_unwind};

use petsc_sys as sys;

use crate::error::{Error, has_pending, record_pending, take_panic};
use crate::scalar::{Int, Real, Scalar};

/// What PETSc gives a pointwise function at one quadrature point, as slices of the
/// lengths PETSc gives (see the [module documentation](self)).
///
/// Fields are numbered as in the [`DiscreteSystem`](crate::DiscreteSystem); asking for a field that does not
/// exist panics (which fails the solve with that message).
#[derive(Debug, Clone, Copy)]
pub struct QuadPoint<'a> {
    dim: usize,
    u_off: &'a [Int],
    u_off_x: &'a [Int],
    u: &'a [Scalar],
    u_t: Option<&'a [Scalar]>,
    u_x: &'a [Scalar],
    a_off: &'a [Int],
    a_off_x: &'a [Int],
    a: &'a [Scalar],
    a_x: &'a [Scalar],
    t: Real,
    u_t_shift: Real,
    x: &'a [Real],
    constants: &'a [Scalar],
}

/// The part of `values` that `offsets` give to `field`.
fn part<'a, T>(what: &str, values: &'a [T], offsets: &[Int], field: usize) -> &'a [T] {
    let n = offsets.len().saturating_sub(1);
    assert!(
        field < n,
        "{what}: field {field} does not exist (the problem has {n} fields)"
    );
    let at = |i: usize| usize::try_from(offsets[i]).unwrap_or(usize::MAX);
    &values[at(field)..at(field + 1)]
}

impl<'a> QuadPoint<'a> {
    /// The dimension of the cell (and of gradients).
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// The number of fields.
    pub fn num_fields(&self) -> usize {
        self.u_off.len().saturating_sub(1)
    }

    /// The values of field `field`'s components.
    pub fn u(&self, field: usize) -> &'a [Scalar] {
        part("QuadPoint::u", self.u, self.u_off, field)
    }

    /// The values of every field, one after the other.
    pub fn u_all(&self) -> &'a [Scalar] {
        self.u
    }

    /// The gradient of field `field`: `u_x(f)[c * dim + d]` is `∂u_c/∂x_d`.
    pub fn u_x(&self, field: usize) -> &'a [Scalar] {
        part("QuadPoint::u_x", self.u_x, self.u_off_x, field)
    }

    /// The time derivative of field `field`, when PETSc gives one (time-dependent
    /// problems).
    pub fn u_t(&self, field: usize) -> Option<&'a [Scalar]> {
        self.u_t
            .map(|ut| part("QuadPoint::u_t", ut, self.u_off, field))
    }

    /// The number of auxiliary fields.
    pub fn num_aux_fields(&self) -> usize {
        self.a_off.len().saturating_sub(1)
    }

    /// The values of auxiliary field `field`.
    pub fn a(&self, field: usize) -> &'a [Scalar] {
        part("QuadPoint::a", self.a, self.a_off, field)
    }

    /// The gradient of auxiliary field `field`.
    pub fn a_x(&self, field: usize) -> &'a [Scalar] {
        part("QuadPoint::a_x", self.a_x, self.a_off_x, field)
    }

    /// The time.
    pub fn t(&self) -> Real {
        self.t
    }

    /// The shift `σ` of `∂u_t/∂u` in an implicit time step (0 for residuals).
    pub fn u_t_shift(&self) -> Real {
        self.u_t_shift
    }

    /// The coordinates of the point (`dim` of them).
    pub fn x(&self) -> &'a [Real] {
        self.x
    }

    /// The problem's constants ([`DiscreteSystem::set_constants`](crate::DiscreteSystem::set_constants)).
    pub fn constants(&self) -> &'a [Scalar] {
        self.constants
    }

    /// The number of components of `field`, if it exists.
    fn components(&self, field: usize) -> Option<usize> {
        let lo = usize::try_from(*self.u_off.get(field)?).ok()?;
        let hi = usize::try_from(*self.u_off.get(field + 1)?).ok()?;
        hi.checked_sub(lo)
    }
}

/// The pointwise function of a term that is zero (C's `NULL`): PETSc skips it.
///
/// ```
/// let petsc = petsc::Petsc::init()?;
/// let c = petsc.self_comm();
/// let mut ds = petsc::DiscreteSystem::new(&c)?;
/// ds.set_discretization(0, &petsc::Fe::builder(&c, 1, 1).cell(petsc::CellKind::Simplex).degree(1).build()?)?;
/// ds.set_jacobian::<0, 0>(petsc::no_term, petsc::no_term, petsc::no_term, petsc::no_term)?;
/// # Ok::<(), petsc::Error>(())
/// ```
pub fn no_term(_: &QuadPoint<'_>, _: &mut [Scalar]) {}

/// Whether `F` is [`no_term`]'s type.
fn is_no_term<F: 'static>() -> bool {
    fn type_of<T: 'static>(_: &T) -> TypeId {
        TypeId::of::<T>()
    }
    TypeId::of::<F>() == type_of(&no_term)
}

/// Holds the compile-time check that a pointwise function captures nothing.
struct ZeroSized<F>(std::marker::PhantomData<F>);

impl<F> ZeroSized<F> {
    const CHECK: () = assert!(
        std::mem::size_of::<F>() == 0,
        "a pointwise function must capture nothing: PETSc calls it without a context \
         (pass values through DiscreteSystem::set_constants or auxiliary fields)"
    );
}

/// The value of the pointwise function type `F`, made from its type alone.
///
/// Only the trampolines call it, and only setters that were given a value of `F`
/// install them.
fn conjure<F: Fn(&QuadPoint<'_>, &mut [Scalar]) + Copy + 'static>() -> F {
    let () = ZeroSized::<F>::CHECK;
    // SAFETY: `F` is zero-sized (checked at compile time above), so a read through a
    // dangling, aligned pointer reads no memory; it is `Copy`, so another value of it
    // duplicates nothing that owns a resource; and the setter that installed the
    // trampoline calling this was given a value of `F`, so the type is inhabited.
    unsafe { std::ptr::NonNull::<F>::dangling().as_ptr().read() }
}

/// Runs `f` on one point: a panic is caught, fills `out` with NaN and is kept for the
/// PETSc call that started the assembly.
fn run_point<F: Fn(&QuadPoint<'_>, &mut [Scalar])>(
    name: impl FnOnce() -> String,
    f: F,
    q: &QuadPoint<'_>,
    out: &mut [Scalar],
) {
    // After one point failed, the others only spoil their output: the assembly is lost
    // anyway, and the panic is reported once.
    if has_pending() {
        out.fill(Scalar::from(Real::NAN));
        return;
    }
    if let Err(payload) = catch_unwind(AssertUnwindSafe(|| f(q, out))) {
        out.fill(Scalar::from(Real::NAN));
        record_pending(Error::CallbackPanic {
            callback: name(),
            message: take_panic(payload),
        });
    }
}

/// The raw arguments PETSc passes to every pointwise function.
struct Raw {
    dim: Int,
    nf: Int,
    nf_aux: Int,
    u_off: *const Int,
    u_off_x: *const Int,
    u: *const Scalar,
    u_t: *const Scalar,
    u_x: *const Scalar,
    a_off: *const Int,
    a_off_x: *const Int,
    a: *const Scalar,
    a_x: *const Scalar,
    t: Real,
    u_t_shift: Real,
    x: *const Real,
    nconst: Int,
    constants: *const Scalar,
}

/// `n` values at `p` (nothing for a null pointer or `n == 0`).
///
/// # Safety
/// A non-null `p` must point to `n` values that live and stay unchanged for `'a`.
unsafe fn slice<'a, T>(p: *const T, n: usize) -> &'a [T] {
    if p.is_null() || n == 0 {
        &[]
    } else {
        // SAFETY: the caller's guarantee.
        unsafe { std::slice::from_raw_parts(p, n) }
    }
}

/// The last of `offsets` (the total length), 0 if none or negative.
fn total(offsets: &[Int]) -> usize {
    offsets
        .last()
        .and_then(|&n| usize::try_from(n).ok())
        .unwrap_or(0)
}

impl Raw {
    /// The arguments as slices.
    ///
    /// # Safety
    /// The pointers must be those PETSc passes to a pointwise function, valid for the
    /// length of the call: `u_off`, `u_off_x` with `nf + 1` offsets, `u`, `u_t` (or
    /// null) with `u_off[nf]` values, `u_x` with `u_off_x[nf]`, the same for the
    /// auxiliary fields with `nf_aux` (or null), `x` with at least `dim` coordinates
    /// and `constants` with `nconst` values.
    unsafe fn point<'a>(&self) -> QuadPoint<'a> {
        let n = |k: Int| usize::try_from(k).unwrap_or(0);
        let dim = n(self.dim);
        // SAFETY: (for each) the caller's guarantee, lengths as documented above.
        let u_off: &[Int] = unsafe { slice(self.u_off, n(self.nf) + 1) };
        // SAFETY: as above.
        let u_off_x: &[Int] = unsafe { slice(self.u_off_x, n(self.nf) + 1) };
        let (a_off, a_off_x): (&[Int], &[Int]) = if self.nf_aux > 0 {
            // SAFETY: as above.
            unsafe {
                (
                    slice(self.a_off, n(self.nf_aux) + 1),
                    slice(self.a_off_x, n(self.nf_aux) + 1),
                )
            }
        } else {
            (&[], &[])
        };
        let (nu, nu_x, na, na_x) = (total(u_off), total(u_off_x), total(a_off), total(a_off_x));
        QuadPoint {
            dim,
            u_off,
            u_off_x,
            // SAFETY: as above.
            u: unsafe { slice(self.u, nu) },
            // SAFETY: as above.
            u_t: (!self.u_t.is_null()).then(|| unsafe { slice(self.u_t, nu) }),
            // SAFETY: as above.
            u_x: unsafe { slice(self.u_x, nu_x) },
            a_off,
            a_off_x,
            // SAFETY: as above.
            a: unsafe { slice(self.a, na) },
            // SAFETY: as above.
            a_x: unsafe { slice(self.a_x, na_x) },
            t: self.t,
            u_t_shift: self.u_t_shift,
            // SAFETY: as above.
            x: unsafe { slice(self.x, dim) },
            // SAFETY: as above.
            constants: unsafe { slice(self.constants, n(self.nconst)) },
        }
    }
}

/// Runs the pointwise function `F` into PETSc's output `out` of `len(q)` values, or
/// records why it cannot (`None` from `len`: the field does not exist).
///
/// # Safety
/// `raw` as in [`Raw::point`]; a non-null `out` must hold `len(q)` values for the call
/// (PETSc's buffers do: see the module documentation).
unsafe fn dispatch<F: Fn(&QuadPoint<'_>, &mut [Scalar]) + Copy + 'static>(
    raw: Raw,
    out: *mut Scalar,
    name: impl Fn() -> String,
    len: impl FnOnce(&QuadPoint<'_>) -> Option<usize>,
) {
    // SAFETY: the caller's guarantee.
    let q = unsafe { raw.point() };
    let Some(n) = len(&q) else {
        record_pending(Error::out_of_range(
            &name(),
            format!(
                "PETSc called it for a problem with {} fields",
                q.num_fields()
            ),
        ));
        return;
    };
    if out.is_null() {
        record_pending(Error::invalid(&name(), "PETSc gave no output array"));
        return;
    }
    // SAFETY: the caller's guarantee; PETSc's output does not overlap its inputs.
    let out = unsafe { std::slice::from_raw_parts_mut(out, n) };
    run_point(name, conjure::<F>(), &q, out);
}

/// `dim` to the power `k`.
fn pow(dim: usize, k: usize) -> usize {
    (0..k).fold(1, |p, _| p * dim)
}

/// The trampoline of residual term `f{TERM}` (0 or 1) of field `FIELD`
/// (`PetscPointFunc`).
#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn residual_trampoline<
    F: Fn(&QuadPoint<'_>, &mut [Scalar]) + Copy + 'static,
    const FIELD: usize,
    const TERM: usize,
>(
    dim: Int,
    nf: Int,
    nf_aux: Int,
    u_off: *const Int,
    u_off_x: *const Int,
    u: *const Scalar,
    u_t: *const Scalar,
    u_x: *const Scalar,
    a_off: *const Int,
    a_off_x: *const Int,
    a: *const Scalar,
    _a_t: *const Scalar,
    a_x: *const Scalar,
    t: Real,
    x: *const Real,
    nconst: Int,
    constants: *const Scalar,
    out: *mut Scalar,
) {
    let raw = Raw {
        dim,
        nf,
        nf_aux,
        u_off,
        u_off_x,
        u,
        u_t,
        u_x,
        a_off,
        a_off_x,
        a,
        a_x,
        t,
        u_t_shift: 0.0,
        x,
        nconst,
        constants,
    };
    // SAFETY: PETSc's arguments to a pointwise residual; its `f0` buffer holds the
    // field's components at this point, its `f1` buffer as many times `dim`.
    unsafe {
        dispatch::<F>(
            raw,
            out,
            || format!("pointwise residual f{TERM} of field {FIELD}"),
            |q| Some(q.components(FIELD)? * pow(q.dim, TERM)),
        )
    }
}

/// The trampoline of Jacobian term `g{TERM}` (0 to 3) of fields `(FI, FJ)`
/// (`PetscPointJac`).
#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn jacobian_trampoline<
    F: Fn(&QuadPoint<'_>, &mut [Scalar]) + Copy + 'static,
    const FI: usize,
    const FJ: usize,
    const TERM: usize,
>(
    dim: Int,
    nf: Int,
    nf_aux: Int,
    u_off: *const Int,
    u_off_x: *const Int,
    u: *const Scalar,
    u_t: *const Scalar,
    u_x: *const Scalar,
    a_off: *const Int,
    a_off_x: *const Int,
    a: *const Scalar,
    _a_t: *const Scalar,
    a_x: *const Scalar,
    t: Real,
    u_t_shift: Real,
    x: *const Real,
    nconst: Int,
    constants: *const Scalar,
    out: *mut Scalar,
) {
    let raw = Raw {
        dim,
        nf,
        nf_aux,
        u_off,
        u_off_x,
        u,
        u_t,
        u_x,
        a_off,
        a_off_x,
        a,
        a_x,
        t,
        u_t_shift,
        x,
        nconst,
        constants,
    };
    let k = [0, 1, 1, 2][TERM];
    // SAFETY: PETSc's arguments to a pointwise Jacobian; its `g0` to `g3` buffers hold
    // `Nc_f * Nc_g` values times `dim` to the power 0, 1, 1, 2.
    unsafe {
        dispatch::<F>(
            raw,
            out,
            || format!("pointwise Jacobian g{TERM} of fields ({FI}, {FJ})"),
            |q| Some(q.components(FI)? * q.components(FJ)? * pow(q.dim, k)),
        )
    }
}

/// The C pointer of residual term `TERM` of field `FIELD` for `f` (`None` for
/// [`no_term`]).
pub(crate) fn residual_fn<F, const FIELD: usize, const TERM: usize>(f: F) -> sys::PetscPointFunc
where
    F: Fn(&QuadPoint<'_>, &mut [Scalar]) + Copy + 'static,
{
    let () = ZeroSized::<F>::CHECK;
    let _ = f;
    if is_no_term::<F>() {
        None
    } else {
        Some(residual_trampoline::<F, FIELD, TERM>)
    }
}

/// The C pointer of Jacobian term `TERM` of fields `(FI, FJ)` for `f` (`None` for
/// [`no_term`]).
pub(crate) fn jacobian_fn<F, const FI: usize, const FJ: usize, const TERM: usize>(
    f: F,
) -> sys::PetscPointJac
where
    F: Fn(&QuadPoint<'_>, &mut [Scalar]) + Copy + 'static,
{
    let () = ZeroSized::<F>::CHECK;
    let _ = f;
    if is_no_term::<F>() {
        None
    } else {
        Some(jacobian_trampoline::<F, FI, FJ, TERM>)
    }
}
