//! hypre's preconditioners (`PCHYPRE`: BoomerAMG, AMS, ADS, ParaSails, PILUT, Euclid),
//! when PETSc was built with hypre (`petsc_have_hypre`; Debian's complex PETSc is not).

use std::os::raw::c_char;

use petsc_sys as sys;

use super::{Pc, opt_string};
use crate::error::{Error, Result, check};
use crate::mat::Mat;
use crate::scalar::Int;
use crate::vec::Vector;

const HYPRE: &[&str] = &["hypre"];

/// hypre (`PCHYPRE`), when PETSc was built with it (`petsc_have_hypre`). Each method
/// needs the type set to [`PcType::Hypre`](crate::PcType::Hypre) and returns an `Err`
/// otherwise.
impl Pc {
    crate::methods![for Pc;
        /// hypre's preconditioner (`PCHYPRESetType`): `"boomeramg"` (the default),
        /// `"ams"`, `"ads"`, `"parasails"`, `"pilut"`, `"euclid"` (which ones exist depends on
        /// how hypre was built: ParaSails is missing from 64-bit-integer hypre builds, and
        /// asking for it is an `Err` from hypre).
        ///
        /// ```
        /// use petsc::PcType;
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
        /// assert!(pc.hypre_type().is_err()); // not hypre
        /// pc.set_type(PcType::Hypre)?;
        /// pc.set_hypre_type("ams")?;
        /// assert_eq!(pc.hypre_type()?, "ams");
        /// assert!(pc.set_hypre_type("nonsense").is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_hypre_type(&mut self, ty: &str)
            = PCHYPRESetType as "PCHYPRESetType", needs require_type(HYPRE);
    ];

    /// hypre's preconditioner (`PCHYPREGetType`).
    #[doc(alias = "PCHYPREGetType")]
    pub fn hypre_type(&self) -> Result<String> {
        self.require_type("Pc::hypre_type", HYPRE)?;
        let mut p: *const c_char = std::ptr::null();
        // SAFETY: live hypre PC; PETSc returns its own string.
        check(unsafe { sys::PCHYPREGetType(self.ptr, &mut p) })?;
        // SAFETY: null or PETSc's live string.
        Ok(unsafe { opt_string(p) }.unwrap_or_default())
    }

    /// The discrete gradient from nodes to edges (AMS) or edges to faces (ADS)
    /// (`PCHYPRESetDiscreteGradient`).
    #[doc(alias = "PCHYPRESetDiscreteGradient")]
    pub fn set_hypre_discrete_gradient(&mut self, g: &Mat) -> Result<()> {
        g.check_loan("Pc::set_hypre_discrete_gradient")?;
        const KEPT: &str = "Pc::set_hypre_discrete_gradient";
        self.require_type("Pc::set_hypre_discrete_gradient", HYPRE)?;
        // SAFETY: live hypre PC and matrix; PETSc references the matrix.
        check(unsafe { sys::PCHYPRESetDiscreteGradient(self.ptr, g.kept_raw(KEPT)?) })
    }

    /// The discrete curl from edges to faces (ADS) (`PCHYPRESetDiscreteCurl`).
    #[doc(alias = "PCHYPRESetDiscreteCurl")]
    pub fn set_hypre_discrete_curl(&mut self, c: &Mat) -> Result<()> {
        c.check_loan("Pc::set_hypre_discrete_curl")?;
        const KEPT: &str = "Pc::set_hypre_discrete_curl";
        self.require_type("Pc::set_hypre_discrete_curl", HYPRE)?;
        // SAFETY: live hypre PC and matrix; PETSc references the matrix.
        check(unsafe { sys::PCHYPRESetDiscreteCurl(self.ptr, c.kept_raw(KEPT)?) })
    }

    /// The matrix of AMS's auxiliary nodal problem for the curl-curl coefficient alpha
    /// (`PCHYPRESetAlphaPoissonMatrix`): the nodal Laplacian weighted by alpha. Without
    /// it AMS builds one from the operator and the discrete gradient.
    #[doc(alias = "PCHYPRESetAlphaPoissonMatrix")]
    pub fn set_hypre_alpha_poisson_matrix(&mut self, a: &Mat) -> Result<()> {
        a.check_loan("Pc::set_hypre_alpha_poisson_matrix")?;
        const CTX: &str = "Pc::set_hypre_alpha_poisson_matrix";
        self.require_type(CTX, HYPRE)?;
        // SAFETY: live hypre PC and matrix; PETSc references the matrix.
        check(unsafe { sys::PCHYPRESetAlphaPoissonMatrix(self.ptr, a.kept_raw(CTX)?) })
    }

    /// The matrix of AMS's auxiliary nodal problem for the mass coefficient beta
    /// (`PCHYPRESetBetaPoissonMatrix`): `G^T M_beta G` for the discrete gradient `G`;
    /// `None` tells AMS that beta is zero (a pure curl-curl problem, singular unless
    /// the right-hand side is compatible).
    #[doc(alias = "PCHYPRESetBetaPoissonMatrix")]
    pub fn set_hypre_beta_poisson_matrix(&mut self, a: Option<&Mat>) -> Result<()> {
        if let Some(m) = a {
            m.check_loan("Pc::set_hypre_beta_poisson_matrix")?;
        }
        const CTX: &str = "Pc::set_hypre_beta_poisson_matrix";
        self.require_type(CTX, HYPRE)?;
        let raw = match a {
            Some(a) => a.kept_raw(CTX)?,
            None => std::ptr::null_mut(),
        };
        // SAFETY: live hypre PC; a live matrix PETSc references, or null for beta = 0.
        check(unsafe { sys::PCHYPRESetBetaPoissonMatrix(self.ptr, raw) })
    }

