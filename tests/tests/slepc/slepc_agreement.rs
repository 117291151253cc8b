//! Checks whose outcome can differ between ranks (a layout, a local size, a rank's own
//! array) are agreed on every rank before the call they guard, in every SLEPc class:
//! objects split 4/2/2 against arguments split 2/2/4 at 3 ranks (rank 1's shares
//! match, the others' do not) get the same `Err` on every rank, naming what was wrong,
//! and the object works afterwards. At 1 and 2 ranks the arguments differ on every
//! rank (a global size at 1), which every rank refuses alike.

use petsc::{InsertMode, Int, Mat, MatStructure, NormType, Petsc, Scalar, Sizes, Vector};
use petsc_tests::Case;
use slepc::{Bv, Eps, EpsType, FnType, Lme, LmeProblemType, MathFn, Mfn, Nep, NepType, Pep, Svd};

/// This rank's share of the objects (`4/2/2` at 3 ranks) and of the arguments split
/// otherwise (`2/2/4`; at 1 rank 3, so that the global size differs).
fn shares(petsc: &Petsc) -> (Int, Int) {
    let w = petsc.world();
    let (rank, size) = (w.rank(), w.size());
    let mine = if rank == 0 { 4 } else { 2 };
    let other = match (size, rank == size - 1) {
        (1, _) => 3,
        (_, true) => 4,
        _ => 2,
    };
    (mine, other)
}

/// A matrix with `rows` and `cols` local rows and columns, `v` on its diagonal.
fn mat(petsc: &Petsc, rows: Int, cols: Int, v: f64) -> petsc::Result<Mat> {
    let mut m = Mat::aij(&petsc.world())
        .sizes(Sizes::local(rows, cols))
        .preallocate(1, 1)
        .build()?;
    let (_, n) = m.size()?;
    for i in m.ownership_range()?.filter(|&i| i < n) {
        let d = Scalar::from(v * (1.0 + i as f64));
        m.set_values(&[i], &[i], &[d], InsertMode::Insert)?;
    }
    m.assemble()?;
    Ok(m)
}

/// A vector of `local` entries on this rank, all `v`.
fn vector(petsc: &Petsc, local: Int, v: f64) -> petsc::Result<Vector> {
    let mut x = Vector::new_mpi(&petsc.world(), Some(local), None)?;
    x.set(Scalar::from(v))?;
    Ok(x)
}

/// Asserts that `r` is an `Err` naming `ctx` and one of the `|` separated `what`: a rank
/// whose check failed says why, the others repeat the words of the first such rank
/// ("another rank (rank R) failed: ...").
#[track_caller]
fn refused<T: std::fmt::Debug>(r: petsc::Result<T>, ctx: &str, what: &str) {
    let e = r.expect_err(&format!("{ctx}: an Err on every rank"));
    let text = e.report();
    assert!(text.contains(ctx), "{ctx}: {text}");
    assert!(
        what.split('|').any(|w| text.contains(w)),
        "{ctx}: no {what:?} in {text}"
    );
}

/// A basis of 2 columns split as `local`, with column `j` = `j + 1` everywhere.
fn basis(petsc: &Petsc, local: Int) -> petsc::Result<Bv> {
    let mut bv = Bv::with_sizes(&petsc.world(), Some(local), None, 2)?;
    for j in 0..2 {
        bv.insert_vec(j, &vector(petsc, local, (j + 1) as f64)?)?;
    }
    Ok(bv)
}

