//! A swarm's fields: registering them ([`Swarm::register_field`]), the guards that lend
//! a field's entries on this rank ([`SwarmField`], [`SwarmFieldMut`]) and vectors that
//! share them ([`SwarmFieldVec`]).
//!
//! PETSc lends one field once at a time (a second loan of the same field is an `Err`)
//! and refuses to resize a swarm whose fields are lent; on the Rust side every loan is
//! also recorded with the swarm, so that no change of its points (through any handle)
//! runs while a slice of a field is alive.

use std::ffi::CString;
use std::marker::PhantomData;

use petsc_sys as sys;

use super::Swarm;
use crate::borrow::ArrayBorrow;
use crate::error::{Error, Result, c_string, check, int_len};
use crate::object::Object;
use crate::scalar::{Int, Real, Scalar};
use crate::vec::Vector;

mod sealed {
    pub trait Sealed {}
}

/// The Rust types a swarm field can hold, with PETSc's data type for each
/// (`PetscDataType`): [`Real`] (`PETSC_REAL`), [`Int`] (`PETSC_INT`), `i64` where
/// `PetscInt` is 32 bits (`PETSC_INT64`, the type of [`Swarm::PID`]), and
/// [`Complex<Real>`](crate::Complex) (`PETSC_COMPLEX`, in real builds too). A field of
/// [`Scalar`](crate::Scalar)s (petsc4py's `ScalarType`, `PETSC_SCALAR`) is one of
/// `Real`s in a real build and of `Complex<Real>`s in a complex one.
///
/// ```
/// use petsc::{Complex, Real, Scalar, Swarm};
/// let petsc = petsc::Petsc::init()?;
/// let mut sw = Swarm::new(&petsc.self_comm(), 1)?;
/// sw.initialize_field_register()?;
/// sw.register_field::<Scalar>("s", 1)?;
/// sw.register_field::<Complex<Real>>("z", 1)?;
/// sw.finalize_field_register()?;
/// sw.set_local_sizes(2, 0)?;
/// sw.field_mut::<Complex<Real>>("z")?[1] = Complex::new(1.0, 2.0);
/// assert_eq!(sw.field::<Complex<Real>>("z")?[1], Complex::new(1.0, 2.0));
/// assert_eq!(sw.field::<Scalar>("s")?.len(), 2);
/// # Ok::<(), petsc::Error>(())
/// ```
pub trait SwarmData: Copy + sealed::Sealed + 'static {
    /// The data type a field of this type is registered with.
    const DATA_TYPE: sys::PetscDataType;
    /// Whether a field of PETSc's type `t` holds values of this type.
    fn holds(t: sys::PetscDataType) -> bool {
        t == Self::DATA_TYPE
    }
}

impl sealed::Sealed for Real {}
impl SwarmData for Real {
    const DATA_TYPE: sys::PetscDataType = sys::PetscDataType::PETSC_DOUBLE;
}

impl sealed::Sealed for Int {}
impl SwarmData for Int {
    const DATA_TYPE: sys::PetscDataType = sys::PetscDataType::PETSC_INT;
    fn holds(t: sys::PetscDataType) -> bool {
        t == sys::PetscDataType::PETSC_INT
            || (cfg!(petsc_int64) && t == sys::PetscDataType::PETSC_INT64)
    }
}

#[cfg(not(petsc_int64))]
impl sealed::Sealed for i64 {}
#[cfg(not(petsc_int64))]
impl SwarmData for i64 {
    const DATA_TYPE: sys::PetscDataType = sys::PetscDataType::PETSC_INT64;
}

// PETSc's complex fields (`PETSC_COMPLEX`, `PetscComplex`) exist in real builds too
// (petsc4py's `ComplexType`); in a complex build this is also the `Scalar`.
impl sealed::Sealed for crate::scalar::Complex<Real> {}
impl SwarmData for crate::scalar::Complex<Real> {
    const DATA_TYPE: sys::PetscDataType = sys::PetscDataType::PETSC_COMPLEX;
}

