//! Vibration modes of a bridge deck with SLEPc (workshop 09).
//!
//! A plate of length 100 and width 10, fixed on its edges, discretized by `nx` x `ny`
//! interior points (`hx = 100/(nx+1)`, `hy = 10/(ny+1)`, unknown `row = ix*ny + iy`).
//! The stiffness `K` is the 5-point Laplacian (diagonal `2(1/hx^2 + 1/hy^2)`, neighbours
//! `-1/hx^2` and `-1/hy^2`), the mass `M` is diagonal `hx*hy`; the modes solve the
//! generalized Hermitian problem `K x = lambda M x`. SLEPc computes the 3 eigenpairs
//! nearest 0 by shift-and-invert (target 0, tolerance 1e-9); every `-eps_*` and `-st_*`
//! option overrides those defaults. The inner solves with `K` are direct (SLEPc's
//! default, LU) on one rank or when PETSc has a parallel LU (MUMPS or SuperLU_dist);
//! otherwise, on several ranks, CG with Jacobi to rtol 1e-13 (`K` is symmetric positive
//! definite), since PETSc's own LU is sequential only.
//!
//! For each mode the program prints lambda, the frequency `sqrt(lambda)/(2 pi)` in Hz,
//! the mode along the central cross-section (`iy = ny/2`) normalised to max |1|, and the
//! closed form of this discrete operator,
//! `lambda_pq = [4/hx^2 sin^2(p pi/(2(nx+1))) + 4/hy^2 sin^2(q pi/(2(ny+1)))]/(hx*hy)`,
//! with the difference. Eigenvalues are real here (the problem is symmetric), so the
//! frequency never takes the square root of a complex number (the workshop script did);
//! a negative or complex lambda from an unusual option set is reported, not taken apart.
//!
//! ```text
//! mpiexec -n 4 target/release/examples/bridge --nx 80 --ny 24 -eps_monitor
//! mpiexec -n 2 target/release/examples/bridge -eps_nev 6 -st_ksp_type cg -st_pc_type jacobi
//! bridge --plot modes.png
//! ```

use std::process::ExitCode;
use std::time::Instant;

use petsc::{InsertMode, KspType, Mat, PcType, Petsc, Scalar};
use petsc_examples::{
    all_agree, colormap, println0, require, run_main, scalar, AppError, AppResult, Flags, Image,
};
use slepc::{Eps, ErrorType, ProblemType, StType, Which};

const LENGTH: f64 = 100.0;
const WIDTH: f64 = 10.0;

fn main() -> ExitCode {
    run_main("bridge", body)
}

/// The closed-form eigenvalues of the discrete problem, smallest first.
fn closed_form(nx: usize, ny: usize, hx: f64, hy: f64) -> Vec<(f64, usize, usize)> {
    let s2 = |k: usize, n: usize| {
        let s = (k as f64 * std::f64::consts::PI / (2.0 * (n + 1) as f64)).sin();
        s * s
    };
    let mut all: Vec<(f64, usize, usize)> = (1..=nx)
        .flat_map(|p| (1..=ny).map(move |q| (p, q)))
        .map(|(p, q)| {
            let l = (4.0 / (hx * hx) * s2(p, nx) + 4.0 / (hy * hy) * s2(q, ny)) / (hx * hy);
            (l, p, q)
        })
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    all
}

/// An eigenvector as real numbers. With complex scalars SLEPc's vector of this real
/// symmetric problem is a real vector times some `e^(i phi)`: turning its entry of
/// largest modulus onto the positive real axis removes that factor.
fn real_mode(x: &[Scalar]) -> Vec<f64> {
    #[cfg(not(petsc_complex))]
    {
        x.to_vec()
    }
    #[cfg(petsc_complex)]
    {
        let peak = x
            .iter()
            .copied()
            .max_by(|a, b| a.norm().total_cmp(&b.norm()))
            .filter(|p| p.norm() > 0.0)
            .unwrap_or(Scalar::new(1.0, 0.0));
        let phase = peak.conj() / peak.norm();
        x.iter().map(|&v| (v * phase).re).collect()
    }
}

