//! Sparse matrices read from HDF5 files (`MatLoad` on an HDF5 viewer), checked before
//! PETSc reads them.
//!
//! A matrix is a group named after it holding three datasets and one attribute, in the
//! layout of MATLAB's v7.3 MAT-files: `jc` (pointers, one more than the compressed
//! dimension), `ir` (indices) and `data` (values), and the attribute `MATLAB_sparse`
//! (the other dimension). With the viewer's format [`ViewerFormat::Hdf5Mat`] the
//! pointers are MATLAB's column pointers (compressed columns); otherwise they are row
//! pointers (compressed rows).

use petsc_sys as sys;

use super::Mat;
use crate::error::{Error, Result, c_string, check, int_len};
use crate::is::IndexSet;
use crate::object::Object;
use crate::scalar::{Int, Scalar};
use crate::vec::Vector;
use crate::viewer::{Hdf5Viewer, ViewerFormat};

/// The attribute on a matrix's group that holds its uncompressed dimension.
const DIMENSION: &str = "MATLAB_sparse";

impl Hdf5Viewer {
    /// Reads the sparse matrix stored as the group `name` in the current group into a
    /// new AIJ matrix on the viewer's communicator, rows split by PETSc (`MatLoad`). The
    /// file is untrusted: a missing group, dataset or attribute, pointers that do not
    /// start at 0, decrease or do not end at the number of entries, indices out of
    /// range and a value count that differs from the index count are each an `Err`
    /// naming what is wrong, on every rank, before PETSc reads the matrix. MATLAB's
    /// files (v7.3, compressed columns) are read with the format
    /// [`ViewerFormat::Hdf5Mat`] pushed ([`push_format`](crate::Viewer::push_format)).
    /// The matrix is named `name`; convert it to other types with
    /// [`Mat::convert`].
    ///
    #[cfg_attr(petsc_have_hdf5, doc = "```")]
    #[cfg_attr(not(petsc_have_hdf5), doc = "```no_run")]
    /// use petsc::{FileMode, Hdf5Viewer, IndexSet, Object, Vector, ViewerFormat};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let path = std::env::temp_dir().join(format!("petsc-rs-h5-mat-doc-{}.h5", std::process::id()));
    /// let path = path.to_str().unwrap();
    /// // [[1, 0, 2], [0, 3, 0]] in compressed columns, as MATLAB writes it.
    /// {
    ///     let h5 = Hdf5Viewer::new(&c, path, FileMode::Write)?;
    ///     let _g = h5.push_group("A")?;
    ///     for (name, values) in [("jc", vec![0, 1, 2, 3]), ("ir", vec![0, 1, 0])] {
    ///         let mut is = IndexSet::new_general(&c, &values)?;
    ///         is.set_name(name)?;
    ///         is.view_with(&h5)?;
    ///     }
    ///     let mut data = Vector::from_slice(&c, &[1.0, 3.0, 2.0])?;
    ///     data.set_name("data")?;
    ///     data.view_with(&h5)?;
    ///     h5.write_int_attribute(None, "MATLAB_sparse", 2)?;
    /// }
    /// let h5 = Hdf5Viewer::new(&c, path, FileMode::Read)?;
    /// let _matlab = h5.push_format(ViewerFormat::Hdf5Mat)?;
    /// let a = h5.load_matrix("A")?;
    /// assert_eq!(a.size()?, (2, 3));
    /// assert_eq!(a.values(&[0, 1], &[0, 1, 2])?, vec![1.0, 0.0, 2.0, 0.0, 3.0, 0.0]);
    /// assert!(h5.load_matrix("B").is_err());
    /// # drop(_matlab);
    /// # drop(h5);
    /// # std::fs::remove_file(path).ok();
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatLoad")]
    pub fn load_matrix(&self, name: &str) -> Result<Mat> {
        const CTX: &str = "Hdf5Viewer::load_matrix";
        let n = c_string(CTX, name)?;
        let compressed_columns = match self.format()? {
            ViewerFormat::Hdf5Mat => true,
            ViewerFormat::Default | ViewerFormat::Native | ViewerFormat::Hdf5Petsc => false,
            other => {
                return Err(Error::invalid(
                    CTX,
                    format!("PETSc reads no matrix from HDF5 in the format {other:?}"),
                ));
            }
        };
        self.check_matrix(CTX, name, compressed_columns)?;
        let comm = self.comm();
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new matrix.
        check(unsafe { sys::MatCreate(comm.as_raw(), &mut m) })?;
        let mat = Mat::from_raw(comm.petsc(), m);
        // SAFETY: live matrix; PETSc copies the name.
        check(unsafe { sys::PetscObjectSetName(m as sys::PetscObject, n.as_ptr()) })?;
        // SAFETY: live matrix; MATAIJ is a NUL-terminated type name.
        check(unsafe { sys::MatSetType(m, sys::MATAIJ.as_ptr().cast()) })?;
        // SAFETY: live matrix and HDF5 viewer; the matrix's group was checked to be well
        // formed.
        check(unsafe { sys::MatLoad(m, self.ptr()) })?;
        Ok(mat)
    }

