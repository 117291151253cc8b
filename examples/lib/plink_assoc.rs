//! PLINK 1.9's `--assoc` test and its `.assoc` table: allele counts per variant in cases
//! and controls (missing genotypes and missing phenotypes left out), A1 the minor allele
//! among founders, Pearson's chi-square of the 2x2 allele table with one degree of
//! freedom, and every number printed as PLINK prints it (four significant digits, its
//! own rounding, fixed column widths, `NA` where undefined).
//!
//! ```
//! use petsc_examples::plink_assoc::g4;
//! assert_eq!(g4(0.18065, 8), "  0.1806");
//! assert_eq!(g4(3.2206, 12), "       3.221");
//! assert_eq!(g4(1.234e-7, 12), "   1.234e-07");
//! ```

use crate::plink::{Phenotype, Variant};
use std::fmt::Write as _;

/// Genotype counts of one variant, alleles as the `.bim` file orders them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Copies of (allele 1, allele 2) among cases with a genotype.
    pub case: [u64; 2],
    /// Copies of (allele 1, allele 2) among controls with a genotype.
    pub control: [u64; 2],
    /// Founders homozygous for (allele 1, allele 2).
    pub founder_hom: [u64; 2],
}

/// The samples each count goes to, as masks over a variant's packed genotypes: both
/// bits of a sample's two set when the sample is a case (a control, a founder), in
/// 64-bit words of 32 samples, little-endian as the `.bed` file packs them. Built once
/// per study; [`tally`] then counts a word at a time.
#[derive(Debug, Clone)]
pub struct Groups {
    /// Per word: the masks of the cases, the controls and the founders.
    masks: Vec<[u64; 3]>,
}

/// The low bit of every 2-bit genotype in a word.
const LOW_BITS: u64 = 0x5555_5555_5555_5555;

impl Groups {
    /// The masks of the samples' phenotypes and founder flags (one entry per sample).
    pub fn new(phenotype: &[Phenotype], founder: &[bool]) -> Groups {
        let mut masks = vec![[0u64; 3]; phenotype.len().div_ceil(32)];
        for (i, (&p, &f)) in phenotype.iter().zip(founder).enumerate() {
            let bits = 3u64 << (2 * (i % 32));
            let m = &mut masks[i / 32];
            match p {
                Phenotype::Case => m[0] |= bits,
                Phenotype::Control => m[1] |= bits,
                Phenotype::Missing => {}
            }
            if f {
                m[2] |= bits;
            }
        }
        Groups { masks }
    }
}

/// The six counts of a variant, in the order [`fields`] gives them: copies of allele 1
/// and allele 2 among cases, the same among controls, founders homozygous for allele 1
/// and for allele 2.
type Counts = [u64; 6];

/// One word of 32 genotypes as six words of 2-bit fields, one for each of [`Counts`]:
/// each field holds what the sample adds to that count (0, 1 or 2). A genotype's code
/// (`.bed`: `00` two copies of allele 1, `10` one, `11` none, `01` missing) is split
/// into the masks of the three genotypes; the copies of allele 1 are then `2 hom1 +
/// het` as a field's two bits, and those of allele 2 `2 hom2 + het`.
#[inline(always)]
fn fields(w: u64, [case, control, founder]: [u64; 3]) -> Counts {
    let (lo, hi) = (w & LOW_BITS, (w >> 1) & LOW_BITS);
    let hom1 = !(lo | hi) & LOW_BITS;
    let het = hi & !lo;
    let hom2 = lo & hi;
    let a1 = (hom1 << 1) | het;
    let a2 = (hom2 << 1) | het;
    [
        a1 & case,
        a2 & case,
        a1 & control,
        a2 & control,
        hom1 & founder,
        hom2 & founder,
    ]
}

/// The 2-bit fields of `x` summed in pairs into 4-bit fields (at most 4 each, as
/// [`fields`]' are at most 2).
#[inline(always)]
fn nibbles(x: u64) -> u64 {
    const M: u64 = 0x3333_3333_3333_3333;
    (x & M) + ((x >> 2) & M)
}

/// The 4-bit fields of `x` summed in pairs into bytes.
#[inline(always)]
fn bytes(x: u64) -> u64 {
    const M: u64 = 0x0f0f_0f0f_0f0f_0f0f;
    (x & M) + ((x >> 4) & M)
}

/// The sum of the bytes of `x`.
#[inline(always)]
fn byte_sum(x: u64) -> u64 {
    const M: u64 = 0x00ff_00ff_00ff_00ff;
    let pairs = (x & M) + ((x >> 8) & M);
    pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48
}

