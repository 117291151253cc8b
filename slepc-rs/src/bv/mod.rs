//! Bases of vectors (`BV`): a set of `m` vectors of one parallel layout, stored
//! together, with the block operations SLEPc's solvers are built from (products with a
//! small dense matrix, inner products, orthogonalization).
//!
//! A basis has a range of *active columns* `[l, k)`: `l` leading columns (used, but
//! not changed, by most operations) and `k - l` columns the operations act on.
//!
//! Like every handle, a basis stays on the thread that made it:
//!
//! ```compile_fail,E0277
//! fn send<T: Send>(_: T) {}
//! let petsc = petsc::Petsc::init()?;
//! send(slepc::Bv::with_sizes(&petsc.self_comm(), None, Some(3), 2)?);
//! # Ok::<(), petsc::Error>(())
//! ```

use petsc::{Comm, Error, Int, Mat, NormType, Object, Real, Result, Scalar, Vector};
use slepc_sys as sys;

use crate::Slepc;
use crate::checks;
use crate::declare::declare;
use crate::error::check;
use crate::handle::slepc_handle;
use petsc::declare::petsc_bool;

mod column;
mod ops;
mod orth;
mod storage;

pub use column::{BvColumn, BvMat};
pub use orth::{BvOrthogBlockType, BvOrthogRefineType, BvOrthogType, BvOrthogonalization};
pub use storage::BvArray;

slepc_handle!(
    /// A SLEPc basis of vectors (`BV`): `m` columns of one parallel layout.
    ///
    /// ```
    /// use petsc::NormType;
    /// use slepc::Bv;
    /// let petsc = petsc::Petsc::init()?;
    /// // 3 columns of length 4.
    /// let mut bv = Bv::with_sizes(&petsc.self_comm(), None, Some(4), 3)?;
    /// assert_eq!(bv.sizes()?, (4, 4, 3));
    /// bv.set_random()?;
    /// bv.orthogonalize()?;
    /// for j in 0..3 {
    ///     assert!((bv.norm_column(j, NormType::Two)? - 1.0).abs() < 1e-12);
    /// }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    Bv,
    sys::BV,
    sys::BVDestroy,
    /// A new basis on `comm` (`BVCreate`), with no sizes and no type yet: give it its
    /// sizes ([`set_sizes`](Self::set_sizes) or
    /// [`set_sizes_from_vec`](Self::set_sizes_from_vec)) and a type
    /// ([`set_type`](Self::set_type) or [`set_from_options`](Self::set_from_options))
    /// before anything else. [`with_sizes`](Self::with_sizes) does all three.
    ///
    /// ```
    /// use slepc::{Bv, BvType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut bv = Bv::new(&petsc.self_comm())?;
    /// assert!(bv.norm(petsc::NormType::Frobenius).is_err()); // not ready
    /// bv.set_sizes(None, Some(5), 2)?;
    /// bv.set_type(BvType::Contiguous)?;
    /// bv.set_random()?;
    /// assert!(bv.norm(petsc::NormType::Frobenius)? > 0.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    new = sys::BVCreate as "BVCreate",
);

declare! { @types
/// Storage types of a basis (`BVType`); [`BvType::Other`] names any registered type.
///
/// ```
/// use slepc::BvType;
/// assert_eq!(BvType::Svec.as_str(), "svec");
/// assert_eq!("contiguous".parse::<BvType>().unwrap(), BvType::Contiguous);
/// ```
BvType {
    Svec = BVSVEC "svec" "one long vector holding every column (the default).",
    Mat = BVMAT "mat" "a dense matrix holding the columns.",
    Vecs = BVVECS "vecs" "an array of independent vectors.",
    Contiguous = BVCONTIGUOUS "contiguous" "an array of vectors sharing one contiguous \
        allocation.",
    Tensor = BVTENSOR "tensor" "a compact (tensor) representation, made by SLEPc's solvers \
        only.",
}
}

