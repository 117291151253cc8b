//! Block-structured vectors: values set by block, and strided access to one field of
//! interleaved ones (`VecStride*`), and nested vectors (`VECNEST`).

use petsc_sys as sys;

use super::{Extremum, InsertMode, NormType, Vector};
use crate::comm::Comm;
use crate::error::{Error, Result, check, check_indices};
use crate::object::Object;
use crate::scalar::{Int, Real, Scalar};

impl Vector {
    /// Checks a field number against the block size, the same on every rank.
    fn check_field(&self, context: &str, field: Int) -> Result<Int> {
        self.comm()
            .check_same(context, &[("field numbers", crate::comm::wide(field))])?;
        let bs = self.block_size()?;
        if !(0..bs).contains(&field) {
            return Err(Error::out_of_range(
                context,
                format!("field {field} is not in 0..{bs}, the block size"),
            ));
        }
        Ok(bs)
    }

    /// Sets or adds blocks of values at global block indices (`VecSetValuesBlocked`):
    /// `values` holds `block_size()` values per index; block `k` is entries
    /// `k*bs .. (k+1)*bs`. Negative indices are skipped; a block index past the end is
    /// an `Err`. Complete with [`assemble`](Self::assemble).
    ///
    /// ```
    /// use petsc::{InsertMode, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = Vector::new_seq(&petsc.self_comm(), 6)?;
    /// x.set_block_size(2)?;
    /// x.set(0.0)?;
    /// x.set_values_blocked(&[2, 0], &[5.0, 6.0, 1.0, 2.0], InsertMode::Insert)?;
    /// x.assemble()?;
    /// assert_eq!(&*x.view()?, &[1.0, 2.0, 0.0, 0.0, 5.0, 6.0]);
    /// assert!(x.set_values_blocked(&[3], &[1.0, 1.0], InsertMode::Insert).is_err());
    /// assert!(x.set_values_blocked(&[0], &[1.0], InsertMode::Insert).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecSetValuesBlocked")]
    pub fn set_values_blocked(
        &mut self,
        indices: &[Int],
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        const CTX: &str = "Vector::set_values_blocked";
        let bs = self.block_size()?;
        if values.len() != indices.len() * bs as usize {
            return Err(Error::size_mismatch(
                CTX,
                format!(
                    "{} block indices with block size {bs} need {} values, not {}",
                    indices.len(),
                    indices.len() * bs as usize,
                    values.len()
                ),
            ));
        }
        check_indices(CTX, "block index", indices, self.size()? / bs)?;
        let (idx, vals) = super::ghost::skip_negative(indices, values, bs as usize);
        // SAFETY: live vector; every block index in range; `bs` values per index.
        check(unsafe {
            sys::VecSetValuesBlocked(
                self.raw_write(CTX)?,
                idx.len() as Int,
                idx.as_ptr(),
                vals.as_ptr(),
                mode.raw(),
            )
        })
    }

    /// A norm of field `field` of the interleaved fields (`VecStrideNorm`): of entries
    /// `field, field + bs, field + 2 bs, ...`, with `bs` the block size.
    ///
    /// ```
    /// use petsc::{NormType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = Vector::from_slice(&petsc.self_comm(), &[3.0, 1.0, 4.0, -2.0])?;
    /// x.set_block_size(2)?;
    /// assert_eq!(x.stride_norm(0, NormType::Two)?, 5.0);
    /// assert_eq!(x.stride_norm(1, NormType::Infinity)?, 2.0);
    /// assert!(x.stride_norm(2, NormType::Two).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecStrideNorm")]
    pub fn stride_norm(&self, field: Int, ty: NormType) -> Result<Real> {
        const CTX: &str = "Vector::stride_norm";
        if ty == NormType::Frobenius {
            return Err(Error::invalid(
                CTX,
                "the Frobenius norm is for matrices; use NormType::Two",
            ));
        }
        self.check_field(CTX, field)?;
        self.ready_to_reduce(CTX, &[], false)?;
        let mut n: Real = 0.0;
        // SAFETY: live vector; field in range; one result for the norm types allowed.
        check(unsafe { sys::VecStrideNorm(self.raw_read(CTX)?, field, ty.raw(), &mut n) })?;
        Ok(n)
    }

