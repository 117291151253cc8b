//! The workshop's first four MPI programs, with the MPI types petsc-rs re-exports
//! (`petsc::mpi`, rsmpi): hello, send/receive around a ring, broadcast, scatter/gather.
//! Every rank prints rank-tagged lines (in rank order) and checks what it received.
//!
//! ```text
//! mpiexec -n 4 target/debug/examples/mpi_basics [--chunk 3]
//! ```

use std::process::ExitCode;

use petsc::mpi::point_to_point::send_receive;
use petsc::mpi::traits::*;
use petsc::Petsc;
use petsc_examples::{all_agree, check_failed, println0, require, Flags};

fn main() -> ExitCode {
    petsc::main(body)
}

/// Collects one rank's lines and whether its checks passed.
struct Report {
    rank: i32,
    lines: String,
    failures: usize,
}

impl Report {
    fn line(&mut self, text: String) {
        self.lines
            .push_str(&format!("[rank {}] {text}\n", self.rank));
    }

    fn check(&mut self, what: &str, got: i64, expected: i64) {
        let ok = got == expected;
        if !ok {
            self.failures += 1;
        }
        self.line(format!(
            "{what}: got {got}, expected {expected} {}",
            if ok { "ok" } else { "MISMATCH" }
        ));
    }

    /// Prints every rank's lines in rank order (collective) and starts afresh.
    fn flush(&mut self, petsc: &Petsc) -> petsc::Result<()> {
        petsc.world().print_synchronized(&self.lines)?;
        self.lines.clear();
        Ok(())
    }
}

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let mut flags = Flags::from_env(
        "mpi_basics",
        "hello, send/receive ring, broadcast and scatter/gather with rank-tagged output",
    );
    let chunk: usize = flags.value("chunk", 2, "numbers each rank gets in scatter/gather")?;
    flags.finish()?;
    require((1..=1_000_000).contains(&chunk), || {
        format!("--chunk must be between 1 and 1000000, got {chunk}")
    })?;

    let world = petsc.mpi_world();
    let (rank, size) = (world.rank(), world.size());
    let mut rep = Report {
        rank,
        lines: String::new(),
        failures: 0,
    };

    // 1. Hello.
    println0!(petsc, "== hello ==")?;
    let host = petsc::mpi::environment::processor_name().unwrap_or_else(|_| "?".into());
    let (major, minor) = petsc::mpi::environment::version();
    rep.line(format!(
        "hello from rank {rank} of {size} on {host} (MPI {major}.{minor})"
    ));
    rep.flush(petsc)?;

    // 2. Send/receive: a token travels once around the ring 0 -> 1 -> ... -> 0, each
    //    rank adding one; then every rank swaps with its neighbours at once.
    println0!(petsc, "== send/recv ring ==")?;
    let next = world.process_at_rank((rank + 1) % size);
    let prev = world.process_at_rank((rank + size - 1) % size);
    let start = 100i64;
    if size == 1 {
        let (back, _) = send_receive::<i64, _, _, _>(&(start + 1), &next, &prev);
        rep.check("token back at rank 0 after 1 hop", back, start + 1);
    } else if rank == 0 {
        next.send(&(start + 1));
        let (back, status) = prev.receive::<i64>();
        rep.check(
            &format!(
                "token back at rank 0 from rank {} after {size} hops",
                status.source_rank()
            ),
            back,
            start + i64::from(size),
        );
    } else {
        let (token, status) = prev.receive::<i64>();
        rep.check(
            &format!("token from rank {}", status.source_rank()),
            token,
            start + i64::from(rank),
        );
        next.send(&(token + 1));
    }
    let (left, _) = send_receive::<i32, _, _, _>(&rank, &next, &prev);
    rep.check(
        "shift right: rank number received from the left neighbour",
        i64::from(left),
        i64::from((rank + size - 1) % size),
    );
    rep.flush(petsc)?;

    // 3. Broadcast: rank 0's parameters reach everyone.
    println0!(petsc, "== broadcast ==")?;
    let root = world.process_at_rank(0);
    let truth = [42i64, -7, 1 << 40, i64::from(size)];
    let mut params = if rank == 0 { truth } else { [0i64; 4] };
    root.broadcast_into(&mut params[..]);
    rep.line(format!("parameters after broadcast: {params:?}"));
    for (k, (&got, &want)) in params.iter().zip(&truth).enumerate() {
        if got != want {
            rep.check(&format!("parameter {k}"), got, want);
        }
    }
    rep.flush(petsc)?;

    // 4. Scatter/gather: rank 0 deals `chunk` numbers to each rank, each squares its
    //    numbers, rank 0 gathers the squares back in rank order.
    println0!(petsc, "== scatter/gather ==")?;
    let value = |g: usize| 10 * g as i64 + 3;
    let n = chunk * size as usize;
    let mut mine = vec![0i64; chunk];
    if rank == 0 {
        let all: Vec<i64> = (0..n).map(value).collect();
        root.scatter_into_root(&all[..], &mut mine[..]);
    } else {
        root.scatter_into(&mut mine[..]);
    }
    let first = rank as usize * chunk;
    for (k, &v) in mine.iter().enumerate() {
        rep.check(
            &format!("scattered item {}", first + k),
            v,
            value(first + k),
        );
    }
    let squares: Vec<i64> = mine.iter().map(|v| v * v).collect();
    if rank == 0 {
        let mut gathered = vec![0i64; n];
        root.gather_into_root(&squares[..], &mut gathered[..]);
        let bad = (0..n)
            .filter(|&g| gathered[g] != value(g) * value(g))
            .count();
        rep.check("gathered squares in the wrong place", bad as i64, 0);
        let total: i64 = gathered.iter().sum();
        let expected: i64 = (0..n).map(|g| value(g) * value(g)).sum();
        rep.check(&format!("sum of {n} gathered squares"), total, expected);
    } else {
        root.gather_into(&squares[..]);
    }
    rep.flush(petsc)?;

    if all_agree(petsc, rep.failures == 0) {
        println0!(petsc, "mpi_basics: all checks passed on {size} ranks")?;
        Ok(())
    } else {
        Err(check_failed(
            "some received values were wrong (see MISMATCH lines)",
        ))
    }
}