fn bv_layouts(petsc: &Petsc) -> petsc::Result<()> {
    let (mine, other) = shares(petsc);
    let x = basis(petsc, mine)?;
    let mut y = basis(petsc, other)?;
    let mut v = vector(petsc, other, 1.0)?;
    let rows = "rows (2)|rows (3)|rows (4)";
    refused(x.dot(&y), "Bv::dot", rows);
    refused(x.copy(&mut y), "Bv::copy", rows);
    refused(y.mult(1.0, 0.0, &x, None), "Bv::mult", rows);
    let mut x = x;
    refused(x.insert_vec(0, &v), "Bv::insert_vec", "on this rank");
    refused(x.copy_vec(0, &mut v), "Bv::copy_vec", "on this rank");
    let one = [Scalar::from(1.0); 2];
    refused(
        x.mult_vec(1.0, 0.0, &mut v, &one),
        "Bv::mult_vec",
        "on this rank",
    );
    refused(x.dot_vec(&v), "Bv::dot_vec", "on this rank");
    let a = mat(petsc, other, other, 1.0)?;
    refused(
        x.mat_project(Some(&a), &x),
        "Bv::mat_project",
        "on this rank",
    );
    let mut z = x.duplicate()?;
    refused(x.mat_mult(&a, &mut z), "Bv::mat_mult", "on this rank");
    refused(
        x.set_matrix(Some(&a), false),
        "Bv::set_matrix",
        "on this rank",
    );
    // `q` of the right length except on the last rank.
    let w = petsc.world();
    let q = vec![Scalar::from(1.0); if w.rank() == w.size() - 1 { 3 } else { 2 }];
    let mut good = vector(petsc, mine, 0.0)?;
    refused(
        x.mult_vec(1.0, 0.0, &mut good, &q),
        "Bv::mult_vec",
        "q has 3 entries",
    );
    // Usable afterwards: X^T X = [[n, 2n], [2n, 4n]] with n rows.
    let n = x.sizes()?.1;
    let m = x.dot(&x)?;
    let got = m.values(&[0, 1], &[0, 1])?;
    let want = [n, 2 * n, 2 * n, 4 * n].map(|k| Scalar::from(k as f64));
    assert_eq!(got, want);
    x.mult_vec(1.0, 0.0, &mut good, &one)?;
    assert_eq!(good.norm(NormType::Infinity)?, 3.0);
    x.insert_vec(0, &good)?;
    assert_eq!(x.norm_column(0, NormType::Infinity)?, 3.0);
    Ok(())
}

fn eps_layouts(petsc: &Petsc) -> petsc::Result<()> {
    let (mine, other) = shares(petsc);
    let a = mat(petsc, mine, mine, 1.0)?;
    let b = mat(petsc, other, other, 1.0)?;
    let mut eps = Eps::new(&petsc.world())?;
    let what = "B has local size|B is 3 x 3 but A is 4 x 4";
    refused(eps.set_operators(&a, Some(&b)), "Eps::set_operators", what);
    eps.set_operators(&a, None)?;
    let v = vector(petsc, other, 1.0)?;
    refused(
        eps.set_initial_space(&[&v]),
        "Eps::set_initial_space",
        "on this rank|has size 3",
    );
    eps.set_initial_space(&[&vector(petsc, mine, 1.0)?])?;
    eps.solve()?.check()?;
    // The largest eigenvalue of diag(1..n).
    let n = a.size()?.0 as f64;
    let petsc::Complex { re, .. } = eps.value(0)?;
    assert!((re - n).abs() < 1e-8, "{re} != {n}");
    Ok(())
}

fn st_layouts(petsc: &Petsc) -> petsc::Result<()> {
    let (mine, other) = shares(petsc);
    let a = mat(petsc, mine, mine, 1.0)?;
    let b = mat(petsc, other, other, 1.0)?;
    let mut eps = Eps::new(&petsc.world())?;
    let mut st = eps.st()?;
    refused(
        st.set_matrices(&[&a, &b]),
        "St::set_matrices",
        "matrix 1 is",
    );
    refused(
        st.set_preconditioner_mat(Some(&mat(petsc, mine, other, 1.0)?)),
        "St::set_preconditioner_mat",
        "not square",
    );
    st.set_matrices(&[&a])?;
    eps.solve()?.check()?;
    let n = a.size()?.0 as f64;
    assert!((eps.value(0)?.re - n).abs() < 1e-8);
    Ok(())
}

fn svd_layouts(petsc: &Petsc) -> petsc::Result<()> {
    let (mine, other) = shares(petsc);
    let a = mat(petsc, mine, mine, 1.0)?;
    let b = mat(petsc, mine, other, 1.0)?;
    let mut svd = Svd::new(&petsc.world())?;
    let what = "local columns|B has 3 columns but A has 4";
    refused(svd.set_operators(&a, Some(&b)), "Svd::set_operators", what);
    svd.set_operators(&a, None)?;
    let v = vector(petsc, other, 1.0)?;
    refused(
        svd.set_initial_space(&[&v], &[]),
        "Svd::set_initial_space",
        "on this rank|has size 3",
    );
    svd.solve()?.check()?;
    let n = a.size()?.0 as f64;
    assert!((svd.value(0)? - n).abs() < 1e-8);
    Ok(())
}

