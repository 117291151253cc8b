//! SLEPc's dense solvers (`DS`) through `slepc-rs`: eigenvalues of Hermitian,
//! non-Hermitian and generalized problems against closed forms, eigenvectors against
//! `A x = lambda x`, singular values, condition numbers, the lent matrices and arrays,
//! the settings; and everything SLEPc's optimized build does not check (storage,
//! matrices of the type, solved state, sizes), refused with an `Err`. Dense solvers are
//! sequential objects; the cases run at 1, 2 and 3 ranks, each rank its own.

use std::f64::consts::PI;

use petsc::{Int, Object, Petsc, Scalar};
use petsc_tests::Case;
use slepc::{DenseSolver, DenseSolverType, DsMatType, DsParallelType, DsStateType};

/// Modulus of a real or complex scalar.
fn abs(x: impl Into<petsc::Complex<f64>>) -> f64 {
    x.into().norm()
}

/// Real part of a real or complex scalar.
fn re(x: impl Into<petsc::Complex<f64>>) -> f64 {
    x.into().re
}

/// A dense solver of type `t` with storage for `ld` and problem size `n`.
fn ds(petsc: &Petsc, t: DenseSolverType, ld: Int, n: Int) -> petsc::Result<DenseSolver> {
    let mut ds = DenseSolver::new(&petsc.self_comm())?;
    ds.set_type(t)?;
    ds.allocate(ld)?;
    ds.set_dimensions_to(slepc::DsDimensions::new(n))?;
    Ok(ds)
}

/// Writes the `n x n` matrix `f(i, j)` into matrix `m` (leading dimension `ld`).
fn fill(
    ds: &mut DenseSolver,
    m: DsMatType,
    n: usize,
    f: impl Fn(usize, usize) -> f64,
) -> petsc::Result<()> {
    let ld = ds.leading_dimension()? as usize;
    let mut a = ds.array_mut(m)?;
    for j in 0..n {
        for i in 0..n {
            a[i + j * ld] = Scalar::from(f(i, j));
        }
    }
    Ok(())
}

/// The 1-D Laplacian `tridiag(-1, 2, -1)`.
fn laplacian(i: usize, j: usize) -> f64 {
    match i.abs_diff(j) {
        0 => 2.0,
        1 => -1.0,
        _ => 0.0,
    }
}

/// HEP: the Laplacian's eigenvalues `2 - 2 cos(k pi / (n + 1))`, and `A x = lambda x`
/// for the vectors X; GHEP with `B = 2 I` halves them.
fn ds_hermitian(petsc: &Petsc) -> petsc::Result<()> {
    let n = 8usize;
    let exact: Vec<f64> = (1..=n)
        .map(|k| 2.0 - 2.0 * (k as f64 * PI / (n as f64 + 1.0)).cos())
        .collect();
    let mut d = ds(petsc, DenseSolverType::Hep, 10, n as Int)?;
    fill(&mut d, DsMatType::A, n, laplacian)?;
    let (wr, _) = d.solve()?;
    assert_eq!(d.state()?, DsStateType::Condensed);
    let mut got: Vec<f64> = wr.iter().map(|&x| re(x)).collect();
    got.sort_by(f64::total_cmp);
    for (g, e) in got.iter().zip(&exact) {
        assert!((g - e).abs() < 1e-12, "{got:?} vs {exact:?}");
    }
    d.vectors(DsMatType::X)?;
    let ld = 10;
    let x = d.array(DsMatType::X)?.to_vec();
    for (k, &lambda) in wr.iter().enumerate() {
        for i in 0..n {
            let ax: Scalar = (0..n)
                .map(|j| Scalar::from(laplacian(i, j)) * x[j + k * ld])
                .sum();
            assert!(
                abs(ax - lambda * x[i + k * ld]) < 1e-12,
                "vector {k}, row {i}"
            );
        }
    }
    // GHEP with B = 2 I.
    let mut g = ds(petsc, DenseSolverType::Ghep, n as Int, n as Int)?;
    fill(&mut g, DsMatType::A, n, laplacian)?;
    fill(
        &mut g,
        DsMatType::B,
        n,
        |i, j| if i == j { 2.0 } else { 0.0 },
    )?;
    let (wr, _) = g.solve()?;
    let mut got: Vec<f64> = wr.iter().map(|&x| re(x)).collect();
    got.sort_by(f64::total_cmp);
    for (g, e) in got.iter().zip(&exact) {
        assert!((g - e / 2.0).abs() < 1e-12);
    }
    Ok(())
}

