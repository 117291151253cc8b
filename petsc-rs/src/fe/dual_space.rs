//! Dual spaces (`PetscDualSpace`): the functionals (nodes) of a finite element
//! ([`Fe::dual_space`]): Lagrange nodes (continuous, discontinuous, tensor, trimmed) or
//! functionals given one by one (`simple`), on a reference cell given as a DM.
//!
//! ```
//! use petsc::{CellKind, DualSpace, DualSpaceType, Fe};
//! let petsc = petsc::Petsc::init()?;
//! let fe = Fe::builder(&petsc.self_comm(), 2, 1).cell(CellKind::Simplex).degree(2).build()?; // P2 triangles
//! let dual = fe.dual_space()?;
//! assert_eq!(dual.ty()?, Some(DualSpaceType::Lagrange));
//! assert_eq!(dual.dimension()?, 6);
//! assert_eq!(dual.order()?, 2);
//! assert!(dual.lagrange_continuity()?);
//! # Ok::<(), petsc::Error>(())
//! ```

use std::os::raw::c_char;

use petsc_sys as sys;

use super::{Fe, Quadrature};
use crate::comm::Comm;
use crate::declare::{from_petsc_bool, petsc_bool};
use crate::dm::{Dm, DmBase};
use crate::error::{Error, Result, check};
use crate::object::{Object, petsc_handle, type_enum};
use crate::scalar::Int;

petsc_handle!(
    /// A dual space (`PetscDualSpace`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let dual = petsc::DualSpace::new(&petsc.self_comm())?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscDualSpace")]
    DualSpace,
    sys::PetscDualSpace,
    sys::PetscDualSpaceDestroy
);

type_enum!(
/// Dual space types (`PetscDualSpaceType`); [`DualSpaceType::Other`] names any registered
/// type.
///
/// ```
/// use petsc::DualSpaceType;
/// assert_eq!(DualSpaceType::Lagrange.as_str(), "lagrange");
/// ```
DualSpaceType {
    Lagrange = "lagrange" "`PETSCDUALSPACELAGRANGE`: point evaluations at Lagrange nodes.",
    Simple = "simple" "`PETSCDUALSPACESIMPLE`: functionals given one by one.",
    Refined = "refined" "`PETSCDUALSPACEREFINED`: the dual spaces of a refined cell.",
    Bdm = "bdm" "`PETSCDUALSPACEBDM`: Brezzi-Douglas-Marini.",
});

// PetscDualSpace's prefix functions are the object ones.
unsafe fn set_prefix(p: sys::PetscDualSpace, s: *const c_char) -> sys::PetscErrorCode {
    // SAFETY: the caller passes a live dual space and a NUL-terminated string.
    unsafe { sys::PetscObjectSetOptionsPrefix(p as sys::PetscObject, s) }
}

unsafe fn append_prefix(p: sys::PetscDualSpace, s: *const c_char) -> sys::PetscErrorCode {
    // SAFETY: as in `set_prefix`.
    unsafe { sys::PetscObjectAppendOptionsPrefix(p as sys::PetscObject, s) }
}

unsafe fn get_prefix(p: sys::PetscDualSpace, s: *mut *const c_char) -> sys::PetscErrorCode {
    // SAFETY: the caller passes a live dual space and a place for the pointer.
    unsafe { sys::PetscObjectGetOptionsPrefix(p as sys::PetscObject, s) }
}

crate::class_methods! {
    DualSpace: DualSpaceType, "PetscDualSpace", sys::PetscDualSpaceList,
    example = "let mut obj = petsc::DualSpace::new(&petsc.self_comm())?;", a_type = "simple",
    inner = "",
    set_type = sys::PetscDualSpaceSetType as "PetscDualSpaceSetType",
    set_options_prefix = set_prefix as "PetscObjectSetOptionsPrefix",
    append_options_prefix = append_prefix as "PetscObjectAppendOptionsPrefix",
    options_prefix = get_prefix as "PetscObjectGetOptionsPrefix",
    set_from_options = sys::PetscDualSpaceSetFromOptions as "PetscDualSpaceSetFromOptions",
}

impl DualSpace {
    /// A dual space on `comm` (`PetscDualSpaceCreate`), Lagrange until another type is
    /// set.
    #[doc(alias = "PetscDualSpaceCreate")]
    pub fn new(comm: &Comm) -> Result<DualSpace> {
        let mut p: sys::PetscDualSpace = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc registers the types and writes the object.
        check(unsafe { sys::PetscDualSpaceCreate(comm.as_raw(), &mut p) })?;
        Ok(DualSpace::from_raw(comm.petsc(), p))
    }

