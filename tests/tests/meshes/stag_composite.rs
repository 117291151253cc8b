//! DMStag and DMComposite at 1, 2 and 3 ranks: sizes against their closed forms, values
//! set by stencil and read back where they belong, uniform coordinates, array views,
//! matrices by stencil, migration between compatible grids; a composite's pieces,
//! scatter and gather, access guards, index sets and mappings; and bad input.

use petsc::{
    BoundaryType, Complex, Composite, Corners, Da, Dm, DmBase, InsertMode, Int, Petsc, Scalar,
    Stag, StagLocation, StagLocation::*, StagStencil, StagStencilType, Vector,
};
use petsc_tests::Case;

/// The modulus of a real or complex scalar.
fn abs(x: impl Into<Complex<f64>>) -> f64 {
    x.into().norm()
}

/// The sum of `x` over all ranks of `petsc.world()`.
fn all_sum(petsc: &Petsc, x: f64) -> petsc::Result<f64> {
    let mut v = Vector::new_mpi(&petsc.world(), Some(1), None)?;
    v.set(x)?;
    Ok(abs(v.sum()?))
}

fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

/// The canonical locations (left/down/back sides and the element) of a
/// `dim`-dimensional grid: one of each point per element.
fn canonical(dim: usize) -> Vec<StagLocation> {
    StagLocation::ALL
        .iter()
        .copied()
        .filter(|l| l.stratum(dim).is_some() && l.offset().iter().all(|&d| d <= 0))
        .collect()
}

/// The number of global unknowns of a grid of `m` elements per direction: a point of
/// stratum `s` with offsets `o` occurs `m[d] + 1` times along a direction `d` where it
/// sits on a side (`o[d] = -1`) and the boundary is not periodic, `m[d]` times else.
fn closed_form_size(m: &[Int], dof: &[Int], periodic: &[bool]) -> Int {
    let dim = m.len();
    canonical(dim)
        .iter()
        .map(|loc| {
            let o = loc.offset();
            let count: Int = (0..dim)
                .map(|d| m[d] + Int::from(o[d] == -1 && !periodic[d]))
                .product();
            count * dof[loc.stratum(dim).unwrap()]
        })
        .sum()
}

/// A distinct value for component `c` at canonical location `loc` of element `p`.
fn code(p: [Int; 3], loc: StagLocation, c: Int) -> f64 {
    (1 + p[0] + 100 * p[1] + 10_000 * p[2]) as f64 + 1.0e6 * (loc as Int) as f64 + 1.0e8 * c as f64
}

/// Whether canonical location `loc` of element `p` is a point of the grid (elements
/// `m`; the partial element `m[d]` past a non-periodic boundary has only its sides).
fn exists(p: [Int; 3], loc: StagLocation, m: &[Int], periodic: &[bool]) -> bool {
    let o = loc.offset();
    (0..m.len()).all(|d| (0..m[d]).contains(&p[d]) || (p[d] == m[d] && !periodic[d] && o[d] == -1))
}

/// The point a local (ghost) element index stands for: wrapped where periodic, `None`
/// outside a non-periodic grid.
fn wrap(p: [Int; 3], m: &[Int], periodic: &[bool]) -> Option<[Int; 3]> {
    let mut q = p;
    for d in 0..m.len() {
        if periodic[d] {
            q[d] = p[d].rem_euclid(m[d]);
        } else if p[d] < 0 || p[d] > m[d] {
            return None;
        }
    }
    Some(q)
}

fn build(
    petsc: &Petsc,
    m: &[Int],
    dof: &[Int],
    bnd: &[BoundaryType],
    st: StagStencilType,
) -> petsc::Result<Stag> {
    let mut sizes = [1; 3];
    sizes[..m.len()].copy_from_slice(m);
    let mut b = [BoundaryType::None; 3];
    b[..bnd.len()].copy_from_slice(bnd);
    Stag::grid(&petsc.world())
        .sizes(&sizes[..m.len()])
        .dof(dof)
        .stencil(st)
        .boundary(&b[..m.len()])
        .build()
}

/// Global, per-rank and local sizes against their closed forms, in 1D, 2D and 3D, for
/// each boundary type.
fn sizes(petsc: &Petsc) -> petsc::Result<()> {
    use BoundaryType::{Ghosted, None as Open, Periodic};
    let cases: Vec<(Vec<Int>, Vec<Int>, Vec<BoundaryType>)> = vec![
        (vec![7], vec![1, 1], vec![Open]),
        (vec![7], vec![2, 3], vec![Periodic]),
        (vec![6], vec![1, 0], vec![Ghosted]),
        (vec![5, 4], vec![1, 1, 1], vec![Open, Open]),
        (vec![5, 4], vec![1, 1, 1], vec![Periodic, Periodic]),
        (vec![5, 4], vec![2, 1, 3], vec![Periodic, Open]),
        (vec![6, 3], vec![0, 1, 1], vec![Ghosted, Periodic]),
        (vec![3, 4, 3], vec![1, 1, 1, 1], vec![Open, Open, Open]),
        (
            vec![3, 3, 4],
            vec![1, 2, 1, 2],
            vec![Periodic, Open, Ghosted],
        ),
    ];
    for (m, dof, bnd) in cases {
        let dim = m.len();
        let periodic: Vec<bool> = bnd.iter().map(|&b| b == Periodic).collect();
        let stag = build(petsc, &m, &dof, &bnd, StagStencilType::Box)?;
        let want = closed_form_size(&m, &dof, &periodic);
        let x = stag.create_global_vector()?;
        assert_eq!(x.size()?, want, "{m:?} {dof:?} {bnd:?}");
        assert_eq!(x.local_size()?, stag.entries()?);
        assert_eq!(all_sum(petsc, stag.entries()? as f64)?, want as f64);
        let epe: Int = match dim {
            1 => dof[0] + dof[1],
            2 => dof[0] + 2 * dof[1] + dof[2],
            _ => dof[0] + 3 * dof[1] + 3 * dof[2] + dof[3],
        };
        assert_eq!(stag.entries_per_element()?, epe);
        let g = stag.ghost_corners()?;
        let l = stag.create_local_vector()?;
        assert_eq!(l.size()?, g.count() as Int * epe);
        assert_eq!(stag.entries_local()?, l.size()?);
        assert_eq!(stag.dof()?, dof);
        assert_eq!(&stag.global_sizes()?[..dim], &m[..]);
        assert_eq!(&stag.boundary_types()?[..dim], &bnd[..]);
        assert_eq!(stag.stencil_type()?, StagStencilType::Box);
        assert_eq!(stag.stencil_width()?, 1);
        // The pieces partition the grid; the extra elements sit on the last ranks of
        // non-periodic directions.
        let c = stag.corners()?;
        let ranks = stag.num_ranks()?;
        let (first, last) = (stag.is_first_rank()?, stag.is_last_rank()?);
        let own = stag.ownership_ranges()?;
        assert_eq!(own.len(), dim);
        assert_eq!(ranks.iter().product::<Int>(), petsc.world().size() as Int);
        for d in 0..dim {
            assert_eq!(own[d].len() as Int, ranks[d]);
            assert_eq!(own[d].iter().sum::<Int>(), m[d]);
            assert_eq!(c.extra[d], Int::from(last[d] && !periodic[d]));
            assert_eq!(first[d], c.start[d] == 0);
            assert_eq!(last[d], c.start[d] + c.len[d] == m[d]);
            assert!(g.start[d] <= c.start[d] && g.end()[d] >= c.with_extra().end()[d]);
        }
        assert_eq!(stag.local_sizes()?, c.len);
        let owned: Int = c.len[..dim].iter().product();
        assert_eq!(
            all_sum(petsc, owned as f64)?,
            m.iter().product::<Int>() as f64
        );
    }
    Ok(())
}

