//! The traits a program needs in scope, in one import: `use petsc::prelude::*;`.
//!
//! Methods that every PETSc object has ([`Object`]: `type_name`, `set_name`, `view`,
//! `set_from_options`, ...), those of every DM ([`DmBase`], and
//! [`DmDiscretization`] for fields and discrete systems), and `?` with a message on
//! other libraries' errors ([`Context`]) come from traits; without the trait in scope a
//! call fails to compile with "no method named ...". The types themselves stay under
//! `petsc::` (`petsc::Ksp`, `petsc::Vector`, ...).
//!
//! ```
//! use petsc::prelude::*;
//!
//! let petsc = petsc::Petsc::init()?;
//! let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
//! ksp.set_type(petsc::KspType::Cg)?;
//! assert_eq!(ksp.type_name()?, "cg");
//! let n: u32 = "8".parse().context("reading n")?;
//! assert_eq!(n, 8);
//! # Ok::<(), petsc::Error>(())
//! ```

pub use crate::dm::DmBase;
pub use crate::error::Context;
pub use crate::fe::DmDiscretization;
pub use crate::object::Object;