/// NHEP: an upper triangular matrix has its diagonal as eigenvalues; the vectors
/// satisfy `A x = lambda x`; the condition number of a diagonal matrix is max/min.
fn ds_non_hermitian(petsc: &Petsc) -> petsc::Result<()> {
    let n = 5usize;
    let a = |i: usize, j: usize| match (i, j) {
        (i, j) if i == j => (i + 1) as f64,
        (i, j) if j > i => 0.5 / (1 + j - i) as f64,
        _ => 0.0,
    };
    let mut d = ds(petsc, DenseSolverType::Nhep, n as Int, n as Int)?;
    fill(&mut d, DsMatType::A, n, a)?;
    let (wr, wi) = d.solve()?;
    let mut got: Vec<f64> = wr.iter().map(|&x| re(x)).collect();
    got.sort_by(f64::total_cmp);
    assert!(
        got.iter()
            .zip(1..=n)
            .all(|(g, e)| (g - e as f64).abs() < 1e-12),
        "{got:?}"
    );
    assert!(wi.iter().all(|&x| abs(x) < 1e-14));
    d.vectors(DsMatType::X)?;
    let x = d.array(DsMatType::X)?.to_vec();
    for (k, &lambda) in wr.iter().enumerate() {
        for i in 0..n {
            let ax: Scalar = (0..n).map(|j| Scalar::from(a(i, j)) * x[j + k * n]).sum();
            assert!(abs(ax - lambda * x[i + k * n]) < 1e-12);
        }
    }
    // The condition number of diag(1, 2, 4, 8, 16) is 16.
    let mut c = ds(petsc, DenseSolverType::Nhep, n as Int, n as Int)?;
    fill(&mut c, DsMatType::A, n, |i, j| {
        if i == j {
            (1 << i) as f64
        } else {
            0.0
        }
    })?;
    assert!((c.cond()? - 16.0).abs() < 1e-12);
    Ok(())
}

/// SVD: the singular values of `diag(3, 2, 1)` with a zero row below are 3, 2, 1; the
/// number of columns round-trips.
fn ds_svd(petsc: &Petsc) -> petsc::Result<()> {
    let mut d = DenseSolver::new(&petsc.self_comm())?;
    d.set_type(DenseSolverType::Svd)?;
    d.allocate(4)?;
    d.set_dimensions_to(slepc::DsDimensions::new(4))?;
    d.set_svd_dimensions(3)?;
    assert_eq!(d.svd_dimensions()?, 3);
    fill(&mut d, DsMatType::A, 4, |i, j| {
        if i == j && i < 3 {
            (3 - i) as f64
        } else {
            0.0
        }
    })?;
    let (s, _) = d.solve()?;
    let mut got: Vec<f64> = s.iter().take(3).map(|&x| re(x)).collect();
    got.sort_by(f64::total_cmp);
    assert!(
        got.iter()
            .zip([1.0, 2.0, 3.0])
            .all(|(g, e)| (g - e).abs() < 1e-12),
        "{s:?}"
    );
    Ok(())
}

