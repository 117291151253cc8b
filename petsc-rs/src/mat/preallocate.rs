//! Preallocation of a matrix made by [`Mat::create`] with a type chosen at run time: the
//! number of non-zeros per row for AIJ (`MatSeqAIJSetPreallocation`,
//! `MatMPIAIJSetPreallocation`) and per block row for any of AIJ, BAIJ and SBAIJ
//! (`MatXAIJSetPreallocation`), each count list checked against this rank's rows.

use petsc_sys as sys;

use super::Mat;
use super::aij::split_ownership;
use crate::error::{Error, Result, check};
use crate::object::Object;
use crate::scalar::Int;

impl Mat {
    /// This rank's rows and columns as the layout will be (collective when a global size
    /// was given alone), after checking that sizes and a type are set.
    fn preallocation_layout(&self, context: &str) -> Result<(Int, Int)> {
        let comm = self.comm();
        let local = (|| {
            if self.type_name()?.is_empty() {
                return Err(Error::invalid(
                    context,
                    "the matrix has no type yet: call set_type (or set_from_options) first",
                ));
            }
            Ok(())
        })();
        comm.agree(context, local)?;
        let (mut m, mut n, mut big_m, mut big_n): (Int, Int, Int, Int) = (0, 0, 0, 0);
        // SAFETY: live matrix; two outputs each.
        check(unsafe { sys::MatGetLocalSize(self.ptr, &mut m, &mut n) })?;
        // SAFETY: as above.
        check(unsafe { sys::MatGetSize(self.ptr, &mut big_m, &mut big_n) })?;
        let decide = |v: Int| (v >= 0).then_some(v);
        let (m, _) = split_ownership(&comm, decide(m), decide(big_m))?;
        let (n, _) = split_ownership(&comm, decide(n), decide(big_n))?;
        Ok((m, n))
    }

    /// Preallocates a sequential AIJ matrix (`MatSeqAIJSetPreallocation`): `nz` non-zeros
    /// in every row, or `nnz[i]` in row `i` (one count per row of this rank, each at most
    /// the number of columns). Like PETSc, a matrix of another type ignores it, so a
    /// program may call both this and
    /// [`mpi_aij_set_preallocation`](Self::mpi_aij_set_preallocation); the type must be
    /// set first.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, MatInfoType, MatType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = Mat::create(&petsc.self_comm())?;
    /// a.set_sizes(None, None, Some(3), Some(3))?;
    /// a.set_type(MatType::Aij)?;
    /// a.seq_aij_set_preallocation(0, Some(&[1, 2, 2]))?;
    /// for i in 0..3 {
    ///     a.set_value(i, i, 2.0, InsertMode::Insert)?;
    ///     if i > 0 {
    ///         a.set_value(i, i - 1, -1.0, InsertMode::Insert)?;
    ///     }
    /// }
    /// a.assemble()?;
    /// let info = a.info(MatInfoType::Local)?;
    /// assert_eq!((info.nz_allocated, info.mallocs), (5, 0));
    /// assert!(a.seq_aij_set_preallocation(0, Some(&[1, 2])).is_err()); // 2 counts, 3 rows
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSeqAIJSetPreallocation")]
    pub fn seq_aij_set_preallocation(&mut self, nz: Int, nnz: Option<&[Int]>) -> Result<()> {
        const CTX: &str = "Mat::seq_aij_set_preallocation";
        let (m, n) = self.preallocation_layout(CTX)?;
        let local = check_counts(CTX, "nnz", nnz, m, n).and(check_nz(CTX, "nz", nz, n));
        self.comm().agree(CTX, local)?;
        // SAFETY: live matrix with a type; `nnz` is null or has one count per local row.
        check(unsafe { sys::MatSeqAIJSetPreallocation(self.ptr, nz, ptr(nnz)) })
    }

