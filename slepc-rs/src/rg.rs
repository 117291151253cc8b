//! Regions of the complex plane (`RG`): intervals (rectangles), ellipses, polygons and
//! rings, which eigensolvers use to select the eigenvalues they look for
//! ([`Eps::set_rg`](crate::Eps::set_rg)) and contour-integral methods integrate along.
//!
//! Points are given as real and imaginary parts, at any scalar type.
//!
//! ```compile_fail,E0277
//! fn send<T: Send>(_: T) {}
//! let petsc = petsc::Petsc::init()?;
//! send(slepc::Rg::new(&petsc.self_comm())?);
//! # Ok::<(), petsc::Error>(())
//! ```

use petsc::{Error, Int, Object, Real, Result, Scalar};
use slepc_sys as sys;

use crate::declare::declare;
use crate::error::check;
use crate::handle::{parts, slepc_handle};
use petsc::declare::petsc_bool;

slepc_handle!(
    /// A SLEPc region of the complex plane (`RG`).
    ///
    /// ```
    /// use slepc::{Rg, RgInterval, RgPosition, RgType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut rg = Rg::new(&petsc.self_comm())?;
    /// rg.set_type(RgType::Interval)?;
    /// rg.set_interval_to(RgInterval { re: (-1.0, 1.0), im: (-2.0, 2.0) })?;
    /// let at = rg.check_inside(&[0.0, 3.0, 1.0], &[0.0, 0.0, 0.5])?;
    /// assert_eq!(at, [RgPosition::Inside, RgPosition::Outside, RgPosition::OnContour]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    Rg,
    sys::RG,
    sys::RGDestroy,
    /// A new region on `comm` (`RGCreate`), of no type until
    /// [`set_type`](Self::set_type) or [`set_from_options`](Self::set_from_options)
    /// (which gives the default, the whole plane as an interval).
    new = sys::RGCreate as "RGCreate",
);

declare! { @types
/// Region types (`RGType`); [`RgType::Other`] names any registered type.
///
/// ```
/// use slepc::RgType;
/// assert_eq!(RgType::Ellipse.as_str(), "ellipse");
/// assert_eq!("ring".parse::<RgType>().unwrap(), RgType::Ring);
/// ```
RgType {
    Interval = RGINTERVAL "interval" "a rectangle `[a, b] x [c, d]` (an interval of the real \
        line when `c = d = 0`); the default, unbounded (the whole plane).",
    Polygon = RGPOLYGON "polygon" "a polygon given by its vertices.",
    Ellipse = RGELLIPSE "ellipse" "an ellipse (or circle) around a center.",
    Ring = RGRING "ring" "a ring (or a sector of one) around a center.",
}
}

petsc::class_methods! {
    Rg: RgType, "RG", sys::RGList,
    example = "let mut obj = slepc::Rg::new(&petsc.self_comm())?;", a_type = "ellipse",
    inner = "",
    set_type = sys::RGSetType as "RGSetType",
    set_options_prefix = sys::RGSetOptionsPrefix as "RGSetOptionsPrefix",
    append_options_prefix = sys::RGAppendOptionsPrefix as "RGAppendOptionsPrefix",
    options_prefix = sys::RGGetOptionsPrefix as "RGGetOptionsPrefix",
    set_from_options = sys::RGSetFromOptions as "RGSetFromOptions",
}

/// Where a point is relative to a region ([`Rg::check_inside`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RgPosition {
    /// Inside the region (or outside, for its complement).
    Inside,
    /// On the contour (within rounding).
    OnContour,
    /// Outside the region.
    Outside,
}

/// The quadrature rule of [`Rg::compute_quadrature`] (`RGQuadRule`).
#[doc(alias = "RGQuadRule")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RgQuadRule {
    /// `RG_QUADRULE_TRAPEZOIDAL`: the trapezoidal rule.
    Trapezoidal,
    /// `RG_QUADRULE_CHEBYSHEV`: Chebyshev points (for intervals of the real line).
    Chebyshev,
}

