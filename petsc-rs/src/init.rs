//! Initialization and finalization of PETSc (and MPI).
//!
//! [`Petsc`] is a cheap, clonable handle on the process's PETSc runtime. Every object
//! keeps a clone, and `PetscFinalize` (then `MPI_Finalize`) runs when the last clone is
//! dropped, so safe code can never touch an object after finalization.
//!
//! `init` is near the bottom of the module order and depends on `error` only: the
//! methods of [`Petsc`] that hand out other types are defined with those types,
//! [`Petsc::world`], [`Petsc::self_comm`] and [`Petsc::print`] in `comm`,
//! [`Petsc::options`] and [`Petsc::options_with_prefix`] in `options`.

use std::cell::Cell;
use std::ffi::CString;
use std::os::raw::c_char;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};

use mpi::environment::Universe;
use petsc_sys as sys;

use crate::error::{Error, Result, c_string, check};

static INITIALIZED: AtomicBool = AtomicBool::new(false);

/// The PETSc runtime of this process.
///
/// ```
/// let petsc = petsc::Petsc::init()?;
/// let world = petsc.world();
/// assert!(world.rank() < world.size());
/// # Ok::<(), petsc::Error>(())
/// ```
pub struct Petsc {
    rt: Rc<Runtime>,
}

thread_local! {
    /// How many [`Petsc`] handles are alive on this thread (the program's own and the
    /// one every object keeps; handles are `!Send`, so they stay on the thread of the
    /// runtime). Read at exit: a count above zero means handles were leaked. A plain
    /// count: a callback's arguments take a handle each, every evaluation.
    static HANDLES: Cell<usize> = const { Cell::new(0) };
}

/// One more [`Petsc`] handle alive (`HANDLES`).
fn handle_made() {
    HANDLES.set(HANDLES.get() + 1);
}

impl Clone for Petsc {
    fn clone(&self) -> Self {
        handle_made();
        Petsc {
            rt: Rc::clone(&self.rt),
        }
    }
}

impl Drop for Petsc {
    fn drop(&mut self) {
        let _ = HANDLES.try_with(|h| h.set(h.get().saturating_sub(1)));
    }
}

/// A [`Petsc`] that does not keep the runtime alive, for tables that outlive every
/// handle (the constructors of the types written in Rust, registered for the program's
/// life): [`upgrade`](Self::upgrade) gives a handle while the runtime lives.
#[derive(Clone)]
pub(crate) struct WeakPetsc(std::rc::Weak<Runtime>);

impl Petsc {
    /// This runtime, not kept alive by the result.
    pub(crate) fn downgrade(&self) -> WeakPetsc {
        WeakPetsc(Rc::downgrade(&self.rt))
    }
}

impl Petsc {
    /// The default communicator's inner communicator (`None`: `PETSC_COMM_WORLD`).
    pub(crate) fn default_comm_raw(&self) -> Option<sys::MPI_Comm> {
        self.rt.default_comm.get()
    }

    /// Makes `comm` (an inner communicator holding one PETSc reference, which the
    /// runtime takes over; `None` for `PETSC_COMM_WORLD`) the default communicator, and
    /// returns the one it replaces (whose reference the caller releases).
    pub(crate) fn replace_default_comm(
        &self,
        comm: Option<sys::MPI_Comm>,
    ) -> Option<sys::MPI_Comm> {
        self.rt.default_comm.replace(comm)
    }
}

impl WeakPetsc {
    /// A handle to the runtime, `None` once it is gone.
    pub(crate) fn upgrade(&self) -> Option<Petsc> {
        let rt = self.0.upgrade()?;
        handle_made();
        Some(Petsc { rt })
    }
}

/// Lists the Rust closures still registered (`crate::callback`, which sets it when it
/// files its first closure), for the note at exit on leaked handles: `init` sits below
/// the modules that hold objects and closures and names none of them.
static CLOSURE_LIST: std::sync::OnceLock<fn() -> Vec<String>> = std::sync::OnceLock::new();

/// Gives the exit note its list of the closures still registered (see `CLOSURE_LIST`).
pub(crate) fn set_closure_list(list: fn() -> Vec<String>) {
    let _ = CLOSURE_LIST.set(list);
}

