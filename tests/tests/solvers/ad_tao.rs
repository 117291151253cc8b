//! TAO with derivatives by automatic differentiation (`petsc::ad::Objective`): gradients,
//! Hessians and Hessian-vector products equal closed forms; lmvm, nls, ntr and tron with
//! bounds take the same iterations as with hand-written derivatives, on 1 to 3 ranks;
//! objectives that fail or panic end the solve with an `Err`; bad matrices are refused.

#[cfg(petsc_complex)]
pub fn cases() -> Vec<petsc_tests::Case> {
    petsc_tests::skip_module(
        "real scalars: automatic differentiation and TAO need a PETSc with real scalars; \
         this PETSc has complex scalars",
    )
}

#[cfg(not(petsc_complex))]
pub use real::cases;

#[cfg(not(petsc_complex))]
mod real {
    use std::cell::Cell;
    use std::rc::Rc;

    use petsc::ad::{AdScalar, Objective};
    use petsc::mpi::collective::SystemOperation;
    use petsc::mpi::traits::CommunicatorCollectives;
    use petsc::{Error, InsertMode, Int, Mat, Petsc, Sizes, Tao, TaoType, Vector};
    use petsc_tests::Case;

    /// Entries on each rank.
    const LOCAL: usize = 4;

    /// `f = sum_i (i + 1) (x_i - 1)^2 / 2 + (x_i - 1)^4 / 4 + sum_k x_{2k} x_{2k+1} / 2`
    /// over global indices `i`: separable over ranks that own whole pairs.
    struct Pairs {
        start: usize,
    }

    impl Objective for Pairs {
        fn objective<T: AdScalar>(&self, x: &[T]) -> petsc::Result<T> {
            let mut f = T::zero();
            for (k, &xi) in x.iter().enumerate() {
                let i = self.start + k;
                let d = xi - 1.0;
                f += d * d * ((i + 1) as f64 * 0.5) + d.powi(4) * 0.25;
                if i % 2 == 0 && k + 1 < x.len() {
                    f += xi * x[k + 1] * 0.5;
                }
            }
            Ok(f)
        }
    }

    /// The partner of global index `i` in its pair.
    fn partner(i: usize) -> usize {
        i ^ 1
    }

    /// [`Pairs`]'s gradient at this rank's `x` (closed form).
    fn pairs_gradient(start: usize, x: &[f64]) -> Vec<f64> {
        (0..x.len())
            .map(|k| {
                let i = start + k;
                let d = x[k] - 1.0;
                (i + 1) as f64 * d + d * d * d + 0.5 * x[partner(i) - start]
            })
            .collect()
    }

    /// [`Pairs`]'s Hessian entry `(i, j)` (global) at this rank's `x` (closed form).
    fn pairs_hessian(start: usize, x: &[f64], i: usize, j: usize) -> f64 {
        if i == j {
            let d = x[i - start] - 1.0;
            (i + 1) as f64 + 3.0 * d * d
        } else if j == partner(i) {
            0.5
        } else {
            0.0
        }
    }

    /// The layout of the tests: `LOCAL` entries a rank.
    fn layout(petsc: &Petsc) -> (petsc::Comm, usize, Int) {
        let c = petsc.world();
        let start = c.rank() as usize * LOCAL;
        let n = (c.size() as usize * LOCAL) as Int;
        (c, start, n)
    }

    /// A vector of the layout with this rank's entries `v(i)` by global index.
    fn vector(petsc: &Petsc, v: impl Fn(usize) -> f64) -> petsc::Result<Vector> {
        let (c, start, n) = layout(petsc);
        let mut x = Vector::new_mpi(&c, Some(LOCAL as Int), Some(n))?;
        for (k, e) in x.view_mut()?.iter_mut().enumerate() {
            *e = v(start + k);
        }
        Ok(x)
    }

