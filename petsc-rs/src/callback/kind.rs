//! The kinds of callback ([`CallbackKind`]): one declaration a kind, with the name errors
//! give it; kinds declared by crates built on petsc-rs ([`CallbackKind::custom`]).

use std::ffi::CStr;

macro_rules! callback_kinds {
    ($( $(#[$meta:meta])* $variant:ident = $name:literal, )*) => {
        /// What a Rust closure given to PETSc is for (crates built on petsc-rs add their
        /// own kinds with [`custom`](Self::custom)). Names it in errors
        /// ([`Error::Callback`](crate::Error::Callback)'s `callback` is
        /// [`name`](Self::name)) and gives the key under which a closure of this kind is
        /// composed on its object.
        ///
        /// ```
        /// use petsc::CallbackKind;
        /// assert_eq!(CallbackKind::KspMonitor.name(), "KSP monitor");
        /// assert_eq!(CallbackKind::TaoGradient.to_string(), "Tao gradient");
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum CallbackKind {
            $( $(#[$meta])* $variant, )*
            /// A kind declared by a crate built on petsc-rs ([`CallbackKind::custom`]):
            /// SLEPc's monitors, for example.
            Custom(CustomKind),
        }

        impl CallbackKind {
            /// How errors name the callback (`"SNES function"`).
            pub const fn name(self) -> &'static str {
                match self {
                    $( CallbackKind::$variant => $name, )*
                    CallbackKind::Custom(c) => c.name,
                }
            }

            /// The key of a closure of this kind composed on its object.
            pub(crate) fn key(self) -> &'static CStr {
                match self {
                    $( CallbackKind::$variant => {
                        const KEY: &CStr = match CStr::from_bytes_with_nul(
                            concat!("petsc-rs:", stringify!($variant), "\0").as_bytes(),
                        ) {
                            Ok(k) => k,
                            Err(_) => panic!("callback key with an inner NUL"),
                        };
                        KEY
                    } )*
                    CallbackKind::Custom(c) => c.key,
                }
            }
        }
    };
}

callback_kinds! {
    /// `KSPMonitorSet`.
    KspMonitor = "KSP monitor",
    /// `KSPSetConvergenceTest`.
    KspConvergenceTest = "KSP convergence test",
    /// `KSPSetPreSolve`.
    KspPreSolve = "KSP pre-solve",
    /// `KSPSetPostSolve`.
    KspPostSolve = "KSP post-solve",
    /// `PCShellSetApply`.
    PcShellApply = "PC shell apply",
    /// `PCShellSetApplyTranspose`.
    PcShellApplyTranspose = "PC shell apply transpose",
    /// `PCShellSetSetUp`.
    PcShellSetUp = "PC shell set-up",
    /// An instance of a PC type written in Rust ([`Pc::register_type`](crate::Pc::register_type)).
    PcRustType = "PC written in Rust",
    /// An instance of a KSP type written in Rust ([`Ksp::register_type`](crate::Ksp::register_type)).
    KspRustType = "KSP written in Rust",
    /// An instance of a SNES type written in Rust ([`Snes::register_type`](crate::Snes::register_type)).
    SnesRustType = "SNES written in Rust",
    /// An instance of a Tao type written in Rust ([`Tao::register_type`](crate::Tao::register_type)).
    TaoRustType = "Tao written in Rust",
    /// An instance of a TS type written in Rust ([`Ts::register_type`](crate::Ts::register_type)).
    TsRustType = "TS written in Rust",
    /// An instance of a Mat type written in Rust ([`Mat::register_type`](crate::Mat::register_type)).
    MatRustType = "Mat written in Rust",
    /// The solve of a shell KSP ([`Ksp::set_shell_solve`](crate::Ksp::set_shell_solve)).
    KspShellSolve = "KSP shell solve",
    /// `MATOP_MULT` of a shell matrix.
    MatShellMult = "MatMult (shell)",
    /// `MATOP_MULT_TRANSPOSE` of a shell matrix.
    MatShellMultTranspose = "MatMultTranspose (shell)",
    /// `MATOP_MULT_ADD` of a shell matrix.
    MatShellMultAdd = "MatMultAdd (shell)",
    /// `MATOP_MULT_TRANSPOSE_ADD` of a shell matrix.
    MatShellMultTransposeAdd = "MatMultTransposeAdd (shell)",
    /// `MATOP_GET_DIAGONAL` of a shell matrix.
    MatShellGetDiagonal = "MatGetDiagonal (shell)",
    /// `MATOP_MULT_HERMITIAN_TRANSPOSE` of a shell matrix.
    MatShellMultHermitianTranspose = "MatMultHermitianTranspose (shell)",
    /// `MATOP_DIAGONAL_SCALE` of a shell matrix.
    MatShellDiagonalScale = "MatDiagonalScale (shell)",
    /// `MATOP_SHIFT` of a shell matrix.
    MatShellShift = "MatShift (shell)",
    /// `MATOP_SCALE` of a shell matrix.
    MatShellScale = "MatScale (shell)",
    /// `MATOP_DIAGONAL_SET` of a shell matrix.
    MatShellDiagonalSet = "MatDiagonalSet (shell)",
    /// `MATOP_AXPY` of a shell matrix.
    MatShellAxpy = "MatAXPY (shell)",
    /// `MATOP_ZERO_ENTRIES` of a shell matrix.
    MatShellZeroEntries = "MatZeroEntries (shell)",
    /// `MATOP_NORM` of a shell matrix.
    MatShellNorm = "MatNorm (shell)",
    /// `MATOP_COPY` of a shell matrix.
    MatShellCopy = "MatCopy (shell)",
    /// `MATOP_DUPLICATE` of a shell matrix.
    MatShellDuplicate = "MatDuplicate (shell)",
    /// `MATOP_GET_ROW` of a shell matrix.
    MatShellGetRow = "MatGetRow (shell)",
    /// `MATOP_MULT` of any matrix, set by `MatSetOperation`.
    MatOperationMult = "MatMult (MatSetOperation)",
    /// `MATOP_MULT_TRANSPOSE` of any matrix, set by `MatSetOperation`.
    MatOperationMultTranspose = "MatMultTranspose (MatSetOperation)",
    /// `DMSNESSetFunction` (`SNESSetFunction`).
    SnesFunction = "SNES function",
    /// `DMSNESSetJacobian` (`SNESSetJacobian`).
    SnesJacobian = "SNES Jacobian",
    /// `DMDASNESSetFunctionLocal`.
    SnesLocalFunction = "SNES local function (DMDA)",
    /// `DMDASNESSetJacobianLocal`.
    SnesLocalJacobian = "SNES local Jacobian (DMDA)",
    /// `SNESMonitorSet`.
    SnesMonitor = "SNES monitor",
    /// `DMSNESSetObjective` (`SNESSetObjective`).
    SnesObjective = "SNES objective",
    /// `DMSNESSetNGS` (`SNESSetNGS`).
    SnesNgs = "SNES NGS",
    /// The DMDA local form of `DMSNESSetNGS` ([`Snes::set_ngs_local`](crate::Snes::set_ngs_local)).
    SnesLocalNgs = "SNES local NGS (DMDA)",
    /// `SNESSetUpdate`.
    SnesUpdate = "SNES update",
    /// `SNESNewtonALSetFunction` (PETSc 3.21 on).
    SnesNewtonAlFunction = "SNES NewtonAL tangent load function",
    /// `SNESSetConvergenceTest`.
    SnesConvergenceTest = "SNES convergence test",
    /// `SNESLineSearchSetPreCheck`.
    SnesLineSearchPreCheck = "SNESLineSearch pre-check",
    /// `SNESLineSearchSetPostCheck`.
    SnesLineSearchPostCheck = "SNESLineSearch post-check",
    /// `SNESLineSearchMonitorSet`.
    SnesLineSearchMonitor = "SNESLineSearch monitor",
    /// `SNESSetComputeInitialGuess`.
    SnesInitialGuess = "SNES initial guess",
    /// `SNESVISetComputeVariableBounds`.
    SnesVariableBounds = "SNES variable bounds",
    /// `SNESShellSetSolve` ([`Snes::set_shell_solve`](crate::Snes::set_shell_solve)).
    SnesShellSolve = "SNES shell solve",
    /// `DMTSSetRHSFunction` (`TSSetRHSFunction`).
    TsRhsFunction = "TS RHS function",
    /// `DMTSSetRHSJacobian`.
    TsRhsJacobian = "TS RHS Jacobian",
    /// `DMTSSetIFunction`.
    TsIFunction = "TS IFunction",
    /// `DMTSSetIJacobian`.
    TsIJacobian = "TS IJacobian",
    /// `DMDATSSetRHSFunctionLocal`.
    TsLocalRhsFunction = "TS local RHS function (DMDA)",
    /// `DMDATSSetRHSJacobianLocal`.
    TsLocalRhsJacobian = "TS local RHS Jacobian (DMDA)",
    /// `DMDATSSetIFunctionLocal`.
    TsLocalIFunction = "TS local IFunction (DMDA)",
    /// `DMDATSSetIJacobianLocal`.
    TsLocalIJacobian = "TS local IJacobian (DMDA)",
    /// `TSSetPostStep`.
    TsPostStep = "TS post-step",
    /// `TSMonitorSet`.
    TsMonitor = "TS monitor",
    /// `TSSetPreStep`.
    TsPreStep = "TS pre-step",
    /// `TSSetPreStage`.
    TsPreStage = "TS pre-stage",
    /// `TSPseudoSetTimeStep`.
    TsPseudoTimeStep = "TS pseudo-timestep",
    /// `DMTSSetI2Function` (`TSSetI2Function`).
    TsI2Function = "TS I2Function",
    /// `DMTSSetI2Jacobian` (`TSSetI2Jacobian`).
    TsI2Jacobian = "TS I2Jacobian",
    /// `TSSetRHSJacobianP`.
    TsRhsJacobianP = "TS RHS Jacobian P",
    /// `TSSetIJacobianP`.
    TsIJacobianP = "TS IJacobian P",
    /// `TSSetEventHandler` (the indicator and post-event closures).
    TsEvent = "TS event handler",
    /// The step of a shell TS ([`Ts::set_shell_step`](crate::Ts::set_shell_step)).
    TsShellStep = "TS shell step",
    /// `TSSetComputeInitialCondition`.
    TsComputeInitialCondition = "TS compute initial condition",
    /// `DMKSPSetComputeOperators` (`KSPSetComputeOperators`).
    KspComputeOperators = "KSP compute operators",
    /// `DMKSPSetComputeRHS` (`KSPSetComputeRHS`).
    KspComputeRhs = "KSP compute RHS",
    /// `DMKSPSetComputeInitialGuess` (`KSPSetComputeInitialGuess`).
    KspComputeInitialGuess = "KSP compute initial guess",
    /// `MatNullSpaceSetFunction`.
    NullSpaceFunction = "MatNullSpace function",
    /// `TaoSetObjective`.
    TaoObjective = "Tao objective",
    /// `TaoSetGradient`.
    TaoGradient = "Tao gradient",
    /// `TaoSetObjectiveAndGradient`.
    TaoObjectiveAndGradient = "Tao objective and gradient",
    /// `TaoSetHessian`.
    TaoHessian = "Tao Hessian",
    /// `TaoSetResidualRoutine`.
    TaoResidual = "Tao residual",
    /// `TaoSetJacobianResidualRoutine`.
    TaoJacobianResidual = "Tao residual Jacobian",
    /// `TaoMonitorSet`.
    TaoMonitor = "Tao monitor",
    /// `TaoSetConvergenceTest`.
    TaoConvergenceTest = "Tao convergence test",
    /// `TaoSetUpdate`.
    TaoUpdate = "Tao update",
    /// `TaoSetVariableBoundsRoutine`.
    TaoVariableBounds = "Tao variable bounds",
    /// `TaoSetConstraintsRoutine`.
    TaoConstraints = "Tao constraints",
    /// `TaoSetJacobianRoutine`.
    TaoJacobian = "Tao constraints Jacobian",
    /// `TaoSetEqualityConstraintsRoutine`.
    TaoEqualityConstraints = "Tao equality constraints",
    /// `TaoSetInequalityConstraintsRoutine`.
    TaoInequalityConstraints = "Tao inequality constraints",
    /// `TaoSetJacobianEqualityRoutine`.
    TaoJacobianEquality = "Tao equality constraints Jacobian",
    /// `TaoSetJacobianInequalityRoutine`.
    TaoJacobianInequality = "Tao inequality constraints Jacobian",
    /// `TaoSetJacobianStateRoutine`.
    TaoJacobianState = "Tao state Jacobian",
    /// `TaoSetJacobianDesignRoutine`.
    TaoJacobianDesign = "Tao design Jacobian",
    /// `TaoBRGNSetRegularizerObjectiveAndGradientRoutine`.
    TaoBrgnRegularizerObjectiveAndGradient = "Tao brgn regularizer objective and gradient",
    /// `TaoBRGNSetRegularizerHessianRoutine`.
    TaoBrgnRegularizerHessian = "Tao brgn regularizer Hessian",
    /// `TaoLineSearchSetObjectiveRoutine`.
    TaoLineSearchObjective = "TaoLineSearch objective",
    /// `TaoLineSearchSetGradientRoutine`.
    TaoLineSearchGradient = "TaoLineSearch gradient",
    /// `TaoLineSearchSetObjectiveAndGradientRoutine`.
    TaoLineSearchObjectiveAndGradient = "TaoLineSearch objective and gradient",
    /// `DMAddBoundary` (`DM_BC_ESSENTIAL`): the boundary values.
    DmEssentialBoundary = "DM essential boundary condition",
    /// `PetscDSSetExactSolution`.
    DsExactSolution = "PetscDS exact solution",
    /// `PetscDSSetExactSolutionTimeDerivative`.
    DsExactSolutionTimeDerivative = "PetscDS exact solution time derivative",
    /// The functions of `DMProjectFunction` and `DMComputeL2Diff`.
    DmFieldFunction = "DM field function",
    /// A Rust value kept with an object (`Object::compose_value`).
    ObjectValue = "value composed on an object",
    /// `PetscObjectAddOptionsHandler`.
    ObjectOptionsHandler = "object options handler",
    /// `DMShellSetCreateGlobalVector`.
    DmShellCreateGlobalVector = "DMShell create global vector",
    /// `DMShellSetCreateLocalVector`.
    DmShellCreateLocalVector = "DMShell create local vector",
    /// The begin closure of `DMShellSetGlobalToLocal`.
    DmShellGlobalToLocalBegin = "DMShell global-to-local begin",
    /// The end closure of `DMShellSetGlobalToLocal`.
    DmShellGlobalToLocalEnd = "DMShell global-to-local end",
    /// The begin closure of `DMShellSetLocalToGlobal`.
    DmShellLocalToGlobalBegin = "DMShell local-to-global begin",
    /// The end closure of `DMShellSetLocalToGlobal`.
    DmShellLocalToGlobalEnd = "DMShell local-to-global end",
    /// The begin closure of `DMShellSetLocalToLocal`.
    DmShellLocalToLocalBegin = "DMShell local-to-local begin",
    /// The end closure of `DMShellSetLocalToLocal`.
    DmShellLocalToLocalEnd = "DMShell local-to-local end",
    /// `DMShellSetCreateMatrix`.
    DmShellCreateMatrix = "DMShell create matrix",
    /// `DMShellSetCoarsen`.
    DmShellCoarsen = "DMShell coarsen",
    /// `DMShellSetRefine`.
    DmShellRefine = "DMShell refine",
    /// `DMShellSetCreateInterpolation`.
    DmShellCreateInterpolation = "DMShell create interpolation",
    /// `DMShellSetCreateRestriction`.
    DmShellCreateRestriction = "DMShell create restriction",
    /// `DMShellSetCreateInjection`.
    DmShellCreateInjection = "DMShell create injection",
    /// `DMShellSetCreateSubDM`.
    DmShellCreateSubDm = "DMShell create sub-DM",
    /// `DMShellSetCreateFieldDecomposition`.
    DmShellCreateFieldDecomposition = "DMShell create field decomposition",
    /// `DMShellSetCreateDomainDecomposition`.
    DmShellCreateDomainDecomposition = "DMShell create domain decomposition",
    /// `DMCoarsenHookAdd`: the coarsen and restrict closures of one hook.
    DmCoarsenHook = "DM coarsen hook",
}

/// The name and key of a [`CallbackKind`] that a crate built on petsc-rs declares with
/// [`CallbackKind::custom`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CustomKind {
    name: &'static str,
    key: &'static CStr,
}

/// The prefix of the keys of petsc-rs's own kinds, which a custom kind's key may not take.
const OWN_PREFIX: &[u8] = b"petsc-rs:";

impl CallbackKind {
    /// A kind of callback declared outside petsc-rs: `name` is how errors name it,
    /// `key` the name under which a closure of this kind is composed on its object. The
    /// key must be unique in the program (begin it with the crate's name); one starting
    /// with `petsc-rs:` (the prefix of petsc-rs's own kinds) is refused, at compile time
    /// when the kind is a constant. Closures of a custom kind are kept, run and released
    /// as every other closure ([`attach`](super::attach), [`register`](super::register),
    /// [`run`](super::run)).
    ///
    /// ```
    /// use petsc::CallbackKind;
    /// const MY_MONITOR: CallbackKind = CallbackKind::custom("my monitor", c"my-crate:monitor");
    /// assert_eq!(MY_MONITOR.name(), "my monitor");
    /// assert_eq!(MY_MONITOR.to_string(), "my monitor");
    /// assert_ne!(MY_MONITOR, CallbackKind::KspMonitor);
    /// ```
    pub const fn custom(name: &'static str, key: &'static CStr) -> CallbackKind {
        let k = key.to_bytes();
        let mut own = k.len() >= OWN_PREFIX.len();
        let mut i = 0;
        while own && i < OWN_PREFIX.len() {
            own = k[i] == OWN_PREFIX[i];
            i += 1;
        }
        assert!(
            !own,
            "a custom callback kind's key may not begin with `petsc-rs:`"
        );
        CallbackKind::Custom(CustomKind { name, key })
    }
}

impl std::fmt::Display for CallbackKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
