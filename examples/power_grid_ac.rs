//! `power_grid --case FILE.m --ac [--out-buses FILE.csv]`: MATPOWER's AC power flow
//! (Newton-Raphson in polar form, as PYPOWER's `runpf` with its default options:
//! `PF_TOL` 1e-8 on the largest power mismatch in p.u., `PF_MAX_IT` 10, generator
//! reactive limits not enforced).
//!
//! The case is taken as `ext2int` takes it: isolated buses (`BUS_TYPE` 4), generators
//! out of service or at isolated buses, and branches out of service or touching an
//! isolated bus are left out. Bus types as `bustypes`: a reference bus or PV bus keeps
//! its type only with a generator in service (otherwise it is PQ); without a reference
//! bus the first PV bus becomes one. `Ybus` as `makeYbus` (series admittance, line
//! charging, tap ratio and phase shift, bus shunts / baseMVA), `Sbus` as `makeSbus`
//! (generation in service minus load, / baseMVA), the start as `runpf`'s: the bus
//! table's `Vm e^{j Va}`, with the generators' `Vg` at reference and PV buses.
//!
//! The unknowns (`Va` at PV and PQ buses, `Vm` at PQ buses) are a `Vector` distributed
//! over the ranks, each rank a contiguous block of buses. The mismatch
//! `F = [P(V) - P_sched; Q(V) - Q_sched]` is written once over a generic scalar
//! ([`VecResidual`]); its Jacobian is exact, by automatic differentiation colored by
//! `MatColoring` on the pattern of the polar Jacobian (from `Ybus`'s)
//! ([`ColoredJacobian`]). Each Newton step solves with KSP: LU (PETSc's own with the
//! `amd` ordering at one rank, MUMPS ordered by QAMD, or SuperLU_DIST without MUMPS, on
//! several), or whatever `-ksp_type`, `-pc_type`, `-pc_factor_mat_solver_type`,
//! `-mat_mumps_icntl_7` say.
//!
//! Self-check: the mismatch recomputed on rank 0 from the gathered voltages in polar
//! form (`P_i = Vm_i sum_k Vm_k (G_ik cos(Va_i - Va_k) + B_ik sin(Va_i - Va_k))`, and
//! `Q_i` likewise), independently of the residual's rectangular form.

use std::ops::Range;
use std::path::Path;
use std::time::Instant;

use petsc::ad::{AdScalar, ColoredJacobian, VecArray, VecArrayMut, VecResidual};
use petsc::mpi::traits::*;
use petsc::{Csr, Int, Ksp, KspType, Mat, NormType, Object, PcType, Petsc, Scatter, Sizes, Vector};
use petsc_examples::{matpower, println0, real, scalar, usage_error};

/// What `--case FILE.m --ac` runs.
pub struct AcRun<'a> {
    pub path: &'a Path,
    /// `--out-buses`: the CSV of the solved voltages.
    pub out_buses: Option<&'a Path>,
    /// `--pf-tol`: the largest mismatch (p.u.) that ends the iterations.
    pub tol: f64,
    /// `--pf-max-it`: the most Newton iterations.
    pub max_it: usize,
}

/// A bus's role in the power flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Ref,
    Pv,
    Pq,
}

/// A complex number as (re, im).
type C = (f64, f64);

fn cdiv(a: C, b: C) -> C {
    let d = b.0 * b.0 + b.1 * b.1;
    ((a.0 * b.0 + a.1 * b.1) / d, (a.1 * b.0 - a.0 * b.1) / d)
}

/// The case as the power flow sees it (in-service buses, in file order).
struct AcCase {
    /// Each in-service bus's row in `mpc.bus`.
    rows: Vec<usize>,
    kind: Vec<Kind>,
    /// The starting voltage, magnitude (p.u.) and angle (radians).
    vm0: Vec<f64>,
    va0: Vec<f64>,
    /// Scheduled injections, p.u.
    sbus: Vec<C>,
    /// `Ybus` by rows: (column, G, B), columns increasing.
    ybus: Vec<Vec<(usize, f64, f64)>>,
    counts: [usize; 3],
    branches: usize,
    gens: usize,
}

