//! The settings every eigensolver type shares beyond the basic ones: the kind of problem
//! as set up, balancing, extraction, two-sided and purified solves, the convergence
//! test, residual tracking, and the solver's parts (operators, spectral transformation).

use crate::declare::declare;
use petsc::{Error, Int, Mat, Real, Result};
use slepc_sys as sys;

use super::Eps;
use crate::absent::{keep_int, keep_real};
use crate::error::check;
use crate::st::St;

declare! { @enums
/// The balancing of a non-Hermitian problem (`EPSBalance`).
EpsBalance: EPSBalance {
    None = EPS_BALANCE_NONE "no balancing (the default).",
    OneSide = EPS_BALANCE_ONESIDE "one-sided Krylov balancing.",
    TwoSide = EPS_BALANCE_TWOSIDE "two-sided Krylov balancing.",
    User = EPS_BALANCE_USER "a balancing matrix set by the user (`STSetBalanceMatrix`).",
}

/// How approximate eigenpairs are extracted from the subspace (`EPSExtraction`).
EpsExtraction: EPSExtraction {
    Ritz = EPS_RITZ "Rayleigh-Ritz (the default).",
    Harmonic = EPS_HARMONIC "harmonic Ritz (interior eigenvalues near the target).",
    HarmonicRelative = EPS_HARMONIC_RELATIVE "harmonic Ritz, relative variant.",
    HarmonicRight = EPS_HARMONIC_RIGHT "harmonic Ritz, right variant.",
    HarmonicLargest = EPS_HARMONIC_LARGEST "harmonic Ritz for the largest eigenvalues.",
    Refined = EPS_REFINED "refined Ritz.",
    RefinedHarmonic = EPS_REFINED_HARMONIC "refined harmonic Ritz.",
}
}

declare! { @enum conv
/// The convergence test of the solver (`EPSConv`).
EpsConv: EPSConv = EPS_CONV_ABS, EPS_CONV_REL, EPS_CONV_NORM
}

impl Eps {
    petsc::methods![for Eps;
        /// Sets whether the solver also computes left eigenvectors (two-sided Krylov-Schur, power, LAPACK) (`EPSSetTwoSided`).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_two_sided(true)?;
        /// assert!(eps.two_sided()?);
        /// eps.set_two_sided(false)?;
        /// assert!(!eps.two_sided()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_two_sided(&mut self, flag: bool) = EPSSetTwoSided as "EPSSetTwoSided";
        /// Whether the solver also computes left eigenvectors (two-sided Krylov-Schur, power, LAPACK) (`EPSGetTwoSided`).
        pub fn two_sided(&self) -> bool = EPSGetTwoSided as "EPSGetTwoSided";
        /// Sets whether eigenvectors are purified (a last application of the operator, for singular `B`) (`EPSSetPurify`).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_purify(true)?;
        /// assert!(eps.purify()?);
        /// eps.set_purify(false)?;
        /// assert!(!eps.purify()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_purify(&mut self, flag: bool) = EPSSetPurify as "EPSSetPurify";
        /// Whether eigenvectors are purified (a last application of the operator, for singular `B`) (`EPSGetPurify`).
        pub fn purify(&self) -> bool = EPSGetPurify as "EPSGetPurify";
        /// Sets whether convergence is tested on the true residual `||A x - lambda B x||` (explicitly restarted solvers) instead of the estimate (`EPSSetTrueResidual`).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_true_residual(true)?;
        /// assert!(eps.true_residual()?);
        /// eps.set_true_residual(false)?;
        /// assert!(!eps.true_residual()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_true_residual(&mut self, flag: bool) = EPSSetTrueResidual as "EPSSetTrueResidual";
        /// Whether convergence is tested on the true residual `||A x - lambda B x||` (explicitly restarted solvers) instead of the estimate (`EPSGetTrueResidual`).
        pub fn true_residual(&self) -> bool = EPSGetTrueResidual as "EPSGetTrueResidual";
        /// Sets whether the residual of every approximation is computed at every iteration, not only the first unconverged one's (`EPSSetTrackAll`).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_track_all(true)?;
        /// assert!(eps.track_all()?);
        /// eps.set_track_all(false)?;
        /// assert!(!eps.track_all()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_track_all(&mut self, flag: bool) = EPSSetTrackAll as "EPSSetTrackAll";
        /// Whether the residual of every approximation is computed at every iteration, not only the first unconverged one's (`EPSGetTrackAll`).
        pub fn track_all(&self) -> bool = EPSGetTrackAll as "EPSGetTrackAll";
    ];
}

