//! Events (`TSSetEventHandler`): indicator functions whose sign changes PETSc locates
//! during the integration, each with a direction and a flag that ends the solve, and a
//! closure run after events are located, which may end the solve too. Both closures are
//! kept with the `TS`.

use std::os::raw::c_void;

use petsc_sys as sys;

use super::Ts;
use crate::callback::{CallbackKind, attach, call, is_attached};
use crate::error::{Error, Result, check, check_finite, run_callback, unlock_on_error};
use crate::scalar::{Int, Real};
use crate::vec::Vector;

/// Which sign changes of an event's indicator count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventDirection {
    /// -1: from positive to negative only.
    Falling,
    /// 0: both ways.
    Both,
    /// +1: from negative to positive only.
    Rising,
}

/// What the integration does after a post-event closure of
/// [`Ts::set_event_handler`] returned: go on, or end the solve there with
/// [`TsConvergedReason::ConvergedUser`](crate::TsConvergedReason::ConvergedUser) (C's
/// `TSSetConvergedReason(ts, TS_CONVERGED_USER)` in its `PostEvent`). A closure that
/// returns `Ok(())` goes on.
///
/// ```
/// use petsc::EventAction;
/// assert_eq!(EventAction::from(()), EventAction::Continue);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum EventAction {
    /// The integration goes on.
    #[default]
    Continue,
    /// The solve ends at the event, with `TS_CONVERGED_USER`.
    Stop,
}

impl From<()> for EventAction {
    fn from((): ()) -> EventAction {
        EventAction::Continue
    }
}

impl EventDirection {
    fn code(self) -> Int {
        match self {
            EventDirection::Falling => -1,
            EventDirection::Both => 0,
            EventDirection::Rising => 1,
        }
    }
}

/// The indicator closure `f(t, u, values)`.
type IndicatorFn = dyn FnMut(Real, &Vector, &mut [Real]) -> Result<()>;
/// The post-event closure `f(events, t, u, forward)`.
type PostEventFn = dyn FnMut(&[Int], Real, &mut Vector, bool) -> Result<EventAction>;

/// What PETSc passes the indicator: real values from 3.21 on, scalars before (whose
/// real parts it reads).
#[cfg(petsc_3_21)]
type IndicatorValue = Real;
#[cfg(not(petsc_3_21))]
type IndicatorValue = crate::scalar::Scalar;

/// An event handler's closures, kept together under one context.
struct EventFns {
    indicator: Box<IndicatorFn>,
    post: Option<Box<PostEventFn>>,
    count: usize,
}

/// The indicator trampoline of [`Ts::set_event_handler`].
unsafe extern "C" fn indicator_trampoline(
    _ts: sys::TS,
    t: Real,
    u: sys::Vec,
    values: *mut IndicatorValue,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::TsEvent;
    let code = run_callback(KIND.name(), || {
        call::<EventFns, _>(ctx, KIND, |petsc, e| {
            // SAFETY: `u` is live for the call; the handle takes a reference.
            let uv = unsafe { Vector::from_raw_lent(petsc, u) }?;
            let raw: &mut [IndicatorValue] = if e.count == 0 || values.is_null() {
                &mut []
            } else {
                // SAFETY: PETSc passes its array of this process's `count` values.
                unsafe { std::slice::from_raw_parts_mut(values, e.count) }
            };
            write_indicator(raw, |vals| (e.indicator)(t, &uv, vals))
        })
    });
    // SAFETY: `u` is live for the call; an outer routine may have locked it.
    unsafe { unlock_on_error(code, &[u]) }
}

/// Lets `f` write the indicator values into PETSc's array: in place where PETSc takes
/// reals, through a real copy where it takes complex scalars (PETSc up to 3.20).
#[cfg(any(petsc_3_21, not(petsc_complex)))]
fn write_indicator(
    raw: &mut [IndicatorValue],
    f: impl FnOnce(&mut [Real]) -> Result<()>,
) -> Result<()> {
    f(raw)
}

