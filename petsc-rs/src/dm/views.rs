//! Array views of DMDA vectors indexed by global grid point: [`DaView`], [`DaViewMut`],
//! and the [`Layout`] arithmetic (bounds check and offset) behind every access.

use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

use ndarray::{ArrayView4, ArrayViewMut4, ShapeBuilder};
use petsc_sys as sys;

use super::Corners;
use crate::borrow::ArrayBorrow;
use crate::error::{Result, check};
use crate::scalar::{Int, Scalar};
use crate::vec::Vector;

/// Which box of grid points a view's array covers, with what indexing needs
/// precomputed (index arithmetic runs once per access in residual loops).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Layout {
    pub(crate) dim: usize,
    pub(crate) dof: Int,
    pub(crate) corners: Corners,
    /// Whether the box is the ghosted one (local vector).
    pub(crate) ghosted: bool,
    /// Box start as `isize` (so an index's offset is one 64-bit subtraction, which the
    /// compiler turns into an induction variable of the caller's loop).
    s: [isize; 3],
    /// Box extents and strides as `usize` (`sx` is `dof`).
    n: [usize; 3],
    sy: usize,
    sz: usize,
    /// Whether tuple indexing with 2 (or 3) indices is allowed: one component and no
    /// more dimensions than indices.
    tuple2: bool,
    tuple3: bool,
}

