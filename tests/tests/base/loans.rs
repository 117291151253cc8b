//! Objects PETSc and SLEPc lend for a scope (a callback's vectors and matrices, a basis
//! column, a basis as a dense matrix) at 1 and 2 ranks: a handle to one cannot outlive
//! the loan. Cloning it gives a second handle under the same loan, `deep_copy` an owned
//! copy; a closure that replaces its output instead of writing into it gets an `Err`
//! naming what happened; a function that would keep a lent object (solver operators, a
//! solution, an initial space) refuses it. After each refusal the objects involved work
//! again.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use petsc::{
    Error, Ksp, Mat, MatDuplicateOption, NormType, NullSpace, Object, Petsc, Scalar, Sizes, Tao,
    Vector, SCALAR_IS_COMPLEX,
};
use petsc_tests::{assert_close, Case};
use slepc::{Bv, Eps};

/// Whether `e` is the refusal of a lent object.
fn is_lent_refusal(e: &Error) -> bool {
    e.report().contains("is lent for a scope")
}

/// Whether `e` reports a closure that replaced its output.
fn is_replaced_output(e: &Error) -> bool {
    e.report().contains("replaced the")
}

/// A basis column's clone is the same vector, lent under the column's loan: writes
/// through either are seen by both, dropping the clone ends nothing (the column stays
/// usable), and once the column is given back the clone's entries are refused while
/// its layout can still be asked. A deep copy taken inside the loan keeps the column's
/// values after the restore and is independent of later writes. The same for the basis
/// as a dense matrix.
fn basis_loans_clone_and_deep_copy(petsc: &Petsc) -> petsc::Result<()> {
    let n = 6;
    let mut bv = Bv::with_sizes(&petsc.world(), None, Some(n), 2)?;
    let (copy, same) = {
        let mut col = bv.column(1)?;
        col.set(2.0)?;
        assert!(col.is_lent());
        let mut same: Vector = (*col).clone();
        assert!(same.is_lent() && same.as_raw() == col.as_raw());
        same.scale(0.5)?;
        assert_close(col.norm(NormType::Infinity)?, 1.0, 1e-12);
        drop(same.clone());
        col.scale(2.0)?;
        let copy: Vector = col.deep_copy()?;
        assert!(!copy.is_lent() && copy.as_raw() != col.as_raw());
        (copy, same)
    };
    let ended = |e: Error| assert!(e.report().contains("deep_copy()"), "{e}");
    ended(same.norm(NormType::Two).unwrap_err());
    ended(same.view().map(drop).unwrap_err());
    ended(same.clone().norm(NormType::One).unwrap_err());
    assert_eq!(same.size()?, n);
    let two_norm = 2.0 * (n as f64).sqrt();
    assert_close(copy.norm(NormType::Two)?, two_norm, 1e-12);
    bv.column(1)?.set(5.0)?;
    assert_close(copy.norm(NormType::Two)?, two_norm, 1e-12);
    assert!(
        same.norm(NormType::Two).is_err(),
        "a new loan is not the clone's"
    );
    drop(same);
    assert_close(
        bv.norm_column(1, NormType::Two)?,
        5.0 * (n as f64).sqrt(),
        1e-12,
    );

    let (dense, same) = {
        let m = bv.mat()?;
        let same = (*m).clone();
        assert!(same.is_lent() && same.as_raw() == m.as_raw());
        (m.deep_copy()?, same)
    };
    assert_eq!(dense.size()?, (n, 2));
    assert_close(
        dense.norm(NormType::Frobenius)?,
        5.0 * (n as f64).sqrt(),
        1e-12,
    );
    assert!(
        same.norm(NormType::Frobenius).is_err(),
        "the loan has ended"
    );
    assert_eq!(same.size()?, (n, 2));
    Ok(())
}