/// Nodes, node values and weights of a quadrature rule ([`Rg::compute_quadrature`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RgQuadrature {
    /// The quadrature points on the contour.
    pub z: Vec<Scalar>,
    /// The points normalized to the region's center and radius (for an ellipse,
    /// `z = center + radius zn`).
    pub zn: Vec<Scalar>,
    /// The weights.
    pub w: Vec<Scalar>,
}

/// The parameters of a ring region ([`Rg::set_ring_parameters`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RgRing {
    /// The center.
    pub center: Scalar,
    /// The radius of the ring's middle line.
    pub radius: Real,
    /// The vertical scale (1 is a circular ring).
    pub vscale: Real,
    /// The start angle, as a fraction of a turn in `[0, 1]` (counter-clockwise from the
    /// positive real axis).
    pub start_ang: Real,
    /// The end angle, a fraction of a turn in `[0, 1]`.
    pub end_ang: Real,
    /// The ring's width.
    pub width: Real,
}

/// A point from its real and imaginary parts.
#[cfg(not(slepc_complex))]
fn points(re: &[Real], im: &[Real]) -> (Vec<Scalar>, Vec<Scalar>) {
    (re.to_vec(), im.to_vec())
}

/// A point from its real and imaginary parts (the second array is unused by SLEPc).
#[cfg(slepc_complex)]
fn points(re: &[Real], im: &[Real]) -> (Vec<Scalar>, Vec<Scalar>) {
    (
        re.iter()
            .zip(im)
            .map(|(&r, &i)| Scalar::new(r, i))
            .collect(),
        vec![Scalar::default(); re.len()],
    )
}

/// The real and imaginary parts of SLEPc's points (`ar`, `ai`).
fn unpoints(ar: &[Scalar], ai: &[Scalar]) -> Vec<(Real, Real)> {
    ar.iter()
        .zip(ai)
        .map(|(&r, &i)| {
            if cfg!(slepc_complex) {
                parts(r)
            } else {
                (parts(r).0, parts(i).0)
            }
        })
        .collect()
}

fn finite(ctx: &str, what: &str, v: Real) -> Result<()> {
    if v.is_finite() {
        Ok(())
    } else {
        Err(Error::invalid(
            ctx,
            format!("{what} is {v}; it must be finite"),
        ))
    }
}

fn positive(ctx: &str, what: &str, v: Real) -> Result<()> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(Error::invalid(
            ctx,
            format!("{what} is {v}; it must be > 0"),
        ))
    }
}

impl Rg {
    /// Refuses reading the parameters of another type than the region's (`want`), as
    /// SLEPc's getters do (its setters ignore other types, and so do ours).
    fn require(&self, ctx: &str, want: RgType) -> Result<()> {
        let t = self.type_name()?;
        if t != want.as_str() {
            return Err(Error::invalid(
                ctx,
                format!(
                    "the region has type '{}'; this needs a '{}' region (set_type first)",
                    if t.is_empty() { "none" } else { &t },
                    want.as_str()
                ),
            ));
        }
        Ok(())
    }

    /// Refuses a region with no type yet.
    fn typed(&self, ctx: &str) -> Result<()> {
        if self.ty()?.is_none() {
            return Err(Error::invalid(
                ctx,
                "the region has no type: call set_type or set_from_options first",
            ));
        }
        Ok(())
    }

    /// Whether the region is the whole plane, so selects nothing out (`RGIsTrivial`).
    ///
    /// ```
    /// use slepc::RgType;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut rg = slepc::Rg::new(&petsc.self_comm())?;
    /// rg.set_type(RgType::Interval)?;
    /// assert!(rg.is_trivial()?);
    /// rg.set_interval_to(slepc::RgInterval::real(0.0, 1.0))?;
    /// assert!(!rg.is_trivial()?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "RGIsTrivial")]
    pub fn is_trivial(&self) -> Result<bool> {
        self.typed("Rg::is_trivial")?;
        let mut f = sys::PETSC_BOOL_FALSE;
        // SAFETY: live object with a type; one output.
        check(unsafe { sys::RGIsTrivial(self.ptr, &mut f) })?;
        Ok(f == sys::PETSC_BOOL_TRUE)
    }

