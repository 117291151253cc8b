//! Vector scatters (`VecScatter`): moving entries between any two vectors, from any index
//! set to any index set, forward or in reverse, in one call or in a begin/end pair.

use std::cell::Cell;

use petsc_sys as sys;

use crate::borrow::ArrayBorrow;
use crate::comm::Comm;
use crate::error::{Error, Result, check};
use crate::init::Petsc;
use crate::is::IndexSet;
use crate::object::{Object, petsc_handle, type_enum};
use crate::scalar::Int;
use crate::vec::{InsertMode, ScatterMode, Vector};

/// A vector layout: (global size, this rank's local size).
type Layout = (Int, Int);

petsc_handle!(
    /// A vector scatter (`VecScatter`): a reusable plan that moves entries of vectors laid
    /// out like its "from" vector to entries of vectors laid out like its "to" vector
    /// (or back, with [`ScatterMode::Reverse`]).
    ///
    /// ```
    /// use petsc::{IndexSet, InsertMode, Scatter, ScatterMode, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = Vector::from_slice(&c, &[1.0, 2.0, 3.0, 4.0])?;
    /// let mut y = Vector::new_seq(&c, 2)?;
    /// let from = IndexSet::new_stride(&c, 2, 3, -2)?; // x[3], x[1]
    /// let sct = Scatter::new(&x, Some(&from), &y, None)?;
    /// sct.scatter(&x, &mut y, InsertMode::Insert, ScatterMode::Forward)?;
    /// assert_eq!(&*y.view()?, &[4.0, 2.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecScatter")]
    Scatter,
    sys::VecScatter,
    sys::VecScatterDestroy,
    from: Layout = (0, 0),
    to: Layout = (0, 0),
    set_up: Cell<bool> = Cell::new(false),
);

type_enum! {
    /// How a scatter communicates (`VecScatterType`, PETSc's `PetscSFType`).
    ScatterType {
        Basic = "basic" "Two-sided MPI messages.",
        Neighbor = "neighbor" "MPI-3 neighborhood collectives. Refused on more than one rank \
            where PETSc uses MPI-4's persistent ones (PETSc 3.22 with Open MPI 5, 3.26 with MPICH \
            4: their graph fails inside MPI).",
        Allgatherv = "allgatherv" "`MPI_Allgatherv`.",
        Allgather = "allgather" "`MPI_Allgather`.",
        Gatherv = "gatherv" "`MPI_Gatherv`.",
        Gather = "gather" "`MPI_Gather`.",
        Alltoall = "alltoall" "`MPI_Alltoall`.",
        Window = "window" "MPI one-sided.",
    }
}

fn layout(v: &Vector) -> Result<Layout> {
    Ok((v.size()?, v.local_size()?))
}

/// Checks indices into a vector of `len` entries (the global size for a parallel vector,
/// the local size for a one-rank one, as `VecScatterCreate` reads them).
fn check_is(context: &str, which: &str, is: &IndexSet, len: Int) -> Result<Int> {
    let idx = is.indices()?;
    if let Some((p, &i)) = idx.iter().enumerate().find(|&(_, &i)| i < 0 || i >= len) {
        return Err(Error::out_of_range(
            context,
            format!("{which} index {i} (position {p}) is not in 0..{len}, the vector's size"),
        ));
    }
    Ok(idx.len() as Int)
}

impl Scatter {
    /// A handle, with a reference of its own, to a set-up scatter another object keeps
    /// (a DMDA's halo exchange), which moves entries of vectors laid out as `from` to
    /// vectors laid out as `to` (each as global size, local size). Its type cannot be
    /// changed through the handle (it is set up).
    ///
    /// # Safety
    /// `ptr` must point to a live, set-up scatter of this runtime with these layouts.
    pub(crate) unsafe fn from_raw_kept(
        petsc: &Petsc,
        ptr: sys::VecScatter,
        from: Layout,
        to: Layout,
    ) -> Result<Scatter> {
        // SAFETY: a live scatter (caller); the handle takes its own reference.
        let mut sct = unsafe { Scatter::from_raw_borrowed(petsc, ptr) }?;
        sct.from = from;
        sct.to = to;
        sct.set_up.set(true);
        Ok(sct)
    }

