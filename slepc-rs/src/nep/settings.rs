//! The problem in split form, and the settings every solver type shares beyond the
//! basic ones: the preconditioner in split form, refinement, the convergence and
//! stopping tests, residual tracking, two-sided solves, the initial space.

use crate::declare::declare;
use petsc::{Error, Int, Ksp, Mat, MatStructure, Object, Real, Result, Vector};
use slepc_sys as sys;

use super::{Form, Nep};
use crate::absent::{default_int, default_real, unless_undetermined_int, unless_undetermined_real};
use crate::checks;
use crate::error::check;
use crate::fn_::MathFn;
use crate::st::{structure_from_raw, structure_raw};

declare! { @enum conv
/// The convergence test of the solver (`NEPConv`); for [`NepConv::Norm`] the matrices
/// are those of the split form.
NepConv: NEPConv = NEP_CONV_ABS, NEP_CONV_REL, NEP_CONV_NORM;
    /// `NEP_CONV_USER`: a closure set with [`Nep::set_convergence_test_function`].
    User = NEP_CONV_USER,
}

declare! { @enum stop
/// The stopping test of the solver (`NEPStop`).
NepStop: NEPStop = NEP_STOP_BASIC;
    /// `NEP_STOP_USER`: a closure set with [`Nep::set_stopping_test_function`].
    User = NEP_STOP_USER,
}

declare! { @enum refine
/// Newton refinement of the computed eigenpairs (`NEPRefine`).
NepRefine: NEPRefine = NEP_REFINE_NONE, NEP_REFINE_SIMPLE, NEP_REFINE_MULTIPLE
}

declare! { @enum refine_scheme
/// How refinement solves its linear systems (`NEPRefineScheme`).
NepRefineScheme: NEPRefineScheme =
    NEP_REFINE_SCHEME_SCHUR, NEP_REFINE_SCHEME_MBE, NEP_REFINE_SCHEME_EXPLICIT
}

/// The refinement settings of a solver ([`Nep::set_refinement`] and
/// [`Nep::refinement`], which round-trip), as [`PepRefinement`](crate::PepRefinement)
/// is PEP's.
///
/// ```
/// use slepc::{NepRefine, NepRefinement};
/// let r = NepRefinement { kind: NepRefine::Simple, its: Some(3), ..Default::default() };
/// assert_eq!((r.npart, r.tol, r.scheme), (1, None, None));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NepRefinement {
    /// The kind of refinement.
    pub kind: NepRefine,
    /// The number of partitions of the communicator for the refinement's solves (at
    /// least 1, at most the number of ranks).
    pub npart: Int,
    /// The tolerance of the refinement (`None` until set or chosen at set-up).
    pub tol: Option<Real>,
    /// The number of refinement iterations, at least 1 (`None` until set or chosen at
    /// set-up).
    pub its: Option<Int>,
    /// The scheme of the linear solves (`None` until set or chosen at set-up).
    pub scheme: Option<NepRefineScheme>,
}

impl Default for NepRefinement {
    /// No refinement, one partition, the rest chosen at set-up.
    fn default() -> Self {
        NepRefinement {
            kind: NepRefine::None,
            npart: 1,
            tol: None,
            its: None,
            scheme: None,
        }
    }
}

fn count(ctx: &str, n: usize) -> Result<Int> {
    Int::try_from(n).map_err(|_| Error::out_of_range(ctx, "too many terms"))
}

