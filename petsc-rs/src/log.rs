//! Profiling (`PetscLog*`): the program's own stages and events, which `-log_view`
//! reports beside PETSc's, flop counts, and PETSc's timers.
//!
//! ```
//! let petsc = petsc::Petsc::init()?;
//! let log = petsc.log();
//! log.begin()?; // what -log_view turns on
//! let stage = log.stage("Doc assembly")?;
//! let event = log.event("DocWork")?;
//! {
//!     let _in_stage = stage.push()?;
//!     let _timed = event.begin()?;
//!     log.add_flops(100.0)?;
//! } // the event ends, then the stage is popped
//! let info = event.perf_info(Some(&stage))?;
//! assert_eq!((info.count, info.flops), (1, 100.0));
//! # Ok::<(), petsc::Error>(())
//! ```

use std::marker::PhantomData;

use petsc_sys as sys;

use crate::error::{Error, Result, c_string, check, record_destroy};
use crate::init::Petsc;
use crate::object::sealed::Sealed;
use crate::viewer::Viewer;

/// PETSc's profiling log, from [`Petsc::log`].
#[derive(Debug, Clone)]
pub struct Log {
    petsc: Petsc,
}

impl Petsc {
    /// The profiling log: stages, events, flops and timers.
    pub fn log(&self) -> Log {
        Log {
            petsc: self.clone(),
        }
    }
}

use crate::declare::petsc_bool as to_bool;

fn is_true(b: sys::PetscBool) -> bool {
    b == sys::PETSC_BOOL_TRUE
}

impl Log {
    /// Turns on the default logging that `-log_view` reports (`PetscLogDefaultBegin`);
    /// needed for [`LogEvent::perf_info`] when the program was not started with
    /// `-log_view`.
    #[doc(alias = "PetscLogDefaultBegin")]
    pub fn begin(&self) -> Result<()> {
        // SAFETY: PETSc is initialized (`self` holds the runtime).
        check(unsafe { sys::PetscLogDefaultBegin() })
    }

    /// Whether logging is on (`PetscLogIsActive`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// petsc.log().begin()?;
    /// assert!(petsc.log().is_active()?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscLogIsActive")]
    pub fn is_active(&self) -> Result<bool> {
        let mut b = sys::PETSC_BOOL_FALSE;
        // SAFETY: PETSc is initialized; one output.
        check(unsafe { sys::PetscLogIsActive(&mut b) })?;
        Ok(is_true(b))
    }

    /// Prints the performance summary (`PetscLogView`, what `-log_view` prints at the
    /// end) with `viewer`; collective on the viewer's communicator.
    #[doc(alias = "PetscLogView")]
    pub fn view_with(&self, viewer: &Viewer) -> Result<()> {
        // SAFETY: live viewer; PETSc only writes through it.
        check(unsafe { sys::PetscLogView(viewer.raw_viewer()) })
    }

    /// Adds `flops` floating-point operations to the current event and stage
    /// (`PetscLogFlops`); a negative or non-finite count is an `Err`. With complex
    /// scalars PETSc counts each operation as 4 real flops, so the log holds `4 *
    /// flops`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let log = petsc.log();
    /// let before = log.flops()?;
    /// log.add_flops(5.0)?;
    /// let per_op = if petsc::SCALAR_IS_COMPLEX { 4.0 } else { 1.0 };
    /// assert_eq!(log.flops()? - before, 5.0 * per_op);
    /// assert!(log.add_flops(-1.0).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscLogFlops")]
    pub fn add_flops(&self, flops: f64) -> Result<()> {
        if !(flops.is_finite() && flops >= 0.0) {
            return Err(Error::invalid(
                "Log::add_flops",
                format!("a flop count must be finite and not negative, got {flops}"),
            ));
        }
        // SAFETY: PETSc is initialized.
        check(unsafe { sys::petscrs_PetscLogFlops(flops) })
    }

    /// The same as [`add_flops`](Self::add_flops) (petsc4py's `logFlops`).
    #[doc(alias = "PetscLogFlops")]
    pub fn log_flops(&self, flops: f64) -> Result<()> {
        self.add_flops(flops)
    }

    /// The flops this process has logged so far (`PetscGetFlops`).
    #[doc(alias = "PetscGetFlops")]
    pub fn flops(&self) -> Result<f64> {
        let mut f = 0.0;
        // SAFETY: PETSc is initialized; one output.
        check(unsafe { sys::PetscGetFlops(&mut f) })?;
        Ok(f)
    }

