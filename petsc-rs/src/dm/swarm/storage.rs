//! The totals a swarm's storage grows to, checked before PETSc resizes it.
//!
//! PETSc sizes every field for the points in use plus a buffer (`L + buffer` points)
//! in `PetscInt` arithmetic: a total beyond `PetscInt` wraps negative and leaves the swarm
//! reporting a negative size for good, and a field whose storage cannot be allocated
//! leaves the swarm without its data (the next access crashes). Both are refused here,
//! the swarm unchanged.

use std::ffi::CStr;
use std::os::raw::c_char;

use petsc_sys as sys;

use super::Swarm;
use crate::error::{Error, Result, check};
use crate::scalar::Int;

impl Swarm {
    /// Checks that PETSc can resize the storage to `total` points in use with the buffer
    /// `buffer` (`None`: the swarm's own, as `DMSwarmAddPoint(s)` keep it): `total`,
    /// `total + buffer` and `2 * buffer` (PETSc's test for shrinking) fit [`Int`], and
    /// every field's storage for `total + buffer` points can be allocated when it grows.
    /// `total` is described as `what` in the messages.
    pub(super) fn check_storage(
        &self,
        ctx: &str,
        what: &str,
        total: i128,
        buffer: Option<Int>,
    ) -> Result<()> {
        let (mut used, mut own_buffer, mut allocated, mut nfields) = (0, 0, 0, 0);
        // SAFETY: a live DMSwarm; four outputs.
        check(unsafe {
            sys::petscrs_DMSwarmStorage(
                self.ptr,
                &mut used,
                &mut own_buffer,
                &mut allocated,
                &mut nfields,
            )
        })?;
        let buffer = i128::from(buffer.unwrap_or(own_buffer));
        let new_allocated = total + buffer;
        let fits = |v: i128| Int::try_from(v).is_ok();
        if !fits(total) || !fits(new_allocated) || !fits(2 * buffer) {
            return Err(Error::size_mismatch(
                ctx,
                format!(
                    "{what} ({total} points) with a buffer of {buffer} are more than PetscInt \
                     holds ({}); the swarm keeps its {used} points",
                    Int::MAX
                ),
            ));
        }
        if new_allocated <= i128::from(allocated) {
            return Ok(());
        }
        let mut names = Vec::with_capacity(nfields as usize);
        let mut bytes = Vec::with_capacity(nfields as usize);
        for f in 0..nfields {
            let mut name: *const c_char = std::ptr::null();
            let mut atomic: usize = 0;
            // SAFETY: a live DMSwarm and a field index below its count; two outputs.
            check(unsafe {
                sys::petscrs_DMSwarmFieldStorage(self.ptr, f, &mut name, &mut atomic)
            })?;
            let name = if name.is_null() {
                String::new()
            } else {
                // SAFETY: the field's NUL-terminated name, owned by the swarm.
                unsafe { CStr::from_ptr(name) }
                    .to_string_lossy()
                    .into_owned()
            };
            let size = (new_allocated as u128)
                .checked_mul(atomic as u128)
                .filter(|&b| b <= isize::MAX as u128);
            match size {
                Some(b) => bytes.push(b as usize),
                None => {
                    return Err(Error::size_mismatch(
                        ctx,
                        format!(
                            "field {name:?} would need {new_allocated} points x {atomic} \
                             bytes, more than the address space; the swarm keeps its {used} \
                             points"
                        ),
                    ));
                }
            }
            names.push(name);
        }
        let mut failed: Int = -1;
        // SAFETY: `bytes` holds `nfields` sizes; one output.
        let ok = unsafe { sys::petscrs_can_allocate(bytes.as_ptr(), nfields, &mut failed) };
        if ok != sys::PETSC_BOOL_TRUE {
            let detail = usize::try_from(failed)
                .ok()
                .and_then(|f| Some((names.get(f)?, bytes.get(f)?)))
                .map(|(n, b)| format!(" (field {n:?}: {b} bytes)"))
                .unwrap_or_default();
            return Err(Error::invalid(
                ctx,
                format!(
                    "the storage of {new_allocated} points ({what} plus a buffer of {buffer}) \
                     cannot be allocated{detail}; the swarm keeps its {used} points"
                ),
            ));
        }
        Ok(())
    }
}
