//! Jacobians by automatic differentiation of DMDA residuals written once
//! (`petsc::ad`): equal to central differences of the same residual on 1-D, 2-D and
//! 3-D grids with one to three components, star and box stencils of width 1 and 2,
//! and none, ghosted and periodic boundaries, at 1, 2 and 3 ranks (the coloring and
//! the ghost columns differ with the decomposition); refused set-ups (mirror
//! boundaries, a matrix the DMDA did not make) and failing or panicking residuals give
//! an `Err` and leave the solver usable; complex builds say the feature is unavailable.

use petsc::Petsc;
use petsc_tests::Case;

#[cfg(not(petsc_complex))]
mod real {
    use petsc::ad::{AdScalar, DaArray, DaArrayMut, DaResidual};
    use petsc::{BoundaryType, Da, DaInfo, InsertMode, Int, Petsc, Snes, StencilType, Vector};

    /// A residual coupling every component of every stencil neighbour nonlinearly:
    /// `f(p, c) = x(p, c)^3 + sum_q,cc w(q - p, c, cc) sin(x(q, cc)) x(p, c)`, over the
    /// neighbours the ghosted box holds (a ghosted boundary's outside points too).
    pub struct Coupled {
        pub star: bool,
        pub width: Int,
    }

    impl DaResidual for Coupled {
        fn residual<T: AdScalar>(
            &self,
            info: &DaInfo,
            x: &DaArray<'_, T>,
            f: &mut DaArrayMut<'_, T>,
        ) -> petsc::Result<()> {
            let g = x.corners();
            let s = self.width;
            let span = |d: usize| if d < info.dim { -s..=s } else { 0..=0 };
            for p in info.corners().iter() {
                for c in 0..info.dof {
                    let xp = x.get(p, c);
                    let mut acc = xp * xp * xp;
                    for k in span(2) {
                        for j in span(1) {
                            for i in span(0) {
                                let axes = [i, j, k].iter().filter(|&&o| o != 0).count();
                                if self.star && axes > 1 {
                                    continue;
                                }
                                let q = [p[0] + i, p[1] + j, p[2] + k];
                                if !g.contains(q) {
                                    continue;
                                }
                                for cc in 0..info.dof {
                                    let w = 0.1 * (1 + i + 2 * j + 3 * k + c + 2 * cc) as f64;
                                    acc += x.get(q, cc).sin() * xp * w;
                                }
                            }
                        }
                    }
                    f.set(p, c, acc);
                }
            }
            Ok(())
        }
    }

    /// The grid of one configuration.
    pub fn grid(
        petsc: &Petsc,
        sizes: &[Int],
        dof: Int,
        star: bool,
        width: Int,
        boundary: BoundaryType,
    ) -> petsc::Result<Da> {
        Da::grid(&petsc.world())
            .sizes(sizes)
            .dof(dof)
            .stencil(if star {
                StencilType::Star
            } else {
                StencilType::Box
            })
            .stencil_width(width)
            .boundary(vec![boundary; sizes.len()])
            .build()
    }

    /// A point with distinct, smooth entries.
    pub fn point(da: &Da) -> petsc::Result<Vector> {
        let mut x = da.create_global_vector()?;
        let r = x.ownership_range()?;
        let idx: Vec<Int> = r.clone().collect();
        let vals: Vec<f64> = r.map(|i| 0.3 + 0.2 * (0.7 * i as f64).sin()).collect();
        x.set_values(&idx, &vals, InsertMode::Insert)?;
        x.assemble()?;
        Ok(x)
    }

