//! Results beyond the eigenpairs themselves: left eigenvectors of two-sided solves, and
//! the views of errors, eigenvalues, eigenvectors and the converged reason.

use petsc::{Int, Result, Vector, Viewer};
use slepc_sys as sys;

use super::Nep;
use crate::checks;
use crate::error::check;

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
        let yi = yi.map_or(std::ptr::null_mut(), |v| v.as_raw());
        // SAFETY: live solver and vectors (distinct by Rust's borrows; `yi` may be null),
        // index and layouts checked.
        check(unsafe { sys::NEPGetLeftEigenvector(self.ptr, i, yr.as_raw(), yi) })
    }

    /// Prints the solver's settings to `viewer` (`NEPView`), as `-nep_view` does.
    #[doc(alias = "NEPView")]
    pub fn view(&self, viewer: &Viewer) -> Result<()> {
        // SAFETY: live solver and viewer.
        check(unsafe { sys::NEPView(self.ptr, viewer.as_raw()) })
    }
}
