//! Riemannian metrics for metric-based mesh adaptation (`DMPlexMetric*`): the options
//! the mesh keeps for them (one declaration per option), and metric fields made,
//! made positive-definite, normalized, averaged and intersected.
//!
//! A metric is a symmetric positive-definite `dim x dim` matrix at each vertex, stored
//! as a P1 field on the mesh: `dim * dim` values per vertex (anisotropic), one value per
//! vertex ([`metric_set_isotropic`](Plex::metric_set_isotropic)), or one value in all
//! ([`metric_set_uniform`](Plex::metric_set_uniform): a vector with one entry on each
//! rank). The spatially varying forms need a mesh of triangles or tetrahedra (PETSc
//! builds P1 simplex elements for them) and are *local* vectors, ghost vertices
//! included; PETSc finds each vertex's values through the mesh's local section, so the
//! metric becomes the mesh's only field (field 0).

use petsc_sys as sys;

use super::{CellType, Plex};
use crate::dm::DmBase;
use crate::error::{Error, Result, check};
use crate::object::Object;
use crate::scalar::{Int, Real};
use crate::vec::Vector;

impl Plex {
    crate::methods![for Plex;
        /// Whether metrics are isotropic, one value per vertex
        /// (`DMPlexMetricIsIsotropic`; `-dm_plex_metric_isotropic`).
        pub fn metric_is_isotropic(&self) -> bool
            = DMPlexMetricIsIsotropic as "DMPlexMetricIsIsotropic";

        /// Records whether metrics are isotropic (`DMPlexMetricSetIsotropic`).
        pub fn metric_set_isotropic(&mut self, isotropic: bool)
            = DMPlexMetricSetIsotropic as "DMPlexMetricSetIsotropic";

        /// Whether metrics are uniform, one value in all (`DMPlexMetricIsUniform`;
        /// `-dm_plex_metric_uniform`).
        pub fn metric_is_uniform(&self) -> bool = DMPlexMetricIsUniform as "DMPlexMetricIsUniform";

        /// Records whether metrics are uniform (`DMPlexMetricSetUniform`); a uniform metric
        /// is isotropic too, so `true` also sets
        /// [`metric_set_isotropic`](Self::metric_set_isotropic).
        ///
        /// ```
        /// use petsc::Plex;
        /// let petsc = petsc::Petsc::init()?;
        /// let mut m = Plex::create_box_mesh(&petsc.self_comm(), 2, false, None, None, None, None, true)?;
        /// assert!(!m.metric_is_uniform()? && !m.metric_is_isotropic()?);
        /// m.metric_set_uniform(true)?;
        /// assert!(m.metric_is_uniform()? && m.metric_is_isotropic()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn metric_set_uniform(&mut self, uniform: bool)
            = DMPlexMetricSetUniform as "DMPlexMetricSetUniform";

        /// Whether anisotropy is restricted before normalization rather than after
        /// (`DMPlexMetricRestrictAnisotropyFirst`;
        /// `-dm_plex_metric_restrict_anisotropy_first`).
        pub fn metric_restrict_anisotropy_first(&self) -> bool
            = DMPlexMetricRestrictAnisotropyFirst as "DMPlexMetricRestrictAnisotropyFirst";

        /// Sets whether anisotropy is restricted before normalization
        /// (`DMPlexMetricSetRestrictAnisotropyFirst`).
        pub fn metric_set_restrict_anisotropy_first(&mut self, first: bool)
            = DMPlexMetricSetRestrictAnisotropyFirst as "DMPlexMetricSetRestrictAnisotropyFirst";

        /// Whether the remesher may not insert or delete vertices (`DMPlexMetricNoInsertion`;
        /// `-dm_plex_metric_no_insert`; Mmg and ParMmg only).
        pub fn metric_no_insertion(&self) -> bool
            = DMPlexMetricNoInsertion as "DMPlexMetricNoInsertion";

        /// Turns vertex insertion and deletion off or on (`DMPlexMetricSetNoInsertion`).
        pub fn metric_set_no_insertion(&mut self, no: bool)
            = DMPlexMetricSetNoInsertion as "DMPlexMetricSetNoInsertion";

        /// Whether the remesher may not swap facets (`DMPlexMetricNoSwapping`;
        /// `-dm_plex_metric_no_swap`).
        pub fn metric_no_swapping(&self) -> bool = DMPlexMetricNoSwapping as "DMPlexMetricNoSwapping";

        /// Turns facet swapping off or on (`DMPlexMetricSetNoSwapping`).
        pub fn metric_set_no_swapping(&mut self, no: bool)
            = DMPlexMetricSetNoSwapping as "DMPlexMetricSetNoSwapping";

        /// Whether the remesher may not move vertices (`DMPlexMetricNoMovement`;
        /// `-dm_plex_metric_no_move`).
        pub fn metric_no_movement(&self) -> bool = DMPlexMetricNoMovement as "DMPlexMetricNoMovement";

        /// Turns vertex movement off or on (`DMPlexMetricSetNoMovement`).
        pub fn metric_set_no_movement(&mut self, no: bool)
            = DMPlexMetricSetNoMovement as "DMPlexMetricSetNoMovement";

        /// Whether the remesher may not modify the surface (`DMPlexMetricNoSurf`;
        /// `-dm_plex_metric_no_surf`).
        pub fn metric_no_surf(&self) -> bool = DMPlexMetricNoSurf as "DMPlexMetricNoSurf";

        /// Turns surface modification off or on (`DMPlexMetricSetNoSurf`).
        pub fn metric_set_no_surf(&mut self, no: bool)
            = DMPlexMetricSetNoSurf as "DMPlexMetricSetNoSurf";

        /// The verbosity of the remesher, -1 (silent) to 10 (`DMPlexMetricGetVerbosity`;
        /// `-dm_plex_metric_verbosity`); -1 by default.
        pub fn metric_verbosity(&self) -> Int = DMPlexMetricGetVerbosity as "DMPlexMetricGetVerbosity";

        /// Sets the verbosity of the remesher, in -1..=10 (`DMPlexMetricSetVerbosity`).
        pub fn metric_set_verbosity(&mut self, verbosity: Int where (-1..=10).contains(&verbosity))
            = DMPlexMetricSetVerbosity as "DMPlexMetricSetVerbosity";

        /// The number of parallel adaptation iterations (`DMPlexMetricGetNumIterations`;
        /// `-dm_plex_metric_num_iterations`; ParMmg only); 3 by default.
        pub fn metric_num_iterations(&self) -> Int
            = DMPlexMetricGetNumIterations as "DMPlexMetricGetNumIterations";

        /// Sets the number of parallel adaptation iterations, at least 0
        /// (`DMPlexMetricSetNumIterations`).
        pub fn metric_set_num_iterations(&mut self, iterations: Int where iterations >= 0)
            = DMPlexMetricSetNumIterations as "DMPlexMetricSetNumIterations";

        /// The smallest metric magnitude tolerated, `h_min` (`DMPlexMetricGetMinimumMagnitude`;
        /// `-dm_plex_metric_h_min`).
        pub fn metric_minimum_magnitude(&self) -> Real
            = DMPlexMetricGetMinimumMagnitude as "DMPlexMetricGetMinimumMagnitude";

        /// Sets the smallest metric magnitude tolerated, finite and positive
        /// (`DMPlexMetricSetMinimumMagnitude`).
        pub fn metric_set_minimum_magnitude(&mut self, h_min: Real where h_min.is_finite() && h_min > 0.0)
            = DMPlexMetricSetMinimumMagnitude as "DMPlexMetricSetMinimumMagnitude";

        /// The largest metric magnitude tolerated, `h_max` (`DMPlexMetricGetMaximumMagnitude`;
        /// `-dm_plex_metric_h_max`).
        pub fn metric_maximum_magnitude(&self) -> Real
            = DMPlexMetricGetMaximumMagnitude as "DMPlexMetricGetMaximumMagnitude";

        /// Sets the largest metric magnitude tolerated, finite and positive
        /// (`DMPlexMetricSetMaximumMagnitude`).
        pub fn metric_set_maximum_magnitude(&mut self, h_max: Real where h_max.is_finite() && h_max > 0.0)
            = DMPlexMetricSetMaximumMagnitude as "DMPlexMetricSetMaximumMagnitude";

        /// The largest anisotropy tolerated, `a_max` (`DMPlexMetricGetMaximumAnisotropy`;
        /// `-dm_plex_metric_a_max`).
        pub fn metric_maximum_anisotropy(&self) -> Real
            = DMPlexMetricGetMaximumAnisotropy as "DMPlexMetricGetMaximumAnisotropy";

        /// Sets the largest anisotropy tolerated, finite and at least 1
        /// (`DMPlexMetricSetMaximumAnisotropy`).
        pub fn metric_set_maximum_anisotropy(&mut self, a_max: Real where a_max.is_finite() && a_max >= 1.0)
            = DMPlexMetricSetMaximumAnisotropy as "DMPlexMetricSetMaximumAnisotropy";

        /// The metric complexity normalization aims at, about the number of vertices of the
        /// adapted mesh (`DMPlexMetricGetTargetComplexity`;
        /// `-dm_plex_metric_target_complexity`).
        pub fn metric_target_complexity(&self) -> Real
            = DMPlexMetricGetTargetComplexity as "DMPlexMetricGetTargetComplexity";

        /// Sets the target complexity, finite and positive (`DMPlexMetricSetTargetComplexity`).
        pub fn metric_set_target_complexity(&mut self, complexity: Real where complexity.is_finite() && complexity > 0.0)
            = DMPlexMetricSetTargetComplexity as "DMPlexMetricSetTargetComplexity";

        /// The order `p` of the L-p normalization (`DMPlexMetricGetNormalizationOrder`;
        /// `-dm_plex_metric_p`).
        pub fn metric_normalization_order(&self) -> Real
            = DMPlexMetricGetNormalizationOrder as "DMPlexMetricGetNormalizationOrder";

        /// Sets the order of the L-p normalization, finite and at least 1
        /// (`DMPlexMetricSetNormalizationOrder`).
        pub fn metric_set_normalization_order(&mut self, p: Real where p.is_finite() && p >= 1.0)
            = DMPlexMetricSetNormalizationOrder as "DMPlexMetricSetNormalizationOrder";

        /// The largest length ratio between neighbouring edges (`DMPlexMetricGetGradationFactor`;
        /// `-dm_plex_metric_gradation_factor`; Mmg and ParMmg only).
        pub fn metric_gradation_factor(&self) -> Real
            = DMPlexMetricGetGradationFactor as "DMPlexMetricGetGradationFactor";

        /// Sets the gradation factor, finite and positive (`DMPlexMetricSetGradationFactor`).
        pub fn metric_set_gradation_factor(&mut self, beta: Real where beta.is_finite() && beta > 0.0)
            = DMPlexMetricSetGradationFactor as "DMPlexMetricSetGradationFactor";

        /// The Hausdorff number: how far the boundary may move from its ideal shape
        /// (`DMPlexMetricGetHausdorffNumber`; `-dm_plex_metric_hausdorff_number`; Mmg and
        /// ParMmg only).
        pub fn metric_hausdorff_number(&self) -> Real
            = DMPlexMetricGetHausdorffNumber as "DMPlexMetricGetHausdorffNumber";

        /// Sets the Hausdorff number, finite and positive (`DMPlexMetricSetHausdorffNumber`).
        pub fn metric_set_hausdorff_number(&mut self, hausd: Real where hausd.is_finite() && hausd > 0.0)
            = DMPlexMetricSetHausdorffNumber as "DMPlexMetricSetHausdorffNumber";
    ];
}

