//! The screening of `power_grid --case` (a module of `power_grid_case.rs`): N-1 (every
//! in-service branch out in turn, `--n-1`) and the contingencies of a MATPOWER change
//! table (`--contingencies contab.m`: branches and generators out of service), each
//! contingency's angles found by one of two methods (`--n-1-method`):
//!
//! - `lodf` (the default): the base susceptance matrix factored once a rank, and each
//!   contingency from it by the line-outage distribution factors: one solve with the
//!   factored matrix per branch out (and one for the generators out), then a rank-`k`
//!   update of the base angles (Sherman-Morrison-Woodbury). A few contingencies of each
//!   rank are also re-solved directly, and the largest relative difference of the flows
//!   is checked (at most 1e-9);
//! - `resolve`: the case changed as MATPOWER's `apply_changes` does, its network built
//!   and its system assembled and solved again.
//!
//! A contingency that splits the network (found from the graph) is reported as islanding
//! and not solved. The contingencies are spread over the ranks in contiguous blocks,
//! each solved on one rank (`PETSC_COMM_SELF`, options prefix `n1_`, LU by default); rank
//! 0 shows how many of its own are done on standard error and prints the report.

use std::time::Instant;

use petsc::mpi::collective::SystemOperation;
use petsc::mpi::traits::*;
use petsc::{Comm, Ksp, KspType, Object, PcType, Petsc, Vector};
use petsc_examples::change_table::Outage;
use petsc_examples::dcpf::Network;
use petsc_examples::matpower::Case;
use petsc_examples::progress::Progress;
use petsc_examples::{block_range, check_failed, dense_solve, println0, real_parts, scalar};

use super::{assemble, name, plural, CaseRun};

/// What is screened.
pub(super) enum Screening {
    /// Every in-service branch out in turn.
    N1,
    /// The contingencies of the change table of this file.
    Table(String),
}

/// One contingency: what it takes out of service, as positions in the network's
/// `branches` and `gens` (what the case already had out of service left out).
pub(super) struct Contingency {
    /// How the report names it (`branch 8 (8-5)`, `contingency 17 (gen 5 at bus 10)`).
    title: String,
    /// The first words of its `--all` line (`n-1 8`, `contingency 17`).
    key: String,
    branches: Vec<usize>,
    gens: Vec<usize>,
    /// Generators out of the case file (rows of `mpc.gen`) and branches (rows of
    /// `mpc.branch`), for a direct re-solve.
    gen_rows: Vec<usize>,
    branch_rows: Vec<usize>,
}

/// Every in-service branch out in turn.
pub(super) fn n1_list(net: &Network) -> Vec<Contingency> {
    (0..net.branches.len())
        .map(|c| Contingency {
            title: name(net, c),
            key: format!("n-1 {}", net.branches[c].row + 1),
            branches: vec![c],
            gens: Vec::new(),
            gen_rows: Vec::new(),
            branch_rows: vec![net.branches[c].row],
        })
        .collect()
}

/// The contingencies of a change table: an error for a row the case does not have.
pub(super) fn table_list(
    net: &Network,
    case: &Case,
    outages: &[Outage],
) -> Result<Vec<Contingency>, String> {
    let mut branch_at = vec![None; case.branch.len()];
    for (k, br) in net.branches.iter().enumerate() {
        branch_at[br.row] = Some(k);
    }
    let mut gen_at = vec![None; case.gen.len()];
    for (g, gen) in net.gens.iter().enumerate() {
        gen_at[gen.row] = Some(g);
    }
    outages
        .iter()
        .map(|o| {
            let mut parts = Vec::new();
            let mut branches = Vec::new();
            for &r in &o.branch_rows {
                let at = branch_at.get(r).ok_or_else(|| {
                    format!(
                        "contingency {}: branch row {} is not in the case ({} branches)",
                        o.label,
                        r + 1,
                        case.branch.len()
                    )
                })?;
                match at {
                    Some(k) => {
                        branches.push(*k);
                        parts.push(name(net, *k));
                    }
                    None => parts.push(format!("branch {}, already out", r + 1)),
                }
            }
            let mut gens = Vec::new();
            for &r in &o.gen_rows {
                let at = gen_at.get(r).ok_or_else(|| {
                    format!(
                        "contingency {}: generator row {} is not in the case ({} generators)",
                        o.label,
                        r + 1,
                        case.gen.len()
                    )
                })?;
                match at {
                    Some(g) => {
                        gens.push(*g);
                        parts.push(format!("gen {} at bus {}", r + 1, case.gen[r].bus));
                    }
                    None => parts.push(format!("gen {}, already out", r + 1)),
                }
            }
            Ok(Contingency {
                title: format!("contingency {} ({})", o.label, parts.join(", ")),
                key: format!("contingency {}", o.label),
                branches,
                gens,
                gen_rows: o.gen_rows.clone(),
                branch_rows: o.branch_rows.clone(),
            })
        })
        .collect()
}

