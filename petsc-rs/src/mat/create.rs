//! Creating matrices: generic creation with a type chosen at run time (`MatCreate`,
//! `MatSetSizes`, `MatSetType`, `MatSetUp`), dense and blocked (BAIJ, SBAIJ) formats,
//! block sizes and option prefixes.

use petsc_sys as sys;

use super::{Mat, MatType, Sizes};
use crate::comm::Comm;
use crate::error::{Error, Result, c_string, check};
use crate::object::Object;
use crate::scalar::Int;

/// A 64-bit FNV-1a hash of a name, for checking that every rank gives the same one.
pub(super) fn name_hash(name: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h as i64
}

/// Refuses, on every rank, a name that differs between the ranks of `comm`.
pub(super) fn same_name(comm: &Comm, context: &str, what: &str, name: &str) -> Result<()> {
    comm.check_same(context, &[(what, name_hash(name))])
        .map_err(|_| {
            Error::invalid(
                context,
                format!("the ranks give different {what}s (this rank: '{name}'); it must be the same on every rank"),
            )
        })
}

impl Mat {
    /// An empty matrix on `comm` (`MatCreate`, collective): give it sizes with
    /// [`set_sizes`](Self::set_sizes), a type with [`set_type`](Self::set_type) (or
    /// `-mat_type` through [`set_from_options`](Self::set_from_options)), then
    /// [`set_up`](Self::set_up) for PETSc's default preallocation.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, MatType, Object};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = Mat::new(&petsc.self_comm())?;
    /// a.set_sizes(None, None, Some(3), Some(3))?;
    /// a.set_type(MatType::Aij)?;
    /// a.set_up()?;
    /// for i in 0..3 {
    ///     a.set_value(i, i, 2.0, InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// assert_eq!(a.type_name()?, "seqaij");
    /// assert_eq!(a.values(&[1], &[0, 1])?, vec![0.0, 2.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCreate")]
    pub fn new(comm: &Comm) -> Result<Mat> {
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new matrix.
        check(unsafe { sys::MatCreate(comm.as_raw(), &mut m) })?;
        Ok(Mat::from_raw(comm.petsc(), m))
    }

    /// Sets the local and global sizes of a matrix made by [`new`](Self::new)
    /// (`MatSetSizes`, collective; `None` is `PETSC_DECIDE`). The sizes are checked on
    /// every rank at once, and a matrix whose sizes are already fixed cannot change them.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = petsc::Mat::new(&petsc.self_comm())?;
    /// assert!(a.set_sizes(Some(2), None, Some(3), Some(3)).is_err());
    /// a.set_sizes(None, None, Some(2), Some(4))?;
    /// a.set_type_name("dense")?;
    /// a.set_up()?;
    /// assert_eq!(a.size()?, (2, 4));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSetSizes")]
    pub fn set_sizes(
        &mut self,
        local_rows: Option<Int>,
        local_cols: Option<Int>,
        global_rows: Option<Int>,
        global_cols: Option<Int>,
    ) -> Result<()> {
        const CTX: &str = "Mat::set_sizes";
        let comm = self.comm();
        let s = Sizes::new(&comm, CTX, local_rows, local_cols, global_rows, global_cols)?;
        let [m, n, big_m, big_n] = s.raw();
        self.global_size.set(None);
        // SAFETY: live matrix; PETSc refuses to change sizes once they are set.
        check(unsafe { sys::MatSetSizes(self.ptr, m, n, big_m, big_n) })
    }

    /// Sets the type (`MatSetType`, collective); see
    /// [`set_type_name`](Self::set_type_name).
    #[doc(alias = "MatSetType")]
    pub fn set_type(&mut self, ty: MatType) -> Result<()> {
        self.set_type_name(ty.as_str())
    }