declare! { @enums
/// How products with a matrix are computed (`BVMatMultType`).
#[doc(alias = "BVMatMultType")]
BvMatMultType: BVMatMultType {
    Vecs = BV_MATMULT_VECS "one matrix-vector product per column.",
    Mat = BV_MATMULT_MAT "one product with a dense matrix (the default but for `vecs`).",
    MatSave = BV_MATMULT_MAT_SAVE "deprecated, as `Mat`.",
}
}

petsc::class_methods! {
    Bv: BvType, "BV", sys::BVList,
    example = "let mut obj = slepc::Bv::with_sizes(&petsc.self_comm(), None, Some(4), 2)?;",
    a_type = "mat",
    inner = "",
    set_type = sys::BVSetType as "BVSetType",
    set_options_prefix = sys::BVSetOptionsPrefix as "BVSetOptionsPrefix",
    append_options_prefix = sys::BVAppendOptionsPrefix as "BVAppendOptionsPrefix",
    options_prefix = sys::BVGetOptionsPrefix as "BVGetOptionsPrefix",
    set_from_options = sys::BVSetFromOptions as "BVSetFromOptions",
}

/// A matrix or vector SLEPc created, as a handle owning that reference.
pub(crate) fn adopt_mat(slepc: &Slepc, mut m: sys::Mat) -> Result<Mat> {
    // SAFETY: `m` is a live matrix SLEPc just created; the handle takes a reference,
    // then the creation's reference is released.
    let h = unsafe { Mat::from_raw_borrowed(slepc.petsc(), m) }?;
    // SAFETY: releases the creation's reference; the handle keeps its own.
    check(unsafe { sys::MatDestroy(&mut m) })?;
    Ok(h)
}

/// As [`adopt_mat`], for a vector.
pub(crate) fn adopt_vec(slepc: &Slepc, mut v: sys::Vec) -> Result<Vector> {
    // SAFETY: as in `adopt_mat`.
    let h = unsafe { Vector::from_raw_borrowed(slepc.petsc(), v) }?;
    // SAFETY: releases the creation's reference; the handle keeps its own.
    check(unsafe { sys::VecDestroy(&mut v) })?;
    Ok(h)
}

/// PETSc's norm type of a [`NormType`].
pub(crate) fn norm_raw(t: NormType) -> sys::NormType {
    match t {
        NormType::One => sys::NormType::NORM_1,
        NormType::Two => sys::NormType::NORM_2,
        NormType::Frobenius => sys::NormType::NORM_FROBENIUS,
        _ => sys::NormType::NORM_INFINITY,
    }
}

/// Refuses a scalar with a NaN or infinite part.
pub(crate) fn finite_scalar(ctx: &str, what: &str, v: Scalar) -> Result<()> {
    #[allow(clippy::useless_conversion)]
    let z: petsc::Complex<Real> = v.into();
    if z.re.is_finite() && z.im.is_finite() {
        Ok(())
    } else {
        Err(Error::invalid(
            ctx,
            format!("{what} is {v}; it must be finite"),
        ))
    }
}

impl Bv {
    /// A basis of `m` columns with `local` rows on this rank and `global` rows in all
    /// (at least one given; `BVCreate`, `BVSetSizes`), of the default type (`svec`);
    /// its columns are zero.
    #[doc(alias = "BVSetSizes")]
    pub fn with_sizes(comm: &Comm, local: Option<Int>, global: Option<Int>, m: Int) -> Result<Bv> {
        let mut bv = Bv::new(comm)?;
        bv.set_sizes(local, global, m)?;
        bv.set_type(BvType::Svec)?;
        Ok(bv)
    }

