//! Data layouts over mesh points (`PetscSection`).
//!
//! A section maps each point of a *chart* `[start, end)` (the cells, faces, edges and
//! vertices of a mesh, or any numbered entities) to a number of degrees of freedom and an
//! offset into storage, optionally split into fields, with constrained (boundary) dofs
//! kept apart. DMPlex describes its data with sections; they are useful on their own to
//! lay out any point-based data.
//!
//! Every point and field argument is checked against the chart and the number of fields
//! before PETSc sees it (PETSc built without debugging would index past its arrays), and
//! constraint indices are checked against the point's dofs.

use std::ops::Range;

use petsc_sys as sys;

use crate::comm::Comm;
use crate::error::{Error, Result, c_string, check};
use crate::is::IndexSet;
use crate::object::{AsViewer, owned, petsc_handle};
use crate::sf::StarForest;
use crate::{Int, Vector};

petsc_handle!(
    /// A data layout over the points of a chart (`PetscSection`): dofs per point (and
    /// per field), constrained dofs, offsets into storage.
    ///
    /// ```
    /// use petsc::Section;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut s = Section::new(&petsc.self_comm())?;
    /// s.set_chart(0, 4)?;
    /// for p in 0..4 {
    ///     s.set_dof(p, p % 2 + 1)?; // 1, 2, 1, 2 values
    /// }
    /// s.set_up()?;
    /// assert_eq!(s.storage_size()?, 6);
    /// assert_eq!((0..4).map(|p| s.offset(p)).collect::<Result<Vec<_>, _>>()?, [0, 1, 3, 4]);
    /// assert!(s.dof(4).is_err()); // outside the chart
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscSection")]
    Section,
    sys::PetscSection,
    sys::PetscSectionDestroy
);

/// The point-indexed counts of a section: dofs and constrained dofs, of the point or of
/// one field at the point.
#[derive(Clone, Copy)]
enum Count {
    Dof,
    ConstraintDof,
    FieldDof(Int),
    FieldConstraintDof(Int),
}

impl Count {
    fn what(self) -> &'static str {
        match self {
            Count::Dof | Count::FieldDof(_) => "dofs",
            Count::ConstraintDof | Count::FieldConstraintDof(_) => "constrained dofs",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Count::Dof => "dof",
            Count::ConstraintDof => "constraint_dof",
            Count::FieldDof(_) => "field_dof",
            Count::FieldConstraintDof(_) => "field_constraint_dof",
        }
    }

    fn field(self) -> Option<Int> {
        match self {
            Count::FieldDof(f) | Count::FieldConstraintDof(f) => Some(f),
            _ => None,
        }
    }
}

/// How a count changes.
#[derive(Clone, Copy, PartialEq)]
enum Change {
    Set,
    Add,
}

impl Section {
    /// The number of dofs at `point` (`PetscSectionGetDof`).
    #[doc(alias = "PetscSectionGetDof")]
    pub fn dof(&self, point: Int) -> Result<Int> {
        self.count(Count::Dof, point)
    }

    /// Sets the number of dofs at `point` (`PetscSectionSetDof`); before
    /// [`set_up`](Self::set_up).
    #[doc(alias = "PetscSectionSetDof")]
    pub fn set_dof(&mut self, point: Int, n: Int) -> Result<()> {
        self.change(Count::Dof, Change::Set, point, n)
    }

    /// Adds `n` dofs at `point` (`PetscSectionAddDof`); the result must not be negative.
    #[doc(alias = "PetscSectionAddDof")]
    pub fn add_dof(&mut self, point: Int, n: Int) -> Result<()> {
        self.change(Count::Dof, Change::Add, point, n)
    }

    /// The number of constrained dofs at `point` (`PetscSectionGetConstraintDof`).
    #[doc(alias = "PetscSectionGetConstraintDof")]
    pub fn constraint_dof(&self, point: Int) -> Result<Int> {
        self.count(Count::ConstraintDof, point)
    }

    /// Sets the number of constrained dofs at `point` (`PetscSectionSetConstraintDof`).
    #[doc(alias = "PetscSectionSetConstraintDof")]
    pub fn set_constraint_dof(&mut self, point: Int, n: Int) -> Result<()> {
        self.change(Count::ConstraintDof, Change::Set, point, n)
    }

    /// Adds `n` constrained dofs at `point` (`PetscSectionAddConstraintDof`).
    #[doc(alias = "PetscSectionAddConstraintDof")]
    pub fn add_constraint_dof(&mut self, point: Int, n: Int) -> Result<()> {
        self.change(Count::ConstraintDof, Change::Add, point, n)
    }

    /// The number of dofs of field `field` at `point` (`PetscSectionGetFieldDof`).
    #[doc(alias = "PetscSectionGetFieldDof")]
    pub fn field_dof(&self, point: Int, field: Int) -> Result<Int> {
        self.count(Count::FieldDof(field), point)
    }

    /// Sets the number of dofs of field `field` at `point` (`PetscSectionSetFieldDof`);
    /// the point's own count ([`set_dof`](Self::set_dof)) is set apart.
    #[doc(alias = "PetscSectionSetFieldDof")]
    pub fn set_field_dof(&mut self, point: Int, field: Int, n: Int) -> Result<()> {
        self.change(Count::FieldDof(field), Change::Set, point, n)
    }