impl AcCase {
    fn new(case: &matpower::Case) -> Result<AcCase, String> {
        let mut index = std::collections::HashMap::new();
        let mut rows = Vec::new();
        for (r, b) in case.bus.iter().enumerate() {
            if b.kind != 4 {
                index.insert(b.id, rows.len());
                rows.push(r);
            }
        }
        let nb = rows.len();
        if nb == 0 {
            return Err("every bus is isolated (BUS_TYPE 4)".into());
        }
        let base = case.base_mva;
        let bus = |i: usize| &case.bus[rows[i]];
        let mut sbus: Vec<C> = (0..nb)
            .map(|i| (-bus(i).pd / base, -bus(i).qd / base))
            .collect();
        // In-service generators at connected buses, in the order of their buses
        // (ext2int's), the file's order among those of one bus.
        let mut gens: Vec<(usize, &matpower::Gen)> = case
            .gen
            .iter()
            .filter(|g| g.status > 0.0)
            .filter_map(|g| index.get(&g.bus).map(|&i| (i, g)))
            .collect();
        gens.sort_by_key(|&(i, _)| i);
        let mut has_gen = vec![false; nb];
        for &(i, g) in &gens {
            has_gen[i] = true;
            sbus[i].0 += g.pg / base;
            sbus[i].1 += g.qg / base;
        }
        let mut kind: Vec<Kind> = (0..nb)
            .map(|i| match (bus(i).kind, has_gen[i]) {
                (3, true) => Kind::Ref,
                (2, true) => Kind::Pv,
                _ => Kind::Pq,
            })
            .collect();
        if !kind.contains(&Kind::Ref) {
            let Some(first) = kind.iter().position(|&k| k == Kind::Pv) else {
                return Err("no reference bus and no PV bus with a generator in service".into());
            };
            kind[first] = Kind::Ref;
        }
        let mut vm0: Vec<f64> = (0..nb).map(|i| bus(i).vm).collect();
        let va0: Vec<f64> = (0..nb).map(|i| bus(i).va.to_radians()).collect();
        for &(i, g) in &gens {
            if kind[i] != Kind::Pq {
                // V0 = Vg / |V0| * V0: the magnitude becomes Vg, the angle stays.
                vm0[i] = g.vg * vm0[i].signum();
            }
        }
        let mut y: Vec<Vec<(usize, f64, f64)>> = (0..nb)
            .map(|i| vec![(i, bus(i).gs / base, bus(i).bs / base)])
            .collect();
        let mut branches = 0;
        for br in case.branch.iter().filter(|b| b.in_service) {
            let (Some(&f), Some(&t)) = (index.get(&br.from), index.get(&br.to)) else {
                continue;
            };
            branches += 1;
            let ys = cdiv((1.0, 0.0), (br.r, br.x));
            let ratio = if br.tap == 0.0 { 1.0 } else { br.tap };
            let (s, c) = br.shift.to_radians().sin_cos();
            let tap = (ratio * c, ratio * s);
            let ytt = (ys.0, ys.1 + br.b / 2.0);
            let t2 = ratio * ratio;
            let yff = (ytt.0 / t2, ytt.1 / t2);
            let yft = cdiv((-ys.0, -ys.1), (tap.0, -tap.1));
            let ytf = cdiv((-ys.0, -ys.1), tap);
            y[f].push((f, yff.0, yff.1));
            y[f].push((t, yft.0, yft.1));
            y[t].push((f, ytf.0, ytf.1));
            y[t].push((t, ytt.0, ytt.1));
        }
        for row in &mut y {
            row.sort_by_key(|e| e.0);
            let mut merged: Vec<(usize, f64, f64)> = Vec::with_capacity(row.len());
            for &(k, g, b) in row.iter() {
                match merged.last_mut() {
                    Some(last) if last.0 == k => {
                        last.1 += g;
                        last.2 += b;
                    }
                    _ => merged.push((k, g, b)),
                }
            }
            *row = merged;
        }
        let count = |k: Kind| kind.iter().filter(|&&x| x == k).count();
        Ok(AcCase {
            counts: [count(Kind::Ref), count(Kind::Pv), count(Kind::Pq)],
            rows,
            kind,
            vm0,
            va0,
            sbus,
            ybus: y,
            branches,
            gens: gens.len(),
        })
    }

