//! The derivatives of an [`Objective`] by forward-mode automatic differentiation: the
//! gradient with up to eight directions an evaluation, the Hessian's entries on a
//! nonzero pattern colored so that no two columns of a color share a row (each
//! evaluation carries up to eight rows by up to eight colors, a hyper-dual number's
//! second-order part), and Hessian-vector products (eight rows by one direction `v`).

use num_dual::{DualSVec64, HyperDualSVec64};

use super::tao::Objective;
use petsc_sys as sys;

use crate::error::{Error, Result, check};
use crate::mat::Mat;
use crate::scalar::{Int, Real};
use crate::vec::InsertMode;

/// The directions one evaluation carries (rows of the Hessian, colors, or gradient
/// entries).
const CHUNK: usize = 8;

/// `f(x)` and its gradient written to `g` (the same length as `x`), `ceil(n / 8)`
/// evaluations with dual numbers (one with reals when `x` is empty).
pub(crate) fn value_and_gradient<O: Objective>(
    obj: &O,
    x: &[Real],
    g: &mut [Real],
) -> Result<Real> {
    debug_assert_eq!(x.len(), g.len());
    if x.is_empty() {
        return obj.objective(x);
    }
    let mut f = 0.0;
    let mut xd: Vec<DualSVec64<CHUNK>> = x.iter().map(|&v| DualSVec64::from_re(v)).collect();
    for k0 in (0..x.len()).step_by(CHUNK) {
        let k1 = (k0 + CHUNK).min(x.len());
        for j in k0..k1 {
            xd[j] = DualSVec64::from_re(x[j]).derivative(j - k0);
        }
        let fd = obj.objective(&xd)?;
        for j in k0..k1 {
            xd[j] = DualSVec64::from_re(x[j]);
        }
        f = fd.re;
        match &fd.eps.0 {
            Some(e) => g[k0..k1].copy_from_slice(&e.as_slice()[..k1 - k0]),
            None => g[k0..k1].fill(0.0),
        }
    }
    Ok(f)
}

/// `hv = H(x) v` (all three of one length), `ceil(n / 8)` evaluations with hyper-dual
/// numbers: eight gradient directions, and `v` as the second one.
pub(crate) fn hessian_product<O: Objective>(
    obj: &O,
    x: &[Real],
    v: &[Real],
    hv: &mut [Real],
) -> Result<()> {
    debug_assert!(x.len() == v.len() && v.len() == hv.len());
    let along = |j: usize| HyperDualSVec64::<CHUNK, 1>::from_re(x[j]).derivative2(0);
    let mut xd: Vec<HyperDualSVec64<CHUNK, 1>> = (0..x.len())
        .map(|j| {
            let mut d = along(j);
            d.eps2 *= v[j];
            d
        })
        .collect();
    for k0 in (0..x.len()).step_by(CHUNK) {
        let k1 = (k0 + CHUNK).min(x.len());
        let saved: Vec<_> = xd[k0..k1].to_vec();
        for (a, d) in xd[k0..k1].iter_mut().enumerate() {
            *d = d.derivative1(a);
        }
        let fd = obj.objective(&xd)?;
        xd[k0..k1].copy_from_slice(&saved);
        match &fd.eps1eps2.0 {
            Some(m) => {
                for r in k0..k1 {
                    hv[r] = m[(r - k0, 0)];
                }
            }
            None => hv[k0..k1].fill(0.0),
        }
    }
    Ok(())
}

/// The entries of one matrix's owned rows that an AD Hessian fills: by local row, the
/// local columns in the rank's diagonal block (sorted), and the global columns outside
/// it (zero for an objective separable over the ranks).
#[derive(Debug, Clone)]
pub(crate) struct MatPattern {
    /// First global row (and column) of the rank.
    start: Int,
    /// `None`: every column of the diagonal block (the matrix had no pattern).
    block: Option<Vec<Vec<usize>>>,
    /// Global columns of each local row outside the diagonal block.
    outside: Vec<Vec<Int>>,
}

impl MatPattern {
    /// The pattern of `m` over its owned rows, or every entry of the diagonal block
    /// when `m` is not assembled (`MatGetRow` on each owned row).
    pub(crate) fn of(m: &Mat) -> Result<MatPattern> {
        let range = m.ownership_range()?;
        let n = (range.end - range.start) as usize;
        if !m.is_assembled()? {
            return Ok(MatPattern {
                start: range.start,
                block: None,
                outside: vec![Vec::new(); n],
            });
        }
        let mut block = Vec::with_capacity(n);
        let mut outside = Vec::with_capacity(n);
        for r in range.clone() {
            let cols = row_cols(m, r)?;
            let (inside, out): (Vec<Int>, Vec<Int>) =
                cols.into_iter().partition(|c| range.contains(c));
            block.push(
                inside
                    .into_iter()
                    .map(|c| (c - range.start) as usize)
                    .collect(),
            );
            outside.push(out);
        }
        Ok(MatPattern {
            start: range.start,
            block: Some(block),
            outside,
        })
    }

