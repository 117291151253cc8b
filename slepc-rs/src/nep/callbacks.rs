//! Rust closures given to a nonlinear eigensolver: the function `T(lambda)` and its
//! Jacobian `T'(lambda)` (the callback form of the problem), monitors, the convergence
//! and stopping tests, the eigenvalue comparison and NLEIGS's singularities. All are
//! kept through petsc-rs's callback module, owned by the solver; an `Err` or a panic in
//! any of them makes [`Nep::solve`] return it, and the solver solves again afterwards.

use std::cell::Cell;
use std::cmp::Ordering;
use std::os::raw::c_void;

use crate::callback_kind as kind;
use crate::checks;
use crate::family::{ConvFn, conv_test};
use crate::stoppable::{CompareFn, compare};
use petsc::ffi::{attach, run};
use petsc::{Error, Int, Mat, Real, Result, Scalar};
use slepc_sys as sys;

use super::{Form, Nep, combine};
use crate::error::check;
use crate::handle::parts;
use crate::stoppable::run_in_solve;

/// The function `T(lambda)` as the solver stores it.
type FunctionFn = dyn FnMut(Scalar, &mut Mat, Option<&mut Mat>) -> Result<()>;
/// The Jacobian `T'(lambda)` as the solver stores it.
type JacobianFn = dyn FnMut(Scalar, &mut Mat) -> Result<()>;
/// NLEIGS's singularities as the solver stores them.
type SingularitiesFn = dyn FnMut(usize) -> Result<Vec<Scalar>>;

/// What a NEP monitor sees at one iteration (the state every eigensolver's monitor
/// sees).
pub type NepMonitorState<'a> = crate::family::EigenMonitorState<'a>;

/// What a NEP stopping test sees at one iteration.
pub type NepStopState = crate::family::StopState;

thread_local! {
    /// Whether an eigenvalue comparison failed in the current solve: it is not called
    /// again until the next [`Nep::solve`].
    static SOFT_FAILED: Cell<bool> = const { Cell::new(false) };
}

/// Forgets a failure of a comparison of an earlier solve.
pub(super) fn clear_soft_failure() {
    SOFT_FAILED.with(|f| f.set(false));
}

/// Reads a scalar SLEPc passed by address (the C shim's by-pointer routines).
///
/// # Safety
/// `p` must be null or point to a scalar live for the call.
unsafe fn read(p: *const Scalar) -> Scalar {
    if p.is_null() {
        Scalar::default()
    } else {
        // SAFETY: the caller guarantees a live scalar.
        unsafe { *p }
    }
}

/// `NEPSetFunction` trampoline (through the shim, which passes `lambda` by address).
unsafe extern "C" fn function_trampoline(
    nep: sys::NEP,
    lambda: *const Scalar,
    a: sys::Mat,
    b: sys::Mat,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let fill = [a, if b == a { std::ptr::null_mut() } else { b }];
    let body = |petsc: &petsc::Petsc, f: &mut FunctionFn| -> Result<()> {
        // SAFETY: the shim passes the address of its argument.
        let lambda = unsafe { read(lambda) };
        // SAFETY: SLEPc passes live matrices, lent to the closure for the call.
        let mut t = unsafe { Mat::from_raw_lent(petsc, a) }?;
        if b.is_null() || b == a {
            f(lambda, &mut t, None)?;
        } else {
            // SAFETY: as above.
            let mut p = unsafe { Mat::from_raw_lent(petsc, b) }?;
            f(lambda, &mut t, Some(&mut p))?;
            p.written_in_place(b)?;
        }
        t.written_in_place(a)
    };
    // SAFETY: SLEPc calls with the live solver and its live matrices, on every rank.
    unsafe { run_in_solve::<FunctionFn, _>(nep, ctx, kind::NEP_FUNCTION, &fill, || {}, body) }
}

