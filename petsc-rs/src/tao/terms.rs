//! The objective as a sum of terms (`TaoAddTerm`, `TaoGetTerm`; PETSc 3.25 on): a
//! [`TaoTerm`] added to what the solver minimizes, scaled, with its parameters and a
//! map from the solution.

use std::ffi::CString;

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
    /// prefix of the new summand. PETSc references the term, the parameters and the
    /// map.
    #[doc(alias = "TaoAddTerm")]
    pub fn add_term(
        &mut self,
        prefix: Option<&str>,
        scale: Real,
        term: &TaoTerm,
        params: Option<&Vector>,
        map: Option<&Mat>,
    ) -> Result<()> {
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
                prefix.as_ref().map_or(std::ptr::null(), CString::as_ptr),
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