    /// The solver's Jacobian at `x` against central differences of its residual, entry
    /// by entry on this rank's rows (1e-7, relative to 1 + |entry|).
    pub fn check_against_differences(snes: &mut Snes, da: &Da, x: &Vector) -> petsc::Result<usize> {
        let mut j = da.create_matrix()?;
        snes.compute_jacobian(x, &mut j, None)?;
        let n = x.size()?;
        let rows: Vec<Int> = x.ownership_range()?.collect();
        let h = 1e-6;
        let mut f_plus = x.duplicate()?;
        let mut f_minus = x.duplicate()?;
        let mut checked = 0;
        for k in 0..n {
            let mut xp = x.deep_copy()?;
            let mut xm = x.deep_copy()?;
            let owns = xp.ownership_range()?.contains(&k);
            if owns {
                xp.set_values(&[k], &[h], InsertMode::Add)?;
                xm.set_values(&[k], &[-h], InsertMode::Add)?;
            }
            xp.assemble()?;
            xm.assemble()?;
            snes.compute_function(&xp, &mut f_plus)?;
            snes.compute_function(&xm, &mut f_minus)?;
            let (fp, fm) = (f_plus.values(&rows)?, f_minus.values(&rows)?);
            let col = j.values(&rows, &[k])?;
            for (r, (&a, &b)) in rows.iter().zip(fp.iter().zip(&fm)) {
                let fd = (a - b) / (2.0 * h);
                let ad = col[(r - rows[0]) as usize];
                assert!(
                    (fd - ad).abs() <= 1e-7 * (1.0 + fd.abs()),
                    "J[{r}, {k}]: AD {ad} vs differences {fd}"
                );
                checked += 1;
            }
        }
        Ok(checked)
    }
}

/// The AD Jacobian equals central differences on every configuration.
#[cfg(not(petsc_complex))]
fn jacobian_matches_differences(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::BoundaryType::{Ghosted, None as Open, Periodic};
    use petsc::Snes;
    // (sizes, dof, star, width, boundary); periodic sizes divisible by 2 width + 1, as
    // PETSc's DMDA coloring requires.
    let configs: [(
        &[petsc::Int],
        petsc::Int,
        bool,
        petsc::Int,
        petsc::BoundaryType,
    ); 7] = [
        (&[15], 2, false, 2, Periodic),
        (&[11], 1, true, 1, Open),
        (&[7, 6], 1, true, 1, Open),
        (&[6, 5], 3, false, 1, Ghosted),
        (&[10, 5], 1, true, 1, Periodic),
        (&[6, 3], 2, false, 1, Periodic),
        (&[6, 4, 4], 2, true, 1, Open),
    ];
    for (sizes, dof, star, width, boundary) in configs {
        let da = real::grid(petsc, sizes, dof, star, width, boundary)?;
        let mut snes = Snes::new(&petsc.world())?;
        snes.set_function_local_ad(&da, real::Coupled { star, width })?;
        let x = real::point(&da)?;
        let n = real::check_against_differences(&mut snes, &da, &x)?;
        assert!(n > 0 || x.local_size()? == 0);
    }
    Ok(())
}

