//! What a DMDA's grid and a rank's part of it look like: [`Corners`] (a box of grid
//! points) and [`DaInfo`] (`DMDAGetInfo` and `DMDAGetLocalInfo` together).

use petsc_sys as sys;

use super::{BoundaryType, Layout, StencilType};
use crate::error::{Result, check};
use crate::scalar::Int;

/// A box of grid points: `start[d] .. start[d] + len[d]` in each direction `d`
/// (x, y, z); unused directions have `start = 0`, `len = 1`.
///
/// ```
/// let c = petsc::Corners { start: [2, 0, 0], len: [3, 2, 1] };
/// assert_eq!(c.count(), 6);
/// assert_eq!(c.end(), [5, 2, 1]);
/// let pts: Vec<[petsc::Int; 3]> = c.iter().collect();
/// assert_eq!(pts[0], [2, 0, 0]);
/// assert_eq!(pts[1], [3, 0, 0]); // i runs fastest
/// assert_eq!(pts[3], [2, 1, 0]);
/// assert!(c.contains([4, 1, 0]) && !c.contains([5, 1, 0]));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Corners {
    /// First index in each direction (`xs, ys, zs`); negative for ghost points beyond a
    /// periodic or ghosted boundary.
    pub start: [Int; 3],
    /// Number of points in each direction (`xm, ym, zm`).
    pub len: [Int; 3],
}

impl Corners {
    /// One past the last index in each direction.
    pub fn end(&self) -> [Int; 3] {
        [
            self.start[0] + self.len[0],
            self.start[1] + self.len[1],
            self.start[2] + self.len[2],
        ]
    }

    /// The number of points in the box.
    pub fn count(&self) -> usize {
        self.len.iter().map(|&n| n.max(0) as usize).product()
    }

    /// Whether the point `[i, j, k]` lies in the box.
    pub fn contains(&self, p: [Int; 3]) -> bool {
        (0..3).all(|d| p[d] >= self.start[d] && p[d] < self.start[d] + self.len[d])
    }

    /// The index ranges `(xs..xe, ys..ye, zs..ze)`, for nested loops.
    ///
    /// ```
    /// let c = petsc::Corners { start: [1, 2, 0], len: [2, 1, 1] };
    /// let (x, y, z) = c.ranges();
    /// assert_eq!((x, y, z), (1..3, 2..3, 0..1));
    /// ```
    pub fn ranges(
        &self,
    ) -> (
        std::ops::Range<Int>,
        std::ops::Range<Int>,
        std::ops::Range<Int>,
    ) {
        let e = self.end();
        (
            self.start[0]..e[0],
            self.start[1]..e[1],
            self.start[2]..e[2],
        )
    }

    /// Every point `[i, j, k]` of the box, `i` fastest, then `j`, then `k` (the storage
    /// order of DMDA vectors).
    pub fn iter(&self) -> impl Iterator<Item = [Int; 3]> + use<> {
        let (x, y, z) = self.ranges();
        z.flat_map(move |k| {
            let x = x.clone();
            y.clone()
                .flat_map(move |j| x.clone().map(move |i| [i, j, k]))
        })
    }
}

