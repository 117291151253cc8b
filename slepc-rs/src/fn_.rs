//! Mathematical functions (`FN`): exponential, logarithm, square root, phi functions,
//! rational functions and combinations of two functions, evaluated at a scalar or at a
//! dense matrix (the `f` of a matrix function solver).

use petsc::{Comm, Error, Int, Mat, Result, Scalar, Vector};
use slepc_sys as sys;

use crate::declare::declare;
use crate::error::check;
use crate::handle::slepc_handle;

slepc_handle!(
    /// A SLEPc mathematical function (`FN`), evaluated at scalars
    /// ([`MathFn::evaluate_function`]) or at square dense matrices
    /// ([`MathFn::evaluate_function_mat`]).
    ///
    /// Named `MathFn` rather than SLEPc's `FN` so that `use slepc::*` leaves the
    /// prelude's closure trait `Fn` alone.
    ///
    /// ```
    /// use slepc::{MathFn, FnType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut f = MathFn::new(&petsc.self_comm())?;
    /// f.set_type(FnType::Exp)?;
    /// // 2 exp(3 x) at x = 0.5
    /// f.set_scale(3.0, 2.0)?;
    /// let y = f.evaluate_function(0.5)?;
    /// assert!((y - 2.0 * 1.5f64.exp()).abs() < 1e-12);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "FN")]
    #[doc(alias = "Fn")]
    MathFn,
    sys::FN,
    sys::FNDestroy,
    /// A new function on `comm` (`FNCreate`); its type is set with [`MathFn::set_type`].
    new = sys::FNCreate as "FNCreate",
);

declare! { @types
/// Function types (`FNType`); [`FnType::Other`] names any registered type.
///
/// ```
/// use slepc::FnType;
/// assert_eq!(FnType::Invsqrt.as_str(), "invsqrt");
/// assert_eq!("phi".parse::<FnType>().unwrap(), FnType::Phi);
/// ```
FnType {
    Combine = FNCOMBINE "combine" "two functions combined ([`MathFn::set_combine_children`]).",
    Rational = FNRATIONAL "rational" "a quotient of polynomials \
        ([`MathFn::set_rational_numerator`]).",
    Exp = FNEXP "exp" "the exponential.",
    Log = FNLOG "log" "the logarithm.",
    Phi = FNPHI "phi" "the phi functions of exponential integrators ([`MathFn::set_phi_index`]).",
    Sqrt = FNSQRT "sqrt" "the square root.",
    Invsqrt = FNINVSQRT "invsqrt" "the inverse square root.",
}
}

declare! { @enums
/// How two functions are combined (`FNCombineType`).
#[doc(alias = "FNCombineType")]
FnCombineType: FNCombineType {
    Add = FN_COMBINE_ADD "`f1(x) + f2(x)`.",
    Multiply = FN_COMBINE_MULTIPLY "`f1(x) f2(x)`.",
    Divide = FN_COMBINE_DIVIDE "`f1(x) / f2(x)` (at a matrix, `f2(A)^-1 f1(A)`).",
    Compose = FN_COMBINE_COMPOSE "`f2(f1(x))`.",
}

/// How a matrix function is evaluated in parallel (`FNParallelType`).
#[doc(alias = "FNParallelType")]
FnParallel: FNParallelType {
    Redundant = FN_PARALLEL_REDUNDANT "every rank computes it (the default).",
    Synchronized = FN_PARALLEL_SYNCHRONIZED "the first rank computes it and broadcasts it.",
}
}

petsc::class_methods! {
    MathFn: FnType, "FN", sys::FNList,
    example = "let mut obj = slepc::MathFn::new(&petsc.self_comm())?;", a_type = "exp",
    inner = "",
    set_type = sys::FNSetType as "FNSetType",
    set_options_prefix = sys::FNSetOptionsPrefix as "FNSetOptionsPrefix",
    append_options_prefix = sys::FNAppendOptionsPrefix as "FNAppendOptionsPrefix",
    options_prefix = sys::FNGetOptionsPrefix as "FNGetOptionsPrefix",
    set_from_options = sys::FNSetFromOptions as "FNSetFromOptions",
}

/// Refuses a non-finite scalar argument.
fn finite(ctx: &str, what: &str, v: Scalar) -> Result<()> {
    crate::st::check_finite_scalar(ctx, what, v)
}

