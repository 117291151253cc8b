//! Spectrum slicing by Krylov-Schur (`EpsWhich::All` with an interval): the
//! subintervals, the inertias of the shifts, the inner linear solver, and with
//! partitions the sub-communicators' own results and operators. SLEPc reads inner
//! objects these functions need without checking them, so each checks first what it
//! needs (the type, slicing, set-up, a solve), as an `Err` on every rank.

use petsc::{Error, Int, Ksp, Mat, MatStructure, Real, Result, Scalar, Vector};
use slepc_sys as sys;

use super::Eps;
use crate::checks::{self, RequireType, Wanted};
use crate::error::check;
use petsc::Object;
use petsc::declare::petsc_bool;

impl Eps {
    /// Sets the subinterval boundaries of spectrum slicing
    /// (`EPSKrylovSchurSetSubintervals`): `partitions + 1` increasing values from the
    /// interval's start to its end (see
    /// [`set_krylov_schur_partitions`](Self::set_krylov_schur_partitions) and
    /// [`set_interval`](Self::set_interval)). A slice of another length is refused
    /// here on a `krylovschur` solver (SLEPc would read past it); on a solver of another
    /// type (or of no type yet) SLEPc ignores the call without reading the bounds, and so
    /// does this.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
    /// eps.set_krylov_schur_subintervals(&[0.0, 1.0])?; // no type yet: ignored
    /// eps.set_type(slepc::EpsType::KrylovSchur)?;
    /// assert!(eps.set_krylov_schur_subintervals(&[0.0, 1.0, 2.0]).is_err()); // 1 partition
    /// eps.set_interval(0.0, 1.0)?;
    /// eps.set_krylov_schur_subintervals(&[0.0, 1.0])?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "EPSKrylovSchurSetSubintervals")]
    pub fn set_krylov_schur_subintervals(&mut self, bounds: &[Real]) -> Result<()> {
        const CTX: &str = "Eps::set_krylov_schur_subintervals";
        if self.type_name()? != "krylovschur" {
            let mut copy = bounds.to_vec();
            // SAFETY: live solver of another type: SLEPc ignores the call and reads
            // nothing from the pointer.
            return check(unsafe {
                sys::EPSKrylovSchurSetSubintervals(self.ptr, copy.as_mut_ptr())
            });
        }
        let npart = self.krylov_schur_partitions()?;
        let want = usize::try_from(npart).unwrap_or(0) + 1;
        // `bounds` is this rank's: the ranks agree on its check.
        let local = if bounds.len() != want {
            Err(Error::size_mismatch(
                CTX,
                format!(
                    "{} bounds given but {npart} partitions need {want}",
                    bounds.len()
                ),
            ))
        } else if bounds.iter().any(|b| !b.is_finite()) || bounds.windows(2).any(|w| w[0] >= w[1]) {
            Err(Error::invalid(
                CTX,
                format!("the bounds {bounds:?} must be finite and increasing"),
            ))
        } else {
            Ok(())
        };
        checks::agree(&*self, CTX, local)?;
        let mut copy = bounds.to_vec();
        // SAFETY: live Krylov-Schur solver; `copy` has `npart + 1` entries, which SLEPc
        // copies.
        check(unsafe { sys::EPSKrylovSchurSetSubintervals(self.ptr, copy.as_mut_ptr()) })
    }