    /// The same as [`new`](Self::new) (petsc4py's `create`).
    #[deprecated(
        since = "0.2.0",
        note = "use `DualSpace::new` (constructors are `new`/`new_*`)"
    )]
    #[doc(alias = "PetscDualSpaceCreate")]
    pub fn create(comm: &Comm) -> Result<DualSpace> {
        DualSpace::new(comm)
    }

    /// A copy with the same type and settings (`PetscDualSpaceDuplicate`).
    #[doc(alias = "PetscDualSpaceDuplicate")]
    pub fn duplicate(&self) -> Result<DualSpace> {
        self.has_dm("DualSpace::duplicate")?;
        let mut p: sys::PetscDualSpace = std::ptr::null_mut();
        // SAFETY: live dual space with its cell; PETSc writes the copy.
        check(unsafe { sys::PetscDualSpaceDuplicate(self.ptr, &mut p) })?;
        Ok(DualSpace::from_raw(&self.petsc, p))
    }

    /// The reference cell, if set.
    fn raw_dm(&self) -> Result<sys::DM> {
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live dual space; PETSc lends its cell (or null).
        check(unsafe { sys::PetscDualSpaceGetDM(self.ptr, &mut d) })?;
        Ok(d)
    }

    /// Refuses a dual space without a reference cell (PETSc reads it without checking).
    fn has_dm(&self, ctx: &str) -> Result<()> {
        if self.raw_dm()?.is_null() {
            return Err(Error::invalid(
                ctx,
                "the dual space has no reference cell: set_dm first",
            ));
        }
        Ok(())
    }

    /// Refuses a dual space of another type (PETSc ignores the setters of other types).
    fn of_type(&self, ctx: &str, want: DualSpaceType) -> Result<()> {
        if self.ty()? != Some(want.clone()) {
            return Err(Error::invalid(
                ctx,
                format!(
                    "the dual space has type '{}'; this needs '{}'",
                    self.type_name()?,
                    want.as_str()
                ),
            ));
        }
        Ok(())
    }

    /// The reference cell (`PetscDualSpaceGetDM`), with its own reference; `None`
    /// before one is set.
    #[doc(alias = "PetscDualSpaceGetDM")]
    pub fn dm(&self) -> Result<Option<Dm>> {
        let d = self.raw_dm()?;
        if d.is_null() {
            return Ok(None);
        }
        // SAFETY: the live cell; the handle takes its own reference.
        Ok(Some(unsafe { Dm::from_raw_borrowed(&self.petsc, d) }?))
    }

    /// Sets the reference cell (`PetscDualSpaceSetDM`; a DMPlex of one cell, as
    /// `Plex::create_reference_cell` makes); the dual space keeps its own reference.
    #[doc(alias = "PetscDualSpaceSetDM")]
    pub fn set_dm<D: DmBase + ?Sized>(&mut self, dm: &D) -> Result<()> {
        // SAFETY: both live; PETSc takes its own reference.
        check(unsafe { sys::PetscDualSpaceSetDM(self.ptr, dm.dm_raw()) })
    }

    crate::methods![for DualSpace;
        /// Prepares the dual space (`PetscDualSpaceSetUp`); needs the reference cell.
        pub fn set_up(&mut self) = PetscDualSpaceSetUp as "PetscDualSpaceSetUp",
            needs has_dm();
        /// The number of functionals (`PetscDualSpaceGetDimension`); needs the
        /// reference cell.
        pub fn dimension(&self) -> Int = PetscDualSpaceGetDimension as "PetscDualSpaceGetDimension",
            needs has_dm();
        /// The number of functionals inside the cell, not on its boundary
        /// (`PetscDualSpaceGetInteriorDimension`); needs the reference cell.
        pub fn interior_dimension(&self) -> Int
            = PetscDualSpaceGetInteriorDimension as "PetscDualSpaceGetInteriorDimension",
            needs has_dm();
        /// The number of components (`PetscDualSpaceGetNumComponents`).
        pub fn num_components(&self) -> Int
            = PetscDualSpaceGetNumComponents as "PetscDualSpaceGetNumComponents";
        /// Sets the number of components (`PetscDualSpaceSetNumComponents`).
        pub fn set_num_components(&mut self, nc: Int where nc >= 1)
            = PetscDualSpaceSetNumComponents as "PetscDualSpaceSetNumComponents";
        /// The order (`PetscDualSpaceGetOrder`).
        pub fn order(&self) -> Int = PetscDualSpaceGetOrder as "PetscDualSpaceGetOrder";
        /// Sets the order (`PetscDualSpaceSetOrder`).
        pub fn set_order(&mut self, order: Int where order >= 0)
            = PetscDualSpaceSetOrder as "PetscDualSpaceSetOrder";
    ];

    /// The number of functionals on each point of each dimension of the cell, vertices
    /// first (`PetscDualSpaceGetNumDof`); needs the reference cell.
    #[doc(alias = "PetscDualSpaceGetNumDof")]
    pub fn num_dof(&self) -> Result<Vec<Int>> {
        const CTX: &str = "DualSpace::num_dof";
        self.has_dm(CTX)?;
        let dim = self.dm()?.map_or(Ok(0), |d| d.dimension())?;
        let mut p: *const Int = std::ptr::null();
        // SAFETY: live dual space with its cell; PETSc lends `dim + 1` counts.
        check(unsafe { sys::PetscDualSpaceGetNumDof(self.ptr, &mut p) })?;
        if p.is_null() {
            return Err(Error::invalid(
                CTX,
                "PETSc has no counts for this dual space",
            ));
        }
        // SAFETY: `dim + 1` counts, copied at once.
        Ok(unsafe { std::slice::from_raw_parts(p, dim.max(0) as usize + 1) }.to_vec())
    }

    /// Functional `i` as a quadrature rule (`PetscDualSpaceGetFunctional`), with its own
    /// reference; `i` below [`dimension`](Self::dimension).
    #[doc(alias = "PetscDualSpaceGetFunctional")]
    pub fn functional(&self, i: Int) -> Result<Quadrature> {
        const CTX: &str = "DualSpace::functional";
        let n = self.dimension()?;
        if !(0..n).contains(&i) {
            return Err(Error::out_of_range(
                CTX,
                format!("functional {i}; the dual space has {n}"),
            ));
        }
        let mut q: sys::PetscQuadrature = std::ptr::null_mut();
        // SAFETY: live dual space; an index within its functionals (checked).
        check(unsafe { sys::PetscDualSpaceGetFunctional(self.ptr, i, &mut q) })?;
        if q.is_null() {
            return Err(Error::invalid(CTX, format!("functional {i} is not set")));
        }
        // SAFETY: the live rule; the handle takes its own reference.
        unsafe { Quadrature::from_raw_borrowed(&self.petsc, q) }
    }

    /// Whether Lagrange nodes are shared between cells (`PetscDualSpaceLagrangeGetContinuity`).
    #[doc(alias = "PetscDualSpaceLagrangeGetContinuity")]
    pub fn lagrange_continuity(&self) -> Result<bool> {
        self.lagrange_flag(
            "DualSpace::lagrange_continuity",
            sys::PetscDualSpaceLagrangeGetContinuity,
        )
    }

    /// Shares Lagrange nodes between cells or not (`PetscDualSpaceLagrangeSetContinuity`).
    #[doc(alias = "PetscDualSpaceLagrangeSetContinuity")]
    pub fn set_lagrange_continuity(&mut self, flag: bool) -> Result<()> {
        self.set_lagrange_flag(
            "DualSpace::set_lagrange_continuity",
            sys::PetscDualSpaceLagrangeSetContinuity,
            flag,
        )
    }

    /// Whether the Lagrange nodes form a tensor product (`PetscDualSpaceLagrangeGetTensor`).
    #[doc(alias = "PetscDualSpaceLagrangeGetTensor")]
    pub fn lagrange_tensor(&self) -> Result<bool> {
        self.lagrange_flag(
            "DualSpace::lagrange_tensor",
            sys::PetscDualSpaceLagrangeGetTensor,
        )
    }

    /// Makes the Lagrange nodes a tensor product (`PetscDualSpaceLagrangeSetTensor`).
    #[doc(alias = "PetscDualSpaceLagrangeSetTensor")]
    pub fn set_lagrange_tensor(&mut self, flag: bool) -> Result<()> {
        self.set_lagrange_flag(
            "DualSpace::set_lagrange_tensor",
            sys::PetscDualSpaceLagrangeSetTensor,
            flag,
        )
    }

    /// Whether the Lagrange space is trimmed (`PetscDualSpaceLagrangeGetTrimmed`).
    #[doc(alias = "PetscDualSpaceLagrangeGetTrimmed")]
    pub fn lagrange_trimmed(&self) -> Result<bool> {
        self.lagrange_flag(
            "DualSpace::lagrange_trimmed",
            sys::PetscDualSpaceLagrangeGetTrimmed,
        )
    }

    /// Makes the Lagrange space trimmed (`PetscDualSpaceLagrangeSetTrimmed`).
    #[doc(alias = "PetscDualSpaceLagrangeSetTrimmed")]
    pub fn set_lagrange_trimmed(&mut self, flag: bool) -> Result<()> {
        self.set_lagrange_flag(
            "DualSpace::set_lagrange_trimmed",
            sys::PetscDualSpaceLagrangeSetTrimmed,
            flag,
        )
    }

    fn lagrange_flag(
        &self,
        ctx: &str,
        get: unsafe extern "C" fn(sys::PetscDualSpace, *mut sys::PetscBool) -> sys::PetscErrorCode,
    ) -> Result<bool> {
        self.of_type(ctx, DualSpaceType::Lagrange)?;
        let mut b = petsc_bool(false);
        // SAFETY: live Lagrange dual space; PETSc writes the flag.
        check(unsafe { get(self.ptr, &mut b) })?;
        Ok(from_petsc_bool(b))
    }

    fn set_lagrange_flag(
        &mut self,
        ctx: &str,
        set: unsafe extern "C" fn(sys::PetscDualSpace, sys::PetscBool) -> sys::PetscErrorCode,
        flag: bool,
    ) -> Result<()> {
        self.of_type(ctx, DualSpaceType::Lagrange)?;
        // SAFETY: live Lagrange dual space.
        check(unsafe { set(self.ptr, petsc_bool(flag)) })
    }

    /// Sets the number of functionals of a `simple` dual space
    /// (`PetscDualSpaceSimpleSetDimension`); needs the reference cell.
    #[doc(alias = "PetscDualSpaceSimpleSetDimension")]
    pub fn set_simple_dimension(&mut self, n: Int) -> Result<()> {
        const CTX: &str = "DualSpace::set_simple_dimension";
        self.of_type(CTX, DualSpaceType::Simple)?;
        self.has_dm(CTX)?;
        if n < 0 {
            return Err(Error::invalid(
                CTX,
                format!("n is {n}; it cannot be negative"),
            ));
        }
        // SAFETY: live simple dual space with its cell.
        check(unsafe { sys::PetscDualSpaceSimpleSetDimension(self.ptr, n) })
    }

    /// Sets functional `i` of a `simple` dual space to the rule `q`
    /// (`PetscDualSpaceSimpleSetFunctional`; PETSc scales its weights to a unit sum);
    /// `i` below the dimension set by
    /// [`set_simple_dimension`](Self::set_simple_dimension), else an `Err`.
    #[doc(alias = "PetscDualSpaceSimpleSetFunctional")]
    pub fn set_simple_functional(&mut self, i: Int, q: &Quadrature) -> Result<()> {
        const CTX: &str = "DualSpace::set_simple_functional";
        self.of_type(CTX, DualSpaceType::Simple)?;
        // SAFETY: live simple dual space; PETSc checks the index against the dimension
        // set by set_simple_dimension.
        check(unsafe { sys::PetscDualSpaceSimpleSetFunctional(self.ptr, i, q.as_raw()) })
    }
}

impl Fe {
    /// The element's dual space (`PetscFEGetDualSpace`), with its own reference.
    #[doc(alias = "PetscFEGetDualSpace")]
    pub fn dual_space(&self) -> Result<DualSpace> {
        let mut sp: sys::PetscDualSpace = std::ptr::null_mut();
        // SAFETY: live element; PETSc lends its dual space.
        check(unsafe { sys::PetscFEGetDualSpace(self.ptr, &mut sp) })?;
        if sp.is_null() {
            return Err(Error::invalid(
                "Fe::dual_space",
                "the element has no dual space yet",
            ));
        }
        // SAFETY: the live dual space; the handle takes its own reference.
        unsafe { DualSpace::from_raw_borrowed(&self.petsc, sp) }
    }

    /// Sets the element's dual space (`PetscFESetDualSpace`); the element keeps its own
    /// reference.
    #[doc(alias = "PetscFESetDualSpace")]
    pub fn set_dual_space(&mut self, sp: &DualSpace) -> Result<()> {
        // SAFETY: live element and dual space.
        check(unsafe { sys::PetscFESetDualSpace(self.ptr, sp.ptr) })
    }
}
