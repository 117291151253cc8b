//! The T2 map's NIfTI-1 files: the multi-echo input read and checked on rank 0 and
//! scattered, the phantom and the fitted maps written, and the raw signals dumped for
//! the C comparison.
//!
//! `--input FILE` reads a 4D NIfTI-1 image (`.nii` or `.nii.gz`) whose axes are
//! (x, y, z, echo), of any integer or real datatype (with its scaling). NIfTI-1 has no
//! field for echo times: give them in ms with `--echo-times`; without the flag they are
//! read from the description field when it holds `echo times (ms) 10,20,...`, this
//! program's own convention, which `--write-phantom` uses. Rank 0 reads and checks the
//! whole file (sizes, datatype, echo count against the echo times, every value finite,
//! the file's length against the header) and tells every rank the verdict, so a bad
//! file stops every rank with the message and exit status 2; then the voxels are
//! scattered. `--write-phantom FILE` writes the synthetic phantom as such a file
//! (float64, 1 mm voxels, the identity as scanner coordinates). `--out-t2 FILE` and
//! `--out-a FILE` write the fitted T2 (ms) and A maps as 3D float64 images with the
//! input's geometry (voxel sizes, qform and sform).

use super::*;

/// The text of a NIfTI error (the operating system's words for an I/O error).
pub(super) fn nifti_error(e: nifti::NiftiError) -> String {
    match e {
        nifti::NiftiError::Io(io) => io.to_string(),
        other => other.to_string(),
    }
}

/// Prefix of the description (`descrip`) field in which the phantom's file records its
/// echo times: NIfTI-1 has no field for them, so this is this program's own convention.
pub(super) const DESCRIP_ECHO: &str = "echo times (ms) ";

/// The header of the phantom's file: 1 mm voxels, the identity as the scanner
/// coordinates (sform and qform), the echo times in the description.
pub(super) fn phantom_header(echo: &[f64]) -> NiftiHeader {
    let mut h = NiftiHeader {
        xyzt_units: 2, // NIFTI_UNITS_MM; the echo axis has no unit
        qform_code: 1,
        sform_code: 1,
        ..NiftiHeader::default()
    };
    let list: Vec<String> = echo.iter().map(|t| G(*t).to_string()).collect();
    let text = format!("{DESCRIP_ECHO}{}", list.join(","));
    if text.len() <= 80 {
        let mut d = text.into_bytes();
        d.resize(80, 0);
        h.descrip = d;
    }
    h
}

/// The header of a 3D output map: the input's geometry, the given description.
pub(super) fn map_header(reference: &NiftiHeader, what: &str) -> NiftiHeader {
    let mut h = reference.clone();
    h.dim[0] = 3;
    h.dim[4] = 1;
    h.pixdim[4] = 1.0;
    h.xyzt_units &= 0x07; // spatial units only
    h.intent_code = 0;
    h.cal_min = 0.0;
    h.cal_max = 0.0;
    let mut d = what.as_bytes().to_vec();
    d.resize(80, 0);
    h.descrip = d;
    h
}

/// Returns `Ok` on every rank when `ok` is `Ok` on rank 0, else the rank-0 message as a
/// usage error on every rank (collective).
pub(super) fn agree_or_usage(petsc: &Petsc, ok: Result<(), String>) -> petsc::Result<()> {
    let world = petsc.mpi_world();
    let root = world.process_at_rank(0);
    let mut msg = match &ok {
        Err(m) if world.rank() == 0 => m.clone().into_bytes(),
        _ => Vec::new(),
    };
    let mut len = msg.len() as u64;
    root.broadcast_into(&mut len);
    msg.resize(len as usize, 0);
    if len > 0 {
        root.broadcast_into(&mut msg[..]);
        return Err(usage_error(String::from_utf8_lossy(&msg).into_owned()));
    }
    Ok(())
}

/// Largest number of values (voxels times echoes) read from a file.
pub(super) const MAX_VALUES: usize = 1 << 28;

/// Parses a comma-separated list of echo times in ms.
pub(super) fn parse_echo_times(text: &str, what: &str) -> Result<Vec<f64>, String> {
    let bad = || format!("{what} expects echo times in ms as 10,20,40, got '{text}'");
    let echo: Vec<f64> = text
        .split(',')
        .map(|w| w.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad())?;
    if echo.len() < 2 {
        return Err(format!(
            "{what}: at least two echo times are needed to fit A and T2, got '{text}'"
        ));
    }
    if echo.iter().any(|t| !(t.is_finite() && *t >= 0.0)) {
        return Err(format!(
            "{what}: echo times must be finite and non-negative, got '{text}'"
        ));
    }
    if echo.windows(2).any(|w| w[1] <= w[0]) {
        return Err(format!("{what}: echo times must increase, got '{text}'"));
    }
    Ok(echo)
}