    /// PETSc's wall-clock time in seconds (`PetscTime`), the clock of `-log_view`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let log = petsc.log();
    /// let t0 = log.time()?;
    /// assert!(log.time()? >= t0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscTime")]
    pub fn time(&self) -> Result<f64> {
        let mut t = 0.0;
        // SAFETY: PETSc is initialized; one output.
        check(unsafe { sys::petscrs_PetscTime(&mut t) })?;
        Ok(t)
    }

    /// The CPU time this process has used, in seconds (`PetscGetCPUTime`).
    #[doc(alias = "PetscGetCPUTime")]
    pub fn cpu_time(&self) -> Result<f64> {
        let mut t = 0.0;
        // SAFETY: PETSc is initialized; one output.
        check(unsafe { sys::PetscGetCPUTime(&mut t) })?;
        Ok(t)
    }

    /// The stage named `name`, registered on first use (`PetscLogStageGetId`, else
    /// `PetscLogStageRegister`), as petsc4py's `Log.Stage(name)`. Register stages in
    /// the same order on every rank, as in C.
    #[doc(alias = "PetscLogStageRegister")]
    pub fn stage(&self, name: &str) -> Result<LogStage> {
        let n = c_string("Log::stage", name)?;
        let mut id: sys::PetscLogStage = -1;
        // SAFETY: PETSc is initialized; NUL-terminated name; one output (-1 if absent).
        check(unsafe { sys::PetscLogStageGetId(n.as_ptr(), &mut id) })?;
        if id < 0 {
            // SAFETY: as above; PETSc copies the name.
            check(unsafe { sys::PetscLogStageRegister(n.as_ptr(), &mut id) })?;
        }
        Ok(LogStage {
            id,
            name: name.to_string(),
            petsc: self.petsc.clone(),
        })
    }

    /// The event named `name`, registered on first use (`PetscLogEventGetId`, else
    /// `PetscLogEventRegister` with the generic object class), as petsc4py's
    /// `Log.Event(name)`. Register events in the same order on every rank, as in C.
    #[doc(alias = "PetscLogEventRegister")]
    pub fn event(&self, name: &str) -> Result<LogEvent> {
        register_event(&self.petsc, name, 0)
    }

    /// The class named `name`, as petsc4py's `Log.Class(name)`: one of PETSc's classes
    /// by the name its objects report ([`Object::class_name`](crate::Object::class_name):
    /// `"Vec"`, `"Mat"`, `"KSP"`, `"PetscViewer"`, ...), else a class PETSc's log has
    /// under that name (one registered before, or PETSc's own by its log name, such as
    /// `"Vector"`), else a new one registered for events (`PetscClassIdRegister`).
    /// Register new classes in the same order on every rank, as in C.
    ///
    /// ```
    /// use petsc::Object;
    /// let petsc = petsc::Petsc::init()?;
    /// let log = petsc.log();
    /// let v = petsc::Vector::new_seq(&petsc.self_comm(), 1)?;
    /// assert_eq!(log.class("Vec")?.id(), v.class_id()?);
    /// assert_eq!(log.class(&v.class_name()?)?.id(), v.class_id()?);
    /// let mine = log.class("DocClass")?;
    /// assert_eq!(log.class("DocClass")?.id(), mine.id()); // found, not registered again
    /// assert_ne!(mine.id(), v.class_id()?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscClassIdRegister")]
    #[doc(alias = "PetscLogClassGetClassId")]
    pub fn class(&self, name: &str) -> Result<LogClass> {
        let n = c_string("Log::class", name)?;
        let mut id: sys::PetscClassId = -1;
        let named = CLASS_NAMES.with(|names| {
            names
                .borrow()
                .iter()
                .find(|(known, _)| known == name)
                .map(|(_, find)| *find)
        });
        if let Some(find) = named {
            id = find()?;
        } else {
            // SAFETY: PETSc is initialized; NUL-terminated name; one output (-1 if absent).
            check(unsafe { sys::petscrs_ClassIdFind(n.as_ptr(), &mut id) })?;
        }
        if id < 0 {
            // SAFETY: PETSc is initialized; PETSc copies the name; one output.
            check(unsafe { sys::PetscClassIdRegister(n.as_ptr(), &mut id) })?;
        }
        Ok(LogClass {
            id,
            name: name.to_string(),
            petsc: self.petsc.clone(),
        })
    }

