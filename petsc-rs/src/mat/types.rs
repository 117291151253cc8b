//! The names and flags matrix calls take: type names, options, structure flags, ordering
//! names, and `MatInfo`.

use petsc_sys as sys;

use crate::object::type_enum;

type_enum!(
    /// A matrix type name (`MatType`), as `-mat_type` takes it. `Aij`, `Baij`, `Sbaij`
    /// and `Dense` become the sequential or the distributed type by the communicator's
    /// size, as in PETSc.
    MatType {
        Aij = "aij" "Compressed sparse rows (`MATAIJ`).",
        SeqAij = "seqaij" "Sequential AIJ (`MATSEQAIJ`).",
        MpiAij = "mpiaij" "Distributed AIJ (`MATMPIAIJ`).",
        Baij = "baij" "Block compressed rows (`MATBAIJ`).",
        SeqBaij = "seqbaij" "Sequential BAIJ (`MATSEQBAIJ`).",
        MpiBaij = "mpibaij" "Distributed BAIJ (`MATMPIBAIJ`).",
        Sbaij = "sbaij" "Symmetric block compressed rows, upper triangle stored (`MATSBAIJ`).",
        SeqSbaij = "seqsbaij" "Sequential SBAIJ (`MATSEQSBAIJ`).",
        MpiSbaij = "mpisbaij" "Distributed SBAIJ (`MATMPISBAIJ`).",
        Dense = "dense" "Dense, column-major (`MATDENSE`).",
        SeqDense = "seqdense" "Sequential dense (`MATSEQDENSE`).",
        MpiDense = "mpidense" "Distributed dense, rows split over the ranks (`MATMPIDENSE`).",
        AijCrl = "aijcrl" "AIJ with compressed-row storage of the structure (`MATAIJCRL`).",
        Sell = "sell" "Sliced ELLPACK (`MATSELL`).",
        Shell = "shell" "Matrix-free, products by closures (`MATSHELL`).",
    }
);

crate::c_enum! {
    /// A matrix option for [`Mat::set_option`](crate::Mat::set_option) (`MatOption`).
    #[non_exhaustive]
    pub MatOption: sys::MatOption {
        /// Values given to `set_values` are row by row (default `true`); `false` reads them
        /// column by column (`MAT_ROW_ORIENTED`).
        RowOriented = MAT_ROW_ORIENTED,
        /// The matrix is symmetric (`MAT_SYMMETRIC`).
        Symmetric = MAT_SYMMETRIC,
        /// The non-zero pattern is symmetric (`MAT_STRUCTURALLY_SYMMETRIC`).
        StructurallySymmetric = MAT_STRUCTURALLY_SYMMETRIC,
        /// The matrix is Hermitian (`MAT_HERMITIAN`).
        Hermitian = MAT_HERMITIAN,
        /// The matrix is symmetric positive definite (`MAT_SPD`).
        Spd = MAT_SPD,
        /// The symmetry flags stay true through later changes (`MAT_SYMMETRY_ETERNAL`).
        SymmetryEternal = MAT_SYMMETRY_ETERNAL,
        /// Zero values given to `set_values` are not stored (`MAT_IGNORE_ZERO_ENTRIES`).
        IgnoreZeroEntries = MAT_IGNORE_ZERO_ENTRIES,
        /// Entries for rows of other ranks are dropped (`MAT_IGNORE_OFF_PROC_ENTRIES`).
        IgnoreOffProcEntries = MAT_IGNORE_OFF_PROC_ENTRIES,
        /// Entries outside the current pattern are allowed (`MAT_NEW_NONZERO_LOCATIONS`,
        /// default `true`); `false` drops them silently.
        NewNonzeroLocations = MAT_NEW_NONZERO_LOCATIONS,
        /// An entry outside the current pattern is an error (`MAT_NEW_NONZERO_LOCATION_ERR`).
        NewNonzeroLocationErr = MAT_NEW_NONZERO_LOCATION_ERR,
        /// An entry that needs a new allocation is an error
        /// (`MAT_NEW_NONZERO_ALLOCATION_ERR`).
        NewNonzeroAllocationErr = MAT_NEW_NONZERO_ALLOCATION_ERR,
        /// `zero_rows` keeps the zeroed entries in the pattern (`MAT_KEEP_NONZERO_PATTERN`).
        KeepNonzeroPattern = MAT_KEEP_NONZERO_PATTERN,
        /// No rank sets entries of rows it does not own (`MAT_NO_OFF_PROC_ENTRIES`).
        NoOffProcEntries = MAT_NO_OFF_PROC_ENTRIES,
        /// Assembly uses a hash table until the first final assembly (`MAT_USE_HASH_TABLE`).
        UseHashTable = MAT_USE_HASH_TABLE,
        /// Lower-triangle entries given to an SBAIJ matrix are dropped instead of refused
        /// (`MAT_IGNORE_LOWER_TRIANGULAR`).
        IgnoreLowerTriangular = MAT_IGNORE_LOWER_TRIANGULAR,
        /// Each `set_values` call gives full, sorted rows (`MAT_SORTED_FULL`).
        SortedFull = MAT_SORTED_FULL,
        /// `MatGetRow` of an SBAIJ matrix gives the stored upper triangle of the row
        /// instead of refusing (`MAT_GETROW_UPPERTRIANGULAR`).
        GetrowUppertriangular = MAT_GETROW_UPPERTRIANGULAR,
    }
}