/// Lets `f` write the indicator values into PETSc's array: in place where PETSc takes
/// reals, through a real copy where it takes complex scalars (PETSc up to 3.20).
#[cfg(not(any(petsc_3_21, not(petsc_complex))))]
fn write_indicator(
    raw: &mut [IndicatorValue],
    f: impl FnOnce(&mut [Real]) -> Result<()>,
) -> Result<()> {
    let mut vals: Vec<Real> = raw.iter().map(|v| v.re).collect();
    f(&mut vals)?;
    for (r, v) in raw.iter_mut().zip(vals) {
        *r = crate::scalar::Scalar::new(v, 0.0);
    }
    Ok(())
}

/// The post-event trampoline of [`Ts::set_event_handler`].
unsafe extern "C" fn post_event_trampoline(
    ts: sys::TS,
    n: Int,
    events: *mut Int,
    t: Real,
    u: sys::Vec,
    forward: sys::PetscBool,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::TsEvent;
    let code = run_callback(KIND.name(), || {
        call::<EventFns, _>(ctx, KIND, |petsc, e| {
            let Some(post) = e.post.as_mut() else {
                return Ok(());
            };
            // SAFETY: `u` is live for the call; the handle takes a reference.
            let mut uv = unsafe { Vector::from_raw_lent(petsc, u) }?;
            let n = usize::try_from(n).unwrap_or(0);
            let ev: &[Int] = if n == 0 || events.is_null() {
                &[]
            } else {
                // SAFETY: PETSc passes its array of the `n` events located.
                unsafe { std::slice::from_raw_parts(events, n) }
            };
            let action = post(ev, t, &mut uv, forward == sys::PETSC_BOOL_TRUE)?;
            uv.written_in_place(u)?;
            if action == EventAction::Stop {
                // SAFETY: the integrator running this closure.
                check(unsafe {
                    sys::TSSetConvergedReason(ts, sys::TSConvergedReason::TS_CONVERGED_USER)
                })?;
            }
            Ok(())
        })
    });
    // SAFETY: `u` is live for the call; an outer routine may have locked it.
    unsafe { unlock_on_error(code, &[u]) }
}