    /// Makes [`class`](Self::class) find a class of a library built on PETSc by the name
    /// its objects report (SLEPc's `"EPS"`, whose log name is `"EPS Solver"`), as
    /// petsc4py's registration of such a library's types does: `find` initializes the
    /// library's package if needed and returns the class's id. A later registration of
    /// the same name replaces the earlier one. slepc-rs registers its classes when SLEPc
    /// starts.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicI32, Ordering};
    /// static ID: AtomicI32 = AtomicI32::new(-1);
    /// let petsc = petsc::Petsc::init()?;
    /// let log = petsc.log();
    /// let mine = log.class("Doc Library Solver")?; // the name in PETSc's log
    /// ID.store(mine.id(), Ordering::Relaxed);
    /// log.register_class_name("DLS", || Ok(ID.load(Ordering::Relaxed)));
    /// assert_eq!(log.class("DLS")?.id(), mine.id()); // the name its objects report
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn register_class_name(&self, name: &str, find: fn() -> Result<i32>) {
        CLASS_NAMES.with(|names| {
            let mut names = names.borrow_mut();
            match names.iter_mut().find(|(known, _)| known == name) {
                Some(entry) => entry.1 = find,
                None => names.push((name.to_string(), find)),
            }
        });
    }
}

/// The function a library registers to give one of its classes' id
/// ([`Log::register_class_name`]).
type ClassIdFn = fn() -> Result<i32>;

