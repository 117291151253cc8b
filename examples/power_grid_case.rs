//! `power_grid --case FILE.m [--n-1]`: the DC power flow of a MATPOWER case (as
//! `rundcpf` defines it), the reduced susceptance system assembled as a distributed
//! `Mat` and solved by KSP (GMRES + redundant LU by default, anything from the options),
//! and the N-1 screening: every in-service branch out in turn, islanding outages found
//! from the graph, the others solved each on one rank (`PETSC_COMM_SELF`, options prefix
//! `n1_`, LU by default), the outages spread over the ranks in contiguous blocks. Rank 0
//! shows how many of its outages are done on standard error (a bar on a terminal, a
//! line per tenth otherwise); standard output holds only the report.
//!
//! On several ranks the base case is solved twice: with the buses in the file's order,
//! each rank a contiguous block of them (the natural ordering), and with the buses
//! partitioned by `MatPartitioning` (`--partition`: PT-Scotch or ParMETIS, whichever
//! this PETSc has, by default; any registered type, or `none`): the partitioner reads
//! the susceptance matrix as the network's graph, and the buses are renumbered so that
//! each rank owns the buses of its part. The report gives the lines each ordering cuts
//! (the edges between buses of different ranks, which cost communication in every
//! matrix-vector product) and both solve times; the answers are the same (the largest
//! difference of the angles is printed), and the rest of the report uses the
//! partitioned solve.

use std::path::Path;
use std::time::Instant;

use petsc::mpi::traits::*;
use petsc::{
    Comm, IndexSet, InsertMode, Int, Ksp, KspType, Mat, MatPartitioning, MatPartitioningType,
    Object, PcType, Petsc, Vector,
};
use petsc_examples::dcpf::Network;
use petsc_examples::progress::Progress;
use petsc_examples::{
    block_range, dense_solve, matpower, println0, real_parts, scalar, AppError, AppResult,
};

/// What `--case` runs.
pub struct CaseRun<'a> {
    pub path: &'a Path,
    pub n1: bool,
    pub top: usize,
    pub all: bool,
    pub rtol: f64,
    pub dense_max: usize,
    /// `--partition`: `auto`, `none` or a `MatPartitioningType` name.
    pub partition: &'a str,
}

/// The file's text, read on rank 0 and broadcast (collective).
fn read_on_rank0(petsc: &Petsc, path: &Path) -> AppResult<String> {
    let world = petsc.mpi_world();
    let root = world.process_at_rank(0);
    let mut header = [0u64; 2];
    let mut bytes = Vec::new();
    if world.rank() == 0 {
        match std::fs::read(path) {
            Ok(b) => {
                header = [1, b.len() as u64];
                bytes = b;
            }
            Err(e) => {
                bytes = e.to_string().into_bytes();
                header = [0, bytes.len() as u64];
            }
        }
    }
    root.broadcast_into(&mut header[..]);
    bytes.resize(header[1] as usize, 0);
    root.broadcast_into(&mut bytes[..]);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    if header[0] == 0 {
        return Err(AppError::Usage(format!(
            "cannot read {}: {text}",
            path.display()
        )));
    }
    Ok(text)
}

/// The reduced system `B_free va_free = Pbus_free - B_free,ref va_ref` with branch
/// `skip` out, rows spread over `comm`: (matrix, solution, right-hand side).
fn assemble(comm: &Comm, net: &Network, skip: Option<usize>) -> AppResult<(Mat, Vector, Vector)> {
    assemble_numbered(comm, net, skip, None)
}

