//! Matrix assembly by grid point: [`Stencil`] (`MatStencil`) and
//! [`Mat::set_values_stencil`], checked against this rank's ghosted box before PETSc
//! sees the indices.

use petsc_sys as sys;

use crate::error::{Error, Result, check};
use crate::mat::{Mat, StencilBox};
use crate::scalar::{Int, Scalar};
use crate::vec::{InsertMode, Vector};

/// The unsigned integer of `Int`'s width.
#[cfg(petsc_int64)]
type UInt = u64;
/// The unsigned integer of `Int`'s width.
#[cfg(not(petsc_int64))]
type UInt = u32;

/// One entry of a matrix row or column addressed by grid point and component
/// (`MatStencil`). Laid out exactly as PETSc's, so slices pass to C without copying.
///
/// ```
/// let s = petsc::Stencil::new(3, 4, 0, 1);
/// assert_eq!((s.i, s.j, s.k, s.c), (3, 4, 0, 1));
/// ```
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Stencil {
    /// z index (0 in 1D and 2D).
    pub k: Int,
    /// y index (0 in 1D).
    pub j: Int,
    /// x index.
    pub i: Int,
    /// Component, `0..dof`.
    pub c: Int,
}

const _: () = {
    assert!(std::mem::size_of::<Stencil>() == std::mem::size_of::<sys::MatStencil>());
    assert!(std::mem::align_of::<Stencil>() == std::mem::align_of::<sys::MatStencil>());
    assert!(std::mem::offset_of!(Stencil, k) == std::mem::offset_of!(sys::MatStencil, k));
    assert!(std::mem::offset_of!(Stencil, j) == std::mem::offset_of!(sys::MatStencil, j));
    assert!(std::mem::offset_of!(Stencil, i) == std::mem::offset_of!(sys::MatStencil, i));
    assert!(std::mem::offset_of!(Stencil, c) == std::mem::offset_of!(sys::MatStencil, c));
};

impl Stencil {
    /// The entry of component `c` at grid point `(i, j, k)`.
    #[inline]
    pub fn new(i: Int, j: Int, k: Int, c: Int) -> Stencil {
        Stencil { k, j, i, c }
    }
}

impl Mat {
    /// Sets or adds a dense block addressed by grid points (`MatSetValuesStencil`):
    /// `values` holds `rows.len() x cols.len()` entries, row by row. For matrices made
    /// by [`Da::create_matrix`](super::Da::create_matrix); every row and column must lie in this rank's ghosted
    /// box ([`Da::ghost_corners`](super::Da::ghost_corners)) with a component in `0..dof`.
    ///
    /// ```
    /// use petsc::{Da, InsertMode, Stencil};
    /// let petsc = petsc::Petsc::init()?;
    /// let da = Da::builder(&petsc.self_comm(), 2).sizes(3, 3, 1).build()?;
    /// let mut a = da.create_matrix()?;
    /// let row = Stencil::new(1, 1, 0, 0);
    /// let cols = [row, Stencil::new(0, 1, 0, 0), Stencil::new(1, 2, 0, 0)];
    /// a.set_values_stencil(&[row], &cols, &[4.0, -1.0, -1.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// assert_eq!(a.values(&[4], &[3, 4, 7])?, vec![-1.0, 4.0, -1.0]); // row 4 = (1, 1)
    /// let far = Stencil::new(5, 1, 0, 0);
    /// assert!(a.set_values_stencil(&[far], &[far], &[1.0], InsertMode::Insert).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    // Always inlined: in the caller's loop over rows the cached box stays in registers
    // and the call's spills go (heat's Jacobian, with the box borrowed rather than
    // copied: 35 instructions a row fewer, 1.039 -> 1.029 of C's in TSStep).
    #[inline(always)]
    pub fn set_values_stencil(
        &mut self,
        rows: &[Stencil],
        cols: &[Stencil],
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        let b = self.stencil_box()?;
        if rows.len() * cols.len() != values.len() || !(b.contains_all(rows) & b.contains_all(cols))
        {
            return stencil_error(rows, cols, values, b);
        }
        // SAFETY: live matrix with stencil information (set by DMCreateMatrix); `Stencil`
        // has MatStencil's layout (checked at compile time); slice lengths and every
        // index were checked above.
        check(unsafe {
            sys::MatSetValuesStencil(
                self.ptr,
                rows.len() as Int,
                rows.as_ptr() as *const sys::MatStencil,
                cols.len() as Int,
                cols.as_ptr() as *const sys::MatStencil,
                values.as_ptr(),
                mode.raw(),
            )
        })
    }

