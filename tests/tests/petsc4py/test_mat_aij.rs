//! petsc4py's `test_mat_aij.py`, ported: AIJ, BAIJ, SBAIJ, AIJCRL and IS matrices built
//! from a grid graph (`G23` is a 2 x 3 grid per rank, ...), with block sizes `B2`..`B5`,
//! preallocated by counts or by CSR arrays, filled, converted, cut into submatrices.
//!
//! Every method body is written once and run for each class petsc4py's unittest
//! collects (the `Base*` classes too, as unittest runs them: an empty matrix), with the
//! overrides of the subclasses (`Family`).

use petsc::{
    Comm, IndexSet, InsertMode, Int, Mat, MatOption, Nnz, Object, Petsc, Scalar, Sizes, Vector,
};
use petsc_tests::Case;

/// What a class overrides of petsc4py's `BaseTestMatAnyAIJ`.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Family {
    /// `BaseTestMatAnyAIJ` as it is (AIJ, BAIJ, AIJCRL, IS).
    Any,
    /// `BaseTestMatSBAIJ`: no block-diagonal inversion, the structure only read.
    Sbaij,
    /// The first `BaseTestMatAIJ_B` (AIJ with square blocks): no preallocation tests,
    /// preallocation scaled by the block size, the structure only read.
    AijB,
    /// The second `BaseTestMatAIJ_B` (non-square blocks, and AIJCRL with blocks).
    AijB2,
}

/// petsc4py's `BSIZE`: `None`, one block size, or row and column block sizes.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Bs {
    None,
    Square(Int),
    Pair(Int, Int),
}

impl Bs {
    /// `(rbs, cbs)` as `setUp` unpacks them (1 for `None`).
    fn pair(self) -> (Int, Int) {
        match self {
            Bs::None => (1, 1),
            Bs::Square(b) => (b, b),
            Bs::Pair(r, c) => (r, c),
        }
    }

    /// Python's truth value of `BSIZE`.
    fn truthy(self) -> bool {
        !matches!(self, Bs::None)
    }
}

#[derive(Clone, Debug)]
struct Config {
    world: bool,
    ty: &'static str,
    grid: (Int, Int),
    bs: Bs,
    family: Family,
}

/// `setUp`: the graph of this rank's rows, the values, and the matrix with its type and
/// sizes.
struct Fixture {
    a: Mat,
    rows: Vec<Int>,
    xadj: Vec<Int>,
    adjy: Vec<Int>,
    /// Blocks of `rbs x cbs` values, row by row within a block, block after block.
    vals: Vec<Scalar>,
    rbs: Int,
    cbs: Int,
}

fn comm(petsc: &Petsc, cfg: &Config) -> Comm {
    if cfg.world {
        petsc.world()
    } else {
        petsc.self_comm()
    }
}

/// petsc4py's `mkgraph`: the 5-point graph of an `m x n` grid per rank, rows numbered
/// after the previous ranks'.
fn mkgraph(rank: Int, m: Int, n: Int) -> (Vec<Int>, Vec<Int>, Vec<Int>) {
    let start = m * n * rank;
    let end = start + m * n;
    let mut xadj = vec![0];
    let mut adjy = Vec::new();
    for g in start..end {
        let (i, j) = (g / n, g - (g / n) * n);
        if i > 0 {
            adjy.push(g - n);
        }
        if j > 0 {
            adjy.push(g - 1);
        }
        adjy.push(g);
        if j < n - 1 {
            adjy.push(g + 1);
        }
        if i < m - 1 {
            adjy.push(g + n);
        }
        xadj.push(adjy.len() as Int);
    }
    ((start..end).collect(), xadj, adjy)
}

