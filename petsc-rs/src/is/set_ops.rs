//! What index sets compute from their indices: sorting, permutations and the identity,
//! set operations (sum, union, intersection, difference, complement, embedding,
//! renumbering), partitionings, and sending indices between ranks.

use petsc_sys as sys;

use super::{DECIDE, IndexSet, petsc_bool};
use crate::error::{Error, Result, check};
use crate::object::Object;
use crate::scalar::Int;

impl IndexSet {
    crate::methods![for IndexSet;
        /// Sorts this rank's indices in increasing order (`ISSort`).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut is = petsc::IndexSet::new_general(&petsc.self_comm(), &[3, 1, 2])?;
        /// assert!(!is.is_sorted()?);
        /// is.sort()?;
        /// assert!(is.is_sorted()?);
        /// assert_eq!(is.to_vec()?, vec![1, 2, 3]);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn sort(&mut self) = ISSort as "ISSort";

        /// Whether this rank's indices are in nondecreasing order (`ISSorted`).
        pub fn is_sorted(&self) -> bool = ISSorted as "ISSorted";
    ];

    /// All ranks' indices, in rank order (collective).
    fn gathered(&self) -> Result<Vec<Int>> {
        self.all_gather()?.to_vec()
    }

    /// Declares the index set a permutation of `0..size` (`ISSetPermutation`;
    /// collective), after checking that it is one: otherwise an `Err` on every rank.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut p = petsc::IndexSet::new_general(&c, &[2, 0, 1])?;
    /// p.set_permutation()?;
    /// assert!(p.is_permutation()?);
    /// assert_eq!(p.invert_permutation(None)?.to_vec()?, vec![1, 2, 0]);
    /// assert!(petsc::IndexSet::new_general(&c, &[0, 0])?.set_permutation().is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISSetPermutation")]
    pub fn set_permutation(&mut self) -> Result<()> {
        const CTX: &str = "IndexSet::set_permutation";
        let mut all = self.gathered()?;
        all.sort_unstable();
        if let Some((k, &i)) = all.iter().enumerate().find(|&(k, &i)| i != k as Int) {
            return Err(Error::invalid(
                CTX,
                format!(
                    "the indices are not a permutation of 0..{}: sorted, position {k} holds {i}",
                    all.len()
                ),
            ));
        }
        // SAFETY: live index set, checked to be a permutation.
        check(unsafe { sys::ISSetPermutation(self.ptr) })
    }

    crate::methods![for IndexSet;
        /// Whether the index set was declared a permutation (`ISPermutation`; it does not
        /// examine the indices).
        pub fn is_permutation(&self) -> bool = ISPermutation as "ISPermutation";
    ];

    /// Declares the index set the identity `0, 1, ..., size - 1` (`ISSetIdentity`;
    /// collective), after checking that it is: otherwise an `Err` on every rank.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut is = petsc::IndexSet::new_general(&petsc.self_comm(), &[0, 1, 2])?;
    /// is.set_identity()?;
    /// assert!(is.is_identity()?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISSetIdentity")]
    pub fn set_identity(&mut self) -> Result<()> {
        const CTX: &str = "IndexSet::set_identity";
        let all = self.gathered()?;
        if let Some((k, &i)) = all.iter().enumerate().find(|&(k, &i)| i != k as Int) {
            return Err(Error::invalid(
                CTX,
                format!("the indices are not the identity: position {k} holds {i}"),
            ));
        }
        // SAFETY: live index set, checked to be the identity.
        check(unsafe { sys::ISSetIdentity(self.ptr) })
    }

    crate::methods![for IndexSet;
        /// Whether the indices are `0, 1, ..., size - 1` (`ISIdentity`; collective).
        pub fn is_identity(&self) -> bool = ISIdentity as "ISIdentity";
    ];

    /// The inverse of a permutation (`ISInvertPermutation`; collective): position `i`
    /// of the result holds where `i` is in `self`. `nlocal` is the result's local size
    /// (`None`: PETSc decides). An index set not declared a permutation
    /// ([`set_permutation`](Self::set_permutation)) is an `Err`.
    #[doc(alias = "ISInvertPermutation")]
    pub fn invert_permutation(&self, nlocal: Option<Int>) -> Result<IndexSet> {
        const CTX: &str = "IndexSet::invert_permutation";
        let comm = self.comm();
        let local = self.is_permutation().and_then(|p| {
            if p {
                Ok(())
            } else {
                Err(Error::invalid(
                    CTX,
                    "the index set is not declared a permutation (call set_permutation first)",
                ))
            }
        });
        comm.agree(CTX, local)?;
        if comm.size() > 1 || nlocal.is_some() {
            comm.check_layout(CTX, "indices", nlocal, Some(self.size()?))?;
        }
        self.wrap_like(|is| {
            // SAFETY: live permutation index set; PETSc writes the inverse.
            unsafe { sys::ISInvertPermutation(self.ptr, nlocal.unwrap_or(DECIDE), is) }
        })
    }

