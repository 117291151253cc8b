//! The exact Jacobian of a DMDA local residual by forward-mode automatic
//! differentiation, colored as PETSc colors finite differences: the DMDA's local
//! coloring (`DMCreateColoring` with `IS_COLORING_LOCAL`) groups the columns no row
//! shares, one dual direction a color, up to eight colors an evaluation; each row's
//! derivative in a direction is its entry in the one stencil column of that color.

use std::collections::HashMap;

use num_dual::DualSVec64;
use petsc_sys as sys;

use super::AdScalar;
use super::colored::take_colors;
use super::csr::Located;
use super::grid::{DaArray, DaArrayMut};
use crate::comm::agree_over;
use crate::dm::{BoundaryType, Da, DaInfo, Layout, StencilType};
use crate::error::{Error, Result, check};
use crate::jacobian::JacobianMats;
use crate::log::LogEvent;
use crate::mat::Mat;
use crate::object::Object;
use crate::scalar::{Int, Real};
use crate::vec::InsertMode;

/// The most colors one evaluation carries (the dual numbers' directions).
const MAX_DIRECTIONS: usize = 8;

/// The color of a ghost point outside a ghosted boundary (no column).
const NO_COLOR: u32 = u32::MAX;

/// What the errors of this module name.
const CTX: &str = "Jacobian by automatic differentiation (DMDA)";

/// A residual evaluated with dual numbers: `x` (and for the implicit form of TS, `xdot`)
/// ghosted, `f` on the owned points.
pub(crate) trait DualEval {
    /// Evaluates at dual inputs.
    fn eval<D: AdScalar>(
        &self,
        x: &DaArray<'_, D>,
        xdot: Option<&DaArray<'_, D>>,
        f: &mut DaArrayMut<'_, D>,
    ) -> Result<()>;
}

/// The color of every entry of a local (ghosted) vector, how many colors there are, and
/// where each color group's derivatives go (made at the first Jacobian of the grid).
struct LocalColoring {
    colors: Vec<u32>,
    ncolors: usize,
    plan: Option<Vec<GroupPlan>>,
    /// The dual arrays of the last evaluation (`Work<N>`), kept for the next.
    work: Option<Box<dyn std::any::Any>>,
}

/// The arrays of one evaluation with `N` directions: the input, its time derivative
/// (TS's implicit form), the output, and the entries to insert.
#[derive(Default)]
struct Work<const N: usize> {
    x: Vec<DualSVec64<N>>,
    xdot: Vec<DualSVec64<N>>,
    f: Vec<DualSVec64<N>>,
    vals: Vec<Real>,
}

impl std::fmt::Debug for LocalColoring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalColoring")
            .field("ncolors", &self.ncolors)
            .finish_non_exhaustive()
    }
}

/// The entries one evaluation gives, row by row in compressed form: global rows and
/// columns, and for each entry the output entry and the direction it reads.
#[derive(Debug, Default)]
struct GroupPlan {
    rows: Vec<Int>,
    row_ptr: Vec<Int>,
    cols: Vec<Int>,
    src: Vec<(u32, u8)>,
    /// The entries' places in the matrix's value arrays (an assembled AIJ matrix).
    located: Option<Located>,
}

/// What a DMDA's local coloring depends on: the grid and the rank's ghosted box.
type GridKey = (usize, Int, Int, [Int; 3], [Int; 6], String);

fn grid_key(info: &DaInfo) -> GridKey {
    (
        info.dim,
        info.dof,
        info.stencil_width,
        [info.mx, info.my, info.mz],
        [info.gxs, info.gys, info.gzs, info.gxm, info.gym, info.gzm],
        format!("{:?} {:?}", info.stencil_type, info.boundary),
    )
}

/// The colorings of the grids an AD Jacobian has met (the levels of a multigrid or FAS
/// hierarchy each have theirs), kept by the closure that computes it.
#[derive(Debug, Default)]
pub(crate) struct Colorings(HashMap<GridKey, LocalColoring>);

impl Colorings {
    /// The local coloring of the DMDA that made `pre`, made on first use.
    fn get(&mut self, info: &DaInfo, pre: &Mat, ghost: &Layout) -> Result<&mut LocalColoring> {
        let key = grid_key(info);
        // A rank may have met this grid when another has not (the key holds the rank's
        // own box): the ranks agree, and all make the coloring (collectively) if one
        // must.
        let miss = if self.0.contains_key(&key) {
            Ok(())
        } else {
            Err(Error::invalid(CTX, "a new grid"))
        };
        if agree_over(pre.ptr as sys::PetscObject, CTX, miss).is_err() {
            let c = local_coloring(pre, info, ghost)?;
            self.0.insert(key.clone(), c);
        }
        Ok(self.0.get_mut(&key).expect("made above"))
    }
}