    /// The communicator the scatter's collectives run on: the larger of the vectors'.
    fn comm_of(x: &Vector, y: &Vector) -> Comm {
        let (cx, cy) = (x.comm(), y.comm());
        if cy.size() > cx.size() { cy } else { cx }
    }

    /// A scatter from entries `from_is` of vectors laid out like `x` to entries `to_is`
    /// of vectors laid out like `y` (`VecScatterCreate`; collective). `None` takes every
    /// entry (this rank's part of a parallel vector). Indices are global for a parallel
    /// vector and local for a one-rank one. An index outside its vector, or index sets of
    /// different local lengths, is an `Err` on every rank.
    ///
    /// ```
    /// use petsc::{IndexSet, Scatter, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = Vector::new_seq(&c, 3)?;
    /// let y = Vector::new_seq(&c, 2)?;
    /// let bad = IndexSet::new_general(&c, &[0, 3])?;
    /// assert!(matches!(Scatter::new(&x, Some(&bad), &y, None), Err(petsc::Error::OutOfRange { .. })));
    /// assert!(matches!(Scatter::new(&x, None, &y, None), Err(petsc::Error::SizeMismatch { .. })));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecScatterCreate")]
    pub fn new(
        x: &Vector,
        from_is: Option<&IndexSet>,
        y: &Vector,
        to_is: Option<&IndexSet>,
    ) -> Result<Scatter> {
        const CTX: &str = "Scatter::new";
        let comm = Scatter::comm_of(x, y);
        let local = (|| {
            let (fx, tx) = (layout(x)?, layout(y)?);
            let bound = |v: &Vector, l: Layout| if v.comm().size() == 1 { l.1 } else { l.0 };
            let nf = match from_is {
                Some(is) => check_is(CTX, "source", is, bound(x, fx))?,
                None => fx.1,
            };
            let nt = match to_is {
                Some(is) => check_is(CTX, "destination", is, bound(y, tx))?,
                None => tx.1,
            };
            if nf != nt {
                return Err(Error::size_mismatch(
                    CTX,
                    format!("{nf} entries to send but {nt} to receive on this rank"),
                ));
            }
            Ok((fx, tx))
        })();
        let (from, to) = comm.agree(CTX, local)?;
        // PETSc takes a default for one side only: name this rank's entries of `x`.
        let all_x = match (from_is, to_is) {
            (None, None) => {
                let start = if x.comm().size() == 1 {
                    0
                } else {
                    x.ownership_range()?.start
                };
                Some(IndexSet::new_stride(
                    &x.petsc().self_comm(),
                    from.1,
                    start,
                    1,
                )?)
            }
            _ => None,
        };
        let from_is = from_is.or(all_x.as_ref());
        let mut s: sys::VecScatter = std::ptr::null_mut();
        // SAFETY: live vectors and index sets (or null for all entries), checked above;
        // PETSc writes the new scatter.
        check(unsafe {
            sys::VecScatterCreate(
                x.raw_read(CTX)?,
                from_is.map_or(std::ptr::null_mut(), |i| i.as_raw()),
                y.raw_read(CTX)?,
                to_is.map_or(std::ptr::null_mut(), |i| i.as_raw()),
                &mut s,
            )
        })?;
        let mut sct = Scatter::from_raw(x.petsc(), s);
        sct.from = from;
        sct.to = to;
        Ok(sct)
    }

    fn with_vector(v: &Vector, to_zero: bool) -> Result<(Scatter, Vector)> {
        let mut s: sys::VecScatter = std::ptr::null_mut();
        let mut out: sys::Vec = std::ptr::null_mut();
        let context = if to_zero {
            "Scatter::to_zero"
        } else {
            "Scatter::to_all"
        };
        // A writable view alive on some ranks only is refused on every rank before the
        // collective creation.
        Vector::accessible_over(v, context, &[v], &[])?;
        let raw = v.raw_read(context)?;
        // SAFETY: live vector; PETSc writes the scatter and the new vector.
        check(unsafe {
            if to_zero {
                sys::VecScatterCreateToZero(raw, &mut s, &mut out)
            } else {
                sys::VecScatterCreateToAll(raw, &mut s, &mut out)
            }
        })?;
        let mut sct = Scatter::from_raw(v.petsc(), s);
        let out = Vector::from_raw(v.petsc(), out);
        sct.from = layout(v)?;
        sct.to = layout(&out)?;
        Ok((sct, out))
    }

