//! PETSc's finite-element SNES tutorial `snes/tutorials/ex13.c` (Poisson on DMPlex)
//! ported to Rust (`snes_ex13`), run with the options of the tests of its `TEST` block
//! that this PETSc can run, at their rank counts (one), and compared with PETSc's
//! expected output files and with the C program built against the same PETSc.
//!
//! Run: the tensor-cell convergence tests `2d_q1_conv`, `2d_q2_conv`, `2d_q3_conv`,
//! `2d_q1_shear_conv`, `2d_q2_shear_conv`, `2d_q3_shear_conv`, `3d_q1_conv`,
//! `3d_q2_conv`, `3d_q3_conv`. Left out, because PETSc's box of simplices needs a mesh
//! generator: `2d_p1_conv`, `2d_p2_conv`, `2d_p3_conv`, `2d_p1_fas_full`,
//! `2d_p1_fas_full_homogeneous`, `2d_p1_scalable`, `2d_p1_gmg_vcycle`,
//! `2d_p1_gmg_fcycle`, `2d_p1_gmg_vcycle_adapt`, `2d_p1_spectral_0`,
//! `2d_p1_spectral_1`, `2d_p1_adj_0` (`requires: triangle`) and `3d_p1_conv`,
//! `3d_p2_conv`, `3d_p3_conv` (`requires: ctetgen`), when PETSc has neither (Debian's
//! build has none; with one they would also need the port's `-spectral` and `-adjoint`,
//! which it refuses); `kokkos` (`requires: kokkos_kernels`, with Kokkos matrices and
//! vectors), which Debian's build lacks.
//!
//! The multigrid and FAS tests (`2d_p1_gmg_vcycle`, `2d_p1_gmg_fcycle`,
//! `2d_p1_gmg_vcycle_adapt`, `2d_p1_fas_full`, `2d_p1_fas_full_homogeneous`,
//! `2d_p1_scalable`) also run here on quadrilaterals (`-dm_plex_simplex 0`; their files
//! are for triangles), with the monitors, compared with the C program's output at their
//! rank count (one) and at two ranks (not `2d_p1_gmg_vcycle_adapt`, whose harmonic
//! coarse space crashes PETSc 3.18's C program there too). Under `-malloc_debug` the two
//! FAS tests (five refinements) are left to the run without it.
//!
//! The expected files of the three `*_shear_conv` tests hold the rates of the unsheared
//! problem (1.5, 1.9, 3.8, those of `2d_q*_conv`). PETSc 3.18's box mesh has a
//! finite-element coordinate space, which `DMPlexShearGeometry` shears, and its C program
//! prints 1.2, 2.4 and 3.7 for these tests; that function leaves coordinates without
//! such a space unsheared (in direction x), so C prints the files' numbers with
//! `-dm_coord_space 0` (PETSc 3.22 shears those too, and C prints the sheared rates).
//! The shear tests are therefore compared with the C program byte for byte, and their
//! files with the port's unsheared runs and with C under `-dm_coord_space 0` (which the
//! port refuses: `Plex::shear_geometry` needs the coordinate space).

use petsc::Petsc;
use petsc_tests::{c_tutorial, expected_output, heap_checked, mpiexec, run_example, Case};

const SOURCE: &str = "snes/tutorials/ex13.c";

