//! Domain decomposition by blocks: block Jacobi (`PCBJACOBI`), additive Schwarz
//! (`PCASM`) and generalized additive Schwarz (`PCGASM`), with their block solvers.

use petsc_sys as sys;

use super::Pc;
use crate::error::{Error, Result, check};
use crate::is::IndexSet;
use crate::ksp::Ksp;
use crate::scalar::Int;

const BJACOBI: &[&str] = &["bjacobi"];
const ASM: &[&str] = &["asm"];
const GASM: &[&str] = &["gasm"];

crate::c_enum! {
    /// How additive Schwarz restricts and interpolates across the overlap (`PCASMType`,
    /// also used for `PCGASMType`).
    pub AsmType: sys::PCASMType {
        Basic = PC_ASM_BASIC "full restriction and interpolation (symmetric).",
        Restrict = PC_ASM_RESTRICT "no communication on interpolation (the default).",
        Interpolate = PC_ASM_INTERPOLATE "no communication on restriction.",
        None = PC_ASM_NONE "neither (non-overlapping, like block Jacobi).",
    }
}

/// Block Jacobi (`PCBJACOBI`). Each method needs the type set to
/// [`PcType::Bjacobi`](crate::PcType::Bjacobi) and returns an `Err` otherwise.
impl Pc {
    /// The solvers of this process's blocks (`PCBJacobiGetSubKSP`), after set-up
    /// ([`Ksp::set_up`](crate::Ksp::set_up)); each handle holds its own reference and
    /// one to this preconditioner, and changes made through it apply to its block.
    ///
    /// ```
    /// use petsc::{InsertMode, Ksp, KspType, Mat, Object, PcType, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(4, 4)).preallocate(1, 0).build()?;
    /// for i in 0..4 {
    ///     a.set_values(&[i], &[i], &[2.0], InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let mut ksp = Ksp::new(&c)?;
    /// ksp.set_operators(&a, &a)?;
    /// let mut pc = ksp.pc()?;
    /// pc.set_type(PcType::Bjacobi)?;
    /// pc.set_bjacobi_total_blocks(2, None)?;
    /// assert!(pc.bjacobi_sub_ksp().is_err()); // before set-up
    /// ksp.set_up()?;
    /// let mut blocks = pc.bjacobi_sub_ksp()?;
    /// assert_eq!(blocks.len(), 2);
    /// blocks[0].pc()?.set_type(PcType::Jacobi)?;
    /// assert_eq!(blocks[0].pc()?.type_name()?, "jacobi");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCBJacobiGetSubKSP")]
    pub fn bjacobi_sub_ksp(&self) -> Result<Vec<Ksp>> {
        self.require_type("Pc::bjacobi_sub_ksp", BJACOBI)?;
        let (mut n, mut first): (Int, Int) = (0, 0);
        let mut subs: *mut sys::KSP = std::ptr::null_mut();
        // SAFETY: live block-Jacobi PC; PETSc lends its array of block solvers.
        check(unsafe { sys::PCBJacobiGetSubKSP(self.ptr, &mut n, &mut first, &mut subs) })?;
        // SAFETY: `n` live solvers at `subs`.
        unsafe { self.child_ksps(subs, n) }
    }

    /// The number of blocks over all processes, with optionally the size of each
    /// (`PCBJacobiSetTotalBlocks`); before set-up. `lens` sums to the global size.
    #[doc(alias = "PCBJacobiSetTotalBlocks")]
    pub fn set_bjacobi_total_blocks(&mut self, blocks: Int, lens: Option<&[Int]>) -> Result<()> {
        self.require_type("Pc::set_bjacobi_total_blocks", BJACOBI)?;
        let lens = check_lens("Pc::set_bjacobi_total_blocks", blocks, lens)?;
        // SAFETY: live block-Jacobi PC; PETSc copies `blocks` lengths if given.
        check(unsafe { sys::PCBJacobiSetTotalBlocks(self.ptr, blocks, lens) })
    }

    /// The number of blocks on this process, with optionally the size of each
    /// (`PCBJacobiSetLocalBlocks`); before set-up.
    ///
    /// ```
    /// use petsc::PcType;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
    /// pc.set_type(PcType::Bjacobi)?;
    /// pc.set_bjacobi_local_blocks(3, Some(&[2, 2, 1]))?;
    /// assert_eq!(pc.bjacobi_local_blocks()?, 3);
    /// assert!(pc.set_bjacobi_local_blocks(3, Some(&[2, 2])).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCBJacobiSetLocalBlocks")]
    pub fn set_bjacobi_local_blocks(&mut self, blocks: Int, lens: Option<&[Int]>) -> Result<()> {
        self.require_type("Pc::set_bjacobi_local_blocks", BJACOBI)?;
        let lens = check_lens("Pc::set_bjacobi_local_blocks", blocks, lens)?;
        // SAFETY: live block-Jacobi PC; PETSc copies `blocks` lengths if given.
        check(unsafe { sys::PCBJacobiSetLocalBlocks(self.ptr, blocks, lens) })
    }

