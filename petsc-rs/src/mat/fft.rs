//! Fast Fourier transforms through PETSc's FFTW matrices (`MATFFTW`), distributed over
//! the ranks of a communicator.
//!
//! [`Fft`] owns the matrix and the vectors in FFTW's layout that its transforms run on.
//! FFTW plans a transform for the arrays it is first given and PETSc keeps that plan, so
//! the handle makes both plans on its own vectors when it is created and never lets them
//! out: data goes in and comes out through vectors in PETSc's ordinary layout
//! ([`Fft::forward`], [`Fft::backward`]), and the transformed coefficients are read and
//! written through views ([`Fft::spectrum`], [`Fft::spectrum_mut`]).
//!
//! What is stored depends on PETSc's scalar type, as in PETSc:
//!
//! - complex scalars: complex-to-complex transforms; the spectrum holds all `N`
//!   coefficients, in the row-major order of the grid;
//! - real scalars: real-to-complex transforms; by the Hermitian symmetry of the transform
//!   of real data, `X[k] = conj(X[-k])`, only the coefficients whose last index is in
//!   `0..=n_last/2` are stored ([`Fft::spectrum_shape`] gives the stored shape).
//!
//! The spectrum is distributed by its first index (by contiguous runs of the stored
//! array, [`Fft::spectrum_range`]). [`Fft::backward`] is unnormalized, as FFTW's: the
//! forward transform followed by the backward one multiplies by `N`
//! ([`Fft::inverse`] divides by it).

use std::ops::{Deref, DerefMut, Range};

use petsc_sys as sys;

use super::{Mat, product};
use crate::comm::Comm;
use crate::error::{Error, Result};
use crate::object::Object;
use crate::scalar::{Complex, Int, Real};
use crate::vec::{VecView, VecViewMut, Vector};

/// A distributed multi-dimensional FFT (PETSc's `MATFFTW` matrix with its vectors).
///
#[cfg_attr(petsc_have_fftw, doc = "```")]
#[cfg_attr(not(petsc_have_fftw), doc = "```no_run")]
/// use petsc::{Complex, Fft, Vector};
/// let petsc = petsc::Petsc::init()?;
/// let world = petsc.world();
/// // A 4 x 6 grid holding the plane wave cos(2 pi (1 i / 4 + 2 j / 6)).
/// let (n0, n1) = (4, 6);
/// let mut fft = Fft::new(&world, &[n0, n1])?;
/// let mut x = fft.create_vec()?;
/// let range = x.ownership_range()?;
/// {
///     let mut v = x.view_mut()?;
///     for (p, g) in range.clone().enumerate() {
///         let (i, j) = ((g / n1) as f64, (g % n1) as f64);
///         let phase = 2.0 * std::f64::consts::PI * (i / 4.0 + 2.0 * j / 6.0);
///         v[p] = phase.cos().into();
///     }
/// }
/// fft.forward(&x)?;
/// // All the energy is at (1, 2) and (3, 4) = (-1, -2): N / 2 = 12 each; (3, 4) is not
/// // stored by a real-to-complex transform.
/// let shape = fft.spectrum_shape();
/// let start = fft.spectrum_range().start;
/// for (p, c) in fft.spectrum()?.iter().enumerate() {
///     let at = start + p as petsc::Int;
///     let (k0, k1) = (at / shape[1], at % shape[1]);
///     let expected = if (k0, k1) == (1, 2) || (k0, k1) == (3, 4) { 12.0 } else { 0.0 };
///     assert!((c - Complex::new(expected, 0.0)).norm() < 1e-12, "({k0}, {k1}): {c}");
/// }
/// // The inverse gives the plane wave back.
/// let mut y = fft.create_vec()?;
/// fft.inverse(&mut y)?;
/// y.axpy(-1.0, &x)?;
/// assert!(y.norm(petsc::NormType::Infinity)? < 1e-14);
/// # Ok::<(), petsc::Error>(())
/// ```
#[doc(alias = "MatCreateFFT")]
#[doc(alias = "MATFFTW")]
#[doc(alias = "FFTW")]
pub struct Fft {
    // Dropped first; the vectors of FFTW's layout hold their own references to it.
    mat: Mat,
    comm: Comm,
    dims: Vec<Int>,
    /// The grid's points, the product of `dims`.
    n: Int,
    /// The stored spectrum's shape.
    shape: Vec<Int>,
    /// This rank's complex coefficients of the stored spectrum (row-major positions).
    range: Range<Int>,
    /// The forward transform's input, in FFTW's layout.
    input: Vector,
    /// The forward transform's output.
    spectrum: Vector,
    /// The backward transform's input: a copy of `spectrum`, which FFTW may overwrite
    /// (its complex-to-real transforms do).
    scratch: Vector,
    /// The backward transform's output, in FFTW's layout.
    output: Vector,
}