    fn n(&self) -> usize {
        self.rows.len()
    }
}

/// The power mismatch of the buses a rank owns, written once for every scalar type.
struct Mismatch {
    case: AcCase,
    /// This rank's buses.
    buses: Range<usize>,
    /// The unknown of each bus's angle and magnitude (-1: held fixed).
    va_idx: Vec<Int>,
    vm_idx: Vec<Int>,
    /// The buses whose voltages this rank's rows read (its own, then their
    /// neighbours), each once: the residual's slots.
    slots: Vec<usize>,
    /// This rank's rows of `Ybus` by slot: (slot, G, B), empty at a reference bus; the
    /// first slots are the owned buses, in order.
    rows: Vec<Vec<(usize, f64, f64)>>,
}

impl Mismatch {
    fn new(case: AcCase, buses: Range<usize>, va_idx: Vec<Int>, vm_idx: Vec<Int>) -> Self {
        let mut slot_of = std::collections::HashMap::new();
        let mut slots: Vec<usize> = buses.clone().collect();
        for (s, i) in buses.clone().enumerate() {
            slot_of.insert(i, s);
        }
        // A reference bus has no rows: its neighbours are read only for their own.
        let rows = buses
            .clone()
            .map(|i| {
                let row = if case.kind[i] == Kind::Ref {
                    &[][..]
                } else {
                    &case.ybus[i][..]
                };
                row.iter()
                    .map(|&(k, g, b)| {
                        let s = *slot_of.entry(k).or_insert_with(|| {
                            slots.push(k);
                            slots.len() - 1
                        });
                        (s, g, b)
                    })
                    .collect()
            })
            .collect();
        Mismatch {
            case,
            buses,
            va_idx,
            vm_idx,
            slots,
            rows,
        }
    }

    /// Angle and magnitude of bus `k`: unknowns read from `x`, or fixed values.
    #[inline]
    fn voltage<T: AdScalar>(&self, x: &VecArray<'_, T>, k: usize) -> (T, T) {
        let va = match self.va_idx[k] {
            -1 => T::from(self.case.va0[k]),
            j => x[j],
        };
        let vm = match self.vm_idx[k] {
            -1 => T::from(self.case.vm0[k]),
            j => x[j],
        };
        (va, vm)
    }
}

impl VecResidual for Mismatch {
    /// `S_i = V_i conj(sum_k Y_ik V_k)` with `V_k = Vm_k e^{j Va_k}` formed once a
    /// bus: `P_i - P_sched` at PV and PQ buses, `Q_i - Q_sched` at PQ buses.
    fn residual<T: AdScalar>(
        &self,
        x: &VecArray<'_, T>,
        f: &mut VecArrayMut<'_, T>,
    ) -> petsc::Result<()> {
        let v: Vec<(T, T)> = self
            .slots
            .iter()
            .map(|&k| {
                let (va, vm) = self.voltage(x, k);
                let (s, c) = va.sin_cos();
                (vm * c, vm * s)
            })
            .collect();
        for (o, i) in self.buses.clone().enumerate() {
            if self.case.kind[i] == Kind::Ref {
                continue;
            }
            // I_i = sum_k (G + jB) V_k.
            let (mut ir, mut ii) = (T::zero(), T::zero());
            for &(s, g, b) in &self.rows[o] {
                let (er, ei) = v[s];
                ir += er * g - ei * b;
                ii += er * b + ei * g;
            }
            // S_i = V_i conj(I_i).
            let (er, ei) = v[o];
            f[self.va_idx[i]] = er * ir + ei * ii - self.case.sbus[i].0;
            if self.case.kind[i] == Kind::Pq {
                f[self.vm_idx[i]] = ei * ir - er * ii - self.case.sbus[i].1;
            }
        }
        Ok(())
    }
}

/// The contiguous block of `n` items rank `r` of `size` owns (PETSc's split).
fn block(n: usize, r: usize, size: usize) -> Range<usize> {
    let (q, m) = (n / size, n % size);
    let start = r * q + r.min(m);
    start..start + q + usize::from(r < m)
}

