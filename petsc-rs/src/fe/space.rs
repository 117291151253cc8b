//! Function spaces (`PetscSpace`): the approximation space of a finite element
//! ([`Fe::basis_space`]): polynomials (full or tensor), trimmed polynomials, tensor
//! products and sums of spaces, point evaluations.
//!
//! ```
//! use petsc::{Space, SpaceType};
//! let petsc = petsc::Petsc::init()?;
//! let mut p2 = Space::new(&petsc.self_comm())?;
//! p2.set_type(SpaceType::Polynomial)?;
//! p2.set_num_variables(2)?;
//! p2.set_degree(2, None)?;
//! p2.set_up()?;
//! assert_eq!(p2.dimension()?, 6); // 1, x, y, x^2, xy, y^2
//! # Ok::<(), petsc::Error>(())
//! ```

use std::os::raw::c_char;

use petsc_sys as sys;

use super::{Fe, Quadrature};
use crate::comm::Comm;
use crate::error::{Error, Result, check};
use crate::object::{Object, petsc_handle, type_enum};
use crate::scalar::Int;

petsc_handle!(
    /// A function space (`PetscSpace`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let sp = petsc::Space::new(&petsc.self_comm())?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscSpace")]
    Space,
    sys::PetscSpace,
    sys::PetscSpaceDestroy
);

type_enum!(
/// Function space types (`PetscSpaceType`); [`SpaceType::Other`] names any registered
/// type.
///
/// ```
/// use petsc::SpaceType;
/// assert_eq!(SpaceType::Polynomial.as_str(), "poly");
/// ```
SpaceType {
    Polynomial = "poly" "`PETSCSPACEPOLYNOMIAL`: polynomials of a degree (full, or \
        tensor-product).",
    PTrimmed = "ptrimmed" "`PETSCSPACEPTRIMMED`: trimmed polynomials of a form degree.",
    Tensor = "tensor" "`PETSCSPACETENSOR`: the tensor product of subspaces.",
    Sum = "sum" "`PETSCSPACESUM`: the sum of subspaces.",
    Point = "point" "`PETSCSPACEPOINT`: evaluations at points.",
    Subspace = "subspace" "`PETSCSPACESUBSPACE`: a subspace of another.",
    Wxy = "wxy" "`PETSCSPACEWXY`: the Wheeler-Xue-Yotov space.",
});

// PetscSpace's prefix functions are the object ones.
unsafe fn set_prefix(p: sys::PetscSpace, s: *const c_char) -> sys::PetscErrorCode {
    // SAFETY: the caller passes a live space and a NUL-terminated string.
    unsafe { sys::PetscObjectSetOptionsPrefix(p as sys::PetscObject, s) }
}

unsafe fn append_prefix(p: sys::PetscSpace, s: *const c_char) -> sys::PetscErrorCode {
    // SAFETY: as in `set_prefix`.
    unsafe { sys::PetscObjectAppendOptionsPrefix(p as sys::PetscObject, s) }
}

unsafe fn get_prefix(p: sys::PetscSpace, s: *mut *const c_char) -> sys::PetscErrorCode {
    // SAFETY: the caller passes a live space and a place for the pointer.
    unsafe { sys::PetscObjectGetOptionsPrefix(p as sys::PetscObject, s) }
}

crate::class_methods! {
    Space: SpaceType, "PetscSpace", sys::PetscSpaceList,
    example = "let mut obj = petsc::Space::new(&petsc.self_comm())?;", a_type = "poly",
    inner = "",
    set_type = sys::PetscSpaceSetType as "PetscSpaceSetType",
    set_options_prefix = set_prefix as "PetscObjectSetOptionsPrefix",
    append_options_prefix = append_prefix as "PetscObjectAppendOptionsPrefix",
    options_prefix = get_prefix as "PetscObjectGetOptionsPrefix",
    set_from_options = sys::PetscSpaceSetFromOptions as "PetscSpaceSetFromOptions",
}