/// A shell matrix's closure that clones its arguments gets the same vectors: a write
/// through the clone of its output is the product, and the clones are lent as the
/// arguments are (a null space refuses them). Kept past the product, the clone's
/// entries are refused, its layout is still answered, and the object stays alive after
/// the caller drops its own handle; a deep copy taken inside keeps the values, which
/// later changes of the input do not touch.
fn callback_arguments_clone_as_handles(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let saved: Rc<RefCell<Option<(Vector, Vector)>>> = Rc::default();
    let keep = saved.clone();
    let comm = world.clone();
    let a = Mat::shell(&world)
        .sizes(Sizes::local(3, 3))
        .build(move |x, y| {
            assert!(x.is_lent() && y.is_lent());
            let same_x = x.clone();
            let mut same_y = y.clone();
            assert!(same_x.is_lent() && same_x.as_raw() == x.as_raw());
            assert!(is_lent_refusal(
                &NullSpace::new(&comm, false, &[&same_x]).unwrap_err()
            ));
            same_y.copy_from(&same_x)?;
            same_y.scale(2.0)?;
            drop(same_y);
            assert_close(y.norm(NormType::Infinity)?, 3.0, 1e-12);
            *keep.borrow_mut() = Some((same_x, x.deep_copy()?));
            Ok(())
        })?;
    let mut x = Vector::new_mpi(&world, Some(3), None)?;
    let mut y = x.duplicate()?;
    x.set(1.5)?;
    let refs = x.ref_count()?;
    a.mult(&x, &mut y)?;
    let n = (3 * world.size()) as f64;
    assert_close(y.norm(NormType::Two)?, 3.0 * n.sqrt(), 1e-12);
    let (same, copy) = saved.borrow_mut().take().expect("the closure ran");
    assert_eq!(same.as_raw(), x.as_raw());
    assert_eq!(
        x.ref_count()?,
        refs + 1,
        "the clone holds its own reference"
    );
    assert_ne!(copy.as_raw(), x.as_raw());
    x.set(-7.0)?;
    assert_close(copy.norm(NormType::Two)?, 1.5 * n.sqrt(), 1e-12);
    let e = same.norm(NormType::Two).unwrap_err();
    assert!(e.report().contains("has ended"), "{e}");
    drop(x);
    assert_eq!(same.local_size()?, 3);
    assert_eq!(same.ref_count()?, 1);
    Ok(())
}

/// Clones inside nested callbacks keep their original's loan: a clone of the outer
/// argument made inside the inner callback reads it after the inner one returned, and
/// is refused once the outer one did; a clone made after the loan ended is refused too.
fn nested_clones_share_their_loans(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let outer_arg: Rc<RefCell<Option<Vector>>> = Rc::default();
    let kept: Rc<RefCell<Vec<Vector>>> = Rc::default();
    let (arg, k) = (outer_arg.clone(), kept.clone());
    let inner = Mat::shell(&world)
        .sizes(Sizes::local(2, 2))
        .build(move |x, y| {
            let outer = arg.borrow_mut().take().expect("the outer argument");
            k.borrow_mut().push(outer.clone());
            k.borrow_mut().push(x.clone());
            *arg.borrow_mut() = Some(outer);
            y.copy_from(x)
        })?;
    let (arg, k) = (outer_arg.clone(), kept.clone());
    let ranks = world.size();
    let outer = Mat::shell(&world)
        .sizes(Sizes::local(2, 2))
        .build(move |x, y| {
            *arg.borrow_mut() = Some(x.clone());
            let mut tmp = x.duplicate()?;
            inner.mult(x, &mut tmp)?;
            let (from_outer, from_inner) = {
                let kept = k.borrow();
                (kept[0].norm(NormType::One), kept[1].norm(NormType::One))
            };
            assert_close(from_outer?, (2 * 2 * ranks) as f64, 1e-12);
            assert!(from_inner.is_err(), "the inner loan has ended");
            drop(arg.borrow_mut().take());
            y.copy_from(&tmp)
        })?;
    let mut u = Vector::new_mpi(&world, Some(2), None)?;
    u.set(2.0)?;
    let mut w = u.duplicate()?;
    outer.mult(&u, &mut w)?;
    assert_close(w.norm(NormType::One)?, (4 * world.size()) as f64, 1e-12);
    let kept = std::mem::take(&mut *kept.borrow_mut());
    for v in &kept {
        assert!(v.norm(NormType::One).is_err(), "the outer loan has ended");
        let late = v.clone();
        assert!(late.is_lent() && late.norm(NormType::One).is_err());
        assert_eq!(late.local_size()?, 2);
    }
    drop(kept);
    assert_eq!(u.ref_count()?, 1);
    assert_eq!(w.ref_count()?, 1);
    Ok(())
}

