//! A distributed mesh's natural ordering: the values of a field in the order the mesh
//! had before [`distribute`](Plex::distribute), whatever the ranks own now. Ask for it
//! with [`set_use_natural`](crate::DmBase::set_use_natural) and give the mesh its
//! local section *before* distributing: PETSc 3.18 builds the map then, from that
//! section and the migration, and cannot build it later.

use std::marker::PhantomData;

use petsc_sys as sys;

use super::Plex;
use crate::borrow::ArrayBorrow;
use crate::dm::DmBase;
use crate::error::{Error, Result, check};
use crate::object::Object;
use crate::section::Section;
use crate::sf::StarForest;
use crate::vec::Vector;

/// Which way values go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Direction {
    GlobalToNatural,
    NaturalToGlobal,
}

impl Direction {
    fn name(self) -> &'static str {
        match self {
            Direction::GlobalToNatural => "Plex::global_to_natural",
            Direction::NaturalToGlobal => "Plex::natural_to_global",
        }
    }
}

/// A copy between global and natural vectors begun by
/// [`Plex::global_to_natural_begin`] or [`Plex::natural_to_global_begin`]: it borrows
/// the mesh and both vectors until [`end`](Self::end) completes it. Dropping it
/// completes it too, recording a failure in
/// [`take_destroy_failures`](crate::take_destroy_failures).
#[must_use = "the copy completes at `end()` (or when dropped)"]
pub struct NaturalExchange<'a> {
    dm: sys::DM,
    global: sys::Vec,
    natural: sys::Vec,
    dir: Direction,
    done: bool,
    // Released after the End call.
    _borrows: (ArrayBorrow, ArrayBorrow),
    _vecs: PhantomData<(&'a Plex, &'a Vector, &'a mut Vector)>,
}

impl NaturalExchange<'_> {
    fn finish(&mut self) -> sys::PetscErrorCode {
        self.done = true;
        // SAFETY: the copy begun with exactly this mesh and these vectors, all still
        // borrowed.
        unsafe {
            match self.dir {
                Direction::GlobalToNatural => {
                    sys::DMPlexGlobalToNaturalEnd(self.dm, self.global, self.natural)
                }
                Direction::NaturalToGlobal => {
                    sys::DMPlexNaturalToGlobalEnd(self.dm, self.natural, self.global)
                }
            }
        }
    }

    /// Completes the copy (`DMPlexGlobalToNaturalEnd` or `DMPlexNaturalToGlobalEnd`;
    /// collective) and gives the vectors back.
    #[doc(alias = "DMPlexGlobalToNaturalEnd")]
    #[doc(alias = "DMPlexNaturalToGlobalEnd")]
    pub fn end(mut self) -> Result<()> {
        check(self.finish())
    }
}

impl Drop for NaturalExchange<'_> {
    fn drop(&mut self) {
        if !self.done {
            crate::error::record_destroy(self.finish());
        }
    }
}

impl std::fmt::Debug for NaturalExchange<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NaturalExchange")
            .field("dir", &self.dir)
            .finish()
    }
}

impl Plex {
    /// The star forest from the global vectors' entries (its roots) to the natural
    /// vectors' (its leaves), if PETSc made one (`DMGetNaturalSF`): on a mesh
    /// distributed after [`set_use_natural`](DmBase::set_use_natural) with a local
    /// section; `None` otherwise.
    #[doc(alias = "DMGetNaturalSF")]
    #[doc(alias = "DMPlexGetGlobalToNaturalSF")]
    pub fn global_to_natural_sf(&self) -> Result<Option<StarForest>> {
        let mut sf: sys::PetscSF = std::ptr::null_mut();
        // SAFETY: live plex; PETSc lends its star forest or null.
        check(unsafe { sys::DMGetNaturalSF(self.ptr, &mut sf) })?;
        if sf.is_null() {
            return Ok(None);
        }
        // SAFETY: a live star forest; the handle takes its own reference.
        unsafe { StarForest::from_raw_borrowed(self.petsc(), sf) }.map(Some)
    }

