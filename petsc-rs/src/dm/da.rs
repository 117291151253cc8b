//! The [`Da`] handle: vectors and matrices of its grid, halo exchange, coordinates,
//! field names, and the array views of its vectors.

use std::cell::Cell;
use std::ffi::CStr;
use std::os::raw::c_char;

use petsc_sys as sys;

use super::{Corners, DaInfo, DaView, DaViewMut, DmBase, Layout};
use crate::error::{Error, Result, c_string, check};
use crate::mat::Mat;
use crate::object::petsc_handle;
use crate::scalar::{Int, Real};
use crate::scatter::Scatter;
use crate::vec::{InsertMode, Vector};

petsc_handle!(
    /// A distributed structured grid (`DM` of type `DMDA`), made with [`Da::grid`].
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::grid(&petsc.world()).sizes([10]).dof(2).build()?;
    /// let info = da.info()?;
    /// assert_eq!((info.dim, info.mx, info.dof), (1, 10, 2));
    /// assert_eq!(da.create_global_vector()?.size()?, 20);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    Da,
    sys::DM,
    sys::DMDestroy,
    geometry: Cell<Option<Geometry>> = Cell::new(None)
);

/// The parts of a set-up DMDA that views need, cached in the handle (a DMDA's layout
/// never changes after `DMSetUp`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Geometry {
    dim: usize,
    dof: Int,
    owned: Corners,
    ghosted: Corners,
}

impl Da {
    /// Reads the options of a grid already laid out (`DMSetFromOptions` without the
    /// DMDA's own: collective): the DM's generic ones (`-dm_vec_type`, `-dm_mat_type`,
    /// ...) and the options handlers
    /// ([`add_options_handler`](crate::OptionsHandlers::add_options_handler)). The
    /// grid's own options (`-da_grid_x`, `-da_refine`, ...) are read when it is built
    /// ([`DaBuilder::from_options`](crate::DaBuilder::from_options)): PETSc reads them
    /// before `DMSetUp` only (3.22 refuses them after it, and 3.18 changed the sizes
    /// of a grid already laid out).
    ///
    /// ```
    /// use std::{cell::Cell, rc::Rc};
    /// use petsc::OptionsHandlers;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut da = petsc::Da::grid(&petsc.self_comm()).sizes([3, 3]).build()?;
    /// let calls = Rc::new(Cell::new(0));
    /// let seen = calls.clone();
    /// da.add_options_handler(move |_| Ok(seen.set(seen.get() + 1)))?;
    /// da.set_from_options()?;
    /// assert_eq!(calls.get(), 1);
    /// assert_eq!(da.info()?.mx, 3);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMSetFromOptions")]
    pub fn set_from_options(&mut self) -> Result<()> {
        // SAFETY: live, set-up DMDA; the shim restores its type's hook.
        crate::error::check_from_options(unsafe { sys::petscrs_DMSetFromOptionsSetUp(self.ptr) })
    }

    /// The grid and this rank's part of it (`DMDAGetInfo` + `DMDAGetLocalInfo`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::grid(&petsc.self_comm()).sizes([6]).stencil_width(2).build()?;
    /// let info = da.info()?;
    /// assert_eq!((info.xs, info.xm, info.gxs, info.gxm), (0, 6, 0, 6));
    /// assert_eq!(info.stencil_width, 2);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMDAGetInfo")]
    pub fn info(&self) -> Result<DaInfo> {
        let mut li = sys::DMDALocalInfo::default();
        // SAFETY: live, set-up DMDA; PETSc fills the struct.
        check(unsafe { sys::DMDAGetLocalInfo(self.ptr, &mut li) })?;
        DaInfo::from_local_info(&li)
    }

    fn geometry(&self) -> Result<Geometry> {
        if let Some(g) = self.geometry.get() {
            return Ok(g);
        }
        let info = self.info()?;
        let g = Geometry {
            dim: info.dim,
            dof: info.dof,
            owned: info.corners(),
            ghosted: info.ghost_corners(),
        };
        self.geometry.set(Some(g));
        Ok(g)
    }

