//! Storage counts, conversion between types, the row and column layout of all ranks,
//! Hermitian products, random values, zero rows and chopping of small entries.

use petsc_sys as sys;

use super::algebra::{Side, take_indices};
use super::{Mat, MatInfo, MatInfoType};
use crate::error::{Error, Result, c_string, check};
use crate::object::Object;
use crate::scalar::{Int, Real, Scalar};
use crate::vec::Vector;

impl Mat {
    /// Storage counts (`MatGetInfo`): non-zeros used and allocated, mallocs during
    /// assembly, memory, ... for this rank, their maximum or their sum over the ranks
    /// (the latter two collective).
    ///
    /// ```
    /// use petsc::MatInfoType;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = petsc::Mat::new_aij(&petsc.self_comm(), None, None, Some(3), Some(3), 2, 0)?;
    /// for i in 0..3 {
    ///     a.set_value(i, i, 1.0, petsc::InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let info = a.info(MatInfoType::Local)?;
    /// assert_eq!(info.nz_used, 3);
    /// assert_eq!(info.mallocs, 0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatGetInfo")]
    pub fn info(&self, kind: MatInfoType) -> Result<MatInfo> {
        let mut i = sys::MatInfo {
            block_size: 0.0,
            nz_allocated: 0.0,
            nz_used: 0.0,
            nz_unneeded: 0.0,
            memory: 0.0,
            assemblies: 0.0,
            mallocs: 0.0,
            fill_ratio_given: 0.0,
            fill_ratio_needed: 0.0,
            factor_mallocs: 0.0,
        };
        // SAFETY: live matrix; PETSc fills the struct.
        check(unsafe { sys::MatGetInfo(self.ptr, kind.raw(), &mut i) })?;
        Ok(i.into())
    }

    /// A copy of the matrix in another format (`MatConvert` with `MAT_INITIAL_MATRIX`,
    /// collective): `"dense"`, `"aij"`, `"baij"`, `"sbaij"` (of a symmetric matrix),
    /// `"same"`, ... A name PETSc cannot convert to is an `Err` with PETSc's message.
    ///
    /// ```
    /// use petsc::Object;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 2], &[1, 0], &[5.0, 7.0])?;
    /// let d = a.convert("dense")?;
    /// assert_eq!(d.type_name()?, "seqdense");
    /// assert_eq!(d.convert("aij")?.values(&[0, 1], &[0, 1])?, vec![0.0, 5.0, 7.0, 0.0]);
    /// assert!(a.convert("nosuchtype").is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatConvert")]
    pub fn convert(&self, type_name: &str) -> Result<Mat> {
        let n = self.convert_ready("Mat::convert", type_name)?;
        let r = sys::MatReuse::MAT_INITIAL_MATRIX;
        // SAFETY: live, assembled matrix; PETSc copies the name and writes a new matrix.
        let out = self.new_product(|m| unsafe { sys::MatConvert(self.ptr, n.as_ptr(), r, m) })?;
        let tag = (self.id()?, type_name.to_string());
        // SAFETY: live matrix; the key holds only this crate's tags.
        unsafe { crate::callback::compose_value(&self.petsc, out.as_object(), CONVERT_KEY, tag) }?;
        Ok(out)
    }

    /// Checks for the conversions: the name the same on every rank, the matrix
    /// assembled and not factored, no view of it open.
    fn convert_ready(&self, context: &str, type_name: &str) -> Result<std::ffi::CString> {
        let n = c_string(context, type_name)?;
        super::create::same_name(&self.comm(), context, "type name", type_name)?;
        let local = (|| {
            self.check_no_writer(context)?;
            if !self.is_assembled()? {
                return Err(Error::invalid(context, "the matrix is not assembled"));
            }
            if self.is_factored()? {
                return Err(Error::invalid(context, "not for a factored matrix"));
            }
            Ok(())
        })();
        self.comm().agree(context, local)?;
        Ok(n)
    }