    /// Adds `n` dofs of field `field` at `point` (`PetscSectionAddFieldDof`).
    #[doc(alias = "PetscSectionAddFieldDof")]
    pub fn add_field_dof(&mut self, point: Int, field: Int, n: Int) -> Result<()> {
        self.change(Count::FieldDof(field), Change::Add, point, n)
    }

    /// The number of constrained dofs of field `field` at `point`
    /// (`PetscSectionGetFieldConstraintDof`).
    #[doc(alias = "PetscSectionGetFieldConstraintDof")]
    pub fn field_constraint_dof(&self, point: Int, field: Int) -> Result<Int> {
        self.count(Count::FieldConstraintDof(field), point)
    }

    /// Sets the number of constrained dofs of field `field` at `point`
    /// (`PetscSectionSetFieldConstraintDof`).
    #[doc(alias = "PetscSectionSetFieldConstraintDof")]
    pub fn set_field_constraint_dof(&mut self, point: Int, field: Int, n: Int) -> Result<()> {
        self.change(Count::FieldConstraintDof(field), Change::Set, point, n)
    }

    /// Adds `n` constrained dofs of field `field` at `point`
    /// (`PetscSectionAddFieldConstraintDof`).
    #[doc(alias = "PetscSectionAddFieldConstraintDof")]
    pub fn add_field_constraint_dof(&mut self, point: Int, field: Int, n: Int) -> Result<()> {
        self.change(Count::FieldConstraintDof(field), Change::Add, point, n)
    }

    fn count(&self, kind: Count, point: Int) -> Result<Int> {
        self.count_as(&format!("Section::{}", kind.name()), kind, point)
    }

    fn count_as(&self, ctx: &str, kind: Count, point: Int) -> Result<Int> {
        self.check_point(ctx, point)?;
        if let Some(f) = kind.field() {
            self.check_field(ctx, f)?;
        }
        let mut n: Int = 0;
        let (s, p) = (self.ptr, point);
        // SAFETY: live section; point (and field) checked.
        check(unsafe {
            match kind {
                Count::Dof => sys::PetscSectionGetDof(s, p, &mut n),
                Count::ConstraintDof => sys::PetscSectionGetConstraintDof(s, p, &mut n),
                Count::FieldDof(f) => sys::PetscSectionGetFieldDof(s, p, f, &mut n),
                Count::FieldConstraintDof(f) => {
                    sys::PetscSectionGetFieldConstraintDof(s, p, f, &mut n)
                }
            }
        })?;
        Ok(n)
    }

    fn change(&mut self, kind: Count, how: Change, point: Int, n: Int) -> Result<()> {
        let ctx = if how == Change::Set {
            "Section::set_*dof"
        } else {
            "Section::add_*dof"
        };
        let now = self.count(kind, point)?;
        let after = if how == Change::Set {
            Some(n)
        } else {
            now.checked_add(n)
        };
        if after.is_none_or(|v| v < 0) {
            return Err(Error::invalid(
                ctx,
                format!(
                    "{} at point {point} would become {}: it must not be negative",
                    kind.what(),
                    after.map_or("more than PetscInt holds".to_string(), |v| v.to_string())
                ),
            ));
        }
        // An addition sets the sum: PETSc's Add functions refuse a negative number from
        // 3.26 on, where the sum may still be one (removing dofs).
        let (s, p, v) = (self.ptr, point, after.unwrap_or(n));
        // SAFETY: live section; point (and field) checked by `count`, value checked.
        check(unsafe {
            match kind {
                Count::Dof => sys::PetscSectionSetDof(s, p, v),
                Count::ConstraintDof => sys::PetscSectionSetConstraintDof(s, p, v),
                Count::FieldDof(f) => sys::PetscSectionSetFieldDof(s, p, f, v),
                Count::FieldConstraintDof(f) => sys::PetscSectionSetFieldConstraintDof(s, p, f, v),
            }
        })
    }
}

impl Section {
    /// An empty section on `comm`, without chart or fields (`PetscSectionCreate`).
    #[doc(alias = "PetscSectionCreate")]
    pub fn new(comm: &Comm) -> Result<Section> {
        let mut s: sys::PetscSection = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new section.
        check(unsafe { sys::PetscSectionCreate(comm.as_raw(), &mut s) })?;
        Ok(Section::from_raw(comm.petsc(), s))
    }

    /// A deep copy: chart, fields, dofs, constraints and offsets (`PetscSectionClone`).
    #[doc(alias = "PetscSectionClone")]
    pub fn duplicate(&self) -> Result<Section> {
        let mut s: sys::PetscSection = std::ptr::null_mut();
        // SAFETY: live section; PETSc writes the copy.
        check(unsafe { sys::PetscSectionClone(self.ptr, &mut s) })?;
        Ok(Section::from_raw(&self.petsc, s))
    }