    /// Multiplies field `field` by `alpha` (`VecStrideScale`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = petsc::Vector::from_slice(&petsc.self_comm(), &[1.0, 1.0, 1.0, 1.0])?;
    /// x.set_block_size(2)?;
    /// x.stride_scale(1, 3.0)?;
    /// assert_eq!(&*x.view()?, &[1.0, 3.0, 1.0, 3.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecStrideScale")]
    pub fn stride_scale(&mut self, field: Int, alpha: impl Into<Scalar>) -> Result<()> {
        const CTX: &str = "Vector::stride_scale";
        self.check_field(CTX, field)?;
        // SAFETY: live vector; field in range; the scalar is passed by value as the C
        // prototype takes it.
        check(unsafe { sys::VecStrideScale(self.raw_write(CTX)?, field, alpha.into()) })
    }

    /// The sum of field `field` (`VecStrideSum`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = petsc::Vector::from_slice(&petsc.self_comm(), &[1.0, 2.0, 3.0, 4.0])?;
    /// x.set_block_size(2)?;
    /// assert_eq!((x.stride_sum(0)?, x.stride_sum(1)?), (4.0, 6.0));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecStrideSum")]
    pub fn stride_sum(&self, field: Int) -> Result<Scalar> {
        const CTX: &str = "Vector::stride_sum";
        self.check_field(CTX, field)?;
        self.ready_to_reduce(CTX, &[], false)?;
        let mut s = Scalar::default();
        // SAFETY: live vector; field in range.
        check(unsafe { sys::VecStrideSum(self.raw_read(CTX)?, field, &mut s) })?;
        Ok(s)
    }

    /// The smallest entry of field `field` (real parts) and its global index
    /// (`VecStrideMin`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = petsc::Vector::from_slice(&petsc.self_comm(), &[1.0, 7.0, -3.0, 4.0])?;
    /// x.set_block_size(2)?;
    /// let m = x.stride_min(0)?;
    /// assert_eq!((m.index, m.value), (2, -3.0));
    /// let m = x.stride_max(1)?;
    /// assert_eq!((m.index, m.value), (1, 7.0));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecStrideMin")]
    pub fn stride_min(&self, field: Int) -> Result<Extremum> {
        const CTX: &str = "Vector::stride_min";
        self.check_field(CTX, field)?;
        self.ready_to_reduce(CTX, &[], false)?;
        let (mut index, mut value): (Int, Real) = (0, 0.0);
        // SAFETY: live vector; field in range.
        check(unsafe { sys::VecStrideMin(self.raw_read(CTX)?, field, &mut index, &mut value) })?;
        Ok(Extremum { index, value })
    }

    /// The largest entry of field `field` (real parts) and its global index
    /// (`VecStrideMax`).
    #[doc(alias = "VecStrideMax")]
    pub fn stride_max(&self, field: Int) -> Result<Extremum> {
        const CTX: &str = "Vector::stride_max";
        self.check_field(CTX, field)?;
        self.ready_to_reduce(CTX, &[], false)?;
        let (mut index, mut value): (Int, Real) = (0, 0.0);
        // SAFETY: live vector; field in range.
        check(unsafe { sys::VecStrideMax(self.raw_read(CTX)?, field, &mut index, &mut value) })?;
        Ok(Extremum { index, value })
    }

