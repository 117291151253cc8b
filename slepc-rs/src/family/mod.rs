//! What the solver families (EPS, PEP, NEP, SVD; MFN and LME in part) share, written
//! once: the eigenvalue pairs of SLEPc's callbacks, the monitor state and trampoline
//! body of the eigensolvers, the error-estimate monitors of MFN and LME, and
//! [`solver_family!`] (`methods.rs`), one declaration per class of the methods every
//! family has with the same meaning (basis, region, tolerances, dimensions, which
//! eigenpairs, target, the solve and what it found, result viewers, monitors).

use std::cell::Cell;
use std::cmp::Ordering;
use std::os::raw::c_void;

use petsc::{CallbackKind, Int, Real, Result, Scalar};
use slepc_sys as sys;

use crate::handle::parts;
use crate::stoppable::run_in_solve;

mod methods;
pub(crate) use methods::solver_family;

/// A solver's convergence tolerance and iteration limit, by name (`set_tolerances` and
/// `tolerances` of [`Eps`](crate::Eps), [`Svd`](crate::Svd), [`Pep`](crate::Pep),
/// [`Nep`](crate::Nep) and [`Mfn`](crate::Mfn); slepc4py's
/// `setTolerances(tol=, max_it=)`). A field left `None` (the [`Default`]) keeps the
/// solver's current value; read back, `None` is a value SLEPc chooses at set-up.
///
/// ```
/// let t = slepc::Tolerances { tol: Some(1e-10), ..Default::default() };
/// assert_eq!((t.tol, t.max_it), (Some(1e-10), None));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tolerances {
    /// The convergence tolerance (positive).
    pub tol: Option<Real>,
    /// The iteration limit (at least 1).
    pub max_it: Option<Int>,
}

/// How many solutions a solver computes and how large its subspace grows, by name
/// (`set_dimensions_to` and `subspace` of [`Eps`](crate::Eps), [`Svd`](crate::Svd),
/// [`Pep`](crate::Pep) and [`Nep`](crate::Nep); slepc4py's
/// `setDimensions(nev=, ncv=, mpd=)`). [`Dimensions::new`] takes the one required
/// number, the others are set by name and default to `None`: SLEPc chooses them at
/// set-up (`PETSC_DECIDE`; slepc4py's `None` keeps the current value instead). Read
/// back, `None` is a size SLEPc has not chosen yet.
///
/// ```
/// use slepc::Dimensions;
/// let d = Dimensions::new(4).ncv(20);
/// assert_eq!(d, Dimensions { wanted: 4, ncv: Some(20), mpd: None });
/// assert_eq!(Dimensions::default(), Dimensions::new(1));
/// assert_eq!(d.to_string(), "nev=4, ncv=20, mpd=default");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Dimensions {
    /// How many solutions to compute, at least 1: eigenpairs (`nev` of EPS, PEP and
    /// NEP) or singular triplets (`nsv` of SVD); at most the problem's size.
    pub wanted: Int,
    /// The largest dimension of the subspace (`ncv`), at least `wanted`; `None`: SLEPc's
    /// choice.
    pub ncv: Option<Int>,
    /// The maximum dimension of the projected problem (`mpd`), at most `ncv`; `None`:
    /// SLEPc's choice.
    pub mpd: Option<Int>,
}

impl Dimensions {
    /// `wanted` solutions, the subspace sizes left to SLEPc.
    pub fn new(wanted: Int) -> Self {
        Dimensions {
            wanted,
            ncv: None,
            mpd: None,
        }
    }

    /// The same with the subspace's largest dimension `ncv`.
    #[must_use]
    pub fn ncv(self, ncv: Int) -> Self {
        Dimensions {
            ncv: Some(ncv),
            ..self
        }
    }

    /// The same with the projected problem's maximum dimension `mpd`.
    #[must_use]
    pub fn mpd(self, mpd: Int) -> Self {
        Dimensions {
            mpd: Some(mpd),
            ..self
        }
    }
}

