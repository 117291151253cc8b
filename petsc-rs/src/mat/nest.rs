//! Matrices of blocks (`MATNEST`): a grid of matrices, some of them absent (zero),
//! applied block by block without being merged (`MatCreateNest` and the `MatNestGet*`
//! queries).
//!
//! The nest holds a reference to each block: a block stays alive as long as the nest
//! does, and the two share its entries (setting values in a block changes the nest).
//! Index sets handed in or out are copies, so no handle can change the nest's
//! partition behind its back.

use petsc_sys as sys;

use super::Mat;
use crate::comm::Comm;
use crate::error::{Error, Result, c_string, check};
use crate::is::IndexSet;
use crate::object::Object;
use crate::scalar::Int;
use crate::vec::VecType;

/// A layout of rows or columns: (global, this rank's).
type Layout = (Int, Int);

/// Index sets of a nest's block rows and block columns, `None` where it has none.
type NestSets = (Vec<Option<IndexSet>>, Vec<Option<IndexSet>>);

/// The layout of block row (or column) `k` of a nest: that of its index set when one
/// is given, else that of its first block (rows of the blocks in a block row, columns
/// of those in a block column); every block must have it.
fn block_layout(
    context: &str,
    what: &str,
    k: usize,
    is: Option<&IndexSet>,
    blocks: &[&Mat],
    of: impl Fn(&Mat) -> Result<Layout>,
) -> Result<Layout> {
    let want = match (is, blocks.first()) {
        (Some(is), _) => (is.size()?, is.local_size()?),
        (None, Some(b)) => of(b)?,
        (None, None) => {
            return Err(Error::invalid(
                context,
                format!(
                    "block {what} {k} has no block, so its size is unknown: give a block or \
                     the {what} index sets"
                ),
            ));
        }
    };
    for b in blocks {
        let got = of(b)?;
        if got != want {
            return Err(Error::size_mismatch(
                context,
                format!(
                    "a block in block {what} {k} has {} {what}s ({} on this rank), but the \
                     block {what} has {} ({} on this rank)",
                    got.0, got.1, want.0, want.1
                ),
            ));
        }
    }
    Ok(want)
}

/// Copies of the index sets of a nest (or none), for PETSc to keep.
fn copies(sets: Option<&[&IndexSet]>) -> Result<Option<Vec<IndexSet>>> {
    sets.map(|s| s.iter().map(|is| is.duplicate()).collect())
        .transpose()
}

