//! Where a vector's entries live on a PETSc with GPU back ends (`VecBindToCPU`,
//! `VecGetOffloadMask`). Debian's PETSc, and any PETSc configured without a device,
//! keeps every vector on the CPU: binding does nothing there, a vector is always bound
//! to the CPU, and the offload mask says where PETSc records the data (see
//! [`OffloadMask`]).

use petsc_sys as sys;

use super::Vector;
use crate::error::{Result, check};
use crate::object::Object;

/// Which memory holds a vector's valid entries (`PetscOffloadMask`).
///
/// On a PETSc without GPUs, entries are always on the CPU. PETSc 3.19 and later say
/// so ([`Cpu`](Self::Cpu)) for the standard vector types once they have storage; PETSc
/// 3.18 never sets the mask there and reports [`Unallocated`](Self::Unallocated).
///
/// ```
/// use petsc::OffloadMask;
/// assert_eq!(OffloadMask::Both.name(), "PETSC_OFFLOAD_BOTH");
/// assert!(OffloadMask::Both.on_host() && OffloadMask::Both.on_device());
/// assert!(!OffloadMask::Unallocated.on_host());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OffloadMask {
    /// `PETSC_OFFLOAD_UNALLOCATED`: no memory holds valid entries (PETSc 3.18's value
    /// for every CPU vector, which it never updates).
    Unallocated,
    /// `PETSC_OFFLOAD_CPU`: the CPU copy is valid.
    Cpu,
    /// `PETSC_OFFLOAD_GPU`: the GPU copy is valid.
    Gpu,
    /// `PETSC_OFFLOAD_BOTH`: both are valid and equal.
    Both,
    /// `PETSC_OFFLOAD_KOKKOS`: Kokkos manages where the entries are.
    Kokkos,
    /// A value this version of petsc-rs does not name.
    Unknown(u32),
}

/// Every value PETSc reports has a mask ([`OffloadMask::Unknown`] for those not named).
impl crate::declare::COut for OffloadMask {
    type C = sys::PetscOffloadMask;
    fn c_init() -> sys::PetscOffloadMask {
        sys::PetscOffloadMask::PETSC_OFFLOAD_UNALLOCATED
    }
    unsafe fn from_c(c: sys::PetscOffloadMask, _: &str) -> Result<OffloadMask> {
        Ok(OffloadMask::from_raw(c))
    }
}

impl OffloadMask {
    /// The mask for PETSc's value.
    // `PetscOffloadMask`'s integer type is the C enum's, `u32` here.
    #[allow(clippy::unnecessary_cast)]
    pub fn from_raw(raw: sys::PetscOffloadMask) -> OffloadMask {
        match raw {
            sys::PetscOffloadMask::PETSC_OFFLOAD_UNALLOCATED => OffloadMask::Unallocated,
            sys::PetscOffloadMask::PETSC_OFFLOAD_CPU => OffloadMask::Cpu,
            sys::PetscOffloadMask::PETSC_OFFLOAD_GPU => OffloadMask::Gpu,
            sys::PetscOffloadMask::PETSC_OFFLOAD_BOTH => OffloadMask::Both,
            sys::PetscOffloadMask::PETSC_OFFLOAD_KOKKOS => OffloadMask::Kokkos,
            other => OffloadMask::Unknown(other.0 as u32),
        }
    }

    /// PETSc's name (`PetscOffloadMaskToString`; `PETSC_OFFLOAD_UNKNOWN` for
    /// [`Unknown`](Self::Unknown)).
    pub fn name(self) -> &'static str {
        match self {
            OffloadMask::Unallocated => "PETSC_OFFLOAD_UNALLOCATED",
            OffloadMask::Cpu => "PETSC_OFFLOAD_CPU",
            OffloadMask::Gpu => "PETSC_OFFLOAD_GPU",
            OffloadMask::Both => "PETSC_OFFLOAD_BOTH",
            OffloadMask::Kokkos => "PETSC_OFFLOAD_KOKKOS",
            OffloadMask::Unknown(_) => "PETSC_OFFLOAD_UNKNOWN",
        }
    }

    /// Whether the CPU copy is valid (`PetscOffloadHost`).
    pub fn on_host(self) -> bool {
        matches!(self, OffloadMask::Cpu | OffloadMask::Both)
    }

    /// Whether the GPU copy is valid (`PetscOffloadDevice`).
    pub fn on_device(self) -> bool {
        matches!(self, OffloadMask::Gpu | OffloadMask::Both)
    }
}

impl std::fmt::Display for OffloadMask {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OffloadMask::Unknown(v) => write!(f, "PetscOffloadMask({v})"),
            m => f.write_str(m.name()),
        }
    }
}

impl Vector {
    /// Keeps the vector's entries and operations on the CPU (`true`) or lets a GPU
    /// vector type use the device again (`false`) (`VecBindToCPU`; logically
    /// collective: the flag must be the same on every rank, an `Err` on every rank
    /// otherwise). On a PETSc without GPUs it changes nothing.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = petsc::Vector::new_mpi(&petsc.world(), None, Some(4))?;
    /// x.bind_to_cpu(true)?;
    /// assert!(x.bound_to_cpu()?);
    /// x.bind_to_cpu(false)?;
    /// assert!(x.bound_to_cpu()?); // still: no device here
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecBindToCPU")]
    pub fn bind_to_cpu(&mut self, flag: bool) -> Result<()> {
        const CTX: &str = "Vector::bind_to_cpu";
        self.comm().check_same(CTX, &[("flags", i64::from(flag))])?;
        let flag = if flag {
            sys::PETSC_BOOL_TRUE
        } else {
            sys::PETSC_BOOL_FALSE
        };
        // SAFETY: live vector, no view of it alive (binding may move the entries).
        check(unsafe { sys::VecBindToCPU(self.raw_write(CTX)?, flag) })
    }

    crate::methods![for Vector;
        /// Whether the vector is bound to the CPU (`VecBoundToCPU`): always `true` on a
        /// PETSc without GPUs.
        pub fn bound_to_cpu(&self) -> bool = VecBoundToCPU as "VecBoundToCPU";

        /// Which memory holds the vector's valid entries (`VecGetOffloadMask`); see
        /// [`OffloadMask`] for what a PETSc without GPUs reports.
        ///
        /// ```
        /// use petsc::OffloadMask;
        /// let petsc = petsc::Petsc::init()?;
        /// let mut x = petsc::Vector::new_seq(&petsc.self_comm(), 3)?;
        /// x.set(1.0)?;
        /// let m = x.offload_mask()?;
        /// assert!(m == OffloadMask::Cpu || m == OffloadMask::Unallocated, "{m}");
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn offload_mask(&self) -> OffloadMask = VecGetOffloadMask as "VecGetOffloadMask";
    ];
}
