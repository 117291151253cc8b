//! Devices and their execution contexts (`PetscDevice`, `PetscDeviceContext`):
//! [`Device`], one accelerator (or the host), and [`DeviceContext`] (in `context`), a
//! stream of work on a device that solvers order their kernels by.
//!
//! A PETSc without GPUs has the host device only: its contexts run everything at once on
//! the CPU, so they are always idle and synchronizing does nothing, but the calls, their
//! checks and the ordering of contexts (fork, join, wait) behave as on a GPU. A PETSc
//! whose device code is built as C (`PETSC_DEVICELANGUAGE_C`, as PyPI's) makes no
//! objects at all: its host device handle holds none, and making a context is an `Err`.
//!
//! ```
//! use petsc::{Device, DeviceType};
//! let petsc = petsc::Petsc::init()?;
//! let host = Device::new(&petsc, DeviceType::Host, None)?;
//! assert_eq!(host.device_type()?, DeviceType::Host);
//! # Ok::<(), petsc::Error>(())
//! ```

use petsc_sys as sys;

use crate::error::{Error, Result, check, record_destroy};
use crate::init::Petsc;
use crate::object::AsViewer;
use crate::scalar::Int;

mod context;

pub use context::{DeviceContext, JoinMode, StreamType};

crate::c_enum! {
    /// The kind of a device (`PetscDeviceType`).
    pub DeviceType: sys::PetscDeviceType {
        Host = PETSC_DEVICE_HOST "the CPU.",
        Cuda = PETSC_DEVICE_CUDA "an NVIDIA GPU.",
        Hip = PETSC_DEVICE_HIP "an AMD GPU.",
        Sycl = PETSC_DEVICE_SYCL "a SYCL device.",
    }
}

/// One device (`PetscDevice`; petsc4py's `Device`): the host, or a GPU of a PETSc built
/// for one. Not a PETSc object: it has no communicator, name or options. Some PETSc
/// versions (3.26) make no object for the host: its handle then holds none, and PETSc
/// answers for the host.
#[doc(alias = "PetscDevice")]
pub struct Device {
    ptr: sys::PetscDevice,
    petsc: Petsc,
}

impl Device {
    /// A device of kind `ty` (`PetscDeviceCreate`; not collective): device number
    /// `device_id`, or PETSc's choice for `None`. A kind this PETSc was not built for is
    /// an `Err`.
    ///
    /// ```
    /// use petsc::{Device, DeviceType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut d = Device::new(&petsc, DeviceType::Host, None)?;
    /// d.configure()?;
    /// assert_eq!(d.device_id()?, 0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscDeviceCreate")]
    pub fn new(petsc: &Petsc, ty: DeviceType, device_id: Option<Int>) -> Result<Device> {
        const CTX: &str = "Device::new";
        if let Some(id) = device_id.filter(|&id| id < 0) {
            return Err(Error::out_of_range(
                CTX,
                format!("device number {id}; it must not be negative"),
            ));
        }
        Device::check_built(petsc, CTX, ty)?;
        let mut d: sys::PetscDevice = std::ptr::null_mut();
        // SAFETY: PETSc is initialized (`petsc` lives); PETSc writes the new device.
        check(unsafe {
            sys::PetscDeviceCreate(
                ty.raw(),
                device_id.unwrap_or(sys::PETSC_DECIDE as Int),
                &mut d,
            )
        })?;
        Ok(Device {
            ptr: d,
            petsc: petsc.clone(),
        })
    }

