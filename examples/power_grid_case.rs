//! `power_grid --case FILE.m [--n-1] [--contingencies contab.m]`: the DC power flow of a
//! MATPOWER case (as `rundcpf` defines it), the reduced susceptance system assembled as
//! a distributed `Mat` and solved by KSP (GMRES + redundant LU by default, anything from
//! the options), then the screening of outages (`power_grid_screen.rs`): N-1 (every
//! in-service branch out in turn) and the contingencies of a MATPOWER change table.
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
    Object, PcType, Petsc, Sizes, Vector,
};
use petsc_examples::change_table;
use petsc_examples::dcpf::Network;
use petsc_examples::{dense_solve, matpower, println0, real_parts, scalar, usage_error};

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
    /// `--n-1-method`: `lodf` (line-outage distribution factors) or `resolve`.
    pub n1_method: &'a str,
    /// `--contingencies`: a MATPOWER change table to screen.
    pub contingencies: Option<&'a Path>,
}

#[path = "power_grid_screen.rs"]
mod screen;

/// The file's text, read on rank 0 and broadcast (collective).
pub(crate) fn read_on_rank0(petsc: &Petsc, path: &Path) -> petsc::Result<String> {
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
        return Err(usage_error(format!(
            "cannot read {}: {text}",
            path.display()
        )));
    }
    Ok(text)
}

/// The reduced system `B_free va_free = Pbus_free - B_free,ref va_ref` with branch
/// `skip` out, rows spread over `comm`: (matrix, solution, right-hand side).
fn assemble(
    comm: &Comm,
    net: &Network,
    skip: Option<usize>,
) -> petsc::Result<(Mat, Vector, Vector)> {
    assemble_numbered(comm, net, skip, None)
}

/// [`assemble`] with the free buses renumbered: `order` holds each free bus's new
/// number and the inverse numbering, and this rank owns `local` rows.
fn assemble_numbered(
    comm: &Comm,
    net: &Network,
    skip: Option<usize>,
    order: Option<(&[usize], &[usize], usize)>,
) -> petsc::Result<(Mat, Vector, Vector)> {
    let n = net.free.len() as Int;
    let nz = net.adj.iter().map(Vec::len).max().unwrap_or(0) as Int + 1;
    let local = order.map(|(_, _, l)| l as Int);
    let mut a = Mat::aij(comm)
        .sizes(Sizes {
            local_rows: local,
            local_cols: local,
            global_rows: Some(n),
            global_cols: Some(n),
        })
        .preallocate(nz, nz)
        .build()?;
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
pub fn run(petsc: &Petsc, o: &CaseRun) -> petsc::Result<bool> {
    if !matches!(o.partition, "auto" | "none") {
        // The partitioner's name, checked before any work.
        MatPartitioning::new(&petsc.world())?
            .set_type_name(o.partition)
            .map_err(|e| usage_error(format!("--partition {}: {e}", o.partition)))?;
    }
    let text = read_on_rank0(petsc, o.path)?;
    let file = o.path.display();
    let case = matpower::parse(&text).map_err(|e| usage_error(format!("{file}: {e}")))?;
    let net = Network::new(&case).map_err(|e| usage_error(format!("{file}: {e}")))?;
    if net.free.is_empty() {
        return Err(usage_error(format!(
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
    let reason = ksp.solve(&b, &mut x)?;
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
        let list = screen::n1_list(&net);
        ok &= screen::screen(petsc, o, (&net, &case), &list, &screen::Screening::N1)?;
    }
    if let Some(path) = o.contingencies {
        let text = read_on_rank0(petsc, path)?;
        let file = path.display().to_string();
        let list = change_table::parse(&text)
            .and_then(|changes| change_table::outages(&changes))
            .map_err(|e| usage_error(format!("{file}: {e}")))
            .and_then(|outages| {
                screen::table_list(&net, &case, &outages)
                    .map_err(|e| usage_error(format!("{file}: {e}")))
            })?;
        let what = screen::Screening::Table(file);
        ok &= screen::screen(petsc, o, (&net, &case), &list, &what)?;
    }
    Ok(ok)
}

/// The base case's solver: GMRES + redundant LU by default, then the options.
fn solver(a: &Mat, o: &CaseRun) -> petsc::Result<Ksp> {
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
fn timed_solve(petsc: &Petsc, ksp: &mut Ksp, b: &Vector, x: &mut Vector) -> petsc::Result<f64> {
    petsc.world().barrier()?;
    let t0 = Instant::now();
    ksp.solve(b, x)?.check()?;
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
fn partitioner(a: &Mat, choice: &str) -> petsc::Result<Option<(String, IndexSet)>> {
    if choice == "none" {
        return Ok(None);
    }
    let mut part = MatPartitioning::new(&a.comm())?;
    part.set_adjacency(a)?;
    if choice != "auto" {
        part.set_type_name(choice)
            .map_err(|e| usage_error(format!("--partition {choice}: {e}")))?;
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
) -> petsc::Result<Option<(Vec<f64>, bool)>> {
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
fn report_base(petsc: &Petsc, o: &CaseRun, net: &Network, free: &[f64]) -> petsc::Result<bool> {
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
