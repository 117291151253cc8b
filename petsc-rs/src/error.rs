//! Errors: PETSc's own (code, message, traceback) and those found on the Rust side.
//!
//! An error handler pushed at initialization records PETSc's message and traceback
//! instead of printing them; [`check`] turns a non-zero error code into an [`Error`]
//! carrying them.

use std::cell::RefCell;
use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_int, c_void};

use petsc_sys as sys;

mod code;
mod source;

pub use code::ErrorCode;
pub(crate) use source::report;
pub use source::{Context, ErrorSource};

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in a PETSc call or in its arguments.
///
/// ```
/// let e = petsc::Error::size_mismatch("Vec::set_values", "3 indices but 2 values");
/// assert!(e.to_string().contains("3 indices but 2 values"));
/// ```
///
/// Each error made by petsc-rs is counted while it lives: a rank of several that drops
/// its [`Petsc`](crate::Petsc) runtime while one is alive (returning it from `main`,
/// say) may be the one the others wait for, and ends the job with it printed instead of
/// hanging (see [`main`](crate::main)). So an error's fields can be read or matched by
/// reference (`match &e`), not moved out of it.
///
/// `Display` (`{e}`) says what went wrong at this level only; the cause, if any, is
/// [`source`](std::error::Error::source) (a callback's error, another library's error
/// given [`Context`]), and [`report`](Error::report) prints the whole chain, as
/// [`main`](crate::main) does.
#[derive(Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A PETSc function returned a non-zero error code ([`error_code`](Error::error_code)
    /// names it).
    #[error("PETSc error {code} ({kind}): {message}{}", format_traceback(.traceback))]
    Petsc {
        /// PETSc's error code (`PETSC_ERR_*`), kept as a number.
        code: i32,
        /// PETSc's generic description of the code (`"Argument out of range"`).
        kind: String,
        /// PETSc's specific message.
        message: String,
        /// The traceback, innermost first: `function() at file:line`.
        traceback: Vec<String>,
    },
    /// Arguments whose sizes disagree, found before PETSc was called.
    #[error("size mismatch in {context}: {detail}")]
    SizeMismatch {
        /// The function called.
        context: String,
        /// What disagreed.
        detail: String,
    },
    /// An index outside its valid range, found before PETSc was called.
    #[error("index out of range in {context}: {detail}")]
    OutOfRange {
        /// The function called.
        context: String,
        /// Which index and which range.
        detail: String,
    },
    /// Any other argument PETSc would refuse (a name with a NUL byte, a bad value).
    #[error("invalid argument to {context}: {detail}")]
    InvalidArgument {
        /// The function called.
        context: String,
        /// What was wrong.
        detail: String,
    },
    /// PETSc is already initialized in this process (it can be initialized only once).
    #[error("PETSc is already initialized in this process; it can be initialized only once")]
    AlreadyInitialized,
    /// A Rust callback (monitor, shell matrix, shell preconditioner, ...) returned `Err`:
    /// prints which callback failed; the closure's error is the
    /// [`source`](std::error::Error::source) ([`report`](Error::report) prints both).
    #[error("callback {callback} failed")]
    Callback {
        /// Which callback.
        callback: String,
        /// The error it returned.
        source: Box<Error>,
    },
    /// A Rust callback panicked; the panic was caught before it could cross C frames.
    #[error("callback {callback} panicked: {message}")]
    CallbackPanic {
        /// Which callback.
        callback: String,
        /// The panic's message.
        message: String,
    },
    /// An error a user's callback reports in its own words.
    #[error("{0}")]
    User(String),
    /// A solver stopped without converging: `solver` names it (`KSP`, `SNES`, ...),
    /// `reason` is PETSc's name of its converged reason (`DIVERGED_ITS`, ...). Made by
    /// the `check` of a converged reason, never by `solve` itself.
    #[error("{solver} did not converge: {reason}")]
    NotConverged {
        /// The solver's class name.
        solver: String,
        /// PETSc's name of the reason it stopped.
        reason: String,
    },
    /// The program stops with exit status `status`, for a reason every rank shares (a bad
    /// command line, `--help`, a self-check all ranks agreed failed): [`main`](crate::main)
    /// prints `message` once, from rank 0 (to standard output for status 0, else to
    /// standard error), and every rank exits with `status`. Every rank must return it,
    /// as with any collective decision; made by [`Error::exit`].
    #[error("{message}")]
    Exit {
        /// The exit status.
        status: u8,
        /// What rank 0 prints.
        message: String,
    },
    /// Another library's error, or a program's own error type, kept whole: made by `?`
    /// on a `std::io::Error` or by [`Error::external`]; prints as that error and has its
    /// causes ([`downcast_ref`](Error::downcast_ref) gets it back).
    #[error(transparent)]
    External(ErrorSource),
    /// Another library's error with what was being done ([`Context`], [`Error::other`]):
    /// prints `context`; the error is its [`source`](std::error::Error::source).
    #[error("{context}")]
    Other {
        /// What was being done.
        context: String,
        /// The error it failed with.
        source: ErrorSource,
    },
}