unsafe extern "C" {
    /// The C library's `atexit`: runs a function when the process exits normally.
    fn atexit(f: extern "C" fn()) -> std::os::raw::c_int;
}

/// Finalizes PETSc and MPI at exit when handles were leaked (`std::mem::forget`, a
/// reference cycle through a closure), so that `-log_view` and `-malloc_dump` still
/// report and the launcher sees a normal end. Registered once, by [`Builder::init`];
/// does nothing when the last handle was dropped in time.
extern "C" fn finalize_at_exit() {
    if Petsc::is_finalized() {
        return;
    }
    // The count is this thread's: a runtime made on another thread counts there.
    let count = match HANDLES.try_with(Cell::get).unwrap_or(0) {
        0 => "handles".to_string(),
        n => format!("{n} handle(s)"),
    };
    eprintln!(
        "petsc-rs: {count} on the PETSc runtime (objects, communicators or Petsc) \
         were never dropped (leaked with std::mem::forget or a reference cycle); \
         finalizing PETSc and MPI at exit"
    );
    let closures = CLOSURE_LIST.get().map(|list| list()).unwrap_or_default();
    if !closures.is_empty() {
        let mut note = String::from(
            "petsc-rs: closures still alive, with the objects that keep them (a closure \
             that captures the object keeping it, or a handle made from that object such \
             as a DM's vector, is a reference cycle: capture neither, use the closure's \
             arguments or the `*_local` forms, which lend the DM to the closure):\n",
        );
        for c in &closures {
            note.push_str(&format!("petsc-rs:   {c}\n"));
        }
        eprint!("{note}");
    }
    crate::verdict::finish();
    // SAFETY: at exit no PETSc function runs, so no options block is open for real.
    unsafe { sys::petscrs_options_blocks_reap(std::ptr::null()) };
    // SAFETY: PETSc was initialized (this hook is registered after PetscInitialize) and
    // not finalized; the process is exiting, so no handle can be used afterwards.
    let ierr = unsafe { sys::PetscFinalize() };
    if ierr != 0 {
        eprintln!("petsc-rs: PetscFinalize failed with error code {ierr}");
    }
    let mut done = 0;
    // SAFETY: MPI_Finalized may be called at any time.
    unsafe { mpi::ffi::MPI_Finalized(&mut done) };
    if done == 0 {
        // SAFETY: MPI is initialized and not finalized; nothing uses it after exit.
        unsafe { mpi::ffi::MPI_Finalize() };
    }
}

impl std::fmt::Debug for Petsc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Petsc")
            .field("args", &self.rt.args)
            .finish()
    }
}

struct Runtime {
    /// The program's arguments as PETSc saw them; PETSc keeps pointers into `argv` until
    /// finalization, so both live here.
    args: Vec<String>,
    _cargs: Vec<CString>,
    _argv: Vec<*mut c_char>,
    _help: Option<CString>,
    /// One PETSc reference each to the inner communicators of `PETSC_COMM_WORLD` and
    /// `PETSC_COMM_SELF`, held until finalization: the first `PetscCommDuplicate` of a
    /// communicator calls `MPI_Comm_dup`, which is collective, so without these a rank
    /// asking for `world()` alone could wait for the others.
    world: sys::MPI_Comm,
    solo: sys::MPI_Comm,
    /// The default communicator set by `Petsc::set_default_comm` (one PETSc reference to
    /// its inner communicator), `None` for `PETSC_COMM_WORLD`.
    default_comm: Cell<Option<sys::MPI_Comm>>,
    /// Dropped after `PetscFinalize`, which finalizes MPI.
    universe: Option<Universe>,
}

