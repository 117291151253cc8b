//! The local-to-global mapping a star forest defines (`ISLocalToGlobalMappingCreateSF`):
//! kept beside the star forest so that `lgmap` does not import `sf`.

use petsc_sys as sys;

use super::StarForest;
use crate::error::{Error, Result, check};
use crate::lgmap::LgMap;
use crate::object::Object;
use crate::scalar::Int;

impl LgMap {
    /// The mapping that numbers each leaf of `sf` by its root: root `i` of a rank is
    /// global index `start + i` there, `start` being that rank's first global index
    /// (`ISLocalToGlobalMappingCreateSF`; collective). The leaves must be contiguous
    /// (a graph set without leaf locations).
    ///
    /// ```
    /// use petsc::{LgMap, SfNode, StarForest};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut sf = StarForest::new(&petsc.self_comm())?;
    /// let node = |index| SfNode { rank: 0, index };
    /// sf.set_graph(3, None, &[node(2), node(0)])?;
    /// let map = LgMap::from_sf(&sf, 10)?;
    /// assert_eq!(map.apply(&[0, 1])?, [12, 10]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISLocalToGlobalMappingCreateSF")]
    pub fn from_sf(sf: &StarForest, start: Int) -> Result<LgMap> {
        const CTX: &str = "LgMap::from_sf";
        let comm = Object::comm(sf);
        let local = sf.graph().and_then(|g| {
            if g.leaves.is_some() {
                Err(Error::invalid(
                    CTX,
                    "the star forest's leaves have explicit locations; the mapping needs contiguous leaves",
                ))
            } else if start < 0 || start.checked_add(g.nroots).is_none() {
                Err(Error::out_of_range(
                    CTX,
                    format!("start {start} with {} roots is not a range of PetscInt", g.nroots),
                ))
            } else {
                Ok(())
            }
        });
        comm.agree(CTX, local)?;
        let mut m: sys::ISLocalToGlobalMapping = std::ptr::null_mut();
        // SAFETY: live star forest with a graph; PETSc writes the new mapping.
        check(unsafe { sys::ISLocalToGlobalMappingCreateSF(sf.as_raw(), start, &mut m) })?;
        Ok(LgMap::from_raw(comm.petsc(), m))
    }
}
