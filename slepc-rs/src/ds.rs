//! Dense solvers (`DS`): the small dense problems SLEPc's eigensolvers project onto, on
//! one process' memory: Hermitian and non-Hermitian eigenproblems, generalized ones,
//! singular value problems, polynomial and nonlinear eigenproblems.
//!
//! A [`DenseSolver`] is allocated for a leading dimension ([`DenseSolver::allocate`]), given its
//! dimensions ([`DenseSolver::set_dimensions_to`]) and its matrices ([`DenseSolver::array_mut`]), then solved
//! ([`DenseSolver::solve`]); vectors follow ([`DenseSolver::vectors`]). Every method that needs the
//! storage, a matrix or a solved problem says so with an `Err` (SLEPc's optimized
//! builds check none of them).
//!
//! ```
//! use slepc::{DenseSolver, DsMatType, DenseSolverType};
//! let petsc = petsc::Petsc::init()?;
//! let mut ds = DenseSolver::new(&petsc.self_comm())?;
//! ds.set_type(DenseSolverType::Hep)?;
//! ds.allocate(3)?;
//! ds.set_dimensions_to(slepc::DsDimensions::new(3))?;
//! {
//!     // The symmetric tridiagonal matrix [2 -1 0; -1 2 -1; 0 -1 2], column by column.
//!     let mut a = ds.array_mut(DsMatType::A)?;
//!     a.copy_from_slice(&[2.0, -1.0, 0.0, -1.0, 2.0, -1.0, 0.0, -1.0, 2.0]);
//! }
//! let (re, _) = ds.solve()?;
//! let exact = [2.0 - 2f64.sqrt(), 2.0, 2.0 + 2f64.sqrt()];
//! let mut got = re.to_vec();
//! got.sort_by(f64::total_cmp);
//! assert!(got.iter().zip(exact).all(|(g, e)| (g - e).abs() < 1e-12));
//! # Ok::<(), petsc::Error>(())
//! ```

use std::marker::PhantomData;

use petsc::{Comm, Error, Int, Mat, Object, Real, Result, Scalar};
use slepc_sys as sys;

use crate::Slepc;
use crate::error::check;
use crate::handle::{slepc_handle, type_enum};

slepc_handle!(
    /// A dense solver (`DS`), named `DenseSolver` so that it and PETSc's
    /// [`DiscreteSystem`](petsc::DiscreteSystem) (`PetscDS`) can both be glob-imported.
    ///
    /// ```compile_fail,E0277
    /// fn send<T: Send>(_: T) {}
    /// let petsc = petsc::Petsc::init()?;
    /// send(slepc::DenseSolver::new(&petsc.self_comm())?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DS")]
    #[doc(alias = "Ds")]
    DenseSolver,
    sys::DS,
    sys::DSDestroy,
    /// A dense solver on `comm` (`DSCreate`), with no type and no storage.
    new = sys::DSCreate as "DSCreate",
);

type_enum!(
#[doc(alias = "DSType")]
#[doc(alias = "DsType")]
/// Dense solver types (`DSType`); [`DenseSolverType::Other`] names any registered type.
///
/// ```
/// use slepc::DenseSolverType;
/// assert_eq!(DenseSolverType::Nhep.as_str(), "nhep");
/// ```
DenseSolverType {
    Hep = "hep" "`DSHEP`: Hermitian eigenproblem.",
    Nhep = "nhep" "`DSNHEP`: non-Hermitian eigenproblem.",
    Ghep = "ghep" "`DSGHEP`: generalized Hermitian eigenproblem.",
    Ghiep = "ghiep" "`DSGHIEP`: generalized Hermitian-indefinite eigenproblem.",
    Gnhep = "gnhep" "`DSGNHEP`: generalized non-Hermitian eigenproblem.",
    Nhepts = "nhepts" "`DSNHEPTS`: non-Hermitian eigenproblem for two-sided solvers.",
    Svd = "svd" "`DSSVD`: singular value decomposition.",
    Hsvd = "hsvd" "`DSHSVD`: hyperbolic singular value decomposition (SLEPc 3.19 on).",
    Gsvd = "gsvd" "`DSGSVD`: generalized singular value decomposition.",
    Pep = "pep" "`DSPEP`: polynomial eigenproblem.",
    Nep = "nep" "`DSNEP`: nonlinear eigenproblem.",
});

petsc::class_methods! {
    DenseSolver: DenseSolverType, "DS", sys::DSList,
    example = "let mut obj = slepc::DenseSolver::new(&petsc.self_comm())?;", a_type = "nhep",
    inner = "",
    set_type = sys::DSSetType as "DSSetType",
    set_options_prefix = sys::DSSetOptionsPrefix as "DSSetOptionsPrefix",
    append_options_prefix = sys::DSAppendOptionsPrefix as "DSAppendOptionsPrefix",
    options_prefix = sys::DSGetOptionsPrefix as "DSGetOptionsPrefix",
    set_from_options = sys::DSSetFromOptions as "DSSetFromOptions",
}

