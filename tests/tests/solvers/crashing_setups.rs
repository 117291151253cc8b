//! Set-ups PETSc crashes on (a segmentation fault), refused with an `Err` naming the
//! option and the PETSc versions affected; the valid neighbours still work.
//!
//! Multigrid (`-pc_type mg -pc_mg_levels N`, `N > 1`) on a solver without a DM and
//! without the levels' interpolations: PETSc 3.18 to 3.23 coarsen the DM the PC does not
//! have (`DMCoarsen(NULL)` in `PCSetUp_MG`); 3.24 reports an error itself.

use petsc::{Da, InsertMode, Int, Ksp, Mat, Object, Pc, PcType, Petsc, Scalar, Sizes, Vector};
use petsc_tests::{varying_tridiagonal, with_prefixed_options, Case};

pub fn cases() -> Vec<Case> {
    const R: &[usize] = &[1, 2, 3];
    vec![
        Case::new("mg_levels_without_a_dm", mg_levels_without_a_dm).ranks(R),
        Case::new(
            "mg_with_a_dm_or_interpolations",
            mg_with_a_dm_or_interpolations,
        )
        .ranks(R),
    ]
}

const N: Int = 40;

/// The outcome of a solve of the 40-point operator by a KSP without a DM, with the
/// options of `opts` under `prefix`; the residual norm reduction when it succeeds.
fn solve_with(petsc: &Petsc, prefix: &str, opts: &str) -> petsc::Result<f64> {
    let a = varying_tridiagonal(petsc, N)?;
    with_prefixed_options(petsc, prefix, opts, || {
        let mut ksp = Ksp::new(&petsc.world())?;
        ksp.set_options_prefix(prefix)?;
        ksp.set_operators(&a, &a)?;
        ksp.set_from_options()?;
        solved(&mut ksp, &a)
    })
}

/// Solves `a x = 1` with `ksp`; the relative residual.
fn solved(ksp: &mut Ksp, a: &Mat) -> petsc::Result<f64> {
    let mut b = Vector::new_mpi(&a.comm(), Some(a.local_size()?.0), None)?;
    b.set(1.0)?;
    let mut x = b.duplicate()?;
    ksp.solve(&b, &mut x)?.check()?;
    let mut r = b.duplicate()?;
    a.mult(&x, &mut r)?;
    r.axpy(Scalar::from(-1.0), &b)?;
    Ok(r.norm(petsc::NormType::Two)? / b.norm(petsc::NormType::Two)?)
}

fn assert_refused(e: &petsc::Error, levels: Int) {
    let text = e.report();
    assert!(
        text.contains(&format!("-pc_mg_levels {levels}"))
            && text.contains("no DM")
            && text.contains("3.18 to 3.23"),
        "{text}"
    );
}

fn mg_levels_without_a_dm(petsc: &Petsc) -> petsc::Result<()> {
    for levels in [2, 5, 1000] {
        let opts = format!("-pc_type mg -pc_mg_levels {levels}");
        match solve_with(petsc, "cs_a_", &opts) {
            Err(e) if cfg!(petsc_3_24) => {
                // PETSc's own error.
                assert!(e.report().contains("lacks a DM"), "{e}");
            }
            Err(e) => assert_refused(&e, levels),
            Ok(r) => panic!("{opts}: solved ({r:e})"),
        }
    }
    // The same refusal from the set-up of the KSP and of a PC alone; the objects stay
    // usable: with one level they work.
    let a = varying_tridiagonal(petsc, N)?;
    let mut ksp = Ksp::new(&petsc.world())?;
    ksp.set_operators(&a, &a)?;
    let mut pc = ksp.pc()?;
    pc.set_type(PcType::Mg)?;
    pc.set_mg_levels(3)?;
    let mut alone = Pc::new(&petsc.world())?;
    alone.set_operators(&a, &a)?;
    alone.set_type(PcType::Mg)?;
    alone.set_mg_levels(3)?;
    if !cfg!(petsc_3_24) {
        assert_refused(&ksp.set_up().unwrap_err(), 3);
        assert_refused(&alone.set_up().unwrap_err(), 3);
        let x = Vector::new_mpi(&a.comm(), Some(a.local_size()?.0), None)?;
        let mut y = x.duplicate()?;
        assert_refused(&alone.apply(&x, &mut y).unwrap_err(), 3);
    }
    pc.set_mg_levels(1)?;
    assert!(solved(&mut ksp, &a)? < 1e-3);
    // One level, and algebraic multigrid: as in PETSc.
    assert!(solve_with(petsc, "cs_b_", "-pc_type mg -pc_mg_levels 1")? < 1e-3);
    assert!(solve_with(petsc, "cs_c_", "-pc_type gamg")? < 1e-3);
    Ok(())
}