/// The layout metric vectors of a mesh must have, found before PETSc reads them.
struct MetricLayout {
    uniform: bool,
    /// The local size of a metric vector.
    len: Int,
}

impl Plex {
    crate::methods![for Plex;
        /// Reads every metric option from the options database (`DMPlexMetricSetFromOptions`;
        /// `-dm_plex_metric_*`; collective): an option not given takes PETSc's default
        /// again (the target complexity 1000, `p` 1, `h_min` 1e-30, `h_max` 1e30, ...).
        ///
        /// ```
        /// use petsc::Plex;
        /// let petsc = petsc::Petsc::init()?;
        /// let mut m = Plex::create_box_mesh(&petsc.self_comm(), 2, false, None, None, None, None, true)?;
        /// m.metric_set_target_complexity(50.0)?;
        /// m.metric_set_from_options()?;
        /// assert_eq!(m.metric_target_complexity()?, 1000.0);
        /// assert_eq!(m.metric_normalization_order()?, 1.0);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn metric_set_from_options(&mut self)
            = DMPlexMetricSetFromOptions as "DMPlexMetricSetFromOptions";
    ];

    /// An `Err` unless spatially varying metrics can be made on this mesh: dimension 2
    /// or 3 with as many coordinates, triangles or tetrahedra only, no field but the
    /// metric's (field 0). Collective: every rank learns of a fault on any.
    fn check_metric_mesh(&self, ctx: &str) -> Result<()> {
        let local = (|| {
            let dim = self.dimension()?;
            if !(dim == 2 || dim == 3) {
                return Err(Error::invalid(
                    ctx,
                    format!("metrics need a mesh of dimension 2 or 3, not {dim}"),
                ));
            }
            let cdim = self.coordinate_dim()?;
            if cdim != dim {
                return Err(Error::invalid(
                    ctx,
                    format!(
                        "metrics need {dim} coordinates on a mesh of dimension {dim}, not {cdim}"
                    ),
                ));
            }
            let want = if dim == 2 {
                CellType::Triangle
            } else {
                CellType::Tetrahedron
            };
            for c in self.height_stratum(0)? {
                let t = self.cell_type(c)?;
                if t != want {
                    return Err(Error::invalid(
                        ctx,
                        format!(
                            "metrics need a mesh of {want}s (PETSc builds P1 simplex elements for them); cell {c} is a {t}"
                        ),
                    ));
                }
            }
            let nf = self.num_fields()?;
            if nf > 1 {
                return Err(Error::invalid(
                    ctx,
                    format!(
                        "the mesh has {nf} fields; a metric must be its only field (PETSc finds a metric's values through the mesh's section)"
                    ),
                ));
            }
            Ok(())
        })();
        self.comm().agree(ctx, local)
    }

