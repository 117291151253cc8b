//! The objective as a sum of terms (`TaoAddTerm`, `TaoGetTerm`; PETSc 3.25 on): a
//! [`TaoTerm`] added to what the solver minimizes, scaled, with its parameters and a
//! map from the solution.

use petsc_sys as sys;

use super::Tao;
use crate::error::{Result, check, check_finite};
use crate::mat::Mat;
use crate::scalar::Real;
use crate::tao_term::TaoTerm;
use crate::vec::Vector;

/// The solver's whole objective, as [`Tao::term`] returns it.
#[derive(Debug)]
pub struct TaoObjectiveTerm {
    /// The factor the term is scaled by.
    pub scale: Real,
    /// The term (a `"sum"` of the terms once some were added).
    pub term: TaoTerm,
    /// Its parameters, if any.
    pub params: Option<Vector>,
    /// The map from the solution to the term's argument, if any.
    pub map: Option<Mat>,
}

impl Tao {
    /// Adds `scale * term(map x; params)` to the objective (`TaoAddTerm`; PETSc 3.25
    /// on): `params` are the term's parameters (`None` for none), `map` a matrix
    /// applied to the solution first (`None`: the identity), `prefix` the options
    /// prefix of the new summand. The term needs the layout of its argument
    /// ([`TaoTerm::set_solution_template`]) before the solver is set up. PETSc
    /// references the term, the parameters and the map.
    ///
    /// ```
    /// use petsc::{Object, Tao, TaoTerm, TaoTermType, TaoType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // (x0 - 1)^2 + (x1 + 2)^2 from a closure, plus 3 ½‖x − p‖² for p = (2, 0): the
    /// // minimum is where 2 (x - a) + 3 (x - p) = 0, x = (2 a + 3 p) / 5 = (1.6, -0.8).
    /// let x = Vector::from_slice(&c, &[0.0, 0.0])?;
    /// let p = Vector::from_slice(&c, &[2.0, 0.0])?;
    /// let mut tao = Tao::new(&c)?;
    /// tao.set_type(TaoType::Lmvm)?;
    /// tao.set_solution(&x)?;
    /// tao.set_objective_and_gradient(|x, g| {
    ///     let (a, b) = { let v = x.view()?; (v[0] - 1.0, v[1] + 2.0) };
    ///     g.view_mut()?.copy_from_slice(&[2.0 * a, 2.0 * b]);
    ///     Ok(a * a + b * b)
    /// })?;
    /// let mut term = TaoTerm::new(&c)?;
    /// term.set_type(TaoTermType::HalfL2Squared)?;
    /// term.set_solution_template(&x)?;
    /// tao.add_term(Some("reg_"), 3.0, &term, Some(&p), None)?;
    /// tao.set_tolerances(petsc::TaoTolerances {
    ///     gatol: Some(1e-10),
    ///     grtol: Some(0.0),
    ///     ..Default::default()
    /// })?;
    /// tao.solve()?.check()?;
    /// let v = x.view()?;
    /// assert!((v[0] - 1.6).abs() < 1e-8 && (v[1] + 0.8).abs() < 1e-8);
    /// let whole = tao.term()?;
    /// assert_eq!(whole.term.type_name()?, "sum");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoAddTerm")]
    pub fn add_term(
        &mut self,
        prefix: Option<&str>,
        scale: Real,
        term: &TaoTerm,
        params: Option<&Vector>,
        map: Option<&Mat>,
    ) -> Result<()> {
        if let Some(m) = map {
            m.check_loan("Tao::add_term")?;
        }
        const CTX: &str = "Tao::add_term";
        check_finite(CTX, "scale", scale)?;
        let prefix = prefix.map(|p| crate::error::c_string(CTX, p)).transpose()?;
        let t = term.kept_raw(CTX)?;
        let p = params.map_or(Ok(std::ptr::null_mut()), |v| v.kept_raw(CTX))?;
        let m = map.map_or(Ok(std::ptr::null_mut()), |a| a.kept_raw(CTX))?;
        // SAFETY: live solver, term, vector and matrix (or null), which PETSc
        // references; the prefix is NUL-terminated or null, and copied.
        check(unsafe {
            sys::TaoAddTerm(
                self.ptr,
                prefix.as_ref().map_or(std::ptr::null(), |p| p.as_ptr()),
                scale,
                t,
                p,
                m,
            )
        })
    }

    /// The solver's whole objective as a term (`TaoGetTerm`; PETSc 3.25 on): its
    /// scale, the term, its parameters and map, each a handle of its own reference.
    #[doc(alias = "TaoGetTerm")]
    pub fn term(&self) -> Result<TaoObjectiveTerm> {
        let mut scale: Real = 1.0;
        let mut t: sys::TaoTerm = std::ptr::null_mut();
        let mut p: sys::Vec = std::ptr::null_mut();
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live solver; PETSc writes its own (borrowed) objects, or null.
        check(unsafe { sys::TaoGetTerm(self.ptr, &mut scale, &mut t, &mut p, &mut m) })?;
        if t.is_null() {
            return Err(crate::Error::invalid(
                "Tao::term",
                "the solver has no objective term",
            ));
        }
        // SAFETY: the solver holds each object; every handle takes its own reference.
        unsafe {
            Ok(TaoObjectiveTerm {
                scale,
                term: TaoTerm::from_raw_borrowed(&self.petsc, t)?,
                params: if p.is_null() {
                    None
                } else {
                    Some(Vector::from_raw_borrowed(&self.petsc, p)?)
                },
                map: if m.is_null() {
                    None
                } else {
                    Some(Mat::from_raw_borrowed(&self.petsc, m)?)
                },
            })
        }
    }
}
