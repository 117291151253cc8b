//! Execution contexts on a device (`PetscDeviceContext`): [`DeviceContext`], with its
//! stream kinds ([`StreamType`]) and the ways forked contexts join their parent
//! ([`JoinMode`]).

use petsc_sys as sys;

use super::Device;
use crate::error::{Error, Result, check, int_len};
use crate::init::Petsc;
use crate::object::{Object, petsc_handle};

petsc_handle!(
    /// A stream of work on a device (`PetscDeviceContext`; petsc4py's `DeviceContext`):
    /// operations given the same context run in order; contexts forked from one run
    /// side by side until joined.
    ///
    /// ```
    /// use petsc::DeviceContext;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ctx = DeviceContext::new(&petsc)?;
    /// ctx.set_up()?;
    /// assert!(ctx.idle()?);
    /// ctx.synchronize()?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscDeviceContext")]
    DeviceContext,
    sys::PetscDeviceContext,
    sys::PetscDeviceContextDestroy
);

#[cfg(not(petsc_3_21))]
crate::c_enum! {
    /// How a context's stream waits on others (`PetscStreamType`; PETSc 3.21 renamed the
    /// kinds).
    pub StreamType: sys::PetscStreamType {
        GlobalBlocking = PETSC_STREAM_GLOBAL_BLOCKING "blocked by, and blocking, every \
            other stream (the default).",
        DefaultBlocking = PETSC_STREAM_DEFAULT_BLOCKING "independent of other streams but \
            blocked by the null stream.",
        GlobalNonblocking = PETSC_STREAM_GLOBAL_NONBLOCKING "blocked by nothing.",
    }
}

#[cfg(petsc_3_21)]
crate::c_enum! {
    /// How a context's stream waits on others (`PetscStreamType`; PETSc 3.21 renamed the
    /// kinds).
    pub StreamType: sys::PetscStreamType {
        Default = PETSC_STREAM_DEFAULT "the device's default stream (the default).",
        Nonblocking = PETSC_STREAM_NONBLOCKING "blocked by nothing.",
        DefaultWithBarrier = PETSC_STREAM_DEFAULT_WITH_BARRIER "the default stream, \
            synchronized at the end of PETSc's asynchronous calls.",
        NonblockingWithBarrier = PETSC_STREAM_NONBLOCKING_WITH_BARRIER "nonblocking, \
            synchronized at the end of PETSc's asynchronous calls.",
    }
}

crate::c_enum! {
    /// What [`DeviceContext::join`] does with the contexts it joins
    /// (`PetscDeviceContextJoinMode`).
    pub JoinMode: sys::PetscDeviceContextJoinMode {
        Destroy = PETSC_DEVICE_CONTEXT_JOIN_DESTROY "the parent waits for them, and they \
            are destroyed.",
        Sync = PETSC_DEVICE_CONTEXT_JOIN_SYNC "the parent waits for them, and they for \
            the parent.",
        NoSync = PETSC_DEVICE_CONTEXT_JOIN_NO_SYNC "the parent waits for them.",
    }
}

/// Refuses, in `ctx`, the null context a PETSc whose device code is compiled as C
/// (`PETSC_DEVICELANGUAGE_C`, as PyPI's) makes: it has no device contexts.
fn made(ctx: &str, c: sys::PetscDeviceContext) -> Result<()> {
    if c.is_null() {
        return Err(Error::invalid(
            ctx,
            "this PETSc has no device contexts (its device code is built as C): it made none",
        ));
    }
    Ok(())
}

impl DeviceContext {
    /// A new context (`PetscDeviceContextCreate`; not collective), on the default device
    /// once [`set_up`](Self::set_up). A PETSc whose device code is built as C (PyPI's)
    /// makes no contexts: an `Err` there.
    #[doc(alias = "PetscDeviceContextCreate")]
    pub fn new(petsc: &Petsc) -> Result<DeviceContext> {
        let mut c: sys::PetscDeviceContext = std::ptr::null_mut();
        // SAFETY: PETSc is initialized (`petsc` lives); PETSc writes the new context.
        check(unsafe { sys::PetscDeviceContextCreate(&mut c) })?;
        made("DeviceContext::new", c)?;
        Ok(DeviceContext::from_raw(petsc, c))
    }