    /// Sets or adds dense blocks addressed by grid points (`MatSetValuesBlockedStencil`):
    /// each stencil names a grid point (its component is ignored) and stands for all
    /// `dof` components there, so `values` holds `(rows.len() * dof) x (cols.len() * dof)`
    /// entries, row by row. For matrices made by
    /// [`Da::create_matrix`](super::Da::create_matrix); every point must lie in this
    /// rank's ghosted box.
    ///
    /// ```
    /// use petsc::{Da, InsertMode, Stencil};
    /// let petsc = petsc::Petsc::init()?;
    /// let da = Da::builder(&petsc.self_comm(), 1).sizes(3, 1, 1).dof(2).build()?;
    /// let mut a = da.create_matrix()?;
    /// let p = Stencil::new(1, 0, 0, 0);
    /// a.set_values_blocked_stencil(&[p], &[p], &[1.0, 2.0, 3.0, 4.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// // Point 1 holds unknowns 2 and 3.
    /// assert_eq!(a.values(&[2, 3], &[2, 3])?, vec![1.0, 2.0, 3.0, 4.0]);
    /// assert!(a.set_values_blocked_stencil(&[p], &[p], &[1.0], InsertMode::Insert).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSetValuesBlockedStencil")]
    pub fn set_values_blocked_stencil(
        &mut self,
        rows: &[Stencil],
        cols: &[Stencil],
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        let b = self.stencil_box()?;
        let point = |s: &Stencil| Stencil { c: 0, ..*s };
        let (prow, pcol): (Vec<Stencil>, Vec<Stencil>) = (
            rows.iter().map(point).collect(),
            cols.iter().map(point).collect(),
        );
        let dof = b.dof as usize;
        if rows.len() * cols.len() * dof * dof != values.len()
            || !(b.contains_all(&prow) & b.contains_all(&pcol))
        {
            return blocked_stencil_error(&prow, &pcol, values, b);
        }
        // SAFETY: live matrix with stencil information (set by DMCreateMatrix, whose
        // block size is the dof); `Stencil` has MatStencil's layout; slice lengths and
        // every point were checked above.
        check(unsafe {
            sys::MatSetValuesBlockedStencil(
                self.ptr,
                prow.len() as Int,
                prow.as_ptr() as *const sys::MatStencil,
                pcol.len() as Int,
                pcol.as_ptr() as *const sys::MatStencil,
                values.as_ptr(),
                mode.raw(),
            )
        })
    }

    /// Sets or adds one `dof x dof` block at grid points `row` and `col`
    /// (`MatSetValuesBlockedStencil` with one of each), as
    /// [`set_values_blocked_stencil`](Self::set_values_blocked_stencil).
    #[doc(alias = "MatSetValuesBlockedStencil")]
    pub fn set_value_blocked_stencil(
        &mut self,
        row: Stencil,
        col: Stencil,
        block: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        self.set_values_blocked_stencil(&[row], &[col], block, mode)
    }