/// A callback's arguments cost PETSc no reference while the callback runs: inside the
/// closure each has exactly the references its lender holds. A handle the closure moves
/// out of its output and drops before returning releases nothing (the output stays
/// PETSc's and right afterwards); one it keeps gets a reference of its own when the
/// callback returns, so it stays usable for its layout after the object's other holders
/// let go, and dropping it releases that reference.
fn callback_arguments_hold_no_reference(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let seen: Rc<Cell<(petsc::Int, petsc::Int)>> = Rc::default();
    let mode = Rc::new(Cell::new(0));
    let kept: Rc<RefCell<Option<Vector>>> = Rc::default();
    let (s, m, k) = (seen.clone(), mode.clone(), kept.clone());
    let a = Mat::shell(&world)
        .sizes(Sizes::local(3, 3))
        .build(move |x, y| {
            s.set((x.ref_count()?, y.ref_count()?));
            y.copy_from(x)?;
            y.scale(2.0)?;
            if m.get() > 0 {
                let mut other = x.duplicate()?;
                std::mem::swap(y, &mut other);
                // `other` is PETSc's output now: give it back.
                std::mem::swap(y, &mut other);
                let mut mine = x.duplicate()?;
                std::mem::swap(y, &mut mine);
                if m.get() == 2 {
                    *k.borrow_mut() = Some(mine);
                }
                // Mode 1 drops the moved-out handle here.
            }
            Ok(())
        })?;
    let mut x = Vector::new_mpi(&world, Some(3), None)?;
    let mut y = x.duplicate()?;
    x.set(1.5)?;
    let outside = (x.ref_count()?, y.ref_count()?);
    a.mult(&x, &mut y)?;
    assert_eq!(seen.get(), outside, "references inside the callback");
    let n = (3 * world.size()) as f64;
    assert_close(y.norm(NormType::Two)?, 3.0 * n.sqrt(), 1e-12);

    // Moved out and dropped inside: PETSc's output is untouched by the drop.
    mode.set(1);
    assert!(is_replaced_output(&a.mult(&x, &mut y).unwrap_err()));
    assert_eq!(y.ref_count()?, outside.1);
    y.set(1.0)?;
    assert_close(y.norm(NormType::One)?, n, 1e-12);

    // Moved out and kept: the kept handle holds its own reference now.
    mode.set(2);
    assert!(is_replaced_output(&a.mult(&x, &mut y).unwrap_err()));
    assert_eq!(y.ref_count()?, outside.1 + 1);
    let escaped = kept.borrow_mut().take().expect("the closure ran");
    assert_eq!(escaped.as_raw(), y.as_raw());
    drop(y);
    assert_eq!(escaped.ref_count()?, 1);
    assert_eq!(escaped.local_size()?, 3);
    assert!(escaped.norm(NormType::Two).is_err(), "the loan has ended");
    Ok(())
}