impl std::fmt::Debug for Fft {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fft")
            .field("dims", &self.dims)
            .field("spectrum_shape", &self.shape)
            .field("spectrum_range", &self.range)
            .finish()
    }
}

/// Whether the transforms are real-to-complex (real scalars) rather than
/// complex-to-complex.
const REAL_TO_COMPLEX: bool = !cfg!(petsc_complex);

/// Refuses dimensions PETSc's FFTW matrices cannot transform on `ranks` processes, and
/// returns the number of points and the stored spectrum's shape.
// `Int` is `i32` or `i64` by PETSc build; the casts widen on the former.
#[allow(clippy::unnecessary_cast)]
fn check_dims(context: &str, dims: &[Int], ranks: i32) -> Result<(Int, Vec<Int>)> {
    if dims.is_empty() {
        return Err(Error::invalid(context, "give at least one dimension"));
    }
    if let Some((k, &d)) = dims.iter().enumerate().find(|&(_, &d)| d < 1) {
        return Err(Error::invalid(
            context,
            format!("dimension {k} is {d}; every dimension must be at least 1"),
        ));
    }
    // FFTW takes the dimensions as C ints.
    if let Some((k, &d)) = dims
        .iter()
        .enumerate()
        .find(|&(_, &d)| d as i64 > i32::MAX as i64)
    {
        return Err(Error::invalid(
            context,
            format!("dimension {k} is {d}, more than FFTW's int holds"),
        ));
    }
    if REAL_TO_COMPLEX && ranks > 1 && dims.len() != 2 {
        return Err(Error::invalid(
            context,
            format!(
                "a {}-dimensional transform on {ranks} processes: with real scalars, PETSc's \
                 FFTW matrices transform in parallel in two dimensions only (any number of \
                 dimensions on one process, or a PETSc with complex scalars)",
                dims.len()
            ),
        ));
    }
    if REAL_TO_COMPLEX && cfg!(petsc_int64) && dims.len() > 3 {
        return Err(Error::invalid(
            context,
            format!(
                "a {}-dimensional transform: with real scalars and 64-bit indices, PETSc's \
                 FFTW matrices pass more than three dimensions to FFTW wrongly",
                dims.len()
            ),
        ));
    }
    let too_big = || {
        Error::size_mismatch(
            context,
            format!("a {dims:?} grid has more points than PetscInt holds"),
        )
    };
    let mut shape = dims.to_vec();
    if REAL_TO_COMPLEX {
        let last = shape.len() - 1;
        shape[last] = shape[last] / 2 + 1;
    }
    let n = dims
        .iter()
        .try_fold(1 as Int, |acc, &d| acc.checked_mul(d))
        .ok_or_else(too_big)?;
    // PETSc's vectors hold the stored spectrum as real numbers (real scalars) or complex
    // ones; a real transform's input is padded to the same length.
    shape
        .iter()
        .try_fold(if REAL_TO_COMPLEX { 2 } else { 1 } as Int, |acc, &d| {
            acc.checked_mul(d)
        })
        .ok_or_else(too_big)?;
    Ok((n, shape))
}

