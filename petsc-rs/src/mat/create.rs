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
    /// [`set_sizes_to`](Self::set_sizes_to), a type with [`set_type`](Self::set_type) (or
    /// `-mat_type` through [`set_from_options`](Self::set_from_options)), then
    /// [`set_up`](Self::set_up) for PETSc's default preallocation.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, MatType, Object, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = Mat::new(&petsc.self_comm())?;
    /// a.set_sizes_to(Sizes::global(3, 3))?;
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

    /// Sets the layout of a matrix made by [`new`](Self::new) (`MatSetSizes`,
    /// collective): [`Sizes::global`], [`Sizes::local`] or both, what PETSc is not
    /// given it decides. The sizes are checked on every rank at once, and a matrix whose
    /// sizes are already fixed cannot change them. [`sizes`](Self::sizes) reads them
    /// back.
    ///
    /// ```
    /// use petsc::{Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = Mat::new(&petsc.self_comm())?;
    /// assert!(a.set_sizes_to(Sizes::local(2, 3).with_global(3, 3)).is_err());
    /// a.set_sizes_to(Sizes::global(2, 4))?;
    /// a.set_type_name("dense")?;
    /// a.set_up()?;
    /// assert_eq!(a.sizes()?, Sizes::global(2, 4).with_local(2, 4));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSetSizes")]
    pub fn set_sizes_to(&mut self, sizes: Sizes) -> Result<()> {
        const CTX: &str = "Mat::set_sizes_to";
        self.check_loan(CTX)?;
        let s = sizes.check(&self.comm(), CTX)?;
        let [m, n, big_m, big_n] = s.raw();
        self.global_size.set(None);
        // SAFETY: live matrix; PETSc refuses to change sizes once they are set.
        check(unsafe { sys::MatSetSizes(self.ptr, m, n, big_m, big_n) })
    }

    /// The first form of [`set_sizes_to`](Self::set_sizes_to): four positional sizes,
    /// local rows and columns then global ones, `None` for `PETSC_DECIDE`.
    #[deprecated(
        since = "0.2.0",
        note = "use `Mat::set_sizes_to(Sizes::global(m, n))` (or `Sizes::local`, `with_global`: named sizes cannot be swapped unnoticed)"
    )]
    pub fn set_sizes(
        &mut self,
        local_rows: Option<Int>,
        local_cols: Option<Int>,
        global_rows: Option<Int>,
        global_cols: Option<Int>,
    ) -> Result<()> {
        self.set_sizes_to(Sizes {
            local_rows,
            local_cols,
            global_rows,
            global_cols,
        })
    }

    /// Sets the type (`MatSetType`, collective); see
    /// [`set_type_name`](Self::set_type_name).
    #[doc(alias = "MatSetType")]
    pub fn set_type(&mut self, ty: MatType) -> Result<()> {
        self.check_loan("Mat::set_type")?;
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
    /// use petsc::{Object, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = petsc::Mat::new(&petsc.self_comm())?;
    /// a.set_sizes_to(Sizes::global(2, 2))?;
    /// let e = a.set_type_name("nosuchtype").unwrap_err();
    /// assert!(e.to_string().contains("nosuchtype"), "{e}");
    /// a.set_type_name("baij")?;
    /// assert_eq!(a.type_name()?, "seqbaij");
    /// assert!(a.set_type_name("aij").is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSetType")]
    pub fn set_type_name(&mut self, name: &str) -> Result<()> {
        self.check_loan("Mat::set_type_name")?;
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
        self.check_loan("Mat::set_up")?;
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

    /// A dense matrix from positional sizes.
    #[deprecated(
        since = "0.2.0",
        note = "use `Mat::dense(comm).sizes(Sizes::global(m, n)).build()` (named sizes cannot be swapped unnoticed)"
    )]
    pub fn new_dense(
        comm: &Comm,
        local_rows: Option<Int>,
        local_cols: Option<Int>,
        global_rows: Option<Int>,
        global_cols: Option<Int>,
    ) -> Result<Mat> {
        let sizes = Sizes {
            local_rows,
            local_cols,
            global_rows,
            global_cols,
        };
        Mat::dense(comm).sizes(sizes).build()
    }

    /// A block matrix from a block size, positional sizes and counts of non-zero
    /// blocks per block row.
    #[deprecated(
        since = "0.2.0",
        note = "use `Mat::baij(comm).block_size(bs).sizes(..).preallocate(diag_nz, off_diag_nz).build()` (named sizes cannot be swapped unnoticed)"
    )]
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
        let sizes = Sizes {
            local_rows,
            local_cols,
            global_rows,
            global_cols,
        };
        Mat::baij(comm)
            .block_size(bs)
            .sizes(sizes)
            .preallocate(diag_nz, off_diag_nz)
            .build()
    }

    /// A symmetric block matrix from a block size, positional sizes and counts of non-zero
    /// blocks per block row.
    #[deprecated(
        since = "0.2.0",
        note = "use `Mat::sbaij(comm).block_size(bs).sizes(..).preallocate(diag_nz, off_diag_nz).build()` (named sizes cannot be swapped unnoticed)"
    )]
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
        let sizes = Sizes {
            local_rows,
            local_cols,
            global_rows,
            global_cols,
        };
        Mat::sbaij(comm)
            .block_size(bs)
            .sizes(sizes)
            .preallocate(diag_nz, off_diag_nz)
            .build()
    }

    /// An AIJCRL matrix from positional sizes and counts of non-zeros per row.
    #[deprecated(
        since = "0.2.0",
        note = "use `Mat::builder(comm, MatType::AijCrl).sizes(..).preallocate(diag_nz, off_diag_nz).build()` (named sizes cannot be swapped unnoticed)"
    )]
    pub fn new_aijcrl(
        comm: &Comm,
        local_rows: Option<Int>,
        local_cols: Option<Int>,
        global_rows: Option<Int>,
        global_cols: Option<Int>,
        diag_nz: Int,
        off_diag_nz: Int,
    ) -> Result<Mat> {
        let sizes = Sizes {
            local_rows,
            local_cols,
            global_rows,
            global_cols,
        };
        Mat::builder(comm, MatType::AijCrl)
            .sizes(sizes)
            .preallocate(diag_nz, off_diag_nz)
            .build()
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
    /// a.set_sizes_to(petsc::Sizes::global(4, 4))?;
    /// a.set_block_size(2)?;
    /// a.set_type_name("baij")?;
    /// a.set_up()?;
    /// assert_eq!(a.block_sizes()?, (2, 2));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSetBlockSize")]
    pub fn set_block_size(&mut self, bs: Int) -> Result<()> {
        self.check_loan("Mat::set_block_size")?;
        self.set_block_sizes(bs, bs)
    }

    /// Sets the row and column block sizes (`MatSetBlockSizes`); both at least 1.
    #[doc(alias = "MatSetBlockSizes")]
    pub fn set_block_sizes(&mut self, row_bs: Int, col_bs: Int) -> Result<()> {
        self.check_loan("Mat::set_block_sizes")?;
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
pub(super) fn block_sizes(
    comm: &Comm,
    context: &str,
    bs: Int,
    sizes: [Option<Int>; 4],
    square: bool,
    nz: [Int; 2],
) -> Result<Sizes> {
    let [lr, lc, gr, gc] = sizes;
    let s = Sizes::checked_from(comm, context, lr, lc, gr, gc)?;
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
pub(super) fn default_count(k: Int) -> bool {
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