    /// Whether the region has a horizontal symmetry (`horizontal`: the same after
    /// `x + iy -> -x + iy`, a reflection about the imaginary axis) or a vertical one
    /// (`x + iy -> x - iy`, about the real axis) (`RGIsAxisymmetric`). With real
    /// scalars SLEPc accepts only regions symmetric about the real axis.
    ///
    /// ```
    /// use slepc::RgType;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut rg = slepc::Rg::new(&petsc.self_comm())?;
    /// rg.set_type(RgType::Ellipse)?;
    /// rg.set_ellipse_parameters(2.0, 1.0, 1.0)?;
    /// assert!(!rg.is_axisymmetric(true)?);
    /// assert!(rg.is_axisymmetric(false)?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "RGIsAxisymmetric")]
    pub fn is_axisymmetric(&self, horizontal: bool) -> Result<bool> {
        self.typed("Rg::is_axisymmetric")?;
        let mut f = sys::PETSC_BOOL_FALSE;
        // SAFETY: live object with a type; one output.
        check(unsafe { sys::RGIsAxisymmetric(self.ptr, petsc_bool(horizontal), &mut f) })?;
        Ok(f == sys::PETSC_BOOL_TRUE)
    }

    /// Whether a solver with real matrices (`realmats`) may compute half the points of
    /// a contour and take the conjugates of the others (`RGCanUseConjugates`).
    #[doc(alias = "RGCanUseConjugates")]
    pub fn can_use_conjugates(&self, realmats: bool) -> Result<bool> {
        self.typed("Rg::can_use_conjugates")?;
        let mut f = sys::PETSC_BOOL_FALSE;
        // SAFETY: live object with a type; one output.
        check(unsafe { sys::RGCanUseConjugates(self.ptr, petsc_bool(realmats), &mut f) })?;
        Ok(f == sys::PETSC_BOOL_TRUE)
    }

    petsc::methods![for Rg;
        /// Makes the region its complement, the outside becoming the inside
        /// (`RGSetComplement`).
        ///
        /// ```
        /// use slepc::{RgPosition, RgType};
        /// let petsc = petsc::Petsc::init()?;
        /// let mut rg = slepc::Rg::new(&petsc.self_comm())?;
        /// rg.set_type(RgType::Ellipse)?;
        /// rg.set_ellipse_parameters(0.0, 1.0, 1.0)?;
        /// rg.set_complement(true)?;
        /// assert!(rg.complement()?);
        /// assert_eq!(rg.check_inside(&[0.0, 2.0], &[0.0, 0.0])?, [RgPosition::Outside, RgPosition::Inside]);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_complement(&mut self, flag: bool) = RGSetComplement as "RGSetComplement";

        /// Whether the region is the complement (`RGGetComplement`).
        pub fn complement(&self) -> bool = RGGetComplement as "RGGetComplement";
    ];

    /// The scale factor of the region's parameters (`RGSetScale`), positive: the
    /// region is the parameters' one times `sfactor` (used with scaled eigenproblems).
    #[doc(alias = "RGSetScale")]
    pub fn set_scale(&mut self, sfactor: Real) -> Result<()> {
        positive("Rg::set_scale", "the scale factor", sfactor)?;
        // SAFETY: live object; value checked.
        check(unsafe { sys::RGSetScale(self.ptr, sfactor) })
    }

    petsc::methods![for Rg;
        /// The scale factor (`RGGetScale`).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut rg = slepc::Rg::new(&petsc.self_comm())?;
        /// rg.set_scale(2.0)?;
        /// assert_eq!(rg.scale()?, 2.0);
        /// assert!(rg.set_scale(-1.0).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn scale(&self) -> Real = RGGetScale as "RGGetScale";
    ];