impl Ts {
    /// Sets events (`TSSetEventHandler`): this process's events, one per entry of
    /// `directions` and `terminate` (which must be as long), located where the values
    /// the closure `indicator(t, u, values)` writes change sign in the given direction;
    /// an event whose `terminate` is true ends the solve there with
    /// [`TsConvergedReason::ConvergedEvent`](crate::TsConvergedReason::ConvergedEvent).
    /// The values are real (PETSc 3.21 on takes reals; before, PETSc reads the real
    /// parts of the scalars it is given). After events are located,
    /// `post_event(events, t, u, forward)` (if given) gets their indices and may change
    /// `u`; it returns `Ok(())` to go on, or an [`EventAction`]: `Ok(EventAction::Stop)`
    /// ends the solve there with
    /// [`TsConvergedReason::ConvergedUser`](crate::TsConvergedReason::ConvergedUser), on
    /// every PETSc version (C calls `TSSetConvergedReason` in its `PostEvent`). The
    /// closures are owned by the integrator and replace earlier ones; an `Err` or a panic
    /// in either ends the solve.
    ///
    /// ```
    /// use std::{cell::RefCell, rc::Rc};
    /// use petsc::{EventDirection, TsConvergedReason, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // u' = 1, u(0) = 0: u crosses 0.3 (recorded) and 0.55 (ends the solve).
    /// let mut ts = petsc::Ts::new(&c)?;
    /// ts.set_type(petsc::TsType::Rk)?; // locating events needs a method that rolls back
    /// ts.set_rhs_function(None, |_t, _u, f| f.set(1.0))?;
    /// let seen = Rc::new(RefCell::new(Vec::new()));
    /// let log = seen.clone();
    /// ts.set_event_handler(
    ///     &[EventDirection::Rising, EventDirection::Both],
    ///     &[false, true],
    ///     |_t, u, v| {
    ///         let x = petsc::Complex::from(u.view()?[0]).re; // real with either scalar
    ///         v[0] = x - 0.3;
    ///         v[1] = x - 0.55;
    ///         Ok(())
    ///     },
    ///     Some(move |events: &[petsc::Int], t, _u: &mut Vector, _forward| {
    ///         log.borrow_mut().push((events.to_vec(), t));
    ///         Ok(())
    ///     }),
    /// )?;
    /// assert_eq!(ts.num_events()?, 2);
    /// ts.set_time_step(0.1)?;
    /// // Fixed steps: PETSc 3.18 does not locate an event inside a step the adaptive
    /// // controller stretched to the final time.
    /// ts.set_adapt_type("none")?;
    /// ts.set_max_time(1.0)?;
    /// let mut u = Vector::from_slice(&c, &[0.0])?;
    /// let reason = ts.solve(&mut u)?;
    /// assert_eq!(reason, TsConvergedReason::ConvergedEvent);
    /// let seen = seen.borrow();
    /// assert_eq!(seen.len(), 2);
    /// assert_eq!((seen[0].0.clone(), seen[1].0.clone()), (vec![0], vec![1]));
    /// assert!((ts.time()? - 0.55).abs() < 1e-5);
    /// assert!((seen[0].1 - 0.3).abs() < 1e-5 && (seen[1].1 - 0.55).abs() < 1e-5);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    ///
    /// A post-event closure that ends the solve (here at the second crossing of 0.3,
    /// `u` being put back to 0 after the first):
    ///
    /// ```
    /// use petsc::{EventAction, EventDirection, TsConvergedReason, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ts = petsc::Ts::new(&c)?;
    /// ts.set_type(petsc::TsType::Rk)?;
    /// ts.set_rhs_function(None, |_t, _u, f| f.set(1.0))?;
    /// let mut hits = 0;
    /// ts.set_event_handler(
    ///     &[EventDirection::Rising],
    ///     &[false],
    ///     |_t, u, v| {
    ///         v[0] = petsc::Complex::from(u.view()?[0]).re - 0.3;
    ///         Ok(())
    ///     },
    ///     Some(move |_events: &[petsc::Int], _t, u: &mut Vector, _forward| {
    ///         hits += 1;
    ///         if hits == 2 {
    ///             return Ok(EventAction::Stop);
    ///         }
    ///         u.set(0.0)?;
    ///         Ok(EventAction::Continue)
    ///     }),
    /// )?;
    /// ts.set_time_step(0.1)?;
    /// ts.set_adapt_type("none")?;
    /// ts.set_max_time(5.0)?;
    /// let mut u = Vector::from_slice(&c, &[0.0])?;
    /// let reason = ts.solve(&mut u)?;
    /// assert_eq!(reason, TsConvergedReason::ConvergedUser);
    /// assert!((ts.time()? - 0.6).abs() < 1e-5, "{}", ts.time()?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSSetEventHandler")]
    pub fn set_event_handler<I, P, R>(
        &mut self,
        directions: &[EventDirection],
        terminate: &[bool],
        indicator: I,
        post_event: Option<P>,
    ) -> Result<()>
    where
        I: FnMut(Real, &Vector, &mut [Real]) -> Result<()> + 'static,
        P: FnMut(&[Int], Real, &mut Vector, bool) -> Result<R> + 'static,
        R: Into<EventAction>,
    {
        const CTX: &str = "Ts::set_event_handler";
        if directions.len() != terminate.len() {
            return Err(Error::invalid(
                CTX,
                format!(
                    "{} directions but {} terminate flags; give one of each per event",
                    directions.len(),
                    terminate.len()
                ),
            ));
        }
        let n = Int::try_from(directions.len())
            .map_err(|_| Error::invalid(CTX, "too many events for PetscInt"))?;
        let mut dir: Vec<Int> = directions.iter().map(|d| d.code()).collect();
        let mut term: Vec<sys::PetscBool> = terminate
            .iter()
            .map(|&b| {
                if b {
                    sys::PETSC_BOOL_TRUE
                } else {
                    sys::PETSC_BOOL_FALSE
                }
            })
            .collect();
        let fns = EventFns {
            indicator: Box::new(indicator),
            post: post_event.map(|mut p| {
                Box::new(move |ev: &[Int], t, u: &mut Vector, fwd| p(ev, t, u, fwd).map(Into::into))
                    as Box<PostEventFn>
            }),
            count: directions.len(),
        };
        // SAFETY: live integrator; the closures are kept with it.
        let ctx = unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::TsEvent,
                Box::new(fns),
            )
        }?;
        // SAFETY: live integrator; PETSc copies the arrays; `ctx` is the closures'
        // number, of the trampolines' type.
        check(unsafe {
            sys::TSSetEventHandler(
                self.ptr,
                n,
                dir.as_mut_ptr(),
                term.as_mut_ptr(),
                Some(indicator_trampoline),
                Some(post_event_trampoline),
                ctx,
            )
        })
    }

    /// Sets how closely events are located (`TSSetEventTolerances`): `tol` in time
    /// (`None`: keep), and `vtol`, one tolerance per event on the indicator's values
    /// (`None`: keep; else as many as this process's events). An `Err` before
    /// [`set_event_handler`](Self::set_event_handler), or for negative or non-finite
    /// values.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
    /// assert!(ts.set_event_tolerances(Some(1e-8), None).is_err()); // no events yet
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSSetEventTolerances")]
    pub fn set_event_tolerances(&mut self, tol: Option<Real>, vtol: Option<&[Real]>) -> Result<()> {
        const CTX: &str = "Ts::set_event_tolerances";
        if !self.has_events()? {
            return Err(Error::invalid(
                CTX,
                "no events: call set_event_handler first",
            ));
        }
        for &x in tol.iter().chain(vtol.into_iter().flatten()) {
            check_finite(CTX, "a tolerance", x)?;
            if x < 0.0 {
                return Err(Error::invalid(
                    CTX,
                    format!("the tolerance {x} is negative"),
                ));
            }
        }
        let mut v = match vtol {
            Some(v) => {
                let n = self.num_events()?;
                if Int::try_from(v.len()).ok() != Some(n) {
                    return Err(Error::invalid(
                        CTX,
                        format!("{} value tolerances for {n} events", v.len()),
                    ));
                }
                Some(v.to_vec())
            }
            None => None,
        };
        let vp = v.as_mut().map_or(std::ptr::null_mut(), |v| v.as_mut_ptr());
        let t = tol.unwrap_or(sys::PETSC_DECIDE as Real);
        // SAFETY: live integrator with events; PETSc copies `vp`'s values (null: keep).
        check(unsafe { sys::TSSetEventTolerances(self.ptr, t, vp) })
    }

    /// How many events this process has (`TSGetNumEvents`); 0 before
    /// [`set_event_handler`](Self::set_event_handler).
    #[doc(alias = "TSGetNumEvents")]
    pub fn num_events(&self) -> Result<Int> {
        if !self.has_events()? {
            return Ok(0);
        }
        let mut n: Int = 0;
        // SAFETY: live integrator with events (PETSc reads its event handler).
        check(unsafe { sys::TSGetNumEvents(self.ptr, &mut n) })?;
        Ok(n)
    }

    /// Whether an event handler was set.
    fn has_events(&self) -> Result<bool> {
        // SAFETY: live integrator.
        unsafe { is_attached(self.ptr as sys::PetscObject, CallbackKind::TsEvent) }
    }
}
