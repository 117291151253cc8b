//! Quadrature rules (`PetscQuadrature`): points and weights on a reference cell.

use petsc_sys as sys;

use crate::comm::Comm;
use crate::error::{Error, Result, check};
use crate::init::Petsc;
use crate::object::petsc_handle;
use crate::scalar::{Int, Real};

petsc_handle!(
    /// A quadrature rule (`PetscQuadrature`): points on a reference cell, each with
    /// weights for every component. Made by [`Quadrature::gauss_tensor`] (Gauss–Legendre
    /// on boxes), [`Quadrature::stroud_conical`] (on simplices), or taken from a
    /// finite element ([`Fe::quadrature`](crate::Fe::quadrature)).
    ///
    /// ```
    /// use petsc::Quadrature;
    /// let petsc = petsc::Petsc::init()?;
    /// // 2 x 2 Gauss points on [-1, 1]^2 integrate x^2 y^2 exactly.
    /// let q = Quadrature::gauss_tensor(&petsc, 2, 1, 2, -1.0, 1.0)?;
    /// let d = q.data()?;
    /// let integral: f64 = (0..d.num_points())
    ///     .map(|i| d.weights[i] * (d.points[2 * i] * d.points[2 * i + 1]).powi(2))
    ///     .sum();
    /// assert!((integral - 4.0 / 9.0).abs() < 1e-14);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscQuadrature")]
    Quadrature,
    sys::PetscQuadrature,
    sys::PetscQuadratureDestroy
);

/// The points and weights of a [`Quadrature`], copied out of PETSc
/// (`PetscQuadratureGetData`).
#[derive(Debug, Clone, PartialEq)]
pub struct QuadratureData {
    /// The dimension of the reference cell (coordinates per point).
    pub dim: usize,
    /// The number of components (weights per point).
    pub num_components: usize,
    /// The coordinates of the points, point after point (`dim` each).
    pub points: Vec<Real>,
    /// The weights, point after point (`num_components` each).
    pub weights: Vec<Real>,
}

impl QuadratureData {
    /// The number of points.
    pub fn num_points(&self) -> usize {
        self.weights
            .len()
            .checked_div(self.num_components)
            .unwrap_or(0)
    }
}

/// `Err` unless `n` lies in `lo..=hi`.
fn check_in(ctx: &str, what: &str, n: Int, lo: Int, hi: Int) -> Result<()> {
    if (lo..=hi).contains(&n) {
        Ok(())
    } else {
        Err(Error::out_of_range(
            ctx,
            format!("{what} {n} is not in {lo}..={hi}"),
        ))
    }
}

impl Quadrature {
    /// An empty rule on `comm` (`PetscQuadratureCreate`), with no points until PETSc
    /// fills it.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let q = petsc::Quadrature::new(&petsc.self_comm())?;
    /// assert_eq!(q.data()?.num_points(), 0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscQuadratureCreate")]
    pub fn new(comm: &Comm) -> Result<Quadrature> {
        let mut q: sys::PetscQuadrature = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new object.
        check(unsafe { sys::PetscQuadratureCreate(comm.as_raw(), &mut q) })?;
        Ok(Quadrature::from_raw(comm.petsc(), q))
    }

    /// The tensor product of `points_per_dim` Gauss–Legendre points in each of `dim`
    /// directions on `[a, b]^dim`, exact for polynomials of degree `2 points_per_dim - 1`
    /// in each variable, with `nc` equal weights per point
    /// (`PetscDTGaussTensorQuadrature`). Made on `PETSC_COMM_SELF`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let q = petsc::Quadrature::gauss_tensor(&petsc, 3, 1, 2, 0.0, 1.0)?;
    /// assert_eq!(q.data()?.num_points(), 8);
    /// assert_eq!(q.order()?, 3);
    /// let total: f64 = q.data()?.weights.iter().sum();
    /// assert!((total - 1.0).abs() < 1e-14); // the volume of the unit cube
    /// assert!(petsc::Quadrature::gauss_tensor(&petsc, 2, 1, 0, 0.0, 1.0).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscDTGaussTensorQuadrature")]
    pub fn gauss_tensor(
        petsc: &Petsc,
        dim: Int,
        nc: Int,
        points_per_dim: Int,
        a: Real,
        b: Real,
    ) -> Result<Quadrature> {
        const CTX: &str = "Quadrature::gauss_tensor";
        check_in(CTX, "dimension", dim, 0, 3)?;
        check_in(CTX, "number of components", nc, 1, Int::MAX)?;
        check_in(CTX, "number of points", points_per_dim, 1, 1 << 10)?;
        if !(a.is_finite() && b.is_finite() && a < b) {
            return Err(Error::invalid(
                CTX,
                format!("the interval [{a}, {b}] is empty"),
            ));
        }
        let mut q: sys::PetscQuadrature = std::ptr::null_mut();
        // SAFETY: arguments checked above; PETSc writes the new object.
        check(unsafe { sys::PetscDTGaussTensorQuadrature(dim, nc, points_per_dim, a, b, &mut q) })?;
        Ok(Quadrature::from_raw(petsc, q))
    }

