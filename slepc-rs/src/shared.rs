//! The objects a solver shares with handles: its basis of vectors (`BV`) and its region
//! (`RG`). One declaration per solver class makes the getter and the setter:
//!
//! ```ignore
//! solver_bv!(Eps, EPSGetBV as "EPSGetBV", EPSSetBV as "EPSSetBV");
//! solver_rg!(Eps, EPSGetRG as "EPSGetRG", EPSSetRG as "EPSSetRG");
//! ```

/// `bv()` and `set_bv()` of a solver class (`$solver`), from its `XGetBV`/`XSetBV`.
macro_rules! solver_bv {
    ($solver:ident, $get:ident as $get_name:literal, $set:ident as $set_name:literal) => {
        impl $solver {
            #[doc = concat!(
                "The basis the solver builds its subspace in (`", stringify!($get), "`), ",
                "as a handle holding its own reference: settings made through it (type, ",
                "orthogonalization) apply to the solves. Its options prefix is the ",
                "solver's (none by default, so `-bv_type` applies).\n\n",
                "```\nuse slepc::{BvOrthogType, BvType};\n",
                "let petsc = petsc::Petsc::init()?;\n",
                "let solver = slepc::", stringify!($solver), "::new(&petsc.self_comm())?;\n",
                "let mut bv = solver.bv()?;\n",
                "bv.set_type(BvType::Vecs)?;\n",
                "let mut o = bv.orthogonalization()?;\n",
                "o.ty = BvOrthogType::Mgs;\n",
                "bv.set_orthogonalization(o)?;\n",
                "drop(bv);\n",
                "let bv = solver.bv()?;\n",
                "assert_eq!(bv.get_type()?, Some(BvType::Vecs));\n",
                "assert_eq!(bv.orthogonalization()?.ty, BvOrthogType::Mgs);\n",
                "# Ok::<(), petsc::Error>(())\n```"
            )]
            #[doc(alias = $get_name)]
            pub fn bv(&self) -> petsc::Result<$crate::Bv> {
                let mut bv: slepc_sys::BV = std::ptr::null_mut();
                // SAFETY: live solver; SLEPc returns its BV (creating it if needed), borrowed.
                $crate::error::check(unsafe { slepc_sys::$get(self.ptr, &mut bv) })?;
                // SAFETY: the solver's live BV; the handle takes a reference to it.
                unsafe { $crate::Bv::from_raw_borrowed(&self.slepc, bv) }
            }

            #[doc = concat!(
                "Uses `bv` as the solver's basis (`", stringify!($set), "`); the solver ",
                "keeps its own reference and sizes it at set-up (give it a type, not sizes)."
            )]
            #[doc(alias = $set_name)]
            pub fn set_bv(&mut self, bv: &$crate::Bv) -> petsc::Result<()> {
                // SAFETY: live objects; SLEPc references the BV and releases its previous one.
                $crate::error::check(unsafe { slepc_sys::$set(self.ptr, bv.as_raw()) })
            }
        }
    };
}
pub(crate) use solver_bv;

/// `rg()` and `set_rg()` of a solver class (`$solver`), from its `XGetRG`/`XSetRG`.
macro_rules! solver_rg {
    ($solver:ident, $get:ident as $get_name:literal, $set:ident as $set_name:literal) => {
        impl $solver {
            #[doc = concat!(
                "The region the wanted eigenvalues lie in (`", stringify!($get), "`), as a ",
                "handle holding its own reference: what is set through it applies to the ",
                "solves. Its options prefix is the solver's (none by default, so ",
                "`-rg_type` applies).\n\n",
                "```\nuse slepc::RgType;\n",
                "let petsc = petsc::Petsc::init()?;\n",
                "let solver = slepc::", stringify!($solver), "::new(&petsc.self_comm())?;\n",
                "let mut rg = solver.rg()?;\n",
                "rg.set_type(RgType::Interval)?;\n",
                "rg.set_interval_endpoints(0.5, 1.5, 0.0, 0.0)?;\n",
                "drop(rg);\n",
                "assert_eq!(solver.rg()?.interval_endpoints()?, (0.5, 1.5, 0.0, 0.0));\n",
                "# Ok::<(), petsc::Error>(())\n```"
            )]
            #[doc(alias = $get_name)]
            pub fn rg(&self) -> petsc::Result<$crate::Rg> {
                let mut rg: slepc_sys::RG = std::ptr::null_mut();
                // SAFETY: live solver; SLEPc returns its RG (creating it if needed), borrowed.
                $crate::error::check(unsafe { slepc_sys::$get(self.ptr, &mut rg) })?;
                // SAFETY: the solver's live RG; the handle takes a reference to it.
                unsafe { $crate::Rg::from_raw_borrowed(&self.slepc, rg) }
            }

            #[doc = concat!(
                "Uses `rg` as the region of the wanted eigenvalues (`", stringify!($set),
                "`); the solver keeps its own reference. Eigenvalues outside it are ",
                "discarded."
            )]
            #[doc(alias = $set_name)]
            pub fn set_rg(&mut self, rg: &$crate::Rg) -> petsc::Result<()> {
                // SAFETY: live objects; SLEPc references the RG and releases its previous one.
                $crate::error::check(unsafe { slepc_sys::$set(self.ptr, rg.as_raw()) })
            }
        }
    };
}
pub(crate) use solver_rg;

