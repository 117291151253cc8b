//! Matrices as operators, at 1, 2 and 3 ranks: a diagonal matrix over a vector and the
//! parts of a low-rank matrix replaced (PETSc 3.22 on), the norms estimated from
//! products and the star forest a product moves off-rank entries with (PETSc 3.26 on),
//! each against closed forms.

#[cfg(petsc_3_22)]
use petsc::{Complex, InsertMode, Int, Mat, Petsc, Scalar, Sizes, Vector};
use petsc_tests::Case;

#[cfg(petsc_3_22)]
fn abs(x: impl Into<Complex<f64>>) -> f64 {
    x.into().norm()
}

/// `diag(d)` applies `d` entrywise and follows later changes of `d`; the low-rank
/// matrix `u u^T` with its part replaced applies the new part.
#[cfg(petsc_3_22)]
fn diagonal_and_low_rank(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let mut d = Vector::new_mpi(&world, Some(3), None)?;
    let lo = d.ownership_range()?.start;
    let set = |d: &mut Vector, scale: f64| -> petsc::Result<()> {
        let mut w = d.view_mut()?;
        for (k, x) in w.iter_mut().enumerate() {
            *x = Scalar::from(scale * (1 + lo + k as Int) as f64);
        }
        Ok(())
    };
    set(&mut d, 1.0)?;
    let a = Mat::new_diagonal(&d)?;
    let mut x = d.duplicate()?;
    x.set(1.0)?;
    let mut y = d.duplicate()?;
    a.mult(&x, &mut y)?;
    let got: Vec<f64> = y.view()?.iter().map(|&v| abs(v)).collect();
    let want: Vec<f64> = (0..3).map(|k| (1 + lo + k) as f64).collect();
    assert_eq!(got, want);
    set(&mut d, 2.0)?;
    a.mult(&x, &mut y)?;
    assert_eq!(abs(y.view()?[0]), 2.0 * (1 + lo) as f64);

    // N = u u^T with u = e_0, then u = e_1 (a column of all ranks' rows).
    let n = 3 * world.size() as Int;
    let unit = |j: Int| -> petsc::Result<Mat> {
        let mut u = Mat::dense(&world)
            .sizes(Sizes {
                local_rows: Some(3),
                global_cols: Some(1),
                ..Default::default()
            })
            .build()?;
        if u.ownership_range()?.contains(&j) {
            u.set_values(&[j], &[0], &[Scalar::from(1.0)], InsertMode::Insert)?;
        }
        u.assemble()?;
        Ok(u)
    };
    let mut lrc = Mat::new_lrc(None, &unit(0)?, None, None)?;
    lrc.set_lrc_mats(None, &unit(n - 1)?, None, None)?;
    let mut ones = d.duplicate()?;
    ones.set(1.0)?;
    lrc.mult(&ones, &mut y)?;
    assert_eq!(abs(y.sum()?), 1.0);
    let last = y.ownership_range()?.contains(&(n - 1));
    assert_eq!(abs(y.view()?[2]), if last { 1.0 } else { 0.0 });
    // Parts of another size are refused on every rank.
    let mut other = Mat::dense(&world)
        .sizes(Sizes {
            local_rows: Some(2),
            global_cols: Some(1),
            ..Default::default()
        })
        .build()?;
    other.assemble()?;
    assert!(lrc.set_lrc_mats(None, &other, None, None).is_err());
    Ok(())
}

/// The 1-, 2- and infinity-norms of `diag(1..n)` estimated from products are `n`; the
/// product's star forest has one leaf a rank: the next rank's first column.
#[cfg(petsc_3_26)]
fn norms_and_forest(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let size = world.size() as Int;
    let n = 2 * size;
    let mut a = Mat::aij(&world)
        .sizes(Sizes::local(2, 2))
        .preallocate(2, 1)
        .build()?;
    let r = a.ownership_range()?;
    for i in r.clone() {
        a.set_values(
            &[i],
            &[i],
            &[Scalar::from((i + 1) as f64)],
            InsertMode::Insert,
        )?;
    }
    a.assemble()?;
    for ty in [
        petsc::NormType::One,
        petsc::NormType::Two,
        petsc::NormType::Infinity,
    ] {
        let e = a.norm_approximate(ty, Some(50))?;
        assert!((e - n as f64).abs() < 1e-6 * n as f64, "{ty:?}: {e}");
    }
    let mut b = Mat::aij(&world)
        .sizes(Sizes::local(2, 2))
        .preallocate(2, 1)
        .build()?;
    let next = r.end % n;
    for i in r {
        b.set_values(
            &[i],
            &[i, next],
            &[Scalar::from(2.0), Scalar::from(-1.0)],
            InsertMode::Insert,
        )?;
    }
    b.assemble()?;
    if size == 1 {
        assert!(b.mult_petsc_sf().is_err());
        return Ok(());
    }
    let sf = b.mult_petsc_sf()?.expect("an MPI AIJ matrix has a forest");
    let g = sf.graph()?;
    let rank = world.rank() as Int;
    assert_eq!(g.nroots, 2);
    assert_eq!(g.remotes.len(), 1);
    assert_eq!(
        (g.remotes[0].rank, g.remotes[0].index),
        ((rank + 1) % size, 0)
    );
    Ok(())
}

pub fn cases() -> Vec<Case> {
    let cases: Vec<Case> = Vec::new();
    #[cfg(petsc_3_22)]
    let cases = [
        cases,
        vec![Case::new("diagonal_and_low_rank", diagonal_and_low_rank).ranks(&[1, 2, 3])],
    ]
    .concat();
    #[cfg(petsc_3_26)]
    let cases = [
        cases,
        vec![Case::new("norms_and_forest", norms_and_forest).ranks(&[1, 2, 3])],
    ]
    .concat();
    cases
}