fn set_up(petsc: &Petsc, cfg: &Config) -> petsc::Result<Fixture> {
    let c = comm(petsc, cfg);
    let (gm, gn) = cfg.grid;
    let (rbs, cbs) = cfg.bs.pair();
    let (rows, xadj, adjy) = mkgraph(c.rank() as Int, gm, gn);
    let vals = (1..=adjy.len() as Int * rbs * cbs)
        .map(|v| Scalar::from(v as f64))
        .collect();
    let mut a = Mat::new(&c)?;
    a.set_type_name(cfg.ty)?;
    a.set_sizes_to(Sizes::local(gm * gn * rbs, gm * gn * cbs))?;
    match cfg.bs {
        Bs::None => {}
        Bs::Square(b) => a.set_block_size(b)?,
        Bs::Pair(r, c) => a.set_block_sizes(r, c)?,
    }
    Ok(Fixture {
        a,
        rows,
        xadj,
        adjy,
        vals,
        rbs,
        cbs,
    })
}

fn close(a: impl Into<petsc::Complex<f64>>, b: impl Into<petsc::Complex<f64>>) -> bool {
    let (a, b) = (a.into(), b.into());
    (a - b).norm() <= 1e-8 + 1e-5 * b.norm()
}

fn all_close(a: &[Scalar], b: &[Scalar]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(&x, &y)| close(x, y))
}

fn vec_close(a: &Vector, b: &Vector) -> petsc::Result<bool> {
    Ok(all_close(&a.view()?, &b.view()?))
}

impl Fixture {
    fn ty(&self) -> petsc::Result<String> {
        self.a.type_name()
    }

    /// `_preallocate`, with the overrides of the `AIJ_B` classes.
    fn preallocate(&mut self, cfg: &Config) -> petsc::Result<()> {
        match cfg.family {
            Family::Any | Family::Sbaij => self.a.set_preallocation_nnz(Nnz::Each(5), Nnz::Each(2)),
            Family::AijB => {
                let (b, _) = cfg.bs.pair();
                self.a
                    .set_preallocation_nnz(Nnz::Each(5 * b), Nnz::Each(3 * b))?;
                chk_bs(&self.a, cfg.bs)
            }
            Family::AijB2 => {
                let (r, c) = cfg.bs.pair();
                self.a
                    .set_preallocation_nnz(Nnz::Each(5 * r), Nnz::Each(3 * c))?;
                assert_eq!(self.a.block_sizes()?, (r, c));
                Ok(())
            }
        }
    }

    /// `_set_values`: row by row with `setValues`, or `setValuesBlocked` when there is a
    /// block size (the values of a block row handed over as petsc4py does, in its order).
    fn set_values(&mut self, cfg: &Config) -> petsc::Result<()> {
        let per = (self.rbs * self.cbs) as usize;
        for (i, &r) in self.rows.iter().enumerate() {
            let (s, e) = (self.xadj[i] as usize, self.xadj[i + 1] as usize);
            let (cols, v) = (&self.adjy[s..e], &self.vals[s * per..e * per]);
            if cfg.bs.truthy() {
                self.a
                    .set_values_blocked(&[r], cols, v, InsertMode::Insert)?;
            } else {
                self.a.set_values(&[r], cols, v, InsertMode::Insert)?;
            }
        }
        Ok(())
    }

    /// `_set_values_ijv`: `setValuesIJV` (or the blocked form) with the rows given, then
    /// with this rank's rows. petsc4py sets a blocked row block by block; the same
    /// values go here as a block row.
    fn set_values_ijv(&mut self, cfg: &Config) -> petsc::Result<()> {
        let rows = self.rows.clone();
        for rowmap in [Some(&rows[..]), None] {
            if cfg.bs.truthy() {
                let v = self.block_rows();
                let a = &mut self.a;
                a.set_values_blocked_ijv(&self.xadj, &self.adjy, &v, InsertMode::Insert, rowmap)?;
            } else {
                let a = &mut self.a;
                a.set_values_ijv(
                    &self.xadj,
                    &self.adjy,
                    &self.vals,
                    InsertMode::Insert,
                    rowmap,
                )?;
            }
        }
        Ok(())
    }

    /// The values block row by block row: the `rbs` rows of a block row one after the
    /// other, each across the row's blocks.
    fn block_rows(&self) -> Vec<Scalar> {
        let (rbs, cbs) = (self.rbs as usize, self.cbs as usize);
        let mut out = Vec::with_capacity(self.vals.len());
        for i in 0..self.rows.len() {
            let (s, e) = (self.xadj[i] as usize, self.xadj[i + 1] as usize);
            for r in 0..rbs {
                for b in s..e {
                    let at = b * rbs * cbs + r * cbs;
                    out.extend_from_slice(&self.vals[at..at + cbs]);
                }
            }
        }
        out
    }