/// Location slots are distinct, inside an element for the canonical locations, one
/// element further for Right/Up/Front; the view's slots and stencils name the same
/// entries, which are PETSc's (`DMStagGetLocationSlot`) as computed by petsc-rs.
fn location_slots(petsc: &Petsc) -> petsc::Result<()> {
    for (m, dof) in [
        (vec![4], vec![2, 1]),
        (vec![4, 3], vec![1, 1, 1]),
        (vec![3, 3, 3], vec![1, 2, 3, 1]),
    ] {
        let dim = m.len();
        let bnd = vec![BoundaryType::None; dim];
        let stag = build(petsc, &m, &dof, &bnd, StagStencilType::Box)?;
        let epe = stag.entries_per_element()?;
        let g = stag.ghost_corners()?;
        let mut slots = Vec::new();
        for loc in canonical(dim) {
            let n = stag.location_dof(loc)?;
            assert_eq!(n, dof[loc.stratum(dim).unwrap()]);
            for c in 0..n {
                let s = stag.location_slot(loc, c)?;
                assert!((0..epe).contains(&s), "{loc} {c}: {s}");
                slots.push(s);
            }
            assert!(stag.location_slot(loc, n).is_err());
        }
        slots.sort();
        slots.dedup();
        assert_eq!(
            slots.len() as Int,
            epe,
            "the canonical slots fill an element"
        );
        let stride = [epe, epe * g.len[0], epe * g.len[0] * g.len[1]];
        for loc in StagLocation::ALL
            .iter()
            .filter(|l| l.stratum(dim).is_some())
        {
            let (o, base) = (
                loc.offset(),
                loc.offset().map(|d| if d == 1 { -1 } else { d }),
            );
            let canon = StagLocation::from_offset(base).unwrap();
            for c in 0..stag.location_dof(*loc)? {
                let shift: Int = (0..3).filter(|&d| o[d] == 1).map(|d| stride[d]).sum();
                assert_eq!(
                    stag.location_slot(*loc, c)?,
                    stag.location_slot(canon, c)? + shift,
                    "{loc}"
                );
            }
        }
        // A local vector holding its own indices: slot and stencil name the same entry.
        let mut l = stag.create_local_vector()?;
        for (k, v) in l.view_mut()?.iter_mut().enumerate() {
            *v = Scalar::from(k as f64);
        }
        let v = stag.view(&l)?;
        let c = stag.corners()?;
        for p in c.with_extra().iter() {
            for loc in StagLocation::ALL
                .iter()
                .filter(|l| l.stratum(dim).is_some())
            {
                for comp in 0..stag.location_dof(*loc)? {
                    let s = StagStencil::new(p[0], p[1], p[2], *loc, comp);
                    let q = [0, 1, 2].map(|d| p[d] + Int::from(loc.offset()[d] == 1));
                    if !g.contains(q) {
                        continue;
                    }
                    let slot = stag.location_slot(*loc, comp)?;
                    let by_slot = match dim {
                        1 => v[(p[0], slot)],
                        2 => v[(p[0], p[1], slot)],
                        _ => v[(p[0], p[1], p[2], slot)],
                    };
                    assert_eq!(by_slot, v.get(s), "{p:?} {loc} {comp}");
                    assert_eq!(
                        stag.vec_get_values_stencil(&l, &[s])?,
                        vec![by_slot],
                        "{p:?} {loc} {comp}"
                    );
                }
            }
        }
    }
    Ok(())
}

