//! PC and KSP types written in Rust, registered by name: chosen by a call or by options
//! at any depth of a solver, each object with its own instance, their methods' errors
//! and panics the PETSc calls' errors (the objects usable after), checked against
//! PETSc's own types at 1, 2 and 3 ranks.

use std::cell::Cell;
use std::rc::Rc;

use petsc::{
    Error, IndexSet, Int, Ksp, KspConvergedReason, KspImpl, KspTolerances, KspType, Mat, Object,
    OptionsBlock, Pc, PcImpl, PcType, Petsc, Real, Scalar, Vector, Viewer,
};
use petsc_tests::{with_prefixed_options, Case};

const N: Int = 40;

/// `A = tridiag(-1, 2 + i / N, -1)` (a varying diagonal, so that Jacobi matters).
fn operator(petsc: &Petsc) -> petsc::Result<Mat> {
    petsc_tests::varying_tridiagonal(petsc, N)
}

/// What the instances of the test types did, shared with the test.
#[derive(Default)]
struct Log {
    made: Cell<usize>,
    dropped: Cell<usize>,
    setups: Cell<usize>,
    /// When set, `apply` fails (`Some(false)`) or panics (`Some(true)`).
    fail: Cell<Option<bool>>,
    /// The last `-<prefix>pc_tjac_scale` read.
    scale: Cell<Real>,
}

thread_local! {
    static LOG: Rc<Log> = Rc::default();
}

fn log() -> Rc<Log> {
    LOG.with(Rc::clone)
}

/// Point Jacobi, `y = scale x / diag(A)`.
struct TJacobi {
    inverse: Option<Vector>,
    scale: Real,
    log: Rc<Log>,
}

impl TJacobi {
    fn new() -> TJacobi {
        let log = log();
        log.made.set(log.made.get() + 1);
        TJacobi {
            inverse: None,
            scale: 1.0,
            log,
        }
    }
}

impl Drop for TJacobi {
    fn drop(&mut self) {
        self.log.dropped.set(self.log.dropped.get() + 1);
    }
}

impl PcImpl for TJacobi {
    fn set_from_options(&mut self, _: &Pc, options: &OptionsBlock<'_>) -> petsc::Result<()> {
        self.scale = options.real("-pc_tjac_scale", "scale of the inverse diagonal", 1.0)?;
        self.log.scale.set(self.scale);
        Ok(())
    }

    fn set_up(&mut self, pc: &Pc) -> petsc::Result<()> {
        self.log.setups.set(self.log.setups.get() + 1);
        let mut d = pc.operators()?.1.diagonal()?;
        d.reciprocal()?;
        d.scale(Scalar::from(self.scale))?;
        self.inverse = Some(d);
        Ok(())
    }

    fn apply(&mut self, _: &Pc, x: &Vector, y: &mut Vector) -> petsc::Result<()> {
        match self.log.fail.get() {
            Some(true) => panic!("tjacobi panics"),
            Some(false) => return Err(Error::invalid("tjacobi", "told to fail")),
            None => {}
        }
        let d = self
            .inverse
            .as_ref()
            .ok_or_else(|| Error::invalid("tjacobi", "not set up"))?;
        y.pointwise_mult(x, d)
    }

    fn has_apply_transpose(&self) -> bool {
        true
    }

    fn apply_transpose(&mut self, pc: &Pc, x: &Vector, y: &mut Vector) -> petsc::Result<()> {
        self.apply(pc, x, y)
    }

    fn view(&mut self, _: &Pc, viewer: &Viewer) -> petsc::Result<()> {
        viewer.printf_ascii(&format!("tjacobi scale {}\n", self.scale))
    }

    fn reset(&mut self, _: &Pc) -> petsc::Result<()> {
        self.inverse = None;
        Ok(())
    }
}

/// The identity, without a transpose.
struct TIdentity;

impl PcImpl for TIdentity {
    fn apply(&mut self, _: &Pc, x: &Vector, y: &mut Vector) -> petsc::Result<()> {
        y.copy_from(x)
    }
}

/// Richardson's iteration `x += B (b - A x)`, the preconditioned norm; `quiet` leaves
/// the solve without a reason.
struct TRichardson {
    quiet: bool,
}

