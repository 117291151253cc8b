//! Optimization (TAO): Rosenbrock, a convex quadratic and bounded problems with known
//! minimizers under several methods, least squares with brgn and pounders, monitors, and
//! bad input (missing routines, wrong sizes, failing and panicking closures).

#[cfg(petsc_complex)]
pub fn cases() -> Vec<petsc_tests::Case> {
    petsc_tests::skip_module(
        "real scalars: TAO minimizes real functions of real variables (its objectives, \
         bounds and line searches order real numbers); this PETSc has complex scalars",
    )
}

#[cfg(not(petsc_complex))]
pub use real::cases;

/// The cases, compiled only where PETSc's scalars are real, as TAO requires.
#[cfg(not(petsc_complex))]
mod real {
    use std::cell::RefCell;
    use std::rc::Rc;

    use petsc::{
        Error, InsertMode, Int, Mat, NormType, Object, Petsc, Tao, TaoConvergedReason, TaoType,
        Vector,
    };
    use petsc_tests::Case;

    /// Tolerances that stop on the gradient's norm alone.
    fn gatol(gatol: f64) -> petsc::TaoTolerances {
        petsc::TaoTolerances {
            gatol: Some(gatol),
            grtol: Some(0.0),
            gttol: Some(0.0),
        }
    }

    /// Rosenbrock in 2 variables: `f = 100 (y - x^2)^2 + (1 - x)^2`, gradient written to `g`.
    fn rosen2(x: &Vector, g: &mut Vector) -> petsc::Result<f64> {
        let (a, b) = {
            let v = x.view()?;
            (v[0], v[1])
        };
        let d = b - a * a;
        g.view_mut()?
            .copy_from_slice(&[-400.0 * a * d - 2.0 * (1.0 - a), 200.0 * d]);
        Ok(100.0 * d * d + (1.0 - a) * (1.0 - a))
    }

    fn rosen2_value(x: &Vector) -> petsc::Result<f64> {
        let v = x.view()?;
        let d = v[1] - v[0] * v[0];
        Ok(100.0 * d * d + (1.0 - v[0]) * (1.0 - v[0]))
    }

    /// The Rosenbrock Hessian at `(a, b)`: `[[1200 a^2 - 400 b + 2, -400 a], [-400 a, 200]]`.
    fn rosen2_hessian(a: f64, b: f64) -> [f64; 4] {
        [
            1200.0 * a * a - 400.0 * b + 2.0,
            -400.0 * a,
            -400.0 * a,
            200.0,
        ]
    }

    /// Gives `tao` the assembled Rosenbrock Hessian (a 2 x 2 AIJ matrix it keeps).
    fn set_rosen2_hessian(tao: &mut Tao) -> petsc::Result<()> {
        let h = Mat::aij(&tao.comm())
            .sizes(petsc::Sizes::global(2, 2))
            .preallocate(2, 0)
            .build()?;
        tao.set_hessian(&h, None, |x, mats| {
            let (a, b) = {
                let v = x.view()?;
                (v[0], v[1])
            };
            let h = mats.pre();
            h.set_values(&[0, 1], &[0, 1], &rosen2_hessian(a, b), InsertMode::Insert)?;
            h.assemble()
        })
    }

    /// A solver for 2-variable Rosenbrock from (-1.2, 1) with method `ty`; returns the
    /// solution vector too.
    fn rosen2_solver(petsc: &Petsc, ty: TaoType) -> petsc::Result<(Tao, Vector)> {
        let c = petsc.self_comm();
        let x = Vector::from_slice(&c, &[-1.2, 1.0])?;
        let mut tao = Tao::new(&c)?;
        tao.set_type(ty)?;
        tao.set_solution(&x)?;
        tao.set_objective_and_gradient(rosen2)?;
        tao.set_tolerances(gatol(1e-12))?;
        tao.set_max_iterations(5000)?;
        Ok((tao, x))
    }

    /// The end of an `lmvm` solve run to a gradient tolerance at the rounding floor (gatol
    /// 1e-12): a convergence reason, or, with PETSc 3.24's reworked LMVM, also
    /// `DIVERGED_LS_FAILURE` when the gradient norm is already at most `floor`. That close
    /// to the optimum the decrease the line search has to see in f is below f's rounding
    /// (near f = 0 for Rosenbrock, whose gradient itself is only good to ~1e-13; around
    /// eps |f| lambda_max for the quadratic), so the new line search stops there instead.
    /// The callers still check the minimizer itself.
    fn assert_lmvm_finished(tao: &Tao, floor: f64) -> petsc::Result<()> {
        let s = tao.solution_status()?;
        #[cfg(petsc_3_24)]
        if s.reason == TaoConvergedReason::DivergedLsFailure {
            assert!(
                s.gnorm <= floor,
                "lmvm: DIVERGED_LS_FAILURE at gradient norm {:e}, above {floor:e}",
                s.gnorm
            );
            return Ok(());
        }
        #[cfg(not(petsc_3_24))]
        let _ = floor;
        assert!(s.reason.is_converged(), "lmvm: {}", s.reason);
        Ok(())
    }

    fn assert_ones(x: &Vector, tol: f64) -> petsc::Result<()> {
        let all = x.to_all()?;
        for (i, v) in all.view()?.iter().enumerate() {
            assert!(
                (v - 1.0).abs() < tol,
                "x[{i}] = {v}, expected 1 within {tol}"
            );
        }
        Ok(())
    }

    fn rosenbrock_first_order(petsc: &Petsc) -> petsc::Result<()> {
        for ty in [
            TaoType::Lmvm,
            TaoType::Blmvm,
            TaoType::Cg,
            TaoType::Bncg,
            TaoType::Bqnls,
        ] {
            let (mut tao, x) = rosen2_solver(petsc, ty.clone())?;
            let reason = tao.solve()?;
            assert!(reason.is_converged(), "{ty}: {reason}");
            assert_ones(&x, 1e-5).map_err(|e| Error::user(format!("{ty}: {e}")))?;
            let s = tao.solution_status()?;
            assert_eq!(s.reason, reason);
            assert!(s.f < 1e-10, "{ty}: f = {}", s.f);
            assert!(s.iteration > 0);
            assert_eq!(s.iteration, tao.iteration_number()?);
        }
        Ok(())
    }

    /// Newton methods with an assembled Hessian (ntr and tron also through bounds that
    /// do not bind).
    fn rosenbrock_newton(petsc: &Petsc) -> petsc::Result<()> {
        let c = petsc.self_comm();
        for ty in [
            TaoType::Nls,
            TaoType::Ntr,
            TaoType::Ntl,
            TaoType::Tron,
            TaoType::Bnls,
        ] {
            let (mut tao, x) = rosen2_solver(petsc, ty.clone())?;
            let h = Mat::aij(&c)
                .sizes(petsc::Sizes::global(2, 2))
                .preallocate(2, 0)
                .build()?;
            let calls = Rc::new(RefCell::new(0));
            let count = calls.clone();
            tao.set_hessian(&h, None, move |x, mats| {
                assert!(mats.is_same() && mats.op().is_none());
                let h = mats.pre();
                *count.borrow_mut() += 1;
                let (a, b) = {
                    let v = x.view()?;
                    (v[0], v[1])
                };
                h.set_values(&[0, 1], &[0, 1], &rosen2_hessian(a, b), InsertMode::Insert)?;
                h.assemble()
            })?;
            if ty == TaoType::Tron {
                let lo = Vector::from_slice(&c, &[-5.0, -5.0])?;
                let hi = Vector::from_slice(&c, &[5.0, 5.0])?;
                tao.set_variable_bounds(Some(&lo), Some(&hi))?;
            }
            assert!(tao.ksp()?.is_some(), "{ty} has a KSP");
            let reason = tao.solve()?;
            assert!(reason.is_converged(), "{ty}: {reason}");
            assert_ones(&x, 1e-5).map_err(|e| Error::user(format!("{ty}: {e}")))?;
            assert!(*calls.borrow() > 0, "{ty}: Hessian never computed");
        }
        Ok(())
    }

    /// Newton methods whose Krylov solves are preconditioned by a quasi-Newton matrix
    /// (the KSP's PC set to `lmvm`, as `-tao_nls_pc_type lmvm` / `-tao_bnk_pc_type lmvm`
    /// do): they still find the minimizer, and the LMVM matrix the solver updated, taken
    /// from the preconditioner (`PCLMVMGetMatLMVM`), inverts its own product.
    fn newton_with_lmvm_preconditioner(petsc: &Petsc) -> petsc::Result<()> {
        let c = petsc.self_comm();
        for ty in [TaoType::Nls, TaoType::Bnls, TaoType::Bntr] {
            let (mut tao, x) = rosen2_solver(petsc, ty.clone())?;
            set_rosen2_hessian(&mut tao)?;
            let ksp = tao.ksp()?.expect("a Newton method has a KSP");
            ksp.pc()?.set_type(petsc::PcType::Lmvm)?;
            let reason = tao.solve()?;
            assert!(reason.is_converged(), "{ty}: {reason}");
            assert_ones(&x, 1e-5).map_err(|e| Error::user(format!("{ty}: {e}")))?;
            let pc = ksp.pc()?;
            assert_eq!(pc.type_name()?, "lmvm", "{ty}");
            let m = pc.lmvm_mat()?;
            assert!(m.type_name()?.starts_with("lmvm"), "{ty}");
            let v = Vector::from_slice(&c, &[0.3, -1.7])?;
            let (mut mv, mut back) = (v.duplicate()?, v.duplicate()?);
            m.mult(&v, &mut mv)?;
            // Updated during the solve: M holds curvature, so M v is not a multiple of
            // v (an LMVM matrix without pairs is a multiple of the identity).
            let (v0, mv0) = (v.view()?.to_vec(), mv.view()?.to_vec());
            let cross = v0[0] * mv0[1] - v0[1] * mv0[0];
            assert!(
                cross.abs() > 1e-6 * (mv0[0].hypot(mv0[1])),
                "{ty}: M v = {mv0:?} for v = {v0:?}"
            );
            m.solve(&mv, &mut back)?;
            back.axpy(-1.0, &v)?;
            let err = back.norm(NormType::Two)?;
            assert!(err < 1e-10, "{ty}: |M^-1 M v - v| = {err:e}");
        }
        // A preconditioner of another type has no LMVM matrix.
        let (tao, _) = rosen2_solver(petsc, TaoType::Nls)?;
        let pc = tao.ksp()?.expect("nls has a KSP").pc()?;
        assert!(pc.lmvm_mat().is_err());
        Ok(())
    }

    /// Separate preconditioning matrix: the closure gets both, distinct, the Hessian as
    /// `op()` and the preconditioning matrix as `pre()`.
    fn hessian_with_preconditioner(petsc: &Petsc) -> petsc::Result<()> {
        let c = petsc.self_comm();
        let (mut tao, x) = rosen2_solver(petsc, TaoType::Nls)?;
        let mut h = Mat::aij(&c)
            .sizes(petsc::Sizes::global(2, 2))
            .preallocate(2, 0)
            .build()?;
        h.set_name("H")?;
        let mut p = Mat::aij(&c)
            .sizes(petsc::Sizes::global(2, 2))
            .preallocate(2, 0)
            .build()?;
        p.set_name("P")?;
        tao.set_hessian(&h, Some(&p), |x, mats| {
            assert!(!mats.is_same());
            let (p, h) = mats.split();
            let h = h.expect("a distinct operator");
            assert_eq!((h.name()?, p.name()?), ("H".to_string(), "P".to_string()));
            let (a, b) = {
                let v = x.view()?;
                (v[0], v[1])
            };
            let vals = rosen2_hessian(a, b);
            h.set_values(&[0, 1], &[0, 1], &vals, InsertMode::Insert)?;
            h.assemble()?;
            p.set_values(&[0, 1], &[0, 1], &vals, InsertMode::Insert)?;
            p.assemble()
        })?;
        tao.solve()?.check()?;
        assert_ones(&x, 1e-5)
    }

    /// No Hessian routine of our own: `-tao_fd_hessian` and `-tao_mf_hessian` (read by
    /// `set_from_options`) give Newton methods PETSc's finite-difference Hessians, as in
    /// C. Without them the error says what works.
    fn hessian_from_options(petsc: &Petsc) -> petsc::Result<()> {
        let opts = petsc.options();
        let runs: [(TaoType, &[&str]); 4] = [
            (TaoType::Nls, &["-fdh_tao_fd_hessian"]),
            (TaoType::Ntr, &["-fdh_tao_fd_hessian"]),
            (TaoType::Nls, &["-fdh_tao_mf_hessian", "-fdh_pc_type none"]),
            (TaoType::Ntr, &["-fdh_tao_mf_hessian", "-fdh_pc_type none"]),
        ];
        for (ty, given) in runs {
            for o in given {
                opts.insert_string(o)?;
            }
            let result = (|| {
                let (mut tao, x) = rosen2_solver(petsc, ty.clone())?;
                // After the type: the inner KSP reads -fdh_pc_type.
                tao.set_options_prefix("fdh_")?;
                let e = tao.solve().unwrap_err();
                let text = e.report();
                assert!(
                    text.contains("needs a Hessian")
                        && text.contains("-tao_fd_hessian or -tao_mf_hessian")
                        && text.contains("set_from_options"),
                    "{text}"
                );
                tao.set_from_options()?;
                let reason = tao.solve()?;
                assert!(reason.is_converged(), "{ty} {given:?}: {reason}");
                assert_ones(&x, 1e-5)
            })();
            for o in ["-fdh_tao_fd_hessian", "-fdh_tao_mf_hessian"] {
                opts.clear_value(o)?;
            }
            opts.clear_value("-fdh_pc_type")?;
            result.map_err(|e| Error::user(format!("{ty} {given:?}: {e}")))?;
        }
        Ok(())
    }

    /// Hessian-vector products only: nls and ntr through a shell Hessian.
    fn rosenbrock_hessian_mult(petsc: &Petsc) -> petsc::Result<()> {
        for ty in [TaoType::Nls, TaoType::Ntr] {
            let (mut tao, x) = rosen2_solver(petsc, ty.clone())?;
            let products = Rc::new(RefCell::new(0));
            let count = products.clone();
            let shell = tao.set_hessian_mult(move |x, v, hv| {
                *count.borrow_mut() += 1;
                let (a, b) = {
                    let xv = x.view()?;
                    (xv[0], xv[1])
                };
                let h = rosen2_hessian(a, b);
                let (v0, v1) = {
                    let vv = v.view()?;
                    (vv[0], vv[1])
                };
                hv.view_mut()?
                    .copy_from_slice(&[h[0] * v0 + h[1] * v1, h[2] * v0 + h[3] * v1]);
                Ok(())
            })?;
            assert_eq!(shell.type_name()?, "shell");
            if let Some(ksp) = tao.ksp()? {
                ksp.pc()?.set_type(petsc::PcType::None)?;
            }
            let reason = tao.solve()?;
            assert!(reason.is_converged(), "{ty}: {reason}");
            assert_ones(&x, 1e-5).map_err(|e| Error::user(format!("{ty}: {e}")))?;
            assert!(*products.borrow() > 0, "{ty}: no Hessian-vector products");
        }
        Ok(())
    }