/// `NEPSetJacobian` trampoline (through the shim).
unsafe extern "C" fn jacobian_trampoline(
    nep: sys::NEP,
    lambda: *const Scalar,
    j: sys::Mat,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let body = |petsc: &petsc::Petsc, f: &mut JacobianFn| -> Result<()> {
        // SAFETY: the shim passes the address of its argument.
        let lambda = unsafe { read(lambda) };
        // SAFETY: SLEPc passes a live matrix, lent to the closure for the call.
        let mut jm = unsafe { Mat::from_raw_lent(petsc, j) }?;
        f(lambda, &mut jm)?;
        jm.written_in_place(j)
    };
    // SAFETY: SLEPc calls with the live solver and its live matrix, on every rank.
    unsafe { run_in_solve::<JacobianFn, _>(nep, ctx, kind::NEP_JACOBIAN, &[j], || {}, body) }
}

/// `NEPSetConvergenceTestFunction` trampoline (through the shim).
unsafe extern "C" fn conv_trampoline(
    nep: sys::NEP,
    eigr: *const Scalar,
    eigi: *const Scalar,
    res: Real,
    errest: *mut Real,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    // SAFETY: the shim passes the addresses of its arguments; SLEPc calls with the live
    // solver, on every rank.
    unsafe { conv_test::<Nep>(nep, combine(read(eigr), read(eigi)), res, errest, ctx) }
}

/// `NEPSetEigenvalueComparison` trampoline (through the shim). SLEPc sorts inside
/// regions that an error return leaves open, so a failure is kept by petsc-rs (and
/// returned by `Nep::solve`) while SLEPc sees equal eigenvalues; later calls in the same
/// solve do not run the closure.
unsafe extern "C" fn compare_trampoline(
    ar: *const Scalar,
    ai: *const Scalar,
    br: *const Scalar,
    bi: *const Scalar,
    res: *mut Int,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    // SAFETY: the shim passes the addresses of its arguments.
    let (a, b) = unsafe { (combine(read(ar), read(ai)), combine(read(br), read(bi))) };
    let kind = kind::NEP_EIGENVALUE_COMPARISON;
    // SAFETY: SLEPc passes the address of its output.
    unsafe { compare(&SOFT_FAILED, kind, (a, b), res, ctx) }
}

/// `NEPNLEIGSSetSingularitiesFunction` trampoline.
unsafe extern "C" fn singularities_trampoline(
    _nep: sys::NEP,
    maxnp: *mut Int,
    xi: *mut Scalar,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    run::<SingularitiesFn>(ctx, kind::NEP_SINGULARITIES, |_, f| {
        // SAFETY: SLEPc passes the address of the maximum, which is also the output.
        let max = usize::try_from(unsafe { *maxnp }).unwrap_or(0);
        let points = f(max)?;
        if points.len() > max {
            return Err(Error::size_mismatch(
                "NLEIGS singularities",
                format!(
                    "{} points returned but at most {max} are asked for",
                    points.len()
                ),
            ));
        }
        for (k, p) in points.iter().enumerate() {
            let (re, im) = parts(*p);
            if !(re.is_finite() && im.is_finite()) {
                return Err(Error::invalid(
                    "NLEIGS singularities",
                    format!("point {k} is {p}; it must be finite"),
                ));
            }
        }
        if !points.is_empty() {
            // SAFETY: SLEPc's array holds `maxnp` scalars; `points` has at most that many.
            unsafe { std::ptr::copy_nonoverlapping(points.as_ptr(), xi, points.len()) };
        }
        // SAFETY: as above; the count fits (at most the maximum SLEPc gave).
        unsafe { *maxnp = points.len() as Int };
        Ok(())
    })
}

/// Checks that `m` is square with the size of the problem matrix `other` (if any).
fn check_square(ctx: &str, what: &str, m: &Mat) -> Result<()> {
    let ((r, c), (lr, lc)) = (m.size()?, m.local_size()?);
    if r != c || lr != lc {
        return Err(Error::size_mismatch(
            ctx,
            format!("{what} is {r} x {c} ({lr} x {lc} on this rank); it must be square"),
        ));
    }
    Ok(())
}

fn check_same(ctx: &str, what: &str, m: &Mat, name0: &str, m0: &Mat) -> Result<()> {
    let (g, l) = (m.size()?, m.local_size()?);
    let (g0, l0) = (m0.size()?, m0.local_size()?);
    if g != g0 || l != l0 {
        return Err(Error::size_mismatch(
            ctx,
            format!(
                "{what} is {} x {} ({} local rows) but {name0} is {} x {} ({} local rows)",
                g.0, g.1, l.0, g0.0, g0.1, l0.0
            ),
        ));
    }
    Ok(())
}