/// Every rank sets the points it owns by stencil; the global vector sums to the closed
/// form, and a local vector holds each point's value wherever it shows (ghosts
/// included, wrapped across periodic boundaries).
fn set_by_stencil(petsc: &Petsc) -> petsc::Result<()> {
    use BoundaryType::{None as Open, Periodic};
    for (m, dof, bnd) in [
        (vec![6], vec![1, 2], vec![Open]),
        (vec![6], vec![1, 1], vec![Periodic]),
        (vec![5, 4], vec![1, 1, 1], vec![Open, Open]),
        (vec![5, 4], vec![1, 1, 1], vec![Periodic, Periodic]),
        (vec![4, 5], vec![1, 2, 1], vec![Open, Periodic]),
        (vec![3, 3, 3], vec![1, 1, 1, 1], vec![Open, Periodic, Open]),
    ] {
        let dim = m.len();
        let periodic: Vec<bool> = bnd.iter().map(|&b| b == Periodic).collect();
        let stag = build(petsc, &m, &dof, &bnd, StagStencilType::Box)?;
        let c = stag.corners()?;
        let mut x = stag.create_global_vector()?;
        let (mut stencils, mut values) = (Vec::new(), Vec::new());
        for p in c.with_extra().iter() {
            for loc in canonical(dim) {
                for comp in 0..stag.location_dof(loc)? {
                    // Points past the grid are dummies: set too, and skipped.
                    stencils.push(StagStencil::new(p[0], p[1], p[2], loc, comp));
                    values.push(Scalar::from(code(p, loc, comp)));
                }
            }
        }
        stag.vec_set_values_stencil(&mut x, &stencils, &values, InsertMode::Insert)?;
        x.assemble()?;
        // The closed form: every point of the grid once.
        let (mut want, mut count) = (0.0, 0);
        let ext: Vec<Int> = (0..dim).map(|d| m[d] + Int::from(!periodic[d])).collect();
        let all = Corners {
            start: [0; 3],
            len: [0, 1, 2].map(|d| if d < dim { ext[d] } else { 1 }),
        };
        for p in all.iter() {
            for loc in canonical(dim) {
                if exists(p, loc, &m, &periodic) {
                    for comp in 0..dof[loc.stratum(dim).unwrap()] {
                        want += code(p, loc, comp);
                        count += 1;
                    }
                }
            }
        }
        assert_eq!(count, x.size()?);
        assert!(
            abs(x.sum()? - Scalar::from(want)) <= 1e-6 * want,
            "{m:?} {bnd:?}"
        );
        // Every point of the local box where it belongs.
        let mut l = stag.create_local_vector()?;
        stag.global_to_local(&x, InsertMode::Insert, &mut l)?;
        let v = stag.view(&l)?;
        let mut checked = 0;
        for p in stag.ghost_corners()?.iter() {
            let Some(q) = wrap(p, &m, &periodic) else {
                continue;
            };
            for loc in canonical(dim) {
                if !exists(q, loc, &m, &periodic) {
                    continue;
                }
                for comp in 0..stag.location_dof(loc)? {
                    let got = v.get(StagStencil::new(p[0], p[1], p[2], loc, comp));
                    assert_eq!(got, Scalar::from(code(q, loc, comp)), "{p:?} {loc} {comp}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 0);
        // And rank 0 holds the whole vector, summing the same.
        let zero = x.to_zero()?;
        if petsc.world().rank() == 0 {
            let s: Scalar = zero.view()?.iter().copied().sum();
            assert!(abs(s - Scalar::from(want)) <= 1e-6 * want);
        }
    }
    Ok(())
}

/// Uniform coordinates equal their closed forms: element centres at `lo + (i + 1/2) h`,
/// left sides at `lo + i h`, explicit and as a product.
fn coordinates(petsc: &Petsc) -> petsc::Result<()> {
    let (m, n) = (6, 4);
    let (lo, hi) = ([-1.0, 0.5], [2.0, 2.5]);
    let h = [(hi[0] - lo[0]) / m as f64, (hi[1] - lo[1]) / n as f64];
    let close = |a: Scalar, b: f64| abs(a - Scalar::from(b)) < 1e-12;
    let stag = build(
        petsc,
        &[m, n],
        &[1, 1, 1],
        &[BoundaryType::None; 2],
        StagStencilType::Box,
    )?;
    stag.set_uniform_coordinates_explicit_to([(lo[0], hi[0]), (lo[1], hi[1])])?;
    let cdm = stag.coordinate_stag()?;
    assert_eq!(cdm.dof()?, vec![2, 2, 2]);
    let xy = stag.coordinates_local()?;
    let v = cdm.view(&xy)?;
    // (x offset, y offset) of each location, in elements.
    let at = [
        (DownLeft, 0.0, 0.0),
        (Down, 0.5, 0.0),
        (Left, 0.0, 0.5),
        (Element, 0.5, 0.5),
    ];
    let c = stag.corners()?;
    for [i, j, _] in c.with_extra().iter() {
        for (loc, ox, oy) in at {
            if !exists([i, j, 0], loc, &[m, n], &[false, false]) {
                continue;
            }
            let x = v.get(StagStencil::new(i, j, 0, loc, 0));
            let y = v.get(StagStencil::new(i, j, 0, loc, 1));
            assert!(
                close(x, lo[0] + (i as f64 + ox) * h[0]),
                "{loc} at ({i}, {j}): x = {x}"
            );
            assert!(
                close(y, lo[1] + (j as f64 + oy) * h[1]),
                "{loc} at ({i}, {j}): y = {y}"
            );
        }
    }
    // Product coordinates: one 1D grid per direction.
    let stag = build(
        petsc,
        &[m, n],
        &[0, 0, 1],
        &[BoundaryType::None; 2],
        StagStencilType::Box,
    )?;
    stag.set_uniform_coordinates_product_to([(lo[0], hi[0]), (lo[1], hi[1])])?;
    assert!(stag.coordinate_stag().is_err());
    for d in 0..2 {
        let line = stag.product_coordinate_stag(d)?;
        assert_eq!(line.dimension()?, 1);
        assert_eq!(line.global_sizes()?[0], [m, n][d]);
        let coords = line.coordinates_local()?;
        let v = line.view(&coords)?;
        let (left, elem) = (
            line.location_slot(Left, 0)?,
            line.location_slot(Element, 0)?,
        );
        let lc = line.corners()?;
        for [i, _, _] in lc.with_extra().iter() {
            assert!(close(v[(i, left)], lo[d] + i as f64 * h[d]));
            if i < [m, n][d] {
                assert!(close(v[(i, elem)], lo[d] + (i as f64 + 0.5) * h[d]));
            }
        }
    }
    assert!(stag.product_coordinate_stag(2).is_err());
    let line = stag.product_coordinate_stag(1)?;
    for loc in [Left, Element, Right] {
        assert_eq!(
            stag.product_coordinate_location_slot(loc)?,
            line.location_slot(loc, 0)?
        );
    }
    assert!(stag.product_coordinate_location_slot(Down).is_err());
    let explicit = build(
        petsc,
        &[m],
        &[1, 1],
        &[BoundaryType::None],
        StagStencilType::Box,
    )?;
    explicit.set_uniform_coordinates_explicit_to([(0.0, 1.0)])?;
    let e = explicit
        .product_coordinate_location_slot(Left)
        .unwrap_err()
        .to_string();
    assert!(e.contains("not 'product'"), "{e}");
    // One (min, max) pair per direction: a 1-D grid takes one, others are refused.
    let e = explicit
        .set_uniform_coordinates_explicit_to([(0.0, 1.0), (0.0, 1.0)])
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("bounds has 2 entries; the dimension is 1"),
        "{e}"
    );
    explicit.set_uniform_coordinates_explicit_to([(1.0, 3.0)])?;
    let cdm = explicit.coordinate_stag()?;
    let x = explicit.coordinates_local()?;
    let i0 = explicit.corners()?.start[0];
    let left = cdm.vec_get_values_stencil(&x, &[StagStencil::new(i0, 0, 0, Left, 0)])?;
    let want = 1.0 + i0 as f64 * 2.0 / m as f64;
    assert!(abs(left[0] - Scalar::from(want)) < 1e-12);
    let flat = build(
        petsc,
        &[m, 2],
        &[0, 0, 1],
        &[BoundaryType::None; 2],
        StagStencilType::Box,
    )?;
    assert!(flat
        .set_uniform_coordinates_product_to([(0.0, 1.0)])
        .is_err());
    flat.set_uniform_coordinates_product_to([(0.0, 1.0), (-2.0, 2.0)])?;
    let y = flat.product_coordinate_stag(1)?;
    let c = y.coordinates_local()?;
    let j0 = y.corners()?.start[0];
    let got = y.vec_get_values_stencil(&c, &[StagStencil::new(j0, 0, 0, Left, 0)])?;
    assert!(abs(got[0] - Scalar::from(-2.0 + 2.0 * j0 as f64)) < 1e-12);
    let mut kind = build(
        petsc,
        &[m, 2],
        &[0, 0, 1],
        &[BoundaryType::None; 2],
        StagStencilType::Box,
    )?;
    kind.set_coordinate_dm_type("product")?;
    assert!(kind.set_uniform_coordinates_to([(0.0, 1.0); 3]).is_err());
    kind.set_uniform_coordinates_to([(0.0, 1.0), (0.0, 1.0)])?;
    Ok(())
}

/// Writable views by slot, then to the global vector; out-of-box access panics with a
/// message naming the element and the box.
fn views(petsc: &Petsc) -> petsc::Result<()> {
    let (m, n) = (5, 4);
    let stag = build(
        petsc,
        &[m, n],
        &[0, 1, 1],
        &[BoundaryType::Periodic, BoundaryType::None],
        StagStencilType::Box,
    )?;
    let (down, left, elem) = (
        stag.location_slot(Down, 0)?,
        stag.location_slot(Left, 0)?,
        stag.location_slot(Element, 0)?,
    );
    let c = stag.corners()?;
    let mut l = stag.create_local_vector()?;
    {
        let mut v = stag.view_mut(&mut l)?;
        for [i, j, _] in c.with_extra().iter() {
            v[(i, j, left)] = Scalar::from(1.0);
            v[(i, j, down)] = Scalar::from(2.0);
            if j < n {
                v[(i, j, elem)] = Scalar::from(10.0);
            }
        }
    }
    let mut x = stag.create_global_vector()?;
    stag.local_to_global(&l, InsertMode::Insert, &mut x)?;
    // x periodic: M left edges per row, N rows; down edges M per row, N + 1 rows.
    let want = (m * n) as f64 + 2.0 * (m * (n + 1)) as f64 + 10.0 * (m * n) as f64;
    assert_eq!(abs(x.sum()?), want);
    // Panics: an element outside the box, a slot past it, the wrong number of indices.
    let v = stag.view(&l)?;
    let g = stag.ghost_corners()?;
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let r1 = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        v[(g.end()[0], g.start[1], left)]
    }));
    let r2 = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        v[(g.start[0], g.start[1], -1)]
    }));
    let r3 = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| v[(g.start[0], left)]));
    let r4 = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        v.get(StagStencil::new(g.start[0], g.start[1], 0, Element, 1))
    }));
    let r5 = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        v.get(StagStencil::new(g.start[0], g.start[1], 0, Back, 0))
    }));
    std::panic::set_hook(hook);
    let msg = panic_message(r1.unwrap_err());
    assert!(
        msg.contains(&format!("i in {}..{}", g.start[0], g.end()[0])),
        "{msg}"
    );
    assert!(panic_message(r2.unwrap_err()).contains("not a location slot"));
    assert!(panic_message(r3.unwrap_err()).contains("2-dimensional"));
    assert!(panic_message(r4.unwrap_err()).contains("component 1"));
    assert!(panic_message(r5.unwrap_err()).contains("BACK"));
    // The view still reads, and is restored on drop.
    let [i, j, _] = c.start;
    assert_eq!(v[(i, j, elem)], Scalar::from(10.0));
    drop(v);
    assert!(l.view_mut().is_ok());
    assert!(petsc::take_destroy_failures().is_empty());
    Ok(())
}