impl Fft {
    /// A transform of the grid `dims` (row-major: the last index varies fastest) over
    /// the ranks of `comm` (collective; `dims` must be the same on every rank). Both of
    /// FFTW's plans are made here, once, on the handle's own vectors.
    ///
    /// Refused with an `Err`: no dimensions, a dimension below 1, a grid whose size does
    /// not fit `PetscInt`, dimensions that differ between ranks, a PETSc built without
    /// FFTW, and what PETSc's FFTW matrices do not support: with real scalars, parallel
    /// transforms in other than two dimensions.
    ///
    #[cfg_attr(petsc_have_fftw, doc = "```")]
    #[cfg_attr(not(petsc_have_fftw), doc = "```no_run")]
    /// let petsc = petsc::Petsc::init()?;
    /// let fft = petsc::Fft::new(&petsc.world(), &[8, 8])?;
    /// assert_eq!(fft.size(), 64);
    /// assert!(petsc::Fft::new(&petsc.world(), &[8, 0]).is_err());
    /// assert!(petsc::Fft::new(&petsc.world(), &[]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCreateFFT")]
    #[doc(alias = "MatCreateVecsFFTW")]
    pub fn new(comm: &Comm, dims: &[Int]) -> Result<Fft> {
        const CTX: &str = "Fft::new";
        comm.check_same(CTX, &[("numbers of dimensions", dims.len() as i64)])?;
        let wide: Vec<(String, i64)> = dims
            .iter()
            .enumerate()
            .map(|(k, &d)| (format!("sizes of dimension {k}"), crate::comm::wide(d)))
            .collect();
        let named: Vec<(&str, i64)> = wide.iter().map(|(s, v)| (s.as_str(), *v)).collect();
        comm.check_same(CTX, &named)?;
        let (n, shape) = check_dims(CTX, dims, comm.size())?;
        Self::create(comm, dims, n, shape)
    }

    #[cfg(not(petsc_have_fftw))]
    fn create(_comm: &Comm, _dims: &[Int], _n: Int, _shape: Vec<Int>) -> Result<Fft> {
        Err(Error::invalid(
            "Fft::new",
            "this PETSc was built without FFTW (PETSC_HAVE_FFTW is not defined); \
             configure PETSc with --download-fftw or --with-fftw-dir",
        ))
    }

    #[cfg(petsc_have_fftw)]
    fn create(comm: &Comm, dims: &[Int], n: Int, shape: Vec<Int>) -> Result<Fft> {
        const CTX: &str = "Fft::new";
        let petsc = comm.petsc();
        let ndim = crate::error::int_len(CTX, "dimensions", dims.len())?;
        let mut a: sys::Mat = std::ptr::null_mut();
        // SAFETY: live communicator; `dims` holds `ndim` sizes, which PETSc copies; the
        // type name is NUL-terminated; PETSc writes the new matrix.
        crate::error::check(unsafe {
            sys::MatCreateFFT(
                comm.as_raw(),
                ndim,
                dims.as_ptr(),
                sys::MATFFTW.as_ptr().cast::<std::os::raw::c_char>(),
                &mut a,
            )
        })?;
        let mat = Mat::from_raw(petsc, a);
        let (mut fin, mut fout, mut bout, mut spare): (sys::Vec, sys::Vec, sys::Vec, sys::Vec) = (
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        );
        // SAFETY: live FFTW matrix; PETSc writes three new vectors in FFTW's layout.
        crate::error::check(unsafe {
            sys::MatCreateVecsFFTW(mat.ptr, &mut fin, &mut fout, &mut bout)
        })?;
        let (input, spectrum, output) = (
            Vector::from_raw(petsc, fin),
            Vector::from_raw(petsc, fout),
            Vector::from_raw(petsc, bout),
        );
        // SAFETY: as above; only the forward output is asked for (the others are null).
        crate::error::check(unsafe {
            sys::MatCreateVecsFFTW(
                mat.ptr,
                std::ptr::null_mut(),
                &mut spare,
                std::ptr::null_mut(),
            )
        })?;
        let scratch = Vector::from_raw(petsc, spare);
        let per = if REAL_TO_COMPLEX { 2 } else { 1 };
        let owned = spectrum.ownership_range()?;
        if owned.start % per != 0 || owned.end % per != 0 {
            return Err(Error::invalid(
                CTX,
                format!("PETSc laid out the spectrum at {owned:?}, not whole complex numbers"),
            ));
        }
        // The vector may be longer than the stored spectrum (PETSc gives a real
        // one-dimensional transform 2 n entries for the n / 2 + 1 coefficients): the
        // entries past the spectrum are not part of it.
        let stored: Int = shape.iter().product();
        let clamp = |p: Int| (p / per).min(stored);
        let mut fft = Fft {
            mat,
            comm: comm.clone(),
            dims: dims.to_vec(),
            n,
            shape,
            range: clamp(owned.start)..clamp(owned.end),
            input,
            spectrum,
            scratch,
            output,
        };
        // Plans are made at the first product of each kind, on the arrays it is given
        // (and planners other than FFTW_ESTIMATE overwrite them): make them now, on
        // zeros, with the vectors every later product uses.
        fft.input.set(0.0)?;
        fft.scratch.set(0.0)?;
        fft.mult(false)?;
        fft.mult(true)?;
        fft.spectrum.set(0.0)?;
        fft.output.set(0.0)?;
        Ok(fft)
    }

