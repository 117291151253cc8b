//! Orthogonalization of a basis: the settings (Gram-Schmidt variant, refinement, block
//! method) and the operations (a vector, a column, all active columns).

use petsc::{Error, Int, Mat, Real, Result, Scalar, Vector};
use slepc_sys as sys;

use super::Bv;
use crate::declare::declare;
use crate::error::check;
use petsc::declare::petsc_bool;

declare! { @enums
/// The Gram-Schmidt variant of column-by-column orthogonalization (`BVOrthogType`).
#[doc(alias = "BVOrthogType")]
BvOrthogType: BVOrthogType {
    Cgs = BV_ORTHOG_CGS "classical Gram-Schmidt (the default).",
    Mgs = BV_ORTHOG_MGS "modified Gram-Schmidt.",
}

/// When Gram-Schmidt is repeated (`BVOrthogRefineType`).
#[doc(alias = "BVOrthogRefineType")]
BvOrthogRefineType: BVOrthogRefineType {
    IfNeeded = BV_ORTHOG_REFINE_IFNEEDED "when the norm drops below `eta` times its value before \
        (the default).",
    Never = BV_ORTHOG_REFINE_NEVER "once.",
    Always = BV_ORTHOG_REFINE_ALWAYS "twice.",
}

/// How [`Bv::orthogonalize`] orthogonalizes a block of columns (`BVOrthogBlockType`).
#[doc(alias = "BVOrthogBlockType")]
BvOrthogBlockType: BVOrthogBlockType {
    Gs = BV_ORTHOG_BLOCK_GS "Gram-Schmidt column by column (the default).",
    Chol = BV_ORTHOG_BLOCK_CHOL "Cholesky QR.",
    Tsqr = BV_ORTHOG_BLOCK_TSQR "tall-skinny QR.",
    TsqrChol = BV_ORTHOG_BLOCK_TSQRCHOL "tall-skinny QR computing the triangular factor only.",
    Svqb = BV_ORTHOG_BLOCK_SVQB "SVQB (orthogonal, not a QR factorization).",
}
}

/// The orthogonalization settings of a basis (`BVSetOrthogonalization`).
#[doc(alias = "BVSetOrthogonalization")]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BvOrthogonalization {
    /// The Gram-Schmidt variant.
    pub ty: BvOrthogType,
    /// When Gram-Schmidt is repeated.
    pub refine: BvOrthogRefineType,
    /// The refinement threshold, in `(0, 1]` (SLEPc's default is `1/sqrt(2)`).
    pub eta: Real,
    /// The method for blocks of columns.
    pub block: BvOrthogBlockType,
}

impl Bv {
    /// Sets how columns are orthogonalized (`BVSetOrthogonalization`).
    ///
    /// ```
    /// use slepc::{BvOrthogBlockType, BvOrthogRefineType, BvOrthogType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut bv = slepc::Bv::with_sizes(&petsc.self_comm(), None, Some(4), 2)?;
    /// let mut o = bv.orthogonalization()?;
    /// assert_eq!(o.ty, BvOrthogType::Cgs);
    /// assert_eq!(o.refine, BvOrthogRefineType::IfNeeded);
    /// o.ty = BvOrthogType::Mgs;
    /// o.refine = BvOrthogRefineType::Always;
    /// o.block = BvOrthogBlockType::Chol;
    /// o.eta = 0.5;
    /// bv.set_orthogonalization(o)?;
    /// assert_eq!(bv.orthogonalization()?, o);
    /// o.eta = f64::NAN;
    /// assert!(bv.set_orthogonalization(o).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "BVSetOrthogonalization")]
    pub fn set_orthogonalization(&mut self, o: BvOrthogonalization) -> Result<()> {
        if !(o.eta > 0.0 && o.eta <= 1.0) {
            return Err(Error::invalid(
                "Bv::set_orthogonalization",
                format!("eta is {}; it must be in (0, 1]", o.eta),
            ));
        }
        // SAFETY: live object; values checked.
        check(unsafe {
            sys::BVSetOrthogonalization(self.ptr, o.ty.raw(), o.refine.raw(), o.eta, o.block.raw())
        })
    }

    /// How columns are orthogonalized (`BVGetOrthogonalization`).
    #[doc(alias = "BVGetOrthogonalization")]
    pub fn orthogonalization(&self) -> Result<BvOrthogonalization> {
        let mut ty = sys::BVOrthogType::BV_ORTHOG_CGS;
        let mut refine = sys::BVOrthogRefineType::BV_ORTHOG_REFINE_IFNEEDED;
        let mut eta: Real = 0.0;
        let mut block = sys::BVOrthogBlockType::BV_ORTHOG_BLOCK_GS;
        // SAFETY: live object; four outputs.
        check(unsafe {
            sys::BVGetOrthogonalization(self.ptr, &mut ty, &mut refine, &mut eta, &mut block)
        })?;
        Ok(BvOrthogonalization {
            ty: BvOrthogType::from_raw(ty, "Bv::orthogonalization")?,
            refine: BvOrthogRefineType::from_raw(refine, "Bv::orthogonalization")?,
            eta,
            block: BvOrthogBlockType::from_raw(block, "Bv::orthogonalization")?,
        })
    }

