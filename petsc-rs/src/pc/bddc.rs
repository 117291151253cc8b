//! Balancing domain decomposition by constraints (`PCBDDC`), for operators assembled
//! by subdomain (`MATIS`): boundaries, primal vertices, splitting of the unknowns,
//! coarsening.

use petsc_sys as sys;

use super::Pc;
use crate::declare::petsc_bool;
use crate::error::{Error, Result, check};
use crate::is::IndexSet;
use crate::mat::Mat;
use crate::scalar::Int;

const BDDC: &[&str] = &["bddc"];

/// BDDC (`PCBDDC`). Each method needs the type set to
/// [`PcType::Bddc`](crate::PcType::Bddc) and returns an `Err` otherwise. Sets given in
/// global numbering have plain names; `_local` ones are in the subdomain's local
/// numbering of the `MATIS` operator.
///
/// ```
/// use petsc::{IndexSet, PcType};
/// let petsc = petsc::Petsc::init()?;
/// let c = petsc.self_comm();
/// let mut pc = petsc::Pc::new(&c)?;
/// let ends = IndexSet::new_general(&c, &[0, 9])?;
/// assert!(pc.set_bddc_dirichlet_boundaries(&ends).is_err()); // not BDDC
/// pc.set_type(PcType::Bddc)?;
/// pc.set_bddc_dirichlet_boundaries(&ends)?;
/// pc.set_bddc_neumann_boundaries_local(&IndexSet::new_general(&c, &[3])?)?;
/// pc.set_bddc_primal_vertices_is(&IndexSet::new_general(&c, &[5])?)?;
/// pc.set_bddc_coarsening_ratio(4)?;
/// pc.set_bddc_levels(1)?;
/// let fields = [IndexSet::new_stride(&c, 5, 0, 2)?, IndexSet::new_stride(&c, 5, 1, 2)?];
/// pc.set_bddc_dofs_splitting(&fields)?;
/// # Ok::<(), petsc::Error>(())
/// ```
impl Pc {
    /// Rows with Dirichlet conditions, global numbering
    /// (`PCBDDCSetDirichletBoundaries`).
    #[doc(alias = "PCBDDCSetDirichletBoundaries")]
    pub fn set_bddc_dirichlet_boundaries(&mut self, is: &IndexSet) -> Result<()> {
        self.bddc_is(
            "Pc::set_bddc_dirichlet_boundaries",
            is,
            sys::PCBDDCSetDirichletBoundaries,
        )
    }

    /// Rows with Dirichlet conditions, local numbering
    /// (`PCBDDCSetDirichletBoundariesLocal`).
    #[doc(alias = "PCBDDCSetDirichletBoundariesLocal")]
    pub fn set_bddc_dirichlet_boundaries_local(&mut self, is: &IndexSet) -> Result<()> {
        self.bddc_is(
            "Pc::set_bddc_dirichlet_boundaries_local",
            is,
            sys::PCBDDCSetDirichletBoundariesLocal,
        )
    }

    /// Rows with Neumann conditions, global numbering (`PCBDDCSetNeumannBoundaries`).
    #[doc(alias = "PCBDDCSetNeumannBoundaries")]
    pub fn set_bddc_neumann_boundaries(&mut self, is: &IndexSet) -> Result<()> {
        self.bddc_is(
            "Pc::set_bddc_neumann_boundaries",
            is,
            sys::PCBDDCSetNeumannBoundaries,
        )
    }

    /// Rows with Neumann conditions, local numbering
    /// (`PCBDDCSetNeumannBoundariesLocal`).
    #[doc(alias = "PCBDDCSetNeumannBoundariesLocal")]
    pub fn set_bddc_neumann_boundaries_local(&mut self, is: &IndexSet) -> Result<()> {
        self.bddc_is(
            "Pc::set_bddc_neumann_boundaries_local",
            is,
            sys::PCBDDCSetNeumannBoundariesLocal,
        )
    }

    /// Unknowns that are primal vertices of the coarse space, global numbering
    /// (`PCBDDCSetPrimalVerticesIS`).
    #[doc(alias = "PCBDDCSetPrimalVerticesIS")]
    pub fn set_bddc_primal_vertices_is(&mut self, is: &IndexSet) -> Result<()> {
        self.bddc_is(
            "Pc::set_bddc_primal_vertices_is",
            is,
            sys::PCBDDCSetPrimalVerticesIS,
        )
    }

