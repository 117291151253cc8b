//! Writing a Jacobian's entries straight into an AIJ matrix's value arrays, where each
//! entry of a fixed insertion pattern was located once (as PETSc's own colored finite
//! differences do), instead of one `MatSetValues` a row at every Jacobian.

use petsc_sys as sys;

use crate::error::{Result, check};
use crate::mat::Mat;
use crate::object::Object;
use crate::scalar::{Int, Real};

/// Where each entry of an insertion pattern lives in an assembled AIJ matrix: in the
/// diagonal block's value array (or the sequential matrix's) or in the off-diagonal
/// block's, at an offset; valid while the matrix and its nonzero structure are those it
/// was located in.
#[derive(Debug)]
pub(crate) struct Located {
    /// The matrix, its nonzero state and its numbers of stored entries (diagonal and
    /// off-diagonal blocks) when the entries were located.
    key: (usize, i64, usize, usize),
    /// For each entry: whether it is in the off-diagonal block, and its offset there.
    slots: Vec<(bool, u32)>,
}

/// A sequential AIJ matrix's compressed rows, borrowed from PETSc (`MatGetRowIJ`) until
/// dropped.
struct RowIj {
    mat: sys::Mat,
    n: Int,
    ia: *const Int,
    ja: *const Int,
}

impl RowIj {
    /// # Safety
    /// `mat` must be a live, assembled sequential AIJ matrix.
    unsafe fn get(mat: sys::Mat) -> Result<Option<RowIj>> {
        let mut r = RowIj {
            mat,
            n: 0,
            ia: std::ptr::null(),
            ja: std::ptr::null(),
        };
        let mut done = sys::PETSC_BOOL_FALSE;
        // SAFETY: live matrix (caller); PETSc lends its row starts and columns.
        check(unsafe {
            sys::MatGetRowIJ(
                mat,
                0,
                sys::PETSC_BOOL_FALSE,
                sys::PETSC_BOOL_FALSE,
                &mut r.n,
                &mut r.ia,
                &mut r.ja,
                &mut done,
            )
        })?;
        Ok((done != sys::PETSC_BOOL_FALSE && !r.ia.is_null()).then_some(r))
    }

    /// The number of stored entries.
    fn nnz(&self) -> usize {
        // SAFETY: `ia` holds `n + 1` row starts while lent.
        (unsafe { *self.ia.add(self.n as usize) }).max(0) as usize
    }

    /// The offset of column `c` in row `r`, if stored.
    fn find(&self, r: Int, c: Int) -> Option<usize> {
        if r < 0 || r >= self.n {
            return None;
        }
        // SAFETY: `ia` holds `n + 1` row starts and `ja` `ia[n]` columns while lent.
        let (a, cols) = unsafe {
            let a = *self.ia.add(r as usize) as usize;
            let b = *self.ia.add(r as usize + 1) as usize;
            (a, std::slice::from_raw_parts(self.ja.add(a), b - a))
        };
        cols.binary_search(&c).ok().map(|k| a + k)
    }
}

impl Drop for RowIj {
    fn drop(&mut self) {
        let mut done = sys::PETSC_BOOL_FALSE;
        // SAFETY: gives back exactly what MatGetRowIJ lent.
        crate::error::record_destroy(unsafe {
            sys::MatRestoreRowIJ(
                self.mat,
                0,
                sys::PETSC_BOOL_FALSE,
                sys::PETSC_BOOL_FALSE,
                &mut self.n,
                &mut self.ia,
                &mut self.ja,
                &mut done,
            )
        });
    }
}

/// The blocks of an AIJ matrix: the diagonal one (the matrix itself when sequential) and
/// the off-diagonal one with the global column of each of its columns.
type Blocks = (sys::Mat, Option<(sys::Mat, Vec<Int>)>);

/// The blocks of an assembled `seqaij` or `mpiaij` matrix, or `None` for another type.
fn blocks(mat: &Mat) -> Result<Option<Blocks>> {
    if !mat.is_assembled()? {
        return Ok(None);
    }
    match mat.type_name()?.as_str() {
        "seqaij" => Ok(Some((mat.ptr, None))),
        "mpiaij" => {
            let (mut ad, mut ao): (sys::Mat, sys::Mat) =
                (std::ptr::null_mut(), std::ptr::null_mut());
            let mut colmap: *const Int = std::ptr::null();
            // SAFETY: live MPIAIJ matrix; PETSc lends its blocks and column map.
            check(unsafe { sys::MatMPIAIJGetSeqAIJ(mat.ptr, &mut ad, &mut ao, &mut colmap) })?;
            let (mut m, mut n): (Int, Int) = (0, 0);
            // SAFETY: live off-diagonal block; two outputs.
            check(unsafe { sys::MatGetSize(ao, &mut m, &mut n) })?;
            let global = if n > 0 && !colmap.is_null() {
                // SAFETY: the column map holds one global column per off-diagonal column.
                unsafe { std::slice::from_raw_parts(colmap, n as usize) }.to_vec()
            } else {
                Vec::new()
            };
            Ok(Some((ad, Some((ao, global)))))
        }
        _ => Ok(None),
    }
}

