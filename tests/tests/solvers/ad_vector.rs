//! Residuals on a distributed vector written once (`petsc::ad::VecResidual`) and their
//! exact Jacobians colored by `MatColoring` (`ColoredJacobian`,
//! `Snes::set_function_ad`): a 2-D Bratu problem on an AIJ matrix spread over the
//! ranks, against its hand-written Jacobian (the same entries, the same Newton
//! iterations, the same solution); wrong sizes, a non-square pattern and failing or
//! panicking residuals give an `Err` on every rank.

use std::cell::Cell;
use std::rc::Rc;

use petsc::ad::{AdScalar, ColoredJacobian, VecArray, VecArrayMut, VecResidual};
use petsc::{
    Error, InsertMode, Int, Mat, MatDuplicateOption, NormType, Petsc, Sizes, Snes, Vector,
};
use petsc_tests::Case;

/// `4 u_k - sum of neighbours - h^2 lambda e^{u_k}` on an `n x n` grid, `u = 0` outside;
/// `k = j n + i`.
struct Bratu {
    n: Int,
    lambda: f64,
    /// Fail (`Some(false)`: an `Err`, `Some(true)`: a panic) on this rank when set.
    fail: Rc<Cell<Option<bool>>>,
}

impl Bratu {
    fn h2l(&self) -> f64 {
        let h = 1.0 / (self.n + 1) as f64;
        h * h * self.lambda
    }

    fn neighbours(&self, k: Int) -> impl Iterator<Item = Int> + '_ {
        let (i, j) = (k % self.n, k / self.n);
        [
            (i > 0).then(|| k - 1),
            (i + 1 < self.n).then(|| k + 1),
            (j > 0).then(|| k - self.n),
            (j + 1 < self.n).then(|| k + self.n),
        ]
        .into_iter()
        .flatten()
    }
}

impl VecResidual for Bratu {
    fn residual<T: AdScalar>(
        &self,
        x: &VecArray<'_, T>,
        f: &mut VecArrayMut<'_, T>,
    ) -> petsc::Result<()> {
        match self.fail.get() {
            Some(false) => return Err(Error::user("residual exploded")),
            Some(true) => panic!("residual panicked on purpose"),
            None => {}
        }
        for k in f.owned() {
            let mut v = x[k] * 4.0 - x[k].exp() * self.h2l();
            for m in self.neighbours(k) {
                v -= x[m];
            }
            f[k] = v;
        }
        Ok(())
    }
}

fn bratu(n: Int) -> Bratu {
    Bratu {
        n,
        lambda: 6.0,
        fail: Rc::new(Cell::new(None)),
    }
}

/// The 5-point pattern (zeros), rows spread by PETSc.
fn pattern(petsc: &Petsc, b: &Bratu) -> petsc::Result<Mat> {
    let n2 = b.n * b.n;
    let mut a = Mat::aij(&petsc.world())
        .sizes(Sizes::global(n2, n2))
        .preallocate(5, 4)
        .build()?;
    for k in a.ownership_range()? {
        let mut cols: Vec<Int> = std::iter::once(k).chain(b.neighbours(k)).collect();
        cols.sort_unstable();
        a.set_values(&[k], &cols, &vec![0.0; cols.len()], InsertMode::Insert)?;
    }
    a.assemble()?;
    Ok(a)
}

/// The hand-written Jacobian at `x`.
fn hand_jacobian(b: &Bratu, x: &Vector, j: &mut Mat) -> petsc::Result<()> {
    let r = x.ownership_range()?;
    let xv = x.view()?.to_vec();
    for k in r.clone() {
        let d = 4.0 - b.h2l() * xv[(k - r.start) as usize].exp();
        j.set_values(&[k], &[k], &[d], InsertMode::Insert)?;
        for m in b.neighbours(k) {
            j.set_values(&[k], &[m], &[-1.0], InsertMode::Insert)?;
        }
    }
    j.assemble()
}