    /// A basis of `m` columns with the layout of `v` (`BVSetSizesFromVec`), of the
    /// default type (`svec`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let v = petsc::Vector::new_mpi(&petsc.world(), None, Some(8))?;
    /// let bv = slepc::Bv::from_vec(&v, 3)?;
    /// assert_eq!(bv.sizes()?.1, 8);
    /// assert_eq!(bv.sizes()?.2, 3);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "BVSetSizesFromVec")]
    pub fn from_vec(template: &Vector, m: Int) -> Result<Bv> {
        let mut bv = Bv::new(&template.comm())?;
        bv.set_sizes_from_vec(template, m)?;
        bv.set_type(BvType::Svec)?;
        Ok(bv)
    }

    /// A basis holding a copy of the columns of a dense matrix (`BVCreateFromMat`), of
    /// the default type (`svec`, which takes the values in).
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, NormType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = Mat::new_dense(&petsc.self_comm(), None, None, Some(2), Some(2))?;
    /// a.set_values(&[0, 1], &[0, 1], &[3.0, 0.0, 4.0, 1.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// let bv = slepc::Bv::from_mat(&a)?;
    /// assert_eq!(bv.norm_column(0, NormType::Two)?, 5.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "BVCreateFromMat")]
    pub fn from_mat(a: &Mat) -> Result<Bv> {
        let slepc = Slepc::init(a.petsc())?;
        let mut bv: sys::BV = std::ptr::null_mut();
        // SAFETY: live matrix; SLEPc writes the new object.
        check(unsafe { sys::BVCreateFromMat(a.as_raw(), &mut bv) })?;
        let mut bv = Bv::from_raw(&slepc, bv);
        bv.set_type(BvType::Svec)?;
        Ok(bv)
    }

    /// Sets the sizes of a basis made by [`new`](Self::new) (`BVSetSizes`): `local`
    /// rows on this rank, `global` in all (one may be `None`), and `m` columns. Sizes
    /// cannot change afterwards (see [`resize`](Self::resize) for the columns).
    #[doc(alias = "BVSetSizes")]
    pub fn set_sizes(&mut self, local: Option<Int>, global: Option<Int>, m: Int) -> Result<()> {
        const CTX: &str = "Bv::set_sizes";
        if local.is_none() && global.is_none() {
            return Err(Error::invalid(CTX, "give the local or the global size"));
        }
        if local.is_some_and(|n| n < 0) || global.is_some_and(|n| n < 0) || m < 1 {
            return Err(Error::invalid(
                CTX,
                format!(
                    "sizes {local:?}, {global:?} and {m} columns: sizes must be >= 0 and m >= 1"
                ),
            ));
        }
        self.check_unsized(CTX)?;
        let d = sys::PETSC_DECIDE as Int;
        // SAFETY: live object; sizes checked.
        check(unsafe { sys::BVSetSizes(self.ptr, local.unwrap_or(d), global.unwrap_or(d), m) })
    }

    /// Sets the sizes of a basis made by [`new`](Self::new) from a vector's layout and
    /// `m` columns (`BVSetSizesFromVec`).
    #[doc(alias = "BVSetSizesFromVec")]
    pub fn set_sizes_from_vec(&mut self, template: &Vector, m: Int) -> Result<()> {
        const CTX: &str = "Bv::set_sizes_from_vec";
        if m < 1 {
            return Err(Error::invalid(CTX, format!("m is {m}; it must be >= 1")));
        }
        self.check_unsized(CTX)?;
        // SAFETY: live objects.
        check(unsafe { sys::BVSetSizesFromVec(self.ptr, template.as_raw(), m) })
    }

    fn check_unsized(&self, ctx: &str) -> Result<()> {
        let (_, big_n, _) = self.raw_sizes()?;
        if big_n >= 0 {
            return Err(Error::invalid(ctx, "the basis has its sizes already"));
        }
        Ok(())
    }

    fn raw_sizes(&self) -> Result<(Int, Int, Int)> {
        let (mut n, mut big_n, mut m): (Int, Int, Int) = (0, 0, 0);
        // SAFETY: live object; three outputs.
        check(unsafe { sys::BVGetSizes(self.ptr, &mut n, &mut big_n, &mut m) })?;
        Ok((n, big_n, m))
    }