    /// The number of owned rows.
    pub(crate) fn rows(&self) -> usize {
        self.outside.len()
    }
}

/// What the Hessian is computed on: the union of the patterns of the matrices it fills,
/// colored, with the entries by local row.
#[derive(Debug)]
pub(crate) struct HessianPlan {
    /// Local columns of each local row (sorted), the union of the matrices' patterns.
    rows: Vec<Vec<usize>>,
    /// The color of each local column.
    colors: Vec<usize>,
    ncolors: usize,
    /// The patterns of the matrices filled (the Hessian, then a distinct
    /// preconditioning matrix).
    mats: Vec<MatPattern>,
}

impl HessianPlan {
    /// The plan for `mats` (one or two patterns of the same rows).
    pub(crate) fn new(context: &str, mats: Vec<MatPattern>) -> Result<HessianPlan> {
        let n = mats[0].rows();
        if let Some(m) = mats
            .iter()
            .find(|m| m.rows() != n || m.start != mats[0].start)
        {
            return Err(Error::size_mismatch(
                context,
                format!(
                    "the preconditioning matrix owns {} rows from {} here, the Hessian {n} from {}",
                    m.rows(),
                    m.start,
                    mats[0].start
                ),
            ));
        }
        if mats.iter().any(|m| m.block.is_none()) {
            // No pattern: every entry of the block, each column its own color.
            return Ok(HessianPlan {
                rows: vec![(0..n).collect(); n],
                colors: (0..n).collect(),
                ncolors: n,
                mats,
            });
        }
        let mut rows: Vec<Vec<usize>> = vec![Vec::new(); n];
        for m in &mats {
            for (r, cols) in m.block.iter().flatten().enumerate() {
                rows[r].extend_from_slice(cols);
            }
        }
        for r in rows.iter_mut() {
            r.sort_unstable();
            r.dedup();
        }
        let (colors, ncolors) = distance2_coloring(&rows, n);
        Ok(HessianPlan {
            rows,
            colors,
            ncolors,
            mats,
        })
    }

    /// The Hessian's entries at `x` on the plan's pattern, by local row: colors
    /// carried `N` an evaluation (the fewest of 1, 2, 4, 8 that hold them all, or 8),
    /// since smaller hyper-dual numbers are cheaper to compute with.
    fn values<O: Objective>(&self, obj: &O, x: &[Real]) -> Result<Vec<Vec<Real>>> {
        match self.ncolors {
            0..=1 => self.values_by::<O, 1>(obj, x),
            2 => self.values_by::<O, 2>(obj, x),
            3..=4 => self.values_by::<O, 4>(obj, x),
            _ => self.values_by::<O, CHUNK>(obj, x),
        }
    }

    /// [`values`](Self::values) with `CHUNK` rows and `N` colors an evaluation.
    fn values_by<O: Objective, const N: usize>(
        &self,
        obj: &O,
        x: &[Real],
    ) -> Result<Vec<Vec<Real>>> {
        let n = x.len();
        let mut vals: Vec<Vec<Real>> = self.rows.iter().map(|r| vec![0.0; r.len()]).collect();
        let mut by_color: Vec<Vec<usize>> = vec![Vec::new(); self.ncolors];
        for (j, &c) in self.colors.iter().enumerate() {
            by_color[c].push(j);
        }
        let plain = |j: usize| HyperDualSVec64::<CHUNK, N>::from_re(x[j]);
        let mut xd: Vec<HyperDualSVec64<CHUNK, N>> = (0..n).map(plain).collect();
        // The entries seeded for the last evaluation, set back to plain numbers.
        let mut seeded: Vec<usize> = Vec::new();
        for k0 in (0..n).step_by(CHUNK) {
            let k1 = (k0 + CHUNK).min(n);
            for c0 in (0..self.ncolors).step_by(N) {
                let c1 = (c0 + N).min(self.ncolors);
                let in_chunk = |c: usize| (c0..c1).contains(&c);
                let needed = self.rows[k0..k1]
                    .iter()
                    .any(|r| r.iter().any(|&j| in_chunk(self.colors[j])));
                if !needed {
                    continue;
                }
                for j in seeded.drain(..) {
                    xd[j] = plain(j);
                }
                for (a, d) in xd[k0..k1].iter_mut().enumerate() {
                    *d = plain(k0 + a).derivative1(a);
                }
                seeded.extend(k0..k1);
                for (c, cols) in by_color.iter().enumerate().take(c1).skip(c0) {
                    for &j in cols {
                        xd[j] = xd[j].derivative2(c - c0);
                        seeded.push(j);
                    }
                }
                let fd = obj.objective(&xd)?;
                let Some(m) = fd.eps1eps2.0 else { continue };
                for r in k0..k1 {
                    for (e, &j) in self.rows[r].iter().enumerate() {
                        if in_chunk(self.colors[j]) {
                            vals[r][e] = m[(r - k0, self.colors[j] - c0)];
                        }
                    }
                }
            }
        }
        Ok(vals)
    }