/// A point that is not uniform: `x_k = 0.3 sin(k)`.
fn wavy(v: &mut Vector) -> petsc::Result<()> {
    let r = v.ownership_range()?;
    let mut vv = v.view_mut()?;
    for (o, k) in r.enumerate() {
        vv[o] = 0.3 * (k as f64).sin();
    }
    Ok(())
}

fn jacobian_equals_hand(petsc: &Petsc) -> petsc::Result<()> {
    let b = bratu(7);
    let pat = pattern(petsc, &b)?;
    let jac = ColoredJacobian::new(&pat, bratu(7))?;
    assert!(jac.ncolors() >= 5, "{} colors", jac.ncolors());
    let (mut x, mut f) = pat.create_vecs()?;
    wavy(&mut x)?;
    let rows = pat.ownership_range()?;
    for &g in jac.ghosts() {
        assert!(!rows.contains(&g), "ghost {g} is owned here ({rows:?})");
    }
    assert_eq!(jac.ghosts().is_empty(), petsc.world().size() == 1);
    let mut a = pat.duplicate(MatDuplicateOption::DoNotCopyValues)?;
    jac.jacobian(&x, &mut a)?;
    let mut h = pat.duplicate(MatDuplicateOption::DoNotCopyValues)?;
    hand_jacobian(&b, &x, &mut h)?;
    for r in rows.clone() {
        let (ra, rh) = (a.row(r)?, h.row(r)?);
        assert_eq!(ra.cols(), rh.cols(), "row {r}");
        for (va, vh) in ra.values().iter().zip(rh.values()) {
            assert!(
                (va - vh).abs() <= 1e-14,
                "row {r}: {va} by AD, {vh} by hand"
            );
        }
    }
    // The residual with PETSc's numbers: at x = 0 it is -h^2 lambda everywhere.
    x.set(0.0)?;
    jac.residual(&x, &mut f)?;
    f.shift(b.h2l())?;
    assert!(f.norm(NormType::Infinity)? < 1e-15);
    Ok(())
}

/// Newton with the AD Jacobian and with the hand-written one: the same iterations and
/// the same solution.
fn snes_same_as_hand(petsc: &Petsc) -> petsc::Result<()> {
    let b = Rc::new(bratu(12));
    let pat = pattern(petsc, &b)?;
    let solve = |ad: bool| -> petsc::Result<(Int, Vector)> {
        let mut snes = Snes::new(&petsc.world())?;
        if ad {
            snes.set_function_ad(&pat, bratu(12))?;
        } else {
            let (bf, bj) = (b.clone(), b.clone());
            let (_, r) = pat.create_vecs()?;
            let jac = ColoredJacobian::new(&pat, bratu(12))?;
            snes.set_function(r, move |x, f| {
                let _ = &bf;
                jac.residual(x, f)
            })?;
            let j = pat.duplicate(MatDuplicateOption::DoNotCopyValues)?;
            snes.set_jacobian(j, None, move |x, mats| hand_jacobian(&bj, x, mats.pre()))?;
        }
        snes.set_tolerances(petsc::SnesTolerances {
            rtol: Some(1e-12),
            atol: Some(1e-12),
            ..Default::default()
        })?;
        snes.ksp()?.set_tolerances(petsc::KspTolerances {
            rtol: Some(1e-13),
            ..Default::default()
        })?;
        let (mut x, _) = pat.create_vecs()?;
        x.set(0.0)?;
        snes.solve(None, &mut x)?.check()?;
        Ok((snes.iteration_number()?, x))
    };
    let (it_ad, mut x_ad) = solve(true)?;
    let (it_hand, x_hand) = solve(false)?;
    assert_eq!(it_ad, it_hand);
    assert!((2..=6).contains(&it_ad), "{it_ad} iterations");
    x_ad.axpy(-1.0, &x_hand)?;
    assert!(x_ad.norm(NormType::Infinity)? < 1e-10);
    Ok(())
}