impl Layout {
    pub(crate) fn new(dim: usize, dof: Int, corners: Corners, ghosted: bool) -> Layout {
        let n = corners.len.map(|x| x.max(0) as usize);
        let d = dof.max(0) as usize;
        Layout {
            dim,
            dof,
            corners,
            ghosted,
            s: corners.start.map(|x| x as isize),
            n,
            sy: n[0] * d,
            sz: n[0] * n[1] * d,
            tuple2: dof == 1 && dim <= 2,
            tuple3: dof == 1,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.corners.count() * self.dof as usize
    }

    /// Offset of component `c` of point `p`, or a panic naming both and the box.
    #[inline(always)]
    pub(crate) fn offset(&self, p: [Int; 3], c: Int) -> usize {
        let s = &self.s;
        let di = (p[0] as isize).wrapping_sub(s[0]) as usize;
        let dj = (p[1] as isize).wrapping_sub(s[1]) as usize;
        let dk = (p[2] as isize).wrapping_sub(s[2]) as usize;
        let dof = self.dof as usize;
        if di < self.n[0] && dj < self.n[1] && dk < self.n[2] && (c as usize) < dof {
            di * dof + dj * self.sy + dk * self.sz + c as usize
        } else {
            self.out_of_range(p, c)
        }
    }

    /// Offset of point `p` given with `arity` indices, for tuple indexing of dof-1 grids.
    #[inline(always)]
    pub(crate) fn point_offset(&self, p: [Int; 3], arity: usize) -> usize {
        match arity {
            1 if self.tuple2 && self.dim == 1 => self.offset1(p[0]),
            2 if self.tuple2 => self.offset2(p[0], p[1]),
            3 if self.tuple3 => self.offset(p, 0),
            _ => self.bad_arity(arity),
        }
    }

    /// Offset of `i` on a one-component 1D grid.
    #[inline(always)]
    fn offset1(&self, i: Int) -> usize {
        let di = (i as isize).wrapping_sub(self.s[0]) as usize;
        if di < self.n[0] {
            di
        } else {
            self.out_of_range([i, 0, 0], 0)
        }
    }

    /// Offset of `(i, j)` on a one-component grid of at most 2 dimensions (whose z box
    /// is `0..1`).
    #[inline(always)]
    fn offset2(&self, i: Int, j: Int) -> usize {
        let di = (i as isize).wrapping_sub(self.s[0]) as usize;
        let dj = (j as isize).wrapping_sub(self.s[1]) as usize;
        if di < self.n[0] && dj < self.n[1] {
            di + dj * self.sy
        } else {
            self.out_of_range([i, j, 0], 0)
        }
    }

    // The cold paths take the layout by value: a reference to it would escape into a
    // call the compiler cannot see through, and then every write through a mutable view
    // would make it reload the layout (and redo the index arithmetic) at each access.
    #[cold]
    #[inline(never)]
    #[track_caller]
    fn bad_arity(self, arity: usize) -> ! {
        if self.dof != 1 {
            panic!(
                "DMDA view: the grid has {} components per point; index with get(point, c), \
                 set(point, c, v) or at(point) instead of a tuple",
                self.dof
            )
        }
        panic!(
            "DMDA view: {arity} index(es) given for a {}-dimensional grid; give all {}",
            self.dim, self.dim
        )
    }

    #[cold]
    #[inline(never)]
    #[track_caller]
    fn out_of_range(self, p: [Int; 3], c: Int) -> ! {
        let s = self.corners.start;
        let e = self.corners.end();
        panic!(
            "DMDA view index (i, j, k) = ({}, {}, {}), component {} is out of range: valid are \
             i in {}..{}, j in {}..{}, k in {}..{}, component in 0..{} ({} box of this rank)",
            p[0],
            p[1],
            p[2],
            c,
            s[0],
            e[0],
            s[1],
            e[1],
            s[2],
            e[2],
            self.dof,
            if self.ghosted {
                "local vector: ghosted"
            } else {
                "global vector: owned"
            }
        )
    }

    fn row_range(&self, j: Int, k: Int) -> std::ops::Range<usize> {
        let begin = self.offset([self.corners.start[0], j, k], 0);
        begin..begin + self.corners.len[0] as usize * self.dof as usize
    }

    /// Shape `(xm, ym, zm, dof)` and strides of the array as an `[i, j, k, c]` array.
    #[allow(clippy::type_complexity)]
    fn shape_strides(&self) -> ((usize, usize, usize, usize), (usize, usize, usize, usize)) {
        let n = self.corners.len.map(|x| x.max(0) as usize);
        let dof = self.dof as usize;
        (
            (n[0], n[1], n[2], dof),
            (dof, n[0] * dof, n[0] * n[1] * dof, 1),
        )
    }
}

/// The address of the first entry of an array PETSc's `DMDAVecGetArray` made (an array
/// of row pointers shifted to global indices in 2D and 3D), for views over arrays
/// handed to `DMDA...Local` callbacks.
///
/// # Safety
/// `array` must come from `DMDAVecGetArray`/`DMDAVecGetArrayRead` (not the DOF
/// variants) of a vector laid out as `layout`, and still be lent.
#[allow(dead_code)]
pub(crate) unsafe fn dmda_array_base(
    array: *mut std::os::raw::c_void,
    layout: &Layout,
) -> *mut Scalar {
    let [xs, ys, zs] = layout.corners.start;
    let x0 = (xs * layout.dof) as isize;
    // SAFETY: the caller guarantees the array's shape: a shifted pointer (1D), shifted row
    // pointers (2D) or shifted plane pointers (3D), each valid at the box's first index.
    unsafe {
        match layout.dim {
            1 => (array as *mut Scalar).offset(x0),
            2 => (*(array as *mut *mut Scalar).offset(ys as isize)).offset(x0),
            _ => (*(*(array as *mut *mut *mut Scalar).offset(zs as isize)).offset(ys as isize))
                .offset(x0),
        }
    }
}

enum Restore {
    /// Borrowed array: nothing to give back.
    Nothing,
    /// `VecRestoreArrayRead` on this vector.
    Read(sys::Vec),
    /// `VecRestoreArray` on this vector.
    Write(sys::Vec),
}

/// A read-only view of a DMDA vector indexed by global grid point; made by [`Da::view`](super::Da::view),
/// restored on drop.
///
/// Access:
/// - `v[i]`, `v[(i, j)]`, `v[(i, j, k)]`, `v[[i, j, k]]` on grids with one component
///   (`dof = 1`); give as many indices as the grid has dimensions (extra ones must be 0);
/// - [`get(point, c)`](Self::get) for component `c`, [`at(point)`](Self::at) for all the
///   components of a point;
/// - [`row(j, k)`](Self::row) for a contiguous run of points along x;
/// - [`as_ndarray`](Self::as_ndarray) for an `ndarray` view `[i, j, k, c]` relative to
///   [`corners`](Self::corners).
///
/// Every access is checked; a point outside the view's box panics with a message
/// naming the point and the box.
pub struct DaView<'v> {
    ptr: *const Scalar,
    layout: Layout,
    restore: Restore,
    // The vector's borrow state (none for a lent array), released after the restore.
    _borrow: Option<ArrayBorrow>,
    _vec: PhantomData<&'v Vector>,
}