/// Whether taking `out` out of service splits the network: for one branch, whether it
/// is a bridge; for several, a search of the graph without them.
fn splits(net: &Network, bridges: &[bool], out: &[usize]) -> bool {
    match out {
        [] => false,
        [c] => bridges[*c],
        _ => {
            let base = net.components(None).into_iter().max().map_or(0, |m| m + 1);
            let n = net.n();
            let mut seen = vec![false; n];
            let mut parts = 0;
            for s in 0..n {
                if seen[s] {
                    continue;
                }
                parts += 1;
                seen[s] = true;
                let mut stack = vec![s];
                while let Some(i) = stack.pop() {
                    for &k in net.adj[i].iter().filter(|k| !out.contains(k)) {
                        let br = &net.branches[k];
                        let j = if br.f == i { br.t } else { br.f };
                        if !seen[j] {
                            seen[j] = true;
                            stack.push(j);
                        }
                    }
                }
            }
            parts > base
        }
    }
}

/// Whether a generator out is the last one in service at a reference bus: the case's
/// slack then moves to another bus (as MATPOWER's `bustypes` chooses), which only a
/// network built anew describes.
fn slack_moves(net: &Network, gens: &[usize]) -> bool {
    gens.iter().any(|&g| {
        let bus = net.gens[g].bus;
        net.is_ref[bus]
            && net
                .gens
                .iter()
                .enumerate()
                .all(|(h, other)| other.bus != bus || gens.contains(&h))
    })
}

/// The base system factored once on this rank: its solution and two work vectors.
struct Factored {
    theta: Vec<f64>,
    rhs: Vector,
    w: Vector,
}

/// A sparse column: (position among the free buses, value) pairs.
type Incidence = Vec<(usize, f64)>;

/// `B^-1 v` for a sparse `v` (position, value), with the factored base matrix.
fn solve_sparse(ksp: &mut Ksp, f: &mut Factored, v: &[(usize, f64)]) -> petsc::Result<Vec<f64>> {
    f.rhs.zero_entries()?;
    {
        let mut r = f.rhs.view_mut()?;
        for &(k, x) in v {
            r[k] += scalar(x);
        }
    }
    let reason = ksp.solve(&f.rhs, &mut f.w)?;
    if !reason.is_converged() {
        return Err(check_failed(format!(
            "the solve did not converge ({reason})"
        )));
    }
    let w = real_parts(&f.w.view()?);
    Ok(w)
}

