//! MRI T2 relaxation fit with TAO (workshop 08): `S(t) = A exp(-t / T2)` fitted to
//! noisy echoes, for one voxel, a whole synthetic T2 map, or a multi-echo NIfTI image.
//!
//! ```text
//! t2_fit                                  # one voxel, lmvm
//! t2_fit -tao_type blmvm -tao_monitor     # with the bounds A > 0, T2 > 0
//! t2_fit --least-squares                  # brgn on the residual and its Jacobian
//! mpiexec -n 4 t2_fit --map 256,256 --plot t2.png          # whole map, one TAO solve
//! mpiexec -n 4 t2_fit --map 256,256 --method both          # against one solve per voxel
//! t2_fit --map 128,128 --write-phantom phantom.nii         # the phantom as a 4D NIfTI
//! mpiexec -n 4 t2_fit --input echoes.nii.gz --echo-times 10,20,30,40 \
//!     --out-t2 t2.nii --out-a a.nii
//! ```
//!
//! The program's parts: [`voxel`] fits one voxel and checks it; [`map`] fits a whole T2
//! map, voxel by voxel or as one TAO solve ([`joint`]), from the synthetic [`phantom`]
//! or a NIfTI image ([`nifti_files`]); [`model`] holds what they share (the objective,
//! the reference fit, one voxel's solver).
//!
//! For the C comparison of `ci/bench.sh t2`, `--dump FILE` writes the map's noisy
//! signals (voxel count as a little-endian `i64`, then each voxel's echoes as `f64`).
//! The cost of the objective's closure called through TAO is measured apart, by
//! `ci/bench/tao-callback` (`ci/bench.sh callback`).

// TAO minimizes real functions of real variables: on a PETSc with complex scalars only
// `main` (which says so) is built, and the model code below is left unused.
#![cfg_attr(petsc_complex, allow(dead_code, unused_imports))]

use std::cell::{Cell, RefCell};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;
use std::time::Instant;

use nifti::writer::WriterOptions;
use nifti::{IntoNdArray, NiftiHeader, NiftiObject, ReaderOptions};
use petsc::mpi::collective::SystemOperation;
use petsc::mpi::datatype::{Partition, PartitionMut};
use petsc::mpi::traits::*;
use petsc::mpi::Count;
use petsc::{
    InsertMode, KspType, Mat, Object, PcType, Petsc, Tao, TaoConvergedReason, TaoLineSearchType,
    TaoType, Vector, G,
};
use petsc_examples::progress::Progress;
use petsc_examples::{
    block_range, check_failed, hash, println0, require, stream, usage_error, Flags, StreamRng,
};
use rand_distr::{Distribution, StandardNormal};

mod joint;
mod map;
mod model;
mod nifti_files;
mod phantom;
mod voxel;

#[cfg(not(petsc_complex))]
use joint::fit_joint;
use map::*;
use model::*;
use nifti_files::{
    agree_or_usage, dump_signals, nifti_error, parse_echo_times, phantom_header, read_input,
    write_maps,
};
use phantom::*;
use voxel::*;

#[cfg(not(petsc_complex))]
fn main() -> ExitCode {
    petsc::main(body)
}

#[cfg(petsc_complex)]
fn main() -> ExitCode {
    petsc_examples::real_only("t2_fit", "TAO minimizes real functions of real variables")
}