impl MathFn {
    /// A copy of the function (type, scale, coefficients, children) on `comm`
    /// (`FNDuplicate`).
    ///
    /// ```
    /// use slepc::{MathFn, FnType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut f = MathFn::new(&petsc.self_comm())?;
    /// f.set_type(FnType::Sqrt)?;
    /// let g = f.duplicate(&petsc.self_comm())?;
    /// assert_eq!(g.ty()?, Some(FnType::Sqrt));
    /// assert_eq!(g.evaluate_function(4.0)?, 2.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "FNDuplicate")]
    pub fn duplicate(&self, comm: &Comm) -> Result<MathFn> {
        let mut f: sys::FN = std::ptr::null_mut();
        // SAFETY: live object and communicator; SLEPc writes the new object.
        check(unsafe { sys::FNDuplicate(self.ptr, comm.as_raw(), &mut f) })?;
        Ok(MathFn::from_raw(&self.slepc, f))
    }

    /// Scales the function: `beta f(alpha x)` (`FNSetScale`). Both must be finite and
    /// `beta` nonzero.
    #[doc(alias = "FNSetScale")]
    pub fn set_scale(&mut self, alpha: impl Into<Scalar>, beta: impl Into<Scalar>) -> Result<()> {
        const CTX: &str = "MathFn::set_scale";
        let (alpha, beta) = (alpha.into(), beta.into());
        finite(CTX, "alpha", alpha)?;
        finite(CTX, "beta", beta)?;
        if beta == Scalar::default() {
            return Err(Error::invalid(CTX, "beta is 0; it must be nonzero"));
        }
        // SAFETY: live object; the scalars are read through the pointers.
        check(unsafe { sys::slepcrs_FNSetScale(self.ptr, &alpha, &beta) })
    }

    /// The scaling factors `(alpha, beta)` of `beta f(alpha x)` (`FNGetScale`).
    #[doc(alias = "FNGetScale")]
    pub fn scale(&self) -> Result<(Scalar, Scalar)> {
        let (mut a, mut b): (Scalar, Scalar) = Default::default();
        // SAFETY: live object; two outputs.
        check(unsafe { sys::FNGetScale(self.ptr, &mut a, &mut b) })?;
        Ok((a, b))
    }

    /// Selects one of the type's algorithms for matrix functions (`FNSetMethod`); 0 is
    /// the default, the numbers are listed by `-fn_method` in the help.
    #[doc(alias = "FNSetMethod")]
    pub fn set_method(&mut self, method: Int) -> Result<()> {
        if method < 0 {
            return Err(Error::invalid(
                "MathFn::set_method",
                format!("method is {method}; it must be 0 or more"),
            ));
        }
        // SAFETY: live object.
        check(unsafe { sys::FNSetMethod(self.ptr, method) })
    }

    petsc::methods![for MathFn;
        /// The algorithm for matrix functions (`FNGetMethod`).
        pub fn method(&self) -> Int = FNGetMethod as "FNGetMethod";

        /// How a matrix function is computed in parallel (`FNSetParallel`).
        pub fn set_parallel(&mut self, mode: FnParallel) = FNSetParallel as "FNSetParallel";

        /// How a matrix function is computed in parallel (`FNGetParallel`).
        ///
        /// ```
        /// use slepc::{MathFn, FnParallel};
        /// let petsc = petsc::Petsc::init()?;
        /// let mut f = MathFn::new(&petsc.self_comm())?;
        /// assert_eq!(f.parallel()?, FnParallel::Redundant);
        /// f.set_parallel(FnParallel::Synchronized)?;
        /// assert_eq!(f.parallel()?, FnParallel::Synchronized);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn parallel(&self) -> FnParallel = FNGetParallel as "FNGetParallel";
    ];

    /// `f(x)` (`FNEvaluateFunction`); the type must be set.
    ///
    /// ```
    /// use slepc::{MathFn, FnType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut f = MathFn::new(&petsc.self_comm())?;
    /// f.set_type(FnType::Log)?;
    /// assert!((f.evaluate_function(std::f64::consts::E)? - 1.0).abs() < 1e-14);
    /// assert!(MathFn::new(&petsc.self_comm())?.evaluate_function(1.0).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "FNEvaluateFunction")]
    pub fn evaluate_function(&self, x: impl Into<Scalar>) -> Result<Scalar> {
        let x = x.into();
        self.check_typed("MathFn::evaluate_function")?;
        finite("MathFn::evaluate_function", "x", x)?;
        let mut y: Scalar = Default::default();
        // SAFETY: live object; `x` read through the pointer, one output.
        check(unsafe { sys::slepcrs_FNEvaluateFunction(self.ptr, &x, &mut y) })?;
        Ok(y)
    }