    /// The layout metric vectors have now, checking that the mesh's local section puts
    /// each vertex's values inside it (`nrow * nrow` of them, `nrow` 1 when isotropic,
    /// else the dimension). Collective.
    fn metric_layout(&self, ctx: &str) -> Result<MetricLayout> {
        let uniform = self.metric_is_uniform()?;
        let isotropic = self.metric_is_isotropic()?;
        if uniform {
            return Ok(MetricLayout { uniform, len: 1 });
        }
        self.check_metric_mesh(ctx)?;
        let local = (|| {
            let dim = self.dimension()?;
            let need = if isotropic { 1 } else { dim * dim };
            let Some(section) = self.local_section()? else {
                return Err(Error::invalid(
                    ctx,
                    "the mesh has no metric field yet: make metrics with metric_create first",
                ));
            };
            let len = section.storage_size()?;
            let chart = section.chart()?;
            for v in self.depth_stratum(0)? {
                let (dof, off) = if chart.contains(&v) {
                    (section.dof(v)?, section.offset(v)?)
                } else {
                    (0, 0)
                };
                if dof < need || off < 0 || off + need > len {
                    return Err(Error::invalid(
                        ctx,
                        format!(
                            "the mesh's section gives vertex {v} {dof} values at {off} of {len}; a metric needs {need} there (make metrics with metric_create)"
                        ),
                    ));
                }
            }
            Ok(len)
        })();
        let len = self.comm().agree(ctx, local)?;
        Ok(MetricLayout { uniform, len })
    }

