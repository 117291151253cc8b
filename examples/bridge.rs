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
//! Second part, damped vibrations: with Rayleigh damping `C = alpha M + beta K`
//! (`--alpha`, `--beta`; defaults 0.01 and 0.1) the modes solve the quadratic
//! eigenproblem `(lambda^2 M + lambda C + K) x = 0`, solved by SLEPc's PEP (TOAR,
//! shift-and-invert at 0, the `--damped-modes` pairs nearest 0, default 3; every
//! `-damped_pep_*` and `-damped_st_*` option overrides those). An undamped mode
//! `K x = mu M x` stays a mode with `lambda^2 + (alpha + beta mu) lambda + mu = 0`:
//! `lambda = (-(alpha + beta mu) +- sqrt((alpha + beta mu)^2 - 4 mu)) / 2`, for each `mu`
//! of the closed form above. For each mode the program prints lambda, the damped
//! frequency `|Im lambda| / (2 pi)` in Hz and the damping ratio
//! `zeta = -Re lambda / |lambda|`, and the closed form with the difference.
//! `--no-damped` skips this part.
//!
//! ```text
//! mpiexec -n 4 target/release/examples/bridge --nx 80 --ny 24 -eps_monitor
//! mpiexec -n 2 target/release/examples/bridge -eps_nev 6 -st_ksp_type cg -st_pc_type jacobi
//! bridge --plot modes.png
//! bridge --alpha 0.02 --beta 0.05 --damped-modes 5 -damped_pep_monitor
//! ```

use std::process::ExitCode;
use std::time::Instant;

use petsc::{InsertMode, KspType, Mat, MatDuplicateOption, PcType, Petsc, Scalar, Sizes};
use petsc_examples::{all_agree, check_failed, plot, println0, require, scalar, Flags};
use slepc::{Eps, EpsErrorType, EpsProblemType, EpsWhich, Pep, PepErrorType, PepWhich, StType};

const LENGTH: f64 = 100.0;
const WIDTH: f64 = 10.0;

fn main() -> ExitCode {
    petsc::main(body)
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

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let mut flags = Flags::from_env(
        "bridge",
        "vibration modes of a plate (K x = lambda M x) with SLEPc shift-and-invert",
    );
    let nx: usize = flags.value("nx", 40, "interior points along the length (100)")?;
    let ny: usize = flags.value("ny", 12, "interior points across the width (10)")?;
    let png: Option<std::path::PathBuf> =
        flags.optional("plot", "write the mode shapes to this PNG file")?;
    let timing = flags.switch("timing", "print the solve time (seconds, rank 0)")?;
    let no_damped = flags.switch(
        "no-damped",
        "skip the damped vibrations (quadratic eigenproblem)",
    )?;
    let alpha: f64 = flags.value(
        "alpha",
        0.01,
        "Rayleigh damping C = alpha M + beta K: alpha",
    )?;
    let beta: f64 = flags.value("beta", 0.1, "Rayleigh damping C = alpha M + beta K: beta")?;
    let damped_modes: usize = flags.value(
        "damped-modes",
        3,
        "damped modes (conjugate pairs) nearest 0 to compute",
    )?;
    flags.finish()?;
    if let Some(path) = &png {
        plot::check_png("plot", path)?;
    }
    require(
        alpha.is_finite() && beta.is_finite() && alpha >= 0.0 && beta >= 0.0,
        || format!("--alpha and --beta must be finite and not negative (got {alpha}, {beta})"),
    )?;
    require(damped_modes >= 1, || {
        "--damped-modes must be at least 1".to_string()
    })?;
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
    let mut k = Mat::aij(&world)
        .sizes(Sizes::global(ng, ng))
        .preallocate(5, 4)
        .build()?;
    let mut m = Mat::aij(&world)
        .sizes(Sizes::global(ng, ng))
        .preallocate(1, 0)
        .build()?;
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
    eps.set_problem_type(EpsProblemType::Ghep)?;
    eps.set_dimensions_to(slepc::Dimensions::new(3))?;
    eps.set_tolerances(slepc::Tolerances {
        tol: Some(1e-9),
        ..Default::default()
    })?;
    eps.set_target(0.0)?;
    eps.set_which_eigenpairs(EpsWhich::TargetMagnitude)?;
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
        ksp.set_tolerances(petsc::KspTolerances {
            rtol: Some(1e-13),
            atol: Some(0.0),
            max_it: Some(100_000),
            ..Default::default()
        })?;
        println0!(
            world,
            "no parallel LU (MUMPS, SuperLU_dist) in this PETSc: inner solves by CG + Jacobi"
        )?;
    }
    eps.set_from_options()?;
    world.barrier()?;
    let t0 = Instant::now();
    let reason = eps.solve()?;
    let seconds = t0.elapsed().as_secs_f64();
    let nconv = eps.converged_count()?;
    let tol = eps.tolerances()?.tol.unwrap_or_default(); // chosen by the solve
    let ty = eps.ty()?.map(|t| t.to_string()).unwrap_or_default();
    let st = eps.st()?.ty()?.map(|t| t.to_string()).unwrap_or_default();
    println0!(
        world,
        "EPS {ty}, ST {st}, tolerance {tol:e}: {nconv} converged ({}) in {} iterations",
        reason,
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
        let petsc::Complex { re, im } = eps.pair(i, &mut xr, &mut xi)?;
        let residual = eps.compute_error(i, EpsErrorType::Relative)?;
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
        shapes.push(Mode {
            label: format!("mode {}: {freq:.4} Hz", idx + 1),
            shape: full.iter().map(|v| v / fpeak).collect(),
            section: section.iter().map(|v| v / peak).collect(),
        });
    }
    println0!(
        world,
        "max relative difference from the closed form = {worst:.3e}"
    )?;

    let damped_ok = if no_damped {
        true
    } else {
        damped(
            petsc,
            &k,
            &m,
            &exact,
            Damping {
                alpha,
                beta,
                modes: damped_modes,
                timing,
            },
        )?
    };

    if let Some(path) = png {
        plot::on_rank0(petsc, || write_png(&path, &shapes, nx, ny, centre))?;
        println0!(world, "wrote {}", path.display())?;
    }

    let ok = nconv >= 3 && worst <= 1e-6;
    if !all_agree(petsc, ok) {
        return Err(check_failed(format!(
            "{nconv} eigenpairs converged; relative difference from the closed form {worst:.3e} (limit 1e-6)"
        )));
    }
    if !all_agree(petsc, damped_ok) {
        return Err(check_failed(
            "the damped modes differ from the closed form of Rayleigh damping (limit 1e-6)"
                .to_string(),
        ));
    }
    Ok(())
}

