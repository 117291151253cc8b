//! Submatrices picked by index sets: a parallel submatrix (`MatCreateSubMatrix`), one
//! sequential submatrix per index-set pair on each rank (`MatCreateSubMatrices`), a
//! submatrix that applies the whole matrix (`MatCreateSubMatrixVirtual`), growing index
//! sets by the matrix's graph (`MatIncreaseOverlap`), and the rows and columns a rank
//! owns as index sets (`MatGetOwnershipIS`).
//!
//! Index sets list global indices. They are checked before PETSc reads them: every
//! index in range, on every rank at once for the collective calls.

use petsc_sys as sys;

use super::Mat;
use crate::error::{Error, Result, check, record_destroy};
use crate::is::IndexSet;
use crate::object::Object;
use crate::scalar::Int;

/// Refuses an index set with an index outside `0..bound` (`what`: "row", "column").
fn check_range(context: &str, what: &str, is: &IndexSet, bound: Int) -> Result<()> {
    let idx = is.indices()?;
    if let Some((p, &i)) = idx.iter().enumerate().find(|&(_, &i)| i < 0 || i >= bound) {
        return Err(Error::out_of_range(
            context,
            format!("{what} {i} (position {p}) of the index set is not in 0..{bound}"),
        ));
    }
    Ok(())
}

impl Mat {
    /// Refuses a matrix that is not assembled.
    fn require_assembled(&self, context: &str) -> Result<()> {
        if !self.is_assembled()? {
            return Err(Error::invalid(context, "the matrix is not assembled"));
        }
        Ok(())
    }

    /// A new matrix of the rows `rows` and the columns `cols` of this one
    /// (`MatCreateSubMatrix`, collective). Both index sets live on the matrix's
    /// communicator and list global indices: each rank gives the rows its part of the
    /// submatrix gets (in that order), and the columns its part of the submatrix's
    /// column layout holds; `None` keeps every column, each rank its own. The result is
    /// always a new matrix: when PETSc would hand back this one (rows and columns all
    /// of it, as owned), it is copied.
    ///
    /// An index outside the matrix, or an index set on another number of ranks, is an
    /// `Err` on every rank; so is, on more than one rank, a row the rank does not own,
    /// except for AIJ matrices (other types read a rank's rows from its own storage).
    ///
    /// ```
    /// use petsc::{IndexSet, Mat};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
    /// let a = Mat::from_csr(&c, Some(3), Some(3), None, None, &[0, 3, 6, 9], &[0, 1, 2, 0, 1, 2, 0, 1, 2], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0])?;
    /// let rows = IndexSet::new_general(&c, &[2, 0])?;
    /// let cols = IndexSet::new_general(&c, &[1, 2])?;
    /// let s = a.create_sub_matrix(&rows, Some(&cols))?;
    /// assert_eq!(s.values(&[0, 1], &[0, 1])?, vec![8.0, 9.0, 2.0, 3.0]);
    /// let bad = IndexSet::new_general(&c, &[3])?;
    /// assert!(a.create_sub_matrix(&bad, None).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCreateSubMatrix")]
    pub fn create_sub_matrix(&self, rows: &IndexSet, cols: Option<&IndexSet>) -> Result<Mat> {
        const CTX: &str = "Mat::create_sub_matrix";
        self.sub_matrix_checks(CTX, rows, cols)?;
        let c = cols.map_or(std::ptr::null_mut(), |is| is.ptr);
        let mut s: sys::Mat = std::ptr::null_mut();
        // SAFETY: live, assembled matrix; index sets on its communicator with every
        // index in range (a null column set means all columns); PETSc writes a new
        // matrix, or this one with a new reference.
        check(unsafe {
            sys::MatCreateSubMatrix(
                self.ptr,
                rows.ptr,
                c,
                sys::MatReuse::MAT_INITIAL_MATRIX,
                &mut s,
            )
        })?;
        let sub = Mat::from_raw(&self.petsc, s);
        let sub = if s == self.ptr {
            // The whole matrix: a copy, so the result never shares this one's entries.
            sub.duplicate(true)?
        } else {
            sub
        };
        let tag = SubTag {
            source: self.id()?,
            count: None,
        };
        // SAFETY: live matrix; the key holds only this crate's tags.
        unsafe { crate::callback::compose_value(&self.petsc, sub.as_object(), SUB_KEY, tag) }?;
        Ok(sub)
    }