/// A shell matrix's closure that assigns a new vector to its output (`*y = ...`) used to
/// return `Ok` with PETSc's output untouched: the product is now an `Err` saying so, and
/// the next product (which writes into `y`) is right.
fn replaced_shell_output(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let replace = Rc::new(Cell::new(true));
    let flag = replace.clone();
    let a = Mat::shell(&world)
        .sizes(Sizes::local(2, 2))
        .build(move |x, y| {
            if flag.get() {
                let mut other = x.duplicate()?;
                other.copy_from(x)?;
                *y = other;
                return Ok(());
            }
            y.copy_from(x)
        })?;
    let mut x = Vector::new_mpi(&world, Some(2), None)?;
    let mut y = x.duplicate()?;
    x.set(4.0)?;
    y.set(0.0)?;
    let e = a.mult(&x, &mut y).unwrap_err();
    assert!(is_replaced_output(&e), "{e}");
    replace.set(false);
    a.mult(&x, &mut y)?;
    assert_close(
        y.norm(NormType::One)?,
        4.0 * (2 * world.size()) as f64,
        1e-12,
    );
    Ok(())
}

/// A TAO gradient closure that assigns a new vector to its gradient made TAO "converge"
/// at the starting point: the solve is now an `Err` naming the closure, and the solver,
/// given a right closure, then finds the minimum of `|x - c|^2 / 2`.
fn replaced_gradient(petsc: &Petsc) -> petsc::Result<()> {
    if SCALAR_IS_COMPLEX {
        petsc_tests::skip_case("TAO works in real arithmetic");
        return Ok(());
    }
    let world = petsc.world();
    let mut x0 = Vector::new_mpi(&world, Some(3), None)?;
    x0.set(0.0)?;
    let mut c = x0.duplicate()?;
    let lo = c.ownership_range()?.start;
    for (k, v) in c.view_mut()?.iter_mut().enumerate() {
        *v = Scalar::from(1.0 + (lo as usize + k) as f64);
    }
    let mut tao = Tao::new(&world)?;
    tao.set_solution(&x0)?;
    let cc = c.clone();
    tao.set_objective_and_gradient(move |x, g| {
        let mut other = x.duplicate()?;
        other.waxpy(-1.0, &cc, x)?;
        let f = 0.5 * other.norm(NormType::Two)?.powi(2);
        *g = other;
        Ok(f)
    })?;
    let e = tao.solve().unwrap_err();
    assert!(is_replaced_output(&e), "{e}");
    let cc = c.clone();
    tao.set_objective_and_gradient(move |x, g| {
        g.waxpy(-1.0, &cc, x)?;
        Ok(0.5 * g.norm(NormType::Two)?.powi(2))
    })?;
    let mut x = tao.solution()?;
    x.set(0.0)?;
    tao.solve()?.check()?;
    let mut err = tao.solution()?;
    err.axpy(-1.0, &c)?;
    assert!(
        err.norm(NormType::Infinity)? < 1e-5,
        "{}",
        err.norm(NormType::Infinity)?
    );
    Ok(())
}

