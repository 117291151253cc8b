//! The DC power flow of a MATPOWER case as MATPOWER's `rundcpf` defines it: the
//! network that `ext2int` keeps (isolated buses, out-of-service generators and branches
//! left out), `makeBdc`'s susceptance matrix and phase-shift injections, bus shunts as
//! loads at V = 1, the reference buses' angles held at their `VA`, and the slack
//! generators balancing the system. Everything here is serial and exact; the solve of
//! the reduced system is the caller's.
//!
//! ```
//! use petsc_examples::{dcpf::Network, matpower};
//! let text = "mpc.version = '2';\nmpc.baseMVA = 100;\n\
//!     mpc.bus = [ 1 3 0 0 0 0 1 1 0 345 1 1.1 0.9; 2 1 50 0 0 0 1 1 0 345 1 1.1 0.9 ];\n\
//!     mpc.gen = [ 1 0 0 0 0 1 100 1 100 0 ];\n\
//!     mpc.branch = [ 1 2 0 0.1 0 40 0 0 0 0 1 ];\n";
//! let net = Network::new(&matpower::parse(text).unwrap()).unwrap();
//! // One unknown (bus 2): 10 * (va2 - 0) = -0.5 p.u.
//! let (row, rhs) = net.reduced_row(0, None);
//! assert_eq!(row, vec![(0, 10.0)]);
//! let va = net.full_angles(&[rhs / row[0].1]);
//! assert!((net.flows(&va, None)[0] - 50.0).abs() < 1e-12);
//! assert!((net.slack(&va)[0].1 - 50.0).abs() < 1e-12);
//! ```

use std::collections::HashMap;

use crate::matpower::{Case, CaseError};

/// An in-service branch between kept buses.
#[derive(Debug, Clone, PartialEq)]
pub struct DcBranch {
    /// Its position in `mpc.branch` (0-based).
    pub row: usize,
    /// "From" bus (internal index).
    pub f: usize,
    /// "To" bus (internal index).
    pub t: usize,
    /// Series susceptance `1 / (x * tap)` (tap 1 where the file says 0), p.u.
    pub b: f64,
    /// Phase-shift injection `-b * shift` (radians), p.u.
    pub pfinj: f64,
    /// `RATE_A`, MVA (0: no rating).
    pub rate_a: f64,
}

/// An in-service generator at a kept bus.
#[derive(Debug, Clone, PartialEq)]
pub struct DcGen {
    /// Its position in `mpc.gen` (0-based).
    pub row: usize,
    /// Its bus (internal index).
    pub bus: usize,
    /// `PG`, MW.
    pub pg: f64,
}

/// The network of a DC power flow, buses numbered `0..n` in file order (isolated ones
/// left out).
#[derive(Debug, Clone)]
pub struct Network {
    /// `mpc.baseMVA`.
    pub base_mva: f64,
    /// The bus number of each internal bus.
    pub ids: Vec<u64>,
    /// `BUS_TYPE` of each internal bus.
    pub kind: Vec<u8>,
    /// The reference buses (internal indices), ascending.
    pub refs: Vec<usize>,
    /// Whether a bus is a reference bus.
    pub is_ref: Vec<bool>,
    /// The angle of each bus in the file, radians (kept at the reference buses).
    pub va0: Vec<f64>,
    /// Net injection `(generation - PD - GS) / baseMVA` of each bus, p.u. (the
    /// phase-shift injections are separate, see [`Network::injection`]).
    pub p: Vec<f64>,
    /// `PD` of each bus, MW.
    pub pd: Vec<f64>,
    /// The in-service branches.
    pub branches: Vec<DcBranch>,
    /// The in-service generators.
    pub gens: Vec<DcGen>,
    /// The branches at each bus (indices into `branches`).
    pub adj: Vec<Vec<usize>>,
    /// How many buses, generators and branches of the file were left out.
    pub left_out: (usize, usize, usize),
    /// Whether the reference bus was chosen as MATPOWER does when no `BUS_TYPE` 3 bus
    /// has an in-service generator (the first PV bus with one).
    pub ref_from_pv: bool,
    /// Position of each free (non-reference) bus in the reduced system (`usize::MAX`
    /// for reference buses).
    pub pos: Vec<usize>,
    /// The free buses in order.
    pub free: Vec<usize>,
}

