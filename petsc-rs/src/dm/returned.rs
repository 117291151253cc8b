//! What the generic DM methods ([`DmBase`]) return beyond handles: the parts of a field
//! decomposition, the subdomains of a domain decomposition and the periodicity, and the wrapping of the objects PETSc hands back
//! (each handle with its own reference; a missing one as `None` or an `Err`).

use petsc_sys as sys;

use super::{Dm, DmBase};
use crate::error::{Error, Result, check};
use crate::is::IndexSet;
use crate::object::owned;
use crate::scalar::{Int, Real};
use crate::vec::Vector;
use std::os::raw::c_char;

/// One field of a [`DmBase::create_field_decomposition`]: its name, the indices of its
/// unknowns in a global vector, and a DM for it alone (when the DM type makes one).
#[derive(Debug)]
pub struct FieldSplit {
    /// The field's name.
    pub name: String,
    /// The global indices of the field's unknowns on this rank.
    pub is: IndexSet,
    /// A DM of the field alone, if PETSc made one.
    pub dm: Option<Dm>,
}

/// A field decomposition with each of its lists as the DM gives it, present or not
/// (`DMCreateFieldDecomposition`, petsc4py's `(names, ises, dms)`): what
/// [`FieldDecomposition::of`] returns, and what a
/// [`DmShell::set_create_field_decomposition`](super::DmShell::set_create_field_decomposition)
/// closure may return. Every list present has one entry per field.
///
/// ```
/// use petsc::{DmBase, DmShell, FieldDecomposition, IndexSet, Vector};
/// let petsc = petsc::Petsc::init()?;
/// let c = petsc.self_comm();
/// let mut dm = DmShell::new(&c)?;
/// let me = c.clone();
/// // Two fields without names or DMs.
/// dm.set_create_field_decomposition(move |_| {
///     let is = |i| IndexSet::new_stride(&me, 1, i, 1);
///     Ok(FieldDecomposition { index_sets: Some(vec![is(0)?, is(1)?]), ..Default::default() })
/// })?;
/// let split = FieldDecomposition::of(&dm)?;
/// assert_eq!(split.len(), 2);
/// assert!(split.names.is_none() && split.dms.is_none());
/// # Ok::<(), petsc::Error>(())
/// ```
#[derive(Debug, Default)]
pub struct FieldDecomposition {
    /// The fields' names, if given.
    pub names: Option<Vec<String>>,
    /// The global indices of each field's unknowns on this rank, if given.
    pub index_sets: Option<Vec<IndexSet>>,
    /// A DM of each field alone, if given.
    pub dms: Option<Vec<Dm>>,
}

impl FieldDecomposition {
    /// The DM's field decomposition with each list as PETSc gives it
    /// (`DMCreateFieldDecomposition`; collective); see also
    /// [`DmBase::create_field_decomposition`], one entry per field.
    #[doc(alias = "DMCreateFieldDecomposition")]
    pub fn of<D: DmBase + ?Sized>(dm: &D) -> Result<FieldDecomposition> {
        field_decomposition(dm)
    }

    /// The number of fields: the length of the lists present (0 for none).
    pub fn len(&self) -> usize {
        self.lengths().into_iter().flatten().next().unwrap_or(0)
    }

    /// Whether the decomposition has no fields.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The length of each list, `None` for one not given.
    pub(crate) fn lengths(&self) -> [Option<usize>; 3] {
        [
            self.names.as_ref().map(Vec::len),
            self.index_sets.as_ref().map(Vec::len),
            self.dms.as_ref().map(Vec::len),
        ]
    }
}

/// One subdomain of a [`DmBase::create_domain_decomposition`]: its name, the global
/// indices of the unknowns it owns (`inner`) and of those it reaches with its overlap
/// (`outer`), and a DM of it alone (when the DM type makes one).
#[derive(Debug)]
pub struct Subdomain {
    /// The subdomain's name.
    pub name: String,
    /// The global indices of its own unknowns on this rank.
    pub inner: IndexSet,
    /// The global indices of its unknowns with the overlap.
    pub outer: IndexSet,
    /// A DM of the subdomain alone, if one was made.
    pub dm: Option<Dm>,
}