    /// Converts into `out`, a matrix an earlier conversion of this one to `type_name`
    /// made ([`convert`](Self::convert)), its values replaced by this matrix's current
    /// ones (`MatConvert` with `MAT_REUSE_MATRIX`, collective; petsc4py's
    /// `convert(type, out)`). Any other matrix is an `Err` on every rank (PETSc reads
    /// `out`'s storage as the one the conversion makes). As in PETSc, a conversion to
    /// this matrix's own type copies the values by position: this matrix keeps the
    /// non-zero pattern it had at the first conversion.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 2], &[1, 0], &[5.0, 7.0])?;
    /// let mut d = a.convert("dense")?;
    /// a.scale(2.0)?;
    /// a.convert_into("dense", &mut d)?;
    /// assert_eq!(d.values(&[0, 1], &[0, 1])?, vec![0.0, 10.0, 14.0, 0.0]);
    /// let mut other = petsc::Mat::new_dense(&c, None, None, Some(2), Some(2))?;
    /// other.assemble()?;
    /// assert!(a.convert_into("dense", &mut other).is_err()); // not made by a.convert
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatConvert")]
    pub fn convert_into(&self, type_name: &str, out: &mut Mat) -> Result<()> {
        const CTX: &str = "Mat::convert_into";
        let n = self.convert_ready(CTX, type_name)?;
        let local = (|| {
            if out.ptr == self.ptr {
                return Err(Error::invalid(
                    CTX,
                    "out is this matrix: use convert_in_place to convert a matrix itself",
                ));
            }
            out.check_no_views_anywhere(CTX)?;
            let made = convert_tag(out)?;
            if made.as_ref() != Some(&(self.id()?, type_name.to_string())) {
                return Err(Error::invalid(
                    CTX,
                    format!(
                        "out is not a matrix that convert made of this matrix with '{type_name}' \
                         (PETSc would read its storage as the one that conversion makes)"
                    ),
                ));
            }
            let size = self.comm().size();
            if out.comm().size() != size
                || out.size()? != self.size()?
                || out.local_size()? != self.local_size()?
            {
                return Err(Error::size_mismatch(
                    CTX,
                    "out does not have this matrix's communicator size, sizes and local sizes",
                ));
            }
            Ok(())
        })();
        self.comm().agree(CTX, local)?;
        let mut m = out.ptr;
        // SAFETY: live, assembled matrix; `out` a distinct live matrix of the type and
        // sizes the conversion makes; PETSc writes into it and keeps the pointer.
        check(unsafe {
            sys::MatConvert(
                self.ptr,
                n.as_ptr(),
                sys::MatReuse::MAT_REUSE_MATRIX,
                &mut m,
            )
        })?;
        out.written_in_place(m)?;
        out.coo.set(None);
        Ok(())
    }

    /// Converts this matrix itself to another format (`MatConvert` with
    /// `MAT_INPLACE_MATRIX`, collective; petsc4py's `convert(type)`): the handle keeps
    /// the same object, now of the new type. Names as for [`convert`](Self::convert). No
    /// other handle or PETSc object may hold this matrix (PETSc's `Err` otherwise), nor
    /// may it be a matrix lent for a scope.
    ///
    /// ```
    /// use petsc::Object;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 2], &[1, 0], &[5.0, 7.0])?;
    /// a.convert_in_place("dense")?;
    /// assert_eq!(a.type_name()?, "seqdense");
    /// assert_eq!(a.values(&[1], &[0])?, vec![7.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatConvert")]
    pub fn convert_in_place(&mut self, type_name: &str) -> Result<()> {
        const CTX: &str = "Mat::convert_in_place";
        let n = self.convert_ready(CTX, type_name)?;
        let local = (|| {
            self.check_no_views_anywhere(CTX)?;
            if self.is_lent() {
                return Err(Error::lent(CTX, "Mat"));
            }
            Ok(())
        })();
        self.comm().agree(CTX, local)?;
        let mut m = self.ptr;
        // SAFETY: live, assembled matrix, not lent; in place, PETSc replaces the
        // matrix's contents and keeps the object (it writes the same pointer back).
        check(unsafe {
            sys::MatConvert(
                self.ptr,
                n.as_ptr(),
                sys::MatReuse::MAT_INPLACE_MATRIX,
                &mut m,
            )
        })?;
        self.written_in_place(m)?;
        self.coo.set(None);
        Ok(())
    }

