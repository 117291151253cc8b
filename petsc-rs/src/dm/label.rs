//! Labels (`DMLabel`): integer values attached to mesh points.
//!
//! A label maps points to values; the points with one value form a *stratum*. Meshes
//! mark boundaries, materials and cell types with labels. Points without a value have
//! the label's default value (`-1` unless set).
//!
//! The point index of a label ([`DmLabel::create_index`]) is a bit array over a range of
//! points; [`DmLabel::has_point`] needs it and a point in its range, both checked here
//! (PETSc checks them only when built with debugging).

use petsc_sys as sys;

use crate::comm::Comm;
use crate::error::{Error, Result, c_string, check};
use crate::is::IndexSet;
use crate::object::petsc_handle;
use crate::scalar::Int;
use crate::section::Section;
use crate::sf::StarForest;

petsc_handle!(
    /// Integer values on mesh points (`DMLabel`), grouped in strata by value.
    ///
    /// ```
    /// use petsc::DmLabel;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut l = DmLabel::new(&petsc.self_comm(), "boundary")?;
    /// for p in [3, 7, 8] {
    ///     l.set_value(p, 1)?;
    /// }
    /// l.set_value(5, 2)?;
    /// assert_eq!(l.value(7)?, 1);
    /// assert_eq!(l.value(4)?, -1); // the default value
    /// assert_eq!(l.stratum_size(1)?, 3);
    /// assert_eq!(l.stratum_is(1)?.unwrap().indices()?.to_vec(), [3, 7, 8]);
    /// assert_eq!(l.value_is()?.indices()?.to_vec(), [1, 2]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMLabel")]
    DmLabel,
    sys::DMLabel,
    sys::DMLabelDestroy
);

impl DmLabel {
    /// An empty label named `name` on `comm` (`DMLabelCreate`).
    #[doc(alias = "DMLabelCreate")]
    pub fn new(comm: &Comm, name: &str) -> Result<DmLabel> {
        let n = c_string("DmLabel::new", name)?;
        let mut l: sys::DMLabel = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc copies the name and writes the new label.
        check(unsafe { sys::DMLabelCreate(comm.as_raw(), n.as_ptr(), &mut l) })?;
        Ok(DmLabel::from_raw(comm.petsc(), l))
    }

    /// A copy with the same name, values and default (`DMLabelDuplicate`).
    #[doc(alias = "DMLabelDuplicate")]
    pub fn duplicate(&self) -> Result<DmLabel> {
        let mut l: sys::DMLabel = std::ptr::null_mut();
        // SAFETY: live label; PETSc writes the copy.
        check(unsafe { sys::DMLabelDuplicate(self.ptr, &mut l) })?;
        Ok(DmLabel::from_raw(&self.petsc, l))
    }

    crate::methods![for DmLabel;
        /// Removes every value and the index (`DMLabelReset`).
        pub fn reset(&mut self) = DMLabelReset as "DMLabelReset";

        /// The value of points without one (`DMLabelGetDefaultValue`).
        pub fn default_value(&self) -> Int = DMLabelGetDefaultValue as "DMLabelGetDefaultValue";

        /// Sets the value of points without one (`DMLabelSetDefaultValue`).
        pub fn set_default_value(&mut self, value: Int)
            = DMLabelSetDefaultValue as "DMLabelSetDefaultValue";
    ];

    /// The value of `point`, or the default value (`DMLabelGetValue`).
    #[doc(alias = "DMLabelGetValue")]
    pub fn value(&self, point: Int) -> Result<Int> {
        check_point("DmLabel::value", point)?;
        // With an index, every labeled point lies in its range (PETSc reads the index
        // bit of the point without checking the range).
        if let Some((a, b)) = self.index()? {
            if !(a..b).contains(&point) {
                return self.default_value();
            }
        }
        let mut v: Int = 0;
        // SAFETY: live label; a non-negative point, within the index range if any.
        check(unsafe { sys::DMLabelGetValue(self.ptr, point, &mut v) })?;
        Ok(v)
    }