impl Dimensions {
    /// Refuses a size below 1, naming it (`wanted` by SLEPc's name `n`, `nev` or `nsv`,
    /// as the positional setters did).
    pub(crate) fn check(self, ctx: &str, n: &str) -> Result<()> {
        for (name, v) in [(n, Some(self.wanted)), ("ncv", self.ncv), ("mpd", self.mpd)] {
            if let Some(v) = v.filter(|v| *v < 1) {
                return Err(petsc::Error::invalid(
                    ctx,
                    format!("{name} is {v}; it must be at least 1"),
                ));
            }
        }
        Ok(())
    }

    /// The three sizes SLEPc's setters take: `PETSC_DECIDE` for `None`, which lets SLEPc
    /// choose on every version (from 3.22 on `PETSC_DEFAULT` is `PETSC_CURRENT` and
    /// keeps the sizes of an earlier solve).
    pub(crate) fn raw(self) -> (Int, Int, Int) {
        let d = sys::PETSC_DECIDE as Int;
        (self.wanted, self.ncv.unwrap_or(d), self.mpd.unwrap_or(d))
    }

    /// The sizes SLEPc's getters return; its marker of a size not chosen yet is negative.
    pub(crate) fn from_raw((wanted, ncv, mpd): (Int, Int, Int)) -> Self {
        Dimensions {
            wanted,
            ncv: Some(ncv).filter(|n| *n > 0),
            mpd: Some(mpd).filter(|n| *n > 0),
        }
    }
}

impl Default for Dimensions {
    /// One solution, the subspace sizes left to SLEPc (SLEPc's defaults).
    fn default() -> Self {
        Dimensions::new(1)
    }
}

/// `nev=4, ncv=20, mpd=10` (SLEPc's option names; `nev` for SVD's `nsv` too); a size
/// SLEPc has not chosen yet prints as `default`.
impl std::fmt::Display for Dimensions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "nev={}", self.wanted)?;
        for (name, v) in [("ncv", self.ncv), ("mpd", self.mpd)] {
            match v {
                Some(n) => write!(f, ", {name}={n}")?,
                None => write!(f, ", {name}=default")?,
            }
        }
        Ok(())
    }
}

/// `tol=1e-07, maxit=100`, as SLEPc's tutorials print their stopping condition (`%.4g`
/// for the tolerance); a value SLEPc has not chosen yet prints as `default`.
///
/// ```
/// let t = slepc::Tolerances { tol: Some(1e-7), max_it: Some(100) };
/// assert_eq!(t.to_string(), "tol=1e-07, maxit=100");
/// assert_eq!(slepc::Tolerances::default().to_string(), "tol=default, maxit=default");
/// ```
impl std::fmt::Display for Tolerances {
    // `Real` is `f32` in single-precision builds.
    #[allow(clippy::useless_conversion)]
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.tol {
            Some(t) => write!(f, "tol={:.4}", petsc::G(f64::from(t)))?,
            None => f.write_str("tol=default")?,
        }
        match self.max_it {
            Some(n) => write!(f, ", maxit={n}"),
            None => f.write_str(", maxit=default"),
        }
    }
}

/// `(re, im)` of an eigenvalue from SLEPc's `(kr, ki)` pair (in complex builds `kr`
/// holds both parts and `ki` is unused).
pub(crate) fn combine(kr: Scalar, ki: Scalar) -> (Real, Real) {
    if cfg!(slepc_complex) {
        parts(kr)
    } else {
        (parts(kr).0, parts(ki).0)
    }
}

/// An eigenvalue from SLEPc's `(kr, ki)` pair as one complex number (in complex builds
/// `kr` itself).
pub(crate) fn complex(kr: Scalar, ki: Scalar) -> petsc::Complex<Real> {
    let (re, im) = combine(kr, ki);
    petsc::Complex::new(re, im)
}

/// SLEPc's answer (`-1`, `0`, `1`) for a Rust ordering.
pub(crate) fn ordering(o: Ordering) -> Int {
    match o {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }
}