fn body(petsc: &Petsc) -> AppResult {
    let mut flags = Flags::from_env(
        "bridge",
        "vibration modes of a plate (K x = lambda M x) with SLEPc shift-and-invert",
    );
    let nx: usize = flags.value("nx", 40, "interior points along the length (100)")?;
    let ny: usize = flags.value("ny", 12, "interior points across the width (10)")?;
    let png: Option<String> = flags.optional("plot", "write the mode shapes to this PNG file")?;
    let timing = flags.switch("timing", "print the solve time (seconds, rank 0)")?;
    flags.finish()?;
    require(nx >= 2 && ny >= 2, || {
        format!("--nx and --ny must be at least 2 (got {nx} x {ny})")
    })?;
    let n = nx * ny;
    let hx = LENGTH / (nx + 1) as f64;
    let hy = WIDTH / (ny + 1) as f64;
    let world = petsc.world();
    println0!(
        world,
        "bridge: plate {LENGTH} x {WIDTH}, grid {nx} x {ny} ({n} unknowns), hx = {hx:.6}, hy = {hy:.6}, {} rank(s)",
        world.size()
    )?;

    // K (5-point stencil) and M (diagonal hx*hy), rows spread over the ranks.
    let (cx, cy) = (1.0 / (hx * hx), 1.0 / (hy * hy));
    let ng = n as petsc::Int;
    let mut k = Mat::new_aij(&world, None, None, Some(ng), Some(ng), 5, 4)?;
    let mut m = Mat::new_aij(&world, None, None, Some(ng), Some(ng), 1, 0)?;
    let rows = k.ownership_range()?;
    for row in rows.clone() {
        let (ix, iy) = (row as usize / ny, row as usize % ny);
        let mut cols = vec![row];
        let mut vals = vec![scalar(2.0 * (cx + cy))];
        for (ok, c, v) in [
            (ix > 0, row - ny as petsc::Int, -cx),
            (ix + 1 < nx, row + ny as petsc::Int, -cx),
            (iy > 0, row - 1, -cy),
            (iy + 1 < ny, row + 1, -cy),
        ] {
            if ok {
                cols.push(c);
                vals.push(scalar(v));
            }
        }
        k.set_values(&[row], &cols, &vals, InsertMode::Insert)?;
        m.set_values(&[row], &[row], &[scalar(hx * hy)], InsertMode::Insert)?;
    }
    k.assemble()?;
    m.assemble()?;

    // GHEP, 3 eigenpairs nearest 0 by shift-and-invert; options override.
    let mut eps = Eps::new(&world)?;
    eps.set_operators(&k, Some(&m))?;
    eps.set_problem_type(ProblemType::Ghep)?;
    eps.set_dimensions(3, None, None)?;
    eps.set_tolerances(Some(1e-9), None)?;
    eps.set_target(0.0)?;
    eps.set_which_eigenpairs(Which::TargetMagnitude)?;
    eps.st()?.set_type(StType::Sinvert)?;
    if world.size() > 1
        && !petsc.has_external_package("mumps")?
        && !petsc.has_external_package("superlu_dist")?
    {
        // No parallel LU: an iterative inner solve (K is symmetric positive definite),
        // tight enough for the tolerance 1e-9; -st_ksp_* and -st_pc_* still override.
        let mut ksp = eps.st()?.ksp()?;
        ksp.set_type(KspType::Cg)?;
        ksp.pc()?.set_type(PcType::Jacobi)?;
        ksp.set_tolerances(Some(1e-13), Some(0.0), None, Some(100_000))?;
        println0!(
            world,
            "no parallel LU (MUMPS, SuperLU_dist) in this PETSc: inner solves by CG + Jacobi"
        )?;
    }
    eps.set_from_options()?;
    world.barrier()?;
    let t0 = Instant::now();
    eps.solve()?;
    let seconds = t0.elapsed().as_secs_f64();
    let nconv = eps.converged_count()?;
    let (tol, _) = eps.tolerances()?;
    let ty = eps.get_type()?.map(|t| t.to_string()).unwrap_or_default();
    let st = eps
        .st()?
        .get_type()?
        .map(|t| t.to_string())
        .unwrap_or_default();
    println0!(
        world,
        "EPS {ty}, ST {st}, tolerance {tol:e}: {nconv} converged ({}) in {} iterations",
        eps.converged_reason()?,
        eps.iteration_number()?
    )?;
    if timing {
        println0!(world, "Timing solve {seconds:.6}")?;
    }

    let exact = closed_form(nx, ny, hx, hy);
    let (mut xr, mut xi) = k.create_vecs()?;
    let centre = ny / 2;
    let mut worst = 0.0f64;
    let mut shapes = Vec::new();
    for i in 0..nconv {
        let (re, im) = eps.eigenpair(i, &mut xr, &mut xi)?;
        let residual = eps.compute_error(i, ErrorType::Relative)?;
        let idx = i as usize;
        let label = format!("mode {}", idx + 1);
        if im != 0.0 || re < 0.0 {
            println0!(
                world,
                "{label}: lambda = {re:.12e} {im:+.3e}i is not real and positive; no frequency"
            )?;
            worst = f64::INFINITY;
            continue;
        }
        let freq = re.sqrt() / (2.0 * std::f64::consts::PI);
        println0!(
            world,
            "{label}: lambda = {re:.12e}  frequency = {freq:.9e} Hz  relative residual = {residual:.2e}"
        )?;
        match exact.get(idx) {
            Some(&(l, p, q)) => {
                let diff = re - l;
                worst = worst.max((diff / l).abs());
                println0!(
                    world,
                    "{label}: closed form (p={p}, q={q}) = {l:.12e}  difference = {diff:.3e}"
                )?;
            }
            None => println0!(world, "{label}: no closed form (more modes than unknowns)")?,
        }
        // The mode on every rank, then its central cross-section, normalised by the
        // entry of largest magnitude (so the sign is the same at any rank count).
        let all = xr.to_all()?;
        let full: Vec<f64> = real_mode(&all.view()?);
        let section: Vec<f64> = (0..nx).map(|ix| full[ix * ny + centre]).collect();
        let peak = section
            .iter()
            .copied()
            .max_by(|a, b| a.abs().total_cmp(&b.abs()))
            .unwrap_or(1.0);
        let peak = if peak == 0.0 { 1.0 } else { peak };
        let samples = 10.min(nx - 1).max(1);
        let text: Vec<String> = (0..=samples)
            .map(|s| {
                let ix = s * (nx - 1) / samples;
                format!("{:+.4}", section[ix] / peak)
            })
            .collect();
        println0!(
            world,
            "{label}: cross-section iy = {centre} at x = {:.1} .. {:.1}: {}",
            hx,
            nx as f64 * hx,
            text.join(" ")
        )?;
        let fpeak = full
            .iter()
            .copied()
            .max_by(|a, b| a.abs().total_cmp(&b.abs()))
            .unwrap_or(1.0);
        shapes.push(full.iter().map(|v| v / fpeak).collect::<Vec<f64>>());
    }
    println0!(
        world,
        "max relative difference from the closed form = {worst:.3e}"
    )?;

    if let Some(path) = png {
        if world.rank() == 0 {
            write_png(&path, &shapes, nx, ny)
                .map_err(|e| AppError::Failed(format!("cannot write {path}: {e}")))?;
        }
        println0!(world, "wrote {path}")?;
    }

    let ok = nconv >= 3 && worst <= 1e-6;
    if !all_agree(petsc, ok) {
        return Err(AppError::Failed(format!(
            "{nconv} eigenpairs converged; relative difference from the closed form {worst:.3e} (limit 1e-6)"
        )));
    }
    Ok(())
}

/// The mode shapes stacked vertically, each `nx` x `ny` cells of 4 x 4 pixels coloured
/// from -1 (dark) to +1 (bright).
fn write_png(path: &str, shapes: &[Vec<f64>], nx: usize, ny: usize) -> std::io::Result<()> {
    const CELL: usize = 4;
    const GAP: usize = 8;
    let height = shapes.len().max(1) * (ny * CELL + GAP);
    let mut img = Image::new(nx * CELL, height, [255, 255, 255]);
    for (s, shape) in shapes.iter().enumerate() {
        let y0 = s * (ny * CELL + GAP);
        for ix in 0..nx {
            for iy in 0..ny {
                let t = 0.5 * (shape[ix * ny + iy] + 1.0);
                let (x, y) = (ix * CELL, y0 + iy * CELL);
                img.fill_rect(x, y, x + CELL, y + CELL, colormap(t));
            }
        }
    }
    img.save_png(std::path::Path::new(path))
}