fn pep_layouts(petsc: &Petsc) -> petsc::Result<()> {
    let (mine, other) = shares(petsc);
    let (a0, a2) = (mat(petsc, mine, mine, -1.0)?, mat(petsc, mine, mine, 1.0)?);
    let bad = mat(petsc, other, other, 0.0)?;
    let mut pep = Pep::new(&petsc.world())?;
    let what = "has local size|A1 is 3 x 3 but A0 is 4 x 4";
    refused(
        pep.set_operators(&[&a0, &bad, &a2]),
        "Pep::set_operators",
        what,
    );
    let a1 = mat(petsc, mine, mine, 0.0)?;
    pep.set_operators(&[&a0, &a1, &a2])?;
    let v = vector(petsc, other, 1.0)?;
    refused(
        pep.set_initial_space(&[&v]),
        "Pep::set_initial_space",
        "on this rank|has size 3",
    );
    assert_eq!(pep.num_operators()?, 3);
    Ok(())
}

fn nep_layouts(petsc: &Petsc) -> petsc::Result<()> {
    let (mine, other) = shares(petsc);
    let t = mat(petsc, mine, mine, 1.0)?;
    let p = mat(petsc, other, other, 1.0)?;
    let mut nep = Nep::new(&petsc.world())?;
    refused(
        nep.set_function(&t, Some(&p), |_, _, _| Ok(())),
        "Nep::set_function",
        "P is",
    );
    // T split 4/2/2 by rows, 2/2/4 by columns: not square on ranks 0 and 2.
    let skew = mat(petsc, mine, other, 1.0)?;
    refused(
        nep.set_function(&skew, None, |_, _, _| Ok(())),
        "Nep::set_function",
        "it must be square",
    );
    refused(
        nep.set_jacobian(&skew, |_, _| Ok(())),
        "Nep::set_jacobian",
        "it must be square",
    );
    let mut f = MathFn::new(&petsc.world())?;
    f.set_type(FnType::Exp)?;
    let mut split = Nep::new(&petsc.world())?;
    refused(
        split.set_split_operator(&[&t, &p], &[&f, &f], MatStructure::Different),
        "Nep::set_split_operator",
        "matrix 1 is",
    );
    split.set_split_operator(&[&t], &[&f], MatStructure::Different)?;
    nep.set_function(&t, None, |_, _, _| Ok(()))?;
    nep.set_jacobian(&t, |_, _| Ok(()))?;
    assert_eq!(nep.size()?, Some(t.size()?.0));
    Ok(())
}

fn mfn_layouts(petsc: &Petsc) -> petsc::Result<()> {
    let (mine, other) = shares(petsc);
    let skew = mat(petsc, mine, other, 1.0)?;
    let mut mfn = Mfn::new(&petsc.world())?;
    refused(mfn.set_operator(&skew), "Mfn::set_operator", "not square");
    let a = mat(petsc, mine, mine, 0.0)?;
    mfn.set_operator(&a)?;
    mfn.fn_()?.set_type(FnType::Exp)?;
    let b = vector(petsc, other, 1.0)?;
    let mut x = vector(petsc, other, 0.0)?;
    refused(
        mfn.solve(&b, &mut x).map(drop),
        "Mfn::solve",
        "on this rank",
    );
    // exp(0) b = b.
    let b = vector(petsc, mine, 1.0)?;
    let mut x = vector(petsc, mine, 0.0)?;
    mfn.solve(&b, &mut x)?.check()?;
    assert!((x.norm(NormType::Infinity)? - 1.0).abs() < 1e-12);
    Ok(())
}

fn lme_layouts(petsc: &Petsc) -> petsc::Result<()> {
    let (mine, other) = shares(petsc);
    let skew = mat(petsc, mine, other, -1.0)?;
    let mut lme = Lme::new(&petsc.world())?;
    lme.set_problem_type(LmeProblemType::Lyapunov)?;
    refused(
        lme.set_coefficients_to(slepc::LmeMatrices::new(&skew)),
        "Lme::set_coefficients",
        "not square",
    );
    let a = mat(petsc, mine, mine, -1.0)?;
    lme.set_coefficients_to(slepc::LmeMatrices::new(&a))?;
    let factor = |local: Int| -> petsc::Result<Mat> {
        let mut c1 = Mat::dense(&petsc.world())
            .sizes(Sizes {
                local_rows: Some(local),
                global_cols: Some(1),
                ..Default::default()
            })
            .build()?;
        for i in c1.ownership_range()? {
            c1.set_value(i, 0, Scalar::from(1.0), InsertMode::Insert)?;
        }
        c1.assemble()?;
        Mat::new_lrc(None, &c1, None, None)
    };
    refused(lme.set_rhs(&factor(other)?), "Lme::set_rhs", "on this rank");
    lme.set_rhs(&factor(mine)?)?;
    lme.solve()?.check()?;
    assert!(lme.compute_error()? < 1e-6);
    Ok(())
}