    /// The Stroud conical (collapsed Gauss–Jacobi) rule with `points_per_dim` points in
    /// each collapsed direction on the simplex of dimension `dim` whose reference
    /// interval is `[a, b]` (PETSc's simplices use `[-1, 1]`), with `nc` weights per
    /// point (`PetscDTStroudConicalQuadrature`). Made on `PETSC_COMM_SELF`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let q = petsc::Quadrature::stroud_conical(&petsc, 2, 1, 3, -1.0, 1.0)?;
    /// let d = q.data()?;
    /// assert_eq!(d.num_points(), 9);
    /// let area: f64 = d.weights.iter().sum();
    /// assert!((area - 2.0).abs() < 1e-14); // the reference triangle
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscDTStroudConicalQuadrature")]
    pub fn stroud_conical(
        petsc: &Petsc,
        dim: Int,
        nc: Int,
        points_per_dim: Int,
        a: Real,
        b: Real,
    ) -> Result<Quadrature> {
        const CTX: &str = "Quadrature::stroud_conical";
        check_in(CTX, "dimension", dim, 0, 3)?;
        check_in(CTX, "number of components", nc, 1, Int::MAX)?;
        check_in(CTX, "number of points", points_per_dim, 1, 1 << 10)?;
        if !(a.is_finite() && b.is_finite() && a < b) {
            return Err(Error::invalid(
                CTX,
                format!("the interval [{a}, {b}] is empty"),
            ));
        }
        let mut q: sys::PetscQuadrature = std::ptr::null_mut();
        // SAFETY: arguments checked above; PETSc writes the new object.
        check(unsafe {
            sys::PetscDTStroudConicalQuadrature(dim, nc, points_per_dim, a, b, &mut q)
        })?;
        Ok(Quadrature::from_raw(petsc, q))
    }

    /// A new rule with the same points, weights and order (`PetscQuadratureDuplicate`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let q = petsc::Quadrature::gauss_tensor(&petsc, 1, 1, 4, 0.0, 1.0)?;
    /// let mut r = q.duplicate()?;
    /// assert_eq!(r.data()?, q.data()?);
    /// r.set_order(1)?;
    /// assert_eq!((q.order()?, r.order()?), (7, 1));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscQuadratureDuplicate")]
    pub fn duplicate(&self) -> Result<Quadrature> {
        let mut q: sys::PetscQuadrature = std::ptr::null_mut();
        // SAFETY: live rule; PETSc writes the new object.
        check(unsafe { sys::PetscQuadratureDuplicate(self.ptr, &mut q) })?;
        Ok(Quadrature::from_raw(&self.petsc, q))
    }

    crate::methods![for Quadrature;
        /// The degree of polynomials the rule integrates exactly (`PetscQuadratureGetOrder`).
        pub fn order(&self) -> Int = PetscQuadratureGetOrder as "PetscQuadratureGetOrder";

        /// Sets the degree the rule is said to integrate exactly (`PetscQuadratureSetOrder`);
        /// PETSc does not check it against the points.
        pub fn set_order(&mut self, order: Int)
            = PetscQuadratureSetOrder as "PetscQuadratureSetOrder";

        /// The number of weights per point (`PetscQuadratureGetNumComponents`).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut q = petsc::Quadrature::new(&petsc.self_comm())?;
        /// q.set_num_components(3)?;
        /// assert_eq!(q.num_components()?, 3);
        /// assert!(q.set_num_components(0).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn num_components(&self) -> Int
            = PetscQuadratureGetNumComponents as "PetscQuadratureGetNumComponents";
    ];

    /// Sets the number of weights per point of a rule that has no points yet
    /// (`PetscQuadratureSetNumComponents`); a count below 1 is an `Err`, and so is a
    /// change on a rule that has points (its weights would be read with the wrong
    /// stride).
    #[doc(alias = "PetscQuadratureSetNumComponents")]
    pub fn set_num_components(&mut self, nc: Int) -> Result<()> {
        const CTX: &str = "Quadrature::set_num_components";
        check_in(CTX, "number of components", nc, 1, Int::MAX)?;
        if self.data()?.num_points() > 0 && nc != self.num_components()? {
            return Err(Error::invalid(
                CTX,
                "the rule already has points, whose weights follow the current count",
            ));
        }
        // SAFETY: live rule; a positive count.
        check(unsafe { sys::PetscQuadratureSetNumComponents(self.ptr, nc) })
    }

    /// The points and weights, copied (`PetscQuadratureGetData`).
    #[doc(alias = "PetscQuadratureGetData")]
    pub fn data(&self) -> Result<QuadratureData> {
        let (mut dim, mut nc, mut np): (Int, Int, Int) = (0, 0, 0);
        let (mut p, mut w): (*const Real, *const Real) = (std::ptr::null(), std::ptr::null());
        // SAFETY: live rule; PETSc lends its arrays (or null) and writes the counts.
        check(unsafe {
            sys::PetscQuadratureGetData(self.ptr, &mut dim, &mut nc, &mut np, &mut p, &mut w)
        })?;
        let (d, c, n) = (
            usize::try_from(dim).unwrap_or(0),
            usize::try_from(nc).unwrap_or(0),
            usize::try_from(np).unwrap_or(0),
        );
        let copy = |ptr: *const Real, len: usize| {
            if ptr.is_null() || len == 0 {
                Vec::new()
            } else {
                // SAFETY: PETSc's array of `len` reals (points: np * dim, weights:
                // np * nc), alive while the rule is and copied at once.
                unsafe { std::slice::from_raw_parts(ptr, len) }.to_vec()
            }
        };
        Ok(QuadratureData {
            dim: d,
            num_components: c,
            points: copy(p, n * d),
            weights: copy(w, n * c),
        })
    }
}
