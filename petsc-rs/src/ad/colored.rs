//! The engine of [`ColoredJacobian`](super::ColoredJacobian): a residual on a
//! distributed vector evaluated with PETSc's numbers or with dual numbers, its ghost
//! entries scattered from the other ranks, and its Jacobian assembled in the nonzero
//! pattern of a matrix from the pattern's `MatColoring` (`IS_COLORING_GLOBAL`): the
//! columns of one color share no row, so seeding one dual direction per color gives
//! each row's entry in the one column of that color it has.

use std::cell::{Cell, RefCell};
use std::ffi::c_char;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

use num_dual::DualSVec64;
use petsc_sys as sys;

use super::AdScalar;
use super::vector::{VecArray, VecArrayMut, VecResidual};
use crate::comm::Comm;
use crate::error::{Error, Result, check, record_destroy};
use crate::is::IndexSet;
use crate::mat::Mat;
use crate::object::Object;
use crate::scalar::{Int, Real};
use crate::scatter::Scatter;
use crate::vec::{InsertMode, ScatterMode, Vector};

/// The most colors one evaluation carries (the dual numbers' directions).
const MAX_DIRECTIONS: usize = 8;

const CTX_NEW: &str = "ColoredJacobian::new";
const CTX_RES: &str = "ColoredJacobian::residual";
const CTX_JAC: &str = "ColoredJacobian::jacobian";

/// Global and local sizes of a matrix: `(M, N, m, n)`.
type MatSizes = (Int, Int, Int, Int);

fn mat_sizes(m: &Mat) -> Result<MatSizes> {
    let (big_m, big_n) = m.size()?;
    let (lm, ln) = m.local_size()?;
    Ok((big_m, big_n, lm, ln))
}

/// An `Err` on every rank unless the pattern is square with equal row and column
/// layouts (as a SNES Jacobian is).
pub(crate) fn check_square(pattern: &Mat) -> Result<()> {
    const CTX: &str = "Snes::set_function_ad";
    let local = mat_sizes(pattern).and_then(|(big_m, big_n, lm, ln)| {
        if big_m != big_n || lm != ln {
            Err(Error::size_mismatch(
                CTX,
                format!(
                    "the Jacobian's pattern must be square with the same row and column \
                     layouts; it is {big_m} x {big_n} with {lm} x {ln} on this rank"
                ),
            ))
        } else {
            Ok(())
        }
    });
    pattern.comm().agree(CTX, local)
}

/// The pattern of this rank's rows, its ghost entries, their scatter and the coloring.
pub(crate) struct Engine {
    comm: Comm,
    sizes: MatSizes,
    /// First global row and first global column this rank owns.
    row_start: Int,
    col_start: Int,
    /// This rank's rows of the pattern: CSR with global columns.
    row_ptr: Vec<Int>,
    cols: Vec<Int>,
    /// Each pattern entry's position in the gathered `x` (owned entries, then ghosts).
    pos: Vec<usize>,
    /// The global indices of the ghost entries, increasing.
    pub(crate) ghosts: Vec<Int>,
    /// The color of each gathered entry of `x`.
    colors: Vec<u32>,
    pub(crate) ncolors: usize,
    scatter: Scatter,
    ghost_values: RefCell<Vector>,
    busy: Cell<bool>,
}

/// Marks the engine busy for a scope (a residual that calls back into its own
/// `ColoredJacobian` is refused, not re-entered).
struct Busy<'a>(&'a Cell<bool>);

impl<'a> Busy<'a> {
    fn enter(c: &'a Cell<bool>, ctx: &str) -> Result<Busy<'a>> {
        if c.replace(true) {
            return Err(Error::invalid(
                ctx,
                "called again from inside its own residual (re-entry is refused)",
            ));
        }
        Ok(Busy(c))
    }
}

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        self.0.set(false);
    }
}