    /// Where each point `(re[i], im[i])` is (`RGCheckInside`).
    #[doc(alias = "RGCheckInside")]
    pub fn check_inside(&self, re: &[Real], im: &[Real]) -> Result<Vec<RgPosition>> {
        const CTX: &str = "Rg::check_inside";
        self.typed(CTX)?;
        if re.len() != im.len() {
            return Err(Error::size_mismatch(
                CTX,
                format!("{} real parts but {} imaginary parts", re.len(), im.len()),
            ));
        }
        for (&r, &i) in re.iter().zip(im) {
            if !(r.is_finite() && i.is_finite()) {
                return Err(Error::invalid(
                    CTX,
                    format!("the point ({r}, {i}) is not finite"),
                ));
            }
        }
        let n =
            Int::try_from(re.len()).map_err(|_| Error::size_mismatch(CTX, "too many points"))?;
        let (mut ar, mut ai) = points(re, im);
        let mut inside: Vec<Int> = vec![0; re.len()];
        // SAFETY: live object with a type; arrays of `n` entries each.
        check(unsafe {
            sys::RGCheckInside(
                self.ptr,
                n,
                ar.as_mut_ptr(),
                ai.as_mut_ptr(),
                inside.as_mut_ptr(),
            )
        })?;
        Ok(inside
            .into_iter()
            .map(|v| match v.signum() {
                1 => RgPosition::Inside,
                0 => RgPosition::OnContour,
                _ => RgPosition::Outside,
            })
            .collect())
    }

    /// `n` points on the contour (`RGComputeContour`), as `(re, im)` pairs.
    ///
    /// ```
    /// use slepc::RgType;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut rg = slepc::Rg::new(&petsc.self_comm())?;
    /// rg.set_type(RgType::Ellipse)?;
    /// rg.set_ellipse_parameters(1.0, 2.0, 1.0)?;
    /// for (x, y) in rg.compute_contour(8)? {
    ///     assert!((((x - 1.0).powi(2) + y * y).sqrt() - 2.0).abs() < 1e-14);
    /// }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "RGComputeContour")]
    pub fn compute_contour(&self, n: Int) -> Result<Vec<(Real, Real)>> {
        const CTX: &str = "Rg::compute_contour";
        self.typed(CTX)?;
        if n < 1 {
            return Err(Error::invalid(CTX, format!("n is {n}; it must be >= 1")));
        }
        let mut cr = vec![Scalar::default(); n as usize];
        let mut ci = vec![Scalar::default(); n as usize];
        // SAFETY: live object with a type; arrays of `n` entries each.
        check(unsafe { sys::RGComputeContour(self.ptr, n, cr.as_mut_ptr(), ci.as_mut_ptr()) })?;
        Ok(unpoints(&cr, &ci))
    }

    /// The smallest rectangle `[a, b] x [c, d]` containing the region
    /// (`RGComputeBoundingBox`), as `(a, b, c, d)`; infinite sides for unbounded regions.
    ///
    /// ```
    /// use slepc::RgType;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut rg = slepc::Rg::new(&petsc.self_comm())?;
    /// rg.set_type(RgType::Ellipse)?;
    /// rg.set_ellipse_parameters(1.0, 2.0, 0.5)?;
    /// assert_eq!(rg.compute_bounding_box()?, (-1.0, 3.0, -1.0, 1.0));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "RGComputeBoundingBox")]
    pub fn compute_bounding_box(&self) -> Result<(Real, Real, Real, Real)> {
        self.typed("Rg::compute_bounding_box")?;
        let (mut a, mut b, mut c, mut d): (Real, Real, Real, Real) = (0.0, 0.0, 0.0, 0.0);
        // SAFETY: live object with a type; four outputs.
        check(unsafe { sys::RGComputeBoundingBox(self.ptr, &mut a, &mut b, &mut c, &mut d) })?;
        Ok((a, b, c, d))
    }

