//! SLEPc regions (`RG`) through `slepc-rs`: inside, outside and on the contour for known
//! points of each type (interval, ellipse, polygon, ring) and their complements,
//! contours, bounding boxes and symmetries by geometry; refused parameters; and an
//! eigensolver restricted to an interval of the 1-D Laplacian's spectrum returning
//! exactly the eigenvalues inside it, at 1, 2 and 3 ranks.

use std::f64::consts::PI;

use petsc::{InsertMode, Int, Mat, Petsc, Scalar, Sizes};
use petsc_tests::{assert_close, Case};
use slepc::{
    Eps, EpsProblemType, EpsType, EpsWhich, Rg, RgInterval, RgPosition, RgQuadRule, RgRing, RgType,
};

use RgPosition::{Inside, OnContour, Outside};

fn region(petsc: &Petsc, ty: RgType) -> petsc::Result<Rg> {
    let mut rg = Rg::new(&petsc.world())?;
    rg.set_type(ty)?;
    Ok(rg)
}

/// Checks the position of each point `(re, im) -> position`, and the opposite for the
/// complement (the contour stays the contour).
fn assert_positions(rg: &mut Rg, cases: &[((f64, f64), RgPosition)]) -> petsc::Result<()> {
    let (re, im): (Vec<f64>, Vec<f64>) = cases.iter().map(|c| c.0).unzip();
    let want: Vec<RgPosition> = cases.iter().map(|c| c.1).collect();
    assert_eq!(rg.check_inside(&re, &im)?, want, "{:?}", rg.ty()?);
    rg.set_complement(true)?;
    let flipped: Vec<RgPosition> = want
        .iter()
        .map(|p| match p {
            Inside => Outside,
            Outside => Inside,
            OnContour => OnContour,
        })
        .collect();
    assert_eq!(rg.check_inside(&re, &im)?, flipped, "complement");
    rg.set_complement(false)?;
    Ok(())
}

fn interval(petsc: &Petsc) -> petsc::Result<()> {
    let mut rg = region(petsc, RgType::Interval)?;
    assert!(rg.is_trivial()?);
    rg.set_interval_to(RgInterval {
        re: (-1.0, 1.0),
        im: (-2.0, 2.0),
    })?;
    assert!(!rg.is_trivial()?);
    assert_eq!(rg.interval_endpoints()?, (-1.0, 1.0, -2.0, 2.0));
    // By name: round trip through the struct getter, beside the tuple one; bad bounds
    // refused with the region unchanged.
    let named = RgInterval {
        re: (-3.0, 0.5),
        im: (-1.5, 1.5),
    };
    rg.set_interval_to(named)?;
    assert_eq!(rg.interval()?, named);
    assert_eq!(rg.interval_endpoints()?, (-3.0, 0.5, -1.5, 1.5));
    let e = rg
        .set_interval_to(RgInterval {
            re: (1.0, 1.0),
            ..named
        })
        .unwrap_err()
        .to_string();
    assert!(e.contains("is not a rectangle"), "{e}");
    assert!(rg
        .set_interval_to(RgInterval {
            im: (1.0, -1.0),
            ..named
        })
        .is_err());
    assert_eq!(rg.interval()?, named);
    rg.set_interval_to(RgInterval::default())?;
    assert!(rg.is_trivial()?);
    rg.set_interval_to(RgInterval::real(0.0, 2.0))?;
    assert_eq!(rg.interval()?.im, (0.0, 0.0));
    rg.set_interval_to(RgInterval {
        re: (-1.0, 1.0),
        im: (-2.0, 2.0),
    })?;
    assert_positions(
        &mut rg,
        &[
            ((0.0, 0.0), Inside),
            ((0.5, 1.9), Inside),
            ((-0.99, -1.99), Inside),
            ((1.5, 0.0), Outside),
            ((0.0, -2.5), Outside),
            ((-3.0, 3.0), Outside),
        ],
    )?;
    assert_eq!(rg.compute_bounding_box()?, (-1.0, 1.0, -2.0, 2.0));
    assert!(rg.is_axisymmetric(true)?);
    assert!(rg.is_axisymmetric(false)?);
    // The contour runs along the lines of the rectangle's sides. (SLEPc 3.18 walks the
    // left side of a rectangle upwards past its corner, so points are not checked to be
    // within the sides' ends: 16 points on [-1, 1] x [-2, 2] include (-1, 2.8).)
    let contour = rg.compute_contour(16)?;
    assert_eq!(contour.len(), 16);
    for &(x, y) in &contour {
        let on_line = (x.abs() - 1.0).abs() < 1e-14 || (y.abs() - 2.0).abs() < 1e-14;
        assert!(on_line, "({x}, {y}) is not on the rectangle's sides");
    }
    assert!(contour.contains(&(1.0, 2.0)) && contour.contains(&(-1.0, -2.0)));
    // Not symmetric about the imaginary axis.
    rg.set_interval_to(RgInterval {
        re: (0.5, 2.0),
        im: (-1.0, 1.0),
    })?;
    assert!(!rg.is_axisymmetric(true)?);
    assert!(rg.is_axisymmetric(false)?);
    assert!(!rg.can_use_conjugates(false)?);
    // An interval of the real line, a rectangle of height 0: its points are on the
    // contour, points off the axis outside.
    rg.set_interval_to(RgInterval::real(0.0, 3.0))?;
    let at = rg.check_inside(&[1.0, 1.0, 4.0], &[0.0, 0.1, 0.0])?;
    assert_eq!(at, [OnContour, Outside, Outside]);
    // The scale factor scales the region.
    rg.set_interval_to(RgInterval {
        re: (-1.0, 1.0),
        im: (-1.0, 1.0),
    })?;
    assert_eq!(rg.check_inside(&[1.5], &[0.0])?, [Outside]);
    rg.set_scale(2.0)?;
    assert_eq!(rg.scale()?, 2.0);
    assert_eq!(rg.check_inside(&[1.5], &[0.0])?, [Inside]);
    Ok(())
}

