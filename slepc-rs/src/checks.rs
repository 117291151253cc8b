//! The argument checks the solver families share: how many solutions may be asked for,
//! which computed solution may be read, whether vectors fit the problem (agreed on every
//! rank before a collective call), whether a list of matrices is square and of one size,
//! and whether a type-specific getter goes to a solver of that type.

use petsc::{Error, Int, Mat, Object, Real, Result, Vector};

/// A vector layout: `(global, local)` sizes.
pub(crate) type Layout = (Int, Int);

/// The vectors' entries a SLEPc call reads and writes, registered in petsc-rs's borrow
/// table while this lives (for the call): see [`access`].
pub(crate) struct Access {
    _held: Vec<petsc::ffi::ArrayBorrow>,
}

/// Registers that a call reads the entries of `reads` and writes those of `writes`:
/// refused while a writable view of a read vector, or any view of a written one, is
/// alive through another handle, when a written vector is also given as another
/// argument (two handles to one vector), and for a handle lent to a closure whose loan
/// has ended. Local: a collective call agrees on it first ([`agree`]).
pub(crate) fn access(ctx: &str, reads: &[&Vector], writes: &[&Vector]) -> Result<Access> {
    use petsc::ffi::ArrayBorrow;
    let obj = |v: &Vector| v.as_raw() as petsc::sys::PetscObject;
    for v in reads.iter().chain(writes) {
        v.check_loan(ctx)?;
    }
    let mut held = Vec::with_capacity(reads.len() + writes.len());
    for v in reads {
        held.push(ArrayBorrow::shared(obj(v), ctx)?);
    }
    for v in writes {
        held.push(ArrayBorrow::exclusive(obj(v), ctx)?);
    }
    Ok(Access { _held: held })
}

/// Refuses asking for `requested` solutions (`what`: "eigenpairs") of a problem of size
/// `size`, once the problem is given.
pub(crate) fn count_fits(ctx: &str, what: &str, requested: Int, size: Option<Int>) -> Result<()> {
    match size {
        Some(n) if requested > n => Err(Error::out_of_range(
            ctx,
            format!("{requested} {what} requested but the problem has size {n}"),
        )),
        _ => Ok(()),
    }
}

/// Refuses reading solution `i` (`what`: "eigenpair") when `converged` have converged.
pub(crate) fn index(ctx: &str, what: &str, i: Int, converged: Int) -> Result<()> {
    if i < 0 || i >= converged {
        return Err(Error::out_of_range(
            ctx,
            format!("{what} {i} requested but {converged} converged"),
        ));
    }
    Ok(())
}

/// How a size mismatch names the size wanted.
#[derive(Clone, Copy)]
pub(crate) enum Wanted {
    /// "... but the problem has size n" (one size for every vector).
    Problem,
    /// "... but must have size n" (sizes that differ by vector, as an SVD's `u` and `v`).
    Own,
}

/// Refuses, on this rank, any vector of `vectors` whose global or local size is not
/// `(n, ln)`, naming it (`what`, numbered when there are several).
pub(crate) fn sizes(
    ctx: &str,
    what: &str,
    vectors: &[&Vector],
    (n, ln): Layout,
    wanted: Wanted,
) -> Result<()> {
    let has = match wanted {
        Wanted::Problem => "the problem has",
        Wanted::Own => "must have",
    };
    for (k, v) in vectors.iter().enumerate() {
        let (vn, vln) = (v.size()?, v.local_size()?);
        if (vn, vln) == (n, ln) {
            continue;
        }
        let name = if vectors.len() == 1 {
            what.to_string()
        } else {
            format!("{what} {k}")
        };
        let detail = if vn != n {
            format!("{name} has size {vn} but {has} size {n}")
        } else {
            format!("{name} has local size {vln} but {has} {ln} on this rank")
        };
        return Err(Error::size_mismatch(ctx, detail));
    }
    Ok(())
}

/// Makes every rank of `solver`'s communicator agree on a local check before a
/// collective call: a bad local size on one rank is an `Err` on all of them, never a
/// hang. Every rank must call it at the same point (the callers are collective methods).
pub(crate) fn agree<T>(solver: &impl Object, ctx: &str, local: Result<T>) -> Result<T> {
    // SAFETY: the handle's live object; every rank of its communicator checks here.
    unsafe { petsc::ffi::agree_over(solver.as_object(), ctx, local) }
}