impl Nep {
    /// Gives the problem in split form, `T(lambda) = sum_i A_i f_i(lambda)`
    /// (`NEPSetSplitOperator`): one matrix and one function per term, at least one term.
    /// `structure` tells how the matrices' nonzero patterns relate to the first one's
    /// (put the matrix with the largest pattern first and use
    /// [`MatStructure::Subset`]). The solver keeps references to the matrices and
    /// functions, so they may be dropped. The lists must have the same length, and the
    /// matrices be square and of one size (globally and on each rank); otherwise the
    /// error says which. Replaces a problem given before (by closures too).
    ///
    /// See [`Nep`] for an example.
    #[doc(alias = "NEPSetSplitOperator")]
    pub fn set_split_operator(
        &mut self,
        mats: &[&Mat],
        fns: &[&MathFn],
        structure: MatStructure,
    ) -> Result<()> {
        petsc::ffi::refuse_lent("Nep::set_split_operator", mats.iter().copied())?;
        const CTX: &str = "Nep::set_split_operator";
        checks::same_count(self, CTX, "matrices", mats.len())?;
        if mats.len() != fns.len() {
            return Err(Error::size_mismatch(
                CTX,
                format!(
                    "{} matrices but {} functions: each term needs one of each",
                    mats.len(),
                    fns.len()
                ),
            ));
        }
        if mats.is_empty() {
            return Err(Error::invalid(
                CTX,
                "no terms: give at least one matrix and function",
            ));
        }
        checks::agreed_square_list(self, CTX, "matrix", mats)?;
        for (k, f) in fns.iter().enumerate() {
            if f.ty()?.is_none() {
                return Err(Error::invalid(
                    CTX,
                    format!("function {k} has no type: call MathFn::set_type first"),
                ));
            }
        }
        let n = count(CTX, mats.len())?;
        let mut m: Vec<sys::Mat> = mats.iter().map(|m| m.as_raw()).collect();
        let mut f: Vec<sys::FN> = fns.iter().map(|f| f.as_raw()).collect();
        // SAFETY: live solver, matrices and functions (`n` of each); SLEPc references
        // each one.
        check(unsafe {
            sys::NEPSetSplitOperator(
                self.ptr,
                n,
                m.as_mut_ptr(),
                f.as_mut_ptr(),
                structure_raw(structure),
            )
        })
    }

    fn require_split(&self, ctx: &str) -> Result<()> {
        if self.form()? != Some(Form::Split) {
            return Err(Error::invalid(
                ctx,
                "the problem is not in split form: call set_split_operator first",
            ));
        }
        Ok(())
    }

    /// The number of terms of the split form and the structure flag
    /// (`NEPGetSplitOperatorInfo`). An `Err` unless the problem is in split form.
    #[doc(alias = "NEPGetSplitOperatorInfo")]
    pub fn split_operator_info(&self) -> Result<(Int, MatStructure)> {
        self.require_split("Nep::split_operator_info")?;
        let mut n: Int = 0;
        let mut s = sys::MatStructure::DIFFERENT_NONZERO_PATTERN;
        // SAFETY: live solver in split form; two outputs.
        check(unsafe { sys::NEPGetSplitOperatorInfo(self.ptr, &mut n, &mut s) })?;
        Ok((n, structure_from_raw(s)))
    }

    /// Term `i` of the split form: its matrix and function (`NEPGetSplitOperatorTerm`),
    /// each handle with its own reference. An `Err` unless the problem is in split form
    /// and `i` is below the number of terms.
    ///
    /// ```
    /// use petsc::{Mat, MatStructure, Sizes};
    /// use slepc::{MathFn, FnType, Nep};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(3, 3)).preallocate(1, 0).build()?;
    /// a.assemble()?;
    /// let mut f = MathFn::new(&c)?;
    /// f.set_type(FnType::Exp)?;
    /// let mut nep = Nep::new(&c)?;
    /// nep.set_split_operator(&[&a], &[&f], MatStructure::Same)?;
    /// drop((a, f));
    /// assert_eq!(nep.split_operator_info()?, (1, MatStructure::Same));
    /// let (a, f) = nep.split_operator_term(0)?;
    /// assert_eq!((a.size()?, f.ty()?), ((3, 3), Some(FnType::Exp)));
    /// assert!(nep.split_operator_term(1).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "NEPGetSplitOperatorTerm")]
    pub fn split_operator_term(&self, i: Int) -> Result<(Mat, MathFn)> {
        const CTX: &str = "Nep::split_operator_term";
        let (n, _) = self.split_operator_info()?;
        if i < 0 || i >= n {
            return Err(Error::out_of_range(
                CTX,
                format!("term {i} requested but the split form has {n} terms"),
            ));
        }
        let mut a: sys::Mat = std::ptr::null_mut();
        let mut f: sys::FN = std::ptr::null_mut();
        // SAFETY: live solver in split form, index checked; SLEPc lends the term.
        check(unsafe { sys::NEPGetSplitOperatorTerm(self.ptr, i, &mut a, &mut f) })?;
        // SAFETY: live matrix held by the solver; the handle takes a reference.
        let a = unsafe { Mat::from_raw_borrowed(self.slepc.petsc(), a) }?;
        // SAFETY: live function held by the solver; the handle takes a reference to it
        // and one to the solver.
        let f = unsafe { MathFn::from_raw_child(&self.slepc, f, self.ptr as sys::PetscObject) }?;
        Ok((a, f))
    }