fn bad_sizes(petsc: &Petsc) -> petsc::Result<()> {
    let pat = pattern(petsc, &bratu(5))?;
    let jac = ColoredJacobian::new(&pat, bratu(5))?;
    let (x, mut f) = pat.create_vecs()?;
    let mut short = Vector::new_mpi(&petsc.world(), None, Some(24))?;
    let e = jac.residual(&short, &mut f).unwrap_err();
    assert!(e.to_string().contains("x has 24 entries"), "{e}");
    let e = jac.residual(&x, &mut short).unwrap_err();
    assert!(e.to_string().contains("f has 24 entries"), "{e}");
    let mut small = Mat::aij(&petsc.world())
        .sizes(Sizes::global(24, 24))
        .preallocate(1, 1)
        .build()?;
    let e = jac.jacobian(&x, &mut small).unwrap_err();
    assert!(e.to_string().contains("the matrix is 24 x 24"), "{e}");
    // A matrix of the right size without the pattern's nonzeros.
    let mut diag = Mat::aij(&petsc.world())
        .sizes(Sizes::global(25, 25))
        .preallocate(1, 0)
        .build()?;
    diag.set_option(petsc::MatOption::NewNonzeroAllocationErr, true)?;
    assert!(jac.jacobian(&x, &mut diag).is_err());

    // SNES needs a square pattern.
    let mut rect = Mat::aij(&petsc.world())
        .sizes(Sizes::global(25, 30))
        .preallocate(1, 1)
        .build()?;
    for r in rect.ownership_range()? {
        rect.set_values(&[r], &[r], &[1.0], InsertMode::Insert)?;
    }
    rect.assemble()?;
    let e = Snes::new(&petsc.world())?
        .set_function_ad(&rect, bratu(5))
        .unwrap_err();
    assert!(e.to_string().contains("must be square"), "{e}");
    // An unassembled pattern.
    let raw = Mat::aij(&petsc.world())
        .sizes(Sizes::global(25, 25))
        .preallocate(1, 1)
        .build()?;
    let e = ColoredJacobian::new(&raw, bratu(5)).unwrap_err();
    assert!(e.to_string().contains("not assembled"), "{e}");
    Ok(())
}

/// A residual that fails or panics on one rank (the last) ends the solve with an `Err`
/// on every rank, in the residual and in the Jacobian; the solver solves again after.
fn failing_residual(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let last = world.size() - 1;
    for panics in [false, true] {
        let b = bratu(6);
        let fail = b.fail.clone();
        let pat = pattern(petsc, &b)?;
        let jac = ColoredJacobian::new(&pat, b)?;
        let (x, mut f) = pat.create_vecs()?;
        let mut a = pat.duplicate(MatDuplicateOption::DoNotCopyValues)?;
        let arm = |on: bool| fail.set((on && world.rank() == last).then_some(panics));
        arm(true);
        for which in ["residual", "jacobian"] {
            let got = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                if which == "residual" {
                    jac.residual(&x, &mut f)
                } else {
                    jac.jacobian(&x, &mut a)
                }
            }));
            match got {
                Ok(r) => {
                    let e = r.unwrap_err();
                    assert!(world.rank() != last || !panics, "{which}: {e}");
                }
                Err(_) => assert!(panics && world.rank() == last, "{which} panicked"),
            }
        }
        arm(false);
        jac.jacobian(&x, &mut a)?;

        let b = bratu(6);
        let fail = b.fail.clone();
        let mut snes = Snes::new(&world)?;
        snes.set_function_ad(&pat, b)?;
        let (mut u, _) = pat.create_vecs()?;
        fail.set((world.rank() == last).then_some(panics));
        u.set(0.0)?;
        assert!(snes.solve(None, &mut u).is_err());
        fail.set(None);
        u.set(0.0)?;
        snes.solve(None, &mut u)?.check()?;
    }
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("jacobian_equals_hand", jacobian_equals_hand).ranks(&[1, 2, 3]),
        Case::new("snes_same_as_hand", snes_same_as_hand).ranks(&[1, 2, 3]),
        Case::new("bad_sizes", bad_sizes).ranks(&[1, 2, 3]),
        Case::new("failing_residual", failing_residual).ranks(&[1, 2, 3]),
    ]
}
