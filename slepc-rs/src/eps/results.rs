//! Results beyond the eigenpairs themselves: left eigenvectors of two-sided solves, the
//! invariant subspace, and the views of errors, eigenvalues, eigenvectors and the
//! converged reason.

use petsc::{Error, Int, Result, Vector};
use slepc_sys as sys;

use super::Eps;
use crate::checks;
use crate::error::check;

impl Eps {
    /// Starting vectors for the left eigenvectors of a two-sided solve
    /// (`EPSSetLeftInitialSpace`); SLEPc copies them. Their sizes must be the problem's.
    #[doc(alias = "EPSSetLeftInitialSpace")]
    pub fn set_left_initial_space(&mut self, vectors: &[&Vector]) -> Result<()> {
        petsc::ffi::refuse_lent("Eps::set_left_initial_space", vectors.iter().copied())?;
        let mut raw = self.vector_list("Eps::set_left_initial_space", vectors)?;
        let n = Int::try_from(raw.len())
            .map_err(|_| Error::out_of_range("Eps::set_left_initial_space", "too many vectors"))?;
        // SAFETY: live solver and vectors; SLEPc copies them.
        check(unsafe { sys::EPSSetLeftInitialSpace(self.ptr, n, raw.as_mut_ptr()) })
    }

    /// Left eigenvector `i` of a two-sided solve (`EPSGetLeftEigenvector`): `y` with
    /// `y^* A = lambda y^* B`, real and imaginary parts as in
    /// [`eigenpair`](Self::eigenpair). An `Err` unless
    /// [`set_two_sided`](Self::set_two_sided) was set before the solve.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Scalar, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // Upper triangular [[1, 1], [0, 3]]: the left eigenvector of 3 is (0, 1).
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(2, 2)).preallocate(2, 0).build()?;
    /// a.set_values(&[0, 1], &[0, 1], &[1.0, 1.0, 0.0, 3.0].map(Scalar::from), InsertMode::Insert)?;
    /// a.assemble()?;
    /// let mut eps = slepc::Eps::new(&c)?;
    /// eps.set_operators(&a, None)?;
    /// eps.set_type(slepc::EpsType::Lapack)?;
    /// eps.set_two_sided(true)?;
    /// eps.solve()?.check()?;
    /// let (mut yr, mut yi) = a.create_vecs()?;
    /// eps.left_eigenvector(0, &mut yr, &mut yi)?; // lambda = 3 first (largest magnitude)
    /// let y = yr.view()?;
    /// assert!(y[0].abs() < 1e-12 && (y[1].abs() - 1.0).abs() < 1e-12);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "EPSGetLeftEigenvector")]
    pub fn left_eigenvector(&self, i: Int, yr: &mut Vector, yi: &mut Vector) -> Result<()> {
        const CTX: &str = "Eps::left_eigenvector";
        checks::two_sided(CTX, self.two_sided()?)?;
        self.check_index(CTX, i)?;
        self.check_vec(CTX, "yr", yr)?;
        self.check_vec(CTX, "yi", yi)?;
        let _writes = checks::agree(self, CTX, checks::access(CTX, &[], &[&*yr, &*yi]))?;
        // SAFETY: live solver and vectors (distinct, registered as written), index checked.
        check(unsafe { sys::EPSGetLeftEigenvector(self.ptr, i, yr.as_raw(), yi.as_raw()) })
    }

    /// An orthonormal basis of the invariant subspace of the converged eigenvalues
    /// (`EPSGetInvariantSubspace`): one vector per converged eigenpair, in the order of
    /// [`eigenvalue`](Self::eigenvalue) (Schur vectors, or eigenvectors for a Hermitian
    /// problem). Empty when nothing converged.
    #[doc(alias = "EPSGetInvariantSubspace")]
    pub fn invariant_subspace(&self) -> Result<Vec<Vector>> {
        let n = self.converged_count()?;
        if n == 0 {
            return Ok(Vec::new());
        }
        let count = usize::try_from(n)
            .map_err(|_| Error::out_of_range("Eps::invariant_subspace", "negative count"))?;
        let (a, _) = self.operators()?;
        let (x, _) = a.create_vecs()?;
        let vectors = x.duplicate_vecs(count)?;
        let mut raw: Vec<sys::Vec> = vectors.iter().map(Vector::as_raw).collect();
        // SAFETY: live solver, solved; `raw` holds `nconv` live vectors of the problem's
        // layout, which SLEPc fills.
        check(unsafe { sys::EPSGetInvariantSubspace(self.ptr, raw.as_mut_ptr()) })?;
        Ok(vectors)
    }
}