/// A lent object given to a function that would keep it (as an operator, a solution, an
/// initial space or a null space) is refused, on every rank alike; the same function
/// takes an owned copy, and the objects refused to work on.
fn lent_objects_are_not_kept(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let n = 8;
    let mut bv = Bv::with_sizes(&world, None, Some(n), 2)?;
    bv.set_random()?;
    let mut ksp = Ksp::new(&world)?;
    let mut eps = Eps::new(&world)?;
    {
        let m = bv.mat()?;
        let e = ksp.set_operators(&m, &m).unwrap_err();
        assert!(is_lent_refusal(&e), "{e}");
        let e = eps.set_operators(&m, None).unwrap_err();
        assert!(is_lent_refusal(&e), "{e}");
    }
    let copy = {
        let col = bv.column(0)?;
        let e = eps.set_initial_space(&[&col]).unwrap_err();
        assert!(is_lent_refusal(&e), "{e}");
        let e = NullSpace::new(&world, false, &[&col]).unwrap_err();
        assert!(is_lent_refusal(&e), "{e}");
        let same = (*col).clone();
        let e = eps.set_initial_space(&[&same]).unwrap_err();
        assert!(is_lent_refusal(&e), "{e}");
        col.deep_copy()?
    };
    eps.set_initial_space(&[&copy])?;

    // Inside a callback: the shell matrix's input cannot become a null space's vector.
    let refused = Rc::new(Cell::new(0));
    let count = refused.clone();
    let comm = world.clone();
    let a = Mat::shell(&world)
        .sizes(Sizes::local(2, 2))
        .build(move |x, y| {
            match NullSpace::new(&comm, false, &[x]) {
                Err(e) if is_lent_refusal(&e) => count.set(count.get() + 1),
                other => panic!("a lent vector was kept: {other:?}"),
            }
            y.copy_from(x)
        })?;
    let mut x = Vector::new_mpi(&world, Some(2), None)?;
    let mut y = x.duplicate()?;
    x.set(1.0)?;
    a.mult(&x, &mut y)?;
    assert_eq!(refused.get(), 1);

    // The solver refused a lent operator takes an owned one and solves.
    let mut d = Mat::dense(&world).sizes(Sizes::local(2, 2)).build()?;
    let lo = d.ownership_range()?;
    for i in lo {
        d.set_value(i, i, 2.0, petsc::InsertMode::Insert)?;
    }
    d.assemble()?;
    ksp.set_operators(&d, &d)?;
    ksp.solve(&y, &mut x)?.check()?;
    assert_close(
        x.norm(NormType::One)?,
        (2 * world.size()) as f64 * 0.5,
        1e-10,
    );
    Ok(())
}

/// A 4-rows-per-rank shell matrix whose product moves its lent output `y` into `kept`
/// (`std::mem::swap` with a copy of `x`).
fn swapping_shell(world: &petsc::Comm, kept: &Rc<RefCell<Vec<Vector>>>) -> petsc::Result<Mat> {
    let keep = kept.clone();
    Mat::shell(world)
        .sizes(Sizes::local(4, 4))
        .build(move |x, y| {
            let mut mine = x.duplicate()?;
            mine.copy_from(x)?;
            std::mem::swap(y, &mut mine);
            keep.borrow_mut().push(mine);
            Ok(())
        })
}

/// Callbacks inside callbacks: each has its own arguments. A product whose closure runs
/// another shell product (which moves its own output out) still reads and writes its
/// arguments afterwards, and the inner handle is refused once its callback returned. An
/// outer argument moved out and dropped inside the inner callback holds nothing when the
/// outer callback returns: no reference is taken for it (the vector PETSc lent keeps
/// its one reference).
fn nested_callbacks_keep_their_loans(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let size = world.size() as f64;
    let kept: Rc<RefCell<Vec<Vector>>> = Rc::default();
    let inner = swapping_shell(&world, &kept)?;
    let inner_failed = Rc::new(Cell::new(false));
    let failed = inner_failed.clone();
    let outer = Mat::shell(&world)
        .sizes(Sizes::local(4, 4))
        .build(move |x, y| {
            let mut tmp = x.duplicate()?;
            let e = inner.mult(x, &mut tmp).unwrap_err();
            failed.set(is_replaced_output(&e));
            let first = x.view()?[0];
            y.copy_from(x)?;
            y.scale(2.0)?;
            y.view_mut()?[0] = first + first;
            Ok(())
        })?;
    let mut u = Vector::new_mpi(&world, Some(4), None)?;
    u.set(1.0)?;
    let mut w = u.duplicate()?;
    outer.mult(&u, &mut w)?;
    assert!(inner_failed.get(), "the inner product was refused");
    assert_close(w.norm(NormType::One)?, 8.0 * size, 1e-12);
    let escaped = kept.borrow_mut().pop().expect("the inner closure ran");
    let e = escaped.norm(NormType::Two).unwrap_err();
    assert!(e.report().contains("has ended"), "{e}");
    drop(escaped);

    let parked: Rc<RefCell<Option<Vector>>> = Rc::default();
    let taken = parked.clone();
    let dropper = Mat::shell(&world)
        .sizes(Sizes::local(4, 4))
        .build(move |x, y| {
            drop(taken.borrow_mut().take());
            y.copy_from(x)
        })?;
    let park = parked.clone();
    let outer = Mat::shell(&world)
        .sizes(Sizes::local(4, 4))
        .build(move |x, y| {
            let mut mine = x.duplicate()?;
            mine.copy_from(x)?;
            std::mem::swap(y, &mut mine);
            *park.borrow_mut() = Some(mine);
            let mut tmp = x.duplicate()?;
            dropper.mult(x, &mut tmp)
        })?;
    let e = outer.mult(&u, &mut w).unwrap_err();
    assert!(is_replaced_output(&e), "{e}");
    assert!(
        parked.borrow().is_none(),
        "the inner closure dropped the handle"
    );
    assert_eq!(w.ref_count()?, 1);
    Ok(())
}