    /// The first global row of every rank and the number of rows: `ranks + 1` entries,
    /// rank `r` owning rows `ranges[r] .. ranges[r + 1]` (`MatGetOwnershipRanges`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let a = petsc::Mat::new_aij(&petsc.self_comm(), None, None, Some(4), Some(3), 1, 0)?;
    /// assert_eq!(a.ownership_ranges()?, vec![0, 4]);
    /// assert_eq!(a.ownership_ranges_column()?, vec![0, 3]);
    /// assert_eq!(a.ownership_range_column()?, 0..3);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatGetOwnershipRanges")]
    pub fn ownership_ranges(&self) -> Result<Vec<Int>> {
        let mut p: *const Int = std::ptr::null();
        // SAFETY: live matrix; PETSc returns its own array of size + 1 entries.
        check(unsafe { sys::MatGetOwnershipRanges(self.ptr, &mut p) })?;
        self.ranges_from(p)
    }

    /// The same as [`ownership_ranges`](Self::ownership_ranges) for the columns, that
    /// is the layout of the vectors `x` in `A x` (`MatGetOwnershipRangesColumn`).
    #[doc(alias = "MatGetOwnershipRangesColumn")]
    pub fn ownership_ranges_column(&self) -> Result<Vec<Int>> {
        let mut p: *const Int = std::ptr::null();
        // SAFETY: live matrix; PETSc returns its own array of size + 1 entries.
        check(unsafe { sys::MatGetOwnershipRangesColumn(self.ptr, &mut p) })?;
        self.ranges_from(p)
    }

    fn ranges_from(&self, p: *const Int) -> Result<Vec<Int>> {
        if p.is_null() {
            return Err(Error::invalid(
                "Mat::ownership_ranges",
                "the matrix has no layout yet (call set_sizes and set_up first)",
            ));
        }
        let n = self.comm().size() as usize + 1;
        // SAFETY: PETSc's layout holds one entry per rank plus one.
        Ok(unsafe { std::slice::from_raw_parts(p, n) }.to_vec())
    }

    /// The global columns of the vectors `x` in `A x` this rank owns
    /// (`MatGetOwnershipRangeColumn`).
    #[doc(alias = "MatGetOwnershipRangeColumn")]
    pub fn ownership_range_column(&self) -> Result<std::ops::Range<Int>> {
        let (mut lo, mut hi): (Int, Int) = (0, 0);
        // SAFETY: live matrix.
        check(unsafe { sys::MatGetOwnershipRangeColumn(self.ptr, &mut lo, &mut hi) })?;
        Ok(lo..hi)
    }

    /// `y = A^H x` (`MatMultHermitianTranspose`); `A^T x` for real scalars.
    #[doc(alias = "MatMultHermitianTranspose")]
    pub fn mult_hermitian(&self, x: &Vector, y: &mut Vector) -> Result<()> {
        const CTX: &str = "Mat::mult_hermitian";
        let layouts = [("x", x, Side::Rows), ("y", &*y, Side::Cols)];
        super::ready_for_collective(CTX, self.ptr, true, &[x], &[y], &layouts)?;
        let xp = x.raw_read(CTX)?;
        let yp = y.raw_write(CTX)?;
        // SAFETY: live matrix and vectors; PETSc checks the layouts.
        super::product([x], || unsafe {
            sys::MatMultHermitianTranspose(self.ptr, xp, yp)
        })
    }

