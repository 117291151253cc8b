//! A DMStag set up step by step, beside the [`StagBuilder`](super::StagBuilder): made by
//! [`Stag::new`] with petsc4py's defaults, changed by the setters (each
//! `DMStagSet...`), then [`Stag::set_up`], which checks the grid on every rank alike
//! before `DMSetUp` as the builder does. The getters of what the setters set read PETSc's
//! values before set-up too, so each setting round-trips.

use petsc_sys as sys;

use super::builder::{check_dof, set_up_checked};
use super::{Stag, StagStencilType, flag};
use crate::comm::Comm;
use crate::dm::{BoundaryType, DmBase};
use crate::dm::{check_directions, padded};
use crate::error::{Error, Result, check};
use crate::object::Object;
use crate::scalar::Int;

impl Stag {
    /// A `dim`-dimensional DMStag (1, 2 or 3) on `comm`, not set up
    /// (`DMStagCreate1d`/`2d`/`3d` with petsc4py's defaults: one element per direction,
    /// one degree of freedom per vertex and none elsewhere, stencil type
    /// [`StagStencilType::None`] of width 0, no boundary ghosts, PETSc's choice of
    /// ranks). Give it its grid with the setters, then [`set_up`](Self::set_up) it;
    /// until then the methods that read the laid-out grid are an `Err`.
    ///
    /// ```
    /// use petsc::{BoundaryType as B, DmBase, Stag, StagStencilType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut stag = Stag::new(&petsc.world(), 2)?;
    /// stag.set_stencil_type(StagStencilType::Box)?;
    /// stag.set_stencil_width(1)?;
    /// stag.set_boundary([B::Periodic, B::None])?;
    /// stag.set_dof(&[0, 1, 1])?;
    /// stag.set_sizes([6, 4])?;
    /// assert_eq!((stag.global_sizes()?, stag.dof()?), ([6, 4, 1], vec![0, 1, 1]));
    /// assert!(stag.corners().is_err()); // not laid out yet
    /// stag.set_up()?;
    /// assert_eq!(stag.create_global_vector()?.size()?, 6 * 4 + 6 * 5 + 6 * 4);
    /// assert!(stag.set_stencil_width(2).is_err()); // PETSc refuses after set-up
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMStagCreate1d")]
    #[doc(alias = "DMStagCreate2d")]
    #[doc(alias = "DMStagCreate3d")]
    pub fn new(comm: &Comm, dim: usize) -> Result<Stag> {
        const CTX: &str = "Stag::new";
        if !(1..=3).contains(&dim) {
            return Err(Error::invalid(
                CTX,
                format!("dimension {dim} is not 1, 2 or 3"),
            ));
        }
        let none = sys::DMBoundaryType::DM_BOUNDARY_NONE;
        let st = StagStencilType::None.raw();
        let decide = sys::PETSC_DECIDE as Int;
        let null = std::ptr::null();
        let c = comm.as_raw();
        let mut dm: sys::DM = std::ptr::null_mut();
        // SAFETY: live communicator; valid sizes, dofs and stencil; no ownership
        // ranges; PETSc writes the new DM, not set up.
        check(unsafe {
            match dim {
                1 => sys::DMStagCreate1d(c, none, 1, 1, 0, st, 0, null, &mut dm),
                2 => sys::DMStagCreate2d(
                    c, none, none, 1, 1, decide, decide, 1, 0, 0, st, 0, null, null, &mut dm,
                ),
                _ => sys::DMStagCreate3d(
                    c, none, none, none, 1, 1, 1, decide, decide, decide, 1, 0, 0, 0, st, 0, null,
                    null, null, &mut dm,
                ),
            }
        })?;
        Ok(Stag::from_raw(comm.petsc(), dm))
    }

    /// Whether the grid is set up (`DMSetUp` has run).
    pub fn is_set_up(&self) -> Result<bool> {
        let mut done = sys::PETSC_BOOL_FALSE;
        // SAFETY: live DM; one output.
        check(unsafe { sys::petscrs_DMGetSetUpCalled(self.ptr, &mut done) })?;
        Ok(flag(done))
    }

