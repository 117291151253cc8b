//! PETSc's error codes (`PETSC_ERR_*`) as an enum: [`ErrorCode`].

use std::fmt;

/// One of PETSc's error codes (`PETSC_ERR_*`), as returned by
/// [`Error::error_code`](crate::Error::error_code).
///
/// Named after PETSc's constants (`PETSC_ERR_ARG_OUTOFRANGE` is
/// [`ArgOutOfRange`](Self::ArgOutOfRange)); a code this PETSc release does not name is
/// kept as [`Other`](Self::Other), never transmuted. Converting to and from the number
/// round-trips, and two values are equal when their numbers are (`Other(56) == Sup`).
/// Displayed as PETSc's name of the constant.
///
/// ```
/// use petsc::ErrorCode;
///
/// assert_eq!(ErrorCode::from(56), ErrorCode::Sup);
/// assert_eq!(ErrorCode::Sup.code(), 56);
/// assert_eq!(i32::from(ErrorCode::ArgOutOfRange), 63);
/// assert_eq!(ErrorCode::from(1234), ErrorCode::Other(1234));
/// assert_eq!(ErrorCode::FileOpen.to_string(), "PETSC_ERR_FILE_OPEN");
/// ```
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `PETSC_ERR_MEM` (55): unable to allocate the requested memory.
    #[doc(alias = "PETSC_ERR_MEM")]
    Mem,
    /// `PETSC_ERR_SUP` (56): no support for the requested operation.
    #[doc(alias = "PETSC_ERR_SUP")]
    Sup,
    /// `PETSC_ERR_SUP_SYS` (57): no support for the requested operation on this system.
    #[doc(alias = "PETSC_ERR_SUP_SYS")]
    SupSys,
    /// `PETSC_ERR_ORDER` (58): operation done in the wrong order.
    #[doc(alias = "PETSC_ERR_ORDER")]
    Order,
    /// `PETSC_ERR_SIG` (59): signal received.
    #[doc(alias = "PETSC_ERR_SIG")]
    Sig,
    /// `PETSC_ERR_ARG_SIZ` (60): nonconforming object sizes.
    #[doc(alias = "PETSC_ERR_ARG_SIZ")]
    ArgSiz,
    /// `PETSC_ERR_ARG_IDN` (61): two arguments not allowed to be the same.
    #[doc(alias = "PETSC_ERR_ARG_IDN")]
    ArgIdn,
    /// `PETSC_ERR_ARG_WRONG` (62): wrong argument (but the object is probably fine).
    #[doc(alias = "PETSC_ERR_ARG_WRONG")]
    ArgWrong,
    /// `PETSC_ERR_ARG_OUTOFRANGE` (63): argument out of range.
    #[doc(alias = "PETSC_ERR_ARG_OUTOFRANGE")]
    ArgOutOfRange,
    /// `PETSC_ERR_ARG_CORRUPT` (64): null or corrupted PETSc object as argument.
    #[doc(alias = "PETSC_ERR_ARG_CORRUPT")]
    ArgCorrupt,
    /// `PETSC_ERR_FILE_OPEN` (65): unable to open a file.
    #[doc(alias = "PETSC_ERR_FILE_OPEN")]
    FileOpen,
    /// `PETSC_ERR_FILE_READ` (66): unable to read from a file.
    #[doc(alias = "PETSC_ERR_FILE_READ")]
    FileRead,
    /// `PETSC_ERR_FILE_WRITE` (67): unable to write to a file.
    #[doc(alias = "PETSC_ERR_FILE_WRITE")]
    FileWrite,
    /// `PETSC_ERR_ARG_BADPTR` (68): invalid pointer argument.
    #[doc(alias = "PETSC_ERR_ARG_BADPTR")]
    ArgBadPtr,
    /// `PETSC_ERR_ARG_NOTSAMETYPE` (69): two arguments must be of the same type.
    #[doc(alias = "PETSC_ERR_ARG_NOTSAMETYPE")]
    ArgNotSameType,
    /// `PETSC_ERR_POINTER` (70): pointer does not point to a valid address.
    #[doc(alias = "PETSC_ERR_POINTER")]
    Pointer,
    /// `PETSC_ERR_MAT_LU_ZRPVT` (71): zero pivot in an LU factorization.
    #[doc(alias = "PETSC_ERR_MAT_LU_ZRPVT")]
    MatLuZrpvt,
    /// `PETSC_ERR_FP` (72): floating point exception.
    #[doc(alias = "PETSC_ERR_FP")]
    Fp,
    /// `PETSC_ERR_ARG_WRONGSTATE` (73): object in the wrong state (an unassembled matrix).
    #[doc(alias = "PETSC_ERR_ARG_WRONGSTATE")]
    ArgWrongState,
    /// `PETSC_ERR_COR` (74): corrupted PETSc object.
    #[doc(alias = "PETSC_ERR_COR")]
    Cor,
    /// `PETSC_ERR_ARG_INCOMP` (75): two arguments are incompatible.
    #[doc(alias = "PETSC_ERR_ARG_INCOMP")]
    ArgIncomp,
    /// `PETSC_ERR_LIB` (76): error in a library called by PETSc.
    #[doc(alias = "PETSC_ERR_LIB")]
    Lib,
    /// `PETSC_ERR_PLIB` (77): PETSc generated inconsistent data.
    #[doc(alias = "PETSC_ERR_PLIB")]
    Plib,
    /// `PETSC_ERR_MEMC` (78): memory corruption.
    #[doc(alias = "PETSC_ERR_MEMC")]
    Memc,
    /// `PETSC_ERR_FILE_UNEXPECTED` (79): unexpected data in a file.
    #[doc(alias = "PETSC_ERR_FILE_UNEXPECTED")]
    FileUnexpected,
    /// `PETSC_ERR_ARG_NOTSAMECOMM` (80): two arguments must share a communicator.
    #[doc(alias = "PETSC_ERR_ARG_NOTSAMECOMM")]
    ArgNotSameComm,
    /// `PETSC_ERR_MAT_CH_ZRPVT` (81): zero pivot in a Cholesky factorization.
    #[doc(alias = "PETSC_ERR_MAT_CH_ZRPVT")]
    MatChZrpvt,
    /// `PETSC_ERR_CONV_FAILED` (82): an iterative method failed.
    #[doc(alias = "PETSC_ERR_CONV_FAILED")]
    ConvFailed,
    /// `PETSC_ERR_USER` (83): a needed user function was not provided; also the code of
    /// a failed Rust callback.
    #[doc(alias = "PETSC_ERR_USER")]
    User,
    /// `PETSC_ERR_INT_OVERFLOW` (84): integer overflow.
    #[doc(alias = "PETSC_ERR_INT_OVERFLOW")]
    IntOverflow,
    /// `PETSC_ERR_ARG_NULL` (85): null argument where one is not allowed.
    #[doc(alias = "PETSC_ERR_ARG_NULL")]
    ArgNull,
    /// `PETSC_ERR_ARG_UNKNOWN_TYPE` (86): type name matches no registered type.
    #[doc(alias = "PETSC_ERR_ARG_UNKNOWN_TYPE")]
    ArgUnknownType,
    /// `PETSC_ERR_MPI_LIB_INCOMP` (87): the MPI library at run time differs from the
    /// one compiled against.
    #[doc(alias = "PETSC_ERR_MPI_LIB_INCOMP")]
    MpiLibIncomp,
    /// `PETSC_ERR_SYS` (88): error in a system call.
    #[doc(alias = "PETSC_ERR_SYS")]
    Sys,
    /// `PETSC_ERR_ARG_TYPENOTSET` (89): the object's type has not been set.
    #[doc(alias = "PETSC_ERR_ARG_TYPENOTSET")]
    ArgTypeNotSet,
    /// `PETSC_ERR_FLOP_COUNT` (90): flop count error.
    #[doc(alias = "PETSC_ERR_FLOP_COUNT")]
    FlopCount,
    /// `PETSC_ERR_NOT_CONVERGED` (91): a solver did not converge.
    #[doc(alias = "PETSC_ERR_NOT_CONVERGED")]
    NotConverged,
    /// `PETSC_ERR_MISSING_FACTOR` (92): `MatGetFactor()` failed.
    #[doc(alias = "PETSC_ERR_MISSING_FACTOR")]
    MissingFactor,
    /// `PETSC_ERR_OPT_OVERWRITE` (93): an option that must not change was overwritten.
    #[doc(alias = "PETSC_ERR_OPT_OVERWRITE")]
    OptOverwrite,
    /// `PETSC_ERR_WRONG_MPI_SIZE` (94): run with a number of ranks it does not support.
    #[doc(alias = "PETSC_ERR_WRONG_MPI_SIZE")]
    WrongMpiSize,
    /// `PETSC_ERR_USER_INPUT` (95): missing or incorrect user input.
    #[doc(alias = "PETSC_ERR_USER_INPUT")]
    UserInput,
    /// `PETSC_ERR_GPU_RESOURCE` (96): unable to load a GPU resource.
    #[doc(alias = "PETSC_ERR_GPU_RESOURCE")]
    GpuResource,
    /// `PETSC_ERR_GPU` (97): error from a GPU call.
    #[doc(alias = "PETSC_ERR_GPU")]
    Gpu,
    /// `PETSC_ERR_MPI` (98): general MPI error.
    #[doc(alias = "PETSC_ERR_MPI")]
    Mpi,
    /// `PETSC_ERR_RETURN` (99): `PetscError()` returned 0 where it must not.
    #[doc(alias = "PETSC_ERR_RETURN")]
    Return,
    /// `PETSC_ERR_MEM_LEAK` (100, PETSc 3.20 and later): memory allocation and
    /// freeing do not balance.
    #[doc(alias = "PETSC_ERR_MEM_LEAK")]
    MemLeak,
    /// `PETSC_ERR_PYTHON` (101, PETSc 3.20 and later): exception in Python.
    #[doc(alias = "PETSC_ERR_PYTHON")]
    Python,
    /// A code not named above (a newer PETSc's, or one a library registered), kept as
    /// the number.
    Other(i32),
}