    /// The checks of [`create_sub_matrix`](Self::create_sub_matrix), agreed on every
    /// rank.
    fn sub_matrix_checks(
        &self,
        context: &str,
        rows: &IndexSet,
        cols: Option<&IndexSet>,
    ) -> Result<()> {
        let comm = self.comm();
        let local = (|| {
            self.check_no_writer(context)?;
            self.require_assembled(context)?;
            let (m, n) = self.size()?;
            let sets = [("row", Some(rows), m), ("column", cols, n)];
            for (what, is, bound) in sets {
                let Some(is) = is else { continue };
                if is.comm().size() != comm.size() {
                    return Err(Error::invalid(
                        context,
                        format!(
                            "the {what} index set is on {} ranks, the matrix on {}",
                            is.comm().size(),
                            comm.size()
                        ),
                    ));
                }
                check_range(context, what, is, bound)?;
            }
            if comm.size() > 1 && !self.has_type(sys::MATMPIAIJ)? {
                // Other types read the rows a rank asks for from its own storage.
                let own = self.ownership_range()?;
                if let Some(&i) = rows.indices()?.iter().find(|i| !own.contains(i)) {
                    return Err(Error::out_of_range(
                        context,
                        format!(
                            "row {i} is not owned by this rank ({}..{}); a parallel '{}' \
                             matrix gives each rank rows it owns (AIJ matrices any rows)",
                            own.start,
                            own.end,
                            self.type_name()?
                        ),
                    ));
                }
            }
            Ok(())
        })();
        comm.agree(context, local)?;
        Ok(())
    }

    /// Whether PETSc takes the whole matrix for these index sets (`MatCreateSubMatrix`
    /// hands back the matrix itself: rows a stride of step 1 over each rank's own rows,
    /// no other column set; collective).
    fn takes_whole(&self, rows: &IndexSet, cols: Option<&IndexSet>) -> Result<bool> {
        let mut whole = cols.is_none_or(|c| c.ptr == rows.ptr);
        if whole {
            let own = self.ownership_range()?;
            whole = rows.stride()?.is_some_and(|s| {
                s.step == 1 && s.first == own.start && s.len == own.end - own.start
            });
        }
        self.comm().all(whole)
    }

    /// Fills `out`, a submatrix [`create_sub_matrix`](Self::create_sub_matrix) made of
    /// this matrix, again from this matrix's current values (`MatCreateSubMatrix` with
    /// `MAT_REUSE_MATRIX`, collective; petsc4py's `createSubMatrix(rows, cols, submat)`).
    /// Index sets as in `create_sub_matrix`, giving a submatrix of `out`'s sizes. A
    /// matrix that is not such a submatrix of this one is an `Err` on every rank (PETSc
    /// would read its storage as that of a submatrix).
    ///
    /// ```
    /// use petsc::{IndexSet, Mat};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 2, 4], &[0, 1, 0, 1], &[1.0, 2.0, 3.0, 4.0])?;
    /// let rows = IndexSet::new_general(&c, &[1])?;
    /// let mut s = a.create_sub_matrix(&rows, None)?;
    /// a.scale(10.0)?;
    /// a.create_sub_matrix_into(&rows, None, &mut s)?;
    /// assert_eq!(s.values(&[0], &[0, 1])?, vec![30.0, 40.0]);
    /// // All the rows as a stride: PETSc's whole matrix, a copy here, refreshed too.
    /// let all = IndexSet::new_stride(&c, 2, 0, 1)?;
    /// let mut w = a.create_sub_matrix(&all, None)?;
    /// a.scale(0.5)?;
    /// a.create_sub_matrix_into(&all, None, &mut w)?;
    /// assert_eq!(w.values(&[1], &[1])?, vec![20.0]);
    /// let mut other = a.duplicate(true)?;
    /// assert!(a.create_sub_matrix_into(&rows, None, &mut other).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCreateSubMatrix")]
    pub fn create_sub_matrix_into(
        &self,
        rows: &IndexSet,
        cols: Option<&IndexSet>,
        out: &mut Mat,
    ) -> Result<()> {
        const CTX: &str = "Mat::create_sub_matrix_into";
        self.sub_matrix_checks(CTX, rows, cols)?;
        let id = self.id()?;
        let local = (|| {
            out.check_no_views_anywhere(CTX)?;
            match sub_tag(out)? {
                Some(t) if t.source == id && t.count.is_none() => Ok(()),
                _ => Err(Error::invalid(
                    CTX,
                    "out is not a submatrix create_sub_matrix made of this matrix",
                )),
            }
        })();
        self.comm().agree(CTX, local)?;
        if self.takes_whole(rows, cols)? {
            // PETSc leaves a reused "whole matrix" as it is: it was this matrix itself.
            // SAFETY: live matrices of the same type and sizes (a copy of this one).
            check(unsafe {
                sys::MatCopy(
                    self.ptr,
                    out.ptr,
                    sys::MatStructure::DIFFERENT_NONZERO_PATTERN,
                )
            })?;
            out.coo.set(None);
            return Ok(());
        }
        let c = cols.map_or(std::ptr::null_mut(), |is| is.ptr);
        let mut s = out.ptr;
        // SAFETY: live, assembled matrix; index sets checked as for create_sub_matrix;
        // `out` a submatrix PETSc made of this matrix, which PETSc fills again.
        check(unsafe {
            sys::MatCreateSubMatrix(
                self.ptr,
                rows.ptr,
                c,
                sys::MatReuse::MAT_REUSE_MATRIX,
                &mut s,
            )
        })?;
        out.written_in_place(s)?;
        out.coo.set(None);
        Ok(())
    }