thread_local! {
    /// The class names registered by libraries built on PETSc
    /// ([`Log::register_class_name`]), each with the function giving its class's id.
    static CLASS_NAMES: std::cell::RefCell<Vec<(String, ClassIdFn)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// A class of objects for the log (`PetscClassId`): events registered with it can be
/// turned on and off together.
#[derive(Debug, Clone)]
pub struct LogClass {
    id: sys::PetscClassId,
    name: String,
    petsc: Petsc,
}

impl LogClass {
    /// The class's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The class's id (`PetscClassId`).
    pub fn id(&self) -> i32 {
        self.id
    }

    /// Turns logging of the class's events on (`PetscLogEventActivateClass`).
    #[doc(alias = "PetscLogEventActivateClass")]
    pub fn activate(&self) -> Result<()> {
        // SAFETY: a registered class.
        check(unsafe { sys::PetscLogEventActivateClass(self.id) })
    }

    /// Turns logging of the class's events off (`PetscLogEventDeactivateClass`).
    #[doc(alias = "PetscLogEventDeactivateClass")]
    pub fn deactivate(&self) -> Result<()> {
        // SAFETY: a registered class.
        check(unsafe { sys::PetscLogEventDeactivateClass(self.id) })
    }

    /// Turns logging of the class's events on or off.
    pub fn set_active(&self, active: bool) -> Result<()> {
        if active {
            self.activate()
        } else {
            self.deactivate()
        }
    }

    /// Whether every event of the class is logged in the current stage (from the
    /// logging state: `PetscLogStateEventGetActive` for each event whose class this is;
    /// PETSc 3.22 and later). A class without events is active.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let log = petsc.log();
    /// let class = log.class("DocActiveClass")?;
    /// let _event = class.event("DocActiveClassEvent")?;
    /// class.set_active(false)?;
    /// assert!(!class.active()?);
    /// class.set_active(true)?;
    /// assert!(class.active()?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[cfg(petsc_3_22)]
    #[doc(alias = "PetscLogStateEventGetActive")]
    pub fn active(&self) -> Result<bool> {
        let (state, stage) = log_state("LogClass::active")?;
        let mut n: sys::PetscInt = 0;
        // SAFETY: the live global logging state; one output.
        check(unsafe { sys::PetscLogStateGetNumEvents(state, &mut n) })?;
        for event in 0..n {
            // SAFETY: a plain C struct that PETSc fills.
            let mut info: sys::PetscLogEventInfo = unsafe { std::mem::zeroed() };
            // SAFETY: the live state and one of its events; one output.
            check(unsafe { sys::PetscLogStateEventGetInfo(state, event as _, &mut info) })?;
            if info.classid == self.id && !event_active(state, stage, event as _)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The runtime the class belongs to.
    pub fn petsc(&self) -> &Petsc {
        &self.petsc
    }

    /// An event of this class, registered on first use (`PetscLogEventRegister`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let log = petsc.log();
    /// let class = log.class("DocSolver")?;
    /// let event = class.event("DocSolverStep")?;
    /// class.deactivate()?;
    /// class.activate()?;
    /// assert_eq!(event.name(), "DocSolverStep");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscLogEventRegister")]
    pub fn event(&self, name: &str) -> Result<LogEvent> {
        register_event(&self.petsc, name, self.id)
    }
}

/// The event `name`, found by name or registered with class `class`.
fn register_event(petsc: &Petsc, name: &str, class: sys::PetscClassId) -> Result<LogEvent> {
    let n = c_string("Log::event", name)?;
    let mut id: sys::PetscLogEvent = -1;
    // SAFETY: PETSc is initialized; NUL-terminated name; one output (-1 if absent).
    check(unsafe { sys::PetscLogEventGetId(n.as_ptr(), &mut id) })?;
    if id < 0 {
        // SAFETY: as above; PETSc copies the name.
        check(unsafe { sys::PetscLogEventRegister(n.as_ptr(), class, &mut id) })?;
    }
    Ok(LogEvent {
        id,
        name: name.to_string(),
        petsc: petsc.clone(),
    })
}

/// A profiling stage (`PetscLogStage`): the work done while it is pushed is reported
/// as its own section of `-log_view`.
#[derive(Debug, Clone)]
pub struct LogStage {
    id: sys::PetscLogStage,
    name: String,
    petsc: Petsc,
}

/// A pushed [`LogStage`]; dropping it pops the stage (`PetscLogStagePop`). Pushed
/// stages nest: drop the guards in the reverse order of the pushes.
#[derive(Debug)]
#[must_use = "the stage is popped when the guard is dropped"]
pub struct StageGuard<'a> {
    _stage: PhantomData<&'a LogStage>,
}

impl Drop for StageGuard<'_> {
    fn drop(&mut self) {
        // SAFETY: the matching push succeeded, so the stage stack is not empty.
        record_destroy(unsafe { sys::PetscLogStagePop() });
    }
}

impl LogStage {
    /// Makes this the current stage until the returned guard is dropped
    /// (`PetscLogStagePush`).
    #[doc(alias = "PetscLogStagePush")]
    pub fn push(&self) -> Result<StageGuard<'_>> {
        // SAFETY: a registered stage.
        check(unsafe { sys::PetscLogStagePush(self.id) })?;
        Ok(StageGuard {
            _stage: PhantomData,
        })
    }

    /// Runs `f` with this stage pushed, popping it afterwards even if `f` fails.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let stage = petsc.log().stage("Doc solve")?;
    /// let answer = stage.run(|| Ok(42))?;
    /// assert_eq!(answer, 42);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn run<R>(&self, f: impl FnOnce() -> Result<R>) -> Result<R> {
        let _guard = self.push()?;
        f()
    }

    /// The stage's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The stage's number in PETSc's log.
    pub fn id(&self) -> i32 {
        self.id
    }

    /// The runtime the stage belongs to.
    pub fn petsc(&self) -> &Petsc {
        &self.petsc
    }

    /// Whether work in this stage is logged (`PetscLogStageSetActive`).
    #[doc(alias = "PetscLogStageSetActive")]
    pub fn set_active(&self, active: bool) -> Result<()> {
        // SAFETY: a registered stage.
        check(unsafe { sys::PetscLogStageSetActive(self.id, to_bool(active)) })
    }

    /// Whether work in this stage is logged (`PetscLogStageGetActive`).
    #[doc(alias = "PetscLogStageGetActive")]
    pub fn active(&self) -> Result<bool> {
        let mut b = sys::PETSC_BOOL_FALSE;
        // SAFETY: a registered stage; one output.
        check(unsafe { sys::PetscLogStageGetActive(self.id, &mut b) })?;
        Ok(is_true(b))
    }

    /// Turns logging of this stage on.
    pub fn activate(&self) -> Result<()> {
        self.set_active(true)
    }

    /// Turns logging of this stage off.
    pub fn deactivate(&self) -> Result<()> {
        self.set_active(false)
    }

    /// Whether `-log_view` prints this stage (`PetscLogStageSetVisible`).
    #[doc(alias = "PetscLogStageSetVisible")]
    pub fn set_visible(&self, visible: bool) -> Result<()> {
        // SAFETY: a registered stage.
        check(unsafe { sys::PetscLogStageSetVisible(self.id, to_bool(visible)) })
    }

    /// Whether `-log_view` prints this stage (`PetscLogStageGetVisible`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let stage = petsc.log().stage("Doc hidden")?;
    /// stage.set_visible(false)?;
    /// assert!(!stage.visible()?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscLogStageGetVisible")]
    pub fn visible(&self) -> Result<bool> {
        let mut b = sys::PETSC_BOOL_FALSE;
        // SAFETY: a registered stage; one output.
        check(unsafe { sys::PetscLogStageGetVisible(self.id, &mut b) })?;
        Ok(is_true(b))
    }
}