    /// Gives `point` the value `value` (`DMLabelSetValue`); setting the default value
    /// removes the point's value.
    #[doc(alias = "DMLabelSetValue")]
    pub fn set_value(&mut self, point: Int, value: Int) -> Result<()> {
        check_point("DmLabel::set_value", point)?;
        self.check_indexed_point("DmLabel::set_value", point)?;
        // SAFETY: live label; point checked against the index.
        check(unsafe { sys::DMLabelSetValue(self.ptr, point, value) })
    }

    /// Removes `point` from the stratum `value` (`DMLabelClearValue`).
    #[doc(alias = "DMLabelClearValue")]
    pub fn clear_value(&mut self, point: Int, value: Int) -> Result<()> {
        check_point("DmLabel::clear_value", point)?;
        self.check_indexed_point("DmLabel::clear_value", point)?;
        // SAFETY: live label; point checked against the index.
        check(unsafe { sys::DMLabelClearValue(self.ptr, point, value) })
    }

    /// Gives every point of `is` the value `value` (`DMLabelInsertIS`).
    #[doc(alias = "DMLabelInsertIS")]
    pub fn insert_is(&mut self, is: &IndexSet, value: Int) -> Result<()> {
        const CTX: &str = "DmLabel::insert_is";
        for &p in is.indices()?.iter() {
            check_point(CTX, p)?;
            self.check_indexed_point(CTX, p)?;
        }
        // SAFETY: live label and index set, points checked.
        check(unsafe { sys::DMLabelInsertIS(self.ptr, is.as_raw(), value) })
    }

    crate::methods![for DmLabel;
        /// Adds an empty stratum for `value` (`DMLabelAddStratum`).
        pub fn add_stratum(&mut self, value: Int) = DMLabelAddStratum as "DMLabelAddStratum";
    ];

    /// Adds empty strata for `values` (`DMLabelAddStrata`).
    #[doc(alias = "DMLabelAddStrata")]
    pub fn add_strata(&mut self, values: &[Int]) -> Result<()> {
        let n = crate::is::int_len("DmLabel::add_strata", "values", values.len())?;
        // SAFETY: live label; `values` holds `n` entries, read only.
        check(unsafe { sys::DMLabelAddStrata(self.ptr, n, values.as_ptr()) })
    }

    /// Adds empty strata for the values in `is` (`DMLabelAddStrataIS`).
    #[doc(alias = "DMLabelAddStrataIS")]
    pub fn add_strata_is(&mut self, is: &IndexSet) -> Result<()> {
        // SAFETY: live label and index set.
        check(unsafe { sys::DMLabelAddStrataIS(self.ptr, is.as_raw()) })
    }

    crate::methods![for DmLabel;
        /// The number of strata (`DMLabelGetNumValues`).
        pub fn num_values(&self) -> Int = DMLabelGetNumValues as "DMLabelGetNumValues";
    ];

    /// The values of the strata, in the order they were added (`DMLabelGetValueIS`).
    #[doc(alias = "DMLabelGetValueIS")]
    pub fn value_is(&self) -> Result<IndexSet> {
        let mut is: sys::IS = std::ptr::null_mut();
        // SAFETY: live label; PETSc writes a new index set the caller owns.
        check(unsafe { sys::DMLabelGetValueIS(self.ptr, &mut is) })?;
        Ok(IndexSet::from_raw(&self.petsc, is))
    }

    /// The values of the strata that hold points (`DMLabelGetNonEmptyStratumValuesIS`).
    #[doc(alias = "DMLabelGetNonEmptyStratumValuesIS")]
    pub fn non_empty_stratum_values_is(&self) -> Result<IndexSet> {
        let mut is: sys::IS = std::ptr::null_mut();
        // SAFETY: live label; PETSc writes a new index set the caller owns.
        check(unsafe { sys::DMLabelGetNonEmptyStratumValuesIS(self.ptr, &mut is) })?;
        Ok(IndexSet::from_raw(&self.petsc, is))
    }