/// Words summed as 4-bit fields before they are folded into bytes: 3 words of fields
/// at most 2 give at most 12, below 16.
const NIBBLE_WORDS: usize = 3;
/// Groups of [`NIBBLE_WORDS`] summed as bytes before they are added up: 10 groups give
/// at most 240, below 256.
const BYTE_GROUPS: usize = 10;

/// A word of the `.bed` file from its 8 bytes.
#[inline(always)]
fn word(b: &[u8]) -> u64 {
    u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}

/// Adds `f` to `sums` field by field, in 4-bit fields.
#[inline(always)]
fn add_nibbles(sums: &mut Counts, f: Counts) {
    for (s, f) in sums.iter_mut().zip(f) {
        *s += nibbles(f);
    }
}

/// Counts one variant's packed genotypes 32 samples at a time, without population
/// counts: each word becomes the six words of [`fields`], which are summed field by
/// field (all of a word's fields in a few operations on the whole word), as 4-bit
/// fields over three words, then as bytes over thirty, and only then added up
/// (callgrind: 63 instructions a word, against 88 for eight population counts a word on
/// the baseline x86-64 target, which has no instruction for them). Padding bits past
/// the last sample are in no group.
pub fn tally(packed: &[u8], groups: &Groups) -> Tally {
    let whole = (packed.len() / 8).min(groups.masks.len());
    let (words, rest) = packed.split_at(whole * 8);
    let masks = &groups.masks[..whole];
    let mut total: Counts = [0; 6];
    let mut in_bytes: Counts = [0; 6];
    let mut groups_in_bytes = 0;
    let mut words3 = words.chunks_exact(8 * NIBBLE_WORDS);
    let mut masks3 = masks.chunks_exact(NIBBLE_WORDS);
    for (w, m) in (&mut words3).zip(&mut masks3) {
        let mut in_nibbles: Counts = [0; 6];
        add_nibbles(&mut in_nibbles, fields(word(&w[..8]), m[0]));
        add_nibbles(&mut in_nibbles, fields(word(&w[8..16]), m[1]));
        add_nibbles(&mut in_nibbles, fields(word(&w[16..24]), m[2]));
        for (b, n) in in_bytes.iter_mut().zip(in_nibbles) {
            *b += bytes(n);
        }
        groups_in_bytes += 1;
        if groups_in_bytes == BYTE_GROUPS {
            for (t, b) in total.iter_mut().zip(&mut in_bytes) {
                *t += byte_sum(std::mem::take(b));
            }
            groups_in_bytes = 0;
        }
    }
    for (t, b) in total.iter_mut().zip(in_bytes) {
        *t += byte_sum(b);
    }
    // The whole words left (fewer than three), then the last, partial one.
    let mut last = [0u8; 8];
    let partial = (!rest.is_empty() && whole < groups.masks.len()).then(|| {
        let n = rest.len().min(8);
        last[..n].copy_from_slice(&rest[..n]);
        (&last[..], groups.masks[whole])
    });
    let left = words3
        .remainder()
        .chunks_exact(8)
        .zip(masks3.remainder().iter().copied());
    for (w, m) in left.chain(partial) {
        for (t, f) in total.iter_mut().zip(fields(word(w), m)) {
            *t += byte_sum(bytes(nibbles(f)));
        }
    }
    Tally {
        case: [total[0], total[1]],
        control: [total[2], total[3]],
        founder_hom: [total[4], total[5]],
    }
}

/// The test of one variant, with A1 the minor allele.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assoc {
    /// Whether the `.bim` file's allele 2 is the minor one (PLINK's A1).
    pub swapped: bool,
    /// Copies of (A1, A2) in cases.
    pub case: [u64; 2],
    /// Copies of (A1, A2) in controls.
    pub control: [u64; 2],
    /// Chi-square and its p-value, `None` when one allele is absent.
    pub chisq: Option<(f64, f64)>,
}

impl Assoc {
    /// The test of a tally. As in PLINK, allele 2 becomes A1 when its frequency among
    /// founders is below 0.5 (that is, fewer founders are homozygous for it than for
    /// allele 1).
    pub fn new(t: &Tally) -> Assoc {
        let swapped = t.founder_hom[1] < t.founder_hom[0];
        let (case, control) = if swapped {
            ([t.case[1], t.case[0]], [t.control[1], t.control[0]])
        } else {
            (t.case, t.control)
        };
        let a1 = case[0] + control[0];
        let a2 = case[1] + control[1];
        let chisq = (a1 > 0 && a2 > 0).then(|| {
            let total = a1 + a2;
            let x = chi22(case[1], case[0] + case[1], a2, total);
            (x, plink_p_value(x))
        });
        Assoc {
            swapped,
            case,
            control,
            chisq,
        }
    }