    /// `_chk_aij`, with the overrides of the SBAIJ and `AIJ_B` classes.
    fn chk_aij(&self, cfg: &Config) -> petsc::Result<()> {
        let want = Some((self.xadj.clone(), self.adjy.clone()));
        match cfg.family {
            Family::Any => {
                let compressed = cfg.bs.truthy();
                for got in [
                    self.a.row_ij_compressed(false, compressed)?,
                    self.a.column_ij_compressed(false, compressed)?,
                ] {
                    if got.is_some() {
                        assert_eq!(got, want);
                    }
                }
            }
            Family::Sbaij => {
                self.a.row_ij_compressed(false, true)?;
                self.a.column_ij_compressed(false, true)?;
            }
            Family::AijB => {
                self.a.row_ij(false)?;
                self.a.column_ij_compressed(false, cfg.bs.truthy())?;
            }
            Family::AijB2 => {
                self.a.row_ij(false)?;
                self.a.column_ij(false)?;
            }
        }
        Ok(())
    }

    /// Preallocates, sets the values by IJV and assembles, as most methods start.
    fn filled(&mut self, cfg: &Config) -> petsc::Result<()> {
        self.preallocate(cfg)?;
        self.set_values_ijv(cfg)?;
        self.a.assemble()
    }
}

fn chk_bs(a: &Mat, bs: Bs) -> petsc::Result<()> {
    let want = match bs {
        Bs::Square(b) => b,
        _ => 1,
    };
    assert_eq!(a.block_size()?, want);
    Ok(())
}

/// The body of `testSetPreallocNNZ` and `testSetPreallocNNZ_2` after preallocation.
fn fill_and_check(f: &mut Fixture, cfg: &Config) -> petsc::Result<()> {
    chk_bs(&f.a, cfg.bs)?;
    f.a.set_option(MatOption::NewNonzeroAllocationErr, true)?;
    f.set_values(cfg)?;
    f.a.assemble()?;
    f.chk_aij(cfg)?;
    f.a.set_option(MatOption::NewNonzeroLocationErr, true)?;
    f.set_values_ijv(cfg)?;
    f.a.assemble()?;
    f.chk_aij(cfg)
}

fn set_prealloc_nnz(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut f = set_up(petsc, cfg)?;
    f.a.set_preallocation_nnz(Nnz::Each(5), Nnz::Each(2))?;
    fill_and_check(&mut f, cfg)
}

fn set_prealloc_nnz_2(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut f = set_up(petsc, cfg)?;
    let d_nnz: Vec<Int> = f.xadj.windows(2).map(|w| w[1] - w[0]).collect();
    f.a.set_preallocation_nnz(Nnz::Rows(&d_nnz), Nnz::Each(3))?;
    fill_and_check(&mut f, cfg)
}

/// `testSetPreallocCSR` (without values) and `testSetPreallocCSR_2` (with them).
fn set_prealloc_csr(petsc: &Petsc, cfg: &Config, with_values: bool) -> petsc::Result<()> {
    let mut f = set_up(petsc, cfg)?;
    if f.ty()?.contains("is") {
        return Ok(()); // XXX in petsc4py
    }
    let values = with_values.then(|| f.vals.clone());
    f.a.set_preallocation_csr(&f.xadj, &f.adjy, values.as_deref())?;
    chk_bs(&f.a, cfg.bs)?;
    f.chk_aij(cfg)?;
    f.a.set_option(MatOption::NewNonzeroLocationErr, true)?;
    f.set_values(cfg)?;
    f.a.assemble()?;
    f.chk_aij(cfg)?;
    f.set_values_ijv(cfg)?;
    f.a.assemble()?;
    f.chk_aij(cfg)
}