/// The settings of the damped part.
struct Damping {
    alpha: f64,
    beta: f64,
    modes: usize,
    timing: bool,
}

/// The roots of `lambda^2 + (alpha + beta mu) lambda + mu = 0` as `(re, im)`: the
/// damped mode of an undamped one `K x = mu M x` under `C = alpha M + beta K`.
fn damped_roots(d: &Damping, mu: f64) -> [(f64, f64); 2] {
    let b = d.alpha + d.beta * mu;
    let disc = b * b - 4.0 * mu;
    if disc < 0.0 {
        let w = (-disc).sqrt() / 2.0;
        [(-b / 2.0, w), (-b / 2.0, -w)]
    } else {
        let r = disc.sqrt();
        [((-b + r) / 2.0, 0.0), ((-b - r) / 2.0, 0.0)]
    }
}

/// Damped vibrations: `(lambda^2 M + lambda C + K) x = 0` with `C = alpha M + beta K`,
/// by PEP (TOAR, shift-and-invert at 0), each eigenvalue compared with the closed form
/// from the undamped `mu` of `exact`. Returns whether all agree to 1e-6.
fn damped(
    petsc: &Petsc,
    k: &Mat,
    m: &Mat,
    exact: &[(f64, usize, usize)],
    d: Damping,
) -> petsc::Result<bool> {
    let world = petsc.world();
    // beta K, plus alpha M on the diagonal (within K's pattern).
    let mut c = k.duplicate(MatDuplicateOption::CopyValues)?;
    c.scale(scalar(d.beta))?;
    c.axpy(scalar(d.alpha), m, petsc::MatStructure::Subset)?;
    println0!(
        world,
        "damped: Rayleigh damping C = {} M + {} K, (lambda^2 M + lambda C + K) x = 0 by PEP",
        d.alpha,
        d.beta
    )?;

    let mut pep = Pep::new(&world)?;
    pep.set_options_prefix("damped_")?;
    pep.set_operators(&[k, &c, m])?;
    let nev = (2 * d.modes).min(2 * exact.len()) as petsc::Int;
    pep.set_dimensions_to(slepc::Dimensions::new(nev))?;
    pep.set_tolerances(slepc::Tolerances {
        tol: Some(1e-9),
        ..Default::default()
    })?;
    pep.set_target(0.0)?;
    pep.set_which_eigenpairs(PepWhich::TargetMagnitude)?;
    pep.st()?.set_type(StType::Sinvert)?;
    if world.size() > 1
        && !petsc.has_external_package("mumps")?
        && !petsc.has_external_package("superlu_dist")?
    {
        // P(0) = K is symmetric positive definite: CG + Jacobi, as for the EPS above.
        let mut ksp = pep.st()?.ksp()?;
        ksp.set_type(KspType::Cg)?;
        ksp.pc()?.set_type(PcType::Jacobi)?;
        ksp.set_tolerances(petsc::KspTolerances {
            rtol: Some(1e-13),
            atol: Some(0.0),
            max_it: Some(100_000),
            ..Default::default()
        })?;
    }
    pep.set_from_options()?;
    world.barrier()?;
    let t0 = Instant::now();
    let reason = pep.solve()?;
    let seconds = t0.elapsed().as_secs_f64();
    let nconv = pep.converged_count()?;
    let ty = pep.ty()?.map(|t| t.to_string()).unwrap_or_default();
    println0!(
        world,
        "damped: PEP {ty}: {nconv} converged ({}) in {} iterations",
        reason,
        pep.iteration_number()?
    )?;
    if d.timing {
        println0!(world, "Timing damped solve {seconds:.6}")?;
    }

    // The closed form: the roots of every undamped mode, the `nev` nearest 0 (an
    // underdamped pair has modulus sqrt(mu)); a computed eigenvalue that is not one of
    // them shows as a difference.
    let mut closed: Vec<(f64, f64)> = exact
        .iter()
        .flat_map(|&(mu, _, _)| damped_roots(&d, mu))
        .collect();
    closed.sort_by(|a, b| a.0.hypot(a.1).total_cmp(&b.0.hypot(b.1)));
    closed.truncate(nev as usize);
    // One line per mode: the eigenvalue with Im >= 0 of each conjugate pair.
    let mut worst = 0.0f64;
    let mut shown = 0;
    for i in 0..nconv.min(nev) {
        let petsc::Complex { re, im } = pep.value(i)?;
        let back = pep.compute_error(i, PepErrorType::Backward)?;
        let (cre, cim) = closed
            .iter()
            .copied()
            .min_by(|a, b| {
                let da = (a.0 - re).hypot(a.1 - im);
                let db = (b.0 - re).hypot(b.1 - im);
                da.total_cmp(&db)
            })
            .unwrap_or((f64::NAN, f64::NAN));
        let modulus = re.hypot(im);
        let diff = (re - cre).hypot(im - cim) / modulus.max(f64::MIN_POSITIVE);
        worst = worst.max(diff);
        if im < 0.0 || shown >= d.modes {
            continue;
        }
        shown += 1;
        let label = format!("damped mode {shown}");
        if im == 0.0 {
            println0!(
                world,
                "{label}: lambda = {re:.12e} (overdamped)  backward error = {back:.2e}"
            )?;
        } else {
            let freq = im / (2.0 * std::f64::consts::PI);
            let zeta = -re / modulus;
            println0!(
                world,
                "{label}: lambda = {re:.12e} +- {im:.12e}i  damped frequency = {freq:.9e} Hz  damping ratio = {zeta:.6e}  backward error = {back:.2e}"
            )?;
        }
        if cim == 0.0 {
            println0!(
                world,
                "{label}: closed form = {cre:.12e}  relative difference = {diff:.3e}"
            )?;
        } else {
            println0!(
                world,
                "{label}: closed form = {cre:.12e} +- {:.12e}i  relative difference = {diff:.3e}",
                cim.abs()
            )?;
        }
    }
    println0!(
        world,
        "damped: max relative difference from the Rayleigh closed form = {worst:.3e}"
    )?;
    Ok(nconv >= nev && worst <= 1e-6)
}