    /// The subinterval boundaries of spectrum slicing (`EPSKrylovSchurGetSubintervals`):
    /// `partitions + 1` values; the solver type must be `krylovschur`, and the solver
    /// set up for spectrum slicing ([`EpsWhich::All`](crate::EpsWhich::All) and an interval).
    /// With one partition: the interval of [`interval`](Self::interval).
    #[doc(alias = "EPSKrylovSchurGetSubintervals")]
    pub fn krylov_schur_subintervals(&self) -> Result<Vec<Real>> {
        const CTX: &str = "Eps::krylov_schur_subintervals";
        self.require_type(CTX, "krylovschur")?;
        self.require_slicing(CTX)?;
        let npart = self.krylov_schur_partitions()?;
        if npart == 1 {
            // One partition: the interval itself. SLEPc keeps no subintervals then unless
            // given (it would copy from a null array).
            let (a, b) = self.interval()?;
            return Ok(vec![a, b]);
        }
        let mut p: *mut Real = std::ptr::null_mut();
        // SAFETY: live Krylov-Schur solver set up for slicing; SLEPc allocates the
        // `npart + 1` values, freed below.
        check(unsafe { sys::EPSKrylovSchurGetSubintervals(self.ptr, &mut p) })?;
        let n = usize::try_from(npart).unwrap_or(0) + 1;
        // SAFETY: `p` holds `n` reals (SLEPc's allocation).
        let out = unsafe { std::slice::from_raw_parts(p, n) }.to_vec();
        // SAFETY: SLEPc's allocation, handed to the caller to free.
        check(unsafe { sys::petscrs_PetscFree(p.cast()) })?;
        Ok(out)
    }

    /// The inertias of spectrum slicing (`EPSKrylovSchurGetInertias`): the shifts used
    /// (the interval's ends among them) with, for each, the number of eigenvalues below
    /// it. The solver type must be `krylovschur`, and the solver set up for spectrum
    /// slicing ([`EpsWhich::All`](crate::EpsWhich::All) and an interval).
    #[doc(alias = "EPSKrylovSchurGetInertias")]
    pub fn krylov_schur_inertias(&self) -> Result<Vec<(Real, Int)>> {
        const CTX: &str = "Eps::krylov_schur_inertias";
        self.require_type(CTX, "krylovschur")?;
        self.require_slicing(CTX)?;
        let mut n: Int = 0;
        let mut shifts: *mut Real = std::ptr::null_mut();
        let mut inertias: *mut Int = std::ptr::null_mut();
        // SAFETY: live Krylov-Schur solver set up for slicing; SLEPc allocates the two
        // arrays of `n` entries, freed below.
        check(unsafe {
            sys::EPSKrylovSchurGetInertias(self.ptr, &mut n, &mut shifts, &mut inertias)
        })?;
        // SAFETY: SLEPc's two arrays of `n` entries (or null), handed to the caller.
        unsafe { crate::family::take_inertias(n, shifts, inertias) }
    }

    /// Refuses slicing queries unless the solver computes all eigenvalues in an interval
    /// (SLEPc checks that it was set up).
    fn require_slicing(&self, ctx: &str) -> Result<()> {
        // Before `set_which_eigenpairs` SLEPc holds 0, no `EpsWhich`: not slicing either.
        if !matches!(self.which_eigenpairs(), Ok(crate::EpsWhich::All)) {
            return Err(Error::invalid(
                ctx,
                "not a spectrum slicing solver: set EpsWhich::All and an interval first",
            ));
        }
        Ok(())
    }