impl Clone for Error {
    fn clone(&self) -> Error {
        let copy = match self {
            Error::Petsc {
                code,
                kind,
                message,
                traceback,
            } => Error::Petsc {
                code: *code,
                kind: kind.clone(),
                message: message.clone(),
                traceback: traceback.clone(),
            },
            Error::SizeMismatch { context, detail } => Error::size_mismatch(context, detail),
            Error::OutOfRange { context, detail } => Error::out_of_range(context, detail),
            Error::InvalidArgument { context, detail } => Error::invalid(context, detail),
            Error::AlreadyInitialized => Error::AlreadyInitialized,
            Error::Callback { callback, source } => Error::Callback {
                callback: callback.clone(),
                source: source.clone(),
            },
            Error::CallbackPanic { callback, message } => Error::CallbackPanic {
                callback: callback.clone(),
                message: message.clone(),
            },
            Error::User(m) => Error::User(m.clone()),
            Error::NotConverged { solver, reason } => Error::not_converged(solver, reason),
            Error::Exit { status, message } => Error::exit(*status, message),
            Error::External(source) => Error::External(source.clone()),
            Error::Other { context, source } => Error::Other {
                context: context.clone(),
                source: source.clone(),
            },
        };
        copy.counted()
    }
}

/// The errors alive in this process, oldest first: an address that a move of the error
/// does not change (the heap buffer of one of its strings) and the error's message.
static LIVE: std::sync::Mutex<Vec<(usize, String)>> = std::sync::Mutex::new(Vec::new());

fn live() -> std::sync::MutexGuard<'static, Vec<(usize, String)>> {
    LIVE.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Error {
    /// The address that identifies this error while it lives: the heap buffer of a
    /// string of its own (none for an empty one, which has no buffer).
    fn live_key(&self) -> Option<usize> {
        let s = match self {
            Error::Petsc { kind, .. } => kind,
            Error::SizeMismatch { context, .. }
            | Error::OutOfRange { context, .. }
            | Error::InvalidArgument { context, .. } => context,
            Error::Callback { callback, .. } | Error::CallbackPanic { callback, .. } => callback,
            Error::User(m) => m,
            Error::NotConverged { reason, .. } => reason,
            Error::Exit { message, .. } => message,
            Error::External(source) | Error::Other { source, .. } => return Some(source.key()),
            Error::AlreadyInitialized => return None,
        };
        (s.capacity() > 0).then(|| s.as_ptr() as usize)
    }

    /// This error, counted among the live ones until it is dropped (once, however
    /// often it is passed here).
    pub(crate) fn counted(self) -> Error {
        if let Some(key) = self.live_key() {
            let mut live = live();
            if !live.iter().any(|(k, _)| *k == key) {
                live.push((key, report(&self)));
            }
        }
        self
    }
}

impl Error {
    /// This error, no longer counted among the live ones: kept for later (a destroy
    /// failure no call could return), not being returned.
    fn uncounted(self) -> Error {
        forget_key(self.live_key());
        self
    }
}

impl Drop for Error {
    fn drop(&mut self) {
        forget_key(self.live_key());
    }
}

/// Stops counting the live error `key` names.
fn forget_key(key: Option<usize>) {
    if let Some(key) = key {
        let mut live = live();
        if let Some(i) = live.iter().rposition(|(k, _)| *k == key) {
            live.remove(i);
        }
    }
}

