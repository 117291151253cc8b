//! The views of errors, eigenvalues, eigenvectors and the converged reason.

use petsc::{Result, Viewer};
use slepc_sys as sys;

use super::{Pep, PepErrorType};
use crate::error::check;

impl Pep {
    /// Prints the errors of the computed eigenpairs to `viewer` (`PEPErrorView`), as
    /// `-pep_error_backward` does: in the viewer's default format the summary SLEPc's
    /// tutorials print with `-terse` (whether all requested eigenvalues reached the
    /// tolerance, and the eigenvalues); with `ViewerFormat::AsciiInfoDetail` pushed, a
    /// table of each eigenvalue and its error.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Scalar, Viewer};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let diag = |f: fn(f64) -> f64| -> petsc::Result<Mat> {
    ///     let mut a = Mat::new_aij(&c, None, None, Some(10), Some(10), 1, 0)?;
    ///     for i in 0..10 {
    ///         a.set_values(&[i], &[i], &[Scalar::from(f((i + 1) as f64))], InsertMode::Insert)?;
    ///     }
    ///     a.assemble()?;
    ///     Ok(a)
    /// };
    /// let (k, cm, m) = (diag(|x| -x)?, diag(|_| 0.0)?, diag(|_| 1.0)?);
    /// let mut pep = slepc::Pep::new(&c)?;
    /// pep.set_operators(&[&k, &cm, &m])?;
    /// pep.solve()?;
    /// let out = Viewer::ascii_stdout(&c)?;
    /// pep.error_view(slepc::PepErrorType::Backward, &out)?;
    /// pep.values_view(&out)?;
    /// pep.converged_reason_view(&out)?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PEPErrorView")]
    pub fn error_view(&self, ty: PepErrorType, viewer: &Viewer) -> Result<()> {
        // SAFETY: live solver and viewer.
        check(unsafe { sys::PEPErrorView(self.ptr, ty.raw(), viewer.as_raw()) })
    }

    /// Prints the computed eigenvalues to `viewer` (`PEPValuesView`).
    #[doc(alias = "PEPValuesView")]
    pub fn values_view(&self, viewer: &Viewer) -> Result<()> {
        // SAFETY: live solver and viewer.
        check(unsafe { sys::PEPValuesView(self.ptr, viewer.as_raw()) })
    }

    /// Writes the computed eigenvectors to `viewer` (`PEPVectorsView`).
    #[doc(alias = "PEPVectorsView")]
    pub fn vectors_view(&self, viewer: &Viewer) -> Result<()> {
        // SAFETY: live solver and viewer.
        check(unsafe { sys::PEPVectorsView(self.ptr, viewer.as_raw()) })
    }

    /// Prints why the last solve stopped to `viewer` (`PEPConvergedReasonView`).
    #[doc(alias = "PEPConvergedReasonView")]
    pub fn converged_reason_view(&self, viewer: &Viewer) -> Result<()> {
        // SAFETY: live solver and viewer.
        check(unsafe { sys::PEPConvergedReasonView(self.ptr, viewer.as_raw()) })
    }
}
