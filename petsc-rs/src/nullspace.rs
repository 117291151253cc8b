//! Null spaces of operators (`MatNullSpace`): the vectors a singular operator maps to
//! zero, given to the matrix ([`Mat::set_null_space`]) so that Krylov solvers remove
//! them from the solution and the right-hand side (pure Neumann problems, rigid-body
//! modes for algebraic multigrid).

use std::os::raw::c_void;

use petsc_sys as sys;

use crate::callback::{CallbackKind, attach, run};
use crate::comm::Comm;
use crate::error::{Error, Result, check};
use crate::mat::Mat;
use crate::object::petsc_handle;
use crate::vec::Vector;

petsc_handle!(
    /// A null space (`MatNullSpace`): optionally the constant vector, plus a set of
    /// orthonormal vectors, plus optionally a closure that removes more
    /// ([`set_function`](NullSpace::set_function)).
    ///
    /// ```
    /// use petsc::{NullSpace, NormType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// let ns = NullSpace::new(&world, true, &[])?;
    /// let mut v = Vector::new_mpi(&world, None, Some(4))?;
    /// v.set(3.0)?;
    /// ns.remove(&mut v)?; // the constant part goes
    /// assert!(v.norm(NormType::Infinity)? < 1e-14);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatNullSpace")]
    NullSpace,
    sys::MatNullSpace,
    sys::MatNullSpaceDestroy
);

/// A `MatNullSpaceSetFunction` closure.
type RemoveFn = dyn FnMut(&mut Vector) -> Result<()>;

/// `MatNullSpaceSetFunction` trampoline.
unsafe extern "C" fn remove_trampoline(
    _sp: sys::MatNullSpace,
    v: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    run::<RemoveFn>(ctx, CallbackKind::NullSpaceFunction, |petsc, f| {
        // SAFETY: `v` is live for the call, lent to the closure.
        let mut vv = unsafe { Vector::from_raw_lent(petsc, v) }?;
        f(&mut vv)?;
        vv.written_in_place(v)
    })
}

/// `PETSC_SQRT_MACHINE_EPSILON`, PETSc's tolerance for an orthonormal basis.
const TOL: f64 = 1.490_116_119_384_765_6e-8;

impl NullSpace {
    /// The null space spanned by the constant vector (if `has_constant`) and `vecs`
    /// (`MatNullSpaceCreate`). The vectors are referenced, not copied. They must have the
    /// same global size, 2-norm 1, be orthogonal to each other and, with
    /// `has_constant`, to the constant vector: checked here (collectively, with PETSc's
    /// tolerance), and an `Err` names the vector that is not.
    ///
    /// ```
    /// use petsc::{NullSpace, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let e0 = Vector::from_slice(&c, &[1.0, 0.0, 0.0])?;
    /// let ns = NullSpace::new(&c, false, &[&e0])?;
    /// assert!(!ns.has_constant()?);
    /// assert_eq!(ns.vecs()?.len(), 1);
    /// let twice = Vector::from_slice(&c, &[2.0, 0.0, 0.0])?;
    /// assert!(NullSpace::new(&c, false, &[&twice]).is_err()); // not normalized
    /// assert!(NullSpace::new(&c, true, &[&e0]).is_err()); // not orthogonal to 1
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatNullSpaceCreate")]
    pub fn new(comm: &Comm, has_constant: bool, vecs: &[&Vector]) -> Result<NullSpace> {
        crate::object::refuse_lent("NullSpace::new", vecs.iter().copied())?;
        const CTX: &str = "NullSpace::new";
        comm.check_same(
            CTX,
            &[
                ("the number of vectors", vecs.len() as i64),
                ("has_constant", has_constant as i64),
            ],
        )?;
        if let Some(first) = vecs.first() {
            let n = first.size()?;
            for (k, v) in vecs.iter().enumerate() {
                if v.size()? != n {
                    return Err(Error::size_mismatch(
                        CTX,
                        format!("vector {k} has global size {}, vector 0 has {n}", v.size()?),
                    ));
                }
            }
            for (k, v) in vecs.iter().enumerate() {
                let norm = v.norm(crate::vec::NormType::Two)?;
                if (norm - 1.0).abs() > TOL {
                    return Err(Error::invalid(
                        CTX,
                        format!("vector {k} must have 2-norm 1, it has {norm}"),
                    ));
                }
                if has_constant {
                    let s = v.sum()?;
                    if num_abs(s) > TOL * (n as f64).sqrt() {
                        return Err(Error::invalid(
                            CTX,
                            format!("vector {k} must be orthogonal to the constant vector"),
                        ));
                    }
                }
                for (j, w) in vecs[..k].iter().enumerate() {
                    if num_abs(v.dot(w)?) > TOL {
                        return Err(Error::invalid(
                            CTX,
                            format!("vector {k} must be orthogonal to vector {j}"),
                        ));
                    }
                }
            }
        }
        let raw: Vec<sys::Vec> = vecs.iter().map(|v| v.ptr).collect();
        let mut sp: sys::MatNullSpace = std::ptr::null_mut();
        // SAFETY: live communicator and vectors; PETSc references the vectors and writes
        // the new object.
        check(unsafe {
            sys::MatNullSpaceCreate(
                comm.as_raw(),
                if has_constant {
                    sys::PETSC_BOOL_TRUE
                } else {
                    sys::PETSC_BOOL_FALSE
                },
                raw.len() as crate::scalar::Int,
                if raw.is_empty() {
                    std::ptr::null()
                } else {
                    raw.as_ptr()
                },
                &mut sp,
            )
        })?;
        Ok(NullSpace::from_raw(comm.petsc(), sp))
    }