    /// Zeroes the rows and columns of the grid points `rows` and puts `diag` on their
    /// diagonal (`MatZeroRowsColumnsStencil`, collective), as
    /// [`zero_rows_columns_local`](Self::zero_rows_columns_local) does by local index
    /// (with `x` and `b`, `b` is adjusted for the values of `x` at those rows). For
    /// matrices made by [`Da::create_matrix`](super::Da::create_matrix); every row must
    /// lie in this rank's ghosted box, on every rank, or every rank gets an `Err`.
    ///
    /// ```
    /// use petsc::{Da, InsertMode, Stencil};
    /// let petsc = petsc::Petsc::init()?;
    /// let da = Da::builder(&petsc.self_comm(), 2).sizes(2, 1, 1).build()?;
    /// let mut a = da.create_matrix()?;
    /// let (p, q) = (Stencil::new(0, 0, 0, 0), Stencil::new(1, 0, 0, 0));
    /// a.set_values_stencil(&[p, q], &[p, q], &[2.0, -1.0, -1.0, 2.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// a.zero_rows_columns_stencil(&[q], 5.0, None, None)?;
    /// assert_eq!(a.values(&[0, 1], &[0, 1])?, vec![2.0, 0.0, 0.0, 5.0]);
    /// assert!(a.zero_rows_columns_stencil(&[Stencil::new(2, 0, 0, 0)], 1.0, None, None).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatZeroRowsColumnsStencil")]
    pub fn zero_rows_columns_stencil(
        &mut self,
        rows: &[Stencil],
        diag: impl Into<Scalar>,
        x: Option<&Vector>,
        b: Option<&mut Vector>,
    ) -> Result<()> {
        const CTX: &str = "Mat::zero_rows_columns_stencil";
        // The local (ghosted) numbering of the DMDA, as PETSc converts grid points.
        let local = self.stencil_box().and_then(|bx| {
            let [gxm, gym] = [bx.end[0] - bx.start[0], bx.end[1] - bx.start[1]];
            rows.iter()
                .map(|s| {
                    if bx.contains(s) {
                        Ok((((s.k - bx.start[2]) * gym + (s.j - bx.start[1])) * gxm
                            + (s.i - bx.start[0]))
                            * bx.dof
                            + s.c)
                    } else {
                        Err(Error::out_of_range(
                            CTX,
                            format!(
                                "row at (i, j, k) = ({}, {}, {}), component {} is outside \
                                 this rank's ghosted box i in {}..{}, j in {}..{}, k in \
                                 {}..{}, component in 0..{}",
                                s.i,
                                s.j,
                                s.k,
                                s.c,
                                bx.start[0],
                                bx.end[0],
                                bx.start[1],
                                bx.end[1],
                                bx.start[2],
                                bx.end[2],
                                bx.dof
                            ),
                        ))
                    }
                })
                .collect::<Result<Vec<Int>>>()
        });
        let local = crate::object::Object::comm(self).agree(CTX, local)?;
        self.zero_rows_columns_local(&local, diag, x, b)
    }

    /// This rank's ghosted box and dof of the matrix's DMDA, asked of PETSc once per
    /// matrix (its grid never changes), so assembly by stencil pays four comparisons per
    /// entry instead of two C calls.
    #[inline(always)]
    fn stencil_box(&self) -> Result<&StencilBox> {
        match self.stencil_box.get() {
            Some(b) => Ok(b),
            None => self.fetch_stencil_box(),
        }
    }

