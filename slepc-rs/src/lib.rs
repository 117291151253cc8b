//! Safe bindings to SLEPc (eigenvalue problems) over `petsc-rs`.
//!
//! This crate holds the place of the SLEPc bindings in the workspace; EPS and ST arrive
//! with their raw crate `slepc-sys`. It re-exports `petsc` so that dependents name one
//! version of it.

#![warn(missing_docs)]

pub use petsc;