/// A closure that moves its lent output out with `std::mem::swap` (`*y = ...` in
/// disguise) keeps a handle past the loan. SLEPc lends a shell matrix basis columns,
/// whose arrays it resets when they are given back: reading the kept handle afterwards
/// read through a null pointer. The solve is an `Err` (the output was replaced), and
/// every later access to the kept handle's entries is an `Err` naming the ended loan;
/// its layout can still be asked, and it drops cleanly.
fn escaped_by_swap(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let kept: Rc<RefCell<Vec<Vector>>> = Rc::default();
    let a = swapping_shell(&world, &kept)?;
    let mut eps = Eps::new(&world)?;
    eps.set_operators(&a, None)?;
    let e = eps.solve().unwrap_err();
    assert!(is_replaced_output(&e), "{e}");
    let escaped = kept.borrow_mut().pop().expect("the closure ran");
    assert!(escaped.is_lent());
    let ended = |e: Error| assert!(e.report().contains("has ended"), "{e}");
    ended(escaped.norm(NormType::Two).unwrap_err());
    ended(escaped.view().map(drop).unwrap_err());
    ended(escaped.to_all().map(drop).unwrap_err());
    let mut target = Vector::new_mpi(&world, Some(4), None)?;
    ended(target.copy_from(&escaped).unwrap_err());
    assert_eq!(escaped.local_size()?, 4);
    drop(escaped);
    kept.borrow_mut().clear();

    // A handle moved out of a KSP's product is refused the same way, and the solver,
    // given a right matrix, solves.
    let b = swapping_shell(&world, &kept)?;
    let mut ksp = Ksp::new(&world)?;
    ksp.set_operators(&b, &b)?;
    ksp.pc()?.set_type(petsc::PcType::None)?;
    let mut rhs = target.duplicate()?;
    rhs.set(1.0)?;
    assert!(ksp.solve(&rhs, &mut target).is_err());
    let escaped = kept.borrow_mut().pop().expect("the closure ran");
    ended(escaped.norm(NormType::Two).unwrap_err());
    drop(escaped);
    let c = Mat::shell(&world).sizes(Sizes::local(4, 4)).build(|x, y| {
        y.copy_from(x)?;
        y.scale(4.0)
    })?;
    ksp.set_operators(&c, &c)?;
    ksp.solve(&rhs, &mut target)?.check()?;
    assert_close(
        target.norm(NormType::One)?,
        (4 * world.size()) as f64 * 0.25,
        1e-10,
    );
    Ok(())
}

