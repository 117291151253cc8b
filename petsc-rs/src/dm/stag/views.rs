//! Array views of DMStag local vectors indexed by element and slot, as
//! `DMStagVecGetArray` gives them in C (`arr[j][i][slot]`): [`StagView`] and
//! [`StagViewMut`], restored on drop, every access checked.

use std::ops::{Index, IndexMut};

use super::{Geometry, Stag, StagStencil};
use crate::dm::Corners;
use crate::error::Result;
use crate::scalar::{Int, Scalar};
use crate::vec::{VecView, VecViewMut, Vector};

impl Stag {
    /// A read-only view of the local vector `local` indexed by global element and slot
    /// (`DMStagVecGetArrayRead`), restored on drop: `v[(i, slot)]` in 1D, `v[(i, j,
    /// slot)]` in 2D, `v[(i, j, k, slot)]` in 3D, for elements of
    /// [`ghost_corners`](Self::ghost_corners) and slots from
    /// [`location_slot`](Self::location_slot); or [`get`](StagView::get) by
    /// [`StagStencil`]. Every access is checked: an element outside the local box, a
    /// slot reaching past it, or a location the grid lacks panics with a message
    /// naming them.
    ///
    /// Only local vectors have this layout (global vectors leave out the partial
    /// elements' unused entries); any other vector is an `Err`.
    ///
    /// ```
    /// use petsc::{DmBase, InsertMode, Stag, StagLocation::*};
    /// let petsc = petsc::Petsc::init()?;
    /// let stag = Stag::grid(&petsc.self_comm()).sizes([3]).dof(&[1, 1]).build()?;
    /// let mut g = stag.create_global_vector()?;
    /// g.set(2.0)?;
    /// let mut l = stag.create_local_vector()?;
    /// stag.global_to_local(&g, InsertMode::Insert, &mut l)?;
    /// let v = stag.view(&l)?;
    /// let (left, elem) = (stag.location_slot(Left, 0)?, stag.location_slot(Element, 0)?);
    /// assert_eq!((v[(0, left)], v[(2, elem)], v[(3, left)]), (2.0, 2.0, 2.0));
    /// assert!(stag.view(&g).is_err()); // a global vector
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMStagVecGetArrayRead")]
    pub fn view<'v>(&self, local: &'v Vector) -> Result<StagView<'v>> {
        self.check_local("Stag::view", local)?;
        Ok(StagView {
            array: local.view()?,
            geometry: self.geometry()?,
        })
    }

    /// A writable view of the local vector `local` indexed by global element and slot
    /// (`DMStagVecGetArray`), restored on drop; access as for [`view`](Self::view), and
    /// assignment `v[(i, j, slot)] = x` or [`set`](StagViewMut::set) by stencil.
    ///
    /// ```
    /// use petsc::{DmBase, InsertMode, Stag, StagLocation::*, StagStencil};
    /// let petsc = petsc::Petsc::init()?;
    /// let stag = Stag::grid(&petsc.self_comm()).sizes([2, 2]).dof(&[0, 1, 0]).build()?;
    /// let mut l = stag.create_local_vector()?;
    /// {
    ///     let mut v = stag.view_mut(&mut l)?;
    ///     let right = stag.location_slot(Right, 0)?;
    ///     v[(1, 0, right)] = 5.0; // the right edge of element (1, 0)
    ///     assert_eq!(v.get(StagStencil::new(2, 0, 0, Left, 0)), 5.0); // the same edge
    /// }
    /// let mut g = stag.create_global_vector()?;
    /// stag.local_to_global(&l, InsertMode::Insert, &mut g)?;
    /// assert_eq!(g.sum()?, 5.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMStagVecGetArray")]
    pub fn view_mut<'v>(&self, local: &'v mut Vector) -> Result<StagViewMut<'v>> {
        self.check_local("Stag::view_mut", local)?;
        let geometry = self.geometry()?;
        Ok(StagViewMut {
            array: local.view_mut()?,
            geometry,
        })
    }
}

/// A read-only view of a DMStag local vector by element and slot; made by
/// [`Stag::view`], restored on drop. It borrows the vector, so it cannot outlive it:
///
/// ```compile_fail,E0597
/// use petsc::{DmBase, Stag};
/// let petsc = petsc::Petsc::init()?;
/// let stag = Stag::grid(&petsc.self_comm()).sizes([2]).dof(&[1, 1]).build()?;
/// let v = {
///     let l = stag.create_local_vector()?;
///     stag.view(&l)?
/// };
/// println!("{}", v[(0, 0)]);
/// # Ok::<(), petsc::Error>(())
/// ```
pub struct StagView<'v> {
    array: VecView<'v>,
    geometry: Geometry,
}