/// A copy of the `n` values SLEPc passes at `p` (defaults when `p` is null).
///
/// # Safety
/// A non-null `p` points to `n` live values.
pub(crate) unsafe fn copied<T: Copy + Default>(p: *const T, n: usize) -> Vec<T> {
    if p.is_null() || n == 0 {
        vec![T::default(); n]
    } else {
        // SAFETY: `n` live values (caller).
        unsafe { std::slice::from_raw_parts(p, n) }.to_vec()
    }
}

/// The operators `(A, B)` a solver holds, as handles with their own references; `B` is
/// `None` when `b` is null.
///
/// # Safety
/// `a` is a live matrix and `b` a live matrix or null.
pub(crate) unsafe fn operator_pair(
    petsc: &petsc::Petsc,
    a: sys::Mat,
    b: sys::Mat,
) -> Result<(petsc::Mat, Option<petsc::Mat>)> {
    // SAFETY: live matrix (caller); the handle takes a reference.
    let a = unsafe { petsc::Mat::from_raw_borrowed(petsc, a) }?;
    let b = if b.is_null() {
        None
    } else {
        // SAFETY: as above.
        Some(unsafe { petsc::Mat::from_raw_borrowed(petsc, b) }?)
    };
    Ok((a, b))
}

/// The `(shift, inertia)` pairs of spectrum slicing from the two arrays of `n` entries
/// that `EPSKrylovSchurGetInertias` or `PEPSTOARGetInertias` allocated, freeing both.
///
/// # Safety
/// `shifts` and `inertias` are null or SLEPc's allocations of `n` entries each, handed
/// to the caller (freed here).
pub(crate) unsafe fn take_inertias(
    n: Int,
    shifts: *mut Real,
    inertias: *mut Int,
) -> Result<Vec<(Real, Int)>> {
    let len = usize::try_from(n).unwrap_or(0);
    let out = if len == 0 || shifts.is_null() || inertias.is_null() {
        Vec::new()
    } else {
        // SAFETY: both arrays hold `n` entries (caller).
        let s = unsafe { std::slice::from_raw_parts(shifts, len) };
        // SAFETY: as above.
        let i = unsafe { std::slice::from_raw_parts(inertias, len) };
        s.iter().copied().zip(i.iter().copied()).collect()
    };
    // SAFETY: SLEPc's allocations (or null), handed to the caller to free.
    let r1 = petsc::ffi::check(unsafe { sys::petscrs_PetscFree(shifts.cast()) });
    // SAFETY: as above.
    let r2 = petsc::ffi::check(unsafe { sys::petscrs_PetscFree(inertias.cast()) });
    r1.and(r2)?;
    Ok(out)
}

/// What an eigensolver's monitor (EPS, PEP, NEP) sees at one iteration: the current
/// approximations (transformed back as SLEPc's own monitors print them: from the
/// spectral transformation, and for PEP the scaling) and their error estimates.
#[derive(Debug, Clone, Copy)]
pub struct EigenMonitorState<'a> {
    /// The iteration (outer restart) number, from 1.
    pub iteration: Int,
    /// How many eigenpairs have converged so far.
    pub converged: Int,
    /// Real parts of the approximate eigenvalues.
    pub re: &'a [Real],
    /// Imaginary parts (zero for real eigenvalues).
    pub im: &'a [Real],
    /// Error estimates, one per approximate eigenvalue.
    pub error_estimates: &'a [Real],
}

/// An eigensolver monitor closure as the solver stores it.
pub(crate) type EigenMonitorFn = dyn FnMut(&EigenMonitorState<'_>) -> Result<()>;

/// What a stopping test closure sees at one iteration (EPS, PEP, NEP).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StopState {
    /// The iteration number, from 1.
    pub iteration: Int,
    /// The iteration limit.
    pub max_it: Int,
    /// How many eigenpairs have converged so far.
    pub converged: Int,
    /// How many eigenpairs were requested (`nev`).
    pub requested: Int,
}

/// A convergence test closure as the solver stores it: `(re, im, residual)` to the
/// error estimate.
pub(crate) type ConvFn = dyn FnMut(Real, Real, Real) -> Result<Real>;

/// A stopping test closure as the solver stores it.
pub(crate) type StopFn<R> = dyn FnMut(&StopState) -> Result<R>;

