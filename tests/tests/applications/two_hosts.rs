//! Examples run across two "hosts" give the same answers as on one.
//!
//! The two hosts are Linux network namespaces made by the test, `petscrs-a-<pid>-<k>` and
//! `petscrs-b-<pid>-<k>`, joined by a veth pair with the addresses 10.213.7.1/24 and
//! 10.213.7.2/24 (they exist only inside the two namespaces). OpenMPI's `mpiexec` starts
//! in namespace A with a hostfile naming both addresses, TCP as the only transport
//! (`--mca btl tcp,self`, IPv4 only, both `*_if_include` set to the veth subnet), and as its
//! remote shell (`--mca plm_rsh_agent`; Open MPI 5: `--prtemca plm_ssh_agent`) a small
//! script that runs the daemon's command inside the namespace owning the target
//! address, as `ssh host cmd` would on a real cluster. Rank 0
//! runs in A, rank 1 in B; every message between them crosses the veth pair.
//!
//! Each case builds its own pair of namespaces and removes them (with the processes left
//! in them, the veth pair and the temporary directory) when it ends, also when it fails.
//! Where `mpiexec` is not Open MPI's or `ip` cannot run, or `ip netns add` is refused
//! (not root), the cases are reported as ignored, naming why.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use petsc::Petsc;
use petsc_tests::{example, run_example, run_with_timeout, value_after, Case};

/// Time limit of every `mpiexec` across the two hosts: the suite's own limit for
/// `mpiexec` (a run on a loaded machine, two daemons started through the namespaces'
/// remote shell, took more than 120 s to finish).
const LIMIT: Duration = petsc_tests::MPIEXEC_TIMEOUT;
/// Time limit of every `ip` command.
const IP_LIMIT: Duration = Duration::from_secs(20);
/// The test subnet; its addresses exist only inside the two namespaces.
const SUBNET: &str = "10.213.7.0/24";
const ADDR_A: &str = "10.213.7.1";
const ADDR_B: &str = "10.213.7.2";

/// Why the two hosts cannot be made here, or `None` when they can be tried.
fn unsupported() -> Option<String> {
    // OpenMPI 4 prints "mpiexec (OpenRTE) 4.1.4"; 5 prints "(Open MPI)".
    if !petsc_tests::is_openmpi() {
        return Some(format!(
            "{} is not OpenMPI's mpiexec (the test drives OpenMPI's rsh launcher)",
            petsc_tests::launcher()
        ));
    }
    // Under Open MPI 5 the daemons start in both namespaces, plain programs run, and an
    // MPI program's ranks exchange messages (a C program's allreduce across the two
    // gives the right sum on rank 0), but the rank the second namespace's daemon
    // started never exits (it keeps a core busy), so every run hangs at its end (killed
    // after 300 s), also with every transport but TCP turned off (no UCX, no libfabric).
    if petsc_tests::openmpi_version().is_some_and(|v| v >= 5) {
        return Some(
            "Open MPI 4's launcher (under Open MPI 5 the ranks start in both namespaces \
             and exchange messages, but the rank in the second one never exits)"
                .to_string(),
        );
    }
    if let Err(e) = Command::new("ip").arg("-V").output() {
        return Some(format!(
            "`ip` cannot be run ({e}); install iproute2 to run this test"
        ));
    }
    None
}

/// Runs `ip args`, returning its output (failing the case if `ip` cannot start).
fn ip(args: &[&str]) -> Output {
    let mut cmd = Command::new("ip");
    cmd.args(args);
    run_with_timeout(cmd, IP_LIMIT)
}

/// Runs `ip args` and panics (after the guard's cleanup, through unwinding) on failure.
fn ip_ok(args: &[&str]) {
    let out = ip(args);
    assert!(
        out.status.success(),
        "ip {} failed ({:?}): {}",
        args.join(" "),
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).trim()
    );
}

/// Two network namespaces joined by a veth pair, an rsh agent and a hostfile; all of it
/// is removed on drop.
struct TwoHosts {
    ns: [String; 2],
    dir: PathBuf,
    /// Namespaces made so far (removed on drop).
    made: Vec<String>,
}