/// `testSetValues` and `testSetValuesIJV` (the same in every class).
fn set_values(petsc: &Petsc, cfg: &Config, ijv: bool) -> petsc::Result<()> {
    let mut f = set_up(petsc, cfg)?;
    f.preallocate(cfg)?;
    for option in [
        MatOption::NewNonzeroAllocationErr,
        MatOption::NewNonzeroLocationErr,
    ] {
        f.a.set_option(option, true)?;
        if ijv {
            f.set_values_ijv(cfg)?;
        } else {
            f.set_values(cfg)?;
        }
        f.a.assemble()?;
        f.chk_aij(cfg)?;
    }
    Ok(())
}

fn get_values_csr(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut f = set_up(petsc, cfg)?;
    if f.ty()?.contains("is") {
        return Ok(()); // XXX in petsc4py
    }
    f.filled(cfg)?;
    if f.ty()?.contains("sbaij") {
        f.a.set_option(MatOption::GetrowUppertriangular, true)?;
    }
    let (ai, aj, av) = f.a.values_csr()?;
    let range = f.a.ownership_range()?;
    for row in range.clone() {
        let r = f.a.row(row)?;
        let i = (row - range.start) as usize;
        let (s, e) = (ai[i] as usize, ai[i + 1] as usize);
        assert_eq!(&aj[s..e], r.cols());
        assert!(all_close(&av[s..e], r.values()));
    }
    Ok(())
}

fn convert_to_same(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut f = set_up(petsc, cfg)?;
    f.filled(cfg)?;
    f.a.convert_in_place("same") // petsc4py's `convert` without `out` is in place
}

/// `testConvertToDENSE` and `testConvertToAIJ`: a new matrix, the same one reused, then
/// the matrix itself converted, each giving the same product.
fn convert_to(petsc: &Petsc, cfg: &Config, to: &str) -> petsc::Result<()> {
    let mut f = set_up(petsc, cfg)?;
    f.filled(cfg)?;
    let a = &mut f.a;
    let (mut x, mut y) = a.create_vecs()?;
    x.set_random(None)?;
    let mut z = y.duplicate()?;
    a.mult(&x, &mut y)?;
    if a.type_name()?.ends_with("sbaij") {
        return Ok(());
    }
    let mut b = a.convert(to)?; // initial
    b.mult(&x, &mut z)?;
    assert!(vec_close(&y, &z)?);
    a.convert_into(to, &mut b)?; // reuse
    b.mult(&x, &mut z)?;
    assert!(vec_close(&y, &z)?);
    a.convert_in_place(to)?; // in place
    a.mult(&x, &mut z)?;
    assert!(vec_close(&y, &z)?);
    Ok(())
}

fn get_diagonal_block(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut f = set_up(petsc, cfg)?;
    if f.ty()?.contains("is") {
        return Ok(()); // XXX in petsc4py
    }
    f.filled(cfg)?;
    let b = f.a.diagonal_block()?;
    assert_eq!(f.a.local_size()?, b.size()?);
    Ok(())
}

/// The inverse of a small dense matrix given row by row (Gauss-Jordan with pivoting),
/// row by row.
fn inverse(a: &[Scalar], n: usize) -> Vec<Scalar> {
    let mut m = a.to_vec();
    let mut inv: Vec<Scalar> = (0..n * n)
        .map(|k| Scalar::from(if k / n == k % n { 1.0 } else { 0.0 }))
        .collect();
    for c in 0..n {
        let abs = |v: Scalar| modulus(v);
        let p = (c..n)
            .max_by(|&i, &j| abs(m[i * n + c]).total_cmp(&abs(m[j * n + c])))
            .unwrap();
        for k in 0..n {
            m.swap(c * n + k, p * n + k);
            inv.swap(c * n + k, p * n + k);
        }
        let d = m[c * n + c];
        for k in 0..n {
            m[c * n + k] /= d;
            inv[c * n + k] /= d;
        }
        for r in (0..n).filter(|&r| r != c) {
            let t = m[r * n + c];
            for k in 0..n {
                let (mv, iv) = (m[c * n + k], inv[c * n + k]);
                m[r * n + k] -= t * mv;
                inv[r * n + k] -= t * iv;
            }
        }
    }
    inv
}