/// Every named code with its number and PETSc's name: the one table both conversions
/// and `Display` read.
const TABLE: [(ErrorCode, i32, &str); 47] = [
    (ErrorCode::Mem, 55, "PETSC_ERR_MEM"),
    (ErrorCode::Sup, 56, "PETSC_ERR_SUP"),
    (ErrorCode::SupSys, 57, "PETSC_ERR_SUP_SYS"),
    (ErrorCode::Order, 58, "PETSC_ERR_ORDER"),
    (ErrorCode::Sig, 59, "PETSC_ERR_SIG"),
    (ErrorCode::ArgSiz, 60, "PETSC_ERR_ARG_SIZ"),
    (ErrorCode::ArgIdn, 61, "PETSC_ERR_ARG_IDN"),
    (ErrorCode::ArgWrong, 62, "PETSC_ERR_ARG_WRONG"),
    (ErrorCode::ArgOutOfRange, 63, "PETSC_ERR_ARG_OUTOFRANGE"),
    (ErrorCode::ArgCorrupt, 64, "PETSC_ERR_ARG_CORRUPT"),
    (ErrorCode::FileOpen, 65, "PETSC_ERR_FILE_OPEN"),
    (ErrorCode::FileRead, 66, "PETSC_ERR_FILE_READ"),
    (ErrorCode::FileWrite, 67, "PETSC_ERR_FILE_WRITE"),
    (ErrorCode::ArgBadPtr, 68, "PETSC_ERR_ARG_BADPTR"),
    (ErrorCode::ArgNotSameType, 69, "PETSC_ERR_ARG_NOTSAMETYPE"),
    (ErrorCode::Pointer, 70, "PETSC_ERR_POINTER"),
    (ErrorCode::MatLuZrpvt, 71, "PETSC_ERR_MAT_LU_ZRPVT"),
    (ErrorCode::Fp, 72, "PETSC_ERR_FP"),
    (ErrorCode::ArgWrongState, 73, "PETSC_ERR_ARG_WRONGSTATE"),
    (ErrorCode::Cor, 74, "PETSC_ERR_COR"),
    (ErrorCode::ArgIncomp, 75, "PETSC_ERR_ARG_INCOMP"),
    (ErrorCode::Lib, 76, "PETSC_ERR_LIB"),
    (ErrorCode::Plib, 77, "PETSC_ERR_PLIB"),
    (ErrorCode::Memc, 78, "PETSC_ERR_MEMC"),
    (ErrorCode::FileUnexpected, 79, "PETSC_ERR_FILE_UNEXPECTED"),
    (ErrorCode::ArgNotSameComm, 80, "PETSC_ERR_ARG_NOTSAMECOMM"),
    (ErrorCode::MatChZrpvt, 81, "PETSC_ERR_MAT_CH_ZRPVT"),
    (ErrorCode::ConvFailed, 82, "PETSC_ERR_CONV_FAILED"),
    (ErrorCode::User, 83, "PETSC_ERR_USER"),
    (ErrorCode::IntOverflow, 84, "PETSC_ERR_INT_OVERFLOW"),
    (ErrorCode::ArgNull, 85, "PETSC_ERR_ARG_NULL"),
    (ErrorCode::ArgUnknownType, 86, "PETSC_ERR_ARG_UNKNOWN_TYPE"),
    (ErrorCode::MpiLibIncomp, 87, "PETSC_ERR_MPI_LIB_INCOMP"),
    (ErrorCode::Sys, 88, "PETSC_ERR_SYS"),
    (ErrorCode::ArgTypeNotSet, 89, "PETSC_ERR_ARG_TYPENOTSET"),
    (ErrorCode::FlopCount, 90, "PETSC_ERR_FLOP_COUNT"),
    (ErrorCode::NotConverged, 91, "PETSC_ERR_NOT_CONVERGED"),
    (ErrorCode::MissingFactor, 92, "PETSC_ERR_MISSING_FACTOR"),
    (ErrorCode::OptOverwrite, 93, "PETSC_ERR_OPT_OVERWRITE"),
    (ErrorCode::WrongMpiSize, 94, "PETSC_ERR_WRONG_MPI_SIZE"),
    (ErrorCode::UserInput, 95, "PETSC_ERR_USER_INPUT"),
    (ErrorCode::GpuResource, 96, "PETSC_ERR_GPU_RESOURCE"),
    (ErrorCode::Gpu, 97, "PETSC_ERR_GPU"),
    (ErrorCode::Mpi, 98, "PETSC_ERR_MPI"),
    (ErrorCode::Return, 99, "PETSC_ERR_RETURN"),
    (ErrorCode::MemLeak, 100, "PETSC_ERR_MEM_LEAK"),
    (ErrorCode::Python, 101, "PETSC_ERR_PYTHON"),
];

