//! Arrays of any scalar type laid out as a DMDA's local or global vector and indexed by
//! global grid point, as [`DaView`](crate::DaView) and [`DaViewMut`](crate::DaViewMut)
//! are: what a residual written once over [`AdScalar`](super::AdScalar) reads and
//! writes, with PETSc's numbers or with dual numbers.

use std::ops::{Index, IndexMut};

use crate::dm::{Corners, Layout};
use crate::scalar::Int;

/// A read-only array of a DMDA's points, indexed by global grid point: the ghosted
/// input of a residual written over a generic scalar `T` (PETSc's numbers, or dual
/// numbers when petsc-rs differentiates it).
///
/// Access as for [`DaView`](crate::DaView): `x[i]`, `x[(i, j)]`, `x[(i, j, k)]`,
/// `x[[i, j, k]]` on one-component grids, [`get(point, c)`](Self::get) and
/// [`at(point)`](Self::at) otherwise. Every access is checked; a point outside the box
/// panics naming the point and the box.
///
/// ```
/// use petsc::ad::{DaArray, DaResidual, DaArrayMut, AdScalar};
/// use petsc::DaInfo;
/// // The residual of x^3 = 8 at every point, written once for every scalar type.
/// struct Cube;
/// impl DaResidual for Cube {
///     fn residual<T: AdScalar>(&self, info: &DaInfo, x: &DaArray<'_, T>, f: &mut DaArrayMut<'_, T>) -> petsc::Result<()> {
///         for i in info.xs..info.xs + info.xm {
///             f[i] = x[i].powi(3) - 8.0;
///         }
///         Ok(())
///     }
/// }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct DaArray<'a, T> {
    data: &'a [T],
    layout: Layout,
}

/// A writable array of a DMDA's points, indexed by global grid point: the output of a
/// residual written over a generic scalar. Indexing as for [`DaArray`] (`f[(i, j)]`,
/// also assigned to), [`get`](Self::get), [`set`](Self::set), [`at_mut`](Self::at_mut),
/// and [`as_array`](Self::as_array) for the rest of [`DaArray`]'s reading.
#[derive(Debug)]
pub struct DaArrayMut<'a, T> {
    data: &'a mut [T],
    layout: Layout,
}

impl<T: Copy> DaArray<'_, T> {
    /// The box of grid points the array covers (ghosted for an input, owned for an
    /// output).
    pub fn corners(&self) -> Corners {
        self.layout.corners
    }

    /// Components per grid point.
    pub fn dof(&self) -> Int {
        self.layout.dof
    }

    /// Component `c` at grid point `[i, j, k]` (unused directions 0).
    #[inline(always)]
    #[track_caller]
    pub fn get(&self, p: [Int; 3], c: Int) -> T {
        self.data[self.layout.offset(p, c)]
    }

    /// All `dof` components at grid point `[i, j, k]`.
    #[inline(always)]
    #[track_caller]
    pub fn at(&self, p: [Int; 3]) -> &[T] {
        let o = self.layout.offset(p, 0);
        &self.data[o..o + self.layout.dof as usize]
    }

    /// The whole array in storage order (`c` fastest, then `i`, `j`, `k`).
    pub fn as_slice(&self) -> &[T] {
        self.data
    }
}

impl<'a, T> DaArray<'a, T> {
    /// `data` laid out as `layout` (the caller checked the length).
    #[cfg_attr(petsc_complex, allow(dead_code))]
    pub(crate) fn new(data: &'a [T], layout: Layout) -> Self {
        debug_assert_eq!(data.len(), layout.len());
        DaArray { data, layout }
    }
}

impl<'a, T: Copy> DaArrayMut<'a, T> {
    /// `data` laid out as `layout` (the caller checked the length).
    #[cfg_attr(petsc_complex, allow(dead_code))]
    pub(crate) fn new(data: &'a mut [T], layout: Layout) -> Self {
        debug_assert_eq!(data.len(), layout.len());
        DaArrayMut { data, layout }
    }

    /// The array read-only, with [`DaArray`]'s access (`get`, `at`, `as_slice`).
    pub fn as_array(&self) -> DaArray<'_, T> {
        DaArray {
            data: self.data,
            layout: self.layout,
        }
    }

    /// The box of grid points the array covers (the owned box of an output).
    pub fn corners(&self) -> Corners {
        self.layout.corners
    }

    /// Components per grid point.
    pub fn dof(&self) -> Int {
        self.layout.dof
    }

    /// Component `c` at grid point `[i, j, k]`.
    #[inline(always)]
    #[track_caller]
    pub fn get(&self, p: [Int; 3], c: Int) -> T {
        self.as_array().get(p, c)
    }

    /// Sets component `c` at grid point `[i, j, k]` to `v`.
    #[inline(always)]
    #[track_caller]
    pub fn set(&mut self, p: [Int; 3], c: Int, v: T) {
        let o = self.layout.offset(p, c);
        self.data[o] = v;
    }

    /// All `dof` components at grid point `[i, j, k]`, writable.
    #[inline(always)]
    #[track_caller]
    pub fn at_mut(&mut self, p: [Int; 3]) -> &mut [T] {
        let o = self.layout.offset(p, 0);
        let dof = self.layout.dof as usize;
        &mut self.data[o..o + dof]
    }
}

/// How a grid point is written as an index of [`DaArray`] and [`DaArrayMut`]: `i`,
/// `(i, j)`, `(i, j, k)` or `[i, j, k]` on one-component grids, with as many indices as
/// the grid has dimensions (more are allowed when 0).
pub trait GridIndex: Copy {
    /// The point (unused directions 0) and how many indices were given.
    fn point(self) -> ([Int; 3], usize);
}

impl GridIndex for Int {
    fn point(self) -> ([Int; 3], usize) {
        ([self, 0, 0], 1)
    }
}

impl GridIndex for (Int, Int) {
    fn point(self) -> ([Int; 3], usize) {
        ([self.0, self.1, 0], 2)
    }
}

impl GridIndex for (Int, Int, Int) {
    fn point(self) -> ([Int; 3], usize) {
        ([self.0, self.1, self.2], 3)
    }
}

impl GridIndex for [Int; 3] {
    fn point(self) -> ([Int; 3], usize) {
        (self, 3)
    }
}

impl<T, I: GridIndex> Index<I> for DaArray<'_, T> {
    type Output = T;
    #[inline(always)]
    #[track_caller]
    fn index(&self, i: I) -> &T {
        let (p, arity) = i.point();
        &self.data[self.layout.point_offset(p, arity)]
    }
}

impl<T, I: GridIndex> Index<I> for DaArrayMut<'_, T> {
    type Output = T;
    #[inline(always)]
    #[track_caller]
    fn index(&self, i: I) -> &T {
        let (p, arity) = i.point();
        &self.data[self.layout.point_offset(p, arity)]
    }
}

impl<T, I: GridIndex> IndexMut<I> for DaArrayMut<'_, T> {
    #[inline(always)]
    #[track_caller]
    fn index_mut(&mut self, i: I) -> &mut T {
        let (p, arity) = i.point();
        &mut self.data[self.layout.point_offset(p, arity)]
    }
}
