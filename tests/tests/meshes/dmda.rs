//! DMDA: halo exchange, views, matrices by stencil, coordinates, options and bad input,
//! at 1, 2 and 3 ranks.

use petsc::{
    BoundaryType, Complex, Corners, Da, InsertMode, Int, Petsc, Scalar, ScatterMode, Sizes,
    Stencil, StencilType, Vector,
};
use petsc_tests::Case;

/// The imaginary unit in a complex build, zero in a real one.
#[cfg(petsc_complex)]
const IM: Scalar = Complex::new(0.0, 1.0);
#[cfg(not(petsc_complex))]
const IM: Scalar = 0.0;

/// The modulus of a real or complex scalar.
fn abs(x: impl Into<Complex<f64>>) -> f64 {
    x.into().norm()
}

/// The value stored at grid point `p`, component `c`: distinct for every entry (with an
/// imaginary part in a complex build).
fn f(p: [Int; 3], c: Int) -> Scalar {
    Scalar::from((p[0] + 100 * p[1] + 10_000 * p[2]) as f64 + 1.0e6 * c as f64)
        + IM * (p[0] - 3 * p[1] + 7 * p[2] - 5 * c) as f64
}

/// The sum of `x` over all ranks of `petsc.world()`.
fn all_sum(petsc: &Petsc, x: Scalar) -> petsc::Result<Scalar> {
    let mut v = Vector::new_mpi(&petsc.world(), Some(1), None)?;
    v.set(x)?;
    v.sum()
}

/// Where a ghosted local vector's entry at `p` comes from in `global_to_local`:
/// `None` where PETSc leaves it unspecified (corner ghosts of a star stencil),
/// `Some(None)` where nothing is scattered (beyond a ghosted boundary; stays 0),
/// `Some(Some(q))` when it is filled from grid point `q` (wrapped if periodic).
fn ghost_source(
    dim: usize,
    sizes: [Int; 3],
    owned: Corners,
    st: StencilType,
    bnd: [BoundaryType; 3],
    p: [Int; 3],
) -> Option<Option<[Int; 3]>> {
    let off_owned = (0..dim)
        .filter(|&d| p[d] < owned.start[d] || p[d] >= owned.start[d] + owned.len[d])
        .count();
    if st == StencilType::Star && off_owned > 1 {
        return None;
    }
    let mut q = p;
    let mut outside = false;
    for d in 0..dim {
        if p[d] < 0 || p[d] >= sizes[d] {
            match bnd[d] {
                BoundaryType::Periodic => q[d] = p[d].rem_euclid(sizes[d]),
                BoundaryType::Ghosted => outside = true,
                _ => return None,
            }
        }
    }
    Some(if outside { None } else { Some(q) })
}