    /// The checks of [`create_sub_matrices`](Self::create_sub_matrices), agreed on every
    /// rank.
    fn sub_matrices_checks(
        &self,
        context: &str,
        rows: &[&IndexSet],
        cols: &[&IndexSet],
    ) -> Result<()> {
        let dense = self.has_type(sys::MATMPIDENSE)?;
        let local = (|| {
            self.check_no_writer(context)?;
            self.require_assembled(context)?;
            if rows.len() != cols.len() {
                return Err(Error::size_mismatch(
                    context,
                    format!(
                        "{} row index sets but {} column index sets; give one of each per \
                         submatrix",
                        rows.len(),
                        cols.len()
                    ),
                ));
            }
            crate::is::int_len(context, "submatrices", rows.len())?;
            let (m, n) = self.size()?;
            // PETSc's parallel dense matrices take sorted index sets without repeats
            // (repeated rows come out zero), and (3.18) write through a null array on a
            // rank that asks for none.
            let sorted = dense;
            if dense && rows.is_empty() {
                return Err(Error::invalid(
                    context,
                    "a parallel dense matrix gives at least one submatrix to each rank",
                ));
            }
            let sets = rows.iter().map(|is| ("row", is, m));
            for (what, is, bound) in sets.chain(cols.iter().map(|is| ("column", is, n))) {
                check_range(context, what, is, bound)?;
                if sorted && is.indices()?.windows(2).any(|w| w[1] <= w[0]) {
                    return Err(Error::invalid(
                        context,
                        format!(
                            "a parallel dense matrix needs sorted {what} index sets without \
                             repeated indices"
                        ),
                    ));
                }
            }
            Ok(())
        })();
        self.comm().agree(context, local)?;
        if dense {
            // Ranks asking for fewer go through empty stages, which 3.18 crashes in.
            let count = crate::comm::wide(rows.len() as Int);
            self.comm()
                .check_same(context, &[("number of submatrices", count)])?;
        }
        Ok(())
    }

