//! Matrices assembled from subdomain pieces (`MATIS`): each rank holds a sequential
//! local matrix over its own numbering (a subdomain's unknowns, shared unknowns on
//! every subdomain that has them), and a local-to-global mapping places it; the global
//! matrix is the sum of the pieces. Made for domain decomposition (`-pc_type bddc`),
//! and convertible to AIJ ([`Mat::convert`]).

use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

use petsc_sys as sys;

use super::preallocate::check_counts;
use super::{Mat, Sizes};
use crate::comm::Comm;
use crate::error::{Error, Result, check, record_destroy};
use crate::lgmap::LgMap;
use crate::object::{Object, refuse_lent};
use crate::scalar::Int;

impl Mat {
    /// A matrix of type `is` (`MatCreateIS`; collective) laid out by `sizes` (as in
    /// [`MatBuilder::sizes`](crate::MatBuilder::sizes); what is not given PETSc
    /// decides), of block size `bs`, with `rows` (`cols`: `None` for the same) the
    /// mapping of this rank's local matrix to the global rows (columns). Values go in
    /// by global indices ([`set_values`](Self::set_values)) or by the mapping's local
    /// ones ([`set_values_local`](Self::set_values_local)), each rank adding its own
    /// piece; entries several ranks set are summed at assembly.
    ///
    /// Sizes that do not agree across ranks, a block size below 1, a mapping on another
    /// communicator or sending an index past the global size are an `Err` on every
    /// rank.
    ///
    /// ```
    /// use petsc::{InsertMode, LgMap, Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // Two 1D elements on nodes 0-1 and 1-2, as one subdomain with three nodes.
    /// let map = LgMap::new(&c, 1, &[0, 1, 2])?;
    /// let mut a = Mat::new_is_sized(&c, Sizes::global(3, 3), 1, &map, None)?;
    /// for e in [[0, 1], [1, 2]] {
    ///     a.set_values_local(&e, &e, &[1.0, -1.0, -1.0, 1.0], InsertMode::Add)?;
    /// }
    /// a.assemble()?;
    /// let aij = a.convert("aij")?;
    /// assert_eq!(aij.values(&[1], &[0, 1, 2])?, vec![-1.0, 2.0, -1.0]);
    /// assert_eq!(a.sizes()?, Sizes::global(3, 3).with_local(3, 3));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCreateIS")]
    pub fn new_is_sized(
        comm: &Comm,
        sizes: Sizes,
        bs: Int,
        rows: &LgMap,
        cols: Option<&LgMap>,
    ) -> Result<Mat> {
        const CTX: &str = "Mat::new_is_sized";
        let local_check = (|| {
            if bs < 1 {
                return Err(Error::invalid(CTX, format!("block size {bs} is below 1")));
            }
            for m in std::iter::once(rows).chain(cols) {
                if !comm.congruent(&m.comm()) {
                    return Err(Error::invalid(
                        CTX,
                        format!(
                            "a mapping lives on a communicator of {} rank(s), the matrix on \
                             one of {}",
                            m.comm().size(),
                            comm.size()
                        ),
                    ));
                }
            }
            Ok(())
        })();
        comm.agree(CTX, local_check)?;
        let [lr, lc, gr, gc] = sizes.check(comm, CTX)?.raw();
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new matrix.
        check(unsafe { sys::MatCreate(comm.as_raw(), &mut m) })?;
        let mut mat = Mat::from_raw(comm.petsc(), m);
        // SAFETY: live matrix; sizes checked on every rank.
        check(unsafe { sys::MatSetSizes(m, lr, lc, gr, gc) })?;
        // SAFETY: live matrix; a positive block size.
        check(unsafe { sys::MatSetBlockSize(m, bs) })?;
        // SAFETY: live matrix; MATIS is a NUL-terminated type name.
        check(unsafe { sys::MatSetType(m, sys::MATIS.as_ptr().cast()) })?;
        // The mappings are checked against the sizes, then make the local matrix (with
        // PETSc's default storage until set_is_preallocation).
        mat.set_lgmap(rows, cols)?;
        Ok(mat)
    }