    /// Runs the forward (`input` -> `spectrum`) or backward (`scratch` -> `output`)
    /// product on the handle's own vectors, those its plans were made for.
    fn mult(&mut self, backward: bool) -> Result<()> {
        let m = self.mat.ptr;
        if backward {
            let (x, y) = (self.scratch.ptr, self.output.ptr);
            // SAFETY: live FFTW matrix and the vectors of its layout it planned for.
            product([&self.scratch], || unsafe {
                sys::MatMultTranspose(m, x, y)
            })
        } else {
            let (x, y) = (self.input.ptr, self.spectrum.ptr);
            // SAFETY: as above.
            product([&self.input], || unsafe { sys::MatMult(m, x, y) })
        }
    }

    /// The number of coefficients this rank holds (`Range<i64>` has no `len`).
    fn local_len(&self) -> usize {
        usize::try_from(self.range.end - self.range.start).unwrap_or(0)
    }

    /// Refuses a vector in PETSc's layout that is not on the transform's communicator or
    /// does not hold the grid's `N` points.
    fn check_vec(&self, context: &str, what: &str, v: &Vector) -> Result<()> {
        if !self.comm.congruent(&v.comm()) {
            return Err(Error::invalid(
                context,
                format!("{what} is not on the transform's communicator"),
            ));
        }
        let len = v.size()?;
        if len != self.n {
            return Err(Error::size_mismatch(
                context,
                format!(
                    "{what} has {len} entries but the {:?} grid has {} points",
                    self.dims, self.n
                ),
            ));
        }
        Ok(())
    }