    /// The box of grid points this rank owns (`DMDAGetCorners`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// let da = petsc::Da::grid(&world).sizes([7, 5]).build()?;
    /// let c = da.corners()?;
    /// // The boxes of all ranks partition the grid.
    /// let mut owned = petsc::Vector::new_mpi(&world, Some(1), None)?;
    /// owned.set(c.count() as f64)?;
    /// assert_eq!(owned.sum()?, 35.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMDAGetCorners")]
    pub fn corners(&self) -> Result<Corners> {
        Ok(self.geometry()?.owned)
    }

    /// The box of this rank's local vectors, ghost points included
    /// (`DMDAGetGhostCorners`).
    ///
    /// ```
    /// use petsc::BoundaryType::Periodic;
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::grid(&petsc.self_comm())
    ///     .sizes([5])
    ///     .boundary([Periodic])
    ///     .build()?;
    /// assert_eq!(da.ghost_corners()?, petsc::Corners { start: [-1, 0, 0], len: [7, 1, 1] });
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMDAGetGhostCorners")]
    pub fn ghost_corners(&self) -> Result<Corners> {
        Ok(self.geometry()?.ghosted)
    }

    /// A new global vector (this rank's owned points, no ghosts; `DMCreateGlobalVector`),
    /// zero.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::grid(&petsc.world()).sizes([3, 4, 5]).build()?;
    /// assert_eq!(da.create_global_vector()?.size()?, 60);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMCreateGlobalVector")]
    pub fn create_global_vector(&self) -> Result<Vector> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live DMDA; PETSc writes a new vector whose reference we take.
        check(unsafe { sys::DMCreateGlobalVector(self.ptr, &mut v) })?;
        Ok(Vector::from_raw(&self.petsc, v))
    }

    /// A new local vector (this rank's points and its ghosts, sequential;
    /// `DMCreateLocalVector`), zero.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::grid(&petsc.self_comm())
    ///     .sizes([4])
    ///     .boundary([petsc::BoundaryType::Ghosted])
    ///     .build()?;
    /// assert_eq!(da.create_local_vector()?.size()?, 6); // one ghost at each end
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMCreateLocalVector")]
    pub fn create_local_vector(&self) -> Result<Vector> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live DMDA; PETSc writes a new vector whose reference we take.
        check(unsafe { sys::DMCreateLocalVector(self.ptr, &mut v) })?;
        Ok(Vector::from_raw(&self.petsc, v))
    }

    /// The two scatters this grid's halo exchange runs (`DMDAGetScatter`), each a handle
    /// with its own reference: global to local (the owned entries of a global vector to
    /// the same points of the local vectors, ghosts included: what
    /// [`global_to_local`](Self::global_to_local) does), and local to local (each point
    /// of a local vector, ghosts included, from the local vector of the rank that owns
    /// it: `DMLocalToLocalBegin`). Both are set up; their type cannot be changed.
    ///
    /// ```
    /// use petsc::{BoundaryType as B, Da, InsertMode, ScatterMode};
    /// let petsc = petsc::Petsc::init()?;
    /// let da = Da::grid(&petsc.self_comm())
    ///     .sizes([4])
    ///     .boundary([B::Periodic])
    ///     .build()?;
    /// let g = petsc::Vector::from_slice(&petsc.self_comm(), &[1.0, 2.0, 3.0, 4.0])?;
    /// let (gtol, ltol) = da.scatter()?;
    /// let mut l = da.create_local_vector()?;
    /// gtol.scatter(&g, &mut l, InsertMode::Insert, ScatterMode::Forward)?;
    /// // Periodic: the ghosts on either side are the far ends.
    /// assert_eq!(&*l.view()?, &[4.0, 1.0, 2.0, 3.0, 4.0, 1.0]);
    /// let mut l2 = da.create_local_vector()?;
    /// ltol.scatter(&l, &mut l2, InsertMode::Insert, ScatterMode::Forward)?;
    /// assert_eq!(&*l2.view()?, &*l.view()?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMDAGetScatter")]
    pub fn scatter(&self) -> Result<(Scatter, Scatter)> {
        const CTX: &str = "Da::scatter";
        let i = self.info()?;
        let global = [i.my, i.mz, i.dof]
            .iter()
            .try_fold(i.mx, |n, &k| n.checked_mul(k))
            .ok_or_else(|| {
                Error::size_mismatch(CTX, "the grid has more entries than PetscInt holds")
            })?;
        let owned = i.xm * i.ym * i.zm * i.dof;
        let ghosted = i.gxm * i.gym * i.gzm * i.dof;
        let (mut gtol, mut ltol): (sys::VecScatter, sys::VecScatter) =
            (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live, set-up DMDA (`info` succeeded); PETSc lends the scatters it keeps.
        check(unsafe { sys::DMDAGetScatter(self.ptr, &mut gtol, &mut ltol) })?;
        // SAFETY: live scatters between this grid's global and local vectors, set up by
        // the DMDA; each handle takes its own reference.
        unsafe {
            Ok((
                Scatter::from_raw_kept(&self.petsc, gtol, (global, owned), (ghosted, ghosted))?,
                Scatter::from_raw_kept(&self.petsc, ltol, (ghosted, ghosted), (ghosted, ghosted))?,
            ))
        }
    }

    /// Fills the local vector `local` from the global vector `global`, ghost points
    /// included (halo exchange; `DMGlobalToLocalBegin`/`End`, collective). `mode` is
    /// usually [`InsertMode::Insert`]. Ghost points beyond a `None` or `Ghosted` boundary
    /// are left as they are.
    ///
    /// ```
    /// use petsc::{Da, InsertMode};
    /// let petsc = petsc::Petsc::init()?;
    /// let da = Da::grid(&petsc.world()).sizes([6]).build()?;
    /// let mut g = da.create_global_vector()?;
    /// g.set(2.0)?;
    /// let mut l = da.create_local_vector()?;
    /// da.global_to_local(&g, InsertMode::Insert, &mut l)?;
    /// assert!(l.view()?.iter().all(|&v| v == 2.0));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMGlobalToLocal")]
    pub fn global_to_local(
        &self,
        global: &Vector,
        mode: InsertMode,
        local: &mut Vector,
    ) -> Result<()> {
        // The layouts (which can differ on some ranks only) are checked on every rank at
        // once, and the entries borrowed, as for every DM.
        DmBase::global_to_local(self, global, mode, local)
    }

    /// Moves the local vector `local` into the global vector `global` (collective;
    /// `DMLocalToGlobalBegin`/`End`). With [`InsertMode::Insert`] owned points are
    /// copied and ghosts ignored; with [`InsertMode::Add`] every ghost's value is added
    /// to its owner's entry too (assembly of contributions).
    ///
    /// PETSc 3.18 refuses `Insert` (an `Err` on every rank, from PETSc) for a stencil
    /// wider than 0 when a direction that is not split over ranks has ghost points
    /// beyond its boundary: periodic in x, y or z, or (a quirk of 3.18) ghosted in y
    /// or z unless x is ghosted too. `Add` always works.
    ///
    /// ```
    /// use petsc::{BoundaryType::Periodic, Da, InsertMode};
    /// let petsc = petsc::Petsc::init()?;
    /// let da = Da::grid(&petsc.world()).sizes([6]).boundary([Periodic]).build()?;
    /// let mut l = da.create_local_vector()?;
    /// l.set(1.0)?;
    /// let mut g = da.create_global_vector()?;
    /// g.set(0.0)?;
    /// da.local_to_global(&l, InsertMode::Add, &mut g)?;
    /// // Each rank's local vector has its points and one ghost at each end.
    /// let ranks = petsc.world().size() as f64;
    /// assert_eq!(g.sum()?, 6.0 + 2.0 * ranks);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMLocalToGlobal")]
    pub fn local_to_global(
        &self,
        local: &Vector,
        mode: InsertMode,
        global: &mut Vector,
    ) -> Result<()> {
        // As in global_to_local.
        DmBase::local_to_global(self, local, mode, global)
    }

    /// Gives the grid evenly spaced coordinates (`DMDASetUniformCoordinates`;
    /// collective): one `(min, max)` pair per direction of the grid, x first. A wrong
    /// number of pairs is an `Err`, as are bounds PETSc refuses (`max < min`, not
    /// finite).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::grid(&petsc.self_comm()).sizes([5]).build()?;
    /// da.set_uniform_coordinates_to([(0.0, 1.0)])?;
    /// let x = da.coordinates()?;
    /// assert_eq!(&*x.view()?, &[0.0, 0.25, 0.5, 0.75, 1.0]);
    /// assert!(da.set_uniform_coordinates_to([(0.0, 1.0), (0.0, 1.0)]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMDASetUniformCoordinates")]
    pub fn set_uniform_coordinates_to(&self, bounds: impl AsRef<[(Real, Real)]>) -> Result<()> {
        let b = bounds.as_ref();
        let dim = self.geometry()?.dim;
        // Agreed: a rank with another number of pairs must not leave the others in the
        // collective call.
        let ctx = "Da::set_uniform_coordinates_to";
        let local = crate::dm::grid_builder::check_directions(ctx, "bounds", b.len(), dim);
        crate::object::Object::comm(self).agree(ctx, local)?;
        self.uniform(crate::dm::grid_builder::padded(b, (0.0, 0.0)))
    }

    /// `DMDASetUniformCoordinates` with a `(min, max)` pair for each of x, y and z.
    fn uniform(&self, [x, y, z]: [(Real, Real); 3]) -> Result<()> {
        // SAFETY: live, set-up DMDA; PETSc checks the bounds (collectively) and ignores
        // those past the dimension.
        check(unsafe { sys::DMDASetUniformCoordinates(self.ptr, x.0, x.1, y.0, y.1, z.0, z.1) })
    }

    /// Gives the grid evenly spaced coordinates from `min` to `max` in each direction
    /// (`DMDASetUniformCoordinates`); directions past the dimension are ignored.
    #[deprecated(
        since = "0.2.0",
        note = "use `set_uniform_coordinates_to([(xmin, xmax), ..])` (one pair per direction of the grid)"
    )]
    #[doc(alias = "DMDASetUniformCoordinates")]
    pub fn set_uniform_coordinates(
        &self,
        xmin: Real,
        xmax: Real,
        ymin: Real,
        ymax: Real,
        zmin: Real,
        zmax: Real,
    ) -> Result<()> {
        self.uniform([(xmin, xmax), (ymin, ymax), (zmin, zmax)])
    }

    /// The global coordinate vector (`DMGetCoordinates`): `dim` values per grid point,
    /// laid out like a global vector of [`coordinate_da`](Self::coordinate_da). It
    /// shares its values with the DMDA. An error if no coordinates were set.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::grid(&petsc.world()).sizes([3, 2]).build()?;
    /// da.set_uniform_coordinates_to([(0.0, 2.0), (0.0, 1.0)])?;
    /// let xy = da.coordinates()?;
    /// let cda = da.coordinate_da()?;
    /// let v = cda.view(&xy)?;
    /// for [i, j, k] in da.corners()?.iter() {
    ///     assert_eq!(v.get([i, j, k], 0), i as f64); // x = i * 2 / (3 - 1)
    ///     assert_eq!(v.get([i, j, k], 1), j as f64); // y = j * 1 / (2 - 1)
    /// }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMGetCoordinates")]
    pub fn coordinates(&self) -> Result<Vector> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live DMDA; PETSc returns its own vector or null (borrowed).
        check(unsafe { sys::DMGetCoordinates(self.ptr, &mut v) })?;
        if v.is_null() {
            return Err(Error::invalid(
                "Da::coordinates",
                "the DMDA has no coordinates; call set_uniform_coordinates_to first",
            ));
        }
        // SAFETY: live vector lent by PETSc; the handle takes its own reference.
        unsafe { Vector::from_raw_borrowed(&self.petsc, v) }
    }

    /// The DMDA of the coordinates (`DMGetCoordinateDM`): same grid, `dim` values per
    /// point, for viewing [`coordinates`](Self::coordinates) by `(i, j, k)`.
    #[doc(alias = "DMGetCoordinateDM")]
    pub fn coordinate_da(&self) -> Result<Da> {
        let mut dm: sys::DM = std::ptr::null_mut();
        // SAFETY: live DMDA; PETSc returns its own (borrowed) coordinate DM.
        check(unsafe { sys::DMGetCoordinateDM(self.ptr, &mut dm) })?;
        // SAFETY: live DM lent by PETSc; the handle takes its own reference.
        unsafe { Da::from_raw_borrowed(&self.petsc, dm) }
    }

    fn check_field(&self, ctx: &str, field: Int) -> Result<()> {
        let dof = self.geometry()?.dof;
        if field < 0 || field >= dof {
            return Err(Error::out_of_range(
                ctx,
                format!("field {field} is not in 0..{dof} (the DMDA's dof)"),
            ));
        }
        Ok(())
    }

    /// Names component `field` (`DMDASetFieldName`; shown by viewers).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::grid(&petsc.self_comm()).sizes([4]).dof(2).build()?;
    /// da.set_field_name(1, "pressure")?;
    /// assert_eq!(da.field_name(1)?, "pressure");
    /// assert!(da.set_field_name(2, "nope").is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMDASetFieldName")]
    pub fn set_field_name(&self, field: Int, name: &str) -> Result<()> {
        const CTX: &str = "Da::set_field_name";
        self.check_field(CTX, field)?;
        let n = c_string(CTX, name)?;
        // SAFETY: live, set-up DMDA; field checked; PETSc copies the string.
        check(unsafe { sys::DMDASetFieldName(self.ptr, field, n.as_ptr()) })
    }

    /// The name of component `field` (`DMDAGetFieldName`); empty if none was set.
    #[doc(alias = "DMDAGetFieldName")]
    pub fn field_name(&self, field: Int) -> Result<String> {
        self.check_field("Da::field_name", field)?;
        let mut p: *const c_char = std::ptr::null();
        // SAFETY: live, set-up DMDA; field checked; PETSc returns its own string or null.
        check(unsafe { sys::DMDAGetFieldName(self.ptr, field, &mut p) })?;
        if p.is_null() {
            return Ok(String::new());
        }
        // SAFETY: PETSc's NUL-terminated string, alive while the DMDA is.
        Ok(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
    }

    crate::methods![for Da;
        /// Sets the kind of coloring that finite-difference Jacobians on this grid use
        /// (`DMSetISColoringType`; PETSc's default is [`ColoringType::Global`]). The colored
        /// Jacobian of [`Snes::set_function_local`](crate::Snes::set_function_local)
        /// supports the global kind only, as C's `DMDASNESSetFunctionLocal` does.
        ///
        /// ```
        /// use petsc::{ColoringType, Da};
        /// let petsc = petsc::Petsc::init()?;
        /// let da = Da::grid(&petsc.world()).sizes([5]).build()?;
        /// assert_eq!(da.coloring_type()?, ColoringType::Global);
        /// da.set_coloring_type(ColoringType::Local)?;
        /// assert_eq!(da.coloring_type()?, ColoringType::Local);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_coloring_type(&self, ty: ColoringType)
            = DMSetISColoringType as "DMSetISColoringType";
    ];

    /// The kind of coloring of finite-difference Jacobians (`DMGetISColoringType`).
    #[doc(alias = "DMGetISColoringType")]
    pub fn coloring_type(&self) -> Result<ColoringType> {
        // SAFETY: live DMDA.
        unsafe { coloring_type_of(self.ptr) }
    }

    /// A matrix for operators on this grid (`DMCreateMatrix`; collective): AIJ unless
    /// `-dm_mat_type` says otherwise, preallocated for the stencil, with rows and
    /// columns addressable by grid point through [`Mat::set_values_stencil`].
    ///
    /// ```
    /// use petsc::{Da, InsertMode, Stencil};
    /// let petsc = petsc::Petsc::init()?;
    /// let da = Da::grid(&petsc.world()).sizes([5]).build()?;
    /// let mut a = da.create_matrix()?;
    /// for [i, _, _] in da.corners()?.iter() {
    ///     a.set_values_stencil(&[Stencil::new(i, 0, 0, 0)], &[Stencil::new(i, 0, 0, 0)], &[2.0], InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// assert_eq!(a.size()?, (5, 5));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMCreateMatrix")]
    pub fn create_matrix(&self) -> Result<Mat> {
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live, set-up DMDA; PETSc writes a new matrix whose reference we take.
        check(unsafe { sys::DMCreateMatrix(self.ptr, &mut m) })?;
        Ok(Mat::from_raw(&self.petsc, m))
    }

    /// The layout a vector of `n` local entries has on this grid: this rank's owned box
    /// for a global vector, its ghosted box for a local vector.
    /// Refuses a vector whose DM (`VecGetDM`) is another DM with a different layout; a
    /// vector without a DM, or of a DMDA laid out like this one, passes.
    fn check_vector_dm(&self, ctx: &str, vec: sys::Vec) -> Result<()> {
        let mut dm: sys::DM = std::ptr::null_mut();
        // SAFETY: the callers pass a live vector; PETSc writes a borrowed DM or null.
        check(unsafe { sys::VecGetDM(vec, &mut dm) })?;
        if dm.is_null() || dm == self.ptr {
            return Ok(());
        }
        let mine = self.info()?;
        // PETSc checks the type in DMDAGetLocalInfo only in debugging builds: without,
        // it reads any DM's data as a DMDA's.
        // SAFETY: `dm` is live while `vec` holds it.
        if !unsafe { is_dmda(dm) }? {
            return Err(Error::invalid(
                ctx,
                "the vector belongs to a DM that is not a DMDA; pass a vector made by \
                 this DMDA",
            ));
        }
        let mut li = sys::DMDALocalInfo::default();
        // SAFETY: `dm` is a live DMDA (checked) while `vec` holds it.
        check(unsafe { sys::DMDAGetLocalInfo(dm, &mut li) })?;
        let theirs = DaInfo::from_local_info(&li)?;
        let shape = |i: &DaInfo| (i.dim, [i.mx, i.my, i.mz], i.dof);
        if shape(&mine) != shape(&theirs)
            || mine.corners() != theirs.corners()
            || mine.ghost_corners() != theirs.ghost_corners()
        {
            let (_, [x, y, z], dof) = shape(&theirs);
            let (_, [mx, my, mz], mdof) = shape(&mine);
            return Err(Error::size_mismatch(
                ctx,
                format!(
                    "the vector belongs to another DMDA ({x} x {y} x {z} points, dof {dof}) \
                     laid out unlike this one ({mx} x {my} x {mz}, dof {mdof}); pass a \
                     vector made by this DMDA"
                ),
            ));
        }
        Ok(())
    }

    /// The layout of `vec` as this DMDA's global or local vector: its local size must be
    /// one of the two, and a vector made by another DM must have this DMDA's layout
    /// (same grid, degrees of freedom and boxes), else the view would read it with the
    /// wrong shape.
    fn layout_for(&self, ctx: &str, vec: sys::Vec) -> Result<Layout> {
        let mut n: Int = 0;
        // SAFETY: the callers pass a live vector.
        check(unsafe { sys::VecGetLocalSize(vec, &mut n) })?;
        self.check_vector_dm(ctx, vec)?;
        let g = self.geometry()?;
        let owned = g.owned.count() as Int * g.dof;
        let ghosted = g.ghosted.count() as Int * g.dof;
        let (corners, is_local) = if n == owned {
            (g.owned, false)
        } else if n == ghosted {
            (g.ghosted, true)
        } else {
            return Err(Error::size_mismatch(
                ctx,
                format!(
                    "the vector has {n} entries on this rank, but this DMDA's global vectors have \
                     {owned} and its local vectors {ghosted}; pass a vector made by this DMDA"
                ),
            ));
        };
        Ok(Layout::new(g.dim, g.dof, corners, is_local))
    }

    /// A read-only view of `vec` indexed by global grid point `(i, j, k)` and component
    /// (`DMDAVecGetArrayRead`/`DMDAVecGetArrayDOFRead`), restored on drop.
    ///
    /// `vec` is a global vector of this DMDA (valid indices: the owned box,
    /// [`corners`](Self::corners)) or a local vector (the ghosted box,
    /// [`ghost_corners`](Self::ghost_corners)); any other vector is an `Err`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::grid(&petsc.self_comm()).sizes([3, 2]).build()?;
    /// let mut g = da.create_global_vector()?;
    /// g.set(1.5)?;
    /// let v = da.view(&g)?;
    /// assert_eq!(v[(2, 1)], 1.5);
    /// assert_eq!(v.get([2, 1, 0], 0), 1.5);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMDAVecGetArrayRead")]
    pub fn view<'v>(&self, vec: &'v Vector) -> Result<DaView<'v>> {
        let layout = self.layout_for("Da::view", vec.ptr)?;
        // SAFETY: `vec` outlives the view ('v); its size matches `layout`.
        unsafe { DaView::acquire(vec.ptr, Some(vec.handle_id()), layout) }
    }

    /// A writable view of `vec` indexed by global grid point `(i, j, k)` and component
    /// (`DMDAVecGetArray`/`DMDAVecGetArrayDOF`), restored on drop. Valid indices as for
    /// [`view`](Self::view).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::grid(&petsc.self_comm()).sizes([2, 2, 2]).dof(2).build()?;
    /// let mut g = da.create_global_vector()?;
    /// {
    ///     let mut v = da.view_mut(&mut g)?;
    ///     for p in da.corners()?.iter() {
    ///         v.set(p, 1, 3.0);
    ///         v.at_mut(p)[0] = 1.0;
    ///     }
    /// }
    /// assert_eq!(g.sum()?, 8.0 * 4.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMDAVecGetArray")]
    pub fn view_mut<'v>(&self, vec: &'v mut Vector) -> Result<DaViewMut<'v>> {
        let layout = self.layout_for("Da::view_mut", vec.ptr)?;
        // SAFETY: `vec` is borrowed mutably for 'v; its size matches `layout`.
        unsafe { DaViewMut::acquire(vec.ptr, Some(vec.handle_id()), layout) }
    }

    /// [`view`](Self::view) of a raw vector, for callbacks that receive PETSc's `Vec`.
    ///
    /// # Safety
    /// `vec` must be a live vector that outlives `'v` and is not written meanwhile.
    #[allow(dead_code)]
    pub(crate) unsafe fn view_raw<'v>(&self, vec: sys::Vec) -> Result<DaView<'v>> {
        let layout = self.layout_for("Da::view", vec)?;
        // SAFETY: the caller's guarantee; size matches `layout`.
        unsafe { DaView::acquire(vec, None, layout) }
    }

    /// [`view_mut`](Self::view_mut) of a raw vector, for callbacks that receive PETSc's
    /// `Vec`.
    ///
    /// # Safety
    /// `vec` must be a live vector that outlives `'v` and is not accessed otherwise
    /// meanwhile.
    #[allow(dead_code)]
    pub(crate) unsafe fn view_mut_raw<'v>(&self, vec: sys::Vec) -> Result<DaViewMut<'v>> {
        let layout = self.layout_for("Da::view_mut", vec)?;
        // SAFETY: the caller's guarantee; size matches `layout`.
        unsafe { DaViewMut::acquire(vec, None, layout) }
    }
}