    /// The first form of [`new_is_sized`](Self::new_is_sized): the block size, then
    /// `[rows, columns]` local and global sizes as arrays of options.
    #[deprecated(
        since = "0.2.0",
        note = "use `Mat::new_is_sized(comm, Sizes::global(m, n), bs, rows, cols)` (named sizes cannot be swapped unnoticed)"
    )]
    pub fn new_is(
        comm: &Comm,
        bs: Int,
        local: [Option<Int>; 2],
        global: [Option<Int>; 2],
        rows: &LgMap,
        cols: Option<&LgMap>,
    ) -> Result<Mat> {
        let sizes = Sizes {
            local_rows: local[0],
            local_cols: local[1],
            global_rows: global[0],
            global_cols: global[1],
        };
        Self::new_is_sized(comm, sizes, bs, rows, cols)
    }

    /// Gives this rank's local matrix its storage (`MatSetUp`: PETSc's default
    /// preallocation) if it has none yet.
    pub(super) fn set_up_is_local(&mut self) -> Result<()> {
        let local = self.is_local_mat()?;
        if !local.is_preallocated()? {
            // SAFETY: the live local matrix, lent for the guard's life.
            check(unsafe { sys::MatSetUp(local.ptr) })?;
        }
        Ok(())
    }

    /// Refuses a matrix that is not of type `is`.
    fn require_is(&self, context: &str) -> Result<()> {
        if !self.has_type(sys::MATIS)? {
            return Err(Error::invalid(
                context,
                format!(
                    "the matrix has type '{}', not 'is' (make it with Mat::new_is_sized)",
                    self.type_name()?
                ),
            ));
        }
        Ok(())
    }

    /// The `(rows, columns)` of this rank's local matrix: the sizes of the mappings.
    fn is_local_size(&self, context: &str) -> Result<(Int, Int)> {
        match self.lgmap()? {
            (Some(r), Some(c)) => Ok((r.size()?, c.size()?)),
            _ => Err(Error::invalid(
                context,
                "the matrix has no local-to-global mappings yet (set_lgmap)",
            )),
        }
    }

    /// Lends this rank's local matrix (`MatISGetLocalMat`) until the guard is dropped
    /// (`MatISRestoreLocalMat`): a sequential matrix over the mapping's local numbering,
    /// whose values may be read or changed (assemble the `is` matrix afterwards). An
    /// `Err` for a matrix of another type.
    ///
    /// ```
    /// use petsc::{InsertMode, LgMap, Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let map = LgMap::new(&c, 1, &[1, 0])?;
    /// let mut a = Mat::new_is_sized(&c, Sizes::global(2, 2), 1, &map, None)?;
    /// a.set_values_local(&[0], &[0], &[5.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// {
    ///     let local = a.is_local_mat()?;
    ///     assert_eq!(local.values(&[0], &[0])?, vec![5.0]);
    /// }
    /// assert_eq!(a.convert("aij")?.values(&[1], &[1])?, vec![5.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatISGetLocalMat")]
    #[doc(alias = "MatISRestoreLocalMat")]
    pub fn is_local_mat(&mut self) -> Result<IsLocalMat<'_>> {
        self.check_loan("Mat::is_local_mat")?;
        const CTX: &str = "Mat::is_local_mat";
        self.require_is(CTX)?;
        let mut local: sys::Mat = std::ptr::null_mut();
        // SAFETY: live MATIS; PETSc lends its local matrix until the restore.
        check(unsafe { sys::MatISGetLocalMat(self.ptr, &mut local) })?;
        // SAFETY: the live local matrix; the lent handle takes its own reference.
        let lent = match unsafe { Mat::from_raw_lent(&self.petsc, local) } {
            Ok(l) => l,
            Err(e) => {
                // SAFETY: gives back the loan just taken.
                record_destroy(unsafe { sys::MatISRestoreLocalMat(self.ptr, &mut local) });
                return Err(e);
            }
        };
        Ok(IsLocalMat {
            mat: self.ptr,
            raw: local,
            local: lent,
            _mat: PhantomData,
        })
    }

    /// Replaces this rank's local matrix (`MatISSetLocalMat`; each rank its own): a
    /// sequential matrix of the mappings' sizes, which the `is` matrix keeps a reference
    /// to. Assemble the `is` matrix afterwards.
    ///
    /// ```
    /// use petsc::{LgMap, Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let map = LgMap::new(&c, 1, &[0, 1])?;
    /// let mut a = Mat::new_is_sized(&c, Sizes::global(2, 2), 1, &map, None)?;
    /// let mut d = Mat::dense(&c).sizes(Sizes::global(2, 2)).build()?;
    /// d.set_values(&[0, 1], &[0, 1], &[1.0, 2.0, 3.0, 4.0], petsc::InsertMode::Insert)?;
    /// d.assemble()?;
    /// a.set_is_local_mat(&d)?;
    /// a.assemble()?;
    /// assert_eq!(a.convert("aij")?.values(&[1], &[0, 1])?, vec![3.0, 4.0]);
    /// let small = Mat::dense(&c).sizes(Sizes::global(1, 1)).build()?;
    /// assert!(a.set_is_local_mat(&small).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatISSetLocalMat")]
    pub fn set_is_local_mat(&mut self, local: &Mat) -> Result<()> {
        self.check_loan("Mat::set_is_local_mat")?;
        local.check_loan("Mat::set_is_local_mat")?;
        const CTX: &str = "Mat::set_is_local_mat";
        self.require_is(CTX)?;
        refuse_lent(CTX, [local as &dyn Object])?;
        if local.comm().size() != 1 {
            return Err(Error::invalid(
                CTX,
                "the local matrix must live on one rank (PETSC_COMM_SELF)",
            ));
        }
        let want = self.is_local_size(CTX)?;
        let got = local.size()?;
        if got != want {
            return Err(Error::size_mismatch(
                CTX,
                format!(
                    "the local matrix is {} x {}, the mappings are {} x {}",
                    got.0, got.1, want.0, want.1
                ),
            ));
        }
        // SAFETY: live MATIS and sequential matrix of its local sizes; PETSc takes a
        // reference.
        check(unsafe { sys::MatISSetLocalMat(self.ptr, local.ptr) })
    }

    /// Preallocates the local matrices (`MatISSetPreallocation`; collective): as for an
    /// MPI AIJ matrix of the global layout, `d_nz` (or `d_nnz`, one entry a row this rank
    /// owns) non-zeros in the diagonal block of each row, `o_nz` (`o_nnz`) outside it;
    /// PETSc turns them into the local matrices' preallocation. A list of the wrong
    /// length, or a negative count, is an `Err`.
    #[doc(alias = "MatISSetPreallocation")]
    pub fn set_is_preallocation(
        &mut self,
        d_nz: Int,
        d_nnz: Option<&[Int]>,
        o_nz: Int,
        o_nnz: Option<&[Int]>,
    ) -> Result<()> {
        self.check_loan("Mat::set_is_preallocation")?;
        const CTX: &str = "Mat::set_is_preallocation";
        let local_check = (|| {
            self.require_is(CTX)?;
            for (what, n) in [("d_nz", d_nz), ("o_nz", o_nz)] {
                if n < 0 {
                    return Err(Error::invalid(CTX, format!("{what} is {n}, below 0")));
                }
            }
            let (m, _) = self.local_size()?;
            check_counts(CTX, "d_nnz", d_nnz, m)?;
            check_counts(CTX, "o_nnz", o_nnz, m)
        })();
        self.comm().agree(CTX, local_check)?;
        let ptr = |l: Option<&[Int]>| l.map_or(std::ptr::null(), <[Int]>::as_ptr);
        // SAFETY: live MATIS; the lists null or one entry a local row, read only.
        check(unsafe { sys::MatISSetPreallocation(self.ptr, d_nz, ptr(d_nnz), o_nz, ptr(o_nnz)) })
    }

    /// Whether empty local rows and columns get a zero diagonal at assembly
    /// (`MatISFixLocalEmpty`), which some local solvers need; before assembly. An `Err`
    /// for a matrix of another type.
    #[doc(alias = "MatISFixLocalEmpty")]
    pub fn fix_is_local_empty(&mut self, fix: bool) -> Result<()> {
        self.check_loan("Mat::fix_is_local_empty")?;
        self.require_is("Mat::fix_is_local_empty")?;
        // SAFETY: live MATIS.
        check(unsafe { sys::MatISFixLocalEmpty(self.ptr, crate::declare::petsc_bool(fix)) })
    }

    /// Whether the mappings may repeat global indices (`MatISSetAllowRepeated`, PETSc
    /// 3.22 on): a subdomain that holds an unknown twice, whose entries are summed.
    /// Before the mappings are set, so on a matrix made by [`new`](Self::new).
    ///
    /// ```
    /// use petsc::{InsertMode, LgMap, Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::new(&c)?;
    /// a.set_sizes_to(Sizes::global(2, 2))?;
    /// a.set_type_name("is")?;
    /// a.set_is_allow_repeated(true)?;
    /// assert!(a.is_allow_repeated()?);
    /// // Local 0 and 1 are both global 0.
    /// a.set_lgmap(&LgMap::new(&c, 1, &[0, 0, 1])?, None)?;
    /// a.set_values_local(&[0, 1], &[0, 1], &[1.0, 0.0, 0.0, 1.0], InsertMode::Add)?;
    /// a.assemble()?;
    /// assert_eq!(a.convert("aij")?.values(&[0], &[0])?, vec![2.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[cfg(petsc_3_22)]
    #[doc(alias = "MatISSetAllowRepeated")]
    pub fn set_is_allow_repeated(&mut self, allow: bool) -> Result<()> {
        self.check_loan("Mat::set_is_allow_repeated")?;
        self.require_is("Mat::set_is_allow_repeated")?;
        // SAFETY: live MATIS.
        check(unsafe { sys::MatISSetAllowRepeated(self.ptr, crate::declare::petsc_bool(allow)) })
    }

    /// Whether the mappings may repeat global indices (`MatISGetAllowRepeated`, PETSc
    /// 3.22 on).
    #[cfg(petsc_3_22)]
    #[doc(alias = "MatISGetAllowRepeated")]
    pub fn is_allow_repeated(&self) -> Result<bool> {
        self.check_loan("Mat::is_allow_repeated")?;
        self.require_is("Mat::is_allow_repeated")?;
        let mut b = sys::PETSC_BOOL_FALSE;
        // SAFETY: live MATIS; PETSc writes the flag.
        check(unsafe { sys::MatISGetAllowRepeated(self.ptr, &mut b) })?;
        Ok(b == sys::PETSC_BOOL_TRUE)
    }
}

