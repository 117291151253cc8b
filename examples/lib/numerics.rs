//! Small serial numerics: [`block_range`] splits `0..n` into balanced blocks, and the
//! self-checks' independent references, [`dense_solve`] (a dense LU solve) and
//! [`chi2_1df_pvalue`] (the chi-square tail of one degree of freedom).

use std::ops::Range;

/// The contiguous block of `0..n` owned by `part` of `parts`: balanced sizes, the
/// remainder going one each to the first parts.
///
/// ```
/// use petsc_examples::block_range;
/// assert_eq!(block_range(10, 3, 0), 0..4);
/// assert_eq!(block_range(10, 3, 1), 4..7);
/// assert_eq!(block_range(10, 3, 2), 7..10);
/// assert_eq!(block_range(2, 3, 2), 2..2);
/// ```
pub fn block_range(n: usize, parts: usize, part: usize) -> Range<usize> {
    let base = n / parts;
    let rem = n % parts;
    let start = part * base + part.min(rem);
    let len = base + usize::from(part < rem);
    start..start + len
}

/// Solves the dense system `a x = b` (`a` row-major, `n` x `n`) by `nalgebra`'s LU
/// factorization with partial pivoting; `None` if the matrix is singular to working
/// precision (a pivot below `1e-14` times the largest entry).
///
/// ```
/// let x = petsc_examples::dense_solve(vec![2.0, 1.0, 1.0, 3.0], 2, vec![3.0, 5.0]).unwrap();
/// assert!((x[0] - 0.8).abs() < 1e-14 && (x[1] - 1.4).abs() < 1e-14);
/// assert!(petsc_examples::dense_solve(vec![1.0, 2.0, 2.0, 4.0], 2, vec![1.0, 1.0]).is_none());
/// ```
///
/// # Panics
///
/// If `a` does not have `n * n` entries or `b` does not have `n`.
pub fn dense_solve(a: Vec<f64>, n: usize, b: Vec<f64>) -> Option<Vec<f64>> {
    assert_eq!(a.len(), n * n, "dense_solve: a must be n x n");
    assert_eq!(b.len(), n, "dense_solve: b must have n entries");
    let a = nalgebra::DMatrix::from_row_slice(n, n, &a);
    let scale = a.amax().max(f64::MIN_POSITIVE);
    let lu = a.lu();
    if lu.u().diagonal().iter().any(|d| d.abs() <= 1e-14 * scale) {
        return None;
    }
    lu.solve(&nalgebra::DVector::from_vec(b))
        .map(|x| x.as_slice().to_vec())
}

/// Upper tail probability of the chi-square distribution with one degree of freedom,
/// `P(X > x)`: `statrs`' survival function (1 for `x <= 0`).
///
/// ```
/// let p = petsc_examples::chi2_1df_pvalue(3.841458820694124);
/// assert!((p - 0.05).abs() < 1e-12);
/// ```
pub fn chi2_1df_pvalue(x: f64) -> f64 {
    use statrs::distribution::{ChiSquared, ContinuousCDF};
    if x <= 0.0 {
        return 1.0;
    }
    ChiSquared::new(1.0).map_or(f64::NAN, |d| d.sf(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_cover() {
        for n in 0..20 {
            for parts in 1..6 {
                let mut next = 0;
                for p in 0..parts {
                    let r = block_range(n, parts, p);
                    assert_eq!(r.start, next);
                    next = r.end;
                }
                assert_eq!(next, n);
            }
        }
    }

    #[test]
    fn dense_solve_pivots() {
        // A zero in the first pivot position needs row exchanges.
        let a = vec![0.0, 2.0, 1.0, 1.0, 1.0, 0.0, 3.0, 0.0, 1.0];
        let x = dense_solve(a, 3, vec![7.0, 3.0, 6.0]).unwrap();
        for (xi, want) in x.iter().zip([1.0, 2.0, 3.0]) {
            assert!((xi - want).abs() < 1e-14, "{x:?}");
        }
    }

    #[test]
    fn chi_square_tail() {
        // P(X > x) = erfc(sqrt(x / 2)): erfc(1) and erfc(5).
        assert!((chi2_1df_pvalue(2.0) - 0.157_299_207_050_285_13).abs() < 1e-14);
        assert!((chi2_1df_pvalue(50.0) / 1.537_459_794_428_034_8e-12 - 1.0).abs() < 1e-12);
        assert_eq!(chi2_1df_pvalue(0.0), 1.0);
    }
}
