//! SLEPc's settings as slepc-rs 0.1 took them: `set_dimensions(nev, ncv, mpd)` of EPS,
//! SVD, PEP and NEP with the tuple `dimensions()`, `DenseSolver::set_dimensions(n, l, k)`,
//! `Nep::set_refine` with five positional arguments and its tuple getter, and
//! `Lme::set_coefficients(&a, b, d, e)` with three positional options, and
//! `Rg::set_interval_endpoints(a, b, c, d)` with its tuple getter, and
//! `Eps::update_krylov_schur_subcomm_mats` with eight positional arguments.

use petsc::{InsertMode, Int, Mat};
use slepc::{DenseSolver, DenseSolverType, Eps, Lme, LmeProblemType, Nep, Pep, Svd};
use slepc::{NepRefine, NepRefineScheme};

fn expect(what: &str, ok: bool) -> petsc::Result<()> {
    if ok {
        Ok(())
    } else {
        Err(petsc::Error::invalid(
            "old-forms slepc_settings",
            what.to_string(),
        ))
    }
}

/// diag(-1, -2, ..., -n), distributed over `comm`.
fn diagonal(comm: &petsc::Comm, n: Int) -> petsc::Result<Mat> {
    let mut a = Mat::new_aij(comm, None, None, Some(n), Some(n), 1, 1)?;
    for i in a.ownership_range()? {
        a.set_value(
            i,
            i,
            petsc::Scalar::from(-(i as petsc::Real) - 1.0),
            InsertMode::Insert,
        )?;
    }
    a.assemble()?;
    Ok(a)
}