    /// Odds ratio `(case A1 * control A2) / (control A1 * case A2)`, `None` when the
    /// denominator is zero.
    pub fn odds_ratio(&self) -> Option<f64> {
        let (da1, da2) = (self.case[0] as f64, self.case[1] as f64);
        let (du1, du2) = (self.control[0] as f64, self.control[1] as f64);
        (du1 * da2 != 0.0).then(|| (da1 * du2) / (du1 * da2))
    }
}

/// Pearson's chi-square of a 2x2 table from one cell, its row and column sums and the
/// total: `total (m11 - row1 col1 / total)^2 total / (row1 col1 row2 col2)`.
pub fn chi22(m11: u64, row1: u64, col1: u64, total: u64) -> f64 {
    let expected_numer = (row1 * col1) as f64;
    let denom = expected_numer * ((total - row1) * (total - col1)) as f64;
    if denom == 0.0 {
        return 0.0;
    }
    let t = total as f64;
    let d = m11 as f64 * t - expected_numer;
    (d * d * t) / denom
}

/// Half the chi-square beyond which PLINK 1.9 reports a p-value of 0: its chi-square
/// tail (DCDFLIB's `erfc1`) returns 0 once `x / 2 = z^2` exceeds `-exparg(1)`, the
/// smallest exponent DCDFLIB lets `exp` take without underflow, `0.99999 * 1022 ln 2`
/// for IEEE doubles (p-values just below `4.8e-310`).
pub const PLINK_ZERO_P_HALF_CHI2: f64 = 0.99999 * 1022.0 * std::f64::consts::LN_2;

/// The p-value PLINK 1.9 reports for a chi-square `x` with one degree of freedom: the
/// upper tail from `statrs` ([`crate::chi2_1df_pvalue`]), and 0 beyond PLINK's own
/// underflow limit [`PLINK_ZERO_P_HALF_CHI2`] (where the true tail is still a subnormal
/// number that `statrs` returns and PLINK does not).
///
/// ```
/// use petsc_examples::plink_assoc::plink_p_value;
/// assert!((plink_p_value(3.841458820694124) - 0.05).abs() < 1e-13);
/// assert!((plink_p_value(100.0) / 1.5239706048320995e-23 - 1.0).abs() < 1e-11);
/// assert!(plink_p_value(1416.72) > 4.8e-310);
/// assert_eq!(plink_p_value(1416.79), 0.0);
/// ```
pub fn plink_p_value(x: f64) -> f64 {
    if x.is_nan() {
        f64::NAN
    } else if 0.5 * x > PLINK_ZERO_P_HALF_CHI2 {
        0.0
    } else {
        crate::chi2_1df_pvalue(x)
    }
}

// ---------------------------------------------------------------------------------------
// Numbers as the .assoc table prints them
// ---------------------------------------------------------------------------------------

/// `s` right-aligned in `width` columns (never cut), appended to `out`.
fn push_right(out: &mut String, s: &str, width: usize) {
    for _ in s.len()..width {
        out.push(' ');
    }
    out.push_str(s);
}

/// `s` right-aligned in `width` columns (never cut).
fn right(s: &str, width: usize) -> String {
    let mut out = String::with_capacity(width.max(s.len()));
    push_right(&mut out, s, width);
    out
}

/// `x` (finite, positive) rounded to four significant digits: the digits as an integer
/// in `1000..=9999` and the decimal exponent of the first digit. A value within a
/// relative `1e-10` of a halfway point counts as halfway and goes to the even digit, so
/// that a ratio of counts such as `3613 / 20000 = 0.18065` rounds the same way whatever
/// its binary representation (`0.1806`).
fn four_digits(x: f64) -> (u32, i32) {
    four_digits_by(x, decimal_exponent, pow10)
}