    /// The communicator the transform is distributed over.
    ///
    #[cfg_attr(petsc_have_fftw, doc = "```")]
    #[cfg_attr(not(petsc_have_fftw), doc = "```no_run")]
    /// let petsc = petsc::Petsc::init()?;
    /// let fft = petsc::Fft::new(&petsc.world(), &[4, 4])?;
    /// assert_eq!(fft.comm().size(), petsc.world().size());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn comm(&self) -> &Comm {
        &self.comm
    }

    /// The grid's dimensions, as given to [`Fft::new`].
    ///
    #[cfg_attr(petsc_have_fftw, doc = "```")]
    #[cfg_attr(not(petsc_have_fftw), doc = "```no_run")]
    /// let petsc = petsc::Petsc::init()?;
    /// let fft = petsc::Fft::new(&petsc.world(), &[3, 5])?;
    /// assert_eq!(fft.dims(), &[3, 5]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn dims(&self) -> &[Int] {
        &self.dims
    }

    /// The number of grid points `N`, the product of the dimensions (and the factor
    /// [`Fft::backward`] leaves on a round trip).
    ///
    #[cfg_attr(petsc_have_fftw, doc = "```")]
    #[cfg_attr(not(petsc_have_fftw), doc = "```no_run")]
    /// let petsc = petsc::Petsc::init()?;
    /// assert_eq!(petsc::Fft::new(&petsc.world(), &[3, 5])?.size(), 15);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn size(&self) -> Int {
        self.n
    }

    /// Whether only half of the spectrum is stored: true with real scalars
    /// (real-to-complex transforms), false with complex ones.
    ///
    #[cfg_attr(petsc_have_fftw, doc = "```")]
    #[cfg_attr(not(petsc_have_fftw), doc = "```no_run")]
    /// let petsc = petsc::Petsc::init()?;
    /// let fft = petsc::Fft::new(&petsc.world(), &[4, 4])?;
    /// assert_eq!(fft.half_spectrum(), !petsc::SCALAR_IS_COMPLEX);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn half_spectrum(&self) -> bool {
        REAL_TO_COMPLEX
    }

    /// The shape of the stored spectrum: the grid's dimensions, with the last one
    /// `n_last / 2 + 1` when [`half_spectrum`](Self::half_spectrum) holds.
    ///
    #[cfg_attr(petsc_have_fftw, doc = "```")]
    #[cfg_attr(not(petsc_have_fftw), doc = "```no_run")]
    /// let petsc = petsc::Petsc::init()?;
    /// let fft = petsc::Fft::new(&petsc.world(), &[4, 6])?;
    /// let expected: &[petsc::Int] = if fft.half_spectrum() { &[4, 4] } else { &[4, 6] };
    /// assert_eq!(fft.spectrum_shape(), expected);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn spectrum_shape(&self) -> &[Int] {
        &self.shape
    }

    /// The positions, in the row-major order of
    /// [`spectrum_shape`](Self::spectrum_shape), of the coefficients this rank holds:
    /// the positions of the entries of [`spectrum`](Self::spectrum)'s slice.
    ///
    #[cfg_attr(petsc_have_fftw, doc = "```")]
    #[cfg_attr(not(petsc_have_fftw), doc = "```no_run")]
    /// let petsc = petsc::Petsc::init()?;
    /// let fft = petsc::Fft::new(&petsc.world(), &[6, 4])?;
    /// let range = fft.spectrum_range();
    /// assert_eq!(fft.spectrum()?.len() as petsc::Int, range.end - range.start);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn spectrum_range(&self) -> Range<Int> {
        self.range.clone()
    }

    /// A vector in PETSc's ordinary layout for the grid's `N` points (row-major, split
    /// over the ranks as PETSc decides): the kind [`forward`](Self::forward) reads and
    /// [`backward`](Self::backward) writes.
    ///
    #[cfg_attr(petsc_have_fftw, doc = "```")]
    #[cfg_attr(not(petsc_have_fftw), doc = "```no_run")]
    /// let petsc = petsc::Petsc::init()?;
    /// let fft = petsc::Fft::new(&petsc.world(), &[3, 4])?;
    /// assert_eq!(fft.create_vec()?.size()?, 12);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecCreateMPI")]
    pub fn create_vec(&self) -> Result<Vector> {
        Vector::new_mpi(&self.comm, None, Some(self.n))
    }

    /// The forward transform of `x` (PETSc's layout, `N` entries in row-major order) into
    /// the spectrum: `X[k] = sum_j x[j] exp(-2 pi i sum_d j_d k_d / n_d)` (collective).
    /// With real scalars the imaginary parts are zero by construction; with complex ones
    /// `x` may be complex.
    ///
    #[cfg_attr(petsc_have_fftw, doc = "```")]
    #[cfg_attr(not(petsc_have_fftw), doc = "```no_run")]
    /// let petsc = petsc::Petsc::init()?;
    /// // A delta at the origin transforms to ones.
    /// let mut fft = petsc::Fft::new(&petsc.world(), &[4, 3])?;
    /// let mut x = fft.create_vec()?;
    /// if x.ownership_range()?.contains(&0) {
    ///     x.view_mut()?[0] = 1.0.into();
    /// }
    /// fft.forward(&x)?;
    /// assert!(fft.spectrum()?.iter().all(|c| *c == petsc::Complex::new(1.0, 0.0)));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecScatterPetscToFFTW")]
    #[doc(alias = "MatMult")]
    pub fn forward(&mut self, x: &Vector) -> Result<()> {
        const CTX: &str = "Fft::forward";
        self.check_vec(CTX, "x", x)?;
        Vector::accessible_over(&self.mat, CTX, &[x], &[])?;
        let (m, xp, yp) = (self.mat.ptr, x.raw_read(CTX)?, self.input.ptr);
        // SAFETY: live FFTW matrix, a vector of its grid's size on its communicator and
        // the handle's own input vector of FFTW's layout.
        product([x], || unsafe { scatter(m, xp, yp, true) })?;
        self.mult(false)
    }

    /// The backward transform of the spectrum into `y` (PETSc's layout, `N` entries):
    /// `y[j] = sum_k X[k] exp(+2 pi i sum_d j_d k_d / n_d)`, unnormalized, so that
    /// `backward` after [`forward`](Self::forward) gives `N x` (collective). The
    /// spectrum is left as it was. With real scalars, the spectrum is read as the
    /// stored half of a Hermitian-symmetric one (the result is real).
    ///
    #[cfg_attr(petsc_have_fftw, doc = "```")]
    #[cfg_attr(not(petsc_have_fftw), doc = "```no_run")]
    /// let petsc = petsc::Petsc::init()?;
    /// let mut fft = petsc::Fft::new(&petsc.world(), &[4, 5])?;
    /// let mut x = fft.create_vec()?;
    /// x.set(1.5)?;
    /// fft.forward(&x)?;
    /// let mut y = fft.create_vec()?;
    /// fft.backward(&mut y)?;
    /// y.axpy(-20.0, &x)?; // N x, N = 20
    /// assert!(y.norm(petsc::NormType::Infinity)? < 1e-13);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatMultTranspose")]
    #[doc(alias = "VecScatterFFTWToPetsc")]
    pub fn backward(&mut self, y: &mut Vector) -> Result<()> {
        const CTX: &str = "Fft::backward";
        self.check_vec(CTX, "y", y)?;
        Vector::accessible_over(&self.mat, CTX, &[], &[&*y])?;
        let yp = y.raw_write(CTX)?;
        self.scratch.copy_from(&self.spectrum)?;
        self.mult(true)?;
        let (m, xp) = (self.mat.ptr, self.output.ptr);
        // SAFETY: live FFTW matrix, the handle's own output vector of FFTW's layout, and
        // a vector of the grid's size on its communicator.
        product([&self.output], || unsafe { scatter(m, xp, yp, false) })
    }

    /// The inverse transform of the spectrum into `y`: [`backward`](Self::backward)
    /// divided by `N`, so that `inverse` after [`forward`](Self::forward) gives `x` back.
    ///
    #[cfg_attr(petsc_have_fftw, doc = "```")]
    #[cfg_attr(not(petsc_have_fftw), doc = "```no_run")]
    /// let petsc = petsc::Petsc::init()?;
    /// let mut fft = petsc::Fft::new(&petsc.world(), &[6, 6])?;
    /// let mut x = fft.create_vec()?;
    /// x.set(2.0)?;
    /// fft.forward(&x)?;
    /// let mut y = fft.create_vec()?;
    /// fft.inverse(&mut y)?;
    /// y.axpy(-1.0, &x)?;
    /// assert!(y.norm(petsc::NormType::Infinity)? < 1e-14);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn inverse(&mut self, y: &mut Vector) -> Result<()> {
        self.backward(y)?;
        y.scale(1.0 / self.n as Real)
    }

    /// This rank's coefficients of the spectrum, read-only: the stored positions
    /// [`spectrum_range`](Self::spectrum_range) of
    /// [`spectrum_shape`](Self::spectrum_shape).
    ///
    #[cfg_attr(petsc_have_fftw, doc = "```")]
    #[cfg_attr(not(petsc_have_fftw), doc = "```no_run")]
    /// let petsc = petsc::Petsc::init()?;
    /// let mut fft = petsc::Fft::new(&petsc.world(), &[2, 2])?;
    /// let mut x = fft.create_vec()?;
    /// x.set(1.0)?;
    /// fft.forward(&x)?;
    /// // Only the mean, at position 0 of the stored spectrum, is non-zero.
    /// let start = fft.spectrum_range().start;
    /// for (p, c) in fft.spectrum()?.iter().enumerate() {
    ///     let want = if start + p as petsc::Int == 0 { 4.0 } else { 0.0 };
    ///     assert_eq!(*c, petsc::Complex::new(want, 0.0));
    /// }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecGetArrayRead")]
    pub fn spectrum(&self) -> Result<SpectrumView<'_>> {
        Ok(SpectrumView {
            view: self.spectrum.view()?,
            len: self.local_len(),
        })
    }

    /// The whole stored spectrum on rank 0, in the row-major order of
    /// [`spectrum_shape`](Self::spectrum_shape); empty on the other ranks (collective).
    /// For checks and pictures of small grids: rank 0 holds it all.
    ///
    #[cfg_attr(petsc_have_fftw, doc = "```")]
    #[cfg_attr(not(petsc_have_fftw), doc = "```no_run")]
    /// let petsc = petsc::Petsc::init()?;
    /// let mut fft = petsc::Fft::new(&petsc.world(), &[4, 4])?;
    /// let mut x = fft.create_vec()?;
    /// x.set(2.0)?;
    /// fft.forward(&x)?;
    /// let all = fft.spectrum_to_zero()?;
    /// if petsc.world().rank() == 0 {
    ///     let stored: petsc::Int = fft.spectrum_shape().iter().product();
    ///     assert_eq!(all.len() as petsc::Int, stored);
    ///     assert_eq!(all[0], petsc::Complex::new(32.0, 0.0)); // the sum of x
    /// }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecScatterCreateToZero")]
    pub fn spectrum_to_zero(&self) -> Result<Vec<Complex<Real>>> {
        const CTX: &str = "Fft::spectrum_to_zero";
        let len = crate::error::int_len(CTX, "coefficients", 2 * self.local_len())?;
        // Real and imaginary parts side by side, as scalars of either kind.
        let mut parts = Vector::new_mpi(&self.comm, Some(len), None)?;
        {
            let spectrum = self.spectrum()?;
            let mut v = parts.view_mut()?;
            for (pair, c) in v.chunks_exact_mut(2).zip(spectrum.iter()) {
                pair[0] = crate::scalar::Scalar::from(c.re);
                pair[1] = crate::scalar::Scalar::from(c.im);
            }
        }
        let zero = parts.to_zero()?;
        let all = zero.view()?;
        Ok(all
            .chunks_exact(2)
            .map(|p| Complex::new(real_part(p[0]), real_part(p[1])))
            .collect())
    }

    /// This rank's coefficients of the spectrum, writable (to filter it before
    /// [`backward`](Self::backward), say). With real scalars, the stored half must stay
    /// that of a Hermitian-symmetric spectrum for the backward transform to mean
    /// anything (coefficients on the planes `k_last = 0` and, for even `n_last`,
    /// `k_last = n_last / 2`, are their own partners up to the other indices).
    ///
    #[cfg_attr(petsc_have_fftw, doc = "```")]
    #[cfg_attr(not(petsc_have_fftw), doc = "```no_run")]
    /// let petsc = petsc::Petsc::init()?;
    /// // A low-pass filter that keeps only the mean.
    /// let mut fft = petsc::Fft::new(&petsc.world(), &[4, 4])?;
    /// let mut x = fft.create_vec()?;
    /// x.set(3.0)?;
    /// x.shift(1.0)?;
    /// fft.forward(&x)?;
    /// let start = fft.spectrum_range().start;
    /// for (p, c) in fft.spectrum_mut()?.iter_mut().enumerate() {
    ///     if start + p as petsc::Int != 0 {
    ///         *c = petsc::Complex::new(0.0, 0.0);
    ///     }
    /// }
    /// let mut y = fft.create_vec()?;
    /// fft.inverse(&mut y)?;
    /// y.shift(-4.0)?;
    /// assert!(y.norm(petsc::NormType::Infinity)? < 1e-14);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecGetArray")]
    pub fn spectrum_mut(&mut self) -> Result<SpectrumViewMut<'_>> {
        let len = self.local_len();
        Ok(SpectrumViewMut {
            view: self.spectrum.view_mut()?,
            len,
        })
    }
}