/// A profiling event (`PetscLogEvent`): `-log_view` reports how often it ran, its time,
/// its flops and its messages.
#[derive(Debug, Clone)]
pub struct LogEvent {
    id: sys::PetscLogEvent,
    name: String,
    petsc: Petsc,
}

/// A begun [`LogEvent`]; dropping it ends the event (`PetscLogEventEnd`).
#[derive(Debug)]
#[must_use = "the event ends when the guard is dropped"]
pub struct EventGuard<'a> {
    event: &'a LogEvent,
}

impl Drop for EventGuard<'_> {
    fn drop(&mut self) {
        // SAFETY: a registered event that `begin` began.
        record_destroy(unsafe { sys::petscrs_PetscLogEventEnd(self.event.id) });
    }
}

/// What the log holds for an event in a stage (`PetscEventPerfInfo`), on this process.
#[derive(Debug, Clone, Copy, PartialEq)]
#[doc(alias = "PetscEventPerfInfo")]
pub struct EventPerfInfo {
    /// How many times the event ran.
    pub count: i64,
    /// The flops logged inside it.
    pub flops: f64,
    /// The time spent in it, in seconds.
    pub time: f64,
    /// The MPI messages sent inside it.
    pub messages: f64,
    /// Their total length in bytes.
    pub message_length: f64,
    /// The reductions inside it.
    pub reductions: f64,
}

