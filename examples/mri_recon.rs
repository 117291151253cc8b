//! MRI reconstruction (workshop): a Shepp-Logan phantom, its k-space, and the image
//! recovered from k-space by an inverse 2-D FFT distributed over the ranks.
//!
//! ```text
//! mri_recon                         # 256 x 256
//! mpiexec -n 4 mri_recon --n 512 --timing
//! mri_recon --plot mri.png          # phantom, k-space and reconstruction side by side
//! ```
//!
//! An MRI scanner measures the image's Fourier transform (k-space); the image is its
//! inverse transform. Here the image is the modified Shepp-Logan head phantom (Toft's
//! version of Shepp and Logan's ten ellipses, with contrasts that show on a screen) on
//! an `--n` x `--n` grid over the square `[-1, 1]^2`, rows from top (`y = 1`) to bottom,
//! columns from left (`x = -1`) to right, split over the ranks by rows. The k-space is
//! its forward 2-D FFT and the reconstruction the inverse FFT of that k-space, both
//! through PETSc's FFTW matrices (`MatCreateFFT` with `MATFFTW`, `petsc::Fft`):
//! real-to-complex transforms on a PETSc with real scalars (half of the Hermitian
//! k-space stored), complex-to-complex ones on a PETSc with complex scalars.
//!
//! Self-checks: the k-space against a serial FFT of the whole image on rank 0
//! (`rustfft`, rows then columns; relative 2-norm error below 1e-12), and the
//! reconstruction against the phantom (largest error below 1e-12). The output is the
//! same at any number of ranks; `--timing` adds the ranks, the seconds of the two
//! transforms and the measured errors (which vary with the rank count in the last
//! bits). A grid below 2 x 2 or above 4096 x 4096 is a usage error (exit status 2).
//!
//! `--plot FILE.png` draws the phantom, the centred log-magnitude k-space
//! `log10(1 + |K|)` and the reconstruction side by side, each with its colour bar.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use petsc::{Complex, Fft, Int, Petsc, Vector};
use petsc_examples::{
    all_agree, check_failed, modulus, println0, real, real_parts, require, scalar, Flags,
};
use rustfft::FftPlanner;

/// The largest `--n`: rank 0 holds the whole image, its k-space and a serial FFT.
const MAX_N: usize = 4096;

/// Both checks pass below this (relative k-space error, largest image error).
const TOLERANCE: f64 = 1e-12;

/// The modified Shepp-Logan phantom (Toft's contrasts on Shepp and Logan's ellipses),
/// one ellipse a row: the intensity added inside it, the semi-axes `a` (along x) and `b`
/// (along y), the centre `(x0, y0)` and the rotation `phi` in degrees
/// (counter-clockwise).
const PHANTOM: [[f64; 6]; 10] = [
    // intensity, a, b, x0, y0, phi
    [1.0, 0.69, 0.92, 0.0, 0.0, 0.0],
    [-0.8, 0.6624, 0.874, 0.0, -0.0184, 0.0],
    [-0.2, 0.11, 0.31, 0.22, 0.0, -18.0],
    [-0.2, 0.16, 0.41, -0.22, 0.0, 18.0],
    [0.1, 0.21, 0.25, 0.0, 0.35, 0.0],
    [0.1, 0.046, 0.046, 0.0, 0.1, 0.0],
    [0.1, 0.046, 0.046, 0.0, -0.1, 0.0],
    [0.1, 0.046, 0.023, -0.08, -0.605, 0.0],
    [0.1, 0.023, 0.023, 0.0, -0.606, 0.0],
    [0.1, 0.023, 0.046, 0.06, -0.605, 0.0],
];

/// The phantom's value at `(x, y)`: the sum of the intensities of the ellipses that
/// contain the point (boundary included).
fn phantom_at(x: f64, y: f64) -> f64 {
    PHANTOM
        .iter()
        .filter(|&&[_, a, b, x0, y0, phi]| {
            let (s, c) = phi.to_radians().sin_cos();
            let (dx, dy) = (x - x0, y - y0);
            let (u, v) = (dx * c + dy * s, -dx * s + dy * c);
            (u / a).powi(2) + (v / b).powi(2) <= 1.0
        })
        .map(|e| e[0])
        .sum()
}

/// The phantom's value at grid point `g` (row-major) of an `n` x `n` grid: column `j`
/// at `x = -1 + 2 j / (n - 1)`, row `i` at `y = 1 - 2 i / (n - 1)`.
fn phantom_pixel(g: usize, n: usize) -> f64 {
    let (i, j) = (g / n, g % n);
    let h = 2.0 / (n - 1) as f64;
    phantom_at(-1.0 + h * j as f64, 1.0 - h * i as f64)
}