    /// Computes the offsets from the dofs, and prepares constraint storage
    /// (`PetscSectionSetUp`). Refused, with the section left as it was, when the dofs
    /// of the chart (or of one field) add up to more than `PetscInt` holds: the
    /// offsets would overflow.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut s = petsc::Section::new(&petsc.self_comm())?;
    /// s.set_chart(0, 2)?;
    /// s.set_dof(0, petsc::Int::MAX)?;
    /// s.set_dof(1, petsc::Int::MAX)?;
    /// let e = s.set_up().unwrap_err();
    /// let sum = 2 * i128::from(petsc::Int::MAX);
    /// assert!(e.to_string().contains(&format!("add up to {sum}, more than PetscInt")), "{e}");
    /// s.set_dof(1, 1)?;
    /// assert!(s.set_up().is_err()); // Int::MAX + 1
    /// s.set_dof(0, 2)?;
    /// s.set_up()?;
    /// assert_eq!(s.storage_size()?, 3);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscSectionSetUp")]
    pub fn set_up(&mut self) -> Result<()> {
        const CTX: &str = "Section::set_up";
        let chart = self.chart()?;
        let nf = self.num_fields()?;
        for field in std::iter::once(None).chain((0..nf).map(Some)) {
            let mut total: i128 = 0;
            for p in chart.clone() {
                let mut n: Int = 0;
                // SAFETY: live section; `p` in its chart and `field` below its count.
                check(unsafe {
                    match field {
                        None => sys::PetscSectionGetDof(self.ptr, p, &mut n),
                        Some(f) => sys::PetscSectionGetFieldDof(self.ptr, p, f, &mut n),
                    }
                })?;
                total += i128::from(n);
            }
            if total > i128::from(Int::MAX) {
                let what = field.map_or("the chart".to_string(), |f| format!("field {f}"));
                return Err(Error::out_of_range(
                    CTX,
                    format!(
                        "the dofs of {what} add up to {total}, more than PetscInt ({} bits) \
                         holds",
                        8 * std::mem::size_of::<Int>()
                    ),
                ));
            }
        }
        // SAFETY: live section whose offsets fit in PetscInt.
        check(unsafe { sys::PetscSectionSetUp(self.ptr) })
    }

    crate::methods! { for Section;
        /// Whether [`set_up`](Self::set_up) has run since the layout last changed.
        pub fn is_set_up(&self) -> bool
            = petscrs_PetscSectionIsSetUp as "petscrs_PetscSectionIsSetUp";

        /// Forgets the chart, fields and layout (`PetscSectionReset`).
        pub fn reset(&mut self) = PetscSectionReset as "PetscSectionReset";
    }

    /// The chart `start..end` (`PetscSectionGetChart`); `-1..-1` before one is set.
    #[doc(alias = "PetscSectionGetChart")]
    pub fn chart(&self) -> Result<Range<Int>> {
        let (mut a, mut b): (Int, Int) = (0, 0);
        // SAFETY: live section.
        check(unsafe { sys::PetscSectionGetChart(self.ptr, &mut a, &mut b) })?;
        Ok(a..b)
    }

    /// Sets the chart to the points `start..end` (`PetscSectionSetChart`), every point
    /// with no dofs. Set the number of fields first: that resets the section.
    #[doc(alias = "PetscSectionSetChart")]
    pub fn set_chart(&mut self, start: Int, end: Int) -> Result<()> {
        if start < 0 || end < start {
            return Err(Error::invalid(
                "Section::set_chart",
                format!("the chart {start}..{end} is not a range of non-negative points"),
            ));
        }
        // SAFETY: live section; a valid range.
        check(unsafe { sys::PetscSectionSetChart(self.ptr, start, end) })
    }

    crate::methods! { for Section;
        /// The number of fields (`PetscSectionGetNumFields`).
        pub fn num_fields(&self) -> Int = PetscSectionGetNumFields as "PetscSectionGetNumFields";
    }

    /// Splits the dofs into `n` fields (`PetscSectionSetNumFields`), each with one
    /// component. This resets the section: call it before [`set_chart`](Self::set_chart).
    #[doc(alias = "PetscSectionSetNumFields")]
    pub fn set_num_fields(&mut self, n: Int) -> Result<()> {
        if n < 1 {
            return Err(Error::invalid(
                "Section::set_num_fields",
                format!("{n} fields: a section has at least one"),
            ));
        }
        // SAFETY: live section.
        check(unsafe { sys::PetscSectionSetNumFields(self.ptr, n) })
    }

    /// The name of field `field` (`PetscSectionGetFieldName`).
    #[doc(alias = "PetscSectionGetFieldName")]
    pub fn field_name(&self, field: Int) -> Result<String> {
        self.check_field("Section::field_name", field)?;
        let mut p: *const std::os::raw::c_char = std::ptr::null();
        // SAFETY: live section; field checked; PETSc lends its string.
        check(unsafe { sys::PetscSectionGetFieldName(self.ptr, field, &mut p) })?;
        // SAFETY: PETSc's NUL-terminated string, or null.
        Ok(unsafe { owned(p) })
    }

    /// Names field `field` (`PetscSectionSetFieldName`).
    #[doc(alias = "PetscSectionSetFieldName")]
    pub fn set_field_name(&mut self, field: Int, name: &str) -> Result<()> {
        const CTX: &str = "Section::set_field_name";
        self.check_field(CTX, field)?;
        let n = c_string(CTX, name)?;
        // SAFETY: live section; field checked; PETSc copies the name.
        check(unsafe { sys::PetscSectionSetFieldName(self.ptr, field, n.as_ptr()) })
    }

    /// The number of components of field `field` (`PetscSectionGetFieldComponents`).
    #[doc(alias = "PetscSectionGetFieldComponents")]
    pub fn field_components(&self, field: Int) -> Result<Int> {
        self.check_field("Section::field_components", field)?;
        let mut n: Int = 0;
        // SAFETY: live section; field checked.
        check(unsafe { sys::PetscSectionGetFieldComponents(self.ptr, field, &mut n) })?;
        Ok(n)
    }

