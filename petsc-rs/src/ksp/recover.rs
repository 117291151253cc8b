//! Putting a solver tree back after a failed solve: what an error (PETSc's own, or a
//! closure's `Err` or panic) left open anywhere in a KSP and the solvers inside its
//! preconditioner, so that each of them can solve again and be destroyed.

use petsc_sys as sys;

use crate::error::{Result, check};
use crate::scalar::Int;

/// What a failed solve can leave behind on a KSP and the solvers inside its PC, recorded
/// before the solve so that [`SolveGuard::recover`] can put it back. PETSc does not
/// restore these when an error ends `KSPSolve` part way through:
///
/// - `KSPSolve` brackets the Krylov iteration with `PCPreSolve`/`PCPostSolve`, which raise
///   and lower a nesting count on the PC (`presolvedone`), and `PCPreSolve` refuses a
///   count above 2. Any error inside the bracket (a failing shell matrix, preconditioner
///   or monitor closure, a NaN met with `KSPSetErrorIfNotConverged`, a PETSc error in a
///   matrix product, ...) skips the `PCPostSolve`, on the KSP and on every inner KSP
///   whose solve it interrupted (a fieldsplit's split, an MG level), so after two or
///   three such failures every later solve failed with "Cannot embed PCPreSolve() more
///   than twice".
/// - `KSPSolve` marks the initial guess as zero for the iteration when it sees a zero
///   `x`, and restores the setting only after a successful iteration: an interrupted
///   MG smoother would go on ignoring its initial guess.
/// - Chebyshev (MG's and GAMG's default smoother) points the solver's solution slot at
///   its work vectors during the iteration, and PCMG its finest level's right-hand side
///   at a vector it does not own; after an error the next solve freed both, and the
///   tree's destruction then crashed (see `petscrs_KSPRecoverVecs` and
///   `petscrs_PCRecoverInner` in the C shim).
pub(crate) struct SolveGuard {
    ksp: sys::KSP,
    pc: sys::PC,
    depth: Int,
    nonzero_guess: sys::PetscBool,
    /// The right-hand side and solution of the solve, when the caller gives them.
    vecs: (sys::Vec, sys::Vec),
    /// The initial-guess setting of each KSP inside the PC, as before the solve.
    inner: Vec<(sys::KSP, sys::PetscBool)>,
}

impl SolveGuard {
    /// Records the state of `ksp` and of the solvers inside its PC before a solve that
    /// may use it (directly, or inside a nonlinear or optimization solve).
    ///
    /// # Safety
    /// `ksp` must be a live KSP, and stay live until `recover` or the guard's drop.
    pub(crate) unsafe fn record(ksp: sys::KSP) -> Result<SolveGuard> {
        let mut pc: sys::PC = std::ptr::null_mut();
        // SAFETY: live KSP (caller); PETSc returns its PC, creating it if needed (as the
        // solve would).
        check(unsafe { sys::KSPGetPC(ksp, &mut pc) })?;
        let mut depth: Int = 0;
        // SAFETY: live PC; one output.
        check(unsafe { sys::petscrs_PCGetPreSolveDepth(pc, &mut depth) })?;
        let mut nonzero_guess = sys::PETSC_BOOL_FALSE;
        // SAFETY: live KSP; one output.
        check(unsafe { sys::KSPGetInitialGuessNonzero(ksp, &mut nonzero_guess) })?;
        let mut inner = Vec::new();
        // SAFETY: live PC, none of whose solves is running.
        unsafe {
            walk(pc, 0, &mut |node| {
                if let Node::Ksp(k, _) = node {
                    let mut flag = sys::PETSC_BOOL_FALSE;
                    // SAFETY: a live KSP of the tree; one output.
                    if sys::KSPGetInitialGuessNonzero(k, &mut flag) == 0 {
                        inner.push((k, flag));
                    }
                }
            })
        };
        Ok(SolveGuard {
            ksp,
            pc,
            depth,
            nonzero_guess,
            vecs: (std::ptr::null_mut(), std::ptr::null_mut()),
            inner,
        })
    }

    /// The guard of a solve of `ksp` with right-hand side `b` and solution `x`, which
    /// [`recover`](Self::recover) can put back in the solver's slots.
    pub(crate) fn solving(mut self, b: sys::Vec, x: sys::Vec) -> SolveGuard {
        self.vecs = (b, x);
        self
    }