/// A computed mode: its name, its shape (`ix * ny + iy`, max |1|) and its central
/// cross-section (max |1|).
struct Mode {
    label: String,
    shape: Vec<f64>,
    section: Vec<f64>,
}

/// The central cross-sections of the modes as lines, then each mode's shape over the
/// plate, one panel below the other.
fn write_png(
    path: &std::path::Path,
    modes: &[Mode],
    nx: usize,
    ny: usize,
    centre: usize,
) -> petsc::Result<()> {
    let (hx, hy) = (LENGTH / (nx + 1) as f64, WIDTH / (ny + 1) as f64);
    let mut lines = plot::Lines::new(
        &format!(
            "mode shapes along the centre line y = {:.2} m",
            (centre + 1) as f64 * hy
        ),
        "x along the deck (m)",
        "deflection (max |1|)",
    );
    for m in modes {
        // The fixed ends (deflection 0) close each line.
        let pts = std::iter::once((0.0, 0.0))
            .chain(
                m.section
                    .iter()
                    .enumerate()
                    .map(|(ix, &v)| ((ix + 1) as f64 * hx, v)),
            )
            .chain(std::iter::once((LENGTH, 0.0)));
        lines = lines.with(plot::Series::line(&m.label, pts));
    }
    // Row-major (`iy * nx + ix`) copies of the shapes for the heat maps.
    let grids: Vec<Vec<f64>> = modes
        .iter()
        .map(|m| {
            (0..ny)
                .flat_map(|iy| (0..nx).map(move |ix| (ix, iy)))
                .map(|(ix, iy)| m.shape[ix * ny + iy])
                .collect()
        })
        .collect();
    let mut figure = plot::Figure::new()
        .title(&format!(
            "bridge deck {LENGTH} m x {WIDTH} m: vibration modes"
        ))
        .columns(1)
        .panel_size(820, 250)
        .with(lines);
    for (m, g) in modes.iter().zip(&grids) {
        figure = figure.with(
            plot::Field::grid(&m.label, g, nx, ny)
                .extent((0.5 * hx, LENGTH - 0.5 * hx), (0.5 * hy, WIDTH - 0.5 * hy))
                .axes("x along the deck (m)", "y across (m)")
                .bar_label("deflection")
                .colours(plot::Colours::Diverging)
                .stretch(),
        );
    }
    figure.save(path)
}