    /// Makes the star forest from this distributed mesh's global vectors to the
    /// natural ordering (`DMPlexCreateGlobalToNaturalSF`; collective): `section` is the
    /// local section of the mesh before distribution and `migration` the star forest
    /// [`distribute`](Self::distribute) returned. The mesh needs its local section. It
    /// is the star forest PETSc makes itself when
    /// [`set_use_natural`](DmBase::set_use_natural) was set before distributing, here
    /// made afterwards.
    #[doc(alias = "DMPlexCreateGlobalToNaturalSF")]
    pub fn create_global_to_natural_sf(
        &self,
        section: &Section,
        migration: &StarForest,
    ) -> Result<StarForest> {
        const CTX: &str = "Plex::create_global_to_natural_sf";
        let local = (|| {
            let nroots = migration.graph()?.nroots;
            let chart = section.chart()?;
            if chart != (0..nroots) {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "the section's chart is {}..{}, the migration's roots 0..{nroots} (the \
                         mesh before distribution)",
                        chart.start, chart.end
                    ),
                ));
            }
            if self.local_section()?.is_none() {
                return Err(Error::invalid(
                    CTX,
                    "the mesh has no local section: set one first",
                ));
            }
            Ok(())
        })();
        self.comm().agree(CTX, local)?;
        let mut sf: sys::PetscSF = std::ptr::null_mut();
        // SAFETY: live plex with a local section; a live section over the roots of the
        // live migration star forest; PETSc writes a new star forest.
        check(unsafe {
            sys::DMPlexCreateGlobalToNaturalSF(
                self.ptr,
                section.as_raw(),
                migration.as_raw(),
                &mut sf,
            )
        })?;
        if sf.is_null() {
            return Err(Error::invalid(
                CTX,
                "PETSc made no star forest for this mesh",
            ));
        }
        Ok(StarForest::from_raw(self.petsc(), sf))
    }

    /// The natural star forest, or an `Err` saying how to get one; `None` on one
    /// rank, where the natural ordering is the global one.
    fn natural_sf_or_err(&self, ctx: &str) -> Result<Option<StarForest>> {
        let sf = self.global_to_natural_sf()?;
        if sf.is_none() && self.comm().size() > 1 {
            return Err(Error::invalid(
                ctx,
                "the mesh has no natural ordering: call set_use_natural(true) and give the \
                 mesh its local section before distributing it",
            ));
        }
        Ok(sf)
    }

    /// A vector laid out in the natural ordering (`DMPlexCreateNaturalVector`;
    /// collective): on each rank, the values of the points it had before distribution.
    /// A distributed mesh without a natural ordering is an `Err` on every rank.
    ///
    /// ```
    /// use petsc::{DmBase, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut mesh = Plex::box_mesh(&petsc.world()).sizes([3, 2]).build()?;
    /// mesh.set_local_section(&mesh.create_section(&[1, 0, 0])?)?;
    /// mesh.set_use_natural(true)?;
    /// if let Some((parallel, _)) = mesh.distribute(0)? {
    ///     mesh = parallel;
    /// }
    /// let mut g = mesh.create_global_vector()?;
    /// g.set(2.0)?;
    /// let mut n = mesh.create_natural_vector()?;
    /// mesh.global_to_natural(&g, &mut n)?;
    /// assert_eq!(n.size()?, 12);
    /// assert_eq!(n.sum()?, petsc::Scalar::from(24.0));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexCreateNaturalVector")]
    pub fn create_natural_vector(&self) -> Result<Vector> {
        const CTX: &str = "Plex::create_natural_vector";
        self.comm().agree(CTX, self.natural_sf_or_err(CTX))?;
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live plex with a natural ordering (or on one rank); PETSc writes the
        // new vector.
        check(unsafe { sys::DMPlexCreateNaturalVector(self.ptr, &mut v) })?;
        Ok(Vector::from_raw(self.petsc(), v))
    }

    /// Copies the global vector `global` into the natural vector `natural`
    /// (`DMPlexGlobalToNaturalBegin`/`End`; collective).
    #[doc(alias = "DMPlexGlobalToNaturalBegin")]
    #[doc(alias = "DMPlexGlobalToNaturalEnd")]
    pub fn global_to_natural(&self, global: &Vector, natural: &mut Vector) -> Result<()> {
        self.global_to_natural_begin(global, natural)?.end()
    }

    /// Starts [`global_to_natural`](Self::global_to_natural)
    /// (`DMPlexGlobalToNaturalBegin`; collective); the returned guard borrows the mesh
    /// and both vectors until [`NaturalExchange::end`] (or
    /// [`global_to_natural_end`](Self::global_to_natural_end), or its drop) completes it.
    #[doc(alias = "DMPlexGlobalToNaturalBegin")]
    pub fn global_to_natural_begin<'a>(
        &'a self,
        global: &'a Vector,
        natural: &'a mut Vector,
    ) -> Result<NaturalExchange<'a>> {
        self.begin(Direction::GlobalToNatural, global, natural)
    }

    /// Completes a copy begun by [`global_to_natural_begin`](Self::global_to_natural_begin)
    /// (`DMPlexGlobalToNaturalEnd`; collective): the same as `pending.end()`.
    #[doc(alias = "DMPlexGlobalToNaturalEnd")]
    pub fn global_to_natural_end(&self, pending: NaturalExchange<'_>) -> Result<()> {
        self.end_exchange(Direction::GlobalToNatural, pending)
    }

    /// Copies the natural vector `natural` into the global vector `global`
    /// (`DMPlexNaturalToGlobalBegin`/`End`; collective).
    #[doc(alias = "DMPlexNaturalToGlobalBegin")]
    #[doc(alias = "DMPlexNaturalToGlobalEnd")]
    pub fn natural_to_global(&self, natural: &Vector, global: &mut Vector) -> Result<()> {
        self.natural_to_global_begin(natural, global)?.end()
    }

    /// Starts [`natural_to_global`](Self::natural_to_global)
    /// (`DMPlexNaturalToGlobalBegin`; collective), completed as
    /// [`global_to_natural_begin`](Self::global_to_natural_begin) is.
    #[doc(alias = "DMPlexNaturalToGlobalBegin")]
    pub fn natural_to_global_begin<'a>(
        &'a self,
        natural: &'a Vector,
        global: &'a mut Vector,
    ) -> Result<NaturalExchange<'a>> {
        self.begin(Direction::NaturalToGlobal, natural, global)
    }

    /// Completes a copy begun by [`natural_to_global_begin`](Self::natural_to_global_begin)
    /// (`DMPlexNaturalToGlobalEnd`; collective): the same as `pending.end()`.
    #[doc(alias = "DMPlexNaturalToGlobalEnd")]
    pub fn natural_to_global_end(&self, pending: NaturalExchange<'_>) -> Result<()> {
        self.end_exchange(Direction::NaturalToGlobal, pending)
    }

    fn end_exchange(&self, dir: Direction, pending: NaturalExchange<'_>) -> Result<()> {
        if pending.dm != self.ptr || pending.dir != dir {
            let ctx = dir.name();
            // The guard still completes its own copy when dropped.
            drop(pending);
            return Err(Error::invalid(
                ctx,
                "the pending copy was begun on another mesh or in the other direction \
                 (it was completed anyway)",
            ));
        }
        pending.end()
    }

    /// Checks the vectors on every rank, borrows them (`from` read, `to` written) and
    /// begins the copy.
    fn begin<'a>(
        &'a self,
        dir: Direction,
        from: &'a Vector,
        to: &'a mut Vector,
    ) -> Result<NaturalExchange<'a>> {
        let ctx = dir.name();
        let (global, natural) = match dir {
            Direction::GlobalToNatural => (from, &*to),
            Direction::NaturalToGlobal => (&*to, from),
        };
        // Collective the first time (PETSc makes the section): on every rank, first.
        let section = self.global_section();
        let local = (|| {
            let sf = self.natural_sf_or_err(ctx)?;
            let ng = global.local_size()?;
            let nn = natural.local_size()?;
            let want_g = match section? {
                Some(s) => s.constrained_storage_size()?,
                None => return Err(Error::invalid(ctx, "the mesh has no section")),
            };
            let want_n = match &sf {
                Some(sf) => {
                    let g = sf.graph()?;
                    if g.nroots != want_g {
                        return Err(Error::invalid(
                            ctx,
                            format!(
                                "the natural ordering maps {} global entries, the mesh's global \
                                 vectors have {want_g}: the section changed after distribution",
                                g.nroots
                            ),
                        ));
                    }
                    g.leaf_extent() as crate::scalar::Int
                }
                None => want_g,
            };
            if ng != want_g || nn != want_n {
                return Err(Error::size_mismatch(
                    ctx,
                    format!(
                        "the global vector has {ng} local entries and the natural vector {nn}; \
                         this mesh's have {want_g} and {want_n} on this rank"
                    ),
                ));
            }
            Ok((from.borrow_shared(ctx)?, to.borrow_exclusive(ctx, None)?))
        })();
        let borrows = self.comm().agree(ctx, local)?;
        let (g, n) = (global.as_raw(), natural.as_raw());
        // SAFETY: live plex with a natural ordering (or on one rank) and vectors of its
        // layouts (checked on every rank), distinct (the borrows above) and kept
        // borrowed until the End call.
        check(unsafe {
            match dir {
                Direction::GlobalToNatural => sys::DMPlexGlobalToNaturalBegin(self.ptr, g, n),
                Direction::NaturalToGlobal => sys::DMPlexNaturalToGlobalBegin(self.ptr, n, g),
            }
        })?;
        Ok(NaturalExchange {
            dm: self.ptr,
            global: g,
            natural: n,
            dir,
            done: false,
            _borrows: borrows,
            _vecs: PhantomData,
        })
    }
}
