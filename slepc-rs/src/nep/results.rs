//! Results beyond the eigenpairs themselves: left eigenvectors of two-sided solves, the
//! resolvent they give, and the views of errors, eigenvalues, eigenvectors and the
//! converged reason.

use petsc::{Int, Result, Scalar, Vector, Viewer};
use slepc_sys as sys;

use super::Nep;
use crate::checks;
use crate::error::check;
use crate::rg::Rg;

impl Nep {
    /// Left eigenvector `i` of a two-sided solve (`NEPGetLeftEigenvector`): `y` with
    /// `y^* T(lambda) = 0`, into `yr` (and its imaginary part into `yi` for a complex
    /// eigenvalue of a real build, when given). An `Err` unless
    /// [`set_two_sided`](Self::set_two_sided) was set before the solve.
    #[doc(alias = "NEPGetLeftEigenvector")]
    pub fn left_eigenvector(&self, i: Int, yr: &mut Vector, yi: Option<&mut Vector>) -> Result<()> {
        const CTX: &str = "Nep::left_eigenvector";
        checks::two_sided(CTX, self.two_sided()?)?;
        self.check_index(CTX, i)?;
        self.check_vec(CTX, "yr", yr)?;
        if let Some(yi) = yi.as_deref() {
            self.check_vec(CTX, "yi", yi)?;
        }
        let written: Vec<&Vector> = std::iter::once(&*yr).chain(yi.as_deref()).collect();
        let _writes = checks::agree(self, CTX, checks::access(CTX, &[], &written))?;
        let yi = yi.map_or(std::ptr::null_mut(), |v| v.as_raw());
        // SAFETY: live solver and vectors (distinct, registered as written; `yi` may be
        // null), index and layouts checked.
        check(unsafe { sys::NEPGetLeftEigenvector(self.ptr, i, yr.as_raw(), yi) })
    }

    /// Applies the resolvent of the computed eigenpairs at `omega` to `v`
    /// (`NEPApplyResolvent`): `r = sum_i (omega - lambda_i)^-1 x_i y_i^* v`, over the
    /// converged eigenpairs (those inside `rg` when given), with right and left
    /// eigenvectors `x_i`, `y_i` normalized so that `y_i^* T'(lambda_i) x_i = 1`. When
    /// the solve found every eigenvalue (a linear `T`, say) this is `T(omega)^-1 v`.
    ///
    /// An `Err` before a solve, unless [`set_two_sided`](Self::set_two_sided) was set
    /// before it, for a non-finite `omega` or vectors not of the problem's layout. A
    /// failure inside (of a Jacobian closure, say) leaves the solver needing a new
    /// solve.
    ///
    /// `T(lambda) = A - lambda I` with `A = [[1, 1], [0, 3]]`: eigenvalues 1 and 3, and
    /// `T(2)^-1 [1, 1] = [[-1, 1], [0, 1]] [1, 1] = [0, 1]`.
    ///
    /// ```
    /// use petsc::{Csr, Mat, MatStructure, NormType, Scalar, Sizes, Vector};
    /// use slepc::{MathFn, FnType, Nep, NepType};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = Mat::aij(&c).sizes(Sizes::local(2, 2)).csr(Csr { row_ptr: &[0, 2, 3], cols: &[0, 1, 1], vals: &[1.0, 1.0, 3.0] }).build()?;
    /// let i = Mat::aij(&c).sizes(Sizes::local(2, 2)).csr(Csr { row_ptr: &[0, 1, 2], cols: &[0, 1], vals: &[1.0, 1.0] }).build()?;
    /// let poly = |coeffs: &[f64]| -> petsc::Result<MathFn> {
    ///     let mut f = MathFn::new(&c)?;
    ///     f.set_type(FnType::Rational)?;
    ///     f.set_rational_numerator(&coeffs.iter().map(|&x| Scalar::from(x)).collect::<Vec<_>>())?;
    ///     Ok(f)
    /// };
    /// let mut nep = Nep::new(&c)?;
    /// nep.set_split_operator(&[&a, &i], &[&poly(&[1.0])?, &poly(&[-1.0, 0.0])?], MatStructure::Subset)?;
    /// nep.set_type(NepType::Slp)?;
    /// nep.set_two_sided(true)?;
    /// nep.set_dimensions_to(slepc::Dimensions::new(2))?;
    /// nep.set_target(0.0)?;
    /// nep.set_tolerances(slepc::Tolerances { tol: Some(1e-12), ..Default::default() })?;
    /// nep.solve()?.check()?;
    /// assert_eq!(nep.converged_count()?, 2);
    /// let v = Vector::from_slice(&c, &[Scalar::from(1.0), Scalar::from(1.0)])?;
    /// let mut r = v.duplicate()?;
    /// nep.apply_resolvent(None, 2.0, &v, &mut r)?;
    /// r.axpy(-1.0, &Vector::from_slice(&c, &[Scalar::from(0.0), Scalar::from(1.0)])?)?;
    /// assert!(r.norm(NormType::Two)? < 1e-7);
    /// // Not two-sided: refused.
    /// nep.set_two_sided(false)?;
    /// assert!(nep.apply_resolvent(None, 2.0, &v, &mut r).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "NEPApplyResolvent")]
    pub fn apply_resolvent(
        &mut self,
        rg: Option<&Rg>,
        omega: impl Into<Scalar>,
        v: &Vector,
        r: &mut Vector,
    ) -> Result<()> {
        const CTX: &str = "Nep::apply_resolvent";
        let omega = omega.into();
        crate::st::check_finite_scalar(CTX, "omega", omega)?;
        checks::two_sided(CTX, self.two_sided()?)?;
        self.check_vec(CTX, "v", v)?;
        self.check_vec(CTX, "r", r)?;
        // What SLEPc reads and writes, registered for the call: refused while a writable
        // view of `v`, or any view of `r`, is alive through another handle, and when
        // `v` and `r` are one vector (on every rank if on one).
        let _access = checks::agree(self, CTX, checks::access(CTX, &[v], &[&*r]))?;
        let rg = rg.map_or(std::ptr::null_mut(), |g| g.as_raw());
        // SAFETY: live solver, region (or null) and distinct vectors (registered above),
        // layouts checked; the shim checks that the solver has solved two-sided.
        let e =
            unsafe { sys::slepcrs_NEPApplyResolvent(self.ptr, rg, &omega, v.as_raw(), r.as_raw()) };
        if e != 0 {
            self.recover();
        }
        check(e)
    }

    /// Prints the solver's settings to `viewer` (`NEPView`), as `-nep_view` does.
    #[doc(alias = "NEPView")]
    pub fn view(&self, viewer: &Viewer) -> Result<()> {
        // SAFETY: live solver and viewer.
        check(unsafe { sys::NEPView(self.ptr, viewer.as_raw()) })
    }
}
