//! Distributed FFTs (`petsc::Fft`, PETSc's FFTW matrices) against a direct DFT computed
//! here, at 1, 2 and 3 ranks: a delta and a plane wave give the coefficients of their
//! closed forms, a general input matches the DFT sum, Parseval's identity holds, the
//! forward and backward transforms give `N` times the input, the spectrum can be edited
//! and gathered on rank 0, and bad sizes are refused. Real builds do real-to-complex
//! transforms (half the spectrum stored), complex builds complex-to-complex ones; the
//! checks read the stored part through `spectrum_shape`/`spectrum_range` and hold for
//! both.

use std::f64::consts::PI;

use petsc::mpi::collective::SystemOperation;
use petsc::mpi::traits::CommunicatorCollectives;
use petsc::{Complex, Error, Fft, Int, NormType, Petsc, Scalar, Vector};
use petsc_tests::Case;

type C = Complex<f64>;

/// A scalar from its parts; a real build keeps only `re`.
fn s(re: f64, im: f64) -> Scalar {
    #[cfg(petsc_complex)]
    return Complex::new(re, im);
    #[cfg(not(petsc_complex))]
    {
        let _ = im;
        re
    }
}

/// A vector of the transform's layout with entry `g` (row-major) equal to `f(g)`.
fn filled(fft: &Fft, f: impl Fn(Int) -> Scalar) -> petsc::Result<Vector> {
    let mut x = fft.create_vec()?;
    let range = x.ownership_range()?;
    {
        let mut v = x.view_mut()?;
        for (p, g) in range.enumerate() {
            v[p] = f(g);
        }
    }
    Ok(x)
}

/// The row-major multi-index of flat position `p` in `shape`.
fn unflatten(mut p: Int, shape: &[Int]) -> Vec<Int> {
    let mut idx = vec![0; shape.len()];
    for d in (0..shape.len()).rev() {
        idx[d] = p % shape[d];
        p /= shape[d];
    }
    idx
}

/// `sum_j x[j] exp(-2 pi i k.j / n)` for the whole input `all` (row-major on `dims`).
fn dft_at(all: &[C], dims: &[Int], k: &[Int]) -> C {
    let mut sum = C::new(0.0, 0.0);
    for (g, &x) in all.iter().enumerate() {
        let j = unflatten(g as Int, dims);
        let phase: f64 = (0..dims.len())
            .map(|d| (k[d] * j[d]) as f64 / dims[d] as f64)
            .sum();
        sum += x * C::from_polar(1.0, -2.0 * PI * phase);
    }
    sum
}

/// Every rank's copy of the whole vector, as complex numbers.
fn gather(x: &Vector) -> petsc::Result<Vec<C>> {
    Ok(x.to_all()?.view()?.iter().map(|&v| C::from(v)).collect())
}

/// Compares this rank's stored coefficients with `want(k)` (the multi-index `k` in the
/// stored shape), to `tol` relative to `scale`.
fn check_spectrum(fft: &Fft, scale: f64, tol: f64, want: impl Fn(&[Int]) -> C) {
    let shape = fft.spectrum_shape().to_vec();
    let start = fft.spectrum_range().start;
    let spec = fft.spectrum().expect("spectrum");
    let range = fft.spectrum_range();
    assert_eq!(spec.len() as Int, range.end - range.start);
    for (p, &got) in spec.iter().enumerate() {
        let k = unflatten(start + p as Int, &shape);
        let w = want(&k);
        assert!(
            (got - w).norm() <= tol * scale,
            "{:?}: coefficient {k:?} is {got}, expected {w}",
            fft.dims()
        );
    }
}

/// A sum over the ranks of the world.
fn sum_all(petsc: &Petsc, mine: f64) -> f64 {
    let mut total = 0.0;
    petsc
        .mpi_world()
        .all_reduce_into(&mine, &mut total, SystemOperation::sum());
    total
}

