//! Vector operations addressed by index sets and local-to-global mappings: entries of an
//! index set set or updated, permutations, concatenation, and the local numbering of
//! `set_values_local`.

use petsc_sys as sys;

use super::Vector;
use crate::error::{Error, Result, check, record_destroy};
use crate::is::IndexSet;
use crate::lgmap::LgMap;
use crate::object::Object;
use crate::scalar::{Int, Scalar};

impl Vector {
    /// Checks that every index of `is` is owned by this rank (the global numbering of
    /// `VecISSet`/`VecISAXPY`), with the same `Err` on every rank.
    fn check_owned_indices(&self, context: &str, is: &IndexSet) -> Result<()> {
        let range = self.ownership_range()?;
        let local = (|| {
            let idx = is.indices()?;
            if let Some((k, &i)) = idx.iter().enumerate().find(|(_, i)| !range.contains(i)) {
                return Err(Error::out_of_range(
                    context,
                    format!(
                        "index {i} (position {k}) of the index set is not owned by this rank \
                         (it owns {}..{})",
                        range.start, range.end
                    ),
                ));
            }
            Ok(())
        })();
        self.comm().agree(context, local)
    }

    /// Sets the entries at the global indices of `is` (owned by this rank) to `alpha`
    /// (`VecISSet`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut x = petsc::Vector::from_slice(&c, &[1.0, 2.0, 3.0, 4.0])?;
    /// let is = petsc::IndexSet::new_general(&c, &[0, 2])?;
    /// x.is_set(&is, 9.0)?;
    /// assert_eq!(&*x.view()?, &[9.0, 2.0, 9.0, 4.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecISSet")]
    pub fn is_set(&mut self, is: &IndexSet, alpha: impl Into<Scalar>) -> Result<()> {
        const CTX: &str = "Vector::is_set";
        self.check_owned_indices(CTX, is)?;
        // SAFETY: live vector and index set; every index is owned by this rank.
        check(unsafe { sys::VecISSet(self.raw_write(CTX)?, is.as_raw(), alpha.into()) })
    }

    /// `self[is[i]] += alpha * x[i]` for the global indices of `is` (owned by this rank;
    /// `x` has one entry per index on each rank) (`VecISAXPY`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut y = petsc::Vector::from_slice(&c, &[1.0, 1.0, 1.0])?;
    /// let x = petsc::Vector::from_slice(&c, &[10.0, 20.0])?;
    /// let is = petsc::IndexSet::new_general(&c, &[2, 0])?;
    /// y.is_axpy(&is, 0.5, &x)?;
    /// assert_eq!(&*y.view()?, &[11.0, 1.0, 6.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecISAXPY")]
    pub fn is_axpy(&mut self, is: &IndexSet, alpha: impl Into<Scalar>, x: &Vector) -> Result<()> {
        const CTX: &str = "Vector::is_axpy";
        let local = (|| {
            let (n, m) = (is.local_size()?, x.local_size()?);
            if n != m {
                return Err(Error::size_mismatch(
                    CTX,
                    format!("the index set has {n} indices on this rank but x has {m} entries"),
                ));
            }
            Ok(())
        })();
        self.comm().agree(CTX, local)?;
        self.check_owned_indices(CTX, is)?;
        // SAFETY: live vectors and index set; sizes and ownership checked above.
        check(unsafe {
            sys::VecISAXPY(
                self.raw_write(CTX)?,
                is.as_raw(),
                alpha.into(),
                x.raw_read(CTX)?,
            )
        })
    }

    /// Permutes the entries in place (`VecPermute`): with `inverse` false, entry `i` of
    /// the result is entry `perm[i]` of the vector; `perm` is a permutation of the global
    /// indices with this rank's part of the vector's length (one rank's `perm` may name
    /// any index only when the vector is on one rank).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut x = petsc::Vector::from_slice(&c, &[10.0, 20.0, 30.0])?;
    /// let mut perm = petsc::IndexSet::new_general(&c, &[2, 0, 1])?;
    /// perm.set_permutation()?;
    /// x.permute(&perm, false)?;
    /// assert_eq!(&*x.view()?, &[30.0, 10.0, 20.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecPermute")]
    pub fn permute(&mut self, perm: &IndexSet, inverse: bool) -> Result<()> {
        const CTX: &str = "Vector::permute";
        let local = (|| {
            let (n, m) = (perm.local_size()?, self.local_size()?);
            if n != m {
                return Err(Error::size_mismatch(
                    CTX,
                    format!("the permutation has {n} indices on this rank, the vector {m}"),
                ));
            }
            if !perm.is_permutation()? {
                return Err(Error::invalid(
                    CTX,
                    "the index set is not marked as a permutation (IndexSet::set_permutation \
                     checks and marks it)",
                ));
            }
            Ok(())
        })();
        self.comm().agree(CTX, local)?;
        if self.comm().size() > 1 {
            self.check_owned_indices(CTX, perm)?;
        }
        let flag = if inverse {
            sys::PETSC_BOOL_TRUE
        } else {
            sys::PETSC_BOOL_FALSE
        };
        // SAFETY: live vector and index set, a permutation of matching size.
        check(unsafe { sys::VecPermute(self.raw_write(CTX)?, perm.as_raw(), flag) })
    }