impl Mat {
    /// A matrix of blocks (`MatCreateNest`, collective): `blocks[i][j]` is block
    /// `(i, j)`, `None` for a zero block. Every block row has the same number of
    /// blocks. Block row `i` covers the global rows listed by `rows[i]`, block column
    /// `j` the columns listed by `cols[j]` (index sets on `comm`, each rank listing the
    /// ones it owns; together a partition of the rows, or columns); `None` numbers the
    /// block rows one after the other, each rank's rows of block row 0 first, then of
    /// block row 1, and so on, taking the sizes from the blocks. The nest keeps a
    /// reference to each block, which it shares (see [`nest_sub_matrix`]).
    ///
    /// Checked on every rank at once: blocks and index sets on as many ranks as
    /// `comm`, the blocks of a block row (column) with the same rows (columns) as each
    /// other and as its index set, a block row (column) without blocks only with index
    /// sets, and every index of an index set below the nest's size.
    ///
    /// [`nest_sub_matrix`]: Self::nest_sub_matrix
    ///
    /// ```
    /// use petsc::{Mat, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = Mat::from_csr(&c, Some(1), Some(1), None, None, &[0, 1], &[0], &[2.0])?;
    /// let b = Mat::from_csr(&c, Some(1), Some(2), None, None, &[0, 2], &[0, 1], &[1.0, 1.0])?;
    /// let d = Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 2], &[0, 1], &[3.0, 4.0])?;
    /// // [[a, b], [0, d]], a 3 x 3 matrix.
    /// let n = Mat::new_nest(&c, &[&[Some(&a), Some(&b)], &[None, Some(&d)]], None, None)?;
    /// assert_eq!(n.size()?, (3, 3));
    /// assert_eq!(n.nest_size()?, (2, 2));
    /// let x = Vector::from_slice(&c, &[1.0, 1.0, 1.0])?;
    /// let mut y = x.duplicate()?;
    /// n.mult(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[4.0, 3.0, 4.0]);
    /// assert!(n.nest_sub_matrix(1, 0)?.is_none());
    /// // A block row without blocks has no size.
    /// assert!(Mat::new_nest(&c, &[&[Some(&a)], &[None]], None, None).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCreateNest")]
    pub fn new_nest(
        comm: &Comm,
        blocks: &[&[Option<&Mat>]],
        rows: Option<&[&IndexSet]>,
        cols: Option<&[&IndexSet]>,
    ) -> Result<Mat> {
        crate::object::refuse_lent(
            "Mat::new_nest",
            blocks.iter().flat_map(|row| row.iter().flatten().copied()),
        )?;
        const CTX: &str = "Mat::new_nest";
        let nr = blocks.len();
        let nc = blocks.first().map_or(0, |r| r.len());
        let local = (|| {
            if nr == 0 || nc == 0 {
                return Err(Error::invalid(
                    CTX,
                    "a nest needs at least one block row and column",
                ));
            }
            if let Some((i, r)) = blocks.iter().enumerate().find(|(_, r)| r.len() != nc) {
                return Err(Error::size_mismatch(
                    CTX,
                    format!("block row {i} has {} blocks, block row 0 has {nc}", r.len()),
                ));
            }
            crate::is::int_len(CTX, "blocks", nr * nc)?;
            let ranks = comm.size();
            for (i, b) in blocks.iter().flat_map(|r| r.iter()).enumerate() {
                if let Some(b) = b {
                    if b.comm().size() != ranks {
                        return Err(Error::invalid(
                            CTX,
                            format!(
                                "block ({}, {}) is on {} ranks, the nest on {ranks}",
                                i / nc,
                                i % nc,
                                b.comm().size()
                            ),
                        ));
                    }
                }
            }
            for (what, sets, n) in [("row", rows, nr), ("column", cols, nc)] {
                let Some(sets) = sets else { continue };
                if sets.len() != n {
                    return Err(Error::size_mismatch(
                        CTX,
                        format!("{} {what} index sets for {n} block {what}s", sets.len()),
                    ));
                }
                if let Some(is) = sets.iter().find(|is| is.comm().size() != ranks) {
                    return Err(Error::invalid(
                        CTX,
                        format!(
                            "a {what} index set is on {} ranks, the nest on {ranks}",
                            is.comm().size()
                        ),
                    ));
                }
            }
            let mut total = (0, 0);
            for i in 0..nr {
                let row: Vec<&Mat> = blocks[i].iter().flatten().copied().collect();
                let is = rows.map(|s| s[i]);
                total.0 += block_layout(CTX, "row", i, is, &row, |b| {
                    Ok((b.size()?.0, b.local_size()?.0))
                })?
                .0;
            }
            for j in 0..nc {
                let col: Vec<&Mat> = blocks.iter().filter_map(|r| r[j]).collect();
                let is = cols.map(|s| s[j]);
                total.1 += block_layout(CTX, "column", j, is, &col, |b| {
                    Ok((b.size()?.1, b.local_size()?.1))
                })?
                .0;
            }
            for (what, sets, bound) in [("row", rows, total.0), ("column", cols, total.1)] {
                for is in sets.into_iter().flatten() {
                    let idx = is.indices()?;
                    if let Some(&i) = idx.iter().find(|&&i| i < 0 || i >= bound) {
                        return Err(Error::out_of_range(
                            CTX,
                            format!("{what} index {i} is not in 0..{bound}, the nest's {what}s"),
                        ));
                    }
                }
            }
            Ok(())
        })();
        comm.agree(CTX, local)?;
        let (row_sets, col_sets) = (copies(rows)?, copies(cols)?);
        let raw = |s: &Option<Vec<IndexSet>>| -> Option<Vec<sys::IS>> {
            s.as_ref().map(|v| v.iter().map(|is| is.ptr).collect())
        };
        let (r, c) = (raw(&row_sets), raw(&col_sets));
        let a: Vec<sys::Mat> = blocks
            .iter()
            .flat_map(|row| {
                row.iter()
                    .map(|b| b.map_or(std::ptr::null_mut(), |m| m.ptr))
            })
            .collect();
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live communicator; `nr x nc` live blocks or nulls, row by row; `nr` and
        // `nc` live index sets (our copies) or null; sizes and indices checked above.
        // PETSc takes its own references to the blocks and the sets.
        check(unsafe {
            sys::MatCreateNest(
                comm.as_raw(),
                nr as Int,
                r.as_ref().map_or(std::ptr::null(), |v| v.as_ptr()),
                nc as Int,
                c.as_ref().map_or(std::ptr::null(), |v| v.as_ptr()),
                a.as_ptr(),
                &mut m,
            )
        })?;
        Ok(Mat::from_raw(comm.petsc(), m))
    }

