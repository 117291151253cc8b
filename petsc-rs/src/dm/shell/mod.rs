//! A DM whose operations are given to it (`DMShell`): the [`DmShell`] handle.
//!
//! A [`DmShell`] makes the vectors and matrices it was given (copies of them), or calls
//! Rust closures for them; the closures can also move values between global and local
//! vectors and build a grid hierarchy (coarsen, refine, interpolation, restriction,
//! injection), so that a solver that asks its DM for these (`-pc_type mg` with a DM,
//! `KSPSetComputeOperators`) works on a layout PETSc knows nothing of.
//!
//! The closures are kept with the DM (the callback model of [`crate::ffi`]) and are
//! given the DM PETSc calls them for as a [`Dm`]: usually the shell itself, and, as in
//! C, the coarse or fine DM a coarsening or refinement made, which inherits the
//! shell's matrix closure (PETSc copies the routine to it). An `Err` or a panic in a
//! closure is the `Err` of the PETSc call that ran it.
//!
//! `mod.rs` holds the handle and the setters, `trampolines.rs` what PETSc calls.
//!
//! ```
//! use petsc::{DmBase, DmShell, Object, Vector};
//! let petsc = petsc::Petsc::init()?;
//! let c = petsc.self_comm();
//! let mut dm = DmShell::new(&c)?;
//! dm.set_create_global_vector(|dm: &petsc::Dm| Vector::new_mpi(&dm.comm(), Some(6), None))?;
//! let x = dm.create_global_vector()?;
//! assert_eq!(x.size()?, 6);
//! # Ok::<(), petsc::Error>(())
//! ```

use petsc_sys as sys;

use super::base::sealed::DmRaw;
use super::generic::wrap_kind;
use super::{Dm, DmBase, FieldDecomposition, FieldSplit, Subdomain};
use crate::callback::{CallbackKind, attach};
use crate::comm::Comm;
use crate::error::{Error, Result, check};
use crate::init::Petsc;
use crate::is::IndexSet;
use crate::mat::Mat;
use crate::object::{Object, petsc_handle, refuse_lent};
use crate::scalar::Int;
use crate::scatter::Scatter;
use crate::vec::{InsertMode, Vector};

mod trampolines;

use trampolines::*;

petsc_handle!(
    /// A DM whose vectors, matrices, transfers and hierarchy are given to it (`DM` of
    /// type `DMSHELL`), made by [`DmShell::new`]: for a solver that needs a DM over a
    /// layout of the program's own.
    ///
    /// ```
    /// use petsc::{DmBase, DmShell, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut dm = DmShell::new(&petsc.self_comm())?;
    /// dm.set_global_vector(&Vector::new_seq(&petsc.self_comm(), 4)?)?;
    /// assert_eq!(dm.create_global_vector()?.size()?, 4);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    ///
    /// Like every handle, it stays on its thread:
    ///
    /// ```compile_fail,E0277
    /// fn send<T: Send>(_: T) {}
    /// let petsc = petsc::Petsc::init()?;
    /// send(petsc::DmShell::new(&petsc.self_comm())?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMShell")]
    DmShell,
    sys::DM,
    sys::DMDestroy
);

impl DmRaw for DmShell {
    fn dm_raw(&self) -> sys::DM {
        self.ptr
    }

    fn wrap_dm(petsc: &Petsc, dm: sys::DM, ctx: &str) -> Result<DmShell> {
        let d = wrap_kind(petsc, dm, ctx, "shell", "a DMShell")?;
        Ok(DmShell::from_raw(petsc, d))
    }
}

impl DmBase for DmShell {}

impl DmShell {
    /// A new shell DM on `comm` (`DMShellCreate`; collective), with nothing set: give it
    /// vectors or closures before asking it for vectors.
    #[doc(alias = "DMShellCreate")]
    pub fn new(comm: &Comm) -> Result<DmShell> {
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new DM.
        check(unsafe { sys::DMShellCreate(comm.as_raw(), &mut d) })?;
        Ok(DmShell::from_raw(comm.petsc(), d))
    }