    /// Sets the number of components of field `field` (`PetscSectionSetFieldComponents`).
    #[doc(alias = "PetscSectionSetFieldComponents")]
    pub fn set_field_components(&mut self, field: Int, n: Int) -> Result<()> {
        const CTX: &str = "Section::set_field_components";
        self.check_field(CTX, field)?;
        if n < 1 {
            return Err(Error::invalid(
                CTX,
                format!("{n} components: a field has at least one"),
            ));
        }
        // SAFETY: live section; arguments checked.
        check(unsafe { sys::PetscSectionSetFieldComponents(self.ptr, field, n) })
    }

    /// The permutation of the chart that orders the storage, if one was set
    /// (`PetscSectionGetPermutation`).
    #[doc(alias = "PetscSectionGetPermutation")]
    pub fn permutation(&self) -> Result<Option<IndexSet>> {
        let mut is: sys::IS = std::ptr::null_mut();
        // SAFETY: live section; PETSc lends its index set, or null.
        check(unsafe { sys::PetscSectionGetPermutation(self.ptr, &mut is) })?;
        if is.is_null() {
            return Ok(None);
        }
        // SAFETY: a live index set; the handle takes its own reference.
        unsafe { IndexSet::from_raw_borrowed(&self.petsc, is) }.map(Some)
    }

    /// Orders the storage of the points by `perm`, a permutation of `0..chart length`
    /// (`PetscSectionSetPermutation`); before [`set_up`](Self::set_up).
    #[doc(alias = "PetscSectionSetPermutation")]
    pub fn set_permutation(&mut self, perm: &IndexSet) -> Result<()> {
        const CTX: &str = "Section::set_permutation";
        let c = self.chart()?;
        let n = (c.end - c.start).max(0);
        let mut idx = perm.indices()?.to_vec();
        idx.sort_unstable();
        if idx.len() as Int != n || idx.iter().enumerate().any(|(k, &i)| i != k as Int) {
            return Err(Error::invalid(
                CTX,
                format!("the index set is not a permutation of 0..{n}, the chart's length"),
            ));
        }
        if self.is_set_up()? {
            return Err(Error::invalid(
                CTX,
                "the section is set up; set the permutation before set_up",
            ));
        }
        // SAFETY: live section and index set, checked.
        check(unsafe { sys::PetscSectionSetPermutation(self.ptr, perm.as_raw()) })
    }

    /// The constrained dofs of `point`, as indices among its dofs
    /// (`PetscSectionGetConstraintIndices`); after [`set_up`](Self::set_up).
    #[doc(alias = "PetscSectionGetConstraintIndices")]
    pub fn constraint_indices(&self, point: Int) -> Result<Vec<Int>> {
        const CTX: &str = "Section::constraint_indices";
        let n = self.constraint_dof(point)?;
        self.check_set_up(CTX)?;
        let mut p: *const Int = std::ptr::null();
        // SAFETY: live, set-up section; point checked; PETSc lends `n` indices.
        check(unsafe { sys::PetscSectionGetConstraintIndices(self.ptr, point, &mut p) })?;
        // SAFETY: as above.
        Ok(unsafe { lent(p, n) })
    }

    /// Sets which dofs of `point` are constrained: one index per constrained dof, each
    /// among the point's dofs (`PetscSectionSetConstraintIndices`); after
    /// [`set_up`](Self::set_up).
    #[doc(alias = "PetscSectionSetConstraintIndices")]
    pub fn set_constraint_indices(&mut self, point: Int, indices: &[Int]) -> Result<()> {
        const CTX: &str = "Section::set_constraint_indices";
        let (n, dof) = (self.constraint_dof(point)?, self.dof(point)?);
        self.check_set_up(CTX)?;
        check_indices(CTX, point, indices, n, dof)?;
        // SAFETY: live, set-up section; `indices` holds the point's `n` constrained
        // dofs, each checked, copied.
        check(unsafe { sys::PetscSectionSetConstraintIndices(self.ptr, point, indices.as_ptr()) })
    }

    /// The constrained dofs of `point` in field `field`, as indices among the field's dofs
    /// there (`PetscSectionGetFieldConstraintIndices`); after [`set_up`](Self::set_up).
    #[doc(alias = "PetscSectionGetFieldConstraintIndices")]
    pub fn field_constraint_indices(&self, point: Int, field: Int) -> Result<Vec<Int>> {
        const CTX: &str = "Section::field_constraint_indices";
        let n = self.field_constraint_dof(point, field)?;
        self.check_set_up(CTX)?;
        let mut p: *const Int = std::ptr::null();
        // SAFETY: live, set-up section; point and field checked; PETSc lends `n` indices.
        check(unsafe {
            sys::PetscSectionGetFieldConstraintIndices(self.ptr, point, field, &mut p)
        })?;
        // SAFETY: as above.
        Ok(unsafe { lent(p, n) })
    }

    /// Sets which dofs of field `field` at `point` are constrained
    /// (`PetscSectionSetFieldConstraintIndices`); after [`set_up`](Self::set_up).
    #[doc(alias = "PetscSectionSetFieldConstraintIndices")]
    pub fn set_field_constraint_indices(
        &mut self,
        point: Int,
        field: Int,
        indices: &[Int],
    ) -> Result<()> {
        const CTX: &str = "Section::set_field_constraint_indices";
        let n = self.field_constraint_dof(point, field)?;
        let dof = self.field_dof(point, field)?;
        self.check_set_up(CTX)?;
        check_indices(CTX, point, indices, n, dof)?;
        // SAFETY: as in `set_constraint_indices`, for the field.
        check(unsafe {
            sys::PetscSectionSetFieldConstraintIndices(self.ptr, point, field, indices.as_ptr())
        })
    }