/// The TEST block's runnable tests: suffix, rank count, arguments.
const TESTS: [(&str, usize, &[&str]); 9] = [
    (
        "2d_q1_conv",
        1,
        &[
            "-dm_plex_simplex",
            "0",
            "-potential_petscspace_degree",
            "1",
            "-snes_convergence_estimate",
            "-convest_num_refine",
            "2",
        ],
    ),
    (
        "2d_q2_conv",
        1,
        &[
            "-dm_plex_simplex",
            "0",
            "-potential_petscspace_degree",
            "2",
            "-snes_convergence_estimate",
            "-convest_num_refine",
            "2",
        ],
    ),
    (
        "2d_q3_conv",
        1,
        &[
            "-dm_plex_simplex",
            "0",
            "-potential_petscspace_degree",
            "3",
            "-snes_convergence_estimate",
            "-convest_num_refine",
            "2",
        ],
    ),
    (
        "2d_q1_shear_conv",
        1,
        &[
            "-dm_plex_simplex",
            "0",
            "-shear",
            "-potential_petscspace_degree",
            "1",
            "-snes_convergence_estimate",
            "-convest_num_refine",
            "2",
        ],
    ),
    (
        "2d_q2_shear_conv",
        1,
        &[
            "-dm_plex_simplex",
            "0",
            "-shear",
            "-potential_petscspace_degree",
            "2",
            "-snes_convergence_estimate",
            "-convest_num_refine",
            "2",
        ],
    ),
    (
        "2d_q3_shear_conv",
        1,
        &[
            "-dm_plex_simplex",
            "0",
            "-shear",
            "-potential_petscspace_degree",
            "3",
            "-snes_convergence_estimate",
            "-convest_num_refine",
            "2",
        ],
    ),
    (
        "3d_q1_conv",
        1,
        &[
            "-dm_plex_dim",
            "3",
            "-dm_plex_simplex",
            "0",
            "-dm_refine",
            "1",
            "-potential_petscspace_degree",
            "1",
            "-snes_convergence_estimate",
            "-convest_num_refine",
            "1",
        ],
    ),
    (
        "3d_q2_conv",
        1,
        &[
            "-dm_plex_dim",
            "3",
            "-dm_plex_simplex",
            "0",
            "-potential_petscspace_degree",
            "2",
            "-snes_convergence_estimate",
            "-convest_num_refine",
            "1",
        ],
    ),
    (
        "3d_q3_conv",
        1,
        &[
            "-dm_plex_dim",
            "3",
            "-dm_plex_simplex",
            "0",
            "-potential_petscspace_degree",
            "3",
            "-snes_convergence_estimate",
            "-convest_num_refine",
            "1",
        ],
    ),
];

/// The multilevel tests of the TEST block on quadrilaterals: suffix, whether two ranks
/// work, arguments (after `-dm_plex_simplex 0`).
const MULTILEVEL: [(&str, bool, &str); 6] = [
    (
        "2d_p1_fas_full",
        true,
        "-potential_petscspace_degree 1 -dm_refine_hierarchy 5 -snes_max_it 1 -snes_type fas \
         -snes_fas_levels 5 -snes_fas_type full -snes_fas_full_total -fas_coarse_snes_monitor \
         -fas_coarse_snes_max_it 1 -fas_coarse_ksp_atol 1.e-13 -fas_levels_snes_monitor \
         -fas_levels_snes_max_it 1 -fas_levels_snes_type newtonls -fas_levels_pc_type none \
         -fas_levels_ksp_max_it 2 -fas_levels_ksp_converged_maxits -fas_levels_ksp_type chebyshev \
         -fas_levels_esteig_ksp_type cg -fas_levels_ksp_chebyshev_esteig 0,0.25,0,1.1 \
         -fas_levels_esteig_ksp_max_it 10",
    ),
    (
        "2d_p1_fas_full_homogeneous",
        true,
        "-homogeneous -potential_petscspace_degree 1 -dm_refine_hierarchy 5 -snes_max_it 1 \
         -snes_type fas -snes_fas_levels 5 -snes_fas_type full -fas_coarse_snes_monitor \
         -fas_coarse_snes_max_it 1 -fas_coarse_ksp_atol 1.e-13 -fas_levels_snes_monitor \
         -fas_levels_snes_max_it 1 -fas_levels_snes_type newtonls -fas_levels_pc_type none \
         -fas_levels_ksp_max_it 2 -fas_levels_ksp_converged_maxits -fas_levels_ksp_type chebyshev \
         -fas_levels_esteig_ksp_type cg -fas_levels_ksp_chebyshev_esteig 0,0.25,0,1.1 \
         -fas_levels_esteig_ksp_max_it 10",
    ),
    (
        "2d_p1_scalable",
        true,
        "-potential_petscspace_degree 1 -dm_refine 3 -ksp_type cg -ksp_rtol 1.e-11 \
         -ksp_norm_type unpreconditioned -pc_type gamg -pc_gamg_esteig_ksp_type cg \
         -pc_gamg_esteig_ksp_max_it 10 -pc_gamg_type agg -pc_gamg_agg_nsmooths 1 \
         -pc_gamg_coarse_eq_limit 1000 -pc_gamg_threshold 0.05 -pc_gamg_threshold_scale .0 \
         -mg_levels_ksp_type chebyshev -mg_levels_ksp_max_it 1 -mg_levels_pc_type jacobi \
         -matptap_via scalable -snes_monitor -ksp_monitor",
    ),
    (
        "2d_p1_gmg_vcycle",
        true,
        "-potential_petscspace_degree 1 -dm_plex_box_faces 2,2 -dm_refine_hierarchy 3 \
         -ksp_rtol 5e-10 -pc_type mg -mg_levels_ksp_max_it 1 -mg_levels_esteig_ksp_type cg \
         -mg_levels_esteig_ksp_max_it 10 -mg_levels_ksp_chebyshev_esteig 0,0.1,0,1.1 \
         -mg_levels_pc_type jacobi -snes_monitor -ksp_monitor",
    ),
    (
        "2d_p1_gmg_fcycle",
        true,
        "-potential_petscspace_degree 1 -dm_plex_box_faces 2,2 -dm_refine_hierarchy 3 \
         -ksp_rtol 5e-10 -pc_type mg -pc_mg_type full -mg_levels_ksp_max_it 2 \
         -mg_levels_esteig_ksp_type cg -mg_levels_esteig_ksp_max_it 10 \
         -mg_levels_ksp_chebyshev_esteig 0,0.1,0,1.1 -mg_levels_pc_type jacobi \
         -snes_monitor -ksp_monitor",
    ),
    (
        "2d_p1_gmg_vcycle_adapt",
        false,
        "-petscpartitioner_type simple -potential_petscspace_degree 1 -dm_plex_box_faces 2,2 \
         -dm_refine_hierarchy 3 -ksp_rtol 5e-10 -pc_type mg -pc_mg_galerkin \
         -pc_mg_adapt_interp_coarse_space harmonic -pc_mg_adapt_interp_n 8 \
         -mg_levels_ksp_max_it 1 -mg_levels_esteig_ksp_type cg -mg_levels_esteig_ksp_max_it 10 \
         -mg_levels_ksp_chebyshev_esteig 0,0.1,0,1.1 -mg_levels_pc_type jacobi \
         -snes_monitor -ksp_monitor",
    ),
];