    /// Writes the assembled matrix `a` as the group named after it ([`Object::set_name`])
    /// in the current group, in compressed rows: row pointers `jc`, column indices `ir`,
    /// values `data` and the column count as the attribute `MATLAB_sparse`, the layout
    /// [`load_matrix`](Self::load_matrix) reads back on any number of ranks (PETSc 3.18's
    /// `MatView` writes nothing to HDF5). Collective; `a` lives on the viewer's
    /// communicator (or a congruent one) and gives its rows by `MatGetRow` (AIJ, BAIJ,
    /// SBAIJ, dense, ...).
    ///
    #[cfg_attr(petsc_have_hdf5, doc = "```")]
    #[cfg_attr(not(petsc_have_hdf5), doc = "```no_run")]
    /// use petsc::{FileMode, Hdf5Viewer, Mat, Object};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.world();
    /// let path = std::env::temp_dir().join(format!("petsc-rs-h5-save-doc-{}.h5", std::process::id()));
    /// let path = path.to_str().unwrap();
    /// let mut a = Mat::new_aij(&c, None, None, Some(3), Some(3), 2, 1)?;
    /// for i in a.ownership_range()? {
    ///     a.set_value(i, i, 2.0, petsc::InsertMode::Insert)?;
    ///     a.set_value(i, (i + 1) % 3, -1.0, petsc::InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// a.set_name("K")?;
    /// Hdf5Viewer::new(&c, path, FileMode::Write)?.save_matrix(&a)?;
    /// let b = Hdf5Viewer::new(&c, path, FileMode::Read)?.load_matrix("K")?;
    /// for i in b.ownership_range()? {
    ///     assert_eq!(b.values(&[i], &[0, 1, 2])?, a.values(&[i], &[0, 1, 2])?);
    /// }
    /// # c.barrier()?;
    /// # if c.rank() == 0 { std::fs::remove_file(path).ok(); }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatView")]
    pub fn save_matrix(&self, a: &Mat) -> Result<()> {
        const CTX: &str = "Hdf5Viewer::save_matrix";
        let comm = self.comm();
        if !comm.congruent(&a.comm()) {
            return Err(Error::invalid(
                CTX,
                "the matrix is not on the viewer's communicator",
            ));
        }
        let name = a.name()?;
        let (_, cols) = a.size()?;
        // This rank's rows, compressed; a failure on any rank is an Err on all of them.
        let local = (|| -> Result<(Vec<Int>, Vec<Int>, Vec<Scalar>)> {
            let (mut pointers, mut indices, mut values) = (Vec::new(), Vec::new(), Vec::new());
            for i in a.ownership_range()? {
                let row = a.row(i)?;
                pointers.push(indices.len());
                indices.extend_from_slice(row.cols());
                values.extend_from_slice(row.values());
            }
            let pointers = pointers
                .into_iter()
                .map(|k| int_len(CTX, "entries", k))
                .collect::<Result<Vec<Int>>>()?;
            Ok((pointers, indices, values))
        })();
        let (mut pointers, indices, values) = comm.agree(CTX, local)?;
        // Global positions: this rank's entries come after those of the ranks before it.
        let counts = comm.all_gather_i64(indices.len() as i64)?;
        let offset: i64 = counts[..comm.rank() as usize].iter().sum();
        let total: i64 = counts.iter().sum();
        let to_int = |v: i64| {
            Int::try_from(v)
                .map_err(|_| Error::out_of_range(CTX, format!("{v} entries overflow PetscInt")))
        };
        let (offset, total) = (to_int(offset)?, to_int(total)?);
        for p in &mut pointers {
            *p += offset;
        }
        if comm.rank() == comm.size() - 1 {
            pointers.push(total);
        }
        let _group = self.push_group(&name)?;
        for (dataset, entries) in [("jc", &pointers), ("ir", &indices)] {
            let mut is = IndexSet::new_general(&comm, entries)?;
            is.set_name(dataset)?;
            is.view_with(self)?;
        }
        let local_len = int_len(CTX, "values", values.len())?;
        let mut data = Vector::new_mpi(&comm, Some(local_len), None)?;
        data.view_mut()?.copy_from_slice(&values);
        data.set_name("data")?;
        data.view_with(self)?;
        self.write_int_attribute(None, DIMENSION, cols)
    }

