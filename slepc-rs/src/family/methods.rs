//! [`solver_family!`]: the methods every solver family has with one meaning (basis,
//! region, tolerances, dimensions, which eigenpairs, target, the solve and what it found,
//! result viewers, monitors and test closures), declared once per class from its C
//! functions.

/// Methods every solver family has with one meaning, declared once per class from the
/// class's C functions. Each item is optional; the class handle has `ptr` and `slepc`.
///
/// ```ignore
/// solver_family! { Nep, nep;
///     bv = NEPGetBV, NEPSetBV;
///     rg = NEPGetRG, NEPSetRG;
///     tolerances = NEPSetTolerances, NEPGetTolerances;
///     dimensions(nev, check_nev) = NEPSetDimensions, NEPGetDimensions;
///     which(NepWhich) = NEPSetWhichEigenpairs, NEPGetWhichEigenpairs;
///     problem_type(NepProblemType) = NEPGetProblemType;
///     target = slepcrs_NEPSetTarget, NEPGetTarget;
///     views(NepErrorType) = NEPErrorView, NEPValuesView, NEPVectorsView, NEPConvergedReasonView;
/// }
/// ```
macro_rules! solver_family {
    ($T:ident; $($item:ident $(($($p:tt)*))? = $($c:ident as $cn:literal),+;)*) => {
        $( $crate::family::solver_family!(@$item $T [$($($p)*)?] $($c $cn),+); )*
    };

    (@bv $T:ident [] $get:ident $getn:literal, $set:ident $setn:literal) => {
        impl $T {
            #[doc = concat!(
                "The basis the solver builds its subspace in (`", $getn, "`), ",
                "as a handle holding its own reference: settings made through it (type, ",
                "orthogonalization) apply to the solves. Its options prefix is the ",
                "solver's (none by default, so `-bv_type` applies).\n\n",
                "```\nuse slepc::{BvOrthogType, BvType};\n",
                "let petsc = petsc::Petsc::init()?;\n",
                "let solver = slepc::", stringify!($T), "::new(&petsc.self_comm())?;\n",
                "let mut bv = solver.bv()?;\n",
                "bv.set_type(BvType::Vecs)?;\n",
                "let mut o = bv.orthogonalization()?;\n",
                "o.ty = BvOrthogType::Mgs;\n",
                "bv.set_orthogonalization(o)?;\n",
                "drop(bv);\n",
                "let bv = solver.bv()?;\n",
                "assert_eq!(bv.ty()?, Some(BvType::Vecs));\n",
                "assert_eq!(bv.orthogonalization()?.ty, BvOrthogType::Mgs);\n",
                "# Ok::<(), petsc::Error>(())\n```"
            )]
            #[doc(alias = $getn)]
            pub fn bv(&self) -> petsc::Result<$crate::Bv> {
                let mut bv: slepc_sys::BV = std::ptr::null_mut();
                // SAFETY: live solver; SLEPc returns its BV (creating it if needed), borrowed.
                $crate::error::check(unsafe { slepc_sys::$get(self.ptr, &mut bv) })?;
                // SAFETY: the solver's live BV; the handle takes a reference to it.
                unsafe { $crate::Bv::from_raw_borrowed(&self.slepc, bv) }
            }

            #[doc = concat!(
                "Uses `bv` as the solver's basis (`", $setn, "`); the solver ",
                "keeps its own reference and sizes it at set-up (give it a type, not sizes)."
            )]
            #[doc(alias = $setn)]
            pub fn set_bv(&mut self, bv: &$crate::Bv) -> petsc::Result<()> {
                // SAFETY: live objects; SLEPc references the BV and releases its previous one.
                $crate::error::check(unsafe { slepc_sys::$set(self.ptr, bv.as_raw()) })
            }
        }
    };

    (@rg $T:ident [] $get:ident $getn:literal, $set:ident $setn:literal) => {
        impl $T {
            #[doc = concat!(
                "The region the wanted eigenvalues lie in (`", $getn, "`), as a ",
                "handle holding its own reference: what is set through it applies to the ",
                "solves. Its options prefix is the solver's (none by default, so ",
                "`-rg_type` applies).\n\n",
                "```\nuse slepc::RgType;\n",
                "let petsc = petsc::Petsc::init()?;\n",
                "let solver = slepc::", stringify!($T), "::new(&petsc.self_comm())?;\n",
                "let mut rg = solver.rg()?;\n",
                "rg.set_type(RgType::Interval)?;\n",
                "rg.set_interval_to(slepc::RgInterval::real(0.5, 1.5))?;\n",
                "drop(rg);\n",
                "assert_eq!(solver.rg()?.interval_endpoints()?, (0.5, 1.5, 0.0, 0.0));\n",
                "# Ok::<(), petsc::Error>(())\n```"
            )]
            #[doc(alias = $getn)]
            pub fn rg(&self) -> petsc::Result<$crate::Rg> {
                let mut rg: slepc_sys::RG = std::ptr::null_mut();
                // SAFETY: live solver; SLEPc returns its RG (creating it if needed), borrowed.
                $crate::error::check(unsafe { slepc_sys::$get(self.ptr, &mut rg) })?;
                // SAFETY: the solver's live RG; the handle takes a reference to it.
                unsafe { $crate::Rg::from_raw_borrowed(&self.slepc, rg) }
            }

            #[doc = concat!(
                "Uses `rg` as the region of the wanted eigenvalues (`", $setn,
                "`); the solver keeps its own reference. Eigenvalues outside it are ",
                "discarded."
            )]
            #[doc(alias = $setn)]
            pub fn set_rg(&mut self, rg: &$crate::Rg) -> petsc::Result<()> {
                // SAFETY: live objects; SLEPc references the RG and releases its previous one.
                $crate::error::check(unsafe { slepc_sys::$set(self.ptr, rg.as_raw()) })
            }
        }
    };

    (@tolerances $T:ident [] $set:ident $setn:literal, $get:ident $getn:literal) => {
        impl $T {
            #[doc = concat!(
                "Sets the convergence tolerance and the iteration limit (`", $setn, "`), ",
                "by name; a field left `None` keeps the current value (SLEPc itself would ",
                "reset it to its default). `tol` must be positive and finite and `max_it` ",
                "at least 1 (SLEPc reads -1 and -2 as \"default\" and stores a NaN ",
                "tolerance).\n\n",
                "```\nuse slepc::Tolerances;\n",
                "let petsc = petsc::Petsc::init()?;\n",
                "let mut solver = slepc::", stringify!($T), "::new(&petsc.self_comm())?;\n",
                "assert_eq!(solver.tolerances()?, Tolerances::default());\n",
                "solver.set_tolerances(Tolerances { tol: Some(1e-9), max_it: Some(200) })?;\n",
                "solver.set_tolerances(Tolerances { max_it: Some(300), ..Default::default() })?;\n",
                "assert_eq!(solver.tolerances()?, Tolerances { tol: Some(1e-9), max_it: Some(300) });\n",
                "let nan = Tolerances { tol: Some(f64::NAN), ..Default::default() };\n",
                "assert!(solver.set_tolerances(nan).is_err());\n",
                "let none = Tolerances { max_it: Some(0), ..Default::default() };\n",
                "assert!(solver.set_tolerances(none).unwrap_err().to_string().contains(\"max_it\"));\n",
                "# Ok::<(), petsc::Error>(())\n```"
            )]
            #[doc(alias = $setn)]
            pub fn set_tolerances(&mut self, t: $crate::Tolerances) -> petsc::Result<()> {
                const CTX: &str = concat!(stringify!($T), "::set_tolerances");
                if let Some(v) = t.tol.filter(|v| !(v.is_finite() && *v > 0.0)) {
                    return Err(petsc::Error::invalid(
                        CTX,
                        format!("tol is {v}; it must be positive and finite"),
                    ));
                }
                if let Some(n) = t.max_it.filter(|n| *n < 1) {
                    return Err(petsc::Error::invalid(
                        CTX,
                        format!("max_it is {n}; it must be at least 1"),
                    ));
                }
                // SLEPc reads PETSC_DEFAULT as "back to the default", not "keep": the
                // value left alone is passed back as it is (a default marker, before
                // set-up).
                let (t0, m0) = self.tolerances_raw()?;
                self.set_tolerances_raw(t.tol.unwrap_or(t0), t.max_it.unwrap_or(m0))
            }

            #[doc = concat!(
                "The convergence tolerance and the iteration limit (`", $getn, "`); a ",
                "value SLEPc has not chosen yet (before set-up, when it was never set) ",
                "is `None`."
            )]
            #[doc(alias = $getn)]
            pub fn tolerances(&self) -> petsc::Result<$crate::Tolerances> {
                let (tol, max_it) = self.tolerances_raw()?;
                // SLEPc's "default" markers are negative (-2 up to 3.21, -1 from 3.22).
                Ok($crate::Tolerances {
                    tol: Some(tol).filter(|v| *v > 0.0),
                    max_it: Some(max_it).filter(|n| *n > 0),
                })
            }

            petsc::methods![for $T;
                /// Sets both values (the call of `set_tolerances`, which checks them).
                fn set_tolerances_raw(&mut self, tol: petsc::Real, max_it: petsc::Int)
                    = $set as $setn;
                /// Both values as SLEPc holds them, default markers included.
                fn tolerances_raw(&self) -> (tol: petsc::Real, max_it: petsc::Int)
                    = $get as $getn;
            ];
        }
    };
    (@views $T:ident [$E:ty] $ev:ident $evn:literal, $vv:ident $vvn:literal,
        $vecv:ident $vecvn:literal, $crv:ident $crvn:literal) => {
        impl $T {
            #[doc = concat!("Prints the error of each computed solution, of kind `ty`, to `viewer` (`", $evn, "`).")]
            #[doc(alias = $evn)]
            pub fn error_view(&self, ty: $E, viewer: &petsc::Viewer) -> petsc::Result<()> {
                // SAFETY: live solver and viewer.
                $crate::error::check(unsafe { slepc_sys::$ev(self.ptr, ty.raw(), viewer.as_raw()) })
            }

            #[doc = concat!("Prints the computed values to `viewer` (`", $vvn, "`).")]
            #[doc(alias = $vvn)]
            pub fn values_view(&self, viewer: &petsc::Viewer) -> petsc::Result<()> {
                // SAFETY: live solver and viewer.
                $crate::error::check(unsafe { slepc_sys::$vv(self.ptr, viewer.as_raw()) })
            }

            #[doc = concat!("Writes the computed vectors to `viewer` (`", $vecvn, "`).")]
            #[doc(alias = $vecvn)]
            pub fn vectors_view(&self, viewer: &petsc::Viewer) -> petsc::Result<()> {
                // SAFETY: live solver and viewer.
                $crate::error::check(unsafe { slepc_sys::$vecv(self.ptr, viewer.as_raw()) })
            }

            #[doc = concat!("Prints why the last solve stopped to `viewer` (`", $crvn, "`).")]
            #[doc(alias = $crvn)]
            pub fn converged_reason_view(&self, viewer: &petsc::Viewer) -> petsc::Result<()> {
                // SAFETY: live solver and viewer.
                $crate::error::check(unsafe { slepc_sys::$crv(self.ptr, viewer.as_raw()) })
            }
        }
    };

    // The solve: refused before the problem is complete (the class's `check_ready`),
    // then run by `stoppable::solve_with` through the set-up steps `$step` and the
    // stoppable solve `$solve`, with the class's `recover` after an error; `$before`
    // runs first (it forgets the failed closures of an earlier solve). `$m` are the
    // family's docs, `$R` its converged reason, which the solve returns.
    (@solve $T:ident [$R:ident; $(before = $before:path;)? $(#[$m:meta])*] $solve:ident $solven:literal
        $(, $step:ident $stepn:literal)+) => {
        impl $T {
            $(#[$m])*
            ///
            /// Returns why the solve stopped (as `converged_reason` does afterwards), which
            /// is `#[must_use]`: `.check()?` turns a diverged one (`DIVERGED_ITS`, ...) into
            /// [`petsc::Error::NotConverged`].
            #[doc(alias = $solven)]
            pub fn solve(&mut self) -> petsc::Result<$crate::$R> {
                self.check_ready(concat!(stringify!($T), "::solve"))?;
                $($before();)?
                // A closure failing from here on stops the solver (see `stoppable`).
                // SAFETY: live solver, ready to solve; the steps are its set-up.
                unsafe {
                    $crate::stoppable::solve_with(
                        self.ptr,
                        &[$(slepc_sys::$step),+],
                        slepc_sys::$solve,
                        || self.recover(),
                    )
                }?;
                self.converged_reason()
            }
        }
    };

    // What a solve found: how many solutions (`$what`s) converged, the check of the
    // index the getters take, the iterations and why the solve stopped (`$R`).
    (@converged $T:ident [$R:ident, $what:literal, $n:literal] $conv:ident $convn:literal,
        $its:ident $itsn:literal, $reason:ident $reasonn:literal) => {
        impl $T {
            petsc::methods![for $T;
                #[doc = concat!(
                    "The number of converged ", $what, "s (`", $convn, "`); may exceed `", $n,
                    "`."
                )]
                pub fn converged_count(&self) -> petsc::Int = $conv as $convn;

                #[doc = concat!(
                    "The number of iterations (of a restarted solver, restarts) of the last ",
                    "solve (`", $itsn, "`)."
                )]
                pub fn iteration_number(&self) -> petsc::Int = $its as $itsn;

                #[doc = concat!("Why the last solve stopped (`", $reasonn, "`).")]
                pub fn converged_reason(&self) -> $crate::$R = $reason as $reasonn;
            ];

            /// Refuses, in `ctx`, an index that is not of a converged solution.
            fn check_index(&self, ctx: &str, i: petsc::Int) -> petsc::Result<()> {
                $crate::checks::index(ctx, $what, i, self.converged_count()?)
            }
        }
    };

    // Eigenpair `i` (EPS, PEP): the eigenvector into `xr` and `xi`, whose sizes the
    // class's `check_vec` checks; `$of` is what to make them from.
    (@eigenpair $T:ident [$of:literal] $get:ident $getn:literal) => {
        impl $T {
            #[doc = concat!(
                "Eigenpair `i`: writes the eigenvector into `xr` (and, for a complex ",
                "eigenvalue of a real build, its imaginary part into `xi`; zero otherwise) ",
                "and returns the eigenvalue (`", $getn, "`), a complex number in every ",
                "build. Create the vectors with ",
                "[`Mat::create_vecs`](petsc::Mat::create_vecs) of ", $of,
                "; their sizes are checked here."
            )]
            #[doc(alias = $getn)]
            pub fn pair(
                &self,
                i: petsc::Int,
                xr: &mut petsc::Vector,
                xi: &mut petsc::Vector,
            ) -> petsc::Result<petsc::Complex<petsc::Real>> {
                const CTX: &str = concat!(stringify!($T), "::pair");
                self.check_index(CTX, i)?;
                self.check_vec(CTX, "xr", xr)?;
                self.check_vec(CTX, "xi", xi)?;
                let _writes = $crate::checks::agree(
                    self,
                    CTX,
                    $crate::checks::access(CTX, &[], &[&*xr, &*xi]),
                )?;
                let (mut kr, mut ki) = (petsc::Scalar::default(), petsc::Scalar::default());
                // SAFETY: live solver and vectors (distinct, registered as written), index
                // checked.
                $crate::error::check(unsafe {
                    slepc_sys::$get(self.ptr, i, &mut kr, &mut ki, xr.as_raw(), xi.as_raw())
                })?;
                Ok($crate::family::complex(kr, ki))
            }

            #[doc = concat!("Eigenpair `i` with the eigenvalue as `(re, im)` (`", $getn, "`).")]
            #[deprecated(
                since = "0.2.0",
                note = "use `pair` (the eigenvalue as `Complex<Real>`, as `petsc::Complex` is)"
            )]
            pub fn eigenpair(
                &self,
                i: petsc::Int,
                xr: &mut petsc::Vector,
                xi: &mut petsc::Vector,
            ) -> petsc::Result<(petsc::Real, petsc::Real)> {
                self.pair(i, xr, xi).map(|v| (v.re, v.im))
            }
        }
    };

    // The solver's own error estimate of a converged solution.
    (@error_estimate $T:ident [] $get:ident $getn:literal) => {
        impl $T {
            #[doc = concat!("The solver's error estimate for solution `i` (`", $getn, "`).")]
            #[doc(alias = $getn)]
            pub fn error_estimate(&self, i: petsc::Int) -> petsc::Result<petsc::Real> {
                self.check_index(concat!(stringify!($T), "::error_estimate"), i)?;
                let mut e: petsc::Real = 0.0;
                // SAFETY: live solver, index checked; one output.
                $crate::error::check(unsafe { slepc_sys::$get(self.ptr, i, &mut e) })?;
                Ok(e)
            }
        }
    };

    // The error of a converged solution (a `$what`) from its residual, measured as an
    // `$E` says.
    (@compute_error $T:ident [$E:ident, $what:literal] $get:ident $getn:literal) => {
        impl $T {
            #[doc = concat!(
                "Computes the error of ", $what, " `i` from its residual, measured as `ty` ",
                "says (`", $getn, "`); see [`", stringify!($E), "`](crate::", stringify!($E),
                ")."
            )]
            #[doc(alias = $getn)]
            pub fn compute_error(&self, i: petsc::Int, ty: $crate::$E) -> petsc::Result<petsc::Real> {
                self.check_index(concat!(stringify!($T), "::compute_error"), i)?;
                let mut e: petsc::Real = 0.0;
                // SAFETY: live solver, index checked; one output.
                $crate::error::check(unsafe { slepc_sys::$get(self.ptr, i, ty.raw(), &mut e) })?;
                Ok(e)
            }
        }
    };

    // `nev` (or `nsv`) must be at least 1 and pass `check` (at most the problem's size),
    // `ncv` and `mpd` at least 1 when given.
    (@dimensions $T:ident [$n:ident, $check:ident] $set:ident $setn:literal, $get:ident $getn:literal) => {
        impl $T {
            #[doc = concat!(
                "Sets how many solutions to compute (`wanted`, SLEPc's `", stringify!($n), "`), ",
                "the subspace's largest dimension (`ncv`) and the projected problem's maximum ",
                "dimension (`mpd`) (`", $setn, "`), from the struct [`subspace`](Self::subspace) ",
                "returns, so the two round-trip. A size left `None` lets SLEPc choose it at ",
                "set-up (`PETSC_DECIDE`; slepc4py's `None` keeps the current value instead). ",
                "`wanted` must be positive and, once the problem is given, at most its size; ",
                "`ncv` and `mpd` positive.\n\n",
                "```\nuse slepc::Dimensions;\n",
                "let petsc = petsc::Petsc::init()?;\n",
                "let mut solver = slepc::", stringify!($T), "::new(&petsc.self_comm())?;\n",
                "solver.set_dimensions_to(Dimensions::new(3).ncv(12))?;\n",
                "assert_eq!(solver.subspace()?, Dimensions::new(3).ncv(12));\n",
                "assert_eq!(solver.dimensions()?.0, 3);\n",
                "assert!(solver.set_dimensions_to(Dimensions::new(0)).is_err());\n",
                "assert!(solver.set_dimensions_to(Dimensions::new(3).ncv(0)).is_err());\n",
                "# Ok::<(), petsc::Error>(())\n```"
            )]
            #[doc(alias = $setn)]
            pub fn set_dimensions_to(&mut self, dimensions: $crate::Dimensions) -> petsc::Result<()> {
                const CTX: &str = concat!(stringify!($T), "::set_dimensions_to");
                dimensions.check(CTX, stringify!($n))?;
                self.$check(CTX, dimensions.wanted)?;
                let (n, ncv, mpd) = dimensions.raw();
                self.set_dimensions_raw(n, ncv, mpd)
            }

            #[doc = concat!(
                "Sets how many solutions to compute and the subspace sizes (`", $setn, "`) ",
                "with three positional arguments."
            )]
            #[deprecated(
                since = "0.2.0",
                note = "use `set_dimensions_to(Dimensions::new(nev).ncv(n).mpd(m))` (sizes by name; `subspace()` returns the same struct)"
            )]
            #[doc(alias = $setn)]
            pub fn set_dimensions(
                &mut self,
                $n: petsc::Int,
                ncv: Option<petsc::Int>,
                mpd: Option<petsc::Int>,
            ) -> petsc::Result<()> {
                self.set_dimensions_to($crate::Dimensions { wanted: $n, ncv, mpd })
            }

            #[doc = concat!(
                "How many solutions the solver computes and how large its subspace grows ",
                "(`", $getn, "`), as the struct [`set_dimensions_to`](Self::set_dimensions_to) ",
                "takes: `solver.set_dimensions_to(solver.subspace()?)` changes nothing. ",
                "`ncv` and `mpd` are `None` until SLEPc chooses them at set-up (or they are set).\n\n",
                "```\nuse slepc::Dimensions;\n",
                "let petsc = petsc::Petsc::init()?;\n",
                "let mut solver = slepc::", stringify!($T), "::new(&petsc.self_comm())?;\n",
                "assert_eq!(solver.subspace()?, Dimensions::default());\n",
                "solver.set_dimensions_to(Dimensions { mpd: Some(8), ..Dimensions::new(2) })?;\n",
                "assert_eq!(solver.subspace()?, Dimensions::new(2).mpd(8));\n",
                "# Ok::<(), petsc::Error>(())\n```"
            )]
            #[doc(alias = $getn)]
            pub fn subspace(&self) -> petsc::Result<$crate::Dimensions> {
                self.dimensions().map($crate::Dimensions::from_raw)
            }

            petsc::methods![for $T;
                /// Sets the three sizes (the call of `set_dimensions_to`, which checks them).
                fn set_dimensions_raw(&mut self, $n: petsc::Int, ncv: petsc::Int, mpd: petsc::Int)
                    = $set as $setn;
                #[doc = concat!(
                    "`(", stringify!($n), ", ncv, mpd)` (`", $getn, "`), SLEPc's negative ",
                    "marker where a size is not chosen yet; [`subspace`](Self::subspace) ",
                    "returns them by name."
                )]
                pub fn dimensions(&self) -> ($n: petsc::Int, ncv: petsc::Int, mpd: petsc::Int)
                    = $get as $getn;
            ];
        }
    };

    // The monitor of an eigensolver (EPS, PEP, NEP), which sees the current
    // approximations (`$S`, the family's name of the state); `$m` are the docs of the
    // family's example.
    (@eigen_monitor $T:ident [$S:ident $(#[$m:meta])*] $set:ident $setn:literal, $cancel:ident $canceln:literal) => {
        impl $T {
            #[doc = concat!(
                "Adds a monitor, called at every iteration with the current approximations ",
                "(`", $setn, "`). The closure is owned by the solver and dropped when the ",
                "solver is destroyed or [`cancel_monitors`](Self::cancel_monitors) is called. ",
                "An `Err` or a panic ends the solve, and [`solve`](Self::solve) returns it."
            )]
            $(#[$m])*
            #[doc(alias = $setn)]
            pub fn monitor<F>(&mut self, f: F) -> petsc::Result<()>
            where
                F: FnMut(&$crate::$S<'_>) -> petsc::Result<()> + 'static,
            {
                let f: Box<$crate::family::EigenMonitorFn> = Box::new(f);
                let kind = <$T as $crate::family::Eigensolver>::MONITOR;
                petsc::ffi::hand_over(self.slepc.petsc(), kind, f, |ctx| {
                    // SAFETY: live solver; the context is a registered monitor closure,
                    // released by the destroy hook.
                    unsafe {
                        slepc_sys::$set(
                            self.ptr,
                            Some($crate::family::monitor_trampoline::<$T>),
                            ctx,
                            Some(petsc::ffi::release_at),
                        )
                    }
                })
            }

            petsc::methods![for $T;
                #[doc = concat!("Removes every monitor, dropping their closures (`", $canceln, "`).")]
                pub fn cancel_monitors(&mut self) = $cancel as $canceln;
            ];
        }
    };

    // The stopping test closure of an eigensolver, which sees a `$S` (the family's name
    // of the state) and returns a converged reason `$R`; `$m` are the family's own docs
    // and example.
    (@stop_fn $T:ident [$S:ident, $R:ident $(#[$m:meta])*] $set:ident $setn:literal) => {
        impl $T {
            #[doc = concat!(
                "Sets a stopping test (`", $setn, "`), called at every iteration in place ",
                "of SLEPc's (which stops when `nev` pairs converged or at the iteration ",
                "limit): it returns [`", stringify!($R), "::Iterating`] to go on, or the ",
                "reason to stop with (a converged reason such as [`ConvergedUser`](",
                stringify!($R), "::ConvergedUser), or a diverged one). It must stop by ",
                "itself at the iteration limit. The closure is owned by the solver; an ",
                "`Err` or a panic ends the solve, and [`solve`](Self::solve) returns it."
            )]
            $(#[$m])*
            #[doc(alias = $setn)]
            pub fn set_stopping_test_function<F>(&mut self, f: F) -> petsc::Result<()>
            where
                F: FnMut(&$crate::$S) -> petsc::Result<$R> + 'static,
            {
                let f: Box<$crate::family::StopFn<$R>> = Box::new(f);
                self.renew()?;
                let kind = <$T as $crate::family::Eigensolver>::STOPPING;
                // Kept on the solver, not through SLEPc's destroy hook: SLEPc 3.18's
                // `XDestroy` does not call the stopping test's.
                // SAFETY: live solver; the closure is kept on it, and it gets the
                // closure's context.
                unsafe {
                    $crate::family::attach_then(&self.slepc, self.ptr, kind, f, |ctx| {
                        let trampoline = $crate::family::stop_trampoline::<$T>;
                        slepc_sys::$set(self.ptr, Some(trampoline), ctx, None)
                    })
                }
            }
        }
    };

    // The convergence test closure of EPS and PEP (eigenvalues by value), released by
    // SLEPc's destroy hook; `$m` are the family's own docs and example.
    (@conv_fn $T:ident [$(#[$m:meta])*] $set:ident $setn:literal) => {
        impl $T {
            #[doc = concat!(
                "Sets a custom convergence test (`", $setn, "`): called with an ",
                "approximate eigenvalue `(re, im)` and its residual norm, it returns the ",
                "error estimate that the solver compares with the tolerance. The closure is ",
                "owned by the solver (dropped with it, or replaced by the next one); ",
                "[`set_convergence_test`](Self::set_convergence_test) goes back to a ",
                "built-in test. An `Err` or a panic ends the solve, and ",
                "[`solve`](Self::solve) returns it."
            )]
            $(#[$m])*
            #[doc(alias = $setn)]
            pub fn set_convergence_test_function<F>(&mut self, f: F) -> petsc::Result<()>
            where
                F: FnMut(petsc::Real, petsc::Real, petsc::Real) -> petsc::Result<petsc::Real> + 'static,
            {
                let f: Box<$crate::family::ConvFn> = Box::new(f);
                self.renew()?;
                let kind = <$T as $crate::family::Eigensolver>::CONVERGENCE;
                petsc::ffi::hand_over(self.slepc.petsc(), kind, f, |ctx| {
                    // The setter takes a `PetscCtxDestroyFn` (given the context's address)
                    // from SLEPc 3.23.
                    #[cfg(not(slepc_3_23))]
                    let destroy = petsc::ffi::release;
                    #[cfg(slepc_3_23)]
                    let destroy = petsc::ffi::release_at;
                    // SAFETY: live solver; the context is a registered closure, released by
                    // the destroy hook when SLEPc lets go of it (replaced, or the solver
                    // destroyed).
                    unsafe {
                        slepc_sys::$set(
                            self.ptr,
                            Some($crate::family::conv_trampoline::<$T>),
                            ctx,
                            Some(destroy),
                        )
                    }
                })
            }
        }
    };

    // The monitor of an [`EstimateSolver`] (MFN, LME), which sees the iteration and the
    // error estimate.
    (@estimate_monitor $T:ident [] $set:ident $setn:literal, $cancel:ident $canceln:literal) => {
        impl $T {
            #[doc = concat!(
                "Adds a monitor, called at every iteration (restart) with its number and ",
                "the error estimate (`", $setn, "`). The closure is owned by the solver ",
                "and dropped when the solver is destroyed or ",
                "[`cancel_monitors`](Self::cancel_monitors) is called. An `Err` or a panic ",
                "ends the solve, which returns it; the solver can solve again afterwards."
            )]
            #[doc(alias = $setn)]
            pub fn monitor<F>(&mut self, f: F) -> petsc::Result<()>
            where
                F: FnMut(petsc::Int, petsc::Real) -> petsc::Result<()> + 'static,
            {
                let f: Box<$crate::family::EstimateMonitorFn> = Box::new(f);
                petsc::ffi::hand_over(
                    self.slepc.petsc(),
                    <$T as $crate::family::EstimateSolver>::MONITOR,
                    f,
                    |ctx| {
                        // SAFETY: live solver; the context is a registered monitor
                        // closure, released by the destroy hook.
                        unsafe {
                            slepc_sys::$set(
                                self.ptr,
                                Some($crate::family::estimate_monitor_trampoline::<$T>),
                                ctx,
                                Some(petsc::ffi::release_at),
                            )
                        }
                    },
                )
            }

            petsc::methods![for $T;
                #[doc = concat!(
                    "Removes every monitor, dropping their closures, and those set from ",
                    "the options database (`", $canceln, "`)."
                )]
                pub fn cancel_monitors(&mut self) = $cancel as $canceln;
            ];
        }
    };

    // The class as its monitor trampoline sees it ([`EstimateSolver`]): the C handle
    // `$raw`, the callback kind `$kind` of its monitors, whether a failed monitor lowers
    // the iteration limit, and its `XGetTolerances` and `XSetTolerances`.
    (@estimate_solver $T:ident [$raw:ident, $kind:ident, lower_limit = $lower:literal]
        $get:ident $getn:literal, $set:ident $setn:literal) => {
        impl $crate::family::EstimateSolver for $T {
            type Raw = slepc_sys::$raw;
            const MONITOR: petsc::CallbackKind = $crate::callback_kind::$kind;
            const GET_TOLERANCES: unsafe extern "C" fn(
                slepc_sys::$raw,
                *mut petsc::Real,
                *mut petsc::Int,
            ) -> slepc_sys::PetscErrorCode = slepc_sys::$get;
            const SET_TOLERANCES: unsafe extern "C" fn(slepc_sys::$raw, petsc::Real, petsc::Int)
                -> slepc_sys::PetscErrorCode = slepc_sys::$set;
            const LOWER_LIMIT: bool = $lower;
        }
    };

    // `User` is refused: it goes with a comparison closure (`hint` says where).
    (@which $T:ident [$W:ident, $hint:literal] $set:ident $setn:literal) => {
        impl $T {
            #[doc = concat!(
                "Which eigenvalues to compute (`", $setn, "`). [`", stringify!($W), "::User`]",
                "(crate::", stringify!($W), "::User) is refused here: ", $hint, "."
            )]
            #[doc(alias = $setn)]
            pub fn set_which_eigenpairs(&mut self, which: $crate::$W) -> petsc::Result<()> {
                if which == $crate::$W::User {
                    return Err(petsc::Error::invalid(
                        concat!(stringify!($T), "::set_which_eigenpairs"),
                        concat!(stringify!($W), "::User needs a comparison: ", $hint),
                    ));
                }
                // SAFETY: live solver.
                $crate::error::check(unsafe { slepc_sys::$set(self.ptr, which.raw()) })
            }
        }
    };

    // Getters of a C enum that reads as `None` before it is set or chosen at set-up.
    // The target; a value with a NaN or infinite part is refused.
    (@target $T:ident [] $set:ident $setn:literal, $get:ident $getn:literal) => {
        impl $T {
            #[doc = concat!(
                "Sets the target, the value the wanted eigenvalues are closest to (`", $setn,
                "`); a target with a NaN or infinite part is refused.\n\n",
                "```\nlet petsc = petsc::Petsc::init()?;\n",
                "let mut solver = slepc::", stringify!($T), "::new(&petsc.self_comm())?;\n",
                "solver.set_target(2.5)?;\n",
                "assert_eq!(solver.target()?, petsc::Scalar::from(2.5));\n",
                "assert!(solver.set_target(f64::NAN).is_err());\n",
                "# Ok::<(), petsc::Error>(())\n```"
            )]
            #[doc(alias = $setn)]
            pub fn set_target(&mut self, target: impl Into<petsc::Scalar>) -> petsc::Result<()> {
                let target = target.into();
                $crate::st::check_finite_scalar(
                    concat!(stringify!($T), "::set_target"), "the target", target)?;
                // SAFETY: live solver; the scalar is read through the pointer.
                $crate::error::check(unsafe { slepc_sys::$set(self.ptr, &target) })
            }

            petsc::methods![for $T;
                #[doc = concat!("The target (`", $getn, "`).")]
                pub fn target(&self) -> petsc::Scalar = $get as $getn;
            ];
        }
    };

    // The kind of convergence or stopping test (`$what`); `User` is refused here: it goes
    // with the closure that `$with` sets. The next solve solves again.
    (@conv_test $T:ident [$E:ident] $set:ident $setn:literal) => {
        impl $T {
            #[doc = concat!(
                "Sets the kind of test (`", $setn, "`), replacing a closure set with [`",
                "set_convergence_test_function", "`](Self::", "set_convergence_test_function", "); the next ",
                "[`solve`](Self::solve) solves again. [`", stringify!($E), "::User`](crate::",
                stringify!($E), "::User) is refused: it goes with the closure."
            )]
            #[doc(alias = $setn)]
            pub fn set_convergence_test(&mut self, value: $crate::$E) -> petsc::Result<()> {
                if value == $crate::$E::User {
                    return Err(petsc::Error::invalid(
                        concat!(stringify!($T), "::", "set_convergence_test"),
                        concat!(stringify!($E), "::User needs a closure: call ", "set_convergence_test_function",
                            " instead"),
                    ));
                }
                self.renew()?;
                // SAFETY: live solver.
                $crate::error::check(unsafe { slepc_sys::$set(self.ptr, value.raw()) })
            }
        }
    };
    (@stop_test $T:ident [$E:ident] $set:ident $setn:literal) => {
        impl $T {
            #[doc = concat!(
                "Sets the kind of test (`", $setn, "`), replacing a closure set with [`",
                "set_stopping_test_function", "`](Self::", "set_stopping_test_function", "); the next ",
                "[`solve`](Self::solve) solves again. [`", stringify!($E), "::User`](crate::",
                stringify!($E), "::User) is refused: it goes with the closure."
            )]
            #[doc(alias = $setn)]
            pub fn set_stopping_test(&mut self, value: $crate::$E) -> petsc::Result<()> {
                if value == $crate::$E::User {
                    return Err(petsc::Error::invalid(
                        concat!(stringify!($T), "::", "set_stopping_test"),
                        concat!(stringify!($E), "::User needs a closure: call ", "set_stopping_test_function",
                            " instead"),
                    ));
                }
                self.renew()?;
                // SAFETY: live solver.
                $crate::error::check(unsafe { slepc_sys::$set(self.ptr, value.raw()) })
            }
        }
    };
}
pub(crate) use solver_family;
