//! petsc4py's `test_mat_fact.py`, ported: in-place LU, ILU, Cholesky and ICC of a
//! diagonal matrix and of the 1D Poisson matrix (`n = 10`) in dense, AIJ, BAIJ and
//! SBAIJ storage, each solving `A x = b` to 1e-3, the matrix made unfactored after.

use petsc::{
    FactorOptions, InsertMode, Mat, MatOption, NormType, Ordering, Petsc, Scalar, Sizes, Vector,
};
use petsc_tests::Case;

/// A system: the matrix, the solution, the right-hand side.
type System = (Mat, Vector, Vector);

#[derive(Clone, Copy)]
enum Sys {
    Diag,
    Poi2,
}

#[derive(Clone, Copy)]
enum Method {
    Lu,
    Ilu,
    Chol,
    Icc,
}

pub fn cases() -> Vec<Case> {
    use Method::*;
    use Sys::*;
    let classes: [(&str, Sys, &str, &[Method]); 8] = [
        ("TestMatFactorA1", Diag, "seqdense", &[Lu, Chol]),
        ("TestMatFactorA2", Poi2, "seqdense", &[Lu, Chol]),
        ("TestMatFactorB1", Diag, "seqaij", &[Lu, Ilu]),
        ("TestMatFactorB2", Poi2, "seqaij", &[Lu, Ilu]),
        ("TestMatFactorC1", Diag, "seqbaij", &[Lu, Ilu]),
        ("TestMatFactorC2", Poi2, "seqbaij", &[Lu, Ilu]),
        ("TestMatFactorD1", Diag, "seqsbaij", &[Chol, Icc]),
        ("TestMatFactorD2", Poi2, "seqsbaij", &[Chol, Icc]),
    ];
    let mut cases = Vec::new();
    for (class, sys, mtype, methods) in classes {
        for &m in methods {
            let name = match m {
                Lu => "testFactorLU",
                Ilu => "testFactorILU",
                Chol => "testFactorChol",
                Icc => "testFactorICC",
            };
            cases.push(Case::with(format!("{class}::{name}"), move |p| {
                factor(p, sys, mtype, m)
            }));
        }
    }
    cases
}

fn s(x: f64) -> Scalar {
    Scalar::from(x)
}

/// `mkmat`: an `n x n` matrix of type `mtype` on one rank, set up; SBAIJ ignores the
/// lower triangle given to it.
fn mkmat(petsc: &Petsc, n: petsc::Int, mtype: &str) -> petsc::Result<Mat> {
    let mut a = Mat::new(&petsc.self_comm())?;
    a.set_sizes_to(Sizes::global(n, n))?;
    a.set_type_name(mtype)?;
    a.set_up()?;
    if mtype == "seqsbaij" {
        a.set_option(MatOption::IgnoreLowerTriangular, true)?;
    }
    Ok(a)
}

/// `mksys_diag`: `A = diag(1, ..., n)`, `x_i = 1 / (i + 1)`, `b = 1`.
fn mksys_diag(petsc: &Petsc, n: petsc::Int, mtype: &str) -> petsc::Result<System> {
    let mut a = mkmat(petsc, n, mtype)?;
    let (mut x, mut b) = a.create_vecs()?;
    for i in 0..n {
        let d = (i + 1) as f64;
        a.set_values(&[i], &[i], &[s(d)], InsertMode::Insert)?;
        x.set_values(&[i], &[s(1.0 / d)], InsertMode::Insert)?;
        b.set_values(&[i], &[s(1.0)], InsertMode::Insert)?;
    }
    a.assemble()?;
    x.assemble()?;
    b.assemble()?;
    Ok((a, x, b))
}

/// `mksys_poi2`: the 1D Poisson matrix `tridiag(-1, 2, -1)`, `x_i = i + 1`, `b = A x`.
fn mksys_poi2(petsc: &Petsc, n: petsc::Int, mtype: &str) -> petsc::Result<System> {
    let mut a = mkmat(petsc, n, mtype)?;
    let (mut x, mut b) = a.create_vecs()?;
    for i in 0..n {
        let (cols, vals): (Vec<petsc::Int>, Vec<Scalar>) = if i == 0 {
            (vec![i, i + 1], vec![s(2.0), s(-1.0)])
        } else if i == n - 1 {
            (vec![i - 1, i], vec![s(-1.0), s(2.0)])
        } else {
            (vec![i - 1, i, i + 1], vec![s(-1.0), s(2.0), s(-1.0)])
        };
        a.set_values(&[i], &cols, &vals, InsertMode::Insert)?;
        x.set_values(&[i], &[s((i + 1) as f64)], InsertMode::Insert)?;
        b.set_values(&[i], &[s(0.0)], InsertMode::Insert)?;
    }
    a.assemble()?;
    x.assemble()?;
    b.assemble()?;
    a.mult(&x, &mut b)?;
    Ok((a, x, b))
}

fn factor(petsc: &Petsc, sys: Sys, mtype: &str, method: Method) -> petsc::Result<()> {
    let (mut a, x0, b) = match sys {
        Sys::Diag => mksys_diag(petsc, 10, mtype)?,
        Sys::Poi2 => mksys_poi2(petsc, 10, mtype)?,
    };
    match method {
        Method::Lu => {
            let (mut r, mut c) = a.ordering(Ordering::NestedDissection)?;
            a.reorder_for_nonzero_diagonal(0.0, &mut r, &mut c)?;
            a.factor_lu(&FactorOptions {
                permutation: Some((r, c)),
                zero_pivot: Some(1e-5),
                ..Default::default()
            })?;
        }
        Method::Ilu => {
            let (r, c) = a.ordering(Ordering::Natural)?;
            a.factor_ilu(&FactorOptions {
                permutation: Some((r, c)),
                levels: 0,
                ..Default::default()
            })?;
        }
        Method::Chol | Method::Icc => {
            let (r, c) = a.ordering(Ordering::Natural)?;
            let opts = FactorOptions {
                permutation: Some((r, c)),
                ..Default::default()
            };
            if matches!(method, Method::Chol) {
                a.factor_cholesky(&opts)?;
            } else {
                a.factor_icc(&opts)?;
            }
        }
    }
    let mut x = x0.duplicate()?;
    a.solve(&b, &mut x)?;
    x.axpy(s(-1.0), &x0)?;
    let err = x.norm(NormType::Two)?;
    assert!(err < 1e-3, "error {err}");
    // tearDown
    a.set_unfactored()?;
    Ok(())
}