    /// The most dofs at any point (`PetscSectionGetMaxDof`).
    #[doc(alias = "PetscSectionGetMaxDof")]
    pub fn max_dof(&self) -> Result<Int> {
        self.int_of(sys::PetscSectionGetMaxDof)
    }

    /// The number of values the layout stores, constrained dofs included
    /// (`PetscSectionGetStorageSize`).
    #[doc(alias = "PetscSectionGetStorageSize")]
    pub fn storage_size(&self) -> Result<Int> {
        self.int_of(sys::PetscSectionGetStorageSize)
    }

    /// The number of values without the constrained dofs
    /// (`PetscSectionGetConstrainedStorageSize`).
    #[doc(alias = "PetscSectionGetConstrainedStorageSize")]
    pub fn constrained_storage_size(&self) -> Result<Int> {
        self.int_of(sys::PetscSectionGetConstrainedStorageSize)
    }

    /// Where the values of `point` start in storage (`PetscSectionGetOffset`); in a
    /// global section, `-(offset + 1)` for points another rank owns. After
    /// [`set_up`](Self::set_up), which computes the offsets (refused before).
    #[doc(alias = "PetscSectionGetOffset")]
    pub fn offset(&self, point: Int) -> Result<Int> {
        self.check_point("Section::offset", point)?;
        self.check_set_up("Section::offset")?;
        let mut o: Int = 0;
        // SAFETY: live section; point checked.
        check(unsafe { sys::PetscSectionGetOffset(self.ptr, point, &mut o) })?;
        Ok(o)
    }

    /// Sets where the values of `point` start (`PetscSectionSetOffset`), overriding
    /// [`set_up`](Self::set_up)'s layout.
    #[doc(alias = "PetscSectionSetOffset")]
    pub fn set_offset(&mut self, point: Int, offset: Int) -> Result<()> {
        self.check_point("Section::set_offset", point)?;
        // SAFETY: live section; point checked.
        check(unsafe { sys::PetscSectionSetOffset(self.ptr, point, offset) })
    }

    /// Where the values of field `field` at `point` start in storage
    /// (`PetscSectionGetFieldOffset`); after [`set_up`](Self::set_up).
    #[doc(alias = "PetscSectionGetFieldOffset")]
    pub fn field_offset(&self, point: Int, field: Int) -> Result<Int> {
        const CTX: &str = "Section::field_offset";
        self.check_point(CTX, point)?;
        self.check_field(CTX, field)?;
        self.check_set_up(CTX)?;
        let mut o: Int = 0;
        // SAFETY: live section; point and field checked.
        check(unsafe { sys::PetscSectionGetFieldOffset(self.ptr, point, field, &mut o) })?;
        Ok(o)
    }

    /// Sets where the values of field `field` at `point` start
    /// (`PetscSectionSetFieldOffset`).
    #[doc(alias = "PetscSectionSetFieldOffset")]
    pub fn set_field_offset(&mut self, point: Int, field: Int, offset: Int) -> Result<()> {
        const CTX: &str = "Section::set_field_offset";
        self.check_point(CTX, point)?;
        self.check_field(CTX, field)?;
        // SAFETY: live section; point and field checked.
        check(unsafe { sys::PetscSectionSetFieldOffset(self.ptr, point, field, offset) })
    }

    /// The range of offsets this rank's points use (`PetscSectionGetOffsetRange`); after
    /// [`set_up`](Self::set_up).
    #[doc(alias = "PetscSectionGetOffsetRange")]
    pub fn offset_range(&self) -> Result<Range<Int>> {
        self.check_set_up("Section::offset_range")?;
        let (mut a, mut b): (Int, Int) = (0, 0);
        // SAFETY: live section.
        check(unsafe { sys::PetscSectionGetOffsetRange(self.ptr, &mut a, &mut b) })?;
        Ok(a..b)
    }