    fn rosenbrock_nelder_mead(petsc: &Petsc) -> petsc::Result<()> {
        let c = petsc.self_comm();
        let x = Vector::from_slice(&c, &[-1.2, 1.0])?;
        let mut tao = Tao::new(&c)?;
        tao.set_type(TaoType::Nm)?;
        tao.set_solution(&x)?;
        tao.set_objective(rosen2_value)?;
        tao.set_tolerances(gatol(1e-14))?;
        tao.set_max_iterations(20000)?;
        tao.set_max_function_evaluations(100000)?;
        let reason = tao.solve()?;
        assert!(reason.is_converged(), "{}", reason);
        assert_ones(&x, 1e-5)
    }

    /// Extended (chained) Rosenbrock `sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2`, the
    /// variables spread over the ranks.
    const CHAIN_N: Int = 12;

    fn chained_value_and_gradient(x: &Vector, g: Option<&mut Vector>) -> petsc::Result<f64> {
        let all = x.to_all()?;
        let v = all.view()?;
        let n = v.len();
        let mut f = 0.0;
        for i in 0..n - 1 {
            let d = v[i + 1] - v[i] * v[i];
            f += 100.0 * d * d + (1.0 - v[i]) * (1.0 - v[i]);
        }
        if let Some(g) = g {
            let lo = g.ownership_range()?.start as usize;
            let mut gv = g.view_mut()?;
            for (k, gi) in gv.iter_mut().enumerate() {
                let i = lo + k;
                let mut s = 0.0;
                if i + 1 < n {
                    s += -400.0 * v[i] * (v[i + 1] - v[i] * v[i]) - 2.0 * (1.0 - v[i]);
                }
                if i > 0 {
                    s += 200.0 * (v[i] - v[i - 1] * v[i - 1]);
                }
                *gi = s;
            }
        }
        Ok(f)
    }

    fn chained_solver(petsc: &Petsc, ty: TaoType) -> petsc::Result<(Tao, Vector)> {
        let w = petsc.world();
        let mut x = Vector::new_mpi(&w, None, Some(CHAIN_N))?;
        let lo = x.ownership_range()?.start;
        for (k, xi) in x.view_mut()?.iter_mut().enumerate() {
            *xi = if (lo as usize + k) % 2 == 0 {
                -1.2
            } else {
                1.0
            };
        }
        let mut tao = Tao::new(&w)?;
        tao.set_type(ty)?;
        tao.set_solution(&x)?;
        tao.set_objective_and_gradient(|x, g| chained_value_and_gradient(x, Some(g)))?;
        tao.set_tolerances(gatol(1e-12))?;
        tao.set_max_iterations(5000)?;
        Ok((tao, x))
    }

    fn chained_rosenbrock(petsc: &Petsc) -> petsc::Result<()> {
        let (mut tao, x) = chained_solver(petsc, TaoType::Lmvm)?;
        tao.solve()?.check()?;
        assert_lmvm_finished(&tao, 1e-10)?;
        assert_ones(&x, 1e-5)?;

        // Newton with the tridiagonal Hessian assembled by rows.
        let (mut tao, x) = chained_solver(petsc, TaoType::Nls)?;
        let n = CHAIN_N;
        let h = Mat::aij(&petsc.world())
            .sizes(petsc::Sizes::local(x.local_size()?, x.local_size()?).with_global(n, n))
            .preallocate(3, 2)
            .build()?;
        tao.set_hessian(&h, None, move |x, mats| {
            let h = mats.pre();
            let all = x.to_all()?;
            let v = all.view()?;
            for r in h.ownership_range()? {
                let i = r as usize;
                let mut diag = 0.0;
                let mut cols = Vec::new();
                let mut vals = Vec::new();
                if r > 0 {
                    diag += 200.0;
                    cols.push(r - 1);
                    vals.push(-400.0 * v[i - 1]);
                }
                if r < n - 1 {
                    diag += 1200.0 * v[i] * v[i] - 400.0 * v[i + 1] + 2.0;
                    cols.push(r + 1);
                    vals.push(-400.0 * v[i]);
                }
                cols.push(r);
                vals.push(diag);
                h.set_values(&[r], &cols, &vals, InsertMode::Insert)?;
            }
            h.assemble()
        })?;
        let reason = tao.solve()?;
        assert!(reason.is_converged(), "{}", reason);
        assert_ones(&x, 1e-5)
    }

    /// `A`: SPD pentadiagonal `n x n` (diagonal 6, off-diagonals -1 at distances 1 and 2),
    /// distributed by rows, and its dense copy.
    fn spd(petsc: &Petsc, n: Int) -> petsc::Result<(Mat, Vec<Vec<f64>>)> {
        let mut a = Mat::aij(&petsc.world())
            .sizes(petsc::Sizes::global(n, n))
            .preallocate(5, 4)
            .build()?;
        let entry = |i: Int, j: Int| match (i - j).abs() {
            0 => 6.0,
            1 | 2 => -1.0,
            _ => 0.0,
        };
        for i in a.ownership_range()? {
            let cols: Vec<Int> = (i - 2..=i + 2).filter(|j| (0..n).contains(j)).collect();
            let vals: Vec<f64> = cols.iter().map(|&j| entry(i, j)).collect();
            a.set_values(&[i], &cols, &vals, InsertMode::Insert)?;
        }
        a.assemble()?;
        let dense = (0..n)
            .map(|i| (0..n).map(|j| entry(i, j)).collect())
            .collect();
        Ok((a, dense))
    }