/// Mirror boundaries and a Jacobian matrix the DMDA did not make are an `Err` naming
/// the reason; a residual that fails or panics in the Jacobian's dual evaluation ends
/// the solve with an `Err`, and the solver then solves again.
#[cfg(not(petsc_complex))]
fn refusals_and_failures(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::ad::{AdScalar, DaArray, DaArrayMut, DaResidual};
    use petsc::{Mat, Sizes, Snes};
    use std::cell::Cell;
    use std::rc::Rc;

    let da = real::grid(petsc, &[8], 1, true, 1, petsc::BoundaryType::Mirror)?;
    let mut snes = Snes::new(&petsc.world())?;
    snes.set_function_local_ad(
        &da,
        real::Coupled {
            star: true,
            width: 1,
        },
    )?;
    let x = real::point(&da)?;
    let mut j = da.create_matrix()?;
    let e = snes.compute_jacobian(&x, &mut j, None).unwrap_err();
    assert!(format!("{e:?}").contains("Mirror boundary"), "{e:?}");

    // A 5-point star on a periodic grid of 9 x 9: PETSc's coloring repeats every 5.
    let da = real::grid(petsc, &[9, 9], 1, true, 1, petsc::BoundaryType::Periodic)?;
    let mut snes = Snes::new(&petsc.world())?;
    snes.set_function_local_ad(
        &da,
        real::Coupled {
            star: true,
            width: 1,
        },
    )?;
    let x = real::point(&da)?;
    let mut j = da.create_matrix()?;
    let e = snes.compute_jacobian(&x, &mut j, None).unwrap_err();
    let text = format!("{:?}", e);
    assert!(
        text.contains("same color") && text.contains("by 5 for a star"),
        "{text}"
    );

    let da = real::grid(petsc, &[8], 1, true, 1, petsc::BoundaryType::None)?;
    let mut snes = Snes::new(&petsc.world())?;
    snes.set_function_local_ad(
        &da,
        real::Coupled {
            star: true,
            width: 1,
        },
    )?;
    let x = real::point(&da)?;
    let n = x.size()?;
    let mut other = Mat::aij(&petsc.world())
        .sizes(Sizes::local(x.local_size()?, x.local_size()?).with_global(n, n))
        .preallocate(3, 2)
        .build()?;
    let e = snes.compute_jacobian(&x, &mut other, None).unwrap_err();
    assert!(format!("{e:?}").contains("not made by the DMDA"), "{e:?}");

    /// `x - 2 = 0`, failing (or panicking) in its dual evaluations while `fail` is set.
    struct Flaky {
        fail: Rc<Cell<u8>>,
    }
    impl DaResidual for Flaky {
        fn residual<T: AdScalar>(
            &self,
            info: &petsc::DaInfo,
            x: &DaArray<'_, T>,
            f: &mut DaArrayMut<'_, T>,
        ) -> petsc::Result<()> {
            let dual = std::mem::size_of::<T>() != std::mem::size_of::<f64>();
            match self.fail.get() {
                1 if dual => return Err(petsc::Error::user("the dual evaluation failed")),
                2 if dual => panic!("the dual evaluation panicked"),
                _ => {}
            }
            for i in info.xs..info.xs + info.xm {
                f[i] = x[i] * x[i] - 4.0;
            }
            Ok(())
        }
    }
    let fail = Rc::new(Cell::new(1));
    let mut snes = Snes::new(&petsc.world())?;
    snes.set_function_local_ad(&da, Flaky { fail: fail.clone() })?;
    for mode in [1, 2] {
        fail.set(mode);
        let mut u = da.create_global_vector()?;
        u.set(1.0)?;
        let e = snes.solve(None, &mut u).unwrap_err();
        let text = format!("{e:?}");
        assert!(
            text.contains("dual evaluation failed") || text.contains("dual evaluation panicked"),
            "{text}"
        );
    }
    fail.set(0);
    let mut u = da.create_global_vector()?;
    u.set(1.0)?;
    snes.solve(None, &mut u)?.check()?;
    u.shift(-2.0)?;
    assert!(u.norm(petsc::NormType::Infinity)? < 1e-9);
    assert!(snes.iteration_number()? <= 6);
    Ok(())
}

/// In a complex build the AD entry points are an `Err` naming the build.
#[cfg(petsc_complex)]
fn complex_build_says_unavailable(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::ad::{AdScalar, DaArray, DaArrayMut, DaResidual};
    struct Zero;
    impl DaResidual for Zero {
        fn residual<T: AdScalar>(
            &self,
            _: &petsc::DaInfo,
            _: &DaArray<'_, T>,
            _: &mut DaArrayMut<'_, T>,
        ) -> petsc::Result<()> {
            Ok(())
        }
    }
    let da = petsc::Da::grid(&petsc.world()).sizes([4]).build()?;
    let mut snes = petsc::Snes::new(&petsc.world())?;
    let e = snes.set_function_local_ad(&da, Zero).unwrap_err();
    assert!(e.to_string().contains("complex scalars"), "{e}");
    Ok(())
}

pub fn cases() -> Vec<Case> {
    #[cfg(not(petsc_complex))]
    return vec![
        Case::new(
            "ad_jacobian_matches_differences",
            jacobian_matches_differences,
        )
        .ranks(&[1, 2, 3]),
        Case::new("ad_refusals_and_failures", refusals_and_failures).ranks(&[1, 2]),
    ];
    #[cfg(petsc_complex)]
    vec![Case::new(
        "ad_complex_build_says_unavailable",
        complex_build_says_unavailable,
    )]
}
