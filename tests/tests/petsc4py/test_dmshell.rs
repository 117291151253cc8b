//! petsc4py's `test_dmshell.py`, ported: a shell DM on the world communicator given
//! vectors, matrices, closures that make them, a field decomposition with each of its
//! lists given or not, transfers by closures and by scatters, a coarsen/refine pair of
//! closures, and interpolation and injection closures asked for with the DM as both
//! levels.

use std::cell::RefCell;
use std::rc::Rc;

use petsc::{
    Dm, DmBase, DmShell, FieldDecomposition, IndexSet, InsertMode, Int, Mat, Object, Petsc, Scalar,
    Scatter, Sizes, Vector,
};
use petsc_tests::Case;

const WORLD: &[usize] = &[1, 2];

type Body = fn(&Petsc) -> petsc::Result<()>;

pub fn cases() -> Vec<Case> {
    let cases: [(&'static str, Body); 16] = [
        ("testSetGlobalVector", set_global_vector),
        ("testSetCreateGlobalVector", set_create_global_vector),
        ("testSetLocalVector", set_local_vector),
        ("testSetCreateLocalVector", set_create_local_vector),
        ("testSetMatrix", set_matrix),
        ("testSetCreateMatrix", set_create_matrix),
        (
            "testSetCreateFieldDecomposition",
            set_create_field_decomposition,
        ),
        ("testGlobalToLocal", global_to_local),
        ("testLocalToGlobal", local_to_global),
        ("testLocalToLocal", local_to_local),
        ("testGlobalToLocalVecScatter", global_to_local_vec_scatter),
        ("testLocalToGlobalVecScatter", local_to_global_vec_scatter),
        ("testLocalToLocalVecScatter", local_to_local_vec_scatter),
        ("testCoarsenRefine", coarsen_refine),
        ("testCreateInterpolation", create_interpolation),
        ("testCreateInjection", create_injection),
    ];
    cases
        .into_iter()
        .map(|(name, body)| Case::with(format!("TestDMShell::{name}"), body).ranks(WORLD))
        .collect()
}

/// The shell DM of `setUp`.
fn shell(petsc: &Petsc) -> petsc::Result<DmShell> {
    DmShell::new(&petsc.world())
}

/// A vector on `comm` of `n` entries on this rank (`create`, `setSizes((n, None))`,
/// `setUp`).
fn vec_of(comm: &petsc::Comm, n: Int) -> petsc::Result<Vector> {
    Vector::new_mpi(comm, Some(n), None)
}

/// (local, global) sizes of a vector (petsc4py's `getSizes`).
fn sizes(v: &Vector) -> petsc::Result<(Int, Int)> {
    Ok((v.local_size()?, v.size()?))
}

/// The 10-by-2-per-rank matrix of `testSetMatrix` (set up, not assembled).
fn matrix_10_2(comm: &petsc::Comm) -> petsc::Result<Mat> {
    let mut mat = Mat::new(comm)?;
    mat.set_sizes_to(Sizes::local(10, 2))?;
    mat.set_up()?;
    Ok(mat)
}

fn set_global_vector(petsc: &Petsc) -> petsc::Result<()> {
    let mut dm = shell(petsc)?;
    let vec = vec_of(&petsc.world(), 10)?;
    dm.set_global_vector(&vec)?;
    let gvec = dm.create_global_vector()?;
    assert_eq!(sizes(&vec)?, sizes(&gvec)?);
    assert_eq!(vec.comm(), gvec.comm());
    Ok(())
}

fn set_create_global_vector(petsc: &Petsc) -> petsc::Result<()> {
    let mut dm = shell(petsc)?;
    dm.set_create_global_vector(|dm: &Dm| vec_of(&dm.comm(), 10))?;
    let gvec = dm.create_global_vector()?;
    assert_eq!(gvec.comm(), dm.comm());
    assert_eq!(gvec.local_size()?, 10);
    Ok(())
}

/// `1 + 10 * rank`, the local vectors' size.
fn local_len(comm: &petsc::Comm) -> Int {
    1 + 10 * comm.rank() as Int
}

fn set_local_vector(petsc: &Petsc) -> petsc::Result<()> {
    let mut dm = shell(petsc)?;
    let vec = vec_of(&petsc.self_comm(), local_len(&petsc.world()))?;
    dm.set_local_vector(&vec)?;
    let lvec = dm.create_local_vector()?;
    assert_eq!(sizes(&vec)?, sizes(&lvec)?);
    let (lsize, gsize) = sizes(&lvec)?;
    assert_eq!(lsize, gsize);
    assert_eq!(lvec.comm(), petsc.self_comm());
    Ok(())
}

fn set_create_local_vector(petsc: &Petsc) -> petsc::Result<()> {
    let mut dm = shell(petsc)?;
    let me = petsc.self_comm();
    dm.set_create_local_vector(move |dm: &Dm| vec_of(&me, local_len(&dm.comm())))?;
    let lvec = dm.create_local_vector()?;
    let (lsize, gsize) = sizes(&lvec)?;
    assert_eq!(lsize, gsize);
    assert_eq!(lsize, local_len(&dm.comm()));
    assert_eq!(lvec.comm(), petsc.self_comm());
    Ok(())
}

fn set_matrix(petsc: &Petsc) -> petsc::Result<()> {
    let mut dm = shell(petsc)?;
    let mut mat = matrix_10_2(&petsc.world())?;
    mat.assemble()?;
    dm.set_matrix(&mat)?;
    let nmat = dm.create_matrix()?;
    assert_eq!(nmat.local_size()?, mat.local_size()?);
    assert_eq!(nmat.size()?, mat.size()?);
    Ok(())
}

fn set_create_matrix(petsc: &Petsc) -> petsc::Result<()> {
    let mut dm = shell(petsc)?;
    let world = petsc.world();
    dm.set_create_matrix(move |_| matrix_10_2(&world))?;
    let nmat = dm.create_matrix()?;
    let want = matrix_10_2(&petsc.world())?;
    assert_eq!(nmat.local_size()?, want.local_size()?);
    assert_eq!(nmat.size()?, want.size()?);
    Ok(())
}

/// What one of the test's decomposition closures gives: names, index sets, DMs.
#[derive(Clone, Copy)]
struct Given {
    names: bool,
    iss: bool,
    dms: bool,
}

/// The decomposition `given` names: two fields `f_0`, `f_1`, each an index set of
/// one entry (`createStride(1)`) and a clone of `dm`, each list present or not.
fn decomposition(dm: &Dm, given: Given) -> petsc::Result<FieldDecomposition> {
    let names = (0..2).map(|i| format!("f_{i}")).collect();
    let iss = (0..2)
        .map(|_| IndexSet::new_stride(&dm.comm(), 1, 0, 1))
        .collect::<petsc::Result<_>>()?;
    let dms = (0..2)
        .map(|_| dm.clone_dm())
        .collect::<petsc::Result<_>>()?;
    Ok(FieldDecomposition {
        names: given.names.then_some(names),
        index_sets: given.iss.then_some(iss),
        dms: given.dms.then_some(dms),
    })
}

fn set_create_field_decomposition(petsc: &Petsc) -> petsc::Result<()> {
    let mut dm = shell(petsc)?;
    let g = |names, iss, dms| Given { names, iss, dms };
    // only_is, only_is_names, only_is_dms, only_full, without_is.
    for given in [
        g(false, true, false),
        g(true, true, false),
        g(false, true, true),
        g(true, true, true),
        g(true, false, true),
    ] {
        dm.set_create_field_decomposition(move |d: &Dm| decomposition(d, given))?;
        let got = FieldDecomposition::of(&dm)?;
        assert_eq!(got.len(), 2);
        match &got.names {
            Some(names) => {
                assert!(given.names);
                assert_eq!(names, &["f_0", "f_1"]);
            }
            None => assert!(!given.names),
        }
        match &got.index_sets {
            Some(iss) => {
                assert!(given.iss);
                for is in iss {
                    assert_eq!(is.local_size()?, 1);
                }
            }
            None => assert!(!given.iss),
        }
        match &got.dms {
            Some(dms) => {
                assert!(given.dms);
                assert_eq!(dms.len(), 2);
                // A clone of a shell (`DMClone`) has no type name: petsc4py sees a
                // plain `DM`.
                for d in dms {
                    assert_eq!(d.type_name()?, "");
                }
            }
            None => assert!(!given.dms),
        }
    }
    // One name for two index sets.
    dm.set_create_field_decomposition(|d: &Dm| {
        let mut f = decomposition(
            d,
            Given {
                names: true,
                iss: true,
                dms: false,
            },
        )?;
        f.names = Some(vec!["f_0".into()]);
        Ok(f)
    })?;
    let e = FieldDecomposition::of(&dm).unwrap_err().report();
    assert!(e.contains("same length"), "{e}");
    Ok(())
}

/// petsc4py's `begin` transfer: the destination's values set to (insert) or increased
/// by (add) the source's.
fn begin(_: &Dm, from: &Vector, mode: InsertMode, to: &mut Vector) -> petsc::Result<()> {
    let src = from.view()?;
    let mut dst = to.view_mut()?;
    for (d, s) in dst.iter_mut().zip(src.iter()) {
        match mode {
            InsertMode::Insert => *d = *s,
            InsertMode::Add => *d += *s,
        }
    }
    Ok(())
}

/// petsc4py's `end` transfer: nothing.
fn end(_: &Dm, _: &Vector, _: InsertMode, _: &mut Vector) -> petsc::Result<()> {
    Ok(())
}

/// The entries of `a` are `k` times those of `b` (within 1e-8).
fn allclose(a: &Vector, b: &Vector, k: f64) -> petsc::Result<bool> {
    let (a, b) = (a.view()?, b.view()?);
    Ok(a.len() == b.len()
        && a.iter()
            .zip(b.iter())
            .all(|(x, y)| modulus(*x - *y * Scalar::from(k)) <= 1e-8))
}

fn modulus(x: impl Into<petsc::Complex<f64>>) -> f64 {
    x.into().norm()
}

/// Which of the shell's three transfers a test runs.
#[derive(Clone, Copy)]
enum Transfer {
    GlobalToLocal,
    LocalToGlobal,
    LocalToLocal,
}

impl Transfer {
    fn run(
        self,
        dm: &DmShell,
        from: &Vector,
        mode: InsertMode,
        to: &mut Vector,
    ) -> petsc::Result<()> {
        match self {
            Transfer::GlobalToLocal => dm.global_to_local(from, mode, to),
            Transfer::LocalToGlobal => dm.local_to_global(from, mode, to),
            Transfer::LocalToLocal => dm.local_to_local(from, mode, to),
        }
    }
}

/// testGlobalToLocal and its two siblings: the closures move the values, inserting
/// then adding; the shell has no vectors of its own.
fn transfer(petsc: &Petsc, t: Transfer) -> petsc::Result<()> {
    let mut dm = shell(petsc)?;
    let (world, me) = (petsc.world(), petsc.self_comm());
    let (from_comm, to_comm) = match t {
        Transfer::GlobalToLocal => (&world, &me),
        Transfer::LocalToGlobal => (&me, &world),
        Transfer::LocalToLocal => (&me, &me),
    };
    let mut vec = vec_of(from_comm, 10)?;
    vec.set(Scalar::from(world.rank() as f64 + 1.0))?;
    let mut ovec = vec_of(to_comm, 10)?;
    match t {
        Transfer::GlobalToLocal => dm.set_global_to_local(begin, end)?,
        Transfer::LocalToGlobal => dm.set_local_to_global(begin, end)?,
        Transfer::LocalToLocal => dm.set_local_to_local(begin, end)?,
    }
    t.run(&dm, &vec, InsertMode::Insert, &mut ovec)?;
    assert!(allclose(&ovec, &vec, 1.0)?);
    t.run(&dm, &vec, InsertMode::Add, &mut ovec)?;
    assert!(allclose(&ovec, &vec, 2.0)?);
    Ok(())
}

fn global_to_local(petsc: &Petsc) -> petsc::Result<()> {
    transfer(petsc, Transfer::GlobalToLocal)
}

fn local_to_global(petsc: &Petsc) -> petsc::Result<()> {
    transfer(petsc, Transfer::LocalToGlobal)
}

fn local_to_local(petsc: &Petsc) -> petsc::Result<()> {
    transfer(petsc, Transfer::LocalToLocal)
}

/// testGlobalToLocalVecScatter and its two siblings: a world vector of 10 entries per
/// rank gathered on every rank by a `toAll` scatter given to the shell. (petsc4py only
/// runs the transfer; the gathered values are checked here too.)
fn transfer_by_scatter(petsc: &Petsc, t: Transfer) -> petsc::Result<()> {
    let mut dm = shell(petsc)?;
    let mut vec = vec_of(&petsc.world(), 10)?;
    let start = vec.ownership_range()?.start;
    for (k, x) in vec.view_mut()?.iter_mut().enumerate() {
        *x = Scalar::from((start + k as Int) as f64);
    }
    let (sct, mut ovec) = Scatter::to_all(&vec)?;
    match t {
        Transfer::GlobalToLocal => dm.set_global_to_local_vec_scatter(&sct)?,
        Transfer::LocalToGlobal => dm.set_local_to_global_vec_scatter(&sct)?,
        Transfer::LocalToLocal => dm.set_local_to_local_vec_scatter(&sct)?,
    }
    t.run(&dm, &vec, InsertMode::Insert, &mut ovec)?;
    let n = 10 * petsc.world().size() as usize;
    let want: Vec<Scalar> = (0..n).map(|i| Scalar::from(i as f64)).collect();
    assert_eq!(&*ovec.view()?, &want[..]);
    // Vectors the scatter was not made for: an Err on every rank.
    let mut wrong = vec_of(&petsc.self_comm(), 3)?;
    let e = t
        .run(&dm, &vec, InsertMode::Insert, &mut wrong)
        .unwrap_err();
    assert!(e.report().contains("scatter"), "{e}");
    Ok(())
}

fn global_to_local_vec_scatter(petsc: &Petsc) -> petsc::Result<()> {
    transfer_by_scatter(petsc, Transfer::GlobalToLocal)
}

fn local_to_global_vec_scatter(petsc: &Petsc) -> petsc::Result<()> {
    transfer_by_scatter(petsc, Transfer::LocalToGlobal)
}

fn local_to_local_vec_scatter(petsc: &Petsc) -> petsc::Result<()> {
    transfer_by_scatter(petsc, Transfer::LocalToLocal)
}

fn coarsen_refine(petsc: &Petsc) -> petsc::Result<()> {
    let mut dm = shell(petsc)?;
    let mut cdm = shell(petsc)?;
    // Each closure hands out the other DM: kept in cells emptied at the end, as
    // petsc4py's garbage_cleanup breaks the cycle the two closures make.
    let fine: Rc<RefCell<Option<Dm>>> = Rc::new(RefCell::new(Some(dm.as_dm()?)));
    let coarse: Rc<RefCell<Option<Dm>>> = Rc::new(RefCell::new(Some(cdm.as_dm()?)));
    let handed = |cell: &Rc<RefCell<Option<Dm>>>| {
        let cell = Rc::clone(cell);
        move |_: &Dm| {
            cell.borrow()
                .clone()
                .ok_or_else(|| petsc::Error::invalid("refine", "no DM left"))
        }
    };
    cdm.set_refine(handed(&fine))?;
    dm.set_coarsen(handed(&coarse))?;
    let coarsened = dm.coarsen()?;
    assert_eq!(coarsened.id()?, cdm.id()?);
    let refined = coarsened.refine()?;
    assert_eq!(refined.id()?, dm.id()?);
    fine.borrow_mut().take();
    coarse.borrow_mut().take();
    Ok(())
}

fn create_interpolation(petsc: &Petsc) -> petsc::Result<()> {
    let mut dm = shell(petsc)?;
    let mut mat = Mat::new(&petsc.world())?;
    mat.set_sizes_to(Sizes::local(10, 10))?;
    mat.set_up()?;
    let vec = vec_of(&petsc.world(), 10)?;
    let (m, v) = (mat.clone(), vec.clone());
    dm.set_create_interpolation(move |_, _| Ok((m.clone(), Some(v.clone()))))?;
    let (m, v) = dm.create_interpolation(&dm)?;
    assert_eq!(m.id()?, mat.id()?);
    assert_eq!(v.expect("a scaling vector").id()?, vec.id()?);
    Ok(())
}

fn create_injection(petsc: &Petsc) -> petsc::Result<()> {
    let mut dm = shell(petsc)?;
    let mut mat = Mat::new(&petsc.world())?;
    mat.set_sizes_to(Sizes::local(10, 10))?;
    mat.set_up()?;
    let m = mat.clone();
    dm.set_create_injection(move |_, _| Ok(m.clone()))?;
    let got = dm.create_injection(&dm)?;
    assert_eq!(got.id()?, mat.id()?);
    Ok(())
}
