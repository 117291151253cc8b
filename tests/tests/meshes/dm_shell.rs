//! DMShell at 1, 2 and 3 ranks: a shell whose closures delegate to a DMDA gives the
//! DMDA's vectors, exchanges and matrices; one given vectors and scatters exchanges
//! ghost values of a ring as computed by hand; multigrid on a shell hierarchy (coarsen
//! and interpolation closures) takes the iterations and gives the solution of
//! multigrid on the DMDA; and bad input and failing closures are `Err`s that leave the
//! shell usable.

use petsc::{
    Complex, Da, DmBase, DmShell, FieldSplit, IndexSet, InsertMode, Int, Ksp, Mat, Object, Petsc,
    Scalar, Scatter, Sizes, Subdomain, Vector,
};
use petsc_tests::Case;

/// The modulus of a real or complex scalar.
fn abs(x: impl Into<Complex<f64>>) -> f64 {
    x.into().norm()
}

/// A shell doing through closures what `da` does: vectors, exchanges, matrices, and a
/// coarser shell of the coarsened DMDA with the interpolation between the two.
fn shell_of(da: &Da) -> petsc::Result<DmShell> {
    let mut s = DmShell::new(&da.comm())?;
    let d = da.clone();
    s.set_create_global_vector(move |_| d.create_global_vector())?;
    let d = da.clone();
    s.set_create_local_vector(move |_| d.create_local_vector())?;
    let d = da.clone();
    s.set_global_to_local(
        move |_, g, mode, l| d.global_to_local(g, mode, l),
        |_, _, _, _| Ok(()),
    )?;
    let d = da.clone();
    s.set_local_to_global(
        move |_, l, mode, g| d.local_to_global(l, mode, g),
        |_, _, _, _| Ok(()),
    )?;
    let d = da.clone();
    s.set_create_matrix(move |_| d.create_matrix())?;
    let d = da.clone();
    s.set_coarsen(move |_| {
        let coarse = d.coarsen()?;
        let mut cs = shell_of(&coarse)?;
        let fine = d.clone();
        cs.set_create_interpolation(move |_, _| coarse.create_interpolation(&fine))?;
        cs.as_dm()
    })?;
    Ok(s)
}

/// Values that differ at every entry: the global index.
fn numbered(v: &mut Vector) -> petsc::Result<()> {
    let lo = v.ownership_range()?.start;
    let mut w = v.view_mut()?;
    for (k, x) in w.iter_mut().enumerate() {
        *x = Scalar::from((lo + k as Int) as f64);
    }
    Ok(())
}

/// The shell's vectors, exchanges and matrix are the DMDA's.
fn delegating(petsc: &Petsc) -> petsc::Result<()> {
    let da = Da::grid(&petsc.world()).sizes([7, 5]).dof(2).build()?;
    let shell = shell_of(&da)?;
    let mut g = shell.create_global_vector()?;
    assert_eq!(g.size()?, 70);
    assert_eq!(g.local_size()?, da.create_global_vector()?.local_size()?);
    numbered(&mut g)?;
    let (mut ls, mut ld) = (shell.create_local_vector()?, da.create_local_vector()?);
    assert_eq!(ls.size()?, ld.size()?);
    shell.global_to_local(&g, InsertMode::Insert, &mut ls)?;
    da.global_to_local(&g, InsertMode::Insert, &mut ld)?;
    assert_eq!(&ls.view()?[..], &ld.view()?[..]);
    // Adding the local vectors back doubles each owned entry (ghosts go to their owners).
    let (mut gs, mut gd) = (shell.create_global_vector()?, da.create_global_vector()?);
    gs.set(0.0)?;
    gd.set(0.0)?;
    shell.local_to_global(&ls, InsertMode::Add, &mut gs)?;
    da.local_to_global(&ld, InsertMode::Add, &mut gd)?;
    assert_eq!(&gs.view()?[..], &gd.view()?[..]);
    let a = shell.create_matrix()?;
    assert_eq!(a.size()?, (70, 70));
    assert_eq!(a.type_name()?, da.create_matrix()?.type_name()?);
    // The coarsened shell and its interpolation are the DMDA's.
    let coarse = shell.coarsen()?;
    assert_eq!(
        coarse.create_global_vector()?.size()?,
        da.coarsen()?.create_global_vector()?.size()?
    );
    let (p, _) = coarse.create_interpolation(&shell)?;
    let (q, _) = da.coarsen()?.create_interpolation(&da)?;
    assert_eq!(p.size()?, q.size()?);
    let mut x = coarse.create_global_vector()?;
    numbered(&mut x)?;
    let (mut y, mut z) = (shell.create_global_vector()?, da.create_global_vector()?);
    p.mult(&x, &mut y)?;
    q.mult(&x, &mut z)?;
    assert_eq!(&y.view()?[..], &z.view()?[..]);
    Ok(())
}