#[cfg(not(petsc_complex))]
fn body(petsc: &Petsc) -> petsc::Result<()> {
    let mut flags = Flags::from_env("t2_fit", "MRI T2 relaxation fit with TAO");
    let noise: f64 = flags.value("noise", 0.02, "standard deviation of the noise")?;
    let seed: u64 = flags.value("seed", 8, "random seed of the noise")?;
    let least_squares = flags.switch(
        "least-squares",
        "fit the residuals with brgn (same as -tao_type brgn)",
    )?;
    let map: Option<String> = flags.optional(
        "map",
        "fit a synthetic NX,NY T2 map instead of one voxel (64,64 is a good size)",
    )?;
    let input: Option<PathBuf> = flags.optional(
        "input",
        "fit the T2 map of a 4D multi-echo NIfTI file (x, y, z, echo)",
    )?;
    let echo_times: Option<String> = flags.optional(
        "echo-times",
        "map: echo times in ms (the phantom's default: 10,20,40,60,80,120,160,200,240,280)",
    )?;
    let method: Method = flags.value(
        "method",
        Method::Joint,
        "map: joint (one TAO solve of the whole map), voxel (one solve per voxel, the reference) or both (compared)",
    )?;
    let plot: Option<PathBuf> = flags.optional(
        "plot",
        "write a PNG: one voxel's echoes with the fitted and true decay, or the fitted T2 map",
    )?;
    let fresh = flags.switch("fresh-tao", "map, per voxel: a new Tao for every voxel")?;
    let dump: Option<PathBuf> = flags.optional(
        "dump",
        "map: write the noisy signals (i64 count, the echoes as f64 per voxel) for ci/bench.sh t2",
    )?;
    let phantom: Option<PathBuf> = flags.optional(
        "write-phantom",
        "map: write the synthetic multi-echo phantom as a 4D NIfTI file (FILE.nii or .nii.gz)",
    )?;
    let out_t2: Option<PathBuf> =
        flags.optional("out-t2", "map: write the fitted T2 (ms) as a 3D NIfTI file")?;
    let out_a: Option<PathBuf> = flags.optional(
        "out-a",
        "map: write the fitted amplitude A as a 3D NIfTI file",
    )?;
    flags.finish()?;
    require(noise >= 0.0 && noise.is_finite(), || {
        "--noise must be a non-negative number".into()
    })?;
    let echo = echo_times
        .map(|t| parse_echo_times(&t, "--echo-times"))
        .transpose()
        .map_err(usage_error)?;
    let outputs = Outputs {
        plot,
        dump,
        phantom,
        t2: out_t2,
        a: out_a,
    };
    let source = match (map, input) {
        (Some(_), Some(_)) => {
            return Err(usage_error(
                "--map and --input are two different maps: give one",
            ))
        }
        (Some(spec), None) => {
            let (nx, ny) = parse_size(&spec)?;
            Source::Phantom { nx, ny }
        }
        (None, Some(path)) => Source::File(path),
        (None, None) => {
            let map_only = [
                outputs.dump.is_some(),
                outputs.phantom.is_some(),
                outputs.t2.is_some(),
                outputs.a.is_some(),
                fresh,
                echo.is_some(),
            ];
            require(!map_only.contains(&true), || {
                "--dump, --fresh-tao, --echo-times, --write-phantom, --out-t2 and --out-a need --map NX,NY or --input FILE".into()
            })?;
            if let Some(path) = outputs.plot.as_ref() {
                petsc_examples::plot::check_png("plot", path)?;
            }
            return fit_voxel(petsc, noise, seed, least_squares, outputs.plot);
        }
    };
    require(!fresh || method != Method::Joint, || {
        "--fresh-tao is for the per-voxel fits: add --method voxel or both".into()
    })?;
    require(
        matches!(source, Source::Phantom { .. }) || outputs.phantom.is_none(),
        || "--write-phantom writes the synthetic map: use it with --map NX,NY".into(),
    )?;
    fit_map(
        petsc,
        source,
        echo,
        method,
        noise,
        seed,
        least_squares,
        fresh,
        outputs,
    )
}

fn parse_size(spec: &str) -> petsc::Result<(usize, usize)> {
    let parts: Vec<&str> = spec.split([',', 'x']).collect();
    let bad = || usage_error(format!("--map expects NX,NY (as 64,64), got '{spec}'"));
    if parts.len() != 2 {
        return Err(bad());
    }
    let nx: usize = parts[0].trim().parse().map_err(|_| bad())?;
    let ny: usize = parts[1].trim().parse().map_err(|_| bad())?;
    require(nx > 0 && ny > 0, || "--map sizes must be positive".into())?;
    Ok((nx, ny))
}

/// How the map is fitted (`--method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    /// One TAO solve per voxel, one voxel after the other on each rank: the reference.
    Voxel,
    /// One TAO solve of the whole map: a distributed vector of every voxel's (A, T2).
    Joint,
    /// Both, compared voxel by voxel.
    Both,
}

impl std::str::FromStr for Method {
    type Err = String;
    fn from_str(s: &str) -> Result<Method, String> {
        match s {
            "voxel" | "per-voxel" => Ok(Method::Voxel),
            "joint" | "whole-map" => Ok(Method::Joint),
            "both" => Ok(Method::Both),
            _ => Err(format!("unknown method '{s}'")),
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Method::Voxel => "voxel",
            Method::Joint => "joint",
            Method::Both => "both",
        })
    }
}

/// Where the map's echoes come from.
enum Source {
    /// The synthetic phantom of `NX x NY` voxels (known truth).
    Phantom { nx: usize, ny: usize },
    /// A 4D NIfTI file (x, y, z, echo).
    File(PathBuf),
}

/// The files a map run writes.
#[derive(Default)]
struct Outputs {
    plot: Option<PathBuf>,
    dump: Option<PathBuf>,
    phantom: Option<PathBuf>,
    t2: Option<PathBuf>,
    a: Option<PathBuf>,
}