/// The slowest rank's seconds since `t0` (collective).
fn slowest(petsc: &Petsc, t0: Instant) -> f64 {
    let mine = t0.elapsed().as_secs_f64();
    let mut out = 0.0;
    petsc.mpi_world().all_reduce_into(
        &mine,
        &mut out,
        petsc::mpi::collective::SystemOperation::max(),
    );
    out
}

/// The sparsity of the polar Jacobian's rows this rank owns: row `Va_i` and `Vm_i` read
/// the angles and magnitudes that are unknowns at `i` and its neighbours in `Ybus`.
fn pattern(petsc: &Petsc, m: &Mismatch, local: usize, total: usize) -> petsc::Result<Mat> {
    let mut row_ptr = vec![0 as Int];
    let mut cols: Vec<Int> = Vec::new();
    for i in m.buses.clone() {
        if m.case.kind[i] == Kind::Ref {
            continue;
        }
        let mut row: Vec<Int> = Vec::new();
        for &(k, _, _) in &m.case.ybus[i] {
            row.extend([m.va_idx[k], m.vm_idx[k]].into_iter().filter(|&j| j >= 0));
        }
        row.sort_unstable();
        let copies = if m.case.kind[i] == Kind::Pq { 2 } else { 1 };
        for _ in 0..copies {
            cols.extend_from_slice(&row);
            row_ptr.push(cols.len() as Int);
        }
    }
    let vals = vec![scalar(0.0); cols.len()];
    Mat::aij(&petsc.world())
        .sizes(Sizes {
            local_rows: Some(local as Int),
            local_cols: Some(local as Int),
            global_rows: Some(total as Int),
            global_cols: Some(total as Int),
        })
        .csr(Csr {
            row_ptr: &row_ptr,
            cols: &cols,
            vals: &vals,
        })
        .build()
}

/// LU by default (PETSc's with a minimum-degree ordering at one rank, MUMPS ordered by
/// QAMD, or SuperLU_DIST, on several), then the options.
fn solver(petsc: &Petsc, j: &Mat) -> petsc::Result<Ksp> {
    let mut ksp = Ksp::new(&petsc.world())?;
    ksp.set_operators(j, j)?;
    ksp.set_type(KspType::Preonly)?;
    let mut pc = ksp.pc()?;
    pc.set_type(PcType::Lu)?;
    if petsc.world().size() == 1 {
        // Minimum degree keeps the factors of a grid's Jacobian small (nested
        // dissection, PETSc's default, fills them several times more).
        pc.set_factor_ordering_type("amd")?;
    } else {
        for package in ["mumps", "superlu_dist"] {
            if petsc.has_external_package(package)? {
                pc.set_factor_solver_type(package)?;
                break;
            }
        }
        // MUMPS's approximate minimum degree with quasi-dense rows (QAMD) factors these
        // Jacobians faster than its automatic choice; `-mat_mumps_icntl_7` overrides it.
        let options = petsc.options();
        if !options.has("mat_mumps_icntl_7")? {
            options.set_value("mat_mumps_icntl_7", "6")?;
        }
    }
    ksp.set_from_options()?;
    Ok(ksp)
}