    /// Refuses a matrix that is not a nest.
    fn require_nest(&self, context: &str) -> Result<()> {
        if !self.has_type(sys::MATNEST)? {
            return Err(Error::invalid(
                context,
                format!(
                    "the matrix has type '{}', not 'nest' (make it with Mat::new_nest)",
                    self.type_name()?
                ),
            ));
        }
        Ok(())
    }

    /// The number of block rows and block columns of a nest (`MatNestGetSize`).
    #[doc(alias = "MatNestGetSize")]
    pub fn nest_size(&self) -> Result<(Int, Int)> {
        self.require_nest("Mat::nest_size")?;
        let (mut nr, mut nc): (Int, Int) = (0, 0);
        // SAFETY: live nest.
        check(unsafe { sys::MatNestGetSize(self.ptr, &mut nr, &mut nc) })?;
        Ok((nr, nc))
    }

    /// Copies of the index sets of a nest's block rows and block columns, in global
    /// indices (`MatNestGetISs`).
    ///
    /// ```
    /// use petsc::Mat;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = Mat::new_dense(&c, None, None, Some(2), Some(1))?;
    /// let b = Mat::new_dense(&c, None, None, Some(1), Some(1))?;
    /// let n = Mat::new_nest(&c, &[&[Some(&a)], &[Some(&b)]], None, None)?;
    /// let (rows, cols) = n.nest_iss()?;
    /// assert_eq!((rows[0].to_vec()?, rows[1].to_vec()?), (vec![0, 1], vec![2]));
    /// assert_eq!(cols[0].to_vec()?, vec![0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatNestGetISs")]
    pub fn nest_iss(&self) -> Result<(Vec<IndexSet>, Vec<IndexSet>)> {
        let (r, c) = self.nest_sets("Mat::nest_iss", sys::MatNestGetISs)?;
        let all = |v: Vec<Option<IndexSet>>| -> Result<Vec<IndexSet>> {
            v.into_iter()
                .map(|is| {
                    is.ok_or_else(|| Error::invalid("Mat::nest_iss", "the nest lacks an index set"))
                })
                .collect()
        };
        Ok((all(r)?, all(c)?))
    }

    /// Copies of the index sets of a nest's block rows and columns in its local
    /// numbering (`MatNestGetLocalISs`): `None` for a block row (column) whose blocks
    /// have no local numbering.
    #[doc(alias = "MatNestGetLocalISs")]
    pub fn nest_local_iss(&self) -> Result<NestSets> {
        self.nest_sets("Mat::nest_local_iss", sys::MatNestGetLocalISs)
    }