    /// The linear solver of spectrum slicing (`EPSKrylovSchurGetKSP`): the KSP of the
    /// spectral transformation of the inner solver that Krylov-Schur runs on each
    /// subinterval, as a handle holding its own reference and one to this solver. The
    /// solver type must be `krylovschur`, with operators and
    /// [`EpsWhich::All`](crate::EpsWhich::All). Spectrum slicing needs a factorization that
    /// gives inertias: Cholesky by MUMPS (real scalars only; with
    /// `-<prefix>mat_mumps_icntl_13 1` on several ranks, `<prefix>` this KSP's).
    ///
    #[cfg_attr(petsc_have_mumps, doc = "```")]
    #[cfg_attr(not(petsc_have_mumps), doc = "```no_run")]
    /// use petsc::{InsertMode, KspType, Mat, PcType, Scalar, Sizes};
    /// use slepc::{EpsType, EpsProblemType, StType, EpsWhich};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(10, 10)).preallocate(1, 0).build()?;
    /// for i in 0..10 {
    ///     a.set_values(&[i], &[i], &[Scalar::from((i + 1) as f64)], InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let mut eps = slepc::Eps::new(&c)?;
    /// eps.set_operators(&a, None)?;
    /// eps.set_problem_type(EpsProblemType::Hep)?;
    /// eps.set_type(EpsType::KrylovSchur)?;
    /// assert!(eps.krylov_schur_ksp().is_err()); // not spectrum slicing
    /// eps.set_which_eigenpairs(EpsWhich::All)?;
    /// eps.set_interval(2.5, 6.5)?;
    /// eps.st()?.set_type(StType::Sinvert)?;
    /// // Cholesky by MUMPS gives the inertias (PETSc's own Cholesky of AIJ does not).
    /// let mut ksp = eps.krylov_schur_ksp()?;
    /// ksp.set_type(KspType::Preonly)?;
    /// let mut pc = ksp.pc()?;
    /// pc.set_type(PcType::Cholesky)?;
    /// pc.set_factor_solver_type("mumps")?;
    /// eps.solve()?.check()?;
    /// assert_eq!(eps.converged_count()?, 4); // 3, 4, 5, 6
    /// let shifts: Vec<_> = eps.krylov_schur_inertias()?.into_iter().map(|(_, i)| i).collect();
    /// assert_eq!((shifts[0], shifts[shifts.len() - 1]), (2, 6)); // below 2.5 and 6.5
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "EPSKrylovSchurGetKSP")]
    pub fn krylov_schur_ksp(&self) -> Result<Ksp> {
        const CTX: &str = "Eps::krylov_schur_ksp";
        self.require_type(CTX, "krylovschur")?;
        self.require_slicing(CTX)?;
        if self.size()?.is_none() {
            return Err(Error::invalid(CTX, "no operator: call set_operators first"));
        }
        let mut ksp: sys::KSP = std::ptr::null_mut();
        // SAFETY: live Krylov-Schur solver; SLEPc returns its KSP (borrowed), creating it.
        check(unsafe { sys::EPSKrylovSchurGetKSP(self.ptr, &mut ksp) })?;
        // SAFETY: live KSP and solver; the handle takes a reference to each.
        unsafe { Ksp::from_raw_child(self.slepc.petsc(), ksp, self.ptr as sys::PetscObject) }
    }

    /// Refuses the subcommunicator queries of spectrum slicing unless the solver is a
    /// Krylov-Schur slicing solver that has been set up: SLEPc's functions read the inner
    /// solver before checking anything (a crash on a solver never set up, or set up for
    /// another computation). `EPSKrylovSchurGetInertias` asked for the count only checks
    /// the state and the slicing context safely, and allocates nothing.
    fn require_subcomm(&self, ctx: &str) -> Result<()> {
        self.require_type(ctx, "krylovschur")?;
        self.require_slicing(ctx)?;
        let mut n: Int = 0;
        // SAFETY: live Krylov-Schur solver; with null arrays SLEPc checks the state and
        // the slicing context, then writes the count only.
        check(unsafe {
            sys::EPSKrylovSchurGetInertias(
                self.ptr,
                &mut n,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        })
        .map_err(|e| {
            Error::invalid(
                ctx,
                format!(
                    "the spectrum slicing solver is not set up: call set_up or solve first ({e})"
                ),
            )
        })
    }

    /// Refuses, for `why`, a slicing solver that `require_subcomm` accepted but that has
    /// not been solved since its set-up: set-up resets the converged reason to
    /// "iterating", and only a solve ends it (SLEPc 3.18 reads the subintervals' pairs
    /// unchecked).
    fn require_solved(&self, ctx: &str, why: &str) -> Result<()> {
        if self.converged_reason()? == super::EpsConvergedReason::Iterating {
            return Err(Error::invalid(ctx, format!("{why}: call solve first")));
        }
        Ok(())
    }

    /// `(k, n, v)` of this rank's subcommunicator in spectrum slicing with partitions
    /// (`EPSKrylovSchurGetSubcommInfo`): the index `k` of its subinterval (from 0; always
    /// 0 with one partition), the number `n` of eigenvalues found in it, and a new
    /// vector of the subcommunicator's layout (the matrices of
    /// [`krylov_schur_subcomm_mats`](Self::krylov_schur_subcomm_mats)), to pass to
    /// [`krylov_schur_subcomm_pairs`](Self::krylov_schur_subcomm_pairs). The solver type
    /// must be `krylovschur`, set up ([`set_up`](Self::set_up) or a solve) for spectrum
    /// slicing ([`EpsWhich::All`](crate::EpsWhich::All), an interval, shift-and-invert),
    /// and solved when there is one partition; an `Err` says what is missing. Collective on the subcommunicator. The counts of
    /// all subcommunicators add up to [`converged_count`](Self::converged_count) after
    /// the solve.
    ///
    /// ```
    /// use petsc::{InsertMode, KspType, Mat, PcType, Scalar, Sizes};
    /// use slepc::{EpsProblemType, EpsType, EpsWhich, StType};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(10, 10)).preallocate(1, 0).build()?;
    /// for i in 0..10 {
    ///     a.set_values(&[i], &[i], &[Scalar::from((i + 1) as f64)], InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let mut eps = slepc::Eps::new(&c)?;
    /// eps.set_operators(&a, None)?;
    /// eps.set_problem_type(EpsProblemType::Hep)?;
    /// eps.set_type(EpsType::KrylovSchur)?;
    /// eps.set_which_eigenpairs(EpsWhich::All)?;
    /// eps.set_interval(2.5, 6.5)?;
    /// eps.st()?.set_type(StType::Sinvert)?;
    /// let mut ksp = eps.krylov_schur_ksp()?;
    /// ksp.set_type(KspType::Preonly)?;
    /// ksp.pc()?.set_type(PcType::Cholesky)?; // PETSc's own: inertias of a sequential matrix
    /// assert!(eps.krylov_schur_subcomm_info().is_err()); // not set up yet
    /// eps.set_up()?;
    /// assert!(eps.krylov_schur_subcomm_info().is_err()); // one partition: not solved yet
    /// eps.solve()?.check()?;
    /// let (k, n, mut v) = eps.krylov_schur_subcomm_info()?;
    /// assert_eq!((k, n, v.size()?), (0, 4, 10)); // one partition: 3, 4, 5, 6
    /// let lambda = eps.krylov_schur_subcomm_pairs(0, &mut v)?;
    /// let lambda = petsc::Complex::<petsc::Real>::from(lambda);
    /// assert!([3.0, 4.0, 5.0, 6.0].iter().any(|l| (l - lambda.re).abs() < 1e-8 && lambda.im == 0.0));
    /// assert!(eps.krylov_schur_subcomm_pairs(4, &mut v).is_err()); // only 4 in this one
    /// let (sa, sb) = eps.krylov_schur_subcomm_mats()?;
    /// assert_eq!((sa.size()?, sb.is_none()), ((10, 10), true));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "EPSKrylovSchurGetSubcommInfo")]
    pub fn krylov_schur_subcomm_info(&self) -> Result<(Int, Int, Vector)> {
        const CTX: &str = "Eps::krylov_schur_subcomm_info";
        self.require_subcomm(CTX)?;
        // With one partition the inner solver's basis exists only once solved (SLEPc
        // would read a null one). Set-up (`require_subcomm` saw it) resets the reason to
        // "iterating", and only a solve ends it.
        if self.krylov_schur_partitions()? == 1 {
            self.require_solved(
                CTX,
                "with one partition the subinterval is known only after the solve",
            )?;
        }
        // SAFETY: live Krylov-Schur solver set up for slicing (checked).
        unsafe { self.subcomm_info_raw() }
    }

    /// `EPSKrylovSchurGetSubcommInfo` on a solver [`require_subcomm`](Self::require_subcomm)
    /// accepted.
    ///
    /// # Safety
    /// `require_subcomm` passed on this solver.
    unsafe fn subcomm_info_raw(&self) -> Result<(Int, Int, Vector)> {
        let (mut k, mut n): (Int, Int) = (0, 0);
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live Krylov-Schur solver set up for slicing (caller); SLEPc creates
        // the vector, which the caller owns (SLEPc's manual: destroyed by the user).
        check(unsafe { sys::EPSKrylovSchurGetSubcommInfo(self.ptr, &mut k, &mut n, &mut v) })?;
        let v = crate::bv::adopt_vec(&self.slepc, v)?;
        Ok((k, n, v))
    }

    /// Eigenpair `i` (from 0, below the count `n` of
    /// [`krylov_schur_subcomm_info`](Self::krylov_schur_subcomm_info)) of this rank's
    /// subinterval in spectrum slicing (`EPSKrylovSchurGetSubcommPairs`): writes the
    /// eigenvector into `v`, a vector of the subcommunicator's layout (as the one
    /// `krylov_schur_subcomm_info` returns), and returns the eigenvalue. The solver must
    /// be solved for spectrum slicing (an `Err` otherwise); an index out of range or a vector of another
    /// layout is an `Err` on every rank of the subcommunicator. Collective on the
    /// subcommunicator.
    #[doc(alias = "EPSKrylovSchurGetSubcommPairs")]
    pub fn krylov_schur_subcomm_pairs(&self, i: Int, v: &mut Vector) -> Result<Scalar> {
        const CTX: &str = "Eps::krylov_schur_subcomm_pairs";
        self.require_subcomm(CTX)?;
        self.require_solved(CTX, "the subintervals' eigenpairs exist after the solve")?;
        // SAFETY: `require_subcomm` passed.
        let (_, n, reference) = unsafe { self.subcomm_info_raw() }?;
        let layout = (reference.size()?, reference.local_size()?);
        let local = checks::index(CTX, "subcommunicator eigenpair", i, n)
            .and_then(|()| checks::sizes(CTX, "v", &[&*v], layout, Wanted::Own))
            .and_then(|()| checks::access(CTX, &[], &[&*v]));
        // Every rank of the subcommunicator (the reference vector's) agrees.
        let _writes = checks::agree(&reference, CTX, local)?;
        let mut eig = Scalar::default();
        // SAFETY: live solver set up for slicing (SLEPc checks it is solved); index in
        // range and `v` of the subcommunicator's layout, checked on every rank of it.
        check(unsafe { sys::EPSKrylovSchurGetSubcommPairs(self.ptr, i, &mut eig, v.as_raw()) })?;
        Ok(eig)
    }

    /// The operators `(A, B)` as distributed on this rank's subcommunicator in spectrum
    /// slicing (`EPSKrylovSchurGetSubcommMats`), handles holding their own references;
    /// `B` is `None` for a standard problem. With one partition they are the operators
    /// themselves. SLEPc's manual asks not to modify them (see
    /// [`update_krylov_schur_subcomm_mats_to`](Self::update_krylov_schur_subcomm_mats_to)).
    /// The solver type must be `krylovschur`, set up for spectrum slicing.
    #[doc(alias = "EPSKrylovSchurGetSubcommMats")]
    pub fn krylov_schur_subcomm_mats(&self) -> Result<(Mat, Option<Mat>)> {
        self.require_subcomm("Eps::krylov_schur_subcomm_mats")?;
        let (mut a, mut b): (sys::Mat, sys::Mat) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live Krylov-Schur solver set up for slicing (so its inner solver has
        // operators); SLEPc returns borrowed matrices.
        check(unsafe { sys::EPSKrylovSchurGetSubcommMats(self.ptr, &mut a, &mut b) })?;
        if a.is_null() {
            return Err(Error::invalid(
                "Eps::krylov_schur_subcomm_mats",
                "SLEPc returned no matrix",
            ));
        }
        // SAFETY: live matrices of the inner solver (`b` may be null); each handle takes
        // a reference.
        unsafe { crate::family::operator_pair(self.slepc.petsc(), a, b) }
    }

    /// Updates the operators on the subcommunicators of spectrum slicing
    /// (`EPSKrylovSchurUpdateSubcommMats`), as [`EpsSubcommMatsUpdate`] names them:
    /// `A <- a_scale A + au_scale Au` and `B <- b_scale B + bu_scale Bu` (`Au`, `Bu`
    /// optional, of the subcommunicator's layout as the matrices of
    /// [`krylov_schur_subcomm_mats`](Self::krylov_schur_subcomm_mats), equal on every
    /// subcommunicator; `structure` their pattern relative to `A`, `B`), and with
    /// `global_update` the operators on the solver's communicator too (otherwise they go
    /// out of sync, and [`compute_error`](Self::compute_error) is wrong until an update
    /// with `global_update`). With one partition the subcommunicator matrices are the
    /// operators: they are changed in place. The next solve uses the new matrices. The
    /// solver type must be `krylovschur`, set up for spectrum slicing; `Bu` needs a
    /// generalized problem, and matrices of another layout are refused (on every rank).
    /// Collective.
    ///
    /// ```
    /// use petsc::{InsertMode, KspType, Mat, MatStructure, PcType, Scalar, Sizes};
    /// use slepc::{EpsProblemType, EpsSubcommMatsUpdate, EpsType, EpsWhich, StType};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(10, 10)).preallocate(1, 0).build()?;
    /// for i in 0..10 {
    ///     a.set_values(&[i], &[i], &[Scalar::from((i + 1) as f64)], InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let mut eps = slepc::Eps::new(&c)?;
    /// eps.set_operators(&a, None)?;
    /// eps.set_problem_type(EpsProblemType::Hep)?;
    /// eps.set_type(EpsType::KrylovSchur)?;
    /// eps.set_which_eigenpairs(EpsWhich::All)?;
    /// eps.set_interval(2.5, 6.5)?;
    /// eps.st()?.set_type(StType::Sinvert)?;
    /// let mut ksp = eps.krylov_schur_ksp()?;
    /// ksp.set_type(KspType::Preonly)?;
    /// ksp.pc()?.set_type(PcType::Cholesky)?;
    /// eps.solve()?.check()?;
    /// // A <- 2 A: eigenvalues 2, 4, ..., 20, of which 4 and 6 in the interval.
    /// let (sa, _) = eps.krylov_schur_subcomm_mats()?;
    /// let double = EpsSubcommMatsUpdate {
    ///     a_scale: Scalar::from(2.0),
    ///     structure: MatStructure::Same,
    ///     global_update: true,
    ///     ..Default::default()
    /// };
    /// eps.update_krylov_schur_subcomm_mats_to(double)?;
    /// assert_eq!(a.values(&[9], &[9])?, vec![Scalar::from(20.0)]); // one partition: in place
    /// eps.solve()?.check()?;
    /// assert_eq!(eps.converged_count()?, 2);
    /// let no_b = EpsSubcommMatsUpdate { bu: Some(&sa), bu_scale: Scalar::from(1.0), ..double };
    /// assert!(eps.update_krylov_schur_subcomm_mats_to(no_b).is_err()); // no B
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "EPSKrylovSchurUpdateSubcommMats")]
    pub fn update_krylov_schur_subcomm_mats_to(
        &mut self,
        update: EpsSubcommMatsUpdate<'_>,
    ) -> Result<()> {
        let EpsSubcommMatsUpdate {
            a_scale,
            au_scale,
            au,
            b_scale,
            bu_scale,
            bu,
            structure,
            global_update,
        } = update;
        if let Some(m) = au {
            m.check_loan("Eps::update_krylov_schur_subcomm_mats_to")?;
        }
        if let Some(m) = bu {
            m.check_loan("Eps::update_krylov_schur_subcomm_mats_to")?;
        }
        const CTX: &str = "Eps::update_krylov_schur_subcomm_mats_to";
        self.require_subcomm(CTX)?;
        let (sa, sb) = self.krylov_schur_subcomm_mats()?;
        let fits = |name: &str, m: Option<&Mat>, to: Option<&Mat>| -> Result<()> {
            let Some(m) = m else { return Ok(()) };
            let Some(to) = to else {
                return Err(Error::invalid(
                    CTX,
                    format!("{name} given but the problem has no B (a standard problem)"),
                ));
            };
            let (g, l) = (m.size()?, m.local_size()?);
            let (g0, l0) = (to.size()?, to.local_size()?);
            if (g, l) != (g0, l0) {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "{name} is {} x {} ({} x {} on this rank) but the subcommunicator \
                         matrices are {} x {} ({} x {})",
                        g.0, g.1, l.0, l.1, g0.0, g0.1, l0.0, l0.1
                    ),
                ));
            }
            Ok(())
        };
        let local = fits("Au", au, Some(&sa)).and_then(|()| fits("Bu", bu, sb.as_ref()));
        checks::agree(&*self, CTX, local)?;
        drop((sa, sb));
        let raw = |m: Option<&Mat>| m.map_or(std::ptr::null_mut(), Mat::as_raw);
        // SAFETY: live Krylov-Schur solver set up for slicing; `Au` and `Bu` live (or
        // null) and of the subcommunicator matrices' layout, `Bu` only with a `B`
        // (checked on every rank). Scalars cross by value.
        check(unsafe {
            sys::EPSKrylovSchurUpdateSubcommMats(
                self.ptr,
                a_scale,
                au_scale,
                raw(au),
                b_scale,
                bu_scale,
                raw(bu),
                structure.raw(),
                petsc_bool(global_update),
            )
        })
    }

    /// The positional form of
    /// [`update_krylov_schur_subcomm_mats_to`](Self::update_krylov_schur_subcomm_mats_to):
    /// `A <- s A + a Au`, `B <- t B + b Bu`.
    #[deprecated(
        since = "0.2.0",
        note = "use `update_krylov_schur_subcomm_mats_to(EpsSubcommMatsUpdate { a_scale, au_scale, au, .. })` (eight positional arguments by name)"
    )]
    #[doc(alias = "EPSKrylovSchurUpdateSubcommMats")]
    #[allow(clippy::too_many_arguments)]
    pub fn update_krylov_schur_subcomm_mats(
        &mut self,
        s: impl Into<Scalar>,
        a: impl Into<Scalar>,
        au: Option<&Mat>,
        t: impl Into<Scalar>,
        b: impl Into<Scalar>,
        bu: Option<&Mat>,
        structure: MatStructure,
        global_update: bool,
    ) -> Result<()> {
        self.update_krylov_schur_subcomm_mats_to(EpsSubcommMatsUpdate {
            a_scale: s.into(),
            au_scale: a.into(),
            au,
            b_scale: t.into(),
            bu_scale: b.into(),
            bu,
            structure,
            global_update,
        })
    }
}