/// A ring of `n` entries per rank, exchanged through the scatters the shell is given:
/// each local vector holds the left neighbour, the owned entries and the right one.
fn scatters(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let (n, size) = (4, world.size() as Int);
    let total = n * size;
    let mut shell = DmShell::new(&world)?;
    let g0 = Vector::new_mpi(&world, Some(n), None)?;
    let std::ops::Range { start: lo, end: hi } = g0.ownership_range()?;
    let l0 = Vector::new_seq(&petsc.self_comm(), n + 2)?;
    shell.set_global_vector(&g0)?;
    shell.set_local_vector(&l0)?;
    // Global to local: the ring's neighbours around the owned entries.
    let mut from: Vec<Int> = vec![(lo - 1 + total) % total];
    from.extend(lo..hi);
    from.push(hi % total);
    let to: Vec<Int> = (0..n + 2).collect();
    let from_is = IndexSet::new_general(&petsc.self_comm(), &from)?;
    let to_is = IndexSet::new_general(&petsc.self_comm(), &to)?;
    let g2l = Scatter::new(&g0, Some(&from_is), &l0, Some(&to_is))?;
    shell.set_global_to_local_vec_scatter(&g2l)?;
    // Local to global: the owned entries back.
    let inner = IndexSet::new_general(&petsc.self_comm(), &(1..=n).collect::<Vec<_>>())?;
    let owned = IndexSet::new_general(&petsc.self_comm(), &(lo..hi).collect::<Vec<_>>())?;
    let l2g = Scatter::new(&l0, Some(&inner), &g0, Some(&owned))?;
    shell.set_local_to_global_vec_scatter(&l2g)?;
    // Local to local: reversed.
    let rev = IndexSet::new_general(&petsc.self_comm(), &(0..n + 2).rev().collect::<Vec<_>>())?;
    let l2l = Scatter::new(&l0, None, &l0, Some(&rev))?;
    shell.set_local_to_local_vec_scatter(&l2l)?;

    let mut g = shell.create_global_vector()?;
    numbered(&mut g)?;
    let mut l = shell.create_local_vector()?;
    shell.global_to_local(&g, InsertMode::Insert, &mut l)?;
    let got: Vec<f64> = l.view()?.iter().map(|&x| abs(x)).collect();
    let want: Vec<f64> = from.iter().map(|&i| i as f64).collect();
    assert_eq!(got, want);
    let mut back = shell.create_global_vector()?;
    back.set(0.0)?;
    l.scale(Scalar::from(2.0))?;
    shell.local_to_global(&l, InsertMode::Insert, &mut back)?;
    let got: Vec<f64> = back.view()?.iter().map(|&x| abs(x)).collect();
    let want: Vec<f64> = (lo..hi).map(|i| 2.0 * i as f64).collect();
    assert_eq!(got, want);
    let mut r = shell.create_local_vector()?;
    shell.local_to_local(&l, InsertMode::Insert, &mut r)?;
    let got: Vec<f64> = r.view()?.iter().map(|&x| abs(x)).collect();
    let want: Vec<f64> = from.iter().rev().map(|&i| 2.0 * i as f64).collect();
    assert_eq!(got, want);
    Ok(())
}