/// The name of a PETSc data type, for messages.
fn type_name(t: sys::PetscDataType) -> String {
    use sys::PetscDataType as D;
    let name = match t {
        D::PETSC_DOUBLE => "real",
        D::PETSC_COMPLEX => "complex",
        D::PETSC_INT => "int",
        D::PETSC_INT64 => "int64",
        D::PETSC_LONG => "long",
        D::PETSC_SHORT => "short",
        D::PETSC_FLOAT => "float",
        D::PETSC_CHAR => "char",
        D::PETSC_BOOL => "bool",
        D::PETSC_STRUCT => "a user struct",
        _ => return format!("data type {}", t.0),
    };
    name.to_string()
}

/// A field of this rank's points, lent by [`Swarm::field`] until dropped
/// (`DMSwarmGetField`, `DMSwarmRestoreField`): `block_size` entries a point, point by
/// point. It dereferences to the slice of entries.
#[doc(alias = "DMSwarmGetField")]
#[doc(alias = "DMSwarmRestoreField")]
pub struct SwarmField<'a, T: SwarmData> {
    dm: sys::DM,
    name: CString,
    data: *mut T,
    len: usize,
    bs: usize,
    restored: bool,
    _borrow: ArrayBorrow,
    _swarm: PhantomData<&'a Swarm>,
}

/// A field of this rank's points lent for writing by [`Swarm::field_mut`]; as
/// [`SwarmField`], and it dereferences to a mutable slice.
pub struct SwarmFieldMut<'a, T: SwarmData>(SwarmField<'a, T>);

impl<T: SwarmData> SwarmField<'_, T> {
    /// The number of entries a point.
    pub fn block_size(&self) -> usize {
        self.bs
    }

    /// The field's name.
    pub fn name(&self) -> &str {
        self.name.to_str().unwrap_or("")
    }

    /// Gives the field back once; PETSc's error code.
    fn finish(&mut self) -> sys::PetscErrorCode {
        if self.restored {
            return 0;
        }
        self.restored = true;
        let mut bs: Int = 0;
        let mut t = sys::PetscDataType::PETSC_DATATYPE_UNKNOWN;
        let mut p = self.data.cast::<std::os::raw::c_void>();
        // SAFETY: the swarm (borrowed for the guard's life) lent this field; no slice of
        // it outlives the guard.
        unsafe { sys::DMSwarmRestoreField(self.dm, self.name.as_ptr(), &mut bs, &mut t, &mut p) }
    }

    /// Gives the field back, as dropping the guard does, with the `Err` of a failure
    /// (`DMSwarmRestoreField`).
    #[doc(alias = "DMSwarmRestoreField")]
    pub fn restore(mut self) -> Result<()> {
        check(self.finish())
    }
}

impl<T: SwarmData> SwarmFieldMut<'_, T> {
    /// The number of entries a point.
    pub fn block_size(&self) -> usize {
        self.0.bs
    }

    /// Gives the field back, as dropping the guard does, with the `Err` of a failure
    /// (`DMSwarmRestoreField`).
    #[doc(alias = "DMSwarmRestoreField")]
    pub fn restore(self) -> Result<()> {
        self.0.restore()
    }
}

impl<T: SwarmData> std::ops::Deref for SwarmField<'_, T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        if self.len == 0 {
            return &[];
        }
        // SAFETY: PETSc lent `len` entries of type `T` (its data type was checked) until
        // the restore in `finish`, which needs the guard itself.
        unsafe { std::slice::from_raw_parts(self.data, self.len) }
    }
}

impl<T: SwarmData> std::ops::Deref for SwarmFieldMut<'_, T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<T: SwarmData> std::ops::DerefMut for SwarmFieldMut<'_, T> {
    fn deref_mut(&mut self) -> &mut [T] {
        if self.0.len == 0 {
            return &mut [];
        }
        // SAFETY: as for `Deref`; PETSc lends a field once at a time, so this guard is
        // the only way to its entries.
        unsafe { std::slice::from_raw_parts_mut(self.0.data, self.0.len) }
    }
}

impl<T: SwarmData> Drop for SwarmField<'_, T> {
    fn drop(&mut self) {
        crate::error::record_destroy(self.finish());
    }
}