    /// A scatter that copies a vector whole to every rank, and a sequential vector on
    /// each rank to receive it (`VecScatterCreateToAll`; collective).
    ///
    /// ```
    /// use petsc::{InsertMode, Scatter, ScatterMode, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = Vector::new_mpi(&petsc.world(), None, Some(4))?;
    /// x.set(2.0)?;
    /// let (sct, mut all) = Scatter::to_all(&x)?;
    /// sct.scatter(&x, &mut all, InsertMode::Insert, ScatterMode::Forward)?;
    /// assert_eq!(&*all.view()?, &[2.0; 4]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecScatterCreateToAll")]
    pub fn to_all(v: &Vector) -> Result<(Scatter, Vector)> {
        Scatter::with_vector(v, false)
    }

    /// A scatter that gathers a vector whole on rank 0, and the sequential vector to
    /// receive it (empty on the other ranks) (`VecScatterCreateToZero`; collective).
    #[doc(alias = "VecScatterCreateToZero")]
    pub fn to_zero(v: &Vector) -> Result<(Scatter, Vector)> {
        Scatter::with_vector(v, true)
    }

    /// A new scatter with the same plan (`VecScatterCopy`).
    #[doc(alias = "VecScatterCopy")]
    pub fn copy(&self) -> Result<Scatter> {
        let mut s: sys::VecScatter = std::ptr::null_mut();
        // SAFETY: live scatter; PETSc writes the copy.
        check(unsafe { sys::VecScatterCopy(self.ptr, &mut s) })?;
        let mut sct = Scatter::from_raw(&self.petsc, s);
        sct.from = self.from;
        sct.to = self.to;
        // A copy of a set-up scatter may be set up too; count it so.
        sct.set_up.set(self.set_up.get());
        Ok(sct)
    }

    /// The same as [`copy`](Self::copy).
    #[doc(alias = "VecScatterCopy")]
    pub fn duplicate(&self) -> Result<Scatter> {
        self.copy()
    }

    /// Refuses to change the type of a scatter already set up: PETSc would drop the
    /// communication plan of the old type and keep using it.
    fn check_not_set_up(&self, context: &str) -> Result<()> {
        if self.set_up.get() {
            return Err(Error::invalid(
                context,
                "the scatter is already set up (by set_up or a first scatter); choose its type before",
            ));
        }
        Ok(())
    }

    /// Refuses a type this scatter cannot take: only the general types
    /// ([`ScatterType::Basic`], [`ScatterType::Neighbor`]) work on any scatter, and only
    /// in place of each other. The others run PETSc's patterned scatters (`to_all` on
    /// several ranks is `allgather`), which PETSc sets itself; switching to or from one
    /// leaves a plan PETSc cannot run.
    fn check_type_change(&self, context: &str, name: &str) -> Result<()> {
        self.check_not_set_up(context)?;
        // SAFETY: returns a constant.
        let persistent = unsafe { sys::petscrs_sf_neighbor_persistent() } != 0;
        if name == "neighbor" && persistent && self.comm().size() > 1 {
            // Seen with PETSc 3.22 on Open MPI 5.0 (MPI_ERR_ARG, the scatter left
            // unusable) and PETSc 3.26 on MPICH 4.0 (a crash inside MPICH).
            return Err(Error::invalid(
                context,
                "the \"neighbor\" type is refused on more than one rank where PETSc uses \
                 MPI-4's persistent neighbourhood collectives: its graph fails in \
                 MPI_Dist_graph_create_adjacent; use \"basic\"",
            ));
        }
        let now = self.type_name()?;
        let general = |t: &str| t == "basic" || t == "neighbor";
        if name != now && !(general(name) && general(&now)) {
            return Err(Error::invalid(
                context,
                format!(
                    "a scatter of type {now:?} cannot become {name:?}: only \"basic\" and \"neighbor\" may replace each other"
                ),
            ));
        }
        Ok(())
    }