/// The 1D Laplacian on `da`'s layout (a 1D DMDA numbers its points in order).
fn laplacian(da: &Da) -> petsc::Result<Mat> {
    let mut a = da.create_matrix()?;
    let n = da.info()?.mx;
    let std::ops::Range { start: lo, end: hi } = a.ownership_range()?;
    for i in lo..hi {
        let cols: Vec<Int> = [i - 1, i, i + 1]
            .into_iter()
            .filter(|&j| (0..n).contains(&j))
            .collect();
        let vals: Vec<Scalar> = cols
            .iter()
            .map(|&j| Scalar::from(if j == i { 2.0 } else { -1.0 }))
            .collect();
        a.set_values(&[i], &cols, &vals, InsertMode::Insert)?;
    }
    a.assemble()?;
    Ok(a)
}

/// Solves `A x = 1` with Galerkin multigrid on three levels of `dm`'s hierarchy;
/// returns the iterations and the solution.
fn mg_solve<D: DmBase>(dm: &D, a: &Mat, prefix: &str) -> petsc::Result<(Int, Vector)> {
    let petsc = a.petsc().clone();
    let opts = petsc.options();
    for (k, v) in [
        ("pc_type", "mg"),
        ("pc_mg_levels", "3"),
        ("pc_mg_galerkin", "both"),
        ("ksp_rtol", "1e-10"),
    ] {
        opts.set_value(&format!("-{prefix}{k}"), v)?;
    }
    let mut ksp = Ksp::new(&a.comm())?;
    ksp.set_options_prefix(prefix)?;
    ksp.set_dm(dm)?;
    ksp.set_dm_active(false)?;
    ksp.set_operators(a, a)?;
    ksp.set_from_options()?;
    let (mut x, mut b) = a.create_vecs()?;
    b.set(1.0)?;
    ksp.solve(&b, &mut x)?.check()?;
    Ok((ksp.iteration_number()?, x))
}

/// Multigrid on the shell hierarchy is multigrid on the DMDA's.
fn multigrid(petsc: &Petsc) -> petsc::Result<()> {
    let da = Da::grid(&petsc.world()).sizes([129]).build()?;
    let a = laplacian(&da)?;
    let (its_da, x_da) = mg_solve(&da, &a, "da_")?;
    let shell = shell_of(&da)?;
    let (its_shell, mut x_shell) = mg_solve(&shell, &a, "shell_")?;
    assert_eq!(its_shell, its_da);
    assert!(its_da <= 12, "{its_da} iterations");
    x_shell.axpy(Scalar::from(-1.0), &x_da)?;
    let diff = x_shell.norm(petsc::NormType::Two)?;
    assert!(diff <= 1e-12 * x_da.norm(petsc::NormType::Two)?, "{diff}");
    Ok(())
}

