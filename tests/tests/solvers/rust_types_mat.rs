//! Mat types written in Rust, registered by name: a matrix-free tridiagonal operator
//! chosen by `-mat_type` (under a prefix) or by a call, solved with CG and Jacobi as its
//! assembled twin is at 1, 2 and 3 ranks, its transposed and added products, its typed
//! instance, view and options, and its methods' errors and panics (the matrix usable
//! after).

use std::cell::Cell;
use std::rc::Rc;

use petsc::{
    Error, IndexSet, InsertMode, Int, Ksp, Mat, MatDuplicateOption, MatImpl, NormType, Object,
    OptionsBlock, Petsc, Real, Scalar, Scatter, ScatterMode, Sizes, Vector, Viewer,
};
use petsc_tests::{with_prefixed_options, Case};

const N: Int = 40;

/// What the instances did, shared with the test.
#[derive(Default)]
struct Log {
    made: Cell<usize>,
    dropped: Cell<usize>,
    transposes: Cell<usize>,
    /// When set, `mult` fails (`Some(false)`) or panics (`Some(true)`).
    fail: Cell<Option<bool>>,
}

thread_local! {
    /// The log of this thread's instances.
    static INSTANCES: Rc<Log> = Rc::default();
}

/// The instances' log, shared.
fn log() -> Rc<Log> {
    INSTANCES.with(Rc::clone)
}

/// Counts one more.
fn bump(count: &Cell<usize>) {
    count.set(count.get() + 1);
}

/// The diagonal entry of row `i`.
fn diagonal(i: Int, shift: Real) -> Scalar {
    Scalar::from(2.0 + i as f64 / N as f64 + shift)
}

/// `tridiag(-1, 2 + i / N + shift, -1)` without entries: each rank gathers the entries
/// of `x` next to its rows (a scatter made at set-up) and forms its rows of `A x`.
struct RsTridiag {
    shift: Real,
    rows: std::ops::Range<Int>,
    /// The rank's rows of `x` and one more on each side (within the matrix).
    ghosted: Option<(Scatter, Vector, Int)>,
    log: Rc<Log>,
}

impl RsTridiag {
    fn new() -> RsTridiag {
        let made = RsTridiag {
            shift: 0.0,
            rows: 0..0,
            ghosted: None,
            log: log(),
        };
        bump(&made.log.made);
        made
    }

    /// `y = A x` (`A` is symmetric: its transpose too).
    fn product(&mut self, x: &Vector, y: &mut Vector) -> petsc::Result<()> {
        let (sct, w, first) = self
            .ghosted
            .as_mut()
            .ok_or_else(|| Error::invalid("rs_tridiag", "not set up"))?;
        sct.scatter(x, w, InsertMode::Insert, ScatterMode::Forward)?;
        let (first, shift, rows) = (*first, self.shift, self.rows.clone());
        let w = w.view()?;
        let mut out = y.view_mut()?;
        for i in rows.clone() {
            let at = |j: Int| w[(j - first) as usize];
            let off = Scalar::from(-1.0);
            // In the order of AIJ's row: columns i - 1, i, i + 1.
            let mut s = Scalar::from(0.0);
            if i > 0 {
                s += off * at(i - 1);
            }
            s += diagonal(i, shift) * at(i);
            if i + 1 < N {
                s += off * at(i + 1);
            }
            out[(i - rows.start) as usize] = s;
        }
        Ok(())
    }
}

impl Drop for RsTridiag {
    fn drop(&mut self) {
        bump(&self.log.dropped);
    }
}

impl MatImpl for RsTridiag {
    fn mult(&mut self, mat: &Mat, x: &Vector, y: &mut Vector) -> petsc::Result<()> {
        match self.log.fail.get() {
            Some(true) => panic!("rs_tridiag panics"),
            Some(false) => return Err(Error::invalid("rs_tridiag", "told to fail")),
            None => {}
        }
        // The instance is busy: its typed access is refused meanwhile.
        assert!(mat.with_implementation(|_: &mut RsTridiag| ()).is_err());
        self.product(x, y)
    }

    fn has_mult_transpose(&self) -> bool {
        true
    }