    /// Unknowns that are primal vertices, local numbering
    /// (`PCBDDCSetPrimalVerticesLocalIS`).
    #[doc(alias = "PCBDDCSetPrimalVerticesLocalIS")]
    pub fn set_bddc_primal_vertices_local_is(&mut self, is: &IndexSet) -> Result<()> {
        self.bddc_is(
            "Pc::set_bddc_primal_vertices_local_is",
            is,
            sys::PCBDDCSetPrimalVerticesLocalIS,
        )
    }

    crate::methods![for Pc;
        /// The number of subdomains merged into one at each coarser level
        /// (`PCBDDCSetCoarseningRatio`).
        pub fn set_bddc_coarsening_ratio(&mut self, ratio: Int)
            = PCBDDCSetCoarseningRatio as "PCBDDCSetCoarseningRatio", needs require_type(BDDC);

        /// The largest number of levels of multilevel BDDC (`PCBDDCSetLevels`).
        pub fn set_bddc_levels(&mut self, levels: Int)
            = PCBDDCSetLevels as "PCBDDCSetLevels", needs require_type(BDDC);
    ];

    /// The unknowns of each field, global numbering (`PCBDDCSetDofsSplitting`).
    #[doc(alias = "PCBDDCSetDofsSplitting")]
    pub fn set_bddc_dofs_splitting(&mut self, fields: &[IndexSet]) -> Result<()> {
        self.bddc_split(
            "Pc::set_bddc_dofs_splitting",
            fields,
            sys::PCBDDCSetDofsSplitting,
        )
    }

    /// The unknowns of each field, local numbering (`PCBDDCSetDofsSplittingLocal`).
    #[doc(alias = "PCBDDCSetDofsSplittingLocal")]
    pub fn set_bddc_dofs_splitting_local(&mut self, fields: &[IndexSet]) -> Result<()> {
        self.bddc_split(
            "Pc::set_bddc_dofs_splitting_local",
            fields,
            sys::PCBDDCSetDofsSplittingLocal,
        )
    }

    /// The discrete gradient for edge (Nedelec) elements (`PCBDDCSetDiscreteGradient`):
    /// of the element `order`, for field `field`, in global (or local) numbering,
    /// for conforming meshes.
    #[doc(alias = "PCBDDCSetDiscreteGradient")]
    pub fn set_bddc_discrete_gradient(
        &mut self,
        g: &Mat,
        order: Int,
        field: Int,
        global: bool,
        conforming: bool,
    ) -> Result<()> {
        g.check_loan("Pc::set_bddc_discrete_gradient")?;
        const KEPT: &str = "Pc::set_bddc_discrete_gradient";
        self.require_type("Pc::set_bddc_discrete_gradient", BDDC)?;
        // SAFETY: live BDDC PC and matrix; PETSc references the matrix.
        check(unsafe {
            sys::PCBDDCSetDiscreteGradient(
                self.ptr,
                g.kept_raw(KEPT)?,
                order,
                field,
                petsc_bool(global),
                petsc_bool(conforming),
            )
        })
    }

    /// The divergence operator for saddle-point problems (`PCBDDCSetDivergenceMat`),
    /// possibly `transpose`d, with optionally the local-to-local map of its columns.
    #[doc(alias = "PCBDDCSetDivergenceMat")]
    pub fn set_bddc_divergence_mat(
        &mut self,
        div: &Mat,
        transpose: bool,
        l2l: Option<&IndexSet>,
    ) -> Result<()> {
        div.check_loan("Pc::set_bddc_divergence_mat")?;
        const KEPT: &str = "Pc::set_bddc_divergence_mat";
        self.require_type("Pc::set_bddc_divergence_mat", BDDC)?;
        let l2l = l2l.map_or(std::ptr::null_mut(), |s| s.ptr);
        // SAFETY: live BDDC PC, matrix and (optional) set; PETSc references them.
        check(unsafe {
            sys::PCBDDCSetDivergenceMat(self.ptr, div.kept_raw(KEPT)?, petsc_bool(transpose), l2l)
        })
    }