/// Non-zeros to preallocate in a part of each (block) row, as
/// [`Mat::set_preallocation_nnz`](crate::Mat::set_preallocation_nnz) takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Nnz<'a> {
    /// PETSc's default count (`PETSC_DEFAULT`).
    #[default]
    Default,
    /// The same count in every (block) row.
    Each(crate::scalar::Int),
    /// One count per (block) row of this rank.
    Rows(&'a [crate::scalar::Int]),
}

crate::c_enum! {
    /// What [`Mat::duplicate`](crate::Mat::duplicate) copies besides the layout
    /// (`MatDuplicateOption`). `true` and `false` convert to `CopyValues` and
    /// `DoNotCopyValues`, as the first `duplicate(bool)` took them.
    pub MatDuplicateOption: sys::MatDuplicateOption {
        /// The non-zero pattern, values zeroed (`MAT_DO_NOT_COPY_VALUES`).
        DoNotCopyValues = MAT_DO_NOT_COPY_VALUES,
        /// The non-zero pattern and the values (`MAT_COPY_VALUES`).
        CopyValues = MAT_COPY_VALUES,
        /// The non-zero pattern, shared with the original rather than copied; values
        /// zeroed (`MAT_SHARE_NONZERO_PATTERN`; AIJ types).
        ShareNonzeroPattern = MAT_SHARE_NONZERO_PATTERN,
    }
}

impl From<bool> for MatDuplicateOption {
    /// `true` is [`CopyValues`](Self::CopyValues), `false`
    /// [`DoNotCopyValues`](Self::DoNotCopyValues).
    fn from(copy_values: bool) -> Self {
        if copy_values {
            MatDuplicateOption::CopyValues
        } else {
            MatDuplicateOption::DoNotCopyValues
        }
    }
}

crate::c_enum! {
    /// Which assembly [`Mat::assembly_begin`](crate::Mat::assembly_begin) starts
    /// (`MatAssemblyType`). `true` and `false` convert to `Final` and `Flush`, as the
    /// first `assembly_begin(bool)` took them.
    ///
    /// ```
    /// use petsc::MatAssemblyType;
    /// assert_eq!(MatAssemblyType::from(true), MatAssemblyType::Final);
    /// assert_eq!(MatAssemblyType::default(), MatAssemblyType::Final);
    /// ```
    #[derive(Default)]
    pub MatAssemblyType: sys::MatAssemblyType {
        /// The last assembly before the matrix is used (`MAT_FINAL_ASSEMBLY`).
        #[default]
        Final = MAT_FINAL_ASSEMBLY,
        /// An intermediate one, to switch between inserting and adding values
        /// (`MAT_FLUSH_ASSEMBLY`); a final assembly must follow before use.
        Flush = MAT_FLUSH_ASSEMBLY,
    }
}

