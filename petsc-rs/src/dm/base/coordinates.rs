//! The coordinates of [`DmBase`]: the global and local coordinate vectors, the layout
//! of per-cell coordinates, and the periodicity, each checked against the DM before
//! PETSc sees it.

use petsc_sys as sys;

use super::lent::Getter;
use crate::dm::returned::some_vec;
use crate::dm::{DmBase, Periodicity};
use crate::error::{Error, Result, check};
use crate::scalar::{Int, Real};
use crate::section::Section;
use crate::vec::Vector;

/// The global or the `local` coordinate vector, or an `Err` without coordinates.
pub(super) fn vector<D: DmBase + ?Sized>(dm: &D, local: bool) -> Result<Vector> {
    let (ctx, get): (&str, Getter<_>) = if local {
        ("DmBase::coordinates_local", sys::DMGetCoordinatesLocal)
    } else {
        ("DmBase::coordinates", sys::DMGetCoordinates)
    };
    let mut v: sys::Vec = std::ptr::null_mut();
    // SAFETY: live DM; PETSc lends its vector or null.
    check(unsafe { get(dm.dm_raw(), &mut v) })?;
    some_vec(dm, v, ctx, "coordinates")
}

/// Sets the global or the `local` coordinate vector (PETSc keeps a reference); a lent
/// vector is refused.
pub(super) fn set_vector<D>(dm: &mut D, coords: &Vector, local: bool) -> Result<()>
where
    D: DmBase + ?Sized,
{
    type Setter = unsafe extern "C" fn(sys::DM, sys::Vec) -> sys::PetscErrorCode;
    let (ctx, set): (&str, Setter) = if local {
        ("Dm::set_coordinates_local", sys::DMSetCoordinatesLocal)
    } else {
        ("Dm::set_coordinates", sys::DMSetCoordinates)
    };
    crate::object::refuse_lent(ctx, [coords])?;
    // SAFETY: live DM and vector.
    check(unsafe { set(dm.dm_raw(), coords.as_raw()) })
}

pub(super) fn set_cell_coordinate_section<D: DmBase + ?Sized>(
    dm: &mut D,
    dim: Int,
    section: &Section,
) -> Result<()> {
    if dm.cell_coordinate_dm()?.is_none() {
        return Err(Error::invalid(
            "DmBase::set_cell_coordinate_section",
            "the DM has no cell coordinate DM; set one with set_cell_coordinate_dm first",
        ));
    }
    // SAFETY: live DM and section.
    check(unsafe { sys::DMSetCellCoordinateSection(dm.dm_raw(), dim, section.as_raw()) })
}

pub(super) fn periodicity<D: DmBase + ?Sized>(dm: &D) -> Result<Periodicity> {
    let dim = usize::try_from(dm.dimension()?).unwrap_or(0);
    let (mut m, mut s, mut l): (*const Real, *const Real, *const Real) =
        (std::ptr::null(), std::ptr::null(), std::ptr::null());
    // SAFETY: live DM; PETSc lends its arrays (dim entries each) or nulls.
    check(unsafe { sys::DMGetPeriodicity(dm.dm_raw(), &mut m, &mut s, &mut l) })?;
    let read = |p: *const Real| {
        (!p.is_null()).then(|| {
            // SAFETY: each non-null array has `dim` entries and lives with the DM.
            unsafe { std::slice::from_raw_parts(p, dim) }.to_vec()
        })
    };
    Ok(Periodicity {
        max_cell: read(m),
        start: read(s),
        length: read(l),
    })
}

pub(super) fn set_periodicity<D: DmBase + ?Sized>(dm: &mut D, p: &Periodicity) -> Result<()> {
    const CTX: &str = "DmBase::set_periodicity";
    let dim = usize::try_from(dm.dimension()?).unwrap_or(0);
    let parts = [
        ("max_cell", &p.max_cell),
        ("start", &p.start),
        ("length", &p.length),
    ];
    for (what, part) in parts {
        if let Some(v) = part {
            if v.len() != dim {
                return Err(Error::size_mismatch(
                    CTX,
                    format!("{what} has {} values; the DM has dimension {dim}", v.len()),
                ));
            }
        }
    }
    let ptr = |v: &Option<Vec<Real>>| v.as_ref().map_or(std::ptr::null(), |v| v.as_ptr());
    // SAFETY: live DM; each array null or of `dim` entries (checked); PETSc copies.
    check(unsafe {
        sys::DMSetPeriodicity(dm.dm_raw(), ptr(&p.max_cell), ptr(&p.start), ptr(&p.length))
    })
}