/// `VecScatterPetscToFFTW(a, x, y)` (`to_fftw`) or `VecScatterFFTWToPetsc(a, x, y)`;
/// `PETSC_ERR_SUP` from a PETSc without FFTW, which declares neither (and where no
/// [`Fft`] can be made to call this).
///
/// # Safety
/// `a` must be a live FFTW matrix, `x` and `y` live vectors.
unsafe fn scatter(a: sys::Mat, x: sys::Vec, y: sys::Vec, to_fftw: bool) -> sys::PetscErrorCode {
    #[cfg(petsc_have_fftw)]
    {
        // SAFETY: live matrix and vectors (caller).
        unsafe {
            if to_fftw {
                sys::VecScatterPetscToFFTW(a, x, y)
            } else {
                sys::VecScatterFFTWToPetsc(a, x, y)
            }
        }
    }
    #[cfg(not(petsc_have_fftw))]
    {
        let _ = (a, x, y, to_fftw);
        // SAFETY: returns a constant.
        unsafe { sys::petscrs_err_sup() }
    }
}

/// The real part of a scalar (the scalar itself with real scalars).
fn real_part(s: crate::scalar::Scalar) -> Real {
    #[cfg(petsc_complex)]
    {
        s.re
    }
    #[cfg(not(petsc_complex))]
    {
        s
    }
}