impl KspImpl for TRichardson {
    fn solve(&mut self, ksp: &mut Ksp, b: &Vector, x: &mut Vector) -> petsc::Result<()> {
        if self.quiet {
            return Ok(());
        }
        let (a, _) = ksp.operators()?;
        let pc = ksp.pc()?;
        let (mut r, mut z) = (b.duplicate()?, b.duplicate()?);
        let max_it = ksp.tolerances()?.max_it.unwrap_or(10_000);
        for it in 0..=max_it {
            a.mult(x, &mut r)?;
            r.aypx(Scalar::from(-1.0), b)?;
            pc.apply(&r, &mut z)?;
            let norm = z.norm(petsc::NormType::Two)?;
            ksp.set_iteration_number(it)?;
            ksp.set_residual_norm(norm)?;
            ksp.log_convergence_history(norm)?;
            ksp.run_monitors(it, norm)?;
            let reason = ksp.call_convergence_test(it, norm)?;
            if reason != KspConvergedReason::Iterating {
                return ksp.set_converged_reason(reason);
            }
            x.axpy(Scalar::from(1.0), &z)?;
        }
        ksp.set_converged_reason(KspConvergedReason::DivergedIts)
    }

    fn set_from_options(&mut self, _: &mut Ksp, options: &OptionsBlock<'_>) -> petsc::Result<()> {
        self.quiet = options.bool("-ksp_trich_quiet", "return without a reason", false)?;
        Ok(())
    }
}

fn register(petsc: &Petsc) -> petsc::Result<()> {
    Pc::register_type(petsc, "tjacobi", TJacobi::new)?;
    Pc::register_type(petsc, "tidentity", || TIdentity)?;
    Ksp::register_type(petsc, "trichardson", || TRichardson { quiet: false })
}

/// A solve of `A x = 1` with options under `prefix` (set from `opts`, cleared after):
/// the iterations, the residual history and the solution.
fn solve(
    petsc: &Petsc,
    a: &Mat,
    prefix: &str,
    opts: &str,
    configure: impl FnOnce(&mut Ksp) -> petsc::Result<()>,
) -> petsc::Result<(Int, Vec<Real>, Vector, Ksp)> {
    let mut ksp = Ksp::new(&petsc.world())?;
    ksp.set_options_prefix(prefix)?;
    ksp.set_operators(a, a)?;
    ksp.set_tolerances(KspTolerances {
        rtol: Some(1e-10),
        ..Default::default()
    })?;
    configure(&mut ksp)?;
    ksp.set_convergence_history(Some(1000), true)?;
    // Inner solvers read their options at set-up, in the solve.
    let x = with_prefixed_options(petsc, prefix, opts, || {
        ksp.set_from_options()?;
        let mut b = Vector::new_mpi(&petsc.world(), Some(a.local_size()?.0), Some(N))?;
        b.set(Scalar::from(1.0))?;
        let mut x = b.duplicate()?;
        ksp.solve(&b, &mut x)?.check()?;
        Ok(x)
    })?;
    Ok((ksp.iteration_number()?, ksp.convergence_history()?, x, ksp))
}

/// The largest difference of two vectors.
fn distance(x: &Vector, y: &Vector) -> petsc::Result<Real> {
    let mut d = x.duplicate()?;
    d.copy_from(x)?;
    d.axpy(Scalar::from(-1.0), y)?;
    d.norm(petsc::NormType::Infinity)
}