petsc::c_enum! {
    /// How far a dense problem has been reduced (`DSStateType`).
    pub DsStateType: sys::DSStateType {
        Raw = DS_STATE_RAW "not processed.",
        Intermediate = DS_STATE_INTERMEDIATE "Hessenberg or tridiagonal form.",
        Condensed = DS_STATE_CONDENSED "Schur or diagonal form (solved).",
        Truncated = DS_STATE_TRUNCATED "condensed, then truncated.",
    }
}

petsc::c_enum! {
    /// One of a dense solver's matrices (`DSMatType`).
    pub DsMatType: sys::DSMatType {
        A = DS_MAT_A "the (first) matrix of the problem.",
        B = DS_MAT_B "the second matrix of a generalized problem.",
        C = DS_MAT_C "the third matrix of a quadratic problem.",
        T = DS_MAT_T "a tridiagonal matrix.",
        D = DS_MAT_D "a diagonal matrix.",
        Q = DS_MAT_Q "the (right) Schur vectors.",
        Z = DS_MAT_Z "the left Schur vectors.",
        X = DS_MAT_X "the right eigenvectors.",
        Y = DS_MAT_Y "the left eigenvectors.",
        U = DS_MAT_U "the left singular vectors.",
        V = DS_MAT_V "the right singular vectors.",
        W = DS_MAT_W "work space.",
    }
}

petsc::c_enum! {
    /// How the ranks of a dense solver's communicator share its work
    /// (`DSParallelType`).
    pub DsParallelType: sys::DSParallelType {
        Redundant = DS_PARALLEL_REDUNDANT "every rank computes the same.",
        Synchronized = DS_PARALLEL_SYNCHRONIZED "the first rank computes and sends.",
        Distributed = DS_PARALLEL_DISTRIBUTED "the work is split (some types).",
    }
}

/// The dimensions of a dense problem, by SLEPc's names ([`DenseSolver::dimensions`] and
/// [`DenseSolver::set_dimensions_to`], which round-trip).
///
/// ```
/// use slepc::DsDimensions;
/// let d = DsDimensions::new(6).l(1).k(4);
/// assert_eq!(d, DsDimensions { n: 6, l: 1, k: 4, t: 6 });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DsDimensions {
    /// The size of the problem (`n`), at most the leading dimension.
    pub n: Int,
    /// The number of locked (leading) rows and columns, already converged (`l`), at
    /// most `n`.
    pub l: Int,
    /// The intermediate dimension (`k`), at most `n`: the start of the arrow of an
    /// arrowhead form, the end of the locked part for others.
    pub k: Int,
    /// The size after truncation (`t`): set by [`DenseSolver::truncate`], `n` otherwise
    /// (setting the dimensions makes it `n`).
    pub t: Int,
}

impl DsDimensions {
    /// A problem of size `n`, nothing locked (`l = k = 0`), not truncated (`t = n`).
    pub fn new(n: Int) -> Self {
        DsDimensions {
            n,
            l: 0,
            k: 0,
            t: n,
        }
    }

    /// The same with `l` locked leading rows and columns.
    #[must_use]
    pub fn l(self, l: Int) -> Self {
        DsDimensions { l, ..self }
    }

    /// The same with the intermediate dimension `k`.
    #[must_use]
    pub fn k(self, k: Int) -> Self {
        DsDimensions { k, ..self }
    }
}