    /// A tridiagonal AIJ pattern of the layout, assembled with zeros.
    fn tridiagonal(petsc: &Petsc) -> petsc::Result<Mat> {
        let (c, _, n) = layout(petsc);
        let l = LOCAL as Int;
        let mut h = Mat::aij(&c)
            .sizes(Sizes::local(l, l).with_global(n, n))
            .preallocate(3, 2)
            .build()?;
        for r in h.ownership_range()? {
            let cols: Vec<Int> = (r.max(1) - 1..(r + 2).min(n)).collect();
            h.set_values(&[r], &cols, &vec![0.0; cols.len()], InsertMode::Insert)?;
        }
        h.assemble()?;
        Ok(h)
    }

    /// Asserts that the owned rows of `h` hold [`Pairs`]'s Hessian at `x` on `cols`.
    fn assert_hessian(h: &Mat, start: usize, x: &[f64], all_cols: bool) -> petsc::Result<()> {
        let n = h.size()?.1;
        for r in h.ownership_range()? {
            let cols: Vec<Int> = if all_cols {
                (0..n).collect()
            } else {
                (r.max(1) - 1..(r + 2).min(n)).collect()
            };
            let got = h.values(&[r], &cols)?;
            for (&c, g) in cols.iter().zip(got) {
                let want = pairs_hessian(start, x, r as usize, c as usize);
                assert!(
                    (g - want).abs() <= 1e-12 * want.abs().max(1.0),
                    "H[{r}, {c}] = {g}, expected {want}"
                );
            }
        }
        Ok(())
    }

    /// Gradient, Hessian (tridiagonal AIJ pattern, no pattern with a dense matrix, a
    /// distinct preconditioning matrix) and Hessian-vector products of [`Pairs`] equal
    /// the closed forms at three points.
    fn closed_forms(petsc: &Petsc) -> petsc::Result<()> {
        let (c, start, n) = layout(petsc);
        let points: [fn(usize) -> f64; 3] = [
            |_| 0.0,
            |i| 0.3 * i as f64 - 1.1,
            |i| ((i * 7 % 5) as f64).sin() * 2.0,
        ];
        let l = LOCAL as Int;
        for point in points {
            let x = vector(petsc, point)?;
            let xs: Vec<f64> = x.view()?.to_vec();
            let obj = Rc::new(Pairs { start });
            let mut tao = Tao::new(&c)?;
            tao.set_type(TaoType::Nls)?;
            tao.set_solution(&x)?;
            tao.set_objective_ad(obj.clone())?;
            let mut g = x.duplicate()?;
            let f = tao.compute_objective_gradient(&x, &mut g)?;
            // The objective: the sum over every rank's entries.
            let mut fw = 0.0;
            for i in 0..n as usize {
                let d = point(i) - 1.0;
                fw += (i + 1) as f64 * 0.5 * d * d + 0.25 * d.powi(4);
                if i % 2 == 0 {
                    fw += 0.5 * point(i) * point(i + 1);
                }
            }
            assert!(
                (f - fw).abs() <= 1e-12 * fw.abs().max(1.0),
                "f = {f}, expected {fw}"
            );
            assert_eq!(tao.compute_objective(&x)?, f);
            for (k, (got, want)) in g.view()?.iter().zip(pairs_gradient(start, &xs)).enumerate() {
                assert!(
                    (got - want).abs() <= 1e-12 * want.abs().max(1.0),
                    "g[{}] = {got}, expected {want}",
                    start + k
                );
            }
            // On the tridiagonal pattern (entries (2k+1, 2k+2) are zero).
            let mut h = tridiagonal(petsc)?;
            tao.set_hessian_ad(&h, None, obj.clone())?;
            tao.compute_hessian(&x, &mut h, None)?;
            assert_hessian(&h, start, &xs, false)?;
            // No pattern: a dense matrix, every entry of the rank's block.
            let mut d = Mat::dense(&c)
                .sizes(Sizes::local(l, l).with_global(n, n))
                .build()?;
            tao.set_hessian_ad(&d, None, obj.clone())?;
            tao.compute_hessian(&x, &mut d, None)?;
            assert_hessian(&d, start, &xs, true)?;
            // A distinct preconditioning matrix (dense) beside the Hessian (pattern).
            let mut h = tridiagonal(petsc)?;
            let mut p = Mat::dense(&c)
                .sizes(Sizes::local(l, l).with_global(n, n))
                .build()?;
            tao.set_hessian_ad(&h, &p, obj.clone())?;
            tao.compute_hessian(&x, &mut h, Some(&mut p))?;
            assert_hessian(&h, start, &xs, false)?;
            assert_hessian(&p, start, &xs, true)?;
            // Products: H v for v = e_0 + 2 e_1 + ... by global index.
            let shell = tao.set_hessian_mult_ad(obj)?;
            tao.compute_hessian(&x, &mut h, None)?;
            let v = vector(petsc, |i| (i + 1) as f64)?;
            let mut hv = x.duplicate()?;
            shell.mult(&v, &mut hv)?;
            for (k, got) in hv.view()?.iter().enumerate() {
                let i = start + k;
                let want: f64 = (start..start + LOCAL)
                    .map(|j| pairs_hessian(start, &xs, i, j) * (j + 1) as f64)
                    .sum();
                assert!(
                    (got - want).abs() <= 1e-12 * want.abs().max(1.0),
                    "(Hv)[{i}] = {got}, expected {want}"
                );
            }
        }
        Ok(())
    }

