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
//!
//! - `mod.rs`: the [`Section`] handle, its chart, fields and permutation, and the
//!   checks of points, fields and constraint indices;
//! - `dofs.rs`: dofs and constrained dofs per point and per field, and constraint
//!   indices;
//! - `offsets.rs`: storage sizes, offsets, the global section and views of vectors laid
//!   out by a section;
//! - `of_sf.rs`: star-forest operations on sections (distribution, remote offsets,
//!   section star forests).

use std::ops::Range;

use petsc_sys as sys;

use crate::comm::Comm;
use crate::error::{Error, Result, c_string, check};
use crate::is::IndexSet;
use crate::object::{owned, petsc_handle};
use crate::scalar::Int;

mod dofs;
mod of_sf;
mod offsets;

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

    crate::methods![for Section;
        /// Whether [`set_up`](Self::set_up) has run since the layout last changed.
        pub fn is_set_up(&self) -> bool
            = petscrs_PetscSectionIsSetUp as "petscrs_PetscSectionIsSetUp";

        /// Forgets the chart, fields and layout (`PetscSectionReset`).
        pub fn reset(&mut self) = PetscSectionReset as "PetscSectionReset";
    ];

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
        // As PETSc: any range, negative points too; not a reversed one (PETSc would
        // allocate a negative number of entries).
        if end < start {
            return Err(Error::invalid(
                "Section::set_chart",
                format!("the chart {start}..{end} ends before it starts"),
            ));
        }
        // SAFETY: live section; a range of points.
        check(unsafe { sys::PetscSectionSetChart(self.ptr, start, end) })
    }

    crate::methods![for Section;
        /// The number of fields (`PetscSectionGetNumFields`).
        pub fn num_fields(&self) -> Int = PetscSectionGetNumFields as "PetscSectionGetNumFields";
    ];

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
}

impl Section {
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
        } else if (c.start, c.end) == (-1, -1) {
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