    /// Whether `self` and `other` hold the same indices, compared as sorted lists on each
    /// rank (`ISEqual`; collective).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::IndexSet::new_general(&c, &[3, 1])?;
    /// assert!(a.equal(&petsc::IndexSet::new_general(&c, &[1, 3])?)?);
    /// assert!(!a.equal(&petsc::IndexSet::new_stride(&c, 2, 1, 1)?)?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISEqual")]
    pub fn equal(&self, other: &IndexSet) -> Result<bool> {
        let mut f = sys::PETSC_BOOL_FALSE;
        // SAFETY: live index sets.
        check(unsafe { sys::ISEqual(self.ptr, other.ptr, &mut f) })?;
        Ok(f == sys::PETSC_BOOL_TRUE)
    }

    fn check_sorted(&self, context: &str, which: &str) -> Result<()> {
        if self.is_sorted()? {
            Ok(())
        } else {
            Err(Error::invalid(
                context,
                format!("{which} index set is not sorted (call sort first)"),
            ))
        }
    }

    /// The sorted union of two sorted index sets on a one-rank communicator (`ISSum`;
    /// PETSc 3.18 has it for those only). An unsorted one, or a communicator of several
    /// ranks, is an `Err` (on every rank); [`expand`](Self::expand) works on any.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::IndexSet::new_general(&c, &[1, 4, 6])?;
    /// let b = petsc::IndexSet::new_general(&c, &[2, 4])?;
    /// assert_eq!(a.sum(&b)?.to_vec()?, vec![1, 2, 4, 6]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISSum")]
    pub fn sum(&self, other: &IndexSet) -> Result<IndexSet> {
        const CTX: &str = "IndexSet::sum";
        let comm = self.comm();
        if comm.size() > 1 {
            return Err(Error::invalid(
                CTX,
                format!(
                    "the index set is on {} ranks; PETSc sums index sets on one rank only (use expand)",
                    comm.size()
                ),
            ));
        }
        let local = self
            .check_sorted(CTX, "the first")
            .and_then(|()| other.check_sorted(CTX, "the second"));
        self.comm().agree(CTX, local)?;
        self.wrap_like(|is| {
            // SAFETY: live sorted index sets; PETSc writes the sum.
            unsafe { sys::ISSum(self.ptr, other.ptr, is) }
        })
    }

    /// The union of two index sets, rank by rank, without repeats, in the order the
    /// indices first appear in `self` then `other` (`ISExpand`; collective).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::IndexSet::new_general(&c, &[6, 1])?;
    /// let b = petsc::IndexSet::new_general(&c, &[2, 6])?;
    /// assert_eq!(a.expand(&b)?.to_vec()?, vec![6, 1, 2]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISExpand")]
    pub fn expand(&self, other: &IndexSet) -> Result<IndexSet> {
        self.wrap_like(|is| {
            // SAFETY: live index sets; PETSc writes the union.
            unsafe { sys::ISExpand(self.ptr, other.ptr, is) }
        })
    }