/// The number of coefficients each rank holds adds up to the stored spectrum, and the
/// stored shape is the grid's with the last dimension halved on real builds.
fn fft_layout(petsc: &Petsc) -> petsc::Result<()> {
    for dims in [&[8, 6][..], &[5, 7], &[2, 6], &[9, 4]] {
        let fft = Fft::new(&petsc.world(), dims)?;
        assert_eq!(fft.dims(), dims);
        assert_eq!(fft.size(), dims[0] * dims[1]);
        let last = if fft.half_spectrum() {
            dims[1] / 2 + 1
        } else {
            dims[1]
        };
        assert_eq!(fft.half_spectrum(), !petsc::SCALAR_IS_COMPLEX);
        assert_eq!(fft.spectrum_shape(), &[dims[0], last]);
        let range = fft.spectrum_range();
        let mine = (range.end - range.start) as f64;
        assert_eq!(sum_all(petsc, mine), (dims[0] * last) as f64, "{dims:?}");
        assert_eq!(fft.spectrum()?.len() as Int, range.end - range.start);
    }
    Ok(())
}

/// A delta at (p, q) transforms to exp(-2 pi i (k0 p / n0 + k1 q / n1)) (FFTW's sign
/// convention), and a plane wave cos(2 pi (a i / n0 + b j / n1)) to N / 2 at (a, b) and
/// at (-a, -b).
fn fft_delta_and_plane_wave(petsc: &Petsc) -> petsc::Result<()> {
    for dims in [[8, 6], [5, 7], [2, 6], [6, 9]] {
        let (n0, n1) = (dims[0], dims[1]);
        let n = (n0 * n1) as f64;
        let mut fft = Fft::new(&petsc.world(), &dims)?;
        let (p, q) = (1 % n0, 2 % n1);
        let delta = filled(&fft, |g| s(if g == p * n1 + q { 1.0 } else { 0.0 }, 0.0))?;
        fft.forward(&delta)?;
        check_spectrum(&fft, 1.0, 1e-13, |k| {
            let phase = (k[0] * p) as f64 / n0 as f64 + (k[1] * q) as f64 / n1 as f64;
            C::from_polar(1.0, -2.0 * PI * phase)
        });
        let (a, b) = (1 % n0, 2 % n1);
        let wave = filled(&fft, |g| {
            let (i, j) = ((g / n1) as f64, (g % n1) as f64);
            s(
                (2.0 * PI * (a as f64 * i / n0 as f64 + b as f64 * j / n1 as f64)).cos(),
                0.0,
            )
        })?;
        fft.forward(&wave)?;
        check_spectrum(&fft, n, 1e-13, |k| {
            let mut w = 0.0;
            if k[0] == a && k[1] == b {
                w += n / 2.0;
            }
            if k[0] == (n0 - a) % n0 && k[1] == (n1 - b) % n1 {
                w += n / 2.0;
            }
            C::new(w, 0.0)
        });
    }
    Ok(())
}

/// A general input (complex on complex builds) against the DFT sum, in one, two and
/// three dimensions where the build transforms them on this many ranks.
fn fft_matches_dft(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let mut cases: Vec<Vec<Int>> = vec![vec![6, 5], vec![4, 8], vec![3, 3]];
    if petsc::SCALAR_IS_COMPLEX || world.size() == 1 {
        cases.extend([vec![12], vec![7], vec![3, 4, 5]]);
    }
    // Four dimensions: refused with real scalars and 64-bit indices (see fft_bad_input).
    if petsc::SCALAR_IS_COMPLEX || (world.size() == 1 && !cfg!(petsc_int64)) {
        cases.push(vec![2, 3, 2, 4]);
    }
    for dims in cases {
        let mut fft = Fft::new(&world, &dims)?;
        let x = filled(&fft, |g| {
            let t = g as f64;
            s((0.7 * t + 0.3).sin() + 0.1 * t, (1.3 * t).cos())
        })?;
        let all = gather(&x)?;
        fft.forward(&x)?;
        let scale = all.iter().map(|v| v.norm()).sum::<f64>();
        check_spectrum(&fft, scale, 1e-13, |k| dft_at(&all, &dims, k));
        // The whole stored spectrum on rank 0, nothing elsewhere.
        let whole = fft.spectrum_to_zero()?;
        if world.rank() == 0 {
            let shape = fft.spectrum_shape();
            assert_eq!(whole.len() as Int, shape.iter().product::<Int>());
            for (p, &got) in whole.iter().enumerate() {
                let k = unflatten(p as Int, shape);
                let w = dft_at(&all, &dims, &k);
                assert!(
                    (got - w).norm() <= 1e-13 * scale,
                    "{dims:?} {k:?}: {got} vs {w}"
                );
            }
        } else {
            assert!(whole.is_empty());
        }
        // The input is left as it was.
        assert_eq!(gather(&x)?, all);
    }
    Ok(())
}