    /// The extended Rosenbrock function of 6 variables (alpha 100) at 1 rank: gradient
    /// and Hessian equal the closed forms; and a quadratic `x^T A x / 2 - b^T x` with a
    /// dense `A`: its Hessian is `A`, its gradient `A x - b`; and a diagonal Hessian on a
    /// diagonal pattern.
    struct Rosen;
    impl Objective for Rosen {
        fn objective<T: AdScalar>(&self, x: &[T]) -> petsc::Result<T> {
            let mut f = T::zero();
            for i in 0..x.len() / 2 {
                let t1 = x[2 * i + 1] - x[2 * i] * x[2 * i];
                let t2 = T::one() - x[2 * i];
                f += t1 * t1 * 100.0 + t2 * t2;
            }
            Ok(f)
        }
    }

    struct Quadratic {
        a: Vec<Vec<f64>>,
        b: Vec<f64>,
    }
    impl Objective for Quadratic {
        fn objective<T: AdScalar>(&self, x: &[T]) -> petsc::Result<T> {
            let mut f = T::zero();
            for i in 0..x.len() {
                for j in 0..x.len() {
                    f += x[i] * x[j] * (0.5 * self.a[i][j]);
                }
                f -= x[i] * self.b[i];
            }
            Ok(f)
        }
    }