impl Space {
    /// A function space on `comm` (`PetscSpaceCreate`), polynomial until another type
    /// is set.
    #[doc(alias = "PetscSpaceCreate")]
    pub fn new(comm: &Comm) -> Result<Space> {
        let mut p: sys::PetscSpace = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc registers the types and writes the object.
        check(unsafe { sys::PetscSpaceCreate(comm.as_raw(), &mut p) })?;
        Ok(Space::from_raw(comm.petsc(), p))
    }

    /// The same as [`new`](Self::new) (petsc4py's `create`).
    #[deprecated(
        since = "0.2.0",
        note = "use `Space::new` (constructors are `new`/`new_*`)"
    )]
    #[doc(alias = "PetscSpaceCreate")]
    pub fn create(comm: &Comm) -> Result<Space> {
        Space::new(comm)
    }

    /// Refuses a space of another type (PETSc ignores the setters of other types).
    fn of_type(&self, ctx: &str, want: SpaceType) -> Result<()> {
        if self.ty()? != Some(want.clone()) {
            return Err(Error::invalid(
                ctx,
                format!(
                    "the space has type '{}'; this needs '{}'",
                    self.type_name()?,
                    want.as_str()
                ),
            ));
        }
        Ok(())
    }

    crate::methods![for Space;
        /// Prepares the space (`PetscSpaceSetUp`).
        pub fn set_up(&mut self) = PetscSpaceSetUp as "PetscSpaceSetUp";
        /// The number of basis functions (`PetscSpaceGetDimension`).
        pub fn dimension(&self) -> Int = PetscSpaceGetDimension as "PetscSpaceGetDimension";
        /// The number of variables (`PetscSpaceGetNumVariables`).
        pub fn num_variables(&self) -> Int
            = PetscSpaceGetNumVariables as "PetscSpaceGetNumVariables";
        /// Sets the number of variables (`PetscSpaceSetNumVariables`).
        pub fn set_num_variables(&mut self, n: Int where n >= 0)
            = PetscSpaceSetNumVariables as "PetscSpaceSetNumVariables";
        /// The number of components (`PetscSpaceGetNumComponents`).
        pub fn num_components(&self) -> Int
            = PetscSpaceGetNumComponents as "PetscSpaceGetNumComponents";
        /// Sets the number of components (`PetscSpaceSetNumComponents`).
        pub fn set_num_components(&mut self, nc: Int where nc >= 1)
            = PetscSpaceSetNumComponents as "PetscSpaceSetNumComponents";
    ];

    /// The degree, and the largest degree of any variable (`PetscSpaceGetDegree`).
    #[doc(alias = "PetscSpaceGetDegree")]
    pub fn degree(&self) -> Result<(Int, Int)> {
        let (mut d, mut m): (Int, Int) = (0, 0);
        // SAFETY: live space; PETSc writes both.
        check(unsafe { sys::PetscSpaceGetDegree(self.ptr, &mut d, &mut m) })?;
        Ok((d, m))
    }

    /// Sets the degree, and optionally the largest degree of any variable
    /// (`PetscSpaceSetDegree`; `None` lets PETSc choose it).
    #[doc(alias = "PetscSpaceSetDegree")]
    pub fn set_degree(&mut self, degree: Int, max_degree: Option<Int>) -> Result<()> {
        const CTX: &str = "Space::set_degree";
        if degree < 0 || max_degree.is_some_and(|m| m < degree) {
            return Err(Error::invalid(
                CTX,
                format!(
                    "degree {degree}, largest degree {max_degree:?}: need 0 <= degree <= largest"
                ),
            ));
        }
        // SAFETY: live space.
        check(unsafe {
            sys::PetscSpaceSetDegree(
                self.ptr,
                degree,
                max_degree.unwrap_or(sys::PETSC_DETERMINE as Int),
            )
        })
    }

    /// Whether a polynomial space is a tensor-product one (`PetscSpacePolynomialGetTensor`).
    #[doc(alias = "PetscSpacePolynomialGetTensor")]
    pub fn polynomial_tensor(&self) -> Result<bool> {
        self.of_type("Space::polynomial_tensor", SpaceType::Polynomial)?;
        let mut b = crate::declare::petsc_bool(false);
        // SAFETY: live polynomial space.
        check(unsafe { sys::PetscSpacePolynomialGetTensor(self.ptr, &mut b) })?;
        Ok(crate::declare::from_petsc_bool(b))
    }

    /// Makes a polynomial space a tensor-product one (`PetscSpacePolynomialSetTensor`).
    #[doc(alias = "PetscSpacePolynomialSetTensor")]
    pub fn set_polynomial_tensor(&mut self, tensor: bool) -> Result<()> {
        self.of_type("Space::set_polynomial_tensor", SpaceType::Polynomial)?;
        // SAFETY: live polynomial space.
        check(unsafe {
            sys::PetscSpacePolynomialSetTensor(self.ptr, crate::declare::petsc_bool(tensor))
        })
    }

    /// The form degree of a trimmed space (`PetscSpacePTrimmedGetFormDegree`).
    #[doc(alias = "PetscSpacePTrimmedGetFormDegree")]
    pub fn p_trimmed_form_degree(&self) -> Result<Int> {
        self.of_type("Space::p_trimmed_form_degree", SpaceType::PTrimmed)?;
        let mut d: Int = 0;
        // SAFETY: live trimmed space.
        check(unsafe { sys::PetscSpacePTrimmedGetFormDegree(self.ptr, &mut d) })?;
        Ok(d)
    }

    /// Sets the form degree of a trimmed space (`PetscSpacePTrimmedSetFormDegree`).
    #[doc(alias = "PetscSpacePTrimmedSetFormDegree")]
    pub fn set_p_trimmed_form_degree(&mut self, degree: Int) -> Result<()> {
        self.of_type("Space::set_p_trimmed_form_degree", SpaceType::PTrimmed)?;
        // SAFETY: live trimmed space.
        check(unsafe { sys::PetscSpacePTrimmedSetFormDegree(self.ptr, degree) })
    }

    /// The points of a point space (`PetscSpacePointGetPoints`), as a rule with its own
    /// reference.
    #[doc(alias = "PetscSpacePointGetPoints")]
    pub fn point_points(&self) -> Result<Quadrature> {
        const CTX: &str = "Space::point_points";
        self.of_type(CTX, SpaceType::Point)?;
        let mut q: sys::PetscQuadrature = std::ptr::null_mut();
        // SAFETY: live point space; PETSc lends its rule.
        check(unsafe { sys::PetscSpacePointGetPoints(self.ptr, &mut q) })?;
        if q.is_null() {
            return Err(Error::invalid(CTX, "the space has no points yet"));
        }
        // SAFETY: the live rule; the handle takes a reference.
        unsafe { Quadrature::from_raw_borrowed(&self.petsc, q) }
    }

    /// Sets the points of a point space (`PetscSpacePointSetPoints`); the space keeps
    /// its own reference.
    #[doc(alias = "PetscSpacePointSetPoints")]
    pub fn set_point_points(&mut self, q: &Quadrature) -> Result<()> {
        self.of_type("Space::set_point_points", SpaceType::Point)?;
        // SAFETY: live point space and rule.
        check(unsafe { sys::PetscSpacePointSetPoints(self.ptr, q.as_raw()) })
    }

    /// The number of subspaces of a sum (`PetscSpaceSumGetNumSubspaces`).
    #[doc(alias = "PetscSpaceSumGetNumSubspaces")]
    pub fn sum_num_subspaces(&self) -> Result<Int> {
        self.of_type("Space::sum_num_subspaces", SpaceType::Sum)?;
        let mut n: Int = 0;
        // SAFETY: live sum space.
        check(unsafe { sys::PetscSpaceSumGetNumSubspaces(self.ptr, &mut n) })?;
        Ok(n)
    }

    /// Sets the number of subspaces of a sum (`PetscSpaceSumSetNumSubspaces`).
    #[doc(alias = "PetscSpaceSumSetNumSubspaces")]
    pub fn set_sum_num_subspaces(&mut self, n: Int) -> Result<()> {
        self.of_type("Space::set_sum_num_subspaces", SpaceType::Sum)?;
        check_count("Space::set_sum_num_subspaces", n)?;
        // SAFETY: live sum space.
        check(unsafe { sys::PetscSpaceSumSetNumSubspaces(self.ptr, n) })
    }

    /// Whether a sum concatenates its subspaces' components
    /// (`PetscSpaceSumGetConcatenate`).
    #[doc(alias = "PetscSpaceSumGetConcatenate")]
    pub fn sum_concatenate(&self) -> Result<bool> {
        self.of_type("Space::sum_concatenate", SpaceType::Sum)?;
        let mut b = crate::declare::petsc_bool(false);
        // SAFETY: live sum space.
        check(unsafe { sys::PetscSpaceSumGetConcatenate(self.ptr, &mut b) })?;
        Ok(crate::declare::from_petsc_bool(b))
    }

    /// Makes a sum concatenate its subspaces' components (`PetscSpaceSumSetConcatenate`).
    #[doc(alias = "PetscSpaceSumSetConcatenate")]
    pub fn set_sum_concatenate(&mut self, concatenate: bool) -> Result<()> {
        self.of_type("Space::set_sum_concatenate", SpaceType::Sum)?;
        // SAFETY: live sum space.
        check(unsafe {
            sys::PetscSpaceSumSetConcatenate(self.ptr, crate::declare::petsc_bool(concatenate))
        })
    }

    /// Subspace `s` of a sum (`PetscSpaceSumGetSubspace`), with its own reference.
    #[doc(alias = "PetscSpaceSumGetSubspace")]
    pub fn sum_subspace(&self, s: Int) -> Result<Space> {
        const CTX: &str = "Space::sum_subspace";
        let n = self.sum_num_subspaces()?;
        check_index(CTX, s, n)?;
        let mut sub: sys::PetscSpace = std::ptr::null_mut();
        // SAFETY: live sum space; an index within its subspaces (checked).
        check(unsafe { sys::PetscSpaceSumGetSubspace(self.ptr, s, &mut sub) })?;
        self.subspace(CTX, sub)
    }

    /// Sets subspace `s` of a sum (`PetscSpaceSumSetSubspace`); the sum keeps its own
    /// reference.
    #[doc(alias = "PetscSpaceSumSetSubspace")]
    pub fn set_sum_subspace(&mut self, s: Int, sub: &Space) -> Result<()> {
        const CTX: &str = "Space::set_sum_subspace";
        let n = self.sum_num_subspaces()?;
        check_index(CTX, s, n)?;
        // SAFETY: live sum space and subspace; an index within its subspaces.
        check(unsafe { sys::PetscSpaceSumSetSubspace(self.ptr, s, sub.ptr) })
    }

    /// The number of factors of a tensor product (`PetscSpaceTensorGetNumSubspaces`).
    #[doc(alias = "PetscSpaceTensorGetNumSubspaces")]
    pub fn tensor_num_subspaces(&self) -> Result<Int> {
        self.of_type("Space::tensor_num_subspaces", SpaceType::Tensor)?;
        let mut n: Int = 0;
        // SAFETY: live tensor space.
        check(unsafe { sys::PetscSpaceTensorGetNumSubspaces(self.ptr, &mut n) })?;
        Ok(n)
    }

    /// Sets the number of factors of a tensor product (`PetscSpaceTensorSetNumSubspaces`).
    #[doc(alias = "PetscSpaceTensorSetNumSubspaces")]
    pub fn set_tensor_num_subspaces(&mut self, n: Int) -> Result<()> {
        self.of_type("Space::set_tensor_num_subspaces", SpaceType::Tensor)?;
        check_count("Space::set_tensor_num_subspaces", n)?;
        // SAFETY: live tensor space.
        check(unsafe { sys::PetscSpaceTensorSetNumSubspaces(self.ptr, n) })
    }

    /// Factor `s` of a tensor product (`PetscSpaceTensorGetSubspace`), with its own
    /// reference.
    #[doc(alias = "PetscSpaceTensorGetSubspace")]
    pub fn tensor_subspace(&self, s: Int) -> Result<Space> {
        const CTX: &str = "Space::tensor_subspace";
        let n = self.tensor_num_subspaces()?;
        check_index(CTX, s, n)?;
        let mut sub: sys::PetscSpace = std::ptr::null_mut();
        // SAFETY: live tensor space; an index within its factors (checked).
        check(unsafe { sys::PetscSpaceTensorGetSubspace(self.ptr, s, &mut sub) })?;
        self.subspace(CTX, sub)
    }

    /// Sets factor `s` of a tensor product (`PetscSpaceTensorSetSubspace`); the product
    /// keeps its own reference.
    #[doc(alias = "PetscSpaceTensorSetSubspace")]
    pub fn set_tensor_subspace(&mut self, s: Int, sub: &Space) -> Result<()> {
        const CTX: &str = "Space::set_tensor_subspace";
        let n = self.tensor_num_subspaces()?;
        check_index(CTX, s, n)?;
        // SAFETY: live tensor space and factor; an index within its factors.
        check(unsafe { sys::PetscSpaceTensorSetSubspace(self.ptr, s, sub.ptr) })
    }

    /// A handle to a subspace PETSc lent, or an `Err` when it is not set yet.
    fn subspace(&self, ctx: &str, sub: sys::PetscSpace) -> Result<Space> {
        if sub.is_null() {
            return Err(Error::invalid(ctx, "the subspace is not set yet"));
        }
        // SAFETY: a live subspace; the handle takes its own reference.
        unsafe { Space::from_raw_borrowed(&self.petsc, sub) }
    }
}