    /// Keeps `f` with the DM under `kind` and installs its trampoline with `set`.
    fn attach_with<F: ?Sized + 'static>(
        &mut self,
        kind: CallbackKind,
        f: Box<F>,
        set: impl FnOnce(sys::DM) -> sys::PetscErrorCode,
    ) -> Result<()> {
        // SAFETY: live DM; the closure is kept with it and found by the trampoline.
        unsafe { attach(&self.petsc, self.ptr as sys::PetscObject, kind, f) }?;
        check(set(self.ptr))
    }

    /// Refuses an object from another communicator, or lent by PETSc for a scope.
    fn check_given(&self, ctx: &str, what: &str, obj: &impl Object) -> Result<()> {
        refuse_lent(ctx, [obj as &dyn Object])?;
        if !self.comm().congruent(&obj.comm()) {
            return Err(Error::invalid(
                ctx,
                format!(
                    "the {what} lives on a communicator of {} rank(s), the DM on one of {}",
                    obj.comm().size(),
                    self.comm().size()
                ),
            ));
        }
        Ok(())
    }

    /// The matrix whose copies (same layout and nonzero pattern, values zero) the DM
    /// makes (`DMShellSetMatrix`; collective). The DM keeps a reference to it.
    ///
    /// ```
    /// use petsc::{DmBase, DmShell, Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(3, 3)).preallocate(1, 0).build()?;
    /// a.assemble()?;
    /// let mut dm = DmShell::new(&c)?;
    /// dm.set_matrix(&a)?;
    /// assert_eq!(dm.create_matrix()?.size()?, (3, 3));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMShellSetMatrix")]
    pub fn set_matrix(&mut self, mat: &Mat) -> Result<()> {
        mat.check_loan("DmShell::set_matrix")?;
        self.check_given("DmShell::set_matrix", "matrix", mat)?;
        // SAFETY: live DM and matrix; PETSc takes its own reference.
        check(unsafe { sys::DMShellSetMatrix(self.ptr, mat.ptr) })
    }

    /// The vector whose copies are the DM's global vectors (`DMShellSetGlobalVector`;
    /// collective). The DM keeps a reference to it; a global vector this DM made is
    /// ignored (as PETSc does, to avoid a cycle).
    #[doc(alias = "DMShellSetGlobalVector")]
    pub fn set_global_vector(&mut self, v: &Vector) -> Result<()> {
        self.check_given("DmShell::set_global_vector", "vector", v)?;
        // SAFETY: live DM and vector; PETSc takes its own reference.
        check(unsafe { sys::DMShellSetGlobalVector(self.ptr, v.ptr) })
    }

    /// The vector whose copies are the DM's local vectors (`DMShellSetLocalVector`).
    /// The DM keeps a reference to it.
    ///
    /// ```
    /// use petsc::{DmBase, DmShell, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut dm = DmShell::new(&c)?;
    /// dm.set_local_vector(&Vector::new_seq(&c, 7)?)?;
    /// assert_eq!(dm.create_local_vector()?.size()?, 7);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMShellSetLocalVector")]
    pub fn set_local_vector(&mut self, v: &Vector) -> Result<()> {
        const CTX: &str = "DmShell::set_local_vector";
        refuse_lent(CTX, [v as &dyn Object])?;
        if v.comm().size() != 1 {
            return Err(Error::invalid(
                CTX,
                "a local vector lives on one rank (PETSC_COMM_SELF)",
            ));
        }
        // SAFETY: live DM and vector; PETSc takes its own reference.
        check(unsafe { sys::DMShellSetLocalVector(self.ptr, v.ptr) })
    }

    /// Sets the closure that makes the DM's global vectors
    /// (`DMShellSetCreateGlobalVector`), called with the DM; the vector it returns is
    /// the new one (a new vector each time, not a second handle to a kept one), and
    /// becomes the DM's (`VecSetDM`), as a vector `DMCreateGlobalVector` makes. It
    /// replaces a vector given by [`set_global_vector`](Self::set_global_vector).
    #[doc(alias = "DMShellSetCreateGlobalVector")]
    pub fn set_create_global_vector<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Dm) -> Result<Vector> + 'static,
    {
        self.attach_with(
            CallbackKind::DmShellCreateGlobalVector,
            Box::new(f) as Box<VecFn>,
            |dm| {
                // SAFETY: live DM; the trampoline finds its closure through it.
                unsafe { sys::DMShellSetCreateGlobalVector(dm, Some(create_global_vector)) }
            },
        )
    }

    /// Sets the closure that makes the DM's local vectors (`DMShellSetCreateLocalVector`),
    /// as [`set_create_global_vector`](Self::set_create_global_vector) does for global
    /// ones.
    #[doc(alias = "DMShellSetCreateLocalVector")]
    pub fn set_create_local_vector<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Dm) -> Result<Vector> + 'static,
    {
        self.attach_with(
            CallbackKind::DmShellCreateLocalVector,
            Box::new(f) as Box<VecFn>,
            |dm| {
                // SAFETY: live DM; the trampoline finds its closure through it.
                unsafe { sys::DMShellSetCreateLocalVector(dm, Some(create_local_vector)) }
            },
        )
    }

    /// Sets the closures that move a global vector's values into a local vector
    /// (`DMShellSetGlobalToLocal`): `begin(dm, global, mode, local)` starts what `end`
    /// finishes (one of them may do all the work), for
    /// [`global_to_local`](DmBase::global_to_local) and the solvers that call it.
    ///
    /// ```
    /// use petsc::{DmBase, DmShell, InsertMode, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut dm = DmShell::new(&c)?;
    /// dm.set_global_vector(&Vector::new_seq(&c, 3)?)?;
    /// dm.set_local_vector(&Vector::new_seq(&c, 3)?)?;
    /// // Local values are twice the global ones.
    /// dm.set_global_to_local(
    ///     |_, g, _, l| { l.copy_from(g)?; l.scale(2.0) },
    ///     |_, _, _, _| Ok(()),
    /// )?;
    /// let g = Vector::from_slice(&c, &[1.0, 2.0, 3.0])?;
    /// let mut l = dm.create_local_vector()?;
    /// dm.global_to_local(&g, InsertMode::Insert, &mut l)?;
    /// assert_eq!(&l.view()?[..], &[2.0, 4.0, 6.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMShellSetGlobalToLocal")]
    pub fn set_global_to_local<B, E>(&mut self, begin: B, end: E) -> Result<()>
    where
        B: FnMut(&Dm, &Vector, InsertMode, &mut Vector) -> Result<()> + 'static,
        E: FnMut(&Dm, &Vector, InsertMode, &mut Vector) -> Result<()> + 'static,
    {
        self.set_transfer(
            [
                CallbackKind::DmShellGlobalToLocalBegin,
                CallbackKind::DmShellGlobalToLocalEnd,
            ],
            Box::new(begin),
            Box::new(end),
            |dm| {
                // SAFETY: live DM; the trampolines find their closures through it.
                unsafe { sys::DMShellSetGlobalToLocal(dm, Some(g2l_begin), Some(g2l_end)) }
            },
        )
    }

    /// Sets the closures that move a local vector's values into a global vector
    /// (`DMShellSetLocalToGlobal`), as [`set_global_to_local`](Self::set_global_to_local)
    /// does the other way: `begin(dm, local, mode, global)`.
    #[doc(alias = "DMShellSetLocalToGlobal")]
    pub fn set_local_to_global<B, E>(&mut self, begin: B, end: E) -> Result<()>
    where
        B: FnMut(&Dm, &Vector, InsertMode, &mut Vector) -> Result<()> + 'static,
        E: FnMut(&Dm, &Vector, InsertMode, &mut Vector) -> Result<()> + 'static,
    {
        self.set_transfer(
            [
                CallbackKind::DmShellLocalToGlobalBegin,
                CallbackKind::DmShellLocalToGlobalEnd,
            ],
            Box::new(begin),
            Box::new(end),
            |dm| {
                // SAFETY: live DM; the trampolines find their closures through it.
                unsafe { sys::DMShellSetLocalToGlobal(dm, Some(l2g_begin), Some(l2g_end)) }
            },
        )
    }

    /// Sets the closures that move values between two local vectors
    /// (`DMShellSetLocalToLocal`): `begin(dm, from, mode, to)`.
    #[doc(alias = "DMShellSetLocalToLocal")]
    pub fn set_local_to_local<B, E>(&mut self, begin: B, end: E) -> Result<()>
    where
        B: FnMut(&Dm, &Vector, InsertMode, &mut Vector) -> Result<()> + 'static,
        E: FnMut(&Dm, &Vector, InsertMode, &mut Vector) -> Result<()> + 'static,
    {
        self.set_transfer(
            [
                CallbackKind::DmShellLocalToLocalBegin,
                CallbackKind::DmShellLocalToLocalEnd,
            ],
            Box::new(begin),
            Box::new(end),
            |dm| {
                // SAFETY: live DM; the trampolines find their closures through it.
                unsafe { sys::DMShellSetLocalToLocal(dm, Some(l2l_begin), Some(l2l_end)) }
            },
        )
    }

    /// Keeps a pair of transfer closures and installs their trampolines.
    fn set_transfer(
        &mut self,
        kinds: [CallbackKind; 2],
        begin: Box<TransferFn>,
        end: Box<TransferFn>,
        set: impl FnOnce(sys::DM) -> sys::PetscErrorCode,
    ) -> Result<()> {
        // SAFETY: live DM; each closure is kept with it and found by its trampoline.
        unsafe { attach(&self.petsc, self.ptr as sys::PetscObject, kinds[0], begin) }?;
        self.attach_with(kinds[1], end, set)
    }

    /// The scatter that moves a global vector's values into a local vector
    /// (`DMShellSetGlobalToLocalVecScatter`), from a global vector of this DM to one of
    /// its local vectors. The DM keeps a reference to it.
    #[doc(alias = "DMShellSetGlobalToLocalVecScatter")]
    pub fn set_global_to_local_vec_scatter(&mut self, scatter: &Scatter) -> Result<()> {
        self.check_given(
            "DmShell::set_global_to_local_vec_scatter",
            "scatter",
            scatter,
        )?;
        // SAFETY: live DM and scatter; PETSc takes its own references (the shell's and the
        // one composed where the transfers' checks find its sizes).
        check(unsafe { sys::petscrs_DMShellSetTransferScatter(self.ptr, 0, scatter.ptr) })
    }

    /// The scatter that moves a local vector's values into a global vector
    /// (`DMShellSetLocalToGlobalVecScatter`). The DM keeps a reference to it.
    #[doc(alias = "DMShellSetLocalToGlobalVecScatter")]
    pub fn set_local_to_global_vec_scatter(&mut self, scatter: &Scatter) -> Result<()> {
        self.check_given(
            "DmShell::set_local_to_global_vec_scatter",
            "scatter",
            scatter,
        )?;
        // SAFETY: live DM and scatter; PETSc takes its own references (the shell's and the
        // one composed where the transfers' checks find its sizes).
        check(unsafe { sys::petscrs_DMShellSetTransferScatter(self.ptr, 1, scatter.ptr) })
    }

    /// The scatter between two local vectors (`DMShellSetLocalToLocalVecScatter`), on
    /// each rank's own communicator. The DM keeps a reference to it.
    #[doc(alias = "DMShellSetLocalToLocalVecScatter")]
    pub fn set_local_to_local_vec_scatter(&mut self, scatter: &Scatter) -> Result<()> {
        refuse_lent(
            "DmShell::set_local_to_local_vec_scatter",
            [scatter as &dyn Object],
        )?;
        // SAFETY: live DM and scatter; PETSc takes its own references (the shell's and the
        // one composed where the transfers' checks find its sizes).
        check(unsafe { sys::petscrs_DMShellSetTransferScatter(self.ptr, 2, scatter.ptr) })
    }

    /// Sets the closure that makes the DM's matrices (`DMShellSetCreateMatrix`), called
    /// with the DM. Coarser and finer DMs made by this one's
    /// [`set_coarsen`](Self::set_coarsen)/[`set_refine`](Self::set_refine) closures
    /// use it too (called with them), as in C.
    #[doc(alias = "DMShellSetCreateMatrix")]
    pub fn set_create_matrix<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Dm) -> Result<Mat> + 'static,
    {
        self.attach_with(
            CallbackKind::DmShellCreateMatrix,
            Box::new(f) as Box<MatFn>,
            |dm| {
                // SAFETY: live DM; the trampoline finds its closure through it.
                unsafe { sys::DMShellSetCreateMatrix(dm, Some(create_matrix)) }
            },
        )
    }

    /// Sets the closure that makes a coarser DM (`DMShellSetCoarsen`), for
    /// [`coarsen`](DmBase::coarsen) and multigrid; the DM it returns (a shell of its
    /// own, usually, with its closures) becomes the next level.
    #[doc(alias = "DMShellSetCoarsen")]
    pub fn set_coarsen<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Dm) -> Result<Dm> + 'static,
    {
        self.attach_with(
            CallbackKind::DmShellCoarsen,
            Box::new(f) as Box<LevelFn>,
            |dm| {
                // SAFETY: live DM; the trampoline finds its closure through it.
                unsafe { sys::DMShellSetCoarsen(dm, Some(coarsen)) }
            },
        )
    }

    /// Sets the closure that makes a finer DM (`DMShellSetRefine`), for
    /// [`refine`](DmBase::refine).
    #[doc(alias = "DMShellSetRefine")]
    pub fn set_refine<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Dm) -> Result<Dm> + 'static,
    {
        self.attach_with(
            CallbackKind::DmShellRefine,
            Box::new(f) as Box<LevelFn>,
            |dm| {
                // SAFETY: live DM; the trampoline finds its closure through it.
                unsafe { sys::DMShellSetRefine(dm, Some(refine)) }
            },
        )
    }

    /// Sets the closure that makes the interpolation from this (coarse) DM to a fine one
    /// (`DMShellSetCreateInterpolation`): `f(coarse, fine)` returns the matrix and,
    /// optionally, the scaling vector (`None` when the caller asked for one gives none).
    #[doc(alias = "DMShellSetCreateInterpolation")]
    pub fn set_create_interpolation<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Dm, &Dm) -> Result<(Mat, Option<Vector>)> + 'static,
    {
        let f = Box::new(f) as Box<InterpolationFn>;
        self.attach_with(CallbackKind::DmShellCreateInterpolation, f, |dm| {
            // SAFETY: live DM; the trampoline finds its closure through it.
            unsafe { sys::DMShellSetCreateInterpolation(dm, Some(create_interpolation)) }
        })
    }

    /// Sets the closure that makes the restriction from a fine DM to this (coarse) one
    /// (`DMShellSetCreateRestriction`): `f(coarse, fine)`.
    #[doc(alias = "DMShellSetCreateRestriction")]
    pub fn set_create_restriction<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Dm, &Dm) -> Result<Mat> + 'static,
    {
        self.attach_with(
            CallbackKind::DmShellCreateRestriction,
            Box::new(f) as Box<OperatorFn>,
            |dm| {
                // SAFETY: live DM; the trampoline finds its closure through it.
                unsafe { sys::DMShellSetCreateRestriction(dm, Some(create_restriction)) }
            },
        )
    }

    /// Sets the closure that makes the injection from a fine DM to this (coarse) one
    /// (`DMShellSetCreateInjection`): `f(coarse, fine)`.
    #[doc(alias = "DMShellSetCreateInjection")]
    pub fn set_create_injection<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Dm, &Dm) -> Result<Mat> + 'static,
    {
        self.attach_with(
            CallbackKind::DmShellCreateInjection,
            Box::new(f) as Box<OperatorFn>,
            |dm| {
                // SAFETY: live DM; the trampoline finds its closure through it.
                unsafe { sys::DMShellSetCreateInjection(dm, Some(create_injection)) }
            },
        )
    }

    /// Sets the closure that makes the DM of some of this DM's fields
    /// (`DMShellSetCreateSubDM`): `f(dm, fields)` returns the index set of those fields'
    /// unknowns in this DM's global vectors and their DM, for
    /// [`create_sub_dm`](DmBase::create_sub_dm) and field splits.
    #[doc(alias = "DMShellSetCreateSubDM")]
    pub fn set_create_sub_dm<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Dm, &[Int]) -> Result<(IndexSet, Dm)> + 'static,
    {
        self.attach_with(
            CallbackKind::DmShellCreateSubDm,
            Box::new(f) as Box<SubDmFn>,
            |dm| {
                // SAFETY: live DM; the trampoline finds its closure through it.
                unsafe { sys::DMShellSetCreateSubDM(dm, Some(create_sub_dm)) }
            },
        )
    }

    /// Sets the closure that splits the DM by field (`DMShellSetCreateFieldDecomposition`):
    /// `f(dm)` returns each field's name, the index set of its unknowns in this DM's
    /// global vectors, and its own DM for every field or for none (a mixture is an
    /// `Err`: PETSc's field split reads every entry of a list), for
    /// [`create_field_decomposition`](DmBase::create_field_decomposition) and
    /// `-pc_type fieldsplit` on a solver with this DM.
    ///
    /// ```
    /// use petsc::{DmBase, DmShell, FieldSplit, IndexSet, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut dm = DmShell::new(&c)?;
    /// dm.set_global_vector(&Vector::new_seq(&c, 4)?)?;
    /// let me = c.clone();
    /// dm.set_create_field_decomposition(move |_| {
    ///     Ok(vec![
    ///         FieldSplit { name: "u".into(), is: IndexSet::new_general(&me, &[0, 2])?, dm: None },
    ///         FieldSplit { name: "v".into(), is: IndexSet::new_general(&me, &[1, 3])?, dm: None },
    ///     ])
    /// })?;
    /// let split = dm.create_field_decomposition()?;
    /// assert_eq!(split[1].name, "v");
    /// assert_eq!(&*split[1].is.indices()?, &[1, 3]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    ///
    /// The closure may instead return a [`FieldDecomposition`], each list given or not
    /// (fields without names, without index sets, or without DMs), as petsc4py's closures
    /// may; lists of different lengths are an `Err`.
    #[doc(alias = "DMShellSetCreateFieldDecomposition")]
    pub fn set_create_field_decomposition<F, R>(&mut self, mut f: F) -> Result<()>
    where
        F: FnMut(&Dm) -> Result<R> + 'static,
        R: IntoFieldDecomposition,
    {
        let f = Box::new(move |dm: &Dm| f(dm)?.into_field_decomposition()) as Box<FieldsFn>;
        self.attach_with(CallbackKind::DmShellCreateFieldDecomposition, f, |dm| {
            // SAFETY: live DM; the trampoline finds its closure through it.
            unsafe { sys::DMShellSetCreateFieldDecomposition(dm, Some(create_field_decomposition)) }
        })
    }

    /// Sets the closure that splits the DM into overlapping subdomains
    /// (`DMShellSetCreateDomainDecomposition`): `f(dm)` returns each subdomain's name,
    /// its own unknowns (`inner`) and those its overlap reaches (`outer`), as global
    /// indices, and a DM for every subdomain or for none, for
    /// [`create_domain_decomposition`](DmBase::create_domain_decomposition) and
    /// additive Schwarz (`-pc_type asm -pc_asm_dm_subdomains`).
    ///
    /// ```
    /// use petsc::{DmBase, DmShell, IndexSet, Subdomain, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut dm = DmShell::new(&c)?;
    /// dm.set_global_vector(&Vector::new_seq(&c, 4)?)?;
    /// let me = c.clone();
    /// dm.set_create_domain_decomposition(move |_| {
    ///     let is = |i: &[petsc::Int]| IndexSet::new_general(&me, i);
    ///     Ok(vec![
    ///         Subdomain { name: "left".into(), inner: is(&[0, 1])?, outer: is(&[0, 1, 2])?, dm: None },
    ///         Subdomain { name: "right".into(), inner: is(&[2, 3])?, outer: is(&[1, 2, 3])?, dm: None },
    ///     ])
    /// })?;
    /// let parts = dm.create_domain_decomposition()?;
    /// assert_eq!(parts[1].name, "right");
    /// assert_eq!(&*parts[1].outer.indices()?, &[1, 2, 3]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMShellSetCreateDomainDecomposition")]
    pub fn set_create_domain_decomposition<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Dm) -> Result<Vec<Subdomain>> + 'static,
    {
        let f = Box::new(f) as Box<SubdomainsFn>;
        self.attach_with(CallbackKind::DmShellCreateDomainDecomposition, f, |dm| {
            // SAFETY: live DM; the trampoline finds its closure through it.
            unsafe {
                sys::DMShellSetCreateDomainDecomposition(dm, Some(create_domain_decomposition))
            }
        })
    }
}