    /// The local and global number of rows and the number of columns `m`
    /// (`BVGetSizes`).
    #[doc(alias = "BVGetSizes")]
    pub fn sizes(&self) -> Result<(Int, Int, Int)> {
        self.ready("Bv::sizes")?;
        self.raw_sizes()
    }

    /// The sizes, or an `Err` naming `ctx` when the basis has no sizes or no type yet.
    pub(crate) fn ready(&self, ctx: &str) -> Result<(Int, Int, Int)> {
        let s = self.sized(ctx)?;
        if self.ty()?.is_none() {
            return Err(Error::invalid(
                ctx,
                "the basis has no type: call set_type or set_from_options first",
            ));
        }
        Ok(s)
    }

    /// The sizes `(n, N, m)`, refused (as SLEPc's `BVCheckSizes` does) if none are set;
    /// what needs no storage (the active columns) needs no type.
    pub(crate) fn sized(&self, ctx: &str) -> Result<(Int, Int, Int)> {
        let s = self.raw_sizes()?;
        if s.1 < 0 {
            return Err(Error::invalid(
                ctx,
                "the basis has no sizes: call set_sizes or set_sizes_from_vec first",
            ));
        }
        Ok(s)
    }

    /// Refuses a column index outside `0..m`.
    pub(crate) fn column_index(&self, ctx: &str, j: Int) -> Result<()> {
        let (_, _, m) = self.ready(ctx)?;
        if !(0..m).contains(&j) {
            return Err(Error::invalid(
                ctx,
                format!("column {j} is out of range: the basis has {m} columns (0..{m})"),
            ));
        }
        Ok(())
    }

    /// Refuses, on this rank, a vector whose layout is not the basis's: a collective call
    /// agrees on it first ([`agreed_access`](Self::agreed_access), [`checks::agree`]).
    pub(crate) fn layout_here(&self, ctx: &str, what: &str, v: &Vector) -> Result<()> {
        let (n, big_n, _) = self.ready(ctx)?;
        let (g, l) = (v.size()?, v.local_size()?);
        if (g, l) != (big_n, n) {
            return Err(Error::size_mismatch(
                ctx,
                format!(
                    "{what} has {g} entries ({l} on this rank), the basis's columns {big_n} ({n})"
                ),
            ));
        }
        Ok(())
    }

    /// For a collective call: [`layout_here`](Self::layout_here) of each vector (named
    /// in errors) and their [`checks::access`], agreed on every rank, so a vector whose
    /// split over the ranks differs on some ranks only is an `Err` on all of them.
    pub(crate) fn agreed_access(
        &self,
        ctx: &str,
        reads: &[(&str, &Vector)],
        writes: &[(&str, &Vector)],
    ) -> Result<checks::Access> {
        let local = reads
            .iter()
            .chain(writes)
            .try_for_each(|&(what, v)| self.layout_here(ctx, what, v))
            .and_then(|()| {
                let r: Vec<&Vector> = reads.iter().map(|p| p.1).collect();
                let w: Vec<&Vector> = writes.iter().map(|p| p.1).collect();
                checks::access(ctx, &r, &w)
            });
        checks::agree(self, ctx, local)
    }

    /// Changes the number of columns to `m` (`BVResize`), keeping the first columns'
    /// values when `copy` (else the columns are zero).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut bv = slepc::Bv::with_sizes(&petsc.self_comm(), None, Some(3), 2)?;
    /// bv.set_random()?;
    /// let before = bv.norm_column(1, petsc::NormType::Two)?;
    /// bv.resize(5, true)?;
    /// assert_eq!(bv.sizes()?.2, 5);
    /// assert_eq!(bv.norm_column(1, petsc::NormType::Two)?, before);
    /// assert!(bv.resize(0, true).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "BVResize")]
    pub fn resize(&mut self, m: Int, copy: bool) -> Result<()> {
        const CTX: &str = "Bv::resize";
        self.ready(CTX)?;
        if m < 1 {
            return Err(Error::invalid(CTX, format!("m is {m}; it must be >= 1")));
        }
        // SAFETY: live object with sizes; `m` checked.
        check(unsafe { sys::BVResize(self.ptr, m, petsc_bool(copy)) })
    }