    /// Sets the global number of elements per direction, one per direction of the grid
    /// (`DMStagSetGlobalSizes`; before set-up), as
    /// [`StagGridBuilder::sizes`](super::StagGridBuilder::sizes) takes them; another
    /// count is an `Err`, and PETSc refuses sizes below 1. [`sizes`](Self::sizes) reads
    /// them back.
    ///
    /// ```
    /// use petsc::{BoundaryType as B, Stag};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut s = Stag::new(&petsc.self_comm(), 2)?;
    /// s.set_sizes([5, 3])?;
    /// s.set_boundary([B::Periodic, B::None])?;
    /// s.set_ranks([Some(1), None])?;
    /// assert_eq!(s.sizes()?, vec![5, 3]);
    /// assert_eq!(s.boundary()?, vec![B::Periodic, B::None]);
    /// assert_eq!(s.ranks()?, vec![Some(1), None]);
    /// assert!(s.set_sizes([5, 3, 2]).is_err());
    /// s.set_dof(&[0, 0, 1])?;
    /// s.set_up()?;
    /// assert_eq!(s.ranks()?, vec![Some(1), Some(1)]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMStagSetGlobalSizes")]
    pub fn set_sizes(&mut self, sizes: impl AsRef<[Int]>) -> Result<()> {
        let sizes = sizes.as_ref();
        check_directions("Stag::set_sizes", "sizes", sizes.len(), self.dims()?)?;
        let s = padded(sizes, 1);
        // SAFETY: live DMStag; PETSc checks the sizes and the state.
        check(unsafe { sys::DMStagSetGlobalSizes(self.ptr, s[0], s[1], s[2]) })
    }

    /// The global number of elements per direction, one per direction of the grid
    /// (`DMStagGetGlobalSizes`; before set-up too): what [`set_sizes`](Self::set_sizes)
    /// and [`StagGridBuilder::sizes`](super::StagGridBuilder::sizes) take.
    #[doc(alias = "DMStagGetGlobalSizes")]
    pub fn sizes(&self) -> Result<Vec<Int>> {
        let dim = self.dims()?;
        Ok(self.global_sizes()?[..dim].to_vec())
    }

    /// The boundary type per direction, one per direction of the grid
    /// (`DMStagGetBoundaryTypes`): what [`set_boundary`](Self::set_boundary) takes.
    #[doc(alias = "DMStagGetBoundaryTypes")]
    pub fn boundary(&self) -> Result<Vec<BoundaryType>> {
        let dim = self.dims()?;
        Ok(self.boundary_types()?[..dim].to_vec())
    }

    /// The number of ranks per direction, one per direction of the grid
    /// (`DMStagGetNumRanks`): `None` where PETSc is still to decide (before set-up), as
    /// [`set_ranks`](Self::set_ranks) takes them.
    #[doc(alias = "DMStagGetNumRanks")]
    pub fn ranks(&self) -> Result<Vec<Option<Int>>> {
        let dim = self.dims()?;
        let (r, _) = self.raw_ranks()?;
        Ok(r[..dim].iter().map(|&n| (n > 0).then_some(n)).collect())
    }

    /// Sets the degrees of freedom per stratum (`DMStagSetDOF`; before set-up): `dim + 1`
    /// numbers, vertex first, as [`dof`](Self::dof) returns them. Another count is an
    /// `Err`; PETSc refuses negative numbers.
    #[doc(alias = "DMStagSetDOF")]
    pub fn set_dof(&mut self, dof: &[Int]) -> Result<()> {
        const CTX: &str = "Stag::set_dof";
        let dim = self.dimension()?.clamp(1, 3) as usize;
        if dof.len() != dim + 1 {
            // The count only: a negative number is PETSc's to refuse.
            check_dof(CTX, dim, &vec![0; dof.len()])?;
        }
        let mut d = [0 as Int; 4];
        d[..dof.len()].copy_from_slice(dof);
        // SAFETY: live DMStag; PETSc checks the numbers and the state.
        check(unsafe { sys::DMStagSetDOF(self.ptr, d[0], d[1], d[2], d[3]) })
    }

    /// Sets the shape of the ghost region (`DMStagSetStencilType`; before set-up).
    #[doc(alias = "DMStagSetStencilType")]
    pub fn set_stencil_type(&mut self, stencil: StagStencilType) -> Result<()> {
        // SAFETY: live DMStag; a stencil type PETSc names.
        check(unsafe { sys::DMStagSetStencilType(self.ptr, stencil.raw()) })
    }