/// The local coloring of the DMDA that made `pre` (`MatGetDM`): its global coloring
/// (`DMCreateColoring` with `IS_COLORING_GLOBAL`, which every DMDA has, where the local
/// one is missing on one rank and on periodic directions one rank spans), moved to the
/// ghost points by the DMDA's own global-to-local scatter. Points outside a ghosted
/// boundary get no color (their columns do not exist). Collective.
fn local_coloring(pre: &Mat, info: &DaInfo, ghost: &Layout) -> Result<LocalColoring> {
    for (d, b) in info.boundary.iter().enumerate().take(info.dim) {
        if matches!(b, BoundaryType::Mirror | BoundaryType::Twist) {
            return Err(Error::invalid(
                CTX,
                format!(
                    "direction {d} has a {b:?} boundary, whose ghost points repeat owned \
                     columns; use none, ghosted or periodic boundaries, or give a Jacobian"
                ),
            ));
        }
    }
    let mut dm: sys::DM = std::ptr::null_mut();
    // SAFETY: live matrix; PETSc writes a borrowed pointer or null.
    check(unsafe { sys::MatGetDM(pre.ptr, &mut dm) })?;
    if dm.is_null() {
        return Err(Error::invalid(
            CTX,
            "the Jacobian matrix was not made by the DMDA (DMCreateMatrix), so its \
             coloring is unknown",
        ));
    }
    // SAFETY: live DM; the handle below owns this extra reference.
    check(unsafe { sys::PetscObjectReference(dm as sys::PetscObject) })?;
    let da = Da::from_raw(pre.petsc(), dm);
    let mut isc: sys::ISColoring = std::ptr::null_mut();
    // SAFETY: live DM; PETSc writes a new coloring.
    check(unsafe { sys::DMCreateColoring(dm, sys::ISColoringType::IS_COLORING_GLOBAL, &mut isc) })?;
    // SAFETY: the new coloring, ours.
    let (mut owned, mut ncolors) = unsafe { take_colors(isc) }?;
    let dof = info.dof.max(1) as usize;
    let entries = info.corners().count() * dof;
    if owned.len() * dof == entries && dof > 1 {
        // A blocked matrix (BAIJ) is colored by grid point: each component of a point
        // gets its own color.
        owned = owned
            .iter()
            .flat_map(|&c| (0..dof as u32).map(move |k| c * dof as u32 + k))
            .collect();
        ncolors *= dof;
    }
    if owned.len() != entries {
        return Err(Error::invalid(
            CTX,
            format!(
                "the DMDA's coloring has {} entries for {entries} owned entries",
                owned.len()
            ),
        ));
    }
    let mut g = da.create_global_vector()?;
    {
        let mut v = g.view_mut()?;
        for (x, &c) in v.iter_mut().zip(&owned) {
            *x = f64::from(c);
        }
    }
    let mut l = da.create_local_vector()?;
    l.set(-1.0)?;
    da.global_to_local(&g, InsertMode::Insert, &mut l)?;
    let v = l.view()?;
    if v.len() != ghost.len() {
        return Err(Error::invalid(
            CTX,
            format!(
                "a local vector of {} entries for a ghosted box of {}",
                v.len(),
                ghost.len()
            ),
        ));
    }
    let colors: Vec<u32> = v
        .iter()
        .map(|&c| if c < 0.0 { NO_COLOR } else { c as u32 })
        .collect();
    // PETSc's coloring is wrong, silently, on periodic directions whose size its
    // pattern does not divide (the 5-point star's colors repeat every 5 points); a
    // clash is found on some ranks only, so the ranks agree on it.
    // (Without a periodic direction PETSc's patterns cannot repeat a color in a row.)
    let periodic = info.boundary[..info.dim].contains(&BoundaryType::Periodic);
    let clash = if periodic {
        first_clash(info, ghost, &colors)
    } else {
        Ok(())
    };
    agree_over(pre.ptr as sys::PetscObject, CTX, clash)?;
    Ok(LocalColoring {
        colors,
        ncolors,
        plan: None,
        work: None,
    })
}

