//! Rust closures as the solver's tests: a custom convergence test and a stopping test.
//! Both are kept through petsc-rs's callback module; an `Err` or a panic in either makes
//! [`Pep::solve`] return it, and the solver solves again afterwards.

use slepc_sys as sys;

use super::Pep;

/// What a PEP stopping test sees at one iteration.
pub type PepStopState = crate::family::StopState;

impl Pep {
    petsc::methods![for Pep;
        /// Marks the solver for a new set-up and solve, so that the next
        /// [`solve`](Self::solve) uses a test set after a solve (SLEPc's `PEPSolve` returns
        /// at once on a solved solver).
        pub(super) fn renew(&mut self) = slepcrs_PEPSetStateInitial as "slepcrs_PEPSetStateInitial";
    ];
}