impl<'v> DaView<'v> {
    /// # Safety
    /// `vec` is live for `'v`, not written meanwhile, with `layout.len()` local entries.
    pub(super) unsafe fn acquire(
        vec: sys::Vec,
        via: Option<usize>,
        layout: Layout,
    ) -> Result<DaView<'v>> {
        let borrow = ArrayBorrow::shared_via(vec as sys::PetscObject, via, "Da::view")?;
        let mut p: *const Scalar = std::ptr::null();
        // SAFETY: live vector (caller); PETSc lends its array until VecRestoreArrayRead.
        check(unsafe { sys::VecGetArrayRead(vec, &mut p) })?;
        Ok(DaView {
            ptr: p,
            layout,
            restore: Restore::Read(vec),
            _borrow: Some(borrow),
            _vec: PhantomData,
        })
    }

    /// A view over an array the caller lends (nothing is restored on drop).
    ///
    /// # Safety
    /// `ptr` points to `layout.len()` initialized entries that stay valid and unwritten
    /// for `'v`.
    #[allow(dead_code)]
    pub(crate) unsafe fn from_raw_parts(ptr: *const Scalar, layout: Layout) -> DaView<'v> {
        DaView {
            ptr,
            layout,
            restore: Restore::Nothing,
            _borrow: None,
            _vec: PhantomData,
        }
    }

    /// The box of grid points this view covers (owned box for a global vector, ghosted
    /// box for a local one).
    pub fn corners(&self) -> Corners {
        self.layout.corners
    }

    /// Components per grid point.
    pub fn dof(&self) -> Int {
        self.layout.dof
    }

    /// How the array is laid out (box, components, ghosted or not).
    #[allow(dead_code)]
    pub(crate) fn layout(&self) -> Layout {
        self.layout
    }

    /// Whether the view covers the ghosted box of a local vector (false for a global
    /// vector, and where the two boxes are the same).
    pub fn is_ghosted(&self) -> bool {
        self.layout.ghosted
    }

    /// Component `c` at grid point `[i, j, k]` (unused directions 0).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::grid(&petsc.self_comm()).sizes([4]).dof(3).build()?;
    /// let mut g = da.create_global_vector()?;
    /// g.set(7.0)?;
    /// assert_eq!(da.view(&g)?.get([3, 0, 0], 2), 7.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn get(&self, p: [Int; 3], c: Int) -> Scalar {
        let o = self.layout.offset(p, c);
        // SAFETY: `offset` returned, so `o` is inside the lent array.
        unsafe { *self.ptr.add(o) }
    }

    /// All `dof` components at grid point `[i, j, k]`.
    #[inline(always)]
    #[track_caller]
    pub fn at(&self, p: [Int; 3]) -> &[Scalar] {
        let o = self.layout.offset(p, 0);
        &self.as_slice()[o..o + self.layout.dof as usize]
    }

    /// The points `i = corners().start[0] ..` of row `(j, k)`, `dof` entries each; entry
    /// `(i - start) * dof + c` is component `c` of point `i`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::grid(&petsc.self_comm()).sizes([3, 2]).build()?;
    /// let mut g = da.create_global_vector()?;
    /// g.set(1.0)?;
    /// assert_eq!(da.view(&g)?.row(1, 0), &[1.0, 1.0, 1.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[track_caller]
    pub fn row(&self, j: Int, k: Int) -> &[Scalar] {
        let r = self.layout.row_range(j, k);
        &self.as_slice()[r]
    }

    /// The whole array, in storage order (`c` fastest, then `i`, `j`, `k`).
    pub fn as_slice(&self) -> &[Scalar] {
        let len = self.layout.len();
        if len == 0 {
            return &[];
        }
        // SAFETY: PETSc (or the lender) lent `len` initialized entries for 'v.
        unsafe { std::slice::from_raw_parts(self.ptr, len) }
    }

    /// The array as an `ndarray` view indexed `[i - xs, j - ys, k - zs, c]` with
    /// `(xs, ys, zs) = corners().start`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::grid(&petsc.self_comm()).sizes([3, 2]).build()?;
    /// let mut g = da.create_global_vector()?;
    /// g.set(1.0)?;
    /// let v = da.view(&g)?;
    /// assert_eq!(v.as_ndarray().shape(), &[3, 2, 1, 1]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn as_ndarray(&self) -> ArrayView4<'_, Scalar> {
        let (shape, strides) = self.layout.shape_strides();
        ArrayView4::from_shape(shape.strides(strides), self.as_slice())
            .expect("DMDA view shape matches its array")
    }
}

impl Drop for DaView<'_> {
    fn drop(&mut self) {
        if let Restore::Read(v) = self.restore {
            // A copy, so that the view's own fields never escape to C (which would make
            // the compiler reload them after every store in indexing loops).
            let mut p = self.ptr;
            // SAFETY: restores exactly the pointer VecGetArrayRead gave for `v`.
            crate::error::record_destroy(unsafe { sys::VecRestoreArrayRead(v, &mut p) });
        }
    }
}