    /// The interpolations from vector nodal fields to the edge (AMS) or face (ADS)
    /// space (`PCHYPRESetInterpolations`), in place of edge constant vectors or
    /// coordinates: `nd_full` maps the `dim`-component nodal field to Nédélec edges and
    /// `nd` holds one matrix per component; `rt_full` and `rt` the same to
    /// Raviart-Thomas faces (ADS only). Each given part list holds `dim` matrices.
    #[doc(alias = "PCHYPRESetInterpolations")]
    pub fn set_hypre_interpolations(
        &mut self,
        dim: Int,
        rt_full: Option<&Mat>,
        rt: Option<&[&Mat]>,
        nd_full: Option<&Mat>,
        nd: Option<&[&Mat]>,
    ) -> Result<()> {
        if let Some(m) = rt_full {
            m.check_loan("Pc::set_hypre_interpolations")?;
        }
        if let Some(m) = nd_full {
            m.check_loan("Pc::set_hypre_interpolations")?;
        }
        const CTX: &str = "Pc::set_hypre_interpolations";
        self.require_type(CTX, HYPRE)?;
        if !(1..=3).contains(&dim) {
            return Err(Error::out_of_range(
                CTX,
                format!("dim {dim} is not 1, 2 or 3"),
            ));
        }
        if rt_full.is_none() && rt.is_none() && nd_full.is_none() && nd.is_none() {
            return Err(Error::invalid(CTX, "no interpolation given"));
        }
        let full = |m: Option<&Mat>| -> Result<sys::Mat> {
            m.map_or(Ok(std::ptr::null_mut()), |m| m.kept_raw(CTX))
        };
        let parts = |what: &str, ms: Option<&[&Mat]>| -> Result<Option<Vec<sys::Mat>>> {
            let Some(ms) = ms else { return Ok(None) };
            if ms.len() as Int != dim {
                return Err(Error::size_mismatch(
                    CTX,
                    format!("{what} holds {} matrices for dim {dim}", ms.len()),
                ));
            }
            ms.iter()
                .map(|m| m.kept_raw(CTX))
                .collect::<Result<Vec<_>>>()
                .map(Some)
        };
        let (rt_full, nd_full) = (full(rt_full)?, full(nd_full)?);
        let mut rt = parts("rt", rt)?;
        let mut nd = parts("nd", nd)?;
        let ptr = |v: &mut Option<Vec<sys::Mat>>| {
            v.as_mut().map_or(std::ptr::null_mut(), |v| v.as_mut_ptr())
        };
        // SAFETY: live hypre PC; live matrices PETSc references (or null); each part
        // array holds `dim` of them and is only read.
        check(unsafe {
            sys::PCHYPRESetInterpolations(
                self.ptr,
                dim,
                rt_full,
                ptr(&mut rt),
                nd_full,
                ptr(&mut nd),
            )
        })
    }

    /// The constant vector fields (1, 0, 0), (0, 1, 0) and (0, 0, 1) in the edge basis,
    /// which AMS uses in place of vertex coordinates
    /// (`PCHYPRESetEdgeConstantVectors`); `zzo` is `None` in 2D. With the discrete
    /// gradient `G`, they are `G x`, `G y` and `G z` for the vertex coordinates.
    #[doc(alias = "PCHYPRESetEdgeConstantVectors")]
    pub fn set_hypre_edge_constant_vectors(
        &mut self,
        ozz: &Vector,
        zoz: &Vector,
        zzo: Option<&Vector>,
    ) -> Result<()> {
        const CTX: &str = "Pc::set_hypre_edge_constant_vectors";
        self.require_type(CTX, HYPRE)?;
        let n = ozz.size()?;
        for (what, v) in [("zoz", Some(zoz)), ("zzo", zzo)] {
            if let Some(v) = v {
                if v.size()? != n {
                    return Err(Error::size_mismatch(
                        CTX,
                        format!("{what} has {} entries, ozz {n}", v.size()?),
                    ));
                }
            }
        }
        let zzo = zzo.map_or(Ok(std::ptr::null_mut()), |v| v.kept_raw(CTX))?;
        // SAFETY: live hypre PC and vectors of one size (the last may be null in 2D);
        // PETSc copies them.
        check(unsafe {
            sys::PCHYPRESetEdgeConstantVectors(
                self.ptr,
                ozz.kept_raw(CTX)?,
                zoz.kept_raw(CTX)?,
                zzo,
            )
        })
    }

    /// The interior nodes, for AMS on a problem where beta is zero in part of the
    /// domain (`PCHYPREAMSSetInteriorNodes`): 1 at each node inside that part, 0
    /// elsewhere (a nodal vector).
    #[doc(alias = "PCHYPREAMSSetInteriorNodes")]
    pub fn set_hypre_ams_interior_nodes(&mut self, interior: &Vector) -> Result<()> {
        const CTX: &str = "Pc::set_hypre_ams_interior_nodes";
        self.require_type(CTX, HYPRE)?;
        // SAFETY: live hypre PC and vector; PETSc copies it.
        check(unsafe { sys::PCHYPREAMSSetInteriorNodes(self.ptr, interior.kept_raw(CTX)?) })
    }
}