impl<T: SwarmData + std::fmt::Debug> std::fmt::Debug for SwarmField<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SwarmField")
            .field("name", &self.name)
            .field("block_size", &self.bs)
            .field("entries", &&**self)
            .finish()
    }
}

impl<T: SwarmData + std::fmt::Debug> std::fmt::Debug for SwarmFieldMut<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Which of the two layouts a [`SwarmFieldVec`] has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    Global,
    Local,
}

/// A vector sharing the entries of a swarm field (or, from
/// `Swarm::create_global_vector_from_fields` of PETSc 3.23 on, holding a copy of
/// several, copied back at the end), given back when dropped
/// (`DMSwarmDestroyGlobalVectorFromField` and its
/// neighbours). It borrows the swarm, whose points cannot change meanwhile, and
/// dereferences to a [`Vector`].
#[doc(alias = "DMSwarmCreateGlobalVectorFromField")]
#[doc(alias = "DMSwarmCreateLocalVectorFromField")]
pub struct SwarmFieldVec<'a> {
    dm: sys::DM,
    raw: sys::Vec,
    names: Vec<CString>,
    several: bool,
    layout: Layout,
    restored: bool,
    // Holds its own reference to `raw`, released after the restore.
    vec: Vector,
    _borrow: ArrayBorrow,
    _swarm: PhantomData<&'a Swarm>,
}

impl SwarmFieldVec<'_> {
    /// Gives the vector back once; PETSc's error code.
    fn finish(&mut self) -> sys::PetscErrorCode {
        if self.restored {
            return 0;
        }
        self.restored = true;
        let mut v = self.raw;
        let ptrs: Vec<*const std::os::raw::c_char> =
            self.names.iter().map(|s| s.as_ptr()).collect();
        // SAFETY: the swarm (borrowed for the guard's life) made `raw` from these fields;
        // no view of it is alive (views borrow the guard). The guard's own reference is
        // released after, and the vector then has an array of its own.
        unsafe {
            match (self.layout, self.several) {
                (Layout::Global, false) => {
                    sys::DMSwarmDestroyGlobalVectorFromField(self.dm, ptrs[0], &mut v)
                }
                (Layout::Local, false) => {
                    sys::DMSwarmDestroyLocalVectorFromField(self.dm, ptrs[0], &mut v)
                }
                #[cfg(petsc_3_23)]
                (Layout::Global, true) => sys::DMSwarmDestroyGlobalVectorFromFields(
                    self.dm,
                    ptrs.len() as Int,
                    ptrs.as_ptr().cast_mut(),
                    &mut v,
                ),
                #[cfg(petsc_3_23)]
                (Layout::Local, true) => sys::DMSwarmDestroyLocalVectorFromFields(
                    self.dm,
                    ptrs.len() as Int,
                    ptrs.as_ptr().cast_mut(),
                    &mut v,
                ),
                #[cfg(not(petsc_3_23))]
                (_, true) => unreachable!("several fields need PETSc 3.23"),
            }
        }
    }

    /// Gives the vector back, as dropping the guard does, with the `Err` of a failure
    /// (`DMSwarmDestroyGlobalVectorFromField` and its neighbours).
    #[doc(alias = "DMSwarmDestroyGlobalVectorFromField")]
    pub fn restore(mut self) -> Result<()> {
        check(self.finish())
    }
}

impl std::ops::Deref for SwarmFieldVec<'_> {
    type Target = Vector;
    fn deref(&self) -> &Vector {
        &self.vec
    }
}

impl std::ops::DerefMut for SwarmFieldVec<'_> {
    fn deref_mut(&mut self) -> &mut Vector {
        &mut self.vec
    }
}

impl std::borrow::Borrow<Vector> for SwarmFieldVec<'_> {
    fn borrow(&self) -> &Vector {
        &self.vec
    }
}

impl std::borrow::BorrowMut<Vector> for SwarmFieldVec<'_> {
    fn borrow_mut(&mut self) -> &mut Vector {
        &mut self.vec
    }
}

impl Drop for SwarmFieldVec<'_> {
    fn drop(&mut self) {
        crate::error::record_destroy(self.finish());
    }
}