/// [`assemble`] with the free buses renumbered: `order` holds each free bus's new
/// number and the inverse numbering, and this rank owns `local` rows.
fn assemble_numbered(
    comm: &Comm,
    net: &Network,
    skip: Option<usize>,
    order: Option<(&[usize], &[usize], usize)>,
) -> AppResult<(Mat, Vector, Vector)> {
    let n = net.free.len() as Int;
    let nz = net.adj.iter().map(Vec::len).max().unwrap_or(0) as Int + 1;
    let local = order.map(|(_, _, l)| l as Int);
    let mut a = Mat::new_aij(comm, local, local, Some(n), Some(n), nz, nz)?;
    let rows = a.ownership_range()?;
    let (x, mut b) = a.create_vecs()?;
    let new = |k: usize| order.map_or(k, |(p, _, _)| p[k]);
    let old = |r: usize| order.map_or(r, |(_, inv, _)| inv[r]);
    {
        let mut bv = b.view_mut()?;
        for (off, r) in rows.enumerate() {
            let k = old(r as usize);
            let (row, rhs) = net.reduced_row(k, skip);
            let cols: Vec<Int> = row.iter().map(|&(j, _)| new(j) as Int).collect();
            let vals: Vec<_> = row.iter().map(|&(_, v)| scalar(v)).collect();
            a.set_values(&[r], &cols, &vals, InsertMode::Insert)?;
            bv[off] = scalar(rhs);
        }
    }
    a.assemble()?;
    Ok((a, x, b))
}