/// The 2-D forward DFT of a row-major `n` x `n` image by rustfft (rows, then columns).
fn serial_fft2(image: &[f64], n: usize) -> Vec<Complex<f64>> {
    let plan = FftPlanner::<f64>::new().plan_fft_forward(n);
    let mut rows: Vec<rustfft::num_complex::Complex<f64>> = image
        .iter()
        .map(|&v| rustfft::num_complex::Complex::new(v, 0.0))
        .collect();
    plan.process(&mut rows);
    let mut cols = vec![rustfft::num_complex::Complex::new(0.0, 0.0); n * n];
    for i in 0..n {
        for j in 0..n {
            cols[j * n + i] = rows[i * n + j];
        }
    }
    plan.process(&mut cols);
    let mut out = vec![Complex::new(0.0, 0.0); n * n];
    for j in 0..n {
        for i in 0..n {
            let c = cols[j * n + i];
            out[i * n + j] = Complex::new(c.re, c.im);
        }
    }
    out
}

/// The whole `n` x `n` k-space from the stored part (`stored` columns per row): itself
/// when all is stored; otherwise the missing columns from the Hermitian symmetry of the
/// transform of a real image, `K[k0][k1] = conj(K[-k0][-k1])`.
fn full_kspace(stored: &[Complex<f64>], n: usize, cols: usize) -> Vec<Complex<f64>> {
    let mut full = vec![Complex::new(0.0, 0.0); n * n];
    for k0 in 0..n {
        for k1 in 0..n {
            full[k0 * n + k1] = if k1 < cols {
                stored[k0 * cols + k1]
            } else {
                stored[((n - k0) % n) * cols + (n - k1)].conj()
            };
        }
    }
    full
}

/// What rank 0 draws and checks: row-major `n * n` arrays.
struct Images {
    n: usize,
    /// The phantom.
    phantom: Vec<f64>,
    /// The whole k-space (complex).
    kspace: Vec<Complex<f64>>,
    /// `log10(1 + |K|)`, centred (fftshift: the zero frequency at `(n / 2, n / 2)`).
    log_kspace: Vec<f64>,
    /// The reconstruction (real parts).
    recon: Vec<f64>,
    /// The largest imaginary part of the reconstruction: zero up to rounding on a
    /// complex build, zero on a real one.
    recon_imag: f64,
}