    /// Computes the Hessian at `x` (this rank's entries) and inserts it into `mats` (in
    /// the order of the patterns given to [`new`](Self::new)), assembling each.
    pub(crate) fn fill<O: Objective>(
        &self,
        context: &str,
        obj: &O,
        x: &[Real],
        mats: &mut [&mut Mat],
    ) -> Result<()> {
        if x.len() != self.rows.len() {
            return Err(Error::size_mismatch(
                context,
                format!(
                    "the solution has {} entries on this rank, the Hessian {} rows",
                    x.len(),
                    self.rows.len()
                ),
            ));
        }
        let vals = self.values(obj, x)?;
        for (m, pat) in mats.iter_mut().zip(&self.mats) {
            for r in 0..self.rows.len() {
                let row = pat.start + r as Int;
                let (mut cols, mut v): (Vec<Int>, Vec<Real>) = match &pat.block {
                    None => (
                        (0..self.rows.len()).map(|c| pat.start + c as Int).collect(),
                        vals[r].clone(),
                    ),
                    Some(b) => b[r]
                        .iter()
                        .map(|&c| {
                            let e = self.rows[r].binary_search(&c).unwrap_or_default();
                            (pat.start + c as Int, vals[r][e])
                        })
                        .unzip(),
                };
                cols.extend_from_slice(&pat.outside[r]);
                v.resize(cols.len(), 0.0);
                m.set_values(&[row], &cols, &v, InsertMode::Insert)?;
            }
            m.assemble()?;
        }
        Ok(())
    }
}

/// The column indices of owned row `r` of the assembled matrix `m` (`MatGetRow`,
/// `MatRestoreRow`), read without a borrow of the matrix: the solver that also holds it
/// is not running.
fn row_cols(m: &Mat, r: Int) -> Result<Vec<Int>> {
    let mut n: Int = 0;
    let mut cols: *const Int = std::ptr::null();
    // SAFETY: live, assembled matrix; `r` is owned here; PETSc lends the row's column
    // indices until MatRestoreRow (no values asked for).
    check(unsafe { sys::MatGetRow(m.ptr, r, &mut n, &mut cols, std::ptr::null_mut()) })?;
    let out = if n > 0 && !cols.is_null() {
        // SAFETY: PETSc's array of `n` column indices, alive until MatRestoreRow.
        unsafe { std::slice::from_raw_parts(cols, n as usize) }.to_vec()
    } else {
        Vec::new()
    };
    // SAFETY: the row lent above, given back once.
    check(unsafe { sys::MatRestoreRow(m.ptr, r, &mut n, &mut cols, std::ptr::null_mut()) })?;
    Ok(out)
}

/// A greedy coloring of the columns of `rows` (local CSR of `n` columns) such that no
/// two columns of one color have an entry in the same row.
fn distance2_coloring(rows: &[Vec<usize>], n: usize) -> (Vec<usize>, usize) {
    let mut by_col: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (r, cols) in rows.iter().enumerate() {
        for &c in cols {
            by_col[c].push(r);
        }
    }
    let mut colors = vec![usize::MAX; n];
    let mut mark: Vec<usize> = Vec::new();
    let mut ncolors = 0;
    for j in 0..n {
        for &r in &by_col[j] {
            for &k in &rows[r] {
                let c = colors[k];
                if c != usize::MAX {
                    if mark.len() <= c {
                        mark.resize(c + 1, usize::MAX);
                    }
                    mark[c] = j;
                }
            }
        }
        let c = (0..)
            .find(|&c| mark.get(c).is_none_or(|&m| m != j))
            .unwrap_or(0);
        colors[j] = c;
        ncolors = ncolors.max(c + 1);
    }
    (colors, ncolors)
}

#[cfg(test)]
mod tests {
    use super::distance2_coloring;

    #[test]
    fn coloring_separates_columns_sharing_a_row() {
        // Tridiagonal 5 x 5: three colors.
        let rows: Vec<Vec<usize>> = (0..5)
            .map(|i: usize| (i.saturating_sub(1)..(i + 2).min(5)).collect())
            .collect();
        let (colors, n) = distance2_coloring(&rows, 5);
        assert_eq!(n, 3);
        for r in &rows {
            for (a, &i) in r.iter().enumerate() {
                for &j in &r[a + 1..] {
                    assert_ne!(colors[i], colors[j]);
                }
            }
        }
        // Block diagonal 2 x 2 blocks: two colors.
        let rows = vec![vec![0, 1], vec![0, 1], vec![2, 3], vec![2, 3]];
        assert_eq!(distance2_coloring(&rows, 4).1, 2);
    }
}