    /// `f'(x)` (`FNEvaluateDerivative`); the type must be set.
    ///
    /// ```
    /// use slepc::{MathFn, FnType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut f = MathFn::new(&petsc.self_comm())?;
    /// f.set_type(FnType::Sqrt)?;
    /// assert!((f.evaluate_derivative(4.0)? - 0.25).abs() < 1e-14);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "FNEvaluateDerivative")]
    pub fn evaluate_derivative(&self, x: impl Into<Scalar>) -> Result<Scalar> {
        let x = x.into();
        self.check_typed("MathFn::evaluate_derivative")?;
        finite("MathFn::evaluate_derivative", "x", x)?;
        let mut y: Scalar = Default::default();
        // SAFETY: live object; `x` read through the pointer, one output.
        check(unsafe { sys::slepcrs_FNEvaluateDerivative(self.ptr, &x, &mut y) })?;
        Ok(y)
    }

    /// `f(A)` for a square dense matrix `A` (`FNEvaluateFunctionMat`), as a new dense
    /// matrix of the same size and layout.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Sizes};
    /// use slepc::{MathFn, FnType};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::dense(&c).sizes(Sizes::global(2, 2)).build()?;
    /// a.set_values(&[0, 1], &[0, 1], &[1.0, 0.0, 0.0, 2.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// let mut f = MathFn::new(&c)?;
    /// f.set_type(FnType::Exp)?;
    /// let e = f.evaluate_function_mat(&a)?.dense_array()?;
    /// assert!((e[0] - 1f64.exp()).abs() < 1e-12 && (e[3] - 2f64.exp()).abs() < 1e-12);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "FNEvaluateFunctionMat")]
    pub fn evaluate_function_mat(&self, a: &Mat) -> Result<Mat> {
        a.check_loan("MathFn::evaluate_function_mat")?;
        const CTX: &str = "MathFn::evaluate_function_mat";
        self.check_typed(CTX)?;
        check_square_dense(CTX, a)?;
        let b = a.duplicate(petsc::MatDuplicateOption::DoNotCopyValues)?;
        // SAFETY: live objects; SLEPc writes f(A) into B, of A's size and type.
        check(unsafe { sys::FNEvaluateFunctionMat(self.ptr, a.as_raw(), b.as_raw()) })?;
        Ok(b)
    }

    /// The first column of `f(A)`, `f(A) e_1`, for a square dense matrix `A`
    /// (`FNEvaluateFunctionMatVec`), as a new vector of `A`'s column layout.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Sizes};
    /// use slepc::{MathFn, FnType};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::dense(&c).sizes(Sizes::global(2, 2)).build()?;
    /// a.set_values(&[0, 1], &[0, 1], &[4.0, 0.0, 0.0, 9.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// let mut f = MathFn::new(&c)?;
    /// f.set_type(FnType::Sqrt)?;
    /// let v = f.evaluate_function_mat_vec(&a)?.values(&[0, 1])?;
    /// assert!((v[0] - 2.0).abs() < 1e-12 && v[1].abs() < 1e-12);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "FNEvaluateFunctionMatVec")]
    pub fn evaluate_function_mat_vec(&self, a: &Mat) -> Result<Vector> {
        a.check_loan("MathFn::evaluate_function_mat_vec")?;
        const CTX: &str = "MathFn::evaluate_function_mat_vec";
        self.check_typed(CTX)?;
        check_square_dense(CTX, a)?;
        let (v, _) = a.create_vecs()?;
        // SAFETY: live objects; SLEPc writes the first column of f(A) into v.
        check(unsafe { sys::FNEvaluateFunctionMatVec(self.ptr, a.as_raw(), v.as_raw()) })?;
        Ok(v)
    }

    /// The coefficients of the numerator of a rational function, highest degree first
    /// (`FNRationalSetNumerator`); empty means the polynomial 1.
    ///
    /// ```
    /// use slepc::{MathFn, FnType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut f = MathFn::new(&petsc.self_comm())?;
    /// f.set_type(FnType::Rational)?;
    /// // (x^2 + 1) / (x - 2)
    /// f.set_rational_numerator(&[1.0, 0.0, 1.0])?;
    /// f.set_rational_denominator(&[1.0, -2.0])?;
    /// assert_eq!(f.rational_numerator()?, vec![1.0, 0.0, 1.0]);
    /// assert_eq!(f.evaluate_function(3.0)?, 10.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "FNRationalSetNumerator")]
    pub fn set_rational_numerator(&mut self, coeffs: &[Scalar]) -> Result<()> {
        self.set_rational("MathFn::set_rational_numerator", coeffs, true)
    }