/// The message of the newest error alive in this process, if any.
pub(crate) fn newest_live_error() -> Option<String> {
    live().last().map(|(_, m)| m.clone())
}

fn format_traceback(tb: &[String]) -> String {
    if tb.is_empty() {
        String::new()
    } else {
        format!(" [at {}]", tb.join(" <- "))
    }
}

impl Error {
    /// A size mismatch in `context`.
    #[cold]
    pub fn size_mismatch(context: &str, detail: impl Into<String>) -> Error {
        Error::SizeMismatch {
            context: context.into(),
            detail: detail.into(),
        }
        .counted()
    }

    /// An index out of range in `context`.
    #[cold]
    pub fn out_of_range(context: &str, detail: impl Into<String>) -> Error {
        Error::OutOfRange {
            context: context.into(),
            detail: detail.into(),
        }
        .counted()
    }

    /// `solver` stopped without converging, for `reason` (PETSc's name of it).
    #[cold]
    pub fn not_converged(solver: &str, reason: impl Into<String>) -> Error {
        Error::NotConverged {
            solver: solver.into(),
            reason: reason.into(),
        }
        .counted()
    }

    /// The program stops with `status` and `message`, the same on every rank
    /// ([`Error::Exit`]): [`main`](crate::main) prints the message once and exits with
    /// the status.
    ///
    /// ```
    /// fn main() -> std::process::ExitCode {
    ///     petsc::main(|petsc| {
    ///         let n = petsc.options().get_or::<petsc::Int>("n", 10)?;
    ///         if n < 1 {
    ///             // The same on every rank: said once, exit status 2.
    ///             return Err(petsc::Error::exit(2, format!("-n {n}: needs at least 1")));
    ///         }
    ///         Ok(())
    ///     })
    /// }
    /// ```
    pub fn exit(status: u8, message: impl Into<String>) -> Error {
        Error::Exit {
            status,
            message: message.into(),
        }
        .counted()
    }

    /// An invalid argument to `context`.
    #[cold]
    pub fn invalid(context: &str, detail: impl Into<String>) -> Error {
        Error::InvalidArgument {
            context: context.into(),
            detail: detail.into(),
        }
        .counted()
    }

    /// A lent object (a vector PETSc passes to a callback, a basis column, ...) given
    /// to `context`, which would keep it past its loan.
    #[doc(hidden)]
    #[cold]
    pub fn lent(context: &str, class: &str) -> Error {
        Error::invalid(
            context,
            format!(
                "the {class} is lent for a scope (a callback's argument, a column, ...) and \
                 would be kept past it: pass a copy (`duplicate` and `copy_from`, or `clone()`, \
                 which copies a lent object)"
            ),
        )
    }

    /// A callback that replaced the object it was lent for its output (`*y = other`)
    /// instead of writing into it.
    #[doc(hidden)]
    #[cold]
    pub fn replaced_output(class: &str) -> Error {
        Error::invalid(
            "callback",
            format!(
                "the closure replaced the {class} it was lent for its output (`*y = ...`) \
                 instead of writing into it (`copy_from`, `set`, `view_mut`, ...): \
                 PETSc would not see the result"
            ),
        )
    }

    /// An error for a callback to return, in the user's own words.
    ///
    /// ```
    /// let e = petsc::Error::user("negative temperature");
    /// assert_eq!(e.to_string(), "negative temperature");
    /// ```
    pub fn user(message: impl Into<String>) -> Error {
        Error::User(message.into()).counted()
    }

    /// An error with `message` (anything that prints): for a closure or a program that
    /// wants to fail in its own words, as [`Error::user`].
    ///
    /// ```
    /// let limit = 3;
    /// let e = petsc::Error::msg(format_args!("more than {limit} outer iterations"));
    /// assert_eq!(e.to_string(), "more than 3 outer iterations");
    /// ```
    pub fn msg(message: impl std::fmt::Display) -> Error {
        Error::user(message.to_string())
    }

