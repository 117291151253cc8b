//! Dofs and constrained dofs per point and per field, and the constraint indices of a
//! point.

use petsc_sys as sys;

use super::{Section, check_indices, lent};
use crate::error::{Error, Result, check};
use crate::scalar::Int;

/// The point-indexed counts of a section: dofs and constrained dofs, of the point or of
/// one field at the point.
#[derive(Clone, Copy)]
enum Count {
    Dof,
    ConstraintDof,
    FieldDof(Int),
    FieldConstraintDof(Int),
}

impl Count {
    fn what(self) -> &'static str {
        match self {
            Count::Dof | Count::FieldDof(_) => "dofs",
            Count::ConstraintDof | Count::FieldConstraintDof(_) => "constrained dofs",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Count::Dof => "dof",
            Count::ConstraintDof => "constraint_dof",
            Count::FieldDof(_) => "field_dof",
            Count::FieldConstraintDof(_) => "field_constraint_dof",
        }
    }

    fn field(self) -> Option<Int> {
        match self {
            Count::FieldDof(f) | Count::FieldConstraintDof(f) => Some(f),
            _ => None,
        }
    }
}

/// How a count changes.
#[derive(Clone, Copy, PartialEq)]
enum Change {
    Set,
    Add,
}

impl Section {
    /// The number of dofs at `point` (`PetscSectionGetDof`).
    #[doc(alias = "PetscSectionGetDof")]
    pub fn dof(&self, point: Int) -> Result<Int> {
        self.count(Count::Dof, point)
    }

    /// Sets the number of dofs at `point` (`PetscSectionSetDof`); before
    /// [`set_up`](Self::set_up).
    #[doc(alias = "PetscSectionSetDof")]
    pub fn set_dof(&mut self, point: Int, n: Int) -> Result<()> {
        self.change(Count::Dof, Change::Set, point, n)
    }

    /// Adds `n` dofs at `point` (`PetscSectionAddDof`); the result must not be negative.
    #[doc(alias = "PetscSectionAddDof")]
    pub fn add_dof(&mut self, point: Int, n: Int) -> Result<()> {
        self.change(Count::Dof, Change::Add, point, n)
    }

    /// The number of constrained dofs at `point` (`PetscSectionGetConstraintDof`).
    #[doc(alias = "PetscSectionGetConstraintDof")]
    pub fn constraint_dof(&self, point: Int) -> Result<Int> {
        self.count(Count::ConstraintDof, point)
    }

    /// Sets the number of constrained dofs at `point` (`PetscSectionSetConstraintDof`).
    #[doc(alias = "PetscSectionSetConstraintDof")]
    pub fn set_constraint_dof(&mut self, point: Int, n: Int) -> Result<()> {
        self.change(Count::ConstraintDof, Change::Set, point, n)
    }

    /// Adds `n` constrained dofs at `point` (`PetscSectionAddConstraintDof`).
    #[doc(alias = "PetscSectionAddConstraintDof")]
    pub fn add_constraint_dof(&mut self, point: Int, n: Int) -> Result<()> {
        self.change(Count::ConstraintDof, Change::Add, point, n)
    }

    /// The number of dofs of field `field` at `point` (`PetscSectionGetFieldDof`).
    #[doc(alias = "PetscSectionGetFieldDof")]
    pub fn field_dof(&self, point: Int, field: Int) -> Result<Int> {
        self.count(Count::FieldDof(field), point)
    }

    /// Sets the number of dofs of field `field` at `point` (`PetscSectionSetFieldDof`);
    /// the point's own count ([`set_dof`](Self::set_dof)) is set apart.
    #[doc(alias = "PetscSectionSetFieldDof")]
    pub fn set_field_dof(&mut self, point: Int, field: Int, n: Int) -> Result<()> {
        self.change(Count::FieldDof(field), Change::Set, point, n)
    }

    /// Adds `n` dofs of field `field` at `point` (`PetscSectionAddFieldDof`).
    #[doc(alias = "PetscSectionAddFieldDof")]
    pub fn add_field_dof(&mut self, point: Int, field: Int, n: Int) -> Result<()> {
        self.change(Count::FieldDof(field), Change::Add, point, n)
    }

    /// The number of constrained dofs of field `field` at `point`
    /// (`PetscSectionGetFieldConstraintDof`).
    #[doc(alias = "PetscSectionGetFieldConstraintDof")]
    pub fn field_constraint_dof(&self, point: Int, field: Int) -> Result<Int> {
        self.count(Count::FieldConstraintDof(field), point)
    }

    /// Sets the number of constrained dofs of field `field` at `point`
    /// (`PetscSectionSetFieldConstraintDof`).
    #[doc(alias = "PetscSectionSetFieldConstraintDof")]
    pub fn set_field_constraint_dof(&mut self, point: Int, field: Int, n: Int) -> Result<()> {
        self.change(Count::FieldConstraintDof(field), Change::Set, point, n)
    }

    /// Adds `n` constrained dofs of field `field` at `point`
    /// (`PetscSectionAddFieldConstraintDof`).
    #[doc(alias = "PetscSectionAddFieldConstraintDof")]
    pub fn add_field_constraint_dof(&mut self, point: Int, field: Int, n: Int) -> Result<()> {
        self.change(Count::FieldConstraintDof(field), Change::Add, point, n)
    }

    fn count(&self, kind: Count, point: Int) -> Result<Int> {
        self.count_as(&format!("Section::{}", kind.name()), kind, point)
    }