/// Everything about a DMDA's grid and this rank's part of it: `DMDAGetInfo` and
/// `DMDAGetLocalInfo` together. Field names follow PETSc's `DMDALocalInfo`.
///
/// ```
/// let petsc = petsc::Petsc::init()?;
/// let da = petsc::Da::grid(&petsc.self_comm()).sizes([5, 4]).build()?;
/// let info = da.info()?;
/// assert_eq!((info.mx, info.my, info.mz), (5, 4, 1));
/// assert_eq!((info.xs, info.xm, info.ys, info.ym), (0, 5, 0, 4));
/// assert_eq!(info.procs, [1, 1, 1]);
/// assert_eq!(info.corners(), da.corners()?);
/// # Ok::<(), petsc::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DaInfo {
    /// Number of dimensions, 1 to 3.
    pub dim: usize,
    /// Values per grid point.
    pub dof: Int,
    /// Depth of the ghost region.
    pub stencil_width: Int,
    /// Shape of the ghost region.
    pub stencil_type: StencilType,
    /// Boundary types in x, y, z.
    pub boundary: [BoundaryType; 3],
    /// Number of ranks along x, y, z.
    pub procs: [Int; 3],
    /// Global number of points in x.
    pub mx: Int,
    /// Global number of points in y (1 in 1D).
    pub my: Int,
    /// Global number of points in z (1 in 1D and 2D).
    pub mz: Int,
    /// First owned x index.
    pub xs: Int,
    /// First owned y index.
    pub ys: Int,
    /// First owned z index.
    pub zs: Int,
    /// Number of owned points in x.
    pub xm: Int,
    /// Number of owned points in y.
    pub ym: Int,
    /// Number of owned points in z.
    pub zm: Int,
    /// First x index of the ghosted box.
    pub gxs: Int,
    /// First y index of the ghosted box.
    pub gys: Int,
    /// First z index of the ghosted box.
    pub gzs: Int,
    /// Number of points of the ghosted box in x.
    pub gxm: Int,
    /// Number of points of the ghosted box in y.
    pub gym: Int,
    /// Number of points of the ghosted box in z.
    pub gzm: Int,
}

impl DaInfo {
    /// The box this rank owns.
    pub fn corners(&self) -> Corners {
        Corners {
            start: [self.xs, self.ys, self.zs],
            len: [self.xm, self.ym, self.zm],
        }
    }

    /// The box of this rank's local (ghosted) vectors.
    pub fn ghost_corners(&self) -> Corners {
        Corners {
            start: [self.gxs, self.gys, self.gzs],
            len: [self.gxm, self.gym, self.gzm],
        }
    }

    /// Global sizes `[mx, my, mz]`.
    pub fn sizes(&self) -> [Int; 3] {
        [self.mx, self.my, self.mz]
    }

    /// The layout of this rank's array of a local (`ghosted`) or global vector, for
    /// views over arrays PETSc lends to callbacks.
    #[allow(dead_code)]
    pub(crate) fn layout(&self, ghosted: bool) -> Layout {
        let corners = if ghosted {
            self.ghost_corners()
        } else {
            self.corners()
        };
        Layout::new(self.dim, self.dof, corners, ghosted)
    }

    /// The information PETSc hands to `DMDA...Local` callbacks, completed with the
    /// processor grid asked of the DMDA it names.
    #[allow(dead_code)]
    pub(crate) fn from_local_info(li: &sys::DMDALocalInfo) -> Result<DaInfo> {
        let mut p: [Int; 3] = [0; 3];
        // SAFETY: `li.da` is the live DMDA PETSc filled the local info from; null output
        // pointers are skipped by DMDAGetInfo.
        check(unsafe {
            sys::DMDAGetInfo(
                li.da,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                &mut p[0],
                &mut p[1],
                &mut p[2],
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        })?;
        Ok(DaInfo {
            dim: li.dim as usize,
            dof: li.dof,
            stencil_width: li.sw,
            stencil_type: StencilType::from_raw(li.st, "Da::info")?,
            boundary: [
                BoundaryType::from_raw(li.bx, "Da::info")?,
                BoundaryType::from_raw(li.by, "Da::info")?,
                BoundaryType::from_raw(li.bz, "Da::info")?,
            ],
            procs: p,
            mx: li.mx,
            my: li.my,
            mz: li.mz,
            xs: li.xs,
            ys: li.ys,
            zs: li.zs,
            xm: li.xm,
            ym: li.ym,
            zm: li.zm,
            gxs: li.gxs,
            gys: li.gys,
            gzs: li.gzs,
            gxm: li.gxm,
            gym: li.gym,
            gzm: li.gzm,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corners_iterate_in_storage_order() {
        let c = Corners {
            start: [-1, 2, 0],
            len: [2, 2, 2],
        };
        let v: std::vec::Vec<_> = c.iter().collect();
        assert_eq!(v.len(), 8);
        assert_eq!(v[1], [0, 2, 0]);
        assert_eq!(v[2], [-1, 3, 0]);
        assert_eq!(v[4], [-1, 2, 1]);
    }
}