impl Network {
    /// The network of a case; errors for a case without a reference bus or with buses
    /// that no reference bus reaches.
    pub fn new(case: &Case) -> Result<Network, CaseError> {
        let mut index: HashMap<u64, usize> = HashMap::new();
        let (mut ids, mut kind, mut va0, mut p, mut pd) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let base = case.base_mva;
        for b in case.bus.iter().filter(|b| b.kind != 4) {
            index.insert(b.id, ids.len());
            ids.push(b.id);
            kind.push(b.kind);
            va0.push(b.va.to_radians());
            p.push(-(b.pd + b.gs) / base);
            pd.push(b.pd);
        }
        let n = ids.len();
        let mut gens = Vec::new();
        let mut has_gen = vec![false; n];
        for (row, g) in case.gen.iter().enumerate() {
            match index.get(&g.bus) {
                Some(&bus) if g.status > 0.0 => {
                    p[bus] += g.pg / base;
                    has_gen[bus] = true;
                    gens.push(DcGen { row, bus, pg: g.pg });
                }
                _ => {}
            }
        }
        let mut branches = Vec::new();
        let mut adj = vec![Vec::new(); n];
        for (row, br) in case.branch.iter().enumerate() {
            let (Some(&f), Some(&t)) = (index.get(&br.from), index.get(&br.to)) else {
                continue;
            };
            if !br.in_service {
                continue;
            }
            let tap = if br.tap != 0.0 { br.tap } else { 1.0 };
            let b = 1.0 / br.x / tap;
            adj[f].push(branches.len());
            if t != f {
                adj[t].push(branches.len());
            }
            branches.push(DcBranch {
                row,
                f,
                t,
                b,
                pfinj: -b * br.shift.to_radians(),
                rate_a: br.rate_a,
            });
        }
        // bustypes: reference buses are BUS_TYPE 3 with an in-service generator; with
        // none, the first PV bus with one.
        let mut refs: Vec<usize> = (0..n).filter(|&i| kind[i] == 3 && has_gen[i]).collect();
        let mut ref_from_pv = false;
        if refs.is_empty() {
            if let Some(i) = (0..n).find(|&i| kind[i] == 2 && has_gen[i]) {
                refs.push(i);
                ref_from_pv = true;
            }
        }
        if refs.is_empty() {
            let why = if kind.contains(&3) {
                "no reference bus: the BUS_TYPE 3 bus has no in-service generator, and no PV bus (BUS_TYPE 2) has one"
            } else {
                "no reference bus: no bus has BUS_TYPE 3 (and no PV bus has an in-service generator)"
            };
            return Err(CaseError::at(0, why));
        }
        let mut is_ref = vec![false; n];
        for &r in &refs {
            is_ref[r] = true;
        }
        let mut pos = vec![usize::MAX; n];
        let free: Vec<usize> = (0..n).filter(|&i| !is_ref[i]).collect();
        for (k, &i) in free.iter().enumerate() {
            pos[i] = k;
        }
        let net = Network {
            base_mva: base,
            left_out: (
                case.bus.len() - n,
                case.gen.len() - gens.len(),
                case.branch.len() - branches.len(),
            ),
            ids,
            kind,
            refs,
            is_ref,
            va0,
            p,
            pd,
            branches,
            gens,
            adj,
            ref_from_pv,
            pos,
            free,
        };
        let comp = net.components(None);
        let reached: Vec<bool> = {
            let mut r = vec![false; comp.iter().max().map_or(0, |m| m + 1)];
            for &i in &net.refs {
                r[comp[i]] = true;
            }
            r
        };
        let stranded: Vec<u64> = (0..n)
            .filter(|&i| !reached[comp[i]])
            .map(|i| net.ids[i])
            .collect();
        if !stranded.is_empty() {
            let shown: Vec<String> = stranded.iter().take(10).map(u64::to_string).collect();
            return Err(CaseError::at(
                0,
                format!(
                    "{} bus{} not connected to a reference bus by in-service branches (an island without a reference): {}{}",
                    stranded.len(),
                    if stranded.len() == 1 { " is" } else { "es are" },
                    shown.join(", "),
                    if stranded.len() > 10 { ", ..." } else { "" }
                ),
            ));
        }
        Ok(net)
    }

    /// Number of buses.
    pub fn n(&self) -> usize {
        self.ids.len()
    }

    /// `"from-to"` bus numbers of branch `k`.
    pub fn label(&self, k: usize) -> String {
        let br = &self.branches[k];
        format!("{}-{}", self.ids[br.f], self.ids[br.t])
    }