/// A contingency's reduced angles from the base solution (no slack move). Each branch
/// `c` out has a column `a_c` of the reduced incidence matrix (+1 at its from bus, -1 at
/// its to bus, reference buses left out) and a susceptance `b_c`: without the branches,
/// the reduced matrix is `B - A D A^T` (`D = diag(b_c)`), and the right-hand side
/// changes by `s_c a_c` for each (its phase shift and its coupling to a reference bus)
/// and by `-PG` at the bus of each generator out. With `W = B^-1 A` (one solve a
/// branch) and `y = theta + W s + B^-1 d` (`d` the generators' change, one more solve),
/// Sherman-Morrison-Woodbury gives `theta' = y + W (D^-1 - A^T W)^-1 A^T y`.
fn lodf_angles(
    ksp: &mut Ksp,
    net: &Network,
    c: &Contingency,
    f: &mut Factored,
) -> petsc::Result<Vec<f64>> {
    let mut y = f.theta.clone();
    // Each branch's column of the incidence matrix, `B^-1` of it, and its susceptance.
    let mut cols: Vec<(Incidence, Vec<f64>, f64)> = Vec::new();
    for &k in &c.branches {
        let br = &net.branches[k];
        let a: Vec<(usize, f64)> = [(br.f, 1.0), (br.t, -1.0)]
            .into_iter()
            .filter(|&(i, _)| br.f != br.t && !net.is_ref[i])
            .map(|(i, v)| (net.pos[i], v))
            .collect();
        if a.is_empty() {
            continue;
        }
        // The right-hand side's change, parallel to `a`.
        let s: f64 = a
            .iter()
            .map(|&(p, v)| v * (net.reduced_row(p, Some(k)).1 - net.reduced_row(p, None).1))
            .sum::<f64>()
            / a.len() as f64;
        let w = solve_sparse(ksp, f, &a)?;
        for (yi, wi) in y.iter_mut().zip(&w) {
            *yi += s * wi;
        }
        cols.push((a, w, br.b));
    }
    let d: Vec<(usize, f64)> = c
        .gens
        .iter()
        .map(|&g| &net.gens[g])
        .filter(|g| !net.is_ref[g.bus])
        .map(|g| (net.pos[g.bus], -g.pg / net.base_mva))
        .collect();
    if !d.is_empty() {
        let v = solve_sparse(ksp, f, &d)?;
        for (yi, vi) in y.iter_mut().zip(&v) {
            *yi += vi;
        }
    }
    let k = cols.len();
    if k == 0 {
        return Ok(y);
    }
    let dot = |a: &[(usize, f64)], x: &[f64]| a.iter().map(|&(p, v)| v * x[p]).sum::<f64>();
    let mut s = vec![0.0; k * k];
    for (i, (ai, _, bi)) in cols.iter().enumerate() {
        for (j, (_, wj, _)) in cols.iter().enumerate() {
            s[i * k + j] = f64::from(u8::from(i == j)) / bi - dot(ai, wj);
        }
    }
    let aty: Vec<f64> = cols.iter().map(|(a, _, _)| dot(a, &y)).collect();
    let z = dense_solve(s, k, aty)
        .ok_or_else(|| check_failed(format!("{}: the outage update is singular", c.title)))?;
    for ((_, w, _), zj) in cols.iter().zip(&z) {
        for (yi, wi) in y.iter_mut().zip(w) {
            *yi += zj * wi;
        }
    }
    Ok(y)
}

/// A contingency's flows from the case changed and its network built and solved anew;
/// `None` if the solve did not converge.
fn resolved_flows(
    ksp: &mut Ksp,
    me: &Comm,
    net: &Network,
    case: &Case,
    c: &Contingency,
) -> petsc::Result<Option<Vec<f64>>> {
    let mut changed = case.clone();
    for &r in &c.branch_rows {
        changed.branch[r].in_service = false;
    }
    for &r in &c.gen_rows {
        changed.gen[r].status = 0.0;
    }
    let again = Network::new(&changed).map_err(|e| check_failed(format!("{}: {e}", c.title)))?;
    let (a, mut x, b) = assemble(me, &again, None)?;
    ksp.set_operators(&a, &a)?;
    let reason = ksp.solve(&b, &mut x)?;
    if !reason.is_converged() {
        return Ok(None);
    }
    let va = again.full_angles(&real_parts(&x.view()?));
    let mut flows = vec![0.0; net.branches.len()];
    let mut at = vec![None; case.branch.len()];
    for (k, br) in net.branches.iter().enumerate() {
        at[br.row] = Some(k);
    }
    for (k, f) in again.flows(&va, None).into_iter().enumerate() {
        if let Some(j) = at[again.branches[k].row] {
            flows[j] = f;
        }
    }
    Ok(Some(flows))
}

/// The outage solver on one rank: options prefix `n1_`, LU by default, with the
/// approximate minimum degree ordering (on ACTIVSg10k, 0.5 ms an outage against 0.65 with
/// PETSc's default nested dissection; the factors of ACTIVSg70k have 0.6 M nonzeros).
fn outage_solver(me: &Comm, o: &CaseRun) -> petsc::Result<Ksp> {
    let mut ksp = Ksp::new(me)?;
    ksp.set_options_prefix("n1_")?;
    ksp.set_type(KspType::Preonly)?;
    let mut pc = ksp.pc()?;
    pc.set_type(PcType::Lu)?;
    pc.set_factor_ordering_type("amd")?;
    drop(pc);
    ksp.set_tolerances(petsc::KspTolerances {
        rtol: Some(o.rtol),
        ..Default::default()
    })?;
    ksp.set_from_options()?;
    Ok(ksp)
}