    /// PETSc's error code as a number, for errors that came from PETSc;
    /// [`error_code`](Self::error_code) names it.
    pub fn code(&self) -> Option<i32> {
        match self {
            Error::Petsc { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// PETSc's error code, for errors that came from PETSc.
    ///
    /// ```
    /// use petsc::{ErrorCode, FileMode, Viewer};
    /// let petsc = petsc::Petsc::init()?;
    /// let e = Viewer::binary_file(&petsc.self_comm(), "/nonexistent/x.bin", FileMode::Read)
    ///     .unwrap_err();
    /// assert_eq!(e.error_code(), Some(ErrorCode::FileOpen));
    /// assert_eq!(petsc::Error::user("mine").error_code(), None);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn error_code(&self) -> Option<ErrorCode> {
        self.code().map(ErrorCode::from)
    }
}

/// What the error handler recorded for the error in flight.
#[derive(Default)]
struct Record {
    message: String,
    traceback: Vec<String>,
}

thread_local! {
    static RECORD: RefCell<Option<Record>> = const { RefCell::new(None) };
    static PENDING: RefCell<Option<Error>> = const { RefCell::new(None) };
    /// Whether `PENDING` holds an error: a `Cell<bool>` has no destructor, so reading it
    /// on every successful call costs one thread-local load.
    static HAS_PENDING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static DESTROY_FAILURES: RefCell<Vec<Error>> = const { RefCell::new(Vec::new()) };
    /// How many Rust callbacks are running on this thread (nested ones included).
    static CALLBACK_DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Whether a Rust callback is running on this thread: a solve started now is nested in
/// another PETSc call (perhaps another solve).
pub(crate) fn in_callback() -> bool {
    CALLBACK_DEPTH.with(|d| d.get()) > 0
}

/// A PETSc error with PETSc's description of `code`, for the errors petsc-rs raises in
/// PETSc's place.
pub(crate) fn petsc_error(code: i32, message: impl Into<String>) -> Error {
    Error::Petsc {
        code,
        kind: kind_of(code),
        message: message.into(),
        traceback: Vec::new(),
    }
    .counted()
}

fn cstr(p: *const c_char) -> String {
    if p.is_null() {
        String::new()
    } else {
        // SAFETY: PETSc passes NUL-terminated strings that live for the call.
        unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
    }
}

/// The handler pushed at initialization: records instead of printing.
pub(crate) unsafe extern "C" fn error_handler(
    _comm: sys::MPI_Comm,
    line: c_int,
    fun: *const c_char,
    file: *const c_char,
    n: sys::PetscErrorCode,
    p: sys::PetscErrorType,
    mess: *const c_char,
    _ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let frame = format!("{}() at {}:{}", cstr(fun), cstr(file), line);
    let message = cstr(mess);
    RECORD.with(|r| {
        let mut r = r.borrow_mut();
        if p == sys::PetscErrorType::PETSC_ERROR_INITIAL || r.is_none() {
            *r = Some(Record {
                message,
                traceback: vec![frame],
            });
        } else if let Some(rec) = r.as_mut() {
            if rec.message.is_empty() {
                rec.message = message;
            }
            rec.traceback.push(frame);
        }
    });
    n
}

/// PETSc's generic text for an error code.
fn kind_of(code: i32) -> String {
    let mut text: *const c_char = std::ptr::null();
    // SAFETY: PetscErrorMessage writes a pointer to a static string (or leaves it null).
    let ierr = unsafe { sys::PetscErrorMessage(code, &mut text, std::ptr::null_mut()) };
    if ierr == 0 && !text.is_null() {
        return cstr(text);
    }
    // Codes some PETSc versions have no text for (`PetscErrorMessage` of 3.18 stops at
    // 90).
    match code {
        91 => "Solver did not converge".to_string(),
        92 => "MatGetFactor() failed".to_string(),
        _ => format!("unknown error code {code}"),
    }
}

/// Turns a PETSc error code into a `Result`.
///
/// A callback error stashed by a trampoline takes precedence (it is what the user needs
/// to see); otherwise the message and traceback recorded by the error handler are used.
/// A pending callback error is reported even when the C call returned 0, because some
/// PETSc solvers turn a failed callback into a converged reason instead of an error.
#[inline]
pub fn check(ierr: sys::PetscErrorCode) -> Result<()> {
    if ierr == 0 && !HAS_PENDING.with(|h| h.get()) {
        return Ok(());
    }
    failure(ierr)
}

/// The slow path of [`check`]: builds the error.
#[cold]
#[inline(never)]
fn failure(ierr: sys::PetscErrorCode) -> Result<()> {
    // The options blocks the failed call left open lie in its frames, below this one;
    // the blocks of frames still running lie above it.
    let here = 0u8;
    // SAFETY: frees only the copies of blocks whose frame lies below this function's
    // (gone); reads no PetscOptionItems.
    unsafe { sys::petscrs_options_blocks_reap(std::ptr::addr_of!(here).cast()) };
    let record = RECORD.with(|r| r.borrow_mut().take()).unwrap_or_default();
    HAS_PENDING.with(|h| h.set(false));
    if let Some(e) = PENDING.with(|p| p.borrow_mut().take()) {
        return Err(e);
    }
    if ierr == 0 {
        return Ok(());
    }
    let message = if record.message.is_empty() {
        kind_of(ierr)
    } else {
        record.message
    };
    Err(Error::Petsc {
        code: ierr,
        kind: kind_of(ierr),
        message,
        traceback: record.traceback,
    }
    .counted())
}

/// Raises a PETSc error from inside a callback, so the solver unwinds through its own
/// error path; `error` is kept and returned by [`check`] once C returns.
pub fn raise_in_callback(error: Error) -> sys::PetscErrorCode {
    let text = CString::new(report(&error).replace('\0', " "))
        .unwrap_or_else(|_| CString::new("callback failed").expect("static"));
    PENDING.with(|p| {
        let mut p = p.borrow_mut();
        if p.is_none() {
            *p = Some(error);
        }
    });
    HAS_PENDING.with(|h| h.set(true));
    // SAFETY: PetscError is variadic; "%s" with one NUL-terminated string is valid.
    unsafe {
        sys::PetscError(
            sys::petscrs_comm_self(),
            line!() as c_int,
            c"rust callback".as_ptr(),
            c"petsc-rs".as_ptr(),
            sys::petscrs_err_user(),
            sys::PetscErrorType::PETSC_ERROR_INITIAL,
            c"%s".as_ptr(),
            text.as_ptr(),
        )
    }
}

/// Records `error` for the next [`check`] (the first recorded error wins), without
/// raising a PETSc error: for callbacks whose C signature returns nothing (the
/// pointwise functions of finite elements), which can only spoil their output and
/// leave the error to be reported when the PETSc call that ran them returns.
pub(crate) fn record_pending(error: Error) {
    let error = error.counted();
    PENDING.with(|p| {
        let mut p = p.borrow_mut();
        if p.is_none() {
            *p = Some(error);
        }
    });
    HAS_PENDING.with(|h| h.set(true));
}

/// Whether a callback of the PETSc call under way has already failed and recorded its
/// error ([`record_pending`]): later points of the same assembly skip their closure.
pub(crate) fn has_pending() -> bool {
    HAS_PENDING.with(|h| h.get())
}

/// Runs a Rust callback body for C: catches panics and turns both `Err` and panics into
/// a PETSc error code, so nothing unwinds across C frames.
pub fn run_callback<F>(name: &str, f: F) -> sys::PetscErrorCode
where
    F: FnOnce() -> Result<()>,
{
    match catch_body(f) {
        Ok(()) => 0,
        Err(failed) => (*failed).raise(name),
    }
}

/// [`run_callback`] without raising the error in PETSc: the closure's `Err` or panic as
/// [`Error::Callback`] or [`Error::CallbackPanic`] naming `name`, for a trampoline that
/// decides itself what PETSc sees (a solver told to stop instead of failing).
pub fn catch_callback<F>(name: &str, f: F) -> Result<()>
where
    F: FnOnce() -> Result<()>,
{
    catch_body(f).map_err(|failed| (*failed).named(name))
}

/// How a callback's body ended when it did not return `Ok`: its error, or the payload
/// of its panic. Boxed, so that the body's outcome is one pointer (null when it
/// succeeded) whatever the size of an [`Error`].
pub(crate) enum Failed {
    /// The closure returned `Err`.
    Err(Error),
    /// The closure panicked.
    Panic(Box<dyn std::any::Any + Send>),
}

impl Failed {
    /// The error this names `name`: [`Error::Callback`] or [`Error::CallbackPanic`].
    #[cold]
    #[inline(never)]
    pub(crate) fn named(self, name: &str) -> Error {
        match self {
            Failed::Err(e) => Error::Callback {
                callback: name.to_string(),
                source: Box::new(e),
            }
            .counted(),
            Failed::Panic(payload) => Error::CallbackPanic {
                callback: name.to_string(),
                message: take_panic(payload),
            }
            .counted(),
        }
    }

    /// [`named`](Self::named), raised in PETSc ([`raise_in_callback`]): the error code
    /// the trampoline returns.
    #[cold]
    #[inline(never)]
    pub(crate) fn raise(self, name: &str) -> sys::PetscErrorCode {
        raise_in_callback(self.named(name))
    }
}

/// The body of [`run_callback`] and [`catch_callback`]: runs `f` as a callback (its
/// arguments' loans end when it returns, panics are caught), naming nothing: the
/// callback's name is needed only when it failed, and is given then.
#[inline]
pub(crate) fn catch_body<F>(f: F) -> std::result::Result<(), Box<Failed>>
where
    F: FnOnce() -> Result<()>,
{
    catch_body_in(true, f)
}

/// [`catch_body`] for a callback that lends its closure no handle (only slices or
/// numbers): no loan frame of its own (see `loan::enter_unlent`).
#[inline]
pub(crate) fn catch_body_unlent<F>(f: F) -> std::result::Result<(), Box<Failed>>
where
    F: FnOnce() -> Result<()>,
{
    catch_body_in(false, f)
}

/// [`catch_body`], with a loan frame for the arguments the callback lends if `lends`.
#[inline(always)]
fn catch_body_in<F>(lends: bool, f: F) -> std::result::Result<(), Box<Failed>>
where
    F: FnOnce() -> Result<()>,
{
    CALLBACK_DEPTH.with(|d| d.set(d.get() + 1));
    let frame = if lends {
        crate::loan::enter()
    } else {
        crate::loan::enter_unlent()
    };
    // `catch_unwind` returns on a panic too, so the count always comes back down.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        f().map_err(|e| Box::new(Failed::Err(e)))
    }));
    // The loans of the callback's arguments end with it, even those of handles the
    // closure moved out of its arguments.
    if lends {
        crate::loan::leave(frame);
    } else {
        crate::loan::leave_unlent(frame);
    }
    CALLBACK_DEPTH.with(|d| d.set(d.get() - 1));
    match result {
        Ok(r) => r,
        Err(payload) => Err(Box::new(Failed::Panic(payload))),
    }
}