    fn mult_transpose(&mut self, _: &Mat, x: &Vector, y: &mut Vector) -> petsc::Result<()> {
        bump(&self.log.transposes);
        self.product(x, y)
    }

    fn has_get_diagonal(&self) -> bool {
        true
    }

    fn get_diagonal(&mut self, _: &Mat, d: &mut Vector) -> petsc::Result<()> {
        let lo = self.rows.start;
        for (k, v) in d.view_mut()?.iter_mut().enumerate() {
            *v = diagonal(lo + k as Int, self.shift);
        }
        Ok(())
    }

    fn set_up(&mut self, mat: &Mat) -> petsc::Result<()> {
        let rows = mat.ownership_range()?;
        let first = (rows.start - 1).max(0);
        let end = (rows.end + 1).min(N);
        let selfc = mat.petsc().self_comm();
        let x = mat.create_vecs()?.0;
        let w = Vector::new_seq(&selfc, end - first)?;
        let from = IndexSet::new_general(&selfc, &(first..end).collect::<Vec<_>>())?;
        let sct = Scatter::new(&x, Some(&from), &w, None)?;
        self.rows = rows;
        self.ghosted = Some((sct, w, first));
        Ok(())
    }

    fn set_from_options(&mut self, _: &Mat, options: &OptionsBlock<'_>) -> petsc::Result<()> {
        self.shift = options.real("-mat_rstri_shift", "shift of the diagonal", self.shift)?;
        Ok(())
    }

    fn view(&mut self, _: &Mat, viewer: &Viewer) -> petsc::Result<()> {
        viewer.printf_ascii(&format!("rs_tridiag shift {}\n", self.shift))
    }
}

/// A product alone, without a diagonal or a transpose.
struct RsIdentity;

impl MatImpl for RsIdentity {
    fn mult(&mut self, _: &Mat, x: &Vector, y: &mut Vector) -> petsc::Result<()> {
        y.copy_from(x)
    }
}

fn register(petsc: &Petsc) -> petsc::Result<()> {
    Mat::register_type(petsc, "rs_tridiag", RsTridiag::new)?;
    Mat::register_type(petsc, "rs_identity", || RsIdentity)
}

/// The Rust matrix of order `N` made by `-{prefix}mat_type rs_tridiag` (and `opts`) and
/// set up.
fn by_options(petsc: &Petsc, prefix: &str, opts: &str) -> petsc::Result<Mat> {
    let mut a = Mat::new(&petsc.world())?;
    a.set_options_prefix(prefix)?;
    a.set_sizes_to(Sizes::global(N, N))?;
    with_prefixed_options(
        petsc,
        prefix,
        &format!("-mat_type rs_tridiag {opts}"),
        || a.set_from_options(),
    )?;
    a.set_up()?;
    Ok(a)
}

/// Solves `A x = 1` with CG and the PC of `opts` (under `prefix`): iterations, solution.
fn solve(petsc: &Petsc, a: &Mat, prefix: &str, opts: &str) -> petsc::Result<(Int, Vector)> {
    let mut ksp = Ksp::new(&petsc.world())?;
    ksp.set_options_prefix(prefix)?;
    ksp.set_operators(a, a)?;
    let (mut b, mut x) = a.create_vecs()?;
    b.set(Scalar::from(1.0))?;
    let opts = format!("-ksp_type cg -ksp_rtol 1e-10 {opts}");
    with_prefixed_options(petsc, prefix, &opts, || {
        ksp.set_from_options()?;
        ksp.solve(&b, &mut x)?.check()
    })?;
    assert!(ksp.converged_reason()?.is_converged(), "{opts}");
    Ok((ksp.iteration_number()?, x))
}

/// The largest difference of two vectors.
fn distance(x: &Vector, y: &Vector) -> petsc::Result<Real> {
    let mut d = x.duplicate()?;
    d.copy_from(x)?;
    d.axpy(Scalar::from(-1.0), y)?;
    d.norm(NormType::Infinity)
}