    fn count_as(&self, ctx: &str, kind: Count, point: Int) -> Result<Int> {
        self.check_point(ctx, point)?;
        if let Some(f) = kind.field() {
            self.check_field(ctx, f)?;
        }
        let mut n: Int = 0;
        let (s, p) = (self.ptr, point);
        // SAFETY: live section; point (and field) checked.
        check(unsafe {
            match kind {
                Count::Dof => sys::PetscSectionGetDof(s, p, &mut n),
                Count::ConstraintDof => sys::PetscSectionGetConstraintDof(s, p, &mut n),
                Count::FieldDof(f) => sys::PetscSectionGetFieldDof(s, p, f, &mut n),
                Count::FieldConstraintDof(f) => {
                    sys::PetscSectionGetFieldConstraintDof(s, p, f, &mut n)
                }
            }
        })?;
        Ok(n)
    }

    fn change(&mut self, kind: Count, how: Change, point: Int, n: Int) -> Result<()> {
        let ctx = if how == Change::Set {
            "Section::set_*dof"
        } else {
            "Section::add_*dof"
        };
        let now = self.count(kind, point)?;
        let after = if how == Change::Set {
            Some(n)
        } else {
            now.checked_add(n)
        };
        if after.is_none_or(|v| v < 0) {
            return Err(Error::invalid(
                ctx,
                format!(
                    "{} at point {point} would become {}: it must not be negative",
                    kind.what(),
                    after.map_or("more than PetscInt holds".to_string(), |v| v.to_string())
                ),
            ));
        }
        // An addition sets the sum: PETSc's Add functions refuse a negative number from
        // 3.26 on, where the sum may still be one (removing dofs).
        let (s, p, v) = (self.ptr, point, after.unwrap_or(n));
        // SAFETY: live section; point (and field) checked by `count`, value checked.
        check(unsafe {
            match kind {
                Count::Dof => sys::PetscSectionSetDof(s, p, v),
                Count::ConstraintDof => sys::PetscSectionSetConstraintDof(s, p, v),
                Count::FieldDof(f) => sys::PetscSectionSetFieldDof(s, p, f, v),
                Count::FieldConstraintDof(f) => sys::PetscSectionSetFieldConstraintDof(s, p, f, v),
            }
        })
    }
}

impl Section {
    /// The constrained dofs of `point`, as indices among its dofs
    /// (`PetscSectionGetConstraintIndices`); after [`set_up`](Self::set_up).
    #[doc(alias = "PetscSectionGetConstraintIndices")]
    pub fn constraint_indices(&self, point: Int) -> Result<Vec<Int>> {
        const CTX: &str = "Section::constraint_indices";
        let n = self.constraint_dof(point)?;
        self.check_set_up(CTX)?;
        let mut p: *const Int = std::ptr::null();
        // SAFETY: live, set-up section; point checked; PETSc lends `n` indices.
        check(unsafe { sys::PetscSectionGetConstraintIndices(self.ptr, point, &mut p) })?;
        // SAFETY: as above.
        Ok(unsafe { lent(p, n) })
    }

    /// Sets which dofs of `point` are constrained: one index per constrained dof, each
    /// among the point's dofs (`PetscSectionSetConstraintIndices`); after
    /// [`set_up`](Self::set_up).
    #[doc(alias = "PetscSectionSetConstraintIndices")]
    pub fn set_constraint_indices(&mut self, point: Int, indices: &[Int]) -> Result<()> {
        const CTX: &str = "Section::set_constraint_indices";
        let (n, dof) = (self.constraint_dof(point)?, self.dof(point)?);
        self.check_set_up(CTX)?;
        check_indices(CTX, point, indices, n, dof)?;
        // SAFETY: live, set-up section; `indices` holds the point's `n` constrained
        // dofs, each checked, copied.
        check(unsafe { sys::PetscSectionSetConstraintIndices(self.ptr, point, indices.as_ptr()) })
    }

    /// The constrained dofs of `point` in field `field`, as indices among the field's dofs
    /// there (`PetscSectionGetFieldConstraintIndices`); after [`set_up`](Self::set_up).
    #[doc(alias = "PetscSectionGetFieldConstraintIndices")]
    pub fn field_constraint_indices(&self, point: Int, field: Int) -> Result<Vec<Int>> {
        const CTX: &str = "Section::field_constraint_indices";
        let n = self.field_constraint_dof(point, field)?;
        self.check_set_up(CTX)?;
        let mut p: *const Int = std::ptr::null();
        // SAFETY: live, set-up section; point and field checked; PETSc lends `n` indices.
        check(unsafe {
            sys::PetscSectionGetFieldConstraintIndices(self.ptr, point, field, &mut p)
        })?;
        // SAFETY: as above.
        Ok(unsafe { lent(p, n) })
    }

    /// Sets which dofs of field `field` at `point` are constrained
    /// (`PetscSectionSetFieldConstraintIndices`); after [`set_up`](Self::set_up).
    #[doc(alias = "PetscSectionSetFieldConstraintIndices")]
    pub fn set_field_constraint_indices(
        &mut self,
        point: Int,
        field: Int,
        indices: &[Int],
    ) -> Result<()> {
        const CTX: &str = "Section::set_field_constraint_indices";
        let n = self.field_constraint_dof(point, field)?;
        let dof = self.field_dof(point, field)?;
        self.check_set_up(CTX)?;
        check_indices(CTX, point, indices, n, dof)?;
        // SAFETY: as in `set_constraint_indices`, for the field.
        check(unsafe {
            sys::PetscSectionSetFieldConstraintIndices(self.ptr, point, field, indices.as_ptr())
        })
    }
}