    /// Sets the depth of the ghost region in elements (`DMStagSetStencilWidth`; before
    /// set-up). PETSc refuses a negative width; [`set_up`](Self::set_up) refuses one
    /// wider than some rank's piece.
    #[doc(alias = "DMStagSetStencilWidth")]
    pub fn set_stencil_width(&mut self, width: Int) -> Result<()> {
        // SAFETY: live DMStag; PETSc checks the width and the state.
        check(unsafe { sys::DMStagSetStencilWidth(self.ptr, width) })
    }

    /// Sets the boundary type per direction, one per direction of the grid
    /// (`DMStagSetBoundaryTypes`; before set-up); another count is an `Err`.
    /// [`set_up`](Self::set_up) refuses the types DMStag does not support (mirror,
    /// twist). [`boundary`](Self::boundary) reads them back.
    #[doc(alias = "DMStagSetBoundaryTypes")]
    pub fn set_boundary(&mut self, boundary: impl AsRef<[BoundaryType]>) -> Result<()> {
        let b = boundary.as_ref();
        check_directions("Stag::set_boundary", "boundary", b.len(), self.dims()?)?;
        let b = padded(b, BoundaryType::None);
        // SAFETY: live DMStag; boundary types PETSc names.
        check(unsafe { sys::DMStagSetBoundaryTypes(self.ptr, b[0].raw(), b[1].raw(), b[2].raw()) })
    }

    /// Sets the number of ranks per direction, one per direction of the grid
    /// (`DMStagSetNumRanks`; before set-up); `None` lets PETSc decide. Another count is
    /// an `Err`, and so is changing the number in a direction whose ownership ranges are
    /// set (PETSc keeps as many ranges as there were ranks). [`ranks`](Self::ranks)
    /// reads them back.
    #[doc(alias = "DMStagSetNumRanks")]
    pub fn set_ranks(&mut self, ranks: impl AsRef<[Option<Int>]>) -> Result<()> {
        const CTX: &str = "Stag::set_ranks";
        let r = ranks.as_ref();
        let dim = self.dims()?;
        check_directions(CTX, "ranks", r.len(), dim)?;
        let decide = sys::PETSC_DECIDE as Int;
        let want = padded(r, None).map(|r| r.unwrap_or(decide));
        let (old, ranges) = self.raw_ranks()?;
        for d in 0..dim {
            if ranges[d] && want[d] != old[d] {
                return Err(Error::invalid(
                    CTX,
                    format!(
                        "{} ranks in {} where ownership ranges for {} ranks are set; set the \
                         ownership ranges again after the number of ranks",
                        want[d], AXES[d], old[d]
                    ),
                ));
            }
        }
        // SAFETY: live DMStag; PETSc checks the numbers and the state.
        check(unsafe { sys::DMStagSetNumRanks(self.ptr, want[0], want[1], want[2]) })
    }

    /// Sets the number of elements of each rank, one list per direction of the grid
    /// (`DMStagSetOwnershipRanges`; before set-up), as
    /// [`StagGridBuilder::ownership_ranges`](super::StagGridBuilder::ownership_ranges)
    /// takes them: an empty list leaves a direction as it is. Each list has one entry per
    /// rank in its direction, which must be set first ([`set_ranks`](Self::set_ranks); a
    /// 1D grid has one per rank of its communicator): another length, or another number
    /// of lists than directions, is an `Err`. [`set_up`](Self::set_up) checks that each
    /// list sums to the global size; [`ownership_ranges`](Self::ownership_ranges) reads
    /// them back after it.
    ///
    /// ```
    /// use petsc::Stag;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut s = Stag::new(&petsc.self_comm(), 2)?;
    /// s.set_sizes([5, 3])?;
    /// s.set_dof(&[0, 0, 1])?;
    /// assert!(s.set_ownership_ranges_to(&[&[5], &[]]).is_err()); // no ranks yet
    /// s.set_ranks([Some(1), Some(1)])?;
    /// s.set_ownership_ranges_to(&[&[5], &[3]])?;
    /// assert!(s.set_ownership_ranges_to(&[&[2, 3], &[]]).is_err()); // 1 rank in x
    /// assert!(s.set_ranks([Some(2), Some(1)]).is_err()); // ranges for 1 are set
    /// s.set_up()?;
    /// assert_eq!((s.ranks()?, s.ownership_ranges()?), (vec![Some(1); 2], vec![vec![5], vec![3]]));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMStagSetOwnershipRanges")]
    pub fn set_ownership_ranges_to(&mut self, ranges: &[&[Int]]) -> Result<()> {
        const CTX: &str = "Stag::set_ownership_ranges_to";
        check_directions(CTX, "ownership_ranges", ranges.len(), self.dims()?)?;
        let mut lists: [Option<&[Int]>; 3] = [None; 3];
        for (slot, l) in lists.iter_mut().zip(ranges) {
            *slot = (!l.is_empty()).then_some(*l);
        }
        self.set_ownership_lists(CTX, lists)
    }