    /// The `n` nodes and weights of a quadrature rule along the contour
    /// (`RGComputeQuadrature`), for contour-integral methods.
    ///
    /// ```
    /// use slepc::{RgQuadRule, RgType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut rg = slepc::Rg::new(&petsc.self_comm())?;
    /// rg.set_type(RgType::Ellipse)?;
    /// rg.set_ellipse_parameters(0.0, 1.0, 1.0)?;
    /// let q = rg.compute_quadrature(RgQuadRule::Trapezoidal, 4)?;
    /// assert_eq!((q.z.len(), q.zn.len(), q.w.len()), (4, 4, 4));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "RGComputeQuadrature")]
    pub fn compute_quadrature(&self, rule: RgQuadRule, n: Int) -> Result<RgQuadrature> {
        const CTX: &str = "Rg::compute_quadrature";
        self.typed(CTX)?;
        if n < 1 {
            return Err(Error::invalid(CTX, format!("n is {n}; it must be >= 1")));
        }
        let raw = match rule {
            RgQuadRule::Trapezoidal => sys::RGQuadRule::RG_QUADRULE_TRAPEZOIDAL,
            RgQuadRule::Chebyshev => sys::RGQuadRule::RG_QUADRULE_CHEBYSHEV,
        };
        let mut z = vec![Scalar::default(); n as usize];
        let mut zn = z.clone();
        let mut w = z.clone();
        // SAFETY: live object with a type; three arrays of `n` entries.
        check(unsafe {
            sys::RGComputeQuadrature(
                self.ptr,
                raw,
                n,
                z.as_mut_ptr(),
                zn.as_mut_ptr(),
                w.as_mut_ptr(),
            )
        })?;
        Ok(RgQuadrature { z, zn, w })
    }
}