    /// The coefficients of the denominator of a rational function, highest degree first
    /// (`FNRationalSetDenominator`); empty means the polynomial 1.
    #[doc(alias = "FNRationalSetDenominator")]
    pub fn set_rational_denominator(&mut self, coeffs: &[Scalar]) -> Result<()> {
        self.set_rational("MathFn::set_rational_denominator", coeffs, false)
    }

    /// The numerator's coefficients, highest degree first (`FNRationalGetNumerator`).
    #[doc(alias = "FNRationalGetNumerator")]
    pub fn rational_numerator(&self) -> Result<Vec<Scalar>> {
        self.rational("MathFn::rational_numerator", true)
    }

    /// The denominator's coefficients, highest degree first
    /// (`FNRationalGetDenominator`).
    #[doc(alias = "FNRationalGetDenominator")]
    pub fn rational_denominator(&self) -> Result<Vec<Scalar>> {
        self.rational("MathFn::rational_denominator", false)
    }

    /// The index `k` of the phi function `phi_k` (`FNPhiSetIndex`): `phi_0 = exp`,
    /// `phi_1(x) = (e^x - 1) / x`, ...
    ///
    /// ```
    /// use slepc::{MathFn, FnType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut f = MathFn::new(&petsc.self_comm())?;
    /// f.set_type(FnType::Phi)?;
    /// f.set_phi_index(1)?;
    /// assert_eq!(f.phi_index()?, 1);
    /// assert!((f.evaluate_function(1.0)? - (1f64.exp() - 1.0)).abs() < 1e-13);
    /// assert!(f.set_phi_index(-1).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "FNPhiSetIndex")]
    pub fn set_phi_index(&mut self, k: Int) -> Result<()> {
        const CTX: &str = "MathFn::set_phi_index";
        self.check_type(CTX, FnType::Phi)?;
        if k < 0 {
            return Err(Error::invalid(
                CTX,
                format!("index is {k}; it must be 0 or more"),
            ));
        }
        // SAFETY: live object of type phi.
        check(unsafe { sys::FNPhiSetIndex(self.ptr, k) })
    }

    /// The index of the phi function (`FNPhiGetIndex`).
    #[doc(alias = "FNPhiGetIndex")]
    pub fn phi_index(&self) -> Result<Int> {
        self.check_type("MathFn::phi_index", FnType::Phi)?;
        let mut k: Int = 0;
        // SAFETY: live object of type phi; one output.
        check(unsafe { sys::FNPhiGetIndex(self.ptr, &mut k) })?;
        Ok(k)
    }

    /// Makes this (a [`FnType::Combine`] function) the combination of `f1` and `f2`
    /// (`FNCombineSetChildren`); it keeps its own references to both.
    ///
    /// ```
    /// use slepc::{MathFn, FnCombineType, FnType};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let (mut e, mut s) = (MathFn::new(&c)?, MathFn::new(&c)?);
    /// e.set_type(FnType::Exp)?;
    /// s.set_type(FnType::Sqrt)?;
    /// let mut f = MathFn::new(&c)?;
    /// f.set_type(FnType::Combine)?;
    /// // sqrt(exp(x))
    /// f.set_combine_children(FnCombineType::Compose, &e, &s)?;
    /// drop((e, s));
    /// assert!((f.evaluate_function(2.0)? - 1f64.exp()).abs() < 1e-13);
    /// let (ty, f1, _) = f.combine_children()?;
    /// assert_eq!((ty, f1.ty()?), (FnCombineType::Compose, Some(FnType::Exp)));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "FNCombineSetChildren")]
    pub fn set_combine_children(
        &mut self,
        comb: FnCombineType,
        f1: &MathFn,
        f2: &MathFn,
    ) -> Result<()> {
        const CTX: &str = "MathFn::set_combine_children";
        self.check_type(CTX, FnType::Combine)?;
        if f1.ptr == self.ptr || f2.ptr == self.ptr {
            return Err(Error::invalid(CTX, "a function cannot be its own child"));
        }
        // SAFETY: live objects; SLEPc references both children.
        check(unsafe { sys::FNCombineSetChildren(self.ptr, comb.raw(), f1.ptr, f2.ptr) })
    }