/// Refuses, on every rank, a list (of `n` `what`s: "vectors") whose length on some rank
/// is not rank 0's: SLEPc would take different paths on different ranks, and the checks
/// of the list's items would be collective calls made a different number of times.
/// Collective on `obj`'s communicator.
pub(crate) fn same_count(obj: &impl Object, ctx: &str, what: &str, n: usize) -> Result<()> {
    let comm = obj.comm();
    if comm.size() == 1 {
        return Ok(());
    }
    let mut first = [n as u64];
    comm.broadcast(0, &mut first)?;
    let local = if first[0] == n as u64 {
        Ok(())
    } else {
        Err(Error::size_mismatch(
            ctx,
            format!("{n} {what} given on this rank but {} on rank 0", first[0]),
        ))
    };
    agree(obj, ctx, local)
}

/// Refuses reading left eigenvectors unless the solve was two-sided.
pub(crate) fn two_sided(ctx: &str, two_sided: bool) -> Result<()> {
    if two_sided {
        return Ok(());
    }
    Err(Error::invalid(
        ctx,
        "left eigenvectors need a two-sided solve: call set_two_sided(true) before solve",
    ))
}

/// Refuses a number of partitions `npart` outside `1..=ranks`.
pub(crate) fn npart(ctx: &str, npart: Int, ranks: i32) -> Result<()> {
    let ranks = Int::from(ranks);
    if npart < 1 || npart > ranks {
        return Err(Error::invalid(
            ctx,
            format!("npart is {npart}; it must be between 1 and the {ranks} rank(s)"),
        ));
    }
    Ok(())
}

/// Refuses a tolerance that is given and not positive and finite.
pub(crate) fn tolerance(ctx: &str, tol: Option<petsc::Real>) -> Result<()> {
    match tol {
        Some(t) if !(t.is_finite() && t > 0.0) => Err(Error::invalid(
            ctx,
            format!("tol is {t}; it must be positive and finite"),
        )),
        _ => Ok(()),
    }
}

/// Refuses, on this rank, a list of matrices (`what`: "matrix") that are not all square
/// and of one size, globally and locally. Local: a caller agrees on it
/// ([`agreed_square_list`], [`agree`]).
pub(crate) fn square_list(ctx: &str, what: &str, mats: &[&Mat]) -> Result<()> {
    let mut first: Option<((Int, Int), (Int, Int))> = None;
    for (k, m) in mats.iter().enumerate() {
        let (g, l) = (m.size()?, m.local_size()?);
        if g.0 != g.1 || l.0 != l.1 {
            return Err(Error::size_mismatch(
                ctx,
                format!(
                    "{what} {k} is {} x {} ({} x {} on this rank), not square",
                    g.0, g.1, l.0, l.1
                ),
            ));
        }
        match first {
            None => first = Some((g, l)),
            Some((g0, l0)) if (g0, l0) != (g, l) => {
                return Err(Error::size_mismatch(
                    ctx,
                    format!(
                        "{what} {k} is {} x {} ({} local rows) but {what} 0 is {} x {} ({} \
                         local rows)",
                        g.0, g.1, l.0, g0.0, g0.1, l0.0
                    ),
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// [`square_list`] agreed on every rank of `obj`'s communicator: a list whose split over
/// the ranks is wrong on some ranks only is an `Err` on all of them.
pub(crate) fn agreed_square_list(
    obj: &impl Object,
    ctx: &str,
    what: &str,
    mats: &[&Mat],
) -> Result<()> {
    agree(obj, ctx, square_list(ctx, what, mats))
}

/// The checks of type-specific calls: one implementation for every class, from its type
/// name. SLEPc ignores a type-specific setter on a solver of another type (its setters
/// call `PetscTryMethod`), so the setters are not checked here, only their values; its
/// getters refuse another type (`PetscUseMethod`), and [`require_type`](Self::require_type)
/// says so by name before the call.
pub(crate) trait RequireType: Object {
    /// Refuses a type-specific getter unless the solver has type `want`.
    fn require_type(&self, ctx: &str, want: &str) -> Result<()> {
        let have = self.type_name()?;
        if have == want {
            return Ok(());
        }
        let have = if have.is_empty() {
            "not set yet".to_string()
        } else {
            format!("'{have}'")
        };
        Err(petsc::Error::invalid(
            ctx,
            format!("the solver type is {have}, not '{want}': call set_type first"),
        ))
    }

    /// Refuses a `value` that is not finite (SLEPc's range checks let a NaN through into
    /// its state), whatever the solver's type.
    fn require_finite(&self, ctx: &str, value: Real) -> Result<()> {
        if value.is_finite() {
            Ok(())
        } else {
            Err(petsc::Error::invalid(
                ctx,
                format!("the value is {value}; it must be finite"),
            ))
        }
    }

    /// [`require_finite`](Self::require_finite) for two values.
    fn require_pair_finite(&self, ctx: &str, a: Real, b: Real) -> Result<()> {
        self.require_finite(ctx, a)?;
        self.require_finite(ctx, b)
    }
}

impl<T: Object> RequireType for T {}