/// The parameters of each region type. A setter of another type than the region's is
/// ignored, as SLEPc ignores it (its values are still checked); a getter of another type
/// is refused, as SLEPc refuses it.
impl Rg {
    /// The rectangle of an interval region (`RGIntervalSetEndpoints`): real parts in
    /// `re = (a, b)`, `a < b`, imaginary parts in `im = (c, d)`, `c <= d` (`c = d = 0`
    /// is an interval of the real line); infinite ends are allowed, other bounds are an
    /// `Err`. With real scalars SLEPc needs `c = -d` (symmetry about the real axis). A
    /// region of another type ignores the call, as SLEPc does (the values are still
    /// checked). [`interval`](Self::interval) reads it back.
    ///
    /// ```
    /// use slepc::{Rg, RgInterval, RgType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut rg = Rg::new(&petsc.self_comm())?;
    /// rg.set_type(RgType::Interval)?;
    /// let box_ = RgInterval { re: (1.0, 2.0), im: (-0.5, 0.5) };
    /// rg.set_interval_to(box_)?;
    /// assert_eq!(rg.interval()?, box_);
    /// rg.set_interval_to(RgInterval::real(0.0, 3.0))?;
    /// assert_eq!(rg.interval()?.im, (0.0, 0.0));
    /// assert!(rg.set_interval_to(RgInterval::real(2.0, 1.0)).is_err());
    /// rg.set_type(RgType::Ellipse)?;
    /// rg.set_interval_to(box_)?; // ignored: not an interval
    /// assert!(rg.interval().is_err()); // SLEPc's getter refuses an ellipse
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "RGIntervalSetEndpoints")]
    pub fn set_interval_to(&mut self, interval: RgInterval) -> Result<()> {
        const CTX: &str = "Rg::set_interval_to";
        let RgInterval {
            re: (a, b),
            im: (c, d),
        } = interval;
        if [a, b, c, d].iter().any(|v| v.is_nan()) || a >= b || c > d {
            return Err(Error::invalid(
                CTX,
                format!("[{a}, {b}] x [{c}, {d}] is not a rectangle: it needs a < b and c <= d"),
            ));
        }
        // SAFETY: live region (of another type than interval, SLEPc ignores the call);
        // values checked.
        check(unsafe { sys::RGIntervalSetEndpoints(self.ptr, a, b, c, d) })
    }

    /// The rectangle `[a, b] x [c, d]` of an interval region from four positional reals.
    #[deprecated(
        since = "0.2.0",
        note = "use `set_interval_to(RgInterval { re: (a, b), im: (c, d) })` (the real and imaginary bounds by name)"
    )]
    #[doc(alias = "RGIntervalSetEndpoints")]
    pub fn set_interval_endpoints(&mut self, a: Real, b: Real, c: Real, d: Real) -> Result<()> {
        self.set_interval_to(RgInterval {
            re: (a, b),
            im: (c, d),
        })
    }

    /// The rectangle of an interval region (`RGIntervalGetEndpoints`), by name: what
    /// [`set_interval_to`](Self::set_interval_to) set. An `Err` for a region of another
    /// type.
    #[doc(alias = "RGIntervalGetEndpoints")]
    pub fn interval(&self) -> Result<RgInterval> {
        self.require("Rg::interval", RgType::Interval)?;
        let (mut a, mut b, mut c, mut d): (Real, Real, Real, Real) = (0.0, 0.0, 0.0, 0.0);
        // SAFETY: live interval region; four outputs.
        check(unsafe { sys::RGIntervalGetEndpoints(self.ptr, &mut a, &mut b, &mut c, &mut d) })?;
        Ok(RgInterval {
            re: (a, b),
            im: (c, d),
        })
    }

    /// The rectangle of an interval region as `(a, b, c, d)`, the region
    /// `[a, b] x [c, d]` (`RGIntervalGetEndpoints`); [`interval`](Self::interval)
    /// returns it by name.
    #[doc(alias = "RGIntervalGetEndpoints")]
    pub fn interval_endpoints(&self) -> Result<(Real, Real, Real, Real)> {
        let RgInterval {
            re: (a, b),
            im: (c, d),
        } = self.interval()?;
        Ok((a, b, c, d))
    }

    /// The center, radius and vertical scale of an ellipse region
    /// (`RGEllipseSetParameters`): radius and scale positive (scale 1 is a circle).
    ///
    /// ```
    /// use slepc::RgType;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut rg = slepc::Rg::new(&petsc.self_comm())?;
    /// rg.set_type(RgType::Ellipse)?;
    /// rg.set_ellipse_parameters(2.0, 1.5, 0.5)?;
    /// assert_eq!(rg.ellipse_parameters()?, (2.0.into(), 1.5, 0.5));
    /// assert!(rg.set_ellipse_parameters(0.0, f64::NAN, 1.0).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "RGEllipseSetParameters")]
    pub fn set_ellipse_parameters(
        &mut self,
        center: impl Into<Scalar>,
        radius: Real,
        vscale: Real,
    ) -> Result<()> {
        const CTX: &str = "Rg::set_ellipse_parameters";
        let center = center.into();
        crate::bv::finite_scalar(CTX, "the center", center)?;
        positive(CTX, "the radius", radius)?;
        positive(CTX, "the vertical scale", vscale)?;
        // SAFETY: live region (of another type than ellipse, SLEPc ignores the call);
        // values checked; the center by value (see `bv::ops` on scalars by value).
        check(unsafe { sys::RGEllipseSetParameters(self.ptr, center, radius, vscale) })
    }

    /// The center, radius and vertical scale of an ellipse region
    /// (`RGEllipseGetParameters`).
    #[doc(alias = "RGEllipseGetParameters")]
    pub fn ellipse_parameters(&self) -> Result<(Scalar, Real, Real)> {
        self.require("Rg::ellipse_parameters", RgType::Ellipse)?;
        let mut c = Scalar::default();
        let (mut r, mut v): (Real, Real) = (0.0, 0.0);
        // SAFETY: live ellipse region; three outputs.
        check(unsafe { sys::RGEllipseGetParameters(self.ptr, &mut c, &mut r, &mut v) })?;
        Ok((c, r, v))
    }

    /// The parameters of a ring region (`RGRingSetParameters`).
    ///
    /// ```
    /// use slepc::{RgPosition, RgRing, RgType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut rg = slepc::Rg::new(&petsc.self_comm())?;
    /// rg.set_type(RgType::Ring)?;
    /// let ring = RgRing { center: 0.0.into(), radius: 1.0, vscale: 1.0,
    ///                     start_ang: 0.0, end_ang: 1.0, width: 0.2 };
    /// rg.set_ring_parameters(ring)?;
    /// assert_eq!(rg.ring_parameters()?, ring);
    /// let at = rg.check_inside(&[1.0, 0.0, 0.5], &[0.0, 1.05, 0.0])?;
    /// assert_eq!(at, [RgPosition::Inside, RgPosition::Inside, RgPosition::Outside]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "RGRingSetParameters")]
    pub fn set_ring_parameters(&mut self, ring: RgRing) -> Result<()> {
        const CTX: &str = "Rg::set_ring_parameters";
        crate::bv::finite_scalar(CTX, "the center", ring.center)?;
        positive(CTX, "the radius", ring.radius)?;
        positive(CTX, "the vertical scale", ring.vscale)?;
        positive(CTX, "the width", ring.width)?;
        for (what, a) in [
            ("the start angle", ring.start_ang),
            ("the end angle", ring.end_ang),
        ] {
            finite(CTX, what, a)?;
            if !(0.0..=1.0).contains(&a) {
                return Err(Error::invalid(
                    CTX,
                    format!("{what} is {a}; it must be in [0, 1] (a fraction of a turn)"),
                ));
            }
        }
        // SAFETY: live region (of another type than ring, SLEPc ignores the call); values
        // checked; the center by value (see `bv::ops` on scalars by value).
        check(unsafe {
            sys::RGRingSetParameters(
                self.ptr,
                ring.center,
                ring.radius,
                ring.vscale,
                ring.start_ang,
                ring.end_ang,
                ring.width,
            )
        })
    }

    /// The parameters of a ring region (`RGRingGetParameters`).
    #[doc(alias = "RGRingGetParameters")]
    pub fn ring_parameters(&self) -> Result<RgRing> {
        self.require("Rg::ring_parameters", RgType::Ring)?;
        let mut r = RgRing {
            center: Scalar::default(),
            radius: 0.0,
            vscale: 0.0,
            start_ang: 0.0,
            end_ang: 0.0,
            width: 0.0,
        };
        // SAFETY: live ring region; six outputs.
        check(unsafe {
            sys::RGRingGetParameters(
                self.ptr,
                &mut r.center,
                &mut r.radius,
                &mut r.vscale,
                &mut r.start_ang,
                &mut r.end_ang,
                &mut r.width,
            )
        })?;
        Ok(r)
    }

    /// The vertices of a polygon region (`RGPolygonSetVertices`), as real and
    /// imaginary parts, at least 3 and finite. With real scalars SLEPc needs the
    /// polygon symmetric about the real axis (an `Err` otherwise).
    ///
    /// ```
    /// use slepc::{RgPosition, RgType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut rg = slepc::Rg::new(&petsc.self_comm())?;
    /// rg.set_type(RgType::Polygon)?;
    /// // A triangle, symmetric about the real axis.
    /// rg.set_polygon_vertices(&[0.0, 2.0, 0.0], &[-1.0, 0.0, 1.0])?;
    /// assert_eq!(rg.polygon_vertices()?, vec![(0.0, -1.0), (2.0, 0.0), (0.0, 1.0)]);
    /// let at = rg.check_inside(&[0.5, 1.5], &[0.1, 0.5])?;
    /// assert_eq!(at, [RgPosition::Inside, RgPosition::Outside]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "RGPolygonSetVertices")]
    pub fn set_polygon_vertices(&mut self, re: &[Real], im: &[Real]) -> Result<()> {
        const CTX: &str = "Rg::set_polygon_vertices";
        if re.len() != im.len() || re.len() < 3 {
            return Err(Error::size_mismatch(
                CTX,
                format!(
                    "{} real parts and {} imaginary parts: a polygon needs at least 3 \
                     vertices, one of each per vertex",
                    re.len(),
                    im.len()
                ),
            ));
        }
        for (&r, &i) in re.iter().zip(im) {
            if !(r.is_finite() && i.is_finite()) {
                return Err(Error::invalid(
                    CTX,
                    format!("the vertex ({r}, {i}) is not finite"),
                ));
            }
        }
        let n =
            Int::try_from(re.len()).map_err(|_| Error::size_mismatch(CTX, "too many vertices"))?;
        let (mut vr, mut vi) = points(re, im);
        // SAFETY: live region (of another type than polygon, SLEPc ignores the call);
        // arrays of `n` entries, copied by SLEPc.
        check(unsafe { sys::RGPolygonSetVertices(self.ptr, n, vr.as_mut_ptr(), vi.as_mut_ptr()) })
    }

    /// The vertices of a polygon region (`RGPolygonGetVertices`), as `(re, im)` pairs.
    #[doc(alias = "RGPolygonGetVertices")]
    pub fn polygon_vertices(&self) -> Result<Vec<(Real, Real)>> {
        self.require("Rg::polygon_vertices", RgType::Polygon)?;
        let mut n: Int = 0;
        let mut vr: *mut Scalar = std::ptr::null_mut();
        let mut vi: *mut Scalar = std::ptr::null_mut();
        // SAFETY: live polygon region; SLEPc allocates two arrays of `n` entries (the
        // second one with real scalars only) for the caller to free.
        check(unsafe { sys::RGPolygonGetVertices(self.ptr, &mut n, &mut vr, &mut vi) })?;
        let len = usize::try_from(n).unwrap_or(0);
        let copy = |p: *mut Scalar| -> Vec<Scalar> {
            if p.is_null() || len == 0 {
                vec![Scalar::default(); len]
            } else {
                // SAFETY: SLEPc allocated `n` entries at `p`.
                unsafe { std::slice::from_raw_parts(p, len) }.to_vec()
            }
        };
        let (r, i) = (copy(vr), copy(vi));
        for p in [vr, vi] {
            if !p.is_null() {
                // SAFETY: memory SLEPc allocated with PetscMalloc for the caller.
                check(unsafe { petsc::sys::petscrs_PetscFree(p.cast()) })?;
            }
        }
        Ok(unpoints(&r, &i))
    }
}