    /// The rigid-body modes of an elasticity operator, from the coordinates of its nodes
    /// (`MatNullSpaceCreateRigidBody`): `coords` interleaves the 1, 2 or 3 coordinates of
    /// each node, and its block size is the dimension. Translations and rotations:
    /// 1 mode in 1D, 3 in 2D, 6 in 3D.
    ///
    /// ```
    /// use petsc::NullSpace;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // The nodes of a 3 x 3 grid in 2D: coordinates interleaved, block size 2.
    /// let da = petsc::Da::grid(&c).sizes([3, 3]).build()?;
    /// da.set_uniform_coordinates_to([(0.0, 1.0), (0.0, 1.0)])?;
    /// let ns = NullSpace::new_rigid_body(&da.coordinates()?)?;
    /// assert_eq!(ns.vecs()?.len(), 3);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatNullSpaceCreateRigidBody")]
    pub fn new_rigid_body(coords: &Vector) -> Result<NullSpace> {
        let mut sp: sys::MatNullSpace = std::ptr::null_mut();
        // SAFETY: live vector; PETSc writes the new object.
        check(unsafe { sys::MatNullSpaceCreateRigidBody(coords.ptr, &mut sp) })?;
        Ok(NullSpace::from_raw(&coords.petsc, sp))
    }

    /// Whether the constant vector is in the null space (`MatNullSpaceGetVecs`).
    #[doc(alias = "MatNullSpaceGetVecs")]
    pub fn has_constant(&self) -> Result<bool> {
        Ok(self.parts()?.0)
    }

    /// The vectors spanning the null space besides the constant one, as handles with
    /// their own references (`MatNullSpaceGetVecs`).
    #[doc(alias = "MatNullSpaceGetVecs")]
    pub fn vecs(&self) -> Result<Vec<Vector>> {
        let (_, n, p) = self.parts()?;
        (0..n)
            .map(|k| {
                // SAFETY: PETSc's array holds `n` live vectors while the null space
                // lives; each handle takes a reference.
                unsafe { Vector::from_raw_borrowed(&self.petsc, *p.add(k)) }
            })
            .collect()
    }

    fn parts(&self) -> Result<(bool, usize, *const sys::Vec)> {
        let mut c = sys::PETSC_BOOL_FALSE;
        let mut n: crate::scalar::Int = 0;
        let mut p: *const sys::Vec = std::ptr::null();
        // SAFETY: live null space; three outputs.
        check(unsafe { sys::MatNullSpaceGetVecs(self.ptr, &mut c, &mut n, &mut p) })?;
        let n = if p.is_null() { 0 } else { n.max(0) as usize };
        Ok((c == sys::PETSC_BOOL_TRUE, n, p))
    }

    /// Removes the null space's components from `v` (`MatNullSpaceRemove`), as solvers
    /// do to the right-hand side and the solution.
    ///
    /// ```
    /// use petsc::{NullSpace, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let e1 = Vector::from_slice(&c, &[0.0, 1.0])?;
    /// let ns = NullSpace::new(&c, false, &[&e1])?;
    /// let mut v = Vector::from_slice(&c, &[3.0, 4.0])?;
    /// ns.remove(&mut v)?;
    /// assert_eq!(&v.view()?[..], &[3.0, 0.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatNullSpaceRemove")]
    pub fn remove(&self, v: &mut Vector) -> Result<()> {
        const CTX: &str = "NullSpace::remove";
        // The products with the null space's vectors are collective; their layouts and
        // the views of `v` alive can differ between ranks.
        let local = (|| {
            for w in self.vecs()? {
                v.check_local_layout_of(CTX, "a vector of the null space", &w)?;
            }
            Vector::accessible(CTX, &[], &[&*v])
        })();
        crate::object::Object::comm(&*v).agree(CTX, local)?;
        // SAFETY: live null space and vector.
        check(unsafe { sys::MatNullSpaceRemove(self.ptr, v.raw_write("NullSpace::remove")?) })
    }