    /// Sets the type by its registered name (`"aij"`, `"dense"`, `"baij"`,
    /// `"lmvmbfgs"`, ...; `MatSetType`, collective), once, on a matrix made by
    /// [`new`](Self::new): a matrix that has a type already is an `Err` (use
    /// [`convert`](Self::convert)). A name PETSc does not know is an `Err` carrying
    /// PETSc's message, and the matrix keeps no type; a name that differs between the
    /// ranks is an `Err` on every rank.
    ///
    /// ```
    /// use petsc::Object;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = petsc::Mat::new(&petsc.self_comm())?;
    /// a.set_sizes(None, None, Some(2), Some(2))?;
    /// let e = a.set_type_name("nosuchtype").unwrap_err();
    /// assert!(e.to_string().contains("nosuchtype"), "{e}");
    /// a.set_type_name("baij")?;
    /// assert_eq!(a.type_name()?, "seqbaij");
    /// assert!(a.set_type_name("aij").is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSetType")]
    pub fn set_type_name(&mut self, name: &str) -> Result<()> {
        const CTX: &str = "Mat::set_type";
        let n = c_string(CTX, name)?;
        same_name(&self.comm(), CTX, "type name", name)?;
        let current = self.type_name()?;
        if !current.is_empty() {
            // PETSc converts a matrix that has a type in place, which some conversions
            // do not survive before assembly; `convert` makes a new matrix instead.
            let local = Err(Error::invalid(
                CTX,
                format!(
                    "the matrix already has the type '{current}'; the type is set once, before \
                     set_up (use Mat::convert for a copy in another type)"
                ),
            ));
            return self.comm().agree(CTX, local);
        }
        // SAFETY: no arguments; registers the matrix types that live with the solvers
        // (the LMVM ones) once.
        check(unsafe { sys::KSPInitializePackage() })?;
        // SAFETY: live matrix without a type; PETSc copies the name and refuses unknown
        // ones before changing anything.
        check(unsafe { sys::MatSetType(self.ptr, n.as_ptr()) })
    }

    /// The type, or `None` before one is set (`MatGetType`).
    #[doc(alias = "MatGetType")]
    pub fn ty(&self) -> Result<Option<MatType>> {
        let name = self.type_name()?;
        Ok((!name.is_empty()).then(|| MatType::from_name(&name)))
    }

    crate::methods![for Mat;
        /// Sets the prefix of the options this matrix reads (`MatSetOptionsPrefix`): with
        /// `"a_"` it reads `-a_mat_type`.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut a = petsc::Mat::new(&petsc.self_comm())?;
        /// a.set_options_prefix("a_")?;
        /// a.append_options_prefix("b_")?;
        /// assert_eq!(a.options_prefix()?, "a_b_");
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_options_prefix(&mut self, prefix: &str)
            = MatSetOptionsPrefix as "MatSetOptionsPrefix";

        /// Appends to the prefix of the options this matrix reads (`MatAppendOptionsPrefix`).
        pub fn append_options_prefix(&mut self, prefix: &str)
            = MatAppendOptionsPrefix as "MatAppendOptionsPrefix";

        /// The prefix of the options this matrix reads, empty if none
        /// (`MatGetOptionsPrefix`).
        pub fn options_prefix(&self) -> String = MatGetOptionsPrefix as "MatGetOptionsPrefix";
    ];

    /// Sets up the matrix's storage with PETSc's default preallocation when none was
    /// given (`MatSetUp`, collective). Needs sizes; without a type the matrix becomes
    /// AIJ. Entries beyond the default preallocation are still accepted (slower).
    #[doc(alias = "MatSetUp")]
    pub fn set_up(&mut self) -> Result<()> {
        let local = if self.planned_size()?.is_none() {
            Err(Error::invalid(
                "Mat::set_up",
                "the matrix has no sizes yet (call set_sizes first)",
            ))
        } else {
            Ok(())
        };
        self.comm().agree("Mat::set_up", local)?;
        if self.type_name()?.is_empty() {
            self.set_type(MatType::Aij)?;
        }
        // SAFETY: live matrix with sizes and a type.
        check(unsafe { sys::MatSetUp(self.ptr) })
    }

    /// A dense matrix (`MatCreateDense`, collective): `seqdense` on one process,
    /// `mpidense` (rows split over the ranks, all columns on each) on more, filled with
    /// zeros. Sizes as in [`new_aij`](Self::new_aij). Its local block can be read and
    /// written in place with [`dense_view`](Self::dense_view) and
    /// [`dense_view_mut`](Self::dense_view_mut).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = petsc::Mat::new_dense(&petsc.self_comm(), None, None, Some(2), Some(3))?;
    /// a.set_values(&[0, 1], &[0, 2], &[1.0, 2.0, 3.0, 4.0], petsc::InsertMode::Insert)?;
    /// a.assemble()?;
    /// assert_eq!(a.values(&[1], &[0, 1, 2])?, vec![3.0, 0.0, 4.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCreateDense")]
    pub fn new_dense(
        comm: &Comm,
        local_rows: Option<Int>,
        local_cols: Option<Int>,
        global_rows: Option<Int>,
        global_cols: Option<Int>,
    ) -> Result<Mat> {
        const CTX: &str = "Mat::new_dense";
        let s = Sizes::new(comm, CTX, local_rows, local_cols, global_rows, global_cols)?;
        let [m, n, big_m, big_n] = s.raw();
        let mut a: sys::Mat = std::ptr::null_mut();
        // SAFETY: live communicator; a null array makes PETSc allocate (zeroed) storage.
        check(unsafe {
            sys::MatCreateDense(
                comm.as_raw(),
                m,
                n,
                big_m,
                big_n,
                std::ptr::null_mut(),
                &mut a,
            )
        })?;
        Ok(Mat::from_raw(comm.petsc(), a))
    }