    /// Puts the KSP and the solvers inside it back as they were recorded, after a solve
    /// that returned an error, whatever failed and wherever: see [`SolveGuard`] and
    /// [`recover_ksp`].
    ///
    /// Raw calls whose errors are dropped: the solve's error is what the caller sees, and
    /// this runs after it was taken.
    pub(crate) fn recover(self) {
        // SAFETY: the KSP is live (see `record`), and so are the recorded vectors (the
        // caller's, still borrowed); its PC now may differ from the recorded one only if
        // the solve replaced it, and then the new one starts from depth 0.
        unsafe {
            recover_tree(
                self.ksp,
                Some((self.pc, self.depth)),
                self.vecs,
                &self.inner,
            )
        };
        // SAFETY: live KSP.
        unsafe { sys::KSPSetInitialGuessNonzero(self.ksp, self.nonzero_guess) };
    }
}

/// Closes the `PCPreSolve` brackets a failed solve left open on the PC of `ksp`, down to
/// `before` (the recorded PC and its depth; a PC that is not the recorded one goes to 0),
/// and on every solver inside that PC (the splits of a fieldsplit, the levels and coarse
/// solve of MG and GAMG, the blocks of block Jacobi and ASM, the PCs of a composite, the
/// KSP of PCKSP, redundant, telescope, Galerkin, deflation; at any depth), which the same
/// error left open: none of their solves is running now, so each goes back to 0. What
/// the error left in the solvers' vector slots is put back too (see [`SolveGuard`]).
///
/// # Safety
/// `ksp` must be a live KSP, none of whose solves is running.
pub(crate) unsafe fn recover_ksp(ksp: sys::KSP, before: Option<(sys::PC, Int)>) {
    let none = (std::ptr::null_mut(), std::ptr::null_mut());
    // SAFETY: live KSP (caller).
    unsafe { recover_tree(ksp, before, none, &[]) }
}

/// [`recover_ksp`] with the solve's vectors (or nulls) and the inner solvers'
/// initial-guess settings recorded before it.
///
/// # Safety
/// `ksp` must be a live KSP, none of whose solves is running; `vecs` are null or the
/// live vectors the failed solve was given.
unsafe fn recover_tree(
    ksp: sys::KSP,
    before: Option<(sys::PC, Int)>,
    (b, x): (sys::Vec, sys::Vec),
    guesses: &[(sys::KSP, sys::PetscBool)],
) {
    let mut pc: sys::PC = std::ptr::null_mut();
    // SAFETY: live KSP; PETSc returns its PC.
    if unsafe { sys::KSPGetPC(ksp, &mut pc) } != 0 || pc.is_null() {
        return;
    }
    // SAFETY: live KSP, its PC and the solve's vectors (or nulls).
    unsafe {
        sys::petscrs_KSPRecoverVecs(ksp, b, x, sys::PETSC_BOOL_FALSE);
        close_presolve(ksp, pc, before);
        renew(ksp, false);
    }
    // SAFETY: live PC; no solve of the tree is running.
    unsafe {
        walk(pc, 0, &mut |node| match node {
            // SAFETY: a live PC of the tree; its own repairs come before its solvers'.
            Node::Pc(p) => {
                sys::petscrs_PCRecoverInner(p);
            }
            // SAFETY: a live KSP of the tree and its PC.
            Node::Ksp(k, kpc) => {
                let none = std::ptr::null_mut();
                sys::petscrs_KSPRecoverVecs(k, none, none, sys::PETSC_BOOL_TRUE);
                close_presolve(k, kpc, None);
                renew(k, true);
                if let Some(&(_, flag)) = guesses.iter().find(|(g, _)| *g == k) {
                    sys::KSPSetInitialGuessNonzero(k, flag);
                }
            }
        })
    };
}

/// From PETSc 3.22 on, the read locks the failed solve's frames left on the KSP's own
/// vectors (with `slots`, also its right-hand side and solution: a PC's vectors, for a
/// KSP inside a PC) are dropped, and the Krylov method's vectors, which its frames
/// locked out of reach, are freed; the KSP sets up again at its next solve (see
/// `petscrs_KSPUnlockAndRenew`). Up to 3.21 optimized builds have no read locks.
///
/// # Safety
/// `ksp` must be a live KSP, none of whose solves is running.
unsafe fn renew(ksp: sys::KSP, slots: bool) {
    #[cfg(petsc_3_22)]
    // SAFETY: as the caller's.
    unsafe {
        sys::petscrs_KSPUnlockAndRenew(ksp, crate::declare::petsc_bool(slots));
    }
    #[cfg(not(petsc_3_22))]
    let _ = (ksp, slots);
}