    /// The global section of this local one (`PetscSectionCreateGlobalSection`;
    /// collective): `point_sf` has a root for each point of the chart and a leaf for
    /// each point this rank holds but another owns; those points get offsets `-(offset + 1)`, the owned ones the global offsets
    /// of their values, constrained dofs left out.
    ///
    /// ```
    /// use petsc::{Section, StarForest};
    /// let petsc = petsc::Petsc::init()?;
    /// let comm = petsc.self_comm();
    /// let mut s = Section::new(&comm)?;
    /// s.set_chart(0, 3)?;
    /// for p in 0..3 {
    ///     s.set_dof(p, 2)?;
    /// }
    /// s.set_constraint_dof(1, 1)?;
    /// s.set_up()?;
    /// let mut sf = StarForest::new(&comm)?;
    /// sf.set_graph(3, None, &[])?; // one rank: no point is another's
    /// let g = s.create_global_section(&sf)?;
    /// assert_eq!((g.offset(0)?, g.offset(1)?, g.offset(2)?), (0, 2, 3));
    /// assert_eq!(g.constrained_storage_size()?, 5);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscSectionCreateGlobalSection")]
    pub fn create_global_section(&self, point_sf: &StarForest) -> Result<Section> {
        const CTX: &str = "Section::create_global_section";
        let comm = crate::Object::comm(self);
        let local = (|| {
            self.check_set_up(CTX)?;
            let c = self.chart()?;
            let g = point_sf.graph()?;
            // PETSc indexes the section's points by the forest's roots and leaves:
            // roots cover the chart, and leaves stay within the roots.
            let extent = g.leaf_extent() as Int;
            if g.nroots < c.end || extent > g.nroots {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "the point forest has {} roots and leaves up to location {}; it needs a root for every point of the chart {}..{} and leaves among them",
                        g.nroots,
                        extent - 1,
                        c.start,
                        c.end
                    ),
                ));
            }
            Ok(())
        })();
        comm.agree(CTX, local)?;
        let mut s: sys::PetscSection = std::ptr::null_mut();
        let (sf, no) = (point_sf.as_raw(), sys::PETSC_BOOL_FALSE);
        #[cfg(not(petsc_3_21))]
        // SAFETY: live, set-up section and a forest within its chart; PETSc writes the
        // new section.
        let r = unsafe { sys::PetscSectionCreateGlobalSection(self.ptr, sf, no, no, &mut s) };
        // From 3.21 the local permutation carries over when asked to, as it always did.
        #[cfg(petsc_3_21)]
        // SAFETY: as above.
        let r = unsafe {
            let yes = sys::PETSC_BOOL_TRUE;
            sys::PetscSectionCreateGlobalSection(self.ptr, sf, yes, no, no, &mut s)
        };
        check(r)?;
        Ok(Section::from_raw(&self.petsc, s))
    }

    /// Prints the values of `v` point by point, as this section lays them out, field
    /// by field when it has fields (`PetscSectionVecView`; collective on the viewer):
    /// `(   p) dim  d offset   o` and the values of each point with values. `v` is a
    /// local vector of the section's layout: at least
    /// [`storage_size`](Self::storage_size) values on this rank.
    ///
    /// ```
    /// use petsc::{Section, Vector, Viewer};
    /// let petsc = petsc::Petsc::init()?;
    /// let comm = petsc.self_comm();
    /// let mut s = Section::new(&comm)?;
    /// s.set_chart(0, 2)?;
    /// s.set_dof(1, 2)?;
    /// s.set_up()?;
    /// let mut v = Vector::new_seq(&comm, 2)?;
    /// v.set(3.0)?;
    /// s.vec_view(&v, &Viewer::ascii_stdout(&comm)?)?;
    /// let short = Vector::new_seq(&comm, 1)?;
    /// assert!(s.vec_view(&short, &Viewer::ascii_stdout(&comm)?).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscSectionVecView")]
    pub fn vec_view(&self, v: &Vector, viewer: &dyn AsViewer) -> Result<()> {
        const CTX: &str = "Section::vec_view";
        let local = (|| {
            self.check_set_up(CTX)?;
            let need = self.storage_size()?;
            let have = v.local_size()?;
            if have < need {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "the vector has {have} values on this rank; the section lays out {need}"
                    ),
                ));
            }
            Ok(())
        })();
        crate::Object::comm(v).agree(CTX, local)?;
        // SAFETY: live section (set up), vector holding its storage (checked) and viewer
        // (a live `Viewer`, the trait being sealed); PETSc only reads them.
        check(unsafe { sys::PetscSectionVecView(self.ptr, v.as_raw(), viewer.raw_viewer()) })
    }

    fn int_of(
        &self,
        f: unsafe extern "C" fn(sys::PetscSection, *mut Int) -> sys::PetscErrorCode,
    ) -> Result<Int> {
        let mut n: Int = 0;
        // SAFETY: live section; `f` is one of PETSc's integer getters.
        check(unsafe { f(self.ptr, &mut n) })?;
        Ok(n)
    }

    fn check_point(&self, ctx: &str, point: Int) -> Result<()> {
        let c = self.chart()?;
        if c.contains(&point) {
            Ok(())
        } else if c.start < 0 {
            Err(Error::invalid(
                ctx,
                format!("point {point}: the section has no chart yet (set_chart)"),
            ))
        } else {
            Err(Error::out_of_range(
                ctx,
                format!("point {point} is outside the chart {}..{}", c.start, c.end),
            ))
        }
    }

    fn check_field(&self, ctx: &str, field: Int) -> Result<()> {
        let n = self.num_fields()?;
        if (0..n).contains(&field) {
            Ok(())
        } else {
            Err(Error::out_of_range(
                ctx,
                format!("field {field}: the section has {n} fields (set_num_fields)"),
            ))
        }
    }

    pub(crate) fn check_set_up(&self, ctx: &str) -> Result<()> {
        if self.is_set_up()? {
            Ok(())
        } else {
            Err(Error::invalid(ctx, "the section is not set up (set_up)"))
        }
    }
}

/// Checks constraint indices: `n` of them, each in `0..dof`.
fn check_indices(ctx: &str, point: Int, indices: &[Int], n: Int, dof: Int) -> Result<()> {
    if indices.len() as Int != n {
        return Err(Error::size_mismatch(
            ctx,
            format!(
                "{} indices for the {n} constrained dofs of point {point}",
                indices.len()
            ),
        ));
    }
    if let Some(&i) = indices.iter().find(|&&i| i < 0 || i >= dof) {
        return Err(Error::out_of_range(
            ctx,
            format!("constraint index {i} at point {point}: the point has {dof} dofs"),
        ));
    }
    Ok(())
}