    /// [`stencil_box`](Self::stencil_box)'s first call: asks PETSc (kept out of line, so
    /// that assembly by stencil inlines only the cached path).
    #[cold]
    #[inline(never)]
    fn fetch_stencil_box(&self) -> Result<&StencilBox> {
        let mut dm: sys::DM = std::ptr::null_mut();
        // SAFETY: live matrix; PETSc returns its (borrowed) DM or null.
        check(unsafe { sys::MatGetDM(self.ptr, &mut dm) })?;
        if dm.is_null() {
            return Err(Error::invalid(
                "Mat::set_values_stencil",
                "the matrix has no grid; make it with Da::create_matrix",
            ));
        }
        // PETSc checks the DM's type only in debugging builds: without, DMDAGetLocalInfo
        // reads any DM's data as a DMDA's (a mesh's matrix, from Plex::create_matrix).
        let mut is_da = sys::PETSC_BOOL_FALSE;
        // SAFETY: live DM of the matrix; a NUL-terminated type name, read only.
        check(unsafe {
            sys::PetscObjectTypeCompare(
                dm as sys::PetscObject,
                sys::DMDA.as_ptr().cast(),
                &mut is_da,
            )
        })?;
        if is_da != sys::PETSC_BOOL_TRUE {
            let mut name: *const std::os::raw::c_char = std::ptr::null();
            // SAFETY: live DM; PETSc lends its type name (or null).
            check(unsafe { sys::PetscObjectGetType(dm as sys::PetscObject, &mut name) })?;
            // SAFETY: PETSc's own string or null.
            let name = unsafe { crate::object::owned(name) };
            return Err(Error::invalid(
                "Mat::set_values_stencil",
                format!(
                    "the matrix's DM is a '{name}', not a DMDA: assembly by grid point needs a matrix made by Da::create_matrix"
                ),
            ));
        }
        let mut li = sys::DMDALocalInfo::default();
        // SAFETY: live DMDA of the matrix (its type checked above).
        check(unsafe { sys::DMDAGetLocalInfo(dm, &mut li) })?;
        let b = StencilBox {
            start: [li.gxs, li.gys, li.gzs],
            end: [li.gxs + li.gxm, li.gys + li.gym, li.gzs + li.gzm],
            dof: li.dof,
        };
        Ok(self.stencil_box.get_or_init(|| b))
    }
}

// `StencilBox` is defined in `mat` (a `Mat` caches one), so that `mat` need not depend
// on `dm`; what it is checked against lives here.
impl StencilBox {
    /// Whether every entry of `list` lies in the box with a component in `0..dof`, as
    /// [`contains`](Self::contains) for each, with one unsigned comparison a field and
    /// no branch inside an entry: `v` is in `lo..lo + n` exactly when the wrapping
    /// difference `v - lo`, read as unsigned, is below `n` (`lo` and `lo + n` being
    /// `Int`s themselves, no `v` outside wraps into `0..n`). A fold of the four flags over
    /// the whole list (which the compiler turns into vector code) costs more for the
    /// short lists of a stencil row than this early exit does.
    #[inline(always)]
    fn contains_all(&self, list: &[Stencil]) -> bool {
        let lo = [self.start[2], self.start[1], self.start[0], 0];
        let n = [
            (self.end[2] - self.start[2]) as UInt,
            (self.end[1] - self.start[1]) as UInt,
            (self.end[0] - self.start[0]) as UInt,
            self.dof as UInt,
        ];
        list.iter().all(|s| {
            let v = [s.k, s.j, s.i, s.c];
            let d: [UInt; 4] = std::array::from_fn(|f| v[f].wrapping_sub(lo[f]) as UInt);
            (d[0] < n[0]) & (d[1] < n[1]) & (d[2] < n[2]) & (d[3] < n[3])
        })
    }

    /// Whether `s` lies in the box with a component in `0..dof`.
    #[inline(always)]
    fn contains(&self, s: &Stencil) -> bool {
        s.i >= self.start[0]
            && s.i < self.end[0]
            && s.j >= self.start[1]
            && s.j < self.end[1]
            && s.k >= self.start[2]
            && s.k < self.end[2]
            && s.c >= 0
            && s.c < self.dof
    }
}