    /// Orthogonalizes the active columns (`BVOrthogonalize`), `V = Q R`, and returns
    /// `R`, upper triangular, as a sequential dense `k x k` matrix (the same on every
    /// rank). Leading columns are taken as orthonormal already; their block of `R` is
    /// left zero.
    ///
    /// ```
    /// use petsc::Vector;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut bv = slepc::Bv::with_sizes(&c, None, Some(2), 2)?;
    /// bv.insert_vec(0, &Vector::from_slice(&c, &[3.0, 4.0])?)?;
    /// bv.insert_vec(1, &Vector::from_slice(&c, &[1.0, 0.0])?)?;
    /// let r = bv.orthogonalize()?;
    /// // r11 = |v1| = 5, r12 = q1 . v2 = 0.6, r22 = |v2 - 0.6 q1| = 0.8
    /// let r = r.values(&[0, 1], &[0, 1])?;
    /// for (a, b) in r.iter().zip([5.0, 0.6, 0.0, 0.8]) {
    ///     assert!((a - b).abs() < 1e-14);
    /// }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "BVOrthogonalize")]
    pub fn orthogonalize(&mut self) -> Result<Mat> {
        let (_, k) = self.active_columns()?;
        let mut r = Mat::new_dense(
            &self.slepc.petsc().self_comm(),
            None,
            None,
            Some(k),
            Some(k),
        )?;
        r.assemble()?;
        // SAFETY: live basis; `r` is a sequential dense k x k matrix.
        check(unsafe { sys::BVOrthogonalize(self.ptr, r.as_raw()) })?;
        Ok(r)
    }

    /// Orthogonalizes `v` against the columns `0..k` (and the constraints, if any)
    /// (`BVOrthogonalizeVec`): returns the coefficients `h` of the columns (`k` entries,
    /// the inner products removed), the norm of the result and whether `v` was found
    /// linearly dependent on the columns.
    ///
    /// ```
    /// use petsc::Vector;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut bv = slepc::Bv::with_sizes(&c, None, Some(2), 1)?;
    /// bv.insert_vec(0, &Vector::from_slice(&c, &[1.0, 0.0])?)?;
    /// let mut v = Vector::from_slice(&c, &[2.0, 3.0])?;
    /// let (h, norm, lindep) = bv.orthogonalize_vec(&mut v)?;
    /// assert_eq!((h, lindep), (vec![2.0], false));
    /// assert!((norm - 3.0).abs() < 1e-14);
    /// assert!(v.view()?[0].abs() < 1e-14);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "BVOrthogonalizeVec")]
    pub fn orthogonalize_vec(&self, v: &mut Vector) -> Result<(Vec<Scalar>, Real, bool)> {
        const CTX: &str = "Bv::orthogonalize_vec";
        let _writes = self.agreed_access(CTX, &[], &[("v", &*v)])?;
        let (_, k) = self.active_columns()?;
        let nc = self.num_constraints()?;
        let mut h = vec![Scalar::default(); (nc + k + 1) as usize];
        let mut norm: Real = 0.0;
        let mut lindep = sys::PETSC_BOOL_FALSE;
        // SAFETY: live objects; `h` has room for the nc + k coefficients.
        check(unsafe {
            sys::BVOrthogonalizeVec(self.ptr, v.as_raw(), h.as_mut_ptr(), &mut norm, &mut lindep)
        })?;
        // The columns' coefficients (those of the constraints are not returned).
        h.truncate(k as usize);
        Ok((h, norm, lindep == sys::PETSC_BOOL_TRUE))
    }

    /// Orthogonalizes column `j` against the columns `0..j` (and the constraints, if
    /// any) (`BVOrthogonalizeColumn`): returns the `j` coefficients of the columns, the
    /// norm of the result and whether the column was found linearly dependent on the
    /// ones before it. The column is not normalized.
    #[doc(alias = "BVOrthogonalizeColumn")]
    pub fn orthogonalize_column(&mut self, j: Int) -> Result<(Vec<Scalar>, Real, bool)> {
        self.column_index("Bv::orthogonalize_column", j)?;
        let nc = self.num_constraints()?;
        let mut h = vec![Scalar::default(); (nc + j + 2) as usize];
        let mut norm: Real = 0.0;
        let mut lindep = sys::PETSC_BOOL_FALSE;
        // SAFETY: live basis; index checked; `h` has room for the nc + j + 1
        // coefficients.
        check(unsafe {
            sys::BVOrthogonalizeColumn(self.ptr, j, h.as_mut_ptr(), &mut norm, &mut lindep)
        })?;
        // The columns' coefficients (those of the constraints are not returned).
        h.truncate(j as usize);
        Ok((h, norm, lindep == sys::PETSC_BOOL_TRUE))
    }

    /// Orthogonalizes column `j` against the columns `0..j` and normalizes it
    /// (`BVOrthonormalizeColumn`); a linearly dependent column is replaced by a random
    /// one (then orthonormalized) when `replace`. Returns the norm before normalizing and
    /// whether the column was linearly dependent.
    ///
    /// ```
    /// use petsc::{NormType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut bv = slepc::Bv::with_sizes(&c, None, Some(2), 2)?;
    /// bv.insert_vec(0, &Vector::from_slice(&c, &[1.0, 0.0])?)?;
    /// bv.insert_vec(1, &Vector::from_slice(&c, &[1.0, 2.0])?)?;
    /// assert_eq!(bv.orthonormalize_column(1, false)?, (2.0, false));
    /// assert_eq!(bv.norm_column(1, NormType::Two)?, 1.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "BVOrthonormalizeColumn")]
    pub fn orthonormalize_column(&mut self, j: Int, replace: bool) -> Result<(Real, bool)> {
        self.column_index("Bv::orthonormalize_column", j)?;
        let mut norm: Real = 0.0;
        let mut lindep = sys::PETSC_BOOL_FALSE;
        // SAFETY: live basis; index checked; two outputs.
        check(unsafe {
            sys::BVOrthonormalizeColumn(self.ptr, j, petsc_bool(replace), &mut norm, &mut lindep)
        })?;
        Ok((norm, lindep == sys::PETSC_BOOL_TRUE))
    }
}