    /// A block compressed-row matrix with `bs x bs` blocks (`MatCreateBAIJ`, collective):
    /// `diag_nz`/`off_diag_nz` are block non-zeros per block row inside and outside the
    /// diagonal part. Every size given must be a multiple of `bs` (checked on every
    /// rank). Entries are set one by one with [`set_values`](Self::set_values) or block
    /// by block with [`set_values_blocked`](Self::set_values_blocked).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::new_baij(&c, 2, None, None, Some(4), Some(4), 2, 0)?;
    /// assert_eq!(a.block_size()?, 2);
    /// // Block row 1, block column 0: the 2x2 block [[1, 2], [3, 4]].
    /// a.set_values_blocked(&[1], &[0], &[1.0, 2.0, 3.0, 4.0], petsc::InsertMode::Insert)?;
    /// a.assemble()?;
    /// assert_eq!(a.values(&[2, 3], &[0, 1])?, vec![1.0, 2.0, 3.0, 4.0]);
    /// assert!(petsc::Mat::new_baij(&c, 2, None, None, Some(3), Some(3), 1, 0).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCreateBAIJ")]
    #[allow(clippy::too_many_arguments)]
    pub fn new_baij(
        comm: &Comm,
        bs: Int,
        local_rows: Option<Int>,
        local_cols: Option<Int>,
        global_rows: Option<Int>,
        global_cols: Option<Int>,
        diag_nz: Int,
        off_diag_nz: Int,
    ) -> Result<Mat> {
        let s = block_sizes(
            comm,
            "Mat::new_baij",
            bs,
            [local_rows, local_cols, global_rows, global_cols],
            false,
            [diag_nz, off_diag_nz],
        )?;
        let [m, n, big_m, big_n] = s.raw();
        let mut a: sys::Mat = std::ptr::null_mut();
        // SAFETY: live communicator; sizes checked to be multiples of `bs`; null per-row
        // arrays mean "use the scalar counts".
        check(unsafe {
            sys::MatCreateBAIJ(
                comm.as_raw(),
                bs,
                m,
                n,
                big_m,
                big_n,
                diag_nz,
                std::ptr::null(),
                off_diag_nz,
                std::ptr::null(),
                &mut a,
            )
        })?;
        Ok(Mat::from_raw(comm.petsc(), a))
    }

    /// A symmetric block matrix storing the upper triangle with `bs x bs` blocks
    /// (`MatCreateSBAIJ`, collective). Square; sizes and preallocation as in
    /// [`new_baij`](Self::new_baij), counting only blocks on or above the diagonal.
    /// Entries below the diagonal are refused by PETSc unless
    /// [`MatOption::IgnoreLowerTriangular`](crate::MatOption::IgnoreLowerTriangular) is
    /// set.
    ///
    /// ```
    /// use petsc::{InsertMode, MatOption};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = petsc::Mat::new_sbaij(&petsc.self_comm(), 1, None, None, Some(2), Some(2), 2, 0)?;
    /// a.set_option(MatOption::IgnoreLowerTriangular, true)?;
    /// a.set_values(&[0, 1], &[0, 1], &[2.0, -1.0, -1.0, 2.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// // Only the upper triangle is stored.
    /// assert_eq!(a.values(&[0], &[0, 1])?, vec![2.0, -1.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCreateSBAIJ")]
    #[allow(clippy::too_many_arguments)]
    pub fn new_sbaij(
        comm: &Comm,
        bs: Int,
        local_rows: Option<Int>,
        local_cols: Option<Int>,
        global_rows: Option<Int>,
        global_cols: Option<Int>,
        diag_nz: Int,
        off_diag_nz: Int,
    ) -> Result<Mat> {
        let s = block_sizes(
            comm,
            "Mat::new_sbaij",
            bs,
            [local_rows, local_cols, global_rows, global_cols],
            true,
            [diag_nz, off_diag_nz],
        )?;
        let [m, n, big_m, big_n] = s.raw();
        let mut a: sys::Mat = std::ptr::null_mut();
        // SAFETY: as in new_baij.
        check(unsafe {
            sys::MatCreateSBAIJ(
                comm.as_raw(),
                bs,
                m,
                n,
                big_m,
                big_n,
                diag_nz,
                std::ptr::null(),
                off_diag_nz,
                std::ptr::null(),
                &mut a,
            )
        })?;
        Ok(Mat::from_raw(comm.petsc(), a))
    }