impl Drop for Runtime {
    fn drop(&mut self) {
        // On several ranks, a rank dropping the runtime with an error alive (returned
        // from `main`) may be the one the others wait for: it ends the job rather than
        // wait for them in `MPI_Finalize` (crate::verdict).
        crate::verdict::finish();
        for comm in [&mut self.world, &mut self.solo] {
            // SAFETY: releases the reference taken in `Builder::init`.
            unsafe { sys::PetscCommDestroy(comm) };
        }
        if let Some(mut comm) = self.default_comm.take() {
            // SAFETY: releases the reference `Petsc::replace_default_comm` kept.
            unsafe { sys::PetscCommDestroy(&mut comm) };
        }
        // SAFETY: pops the handler pushed by `Builder::init` (PETSc frees its record).
        unsafe { sys::PetscPopErrorHandler() };
        // SAFETY: no PETSc function runs when the last handle goes (a callback's
        // handles are lent), so no options block is open for real: the copies of those
        // an error left open are freed.
        unsafe { sys::petscrs_options_blocks_reap(std::ptr::null()) };
        // SAFETY: every object holds a clone of the runtime, so none is left; PETSc was
        // initialized by `Builder::init` and is finalized exactly once, here.
        let ierr = unsafe { sys::PetscFinalize() };
        if ierr != 0 {
            eprintln!("petsc-rs: PetscFinalize failed with error code {ierr}");
        }
        drop(self.universe.take());
    }
}

/// Options for [`Petsc::builder`]: arguments, help text and an existing MPI universe.
///
/// ```
/// let petsc = petsc::Petsc::builder()
///     .args(["prog", "-ksp_type", "cg"])
///     .help("A small program.\n")
///     .init()?;
/// assert_eq!(petsc.options().get::<String>("ksp_type")?.as_deref(), Some("cg"));
/// # Ok::<(), petsc::Error>(())
/// ```
#[derive(Default)]
pub struct Builder {
    args: Option<Vec<String>>,
    help: Option<String>,
    universe: Option<Universe>,
}

impl std::fmt::Debug for Builder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Builder")
            .field("args", &self.args)
            .field("help", &self.help)
            .field("universe", &self.universe.is_some())
            .finish()
    }
}

impl Builder {
    /// The program's arguments, program name first (default: none, only `PETSC_OPTIONS`).
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.args = Some(args.into_iter().map(Into::into).collect());
        self
    }

    /// Help text printed by `-help` before the options each object lists.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Uses an MPI universe the program already initialized with rsmpi. The runtime keeps
    /// it and finalizes MPI after PETSc.
    pub fn universe(mut self, universe: Universe) -> Self {
        self.universe = Some(universe);
        self
    }

    /// Initializes MPI (unless a universe was given) and PETSc.
    ///
    /// Fails with [`Error::AlreadyInitialized`] if PETSc was initialized before in this
    /// process, even if it has since been finalized (MPI cannot start twice), and with
    /// an error naming [`universe`](Self::universe) if MPI was initialized by someone
    /// else (an rsmpi `Universe` the program holds, say): whoever initialized it would
    /// finalize it while PETSc still runs. Give the universe to the runtime instead,
    /// which finalizes MPI after PETSc; nothing is started by the refused call.
    ///
    /// ```
    /// let universe = petsc::mpi::initialize().expect("MPI initializes once");
    /// let e = petsc::Petsc::builder().init().unwrap_err();
    /// assert!(e.to_string().contains("Petsc::builder().universe"), "{e}");
    /// let petsc = petsc::Petsc::builder().universe(universe).init()?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn init(self) -> Result<Petsc> {
        if INITIALIZED.swap(true, Ordering::SeqCst) {
            return Err(Error::AlreadyInitialized);
        }
        check_library_version()?;
        let universe = match self.universe {
            Some(u) => Some(u),
            None => match mpi::initialize() {
                Some(u) => Some(u),
                None => {
                    INITIALIZED.store(false, Ordering::SeqCst);
                    return Err(Error::invalid(
                        "Petsc::init",
                        "MPI was initialized before PETSc by someone else (an rsmpi \
                         Universe, say), who would finalize it under PETSc: give the \
                         universe to the runtime with Petsc::builder().universe(u), \
                         which finalizes MPI after PETSc",
                    ));
                }
            },
        };
        let args = self.args.unwrap_or_else(|| vec!["petsc-rs".to_string()]);
        let args = if args.is_empty() {
            vec!["petsc-rs".to_string()]
        } else {
            args
        };
        let cargs = args
            .iter()
            .map(|a| c_string("Petsc::init", a))
            .collect::<Result<Vec<_>>>()?;
        let mut argv: Vec<*mut c_char> = cargs.iter().map(|c| c.as_ptr() as *mut c_char).collect();
        argv.push(std::ptr::null_mut());
        let help = self
            .help
            .as_deref()
            .map(|h| c_string("Petsc::init", h))
            .transpose()?;
        let mut argc = cargs.len() as std::os::raw::c_int;
        let mut argv_ptr = argv.as_mut_ptr();
        // SAFETY: argc/argv describe NUL-terminated strings kept alive in the runtime until
        // after PetscFinalize; help is NUL-terminated or null.
        let ierr = unsafe {
            sys::PetscInitialize(
                &mut argc,
                &mut argv_ptr,
                std::ptr::null(),
                help.as_ref().map_or(std::ptr::null(), |h| h.as_ptr()),
            )
        };
        if ierr != 0 {
            // PETSc failed on this rank (a bad options file, say) while the others may
            // be waiting in one of PetscInitialize's collectives: finalizing MPI here
            // would wait for them forever. Leave MPI up, so that this process exiting
            // makes the launcher end the job instead of hanging it.
            if let Some(u) = universe {
                if mpi::traits::Communicator::size(&u.world()) > 1 {
                    std::mem::forget(u);
                }
            }
            return Err(Error::Petsc {
                code: ierr,
                kind: "initialization".into(),
                message: match take_int_refusal() {
                    Some(why) => format!("PetscInitialize failed: {why}"),
                    None => {
                        "PetscInitialize failed (PETSc printed the reason on standard error)".into()
                    }
                },
                traceback: vec![],
            }
            .counted());
        }
        // SAFETY: PETSc is initialized; the handler is a plain function with no context.
        check(unsafe {
            sys::PetscPushErrorHandler(Some(crate::error::error_handler), std::ptr::null_mut())
        })?;
        // SAFETY: PETSc is initialized; the world and self communicators are live.
        let outer = unsafe { [sys::petscrs_comm_world(), sys::petscrs_comm_self()] };
        let mut inner = outer;
        for (o, i) in outer.iter().zip(inner.iter_mut()) {
            // SAFETY: collective over each communicator, called by every rank at init.
            check(unsafe { sys::PetscCommDuplicate(*o, i, std::ptr::null_mut()) })?;
        }
        crate::verdict::start();
        // SAFETY: registers a plain function with no captured state.
        if unsafe { atexit(finalize_at_exit) } != 0 {
            eprintln!("petsc-rs: atexit failed; a leaked handle would skip finalization");
        }
        handle_made();
        Ok(Petsc {
            rt: Rc::new(Runtime {
                args,
                world: inner[0],
                solo: inner[1],
                default_comm: Cell::new(None),
                _cargs: cargs,
                _argv: argv,
                _help: help,
                universe,
            }),
        })
    }
}

