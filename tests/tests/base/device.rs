//! Devices and device contexts (`PetscDevice`, `PetscDeviceContext`) on a PETSc built
//! for the host only, at 1 and 2 ranks: the host device, the context's stream kind and
//! device, duplication, fork and join, waits, the current context; kinds PETSc was not
//! built for are `Err`s.

use petsc::{Device, DeviceContext, DeviceType, JoinMode, Object, Petsc, StreamType};
use petsc_tests::Case;

/// The host device: its kind and number, and the default kind.
fn host_device(petsc: &Petsc) -> petsc::Result<()> {
    Device::initialize(petsc, DeviceType::Host)?;
    assert!(Device::is_initialized(petsc, DeviceType::Host));
    let mut host = Device::new(petsc, DeviceType::Host, None)?;
    host.configure()?;
    assert_eq!(host.device_type()?, DeviceType::Host);
    assert_eq!(host.device_id()?, 0);
    let again = host.clone();
    drop(host);
    assert_eq!(again.device_type()?, DeviceType::Host);
    let default = Device::default_type(petsc)?;
    Device::set_default_type(petsc, DeviceType::Host)?;
    assert_eq!(Device::default_type(petsc)?, DeviceType::Host);
    Device::set_default_type(petsc, default)?;
    // Kinds this PETSc has no runtime for, and a negative number.
    for gpu in [DeviceType::Cuda, DeviceType::Hip, DeviceType::Sycl] {
        if !Device::is_initialized(petsc, gpu) && Device::initialize(petsc, gpu).is_err() {
            let e = Device::new(petsc, gpu, None).unwrap_err().report();
            assert!(e.contains("not built for one"), "{e}");
            assert!(Device::set_default_type(petsc, gpu).is_err());
        }
    }
    let e = Device::new(petsc, DeviceType::Host, Some(-2))
        .unwrap_err()
        .to_string();
    assert!(e.contains("must not be negative"), "{e}");
    Ok(())
}

/// A new context, or `None` (the case skipped) on a PETSc without device contexts
/// (PyPI's, whose device code is built as C).
fn context(petsc: &Petsc) -> petsc::Result<Option<DeviceContext>> {
    match DeviceContext::new(petsc) {
        Ok(c) => Ok(Some(c)),
        Err(e) if e.report().contains("has no device contexts") => {
            petsc_tests::skip_case("a PETSc with device contexts (this one's device code is C)");
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// A context's stream kind and device; duplicates, waits, the current context.
fn contexts(petsc: &Petsc) -> petsc::Result<()> {
    let Some(mut ctx) = context(petsc)? else {
        return Ok(());
    };
    let kinds = StreamType::ALL;
    ctx.set_stream_type(kinds[1])?;
    assert_eq!(ctx.stream_type()?, kinds[1]);
    assert!(ctx.set_from_options().is_err()); // no device before set-up
    ctx.set_up()?;
    if ctx.device().is_ok() {
        ctx.set_from_options()?;
    }
    let kind = ctx.stream_type()?;
    assert_eq!(kind, kinds[1]);
    // PETSc 3.26 makes no object for the host device: a host context has none.
    match ctx.device() {
        Ok(d) => assert_eq!(d.device_type()?, DeviceType::Host),
        Err(e) if !cfg!(petsc_3_26) => return Err(e),
        Err(_) => {}
    }
    assert!(ctx.idle()?);
    ctx.synchronize()?;
    let mut dup = ctx.duplicate()?;
    assert_ne!(dup.as_raw(), ctx.as_raw());
    assert_eq!(dup.stream_type()?, kind);
    dup.wait_for(&ctx)?;
    ctx.wait_for(&dup)?;
    let host = Device::new(petsc, DeviceType::Host, None)?;
    let mut on_host = DeviceContext::new(petsc)?;
    if host.as_raw().is_null() {
        assert!(on_host.set_device(&host).is_err()); // PETSc 3.26: no host object
    } else {
        on_host.set_device(&host)?;
        on_host.set_up()?;
        assert_eq!(on_host.device()?.device_type()?, DeviceType::Host);
    }
    // The current context: replaced, then put back.
    let root = DeviceContext::current(petsc)?;
    ctx.set_current()?;
    assert_eq!(DeviceContext::current(petsc)?.as_raw(), ctx.as_raw());
    root.set_current()?;
    assert_eq!(DeviceContext::current(petsc)?.as_raw(), root.as_raw());
    assert_eq!(ctx.class_name()?, "PetscDeviceContext");
    Ok(())
}

/// Forked contexts: as many as asked, joined back with or without destroying them.
fn fork_and_join(petsc: &Petsc) -> petsc::Result<()> {
    let Some(mut parent) = context(petsc)? else {
        return Ok(());
    };
    parent.set_up()?;
    let children = parent.fork(3)?;
    assert_eq!(children.len(), 3);
    for c in &children {
        assert!(c.idle()?);
    }
    // Joined without destroying: handed back, then joined for good.
    let children = parent.join(children, JoinMode::Sync)?;
    assert_eq!(children.len(), 3);
    let children = parent.join(children, JoinMode::NoSync)?;
    assert!(parent.join(children, JoinMode::Destroy)?.is_empty());
    assert!(parent.fork(0)?.is_empty());
    let one = parent.fork(1)?;
    parent.join(one, JoinMode::Destroy)?;
    Ok(())
}

pub fn cases() -> Vec<Case> {
    const R: &[usize] = &[1, 2];
    vec![
        Case::new("host_device", host_device).ranks(R),
        Case::new("contexts", contexts).ranks(R),
        Case::new("fork_and_join", fork_and_join).ranks(R),
    ]
}