/// A matrix by stencil: `A` with `code(e)` on the diagonal and 1 to the right neighbour
/// in x, applied to ones, gives `code(e) + [i + 1 < M]` at each element.
fn matrix(petsc: &Petsc) -> petsc::Result<()> {
    let (m, n) = (6, 5);
    let stag = build(
        petsc,
        &[m, n],
        &[0, 0, 1],
        &[BoundaryType::None; 2],
        StagStencilType::Star,
    )?;
    let mut a = stag.create_matrix()?;
    let c = stag.corners()?;
    let e = |i, j| StagStencil::new(i, j, 0, Element, 0);
    for [i, j, _] in c.owned().iter() {
        let d = Scalar::from(code([i, j, 0], Element, 0));
        if i + 1 < m {
            let vals = [d, Scalar::from(1.0)];
            stag.mat_set_values_stencil(
                &mut a,
                &[e(i, j)],
                &[e(i, j), e(i + 1, j)],
                &vals,
                InsertMode::Insert,
            )?;
        } else {
            stag.mat_set_values_stencil(&mut a, &[e(i, j)], &[e(i, j)], &[d], InsertMode::Insert)?;
        }
    }
    a.assemble()?;
    let mut ones = stag.create_global_vector()?;
    ones.set(1.0)?;
    let mut y = stag.create_global_vector()?;
    a.mult(&ones, &mut y)?;
    let mut l = stag.create_local_vector()?;
    stag.global_to_local(&y, InsertMode::Insert, &mut l)?;
    for [i, j, _] in c.owned().iter() {
        let want = code([i, j, 0], Element, 0) + if i + 1 < m { 1.0 } else { 0.0 };
        assert_eq!(
            stag.vec_get_values_stencil(&l, &[e(i, j)])?,
            vec![Scalar::from(want)]
        );
    }
    // A matrix of another layout, and values of the wrong length, are refused.
    let other = build(
        petsc,
        &[m + 1, n],
        &[0, 0, 1],
        &[BoundaryType::None; 2],
        StagStencilType::Star,
    )?;
    let mut b = other.create_matrix()?;
    let r = c.start;
    assert!(
        stag.mat_set_values_stencil(
            &mut b,
            &[e(r[0], r[1])],
            &[e(r[0], r[1])],
            &[Scalar::from(1.0)],
            InsertMode::Insert
        )
        .is_err()
            || petsc.world().size() > 1
    );
    assert!(stag
        .mat_set_values_stencil(
            &mut a,
            &[e(r[0], r[1])],
            &[e(r[0], r[1])],
            &[],
            InsertMode::Insert
        )
        .is_err());
    Ok(())
}

/// Entries by stencil through the DM a vector or matrix was made by (`VecGetDM`,
/// `MatGetDM`): the same vectors and matrix as through the `Stag`, every point of the
/// local box read back at its closed form; vectors and matrices of no DM or of a DMDA,
/// and stencils outside, refused.
fn stencil_through_held_dm(petsc: &Petsc) -> petsc::Result<()> {
    let (m, n) = (5, 4);
    let dim = 2;
    let stag = build(
        petsc,
        &[m, n],
        &[1, 1, 1],
        &[BoundaryType::None; 2],
        StagStencilType::Box,
    )?;
    let c = stag.corners()?;
    let (mut stencils, mut values) = (Vec::new(), Vec::new());
    for p in c.with_extra().iter() {
        for loc in canonical(dim) {
            for comp in 0..stag.location_dof(loc)? {
                stencils.push(StagStencil::new(p[0], p[1], p[2], loc, comp));
                values.push(Scalar::from(code(p, loc, comp)));
            }
        }
    }
    let mut x = stag.create_global_vector()?;
    x.set_values_stag_stencil(&stencils, &values, InsertMode::Insert)?;
    x.assemble()?;
    let mut y = stag.create_global_vector()?;
    stag.vec_set_values_stencil(&mut y, &stencils, &values, InsertMode::Insert)?;
    y.assemble()?;
    assert_eq!(x.view()?.to_vec(), y.view()?.to_vec());
    let mut l = stag.create_local_vector()?;
    stag.global_to_local(&x, InsertMode::Insert, &mut l)?;
    let periodic = [false, false];
    let mut checked = 0;
    for p in stag.ghost_corners()?.iter() {
        for loc in canonical(dim) {
            if !exists(p, loc, &[m, n], &periodic) {
                continue;
            }
            for comp in 0..stag.location_dof(loc)? {
                let s = StagStencil::new(p[0], p[1], p[2], loc, comp);
                let got = l.values_stag_stencil(&[s])?;
                assert_eq!(
                    got,
                    vec![Scalar::from(code(p, loc, comp))],
                    "{p:?} {loc} {comp}"
                );
                assert_eq!(got, stag.vec_get_values_stencil(&l, &[s])?);
                checked += 1;
            }
        }
    }
    assert!(checked > 0);
    // Outside the local box, or a component past the dof: refused.
    let g = stag.ghost_corners()?;
    let past = StagStencil::new(g.start[0] + g.len[0] + 1, g.start[1], 0, Element, 0);
    assert!(l.values_stag_stencil(&[past]).is_err());
    let s0 = StagStencil::new(c.start[0], c.start[1], 0, Element, 1);
    assert!(l.values_stag_stencil(&[s0]).is_err());
    // A global vector where a local one is wanted, and the other way round.
    assert!(x.values_stag_stencil(&[]).is_err() || petsc.world().size() == 1);
    assert!(l
        .set_values_stag_stencil(&stencils[..1], &values[..1], InsertMode::Insert)
        .is_err());
    // Lengths that differ.
    assert!(x
        .set_values_stag_stencil(&stencils[..2], &values[..1], InsertMode::Insert)
        .is_err());
    // Vectors of no DM, or of a DMDA.
    let mut plain = Vector::new_mpi(&petsc.world(), Some(3), None)?;
    let e = plain.values_stag_stencil(&[]).unwrap_err().report();
    assert!(e.contains("no DM"), "{e}");
    let da = Da::grid(&petsc.world()).sizes([8]).build()?;
    let mut dv = da.create_global_vector()?;
    let e = dv
        .set_values_stag_stencil(&[], &[], InsertMode::Insert)
        .unwrap_err()
        .to_string();
    assert!(e.contains("'da'"), "{e}");
    assert!(plain
        .set_values_stag_stencil(&[], &[], InsertMode::Insert)
        .is_err());
    // A diagonal matrix by single entries, equal to the one set through the Stag.
    let mut a = stag.create_matrix()?;
    let mut b = stag.create_matrix()?;
    for (s, v) in stencils.iter().zip(&values) {
        a.set_value_stag_stencil(*s, *s, *v, InsertMode::Insert)?;
        stag.mat_set_values_stencil(&mut b, &[*s], &[*s], &[*v], InsertMode::Insert)?;
    }
    a.assemble()?;
    b.assemble()?;
    let mut ax = stag.create_global_vector()?;
    let mut bx = stag.create_global_vector()?;
    a.mult(&x, &mut ax)?;
    b.mult(&x, &mut bx)?;
    assert_eq!(ax.view()?.to_vec(), bx.view()?.to_vec());
    // A x = x .* x on every unknown of the grid (the diagonal holds x).
    let xs = x.view()?.to_vec();
    for (k, v) in ax.view()?.iter().enumerate() {
        assert!(abs(*v - xs[k] * xs[k]) < 1e-9 * abs(xs[k] * xs[k]).max(1.0));
    }
    assert!(a
        .set_value_stag_stencil(past, past, Scalar::from(1.0), InsertMode::Insert)
        .is_err());
    let mut dm_mat = da.create_matrix()?;
    let e = dm_mat
        .set_value_stag_stencil(s0, s0, Scalar::from(1.0), InsertMode::Insert)
        .unwrap_err()
        .to_string();
    assert!(e.contains("'da'"), "{e}");
    Ok(())
}