impl std::fmt::Debug for DaView<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DaView")
            .field("corners", &self.layout.corners)
            .field("dof", &self.layout.dof)
            .field("ghosted", &self.layout.ghosted)
            .finish()
    }
}

/// A writable view of a DMDA vector indexed by global grid point; made by
/// [`Da::view_mut`](super::Da::view_mut), restored on drop. Access as for [`DaView`], plus
/// [`set`](Self::set), [`at_mut`](Self::at_mut), [`row_mut`](Self::row_mut), and
/// assignment through `v[(i, j)] = x` on one-component grids.
pub struct DaViewMut<'v> {
    ptr: *mut Scalar,
    layout: Layout,
    restore: Restore,
    // The vector's borrow state (none for a lent array), released after the restore.
    _borrow: Option<ArrayBorrow>,
    _vec: PhantomData<&'v mut Vector>,
}

impl<'v> DaViewMut<'v> {
    /// # Safety
    /// `vec` is live for `'v`, not accessed otherwise meanwhile, with `layout.len()`
    /// local entries.
    pub(super) unsafe fn acquire(
        vec: sys::Vec,
        via: Option<usize>,
        layout: Layout,
    ) -> Result<DaViewMut<'v>> {
        let borrow =
            ArrayBorrow::exclusive_via(vec as sys::PetscObject, via, "Da::view_mut", None)?;
        let mut p: *mut Scalar = std::ptr::null_mut();
        // SAFETY: live vector (caller); PETSc lends its array until VecRestoreArray.
        check(unsafe { sys::VecGetArray(vec, &mut p) })?;
        Ok(DaViewMut {
            ptr: p,
            layout,
            restore: Restore::Write(vec),
            _borrow: Some(borrow),
            _vec: PhantomData,
        })
    }

    /// A writable view over an array the caller lends (nothing is restored on drop).
    ///
    /// # Safety
    /// `ptr` points to `layout.len()` initialized entries that stay valid, and are not
    /// accessed otherwise, for `'v`.
    #[allow(dead_code)]
    pub(crate) unsafe fn from_raw_parts(ptr: *mut Scalar, layout: Layout) -> DaViewMut<'v> {
        DaViewMut {
            ptr,
            layout,
            restore: Restore::Nothing,
            _borrow: None,
            _vec: PhantomData,
        }
    }

    /// The box of grid points this view covers.
    pub fn corners(&self) -> Corners {
        self.layout.corners
    }

    /// Components per grid point.
    pub fn dof(&self) -> Int {
        self.layout.dof
    }

    /// How the array is laid out (box, components, ghosted or not).
    #[allow(dead_code)]
    pub(crate) fn layout(&self) -> Layout {
        self.layout
    }

    /// Whether the view covers the ghosted box of a local vector (false for a global
    /// vector, and where the two boxes are the same).
    pub fn is_ghosted(&self) -> bool {
        self.layout.ghosted
    }

    /// Component `c` at grid point `[i, j, k]`.
    #[inline(always)]
    #[track_caller]
    pub fn get(&self, p: [Int; 3], c: Int) -> Scalar {
        let o = self.layout.offset(p, c);
        // SAFETY: `offset` returned, so `o` is inside the lent array.
        unsafe { *self.ptr.add(o) }
    }

    /// Sets component `c` at grid point `[i, j, k]` to `v`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::grid(&petsc.self_comm()).sizes([3]).dof(2).build()?;
    /// let mut g = da.create_global_vector()?;
    /// da.view_mut(&mut g)?.set([2, 0, 0], 1, 5.0);
    /// assert_eq!(g.sum()?, 5.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn set(&mut self, p: [Int; 3], c: Int, v: impl Into<Scalar>) {
        let o = self.layout.offset(p, c);
        // SAFETY: `offset` returned, so `o` is inside the lent, writable array; `&mut
        // self` makes the access unique.
        unsafe { *self.ptr.add(o) = v.into() }
    }

    /// All `dof` components at grid point `[i, j, k]`.
    #[inline(always)]
    #[track_caller]
    pub fn at(&self, p: [Int; 3]) -> &[Scalar] {
        let o = self.layout.offset(p, 0);
        &self.as_slice()[o..o + self.layout.dof as usize]
    }

    /// All `dof` components at grid point `[i, j, k]`, writable.
    #[inline(always)]
    #[track_caller]
    pub fn at_mut(&mut self, p: [Int; 3]) -> &mut [Scalar] {
        let o = self.layout.offset(p, 0);
        let dof = self.layout.dof as usize;
        &mut self.as_mut_slice()[o..o + dof]
    }

    /// Row `(j, k)` as in [`DaView::row`].
    #[track_caller]
    pub fn row(&self, j: Int, k: Int) -> &[Scalar] {
        let r = self.layout.row_range(j, k);
        &self.as_slice()[r]
    }

    /// Row `(j, k)` as in [`DaView::row`], writable.
    #[track_caller]
    pub fn row_mut(&mut self, j: Int, k: Int) -> &mut [Scalar] {
        let r = self.layout.row_range(j, k);
        &mut self.as_mut_slice()[r]
    }

    /// The whole array, in storage order.
    pub fn as_slice(&self) -> &[Scalar] {
        let len = self.layout.len();
        if len == 0 {
            return &[];
        }
        // SAFETY: PETSc (or the lender) lent `len` entries for 'v.
        unsafe { std::slice::from_raw_parts(self.ptr, len) }
    }

    /// The whole array, in storage order, writable.
    pub fn as_mut_slice(&mut self) -> &mut [Scalar] {
        let len = self.layout.len();
        if len == 0 {
            return &mut [];
        }
        // SAFETY: PETSc (or the lender) lent `len` entries for writing for 'v; `&mut
        // self` makes this borrow unique.
        unsafe { std::slice::from_raw_parts_mut(self.ptr, len) }
    }

    /// The array as an `ndarray` view indexed `[i - xs, j - ys, k - zs, c]`.
    pub fn as_ndarray(&self) -> ArrayView4<'_, Scalar> {
        let (shape, strides) = self.layout.shape_strides();
        ArrayView4::from_shape(shape.strides(strides), self.as_slice())
            .expect("DMDA view shape matches its array")
    }

    /// The array as a writable `ndarray` view indexed `[i - xs, j - ys, k - zs, c]`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::grid(&petsc.self_comm()).sizes([3, 2]).build()?;
    /// let mut g = da.create_global_vector()?;
    /// da.view_mut(&mut g)?.as_ndarray_mut().fill(2.0);
    /// assert_eq!(g.sum()?, 12.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn as_ndarray_mut(&mut self) -> ArrayViewMut4<'_, Scalar> {
        let (shape, strides) = self.layout.shape_strides();
        ArrayViewMut4::from_shape(shape.strides(strides), self.as_mut_slice())
            .expect("DMDA view shape matches its array")
    }
}

