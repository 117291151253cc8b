//! Operations on a basis's columns: inserting and copying vectors, random columns,
//! scaling, norms, inner products and products with matrices.

use petsc::{Error, Int, Mat, NormType, Real, Result, Scalar, Vector};
use slepc_sys as sys;

use super::{Bv, finite_scalar, norm_raw};
use crate::checks;
use crate::error::check;
use petsc::declare::petsc_bool;

// BVScale, BVMult, BVMultVec and BVMultColumn take scalars by value. With complex
// scalars that is a C `double _Complex`, which is passed as num-complex's
// `Complex<f64>` (a struct of two doubles) is on these targets: in two floating-point
// registers (x86-64 System V, AArch64's homogeneous aggregates).
#[cfg(all(
    slepc_complex,
    not(any(target_arch = "x86_64", target_arch = "aarch64"))
))]
compile_error!("slepc-rs's BV with complex scalars needs x86_64 or aarch64");

/// The length of a slice as a PETSc integer.
fn int_len(ctx: &str, n: usize) -> Result<Int> {
    Int::try_from(n).map_err(|_| Error::size_mismatch(ctx, "too many entries"))
}

impl Bv {
    /// A sequential dense `ky x kx` matrix, assembled, for a product of `y`'s active
    /// columns (`ky`) with this basis's (`kx`).
    fn product_matrix(&self, y: &Bv) -> Result<Mat> {
        let ((_, kx), (_, ky)) = (self.active_columns()?, y.active_columns()?);
        let mut m = Mat::new_dense(
            &self.slepc.petsc().self_comm(),
            None,
            None,
            Some(ky),
            Some(kx),
        )?;
        m.assemble()?;
        Ok(m)
    }

    /// Copies `v` into column `j` (`BVInsertVec`).
    ///
    /// ```
    /// use petsc::{NormType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut bv = slepc::Bv::with_sizes(&c, None, Some(2), 2)?;
    /// bv.insert_vec(0, &Vector::from_slice(&c, &[3.0, 4.0])?)?;
    /// assert_eq!(bv.norm_column(0, NormType::Two)?, 5.0);
    /// assert!(bv.insert_vec(2, &Vector::from_slice(&c, &[1.0, 1.0])?).is_err());
    /// assert!(bv.insert_vec(0, &Vector::from_slice(&c, &[1.0])?).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "BVInsertVec")]
    pub fn insert_vec(&mut self, j: Int, v: &Vector) -> Result<()> {
        const CTX: &str = "Bv::insert_vec";
        self.column_index(CTX, j)?;
        let _reads = self.agreed_access(CTX, &[("the vector", v)], &[])?;
        // SAFETY: live objects; index and layout checked.
        check(unsafe { sys::BVInsertVec(self.ptr, j, v.as_raw()) })
    }

    /// Copies `vs` into the columns from `s` on (`BVInsertVecs`); with `orth`, each is
    /// orthogonalized against the columns before it and normalized, and the linearly
    /// dependent ones are dropped. Returns how many were inserted. SLEPc's test of
    /// dependence is a zero remainder, or one that refinement does not improve: a
    /// vector dependent only up to rounding may be kept, normalized rounding noise.
    ///
    /// ```
    /// use petsc::Vector;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut bv = slepc::Bv::with_sizes(&c, None, Some(2), 3)?;
    /// let a = Vector::from_slice(&c, &[1.0, 0.0])?;
    /// let b = Vector::from_slice(&c, &[2.0, 0.0])?; // parallel to a
    /// assert_eq!(bv.insert_vecs(0, &[&a, &b], true)?, 1);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "BVInsertVecs")]
    pub fn insert_vecs(&mut self, s: Int, vs: &[&Vector], orth: bool) -> Result<Int> {
        const CTX: &str = "Bv::insert_vecs";
        let (_, _, m) = self.ready(CTX)?;
        checks::same_count(self, CTX, "vectors", vs.len())?;
        let mut n = int_len(CTX, vs.len())?;
        if s < 0 || s + n > m {
            return Err(Error::invalid(
                CTX,
                format!("columns {s}..{} are out of range: the basis has {m}", s + n),
            ));
        }
        let named: Vec<(&str, &Vector)> = vs.iter().map(|&v| ("a vector", v)).collect();
        let _reads = self.agreed_access(CTX, &named, &[])?;
        let mut raw: Vec<sys::Vec> = vs.iter().map(|v| v.as_raw()).collect();
        // SAFETY: live objects; range and layouts checked; SLEPc reads `n` vectors and
        // writes how many it inserted.
        check(unsafe {
            sys::BVInsertVecs(self.ptr, s, &mut n, raw.as_mut_ptr(), petsc_bool(orth))
        })?;
        Ok(n)
    }