/// Refuses a negative count of subspaces.
fn check_count(ctx: &str, n: Int) -> Result<()> {
    if n < 0 {
        return Err(Error::invalid(
            ctx,
            format!("n is {n}; it cannot be negative"),
        ));
    }
    Ok(())
}

/// Refuses an index outside `0..n`.
fn check_index(ctx: &str, s: Int, n: Int) -> Result<()> {
    if !(0..n).contains(&s) {
        return Err(Error::out_of_range(
            ctx,
            format!("subspace {s}; the space has {n}"),
        ));
    }
    Ok(())
}

impl Fe {
    /// The element's approximation space (`PetscFEGetBasisSpace`), with its own
    /// reference.
    #[doc(alias = "PetscFEGetBasisSpace")]
    pub fn basis_space(&self) -> Result<Space> {
        let mut sp: sys::PetscSpace = std::ptr::null_mut();
        // SAFETY: live element; PETSc lends its space.
        check(unsafe { sys::PetscFEGetBasisSpace(self.ptr, &mut sp) })?;
        if sp.is_null() {
            return Err(Error::invalid(
                "Fe::basis_space",
                "the element has no space yet",
            ));
        }
        // SAFETY: the live space; the handle takes its own reference.
        unsafe { Space::from_raw_borrowed(&self.petsc, sp) }
    }

    /// Sets the element's approximation space (`PetscFESetBasisSpace`); the element
    /// keeps its own reference.
    #[doc(alias = "PetscFESetBasisSpace")]
    pub fn set_basis_space(&mut self, sp: &Space) -> Result<()> {
        // SAFETY: live element and space.
        check(unsafe { sys::PetscFESetBasisSpace(self.ptr, sp.ptr) })
    }
}