/// The rectangle `[re.0, re.1] x [im.0, im.1]` of the complex plane that an interval
/// region bounds ([`Rg::set_interval_to`], [`Rg::interval`]; SLEPc's
/// `RGIntervalSetEndpoints`). The default is the whole plane.
///
/// ```
/// use slepc::RgInterval;
/// let line = RgInterval::real(-1.0, 1.0);
/// assert_eq!(line, RgInterval { re: (-1.0, 1.0), im: (0.0, 0.0) });
/// assert_eq!(RgInterval::default().re, (f64::NEG_INFINITY, f64::INFINITY));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RgInterval {
    /// The bounds `(a, b)` of the real parts, `a < b`.
    pub re: (Real, Real),
    /// The bounds `(c, d)` of the imaginary parts, `c <= d`.
    pub im: (Real, Real),
}

impl RgInterval {
    /// The interval `[a, b]` of the real line (imaginary parts `(0, 0)`).
    pub fn real(a: Real, b: Real) -> Self {
        RgInterval {
            re: (a, b),
            im: (0.0, 0.0),
        }
    }
}

impl Default for RgInterval {
    fn default() -> Self {
        RgInterval {
            re: (Real::NEG_INFINITY, Real::INFINITY),
            im: (Real::NEG_INFINITY, Real::INFINITY),
        }
    }
}