/// [`four_digits`] with the first estimate of the exponent (within one of
/// `floor(log10(x))`) and the powers of ten given.
fn four_digits_by(x: f64, exponent: fn(f64) -> i32, pow10: fn(i32) -> f64) -> (u32, i32) {
    let mut e = exponent(x);
    // The scaled value in [1000, 10000); the estimate can be off by one.
    // Below 1e-297 the factor 10^(3 - e) would overflow (p-values reach 5e-310): scale in
    // two steps there.
    let scale = |e: i32| {
        let k = 3 - e;
        if k > 300 {
            x * 1e300 * pow10(k - 300)
        } else {
            x * pow10(k)
        }
    };
    let mut m = scale(e);
    if m >= 10_000.0 {
        e += 1;
        m = scale(e);
    } else if m < 1000.0 {
        e -= 1;
        m = scale(e);
    }
    let whole = m.floor();
    let frac = m - whole;
    let mut n = whole as u32;
    if (frac - 0.5).abs() <= 1e-10 * m {
        n += n % 2;
    } else if frac > 0.5 {
        n += 1;
    }
    if n == 10_000 {
        (1000, e + 1)
    } else {
        (n, e)
    }
}

/// `floor(log10(x))` for a finite positive `x`, or one less or more: from the binary
/// exponent (`log10(2)` times it) for normal numbers, by `log10` for subnormal ones.
fn decimal_exponent(x: f64) -> i32 {
    let biased = ((x.to_bits() >> 52) & 0x7ff) as i32;
    if biased == 0 {
        return x.log10().floor() as i32;
    }
    // x in [2^b, 2^(b+1)): log10(x) in [0.30103 b, 0.30103 (b + 1)).
    (f64::from(biased - 1023) * std::f64::consts::LOG10_2).floor() as i32
}

/// The powers of ten a double holds exactly.
const EXACT_POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// `10^k` as `powi` computes it, from the table of exact powers where it has them (the
/// same values: `powi` multiplies exact powers of ten there).
fn pow10(k: i32) -> f64 {
    match usize::try_from(k).ok().and_then(|i| EXACT_POW10.get(i)) {
        Some(&p) => p,
        None => 10f64.powi(k),
    }
}

/// A number with four significant digits as C's `printf("%.4g")` writes it (fixed
/// notation for exponents -4 to 3, else `d.ddde±XX`; trailing zeros dropped), ties
/// rounded as [`four_digits`] says, right-aligned in `width` columns: the form of the
/// numbers in PLINK 1.9's `.assoc` reports.
pub fn g4(x: f64, width: usize) -> String {
    let mut out = String::with_capacity(width);
    push_g4(&mut out, x, width);
    out
}

/// [`g4`] appended to `out`, written in a buffer on the stack (no allocation).
fn push_g4(out: &mut String, x: f64, width: usize) {
    if x.is_nan() {
        return push_right(out, "nan", width);
    }
    if x.is_infinite() {
        return push_right(out, if x < 0.0 { "-inf" } else { "inf" }, width);
    }
    if x == 0.0 {
        return push_right(out, "0", width);
    }
    let (n, e) = four_digits(x.abs());
    let d = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10].map(|k| b'0' + k as u8);
    // The significant digits kept: trailing zeros dropped after the first `keep`.
    let last = |keep: usize| {
        (keep..4)
            .rev()
            .find(|&k| d[k] != b'0')
            .map_or(keep, |k| k + 1)
    };
    let mut buf = [0u8; 16];
    let mut len = 0;
    let mut put = |b: u8| {
        buf[len] = b;
        len += 1;
    };
    if x < 0.0 {
        put(b'-');
    }
    if (-4..4).contains(&e) {
        if e >= 0 {
            // The point after digit e + 1.
            let int = (e + 1) as usize;
            let end = last(int);
            d[..int].iter().for_each(|&b| put(b));
            if end > int {
                put(b'.');
                d[int..end].iter().for_each(|&b| put(b));
            }
        } else {
            put(b'0');
            put(b'.');
            (0..-e - 1).for_each(|_| put(b'0'));
            d[..last(1)].iter().for_each(|&b| put(b));
        }
    } else {
        put(d[0]);
        let end = last(1);
        if end > 1 {
            put(b'.');
            d[1..end].iter().for_each(|&b| put(b));
        }
        put(b'e');
        put(if e < 0 { b'-' } else { b'+' });
        let a = e.unsigned_abs();
        if a >= 100 {
            put(b'0' + (a / 100) as u8);
        }
        put(b'0' + (a / 10 % 10) as u8);
        put(b'0' + (a % 10) as u8);
    }
    // Only ASCII digits, signs, points and 'e' were written.
    push_right(out, std::str::from_utf8(&buf[..len]).unwrap_or("?"), width);
}

// ---------------------------------------------------------------------------------------
// The .assoc table
// ---------------------------------------------------------------------------------------