impl DenseSolver {
    /// The same as [`new`](Self::new) (slepc4py's `create`).
    #[deprecated(
        since = "0.2.0",
        note = "use `DenseSolver::new` (constructors are `new`/`new_*`)"
    )]
    #[doc(alias = "DSCreate")]
    pub fn create(comm: &Comm) -> Result<DenseSolver> {
        DenseSolver::new(comm)
    }

    /// A new dense solver of the same type and settings, without its storage
    /// (`DSDuplicate`).
    #[doc(alias = "DSDuplicate")]
    pub fn duplicate(&self) -> Result<DenseSolver> {
        let mut ds: sys::DS = std::ptr::null_mut();
        // SAFETY: live solver; SLEPc writes the new object.
        check(unsafe { sys::DSDuplicate(self.ptr, &mut ds) })?;
        Ok(DenseSolver::from_raw(&self.slepc, ds))
    }

    /// The leading dimension (0 before [`allocate`](Self::allocate)) and the matrices
    /// that exist, a bit each.
    fn storage(&self) -> Result<(Int, Int)> {
        let (mut ld, mut mats): (Int, Int) = (0, 0);
        // SAFETY: live solver; the shim reads two fields.
        check(unsafe { sys::slepcrs_DSGetStorage(self.ptr, &mut ld, &mut mats) })?;
        Ok((ld, mats))
    }

    /// Refuses a solver without storage.
    fn allocated(&self, ctx: &str) -> Result<()> {
        if self.storage()?.0 == 0 {
            return Err(Error::invalid(
                ctx,
                "the dense solver has no storage: call allocate first",
            ));
        }
        Ok(())
    }

    /// Refuses a matrix the solver does not have (its type has no such matrix).
    fn has_mat(&self, ctx: &str, m: DsMatType) -> Result<()> {
        self.allocated(ctx)?;
        let bit = m.raw().0;
        if bit >= 31 || self.storage()?.1 & (1 << bit) == 0 {
            return Err(Error::invalid(
                ctx,
                format!(
                    "the dense solver (type '{}') has no matrix {m:?}",
                    self.type_name()?
                ),
            ));
        }
        Ok(())
    }

    /// Refuses a problem not solved yet.
    fn solved(&self, ctx: &str) -> Result<()> {
        self.allocated(ctx)?;
        let s = self.state()?;
        if !matches!(s, DsStateType::Condensed | DsStateType::Truncated) {
            return Err(Error::invalid(
                ctx,
                format!("the dense problem is in state {s:?}: call solve first"),
            ));
        }
        Ok(())
    }

    /// Refuses a getter of another type than the solver's, as SLEPc's getters do (its
    /// setters ignore other types, and so do ours).
    fn of_type(&self, ctx: &str, want: DenseSolverType) -> Result<()> {
        let t = self.type_name()?;
        if t != want.as_str() {
            return Err(Error::invalid(
                ctx,
                format!(
                    "the dense solver has type '{}'; this needs '{}'",
                    if t.is_empty() { "none" } else { &t },
                    want.as_str()
                ),
            ));
        }
        Ok(())
    }

    /// Allocates the storage for problems of size up to `ld` (`DSAllocate`); the
    /// type must be set first.
    #[doc(alias = "DSAllocate")]
    pub fn allocate(&mut self, ld: Int) -> Result<()> {
        const CTX: &str = "DenseSolver::allocate";
        if ld < 1 {
            return Err(Error::invalid(
                CTX,
                format!("ld is {ld}; it must be at least 1"),
            ));
        }
        if self.ty()?.is_none() {
            return Err(Error::invalid(
                CTX,
                "the dense solver has no type: set_type first",
            ));
        }
        // SAFETY: live, typed solver.
        check(unsafe { sys::DSAllocate(self.ptr, ld) })
    }

    petsc::methods![for DenseSolver;
        /// Frees the storage (`DSReset`).
        pub fn reset(&mut self) = DSReset as "DSReset";
        /// The leading dimension of the storage (`DSGetLeadingDimension`).
        pub fn leading_dimension(&self) -> Int
            = DSGetLeadingDimension as "DSGetLeadingDimension";
        /// Sets how far the problem is reduced (`DSSetState`).
        pub fn set_state(&mut self, state: DsStateType) = DSSetState as "DSSetState";
        /// How far the problem is reduced (`DSGetState`).
        pub fn state(&self) -> DsStateType = DSGetState as "DSGetState";
        /// Sets how the ranks share the work (`DSSetParallel`).
        pub fn set_parallel(&mut self, kind: DsParallelType) = DSSetParallel as "DSSetParallel";
        /// How the ranks share the work (`DSGetParallel`).
        pub fn parallel(&self) -> DsParallelType = DSGetParallel as "DSGetParallel";
        /// Sets the block size (`DSSetBlockSize`).
        pub fn set_block_size(&mut self, bs: Int where bs >= 1) = DSSetBlockSize as "DSSetBlockSize";
        /// The block size (`DSGetBlockSize`).
        pub fn block_size(&self) -> Int = DSGetBlockSize as "DSGetBlockSize";
        /// Chooses among the type's methods (`DSSetMethod`).
        pub fn set_method(&mut self, method: Int where method >= 0) = DSSetMethod as "DSSetMethod";
        /// The method (`DSGetMethod`).
        pub fn method(&self) -> Int = DSGetMethod as "DSGetMethod";
        /// Stores tridiagonal and arrow matrices compactly (`DSSetCompact`).
        pub fn set_compact(&mut self, flag: bool) = DSSetCompact as "DSSetCompact";
        /// Whether the storage is compact (`DSGetCompact`).
        pub fn compact(&self) -> bool = DSGetCompact as "DSGetCompact";
        /// Keeps an extra row below the problem (`DSSetExtraRow`).
        pub fn set_extra_row(&mut self, flag: bool) = DSSetExtraRow as "DSSetExtraRow";
        /// Whether there is an extra row (`DSGetExtraRow`).
        pub fn extra_row(&self) -> bool = DSGetExtraRow as "DSGetExtraRow";
        /// Computes refined vectors (`DSSetRefined`).
        pub fn set_refined(&mut self, flag: bool) = DSSetRefined as "DSSetRefined";
        /// Whether refined vectors are computed (`DSGetRefined`).
        pub fn refined(&self) -> bool = DSGetRefined as "DSGetRefined";
        /// Updates the extra row after a change of basis (`DSUpdateExtraRow`); needs
        /// the storage.
        pub fn update_extra_row(&mut self) = DSUpdateExtraRow as "DSUpdateExtraRow",
            needs allocated();
        /// The condition number of the matrix A in the 2-norm (`DSCond`); needs the
        /// storage.
        pub fn cond(&mut self) -> Real = DSCond as "DSCond", needs allocated();
    ];

    /// Sets the size `n` of the problem, the `l` leading rows and columns already
    /// converged and the intermediate dimension `k` (`DSSetDimensions`), from the struct
    /// [`dimensions`](Self::dimensions) returns; the size after truncation `t` becomes
    /// `n` (as SLEPc does), so it must be `n` ([`DsDimensions::new`] makes it so).
    /// Needs the storage, and `0 <= l <= n`, `0 <= k <= n`, `n <= ld`.
    ///
    /// ```
    /// use slepc::{DenseSolver, DenseSolverType, DsDimensions};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ds = DenseSolver::new(&petsc.self_comm())?;
    /// ds.set_type(DenseSolverType::Hep)?;
    /// ds.allocate(5)?;
    /// ds.set_dimensions_to(DsDimensions::new(4).l(1).k(2))?;
    /// assert_eq!(ds.dimensions()?, DsDimensions::new(4).l(1).k(2));
    /// ds.set_dimensions_to(ds.dimensions()?)?; // the round trip changes nothing
    /// assert!(ds.set_dimensions_to(DsDimensions::new(6)).is_err()); // n > ld
    /// assert!(ds.set_dimensions_to(DsDimensions { t: 2, ..DsDimensions::new(4) }).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DSSetDimensions")]
    pub fn set_dimensions_to(&mut self, dimensions: DsDimensions) -> Result<()> {
        const CTX: &str = "DenseSolver::set_dimensions_to";
        let DsDimensions { n, l, k, t } = dimensions;
        if t != n {
            return Err(Error::invalid(
                CTX,
                format!(
                    "t is {t} and n {n}: the size after truncation is set by truncate, and \
                     setting the dimensions makes it n"
                ),
            ));
        }
        self.apply_dimensions(CTX, n, l, k)
    }

    /// Sets the dimensions (`DSSetDimensions`) with three positional arguments.
    #[deprecated(
        since = "0.2.0",
        note = "use `set_dimensions_to(DsDimensions::new(n).l(l).k(k))` (sizes by name; `dimensions()` returns the same struct)"
    )]
    #[doc(alias = "DSSetDimensions")]
    pub fn set_dimensions(&mut self, n: Int, l: Int, k: Int) -> Result<()> {
        self.apply_dimensions("DenseSolver::set_dimensions", n, l, k)
    }

    /// `DSSetDimensions` with its arguments checked.
    fn apply_dimensions(&mut self, ctx: &str, n: Int, l: Int, k: Int) -> Result<()> {
        self.allocated(ctx)?;
        let ld = self.leading_dimension()?;
        if !((0..=n).contains(&l) && (0..=n).contains(&k) && n <= ld) {
            return Err(Error::out_of_range(
                ctx,
                format!("n = {n}, l = {l}, k = {k} with ld = {ld}; need 0 <= l, k <= n <= ld"),
            ));
        }
        // SAFETY: allocated solver; dimensions within the storage (checked).
        check(unsafe { sys::DSSetDimensions(self.ptr, n, l, k) })
    }

    /// The dimensions (`DSGetDimensions`).
    #[doc(alias = "DSGetDimensions")]
    pub fn dimensions(&self) -> Result<DsDimensions> {
        let (mut n, mut l, mut k, mut t): (Int, Int, Int, Int) = (0, 0, 0, 0);
        // SAFETY: live solver; SLEPc writes the four outputs.
        check(unsafe { sys::DSGetDimensions(self.ptr, &mut n, &mut l, &mut k, &mut t) })?;
        Ok(DsDimensions { n, l, k, t })
    }

    /// Truncates a solved problem to size `n` (`DSTruncate`); with `trim`, the leading
    /// part is dropped too.
    #[doc(alias = "DSTruncate")]
    pub fn truncate(&mut self, n: Int, trim: bool) -> Result<()> {
        const CTX: &str = "DenseSolver::truncate";
        self.solved(CTX)?;
        let cur = self.dimensions()?.n;
        if n < 0 || n > cur {
            return Err(Error::out_of_range(
                CTX,
                format!("n is {n}; the problem has size {cur}"),
            ));
        }
        // SAFETY: solved problem; a size within it (checked).
        check(unsafe { sys::DSTruncate(self.ptr, n, petsc::declare::petsc_bool(trim)) })
    }

    /// Sets matrix `m` to the identity (`DSSetIdentity`); the solver must have it.
    #[doc(alias = "DSSetIdentity")]
    pub fn set_identity(&mut self, m: DsMatType) -> Result<()> {
        self.has_mat("DenseSolver::set_identity", m)?;
        // SAFETY: allocated solver with this matrix (checked).
        check(unsafe { sys::DSSetIdentity(self.ptr, m.raw()) })
    }

    /// Solves the problem (`DSSolve`): the eigenvalues (or singular values), real and
    /// imaginary parts (the imaginary parts are zero with complex scalars), `n` of
    /// each.
    #[doc(alias = "DSSolve")]
    pub fn solve(&mut self) -> Result<(Vec<Scalar>, Vec<Scalar>)> {
        const CTX: &str = "DenseSolver::solve";
        self.allocated(CTX)?;
        let ld = self.leading_dimension()? as usize;
        let n = self.dimensions()?.n.max(0) as usize;
        let (mut re, mut im) = (vec![Scalar::from(0.0); ld], vec![Scalar::from(0.0); ld]);
        // SAFETY: allocated solver; both arrays have the leading dimension's length.
        check(unsafe { sys::DSSolve(self.ptr, re.as_mut_ptr(), im.as_mut_ptr()) })?;
        re.truncate(n);
        im.truncate(n);
        Ok((re, im))
    }

    /// Computes the vectors of a solved problem into matrix `m` (`X`, `Y`, `U` or `V`;
    /// `DSVectors`), all of them.
    #[doc(alias = "DSVectors")]
    pub fn vectors(&mut self, m: DsMatType) -> Result<()> {
        const CTX: &str = "DenseSolver::vectors";
        self.solved(CTX)?;
        if !matches!(m, DsMatType::X | DsMatType::Y | DsMatType::U | DsMatType::V) {
            return Err(Error::invalid(
                CTX,
                format!("{m:?} holds no vectors; give X, Y, U or V"),
            ));
        }
        // SAFETY: solved problem; a matrix of vectors; all vectors (no index, no norm).
        check(unsafe {
            sys::DSVectors(
                self.ptr,
                m.raw(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        })
    }

    /// The entries of matrix `m`, column by column with the leading dimension as
    /// column stride (`DSGetArray`), to read; given back when the guard drops.
    #[doc(alias = "DSGetArray")]
    pub fn array(&self, m: DsMatType) -> Result<DsArray<'_>> {
        self.lend_array("DenseSolver::array", m, false)
    }

    /// [`array`](Self::array), to write.
    #[doc(alias = "DSGetArray")]
    pub fn array_mut(&mut self, m: DsMatType) -> Result<DsArrayMut<'_>> {
        self.lend_array("DenseSolver::array_mut", m, true)
            .map(DsArrayMut)
    }

    fn lend_array(&self, ctx: &str, m: DsMatType, write: bool) -> Result<DsArray<'_>> {
        self.has_mat(ctx, m)?;
        // Recorded with the solver, so that two handles to it cannot hand out a slice to
        // read and one to write at once.
        let obj = self.ptr as petsc::sys::PetscObject;
        let borrow = if write {
            petsc::ffi::ArrayBorrow::exclusive(obj, ctx)?
        } else {
            petsc::ffi::ArrayBorrow::shared(obj, ctx)?
        };
        let ld = self.leading_dimension()? as usize;
        let mut a: *mut Scalar = std::ptr::null_mut();
        // SAFETY: allocated solver with this matrix (checked); SLEPc lends its
        // `ld x ld` entries until DSRestoreArray.
        check(unsafe { sys::DSGetArray(self.ptr, m.raw(), &mut a) })?;
        Ok(DsArray {
            ds: self.ptr,
            m,
            data: a,
            len: ld * ld,
            restored: false,
            _borrow: borrow,
            _ds: PhantomData,
        })
    }

    /// Matrix `m` as a sequential dense matrix of the problem's size, sharing its
    /// storage (`DSGetMat`), given back when the guard drops.
    #[doc(alias = "DSGetMat")]
    pub fn mat(&mut self, m: DsMatType) -> Result<DsMat<'_>> {
        const CTX: &str = "DenseSolver::mat";
        self.has_mat(CTX, m)?;
        let mut a: sys::Mat = std::ptr::null_mut();
        // SAFETY: allocated solver with this matrix (checked); SLEPc lends a matrix
        // until DSRestoreMat.
        check(unsafe { sys::DSGetMat(self.ptr, m.raw(), &mut a) })?;
        // SAFETY: the live matrix SLEPc lent; the handle takes a reference and is marked
        // lent.
        let mat = match unsafe { Mat::from_raw_lent(self.slepc.petsc(), a) } {
            Ok(x) => x,
            Err(e) => {
                // SAFETY: gives back the matrix just lent.
                unsafe { sys::DSRestoreMat(self.ptr, m.raw(), &mut a) };
                return Err(e);
            }
        };
        Ok(DsMat {
            ds: self.ptr,
            m,
            raw: a,
            restored: false,
            mat,
            _ds: PhantomData,
        })
    }

    /// Gives back a matrix of [`mat`](Self::mat) (`DSRestoreMat`), with the
    /// `Err` of a failure; dropping the guard does the same.
    #[doc(alias = "DSRestoreMat")]
    pub fn restore_mat(mat: DsMat<'_>) -> Result<()> {
        mat.restore()
    }

    /// Sets the number of columns `m` of a singular value problem (`DSSVDSetDimensions`;
    /// type `svd`: SLEPc ignores it on another type, and so does this).
    #[doc(alias = "DSSVDSetDimensions")]
    pub fn set_svd_dimensions(&mut self, m: Int) -> Result<()> {
        // SAFETY: live solver; another type than svd ignores the call.
        check(unsafe { sys::DSSVDSetDimensions(self.ptr, m) })
    }

    /// The number of columns of a singular value problem (`DSSVDGetDimensions`).
    #[doc(alias = "DSSVDGetDimensions")]
    pub fn svd_dimensions(&self) -> Result<Int> {
        self.of_type("DenseSolver::svd_dimensions", DenseSolverType::Svd)?;
        let mut m: Int = 0;
        // SAFETY: live solver of type svd.
        check(unsafe { sys::DSSVDGetDimensions(self.ptr, &mut m) })?;
        Ok(m)
    }

    /// Sets the number of columns `m` of a hyperbolic singular value problem
    /// (`DSHSVDSetDimensions`, SLEPc 3.19 on; type `hsvd`: SLEPc ignores it on another
    /// type, and so does this).
    #[cfg(slepc_3_19)]
    #[doc(alias = "DSHSVDSetDimensions")]
    pub fn set_hsvd_dimensions(&mut self, m: Int) -> Result<()> {
        // SAFETY: live solver; another type than hsvd ignores the call.
        check(unsafe { sys::DSHSVDSetDimensions(self.ptr, m) })
    }

    /// The number of columns of a hyperbolic singular value problem
    /// (`DSHSVDGetDimensions`, SLEPc 3.19 on).
    #[cfg(slepc_3_19)]
    #[doc(alias = "DSHSVDGetDimensions")]
    pub fn hsvd_dimensions(&self) -> Result<Int> {
        self.of_type("DenseSolver::hsvd_dimensions", DenseSolverType::Hsvd)?;
        let mut m: Int = 0;
        // SAFETY: live solver of type hsvd.
        check(unsafe { sys::DSHSVDGetDimensions(self.ptr, &mut m) })?;
        Ok(m)
    }

    /// Sets the columns `m` and the rows `p` of the second matrix of a generalized
    /// singular value problem (`DSGSVDSetDimensions`; type `gsvd`: SLEPc ignores it on
    /// another type, and so does this).
    #[doc(alias = "DSGSVDSetDimensions")]
    pub fn set_gsvd_dimensions(&mut self, m: Int, p: Int) -> Result<()> {
        // SAFETY: live solver; another type than gsvd ignores the call.
        check(unsafe { sys::DSGSVDSetDimensions(self.ptr, m, p) })
    }

    /// The dimensions `(m, p)` of a generalized singular value problem
    /// (`DSGSVDGetDimensions`).
    #[doc(alias = "DSGSVDGetDimensions")]
    pub fn gsvd_dimensions(&self) -> Result<(Int, Int)> {
        self.of_type("DenseSolver::gsvd_dimensions", DenseSolverType::Gsvd)?;
        let (mut m, mut p): (Int, Int) = (0, 0);
        // SAFETY: live solver of type gsvd.
        check(unsafe { sys::DSGSVDGetDimensions(self.ptr, &mut m, &mut p) })?;
        Ok((m, p))
    }

    /// Sets the degree of a polynomial problem (`DSPEPSetDegree`; type `pep`: SLEPc
    /// ignores it on another type, and so does this).
    #[doc(alias = "DSPEPSetDegree")]
    pub fn set_pep_degree(&mut self, d: Int) -> Result<()> {
        const CTX: &str = "DenseSolver::set_pep_degree";
        if d < 1 {
            return Err(Error::invalid(
                CTX,
                format!("the degree is {d}; at least 1"),
            ));
        }
        // SAFETY: live solver; another type than pep ignores the call.
        check(unsafe { sys::DSPEPSetDegree(self.ptr, d) })
    }

    /// The degree of a polynomial problem (`DSPEPGetDegree`).
    #[doc(alias = "DSPEPGetDegree")]
    pub fn pep_degree(&self) -> Result<Int> {
        self.of_type("DenseSolver::pep_degree", DenseSolverType::Pep)?;
        let mut d: Int = 0;
        // SAFETY: live solver of type pep.
        check(unsafe { sys::DSPEPGetDegree(self.ptr, &mut d) })?;
        Ok(d)
    }

    /// Sets the coefficients of the polynomial basis (`DSPEPSetCoefficients`): three a
    /// degree plus one, `3 (d + 1)` in all, after [`set_pep_degree`](Self::set_pep_degree).
    #[doc(alias = "DSPEPSetCoefficients")]
    pub fn set_pep_coefficients(&mut self, pbc: &[Real]) -> Result<()> {
        const CTX: &str = "DenseSolver::set_pep_coefficients";
        let d = self.pep_degree()?;
        let want = 3 * (d.max(0) as usize + 1);
        if d < 1 || pbc.len() != want {
            return Err(Error::size_mismatch(
                CTX,
                format!(
                    "{} coefficients for degree {d}; it needs 3 (d + 1) = {want} (set the degree first)",
                    pbc.len()
                ),
            ));
        }
        let mut c = pbc.to_vec();
        // SAFETY: live solver of type pep; `c` has 3 (d + 1) entries (checked), copied.
        check(unsafe { sys::DSPEPSetCoefficients(self.ptr, c.as_mut_ptr()) })
    }

    /// The coefficients of the polynomial basis (`DSPEPGetCoefficients`), `3 (d + 1)`.
    #[doc(alias = "DSPEPGetCoefficients")]
    pub fn pep_coefficients(&self) -> Result<Vec<Real>> {
        let d = self.pep_degree()?;
        if d < 1 {
            return Err(Error::invalid(
                "DenseSolver::pep_coefficients",
                "the degree is not set: set_pep_degree first",
            ));
        }
        let mut p: *mut Real = std::ptr::null_mut();
        // SAFETY: live solver of type pep with a degree; SLEPc allocates the copy.
        check(unsafe { sys::DSPEPGetCoefficients(self.ptr, &mut p) })?;
        let n = 3 * (d as usize + 1);
        // SAFETY: SLEPc wrote `3 (d + 1)` reals.
        let out = unsafe { std::slice::from_raw_parts(p, n) }.to_vec();
        // SAFETY: SLEPc's allocation, freed once.
        check(unsafe { sys::petscrs_PetscFree(p.cast()) })?;
        Ok(out)
    }
}

