//! The views of errors, eigenvalues, eigenvectors and the converged reason.

use super::Pep;

impl Pep {}