    /// The same as [`new`](Self::new) (petsc4py's `create`).
    #[deprecated(
        since = "0.2.0",
        note = "use `Device::new` (constructors are `new`/`new_*`)"
    )]
    #[doc(alias = "PetscDeviceCreate")]
    pub fn create(petsc: &Petsc, ty: DeviceType, device_id: Option<Int>) -> Result<Device> {
        Device::new(petsc, ty, device_id)
    }

    /// Wraps a device PETSc lent (a context's), taking a reference of its own.
    ///
    /// # Safety
    /// `ptr` must be a live device, or null: the host on PETSc versions that make no
    /// object for it (3.26).
    pub(crate) unsafe fn from_raw_borrowed(petsc: &Petsc, ptr: sys::PetscDevice) -> Result<Device> {
        if !ptr.is_null() {
            // SAFETY: live device (caller); one more reference, released on drop.
            check(unsafe { sys::petscrs_PetscDeviceReference(ptr) })?;
        }
        Ok(Device {
            ptr,
            petsc: petsc.clone(),
        })
    }

    /// The raw pointer, valid while `self` lives.
    pub fn as_raw(&self) -> sys::PetscDevice {
        self.ptr
    }

    /// Prints the device's description with `viewer` (`PetscDeviceView`).
    #[doc(alias = "PetscDeviceView")]
    pub fn view_with(&self, viewer: &dyn AsViewer) -> Result<()> {
        // SAFETY: live device and viewer.
        check(unsafe { sys::PetscDeviceView(self.ptr, viewer.raw_viewer()) })
    }

    crate::methods![for Device;
        /// Prepares the device for use and makes it the current one of its kind
        /// (`PetscDeviceConfigure`).
        pub fn configure(&mut self) = PetscDeviceConfigure as "PetscDeviceConfigure";
        /// The kind of the device (`PetscDeviceGetType`).
        pub fn device_type(&self) -> DeviceType = PetscDeviceGetType as "PetscDeviceGetType";
        /// The number of the underlying device, as its runtime numbers them
        /// (`PetscDeviceGetDeviceId`; 0 for the host).
        pub fn device_id(&self) -> Int = PetscDeviceGetDeviceId as "PetscDeviceGetDeviceId";
    ];

    /// Makes `ty` the kind of device new contexts use (`PetscDeviceSetDefaultDeviceType`).
    /// A kind this PETSc was not built for is an `Err`.
    #[doc(alias = "PetscDeviceSetDefaultDeviceType")]
    pub fn set_default_type(petsc: &Petsc, ty: DeviceType) -> Result<()> {
        Device::check_built(petsc, "Device::set_default_type", ty)?;
        // SAFETY: PETSc is initialized (`petsc` lives).
        check(unsafe { sys::PetscDeviceSetDefaultDeviceType(ty.raw()) })
    }

    /// The kind of device new contexts use (`PETSC_DEVICE_DEFAULT()`).
    #[doc(alias = "PETSC_DEVICE_DEFAULT")]
    pub fn default_type(petsc: &Petsc) -> Result<DeviceType> {
        let _ = petsc;
        // SAFETY: PETSc is initialized (`petsc` lives); a plain query.
        DeviceType::from_raw(
            unsafe { sys::PETSC_DEVICE_DEFAULT() },
            "Device::default_type",
        )
    }

    /// Refuses, in `ctx`, a kind of device this PETSc was not built for (PETSc would
    /// abort initializing it).
    fn check_built(petsc: &Petsc, ctx: &str, ty: DeviceType) -> Result<()> {
        let package = match ty {
            DeviceType::Host => return Ok(()),
            DeviceType::Cuda => "cuda",
            DeviceType::Hip => "hip",
            DeviceType::Sycl => "sycl",
        };
        if !petsc.has_external_package(package)? {
            return Err(Error::invalid(
                ctx,
                format!("this PETSc has no {ty:?} device (it was not built for one)"),
            ));
        }
        Ok(())
    }

    /// Initializes the devices of kind `ty` now (`PetscDeviceInitialize`), as their
    /// first use would. A kind this PETSc was not built for is an `Err`.
    #[doc(alias = "PetscDeviceInitialize")]
    pub fn initialize(petsc: &Petsc, ty: DeviceType) -> Result<()> {
        Device::check_built(petsc, "Device::initialize", ty)?;
        // SAFETY: PETSc is initialized (`petsc` lives); the kind is built in.
        check(unsafe { sys::PetscDeviceInitialize(ty.raw()) })
    }

    /// Whether devices of kind `ty` are initialized (`PetscDeviceInitialized`), by
    /// [`initialize`](Self::initialize) or a first use.
    #[doc(alias = "PetscDeviceInitialized")]
    pub fn is_initialized(petsc: &Petsc, ty: DeviceType) -> bool {
        let _ = petsc;
        // SAFETY: PETSc is initialized (`petsc` lives); a plain query.
        unsafe { sys::PetscDeviceInitialized(ty.raw()) == sys::PETSC_BOOL_TRUE }
    }
}

impl Clone for Device {
    /// A second handle to the same device (one more PETSc reference).
    fn clone(&self) -> Device {
        // SAFETY: `self` holds a reference to a live device.
        unsafe { Device::from_raw_borrowed(&self.petsc, self.ptr) }
            .unwrap_or_else(|e| panic!("cannot share a Device: {e}"))
    }
}

impl Drop for Device {
    fn drop(&mut self) {
        if !self.ptr.is_null() {
            // SAFETY: the handle owns one reference to a live device.
            record_destroy(unsafe { sys::PetscDeviceDestroy(&mut self.ptr) });
        }
    }
}

impl std::fmt::Debug for Device {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Device")
            .field("type", &self.device_type().ok())
            .field("id", &self.device_id().ok())
            .finish()
    }
}