/// How many contingencies of each rank's block are also re-solved directly to check the
/// distribution factors.
const SAMPLES: usize = 4;

/// Screens `list` (collective); returns whether every solve converged and, with the
/// distribution factors, whether the sampled contingencies agree with a direct re-solve.
pub(super) fn screen(
    petsc: &Petsc,
    o: &CaseRun,
    (net, case): (&Network, &Case),
    list: &[Contingency],
    what: &Screening,
) -> petsc::Result<bool> {
    let world = petsc.mpi_world();
    let (rank, size) = (world.rank() as usize, world.size() as usize);
    let m = list.len();
    let bridges = net.bridges();
    let mine = block_range(m, size, rank);
    let chunk = m.div_ceil(size);
    let r = record_len(o.top);
    let mut local = vec![PADDING; chunk * r];
    let me = petsc.self_comm();
    let mut ksp = outage_solver(&me, o)?;
    let started = Instant::now();
    let mut factored = None;
    if o.n1_method == "lodf" {
        let (a, mut x, b) = assemble(&me, net, None)?;
        ksp.set_operators(&a, &a)?;
        let reason = ksp.solve(&b, &mut x)?;
        if !reason.is_converged() {
            return Err(check_failed(format!(
                "the base case's solve on rank {rank} did not converge ({})",
                reason
            )));
        }
        let theta = real_parts(&x.view()?);
        factored = Some(Factored {
            theta,
            rhs: b,
            w: x,
        });
    }
    let label = match what {
        Screening::N1 => "N-1 outages screened on rank 0",
        Screening::Table(_) => "contingencies screened on rank 0",
    };
    let total = mine.len() as u64;
    let progress = Progress::new(petsc, label, total);
    let every = mine.len().div_ceil(SAMPLES).max(1);
    let mut direct: Option<Ksp> = None;
    let (mut sampled, mut worst) = (0u64, 0.0f64);
    for (slot, i) in mine.enumerate() {
        progress.set(slot as u64);
        let c = &list[i];
        let rec = &mut local[slot * r..(slot + 1) * r];
        if splits(net, &bridges, &c.branches) {
            rec[0] = ISLANDING;
            continue;
        }
        // A contingency that fails (a solve that does not converge, a network MATPOWER
        // would refuse) is reported as not solved; the other ranks go on.
        let attempt = (|| -> petsc::Result<Option<Vec<f64>>> {
            Ok(match &mut factored {
                Some(f) if !slack_moves(net, &c.gens) => {
                    let va = net.full_angles(&lodf_angles(&mut ksp, net, c, f)?);
                    let mut flows = net.flows(&va, None);
                    for &k in &c.branches {
                        flows[k] = 0.0;
                    }
                    if slot % every == 0 {
                        let d = match &mut direct {
                            Some(d) => d,
                            None => direct.insert(outage_solver(&me, o)?),
                        };
                        if let Some(again) = resolved_flows(d, &me, net, case, c)? {
                            let scale = again.iter().fold(0.0f64, |s, f| s.max(f.abs()));
                            let diff = flows
                                .iter()
                                .zip(&again)
                                .fold(0.0f64, |s, (p, q)| s.max((p - q).abs()));
                            worst = worst.max(diff / scale.max(f64::MIN_POSITIVE));
                            sampled += 1;
                        }
                    }
                    Some(flows)
                }
                _ => {
                    let d = match &mut direct {
                        Some(d) => d,
                        None => direct.insert(outage_solver(&me, o)?),
                    };
                    resolved_flows(d, &me, net, case, c)?
                }
            })
        })();
        let flows = attempt.unwrap_or_else(|e| {
            eprintln!("power_grid: {}: {e}", c.title);
            None
        });
        match flows {
            Some(flows) => summarize(net, &flows, &c.branches, o.top, rec),
            None => rec[0] = NOT_CONVERGED,
        }
    }
    progress.set(total);
    let seconds = started.elapsed().as_secs_f64();
    let method = match &direct {
        Some(d) if factored.is_none() => format!("{} + {}", d.type_name()?, d.pc()?.type_name()?),
        _ => format!("{} + {}", ksp.type_name()?, ksp.pc()?.type_name()?),
    };
    drop((ksp, direct, factored));
    let reduce = |mine: f64, op: SystemOperation| {
        let mut all = 0.0f64;
        world.all_reduce_into(&mine, &mut all, op);
        all
    };
    let slowest = reduce(seconds, SystemOperation::max());
    let mut ok = true;
    if o.n1_method == "lodf" {
        let sampled = reduce(sampled as f64, SystemOperation::sum()) as u64;
        let worst = reduce(worst, SystemOperation::max());
        println0!(
            petsc,
            "screening by line-outage distribution factors: the base matrix factored once a \
             rank, one solve a branch out ({method}); {slowest:.2} s on the slowest rank"
        )?;
        println0!(
            petsc,
            "check: {sampled} sampled contingenc{} re-solved directly: largest relative \
             difference of the flows {worst:.1e}",
            if sampled == 1 { "y" } else { "ies" }
        )?;
        ok = worst <= 1e-9;
    } else {
        println0!(
            petsc,
            "screening by re-solves: each contingency's system built and solved ({method}); \
             {slowest:.2} s on the slowest rank"
        )?;
    }
    let root = world.process_at_rank(0);
    if rank != 0 {
        root.gather_into(&local[..]);
        return Ok(petsc_examples::all_agree(petsc, ok));
    }
    let mut gathered = vec![0.0; size * chunk * r];
    root.gather_into_root(&local[..], &mut gathered[..]);
    let records: Vec<&[f64]> = gathered.chunks(r).filter(|rec| rec[0] != PADDING).collect();
    ok &= report(petsc, o, net, (list, what), &records, &method, size)?;
    Ok(petsc_examples::all_agree(petsc, ok))
}