#[allow(clippy::too_many_arguments)]
fn halo_case(
    petsc: &Petsc,
    dim: usize,
    sizes: [Int; 3],
    dof: Int,
    s: Int,
    st: StencilType,
    bnd: [BoundaryType; 3],
) -> petsc::Result<()> {
    let da = Da::grid(&petsc.world())
        .sizes(&sizes[..dim])
        .dof(dof)
        .stencil_width(s)
        .stencil(st)
        .boundary(&bnd[..dim])
        .build()?;
    let info = da.info()?;
    assert_eq!((info.dim, info.dof, info.stencil_width), (dim, dof, s));
    assert_eq!(info.stencil_type, st);
    let owned = da.corners()?;
    let ghost = da.ghost_corners()?;
    assert_eq!(owned, info.corners());
    assert_eq!(ghost, info.ghost_corners());
    // The owned boxes partition the grid.
    let total: Int = sizes[..dim].iter().product();
    assert_eq!(
        all_sum(petsc, Scalar::from(owned.count() as f64))?,
        Scalar::from(total as f64)
    );
    for (d, &n) in sizes.iter().enumerate() {
        assert!(owned.start[d] >= 0 && owned.end()[d] <= n.max(1));
        assert!(ghost.start[d] <= owned.start[d] && ghost.end()[d] >= owned.end()[d]);
    }

    let mut g = da.create_global_vector()?;
    {
        let mut v = da.view_mut(&mut g)?;
        assert!(!v.is_ghosted());
        assert_eq!(v.corners(), owned);
        for p in owned.iter() {
            for c in 0..dof {
                v.set(p, c, f(p, c));
            }
        }
    }
    let mut l = da.create_local_vector()?;
    da.global_to_local(&g, InsertMode::Insert, &mut l)?;
    let v = da.view(&l)?;
    assert!(v.is_ghosted() || ghost == owned);
    assert_eq!(v.corners(), ghost);
    let mut checked = 0usize;
    for p in ghost.iter() {
        for c in 0..dof {
            if let Some(src) = ghost_source(dim, sizes, owned, st, bnd, p) {
                let want = src.map_or(Scalar::from(0.0), |q| f(q, c));
                assert_eq!(
                    v.get(p, c),
                    want,
                    "ghost {p:?} component {c} (dim {dim}, sizes {sizes:?}, {st:?}, {bnd:?})"
                );
                assert_eq!(v.at(p)[c as usize], want);
                checked += 1;
            }
        }
    }
    assert!(checked >= owned.count() * dof as usize);
    drop(v);

    // The DMDA's own scatters (DMDAGetScatter): global to local gives what
    // global_to_local gave; local to local, from that local vector, the same again
    // (each point from its owner's local vector). The wrong vectors are refused.
    let (gtol, ltol) = da.scatter()?;
    let mut l2 = da.create_local_vector()?;
    gtol.scatter(&g, &mut l2, InsertMode::Insert, ScatterMode::Forward)?;
    assert_eq!(
        &*l2.view()?,
        &*l.view()?,
        "DMDAGetScatter's global to local"
    );
    let mut l3 = da.create_local_vector()?;
    ltol.scatter(&l2, &mut l3, InsertMode::Insert, ScatterMode::Forward)?;
    for p in ghost.iter() {
        if let Some(Some(_)) = ghost_source(dim, sizes, owned, st, bnd, p) {
            assert_eq!(
                da.view(&l3)?.at(p),
                da.view(&l)?.at(p),
                "local to local at {p:?}"
            );
        }
    }
    let wrong = Vector::new_seq(&petsc.self_comm(), g.local_size()? + 1)?;
    let e = gtol
        .scatter(&wrong, &mut l2, InsertMode::Insert, ScatterMode::Forward)
        .unwrap_err();
    assert!(e.report().contains("size mismatch"), "{e}");
    drop((gtol, ltol));

    // local_to_global with Add: every local entry that the exchange fills sends one
    // contribution to its owner, so with 1 everywhere the totals must agree.
    let mut ones = da.create_local_vector()?;
    let mut valid = 0usize;
    {
        let mut v = da.view_mut(&mut ones)?;
        for p in ghost.iter() {
            for c in 0..dof {
                v.set(p, c, Scalar::from(1.0));
            }
            if let Some(Some(_)) = ghost_source(dim, sizes, owned, st, bnd, p) {
                valid += dof as usize;
            }
        }
    }
    let mut acc = da.create_global_vector()?;
    acc.set(0.0)?;
    da.local_to_global(&ones, InsertMode::Add, &mut acc)?;
    let min = acc.min()?.value;
    assert!(min >= 1.0, "every point gets at least its own contribution");
    assert_eq!(acc.sum()?, all_sum(petsc, Scalar::from(valid as f64))?);
    // Insert ignores ghosts; PETSc 3.18 refuses it (on every rank) for a periodic
    // direction that is not split over ranks.
    let mut ins = da.create_global_vector()?;
    match da.local_to_global(&ones, InsertMode::Insert, &mut ins) {
        Ok(()) => assert_eq!(ins.sum()?, Scalar::from((total * dof) as f64)),
        Err(e) => {
            let m = e.report();
            assert!(m.contains("Available only for boundary none"), "{m}");
            // PETSc 3.18's condition (dagtol.c), quirks included: y and z test `bx`.
            use BoundaryType::{Ghosted, None as Plain};
            let [bx, by, bz] = bnd;
            let [m, n, p] = info.procs;
            let refused = (!(bx == Ghosted || bx == Plain) && m == 1)
                || (!(bx == Ghosted || by == Plain) && n == 1)
                || (!(bx == Ghosted || bz == Plain) && p == 1);
            assert!(refused && s > 0, "unexpected refusal: {e}");
        }
    }
    Ok(())
}

fn halo_1d(petsc: &Petsc) -> petsc::Result<()> {
    use BoundaryType::*;
    for (bnd, s, dof) in [
        (None, 1, 1),
        (Periodic, 1, 1),
        (Periodic, 2, 2),
        (Ghosted, 2, 3),
    ] {
        halo_case(
            petsc,
            1,
            [11, 1, 1],
            dof,
            s,
            StencilType::Star,
            [bnd, None, None],
        )?;
    }
    Ok(())
}

fn halo_2d(petsc: &Petsc) -> petsc::Result<()> {
    use BoundaryType::*;
    for st in [StencilType::Star, StencilType::Box] {
        halo_case(petsc, 2, [7, 6, 1], 1, 1, st, [Periodic, None, None])?;
        halo_case(petsc, 2, [9, 8, 1], 3, 2, st, [None, Periodic, None])?;
        halo_case(petsc, 2, [6, 7, 1], 2, 1, st, [Ghosted, Ghosted, None])?;
    }
    Ok(())
}

fn halo_3d(petsc: &Petsc) -> petsc::Result<()> {
    use BoundaryType::*;
    halo_case(
        petsc,
        3,
        [5, 4, 6],
        1,
        1,
        StencilType::Star,
        [None, None, Periodic],
    )?;
    halo_case(
        petsc,
        3,
        [4, 5, 6],
        2,
        1,
        StencilType::Box,
        [Periodic, None, Periodic],
    )?;
    halo_case(
        petsc,
        3,
        [6, 4, 5],
        2,
        1,
        StencilType::Box,
        [None, Ghosted, None],
    )?;
    Ok(())
}