    /// The number of blocks over all processes (`PCBJacobiGetTotalBlocks`), as set
    /// or as chosen at set-up.
    #[doc(alias = "PCBJacobiGetTotalBlocks")]
    pub fn bjacobi_total_blocks(&self) -> Result<Int> {
        self.require_type("Pc::bjacobi_total_blocks", BJACOBI)?;
        let mut n: Int = 0;
        let mut lens: *const Int = std::ptr::null();
        // SAFETY: live block-Jacobi PC; two outputs (the lengths are not kept).
        check(unsafe { sys::PCBJacobiGetTotalBlocks(self.ptr, &mut n, &mut lens) })?;
        Ok(n)
    }

    /// The number of blocks on this process (`PCBJacobiGetLocalBlocks`).
    #[doc(alias = "PCBJacobiGetLocalBlocks")]
    pub fn bjacobi_local_blocks(&self) -> Result<Int> {
        self.require_type("Pc::bjacobi_local_blocks", BJACOBI)?;
        let mut n: Int = 0;
        let mut lens: *const Int = std::ptr::null();
        // SAFETY: live block-Jacobi PC; two outputs (the lengths are not kept).
        check(unsafe { sys::PCBJacobiGetLocalBlocks(self.ptr, &mut n, &mut lens) })?;
        Ok(n)
    }
}

/// The pointer to `lens` after checking it has `blocks` entries (null for `None`).
fn check_lens(context: &str, blocks: Int, lens: Option<&[Int]>) -> Result<*const Int> {
    if blocks < 1 {
        return Err(Error::invalid(
            context,
            format!("{blocks} blocks: need at least one"),
        ));
    }
    match lens {
        None => Ok(std::ptr::null()),
        Some(l) if l.len() == blocks as usize => Ok(l.as_ptr()),
        Some(l) => Err(Error::invalid(
            context,
            format!("{} block sizes given for {blocks} blocks", l.len()),
        )),
    }
}

/// Additive Schwarz (`PCASM`). Each method needs the type set to
/// [`PcType::Asm`](crate::PcType::Asm) and returns an `Err` otherwise.
impl Pc {
    crate::methods![for Pc;
        /// The restriction and interpolation variant (`PCASMSetType`).
        ///
        /// ```
        /// use petsc::{AsmType, PcType};
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
        /// pc.set_type(PcType::Asm)?;
        /// pc.set_asm_type(AsmType::Basic)?;
        /// pc.set_asm_overlap(2)?;
        /// pc.set_asm_sort_indices(false)?;
        /// assert_eq!(pc.asm_type()?, AsmType::Basic);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_asm_type(&mut self, ty: AsmType)
            = PCASMSetType as "PCASMSetType", needs require_type(ASM);

        /// The restriction and interpolation variant (`PCASMGetType`).
        pub fn asm_type(&self) -> AsmType = PCASMGetType as "PCASMGetType", needs require_type(ASM);

        /// The number of layers of overlap added to each subdomain (`PCASMSetOverlap`);
        /// before set-up.
        pub fn set_asm_overlap(&mut self, overlap: Int)
            = PCASMSetOverlap as "PCASMSetOverlap", needs require_type(ASM);

        /// Whether the subdomains' indices are sorted (`PCASMSetSortIndices`).
        pub fn set_asm_sort_indices(&mut self, sort: bool)
            = PCASMSetSortIndices as "PCASMSetSortIndices", needs require_type(ASM);
    ];

    /// The number of subdomains over all processes (`PCASMSetTotalSubdomains`),
    /// PETSc choosing them; before set-up.
    #[doc(alias = "PCASMSetTotalSubdomains")]
    pub fn set_asm_total_subdomains(&mut self, n: Int) -> Result<()> {
        self.require_type("Pc::set_asm_total_subdomains", ASM)?;
        // SAFETY: live ASM PC; no index sets are passed.
        check(unsafe {
            sys::PCASMSetTotalSubdomains(self.ptr, n, std::ptr::null_mut(), std::ptr::null_mut())
        })
    }

    /// This process's subdomains (`PCASMSetLocalSubdomains`): the rows of each
    /// (global numbers; overlap is added to them), and optionally the rows each owns
    /// without overlap (for [`AsmType::Restrict`]). PETSc keeps references to the sets.
    ///
    /// ```
    /// use petsc::{IndexSet, PcType};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut pc = petsc::Pc::new(&c)?;
    /// pc.set_type(PcType::Asm)?;
    /// let parts = [IndexSet::new_stride(&c, 3, 0, 1)?, IndexSet::new_stride(&c, 3, 3, 1)?];
    /// pc.set_asm_local_subdomains(&parts, None)?;
    /// let (is, local) = pc.asm_local_subdomains()?;
    /// assert_eq!(is.len(), 2);
    /// assert!(local.is_none());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCASMSetLocalSubdomains")]
    pub fn set_asm_local_subdomains(
        &mut self,
        is: &[IndexSet],
        is_local: Option<&[IndexSet]>,
    ) -> Result<()> {
        self.require_type("Pc::set_asm_local_subdomains", ASM)?;
        if is.is_empty() {
            return Err(Error::invalid(
                "Pc::set_asm_local_subdomains",
                "no subdomains given",
            ));
        }
        let mut raw: Vec<sys::IS> = is.iter().map(|s| s.ptr).collect();
        let mut raw_local: Option<Vec<sys::IS>> = match is_local {
            Some(l) if l.len() != is.len() => {
                return Err(Error::invalid(
                    "Pc::set_asm_local_subdomains",
                    format!("{} local parts for {} subdomains", l.len(), is.len()),
                ));
            }
            Some(l) => Some(l.iter().map(|s| s.ptr).collect()),
            None => None,
        };
        let local_ptr = raw_local
            .as_mut()
            .map_or(std::ptr::null_mut(), |v| v.as_mut_ptr());
        // SAFETY: live ASM PC and index sets; PETSc references each set and copies the
        // arrays of pointers.
        check(unsafe {
            sys::PCASMSetLocalSubdomains(self.ptr, raw.len() as Int, raw.as_mut_ptr(), local_ptr)
        })
    }