/// The global coloring of the pattern's columns: this rank's columns' colors and the
/// number of colors (`MatColoringCreate`, distance 2, `sl`, options, apply).
fn coloring(pattern: &Mat, local_cols: usize) -> Result<(Vec<u32>, usize)> {
    let mut mc: sys::MatColoring = std::ptr::null_mut();
    // SAFETY: live, assembled matrix; PETSc writes a new coloring context.
    check(unsafe { sys::MatColoringCreate(pattern.ptr, &mut mc) })?;
    let got = (|| -> Result<(Vec<u32>, usize)> {
        // SAFETY: live context; distance 2 colors columns that share no row.
        check(unsafe { sys::MatColoringSetDistance(mc, 2) })?;
        // SAFETY: live context; PETSc copies the type name.
        check(unsafe {
            sys::MatColoringSetType(mc, sys::MATCOLORINGSL.as_ptr() as *const c_char)
        })?;
        let mut prefix: *const c_char = std::ptr::null();
        // SAFETY: live matrix; PETSc lends its prefix (or null).
        check(unsafe { sys::MatGetOptionsPrefix(pattern.ptr, &mut prefix) })?;
        if !prefix.is_null() {
            // SAFETY: live context; PETSc copies the prefix string it lent above.
            check(unsafe { sys::PetscObjectSetOptionsPrefix(mc as sys::PetscObject, prefix) })?;
        }
        // SAFETY: live context.
        check(unsafe { sys::MatColoringSetFromOptions(mc) })?;
        let mut isc: sys::ISColoring = std::ptr::null_mut();
        // SAFETY: live context; PETSc writes a new index-set coloring.
        check(unsafe { sys::MatColoringApply(mc, &mut isc) })?;
        // SAFETY: the new coloring, ours.
        unsafe { take_colors(isc) }
    })();
    // SAFETY: our context, destroyed once.
    record_destroy(unsafe { sys::MatColoringDestroy(&mut mc) });
    let (colors, ncolors) = got?;
    if colors.len() != local_cols {
        return Err(Error::invalid(
            CTX_NEW,
            format!(
                "the coloring has {} entries for the {local_cols} columns this rank owns",
                colors.len()
            ),
        ));
    }
    if let Some(&c) = colors.iter().find(|&&c| c as usize >= ncolors) {
        return Err(Error::invalid(
            CTX_NEW,
            format!("the coloring gives color {c} of {ncolors}"),
        ));
    }
    Ok((colors, ncolors))
}

impl Engine {
    /// Reads the pattern, finds the ghosts, makes the scatter and colors (collective).
    pub(crate) fn new(pattern: &Mat) -> Result<Engine> {
        let comm = pattern.comm();
        let local = (|| {
            if !pattern.is_assembled()? {
                return Err(Error::invalid(
                    CTX_NEW,
                    "the pattern matrix is not assembled",
                ));
            }
            if pattern.is_factored()? {
                return Err(Error::invalid(CTX_NEW, "the pattern matrix is factored"));
            }
            mat_sizes(pattern)
        })();
        let sizes = comm.agree(CTX_NEW, local)?;
        let rows = pattern.ownership_range()?;
        let (xt, _) = pattern.create_vecs()?;
        let cr = xt.ownership_range()?;
        let mut row_ptr = Vec::with_capacity((rows.end - rows.start).max(0) as usize + 1);
        let mut cols = Vec::new();
        row_ptr.push(0);
        for r in rows.clone() {
            let row = pattern.row(r)?;
            cols.extend_from_slice(row.cols());
            row_ptr.push(cols.len() as Int);
        }
        let mut ghosts: Vec<Int> = cols.iter().copied().filter(|c| !cr.contains(c)).collect();
        ghosts.sort_unstable();
        ghosts.dedup();
        let nowned = (cr.end - cr.start).max(0) as usize;
        let pos = cols
            .iter()
            .map(|&c| {
                if cr.contains(&c) {
                    (c - cr.start) as usize
                } else {
                    nowned + ghosts.binary_search(&c).unwrap_or(0)
                }
            })
            .collect();
        let selfc = pattern.petsc().self_comm();
        let is = IndexSet::new_general(&selfc, &ghosts)?;
        let mut ghost_values = Vector::new_seq(&selfc, ghosts.len() as Int)?;
        let scatter = Scatter::new(&xt, Some(&is), &ghost_values, None)?;
        let (mut colors, ncolors) = coloring(pattern, nowned)?;
        // The ghost columns' colors, from their owners.
        let mut cv = xt;
        {
            let mut v = cv.view_mut()?;
            for (d, &c) in v.iter_mut().zip(&colors) {
                *d = c as Real;
            }
        }
        scatter.scatter(
            &cv,
            &mut ghost_values,
            InsertMode::Insert,
            ScatterMode::Forward,
        )?;
        colors.extend(ghost_values.view()?.iter().map(|&c| c as u32));
        Ok(Engine {
            comm,
            sizes,
            row_start: rows.start,
            col_start: cr.start,
            row_ptr,
            cols,
            pos,
            ghosts,
            colors,
            ncolors,
            scatter,
            ghost_values: RefCell::new(ghost_values),
            busy: Cell::new(false),
        })
    }