fn ellipse(petsc: &Petsc) -> petsc::Result<()> {
    let mut rg = region(petsc, RgType::Ellipse)?;
    rg.set_ellipse_parameters(2.0, 1.0, 0.5)?;
    let (c, r, v) = rg.ellipse_parameters()?;
    assert_eq!((c, r, v), (Scalar::from(2.0), 1.0, 0.5));
    assert!(!rg.is_trivial()?);
    assert_positions(
        &mut rg,
        &[
            ((2.0, 0.0), Inside),
            ((2.9, 0.0), Inside),
            ((2.0, 0.45), Inside),
            ((2.0, 0.6), Outside),
            ((3.2, 0.0), Outside),
            ((1.0, 0.4), Outside),
            ((-2.0, 0.0), Outside),
        ],
    )?;
    assert_eq!(rg.compute_bounding_box()?, (1.0, 3.0, -0.5, 0.5));
    // RGView through Object::view_with, into a file.
    let path = std::env::temp_dir().join(format!("rg-view-{}.txt", std::process::id()));
    {
        let v = petsc::Viewer::ascii_file(&petsc.self_comm(), path.to_str().unwrap())?;
        petsc::Object::view_with(&rg, &v)?;
    }
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let _ = std::fs::remove_file(&path);
    assert!(text.contains("type: ellipse"), "{text}");
    assert!(text.contains("radius: 1"), "{text}");
    assert!(!rg.is_axisymmetric(true)?);
    assert!(rg.is_axisymmetric(false)?);
    // Contour points satisfy the ellipse's equation.
    for (x, y) in rg.compute_contour(12)? {
        assert_close((x - 2.0).powi(2) + (y / 0.5).powi(2), 1.0, 1e-13);
    }
    // Trapezoidal quadrature: n nodes on the contour, `z = center + radius zn` with the
    // normalized nodes `zn` on the ellipse of radius 1 and the same vertical scale.
    let q = rg.compute_quadrature(RgQuadRule::Trapezoidal, 8)?;
    assert_eq!((q.z.len(), q.zn.len(), q.w.len()), (8, 8, 8));
    if petsc::SCALAR_IS_COMPLEX {
        for (&z, &zn) in q.z.iter().zip(&q.zn) {
            #[allow(clippy::useless_conversion)]
            let (z, zn): (petsc::Complex<f64>, petsc::Complex<f64>) = (z.into(), zn.into());
            assert_close(zn.re.powi(2) + (zn.im / 0.5).powi(2), 1.0, 1e-13);
            assert_close((z.re - 2.0).powi(2) + (z.im / 0.5).powi(2), 1.0, 1e-13);
            assert_close(z.re, 2.0 + zn.re, 1e-13);
            assert_close(z.im, zn.im, 1e-13);
        }
    }
    Ok(())
}