    /// Checks the group `name` as [`load_matrix`](Self::load_matrix) reads it
    /// (collective; every failure is an `Err` on every rank).
    fn check_matrix(&self, context: &str, name: &str, compressed_columns: bool) -> Result<()> {
        let comm = self.comm();
        if !self.has_group(name)? {
            return Err(Error::invalid(
                context,
                format!("no matrix group {name:?} in group {:?}", self.group()?),
            ));
        }
        let _group = self.push_group(name)?;
        let (pointers, indices) = if compressed_columns {
            ("column pointers", "row indices")
        } else {
            ("row pointers", "column indices")
        };
        if !self.has_attribute(None, DIMENSION)? {
            return Err(Error::invalid(
                context,
                format!("the matrix group {name:?} has no attribute {DIMENSION:?}"),
            ));
        }
        let dimension = self.read_int_attribute(None, DIMENSION)?;
        if dimension < 0 {
            return Err(Error::invalid(
                context,
                format!("the matrix {name:?} has a negative dimension {dimension} ({DIMENSION})"),
            ));
        }
        for dataset in ["jc", "ir", "data"] {
            self.require_dataset(context, dataset)?;
        }
        let jc = self.load_index_set("jc")?.all_gather()?.to_vec()?;
        let Some(&nnz) = jc.last() else {
            return Err(Error::invalid(
                context,
                format!("the {pointers} jc of the matrix {name:?} are empty"),
            ));
        };
        if jc[0] != 0 {
            return Err(Error::invalid(
                context,
                format!(
                    "the {pointers} jc of the matrix {name:?} start at {}, not 0",
                    jc[0]
                ),
            ));
        }
        if let Some(k) = jc.windows(2).position(|w| w[1] < w[0]) {
            return Err(Error::invalid(
                context,
                format!(
                    "the {pointers} jc of the matrix {name:?} decrease at {k}: {} then {}",
                    jc[k],
                    jc[k + 1]
                ),
            ));
        }
        let ir = self.load_index_set("ir")?;
        let count = ir.size()?;
        if count != nnz {
            return Err(Error::invalid(
                context,
                format!(
                    "the matrix {name:?} has {count} {indices} (ir) but its {pointers} end at {nnz}"
                ),
            ));
        }
        // The first index out of range, by position in ir, found on every rank.
        let (first, value) = ir
            .indices()?
            .iter()
            .enumerate()
            .find(|&(_, &i)| i < 0 || i >= dimension)
            .map_or((i64::MAX, 0), |(k, &i)| (k as i64, crate::comm::wide(i)));
        let sizes = comm.all_gather_i64(crate::comm::wide(ir.local_size()?))?;
        let offset: i64 = sizes[..comm.rank() as usize].iter().sum();
        let positions = comm.all_gather_i64(first.saturating_add(offset))?;
        let values = comm.all_gather_i64(value)?;
        if let Some((r, &k)) = positions.iter().enumerate().min_by_key(|&(_, &k)| k) {
            if k != i64::MAX {
                return Err(Error::invalid(
                    context,
                    format!(
                        "the matrix {name:?} has an index {} at {k} in ir, outside \
                         0..{dimension} ({DIMENSION})",
                        values[r]
                    ),
                ));
            }
        }
        let values: Int = self.load_vector("data")?.size()?;
        if values != nnz {
            return Err(Error::invalid(
                context,
                format!("the matrix {name:?} has {values} values (data) but {nnz} {indices} (ir)"),
            ));
        }
        Ok(())
    }
}