    /// Makes `vs` the constraints of the basis (`BVInsertConstraints`): columns before
    /// the first one, against which every orthogonalization also orthogonalizes; the
    /// columns' values are lost. Returns how many were kept (linearly dependent ones are
    /// dropped).
    #[doc(alias = "BVInsertConstraints")]
    pub fn insert_constraints(&mut self, vs: &[&Vector]) -> Result<Int> {
        const CTX: &str = "Bv::insert_constraints";
        self.ready(CTX)?;
        checks::same_count(self, CTX, "vectors", vs.len())?;
        let mut n = int_len(CTX, vs.len())?;
        let named: Vec<(&str, &Vector)> = vs.iter().map(|&v| ("a vector", v)).collect();
        let _reads = self.agreed_access(CTX, &named, &[])?;
        let mut raw: Vec<sys::Vec> = vs.iter().map(|v| v.as_raw()).collect();
        // SAFETY: live objects; layouts checked; SLEPc reads `n` vectors.
        check(unsafe { sys::BVInsertConstraints(self.ptr, &mut n, raw.as_mut_ptr()) })?;
        Ok(n)
    }

    /// Copies column `j` into `v` (`BVCopyVec`).
    #[doc(alias = "BVCopyVec")]
    pub fn copy_vec(&self, j: Int, v: &mut Vector) -> Result<()> {
        const CTX: &str = "Bv::copy_vec";
        self.column_index(CTX, j)?;
        let _writes = self.agreed_access(CTX, &[], &[("the vector", &*v)])?;
        // SAFETY: live objects; index and layout checked.
        check(unsafe { sys::BVCopyVec(self.ptr, j, v.as_raw()) })
    }

    /// A copy of column `j` as a new vector (`BVCreateVec`, `BVCopyVec`).
    ///
    /// ```
    /// use petsc::Vector;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut bv = slepc::Bv::with_sizes(&c, None, Some(2), 2)?;
    /// bv.insert_vec(1, &Vector::from_slice(&c, &[3.0, 4.0])?)?;
    /// assert_eq!(&*bv.column_vec(1)?.view()?, &[3.0, 4.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "BVCopyVec")]
    pub fn column_vec(&self, j: Int) -> Result<Vector> {
        self.column_index("Bv::column_vec", j)?;
        let mut v = self.create_vec()?;
        self.copy_vec(j, &mut v)?;
        Ok(v)
    }

    /// Copies column `j` into column `i` (`BVCopyColumn`).
    #[doc(alias = "BVCopyColumn")]
    pub fn copy_column(&mut self, j: Int, i: Int) -> Result<()> {
        const CTX: &str = "Bv::copy_column";
        self.column_index(CTX, j)?;
        self.column_index(CTX, i)?;
        // SAFETY: live object; indices checked.
        check(unsafe { sys::BVCopyColumn(self.ptr, j, i) })
    }

    /// Fills the active columns with random entries, uniform in `[0, 1)`
    /// (`BVSetRandom`); the same at any number of ranks.
    #[doc(alias = "BVSetRandom")]
    pub fn set_random(&mut self) -> Result<()> {
        self.ready("Bv::set_random")?;
        // SAFETY: live object with sizes and type.
        check(unsafe { sys::BVSetRandom(self.ptr) })
    }

