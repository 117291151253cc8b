//! Hash maps keyed by addresses and closure numbers: the table of
//! [`callback`](crate::callback)'s closures, looked up on every callback. Its keys are
//! our own, never an attacker's, so the standard library's DoS-resistant SipHash (about
//! 200 instructions a lookup) is replaced by one folded multiplication, which mixes both
//! the low bits (zero in aligned addresses) and the high ones into every bit of the
//! hash.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A map from an address or a number to `V`.
pub(crate) type AddrMap<V> = HashMap<usize, V, BuildHasherDefault<AddrHasher>>;

/// The hasher of [`AddrMap`]: each word written is xored in and folded.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct AddrHasher(u64);

/// The high and low halves of `x` times a large odd constant (the golden ratio's
/// fraction), xored together.
#[inline]
fn fold(x: u64) -> u64 {
    let p = u128::from(x) * 0x9E37_79B9_7F4A_7C15;
    (p as u64) ^ ((p >> 64) as u64)
}

impl Hasher for AddrHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = fold(self.0 ^ u64::from(b));
        }
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.0 = fold(self.0 ^ n as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligned_and_consecutive_keys_spread() {
        use std::hash::BuildHasher;
        let b = BuildHasherDefault::<AddrHasher>::default();
        // Both the low 7 bits (a bucket index) and the top 7 (hashbrown's tag) differ
        // for most aligned addresses and small numbers.
        for keys in [
            (0..1024usize)
                .map(|k| 0x5555_0000_0000 + 64 * k)
                .collect::<Vec<_>>(),
            (1..1025usize).collect(),
        ] {
            let hashes: Vec<u64> = keys.iter().map(|&k| b.hash_one(k)).collect();
            let low: std::collections::HashSet<u64> = hashes.iter().map(|h| h & 127).collect();
            let top: std::collections::HashSet<u64> = hashes.iter().map(|h| h >> 57).collect();
            assert!(
                low.len() > 100 && top.len() > 100,
                "{} {}",
                low.len(),
                top.len()
            );
        }
        let mut m: AddrMap<u8> = AddrMap::default();
        m.insert(7, 1);
        assert_eq!(m.get(&7), Some(&1));
        assert_eq!(m.get(&8), None);
    }
}