/// Whether this is the last rank.
fn last(petsc: &Petsc) -> bool {
    let w = petsc.world();
    w.rank() == w.size() - 1
}

/// Lists and arrays of this rank's own: one entry fewer, or a bad value, on the last
/// rank only. At 1 rank only the arrays differ (from what is wanted).
fn rank_arrays(petsc: &Petsc) -> petsc::Result<()> {
    let (mine, _) = shares(petsc);
    let several = petsc.world().size() > 1;
    let a = mat(petsc, mine, mine, 1.0)?;
    let vs = [vector(petsc, mine, 1.0)?, vector(petsc, mine, 2.0)?];
    let list: Vec<&Vector> = vs.iter().take(if last(petsc) { 1 } else { 2 }).collect();
    let counted = "given on this rank but 2 on rank 0";
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_operators(&a, None)?;
    let mut nep = Nep::new(&petsc.world())?;
    nep.set_function(&a, None, |_, _, _| Ok(()))?;
    let mut bv = Bv::with_sizes(&petsc.world(), Some(mine), None, 2)?;
    if several {
        refused(
            eps.set_initial_space(&list),
            "Eps::set_initial_space",
            counted,
        );
        refused(
            nep.set_initial_space(&list),
            "Nep::set_initial_space",
            counted,
        );
        refused(bv.insert_vecs(0, &list, false), "Bv::insert_vecs", counted);
    }
    let all: Vec<&Vector> = vs.iter().collect();
    eps.set_initial_space(&all)?;
    nep.set_initial_space(&all)?;
    assert_eq!(bv.insert_vecs(0, &all, false)?, 2);

    // Spectrum slicing's bounds: one too many on the last rank.
    eps.set_type(EpsType::KrylovSchur)?;
    eps.set_krylov_schur_partitions(1)?;
    eps.set_interval(0.0, 2.0)?;
    let bounds = if last(petsc) {
        vec![0.0, 1.0, 2.0]
    } else {
        vec![0.0, 2.0]
    };
    refused(
        eps.set_krylov_schur_subintervals(&bounds),
        "Eps::set_krylov_schur_subintervals",
        "3 bounds given",
    );
    // Usable afterwards (a good set of bounds is left out: SLEPc 3.18 leaks them when
    // the solver is destroyed without a slicing set-up).
    eps.set_krylov_schur_partitions(1)?;
    assert_eq!(eps.krylov_schur_partitions()?, 1);
    // NLEIGS's shifts: not finite on the last rank.
    nep.set_type(NepType::Nleigs)?;
    let bad = if last(petsc) { f64::NAN } else { 1.0 };
    refused(
        nep.set_nleigs_rk_shifts(&[Scalar::from(bad)]),
        "Nep::set_nleigs_rk_shifts",
        "shift 0",
    );
    nep.set_nleigs_rk_shifts(&[Scalar::from(1.0)])?;
    assert_eq!(nep.nleigs_rk_shifts()?, vec![Scalar::from(1.0)]);
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("bv_layouts", bv_layouts).ranks(&[1, 2, 3]),
        Case::new("eps_layouts", eps_layouts).ranks(&[1, 2, 3]),
        Case::new("st_layouts", st_layouts).ranks(&[1, 2, 3]),
        Case::new("svd_layouts", svd_layouts).ranks(&[1, 2, 3]),
        Case::new("pep_layouts", pep_layouts).ranks(&[1, 2, 3]),
        Case::new("nep_layouts", nep_layouts).ranks(&[1, 2, 3]),
        Case::new("mfn_layouts", mfn_layouts).ranks(&[1, 2, 3]),
        Case::new("lme_layouts", lme_layouts).ranks(&[1, 2, 3]),
        Case::new("rank_arrays", rank_arrays).ranks(&[1, 2, 3]),
    ]
}
