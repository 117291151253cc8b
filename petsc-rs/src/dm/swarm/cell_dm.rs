//! The cell DMs of a swarm (`DMSwarmCellDM`, PETSc 3.24 and later): [`CellDm`], a
//! background mesh together with the names of the swarm fields defined over it and of
//! the fields holding the points' coordinates in it.

use petsc_sys as sys;

use super::Swarm;
use crate::dm::base::sealed::DmRaw;
use crate::dm::{Dm, DmBase};
use crate::error::{Error, Result, c_string, check, int_len};
use crate::object::{Object, owned, petsc_handle};
use crate::scalar::Int;

petsc_handle!(
    /// A background DM of a swarm with the names of the fields over it
    /// (`DMSwarmCellDM`; petsc4py's `CellDM`; PETSc 3.24 and later).
    ///
    /// ```
    /// use petsc::{CellDm, Da};
    /// let petsc = petsc::Petsc::init()?;
    /// let da = Da::builder(&petsc.self_comm(), 2).sizes(3, 3, 1).build()?;
    /// let cell = CellDm::new(&da, &["w"], &["coords"])?;
    /// assert_eq!(cell.fields()?, ["w"]);
    /// assert_eq!(cell.coordinate_fields()?, ["coords"]);
    /// assert_eq!(cell.dm()?.as_raw(), da.as_raw());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMSwarmCellDM")]
    CellDm,
    sys::DMSwarmCellDM,
    sys::DMSwarmCellDMDestroy
);

/// Copies PETSc's array of `n` field names.
///
/// # Safety
/// `names` must hold `n` NUL-terminated strings (or be null with `n` 0).
unsafe fn names(n: Int, names: *const *const std::os::raw::c_char) -> Vec<String> {
    (0..n.max(0) as usize)
        // SAFETY: the caller guarantees `n` strings.
        .map(|i| unsafe { owned(*names.add(i)) })
        .collect()
}

impl CellDm {
    /// A cell DM over `dm` (`DMSwarmCellDMCreate`; collective): the swarm fields
    /// `fields` are defined over it, and `coordinate_fields` hold the points'
    /// coordinates in it. Empty names are an `Err`.
    #[doc(alias = "DMSwarmCellDMCreate")]
    pub fn new<D: DmBase + ?Sized>(
        dm: &D,
        fields: &[&str],
        coordinate_fields: &[&str],
    ) -> Result<CellDm> {
        const CTX: &str = "CellDm::new";
        let to_c = |list: &[&str]| -> Result<Vec<std::ffi::CString>> {
            list.iter()
                .map(|s| {
                    if s.is_empty() {
                        return Err(Error::invalid(CTX, "a field name is empty"));
                    }
                    c_string(CTX, s)
                })
                .collect()
        };
        let (f, c) = (to_c(fields)?, to_c(coordinate_fields)?);
        let mut fp: Vec<*const std::os::raw::c_char> = f.iter().map(|s| s.as_ptr()).collect();
        let mut cp: Vec<*const std::os::raw::c_char> = c.iter().map(|s| s.as_ptr()).collect();
        let (nf, nc) = (
            int_len(CTX, "fields", fp.len())?,
            int_len(CTX, "fields", cp.len())?,
        );
        let mut out: sys::DMSwarmCellDM = std::ptr::null_mut();
        // SAFETY: live DM; `fp` and `cp` hold `nf` and `nc` NUL-terminated names, which
        // PETSc copies; PETSc writes the new object.
        check(unsafe {
            sys::DMSwarmCellDMCreate(
                dm.dm_raw(),
                nf,
                fp.as_mut_ptr(),
                nc,
                cp.as_mut_ptr(),
                &mut out,
            )
        })?;
        Ok(CellDm::from_raw(dm.petsc(), out))
    }

    /// The background DM (`DMSwarmCellDMGetDM`), with a reference of its own.
    #[doc(alias = "DMSwarmCellDMGetDM")]
    pub fn dm(&self) -> Result<Dm> {
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live object; PETSc lends its DM.
        check(unsafe { sys::DMSwarmCellDMGetDM(self.ptr, &mut d) })?;
        // SAFETY: the live DM just lent; the handle takes a reference of its own.
        unsafe { Dm::from_raw_borrowed(self.petsc(), d) }
    }

    /// The names of the swarm fields defined over the DM (`DMSwarmCellDMGetFields`).
    #[doc(alias = "DMSwarmCellDMGetFields")]
    pub fn fields(&self) -> Result<Vec<String>> {
        let (mut n, mut p): (Int, *mut *const std::os::raw::c_char) = (0, std::ptr::null_mut());
        // SAFETY: live object; PETSc lends its array of names.
        check(unsafe { sys::DMSwarmCellDMGetFields(self.ptr, &mut n, &mut p) })?;
        // SAFETY: `p` holds `n` names, copied at once.
        Ok(unsafe { names(n, p) })
    }