fn polygon(petsc: &Petsc) -> petsc::Result<()> {
    let mut rg = region(petsc, RgType::Polygon)?;
    // A rectangle with a notch on its left side (not convex), symmetric about the real
    // axis as SLEPc needs with real scalars.
    let (re, im) = ([-1.0, 2.0, 2.0, -1.0, 0.5], [-1.0, -1.0, 1.0, 1.0, 0.0]);
    rg.set_polygon_vertices(&re, &im)?;
    let got = rg.polygon_vertices()?;
    let want: Vec<(f64, f64)> = re.iter().copied().zip(im.iter().copied()).collect();
    assert_eq!(got, want);
    assert_positions(
        &mut rg,
        &[
            ((1.5, 0.0), Inside),
            ((0.0, 0.9), Inside),
            ((1.0, -0.5), Inside),
            ((0.0, 0.0), Outside),
            ((-0.5, 0.1), Outside),
            ((2.5, 0.5), Outside),
            ((0.0, 1.5), Outside),
        ],
    )?;
    assert_eq!(rg.compute_bounding_box()?, (-1.0, 2.0, -1.0, 1.0));
    // (SLEPc 3.18 reports no symmetry for polygons.)
    assert!(!rg.is_axisymmetric(true)?);
    // Contour points lie on the edges.
    let on_edge = |x: f64, y: f64| {
        (0..5).any(|k| {
            let (x0, y0, x1, y1) = (re[k], im[k], re[(k + 1) % 5], im[(k + 1) % 5]);
            let cross = (x1 - x0) * (y - y0) - (y1 - y0) * (x - x0);
            let within = x >= x0.min(x1) - 1e-14
                && x <= x0.max(x1) + 1e-14
                && y >= y0.min(y1) - 1e-14
                && y <= y0.max(y1) + 1e-14;
            cross.abs() < 1e-13 && within
        })
    };
    for (x, y) in rg.compute_contour(18)? {
        assert!(on_edge(x, y), "({x}, {y}) is on no edge");
    }
    Ok(())
}

fn ring(petsc: &Petsc) -> petsc::Result<()> {
    let mut rg = region(petsc, RgType::Ring)?;
    // The quarter of the ring 0.9 <= |z| <= 1.1 around the negative real axis, from
    // 135 to 225 degrees (symmetric about the real axis, as SLEPc needs with real
    // scalars).
    let ring = RgRing {
        center: Scalar::from(0.0),
        radius: 1.0,
        vscale: 1.0,
        start_ang: 0.375,
        end_ang: 0.625,
        width: 0.2,
    };
    rg.set_ring_parameters(ring)?;
    assert_eq!(rg.ring_parameters()?, ring);
    let polar = |r: f64, deg: f64| (r * deg.to_radians().cos(), r * deg.to_radians().sin());
    assert_positions(
        &mut rg,
        &[
            (polar(1.0, 180.0), Inside),
            (polar(0.95, 150.0), Inside),
            (polar(1.05, 215.0), Inside),
            (polar(0.5, 180.0), Outside),
            (polar(1.2, 170.0), Outside),
            (polar(1.0, 120.0), Outside),
            (polar(1.0, 0.0), Outside),
            (polar(1.0, 250.0), Outside),
        ],
    )?;
    // The whole ring.
    rg.set_ring_parameters(RgRing {
        start_ang: 0.0,
        end_ang: 1.0,
        ..ring
    })?;
    let at = rg.check_inside(&[-1.0, 0.0, 0.0], &[0.05, -1.0, 0.0])?;
    assert_eq!(at, [Inside, Inside, Outside]);
    let (a, b, c, dd) = rg.compute_bounding_box()?;
    assert_close(a, -1.1, 1e-14);
    assert_close(b, 1.1, 1e-14);
    assert_close(c, -1.1, 1e-14);
    assert_close(dd, 1.1, 1e-14);
    for (x, y) in rg.compute_contour(20)? {
        let r = (x * x + y * y).sqrt();
        assert!(
            (r - 0.9).abs() < 1e-13 || (r - 1.1).abs() < 1e-13 || (0.9..=1.1).contains(&r),
            "({x}, {y}) at radius {r}"
        );
    }
    Ok(())
}

