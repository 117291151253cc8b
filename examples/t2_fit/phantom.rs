//! The synthetic phantom of `--map NX,NY`: tissue regions of known T2 (a background of
//! 60 ms, two disks of 40 and 85 ms, a bar of 120 ms) and a smoothly varying A, with
//! the noise of voxel `i` drawn from the stream of `(seed, i)`, so any rank makes the
//! same numbers; written as a 4D NIfTI file by `--write-phantom`.

use super::*;

/// Region of the synthetic phantom at voxel (ix, iy): 0 background, 1 and 2 disks, 3 bar.
pub(super) fn region(ix: usize, iy: usize, nx: usize, ny: usize) -> usize {
    let u = (ix as f64 + 0.5) / nx as f64;
    let v = (iy as f64 + 0.5) / ny as f64;
    let in_disk = |cu: f64, cv: f64, r: f64| (u - cu).powi(2) + (v - cv).powi(2) < r * r;
    if in_disk(0.3, 0.35, 0.18) {
        1
    } else if in_disk(0.68, 0.38, 0.2) {
        2
    } else if (0.15..0.85).contains(&u) && (0.7..0.86).contains(&v) {
        3
    } else {
        0
    }
}

/// T2 (ms) of each region.
pub(super) const REGION_T2: [f64; 4] = [60.0, 40.0, 85.0, 120.0];
pub(super) const REGION_NAME: [&str; 4] = ["background", "disk 1", "disk 2", "bar"];

/// Known (region, A, T2) of voxel `i` (row-major, `iy * nx + ix`).
pub(super) fn truth(i: usize, nx: usize, ny: usize) -> (usize, f64, f64) {
    let (ix, iy) = (i % nx, i / nx);
    let r = region(ix, iy, nx, ny);
    let u = (ix as f64 + 0.5) / nx as f64;
    let v = (iy as f64 + 0.5) / ny as f64;
    let a = 0.8 + 0.3 * u + 0.1 * (std::f64::consts::PI * v).sin();
    (r, a, REGION_T2[r])
}

/// The noisy echoes of the phantom's voxel `i` at the echo times `echo`: the noise comes
/// from a generator seeded by `(seed, i)` only, so any rank makes the same numbers.
pub(super) fn map_signal(
    echo: &[f64],
    i: usize,
    nx: usize,
    ny: usize,
    noise: f64,
    seed: u64,
) -> Vec<f64> {
    let (_, a, t2) = truth(i, nx, ny);
    let mut rng = stream(seed, &[STREAM_MAP, i as u64]);
    echo.iter()
        .map(|t| {
            a * (-t / t2).exp() + noise * Distribution::<f64>::sample(&StandardNormal, &mut rng)
        })
        .collect()
}

/// The synthetic phantom: every rank makes its own voxels' echoes; rank 0 writes the
/// whole phantom as a NIfTI file when asked.
pub(super) fn phantom_input(
    petsc: &Petsc,
    nx: usize,
    ny: usize,
    echo: Vec<f64>,
    noise: f64,
    seed: u64,
    outputs: &Outputs,
) -> petsc::Result<MapInput> {
    let world = petsc.mpi_world();
    let (rank, size) = (world.rank() as usize, world.size() as usize);
    let nvox = nx * ny;
    let mine = block_range(nvox, size, rank);
    let signals: Vec<f64> = mine
        .clone()
        .flat_map(|i| map_signal(&echo, i, nx, ny, noise, seed))
        .collect();
    let header = phantom_header(&echo);
    if let Some(path) = outputs.phantom.as_ref() {
        let ok = if rank == 0 {
            let ne = echo.len();
            let mut data = ndarray::Array4::<f64>::zeros((nx, ny, 1, ne));
            for i in 0..nvox {
                for (k, v) in map_signal(&echo, i, nx, ny, noise, seed)
                    .into_iter()
                    .enumerate()
                {
                    data[[i % nx, i / nx, 0, k]] = v;
                }
            }
            WriterOptions::new(path)
                .reference_header(&header)
                .write_nifti(&data)
                .map_err(|e| format!("cannot write {}: {}", path.display(), nifti_error(e)))
        } else {
            Ok(())
        };
        agree_or_usage(petsc, ok)?;
        println0!(
            petsc,
            "wrote the phantom {} ({nx} x {ny} x 1 x {} echoes, float64, 1 mm voxels)",
            path.display(),
            echo.len()
        )?;
    }
    Ok(MapInput {
        dims: [nx, ny, 1],
        echo,
        mine,
        signals,
        phantom: true,
        header: (rank == 0).then_some(header),
    })
}