/// Refuses a PETSc library (found at run time) of another version line than the headers
/// the bindings were generated from: the two would disagree on types and layouts.
fn check_library_version() -> Result<()> {
    let (mut major, mut minor, mut sub) = (0, 0, 0);
    // SAFETY: writes three integers; the release flag pointer may be null. Needs no
    // initialization.
    unsafe { sys::PetscGetVersionNumber(&mut major, &mut minor, &mut sub, std::ptr::null_mut()) };
    let headers = sys::HEADER_VERSION;
    if !headers.starts_with(&format!("{major}.{minor}.")) {
        return Err(Error::invalid(
            "Petsc::init",
            format!(
                "the PETSc library loaded is {major}.{minor}.{sub}, but the bindings were built \
                 from PETSc {headers}'s headers; rebuild, or make the loader find the same \
                 PETSc (rpath, LD_LIBRARY_PATH)"
            ),
        ));
    }
    Ok(())
}

impl Petsc {
    /// Initializes MPI and PETSc with the program's arguments (`std::env::args`), so
    /// every program accepts PETSc's options (`-ksp_type gmres`, `-log_view`, ...).
    pub fn init() -> Result<Petsc> {
        Petsc::builder().args(std::env::args()).init()
    }

    /// A [`Builder`] for arguments, help text or an existing rsmpi universe.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// Whether PETSc has been initialized in this process (it may since be finalized).
    pub fn was_initialized() -> bool {
        INITIALIZED.load(Ordering::SeqCst)
    }