    /// On each rank, a sequential matrix for each pair `(rows[k], cols[k])` of
    /// sequential index sets of global indices (`MatCreateSubMatrices`, collective; the
    /// ranks may ask for different numbers of submatrices, and for rows and columns
    /// other ranks own). `cols` `None` uses `rows` for the columns too. The matrix must
    /// be assembled; an index outside it, a parallel index set, or lists of different
    /// lengths are an `Err` on every rank. The index sets may be on any communicator:
    /// each rank reads its own part. A parallel dense matrix takes index sets
    /// sorted without repeats (PETSc refuses unsorted ones on one rank only, and gives
    /// zeros for repeated rows), and the same number of submatrices, at least one, on
    /// every rank (PETSc 3.18 crashes otherwise); anything else is an `Err` on every
    /// rank. Each submatrix is a matrix of its own (its
    /// handle owns its reference).
    ///
    /// ```
    /// use petsc::{IndexSet, Mat};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 2, 4], &[0, 1, 0, 1], &[1.0, 2.0, 3.0, 4.0])?;
    /// let (i0, i1) = (IndexSet::new_general(&c, &[0])?, IndexSet::new_general(&c, &[1, 0])?);
    /// let subs = a.create_sub_matrices(&[&i0, &i1], None)?;
    /// assert_eq!(subs[0].values(&[0], &[0])?, vec![1.0]);
    /// assert_eq!(subs[1].values(&[0, 1], &[0, 1])?, vec![4.0, 3.0, 2.0, 1.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCreateSubMatrices")]
    #[doc(alias = "MatDestroySubMatrices")]
    pub fn create_sub_matrices(
        &self,
        rows: &[&IndexSet],
        cols: Option<&[&IndexSet]>,
    ) -> Result<Vec<Mat>> {
        const CTX: &str = "Mat::create_sub_matrices";
        let cols = cols.unwrap_or(rows);
        self.sub_matrices_checks(CTX, rows, cols)?;
        let r: Vec<sys::IS> = rows.iter().map(|is| is.ptr).collect();
        let c: Vec<sys::IS> = cols.iter().map(|is| is.ptr).collect();
        let n = rows.len();
        let mut arr: *mut sys::Mat = std::ptr::null_mut();
        // SAFETY: live, assembled matrix; `n` pairs of live sequential index sets with
        // every index in range; PETSc allocates the array of submatrices (with room for
        // its own bookkeeping after them).
        check(unsafe {
            sys::MatCreateSubMatrices(
                self.ptr,
                n as Int,
                r.as_ptr(),
                c.as_ptr(),
                sys::MatReuse::MAT_INITIAL_MATRIX,
                &mut arr,
            )
        })?;
        let mut out = Vec::with_capacity(n);
        let mut taken = Ok(());
        for k in 0..n {
            // SAFETY: PETSc wrote `n` live submatrices.
            let m = unsafe { *arr.add(k) };
            // SAFETY: a live submatrix; each handle keeps a reference of its own, so that
            // MatDestroySubMatrices below releases only PETSc's.
            let tagged = unsafe { Mat::from_raw_borrowed(&self.petsc, m) }.and_then(|h| {
                let tag = SubTag {
                    source: self.id()?,
                    count: Some((n, k)),
                };
                // SAFETY: live matrix; the key holds only this crate's tags.
                unsafe {
                    crate::callback::compose_value(&self.petsc, h.as_object(), SUB_KEY, tag)
                }?;
                Ok(h)
            });
            match tagged {
                Ok(h) => out.push(h),
                Err(e) => {
                    taken = Err(e);
                    break;
                }
            }
        }
        // SAFETY: the array MatCreateSubMatrices gave, with its `n` submatrices: PETSc
        // drops its references (and its bookkeeping matrices) and frees the array.
        record_destroy(unsafe { sys::MatDestroySubMatrices(n as Int, &mut arr) });
        taken.map(|()| out)
    }