/// A solver of a tree, as [`walk`] meets it.
enum Node {
    /// A PC (the tree's own, or one inside it).
    Pc(sys::PC),
    /// A KSP inside the tree, and its PC.
    Ksp(sys::KSP, sys::PC),
}

/// How deep [`walk`] follows solvers inside solvers (a bound against a cycle).
const TREE_DEPTH: usize = 32;

/// Calls `f` with `pc`, then with each KSP `pc` runs inside itself (see
/// `petscrs_PCGetChildren`: only solvers that exist, none created) followed by that
/// KSP's own tree, and with each PC inside it (a composite's) followed by its tree.
///
/// # Safety
/// `pc` must be a live PC; `f` is given live objects.
unsafe fn walk(pc: sys::PC, depth: usize, f: &mut dyn FnMut(Node)) {
    f(Node::Pc(pc));
    if depth >= TREE_DEPTH {
        return;
    }
    let mut n: Int = 0;
    // SAFETY: live PC; with no room, only the number is written.
    if unsafe { sys::petscrs_PCGetChildren(pc, 0, std::ptr::null_mut(), &mut n) } != 0 || n <= 0 {
        return;
    }
    let mut children: Vec<sys::PetscObject> = vec![std::ptr::null_mut(); n as usize];
    // SAFETY: live PC; room for `n` children.
    if unsafe { sys::petscrs_PCGetChildren(pc, n, children.as_mut_ptr(), &mut n) } != 0 {
        return;
    }
    children.truncate(n.max(0) as usize);
    for child in children {
        let mut class: *const std::os::raw::c_char = std::ptr::null();
        // SAFETY: a live object the PC holds; PETSc lends its class name.
        if unsafe { sys::PetscObjectGetClassName(child, &mut class) } != 0 || class.is_null() {
            continue;
        }
        // SAFETY: PETSc's own NUL-terminated class name.
        match unsafe { std::ffi::CStr::from_ptr(class) }.to_bytes() {
            b"KSP" => {
                let k = child as sys::KSP;
                let mut kpc: sys::PC = std::ptr::null_mut();
                // SAFETY: a live KSP (its class says so); PETSc returns its PC.
                if unsafe { sys::KSPGetPC(k, &mut kpc) } != 0 || kpc.is_null() {
                    continue;
                }
                f(Node::Ksp(k, kpc));
                // SAFETY: the KSP's live PC.
                unsafe { walk(kpc, depth + 1, f) };
            }
            // SAFETY: a live PC (its class says so).
            b"PC" => unsafe { walk(child as sys::PC, depth + 1, f) },
            _ => {}
        }
    }
}

/// The `PCPreSolve` brackets of `pc`, the PC of `ksp`, closed down to `before`'s depth
/// (0 for another PC, or none given).
///
/// # Safety
/// `ksp` must be a live KSP and `pc` its PC.
unsafe fn close_presolve(ksp: sys::KSP, pc: sys::PC, before: Option<(sys::PC, Int)>) {
    let target = match before {
        Some((p, d)) if p == pc => d,
        _ => 0,
    };
    let mut depth: Int = 0;
    // SAFETY: live PC; one output.
    if unsafe { sys::petscrs_PCGetPreSolveDepth(pc, &mut depth) } == 0 && depth > target {
        // The failed solve got as far as its pre-solve, so it had scaled the system if
        // the solver scales it (-ksp_diagonal_scale); with -ksp_diagonal_scale_fix the
        // caller's right-hand side and matrices are scaled back, as at a solve's end.
        // SAFETY: live KSP whose last solve set its right-hand side and operators.
        unsafe { sys::petscrs_KSPUnscaleAfterFailure(ksp) };
    }
    // Bounded: PCPreSolve allows a depth of 2.
    for _ in 0..4 {
        let mut depth: Int = 0;
        // SAFETY: live PC; one output.
        if unsafe { sys::petscrs_PCGetPreSolveDepth(pc, &mut depth) } != 0 || depth <= target {
            return;
        }
        // SAFETY: live PC and KSP, whose vectors the failed solve set. PCPostSolve lowers
        // the depth first, then lets the PC type undo its pre-solve transformation.
        unsafe { sys::PCPostSolve(pc, ksp) };
    }
    // SAFETY: live PC. Only reached if PCPostSolve could not lower the depth.
    unsafe { sys::petscrs_PCSetPreSolveDepth(pc, target) };
}