/// The lent matrix has the problem's size and the array's entries; the settings
/// round-trip; a duplicate has the type and no storage.
fn ds_mats_and_settings(petsc: &Petsc) -> petsc::Result<()> {
    let n = 4usize;
    let mut d = ds(petsc, DenseSolverType::Nhep, 6, n as Int)?;
    fill(&mut d, DsMatType::A, n, |i, j| (10 * i + j) as f64)?;
    {
        let m = d.mat(DsMatType::A)?;
        assert_eq!(m.size()?, (n as Int, n as Int));
        assert_eq!(m.values(&[2], &[3])?, vec![Scalar::from(23.0)]);
        m.restore()?;
    }
    d.set_identity(DsMatType::Q)?;
    let q = d.array(DsMatType::Q)?.to_vec();
    assert_eq!(q[0], Scalar::from(1.0));
    assert_eq!(q[1], Scalar::from(0.0));
    let dims = d.dimensions()?;
    assert_eq!((dims.n, dims.l, dims.k), (4, 0, 0));
    d.set_state(DsStateType::Intermediate)?;
    assert_eq!(d.state()?, DsStateType::Intermediate);
    d.set_parallel(DsParallelType::Synchronized)?;
    assert_eq!(d.parallel()?, DsParallelType::Synchronized);
    d.set_block_size(2)?;
    assert_eq!(d.block_size()?, 2);
    d.set_method(0)?;
    assert_eq!(d.method()?, 0);
    for flag in [true, false] {
        d.set_compact(flag)?;
        assert_eq!(d.compact()?, flag);
        d.set_extra_row(flag)?;
        assert_eq!(d.extra_row()?, flag);
        d.set_refined(flag)?;
        assert_eq!(d.refined()?, flag);
    }
    {
        // Two handles to one solver cannot lend a slice to read and one to write at once.
        let mut other = d.clone();
        let a = d.array(DsMatType::A)?;
        let e = other.array_mut(DsMatType::A).unwrap_err().report();
        assert!(e.contains("being read"), "{e}");
        assert_eq!(a[0], Scalar::from(0.0));
    }
    let twin = d.duplicate()?;
    assert_eq!(twin.type_name()?, "nhep");
    assert!(
        twin.array(DsMatType::A).is_err(),
        "a duplicate has no storage"
    );
    d.reset()?;
    assert!(d.array(DsMatType::A).is_err(), "reset frees the storage");
    // A polynomial problem's degree and basis coefficients.
    let mut p = DenseSolver::new(&petsc.self_comm())?;
    p.set_type(DenseSolverType::Pep)?;
    let e = p.pep_coefficients().unwrap_err().report();
    assert!(e.contains("set_pep_degree first"), "{e}");
    p.set_pep_degree(2)?;
    assert_eq!(p.pep_degree()?, 2);
    let c: Vec<f64> = (0..9).map(|k| k as f64).collect();
    p.set_pep_coefficients(&c)?;
    assert_eq!(p.pep_coefficients()?, c);
    let e = p.set_pep_coefficients(&c[..6]).unwrap_err().report();
    assert!(e.contains("3 (d + 1) = 9"), "{e}");
    // A generalized SVD's dimensions.
    let mut gs = DenseSolver::new(&petsc.self_comm())?;
    gs.set_type(DenseSolverType::Gsvd)?;
    gs.allocate(4)?;
    gs.set_gsvd_dimensions(3, 2)?;
    assert_eq!(gs.gsvd_dimensions()?, (3, 2));
    Ok(())
}

/// What SLEPc's optimized build does not check: each an `Err`, the solver usable
/// after.
fn ds_refuses_bad_input(petsc: &Petsc) -> petsc::Result<()> {
    let mut d = DenseSolver::new(&petsc.self_comm())?;
    let e = d.allocate(4).unwrap_err().report();
    assert!(e.contains("no type"), "{e}");
    d.set_type(DenseSolverType::Hep)?;
    for e in [
        d.array(DsMatType::A).map(|_| ()),
        d.set_dimensions_to(slepc::DsDimensions::new(2)),
        d.cond().map(|_| ()),
        d.solve().map(|_| ()),
        d.update_extra_row(),
    ] {
        let e = e.unwrap_err().report();
        assert!(e.contains("call allocate first"), "{e}");
    }
    assert!(d.allocate(0).unwrap_err().report().contains("ld is 0"));
    d.allocate(4)?;
    let e = d
        .set_dimensions_to(slepc::DsDimensions::new(5))
        .unwrap_err()
        .report();
    assert!(e.contains("n = 5") && e.contains("ld = 4"), "{e}");
    let e = d.array(DsMatType::B).unwrap_err().report();
    assert!(e.contains("has no matrix B"), "{e}");
    let e = d.vectors(DsMatType::X).unwrap_err().report();
    assert!(e.contains("call solve first"), "{e}");
    let e = d.truncate(1, false).unwrap_err().report();
    assert!(e.contains("call solve first"), "{e}");
    // SLEPc ignores a setter of another type and refuses its getter.
    d.set_svd_dimensions(2)?;
    let e = d.svd_dimensions().unwrap_err().report();
    assert!(e.contains("type 'hep'; this needs 'svd'"), "{e}");
    let e = d.set_block_size(0).unwrap_err().report();
    assert!(e.contains("bs"), "{e}");
    // Usable after all that: a 2 x 2 problem.
    d.set_dimensions_to(slepc::DsDimensions::new(2))?;
    fill(&mut d, DsMatType::A, 2, |i, j| {
        if i == j {
            1.0 + i as f64
        } else {
            0.0
        }
    })?;
    let (w, _) = d.solve()?;
    let e = d.vectors(DsMatType::A).unwrap_err().report();
    assert!(e.contains("holds no vectors"), "{e}");
    let e = d.truncate(3, false).unwrap_err().report();
    assert!(e.contains("n is 3"), "{e}");
    d.truncate(1, false)?;
    assert_eq!(w.len(), 2);
    Ok(())
}