fn invert_block_diagonal(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut f = set_up(petsc, cfg)?;
    if f.ty()?.contains("is") {
        return Ok(()); // XXX in petsc4py
    }
    if let Bs::Pair(..) = cfg.bs {
        return Ok(());
    }
    f.preallocate(cfg)?;
    let (rbs, cbs) = f.a.block_sizes()?;
    if rbs != cbs {
        return Ok(());
    }
    f.set_values_ijv(cfg)?;
    f.a.assemble()?;
    f.a.shift(Scalar::from(1000.0))?;
    let ibdiag = f.a.invert_block_diagonal()?;
    let bs = f.a.block_size()?;
    let (m, _) = f.a.local_size()?;
    assert_eq!(ibdiag.len() as Int, (m / bs) * bs * bs);
    let range = f.a.ownership_range()?;
    let (s, e) = (range.start / bs, range.end / bs);
    let b = bs as usize;
    for i in s..e {
        let idx: Vec<Int> = (i * bs..(i + 1) * bs).collect();
        let want = inverse(&f.a.values(&idx, &idx)?, b);
        let got = &ibdiag[(i - s) as usize * b * b..][..b * b];
        for r in 0..b {
            for c in 0..b {
                // PETSc stores each inverse column by column.
                assert!(
                    close(got[r + c * b], want[r * b + c]),
                    "block {i} ({r}, {c})"
                );
            }
        }
    }
    Ok(())
}

/// This rank's rows and columns as index sets on the matrix's communicator.
fn owned_sets(a: &Mat) -> petsc::Result<(IndexSet, IndexSet)> {
    let c = a.comm();
    let rows: Vec<Int> = a.ownership_range()?.collect();
    let cols: Vec<Int> = a.ownership_range_column()?.collect();
    Ok((
        IndexSet::new_general(&c, &rows)?,
        IndexSet::new_general(&c, &cols)?,
    ))
}

fn create_sub_matrix(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut f = set_up(petsc, cfg)?;
    if f.ty()?.contains("baij") {
        return Ok(()); // XXX in petsc4py
    }
    f.filled(cfg)?;
    let (rows, cols) = owned_sets(&f.a)?;
    let mut s = f.a.create_sub_matrix(&rows, None)?;
    s.zero_entries()?;
    f.a.create_sub_matrix_into(&rows, None, &mut s)?;
    drop(s);
    let mut s = f.a.create_sub_matrix(&rows, Some(&cols))?;
    s.zero_entries()?;
    f.a.create_sub_matrix_into(&rows, Some(&cols), &mut s)?;
    Ok(())
}

fn create_sub_matrices(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut f = set_up(petsc, cfg)?;
    let ty = f.ty()?;
    if ty.contains("baij") || ty.contains("is") {
        return Ok(()); // XXX in petsc4py
    }
    f.filled(cfg)?;
    let a = &f.a;
    let (rows, cols) = owned_sets(a)?;
    let mut s = a.create_sub_matrices(&[&rows], Some(&[&cols]))?;
    s[0].zero_entries()?;
    a.create_sub_matrices_into(&[&rows], Some(&[&cols]), &mut s)?;
    drop(s);
    let s1 = a.create_sub_matrices(&[&rows], Some(&[&cols]))?;
    let mut s2 = a.create_sub_matrices(&[&rows], Some(&[&cols]))?;
    assert!(s1[0].equal(&s2[0])?);
    s2[0].zero_entries()?;
    a.create_sub_matrices_into(&[&rows], Some(&[&cols]), &mut s2)?;
    assert!(s1[0].equal(&s2[0])?);
    drop((s1, s2));
    if !ty.contains("seq") {
        return Ok(()); // XXX in petsc4py
    }
    let mut s = a.create_sub_matrices(&[&rows, &rows], Some(&[&cols, &cols]))?;
    assert!(s[0].equal(&s[1])?);
    s[0].zero_entries()?;
    s[1].zero_entries()?;
    a.create_sub_matrices_into(&[&rows, &rows], Some(&[&cols, &cols]), &mut s)?;
    assert!(s[0].equal(&s[1])?);
    Ok(())
}