impl Nep {
    petsc::methods![for Nep;
        /// Marks the solver for a new set-up and solve, so that the next
        /// [`solve`](Self::solve) uses a closure set after a solve (SLEPc's `NEPSolve`
        /// returns at once on a solved solver).
        pub(super) fn renew(&mut self) = slepcrs_NEPSetStateInitial as "slepcrs_NEPSetStateInitial";
    ];

    /// Gives the problem by a closure that fills `T(lambda)` (`NEPSetFunction`): `t` is
    /// the matrix `T(lambda)` is stored in, `p` the matrix the preconditioner of the
    /// inner linear solves is built from (`None`: `t` itself). The closure
    /// `f(lambda, t, p)` writes `T(lambda)` into `t` (and its preconditioning matrix into
    /// `p`, which is `None` when it is `t`) and assembles them. The solver keeps
    /// references to the matrices; the closure is owned by the solver (replaced by the
    /// next one, dropped with the solver).
    ///
    /// Most solver types also need `T'(lambda)`: see [`set_jacobian`](Self::set_jacobian).
    /// The closure is collective: every rank is called at once and fills its rows. An
    /// `Err` or a panic ends the solve, which returns it.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Scalar, Sizes};
    /// use slepc::{Nep, NepType};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // T(lambda) = diag(1, ..., 8) - lambda^2 I: eigenvalues +-sqrt(k).
    /// let n = 8;
    /// let t = Mat::aij(&c).sizes(Sizes::global(n, n)).preallocate(1, 0).build()?;
    /// let j = Mat::aij(&c).sizes(Sizes::global(n, n)).preallocate(1, 0).build()?;
    /// let mut nep = Nep::new(&c)?;
    /// nep.set_function(&t, None, move |lambda, t, _| {
    ///     for i in 0..n {
    ///         let v = Scalar::from((i + 1) as f64) - lambda * lambda;
    ///         t.set_values(&[i], &[i], &[v], InsertMode::Insert)?;
    ///     }
    ///     t.assemble()
    /// })?;
    /// nep.set_jacobian(&j, move |lambda, j| {
    ///     for i in 0..n {
    ///         j.set_values(&[i], &[i], &[-lambda * 2.0], InsertMode::Insert)?;
    ///     }
    ///     j.assemble()
    /// })?;
    /// nep.set_type(NepType::Rii)?;
    /// nep.set_target(1.9)?;
    /// nep.solve()?.check()?;
    /// let petsc::Complex { re, .. } = nep.value(0)?;
    /// assert!((re - 2.0).abs() < 1e-8, "{re}");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "NEPSetFunction")]
    pub fn set_function<F>(&mut self, t: &Mat, p: Option<&Mat>, f: F) -> Result<()>
    where
        F: FnMut(Scalar, &mut Mat, Option<&mut Mat>) -> Result<()> + 'static,
    {
        t.check_loan("Nep::set_function")?;
        if let Some(m) = p {
            m.check_loan("Nep::set_function")?;
        }
        petsc::ffi::refuse_lent("Nep::set_function", p)?;
        const CTX: &str = "Nep::set_function";
        let jacobian = match self.form()? {
            Some(Form::Callback) => self.jacobian().ok(),
            _ => None,
        };
        // Local sizes: the ranks agree (a split that matches on some ranks only).
        let local = check_square(CTX, "T", t)
            .and_then(|()| p.map_or(Ok(()), |p| check_same(CTX, "P", p, "T", t)))
            .and_then(|()| {
                jacobian.map_or(Ok(()), |j| {
                    check_same(CTX, "T", t, "the Jacobian's matrix", &j)
                })
            });
        checks::agree(self, CTX, local)?;
        let f: Box<FunctionFn> = Box::new(f);
        // SAFETY: live solver; the closure is composed on it and lives as long (or until
        // replaced).
        let ctx = unsafe {
            attach(
                self.slepc.petsc(),
                self.ptr as sys::PetscObject,
                kind::NEP_FUNCTION,
                f,
            )
        }?;
        let praw = p.map_or(t.kept_raw(CTX)?, Mat::as_raw);
        // SAFETY: live solver and matrices; SLEPc references them; the context is the
        // closure composed on the solver.
        check(unsafe {
            sys::slepcrs_NEPSetFunction(
                self.ptr,
                t.kept_raw(CTX)?,
                praw,
                Some(function_trampoline),
                ctx,
            )
        })
    }