/// An `Err` naming the first owned row two of whose stencil columns share a color.
fn first_clash(info: &DaInfo, ghost: &Layout, colors: &[u32]) -> Result<()> {
    let stencil = stencil_offsets(info);
    let gc = ghost.corners;
    let mut seen: Vec<(u32, [Int; 3], Int)> = Vec::new();
    for p in info.corners().iter() {
        seen.clear();
        for o in &stencil {
            let q = [p[0] + o[0], p[1] + o[1], p[2] + o[2]];
            if !gc.contains(q) {
                continue;
            }
            for cc in 0..info.dof {
                let color = colors[ghost.offset(q, cc)];
                if color == NO_COLOR {
                    continue;
                }
                if let Some((_, q0, c0)) = seen.iter().find(|(c, _, _)| *c == color) {
                    return Err(Error::invalid(
                        CTX,
                        format!(
                            "the DMDA's coloring gives the columns of points {q0:?} \
                             (component {c0}) and {q:?} (component {cc}) the same color in \
                             the rows of point {p:?}: on a periodic direction PETSc's \
                             coloring needs a size divisible by 2 * stencil width + 1 (by 5 \
                             for a star stencil of width 1 in 2-D); grid {:?}",
                            info.sizes()
                        ),
                    ));
                }
                seen.push((color, q, cc));
            }
        }
    }
    Ok(())
}

/// The offsets of the points a residual at a point may read: the DMDA's stencil (star:
/// along the axes; box: the whole box), in its dimensions.
fn stencil_offsets(info: &DaInfo) -> Vec<[Int; 3]> {
    let s = info.stencil_width;
    let r = |d: usize| if d < info.dim { -s..=s } else { 0..=0 };
    let mut out = Vec::new();
    for k in r(2) {
        for j in r(1) {
            for i in r(0) {
                let axes = [i, j, k].iter().filter(|&&o| o != 0).count();
                if info.stencil_type == StencilType::Box || axes <= 1 {
                    out.push([i, j, k]);
                }
            }
        }
    }
    out
}

/// Fills `mats.pre()` with the Jacobian of `e` at the ghosted point `x` (plus `shift`
/// times its derivative in `xdot`, when given): one dual evaluation per group of at
/// most eight colors, each row's entries inserted by local index, then assembled.
pub(crate) fn colored_jacobian<E: DualEval>(
    e: &E,
    info: &DaInfo,
    x: (&[Real], Layout),
    xdot: Option<(&[Real], Real)>,
    colorings: &mut Colorings,
    mats: &mut JacobianMats,
) -> Result<()> {
    let (xv, ghost) = x;
    let owned = info.layout(false);
    let log = mats.pre().petsc().log();
    let coloring = {
        let event = log.event("ADColoring")?;
        let _timed = event.begin()?;
        colorings.get(info, mats.pre(), &ghost)?
    };
    let events = (log.event("ADDualEval")?, log.event("ADJacInsert")?);
    let ncolors = coloring.ncolors.max(1);
    let groups = ncolors.div_ceil(MAX_DIRECTIONS);
    let width = ncolors.div_ceil(groups);
    if coloring.plan.is_none() {
        coloring.plan = Some(plan(
            info,
            &ghost,
            &owned,
            &coloring.colors,
            groups,
            width,
            mats.pre(),
        )?);
    }
    let LocalColoring {
        colors, plan, work, ..
    } = coloring;
    let pass = Pass {
        events: &events,
        e,
        xv,
        xdot,
        ghost,
        owned,
        colors,
    };
    let pre = mats.pre();
    for (g, plan) in plan.iter_mut().flatten().enumerate() {
        let first = g * width;
        match width {
            1 => pass.run::<1>(first, plan, work, pre),
            2 => pass.run::<2>(first, plan, work, pre),
            3 => pass.run::<3>(first, plan, work, pre),
            4 => pass.run::<4>(first, plan, work, pre),
            5 => pass.run::<5>(first, plan, work, pre),
            6 => pass.run::<6>(first, plan, work, pre),
            7 => pass.run::<7>(first, plan, work, pre),
            _ => pass.run::<8>(first, plan, work, pre),
        }?;
    }
    pre.assemble()
}