/// 5-point Laplacian with identity rows on the boundary, applied to u = i^2 + j^2:
/// interior rows give 4u - (neighbours) = -4, boundary rows give u.
fn laplacian_by_stencil(petsc: &Petsc) -> petsc::Result<()> {
    let (mx, my) = (9, 7);
    let da = Da::grid(&petsc.world()).sizes([mx, my]).build()?;
    let mut a = da.create_matrix()?;
    for [i, j, _] in da.corners()?.iter() {
        let row = Stencil::new(i, j, 0, 0);
        if i == 0 || j == 0 || i == mx - 1 || j == my - 1 {
            a.set_values_stencil(&[row], &[row], &[Scalar::from(1.0)], InsertMode::Insert)?;
        } else {
            let cols = [
                row,
                Stencil::new(i - 1, j, 0, 0),
                Stencil::new(i + 1, j, 0, 0),
                Stencil::new(i, j - 1, 0, 0),
                Stencil::new(i, j + 1, 0, 0),
            ];
            a.set_values_stencil(
                &[row],
                &cols,
                &[4.0, -1.0, -1.0, -1.0, -1.0].map(Scalar::from),
                InsertMode::Insert,
            )?;
        }
    }
    a.assemble()?;
    let mut u = da.create_global_vector()?;
    {
        let mut v = da.view_mut(&mut u)?;
        for [i, j, _] in da.corners()?.iter() {
            v[(i, j)] = Scalar::from((i * i + j * j) as f64);
        }
    }
    let mut y = da.create_global_vector()?;
    a.mult(&u, &mut y)?;
    let v = da.view(&y)?;
    for [i, j, _] in da.corners()?.iter() {
        let want = Scalar::from(if i == 0 || j == 0 || i == mx - 1 || j == my - 1 {
            (i * i + j * j) as f64
        } else {
            -4.0
        });
        assert_eq!(v[(i, j)], want, "row ({i}, {j})");
    }
    drop(v);
    // Out of the ghosted box, wrong value count: Err before C is called.
    let far = Stencil::new(mx + 3, 0, 0, 0);
    let e = a
        .set_values_stencil(&[far], &[far], &[Scalar::from(1.0)], InsertMode::Insert)
        .unwrap_err();
    assert!(e.report().contains("ghosted box"), "{e}");
    let here = Stencil::new(da.corners()?.start[0], da.corners()?.start[1], 0, 0);
    let e = a
        .set_values_stencil(
            &[here],
            &[here, here],
            &[Scalar::from(1.0)],
            InsertMode::Insert,
        )
        .unwrap_err();
    assert!(e.report().contains("need 2 values"), "{e}");
    let bad_c = Stencil::new(here.i, here.j, 0, 1);
    assert!(a
        .set_values_stencil(&[bad_c], &[here], &[Scalar::from(1.0)], InsertMode::Insert)
        .is_err());
    Ok(())
}

/// `Mat::set_dm`: a matrix made with a preallocation of its own, given the DMDA's
/// numbering, box and grid, assembles the 5-point Laplacian by stencil into the same
/// matrix as `Da::create_matrix` (their products agree); with two degrees of freedom and
/// a matching block size, blocks by point; a matrix of other local sizes, or of block
/// size 1 for two degrees of freedom, refused; a second grid replaces the first.
fn matrix_set_dm(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let (mx, my) = (9, 7);
    let da = Da::grid(&world).sizes([mx, my]).build()?;
    let n = da.create_global_vector()?.local_size()?;
    let mut a = petsc::Mat::aij(&world)
        .sizes(petsc::Sizes::local(n, n))
        .preallocate(5, 4)
        .build()?;
    a.set_dm(&da)?;
    assert_eq!(a.dm()?.expect("a grid").info()?.mx, mx);
    let mut b = da.create_matrix()?;
    let laplacian = |m: &mut petsc::Mat| -> petsc::Result<()> {
        for [i, j, _] in da.corners()?.iter() {
            let row = Stencil::new(i, j, 0, 0);
            if i == 0 || j == 0 || i == mx - 1 || j == my - 1 {
                m.set_values_stencil(&[row], &[row], &[Scalar::from(1.0)], InsertMode::Insert)?;
            } else {
                let cols = [
                    row,
                    Stencil::new(i - 1, j, 0, 0),
                    Stencil::new(i + 1, j, 0, 0),
                    Stencil::new(i, j - 1, 0, 0),
                    Stencil::new(i, j + 1, 0, 0),
                ];
                let vals = [4.0, -1.0, -1.0, -1.0, -1.0].map(Scalar::from);
                m.set_values_stencil(&[row], &cols, &vals, InsertMode::Insert)?;
            }
        }
        m.assemble()
    };
    laplacian(&mut a)?;
    laplacian(&mut b)?;
    let mut u = da.create_global_vector()?;
    {
        let mut v = da.view_mut(&mut u)?;
        for [i, j, _] in da.corners()?.iter() {
            v[(i, j)] = Scalar::from((i * i + j * j) as f64 + 0.5 * i as f64);
        }
    }
    let (mut ya, mut yb) = (u.duplicate()?, u.duplicate()?);
    a.mult(&u, &mut ya)?;
    b.mult(&u, &mut yb)?;
    assert_eq!(ya.view()?.to_vec(), yb.view()?.to_vec());
    // Outside the ghosted box: refused before C.
    let far = Stencil::new(mx + 3, 0, 0, 0);
    assert!(a
        .set_values_stencil(&[far], &[far], &[Scalar::from(1.0)], InsertMode::Insert)
        .is_err());
    // Local sizes that differ: refused on every rank.
    let mut wrong = petsc::Mat::aij(&world)
        .sizes(petsc::Sizes::local(n + 1, n + 1))
        .preallocate(1, 0)
        .build()?;
    assert!(wrong.set_dm(&da).is_err());
    // A grid on another communicator (each rank's own, when there are several).
    let own = Da::grid(&petsc.self_comm()).sizes([mx, my]).build()?;
    let e = a.set_dm(&own);
    assert_eq!(e.is_err(), world.size() > 1);
    // Two degrees of freedom: blocks by point into a matrix of block size 2.
    let d2 = Da::grid(&world).sizes([8]).dof(2).build()?;
    let n2 = d2.create_global_vector()?.local_size()?;
    let mut one = petsc::Mat::aij(&world)
        .sizes(petsc::Sizes::local(n2, n2))
        .preallocate(4, 2)
        .build()?;
    let e = one.set_dm(&d2).unwrap_err().report();
    assert!(e.contains("block size"), "{e}");
    let mut c = petsc::Mat::new(&world)?;
    c.set_sizes_to(Sizes::local(n2, n2))?;
    c.set_block_size(2)?;
    c.set_type_name("aij")?;
    c.set_up()?;
    c.set_dm(&d2)?;
    for [i, _, _] in d2.corners()?.iter() {
        let p = Stencil::new(i, 0, 0, 0);
        c.set_value_blocked_stencil(
            p,
            p,
            &[2.0, 1.0, 1.0, 3.0].map(Scalar::from),
            InsertMode::Insert,
        )?;
    }
    c.assemble()?;
    let mut x = d2.create_global_vector()?;
    {
        let mut v = d2.view_mut(&mut x)?;
        for p in d2.corners()?.iter() {
            v.at_mut(p)
                .copy_from_slice(&[1.0, p[0] as f64].map(Scalar::from));
        }
    }
    let mut y = x.duplicate()?;
    c.mult(&x, &mut y)?;
    let v = d2.view(&y)?;
    for p in d2.corners()?.iter() {
        let i = Scalar::from(p[0] as f64);
        assert_eq!(v.at(p), &[2.0 + i, 1.0 + 3.0 * i]);
    }
    drop(v);
    // On one rank a grid of the same size but another shape replaces the first: its
    // box is the one checked.
    if world.size() == 1 {
        let flat = Da::grid(&world).sizes([mx * my]).build()?;
        let mut f = petsc::Mat::aij(&world)
            .sizes(petsc::Sizes::local(n, n))
            .preallocate(1, 0)
            .build()?;
        f.set_dm(&da)?;
        let beyond = Stencil::new(mx * my - 1, 0, 0, 0);
        assert!(f
            .set_values_stencil(
                &[beyond],
                &[beyond],
                &[Scalar::from(1.0)],
                InsertMode::Insert
            )
            .is_err());
        f.set_dm(&flat)?;
        f.set_values_stencil(
            &[beyond],
            &[beyond],
            &[Scalar::from(1.0)],
            InsertMode::Insert,
        )?;
        f.assemble()?;
        assert_eq!(
            f.values(&[mx * my - 1], &[mx * my - 1])?,
            vec![Scalar::from(1.0)]
        );
        assert_eq!(f.dm()?.expect("a grid").info()?.mx, mx * my);
    }
    Ok(())
}