/// Linear interpolation from `nc` points to `2 nc` (each coarse point to the fine
/// points `2j` and, halfway, `2j + 1`), with the fine rows laid out as `like`'s.
fn interpolation(like: &Mat, nc: Int) -> petsc::Result<Mat> {
    let mut p = Mat::aij(&like.comm())
        .sizes(Sizes {
            local_rows: Some(like.local_size()?.0),
            global_rows: Some(2 * nc),
            global_cols: Some(nc),
            ..Default::default()
        })
        .preallocate(2, 2)
        .build()?;
    for i in p.ownership_range()? {
        let j = i / 2;
        if i % 2 == 0 {
            p.set_values(&[i], &[j], &[Scalar::from(1.0)], InsertMode::Insert)?;
        } else {
            p.set_values(&[i], &[j], &[Scalar::from(0.5)], InsertMode::Insert)?;
            if j + 1 < nc {
                p.set_values(&[i], &[j + 1], &[Scalar::from(0.5)], InsertMode::Insert)?;
            }
        }
    }
    p.assemble()?;
    Ok(p)
}

fn mg_with_a_dm_or_interpolations(petsc: &Petsc) -> petsc::Result<()> {
    // The levels' interpolations set by the program: no DM needed.
    let a = varying_tridiagonal(petsc, N)?;
    let mut ksp = Ksp::new(&petsc.world())?;
    ksp.set_operators(&a, &a)?;
    let mut pc = ksp.pc()?;
    pc.set_type(PcType::Mg)?;
    pc.set_mg_levels(2)?;
    pc.set_mg_interpolation(1, &interpolation(&a, N / 2)?)?;
    with_prefixed_options(petsc, "cs_d_", "-pc_mg_galerkin both", || {
        ksp.set_options_prefix("cs_d_")?;
        ksp.set_from_options()?;
        assert!(solved(&mut ksp, &a)? < 1e-3);
        Ok(())
    })?;

    // A DMDA-based KSP: PETSc coarsens the DMDA.
    let da = Da::grid(&petsc.world()).sizes([33]).build()?;
    let mut a = da.create_matrix()?;
    for i in a.ownership_range()? {
        for (j, v) in [(i - 1, -1.0), (i, 2.5), (i + 1, -1.0)] {
            if (0..33).contains(&j) {
                a.set_values(&[i], &[j], &[Scalar::from(v)], InsertMode::Insert)?;
            }
        }
    }
    a.assemble()?;
    let mut ksp = Ksp::new(&petsc.world())?;
    ksp.set_dm(&da)?;
    ksp.set_dm_active(false)?;
    ksp.set_operators(&a, &a)?;
    with_prefixed_options(
        petsc,
        "cs_e_",
        "-pc_type mg -pc_mg_levels 3 -pc_mg_galerkin both",
        || {
            ksp.set_options_prefix("cs_e_")?;
            ksp.set_from_options()?;
            assert_eq!(ksp.pc()?.mg_levels()?, 3);
            assert!(solved(&mut ksp, &a)? < 1e-3);
            Ok(())
        },
    )
}