    /// This process's subdomains (`PCASMGetLocalSubdomains`): the rows of each (with
    /// the overlap after set-up) and, if known, the rows each owns without overlap.
    /// Empty before set-up unless they were set.
    #[doc(alias = "PCASMGetLocalSubdomains")]
    pub fn asm_local_subdomains(&self) -> Result<(Vec<IndexSet>, Option<Vec<IndexSet>>)> {
        self.require_type("Pc::asm_local_subdomains", ASM)?;
        let mut n: Int = 0;
        let (mut is, mut is_local): (*mut sys::IS, *mut sys::IS) =
            (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live ASM PC; PETSc lends its arrays of sets.
        check(unsafe { sys::PCASMGetLocalSubdomains(self.ptr, &mut n, &mut is, &mut is_local) })?;
        let wrap = |p: *mut sys::IS| -> Result<Option<Vec<IndexSet>>> {
            if p.is_null() || n <= 0 {
                return Ok(None);
            }
            // SAFETY: PETSc lent `n` entries at `p`.
            let raw = unsafe { std::slice::from_raw_parts(p, n as usize) };
            if raw.iter().any(|s| s.is_null()) {
                return Ok(None);
            }
            raw.iter()
                // SAFETY: live index sets; each handle takes a reference.
                .map(|&s| unsafe { IndexSet::from_raw_borrowed(&self.petsc, s) })
                .collect::<Result<Vec<_>>>()
                .map(Some)
        };
        Ok((wrap(is)?.unwrap_or_default(), wrap(is_local)?))
    }

    /// The solvers of this process's subdomains (`PCASMGetSubKSP`), after set-up;
    /// each handle holds its own reference and one to this preconditioner.
    ///
    /// ```
    /// use petsc::{InsertMode, Ksp, Mat, PcType, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(4, 4)).preallocate(1, 0).build()?;
    /// for i in 0..4 {
    ///     a.set_values(&[i], &[i], &[2.0], InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let mut ksp = Ksp::new(&c)?;
    /// ksp.set_operators(&a, &a)?;
    /// let mut pc = ksp.pc()?;
    /// pc.set_type(PcType::Asm)?;
    /// ksp.set_up()?;
    /// assert_eq!(pc.asm_sub_ksp()?.len(), 1);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCASMGetSubKSP")]
    pub fn asm_sub_ksp(&self) -> Result<Vec<Ksp>> {
        self.require_type("Pc::asm_sub_ksp", ASM)?;
        let (mut n, mut first): (Int, Int) = (0, 0);
        let mut subs: *mut sys::KSP = std::ptr::null_mut();
        // SAFETY: live ASM PC; PETSc lends its array of subdomain solvers.
        check(unsafe { sys::PCASMGetSubKSP(self.ptr, &mut n, &mut first, &mut subs) })?;
        // SAFETY: `n` live solvers at `subs`.
        unsafe { self.child_ksps(subs, n) }
    }
}

/// Generalized additive Schwarz (`PCGASM`), whose subdomains may span processes.
/// Each method needs the type set to [`PcType::Gasm`](crate::PcType::Gasm).
impl Pc {
    /// The restriction and interpolation variant (`PCGASMSetType`).
    ///
    /// ```
    /// use petsc::{AsmType, PcType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
    /// assert!(pc.set_gasm_type(AsmType::Basic).is_err());
    /// pc.set_type(PcType::Gasm)?;
    /// pc.set_gasm_type(AsmType::Basic)?;
    /// pc.set_gasm_overlap(1)?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCGASMSetType")]
    pub fn set_gasm_type(&mut self, ty: AsmType) -> Result<()> {
        self.require_type("Pc::set_gasm_type", GASM)?;
        // SAFETY: live GASM PC; the GASM variants have the ASM variants' values.
        check(unsafe { sys::PCGASMSetType(self.ptr, sys::PCGASMType(ty.raw().0)) })
    }

    crate::methods![for Pc;
        /// The number of layers of overlap added to each subdomain (`PCGASMSetOverlap`).
        pub fn set_gasm_overlap(&mut self, overlap: Int)
            = PCGASMSetOverlap as "PCGASMSetOverlap", needs require_type(GASM);
    ];
}