    /// A new basis of the same type, layout, number of columns and settings (not its
    /// values: the columns are zero) (`BVDuplicate`).
    #[doc(alias = "BVDuplicate")]
    pub fn duplicate(&self) -> Result<Bv> {
        self.ready("Bv::duplicate")?;
        let mut b: sys::BV = std::ptr::null_mut();
        // SAFETY: live object; SLEPc writes the new object.
        check(unsafe { sys::BVDuplicate(self.ptr, &mut b) })?;
        Ok(Bv::from_raw(&self.slepc, b))
    }

    /// As [`duplicate`](Self::duplicate) with `m` columns (`BVDuplicateResize`).
    #[doc(alias = "BVDuplicateResize")]
    pub fn duplicate_resize(&self, m: Int) -> Result<Bv> {
        const CTX: &str = "Bv::duplicate_resize";
        self.ready(CTX)?;
        if m < 1 {
            return Err(Error::invalid(CTX, format!("m is {m}; it must be >= 1")));
        }
        let mut b: sys::BV = std::ptr::null_mut();
        // SAFETY: live object; SLEPc writes the new object.
        check(unsafe { sys::BVDuplicateResize(self.ptr, m, &mut b) })?;
        Ok(Bv::from_raw(&self.slepc, b))
    }

    /// Copies the active columns of `self` into the active columns of `y` (`BVCopy`):
    /// the same layout and the same number of active (non-leading) columns.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = slepc::Bv::with_sizes(&petsc.self_comm(), None, Some(4), 2)?;
    /// x.set_random()?;
    /// let mut y = x.duplicate()?;
    /// x.copy(&mut y)?;
    /// assert_eq!(y.norm(petsc::NormType::Frobenius)?, x.norm(petsc::NormType::Frobenius)?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "BVCopy")]
    pub fn copy(&self, y: &mut Bv) -> Result<()> {
        const CTX: &str = "Bv::copy";
        self.same_layout(CTX, y)?;
        let ((lx, kx), (ly, ky)) = (self.active_columns()?, y.active_columns()?);
        if kx - lx != ky - ly {
            return Err(Error::size_mismatch(
                CTX,
                format!(
                    "the source has {} active columns ({lx}..{kx}), the target {} ({ly}..{ky})",
                    kx - lx,
                    ky - ly
                ),
            ));
        }
        // SAFETY: live, distinct bases (Rust's borrows) of one layout.
        check(unsafe { sys::BVCopy(self.ptr, y.ptr) })
    }

    /// Refuses a basis whose rows are not laid out as `self`'s, on every rank if on one
    /// (the callers are collective): a split that matches on some ranks only is an `Err`
    /// on all of them.
    pub(crate) fn same_layout(&self, ctx: &str, y: &Bv) -> Result<()> {
        checks::agree(self, ctx, self.same_layout_here(ctx, y))
    }

    /// [`same_layout`](Self::same_layout) on this rank alone, for a caller that agrees
    /// on it together with checks of its own.
    pub(crate) fn same_layout_here(&self, ctx: &str, y: &Bv) -> Result<()> {
        let (n, big_n, _) = self.ready(ctx)?;
        let (yn, ybig_n, _) = y.ready(ctx)?;
        if (n, big_n) != (yn, ybig_n) {
            return Err(Error::size_mismatch(
                ctx,
                format!("the bases have {big_n} rows ({n} on this rank) and {ybig_n} rows ({yn})"),
            ));
        }
        Ok(())
    }