fn get_redundant_matrix(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut f = set_up(petsc, cfg)?;
    let ty = f.ty()?;
    if ty.contains("aijcrl") || ty.contains("mpisbaij") || ty.contains("is") {
        return Ok(()); // not supported or XXX in petsc4py
    }
    f.filled(cfg)?;
    let size = f.a.comm().size() as Int;
    let red = f.a.redundant_matrix(size)?;
    assert_eq!(red.comm().size(), 1);
    Ok(())
}

fn create_transpose(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut f = set_up(petsc, cfg)?;
    f.filled(cfg)?;
    let a = &f.a;
    let at = a.create_transpose()?;
    let (mut x, mut y) = a.create_vecs()?;
    let (mut xt, mut yt) = at.create_vecs()?;
    y.set_random(None)?;
    a.mult_transpose(&y, &mut x)?;
    xt.copy_from(&y)?;
    at.mult(&xt, &mut yt)?;
    assert!(yt.equal(&x)?);
    x.set_random(None)?;
    a.mult(&x, &mut y)?;
    yt.copy_from(&x)?;
    at.mult_transpose(&yt, &mut xt)?;
    assert!(xt.equal(&y)?);
    Ok(())
}

/// A test method of `BaseTestMatAnyAIJ`: its name and whether a family overrides it
/// with `pass`.
type Body = fn(&Petsc, &Config) -> petsc::Result<()>;

const METHODS: &[(&str, Body)] = &[
    ("testSetPreallocNNZ", |p, c| set_prealloc_nnz(p, c)),
    ("testSetPreallocNNZ_2", |p, c| set_prealloc_nnz_2(p, c)),
    ("testSetPreallocCSR", |p, c| set_prealloc_csr(p, c, false)),
    ("testSetPreallocCSR_2", |p, c| set_prealloc_csr(p, c, true)),
    ("testSetValues", |p, c| set_values(p, c, false)),
    ("testSetValuesIJV", |p, c| set_values(p, c, true)),
    ("testGetValuesCSR", get_values_csr),
    ("testConvertToSAME", convert_to_same),
    ("testConvertToDENSE", |p, c| convert_to(p, c, "dense")),
    ("testConvertToAIJ", |p, c| convert_to(p, c, "aij")),
    ("testGetDiagonalBlock", get_diagonal_block),
    ("testInvertBlockDiagonal", invert_block_diagonal),
    ("testCreateSubMatrix", create_sub_matrix),
    ("testCreateSubMatrices", create_sub_matrices),
    ("testGetRedundantMatrix", get_redundant_matrix),
    ("testCreateTranspose", create_transpose),
];

/// Whether `family` overrides `method` with `pass` (nothing to run).
fn passes(family: Family, method: &str) -> bool {
    matches!(family, Family::AijB | Family::AijB2) && method.starts_with("testSetPrealloc")
        || family == Family::Sbaij && method == "testInvertBlockDiagonal"
}