    /// One vector holding `vecs` one after the other, and for each part the index set of
    /// its entries in the result (`VecConcatenate`); collective, `vecs` on one
    /// communicator.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Vector::from_slice(&c, &[1.0, 2.0])?;
    /// let b = petsc::Vector::from_slice(&c, &[3.0])?;
    /// let (ab, parts) = petsc::Vector::concatenate(&[&a, &b])?;
    /// assert_eq!(&*ab.view()?, &[1.0, 2.0, 3.0]);
    /// assert_eq!(parts[1].to_vec()?, vec![2]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecConcatenate")]
    pub fn concatenate(vecs: &[&Vector]) -> Result<(Vector, Vec<IndexSet>)> {
        const CTX: &str = "Vector::concatenate";
        let first = vecs
            .first()
            .ok_or_else(|| Error::invalid(CTX, "no vectors to concatenate"))?;
        Vector::accessible_over(*first, CTX, vecs, &[])?;
        let raw = vecs
            .iter()
            .map(|v| v.raw_read(CTX))
            .collect::<Result<Vec<_>>>()?;
        let n = Int::try_from(raw.len())
            .map_err(|_| Error::invalid(CTX, "more vectors than PetscInt counts"))?;
        let mut y: sys::Vec = std::ptr::null_mut();
        let mut parts: *mut sys::IS = std::ptr::null_mut();
        // SAFETY: `n` live vectors; PETSc writes a new vector and a new array of `n` new
        // index sets.
        check(unsafe { sys::VecConcatenate(n, raw.as_ptr(), &mut y, &mut parts) })?;
        let petsc = first.petsc();
        let joined = Vector::from_raw(petsc, y);
        let sets = (0..raw.len())
            // SAFETY: the array holds `n` new index sets whose references the handles
            // take over.
            .map(|k| IndexSet::from_raw(petsc, unsafe { *parts.add(k) }))
            .collect();
        // SAFETY: the array PETSc allocated (its index sets are now owned by handles).
        record_destroy(unsafe { sys::petscrs_PetscFree(parts.cast()) });
        Ok((joined, sets))
    }

    /// Gives the vector a local numbering (`VecSetLocalToGlobalMapping`), used by
    /// [`set_values_local`](Self::set_values_local); the mapping's size must cover this
    /// rank's entries, and a vector that already has one keeps it (`Err`).
    ///
    /// ```
    /// use petsc::{InsertMode, LgMap, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut x = Vector::new_seq(&c, 3)?;
    /// x.set(0.0)?;
    /// x.set_lgmap(&LgMap::new(&c, 1, &[2, 1, 0])?)?; // local i is global 2 - i
    /// x.set_values_local(&[0], &[5.0], InsertMode::Insert)?;
    /// x.assemble()?;
    /// assert_eq!(&*x.view()?, &[0.0, 0.0, 5.0]);
    /// assert_eq!(x.lgmap()?.unwrap().indices()?.to_vec(), vec![2, 1, 0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecSetLocalToGlobalMapping")]
    pub fn set_lgmap(&mut self, map: &LgMap) -> Result<()> {
        const CTX: &str = "Vector::set_lgmap";
        let local = (|| {
            if self.lgmap()?.is_some() {
                return Err(Error::invalid(
                    CTX,
                    "the vector already has a local numbering",
                ));
            }
            let global = self.size()?;
            let idx = map.indices()?;
            if let Some((k, &i)) = idx.iter().enumerate().find(|&(_, &i)| i >= global) {
                return Err(Error::out_of_range(
                    CTX,
                    format!("global index {i} (local {k}) is not below the size {global}"),
                ));
            }
            Ok(())
        })();
        self.comm().agree(CTX, local)?;
        // SAFETY: live vector and mapping; PETSc takes a reference to the mapping.
        check(unsafe { sys::VecSetLocalToGlobalMapping(self.ptr, map.as_raw()) })
    }

    /// The vector's local numbering (`VecGetLocalToGlobalMapping`), if it has one.
    #[doc(alias = "VecGetLocalToGlobalMapping")]
    pub fn lgmap(&self) -> Result<Option<LgMap>> {
        let mut map: sys::ISLocalToGlobalMapping = std::ptr::null_mut();
        // SAFETY: live vector; PETSc returns its mapping (borrowed) or null.
        check(unsafe { sys::VecGetLocalToGlobalMapping(self.ptr, &mut map) })?;
        if map.is_null() {
            return Ok(None);
        }
        // SAFETY: a live mapping lent by PETSc; the handle takes its own reference.
        unsafe { LgMap::from_raw_borrowed(&self.petsc, map) }.map(Some)
    }
}