fn bad_inputs(petsc: &Petsc) -> petsc::Result<()> {
    let msg = |e: petsc::Error| e.report();
    // No type yet.
    let rg = Rg::new(&petsc.world())?;
    let e = msg(rg.check_inside(&[0.0], &[0.0]).unwrap_err());
    assert!(e.contains("no type"), "{e}");
    assert!(rg.compute_contour(4).is_err());
    // Another type's parameters: SLEPc ignores the setters (the region stays as it is)
    // and refuses the getters, naming both types.
    let mut rg = region(petsc, RgType::Interval)?;
    let before = rg.interval_endpoints()?;
    rg.set_ellipse_parameters(0.0, 1.0, 1.0)?;
    let e = msg(rg.ellipse_parameters().unwrap_err());
    assert!(
        e.contains("type 'interval'") && e.contains("'ellipse' region"),
        "{e}"
    );
    rg.set_polygon_vertices(&[0.0, 1.0, 0.0], &[-1.0, 0.0, 1.0])?;
    assert!(rg.polygon_vertices().is_err());
    let ring = RgRing {
        center: Scalar::from(0.0),
        radius: 1.0,
        vscale: 1.0,
        start_ang: 0.0,
        end_ang: 1.0,
        width: 0.1,
    };
    rg.set_ring_parameters(ring)?;
    assert!(rg.ring_parameters().is_err());
    assert_eq!(rg.interval_endpoints()?, before);
    let mut el = region(petsc, RgType::Ellipse)?;
    let before = el.ellipse_parameters()?;
    el.set_interval_to(RgInterval::real(0.0, 1.0))?;
    assert!(el.interval_endpoints().is_err());
    assert_eq!(el.ellipse_parameters()?, before);
    // Bad values are refused whatever the type.
    assert!(el
        .set_ring_parameters(RgRing {
            radius: f64::NAN,
            ..ring
        })
        .is_err());
    // Bad values, NaN.
    assert!(rg.set_interval_to(RgInterval::real(1.0, 0.0)).is_err());
    assert!(rg.set_interval_to(RgInterval::real(f64::NAN, 1.0)).is_err());
    assert!(rg
        .set_interval_to(RgInterval {
            re: (0.0, 1.0),
            im: (1.0, -1.0)
        })
        .is_err());
    rg.set_interval_to(RgInterval::real(0.0, f64::INFINITY))?;
    let e = msg(rg.check_inside(&[f64::NAN], &[0.0]).unwrap_err());
    assert!(e.contains("not finite"), "{e}");
    assert!(rg.check_inside(&[0.0, 1.0], &[0.0]).is_err());
    assert!(rg.compute_contour(0).is_err());
    assert!(rg.compute_quadrature(RgQuadRule::Trapezoidal, 0).is_err());
    assert!(rg.set_scale(0.0).is_err());
    assert!(rg.set_scale(f64::NAN).is_err());
    assert!(el.set_ellipse_parameters(f64::NAN, 1.0, 1.0).is_err());
    assert!(el.set_ellipse_parameters(0.0, -1.0, 1.0).is_err());
    assert!(el.set_ellipse_parameters(0.0, 1.0, 0.0).is_err());
    let mut rr = region(petsc, RgType::Ring)?;
    assert!(rr
        .set_ring_parameters(RgRing {
            end_ang: 1.5,
            ..ring
        })
        .is_err());
    assert!(rr
        .set_ring_parameters(RgRing { width: 0.0, ..ring })
        .is_err());
    assert!(rr
        .set_ring_parameters(RgRing {
            start_ang: f64::NAN,
            ..ring
        })
        .is_err());
    let mut pg = region(petsc, RgType::Polygon)?;
    assert!(pg.set_polygon_vertices(&[0.0, 1.0], &[0.0, 0.0]).is_err());
    assert!(pg
        .set_polygon_vertices(&[0.0, 1.0, 2.0], &[0.0, 0.0])
        .is_err());
    assert!(pg
        .set_polygon_vertices(&[0.0, 1.0, f64::INFINITY], &[0.0, 0.0, 1.0])
        .is_err());
    // Options.
    pg.set_options_prefix("mine_")?;
    assert_eq!(pg.options_prefix()?, "mine_");
    pg.set_from_options()?;
    assert_eq!(pg.ty()?, Some(RgType::Polygon));
    Ok(())
}