    /// Whether `mat` maps the null space to zero (`MatNullSpaceTest`): `A v` small for
    /// each vector `v` of it (and the constant). `-mat_null_space_test_view` prints the
    /// norms.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, NullSpace, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // The 1D Neumann Laplacian: rows sum to zero.
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(3, 3)).preallocate(3, 0).build()?;
    /// a.set_values(&[0, 1, 2], &[0, 1, 2],
    ///     &[1.0, -1.0, 0.0, -1.0, 2.0, -1.0, 0.0, -1.0, 1.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// let ns = NullSpace::new(&c, true, &[])?;
    /// assert!(ns.test(&a)?);
    /// a.set_null_space(&ns)?;
    /// assert!(a.null_space()?.is_some());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatNullSpaceTest")]
    pub fn test(&self, mat: &Mat) -> Result<bool> {
        mat.check_loan("NullSpace::test")?;
        let mut ok = sys::PETSC_BOOL_FALSE;
        // SAFETY: live null space and matrix; one output.
        check(unsafe { sys::MatNullSpaceTest(self.ptr, mat.ptr, &mut ok) })?;
        Ok(ok == sys::PETSC_BOOL_TRUE)
    }

    /// Adds a closure that removes further components from a vector, called as `f(v)`
    /// after the constant and the vectors are removed (`MatNullSpaceSetFunction`). The
    /// closure is kept with the null space and replaced by a later one. An `Err` or a
    /// panic is returned by the call that removed (a solve, [`remove`](Self::remove)).
    ///
    /// ```
    /// use petsc::{NullSpace, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ns = NullSpace::new(&c, false, &[])?;
    /// ns.set_function(|v| {
    ///     v.view_mut()?[0] = 0.0; // the first component is in the null space
    ///     Ok(())
    /// })?;
    /// let mut v = Vector::from_slice(&c, &[5.0, 1.0])?;
    /// ns.remove(&mut v)?;
    /// assert_eq!(&v.view()?[..], &[0.0, 1.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatNullSpaceSetFunction")]
    pub fn set_function<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&mut Vector) -> Result<()> + 'static,
    {
        let f: Box<RemoveFn> = Box::new(f);
        // SAFETY: live null space; the closure lives as long as it (or a later one).
        let ctx = unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::NullSpaceFunction,
                f,
            )
        }?;
        // SAFETY: live null space; the context is a number PETSc hands back to the
        // routine.
        check(unsafe { sys::MatNullSpaceSetFunction(self.ptr, Some(remove_trampoline), ctx) })
    }

    /// Removes the closure [`set_function`](Self::set_function) added
    /// (`MatNullSpaceSetFunction` with no routine, petsc4py's `setFunction(None)`):
    /// [`remove`](Self::remove) then removes the constant and the vectors only. The
    /// closure is dropped (once it returns, when it is running). Without a closure,
    /// nothing happens.
    ///
    /// ```
    /// use petsc::{NullSpace, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ns = NullSpace::new(&c, false, &[])?;
    /// ns.set_function(|v| v.set(0.0))?;
    /// assert!(ns.has_function()?);
    /// ns.clear_function()?;
    /// assert!(!ns.has_function()?);
    /// let mut v = Vector::from_slice(&c, &[5.0, 1.0])?;
    /// ns.remove(&mut v)?;
    /// assert_eq!(&v.view()?[..], &[5.0, 1.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatNullSpaceSetFunction")]
    pub fn clear_function(&mut self) -> Result<()> {
        // SAFETY: live null space; no routine, no context.
        check(unsafe { sys::MatNullSpaceSetFunction(self.ptr, None, std::ptr::null_mut()) })?;
        // SAFETY: live null space; PETSc no longer holds the closure's context.
        unsafe {
            crate::callback::detach(
                self.ptr as sys::PetscObject,
                CallbackKind::NullSpaceFunction,
            )
        }
    }

    /// Whether a closure from [`set_function`](Self::set_function) is kept with the null
    /// space (petsc4py's `getDict()['__function__']`).
    pub fn has_function(&self) -> Result<bool> {
        // SAFETY: live null space.
        unsafe {
            crate::callback::is_attached(
                self.ptr as sys::PetscObject,
                CallbackKind::NullSpaceFunction,
            )
        }
    }
}

fn num_abs(s: crate::scalar::Scalar) -> f64 {
    #[allow(clippy::useless_conversion)]
    let c: crate::scalar::Complex<f64> = crate::scalar::Complex::from(s);
    c.norm()
}

