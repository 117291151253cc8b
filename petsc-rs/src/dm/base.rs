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
//!
//! Every method is declared here with its documentation: the one-call ones through
//! [`methods!`](crate::methods), the others with their bodies in topic modules in `base/`:
//! [`made`] (copies, vectors, matrices, their types), [`hierarchy`] (levels, coarsen hooks,
//! operators between levels), [`coordinates`], [`fields`] (and adjacency), [`sections`]
//! (and star forests), [`labels`], [`lent`] (objects the getters lend), [`needs`] (checks
//! of the declared methods' arguments); [`sealed`] is the raw side the trait is built on.

use petsc_sys as sys;

use super::returned::bbox;
use super::vectors::{Exchange, Kind, begin, named_work_vec, restore_work_vec, work_vec};
use super::{Dm, DmExchange, DmLabel, DmVec, FieldSplit, Periodicity, Subdomain};
use crate::error::{Result, check};
use crate::is::IndexSet;
use crate::lgmap::LgMap;
use crate::mat::Mat;
use crate::object::{AsViewer, Object};
use crate::scalar::{Int, Real};
use crate::section::Section;
use crate::sf::StarForest;
use crate::vec::{InsertMode, Vector};
use lent::Lends;
use needs::Needs;

mod coordinates;
mod fields;
mod hierarchy;
mod labels;
mod lent;
mod made;
mod needs;
pub(crate) mod sealed;
mod sections;