/// The solvers' dense solvers: an eigensolver set up for a symmetric problem has a
/// `hep` DS, and takes one given to it; SLEPc's version and packages; a basis's storage
/// as one array, column after column.
fn ds_of_solvers(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::{InsertMode, Mat, Sizes};
    use slepc::{Eps, EpsProblemType, Nep, Pep, Svd};
    let comm = petsc.self_comm();
    let mut a = Mat::aij(&comm)
        .sizes(Sizes::global(6, 6))
        .preallocate(3, 0)
        .build()?;
    for i in 0..6 {
        for j in [i - 1, i, i + 1].into_iter().filter(|j| (0..6).contains(j)) {
            a.set_value(i, j, if i == j { 2.0 } else { -1.0 }, InsertMode::Insert)?;
        }
    }
    a.assemble()?;
    let mut eps = Eps::new(&comm)?;
    eps.set_operators(&a, None)?;
    eps.set_problem_type(EpsProblemType::Hep)?;
    eps.set_up()?;
    assert_eq!(eps.ds()?.type_name()?, "hep");
    let mut mine = DenseSolver::new(&comm)?;
    mine.set_type(DenseSolverType::Nhep)?;
    let mut other = Eps::new(&comm)?;
    other.set_ds(&mine)?;
    assert_eq!(other.ds()?.type_name()?, "nhep");
    for ds in [
        Svd::new(&comm)?.ds()?,
        Pep::new(&comm)?.ds()?,
        Nep::new(&comm)?.ds()?,
    ] {
        assert!(ds.leading_dimension()? >= 0);
    }
    let mut svd = Svd::new(&comm)?;
    svd.set_ds(&mine)?;
    let mut pep = Pep::new(&comm)?;
    pep.set_ds(&mine)?;
    let mut nep = Nep::new(&comm)?;
    nep.set_ds(&mine)?;
    assert_eq!(nep.ds()?.type_name()?, "nhep");

    let (major, minor, sub, _) = slepc::version_info();
    assert_eq!((major, minor, sub), slepc::version());
    assert!(!slepc::is_finalized());
    let slepc = slepc::Slepc::init(petsc)?;
    assert!(!slepc::has_external_package(&slepc, "nosuchpackage")?);
    assert!(slepc::has_external_package(&slepc, "a\0b").is_err());

    let mut bv = slepc::Bv::with_sizes(&comm, None, Some(3), 2)?;
    {
        let mut a = bv.array()?;
        let ld = a.leading_dimension();
        assert!(ld >= 3 && a.len() == 2 * ld, "ld {ld}, {} entries", a.len());
        for (k, v) in [1.0, 2.0, 3.0, 4.0, 5.0, 6.0].into_iter().enumerate() {
            a[(k / 3) * ld + k % 3] = Scalar::from(v);
        }
    }
    let col = bv.column(1)?;
    assert_eq!(
        col.view()?.to_vec(),
        [4.0, 5.0, 6.0].map(Scalar::from).to_vec()
    );
    slepc::Bv::restore_column(col)?;
    Ok(())
}

/// `use petsc::*; use slepc::*;` together shadow nothing of the prelude (`Fn`,
/// `Result` with two parameters) and collide on no new name: PETSc's discrete system and
/// SLEPc's dense solver are `DiscreteSystem` and `DenseSolver`, SLEPc's `FN` `MathFn`.
mod globbed {
    use petsc::*;
    use slepc::*;

    fn apply(f: &dyn Fn(f64) -> f64, x: f64) -> Result<f64, std::num::ParseIntError> {
        Ok(f(x))
    }