    crate::methods![for DmLabel;
        /// Whether `point` has the value `value` (`DMLabelStratumHasPoint`).
        pub fn stratum_has_point(&self, value: Int, point: Int) -> bool
            = DMLabelStratumHasPoint as "DMLabelStratumHasPoint";

        /// Whether the label has a stratum for `value`, even empty (`DMLabelHasStratum`).
        pub fn has_stratum(&self, value: Int) -> bool = DMLabelHasStratum as "DMLabelHasStratum";

        /// The number of points with the value `value` (`DMLabelGetStratumSize`).
        pub fn stratum_size(&self, value: Int) -> Int
            = DMLabelGetStratumSize as "DMLabelGetStratumSize";
    ];

    /// The points with the value `value`, sorted, or `None` without such a stratum
    /// (`DMLabelGetStratumIS`).
    #[doc(alias = "DMLabelGetStratumIS")]
    pub fn stratum_is(&self, value: Int) -> Result<Option<IndexSet>> {
        let mut is: sys::IS = std::ptr::null_mut();
        // SAFETY: live label; PETSc writes a reference the caller owns, or null.
        check(unsafe { sys::DMLabelGetStratumIS(self.ptr, value, &mut is) })?;
        Ok((!is.is_null()).then(|| IndexSet::from_raw(&self.petsc, is)))
    }

    /// Makes the points of `is` the stratum `value`, replacing what it held
    /// (`DMLabelSetStratumIS`).
    #[doc(alias = "DMLabelSetStratumIS")]
    pub fn set_stratum_is(&mut self, value: Int, is: &IndexSet) -> Result<()> {
        const CTX: &str = "DmLabel::set_stratum_is";
        for &p in is.indices()?.iter() {
            check_point(CTX, p)?;
            self.check_indexed_point(CTX, p)?;
        }
        // SAFETY: live label and index set, points checked.
        check(unsafe { sys::DMLabelSetStratumIS(self.ptr, value, is.as_raw()) })
    }

    crate::methods![for DmLabel;
        /// Removes every point of the stratum `value` (`DMLabelClearStratum`).
        pub fn clear_stratum(&mut self, value: Int) = DMLabelClearStratum as "DMLabelClearStratum";

        /// Builds the point index over the labeled points' range (`DMLabelComputeIndex`).
        pub fn compute_index(&mut self) = DMLabelComputeIndex as "DMLabelComputeIndex";
    ];

    /// Builds the point index over `start..end`, which must hold every labeled point
    /// (`DMLabelCreateIndex`).
    #[doc(alias = "DMLabelCreateIndex")]
    pub fn create_index(&mut self, start: Int, end: Int) -> Result<()> {
        const CTX: &str = "DmLabel::create_index";
        if start < 0 || end < start {
            return Err(Error::invalid(
                CTX,
                format!("{start}..{end} is not a range of non-negative points"),
            ));
        }
        if let Some(p) = self
            .points()?
            .into_iter()
            .find(|p| !(start..end).contains(p))
        {
            return Err(Error::out_of_range(
                CTX,
                format!("labeled point {p} is outside {start}..{end}"),
            ));
        }
        // SAFETY: live label; the range holds every labeled point.
        check(unsafe { sys::DMLabelCreateIndex(self.ptr, start, end) })
    }

    crate::methods![for DmLabel;
        /// Drops the point index (`DMLabelDestroyIndex`).
        pub fn destroy_index(&mut self) = DMLabelDestroyIndex as "DMLabelDestroyIndex";

        /// Whether the label has the value `value`, as a stratum even without points
        /// (`DMLabelHasValue`).
        pub fn has_value(&self, value: Int) -> bool = DMLabelHasValue as "DMLabelHasValue";
    ];