    /// Row `i` of the full `B` (`Bbus` of `makeBdc`), with branch `skip` taken out:
    /// `(column, value)` pairs, one per column.
    pub fn row(&self, i: usize, skip: Option<usize>) -> Vec<(usize, f64)> {
        let mut out: Vec<(usize, f64)> = vec![(i, 0.0)];
        for &k in self.adj[i].iter().filter(|&&k| Some(k) != skip) {
            let br = &self.branches[k];
            if br.f == br.t {
                continue;
            }
            let other = if br.f == i { br.t } else { br.f };
            out[0].1 += br.b;
            match out.iter_mut().find(|(c, _)| *c == other) {
                Some(e) => e.1 -= br.b,
                None => out.push((other, -br.b)),
            }
        }
        out
    }

    /// `Pbus_i`: the net injection of bus `i` minus the phase shifters' injections
    /// (`Pbusinj = Cft' Pfinj`), branch `skip` taken out, p.u.
    pub fn injection(&self, i: usize, skip: Option<usize>) -> f64 {
        let mut p = self.p[i];
        for &k in self.adj[i].iter().filter(|&&k| Some(k) != skip) {
            let br = &self.branches[k];
            if br.f == i {
                p -= br.pfinj;
            }
            if br.t == i {
                p += br.pfinj;
            }
        }
        p
    }

    /// Row `k` of the reduced system (free buses only) and its right-hand side:
    /// `sum_j B_ij va_j = Pbus_i - sum_ref B_ir va0_r`, columns as positions among the
    /// free buses.
    pub fn reduced_row(&self, k: usize, skip: Option<usize>) -> (Vec<(usize, f64)>, f64) {
        let i = self.free[k];
        let mut rhs = self.injection(i, skip);
        let mut row = Vec::new();
        for (j, v) in self.row(i, skip) {
            if self.is_ref[j] {
                rhs -= v * self.va0[j];
            } else {
                row.push((self.pos[j], v));
            }
        }
        (row, rhs)
    }

    /// All angles (radians) from the free buses' angles, the reference buses at `VA`.
    pub fn full_angles(&self, free: &[f64]) -> Vec<f64> {
        let mut va = self.va0.clone();
        for (k, &i) in self.free.iter().enumerate() {
            va[i] = free[k];
        }
        va
    }

    /// Branch flows `Pf = (Bf va + Pfinj) baseMVA`, MW, one per branch (0 for `skip`).
    pub fn flows(&self, va: &[f64], skip: Option<usize>) -> Vec<f64> {
        self.branches
            .iter()
            .enumerate()
            .map(|(k, br)| {
                if Some(k) == skip {
                    0.0
                } else {
                    (br.b * (va[br.f] - va[br.t]) + br.pfinj) * self.base_mva
                }
            })
            .collect()
    }

    /// The slack generators' output: for each reference bus, its first in-service
    /// generator (index into `gens`) and `PG + (B_r va - Pbus_r) baseMVA`, MW.
    pub fn slack(&self, va: &[f64]) -> Vec<(usize, f64)> {
        self.refs
            .iter()
            .filter_map(|&r| {
                let g = self.gens.iter().position(|g| g.bus == r)?;
                let bva: f64 = self.row(r, None).iter().map(|&(j, v)| v * va[j]).sum();
                Some((
                    g,
                    self.gens[g].pg + (bva - self.injection(r, None)) * self.base_mva,
                ))
            })
            .collect()
    }

    /// Largest `|B va - Pbus|` over the free buses (the reduced system's residual), p.u.
    pub fn residual(&self, va: &[f64]) -> f64 {
        self.free
            .iter()
            .map(|&i| {
                let bva: f64 = self.row(i, None).iter().map(|&(j, v)| v * va[j]).sum();
                (bva - self.injection(i, None)).abs()
            })
            .fold(0.0, f64::max)
    }

    /// The connected component of each bus, branch `skip` taken out (labels `0..`).
    pub fn components(&self, skip: Option<usize>) -> Vec<usize> {
        let n = self.n();
        let mut comp = vec![usize::MAX; n];
        let mut next = 0;
        let mut stack = Vec::new();
        for s in 0..n {
            if comp[s] != usize::MAX {
                continue;
            }
            comp[s] = next;
            stack.push(s);
            while let Some(i) = stack.pop() {
                for &k in self.adj[i].iter().filter(|&&k| Some(k) != skip) {
                    let br = &self.branches[k];
                    let j = if br.f == i { br.t } else { br.f };
                    if comp[j] == usize::MAX {
                        comp[j] = next;
                        stack.push(j);
                    }
                }
            }
            next += 1;
        }
        comp
    }

