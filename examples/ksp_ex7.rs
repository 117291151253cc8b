//! PETSc's KSP tutorial `ex7.c` in Rust: block Jacobi with a different solver on each
//! block, reached through the block solvers' handles (`PCBJacobiGetSubKSP`).
//!
//! The matrix is the 2D five-point Laplacian on an `m x (m + 2)` grid (`-m`, 4 by
//! default), the exact solution all ones and `b = A u`. The preconditioner is block
//! Jacobi with `m` blocks of `m + 2` rows over all processes; after set-up, rank 0
//! gives its even blocks BiCGStab without preconditioner and its odd blocks ILU, and
//! the other ranks give theirs GMRES with Jacobi, as the C program does. The closing
//! line has ex7's format. PETSc's own tests run it as
//!
//! ```text
//! mpiexec -n 2 ksp_ex7 -ksp_monitor_short -ksp_gmres_cgs_refinement_type refine_always
//! mpiexec -n 2 ksp_ex7 -ksp_view ::ascii_info_detail
//! ```
//!
//! and its output is PETSc's expected output of those tests.

use std::process::ExitCode;

use petsc::{InsertMode, Ksp, KspType, Mat, NormType, Object, PcType, Petsc, Sizes, G};
use petsc_examples::scalar;

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let rank = world.rank();
    let m = petsc.options().get_or::<petsc::Int>("m", 4)?;
    let n = m + 2;

    // The Laplacian, assembled one entry at a time as in C.
    let mut a = Mat::aij(&world)
        .sizes(Sizes::global(m * n, m * n))
        .preallocate(5, 5)
        .build()?;
    for ii in a.ownership_range()? {
        let i = ii / n;
        let j = ii - i * n;
        if i > 0 {
            a.set_values(&[ii], &[ii - n], &[scalar(-1.0)], InsertMode::Add)?;
        }
        if i < m - 1 {
            a.set_values(&[ii], &[ii + n], &[scalar(-1.0)], InsertMode::Add)?;
        }
        if j > 0 {
            a.set_values(&[ii], &[ii - 1], &[scalar(-1.0)], InsertMode::Add)?;
        }
        if j < n - 1 {
            a.set_values(&[ii], &[ii + 1], &[scalar(-1.0)], InsertMode::Add)?;
        }
        a.set_values(&[ii], &[ii], &[scalar(4.0)], InsertMode::Add)?;
    }
    a.assemble()?;
    a.set_option_symmetric(true)?;

    let (u, mut b) = a.create_vecs()?;
    let mut u = u;
    let mut x = u.duplicate()?;
    u.set(1.0)?;
    a.mult(&u, &mut b)?;

    let mut ksp = Ksp::new(&world)?;
    ksp.set_operators(&a, &a)?;
    let mut pc = ksp.pc()?;
    pc.set_type(PcType::Bjacobi)?;
    // m blocks of n rows each over all processes.
    let blocks = vec![n; m as usize];
    pc.set_bjacobi_total_blocks(m, Some(&blocks))?;
    ksp.set_from_options()?;

    // A different solver per block, set through the blocks' handles after set-up.
    if pc.type_name()? == "bjacobi" {
        ksp.set_up()?;
        for (i, mut sub) in pc.bjacobi_sub_ksp()?.into_iter().enumerate() {
            let mut subpc = sub.pc()?;
            if rank == 0 {
                if i % 2 == 1 {
                    subpc.set_type(PcType::Ilu)?;
                } else {
                    subpc.set_type(PcType::None)?;
                    sub.set_type(KspType::Bcgs)?;
                    sub.set_tolerances(petsc::KspTolerances {
                        rtol: Some(1e-6),
                        ..Default::default()
                    })?;
                }
            } else {
                subpc.set_type(PcType::Jacobi)?;
                sub.set_type(KspType::Gmres)?;
                sub.set_tolerances(petsc::KspTolerances {
                    rtol: Some(1e-6),
                    ..Default::default()
                })?;
            }
        }
    }

    // As in C, the program goes on whatever the reason (`-ksp_converged_reason` prints it).
    let _reason = ksp.solve(&b, &mut x)?;

    x.axpy(-1.0, &u)?;
    let norm = x.norm(NormType::Two)?;
    let its = ksp.iteration_number()?;
    world.print(&format!("Norm of error {} iterations {its}\n", G(norm)))?;
    Ok(())
}

fn main() -> ExitCode {
    petsc::main(body)
}