/// The periodicity of a DM's coordinates ([`DmBase::periodicity`],
/// [`DmBase::set_periodicity`]), each `None` when not set, else one value per dimension.
///
/// ```
/// use petsc::{DmBase, Periodicity};
/// let petsc = petsc::Petsc::init()?;
/// let mut da = petsc::Da::grid(&petsc.self_comm()).sizes([4]).build()?;
/// let p = Periodicity { max_cell: Some(vec![0.5]), start: Some(vec![0.0]), length: Some(vec![1.0]) };
/// da.set_periodicity(&p)?;
/// assert_eq!(da.periodicity()?, p);
/// assert!(da.set_periodicity(&Periodicity { length: Some(vec![1.0, 2.0]), ..p }).is_err());
/// # Ok::<(), petsc::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Periodicity {
    /// The longest extent of a cell in each direction (`maxCell`).
    pub max_cell: Option<Vec<Real>>,
    /// Where each periodic direction starts (`Lstart`).
    pub start: Option<Vec<Real>>,
    /// The period in each direction (`L`; negative or zero: not periodic there).
    pub length: Option<Vec<Real>>,
}

/// `f(p)` for a non-null pointer.
pub(super) fn opt<P, T>(p: *mut P, f: impl FnOnce(*mut P) -> Result<T>) -> Result<Option<T>> {
    if p.is_null() {
        Ok(None)
    } else {
        f(p).map(Some)
    }
}

/// A vector lent by the DM, or an `Err` saying the DM has no `what`.
pub(super) fn some_vec<D: DmBase + ?Sized>(
    dm: &D,
    v: sys::Vec,
    ctx: &str,
    what: &str,
) -> Result<Vector> {
    if v.is_null() {
        return Err(Error::invalid(
            ctx,
            format!("the DM has no {what}; set them first"),
        ));
    }
    // SAFETY: live vector lent by PETSc; the handle takes its own reference.
    unsafe { Vector::from_raw_borrowed(dm.petsc(), v) }
}

/// The DM a `DMRefine`/`DMCoarsen`-like call returned with `rc`: on an error the DM
/// PETSc may already have written (a hook that failed after the new DM was made) is
/// destroyed, and the error returned; else as [`non_null`].
pub(super) fn made<D: DmBase>(
    dm: &D,
    rc: sys::PetscErrorCode,
    d: sys::DM,
    ctx: &str,
    what: &str,
) -> Result<D> {
    if let Err(e) = check(rc) {
        discard(&mut [d]);
        return Err(e);
    }
    non_null(dm, d, ctx, what)
}

/// Destroys the DMs PETSc made for a call that then failed (null entries skipped).
fn discard(made: &mut [sys::DM]) {
    for d in made.iter_mut().filter(|d| !d.is_null()) {
        // SAFETY: a DM PETSc created for this call and no handle holds; destroying
        // releases the caller's reference PETSc gave it. The call's error is what is
        // reported, so a second error here is not.
        let _ = unsafe { sys::DMDestroy(d) };
    }
}

/// A new DM made by `what`, or an `Err` if PETSc made none.
pub(super) fn non_null<D: DmBase>(dm: &D, d: sys::DM, ctx: &str, what: &str) -> Result<D> {
    if d.is_null() {
        let ty = dm.type_name()?;
        return Err(Error::invalid(ctx, format!("DM type '{ty}' cannot {what}")));
    }
    D::wrap_dm(dm.petsc(), d, ctx)
}

/// A DM lent by PETSc (or null) as a handle of `dm`'s kind, with its own reference.
pub(super) fn borrowed<D: DmBase>(dm: &D, d: sys::DM, ctx: &str) -> Result<Option<D>> {
    if d.is_null() {
        return Ok(None);
    }
    // SAFETY: live DM lent by PETSc; the new handle's reference.
    check(unsafe { sys::PetscObjectReference(d as sys::PetscObject) })?;
    D::wrap_dm(dm.petsc(), d, ctx).map(Some)
}