    /// The bridges: branches whose outage splits the network into islands (Tarjan's
    /// low-link, iterative; parallel branches are never bridges).
    pub fn bridges(&self) -> Vec<bool> {
        let n = self.n();
        let mut bridge = vec![false; self.branches.len()];
        let mut disc = vec![usize::MAX; n];
        let mut low = vec![0usize; n];
        let mut time = 0;
        for s in 0..n {
            if disc[s] != usize::MAX {
                continue;
            }
            disc[s] = time;
            low[s] = time;
            time += 1;
            // (bus, branch it was entered by, next position in its adjacency list)
            let mut stack: Vec<(usize, usize, usize)> = vec![(s, usize::MAX, 0)];
            while let Some(top) = stack.last_mut() {
                let (i, via, next) = *top;
                if next < self.adj[i].len() {
                    top.2 += 1;
                    let k = self.adj[i][next];
                    if k == via {
                        continue;
                    }
                    let br = &self.branches[k];
                    let j = if br.f == i { br.t } else { br.f };
                    if disc[j] == usize::MAX {
                        disc[j] = time;
                        low[j] = time;
                        time += 1;
                        stack.push((j, k, 0));
                    } else {
                        low[i] = low[i].min(disc[j]);
                    }
                } else {
                    stack.pop();
                    if let Some(&(parent, _, _)) = stack.last() {
                        low[parent] = low[parent].min(low[i]);
                        if low[i] > disc[parent] {
                            bridge[via] = true;
                        }
                    }
                }
            }
        }
        bridge
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matpower::parse;

    fn case(buses: &str, branches: &str) -> Network {
        let text = format!(
            "mpc.version = '2';\nmpc.baseMVA = 100;\nmpc.bus = [\n{buses}];\n\
             mpc.gen = [ 1 100 0 0 0 1 100 1 200 0 ];\nmpc.branch = [\n{branches}];\n"
        );
        Network::new(&parse(&text).unwrap()).unwrap()
    }

    const BUS4: &str = "1 3 0 0 0 0 1 1 0 1 1 1 1\n2 1 10 0 0 0 1 1 0 1 1 1 1\n\
                        3 1 20 0 0 0 1 1 0 1 1 1 1\n4 1 30 0 0 0 1 1 0 1 1 1 1\n";

    #[test]
    fn bridges_agree_with_components() {
        // A triangle 1-2-3 with a doubled line 3-4 and a spur... then a single 3-4.
        for (branches, expect) in [
            (
                "1 2 0 .1 0 0 0 0 0 0 1\n2 3 0 .1 0 0 0 0 0 0 1\n3 1 0 .1 0 0 0 0 0 0 1\n\
                 3 4 0 .1 0 0 0 0 0 0 1\n3 4 0 .2 0 0 0 0 0 0 1\n",
                vec![false; 5],
            ),
            (
                "1 2 0 .1 0 0 0 0 0 0 1\n2 3 0 .1 0 0 0 0 0 0 1\n3 1 0 .1 0 0 0 0 0 0 1\n\
                 3 4 0 .1 0 0 0 0 0 0 1\n",
                vec![false, false, false, true],
            ),
            (
                "1 2 0 .1 0 0 0 0 0 0 1\n2 3 0 .1 0 0 0 0 0 0 1\n3 4 0 .1 0 0 0 0 0 0 1\n",
                vec![true; 3],
            ),
        ] {
            let net = case(BUS4, branches);
            assert_eq!(net.bridges(), expect);
            for (k, &bridge) in expect.iter().enumerate() {
                let islands = net.components(Some(k)).iter().max().copied().unwrap_or(0) + 1;
                assert_eq!(islands > 1, bridge, "branch {k}");
            }
        }
    }

    #[test]
    fn shifter_and_tap() {
        // 1 -- 2 through a transformer with tap 2 and a 10 degree shift.
        let net = case(
            "1 3 0 0 0 0 1 1 0 1 1 1 1\n2 1 50 0 0 0 1 1 0 1 1 1 1\n",
            "1 2 0 0.1 0 0 0 0 2 10 1\n",
        );
        let br = &net.branches[0];
        assert!((br.b - 5.0).abs() < 1e-15);
        let (row, rhs) = net.reduced_row(0, None);
        let va = net.full_angles(&[rhs / row[0].1]);
        assert!((net.flows(&va, None)[0] - 50.0).abs() < 1e-12);
    }
}