/// The matrix's identity for [`Located`].
fn key(mat: &Mat, nnz: (usize, usize)) -> Result<(usize, i64, usize, usize)> {
    let mut state: sys::PetscObjectState = 0;
    // SAFETY: live matrix; one output.
    check(unsafe { sys::MatGetNonzeroState(mat.ptr, &mut state) })?;
    Ok((mat.ptr as usize, state, nnz.0, nnz.1))
}

impl Located {
    /// Locates the entries `(rows[k], cols[row_ptr[k]..row_ptr[k + 1]])` (global
    /// indices, owned rows) in `mat`, or `None` when it is not an assembled AIJ matrix
    /// holding all of them.
    pub(crate) fn new(
        mat: &Mat,
        rows: &[Int],
        row_ptr: &[Int],
        cols: &[Int],
    ) -> Result<Option<Located>> {
        let Some((ad, ao)) = blocks(mat)? else {
            return Ok(None);
        };
        let rstart = mat.ownership_range()?.start;
        let cols_owned = mat.ownership_range_column()?;
        // SAFETY: the diagonal block (or the matrix) is a live, assembled SeqAIJ.
        let Some(d) = (unsafe { RowIj::get(ad) })? else {
            return Ok(None);
        };
        let o = match &ao {
            // SAFETY: the off-diagonal block is a live, assembled SeqAIJ.
            Some((ao, global)) => match unsafe { RowIj::get(*ao) }? {
                Some(o) => Some((o, global)),
                None => return Ok(None),
            },
            None => None,
        };
        let mut slots = Vec::with_capacity(cols.len());
        for (k, &row) in rows.iter().enumerate() {
            let r = row - rstart;
            for &c in &cols[row_ptr[k] as usize..row_ptr[k + 1] as usize] {
                let slot = if ao.is_none() || cols_owned.contains(&c) {
                    let c = if ao.is_none() {
                        c
                    } else {
                        c - cols_owned.start
                    };
                    d.find(r, c).map(|p| (false, p))
                } else {
                    o.as_ref().and_then(|(o, global)| {
                        let k = global.binary_search(&c).ok()? as Int;
                        o.find(r, k).map(|p| (true, p))
                    })
                };
                match slot {
                    Some((off, p)) if p <= u32::MAX as usize => slots.push((off, p as u32)),
                    _ => return Ok(None),
                }
            }
        }
        let nnz = (d.nnz(), o.as_ref().map_or(0, |(o, _)| o.nnz()));
        Ok(Some(Located {
            key: key(mat, nnz)?,
            slots,
        }))
    }

    /// Whether `mat` is still the matrix, with the nonzero structure, these entries were
    /// located in.
    pub(crate) fn fits(&self, mat: &Mat) -> Result<bool> {
        let Some((ad, ao)) = blocks(mat)? else {
            return Ok(false);
        };
        // SAFETY: live, assembled SeqAIJ blocks.
        let nd = unsafe { RowIj::get(ad) }?.map(|d| d.nnz());
        let no = match &ao {
            // SAFETY: as above.
            Some((ao, _)) => unsafe { RowIj::get(*ao) }?.map(|o| o.nnz()),
            None => Some(0),
        };
        match (nd, no) {
            (Some(nd), Some(no)) => Ok(key(mat, (nd, no))? == self.key),
            _ => Ok(false),
        }
    }

    /// Writes `vals` (one per located entry) into the matrix's value arrays; the
    /// caller assembles the matrix afterwards.
    pub(crate) fn write(&self, mat: &mut Mat, vals: &[Real]) -> Result<()> {
        let Some((ad, ao)) = blocks(mat)? else {
            return Err(crate::Error::invalid(
                "Jacobian by automatic differentiation",
                "the matrix changed type since its entries were located",
            ));
        };
        let write_block = |block: sys::Mat, nnz: usize, off: bool| -> Result<()> {
            let mut a: *mut sys::PetscScalar = std::ptr::null_mut();
            // SAFETY: live SeqAIJ block; PETSc lends its `nnz` values until restored.
            check(unsafe { sys::MatSeqAIJGetArray(block, &mut a) })?;
            for (&(o, p), &v) in self.slots.iter().zip(vals) {
                if o == off && (p as usize) < nnz {
                    // SAFETY: `p` is below the block's number of stored entries, which
                    // the key (checked by `fits`) says is unchanged since locating.
                    unsafe { *a.add(p as usize) = v };
                }
            }
            // SAFETY: gives back exactly the array lent above.
            check(unsafe { sys::MatSeqAIJRestoreArray(block, &mut a) })
        };
        write_block(ad, self.key.2, false)?;
        if let Some((ao, _)) = ao {
            write_block(ao, self.key.3, true)?;
        }
        Ok(())
    }
}