/// How an outage came out.
const SOLVED: f64 = 0.0;
const ISLANDING: f64 = 1.0;
const NOT_CONVERGED: f64 = 2.0;
const PADDING: f64 = -1.0;

/// One outage's summary, flat for the gather: status, largest |Pf| and its branch,
/// largest loading (|Pf| / RATE_A, -1 without rated branches) and its branch, the
/// number of overloads, then the `top` worst overloads as (branch, loading) pairs
/// (padded with -1).
fn record_len(top: usize) -> usize {
    6 + 2 * top
}

fn summarize(net: &Network, flows: &[f64], out_of_service: &[usize], top: usize, out: &mut [f64]) {
    let (mut fmax, mut fk) = (-1.0, -1.0);
    let (mut lmax, mut lk) = (-1.0, -1.0);
    let mut over: Vec<(f64, usize)> = Vec::new();
    for (k, br) in net.branches.iter().enumerate() {
        if out_of_service.contains(&k) {
            continue;
        }
        let f = flows[k].abs();
        if f > fmax {
            (fmax, fk) = (f, k as f64);
        }
        if br.rate_a > 0.0 {
            let l = f / br.rate_a;
            if l > lmax {
                (lmax, lk) = (l, k as f64);
            }
            if l > 1.0 {
                over.push((l, k));
            }
        }
    }
    over.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.cmp(&q.1)));
    out[..6].copy_from_slice(&[SOLVED, fmax, fk, lmax, lk, over.len() as f64]);
    for (t, pair) in out[6..].chunks_mut(2).enumerate().take(top) {
        match over.get(t) {
            Some(&(l, k)) => pair.copy_from_slice(&[k as f64, l]),
            None => pair.copy_from_slice(&[PADDING, PADDING]),
        }
    }
}