/// What a [`DmShell::set_create_field_decomposition`] closure returns: one
/// [`FieldSplit`] per field (`Vec<FieldSplit>`), or the lists of a
/// [`FieldDecomposition`], each given or not.
pub trait IntoFieldDecomposition {
    /// The lists PETSc is given; an `Err` for what cannot be given (some fields with a
    /// DM and some without).
    fn into_field_decomposition(self) -> Result<FieldDecomposition>;
}

impl IntoFieldDecomposition for FieldDecomposition {
    fn into_field_decomposition(self) -> Result<FieldDecomposition> {
        Ok(self)
    }
}

impl IntoFieldDecomposition for Vec<FieldSplit> {
    fn into_field_decomposition(self) -> Result<FieldDecomposition> {
        let n = self.len();
        // PETSc's readers take a list of DMs with every entry set, or no list.
        let with_dms = self.iter().filter(|s| s.dm.is_some()).count();
        if with_dms != 0 && with_dms != n {
            return Err(Error::invalid(
                CallbackKind::DmShellCreateFieldDecomposition.name(),
                format!("{with_dms} of {n} fields have a DM: give one to every field or to none"),
            ));
        }
        let (mut names, mut iss, mut dms) = (Vec::new(), Vec::new(), Vec::new());
        for s in self {
            names.push(s.name);
            iss.push(s.is);
            dms.extend(s.dm);
        }
        Ok(FieldDecomposition {
            names: Some(names),
            index_sets: Some(iss),
            dms: (with_dms != 0).then_some(dms),
        })
    }
}