/// Where each group of `width` colors puts its derivatives: for every owned row, the
/// stencil columns of the group's colors, by global index (the matrix's numbering of
/// the ghosted points; columns outside a ghosted boundary are left out).
fn plan(
    info: &DaInfo,
    ghost: &Layout,
    owned: &Layout,
    colors: &[u32],
    groups: usize,
    width: usize,
    pre: &Mat,
) -> Result<Vec<GroupPlan>> {
    let (Some(map), _) = pre.lgmap()? else {
        return Err(Error::invalid(
            CTX,
            "the DMDA's matrix has no local numbering",
        ));
    };
    let local: Vec<Int> = (0..ghost.len() as Int).collect();
    let global = map.apply(&local)?;
    let stencil = stencil_offsets(info);
    let gc = ghost.corners;
    let mut plans: Vec<GroupPlan> = (0..groups).map(|_| GroupPlan::default()).collect();
    for p in plans.iter_mut() {
        p.row_ptr.push(0);
    }
    for p in owned.corners.iter() {
        for c in 0..info.dof {
            let out = owned.offset(p, c) as u32;
            for o in &stencil {
                let q = [p[0] + o[0], p[1] + o[1], p[2] + o[2]];
                if !gc.contains(q) {
                    continue;
                }
                for cc in 0..info.dof {
                    let lq = ghost.offset(q, cc);
                    let color = colors[lq];
                    if color == NO_COLOR || global[lq] < 0 {
                        continue;
                    }
                    let g = &mut plans[color as usize / width];
                    g.cols.push(global[lq]);
                    g.src.push((out, (color as usize % width) as u8));
                }
            }
            let row = global[ghost.offset(p, c)];
            for g in plans.iter_mut() {
                if g.cols.len() > *g.row_ptr.last().expect("starts with 0") as usize {
                    g.rows.push(row);
                    g.row_ptr.push(g.cols.len() as Int);
                }
            }
        }
    }
    Ok(plans)
}

/// One colored Jacobian's fixed inputs.
struct Pass<'a, E> {
    /// The events `-log_view` times the dual evaluations and the insertions under.
    events: &'a (LogEvent, LogEvent),
    e: &'a E,
    xv: &'a [Real],
    xdot: Option<(&'a [Real], Real)>,
    ghost: Layout,
    owned: Layout,
    colors: &'a [u32],
}

impl<E: DualEval> Pass<'_, E> {
    /// The colors `first .. first + N` as the `N` directions of one evaluation, and
    /// their entries inserted into `pre` as `plan` says; the arrays are `work`'s when
    /// it holds this `N`'s.
    fn run<const N: usize>(
        &self,
        first: usize,
        plan: &mut GroupPlan,
        work: &mut Option<Box<dyn std::any::Any>>,
        pre: &mut Mat,
    ) -> Result<()> {
        if !work.as_ref().is_some_and(|w| w.is::<Work<N>>()) {
            *work = Some(Box::new(Work::<N>::default()));
        }
        let w = work
            .as_mut()
            .and_then(|w| w.downcast_mut::<Work<N>>())
            .expect("made above");
        let colors = self.colors;
        let evaluating = self.events.0.begin()?;
        let unit = |c: u32| {
            let c = c as usize;
            (c >= first && c < first + N)
                .then(|| DualSVec64::<N>::from_re(0.0).derivative(c - first).eps)
        };
        w.x.clear();
        w.x.extend(self.xv.iter().zip(colors).map(|(&v, &c)| match unit(c) {
            Some(eps) => DualSVec64::new(v, eps),
            None => DualSVec64::from_re(v),
        }));
        w.xdot.clear();
        if let Some((xd, shift)) = self.xdot {
            w.xdot
                .extend(xd.iter().zip(colors).map(|(&v, &c)| match unit(c) {
                    Some(eps) => DualSVec64::new(v, eps * shift),
                    None => DualSVec64::from_re(v),
                }));
        }
        w.f.clear();
        w.f.resize(self.owned.len(), DualSVec64::<N>::from_re(0.0));
        {
            let xa = DaArray::new(&w.x, self.ghost);
            let xda = self.xdot.map(|_| DaArray::new(&w.xdot, self.ghost));
            let mut fa = DaArrayMut::new(&mut w.f, self.owned);
            self.e.eval(&xa, xda.as_ref(), &mut fa)?;
        }
        drop(evaluating);
        let _inserting = self.events.1.begin()?;
        let f = &w.f;
        w.vals.clear();
        w.vals.extend(
            plan.src
                .iter()
                .map(|&(i, d)| f[i as usize].eps.0.as_ref().map_or(0.0, |v| v[d as usize])),
        );
        // Straight into the value arrays of an AIJ matrix that holds every entry (as
        // PETSc's colored finite differences do), else a row at a time.
        let fits = match &plan.located {
            Some(l) => l.fits(pre)?,
            None => false,
        };
        if !fits {
            plan.located = Located::new(pre, &plan.rows, &plan.row_ptr, &plan.cols)?;
        }
        match &plan.located {
            Some(l) => l.write(pre, &w.vals),
            None => pre.set_values_ijv(
                &plan.row_ptr,
                &plan.cols,
                &w.vals,
                InsertMode::Insert,
                Some(&plan.rows),
            ),
        }
    }
}