/// Rank 0 reads and checks the whole file; the verdict goes to every rank, then the
/// voxels are scattered in contiguous blocks.
pub(super) fn read_input(
    petsc: &Petsc,
    path: &Path,
    echo_flag: Option<Vec<f64>>,
) -> petsc::Result<MapInput> {
    let world = petsc.mpi_world();
    let (rank, size) = (world.rank() as usize, world.size() as usize);
    let root = world.process_at_rank(0);
    let read = if rank == 0 {
        read_nifti(path, echo_flag)
    } else {
        Err(String::new())
    };
    let verdict = match &read {
        Ok(_) => Ok(()),
        Err(m) => Err(format!("{}: {m}", path.display())),
    };
    agree_or_usage(petsc, if rank == 0 { verdict } else { Ok(()) })?;
    // Sizes and echo times to every rank.
    let mut sizes = [0u64; 4];
    let (mut header, mut all) = (None, Vec::new());
    let mut echo = Vec::new();
    if let Ok((h, dims, e, data)) = read {
        sizes = [
            dims[0] as u64,
            dims[1] as u64,
            dims[2] as u64,
            e.len() as u64,
        ];
        header = Some(h);
        echo = e;
        all = data;
    }
    root.broadcast_into(&mut sizes[..]);
    let dims = [sizes[0] as usize, sizes[1] as usize, sizes[2] as usize];
    let ne = sizes[3] as usize;
    echo.resize(ne, 0.0);
    root.broadcast_into(&mut echo[..]);
    let nvox: usize = dims.iter().product();
    let counts: Vec<Count> = (0..size)
        .map(|r| (block_range(nvox, size, r).len() * ne) as Count)
        .collect();
    let displs: Vec<Count> = (0..size)
        .map(|r| (block_range(nvox, size, r).start * ne) as Count)
        .collect();
    let mine = block_range(nvox, size, rank);
    let mut signals = vec![0.0f64; mine.len() * ne];
    if rank == 0 {
        let part = Partition::new(&all[..], &counts[..], &displs[..]);
        root.scatter_varcount_into_root(&part, &mut signals[..]);
    } else {
        root.scatter_varcount_into(&mut signals[..]);
    }
    println0!(
        petsc,
        "read {}: {} x {} x {} voxels, {ne} echoes at {} ms",
        path.display(),
        dims[0],
        dims[1],
        dims[2],
        echo.iter()
            .map(|t| G(*t).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    )?;
    Ok(MapInput {
        dims,
        echo,
        mine,
        signals,
        phantom: false,
        header,
    })
}

/// Checked contents of a 4D multi-echo NIfTI file: header, sizes, echo times (from the
/// flag, else from this program's description convention) and the echoes voxel by voxel.
#[allow(clippy::type_complexity)]
pub(super) fn read_nifti(
    path: &Path,
    echo_flag: Option<Vec<f64>>,
) -> Result<(NiftiHeader, [usize; 3], Vec<f64>, Vec<f64>), String> {
    let header = NiftiHeader::from_file(path)
        .map_err(|e| format!("not a readable NIfTI-1 file ({})", nifti_error(e)))?;
    let dim = header.dim;
    if dim[0] != 4 {
        return Err(format!(
            "expected a 4D multi-echo image (x, y, z, echo), the header says {} dimensions",
            dim[0]
        ));
    }
    let dims = [dim[1] as usize, dim[2] as usize, dim[3] as usize];
    let ne = dim[4] as usize;
    if dims.contains(&0) || ne == 0 {
        return Err(format!(
            "the header's sizes {} x {} x {} x {} include a zero",
            dims[0], dims[1], dims[2], ne
        ));
    }
    let nvox: usize = dims.iter().product();
    let values = nvox
        .checked_mul(ne)
        .filter(|&n| n <= MAX_VALUES)
        .ok_or_else(|| {
            format!("the header's sizes {dims:?} x {ne} echoes exceed {MAX_VALUES} values")
        })?;
    let ty = header
        .data_type()
        .map_err(|_| format!("unknown NIfTI datatype code {}", header.datatype))?;
    use nifti::NiftiType as T;
    let bytes = match ty {
        T::Uint8 | T::Int8 => 1,
        T::Int16 | T::Uint16 => 2,
        T::Int32 | T::Uint32 | T::Float32 => 4,
        T::Int64 | T::Uint64 | T::Float64 => 8,
        other => {
            return Err(format!(
                "datatype {other:?} is not a real number type (integers, float32 or float64)"
            ))
        }
    };
    if !(header.scl_slope.is_finite() && header.scl_inter.is_finite()) {
        return Err("the header's scaling (scl_slope, scl_inter) is not finite".into());
    }
    let echo = match echo_flag {
        Some(e) => e,
        None => {
            let descrip = String::from_utf8_lossy(&header.descrip);
            let text = descrip.trim_end_matches('\0');
            match text.strip_prefix(DESCRIP_ECHO) {
                Some(list) => parse_echo_times(list.trim(), "the file's description")?,
                None => {
                    return Err("no echo times: NIfTI-1 has no field for them, give them with --echo-times 10,20,... (ms)".into())
                }
            }
        }
    };
    if echo.len() != ne {
        return Err(format!(
            "the image has {ne} echoes but {} echo times were given",
            echo.len()
        ));
    }
    let gz = path.extension().is_some_and(|e| e == "gz");
    if !gz {
        let len = std::fs::metadata(path)
            .map_err(|e| format!("cannot read ({e})"))?
            .len();
        let need = header.vox_offset.max(0.0) as u64 + (values * bytes) as u64;
        if len < need {
            return Err(format!(
                "truncated: the header announces {need} bytes, the file has {len}"
            ));
        }
    }
    let obj = ReaderOptions::new()
        .read_file(path)
        .map_err(|e| format!("cannot read the image ({})", nifti_error(e)))?;
    let volume = obj
        .into_volume()
        .into_ndarray::<f64>()
        .map_err(|e| format!("cannot convert the image to numbers ({})", nifti_error(e)))?;
    if volume.shape() != [dims[0], dims[1], dims[2], ne] {
        return Err(format!(
            "the image has shape {:?}, the header says {:?}",
            volume.shape(),
            [dims[0], dims[1], dims[2], ne]
        ));
    }
    let mut data = vec![0.0f64; values];
    for ((ix, iy, iz, k), v) in volume
        .into_dimensionality::<ndarray::Ix4>()
        .map_err(|e| format!("not a 4D image ({e})"))?
        .indexed_iter()
    {
        if !v.is_finite() {
            return Err(format!(
                "voxel ({ix}, {iy}, {iz}) echo {k} is {v}: every value must be finite"
            ));
        }
        let i = ix + dims[0] * (iy + dims[1] * iz);
        data[i * ne + k] = *v;
    }
    Ok((header, dims, echo, data))
}

/// Gathers this rank's block of a map on rank 0 (collective): the whole map there,
/// `None` elsewhere.
pub(super) fn gather_map(petsc: &Petsc, input: &MapInput, local: &[f64]) -> Option<Vec<f64>> {
    let world = petsc.mpi_world();
    let size = world.size() as usize;
    let root = world.process_at_rank(0);
    let nvox = input.nvox();
    if world.rank() == 0 {
        let counts: Vec<Count> = (0..size)
            .map(|r| block_range(nvox, size, r).len() as Count)
            .collect();
        let displs: Vec<Count> = (0..size)
            .map(|r| block_range(nvox, size, r).start as Count)
            .collect();
        let mut full = vec![0.0f64; nvox];
        let mut part = PartitionMut::new(&mut full[..], &counts[..], &displs[..]);
        root.gather_varcount_into_root(local, &mut part);
        Some(full)
    } else {
        root.gather_varcount_into(local);
        None
    }
}

/// Writes the fitted T2 (ms) and A maps as 3D float64 NIfTI files with the input's
/// geometry (rank 0 writes; every rank learns whether it worked).
pub(super) fn write_maps(
    petsc: &Petsc,
    input: &MapInput,
    fit: &MapFit,
    outputs: &Outputs,
) -> petsc::Result<()> {
    let [nx, ny, nz] = input.dims;
    for (path, values, what) in [
        (&outputs.t2, &fit.t2, "T2 (ms) fitted by t2_fit"),
        (&outputs.a, &fit.a, "amplitude A fitted by t2_fit"),
    ] {
        let Some(path) = path else { continue };
        let full = gather_map(petsc, input, values);
        let ok = match (full, &input.header) {
            (Some(full), Some(reference)) => {
                let mut data = ndarray::Array3::<f64>::zeros((nx, ny, nz));
                for (i, v) in full.iter().enumerate() {
                    data[[i % nx, (i / nx) % ny, i / (nx * ny)]] = *v;
                }
                WriterOptions::new(path)
                    .reference_header(&map_header(reference, what))
                    .write_nifti(&data)
                    .map_err(|e| format!("cannot write {}: {}", path.display(), nifti_error(e)))
            }
            _ => Ok(()),
        };
        agree_or_usage(petsc, ok)?;
        println0!(
            petsc,
            "wrote {} ({what}, {nx} x {ny} x {nz}, float64)",
            path.display()
        )?;
    }
    Ok(())
}

/// `--dump`: the noisy signals for `ci/bench.sh t2` (voxel count as a little-endian
/// `i64`, then the echoes of each voxel as `f64`), written by rank 0.
pub(super) fn dump_signals(petsc: &Petsc, input: &MapInput, path: &Path) -> petsc::Result<()> {
    let ne = input.ne();
    let mut columns = Vec::new();
    for k in 0..ne {
        let local: Vec<f64> = (0..input.mine.len()).map(|v| input.signal(v)[k]).collect();
        columns.push(gather_map(petsc, input, &local));
    }
    let ok = if petsc.mpi_world().rank() == 0 {
        let nvox = input.nvox();
        let mut bytes = Vec::with_capacity(8 + nvox * ne * 8);
        bytes.extend_from_slice(&(nvox as i64).to_le_bytes());
        for i in 0..nvox {
            for c in &columns {
                let v = c.as_ref().map_or(0.0, |c| c[i]);
                bytes.extend_from_slice(&v.to_le_bytes());
            }
        }
        std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
    } else {
        Ok(())
    };
    agree_or_usage(petsc, ok)
}