/// A vector of the matrix's columns with varying entries.
fn varying(a: &Mat) -> petsc::Result<Vector> {
    let mut x = a.create_vecs()?.0;
    let lo = x.ownership_range()?.start;
    for (k, v) in x.view_mut()?.iter_mut().enumerate() {
        *v = Scalar::from(((lo + k as Int) as f64 * 0.7).sin());
    }
    Ok(x)
}

/// Chosen by `-mat_type` under a prefix, the Rust matrix gives CG (with Jacobi through
/// its diagonal, and without a preconditioner) the iterations and solution of the
/// assembled matrix; its products, transposed and added, and a transposed solve agree.
fn same_as_aij(petsc: &Petsc) -> petsc::Result<()> {
    register(petsc)?;
    let aij = petsc_tests::varying_tridiagonal(petsc, N)?;
    let a = by_options(petsc, "rsm_", "")?;
    assert_eq!(a.type_name()?, "rs_tridiag");
    for pc in ["-pc_type jacobi", "-pc_type none"] {
        let (its_r, x_r) = solve(petsc, &a, "r_", pc)?;
        let (its_p, x_p) = solve(petsc, &aij, "p_", pc)?;
        assert_eq!(its_r, its_p, "{pc}");
        assert!(its_r > 5, "{pc}: {its_r} iterations");
        assert!(distance(&x_r, &x_p)? < 1e-10, "{pc}");
    }
    let x = varying(&a)?;
    let (mut y_r, mut y_p) = (x.duplicate()?, x.duplicate()?);
    a.mult_transpose(&x, &mut y_r)?;
    aij.mult_transpose(&x, &mut y_p)?;
    assert!(distance(&y_r, &y_p)? < 1e-14);
    a.mult_add(&x, &x, &mut y_r)?;
    aij.mult_add(&x, &x, &mut y_p)?;
    assert!(distance(&y_r, &y_p)? < 1e-14);
    // A transposed solve uses the transposed product.
    let before = log().transposes.get();
    let mut ksp = Ksp::new(&petsc.world())?;
    ksp.set_operators(&a, &a)?;
    let mut b = x.duplicate()?;
    b.set(Scalar::from(1.0))?;
    let (mut xt, mut xs) = (x.duplicate()?, x.duplicate()?);
    ksp.solve_transpose(&b, &mut xt)?.check()?;
    assert!(log().transposes.get() > before);
    ksp.solve(&b, &mut xs)?.check()?;
    assert!(distance(&xt, &xs)? < 1e-8, "A is symmetric");
    // Made by a call, without options.
    let mut c = Mat::new(&petsc.world())?;
    c.set_sizes_to(Sizes::global(N, N))?;
    c.set_type_name("rs_tridiag")?;
    c.set_up()?;
    c.mult(&x, &mut y_r)?;
    aij.mult(&x, &mut y_p)?;
    assert!(distance(&y_r, &y_p)? < 1e-14);
    Ok(())
}

/// Each matrix gets its own instance, reached typed through the handle and dropped with
/// the matrix; its options are read under the matrix's prefix and its view prints them
/// under the type's name.
fn instances(petsc: &Petsc) -> petsc::Result<()> {
    register(petsc)?;
    let log = log();
    let (made, dropped) = (log.made.get(), log.dropped.get());
    {
        let a = by_options(petsc, "i1_", "-mat_rstri_shift 0.5")?;
        let b = by_options(petsc, "i2_", "")?;
        assert_eq!(log.made.get(), made + 2);
        assert_eq!(a.with_implementation(|t: &mut RsTridiag| t.shift)?, 0.5);
        assert_eq!(b.with_implementation(|t: &mut RsTridiag| t.shift)?, 0.0);
        assert!(a.with_implementation(|t: &mut RsTridiag| t.ghosted.is_some())?);
        // Another Rust type, and a PETSc type, are refused.
        let e = a.with_implementation(|_: &mut RsIdentity| ()).unwrap_err();
        assert!(e.report().contains("not as"), "{e}");
        let e = petsc_tests::varying_tridiagonal(petsc, N)?
            .with_implementation(|_: &mut RsTridiag| ())
            .unwrap_err();
        assert!(e.report().contains("not written in Rust"), "{e}");
        // The shift counts in the product (and the busy instance refused its access).
        let x = varying(&a)?;
        let (mut ya, mut yb) = (x.duplicate()?, x.duplicate()?);
        a.mult(&x, &mut ya)?;
        b.mult(&x, &mut yb)?;
        yb.axpy(Scalar::from(0.5), &x)?;
        assert!(distance(&ya, &yb)? < 1e-14);
        // The view names the type and prints what the instance says.
        let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("rust-mat-view-{}.txt", petsc.world().size()));
        {
            let v = Viewer::ascii_file(&petsc.world(), path.to_str().unwrap())?;
            a.view_with(&v)?;
        }
        petsc.world().barrier()?;
        let text = std::fs::read_to_string(&path).expect("the viewer's file");
        assert!(text.contains("type: rs_tridiag"), "{text}");
        assert!(text.contains("  rs_tridiag shift 0.5"), "{text}");
    }
    assert_eq!(log.dropped.get(), dropped + 2);
    Ok(())
}