/// An eigensolver class (EPS, PEP, NEP) as its trampolines see it: the kinds of its
/// closures, its converged reasons, and how it transforms approximations back before a
/// monitor sees them.
pub(crate) trait Eigensolver {
    /// What the C handle points to (`sys::EPS` is `*mut` this).
    type Raw;
    /// The Rust converged reason.
    type Reason: Copy + 'static;
    /// The C converged reason.
    type CReason;
    /// The kind of the monitor closures.
    const MONITOR: CallbackKind;
    /// The kind of the convergence test closures.
    const CONVERGENCE: CallbackKind;
    /// The kind of the stopping test closures.
    const STOPPING: CallbackKind;
    /// The C value of a reason a stopping test returned; `None` for one SLEPc does not
    /// know.
    fn c_reason(r: Self::Reason) -> Option<Self::CReason>;
    /// Transforms `nest` approximations back in place (the ST's back-transform, PEP's
    /// scaling).
    ///
    /// # Safety
    /// `solver` is the live solver calling the monitor.
    unsafe fn back(_solver: *mut Self::Raw, _er: &mut [Scalar], _ei: &mut [Scalar]) -> Result<()> {
        Ok(())
    }
}

/// A solver whose monitor sees the iteration and an error estimate (MFN, LME). SLEPc's
/// solvers of these classes free their work space only when a solve ends normally, so a
/// monitor's failure is not returned to SLEPc: it is kept by petsc-rs (the solve
/// returns it), the monitor is not called again in that solve, and either the iteration
/// limit is lowered to the current iteration so that the solve ends at once
/// ([`guarded_solve`] restores it) or the solve finishes
/// ([`EstimateSolver::LOWER_LIMIT`]).
pub(crate) trait EstimateSolver {
    /// The C handle (`MFN`, `LME`).
    type Raw: Copy;
    /// The kind its monitors are kept under.
    const MONITOR: CallbackKind;
    /// `XGetTolerances`.
    const GET_TOLERANCES: unsafe extern "C" fn(
        Self::Raw,
        *mut Real,
        *mut Int,
    ) -> sys::PetscErrorCode;
    /// `XSetTolerances`.
    const SET_TOLERANCES: unsafe extern "C" fn(Self::Raw, Real, Int) -> sys::PetscErrorCode;
    /// Whether a failed monitor ends the solve by lowering the iteration limit (MFN),
    /// or lets it finish without the monitor (LME: its Krylov solver frees memory twice
    /// when the limit changes during a solve, and keeps its work space when an error is
    /// returned).
    const LOWER_LIMIT: bool;
}

thread_local! {
    /// Whether a monitor failed in the current solve: monitors are not called again
    /// until the next solve.
    static ESTIMATE_FAILED: Cell<bool> = const { Cell::new(false) };
}

/// A monitor of an [`EstimateSolver`]: the iteration and the error estimate.
pub(crate) type EstimateMonitorFn = dyn FnMut(Int, Real) -> Result<()>;

/// The `XMonitorSet` trampoline of an [`EstimateSolver`].
pub(crate) unsafe extern "C" fn estimate_monitor_trampoline<S: EstimateSolver>(
    solver: S::Raw,
    its: Int,
    errest: Real,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    if ESTIMATE_FAILED.with(Cell::get) {
        return 0;
    }
    if petsc::ffi::run::<EstimateMonitorFn>(ctx, S::MONITOR, |_, f| f(its, errest)) != 0 {
        ESTIMATE_FAILED.with(|f| f.set(true));
        if !S::LOWER_LIMIT {
            return 0;
        }
        let (mut tol, mut max_it): (Real, Int) = (0.0, 0);
        // SAFETY: the live solver calling us; it only reads and sets two of its fields
        // (the failure is already recorded, so their codes are dropped).
        unsafe {
            if (S::GET_TOLERANCES)(solver, &mut tol, &mut max_it) == 0 {
                (S::SET_TOLERANCES)(solver, tol, its.max(1));
            }
        }
    }
    0
}