    /// Copies (or adds) field `field` of this vector into `s`, a vector with one entry
    /// per block on every rank (`VecStrideGather`).
    ///
    /// ```
    /// use petsc::{InsertMode, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut v = Vector::from_slice(&c, &[1.0, 2.0, 3.0, 4.0])?;
    /// v.set_block_size(2)?;
    /// let mut s = Vector::new_seq(&c, 2)?;
    /// v.stride_gather(1, &mut s, InsertMode::Insert)?;
    /// assert_eq!(&*s.view()?, &[2.0, 4.0]);
    /// s.stride_scatter(0, &mut v, InsertMode::Add)?;
    /// assert_eq!(&*v.view()?, &[3.0, 2.0, 7.0, 4.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecStrideGather")]
    pub fn stride_gather(&self, field: Int, s: &mut Vector, mode: InsertMode) -> Result<()> {
        const CTX: &str = "Vector::stride_gather";
        let bs = self.check_field(CTX, field)?;
        check_one_per_block(&self.comm(), CTX, self, s, bs)?;
        // SAFETY: live vectors; field in range; `s` has one entry per block here.
        check(unsafe {
            sys::VecStrideGather(self.raw_read(CTX)?, field, s.raw_write(CTX)?, mode.raw())
        })
    }

    /// Copies (or adds) this vector, with one entry per block of `v`, into field
    /// `field` of `v` (`VecStrideScatter`); the reverse of
    /// [`stride_gather`](Self::stride_gather).
    #[doc(alias = "VecStrideScatter")]
    pub fn stride_scatter(&self, field: Int, v: &mut Vector, mode: InsertMode) -> Result<()> {
        const CTX: &str = "Vector::stride_scatter";
        let bs = v.check_field(CTX, field)?;
        check_one_per_block(&v.comm(), CTX, v, self, bs)?;
        // SAFETY: live vectors; field in range; this vector has one entry per block
        // of `v` here.
        check(unsafe {
            sys::VecStrideScatter(self.raw_read(CTX)?, field, v.raw_write(CTX)?, mode.raw())
        })
    }

    /// A nested vector (`VecCreateNest`): the concatenation of `parts`, which it keeps
    /// (they share their entries with it).
    ///
    /// ```
    /// use petsc::{NormType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = Vector::from_slice(&c, &[3.0])?;
    /// let b = Vector::from_slice(&c, &[4.0, 0.0])?;
    /// let mut x = Vector::new_nest(&c, &[&a, &b])?;
    /// assert_eq!((x.size()?, x.norm(NormType::Two)?), (3, 5.0));
    /// x.scale(2.0)?;
    /// assert_eq!(&*x.nest_sub_vecs()?[0].view()?, &[6.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecCreateNest")]
    pub fn new_nest(comm: &Comm, parts: &[&Vector]) -> Result<Vector> {
        crate::object::refuse_lent("Vector::new_nest", parts.iter().copied())?;
        const CTX: &str = "Vector::new_nest";
        if parts.is_empty() {
            return Err(Error::invalid(CTX, "the list of vectors is empty"));
        }
        comm.agree(CTX, Vector::accessible(CTX, parts, &[]))?;
        let mut raw = parts
            .iter()
            .map(|p| p.raw_read(CTX))
            .collect::<Result<std::vec::Vec<_>>>()?;
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live communicator and vectors (PETSc takes a reference to each); no
        // index sets (PETSc lays the parts out one after the other).
        check(unsafe {
            sys::VecCreateNest(
                comm.as_raw(),
                raw.len() as Int,
                std::ptr::null_mut(),
                raw.as_mut_ptr(),
                &mut v,
            )
        })?;
        Ok(Vector::from_raw(comm.petsc(), v))
    }

