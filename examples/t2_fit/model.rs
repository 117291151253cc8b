//! What every fit shares: the echo times and bounds, the objective `0.5 ||A e - S||^2`
//! with its gradient, the independent reference fit (variable projection), and one
//! voxel's TAO solver on `PETSC_COMM_SELF` (objective and gradient, or `brgn`'s
//! residual and Jacobian).

use super::*;

/// Echo times in ms.
pub(super) const ECHO_MS: [f64; 10] = [
    10.0, 20.0, 40.0, 60.0, 80.0, 120.0, 160.0, 200.0, 240.0, 280.0,
];
/// Number of echoes.
pub(super) const NE: usize = ECHO_MS.len();
/// The single voxel's truth.
pub(super) const TRUE_A: f64 = 1.0;
pub(super) const TRUE_T2: f64 = 85.0;
/// The initial guess (A, T2).
pub(super) const START: [f64; 2] = [0.8, 50.0];
/// Lower bounds used by the bounded methods: A >= 0, T2 >= 1e-3 ms (T2 > 0).
pub(super) const LOWER: [f64; 2] = [0.0, 1e-3];
/// Upper bounds of the joint solve: none on A, T2 <= 5000 ms (the reference fit's
/// bracket). A voxel whose echoes do not decay (pure noise) has no finite T2; without a
/// bound it would drift to infinity and hold back the whole map's solve.
pub(super) const UPPER: [f64; 2] = [1e20, 5000.0];
/// Gradient tolerance (absolute) of the single fit; the relative ones are off, as the
/// noise-free problem has a zero minimum. `-tao_gatol` and friends override it.
pub(super) const GATOL: f64 = 1e-10;
/// Gradient tolerance of the map's fits: PETSc's default, as tight as noisy fits can go
/// without line searches failing on rounding.
pub(super) const GATOL_MAP: f64 = 1e-8;

pub(super) const STREAM_VOXEL: u64 = 1;
pub(super) const STREAM_MAP: u64 = 2;

/// Ten echo amplitudes (the single voxel).
pub(super) type Signal = [f64; NE];

/// `0.5 ||A e - s||^2` and its gradient `(dA, dT2)`, with `e_k = exp(-echo_k / T2)`.
pub(super) fn objective_gradient(echo: &[f64], s: &[f64], a: f64, t2: f64) -> (f64, [f64; 2]) {
    let (mut f, mut ga, mut gt) = (0.0, 0.0, 0.0);
    let inv = 1.0 / t2;
    for (t, sk) in echo.iter().zip(s) {
        let e = (-t * inv).exp();
        let r = a * e - sk;
        f += r * r;
        ga += r * e;
        gt += r * a * e * t * inv * inv;
    }
    (0.5 * f, [ga, gt])
}

/// The closure body TAO calls: reads (A, T2) from `x`, writes the gradient into `g`.
#[cfg(not(petsc_complex))]
pub(super) fn objgrad_slices(
    echo: &[f64],
    s: &[f64],
    x: &[f64],
    g: &mut [f64],
) -> petsc::Result<f64> {
    let (f, grad) = objective_gradient(echo, s, x[0], x[1]);
    g.copy_from_slice(&grad);
    Ok(f)
}