/// ex1's pattern: compatible grids with the vertex and element unknowns alone, and the
/// solution migrated to each.
fn compatible_and_migrate(petsc: &Petsc) -> petsc::Result<()> {
    let m = 9;
    let stag = build(
        petsc,
        &[m],
        &[1, 1],
        &[BoundaryType::None],
        StagStencilType::Box,
    )?;
    let verts = stag.new_compatible(&[1, 0])?;
    let elems = stag.new_compatible(&[0, 1])?;
    let both = stag.new_compatible(&[1, 2])?;
    assert_eq!(verts.create_global_vector()?.size()?, m + 1);
    assert_eq!(elems.create_global_vector()?.size()?, m);
    assert_eq!(verts.corners()?, stag.corners()?);
    let mut x = stag.create_global_vector()?;
    let c = stag.corners()?;
    let (mut s, mut v) = (vec![], vec![]);
    for [i, _, _] in c.with_extra().iter() {
        s.push(StagStencil::new(i, 0, 0, Left, 0));
        v.push(Scalar::from(i as f64));
        s.push(StagStencil::new(i, 0, 0, Element, 0));
        v.push(Scalar::from(100.0 + i as f64));
    }
    stag.vec_set_values_stencil(&mut x, &s, &v, InsertMode::Insert)?;
    x.assemble()?;
    let mut u = verts.create_global_vector()?;
    let mut p = elems.create_global_vector()?;
    let mut w = both.create_global_vector()?;
    stag.migrate_vec(&x, &verts, &mut u)?;
    stag.migrate_vec(&x, &elems, &mut p)?;
    stag.migrate_vec(&x, &both, &mut w)?;
    let verts_sum = (m * (m + 1) / 2) as f64;
    let elems_sum = (100 * m + m * (m - 1) / 2) as f64;
    assert_eq!(abs(u.sum()?), verts_sum);
    assert_eq!(abs(p.sum()?), elems_sum);
    assert_eq!(abs(w.sum()?), verts_sum + elems_sum); // the second element dof zeroed
                                                      // A vector of the wrong grid, and a grid that is not compatible, are refused.
    assert!(stag.migrate_vec(&u, &verts, &mut p).is_err());
    let coarse = build(
        petsc,
        &[m + 3],
        &[1, 0],
        &[BoundaryType::None],
        StagStencilType::Box,
    )?;
    let mut z = coarse.create_global_vector()?;
    assert!(stag.migrate_vec(&x, &coarse, &mut z).is_err());
    assert!(stag.new_compatible(&[1, -1]).is_err());
    Ok(())
}

/// Each canonical location of a 2D grid split into a DMDA: its sizes are the closed
/// form of that location's points, and each owned point holds the value set at it (the
/// requested component, or the first `k` padded with zeros).
fn split_to_dmda(petsc: &Petsc) -> petsc::Result<()> {
    let (m, dof) = ([5, 4], [1, 1, 2]);
    let stag = build(petsc, &m, &dof, &[], StagStencilType::Box)?;
    let mut x = stag.create_global_vector()?;
    let (mut s, mut v) = (vec![], vec![]);
    for p in stag.corners()?.with_extra().iter() {
        for &loc in &canonical(2) {
            if !exists(p, loc, &m, &[false, false]) {
                continue;
            }
            for c in 0..dof[loc.stratum(2).unwrap()] {
                s.push(StagStencil::new(p[0], p[1], 0, loc, c));
                v.push(Scalar::from(code(p, loc, c)));
            }
        }
    }
    stag.vec_set_values_stencil(&mut x, &s, &v, InsertMode::Insert)?;
    x.assemble()?;
    for &loc in &canonical(2) {
        let ldof = dof[loc.stratum(2).unwrap()];
        let o = loc.offset();
        // Points along x and y: one more than the elements where the location is a side.
        let n: Vec<Int> = (0..2).map(|d| m[d] + Int::from(o[d] == -1)).collect();
        for c in (0..ldof).chain([-(ldof + 1)]) {
            let (da, y) = stag.vec_split_to_dmda(&x, loc, c)?;
            let info = da.info()?;
            let k = if c < 0 { -c } else { 1 };
            assert_eq!([info.mx, info.my, info.dof], [n[0], n[1], k], "{loc} {c}");
            assert_eq!(y.size()?, n[0] * n[1] * k);
            let view = y.view()?;
            for (q, [i, j, _]) in info.corners().iter().enumerate() {
                for d in 0..k {
                    let comp = if c < 0 { d } else { c };
                    let want = if comp < ldof {
                        code([i, j, 0], loc, comp)
                    } else {
                        0.0
                    };
                    let got = abs(view[q * k as usize + d as usize]);
                    assert_eq!(got, want, "{loc} component {comp} at ({i}, {j})");
                }
            }
        }
    }
    // A component past the location's, a location a 2D grid does not have, and a vector
    // of another grid are refused on every rank.
    let e = stag.vec_split_to_dmda(&x, Element, 2).unwrap_err();
    assert!(e.report().contains("component 2"), "{e}");
    assert!(stag.vec_split_to_dmda(&x, BackDownLeft, 0).is_err());
    let other = build(petsc, &[3, 3], &dof, &[], StagStencilType::Box)?;
    assert!(other.vec_split_to_dmda(&x, Element, 0).is_err());
    Ok(())
}