    /// Fills the active columns with normally distributed random entries
    /// (`BVSetRandomNormal`).
    #[doc(alias = "BVSetRandomNormal")]
    pub fn set_random_normal(&mut self) -> Result<()> {
        self.ready("Bv::set_random_normal")?;
        // SAFETY: live object with sizes and type.
        check(unsafe { sys::BVSetRandomNormal(self.ptr) })
    }

    /// Fills the active columns with random `-1` and `1` (`BVSetRandomSign`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut bv = slepc::Bv::with_sizes(&petsc.self_comm(), None, Some(4), 2)?;
    /// bv.set_random_sign()?;
    /// assert_eq!(bv.norm_column(0, petsc::NormType::Infinity)?, 1.0);
    /// assert_eq!(bv.norm(petsc::NormType::Frobenius)?, 8f64.sqrt());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "BVSetRandomSign")]
    pub fn set_random_sign(&mut self) -> Result<()> {
        self.ready("Bv::set_random_sign")?;
        // SAFETY: live object with sizes and type.
        check(unsafe { sys::BVSetRandomSign(self.ptr) })
    }

    /// Fills column `j` with random entries (`BVSetRandomColumn`).
    #[doc(alias = "BVSetRandomColumn")]
    pub fn set_random_column(&mut self, j: Int) -> Result<()> {
        self.column_index("Bv::set_random_column", j)?;
        // SAFETY: live object; index checked.
        check(unsafe { sys::BVSetRandomColumn(self.ptr, j) })
    }

    /// Fills the active columns with a random matrix of 2-norm condition number
    /// `cond`, at least 1 (`BVSetRandomCond`).
    #[doc(alias = "BVSetRandomCond")]
    pub fn set_random_cond(&mut self, cond: Real) -> Result<()> {
        const CTX: &str = "Bv::set_random_cond";
        self.ready(CTX)?;
        if !(cond.is_finite() && cond >= 1.0) {
            return Err(Error::invalid(
                CTX,
                format!("cond is {cond}; it must be >= 1"),
            ));
        }
        // SAFETY: live object; value checked.
        check(unsafe { sys::BVSetRandomCond(self.ptr, cond) })
    }

    /// `V = alpha V` on the active columns (`BVScale`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut bv = slepc::Bv::with_sizes(&petsc.self_comm(), None, Some(4), 2)?;
    /// bv.set_random_sign()?;
    /// bv.scale(0.5)?;
    /// assert_eq!(bv.norm(petsc::NormType::Frobenius)?, 2f64.sqrt());
    /// assert!(bv.scale(f64::NAN).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "BVScale")]
    pub fn scale(&mut self, alpha: impl Into<Scalar>) -> Result<()> {
        const CTX: &str = "Bv::scale";
        let alpha = alpha.into();
        self.ready(CTX)?;
        finite_scalar(CTX, "alpha", alpha)?;
        // SAFETY: live object; scalar passed by value (see the top of this module).
        check(unsafe { sys::BVScale(self.ptr, alpha) })
    }

    /// Column `j` times `alpha` (`BVScaleColumn`).
    #[doc(alias = "BVScaleColumn")]
    pub fn scale_column(&mut self, j: Int, alpha: impl Into<Scalar>) -> Result<()> {
        const CTX: &str = "Bv::scale_column";
        let alpha = alpha.into();
        self.column_index(CTX, j)?;
        finite_scalar(CTX, "alpha", alpha)?;
        // SAFETY: live object; index checked; scalar passed by value (see above).
        check(unsafe { sys::BVScaleColumn(self.ptr, j, alpha) })
    }