/// Independent reference: variable projection. For fixed T2 the best A is
/// `sum(s e) / sum(e^2)`; the derivative of the reduced objective in T2 is then the
/// T2-component of the gradient, whose sign change is bisected in [lo, hi] to machine
/// precision. Returns (A, T2), or `None` when there is no sign change in the bracket.
pub(super) fn reference_fit(echo: &[f64], s: &[f64]) -> Option<(f64, f64)> {
    let best_a = |t2: f64| {
        let (mut se, mut ee) = (0.0, 0.0);
        for (t, sk) in echo.iter().zip(s) {
            let e = (-t / t2).exp();
            se += sk * e;
            ee += e * e;
        }
        se / ee
    };
    let slope = |t2: f64| objective_gradient(echo, s, best_a(t2), t2).1[1];
    let (mut lo, mut hi) = (1.0, 5000.0);
    if !(slope(lo) < 0.0 && slope(hi) > 0.0) {
        return None;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if slope(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let t2 = 0.5 * (lo + hi);
    Some((best_a(t2), t2))
}

/// Counters shared with the closures.
#[derive(Default)]
pub(super) struct Counters {
    pub(super) evaluations: Cell<u64>,
}

/// A solver on `PETSC_COMM_SELF` fitting whatever signal is in `data` at the echo
/// times `echo`: method from `least_squares` and the options, tolerances, bounds.
/// Returns it with its solution vector and whether it is the least-squares form.
#[cfg(not(petsc_complex))]
pub(super) fn make_solver(
    petsc: &Petsc,
    least_squares: bool,
    echo: &Rc<Vec<f64>>,
    data: &Rc<RefCell<Vec<f64>>>,
    counters: &Rc<Counters>,
    gatol: f64,
    prefix: Option<&str>,
) -> petsc::Result<(Tao, Vector, bool)> {
    let c = petsc.self_comm();
    let x = Vector::from_slice(&c, &START)?;
    let mut tao = Tao::new(&c)?;
    if let Some(p) = prefix {
        tao.set_options_prefix(p)?;
    }
    tao.set_type(if least_squares {
        TaoType::Brgn
    } else {
        TaoType::Lmvm
    })?;
    tao.set_solution(&x)?;
    let (d, n, e) = (data.clone(), counters.clone(), echo.clone());
    tao.set_objective_and_gradient_slices(move |x, g| {
        n.evaluations.set(n.evaluations.get() + 1);
        objgrad_slices(&e, &d.borrow(), x, g)
    })?;
    let lower = Vector::from_slice(&c, &LOWER)?;
    tao.set_variable_bounds(Some(&lower), None)?;
    tao.set_tolerances(petsc::TaoTolerances {
        gatol: Some(gatol),
        grtol: Some(0.0),
        gttol: Some(0.0),
    })?;
    tao.set_max_iterations(500)?;
    tao.set_from_options()?;
    let brgn = tao.type_name()? == "brgn";
    if brgn {
        let ne = echo.len();
        let r = Vector::new_seq(&c, ne as petsc::Int)?;
        let j = Mat::new_aij(&c, None, None, Some(ne as petsc::Int), Some(2), 2, 0)?;
        let (d, n, e) = (data.clone(), counters.clone(), echo.clone());
        tao.set_residual(&r, move |x, r| {
            n.evaluations.set(n.evaluations.get() + 1);
            let s = d.borrow();
            let (a, t2) = {
                let v = x.view()?;
                (v[0], v[1])
            };
            for ((rk, t), sk) in r.view_mut()?.iter_mut().zip(e.iter()).zip(s.iter()) {
                *rk = a * (-t / t2).exp() - sk;
            }
            Ok(())
        })?;
        let rows: Vec<petsc::Int> = (0..ne as petsc::Int).collect();
        let e = echo.clone();
        tao.set_jacobian_residual(&j, None, move |x, mats| {
            let (a, t2) = {
                let v = x.view()?;
                (v[0], v[1])
            };
            let mut vals = vec![0.0; 2 * e.len()];
            for (k, t) in e.iter().enumerate() {
                let e = (-t / t2).exp();
                vals[2 * k] = e;
                vals[2 * k + 1] = a * e * t / (t2 * t2);
            }
            let j = mats.pre();
            j.set_values(&rows, &[0, 1], &vals, InsertMode::Insert)?;
            j.assemble()
        })?;
        if !petsc.options().has("-tao_brgn_regularizer_weight")? {
            tao.brgn_set_regularizer_weight(0.0)?;
        }
    }
    Ok((tao, x, brgn))
}

/// Puts the start back into `x`.
#[cfg(not(petsc_complex))]
pub(super) fn reset(x: &mut Vector) -> petsc::Result<()> {
    x.view_mut()?.copy_from_slice(&START);
    Ok(())
}