impl TwoHosts {
    /// Makes the two hosts; `None`, with the reason printed, when namespaces are not
    /// permitted here. Any failure after the first namespace exists is a test failure.
    fn new() -> Option<TwoHosts> {
        if let Some(why) = unsupported() {
            petsc_tests::skip(format!("the case: {why}"));
            return None;
        }
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let k = COUNT.fetch_add(1, Ordering::Relaxed);
        let pid = std::process::id();
        let ns = [
            format!("petscrs-a-{pid}-{k}"),
            format!("petscrs-b-{pid}-{k}"),
        ];
        let dir = std::env::temp_dir().join(format!("petscrs-two-hosts-{pid}-{k}"));
        let mut hosts = TwoHosts {
            ns: ns.clone(),
            dir,
            made: Vec::new(),
        };
        // The real check: can this process make a network namespace?
        let first = ip(&["netns", "add", &ns[0]]);
        if !first.status.success() {
            petsc_tests::skip(format!(
                "the case: network namespaces are not permitted here (uid {}): \
                 `ip netns add` says: {}",
                uid(),
                String::from_utf8_lossy(&first.stderr).trim()
            ));
            return None;
        }
        hosts.made.push(ns[0].clone());
        ip_ok(&["netns", "add", &ns[1]]);
        hosts.made.push(ns[1].clone());
        // Interface names are at most 15 characters.
        let (va, vb) = (format!("pra{pid}x{k}"), format!("prb{pid}x{k}"));
        ip_ok(&[
            "link", "add", &va, "netns", &ns[0], "type", "veth", "peer", "name", &vb, "netns",
            &ns[1],
        ]);
        for (n, dev, addr) in [(&ns[0], &va, ADDR_A), (&ns[1], &vb, ADDR_B)] {
            ip_ok(&["-n", n, "addr", "add", &format!("{addr}/24"), "dev", dev]);
            ip_ok(&["-n", n, "link", "set", "lo", "up"]);
            ip_ok(&["-n", n, "link", "set", dev, "up"]);
        }
        std::fs::create_dir_all(&hosts.dir).expect("temporary directory");
        // OpenMPI calls the agent as `agent HOST WORDS...`, like ssh: the words form one
        // shell command line, run here in the namespace that owns HOST.
        let agent = format!(
            "#!/bin/sh\n\
             host=$1\n\
             shift\n\
             case \"$host\" in\n\
             {ADDR_A}) ns={a} ;;\n\
             {ADDR_B}) ns={b} ;;\n\
             *) echo \"rsh agent: unknown host $host\" >&2; exit 1 ;;\n\
             esac\n\
             exec ip netns exec \"$ns\" sh -c \"$*\"\n",
            a = ns[0],
            b = ns[1]
        );
        let agent_path = hosts.agent();
        std::fs::write(&agent_path, agent).expect("write the rsh agent");
        make_executable(&agent_path);
        hosts.write_hostfile(1);
        Some(hosts)
    }

    fn agent(&self) -> PathBuf {
        self.dir.join("rsh-agent.sh")
    }

    fn hostfile(&self) -> PathBuf {
        self.dir.join("hostfile")
    }

    fn write_hostfile(&self, slots: usize) {
        std::fs::write(
            self.hostfile(),
            format!("{ADDR_A} slots={slots}\n{ADDR_B} slots={slots}\n"),
        )
        .expect("write the hostfile");
    }

    /// Runs `program args` on `n` ranks spread over the two hosts (`n / 2` each), with
    /// `mpiexec` started in namespace A.
    fn mpiexec(&self, n: usize, program: &Path, args: &[&str]) -> Output {
        assert!(n % 2 == 0, "an even number of ranks");
        self.write_hostfile(n / 2);
        let mut cmd = Command::new("ip");
        cmd.args(["netns", "exec", &self.ns[0]])
            .arg(petsc_tests::launcher())
            .args(["-n", &n.to_string()])
            .arg("--hostfile")
            .arg(self.hostfile())
            .args(["--map-by", "slot"]);
        // Open MPI 5's launcher (PRRTE) takes its own parameters with `--prtemca` and
        // calls its remote shell `ssh`; Open MPI 4's takes them with `--mca`, as `rsh`.
        let (runtime, plm) = if petsc_tests::openmpi_version().is_some_and(|v| v >= 5) {
            ("--prtemca", "plm_ssh")
        } else {
            ("--mca", "plm_rsh")
        };
        cmd.arg(runtime)
            .arg(format!("{plm}_agent"))
            .arg(self.agent())
            .args([runtime, &format!("{plm}_no_tree_spawn"), "1"])
            .args([runtime, "oob_tcp_if_include", SUBNET])
            .args(["--mca", "btl", "tcp,self"])
            .args(["--mca", "btl_tcp_if_include", SUBNET])
            // The veth ends also have IPv6 link-local addresses, with which Open MPI 5's
            // TCP transport finds no "reachable pairing" and gives up.
            .args(["--mca", "btl_tcp_disable_family", "6"]);
        if std::env::var_os("PETSC_OPTIONS").is_some() {
            cmd.args(["-x", "PETSC_OPTIONS"]);
        }
        cmd.arg(program).args(args);
        run_with_timeout(cmd, LIMIT)
    }

