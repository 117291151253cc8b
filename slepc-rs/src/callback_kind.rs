//! The kinds of the closures slepc-rs gives SLEPc, declared here on petsc-rs's
//! callback model ([`CallbackKind::custom`](petsc::CallbackKind::custom)): each names its closure in errors and keys
//! it on its object, as petsc-rs's own kinds do.

crate::declare::declare! { @kinds
    /// `EPSMonitorSet`.
    EPS_MONITOR = EpsMonitor, "EPS monitor";
    /// `SVDMonitorSet`.
    SVD_MONITOR = SvdMonitor, "SVD monitor";
    /// `MFNMonitorSet`.
    MFN_MONITOR = MfnMonitor, "MFN monitor";
    /// `LMEMonitorSet`.
    LME_MONITOR = LmeMonitor, "LME monitor";
    /// `EPSSetConvergenceTestFunction`.
    EPS_CONVERGENCE_TEST = EpsConvergenceTest, "EPS convergence test";
    /// `EPSSetStoppingTestFunction`.
    EPS_STOPPING_TEST = EpsStoppingTest, "EPS stopping test";
    /// `EPSSetArbitrarySelection`.
    EPS_ARBITRARY_SELECTION = EpsArbitrarySelection, "EPS arbitrary selection";
    /// `EPSSetEigenvalueComparison`.
    EPS_EIGENVALUE_COMPARISON = EpsEigenvalueComparison, "EPS eigenvalue comparison";
    /// `NEPSetFunction`.
    NEP_FUNCTION = NepFunction, "NEP function";
    /// `NEPSetJacobian`.
    NEP_JACOBIAN = NepJacobian, "NEP Jacobian";
    /// `NEPMonitorSet`.
    NEP_MONITOR = NepMonitor, "NEP monitor";
    /// `NEPSetConvergenceTestFunction`.
    NEP_CONVERGENCE_TEST = NepConvergenceTest, "NEP convergence test";
    /// `NEPSetStoppingTestFunction`.
    NEP_STOPPING_TEST = NepStoppingTest, "NEP stopping test";
    /// `NEPSetEigenvalueComparison`.
    NEP_EIGENVALUE_COMPARISON = NepEigenvalueComparison, "NEP eigenvalue comparison";
    /// `NEPNLEIGSSetSingularitiesFunction`.
    NEP_SINGULARITIES = NepSingularities, "NEP NLEIGS singularities";
    /// `PEPMonitorSet`.
    PEP_MONITOR = PepMonitor, "PEP monitor";
    /// `PEPSetConvergenceTestFunction`.
    PEP_CONVERGENCE_TEST = PepConvergenceTest, "PEP convergence test";
    /// `PEPSetStoppingTestFunction`.
    PEP_STOPPING_TEST = PepStoppingTest, "PEP stopping test";
    /// `PEPSetEigenvalueComparison`.
    PEP_EIGENVALUE_COMPARISON = PepEigenvalueComparison, "PEP eigenvalue comparison";
}
