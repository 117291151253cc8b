//! A mesh and the fields on it saved to an HDF5 file and read back (`DMPlexTopologyView`,
//! `DMPlexSectionLoad`, ...), piece by piece as petsc4py's `topologyView`/`topologyLoad`
//! do, so that a mesh saved on some ranks is read on others and the fields follow their
//! points.
//!
//! Saving: [`topology_view`](Plex::topology_view), [`coordinates_view`](Plex::coordinates_view),
//! [`labels_view`](Plex::labels_view) write the mesh under `/topologies/<mesh name>`;
//! [`section_view`](Plex::section_view) writes the layout of a *section DM* (a
//! [`clone_dm`](crate::DmBase::clone_dm) of the mesh carrying the layout, named: the name
//! is the key in the file), and [`global_vector_view`](Plex::global_vector_view) /
//! [`local_vector_view`](Plex::local_vector_view) a vector of it, under the vector's name.
//!
//! Loading, on a new mesh of the same name: [`topology_load`](Plex::topology_load) returns
//! the star forest from the file's points to the mesh's; distribute the mesh and
//! [`compose_with`](crate::StarForest::compose_with) that forest with the migration one, then
//! [`coordinates_load`](Plex::coordinates_load), [`labels_load`](Plex::labels_load) and
//! [`section_load`](Plex::section_load) take it; the last returns the forests that
//! [`global_vector_load`](Plex::global_vector_load) and
//! [`local_vector_load`](Plex::local_vector_load) take.
//!
//! Every star forest, section DM and vector is checked against the mesh before PETSc
//! uses it to index arrays, and every group is looked up in the file first, so a wrong
//! name is an `Err` naming it.

use petsc_sys as sys;

use super::Plex;
use crate::dm::DmBase;
use crate::error::{Error, Result, check};
use crate::object::Object;
use crate::scalar::Int;
use crate::sf::StarForest;
use crate::vec::Vector;
use crate::viewer::{FileMode, Hdf5Viewer};

/// Which way a viewer is used.
#[derive(Clone, Copy)]
enum Io {
    Save,
    Load,
}

impl Plex {
    /// An `Err` unless `viewer` was opened for `io` (writing or appending to save,
    /// reading to load), the same on every rank.
    fn check_mode(&self, ctx: &str, viewer: &Hdf5Viewer, io: Io) -> Result<()> {
        let mode = viewer.file_mode()?;
        let ok = match io {
            Io::Save => matches!(mode, Some(FileMode::Write) | Some(FileMode::Append)),
            Io::Load => matches!(mode, Some(FileMode::Read)),
        };
        if ok {
            return Ok(());
        }
        Err(Error::invalid(
            ctx,
            format!(
                "the HDF5 viewer is opened {}; {}",
                match mode {
                    Some(FileMode::Read) => "for reading",
                    Some(FileMode::Write) => "for writing",
                    Some(FileMode::Append) => "for appending",
                    _ => "with no mode",
                },
                match io {
                    Io::Save => "saving needs FileMode::Write or FileMode::Append",
                    Io::Load => "loading needs FileMode::Read",
                }
            ),
        ))
    }

    /// The group of this mesh in an HDF5 file: `/topologies/<name>`.
    fn topology_group(&self) -> Result<String> {
        Ok(format!("/topologies/{}", self.name()?))
    }

    /// An `Err` unless the file has one of the groups `paths` (PETSc's storage
    /// versions 1 and 2 put the mesh in different places), naming `what` and the paths.
    fn require_group(ctx: &str, viewer: &Hdf5Viewer, paths: &[&str], what: &str) -> Result<()> {
        for p in paths {
            if viewer.has_group(p)? {
                return Ok(());
            }
        }
        Err(Error::invalid(
            ctx,
            format!(
                "the file {:?} has no {what} (none of the groups {paths:?}); an object is \
                 loaded under the name it was saved with",
                viewer.file_name()?
            ),
        ))
    }