/// The message of a caught panic, with its payload dropped where a panicking destructor
/// cannot unwind into C or out of a runtime being finalized: the panic of a payload whose
/// `Drop` panics is caught, and its own payload is freed when it is a message (`&str` or
/// `String`, whose drop cannot panic) and leaked otherwise.
pub(crate) fn take_panic(payload: Box<dyn std::any::Any + Send>) -> String {
    let message = panic_message(&*payload);
    if let Err(again) =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || drop(payload)))
    {
        if again.is::<&str>() || again.is::<String>() {
            drop(again);
        } else {
            std::mem::forget(again);
        }
    }
    message
}

/// The message of a caught panic (`panic!("...")` gives a `&str` or a `String`).
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "non-string panic payload".to_string()
    }
}

/// Pops every read lock (`VecLockReadPush`) left on `v` by the PETSc frames a failed
/// callback's error unwinds.
///
/// PETSc locks a vector read-only around the user callback it hands it to
/// (`SNESComputeFunction`, `SNESComputeJacobian`, `SNESMonitor`, `TSComputeRHSFunction`,
/// `TSMonitor`, `MatMult`, `PCApply`, ...) and pops the lock when the callback returns,
/// but only on success: an error returns through `PetscCall` before the pop. Up to 3.21
/// the locks exist only in debug builds of PETSc (Debian's are optimized); from 3.22 on
/// they are always on, so a vector handed to a callback that failed stayed read-only for
/// good, and the caller's next `VecSet` on it (or the next solve writing into it) failed
/// with "Vector ... was locked for read-only access". A trampoline whose closure failed
/// calls this on the vectors it was handed, before returning the error: the error ends
/// the solve, so none of the frames between the solve and the callback pops what it
/// pushed, and no lock from outside the solve can be on these vectors (the solve's
/// vectors are borrowed mutably by it, and the rest are the solver's own).
///
/// Raw calls, not [`check`]: the pending callback error must survive for the solve.
///
/// # Safety
/// `v` must be null or a live vector.
#[cfg(petsc_3_22)]
pub(crate) unsafe fn release_read_locks(v: sys::Vec) {
    if v.is_null() {
        return;
    }
    // Bounded: a lock count is a nesting depth, never large.
    for _ in 0..64 {
        let mut state: sys::PetscInt = 0;
        // SAFETY: live vector (caller); PETSc writes the lock count.
        if unsafe { sys::VecLockGet(v, &mut state) } != 0 || state <= 0 {
            return;
        }
        // SAFETY: live vector holding at least one read lock.
        if unsafe { sys::VecLockReadPop(v) } != 0 {
            return;
        }
    }
}