/// The Rust Jacobi and Richardson give PETSc's `jacobi` and `richardson` residual
/// histories exactly, chosen by options on the solver (on the left and on the right of
/// GMRES), as the PC of the KSP inside
/// PCKSP, of each block of block Jacobi and of one fieldsplit block.
fn same_as_petsc(petsc: &Petsc) -> petsc::Result<()> {
    register(petsc)?;
    let a = operator(petsc)?;
    let pairs = [
        ("-ksp_type cg -pc_type tjacobi", "-ksp_type cg -pc_type jacobi"),
        (
            "-ksp_type gmres -ksp_pc_side right -pc_type tjacobi",
            "-ksp_type gmres -ksp_pc_side right -pc_type jacobi",
        ),
        (
            "-ksp_type trichardson -pc_type tjacobi",
            "-ksp_type richardson -pc_type jacobi",
        ),
        (
            "-ksp_type gmres -pc_type ksp -ksp_ksp_type cg -ksp_ksp_max_it 3 -ksp_pc_type tjacobi",
            "-ksp_type gmres -pc_type ksp -ksp_ksp_type cg -ksp_ksp_max_it 3 -ksp_pc_type jacobi",
        ),
        (
            "-ksp_type cg -pc_type bjacobi -sub_pc_type tjacobi",
            "-ksp_type cg -pc_type bjacobi -sub_pc_type jacobi",
        ),
        (
            "-ksp_type gmres -pc_type fieldsplit -pc_fieldsplit_type additive -fieldsplit_1_pc_type tjacobi -fieldsplit_0_pc_type jacobi",
            "-ksp_type gmres -pc_type fieldsplit -pc_fieldsplit_type additive -fieldsplit_1_pc_type jacobi -fieldsplit_0_pc_type jacobi",
        ),
    ];
    for (k, (ours, theirs)) in pairs.iter().enumerate() {
        let split = |ksp: &mut Ksp| -> petsc::Result<()> {
            if ours.contains("fieldsplit") {
                let (lo, hi) = {
                    let r = a.ownership_range()?;
                    (r.start, r.end)
                };
                let world = petsc.world();
                let first: Vec<Int> = (lo..hi).filter(|&i| i < N / 2).collect();
                let second: Vec<Int> = (lo..hi).filter(|&i| i >= N / 2).collect();
                let mut pc = ksp.pc()?;
                pc.set_type(PcType::Fieldsplit)?;
                pc.set_fieldsplit_is("0", &IndexSet::new_general(&world, &first)?)?;
                pc.set_fieldsplit_is("1", &IndexSet::new_general(&world, &second)?)?;
            }
            Ok(())
        };
        let (its_r, hist_r, x_r, _) = solve(petsc, &a, &format!("o{k}_"), ours, split)?;
        let (its_p, hist_p, x_p, _) = solve(petsc, &a, &format!("t{k}_"), theirs, split)?;
        assert_eq!(its_r, its_p, "{ours}");
        assert_eq!(hist_r, hist_p, "{ours}: the residual histories differ");
        assert!(
            its_r > 2 || ours.contains("pc_type ksp"),
            "{ours}: {its_r} iterations"
        );
        assert!(distance(&x_r, &x_p)? < 1e-12, "{ours}");
    }
    Ok(())
}