/// dof > 1 matrix: a 2 x 2 block per point coupling the components.
fn block_matrix_dof2(petsc: &Petsc) -> petsc::Result<()> {
    let da = Da::grid(&petsc.world()).sizes([8]).dof(2).build()?;
    let mut a = da.create_matrix()?;
    for [i, _, _] in da.corners()?.iter() {
        let rows = [Stencil::new(i, 0, 0, 0), Stencil::new(i, 0, 0, 1)];
        let block = [2.0, 1.0, 1.0, 3.0].map(Scalar::from);
        a.set_values_stencil(&rows, &rows, &block, InsertMode::Insert)?;
    }
    a.assemble()?;
    let mut x = da.create_global_vector()?;
    {
        let mut v = da.view_mut(&mut x)?;
        for p in da.corners()?.iter() {
            v.at_mut(p)
                .copy_from_slice(&[1.0, p[0] as f64].map(Scalar::from));
        }
    }
    let mut y = da.create_global_vector()?;
    a.mult(&x, &mut y)?;
    let v = da.view(&y)?;
    for p in da.corners()?.iter() {
        let i = Scalar::from(p[0] as f64);
        assert_eq!(v.at(p), &[2.0 + i, 1.0 + 3.0 * i]);
    }
    drop(v);
    // The same blocks by point (MatSetValuesBlockedStencil), plus a coupling block to
    // the left neighbour, which reaches into the ghost points at rank boundaries.
    let mut b = da.create_matrix()?;
    for [i, _, _] in da.corners()?.iter() {
        let p = Stencil::new(i, 0, 0, 0);
        b.set_value_blocked_stencil(
            p,
            p,
            &[2.0, 1.0, 1.0, 3.0].map(Scalar::from),
            InsertMode::Insert,
        )?;
        if i > 0 {
            let left = Stencil::new(i - 1, 0, 0, 0);
            let block = [-1.0, 0.0, 0.0, -1.0].map(Scalar::from);
            b.set_values_blocked_stencil(&[p], &[left], &block, InsertMode::Insert)?;
        }
    }
    b.assemble()?;
    let mut z = da.create_global_vector()?;
    b.mult(&x, &mut z)?;
    let v = da.view(&z)?;
    for p in da.corners()?.iter() {
        let i = p[0] as f64;
        // Minus the left neighbour's (1, i - 1) where there is one.
        let (l0, l1) = if p[0] > 0 { (1.0, i - 1.0) } else { (0.0, 0.0) };
        assert_eq!(
            v.at(p),
            &[2.0 + i - l0, 1.0 + 3.0 * i - l1].map(Scalar::from)
        );
    }
    drop(v);
    // A point outside the ghosted box, and a block of the wrong size.
    let far = Stencil::new(20, 0, 0, 0);
    let e = b.set_value_blocked_stencil(far, far, &[Scalar::from(1.0); 4], InsertMode::Insert);
    assert!(e.unwrap_err().report().contains("ghosted box"));
    let here = Stencil::new(da.corners()?.start[0], 0, 0, 0);
    let e = b.set_value_blocked_stencil(here, here, &[Scalar::from(1.0)], InsertMode::Insert);
    assert!(e.unwrap_err().report().contains("4 needed"));
    Ok(())
}