/// Up to 3.21 the read locks are compiled out of optimized PETSc builds (and
/// `VecLockGet` with them), so there is nothing to release.
///
/// # Safety
/// `v` must be null or a live vector.
#[cfg(not(petsc_3_22))]
pub(crate) unsafe fn release_read_locks(_v: sys::Vec) {}

/// Returns `code`, first releasing the read locks on `vecs` (see [`release_read_locks`])
/// when it is an error: for trampolines to wrap the code [`run_callback`] returns.
///
/// # Safety
/// Every element of `vecs` must be null or a live vector.
pub(crate) unsafe fn unlock_on_error(
    code: sys::PetscErrorCode,
    vecs: &[sys::Vec],
) -> sys::PetscErrorCode {
    if code != 0 {
        for &v in vecs {
            // SAFETY: forwarded to the caller.
            unsafe { release_read_locks(v) };
        }
    }
    code
}

/// Records a failed destroy (called from `Drop`, which must not panic).
pub fn record_destroy(ierr: sys::PetscErrorCode) {
    if let Err(e) = check(ierr) {
        // Kept, not returned: not counted (a rank holding one has not failed).
        DESTROY_FAILURES.with(|d| d.borrow_mut().push(e.uncounted()));
    }
}

/// Errors raised by PETSc while destroying objects in `Drop` on this thread since the
/// last call, which `Drop` cannot return. Empty in a correct program.
///
/// ```
/// assert!(petsc::take_destroy_failures().is_empty());
/// ```
pub fn take_destroy_failures() -> Vec<Error> {
    let taken = DESTROY_FAILURES.with(|d| std::mem::take(&mut *d.borrow_mut()));
    taken.into_iter().map(Error::counted).collect()
}