    pub fn globs_shadow_nothing(petsc: &Petsc) -> Result<()> {
        let c = petsc.self_comm();
        assert_eq!(apply(&|x| 2.0 * x, 1.5).unwrap(), 3.0);
        let mut ds = DenseSolver::new(&c)?;
        ds.set_type(DenseSolverType::Hep)?;
        assert_eq!(ds.ty()?, Some(DenseSolverType::Hep));
        assert_eq!(ds.ty()?.unwrap().to_string(), Object::type_name(&ds)?);
        let mut pds = DiscreteSystem::new(&c)?;
        pds.set_type(DiscreteSystemType::Basic)?;
        assert_eq!(pds.ty()?, Some(DiscreteSystemType::Basic));
        let mut f = MathFn::new(&c)?;
        f.set_type(FnType::Exp)?;
        // exp(0) is exactly 1 (a complex one in a complex build).
        assert_eq!(f.evaluate_function(0.0)?, petsc::Scalar::from(1.0));
        Ok(())
    }
}

/// The dimensions by name round-trip (`t` follows `n`); sizes beyond the storage, `l`
/// or `k` beyond `n` and a `t` other than `n` are refused, naming them.
fn ds_dimensions_by_name(petsc: &Petsc) -> petsc::Result<()> {
    use slepc::DsDimensions;
    let mut d = DenseSolver::new(&petsc.self_comm())?;
    d.set_type(DenseSolverType::Nhep)?;
    d.allocate(6)?;
    let want = DsDimensions::new(5).l(1).k(3);
    assert_eq!(
        want,
        DsDimensions {
            n: 5,
            l: 1,
            k: 3,
            t: 5
        }
    );
    d.set_dimensions_to(want)?;
    assert_eq!(d.dimensions()?, want);
    d.set_dimensions_to(d.dimensions()?)?;
    assert_eq!(d.dimensions()?, want);
    d.set_dimensions_to(DsDimensions::new(2))?;
    assert_eq!(d.dimensions()?, DsDimensions::new(2));
    for (bad, needle) in [
        (DsDimensions::new(7), "ld = 6"),
        (DsDimensions::new(3).l(4), "l = 4"),
        (DsDimensions::new(3).k(4), "k = 4"),
        (DsDimensions::new(3).l(-1), "l = -1"),
        (
            DsDimensions {
                t: 2,
                ..DsDimensions::new(3)
            },
            "t is 2",
        ),
    ] {
        let e = d.set_dimensions_to(bad).unwrap_err().report();
        assert!(e.contains(needle), "{bad:?}: {e}");
    }
    assert_eq!(
        d.dimensions()?,
        DsDimensions::new(2),
        "refused sizes change nothing"
    );
    Ok(())
}

/// The former names of SLEPc's dense solver answer as the new ones.
#[allow(deprecated)]
fn ds_former_names(petsc: &Petsc) -> petsc::Result<()> {
    let c = petsc.self_comm();
    let mut ds: slepc::Ds = slepc::Ds::create(&c)?;
    ds.set_type(slepc::DsType::Hep)?;
    ds.allocate(3)?;
    ds.set_dimensions_to(slepc::DsDimensions::new(3))?;
    assert_eq!(ds.get_type()?, ds.ty()?);
    let n = ds.get_mat(DsMatType::A)?.size()?;
    assert_eq!(n, ds.mat(DsMatType::A)?.size()?);
    Ok(())
}

pub fn cases() -> Vec<Case> {
    const R: &[usize] = &[1, 2, 3];
    vec![
        Case::new("ds_hermitian", ds_hermitian).ranks(R),
        Case::new("ds_non_hermitian", ds_non_hermitian).ranks(R),
        Case::new("ds_svd", ds_svd).ranks(R),
        Case::new("ds_mats_and_settings", ds_mats_and_settings).ranks(R),
        Case::new("globs_shadow_nothing", globbed::globs_shadow_nothing),
        Case::new("ds_former_names", ds_former_names),
        Case::new("ds_dimensions_by_name", ds_dimensions_by_name).ranks(R),
        Case::new("ds_refuses_bad_input", ds_refuses_bad_input).ranks(R),
        Case::new("ds_of_solvers", ds_of_solvers).ranks(R),
    ]
}