    /// Sets how the scatter communicates (`VecScatterSetType`; logically collective),
    /// before it is set up or first used. Only [`ScatterType::Basic`] and
    /// [`ScatterType::Neighbor`] may replace each other; any other change, or a change
    /// after set-up, is an `Err` (PETSc would be left with a plan it cannot run).
    ///
    /// ```
    /// use petsc::{InsertMode, Scatter, ScatterMode, ScatterType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = Vector::from_slice(&c, &[1.0, 2.0])?;
    /// let mut y = x.duplicate()?;
    /// let mut sct = Scatter::new(&x, None, &y, None)?;
    /// assert!(sct.set_type(ScatterType::Allgatherv).is_err());
    /// sct.set_type(ScatterType::Neighbor)?;
    /// assert_eq!(sct.ty()?, ScatterType::Neighbor);
    /// sct.scatter(&x, &mut y, InsertMode::Insert, ScatterMode::Forward)?;
    /// assert_eq!(&*y.view()?, &[1.0, 2.0]);
    /// assert!(sct.set_type(ScatterType::Basic).is_err()); // already set up
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecScatterSetType")]
    pub fn set_type(&mut self, ty: ScatterType) -> Result<()> {
        const CTX: &str = "Scatter::set_type";
        self.comm()
            .agree(CTX, self.check_type_change(CTX, ty.as_str()))?;
        let name = crate::error::c_string(CTX, ty.as_str())?;
        // SAFETY: live scatter not yet set up, changing between the general types.
        check(unsafe { sys::VecScatterSetType(self.ptr, name.as_ptr()) })
    }

    /// The type.
    #[doc(alias = "VecScatterGetType")]
    pub fn ty(&self) -> Result<ScatterType> {
        Ok(ScatterType::from_name(&self.type_name()?))
    }

    /// Reads `-sf_type` and the other scatter options (`VecScatterSetFromOptions`;
    /// collective), before the scatter is set up or first used. A `-sf_type` that
    /// [`set_type`](Self::set_type) would refuse is refused the same way.
    #[doc(alias = "VecScatterSetFromOptions")]
    pub fn set_from_options(&mut self) -> Result<()> {
        const CTX: &str = "Scatter::set_from_options";
        let local = (|| {
            let prefix = crate::error::c_string(CTX, &self.options_prefix()?)?;
            let mut buf = [0 as std::os::raw::c_char; 256];
            let mut set = sys::PETSC_BOOL_FALSE;
            // SAFETY: the global options database; NUL-terminated prefix and name; PETSc
            // writes at most `buf.len()` bytes, NUL-terminated, and the flag.
            check(unsafe {
                sys::PetscOptionsGetString(
                    std::ptr::null_mut(),
                    prefix.as_ptr(),
                    c"-sf_type".as_ptr(),
                    buf.as_mut_ptr(),
                    buf.len(),
                    &mut set,
                )
            })?;
            if set == sys::PETSC_BOOL_TRUE {
                // SAFETY: PETSc wrote a NUL-terminated string into `buf`.
                let name = unsafe { crate::object::owned(buf.as_ptr()) };
                self.check_type_change(CTX, &name)
            } else {
                self.check_not_set_up(CTX)
            }
        })();
        self.comm().agree(CTX, local)?;
        // SAFETY: live scatter not yet set up; the type it will read is one it can take.
        crate::error::check_from_options(unsafe { sys::VecScatterSetFromOptions(self.ptr) })
    }

    /// Builds the communication plan now rather than at the first scatter
    /// (`VecScatterSetUp`; collective).
    #[doc(alias = "VecScatterSetUp")]
    pub fn set_up(&mut self) -> Result<()> {
        // SAFETY: live scatter.
        check(unsafe { sys::VecScatterSetUp(self.ptr) })?;
        self.set_up.set(true);
        Ok(())
    }