/// A shell preconditioner that solves an inner system with the vectors it was lent: the
/// inner solver used to keep them as its last right-hand side and solution after the
/// loan (on a SLEPc basis column, storage reset when given back). Now it keeps neither,
/// and answers as before any solve; a nonlinear solver keeps no lent solution either,
/// and an integrator refuses to adopt a lent vector as the solution it keeps.
fn solves_do_not_keep_lent_vectors(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let mut a = Mat::aij(&world)
        .sizes(Sizes::local(3, 3))
        .preallocate(1, 0)
        .build()?;
    for i in a.ownership_range()? {
        a.set_value(i, i, 2.0, petsc::InsertMode::Insert)?;
    }
    a.assemble()?;
    let mut inner = Ksp::new(&world)?;
    inner.set_operators(&a, &a)?;
    inner.set_type(petsc::KspType::Preonly)?;
    inner.pc()?.set_type(petsc::PcType::Jacobi)?;
    let mut outer = Ksp::new(&world)?;
    outer.set_operators(&a, &a)?;
    let mut snes = petsc::Snes::new(&world)?;
    let residuals = Rc::new(Cell::new(0));
    let count = residuals.clone();
    snes.set_function(a.create_vecs()?.1, move |u, f| {
        count.set(count.get() + 1);
        f.copy_from(u)?;
        f.scale(2.0)
    })?;
    snes.set_jacobian(
        &a.duplicate(MatDuplicateOption::CopyValues)?,
        None,
        |_, _| Ok(()),
    )?;
    let refused = Rc::new(Cell::new(false));
    {
        let mut inner = inner.clone();
        let comm = world.clone();
        let refused = refused.clone();
        let mut snes = snes.clone();
        outer.pc()?.set_shell_apply(move |x, y| {
            // 2 y = x, by Newton's method, then by the linear solver.
            snes.solve(Some(x), y)?.check()?;
            inner.solve(x, y)?.check()?;
            let mut ts = petsc::Ts::new(&comm)?;
            let e = ts.solve(y).unwrap_err();
            refused.set(is_lent_refusal(&e));
            Ok(())
        })?;
    }
    let mut x = Vector::new_mpi(&world, Some(3), None)?;
    let mut b = x.duplicate()?;
    b.set(4.0)?;
    outer.solve(&b, &mut x)?.check()?;
    assert_close(
        x.norm(NormType::One)?,
        (3 * world.size()) as f64 * 2.0,
        1e-10,
    );
    assert!(refused.get(), "the integrator adopted a lent solution");
    for e in [inner.rhs().unwrap_err(), inner.solution().unwrap_err()] {
        assert!(e.report().contains("yet"), "{e}");
    }
    assert!(residuals.get() > 0, "the nonlinear solver ran");
    assert!(
        snes.solution()?.is_none(),
        "the nonlinear solver kept a lent solution"
    );
    // The inner solver solves on its own afterwards.
    let mut z = x.duplicate()?;
    inner.solve(&b, &mut z)?.check()?;
    assert_close(
        z.norm(NormType::One)?,
        (3 * world.size()) as f64 * 2.0,
        1e-10,
    );
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new(
            "basis_loans_clone_and_deep_copy",
            basis_loans_clone_and_deep_copy,
        )
        .ranks(&[1, 2]),
        Case::new(
            "callback_arguments_clone_as_handles",
            callback_arguments_clone_as_handles,
        )
        .ranks(&[1, 2]),
        Case::new(
            "nested_clones_share_their_loans",
            nested_clones_share_their_loans,
        )
        .ranks(&[1, 2]),
        Case::new(
            "callback_arguments_hold_no_reference",
            callback_arguments_hold_no_reference,
        )
        .ranks(&[1, 2]),
        Case::new("replaced_shell_output", replaced_shell_output).ranks(&[1, 2]),
        Case::new("replaced_gradient", replaced_gradient).ranks(&[1, 2]),
        Case::new("lent_objects_are_not_kept", lent_objects_are_not_kept).ranks(&[1, 2]),
        Case::new("escaped_by_swap", escaped_by_swap).ranks(&[1, 2]),
        Case::new(
            "nested_callbacks_keep_their_loans",
            nested_callbacks_keep_their_loans,
        )
        .ranks(&[1, 2]),
        Case::new(
            "solves_do_not_keep_lent_vectors",
            solves_do_not_keep_lent_vectors,
        )
        .ranks(&[1, 2]),
    ]
}