    /// The parts of a nested vector (`VecNestGetSubVecs`), each a handle of its own on
    /// the part (the same PETSc object as the one given to
    /// [`new_nest`](Self::new_nest)). Other vectors are an `Err`.
    #[doc(alias = "VecNestGetSubVecs")]
    pub fn nest_sub_vecs(&self) -> Result<std::vec::Vec<Vector>> {
        const CTX: &str = "Vector::nest_sub_vecs";
        let ty = self.type_name()?;
        if ty != "nest" {
            return Err(Error::invalid(
                CTX,
                format!("the vector has type '{ty}', not 'nest'"),
            ));
        }
        let mut n: Int = 0;
        let mut p: *mut sys::Vec = std::ptr::null_mut();
        // SAFETY: live nested vector; PETSc returns its own array of `n` parts.
        check(unsafe { sys::VecNestGetSubVecs(self.ptr, &mut n, &mut p) })?;
        (0..n as usize)
            .map(|k| {
                // SAFETY: `p` holds `n` live parts while the nest lives; each handle
                // takes its own reference.
                unsafe { Vector::from_raw_borrowed(&self.petsc, *p.add(k)) }
            })
            .collect()
    }

    /// Replaces parts of a nested vector (`VecNestSetSubVecs`): part `indices[k]`
    /// becomes `parts[k]`, which must have the layout of the part it replaces (on every
    /// rank; otherwise the `Err` is the same everywhere).
    ///
    /// ```
    /// use petsc::Vector;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let (a, b) = (Vector::from_slice(&c, &[1.0])?, Vector::from_slice(&c, &[2.0, 3.0])?);
    /// let mut x = Vector::new_nest(&c, &[&a, &b])?;
    /// x.set_nest_sub_vecs(&[1], &[&Vector::from_slice(&c, &[5.0, 6.0])?])?;
    /// assert_eq!(x.sum()?, 12.0);
    /// assert!(x.set_nest_sub_vecs(&[0], &[&b]).is_err()); // another layout
    /// assert!(x.set_nest_sub_vecs(&[2], &[&a]).is_err()); // no part 2
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecNestSetSubVecs")]
    pub fn set_nest_sub_vecs(&mut self, indices: &[Int], parts: &[&Vector]) -> Result<()> {
        crate::object::refuse_lent("Vector::set_nest_sub_vecs", parts.iter().copied())?;
        const CTX: &str = "Vector::set_nest_sub_vecs";
        if indices.len() != parts.len() {
            return Err(Error::size_mismatch(
                CTX,
                format!("{} indices but {} vectors", indices.len(), parts.len()),
            ));
        }
        let old = self.nest_sub_vecs()?;
        check_indices(CTX, "part index", indices, old.len() as Int)?;
        if let Some(&i) = indices.iter().find(|&&i| i < 0) {
            return Err(Error::out_of_range(
                CTX,
                format!("part index {i} is negative"),
            ));
        }
        for (&i, part) in indices.iter().zip(parts) {
            old[i as usize].check_layout_of(CTX, &format!("the vector for part {i}"), part)?;
        }
        let mut idx = indices.to_vec();
        Vector::accessible_over(&*self, CTX, parts, &[&*self])?;
        let mut raw = parts
            .iter()
            .map(|p| p.raw_read(CTX))
            .collect::<Result<std::vec::Vec<_>>>()?;
        // SAFETY: live nested vector; every index names a part, every vector has that
        // part's layout; PETSc takes a reference to each new part.
        check(unsafe {
            sys::VecNestSetSubVecs(
                self.raw_write(CTX)?,
                idx.len() as Int,
                idx.as_mut_ptr(),
                raw.as_mut_ptr(),
            )
        })
    }
}

/// Checks that `s` has one entry per block of `v` on this rank, on every rank at once.
fn check_one_per_block(comm: &Comm, context: &str, v: &Vector, s: &Vector, bs: Int) -> Result<()> {
    let local = (|| {
        let (n, sn) = (v.local_size()?, s.local_size()?);
        if sn * bs != n {
            return Err(Error::size_mismatch(
                context,
                format!(
                    "the one-field vector has {sn} local entries but the blocked one has {} blocks of {bs} here",
                    n / bs
                ),
            ));
        }
        Ok(())
    })();
    comm.agree(context, local)
}
