//! Shell objects completed: a shell matrix's diagonal and added products, a shell
//! preconditioner's name, transpose and set-up, checked against the same solves with
//! assembled matrices and PETSc's own preconditioners at 1, 2 and 3 ranks.

use std::cell::Cell;
use std::rc::Rc;

use petsc::{
    Complex, Error, Int, Ksp, KspTolerances, KspType, Mat, Object, PcType, Petsc, Scalar, Sizes,
    Vector, Viewer,
};
use petsc_tests::Case;

/// The real part of a real or complex scalar.
fn re(x: impl Into<Complex<f64>>) -> f64 {
    x.into().re
}

const N: Int = 40;

/// The 1D operator `A = tridiag(-1, 2 + k_i, -1)`, `k_i = i / N` (a varying diagonal,
/// so that Jacobi differs from no preconditioner), assembled.
fn assembled(petsc: &Petsc) -> petsc::Result<Mat> {
    petsc_tests::varying_tridiagonal(petsc, N)
}

/// The same operator as a shell whose product is the assembled matrix's, with the
/// diagonal and the added products given as closures (each counting its calls).
fn shell(petsc: &Petsc, calls: &Rc<[Cell<usize>; 3]>) -> petsc::Result<Mat> {
    let world = petsc.world();
    let inner = assembled(petsc)?;
    let (m, _) = inner.local_size()?;
    let product = inner.clone();
    let mut a = Mat::shell(&world)
        .sizes(Sizes::local(m, m).with_global(N, N))
        .build(move |x, y| product.mult(x, y))?;
    let (c, diag) = (calls.clone(), inner.clone());
    a.set_shell_get_diagonal(move |d| {
        c[0].set(c[0].get() + 1);
        diag.diagonal_into(d)
    })?;
    let (c, add) = (calls.clone(), inner.clone());
    a.set_shell_mult_add(move |x, y, z| {
        c[1].set(c[1].get() + 1);
        add.mult_add(x, y, z)
    })?;
    let c = calls.clone();
    a.set_shell_mult_transpose_add(move |x, y, z| {
        c[2].set(c[2].get() + 1);
        inner.mult_transpose_add(x, y, z)
    })?;
    Ok(a)
}

/// CG with Jacobi on the shell takes the iterations it takes on the assembled matrix
/// and gives the same solution (1e-10), through the shell's diagonal closure; the added
/// products equal the assembled ones, in place too (`z = y + A x` with `z` being `y`);
/// a failing diagonal closure is the solve's `Err`, and the same solver solves after.
fn shell_matrix_operations(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let calls = Rc::new([Cell::new(0), Cell::new(0), Cell::new(0)]);
    let a = assembled(petsc)?;
    let s = shell(petsc, &calls)?;
    let mut b = Vector::new_mpi(&world, Some(a.local_size()?.0), Some(N))?;
    b.set(1.0)?;
    let solve = |op: &Mat| -> petsc::Result<(Int, Vector)> {
        let mut ksp = Ksp::new(&world)?;
        ksp.set_operators(op, op)?;
        ksp.set_type(KspType::Cg)?;
        ksp.pc()?.set_type(PcType::Jacobi)?;
        ksp.set_tolerances(KspTolerances {
            rtol: Some(1e-12),
            ..Default::default()
        })?;
        let mut x = b.duplicate()?;
        ksp.solve(&b, &mut x)?.check()?;
        Ok((ksp.iteration_number()?, x))
    };
    let (its_a, xa) = solve(&a)?;
    let (its_s, xs) = solve(&s)?;
    assert_eq!(its_s, its_a);
    assert!(calls[0].get() > 0, "the diagonal closure was not called");
    let mut diff = xs.duplicate()?;
    diff.copy_from(&xs)?;
    diff.axpy(-1.0, &xa)?;
    assert!(diff.norm(petsc::NormType::Infinity)? < 1e-10);

    // z = y + A x and z = y + A^T x, then in place.
    let mut x = b.duplicate()?;
    {
        let lo = x.ownership_range()?.start;
        let mut v = x.view_mut()?;
        for (k, xi) in v.iter_mut().enumerate() {
            *xi = Scalar::from(((lo + k as Int) % 7) as f64);
        }
    }
    for transpose in [false, true] {
        let (mut za, mut zs) = (b.duplicate()?, b.duplicate()?);
        let mut in_place = b.duplicate()?;
        in_place.copy_from(&b)?;
        if transpose {
            a.mult_transpose_add(&x, &b, &mut za)?;
            s.mult_transpose_add(&x, &b, &mut zs)?;
            let y = in_place.clone();
            s.mult_transpose_add(&x, &y, &mut in_place)?;
        } else {
            a.mult_add(&x, &b, &mut za)?;
            s.mult_add(&x, &b, &mut zs)?;
            let y = in_place.clone();
            s.mult_add(&x, &y, &mut in_place)?;
        }
        for (z, what) in [(&zs, "z"), (&in_place, "z in place")] {
            let (z, za) = (z.view()?, za.view()?);
            for k in 0..z.len() {
                assert!(
                    (re(z[k]) - re(za[k])).abs() < 1e-12,
                    "{what} ({transpose}): {k}"
                );
            }
        }
    }
    assert!(calls[1].get() >= 2 && calls[2].get() >= 2);

    // A failing diagonal: the Jacobi set-up fails, on every rank; then it works again.
    let fail = Rc::new(Cell::new(true));
    let mut t = Mat::shell(&world)
        .sizes(Sizes {
            local_rows: Some(a.local_size()?.0),
            global_rows: Some(N),
            global_cols: Some(N),
            ..Default::default()
        })
        .build({
            let a = a.clone();
            move |x, y| a.mult(x, y)
        })?;
    let (f, d) = (fail.clone(), a.clone());
    t.set_shell_get_diagonal(move |v| {
        if f.get() {
            return Err(Error::invalid("diagonal", "not computed yet"));
        }
        d.diagonal_into(v)
    })?;
    let mut ksp = Ksp::new(&world)?;
    ksp.set_operators(&t, &t)?;
    ksp.set_type(KspType::Cg)?;
    ksp.pc()?.set_type(PcType::Jacobi)?;
    let mut y = b.duplicate()?;
    let err = ksp.solve(&b, &mut y).unwrap_err();
    assert!(err.report().contains("not computed yet"), "{err}");
    fail.set(false);
    ksp.set_operators(&t, &t)?;
    ksp.solve(&b, &mut y)?.check()?;

    // Not a shell.
    let mut aij = a.clone();
    let err = aij.set_shell_get_diagonal(|_| Ok(())).unwrap_err();
    assert!(err.report().contains("not a shell matrix"), "{err}");
    Ok(())
}