/// Bad input is an `Err` on every rank, naming the fault.
fn stag_errors(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let size = world.size() as Int;
    let err = |r: petsc::Result<Stag>| r.map(|_| ()).unwrap_err().report();
    let b = || Stag::grid(&world);
    let e = err(b().sizes([4, 4]).dof(&[1, 1]).build());
    assert!(e.contains("3 numbers"), "{e}");
    let e = err(b().sizes([4]).dof(&[1, -2]).build());
    assert!(
        e.contains("-2 degrees of freedom per element is negative"),
        "{e}"
    );
    let e = err(b().sizes([4, 0]).dof(&[1, 1, 1]).build());
    assert!(e.contains("0 elements in y"), "{e}");
    if size > 1 {
        let e = err(b()
            .sizes([4, 4])
            .dof(&[1, 1, 1])
            .ranks([Some(size), Some(size)])
            .build());
        assert!(e.contains("multiply to"), "{e}");
    }
    let e = err(b().sizes([6]).dof(&[1, 1]).ranks([Some(size + 1)]).build());
    assert!(e.contains("ranks in x"), "{e}");
    let e = err(b()
        .sizes([6])
        .dof(&[1, 1])
        .ownership_ranges(&[&vec![1; size as usize]])
        .build());
    assert!(e.contains("sum to"), "{e}");
    let e = err(b()
        .sizes([4, 4])
        .dof(&[1, 1, 1])
        .ownership_ranges(&[&[], &[], &[1]])
        .build());
    assert!(e.contains("ownership_ranges has 3 entries"), "{e}");
    let e = err(b()
        .sizes([4, 4])
        .dof(&[1, 1, 1])
        .stencil(StagStencilType::None)
        .build());
    assert!(e.contains("stencil width 0"), "{e}");
    let e = err(b()
        .sizes([4])
        .dof(&[1, 1])
        .boundary([BoundaryType::Mirror])
        .build());
    assert!(e.contains("Mirror"), "{e}");
    let e = err(b().sizes([2 * size]).dof(&[1, 1]).stencil_width(3).build());
    assert!(e.contains("stencil width 3"), "{e}");
    if size > 1 {
        let e = err(b()
            .sizes([4, 1])
            .dof(&[1, 1, 1])
            .ranks([None, Some(size)])
            .build());
        assert!(e.contains("fewer elements than ranks"), "{e}");
    }
    let e = err(b().sizes([2, 2, 2, 1]).dof(&[1]).build());
    assert!(e.contains("dimension 4"), "{e}");
    // Locations, components and vectors.
    let stag = build(
        petsc,
        &[4],
        &[1, 1],
        &[BoundaryType::None],
        StagStencilType::Box,
    )?;
    let e = stag.location_slot(Up, 0).unwrap_err().report();
    assert!(
        e.contains("UP does not exist on a 1-dimensional grid"),
        "{e}"
    );
    let e = stag.location_slot(Element, 1).unwrap_err().report();
    assert!(e.contains("component 1 at ELEMENT is not in 0..1"), "{e}");
    assert!(stag.location_dof(Back).is_err());
    let mut x = stag.create_global_vector()?;
    let c = stag.corners()?;
    let ok = StagStencil::new(c.start[0], 0, 0, Element, 0);
    let e = stag
        .vec_set_values_stencil(&mut x, &[ok, ok], &[Scalar::from(1.0)], InsertMode::Insert)
        .unwrap_err()
        .to_string();
    assert!(e.contains("2 stencils but 1 values"), "{e}");
    let far = StagStencil::new(c.start[0] + 10, 0, 0, Element, 0);
    let e = stag
        .vec_set_values_stencil(&mut x, &[far], &[Scalar::from(1.0)], InsertMode::Insert)
        .unwrap_err()
        .to_string();
    assert!(e.contains("outside this rank's local elements"), "{e}");
    let j = StagStencil::new(c.start[0], 1, 0, Element, 0);
    assert!(stag
        .vec_get_values_stencil(&stag.create_local_vector()?, &[j])
        .is_err());
    assert_ne!(stag.entries()?, stag.entries_local()?);
    assert!(stag.vec_get_values_stencil(&x, &[ok]).is_err());
    let mut l = stag.create_local_vector()?;
    assert!(stag.view(&x).is_err());
    assert!(stag
        .vec_set_values_stencil(&mut l, &[ok], &[Scalar::from(1.0)], InsertMode::Insert)
        .is_err());
    let wrong = Vector::new_mpi(&world, Some(3), None)?;
    assert!(stag.view(&wrong).is_err());
    // A local vector of another DMStag of the same size but laid out otherwise.
    let other = build(
        petsc,
        &[4],
        &[2, 0],
        &[BoundaryType::None],
        StagStencilType::Box,
    )?;
    let ol = other.create_local_vector()?;
    if ol.size()? == l.size()? {
        let e = stag.view(&ol).unwrap_err().report();
        assert!(e.contains("another DM"), "{e}");
    }
    // Downcasts name both types.
    let da = Da::grid(&world).sizes([4]).build()?;
    let e = da.as_dm()?.downcast::<Stag>().unwrap_err().report();
    assert!(e.contains("'da'") && e.contains("'stag'"), "{e}");
    let e = stag.as_dm()?.downcast::<Da>().unwrap_err().report();
    assert!(e.contains("'stag'") && e.contains("'da'"), "{e}");
    let back: Stag = stag.as_dm()?.downcast()?;
    assert_eq!(back.global_sizes()?, stag.global_sizes()?);
    // A DMStag made without the builder: checked before it is set up.
    let mut raw = Dm::new(&world)?;
    raw.set_dimension(2)?; // DMSetType("stag") needs it
    raw.set_type("stag")?;
    let e = raw.downcast::<Stag>().unwrap_err().report();
    assert!(e.contains("elements in x is below 1"), "{e}");
    Ok(())
}

/// Options change the grid, and are checked as the builder's arguments are.
fn from_options(petsc: &Petsc) -> petsc::Result<()> {
    let o = petsc.options();
    o.set_value("-sc_stag_grid_x", "9")?;
    o.set_value("-sc_stag_boundary_type_x", "periodic")?;
    let stag = Stag::grid(&petsc.world())
        .sizes([4])
        .dof(&[1, 1])
        .options_prefix("sc_")
        .from_options(true)
        .build()?;
    assert_eq!(stag.global_sizes()?[0], 9);
    assert_eq!(stag.boundary_types()?[0], BoundaryType::Periodic);
    assert_eq!(stag.create_global_vector()?.size()?, 18);
    o.set_value("-sc_stag_stencil_width", "10")?;
    let e = Stag::grid(&petsc.world())
        .sizes([4])
        .dof(&[1, 1])
        .options_prefix("sc_")
        .from_options(true)
        .build()
        .unwrap_err()
        .to_string();
    assert!(e.contains("stencil width 10"), "{e}");
    for k in ["grid_x", "boundary_type_x", "stencil_width"] {
        o.clear_value(&format!("-sc_stag_{k}"))?;
    }
    Ok(())
}