/// The complex numbers of a view of the spectrum's vector: the vector's own scalars with
/// complex scalars; with real ones, its pairs of entries (real part, imaginary part).
fn as_complex(s: &[crate::scalar::Scalar]) -> &[Complex<Real>] {
    #[cfg(petsc_complex)]
    {
        s
    }
    #[cfg(not(petsc_complex))]
    {
        // SAFETY: `Complex<Real>` is `repr(C)` with two `Real` fields, so it has the size
        // of two `Real`s and their alignment; the new slice covers the whole pairs of `s`
        // (a trailing odd entry is left out) and stays borrowed with it.
        unsafe { std::slice::from_raw_parts(s.as_ptr().cast::<Complex<Real>>(), s.len() / 2) }
    }
}

/// As [`as_complex`], writable.
fn as_complex_mut(s: &mut [crate::scalar::Scalar]) -> &mut [Complex<Real>] {
    #[cfg(petsc_complex)]
    {
        s
    }
    #[cfg(not(petsc_complex))]
    {
        // SAFETY: as in `as_complex`; the slice is borrowed uniquely with `s`.
        unsafe {
            std::slice::from_raw_parts_mut(s.as_mut_ptr().cast::<Complex<Real>>(), s.len() / 2)
        }
    }
}

/// A read-only view of this rank's spectrum coefficients ([`Fft::spectrum`]); derefs
/// to a slice of complex numbers, restored to PETSc on drop.
///
#[cfg_attr(petsc_have_fftw, doc = "```")]
#[cfg_attr(not(petsc_have_fftw), doc = "```no_run")]
/// let petsc = petsc::Petsc::init()?;
/// let fft = petsc::Fft::new(&petsc.world(), &[4, 4])?;
/// let view: petsc::SpectrumView<'_> = fft.spectrum()?;
/// let total: f64 = view.iter().map(|c| c.norm()).sum();
/// assert_eq!(total, 0.0); // nothing transformed yet
/// # Ok::<(), petsc::Error>(())
/// ```
pub struct SpectrumView<'a> {
    view: VecView<'a>,
    /// The coefficients this rank holds (the vector may have entries past them).
    len: usize,
}