    /// The norm of the active columns as a matrix (`BVNorm`): `One`, `Frobenius` or
    /// `Infinity` (the 2-norm of a matrix is refused by SLEPc).
    #[doc(alias = "BVNorm")]
    pub fn norm(&self, ty: NormType) -> Result<Real> {
        const CTX: &str = "Bv::norm";
        self.ready(CTX)?;
        if ty == NormType::Two {
            return Err(Error::invalid(
                CTX,
                "the 2-norm of a basis is not available; use Frobenius, One or Infinity",
            ));
        }
        let mut r: Real = 0.0;
        // SAFETY: live object; one output.
        check(unsafe { sys::BVNorm(self.ptr, norm_raw(ty), &mut r) })?;
        Ok(r)
    }

    /// The norm of column `j` (`BVNormColumn`); the 2-norm is the one of the inner
    /// product ([`set_matrix`](Self::set_matrix)).
    #[doc(alias = "BVNormColumn")]
    pub fn norm_column(&self, j: Int, ty: NormType) -> Result<Real> {
        const CTX: &str = "Bv::norm_column";
        self.column_index(CTX, j)?;
        if ty == NormType::Frobenius {
            return Err(Error::invalid(
                CTX,
                "the norm of a column is One, Two or Infinity",
            ));
        }
        let mut r: Real = 0.0;
        // SAFETY: live object; index checked; one output.
        check(unsafe { sys::BVNormColumn(self.ptr, j, norm_raw(ty), &mut r) })?;
        Ok(r)
    }

    /// The inner products `M = Y^H X` (`B`-inner products with a matrix) of the
    /// active columns of `self` (`X`) and `y` (`BVDot`), as a sequential dense matrix of
    /// `ky` rows and `kx` columns (the ends of the active ranges), with the entries of
    /// rows `ly..ky` and columns `lx..kx` computed and the others zero. The result is the
    /// same on every rank.
    ///
    /// ```
    /// use petsc::Vector;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut x = slepc::Bv::with_sizes(&c, None, Some(2), 2)?;
    /// x.insert_vec(0, &Vector::from_slice(&c, &[1.0, 2.0])?)?;
    /// x.insert_vec(1, &Vector::from_slice(&c, &[3.0, 4.0])?)?;
    /// let m = x.dot(&x)?;
    /// assert_eq!(m.values(&[0, 1], &[0, 1])?, vec![5.0, 11.0, 11.0, 25.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "BVDot")]
    pub fn dot(&self, y: &Bv) -> Result<Mat> {
        const CTX: &str = "Bv::dot";
        self.same_layout(CTX, y)?;
        let m = self.product_matrix(y)?;
        // SAFETY: live bases of one layout; `m` is a sequential dense ky x kx matrix.
        check(unsafe { sys::BVDot(self.ptr, y.ptr, m.as_raw()) })?;
        Ok(m)
    }

    /// The inner products of `y` with the active columns, `(x_l^H y, ..., x_{k-1}^H y)`
    /// (`BVDotVec`); the same on every rank.
    #[doc(alias = "BVDotVec")]
    pub fn dot_vec(&self, y: &Vector) -> Result<Vec<Scalar>> {
        const CTX: &str = "Bv::dot_vec";
        let _reads = self.agreed_access(CTX, &[("y", y)], &[])?;
        let (l, k) = self.active_columns()?;
        let mut out = vec![Scalar::default(); (k - l).max(0) as usize];
        // SAFETY: live objects; `out` has the k - l entries SLEPc writes.
        check(unsafe { sys::BVDotVec(self.ptr, y.as_raw(), out.as_mut_ptr()) })?;
        Ok(out)
    }