/// A writable view of a DMStag local vector by element and slot; made by
/// [`Stag::view_mut`], restored on drop. Nothing else touches the vector meanwhile:
///
/// ```compile_fail,E0499
/// use petsc::{DmBase, Stag};
/// let petsc = petsc::Petsc::init()?;
/// let stag = Stag::grid(&petsc.self_comm()).sizes([2]).dof(&[1, 1]).build()?;
/// let mut l = stag.create_local_vector()?;
/// let mut w = stag.view_mut(&mut l)?;
/// l.set(1.0)?;
/// w[(0, 0)] = 2.0;
/// # Ok::<(), petsc::Error>(())
/// ```
pub struct StagViewMut<'v> {
    array: VecViewMut<'v>,
    geometry: Geometry,
}

/// The offset of slot `slot` of element `p` given with `arity` indices, or a panic.
#[inline(always)]
#[track_caller]
fn slot_offset(g: &Geometry, p: [Int; 3], slot: Int, arity: usize) -> usize {
    if arity != g.dim {
        bad_arity(g, arity)
    }
    match g.slot_index(p, slot) {
        Some(o) => o,
        None => bad_slot(g, p, slot),
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn bad_arity(g: &Geometry, arity: usize) -> ! {
    panic!(
        "DMStag view: {arity} element index(es) given for a {}-dimensional grid; index with \
         ({}slot)",
        g.dim,
        ["i, ", "i, j, ", "i, j, k, "][g.dim - 1]
    )
}

#[cold]
#[inline(never)]
#[track_caller]
fn bad_slot(g: &Geometry, p: [Int; 3], slot: Int) -> ! {
    panic!("DMStag view: {}", g.slot_error(p, slot))
}

/// The offset of a stencil's entry, or a panic.
#[inline]
#[track_caller]
fn stencil_offset(g: &Geometry, s: StagStencil) -> usize {
    match g.local_index([s.i, s.j, s.k], s.loc, s.c) {
        Ok(o) => o,
        Err(e) => panic!("DMStag view: {e}"),
    }
}

/// The views' shared parts: `common` the read methods of both views, `index TYPE,
/// ARITY, |p| (POINT, SLOT)` their indexing by a tuple of `ARITY` coordinates and a slot.
macro_rules! stag_view {
    (common) => {
        /// The elements the view covers (the local vector's ghosted box).
        pub fn ghost_corners(&self) -> Corners {
            self.geometry.ghost
        }

        /// Entries per element (`DMStagGetEntriesPerElement`).
        #[doc(alias = "DMStagGetEntriesPerElement")]
        pub fn entries_per_element(&self) -> Int {
            self.geometry.epe
        }

        /// The value at stencil `s` (element, location, component); panics where the
        /// grid has no such location or component or the point is outside the view.
        #[inline]
        #[track_caller]
        pub fn get(&self, s: StagStencil) -> Scalar {
            self.array[stencil_offset(&self.geometry, s)]
        }

        /// The whole array, in storage order (slot fastest, then `i`, `j`, `k`).
        pub fn as_slice(&self) -> &[Scalar] {
            &self.array
        }
    };
    (index $idx:ty, $arity:expr, |$p:ident| ($point:expr, $slot:expr)) => {
        impl Index<$idx> for StagView<'_> {
            type Output = Scalar;
            #[inline(always)]
            #[track_caller]
            fn index(&self, $p: $idx) -> &Scalar {
                &self.array[slot_offset(&self.geometry, $point, $slot, $arity)]
            }
        }
        impl Index<$idx> for StagViewMut<'_> {
            type Output = Scalar;
            #[inline(always)]
            #[track_caller]
            fn index(&self, $p: $idx) -> &Scalar {
                &self.array[slot_offset(&self.geometry, $point, $slot, $arity)]
            }
        }
        impl IndexMut<$idx> for StagViewMut<'_> {
            #[inline(always)]
            #[track_caller]
            fn index_mut(&mut self, $p: $idx) -> &mut Scalar {
                let o = slot_offset(&self.geometry, $point, $slot, $arity);
                &mut self.array[o]
            }
        }
    };
}

impl StagView<'_> {
    stag_view!(common);
}

impl StagViewMut<'_> {
    stag_view!(common);

    /// Sets the value at stencil `s`; panics as [`get`](Self::get).
    #[inline]
    #[track_caller]
    pub fn set(&mut self, s: StagStencil, v: impl Into<Scalar>) {
        let o = stencil_offset(&self.geometry, s);
        self.array[o] = v.into();
    }

    /// The whole array, writable, in storage order.
    pub fn as_mut_slice(&mut self) -> &mut [Scalar] {
        &mut self.array
    }
}

stag_view!(index(Int, Int), 1, |p| ([p.0, 0, 0], p.1));
stag_view!(index(Int, Int, Int), 2, |p| ([p.0, p.1, 0], p.2));
stag_view!(index(Int, Int, Int, Int), 3, |p| ([p.0, p.1, p.2], p.3));

impl std::fmt::Debug for StagView<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StagView")
            .field("ghost_corners", &self.geometry.ghost)
            .field("entries_per_element", &self.geometry.epe)
            .finish()
    }
}

impl std::fmt::Debug for StagViewMut<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StagViewMut")
            .field("ghost_corners", &self.geometry.ghost)
            .field("entries_per_element", &self.geometry.epe)
            .finish()
    }
}
