//! The one callback model: every closure given to PETSc is registered under a number,
//! found through it with its kind checked, refused on re-entry, kept alive while it runs,
//! and freed exactly when the PETSc object (or routine slot) that owns it lets go.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use petsc::ffi::{call, register, registered_count};
use petsc::{
    CallbackKind, Error, Ksp, Mat, OptionsHandlers, Petsc, Real, Sizes, Snes, Tao, Ts, Vector,
};
use petsc_tests::Case;

type Counter = dyn FnMut(i32) -> petsc::Result<i32>;

/// Sets a flag when dropped: shows when a closure capturing it is freed.
struct DropFlag(Rc<Cell<bool>>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.set(true);
    }
}

fn message(e: Error) -> String {
    e.report()
}

/// Lookup by number: the right kind and type run the closure; another kind, another
/// type, a released number and a re-entrant call are `Err`s naming the callback; a
/// closure released while it runs is freed when it returns.
fn closures_are_found_by_number(petsc: &Petsc) -> petsc::Result<()> {
    let base = registered_count();
    let mut total = 0;
    let f: Box<Counter> = Box::new(move |x| {
        total += x;
        Ok(total)
    });
    let reg = register(petsc, CallbackKind::KspMonitor, f);
    assert_eq!(registered_count(), base + 1);
    let ctx = reg.context();
    assert_eq!(
        call::<Counter, _>(ctx, CallbackKind::KspMonitor, |_, f| f(2))?,
        2
    );
    assert_eq!(
        call::<Counter, _>(ctx, CallbackKind::KspMonitor, |_, f| f(3))?,
        5
    );

    let e = message(call::<Counter, _>(ctx, CallbackKind::SnesMonitor, |_, f| f(1)).unwrap_err());
    assert!(
        e.contains("SNES monitor") && e.contains("KSP monitor closure"),
        "{e}"
    );
    type Other = dyn FnMut() -> petsc::Result<()>;
    let e = message(call::<Other, _>(ctx, CallbackKind::KspMonitor, |_, f| f()).unwrap_err());
    assert!(e.contains("another kind of closure"), "{e}");

    // Re-entry: the closure is running, a second call is refused.
    let e = call::<Counter, _>(ctx, CallbackKind::KspMonitor, |_, _| {
        call::<Counter, _>(ctx, CallbackKind::KspMonitor, |_, f| f(1))
    })
    .unwrap_err();
    let e = message(e);
    assert!(
        e.contains("called again while it runs") && e.contains("KSP monitor"),
        "{e}"
    );

    drop(reg);
    assert_eq!(registered_count(), base);
    let e = message(call::<Counter, _>(ctx, CallbackKind::KspMonitor, |_, f| f(1)).unwrap_err());
    assert!(
        e.contains("KSP monitor") && e.contains("no Rust closure"),
        "{e}"
    );

    // Released while it runs: alive until the call returns.
    let dropped = Rc::new(Cell::new(false));
    let flag = DropFlag(dropped.clone());
    let g: Box<Counter> = Box::new(move |x| {
        let _ = &flag;
        Ok(x)
    });
    let reg = RefCell::new(Some(register(petsc, CallbackKind::TsMonitor, g)));
    let ctx = reg.borrow().as_ref().unwrap().context();
    let seen = dropped.clone();
    let v = call::<Counter, _>(ctx, CallbackKind::TsMonitor, |_, f| {
        drop(reg.borrow_mut().take());
        assert!(!seen.get(), "freed while running");
        f(7)
    })?;
    assert_eq!(v, 7);
    assert!(dropped.get(), "not freed after the call");
    assert_eq!(registered_count(), base);
    Ok(())
}

/// A closure that records it was dropped, for each setter.
fn flagged(flags: &mut Vec<Rc<Cell<bool>>>) -> DropFlag {
    let f = Rc::new(Cell::new(false));
    flags.push(f.clone());
    DropFlag(f)
}