/// `args` for a run on `n` ranks. Debian's 64-bit-index PETSc has PT-Scotch built for
/// 32-bit indices: its default partitioner fails there ("Number of points 2 should be
/// 4"), in C as in the port, so runs on several ranks use PETSc's simple partitioner.
fn portable<'a>(n: usize, args: &[&'a str]) -> Vec<&'a str> {
    let mut v = args.to_vec();
    if cfg!(petsc_int64) && n > 1 {
        v.extend(["-petscpartitioner_type", "simple"]);
    }
    v
}

/// The port's standard output for `args` on `n` ranks.
fn port(n: usize, args: &[&str]) -> String {
    run_example("snes_ex13", n, &portable(n, args))
}

/// The C program's standard output for `args` on `n` ranks, when it can be built.
fn c_output(n: usize, args: &[&str]) -> Option<String> {
    let exe = c_tutorial(SOURCE)?;
    let out = mpiexec(n, &exe, &portable(n, args));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "C ex13 {args:?} on {n} ranks failed:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(text)
}

/// Every runnable test of ex13.c's TEST block: the port prints what the C program
/// prints, and what the expected file holds (the shear tests with `-dm_coord_space 0`,
/// see the file's documentation).
fn snes_ex13_matches_petsc(_: &Petsc) -> petsc::Result<()> {
    for (suffix, n, args) in TESTS {
        let got = port(n, args);
        if let Some(c) = c_output(n, args) {
            assert_eq!(got, c, "snes_ex13 vs C ex13, test {suffix} on {n} ranks");
        }
        let Some(want) = expected_output(&format!("snes/tutorials/output/ex13_{suffix}.out"))
        else {
            return Ok(());
        };
        if let Some(plain) = suffix.strip_suffix("_shear_conv") {
            assert_ne!(got, want, "{suffix}: the sheared rate is the file's");
            let (_, _, plain_args) = TESTS
                .iter()
                .find(|(s, _, _)| s.strip_suffix("_conv") == Some(plain))
                .expect("the unsheared test");
            let unsheared = port(n, plain_args);
            assert_eq!(
                unsheared, want,
                "snes_ex13 {plain_args:?} vs ex13_{suffix}.out"
            );
            let mut flat = args.to_vec();
            flat.extend(["-dm_coord_space", "0"]);
            if let Some(c) = c_output(n, &flat) {
                if cfg!(petsc_3_22) {
                    // DMPlexShearGeometry shears coordinates without a coordinate space
                    // too: C prints the sheared rate.
                    assert_eq!(c, got, "C ex13 {flat:?} vs the sheared run");
                } else {
                    assert_eq!(c, want, "C ex13 {flat:?} vs ex13_{suffix}.out");
                }
            }
            let out = mpiexec(n, &petsc_tests::example("snes_ex13"), &flat);
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(!out.status.success(), "snes_ex13 {flat:?} ran");
            assert!(
                err.contains("coordinate space"),
                "snes_ex13 {flat:?}: {err}"
            );
        } else {
            assert_eq!(got, want, "snes_ex13 vs ex13_{suffix}.out on {n} ranks");
        }
    }
    Ok(())
}