/// Runs the AC power flow; returns whether it converged and its check passed.
pub fn run(petsc: &Petsc, o: &AcRun) -> petsc::Result<bool> {
    let world = petsc.world();
    let (rank, size) = (world.rank() as usize, world.size() as usize);
    world.barrier()?;
    let t_all = Instant::now();
    let text = super::power_grid_case::read_on_rank0(petsc, o.path)?;
    let file = o.path.display();
    let case = matpower::parse(&text).map_err(|e| usage_error(format!("{file}: {e}")))?;
    drop(text);
    let ac = AcCase::new(&case).map_err(|e| usage_error(format!("{file}: {e}")))?;
    let read_seconds = slowest(petsc, t_all);
    let nb = ac.n();
    println0!(
        petsc,
        "power_grid: AC power flow of {file}: {nb} buses ({} reference, {} PV, {} PQ), \
         {} branches, {} generators in service (baseMVA {}), {size} rank{}",
        ac.counts[0],
        ac.counts[1],
        ac.counts[2],
        ac.branches,
        ac.gens,
        case.base_mva,
        if size == 1 { "" } else { "s" }
    )?;

    let t_pf = Instant::now();
    let (mut va_idx, mut vm_idx) = (vec![-1 as Int; nb], vec![-1 as Int; nb]);
    let buses = block(nb, rank, size);
    let (mut total, mut first) = (0 as Int, 0 as Int);
    for i in 0..nb {
        if i == buses.start {
            first = total;
        }
        if ac.kind[i] != Kind::Ref {
            va_idx[i] = total;
            total += 1;
        }
        if ac.kind[i] == Kind::Pq {
            vm_idx[i] = total;
            total += 1;
        }
    }
    if buses.is_empty() {
        first = total;
    }
    let last = buses
        .clone()
        .flat_map(|i| [va_idx[i], vm_idx[i]])
        .filter(|&j| j >= 0)
        .max()
        .map_or(first, |j| j + 1);
    let local = (last - first) as usize;
    let m = Mismatch::new(ac, buses.clone(), va_idx, vm_idx);
    let pat = pattern(petsc, &m, local, total as usize)?;
    let mut j = pat.duplicate(petsc::MatDuplicateOption::DoNotCopyValues)?;
    let jac = ColoredJacobian::new(&pat, m)?;
    drop(pat);
    let m = jac.inner();
    let (mut x, mut f) = j.create_vecs()?;
    let mut dx = x.duplicate()?;
    {
        let mut xv = x.view_mut()?;
        for i in buses.clone() {
            if m.va_idx[i] >= 0 {
                xv[(m.va_idx[i] - first) as usize] = scalar(m.case.va0[i]);
            }
            if m.vm_idx[i] >= 0 {
                xv[(m.vm_idx[i] - first) as usize] = scalar(m.case.vm0[i]);
            }
        }
    }
    let mut ksp = solver(petsc, &j)?;
    let setup_seconds = slowest(petsc, t_pf);
    let mut norm;
    let mut it = 0;
    let (mut jac_time, mut lu_time) = (0.0, 0.0);
    loop {
        jac.residual(&x, &mut f)?;
        norm = f.norm(NormType::Infinity)?;
        println0!(
            petsc,
            "  Newton iteration {it}: largest power mismatch {norm:.3e} p.u."
        )?;
        if norm < o.tol || it == o.max_it || !norm.is_finite() {
            break;
        }
        it += 1;
        let t = Instant::now();
        jac.jacobian(&x, &mut j)?;
        jac_time += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let reason = ksp.solve(&f, &mut dx)?;
        lu_time += t.elapsed().as_secs_f64();
        if !reason.is_converged() {
            println0!(petsc, "  the linear solve failed: {reason}")?;
            norm = f64::INFINITY;
            break;
        }
        x.axpy(scalar(-1.0), &dx)?;
        // A negative magnitude is the same voltage with the angle turned by pi (newtonpf
        // takes |V| and angle(V) after each step).
        let mut xv = x.view_mut()?;
        for i in buses.clone() {
            if m.vm_idx[i] >= 0 {
                let k = (m.vm_idx[i] - first) as usize;
                if real(xv[k]) < 0.0 {
                    xv[k] = scalar(-real(xv[k]));
                    let a = (m.va_idx[i] - first) as usize;
                    xv[a] = scalar(real(xv[a]) + std::f64::consts::PI);
                }
            }
        }
    }
    let pf_seconds = slowest(petsc, t_pf);
    let converged = norm < o.tol;
    println0!(
        petsc,
        "power flow: {} in {it} Newton iteration{}, largest power mismatch {norm:.3e} p.u.; \
         {} colors ({} dual evaluation{} a Jacobian), {} + {}{}",
        if converged {
            "converged"
        } else {
            "did not converge"
        },
        if it == 1 { "" } else { "s" },
        jac.ncolors(),
        jac.ncolors().div_ceil(8),
        if jac.ncolors().div_ceil(8) == 1 {
            ""
        } else {
            "s"
        },
        ksp.type_name()?,
        ksp.pc()?.type_name()?,
        ksp.pc()?
            .factor_solver_type()
            .ok()
            .flatten()
            .map_or(String::new(), |s| format!(" ({s})"))
    )?;
    println0!(
        petsc,
        "time: power flow {pf_seconds:.3} s (Ybus, pattern, coloring and set-up \
         {setup_seconds:.3} s, Jacobians {jac_time:.3} s, linear solves {lu_time:.3} s on \
         rank 0); reading the case {read_seconds:.3} s"
    )?;

    // Every bus's voltage on rank 0.
    let mut v = Vector::new_mpi(&world, Some(2 * buses.len() as Int), None)?;
    {
        let xr: Vec<f64> = x.view()?.iter().map(|&s| real(s)).collect();
        let xa = VecArray::new(&xr, first, &[]);
        let mut vv = v.view_mut()?;
        for (o, i) in buses.clone().enumerate() {
            let (va, vm) = m.voltage(&xa, i);
            vv[2 * o] = scalar(vm);
            vv[2 * o + 1] = scalar(va);
        }
    }
    let (sct, mut all) = Scatter::to_zero(&v)?;
    sct.scatter(
        &v,
        &mut all,
        petsc::InsertMode::Insert,
        petsc::ScatterMode::Forward,
    )?;
    let mut ok = converged;
    if rank == 0 {
        let av = all.view()?;
        let vm: Vec<f64> = (0..nb).map(|i| real(av[2 * i])).collect();
        let va: Vec<f64> = (0..nb).map(|i| real(av[2 * i + 1])).collect();
        let check = polar_mismatch(&m.case, &vm, &va);
        println0!(
            petsc,
            "  check: the mismatch recomputed in polar form on rank 0: {check:.3e} p.u."
        )?;
        ok &= (check - norm).abs() <= 1e-9 + 1e-6 * norm;
        if let Some(path) = o.out_buses {
            write_buses(path, &case, &m.case, &vm, &va)?;
            println0!(petsc, "wrote {}", path.display())?;
        }
    }
    println0!(
        petsc,
        "time: whole run {:.3} s",
        t_all.elapsed().as_secs_f64()
    )?;
    if !converged {
        println0!(
            petsc,
            "power_grid: the AC power flow did not converge in {} Newton iterations \
             (largest mismatch {norm:.3e} p.u., tolerance {:.1e})",
            o.max_it,
            o.tol
        )?;
    }
    Ok(petsc_examples::all_agree(petsc, ok))
}