/// Parseval: sum |X_k|^2 = N sum |x_j|^2 over the whole spectrum; on real builds each
/// stored coefficient whose partner -k is not stored counts twice.
fn fft_parseval(petsc: &Petsc) -> petsc::Result<()> {
    for dims in [[16, 12], [9, 7], [3, 10]] {
        let (n0, n1) = (dims[0], dims[1]);
        let mut fft = Fft::new(&petsc.world(), &dims)?;
        let x = filled(&fft, |g| s(((g * g) % 17) as f64 - 8.0, (g % 5) as f64))?;
        fft.forward(&x)?;
        let energy = x.norm(NormType::Two)?.powi(2);
        let start = fft.spectrum_range().start;
        let stored = fft.spectrum_shape()[1];
        let mine: f64 = fft
            .spectrum()?
            .iter()
            .enumerate()
            .map(|(p, c)| {
                let k1 = (start + p as Int) % stored;
                let mirrored_too = fft.half_spectrum() && k1 != 0 && !(n1 % 2 == 0 && k1 == n1 / 2);
                c.norm_sqr() * if mirrored_too { 2.0 } else { 1.0 }
            })
            .sum();
        let total = sum_all(petsc, mine);
        let want = (n0 * n1) as f64 * energy;
        assert!(
            (total - want).abs() <= 1e-12 * want,
            "{dims:?}: sum |X|^2 = {total}, N sum |x|^2 = {want}"
        );
    }
    Ok(())
}

/// Forward then backward gives N x; `inverse` gives x; the spectrum is unchanged by
/// the backward transform; repeated transforms give the same answer.
fn fft_round_trip(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let mut cases: Vec<Vec<Int>> = vec![vec![32, 24], vec![7, 9], vec![2, 5]];
    if petsc::SCALAR_IS_COMPLEX || world.size() == 1 {
        cases.extend([vec![30], vec![4, 6, 5]]);
    }
    for dims in cases {
        let mut fft = Fft::new(&world, &dims)?;
        let n = fft.size() as f64;
        let x = filled(&fft, |g| {
            s((0.37 * g as f64).sin(), (0.11 * g as f64).cos())
        })?;
        let mut y = fft.create_vec()?;
        for _ in 0..2 {
            fft.forward(&x)?;
            let before: Vec<C> = fft.spectrum()?.to_vec();
            fft.backward(&mut y)?;
            assert_eq!(&*fft.spectrum()?, &before[..], "{dims:?}: spectrum changed");
            y.axpy(-n, &x)?;
            let err = y.norm(NormType::Infinity)? / n;
            assert!(
                err < 1e-14,
                "{dims:?}: |backward(forward(x)) / N - x| = {err:e}"
            );
            fft.inverse(&mut y)?;
            y.axpy(-1.0, &x)?;
            assert!(y.norm(NormType::Infinity)? < 1e-14, "{dims:?}");
        }
    }
    Ok(())
}

/// Editing the spectrum: keeping only the mean (k = 0) gives back the constant mean.
fn fft_edit_spectrum(petsc: &Petsc) -> petsc::Result<()> {
    let mut fft = Fft::new(&petsc.world(), &[6, 10])?;
    let x = filled(&fft, |g| s(g as f64, 0.0))?;
    let mean = (0..60).sum::<i32>() as f64 / 60.0;
    fft.forward(&x)?;
    let start = fft.spectrum_range().start;
    for (p, c) in fft.spectrum_mut()?.iter_mut().enumerate() {
        if start + p as Int != 0 {
            *c = C::new(0.0, 0.0);
        }
    }
    let mut y = fft.create_vec()?;
    fft.inverse(&mut y)?;
    y.shift(-mean)?;
    assert!(y.norm(NormType::Infinity)? < 1e-13);
    Ok(())
}