    /// The union of two index sets: [`sum`](Self::sum) (sorted) when both are sorted on
    /// a one-rank communicator, else [`expand`](Self::expand) (collective).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::IndexSet::new_general(&c, &[1, 5])?;
    /// let b = petsc::IndexSet::new_general(&c, &[2, 5])?;
    /// assert_eq!(a.union(&b)?.to_vec()?, vec![1, 2, 5]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn union(&self, other: &IndexSet) -> Result<IndexSet> {
        if self.comm().size() > 1 {
            return self.expand(other);
        }
        let sorted = self.is_sorted()? && other.is_sorted()?;
        if sorted {
            self.sum(other)
        } else {
            self.expand(other)
        }
    }

    /// The indices in both sets, rank by rank, sorted and without repeats
    /// (`ISIntersect`; collective).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::IndexSet::new_general(&c, &[5, 1, 3])?;
    /// let b = petsc::IndexSet::new_stride(&c, 4, 2, 1)?; // 2 3 4 5
    /// assert_eq!(a.intersect(&b)?.to_vec()?, vec![3, 5]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISIntersect")]
    pub fn intersect(&self, other: &IndexSet) -> Result<IndexSet> {
        self.wrap_like(|is| {
            // SAFETY: live index sets; PETSc writes the intersection.
            unsafe { sys::ISIntersect(self.ptr, other.ptr, is) }
        })
    }

    /// The indices of `self` not in `other`, rank by rank, sorted and without repeats
    /// (`ISDifference`; collective).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::IndexSet::new_stride(&c, 5, 0, 1)?;
    /// let b = petsc::IndexSet::new_general(&c, &[1, 3])?;
    /// assert_eq!(a.difference(&b)?.to_vec()?, vec![0, 2, 4]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISDifference")]
    pub fn difference(&self, other: &IndexSet) -> Result<IndexSet> {
        self.wrap_like(|is| {
            // SAFETY: live index sets; PETSc writes the difference.
            unsafe { sys::ISDifference(self.ptr, other.ptr, is) }
        })
    }

    /// The indices of `nmin..nmax` that are not in this rank's indices (`ISComplement`;
    /// collective). The index set must be sorted with every index in `nmin..nmax`, and
    /// `0 <= nmin <= nmax`; otherwise an `Err` on every rank.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let is = petsc::IndexSet::new_general(&petsc.self_comm(), &[1, 3])?;
    /// assert_eq!(is.complement(0, 5)?.to_vec()?, vec![0, 2, 4]);
    /// assert!(is.complement(2, 5).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISComplement")]
    pub fn complement(&self, nmin: Int, nmax: Int) -> Result<IndexSet> {
        const CTX: &str = "IndexSet::complement";
        let local = (|| {
            if nmin < 0 || nmin > nmax {
                return Err(Error::invalid(
                    CTX,
                    format!("the range {nmin}..{nmax} must have 0 <= nmin <= nmax"),
                ));
            }
            self.check_sorted(CTX, "the")?;
            if let Some((p, &i)) = self
                .indices()?
                .iter()
                .enumerate()
                .find(|&(_, &i)| i < nmin || i >= nmax)
            {
                return Err(Error::out_of_range(
                    CTX,
                    format!("index {i} (position {p}) is not in {nmin}..{nmax}"),
                ));
            }
            Ok(())
        })();
        self.comm().agree(CTX, local)?;
        self.wrap_like(|is| {
            // SAFETY: live sorted index set within the range; PETSc writes the result.
            unsafe { sys::ISComplement(self.ptr, nmin, nmax, is) }
        })
    }

    /// The positions in `other` of the indices of `self` that `other` holds, on this
    /// rank (`ISEmbed`; not collective; the result is on `COMM_SELF`): indices of `self`
    /// missing from `other` are left out with `drop`, and are -1 without it (so the
    /// result is as long as `self`), as PETSc documents.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::IndexSet::new_general(&c, &[7, 3, 9])?;
    /// let b = petsc::IndexSet::new_general(&c, &[3, 5, 7])?;
    /// assert_eq!(a.embed(&b, true)?.to_vec()?, vec![2, 0]);
    /// assert_eq!(a.embed(&b, false)?.to_vec()?, vec![2, 0, -1]); // 9 is not in b
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISEmbed")]
    pub fn embed(&self, other: &IndexSet, drop: bool) -> Result<IndexSet> {
        self.wrap_like(|is| {
            // SAFETY: live index sets; PETSc writes the result.
            unsafe { sys::ISEmbed(self.ptr, other.ptr, petsc_bool(drop), is) }
        })
    }

    /// Renumbers the distinct nonnegative indices `0..N` in increasing order
    /// (`ISRenumber`; collective): returns `N` and the new number of each index
    /// (negative indices stay negative). `mult`, of the same local size, gives each
    /// index a multiplicity; an index with multiplicity 0 counts as absent.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let is = petsc::IndexSet::new_general(&petsc.self_comm(), &[10, 4, 10, 7])?;
    /// let (n, renumbered) = is.renumber(None)?;
    /// assert_eq!(n, 3);
    /// assert_eq!(renumbered.to_vec()?, vec![2, 0, 2, 1]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISRenumber")]
    pub fn renumber(&self, mult: Option<&IndexSet>) -> Result<(Int, IndexSet)> {
        const CTX: &str = "IndexSet::renumber";
        let local = match mult {
            None => Ok(()),
            Some(m) => (|| {
                let (n, mn) = (self.local_size()?, m.local_size()?);
                if n != mn {
                    return Err(Error::size_mismatch(
                        CTX,
                        format!("the index set has local size {n} but the multiplicities {mn}"),
                    ));
                }
                Ok(())
            })(),
        };
        self.comm().agree(CTX, local)?;
        let mut n: Int = 0;
        let out = self.wrap_like(|is| {
            // SAFETY: live index sets of the same local size; PETSc writes N and the
            // renumbered set.
            unsafe {
                sys::ISRenumber(
                    self.ptr,
                    mult.map_or(std::ptr::null_mut(), |m| m.ptr),
                    &mut n,
                    is,
                )
            }
        })?;
        Ok((n, out))
    }

    /// For an index set whose entry `i` is the rank to which entry `i` goes (a
    /// partitioning), the new global number of each entry when entries are numbered
    /// part by part (`ISPartitioningToNumbering`; collective). Negative parts are an
    /// `Err` on every rank.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let part = petsc::IndexSet::new_general(&petsc.self_comm(), &[1, 0, 1, 0])?;
    /// assert_eq!(part.partitioning_to_numbering()?.to_vec()?, vec![2, 0, 3, 1]);
    /// assert_eq!(part.partitioning_count(Some(2))?, vec![2, 2]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISPartitioningToNumbering")]
    pub fn partitioning_to_numbering(&self) -> Result<IndexSet> {
        const CTX: &str = "IndexSet::partitioning_to_numbering";
        let local = self.check_parts(CTX, None);
        self.comm().agree(CTX, local)?;
        self.wrap_like(|is| {
            // SAFETY: live index set of nonnegative parts; PETSc writes the numbering.
            unsafe { sys::ISPartitioningToNumbering(self.ptr, is) }
        })
    }

    fn check_parts(&self, context: &str, npart: Option<Int>) -> Result<()> {
        let idx = self.indices()?;
        if let Some((p, &i)) = idx
            .iter()
            .enumerate()
            .find(|&(_, &i)| i < 0 || npart.is_some_and(|n| i >= n))
        {
            return Err(Error::out_of_range(
                context,
                match npart {
                    Some(n) => format!("part {i} (position {p}) is not in 0..{n}"),
                    None => format!("part {i} (position {p}) is negative"),
                },
            ));
        }
        Ok(())
    }

    /// How many entries of a partitioning (see
    /// [`partitioning_to_numbering`](Self::partitioning_to_numbering)) go to each of the
    /// `npart` parts (`None`: the communicator's size), summed over all ranks
    /// (`ISPartitioningCount`; collective). A part outside `0..npart` is an `Err` on
    /// every rank.
    #[doc(alias = "ISPartitioningCount")]
    pub fn partitioning_count(&self, npart: Option<Int>) -> Result<Vec<Int>> {
        const CTX: &str = "IndexSet::partitioning_count";
        let comm = self.comm();
        let npart = npart.unwrap_or(comm.size() as Int);
        comm.check_same(CTX, &[("numbers of parts", crate::comm::wide(npart))])?;
        let local = if npart < 0 {
            Err(Error::invalid(CTX, format!("{npart} parts")))
        } else {
            self.check_parts(CTX, Some(npart))
        };
        comm.agree(CTX, local)?;
        let mut count = vec![0 as Int; npart as usize];
        // SAFETY: live index set whose parts are in 0..npart; `count` holds npart.
        check(unsafe { sys::ISPartitioningCount(self.ptr, npart, count.as_mut_ptr()) })?;
        Ok(count)
    }

    /// Sends indices to other ranks (`ISBuildTwoSided`; collective): entry `i` of `self`
    /// is the rank that receives index `i` of `to_indices` (or, with `None`, the global
    /// number of entry `i`: the rank's offset plus `i`). Returns the indices this rank
    /// received, sorted. A rank outside the communicator or a `to_indices` of another
    /// local size is an `Err` on every rank.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let to = petsc::IndexSet::new_general(&c, &[0, 0])?;
    /// let what = petsc::IndexSet::new_general(&c, &[8, 5])?;
    /// assert_eq!(to.build_two_sided(Some(&what))?.to_vec()?, vec![5, 8]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISBuildTwoSided")]
    pub fn build_two_sided(&self, to_indices: Option<&IndexSet>) -> Result<IndexSet> {
        const CTX: &str = "IndexSet::build_two_sided";
        let comm = self.comm();
        let local = self
            .check_parts(CTX, Some(comm.size() as Int))
            .and_then(|()| {
                if let Some(t) = to_indices {
                    let (n, tn) = (self.local_size()?, t.local_size()?);
                    if n != tn {
                        return Err(Error::size_mismatch(
                            CTX,
                            format!("{n} target ranks but {tn} indices to send"),
                        ));
                    }
                }
                Ok(())
            });
        comm.agree(CTX, local)?;
        self.wrap_like(|is| {
            // SAFETY: live index sets, ranks in range, equal local sizes.
            unsafe {
                sys::ISBuildTwoSided(
                    self.ptr,
                    to_indices.map_or(std::ptr::null_mut(), |t| t.ptr),
                    is,
                )
            }
        })
    }
}