/// A 1D DMDA of `n` points and a "redundant-like" one of 2 points held by the first
/// ranks (stencil width 0, so some ranks hold none).
fn pack(petsc: &Petsc, n: Int) -> petsc::Result<(Composite, Da, Da)> {
    let world = petsc.world();
    let a = Da::grid(&world).sizes([n]).build()?;
    let b = Da::grid(&world).sizes([2]).stencil_width(0).build()?;
    let mut pack = Composite::new(&world)?;
    pack.add_dm(&a)?;
    pack.add_dm(&b)?;
    Ok((pack, a, b))
}

/// Sizes add up; scatter fills each DM's local vector (ghosts included) from the right
/// global entries (checked with the mappings); gather puts the vector back.
fn composite_scatter_gather(petsc: &Petsc) -> petsc::Result<()> {
    let n = 7;
    let (pack, a, b) = pack(petsc, n)?;
    assert_eq!(pack.number_of_dms()?, 2);
    let mut x = pack.create_global_vector()?;
    assert_eq!(x.size()?, n + 2);
    assert_eq!(
        x.local_size()?,
        a.create_global_vector()?.local_size()? + b.create_global_vector()?.local_size()?
    );
    let start = x.ownership_range()?.start;
    for (k, v) in x.view_mut()?.iter_mut().enumerate() {
        *v = Scalar::from((start + k as Int) as f64 + 1.0);
    }
    let mut locals = pack.local_vectors()?;
    assert_eq!(locals.len(), 2);
    pack.scatter(&x, &mut locals)?;
    let maps = pack.lgmaps()?;
    for (l, map) in locals.iter().zip(&maps) {
        let idx: Vec<Int> = (0..l.size()?).collect();
        let global = map.apply(&idx)?;
        for (v, g) in l.view()?.iter().zip(global) {
            assert_eq!(*v, Scalar::from(g as f64 + 1.0));
        }
    }
    let mut y = pack.create_global_vector()?;
    pack.gather(InsertMode::Insert, &mut y, &locals)?;
    assert!(y.equal(&x)?);
    // Local index sets: the DMs' local vectors one after the other.
    let lis = pack.local_iss()?;
    let sizes = [locals[0].size()?, locals[1].size()?];
    assert_eq!(lis[0].to_vec()?, (0..sizes[0]).collect::<Vec<_>>());
    assert_eq!(
        lis[1].to_vec()?,
        (sizes[0]..sizes[0] + sizes[1]).collect::<Vec<_>>()
    );
    pack.restore_local_vectors(locals)?;
    // Wrong numbers of vectors, or vectors of other sizes.
    let mut one = vec![a.create_local_vector()?];
    let e = pack.scatter(&x, &mut one).unwrap_err().report();
    assert!(
        e.contains("1 local vectors for the composite's 2 DMs"),
        "{e}"
    );
    let mut swapped = vec![b.create_local_vector()?, a.create_local_vector()?];
    assert!(pack.scatter(&x, &mut swapped).is_err());
    assert!(pack.gather(InsertMode::Insert, &mut y, &one).is_err());
    let short = a.create_global_vector()?;
    let mut two = vec![a.create_local_vector()?, b.create_local_vector()?];
    assert!(pack.scatter(&short, &mut two).is_err());
    let locals = pack.local_vectors()?;
    let mut locals = locals.into_iter();
    let first = locals.next().unwrap();
    assert!(pack.restore_local_vectors(vec![first]).is_err());
    let rest: Vec<_> = locals.collect();
    assert!(pack.restore_local_vectors(rest).is_err());
    Ok(())
}

/// The access guard's pieces are the global vector's entries at the DMs' global index
/// sets; the vector cannot be touched through another handle meanwhile.
fn composite_access(petsc: &Petsc) -> petsc::Result<()> {
    let n = 8;
    let (pack, a, b) = pack(petsc, n)?;
    let mut x = pack.create_global_vector()?;
    {
        let mut pieces = pack.access(&mut x)?;
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[0].size()?, n);
        assert_eq!(pieces[1].size()?, 2);
        for p in 0..2 {
            let first = pieces[p].ownership_range()?.start;
            for (k, v) in pieces.view_mut(p)?.iter_mut().enumerate() {
                *v = Scalar::from(1000.0 * (p + 1) as f64 + (first + k as Int) as f64);
            }
        }
        assert!(pieces.view_mut(2).is_err());
        // The DMDA reads its piece as a global vector of its own.
        let info = a.info()?;
        let v = a.view(&pieces[0])?;
        for i in info.xs..info.xs + info.xm {
            assert_eq!(v[i], Scalar::from(1000.0 + i as f64));
        }
    }
    let start = x.ownership_range()?.start;
    let view = x.view()?;
    let firsts = [
        a.create_global_vector()?.ownership_range()?.start,
        b.create_global_vector()?.ownership_range()?.start,
    ];
    for (p, is) in pack.global_iss()?.iter().enumerate() {
        for (k, &g) in is.to_vec()?.iter().enumerate() {
            let want = 1000.0 * (p + 1) as f64 + (firsts[p] + k as Int) as f64;
            assert_eq!(view[(g - start) as usize], Scalar::from(want));
        }
    }
    drop(view);
    // Some of the pieces; bad choices.
    {
        let mut one = pack.access_some(&mut x, &[1])?;
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].size()?, 2);
        one.set(0, 5.0)?;
        one.restore()?;
    }
    assert_eq!(abs(x.sum()?), (1000 * n + n * (n - 1) / 2) as f64 + 10.0);
    assert!(pack.access_some(&mut x, &[1, 0]).is_err());
    assert!(pack.access_some(&mut x, &[2]).is_err());
    let mut wrong = a.create_global_vector()?;
    assert!(pack.access(&mut wrong).is_err());
    // Every restore succeeded.
    assert!(petsc::take_destroy_failures().is_empty());
    Ok(())
}

/// Entries, nesting, a DMStag inside, and the composite's own errors.
fn composite_entries(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let stag = build(
        petsc,
        &[5, 3],
        &[1, 1, 1],
        &[BoundaryType::None; 2],
        StagStencilType::Box,
    )?;
    let da = Da::grid(&world).sizes([4]).dof(2).build()?;
    let mut pack = Composite::new(&world)?;
    pack.add_dm(&stag)?;
    pack.add_dm(&da)?;
    drop(da); // the composite keeps its own reference
    let e = pack.entries()?;
    let s: Stag = e[0].downcast()?;
    assert_eq!(s.global_sizes()?, [5, 3, 1]);
    let d: Da = e[1].downcast()?;
    assert_eq!((d.info()?.mx, d.info()?.dof), (4, 2));
    assert!(e[1].downcast::<Stag>().is_err());
    let size = closed_form_size(&[5, 3], &[1, 1, 1], &[false, false]) + 8;
    assert_eq!(pack.create_global_vector()?.size()?, size);
    let dm = pack.as_dm()?;
    let again: Composite = dm.downcast()?;
    assert_eq!(again.number_of_dms()?, 2);
    assert!(dm.downcast::<Stag>().is_err());
    // Adding after use, adding itself, a cycle.
    let late = Da::grid(&world).sizes([3]).build()?;
    assert!(pack.add_dm(&late).is_err());
    let mut inner = Composite::new(&world)?;
    inner.add_dm(&late)?;
    let mut outer = Composite::new(&world)?;
    outer.add_dm(&inner)?;
    let e = inner.add_dm(&outer).unwrap_err().report();
    assert!(e.contains("cannot contain itself"), "{e}");
    let handle = inner.as_dm()?.downcast::<Composite>()?;
    assert!(inner.add_dm(&handle).is_err());
    assert_eq!(outer.create_global_vector()?.size()?, 3);
    Ok(())
}

