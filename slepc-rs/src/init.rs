//! Initialization and finalization of SLEPc on top of the `petsc-rs` runtime.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use petsc::{Error, Petsc, Result};
use slepc_sys as sys;

use crate::error::check;

/// The SLEPc runtime of this process, on top of PETSc's.
///
/// [`Slepc::init`] calls `SlepcInitialize` once PETSc is running; every SLEPc object
/// (`Eps`, `St`, `Svd`) keeps a clone, and `SlepcFinalize` runs when the last clone is
/// dropped, before PETSc (whose runtime each clone also keeps) is finalized. SLEPc reads
/// its options (`-eps_type`, `-st_type`, ...) from the arguments PETSc was initialized
/// with, and `-help` lists them.
///
/// ```
/// let petsc = petsc::Petsc::init()?;
/// let slepc = slepc::Slepc::init(&petsc)?;
/// assert!(slepc::Slepc::is_initialized());
/// let again = slepc::Slepc::init(&petsc)?; // shares the same runtime
/// drop((slepc, again));
/// assert!(!slepc::Slepc::is_initialized());
/// # Ok::<(), petsc::Error>(())
/// ```
#[derive(Clone)]
pub struct Slepc {
    rt: Rc<Runtime>,
}

impl std::fmt::Debug for Slepc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Slepc")
            .field("version", &crate::version())
            .finish()
    }
}

struct Runtime {
    /// Dropped after `SlepcFinalize`: PETSc finalizes after SLEPc.
    petsc: Petsc,
}

impl Drop for Runtime {
    fn drop(&mut self) {
        // SAFETY: every SLEPc object holds a clone of this runtime, so none is left;
        // SLEPc was initialized by `Slepc::init` and is finalized once per initialization.
        let ierr = unsafe { sys::SlepcFinalize() };
        if ierr != 0 {
            eprintln!("slepc-rs: SlepcFinalize failed with error code {ierr}");
        }
    }
}

thread_local! {
    static CURRENT: RefCell<Weak<Runtime>> = const { RefCell::new(Weak::new()) };
}

impl Slepc {
    /// Initializes SLEPc (`SlepcInitialize`) on the running PETSc, or returns the live
    /// runtime if SLEPc is already running.
    pub fn init(petsc: &Petsc) -> Result<Slepc> {
        if let Some(rt) = CURRENT.with(|c| c.borrow().upgrade()) {
            return Ok(Slepc { rt });
        }
        if Petsc::is_finalized() {
            return Err(Error::invalid(
                "Slepc::init",
                "PETSc has been finalized in this process",
            ));
        }
        // A SLEPc library of another version than the headers (another libslepc.so found
        // first) would disagree on every type: refuse it here, clearly.
        let (major, minor, sub) = version();
        let headers = sys::HEADER_VERSION;
        if !headers.starts_with(&format!("{major}.{minor}.")) {
            return Err(Error::invalid(
                "Slepc::init",
                format!(
                    "the SLEPc library loaded is {major}.{minor}.{sub}, but the bindings were \
                     built from SLEPc {headers}'s headers; rebuild, or make the loader find \
                     the same SLEPc (rpath, LD_LIBRARY_PATH)"
                ),
            ));
        }
        // SAFETY: PETSc is initialized (`petsc` is alive), so SlepcInitialize neither
        // reads nor writes the (null) arguments; it registers SLEPc's packages.
        check(unsafe {
            sys::SlepcInitialize(
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null(),
                std::ptr::null(),
            )
        })?;
        register_class_names(petsc);
        let rt = Rc::new(Runtime {
            petsc: petsc.clone(),
        });
        CURRENT.with(|c| *c.borrow_mut() = Rc::downgrade(&rt));
        Ok(Slepc { rt })
    }

    /// Whether SLEPc is initialized now (`SlepcInitialized`).
    pub fn is_initialized() -> bool {
        let mut flag = sys::PETSC_BOOL_FALSE;
        // SAFETY: reads a global flag.
        unsafe { sys::SlepcInitialized(&mut flag) };
        flag == sys::PETSC_BOOL_TRUE
    }

    /// The PETSc runtime under this SLEPc.
    pub fn petsc(&self) -> &Petsc {
        &self.rt.petsc
    }
}

/// The SLEPc version of the library linked at run time, as `(major, minor, subminor)`.
///
/// ```
/// let (major, minor, _) = slepc::version();
/// assert_eq!(format!("{major}.{minor}"), slepc::sys::HEADER_VERSION.rsplitn(2, '.').nth(1).unwrap());
/// ```
pub fn version() -> (i32, i32, i32) {
    let (mut a, mut b, mut c): (petsc::Int, petsc::Int, petsc::Int) = (0, 0, 0);
    // SAFETY: writes three integers; the fourth (release flag) pointer may be null.
    unsafe { sys::SlepcGetVersionNumber(&mut a, &mut b, &mut c, std::ptr::null_mut()) };
    // PetscInt is i64 in a 64-bit-index build; version numbers fit in i32.
    #[allow(clippy::unnecessary_cast)]
    (a as i32, b as i32, c as i32)
}