    /// Whether `point` has any value (`DMLabelHasPoint`); needs the point index
    /// ([`create_index`](Self::create_index) or [`compute_index`](Self::compute_index))
    /// and a point in its range.
    #[doc(alias = "DMLabelHasPoint")]
    pub fn has_point(&self, point: Int) -> Result<bool> {
        const CTX: &str = "DmLabel::has_point";
        match self.index()? {
            None => Err(Error::invalid(
                CTX,
                "the label has no point index (create_index or compute_index)",
            )),
            Some((a, b)) if !(a..b).contains(&point) => Err(Error::out_of_range(
                CTX,
                format!("point {point} is outside the index range {a}..{b}"),
            )),
            Some(_) => {
                let mut has = sys::PETSC_BOOL_FALSE;
                // SAFETY: live label with an index whose range holds `point`.
                check(unsafe { sys::DMLabelHasPoint(self.ptr, point, &mut has) })?;
                Ok(has == sys::PETSC_BOOL_TRUE)
            }
        }
    }

    /// The range of the labeled points, `start..end` as a pair (`DMLabelGetBounds`);
    /// computing it builds the point index over that range.
    #[doc(alias = "DMLabelGetBounds")]
    pub fn bounds(&self) -> Result<(Int, Int)> {
        let (mut a, mut b): (Int, Int) = (0, 0);
        // SAFETY: live label.
        check(unsafe { sys::DMLabelGetBounds(self.ptr, &mut a, &mut b) })?;
        Ok((a, b))
    }

    /// Keeps only the points in `start..end` and indexes them (what `DMLabelFilter`
    /// does; done here point by point, since PETSc 3.18's filter leaves the strata
    /// sizes stale and its index reads past the filtered points).
    #[doc(alias = "DMLabelFilter")]
    pub fn filter(&mut self, start: Int, end: Int) -> Result<()> {
        if start < 0 || end < start {
            return Err(Error::invalid(
                "DmLabel::filter",
                format!("{start}..{end} is not a range of non-negative points"),
            ));
        }
        self.destroy_index()?;
        for &v in self.value_is()?.indices()?.iter() {
            if let Some(is) = self.stratum_is(v)? {
                for &p in is.indices()?.iter().filter(|p| !(start..end).contains(p)) {
                    // SAFETY: live label without an index; `p` is one of its points.
                    check(unsafe { sys::DMLabelClearValue(self.ptr, p, v) })?;
                }
            }
        }
        // SAFETY: live label whose points all lie in the valid range.
        check(unsafe { sys::DMLabelCreateIndex(self.ptr, start, end) })
    }

    /// The label with each point `p` moved to `perm[p]` (`DMLabelPermute`): `perm`
    /// must have an entry for every labeled point.
    #[doc(alias = "DMLabelPermute")]
    pub fn permute(&self, perm: &IndexSet) -> Result<DmLabel> {
        let n = perm.local_size()?;
        if let Some(p) = self.points()?.into_iter().find(|&p| p >= n) {
            return Err(Error::out_of_range(
                "DmLabel::permute",
                format!("labeled point {p} has no entry in the permutation of {n} points"),
            ));
        }
        let mut l: sys::DMLabel = std::ptr::null_mut();
        // SAFETY: live label and index set covering every labeled point.
        check(unsafe { sys::DMLabelPermute(self.ptr, perm.as_raw(), &mut l) })?;
        Ok(DmLabel::from_raw(&self.petsc, l))
    }

    /// The label carried to the leaves of `sf`, a forest of points
    /// (`DMLabelDistribute`; collective): each leaf gets the values of its root. Every
    /// labeled point must be a root.
    #[doc(alias = "DMLabelDistribute")]
    pub fn distribute(&self, sf: &StarForest) -> Result<DmLabel> {
        const CTX: &str = "DmLabel::distribute";
        let comm = crate::object::Object::comm(sf);
        let local = (|| {
            let nroots = sf.graph()?.nroots;
            match self.points()?.into_iter().find(|&p| p >= nroots) {
                Some(p) => Err(Error::out_of_range(
                    CTX,
                    format!("labeled point {p} is not a root of the forest ({nroots} roots)"),
                )),
                None => Ok(()),
            }
        })();
        comm.agree(CTX, local)?;
        let mut l: sys::DMLabel = std::ptr::null_mut();
        // SAFETY: live label and forest, every labeled point a root; PETSc writes the
        // new label.
        check(unsafe { sys::DMLabelDistribute(self.ptr, sf.as_raw(), &mut l) })?;
        Ok(DmLabel::from_raw(&self.petsc, l))
    }