/// The entries of a dense solver's matrix, lent by [`DenseSolver::array`] (`DSGetArray`) and
/// given back when dropped (`DSRestoreArray`): `ld x ld` scalars, column by column.
pub struct DsArray<'a> {
    ds: sys::DS,
    m: DsMatType,
    data: *mut Scalar,
    len: usize,
    restored: bool,
    _borrow: petsc::ffi::ArrayBorrow,
    _ds: PhantomData<&'a DenseSolver>,
}

/// [`DsArray`] to write, from [`DenseSolver::array_mut`].
pub struct DsArrayMut<'a>(DsArray<'a>);

impl DsArray<'_> {
    fn finish(&mut self) -> sys::PetscErrorCode {
        if self.restored {
            return 0;
        }
        self.restored = true;
        let mut a = self.data;
        // SAFETY: the solver (borrowed for the guard's life) lent these entries.
        unsafe { sys::DSRestoreArray(self.ds, self.m.raw(), &mut a) }
    }
}

impl std::ops::Deref for DsArray<'_> {
    type Target = [Scalar];
    fn deref(&self) -> &[Scalar] {
        // SAFETY: SLEPc lent `len` entries until the restore, which needs the guard.
        unsafe { std::slice::from_raw_parts(self.data, self.len) }
    }
}