fn coordinates(petsc: &Petsc) -> petsc::Result<()> {
    for periodic in [false, true] {
        let b = if periodic {
            BoundaryType::Periodic
        } else {
            BoundaryType::None
        };
        let (mx, my, mz) = (5, 4, 3);
        let da = Da::grid(&petsc.world())
            .sizes([mx, my, mz])
            .boundary([b, BoundaryType::None, BoundaryType::None])
            .build()?;
        assert!(da.coordinates().is_err());
        da.set_uniform_coordinates_to([(-1.0, 1.0), (0.0, 3.0), (2.0, 4.0)])?;
        let xyz = da.coordinates()?;
        let cda = da.coordinate_da()?;
        assert_eq!(cda.info()?.dof, 3);
        let v = cda.view(&xyz)?;
        let hx = if periodic {
            2.0 / mx as f64
        } else {
            2.0 / (mx - 1) as f64
        };
        for p in da.corners()?.iter() {
            let want = [
                -1.0 + hx * p[0] as f64,
                3.0 * p[1] as f64 / (my - 1) as f64,
                2.0 + 2.0 * p[2] as f64 / (mz - 1) as f64,
            ];
            for (c, &w) in want.iter().enumerate() {
                assert!(abs(v.get(p, c as Int) - w) < 1e-12, "{p:?} {c}");
            }
        }
    }
    Ok(())
}

fn field_names(petsc: &Petsc) -> petsc::Result<()> {
    let da = Da::grid(&petsc.world()).sizes([4, 4]).dof(2).build()?;
    da.set_field_name(0, "u")?;
    da.set_field_name(1, "v")?;
    assert_eq!(da.field_name(0)?, "u");
    assert_eq!(da.field_name(1)?, "v");
    assert!(da.field_name(2).is_err());
    assert!(da.set_field_name(-1, "x").is_err());
    Ok(())
}

fn from_options(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options();
    opts.set_value("-da_grid_x", "13")?;
    let da = Da::grid(&petsc.world())
        .sizes([4, 5])
        .from_options(true)
        .build()?;
    assert_eq!((da.info()?.mx, da.info()?.my), (13, 5));
    // Not asked: options ignored.
    let da = Da::grid(&petsc.world()).sizes([4, 5]).build()?;
    assert_eq!(da.info()?.mx, 4);
    opts.set_value("-da_refine", "1")?;
    let da = Da::grid(&petsc.world())
        .sizes([4, 5])
        .from_options(true)
        .build()?;
    assert_eq!((da.info()?.mx, da.info()?.my), (25, 9));
    opts.clear_value("-da_grid_x")?;
    opts.clear_value("-da_refine")?;
    opts.set_value("-fine_da_grid_y", "21")?;
    let da = Da::grid(&petsc.world())
        .sizes([4, 5])
        .options_prefix("fine_")
        .from_options(true)
        .build()?;
    assert_eq!((da.info()?.mx, da.info()?.my), (4, 21));
    opts.clear_value("-fine_da_grid_y")?;
    // An option that makes the grid too small for the ranks is refused on every rank.
    if petsc.world().size() > 1 {
        opts.set_value("-da_grid_x", "1")?;
        let r = Da::grid(&petsc.world())
            .sizes([40])
            .from_options(true)
            .build();
        opts.clear_value("-da_grid_x")?;
        let e = r.unwrap_err().report();
        assert!(e.contains("fewer points than ranks"), "{e}");
    }
    Ok(())
}

fn bad_input(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let size = world.size() as Int;
    // Fewer points than ranks.
    let r = Da::grid(&world).sizes([2]).build();
    if size > 2 {
        let e = r.unwrap_err().report();
        assert!(e.contains("fewer points than ranks"), "{e}");
    } else {
        r?;
    }
    let r = Da::grid(&world).sizes([2, 1]).build();
    if size > 2 {
        let e = r.unwrap_err().report();
        assert!(e.contains("fewer points than ranks"), "{e}");
    } else {
        r?;
    }
    // 3 ranks split 6 x 6 into 1 x 3 pieces of 2 rows: too thin for width 3.
    let r = Da::grid(&world).sizes([6, 6]).stencil_width(3).build();
    if size == 3 {
        let e = r.unwrap_err().report();
        assert!(e.contains("stencil width 3 is wider"), "{e}");
    } else {
        r?;
    }
    // Periodic wraps need width <= points even on one rank.
    let e = Da::grid(&world)
        .sizes([3])
        .stencil_width(4 * size)
        .boundary([BoundaryType::Periodic])
        .build()
        .unwrap_err();
    assert!(e.report().contains("stencil width"), "{e}");
    // Processor grids that do not fit the communicator.
    assert!(Da::grid(&world)
        .sizes([8, 8])
        .ranks([Some(size + 1), None])
        .build()
        .is_err());
    assert!(Da::grid(&world)
        .sizes([8, 8, 8])
        .ranks([Some(1), Some(1), Some(size + 1)])
        .build()
        .is_err());
    // Arguments.
    assert!(Da::grid(&world).sizes([3, 3, 3, 1]).build().is_err());
    assert!(Da::grid(&world).build().is_err());
    assert!(Da::grid(&world).sizes([0, 3]).build().is_err());
    assert!(Da::grid(&world).sizes([3, 3]).dof(0).build().is_err());
    assert!(Da::grid(&world)
        .sizes([3, 3])
        .stencil_width(-1)
        .build()
        .is_err());

    // A vector of another layout.
    let da = Da::grid(&world).sizes([5, 4]).build()?;
    let stray = Vector::new_seq(&petsc.self_comm(), 1000)?;
    let e = da.view(&stray).unwrap_err().report();
    assert!(e.contains("pass a vector made by this DMDA"), "{e}");
    let mut stray2 = Vector::new_seq(&petsc.self_comm(), 1000)?;
    assert!(da.view_mut(&mut stray2).is_err());
    let other = Da::grid(&world).sizes([50, 4]).build()?;
    let og = other.create_global_vector()?;
    let mut l = da.create_local_vector()?;
    let e = da
        .global_to_local(&og, InsertMode::Insert, &mut l)
        .unwrap_err();
    assert!(e.report().contains("size mismatch"), "{e}");
    Ok(())
}

fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

fn out_of_range_panics(petsc: &Petsc) -> petsc::Result<()> {
    let da = Da::grid(&petsc.world()).sizes([6, 5]).build()?;
    let g = da.create_global_vector()?;
    let c = da.corners()?;
    let v = da.view(&g)?;
    let (i, j) = (c.end()[0], c.start[1]);
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| v[(i, j)]));
    let r2 = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| v[i]));
    let r3 = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        v.get([c.start[0], j, 0], 1)
    }));
    let r4 = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| v.row(c.end()[1], 0).len()));
    std::panic::set_hook(hook);
    let m = panic_message(r.unwrap_err());
    assert!(m.contains(&format!("({i}, {j}, 0)")), "{m}");
    assert!(
        m.contains(&format!("i in {}..{}", c.start[0], c.end()[0])),
        "{m}"
    );
    assert!(m.contains("out of range"), "{m}");
    let m = panic_message(r2.unwrap_err());
    assert!(m.contains("2-dimensional"), "{m}");
    let m = panic_message(r3.unwrap_err());
    assert!(
        m.contains("component 1") && m.contains("component in 0..1"),
        "{m}"
    );
    assert!(r4.is_err());
    // The view still works and is restored on drop.
    assert_eq!(v[(c.start[0], j)], Scalar::from(0.0));
    drop(v);
    assert!(petsc::take_destroy_failures().is_empty());
    Ok(())
}

fn ndarray_and_rows(petsc: &Petsc) -> petsc::Result<()> {
    let da = Da::grid(&petsc.world())
        .sizes([6, 5])
        .dof(2)
        .stencil(StencilType::Box)
        .build()?;
    let c = da.corners()?;
    let mut g = da.create_global_vector()?;
    {
        let mut v = da.view_mut(&mut g)?;
        let mut a = v.as_ndarray_mut();
        for ((di, dj, dk, comp), x) in a.indexed_iter_mut() {
            let p = [c.start[0] + di as Int, c.start[1] + dj as Int, dk as Int];
            *x = f(p, comp as Int);
        }
    }
    let v = da.view(&g)?;
    for [i, j, k] in c.iter() {
        assert_eq!(v.get([i, j, k], 1), f([i, j, k], 1));
    }
    let (xs, ys) = (c.start[0], c.start[1]);
    let row = v.row(ys, 0);
    assert_eq!(row.len(), c.len[0] as usize * 2);
    assert_eq!(row[1], f([xs, ys, 0], 1));
    assert_eq!(v.as_ndarray()[[0, 0, 0, 1]], f([xs, ys, 0], 1));
    Ok(())
}

fn tuple_indexing(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let d1 = Da::grid(&world).sizes([9]).build()?;
    let mut g = d1.create_global_vector()?;
    {
        let mut v = d1.view_mut(&mut g)?;
        for [i, _, _] in d1.corners()?.iter() {
            v[i] = Scalar::from(i as f64);
        }
    }
    let v = d1.view(&g)?;
    for [i, j, k] in d1.corners()?.iter() {
        let want = Scalar::from(i as f64);
        assert_eq!(v[i], want);
        assert_eq!(v[(i, j)], want);
        assert_eq!(v[(i, j, k)], want);
    }
    drop(v);
    let d3 = Da::grid(&world).sizes([4, 5, 6]).build()?;
    let mut g = d3.create_global_vector()?;
    {
        let mut v = d3.view_mut(&mut g)?;
        for p in d3.corners()?.iter() {
            v[p] = f(p, 0);
        }
    }
    let v = d3.view(&g)?;
    for [i, j, k] in d3.corners()?.iter() {
        assert_eq!(v[(i, j, k)], f([i, j, k], 0));
        assert_eq!(v[[i, j, k]], v.get([i, j, k], 0));
    }
    let c = d3.corners()?;
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| v[(c.start[0], c.start[1])]));
    std::panic::set_hook(hook);
    let m = panic_message(r.unwrap_err());
    assert!(m.contains("3-dimensional"), "{m}");
    drop(v);
    let d2 = Da::grid(&world).sizes([4, 5]).dof(2).build()?;
    let g = d2.create_global_vector()?;
    let v = d2.view(&g)?;
    let c = d2.corners()?;
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| v[(c.start[0], c.start[1])]));
    std::panic::set_hook(hook);
    let m = panic_message(r.unwrap_err());
    assert!(m.contains("2 components per point"), "{m}");
    Ok(())
}