/// The classes petsc4py's unittest collects from `test_mat_aij.py`, with what each sets.
fn classes() -> Vec<(String, Config)> {
    let grids = [("_G23", (2, 3)), ("_G45", (4, 5)), ("_G89", (8, 9))];
    let mut out = Vec::new();
    let mut push = |name: String, world, ty, grid, bs, family| {
        out.push((
            name,
            Config {
                world,
                ty,
                grid,
                bs,
                family,
            },
        ))
    };
    // A class, then its grids; with `blocks`, each grid also with B2..B5.
    let family_of =
        |base: &str,
         world: bool,
         ty: &'static str,
         bs: Bs,
         family: Family,
         blocks: bool,
         push: &mut dyn FnMut(String, bool, &'static str, (Int, Int), Bs, Family)| {
            push(base.to_string(), world, ty, (0, 0), bs, family);
            for (g, grid) in grids {
                push(format!("{base}{g}"), world, ty, grid, bs, family);
            }
            if blocks {
                for b in 2..=5 {
                    for (g, grid) in grids {
                        push(
                            format!("{base}{g}_B{b}"),
                            world,
                            ty,
                            grid,
                            Bs::Square(b),
                            family,
                        );
                    }
                }
            }
        };
    let p = &mut push;
    // AIJ
    p(
        "BaseTestMatAIJ".into(),
        true,
        "aij",
        (0, 0),
        Bs::None,
        Family::Any,
    );
    family_of(
        "TestMatSeqAIJ",
        false,
        "seqaij",
        Bs::None,
        Family::Any,
        false,
        p,
    );
    family_of(
        "TestMatMPIAIJ",
        true,
        "mpiaij",
        Bs::None,
        Family::Any,
        false,
        p,
    );
    // BAIJ
    let one = Bs::Square(1);
    p(
        "BaseTestMatBAIJ".into(),
        true,
        "baij",
        (0, 0),
        one,
        Family::Any,
    );
    family_of(
        "TestMatSeqBAIJ",
        false,
        "seqbaij",
        one,
        Family::Any,
        true,
        p,
    );
    family_of("TestMatMPIBAIJ", true, "mpibaij", one, Family::Any, true, p);
    // SBAIJ
    p(
        "BaseTestMatSBAIJ".into(),
        true,
        "sbaij",
        (0, 0),
        one,
        Family::Sbaij,
    );
    family_of(
        "TestMatSeqSBAIJ",
        false,
        "seqsbaij",
        one,
        Family::Sbaij,
        true,
        p,
    );
    family_of(
        "TestMatMPISBAIJ",
        true,
        "mpisbaij",
        one,
        Family::Sbaij,
        true,
        p,
    );
    // AIJ + blocks (the first BaseTestMatAIJ_B, shadowed by the second)
    family_of(
        "TestMatSeqAIJ_B",
        false,
        "seqaij",
        one,
        Family::AijB,
        true,
        p,
    );
    family_of(
        "TestMatMPIAIJ_B",
        true,
        "mpiaij",
        one,
        Family::AijB,
        true,
        p,
    );
    // Non-square blocks (the second BaseTestMatAIJ_B)
    let pair = Bs::Pair(4, 2);
    p(
        "BaseTestMatAIJ_B".into(),
        true,
        "aij",
        (0, 0),
        pair,
        Family::AijB2,
    );
    // AIJCRL
    p(
        "BaseTestMatAIJCRL".into(),
        true,
        "aijcrl",
        (0, 0),
        Bs::None,
        Family::Any,
    );
    family_of(
        "TestMatSeqAIJCRL",
        false,
        "seqaijcrl",
        Bs::None,
        Family::Any,
        false,
        p,
    );
    family_of(
        "TestMatMPIAIJCRL",
        true,
        "mpiaijcrl",
        Bs::None,
        Family::Any,
        false,
        p,
    );
    // AIJCRL + blocks (derived from the second BaseTestMatAIJ_B)
    p(
        "BaseTestMatAIJCRL_B".into(),
        true,
        "aijcrl",
        (0, 0),
        pair,
        Family::AijB2,
    );
    family_of(
        "TestMatSeqAIJCRL_B",
        false,
        "seqaijcrl",
        pair,
        Family::AijB2,
        true,
        p,
    );
    family_of(
        "TestMatMPIAIJCRL_B",
        true,
        "mpiaijcrl",
        pair,
        Family::AijB2,
        true,
        p,
    );
    // MATIS
    family_of("TestMatIS", true, "is", Bs::None, Family::Any, false, p);
    out
}

pub fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for (class, cfg) in classes() {
        for &(method, body) in METHODS {
            let name = format!("{class}::{method}");
            let world = cfg.world;
            let case = if passes(cfg.family, method) {
                Case::skipped_by_petsc4py(name, "the class overrides it with `pass`")
            } else {
                let cfg = cfg.clone();
                Case::with(name, move |p| body(p, &cfg))
            };
            cases.push(if world { case.ranks(&[1, 2]) } else { case });
        }
    }
    cases
}

/// |x| of a real or complex scalar (`Scalar` is either).
fn modulus(x: impl Into<petsc::Complex<f64>>) -> f64 {
    x.into().norm()
}
