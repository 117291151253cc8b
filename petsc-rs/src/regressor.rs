//! Regression (`PetscRegressor`, PETSc 3.24 on): fitting a linear model `y ≈ X w + b`
//! by ordinary least squares, lasso or ridge regression, solved by a TAO optimizer (or a
//! KSP for least squares), then predicting from new rows.

use petsc_sys as sys;

use crate::comm::Comm;
use crate::error::{Error, Result, check};
use crate::ksp::Ksp;
use crate::mat::Mat;
use crate::object::{Object, petsc_handle, type_enum};
use crate::scalar::{Real, Scalar};
use crate::tao::Tao;
use crate::vec::Vector;

petsc_handle!(
    /// A regression problem and its solver (`PetscRegressor`, PETSc 3.24 on): give it
    /// the design matrix `X` (one row an observation, one column a feature) and the
    /// targets `y`, [`fit`](Self::fit), then read the model
    /// ([`linear_coefficients`](Self::linear_coefficients),
    /// [`linear_intercept`](Self::linear_intercept)) or
    /// [`predict`](Self::predict) the targets of new rows.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Regressor, RegressorType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // y = 2 x + 1 at x = 0, 1, 2, 3.
    /// let mut x = Mat::new_dense(&c, Some(4), Some(1), None, None)?;
    /// x.set_values(&[0, 1, 2, 3], &[0], &[0.0, 1.0, 2.0, 3.0], InsertMode::Insert)?;
    /// x.assemble()?;
    /// let y = Vector::from_slice(&c, &[1.0, 3.0, 5.0, 7.0])?;
    /// let mut r = Regressor::new(&c)?;
    /// r.set_type(RegressorType::Linear)?;
    /// r.fit(&x, &y)?;
    /// assert!((r.linear_coefficients()?.view()?[0] - 2.0).abs() < 1e-8);
    /// assert!((r.linear_intercept()? - 1.0).abs() < 1e-8);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    Regressor,
    sys::PetscRegressor,
    sys::PetscRegressorDestroy
);

type_enum!(
/// Regression methods (`PetscRegressorType`); [`RegressorType::Other`] names any
/// registered one.
///
/// ```
/// assert_eq!(petsc::RegressorType::Linear.as_str(), "linear");
/// ```
RegressorType {
    Linear = "linear" "`PETSCREGRESSORLINEAR`: a linear model, by least squares, lasso or ridge.",
});

crate::c_enum! {
    /// The kind of linear regression (`PetscRegressorLinearType`).
    #[doc(alias = "PetscRegressorLinearType")]
    pub RegressorLinearType: sys::PetscRegressorLinearType {
        Ols = REGRESSOR_LINEAR_OLS "ordinary least squares.",
        Lasso = REGRESSOR_LINEAR_LASSO "least squares with an l1 penalty on the coefficients.",
        Ridge = REGRESSOR_LINEAR_RIDGE "least squares with an l2 penalty on the coefficients.",
    }
}

crate::class_methods! {
    Regressor: RegressorType, "PetscRegressor", sys::PetscRegressorList,
    example = "let mut obj = petsc::Regressor::new(&petsc.self_comm())?;", a_type = "linear",
    inner = " and its optimizer",
    set_type = sys::PetscRegressorSetType as "PetscRegressorSetType",
    set_options_prefix = sys::PetscRegressorSetOptionsPrefix as "PetscRegressorSetOptionsPrefix",
    append_options_prefix = sys::PetscRegressorAppendOptionsPrefix as "PetscRegressorAppendOptionsPrefix",
    options_prefix = sys::PetscRegressorGetOptionsPrefix as "PetscRegressorGetOptionsPrefix",
    set_from_options = sys::PetscRegressorSetFromOptions as "PetscRegressorSetFromOptions",
}

impl Regressor {
    /// A new regressor on `comm` (`PetscRegressorCreate`); PETSc's default type is
    /// `linear`, least squares.
    #[doc(alias = "PetscRegressorCreate")]
    pub fn new(comm: &Comm) -> Result<Regressor> {
        let mut r: sys::PetscRegressor = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new object.
        check(unsafe { sys::PetscRegressorCreate(comm.as_raw(), &mut r) })?;
        Ok(Regressor::from_raw(comm.petsc(), r))
    }