/// This rank's local matrix of an `is` matrix ([`Mat::is_local_mat`]), lent until
/// dropped (`MatISRestoreLocalMat`). It dereferences to a [`Mat`] handle marked lent,
/// so nothing can keep it past the loan.
pub struct IsLocalMat<'a> {
    mat: sys::Mat,
    raw: sys::Mat,
    local: Mat,
    _mat: PhantomData<&'a mut Mat>,
}

/// The matrix, for an argument taking `impl Into<Option<&Mat>>` (a preconditioning
/// matrix), as `&guard` is for one taking `&Mat`.
impl<'a> From<&'a IsLocalMat<'_>> for Option<&'a Mat> {
    fn from(guard: &'a IsLocalMat<'_>) -> Self {
        Some(&guard.local)
    }
}

impl Deref for IsLocalMat<'_> {
    type Target = Mat;
    fn deref(&self) -> &Mat {
        &self.local
    }
}

impl DerefMut for IsLocalMat<'_> {
    fn deref_mut(&mut self) -> &mut Mat {
        &mut self.local
    }
}

impl Drop for IsLocalMat<'_> {
    fn drop(&mut self) {
        // SAFETY: the MATIS (borrowed mutably for the guard's life) and the local matrix
        // it lent; PETSc takes it back and nulls the pointer.
        record_destroy(unsafe { sys::MatISRestoreLocalMat(self.mat, &mut self.raw) });
    }
}

impl std::fmt::Debug for IsLocalMat<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IsLocalMat").finish_non_exhaustive()
    }
}