/// Runs a solve of an [`EstimateSolver`], then puts back the iteration limit a failed
/// monitor lowered; returns the solve's error or the monitor's.
///
/// # Safety
/// `solver` must be a live solver for the whole call.
pub(crate) unsafe fn guarded_solve<S: EstimateSolver>(
    solver: S::Raw,
    solve: impl FnOnce() -> sys::PetscErrorCode,
) -> Result<()> {
    let (mut tol, mut max_it): (Real, Int) = (0.0, 0);
    // SAFETY: live solver (caller); two outputs.
    crate::error::check(unsafe { (S::GET_TOLERANCES)(solver, &mut tol, &mut max_it) })?;
    ESTIMATE_FAILED.with(|f| f.set(false));
    let code = solve();
    if ESTIMATE_FAILED.with(|f| f.replace(false)) {
        // SAFETY: live solver; the values it had before the solve.
        unsafe { (S::SET_TOLERANCES)(solver, tol, max_it) };
    }
    crate::error::check(code)
}

/// The `XMonitorSet` trampoline of every eigensolver: copies the approximations,
/// transforms them back ([`Eigensolver::back`]) and runs the closure with the state.
pub(crate) unsafe extern "C" fn monitor_trampoline<M: Eigensolver>(
    solver: *mut M::Raw,
    its: Int,
    nconv: Int,
    eigr: *mut Scalar,
    eigi: *mut Scalar,
    errest: *mut Real,
    nest: Int,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let body = |_: &petsc::Petsc, f: &mut EigenMonitorFn| -> Result<()> {
        let n = usize::try_from(nest).unwrap_or(0);
        // SAFETY: SLEPc passes arrays of `nest` entries, live for this call.
        let (mut er, mut ei, errs) =
            unsafe { (copied(eigr, n), copied(eigi, n), copied(errest, n)) };
        if n > 0 {
            // SAFETY: the live solver calling us.
            unsafe { M::back(solver, &mut er, &mut ei) }?;
        }
        let (re, im): (Vec<Real>, Vec<Real>) =
            er.iter().zip(&ei).map(|(&r, &i)| combine(r, i)).unzip();
        f(&EigenMonitorState {
            iteration: its,
            converged: nconv,
            re: &re,
            im: &im,
            error_estimates: &errs,
        })
    };
    // SAFETY: SLEPc calls with the live solver, on every rank.
    unsafe { run_in_solve::<EigenMonitorFn, _>(solver, ctx, M::MONITOR, &[], || {}, body) }
}

/// The `XSetConvergenceTestFunction` trampoline of EPS and PEP (eigenvalues by value):
/// after a failure no pair converges, and the solver stops at its next stopping test.
pub(crate) unsafe extern "C" fn conv_trampoline<S: Eigensolver>(
    solver: *mut S::Raw,
    eigr: Scalar,
    eigi: Scalar,
    res: Real,
    errest: *mut Real,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    // SAFETY: SLEPc passes the address of its output.
    unsafe { conv_test::<S>(solver, combine(eigr, eigi), res, errest, ctx) }
}

/// The body of the convergence test trampolines: runs the closure on `(re, im)`.
///
/// # Safety
/// `solver` is the live solver calling, on every rank; `errest` its output.
pub(crate) unsafe fn conv_test<S: Eigensolver>(
    solver: *mut S::Raw,
    (re, im): (Real, Real),
    res: Real,
    errest: *mut Real,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    // SAFETY: SLEPc passes the address of its output.
    let not_converged = || unsafe { *errest = Real::MAX };
    let body = |_: &petsc::Petsc, f: &mut ConvFn| -> Result<()> {
        let e = f(re, im, res)?;
        // SAFETY: SLEPc passes the address of its output.
        unsafe { *errest = e };
        Ok(())
    };
    // SAFETY: the live solver calling us, on every rank (caller).
    unsafe { run_in_solve::<ConvFn, _>(solver, ctx, S::CONVERGENCE, &[], not_converged, body) }
}

