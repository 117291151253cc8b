//! Distributing a mesh over the ranks of its communicator: the first distribution, the
//! overlap of a distributed mesh, and the migration both are made of.

use petsc_sys as sys;

use super::Plex;
use crate::error::{Error, Result, check};
use crate::object::Object;
use crate::scalar::Int;
use crate::sf::StarForest;

impl Plex {
    /// This mesh spread over the ranks of its communicator by PETSc's partitioner
    /// (`DMPlexDistribute`; collective), with `overlap` layers of cells shared with
    /// neighbouring ranks, and the star forest that moved the points (from the old
    /// mesh's points, its roots, to the new mesh's, its leaves). `None` when nothing
    /// moved (one rank), as PETSc returns no mesh then: keep using this one.
    ///
    /// ```
    /// use petsc::Plex;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut mesh = Plex::box_mesh(&petsc.world()).dim(2).build()?;
    /// if let Some((parallel, _migration)) = mesh.distribute(0)? {
    ///     mesh = parallel;
    /// }
    /// assert!(mesh.distribute(-1).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexDistribute")]
    pub fn distribute(&self, overlap: Int) -> Result<Option<(Plex, StarForest)>> {
        self.migrate("Plex::distribute", overlap, sys::DMPlexDistribute, true)
    }

    /// Adds `overlap` more layers of cells shared with neighbouring ranks to a
    /// distributed mesh (`DMPlexDistributeOverlap`; collective), with the star forest
    /// that moved the points; `None` when nothing moved.
    ///
    /// On more than one rank, a mesh that was never distributed (its point star forest
    /// has no graph) is an `Err` on every rank: PETSc 3.18 to 3.26 crash on it. Use
    /// [`distribute`](Self::distribute) with the overlap wanted instead.
    #[doc(alias = "DMPlexDistributeOverlap")]
    pub fn distribute_overlap(&self, overlap: Int) -> Result<Option<(Plex, StarForest)>> {
        self.migrate(
            "Plex::distribute_overlap",
            overlap,
            sys::DMPlexDistributeOverlap,
            false,
        )
    }

    /// The body of [`distribute`](Self::distribute) and
    /// [`distribute_overlap`](Self::distribute_overlap): checks on every rank, then
    /// `f(dm, overlap, &sf, &new)`; `partitions` when `f` runs the partitioner.
    fn migrate(
        &self,
        ctx: &str,
        overlap: Int,
        f: unsafe extern "C" fn(
            sys::DM,
            Int,
            *mut sys::PetscSF,
            *mut sys::DM,
        ) -> sys::PetscErrorCode,
        partitions: bool,
    ) -> Result<Option<(Plex, StarForest)>> {
        // A layer past the mesh's cell count adds nothing, but PETSc would still make
        // every layer, one round of messages each: an overlap of Int::MAX never ends.
        let cells = self.height_stratum(0).map(|r| r.count() as i64);
        let total: i64 = self
            .comm()
            .all_gather_i64(*cells.as_ref().unwrap_or(&0))?
            .iter()
            .sum();
        let local = if overlap < 0 {
            Err(Error::invalid(
                ctx,
                format!("overlap is {overlap}; it must not be negative"),
            ))
        } else if crate::comm::wide(overlap) > total.max(1) {
            Err(Error::out_of_range(
                ctx,
                format!(
                    "overlap is {overlap}, more layers than the mesh's {total} cells \
                     (at most {} can add anything)",
                    total.max(1)
                ),
            ))
        } else {
            cells
                .and_then(|_| self.check_labels_in_chart(ctx))
                .and_then(|()| match partitions {
                    true => self.check_partitioner(ctx, None),
                    false => self.check_distributed(ctx),
                })
        };
        self.comm().agree(ctx, local)?;
        let mut sf: sys::PetscSF = std::ptr::null_mut();
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live plex; `f` is DMPlexDistribute or DMPlexDistributeOverlap, which
        // write a new DM and SF, or leave them null.
        check(unsafe { f(self.ptr, overlap, &mut sf, &mut d) })?;
        // Each non-null object is wrapped at once, so every reference is released.
        let sf = (!sf.is_null()).then(|| StarForest::from_raw(self.petsc(), sf));
        if d.is_null() {
            return Ok(None);
        }
        let plex = Plex::from_raw(self.petsc(), d);
        match sf {
            Some(sf) => Ok(Some((plex, sf))),
            None => Err(Error::invalid(
                ctx,
                "PETSc distributed the mesh without a migration star forest",
            )),
        }
    }

    /// Refuses to add overlap to a mesh that was never distributed on a communicator of
    /// more than one rank: its point star forest has no graph, whose root degrees
    /// `DMPlexDistributeOverlap` reads without checking (PETSc 3.18 to 3.26 crash in
    /// `DMPlexDistributeOwnership`, in builds without debugging).
    fn check_distributed(&self, ctx: &str) -> Result<()> {
        if self.comm().size() < 2 {
            return Ok(());
        }
        let mut sf: sys::PetscSF = std::ptr::null_mut();
        // SAFETY: live plex; PETSc writes a borrowed reference to its point SF.
        check(unsafe { sys::DMGetPointSF(self.ptr, &mut sf) })?;
        let mut roots: Int = -1;
        if !sf.is_null() {
            use std::ptr::null_mut;
            // SAFETY: a live SF; the root count is written, the other outputs not asked.
            check(unsafe {
                sys::PetscSFGetGraph(sf, &mut roots, null_mut(), null_mut(), null_mut())
            })?;
        }
        if roots < 0 {
            return Err(Error::invalid(
                ctx,
                "the mesh was never distributed (its point star forest has no graph): \
                 distribute it first (Plex::distribute with the overlap wanted); PETSc 3.18 \
                 to 3.26 crash adding overlap to it",
            ));
        }
        Ok(())
    }

    crate::methods![for Plex;
        /// Whether the mesh is spread over more than one rank (`DMPlexIsDistributed`;
        /// collective).
        pub fn is_distributed(&self) -> bool = DMPlexIsDistributed as "DMPlexIsDistributed";
    ];
}