pub(super) fn hierarchy<D: DmBase>(dm: &D, levels: usize, refine: bool) -> Result<Vec<D>> {
    let ctx = if refine {
        "DmBase::refine_hierarchy"
    } else {
        "DmBase::coarsen_hierarchy"
    };
    let n = Int::try_from(levels)
        .map_err(|_| Error::out_of_range(ctx, format!("{levels} levels is too many")))?;
    let mut raw: Vec<sys::DM> = vec![std::ptr::null_mut(); levels];
    // SAFETY: live DM; PETSc writes `levels` new DMs.
    let rc = unsafe {
        if refine {
            sys::DMRefineHierarchy(dm.dm_raw(), n, raw.as_mut_ptr())
        } else {
            sys::DMCoarsenHierarchy(dm.dm_raw(), n, raw.as_mut_ptr())
        }
    };
    if let Err(e) = check(rc) {
        // The levels made before the failure (a coarsen hook's `Err`, say).
        discard(&mut raw);
        return Err(e);
    }
    let mut out = Vec::with_capacity(levels);
    let mut first_err = None;
    for d in raw {
        match non_null(dm, d, ctx, if refine { "refine" } else { "coarsen" }) {
            Ok(h) => out.push(h),
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    match first_err {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

pub(super) fn bbox<D: DmBase + ?Sized>(dm: &D, global: bool) -> Result<Vec<(Real, Real)>> {
    let ctx = if global {
        "DmBase::bounding_box"
    } else {
        "DmBase::local_bounding_box"
    };
    let mut v: sys::Vec = std::ptr::null_mut();
    // SAFETY: live DM; PETSc lends its local coordinates or null.
    check(unsafe { sys::DMGetCoordinatesLocal(dm.dm_raw(), &mut v) })?;
    let mut c: sys::Vec = std::ptr::null_mut();
    // SAFETY: live DM; PETSc lends its cell coordinates or null.
    check(unsafe { sys::DMGetCellCoordinatesLocal(dm.dm_raw(), &mut c) })?;
    let has = !(v.is_null() && c.is_null());
    dm.comm().agree(
        ctx,
        if has {
            Ok(())
        } else {
            Err(Error::invalid(
                ctx,
                "the DM has no coordinates; set them first",
            ))
        },
    )?;
    let cdim = usize::try_from(dm.coordinate_dim()?).unwrap_or(0);
    let (mut lo, mut hi) = (
        vec![0.0 as Real; cdim.max(3)],
        vec![0.0 as Real; cdim.max(3)],
    );
    // SAFETY: live DM with coordinates; arrays of at least the coordinate dimension.
    check(unsafe {
        if global {
            sys::DMGetBoundingBox(dm.dm_raw(), lo.as_mut_ptr(), hi.as_mut_ptr())
        } else {
            sys::DMGetLocalBoundingBox(dm.dm_raw(), lo.as_mut_ptr(), hi.as_mut_ptr())
        }
    })?;
    Ok(lo.into_iter().zip(hi).take(cdim).collect())
}

/// `DMCreateFieldDecomposition` with each list as PETSc gives it.
fn field_decomposition<D: DmBase + ?Sized>(dm: &D) -> Result<FieldDecomposition> {
    const CTX: &str = "FieldDecomposition::of";
    let mut n: Int = 0;
    let mut names: *mut *mut c_char = std::ptr::null_mut();
    let mut iss: *mut sys::IS = std::ptr::null_mut();
    let mut dms: *mut sys::DM = std::ptr::null_mut();
    // SAFETY: live DM; PETSc writes `n` and three arrays of `n` entries (or nulls),
    // which we take over and free below.
    check(unsafe {
        sys::DMCreateFieldDecomposition(dm.dm_raw(), &mut n, &mut names, &mut iss, &mut dms)
    })?;
    let n = usize::try_from(n).unwrap_or(0);
    let mut out = FieldDecomposition::default();
    let mut missing = None;
    // SAFETY: each non-null array has `n` entries, every one ours to take over (each is
    // wrapped, or freed, before anything can fail).
    unsafe {
        if !names.is_null() {
            let texts = (0..n).map(|i| {
                let name = *names.add(i);
                let text = owned(name);
                if !name.is_null() {
                    crate::error::record_destroy(sys::petscrs_PetscFree(name.cast()));
                }
                text
            });
            out.names = Some(texts.collect());
        }
        if !iss.is_null() {
            let wrapped = (0..n).map(|i| {
                let is = *iss.add(i);
                if is.is_null() {
                    missing.get_or_insert(format!("index set {i}"));
                }
                (!is.is_null()).then(|| IndexSet::from_raw(dm.petsc(), is))
            });
            out.index_sets = wrapped.collect();
        }
        if !dms.is_null() {
            let wrapped = (0..n).map(|i| {
                let d = *dms.add(i);
                if d.is_null() {
                    missing.get_or_insert(format!("DM {i}"));
                }
                (!d.is_null()).then(|| Dm::from_raw(dm.petsc(), d))
            });
            out.dms = wrapped.collect();
        }
        for p in [names.cast::<std::ffi::c_void>(), iss.cast(), dms.cast()] {
            if !p.is_null() {
                check(sys::petscrs_PetscFree(p))?;
            }
        }
    }
    if let Some(what) = missing {
        return Err(Error::invalid(
            CTX,
            format!("the DM's field decomposition has no {what} in a list it gives"),
        ));
    }
    Ok(out)
}