/// Copies `n` integers PETSc lent (none when the pointer is null).
///
/// # Safety
/// `p` is null or points to `n` integers.
unsafe fn lent(p: *const Int, n: Int) -> Vec<Int> {
    if p.is_null() || n <= 0 {
        return Vec::new();
    }
    // SAFETY: the caller guarantees `n` integers.
    unsafe { std::slice::from_raw_parts(p, n as usize) }.to_vec()
}

/// Star-forest operations on sections (here, beside [`Section`], which they need).
impl StarForest {
    /// Lays out on the leaves what `root_section` lays out on the roots
    /// (`PetscSFDistributeSection`; collective): this forest maps points (roots: the
    /// points of `root_section` on their owners; leaves: their copies). Returns the new
    /// leaf section, whose chart spans this rank's leaves, and for each of its points the
    /// offset of its values at the root (the `remote_offsets` that
    /// [`create_section_sf`](Self::create_section_sf) takes).
    ///
    /// ```
    /// use petsc::{Section, SfNode, StarForest};
    /// let petsc = petsc::Petsc::init()?;
    /// let comm = petsc.self_comm();
    /// let mut roots = Section::new(&comm)?;
    /// roots.set_chart(0, 3)?;
    /// for p in 0..3 {
    ///     roots.set_dof(p, p + 1)?; // 1, 2, 3 values: offsets 0, 1, 3
    /// }
    /// roots.set_up()?;
    /// // Two leaf points: copies of points 2 and 0.
    /// let mut points = StarForest::new(&comm)?;
    /// points.set_graph(3, None, &[SfNode { rank: 0, index: 2 }, SfNode { rank: 0, index: 0 }])?;
    /// let (leaves, remote_offsets) = points.distribute_section(&roots)?;
    /// assert_eq!((leaves.dof(0)?, leaves.dof(1)?), (3, 1));
    /// assert_eq!(remote_offsets, [3, 0]);
    /// // The forest of values: leaf values 0..4 come from root values 3, 4, 5 and 0.
    /// let values = points.create_section_sf(&roots, &remote_offsets, &leaves)?;
    /// let mut got = [0 as petsc::Int; 4];
    /// values.bcast(&[10, 11, 12, 13, 14, 15], &mut got, petsc::SfOp::Replace)?;
    /// assert_eq!(got, [13, 14, 15, 10]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscSFDistributeSection")]
    pub fn distribute_section(&self, root_section: &Section) -> Result<(Section, Vec<Int>)> {
        const CTX: &str = "StarForest::distribute_section";
        let comm = crate::Object::comm(self);
        let local = self.check_root_section(CTX, root_section);
        comm.agree(CTX, local)?;
        let leaf = Section::new(&comm)?;
        let mut offsets: *mut Int = std::ptr::null_mut();
        // SAFETY: live forest and sections; the root section covers the forest's roots
        // (checked); PETSc allocates the offsets, one per leaf point, freed below.
        check(unsafe {
            sys::PetscSFDistributeSection(self.ptr, root_section.ptr, &mut offsets, leaf.ptr)
        })?;
        let c = leaf.chart()?;
        let n = (c.end - c.start).max(0);
        // SAFETY: PETSc allocated one offset per point of the leaf chart.
        let out = unsafe { lent(offsets, n) };
        // SAFETY: allocated by PETSc for the caller.
        check(unsafe { sys::petscrs_PetscFree(offsets.cast()) })?;
        Ok((leaf, out))
    }