    /// Whether PETSc has been finalized in this process (`PetscFinalized`): true once
    /// the last handle is gone.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// assert!(!petsc::Petsc::is_finalized());
    /// drop(petsc);
    /// assert!(petsc::Petsc::is_finalized());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscFinalized")]
    pub fn is_finalized() -> bool {
        let mut done = sys::PETSC_BOOL_FALSE;
        // SAFETY: PetscFinalized only reads a global flag; it may be called at any time.
        unsafe { sys::PetscFinalized(&mut done) };
        done == sys::PETSC_BOOL_TRUE
    }

    /// The arguments PETSc was initialized with, program name first.
    pub fn args(&self) -> &[String] {
        &self.rt.args
    }

    /// rsmpi's world communicator, for MPI collectives beside PETSc.
    ///
    /// ```
    /// use petsc::mpi::traits::*;
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.mpi_world();
    /// let mut sum = 0;
    /// world.all_reduce_into(&1, &mut sum, petsc::mpi::collective::SystemOperation::sum());
    /// assert_eq!(sum, world.size());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    ///
    /// The result keeps the runtime alive, so MPI cannot be finalized while it is in use
    /// (before, using it after the last handle was dropped aborted in `MPI_Barrier`).
    /// Communicators made from it with rsmpi (`duplicate`, `split_by_color`) are rsmpi's
    /// own and must be dropped before the runtime.
    #[doc(alias = "MPI_COMM_WORLD")]
    pub fn mpi_world(&self) -> MpiWorld {
        MpiWorld {
            comm: mpi::topology::SimpleCommunicator::world(),
            _rt: self.clone(),
        }
    }

    /// Whether this PETSc was configured with an external package, by its lower-case name
    /// in `PETSC_HAVE_PACKAGES` (`"mumps"`, `"superlu_dist"`, `"hypre"`):
    /// `PetscHasExternalPackage`. Programs use it to choose, say, an iterative inner solve
    /// where no parallel direct solver was built.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// assert!(!petsc.has_external_package("no_such_package")?);
    /// assert!(petsc.has_external_package("mumps\0").is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscHasExternalPackage")]
    pub fn has_external_package(&self, package: &str) -> Result<bool> {
        let name = c_string("Petsc::has_external_package", package)?;
        let mut has = sys::PETSC_BOOL_FALSE;
        // SAFETY: PETSc is initialized (`self`); a NUL-terminated name and one output.
        check(unsafe { sys::PetscHasExternalPackage(name.as_ptr(), &mut has) })?;
        Ok(has == sys::PETSC_BOOL_TRUE)
    }
}

/// rsmpi's world communicator together with a handle on the PETSc runtime
/// ([`Petsc::mpi_world`]): it dereferences to [`mpi::topology::SimpleCommunicator`], so
/// every rsmpi method applies, and MPI stays initialized while it lives.
///
/// ```
/// use petsc::mpi::traits::*;
/// let petsc = petsc::Petsc::init()?;
/// let world = petsc.mpi_world();
/// drop(petsc);
/// world.barrier(); // still fine: `world` keeps PETSc and MPI up
/// assert!(!petsc::Petsc::is_finalized());
/// drop(world);
/// assert!(petsc::Petsc::is_finalized());
/// # Ok::<(), petsc::Error>(())
/// ```
pub struct MpiWorld {
    comm: mpi::topology::SimpleCommunicator,
    _rt: Petsc,
}

impl std::ops::Deref for MpiWorld {
    type Target = mpi::topology::SimpleCommunicator;
    fn deref(&self) -> &Self::Target {
        &self.comm
    }
}

impl std::fmt::Debug for MpiWorld {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MpiWorld").finish_non_exhaustive()
    }
}

/// The message of the last integer option refused by the checks of the integers PETSc
/// parses itself (see [`Options::get`](crate::Options::get)), if any since the last call: for the error of
/// `PetscInitialize`, which reports only a code.
pub(crate) fn take_int_refusal() -> Option<String> {
    let mut buf = [0 as c_char; 512];
    // SAFETY: writes at most `buf.len()` bytes, NUL-terminated, into the buffer.
    unsafe { sys::petscrs_parsed_ints_take_refusal(buf.as_mut_ptr(), buf.len()) };
    // SAFETY: NUL-terminated by the call above.
    let text = unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) }
        .to_string_lossy()
        .into_owned();
    (!text.is_empty()).then_some(text)
}