    /// An AIJ matrix that also keeps its structure in compressed-row form for faster
    /// products on vector machines (`MatCreateSeqAIJCRL`/`MatCreateMPIAIJCRL`): the
    /// same as [`new_aij`](Self::new_aij) with the type `"aijcrl"`.
    ///
    /// ```
    /// use petsc::Object;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = petsc::Mat::new_aijcrl(&petsc.self_comm(), None, None, Some(2), Some(2), 1, 0)?;
    /// a.set_value(1, 1, 3.0, petsc::InsertMode::Insert)?;
    /// a.assemble()?;
    /// assert_eq!(a.type_name()?, "seqaijcrl");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCreateSeqAIJCRL")]
    #[doc(alias = "MatCreateMPIAIJCRL")]
    pub fn new_aijcrl(
        comm: &Comm,
        local_rows: Option<Int>,
        local_cols: Option<Int>,
        global_rows: Option<Int>,
        global_cols: Option<Int>,
        diag_nz: Int,
        off_diag_nz: Int,
    ) -> Result<Mat> {
        const CTX: &str = "Mat::new_aijcrl";
        let s = Sizes::new(comm, CTX, local_rows, local_cols, global_rows, global_cols)?;
        if [diag_nz, off_diag_nz]
            .iter()
            .any(|&k| k < 0 && !default_count(k))
        {
            return Err(Error::invalid(CTX, "a preallocation count is negative"));
        }
        let mut a = Mat::new(comm)?;
        let [m, n, big_m, big_n] = s.raw();
        // SAFETY: live matrix without sizes; sizes checked on every rank.
        check(unsafe { sys::MatSetSizes(a.ptr, m, n, big_m, big_n) })?;
        a.set_type(MatType::AijCrl)?;
        // SAFETY: live AIJCRL matrix (AIJ storage); null per-row arrays mean "use the
        // scalar counts"; the call for the other size of communicator is a no-op.
        check(unsafe { sys::MatSeqAIJSetPreallocation(a.ptr, diag_nz, std::ptr::null()) })?;
        // SAFETY: as above.
        check(unsafe {
            sys::MatMPIAIJSetPreallocation(
                a.ptr,
                diag_nz,
                std::ptr::null(),
                off_diag_nz,
                std::ptr::null(),
            )
        })?;
        Ok(a)
    }

    /// The global sizes the matrix has or will have once its layout is set up
    /// (collective when only local sizes were given); `None` without sizes.
    pub(super) fn planned_size(&self) -> Result<Option<(Int, Int)>> {
        let (m, n) = self.size()?;
        let (lm, ln) = self.local_size()?;
        let comm = self.comm();
        let resolve = |g: Int, l: Int| -> Result<Option<Int>> {
            if g >= 0 {
                Ok(Some(g))
            } else if l >= 0 {
                Ok(Some(super::split_ownership(&comm, Some(l), None)?.1))
            } else {
                Ok(None)
            }
        };
        Ok(resolve(m, lm)?.zip(resolve(n, ln)?))
    }

    crate::methods![for Mat;
        /// The block size (`MatGetBlockSize`; 1 unless set).
        pub fn block_size(&self) -> Int = MatGetBlockSize as "MatGetBlockSize";
    ];

    /// The row and column block sizes (`MatGetBlockSizes`).
    #[doc(alias = "MatGetBlockSizes")]
    pub fn block_sizes(&self) -> Result<(Int, Int)> {
        let (mut r, mut c): (Int, Int) = (0, 0);
        // SAFETY: live matrix.
        check(unsafe { sys::MatGetBlockSizes(self.ptr, &mut r, &mut c) })?;
        Ok((r, c))
    }