/// Each PC given the type gets its own instance, set up and dropped with it; the
/// instance is reached again, typed, through the handle; options under the PC's prefix
/// reach it and `-ksp_view` prints its type name and what it says.
fn instances(petsc: &Petsc) -> petsc::Result<()> {
    register(petsc)?;
    let log = log();
    let (made, dropped) = (log.made.get(), log.dropped.get());
    let a = operator(petsc)?;
    {
        let (_, _, _, k1) = solve(
            petsc,
            &a,
            "i1_",
            "-pc_type tjacobi -pc_tjac_scale 0.5",
            |_| Ok(()),
        )?;
        let (_, _, _, k2) = solve(petsc, &a, "i2_", "-pc_type tjacobi", |_| Ok(()))?;
        assert_eq!(log.made.get(), made + 2);
        let (p1, p2) = (k1.pc()?, k2.pc()?);
        assert_eq!(p1.with_implementation(|t: &mut TJacobi| t.scale)?, 0.5);
        assert_eq!(p2.with_implementation(|t: &mut TJacobi| t.scale)?, 1.0);
        assert!(p1.with_implementation(|t: &mut TJacobi| t.inverse.is_some())?);
        // Another Rust type, and a PETSc type, are refused.
        let e = p1.with_implementation(|_: &mut TIdentity| ()).unwrap_err();
        assert!(e.report().contains("not as"), "{e}");
        let mut p3 = Pc::new(&petsc.world())?;
        p3.set_type(PcType::Jacobi)?;
        let e = p3.with_implementation(|_: &mut TJacobi| ()).unwrap_err();
        assert!(e.report().contains("not written in Rust"), "{e}");
        // The view names the type and prints what the instance says.
        let path = std::env::temp_dir().join(format!(
            "petsc-rs-rust-types-view-{}-{}.txt",
            std::process::id(),
            petsc.world().rank()
        ));
        {
            let v = Viewer::ascii_file(&petsc.self_comm(), path.to_str().unwrap())?;
            p1.view_with(&v)?;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let _ = std::fs::remove_file(&path);
        assert!(text.contains("type: tjacobi"), "{text}");
        assert!(text.contains("  tjacobi scale 0.5"), "{text}");
        // A new type drops the instance; setting the Rust type again makes a fresh one.
        let mut p1 = p1;
        p1.set_type(PcType::None)?;
        assert_eq!(log.dropped.get(), dropped + 1);
        p1.set_type_name("tjacobi")?;
        assert_eq!(log.made.get(), made + 3);
    }
    // Destroying the solvers drops the other instances.
    assert_eq!(log.dropped.get(), log.made.get() - made + dropped);
    Ok(())
}

/// An `Err` or a panic in a Rust type is the solve's error, and the next solve works;
/// a KSP type returning without a reason, a transposed solve with a PC that has no
/// transpose, a bad option value and names that cannot be registered are `Err`s.
fn errors(petsc: &Petsc) -> petsc::Result<()> {
    register(petsc)?;
    let log = log();
    let a = operator(petsc)?;
    let (its0, _, x0, mut ksp) =
        solve(petsc, &a, "e1_", "-ksp_type gmres -pc_type tjacobi", |_| {
            Ok(())
        })?;
    let mut b = x0.duplicate()?;
    b.set(Scalar::from(1.0))?;
    for panics in [false, true] {
        log.fail.set(Some(panics));
        let mut x = b.duplicate()?;
        let e = ksp.solve(&b, &mut x).unwrap_err();
        log.fail.set(None);
        let text = e.report();
        assert!(
            text.contains(if panics {
                "tjacobi panics"
            } else {
                "told to fail"
            }),
            "{text}"
        );
        assert!(text.contains("PC written in Rust"), "{text}");
        ksp.solve(&b, &mut x)?.check()?;
        assert_eq!(ksp.iteration_number()?, its0);
        assert!(distance(&x, &x0)? < 1e-12);
    }
    // Transposed solves: with the Rust Jacobi's transpose; refused without one.
    let mut xt = b.duplicate()?;
    ksp.solve_transpose(&b, &mut xt)?.check()?;
    assert!(distance(&xt, &x0)? < 1e-9, "A is symmetric");
    let (_, _, _, mut k2) = solve(
        petsc,
        &a,
        "e2_",
        "-ksp_type gmres -pc_type tidentity",
        |_| Ok(()),
    )?;
    assert!(k2.solve_transpose(&b, &mut xt).is_err());
    // A solve without a reason.
    let e = solve(
        petsc,
        &a,
        "e3_",
        "-ksp_type trichardson -ksp_trich_quiet",
        |_| Ok(()),
    )
    .unwrap_err();
    assert!(e.report().contains("without a converged reason"), "{e}");
    // A bad option value is the set-from-options' error; the solver works after.
    let e = solve(
        petsc,
        &a,
        "e4_",
        "-pc_type tjacobi -pc_tjac_scale abc",
        |_| Ok(()),
    )
    .unwrap_err();
    assert!(e.report().contains("abc has no numeric value"), "{e}");
    solve(petsc, &a, "e4_", "-pc_type tjacobi", |_| Ok(()))?;
    // Names.
    for bad in ["jacobi", "", "two words"] {
        assert!(
            Pc::register_type(petsc, bad, || TIdentity).is_err(),
            "{bad:?}"
        );
    }
    assert!(Ksp::register_type(petsc, "cg", || TRichardson { quiet: false }).is_err());
    Pc::register_type(petsc, "tidentity", || TIdentity)?; // again: fine
                                                          // A KSP given a PC type by a call, and its view.
    let mut k3 = Ksp::new(&petsc.world())?;
    k3.set_operators(&a, &a)?;
    k3.set_type(KspType::Cg)?;
    k3.pc()?.set_type_name("tjacobi")?;
    let mut x = b.duplicate()?;
    k3.solve(&b, &mut x)?.check()?;
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("same_as_petsc", same_as_petsc).ranks(&[1, 2, 3]),
        Case::new("instances", instances).ranks(&[1, 2, 3]),
        Case::new("errors", errors).ranks(&[1, 2, 3]),
    ]
}
