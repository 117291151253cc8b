//! PETSc's DMPlex tutorial `ex13.c` in Rust: a mesh of a triply periodic surface
//! ([`Plex::new_tps_mesh`]), Schwarz's P surface or the gyroid, viewed with
//! `-dm_view`. The options are C's:
//!
//! | option | meaning | default |
//! | --- | --- | --- |
//! | `-extent 2,3,1` | periods in each of the three directions | `1,1,1` |
//! | `-refine n` | refinements (new vertices moved onto the surface) | 0 |
//! | `-periodic periodic,periodic,periodic` | periodicity in each direction (gyroid) | none |
//! | `-distribute false` | spread the coarse mesh over the ranks before refining | true |
//! | `-layers n` | layers of the volume extruded along the normal (0: the surface) | 0 |
//! | `-thickness t` | thickness of the extruded volume | 0 |
//! | `-tps_type gyroid` | `schwarz_p` or `gyroid` | `schwarz_p` |
//!
//! ```text
//! mpiexec -n 2 plex_ex13 -extent 2,1,1 -dm_view -refine 1 -layers 3 -thickness .2
//! ```
//!
//! prints what the C program prints (PETSc's expected output of ex13's tests). Options
//! the surface cannot take (an extent below 1, layers without a thickness, a periodic
//! Schwarz P surface, an unknown `-tps_type`) are reported as usage errors.

use std::process::ExitCode;

use petsc::{BoundaryType, Int, Object, Petsc, Plex, Real, TpsType};
use petsc_examples::{run_main, AppError, AppResult};

/// The options of the C program, with its defaults.
struct Args {
    extent: [Int; 3],
    refine: Int,
    periodic: [BoundaryType; 3],
    distribute: bool,
    layers: Int,
    thickness: Real,
    tps_type: TpsType,
}

/// A usage error for an option's value the program refuses.
fn usage(e: petsc::Error) -> AppError {
    AppError::Usage(e.to_string())
}

fn read_args(petsc: &Petsc) -> AppResult<Args> {
    let opts = petsc.options();
    // As PetscOptionsIntArray and PetscOptionsEnumArray do, the values given replace the
    // first defaults; the others stay.
    let mut extent = [1; 3];
    if let Some(v) = opts.get_array::<Int>("extent", 3)? {
        extent[..v.len()].copy_from_slice(&v);
    }
    let mut periodic = [BoundaryType::None; 3];
    if let Some(text) = opts.get::<String>("periodic")? {
        let names: Vec<&str> = text.split(',').collect();
        if names.len() > 3 {
            return Err(AppError::Usage(format!(
                "-periodic {text}: at most three directions"
            )));
        }
        for (p, name) in periodic.iter_mut().zip(names) {
            *p = name.parse().map_err(usage)?;
        }
    }
    let tps_type = match opts.get::<String>("tps_type")? {
        Some(name) => name.parse().map_err(usage)?,
        None => TpsType::SchwarzP,
    };
    Ok(Args {
        extent,
        refine: opts.get_or::<Int>("refine", 0)?,
        periodic,
        distribute: opts.get_or("distribute", true)?,
        layers: opts.get_or::<Int>("layers", 0)?,
        thickness: opts.get_or::<Real>("thickness", 0.0)?,
        tps_type,
    })
}

fn body(petsc: &Petsc) -> AppResult {
    let a = read_args(petsc)?;
    let mut dm = Plex::new_tps_mesh(
        &petsc.world(),
        a.tps_type,
        a.extent,
        Some(a.periodic),
        a.distribute,
        a.refine,
        a.layers,
        a.thickness,
    )
    // The arguments are checked on every rank before PETSc is called: a refusal (no
    // PETSc error code) is the same everywhere, a usage error.
    .map_err(|e| {
        if e.code().is_none() {
            usage(e)
        } else {
            e.into()
        }
    })?;
    dm.set_name("TPS")?;
    dm.view_from_options(None, "-dm_view")?;
    Ok(())
}

fn main() -> ExitCode {
    run_main("plex_ex13", body)
}
