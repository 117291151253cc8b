//! Results beyond the eigenpairs themselves: left eigenvectors of two-sided solves, and
//! the views of errors, eigenvalues, eigenvectors and the converged reason.

use petsc::{Error, Int, Result, Vector, Viewer};
use slepc_sys as sys;

use super::{Nep, NepErrorType};
use crate::error::check;

impl Nep {
    /// Left eigenvector `i` of a two-sided solve (`NEPGetLeftEigenvector`): `y` with
    /// `y^* T(lambda) = 0`, into `yr` (and its imaginary part into `yi` for a complex
    /// eigenvalue of a real build, when given). An `Err` unless
    /// [`set_two_sided`](Self::set_two_sided) was set before the solve.
    #[doc(alias = "NEPGetLeftEigenvector")]
    pub fn left_eigenvector(&self, i: Int, yr: &mut Vector, yi: Option<&mut Vector>) -> Result<()> {
        const CTX: &str = "Nep::left_eigenvector";
        if !self.two_sided()? {
            return Err(Error::invalid(
                CTX,
                "left eigenvectors need a two-sided solve: call set_two_sided(true) before solve",
            ));
        }
        self.check_index(CTX, i)?;
        self.check_vec(CTX, "yr", yr)?;
        if let Some(yi) = yi.as_deref() {
            self.check_vec(CTX, "yi", yi)?;
        }
        let yi = yi.map_or(std::ptr::null_mut(), |v| v.as_raw());
        // SAFETY: live solver and vectors (distinct by Rust's borrows; `yi` may be null),
        // index and layouts checked.
        check(unsafe { sys::NEPGetLeftEigenvector(self.ptr, i, yr.as_raw(), yi) })
    }

    /// Prints the errors of the computed eigenpairs to `viewer` (`NEPErrorView`), as
    /// `-nep_error_relative` does.
    #[doc(alias = "NEPErrorView")]
    pub fn error_view(&self, ty: NepErrorType, viewer: &Viewer) -> Result<()> {
        // SAFETY: live solver and viewer.
        check(unsafe { sys::NEPErrorView(self.ptr, ty.raw(), viewer.as_raw()) })
    }

    /// Prints the computed eigenvalues to `viewer` (`NEPValuesView`).
    #[doc(alias = "NEPValuesView")]
    pub fn values_view(&self, viewer: &Viewer) -> Result<()> {
        // SAFETY: live solver and viewer.
        check(unsafe { sys::NEPValuesView(self.ptr, viewer.as_raw()) })
    }

    /// Writes the computed eigenvectors to `viewer` (`NEPVectorsView`).
    #[doc(alias = "NEPVectorsView")]
    pub fn vectors_view(&self, viewer: &Viewer) -> Result<()> {
        // SAFETY: live solver and viewer.
        check(unsafe { sys::NEPVectorsView(self.ptr, viewer.as_raw()) })
    }

    /// Prints why the last solve stopped to `viewer` (`NEPConvergedReasonView`).
    #[doc(alias = "NEPConvergedReasonView")]
    pub fn converged_reason_view(&self, viewer: &Viewer) -> Result<()> {
        // SAFETY: live solver and viewer.
        check(unsafe { sys::NEPConvergedReasonView(self.ptr, viewer.as_raw()) })
    }

    /// Prints the solver's settings to `viewer` (`NEPView`), as `-nep_view` does.
    #[doc(alias = "NEPView")]
    pub fn view(&self, viewer: &Viewer) -> Result<()> {
        // SAFETY: live solver and viewer.
        check(unsafe { sys::NEPView(self.ptr, viewer.as_raw()) })
    }
}