    /// An `Err` unless `section_dm` lays values out on this mesh's points: the same
    /// chart, and the same point star forest (a [`clone_dm`](DmBase::clone_dm) of this
    /// mesh, or the mesh itself).
    fn check_section_dm(&self, ctx: &str, section_dm: &Plex) -> Result<()> {
        let (a, b) = (self.chart()?, section_dm.chart()?);
        if a != b {
            return Err(Error::invalid(
                ctx,
                format!(
                    "the section DM has the chart {}..{}, the mesh {}..{}: make it with clone_dm",
                    b.start, b.end, a.start, a.end
                ),
            ));
        }
        let raw = |sf: Option<StarForest>| sf.map(|s| s.as_raw());
        if raw(self.point_sf()?) != raw(section_dm.point_sf()?) {
            return Err(Error::invalid(
                ctx,
                "the section DM does not share the mesh's point star forest: make it with clone_dm",
            ));
        }
        Ok(())
    }

    /// An `Err` unless `sf` maps file points onto this mesh's: each of its leaves is a
    /// point of the chart, and each point of the chart is a leaf once (the forest
    /// [`topology_load`](Self::topology_load) returns, composed with the migrations
    /// since).
    fn check_point_load_sf(&self, ctx: &str, sf: &StarForest) -> Result<()> {
        let chart = self.chart()?;
        let g = sf.graph()?;
        let n = chart.end - chart.start;
        let mut seen = vec![false; n.max(0) as usize];
        let leaves: Vec<Int> = match &g.leaves {
            Some(l) => l.clone(),
            None => (0..g.remotes.len() as Int).collect(),
        };
        for &l in &leaves {
            if !chart.contains(&l) {
                return Err(Error::out_of_range(
                    ctx,
                    format!(
                        "the star forest has the leaf {l}, outside the mesh's chart {}..{}: \
                         give the forest topology_load returned (composed with the migrations since)",
                        chart.start, chart.end
                    ),
                ));
            }
            seen[(l - chart.start) as usize] = true;
        }
        if let Some(p) = seen.iter().position(|s| !s) {
            return Err(Error::invalid(
                ctx,
                format!(
                    "point {} of the mesh is no leaf of the star forest: give the forest \
                     topology_load returned (composed with the migrations since)",
                    chart.start + p as Int
                ),
            ));
        }
        Ok(())
    }