impl std::ops::Deref for DsArrayMut<'_> {
    type Target = [Scalar];
    fn deref(&self) -> &[Scalar] {
        &self.0
    }
}

impl std::ops::DerefMut for DsArrayMut<'_> {
    fn deref_mut(&mut self) -> &mut [Scalar] {
        // SAFETY: as for `Deref`; the guard borrows the solver mutably, so nothing else
        // reaches the entries.
        unsafe { std::slice::from_raw_parts_mut(self.0.data, self.0.len) }
    }
}

impl Drop for DsArray<'_> {
    fn drop(&mut self) {
        petsc::ffi::record_destroy(self.finish());
    }
}

impl std::fmt::Debug for DsArray<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DsArray").field("mat", &self.m).finish()
    }
}

impl std::fmt::Debug for DsArrayMut<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A dense solver's matrix lent as a `Mat` by [`DenseSolver::mat`], given back when dropped
/// (`DSRestoreMat`).
pub struct DsMat<'a> {
    ds: sys::DS,
    m: DsMatType,
    raw: sys::Mat,
    restored: bool,
    mat: Mat,
    _ds: PhantomData<&'a mut DenseSolver>,
}

impl DsMat<'_> {
    fn finish(&mut self) -> sys::PetscErrorCode {
        if self.restored {
            return 0;
        }
        self.restored = true;
        let mut a = self.raw;
        // SAFETY: the solver (borrowed for the guard's life) lent `raw`; our handle's
        // reference is released after.
        unsafe { sys::DSRestoreMat(self.ds, self.m.raw(), &mut a) }
    }

    /// Gives the matrix back, as dropping the guard does, with the `Err` of a failure
    /// (`DSRestoreMat`).
    #[doc(alias = "DSRestoreMat")]
    pub fn restore(mut self) -> Result<()> {
        check(self.finish())
    }
}