/// The SLEPc version linked at run time with its release flag, as `(major, minor,
/// subminor, release)` (`SlepcGetVersionNumber`; `release` is false for a development
/// snapshot).
///
/// ```
/// let (major, minor, sub, _release) = slepc::version_info();
/// assert_eq!((major, minor, sub), slepc::version());
/// ```
#[doc(alias = "SlepcGetVersionNumber")]
pub fn version_info() -> (i32, i32, i32, bool) {
    let (mut a, mut b, mut c, mut r): (petsc::Int, petsc::Int, petsc::Int, petsc::Int) =
        (0, 0, 0, 0);
    // SAFETY: writes four integers.
    unsafe { sys::SlepcGetVersionNumber(&mut a, &mut b, &mut c, &mut r) };
    // PetscInt is i64 in a 64-bit-index build; version numbers fit in i32.
    #[allow(clippy::unnecessary_cast)]
    (a as i32, b as i32, c as i32, r != 0)
}

/// Whether SLEPc has been finalized (`SlepcFinalized`): false while any SLEPc handle
/// lives, true after the last one released SLEPc.
///
/// ```
/// let petsc = petsc::Petsc::init()?;
/// let _slepc = slepc::Slepc::init(&petsc)?;
/// assert!(!slepc::is_finalized());
/// # Ok::<(), petsc::Error>(())
/// ```
#[doc(alias = "SlepcFinalized")]
pub fn is_finalized() -> bool {
    let mut flag = sys::PETSC_BOOL_FALSE;
    // SAFETY: reads a global flag.
    unsafe { sys::SlepcFinalized(&mut flag) };
    flag == sys::PETSC_BOOL_TRUE
}

/// Whether SLEPc was built with the external package `name` (`SlepcHasExternalPackage`:
/// `"arpack"`, `"blopex"`, `"primme"`, ..., in any case).
///
/// ```
/// let petsc = petsc::Petsc::init()?;
/// let slepc = slepc::Slepc::init(&petsc)?;
/// assert!(!slepc::has_external_package(&slepc, "nosuchpackage")?);
/// # Ok::<(), petsc::Error>(())
/// ```
#[doc(alias = "SlepcHasExternalPackage")]
pub fn has_external_package(_slepc: &Slepc, name: &str) -> Result<bool> {
    let n = petsc::ffi::c_string("slepc::has_external_package", name)?;
    let mut flag = sys::PETSC_BOOL_FALSE;
    // SAFETY: SLEPc is initialized (the handle); a NUL-terminated name.
    check(unsafe { sys::SlepcHasExternalPackage(n.as_ptr(), &mut flag) })?;
    Ok(flag == sys::PETSC_BOOL_TRUE)
}

/// Makes `petsc.log().class("EPS")` (petsc4py's `Log.Class`) find SLEPc's classes by the
/// names their objects report, as slepc4py's registration of its types does.
fn register_class_names(petsc: &Petsc) {
    type ClassIdFn = fn() -> Result<i32>;
    let classes: [(&str, ClassIdFn); 11] = [
        ("ST", || {
            class_id(sys::STInitializePackage, &raw const sys::ST_CLASSID)
        }),
        ("BV", || {
            class_id(sys::BVInitializePackage, &raw const sys::BV_CLASSID)
        }),
        ("DS", || {
            class_id(sys::DSInitializePackage, &raw const sys::DS_CLASSID)
        }),
        ("FN", || {
            class_id(sys::FNInitializePackage, &raw const sys::FN_CLASSID)
        }),
        ("RG", || {
            class_id(sys::RGInitializePackage, &raw const sys::RG_CLASSID)
        }),
        ("EPS", || {
            class_id(sys::EPSInitializePackage, &raw const sys::EPS_CLASSID)
        }),
        ("SVD", || {
            class_id(sys::SVDInitializePackage, &raw const sys::SVD_CLASSID)
        }),
        ("PEP", || {
            class_id(sys::PEPInitializePackage, &raw const sys::PEP_CLASSID)
        }),
        ("NEP", || {
            class_id(sys::NEPInitializePackage, &raw const sys::NEP_CLASSID)
        }),
        ("MFN", || {
            class_id(sys::MFNInitializePackage, &raw const sys::MFN_CLASSID)
        }),
        ("LME", || {
            class_id(sys::LMEInitializePackage, &raw const sys::LME_CLASSID)
        }),
    ];
    for (name, find) in classes {
        petsc.log().register_class_name(name, find);
    }
}

/// The id of one of SLEPc's classes, `*id`, once its package (`init`:
/// `EPSInitializePackage`, ...) has registered it.
fn class_id(
    init: unsafe extern "C" fn() -> sys::PetscErrorCode,
    id: *const sys::PetscClassId,
) -> Result<i32> {
    // SAFETY: PETSc is initialized (the log that asks exists); the package registers its
    // classes and types once.
    check(unsafe { init() })?;
    // SAFETY: `id` is the address of the package's class id, a static SLEPc wrote above.
    Ok(unsafe { id.read() })
}
