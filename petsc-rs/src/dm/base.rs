//! What every DM shares (petsc4py's `DM` class): the [`DmBase`] trait, implemented by
//! each DM handle ([`Da`](crate::Da), the generic [`Dm`](crate::Dm)), with the generic
//! `DM...` functions as its default methods.
//!
//! The trait is sealed: its methods are built on a raw accessor and a constructor that
//! only the handles of this crate provide. The constructor wraps a new DM of the same
//! kind as the handle, so methods that make a DM like `self` (refine, coarsen, clone,
//! hierarchies, the coarse DM) return `Self`: a refined [`Da`](crate::Da) is a `Da`.
//! Methods whose DM may be of any kind (coordinate DM, sub-DMs, conversions) return the
//! generic [`Dm`](crate::Dm). Every returned handle owns its own PETSc reference.

use std::os::raw::c_char;

use petsc_sys as sys;

use super::checks::{
    check_field, check_field_array, check_point, check_two, dm_type_name, existing_label,
    has_field_array, pbool,
};
use super::returned::{bbox, borrowed, hierarchy, non_null, opt, some_vec};
use super::vectors::{Exchange, Kind, begin, restore_work_vec, work_vec};
use super::{Dm, DmExchange, DmLabel, DmVec, FieldSplit, Periodicity};
use crate::error::{Error, Result, c_string, check};
use crate::is::IndexSet;
use crate::lgmap::LgMap;
use crate::mat::Mat;
use crate::object::{AsViewer, Object, owned};
use crate::scalar::{Int, Real};
use crate::section::Section;
use crate::sf::StarForest;
use crate::vec::{InsertMode, Vector};

pub(crate) mod sealed {
    use petsc_sys as sys;

    use crate::error::Result;
    use crate::init::Petsc;

    /// The raw side of a DM handle; implemented by this crate's DM handles only.
    pub trait DmRaw {
        /// The raw `DM`, valid while the handle lives.
        fn dm_raw(&self) -> sys::DM;

        /// Wraps `dm` (a live DM whose reference the new handle takes over) as a handle
        /// of this kind; a DM of another kind is destroyed and refused with an `Err`
        /// naming `ctx`.
        fn wrap_dm(petsc: &Petsc, dm: sys::DM, ctx: &str) -> Result<Self>
        where
            Self: Sized;
    }
}

/// The methods every DM has (`DM...`), for every DM handle: [`Da`](crate::Da) and the
/// generic [`Dm`]. Sealed: only this crate's handles implement it.
///
/// ```
/// use petsc::{Da, DmBase};
/// let petsc = petsc::Petsc::init()?;
/// let da = Da::builder(&petsc.world(), 1).sizes(5, 1, 1).build()?;
/// let fine: Da = da.refine()?; // a refined DMDA is a DMDA
/// assert_eq!(fine.info()?.mx, 9);
/// let (p, _) = da.create_interpolation(&fine)?;
/// assert_eq!(p.size()?, (9, 5));
/// # Ok::<(), petsc::Error>(())
/// ```
pub trait DmBase: Object + sealed::DmRaw {
    // ----- kind, set-up ---------------------------------------------------------------