impl From<bool> for MatAssemblyType {
    /// `true` is [`Final`](Self::Final), `false` [`Flush`](Self::Flush).
    fn from(final_assembly: bool) -> Self {
        if final_assembly {
            MatAssemblyType::Final
        } else {
            MatAssemblyType::Flush
        }
    }
}

crate::c_enum! {
    /// How the non-zero patterns of two matrices relate, for sums and copies
    /// (`MatStructure`).
    #[derive(Default)]
    pub MatStructure: sys::MatStructure {
        /// The patterns are the same (`SAME_NONZERO_PATTERN`): fastest, and wrong if not true.
        Same = SAME_NONZERO_PATTERN,
        /// The other's pattern is contained in this one's (`SUBSET_NONZERO_PATTERN`).
        Subset = SUBSET_NONZERO_PATTERN,
        /// Nothing is known (`DIFFERENT_NONZERO_PATTERN`): always right.
        #[default]
        Different = DIFFERENT_NONZERO_PATTERN,
        /// Let PETSc find out (`UNKNOWN_NONZERO_PATTERN`).
        Unknown = UNKNOWN_NONZERO_PATTERN,
    }
}

type_enum!(
    /// A fill-reducing ordering for factorizations (`MatOrderingType`).
    Ordering {
        Natural = "natural" "No reordering (`MATORDERINGNATURAL`).",
        NestedDissection = "nd" "Nested dissection (`MATORDERINGND`).",
        OneWayDissection = "1wd" "One-way dissection (`MATORDERING1WD`).",
        Rcm = "rcm" "Reverse Cuthill-McKee (`MATORDERINGRCM`).",
        Qmd = "qmd" "Quotient minimum degree (`MATORDERINGQMD`).",
        Amd = "amd" "Approximate minimum degree (`MATORDERINGAMD`).",
    }
);

crate::c_enum! {
    /// Which ranks [`Mat::info`](crate::Mat::info) counts (`MatInfoType`).
    #[derive(Default)]
    pub MatInfoType: sys::MatInfoType {
        /// This rank's part (`MAT_LOCAL`).
        Local = MAT_LOCAL,
        /// The largest value over the ranks (`MAT_GLOBAL_MAX`).
        GlobalMax = MAT_GLOBAL_MAX,
        /// The sum over the ranks (`MAT_GLOBAL_SUM`).
        #[default]
        GlobalSum = MAT_GLOBAL_SUM,
    }
}

/// Storage counts of a matrix ([`Mat::info`](crate::Mat::info), `MatInfo`). PETSc
/// reports them as floating-point numbers; they are whole numbers here.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct MatInfo {
    /// Block size.
    pub block_size: u64,
    /// Non-zeros allocated.
    pub nz_allocated: u64,
    /// Non-zeros used.
    pub nz_used: u64,
    /// Non-zeros allocated but not used.
    pub nz_unneeded: u64,
    /// Memory allocated, in bytes.
    pub memory: u64,
    /// Number of assemblies.
    pub assemblies: u64,
    /// Number of mallocs during `set_values`.
    pub mallocs: u64,
    /// Fill ratio given to a factorization.
    pub fill_ratio_given: f64,
    /// Fill ratio the factorization needed.
    pub fill_ratio_needed: f64,
    /// Mallocs during the factorization.
    pub factor_mallocs: u64,
}

impl From<sys::MatInfo> for MatInfo {
    fn from(i: sys::MatInfo) -> MatInfo {
        let n = |x: f64| x.max(0.0).round() as u64;
        MatInfo {
            block_size: n(i.block_size),
            nz_allocated: n(i.nz_allocated),
            nz_used: n(i.nz_used),
            nz_unneeded: n(i.nz_unneeded),
            memory: n(i.memory),
            assemblies: n(i.assemblies),
            mallocs: n(i.mallocs),
            fill_ratio_given: i.fill_ratio_given,
            fill_ratio_needed: i.fill_ratio_needed,
            factor_mallocs: n(i.factor_mallocs),
        }
    }
}