crate::c_enum! {
    /// Which points a coloring colors (`ISColoringType`).
    #[doc(alias = "ISColoringType")]
    pub ColoringType: sys::ISColoringType {
        Global = IS_COLORING_GLOBAL "the points this rank owns.",
        Local = IS_COLORING_LOCAL "the owned and the ghost points.",
    }
}

/// The coloring type of a DM.
///
/// # Safety
/// `dm` must be a live DM.
pub(crate) unsafe fn coloring_type_of(dm: sys::DM) -> Result<ColoringType> {
    let mut t = sys::ISColoringType::IS_COLORING_GLOBAL;
    // SAFETY: live DM (caller); one output.
    check(unsafe { sys::DMGetISColoringType(dm, &mut t) })?;
    Ok(if t == sys::ISColoringType::IS_COLORING_LOCAL {
        ColoringType::Local
    } else {
        ColoringType::Global
    })
}

/// Whether `dm` is a DMDA.
///
/// # Safety
/// `dm` must be a live DM.
pub(crate) unsafe fn is_dmda(dm: sys::DM) -> Result<bool> {
    let mut flag = sys::PETSC_BOOL_FALSE;
    // SAFETY: live DM; NUL-terminated type name.
    check(unsafe {
        sys::PetscObjectTypeCompare(
            dm as sys::PetscObject,
            sys::DMDA.as_ptr() as *const _,
            &mut flag,
        )
    })?;
    Ok(flag == sys::PETSC_BOOL_TRUE)
}

// `Object`'s `set_from_options` on this handle are the class's own (see `object/hooks.rs`).
impl crate::ffi::ClassHooks<Da> for crate::ffi::ClassOf<Da> {
    fn set_from_options(&self, obj: &mut Da) -> crate::Result<()> {
        obj.set_from_options()
    }
}