    /// The network-namespace identity (`net:[inode]`) seen inside namespace `i`.
    fn net_id(&self, i: usize) -> String {
        let out = ip(&[
            "netns",
            "exec",
            &self.ns[i],
            "readlink",
            "/proc/self/ns/net",
        ]);
        assert!(out.status.success(), "readlink in {}", self.ns[i]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Removes everything: the processes still in the namespaces (all started by this
    /// test), the namespaces (and with them the veth pair), the temporary directory.
    fn cleanup(&mut self) {
        // Never panics (it runs while unwinding): plain `output()`, errors reported.
        let quiet = |args: &[&str]| Command::new("ip").args(args).output();
        for n in std::mem::take(&mut self.made) {
            for _ in 0..50 {
                let pids: Vec<String> = quiet(&["netns", "pids", &n])
                    .map(|o| {
                        String::from_utf8_lossy(&o.stdout)
                            .split_whitespace()
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default();
                if pids.is_empty() {
                    break;
                }
                let _ = Command::new("kill").arg("-KILL").args(&pids).output();
                std::thread::sleep(Duration::from_millis(100));
            }
            match quiet(&["netns", "del", &n]) {
                Ok(o) if o.status.success() => {}
                Ok(o) => eprintln!(
                    "two_hosts: could not delete namespace {n}: {}",
                    String::from_utf8_lossy(&o.stderr).trim()
                ),
                Err(e) => eprintln!("two_hosts: could not delete namespace {n}: {e}"),
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Drop for TwoHosts {
    fn drop(&mut self) {
        self.cleanup();
    }
}

fn uid() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
        })
        .unwrap_or_else(|| "?".into())
}

fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .expect("chmod the rsh agent");
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Runs `name args` on `n` ranks across the two hosts and with plain `mpiexec -n n`, and
/// asserts that both print the same lines (every digit). Returns the two-host output.
fn same_on_two_hosts(hosts: &TwoHosts, name: &str, n: usize, args: &[&str]) -> String {
    let t = Instant::now();
    let one = run_example(name, n, args);
    let t_one = t.elapsed();
    let t = Instant::now();
    let out = hosts.mpiexec(n, &example(name), args);
    let t_two = t.elapsed();
    assert!(
        out.status.success(),
        "{name} {args:?} across two hosts failed ({:?}):\n{}",
        out.status.code(),
        text(&out)
    );
    let leaks = petsc_tests::leak_lines(&text(&out)).join("\n");
    assert!(leaks.is_empty(), "{name} across two hosts leaks:\n{leaks}");
    let two = String::from_utf8_lossy(&out.stdout).into_owned();
    let (a, b): (Vec<&str>, Vec<&str>) = (one.lines().collect(), two.lines().collect());
    assert!(!a.is_empty(), "{name} printed nothing");
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        assert_eq!(
            x, y,
            "{name}: line {i} differs\none host:\n{one}\ntwo hosts:\n{two}"
        );
    }
    assert_eq!(
        a.len(),
        b.len(),
        "{name}: line counts differ\none host:\n{one}\ntwo hosts:\n{two}"
    );
    println!(
        "    {name} on {n} ranks: {} lines identical; one host {:.2} s, two hosts {:.2} s",
        a.len(),
        t_one.as_secs_f64(),
        t_two.as_secs_f64()
    );
    two
}

/// The launcher puts the ranks in different network namespaces: rank 0 in A, rank 1 in
/// B (and with two slots each, ranks 0-1 in A and 2-3 in B), and an MPI program's ranks
/// reach each other over the veth pair.
fn two_hosts_ranks_apart(_: &Petsc) -> petsc::Result<()> {
    let Some(hosts) = TwoHosts::new() else {
        return Ok(());
    };
    let (id_a, id_b) = (hosts.net_id(0), hosts.net_id(1));
    let here = std::fs::read_link("/proc/self/ns/net")
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    assert_ne!(id_a, id_b);
    assert_ne!(id_a, here);
    assert_ne!(id_b, here);
    let probe = Path::new("/bin/sh");
    let script = "echo rank $OMPI_COMM_WORLD_RANK $(readlink /proc/self/ns/net) \
                  $(ip -4 -o addr show scope global | awk '{print $4}')";
    for (n, expect) in [
        (2, vec![&id_a, &id_b]),
        (4, vec![&id_a, &id_a, &id_b, &id_b]),
    ] {
        let out = hosts.mpiexec(n, probe, &["-c", script]);
        let all = text(&out);
        assert!(out.status.success(), "{all}");
        for (r, id) in expect.iter().enumerate() {
            let line = all
                .lines()
                .find(|l| l.starts_with(&format!("rank {r} ")))
                .unwrap_or_else(|| panic!("no line for rank {r}:\n{all}"));
            assert!(line.contains(id.as_str()), "rank {r} not in {id}: {line}");
            let addr = if *id == &id_a { ADDR_A } else { ADDR_B };
            assert!(line.contains(&format!("{addr}/24")), "{line}");
        }
        let mut lines: Vec<&str> = all.lines().filter(|l| l.starts_with("rank ")).collect();
        lines.sort_unstable();
        println!("    {n} ranks: {}", lines.join("; "));
    }
    let out = hosts.mpiexec(2, &example("mpi_basics"), &[]);
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    assert!(all.contains("all checks passed on 2 ranks"), "{all}");
    assert!(all.contains("token back at rank 0"), "{all}");
    Ok(())
}

/// power_grid (CG + GAMG) on one rank per host: the same voltages and currents, to the
/// last printed digit, as `mpiexec -n 2` on one host.
fn two_hosts_power_grid(_: &Petsc) -> petsc::Result<()> {
    let Some(hosts) = TwoHosts::new() else {
        return Ok(());
    };
    let out = same_on_two_hosts(&hosts, "power_grid", 2, &["--nx", "12", "--ny", "8"]);
    let dense = value_after(&out, "max |v - v_dense| =").expect("dense check line");
    assert!(dense < 1e-8, "{out}");
    assert!(out.contains("2 ranks"), "{out}");
    Ok(())
}

/// PETSc's ksp/ex2 port: the same error norm and iteration count on one rank per host,
/// and on two ranks per host.
fn two_hosts_ksp_ex2(_: &Petsc) -> petsc::Result<()> {
    let Some(hosts) = TwoHosts::new() else {
        return Ok(());
    };
    for n in [2, 4] {
        let out = same_on_two_hosts(&hosts, "ksp_ex2", n, &["-m", "60", "-n", "60"]);
        let norm = value_after(&out, "Norm of error").expect("error line");
        assert!(norm < 1e-2, "{out}");
    }
    Ok(())
}

/// bratu (SNES on a DMDA, ghost exchange every residual): the same function norm at every
/// Newton iteration and the same linear iterations on one rank per host.
fn two_hosts_bratu(_: &Petsc) -> petsc::Result<()> {
    let Some(hosts) = TwoHosts::new() else {
        return Ok(());
    };
    let out = same_on_two_hosts(
        &hosts,
        "bratu",
        2,
        &[
            "-da_grid_x",
            "32",
            "-da_grid_y",
            "32",
            "-par",
            "6.0",
            "-snes_monitor",
            "-ksp_converged_reason",
            "-snes_converged_reason",
        ],
    );
    assert!(out.contains("check: independent residual"), "{out}");
    assert!(out.trim_end().ends_with(": agree"), "{out}");
    Ok(())
}

pub fn cases() -> Vec<Case> {
    // Without Open MPI's launcher or `ip`, every case is reported as ignored, naming why.
    let why: Option<&'static str> = unsupported().map(|w| &*Box::leak(w.into_boxed_str()));
    let cases = [
        Case::new("two_hosts_ranks_apart", two_hosts_ranks_apart),
        Case::new("two_hosts_power_grid", two_hosts_power_grid),
        Case::new("two_hosts_ksp_ex2", two_hosts_ksp_ex2),
        Case::new("two_hosts_bratu", two_hosts_bratu),
    ];
    cases
        .map(|c| c.requires(why.is_none(), why.unwrap_or("")))
        .to_vec()
}