    /// Checks that `x` and `y` are laid out as the scatter expects in `mode`, on every
    /// rank of the scatter's communicator.
    fn check_vectors(
        &self,
        context: &str,
        x: &Vector,
        y: &Vector,
        mode: ScatterMode,
    ) -> Result<()> {
        let (from, to) = match mode {
            ScatterMode::Forward => (self.from, self.to),
            ScatterMode::Reverse => (self.to, self.from),
        };
        let local = (|| {
            for (name, v, want) in [("source", x, from), ("destination", y, to)] {
                let got = layout(v)?;
                if got != want {
                    return Err(Error::size_mismatch(
                        context,
                        format!(
                            "the {name} vector has (global, local) sizes {got:?}, but the scatter {mode:?} expects {want:?}"
                        ),
                    ));
                }
            }
            Ok(())
        })();
        self.comm().agree(context, local)
    }

    /// Moves entries of `x` into `y` (`VecScatterBegin` and `VecScatterEnd`;
    /// collective): forward, `x` is laid out like the scatter's "from" vector and `y`
    /// like its "to" vector; in reverse, the other way round. Vectors of other sizes are
    /// an `Err` on every rank.
    ///
    /// ```
    /// use petsc::{IndexSet, InsertMode, Scatter, ScatterMode, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut x = Vector::from_slice(&c, &[1.0, 2.0, 3.0])?;
    /// let mut y = Vector::from_slice(&c, &[10.0, 20.0])?;
    /// let sct = Scatter::new(&x, Some(&IndexSet::new_general(&c, &[2, 0])?), &y, None)?;
    /// sct.scatter(&x, &mut y, InsertMode::Add, ScatterMode::Forward)?;
    /// assert_eq!(&*y.view()?, &[13.0, 21.0]);
    /// sct.scatter(&y, &mut x, InsertMode::Insert, ScatterMode::Reverse)?;
    /// assert_eq!(&*x.view()?, &[21.0, 2.0, 13.0]);
    /// assert!(sct.scatter(&x, &mut y, InsertMode::Insert, ScatterMode::Reverse).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecScatterBegin")]
    #[doc(alias = "VecScatterEnd")]
    pub fn scatter(
        &self,
        x: &Vector,
        y: &mut Vector,
        addv: InsertMode,
        mode: ScatterMode,
    ) -> Result<()> {
        self.start("Scatter::scatter", x, y, addv, mode)?.end()
    }