impl LogEvent {
    /// Starts the event until the returned guard is dropped (`PetscLogEventBegin`).
    #[doc(alias = "PetscLogEventBegin")]
    pub fn begin(&self) -> Result<EventGuard<'_>> {
        // SAFETY: a registered event.
        check(unsafe { sys::petscrs_PetscLogEventBegin(self.id) })?;
        Ok(EventGuard { event: self })
    }

    /// Ends a begun event now (`PetscLogEventEnd`); the same as dropping the guard.
    #[doc(alias = "PetscLogEventEnd")]
    pub fn end(guard: EventGuard<'_>) {
        drop(guard);
    }

    /// Runs `f` inside the event.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let log = petsc.log();
    /// log.begin()?;
    /// let event = log.event("DocRun")?;
    /// for _ in 0..3 {
    ///     event.run(|| log.add_flops(2.0))?;
    /// }
    /// let info = event.perf_info(None)?;
    /// assert_eq!((info.count, info.flops), (3, 6.0));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn run<R>(&self, f: impl FnOnce() -> Result<R>) -> Result<R> {
        let _guard = self.begin()?;
        f()
    }

    /// The event's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The event's number in PETSc's log.
    pub fn id(&self) -> i32 {
        self.id
    }

    /// Turns logging of this event on in every stage (`PetscLogEventActivate`).
    #[doc(alias = "PetscLogEventActivate")]
    pub fn activate(&self) -> Result<()> {
        // SAFETY: a registered event.
        check(unsafe { sys::PetscLogEventActivate(self.id) })
    }

    /// Turns logging of this event off in the current stage (`PetscLogEventDeactivate`).
    #[doc(alias = "PetscLogEventDeactivate")]
    pub fn deactivate(&self) -> Result<()> {
        // SAFETY: a registered event.
        check(unsafe { sys::PetscLogEventDeactivate(self.id) })
    }

    /// Turns logging of this event on or off in the current stage.
    pub fn set_active(&self, active: bool) -> Result<()> {
        if active {
            self.activate()
        } else {
            self.deactivate()
        }
    }

    /// Turns logging of this event on or off in every stage
    /// (`PetscLogEventSetActiveAll`).
    #[doc(alias = "PetscLogEventSetActiveAll")]
    pub fn set_active_all(&self, active: bool) -> Result<()> {
        // SAFETY: a registered event.
        check(unsafe { sys::PetscLogEventSetActiveAll(self.id, to_bool(active)) })
    }

    /// Whether this event is logged in the current stage (from the logging state:
    /// `PetscLogStateEventGetActive`; PETSc 3.22 and later).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let event = petsc.log().event("DocActive")?;
    /// assert!(event.active()?);
    /// event.set_active(false)?;
    /// assert!(!event.active()?);
    /// event.set_active(true)?;
    /// assert!(event.active()?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[cfg(petsc_3_22)]
    #[doc(alias = "PetscLogStateEventGetActive")]
    pub fn active(&self) -> Result<bool> {
        let (state, stage) = log_state("LogEvent::active")?;
        event_active(state, stage, self.id)
    }

    /// Whether this event is logged in every stage (from the logging state:
    /// `PetscLogStateEventGetActive` in each; PETSc 3.22 and later).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let log = petsc.log();
    /// let event = log.event("DocActiveAll")?;
    /// let _stage = log.stage("DocActiveAllStage")?;
    /// assert!(event.active_all()?);
    /// event.set_active(false)?; // the current stage only
    /// assert!(!event.active()? && !event.active_all()?);
    /// event.set_active_all(true)?;
    /// assert!(event.active()? && event.active_all()?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[cfg(petsc_3_22)]
    #[doc(alias = "PetscLogStateEventGetActive")]
    pub fn active_all(&self) -> Result<bool> {
        let (state, _) = log_state("LogEvent::active_all")?;
        let mut n: sys::PetscInt = 0;
        // SAFETY: the live global logging state; one output.
        check(unsafe { sys::PetscLogStateGetNumStages(state, &mut n) })?;
        for stage in 0..n {
            if !event_active(state, stage as _, self.id)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// What the log holds for this event in `stage` (the current stage if `None`) on this
    /// process (`PetscLogEventGetPerfInfo`); logging must be on ([`Log::begin`] or
    /// `-log_view`), else the counts stay zero.
    #[doc(alias = "PetscLogEventGetPerfInfo")]
    pub fn perf_info(&self, stage: Option<&LogStage>) -> Result<EventPerfInfo> {
        let stage = stage.map_or(-1, |s| s.id);
        // SAFETY: a plain C struct that PETSc fills.
        let mut info: sys::PetscEventPerfInfo = unsafe { std::mem::zeroed() };
        // SAFETY: a registered event and stage (or -1, the current one); one output.
        check(unsafe { sys::PetscLogEventGetPerfInfo(stage, self.id, &mut info) })?;
        Ok(EventPerfInfo {
            count: i64::from(info.count),
            flops: info.flops,
            time: info.time,
            messages: info.numMessages,
            message_length: info.messageLength,
            reductions: info.numReductions,
        })
    }

    /// The runtime the event belongs to.
    pub fn petsc(&self) -> &Petsc {
        &self.petsc
    }
}

/// PETSc's global logging state and its current stage (the main stage, 0, before any
/// is pushed); an `Err` naming `ctx` if PETSc keeps none.
#[cfg(petsc_3_22)]
fn log_state(ctx: &str) -> Result<(sys::PetscLogState, sys::PetscLogStage)> {
    let mut state: sys::PetscLogState = std::ptr::null_mut();
    // SAFETY: one output; PETSc lends its global state or null.
    check(unsafe { sys::PetscLogGetState(&mut state) })?;
    if state.is_null() {
        return Err(Error::invalid(ctx, "PETSc keeps no logging state"));
    }
    let mut stage: sys::PetscLogStage = -1;
    // SAFETY: the live global state; one output.
    check(unsafe { sys::PetscLogStateGetCurrentStage(state, &mut stage) })?;
    Ok((state, stage.max(0)))
}

/// Whether `event` is logged in `stage` of the live logging state `state`.
#[cfg(petsc_3_22)]
fn event_active(
    state: sys::PetscLogState,
    stage: sys::PetscLogStage,
    event: sys::PetscLogEvent,
) -> Result<bool> {
    let mut b = sys::PETSC_BOOL_FALSE;
    // SAFETY: the live state, one of its stages and a registered event; one output.
    check(unsafe { sys::PetscLogStateEventGetActive(state, stage, event, &mut b) })?;
    Ok(is_true(b))
}