    fn rosenbrock_and_quadratic(petsc: &Petsc) -> petsc::Result<()> {
        let c = petsc.self_comm();
        for pt in [[-1.2, 1.0, 0.5, -0.3, 2.0, 4.1], [1.0; 6], [0.0; 6]] {
            let x = Vector::from_slice(&c, &pt)?;
            let mut tao = Tao::new(&c)?;
            tao.set_solution(&x)?;
            tao.set_objective_ad(Rosen)?;
            let mut h = Mat::dense(&c).sizes(Sizes::global(6, 6)).build()?;
            tao.set_hessian_ad(&h, None, Rosen)?;
            let mut g = x.duplicate()?;
            tao.compute_objective_gradient(&x, &mut g)?;
            tao.compute_hessian(&x, &mut h, None)?;
            let g = g.view()?;
            for k in 0..3 {
                let (a, b) = (pt[2 * k], pt[2 * k + 1]);
                let want_g = [
                    -400.0 * a * (b - a * a) - 2.0 * (1.0 - a),
                    200.0 * (b - a * a),
                ];
                let want_h = [
                    1200.0 * a * a - 400.0 * b + 2.0,
                    -400.0 * a,
                    -400.0 * a,
                    200.0,
                ];
                for (got, want) in g[2 * k..2 * k + 2].iter().zip(want_g) {
                    assert!(
                        (got - want).abs() <= 1e-12 * want.abs().max(1.0),
                        "{pt:?}: g {got} vs {want}"
                    );
                }
                let r = [2 * k as Int, 2 * k as Int + 1];
                for (got, want) in h.values(&r, &r)?.into_iter().zip(want_h) {
                    assert!(
                        (got - want).abs() <= 1e-12 * want.abs().max(1.0),
                        "{pt:?}: H {got} vs {want}"
                    );
                }
            }
            // Outside the 2 x 2 blocks: zero.
            assert_eq!(h.values(&[0, 1], &[2, 3, 4, 5])?, vec![0.0; 8]);
        }
        // The quadratic: 9 variables (more than one group of eight).
        let n = 9;
        let a: Vec<Vec<f64>> = (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| {
                        if i == j {
                            10.0 + i as f64
                        } else {
                            1.0 / (1 + i + j) as f64
                        }
                    })
                    .collect()
            })
            .collect();
        let b: Vec<f64> = (0..n).map(|i| i as f64 - 4.0).collect();
        let q = Rc::new(Quadratic {
            a: a.clone(),
            b: b.clone(),
        });
        let xs: Vec<f64> = (0..n).map(|i| (i as f64 * 0.7).cos()).collect();
        let x = Vector::from_slice(&c, &xs)?;
        let mut tao = Tao::new(&c)?;
        tao.set_type(TaoType::Nls)?;
        tao.set_solution(&x)?;
        tao.set_objective_ad(q.clone())?;
        let mut h = Mat::dense(&c)
            .sizes(Sizes::global(n as Int, n as Int))
            .build()?;
        tao.set_hessian_ad(&h, None, q.clone())?;
        let mut g = x.duplicate()?;
        tao.compute_objective_gradient(&x, &mut g)?;
        tao.compute_hessian(&x, &mut h, None)?;
        let all: Vec<Int> = (0..n as Int).collect();
        let hv = h.values(&all, &all)?;
        for i in 0..n {
            let want: f64 = (0..n).map(|j| a[i][j] * xs[j]).sum::<f64>() - b[i];
            let got = g.view()?[i];
            assert!(
                (got - want).abs() <= 1e-12 * want.abs().max(1.0),
                "g[{i}] {got} vs {want}"
            );
            for j in 0..n {
                assert!(
                    (hv[i * n + j] - a[i][j]).abs() <= 1e-12 * a[i][j].abs(),
                    "H[{i}, {j}]"
                );
            }
        }
        // Newton solves it in one step: A x = b.
        tao.solve()?.check()?;
        assert!(tao.iteration_number()? <= 2);

        // A diagonal pattern (one color): f = sum_i e^{x_i} - x_i, H = diag(e^{x_i}).
        struct Exps;
        impl Objective for Exps {
            fn objective<T: AdScalar>(&self, x: &[T]) -> petsc::Result<T> {
                Ok(x.iter().fold(T::zero(), |f, &xi| f + xi.exp() - xi))
            }
        }
        let n = 11;
        let xs: Vec<f64> = (0..n).map(|i| 0.1 * i as f64 - 0.5).collect();
        let x = Vector::from_slice(&c, &xs)?;
        let mut h = Mat::aij(&c)
            .sizes(Sizes::global(n as Int, n as Int))
            .preallocate(1, 0)
            .build()?;
        for i in 0..n as Int {
            h.set_values(&[i], &[i], &[0.0], InsertMode::Insert)?;
        }
        h.assemble()?;
        let mut tao = Tao::new(&c)?;
        tao.set_solution(&x)?;
        tao.set_objective_ad(Exps)?;
        tao.set_hessian_ad(&h, None, Exps)?;
        tao.compute_hessian(&x, &mut h, None)?;
        for (i, xi) in xs.iter().enumerate() {
            let got = h.values(&[i as Int], &[i as Int])?[0];
            let want = xi.exp();
            assert!(
                (got - want).abs() <= 1e-12 * want,
                "H[{i}, {i}] = {got}, expected {want}"
            );
        }
        Ok(())
    }

    /// Hand-written [`Pairs`]: objective and gradient (an MPI sum of the ranks' parts),
    /// and the Hessian on the tridiagonal pattern.
    fn hand(petsc: &Petsc, tao: &mut Tao, h: &Mat) -> petsc::Result<()> {
        let (c, start, _) = layout(petsc);
        let mpi = c.to_mpi()?;
        tao.set_objective_and_gradient_slices(move |x, g| {
            let mut mine = 0.0;
            for (k, &xi) in x.iter().enumerate() {
                let i = start + k;
                let d = xi - 1.0;
                mine += d * d * ((i + 1) as f64 * 0.5) + d.powi(4) * 0.25;
                if i % 2 == 0 {
                    mine += xi * x[k + 1] * 0.5;
                }
            }
            g.copy_from_slice(&pairs_gradient(start, x));
            let mut f = 0.0;
            mpi.all_reduce_into(&mine, &mut f, SystemOperation::sum());
            Ok(f)
        })?;
        tao.set_hessian(h, None, move |x, mats| {
            let x = x.view()?;
            let h = mats.pre();
            let n = h.size()?.1;
            for r in h.ownership_range()? {
                let cols: Vec<Int> = (r.max(1) - 1..(r + 2).min(n)).collect();
                let vals: Vec<f64> = cols
                    .iter()
                    .map(|&c| pairs_hessian(start, &x, r as usize, c as usize))
                    .collect();
                h.set_values(&[r], &cols, &vals, InsertMode::Insert)?;
            }
            h.assemble()
        })
    }

    /// Solves [`Pairs`] from `x_i = -2` with `ty` (upper bounds 0.9 with `bounds`), by
    /// hand-written derivatives and by AD: the same iterations, reason and minimizer.
    fn same_iterations(petsc: &Petsc) -> petsc::Result<()> {
        let (c, start, _) = layout(petsc);
        let runs = [
            (TaoType::Lmvm, false),
            (TaoType::Nls, false),
            (TaoType::Ntr, false),
            (TaoType::Tron, true),
            (TaoType::Blmvm, true),
        ];
        for (ty, bounds) in runs {
            let mut results = Vec::new();
            for ad in [false, true] {
                let x = vector(petsc, |_| -2.0)?;
                let h = tridiagonal(petsc)?;
                let mut tao = Tao::new(&c)?;
                tao.set_type(ty.clone())?;
                tao.set_solution(&x)?;
                if ad {
                    let obj = Rc::new(Pairs { start });
                    tao.set_objective_ad(obj.clone())?;
                    tao.set_hessian_ad(&h, None, obj)?;
                } else {
                    hand(petsc, &mut tao, &h)?;
                }
                if bounds {
                    let lo = vector(petsc, |_| -10.0)?;
                    let hi = vector(petsc, |_| 0.9)?;
                    tao.set_variable_bounds(Some(&lo), Some(&hi))?;
                }
                tao.set_tolerances(petsc::TaoTolerances {
                    gatol: Some(1e-9),
                    grtol: Some(0.0),
                    gttol: Some(0.0),
                })?;
                let reason = tao.solve()?;
                assert!(reason.is_converged(), "{ty:?} ad {ad}: {reason}");
                let its = tao.iteration_number()?;
                results.push((its, x.view()?.to_vec()));
            }
            let ((i0, x0), (i1, x1)) = (&results[0], &results[1]);
            assert_eq!(i0, i1, "{ty:?}: iterations, hand vs AD");
            assert!(*i0 > 1, "{ty:?}: {i0} iterations");
            for (a, b) in x0.iter().zip(x1) {
                assert!((a - b).abs() < 1e-10, "{ty:?}: {a} vs {b}");
            }
            if bounds {
                assert!(x0.iter().all(|&v| v <= 0.9 + 1e-14));
            }
        }
        Ok(())
    }

    /// Newton with Hessian-vector products by AD (nls and ntr without a preconditioner)
    /// takes the iterations of hand-written products.
    fn matrix_free_newton(petsc: &Petsc) -> petsc::Result<()> {
        let (c, start, _) = layout(petsc);
        for (ty, pc) in [
            (TaoType::Nls, "-tao_nls_pc_type"),
            (TaoType::Ntr, "-tao_ntr_pc_type"),
        ] {
            let mut its = Vec::new();
            for ad in [false, true] {
                let x = vector(petsc, |_| -2.0)?;
                let mut tao = Tao::new(&c)?;
                tao.set_type(ty.clone())?;
                tao.set_solution(&x)?;
                let obj = Rc::new(Pairs { start });
                tao.set_objective_ad(obj.clone())?;
                if ad {
                    tao.set_hessian_mult_ad(obj)?;
                } else {
                    tao.set_hessian_mult(move |x, v, hv| {
                        let (x, v) = (x.view()?, v.view()?);
                        for (k, y) in hv.view_mut()?.iter_mut().enumerate() {
                            let i = start + k;
                            *y = (0..LOCAL)
                                .map(|m| pairs_hessian(start, &x, i, start + m) * v[m])
                                .sum();
                        }
                        Ok(())
                    })?;
                }
                petsc.options().set_value(pc, "none")?;
                tao.set_from_options()?;
                petsc.options().clear_value(pc)?;
                tao.set_tolerances(petsc::TaoTolerances {
                    gatol: Some(1e-9),
                    grtol: Some(0.0),
                    gttol: Some(0.0),
                })?;
                tao.solve()?.check()?;
                its.push(tao.iteration_number()?);
            }
            assert_eq!(its[0], its[1], "{ty:?}: hand vs AD products");
        }
        Ok(())
    }

    /// An objective that fails on a given call, or panics.
    struct Failing {
        calls: Cell<usize>,
        fail_at: usize,
        panic: bool,
    }
    impl Objective for Failing {
        fn objective<T: AdScalar>(&self, x: &[T]) -> petsc::Result<T> {
            self.calls.set(self.calls.get() + 1);
            if self.calls.get() == self.fail_at {
                if self.panic {
                    panic!("objective exploded");
                }
                return Err(Error::user("objective undefined here"));
            }
            Rosen.objective(x)
        }
    }

    /// Errors and panics of the objective end the solve with an `Err` naming the
    /// callback, in the gradient, the Hessian and the products; the solver solves again.
    fn failing_objective(petsc: &Petsc) -> petsc::Result<()> {
        let c = petsc.self_comm();
        for (panic, fail_at) in [(false, 3), (true, 3), (false, 40), (true, 40)] {
            let x = Vector::from_slice(&c, &[-1.2, 1.0])?;
            let h = Mat::dense(&c).sizes(Sizes::global(2, 2)).build()?;
            let mut tao = Tao::new(&c)?;
            tao.set_type(TaoType::Nls)?;
            tao.set_solution(&x)?;
            let f = Rc::new(Failing {
                calls: Cell::new(0),
                fail_at,
                panic,
            });
            tao.set_objective_ad(f.clone())?;
            tao.set_hessian_ad(&h, None, f)?;
            let e = tao.solve().unwrap_err();
            match (&e, panic) {
                (Error::Callback { callback, source }, false) => {
                    assert!(callback.starts_with("Tao"), "{e:?}");
                    assert_eq!(source.to_string(), "objective undefined here");
                }
                (Error::CallbackPanic { callback, message }, true) => {
                    assert!(callback.starts_with("Tao"), "{e:?}");
                    assert_eq!(message, "objective exploded");
                }
                _ => panic!("fail at {fail_at}, panic {panic}: {e:?}"),
            }
            // The same solver solves again (the objective fails only once).
            let mut sol = tao.solution()?;
            sol.view_mut()?.copy_from_slice(&[-1.2, 1.0]);
            tao.solve()?.check()?;
            let v = x.view()?;
            assert!((v[0] - 1.0).abs() < 1e-5 && (v[1] - 1.0).abs() < 1e-5);
        }
        // Products.
        let x = Vector::from_slice(&c, &[-1.2, 1.0])?;
        let mut tao = Tao::new(&c)?;
        tao.set_type(TaoType::Ntr)?;
        tao.set_solution(&x)?;
        tao.set_objective_ad(Rosen)?;
        tao.set_hessian_mult_ad(Failing {
            calls: Cell::new(0),
            fail_at: 2,
            panic: false,
        })?;
        let e = tao.solve().unwrap_err();
        assert!(
            matches!(&e, Error::Callback { callback, source } if callback == "MatMult (shell)" && source.to_string() == "objective undefined here"),
            "{e:?}"
        );
        Ok(())
    }

    /// A preconditioning matrix of other rows than the Hessian's (on 3 ranks: on two of
    /// them only, an `Err` on all three), and products before a solution, are refused
    /// with an `Err`.
    fn bad_input(petsc: &Petsc) -> petsc::Result<()> {
        let c = petsc.self_comm();
        let mut tao = Tao::new(&c)?;
        let e = tao.set_hessian_mult_ad(Rosen).unwrap_err();
        assert!(e.to_string().contains("set_solution"), "{e}");
        let h = Mat::dense(&c).sizes(Sizes::global(2, 2)).build()?;
        let p = Mat::dense(&c).sizes(Sizes::global(3, 3)).build()?;
        let e = tao.set_hessian_ad(&h, &p, Rosen).unwrap_err();
        assert!(e.to_string().contains("rows"), "{e}");
        // The Hessian of another size than the solution.
        let x = Vector::from_slice(&c, &[0.0; 4])?;
        tao.set_solution(&x)?;
        let e = tao.set_hessian_ad(&h, None, Rosen).unwrap_err();
        assert!(e.to_string().contains("size"), "{e}");
        // On 3 ranks, a preconditioning matrix whose rows differ from the Hessian's on
        // ranks 1 and 2 only (local rows 2, 1, 1 and 2, 2, 0): an Err on every rank.
        let w = petsc.world();
        if w.size() == 3 {
            let (hl, pl) = ([2, 1, 1][w.rank() as usize], [2, 2, 0][w.rank() as usize]);
            let h = Mat::aij(&w)
                .sizes(Sizes::local(hl, hl).with_global(4, 4))
                .preallocate(1, 0)
                .build()?;
            let p = Mat::aij(&w)
                .sizes(Sizes::local(pl, pl).with_global(4, 4))
                .preallocate(1, 0)
                .build()?;
            let mut tao = Tao::new(&w)?;
            let e = tao.set_hessian_ad(&h, &p, Rosen).unwrap_err();
            assert!(e.to_string().contains("rows"), "rank {}: {e}", w.rank());
        }
        Ok(())
    }

    pub fn cases() -> Vec<Case> {
        vec![
            Case::new("closed_forms", closed_forms).ranks(&[1, 2, 3]),
            Case::new("rosenbrock_and_quadratic", rosenbrock_and_quadratic),
            Case::new("same_iterations", same_iterations).ranks(&[1, 2, 3]),
            Case::new("matrix_free_newton", matrix_free_newton).ranks(&[1, 2]),
            Case::new("failing_objective", failing_objective),
            Case::new("bad_input", bad_input).ranks(&[1, 3]),
        ]
    }
}