impl Eps {
    petsc::methods![for Eps;
        /// Whether the problem is Hermitian (`Hep`, `Ghep`, `Ghiep`) (`EPSIsHermitian`), as the problem type says (set it with [`set_problem_type`](Self::set_problem_type)).
        ///
        /// See [`is_generalized`](Self::is_generalized) for an example.
        pub fn is_hermitian(&self) -> bool = EPSIsHermitian as "EPSIsHermitian";
        /// Whether the problem is generalized with a positive (semi-)definite `B` (`Ghep`, `Pgnhep`) (`EPSIsPositive`), as the problem type says (set it with [`set_problem_type`](Self::set_problem_type)).
        ///
        /// See [`is_generalized`](Self::is_generalized) for an example.
        pub fn is_positive(&self) -> bool = EPSIsPositive as "EPSIsPositive";
        /// Whether the problem is structured (`EPSIsStructured`, SLEPc 3.22 and later): of a structured problem type (Bethe-Salpeter `EPS_BSE`, and from later releases Hamiltonian and linear response), whose matrix was made by SLEPc's helper (`MatCreateBSE`). False for the types of [`EpsProblemType`](crate::EpsProblemType).
        ///
        /// ```
        /// use slepc::EpsProblemType;
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_problem_type(EpsProblemType::Hep)?;
        /// assert!(!eps.is_structured()? && eps.is_hermitian()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        #[cfg(slepc_3_22)]
        pub fn is_structured(&self) -> bool = EPSIsStructured as "EPSIsStructured";
        /// Sets the threshold stopping test (`EPSSetThreshold`, SLEPc 3.23 and later): the solve stops once a converged eigenvalue is beyond `thresh` (below it for the largest magnitudes, relative to the dominant eigenvalue when `rel`; above or below by the real part for largest or smallest real parts, problems with real eigenvalues only), so at least one more than those beyond it converge; `nev` of [`set_dimensions_to`](Self::set_dimensions_to) still bounds the count. It replaces the stopping test; SLEPc reallocates the basis as needed (a large `ncv` avoids that). `thresh` must be finite.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_threshold(0.25, true)?;
        /// assert_eq!(eps.threshold()?, (0.25, true));
        /// assert!(eps.set_threshold(f64::NAN, false).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        #[cfg(slepc_3_23)]
        pub fn set_threshold(&mut self, thresh: Real where thresh.is_finite(), rel: bool) = EPSSetThreshold as "EPSSetThreshold";
        /// The threshold of the threshold stopping test and whether it is relative (`EPSGetThreshold`, SLEPc 3.23 and later); see [`set_threshold`](Self::set_threshold).
        #[cfg(slepc_3_23)]
        pub fn threshold(&self) -> (thresh: Real, rel: bool) = EPSGetThreshold as "EPSGetThreshold";
    ];
}

impl Eps {
    petsc::methods![for Eps;
        /// Whether the problem is generalized, `A x = lambda B x` (`EPSIsGeneralized`), as
        /// the problem type says.
        ///
        /// ```
        /// use slepc::EpsProblemType;
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_problem_type(EpsProblemType::Ghep)?;
        /// assert!(eps.is_generalized()? && eps.is_hermitian()? && eps.is_positive()?);
        /// eps.set_problem_type(EpsProblemType::Nhep)?;
        /// assert!(!eps.is_generalized()? && !eps.is_hermitian()? && !eps.is_positive()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn is_generalized(&self) -> bool = EPSIsGeneralized as "EPSIsGeneralized";
    ];

    /// Sets the balancing of a non-Hermitian problem (`EPSSetBalance`): the kind, the
    /// number of iterations and the cutoff (`None` keeps the current value). `its` must be
    /// at least 1 and `cutoff` positive and finite.
    ///
    /// ```
    /// use slepc::EpsBalance;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
    /// eps.set_balance(EpsBalance::TwoSide, Some(7), Some(1e-6))?;
    /// assert_eq!(eps.balance()?, (EpsBalance::TwoSide, 7, 1e-6));
    /// eps.set_balance(EpsBalance::OneSide, None, None)?;
    /// assert_eq!(eps.balance()?, (EpsBalance::OneSide, 7, 1e-6));
    /// assert!(eps.set_balance(EpsBalance::OneSide, Some(0), None).is_err());
    /// assert!(eps.set_balance(EpsBalance::OneSide, None, Some(f64::NAN)).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "EPSSetBalance")]
    pub fn set_balance(
        &mut self,
        balance: EpsBalance,
        its: Option<Int>,
        cutoff: Option<Real>,
    ) -> Result<()> {
        const CTX: &str = "Eps::set_balance";
        if let Some(n) = its {
            if n < 1 {
                return Err(Error::invalid(
                    CTX,
                    format!("its is {n}; it must be at least 1"),
                ));
            }
        }
        if let Some(c) = cutoff {
            if !(c.is_finite() && c > 0.0) {
                return Err(Error::invalid(
                    CTX,
                    format!("cutoff is {c}; it must be positive and finite"),
                ));
            }
        }
        let its = keep_int(its, || Ok(self.balance()?.1))?;
        let cutoff = keep_real(cutoff, || Ok(self.balance()?.2))?;
        // SAFETY: live solver.
        check(unsafe { sys::EPSSetBalance(self.ptr, balance.raw(), its, cutoff) })
    }

    /// The balancing: `(kind, iterations, cutoff)` (`EPSGetBalance`).
    #[doc(alias = "EPSGetBalance")]
    pub fn balance(&self) -> Result<(EpsBalance, Int, Real)> {
        let mut b = sys::EPSBalance(0);
        let (mut its, mut cutoff): (Int, Real) = (0, 0.0);
        // SAFETY: live solver; three outputs.
        check(unsafe { sys::EPSGetBalance(self.ptr, &mut b, &mut its, &mut cutoff) })?;
        Ok((EpsBalance::from_raw(b, "Eps::balance")?, its, cutoff))
    }