    /// Sets the active columns `[l, k)` (`BVSetActiveColumns`): `l` leading columns and
    /// `k - l` columns the operations act on, with `0 <= l <= k <= m`. The basis needs
    /// its sizes, not yet its type, as in SLEPc.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut fresh = slepc::Bv::new(&petsc.self_comm())?;
    /// fresh.set_sizes(None, Some(4), 3)?;
    /// fresh.set_active_columns(0, 2)?; // before its type, as slepc4py's demo ex10 does
    /// fresh.set_from_options()?;
    /// assert_eq!(fresh.active_columns()?, (0, 2));
    /// let mut bv = slepc::Bv::with_sizes(&petsc.self_comm(), None, Some(4), 3)?;
    /// assert_eq!(bv.active_columns()?, (0, 3));
    /// bv.set_active_columns(1, 2)?;
    /// assert_eq!(bv.active_columns()?, (1, 2));
    /// assert!(bv.set_active_columns(0, 4).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "BVSetActiveColumns")]
    pub fn set_active_columns(&mut self, l: Int, k: Int) -> Result<()> {
        const CTX: &str = "Bv::set_active_columns";
        let (_, _, m) = self.sized(CTX)?;
        if !(0 <= l && l <= k && k <= m) {
            return Err(Error::invalid(
                CTX,
                format!("[{l}, {k}) is not a range of columns: it needs 0 <= l <= k <= m = {m}"),
            ));
        }
        // SAFETY: live object; range checked.
        check(unsafe { sys::BVSetActiveColumns(self.ptr, l, k) })
    }

    /// The active columns `[l, k)` (`BVGetActiveColumns`).
    #[doc(alias = "BVGetActiveColumns")]
    pub fn active_columns(&self) -> Result<(Int, Int)> {
        self.sized("Bv::active_columns")?;
        let (mut l, mut k): (Int, Int) = (0, 0);
        // SAFETY: live object; two outputs.
        check(unsafe { sys::BVGetActiveColumns(self.ptr, &mut l, &mut k) })?;
        Ok((l, k))
    }

    petsc::methods![for Bv;
        /// The number of constraint vectors (`BVGetNumConstraints`).
        pub fn num_constraints(&self) -> Int = BVGetNumConstraints as "BVGetNumConstraints";
    ];

    /// Sets the number of constraint vectors, which
    /// [`insert_constraints`](Self::insert_constraints) fills (`BVSetNumConstraints`); the columns' values
    /// are lost.
    #[doc(alias = "BVSetNumConstraints")]
    pub fn set_num_constraints(&mut self, nc: Int) -> Result<()> {
        const CTX: &str = "Bv::set_num_constraints";
        self.ready(CTX)?;
        if nc < 0 {
            return Err(Error::invalid(CTX, format!("nc is {nc}; it must be >= 0")));
        }
        // SAFETY: live object with sizes.
        check(unsafe { sys::BVSetNumConstraints(self.ptr, nc) })
    }

    /// A new vector with the layout of the columns (`BVCreateVec`).
    #[doc(alias = "BVCreateVec")]
    pub fn create_vec(&self) -> Result<Vector> {
        self.ready("Bv::create_vec")?;
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live object; SLEPc writes a new vector.
        check(unsafe { sys::BVCreateVec(self.ptr, &mut v) })?;
        adopt_vec(&self.slepc, v)
    }

    /// A new dense matrix holding a copy of the active columns (`BVCreateMat`); leading
    /// columns must be 0.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut bv = slepc::Bv::with_sizes(&petsc.self_comm(), None, Some(4), 3)?;
    /// bv.set_random()?;
    /// let a = bv.create_mat()?;
    /// assert_eq!(a.size()?, (4, 3));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "BVCreateMat")]
    pub fn create_mat(&self) -> Result<Mat> {
        const CTX: &str = "Bv::create_mat";
        let (l, _) = self.active_columns()?;
        if l != 0 {
            return Err(Error::invalid(
                CTX,
                format!("the basis has {l} leading columns; it needs none"),
            ));
        }
        let mut a: sys::Mat = std::ptr::null_mut();
        // SAFETY: live object; SLEPc writes a new matrix.
        check(unsafe { sys::BVCreateMat(self.ptr, &mut a) })?;
        adopt_mat(&self.slepc, a)
    }

