//! Reproducible random numbers: [`stream`] gives the ChaCha stream of `(seed, key)`, the
//! same on every rank and at any rank count; [`hash`] and [`splitmix64`] fold results
//! into checksums that do not change between releases or platforms.

/// The random generator of the examples: `rand_chacha`'s ChaCha with 8 rounds, whose
/// output for a given key is reproducible across platforms and releases (unlike `rand`'s
/// `StdRng`, whose algorithm may change).
pub type StreamRng = rand_chacha::ChaCha8Rng;

/// The random stream of `(seed, key)`, where `key` is up to three words naming what the
/// numbers are for (a kind of quantity, a global index, an epoch, ...). Its numbers
/// depend only on `(seed, key)`, so any rank regenerates the numbers of any global index
/// without communication, and results do not depend on the number of ranks.
///
/// No hashing is needed: ChaCha's 256-bit key holds the seed and the key words as they
/// are (unused words zero), and ChaCha's 64-bit stream number is the length of `key`, so
/// that `[a]` and `[a, 0]` differ too. Distinct `(seed, key)` give distinct keys, and
/// ChaCha's outputs under distinct keys are independent for every practical purpose.
/// Draw from the stream with `rand`'s methods and `rand_distr`'s distributions.
///
/// ```
/// use petsc_examples::stream;
/// use rand::{Rng, RngCore};
/// use rand_distr::{Distribution, StandardNormal};
/// let (mut a, mut b) = (stream(1234, &[7, 3]), stream(1234, &[7, 3]));
/// assert_eq!(a.next_u64(), b.next_u64());
/// let u: f64 = a.random();
/// assert!((0.0..1.0).contains(&u));
/// let z: f64 = StandardNormal.sample(&mut a);
/// assert!(z.is_finite());
/// assert_ne!(stream(1, &[5]).next_u64(), stream(1, &[5, 0]).next_u64());
/// assert_ne!(stream(1, &[5]).next_u64(), stream(2, &[5]).next_u64());
/// ```
///
/// # Panics
///
/// If `key` has more than three words (a programming error in the caller).
pub fn stream(seed: u64, key: &[u64]) -> StreamRng {
    use rand::SeedableRng;
    assert!(
        key.len() <= 3,
        "stream: a key has at most three words, got {}",
        key.len()
    );
    let mut bytes = [0u8; 32];
    for (chunk, word) in bytes
        .chunks_exact_mut(8)
        .zip(std::iter::once(&seed).chain(key))
    {
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    let mut rng = StreamRng::from_seed(bytes);
    rng.set_stream(key.len() as u64);
    rng
}

/// One step of SplitMix64's output function: a bijective mix of 64 bits.
pub const fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A 64-bit hash of a seed and a key: the T2 fit (`t2_fit`) folds every voxel's result
/// into a checksum of the map with it, the same at any rank count. Written here because
/// the checksum must not change between releases or platforms, which `std`'s hashers do
/// not promise; the random streams need no hash (see [`stream`]).
pub fn hash(seed: u64, key: &[u64]) -> u64 {
    let mut h = splitmix64(seed ^ 0x5851_F42D_4C95_7F2D);
    for &k in key {
        h = splitmix64(h ^ splitmix64(k.wrapping_add(0x2545_F491_4F6C_DD1D)));
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_give_hardy_weinberg_genotypes() {
        use rand_distr::{Binomial, Distribution};
        let law = Binomial::new(2, 0.3).unwrap();
        let mut counts = [0usize; 3];
        let mut rng = stream(9, &[1, 2]);
        for _ in 0..100_000 {
            counts[law.sample(&mut rng) as usize] += 1;
        }
        assert!((counts[0] as f64 / 1e5 - 0.49).abs() < 0.01, "{counts:?}");
        assert!((counts[1] as f64 / 1e5 - 0.42).abs() < 0.01, "{counts:?}");
        assert!((counts[2] as f64 / 1e5 - 0.09).abs() < 0.01, "{counts:?}");
    }
}