/// The matrix, for an argument taking `impl Into<Option<&Mat>>` (a preconditioning
/// matrix), as `&guard` is for one taking `&Mat`.
impl<'a> From<&'a DsMat<'_>> for Option<&'a Mat> {
    fn from(guard: &'a DsMat<'_>) -> Self {
        Some(&guard.mat)
    }
}

impl std::ops::Deref for DsMat<'_> {
    type Target = Mat;
    fn deref(&self) -> &Mat {
        &self.mat
    }
}

impl Drop for DsMat<'_> {
    fn drop(&mut self) {
        petsc::ffi::record_destroy(self.finish());
    }
}

impl std::fmt::Debug for DsMat<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DsMat").field("mat", &self.m).finish()
    }
}

/// The dense solver `get` reads from the solver `p`, with its own reference.
fn lent_ds<P>(
    slepc: &Slepc,
    p: P,
    get: unsafe extern "C" fn(P, *mut sys::DS) -> sys::PetscErrorCode,
) -> Result<DenseSolver> {
    let mut d: sys::DS = std::ptr::null_mut();
    // SAFETY: `p` is a live solver of the class `get` belongs to; SLEPc lends its DS.
    check(unsafe { get(p, &mut d) })?;
    // SAFETY: the live DS; the handle takes its own reference.
    unsafe { DenseSolver::from_raw_borrowed(slepc, d) }
}