    /// The inner products of column `j` with the columns `l..j` before it
    /// (`BVDotColumn`), `j` at least the leading columns `l`.
    #[doc(alias = "BVDotColumn")]
    pub fn dot_column(&self, j: Int) -> Result<Vec<Scalar>> {
        const CTX: &str = "Bv::dot_column";
        self.column_index(CTX, j)?;
        let (l, _) = self.active_columns()?;
        if j < l {
            return Err(Error::invalid(
                CTX,
                format!("column {j} is a leading column (l = {l})"),
            ));
        }
        let mut out = vec![Scalar::default(); (j - l) as usize + 1];
        // SAFETY: live object; `out` has room for the j - l entries SLEPc writes.
        check(unsafe { sys::BVDotColumn(self.ptr, j, out.as_mut_ptr()) })?;
        out.truncate((j - l) as usize);
        Ok(out)
    }

    /// `Y = beta Y + alpha X Q` on the active columns of `self` (`Y`) (`BVMult`): `q`
    /// is a sequential dense matrix of at least `kx` rows and `ky` columns (`None`:
    /// `Y = beta Y + alpha X`, with as many active columns in each).
    #[doc(alias = "BVMult")]
    pub fn mult(
        &mut self,
        alpha: impl Into<Scalar>,
        beta: impl Into<Scalar>,
        x: &Bv,
        q: Option<&Mat>,
    ) -> Result<()> {
        const CTX: &str = "Bv::mult";
        let (alpha, beta) = (alpha.into(), beta.into());
        finite_scalar(CTX, "alpha", alpha)?;
        finite_scalar(CTX, "beta", beta)?;
        if x.ptr == self.ptr {
            return Err(Error::invalid(CTX, "X and Y must be different bases"));
        }
        let ((lx, kx), (ly, ky)) = (x.active_columns()?, self.active_columns()?);
        // Q is sequential: its size may differ between ranks.
        let local = self.same_layout_here(CTX, x).and_then(|()| match q {
            Some(q) => {
                let (r, c) = q.size()?;
                if r < kx || c < ky {
                    return Err(Error::size_mismatch(
                        CTX,
                        format!("Q is {r} x {c} on this rank; it needs at least {kx} x {ky}"),
                    ));
                }
                Ok(())
            }
            None if kx - lx != ky - ly => Err(Error::size_mismatch(
                CTX,
                format!("X has {} active columns, Y {}", kx - lx, ky - ly),
            )),
            None => Ok(()),
        });
        checks::agree(self, CTX, local)?;
        let qraw = q.map_or(std::ptr::null_mut(), |q| q.as_raw());
        // SAFETY: live, distinct bases of one layout; Q checked (or null); scalars by
        // value (see the top of this module).
        check(unsafe { sys::BVMult(self.ptr, alpha, beta, x.ptr, qraw) })
    }

    /// `y = beta y + alpha X q` with the active columns of `X` (`BVMultVec`), `q` of
    /// `k - l` entries.
    ///
    /// ```
    /// use petsc::Vector;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut x = slepc::Bv::with_sizes(&c, None, Some(2), 2)?;
    /// x.insert_vec(0, &Vector::from_slice(&c, &[1.0, 2.0])?)?;
    /// x.insert_vec(1, &Vector::from_slice(&c, &[3.0, 4.0])?)?;
    /// let mut y = Vector::from_slice(&c, &[1.0, 1.0])?;
    /// x.mult_vec(1.0, 10.0, &mut y, &[1.0, -1.0])?;
    /// assert_eq!(&*y.view()?, &[8.0, 8.0]);
    /// assert!(x.mult_vec(1.0, 0.0, &mut y, &[1.0]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "BVMultVec")]
    pub fn mult_vec(
        &self,
        alpha: impl Into<Scalar>,
        beta: impl Into<Scalar>,
        y: &mut Vector,
        q: &[Scalar],
    ) -> Result<()> {
        const CTX: &str = "Bv::mult_vec";
        let (alpha, beta) = (alpha.into(), beta.into());
        finite_scalar(CTX, "alpha", alpha)?;
        finite_scalar(CTX, "beta", beta)?;
        let (l, k) = self.active_columns()?;
        // `q` is this rank's: its length may differ between ranks.
        let local = self
            .layout_here(CTX, "y", y)
            .and_then(|()| {
                q_len(CTX, q, k - l, || {
                    format!("the basis has {} active columns", k - l)
                })
            })
            .and_then(|()| checks::access(CTX, &[], &[&*y]));
        let _writes = checks::agree(self, CTX, local)?;
        let mut q = q.to_vec();
        // SAFETY: live objects; `q` has k - l entries; scalars by value (see above).
        check(unsafe { sys::BVMultVec(self.ptr, alpha, beta, y.as_raw(), q.as_mut_ptr()) })
    }