/// Every kind of closure is freed when its object goes, when it is replaced, and when
/// its monitors are cancelled; the number of registered closures comes back to where it
/// started.
fn closures_die_with_their_objects(petsc: &Petsc) -> petsc::Result<()> {
    let base = registered_count();
    let world = petsc.world();
    let mut flags = Vec::new();

    // KSP monitors and a shell PC: cancelled and replaced closures go at once.
    let mut ksp = Ksp::new(&world)?;
    for _ in 0..2 {
        let d = flagged(&mut flags);
        ksp.monitor(move |_, _| {
            let _ = &d;
            Ok(())
        })?;
    }
    assert_eq!(registered_count(), base + 2);
    ksp.cancel_monitors()?;
    assert_eq!(registered_count(), base);
    let mut pc = ksp.pc()?;
    for _ in 0..2 {
        let d = flagged(&mut flags);
        pc.set_shell_apply(move |x, y| {
            let _ = &d;
            y.copy_from(x)
        })?;
    }
    assert_eq!(
        registered_count(),
        base + 1,
        "the replaced shell closure stayed"
    );
    drop(pc);
    drop(ksp);
    assert_eq!(registered_count(), base);

    // A shell matrix with both products.
    let d = flagged(&mut flags);
    let mut a = Mat::shell(&world)
        .sizes(Sizes::local(2, 2))
        .build(move |x, y| {
            let _ = &d;
            y.copy_from(x)
        })?;
    let d = flagged(&mut flags);
    a.set_mult_transpose(move |x, y| {
        let _ = &d;
        y.copy_from(x)
    })?;
    assert_eq!(registered_count(), base + 2);
    drop(a);
    assert_eq!(registered_count(), base);

    // Tao: every routine, twice (the second replaces the first), and a monitor.
    let mut tao = Tao::new(&world)?;
    for _ in 0..2 {
        let d = flagged(&mut flags);
        tao.set_objective(move |_| {
            let _ = &d;
            Ok(0.0 as Real)
        })?;
        let d = flagged(&mut flags);
        tao.set_gradient(move |_, g| {
            let _ = &d;
            g.set(0.0)
        })?;
    }
    let d = flagged(&mut flags);
    tao.monitor(move |_| {
        let _ = &d;
        Ok(())
    })?;
    assert_eq!(registered_count(), base + 3);
    drop(tao);
    assert_eq!(registered_count(), base);

    // SNES: residual and Jacobian on its DM, a monitor.
    let mut snes = Snes::new(&world)?;
    let r = Vector::new_mpi(&world, None, Some(4))?;
    let d = flagged(&mut flags);
    snes.set_function(r, move |x, f| {
        let _ = &d;
        f.copy_from(x)
    })?;
    let d = flagged(&mut flags);
    snes.monitor(move |_, _| {
        let _ = &d;
        Ok(())
    })?;
    assert_eq!(registered_count(), base + 2);
    drop(snes);
    assert_eq!(registered_count(), base);

    // TS: right-hand side, post-step, monitor.
    let mut ts = Ts::new(&world)?;
    let d = flagged(&mut flags);
    ts.set_rhs_function(None, move |_, u, g| {
        let _ = &d;
        g.copy_from(u)
    })?;
    let d = flagged(&mut flags);
    ts.set_post_step(move |_, _, _| {
        let _ = &d;
        Ok(())
    })?;
    let d = flagged(&mut flags);
    ts.monitor(move |_, _, _| {
        let _ = &d;
        Ok(())
    })?;
    assert_eq!(registered_count(), base + 3);
    drop(ts);
    assert_eq!(registered_count(), base);

    for (i, f) in flags.iter().enumerate() {
        assert!(f.get(), "closure {i} was never dropped");
    }
    Ok(())
}