    /// Copies of the sets `get` lends (`MatNestGetISs` or `MatNestGetLocalISs`).
    fn nest_sets(
        &self,
        context: &str,
        get: unsafe extern "C" fn(sys::Mat, *mut sys::IS, *mut sys::IS) -> sys::PetscErrorCode,
    ) -> Result<NestSets> {
        self.require_nest(context)?;
        let (nr, nc) = self.nest_size()?;
        let mut r: Vec<sys::IS> = vec![std::ptr::null_mut(); nr as usize];
        let mut c: Vec<sys::IS> = vec![std::ptr::null_mut(); nc as usize];
        // SAFETY: live nest with `nr x nc` blocks; PETSc writes that many borrowed sets
        // (or nulls).
        check(unsafe { get(self.ptr, r.as_mut_ptr(), c.as_mut_ptr()) })?;
        let copy = |p: sys::IS| -> Result<Option<IndexSet>> {
            if p.is_null() {
                return Ok(None);
            }
            let mut d: sys::IS = std::ptr::null_mut();
            // SAFETY: a live set the nest lent; the copy is ours.
            check(unsafe { sys::ISDuplicate(p, &mut d) })?;
            Ok(Some(IndexSet::from_raw(&self.petsc, d)))
        };
        Ok((
            r.into_iter().map(copy).collect::<Result<_>>()?,
            c.into_iter().map(copy).collect::<Result<_>>()?,
        ))
    }

    /// Block `(i, j)` of a nest (`MatNestGetSubMat`), `None` for a zero block. The
    /// handle takes its own reference; the block is the nest's own, not a copy, so
    /// values set through it change the nest (as in PETSc). Out-of-range block indices
    /// are an `Err`.
    #[doc(alias = "MatNestGetSubMat")]
    pub fn nest_sub_matrix(&self, i: Int, j: Int) -> Result<Option<Mat>> {
        const CTX: &str = "Mat::nest_sub_matrix";
        let (nr, nc) = self.nest_size()?;
        if !(0..nr).contains(&i) || !(0..nc).contains(&j) {
            return Err(Error::out_of_range(
                CTX,
                format!("block ({i}, {j}) is outside the {nr} x {nc} blocks of the nest"),
            ));
        }
        let mut b: sys::Mat = std::ptr::null_mut();
        // SAFETY: live nest; block indices in range; PETSc lends the block or null.
        check(unsafe { sys::MatNestGetSubMat(self.ptr, i, j, &mut b) })?;
        if b.is_null() {
            return Ok(None);
        }
        // SAFETY: a live block lent by the nest; the handle takes a reference.
        unsafe { Mat::from_raw_borrowed(&self.petsc, b) }.map(Some)
    }

    /// Makes [`create_vecs`](Self::create_vecs) of a nest give nested vectors
    /// ([`VecType::Nest`]) or, for any other type, ordinary ones (`MatNestSetVecType`).
    ///
    /// ```
    /// use petsc::{Mat, Object, VecType};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = Mat::new_dense(&c, None, None, Some(2), Some(2))?;
    /// let mut n = Mat::new_nest(&c, &[&[Some(&a)]], None, None)?;
    /// n.set_nest_vec_type(VecType::Nest)?;
    /// assert_eq!(n.create_vecs()?.0.type_name()?, "nest");
    /// assert!(a.duplicate(false)?.set_nest_vec_type(VecType::Nest).is_err()); // not a nest
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatNestSetVecType")]
    pub fn set_nest_vec_type(&mut self, ty: VecType) -> Result<()> {
        const CTX: &str = "Mat::set_nest_vec_type";
        self.require_nest(CTX)?;
        let name = c_string(CTX, ty.as_str())?;
        // SAFETY: live nest; NUL-terminated type name, compared, not kept.
        check(unsafe { sys::MatNestSetVecType(self.ptr, name.as_ptr()) })
    }
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl Mat {
    /// The former name of [`new_nest`](Self::new_nest).
    #[deprecated(
        since = "0.2.0",
        note = "use `Mat::new_nest` (constructors are `new`/`new_*`)"
    )]
    pub fn create_nest(
        comm: &Comm,
        blocks: &[&[Option<&Mat>]],
        rows: Option<&[&IndexSet]>,
        cols: Option<&[&IndexSet]>,
    ) -> Result<Mat> {
        Self::new_nest(comm, blocks, rows, cols)
    }
}