    /// `z = y + A^H x` (`MatMultHermitianTransposeAdd`).
    #[doc(alias = "MatMultHermitianTransposeAdd")]
    pub fn mult_hermitian_add(&self, x: &Vector, y: &Vector, z: &mut Vector) -> Result<()> {
        const CTX: &str = "Mat::mult_hermitian_add";
        let layouts = [
            ("x", x, Side::Rows),
            ("y", y, Side::Cols),
            ("z", &*z, Side::Cols),
        ];
        super::ready_for_collective(CTX, self.ptr, true, &[x, y], &[z], &layouts)?;
        let xp = x.raw_read(CTX)?;
        let yp = y.raw_read(CTX)?;
        let zp = z.raw_write(CTX)?;
        // SAFETY: live matrix and vectors; `z` is distinct from `x` and `y` by borrows.
        super::product([x, y], || unsafe {
            sys::MatMultHermitianTransposeAdd(self.ptr, xp, yp, zp)
        })
    }

    /// Fills the matrix's entries with random values (`MatSetRandom`, collective): all
    /// entries of a dense matrix, the preallocated or existing pattern of a sparse one,
    /// and assembles.
    #[doc(alias = "MatSetRandom")]
    pub fn set_random(&mut self) -> Result<()> {
        self.check_no_views_anywhere("Mat::set_random")?;
        // SAFETY: live matrix; a null context makes PETSc use its own generator.
        check(unsafe { sys::MatSetRandom(self.ptr, std::ptr::null_mut()) })
    }

    /// The global rows of this rank that are entirely zero (`MatFindZeroRows`,
    /// collective).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Mat::from_csr(&c, Some(3), Some(3), None, None, &[0, 1, 1, 2], &[0, 2], &[1.0, 2.0])?;
    /// assert_eq!(a.find_zero_rows()?, vec![1]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatFindZeroRows")]
    pub fn find_zero_rows(&self) -> Result<Vec<Int>> {
        let mut is: sys::IS = std::ptr::null_mut();
        // SAFETY: live matrix; PETSc writes a new index set (or null when none).
        check(unsafe { sys::MatFindZeroRows(self.ptr, &mut is) })?;
        // SAFETY: `is` is the index set PETSc just made, or null; it is ours to destroy.
        unsafe { take_indices(is) }
    }

    crate::methods![for Mat;
        /// The trace, the sum of the diagonal (`MatGetTrace`).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let c = petsc.self_comm();
        /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 2, 3], &[0, 1, 1], &[1.0, 2.0, 3.0])?;
        /// assert_eq!(a.trace()?, 4.0);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn trace(&self) -> Scalar = MatGetTrace as "MatGetTrace";
    ];

    /// Sets to zero every stored entry whose modulus is below `tol` (at or below it on
    /// PETSc 3.20 and later), keeping the nonzero structure (`MatChop` up to PETSc 3.19,
    /// `MatFilter` without compressing the storage from 3.20, as petsc4py's `chop`).
    #[doc(alias = "MatChop")]
    #[doc(alias = "MatFilter")]
    pub fn chop(&mut self, tol: Real) -> Result<()> {
        self.check_no_views_anywhere("Mat::chop")?;
        #[cfg(not(petsc_3_20))]
        // SAFETY: live matrix.
        let r = unsafe { sys::MatChop(self.ptr, tol) };
        #[cfg(petsc_3_20)]
        // SAFETY: live matrix; no compression, so the structure (and the handle's
        // object) stays as it is.
        let r =
            unsafe { sys::MatFilter(self.ptr, tol, sys::PETSC_BOOL_FALSE, sys::PETSC_BOOL_FALSE) };
        check(r)
    }
}

/// The key of a converted matrix's origin (the source's object id and the type name
/// asked for) among the values kept with an object.
const CONVERT_KEY: &std::ffi::CStr = c"petsc-rs:internal:converted-from";

/// The origin [`Mat::convert`] recorded with `m`, if any.
fn convert_tag(m: &Mat) -> Result<Option<(i64, String)>> {
    // SAFETY: live matrix; the key holds only this crate's tags.
    unsafe {
        crate::callback::with_composed_value(
            m.as_object(),
            CONVERT_KEY,
            "Mat::convert_into",
            |t: &mut (i64, String)| t.clone(),
        )
    }
}