/// Options handlers read the object's own options under its prefix each time it reads
/// its options, on every rank; one that fails or panics is the `Err` of
/// `set_from_options`, and the object works again once the handlers are dropped, which
/// frees their closures.
fn options_handlers(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let opts = petsc.options();
    opts.set_value("-outer_my_weight", "2.5")?;
    let mut snes = Snes::new(&world)?;
    snes.set_options_prefix("outer_")?;
    let (weight, runs) = (Rc::new(Cell::new(0.0)), Rc::new(Cell::new(0)));
    let (w, r) = (weight.clone(), runs.clone());
    let freed = Rc::new(Cell::new(false));
    let flag = DropFlag(freed.clone());
    snes.add_options_handler(move |block| {
        let _keep = &flag;
        r.set(r.get() + 1);
        w.set(block.real("-my_weight", "a weight of my own", 1.0)?);
        Ok(())
    })?;
    snes.set_from_options()?;
    snes.set_from_options()?;
    assert_eq!((weight.get(), runs.get()), (2.5, 2));
    // A failing and a panicking handler: the call's `Err`, every rank alike.
    snes.add_options_handler(|_| Err(Error::invalid("test", "a handler that fails")))?;
    let e = snes.set_from_options().unwrap_err().report();
    assert!(
        e.contains("object options handler") && e.contains("a handler that fails"),
        "{e}"
    );
    snes.destroy_options_handlers()?;
    assert!(freed.get(), "the handler's closure was not freed");
    snes.add_options_handler(|_| panic!("a panicking handler"))?;
    assert!(snes.set_from_options().is_err());
    snes.destroy_options_handlers()?;
    snes.set_from_options()?;
    assert_eq!(runs.get(), 3);
    opts.clear_value("-outer_my_weight")?;
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("options_handlers", options_handlers).ranks(&[1, 2, 3]),
        Case::new("closures_are_found_by_number", closures_are_found_by_number),
        Case::new(
            "closures_die_with_their_objects",
            closures_die_with_their_objects,
        )
        .ranks(&[1, 2]),
        Case::new("errors_keep_their_sources", errors_keep_their_sources).ranks(&[1, 2]),
    ]
}

/// A callback's error prints its own level and gives the closure's as its source; an
/// error with context keeps the original; PETSc's codes are named.
fn errors_keep_their_sources(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::{Context, ErrorCode, FileMode, Sizes, Viewer};
    use std::error::Error as _;
    let c = petsc.self_comm();
    let a = Mat::shell(&c)
        .sizes(Sizes::local(2, 2))
        .build(|_, _| Err(Error::user("no data today")))?;
    let (x, mut y) = a.create_vecs()?;
    let e = a.mult(&x, &mut y).unwrap_err();
    assert!(matches!(&e, Error::Callback { .. }), "{e:?}");
    assert_eq!(e.to_string(), "callback MatMult (shell) failed");
    assert_eq!(
        e.source().map(|s| s.to_string()).as_deref(),
        Some("no data today")
    );
    assert_eq!(e.report(), "callback MatMult (shell) failed: no data today");
    assert_eq!(e.clone(), e);
    assert_eq!(e.error_code(), None);

    // Context keeps the parse error whole, as the source.
    let e = "3x".parse::<i32>().context("reading --n").unwrap_err();
    assert!(
        matches!(&e, Error::Other { context, .. } if context == "reading --n"),
        "{e:?}"
    );
    assert_eq!(e.to_string(), "reading --n");
    assert_eq!(e.report(), "reading --n: invalid digit found in string");
    assert!(e.downcast_ref::<std::num::ParseIntError>().is_some());
    let copy = e.clone();
    assert_eq!(copy, e);
    assert_eq!(copy.report(), e.report());

    // `?` on an I/O error: kept whole, printed as itself.
    let read = || -> petsc::Result<Vec<u8>> { Ok(std::fs::read("/nonexistent-petsc-rs/f")?) };
    let e = read().unwrap_err();
    assert!(matches!(&e, Error::External(_)), "{e:?}");
    let io = e.downcast_ref::<std::io::Error>().expect("the io::Error");
    assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
    assert_eq!(e.to_string(), io.to_string());
    // A petsc-rs error given to `external` stays itself.
    assert_eq!(Error::external(Error::user("mine")), Error::user("mine"));

    // PETSc's codes by name.
    let e = Viewer::binary_file(&c, "/nonexistent-petsc-rs/x.bin", FileMode::Read).unwrap_err();
    assert_eq!(e.error_code(), Some(ErrorCode::FileOpen));
    assert_eq!(e.code(), Some(65));
    assert_eq!(ErrorCode::from(56), ErrorCode::Sup);
    assert_eq!(i32::from(ErrorCode::Sup), 56);
    assert_eq!(ErrorCode::from(4242), ErrorCode::Other(4242));
    assert_eq!(
        ErrorCode::ArgOutOfRange.to_string(),
        "PETSC_ERR_ARG_OUTOFRANGE"
    );

    // The init builder under its name (PETSc is already initialized: refused).
    let again = petsc::PetscBuilder::default().args(["again"]).init();
    assert!(matches!(again, Err(Error::AlreadyInitialized)));
    let debug = format!("{:?}", Petsc::builder().help("h"));
    assert!(debug.starts_with("PetscBuilder"), "{debug}");
    Ok(())
}