/// Largest `|va - va_dense|` (radians) against a dense Gaussian elimination of the
/// reduced system (`nalgebra`'s LU, see [`dense_solve`]).
fn dense_check(net: &Network, va: &[f64]) -> Option<f64> {
    let m = net.free.len();
    let mut a = vec![0.0; m * m];
    let mut rhs = vec![0.0; m];
    for k in 0..m {
        let (row, r) = net.reduced_row(k, None);
        for (j, v) in row {
            a[k * m + j] = v;
        }
        rhs[k] = r;
    }
    let x = dense_solve(a, m, rhs)?;
    Some(
        net.free
            .iter()
            .zip(&x)
            .map(|(&i, &v)| (va[i] - v).abs())
            .fold(0.0, f64::max),
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Branch `k` as `branch ROW (FROM-TO)`, ROW its 1-based row in `mpc.branch`.
fn name(net: &Network, k: usize) -> String {
    format!("branch {} ({})", net.branches[k].row + 1, net.label(k))
}

/// `, RATE_A r MVA, loading x%` for a rated branch, nothing for an unrated one.
fn rating(net: &Network, k: usize, flow: f64) -> String {
    let r = net.branches[k].rate_a;
    if r > 0.0 {
        format!(", RATE_A {r} MVA, loading {:.2}%", 100.0 * flow.abs() / r)
    } else {
        String::new()
    }
}

/// Runs the case; returns whether its checks passed (on every rank).
pub fn run(petsc: &Petsc, o: &CaseRun) -> AppResult<bool> {
    if !matches!(o.partition, "auto" | "none") {
        // The partitioner's name, checked before any work.
        MatPartitioning::new(&petsc.world())?
            .set_type_name(o.partition)
            .map_err(|e| AppError::Usage(format!("--partition {}: {e}", o.partition)))?;
    }
    let text = read_on_rank0(petsc, o.path)?;
    let file = o.path.display();
    let case = matpower::parse(&text).map_err(|e| AppError::Usage(format!("{file}: {e}")))?;
    let net = Network::new(&case).map_err(|e| AppError::Usage(format!("{file}: {e}")))?;
    if net.free.is_empty() {
        return Err(AppError::Usage(format!(
            "{file}: every bus is a reference bus; there is nothing to solve"
        )));
    }
    let world = petsc.world();
    let (rank, size) = (world.rank(), world.size());
    let (lb, lg, lbr) = net.left_out;
    println0!(
        petsc,
        "power_grid: case {file}: {} buses, {} branches, {} generators in service \
         (baseMVA {}), {size} rank{}",
        net.n(),
        net.branches.len(),
        net.gens.len(),
        net.base_mva,
        plural(size as usize)
    )?;
    println0!(
        petsc,
        "  left out: {lb} isolated bus{}, {lg} generator{} and {lbr} branch{} out of service",
        if lb == 1 { "" } else { "es" },
        plural(lg),
        if lbr == 1 { "" } else { "es" }
    )?;

    let (a, mut x, b) = assemble(&world, &net, None)?;
    let mut ksp = solver(&a, o)?;
    ksp.solve(&b, &mut x)?;
    let reason = ksp.converged_reason()?;
    println0!(
        petsc,
        "solve: {} + {}, {} iteration{}, {reason}",
        ksp.type_name()?,
        ksp.pc()?.type_name()?,
        ksp.iteration_number()?,
        plural(ksp.iteration_number()? as usize)
    )?;
    let mut all = real_parts(&x.to_zero()?.view()?);
    let mut ok = reason.is_converged();
    if size > 1 {
        if let Some((va, converged)) = partitioned(petsc, o, &net, (&a, &b), &all)? {
            all = va;
            ok &= converged;
        }
    }
    drop((ksp, a, x, b));
    if rank == 0 {
        ok &= report_base(petsc, o, &net, &all)?;
    }
    let mut ok = petsc_examples::all_agree(petsc, ok);
    if o.n1 {
        ok &= screen(petsc, o, &net)?;
    }
    Ok(ok)
}

/// The base case's solver: GMRES + redundant LU by default, then the options.
fn solver(a: &Mat, o: &CaseRun) -> AppResult<Ksp> {
    let mut ksp = Ksp::new(&a.comm())?;
    ksp.set_operators(a, a)?;
    ksp.set_type(KspType::Gmres)?;
    ksp.pc()?.set_type(PcType::Redundant)?;
    ksp.set_tolerances(petsc::KspTolerances {
        rtol: Some(o.rtol),
        ..Default::default()
    })?;
    ksp.set_from_options()?;
    Ok(ksp)
}

/// Solves, and returns the slowest rank's time in seconds (collective).
fn timed_solve(petsc: &Petsc, ksp: &mut Ksp, b: &Vector, x: &mut Vector) -> AppResult<f64> {
    petsc.world().barrier()?;
    let t0 = Instant::now();
    ksp.solve(b, x)?;
    let mine = t0.elapsed().as_secs_f64();
    let mut slowest = 0.0;
    petsc.mpi_world().all_reduce_into(
        &mine,
        &mut slowest,
        petsc::mpi::collective::SystemOperation::max(),
    );
    Ok(slowest)
}

/// The lines of the reduced network (edges between free buses) whose two buses have
/// different owners, and all of its lines.
fn edge_cut(net: &Network, owner: impl Fn(usize) -> usize) -> (usize, usize) {
    let (mut cut, mut all) = (0, 0);
    for k in 0..net.free.len() {
        for (j, _) in net.reduced_row(k, None).0 {
            if j > k {
                all += 1;
                cut += usize::from(owner(j) != owner(k));
            }
        }
    }
    (cut, all)
}

/// The partitioner `--partition` names, applied to the graph `a`: its type and each
/// row's part, or `None` for `none` (and for `auto` when this PETSc has neither
/// PT-Scotch nor ParMETIS it can use).
fn partitioner(a: &Mat, choice: &str) -> AppResult<Option<(String, IndexSet)>> {
    if choice == "none" {
        return Ok(None);
    }
    let mut part = MatPartitioning::new(&a.comm())?;
    part.set_adjacency(a)?;
    if choice != "auto" {
        part.set_type_name(choice)
            .map_err(|e| AppError::Usage(format!("--partition {choice}: {e}")))?;
        part.set_from_options()?;
        let owners = part.apply()?;
        return Ok(Some((part.type_name()?, owners)));
    }
    for t in [MatPartitioningType::Ptscotch, MatPartitioningType::Parmetis] {
        if part.set_type(t).is_err() {
            continue;
        }
        part.set_from_options()?;
        // PT-Scotch is refused where its integers are not PETSc's (64-bit indices).
        if let Ok(owners) = part.apply() {
            return Ok(Some((part.type_name()?, owners)));
        }
    }
    Ok(None)
}

/// The base case solved again with the buses partitioned (collective): prints the
/// edge cuts and solve times of both orderings and how far the answers are apart;
/// returns the free buses' angles in the file's order and whether the solve converged,
/// or `None` without a partitioner. `(a, b)` is the system in the file's order,
/// `natural` its solution (on rank 0). Both timed solves start from a new solver (set-up
/// and factorization included), after the first solve warmed up the libraries.
fn partitioned(
    petsc: &Petsc,
    o: &CaseRun,
    net: &Network,
    (a, b): (&Mat, &Vector),
    natural: &[f64],
) -> AppResult<Option<(Vec<f64>, bool)>> {
    let world = petsc.world();
    let size = world.size() as usize;
    let Some((kind, owners)) = partitioner(a, o.partition)? else {
        println0!(
            petsc,
            "partition: none (--partition {}{}); the buses stay in the file's order",
            o.partition,
            if o.partition == "auto" {
                ": this PETSc has neither PT-Scotch nor ParMETIS it can use"
            } else {
                ""
            }
        )?;
        return Ok(None);
    };
    // Each bus's part, its new number, and the number of buses of each part.
    let parts = owners.all_gather()?.to_vec()?;
    let numbers = owners.partitioning_to_numbering()?.all_gather()?.to_vec()?;
    let counts = owners.partitioning_count(Some(size as Int))?;
    let perm: Vec<usize> = numbers.iter().map(|&p| p as usize).collect();
    let mut inv = vec![0; perm.len()];
    for (k, &p) in perm.iter().enumerate() {
        inv[p] = k;
    }
    let local = counts[world.rank() as usize] as usize;

    let (b2, mut x2, rhs) = assemble_numbered(&world, net, None, Some((&perm, &inv, local)))?;
    let mut ksp = solver(&b2, o)?;
    let seconds = timed_solve(petsc, &mut ksp, &rhs, &mut x2)?;
    let converged = ksp.converged_reason()?.is_converged();
    let renumbered = real_parts(&x2.to_zero()?.view()?);
    let mut x = b.duplicate()?;
    let natural_seconds = timed_solve(petsc, &mut solver(a, o)?, b, &mut x)?;
    let va: Vec<f64> = if renumbered.is_empty() {
        Vec::new()
    } else {
        perm.iter().map(|&p| renumbered[p]).collect()
    };

    // Natural owners: the contiguous blocks PETSc's default layout gives.
    let rows = a.ownership_range()?;
    let mut starts = vec![0 as Int; size];
    petsc
        .mpi_world()
        .all_gather_into(&rows.start, &mut starts[..]);
    let natural_owner = |k: usize| starts.iter().rposition(|&s| s as usize <= k).unwrap_or(0);
    let (cut_natural, lines) = edge_cut(net, natural_owner);
    let (cut, _) = edge_cut(net, |k| parts[k] as usize);
    let sizes: Vec<String> = counts.iter().map(|c| c.to_string()).collect();
    println0!(
        petsc,
        "partition: {kind}, parts of {} buses: {cut} of {lines} lines cut, {cut_natural} in \
         the file's order; solve {:.3} ms, {:.3} ms in the file's order",
        sizes.join(", "),
        1e3 * seconds,
        1e3 * natural_seconds
    )?;
    if world.rank() == 0 {
        let diff = va
            .iter()
            .zip(natural)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        println0!(
            petsc,
            "  the angles of both orderings differ by {diff:.1e} rad at most"
        )?;
    }
    Ok(Some((va, converged)))
}

/// The base case's report on rank 0; returns whether its checks passed.
fn report_base(petsc: &Petsc, o: &CaseRun, net: &Network, free: &[f64]) -> AppResult<bool> {
    let va = net.full_angles(free);
    let flows = net.flows(&va, None);
    let slack = net.slack(&va);
    for &r in &net.refs {
        println0!(
            petsc,
            "  reference bus {} (BUS_TYPE {}{}), Va held at {} deg",
            net.ids[r],
            net.kind[r],
            if net.ref_from_pv {
                ", the first PV bus with a generator, as no BUS_TYPE 3 bus has one"
            } else {
                ""
            },
            va[r].to_degrees()
        )?;
    }
    let mut generation: f64 = net.gens.iter().map(|g| g.pg).sum();
    for &(g, pg) in &slack {
        let gen = &net.gens[g];
        println0!(
            petsc,
            "  slack generator {} at bus {}: Pg {pg:.3} MW (the file says {:.3} MW)",
            gen.row + 1,
            net.ids[gen.bus],
            gen.pg
        )?;
        generation += pg - gen.pg;
    }
    let load: f64 = net.pd.iter().sum();
    let shunts = -net.p.iter().sum::<f64>() * net.base_mva
        + net.gens.iter().map(|g| g.pg).sum::<f64>()
        - load;
    println0!(
        petsc,
        "  generation {generation:.3} MW = load {load:.3} MW + shunts {shunts:.3} MW"
    )?;

    let m = net.branches.len();
    let mut by_angle: Vec<usize> = (0..m).collect();
    let diff = |k: usize| (va[net.branches[k].f] - va[net.branches[k].t]).to_degrees();
    by_angle.sort_by(|&p, &q| diff(q).abs().total_cmp(&diff(p).abs()).then(p.cmp(&q)));
    println0!(petsc, "  largest angle differences across branches:")?;
    for &k in by_angle.iter().take(o.top) {
        println0!(petsc, "    {:<24} {:>12.6} deg", name(net, k), diff(k))?;
    }
    let mut by_flow: Vec<usize> = (0..m).collect();
    by_flow.sort_by(|&p, &q| flows[q].abs().total_cmp(&flows[p].abs()).then(p.cmp(&q)));
    println0!(petsc, "  largest flows:")?;
    for &k in by_flow.iter().take(o.top) {
        println0!(
            petsc,
            "    {:<24} {:>12.3} MW{}",
            name(net, k),
            flows[k],
            rating(net, k, flows[k])
        )?;
    }
    let over: Vec<usize> = by_flow
        .iter()
        .copied()
        .filter(|&k| net.branches[k].rate_a > 0.0 && flows[k].abs() > net.branches[k].rate_a)
        .collect();
    let rated = net.branches.iter().filter(|b| b.rate_a > 0.0).count();
    if over.is_empty() {
        println0!(
            petsc,
            "  branches over RATE_A: none ({rated} of {m} branches rated)"
        )?;
    } else {
        println0!(
            petsc,
            "  branches over RATE_A: {} ({rated} of {m} branches rated)",
            over.len()
        )?;
        for &k in &over {
            println0!(
                petsc,
                "    {:<24} {:>12.3} MW{}",
                name(net, k),
                flows[k],
                rating(net, k, flows[k])
            )?;
        }
    }
    if o.all {
        for ((id, kind), a) in net.ids.iter().zip(&net.kind).zip(&va) {
            println0!(
                petsc,
                "  bus {id} type {kind} Va {:.10} deg",
                a.to_degrees()
            )?;
        }
        for (k, br) in net.branches.iter().enumerate() {
            println0!(
                petsc,
                "  branch {} {} Pf {:.10} MW",
                br.row + 1,
                net.label(k),
                flows[k]
            )?;
        }
        for (g, gen) in net.gens.iter().enumerate() {
            let pg = slack.iter().find(|s| s.0 == g).map_or(gen.pg, |s| s.1);
            println0!(
                petsc,
                "  gen {} bus {} Pg {pg:.10} MW",
                gen.row + 1,
                net.ids[gen.bus]
            )?;
        }
    }
    let res = net.residual(&va);
    let scale = net.p.iter().fold(1.0f64, |m, p| m.max(p.abs()));
    let mut ok = res <= 1e-9 * scale;
    let nfree = net.free.len();
    if nfree <= o.dense_max {
        match dense_check(net, &va) {
            Some(d) => {
                println0!(
                    petsc,
                    "  check: residual max |B Va - Pbus| = {res:.3e} p.u.; dense Gaussian \
                     elimination ({nfree} unknowns): max |Va - Va_dense| = {:.3e} deg",
                    d.to_degrees()
                )?;
                ok &= d <= 1e-9 * free.iter().fold(1.0f64, |m, v| m.max(v.abs()));
            }
            None => {
                println0!(petsc, "  check: the dense reduced system is singular")?;
                ok = false;
            }
        }
    } else {
        println0!(
            petsc,
            "  check: residual max |B Va - Pbus| = {res:.3e} p.u.; dense solve skipped \
             ({nfree} unknowns > --dense-max {})",
            o.dense_max
        )?;
    }
    Ok(ok)
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

fn summarize(net: &Network, flows: &[f64], skip: usize, top: usize, out: &mut [f64]) {
    let (mut fmax, mut fk) = (-1.0, -1.0);
    let (mut lmax, mut lk) = (-1.0, -1.0);
    let mut over: Vec<(f64, usize)> = Vec::new();
    for (k, br) in net.branches.iter().enumerate() {
        if k == skip {
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

/// N-1 screening (collective); returns whether every outage solve converged.
fn screen(petsc: &Petsc, o: &CaseRun, net: &Network) -> AppResult<bool> {
    let world = petsc.mpi_world();
    let (rank, size) = (world.rank() as usize, world.size() as usize);
    let m = net.branches.len();
    let bridges = net.bridges();
    let mine = block_range(m, size, rank);
    let chunk = m.div_ceil(size);
    let r = record_len(o.top);
    let mut local = vec![PADDING; chunk * r];
    let me = petsc.self_comm();
    let mut ksp = Ksp::new(&me)?;
    ksp.set_options_prefix("n1_")?;
    ksp.set_type(KspType::Preonly)?;
    ksp.pc()?.set_type(PcType::Lu)?;
    ksp.set_tolerances(petsc::KspTolerances {
        rtol: Some(o.rtol),
        ..Default::default()
    })?;
    ksp.set_from_options()?;
    // Progress of rank 0's block of outages (the blocks are balanced), on standard error.
    let total = mine.len() as u64;
    let progress = Progress::new(petsc, "N-1 outages screened on rank 0", total);
    for (slot, c) in mine.enumerate() {
        progress.set(slot as u64);
        let rec = &mut local[slot * r..(slot + 1) * r];
        if bridges[c] {
            rec[0] = ISLANDING;
            continue;
        }
        let (a, mut x, b) = assemble(&me, net, Some(c))?;
        ksp.set_operators(&a, &a)?;
        ksp.solve(&b, &mut x)?;
        let va = net.full_angles(&real_parts(&x.view()?));
        summarize(net, &net.flows(&va, Some(c)), c, o.top, rec);
        if !ksp.converged_reason()?.is_converged() {
            rec[0] = NOT_CONVERGED;
        }
    }
    progress.set(total);
    let method = format!("{} + {}", ksp.type_name()?, ksp.pc()?.type_name()?);
    drop(ksp);
    let root = world.process_at_rank(0);
    if rank != 0 {
        root.gather_into(&local[..]);
        return Ok(petsc_examples::all_agree(petsc, true));
    }
    let mut gathered = vec![0.0; size * chunk * r];
    root.gather_into_root(&local[..], &mut gathered[..]);
    let records: Vec<&[f64]> = gathered.chunks(r).filter(|rec| rec[0] != PADDING).collect();
    let ok = report_n1(petsc, o, net, &records, &method, size)?;
    Ok(petsc_examples::all_agree(petsc, ok))
}

/// The N-1 report on rank 0 from the records of every outage in branch order.
fn report_n1(
    petsc: &Petsc,
    o: &CaseRun,
    net: &Network,
    records: &[&[f64]],
    method: &str,
    size: usize,
) -> AppResult<bool> {
    let m = records.len();
    let islanding: Vec<usize> = (0..m).filter(|&c| records[c][0] == ISLANDING).collect();
    let failed: Vec<usize> = (0..m).filter(|&c| records[c][0] == NOT_CONVERGED).collect();
    let solved: Vec<usize> = (0..m).filter(|&c| records[c][0] == SOLVED).collect();
    println0!(
        petsc,
        "N-1 screening: {m} in-service branch outage{} on {size} rank{} ({method} per outage): \
         {} solved, {} islanding, {} not converged",
        plural(m),
        plural(size),
        solved.len(),
        islanding.len(),
        failed.len()
    )?;
    if !islanding.is_empty() {
        println0!(
            petsc,
            "  islanding outages (the network splits; not solved): {}",
            islanding.len()
        )?;
        let names: Vec<String> = islanding.iter().map(|&c| name(net, c)).collect();
        for line in names.chunks(4) {
            println0!(petsc, "    {}", line.join(", "))?;
        }
    }
    for &c in &failed {
        println0!(
            petsc,
            "  outage of {}: the solve did not converge",
            name(net, c)
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
                name(net, c),
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
                name(net, c),
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
                name(net, c),
                name(net, rec[2] as usize),
                rec[1]
            )?;
        }
    }
    if o.all {
        for (c, rec) in records.iter().enumerate() {
            let row = net.branches[c].row + 1;
            if rec[0] == ISLANDING {
                println0!(petsc, "  n-1 {row} islanding")?;
            } else {
                let load = if rec[3] >= 0.0 {
                    format!("{:.10}", 100.0 * rec[3])
                } else {
                    "-".to_string()
                };
                println0!(
                    petsc,
                    "  n-1 {row} max_flow {:.10} MW max_loading {load} %",
                    rec[1]
                )?;
            }
        }
    }
    Ok(failed.is_empty())
}