pub fn run(petsc: &petsc::Petsc) -> petsc::Result<()> {
    let world = petsc.world();

    // The four eigensolver families: `None` lets SLEPc choose (read back as negative
    // markers before set-up), the tuple getter destructured.
    let mut eps = Eps::new(&world)?;
    eps.set_dimensions(3, Some(12), None)?;
    let (nev, ncv, _mpd) = eps.dimensions()?;
    expect("Eps::set_dimensions", (nev, ncv) == (3, 12))?;
    expect(
        "Eps::set_dimensions(0)",
        eps.set_dimensions(0, None, None).is_err(),
    )?;
    let mut svd = Svd::new(&world)?;
    svd.set_dimensions(2, Some(10), Some(5))?;
    expect("Svd::set_dimensions", svd.dimensions()? == (2, 10, 5))?;
    let mut pep = Pep::new(&world)?;
    pep.set_dimensions(4, None, Some(8))?;
    let (nev, _, mpd) = pep.dimensions()?;
    expect("Pep::set_dimensions", (nev, mpd) == (4, 8))?;
    let mut nep = Nep::new(&world)?;
    nep.set_dimensions(1, Some(6), Some(6))?;
    expect("Nep::set_dimensions", nep.dimensions()? == (1, 6, 6))?;

    // The sizes of each subinterval of spectrum slicing, positional as well.
    eps.set_type(slepc::EpsType::KrylovSchur)?;
    eps.set_krylov_schur_dimensions(10, Some(30), None)?;
    let (nev, ncv, _) = eps.krylov_schur_dimensions()?;
    expect("Eps::set_krylov_schur_dimensions", (nev, ncv) == (10, 30))?;
    pep.set_type(slepc::PepType::Stoar)?;
    pep.set_stoar_dimensions(6, Some(20), Some(20))?;
    expect(
        "Pep::set_stoar_dimensions",
        pep.stoar_dimensions()? == (6, 20, 20),
    )?;

    // NEP's refinement, five positional arguments, read back as a tuple.
    nep.set_refine(
        NepRefine::Simple,
        1,
        Some(1e-12),
        Some(2),
        NepRefineScheme::Explicit,
    )?;
    let (kind, npart, tol, its, scheme) = nep.refine()?;
    expect(
        "Nep::set_refine",
        kind == NepRefine::Simple
            && npart == 1
            && tol == 1e-12
            && its == 2
            && scheme == Some(NepRefineScheme::Explicit),
    )?;
    expect(
        "Nep::set_refine(npart 0)",
        nep.set_refine(NepRefine::Simple, 0, None, None, NepRefineScheme::Schur)
            .is_err(),
    )?;

    // A dense solver's dimensions `(n, l, k)`.
    let mut ds = DenseSolver::new(&petsc.self_comm())?;
    ds.set_type(DenseSolverType::Hep)?;
    ds.allocate(4)?;
    ds.set_dimensions(3, 1, 2)?;
    let d = ds.dimensions()?;
    expect("DenseSolver::set_dimensions", (d.n, d.l, d.k) == (3, 1, 2))?;
    expect(
        "DenseSolver::set_dimensions(n > ld)",
        ds.set_dimensions(5, 0, 0).is_err(),
    )?;

    // LME's coefficients: A alone, then A and D of the generalized Lyapunov equation.
    let a = diagonal(&world, 4)?;
    let mut dm = diagonal(&world, 4)?;
    dm.scale(-1.0)?;
    let mut lme = Lme::new(&world)?;
    lme.set_problem_type(LmeProblemType::Lyapunov)?;
    lme.set_coefficients(&a, None, None, None)?;
    let (ca, cb, cd, ce) = lme.coefficients()?;
    expect(
        "Lme::set_coefficients(A)",
        ca.is_some() && cb.is_none() && cd.is_none() && ce.is_none(),
    )?;
    lme.set_problem_type(LmeProblemType::GenLyapunov)?;
    lme.set_coefficients(&a, None, Some(&dm), None)?;
    let (_, cb, cd, _) = lme.coefficients()?;
    expect("Lme::set_coefficients(A, D)", cb.is_none() && cd.is_some())?;

    // Rg::set_interval_endpoints: the rectangle [a, b] x [c, d], four positional reals.
    let mut rg = slepc::Rg::new(&petsc.self_comm())?;
    rg.set_type(slepc::RgType::Interval)?;
    rg.set_interval_endpoints(1.0, 2.0, -0.5, 0.5)?;
    let (a, b, c, d) = rg.interval_endpoints()?;
    expect(
        "Rg::set_interval_endpoints",
        (a, b, c, d) == (1.0, 2.0, -0.5, 0.5),
    )?;
    expect(
        "Rg::set_interval_endpoints bad",
        rg.set_interval_endpoints(2.0, 1.0, 0.0, 0.0).is_err(),
    )?;

    // Eps::update_krylov_schur_subcomm_mats: eight positional arguments.
    let c = petsc.self_comm();
    let mut a = Mat::new_aij(&c, None, None, Some(10), Some(10), 1, 0)?;
    for i in 0..10 {
        a.set_value(
            i,
            i,
            petsc::Scalar::from((i + 1) as f64),
            InsertMode::Insert,
        )?;
    }
    a.assemble()?;
    let mut eps = Eps::new(&c)?;
    eps.set_operators(&a, None)?;
    eps.set_problem_type(slepc::EpsProblemType::Hep)?;
    eps.set_type(slepc::EpsType::KrylovSchur)?;
    eps.set_which_eigenpairs(slepc::EpsWhich::All)?;
    eps.set_interval(2.5, 6.5)?;
    eps.st()?.set_type(slepc::StType::Sinvert)?;
    let mut ksp = eps.krylov_schur_ksp()?;
    ksp.set_type(petsc::KspType::Preonly)?;
    ksp.pc()?.set_type(petsc::PcType::Cholesky)?;
    drop(ksp);
    eps.solve()?;
    expect("slicing solve", eps.converged_count()? == 4)?;
    let (sa, _) = eps.krylov_schur_subcomm_mats()?;
    eps.update_krylov_schur_subcomm_mats(
        2.0,
        0.0,
        None,
        1.0,
        0.0,
        None,
        petsc::MatStructure::Same,
        true,
    )?;
    eps.solve()?;
    expect(
        "Eps::update_krylov_schur_subcomm_mats",
        eps.converged_count()? == 2,
    )?;
    expect(
        "Eps::update_krylov_schur_subcomm_mats no B",
        eps.update_krylov_schur_subcomm_mats(
            1.0,
            1.0,
            None,
            1.0,
            1.0,
            Some(&sa),
            petsc::MatStructure::Same,
            false,
        )
        .is_err(),
    )?;
    Ok(())
}