/// The phantom, the k-space (whole and centred log-magnitude) and the reconstruction on
/// rank 0 (`None` elsewhere; collective). For pictures: each array is row-major, `n`
/// by `n`.
fn images(fft: &Fft, phantom: &Vector, recon: &Vector) -> petsc::Result<Option<Images>> {
    let n = fft.dims()[0] as usize;
    let cols = fft.spectrum_shape()[1] as usize;
    let stored = fft.spectrum_to_zero()?;
    let phantom = phantom.to_zero()?;
    let recon = recon.to_zero()?;
    if fft.comm().rank() != 0 {
        return Ok(None);
    }
    let kspace = full_kspace(&stored, n, cols);
    let mut log_kspace = vec![0.0; n * n];
    for k0 in 0..n {
        for k1 in 0..n {
            let (r, c) = ((k0 + n / 2) % n, (k1 + n / 2) % n);
            log_kspace[r * n + c] = (1.0 + kspace[k0 * n + k1].norm()).log10();
        }
    }
    let phantom = real_parts(&phantom.view()?);
    let recon_view = recon.view()?;
    let recon_imag = recon_view
        .iter()
        .map(|&s| modulus(s - scalar(real(s))))
        .fold(0.0, f64::max);
    let recon = real_parts(&recon_view);
    Ok(Some(Images {
        n,
        phantom,
        kspace,
        log_kspace,
        recon,
        recon_imag,
    }))
}

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let mut flags = Flags::from_env(
        "mri_recon",
        "MRI reconstruction: Shepp-Logan phantom, its k-space and the inverse 2-D FFT \
         over PETSc's FFTW matrices, checked against rustfft",
    );
    let n: usize = flags.value("n", 256, "grid points per side (2 to 4096)")?;
    let timing = flags.switch(
        "timing",
        "print the ranks, the transforms' seconds and the measured errors",
    )?;
    let plot: Option<PathBuf> = flags.optional(
        "plot",
        "write a PNG of the phantom, the log-magnitude k-space and the reconstruction",
    )?;
    flags.finish()?;
    if let Some(path) = &plot {
        petsc_examples::plot::check_png("plot", path)?;
    }
    require((2..=MAX_N).contains(&n), || {
        format!("--n must be between 2 and {MAX_N}, got {n}")
    })?;
    let world = petsc.world();
    let side = n as Int;
    let mut fft = Fft::new(&world, &[side, side])?;
    println0!(
        petsc,
        "mri_recon: modified Shepp-Logan phantom, {n} x {n} grid"
    )?;
    println0!(
        petsc,
        "2-D FFT over PETSc's FFTW matrices: {}, k-space stored as {} x {}",
        if fft.half_spectrum() {
            "real-to-complex"
        } else {
            "complex-to-complex"
        },
        fft.spectrum_shape()[0],
        fft.spectrum_shape()[1]
    )?;

    // The phantom, split over the ranks by rows as PETSc lays out the vector.
    let mut phantom = fft.create_vec()?;
    let range = phantom.ownership_range()?;
    {
        let mut v = phantom.view_mut()?;
        for (p, g) in range.enumerate() {
            v[p] = scalar(phantom_pixel(g as usize, n));
        }
    }

    // k-space, then the image back from it.
    let started = Instant::now();
    fft.forward(&phantom)?;
    let mut recon = fft.create_vec()?;
    fft.inverse(&mut recon)?;
    let seconds = started.elapsed().as_secs_f64();

    let pictures = images(&fft, &phantom, &recon)?;
    let mut ok = true;
    if let Some(im) = &pictures {
        let reference = serial_fft2(&im.phantom, im.n);
        let (diff, norm) = im
            .kspace
            .iter()
            .zip(&reference)
            .fold((0.0, 0.0), |(d, r), (a, b)| {
                (d + (a - b).norm_sqr(), r + b.norm_sqr())
            });
        let k_err = (diff / norm).sqrt();
        let r_err = im
            .recon
            .iter()
            .zip(&im.phantom)
            .map(|(a, b)| (a - b).abs())
            .fold(im.recon_imag, f64::max);
        let sum: f64 = im.phantom.iter().sum();
        let (lo, hi) = im
            .log_kspace
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            });
        // Printed by rank 0 alone, through PETSc's output as every other line.
        let out = petsc.self_comm();
        let verdict = |e: f64| if e < TOLERANCE { "ok" } else { "FAILED" };
        ok = k_err < TOLERANCE && r_err < TOLERANCE;
        println0!(
            out,
            "phantom: sum of intensities {sum:.6e}, k-space K(0,0) = {:.6e}",
            im.kspace[0].re
        )?;
        println0!(
            out,
            "k-space log10(1 + |K|) from {lo:.4} to {hi:.4} (centre {:.4})",
            im.log_kspace[(im.n / 2) * im.n + im.n / 2]
        )?;
        println0!(
            out,
            "check k-space vs rustfft of the whole image: relative error below {TOLERANCE:.0e}: {}",
            verdict(k_err)
        )?;
        println0!(
            out,
            "check reconstruction vs phantom: largest error below {TOLERANCE:.0e}: {}",
            verdict(r_err)
        )?;
        if timing {
            println0!(
                out,
                "timing: ranks {}, forward + inverse FFT {seconds:.4} s",
                world.size()
            )?;
            println0!(out, "timing: k-space relative error {k_err:.3e}")?;
            println0!(out, "timing: reconstruction largest error {r_err:.3e}")?;
        }
    }
    if !all_agree(petsc, ok) {
        return Err(check_failed(format!(
            "the k-space or the reconstruction is off by more than {TOLERANCE:.0e}"
        )));
    }
    if let Some(path) = &plot {
        petsc_examples::plot::on_rank0(petsc, || match &pictures {
            Some(im) => draw(path, im),
            None => Ok(()),
        })?;
        println0!(petsc, "wrote {}", path.display())?;
    }
    Ok(())
}

/// Draws the phantom, the centred log-magnitude k-space and the reconstruction side by
/// side into the PNG `path`, each with its colour bar.
fn draw(path: &Path, im: &Images) -> petsc::Result<()> {
    use petsc_examples::plot::{Colours, Field, Figure};
    let n = im.n;
    // The images' rows run from the top (y = 1) down; the pictures' row 0 is at the
    // bottom.
    let upright = |a: &[f64]| -> Vec<f64> { a.chunks(n).rev().flatten().copied().collect() };
    let (phantom, kspace, recon) = (
        upright(&im.phantom),
        upright(&im.log_kspace),
        upright(&im.recon),
    );
    let half = (n / 2) as f64;
    let k_extent = (-half - 0.5, n as f64 - half - 0.5);
    Figure::new()
        .title(&format!(
            "MRI reconstruction, {n} x {n}: modified Shepp-Logan phantom"
        ))
        .with(
            Field::grid("phantom", &phantom, n, n)
                .extent((-1.0, 1.0), (-1.0, 1.0))
                .axes("x (field of view)", "y (field of view)")
                .bar_label("intensity")
                .colours(Colours::Grey),
        )
        .with(
            Field::grid("k-space, log10(1 + |K|)", &kspace, n, n)
                .extent(k_extent, k_extent)
                .axes(
                    "k_x (cycles per field of view)",
                    "k_y (cycles per field of view)",
                )
                .bar_label("log10(1 + |K|)"),
        )
        .with(
            Field::grid("reconstruction (inverse FFT)", &recon, n, n)
                .extent((-1.0, 1.0), (-1.0, 1.0))
                .axes("x (field of view)", "y (field of view)")
                .bar_label("intensity")
                .colours(Colours::Grey),
        )
        .save(path)
}

fn main() -> ExitCode {
    petsc::main(body)
}
