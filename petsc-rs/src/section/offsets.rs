//! Storage sizes and offsets of a set-up section, the global section made over a point
//! star forest, and views of a vector laid out by the section.

use std::ops::Range;

use petsc_sys as sys;

use super::Section;
use crate::error::{Error, Result, check};
use crate::object::AsViewer;
use crate::scalar::Int;
use crate::sf::StarForest;
use crate::vec::Vector;

impl Section {
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
        let comm = crate::object::Object::comm(self);
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
        crate::object::Object::comm(v).agree(CTX, local)?;
        // SAFETY: live section (set up), vector holding its storage (checked) and viewer
        // (a live `Viewer`, the trait being sealed); PETSc only reads them.
        check(unsafe { sys::PetscSectionVecView(self.ptr, v.as_raw(), viewer.raw_viewer()) })
    }
}