/// `set_tolerances()` and `tolerances()` of a solver class (`$solver`), from its
/// `XSetTolerances`/`XGetTolerances`: the convergence tolerance and the iteration limit.
macro_rules! solver_tolerances {
    ($solver:ident, $set:ident as $set_name:literal, $get:ident as $get_name:literal) => {
        impl $solver {
            #[doc = concat!(
                "Sets the convergence tolerance and the iteration limit (`", $set_name, "`); ",
                "`None` keeps the current value (SLEPc itself would reset it to its ",
                "default). `tol` must be positive and finite and `max_it` at least 1 ",
                "(SLEPc reads -1 and -2 as \"default\" and stores a NaN tolerance).\n\n",
                "```\nlet petsc = petsc::Petsc::init()?;\n",
                "let mut solver = slepc::", stringify!($solver), "::new(&petsc.self_comm())?;\n",
                "solver.set_tolerances(Some(1e-9), Some(200))?;\n",
                "assert_eq!(solver.tolerances()?, (1e-9, 200));\n",
                "solver.set_tolerances(None, Some(300))?;\n",
                "assert_eq!(solver.tolerances()?, (1e-9, 300));\n",
                "assert!(solver.set_tolerances(Some(f64::NAN), None).is_err());\n",
                "assert!(solver.set_tolerances(Some(-1.0), None).is_err());\n",
                "assert!(solver.set_tolerances(None, Some(0)).is_err());\n",
                "# Ok::<(), petsc::Error>(())\n```"
            )]
            #[doc(alias = $set_name)]
            pub fn set_tolerances(
                &mut self,
                tol: Option<petsc::Real>,
                max_it: Option<petsc::Int>,
            ) -> petsc::Result<()> {
                const CTX: &str = concat!(stringify!($solver), "::set_tolerances");
                if let Some(t) = tol {
                    if !(t.is_finite() && t > 0.0) {
                        return Err(petsc::Error::invalid(
                            CTX,
                            format!("tol is {t}; it must be positive and finite"),
                        ));
                    }
                }
                if let Some(n) = max_it {
                    if n < 1 {
                        return Err(petsc::Error::invalid(
                            CTX,
                            format!("max_it is {n}; it must be at least 1"),
                        ));
                    }
                }
                // SLEPc reads PETSC_DEFAULT as "back to the default", not "keep": the
                // value left alone is passed back as it is.
                let (t0, m0) = self.tolerances()?;
                // SAFETY: live solver; values checked above or read from the solver.
                $crate::error::check(unsafe {
                    slepc_sys::$set(self.ptr, tol.unwrap_or(t0), max_it.unwrap_or(m0))
                })
            }

            #[doc = concat!(
                "`(tol, max_it)` (`", $get_name, "`); before set-up, a value SLEPc has ",
                "not chosen yet is its \"default\" marker (`-2` up to SLEPc 3.21, `-1` ",
                "from 3.22)."
            )]
            #[doc(alias = $get_name)]
            pub fn tolerances(&self) -> petsc::Result<(petsc::Real, petsc::Int)> {
                let (mut t, mut m): (petsc::Real, petsc::Int) = (0.0, 0);
                // SAFETY: live solver; two outputs.
                $crate::error::check(unsafe { slepc_sys::$get(self.ptr, &mut t, &mut m) })?;
                Ok((t, m))
            }
        }
    };
}
pub(crate) use solver_tolerances;
