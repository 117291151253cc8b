//! The points of each cell of a particle-in-cell swarm (`DMSwarmSort...`): after
//! [`Swarm::sort_get_access`], the indices of this rank's points in a cell of the cell
//! DM, until [`Swarm::sort_restore_access`].
//!
//! ```
//! use petsc::{Da, DmBase, StencilType, Swarm, SwarmPicLayout, SwarmType};
//! let petsc = petsc::Petsc::init()?;
//! let comm = petsc.self_comm();
//! // 2 x 2 cells; PETSc lists a DMDA's cells with a box stencil.
//! let mut da = Da::grid(&comm).sizes([3, 3]).stencil(StencilType::Box).build()?;
//! da.set_uniform_coordinates_to([(0.0, 1.0), (0.0, 1.0)])?;
//! let mut sw = Swarm::new(&comm, 2)?;
//! sw.set_type(SwarmType::Pic)?;
//! sw.set_cell_dm(&da)?;
//! sw.finalize_field_register()?;
//! sw.insert_point_using_cell_dm(SwarmPicLayout::Regular, 2)?; // 2 x 2 a cell
//! sw.sort_get_access()?;
//! assert_eq!(sw.sort_get_sizes()?, (4, 16));
//! assert_eq!(sw.sort_get_points_per_cell(3)?.len(), 4);
//! assert!(sw.sort_get_number_of_points_per_cell(4).is_err()); // no such cell
//! sw.sort_restore_access()?;
//! # Ok::<(), petsc::Error>(())
//! ```

use petsc_sys as sys;

use super::Swarm;
use crate::error::{Result, check};
use crate::scalar::Int;

impl Swarm {
    crate::methods![for Swarm;
        /// Lists the points of each cell (`DMSwarmSortGetAccess`), for the queries below,
        /// until [`sort_restore_access`](Self::sort_restore_access). Points added later
        /// are not in the lists.
        pub fn sort_get_access(&mut self) = DMSwarmSortGetAccess as "DMSwarmSortGetAccess";
        /// Ends the queries of [`sort_get_access`](Self::sort_get_access)
        /// (`DMSwarmSortRestoreAccess`).
        pub fn sort_restore_access(&mut self)
            = DMSwarmSortRestoreAccess as "DMSwarmSortRestoreAccess";
        /// Whether the lists of [`sort_get_access`](Self::sort_get_access) are there
        /// (`DMSwarmSortGetIsValid`).
        pub fn sort_get_is_valid(&self) -> bool = DMSwarmSortGetIsValid as "DMSwarmSortGetIsValid";
        /// The number of this rank's points in `cell` (`DMSwarmSortGetNumberOfPointsPerCell`);
        /// a cell that is not this rank's is an `Err`.
        pub fn sort_get_number_of_points_per_cell(&self, cell: Int) -> Int
            = DMSwarmSortGetNumberOfPointsPerCell as "DMSwarmSortGetNumberOfPointsPerCell";
    ];

    /// The numbers of cells and of points the lists cover (`DMSwarmSortGetSizes`).
    #[doc(alias = "DMSwarmSortGetSizes")]
    pub fn sort_get_sizes(&self) -> Result<(Int, Int)> {
        let (mut nc, mut np): (Int, Int) = (0, 0);
        // SAFETY: live DMSwarm; PETSc writes both counts.
        check(unsafe { sys::DMSwarmSortGetSizes(self.ptr, &mut nc, &mut np) })?;
        Ok((nc, np))
    }

    /// The indices of this rank's points in `cell` (`DMSwarmSortGetPointsPerCell`); a
    /// cell that is not this rank's is an `Err`.
    #[doc(alias = "DMSwarmSortGetPointsPerCell")]
    pub fn sort_get_points_per_cell(&self, cell: Int) -> Result<Vec<Int>> {
        let mut n: Int = 0;
        let mut list: *mut Int = std::ptr::null_mut();
        // SAFETY: live DMSwarm; PETSc checks the cell and writes the count and a list.
        check(unsafe { sys::DMSwarmSortGetPointsPerCell(self.ptr, cell, &mut n, &mut list) })?;
        let out = if list.is_null() || n <= 0 {
            Vec::new()
        } else {
            // SAFETY: PETSc wrote `n` indices.
            unsafe { std::slice::from_raw_parts(list, n as usize) }.to_vec()
        };
        // SAFETY: the list PETSc made above, given back once (a work array from 3.23,
        // PETSc's allocation before).
        #[cfg(petsc_3_23)]
        check(unsafe { sys::DMSwarmSortRestorePointsPerCell(self.ptr, cell, &mut n, &mut list) })?;
        #[cfg(not(petsc_3_23))]
        if !list.is_null() {
            // SAFETY: as above.
            check(unsafe { sys::petscrs_PetscFree(list.cast()) })?;
        }
        Ok(out)
    }
}