/// Gives the solver `p` the dense solver `ds` through `set`; the solver keeps its own
/// reference.
fn give_ds<P>(
    p: P,
    ds: &DenseSolver,
    set: unsafe extern "C" fn(P, sys::DS) -> sys::PetscErrorCode,
) -> Result<()> {
    // SAFETY: `p` is a live solver of the class `set` belongs to, `ds` a live DS.
    check(unsafe { set(p, ds.ptr) })
}

impl crate::Eps {
    /// The eigensolver's dense solver (`EPSGetDS`), with its own reference.
    #[doc(alias = "EPSGetDS")]
    pub fn ds(&self) -> Result<DenseSolver> {
        lent_ds(&self.slepc, self.ptr, sys::EPSGetDS)
    }

    /// Gives the eigensolver a dense solver (`EPSSetDS`).
    #[doc(alias = "EPSSetDS")]
    pub fn set_ds(&mut self, ds: &DenseSolver) -> Result<()> {
        give_ds(self.ptr, ds, sys::EPSSetDS)
    }
}

impl crate::Svd {
    /// The singular value solver's dense solver (`SVDGetDS`), with its own reference.
    #[doc(alias = "SVDGetDS")]
    pub fn ds(&self) -> Result<DenseSolver> {
        lent_ds(&self.slepc, self.ptr, sys::SVDGetDS)
    }