    /// The matrices of the callback form (`NEPGetFunction`): `(T, P)`, each handle with
    /// its own reference (`P` is `T` when none was given). An `Err` unless the problem
    /// was given with [`set_function`](Self::set_function).
    #[doc(alias = "NEPGetFunction")]
    pub fn function(&self) -> Result<(Mat, Mat)> {
        const CTX: &str = "Nep::function";
        if self.form()? != Some(Form::Callback) {
            return Err(Error::invalid(
                CTX,
                "the problem was not given by closures: call set_function first",
            ));
        }
        let (mut a, mut b): (sys::Mat, sys::Mat) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live solver in callback form; SLEPc lends its matrices (or null).
        check(unsafe {
            sys::NEPGetFunction(
                self.ptr,
                &mut a,
                &mut b,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        })?;
        if a.is_null() {
            return Err(Error::invalid(CTX, "no function matrix: call set_function"));
        }
        let b = if b.is_null() { a } else { b };
        let petsc = self.slepc.petsc();
        // SAFETY: live matrices held by the solver; each handle takes a reference.
        let a = unsafe { Mat::from_raw_borrowed(petsc, a) }?;
        // SAFETY: as above.
        let b = unsafe { Mat::from_raw_borrowed(petsc, b) }?;
        Ok((a, b))
    }

    /// Sets the closure that fills `T'(lambda)` into `j` (`NEPSetJacobian`), for the
    /// callback form of [`set_function`](Self::set_function); RII, SLP and CISS need it
    /// (a solve without it is refused). The solver keeps a reference to `j`; the closure
    /// is owned by the solver. An `Err` or a panic ends the solve, which returns it.
    #[doc(alias = "NEPSetJacobian")]
    pub fn set_jacobian<F>(&mut self, j: &Mat, f: F) -> Result<()>
    where
        F: FnMut(Scalar, &mut Mat) -> Result<()> + 'static,
    {
        j.check_loan("Nep::set_jacobian")?;
        const CTX: &str = "Nep::set_jacobian";
        let function = match self.form()? {
            Some(Form::Callback) => Some(self.function()?.0),
            _ => None,
        };
        // Local sizes: the ranks agree (a split that matches on some ranks only).
        let local = check_square(CTX, "J", j)
            .and_then(|()| function.map_or(Ok(()), |t| check_same(CTX, "J", j, "T", &t)));
        checks::agree(self, CTX, local)?;
        let f: Box<JacobianFn> = Box::new(f);
        let jraw = j.kept_raw(CTX)?;
        // SAFETY: live solver and matrices (SLEPc references them); the closure is kept on
        // the solver, which gets its context.
        unsafe {
            crate::family::attach_then(&self.slepc, self.ptr, kind::NEP_JACOBIAN, f, |ctx| {
                sys::slepcrs_NEPSetJacobian(self.ptr, jraw, Some(jacobian_trampoline), ctx)
            })
        }
    }

    /// The Jacobian's matrix (`NEPGetJacobian`), with its own reference. An `Err` unless
    /// [`set_jacobian`](Self::set_jacobian) was called.
    #[doc(alias = "NEPGetJacobian")]
    pub fn jacobian(&self) -> Result<Mat> {
        const CTX: &str = "Nep::jacobian";
        if self.form()? != Some(Form::Callback) {
            return Err(Error::invalid(
                CTX,
                "the problem was not given by closures: call set_function and set_jacobian",
            ));
        }
        let mut j: sys::Mat = std::ptr::null_mut();
        // SAFETY: live solver in callback form; SLEPc lends its matrix (or null).
        check(unsafe {
            sys::NEPGetJacobian(self.ptr, &mut j, std::ptr::null_mut(), std::ptr::null_mut())
        })?;
        if j.is_null() {
            return Err(Error::invalid(CTX, "no Jacobian: call set_jacobian"));
        }
        // SAFETY: live matrix held by the solver; the handle takes a reference.
        unsafe { Mat::from_raw_borrowed(self.slepc.petsc(), j) }
    }

    petsc::methods![for Nep;
        /// Whether a Jacobian closure is set.
        pub(super) fn has_jacobian(&self) -> bool
            = slepcrs_NEPHasJacobian as "slepcrs_NEPHasJacobian";
    ];

    /// Sets a custom convergence test (`NEPSetConvergenceTestFunction`): called with an
    /// approximate eigenvalue `(re, im)` and its residual norm, it returns the error
    /// estimate that the solver compares with the tolerance. The closure is owned by the
    /// solver (replaced by the next one); [`set_convergence_test`](Self::set_convergence_test)
    /// goes back to a built-in test. An `Err` or a panic ends the solve, which returns it.
    #[doc(alias = "NEPSetConvergenceTestFunction")]
    pub fn set_convergence_test_function<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(Real, Real, Real) -> Result<Real> + 'static,
    {
        let f: Box<ConvFn> = Box::new(f);
        self.renew()?;
        // SAFETY: live solver; the closure is kept on it, and it gets the closure's context.
        unsafe {
            crate::family::attach_then(
                &self.slepc,
                self.ptr,
                kind::NEP_CONVERGENCE_TEST,
                f,
                |ctx| {
                    sys::slepcrs_NEPSetConvergenceTestFunction(
                        self.ptr,
                        Some(conv_trampoline),
                        ctx,
                        None,
                    )
                },
            )
        }
    }

    /// Sets the closure that gives NLEIGS the singularities of `T` (poles of the
    /// rational approximation, `NEPNLEIGSSetSingularitiesFunction`): called with the
    /// largest number of points wanted, it returns at most that many points (outside the
    /// region). SLEPc ignores it on a solver of another type (or of no type yet), and so
    /// does this (the closure is kept, unused, until the solver is destroyed). The
    /// closure is owned by the solver; an `Err` or a panic ends the set-up, which
    /// returns it.
    #[doc(alias = "NEPNLEIGSSetSingularitiesFunction")]
    pub fn set_nleigs_singularities_function<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(usize) -> Result<Vec<Scalar>> + 'static,
    {
        let f: Box<SingularitiesFn> = Box::new(f);
        self.renew()?;
        // SAFETY: live solver; the closure is kept on it, and it gets the closure's context.
        unsafe {
            crate::family::attach_then(&self.slepc, self.ptr, kind::NEP_SINGULARITIES, f, |ctx| {
                sys::NEPNLEIGSSetSingularitiesFunction(
                    self.ptr,
                    Some(singularities_trampoline),
                    ctx,
                )
            })
        }
    }

    /// Orders eigenvalues by a comparison (`NEPSetEigenvalueComparison`, which also sets
    /// [`NepWhich::User`](crate::NepWhich::User)): `Ordering::Less` when the first
    /// eigenvalue `(re, im)` is wanted before the second. The closure lives as long as
    /// the solver (or until replaced). After an `Err` or a panic it is not called again
    /// in that solve (SLEPc sees equal eigenvalues and finishes the solve), and
    /// [`solve`](Self::solve) returns the error.
    #[doc(alias = "NEPSetEigenvalueComparison")]
    pub fn set_eigenvalue_comparison<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut((Real, Real), (Real, Real)) -> Result<Ordering> + 'static,
    {
        let f: Box<CompareFn> = Box::new(f);
        self.renew()?;
        let kind = kind::NEP_EIGENVALUE_COMPARISON;
        // SAFETY: live solver; the closure is kept on it, and it gets the closure's context.
        unsafe {
            crate::family::attach_then(&self.slepc, self.ptr, kind, f, |ctx| {
                sys::slepcrs_NEPSetEigenvalueComparison(self.ptr, Some(compare_trampoline), ctx)
            })
        }
    }
}