/// The error of a refused [`Mat::set_values_stencil`] (kept out of the hot path).
#[cold]
#[inline(never)]
fn stencil_error(
    rows: &[Stencil],
    cols: &[Stencil],
    values: &[Scalar],
    b: &StencilBox,
) -> Result<()> {
    const CTX: &str = "Mat::set_values_stencil";
    if rows.len() * cols.len() != values.len() {
        return Err(Error::size_mismatch(
            CTX,
            format!(
                "{} rows x {} columns need {} values, got {}",
                rows.len(),
                cols.len(),
                rows.len() * cols.len(),
                values.len()
            ),
        ));
    }
    for (what, list) in [("row", rows), ("column", cols)] {
        if let Some((pos, s)) = list.iter().enumerate().find(|(_, s)| !b.contains(s)) {
            return Err(Error::out_of_range(
                CTX,
                format!(
                    "{what} {pos} at (i, j, k) = ({}, {}, {}), component {} is outside this \
                     rank's ghosted box i in {}..{}, j in {}..{}, k in {}..{}, component in 0..{}",
                    s.i,
                    s.j,
                    s.k,
                    s.c,
                    b.start[0],
                    b.end[0],
                    b.start[1],
                    b.end[1],
                    b.start[2],
                    b.end[2],
                    b.dof
                ),
            ));
        }
    }
    Ok(())
}

/// The error of a refused [`Mat::set_values_blocked_stencil`].
#[cold]
#[inline(never)]
fn blocked_stencil_error(
    rows: &[Stencil],
    cols: &[Stencil],
    values: &[Scalar],
    b: &StencilBox,
) -> Result<()> {
    const CTX: &str = "Mat::set_values_blocked_stencil";
    let want = rows.len() * cols.len() * (b.dof as usize).pow(2);
    if values.len() != want {
        return Err(Error::size_mismatch(
            CTX,
            format!(
                "{} values for {} x {} points of {} dof each: {want} needed",
                values.len(),
                rows.len(),
                cols.len(),
                b.dof
            ),
        ));
    }
    let s = rows
        .iter()
        .chain(cols)
        .find(|s| !b.contains(s))
        .copied()
        .unwrap_or_default();
    Err(Error::out_of_range(
        CTX,
        format!(
            "point (i, j, k) = ({}, {}, {}) is outside this rank's ghosted box i in {}..{}, \
             j in {}..{}, k in {}..{}",
            s.i, s.j, s.k, b.start[0], b.end[0], b.start[1], b.end[1], b.start[2], b.end[2]
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The row-at-once check agrees with the entry-by-entry one, at the edges of the box
    /// and of `Int`'s range (where a wrapping difference could fool a careless check).
    #[test]
    fn contains_all_matches_contains() {
        let values = [
            Int::MIN,
            Int::MIN + 1,
            -3,
            -2,
            -1,
            0,
            1,
            2,
            3,
            4,
            5,
            Int::MAX - 1,
            Int::MAX,
        ];
        let boxes = [
            StencilBox {
                start: [0, 0, 0],
                end: [4, 3, 1],
                dof: 1,
            },
            StencilBox {
                start: [-1, -2, 0],
                end: [3, 2, 1],
                dof: 2,
            },
            StencilBox {
                start: [Int::MIN, 0, -1],
                end: [Int::MIN + 2, 1, 0],
                dof: 3,
            },
            StencilBox {
                start: [Int::MAX - 2, 1, 0],
                end: [Int::MAX, 5, 2],
                dof: 1,
            },
            StencilBox {
                start: [2, 2, 0],
                end: [2, 3, 1],
                dof: 1,
            },
        ];
        for b in &boxes {
            for &i in &values {
                for &j in &values {
                    for &c in &[-1, 0, 1, 2, 3] {
                        for &k in &[Int::MIN, -1, 0, 1, Int::MAX] {
                            let s = Stencil::new(i, j, k, c);
                            assert_eq!(b.contains_all(&[s]), b.contains(&s), "{s:?} in {b:?}");
                        }
                    }
                }
            }
            let inside = Stencil::new(b.start[0], b.start[1], b.start[2], 0);
            let outside = Stencil::new(b.end[0], b.start[1], b.start[2], 0);
            assert!(b.contains_all(&[]));
            assert_eq!(b.contains_all(&[inside, inside]), b.contains(&inside));
            assert!(!b.contains_all(&[inside, outside, inside]));
        }
    }
}