    /// The names of the swarm fields holding the coordinates in the DM
    /// (`DMSwarmCellDMGetCoordinateFields`).
    #[doc(alias = "DMSwarmCellDMGetCoordinateFields")]
    pub fn coordinate_fields(&self) -> Result<Vec<String>> {
        let (mut n, mut p): (Int, *mut *const std::os::raw::c_char) = (0, std::ptr::null_mut());
        // SAFETY: live object; PETSc lends its array of names.
        check(unsafe { sys::DMSwarmCellDMGetCoordinateFields(self.ptr, &mut n, &mut p) })?;
        // SAFETY: `p` holds `n` names, copied at once.
        Ok(unsafe { names(n, p) })
    }

    /// The name of the swarm field holding each point's cell in this DM
    /// (`DMSwarmCellDMGetCellID`).
    #[doc(alias = "DMSwarmCellDMGetCellID")]
    pub fn cell_id(&self) -> Result<String> {
        let mut p: *const std::os::raw::c_char = std::ptr::null();
        // SAFETY: live object; PETSc lends its string.
        check(unsafe { sys::DMSwarmCellDMGetCellID(self.ptr, &mut p) })?;
        // SAFETY: PETSc's string, copied at once.
        Ok(unsafe { owned(p) })
    }

    /// The number of values per point of the fields over the DM in `swarm`
    /// (`DMSwarmCellDMGetBlockSize`): the sum of their block sizes. A field the swarm
    /// has not registered is an `Err`.
    #[doc(alias = "DMSwarmCellDMGetBlockSize")]
    pub fn block_size(&self, swarm: &Swarm) -> Result<Int> {
        let mut bs: Int = 0;
        // SAFETY: live object and swarm; PETSc looks the fields up by name.
        check(unsafe { sys::DMSwarmCellDMGetBlockSize(self.ptr, swarm.dm_raw(), &mut bs) })?;
        Ok(bs)
    }
}

impl Swarm {
    /// Adds the cell DM `cell` under its name (the name of its DM when it was made),
    /// registering its coordinate fields if the swarm has none of those names
    /// (`DMSwarmAddCellDM`; collective). The swarm keeps its own reference.
    ///
    /// ```
    /// use petsc::{CellDm, Dm, Object, Swarm};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut dm = Dm::new(&c)?;
    /// dm.set_name("background")?;
    /// let cell = CellDm::new(&dm, &["w"], &["xy"])?;
    /// let mut sw = Swarm::new(&c, 2)?;
    /// sw.add_cell_dm(&cell)?;
    /// sw.set_cell_dm_active("background")?;
    /// assert_eq!(sw.cell_dm_active()?.fields()?, ["w"]);
    /// assert_eq!(sw.cell_dm_by_name("background")?.coordinate_fields()?, ["xy"]);
    /// assert!(sw.cell_dm_by_name("nosuch").is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMSwarmAddCellDM")]
    pub fn add_cell_dm(&mut self, cell: &CellDm) -> Result<()> {
        // SAFETY: both live; PETSc keeps its own reference to the cell DM.
        check(unsafe { sys::DMSwarmAddCellDM(self.dm_raw(), cell.ptr) })
    }

    /// Makes the cell DM named `name` the active one (`DMSwarmSetCellDMActive`); a name
    /// the swarm has no cell DM of is an `Err`.
    #[doc(alias = "DMSwarmSetCellDMActive")]
    pub fn set_cell_dm_active(&mut self, name: &str) -> Result<()> {
        let n = c_string("Swarm::set_cell_dm_active", name)?;
        // SAFETY: live DMSwarm; a NUL-terminated name, which PETSc copies.
        check(unsafe { sys::DMSwarmSetCellDMActive(self.dm_raw(), n.as_ptr()) })
    }

    /// The active cell DM (`DMSwarmGetCellDMActive`), with a reference of its own; an
    /// `Err` when there is none.
    #[doc(alias = "DMSwarmGetCellDMActive")]
    pub fn cell_dm_active(&self) -> Result<CellDm> {
        let mut out: sys::DMSwarmCellDM = std::ptr::null_mut();
        // SAFETY: live DMSwarm; PETSc lends its active cell DM (or fails).
        check(unsafe { sys::DMSwarmGetCellDMActive(self.dm_raw(), &mut out) })?;
        // SAFETY: the live cell DM just lent; the handle takes a reference of its own.
        unsafe { CellDm::from_raw_borrowed(self.petsc(), out) }
    }

    /// The cell DM named `name` (`DMSwarmGetCellDMByName`), with a reference of its
    /// own; an `Err` when the swarm has none of that name.
    #[doc(alias = "DMSwarmGetCellDMByName")]
    pub fn cell_dm_by_name(&self, name: &str) -> Result<CellDm> {
        let n = c_string("Swarm::cell_dm_by_name", name)?;
        let mut out: sys::DMSwarmCellDM = std::ptr::null_mut();
        // SAFETY: live DMSwarm; a NUL-terminated name; PETSc lends the cell DM (or fails).
        check(unsafe { sys::DMSwarmGetCellDMByName(self.dm_raw(), n.as_ptr(), &mut out) })?;
        // SAFETY: the live cell DM just lent; the handle takes a reference of its own.
        unsafe { CellDm::from_raw_borrowed(self.petsc(), out) }
    }
}
