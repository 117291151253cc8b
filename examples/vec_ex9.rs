//! PETSc's Vec tutorial `ex9.c` in Rust: a ghosted vector (`VecCreateGhost`).
//!
//! Twelve entries of a periodic 1-D grid on two ranks, six each; each rank keeps copies
//! of the two entries next to its part that the other rank owns (rank 0 of entries 11
//! and 6, rank 1 of 0 and 5). The program sets `x_i = i`, updates the ghost copies
//! from their owners, and prints each rank's local form (owned entries, then the
//! copies), as the C program does: its output is PETSc's expected output `ex9_1.out`.
//! With `-vecmpisetghost` the ghosts are added to a plain `mpi` vector
//! (`VecMPISetGhost`) instead; `-allocate` (the C program's user-provided array) is
//! accepted and gives the same output with PETSc's own storage. The program checks that
//! every copy holds its owner's value.

use std::process::ExitCode;

use petsc::{InsertMode, Int, Petsc, ScatterMode, VecType, Vector};
use petsc_examples::{real, require, run_main, scalar, AppError, AppResult};

/// PETSc's `%g` for the integers this program prints: `6.` (a point after an integer).
fn petsc_g(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e15 {
        format!("{x:.0}.")
    } else {
        format!("{x}")
    }
}

fn body(petsc: &Petsc) -> AppResult {
    let world = petsc.world();
    let (rank, size) = (world.rank(), world.size());
    require(size == 2, || "Must run example with two processors".into())?;
    let (nlocal, nghost) = (6 as Int, 2usize);
    let ifrom: [Int; 2] = if rank == 0 { [11, 6] } else { [0, 5] };
    let opts = petsc.options();
    let gxs = if opts.has("vecmpisetghost")? {
        let mut v = Vector::new(&world)?;
        v.set_type(VecType::Mpi)?;
        v.set_sizes(Some(nlocal), None)?;
        v.set_mpi_ghost(&ifrom)?;
        v
    } else {
        // `-allocate` asks the C program to pass its own array; PETSc's is used here.
        let _ = opts.has("allocate")?;
        Vector::new_ghost(&world, nlocal, None, &ifrom)?
    };
    // As in C: work on a duplicate (ghosted too) and drop the original.
    let mut gx = gxs.duplicate()?;
    drop(gxs);
    let r = gx.ownership_range()?;
    let idx: Vec<Int> = r.clone().collect();
    let vals: Vec<_> = idx.iter().map(|&i| scalar(i as f64)).collect();
    gx.set_values(&idx, &vals, InsertMode::Insert)?;
    gx.assemble()?;
    gx.ghost_update(InsertMode::Insert, ScatterMode::Forward)?;
    let lx = gx.local_form()?;
    let array = lx.view()?;
    let mut text = String::new();
    for (i, v) in array.iter().enumerate() {
        text.push_str(&format!("{i} {}\n", petsc_g(real(*v))));
    }
    world.print_synchronized(&text)?;
    let ghosts_ok = ifrom
        .iter()
        .enumerate()
        .all(|(k, &g)| real(array[nlocal as usize + k]) == g as f64);
    if !(ghosts_ok && array.len() == nlocal as usize + nghost) {
        return Err(AppError::Failed(format!(
            "rank {rank}: the ghost copies do not hold their owners' values"
        )));
    }
    Ok(())
}

fn main() -> ExitCode {
    run_main("vec_ex9", body)
}