    /// Sets the ownership ranges of the directions given, each checked against the
    /// number of ranks there.
    fn set_ownership_lists(&mut self, ctx: &str, lists: [Option<&[Int]>; 3]) -> Result<()> {
        let (ranks, _) = self.raw_ranks()?;
        let dim = self.dimension()?.clamp(1, 3) as usize;
        for (d, l) in lists.iter().enumerate() {
            let Some(l) = l else { continue };
            if d >= dim {
                return Err(Error::invalid(
                    ctx,
                    format!(
                        "ownership ranges given for {}, which a {dim}-dimensional grid does not have",
                        AXES[d]
                    ),
                ));
            }
            if ranks[d] < 0 {
                return Err(Error::invalid(
                    ctx,
                    format!(
                        "the number of ranks in {} is not set; set it (set_ranks) first",
                        AXES[d]
                    ),
                ));
            }
            if l.len() as Int != ranks[d] {
                return Err(Error::size_mismatch(
                    ctx,
                    format!(
                        "{} ownership ranges in {} for {} ranks",
                        l.len(),
                        AXES[d],
                        ranks[d]
                    ),
                ));
            }
        }
        let p = lists.map(|l| l.map_or(std::ptr::null(), <[Int]>::as_ptr));
        // SAFETY: live DMStag; each list given has exactly as many entries as PETSc
        // copies (its number of ranks there, checked above).
        check(unsafe { sys::DMStagSetOwnershipRanges(self.ptr, p[0], p[1], p[2]) })
    }

    /// Reads the grid from the options database (`DMSetFromOptions`; before set-up:
    /// `-stag_grid_x`, `-stag_stencil_width`, `-stag_dof_1`, ...). An option that changes
    /// the number of ranks of a direction whose ownership ranges are set is undone, with
    /// an `Err`.
    ///
    /// ```
    /// use petsc::{Object, Stag};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut s = Stag::new(&petsc.world(), 1)?;
    /// s.set_options_prefix("doc_")?;
    /// petsc.options().set_value("-doc_stag_grid_x", "12")?;
    /// s.set_from_options()?;
    /// assert_eq!(s.global_sizes()?, [12, 1, 1]);
    /// s.set_up()?;
    /// # petsc.options().clear_value("-doc_stag_grid_x")?;
    /// // One rank in x holds the ownership ranges given: `-stag_ranks_x 2` is undone.
    /// let mut t = Stag::new(&petsc.self_comm(), 1)?;
    /// t.set_sizes([4])?;
    /// t.set_ownership_ranges_to(&[&[4]])?;
    /// t.set_options_prefix("doc2_")?;
    /// petsc.options().set_value("-doc2_stag_ranks_x", "2")?;
    /// assert!(t.set_from_options().is_err());
    /// assert_eq!(t.num_ranks()?[0], 1);
    /// t.set_up()?;
    /// # petsc.options().clear_value("-doc2_stag_ranks_x")?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMSetFromOptions")]
    pub fn set_from_options(&mut self) -> Result<()> {
        const CTX: &str = "Stag::set_from_options";
        let (before, ranges) = self.raw_ranks()?;
        // SAFETY: live DMStag.
        let r = unsafe { sys::DMSetFromOptions(self.ptr) };
        self.comm()
            .agree(CTX, crate::error::check_from_options(r))?;
        let (after, _) = self.raw_ranks()?;
        if (0..3).any(|d| ranges[d] && before[d] != after[d]) {
            // SAFETY: live DMStag not set up (its ownership ranges are set).
            check(unsafe { sys::DMStagSetNumRanks(self.ptr, before[0], before[1], before[2]) })?;
            return Err(Error::invalid(
                CTX,
                "the options change the number of ranks of a direction whose ownership \
                 ranges are set; the number is kept",
            ));
        }
        Ok(())
    }