/// The natural ordering of a 5 x 4 grid with two values per point, against the grid
/// coordinates; the application ordering against the ranks' blocks; ownership ranges,
/// copies with another dof, refinement settings and elements.
fn natural_ordering_and_grid(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::{ElementType, InterpolationType};
    let world = petsc.world();
    let (mx, my) = (5, 4);
    let da = Da::grid(&world)
        .sizes([mx, my])
        .dof(2)
        .stencil(StencilType::Box)
        .build()?;
    let value = |i: Int, j: Int, c: Int| (100 * j + 10 * i + c) as f64;
    let mut g = da.create_global_vector()?;
    {
        let mut v = da.view_mut(&mut g)?;
        for [i, j, _] in da.corners()?.iter() {
            for c in 0..2 {
                v.set([i, j, 0], c, value(i, j, c));
            }
        }
    }
    let mut n = da.create_natural_vector()?;
    assert_eq!(n.size()?, 2 * mx * my);
    da.global_to_natural(&g, InsertMode::Insert, &mut n)?;
    let all = n.to_all()?;
    let all = all.view()?;
    for j in 0..my {
        for i in 0..mx {
            for c in 0..2 {
                let k = ((j * mx + i) * 2 + c) as usize;
                assert_eq!(
                    all[k],
                    Scalar::from(value(i, j, c)),
                    "natural ({i}, {j}, {c})"
                );
            }
        }
    }
    let mut back = da.create_global_vector()?;
    da.natural_to_global(&n, InsertMode::Insert, &mut back)?;
    back.axpy(-1.0, &g)?;
    assert_eq!(back.norm(petsc::NormType::Infinity)?, 0.0);
    // The application ordering, over values: each owned value's PETSc index is where
    // the global vector holds it.
    let ao = da.ao()?;
    let r = g.ownership_range()?;
    let owned: Vec<Int> = da
        .corners()?
        .iter()
        .flat_map(|[i, j, _]| (0..2).map(move |c| (j * mx + i) * 2 + c))
        .collect();
    let petsc_idx = ao.app2petsc(&owned)?;
    {
        let gv = g.view()?;
        for (&app, &p) in owned.iter().zip(&petsc_idx) {
            assert!(r.contains(&p), "value {app} -> {p}, outside {r:?}");
            let (point, c) = (app / 2, app % 2);
            let expect = value(point % mx, point / mx, c);
            assert_eq!(gv[(p - r.start) as usize], Scalar::from(expect));
        }
    }
    assert_eq!(ao.petsc2app(&petsc_idx)?, owned);
    // Ownership ranges add up to the grid.
    let ranges = da.ownership_ranges()?;
    assert_eq!(ranges.len(), 2);
    assert_eq!(ranges[0].iter().sum::<Int>(), mx);
    assert_eq!(ranges[1].iter().sum::<Int>(), my);
    let info = da.info()?;
    assert_eq!(
        (ranges[0].len() as Int, ranges[1].len() as Int),
        (info.procs[0], info.procs[1])
    );
    // A copy with one value per point and no stencil; the same points per rank.
    let one = da
        .to_builder()?
        .dof(1)
        .stencil(StencilType::Star)
        .stencil_width(0)
        .build()?;
    assert_eq!(one.corners()?, da.corners()?);
    assert_eq!((one.info()?.dof, one.info()?.stencil_width), (1, 0));
    assert_eq!(one.info()?.stencil_type, StencilType::Star);
    // Refinement settings.
    let mut da = da;
    da.set_refinement_factors([Some(3), Some(4)])?;
    assert_eq!(da.refinement_factors()?, vec![3, 4]);
    da.set_interpolation_type(InterpolationType::Q0)?;
    assert_eq!(da.interpolation_type()?, InterpolationType::Q0);
    da.set_coordinate_name(0, "east")?;
    assert_eq!(da.coordinate_name(0)?, "east");
    // Elements: every cell once over the ranks, 2 triangles or 1 quadrilateral.
    let cells = ((mx - 1) * (my - 1)) as f64;
    for (ty, per, count) in [
        (ElementType::P1, 3, 2.0 * cells),
        (ElementType::Q1, 4, cells),
    ] {
        da.set_element_type(ty)?;
        assert_eq!(da.element_type()?, ty);
        let (nen, e) = da.elements()?;
        assert_eq!(nen, per);
        assert_eq!(e.len() as Int % per, 0);
        let ghosted = da.ghost_corners()?.count() as Int;
        assert!(e.iter().all(|&v| (0..ghosted).contains(&v)));
        let mut total = Vector::new_mpi(&world, Some(1), None)?;
        total.set(Scalar::from((e.len() as Int / per) as f64))?;
        assert_eq!(abs(total.sum()?), count, "{ty:?} elements");
    }
    // Bad input.
    assert!(da.set_refinement_factors([Some(1), None]).is_err());
    assert!(da.set_coordinate_name(2, "up").is_err());
    let wrong = Vector::new_mpi(&world, Some(1), None)?;
    let e = da
        .global_to_natural(&wrong, InsertMode::Insert, &mut n)
        .unwrap_err()
        .to_string();
    assert!(e.contains("local entries"), "{e}");
    Ok(())
}

/// A DMDA of stencil width 0 refined or coarsened over several ranks: PETSc finds no
/// ownership ranges for the new grid (the same in 3.18 to 3.25), an `Err` on every rank
/// without the new DM PETSc would make and leak; the grid is still usable after.
fn levels_of_width_0(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::DmBase;
    let world = petsc.world();
    let da = Da::grid(&world)
        .sizes([36, 44])
        .stencil(StencilType::Star)
        .stencil_width(0)
        .build()?;
    let refined = da.refine();
    let coarsened = da.coarsen();
    let hierarchy = da.refine_hierarchy(2);
    if world.size() == 1 {
        assert_eq!(refined?.info()?.my, 87);
        assert_eq!(coarsened?.info()?.my, 22);
        assert_eq!(hierarchy?.len(), 2);
    } else {
        for e in [
            refined.map(|_| ()).unwrap_err(),
            coarsened.map(|_| ()).unwrap_err(),
            hierarchy.map(|_| ()).unwrap_err(),
        ] {
            assert!(e.report().contains("Could not find a compatible"), "{e}");
        }
        // A width of 1 leaves room at 2 ranks.
        let wide = Da::grid(&world).sizes([36, 44]).build()?;
        assert_eq!(wide.refine()?.info()?.my, 87);
        assert_eq!(wide.coarsen_hierarchy(2)?.len(), 2);
    }
    let mut g = da.create_global_vector()?;
    g.set(1.0)?;
    assert_eq!(g.sum()?, Scalar::from(36.0 * 44.0));
    Ok(())
}