    /// `x_j = beta x_j + alpha X q` with the columns `l..j` before column `j`
    /// (`BVMultColumn`), `q` of `j - l` entries.
    #[doc(alias = "BVMultColumn")]
    pub fn mult_column(
        &mut self,
        alpha: impl Into<Scalar>,
        beta: impl Into<Scalar>,
        j: Int,
        q: &[Scalar],
    ) -> Result<()> {
        const CTX: &str = "Bv::mult_column";
        let (alpha, beta) = (alpha.into(), beta.into());
        finite_scalar(CTX, "alpha", alpha)?;
        finite_scalar(CTX, "beta", beta)?;
        self.column_index(CTX, j)?;
        let (l, _) = self.active_columns()?;
        let fits = if j < l {
            Err(Error::size_mismatch(
                CTX,
                format!("column {j} is a leading column (l = {l})"),
            ))
        } else {
            q_len(CTX, q, j - l, || {
                format!("column {j} needs the columns {l}..{j}")
            })
        };
        checks::agree(self, CTX, fits)?;
        let mut q = q.to_vec();
        q.push(Scalar::default());
        // SAFETY: live object; index checked; `q` has the j - l entries SLEPc reads.
        check(unsafe { sys::BVMultColumn(self.ptr, alpha, beta, j, q.as_mut_ptr()) })
    }

    /// `V(:, s..e) = V Q(:, s..e)` in place, with the active columns of `V`
    /// (`BVMultInPlace`): `q` is a sequential dense matrix of at least `k` rows and
    /// columns, and `l <= s <= e <= k`.
    #[doc(alias = "BVMultInPlace")]
    pub fn mult_in_place(&mut self, q: &Mat, s: Int, e: Int) -> Result<()> {
        const CTX: &str = "Bv::mult_in_place";
        let (l, k) = self.active_columns()?;
        if !(l <= s && s <= e && e <= k) {
            return Err(Error::invalid(
                CTX,
                format!("[{s}, {e}) is not within the active columns [{l}, {k})"),
            ));
        }
        // Q is sequential: its size may differ between ranks.
        let fits = q.size().and_then(|(r, c)| {
            if r < k || c < k {
                return Err(Error::size_mismatch(
                    CTX,
                    format!("Q is {r} x {c} on this rank; it needs at least {k} x {k}"),
                ));
            }
            Ok(())
        });
        checks::agree(self, CTX, fits)?;
        // SAFETY: live objects; range and sizes checked.
        check(unsafe { sys::BVMultInPlace(self.ptr, q.as_raw(), s, e) })
    }

    /// Checks `Y = op(A) X`: A's columns are X's rows, its rows Y's, and Y has as many
    /// active columns as X.
    fn check_mat_mult(&self, ctx: &str, a: &Mat, y: &Bv, transpose: bool) -> Result<()> {
        checks::agree(self, ctx, self.mat_mult_here(ctx, a, y, transpose))
    }