    /// An `Err` unless `vec` has `n` local entries and `sf` writes within them.
    fn check_vector_size(
        ctx: &str,
        vec: &Vector,
        n: Int,
        what: &str,
        sf: Option<&StarForest>,
    ) -> Result<()> {
        let m = vec.local_size()?;
        if m != n {
            return Err(Error::size_mismatch(
                ctx,
                format!(
                    "the vector has {m} local entries; the section DM's {what} vectors have {n}"
                ),
            ));
        }
        if let Some(sf) = sf {
            let e = sf.graph()?.leaf_extent();
            if e > n as usize {
                return Err(Error::size_mismatch(
                    ctx,
                    format!(
                        "the star forest writes {e} entries, the vector has {n}: give the forest \
                         section_load returned for {what} vectors"
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The number of local entries of `section_dm`'s global (`global = true`) or local
    /// vectors.
    fn section_dm_size(ctx: &str, section_dm: &Plex, global: bool) -> Result<Int> {
        let s = if global {
            section_dm.global_section()?
        } else {
            section_dm.local_section()?
        };
        let s = s.ok_or_else(|| Error::invalid(ctx, "the section DM has no section"))?;
        if global {
            s.constrained_storage_size()
        } else {
            s.storage_size()
        }
    }

    /// Saves this mesh's points and cones to `viewer` under `/topologies/<mesh name>`
    /// (`DMPlexTopologyView`; collective). The mesh's name is the key to load it by.
    ///
    #[cfg_attr(petsc_have_hdf5, doc = "```")]
    #[cfg_attr(not(petsc_have_hdf5), doc = "```no_run")]
    /// use petsc::{DmBase, FileMode, Hdf5Viewer, Object, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let comm = petsc.self_comm();
    /// let path = std::env::temp_dir().join(format!("petsc-rs-plex-topo-doc-{}.h5", std::process::id()));
    /// let path = path.to_str().unwrap();
    /// let mut mesh = Plex::box_mesh(&comm).sizes([3, 2]).build()?;
    /// mesh.set_name("box")?;
    /// {
    ///     let h5 = Hdf5Viewer::new(&comm, path, FileMode::Write)?;
    ///     mesh.topology_view(&h5)?;
    ///     mesh.coordinates_view(&h5)?;
    ///     mesh.labels_view(&h5)?;
    /// }
    /// let h5 = Hdf5Viewer::new(&comm, path, FileMode::Read)?;
    /// let mut back = Plex::new(&comm)?;
    /// back.set_name("box")?;
    /// let sf = back.topology_load(&h5)?;
    /// back.coordinates_load(&h5, &sf)?;
    /// back.labels_load(&h5, &sf)?;
    /// assert_eq!(back.height_stratum(0)?.count(), 6);
    /// assert_eq!(back.coordinates()?.size()?, 24);
    /// # std::fs::remove_file(path).ok();
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexTopologyView")]
    pub fn topology_view(&self, viewer: &Hdf5Viewer) -> Result<()> {
        const CTX: &str = "Plex::topology_view";
        self.comm()
            .agree(CTX, self.check_mode(CTX, viewer, Io::Save))?;
        // SAFETY: live plex and HDF5 viewer opened for writing.
        check(unsafe { sys::DMPlexTopologyView(self.ptr, viewer.as_raw()) })
    }

    /// Saves this mesh's vertex coordinates to `viewer`, beside its topology
    /// (`DMPlexCoordinatesView`; collective).
    #[doc(alias = "DMPlexCoordinatesView")]
    pub fn coordinates_view(&self, viewer: &Hdf5Viewer) -> Result<()> {
        const CTX: &str = "Plex::coordinates_view";
        self.comm()
            .agree(CTX, self.check_mode(CTX, viewer, Io::Save))?;
        // SAFETY: live plex and HDF5 viewer opened for writing.
        check(unsafe { sys::DMPlexCoordinatesView(self.ptr, viewer.as_raw()) })
    }

    /// Saves this mesh's labels to `viewer`, beside its topology
    /// (`DMPlexLabelsView`; collective).
    #[doc(alias = "DMPlexLabelsView")]
    pub fn labels_view(&self, viewer: &Hdf5Viewer) -> Result<()> {
        const CTX: &str = "Plex::labels_view";
        let local = self
            .check_mode(CTX, viewer, Io::Save)
            .and_then(|_| self.check_labels_in_chart(CTX));
        self.comm().agree(CTX, local)?;
        // SAFETY: live plex whose labels mark points of its chart; HDF5 viewer opened
        // for writing.
        check(unsafe { sys::DMPlexLabelsView(self.ptr, viewer.as_raw()) })
    }

    /// Saves the layout of `section_dm` (a [`clone_dm`](DmBase::clone_dm) of this mesh
    /// with a local section, named: its name is the key to load it by) to `viewer`
    /// (`DMPlexSectionView`; collective). Save the topology first.
    ///
    #[cfg_attr(petsc_have_hdf5, doc = "```")]
    #[cfg_attr(not(petsc_have_hdf5), doc = "```no_run")]
    /// use petsc::{DmBase, FileMode, Hdf5Viewer, InsertMode, Object, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let comm = petsc.self_comm();
    /// let path = std::env::temp_dir().join(format!("petsc-rs-plex-sec-doc-{}.h5", std::process::id()));
    /// let path = path.to_str().unwrap();
    /// let mut mesh = Plex::box_mesh(&comm).sizes([2, 2]).build()?;
    /// mesh.set_name("box")?;
    /// let mut p1 = mesh.clone_dm()?;
    /// p1.set_name("P1")?;
    /// p1.set_local_section(&p1.create_section(&[1, 0, 0])?)?;
    /// let mut u = p1.create_global_vector()?;
    /// u.set_name("u")?;
    /// u.set(7.0)?;
    /// {
    ///     let h5 = Hdf5Viewer::new(&comm, path, FileMode::Write)?;
    ///     mesh.topology_view(&h5)?;
    ///     mesh.coordinates_view(&h5)?;
    ///     mesh.section_view(&h5, &p1)?;
    ///     mesh.global_vector_view(&h5, &p1, &u)?;
    /// }
    /// let h5 = Hdf5Viewer::new(&comm, path, FileMode::Read)?;
    /// let mut back = Plex::new(&comm)?;
    /// back.set_name("box")?;
    /// let sf = back.topology_load(&h5)?;
    /// back.coordinates_load(&h5, &sf)?;
    /// let mut q1 = back.clone_dm()?;
    /// q1.set_name("P1")?;
    /// let (global_sf, _local_sf) = back.section_load(&h5, &mut q1, &sf)?;
    /// let mut v = q1.create_global_vector()?;
    /// v.set_name("u")?;
    /// back.global_vector_load(&h5, &q1, &global_sf, &mut v)?;
    /// assert_eq!(v.sum()?, petsc::Scalar::from(63.0));
    /// # std::fs::remove_file(path).ok();
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexSectionView")]
    pub fn section_view(&self, viewer: &Hdf5Viewer, section_dm: &Plex) -> Result<()> {
        const CTX: &str = "Plex::section_view";
        // Collective (PETSc may make the section): on every rank, before any check.
        let size = Self::section_dm_size(CTX, section_dm, false);
        let local = self
            .check_mode(CTX, viewer, Io::Save)
            .and_then(|_| self.check_section_dm(CTX, section_dm))
            .and_then(|_| size.map(drop));
        self.comm().agree(CTX, local)?;
        // SAFETY: live plex, HDF5 viewer opened for writing, and a section DM on the
        // same points (checked above).
        check(unsafe { sys::DMPlexSectionView(self.ptr, viewer.as_raw(), section_dm.ptr) })
    }

    /// Saves the global vector `vec` of `section_dm` to `viewer` under the vector's name
    /// (`DMPlexGlobalVectorView`; collective). Save the section first
    /// ([`section_view`](Self::section_view)).
    #[doc(alias = "DMPlexGlobalVectorView")]
    pub fn global_vector_view(
        &self,
        viewer: &Hdf5Viewer,
        section_dm: &Plex,
        vec: &Vector,
    ) -> Result<()> {
        self.vector_view("Plex::global_vector_view", viewer, section_dm, vec, true)
    }

    /// Saves the local vector `vec` of `section_dm` to `viewer` under the vector's name
    /// (`DMPlexLocalVectorView`; collective): the values each point owns are written
    /// once. Save the section first.
    #[doc(alias = "DMPlexLocalVectorView")]
    pub fn local_vector_view(
        &self,
        viewer: &Hdf5Viewer,
        section_dm: &Plex,
        vec: &Vector,
    ) -> Result<()> {
        self.vector_view("Plex::local_vector_view", viewer, section_dm, vec, false)
    }

    fn vector_view(
        &self,
        ctx: &str,
        viewer: &Hdf5Viewer,
        section_dm: &Plex,
        vec: &Vector,
        global: bool,
    ) -> Result<()> {
        let what = if global { "global" } else { "local" };
        // Collective (PETSc may make the section): on every rank, before any check.
        let size = Self::section_dm_size(ctx, section_dm, global);
        let local = (|| {
            self.check_mode(ctx, viewer, Io::Save)?;
            self.check_section_dm(ctx, section_dm)?;
            let n = size?;
            Self::check_vector_size(ctx, vec, n, what, None)?;
            vec.borrow_shared(ctx)
        })();
        let _borrow = self.comm().agree(ctx, local)?;
        // SAFETY: live plex, HDF5 viewer opened for writing, a section DM on the same
        // points and a vector of its layout (checked above), not written meanwhile.
        check(unsafe {
            if global {
                sys::DMPlexGlobalVectorView(self.ptr, viewer.as_raw(), section_dm.ptr, vec.as_raw())
            } else {
                sys::DMPlexLocalVectorView(self.ptr, viewer.as_raw(), section_dm.ptr, vec.as_raw())
            }
        })
    }

    /// Reads the topology saved under this mesh's name into this new, empty mesh
    /// (`DMPlexTopologyLoad`; collective), and returns the star forest from the points
    /// in the file (its roots, spread evenly over the ranks) to this mesh's points (its
    /// leaves). PETSc lays the points out naively: distribute the mesh next, and
    /// [`compose_with`](StarForest::compose_with) this forest with the migration one before
    /// loading coordinates, labels and sections.
    ///
    /// A mesh that already has points, or a name the file does not have, is an `Err`.
    #[doc(alias = "DMPlexTopologyLoad")]
    pub fn topology_load(&mut self, viewer: &Hdf5Viewer) -> Result<StarForest> {
        const CTX: &str = "Plex::topology_load";
        // Names are collective when PETSc makes one up: on every rank, before any check.
        let v2 = format!("{}/topology", self.topology_group()?);
        let local = (|| {
            self.check_mode(CTX, viewer, Io::Load)?;
            let c = self.chart()?;
            if !c.is_empty() {
                return Err(Error::invalid(
                    CTX,
                    format!(
                        "the mesh already has the points {}..{}: load into a new mesh (Plex::new)",
                        c.start, c.end
                    ),
                ));
            }
            Self::require_group(
                CTX,
                viewer,
                &["/topology", &v2],
                "mesh topology of this name",
            )
        })();
        self.comm().agree(CTX, local)?;
        let mut sf: sys::PetscSF = std::ptr::null_mut();
        // SAFETY: live, empty plex and HDF5 viewer opened for reading, holding the
        // mesh's group; PETSc writes a new star forest (or leaves it null).
        let r = check(unsafe { sys::DMPlexTopologyLoad(self.ptr, viewer.as_raw(), &mut sf) });
        let sf = (!sf.is_null()).then(|| StarForest::from_raw(self.petsc(), sf));
        r?;
        sf.ok_or_else(|| Error::invalid(CTX, "PETSc loaded the topology without a star forest"))
    }

    /// Reads the vertex coordinates saved with this mesh's topology
    /// (`DMPlexCoordinatesLoad`; collective); `sf` is the forest from the file's points
    /// to this mesh's ([`topology_load`](Self::topology_load), composed with the
    /// migrations since).
    #[doc(alias = "DMPlexCoordinatesLoad")]
    pub fn coordinates_load(&mut self, viewer: &Hdf5Viewer, sf: &StarForest) -> Result<()> {
        const CTX: &str = "Plex::coordinates_load";
        // Names are collective when PETSc makes one up: on every rank, before any check.
        let v2 = format!("{}/dms/coordinateDM", self.topology_group()?);
        let local = (|| {
            self.check_mode(CTX, viewer, Io::Load)?;
            self.check_point_load_sf(CTX, sf)?;
            Self::require_group(CTX, viewer, &["/geometry", &v2], "coordinates of this mesh")
        })();
        self.comm().agree(CTX, local)?;
        // SAFETY: live plex, HDF5 viewer opened for reading, and a star forest whose
        // leaves are exactly the mesh's points (checked above).
        check(unsafe { sys::DMPlexCoordinatesLoad(self.ptr, viewer.as_raw(), sf.as_raw()) })
    }

    /// Reads the labels saved with this mesh's topology (`DMPlexLabelsLoad`;
    /// collective); `sf` as for [`coordinates_load`](Self::coordinates_load).
    #[doc(alias = "DMPlexLabelsLoad")]
    pub fn labels_load(&mut self, viewer: &Hdf5Viewer, sf: &StarForest) -> Result<()> {
        const CTX: &str = "Plex::labels_load";
        // Names are collective when PETSc makes one up: on every rank, before any check.
        let v2 = format!("{}/labels", self.topology_group()?);
        let local = (|| {
            self.check_mode(CTX, viewer, Io::Load)?;
            self.check_point_load_sf(CTX, sf)?;
            Self::require_group(CTX, viewer, &["/labels", &v2], "labels of this mesh")
        })();
        self.comm().agree(CTX, local)?;
        // SAFETY: live plex, HDF5 viewer opened for reading, and a star forest whose
        // leaves are exactly the mesh's points (checked above).
        check(unsafe { sys::DMPlexLabelsLoad(self.ptr, viewer.as_raw(), sf.as_raw()) })
    }

    /// Reads the layout saved under `section_dm`'s name into `section_dm` (a
    /// [`clone_dm`](DmBase::clone_dm) of this mesh, given a new, empty local section
    /// here) (`DMPlexSectionLoad`; collective); `sf` as for
    /// [`coordinates_load`](Self::coordinates_load). Returns the star forests from the
    /// saved values to `section_dm`'s global vectors and to its local vectors, for
    /// [`global_vector_load`](Self::global_vector_load) and
    /// [`local_vector_load`](Self::local_vector_load).
    #[doc(alias = "DMPlexSectionLoad")]
    pub fn section_load(
        &self,
        viewer: &Hdf5Viewer,
        section_dm: &mut Plex,
        sf: &StarForest,
    ) -> Result<(StarForest, StarForest)> {
        const CTX: &str = "Plex::section_load";
        // Names are collective when PETSc makes one up: on every rank, before any check.
        let g = format!("{}/dms/{}", self.topology_group()?, section_dm.name()?);
        let local = (|| {
            self.check_mode(CTX, viewer, Io::Load)?;
            self.check_section_dm(CTX, section_dm)?;
            self.check_point_load_sf(CTX, sf)?;
            Self::require_group(CTX, viewer, &[&g], "section DM of this name")
        })();
        self.comm().agree(CTX, local)?;
        // PETSc fills the section DM's local section: it must start empty (one PETSc
        // would make from the DM's fields is refused by PETSc's star forest checks).
        let s = crate::section::Section::new(&self.comm())?;
        section_dm.set_local_section(&s)?;
        let (mut gsf, mut lsf): (sys::PetscSF, sys::PetscSF) =
            (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live plex, HDF5 viewer opened for reading holding the section's group,
        // a section DM on the same points with an empty section, and a star forest whose
        // leaves are exactly the mesh's points (checked above); PETSc writes two new star
        // forests.
        let r = check(unsafe {
            sys::DMPlexSectionLoad(
                self.ptr,
                viewer.as_raw(),
                section_dm.ptr,
                sf.as_raw(),
                &mut gsf,
                &mut lsf,
            )
        });
        let gsf = (!gsf.is_null()).then(|| StarForest::from_raw(self.petsc(), gsf));
        let lsf = (!lsf.is_null()).then(|| StarForest::from_raw(self.petsc(), lsf));
        r?;
        match (gsf, lsf) {
            (Some(g), Some(l)) => Ok((g, l)),
            _ => Err(Error::invalid(
                CTX,
                "PETSc loaded the section without its star forests",
            )),
        }
    }

    /// Reads the vector saved under `vec`'s name into `vec`, a global vector of
    /// `section_dm` (`DMPlexGlobalVectorLoad`; collective); `sf` is the first forest
    /// [`section_load`](Self::section_load) returned.
    #[doc(alias = "DMPlexGlobalVectorLoad")]
    pub fn global_vector_load(
        &self,
        viewer: &Hdf5Viewer,
        section_dm: &Plex,
        sf: &StarForest,
        vec: &mut Vector,
    ) -> Result<()> {
        self.vector_load(
            "Plex::global_vector_load",
            viewer,
            section_dm,
            sf,
            vec,
            true,
        )
    }

    /// Reads the vector saved under `vec`'s name into `vec`, a local vector of
    /// `section_dm` (`DMPlexLocalVectorLoad`; collective); `sf` is the second forest
    /// [`section_load`](Self::section_load) returned.
    #[doc(alias = "DMPlexLocalVectorLoad")]
    pub fn local_vector_load(
        &self,
        viewer: &Hdf5Viewer,
        section_dm: &Plex,
        sf: &StarForest,
        vec: &mut Vector,
    ) -> Result<()> {
        self.vector_load(
            "Plex::local_vector_load",
            viewer,
            section_dm,
            sf,
            vec,
            false,
        )
    }

    fn vector_load(
        &self,
        ctx: &str,
        viewer: &Hdf5Viewer,
        section_dm: &Plex,
        sf: &StarForest,
        vec: &mut Vector,
        global: bool,
    ) -> Result<()> {
        let what = if global { "global" } else { "local" };
        // Collective (names PETSc makes up, sections PETSc makes): on every rank, before
        // any check.
        let g = format!(
            "{}/dms/{}/vecs/{}",
            self.topology_group()?,
            section_dm.name()?,
            vec.name()?
        );
        let size = Self::section_dm_size(ctx, section_dm, global);
        let local = (|| {
            self.check_mode(ctx, viewer, Io::Load)?;
            self.check_section_dm(ctx, section_dm)?;
            let n = size?;
            Self::check_vector_size(ctx, vec, n, what, Some(sf))?;
            Self::require_group(ctx, viewer, &[&g], "vector of this name")?;
            vec.borrow_exclusive(ctx, None)
        })();
        let _borrow = self.comm().agree(ctx, local)?;
        // SAFETY: live plex, HDF5 viewer opened for reading holding the vector's group, a
        // section DM on the same points, a vector of its layout not otherwise borrowed,
        // and a star forest writing within it (checked above).
        check(unsafe {
            if global {
                sys::DMPlexGlobalVectorLoad(
                    self.ptr,
                    viewer.as_raw(),
                    section_dm.ptr,
                    sf.as_raw(),
                    vec.as_raw(),
                )
            } else {
                sys::DMPlexLocalVectorLoad(
                    self.ptr,
                    viewer.as_raw(),
                    section_dm.ptr,
                    sf.as_raw(),
                    vec.as_raw(),
                )
            }
        })
    }

    /// Reads into `vec`, a global vector of this mesh, the vector saved under its name
    /// by [`view_with`](Object::view_with) on an HDF5 viewer (`VecLoad`, through the
    /// mesh: PETSc's `VecLoad_Plex`; collective). The vector is read from `/fields`; its
    /// values are matched to the points only when the mesh is laid out on the ranks as
    /// it was when saved (for values that follow their points anywhere, use
    /// [`global_vector_view`](Self::global_vector_view) and
    /// [`global_vector_load`](Self::global_vector_load)).
    #[doc(alias = "VecLoad")]
    pub fn load_vector(&self, viewer: &Hdf5Viewer, vec: &mut Vector) -> Result<()> {
        const CTX: &str = "Plex::load_vector";
        // Collective (names PETSc makes up, sections PETSc makes): on every rank, before
        // any check.
        let name = vec.name()?;
        let size = Self::section_dm_size(CTX, self, true);
        let local = (|| {
            self.check_mode(CTX, viewer, Io::Load)?;
            let mut dm: sys::DM = std::ptr::null_mut();
            // SAFETY: live vector; PETSc lends its DM or null.
            check(unsafe { sys::VecGetDM(vec.as_raw(), &mut dm) })?;
            if dm != self.ptr {
                return Err(Error::invalid(
                    CTX,
                    "the vector was not made by this mesh (create_global_vector)",
                ));
            }
            Self::check_vector_size(CTX, vec, size?, "global", None)?;
            if !viewer.has_dataset(&format!("/fields/{name}"))? {
                return Err(Error::invalid(
                    CTX,
                    format!(
                        "the file {:?} has no vector {name:?} (no dataset \"/fields/{name}\")",
                        viewer.file_name()?
                    ),
                ));
            }
            vec.borrow_exclusive(CTX, None)
        })();
        let _borrow = self.comm().agree(CTX, local)?;
        // SAFETY: live global vector of this plex, not otherwise borrowed, and an HDF5
        // viewer opened for reading that holds its dataset (checked above).
        check(unsafe { sys::VecLoad(vec.as_raw(), viewer.as_raw()) })
    }
}
