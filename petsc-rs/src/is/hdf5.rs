//! Index sets read from HDF5 files by name (`ISLoad` on an HDF5 viewer); saving one is
//! `is.view_with(&h5)`.

use petsc_sys as sys;

use super::IndexSet;
use crate::error::{Result, c_string, check};
use crate::object::Object;
use crate::viewer::Hdf5Viewer;

impl Hdf5Viewer {
    /// Reads the index set stored under `name` in the current group (as an
    /// [`IndexSet`] written with `is.view_with(&h5)`, or any integer dataset) into a new
    /// general index set on the viewer's communicator, split by PETSc (`ISLoad`). A
    /// missing dataset is an `Err` naming it and the current group. The index set is
    /// named `name`.
    ///
    #[cfg_attr(petsc_have_hdf5, doc = "```")]
    #[cfg_attr(not(petsc_have_hdf5), doc = "```no_run")]
    /// use petsc::{FileMode, Hdf5Viewer, IndexSet, Object};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let path = std::env::temp_dir().join(format!("petsc-rs-h5-is-doc-{}.h5", std::process::id()));
    /// let path = path.to_str().unwrap();
    /// let mut is = IndexSet::new_general(&c, &[4, 0, 7])?;
    /// is.set_name("cells")?;
    /// is.view_with(&Hdf5Viewer::new(&c, path, FileMode::Write)?)?;
    /// let h5 = Hdf5Viewer::new(&c, path, FileMode::Read)?;
    /// assert_eq!(h5.load_index_set("cells")?.to_vec()?, vec![4, 0, 7]);
    /// assert!(h5.load_index_set("faces").is_err());
    /// # drop(h5);
    /// # std::fs::remove_file(path).ok();
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISLoad")]
    pub fn load_index_set(&self, name: &str) -> Result<IndexSet> {
        const CTX: &str = "Hdf5Viewer::load_index_set";
        c_string(CTX, name)?;
        self.require_dataset(CTX, name)?;
        let comm = self.comm();
        let mut raw: sys::IS = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new index set (without a type or
        // sizes, which ISLoad sets from the file).
        check(unsafe { sys::ISCreate(comm.as_raw(), &mut raw) })?;
        let mut is = IndexSet::from_raw(comm.petsc(), raw);
        is.set_name(name)?;
        // SAFETY: live general index set and HDF5 viewer; the dataset exists.
        check(unsafe { sys::ISLoad(is.as_raw(), self.ptr()) })?;
        Ok(is)
    }
}