    crate::methods![for Regressor;
        /// Sets the weight of the regularizer of lasso and ridge regression
        /// (`PetscRegressorSetRegularizerWeight`); a negative or non-finite weight is
        /// refused.
        pub fn set_regularizer_weight(&mut self, weight: Real where weight.is_finite() && weight >= 0.0)
            = PetscRegressorSetRegularizerWeight as "PetscRegressorSetRegularizerWeight";

        /// Sets the regressor up (`PetscRegressorSetUp`); [`fit`](Self::fit) does it.
        pub fn set_up(&mut self) = PetscRegressorSetUp as "PetscRegressorSetUp";

        /// Forgets the fitted model and the data (`PetscRegressorReset`).
        pub fn reset(&mut self) = PetscRegressorReset as "PetscRegressorReset";

        /// Whether a linear model has an intercept `b` (`PetscRegressorLinearSetFitIntercept`;
        /// on by default). Type `linear` only.
        pub fn set_linear_fit_intercept(&mut self, fit: bool)
            = PetscRegressorLinearSetFitIntercept as "PetscRegressorLinearSetFitIntercept", needs require_linear();

        /// Whether least squares is solved by a KSP (`PetscRegressorLinearSetUseKSP`)
        /// rather than the optimizer. Type `linear` only.
        pub fn set_linear_use_ksp(&mut self, use_ksp: bool)
            = PetscRegressorLinearSetUseKSP as "PetscRegressorLinearSetUseKSP", needs require_linear();

        /// Sets the kind of linear regression (`PetscRegressorLinearSetType`). Type
        /// `linear` only.
        pub fn set_linear_type(&mut self, ty: RegressorLinearType)
            = PetscRegressorLinearSetType as "PetscRegressorLinearSetType", needs require_linear();

        /// The kind of linear regression (`PetscRegressorLinearGetType`). Type `linear`
        /// only.
        pub fn linear_type(&self) -> RegressorLinearType
            = PetscRegressorLinearGetType as "PetscRegressorLinearGetType", needs require_linear();

        /// The fitted intercept `b` (`PetscRegressorLinearGetIntercept`; 0 without
        /// [`set_linear_fit_intercept`](Self::set_linear_fit_intercept)). Type `linear`
        /// only.
        pub fn linear_intercept(&self) -> Scalar
            = PetscRegressorLinearGetIntercept as "PetscRegressorLinearGetIntercept", needs require_linear();
    ];

    /// `Ok` if this is a linear regressor, else an `Err` naming `context` (PETSc would
    /// ignore the call or read another type's data).
    fn require_linear(&self, context: &str) -> Result<()> {
        match self.ty()? {
            Some(RegressorType::Linear) => Ok(()),
            t => Err(Error::invalid(
                context,
                format!(
                    "needs a regressor of type linear (this one's is {}); call set_type first",
                    t.map_or("none set".to_string(), |t| format!("'{t}'"))
                ),
            )),
        }
    }

    /// Fits the model to the design matrix `x` (one row an observation, one column a
    /// feature) and the targets `y`, laid out as `x`'s rows (`PetscRegressorFit`).
    /// Other layouts are an `Err` on every rank.
    #[doc(alias = "PetscRegressorFit")]
    pub fn fit(&mut self, x: &Mat, y: &Vector) -> Result<()> {
        const CTX: &str = "Regressor::fit";
        self.check_rows(CTX, x, y)?;
        let xp = x.kept_raw(CTX)?;
        let yp = y.kept_raw(CTX)?;
        // SAFETY: live regressor, matrix and vector, of matching layouts; PETSc keeps
        // references to both.
        check(unsafe { sys::PetscRegressorFit(self.ptr, xp, yp) })
    }