    /// A new DM of the same kind and layout (`DMClone`), sharing coordinates and
    /// sections with this one. (`clone()`, from [`Clone`], is a second handle to this
    /// same DM instead.)
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.world(), 2).sizes(4, 3, 1).build()?;
    /// let c = da.clone_dm()?;
    /// assert_eq!(c.create_global_vector()?.size()?, 12);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMClone")]
    fn clone_dm(&self) -> Result<Self>
    where
        Self: Sized,
    {
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live DM; PETSc writes a new DM whose reference we take.
        check(unsafe { sys::DMClone(self.dm_raw(), &mut d) })?;
        Self::wrap_dm(self.petsc(), d, "DmBase::clone_dm")
    }

    /// A generic handle to this DM, with its own reference: for code that takes a
    /// [`Dm`] whatever the kind.
    fn as_dm(&self) -> Result<Dm> {
        // SAFETY: live DM; the new handle takes its own reference.
        unsafe { Dm::from_raw_borrowed(self.petsc(), self.dm_raw()) }
    }

    /// A copy converted to the type `name` (`DMConvert`), as a generic [`Dm`]; an unknown
    /// type name or a conversion PETSc lacks is an `Err`.
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.self_comm(), 1).sizes(4, 1, 1).build()?;
    /// let same = da.convert("da")?;
    /// assert_eq!(petsc::Object::type_name(&same)?, "da");
    /// assert!(da.convert("nosuchdm").unwrap_err().to_string().contains("nosuchdm"));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMConvert")]
    fn convert(&self, name: &str) -> Result<Dm> {
        const CTX: &str = "DmBase::convert";
        let n = dm_type_name(CTX, name)?;
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live DM, registered type name; PETSc writes a new DM.
        check(unsafe { sys::DMConvert(self.dm_raw(), n.as_ptr(), &mut d) })?;
        Ok(Dm::from_raw(self.petsc(), d))
    }

    /// Finishes setting up the DM (`DMSetUp`; collective). Handles made by a builder
    /// are set up already; calling it again does nothing.
    #[doc(alias = "DMSetUp")]
    fn set_up(&mut self) -> Result<()> {
        // SAFETY: live DM.
        check(unsafe { sys::DMSetUp(self.dm_raw()) })
    }

    /// Reads into this DM one written with [`Object::view_with`] to a binary viewer
    /// (`DMLoad`; collective); the type comes from the file.
    ///
    /// ```
    /// use petsc::{Dm, DmBase, FileMode, Object, Viewer};
    /// let petsc = petsc::Petsc::init()?;
    /// let comm = petsc.self_comm();
    /// let path = std::env::temp_dir().join(format!("petsc-rs-doc-dmload-{}.bin", std::process::id()));
    /// let path = path.to_str().unwrap();
    /// let da = petsc::Da::builder(&comm, 2).sizes(5, 4, 1).build()?;
    /// da.view_with(&Viewer::binary_file(&comm, path, FileMode::Write)?)?;
    /// let mut dm = Dm::create(&comm)?;
    /// dm.load(&Viewer::binary_file(&comm, path, FileMode::Read)?)?;
    /// let back: petsc::Da = dm.downcast()?;
    /// assert_eq!((back.info()?.mx, back.info()?.my), (5, 4));
    /// # std::fs::remove_file(path).ok();
    /// # std::fs::remove_file(format!("{path}.info")).ok();
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMLoad")]
    fn load(&mut self, viewer: &dyn AsViewer) -> Result<()> {
        // SAFETY: live DM and viewer.
        check(unsafe { sys::DMLoad(self.dm_raw(), viewer.raw_viewer()) })
    }

    /// The topological dimension (`DMGetDimension`).
    #[doc(alias = "DMGetDimension")]
    fn dimension(&self) -> Result<Int> {
        let mut d: Int = 0;
        // SAFETY: live DM.
        check(unsafe { sys::DMGetDimension(self.dm_raw(), &mut d) })?;
        Ok(d)
    }

    /// The number of unknowns per point of vectors of this DM (`DMGetBlockSize`).
    #[doc(alias = "DMGetBlockSize")]
    fn block_size(&self) -> Result<Int> {
        let mut b: Int = 0;
        // SAFETY: live DM.
        check(unsafe { sys::DMGetBlockSize(self.dm_raw(), &mut b) })?;
        Ok(b)
    }

    // ----- vectors and matrices --------------------------------------------------------

    /// Sets the type of the vectors this DM makes (`DMSetVecType`); an unregistered
    /// name is an `Err` naming it.
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut da = petsc::Da::builder(&petsc.self_comm(), 1).sizes(4, 1, 1).build()?;
    /// da.set_vec_type("standard")?;
    /// assert_eq!(da.vec_type()?, "standard");
    /// assert!(da.set_vec_type("novec").unwrap_err().to_string().contains("novec"));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMSetVecType")]
    fn set_vec_type(&mut self, name: &str) -> Result<()> {
        const CTX: &str = "DmBase::set_vec_type";
        // SAFETY: idempotent package registration; then the registry is only read.
        let n = unsafe {
            check(sys::VecInitializePackage())?;
            crate::object::registered_type(CTX, "Vec", sys::VecList, name)?
        };
        // SAFETY: live DM; PETSc copies the name.
        check(unsafe { sys::DMSetVecType(self.dm_raw(), n.as_ptr()) })
    }

    /// The type of the vectors this DM makes (`DMGetVecType`).
    #[doc(alias = "DMGetVecType")]
    fn vec_type(&self) -> Result<String> {
        let mut p: *const c_char = std::ptr::null();
        // SAFETY: live DM; PETSc lends its own string.
        check(unsafe { sys::DMGetVecType(self.dm_raw(), &mut p) })?;
        // SAFETY: PETSc's string or null.
        Ok(unsafe { owned(p) })
    }

    /// Sets the type of the matrices this DM makes (`DMSetMatType`); an unregistered
    /// name is an `Err` naming it.
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut da = petsc::Da::builder(&petsc.self_comm(), 2).sizes(4, 4, 1).dof(2).build()?;
    /// da.set_mat_type("baij")?;
    /// assert_eq!(da.mat_type()?, "baij");
    /// assert_eq!(petsc::Object::type_name(&DmBase::create_matrix(&da)?)?, "seqbaij");
    /// assert!(da.set_mat_type("nomat").is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMSetMatType")]
    fn set_mat_type(&mut self, name: &str) -> Result<()> {
        const CTX: &str = "DmBase::set_mat_type";
        // SAFETY: idempotent package registrations (the LMVM types live with KSP); then
        // the registry is only read. A root name (`aij`, `baij`) stands for its
        // sequential and parallel types (`seqaij`, `mpiaij`).
        let n = unsafe {
            check(sys::KSPInitializePackage())?;
            let seq = format!("seq{name}");
            crate::object::registered_type(CTX, "Mat", sys::MatList, name).or_else(|e| {
                match crate::object::registered_type(CTX, "Mat", sys::MatList, &seq) {
                    Ok(_) => c_string(CTX, name),
                    Err(_) => Err(e),
                }
            })?
        };
        // SAFETY: live DM; PETSc copies the name.
        check(unsafe { sys::DMSetMatType(self.dm_raw(), n.as_ptr()) })
    }

    /// The type of the matrices this DM makes (`DMGetMatType`).
    #[doc(alias = "DMGetMatType")]
    fn mat_type(&self) -> Result<String> {
        let mut p: *const c_char = std::ptr::null();
        // SAFETY: live DM; PETSc lends its own string.
        check(unsafe { sys::DMGetMatType(self.dm_raw(), &mut p) })?;
        // SAFETY: PETSc's string or null.
        Ok(unsafe { owned(p) })
    }

    /// A new global vector of this DM, zero (`DMCreateGlobalVector`; collective).
    #[doc(alias = "DMCreateGlobalVector")]
    fn create_global_vector(&self) -> Result<Vector> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live DM; PETSc writes a new vector whose reference we take.
        check(unsafe { sys::DMCreateGlobalVector(self.dm_raw(), &mut v) })?;
        Ok(Vector::from_raw(self.petsc(), v))
    }

    /// A new local (ghosted, sequential) vector of this DM, zero (`DMCreateLocalVector`).
    #[doc(alias = "DMCreateLocalVector")]
    fn create_local_vector(&self) -> Result<Vector> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live DM; PETSc writes a new vector whose reference we take.
        check(unsafe { sys::DMCreateLocalVector(self.dm_raw(), &mut v) })?;
        Ok(Vector::from_raw(self.petsc(), v))
    }

    /// A new matrix for operators on this DM, preallocated for its coupling
    /// (`DMCreateMatrix`; collective).
    #[doc(alias = "DMCreateMatrix")]
    fn create_matrix(&self) -> Result<Mat> {
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live DM; PETSc writes a new matrix whose reference we take.
        check(unsafe { sys::DMCreateMatrix(self.dm_raw(), &mut m) })?;
        Ok(Mat::from_raw(self.petsc(), m))
    }

    /// A global work vector lent by the DM (`DMGetGlobalVector`), given back when the
    /// guard is dropped or [`restore_global_vec`](Self::restore_global_vec)d. Its values
    /// are whatever its last borrower left.
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.world(), 1).sizes(6, 1, 1).build()?;
    /// let mut g = da.global_vec()?;
    /// g.set(2.0)?;
    /// assert_eq!(g.sum()?, 12.0);
    /// da.restore_global_vec(g)?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMGetGlobalVector")]
    fn global_vec(&self) -> Result<DmVec<'_>> {
        work_vec(self, Kind::Global)
    }

    /// Gives back a global work vector (`DMRestoreGlobalVector`), with the `Err` of a
    /// failure that dropping it would only record.
    #[doc(alias = "DMRestoreGlobalVector")]
    fn restore_global_vec(&self, v: DmVec<'_>) -> Result<()> {
        restore_work_vec(self, v, Kind::Global)
    }

    /// A local work vector lent by the DM (`DMGetLocalVector`), given back when the
    /// guard is dropped or [`restore_local_vec`](Self::restore_local_vec)d.
    #[doc(alias = "DMGetLocalVector")]
    fn local_vec(&self) -> Result<DmVec<'_>> {
        work_vec(self, Kind::Local)
    }

    /// Gives back a local work vector (`DMRestoreLocalVector`).
    #[doc(alias = "DMRestoreLocalVector")]
    fn restore_local_vec(&self, v: DmVec<'_>) -> Result<()> {
        restore_work_vec(self, v, Kind::Local)
    }

    /// Fills the local vector `local` from the global vector `global`, ghosts included
    /// (`DMGlobalToLocalBegin`/`End`; collective). Vectors of other sizes than this
    /// DM's are an `Err` on every rank.
    #[doc(alias = "DMGlobalToLocal")]
    fn global_to_local(&self, global: &Vector, mode: InsertMode, local: &mut Vector) -> Result<()> {
        begin(self, Exchange::GlobalToLocal, global, mode, local)?.end()
    }

    /// Starts [`global_to_local`](Self::global_to_local) (`DMGlobalToLocalBegin`;
    /// collective); the returned guard borrows the DM and both vectors until
    /// [`DmExchange::end`] (or its drop) completes it. Other work can be done meanwhile.
    ///
    /// ```
    /// use petsc::{DmBase, InsertMode};
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.world(), 1).sizes(6, 1, 1).build()?;
    /// let mut g = DmBase::create_global_vector(&da)?;
    /// g.set(5.0)?;
    /// let mut l = DmBase::create_local_vector(&da)?;
    /// let pending = da.global_to_local_begin(&g, InsertMode::Insert, &mut l)?;
    /// let other_work = g.sum()?; // reading the source is fine
    /// pending.end()?;
    /// assert!(l.view()?.iter().all(|&v| v == 5.0));
    /// assert_eq!(other_work, 30.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    ///
    /// Reading the destination before `end` does not compile:
    ///
    /// ```compile_fail
    /// use petsc::{DmBase, InsertMode};
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.world(), 1).sizes(6, 1, 1).build()?;
    /// let g = DmBase::create_global_vector(&da)?;
    /// let mut l = DmBase::create_local_vector(&da)?;
    /// let pending = da.global_to_local_begin(&g, InsertMode::Insert, &mut l)?;
    /// let _ = l.view()?;
    /// pending.end()?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMGlobalToLocalBegin")]
    fn global_to_local_begin<'a>(
        &'a self,
        global: &'a Vector,
        mode: InsertMode,
        local: &'a mut Vector,
    ) -> Result<DmExchange<'a>> {
        begin(self, Exchange::GlobalToLocal, global, mode, local)
    }

    /// Moves the local vector `local` into the global vector `global`
    /// (`DMLocalToGlobalBegin`/`End`; collective); with [`InsertMode::Add`] ghost values
    /// are added to their owners'.
    #[doc(alias = "DMLocalToGlobal")]
    fn local_to_global(&self, local: &Vector, mode: InsertMode, global: &mut Vector) -> Result<()> {
        begin(self, Exchange::LocalToGlobal, local, mode, global)?.end()
    }

    /// Starts [`local_to_global`](Self::local_to_global) (`DMLocalToGlobalBegin`;
    /// collective), completed by [`DmExchange::end`] as for
    /// [`global_to_local_begin`](Self::global_to_local_begin).
    #[doc(alias = "DMLocalToGlobalBegin")]
    fn local_to_global_begin<'a>(
        &'a self,
        local: &'a Vector,
        mode: InsertMode,
        global: &'a mut Vector,
    ) -> Result<DmExchange<'a>> {
        begin(self, Exchange::LocalToGlobal, local, mode, global)
    }

    /// Updates the local vector `to` (owned values and ghosts) from the owned values of
    /// the local vector `from` (`DMLocalToLocalBegin`/`End`; collective).
    ///
    /// ```
    /// use petsc::{DmBase, InsertMode};
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.world(), 1).sizes(6, 1, 1).build()?;
    /// let mut a = DmBase::create_local_vector(&da)?;
    /// a.set(3.0)?;
    /// let mut b = DmBase::create_local_vector(&da)?;
    /// da.local_to_local(&a, InsertMode::Insert, &mut b)?;
    /// assert!(b.view()?.iter().all(|&v| v == 3.0));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMLocalToLocal")]
    fn local_to_local(&self, from: &Vector, mode: InsertMode, to: &mut Vector) -> Result<()> {
        begin(self, Exchange::LocalToLocal, from, mode, to)?.end()
    }

    /// Starts [`local_to_local`](Self::local_to_local) (`DMLocalToLocalBegin`;
    /// collective), completed by [`DmExchange::end`].
    #[doc(alias = "DMLocalToLocalBegin")]
    fn local_to_local_begin<'a>(
        &'a self,
        from: &'a Vector,
        mode: InsertMode,
        to: &'a mut Vector,
    ) -> Result<DmExchange<'a>> {
        begin(self, Exchange::LocalToLocal, from, mode, to)
    }

    /// The map from local (ghosted) indices to global ones
    /// (`DMGetLocalToGlobalMapping`).
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.self_comm(), 1).sizes(4, 1, 1).build()?;
    /// assert_eq!(da.lgmap()?.indices()?.to_vec(), [0, 1, 2, 3]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMGetLocalToGlobalMapping")]
    fn lgmap(&self) -> Result<LgMap> {
        let mut m: sys::ISLocalToGlobalMapping = std::ptr::null_mut();
        // SAFETY: live DM; PETSc lends its mapping.
        check(unsafe { sys::DMGetLocalToGlobalMapping(self.dm_raw(), &mut m) })?;
        // SAFETY: live mapping; the handle takes its own reference.
        unsafe { LgMap::from_raw_borrowed(self.petsc(), m) }
    }

    // ----- grid hierarchies ---------------------------------------------------------

    /// A refined DM of the same kind, on the same communicator (`DMRefine`;
    /// collective); an `Err` for a DM type that cannot refine.
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.world(), 2).sizes(4, 3, 1).build()?;
    /// let fine = da.refine()?;
    /// assert_eq!((fine.info()?.mx, fine.info()?.my), (7, 5));
    /// assert_eq!((fine.refine_level()?, fine.coarsen()?.info()?.mx), (1, 4));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMRefine")]
    fn refine(&self) -> Result<Self>
    where
        Self: Sized,
    {
        let mut d: sys::DM = std::ptr::null_mut();
        let comm = self.comm();
        // SAFETY: live DM and communicator; PETSc writes the new DM (or null if the
        // type cannot refine, refused below).
        check(unsafe { sys::DMRefine(self.dm_raw(), comm.as_raw(), &mut d) })?;
        non_null(self, d, "DmBase::refine", "refine")
    }

    /// A coarsened DM of the same kind, on the same communicator (`DMCoarsen`;
    /// collective); an `Err` for a DM type that cannot coarsen.
    #[doc(alias = "DMCoarsen")]
    fn coarsen(&self) -> Result<Self>
    where
        Self: Sized,
    {
        let mut d: sys::DM = std::ptr::null_mut();
        let comm = self.comm();
        // SAFETY: live DM and communicator; PETSc writes the new DM or null.
        check(unsafe { sys::DMCoarsen(self.dm_raw(), comm.as_raw(), &mut d) })?;
        non_null(self, d, "DmBase::coarsen", "coarsen")
    }

    /// `levels` successively refined DMs, finest last (`DMRefineHierarchy`).
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.world(), 1).sizes(3, 1, 1).build()?;
    /// let h = da.refine_hierarchy(2)?;
    /// assert_eq!((h[0].info()?.mx, h[1].info()?.mx), (5, 9));
    /// assert_eq!(h[1].refine_level()?, 2);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMRefineHierarchy")]
    fn refine_hierarchy(&self, levels: usize) -> Result<Vec<Self>>
    where
        Self: Sized,
    {
        hierarchy(self, levels, true)
    }

    /// `levels` successively coarsened DMs, coarsest last (`DMCoarsenHierarchy`).
    #[doc(alias = "DMCoarsenHierarchy")]
    fn coarsen_hierarchy(&self, levels: usize) -> Result<Vec<Self>>
    where
        Self: Sized,
    {
        hierarchy(self, levels, false)
    }

    /// How many times this DM was refined from its origin (`DMGetRefineLevel`).
    #[doc(alias = "DMGetRefineLevel")]
    fn refine_level(&self) -> Result<Int> {
        let mut l: Int = 0;
        // SAFETY: live DM.
        check(unsafe { sys::DMGetRefineLevel(self.dm_raw(), &mut l) })?;
        Ok(l)
    }

    /// Sets the refinement level (`DMSetRefineLevel`).
    #[doc(alias = "DMSetRefineLevel")]
    fn set_refine_level(&mut self, level: Int) -> Result<()> {
        // SAFETY: live DM.
        check(unsafe { sys::DMSetRefineLevel(self.dm_raw(), level) })
    }

    /// How many times this DM was coarsened from its origin (`DMGetCoarsenLevel`).
    #[doc(alias = "DMGetCoarsenLevel")]
    fn coarsen_level(&self) -> Result<Int> {
        let mut l: Int = 0;
        // SAFETY: live DM.
        check(unsafe { sys::DMGetCoarsenLevel(self.dm_raw(), &mut l) })?;
        Ok(l)
    }

    /// Sets the coarsening level (`DMSetCoarsenLevel`).
    #[doc(alias = "DMSetCoarsenLevel")]
    fn set_coarsen_level(&mut self, level: Int) -> Result<()> {
        // SAFETY: live DM.
        check(unsafe { sys::DMSetCoarsenLevel(self.dm_raw(), level) })
    }

    /// The coarser DM set with [`set_coarse_dm`](Self::set_coarse_dm) (or by
    /// [`coarsen`](Self::coarsen)), if any (`DMGetCoarseDM`).
    #[doc(alias = "DMGetCoarseDM")]
    fn coarse_dm(&self) -> Result<Option<Self>>
    where
        Self: Sized,
    {
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live DM; PETSc lends the coarse DM or null.
        check(unsafe { sys::DMGetCoarseDM(self.dm_raw(), &mut d) })?;
        borrowed(self, d, "DmBase::coarse_dm")
    }

    /// Makes `coarse` this DM's coarser level (`DMSetCoarseDM`; PETSc keeps a reference).
    #[doc(alias = "DMSetCoarseDM")]
    fn set_coarse_dm(&mut self, coarse: &Self) -> Result<()>
    where
        Self: Sized,
    {
        if coarse.dm_raw() == self.dm_raw() {
            return Err(Error::invalid(
                "DmBase::set_coarse_dm",
                "a DM cannot be its own coarse DM",
            ));
        }
        // SAFETY: two live DMs; PETSc takes a reference to `coarse`.
        check(unsafe { sys::DMSetCoarseDM(self.dm_raw(), coarse.dm_raw()) })
    }

    /// The interpolation from this (coarse) DM to `fine` (`DMCreateInterpolation`;
    /// collective): a matrix of `fine`'s global size by this DM's, and the scaling vector
    /// PETSc computes for restriction (`DMCreateInterpolationScale`'s, on this DM), if
    /// it gives one.
    #[doc(alias = "DMCreateInterpolation")]
    fn create_interpolation(&self, fine: &Self) -> Result<(Mat, Option<Vector>)>
    where
        Self: Sized,
    {
        let (mut m, mut v): (sys::Mat, sys::Vec) = (std::ptr::null_mut(), std::ptr::null_mut());
        check_two(self, fine, "DmBase::create_interpolation")?;
        // SAFETY: two live DMs; PETSc writes the matrix and scaling vector.
        check(unsafe { sys::DMCreateInterpolation(self.dm_raw(), fine.dm_raw(), &mut m, &mut v) })?;
        let mat = Mat::from_raw(self.petsc(), m);
        Ok((
            mat,
            (!v.is_null()).then(|| Vector::from_raw(self.petsc(), v)),
        ))
    }

    /// The injection from `fine` onto this (coarse) DM (`DMCreateInjection`;
    /// collective): a matrix of this DM's global size by `fine`'s that picks the fine
    /// values at the coarse points.
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let coarse = petsc::Da::builder(&petsc.world(), 1).sizes(3, 1, 1).build()?;
    /// let fine = coarse.refine()?;
    /// let inject = coarse.create_injection(&fine)?;
    /// assert_eq!(inject.size()?, (3, 5));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMCreateInjection")]
    fn create_injection(&self, fine: &Self) -> Result<Mat>
    where
        Self: Sized,
    {
        check_two(self, fine, "DmBase::create_injection")?;
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: two live DMs; PETSc writes the matrix.
        check(unsafe { sys::DMCreateInjection(self.dm_raw(), fine.dm_raw(), &mut m) })?;
        Ok(Mat::from_raw(self.petsc(), m))
    }

    /// The restriction from `fine` to this (coarse) DM (`DMCreateRestriction`); an
    /// `Err` for DM types without one (DMDA has none in PETSc 3.18: use the transpose of
    /// [`create_interpolation`](Self::create_interpolation)).
    #[doc(alias = "DMCreateRestriction")]
    fn create_restriction(&self, fine: &Self) -> Result<Mat>
    where
        Self: Sized,
    {
        const CTX: &str = "DmBase::create_restriction";
        check_two(self, fine, CTX)?;
        let mut has = sys::PETSC_BOOL_FALSE;
        // SAFETY: live DM.
        check(unsafe { sys::DMHasCreateRestriction(self.dm_raw(), &mut has) })?;
        if has != sys::PETSC_BOOL_TRUE {
            let ty = self.type_name()?;
            return Err(Error::invalid(
                CTX,
                format!("DM type '{ty}' has no restriction (DMCreateRestriction)"),
            ));
        }
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: two live DMs; PETSc writes the matrix.
        check(unsafe { sys::DMCreateRestriction(self.dm_raw(), fine.dm_raw(), &mut m) })?;
        Ok(Mat::from_raw(self.petsc(), m))
    }

    /// The mass matrix between this DM and `other` (often this DM itself;
    /// `DMCreateMassMatrix`); an `Err` for DM types without one (DMDA in PETSc 3.18).
    #[doc(alias = "DMCreateMassMatrix")]
    fn create_mass_matrix(&self, other: &Self) -> Result<Mat>
    where
        Self: Sized,
    {
        let (ca, cb) = (self.comm(), other.comm());
        if !ca.congruent(&cb) {
            return Err(Error::invalid(
                "DmBase::create_mass_matrix",
                "the two DMs live on different communicators",
            ));
        }
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: two live DMs; PETSc writes the matrix.
        check(unsafe { sys::DMCreateMassMatrix(self.dm_raw(), other.dm_raw(), &mut m) })?;
        Ok(Mat::from_raw(self.petsc(), m))
    }

    // ----- coordinates ---------------------------------------------------------------

    /// The number of coordinates per point (`DMGetCoordinateDim`).
    #[doc(alias = "DMGetCoordinateDim")]
    fn coordinate_dim(&self) -> Result<Int> {
        let mut d: Int = 0;
        // SAFETY: live DM.
        check(unsafe { sys::DMGetCoordinateDim(self.dm_raw(), &mut d) })?;
        Ok(d)
    }

    /// Sets the number of coordinates per point (`DMSetCoordinateDim`); 1 to 3.
    #[doc(alias = "DMSetCoordinateDim")]
    fn set_coordinate_dim(&mut self, dim: Int) -> Result<()> {
        if !(1..=3).contains(&dim) {
            return Err(Error::out_of_range(
                "DmBase::set_coordinate_dim",
                format!("coordinate dimension {dim} is not in 1..=3"),
            ));
        }
        // SAFETY: live DM.
        check(unsafe { sys::DMSetCoordinateDim(self.dm_raw(), dim) })
    }

    /// The DM of the coordinates (`DMGetCoordinateDM`), as a generic handle
    /// ([`Dm::downcast`] gives the handle of its kind).
    ///
    /// ```
    /// use petsc::{Da, DmBase};
    /// let petsc = petsc::Petsc::init()?;
    /// let da = Da::builder(&petsc.world(), 2).sizes(4, 3, 1).build()?;
    /// da.set_uniform_coordinates(0.0, 1.0, 0.0, 1.0, 0.0, 0.0)?;
    /// let cda: Da = da.coordinate_dm()?.downcast()?;
    /// assert_eq!(cda.info()?.dof, 2); // x and y at each point
    /// assert_eq!(DmBase::coordinates(&da)?.size()?, 24);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMGetCoordinateDM")]
    fn coordinate_dm(&self) -> Result<Dm> {
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live DM; PETSc lends (making it if needed) the coordinate DM.
        check(unsafe { sys::DMGetCoordinateDM(self.dm_raw(), &mut d) })?;
        // SAFETY: live DM lent by PETSc; the handle takes its own reference.
        unsafe { Dm::from_raw_borrowed(self.petsc(), d) }
    }

    /// The layout of the local coordinates (`DMGetCoordinateSection`).
    #[doc(alias = "DMGetCoordinateSection")]
    fn coordinate_section(&self) -> Result<Option<Section>> {
        let mut s: sys::PetscSection = std::ptr::null_mut();
        // SAFETY: live DM; PETSc lends the section or null.
        check(unsafe { sys::DMGetCoordinateSection(self.dm_raw(), &mut s) })?;
        // SAFETY: live section or null; the handle takes its own reference.
        opt(s, |s| unsafe {
            Section::from_raw_borrowed(self.petsc(), s)
        })
    }

    /// The global coordinate vector (`DMGetCoordinates`; collective the first time);
    /// an `Err` if the DM has no coordinates.
    #[doc(alias = "DMGetCoordinates")]
    fn coordinates(&self) -> Result<Vector> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live DM; PETSc lends its vector or null.
        check(unsafe { sys::DMGetCoordinates(self.dm_raw(), &mut v) })?;
        some_vec(self, v, "DmBase::coordinates", "coordinates")
    }

    /// Sets the global coordinate vector (`DMSetCoordinates`; PETSc keeps a reference),
    /// laid out as a global vector of [`coordinate_dm`](Self::coordinate_dm).
    #[doc(alias = "DMSetCoordinates")]
    fn set_coordinates(&mut self, coords: &Vector) -> Result<()> {
        crate::object::refuse_lent("Dm::set_coordinates", [coords])?;
        // SAFETY: live DM and vector.
        check(unsafe { sys::DMSetCoordinates(self.dm_raw(), coords.as_raw()) })
    }

    /// The local (ghosted) coordinate vector (`DMGetCoordinatesLocal`; collective the
    /// first time); an `Err` if the DM has no coordinates.
    #[doc(alias = "DMGetCoordinatesLocal")]
    fn coordinates_local(&self) -> Result<Vector> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live DM; PETSc lends its vector or null.
        check(unsafe { sys::DMGetCoordinatesLocal(self.dm_raw(), &mut v) })?;
        some_vec(self, v, "DmBase::coordinates_local", "coordinates")
    }

    /// Sets the local coordinate vector (`DMSetCoordinatesLocal`).
    #[doc(alias = "DMSetCoordinatesLocal")]
    fn set_coordinates_local(&mut self, coords: &Vector) -> Result<()> {
        crate::object::refuse_lent("Dm::set_coordinates_local", [coords])?;
        // SAFETY: live DM and vector.
        check(unsafe { sys::DMSetCoordinatesLocal(self.dm_raw(), coords.as_raw()) })
    }

    /// Makes the local coordinates from the global ones now (collective;
    /// `DMGetCoordinatesLocalSetUp`), so later local reads need no communication.
    #[doc(alias = "DMGetCoordinatesLocalSetUp")]
    fn coordinates_local_set_up(&self) -> Result<()> {
        // SAFETY: live DM.
        check(unsafe { sys::DMGetCoordinatesLocalSetUp(self.dm_raw()) })
    }

    /// The DM of the per-cell (localized) coordinates, if any
    /// (`DMGetCellCoordinateDM`).
    #[doc(alias = "DMGetCellCoordinateDM")]
    fn cell_coordinate_dm(&self) -> Result<Option<Dm>> {
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live DM; PETSc lends the DM or null.
        check(unsafe { sys::DMGetCellCoordinateDM(self.dm_raw(), &mut d) })?;
        // SAFETY: live DM or null; the handle takes its own reference.
        opt(d, |d| unsafe { Dm::from_raw_borrowed(self.petsc(), d) })
    }

    /// Sets the DM of the per-cell coordinates (`DMSetCellCoordinateDM`).
    #[doc(alias = "DMSetCellCoordinateDM")]
    fn set_cell_coordinate_dm<D: DmBase>(&mut self, dm: &D) -> Result<()>
    where
        Self: Sized,
    {
        // SAFETY: two live DMs; PETSc takes a reference.
        check(unsafe { sys::DMSetCellCoordinateDM(self.dm_raw(), dm.dm_raw()) })
    }

    /// The layout of the per-cell coordinates, if any (`DMGetCellCoordinateSection`).
    #[doc(alias = "DMGetCellCoordinateSection")]
    fn cell_coordinate_section(&self) -> Result<Option<Section>> {
        let mut s: sys::PetscSection = std::ptr::null_mut();
        // SAFETY: live DM; PETSc lends the section or null.
        check(unsafe { sys::DMGetCellCoordinateSection(self.dm_raw(), &mut s) })?;
        // SAFETY: live section or null; the handle takes its own reference.
        opt(s, |s| unsafe {
            Section::from_raw_borrowed(self.petsc(), s)
        })
    }

    /// Sets the layout of the per-cell coordinates, `dim` values each
    /// (`DMSetCellCoordinateSection`); needs a cell coordinate DM.
    #[doc(alias = "DMSetCellCoordinateSection")]
    fn set_cell_coordinate_section(&mut self, dim: Int, section: &Section) -> Result<()> {
        if self.cell_coordinate_dm()?.is_none() {
            return Err(Error::invalid(
                "DmBase::set_cell_coordinate_section",
                "the DM has no cell coordinate DM; set one with set_cell_coordinate_dm first",
            ));
        }
        // SAFETY: live DM and section.
        check(unsafe { sys::DMSetCellCoordinateSection(self.dm_raw(), dim, section.as_raw()) })
    }

    /// The global per-cell coordinates, if any (`DMGetCellCoordinates`).
    #[doc(alias = "DMGetCellCoordinates")]
    fn cell_coordinates(&self) -> Result<Option<Vector>> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live DM; PETSc lends the vector or null.
        check(unsafe { sys::DMGetCellCoordinates(self.dm_raw(), &mut v) })?;
        // SAFETY: live vector or null; the handle takes its own reference.
        opt(v, |v| unsafe { Vector::from_raw_borrowed(self.petsc(), v) })
    }

    /// Sets the global per-cell coordinates (`DMSetCellCoordinates`).
    #[doc(alias = "DMSetCellCoordinates")]
    fn set_cell_coordinates(&mut self, coords: &Vector) -> Result<()> {
        // SAFETY: live DM and vector.
        check(unsafe { sys::DMSetCellCoordinates(self.dm_raw(), coords.as_raw()) })
    }

    /// The local per-cell coordinates, if any (`DMGetCellCoordinatesLocal`).
    #[doc(alias = "DMGetCellCoordinatesLocal")]
    fn cell_coordinates_local(&self) -> Result<Option<Vector>> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live DM; PETSc lends the vector or null.
        check(unsafe { sys::DMGetCellCoordinatesLocal(self.dm_raw(), &mut v) })?;
        // SAFETY: live vector or null; the handle takes its own reference.
        opt(v, |v| unsafe { Vector::from_raw_borrowed(self.petsc(), v) })
    }

    /// Sets the local per-cell coordinates (`DMSetCellCoordinatesLocal`).
    #[doc(alias = "DMSetCellCoordinatesLocal")]
    fn set_cell_coordinates_local(&mut self, coords: &Vector) -> Result<()> {
        // SAFETY: live DM and vector.
        check(unsafe { sys::DMSetCellCoordinatesLocal(self.dm_raw(), coords.as_raw()) })
    }

    /// Whether the coordinates are localized (per-cell) on some rank
    /// (`DMGetCoordinatesLocalized`; collective).
    #[doc(alias = "DMGetCoordinatesLocalized")]
    fn coordinates_localized(&self) -> Result<bool> {
        let mut b = sys::PETSC_BOOL_FALSE;
        // SAFETY: live DM.
        check(unsafe { sys::DMGetCoordinatesLocalized(self.dm_raw(), &mut b) })?;
        Ok(b == sys::PETSC_BOOL_TRUE)
    }

    /// Makes per-cell coordinates for periodic meshes (`DMLocalizeCoordinates`;
    /// collective); nothing happens without periodicity.
    #[doc(alias = "DMLocalizeCoordinates")]
    fn localize_coordinates(&mut self) -> Result<()> {
        // SAFETY: live DM.
        check(unsafe { sys::DMLocalizeCoordinates(self.dm_raw()) })
    }

    /// The smallest box holding every coordinate, `(min, max)` per coordinate direction
    /// (`DMGetBoundingBox`; collective); an `Err` without coordinates.
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.world(), 2).sizes(5, 3, 1).build()?;
    /// da.set_uniform_coordinates(-1.0, 1.0, 0.0, 2.0, 0.0, 0.0)?;
    /// assert_eq!(da.bounding_box()?, [(-1.0, 1.0), (0.0, 2.0)]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMGetBoundingBox")]
    fn bounding_box(&self) -> Result<Vec<(Real, Real)>> {
        bbox(self, true)
    }

    /// The smallest box holding this rank's coordinates, ghosts included
    /// (`DMGetLocalBoundingBox`); an `Err` without coordinates.
    #[doc(alias = "DMGetLocalBoundingBox")]
    fn local_bounding_box(&self) -> Result<Vec<(Real, Real)>> {
        bbox(self, false)
    }

    /// The periodicity of the coordinates (`DMGetPeriodicity`).
    #[doc(alias = "DMGetPeriodicity")]
    fn periodicity(&self) -> Result<Periodicity> {
        let dim = usize::try_from(self.dimension()?).unwrap_or(0);
        let (mut m, mut s, mut l): (*const Real, *const Real, *const Real) =
            (std::ptr::null(), std::ptr::null(), std::ptr::null());
        // SAFETY: live DM; PETSc lends its arrays (dim entries each) or nulls.
        check(unsafe { sys::DMGetPeriodicity(self.dm_raw(), &mut m, &mut s, &mut l) })?;
        let read = |p: *const Real| {
            (!p.is_null()).then(|| {
                // SAFETY: each non-null array has `dim` entries and lives with the DM.
                unsafe { std::slice::from_raw_parts(p, dim) }.to_vec()
            })
        };
        Ok(Periodicity {
            max_cell: read(m),
            start: read(s),
            length: read(l),
        })
    }

    /// Sets the periodicity of the coordinates (`DMSetPeriodicity`): each part, when
    /// given, has one value per dimension.
    ///
    /// ```
    /// use petsc::{DmBase, Periodicity};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut da = petsc::Da::builder(&petsc.self_comm(), 1).sizes(4, 1, 1).build()?;
    /// let p = Periodicity { max_cell: Some(vec![0.5]), start: Some(vec![0.0]), length: Some(vec![1.0]) };
    /// da.set_periodicity(&p)?;
    /// assert_eq!(da.periodicity()?, p);
    /// assert!(da.set_periodicity(&Periodicity { length: Some(vec![1.0, 2.0]), ..p }).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMSetPeriodicity")]
    fn set_periodicity(&mut self, p: &Periodicity) -> Result<()> {
        const CTX: &str = "DmBase::set_periodicity";
        let dim = usize::try_from(self.dimension()?).unwrap_or(0);
        let parts = [
            ("max_cell", &p.max_cell),
            ("start", &p.start),
            ("length", &p.length),
        ];
        for (what, part) in parts {
            if let Some(v) = part {
                if v.len() != dim {
                    return Err(Error::size_mismatch(
                        CTX,
                        format!("{what} has {} values; the DM has dimension {dim}", v.len()),
                    ));
                }
            }
        }
        let ptr = |v: &Option<Vec<Real>>| v.as_ref().map_or(std::ptr::null(), |v| v.as_ptr());
        // SAFETY: live DM; each array null or of `dim` entries (checked); PETSc copies.
        check(unsafe {
            sys::DMSetPeriodicity(
                self.dm_raw(),
                ptr(&p.max_cell),
                ptr(&p.start),
                ptr(&p.length),
            )
        })
    }

    // ----- options and adjacency ------------------------------------------------------

    /// Whether the DM keeps the map to the natural ordering (`DMGetUseNatural`).
    #[doc(alias = "DMGetUseNatural")]
    fn use_natural(&self) -> Result<bool> {
        let mut b = sys::PETSC_BOOL_FALSE;
        // SAFETY: live DM.
        check(unsafe { sys::DMGetUseNatural(self.dm_raw(), &mut b) })?;
        Ok(b == sys::PETSC_BOOL_TRUE)
    }

    /// Asks the DM to keep the map to the natural ordering (`DMSetUseNatural`); set it
    /// before the DM is distributed.
    #[doc(alias = "DMSetUseNatural")]
    fn set_use_natural(&mut self, yes: bool) -> Result<()> {
        // SAFETY: live DM.
        check(unsafe { sys::DMSetUseNatural(self.dm_raw(), pbool(yes)) })
    }

    /// The default adjacency: `(use_cone, use_closure)` (`DMGetBasicAdjacency`).
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut da = petsc::Da::builder(&petsc.self_comm(), 1).sizes(4, 1, 1).build()?;
    /// da.set_basic_adjacency(true, false)?;
    /// assert_eq!(da.basic_adjacency()?, (true, false));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMGetBasicAdjacency")]
    fn basic_adjacency(&self) -> Result<(bool, bool)> {
        let (mut c, mut cl) = (sys::PETSC_BOOL_FALSE, sys::PETSC_BOOL_FALSE);
        let r = if has_field_array(self)? {
            // SAFETY: live DM.
            unsafe { sys::DMGetBasicAdjacency(self.dm_raw(), &mut c, &mut cl) }
        } else {
            // The DM's own default (what DMGetBasicAdjacency means without fields; it
            // would read the field array a DMDA of PETSc 3.23.1 and later does not have).
            // SAFETY: live DM; a negative field is the default.
            unsafe { sys::DMGetAdjacency(self.dm_raw(), -1, &mut c, &mut cl) }
        };
        check(r)?;
        Ok((c == sys::PETSC_BOOL_TRUE, cl == sys::PETSC_BOOL_TRUE))
    }

    /// Sets the default adjacency (`DMSetBasicAdjacency`).
    #[doc(alias = "DMSetBasicAdjacency")]
    fn set_basic_adjacency(&mut self, use_cone: bool, use_closure: bool) -> Result<()> {
        let (c, cl) = (pbool(use_cone), pbool(use_closure));
        let r = if has_field_array(self)? {
            // SAFETY: live DM.
            unsafe { sys::DMSetBasicAdjacency(self.dm_raw(), c, cl) }
        } else {
            // As in `basic_adjacency`: the default, without the missing field array.
            // SAFETY: live DM; a negative field is the default.
            unsafe { sys::DMSetAdjacency(self.dm_raw(), -1, c, cl) }
        };
        check(r)
    }

    /// The adjacency of field `field` (`DMGetAdjacency`); the field must exist.
    #[doc(alias = "DMGetAdjacency")]
    fn field_adjacency(&self, field: Int) -> Result<(bool, bool)> {
        check_field_array(self, "DmBase::field_adjacency")?;
        check_field(self, "DmBase::field_adjacency", field)?;
        let (mut c, mut cl) = (sys::PETSC_BOOL_FALSE, sys::PETSC_BOOL_FALSE);
        // SAFETY: live DM, field checked.
        check(unsafe { sys::DMGetAdjacency(self.dm_raw(), field, &mut c, &mut cl) })?;
        Ok((c == sys::PETSC_BOOL_TRUE, cl == sys::PETSC_BOOL_TRUE))
    }

    /// Sets the adjacency of field `field` (`DMSetAdjacency`); the field must exist.
    #[doc(alias = "DMSetAdjacency")]
    fn set_field_adjacency(&mut self, field: Int, use_cone: bool, use_closure: bool) -> Result<()> {
        check_field_array(self, "DmBase::set_field_adjacency")?;
        check_field(self, "DmBase::set_field_adjacency", field)?;
        // SAFETY: live DM, field checked.
        check(unsafe {
            sys::DMSetAdjacency(self.dm_raw(), field, pbool(use_cone), pbool(use_closure))
        })
    }

    // ----- fields ------------------------------------------------------------------------

    /// The number of fields (`DMGetNumFields`): the discretized fields of a DMPlex; a
    /// DMDA reports none up to PETSc 3.23.0 and its components from 3.23.1, where it keeps
    /// no discretizations (the calls that set fields are then an `Err`).
    #[doc(alias = "DMGetNumFields")]
    fn num_fields(&self) -> Result<Int> {
        let mut n: Int = 0;
        // SAFETY: live DM.
        check(unsafe { sys::DMGetNumFields(self.dm_raw(), &mut n) })?;
        Ok(n)
    }

    /// Sets the number of fields, without discretizations (`DMSetNumFields`).
    ///
    /// ```
    /// use petsc::{DmBase, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut mesh = Plex::create_box_mesh(&petsc.self_comm(), 2, false, Some(&[2, 2]), None, None, None, true)?;
    /// mesh.set_num_fields(2)?;
    /// assert_eq!(mesh.num_fields()?, 2);
    /// mesh.clear_fields()?;
    /// assert_eq!(mesh.num_fields()?, 0);
    /// assert!(mesh.set_num_fields(-1).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMSetNumFields")]
    fn set_num_fields(&mut self, n: Int) -> Result<()> {
        if n < 0 {
            return Err(Error::out_of_range(
                "DmBase::set_num_fields",
                format!("number of fields {n} is negative"),
            ));
        }
        // Without a field array (a DMDA of PETSc 3.23.1 and later) only the number it has.
        if n != self.num_fields()? {
            check_field_array(self, "DmBase::set_num_fields")?;
        }
        // SAFETY: live DM.
        check(unsafe { sys::DMSetNumFields(self.dm_raw(), n) })
    }

    /// Removes every field (`DMClearFields`).
    #[doc(alias = "DMClearFields")]
    fn clear_fields(&mut self) -> Result<()> {
        // SAFETY: live DM.
        check(unsafe { sys::DMClearFields(self.dm_raw()) })
    }

    /// Copies this DM's fields to `to` (`DMCopyFields`).
    #[doc(alias = "DMCopyFields")]
    fn copy_fields(&self, to: &mut Self) -> Result<()>
    where
        Self: Sized,
    {
        if to.dm_raw() == self.dm_raw() {
            return Ok(());
        }
        if self.num_fields()? > 0 {
            check_field_array(to, "DmBase::copy_fields")?;
        }
        #[cfg(not(petsc_3_22))]
        // SAFETY: two live DMs.
        let r = unsafe { sys::DMCopyFields(self.dm_raw(), to.dm_raw()) };
        // Every field, whatever its degree (PETSC_DETERMINE for both bounds).
        #[cfg(petsc_3_22)]
        // SAFETY: two live DMs.
        let r = unsafe { sys::DMCopyFields(self.dm_raw(), -1, -1, to.dm_raw()) };
        check(r)
    }

    /// A DM for the fields `fields` alone and the global indices of their unknowns
    /// (`DMCreateSubDM`; collective). Each field must be below
    /// [`num_fields`](Self::num_fields).
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut da = petsc::Da::builder(&petsc.self_comm(), 1).sizes(3, 1, 1).dof(2).build()?;
    /// da.set_num_fields(2)?;
    /// let (is, sub) = da.create_sub_dm(&[0])?;
    /// assert_eq!(is.indices()?.to_vec(), [0, 2, 4]);
    /// assert_eq!(sub.block_size()?, 1);
    /// assert!(da.create_sub_dm(&[2]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMCreateSubDM")]
    fn create_sub_dm(&self, fields: &[Int]) -> Result<(IndexSet, Dm)> {
        const CTX: &str = "DmBase::create_sub_dm";
        if fields.is_empty() {
            return Err(Error::invalid(CTX, "no fields given"));
        }
        for &f in fields {
            check_field(self, CTX, f)?;
        }
        let n = crate::is::int_len(CTX, "fields", fields.len())?;
        let (mut is, mut d): (sys::IS, sys::DM) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live DM, fields checked; PETSc writes a new IS and DM.
        check(unsafe { sys::DMCreateSubDM(self.dm_raw(), n, fields.as_ptr(), &mut is, &mut d) })?;
        Ok((
            IndexSet::from_raw(self.petsc(), is),
            Dm::from_raw(self.petsc(), d),
        ))
    }

    /// The DM split by field: each field's name, global indices and DM
    /// (`DMCreateFieldDecomposition`; collective).
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.self_comm(), 1).sizes(3, 1, 1).dof(2).build()?;
    /// da.set_field_name(1, "v")?;
    /// let f = da.create_field_decomposition()?;
    /// assert_eq!(f.len(), 2);
    /// assert_eq!(f[1].name, "v");
    /// assert_eq!(f[1].is.indices()?.to_vec(), [1, 3, 5]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMCreateFieldDecomposition")]
    fn create_field_decomposition(&self) -> Result<Vec<FieldSplit>> {
        let mut n: Int = 0;
        let mut names: *mut *mut c_char = std::ptr::null_mut();
        let mut iss: *mut sys::IS = std::ptr::null_mut();
        let mut dms: *mut sys::DM = std::ptr::null_mut();
        // SAFETY: live DM; PETSc writes `n` and three arrays of `n` entries (or nulls),
        // which we take over and free below.
        check(unsafe {
            sys::DMCreateFieldDecomposition(self.dm_raw(), &mut n, &mut names, &mut iss, &mut dms)
        })?;
        // PETSc gives the index sets whenever asked; without them nothing is read.
        let n = if iss.is_null() {
            0
        } else {
            usize::try_from(n).unwrap_or(0)
        };
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            // SAFETY: each array has `n` entries; every entry is ours to take over.
            unsafe {
                let name = if names.is_null() {
                    std::ptr::null_mut()
                } else {
                    *names.add(i)
                };
                let text = owned(name);
                if !name.is_null() {
                    crate::error::record_destroy(sys::petscrs_PetscFree(name.cast()));
                }
                let is = IndexSet::from_raw(self.petsc(), *iss.add(i));
                let dm = if dms.is_null() {
                    std::ptr::null_mut()
                } else {
                    *dms.add(i)
                };
                let dm = (!dm.is_null()).then(|| Dm::from_raw(self.petsc(), dm));
                out.push(FieldSplit { name: text, is, dm });
            }
        }
        // SAFETY: the arrays PETSc allocated (their entries taken above).
        unsafe {
            for p in [names.cast::<std::ffi::c_void>(), iss.cast(), dms.cast()] {
                if !p.is_null() {
                    check(sys::petscrs_PetscFree(p))?;
                }
            }
        }
        Ok(out)
    }

    // ----- sections and star forests ---------------------------------------------

    /// The layout of local vectors by point, if the DM has one (`DMGetLocalSection`).
    ///
    /// ```
    /// use petsc::{DmBase, Section};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut da = petsc::Da::builder(&petsc.self_comm(), 1).sizes(3, 1, 1).build()?;
    /// let mut s = Section::new(&petsc.self_comm())?;
    /// s.set_chart(0, 3)?;
    /// s.set_up()?;
    /// da.set_local_section(&s)?;
    /// assert_eq!(da.local_section()?.unwrap().chart()?, 0..3);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMGetLocalSection")]
    fn local_section(&self) -> Result<Option<Section>> {
        let mut s: sys::PetscSection = std::ptr::null_mut();
        // SAFETY: live DM; PETSc lends (or makes) its section, or null.
        check(unsafe { sys::DMGetLocalSection(self.dm_raw(), &mut s) })?;
        // SAFETY: live section or null; the handle takes its own reference.
        opt(s, |s| unsafe {
            Section::from_raw_borrowed(self.petsc(), s)
        })
    }

    /// Sets the layout of local vectors (`DMSetLocalSection`; PETSc keeps a reference).
    #[doc(alias = "DMSetLocalSection")]
    fn set_local_section(&mut self, section: &Section) -> Result<()> {
        // SAFETY: live DM and section.
        check(unsafe { sys::DMSetLocalSection(self.dm_raw(), section.as_raw()) })
    }

    /// The layout of global vectors by point, if the DM has one (`DMGetGlobalSection`;
    /// collective the first time).
    #[doc(alias = "DMGetGlobalSection")]
    fn global_section(&self) -> Result<Option<Section>> {
        let mut s: sys::PetscSection = std::ptr::null_mut();
        // SAFETY: live DM; PETSc lends (or makes) its section, or null.
        check(unsafe { sys::DMGetGlobalSection(self.dm_raw(), &mut s) })?;
        // SAFETY: live section or null; the handle takes its own reference.
        opt(s, |s| unsafe {
            Section::from_raw_borrowed(self.petsc(), s)
        })
    }

    /// Sets the layout of global vectors (`DMSetGlobalSection`).
    #[doc(alias = "DMSetGlobalSection")]
    fn set_global_section(&mut self, section: &Section) -> Result<()> {
        // SAFETY: live DM and section.
        check(unsafe { sys::DMSetGlobalSection(self.dm_raw(), section.as_raw()) })
    }

    /// Makes the star forest between the local and global layouts `local` and `global`
    /// and keeps it as the section SF (`DMCreateSectionSF`; collective); needs a point
    /// SF.
    #[doc(alias = "DMCreateSectionSF")]
    fn create_section_sf(&mut self, local: &Section, global: &Section) -> Result<()> {
        local.check_set_up("DmBase::create_section_sf")?;
        global.check_set_up("DmBase::create_section_sf")?;
        // SAFETY: live DM and set-up sections.
        check(unsafe { sys::DMCreateSectionSF(self.dm_raw(), local.as_raw(), global.as_raw()) })
    }

    /// The star forest from local to global unknowns (`DMGetSectionSF`; made from the
    /// sections if needed).
    #[doc(alias = "DMGetSectionSF")]
    fn section_sf(&self) -> Result<Option<StarForest>> {
        let mut sf: sys::PetscSF = std::ptr::null_mut();
        // SAFETY: live DM; PETSc lends its SF or null.
        check(unsafe { sys::DMGetSectionSF(self.dm_raw(), &mut sf) })?;
        // SAFETY: live SF or null; the handle takes its own reference.
        opt(sf, |sf| unsafe {
            StarForest::from_raw_borrowed(self.petsc(), sf)
        })
    }

    /// Sets the star forest from local to global unknowns (`DMSetSectionSF`).
    #[doc(alias = "DMSetSectionSF")]
    fn set_section_sf(&mut self, sf: &StarForest) -> Result<()> {
        // SAFETY: live DM and SF; PETSc takes a reference.
        check(unsafe { sys::DMSetSectionSF(self.dm_raw(), sf.as_raw()) })
    }

    /// The star forest of the points shared between ranks, if any (`DMGetPointSF`).
    ///
    /// ```
    /// use petsc::{DmBase, StarForest};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut da = petsc::Da::builder(&petsc.self_comm(), 1).sizes(3, 1, 1).build()?;
    /// let sf = StarForest::new(&petsc.self_comm())?;
    /// da.set_point_sf(&sf)?;
    /// assert_eq!(da.point_sf()?.unwrap().as_raw(), sf.as_raw());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMGetPointSF")]
    fn point_sf(&self) -> Result<Option<StarForest>> {
        let mut sf: sys::PetscSF = std::ptr::null_mut();
        // SAFETY: live DM; PETSc lends its SF or null.
        check(unsafe { sys::DMGetPointSF(self.dm_raw(), &mut sf) })?;
        // SAFETY: live SF or null; the handle takes its own reference.
        opt(sf, |sf| unsafe {
            StarForest::from_raw_borrowed(self.petsc(), sf)
        })
    }

    /// Sets the star forest of shared points (`DMSetPointSF`).
    #[doc(alias = "DMSetPointSF")]
    fn set_point_sf(&mut self, sf: &StarForest) -> Result<()> {
        // SAFETY: live DM and SF; PETSc takes a reference.
        check(unsafe { sys::DMSetPointSF(self.dm_raw(), sf.as_raw()) })
    }

    // ----- labels -------------------------------------------------------------------

    /// Adds an empty label `name`, if the DM has none of that name (`DMCreateLabel`).
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut da = petsc::Da::builder(&petsc.self_comm(), 1).sizes(4, 1, 1).build()?;
    /// da.create_label("marker")?;
    /// da.set_label_value("marker", 2, 7)?;
    /// assert!(da.has_label("marker")?);
    /// assert_eq!(da.label_value("marker", 2)?, 7);
    /// assert_eq!(da.stratum_size("marker", 7)?, 1);
    /// assert!(da.label_value("nosuchlabel", 2).unwrap_err().to_string().contains("nosuchlabel"));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMCreateLabel")]
    fn create_label(&mut self, name: &str) -> Result<()> {
        let n = c_string("DmBase::create_label", name)?;
        // SAFETY: live DM; PETSc copies the name.
        check(unsafe { sys::DMCreateLabel(self.dm_raw(), n.as_ptr()) })
    }

    /// Whether the DM has a label `name` (`DMHasLabel`).
    #[doc(alias = "DMHasLabel")]
    fn has_label(&self, name: &str) -> Result<bool> {
        let n = c_string("DmBase::has_label", name)?;
        let mut b = sys::PETSC_BOOL_FALSE;
        // SAFETY: live DM.
        check(unsafe { sys::DMHasLabel(self.dm_raw(), n.as_ptr(), &mut b) })?;
        Ok(b == sys::PETSC_BOOL_TRUE)
    }

    /// The label `name`, if any (`DMGetLabel`): a handle of its own to the DM's label,
    /// so changes through it show in the DM.
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut da = petsc::Da::builder(&petsc.self_comm(), 1).sizes(4, 1, 1).build()?;
    /// da.create_label("walls")?;
    /// let mut walls = da.label("walls")?.unwrap();
    /// walls.set_value(0, 1)?;
    /// assert_eq!(da.label_value("walls", 0)?, 1);
    /// assert!(da.label("none")?.is_none());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMGetLabel")]
    fn label(&self, name: &str) -> Result<Option<DmLabel>> {
        let n = c_string("DmBase::label", name)?;
        let mut l: sys::DMLabel = std::ptr::null_mut();
        // SAFETY: live DM; PETSc lends the label or null.
        check(unsafe { sys::DMGetLabel(self.dm_raw(), n.as_ptr(), &mut l) })?;
        // SAFETY: live label or null; the handle takes its own reference.
        opt(l, |l| unsafe {
            DmLabel::from_raw_borrowed(self.petsc(), l)
        })
    }

    /// Adds the label `label` (`DMAddLabel`; the DM keeps a reference); a label of the
    /// same name is an `Err`.
    #[doc(alias = "DMAddLabel")]
    fn add_label(&mut self, label: &DmLabel) -> Result<()> {
        let name = label.name()?;
        if self.has_label(&name)? {
            return Err(Error::invalid(
                "DmBase::add_label",
                format!("the DM has a label named '{name}' already"),
            ));
        }
        // SAFETY: live DM and label.
        check(unsafe { sys::DMAddLabel(self.dm_raw(), label.as_raw()) })
    }

    /// The number of labels (`DMGetNumLabels`).
    #[doc(alias = "DMGetNumLabels")]
    fn num_labels(&self) -> Result<Int> {
        let mut n: Int = 0;
        // SAFETY: live DM.
        check(unsafe { sys::DMGetNumLabels(self.dm_raw(), &mut n) })?;
        Ok(n)
    }

    /// The name of label number `index` (`DMGetLabelName`).
    #[doc(alias = "DMGetLabelName")]
    fn label_name(&self, index: Int) -> Result<String> {
        let n = self.num_labels()?;
        if index < 0 || index >= n {
            return Err(Error::out_of_range(
                "DmBase::label_name",
                format!("label index {index} is not in 0..{n}"),
            ));
        }
        let mut p: *const c_char = std::ptr::null();
        // SAFETY: live DM, index checked; PETSc lends the name.
        check(unsafe { sys::DMGetLabelName(self.dm_raw(), index, &mut p) })?;
        // SAFETY: PETSc's string or null.
        Ok(unsafe { owned(p) })
    }

    /// Removes the label `name` (`DMRemoveLabel`); an `Err` if there is none.
    #[doc(alias = "DMRemoveLabel")]
    fn remove_label(&mut self, name: &str) -> Result<()> {
        let n = existing_label(self, "DmBase::remove_label", name)?;
        let mut l: sys::DMLabel = std::ptr::null_mut();
        // SAFETY: live DM; PETSc hands over its reference to the label, released here.
        check(unsafe { sys::DMRemoveLabel(self.dm_raw(), n.as_ptr(), &mut l) })?;
        if !l.is_null() {
            // SAFETY: the reference PETSc handed over.
            check(unsafe { sys::DMLabelDestroy(&mut l) })?;
        }
        Ok(())
    }

    /// The value of `point` in the label `name` (the label's default where unset;
    /// `DMGetLabelValue`); an `Err` if there is no such label.
    #[doc(alias = "DMGetLabelValue")]
    fn label_value(&self, name: &str, point: Int) -> Result<Int> {
        let n = existing_label(self, "DmBase::label_value", name)?;
        let mut v: Int = 0;
        // SAFETY: live DM, existing label.
        check(unsafe { sys::DMGetLabelValue(self.dm_raw(), n.as_ptr(), point, &mut v) })?;
        Ok(v)
    }

    /// Gives `point` the value `value` in the label `name`, made if missing
    /// (`DMSetLabelValue`); a negative point is an `Err`.
    #[doc(alias = "DMSetLabelValue")]
    fn set_label_value(&mut self, name: &str, point: Int, value: Int) -> Result<()> {
        const CTX: &str = "DmBase::set_label_value";
        check_point(CTX, point)?;
        let n = c_string(CTX, name)?;
        // SAFETY: live DM; PETSc copies the name.
        check(unsafe { sys::DMSetLabelValue(self.dm_raw(), n.as_ptr(), point, value) })
    }

    /// Takes `point` out of the stratum `value` of the label `name`
    /// (`DMClearLabelValue`); an `Err` if there is no such label.
    #[doc(alias = "DMClearLabelValue")]
    fn clear_label_value(&mut self, name: &str, point: Int, value: Int) -> Result<()> {
        const CTX: &str = "DmBase::clear_label_value";
        check_point(CTX, point)?;
        let n = existing_label(self, CTX, name)?;
        // SAFETY: live DM, existing label.
        check(unsafe { sys::DMClearLabelValue(self.dm_raw(), n.as_ptr(), point, value) })
    }

    /// The number of distinct values in the label `name` (`DMGetLabelSize`).
    #[doc(alias = "DMGetLabelSize")]
    fn label_size(&self, name: &str) -> Result<Int> {
        let n = existing_label(self, "DmBase::label_size", name)?;
        let mut s: Int = 0;
        // SAFETY: live DM, existing label.
        check(unsafe { sys::DMGetLabelSize(self.dm_raw(), n.as_ptr(), &mut s) })?;
        Ok(s)
    }

    /// The distinct values of the label `name` (`DMGetLabelIdIS`).
    #[doc(alias = "DMGetLabelIdIS")]
    fn label_id_is(&self, name: &str) -> Result<IndexSet> {
        let n = existing_label(self, "DmBase::label_id_is", name)?;
        let mut is: sys::IS = std::ptr::null_mut();
        // SAFETY: live DM, existing label; PETSc writes a new IS.
        check(unsafe { sys::DMGetLabelIdIS(self.dm_raw(), n.as_ptr(), &mut is) })?;
        Ok(IndexSet::from_raw(self.petsc(), is))
    }

    /// The number of points with value `value` in the label `name`
    /// (`DMGetStratumSize`).
    #[doc(alias = "DMGetStratumSize")]
    fn stratum_size(&self, name: &str, value: Int) -> Result<Int> {
        let n = existing_label(self, "DmBase::stratum_size", name)?;
        let mut s: Int = 0;
        // SAFETY: live DM, existing label.
        check(unsafe { sys::DMGetStratumSize(self.dm_raw(), n.as_ptr(), value, &mut s) })?;
        Ok(s)
    }

    /// The points with value `value` in the label `name`, or `None` for an empty
    /// stratum (`DMGetStratumIS`).
    #[doc(alias = "DMGetStratumIS")]
    fn stratum_is(&self, name: &str, value: Int) -> Result<Option<IndexSet>> {
        let n = existing_label(self, "DmBase::stratum_is", name)?;
        let mut is: sys::IS = std::ptr::null_mut();
        // SAFETY: live DM, existing label; PETSc writes a new IS or null.
        check(unsafe { sys::DMGetStratumIS(self.dm_raw(), n.as_ptr(), value, &mut is) })?;
        Ok((!is.is_null()).then(|| IndexSet::from_raw(self.petsc(), is)))
    }

    /// Empties the stratum `value` of the label `name` (`DMClearLabelStratum`).
    #[doc(alias = "DMClearLabelStratum")]
    fn clear_label_stratum(&mut self, name: &str, value: Int) -> Result<()> {
        let n = existing_label(self, "DmBase::clear_label_stratum", name)?;
        // SAFETY: live DM, existing label.
        check(unsafe { sys::DMClearLabelStratum(self.dm_raw(), n.as_ptr(), value) })
    }

    /// Sets whether viewers write the label `name` (`DMSetLabelOutput`).
    #[doc(alias = "DMSetLabelOutput")]
    fn set_label_output(&mut self, name: &str, output: bool) -> Result<()> {
        let n = existing_label(self, "DmBase::set_label_output", name)?;
        // SAFETY: live DM, existing label.
        check(unsafe { sys::DMSetLabelOutput(self.dm_raw(), n.as_ptr(), pbool(output)) })
    }

    /// Whether viewers write the label `name` (`DMGetLabelOutput`).
    #[doc(alias = "DMGetLabelOutput")]
    fn label_output(&self, name: &str) -> Result<bool> {
        let n = existing_label(self, "DmBase::label_output", name)?;
        let mut b = sys::PETSC_BOOL_FALSE;
        // SAFETY: live DM, existing label.
        check(unsafe { sys::DMGetLabelOutput(self.dm_raw(), n.as_ptr(), &mut b) })?;
        Ok(b == sys::PETSC_BOOL_TRUE)
    }
}