impl ErrorCode {
    /// PETSc's number for this code.
    ///
    /// ```
    /// assert_eq!(petsc::ErrorCode::FileOpen.code(), 65);
    /// ```
    pub fn code(self) -> i32 {
        match self {
            ErrorCode::Other(n) => n,
            named => TABLE
                .iter()
                .find(|(c, _, _)| std::mem::discriminant(c) == std::mem::discriminant(&named))
                .map_or(0, |&(_, n, _)| n),
        }
    }

    /// PETSc's name of the constant (`"PETSC_ERR_SUP"`), `None` for [`Other`](Self::Other)
    /// codes PETSc does not name.
    ///
    /// ```
    /// assert_eq!(petsc::ErrorCode::from(56).name(), Some("PETSC_ERR_SUP"));
    /// assert_eq!(petsc::ErrorCode::from(7).name(), None);
    /// ```
    pub fn name(self) -> Option<&'static str> {
        let n = self.code();
        TABLE.iter().find(|&&(_, m, _)| m == n).map(|&(_, _, s)| s)
    }
}

impl From<i32> for ErrorCode {
    fn from(n: i32) -> ErrorCode {
        TABLE
            .iter()
            .find(|&&(_, m, _)| m == n)
            .map_or(ErrorCode::Other(n), |&(c, _, _)| c)
    }
}

impl From<ErrorCode> for i32 {
    fn from(c: ErrorCode) -> i32 {
        c.code()
    }
}

impl PartialEq for ErrorCode {
    fn eq(&self, other: &ErrorCode) -> bool {
        self.code() == other.code()
    }
}

impl Eq for ErrorCode {}

impl std::hash::Hash for ErrorCode {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.code().hash(state);
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "PETSc error code {}", self.code()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ErrorCode, TABLE};

    /// Every named code round-trips through its number, and the numbers are distinct.
    #[test]
    fn codes_round_trip() {
        for &(c, n, name) in &TABLE {
            assert_eq!(ErrorCode::from(n), c);
            assert_eq!(c.code(), n);
            assert_eq!(c.to_string(), name);
            assert!(!matches!(ErrorCode::from(n), ErrorCode::Other(_)), "{name}");
        }
        assert_eq!(ErrorCode::from(56), ErrorCode::Sup);
        assert_eq!(ErrorCode::Other(56), ErrorCode::Sup);
        assert_eq!(ErrorCode::from(-3).code(), -3);
        assert_eq!(ErrorCode::from(0).to_string(), "PETSc error code 0");
    }
}
