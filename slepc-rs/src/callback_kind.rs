//! The kinds of the closures slepc-rs gives SLEPc, declared here on petsc-rs's
//! callback model ([`CallbackKind::custom`]): each names its closure in errors and keys
//! it on its object, as petsc-rs's own kinds do.

use petsc::CallbackKind;

/// `EPSMonitorSet`.
pub const EPS_MONITOR: CallbackKind = CallbackKind::custom("EPS monitor", c"slepc-rs:EpsMonitor");

/// `SVDMonitorSet`.
pub const SVD_MONITOR: CallbackKind = CallbackKind::custom("SVD monitor", c"slepc-rs:SvdMonitor");

/// `MFNMonitorSet`.
pub const MFN_MONITOR: CallbackKind = CallbackKind::custom("MFN monitor", c"slepc-rs:MfnMonitor");

/// `LMEMonitorSet`.
pub const LME_MONITOR: CallbackKind = CallbackKind::custom("LME monitor", c"slepc-rs:LmeMonitor");

/// `EPSSetConvergenceTestFunction`.
pub const EPS_CONVERGENCE_TEST: CallbackKind =
    CallbackKind::custom("EPS convergence test", c"slepc-rs:EpsConvergenceTest");

/// `EPSSetStoppingTestFunction`.
pub const EPS_STOPPING_TEST: CallbackKind =
    CallbackKind::custom("EPS stopping test", c"slepc-rs:EpsStoppingTest");

/// `EPSSetArbitrarySelection`.
pub const EPS_ARBITRARY_SELECTION: CallbackKind =
    CallbackKind::custom("EPS arbitrary selection", c"slepc-rs:EpsArbitrarySelection");

/// `EPSSetEigenvalueComparison`.
pub const EPS_EIGENVALUE_COMPARISON: CallbackKind = CallbackKind::custom(
    "EPS eigenvalue comparison",
    c"slepc-rs:EpsEigenvalueComparison",
);

/// `NEPSetFunction`.
pub const NEP_FUNCTION: CallbackKind =
    CallbackKind::custom("NEP function", c"slepc-rs:NepFunction");

/// `NEPSetJacobian`.
pub const NEP_JACOBIAN: CallbackKind =
    CallbackKind::custom("NEP Jacobian", c"slepc-rs:NepJacobian");

/// `NEPMonitorSet`.
pub const NEP_MONITOR: CallbackKind = CallbackKind::custom("NEP monitor", c"slepc-rs:NepMonitor");

/// `NEPSetConvergenceTestFunction`.
pub const NEP_CONVERGENCE_TEST: CallbackKind =
    CallbackKind::custom("NEP convergence test", c"slepc-rs:NepConvergenceTest");

/// `NEPSetStoppingTestFunction`.
pub const NEP_STOPPING_TEST: CallbackKind =
    CallbackKind::custom("NEP stopping test", c"slepc-rs:NepStoppingTest");

/// `NEPSetEigenvalueComparison`.
pub const NEP_EIGENVALUE_COMPARISON: CallbackKind = CallbackKind::custom(
    "NEP eigenvalue comparison",
    c"slepc-rs:NepEigenvalueComparison",
);

/// `NEPNLEIGSSetSingularitiesFunction`.
pub const NEP_SINGULARITIES: CallbackKind =
    CallbackKind::custom("NEP NLEIGS singularities", c"slepc-rs:NepSingularities");

/// `PEPMonitorSet`.
pub const PEP_MONITOR: CallbackKind = CallbackKind::custom("PEP monitor", c"slepc-rs:PepMonitor");

/// `PEPSetConvergenceTestFunction`.
pub const PEP_CONVERGENCE_TEST: CallbackKind =
    CallbackKind::custom("PEP convergence test", c"slepc-rs:PepConvergenceTest");

/// `PEPSetStoppingTestFunction`.
pub const PEP_STOPPING_TEST: CallbackKind =
    CallbackKind::custom("PEP stopping test", c"slepc-rs:PepStoppingTest");