    /// The values of the leaves of `sf` gathered at their roots
    /// (`DMLabelGather`; collective), the reverse of [`distribute`](Self::distribute)
    /// for a forest within one set of points, such as a mesh's point star forest: each
    /// root gets the values its leaves have here (a point may get several). Every leaf
    /// and every labeled point must be below the forest's number of roots.
    #[doc(alias = "DMLabelGather")]
    pub fn gather(&self, sf: &StarForest) -> Result<DmLabel> {
        const CTX: &str = "DmLabel::gather";
        let comm = crate::object::Object::comm(sf);
        let local = (|| {
            let g = sf.graph()?;
            let nroots = g.nroots;
            let leaves = g
                .leaves
                .unwrap_or_else(|| (0..g.remotes.len() as Int).collect());
            if let Some(l) = leaves.into_iter().find(|&l| l >= nroots) {
                return Err(Error::out_of_range(
                    CTX,
                    format!("leaf {l} is not below the forest's {nroots} roots"),
                ));
            }
            match self.points()?.into_iter().find(|&p| p >= nroots) {
                Some(p) => Err(Error::out_of_range(
                    CTX,
                    format!("labeled point {p} is not below the forest's {nroots} roots"),
                )),
                None => Ok(()),
            }
        })();
        comm.agree(CTX, local)?;
        let mut l: sys::DMLabel = std::ptr::null_mut();
        // SAFETY: live label and forest; every leaf and labeled point is below the
        // number of roots, the size of PETSc's arrays; PETSc writes the new label.
        check(unsafe { sys::DMLabelGather(self.ptr, sf.as_raw(), &mut l) })?;
        Ok(DmLabel::from_raw(&self.petsc, l))
    }

    /// The strata as a section and the points (`DMLabelConvertToSection`): the
    /// section's chart runs over the values, each value with as many dofs as points
    /// with it, and the index set lists those points at the section's offsets.
    #[doc(alias = "DMLabelConvertToSection")]
    pub fn convert_to_section(&self) -> Result<(Section, IndexSet)> {
        let mut s: sys::PetscSection = std::ptr::null_mut();
        let mut is: sys::IS = std::ptr::null_mut();
        // SAFETY: live label; PETSc writes a new section and index set the caller owns.
        check(unsafe { sys::DMLabelConvertToSection(self.ptr, &mut s, &mut is) })?;
        Ok((
            Section::from_raw(&self.petsc, s),
            IndexSet::from_raw(&self.petsc, is),
        ))
    }

    /// Every labeled point, in stratum order.
    fn points(&self) -> Result<Vec<Int>> {
        let mut out = Vec::new();
        for &v in self.value_is()?.indices()?.iter() {
            if let Some(is) = self.stratum_is(v)? {
                out.extend_from_slice(&is.indices()?);
            }
        }
        Ok(out)
    }

    /// The point index's range, if there is an index.
    pub(super) fn index(&self) -> Result<Option<(Int, Int)>> {
        let (mut has, mut a, mut b) = (sys::PETSC_BOOL_FALSE, 0, 0);
        // SAFETY: live label.
        check(unsafe { sys::petscrs_DMLabelGetIndex(self.ptr, &mut has, &mut a, &mut b) })?;
        Ok((has == sys::PETSC_BOOL_TRUE).then_some((a, b)))
    }

    /// With a point index, the point must lie in its range (PETSc writes the index bit).
    fn check_indexed_point(&self, ctx: &str, point: Int) -> Result<()> {
        match self.index()? {
            Some((a, b)) if !(a..b).contains(&point) => Err(Error::out_of_range(
                ctx,
                format!(
                    "point {point} is outside the label's index range {a}..{b} (destroy_index first)"
                ),
            )),
            _ => Ok(()),
        }
    }
}

fn check_point(ctx: &str, point: Int) -> Result<()> {
    if point < 0 {
        Err(Error::out_of_range(
            ctx,
            format!("point {point} is negative"),
        ))
    } else {
        Ok(())
    }
}