impl Drop for DaViewMut<'_> {
    fn drop(&mut self) {
        if let Restore::Write(v) = self.restore {
            // A copy, as in `DaView`'s drop.
            let mut p = self.ptr;
            // SAFETY: restores exactly the pointer VecGetArray gave for `v`.
            crate::error::record_destroy(unsafe { sys::VecRestoreArray(v, &mut p) });
        }
    }
}

impl std::fmt::Debug for DaViewMut<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DaViewMut")
            .field("corners", &self.layout.corners)
            .field("dof", &self.layout.dof)
            .field("ghosted", &self.layout.ghosted)
            .finish()
    }
}

macro_rules! point_index {
    ($idx:ty, $arity:expr, |$p:ident| $point:expr) => {
        impl Index<$idx> for DaView<'_> {
            type Output = Scalar;
            #[inline(always)]
            #[track_caller]
            fn index(&self, $p: $idx) -> &Scalar {
                let o = self.layout.point_offset($point, $arity);
                // SAFETY: `point_offset` returned, so `o` is inside the lent array.
                unsafe { &*self.ptr.add(o) }
            }
        }
        impl Index<$idx> for DaViewMut<'_> {
            type Output = Scalar;
            #[inline(always)]
            #[track_caller]
            fn index(&self, $p: $idx) -> &Scalar {
                let o = self.layout.point_offset($point, $arity);
                // SAFETY: `point_offset` returned, so `o` is inside the lent array.
                unsafe { &*self.ptr.add(o) }
            }
        }
        impl IndexMut<$idx> for DaViewMut<'_> {
            #[inline(always)]
            #[track_caller]
            fn index_mut(&mut self, $p: $idx) -> &mut Scalar {
                let o = self.layout.point_offset($point, $arity);
                // SAFETY: `point_offset` returned, so `o` is inside the lent, writable
                // array; `&mut self` makes the borrow unique.
                unsafe { &mut *self.ptr.add(o) }
            }
        }
    };
}

point_index!(Int, 1, |p| [p, 0, 0]);
point_index!((Int, Int), 2, |p| [p.0, p.1, 0]);
point_index!((Int, Int, Int), 3, |p| [p.0, p.1, p.2]);
point_index!([Int; 3], 3, |p| p);