/// Two interleaved fields (`u` on even unknowns, a 1D Laplacian; `v` on odd ones, `3 I`)
/// split by the shell's field closure: `-pc_type fieldsplit` on a solver with the shell
/// finds both fields by name and solves the system.
fn field_split(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let pairs: Int = 5;
    let g = Vector::new_mpi(&world, Some(2 * pairs), None)?;
    let range = g.ownership_range()?;
    let n = g.size()?;
    let mut shell = DmShell::new(&world)?;
    shell.set_global_vector(&g)?;
    let w = world.clone();
    shell.set_create_field_decomposition(move |_| {
        let even: Vec<Int> = range.clone().filter(|i| i % 2 == 0).collect();
        let odd: Vec<Int> = range.clone().filter(|i| i % 2 == 1).collect();
        Ok(vec![
            FieldSplit {
                name: "u".into(),
                is: IndexSet::new_general(&w, &even)?,
                dm: None,
            },
            FieldSplit {
                name: "v".into(),
                is: IndexSet::new_general(&w, &odd)?,
                dm: None,
            },
        ])
    })?;
    let split = shell.create_field_decomposition()?;
    assert_eq!(
        split.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["u", "v"]
    );
    let mut a = Mat::aij(&world)
        .sizes(Sizes::local(2 * pairs, 2 * pairs))
        .preallocate(3, 1)
        .build()?;
    for i in g.ownership_range()? {
        if i % 2 == 0 {
            let cols: Vec<Int> = [i - 2, i, i + 2]
                .into_iter()
                .filter(|&j| (0..n).contains(&j))
                .collect();
            let vals: Vec<Scalar> = cols
                .iter()
                .map(|&j| Scalar::from(if j == i { 2.0 } else { -1.0 }))
                .collect();
            a.set_values(&[i], &cols, &vals, InsertMode::Insert)?;
        } else {
            a.set_values(&[i], &[i], &[Scalar::from(3.0)], InsertMode::Insert)?;
        }
    }
    a.assemble()?;
    let mut ksp = Ksp::new(&world)?;
    ksp.set_dm(&shell)?;
    ksp.set_dm_active(false)?;
    ksp.set_operators(&a, &a)?;
    ksp.set_type_name("gmres")?;
    ksp.pc()?.set_type_name("fieldsplit")?;
    ksp.set_tolerances(petsc::KspTolerances {
        rtol: Some(1e-12),
        ..Default::default()
    })?;
    let (mut x, mut b) = a.create_vecs()?;
    b.set(1.0)?;
    ksp.solve(&b, &mut x)?.check()?;
    let subs = ksp.pc()?.fieldsplit_sub_ksp()?;
    assert_eq!(subs.len(), 2);
    assert_eq!(subs[0].options_prefix()?, "fieldsplit_u_");
    assert_eq!(subs[1].options_prefix()?, "fieldsplit_v_");
    let mut r = b.duplicate()?;
    a.mult(&x, &mut r)?;
    r.axpy(Scalar::from(-1.0), &b)?;
    assert!(r.norm(petsc::NormType::Two)? < 1e-9);
    // A DM for one field but not the other is refused (PETSc reads every entry).
    let mut mixed = DmShell::new(&world)?;
    mixed.set_global_vector(&g)?;
    let (w, me) = (world.clone(), shell.as_dm()?);
    mixed.set_create_field_decomposition(move |_| {
        Ok(vec![
            FieldSplit {
                name: "u".into(),
                is: IndexSet::new_general(&w, &[])?,
                dm: Some(me.clone()),
            },
            FieldSplit {
                name: "v".into(),
                is: IndexSet::new_general(&w, &[])?,
                dm: None,
            },
        ])
    })?;
    let e = mixed.create_field_decomposition().unwrap_err().report();
    assert!(e.contains("every field or to none"), "{e}");
    // The odd unknowns are 1/3 exactly.
    let lo = x.ownership_range()?.start;
    for (k, v) in x.view()?.iter().enumerate() {
        if (lo + k as Int) % 2 == 1 {
            assert!((abs(*v) - 1.0 / 3.0).abs() < 1e-10);
        }
    }
    Ok(())
}

/// Additive Schwarz on the shell's subdomains (a rank's unknowns, grown by two on each
/// side) is additive Schwarz with PETSc's own overlap of two on the 1D Laplacian: the
/// same subdomains, so the same iterations and solution; the solver asked the shell.
fn domain_decomposition(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let g = Vector::new_mpi(&world, Some(8), None)?;
    let (range, n) = (g.ownership_range()?, g.size()?);
    let mut shell = DmShell::new(&world)?;
    shell.set_global_vector(&g)?;
    let me = petsc.self_comm();
    let calls = std::rc::Rc::new(std::cell::Cell::new(0));
    let counted = calls.clone();
    shell.set_create_domain_decomposition(move |_| {
        counted.set(counted.get() + 1);
        let inner: Vec<Int> = range.clone().collect();
        let outer: Vec<Int> = (range.start - 2..range.end + 2)
            .filter(|i| (0..n).contains(i))
            .collect();
        Ok(vec![Subdomain {
            name: "mine".into(),
            inner: IndexSet::new_general(&me, &inner)?,
            outer: IndexSet::new_general(&me, &outer)?,
            dm: None,
        }])
    })?;
    let parts = shell.create_domain_decomposition()?;
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].inner.size()?, 8);
    let before = calls.get();
    let da = Da::grid(&world).sizes([n]).build()?;
    let a = laplacian(&da)?;
    let solve = |prefix: &str,
                 options: &[(&str, &str)],
                 dm: Option<&DmShell>|
     -> petsc::Result<(Int, Vector)> {
        let opts = petsc.options();
        for (k, v) in options {
            opts.set_value(&format!("-{prefix}{k}"), v)?;
        }
        let mut ksp = Ksp::new(&world)?;
        ksp.set_options_prefix(prefix)?;
        if let Some(dm) = dm {
            ksp.set_dm(dm)?;
            ksp.set_dm_active(false)?;
        }
        ksp.set_operators(&a, &a)?;
        ksp.set_from_options()?;
        let (mut x, mut b) = a.create_vecs()?;
        b.set(1.0)?;
        ksp.solve(&b, &mut x)?.check()?;
        Ok((ksp.iteration_number()?, x))
    };
    let common = [
        ("ksp_type", "gmres"),
        ("pc_type", "asm"),
        ("sub_pc_type", "lu"),
        ("ksp_rtol", "1e-10"),
    ];
    let mut dd = common.to_vec();
    dd.push(("pc_asm_dm_subdomains", "true"));
    let (its_dm, x_dm) = solve("ddm_", &dd, Some(&shell))?;
    let mut own = common.to_vec();
    own.push(("pc_asm_overlap", "2"));
    let (its_own, mut x_own) = solve("ddo_", &own, None)?;
    assert!(
        calls.get() > before,
        "additive Schwarz did not ask the shell"
    );
    assert_eq!(its_dm, its_own);
    x_own.axpy(Scalar::from(-1.0), &x_dm)?;
    assert!(x_own.norm(petsc::NormType::Two)? < 1e-10 * x_dm.norm(petsc::NormType::Two)?);
    Ok(())
}