    /// Every term of the split form and the structure flag, as
    /// [`split_operator_term`](Self::split_operator_term) gives them one by one.
    #[doc(alias = "NEPGetSplitOperatorTerm")]
    pub fn split_operator(&self) -> Result<(Vec<(Mat, MathFn)>, MatStructure)> {
        let (n, s) = self.split_operator_info()?;
        let terms = (0..n)
            .map(|i| self.split_operator_term(i))
            .collect::<Result<Vec<_>>>()?;
        Ok((terms, s))
    }

    /// Matrices in split form to build the preconditioner of the inner linear solves
    /// from, `P(lambda) = sum_i P_i f_i(lambda)` with the functions of the split form
    /// (`NEPSetSplitPreconditioner`): one matrix per term, of the problem's size. An
    /// empty list removes it. An `Err` unless the problem is in split form.
    #[doc(alias = "NEPSetSplitPreconditioner")]
    pub fn set_split_preconditioner(
        &mut self,
        mats: &[&Mat],
        structure: MatStructure,
    ) -> Result<()> {
        petsc::ffi::refuse_lent("Nep::set_split_preconditioner", mats.iter().copied())?;
        const CTX: &str = "Nep::set_split_preconditioner";
        checks::same_count(self, CTX, "matrices", mats.len())?;
        let (n, _) = self.split_operator_info()?;
        if !mats.is_empty() && count(CTX, mats.len())? != n {
            return Err(Error::size_mismatch(
                CTX,
                format!(
                    "{} matrices given but the split form has {n} terms",
                    mats.len()
                ),
            ));
        }
        let problem = self.problem_mat()?;
        let fits = |m: &Mat, a: &Mat| -> Result<()> {
            let (g, l) = (m.size()?, m.local_size()?);
            let (ga, la) = (a.size()?, a.local_size()?);
            if g != ga || l != la {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "the matrices are {} x {} ({} local rows) but the problem is {} x {} \
                         ({} local rows)",
                        g.0, g.1, l.0, ga.0, ga.1, la.0
                    ),
                ));
            }
            Ok(())
        };
        // Local sizes: the ranks agree (a split that matches on some ranks only).
        let local = checks::square_list(CTX, "matrix", mats).and_then(|()| {
            match (mats.first(), problem.as_ref()) {
                (Some(m), Some(a)) => fits(m, a),
                _ => Ok(()),
            }
        });
        checks::agree(self, CTX, local)?;
        let mut m: Vec<sys::Mat> = mats.iter().map(|m| m.as_raw()).collect();
        let p = if m.is_empty() {
            std::ptr::null_mut()
        } else {
            m.as_mut_ptr()
        };
        // SAFETY: live solver in split form and `len` live matrices; SLEPc references
        // them.
        check(unsafe {
            sys::NEPSetSplitPreconditioner(
                self.ptr,
                count(CTX, mats.len())?,
                p,
                structure_raw(structure),
            )
        })
    }

    /// The preconditioner's matrices in split form and their structure flag
    /// (`NEPGetSplitPreconditionerInfo` and `NEPGetSplitPreconditionerTerm`), each handle
    /// with its own reference; empty when none was set.
    #[doc(alias = "NEPGetSplitPreconditionerTerm")]
    pub fn split_preconditioner(&self) -> Result<(Vec<Mat>, MatStructure)> {
        self.require_split("Nep::split_preconditioner")?;
        let mut n: Int = 0;
        let mut s = sys::MatStructure::DIFFERENT_NONZERO_PATTERN;
        // SAFETY: live solver in split form; two outputs.
        check(unsafe { sys::NEPGetSplitPreconditionerInfo(self.ptr, &mut n, &mut s) })?;
        let mut out = Vec::new();
        for i in 0..n {
            let mut p: sys::Mat = std::ptr::null_mut();
            // SAFETY: live solver with `n` preconditioner terms; SLEPc lends term `i`.
            check(unsafe { sys::NEPGetSplitPreconditionerTerm(self.ptr, i, &mut p) })?;
            // SAFETY: live matrix held by the solver; the handle takes a reference.
            out.push(unsafe { Mat::from_raw_borrowed(self.slepc.petsc(), p) }?);
        }
        Ok((out, structure_from_raw(s)))
    }

    /// Sets Newton refinement of the computed eigenpairs (`NEPSetRefine`) from the
    /// settings [`refinement`](Self::refinement) returns, so that
    /// `nep.set_refinement(nep.refinement()?)` changes nothing: the kind, the number of
    /// partitions of the communicator (for [`NepRefine::Multiple`] in parallel; at most
    /// the number of ranks), the tolerance and the iteration limit (`None`: chosen at
    /// set-up) and the scheme of the linear solves (`None`: chosen at set-up).
    /// [`NepRefinement::default`] is no refinement, one partition, the rest unset.
    /// Refinement needs the split form (checked at set-up).
    ///
    /// ```
    /// use slepc::{NepRefine, NepRefineScheme, NepRefinement};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut nep = slepc::Nep::new(&petsc.self_comm())?;
    /// assert_eq!(nep.refinement()?, NepRefinement::default());
    /// nep.set_refinement(NepRefinement {
    ///     kind: NepRefine::Simple,
    ///     tol: Some(1e-12),
    ///     its: Some(2),
    ///     scheme: Some(NepRefineScheme::Explicit),
    ///     ..Default::default()
    /// })?;
    /// let r = nep.refinement()?;
    /// assert_eq!((r.kind, r.npart, r.tol, r.its), (NepRefine::Simple, 1, Some(1e-12), Some(2)));
    /// assert_eq!(r.scheme, Some(NepRefineScheme::Explicit));
    /// nep.set_refinement(r)?; // the round trip changes nothing
    /// assert_eq!(nep.refinement()?, r);
    /// let two = NepRefinement { kind: NepRefine::Simple, npart: 2, ..Default::default() };
    /// assert!(nep.set_refinement(two).is_err()); // 1 rank
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "NEPSetRefine")]
    pub fn set_refinement(&mut self, refinement: NepRefinement) -> Result<()> {
        let r = refinement;
        self.apply_refine(
            "Nep::set_refinement",
            r.kind,
            r.npart,
            r.tol,
            r.its,
            r.scheme,
        )
    }

    /// Sets Newton refinement (`NEPSetRefine`) with five positional arguments.
    #[deprecated(
        since = "0.2.0",
        note = "use `set_refinement(NepRefinement { kind, npart, tol, its, scheme: Some(scheme) })` (settings by name; `refinement()` returns the same struct)"
    )]
    #[doc(alias = "NEPSetRefine")]
    pub fn set_refine(
        &mut self,
        refine: NepRefine,
        npart: Int,
        tol: Option<Real>,
        its: Option<Int>,
        scheme: NepRefineScheme,
    ) -> Result<()> {
        self.apply_refine("Nep::set_refine", refine, npart, tol, its, Some(scheme))
    }

    /// `NEPSetRefine` with its arguments checked (`None`: SLEPc's choice).
    fn apply_refine(
        &mut self,
        ctx: &str,
        kind: NepRefine,
        npart: Int,
        tol: Option<Real>,
        its: Option<Int>,
        scheme: Option<NepRefineScheme>,
    ) -> Result<()> {
        checks::npart(ctx, npart, self.comm().size())?;
        checks::tolerance(ctx, tol)?;
        if let Some(n) = its {
            if n < 1 {
                return Err(Error::invalid(
                    ctx,
                    format!("its is {n}; it must be at least 1"),
                ));
            }
        }
        let scheme = scheme.map_or(sys::NEPRefineScheme(0), NepRefineScheme::raw);
        let (tol, its) = (default_real(tol), default_int(its));
        // SAFETY: live solver.
        check(unsafe { sys::NEPSetRefine(self.ptr, kind.raw(), npart, tol, its, scheme) })
    }

    /// The refinement settings (`NEPGetRefine`), as the struct
    /// [`set_refinement`](Self::set_refinement) takes.
    #[doc(alias = "NEPGetRefine")]
    pub fn refinement(&self) -> Result<NepRefinement> {
        let (kind, npart, tol, its, scheme) = self.refine_raw()?;
        Ok(NepRefinement {
            kind,
            npart,
            tol: unless_undetermined_real(tol),
            its: unless_undetermined_int(its),
            scheme,
        })
    }

    /// The refinement settings `(kind, npart, tol, its, scheme)` (`NEPGetRefine`); the
    /// scheme is `None` until chosen at set-up.
    #[deprecated(
        since = "0.2.0",
        note = "use `refinement()` (the settings by name, the struct `set_refinement` takes)"
    )]
    #[doc(alias = "NEPGetRefine")]
    pub fn refine(&self) -> Result<(NepRefine, Int, Real, Int, Option<NepRefineScheme>)> {
        self.refine_raw()
    }

    /// `NEPGetRefine`'s five outputs, SLEPc's markers included.
    fn refine_raw(&self) -> Result<(NepRefine, Int, Real, Int, Option<NepRefineScheme>)> {
        let mut r = sys::NEPRefine(0);
        let mut s = sys::NEPRefineScheme(0);
        let (mut npart, mut tol, mut its): (Int, Real, Int) = (0, 0.0, 0);
        // SAFETY: live solver; five outputs.
        check(unsafe {
            sys::NEPGetRefine(self.ptr, &mut r, &mut npart, &mut tol, &mut its, &mut s)
        })?;
        Ok((
            NepRefine::from_raw(r, "Nep::refinement")?,
            npart,
            tol,
            its,
            NepRefineScheme::from_raw(s, "Nep::refinement").ok(),
        ))
    }

    /// The linear solver of refinement (`NEPRefineGetKSP`; its options prefix ends in
    /// `nep_refine_`), as a handle with its own reference and one to this solver.
    #[doc(alias = "NEPRefineGetKSP")]
    pub fn refine_ksp(&self) -> Result<Ksp> {
        let mut ksp: sys::KSP = std::ptr::null_mut();
        // SAFETY: live solver; the shim returns its KSP (borrowed), creating it (SLEPc
        // 3.18's NEPRefineGetKSP would read the output before writing it).
        check(unsafe { sys::slepcrs_NEPRefineGetKSP(self.ptr, &mut ksp) })?;
        // SAFETY: live KSP and solver; the handle takes a reference to each.
        unsafe { Ksp::from_raw_child(self.slepc.petsc(), ksp, self.ptr as sys::PetscObject) }
    }

    petsc::methods![for Nep;
        /// The convergence test (`NEPGetConvergenceTest`).
        pub fn convergence_test(&self) -> NepConv
            = NEPGetConvergenceTest as "NEPGetConvergenceTest";
    ];

    petsc::methods![for Nep;
        /// The kind of stopping test (`NEPGetStoppingTest`).
        pub fn stopping_test(&self) -> NepStop = NEPGetStoppingTest as "NEPGetStoppingTest";

        /// Sets whether the residual of every approximation is computed at every iteration,
        /// not only the first unconverged one's (`NEPSetTrackAll`).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut nep = slepc::Nep::new(&petsc.self_comm())?;
        /// nep.set_track_all(true)?;
        /// assert!(nep.track_all()?);
        /// nep.set_two_sided(true)?;
        /// assert!(nep.two_sided()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_track_all(&mut self, track: bool) = NEPSetTrackAll as "NEPSetTrackAll";

        /// Whether every residual is computed (`NEPGetTrackAll`).
        pub fn track_all(&self) -> bool = NEPGetTrackAll as "NEPGetTrackAll";

        /// Sets whether the solver also computes left eigenvectors, `y^* T(lambda) = 0`
        /// (`NEPSetTwoSided`; SLP, and NLEIGS with the full basis).
        pub fn set_two_sided(&mut self, two_sided: bool) = NEPSetTwoSided as "NEPSetTwoSided";

        /// Whether left eigenvectors are computed (`NEPGetTwoSided`).
        pub fn two_sided(&self) -> bool = NEPGetTwoSided as "NEPGetTwoSided";
    ];

    /// Starting vectors (`NEPSetInitialSpace`); SLEPc copies them. With the problem
    /// given, their layout must be the problem's.
    #[doc(alias = "NEPSetInitialSpace")]
    pub fn set_initial_space(&mut self, vectors: &[&Vector]) -> Result<()> {
        petsc::ffi::refuse_lent("Nep::set_initial_space", vectors.iter().copied())?;
        const CTX: &str = "Nep::set_initial_space";
        checks::same_count(self, CTX, "vectors", vectors.len())?;
        for (k, v) in vectors.iter().enumerate() {
            self.check_vec(CTX, &format!("vector {k}"), v)?;
        }
        let mut raw: Vec<sys::Vec> = vectors.iter().map(|v| v.as_raw()).collect();
        let n = count(CTX, raw.len())?;
        // SAFETY: live solver and vectors; SLEPc copies them.
        check(unsafe { sys::NEPSetInitialSpace(self.ptr, n, raw.as_mut_ptr()) })
    }

    petsc::methods![for Nep;
        /// Resets the solver (`NEPReset`): drops the problem, the bases and the type's work
        /// data; settings, type and monitors stay. Give the problem again before the next
        /// solve.
        pub fn reset(&mut self) = NEPReset as "NEPReset";
    ];
}