    /// Preallocates a distributed AIJ matrix (`MatMPIAIJSetPreallocation`, collective):
    /// per row of this rank, `d_nz` (or `d_nnz[i]`) non-zeros in the diagonal block (the
    /// columns this rank owns) and `o_nz` (or `o_nnz[i]`) in the rest. A matrix of
    /// another type ignores it (see
    /// [`seq_aij_set_preallocation`](Self::seq_aij_set_preallocation)).
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, MatInfoType, MatType};
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// let mut a = Mat::create(&world)?;
    /// a.set_sizes(None, None, Some(8), Some(8))?;
    /// a.set_type(MatType::Aij)?;
    /// a.seq_aij_set_preallocation(3, None)?;
    /// a.mpi_aij_set_preallocation(3, None, 1, None)?;
    /// for i in a.ownership_range()? {
    ///     for j in [i - 1, i, i + 1].into_iter().filter(|j| (0..8).contains(j)) {
    ///         a.set_value(i, j, if i == j { 2.0 } else { -1.0 }, InsertMode::Insert)?;
    ///     }
    /// }
    /// a.assemble()?;
    /// assert_eq!(a.info(MatInfoType::Local)?.mallocs, 0);
    /// assert!(a.mpi_aij_set_preallocation(-4, None, 0, None).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatMPIAIJSetPreallocation")]
    pub fn mpi_aij_set_preallocation(
        &mut self,
        d_nz: Int,
        d_nnz: Option<&[Int]>,
        o_nz: Int,
        o_nnz: Option<&[Int]>,
    ) -> Result<()> {
        const CTX: &str = "Mat::mpi_aij_set_preallocation";
        let (m, n) = self.preallocation_layout(CTX)?;
        let local = check_counts(CTX, "d_nnz", d_nnz, m, n)
            .and(check_counts(CTX, "o_nnz", o_nnz, m, Int::MAX))
            .and(check_nz(CTX, "d_nz", d_nz, n))
            .and(check_nz(CTX, "o_nz", o_nz, Int::MAX));
        self.comm().agree(CTX, local)?;
        // SAFETY: live matrix with a type; each list is null or has one count per local
        // row.
        check(unsafe {
            sys::MatMPIAIJSetPreallocation(self.ptr, d_nz, ptr(d_nnz), o_nz, ptr(o_nnz))
        })
    }

    /// Preallocates an AIJ, BAIJ or SBAIJ matrix, sequential or distributed, from
    /// counts per block row (`MatXAIJSetPreallocation`, collective): `bs` the block
    /// size, `dnnz[i]` and `onnz[i]` the blocks of block row `i` in the diagonal part
    /// and outside it (for SBAIJ, those of the upper triangle). `None` leaves PETSc's
    /// default. petsc4py's `setPreallocationNNZ`.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, MatInfoType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = Mat::create(&petsc.self_comm())?;
    /// a.set_sizes(None, None, Some(4), Some(4))?;
    /// a.set_type_name("baij")?;
    /// a.set_block_size(2)?;
    /// a.xaij_set_preallocation(2, Some(&[1, 2]), Some(&[0, 0]))?;
    /// a.set_value(0, 0, 1.0, InsertMode::Insert)?;
    /// a.set_value(3, 1, 1.0, InsertMode::Insert)?;
    /// a.set_value(3, 3, 1.0, InsertMode::Insert)?;
    /// a.assemble()?;
    /// assert_eq!(a.info(MatInfoType::Local)?.mallocs, 0);
    /// assert!(a.xaij_set_preallocation(3, None, None).is_err()); // 3 does not divide 4
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatXAIJSetPreallocation")]
    pub fn xaij_set_preallocation(
        &mut self,
        bs: Int,
        dnnz: Option<&[Int]>,
        onnz: Option<&[Int]>,
    ) -> Result<()> {
        const CTX: &str = "Mat::xaij_set_preallocation";
        let (m, n) = self.preallocation_layout(CTX)?;
        let local = (|| {
            if bs < 1 || m % bs != 0 || n % bs != 0 {
                return Err(Error::invalid(
                    CTX,
                    format!(
                        "block size {bs}: it must be at least 1 and divide this rank's {m} rows and {n} columns"
                    ),
                ));
            }
            check_counts(CTX, "dnnz", dnnz, m / bs, n / bs)?;
            check_counts(CTX, "onnz", onnz, m / bs, Int::MAX)
        })();
        self.comm().agree(CTX, local)?;
        // SAFETY: live matrix with a type; each list is null or has one count per local
        // block row; the upper-triangle lists are null (PETSc's default).
        check(unsafe {
            sys::MatXAIJSetPreallocation(
                self.ptr,
                bs,
                ptr(dnnz),
                ptr(onnz),
                std::ptr::null(),
                std::ptr::null(),
            )
        })
    }
}

/// The list's pointer, or null for `None`.
fn ptr(counts: Option<&[Int]>) -> *const Int {
    counts.map_or(std::ptr::null(), <[Int]>::as_ptr)
}

/// A count for every row: not negative and at most `most`; `PETSC_DEFAULT` and
/// `PETSC_DECIDE` are PETSc's own choices.
fn check_nz(context: &str, name: &str, nz: Int, most: Int) -> Result<()> {
    let markers = [sys::PETSC_DEFAULT as Int, sys::PETSC_DECIDE as Int];
    if (nz < 0 && !markers.contains(&nz)) || nz > most {
        return Err(Error::invalid(
            context,
            format!("{name} is {nz}; it must be between 0 and {most}"),
        ));
    }
    Ok(())
}

/// A list of counts: one per (block) row of this rank, none negative or above `most`.
pub(super) fn check_counts(
    context: &str,
    name: &str,
    counts: Option<&[Int]>,
    rows: Int,
    most: Int,
) -> Result<()> {
    let Some(counts) = counts else {
        return Ok(());
    };
    if counts.len() != rows as usize {
        return Err(Error::size_mismatch(
            context,
            format!(
                "{name} has {} counts but this rank has {rows} (block) rows",
                counts.len()
            ),
        ));
    }
    if let Some((i, &k)) = counts.iter().enumerate().find(|&(_, &k)| k < 0 || k > most) {
        return Err(Error::invalid(
            context,
            format!("{name}[{i}] is {k}; it must be between 0 and {most}"),
        ));
    }
    Ok(())
}