    /// [`check_mat_mult`](Self::check_mat_mult) on this rank.
    fn mat_mult_here(&self, ctx: &str, a: &Mat, y: &Bv, transpose: bool) -> Result<()> {
        if y.ptr == self.ptr {
            return Err(Error::invalid(ctx, "X and Y must be different bases"));
        }
        let (xn, xbig, _) = self.ready(ctx)?;
        let (yn, ybig, _) = y.ready(ctx)?;
        let ((gr, gc), (lr, lc)) = (a.size()?, a.local_size()?);
        let ((gr, lr), (gc, lc)) = if transpose {
            ((gc, lc), (gr, lr))
        } else {
            ((gr, lr), (gc, lc))
        };
        if (gc, lc) != (xbig, xn) || (gr, lr) != (ybig, yn) {
            return Err(Error::size_mismatch(
                ctx,
                format!(
                    "op(A) is {gr} x {gc} ({lr} x {lc} on this rank); X has {xbig} rows \
                     ({xn}), Y {ybig} ({yn})"
                ),
            ));
        }
        let ((lx, kx), (ly, _)) = (self.active_columns()?, y.active_columns()?);
        let (_, _, my) = y.ready(ctx)?;
        if ly + (kx - lx) > my {
            return Err(Error::size_mismatch(
                ctx,
                format!(
                    "X has {} active columns; Y has room for {} from its column {ly}",
                    kx - lx,
                    my - ly
                ),
            ));
        }
        Ok(())
    }

    /// `Y = A X` on the active columns (`BVMatMult`); Y's active columns become as many
    /// as X's.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, NormType};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::new_aij(&c, None, None, Some(3), Some(3), 1, 0)?;
    /// for i in 0..3 {
    ///     a.set_values(&[i], &[i], &[2.0], InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let mut x = slepc::Bv::with_sizes(&c, None, Some(3), 2)?;
    /// x.set_random()?;
    /// let mut y = x.duplicate()?;
    /// x.mat_mult(&a, &mut y)?;
    /// let (nx, ny) = (x.norm(NormType::Frobenius)?, y.norm(NormType::Frobenius)?);
    /// assert!((ny - 2.0 * nx).abs() < 1e-14);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "BVMatMult")]
    pub fn mat_mult(&self, a: &Mat, y: &mut Bv) -> Result<()> {
        self.check_mat_mult("Bv::mat_mult", a, y, false)?;
        // SAFETY: live objects; sizes checked; distinct bases.
        check(unsafe { sys::BVMatMult(self.ptr, a.as_raw(), y.ptr) })
    }

    /// `Y = A^T X` on the active columns (`BVMatMultTranspose`).
    #[doc(alias = "BVMatMultTranspose")]
    pub fn mat_mult_transpose(&self, a: &Mat, y: &mut Bv) -> Result<()> {
        self.check_mat_mult("Bv::mat_mult_transpose", a, y, true)?;
        // SAFETY: live objects; sizes checked; distinct bases.
        check(unsafe { sys::BVMatMultTranspose(self.ptr, a.as_raw(), y.ptr) })
    }

    /// `Y = A^H X` on the active columns (`BVMatMultHermitianTranspose`).
    #[doc(alias = "BVMatMultHermitianTranspose")]
    pub fn mat_mult_hermitian_transpose(&self, a: &Mat, y: &mut Bv) -> Result<()> {
        self.check_mat_mult("Bv::mat_mult_hermitian_transpose", a, y, true)?;
        // SAFETY: live objects; sizes checked; distinct bases.
        check(unsafe { sys::BVMatMultHermitianTranspose(self.ptr, a.as_raw(), y.ptr) })
    }

    /// Checks a square `A` of the basis's layout and a column `j` with a next one.
    fn check_mat_mult_column(&self, ctx: &str, a: &Mat, j: Int) -> Result<()> {
        checks::agree(self, ctx, self.mat_mult_column_here(ctx, a, j))
    }

    /// [`check_mat_mult_column`](Self::check_mat_mult_column) on this rank.
    fn mat_mult_column_here(&self, ctx: &str, a: &Mat, j: Int) -> Result<()> {
        let (n, big_n, m) = self.ready(ctx)?;
        if !(0..m - 1).contains(&j) {
            return Err(Error::invalid(
                ctx,
                format!("column {j} has no next column: the basis has {m} columns"),
            ));
        }
        let (g, l) = (a.size()?, a.local_size()?);
        if g != (big_n, big_n) || l != (n, n) {
            return Err(Error::size_mismatch(
                ctx,
                format!(
                    "A is {} x {} ({} x {} on this rank); the basis needs {big_n} x {big_n}",
                    g.0, g.1, l.0, l.1
                ),
            ));
        }
        Ok(())
    }