/// The largest power mismatch over the P rows (PV and PQ buses) and the Q rows (PQ
/// buses), as newtonpf's `F`, in polar form.
fn polar_mismatch(c: &AcCase, vm: &[f64], va: &[f64]) -> f64 {
    let mut worst: f64 = 0.0;
    for i in 0..c.n() {
        if c.kind[i] == Kind::Ref {
            continue;
        }
        let (mut p, mut q) = (0.0, 0.0);
        for &(k, g, b) in &c.ybus[i] {
            let (s, co) = (va[i] - va[k]).sin_cos();
            p += vm[k] * (g * co + b * s);
            q += vm[k] * (g * s - b * co);
        }
        worst = worst.max((vm[i] * p - c.sbus[i].0).abs());
        if c.kind[i] == Kind::Pq {
            worst = worst.max((vm[i] * q - c.sbus[i].1).abs());
        }
    }
    worst
}

/// `bus,vm,va_deg`, one bus a line in the file's order (isolated buses keep the file's
/// values); angles in (-180, 180] as `angle(V)` gives them.
fn write_buses(
    path: &Path,
    case: &matpower::Case,
    c: &AcCase,
    vm: &[f64],
    va: &[f64],
) -> petsc::Result<()> {
    let mut solved = vec![None; case.bus.len()];
    for (i, &r) in c.rows.iter().enumerate() {
        let a = va[i].sin().atan2(va[i].cos());
        solved[r] = Some((vm[i], a.to_degrees()));
    }
    let mut out = String::from("bus,vm,va_deg\n");
    for (b, s) in case.bus.iter().zip(&solved) {
        let (m, a) = s.unwrap_or((b.vm, b.va));
        out.push_str(&format!("{},{m:.17e},{a:.17e}\n", b.id));
    }
    std::fs::write(path, out)
        .map_err(|e| usage_error(format!("cannot write {}: {e}", path.display())))
}