/// The multigrid and FAS tests of the TEST block on quadrilaterals: the port prints
/// what the C program prints, at one rank and (where C runs) two.
fn snes_ex13_multilevel_on_quads(_: &Petsc) -> petsc::Result<()> {
    for (suffix, two, options) in MULTILEVEL {
        if heap_checked() && options.contains("-dm_refine_hierarchy 5") {
            // Five refinements under a checked heap take minutes, in C as in Rust.
            petsc_tests::skip(format!(
                "{suffix} under -malloc_debug: left to the run without it"
            ));
            continue;
        }
        let mut args = vec!["-dm_plex_simplex", "0"];
        args.extend(options.split_whitespace());
        for n in if two { &[1, 2][..] } else { &[1][..] } {
            let got = port(*n, &args);
            assert!(got.contains("SNES Function norm"), "{suffix}: {got}");
            if let Some(c) = c_output(*n, &args) {
                assert_eq!(
                    got, c,
                    "snes_ex13 vs C ex13, {suffix} on quadrilaterals, {n} ranks"
                );
            }
        }
    }
    Ok(())
}

/// Errors of the convergence estimate (`-convest_monitor`) that do not depend on the
/// number of ranks, and the C program's output on two and three ranks. PETSc's sizes in
/// that monitor, and so the rate it fits, count each rank's unknowns with the ones it
/// shares: they grow with the ranks, in C as in the port. With `-error_view` and the
/// homogeneous problem, the same size and error as C on two ranks.
fn snes_ex13_ranks(_: &Petsc) -> petsc::Result<()> {
    let (_, _, conv) = TESTS[1];
    let mut args = conv.to_vec();
    args.push("-convest_monitor");
    let errors = |text: &str| -> Vec<String> {
        text.lines()
            .filter_map(|l| {
                l.split_once("L_2 Error:")
                    .map(|(_, e)| e.trim().to_string())
            })
            .collect()
    };
    let one = port(1, &args);
    assert_eq!(errors(&one).len(), 3, "{one}");
    for n in [2, 3] {
        let got = port(n, &args);
        assert_eq!(errors(&got), errors(&one), "2d_q2_conv errors on {n} ranks");
        if let Some(c) = c_output(n, &args) {
            assert_eq!(got, c, "snes_ex13 vs C ex13 {args:?} on {n} ranks");
        }
    }
    let args = [
        "-dm_plex_simplex",
        "0",
        "-dm_plex_box_faces",
        "4,4",
        "-homogeneous",
        "-potential_petscspace_degree",
        "2",
        "-error_view",
    ];
    let got = port(2, &args);
    // Q2 on 4 x 4 squares: 7 x 7 unknowns inside the boundary.
    assert!(got.starts_with("N: 49 L2 error: "), "{got}");
    assert_eq!(port(1, &args), got);
    if let Some(c) = c_output(2, &args) {
        assert_eq!(got, c, "snes_ex13 vs C ex13 {args:?} on 2 ranks");
    }
    Ok(())
}

/// Without arguments the port solves on PETSc's default box (of quadrilaterals when
/// PETSc has no mesh generator) and prints nothing; `-spectral` and `-adjoint` are
/// refused with a message.
fn snes_ex13_defaults_and_refusals(_: &Petsc) -> petsc::Result<()> {
    assert_eq!(port(1, &[]), "");
    let view = port(1, &["-error_view"]);
    assert!(view.starts_with("N: "), "{view}");
    for opt in ["-spectral", "-adjoint"] {
        let out = mpiexec(1, &petsc_tests::example("snes_ex13"), &[opt]);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.status.success(), "{opt}: {text}");
        assert!(text.contains("not available in this port"), "{opt}: {text}");
    }
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("snes_ex13_matches_petsc", snes_ex13_matches_petsc),
        Case::new(
            "snes_ex13_multilevel_on_quads",
            snes_ex13_multilevel_on_quads,
        ),
        Case::new("snes_ex13_ranks", snes_ex13_ranks),
        Case::new(
            "snes_ex13_defaults_and_refusals",
            snes_ex13_defaults_and_refusals,
        ),
    ]
}