/// Failing closures, missing closures and bad objects are `Err`s; the shell stays usable.
fn errors(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let mut shell = DmShell::new(&world)?;
    // Nothing to make vectors from: PETSc's error.
    assert!(shell.create_global_vector().is_err());
    shell.set_create_global_vector(|_| Err(petsc::Error::invalid("test", "no vector today")))?;
    let e = shell.create_global_vector().unwrap_err().report();
    assert!(
        e.contains("DMShell create global vector") && e.contains("no vector today"),
        "{e}"
    );
    shell.set_create_global_vector(|_| panic!("a panicking closure"))?;
    let e = shell.create_global_vector().unwrap_err().report();
    assert!(e.contains("a panicking closure"), "{e}");
    let w = world.clone();
    shell.set_create_global_vector(move |_| Vector::new_mpi(&w, Some(3), None))?;
    assert_eq!(shell.create_global_vector()?.local_size()?, 3);
    // A transfer closure that fails is the exchange's `Err`; the vectors stay usable.
    let me = petsc.self_comm();
    shell.set_create_local_vector(move |_| Vector::new_seq(&me, 3))?;
    shell.set_global_to_local(
        |_, _, _, _| Err(petsc::Error::invalid("test", "no exchange today")),
        |_, _, _, _| Ok(()),
    )?;
    let g = shell.create_global_vector()?;
    let mut l = shell.create_local_vector()?;
    let e = shell
        .global_to_local(&g, InsertMode::Insert, &mut l)
        .unwrap_err()
        .report();
    assert!(
        e.contains("global-to-local begin") && e.contains("no exchange today"),
        "{e}"
    );
    l.set(1.0)?;
    // A closure that replaces its output instead of writing into it.
    let me2 = petsc.self_comm();
    shell.set_global_to_local(
        move |_, _, _, l| {
            *l = Vector::new_seq(&me2, 3)?;
            Ok(())
        },
        |_, _, _, _| Ok(()),
    )?;
    assert!(shell
        .global_to_local(&g, InsertMode::Insert, &mut l)
        .is_err());
    // Objects of another communicator, and a local vector on several ranks.
    if world.size() > 1 {
        let alone = Vector::new_seq(&petsc.self_comm(), 3)?;
        let e = shell.set_global_vector(&alone).unwrap_err().report();
        assert!(e.contains("communicator"), "{e}");
        let spread = Vector::new_mpi(&world, Some(3), None)?;
        assert!(shell.set_local_vector(&spread).is_err());
    }
    Ok(())
}

pub fn cases() -> Vec<Case> {
    const R: &[usize] = &[1, 2, 3];
    vec![
        Case::new("shell_delegating", delegating).ranks(R),
        Case::new("shell_scatters", scatters).ranks(R),
        Case::new("shell_multigrid", multigrid).ranks(R),
        Case::new("shell_field_split", field_split).ranks(R),
        Case::new("shell_domain_decomposition", domain_decomposition).ranks(R),
        Case::new("shell_errors", errors).ranks(R),
    ]
}
