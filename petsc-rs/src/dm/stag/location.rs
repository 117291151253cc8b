//! Where a degree of freedom sits relative to an element of a staggered grid
//! ([`StagLocation`]), a degree of freedom named by element, location and component
//! ([`StagStencil`]), and the halo shape ([`StagStencilType`]).

use petsc_sys as sys;

use crate::scalar::Int;

/// Declares [`StagLocation`] with PETSc's values (1 for the first, in order), its list
/// `ALL` and PETSc's names, from one list of `Variant = "NAME"`.
macro_rules! locations {
    ($(#[$meta:meta])* $first:ident = $fname:literal, $($v:ident = $name:literal,)*) => {
        $(#[$meta])*
        #[repr(u32)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[doc(alias = "DMStagStencilLocation")]
        #[allow(missing_docs)]
        pub enum StagLocation {
            $first = 1,
            $($v,)*
        }

        impl StagLocation {
            /// Every location, in PETSc's order (`BackDownLeft` first, `FrontUpRight`
            /// last).
            pub const ALL: [StagLocation; 27] = [StagLocation::$first, $(StagLocation::$v,)*];
        }

        /// PETSc's names (`DMStagStencilLocations[]`), in enum order.
        const NAMES: [&str; 27] = [$fname, $($name,)*];
    };
}

locations! {
    /// A location relative to an element of a [`Stag`](crate::Stag) grid
    /// (`DMStagStencilLocation`): the element itself, one of its faces, edges or corners.
    ///
    /// A location is an offset of -1, 0 or +1 in each direction: `Left`/`Right` in x,
    /// `Down`/`Up` in y, `Back`/`Front` in z. In 1D only `Left`, `Element` and `Right`
    /// exist; in 2D the nine without `Back`/`Front`; in 3D all 27. The stratum of a location
    /// (what [`StagBuilder::dof`](crate::StagBuilder::dof) gives its number of components)
    /// is the dimension minus the number of non-zero offsets: in 2D `DownLeft` is a vertex,
    /// `Left` an edge, `Element` the element.
    ///
    /// `Right`, `Up` and `Front` name the same points as `Left`, `Down` and `Back` of the
    /// next element: the right face of element `i` is the left face of element `i + 1`.
    ///
    /// ```
    /// use petsc::StagLocation;
    /// assert_eq!(StagLocation::DownLeft.offset(), [-1, -1, 0]);
    /// assert_eq!(StagLocation::Left.stratum(2), Some(1)); // an edge in 2D
    /// assert_eq!(StagLocation::Left.stratum(3), Some(2)); // a face in 3D
    /// assert_eq!(StagLocation::Up.stratum(1), None); // no Up in 1D
    /// assert_eq!(StagLocation::from_offset([1, 0, 0]), Some(StagLocation::Right));
    /// assert_eq!(StagLocation::FrontUpRight.name(), "FRONT_UP_RIGHT");
    /// ```
    BackDownLeft = "BACK_DOWN_LEFT",
    BackDown = "BACK_DOWN",
    BackDownRight = "BACK_DOWN_RIGHT",
    BackLeft = "BACK_LEFT",
    Back = "BACK",
    BackRight = "BACK_RIGHT",
    BackUpLeft = "BACK_UP_LEFT",
    BackUp = "BACK_UP",
    BackUpRight = "BACK_UP_RIGHT",
    DownLeft = "DOWN_LEFT",
    Down = "DOWN",
    DownRight = "DOWN_RIGHT",
    Left = "LEFT",
    Element = "ELEMENT",
    Right = "RIGHT",
    UpLeft = "UP_LEFT",
    Up = "UP",
    UpRight = "UP_RIGHT",
    FrontDownLeft = "FRONT_DOWN_LEFT",
    FrontDown = "FRONT_DOWN",
    FrontDownRight = "FRONT_DOWN_RIGHT",
    FrontLeft = "FRONT_LEFT",
    Front = "FRONT",
    FrontRight = "FRONT_RIGHT",
    FrontUpLeft = "FRONT_UP_LEFT",
    FrontUp = "FRONT_UP",
    FrontUpRight = "FRONT_UP_RIGHT",
}

const _: () = {
    assert!(
        std::mem::size_of::<StagLocation>() == std::mem::size_of::<sys::DMStagStencilLocation>()
    );
    assert!(StagLocation::Left as u32 == sys::DMStagStencilLocation::DMSTAG_LEFT.0);
    assert!(StagLocation::Element as u32 == sys::DMStagStencilLocation::DMSTAG_ELEMENT.0);
    assert!(
        StagLocation::BackDownLeft as u32 == sys::DMStagStencilLocation::DMSTAG_BACK_DOWN_LEFT.0
    );
    assert!(
        StagLocation::FrontUpRight as u32 == sys::DMStagStencilLocation::DMSTAG_FRONT_UP_RIGHT.0
    );
};

impl StagLocation {
    /// The offset `[dx, dy, dz]` of the location from the element's centre, each -1, 0
    /// or +1.
    pub fn offset(self) -> [Int; 3] {
        let v = self as Int - 1;
        [v % 3 - 1, (v / 3) % 3 - 1, v / 9 - 1]
    }

    /// The location at offset `[dx, dy, dz]` (each -1, 0 or +1), or `None`.
    pub fn from_offset(o: [Int; 3]) -> Option<StagLocation> {
        if o.iter().any(|d| !(-1..=1).contains(d)) {
            return None;
        }
        let v = (o[2] + 1) * 9 + (o[1] + 1) * 3 + (o[0] + 1);
        Some(StagLocation::ALL[v as usize])
    }

    /// PETSc's name of the location (`"LEFT"`, `"BACK_DOWN_LEFT"`, ...).
    pub fn name(self) -> &'static str {
        NAMES[self as usize - 1]
    }

    /// The stratum of the location on a `dim`-dimensional grid (0 for vertices up to
    /// `dim` for the element), or `None` if the location does not exist in `dim`
    /// dimensions (an offset in y in 1D, in z in 1D or 2D).
    pub fn stratum(self, dim: usize) -> Option<usize> {
        let o = self.offset();
        if !(1..=3).contains(&dim) || o[dim..].iter().any(|&d| d != 0) {
            return None;
        }
        Some(dim - o[..dim].iter().filter(|&&d| d != 0).count())
    }

    /// The same point named from the element whose left/down/back side it is on:
    /// `(shift, loc)` where `shift[d]` is 1 for a `Right`/`Up`/`Front` offset and `loc`
    /// has only -1 and 0 offsets.
    pub(crate) fn canonical(self) -> ([Int; 3], StagLocation) {
        let o = self.offset();
        let shift = o.map(|d| Int::from(d == 1));
        let canon = StagLocation::from_offset(o.map(|d| if d == 1 { -1 } else { d }))
            .expect("offsets stay in -1..=1");
        (shift, canon)
    }

    pub(crate) fn raw(self) -> sys::DMStagStencilLocation {
        sys::DMStagStencilLocation(self as u32)
    }
}

impl std::fmt::Display for StagLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One degree of freedom of a [`Stag`](crate::Stag) grid, named by element `(i, j, k)`
/// (global element indices; `j` and `k` are 0 where the grid has no such direction), a
/// location relative to that element and a component (`DMStagStencil`). Laid out as
/// PETSc's struct.
///
/// ```
/// use petsc::{StagLocation, StagStencil};
/// let s = StagStencil::new(3, 0, 0, StagLocation::Left, 0);
/// assert_eq!((s.i, s.loc, s.c), (3, StagLocation::Left, 0));
/// ```
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[doc(alias = "DMStagStencil")]
pub struct StagStencil {
    /// Where the degree of freedom sits relative to the element.
    pub loc: StagLocation,
    /// Element index in x.
    pub i: Int,
    /// Element index in y (0 in 1D).
    pub j: Int,
    /// Element index in z (0 in 1D and 2D).
    pub k: Int,
    /// Component, below the number of degrees of freedom at `loc`.
    pub c: Int,
}

const _: () = {
    assert!(std::mem::size_of::<StagStencil>() == std::mem::size_of::<sys::DMStagStencil>());
    assert!(
        std::mem::offset_of!(StagStencil, loc) == std::mem::offset_of!(sys::DMStagStencil, loc)
    );
    assert!(std::mem::offset_of!(StagStencil, i) == std::mem::offset_of!(sys::DMStagStencil, i));
    assert!(std::mem::offset_of!(StagStencil, j) == std::mem::offset_of!(sys::DMStagStencil, j));
    assert!(std::mem::offset_of!(StagStencil, k) == std::mem::offset_of!(sys::DMStagStencil, k));
    assert!(std::mem::offset_of!(StagStencil, c) == std::mem::offset_of!(sys::DMStagStencil, c));
};

impl StagStencil {
    /// Component `c` at location `loc` of element `(i, j, k)`.
    #[inline]
    pub fn new(i: Int, j: Int, k: Int, loc: StagLocation, c: Int) -> StagStencil {
        StagStencil { loc, i, j, k, c }
    }
}

crate::c_enum! {
    /// Which neighbouring elements a rank's local vectors hold (`DMStagStencilType`).
    #[doc(alias = "DMStagStencilType")]
    pub StagStencilType: sys::DMStagStencilType {
        None = DMSTAG_STENCIL_NONE "no ghost elements (the stencil width must be 0 in 2D and 3D).",
        Star = DMSTAG_STENCIL_STAR "ghost elements along the axes only.",
        Box = DMSTAG_STENCIL_BOX "the whole box of ghost elements, corners included.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_round_trip_in_petsc_order() {
        for (n, loc) in StagLocation::ALL.iter().enumerate() {
            assert_eq!(*loc as usize, n + 1);
            assert_eq!(StagLocation::from_offset(loc.offset()), Some(*loc));
        }
        assert_eq!(StagLocation::Element.offset(), [0, 0, 0]);
        assert_eq!(StagLocation::Up.offset(), [0, 1, 0]);
        assert_eq!(StagLocation::Back.offset(), [0, 0, -1]);
        assert_eq!(StagLocation::from_offset([2, 0, 0]), None);
    }

    #[test]
    fn strata_and_canonical_forms() {
        assert_eq!(StagLocation::Element.stratum(1), Some(1));
        assert_eq!(StagLocation::Right.stratum(1), Some(0));
        assert_eq!(StagLocation::DownLeft.stratum(1), None);
        assert_eq!(StagLocation::BackDownLeft.stratum(3), Some(0));
        assert_eq!(StagLocation::BackDown.stratum(3), Some(1));
        assert_eq!(StagLocation::Back.stratum(3), Some(2));
        assert_eq!(StagLocation::Back.stratum(2), None);
        assert_eq!(
            StagLocation::UpRight.canonical(),
            ([1, 1, 0], StagLocation::DownLeft)
        );
        assert_eq!(
            StagLocation::Right.canonical(),
            ([1, 0, 0], StagLocation::Left)
        );
        assert_eq!(
            StagLocation::Down.canonical(),
            ([0, 0, 0], StagLocation::Down)
        );
    }
}
