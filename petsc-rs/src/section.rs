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
use crate::error::{c_string, check, Error, Result};
use crate::is::IndexSet;
use crate::object::{owned, petsc_handle};
use crate::sf::StarForest;
use crate::Int;

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

/// Point-indexed integer properties: a getter, a setter refusing negative values, and
/// an adder refusing a negative result, each checking the point (and the field).
macro_rules! point_counts {
    ($( $what:literal: $get:ident, $set:ident, $add:ident
        = $cget:ident as $aget:literal, $cset:ident as $aset:literal,
          $cadd:ident as $aadd:literal $(, field $f:ident)?; )*) => {
        impl Section {
            $(
                #[doc = concat!("The number of ", $what, " at `point`",
                    $(" in field `", stringify!($f), "`",)? " (`", $aget, "`).")]
                #[doc(alias = $aget)]
                pub fn $get(&self, point: Int $(, $f: Int)?) -> Result<Int> {
                    const CTX: &str = concat!("Section::", stringify!($get));
                    self.check_point(CTX, point)?;
                    $(self.check_field(CTX, $f)?;)?
                    let mut n: Int = 0;
                    // SAFETY: live section; point (and field) checked.
                    check(unsafe { sys::$cget(self.ptr, point $(, $f)?, &mut n) })?;
                    Ok(n)
                }

                #[doc = concat!("Sets the number of ", $what, " at `point`",
                    $(" in field `", stringify!($f), "`",)?
                    " (`", $aset, "`); before [`set_up`](Self::set_up).")]
                #[doc(alias = $aset)]
                pub fn $set(&mut self, point: Int $(, $f: Int)?, n: Int) -> Result<()> {
                    const CTX: &str = concat!("Section::", stringify!($set));
                    self.check_point(CTX, point)?;
                    $(self.check_field(CTX, $f)?;)?
                    if n < 0 {
                        return Err(Error::invalid(
                            CTX,
                            format!("{n} {} at point {point}: it must not be negative", $what),
                        ));
                    }
                    // SAFETY: live section; arguments checked.
                    check(unsafe { sys::$cset(self.ptr, point $(, $f)?, n) })
                }

                #[doc = concat!("Adds `n` to the number of ", $what, " at `point`",
                    $(" in field `", stringify!($f), "`",)?
                    " (`", $aadd, "`); the result must not be negative.")]
                #[doc(alias = $aadd)]
                pub fn $add(&mut self, point: Int $(, $f: Int)?, n: Int) -> Result<()> {
                    const CTX: &str = concat!("Section::", stringify!($add));
                    let now = self.$get(point $(, $f)?)?;
                    if now.checked_add(n).map_or(true, |v| v < 0) {
                        return Err(Error::invalid(
                            CTX,
                            format!("{now} {} at point {point} plus {n} is negative or overflows", $what),
                        ));
                    }
                    // SAFETY: live section; arguments checked.
                    check(unsafe { sys::$cadd(self.ptr, point $(, $f)?, n) })
                }
            )*
        }
    };
}

point_counts! {
    "dofs": dof, set_dof, add_dof
        = PetscSectionGetDof as "PetscSectionGetDof",
          PetscSectionSetDof as "PetscSectionSetDof",
          PetscSectionAddDof as "PetscSectionAddDof";
    "constrained dofs": constraint_dof, set_constraint_dof, add_constraint_dof
        = PetscSectionGetConstraintDof as "PetscSectionGetConstraintDof",
          PetscSectionSetConstraintDof as "PetscSectionSetConstraintDof",
          PetscSectionAddConstraintDof as "PetscSectionAddConstraintDof";
    "dofs": field_dof, set_field_dof, add_field_dof
        = PetscSectionGetFieldDof as "PetscSectionGetFieldDof",
          PetscSectionSetFieldDof as "PetscSectionSetFieldDof",
          PetscSectionAddFieldDof as "PetscSectionAddFieldDof", field field;
    "constrained dofs": field_constraint_dof, set_field_constraint_dof, add_field_constraint_dof
        = PetscSectionGetFieldConstraintDof as "PetscSectionGetFieldConstraintDof",
          PetscSectionSetFieldConstraintDof as "PetscSectionSetFieldConstraintDof",
          PetscSectionAddFieldConstraintDof as "PetscSectionAddFieldConstraintDof", field field;
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
    #[allow(clippy::should_implement_trait)]
    pub fn clone(&self) -> Result<Section> {
        let mut s: sys::PetscSection = std::ptr::null_mut();
        // SAFETY: live section; PETSc writes the copy.
        check(unsafe { sys::PetscSectionClone(self.ptr, &mut s) })?;
        Ok(Section::from_raw(&self.petsc, s))
    }

    /// Computes the offsets from the dofs, and prepares constraint storage
    /// (`PetscSectionSetUp`).
    #[doc(alias = "PetscSectionSetUp")]
    pub fn set_up(&mut self) -> Result<()> {
        // SAFETY: live section.
        check(unsafe { sys::PetscSectionSetUp(self.ptr) })
    }

    /// Whether [`set_up`](Self::set_up) has run since the layout last changed.
    pub fn is_set_up(&self) -> Result<bool> {
        let mut b = sys::PETSC_BOOL_FALSE;
        // SAFETY: live section.
        check(unsafe { sys::petscrs_PetscSectionIsSetUp(self.ptr, &mut b) })?;
        Ok(b == sys::PETSC_BOOL_TRUE)
    }

    /// Forgets the chart, fields and layout (`PetscSectionReset`).
    #[doc(alias = "PetscSectionReset")]
    pub fn reset(&mut self) -> Result<()> {
        // SAFETY: live section.
        check(unsafe { sys::PetscSectionReset(self.ptr) })
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

    /// The number of fields (`PetscSectionGetNumFields`).
    #[doc(alias = "PetscSectionGetNumFields")]
    pub fn num_fields(&self) -> Result<Int> {
        let mut n: Int = 0;
        // SAFETY: live section.
        check(unsafe { sys::PetscSectionGetNumFields(self.ptr, &mut n) })?;
        Ok(n)
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
    /// global section, `-(offset + 1)` for points another rank owns.
    #[doc(alias = "PetscSectionGetOffset")]
    pub fn offset(&self, point: Int) -> Result<Int> {
        self.check_point("Section::offset", point)?;
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
    /// (`PetscSectionGetFieldOffset`).
    #[doc(alias = "PetscSectionGetFieldOffset")]
    pub fn field_offset(&self, point: Int, field: Int) -> Result<Int> {
        const CTX: &str = "Section::field_offset";
        self.check_point(CTX, point)?;
        self.check_field(CTX, field)?;
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

    /// The range of offsets this rank's points use (`PetscSectionGetOffsetRange`).
    #[doc(alias = "PetscSectionGetOffsetRange")]
    pub fn offset_range(&self) -> Result<Range<Int>> {
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
        // SAFETY: live, set-up section and a forest within its chart; PETSc writes the
        // new section.
        check(unsafe {
            sys::PetscSectionCreateGlobalSection(
                self.ptr,
                point_sf.as_raw(),
                sys::PETSC_BOOL_FALSE,
                sys::PETSC_BOOL_FALSE,
                &mut s,
            )
        })?;
        Ok(Section::from_raw(&self.petsc, s))
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

    fn check_set_up(&self, ctx: &str) -> Result<()> {
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