/// A shell preconditioner doing Jacobi by hand: named (`-ksp_view`'s `Shell:` line),
/// set up from the operator by its set-up closure (again when the operator changes),
/// and applied transposed in a transposed solve; GMRES takes with it the iterations
/// PETSc's `jacobi` takes, forward and transposed, to the same solution.
fn shell_preconditioner(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let a = assembled(petsc)?;
    let mut b = Vector::new_mpi(&world, Some(a.local_size()?.0), Some(N))?;
    b.set(1.0)?;
    let run = |shell: bool, transpose: bool| -> petsc::Result<(Int, Vector, Ksp)> {
        let mut ksp = Ksp::new(&world)?;
        ksp.set_operators(&a, &a)?;
        ksp.set_type(KspType::Gmres)?;
        ksp.set_tolerances(KspTolerances {
            rtol: Some(1e-10),
            ..Default::default()
        })?;
        let mut pc = ksp.pc()?;
        if shell {
            // The inverse diagonal, made at set-up.
            let inv = Rc::new(std::cell::RefCell::new(None::<Vector>));
            let apply = |inv: Rc<std::cell::RefCell<Option<Vector>>>| {
                move |x: &Vector, y: &mut Vector| {
                    let inv = inv.borrow();
                    let d = inv
                        .as_ref()
                        .ok_or_else(|| Error::invalid("apply", "not set up"))?;
                    y.pointwise_mult(x, d)
                }
            };
            pc.set_shell_apply(apply(inv.clone()))?;
            pc.set_shell_apply_transpose(apply(inv.clone()))?;
            pc.set_shell_setup(move |pc| {
                let (op, _) = pc.operators()?;
                let mut d = op.create_vecs()?.0;
                op.diagonal_into(&mut d)?;
                d.reciprocal()?;
                *inv.borrow_mut() = Some(d);
                Ok(())
            })?;
            pc.set_shell_name("MyPreconditioner")?;
        } else {
            pc.set_type(PcType::Jacobi)?;
        }
        let mut x = b.duplicate()?;
        if transpose {
            ksp.solve_transpose(&b, &mut x)?.check()?;
        } else {
            ksp.solve(&b, &mut x)?.check()?;
        }
        Ok((ksp.iteration_number()?, x, ksp))
    };
    for transpose in [false, true] {
        let (its_j, xj, _) = run(false, transpose)?;
        let (its_s, xs, ksp) = run(true, transpose)?;
        assert_eq!(its_s, its_j, "transpose {transpose}");
        let mut diff = xs.duplicate()?;
        diff.copy_from(&xs)?;
        diff.axpy(-1.0, &xj)?;
        assert!(diff.norm(petsc::NormType::Infinity)? < 1e-9);
        assert_eq!(ksp.pc()?.shell_name()?.as_deref(), Some("MyPreconditioner"));
        if !transpose {
            // The view names the shell, as C's ksp ex15 shows it.
            let path = std::env::temp_dir().join(format!(
                "petsc-rs-shell-view-{}-{}.txt",
                std::process::id(),
                world.size()
            ));
            {
                let v = Viewer::ascii_file(&world, path.to_str().expect("a UTF-8 path"))?;
                ksp.view_with(&v)?;
            }
            // PETSc's ASCII file viewer writes on the first rank only.
            if world.rank() == 0 {
                let text = std::fs::read_to_string(&path).expect("the view");
                let _ = std::fs::remove_file(&path);
                assert!(text.contains("type: shell"), "{text}");
                assert!(text.contains("MyPreconditioner"), "{text}");
            }
        }
    }

    // A failing set-up is the solve's Err; a name or transpose before a shell is an Err.
    let mut ksp = Ksp::new(&world)?;
    ksp.set_operators(&a, &a)?;
    let mut pc = ksp.pc()?;
    assert!(pc.set_shell_name("x").is_err());
    assert!(pc.set_shell_apply_transpose(|x, y| y.copy_from(x)).is_err());
    pc.set_shell_apply(|x, y| y.copy_from(x))?;
    pc.set_shell_setup(|_| Err(Error::invalid("set-up", "refused on purpose")))?;
    let mut x = b.duplicate()?;
    let err = ksp.solve(&b, &mut x).unwrap_err();
    assert!(err.report().contains("refused on purpose"), "{err}");
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("shell_matrix_operations", shell_matrix_operations).ranks(&[1, 2, 3]),
        Case::new("shell_preconditioner", shell_preconditioner).ranks(&[1, 2, 3]),
    ]
}