    /// The same as [`new`](Self::new) (petsc4py's `create`).
    #[deprecated(
        since = "0.2.0",
        note = "use `DeviceContext::new` (constructors are `new`/`new_*`)"
    )]
    #[doc(alias = "PetscDeviceContextCreate")]
    pub fn create(petsc: &Petsc) -> Result<DeviceContext> {
        DeviceContext::new(petsc)
    }

    /// The context PETSc's calls use when given none (`PetscDeviceContextGetCurrentContext`;
    /// set up), with a reference of its own.
    ///
    /// ```
    /// use petsc::DeviceContext;
    /// let petsc = petsc::Petsc::init()?;
    /// let root = DeviceContext::current(&petsc)?;
    /// let mut mine = DeviceContext::new(&petsc)?;
    /// mine.set_up()?;
    /// mine.set_current()?;
    /// assert_eq!(DeviceContext::current(&petsc)?.as_raw(), mine.as_raw());
    /// root.set_current()?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscDeviceContextGetCurrentContext")]
    pub fn current(petsc: &Petsc) -> Result<DeviceContext> {
        let mut c: sys::PetscDeviceContext = std::ptr::null_mut();
        // SAFETY: PETSc is initialized (`petsc` lives); PETSc lends its current context.
        check(unsafe { sys::PetscDeviceContextGetCurrentContext(&mut c) })?;
        made("DeviceContext::current", c)?;
        // SAFETY: the live context just lent; the handle takes a reference of its own.
        unsafe { DeviceContext::from_raw_borrowed(petsc, c) }
    }

    crate::methods![for DeviceContext;
        /// Makes this context the current one (`PetscDeviceContextSetCurrentContext`);
        /// PETSc keeps a reference. It must be set up.
        pub fn set_current(&self) = PetscDeviceContextSetCurrentContext as "PetscDeviceContextSetCurrentContext";
        /// How the context's stream waits on others (`PetscDeviceContextGetStreamType`).
        pub fn stream_type(&self) -> StreamType = PetscDeviceContextGetStreamType as "PetscDeviceContextGetStreamType";
        /// Sets how the context's stream waits on others
        /// (`PetscDeviceContextSetStreamType`), before or after set-up.
        pub fn set_stream_type(&mut self, ty: StreamType) = PetscDeviceContextSetStreamType as "PetscDeviceContextSetStreamType";
        /// Prepares the context on its device, the default one if none was set
        /// (`PetscDeviceContextSetUp`).
        pub fn set_up(&mut self) = PetscDeviceContextSetUp as "PetscDeviceContextSetUp";
        /// Waits until all the work given to the context is done
        /// (`PetscDeviceContextSynchronize`).
        pub fn synchronize(&mut self) = PetscDeviceContextSynchronize as "PetscDeviceContextSynchronize";
        /// Whether all the work given to the context is done
        /// (`PetscDeviceContextQueryIdle`).
        pub fn idle(&self) -> bool = PetscDeviceContextQueryIdle as "PetscDeviceContextQueryIdle";
    ];

    /// The device the context runs on (`PetscDeviceContextGetDevice`), with a reference
    /// of its own; an `Err` when PETSc has none for it (before one is set or the context
    /// is set up, and for the host on PETSc versions that make no host device object).
    #[doc(alias = "PetscDeviceContextGetDevice")]
    pub fn device(&self) -> Result<Device> {
        let mut d: sys::PetscDevice = std::ptr::null_mut();
        // SAFETY: live context; PETSc lends its device (or null).
        check(unsafe { sys::PetscDeviceContextGetDevice(self.ptr, &mut d) })?;
        if d.is_null() {
            return Err(Error::invalid(
                "DeviceContext::device",
                "the context has no device yet: set one or set the context up",
            ));
        }
        // SAFETY: the live device just lent; the handle takes a reference of its own.
        unsafe { Device::from_raw_borrowed(self.petsc(), d) }
    }

    /// Runs the context on `device` (`PetscDeviceContextSetDevice`); the context keeps
    /// its own reference. The host device of a PETSc that makes no object for it (3.26)
    /// is an `Err`: contexts run there by default.
    #[doc(alias = "PetscDeviceContextSetDevice")]
    pub fn set_device(&mut self, device: &Device) -> Result<()> {
        if device.as_raw().is_null() {
            return Err(Error::invalid(
                "DeviceContext::set_device",
                "this PETSc makes no object for the host device; a context runs on the host \
                 without one",
            ));
        }
        // SAFETY: live context and device; PETSc takes its own reference to the device.
        check(unsafe { sys::PetscDeviceContextSetDevice(self.ptr, device.as_raw()) })
    }

    /// A new context on the same device with the same stream kind
    /// (`PetscDeviceContextDuplicate`), set up.
    #[doc(alias = "PetscDeviceContextDuplicate")]
    pub fn duplicate(&self) -> Result<DeviceContext> {
        let mut c: sys::PetscDeviceContext = std::ptr::null_mut();
        // SAFETY: live context; PETSc writes the new one, whose reference the handle
        // takes over.
        check(unsafe { sys::PetscDeviceContextDuplicate(self.ptr, &mut c) })?;
        made("DeviceContext::duplicate", c)?;
        Ok(DeviceContext::from_raw(self.petsc(), c))
    }

    /// Makes the work given to this context from now on wait for the work given to
    /// `other` until now (`PetscDeviceContextWaitForContext`). Waiting for itself does
    /// nothing.
    #[doc(alias = "PetscDeviceContextWaitForContext")]
    pub fn wait_for(&mut self, other: &DeviceContext) -> Result<()> {
        // SAFETY: live contexts.
        check(unsafe { sys::PetscDeviceContextWaitForContext(self.ptr, other.ptr) })
    }

    /// Reads the stream kind and device from the options database
    /// (`PetscDeviceContextSetFromOptions`: `-device_context_stream_type`,
    /// `-device_context_device_type`). PETSc reads the context's device: a context
    /// without a device object (not set up; the host on PETSc 3.26) is an `Err`.
    #[doc(alias = "PetscDeviceContextSetFromOptions")]
    pub fn set_from_options(&mut self) -> Result<()> {
        // PETSc reads the kind of the context's device without checking there is one.
        let mut d: sys::PetscDevice = std::ptr::null_mut();
        // SAFETY: live context; PETSc lends its device (or null).
        check(unsafe { sys::PetscDeviceContextGetDevice(self.ptr, &mut d) })?;
        if d.is_null() {
            return Err(Error::invalid(
                "DeviceContext::set_from_options",
                "the context has no device object (set it up first; PETSc 3.26 makes none \
                 for the host)",
            ));
        }
        let comm = self.comm();
        // SAFETY: live context and communicator.
        check(unsafe { sys::PetscDeviceContextSetFromOptions(comm.as_raw(), self.ptr) })
    }

    /// `n` new contexts on the same device, each waiting for the work given to this one
    /// until now (`PetscDeviceContextFork`), to be [`join`](Self::join)ed back: a context
    /// with children not joined cannot be destroyed (dropping it then records an error
    /// and leaves it).
    ///
    /// ```
    /// use petsc::{DeviceContext, JoinMode};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut parent = DeviceContext::new(&petsc)?;
    /// parent.set_up()?;
    /// let children = parent.fork(3)?;
    /// assert_eq!(children.len(), 3);
    /// parent.join(children, JoinMode::Destroy)?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscDeviceContextFork")]
    pub fn fork(&mut self, n: usize) -> Result<Vec<DeviceContext>> {
        let count = int_len("DeviceContext::fork", "contexts", n)?;
        let mut subs: *mut sys::PetscDeviceContext = std::ptr::null_mut();
        // SAFETY: live context; PETSc allocates an array of `count` new contexts.
        check(unsafe { sys::PetscDeviceContextFork(self.ptr, count, &mut subs) })?;
        let children = (0..n)
            // SAFETY: the array PETSc made holds `n` live contexts, each with one
            // reference, which the handles take over.
            .map(|i| DeviceContext::from_raw(self.petsc(), unsafe { *subs.add(i) }))
            .collect();
        // SAFETY: the array PETSc allocated; the contexts in it are the handles'.
        check(unsafe { sys::petscrs_PetscFree(subs.cast()) })?;
        Ok(children)
    }

    /// Joins contexts [`fork`](Self::fork)ed from this one
    /// (`PetscDeviceContextJoin`): this context waits for their work; with
    /// [`JoinMode::Destroy`] they are destroyed, else they are handed back to be joined
    /// again later (with `Destroy` at last).
    #[doc(alias = "PetscDeviceContextJoin")]
    pub fn join(
        &mut self,
        children: Vec<DeviceContext>,
        mode: JoinMode,
    ) -> Result<Vec<DeviceContext>> {
        const CTX: &str = "DeviceContext::join";
        let n = int_len(CTX, "contexts", children.len())?;
        let bytes = std::mem::size_of::<sys::PetscDeviceContext>() * children.len().max(1);
        let mut subs: *mut sys::PetscDeviceContext = std::ptr::null_mut();
        // SAFETY: PETSc allocates `bytes`, freed below or by the join.
        check(unsafe {
            sys::petscrs_PetscMalloc(
                bytes,
                (&mut subs as *mut *mut sys::PetscDeviceContext).cast(),
            )
        })?;
        for (i, c) in children.iter().enumerate() {
            // SAFETY: the array holds `children.len()` entries.
            unsafe { *subs.add(i) = c.ptr };
        }
        // SAFETY: live parent and children, in an array PETSc allocated, which it frees
        // (and sets to null) when it destroys them.
        let e = unsafe { sys::PetscDeviceContextJoin(self.ptr, n, mode.raw(), &mut subs) };
        if !subs.is_null() {
            // SAFETY: the array allocated above, still ours.
            check(unsafe { sys::petscrs_PetscFree(subs.cast()) })?;
        }
        if mode != JoinMode::Destroy || e != 0 {
            check(e)?;
            return Ok(children);
        }
        // The join released the handles' references.
        for mut c in children {
            c.ptr = std::ptr::null_mut();
            drop(c);
        }
        Ok(Vec::new())
    }
}

// `Object`'s `set_from_options` on this handle are the class's own (see `object/hooks.rs`).
impl crate::ffi::ClassHooks<DeviceContext> for crate::ffi::ClassOf<DeviceContext> {
    fn set_from_options(&self, obj: &mut DeviceContext) -> crate::Result<()> {
        obj.set_from_options()
    }
}