/// A getter of `MatGet*NullSpace`.
type RawGet = unsafe extern "C" fn(sys::Mat, *mut sys::MatNullSpace) -> sys::PetscErrorCode;

/// Null spaces attached to a matrix, which the solvers using it read.
impl Mat {
    /// Attaches the null space of the operator (`MatSetNullSpace`): Krylov solvers remove
    /// it from the right-hand side's compatible part and from the solution, so a
    /// singular but consistent system (pure Neumann boundary conditions) is solved. The
    /// matrix takes a reference to it. See [`NullSpace::test`] for an example.
    #[doc(alias = "MatSetNullSpace")]
    pub fn set_null_space(&mut self, ns: &NullSpace) -> Result<()> {
        self.check_loan("Mat::set_null_space")?;
        let ns = ns.kept_raw("Mat::set_null_space")?;
        // SAFETY: live matrix and null space; PETSc references the null space.
        check(unsafe { sys::MatSetNullSpace(self.ptr, ns) })
    }

    /// The null space attached with [`set_null_space`](Self::set_null_space)
    /// (`MatGetNullSpace`), if any.
    #[doc(alias = "MatGetNullSpace")]
    pub fn null_space(&self) -> Result<Option<NullSpace>> {
        self.check_loan("Mat::null_space")?;
        self.get_ns(sys::MatGetNullSpace)
    }

    /// Attaches the near null space (`MatSetNearNullSpace`): the modes algebraic
    /// multigrid (`-pc_type gamg`) keeps in its coarse spaces, such as
    /// [`NullSpace::new_rigid_body`] for elasticity.
    ///
    /// ```
    /// use petsc::{Mat, NullSpace, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(2, 2)).preallocate(1, 0).build()?;
    /// a.assemble()?;
    /// assert!(a.near_null_space()?.is_none());
    /// a.set_near_null_space(&NullSpace::new(&c, true, &[])?)?;
    /// assert!(a.near_null_space()?.unwrap().has_constant()?);
    /// a.set_transpose_null_space(&NullSpace::new(&c, true, &[])?)?;
    /// assert!(a.transpose_null_space()?.is_some());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSetNearNullSpace")]
    pub fn set_near_null_space(&mut self, ns: &NullSpace) -> Result<()> {
        self.check_loan("Mat::set_near_null_space")?;
        let ns = ns.kept_raw("Mat::set_near_null_space")?;
        // SAFETY: live matrix and null space; PETSc references the null space.
        check(unsafe { sys::MatSetNearNullSpace(self.ptr, ns) })
    }

    /// The near null space (`MatGetNearNullSpace`), if any.
    #[doc(alias = "MatGetNearNullSpace")]
    pub fn near_null_space(&self) -> Result<Option<NullSpace>> {
        self.check_loan("Mat::near_null_space")?;
        self.get_ns(sys::MatGetNearNullSpace)
    }

    /// Attaches the null space of the transpose (`MatSetTransposeNullSpace`): solvers
    /// remove it from the right-hand side of a singular system, making it consistent.
    #[doc(alias = "MatSetTransposeNullSpace")]
    pub fn set_transpose_null_space(&mut self, ns: &NullSpace) -> Result<()> {
        self.check_loan("Mat::set_transpose_null_space")?;
        let ns = ns.kept_raw("Mat::set_transpose_null_space")?;
        // SAFETY: live matrix and null space; PETSc references the null space.
        check(unsafe { sys::MatSetTransposeNullSpace(self.ptr, ns) })
    }

    /// The null space of the transpose (`MatGetTransposeNullSpace`), if any.
    #[doc(alias = "MatGetTransposeNullSpace")]
    pub fn transpose_null_space(&self) -> Result<Option<NullSpace>> {
        self.check_loan("Mat::transpose_null_space")?;
        self.get_ns(sys::MatGetTransposeNullSpace)
    }

    fn get_ns(&self, get: RawGet) -> Result<Option<NullSpace>> {
        let mut sp: sys::MatNullSpace = std::ptr::null_mut();
        // SAFETY: live matrix; PETSc returns a borrowed null space or null.
        check(unsafe { get(self.ptr, &mut sp) })?;
        if sp.is_null() {
            return Ok(None);
        }
        // SAFETY: live null space; the handle takes a reference.
        Ok(Some(unsafe {
            NullSpace::from_raw_borrowed(&self.petsc, sp)
        }?))
    }
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl NullSpace {
    /// The former name of [`new_rigid_body`](Self::new_rigid_body).
    #[deprecated(
        since = "0.2.0",
        note = "use `NullSpace::new_rigid_body` (constructors are `new`/`new_*`)"
    )]
    pub fn create_rigid_body(coords: &Vector) -> Result<NullSpace> {
        Self::new_rigid_body(coords)
    }
}