    /// A change of basis of the subdomain's unknowns (`PCBDDCSetChangeOfBasisMat`),
    /// applied also to `interior` unknowns if asked.
    #[doc(alias = "PCBDDCSetChangeOfBasisMat")]
    pub fn set_bddc_change_of_basis_mat(&mut self, t: &Mat, interior: bool) -> Result<()> {
        t.check_loan("Pc::set_bddc_change_of_basis_mat")?;
        const KEPT: &str = "Pc::set_bddc_change_of_basis_mat";
        self.require_type("Pc::set_bddc_change_of_basis_mat", BDDC)?;
        // SAFETY: live BDDC PC and matrix; PETSc references the matrix.
        check(unsafe {
            sys::PCBDDCSetChangeOfBasisMat(self.ptr, t.kept_raw(KEPT)?, petsc_bool(interior))
        })
    }

    /// The adjacency of the subdomain's unknowns, in local numbering of the `MATIS`
    /// operator (`PCBDDCSetLocalAdjacencyGraph`, copied): a compressed graph where the
    /// neighbours of unknown `i` are `adjncy[xadj[i]..xadj[i + 1]]`. BDDC uses it to find
    /// the connected components of the interface. `xadj` starts at 0, does not decrease,
    /// ends at `adjncy`'s length; every neighbour is one of the `xadj.len() - 1`
    /// unknowns.
    ///
    /// ```
    /// use petsc::PcType;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
    /// pc.set_type(PcType::Bddc)?;
    /// // A chain of three unknowns: 0 - 1 - 2.
    /// pc.set_bddc_local_adjacency(&[0, 1, 3, 4], &[1, 0, 2, 1])?;
    /// assert!(pc.set_bddc_local_adjacency(&[0, 1, 3, 4], &[1, 0, 3, 1]).is_err()); // 3 is no unknown
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCBDDCSetLocalAdjacencyGraph")]
    pub fn set_bddc_local_adjacency(&mut self, xadj: &[Int], adjncy: &[Int]) -> Result<()> {
        const CTX: &str = "Pc::set_bddc_local_adjacency";
        self.require_type(CTX, BDDC)?;
        let Some((&first, &last)) = xadj.first().zip(xadj.last()) else {
            return Err(Error::invalid(
                CTX,
                "xadj is empty; it has one entry more than the unknowns",
            ));
        };
        if first != 0 || last as usize != adjncy.len() || xadj.windows(2).any(|w| w[0] > w[1]) {
            return Err(Error::invalid(
                CTX,
                format!(
                    "xadj must start at 0, not decrease and end at adjncy's length {} (it runs \
                     from {first} to {last})",
                    adjncy.len()
                ),
            ));
        }
        let n = xadj.len() - 1;
        if let Some(&bad) = adjncy.iter().find(|&&j| j < 0 || j as usize >= n) {
            return Err(Error::out_of_range(
                CTX,
                format!("neighbour {bad} is not one of the {n} unknowns"),
            ));
        }
        let nvtx = Int::try_from(n).map_err(|_| Error::invalid(CTX, "too many unknowns"))?;
        // SAFETY: live BDDC PC; a checked graph, which PETSc copies.
        check(unsafe {
            sys::PCBDDCSetLocalAdjacencyGraph(
                self.ptr,
                nvtx,
                xadj.as_ptr(),
                adjncy.as_ptr(),
                sys::PetscCopyMode::PETSC_COPY_VALUES,
            )
        })
    }

    /// One of the `PCBDDCSet*(pc, is)` calls.
    fn bddc_is(
        &mut self,
        context: &str,
        is: &IndexSet,
        f: unsafe extern "C" fn(sys::PC, sys::IS) -> sys::PetscErrorCode,
    ) -> Result<()> {
        self.require_type(context, BDDC)?;
        // SAFETY: live BDDC PC and index set; `f` is a PCBDDC setter that references
        // the set.
        check(unsafe { f(self.ptr, is.ptr) })
    }

    /// One of the `PCBDDCSetDofsSplitting*(pc, n, is[])` calls.
    fn bddc_split(
        &mut self,
        context: &str,
        fields: &[IndexSet],
        f: unsafe extern "C" fn(sys::PC, Int, *mut sys::IS) -> sys::PetscErrorCode,
    ) -> Result<()> {
        self.require_type(context, BDDC)?;
        if fields.is_empty() {
            return Err(Error::invalid(context, "no fields given"));
        }
        let mut raw: Vec<sys::IS> = fields.iter().map(|s| s.ptr).collect();
        // SAFETY: live BDDC PC and index sets; `f` references each set and copies the
        // array of pointers.
        check(unsafe { f(self.ptr, raw.len() as Int, raw.as_mut_ptr()) })
    }
}