    /// Starts moving entries of `x` into `y` (`VecScatterBegin`; collective), as
    /// [`scatter`](Self::scatter) does; the returned guard borrows the scatter and both
    /// vectors until [`ScatterInFlight::end`] (or its drop) completes it with
    /// `VecScatterEnd`, so nothing can read `y` or change either vector in between.
    /// Other work can be done meanwhile.
    ///
    /// ```
    /// use petsc::{InsertMode, Scatter, ScatterMode, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = Vector::from_slice(&c, &[1.0, 2.0])?;
    /// let mut y = x.duplicate()?;
    /// let mut sct = Scatter::new(&x, None, &y, None)?;
    /// let pending = sct.begin(&x, &mut y, InsertMode::Insert, ScatterMode::Forward)?;
    /// let other_work = x.norm(petsc::NormType::One)?; // reading x is fine
    /// pending.end()?;
    /// assert_eq!(&*y.view()?, &[1.0, 2.0]);
    /// assert_eq!(other_work, 3.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    ///
    /// Using the destination before `end` does not compile:
    ///
    /// ```compile_fail
    /// use petsc::{InsertMode, Scatter, ScatterMode, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = Vector::from_slice(&c, &[1.0, 2.0])?;
    /// let mut y = x.duplicate()?;
    /// let mut sct = Scatter::new(&x, None, &y, None)?;
    /// let pending = sct.begin(&x, &mut y, InsertMode::Insert, ScatterMode::Forward)?;
    /// let _ = y.view()?;
    /// pending.end()?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecScatterBegin")]
    pub fn begin<'a>(
        &'a mut self,
        x: &'a Vector,
        y: &'a mut Vector,
        addv: InsertMode,
        mode: ScatterMode,
    ) -> Result<ScatterInFlight<'a>> {
        self.start("Scatter::begin", x, y, addv, mode)
    }

    /// Completes a scatter begun by [`begin`](Self::begin) (`VecScatterEnd`;
    /// collective): the same as `pending.end()`, in petsc4py's spelling.
    #[doc(alias = "VecScatterEnd")]
    pub fn end(pending: ScatterInFlight<'_>) -> Result<()> {
        pending.end()
    }

    fn start<'a>(
        &'a self,
        context: &str,
        x: &'a Vector,
        y: &'a mut Vector,
        addv: InsertMode,
        mode: ScatterMode,
    ) -> Result<ScatterInFlight<'a>> {
        self.check_vectors(context, x, y, mode)?;
        // The entries stay borrowed through any other handle to the same vectors until
        // the scatter ends: `x` read, `y` written.
        let borrows = (|| {
            let bx = x.borrow_shared(context)?;
            let by = y.borrow_exclusive(context, None)?;
            Ok((bx, by))
        })();
        let borrows = self.comm().agree(context, borrows)?;
        // SAFETY: live scatter and vectors laid out as it expects (checked on every
        // rank), distinct (the borrows above), and kept borrowed until VecScatterEnd.
        check(unsafe {
            sys::VecScatterBegin(self.ptr, x.as_raw(), y.as_raw(), addv.raw(), mode.raw())
        })?;
        self.set_up.set(true);
        Ok(ScatterInFlight {
            sct: self,
            x,
            y,
            addv,
            mode,
            done: false,
            _borrows: borrows,
        })
    }
}

/// A scatter begun by [`Scatter::begin`]: it holds the scatter and both vectors until
/// [`end`](Self::end) completes it (`VecScatterEnd`). Dropping it completes it too,
/// recording a failure in [`take_destroy_failures`](crate::take_destroy_failures).
#[must_use = "the scatter completes at `end()` (or when dropped)"]
pub struct ScatterInFlight<'a> {
    sct: &'a Scatter,
    x: &'a Vector,
    y: &'a mut Vector,
    addv: InsertMode,
    mode: ScatterMode,
    done: bool,
    // Released after VecScatterEnd.
    _borrows: (ArrayBorrow, ArrayBorrow),
}

impl ScatterInFlight<'_> {
    fn finish(&mut self) -> sys::PetscErrorCode {
        self.done = true;
        // SAFETY: the scatter begun with exactly these vectors and modes, all still
        // borrowed.
        unsafe {
            sys::VecScatterEnd(
                self.sct.ptr,
                self.x.as_raw(),
                self.y.as_raw(),
                self.addv.raw(),
                self.mode.raw(),
            )
        }
    }

    /// Completes the scatter (`VecScatterEnd`; collective) and gives the vectors back.
    #[doc(alias = "VecScatterEnd")]
    pub fn end(mut self) -> Result<()> {
        check(self.finish())
    }
}

impl std::fmt::Debug for ScatterInFlight<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScatterInFlight")
            .field("addv", &self.addv)
            .field("mode", &self.mode)
            .finish()
    }
}

impl Drop for ScatterInFlight<'_> {
    fn drop(&mut self) {
        if !self.done {
            crate::error::record_destroy(self.finish());
        }
    }
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl Scatter {
    /// The former name of [`ty`](Self::ty).
    #[deprecated(
        since = "0.2.0",
        note = "use `Scatter::ty` (getters have no `get_` prefix)"
    )]
    pub fn get_type(&self) -> Result<ScatterType> {
        self.ty()
    }
}

// `Object`'s `set_from_options` on this handle are the class's own (see `object/hooks.rs`).
impl crate::ffi::ClassHooks<Scatter> for crate::ffi::ClassOf<Scatter> {
    fn set_from_options(&self, obj: &mut Scatter) -> crate::Result<()> {
        obj.set_from_options()
    }
}