    /// An `Err` unless each vector has the layout of this mesh's metrics (sizes checked
    /// on every rank; collective).
    fn check_metric_vecs(&self, ctx: &str, vecs: &[(&str, &Vector)]) -> Result<MetricLayout> {
        let layout = self.metric_layout(ctx)?;
        let nranks = self.comm().size() as Int;
        let local = (|| {
            for (what, v) in vecs {
                let (n, total) = (v.local_size()?, v.size()?);
                let want_total = if layout.uniform { nranks } else { layout.len };
                if n != layout.len || total != want_total {
                    return Err(Error::invalid(
                        ctx,
                        format!(
                            "{what} has {n} entries here ({total} in all); a {} metric of this mesh has {} ({want_total} in all)",
                            if layout.uniform {
                                "uniform"
                            } else {
                                "spatially varying"
                            },
                            layout.len
                        ),
                    ));
                }
            }
            Ok(())
        })();
        self.comm().agree(ctx, local)?;
        Ok(layout)
    }

    /// A new metric field with every entry 0 (`DMPlexMetricCreate` with field 0;
    /// collective): a vector with one entry on each rank if the metric is uniform, else
    /// a local vector of `dim * dim` values (one if isotropic) per vertex, the mesh's
    /// field 0 becoming a P1 field of as many components. Spatially varying metrics
    /// need triangles or tetrahedra and no other field on the mesh. PETSc lays the
    /// mesh's section out at the first metric and keeps it: a metric made after
    /// [`metric_set_isotropic`](Self::metric_set_isotropic) changed still has the first
    /// layout, so make each kind of metric on its own mesh.
    ///
    /// ```
    /// use petsc::Plex;
    /// let petsc = petsc::Petsc::init()?;
    /// // Two triangles on the unit square.
    /// let coords = [0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0];
    /// let cells = [0, 1, 2, 0, 2, 3];
    /// let comm = petsc.self_comm();
    /// let mut m = Plex::from_cell_list(&comm, 2, 3, &cells, 2, &coords, true)?;
    /// let metric = m.metric_create()?;
    /// assert_eq!(metric.size()?, 4 * 2 * 2); // 4 vertices, a 2 x 2 matrix each
    /// let mut iso = Plex::from_cell_list(&comm, 2, 3, &cells, 2, &coords, true)?;
    /// iso.metric_set_isotropic(true)?;
    /// assert_eq!(iso.metric_create()?.size()?, 4);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexMetricCreate")]
    pub fn metric_create(&mut self) -> Result<Vector> {
        const CTX: &str = "Plex::metric_create";
        if !self.metric_is_uniform()? {
            self.check_metric_mesh(CTX)?;
        } else if !self.metric_is_isotropic()? {
            return Err(Error::invalid(CTX, "a uniform metric must be isotropic"));
        }
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live plex of simplices of dimension 2 or 3 with no other field (or a
        // uniform metric, which needs no field); PETSc writes a new vector.
        check(unsafe { sys::DMPlexMetricCreate(self.ptr, 0, &mut v) })?;
        Ok(Vector::from_raw(self.petsc(), v))
    }

    /// A uniform metric of value `alpha` (`DMPlexMetricCreateUniform` with field 0;
    /// collective): marks the mesh's metrics uniform (and isotropic) and returns a
    /// vector with the entry `alpha` on each rank; `alpha` finite and positive.
    #[doc(alias = "DMPlexMetricCreateUniform")]
    pub fn metric_create_uniform(&mut self, alpha: Real) -> Result<Vector> {
        const CTX: &str = "Plex::metric_create_uniform";
        if !(alpha.is_finite() && alpha > 0.0) {
            return Err(Error::out_of_range(
                CTX,
                format!("the scaling {alpha} must be finite and positive"),
            ));
        }
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live plex; a uniform metric needs no field; PETSc writes a new vector.
        check(unsafe { sys::DMPlexMetricCreateUniform(self.ptr, 0, alpha, &mut v) })?;
        Ok(Vector::from_raw(self.petsc(), v))
    }

    /// An isotropic metric whose value at each vertex is `indicator`'s there
    /// (`DMPlexMetricCreateIsotropic` with field 0; collective): marks the mesh's
    /// metrics isotropic; `indicator` must have the layout of an isotropic metric of the
    /// mesh (one value per vertex, ghosts included, as [`metric_create`](Self::metric_create)
    /// makes; one entry per rank for a uniform metric). PETSc would otherwise project
    /// it through a DM it may not have.
    #[doc(alias = "DMPlexMetricCreateIsotropic")]
    pub fn metric_create_isotropic(&mut self, indicator: &Vector) -> Result<Vector> {
        const CTX: &str = "Plex::metric_create_isotropic";
        self.metric_set_isotropic(true)?;
        // The layout the metric will have, from a metric made the same way.
        let probe = self.metric_create()?;
        let (n, total) = (probe.local_size()?, probe.size()?);
        drop(probe);
        let local = (|| {
            let (m, mt) = (indicator.local_size()?, indicator.size()?);
            if m != n || mt != total {
                return Err(Error::invalid(
                    CTX,
                    format!(
                        "the indicator has {m} entries here ({mt} in all); an isotropic metric of this mesh has {n} ({total} in all)"
                    ),
                ));
            }
            Ok(())
        })();
        self.comm().agree(CTX, local)?;
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live plex set up for metrics (checked by `metric_create`); a live
        // indicator of the metric's sizes, which PETSc copies; PETSc writes a new vector.
        check(unsafe { sys::DMPlexMetricCreateIsotropic(self.ptr, 0, indicator.ptr, &mut v) })?;
        Ok(Vector::from_raw(self.petsc(), v))
    }

    /// A vector for the determinants of this mesh's metrics, and the mesh it lives on
    /// (`DMPlexMetricDeterminantCreate` with field 0; collective): a clone of the mesh
    /// with a scalar P1 field and a local vector of it, or, for uniform metrics, one
    /// entry per rank.
    #[doc(alias = "DMPlexMetricDeterminantCreate")]
    pub fn metric_determinant_create(&self) -> Result<(Vector, Plex)> {
        const CTX: &str = "Plex::metric_determinant_create";
        if !self.metric_is_uniform()? {
            self.check_metric_mesh(CTX)?;
        }
        let mut v: sys::Vec = std::ptr::null_mut();
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live plex of simplices of dimension 2 or 3 (or a uniform metric);
        // PETSc writes a new vector and a new DM (a clone of this plex).
        check(unsafe { sys::DMPlexMetricDeterminantCreate(self.ptr, 0, &mut v, &mut d) })?;
        let det = Vector::from_raw(self.petsc(), v);
        Ok((det, Plex::from_raw(self.petsc(), d)))
    }

    /// The metric made symmetric positive-definite, and its determinant
    /// (`DMPlexMetricEnforceSPD`; collective): each vertex's matrix is symmetrized and
    /// its eigenvalues made positive; with `restrict_sizes` they are also kept between
    /// `1/h_max^2` and `1/h_min^2`, with `restrict_anisotropy` their ratio under
    /// `a_max^2`. The determinant vector is [`metric_determinant_create`](Self::metric_determinant_create)'s.
    /// For a uniform (or isotropic) metric the determinant is the metric's value itself.
    #[doc(alias = "DMPlexMetricEnforceSPD")]
    pub fn metric_enforce_spd(
        &self,
        metric: &Vector,
        restrict_sizes: bool,
        restrict_anisotropy: bool,
    ) -> Result<(Vector, Vector)> {
        const CTX: &str = "Plex::metric_enforce_spd";
        self.check_metric_vecs(CTX, &[("the metric", metric)])?;
        let out = metric.duplicate()?;
        let (det, _dm_det) = self.metric_determinant_create()?;
        // SAFETY: live plex; vectors of its metric layout (checked above: the section
        // puts every vertex's values inside them); the determinant made for this mesh
        // (its DM kept alive by the vector, and by `_dm_det` for this call).
        check(unsafe {
            sys::DMPlexMetricEnforceSPD(
                self.ptr,
                metric.ptr,
                pb(restrict_sizes),
                pb(restrict_anisotropy),
                out.ptr,
                det.ptr,
            )
        })?;
        Ok((out, det))
    }

    /// The metric scaled by L-p normalization to the target complexity, and its
    /// determinant (`DMPlexMetricNormalize`; collective): with order `p`
    /// ([`metric_set_normalization_order`](Self::metric_set_normalization_order)) and
    /// target `N`, a metric `a I` on a domain of measure `|Ω|` in dimension `d` becomes
    /// `(N / |Ω|)^(2/d) I`, whatever `a`. The size and anisotropy restrictions are as
    /// for [`metric_enforce_spd`](Self::metric_enforce_spd). Needs triangles or
    /// tetrahedra, also for a uniform metric (PETSc integrates a P1 field).
    #[doc(alias = "DMPlexMetricNormalize")]
    pub fn metric_normalize(
        &self,
        metric: &Vector,
        restrict_sizes: bool,
        restrict_anisotropy: bool,
    ) -> Result<(Vector, Vector)> {
        const CTX: &str = "Plex::metric_normalize";
        self.check_metric_mesh(CTX)?;
        self.check_metric_vecs(CTX, &[("the metric", metric)])?;
        let out = metric.duplicate()?;
        let (det, _dm_det) = self.metric_determinant_create()?;
        // SAFETY: as in `metric_enforce_spd`; the mesh is of simplices, as the P1
        // integration PETSc does needs.
        check(unsafe {
            sys::DMPlexMetricNormalize(
                self.ptr,
                metric.ptr,
                pb(restrict_sizes),
                pb(restrict_anisotropy),
                out.ptr,
                det.ptr,
            )
        })?;
        Ok((out, det))
    }

    /// The unweighted average of two metrics (`DMPlexMetricAverage2`; collective).
    #[doc(alias = "DMPlexMetricAverage2")]
    pub fn metric_average2(&self, metric1: &Vector, metric2: &Vector) -> Result<Vector> {
        const CTX: &str = "Plex::metric_average2";
        self.check_metric_vecs(CTX, &[("metric1", metric1), ("metric2", metric2)])?;
        let out = metric1.duplicate()?;
        // SAFETY: live plex; vectors of its metric layout (checked above).
        check(unsafe { sys::DMPlexMetricAverage2(self.ptr, metric1.ptr, metric2.ptr, out.ptr) })?;
        Ok(out)
    }

    /// The unweighted average of three metrics (`DMPlexMetricAverage3`; collective).
    #[doc(alias = "DMPlexMetricAverage3")]
    pub fn metric_average3(
        &self,
        metric1: &Vector,
        metric2: &Vector,
        metric3: &Vector,
    ) -> Result<Vector> {
        const CTX: &str = "Plex::metric_average3";
        self.check_metric_vecs(
            CTX,
            &[
                ("metric1", metric1),
                ("metric2", metric2),
                ("metric3", metric3),
            ],
        )?;
        let out = metric1.duplicate()?;
        // SAFETY: live plex; vectors of its metric layout (checked above).
        check(unsafe {
            sys::DMPlexMetricAverage3(self.ptr, metric1.ptr, metric2.ptr, metric3.ptr, out.ptr)
        })?;
        Ok(out)
    }

    /// The intersection of two metrics (`DMPlexMetricIntersection2`; collective): at
    /// each vertex the metric whose unit ball is the largest ellipsoid inside both, so
    /// `a I` and `b I` give `max(a, b) I`. The metrics should be positive-definite
    /// ([`metric_enforce_spd`](Self::metric_enforce_spd)).
    #[doc(alias = "DMPlexMetricIntersection2")]
    pub fn metric_intersection2(&self, metric1: &Vector, metric2: &Vector) -> Result<Vector> {
        const CTX: &str = "Plex::metric_intersection2";
        self.check_metric_vecs(CTX, &[("metric1", metric1), ("metric2", metric2)])?;
        let out = metric1.duplicate()?;
        // SAFETY: live plex; vectors of its metric layout (checked above).
        check(unsafe {
            sys::DMPlexMetricIntersection2(self.ptr, metric1.ptr, metric2.ptr, out.ptr)
        })?;
        Ok(out)
    }

    /// The intersection of three metrics (`DMPlexMetricIntersection3`; collective).
    #[doc(alias = "DMPlexMetricIntersection3")]
    pub fn metric_intersection3(
        &self,
        metric1: &Vector,
        metric2: &Vector,
        metric3: &Vector,
    ) -> Result<Vector> {
        const CTX: &str = "Plex::metric_intersection3";
        self.check_metric_vecs(
            CTX,
            &[
                ("metric1", metric1),
                ("metric2", metric2),
                ("metric3", metric3),
            ],
        )?;
        let out = metric1.duplicate()?;
        // SAFETY: live plex; vectors of its metric layout (checked above).
        check(unsafe {
            sys::DMPlexMetricIntersection3(self.ptr, metric1.ptr, metric2.ptr, metric3.ptr, out.ptr)
        })?;
        Ok(out)
    }
}

fn pb(b: bool) -> sys::PetscBool {
    if b {
        sys::PETSC_BOOL_TRUE
    } else {
        sys::PETSC_BOOL_FALSE
    }
}