    /// Gives the singular value solver a dense solver (`SVDSetDS`).
    #[doc(alias = "SVDSetDS")]
    pub fn set_ds(&mut self, ds: &DenseSolver) -> Result<()> {
        give_ds(self.ptr, ds, sys::SVDSetDS)
    }
}

impl crate::Pep {
    /// The polynomial eigensolver's dense solver (`PEPGetDS`), with its own reference.
    #[doc(alias = "PEPGetDS")]
    pub fn ds(&self) -> Result<DenseSolver> {
        lent_ds(&self.slepc, self.ptr, sys::PEPGetDS)
    }

    /// Gives the polynomial eigensolver a dense solver (`PEPSetDS`).
    #[doc(alias = "PEPSetDS")]
    pub fn set_ds(&mut self, ds: &DenseSolver) -> Result<()> {
        give_ds(self.ptr, ds, sys::PEPSetDS)
    }
}

impl crate::Nep {
    /// The nonlinear eigensolver's dense solver (`NEPGetDS`), with its own reference.
    #[doc(alias = "NEPGetDS")]
    pub fn ds(&self) -> Result<DenseSolver> {
        lent_ds(&self.slepc, self.ptr, sys::NEPGetDS)
    }

    /// Gives the nonlinear eigensolver a dense solver (`NEPSetDS`).
    #[doc(alias = "NEPSetDS")]
    pub fn set_ds(&mut self, ds: &DenseSolver) -> Result<()> {
        give_ds(self.ptr, ds, sys::NEPSetDS)
    }
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl DenseSolver {
    /// The former name of [`mat`](Self::mat).
    #[deprecated(
        since = "0.2.0",
        note = "use `DenseSolver::mat` (getters have no `get_` prefix)"
    )]
    pub fn get_mat(&mut self, m: DsMatType) -> Result<DsMat<'_>> {
        self.mat(m)
    }
}