/// The methods every DM has (`DM...`), for every DM handle: [`Da`](crate::Da) and the
/// generic [`Dm`]. Sealed: only this crate's handles implement it.
///
/// ```
/// use petsc::{Da, DmBase};
/// let petsc = petsc::Petsc::init()?;
/// let da = Da::grid(&petsc.world()).sizes([5]).build()?;
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
    /// let da = petsc::Da::grid(&petsc.world()).sizes([4, 3]).build()?;
    /// let c = da.clone_dm()?;
    /// assert_eq!(c.create_global_vector()?.size()?, 12);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMClone")]
    fn clone_dm(&self) -> Result<Self>
    where
        Self: Sized,
    {
        made::clone_dm(self)
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
    /// let da = petsc::Da::grid(&petsc.self_comm()).sizes([4]).build()?;
    /// let same = da.convert("da")?;
    /// assert_eq!(petsc::Object::type_name(&same)?, "da");
    /// assert!(da.convert("nosuchdm").unwrap_err().to_string().contains("nosuchdm"));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMConvert")]
    fn convert(&self, name: &str) -> Result<Dm> {
        made::convert(self, name)
    }

    /// Reads into this DM one written with [`Object::view_with`] to a binary viewer
    /// (`DMLoad`; collective); the type comes from the file (example at [`Dm`]).
    #[doc(alias = "DMLoad")]
    fn load(&mut self, viewer: &dyn AsViewer) -> Result<()> {
        // SAFETY: live DM and viewer.
        check(unsafe { sys::DMLoad(self.dm_raw(), viewer.raw_viewer()) })
    }

    crate::methods![for DmBase via dm_raw();
        /// Finishes setting up the DM (`DMSetUp`; collective). Handles made by a builder
        /// are set up already; calling it again does nothing.
        fn set_up(&mut self) = DMSetUp as "DMSetUp";
        /// The topological dimension (`DMGetDimension`).
        fn dimension(&self) -> Int = DMGetDimension as "DMGetDimension";
        /// The number of unknowns per point of vectors of this DM (`DMGetBlockSize`).
        fn block_size(&self) -> Int = DMGetBlockSize as "DMGetBlockSize";
    ];

    // ----- vectors and matrices --------------------------------------------------------

    /// Sets the type of the vectors this DM makes (`DMSetVecType`); an unregistered
    /// name is an `Err` naming it.
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut da = petsc::Da::grid(&petsc.self_comm()).sizes([4]).build()?;
    /// da.set_vec_type("standard")?;
    /// assert_eq!(da.vec_type()?, "standard");
    /// assert!(da.set_vec_type("novec").unwrap_err().to_string().contains("novec"));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMSetVecType")]
    fn set_vec_type(&mut self, name: &str) -> Result<()> {
        made::set_vec_type(self, name)
    }

    /// Sets the type of the matrices this DM makes (`DMSetMatType`); an unregistered
    /// name is an `Err` naming it.
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut da = petsc::Da::grid(&petsc.self_comm()).sizes([4, 4]).dof(2).build()?;
    /// da.set_mat_type("baij")?;
    /// assert_eq!(da.mat_type()?, "baij");
    /// assert_eq!(petsc::Object::type_name(&DmBase::create_matrix(&da)?)?, "seqbaij");
    /// assert!(da.set_mat_type("nomat").is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMSetMatType")]
    fn set_mat_type(&mut self, name: &str) -> Result<()> {
        made::set_mat_type(self, name)
    }

    crate::methods![for DmBase via dm_raw();
        /// The type of the vectors this DM makes (`DMGetVecType`).
        fn vec_type(&self) -> String = DMGetVecType as "DMGetVecType";
        /// The type of the matrices this DM makes (`DMGetMatType`).
        fn mat_type(&self) -> String = DMGetMatType as "DMGetMatType";
    ];

    /// A new global vector of this DM, zero (`DMCreateGlobalVector`; collective).
    #[doc(alias = "DMCreateGlobalVector")]
    fn create_global_vector(&self) -> Result<Vector> {
        made::vector(self, false)
    }

    /// A new local (ghosted, sequential) vector of this DM, zero (`DMCreateLocalVector`).
    #[doc(alias = "DMCreateLocalVector")]
    fn create_local_vector(&self) -> Result<Vector> {
        made::vector(self, true)
    }

    /// A new matrix for operators on this DM, preallocated for its coupling
    /// (`DMCreateMatrix`; collective).
    #[doc(alias = "DMCreateMatrix")]
    fn create_matrix(&self) -> Result<Mat> {
        made::matrix(self)
    }

    /// A global work vector lent by the DM (`DMGetGlobalVector`), given back when the
    /// guard is dropped or [`restore_global_vec`](Self::restore_global_vec)d. Its values
    /// are whatever its last borrower left.
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::grid(&petsc.world()).sizes([6]).build()?;
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

    /// Gives back a global work vector, named or not, with the `Err` of a failure that
    /// dropping it would only record.
    #[doc(alias = "DMRestoreGlobalVector")]
    #[doc(alias = "DMRestoreNamedGlobalVector")]
    fn restore_global_vec(&self, v: DmVec<'_>) -> Result<()> {
        restore_work_vec(self, v, Kind::Global)
    }

    /// A local work vector lent by the DM (`DMGetLocalVector`), given back when the
    /// guard is dropped or [`restore_local_vec`](Self::restore_local_vec)d.
    #[doc(alias = "DMGetLocalVector")]
    fn local_vec(&self) -> Result<DmVec<'_>> {
        work_vec(self, Kind::Local)
    }

    /// Gives back a local work vector, named or not (`DMRestoreLocalVector`).
    #[doc(alias = "DMRestoreLocalVector")]
    #[doc(alias = "DMRestoreNamedLocalVector")]
    fn restore_local_vec(&self, v: DmVec<'_>) -> Result<()> {
        restore_work_vec(self, v, Kind::Local)
    }

    /// The global work vector named `name` (`DMGetNamedGlobalVector`; collective), made
    /// at the first request and kept with its values between loans ([`DmVec`]); a name
    /// already lent is an `Err`.
    #[doc(alias = "DMGetNamedGlobalVector")]
    fn named_global_vec(&self, name: &str) -> Result<DmVec<'_>> {
        named_work_vec(self, Kind::Global, name)
    }

    /// The local work vector named `name` (`DMGetNamedLocalVector`), kept by the DM as
    /// [`named_global_vec`](Self::named_global_vec)'s are.
    #[doc(alias = "DMGetNamedLocalVector")]
    fn named_local_vec(&self, name: &str) -> Result<DmVec<'_>> {
        named_work_vec(self, Kind::Local, name)
    }

    crate::methods![for DmBase via dm_raw();
        /// Whether the DM has a global work vector named `name` (`DMHasNamedGlobalVector`).
        fn has_named_global_vec(&self, name: &str) -> bool
            = DMHasNamedGlobalVector as "DMHasNamedGlobalVector";
        /// Whether the DM has a local work vector named `name` (`DMHasNamedLocalVector`).
        fn has_named_local_vec(&self, name: &str) -> bool
            = DMHasNamedLocalVector as "DMHasNamedLocalVector";
    ];

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
    /// let da = petsc::Da::grid(&petsc.world()).sizes([6]).build()?;
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
    /// let da = petsc::Da::grid(&petsc.world()).sizes([6]).build()?;
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
    /// let da = petsc::Da::grid(&petsc.world()).sizes([6]).build()?;
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
    /// let da = petsc::Da::grid(&petsc.self_comm()).sizes([4]).build()?;
    /// assert_eq!(da.lgmap()?.indices()?.to_vec(), [0, 1, 2, 3]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMGetLocalToGlobalMapping")]
    fn lgmap(&self) -> Result<LgMap> {
        self.made_lent(sys::DMGetLocalToGlobalMapping, LgMap::from_raw_borrowed)
    }

    // ----- grid hierarchies ---------------------------------------------------------

    /// A refined DM of the same kind, on the same communicator (`DMRefine`;
    /// collective); an `Err` for a DM type that cannot refine, and on every rank for a
    /// DMDA whose stencil leaves PETSc no ownership ranges for the new grid (as for
    /// [`coarsen`](Self::coarsen) and the hierarchies).
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::grid(&petsc.world()).sizes([4, 3]).build()?;
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
        hierarchy::level(self, true)
    }

    /// A coarsened DM of the same kind, on the same communicator (`DMCoarsen`;
    /// collective); an `Err` for a DM type that cannot coarsen.
    #[doc(alias = "DMCoarsen")]
    fn coarsen(&self) -> Result<Self>
    where
        Self: Sized,
    {
        hierarchy::level(self, false)
    }

    /// `levels` successively refined DMs, finest last (`DMRefineHierarchy`).
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::grid(&petsc.world()).sizes([3]).build()?;
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
        hierarchy::levels(self, levels, true)
    }

    /// Runs `coarsen(fine, coarse)` as this DM is coarsened, `restrict(fine, R, scaling,
    /// injection, coarse)` as a problem is restricted from it (`DMCoarsenHookAdd`).
    #[doc(alias = "DMCoarsenHookAdd")]
    fn add_coarsen_hook<C, R>(&mut self, coarsen: C, restrict: R) -> Result<()>
    where
        C: FnMut(&Dm, &mut Dm) -> Result<()> + 'static,
        R: FnMut(&Dm, Option<&Mat>, Option<&Vector>, Option<&Mat>, &Dm) -> Result<()> + 'static,
        Self: Sized,
    {
        hierarchy::add_coarsen_hook(self, Box::new(coarsen), Box::new(restrict))
    }

    /// `levels` successively coarsened DMs, coarsest last (`DMCoarsenHierarchy`).
    #[doc(alias = "DMCoarsenHierarchy")]
    fn coarsen_hierarchy(&self, levels: usize) -> Result<Vec<Self>>
    where
        Self: Sized,
    {
        hierarchy::levels(self, levels, false)
    }

    crate::methods![for DmBase via dm_raw();
        /// How many times this DM was refined from its origin (`DMGetRefineLevel`).
        fn refine_level(&self) -> Int = DMGetRefineLevel as "DMGetRefineLevel";
        /// Sets the refinement level (`DMSetRefineLevel`).
        fn set_refine_level(&mut self, level: Int) = DMSetRefineLevel as "DMSetRefineLevel";
        /// How many times this DM was coarsened from its origin (`DMGetCoarsenLevel`).
        fn coarsen_level(&self) -> Int = DMGetCoarsenLevel as "DMGetCoarsenLevel";
        /// Sets the coarsening level (`DMSetCoarsenLevel`).
        fn set_coarsen_level(&mut self, level: Int) = DMSetCoarsenLevel as "DMSetCoarsenLevel";
    ];

    /// The coarser DM set with [`set_coarse_dm`](Self::set_coarse_dm) (or by
    /// [`coarsen`](Self::coarsen)), if any (`DMGetCoarseDM`).
    #[doc(alias = "DMGetCoarseDM")]
    fn coarse_dm(&self) -> Result<Option<Self>>
    where
        Self: Sized,
    {
        hierarchy::coarse_dm(self)
    }

    /// Makes `coarse` this DM's coarser level (`DMSetCoarseDM`; PETSc keeps a reference).
    #[doc(alias = "DMSetCoarseDM")]
    fn set_coarse_dm(&mut self, coarse: &Self) -> Result<()>
    where
        Self: Sized,
    {
        hierarchy::set_coarse_dm(self, coarse)
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
        hierarchy::create_interpolation(self, fine)
    }

    /// The injection from `fine` onto this (coarse) DM (`DMCreateInjection`;
    /// collective): a matrix of this DM's global size by `fine`'s that picks the fine
    /// values at the coarse points.
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let coarse = petsc::Da::grid(&petsc.world()).sizes([3]).build()?;
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
        hierarchy::create_injection(self, fine)
    }

    /// The restriction from `fine` to this (coarse) DM (`DMCreateRestriction`); an
    /// `Err` for DM types without one (DMDA has none in PETSc 3.18: use the transpose of
    /// [`create_interpolation`](Self::create_interpolation)).
    #[doc(alias = "DMCreateRestriction")]
    fn create_restriction(&self, fine: &Self) -> Result<Mat>
    where
        Self: Sized,
    {
        hierarchy::create_restriction(self, fine)
    }

    /// The mass matrix between this DM and `other` (often this DM itself;
    /// `DMCreateMassMatrix`); an `Err` for DM types without one (DMDA in PETSc 3.18).
    #[doc(alias = "DMCreateMassMatrix")]
    fn create_mass_matrix(&self, other: &Self) -> Result<Mat>
    where
        Self: Sized,
    {
        hierarchy::create_mass_matrix(self, other)
    }

    // ----- coordinates ---------------------------------------------------------------

    crate::methods![for DmBase via dm_raw();
        /// The number of coordinates per point (`DMGetCoordinateDim`).
        fn coordinate_dim(&self) -> Int = DMGetCoordinateDim as "DMGetCoordinateDim";
        /// Sets the number of coordinates per point (`DMSetCoordinateDim`); 1 to 3.
        fn set_coordinate_dim(&mut self, dim: Int)
            = DMSetCoordinateDim as "DMSetCoordinateDim", needs coordinate_dim_valid(dim);
    ];

    /// The DM of the coordinates (`DMGetCoordinateDM`), as a generic handle
    /// ([`Dm::downcast`] gives the handle of its kind).
    ///
    /// ```
    /// use petsc::{Da, DmBase};
    /// let petsc = petsc::Petsc::init()?;
    /// let da = Da::grid(&petsc.world()).sizes([4, 3]).build()?;
    /// da.set_uniform_coordinates_to([(0.0, 1.0), (0.0, 1.0)])?;
    /// let cda: Da = da.coordinate_dm()?.downcast()?;
    /// assert_eq!(cda.info()?.dof, 2); // x and y at each point
    /// assert_eq!(DmBase::coordinates(&da)?.size()?, 24);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMGetCoordinateDM")]
    fn coordinate_dm(&self) -> Result<Dm> {
        self.made_lent(sys::DMGetCoordinateDM, Dm::from_raw_borrowed)
    }

    /// The layout of the local coordinates (`DMGetCoordinateSection`).
    #[doc(alias = "DMGetCoordinateSection")]
    fn coordinate_section(&self) -> Result<Option<Section>> {
        self.lent(sys::DMGetCoordinateSection, Section::from_raw_borrowed)
    }

    /// The global coordinate vector (`DMGetCoordinates`; collective the first time);
    /// an `Err` if the DM has no coordinates.
    #[doc(alias = "DMGetCoordinates")]
    fn coordinates(&self) -> Result<Vector> {
        coordinates::vector(self, false)
    }

    /// Sets the global coordinate vector (`DMSetCoordinates`; PETSc keeps a reference),
    /// laid out as a global vector of [`coordinate_dm`](Self::coordinate_dm).
    #[doc(alias = "DMSetCoordinates")]
    fn set_coordinates(&mut self, coords: &Vector) -> Result<()> {
        coordinates::set_vector(self, coords, false)
    }

    /// The local (ghosted) coordinate vector (`DMGetCoordinatesLocal`; collective the
    /// first time); an `Err` if the DM has no coordinates.
    #[doc(alias = "DMGetCoordinatesLocal")]
    fn coordinates_local(&self) -> Result<Vector> {
        coordinates::vector(self, true)
    }

    /// Sets the local coordinate vector (`DMSetCoordinatesLocal`).
    #[doc(alias = "DMSetCoordinatesLocal")]
    fn set_coordinates_local(&mut self, coords: &Vector) -> Result<()> {
        coordinates::set_vector(self, coords, true)
    }

    /// The DM of the per-cell (localized) coordinates, if any
    /// (`DMGetCellCoordinateDM`).
    #[doc(alias = "DMGetCellCoordinateDM")]
    fn cell_coordinate_dm(&self) -> Result<Option<Dm>> {
        self.lent(sys::DMGetCellCoordinateDM, Dm::from_raw_borrowed)
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
        self.lent(sys::DMGetCellCoordinateSection, Section::from_raw_borrowed)
    }

    /// Sets the layout of the per-cell coordinates, `dim` values each
    /// (`DMSetCellCoordinateSection`); needs a cell coordinate DM.
    #[doc(alias = "DMSetCellCoordinateSection")]
    fn set_cell_coordinate_section(&mut self, dim: Int, section: &Section) -> Result<()> {
        coordinates::set_cell_coordinate_section(self, dim, section)
    }

    /// The global per-cell coordinates, if any (`DMGetCellCoordinates`).
    #[doc(alias = "DMGetCellCoordinates")]
    fn cell_coordinates(&self) -> Result<Option<Vector>> {
        self.lent(sys::DMGetCellCoordinates, Vector::from_raw_borrowed)
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
        self.lent(sys::DMGetCellCoordinatesLocal, Vector::from_raw_borrowed)
    }

    /// Sets the local per-cell coordinates (`DMSetCellCoordinatesLocal`).
    #[doc(alias = "DMSetCellCoordinatesLocal")]
    fn set_cell_coordinates_local(&mut self, coords: &Vector) -> Result<()> {
        // SAFETY: live DM and vector.
        check(unsafe { sys::DMSetCellCoordinatesLocal(self.dm_raw(), coords.as_raw()) })
    }

    crate::methods![for DmBase via dm_raw();
        /// Makes the local coordinates from the global ones now (collective;
        /// `DMGetCoordinatesLocalSetUp`), so later local reads need no communication.
        fn coordinates_local_set_up(&self)
            = DMGetCoordinatesLocalSetUp as "DMGetCoordinatesLocalSetUp";
        /// Whether the coordinates are localized (per-cell) on some rank
        /// (`DMGetCoordinatesLocalized`; collective).
        fn coordinates_localized(&self) -> bool
            = DMGetCoordinatesLocalized as "DMGetCoordinatesLocalized";
        /// Makes per-cell coordinates for periodic meshes (`DMLocalizeCoordinates`;
        /// collective); nothing happens without periodicity.
        fn localize_coordinates(&mut self) = DMLocalizeCoordinates as "DMLocalizeCoordinates";
    ];

    /// The smallest box holding every coordinate, `(min, max)` per coordinate direction
    /// (`DMGetBoundingBox`; collective); an `Err` without coordinates.
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::grid(&petsc.world()).sizes([5, 3]).build()?;
    /// da.set_uniform_coordinates_to([(-1.0, 1.0), (0.0, 2.0)])?;
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
        coordinates::periodicity(self)
    }

    /// Sets the periodicity of the coordinates (`DMSetPeriodicity`): each part, when
    /// given, has one value per dimension (example at [`Periodicity`]).
    #[doc(alias = "DMSetPeriodicity")]
    fn set_periodicity(&mut self, p: &Periodicity) -> Result<()> {
        coordinates::set_periodicity(self, p)
    }

    // ----- options and adjacency ------------------------------------------------------

    crate::methods![for DmBase via dm_raw();
        /// Whether the DM keeps the map to the natural ordering (`DMGetUseNatural`).
        fn use_natural(&self) -> bool = DMGetUseNatural as "DMGetUseNatural";
        /// Asks the DM to keep the map to the natural ordering (`DMSetUseNatural`); set it
        /// before the DM is distributed.
        fn set_use_natural(&mut self, yes: bool) = DMSetUseNatural as "DMSetUseNatural";
    ];

    /// The default adjacency: `(use_cone, use_closure)` (`DMGetBasicAdjacency`).
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut da = petsc::Da::grid(&petsc.self_comm()).sizes([4]).build()?;
    /// da.set_basic_adjacency(true, false)?;
    /// assert_eq!(da.basic_adjacency()?, (true, false));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMGetBasicAdjacency")]
    fn basic_adjacency(&self) -> Result<(bool, bool)> {
        fields::basic_adjacency(self)
    }

    /// Sets the default adjacency (`DMSetBasicAdjacency`).
    #[doc(alias = "DMSetBasicAdjacency")]
    fn set_basic_adjacency(&mut self, use_cone: bool, use_closure: bool) -> Result<()> {
        fields::set_basic_adjacency(self, use_cone, use_closure)
    }

    crate::methods![for DmBase via dm_raw();
        /// The adjacency of field `field` (`DMGetAdjacency`); the field must exist.
        fn field_adjacency(&self, field: Int) -> (use_cone: bool, use_closure: bool)
            = DMGetAdjacency as "DMGetAdjacency", needs field_valid(field);
        /// Sets the adjacency of field `field` (`DMSetAdjacency`); the field must exist.
        fn set_field_adjacency(&mut self, field: Int, use_cone: bool, use_closure: bool)
            = DMSetAdjacency as "DMSetAdjacency", needs field_valid(field);
    ];

    // ----- fields ------------------------------------------------------------------------

    crate::methods![for DmBase via dm_raw();
        /// The number of fields (`DMGetNumFields`): the discretized fields of a DMPlex; a
        /// DMDA reports none up to PETSc 3.23.0 and its components from 3.23.1, where it keeps
        /// no discretizations (the calls that set fields are then an `Err`).
        fn num_fields(&self) -> Int = DMGetNumFields as "DMGetNumFields";
        /// Sets the number of fields, without discretizations (`DMSetNumFields`).
        ///
        /// ```
        /// use petsc::{DmBase, Plex};
        /// let petsc = petsc::Petsc::init()?;
        /// let mut mesh = Plex::box_mesh(&petsc.self_comm()).sizes([2, 2]).build()?;
        /// mesh.set_num_fields(2)?;
        /// assert_eq!(mesh.num_fields()?, 2);
        /// mesh.clear_fields()?;
        /// assert_eq!(mesh.num_fields()?, 0);
        /// assert!(mesh.set_num_fields(-1).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        fn set_num_fields(&mut self, n: Int)
            = DMSetNumFields as "DMSetNumFields", needs num_fields_valid(n);
        /// Removes every field (`DMClearFields`).
        fn clear_fields(&mut self) = DMClearFields as "DMClearFields";
    ];

    /// Copies this DM's fields to `to` (`DMCopyFields`).
    #[doc(alias = "DMCopyFields")]
    fn copy_fields(&self, to: &mut Self) -> Result<()>
    where
        Self: Sized,
    {
        fields::copy_fields(self, to)
    }

    /// A DM for the fields `fields` alone and the global indices of their unknowns
    /// (`DMCreateSubDM`; collective). Each field must be below
    /// [`num_fields`](Self::num_fields).
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut da = petsc::Da::grid(&petsc.self_comm()).sizes([3]).dof(2).build()?;
    /// da.set_num_fields(2)?;
    /// let (is, sub) = da.create_sub_dm(&[0])?;
    /// assert_eq!(is.indices()?.to_vec(), [0, 2, 4]);
    /// assert_eq!(sub.block_size()?, 1);
    /// assert!(da.create_sub_dm(&[2]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMCreateSubDM")]
    fn create_sub_dm(&self, fields: &[Int]) -> Result<(IndexSet, Dm)> {
        fields::create_sub_dm(self, fields)
    }

    /// The DM split by field: each field's name, global indices and DM
    /// (`DMCreateFieldDecomposition`; collective).
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::grid(&petsc.self_comm()).sizes([3]).dof(2).build()?;
    /// da.set_field_name(1, "v")?;
    /// let f = da.create_field_decomposition()?;
    /// assert_eq!(f.len(), 2);
    /// assert_eq!(f[1].name, "v");
    /// assert_eq!(f[1].is.indices()?.to_vec(), [1, 3, 5]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMCreateFieldDecomposition")]
    fn create_field_decomposition(&self) -> Result<Vec<FieldSplit>> {
        fields::create_field_decomposition(self)
    }

    /// The DM split into overlapping subdomains (`DMCreateDomainDecomposition`;
    /// collective), as additive Schwarz takes them (`-pc_asm_dm_subdomains`); empty
    /// where the DM type makes none.
    #[doc(alias = "DMCreateDomainDecomposition")]
    fn create_domain_decomposition(&self) -> Result<Vec<Subdomain>> {
        fields::create_domain_decomposition(self)
    }

    // ----- sections and star forests ---------------------------------------------

    /// The layout of local vectors by point, if the DM has one (`DMGetLocalSection`).
    ///
    /// ```
    /// use petsc::{DmBase, Section};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut da = petsc::Da::grid(&petsc.self_comm()).sizes([3]).build()?;
    /// let mut s = Section::new(&petsc.self_comm())?;
    /// s.set_chart(0, 3)?;
    /// s.set_up()?;
    /// da.set_local_section(&s)?;
    /// assert_eq!(da.local_section()?.unwrap().chart()?, 0..3);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMGetLocalSection")]
    fn local_section(&self) -> Result<Option<Section>> {
        self.lent(sys::DMGetLocalSection, Section::from_raw_borrowed)
    }

    /// Sets the layout of local vectors (`DMSetLocalSection`; PETSc keeps a reference).
    #[doc(alias = "DMSetLocalSection")]
    fn set_local_section(&mut self, section: &Section) -> Result<()> {
        sections::set_section(self, section, false)
    }

    /// The layout of global vectors by point, if the DM has one (`DMGetGlobalSection`;
    /// collective the first time).
    #[doc(alias = "DMGetGlobalSection")]
    fn global_section(&self) -> Result<Option<Section>> {
        self.lent(sys::DMGetGlobalSection, Section::from_raw_borrowed)
    }

    /// Sets the layout of global vectors (`DMSetGlobalSection`).
    #[doc(alias = "DMSetGlobalSection")]
    fn set_global_section(&mut self, section: &Section) -> Result<()> {
        sections::set_section(self, section, true)
    }

    /// Makes the star forest between the local and global layouts `local` and `global`
    /// and keeps it as the section SF (`DMCreateSectionSF`; collective); needs a point
    /// SF.
    #[doc(alias = "DMCreateSectionSF")]
    fn create_section_sf(&mut self, local: &Section, global: &Section) -> Result<()> {
        sections::create_section_sf(self, local, global)
    }

    /// The star forest from local to global unknowns (`DMGetSectionSF`; made from the
    /// sections if needed).
    #[doc(alias = "DMGetSectionSF")]
    fn section_sf(&self) -> Result<Option<StarForest>> {
        self.lent(sys::DMGetSectionSF, StarForest::from_raw_borrowed)
    }

    /// Sets the star forest from local to global unknowns (`DMSetSectionSF`).
    #[doc(alias = "DMSetSectionSF")]
    fn set_section_sf(&mut self, sf: &StarForest) -> Result<()> {
        sections::set_sf(self, sf, false)
    }

    /// The star forest of the points shared between ranks, if any (`DMGetPointSF`).
    ///
    /// ```
    /// use petsc::{DmBase, StarForest};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut da = petsc::Da::grid(&petsc.self_comm()).sizes([3]).build()?;
    /// let sf = StarForest::new(&petsc.self_comm())?;
    /// da.set_point_sf(&sf)?;
    /// assert_eq!(da.point_sf()?.unwrap().as_raw(), sf.as_raw());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMGetPointSF")]
    fn point_sf(&self) -> Result<Option<StarForest>> {
        self.lent(sys::DMGetPointSF, StarForest::from_raw_borrowed)
    }

    /// Sets the star forest of shared points (`DMSetPointSF`).
    #[doc(alias = "DMSetPointSF")]
    fn set_point_sf(&mut self, sf: &StarForest) -> Result<()> {
        sections::set_sf(self, sf, true)
    }

    // ----- labels -------------------------------------------------------------------

    crate::methods![for DmBase via dm_raw();
        /// Adds an empty label `name`, if the DM has none of that name (`DMCreateLabel`).
        ///
        /// ```
        /// use petsc::DmBase;
        /// let petsc = petsc::Petsc::init()?;
        /// let mut da = petsc::Da::grid(&petsc.self_comm()).sizes([4]).build()?;
        /// da.create_label("marker")?;
        /// da.set_label_value("marker", 2, 7)?;
        /// assert!(da.has_label("marker")?);
        /// assert_eq!(da.label_value("marker", 2)?, 7);
        /// assert_eq!(da.stratum_size("marker", 7)?, 1);
        /// assert!(da.label_value("nosuchlabel", 2).unwrap_err().to_string().contains("nosuchlabel"));
        /// # Ok::<(), petsc::Error>(())
        /// ```
        fn create_label(&mut self, name: &str) = DMCreateLabel as "DMCreateLabel";
        /// Whether the DM has a label `name` (`DMHasLabel`).
        fn has_label(&self, name: &str) -> bool = DMHasLabel as "DMHasLabel";
    ];

    /// The label `name`, if any (`DMGetLabel`): a handle of its own to the DM's label,
    /// so changes through it show in the DM.
    ///
    /// ```
    /// use petsc::DmBase;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut da = petsc::Da::grid(&petsc.self_comm()).sizes([4]).build()?;
    /// da.create_label("walls")?;
    /// let mut walls = da.label("walls")?.unwrap();
    /// walls.set_value(0, 1)?;
    /// assert_eq!(da.label_value("walls", 0)?, 1);
    /// assert!(da.label("none")?.is_none());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMGetLabel")]
    fn label(&self, name: &str) -> Result<Option<DmLabel>> {
        labels::label(self, name)
    }

    /// Adds the label `label` (`DMAddLabel`; the DM keeps a reference); a label of the
    /// same name is an `Err`.
    #[doc(alias = "DMAddLabel")]
    fn add_label(&mut self, label: &DmLabel) -> Result<()> {
        labels::add_label(self, label)
    }

    /// Removes the label `name` (`DMRemoveLabel`); an `Err` if there is none.
    #[doc(alias = "DMRemoveLabel")]
    fn remove_label(&mut self, name: &str) -> Result<()> {
        labels::remove_label(self, name)
    }

    crate::methods![for DmBase via dm_raw();
        /// The number of labels (`DMGetNumLabels`).
        fn num_labels(&self) -> Int = DMGetNumLabels as "DMGetNumLabels";
        /// The name of label number `index` (`DMGetLabelName`).
        fn label_name(&self, index: Int) -> String
            = DMGetLabelName as "DMGetLabelName", needs label_index_valid(index);
        /// The value of `point` in the label `name` (the label's default where unset;
        /// `DMGetLabelValue`); an `Err` if there is no such label.
        fn label_value(&self, name: &str, point: Int) -> Int
            = DMGetLabelValue as "DMGetLabelValue", needs label_valid(name);
        /// Gives `point` the value `value` in the label `name`, made if missing
        /// (`DMSetLabelValue`); a negative point is an `Err`.
        fn set_label_value(&mut self, name: &str, point: Int, value: Int)
            = DMSetLabelValue as "DMSetLabelValue", needs point_valid(point);
        /// Takes `point` out of the stratum `value` of the label `name`
        /// (`DMClearLabelValue`); an `Err` if there is no such label.
        fn clear_label_value(&mut self, name: &str, point: Int, value: Int)
            = DMClearLabelValue as "DMClearLabelValue", needs point_label_valid(point, name);
        /// The number of distinct values in the label `name` (`DMGetLabelSize`).
        fn label_size(&self, name: &str) -> Int
            = DMGetLabelSize as "DMGetLabelSize", needs label_valid(name);
        /// The number of points with value `value` in the label `name`
        /// (`DMGetStratumSize`).
        fn stratum_size(&self, name: &str, value: Int) -> Int
            = DMGetStratumSize as "DMGetStratumSize", needs label_valid(name);
        /// Empties the stratum `value` of the label `name` (`DMClearLabelStratum`).
        fn clear_label_stratum(&mut self, name: &str, value: Int)
            = DMClearLabelStratum as "DMClearLabelStratum", needs label_valid(name);
        /// Sets whether viewers write the label `name` (`DMSetLabelOutput`).
        fn set_label_output(&mut self, name: &str, output: bool)
            = DMSetLabelOutput as "DMSetLabelOutput", needs label_valid(name);
        /// Whether viewers write the label `name` (`DMGetLabelOutput`).
        fn label_output(&self, name: &str) -> bool
            = DMGetLabelOutput as "DMGetLabelOutput", needs label_valid(name);
    ];

    /// The distinct values of the label `name` (`DMGetLabelIdIS`).
    #[doc(alias = "DMGetLabelIdIS")]
    fn label_id_is(&self, name: &str) -> Result<IndexSet> {
        labels::label_id_is(self, name)
    }

    /// The points with value `value` in the label `name`, or `None` for an empty
    /// stratum (`DMGetStratumIS`).
    #[doc(alias = "DMGetStratumIS")]
    fn stratum_is(&self, name: &str, value: Int) -> Result<Option<IndexSet>> {
        labels::stratum_is(self, name, value)
    }
}