    /// The targets the fitted model predicts for the rows of `x` (`PetscRegressorPredict`),
    /// written into `y`, laid out as `x`'s rows; `x` has the features the model was
    /// fitted with. Before [`fit`](Self::fit), or with other layouts, an `Err`.
    #[doc(alias = "PetscRegressorPredict")]
    pub fn predict(&self, x: &Mat, y: &mut Vector) -> Result<()> {
        const CTX: &str = "Regressor::predict";
        self.check_rows(CTX, x, y)?;
        if self.ty()? == Some(RegressorType::Linear) {
            let w = self.linear_coefficients()?;
            let n = x.size()?.1;
            if w.size()? != n {
                return Err(Error::size_mismatch(
                    CTX,
                    format!("x has {n} columns but the model {} features", w.size()?),
                ));
            }
        }
        let yp = y.raw_write(CTX)?;
        // SAFETY: live regressor, matrix and vector, of matching layouts; `y` has no view
        // (checked).
        check(unsafe { sys::PetscRegressorPredict(self.ptr, x.as_raw(), yp) })
    }

    /// `Ok` when `y` is laid out as the rows of `x`, agreed on every rank.
    fn check_rows(&self, ctx: &str, x: &Mat, y: &Vector) -> Result<()> {
        let local = (|| {
            let (m, _) = x.size()?;
            let (ml, _) = x.local_size()?;
            if y.size()? != m || y.local_size()? != ml {
                return Err(Error::size_mismatch(
                    ctx,
                    format!(
                        "x has {m} rows ({ml} here) but y has {} entries ({} here)",
                        y.size()?,
                        y.local_size()?
                    ),
                ));
            }
            Ok(())
        })();
        self.comm().agree(ctx, local)
    }

    /// The optimizer that fits the model (`PetscRegressorGetTao`), as a handle holding
    /// its own reference: its options prefix is the regressor's followed by `regressor_`.
    #[doc(alias = "PetscRegressorGetTao")]
    pub fn tao(&self) -> Result<Tao> {
        let mut t: sys::Tao = std::ptr::null_mut();
        // SAFETY: live regressor; PETSc returns its Tao (creating it if needed).
        check(unsafe { sys::PetscRegressorGetTao(self.ptr, &mut t) })?;
        // SAFETY: live Tao and regressor; the handle takes a reference to each.
        unsafe { Tao::from_raw_child(&self.petsc, t, self.ptr as sys::PetscObject) }
    }

    /// The KSP that solves least squares with
    /// [`set_linear_use_ksp`](Self::set_linear_use_ksp) (`PetscRegressorLinearGetKSP`),
    /// as a handle holding its own reference. Type `linear` only.
    #[doc(alias = "PetscRegressorLinearGetKSP")]
    pub fn linear_ksp(&self) -> Result<Ksp> {
        self.require_linear("Regressor::linear_ksp")?;
        let mut k: sys::KSP = std::ptr::null_mut();
        // SAFETY: live linear regressor; PETSc returns its KSP (creating it if needed).
        check(unsafe { sys::PetscRegressorLinearGetKSP(self.ptr, &mut k) })?;
        // SAFETY: live KSP and regressor; the handle takes a reference to each.
        unsafe { Ksp::from_raw_child(&self.petsc, k, self.ptr as sys::PetscObject) }
    }

    /// The fitted coefficients `w`, one a feature (`PetscRegressorLinearGetCoefficients`),
    /// as a handle holding its own reference. Type `linear` only; before
    /// [`fit`](Self::fit), an `Err`.
    #[doc(alias = "PetscRegressorLinearGetCoefficients")]
    pub fn linear_coefficients(&self) -> Result<Vector> {
        const CTX: &str = "Regressor::linear_coefficients";
        self.require_linear(CTX)?;
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live linear regressor; PETSc lends its coefficients (null before a fit).
        check(unsafe { sys::PetscRegressorLinearGetCoefficients(self.ptr, &mut v) })?;
        if v.is_null() {
            return Err(Error::invalid(CTX, "no model yet: call fit first"));
        }
        // SAFETY: a live vector of the regressor; the handle takes a reference.
        unsafe { Vector::from_raw_borrowed(&self.petsc, v) }
    }
}
