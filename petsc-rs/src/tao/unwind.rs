//! What a `TaoSolve` ended by an error leaves open, balanced so that the solver (and the
//! vectors it was given) can be used again.

use petsc_sys as sys;

use crate::error::check;

/// The types whose solve runs other TAO solvers, and how to reach them. PETSc builds
/// them (and their getters) with real scalars only: a complex build has none, and a
/// reference to a getter would leave a program calling `Tao::solve` unlinkable.
#[cfg(not(petsc_complex))]
const NESTED: [(&std::ffi::CStr, NestedGetter); 4] = [
    (c"almm", sys::TaoALMMGetSubsolver),
    (c"brgn", sys::TaoBRGNGetSubsolver),
    (c"admm", sys::TaoADMMGetMisfitSubsolver),
    (c"admm", sys::TaoADMMGetRegularizationSubsolver),
];
#[cfg(petsc_complex)]
const NESTED: [(&std::ffi::CStr, NestedGetter); 0] = [];

type NestedGetter = unsafe extern "C" fn(sys::Tao, *mut sys::Tao) -> sys::PetscErrorCode;

/// Balances what a failed `TaoSolve` left open on `tao` and on the solvers it runs
/// (`almm`'s and `brgn`'s subsolver, `admm`'s two):
///
/// - the `PCPreSolve` brackets of each inner KSP (see [`recover_ksp`](crate::ksp::recover_ksp));
/// - from PETSc 3.22 on, the read locks that the frames between the solve and the failed
///   callback took and did not give back (see
///   [`release_read_locks`](crate::error::release_read_locks)): on each solver's solution
///   and gradient, its KSP's right-hand side and solution, and the line search's work
///   vectors, which are out of reach: the line search gets new type data instead, with
///   its settings kept (`petscrs_TaoLineSearchRenew`).
///
/// The top solver's KSP is the caller's (`Tao::solve` records it before the solve); its
/// brackets are closed there. Failures here are dropped: the solve's error is what the
/// caller sees.
///
/// # Safety
/// `tao` must be a live solver, none of whose solves is running.
pub(super) unsafe fn unwind_failed_tao(tao: sys::Tao, top: bool) {
    for (name, get) in NESTED {
        let mut same = sys::PETSC_BOOL_FALSE;
        // SAFETY: live solver; a C string; one output.
        let typed = unsafe { sys::PetscObjectTypeCompare(tao as _, name.as_ptr(), &mut same) };
        if typed != 0 || same != sys::PETSC_BOOL_TRUE {
            continue;
        }
        let mut sub: sys::Tao = std::ptr::null_mut();
        // SAFETY: a live solver of the type the getter is for; PETSc returns the
        // (borrowed) subsolver or null.
        if check(unsafe { get(tao, &mut sub) }).is_ok() && !sub.is_null() && sub != tao {
            // SAFETY: the live subsolver, whose solve ended with its parent's.
            unsafe { unwind_failed_tao(sub, false) };
        }
    }
    let mut ksp: sys::KSP = std::ptr::null_mut();
    // SAFETY: live solver; PETSc returns its KSP (borrowed) or null.
    let has_ksp = check(unsafe { sys::TaoGetKSP(tao, &mut ksp) }).is_ok() && !ksp.is_null();
    if has_ksp && !top {
        // SAFETY: a live KSP with no solve open.
        unsafe { crate::ksp::recover_ksp(ksp, None) };
    }
    #[cfg(petsc_3_22)]
    {
        use crate::error::release_read_locks;
        let mut vecs: [sys::Vec; 4] = [std::ptr::null_mut(); 4];
        // SAFETY: live solver (and KSP); PETSc returns borrowed vectors (or null).
        unsafe {
            let _ = check(sys::TaoGetSolution(tao, &mut vecs[0]));
            let _ = check(sys::TaoGetGradient(
                tao,
                &mut vecs[1],
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            ));
            if has_ksp {
                let _ = check(sys::KSPGetRhs(ksp, &mut vecs[2]));
                let _ = check(sys::KSPGetSolution(ksp, &mut vecs[3]));
            }
        }
        for v in vecs {
            // SAFETY: each is null or a live vector of the solver.
            unsafe { release_read_locks(v) };
        }
        let mut ls: sys::TaoLineSearch = std::ptr::null_mut();
        // SAFETY: live solver; PETSc returns its line search (borrowed) or null.
        if check(unsafe { sys::TaoGetLineSearch(tao, &mut ls) }).is_ok() && !ls.is_null() {
            // SAFETY: a live line search with no search running.
            let _ = check(unsafe { sys::petscrs_TaoLineSearchRenew(ls) });
        }
    }
}