    /// Sets the grid up (`DMSetUp`; collective), after checking it on every rank alike
    /// as [`StagBuilder::build`](super::StagBuilder::build) does: what PETSc would
    /// refuse on some ranks only (a stencil wider than a rank's piece, more ranks than
    /// elements) is an `Err` on all. Nothing happens on a grid already set up.
    #[doc(alias = "DMSetUp")]
    pub fn set_up(&mut self) -> Result<()> {
        if self.is_set_up()? {
            return Ok(());
        }
        set_up_checked("Stag::set_up", self, [None; 3]).map(|_| ())
    }

    /// The dimension of the grid, as a count of directions (1 to 3).
    fn dims(&self) -> Result<usize> {
        Ok(self.dimension()?.clamp(1, 3) as usize)
    }

    /// The numbers of ranks PETSc holds (`PETSC_DECIDE` where not decided), and whether
    /// each direction has ownership ranges.
    fn raw_ranks(&self) -> Result<([Int; 3], [bool; 3])> {
        let mut r = [0 as Int; 3];
        let mut l: [*const Int; 3] = [std::ptr::null(); 3];
        // SAFETY: live DMStag; outputs of the right types (valid before set-up).
        unsafe {
            check(sys::DMStagGetNumRanks(
                self.ptr, &mut r[0], &mut r[1], &mut r[2],
            ))?;
            check(sys::DMStagGetOwnershipRanges(
                self.ptr, &mut l[0], &mut l[1], &mut l[2],
            ))?;
        }
        Ok((r, l.map(|p| !p.is_null())))
    }
}

const AXES: [&str; 3] = ["x", "y", "z"];

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl Stag {
    /// The former name of [`new`](Self::new).
    #[deprecated(
        since = "0.2.0",
        note = "use `Stag::new` (constructors are `new`/`new_*`)"
    )]
    pub fn create(comm: &Comm, dim: usize) -> Result<Stag> {
        Self::new(comm, dim)
    }

    /// The first form of [`set_sizes`](Self::set_sizes): three sizes whatever the
    /// dimension, those past it ignored.
    #[deprecated(
        since = "0.2.0",
        note = "use `Stag::set_sizes([mx, my])` (one size per direction, as `Stag::grid().sizes`)"
    )]
    pub fn set_global_sizes(&mut self, mx: Int, my: Int, mz: Int) -> Result<()> {
        let dim = self.dims()?;
        self.set_sizes(&[mx, my, mz][..dim])
    }

    /// The first form of [`set_boundary`](Self::set_boundary): three types whatever the
    /// dimension, those past it ignored.
    #[deprecated(
        since = "0.2.0",
        note = "use `Stag::set_boundary([bx, by])` (one type per direction, as `Stag::grid().boundary`)"
    )]
    pub fn set_boundary_types(
        &mut self,
        bx: BoundaryType,
        by: BoundaryType,
        bz: BoundaryType,
    ) -> Result<()> {
        let dim = self.dims()?;
        self.set_boundary(&[bx, by, bz][..dim])
    }

    /// The first form of [`set_ranks`](Self::set_ranks): three numbers whatever the
    /// dimension, those past it ignored.
    #[deprecated(
        since = "0.2.0",
        note = "use `Stag::set_ranks([m, n])` (one number per direction, as `Stag::grid().ranks`)"
    )]
    pub fn set_num_ranks(&mut self, m: Option<Int>, n: Option<Int>, p: Option<Int>) -> Result<()> {
        let dim = self.dims()?;
        self.set_ranks(&[m, n, p][..dim])
    }

    /// The first form of [`set_ownership_ranges_to`](Self::set_ownership_ranges_to):
    /// three optional lists whatever the dimension; a list past it is an `Err`.
    #[deprecated(
        since = "0.2.0",
        note = "use `Stag::set_ownership_ranges_to(&[lx, ly])` (one list per direction, as `Stag::grid().ownership_ranges`)"
    )]
    pub fn set_ownership_ranges(
        &mut self,
        lx: Option<&[Int]>,
        ly: Option<&[Int]>,
        lz: Option<&[Int]>,
    ) -> Result<()> {
        self.set_ownership_lists("Stag::set_ownership_ranges", [lx, ly, lz])
    }
}

// `Object`'s `set_from_options` on this handle are the class's own (see `object/hooks.rs`).
impl crate::ffi::ClassHooks<Stag> for crate::ffi::ClassOf<Stag> {
    fn set_from_options(&self, obj: &mut Stag) -> crate::Result<()> {
        obj.set_from_options()
    }
}
