//! What the workshop examples share, one module per topic:
//!
//! - [`program`]: the errors that end an example on every rank ([`usage_error`],
//!   [`check_failed`], [`help_text`]), [`all_agree`], [`real_only`];
//! - [`flags`]: the programs' own `--flags` ([`Flags`], [`require`]);
//! - [`scalar`]: real and complex PETSc scalars ([`scalar()`], [`real`], [`modulus`]);
//! - [`random`]: reproducible random numbers ([`stream`], [`hash`]);
//! - [`numerics`]: block partitions and the self-checks' small serial references
//!   ([`block_range`], [`dense_solve`], [`chi2_1df_pvalue`]);
//! - file formats and what is computed from them: [`matpower`] (MATPOWER cases),
//!   [`change_table`] (MATPOWER's change tables: contingencies) and [`dcpf`] (their DC
//!   power flow), [`plink`] (PLINK binary filesets) and
//!   [`plink_assoc`] (PLINK's association test and table);
//! - [`plot`]: pictures (PNG files) and the fields they show;
//! - [`progress`]: progress of long runs on rank 0.
//!
//! Each example is one file in the folder above this one (`t2_fit`, the largest, a
//! folder). The names used by most examples are re-exported here.
//!
//! Nothing here depends on the number of MPI ranks: random numbers are a pure function
//! of `(seed, key)`, so data generated for a global index is the same on every rank
//! count.

#![warn(missing_docs)]

pub mod change_table;
pub mod dcpf;
pub mod flags;
pub mod matpower;
pub mod numerics;
pub mod plink;
pub mod plink_assoc;
pub mod plot;
pub mod program;
pub mod progress;
pub mod random;
pub mod scalar;

pub use flags::{require, Flags};
pub use numerics::{block_range, chi2_1df_pvalue, dense_solve};
pub use program::{
    all_agree, check_failed, help_text, println0, real_only, usage_error, PETSC_DIR, PETSC_FOUND,
};
pub use random::{hash, splitmix64, stream, StreamRng};
pub use scalar::{modulus, real, real_parts, scalar};