    /// Fills `out`, the submatrices one [`create_sub_matrices`](Self::create_sub_matrices)
    /// call made of this matrix (all of them, in order), again from this matrix's current
    /// values (`MatCreateSubMatrices` with `MAT_REUSE_MATRIX`, collective; petsc4py's
    /// `createSubMatrices(rows, cols, submats)`). Index sets as in `create_sub_matrices`,
    /// giving submatrices of `out`'s sizes. Matrices from anywhere else, or a number of
    /// submatrices that differs between the ranks (PETSc reads bookkeeping of its own
    /// past the ones asked for then), are an `Err` on every rank.
    ///
    /// ```
    /// use petsc::{IndexSet, Mat};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 2, 4], &[0, 1, 0, 1], &[1.0, 2.0, 3.0, 4.0])?;
    /// let (i0, i1) = (IndexSet::new_general(&c, &[0])?, IndexSet::new_general(&c, &[1])?);
    /// let mut subs = a.create_sub_matrices(&[&i0, &i1], None)?;
    /// a.scale(10.0)?;
    /// a.create_sub_matrices_into(&[&i0, &i1], None, &mut subs)?;
    /// assert_eq!(subs[1].values(&[0], &[0])?, vec![40.0]);
    /// assert!(a.create_sub_matrices_into(&[&i1], None, &mut subs[1..]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCreateSubMatrices")]
    pub fn create_sub_matrices_into(
        &self,
        rows: &[&IndexSet],
        cols: Option<&[&IndexSet]>,
        out: &mut [Mat],
    ) -> Result<()> {
        const CTX: &str = "Mat::create_sub_matrices_into";
        let cols = cols.unwrap_or(rows);
        self.sub_matrices_checks(CTX, rows, cols)?;
        let n = rows.len();
        let id = self.id()?;
        let local = (|| {
            if out.len() != n {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "{n} pairs of index sets but {} submatrices to fill",
                        out.len()
                    ),
                ));
            }
            for (k, m) in out.iter().enumerate() {
                m.check_no_views_anywhere(CTX)?;
                match sub_tag(m)? {
                    Some(t) if t.source == id && t.count == Some((n, k)) => {}
                    _ => {
                        return Err(Error::invalid(
                            CTX,
                            format!(
                                "submatrix {k} is not submatrix {k} of {n} that one \
                                 create_sub_matrices call made of this matrix"
                            ),
                        ));
                    }
                }
            }
            Ok(())
        })();
        self.comm().agree(CTX, local)?;
        let count = crate::comm::wide(n as Int);
        self.comm()
            .check_same(CTX, &[("number of submatrices", count)])?;
        if n == 0 {
            return Ok(());
        }
        let r: Vec<sys::IS> = rows.iter().map(|is| is.ptr).collect();
        let c: Vec<sys::IS> = cols.iter().map(|is| is.ptr).collect();
        // PETSc's array of submatrices (with room for the one past them it may read).
        let mut arr: Vec<sys::Mat> = out.iter().map(|m| m.ptr).collect();
        arr.push(std::ptr::null_mut());
        let mut p = arr.as_mut_ptr();
        // SAFETY: live, assembled matrix; `n` pairs of index sets with every index in
        // range; the submatrices PETSc made of this matrix in one call, as many on every
        // rank, which PETSc fills again in place.
        check(unsafe {
            sys::MatCreateSubMatrices(
                self.ptr,
                n as Int,
                r.as_ptr(),
                c.as_ptr(),
                sys::MatReuse::MAT_REUSE_MATRIX,
                &mut p,
            )
        })?;
        for (m, &raw) in out.iter().zip(&arr) {
            m.written_in_place(raw)?;
            m.coo.set(None);
        }
        Ok(())
    }

    /// The rows `rows` and columns `cols` of this matrix as a matrix that applies this
    /// one and keeps the part asked for (`MatCreateSubMatrixVirtual`, collective):
    /// nothing is copied, products with it are products with this matrix, and it
    /// changes when this one does. Index sets as in
    /// [`create_sub_matrix`](Self::create_sub_matrix), `None` columns meaning the same
    /// indices as the rows (petsc4py's default). The new matrix holds a reference to
    /// this one.
    ///
    /// ```
    /// use petsc::{IndexSet, Mat, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 2, 4], &[0, 1, 0, 1], &[1.0, 2.0, 3.0, 4.0])?;
    /// let one = IndexSet::new_general(&c, &[1])?;
    /// let s = a.create_sub_matrix_virtual(&one, None)?;
    /// let x = Vector::from_slice(&c, &[2.0])?;
    /// let mut y = x.duplicate()?;
    /// s.mult(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[8.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCreateSubMatrixVirtual")]
    pub fn create_sub_matrix_virtual(
        &self,
        rows: &IndexSet,
        cols: Option<&IndexSet>,
    ) -> Result<Mat> {
        const CTX: &str = "Mat::create_sub_matrix_virtual";
        let cols = cols.unwrap_or(rows);
        let comm = self.comm();
        let local = (|| {
            let (m, n) = self.size()?;
            for (what, is, bound) in [("row", rows, m), ("column", cols, n)] {
                if is.comm().size() != comm.size() {
                    return Err(Error::invalid(
                        CTX,
                        format!(
                            "the {what} index set is on {} ranks, the matrix on {}",
                            is.comm().size(),
                            comm.size()
                        ),
                    ));
                }
                check_range(CTX, what, is, bound)?;
            }
            Ok(())
        })();
        comm.agree(CTX, local)?;
        let mut s: sys::Mat = std::ptr::null_mut();
        // SAFETY: live matrix; index sets on its communicator with every index in range;
        // PETSc writes a new matrix holding references to the matrix and the sets.
        check(unsafe { sys::MatCreateSubMatrixVirtual(self.ptr, rows.ptr, cols.ptr, &mut s) })?;
        Ok(Mat::from_raw(&self.petsc, s))
    }

    /// Grows `is`, a rank's set of global rows, by `overlap` levels of the matrix's
    /// graph: the rows coupled to a row in the set join it, `overlap` times over
    /// (`MatIncreaseOverlap`, collective; the subdomains of additive Schwarz). The
    /// handle then holds the grown set, a new sequential index set (in no particular
    /// order); the matrix must be assembled and square. A negative overlap or a row outside
    /// the matrix is an `Err` on every rank.
    ///
    /// ```
    /// use petsc::{IndexSet, Mat};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // A path 0 - 1 - 2 - 3.
    /// let a = Mat::from_csr(&c, Some(4), Some(4), None, None, &[0, 2, 5, 8, 10], &[0, 1, 0, 1, 2, 1, 2, 3, 2, 3], &[1.0; 10])?;
    /// let mut is = IndexSet::new_general(&c, &[0])?;
    /// a.increase_overlap(&mut is, 2)?;
    /// let mut grown = is.to_vec()?;
    /// grown.sort();
    /// assert_eq!(grown, vec![0, 1, 2]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatIncreaseOverlap")]
    pub fn increase_overlap(&self, is: &mut IndexSet, overlap: Int) -> Result<()> {
        const CTX: &str = "Mat::increase_overlap";
        let local = (|| {
            self.require_assembled(CTX)?;
            if overlap < 0 {
                return Err(Error::out_of_range(
                    CTX,
                    format!("the overlap is {overlap}; it must not be negative"),
                ));
            }
            let (m, n) = self.size()?;
            if m != n {
                return Err(Error::size_mismatch(
                    CTX,
                    format!("the matrix is {m} x {n}; overlap needs a square matrix"),
                ));
            }
            check_range(CTX, "row", is, m)
        })();
        self.comm().agree(CTX, local)?;
        self.comm()
            .check_same(CTX, &[("overlap", crate::comm::wide(overlap))])?;
        // SAFETY: live, assembled square matrix; the handle's index set, every row in
        // range; PETSc drops the handle's reference to it and writes a new set whose
        // reference the handle then owns (`&mut` keeps any view of the old set away).
        check(unsafe { sys::MatIncreaseOverlap(self.ptr, 1, &mut is.ptr, overlap) })
    }

    /// The rows this rank owns and the columns it is responsible for, as sequential
    /// index sets (`MatGetOwnershipIS`): for most types its range of rows and every
    /// column.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let a = petsc::Mat::new_dense(&petsc.self_comm(), None, None, Some(2), Some(3))?;
    /// let (rows, cols) = a.ownership_is()?;
    /// assert_eq!((rows.to_vec()?, cols.to_vec()?), (vec![0, 1], vec![0, 1, 2]));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatGetOwnershipIS")]
    pub fn ownership_is(&self) -> Result<(IndexSet, IndexSet)> {
        let (mut r, mut c): (sys::IS, sys::IS) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live matrix; PETSc writes two new index sets (refused before
        // preallocation).
        let code = unsafe { sys::MatGetOwnershipIS(self.ptr, &mut r, &mut c) };
        let wrap = |p: sys::IS| (!p.is_null()).then(|| IndexSet::from_raw(&self.petsc, p));
        let (rows, cols) = (wrap(r), wrap(c));
        check(code)?;
        match (rows, cols) {
            (Some(r), Some(c)) => Ok((r, c)),
            _ => Err(Error::invalid(
                "Mat::ownership_is",
                "PETSc returned no index sets",
            )),
        }
    }
}

/// What a submatrix was made from, kept with it for reusing it: the source's object id,
/// and for [`Mat::create_sub_matrices`] the number made in the call and its position.
#[derive(Debug, Clone, Copy)]
struct SubTag {
    source: i64,
    count: Option<(usize, usize)>,
}

/// The key of [`SubTag`] among the values kept with an object.
const SUB_KEY: &std::ffi::CStr = c"petsc-rs:internal:submatrix-of";

/// The tag a submatrix carries, if any.
fn sub_tag(m: &Mat) -> Result<Option<SubTag>> {
    // SAFETY: live matrix; the key holds only this crate's tags.
    unsafe {
        crate::callback::with_composed_value(
            m.as_object(),
            SUB_KEY,
            "Mat::submatrix",
            |t: &mut SubTag| *t,
        )
    }
}