impl Deref for SpectrumView<'_> {
    type Target = [Complex<Real>];
    fn deref(&self) -> &[Complex<Real>] {
        let all = as_complex(&self.view);
        &all[..self.len.min(all.len())]
    }
}

impl std::fmt::Debug for SpectrumView<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A writable view of this rank's spectrum coefficients ([`Fft::spectrum_mut`]); derefs
/// to a mutable slice of complex numbers, restored to PETSc on drop.
///
#[cfg_attr(petsc_have_fftw, doc = "```")]
#[cfg_attr(not(petsc_have_fftw), doc = "```no_run")]
/// let petsc = petsc::Petsc::init()?;
/// let mut fft = petsc::Fft::new(&petsc.world(), &[4, 4])?;
/// {
///     let mut view: petsc::SpectrumViewMut<'_> = fft.spectrum_mut()?;
///     view.fill(petsc::Complex::new(0.5, 0.0));
/// }
/// assert!(fft.spectrum()?.iter().all(|c| c.re == 0.5));
/// # Ok::<(), petsc::Error>(())
/// ```
pub struct SpectrumViewMut<'a> {
    view: VecViewMut<'a>,
    /// As in [`SpectrumView`].
    len: usize,
}

impl Deref for SpectrumViewMut<'_> {
    type Target = [Complex<Real>];
    fn deref(&self) -> &[Complex<Real>] {
        let all = as_complex(&self.view);
        &all[..self.len.min(all.len())]
    }
}

impl DerefMut for SpectrumViewMut<'_> {
    fn deref_mut(&mut self) -> &mut [Complex<Real>] {
        let len = self.len;
        let all = as_complex_mut(&mut self.view);
        let len = len.min(all.len());
        &mut all[..len]
    }
}

impl std::fmt::Debug for SpectrumViewMut<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}