/// The grid builder's settings read back from the DMStag's getters in 1, 2 and 3
/// dimensions, one value per direction, with the names of the DMDA's builder; lengths
/// that disagree with the sizes are an `Err` naming the setting.
fn grid_builder_round_trip(petsc: &Petsc) -> petsc::Result<()> {
    use BoundaryType::{Ghosted, None as Open, Periodic};
    let world = petsc.world();
    let size = world.size() as Int;
    let line = Stag::grid(&world)
        .sizes([7])
        .dof(&[1, 2])
        .boundary([Periodic])
        .build()?;
    assert_eq!(line.global_sizes()?, [7, 1, 1]);
    assert_eq!(line.dof()?, vec![1, 2]);
    assert_eq!(line.boundary_types()?[0], Periodic);
    assert_eq!(line.num_ranks()?[0], size);
    let plane = Stag::grid(&world)
        .sizes([6, 4])
        .dof(&[0, 1, 1])
        .stencil(StagStencilType::Star)
        .stencil_width(2)
        .boundary([Ghosted, Periodic])
        .ranks([None, Some(1)])
        .build()?;
    assert_eq!(plane.global_sizes()?[..2], [6, 4]);
    assert_eq!(plane.dof()?, vec![0, 1, 1]);
    assert_eq!(
        (plane.stencil_type()?, plane.stencil_width()?),
        (StagStencilType::Star, 2)
    );
    assert_eq!(plane.boundary_types()?[..2], [Ghosted, Periodic]);
    assert_eq!(plane.num_ranks()?[..2], [size, 1]);
    let pieces: Vec<Int> = (0..size)
        .map(|r| if r == 0 { 5 - (size - 1) } else { 1 })
        .collect();
    let cube = Stag::grid(&world)
        .sizes([5, 3, 2])
        .dof(&[1, 0, 0, 1])
        .stencil_width(1)
        .ownership_ranges(&[&pieces, &[], &[]])
        .boundary([Open, Open, Open])
        .build()?;
    assert_eq!(cube.global_sizes()?, [5, 3, 2]);
    assert_eq!(cube.num_ranks()?, [size, 1, 1]);
    assert_eq!(
        cube.ownership_ranges()?,
        vec![pieces.clone(), vec![3], vec![2]]
    );
    let bad = |b: petsc::StagGridBuilder<'_>, want: &str| {
        let e = b.build().unwrap_err().report();
        assert!(e.contains(want), "{e}");
    };
    bad(
        Stag::grid(&world)
            .sizes([4, 4])
            .dof(&[1, 0, 0])
            .boundary([Periodic]),
        "boundary has 1 entries",
    );
    bad(
        Stag::grid(&world)
            .sizes([4])
            .dof(&[1, 0])
            .ranks([None, None]),
        "ranks has 2 entries",
    );
    bad(
        Stag::grid(&world)
            .sizes([4])
            .dof(&[1, 0])
            .ownership_ranges(&[&[4], &[]]),
        "ownership_ranges has 2 entries",
    );
    bad(Stag::grid(&world).dof(&[1, 0]), "give the global sizes");
    Ok(())
}

/// DMStag set up step by step with one entry per direction, as the grid builder takes
/// them: each setting reads back before and after set-up, the grid equals the builder's,
/// and another number of entries than directions is an `Err`.
fn setters_round_trip(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let size = world.size() as Int;
    let b = BoundaryType::Ghosted;
    let mut s = Stag::new(&world, 2)?;
    s.set_sizes([2 * size, 3])?;
    s.set_boundary([BoundaryType::Periodic, b])?;
    s.set_ranks([Some(size), None])?;
    s.set_dof(&[0, 1, 1])?;
    assert_eq!(s.sizes()?, vec![2 * size, 3]);
    assert_eq!(s.boundary()?, vec![BoundaryType::Periodic, b]);
    assert_eq!(s.ranks()?, vec![Some(size), None]);
    s.set_ranks([Some(size), Some(1)])?;
    let ranges = vec![2; size as usize];
    s.set_ownership_ranges_to(&[&ranges, &[]])?;
    assert!(s.set_ranks([Some(1), Some(size)]).is_err() || size == 1);
    assert!(s.set_sizes([4]).is_err());
    assert!(s.set_boundary([b, b, b]).is_err());
    assert!(s.set_ranks([None]).is_err());
    assert!(s.set_ownership_ranges_to(&[&ranges]).is_err());
    s.set_up()?;
    assert_eq!(s.ranks()?, vec![Some(size), Some(1)]);
    assert_eq!(s.ownership_ranges()?, vec![ranges.clone(), vec![3]]);
    let g = Stag::grid(&world)
        .sizes(s.sizes()?)
        .boundary(s.boundary()?)
        .ranks(s.ranks()?)
        .ownership_ranges(&[&ranges, &[]])
        .dof(&[0, 1, 1])
        .build()?;
    assert_eq!(g.corners()?, s.corners()?);
    assert_eq!(g.sizes()?, s.sizes()?);
    let verts = s.new_compatible(&[1, 0, 0])?;
    assert_eq!(verts.sizes()?, s.sizes()?);
    assert_eq!(verts.dof()?, vec![1, 0, 0]);
    let mut line = Stag::new(&world, 1)?;
    line.set_sizes([3 * size])?;
    line.set_dof(&[1, 1])?;
    line.set_up()?;
    assert_eq!(
        (line.sizes()?, line.ranks()?),
        (vec![3 * size], vec![Some(size)])
    );
    Ok(())
}

pub fn cases() -> Vec<Case> {
    let ranks: &'static [usize] = &[1, 2, 3];
    vec![
        Case::new("stag_sizes", sizes).ranks(ranks),
        Case::new("stag_location_slots", location_slots).ranks(ranks),
        Case::new("stag_set_by_stencil", set_by_stencil).ranks(ranks),
        Case::new("stag_coordinates", coordinates).ranks(ranks),
        Case::new("stag_views", views).ranks(ranks),
        Case::new("stag_matrix", matrix).ranks(ranks),
        Case::new("stag_stencil_through_held_dm", stencil_through_held_dm).ranks(ranks),
        Case::new("stag_compatible_and_migrate", compatible_and_migrate).ranks(ranks),
        Case::new("stag_split_to_dmda", split_to_dmda).ranks(ranks),
        Case::new("stag_errors", stag_errors).ranks(ranks),
        Case::new("stag_from_options", from_options).ranks(ranks),
        Case::new("stag_grid_builder_round_trip", grid_builder_round_trip).ranks(&[1, 2]),
        Case::new("stag_setters_round_trip", setters_round_trip).ranks(&[1, 2]),
        Case::new("composite_scatter_gather", composite_scatter_gather).ranks(ranks),
        Case::new("composite_access", composite_access).ranks(ranks),
        Case::new("composite_entries", composite_entries).ranks(ranks),
    ]
}