/// Two transforms alive at once; dropping one (PETSc cleans FFTW up when an FFTW matrix
/// is destroyed) leaves the other working.
fn fft_two_transforms(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let mut a = Fft::new(&world, &[8, 8])?;
    let mut b = Fft::new(&world, &[6, 4])?;
    let xa = filled(&a, |g| s(g as f64, 0.0))?;
    let xb = filled(&b, |g| s(1.0 + g as f64, 0.0))?;
    a.forward(&xa)?;
    b.forward(&xb)?;
    drop(a);
    let mut y = b.create_vec()?;
    b.inverse(&mut y)?;
    y.axpy(-1.0, &xb)?;
    assert!(y.norm(NormType::Infinity)? < 1e-13);
    b.forward(&xb)?;
    let all = gather(&xb)?;
    check_spectrum(&b, 300.0, 1e-13, |k| dft_at(&all, &[6, 4], k));
    Ok(())
}

/// Bad dimensions and vectors of the wrong size or communicator are refused with an
/// `Err` naming the problem, on every rank.
fn fft_bad_input(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let refused = |dims: &[Int], what: &str| match Fft::new(&world, dims) {
        Err(e) => assert!(e.report().contains(what), "{dims:?}: {e}"),
        Ok(f) => panic!("{dims:?} accepted: {f:?}"),
    };
    refused(&[], "at least one dimension");
    refused(&[4, 0], "dimension 1 is 0");
    refused(&[-3, 4], "dimension 0 is -3");
    refused(&[Int::MAX, 4], "holds");
    if !petsc::SCALAR_IS_COMPLEX && world.size() > 1 {
        refused(&[4, 4, 4], "two dimensions only");
        refused(&[16], "two dimensions only");
    }
    if !petsc::SCALAR_IS_COMPLEX && cfg!(petsc_int64) && world.size() == 1 {
        refused(&[2, 2, 2, 2], "more than three dimensions");
    }
    // Dimensions that differ between ranks.
    if world.size() > 1 {
        let mine = [4, 4 + world.rank() as Int];
        match Fft::new(&world, &mine) {
            Err(e) => assert!(e.report().contains("different"), "{e}"),
            Ok(_) => panic!("dimensions differing between ranks accepted"),
        }
    }
    let mut fft = Fft::new(&world, &[4, 6])?;
    let mut short = Vector::new_mpi(&world, None, Some(23))?;
    short.set(1.0)?;
    match &fft.forward(&short) {
        Err(Error::SizeMismatch { detail, .. }) => {
            assert!(detail.contains("23 entries"), "{detail}")
        }
        other => panic!("forward of 23 entries: {other:?}"),
    }
    match fft.backward(&mut short) {
        Err(Error::SizeMismatch { .. }) => {}
        other => panic!("backward into 23 entries: {other:?}"),
    }
    if world.size() > 1 {
        let local = Vector::new_seq(&petsc.self_comm(), 24)?;
        match fft.forward(&local) {
            Err(e) => assert!(e.report().contains("communicator"), "{e}"),
            Ok(()) => panic!("a vector of one rank accepted"),
        }
    }
    // The transform still works after the refusals.
    let x = filled(&fft, |g| s(g as f64, 0.0))?;
    let mut y = fft.create_vec()?;
    fft.forward(&x)?;
    fft.inverse(&mut y)?;
    y.axpy(-1.0, &x)?;
    assert!(y.norm(NormType::Infinity)? < 1e-13);
    Ok(())
}

pub fn cases() -> Vec<Case> {
    let cases: [(&'static str, petsc_tests::Body); 8] = [
        ("fft_layout", fft_layout),
        ("fft_delta_and_plane_wave", fft_delta_and_plane_wave),
        ("fft_matches_dft", fft_matches_dft),
        ("fft_parseval", fft_parseval),
        ("fft_round_trip", fft_round_trip),
        ("fft_edit_spectrum", fft_edit_spectrum),
        ("fft_two_transforms", fft_two_transforms),
        ("fft_bad_input", fft_bad_input),
    ];
    let cases: Vec<Case> = cases
        .into_iter()
        .map(|(name, body)| {
            Case::new(name, body)
                .ranks(&[1, 2, 3])
                .requires(cfg!(petsc_have_fftw), "PETSc with FFTW")
        })
        .collect();
    cases
}