/// The 1-D Laplacian tridiag(-1, 2, -1) of size n on the world communicator.
fn laplacian(petsc: &Petsc, n: Int) -> petsc::Result<Mat> {
    let mut a = Mat::aij(&petsc.world())
        .sizes(Sizes::global(n, n))
        .preallocate(3, 2)
        .build()?;
    for i in a.ownership_range()? {
        for (j, v) in [(i - 1, -1.0), (i, 2.0), (i + 1, -1.0)] {
            if (0..n).contains(&j) {
                a.set_values(&[i], &[j], &[Scalar::from(v)], InsertMode::Insert)?;
            }
        }
    }
    a.assemble()?;
    Ok(a)
}

/// An eigensolver with an interval region returns exactly the Laplacian's eigenvalues
/// in it, `2 - 2 cos(k pi / (n + 1))`.
fn eps_interval_region(petsc: &Petsc) -> petsc::Result<()> {
    let n: Int = 40;
    let (lo, hi) = (0.5, 1.0);
    let exact: Vec<f64> = (1..=n)
        .map(|k| 2.0 - 2.0 * (k as f64 * PI / (n + 1) as f64).cos())
        .filter(|l| (lo..=hi).contains(l))
        .collect();
    assert_eq!(exact.len(), 4); // k = 10, ..., 13
    let a = laplacian(petsc, n)?;
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_operators(&a, None)?;
    eps.set_problem_type(EpsProblemType::Hep)?;
    eps.set_type(EpsType::KrylovSchur)?;
    eps.set_which_eigenpairs(EpsWhich::TargetReal)?;
    eps.set_target(0.75)?;
    eps.set_dimensions_to(slepc::Dimensions::new(exact.len() as Int).ncv(n))?;
    eps.set_tolerances(slepc::Tolerances {
        tol: Some(1e-12),
        ..Default::default()
    })?;
    let mut rg = Rg::new(&petsc.world())?;
    rg.set_type(RgType::Interval)?;
    rg.set_interval_to(RgInterval {
        re: (lo, hi),
        im: (-0.1, 0.1),
    })?;
    eps.set_rg(&rg)?;
    drop(rg);
    assert_eq!(eps.rg()?.interval_endpoints()?, (lo, hi, -0.1, 0.1));
    eps.solve()?.check()?;
    let nconv = eps.converged_count()?;
    assert_eq!(nconv as usize, exact.len(), "converged eigenvalues");
    let mut got: Vec<f64> = (0..nconv)
        .map(|k| eps.value(k).map(|v| v.re))
        .collect::<petsc::Result<_>>()?;
    got.sort_by(f64::total_cmp);
    for (g, e) in got.iter().zip(&exact) {
        assert_close(*g, *e, 1e-10);
    }
    // Without the region, the same settings find eigenvalues outside it too.
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_operators(&a, None)?;
    eps.set_problem_type(EpsProblemType::Hep)?;
    eps.set_which_eigenpairs(EpsWhich::TargetReal)?;
    eps.set_target(0.75)?;
    eps.set_dimensions_to(slepc::Dimensions::new(exact.len() as Int + 4).ncv(n))?;
    eps.solve()?.check()?;
    let outside = (0..eps.converged_count()?)
        .map(|k| eps.value(k).map(|v| v.re))
        .collect::<petsc::Result<Vec<f64>>>()?
        .into_iter()
        .filter(|l| !(lo..=hi).contains(l))
        .count();
    assert!(outside > 0);
    Ok(())
}

pub fn cases() -> Vec<Case> {
    let cases = vec![
        Case::new("interval", interval).ranks(&[1, 2]),
        Case::new("ellipse", ellipse),
        Case::new("polygon", polygon),
        Case::new("ring", ring),
        Case::new("bad_inputs", bad_inputs).ranks(&[1, 2]),
        Case::new("eps_interval_region", eps_interval_region).ranks(&[1, 2, 3]),
    ];
    cases
}
