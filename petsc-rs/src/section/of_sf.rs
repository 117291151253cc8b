//! Star-forest operations on sections: distributing a section over a forest, remote
//! offsets, and the forest of a section's dofs.

use petsc_sys as sys;

use super::{Section, lent};
use crate::error::{Error, Result, check};
use crate::scalar::Int;
use crate::sf::StarForest;

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
        let comm = crate::object::Object::comm(self);
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
        let comm = crate::object::Object::comm(self);
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
        let comm = crate::object::Object::comm(self);
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