/// The `XSetStoppingTestFunction` trampoline of every eigensolver: a reason SLEPc does
/// not know is an `Err`.
pub(crate) unsafe extern "C" fn stop_trampoline<S: Eigensolver>(
    solver: *mut S::Raw,
    its: Int,
    max_it: Int,
    nconv: Int,
    nev: Int,
    reason: *mut S::CReason,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let body = |_: &petsc::Petsc, f: &mut StopFn<S::Reason>| -> Result<()> {
        let state = StopState {
            iteration: its,
            max_it,
            converged: nconv,
            requested: nev,
        };
        let r = f(&state)?;
        let Some(c) = S::c_reason(r) else {
            return Err(petsc::Error::invalid(
                S::STOPPING.name(),
                "returned an unknown reason",
            ));
        };
        // SAFETY: SLEPc passes the address of its output.
        unsafe { *reason = c };
        Ok(())
    };
    // SAFETY: SLEPc calls with the live solver, on every rank.
    unsafe { run_in_solve::<StopFn<S::Reason>, _>(solver, ctx, S::STOPPING, &[], || {}, body) }
}

/// Keeps the closure `f` of `kind` on the solver `solver` (petsc-rs's `attach`: it lives
/// as long as the solver, or until replaced), then installs it with `set`, the SLEPc call
/// given the closure's context.
///
/// # Safety
/// `solver` is a live SLEPc object.
pub(crate) unsafe fn attach_then<S, F: ?Sized + 'static>(
    slepc: &crate::Slepc,
    solver: *mut S,
    kind: CallbackKind,
    f: Box<F>,
    set: impl FnOnce(*mut c_void) -> sys::PetscErrorCode,
) -> Result<()> {
    // SAFETY: live object (caller).
    let ctx = unsafe { petsc::ffi::attach(slepc.petsc(), solver.cast(), kind, f) }?;
    crate::error::check(set(ctx))
}

/// Checks the classes' unit tests share.
#[cfg(test)]
pub(crate) mod tests {
    use std::ffi::CStr;
    use std::os::raw::c_char;

    /// The registered names `names` (a type enum's `NAMES`) are SLEPc's constants
    /// `consts`, in order, and each reads back as itself through `round_trip`
    /// (`from_name` then `as_str`).
    pub(crate) fn type_names(
        names: &[&str],
        consts: &[&[u8]],
        round_trip: impl Fn(&str) -> String,
    ) {
        assert_eq!(names.len(), consts.len());
        for (name, c) in names.iter().zip(consts) {
            assert_eq!(
                CStr::from_bytes_with_nul(c).unwrap().to_str().unwrap(),
                *name
            );
            assert_eq!(round_trip(name), *name);
        }
    }

    /// Reasons SLEPc added after the oldest supported version: the class, the name, and
    /// whether the SLEPc built against has it (an older one leaves `""` in its table).
    const LATER_REASONS: &[(&str, &str, bool)] = &[(
        "SVDConvergedReason",
        "DIVERGED_SYMMETRY_LOST",
        cfg!(slepc_3_20),
    )];

    /// Each `(reason, code, name)` of a converged-reason table is SLEPc's: `table` is the
    /// class's `XConvergedReasons` (indexed by code), `class` its C type name, and
    /// `from_raw` reads a code back. A reason of [`LATER_REASONS`] an older SLEPc lacks
    /// must be an empty slot of its table.
    pub(crate) fn reason_names<R: std::fmt::Debug + PartialEq + Copy>(
        class: &str,
        reasons: &[(R, i32, &str)],
        table: *const *const c_char,
        from_raw: impl Fn(i32) -> R,
    ) {
        for &(r, code, name) in reasons {
            // SAFETY: SLEPc's static table of names, indexed from its most negative code.
            let s = unsafe { CStr::from_ptr(*table.offset(code as isize)) };
            let known = LATER_REASONS
                .iter()
                .find(|(c, n, _)| *c == class && *n == name)
                .is_none_or(|&(_, _, have)| have);
            let expected = if known { name } else { "" };
            assert_eq!(s.to_str().unwrap(), expected, "{r:?}");
            assert_eq!(from_raw(code), r);
        }
    }
}