    /// Gaussian elimination with partial pivoting.
    fn dense_solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
        let n = b.len();
        for k in 0..n {
            let p = (k..n)
                .max_by(|&i, &j| a[i][k].abs().partial_cmp(&a[j][k].abs()).unwrap())
                .unwrap();
            a.swap(k, p);
            b.swap(k, p);
            let pivot_row = a[k].clone();
            for i in k + 1..n {
                let m = a[i][k] / pivot_row[k];
                for (aij, akj) in a[i].iter_mut().zip(&pivot_row).skip(k) {
                    *aij -= m * akj;
                }
                b[i] -= m * b[k];
            }
        }
        let mut x = vec![0.0; n];
        for i in (0..n).rev() {
            let s: f64 = (i + 1..n).map(|j| a[i][j] * x[j]).sum();
            x[i] = (b[i] - s) / a[i][i];
        }
        x
    }

    /// `0.5 x^T A x - b^T x` with `b_i = i + 1`: minimizer `A^{-1} b`, compared with a dense
    /// solve, under several methods and at several rank counts.
    fn convex_quadratic(petsc: &Petsc) -> petsc::Result<()> {
        let n = 9;
        let (a, dense) = spd(petsc, n)?;
        let bvals: Vec<f64> = (0..n).map(|i| (i + 1) as f64).collect();
        let exact = dense_solve(dense, bvals.clone());
        for ty in [
            TaoType::Lmvm,
            TaoType::Nls,
            TaoType::Ntr,
            TaoType::Cg,
            TaoType::Gpcg,
        ] {
            let (x, mut b) = a.create_vecs()?;
            let lo = b.ownership_range()?.start as usize;
            for (k, bi) in b.view_mut()?.iter_mut().enumerate() {
                *bi = bvals[lo + k];
            }
            let mut tao = Tao::new(&petsc.world())?;
            tao.set_type(ty.clone())?;
            tao.set_solution(&x)?;
            let a2 = a.duplicate(petsc::MatDuplicateOption::CopyValues)?;
            tao.set_objective_and_gradient(move |x, g| {
                a2.mult(x, g)?; // g = A x
                let xax = x.dot(g)?;
                let bx = x.dot(&b)?;
                g.axpy(-1.0, &b)?;
                Ok(0.5 * xax - bx)
            })?;
            tao.set_hessian(&a, None, |_, _| Ok(()))?;
            if ty == TaoType::Gpcg {
                // Bound-constrained quadratic methods: bounds that do not bind.
                let mut lo = x.duplicate()?;
                lo.set(-100.0)?;
                let mut hi = x.duplicate()?;
                hi.set(100.0)?;
                tao.set_variable_bounds(Some(&lo), Some(&hi))?;
            }
            tao.set_tolerances(gatol(1e-12))?;
            let reason = tao.solve()?;
            if ty == TaoType::Lmvm {
                // A gradient norm of 1e-7 puts x within 1e-7 / lambda_min(A) = 5e-8 of
                // the minimizer (lambda_min >= 2 by Gershgorin).
                assert_lmvm_finished(&tao, 1e-7)?;
            } else {
                assert!(reason.is_converged(), "{ty}: {reason}");
            }
            let all = x.to_all()?;
            for (i, (v, e)) in all.view()?.iter().zip(&exact).enumerate() {
                assert!((v - e).abs() < 1e-6, "{ty}: x[{i}] = {v}, exact {e}");
            }
        }
        Ok(())
    }

    /// `sum_i (x_i - c_i)^2` with `c = (-2, 0.5, 3, ...)` and bounds `[-1, 1]`: the
    /// minimizer is `clamp(c, -1, 1)`, exactly on the bound where `c` is outside.
    fn bound_minimizer(petsc: &Petsc) -> petsc::Result<()> {
        let n = 7;
        let target = |i: usize| [-2.0, 0.5, 3.0, -0.25, 1.5, -1.0, 0.0][i];
        for ty in [
            TaoType::Blmvm,
            TaoType::Tron,
            TaoType::Bncg,
            TaoType::Bqnls,
            TaoType::Bnls,
            TaoType::Gpcg,
        ] {
            for sides in [(true, true), (true, false), (false, true)] {
                let w = petsc.world();
                let x = Vector::new_mpi(&w, None, Some(n))?;
                let lo = x.ownership_range()?.start as usize;
                let mut lower = x.duplicate()?;
                lower.set(-1.0)?;
                let mut upper = x.duplicate()?;
                upper.set(1.0)?;
                let mut tao = Tao::new(&w)?;
                tao.set_type(ty.clone())?;
                tao.set_solution(&x)?;
                tao.set_variable_bounds(sides.0.then_some(&lower), sides.1.then_some(&upper))?;
                tao.set_objective_and_gradient(move |x, g| {
                    let v = x.view()?;
                    let mut gv = g.view_mut()?;
                    let mut f = 0.0;
                    for k in 0..v.len() {
                        let d = v[k] - target(lo + k);
                        f += d * d;
                        gv[k] = 2.0 * d;
                    }
                    drop(v);
                    let mut total = 0.0;
                    petsc_allreduce_sum(&x.comm(), f, &mut total);
                    Ok(total)
                })?;
                let h = Mat::aij(&w)
                    .sizes(petsc::Sizes::local(x.local_size()?, x.local_size()?).with_global(n, n))
                    .preallocate(1, 0)
                    .build()?;
                tao.set_hessian(&h, None, |_, mats| {
                    let h = mats.pre();
                    for i in h.ownership_range()? {
                        h.set_values(&[i], &[i], &[2.0], InsertMode::Insert)?;
                    }
                    h.assemble()
                })?;
                tao.set_tolerances(gatol(1e-10))?;
                let reason = tao.solve()?;
                assert!(reason.is_converged(), "{ty} {sides:?}: {reason}");
                let all = x.to_all()?;
                for (i, v) in all.view()?.iter().enumerate() {
                    let c = target(i);
                    let expect = match sides {
                        (true, true) => c.clamp(-1.0, 1.0),
                        (true, false) => c.max(-1.0),
                        _ => c.min(1.0),
                    };
                    if expect != c {
                        assert_eq!(*v, expect, "{ty} {sides:?}: x[{i}] must sit on the bound");
                    } else {
                        assert!(
                            (v - expect).abs() < 1e-6,
                            "{ty} {sides:?}: x[{i}] = {v}, expected {expect}"
                        );
                    }
                }
            }
        }
        Ok(())
    }

    /// A global sum through PETSc vectors (one entry per rank), to stay within petsc-rs.
    fn petsc_allreduce_sum(comm: &petsc::Comm, value: f64, out: &mut f64) {
        let mut v = Vector::new_mpi(comm, Some(1), None).expect("vector");
        v.set(value).expect("set");
        *out = v.sum().expect("sum");
    }

    /// `set_objective_and_gradient_slices`: `f = sum_i (i + 1) (x_i - c_i)^2` with
    /// `c_i = i mod 3 - 1` over 12 unknowns spread over the ranks, the closure given this
    /// process's entries (and reducing `f` itself). lmvm reaches `c` and takes exactly
    /// the steps it takes with the same closure on handles (the same iterations and
    /// evaluations, the same solution to the last bit). A handle to the solution kept by
    /// the closure cannot write it while TAO lends it, a closure that panics is an `Err`
    /// too, and after either the solver solves again.
    fn objective_gradient_slices(petsc: &Petsc) -> petsc::Result<()> {
        const N: Int = 12;
        let world = petsc.world();
        let target = |i: Int| (i % 3 - 1) as f64;
        let value_and_gradient = move |lo: Int, x: &[f64], g: &mut [f64]| -> f64 {
            let mut f = 0.0;
            for (k, (xi, gi)) in x.iter().zip(g.iter_mut()).enumerate() {
                let i = lo + k as Int;
                let (w, d) = ((i + 1) as f64, xi - target(i));
                f += w * d * d;
                *gi = 2.0 * w * d;
            }
            f
        };
        let evaluations = Rc::new(std::cell::Cell::new(0usize));
        let solve = |slices: bool| -> petsc::Result<(Tao, Vector)> {
            let x = Vector::new_mpi(&world, None, Some(N))?;
            let lo = x.ownership_range()?.start;
            let mut tao = Tao::new(&world)?;
            tao.set_type(TaoType::Lmvm)?;
            tao.set_solution(&x)?;
            let (comm, count) = (world.clone(), evaluations.clone());
            if slices {
                tao.set_objective_and_gradient_slices(move |x, g| {
                    count.set(count.get() + 1);
                    let mut total = 0.0;
                    petsc_allreduce_sum(&comm, value_and_gradient(lo, x, g), &mut total);
                    Ok(total)
                })?;
            } else {
                tao.set_objective_and_gradient(move |x, g| {
                    count.set(count.get() + 1);
                    let f = value_and_gradient(lo, &x.view()?, &mut g.view_mut()?);
                    let mut total = 0.0;
                    petsc_allreduce_sum(&comm, f, &mut total);
                    Ok(total)
                })?;
            }
            tao.set_tolerances(gatol(1e-10))?;
            tao.solve()?.check()?;
            assert_lmvm_finished(&tao, 1e-9)?;
            Ok((tao, x))
        };
        let (handles, xh) = solve(false)?;
        let by_handles = evaluations.replace(0);
        let (mut tao, x) = solve(true)?;
        assert_eq!(evaluations.get(), by_handles);
        assert_eq!(tao.iteration_number()?, handles.iteration_number()?);
        let lo = x.ownership_range()?.start;
        for (k, (v, vh)) in x.view()?.iter().zip(xh.view()?.iter()).enumerate() {
            let c = target(lo + k as Int);
            assert!(
                (v - c).abs() < 1e-8,
                "x[{}] = {v}, expected {c}",
                lo + k as Int
            );
            assert_eq!(v.to_bits(), vh.to_bits(), "x[{}]", lo + k as Int);
        }

        // The closure writes the solution through a handle of its own while TAO reads
        // it (the first evaluation is at the solution itself): refused.
        let mut alias = x.clone();
        tao.set_objective_and_gradient_slices(move |_, _| {
            alias.view_mut()?.fill(0.0);
            Ok(0.0)
        })?;
        let e = tao.solve().unwrap_err();
        assert_callback_refused(&e, "being read through a view");
        // Another handle to `x` may read it meanwhile (the same entries), one to `g`
        // may not.
        let mut g = x.duplicate()?;
        let (x_alias, g_alias) = (x.clone(), g.clone());
        let before = petsc::ffi::registered_count();
        let x_read = Rc::new(std::cell::Cell::new(false));
        let read = x_read.clone();
        tao.set_objective_and_gradient_slices(move |xs, _| {
            assert_eq!(&*x_alias.view()?, xs);
            read.set(true);
            g_alias.view()?;
            Ok(0.0)
        })?;
        // The closure replaced the one before it, which was freed.
        assert_eq!(petsc::ffi::registered_count(), before);
        let e = tao.compute_gradient(&x, &mut g).unwrap_err();
        assert!(x_read.get(), "x not readable through another handle: {e}");
        assert_callback_refused(&e, "being written through a writable view");
        // Both arrays were given back and unregistered on the way out of the failure.
        g.view_mut()?.fill(1.0);
        assert!(
            x.clone().view_mut().is_ok(),
            "x still borrowed after the refusal"
        );
        let mut calls = 0;
        tao.set_objective_and_gradient_slices(move |x, g| {
            calls += 1;
            if calls == 3 {
                panic!("objective exploded");
            }
            g.copy_from_slice(x);
            Ok(0.0)
        })?;
        let e = tao.solve().unwrap_err();
        assert!(
            matches!(&e, Error::CallbackPanic { callback, message }
                if callback == "Tao objective and gradient" && message == "objective exploded"),
            "{e:?}"
        );
        // The panic unwound through the lent arrays: given back and unregistered too.
        g.view_mut()?.fill(2.0);
        assert!(
            x.clone().view_mut().is_ok(),
            "x still borrowed after the panic"
        );
        // Solves again from a new start, with the first closure's arithmetic.
        let comm = world.clone();
        tao.set_objective_and_gradient_slices(move |x, g| {
            let mut total = 0.0;
            petsc_allreduce_sum(&comm, value_and_gradient(lo, x, g), &mut total);
            Ok(total)
        })?;
        x.clone().set(0.0)?;
        tao.solve()?.check()?;
        assert_lmvm_finished(&tao, 1e-9)?;
        for (k, v) in x.view()?.iter().enumerate() {
            assert!((v - target(lo + k as Int)).abs() < 1e-8, "{v}");
        }
        Ok(())
    }

    /// `e` is the objective-and-gradient closure's `Err` whose message contains `why`.
    fn assert_callback_refused(e: &Error, why: &str) {
        match e {
            Error::Callback { callback, source } => {
                assert_eq!(callback, "Tao objective and gradient");
                assert!(source.to_string().contains(why), "{source}");
            }
            other => panic!("expected Error::Callback, got {other:?}"),
        }
    }

    /// Least squares with brgn: fit `y = A exp(-k t)` to noise-free data from A = 2,
    /// k = 0.5, with the Jacobian updated in its closure.
    fn brgn_exponential_fit(petsc: &Petsc) -> petsc::Result<()> {
        let c = petsc.self_comm();
        let t: Vec<f64> = (0..12).map(|i| i as f64 * 0.5).collect();
        let y: Vec<f64> = t.iter().map(|t| 2.0 * (-0.5 * t).exp()).collect();
        let m = t.len() as Int;
        let x = Vector::from_slice(&c, &[1.0, 1.0])?;
        let r = Vector::new_seq(&c, m)?;
        let j = Mat::aij(&c)
            .sizes(petsc::Sizes::global(m, 2))
            .preallocate(2, 0)
            .build()?;
        let mut tao = Tao::new(&c)?;
        tao.set_type(TaoType::Brgn)?;
        tao.set_solution(&x)?;
        let (t1, y1) = (t.clone(), y.clone());
        tao.set_residual(&r, move |x, r| {
            let (a, k) = {
                let v = x.view()?;
                (v[0], v[1])
            };
            for (i, ri) in r.view_mut()?.iter_mut().enumerate() {
                *ri = a * (-k * t1[i]).exp() - y1[i];
            }
            Ok(())
        })?;
        tao.set_jacobian_residual(&j, None, move |x, mats| {
            assert!(mats.op().is_none());
            let j = mats.pre();
            let (a, k) = {
                let v = x.view()?;
                (v[0], v[1])
            };
            for (i, ti) in t.iter().enumerate() {
                let e = (-k * ti).exp();
                j.set_values(&[i as Int], &[0, 1], &[e, -a * ti * e], InsertMode::Insert)?;
            }
            j.assemble()
        })?;
        tao.brgn_set_regularizer_weight(0.0)?;
        tao.set_tolerances(gatol(1e-12))?;
        let reason = tao.solve()?;
        assert!(reason.is_converged(), "{}", reason);
        let v = x.view()?;
        assert!(
            (v[0] - 2.0).abs() < 1e-6 && (v[1] - 0.5).abs() < 1e-6,
            "{:?}",
            &*v
        );
        Ok(())
    }

    /// Derivative-free least squares (pounders) on a line fit.
    fn pounders_line_fit(petsc: &Petsc) -> petsc::Result<()> {
        let c = petsc.self_comm();
        let t: Vec<f64> = (0..8).map(|i| i as f64).collect();
        let x = Vector::from_slice(&c, &[0.0, 0.0])?;
        let r = Vector::new_seq(&c, t.len() as Int)?;
        let mut tao = Tao::new(&c)?;
        tao.set_type(TaoType::Pounders)?;
        tao.set_solution(&x)?;
        tao.set_residual(&r, move |x, r| {
            let (a, b) = {
                let v = x.view()?;
                (v[0], v[1])
            };
            for (i, ri) in r.view_mut()?.iter_mut().enumerate() {
                *ri = a * t[i] + b - (3.0 * t[i] - 2.0);
            }
            Ok(())
        })?;
        tao.set_tolerances(gatol(1e-10))?;
        let reason = tao.solve()?;
        let v = x.view()?;
        assert!(
            (v[0] - 3.0).abs() < 1e-5 && (v[1] + 2.0).abs() < 1e-5,
            "{:?} {}",
            &*v,
            reason
        );
        Ok(())
    }

    fn monitors(petsc: &Petsc) -> petsc::Result<()> {
        let (mut tao, _x) = chained_solver(petsc, TaoType::Lmvm)?;
        let seen = Rc::new(RefCell::new(Vec::new()));
        let log = seen.clone();
        tao.monitor(move |s| {
            log.borrow_mut().push(*s);
            Ok(())
        })?;
        let second = Rc::new(RefCell::new(0));
        let count = second.clone();
        tao.monitor(move |_| {
            *count.borrow_mut() += 1;
            Ok(())
        })?;
        tao.solve()?.check()?;
        let seen = seen.borrow();
        assert!(seen.len() > 2);
        assert_eq!(*second.borrow(), seen.len());
        for (k, w) in seen.windows(2).enumerate() {
            assert_eq!(w[1].iteration, w[0].iteration + 1, "step {k}");
            assert!(
                w[1].f <= w[0].f,
                "f increased at step {k}: {} -> {}",
                w[0].f,
                w[1].f
            );
        }
        assert_eq!(seen[0].iteration, 0);
        let last = seen.last().unwrap();
        let status = tao.solution_status()?;
        assert_eq!(last.iteration, status.iteration);
        assert_eq!(last.f, status.f);
        assert_lmvm_finished(&tao, 1e-10)?;
        if status.reason == TaoConvergedReason::DivergedLsFailure {
            // lmvm gave up in its line search (PETSc >= 3.24 only, as checked above): it
            // sets that reason before its last monitor call.
            assert_eq!(last.reason, status.reason);
        } else {
            // Monitors run before the convergence test of their iteration.
            assert_eq!(last.reason, TaoConvergedReason::Iterating);
        }
        assert_eq!(last.cnorm, 0.0);
        // Cancelled monitors are dropped and no longer called.
        tao.cancel_monitors()?;
        let before = seen.len();
        drop(seen);
        tao.solve()?.check()?;
        assert_eq!(log_len(&second), before);
        Ok(())
    }

    fn log_len(c: &Rc<RefCell<usize>>) -> usize {
        *c.borrow()
    }

    fn options_database(petsc: &Petsc) -> petsc::Result<()> {
        let opts = petsc.options();
        opts.set_value("-rs_tao_type", "bncg")?;
        opts.set_value("-rs_tao_gatol", "1e-9")?;
        opts.set_value("-rs_tao_max_it", "777")?;
        let (mut tao, x) = rosen2_solver(petsc, TaoType::Lmvm)?;
        tao.set_options_prefix("rs_")?;
        tao.set_from_options()?;
        opts.clear_value("-rs_tao_type")?;
        opts.clear_value("-rs_tao_gatol")?;
        opts.clear_value("-rs_tao_max_it")?;
        assert_eq!(tao.ty()?, Some(TaoType::Bncg));
        assert_eq!(tao.tolerances()?.gatol, Some(1e-9));
        assert_eq!(tao.max_iterations()?, 777);
        tao.solve()?.check()?;
        assert_ones(&x, 1e-4)?;
        // No type at all: set_from_options picks lmvm, and so does solve.
        let (mut tao, x) = rosen2_solver(petsc, TaoType::Lmvm)?;
        let mut fresh = Tao::new(&petsc.self_comm())?;
        assert_eq!(fresh.ty()?, None);
        fresh.set_solution(&x)?;
        fresh.set_objective_and_gradient(rosen2)?;
        fresh.solve()?.check()?;
        assert_eq!(fresh.ty()?, Some(TaoType::Lmvm));
        tao.set_from_options()?;
        assert_eq!(tao.ty()?, Some(TaoType::Lmvm));
        Ok(())
    }

    /// An options prefix reaches the inner Krylov solver and its preconditioner whether
    /// it is set after the type (then they read `-inner_ksp_type`, as in C) or before
    /// (then `-inner_tao_nls_ksp_type`); the options are read, not left unused. Set
    /// through the generic `Object` method after the type, it did not reach them.
    fn options_prefix_reaches_ksp(petsc: &Petsc) -> petsc::Result<()> {
        let opts = petsc.options();
        let names = [
            "-inner_tao_max_it",
            "-inner_ksp_type",
            "-inner_pc_type",
            "-inner_tao_nls_ksp_type",
            "-inner_tao_nls_pc_type",
        ];
        let result = (|| {
            opts.insert_string(
                "-inner_tao_max_it 321 -inner_ksp_type cg -inner_pc_type jacobi \
                 -inner_tao_nls_ksp_type minres -inner_tao_nls_pc_type none",
            )?;
            let unused = || -> petsc::Result<Vec<String>> {
                Ok(opts
                    .unused()?
                    .into_iter()
                    .map(|(n, _)| n)
                    .filter(|n| n.starts_with("-inner_"))
                    .collect())
            };
            // After the type.
            let (mut tao, x) = rosen2_solver(petsc, TaoType::Nls)?;
            tao.set_options_prefix("inner_")?;
            assert_eq!(tao.options_prefix()?, "inner_");
            tao.set_from_options()?;
            let ksp = tao.ksp()?.expect("nls has a KSP");
            assert_eq!(ksp.options_prefix()?, "inner_");
            assert_eq!(ksp.ty()?, Some(petsc::KspType::Cg));
            assert_eq!(ksp.pc()?.ty()?, Some(petsc::PcType::Jacobi));
            assert_eq!(tao.max_iterations()?, 321);
            let left = unused()?;
            for used in ["-inner_tao_max_it", "-inner_ksp_type", "-inner_pc_type"] {
                assert!(!left.iter().any(|n| n == used), "{used} unused: {left:?}");
            }
            set_rosen2_hessian(&mut tao)?;
            tao.solve()?.check()?;
            assert_ones(&x, 1e-5)?;

            // Before the type.
            let mut tao = Tao::new(&petsc.self_comm())?;
            tao.set_options_prefix("inner_")?;
            tao.set_type(TaoType::Nls)?;
            tao.set_from_options()?;
            let ksp = tao.ksp()?.expect("nls has a KSP");
            assert_eq!(ksp.options_prefix()?, "inner_tao_nls_");
            assert_eq!(ksp.ty()?, Some(petsc::KspType::Minres));
            assert_eq!(ksp.pc()?.ty()?, Some(petsc::PcType::None));
            let left = unused()?;
            assert!(left.is_empty(), "unused: {left:?}");

            // Appended after the type: the inner KSP's prefix grows too.
            let mut tao = Tao::new(&petsc.self_comm())?;
            tao.set_type(TaoType::Nls)?;
            tao.append_options_prefix("inner_")?;
            assert_eq!(tao.ksp()?.unwrap().options_prefix()?, "tao_nls_inner_");
            Ok(())
        })();
        for n in names {
            opts.clear_value(n)?;
        }
        result
    }

    fn types_and_ksp(petsc: &Petsc) -> petsc::Result<()> {
        let mut tao = Tao::new(&petsc.self_comm())?;
        for name in TaoType::NAMES {
            tao.set_type_name(name)?;
            assert_eq!(&tao.type_name()?, name);
        }
        tao.set_type(TaoType::Lmvm)?;
        let e = tao.set_type_name("nosuchtao").unwrap_err();
        assert!(e.report().contains("unknown Tao type 'nosuchtao'"), "{e}");
        let e = tao.set_type(TaoType::Other("other".into())).unwrap_err();
        assert!(e.report().contains("'other'"), "{e}");
        assert_eq!(tao.ty()?, Some(TaoType::Lmvm));
        assert!(tao.ksp()?.is_none());
        tao.set_type(TaoType::Nls)?;
        let mut ksp = tao.ksp()?.expect("nls has a KSP");
        ksp.set_tolerances(petsc::KspTolerances {
            rtol: Some(1e-3),
            ..Default::default()
        })?;
        drop(tao);
        // The KSP handle outlives its solver.
        assert_eq!(ksp.tolerances()?.rtol, Some(1e-3));
        Ok(())
    }

    fn missing_routines(petsc: &Petsc) -> petsc::Result<()> {
        let c = petsc.self_comm();
        let x = Vector::from_slice(&c, &[0.0, 0.0])?;
        let expect = |tao: &mut Tao, what: &str| {
            let e = tao.solve().unwrap_err();
            assert!(matches!(e, Error::InvalidArgument { .. }), "{e:?}");
            assert!(e.report().contains(what), "expected '{what}' in: {e}");
        };
        let mut tao = Tao::new(&c)?;
        tao.set_type(TaoType::Nls)?;
        expect(&mut tao, "set_solution");
        tao.set_solution(&x)?;
        expect(&mut tao, "needs an objective");
        tao.set_objective(rosen2_value)?;
        expect(&mut tao, "needs a gradient");
        tao.set_gradient(|x, g| rosen2(x, g).map(|_| ()))?;
        expect(&mut tao, "Tao type 'nls' needs a Hessian");
        for ty in [TaoType::Ntr, TaoType::Tron, TaoType::Gpcg] {
            tao.set_type(ty.clone())?;
            expect(&mut tao, &format!("Tao type '{ty}' needs a Hessian"));
        }
        // lmvm without a gradient.
        let mut tao = Tao::new(&c)?;
        tao.set_type(TaoType::Lmvm)?;
        tao.set_solution(&x)?;
        tao.set_objective(rosen2_value)?;
        expect(&mut tao, "Tao type 'lmvm' needs a gradient");
        // Now it has one and works.
        tao.set_gradient(|x, g| rosen2(x, g).map(|_| ()))?;
        tao.set_tolerances(gatol(1e-10))?;
        tao.solve()?.check()?;
        assert_ones(&x, 1e-5)?;
        // Least squares without residual / Jacobian.
        let r = Vector::new_seq(&c, 3)?;
        let mut tao = Tao::new(&c)?;
        tao.set_type(TaoType::Brgn)?;
        tao.set_solution(&x)?;
        expect(&mut tao, "needs a least-squares residual");
        tao.set_residual(&r, |_, r| r.set(0.0))?;
        expect(&mut tao, "needs the Jacobian of the residual");
        let mut p = Tao::new(&c)?;
        p.set_type(TaoType::Pounders)?;
        p.set_solution(&x)?;
        expect(&mut p, "needs a least-squares residual");
        // set_hessian_mult needs the solution first.
        let mut q = Tao::new(&c)?;
        let e = q.set_hessian_mult(|_, _, _| Ok(())).unwrap_err();
        assert!(e.report().contains("set_solution"), "{e}");
        Ok(())
    }

    fn wrong_sizes(petsc: &Petsc) -> petsc::Result<()> {
        let w = petsc.world();
        let x = Vector::new_mpi(&w, None, Some(6))?;
        let bad = Vector::new_mpi(&w, None, Some(5))?;
        let good = x.duplicate()?;
        let mut tao = Tao::new(&w)?;
        tao.set_type(TaoType::Blmvm)?;
        tao.set_solution(&x)?;
        let e = tao.set_variable_bounds(Some(&bad), None).unwrap_err();
        assert!(matches!(e, Error::SizeMismatch { .. }), "{e:?}");
        assert!(
            e.report()
                .contains("the lower bound has global size 5 but the solution has 6"),
            "{e}"
        );
        let e = tao
            .set_variable_bounds(Some(&good), Some(&bad))
            .unwrap_err();
        assert!(
            e.report().contains("the upper bound has global size 5"),
            "{e}"
        );
        // Bounds first, then a solution of another size.
        let mut t2 = Tao::new(&w)?;
        t2.set_variable_bounds(Some(&bad), None)?;
        let e = t2.set_solution(&x).unwrap_err();
        assert!(
            e.report()
                .contains("the solution has global size 6 but the lower bound has 5"),
            "{e}"
        );
        // Crossed bounds.
        let mut hi = good.duplicate()?;
        hi.set(-1.0)?;
        let mut lo = good.duplicate()?;
        lo.set(1.0)?;
        let e = tao.set_variable_bounds(Some(&lo), Some(&hi)).unwrap_err();
        assert!(e.report().contains("exceeds the upper bound"), "{e}");
        // A Hessian of the wrong size.
        let h = Mat::aij(&w)
            .sizes(petsc::Sizes::global(5, 5))
            .preallocate(1, 0)
            .build()?;
        let e = tao.set_hessian(&h, None, |_, _| Ok(())).unwrap_err();
        assert!(
            e.report()
                .contains("the Hessian is 5 x 5 but the solution has global size 6"),
            "{e}"
        );
        // A residual Jacobian whose columns are not the variables.
        let j = Mat::aij(&w)
            .sizes(petsc::Sizes::global(4, 5))
            .preallocate(1, 0)
            .build()?;
        let e = tao
            .set_jacobian_residual(&j, None, |_, _| Ok(()))
            .unwrap_err();
        assert!(
            e.report()
                .contains("5 columns but the solution has global size 6"),
            "{e}"
        );
        // Gradient check points of the wrong size.
        let mut g = bad.duplicate()?;
        let e = tao.compute_gradient(&bad, &mut g).unwrap_err();
        assert!(matches!(e, Error::SizeMismatch { .. }), "{e:?}");
        // Both None removes the bounds; the right ones are accepted.
        tao.set_variable_bounds(Some(&good), None)?;
        assert!(tao.variable_bounds()?.is_some());
        tao.set_variable_bounds(None, None)?;
        assert!(tao.variable_bounds()?.is_none());
        Ok(())
    }

    /// Lmvm from (-1.2, 1) after `tao` failed: the same solver, with good closures, solves.
    fn solves_again(tao: &mut Tao, x: &Vector) -> petsc::Result<()> {
        let mut sol = tao.solution()?;
        sol.view_mut()?.copy_from_slice(&[-1.2, 1.0]);
        tao.cancel_monitors()?;
        tao.set_objective(rosen2_value)?;
        tao.set_gradient(|x, g| rosen2(x, g).map(|_| ()))?;
        tao.set_objective_and_gradient(rosen2)?;
        tao.solve()?.check()?;
        assert_ones(x, 1e-5)
    }

    fn failing_callbacks(petsc: &Petsc) -> petsc::Result<()> {
        // The objective returns Err on its 5th call.
        let (mut tao, x) = rosen2_solver(petsc, TaoType::Lmvm)?;
        let mut calls = 0;
        tao.set_objective_and_gradient(move |x, g| {
            calls += 1;
            if calls == 5 {
                return Err(Error::user("objective undefined here"));
            }
            rosen2(x, g)
        })?;
        let e = tao.solve().unwrap_err();
        match &e {
            Error::Callback { callback, source } => {
                assert_eq!(callback, "Tao objective and gradient");
                assert_eq!(source.to_string(), "objective undefined here");
            }
            other => panic!("expected Error::Callback, got {other:?}"),
        }
        solves_again(&mut tao, &x)?;

        // Separate objective that panics (Nelder-Mead calls only the objective).
        let c = petsc.self_comm();
        let y = Vector::from_slice(&c, &[-1.2, 1.0])?;
        let mut nm = Tao::new(&c)?;
        nm.set_type(TaoType::Nm)?;
        nm.set_solution(&y)?;
        let mut calls = 0;
        nm.set_objective(move |x| {
            calls += 1;
            if calls == 7 {
                panic!("objective exploded");
            }
            rosen2_value(x)
        })?;
        let e = nm.solve().unwrap_err();
        assert!(
            matches!(&e, Error::CallbackPanic { callback, message } if callback == "Tao objective" && message == "objective exploded"),
            "{e:?}"
        );
        nm.set_objective(rosen2_value)?;
        nm.set_tolerances(gatol(1e-14))?;
        nm.solution()?.view_mut()?.copy_from_slice(&[-1.2, 1.0]);
        nm.set_max_iterations(20000)?;
        nm.set_max_function_evaluations(100000)?;
        nm.solve()?.check()?;
        assert_ones(&y, 1e-5)?;

        // A gradient that fails, a Hessian that panics, a monitor that fails.
        let x = Vector::from_slice(&c, &[-1.2, 1.0])?;
        let mut tao = Tao::new(&c)?;
        tao.set_type(TaoType::Lmvm)?;
        tao.set_solution(&x)?;
        tao.set_tolerances(gatol(1e-12))?;
        tao.set_objective(rosen2_value)?;
        tao.set_gradient(|_, _| Err(Error::user("no gradient today")))?;
        let e = tao.solve().unwrap_err();
        assert!(
            matches!(&e, Error::Callback { callback, .. } if callback == "Tao gradient"),
            "{e:?}"
        );
        assert!(e.report().contains("no gradient today"), "{e}");
        solves_again(&mut tao, &x)?;

        let (mut tao, x) = rosen2_solver(petsc, TaoType::Nls)?;
        let h = Mat::aij(&c)
            .sizes(petsc::Sizes::global(2, 2))
            .preallocate(2, 0)
            .build()?;
        tao.set_hessian(&h, None, |_, _| panic!("Hessian exploded"))?;
        let e = tao.solve().unwrap_err();
        assert!(
            matches!(&e, Error::CallbackPanic { callback, message } if callback == "Tao Hessian" && message == "Hessian exploded"),
            "{e:?}"
        );
        tao.set_type(TaoType::Lmvm)?;
        solves_again(&mut tao, &x)?;

        let (mut tao, x) = rosen2_solver(petsc, TaoType::Lmvm)?;
        tao.monitor(|s| {
            if s.iteration == 3 {
                Err(Error::user("monitor stop"))
            } else {
                Ok(())
            }
        })?;
        let e = tao.solve().unwrap_err();
        assert!(
            matches!(&e, Error::Callback { callback, .. } if callback == "Tao monitor"),
            "{e:?}"
        );
        solves_again(&mut tao, &x)?;

        // Residual failing in brgn.
        let r = Vector::new_seq(&c, 2)?;
        let j = Mat::aij(&c)
            .sizes(petsc::Sizes::global(2, 2))
            .preallocate(2, 0)
            .build()?;
        let z = Vector::from_slice(&c, &[0.0, 0.0])?;
        let mut ls = Tao::new(&c)?;
        ls.set_type(TaoType::Brgn)?;
        ls.set_solution(&z)?;
        ls.set_residual(&r, |_, _| Err(Error::user("bad data")))?;
        ls.set_jacobian_residual(&j, None, |_, _| Ok(()))?;
        let e = ls.solve().unwrap_err();
        assert!(
            e.report().contains("Tao residual") && e.report().contains("bad data"),
            "{e}"
        );
        Ok(())
    }

    /// How the closures of [`repeated_failures`] behave on their next call.
    #[derive(Clone, Copy, PartialEq, Debug)]
    enum Mode {
        Work,
        ProductFails,
        ProductPanics,
        ObjectiveFails,
        MonitorFails,
    }

    /// The same Newton solver (nls, its Hessian given as products, so its inner Krylov
    /// solve calls a Rust closure) fails three times in a row in each way (the product
    /// inside the Krylov solve returning `Err` or panicking, the Hessian routine, the
    /// objective, a monitor), then solves Rosenbrock in as many iterations as a fresh
    /// solver. A failure inside the Krylov solve used to leave its PC's pre-solve count
    /// raised, and the third made every later solve fail.
    fn repeated_failures(petsc: &Petsc) -> petsc::Result<()> {
        let mode = Rc::new(RefCell::new(Mode::Work));
        let newton = |mode: Rc<RefCell<Mode>>| -> petsc::Result<(Tao, Vector)> {
            let (mut tao, x) = rosen2_solver(petsc, TaoType::Nls)?;
            let m = mode.clone();
            tao.set_objective_and_gradient(move |x, g| {
                if *m.borrow() == Mode::ObjectiveFails {
                    return Err(Error::user("objective failed"));
                }
                rosen2(x, g)
            })?;
            let m = mode.clone();
            let shell = tao.set_hessian_mult(move |x, v, hv| {
                match *m.borrow() {
                    Mode::ProductFails => return Err(Error::user("product failed")),
                    Mode::ProductPanics => panic!("product panicked"),
                    _ => {}
                }
                let (a, b) = {
                    let xv = x.view()?;
                    (xv[0], xv[1])
                };
                let h = rosen2_hessian(a, b);
                let (v0, v1) = {
                    let vv = v.view()?;
                    (vv[0], vv[1])
                };
                hv.view_mut()?
                    .copy_from_slice(&[h[0] * v0 + h[1] * v1, h[2] * v0 + h[3] * v1]);
                Ok(())
            })?;
            drop(shell);
            let m = mode;
            tao.monitor(move |s| {
                if *m.borrow() == Mode::MonitorFails && s.iteration == 2 {
                    return Err(Error::user("monitor failed"));
                }
                Ok(())
            })?;
            // CG, not nls's default trust-region Krylov method: then every product is
            // made inside a Krylov solve (none estimates an initial trust radius).
            let mut ksp = tao.ksp()?.expect("nls has a KSP");
            ksp.set_type(petsc::KspType::Cg)?;
            ksp.pc()?.set_type(petsc::PcType::None)?;
            Ok((tao, x))
        };
        let restart = |tao: &Tao| -> petsc::Result<()> {
            let mut x = tao.solution()?;
            x.view_mut()?.copy_from_slice(&[-1.2, 1.0]);
            Ok(())
        };
        // A fresh solver's run, to compare with.
        let (mut fresh, fx) = newton(Rc::new(RefCell::new(Mode::Work)))?;
        fresh.solve()?.check()?;
        assert_ones(&fx, 1e-5)?;
        let its = fresh.iteration_number()?;

        let (mut tao, x) = newton(mode.clone())?;
        let kinds = [
            (Mode::ProductFails, "product failed"),
            (Mode::ProductPanics, "product panicked"),
            (Mode::ObjectiveFails, "objective failed"),
            (Mode::MonitorFails, "monitor failed"),
        ];
        for (kind, text) in kinds {
            for round in 0..3 {
                restart(&tao)?;
                *mode.borrow_mut() = kind;
                let r = tao.solve();
                *mode.borrow_mut() = Mode::Work;
                let e = r.expect_err("a failing closure");
                assert!(e.report().contains(text), "{kind:?} {round}: {e}");
            }
            restart(&tao)?;
            let reason = tao
                .solve()
                .map_err(|e| Error::user(format!("after 3 x {kind:?}: {e}")))?;
            assert!(reason.is_converged(), "after 3 x {kind:?}: {reason}");
            assert_ones(&x, 1e-5)?;
            assert_eq!(tao.iteration_number()?, its, "after 3 x {kind:?}");
        }
        Ok(())
    }

    /// The gradient agrees with central differences of the objective.
    fn gradient_check(petsc: &Petsc) -> petsc::Result<()> {
        let (mut tao, _) = chained_solver(petsc, TaoType::Lmvm)?;
        let x0 = tao.solution()?;
        let mut g = x0.duplicate()?;
        tao.compute_gradient(&x0, &mut g)?;
        let ga = g.to_all()?;
        let h = 1e-6;
        for i in 0..CHAIN_N {
            let mut xp = x0.duplicate()?;
            xp.copy_from(&x0)?;
            let mut e = x0.duplicate()?;
            e.set(0.0)?;
            if e.ownership_range()?.contains(&i) {
                e.set_values(&[i], &[h], InsertMode::Insert)?;
            }
            e.assemble()?;
            xp.axpy(1.0, &e)?;
            let fp = tao.compute_objective(&xp)?;
            xp.axpy(-2.0, &e)?;
            let fm = tao.compute_objective(&xp)?;
            let fd = (fp - fm) / (2.0 * h);
            let an = ga.view()?[i as usize];
            assert!(
                (fd - an).abs() <= 1e-5 * an.abs().max(1.0),
                "i={i}: fd {fd} vs {an}"
            );
        }
        let n = g.norm(NormType::Two)?;
        assert!(n > 0.0);
        Ok(())
    }

    fn reasons(_petsc: &Petsc) -> petsc::Result<()> {
        assert_eq!(
            TaoConvergedReason::from_raw(-2),
            TaoConvergedReason::DivergedMaxits
        );
        assert_eq!(
            TaoConvergedReason::DivergedMaxits.to_string(),
            "DIVERGED_MAXITS"
        );
        assert_eq!(
            TaoConvergedReason::Unknown(42).to_string(),
            "TaoConvergedReason(42)"
        );
        Ok(())
    }

    fn max_iterations_reason(petsc: &Petsc) -> petsc::Result<()> {
        let (mut tao, _x) = rosen2_solver(petsc, TaoType::Lmvm)?;
        tao.set_max_iterations(3)?;
        // Not converging is not an error: the solve returns the reason, and `check`
        // makes it one.
        let reason = tao.solve()?;
        assert_eq!(reason, TaoConvergedReason::DivergedMaxits);
        assert_eq!(tao.converged_reason()?, reason);
        assert_eq!(tao.iteration_number()?, 3);
        match &reason.check() {
            Err(Error::NotConverged { solver, reason }) => {
                assert_eq!(
                    (solver.as_str(), reason.as_str()),
                    ("Tao", "DIVERGED_MAXITS")
                );
            }
            other => panic!("expected NotConverged, got {other:?}"),
        }
        // A converged solve passes `check` (a tolerance well above the rounding floor,
        // see `assert_lmvm_finished`).
        tao.set_tolerances(gatol(1e-6))?;
        tao.set_max_iterations(1000)?;
        tao.solve()?.check()?;
        assert!(tao.converged_reason()?.is_converged());
        Ok(())
    }

    // ----- Settings, evaluations, constraints, convergence control, line searches -----

    /// `sum_i (x_i - t_i)^2` over a distributed vector, `t_i = target(i)`; the objective
    /// and gradient closure for `x`'s layout.
    fn sum_squares(
        x: &Vector,
        target: fn(usize) -> f64,
    ) -> petsc::Result<impl FnMut(&Vector, &mut Vector) -> petsc::Result<f64> + 'static> {
        let lo = x.ownership_range()?.start as usize;
        Ok(move |x: &Vector, g: &mut Vector| {
            let v = x.view()?;
            let mut gv = g.view_mut()?;
            let mut f = 0.0;
            for k in 0..v.len() {
                let d = v[k] - target(lo + k);
                f += d * d;
                gv[k] = 2.0 * d;
            }
            drop(v);
            let mut total = 0.0;
            petsc_allreduce_sum(&x.comm(), f, &mut total);
            Ok(total)
        })
    }

    fn bound_target(i: usize) -> f64 {
        [-2.0, 0.5, 3.0, -0.25, 1.5, -1.0, 0.0][i]
    }

    /// Bounds from a routine, the clamped minimizer, and the bound multipliers: at the
    /// active bounds they carry |grad f|, elsewhere zero.
    fn bounds_routine_and_duals(petsc: &Petsc) -> petsc::Result<()> {
        let n = 7;
        let w = petsc.world();
        let x = Vector::new_mpi(&w, None, Some(n))?;
        let mut tao = Tao::new(&w)?;
        tao.set_type(TaoType::Blmvm)?;
        tao.set_solution(&x)?;
        tao.set_objective_and_gradient(sum_squares(&x, bound_target)?)?;
        let calls = Rc::new(RefCell::new(0usize));
        let seen = calls.clone();
        tao.set_variable_bounds_routine(move |lo, hi| {
            *seen.borrow_mut() += 1;
            lo.set(-1.0)?;
            hi.set(1.0)
        })?;
        let (mut lo, mut hi) = (x.duplicate()?, x.duplicate()?);
        tao.compute_variable_bounds(&mut lo, &mut hi)?;
        assert_eq!(*calls.borrow(), 1);
        // A failing bounds closure: Err naming it; then the working one again.
        let mut plain = Tao::new(&w)?;
        plain.set_solution(&x)?;
        plain.set_variable_bounds_routine(|_, _| Err(Error::user("no bounds today")))?;
        let e = plain.compute_variable_bounds(&mut lo, &mut hi).unwrap_err();
        assert!(
            matches!(&e, Error::Callback { callback, .. } if callback == "Tao variable bounds"),
            "{e:?}"
        );
        assert_eq!((lo.min()?.value, lo.max()?.value), (-1.0, -1.0));
        assert_eq!((hi.min()?.value, hi.max()?.value), (1.0, 1.0));
        tao.set_tolerances(gatol(1e-10))?;
        tao.solve()?.check()?;
        let all = x.to_all()?;
        for (i, v) in all.view()?.iter().enumerate() {
            let expect = bound_target(i).clamp(-1.0, 1.0);
            assert!((v - expect).abs() < 1e-8, "x[{i}] = {v}, expected {expect}");
        }
        let (mut dl, mut du) = (x.duplicate()?, x.duplicate()?);
        tao.compute_dual_variables(&mut dl, &mut du)?;
        let (dl, du) = (dl.to_all()?, du.to_all()?);
        let (dl, du) = (dl.view()?, du.view()?);
        for i in 0..n as usize {
            let t = bound_target(i);
            let expect = 2.0 * (t - t.clamp(-1.0, 1.0)).abs();
            assert!(dl[i] >= 0.0 && du[i] >= 0.0, "{i}: {} {}", dl[i], du[i]);
            assert!(
                (dl[i] + du[i] - expect).abs() < 1e-6,
                "multiplier {i}: {} + {} != {expect}",
                dl[i],
                du[i]
            );
        }
        // Wrong sizes and one vector for both are refused before PETSc.
        let mut short = Vector::new_mpi(&w, None, Some(n - 1))?;
        let e = tao.compute_dual_variables(&mut short, &mut hi).unwrap_err();
        assert!(e.report().contains("global size"), "{e}");
        let mut same = tao.solution()?;
        let mut same2 = tao.solution()?;
        let e = tao
            .compute_dual_variables(&mut same, &mut same2)
            .unwrap_err();
        assert!(e.report().contains("same vector"), "{e}");
        // Without bounds, compute_variable_bounds says so.
        let mut plain = Tao::new(&w)?;
        plain.set_solution(&x)?;
        let e = plain.compute_variable_bounds(&mut lo, &mut hi).unwrap_err();
        assert!(e.report().contains("no bounds"), "{e}");
        Ok(())
    }

    /// Every `compute_*` against hand-computed values.
    fn compute_routines(petsc: &Petsc) -> petsc::Result<()> {
        let c = petsc.self_comm();
        // f = x0^2 x1 + 3 x1^2: g = (2 x0 x1, x0^2 + 6 x1), H = [[2 x1, 2 x0], [2 x0, 6]].
        let x = Vector::from_slice(&c, &[2.0, -1.0])?;
        let mut tao = Tao::new(&c)?;
        tao.set_solution(&x)?;
        tao.set_objective_and_gradient(|x, g| {
            let (a, b) = {
                let v = x.view()?;
                (v[0], v[1])
            };
            g.view_mut()?
                .copy_from_slice(&[2.0 * a * b, a * a + 6.0 * b]);
            Ok(a * a * b + 3.0 * b * b)
        })?;
        let h = Mat::aij(&c)
            .sizes(petsc::Sizes::global(2, 2))
            .preallocate(2, 0)
            .build()?;
        tao.set_hessian(&h, None, |x, mats| {
            let (a, b) = {
                let v = x.view()?;
                (v[0], v[1])
            };
            // Both matrices when they are distinct, as a C routine does (PETSc 3.26 copies
            // the operator it is given, which must then be assembled).
            let (pre, op) = mats.split();
            for m in std::iter::once(pre).chain(op) {
                m.set_values(
                    &[0, 1],
                    &[0, 1],
                    &[2.0 * b, 2.0 * a, 2.0 * a, 6.0],
                    InsertMode::Insert,
                )?;
                m.assemble()?;
            }
            Ok(())
        })?;
        let p = Vector::from_slice(&c, &[1.0, 3.0])?;
        let mut g = p.duplicate()?;
        assert_eq!(tao.compute_objective_gradient(&p, &mut g)?, 30.0);
        assert_eq!(&*g.view()?, &[6.0, 19.0]);
        assert_eq!(tao.compute_objective(&p)?, 30.0);
        let mut hm = Mat::aij(&c)
            .sizes(petsc::Sizes::global(2, 2))
            .preallocate(2, 0)
            .build()?;
        let mut pm = Mat::aij(&c)
            .sizes(petsc::Sizes::global(2, 2))
            .preallocate(2, 0)
            .build()?;
        tao.compute_hessian(&p, &mut hm, Some(&mut pm))?;
        assert_eq!(pm.values(&[0, 1], &[0, 1])?, vec![6.0, 2.0, 2.0, 6.0]);
        assert_eq!(hm.values(&[0, 1], &[0, 1])?, vec![6.0, 2.0, 2.0, 6.0]);
        tao.compute_hessian(&p, &mut hm, None)?;
        assert_eq!(hm.values(&[0, 1], &[0, 1])?, vec![6.0, 2.0, 2.0, 6.0]);
        let (hh, hp) = tao.hessian()?.expect("a Hessian");
        assert!(hp.is_none());
        assert_eq!(hh.size()?, (2, 2));
        let mut wrong = Mat::aij(&c)
            .sizes(petsc::Sizes::global(3, 3))
            .preallocate(1, 0)
            .build()?;
        let e = tao.compute_hessian(&p, &mut wrong, None).unwrap_err();
        assert!(e.report().contains("columns"), "{e}");
        let short = Vector::from_slice(&c, &[1.0])?;
        assert!(tao.compute_objective_gradient(&short, &mut g).is_err());

        // Residual of a 3-point line fit, r_i = a t_i + b - y_i.
        let r = Vector::from_slice(&c, &[0.0; 3])?;
        tao.set_residual(&r, |x, r| {
            let (a, b) = {
                let v = x.view()?;
                (v[0], v[1])
            };
            for (i, ri) in r.view_mut()?.iter_mut().enumerate() {
                *ri = a * i as f64 + b - [1.0, 3.0, 5.0][i];
            }
            Ok(())
        })?;
        let mut out = r.duplicate()?;
        tao.compute_residual(&p, &mut out)?;
        assert_eq!(&*out.view()?, &[2.0, 1.0, 0.0]);

        // Constraints: c(x) = (x0 + x1, x0 x1), J = [[1, 1], [x1, x0]]; equality
        // constraint e(x) = x0 - x1 with J = [1, -1]; inequality i(x) = 4 - x0^2.
        let cv = Vector::from_slice(&c, &[0.0; 2])?;
        tao.set_constraints(&cv, |x, c| {
            let v = x.view()?;
            c.view_mut()?.copy_from_slice(&[v[0] + v[1], v[0] * v[1]]);
            Ok(())
        })?;
        let j = Mat::aij(&c)
            .sizes(petsc::Sizes::global(2, 2))
            .preallocate(2, 0)
            .build()?;
        tao.set_jacobian(&j, None, |x, mats| {
            let (a, b) = {
                let v = x.view()?;
                (v[0], v[1])
            };
            let m = mats.pre();
            m.set_values(&[0, 1], &[0, 1], &[1.0, 1.0, b, a], InsertMode::Insert)?;
            m.assemble()
        })?;
        let mut cout = cv.duplicate()?;
        tao.compute_constraints(&p, &mut cout)?;
        assert_eq!(&*cout.view()?, &[4.0, 3.0]);
        let mut jout = Mat::aij(&c)
            .sizes(petsc::Sizes::global(2, 2))
            .preallocate(2, 0)
            .build()?;
        tao.compute_jacobian(&p, &mut jout, None)?;
        assert_eq!(jout.values(&[0, 1], &[0, 1])?, vec![1.0, 1.0, 3.0, 1.0]);

        let ev = Vector::from_slice(&c, &[0.0])?;
        tao.set_equality_constraints(&ev, |x, c| {
            let v = x.view()?;
            c.view_mut()?[0] = v[0] - v[1];
            Ok(())
        })?;
        let je = Mat::aij(&c)
            .sizes(petsc::Sizes::global(1, 2))
            .preallocate(2, 0)
            .build()?;
        tao.set_jacobian_equality(&je, None, |_x, mats| {
            let m = mats.pre();
            m.set_values(&[0], &[0, 1], &[1.0, -1.0], InsertMode::Insert)?;
            m.assemble()
        })?;
        let iv = Vector::from_slice(&c, &[0.0])?;
        tao.set_inequality_constraints(&iv, |x, c| {
            let v = x.view()?;
            c.view_mut()?[0] = 4.0 - v[0] * v[0];
            Ok(())
        })?;
        let ji = Mat::aij(&c)
            .sizes(petsc::Sizes::global(1, 2))
            .preallocate(2, 0)
            .build()?;
        tao.set_jacobian_inequality(&ji, None, |x, mats| {
            let a = x.view()?[0];
            let m = mats.pre();
            m.set_values(&[0], &[0, 1], &[-2.0 * a, 0.0], InsertMode::Insert)?;
            m.assemble()
        })?;
        let mut eout = ev.duplicate()?;
        tao.compute_equality_constraints(&p, &mut eout)?;
        assert_eq!(eout.view()?[0], -2.0);
        let mut iout = iv.duplicate()?;
        tao.compute_inequality_constraints(&p, &mut iout)?;
        assert_eq!(iout.view()?[0], 3.0);
        let mut jeo = Mat::aij(&c)
            .sizes(petsc::Sizes::global(1, 2))
            .preallocate(2, 0)
            .build()?;
        tao.compute_jacobian_equality(&p, &mut jeo, None)?;
        assert_eq!(jeo.values(&[0], &[0, 1])?, vec![1.0, -1.0]);
        let mut jio = Mat::aij(&c)
            .sizes(petsc::Sizes::global(1, 2))
            .preallocate(2, 0)
            .build()?;
        tao.compute_jacobian_inequality(&p, &mut jio, None)?;
        assert_eq!(jio.values(&[0], &[0, 1])?, vec![-2.0, 0.0]);

        // The vectors and matrices given are handed back.
        assert_eq!(tao.equality_constraints()?.unwrap().as_raw(), ev.as_raw());
        assert_eq!(tao.inequality_constraints()?.unwrap().as_raw(), iv.as_raw());
        let (jj, jp) = tao.jacobian_equality()?.unwrap();
        assert!(jj.as_raw() == je.as_raw() && jp.is_none());
        let pi = Mat::aij(&c)
            .sizes(petsc::Sizes::global(1, 2))
            .preallocate(2, 0)
            .build()?;
        tao.set_jacobian_inequality(&ji, Some(&pi), |x, mats| {
            let a = x.view()?[0];
            let pre = mats.pre();
            pre.set_values(&[0], &[0, 1], &[-2.0 * a, 0.0], InsertMode::Insert)?;
            pre.assemble()?;
            let op = mats.op().expect("a distinct operator");
            op.set_values(&[0], &[0, 1], &[-2.0 * a, 0.0], InsertMode::Insert)?;
            op.assemble()
        })?;
        let (jj, jp) = tao.jacobian_inequality()?.unwrap();
        assert_eq!(jj.as_raw(), ji.as_raw());
        assert_eq!(jp.unwrap().as_raw(), pi.as_raw());
        let mut jio2 = Mat::aij(&c)
            .sizes(petsc::Sizes::global(1, 2))
            .preallocate(2, 0)
            .build()?;
        let mut jip2 = Mat::aij(&c)
            .sizes(petsc::Sizes::global(1, 2))
            .preallocate(2, 0)
            .build()?;
        tao.compute_jacobian_inequality(&p, &mut jio2, Some(&mut jip2))?;
        assert_eq!(jio2.values(&[0], &[0, 1])?, vec![-2.0, 0.0]);
        assert_eq!(jip2.values(&[0], &[0, 1])?, vec![-2.0, 0.0]);

        // State and design Jacobians (lcl): c(u, d) = u0 - d^2 with u = x0, d = x1.
        tao.set_state_design_is(
            &petsc::IndexSet::new_general(&c, &[0])?,
            &petsc::IndexSet::new_general(&c, &[1])?,
        )?;
        let mut js = Mat::aij(&c)
            .sizes(petsc::Sizes::global(1, 1))
            .preallocate(1, 0)
            .build()?;
        let e = tao.compute_jacobian_state(&p, &mut js, None).unwrap_err();
        assert!(e.report().contains("set_jacobian_state"), "{e}");
        tao.set_jacobian_state(&js, None, |_, m| {
            m.pre().set_values(&[0], &[0], &[1.0], InsertMode::Insert)?;
            m.pre().assemble()
        })?;
        let jd = Mat::aij(&c)
            .sizes(petsc::Sizes::global(1, 1))
            .preallocate(1, 0)
            .build()?;
        tao.set_jacobian_design(&jd, |x, m| {
            let d = x.view()?[1];
            m.set_values(&[0], &[0], &[-2.0 * d], InsertMode::Insert)?;
            m.assemble()
        })?;
        let mut jso = Mat::aij(&c)
            .sizes(petsc::Sizes::global(1, 1))
            .preallocate(1, 0)
            .build()?;
        tao.compute_jacobian_state(&p, &mut jso, None)?;
        assert_eq!(jso.values(&[0], &[0])?, vec![1.0]);
        let mut jdo = Mat::aij(&c)
            .sizes(petsc::Sizes::global(1, 1))
            .preallocate(1, 0)
            .build()?;
        tao.compute_jacobian_design(&p, &mut jdo)?;
        assert_eq!(jdo.values(&[0], &[0])?, vec![-6.0]);

        // A Jacobian whose columns do not match the solution is refused.
        let bad = Mat::aij(&c)
            .sizes(petsc::Sizes::global(1, 3))
            .preallocate(3, 0)
            .build()?;
        let e = tao
            .set_jacobian_equality(&bad, None, |_, _| Ok(()))
            .unwrap_err();
        assert!(e.report().contains("3 columns"), "{e}");

        // A failing constraint closure: Err naming it, and it works afterwards.
        let mut calls = 0;
        tao.set_equality_constraints(&ev, move |x, c| {
            calls += 1;
            if calls == 1 {
                return Err(Error::user("constraint undefined"));
            }
            c.view_mut()?[0] = x.view()?[0] - x.view()?[1];
            Ok(())
        })?;
        let e = tao.compute_equality_constraints(&p, &mut eout).unwrap_err();
        assert!(
            matches!(&e, Error::Callback { callback, .. } if callback == "Tao equality constraints"),
            "{e:?}"
        );
        tao.compute_equality_constraints(&p, &mut eout)?;
        assert_eq!(eout.view()?[0], -2.0);
        // No routine set: PETSc's error, no crash.
        let mut bare = Tao::new(&c)?;
        bare.set_solution(&x)?;
        assert!(bare.compute_constraints(&p, &mut cout).is_err());
        assert!(bare.compute_hessian(&p, &mut hm, None).is_err());
        Ok(())
    }

    /// min |x|^2 subject to sum(x) = 1 with almm (both formulations): x_i = 1/n, and
    /// one multiplier.
    fn equality_constrained_almm(petsc: &Petsc) -> petsc::Result<()> {
        let n: Int = 6;
        for ty in [petsc::TaoAlmmType::Classic, petsc::TaoAlmmType::Phr] {
            let w = petsc.world();
            let x = Vector::new_mpi(&w, None, Some(n))?;
            let ce = Vector::new_mpi(&w, None, Some(1))?;
            let mut a = Mat::aij(&w)
                .sizes(petsc::Sizes::local(ce.local_size()?, x.local_size()?).with_global(1, n))
                .preallocate(n, n)
                .build()?;
            for r in a.ownership_range()? {
                let cols: Vec<Int> = (0..n).collect();
                a.set_values(&[r], &cols, &vec![1.0; n as usize], InsertMode::Insert)?;
            }
            a.assemble()?;
            let mut tao = Tao::new(&w)?;
            tao.set_type(TaoType::Almm)?;
            tao.set_almm_type(ty)?;
            assert_eq!(tao.almm_type()?, ty);
            tao.set_solution(&x)?;
            tao.set_objective_and_gradient(sum_squares(&x, |_| 0.0)?)?;
            tao.set_equality_constraints(&ce, |x, c| {
                let s = x.sum()?;
                if let Some(v) = c.view_mut()?.first_mut() {
                    *v = s - 1.0;
                }
                Ok(())
            })?;
            tao.set_jacobian_equality(&a, None, |_x, _m| Ok(()))?;
            tao.set_tolerances(gatol(1e-6))?;
            tao.set_constraint_tolerances(Some(1e-6), Some(0.0))?;
            tao.set_from_options()?;
            let reason = tao.solve()?;
            assert!(reason.is_converged(), "{ty:?}: {reason}");
            let all = x.to_all()?;
            for (i, v) in all.view()?.iter().enumerate() {
                assert!((v - 1.0 / n as f64).abs() < 1e-5, "{ty:?}: x[{i}] = {v}");
            }
            // One multiplier (of the scaled problem ALMM solves), for the one constraint.
            assert_eq!(tao.almm_multipliers()?.size()?, 1);
            // A constraint closure failing mid-solve ends it with its message; with the
            // closure replaced, the same solver solves again.
            let mut calls = 0;
            tao.set_equality_constraints(&ce, move |x, c| {
                calls += 1;
                if calls == 3 {
                    panic!("constraint exploded");
                }
                let s = x.sum()?;
                if let Some(v) = c.view_mut()?.first_mut() {
                    *v = s - 1.0;
                }
                Ok(())
            })?;
            tao.solution()?.set(0.0)?;
            let e = tao.solve().unwrap_err();
            assert!(
                matches!(&e, Error::CallbackPanic { callback, message } if callback == "Tao equality constraints" && message == "constraint exploded"),
                "{e:?}"
            );
            tao.set_equality_constraints(&ce, |x, c| {
                let s = x.sum()?;
                if let Some(v) = c.view_mut()?.first_mut() {
                    *v = s - 1.0;
                }
                Ok(())
            })?;
            tao.solve()?.check()?;
            let all = x.to_all()?;
            for v in all.view()?.iter() {
                assert!((v - 1.0 / n as f64).abs() < 1e-5, "{ty:?} again: {v}");
            }
            assert!(tao.solution_status()?.cnorm < 1e-6);
        }
        Ok(())
    }

    /// min (x0 - 2)^2 + (x1 - 2)^2 subject to x0 + x1 <= 2 (as 2 - x0 - x1 >= 0) with
    /// pdipm: the minimizer (1, 1) is on the constraint. A missing Jacobian and missing
    /// bounds are named. (One process: PETSc 3.18's pdipm stalls on this problem on two.)
    fn inequality_constrained_pdipm(petsc: &Petsc) -> petsc::Result<()> {
        let n: Int = 2;
        let w = petsc.world();
        let x = Vector::new_mpi(&w, None, Some(n))?;
        let nl = x.local_size()?;
        let ci = Vector::new_mpi(&w, None, Some(1))?;
        let mut a = Mat::aij(&w)
            .sizes(petsc::Sizes::local(ci.local_size()?, nl).with_global(1, n))
            .preallocate(n, n)
            .build()?;
        for r in a.ownership_range()? {
            a.set_values(&[r], &[0, 1], &[-1.0, -1.0], InsertMode::Insert)?;
        }
        a.assemble()?;
        let mut tao = Tao::new(&w)?;
        tao.set_type(TaoType::Pdipm)?;
        tao.set_solution(&x)?;
        tao.set_objective_and_gradient(sum_squares(&x, |_| 2.0)?)?;
        // The Hessian of the Lagrangian: the constraint is linear, so 2 I.
        let h = Mat::aij(&w)
            .sizes(petsc::Sizes::local(nl, nl).with_global(n, n))
            .preallocate(1, 0)
            .build()?;
        tao.set_hessian(&h, None, |_, m| {
            let m = m.pre();
            for i in m.ownership_range()? {
                m.set_values(&[i], &[i], &[2.0], InsertMode::Insert)?;
            }
            m.assemble()
        })?;
        tao.set_inequality_constraints(&ci, |x, c| {
            let s = x.sum()?;
            if let Some(v) = c.view_mut()?.first_mut() {
                *v = 2.0 - s;
            }
            Ok(())
        })?;
        let e = tao.solve().unwrap_err();
        assert!(e.report().contains("set_jacobian_inequality"), "{e}");
        tao.set_jacobian_inequality(&a, None, |_x, _m| Ok(()))?;
        let e = tao.solve().unwrap_err();
        assert!(e.report().contains("variable bounds"), "{e}");
        let mut lower = x.duplicate()?;
        lower.set(-10.0)?;
        tao.set_variable_bounds(Some(&lower), None)?; // inactive bounds
        tao.set_tolerances(gatol(1e-8))?;
        tao.set_constraint_tolerances(Some(1e-8), Some(0.0))?;
        tao.set_from_options()?;
        let reason = tao.solve()?;
        assert!(reason.is_converged(), "{reason}");
        let all = x.to_all()?;
        for (i, v) in all.view()?.iter().enumerate() {
            assert!((v - 1.0).abs() < 1e-6, "x[{i}] = {v}");
        }
        Ok(())
    }

    /// A convergence test stopping at a given iteration, its failures, and PETSc's test
    /// back again; an update closure seeing every iteration, and its failures.
    fn convergence_test_and_update(petsc: &Petsc) -> petsc::Result<()> {
        let w = petsc.world();
        let n = 5;
        let x = Vector::new_mpi(&w, None, Some(n))?;
        let mut tao = Tao::new(&w)?;
        tao.set_type(TaoType::Blmvm)?;
        tao.set_solution(&x)?;
        let target: fn(usize) -> f64 = |i| (i as f64 + 1.0) * 0.5;
        // f = sum_i (i + 1)^2 (x_i - t_i)^2: anisotropic, so no method finishes in one step.
        let lo = x.ownership_range()?.start as usize;
        tao.set_objective_and_gradient(move |x, g| {
            let v = x.view()?;
            let mut gv = g.view_mut()?;
            let mut f = 0.0;
            for k in 0..v.len() {
                let (w, d) = (((lo + k + 1) * (lo + k + 1)) as f64, v[k] - target(lo + k));
                f += w * d * d;
                gv[k] = 2.0 * w * d;
            }
            drop(v);
            let mut total = 0.0;
            petsc_allreduce_sum(&x.comm(), f, &mut total);
            Ok(total)
        })?;
        let states = Rc::new(RefCell::new(Vec::new()));
        let log = states.clone();
        tao.set_convergence_test(move |s| {
            log.borrow_mut().push(s.iteration);
            Ok(if s.iteration >= 4 {
                TaoConvergedReason::ConvergedUser
            } else {
                TaoConvergedReason::Iterating
            })
        })?;
        let updates = Rc::new(RefCell::new(Vec::new()));
        let ulog = updates.clone();
        tao.set_update(move |it| {
            ulog.borrow_mut().push(it);
            Ok(())
        })?;
        let reason = tao.solve()?;
        assert_eq!(tao.iteration_number()?, 4);
        assert_eq!(reason, TaoConvergedReason::ConvergedUser);
        assert_eq!(*states.borrow(), vec![0, 1, 2, 3, 4]);
        assert_eq!(*updates.borrow(), vec![0, 1, 2, 3]);
        assert_eq!(tao.total_iteration_number()?, 4);

        // An Err, a panic and an unnamed reason each end the solve with the message.
        let mut calls = 0;
        tao.set_convergence_test(move |_| {
            calls += 1;
            match calls {
                2 => Err(Error::user("test failed")),
                4 => panic!("test exploded"),
                6 => Ok(TaoConvergedReason::Unknown(99)),
                _ => Ok(TaoConvergedReason::Iterating),
            }
        })?;
        let e = tao.solve().unwrap_err();
        assert!(
            matches!(&e, Error::Callback { callback, source } if callback == "Tao convergence test" && source.to_string() == "test failed"),
            "{e:?}"
        );
        let e = tao.solve().unwrap_err();
        assert!(
            matches!(&e, Error::CallbackPanic { callback, message } if callback == "Tao convergence test" && message == "test exploded"),
            "{e:?}"
        );
        let e = tao.solve().unwrap_err();
        assert!(e.report().contains("99"), "{e}");

        // PETSc's own test again: converges to the target.
        tao.set_default_convergence_test()?;
        tao.set_tolerances(gatol(1e-10))?;
        let mut fails = 0;
        tao.set_update(move |_| {
            fails += 1;
            if fails == 2 {
                return Err(Error::user("update failed"));
            }
            Ok(())
        })?;
        let e = tao.solve().unwrap_err();
        assert!(
            matches!(&e, Error::Callback { callback, .. } if callback == "Tao update"),
            "{e:?}"
        );
        tao.solve()?.check()?;
        let all = x.to_all()?;
        for (i, v) in all.view()?.iter().enumerate() {
            assert!((v - target(i)).abs() < 1e-8, "x[{i}] = {v}");
        }
        Ok(())
    }

    /// The convergence history of an lmvm solve: one entry per iteration from 0, f(x0)
    /// first, f decreasing to 0.
    fn convergence_history(petsc: &Petsc) -> petsc::Result<()> {
        let w = petsc.world();
        let x = Vector::new_mpi(&w, None, Some(4))?;
        let mut tao = Tao::new(&w)?;
        tao.set_type(TaoType::Lmvm)?;
        tao.set_solution(&x)?;
        tao.set_objective_and_gradient(sum_squares(&x, |i| i as f64)?)?;
        tao.set_tolerances(gatol(1e-10))?;
        assert!(tao.convergence_history()?.is_empty());
        // As in PETSc, 0 records nothing; a second call starts a new record (the
        // first one freed).
        tao.set_convergence_history(0, true)?;
        assert!(tao.convergence_history()?.is_empty());
        tao.set_convergence_history(50, true)?;
        tao.set_convergence_history(50, true)?;
        tao.solve()?.check()?;
        let h = tao.convergence_history()?;
        let its = tao.iteration_number()? as usize;
        assert_eq!(h.len(), its + 1);
        // f(0) = 0 + 1 + 4 + 9; |g(0)| = 2 |(0, 1, 2, 3)| = 2 sqrt(14).
        assert_eq!(h[0].f, 14.0);
        assert!((h[0].gnorm - 2.0 * 14f64.sqrt()).abs() < 1e-12);
        for k in 1..h.len() {
            assert!(h[k].f <= h[k - 1].f, "{h:?}");
        }
        assert!(h.last().unwrap().f < 1e-16);
        // reset: a second solve starts the record again.
        tao.solve()?.check()?;
        assert_eq!(tao.convergence_history()?.len(), 1);
        Ok(())
    }

    /// brgn with a user regularizer `R(x) = |x|^2 / 2` (weight 1): ridge regression, whose
    /// minimizer solves `(A^T A + I) x = A^T y`; for the line fit through (0, 1), (1, 3),
    /// (2, 5), x = (5/3, 1). Without the regularizer's closures the solve is refused.
    fn brgn_user_regularizer(petsc: &Petsc) -> petsc::Result<()> {
        let c = petsc.self_comm();
        let x = Vector::from_slice(&c, &[0.0, 0.0])?;
        let r = Vector::from_slice(&c, &[0.0; 3])?;
        let mut j = Mat::aij(&c)
            .sizes(petsc::Sizes::global(3, 2))
            .preallocate(2, 0)
            .build()?;
        for i in 0..3 {
            j.set_values(&[i], &[0, 1], &[i as f64, 1.0], InsertMode::Insert)?;
        }
        j.assemble()?;
        let mut tao = Tao::new(&c)?;
        tao.set_type(TaoType::Brgn)?;
        tao.set_options_prefix("ridge_")?;
        tao.set_solution(&x)?;
        tao.set_residual(&r, |x, r| {
            let (a, b) = {
                let v = x.view()?;
                (v[0], v[1])
            };
            for (i, ri) in r.view_mut()?.iter_mut().enumerate() {
                *ri = a * i as f64 + b - [1.0, 3.0, 5.0][i];
            }
            Ok(())
        })?;
        tao.set_jacobian_residual(&j, None, |_x, _m| Ok(()))?;
        let opts = petsc.options();
        opts.set_value("-ridge_tao_brgn_regularization_type", "user")?;
        let e = tao.solve().unwrap_err();
        assert!(
            e.report()
                .contains("set_brgn_regularizer_objective_gradient"),
            "{e}"
        );
        tao.set_brgn_regularizer_objective_gradient(|x, g| {
            g.copy_from(x)?;
            Ok(0.5 * x.dot(x)?)
        })?;
        let e = tao.solve().unwrap_err();
        assert!(e.report().contains("set_brgn_regularizer_hessian"), "{e}");
        let h = Mat::aij(&c)
            .sizes(petsc::Sizes::global(2, 2))
            .preallocate(1, 0)
            .build()?;
        let wrong = Mat::aij(&c)
            .sizes(petsc::Sizes::global(3, 3))
            .preallocate(1, 0)
            .build()?;
        assert!(tao
            .set_brgn_regularizer_hessian(&wrong, |_, _| Ok(()))
            .is_err());
        tao.set_brgn_regularizer_hessian(&h, |_x, h| {
            h.set_values(&[0], &[0], &[1.0], InsertMode::Insert)?;
            h.set_values(&[1], &[1], &[1.0], InsertMode::Insert)?;
            h.assemble()
        })?;
        tao.brgn_set_regularizer_weight(1.0)?;
        tao.set_tolerances(gatol(1e-10))?;
        tao.set_from_options()?;
        opts.clear_value("-ridge_tao_brgn_regularization_type")?;
        tao.solve()?.check()?;
        let v = x.view()?;
        assert!(
            (v[0] - 5.0 / 3.0).abs() < 1e-6 && (v[1] - 1.0).abs() < 1e-6,
            "{:?}",
            &*v
        );
        Ok(())
    }

    /// Settings read back, and each refused where PETSc would misbehave.
    fn settings_read_back(petsc: &Petsc) -> petsc::Result<()> {
        let c = petsc.self_comm();
        let mut tao = Tao::new(&c)?;
        tao.set_type(TaoType::Ntr)?;
        tao.set_initial_trust_region_radius(3.5)?;
        assert_eq!(tao.initial_trust_region_radius()?, 3.5);
        assert!(tao.set_initial_trust_region_radius(f64::INFINITY).is_err());
        tao.set_constraint_tolerances(Some(1e-7), Some(1e-3))?;
        assert_eq!(tao.constraint_tolerances()?, (1e-7, 1e-3));
        tao.set_function_lower_bound(-5.0)?;
        assert_eq!(tao.function_lower_bound()?, -5.0);
        tao.set_iteration_number(3)?;
        assert_eq!(tao.iteration_number()?, 3);
        tao.set_total_iteration_number(11)?;
        assert_eq!(tao.total_iteration_number()?, 11);
        assert!(tao.set_total_iteration_number(-2).is_err());
        tao.set_converged_reason(TaoConvergedReason::DivergedUser)?;
        assert_eq!(tao.converged_reason()?, TaoConvergedReason::DivergedUser);
        assert_eq!(tao.routines_defined()?, (false, false, false));

        // ntr on a quadratic: the trust region is read after the solve.
        let x = Vector::from_slice(&c, &[4.0, -4.0])?;
        tao.set_solution(&x)?;
        tao.set_objective_and_gradient(|x, g| {
            let v = x.view()?;
            g.view_mut()?.copy_from_slice(&[2.0 * v[0], 2.0 * v[1]]);
            Ok(v[0] * v[0] + v[1] * v[1])
        })?;
        assert_eq!(tao.routines_defined()?, (false, false, true));
        let h = Mat::aij(&c)
            .sizes(petsc::Sizes::global(2, 2))
            .preallocate(1, 0)
            .build()?;
        tao.set_hessian(&h, None, |_, m| {
            let m = m.pre();
            m.set_values(&[0], &[0], &[2.0], InsertMode::Insert)?;
            m.set_values(&[1], &[1], &[2.0], InsertMode::Insert)?;
            m.assemble()
        })?;
        tao.set_initial_trust_region_radius(0.5)?;
        tao.set_tolerances(gatol(1e-10))?;
        tao.set_iteration_number(0)?;
        tao.solve()?.check()?;
        assert!(tao.trust_region_radius()? > 0.0);
        assert!(x.view()?.iter().all(|v| v.abs() < 1e-8));
        let g = tao.gradient()?.expect("a gradient");
        assert!(g.norm(NormType::Two)? < 1e-8);
        assert!(tao.objective_value()? < 1e-16);

        // The gradient norm matrix: M = 4 I doubles the norm PETSc tests.
        let mut m = Mat::aij(&c)
            .sizes(petsc::Sizes::global(2, 2))
            .preallocate(1, 0)
            .build()?;
        m.set_values(&[0], &[0], &[4.0], InsertMode::Insert)?;
        m.set_values(&[1], &[1], &[4.0], InsertMode::Insert)?;
        m.assemble()?;
        assert!(tao.gradient_norm()?.is_none());
        tao.set_gradient_norm(&m)?;
        assert_eq!(tao.gradient_norm()?.expect("a norm matrix").size()?, (2, 2));
        tao.solution()?.view_mut()?.copy_from_slice(&[4.0, -4.0]);
        let first = Rc::new(RefCell::new(None));
        let seen = first.clone();
        tao.monitor(move |s| {
            seen.borrow_mut().get_or_insert(s.gnorm);
            Ok(())
        })?;
        tao.solve()?.check()?;
        // |g(x0)| = |(8, -8)| = 8 sqrt(2); in the M-norm, twice that.
        let g0 = first.borrow().expect("a monitor call");
        assert!((g0 - 16.0 * 2f64.sqrt()).abs() < 1e-12, "{g0}");
        let wrong = Mat::aij(&c)
            .sizes(petsc::Sizes::global(3, 3))
            .preallocate(1, 0)
            .build()?;
        assert!(tao.set_gradient_norm(&wrong).is_err());
        Ok(())
    }

    /// Method-specific handles: LMVM matrices, brgn and almm sub-solvers, each refused
    /// for other types.
    fn method_specific(petsc: &Petsc) -> petsc::Result<()> {
        let c = petsc.self_comm();
        let mut tao = Tao::new(&c)?;
        // No type yet: every method-specific call is refused, none crashes.
        assert!(tao.lmvm_mat().is_err());
        assert!(tao.lmvm_h0().is_err());
        assert!(tao.brgn_subsolver().is_err());
        assert!(tao.almm_type().is_err());
        assert!(tao.almm_subsolver().is_err());
        tao.set_type(TaoType::Bqnktr)?;
        let b = tao.lmvm_mat()?;
        assert!(b.type_name()?.starts_with("lmvm"), "{}", b.type_name()?);
        tao.set_lmvm_mat(&b)?;
        let plain = Mat::aij(&c)
            .sizes(petsc::Sizes::global(2, 2))
            .preallocate(1, 0)
            .build()?;
        assert!(tao.set_lmvm_mat(&plain).is_err());

        // lmvm with an initial Hessian H0 = 2 I on f = |x|^2: H0 is exact, so the first
        // step lands on the minimizer.
        let x = Vector::from_slice(&c, &[3.0, -2.0])?;
        let mut lm = Tao::new(&c)?;
        lm.set_type(TaoType::Lmvm)?;
        lm.set_solution(&x)?;
        lm.set_objective_and_gradient(|x, g| {
            let v = x.view()?;
            g.view_mut()?.copy_from_slice(&[2.0 * v[0], 2.0 * v[1]]);
            Ok(v[0] * v[0] + v[1] * v[1])
        })?;
        let mut h0 = Mat::aij(&c)
            .sizes(petsc::Sizes::global(2, 2))
            .preallocate(1, 0)
            .build()?;
        h0.set_values(&[0], &[0], &[2.0], InsertMode::Insert)?;
        h0.set_values(&[1], &[1], &[2.0], InsertMode::Insert)?;
        h0.assemble()?;
        // Before the first solve PETSc 3.26 already has a default H0 (earlier versions
        // none); neither is the one set next.
        if let Some(m) = lm.lmvm_h0()? {
            assert_ne!(m.as_raw(), h0.as_raw());
        }
        lm.set_lmvm_h0(&h0)?;
        assert!(lm.set_lmvm_h0(&h0).is_err());
        lm.set_tolerances(gatol(1e-10))?;
        lm.solve()?.check()?;
        assert_eq!(lm.iteration_number()?, 1);
        assert!(x.view()?.iter().all(|v| v.abs() < 1e-12));
        assert!(lm.lmvm_h0()?.is_some());
        let _ = lm.lmvm_h0_ksp()?;

        let mut gn = Tao::new(&c)?;
        gn.set_type(TaoType::Brgn)?;
        let mut sub = gn.brgn_subsolver()?;
        sub.set_type(TaoType::Bnls)?;
        drop(gn); // the sub-solver's handle keeps its parent alive
        assert_eq!(sub.type_name()?, "bnls");
        let mut gn = Tao::new(&c)?;
        gn.set_type(TaoType::Brgn)?;
        gn.set_brgn_smooth_l1_epsilon(1e-4)?;
        assert!(gn.set_brgn_smooth_l1_epsilon(0.0).is_err());
        gn.set_brgn_dictionary_matrix(Some(&plain))?;
        gn.set_brgn_dictionary_matrix(None)?;
        assert!(gn.brgn_damping_vector().is_err()); // not the lm regularizer

        let mut al = Tao::new(&c)?;
        al.set_type(TaoType::Almm)?;
        let mut other = Tao::new(&c)?;
        other.set_type(TaoType::Bncg)?;
        al.set_almm_subsolver(&other)?;
        assert_eq!(al.almm_subsolver()?.as_raw(), other.as_raw());
        assert!(al.almm_multipliers().is_err()); // before set-up
        let alias = al.almm_subsolver()?;
        drop(alias);
        assert!(lm.set_almm_subsolver(&other).is_err());

        // Refused where PETSc 3.18 would read missing data: gpcg's multipliers before a
        // solve, lcl without its state/design routines.
        let y = Vector::from_slice(&c, &[0.0, 0.0])?;
        let mut gp = Tao::new(&c)?;
        gp.set_type(TaoType::Gpcg)?;
        gp.set_solution(&y)?;
        let (mut dl, mut du) = (y.duplicate()?, y.duplicate()?);
        let e = gp.compute_dual_variables(&mut dl, &mut du).unwrap_err();
        assert!(e.report().contains("gpcg"), "{e}");
        let mut lcl = Tao::new(&c)?;
        lcl.set_type(TaoType::Lcl)?;
        lcl.set_solution(&y)?;
        lcl.set_objective_and_gradient(|x, g| {
            g.copy_from(x)?;
            Ok(0.5 * x.dot(x)?)
        })?;
        let e = lcl.solve().unwrap_err();
        assert!(e.report().contains("set_constraints"), "{e}");
        Ok(())
    }

    /// Line searches: settings read back, searches with their own closures (the exact
    /// step of a quadratic, Armijo's halving, a unit step), with a solver's routines,
    /// a method's own line search, and bad input.
    fn line_searches(petsc: &Petsc) -> petsc::Result<()> {
        use petsc::{TaoLineSearch, TaoLineSearchConvergedReason, TaoLineSearchType};
        let c = petsc.self_comm();
        // f(x) = |x - (1, 2)|^2 from x = 0 along s = (1, 2): f(a s) = 5 (a - 1)^2.
        let quad = |x: &Vector, g: &mut Vector| -> petsc::Result<f64> {
            let v = x.view()?;
            let d = [v[0] - 1.0, v[1] - 2.0];
            g.view_mut()?.copy_from_slice(&[2.0 * d[0], 2.0 * d[1]]);
            Ok(d[0] * d[0] + d[1] * d[1])
        };
        let start = |ls: &mut TaoLineSearch| -> petsc::Result<(f64, f64, TaoLineSearchConvergedReason, Vector)> {
            let mut x = Vector::from_slice(&c, &[0.0, 0.0])?;
            let mut g = Vector::from_slice(&c, &[-2.0, -4.0])?;
            let s = Vector::from_slice(&c, &[1.0, 2.0])?;
            let (f, a, r) = ls.apply(&mut x, 5.0, &mut g, &s)?;
            Ok((f, a, r, x))
        };
        let mut ls = TaoLineSearch::new(&c)?;
        ls.set_objective_gradient(quad)?;
        assert!(ls.ty()?.is_none());
        // More-Thuente (the default) from step 1: the exact minimizer.
        let (f, a, r, x) = start(&mut ls)?;
        assert_eq!(ls.ty()?, Some(TaoLineSearchType::MoreThuente));
        assert_eq!(r, TaoLineSearchConvergedReason::Success);
        assert_eq!((a, f), (1.0, 0.0));
        assert_eq!(&*x.view()?, &[1.0, 2.0]);
        assert_eq!(ls.step_length()?, 1.0);
        let (nf, ng, nfg) = ls.number_function_evaluations()?;
        assert!(nf + ng + nfg >= 1);
        // Armijo from step 4: f(4 s) = 45 fails, f(2 s) = 5 is not below 5, f(s) = 0.
        ls.set_type(TaoLineSearchType::Armijo)?;
        ls.set_initial_step_length(4.0)?;
        let (f, a, r, _) = start(&mut ls)?;
        assert!(r.is_success(), "{r}");
        assert_eq!((a, f), (1.0, 0.0));
        // Unit: always the initial step.
        ls.set_type(TaoLineSearchType::Unit)?;
        ls.set_initial_step_length(0.25)?;
        let (f, a, _, x) = start(&mut ls)?;
        assert_eq!(a, 0.25);
        assert_eq!(f, 5.0 * 0.75 * 0.75);
        assert_eq!(&*x.view()?, &[0.25, 0.5]);
        assert!(ls.set_initial_step_length(0.0).is_err());
        assert!(ls.set_initial_step_length(f64::NAN).is_err());

        // Options: prefix, type and step length from the database.
        let opts = petsc.options();
        opts.set_value("-myls_tao_ls_type", "armijo")?;
        let mut ls2 = TaoLineSearch::new(&c)?;
        ls2.set_options_prefix("myls_")?;
        assert_eq!(ls2.options_prefix()?, "myls_");
        ls2.set_from_options()?;
        opts.clear_value("-myls_tao_ls_type")?;
        assert_eq!(ls2.type_name()?, "armijo");
        assert!(ls2.set_type_name("nosuch").is_err());
        ls2.view_with(&petsc::Viewer::ascii_stdout(&c)?)?;

        // Bad input: no closures, one vector twice, wrong sizes.
        let mut x = Vector::from_slice(&c, &[0.0, 0.0])?;
        let mut g = Vector::from_slice(&c, &[-2.0, -4.0])?;
        let s = Vector::from_slice(&c, &[1.0, 2.0])?;
        let e = ls2.apply(&mut x, 5.0, &mut g, &s).unwrap_err();
        assert!(e.report().contains("no objective"), "{e}");
        ls2.set_objective(move |x| {
            let v = x.view()?;
            Ok((v[0] - 1.0).powi(2) + (v[1] - 2.0).powi(2))
        })?;
        assert!(ls2.apply(&mut x, 5.0, &mut g, &s).is_err()); // still no gradient
        ls2.set_gradient(move |x, g| quad(x, g).map(|_| ()))?;
        let mut holder = Tao::new(&c)?;
        holder.set_solution(&x)?;
        let x_alias = holder.solution()?; // another handle to x
        let e = ls2.apply(&mut x, 5.0, &mut g, &x_alias).unwrap_err();
        assert!(e.report().contains("three different vectors"), "{e}");
        let short = Vector::from_slice(&c, &[1.0])?;
        let e = ls2.apply(&mut x, 5.0, &mut g, &short).unwrap_err();
        assert!(e.report().contains("global size 1"), "{e}");
        x.view_mut()?.copy_from_slice(&[0.0, 0.0]);
        g.view_mut()?.copy_from_slice(&[-2.0, -4.0]);
        let (f, a, r) = ls2.apply(&mut x, 5.0, &mut g, &s)?;
        assert!(r.is_success(), "{r}");
        assert_eq!((a, f), (1.0, 0.0));

        // A closure that fails: the Err comes back, and the search works afterwards.
        let mut calls = 0;
        ls.set_type(TaoLineSearchType::MoreThuente)?;
        ls.set_initial_step_length(1.0)?;
        ls.set_objective_gradient(move |x, g| {
            calls += 1;
            if calls == 1 {
                return Err(Error::user("no value here"));
            }
            quad(x, g)
        })?;
        let e = start(&mut ls).unwrap_err();
        assert!(
            matches!(&e, Error::Callback { callback, .. } if callback == "TaoLineSearch objective and gradient"),
            "{e:?}"
        );
        let (f, a, _, _) = start(&mut ls)?;
        assert_eq!((a, f), (1.0, 0.0));

        // A solver's routines: the search calls the solver's closure, and keeps the
        // solver alive after its handle is dropped.
        let count = Rc::new(RefCell::new(0usize));
        let n = count.clone();
        let mut tao = Tao::new(&c)?;
        tao.set_solution(&Vector::from_slice(&c, &[0.0, 0.0])?)?;
        tao.set_objective_and_gradient(move |x, g| {
            *n.borrow_mut() += 1;
            quad(x, g)
        })?;
        let mut ls3 = TaoLineSearch::new(&c)?;
        assert!(!ls3.is_using_tao_routines()?);
        ls3.use_tao_routine(&tao)?;
        assert!(ls3.is_using_tao_routines()?);
        drop(tao);
        let (f, a, _, _) = start(&mut ls3)?;
        assert_eq!((a, f), (1.0, 0.0));
        assert!(*count.borrow() >= 1);

        // A method's own line search, configured through its handle.
        let (mut tao, x) = rosen2_solver(petsc, TaoType::Lmvm)?;
        let mut own = tao.line_search()?.expect("lmvm has a line search");
        assert!(own.is_using_tao_routines()?);
        assert_eq!(own.ty()?, Some(TaoLineSearchType::MoreThuente));
        own.use_tao_routine(&tao)?;
        own.set_type(TaoLineSearchType::Armijo)?;
        tao.solve()?.check()?;
        assert_eq!(tao.line_search()?.unwrap().type_name()?, "armijo");
        assert_ones(&x, 1e-4)?;
        tao.set_type(TaoType::Nm)?;
        assert!(tao.line_search()?.is_none());
        drop(tao);
        assert_eq!(own.type_name()?, "armijo");
        Ok(())
    }

    pub fn cases() -> Vec<Case> {
        vec![
            Case::new("rosenbrock_first_order", rosenbrock_first_order),
            Case::new("rosenbrock_newton", rosenbrock_newton),
            Case::new(
                "newton_with_lmvm_preconditioner",
                newton_with_lmvm_preconditioner,
            ),
            Case::new("hessian_with_preconditioner", hessian_with_preconditioner),
            Case::new("rosenbrock_hessian_mult", rosenbrock_hessian_mult),
            Case::new("hessian_from_options", hessian_from_options),
            Case::new("rosenbrock_nelder_mead", rosenbrock_nelder_mead),
            Case::new("chained_rosenbrock", chained_rosenbrock).ranks(&[1, 2, 3]),
            Case::new("convex_quadratic", convex_quadratic).ranks(&[1, 2, 3]),
            Case::new("objective_gradient_slices", objective_gradient_slices).ranks(&[1, 2, 3]),
            Case::new("bound_minimizer", bound_minimizer).ranks(&[1, 2]),
            Case::new("brgn_exponential_fit", brgn_exponential_fit),
            Case::new("pounders_line_fit", pounders_line_fit),
            Case::new("monitors", monitors).ranks(&[1, 2]),
            Case::new("options_database", options_database),
            Case::new("types_and_ksp", types_and_ksp),
            Case::new("options_prefix_reaches_ksp", options_prefix_reaches_ksp),
            Case::new("missing_routines", missing_routines),
            Case::new("wrong_sizes", wrong_sizes).ranks(&[1, 2]),
            Case::new("failing_callbacks", failing_callbacks),
            Case::new("repeated_failures", repeated_failures),
            Case::new("gradient_check", gradient_check).ranks(&[1, 3]),
            Case::new("reasons", reasons),
            Case::new("max_iterations_reason", max_iterations_reason),
            Case::new("bounds_routine_and_duals", bounds_routine_and_duals).ranks(&[1, 2]),
            Case::new("compute_routines", compute_routines),
            Case::new("equality_constrained_almm", equality_constrained_almm).ranks(&[1, 2]),
            Case::new("inequality_constrained_pdipm", inequality_constrained_pdipm),
            Case::new("convergence_test_and_update", convergence_test_and_update).ranks(&[1, 2]),
            Case::new("convergence_history", convergence_history).ranks(&[1, 2]),
            Case::new("settings_read_back", settings_read_back),
            Case::new("method_specific", method_specific),
            Case::new("brgn_user_regularizer", brgn_user_regularizer),
            Case::new("line_searches", line_searches),
            #[cfg(petsc_3_22)]
            Case::new("bncg_updates", bncg_updates).ranks(&[1, 2]),
        ]
    }

    /// `f = sum_k k (x_k - 1)^2` (condition number `n`) minimized by `bncg` with
    /// Fletcher-Reeves' update and with Hager-Zhang's: both reach `x = 1`,
    /// Fletcher-Reeves in many more iterations (263 against 19 at 8 unknowns a rank).
    #[cfg(petsc_3_22)]
    fn bncg_updates(petsc: &Petsc) -> petsc::Result<()> {
        use petsc::TaoBncgType;
        let world = petsc.world();
        let run = |ty: TaoBncgType| -> petsc::Result<Int> {
            let x = Vector::new_mpi(&world, Some(8), None)?;
            let lo = x.ownership_range()?.start;
            let mut tao = Tao::new(&world)?;
            tao.set_type_name("bncg")?;
            tao.set_bncg_type(ty)?;
            assert_eq!(tao.bncg_type()?, ty);
            tao.set_solution(&x)?;
            tao.set_objective_and_gradient(move |x, g| {
                let v = x.view()?;
                let mut gv = g.view_mut()?;
                let mut f = 0.0;
                for k in 0..v.len() {
                    let w = (lo + k as Int + 1) as f64;
                    f += w * (v[k] - 1.0).powi(2);
                    gv[k] = 2.0 * w * (v[k] - 1.0);
                }
                drop(v);
                let mut total = 0.0;
                petsc_allreduce_sum(&x.comm(), f, &mut total);
                Ok(total)
            })?;
            tao.set_tolerances(gatol(1e-9))?;
            tao.set_max_iterations(10000)?;
            let reason = tao.solve()?;
            assert!(
                reason.is_converged(),
                "{ty:?}: {reason:?} after {}",
                tao.iteration_number()?
            );
            let sol = tao.solution()?;
            for v in sol.view()?.iter() {
                assert!((v - 1.0).abs() < 1e-6, "{ty:?}: {v}");
            }
            tao.iteration_number()
        };
        let (fr, hz) = (run(TaoBncgType::Fr)?, run(TaoBncgType::Hz)?);
        assert!(
            fr > 2 * hz,
            "Fletcher-Reeves {fr} iterations, Hager-Zhang {hz}"
        );
        Ok(())
    }
}