    /// How this combined function is made, and its two children
    /// (`FNCombineGetChildren`), as handles holding their own references.
    #[doc(alias = "FNCombineGetChildren")]
    pub fn combine_children(&self) -> Result<(FnCombineType, MathFn, MathFn)> {
        const CTX: &str = "MathFn::combine_children";
        self.check_type(CTX, FnType::Combine)?;
        let mut comb = sys::FNCombineType::FN_COMBINE_ADD;
        let (mut f1, mut f2): (sys::FN, sys::FN) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live object of type combine; three outputs.
        check(unsafe { sys::FNCombineGetChildren(self.ptr, &mut comb, &mut f1, &mut f2) })?;
        if f1.is_null() || f2.is_null() {
            return Err(Error::invalid(
                CTX,
                "the children are not set; call set_combine_children first",
            ));
        }
        let parent = self.ptr as sys::PetscObject;
        // SAFETY: live children of this function; each handle takes a reference to its
        // child and one to this function.
        let f1 = unsafe { MathFn::from_raw_child(&self.slepc, f1, parent) }?;
        // SAFETY: as above.
        let f2 = unsafe { MathFn::from_raw_child(&self.slepc, f2, parent) }?;
        Ok((
            FnCombineType::from_raw(comb, "MathFn::combine_children")?,
            f1,
            f2,
        ))
    }

    fn check_typed(&self, ctx: &str) -> Result<()> {
        if self.ty()?.is_none() {
            return Err(Error::invalid(
                ctx,
                "the function has no type; call set_type first",
            ));
        }
        Ok(())
    }

    fn check_type(&self, ctx: &str, want: FnType) -> Result<()> {
        match self.ty()? {
            Some(t) if t == want => Ok(()),
            t => Err(Error::invalid(
                ctx,
                format!(
                    "the function's type is {}, not {}",
                    t.as_ref().map_or("unset", |t| t.as_str()),
                    want.as_str()
                ),
            )),
        }
    }

    fn set_rational(&mut self, ctx: &str, coeffs: &[Scalar], numerator: bool) -> Result<()> {
        self.check_type(ctx, FnType::Rational)?;
        for (k, &c) in coeffs.iter().enumerate() {
            finite(ctx, &format!("coefficient {k}"), c)?;
        }
        let n = Int::try_from(coeffs.len())
            .map_err(|_| Error::size_mismatch(ctx, "too many coefficients"))?;
        let mut v = coeffs.to_vec();
        let p = if v.is_empty() {
            std::ptr::null_mut()
        } else {
            v.as_mut_ptr()
        };
        // SAFETY: live object of type rational; SLEPc copies `n` coefficients.
        check(unsafe {
            if numerator {
                sys::FNRationalSetNumerator(self.ptr, n, p)
            } else {
                sys::FNRationalSetDenominator(self.ptr, n, p)
            }
        })
    }

    fn rational(&self, ctx: &str, numerator: bool) -> Result<Vec<Scalar>> {
        self.check_type(ctx, FnType::Rational)?;
        let mut n: Int = 0;
        let mut p: *mut Scalar = std::ptr::null_mut();
        // SAFETY: live object of type rational; SLEPc allocates a copy with PetscMalloc.
        check(unsafe {
            if numerator {
                sys::FNRationalGetNumerator(self.ptr, &mut n, &mut p)
            } else {
                sys::FNRationalGetDenominator(self.ptr, &mut n, &mut p)
            }
        })?;
        if p.is_null() {
            return Ok(Vec::new());
        }
        let len = usize::try_from(n).unwrap_or(0);
        // SAFETY: SLEPc allocated `n` scalars at `p`.
        let out = unsafe { std::slice::from_raw_parts(p, len) }.to_vec();
        // SAFETY: allocated by SLEPc with PetscMalloc, freed once.
        check(unsafe { petsc::sys::petscrs_PetscFree(p.cast()) })?;
        Ok(out)
    }
}

/// Refuses a matrix that is not square and dense.
fn check_square_dense(ctx: &str, a: &Mat) -> Result<()> {
    let (m, n) = a.size()?;
    if m != n {
        return Err(Error::size_mismatch(
            ctx,
            format!("the matrix is {m} x {n}, not square"),
        ));
    }
    let t = petsc::Object::type_name(a)?;
    if !t.contains("dense") {
        return Err(Error::invalid(
            ctx,
            format!("the matrix is of type {t}; it must be dense"),
        ));
    }
    Ok(())
}