    /// Sets the block size of rows and columns (`MatSetBlockSize`), before
    /// [`set_up`](Self::set_up); the sizes must be multiples of it (PETSc checks).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = petsc::Mat::new(&petsc.self_comm())?;
    /// a.set_sizes(None, None, Some(4), Some(4))?;
    /// a.set_block_size(2)?;
    /// a.set_type_name("baij")?;
    /// a.set_up()?;
    /// assert_eq!(a.block_sizes()?, (2, 2));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSetBlockSize")]
    pub fn set_block_size(&mut self, bs: Int) -> Result<()> {
        self.set_block_sizes(bs, bs)
    }

    /// Sets the row and column block sizes (`MatSetBlockSizes`); both at least 1.
    #[doc(alias = "MatSetBlockSizes")]
    pub fn set_block_sizes(&mut self, row_bs: Int, col_bs: Int) -> Result<()> {
        const CTX: &str = "Mat::set_block_sizes";
        if row_bs < 1 || col_bs < 1 {
            return Err(Error::invalid(
                CTX,
                format!("block sizes must be at least 1, got {row_bs} and {col_bs}"),
            ));
        }
        // SAFETY: live matrix; PETSc checks the sizes against the layout.
        check(unsafe { sys::MatSetBlockSizes(self.ptr, row_bs, col_bs) })
    }

    crate::methods![for Mat;
        /// Sets the type of the vectors [`create_vecs`](Self::create_vecs) makes
        /// (`MatSetVecType`; `"standard"`, `"mpi"`, ...).
        pub fn set_vec_type(&mut self, name: &str) = MatSetVecType as "MatSetVecType";

        /// The type of the vectors [`create_vecs`](Self::create_vecs) makes
        /// (`MatGetVecType`).
        pub fn vec_type(&self) -> String = MatGetVecType as "MatGetVecType";
    ];
}

/// Checks the sizes and the preallocation of a blocked matrix on every rank: `bs >= 1`,
/// every size given a multiple of `bs`, counts not negative, square when `square`.
fn block_sizes(
    comm: &Comm,
    context: &str,
    bs: Int,
    sizes: [Option<Int>; 4],
    square: bool,
    nz: [Int; 2],
) -> Result<Sizes> {
    let [lr, lc, gr, gc] = sizes;
    let s = Sizes::new(comm, context, lr, lc, gr, gc)?;
    let local = (|| {
        if bs < 1 {
            return Err(Error::invalid(
                context,
                format!("the block size must be at least 1, got {bs}"),
            ));
        }
        let names = [
            "local rows",
            "local columns",
            "global rows",
            "global columns",
        ];
        for (name, size) in names.iter().zip(sizes) {
            if let Some(k) = size.filter(|k| k % bs != 0) {
                return Err(Error::size_mismatch(
                    context,
                    format!("{k} {name} is not a multiple of the block size {bs}"),
                ));
            }
        }
        if square && (lr != lc || gr != gc) {
            return Err(Error::size_mismatch(
                context,
                "a symmetric block matrix is square: give the same row and column sizes",
            ));
        }
        if let Some(k) = nz.iter().find(|&&k| k < 0 && !default_count(k)) {
            return Err(Error::invalid(
                context,
                format!("a preallocation count is negative ({k})"),
            ));
        }
        Ok(())
    })();
    comm.agree(context, local)?;
    comm.check_same(context, &[("block size", crate::comm::wide(bs))])?;
    Ok(s)
}

/// Whether a preallocation count is PETSc's marker for its default count
/// (`PETSC_DEFAULT`, `PETSC_DECIDE`), which PETSc accepts.
fn default_count(k: Int) -> bool {
    k == sys::PETSC_DEFAULT as Int || k == sys::PETSC_DECIDE as Int
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl Mat {
    /// The former name of [`new`](Self::new).
    #[deprecated(
        since = "0.2.0",
        note = "use `Mat::new` (constructors are `new`/`new_*`)"
    )]
    pub fn create(comm: &Comm) -> Result<Mat> {
        Self::new(comm)
    }

    /// The former name of [`ty`](Self::ty).
    #[deprecated(
        since = "0.2.0",
        note = "use `Mat::ty` (getters have no `get_` prefix)"
    )]
    pub fn get_type(&self) -> Result<Option<MatType>> {
        self.ty()
    }
}