/// The grid builder's settings read back from `Da::info`, in 1, 2 and 3 dimensions, one
/// value per direction; `to_builder` rebuilds the same grid (same pieces on each rank)
/// and changes one setting by name; per-direction settings of another length are an
/// `Err` naming them.
fn grid_builder_round_trip(petsc: &Petsc) -> petsc::Result<()> {
    use BoundaryType::*;
    let world = petsc.world();
    let size = world.size() as Int;
    let line = Da::grid(&world)
        .sizes([9])
        .dof(2)
        .boundary([Periodic])
        .build()?;
    let i = line.info()?;
    assert_eq!((i.dim, i.mx, i.my, i.mz, i.dof), (1, 9, 1, 1, 2));
    assert_eq!(i.boundary, [Periodic, None, None]);
    assert_eq!(i.procs[0], size);
    let plane = Da::grid(&world)
        .sizes([8, 6])
        .boundary([Ghosted, Periodic])
        .ranks([Some(1), Option::None])
        .stencil(StencilType::Box)
        .stencil_width(2)
        .dof(3)
        .build()?;
    let i = plane.info()?;
    assert_eq!((i.dim, i.mx, i.my, i.mz), (2, 8, 6, 1));
    assert_eq!(i.boundary, [Ghosted, Periodic, None]);
    assert_eq!(i.procs, [1, size, 1]);
    assert_eq!(
        (i.stencil_type, i.stencil_width, i.dof),
        (StencilType::Box, 2, 3)
    );
    let cube = Da::grid(&world)
        .sizes([4, 5, 6])
        .ranks([Option::None, Option::None, Some(size)])
        .build()?;
    let i = cube.info()?;
    assert_eq!((i.dim, i.mx, i.my, i.mz), (3, 4, 5, 6));
    assert_eq!(
        (i.procs[2], i.stencil_type, i.stencil_width),
        (size, StencilType::Star, 1)
    );
    for da in [&line, &plane, &cube] {
        let again = da.to_builder()?.build()?;
        let (a, b) = (da.info()?, again.info()?);
        assert_eq!(
            (a.dim, a.mx, a.my, a.mz, a.dof),
            (b.dim, b.mx, b.my, b.mz, b.dof)
        );
        assert_eq!((a.boundary, a.procs), (b.boundary, b.procs));
        assert_eq!(
            (a.stencil_type, a.stencil_width),
            (b.stencil_type, b.stencil_width)
        );
        assert_eq!(da.corners()?, again.corners()?);
        let wider = da.to_builder()?.dof(4).stencil_width(1).build()?;
        assert_eq!((wider.info()?.dof, wider.info()?.stencil_width), (4, 1));
        assert_eq!(wider.corners()?, da.corners()?);
    }
    let bad = |b: petsc::DaGridBuilder<'_>, want: &str| {
        let e = b.build().unwrap_err().report();
        assert!(e.contains(want), "{e}");
    };
    bad(
        Da::grid(&world).sizes([4, 4]).boundary([Periodic]),
        "boundary has 1 entries",
    );
    bad(
        Da::grid(&world)
            .sizes([4])
            .ranks([Option::None, Option::None]),
        "ranks has 2 entries",
    );
    bad(Da::grid(&world).sizes([2, 2, 2, 2]), "4 sizes given");
    bad(Da::grid(&world).dof(2), "give the global sizes");
    Ok(())
}

pub fn cases() -> Vec<Case> {
    let ranks: &'static [usize] = &[1, 2, 3];
    vec![
        Case::new("dmda_halo_1d", halo_1d).ranks(ranks),
        Case::new("dmda_natural_ordering_and_grid", natural_ordering_and_grid).ranks(ranks),
        Case::new("dmda_halo_2d", halo_2d).ranks(ranks),
        Case::new("dmda_halo_3d", halo_3d).ranks(ranks),
        Case::new("dmda_laplacian_by_stencil", laplacian_by_stencil).ranks(ranks),
        Case::new("dmda_block_matrix_dof2", block_matrix_dof2).ranks(ranks),
        Case::new("dmda_matrix_set_dm", matrix_set_dm).ranks(ranks),
        Case::new("dmda_coordinates", coordinates).ranks(ranks),
        Case::new("dmda_field_names", field_names).ranks(ranks),
        Case::new("dmda_from_options", from_options).ranks(ranks),
        Case::new("dmda_bad_input", bad_input).ranks(ranks),
        Case::new("dmda_out_of_range_panics", out_of_range_panics).ranks(ranks),
        Case::new("dmda_ndarray_and_rows", ndarray_and_rows).ranks(ranks),
        Case::new("dmda_tuple_indexing", tuple_indexing).ranks(ranks),
        Case::new("dmda_levels_of_width_0", levels_of_width_0).ranks(ranks),
        Case::new("dmda_grid_builder_round_trip", grid_builder_round_trip).ranks(&[1, 2]),
    ]
}