    /// `x`'s owned entries then its ghost entries (collective). `x` laid out otherwise
    /// than the pattern's columns is an `Err` on every rank.
    fn gather(&self, ctx: &str, x: &Vector) -> Result<Vec<Real>> {
        let (_, big_n, _, ln) = self.sizes;
        let local = (|| {
            let (g, l) = (x.size()?, x.local_size()?);
            if g != big_n || l != ln {
                return Err(Error::size_mismatch(
                    ctx,
                    format!(
                        "x has {g} entries ({l} on this rank); the pattern has {big_n} columns \
                         ({ln} on this rank)"
                    ),
                ));
            }
            Ok(())
        })();
        self.comm.agree(ctx, local)?;
        let mut out = Vec::with_capacity(ln as usize + self.ghosts.len());
        out.extend_from_slice(&x.view()?);
        let mut gv = self.ghost_values.try_borrow_mut().map_err(|_| {
            Error::invalid(
                ctx,
                "called again from inside its own residual (re-entry is refused)",
            )
        })?;
        self.scatter
            .scatter(x, &mut gv, InsertMode::Insert, ScatterMode::Forward)?;
        out.extend_from_slice(&gv.view()?);
        Ok(out)
    }

    /// Runs the user's residual, a panic caught and held.
    fn call<R: VecResidual, T: AdScalar>(
        r: &R,
        x: &VecArray<'_, T>,
        f: &mut VecArrayMut<'_, T>,
    ) -> std::result::Result<Result<()>, Box<dyn std::any::Any + Send>> {
        catch_unwind(AssertUnwindSafe(|| r.residual(x, f)))
    }

    /// `local` agreed over the ranks; a panic held by this rank is raised again after
    /// the others are told.
    fn agree_after(
        &self,
        ctx: &str,
        local: std::result::Result<Result<()>, Box<dyn std::any::Any + Send>>,
    ) -> Result<()> {
        match local {
            Ok(r) => self.comm.agree(ctx, r),
            Err(payload) => {
                let _ = self
                    .comm
                    .agree::<()>(ctx, Err(Error::invalid(ctx, "the residual panicked")));
                resume_unwind(payload)
            }
        }
    }

    pub(crate) fn residual<R: VecResidual>(&self, r: &R, x: &Vector, f: &mut Vector) -> Result<()> {
        let _busy = Busy::enter(&self.busy, CTX_RES)?;
        let (big_m, _, lm, _) = self.sizes;
        let local = (|| {
            let (g, l) = (f.size()?, f.local_size()?);
            if g != big_m || l != lm {
                return Err(Error::size_mismatch(
                    CTX_RES,
                    format!(
                        "f has {g} entries ({l} on this rank); the pattern has {big_m} rows \
                         ({lm} on this rank)"
                    ),
                ));
            }
            Ok(())
        })();
        self.comm.agree(CTX_RES, local)?;
        let data = self.gather(CTX_RES, x)?;
        let mut out = vec![0.0 as Real; lm as usize];
        let got = {
            let xa = VecArray::new(&data, self.col_start, &self.ghosts);
            let mut fa = VecArrayMut::new(&mut out, self.row_start);
            Self::call(r, &xa, &mut fa)
        };
        self.agree_after(CTX_RES, got)?;
        f.view_mut()?.copy_from_slice(&out);
        Ok(())
    }