impl std::fmt::Debug for SwarmFieldVec<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SwarmFieldVec")
            .field("fields", &self.names)
            .field("vec", &self.vec)
            .finish()
    }
}

impl Swarm {
    /// Registers a field named `name` of `block_size` values of type `T` a point
    /// (`DMSwarmRegisterPetscDatatypeField`; collective), between
    /// [`initialize_field_register`](Self::initialize_field_register) (or
    /// [`set_type`](Self::set_type)) and
    /// [`finalize_field_register`](Self::finalize_field_register).
    #[doc(alias = "DMSwarmRegisterPetscDatatypeField")]
    pub fn register_field<T: SwarmData>(&mut self, name: &str, block_size: usize) -> Result<()> {
        const CTX: &str = "Swarm::register_field";
        let n = c_string(CTX, name)?;
        if block_size == 0 {
            return Err(Error::invalid(
                CTX,
                "block_size is 0; it must be at least 1",
            ));
        }
        let bs = int_len(CTX, "entries", block_size)?;
        // SAFETY: live DMSwarm; a NUL-terminated name.
        check(unsafe {
            sys::DMSwarmRegisterPetscDatatypeField(self.ptr, n.as_ptr(), bs, T::DATA_TYPE)
        })
    }

    /// Lends the entries of field `name` on this rank, to read (`DMSwarmGetField`). A
    /// field whose type is not `T` is an `Err` naming both; so is a field lent already.
    ///
    /// ```
    /// use petsc::{Int, Swarm};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut sw = Swarm::new(&petsc.self_comm(), 2)?;
    /// sw.initialize_field_register()?;
    /// sw.register_field::<Int>("id", 1)?;
    /// sw.finalize_field_register()?;
    /// sw.set_local_sizes(2, 0)?;
    /// assert!(sw.field::<f64>("id").unwrap_err().to_string().contains("int"));
    /// let id = sw.field::<Int>("id")?;
    /// assert!(sw.field::<Int>("id").is_err()); // lent already
    /// assert!(sw.field::<Int>("nosuch").is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMSwarmGetField")]
    pub fn field<T: SwarmData>(&self, name: &str) -> Result<SwarmField<'_, T>> {
        self.lend_field("Swarm::field", name)
    }

    /// Lends the entries of field `name` on this rank, to write (`DMSwarmGetField`);
    /// as [`field`](Self::field).
    #[doc(alias = "DMSwarmGetField")]
    pub fn field_mut<T: SwarmData>(&self, name: &str) -> Result<SwarmFieldMut<'_, T>> {
        self.lend_field("Swarm::field_mut", name).map(SwarmFieldMut)
    }

    /// Gives a lent field back (`DMSwarmRestoreField`), with the `Err` of a failure;
    /// dropping the guard does the same.
    #[doc(alias = "DMSwarmRestoreField")]
    pub fn restore_field<T: SwarmData>(&self, field: SwarmField<'_, T>) -> Result<()> {
        field.restore()
    }

    fn lend_field<T: SwarmData>(&self, ctx: &str, name: &str) -> Result<SwarmField<'_, T>> {
        let n = c_string(ctx, name)?;
        let borrow = ArrayBorrow::shared(self.ptr as sys::PetscObject, ctx)?;
        let len_points = self.local_size()?;
        let mut bs: Int = 0;
        let mut t = sys::PetscDataType::PETSC_DATATYPE_UNKNOWN;
        let mut p: *mut std::os::raw::c_void = std::ptr::null_mut();
        // SAFETY: live DMSwarm; a NUL-terminated name; PETSc writes the outputs and marks
        // the field lent (or refuses a field lent already).
        check(unsafe { sys::DMSwarmGetField(self.ptr, n.as_ptr(), &mut bs, &mut t, &mut p) })?;
        let field = SwarmField {
            dm: self.ptr,
            name: n,
            data: p.cast::<T>(),
            len: len_points * bs.max(0) as usize,
            bs: bs.max(0) as usize,
            restored: false,
            _borrow: borrow,
            _swarm: PhantomData,
        };
        if !T::holds(t) {
            return Err(Error::invalid(
                ctx,
                format!(
                    "field '{name}' holds {}, not {} ({})",
                    type_name(t),
                    type_name(T::DATA_TYPE),
                    std::any::type_name::<T>()
                ),
            ));
        }
        let mut size: usize = 0;
        // SAFETY: one output.
        check(unsafe { sys::PetscDataTypeGetSize(t, &mut size) })?;
        if size != std::mem::size_of::<T>() {
            return Err(Error::invalid(
                ctx,
                format!(
                    "field '{name}' holds {} of {size} bytes in this PETSc, {} has {}",
                    type_name(t),
                    std::any::type_name::<T>(),
                    std::mem::size_of::<T>()
                ),
            ));
        }
        Ok(field)
    }

    crate::methods![for Swarm;
        /// Sets the field whose layout the swarm's vectors take
        /// (`DMSwarmVectorDefineField`): [`create_global_vector`](crate::DmBase::create_global_vector)
        /// then makes vectors of `block_size` entries a point. The field must hold reals.
        pub fn vector_define_field(&mut self, name: &str)
            = DMSwarmVectorDefineField as "DMSwarmVectorDefineField";
    ];

    /// The moments of the points' weighted distribution in the coordinates held by the
    /// real field `coordinate` (`c` entries a point): `[Σ w, Σ w x_1, ..., Σ w x_c,
    /// Σ w |x|^2]` over every rank's points, `c + 2` numbers, with the weights `w` of
    /// the field `weight` (one entry a point, reals or [`Scalar`]s, whose real parts
    /// are taken) (`DMSwarmComputeMoments`; collective). Computed here from the fields:
    /// PETSc's own routine, up to 3.25, adds the squares past its array and then gives
    /// back fields of other names.
    ///
    /// ```
    /// use petsc::{Real, Swarm};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut sw = Swarm::new(&petsc.self_comm(), 2)?;
    /// sw.initialize_field_register()?;
    /// sw.register_field::<Real>("x", 2)?;
    /// sw.register_field::<Real>("w", 1)?;
    /// sw.finalize_field_register()?;
    /// sw.set_local_sizes(2, 0)?;
    /// sw.field_mut::<Real>("x")?.copy_from_slice(&[1.0, 2.0, 3.0, 4.0]);
    /// sw.field_mut::<Real>("w")?.copy_from_slice(&[2.0, 5.0]);
    /// assert_eq!(sw.compute_moments("x", "w")?, [7.0, 17.0, 24.0, 135.0]);
    /// assert!(sw.compute_moments("x", "x").is_err()); // two entries a point
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMSwarmComputeMoments")]
    pub fn compute_moments(&self, coordinate: &str, weight: &str) -> Result<Vec<Real>> {
        const CTX: &str = "Swarm::compute_moments";
        let local = (|| {
            let w: Vec<Real> = {
                let real = self.lend_field::<Real>(CTX, weight);
                match real {
                    Ok(f) if f.block_size() == 1 => f.to_vec(),
                    Ok(f) => {
                        return Err(Error::invalid(
                            CTX,
                            format!(
                                "the weights '{weight}' have {} entries a point, not 1",
                                f.block_size()
                            ),
                        ));
                    }
                    Err(e) if cfg!(petsc_complex) => match self.lend_field::<Scalar>(CTX, weight) {
                        // The real part of each weight (a complex `Scalar` here).
                        #[allow(clippy::useless_conversion)]
                        Ok(f) if f.block_size() == 1 => f
                            .iter()
                            .map(|&z| crate::scalar::Complex::<Real>::from(z).re)
                            .collect(),
                        _ => return Err(e),
                    },
                    Err(e) => return Err(e),
                }
            };
            let x = self.lend_field::<Real>(CTX, coordinate)?;
            let bs = x.block_size();
            let mut m = vec![0.0 as Real; bs + 2];
            for (p, &wp) in w.iter().enumerate() {
                let c = &x[p * bs..(p + 1) * bs];
                m[0] += wp;
                for (d, &cd) in c.iter().enumerate() {
                    m[d + 1] += wp * cd;
                    m[bs + 1] += wp * cd * cd;
                }
            }
            Ok(m)
        })();
        let comm = self.comm();
        let local = comm.agree(CTX, local)?;
        // The fields' block sizes are the same on every rank (registered collectively).
        let mut total = vec![0.0 as Real; local.len()];
        comm.sum_reals(&local, &mut total)?;
        Ok(total)
    }

    fn field_vec(&self, ctx: &str, names: &[&str], layout: Layout) -> Result<SwarmFieldVec<'_>> {
        let several = names.len() != 1;
        if names.is_empty() {
            return Err(Error::invalid(ctx, "no field named"));
        }
        let names = names
            .iter()
            .map(|f| c_string(ctx, f))
            .collect::<Result<Vec<_>>>()?;
        // PETSc lends a field before it checks its type, and keeps it lent when the check
        // fails: each field is checked here first (lent and given back). The vector's
        // entries are `Scalar`s made from (or placed on) the field's: PETSc up to 3.25
        // takes a field of reals in a complex build too, and reads twice its length.
        let local = (|| {
            for name in &names {
                self.lend_field::<Scalar>(ctx, name.to_str().unwrap_or(""))?;
            }
            ArrayBorrow::shared(self.ptr as sys::PetscObject, ctx)
        })();
        // A field view alive on some ranks only fails there only: agreed before the
        // creation of a global vector, which is collective.
        let borrow = match layout {
            Layout::Global => crate::object::Object::comm(self).agree(ctx, local)?,
            Layout::Local => local?,
        };
        let mut v: sys::Vec = std::ptr::null_mut();
        let ptrs: Vec<*const std::os::raw::c_char> = names.iter().map(|s| s.as_ptr()).collect();
        // SAFETY: live DMSwarm; NUL-terminated names that outlive the call; PETSc writes
        // the new vector and marks the fields lent.
        check(unsafe {
            match (layout, several) {
                (Layout::Global, false) => {
                    sys::DMSwarmCreateGlobalVectorFromField(self.ptr, ptrs[0], &mut v)
                }
                (Layout::Local, false) => {
                    sys::DMSwarmCreateLocalVectorFromField(self.ptr, ptrs[0], &mut v)
                }
                #[cfg(petsc_3_23)]
                (Layout::Global, true) => sys::DMSwarmCreateGlobalVectorFromFields(
                    self.ptr,
                    ptrs.len() as Int,
                    ptrs.as_ptr().cast_mut(),
                    &mut v,
                ),
                #[cfg(petsc_3_23)]
                (Layout::Local, true) => sys::DMSwarmCreateLocalVectorFromFields(
                    self.ptr,
                    ptrs.len() as Int,
                    ptrs.as_ptr().cast_mut(),
                    &mut v,
                ),
                #[cfg(not(petsc_3_23))]
                (_, true) => unreachable!("several fields need PETSc 3.23"),
            }
        })?;
        // SAFETY: the new vector; the handle takes a reference of its own and is marked
        // lent (a clone that outlives the guard refuses its entries), and the guard
        // gives PETSc's back.
        let vec = unsafe { Vector::from_raw_lent(self.petsc(), v) }?;
        Ok(SwarmFieldVec {
            dm: self.ptr,
            raw: v,
            names,
            several,
            layout,
            restored: false,
            vec,
            _borrow: borrow,
            _swarm: PhantomData,
        })
    }

    /// A global vector (on the swarm's communicator) sharing the entries of the field
    /// `name` (`DMSwarmCreateGlobalVectorFromField`; collective), given back when the
    /// guard is dropped. The field must hold [`Scalar`]s: another is an `Err`, as in
    /// PETSc (and PETSc up to 3.25 at least makes vectors of real fields only, so in a
    /// complex build every field is refused there).
    ///
    /// ```
    /// use petsc::{Scalar, Swarm};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut sw = Swarm::new(&petsc.world(), 1)?;
    /// sw.initialize_field_register()?;
    /// sw.register_field::<Scalar>("w", 2)?;
    /// sw.register_field::<petsc::Int>("id", 1)?;
    /// sw.finalize_field_register()?;
    /// sw.set_local_sizes(3, 0)?;
    /// assert!(sw.create_global_vector_from_field("id").is_err()); // not scalars
    /// {
    ///     let mut v = sw.create_global_vector_from_field("w")?;
    ///     v.set(2.0)?;
    ///     // The points cannot change meanwhile, through any handle.
    ///     let mut other = sw.clone();
    ///     assert!(other.add_point().is_err());
    /// }
    /// assert!(sw.field::<Scalar>("w")?.iter().all(|&x| x == Scalar::from(2.0)));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMSwarmCreateGlobalVectorFromField")]
    pub fn create_global_vector_from_field(&self, name: &str) -> Result<SwarmFieldVec<'_>> {
        self.field_vec(
            "Swarm::create_global_vector_from_field",
            &[name],
            Layout::Global,
        )
    }

    /// A vector on this rank alone sharing the entries of the field `name`
    /// (`DMSwarmCreateLocalVectorFromField`), given back when the guard is dropped; the
    /// field must hold [`Scalar`]s, as for
    /// [`create_global_vector_from_field`](Self::create_global_vector_from_field).
    #[doc(alias = "DMSwarmCreateLocalVectorFromField")]
    pub fn create_local_vector_from_field(&self, name: &str) -> Result<SwarmFieldVec<'_>> {
        self.field_vec(
            "Swarm::create_local_vector_from_field",
            &[name],
            Layout::Local,
        )
    }

    /// A global vector holding the [`Scalar`] fields `names`, point by point, copied back
    /// into them when the guard is dropped (`DMSwarmCreateGlobalVectorFromFields`,
    /// PETSc 3.23 on; collective).
    #[cfg(petsc_3_23)]
    #[doc(alias = "DMSwarmCreateGlobalVectorFromFields")]
    pub fn create_global_vector_from_fields(&self, names: &[&str]) -> Result<SwarmFieldVec<'_>> {
        self.field_vec(
            "Swarm::create_global_vector_from_fields",
            names,
            Layout::Global,
        )
    }

    /// A vector on this rank alone holding the [`Scalar`] fields `names`, copied back when
    /// the guard is dropped (`DMSwarmCreateLocalVectorFromFields`, PETSc 3.23 on).
    #[cfg(petsc_3_23)]
    #[doc(alias = "DMSwarmCreateLocalVectorFromFields")]
    pub fn create_local_vector_from_fields(&self, names: &[&str]) -> Result<SwarmFieldVec<'_>> {
        self.field_vec(
            "Swarm::create_local_vector_from_fields",
            names,
            Layout::Local,
        )
    }

    /// Gives back a vector made from one field or several
    /// (`DMSwarmDestroyGlobalVectorFromField`), with the `Err` of a failure; dropping
    /// the guard does the same.
    #[doc(alias = "DMSwarmDestroyGlobalVectorFromField")]
    pub fn destroy_global_vector_from_field(&self, vec: SwarmFieldVec<'_>) -> Result<()> {
        vec.restore()
    }

    /// Gives back a local vector made from one field or several
    /// (`DMSwarmDestroyLocalVectorFromField`); dropping the guard does the same.
    #[doc(alias = "DMSwarmDestroyLocalVectorFromField")]
    pub fn destroy_local_vector_from_field(&self, vec: SwarmFieldVec<'_>) -> Result<()> {
        vec.restore()
    }

    /// Gives back a vector made from several fields, copying its entries into them
    /// (`DMSwarmDestroyGlobalVectorFromFields`, PETSc 3.23 on); dropping the guard
    /// does the same.
    #[cfg(petsc_3_23)]
    #[doc(alias = "DMSwarmDestroyGlobalVectorFromFields")]
    pub fn destroy_global_vector_from_fields(&self, vec: SwarmFieldVec<'_>) -> Result<()> {
        vec.restore()
    }

    /// Gives back a local vector made from several fields
    /// (`DMSwarmDestroyLocalVectorFromFields`, PETSc 3.23 on); dropping the guard does
    /// the same.
    #[cfg(petsc_3_23)]
    #[doc(alias = "DMSwarmDestroyLocalVectorFromFields")]
    pub fn destroy_local_vector_from_fields(&self, vec: SwarmFieldVec<'_>) -> Result<()> {
        vec.restore()
    }
}