/// A C string for PETSc from a Rust one; `context` names the caller in the error.
pub fn c_string(context: &str, s: &str) -> Result<CString> {
    CString::new(s).map_err(|_| Error::invalid(context, format!("{s:?} contains a NUL byte")))
}

/// Checks that every index is below `bound` (negative indices are allowed: PETSc ignores
/// them). `what` names the index kind in the message (`"row"`, `"index"`).
#[inline]
pub(crate) fn check_indices(
    context: &str,
    what: &str,
    idx: &[crate::scalar::Int],
    bound: crate::scalar::Int,
) -> Result<()> {
    if idx.iter().all(|&i| i < bound) {
        return Ok(());
    }
    index_error(context, what, idx, bound)
}

#[cold]
#[inline(never)]
fn index_error(
    context: &str,
    what: &str,
    idx: &[crate::scalar::Int],
    bound: crate::scalar::Int,
) -> Result<()> {
    let (pos, i) = idx
        .iter()
        .enumerate()
        .find(|&(_, &i)| i >= bound)
        .map(|(p, &i)| (p, i))
        .unwrap_or((0, bound));
    Err(Error::out_of_range(
        context,
        format!("{what} {i} (position {pos}) is not below the global size {bound}"),
    ))
}

/// Refuses a tolerance that is NaN, infinite or negative, naming it and its value.
/// PETSc lets some of these through (a NaN compares false with everything, so it passes
/// `tol < 0` checks and then never converges) and reads a negative one as
/// `PETSC_DEFAULT` (-2) or `PETSC_DECIDE` (-1), silently keeping the old value. `None`
/// (keep PETSc's value) passes.
pub(crate) fn check_tolerance(
    context: &str,
    name: &str,
    v: Option<crate::scalar::Real>,
) -> Result<()> {
    match v {
        Some(t) if !(t.is_finite() && t >= 0.0) => Err(Error::invalid(
            context,
            format!("{name} is {t}; it must be finite and not negative"),
        )),
        _ => Ok(()),
    }
}