    petsc::methods![for Bv;
        /// How products with a matrix are computed (`BVSetMatMultMethod`).
        pub fn set_mat_mult_method(&mut self, method: BvMatMultType)
            = BVSetMatMultMethod as "BVSetMatMultMethod";

        /// How products with a matrix are computed (`BVGetMatMultMethod`).
        ///
        /// ```
        /// use slepc::BvMatMultType;
        /// let petsc = petsc::Petsc::init()?;
        /// let mut bv = slepc::Bv::with_sizes(&petsc.self_comm(), None, Some(4), 3)?;
        /// bv.set_mat_mult_method(BvMatMultType::Vecs)?;
        /// assert_eq!(bv.mat_mult_method()?, BvMatMultType::Vecs);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn mat_mult_method(&self) -> BvMatMultType = BVGetMatMultMethod as "BVGetMatMultMethod";
    ];

    /// Uses `b` as the matrix of the inner product `<x, y> = y^H B x`
    /// (`BVSetMatrix`), Hermitian, positive definite unless `indefinite`; `None` goes
    /// back to the standard inner product. The basis keeps its own reference.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, NormType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut b = Mat::new_aij(&c, None, None, Some(2), Some(2), 1, 0)?;
    /// b.set_values(&[0], &[0], &[4.0], InsertMode::Insert)?;
    /// b.set_values(&[1], &[1], &[9.0], InsertMode::Insert)?;
    /// b.assemble()?;
    /// let mut bv = slepc::Bv::with_sizes(&c, None, Some(2), 1)?;
    /// bv.insert_vec(0, &Vector::from_slice(&c, &[1.0, 1.0])?)?;
    /// bv.set_matrix(Some(&b), false)?;
    /// // ||x||_B = sqrt(4 + 9)
    /// assert!((bv.norm_column(0, NormType::Two)? - 13f64.sqrt()).abs() < 1e-14);
    /// let (m, indefinite) = bv.matrix()?.unwrap();
    /// assert_eq!(m.as_raw(), b.as_raw());
    /// assert!(!indefinite);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "BVSetMatrix")]
    pub fn set_matrix(&mut self, b: Option<&Mat>, indefinite: bool) -> Result<()> {
        petsc::ffi::refuse_lent("Bv::set_matrix", b)?;
        const CTX: &str = "Bv::set_matrix";
        let (n, big_n, _) = self.ready(CTX)?;
        let fits = |b: &Mat| -> Result<()> {
            let (g, l) = (b.size()?, b.local_size()?);
            if g != (big_n, big_n) || l != (n, n) {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "the matrix is {} x {} ({} x {} on this rank); the basis needs \
                         {big_n} x {big_n} ({n} x {n})",
                        g.0, g.1, l.0, l.1
                    ),
                ));
            }
            Ok(())
        };
        checks::agree(self, CTX, b.map_or(Ok(()), fits))?;
        let raw = b.map_or(std::ptr::null_mut(), |b| b.as_raw());
        // SAFETY: live object and matrix (or null); SLEPc references the matrix.
        check(unsafe { sys::BVSetMatrix(self.ptr, raw, petsc_bool(indefinite)) })
    }

    /// The matrix of the inner product and whether it is indefinite, if one is set
    /// (`BVGetMatrix`), as a handle holding its own reference.
    #[doc(alias = "BVGetMatrix")]
    pub fn matrix(&self) -> Result<Option<(Mat, bool)>> {
        let mut m: sys::Mat = std::ptr::null_mut();
        let mut ind = sys::PETSC_BOOL_FALSE;
        // SAFETY: live object; SLEPc lends its matrix (or null).
        check(unsafe { sys::BVGetMatrix(self.ptr, &mut m, &mut ind) })?;
        if m.is_null() {
            return Ok(None);
        }
        // SAFETY: a live matrix the basis holds; the handle takes a reference.
        let m = unsafe { Mat::from_raw_borrowed(self.slepc.petsc(), m) }?;
        Ok(Some((m, ind == sys::PETSC_BOOL_TRUE)))
    }

    /// `y = B x` with the inner product's matrix, or `y = x` without one
    /// (`BVApplyMatrix`).
    #[doc(alias = "BVApplyMatrix")]
    pub fn apply_matrix(&self, x: &Vector, y: &mut Vector) -> Result<()> {
        const CTX: &str = "Bv::apply_matrix";
        let _access = self.agreed_access(CTX, &[("x", x)], &[("y", &*y)])?;
        // SAFETY: live objects of the basis's layout; distinct (registered above).
        check(unsafe { sys::BVApplyMatrix(self.ptr, x.as_raw(), y.as_raw()) })
    }

    /// The tolerance under which `<x, x>_B` counts as zero, for an indefinite inner
    /// product (`BVSetDefiniteTolerance`), positive.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut bv = slepc::Bv::with_sizes(&petsc.self_comm(), None, Some(4), 3)?;
    /// bv.set_definite_tolerance(1e-10)?;
    /// assert_eq!(bv.definite_tolerance()?, 1e-10);
    /// assert!(bv.set_definite_tolerance(f64::NAN).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "BVSetDefiniteTolerance")]
    pub fn set_definite_tolerance(&mut self, tol: Real) -> Result<()> {
        if !(tol.is_finite() && tol > 0.0) {
            return Err(Error::invalid(
                "Bv::set_definite_tolerance",
                format!("tol is {tol}; it must be > 0"),
            ));
        }
        // SAFETY: live object; value checked.
        check(unsafe { sys::BVSetDefiniteTolerance(self.ptr, tol) })
    }

    petsc::methods![for Bv;
        /// The tolerance of indefinite inner products (`BVGetDefiniteTolerance`).
        pub fn definite_tolerance(&self) -> Real
            = BVGetDefiniteTolerance as "BVGetDefiniteTolerance";
    ];

    /// Uses `r` for the random columns of [`set_random`](Self::set_random) and its
    /// neighbours (`BVSetRandomContext`); the basis keeps its own reference.
    #[doc(alias = "BVSetRandomContext")]
    pub fn set_random_context(&mut self, r: &petsc::Random) -> Result<()> {
        // SAFETY: live objects; SLEPc references the generator.
        check(unsafe { sys::BVSetRandomContext(self.ptr, r.as_raw()) })
    }

    /// The generator of random columns (`BVGetRandomContext`), as a handle sharing it.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut bv = slepc::Bv::with_sizes(&petsc.self_comm(), None, Some(4), 2)?;
    /// let mut r = bv.random_context()?;
    /// r.set_seed(7)?;
    /// bv.set_random()?;
    /// let first = bv.norm(petsc::NormType::Frobenius)?;
    /// bv.random_context()?.set_seed(7)?;
    /// bv.set_random()?;
    /// assert_eq!(bv.norm(petsc::NormType::Frobenius)?, first);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "BVGetRandomContext")]
    pub fn random_context(&self) -> Result<petsc::Random> {
        let mut r: sys::PetscRandom = std::ptr::null_mut();
        // SAFETY: live object; SLEPc lends its generator (creating it if needed).
        check(unsafe { sys::BVGetRandomContext(self.ptr, &mut r) })?;
        // SAFETY: a live generator the basis holds; the handle takes a reference.
        unsafe { petsc::Random::from_raw_borrowed(self.slepc.petsc(), r) }
    }
}