    /// Where the values of each leaf point start at its root
    /// (`PetscSFCreateRemoteOffsets`; collective): this forest maps points (roots: the
    /// points of `root_section`; leaves: points of `leaf_section`'s chart), and the
    /// result holds, for each point of `leaf_section`'s chart, the offset of its root's
    /// values in `root_section` (0 for a point that is no leaf), as
    /// [`create_section_sf`](Self::create_section_sf) takes them. For a mesh's halo,
    /// both sections are its local section and the forest its point SF.
    ///
    /// A forest without a graph (a DM's point star forest on one rank, where no point
    /// is shared) has no leaves: every offset is 0. Otherwise `root_section` must be set
    /// up, with a chart from 0 within the forest's roots, and every leaf must lie in
    /// `leaf_section`'s chart: else an `Err` on every rank.
    ///
    /// ```
    /// use petsc::{Section, SfNode, SfOp, StarForest};
    /// let petsc = petsc::Petsc::init()?;
    /// let comm = petsc.self_comm();
    /// // Four points of 1, 2, 1, 2 values; points 2 and 3 are copies of 0 and 1.
    /// let mut s = Section::new(&comm)?;
    /// s.set_chart(0, 4)?;
    /// for p in 0..4 {
    ///     s.set_dof(p, p % 2 + 1)?;
    /// }
    /// s.set_up()?;
    /// let mut points = StarForest::new(&comm)?;
    /// let node = |index| SfNode { rank: 0, index };
    /// points.set_graph(4, Some(&[2, 3]), &[node(0), node(1)])?;
    /// let remote_offsets = points.create_remote_offsets(&s, &s)?;
    /// assert_eq!(remote_offsets, [0, 0, 0, 1]);
    /// let values = points.create_section_sf(&s, &remote_offsets, &s)?;
    /// let mut data = [1.0, 2.0, 3.0, 0.0, 0.0, 0.0];
    /// values.bcast_in_place(&mut data, SfOp::Replace)?;
    /// assert_eq!(data, [1.0, 2.0, 3.0, 1.0, 2.0, 3.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscSFCreateRemoteOffsets")]
    pub fn create_remote_offsets(
        &self,
        root_section: &Section,
        leaf_section: &Section,
    ) -> Result<Vec<Int>> {
        const CTX: &str = "StarForest::create_remote_offsets";
        let comm = crate::Object::comm(self);
        let local = (|| {
            let lc = leaf_section.chart()?;
            let n = (lc.end - lc.start).max(0);
            if !self.has_graph()? {
                return Ok(None);
            }
            let g = self.graph()?;
            root_section.check_set_up(CTX)?;
            let rc = root_section.chart()?;
            // PETSc selects the roots of the root chart and indexes the root offsets by
            // root number.
            if rc.start != 0 || rc.end > g.nroots {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "the root section's chart is {}..{}; it must run from 0 within the forest's {} roots",
                        rc.start, rc.end, g.nroots
                    ),
                ));
            }
            let leaves: Vec<Int> = match &g.leaves {
                Some(l) => l.clone(),
                None => (0..g.remotes.len() as Int).collect(),
            };
            if let Some(l) = leaves.iter().find(|l| !lc.contains(l)) {
                return Err(Error::out_of_range(
                    CTX,
                    format!(
                        "leaf {l} is outside the leaf section's chart {}..{}",
                        lc.start, lc.end
                    ),
                ));
            }
            Ok(Some(n))
        })();
        let Some(n) = comm.agree(CTX, local)? else {
            let lc = leaf_section.chart()?;
            return Ok(vec![0; (lc.end - lc.start).max(0) as usize]);
        };
        let mut offsets: *mut Int = std::ptr::null_mut();
        // SAFETY: live forest with a graph and live sections: the root chart runs from 0
        // within the roots and every leaf lies in the leaf chart (checked); PETSc
        // allocates one offset per leaf-chart point, freed below.
        check(unsafe {
            sys::PetscSFCreateRemoteOffsets(
                self.ptr,
                root_section.ptr,
                leaf_section.ptr,
                &mut offsets,
            )
        })?;
        // SAFETY: PETSc allocated one offset per point of the leaf chart (or nothing).
        let out = unsafe { lent(offsets, n) };
        // SAFETY: allocated by PETSc for the caller (freeing null does nothing).
        check(unsafe { sys::petscrs_PetscFree(offsets.cast()) })?;
        Ok(if out.is_empty() {
            vec![0; n as usize]
        } else {
            out
        })
    }

    /// The forest of values that this forest of points induces
    /// (`PetscSFCreateSectionSF`; collective): a leaf for each value of `leaf_section`,
    /// attached to the value of its point at the root. `remote_offsets` holds, for each
    /// point of the leaf chart, where its values start at the root, as
    /// [`distribute_section`](Self::distribute_section) returns them. Every remote value
    /// is checked against its owner's storage. A forest without a graph (a DM's point
    /// star forest on one rank) gives a forest of values without leaves, its roots the
    /// root section's storage.
    #[doc(alias = "PetscSFCreateSectionSF")]
    pub fn create_section_sf(
        &self,
        root_section: &Section,
        remote_offsets: &[Int],
        leaf_section: &Section,
    ) -> Result<StarForest> {
        const CTX: &str = "StarForest::create_section_sf";
        let comm = crate::Object::comm(self);
        let local = self.has_graph().and_then(|has_graph| {
            if has_graph {
                self.check_root_section(CTX, root_section)?;
            } else {
                root_section.check_set_up(CTX)?;
            }
            leaf_section.check_set_up(CTX)?;
            let c = leaf_section.chart()?;
            let n = (c.end - c.start).max(0) as usize;
            if remote_offsets.len() != n {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "{} remote offsets for the {n} points of the leaf chart {}..{}",
                        remote_offsets.len(),
                        c.start,
                        c.end
                    ),
                ));
            }
            Ok(has_graph)
        });
        if !comm.agree(CTX, local)? {
            // No point is shared: no value is.
            let mut values = StarForest::new(&comm)?;
            values.set_graph(root_section.storage_size()?, None, &[])?;
            return Ok(values);
        }
        let mut out: sys::PetscSF = std::ptr::null_mut();
        let offsets = remote_offsets.as_ptr().cast_mut();
        // SAFETY: live forest and set-up sections, checked; PETSc only reads the offsets
        // (one per leaf point) and writes the new forest.
        check(unsafe {
            sys::PetscSFCreateSectionSF(
                self.ptr,
                root_section.ptr,
                offsets,
                leaf_section.ptr,
                &mut out,
            )
        })?;
        let values = StarForest::from_raw(&self.petsc, out);
        // Offsets given by the caller decide where the leaves point: check them all.
        let g = values.graph()?;
        crate::sf::check_remote_indices(&comm, CTX, Some(g.nroots), &g.remotes)?;
        Ok(values)
    }

    /// Checks that a set-up `root` section covers this forest's roots from point 0.
    fn check_root_section(&self, ctx: &str, root: &Section) -> Result<()> {
        root.check_set_up(ctx)?;
        let c = root.chart()?;
        let g = self.graph()?;
        if c.start != 0 || c.end < g.nroots {
            return Err(Error::size_mismatch(
                ctx,
                format!(
                    "the root section's chart is {}..{}; it must run from 0 over the forest's {} roots",
                    c.start, c.end, g.nroots
                ),
            ));
        }
        Ok(())
    }
}