/// An `Err` or a panic in the product is the product's (and the solve's) error, and the
/// matrix works after; what the type has not (entries, copies, duplicates, a diagonal,
/// a transpose) and a product before set-up are `Err`s, and so are names PETSc has.
fn errors(petsc: &Petsc) -> petsc::Result<()> {
    register(petsc)?;
    let log = log();
    let a = by_options(petsc, "e1_", "")?;
    let x = varying(&a)?;
    let (mut y, mut y0) = (x.duplicate()?, x.duplicate()?);
    a.mult(&x, &mut y0)?;
    for panics in [false, true] {
        log.fail.set(Some(panics));
        let e = a.mult(&x, &mut y).unwrap_err();
        let es = solve(petsc, &a, "e2_", "-pc_type jacobi")
            .map(|_| ())
            .unwrap_err();
        log.fail.set(None);
        for text in [e.report(), es.report()] {
            let said = if panics {
                "rs_tridiag panics"
            } else {
                "told to fail"
            };
            assert!(text.contains(said), "{text}");
            assert!(text.contains("Mat written in Rust"), "{text}");
        }
        a.mult(&x, &mut y)?;
        assert!(distance(&y, &y0)? < 1e-14);
    }
    solve(petsc, &a, "e2_", "-pc_type jacobi")?;
    // No entries, no duplicate.
    let mut a = a;
    assert!(a
        .set_value(0, 0, Scalar::from(1.0), InsertMode::Insert)
        .is_err());
    assert!(a.duplicate(MatDuplicateOption::DoNotCopyValues).is_err());
    let mut aij = petsc_tests::varying_tridiagonal(petsc, N)?;
    assert!(aij.copy_from(&a).is_err());
    assert!(a.copy_from(&aij).is_err());
    // No diagonal, no transpose. (A solve with Jacobi is refused too, but PETSc 3.26's
    // Jacobi, failing to get the diagonal, leaves its vector without the lock its
    // destroy releases: not tried here.)
    let mut id = Mat::new(&petsc.world())?;
    id.set_sizes_to(Sizes::global(N, N))?;
    id.set_type_name("rs_identity")?;
    id.set_up()?;
    let e = id.diagonal().unwrap_err();
    assert!(e.report().contains("rs_identity"), "{e}");
    assert!(id.mult_transpose(&x, &mut y).is_err());
    assert_eq!(solve(petsc, &id, "e3_", "-pc_type none")?.0, 1);
    // A product before set-up (the local sizes are not known yet).
    let mut early = Mat::new(&petsc.world())?;
    early.set_sizes_to(Sizes::global(N, N))?;
    early.set_type_name("rs_tridiag")?;
    assert!(early.mult(&x, &mut y).is_err());
    // Names.
    for bad in ["aij", "", "two words"] {
        assert!(
            Mat::register_type(petsc, bad, || RsIdentity).is_err(),
            "{bad:?}"
        );
    }
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("same_as_aij", same_as_aij).ranks(&[1, 2, 3]),
        Case::new("instances", instances).ranks(&[1, 2, 3]),
        Case::new("errors", errors).ranks(&[1, 2, 3]),
    ]
}