    /// Column `j + 1` = `A` times column `j` (`BVMatMultColumn`).
    #[doc(alias = "BVMatMultColumn")]
    pub fn mat_mult_column(&mut self, a: &Mat, j: Int) -> Result<()> {
        self.check_mat_mult_column("Bv::mat_mult_column", a, j)?;
        // SAFETY: live objects; sizes and index checked.
        check(unsafe { sys::BVMatMultColumn(self.ptr, a.as_raw(), j) })
    }

    /// Column `j + 1` = `A^T` times column `j` (`BVMatMultTransposeColumn`).
    #[doc(alias = "BVMatMultTransposeColumn")]
    pub fn mat_mult_transpose_column(&mut self, a: &Mat, j: Int) -> Result<()> {
        self.check_mat_mult_column("Bv::mat_mult_transpose_column", a, j)?;
        // SAFETY: live objects; sizes and index checked.
        check(unsafe { sys::BVMatMultTransposeColumn(self.ptr, a.as_raw(), j) })
    }

    /// Column `j + 1` = `A^H` times column `j` (`BVMatMultHermitianTransposeColumn`).
    #[doc(alias = "BVMatMultHermitianTransposeColumn")]
    pub fn mat_mult_hermitian_transpose_column(&mut self, a: &Mat, j: Int) -> Result<()> {
        self.check_mat_mult_column("Bv::mat_mult_hermitian_transpose_column", a, j)?;
        // SAFETY: live objects; sizes and index checked.
        check(unsafe { sys::BVMatMultHermitianTransposeColumn(self.ptr, a.as_raw(), j) })
    }

    /// The projection `M = Y^H A X` of `A` (the identity with `None`) on the active
    /// columns of `self` (`X`) and `y` (`BVMatProject`), as a sequential dense matrix of
    /// `ky` rows and `kx` columns.
    #[doc(alias = "BVMatProject")]
    pub fn mat_project(&self, a: Option<&Mat>, y: &Bv) -> Result<Mat> {
        const CTX: &str = "Bv::mat_project";
        let (n, big_n, _) = self.ready(CTX)?;
        let fits = |a: &Mat| -> Result<()> {
            let (g, l) = (a.size()?, a.local_size()?);
            if g != (big_n, big_n) || l != (n, n) {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "A is {} x {} ({} x {} on this rank); the bases need {big_n} x \
                         {big_n} ({n} x {n})",
                        g.0, g.1, l.0, l.1
                    ),
                ));
            }
            Ok(())
        };
        let local = self
            .same_layout_here(CTX, y)
            .and_then(|()| a.map_or(Ok(()), fits));
        checks::agree(self, CTX, local)?;
        let m = self.product_matrix(y)?;
        let araw = a.map_or(std::ptr::null_mut(), |a| a.as_raw());
        // SAFETY: live objects of one layout; `m` is sequential dense ky x kx.
        check(unsafe { sys::BVMatProject(self.ptr, araw, y.ptr, m.as_raw()) })?;
        Ok(m)
    }
}

/// Refuses a slice `q` (this rank's) whose length is not `want` (`why` says what needs
/// it): local, the callers agree on it.
fn q_len(ctx: &str, q: &[Scalar], want: Int, why: impl FnOnce() -> String) -> Result<()> {
    if q.len() as u64 == want.max(0) as u64 && want >= 0 {
        return Ok(());
    }
    Err(Error::size_mismatch(
        ctx,
        format!(
            "q has {} entries on this rank; {want} wanted: {}",
            q.len(),
            why()
        ),
    ))
}