/// An update of the operators on the subcommunicators of spectrum slicing
/// ([`Eps::update_krylov_schur_subcomm_mats_to`]; SLEPc's
/// `EPSKrylovSchurUpdateSubcommMats`): `A <- a_scale A + au_scale Au` and
/// `B <- b_scale B + bu_scale Bu`, `structure` the pattern of `Au`, `Bu` relative to
/// `A`, `B`, and `global_update` whether the operators on the solver's communicator
/// are updated too. The default changes nothing: scales 1 and 0, no `Au`, `Bu`,
/// `MatStructure::Different`, no global update.
///
/// ```
/// use petsc::Scalar;
/// let u = slepc::EpsSubcommMatsUpdate { a_scale: Scalar::from(2.0), ..Default::default() };
/// assert_eq!(u.b_scale, Scalar::from(1.0));
/// assert!(u.au.is_none() && !u.global_update);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct EpsSubcommMatsUpdate<'a> {
    /// The factor of `A` (`s` in SLEPc).
    pub a_scale: Scalar,
    /// The factor of `Au` (`a` in SLEPc).
    pub au_scale: Scalar,
    /// The matrix added to `A`, of the subcommunicator matrices' layout.
    pub au: Option<&'a Mat>,
    /// The factor of `B` (`t` in SLEPc).
    pub b_scale: Scalar,
    /// The factor of `Bu` (`b` in SLEPc).
    pub bu_scale: Scalar,
    /// The matrix added to `B` (a generalized problem only).
    pub bu: Option<&'a Mat>,
    /// The nonzero pattern of `Au`, `Bu` relative to `A`, `B`.
    pub structure: MatStructure,
    /// Whether the operators on the solver's communicator are updated too.
    pub global_update: bool,
}

impl Default for EpsSubcommMatsUpdate<'_> {
    fn default() -> Self {
        EpsSubcommMatsUpdate {
            a_scale: Scalar::from(1.0),
            au_scale: Scalar::from(0.0),
            au: None,
            b_scale: Scalar::from(1.0),
            bu_scale: Scalar::from(0.0),
            bu: None,
            structure: MatStructure::Different,
            global_update: false,
        }
    }
}
