//! The index arithmetic of a rank's local (ghosted) array of a staggered grid: every
//! element of the ghosted box holds `entries_per_element` values, its own degrees of
//! freedom and those of its left/down/back faces, edges and corner, in PETSc's order.
//! A `Right`/`Up`/`Front` location is stored with the next element.

use super::StagLocation;
use crate::dm::Corners;
use crate::scalar::Int;

/// The parts of a set-up DMStag that indexing needs, cached in the handle (the layout
/// never changes after `DMSetUp`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Geometry {
    pub(crate) dim: usize,
    /// Degrees of freedom per stratum (vertex, edge, face, element; 0 past the dimension).
    pub(crate) dof: [Int; 4],
    pub(crate) epe: Int,
    /// Owned elements (unused directions `0..1`).
    pub(crate) owned: Corners,
    /// Partial elements past the owned ones on a non-periodic right/top/front boundary.
    pub(crate) extra: [Int; 3],
    /// The elements of a local vector, ghosts included.
    pub(crate) ghost: Corners,
    /// Global sizes in elements (1 past the dimension).
    pub(crate) sizes: [Int; 3],
    pub(crate) entries: Int,
    pub(crate) entries_local: Int,
    /// Offset inside an element of the first component of each location's canonical
    /// form (`ALL` order; 0 for locations the grid does not have).
    offsets: [Int; 27],
}