    pub(crate) fn jacobian<R: VecResidual>(&self, r: &R, x: &Vector, jac: &mut Mat) -> Result<()> {
        let _busy = Busy::enter(&self.busy, CTX_JAC)?;
        let local = mat_sizes(jac).and_then(|s| {
            if s != self.sizes {
                Err(Error::size_mismatch(
                    CTX_JAC,
                    format!(
                        "the matrix is {} x {} ({} x {} on this rank); the pattern is {} x {} \
                         ({} x {} on this rank)",
                        s.0, s.1, s.2, s.3, self.sizes.0, self.sizes.1, self.sizes.2, self.sizes.3
                    ),
                ))
            } else {
                Ok(())
            }
        });
        self.comm.agree(CTX_JAC, local)?;
        let data = self.gather(CTX_JAC, x)?;
        let mut vals = vec![0.0 as Real; self.cols.len()];
        let ncolors = self.ncolors;
        let groups = ncolors.div_ceil(MAX_DIRECTIONS);
        let width = if groups == 0 {
            1
        } else {
            ncolors.div_ceil(groups)
        };
        let mut got = Ok(Ok(()));
        for g in 0..groups {
            let first = g * width;
            got = match width {
                1 => self.pass::<R, 1>(r, first, &data, &mut vals),
                2 => self.pass::<R, 2>(r, first, &data, &mut vals),
                3 => self.pass::<R, 3>(r, first, &data, &mut vals),
                4 => self.pass::<R, 4>(r, first, &data, &mut vals),
                5 => self.pass::<R, 5>(r, first, &data, &mut vals),
                6 => self.pass::<R, 6>(r, first, &data, &mut vals),
                7 => self.pass::<R, 7>(r, first, &data, &mut vals),
                _ => self.pass::<R, 8>(r, first, &data, &mut vals),
            };
            if !matches!(got, Ok(Ok(()))) {
                break;
            }
        }
        self.agree_after(CTX_JAC, got)?;
        let set = jac.set_values_csr(&self.row_ptr, &self.cols, &vals, InsertMode::Insert);
        self.comm.agree(CTX_JAC, set)?;
        jac.assemble()
    }

    /// The colors `first .. first + N` as the `N` directions of one evaluation; each
    /// pattern entry of one of these colors gets its derivative.
    fn pass<R: VecResidual, const N: usize>(
        &self,
        r: &R,
        first: usize,
        data: &[Real],
        vals: &mut [Real],
    ) -> std::result::Result<Result<()>, Box<dyn std::any::Any + Send>> {
        let units: Vec<_> = (0..N)
            .map(|k| DualSVec64::<N>::from_re(0.0).derivative(k).eps)
            .collect();
        let x: Vec<DualSVec64<N>> = data
            .iter()
            .zip(&self.colors)
            .map(|(&v, &c)| {
                let c = c as usize;
                if c >= first && c < first + N {
                    DualSVec64::new(v, units[c - first])
                } else {
                    DualSVec64::from_re(v)
                }
            })
            .collect();
        let (_, _, lm, _) = self.sizes;
        let mut f = vec![DualSVec64::<N>::from_re(0.0); lm as usize];
        let got = {
            let xa = VecArray::new(&x, self.col_start, &self.ghosts);
            let mut fa = VecArrayMut::new(&mut f, self.row_start);
            Self::call(r, &xa, &mut fa)
        };
        if !matches!(got, Ok(Ok(()))) {
            return got;
        }
        for (i, fi) in f.iter().enumerate() {
            let Some(d) = fi.eps.0.as_ref() else {
                continue;
            };
            let (a, b) = (self.row_ptr[i] as usize, self.row_ptr[i + 1] as usize);
            for (v, &p) in vals[a..b].iter_mut().zip(&self.pos[a..b]) {
                let c = self.colors[p] as usize;
                if c >= first && c < first + N {
                    *v = d[c - first];
                }
            }
        }
        got
    }
}

/// The color of each entry an index-set coloring holds, and its number of colors
/// (`ISColoringGetColors`); the coloring is destroyed.
///
/// # Safety
/// `isc` must be a live coloring the caller owns and does not use afterwards.
pub(super) unsafe fn take_colors(mut isc: sys::ISColoring) -> Result<(Vec<u32>, usize)> {
    let mut n: Int = 0;
    let mut nc: Int = 0;
    let mut colors: *const sys::ISColoringValue = std::ptr::null();
    // SAFETY: live coloring (caller); PETSc lends its array of `n` colors.
    let got =
        check(unsafe { sys::ISColoringGetColors(isc, &mut n, &mut nc, &mut colors) }).map(|()| {
            if n <= 0 || colors.is_null() {
                Vec::new()
            } else {
                // SAFETY: PETSc's array of `n` colors, alive until the coloring is
                // destroyed below.
                unsafe { std::slice::from_raw_parts(colors, n as usize) }
                    .iter()
                    .map(|&c| u32::from(c))
                    .collect::<Vec<u32>>()
            }
        });
    // SAFETY: the caller's coloring, destroyed once.
    record_destroy(unsafe { sys::ISColoringDestroy(&mut isc) });
    Ok((got?, nc.max(0) as usize))
}
