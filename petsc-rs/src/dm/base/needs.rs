//! The argument checks of [`DmBase`]'s declared methods, as methods of every DM: what
//! the `needs` of a [`methods!`](crate::methods) declaration calls before PETSc is.
//! Each is an `Err` naming `ctx` (the method) and the fault.

use crate::dm::DmBase;
use crate::dm::checks::{check_field, check_field_array, check_point, existing_label};
use crate::error::{Error, Result};
use crate::scalar::Int;

/// The checks, each a method that a declaration's `needs check(args)` calls as
/// `self.check(ctx, args)`.
pub(super) trait Needs {
    /// A coordinate dimension, 1 to 3.
    fn coordinate_dim_valid(&self, ctx: &str, dim: Int) -> Result<()>;

    /// A number of fields: not negative, and the number the DM has if it keeps no field
    /// array (a DMDA of PETSc 3.23.1 and later).
    fn num_fields_valid(&self, ctx: &str, n: Int) -> Result<()>;

    /// A field of the DM's field array.
    fn field_valid(&self, ctx: &str, field: Int) -> Result<()>;

    /// The name of a label of the DM.
    fn label_valid(&self, ctx: &str, name: &str) -> Result<()>;

    /// The index of a label of the DM.
    fn label_index_valid(&self, ctx: &str, index: Int) -> Result<()>;

    /// A point: not negative.
    fn point_valid(&self, ctx: &str, point: Int) -> Result<()>;

    /// A point and the name of a label of the DM.
    fn point_label_valid(&self, ctx: &str, point: Int, name: &str) -> Result<()>;
}

impl<D: DmBase + ?Sized> Needs for D {
    fn coordinate_dim_valid(&self, ctx: &str, dim: Int) -> Result<()> {
        if !(1..=3).contains(&dim) {
            return Err(Error::out_of_range(
                ctx,
                format!("coordinate dimension {dim} is not in 1..=3"),
            ));
        }
        Ok(())
    }

    fn num_fields_valid(&self, ctx: &str, n: Int) -> Result<()> {
        if n < 0 {
            return Err(Error::out_of_range(
                ctx,
                format!("number of fields {n} is negative"),
            ));
        }
        // Without a field array (a DMDA of PETSc 3.23.1 and later) only the number it has.
        if n != self.num_fields()? {
            check_field_array(self, ctx)?;
        }
        Ok(())
    }

    fn field_valid(&self, ctx: &str, field: Int) -> Result<()> {
        check_field_array(self, ctx)?;
        check_field(self, ctx, field)
    }

    fn label_valid(&self, ctx: &str, name: &str) -> Result<()> {
        existing_label(self, ctx, name).map(drop)
    }

    fn label_index_valid(&self, ctx: &str, index: Int) -> Result<()> {
        let n = self.num_labels()?;
        if (0..n).contains(&index) {
            return Ok(());
        }
        Err(Error::out_of_range(
            ctx,
            format!("label index {index} is not in 0..{n}"),
        ))
    }

    fn point_valid(&self, ctx: &str, point: Int) -> Result<()> {
        check_point(ctx, point)
    }

    fn point_label_valid(&self, ctx: &str, point: Int, name: &str) -> Result<()> {
        check_point(ctx, point)?;
        self.label_valid(ctx, name)
    }
}