impl Geometry {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        dim: usize,
        dof: [Int; 4],
        epe: Int,
        owned: Corners,
        extra: [Int; 3],
        ghost: Corners,
        sizes: [Int; 3],
        entries: (Int, Int),
    ) -> Geometry {
        let mut offsets = [0; 27];
        for (n, loc) in StagLocation::ALL.iter().enumerate() {
            let (_, canon) = loc.canonical();
            // The canonical locations come in PETSc's storage order (the enum's): sum
            // the components of those before this one.
            offsets[n] = StagLocation::ALL
                .iter()
                .take_while(|&&q| q < canon)
                .filter(|q| q.offset().iter().all(|&d| d <= 0))
                .filter_map(|q| q.stratum(dim).map(|s| dof[s]))
                .sum();
        }
        Geometry {
            dim,
            dof,
            epe,
            owned,
            extra,
            ghost,
            sizes,
            entries: entries.0,
            entries_local: entries.1,
            offsets,
        }
    }

    /// The number of components at `loc`, `None` where the grid has no such location.
    pub(crate) fn location_dof(&self, loc: StagLocation) -> Option<Int> {
        loc.stratum(self.dim).map(|s| self.dof[s])
    }

    /// Checks that `loc` exists on this grid and `c` is one of its components.
    pub(crate) fn check_component(&self, loc: StagLocation, c: Int) -> Result<(), String> {
        let Some(n) = self.location_dof(loc) else {
            return Err(format!(
                "location {loc} does not exist on a {}-dimensional grid",
                self.dim
            ));
        };
        if c < 0 || c >= n {
            return Err(format!(
                "component {c} at {loc} is not in 0..{n} (the grid's degrees of freedom there)"
            ));
        }
        Ok(())
    }

    /// The position of element `q` (inside the ghosted box) in the local array, in
    /// elements.
    #[inline(always)]
    fn element(&self, q: [Int; 3]) -> usize {
        let (s, n) = (self.ghost.start, self.ghost.len);
        (((q[2] - s[2]) * n[1] + (q[1] - s[1])) * n[0] + (q[0] - s[0])) as usize
    }

    fn describe_box(&self) -> String {
        let (s, e) = (self.ghost.start, self.ghost.end());
        match self.dim {
            1 => format!("i in {}..{}", s[0], e[0]),
            2 => format!("i in {}..{}, j in {}..{}", s[0], e[0], s[1], e[1]),
            _ => format!(
                "i in {}..{}, j in {}..{}, k in {}..{}",
                s[0], e[0], s[1], e[1], s[2], e[2]
            ),
        }
    }

    /// Refuses element indices in directions the grid does not have.
    fn check_unused(&self, p: [Int; 3]) -> Result<(), String> {
        const AXES: [&str; 3] = ["i", "j", "k"];
        for d in self.dim..3 {
            if p[d] != 0 {
                return Err(format!(
                    "element index {} = {} must be 0 on a {}-dimensional grid",
                    AXES[d], p[d], self.dim
                ));
            }
        }
        Ok(())
    }

    /// The index in a local array of component `c` at `loc` of element `p`
    /// (`DMStagStencilToIndexLocal`), or what is wrong: a location the grid does not
    /// have, a component past its degrees of freedom there, or a point outside this
    /// rank's ghosted box.
    pub(crate) fn local_index(
        &self,
        p: [Int; 3],
        loc: StagLocation,
        c: Int,
    ) -> Result<usize, String> {
        self.check_component(loc, c)?;
        self.check_unused(p)?;
        let (shift, canon) = loc.canonical();
        let q = [p[0] + shift[0], p[1] + shift[1], p[2] + shift[2]];
        if !self.ghost.contains(q) {
            let on = if q == p {
                String::new()
            } else {
                format!(" (stored with element ({}, {}, {}))", q[0], q[1], q[2])
            };
            return Err(format!(
                "{loc} of element ({}, {}, {}){on} is outside this rank's local elements {}",
                p[0],
                p[1],
                p[2],
                self.describe_box()
            ));
        }
        Ok(self.element(q) * self.epe as usize + (self.offsets[canon as usize - 1] + c) as usize)
    }

    /// The index in a local array of slot `slot` of element `p` (`arr[k][j][i][slot]` of
    /// `DMStagVecGetArray`). A slot from [`Stag::location_slot`](crate::Stag::location_slot)
    /// of a `Right`/`Up`/`Front` location reaches past the element into the next ones,
    /// as in C; the entry must still be in the ghosted box, on an element at most one
    /// step right, up and front of `p`.
    #[inline(always)]
    pub(crate) fn slot_index(&self, p: [Int; 3], slot: Int) -> Option<usize> {
        if !self.ghost.contains(p) || slot < 0 {
            return None;
        }
        let flat = self.element(p) * self.epe as usize + slot as usize;
        if slot < self.epe {
            return Some(flat);
        }
        self.far_slot(p, flat)
    }

    #[cold]
    fn far_slot(&self, p: [Int; 3], flat: usize) -> Option<usize> {
        if flat >= self.entries_local.max(0) as usize {
            return None;
        }
        let e = (flat / self.epe as usize) as Int;
        let n = self.ghost.len;
        let q = [
            self.ghost.start[0] + e % n[0],
            self.ghost.start[1] + (e / n[0]) % n[1],
            self.ghost.start[2] + e / (n[0] * n[1]),
        ];
        (0..3)
            .all(|d| (0..=1).contains(&(q[d] - p[d])))
            .then_some(flat)
    }

    /// The message of a bad slot index.
    pub(crate) fn slot_error(&self, p: [Int; 3], slot: Int) -> String {
        if let Err(e) = self.check_unused(p) {
            return e;
        }
        if !self.ghost.contains(p) {
            return format!(
                "element ({}, {}, {}) is outside this rank's local elements {}",
                p[0],
                p[1],
                p[2],
                self.describe_box()
            );
        }
        format!(
            "slot {slot} of element ({}, {}, {}) is not a location slot of it (0..{} for \
             its own entries, or a slot of a Right/Up/Front location whose element is in \
             the local box {})",
            p[0],
            p[1],
            p[2],
            self.epe,
            self.describe_box()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geometry(dim: usize, dof: [Int; 4], ghost: Corners) -> Geometry {
        let epe = match dim {
            1 => dof[0] + dof[1],
            2 => dof[0] + 2 * dof[1] + dof[2],
            _ => dof[0] + 3 * dof[1] + 3 * dof[2] + dof[3],
        };
        let n = ghost.count() as Int * epe;
        Geometry::new(dim, dof, epe, ghost, [0; 3], ghost, [1; 3], (n, n))
    }

    #[test]
    fn canonical_offsets_follow_petsc_order() {
        let box2 = Corners {
            start: [0, 0, 0],
            len: [3, 3, 1],
        };
        // 2D: DownLeft (d0), Down (d1), Left (d1), Element (d2).
        let g = geometry(2, [1, 2, 3, 0], box2);
        assert_eq!(g.epe, 8);
        let at = |loc, c| g.local_index([0, 0, 0], loc, c).unwrap();
        assert_eq!(at(StagLocation::DownLeft, 0), 0);
        assert_eq!(at(StagLocation::Down, 1), 2);
        assert_eq!(at(StagLocation::Left, 0), 3);
        assert_eq!(at(StagLocation::Element, 2), 7);
        assert_eq!(at(StagLocation::Right, 0), 8 + 3);
        assert_eq!(at(StagLocation::Up, 0), 3 * 8 + 1);
        assert!(g.local_index([0, 0, 0], StagLocation::Element, 3).is_err());
        assert!(g.local_index([0, 0, 0], StagLocation::Back, 0).is_err());
        assert!(g.local_index([2, 0, 0], StagLocation::Right, 0).is_err());
        assert!(g.local_index([-1, 0, 0], StagLocation::Right, 0).is_ok());
        // 3D: BDL d0, BD d1, BL d1, B d2, DL d1, D d2, L d2, E d3.
        let box3 = Corners {
            start: [0, 0, 0],
            len: [2, 2, 2],
        };
        let g = geometry(3, [1, 10, 100, 1000], box3);
        let at = |loc| g.local_index([0, 0, 0], loc, 0).unwrap();
        assert_eq!(at(StagLocation::BackDown), 1);
        assert_eq!(at(StagLocation::BackLeft), 11);
        assert_eq!(at(StagLocation::Back), 21);
        assert_eq!(at(StagLocation::DownLeft), 121);
        assert_eq!(at(StagLocation::Down), 131);
        assert_eq!(at(StagLocation::Left), 231);
        assert_eq!(at(StagLocation::Element), 331);
    }

    #[test]
    fn slots_reach_one_element_at_most() {
        let g = geometry(
            1,
            [1, 1, 0, 0],
            Corners {
                start: [-1, 0, 0],
                len: [4, 1, 1],
            },
        );
        assert_eq!(g.slot_index([-1, 0, 0], 1), Some(1));
        assert_eq!(g.slot_index([1, 0, 0], 2), Some(6)); // Right of element 1
        assert_eq!(g.slot_index([2, 0, 0], 2), None); // past the box
        assert_eq!(g.slot_index([0, 0, 0], 4), None); // two elements on
        assert_eq!(g.slot_index([3, 0, 0], 0), None);
        let g = geometry(
            2,
            [1, 0, 0, 0],
            Corners {
                start: [0, 0, 0],
                len: [2, 2, 1],
            },
        );
        // Element (1, 0) + epe lands on (0, 1): a wrap, not a neighbour.
        assert_eq!(g.slot_index([1, 0, 0], 1), None);
        assert_eq!(g.slot_index([0, 0, 0], 1), Some(1));
        assert_eq!(g.slot_index([0, 0, 0], 3), Some(3)); // up-right
    }
}