    petsc::methods![for Eps;
        /// Sets the extraction technique (`EPSSetExtraction`).
        ///
        /// ```
        /// use slepc::EpsExtraction;
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// assert_eq!(eps.extraction()?, EpsExtraction::Ritz);
        /// eps.set_extraction(EpsExtraction::Harmonic)?;
        /// assert_eq!(eps.extraction()?, EpsExtraction::Harmonic);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_extraction(&mut self, extraction: EpsExtraction)
            = EPSSetExtraction as "EPSSetExtraction";

        /// The extraction technique (`EPSGetExtraction`).
        pub fn extraction(&self) -> EpsExtraction = EPSGetExtraction as "EPSGetExtraction";
    ];

    /// Sets the convergence test (`EPSSetConvergenceTest`), replacing a closure set with
    /// [`set_convergence_test_function`](Self::set_convergence_test_function); the next
    /// [`solve`](Self::solve) solves again.
    ///
    /// ```
    /// use slepc::EpsConv;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
    /// assert_eq!(eps.convergence_test()?, Some(EpsConv::Rel));
    /// eps.set_convergence_test(EpsConv::Abs)?;
    /// assert_eq!(eps.convergence_test()?, Some(EpsConv::Abs));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "EPSSetConvergenceTest")]
    pub fn set_convergence_test(&mut self, conv: EpsConv) -> Result<()> {
        self.renew()?;
        // SAFETY: live solver.
        check(unsafe { sys::EPSSetConvergenceTest(self.ptr, conv.raw()) })
    }

    petsc::methods![for Eps;
        /// The convergence test (`EPSGetConvergenceTest`); `None` for a user function set in
        /// C.
        pub fn convergence_test(&self) -> Option<EpsConv>
            = EPSGetConvergenceTest as "EPSGetConvergenceTest";
    ];

    petsc::methods![for Eps;
        /// Resets the solver (`EPSReset`): drops the operators, the bases and the type's
        /// work data; settings, type and monitors stay. Set operators again before the
        /// next solve.
        ///
        /// ```
        /// use petsc::{Mat, Sizes};
        /// let petsc = petsc::Petsc::init()?;
        /// let c = petsc.self_comm();
        /// let mut a = Mat::aij(&c).sizes(Sizes::global(4, 4)).preallocate(1, 0).build()?;
        /// a.assemble()?;
        /// let mut eps = slepc::Eps::new(&c)?;
        /// eps.set_operators(&a, None)?;
        /// assert_eq!(eps.size()?, Some(4));
        /// eps.reset()?;
        /// assert_eq!(eps.size()?, None);
        /// assert!(eps.operators().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        #[doc(alias = "EPSReset")]
        pub fn reset(&mut self) = slepcrs_EPSReset as "slepcrs_EPSReset";
    ];

    /// The operators `(A, B)` (`EPSGetOperators`), each handle holding its own
    /// reference; `B` is `None` for a standard problem. An `Err` before
    /// [`set_operators`](Self::set_operators).
    ///
    /// ```
    /// use petsc::{Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(3, 3)).preallocate(1, 0).build()?;
    /// a.assemble()?;
    /// let mut eps = slepc::Eps::new(&c)?;
    /// eps.set_operators(&a, None)?;
    /// drop(a);
    /// let (a, b) = eps.operators()?;
    /// assert_eq!(a.size()?, (3, 3));
    /// assert!(b.is_none());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "EPSGetOperators")]
    pub fn operators(&self) -> Result<(Mat, Option<Mat>)> {
        if self.size()?.is_none() {
            return Err(Error::invalid(
                "Eps::operators",
                "no operator: call set_operators first",
            ));
        }
        let (mut a, mut b): (sys::Mat, sys::Mat) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live solver with operators; SLEPc returns borrowed matrices.
        check(unsafe { sys::EPSGetOperators(self.ptr, &mut a, &mut b) })?;
        // SAFETY: live matrices held by the solver (`b` may be null).
        unsafe { crate::family::operator_pair(self.slepc.petsc(), a, b) }
    }

    /// Uses `st` as the spectral transformation (`EPSSetST`); the solver keeps its own
    /// reference. The transformation must be on the solver's communicator.
    ///
    /// ```
    /// use slepc::{St, StType};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut st = St::new(&c)?;
    /// st.set_type(StType::Sinvert)?;
    /// let mut eps = slepc::Eps::new(&c)?;
    /// eps.set_st(&st)?;
    /// drop(st);
    /// assert_eq!(eps.st()?.ty()?, Some(StType::Sinvert));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "EPSSetST")]
    pub fn set_st(&mut self, st: &St) -> Result<()> {
        // SAFETY: live solver and ST; SLEPc references the ST (and checks the
        // communicators).
        check(unsafe { sys::EPSSetST(self.ptr, st.as_raw()) })
    }
}