/// Refuses a count (iteration limit, ...) below `min`, naming it and its value; PETSc
/// reads -1 and -2 as `PETSC_DECIDE`/`PETSC_DEFAULT`, or clamps. `None` passes.
pub(crate) fn check_count(
    context: &str,
    name: &str,
    v: Option<crate::scalar::Int>,
    min: crate::scalar::Int,
) -> Result<()> {
    match v {
        Some(n) if n < min => Err(Error::invalid(
            context,
            format!("{name} is {n}; it must be at least {min}"),
        )),
        _ => Ok(()),
    }
}

/// Refuses a NaN or infinite real argument, naming it and its value.
pub(crate) fn check_finite(context: &str, name: &str, v: crate::scalar::Real) -> Result<()> {
    if v.is_finite() {
        Ok(())
    } else {
        Err(Error::invalid(
            context,
            format!("{name} is {v}; it must be finite"),
        ))
    }
}

/// A slice length as `Int`, or an `Err` naming `what` when it does not fit.
pub(crate) fn int_len(context: &str, what: &str, n: usize) -> Result<crate::scalar::Int> {
    crate::scalar::Int::try_from(n).map_err(|_| {
        Error::size_mismatch(context, format!("{n} {what} are more than PetscInt holds"))
    })
}

#[cfg(test)]
mod tests {
    use super::{Error, live};

    fn alive(message: &str) -> bool {
        live().iter().any(|(_, m)| m == message)
    }

    /// An error counts as alive from its making to its drop, through moves and clones;
    /// one kept aside (`uncounted`) does not.
    #[test]
    fn live_errors_are_counted_until_dropped() {
        let e = Error::user("live-count test: one");
        assert!(alive("live-count test: one"));
        let copy = e.clone();
        drop(e);
        assert!(alive("live-count test: one"), "the clone still lives");
        let moved = vec![copy];
        assert!(alive("live-count test: one"), "moved, still alive");
        drop(moved);
        assert!(!alive("live-count test: one"));
        let inner = Error::invalid("f", "live-count test: two");
        let outer = Error::Callback {
            callback: "cb".into(),
            source: Box::new(inner),
        }
        .counted();
        assert!(alive("invalid argument to f: live-count test: two"));
        assert!(alive(
            "callback cb failed: invalid argument to f: live-count test: two"
        ));
        assert_eq!(
            outer.to_string(),
            "callback cb failed",
            "the source is not repeated"
        );
        drop(outer);
        assert!(!alive("invalid argument to f: live-count test: two"));
        let kept = Error::user("live-count test: three").uncounted();
        assert!(!alive("live-count test: three"));
        drop(kept);
    }
}

thread_local! {
    /// The first failure of an options handler (`OptionsHandlers`) since a
    /// `set_from_options` of a Rust handle last took it.
    static OPTIONS_FAILED: std::cell::RefCell<Option<Error>> = const { std::cell::RefCell::new(None) };
}

/// Keeps an options handler's failure for the `set_from_options` call that ran it: the
/// handler reports success to PETSc, whose `XSetFromOptions` would otherwise return
/// without ending its options block.
pub(crate) fn defer_options_error(e: Error) {
    OPTIONS_FAILED.with(|f| {
        f.borrow_mut().get_or_insert(e);
    });
}

/// The result of an `XSetFromOptions` call: its error code, else the failure of an
/// options handler it ran (`OptionsHandlers`). Every `set_from_options` of a handle
/// checks its call with this rather than [`check`].
pub fn check_from_options(ierr: sys::PetscErrorCode) -> Result<()> {
    let r = check(ierr);
    let failed = OPTIONS_FAILED.with(|f| f.borrow_mut().take());
    r?;
    failed.map_or(Ok(()), Err)
}