/// The width of PLINK's SNP column for these ids, in file order: 4 at least, and each
/// id longer than the width so far makes it that id's length plus 2.
pub fn snp_width<'a>(ids: impl IntoIterator<Item = &'a str>) -> usize {
    snp_width_from(0, ids)
}

/// [`snp_width`] continued over more ids from the width of those before them (`0` for
/// none).
pub fn snp_width_from<'a>(width: usize, ids: impl IntoIterator<Item = &'a str>) -> usize {
    ids.into_iter().fold(
        width.max(4),
        |w, id| if id.len() > w { id.len() + 2 } else { w },
    )
}

/// The header line of the `.assoc` table.
pub fn header(snp_width: usize) -> String {
    format!(
        " CHR {} {:>10} {:>4} {:>8} {:>8} {:>4} {:>12} {:>12} {:>12} \n",
        right("SNP", snp_width),
        "BP",
        "A1",
        "F_A",
        "F_U",
        "A2",
        "CHISQ",
        "P",
        "OR"
    )
}

/// One variant's line of the `.assoc` table.
pub fn line(v: &Variant, snp_width: usize, a: &Assoc) -> String {
    let mut out = String::with_capacity(96 + snp_width);
    push_line(&mut out, v, snp_width, a);
    out
}

/// [`line`] appended to `out`: the whole table is written into one buffer, with no
/// allocation a number.
pub fn push_line(out: &mut String, v: &Variant, snp_width: usize, a: &Assoc) {
    let (a1, a2) = if a.swapped {
        (&v.a2, &v.a1)
    } else {
        (&v.a1, &v.a2)
    };
    let freq = |out: &mut String, c: [u64; 2]| {
        if c[0] + c[1] == 0 {
            push_right(out, "NA", 8)
        } else {
            push_g4(out, c[0] as f64 / (c[0] + c[1]) as f64, 8)
        }
    };
    push_right(out, v.chr, 4);
    out.push(' ');
    push_right(out, &v.id, snp_width);
    out.push(' ');
    // Writing to a String cannot fail.
    let _ = write!(out, "{:>10} ", v.bp);
    push_right(out, a1, 4);
    out.push(' ');
    freq(out, a.case);
    out.push(' ');
    freq(out, a.control);
    out.push(' ');
    push_right(out, a2, 4);
    out.push(' ');
    match a.chisq {
        Some((x, p)) => {
            push_g4(out, x, 12);
            out.push(' ');
            push_g4(out, p.max(0.0), 12);
        }
        None => {
            push_right(out, "NA", 12);
            out.push(' ');
            push_right(out, "NA", 12);
        }
    }
    out.push(' ');
    match a.odds_ratio() {
        Some(o) => push_g4(out, o, 12),
        None => push_right(out, "NA", 12),
    }
    out.push_str(" \n");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The counts sample by sample, from the genotype codes one at a time.
    fn tally_by_sample(packed: &[u8], phenotype: &[Phenotype], founder: &[bool]) -> Tally {
        let mut t = Tally::default();
        for (i, (&p, &f)) in phenotype.iter().zip(founder).enumerate() {
            let Some(g) = crate::plink::allele1_count(packed, i) else {
                continue;
            };
            let g = u64::from(g);
            match p {
                Phenotype::Case => t.case = [t.case[0] + g, t.case[1] + 2 - g],
                Phenotype::Control => t.control = [t.control[0] + g, t.control[1] + 2 - g],
                Phenotype::Missing => {}
            }
            if f && g != 1 {
                t.founder_hom[usize::from(g == 0)] += 1;
            }
        }
        t
    }

    /// [`four_digits`] as it was written first: the exponent by `log10`, the scale by
    /// `powi`.
    fn four_digits_by_log10(x: f64) -> (u32, i32) {
        four_digits_by(x, |x| x.log10().floor() as i32, |k| 10f64.powi(k))
    }

    #[test]
    fn four_digits_equal_log10_and_powi() {
        // Near every power of ten, from subnormal p-values to large chi-squares.
        let mut checked = 0;
        for k in -323..40 {
            let p = 10f64.powi(k);
            for f in [
                1.0,
                0.999_999_99,
                1.000_000_01,
                0.5,
                1.5,
                2.5,
                9.999_5,
                9.999_49,
                0.180_65,
            ] {
                let x = p * f;
                if x > 0.0 && x.is_finite() {
                    assert_eq!(four_digits(x), four_digits_by_log10(x), "{x:e}");
                    checked += 1;
                }
            }
        }
        // Ratios of counts, as the allele frequencies are.
        for d in 1..400u32 {
            for n in (0..=d).step_by(7) {
                let x = f64::from(n) / f64::from(d);
                if x > 0.0 {
                    assert_eq!(four_digits(x), four_digits_by_log10(x), "{n}/{d}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
    }

    #[test]
    fn word_tally_equals_sample_tally() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        // Sample counts around the word and byte boundaries, and padding bits set.
        for n in [
            1usize, 3, 4, 5, 31, 32, 33, 63, 64, 65, 100, 129, 959, 960, 961, 1000, 4100, 10_000,
        ] {
            let phenotype: Vec<Phenotype> = (0..n)
                .map(|_| match rng.random_range(0..3) {
                    0 => Phenotype::Case,
                    1 => Phenotype::Control,
                    _ => Phenotype::Missing,
                })
                .collect();
            let founder: Vec<bool> = (0..n).map(|_| rng.random_bool(0.7)).collect();
            let groups = Groups::new(&phenotype, &founder);
            for _ in 0..20 {
                let packed: Vec<u8> = (0..n.div_ceil(4)).map(|_| rng.random()).collect();
                assert_eq!(
                    tally(&packed, &groups),
                    tally_by_sample(&packed, &phenotype, &founder),
                    "{n} samples"
                );
            }
        }
    }

    #[test]
    fn g4_like_plink() {
        for (x, s) in [
            (0.1807, "0.1807"),
            (0.4944, "0.4944"),
            (0.05013, "0.05013"),
            (0.8228, "0.8228"),
            (1.014, "1.014"),
            (0.5, "0.5"),
            (1.0, "1"),
            (12.5, "12.5"),
            (123.46, "123.5"),
            (1234.4, "1234"),
            (99999.0, "1e+05"),
            (12346.0, "1.235e+04"),
            (0.00012346, "0.0001235"),
            (0.0005, "0.0005"),
            (4.5e-5, "4.5e-05"),
            (1e-100, "1e-100"),
            (7.200_469_5e-309, "7.2e-309"),
            (4.876_577_1e-310, "4.877e-310"),
            (1.154e-300, "1.154e-300"),
            (0.0, "0"),
        ] {
            assert_eq!(g4(x, 0), s, "{x}");
        }
        assert_eq!(g4(0.5, 8), "     0.5");
    }

    #[test]
    fn plink_header() {
        assert_eq!(
            header(11),
            " CHR         SNP         BP   A1      F_A      F_U   A2        CHISQ            P           OR \n"
        );
        assert_eq!(snp_width(["null_0", "null_10", "null_1000"]), 11);
    }

    #[test]
    fn chi_square_matches_cells() {
        let a = Assoc::new(&Tally {
            case: [300, 1700],
            control: [400, 1600],
            founder_hom: [40, 900],
        });
        assert!(!a.swapped);
        let (x, p) = a.chisq.unwrap();
        let obs = [300.0, 1700.0, 400.0, 1600.0];
        let (r, c, n) = ([2000.0, 2000.0], [700.0, 3300.0], 4000.0);
        let mut want = 0.0;
        for i in 0..2 {
            for j in 0..2 {
                let e = r[i] * c[j] / n;
                want += (obs[2 * i + j] - e) * (obs[2 * i + j] - e) / e;
            }
        }
        assert!((x - want).abs() < 1e-10 * want, "{x} {want}");
        assert_eq!(p, crate::chi2_1df_pvalue(x));
        assert_eq!(a.odds_ratio(), Some((300.0 * 1600.0) / (400.0 * 1700.0)));
    }

    #[test]
    fn upper_tail_small_and_large() {
        // erfc(1), erfc(5) and erfc(sqrt(0.005)) from their closed or series values.
        assert!((plink_p_value(2.0) - 0.157_299_207_050_285_13).abs() < 1e-14);
        assert!((plink_p_value(50.0) / 1.537_459_794_428_034_8e-12 - 1.0).abs() < 1e-12);
        assert!((plink_p_value(0.01) - 0.920_344_325_445_942_5).abs() < 1e-14);
        // The last p-values PLINK 1.9 prints before its zeros (its output, to 4 digits).
        assert_eq!(g4(plink_p_value(1_416.724_775_626_051), 0), "4.877e-310");
        assert_eq!(g4(plink_p_value(1411.344), 0), "7.2e-309");
        assert_eq!(g4(plink_p_value(1_416.785_724_290_556_6), 0), "0");
    }
}