/// The screening's report on rank 0 from the records of every contingency in `list`'s
/// order.
fn report(
    petsc: &Petsc,
    o: &CaseRun,
    net: &Network,
    (list, what): (&[Contingency], &Screening),
    records: &[&[f64]],
    method: &str,
    size: usize,
) -> petsc::Result<bool> {
    let m = records.len();
    let islanding: Vec<usize> = (0..m).filter(|&c| records[c][0] == ISLANDING).collect();
    let failed: Vec<usize> = (0..m).filter(|&c| records[c][0] == NOT_CONVERGED).collect();
    let solved: Vec<usize> = (0..m).filter(|&c| records[c][0] == SOLVED).collect();
    let counts = format!(
        "on {size} rank{} ({method} per outage): {} solved, {} islanding, {} not converged",
        plural(size),
        solved.len(),
        islanding.len(),
        failed.len()
    );
    match what {
        Screening::N1 => println0!(
            petsc,
            "N-1 screening: {m} in-service branch outage{} {counts}",
            plural(m)
        )?,
        Screening::Table(file) => {
            let branches: usize = list.iter().map(|c| c.branches.len()).sum();
            let gens: usize = list.iter().map(|c| c.gens.len()).sum();
            println0!(
                petsc,
                "Contingency screening of {file}: {m} contingenc{} ({branches} branch and \
                 {gens} generator outage{} in service) {counts}",
                if m == 1 { "y" } else { "ies" },
                plural(gens)
            )?
        }
    }
    if !islanding.is_empty() {
        println0!(
            petsc,
            "  islanding outages (the network splits; not solved): {}",
            islanding.len()
        )?;
        let names: Vec<String> = islanding.iter().map(|&c| list[c].title.clone()).collect();
        for line in names.chunks(4) {
            println0!(petsc, "    {}", line.join(", "))?;
        }
    }
    for &c in &failed {
        println0!(
            petsc,
            "  outage of {}: the solve did not converge",
            list[c].title
        )?;
    }
    let rated = net.branches.iter().any(|b| b.rate_a > 0.0);
    let mut order = solved.clone();
    if rated {
        order.sort_by(|&p, &q| records[q][3].total_cmp(&records[p][3]).then(p.cmp(&q)));
        println0!(petsc, "  worst post-contingency loadings (of RATE_A):")?;
        for &c in order.iter().take(o.top) {
            let rec = records[c];
            let k = rec[4] as usize;
            println0!(
                petsc,
                "    outage {:<24} -> {:<24} {:>10.3} MW, RATE_A {} MVA, loading {:.2}%",
                list[c].title,
                name(net, k),
                rec[3] * net.branches[k].rate_a,
                net.branches[k].rate_a,
                100.0 * rec[3]
            )?;
        }
        let mut over: Vec<(f64, usize, usize)> = Vec::new();
        let mut pairs = 0usize;
        let mut with = 0usize;
        for &c in &solved {
            let rec = records[c];
            pairs += rec[5] as usize;
            with += usize::from(rec[5] > 0.0);
            for p in rec[6..].chunks(2).filter(|p| p[0] >= 0.0) {
                over.push((p[1], c, p[0] as usize));
            }
        }
        over.sort_by(|p, q| q.0.total_cmp(&p.0).then((p.1, p.2).cmp(&(q.1, q.2))));
        println0!(
            petsc,
            "  post-contingency overloads: {pairs} (outage, branch) pair{} over RATE_A in {with} \
             outage{}",
            plural(pairs),
            plural(with)
        )?;
        for &(l, c, k) in over.iter().take(o.top) {
            println0!(
                petsc,
                "    outage {:<24} -> {:<24} {:>10.3} MW, RATE_A {} MVA, loading {:.2}%",
                list[c].title,
                name(net, k),
                l * net.branches[k].rate_a,
                net.branches[k].rate_a,
                100.0 * l
            )?;
        }
    } else {
        order.sort_by(|&p, &q| records[q][1].total_cmp(&records[p][1]).then(p.cmp(&q)));
        println0!(
            petsc,
            "  no branch has a RATE_A; largest post-contingency flows:"
        )?;
        for &c in order.iter().take(o.top) {
            let rec = records[c];
            println0!(
                petsc,
                "    outage {:<24} -> {:<24} |Pf| {:>10.3} MW",
                list[c].title,
                name(net, rec[2] as usize),
                rec[1]
            )?;
        }
    }
    if o.all {
        for (c, rec) in records.iter().enumerate() {
            let key = &list[c].key;
            if rec[0] == ISLANDING {
                println0!(petsc, "  {key} islanding")?;
            } else {
                let load = if rec[3] >= 0.0 {
                    format!("{:.10}", 100.0 * rec[3])
                } else {
                    "-".to_string()
                };
                println0!(
                    petsc,
                    "  {key} max_flow {:.10} MW max_loading {load} %",
                    rec[1]
                )?;
            }
        }
    }
    Ok(failed.is_empty())
}
