//! Communicators: PETSc's reference to an MPI communicator.

use std::os::raw::c_int;

use mpi::raw::AsRaw;
use mpi::topology::Communicator;
use petsc_sys as sys;

use crate::error::{Result, c_string, check};
use crate::init::Petsc;

/// An MPI communicator as PETSc holds it: one reference to PETSc's inner duplicate of a
/// user communicator (`PetscCommDuplicate`), released on drop (`PetscCommDestroy`).
///
/// ```
/// let petsc = petsc::Petsc::init()?;
/// let world = petsc.world();
/// let me = petsc.self_comm();
/// assert_eq!(me.size(), 1);
/// assert!(world.size() >= 1);
/// # Ok::<(), petsc::Error>(())
/// ```
pub struct Comm {
    raw: sys::MPI_Comm,
    petsc: Petsc,
}

impl std::fmt::Debug for Comm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Comm")
            .field("rank", &self.rank())
            .field("size", &self.size())
            .finish()
    }
}

impl Comm {
    /// Takes one PETSc reference to `raw` (or to PETSc's inner duplicate of it).
    pub(crate) fn attach(petsc: &Petsc, raw: sys::MPI_Comm) -> Result<Comm> {
        let mut inner: sys::MPI_Comm = raw;
        // SAFETY: `raw` is a live communicator; PETSc writes its inner duplicate.
        check(unsafe { sys::PetscCommDuplicate(raw, &mut inner, std::ptr::null_mut()) })?;
        Ok(Comm {
            raw: inner,
            petsc: petsc.clone(),
        })
    }

    /// A new handle to the same communicator (`PetscCommDuplicate`): PETSc's objects
    /// created on either talk to each other, apart from the user's own MPI traffic.
    /// Cloning does the same.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.world().duplicate()?;
    /// assert_eq!(c.size(), petsc.world().size());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscCommDuplicate")]
    pub fn duplicate(&self) -> Result<Comm> {
        Comm::attach(&self.petsc, self.raw)
    }

    /// PETSc's communicator for any rsmpi communicator.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc::Comm::from_mpi(&petsc, &*petsc.mpi_world())?;
    /// assert_eq!(c.size(), petsc.world().size());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn from_mpi<C>(petsc: &Petsc, comm: &C) -> Result<Comm>
    where
        C: Communicator + AsRaw<Raw = sys::MPI_Comm>,
    {
        Comm::attach(petsc, comm.as_raw())
    }

    /// The communicator of a PETSc object.
    pub(crate) fn of_object(petsc: &Petsc, obj: sys::PetscObject) -> Result<Comm> {
        // SAFETY: the caller guarantees a live PETSc object; an uninitialized MPI_Comm
        // value is overwritten by PetscObjectGetComm.
        let mut raw: sys::MPI_Comm = unsafe { sys::petscrs_comm_null() };
        // SAFETY: `obj` is a live PETSc object.
        check(unsafe { sys::PetscObjectGetComm(obj, &mut raw) })?;
        Comm::attach(petsc, raw)
    }

    /// An rsmpi communicator over the same processes (petsc4py's `tompi4py`): a
    /// duplicate (`MPI_Comm_dup`; collective) that rsmpi owns and frees, for the
    /// program's own MPI traffic apart from PETSc's.
    ///
    /// ```
    /// use petsc::mpi::traits::{Communicator, CommunicatorCollectives};
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// let mine = world.to_mpi()?;
    /// assert_eq!((mine.size(), mine.rank()), (world.size(), world.rank()));
    /// let mut sum = 0;
    /// mine.all_reduce_into(&1, &mut sum, petsc::mpi::collective::SystemOperation::sum());
    /// assert_eq!(sum, world.size());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MPI_Comm_dup")]
    pub fn to_mpi(&self) -> Result<mpi::topology::SimpleCommunicator> {
        use mpi::raw::FromRaw;
        // SAFETY: an uninitialized MPI_Comm value, overwritten by MPI_Comm_dup.
        let mut dup: sys::MPI_Comm = unsafe { sys::petscrs_comm_null() };
        // SAFETY: `self.raw` is live while `self` lives; MPI writes the new communicator.
        let rc = unsafe { sys::mpi_sys::MPI_Comm_dup(self.raw, &mut dup) };
        if rc != 0 {
            return Err(crate::error::Error::invalid(
                "Comm::to_mpi",
                format!("MPI_Comm_dup failed (MPI error {rc})"),
            ));
        }
        // SAFETY: a live intra-communicator of its own (neither MPI_COMM_WORLD nor
        // MPI_COMM_SELF), which rsmpi frees when dropped.
        Ok(unsafe { mpi::topology::SimpleCommunicator::from_raw(dup) })
    }

    /// The raw `MPI_Comm`, valid while `self` lives.
    pub fn as_raw(&self) -> sys::MPI_Comm {
        self.raw
    }

    /// The runtime this communicator belongs to.
    pub fn petsc(&self) -> &Petsc {
        &self.petsc
    }

    /// This process's rank.
    pub fn rank(&self) -> i32 {
        let mut r: c_int = 0;
        // SAFETY: `self.raw` is live while `self` lives.
        unsafe { sys::mpi_sys::MPI_Comm_rank(self.raw, &mut r) };
        r
    }

    /// The number of processes.
    pub fn size(&self) -> i32 {
        let mut s: c_int = 0;
        // SAFETY: `self.raw` is live while `self` lives.
        unsafe { sys::mpi_sys::MPI_Comm_size(self.raw, &mut s) };
        s
    }

    /// Starts now the split-phase reductions begun on this communicator
    /// ([`Vector::dot_begin`](crate::Vector::dot_begin),
    /// [`norm_begin`](crate::Vector::norm_begin), ...), all in one message, so that they
    /// travel while the caller computes (`PetscCommSplitReductionBegin`); their ends
    /// finish them (without this call, the first end starts them). Collective.
    ///
    /// ```
    /// use petsc::{NormType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.world();
    /// let x = Vector::from_slice(&c, &[3.0, 4.0])?;
    /// x.norm_begin(NormType::Two)?;
    /// x.dot_begin(&x)?;
    /// c.split_reduction_begin()?;
    /// // ... work that overlaps the reductions ...
    /// assert_eq!(x.norm_end(NormType::Two)?, 5.0 * (c.size() as f64).sqrt());
    /// assert_eq!(x.dot_end(&x)?, 25.0 * c.size() as f64);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscCommSplitReductionBegin")]
    pub fn split_reduction_begin(&self) -> Result<()> {
        // SAFETY: a live communicator; PETSc starts the reductions pending on it, if any.
        crate::error::check(unsafe { sys::PetscCommSplitReductionBegin(self.raw) })
    }

    /// Waits for every process of the communicator.
    pub fn barrier(&self) -> Result<()> {
        // SAFETY: `self.raw` is live while `self` lives.
        let ierr = unsafe { sys::mpi_sys::MPI_Barrier(self.raw) };
        if ierr == 0 {
            Ok(())
        } else {
            Err(crate::error::Error::invalid(
                "Comm::barrier",
                format!("MPI error {ierr}"),
            ))
        }
    }

    /// Checks a layout's sizes on every rank at once (collective), so that a
    /// disagreement is the same `Err` on every rank instead of a wrong layout or a hang:
    /// sizes are not negative, each rank gives a local size, a global one or both, all
    /// ranks or none give the local size and the global size, the global sizes given
    /// are equal, and the local sizes add up to the global size (and fit `PetscInt`).
    /// PETSc checks the sum only in debug builds. `what` names the dimension ("rows").
    // `Int` is `i32` or `i64` by PETSc build; the casts widen on the former.
    #[allow(clippy::unnecessary_cast)]
    pub(crate) fn check_layout(
        &self,
        context: &str,
        what: &str,
        local: Option<crate::scalar::Int>,
        global: Option<crate::scalar::Int>,
    ) -> Result<()> {
        let bad = |detail: String| Err(crate::error::Error::size_mismatch(context, detail));
        let negative = local.into_iter().chain(global).any(|n| n < 0);
        let neither = local.is_none() && global.is_none();
        // A negative size is reported below; counted as 0 so that `-g` cannot overflow
        // (`Int::MIN` with 64-bit indices).
        let (l, g) = (
            local.filter(|&n| n >= 0).map_or(0, |n| n as i64),
            global.filter(|&n| n >= 0).map_or(0, |n| n as i64),
        );
        let (gl, gg) = (local.is_some() as i64, global.is_some() as i64);
        // Maxima of: a negative size, neither size, local given (and its negation, so
        // that the minimum comes too), global given, the global size.
        let mine = [negative as i64, neither as i64, gl, -gl, gg, -gg, g, -g];
        let mut most = [0i64; 8];
        let mut sum = 0i64;
        if self.size() == 1 {
            most = mine;
            sum = l;
        } else {
            self.allreduce_i64(&mine, &mut most, false)?;
            self.allreduce_i64(&[l], std::slice::from_mut(&mut sum), true)?;
        }
        if most[0] != 0 {
            return bad(format!(
                "a number of {what} is negative (on at least one rank)"
            ));
        }
        if most[1] != 0 {
            return bad(format!(
                "give the local or the global number of {what} (at least one rank gave neither)"
            ));
        }
        if most[2] != -most[3] {
            return bad(format!(
                "some ranks give a local number of {what} and some do not"
            ));
        }
        if most[4] != -most[5] {
            return bad(format!(
                "some ranks give a global number of {what} and some do not"
            ));
        }
        if most[4] == 1 && most[6] != -most[7] {
            return bad(format!(
                "the ranks give different global numbers of {what} ({} to {})",
                -most[7], most[6]
            ));
        }
        if most[2] == 1 && most[4] == 1 && sum != most[6] {
            return bad(format!(
                "the local numbers of {what} add up to {sum} on {} rank(s), but the global number is {}",
                self.size(),
                most[6]
            ));
        }
        if most[2] == 1 && crate::scalar::Int::try_from(sum).is_err() {
            return bad(format!(
                "the local numbers of {what} add up to {sum}, more than PetscInt holds"
            ));
        }
        Ok(())
    }

    /// Whether `other` is this communicator or one with the same processes in the same
    /// order (`MPI_Comm_compare` gives `MPI_IDENT` or `MPI_CONGRUENT`): what PETSc's
    /// `PetscCheckSameComm` requires, which only its debug builds check. Not collective.
    pub(crate) fn congruent(&self, other: &Comm) -> bool {
        let mut same: c_int = 0;
        // SAFETY: two live communicators; MPI writes the comparison.
        unsafe { sys::mpi_sys::MPI_Comm_compare(self.raw, other.raw, &mut same) };
        // SAFETY: rsmpi's constants, set with MPI.
        let (ident, congruent) = unsafe { (mpi::ffi::RSMPI_IDENT, mpi::ffi::RSMPI_CONGRUENT) };
        same == ident || same == congruent
    }

    /// Makes every rank agree on the outcome of a local argument check before a
    /// collective call, so that a bad argument on one rank gives `Err` everywhere instead
    /// of a hang. The rank that found the problem gets its own error; the others get the
    /// first such rank's message, with its number.
    pub(crate) fn agree<T>(&self, context: &str, local: Result<T>) -> Result<T> {
        agree_on(self.raw, context, local)
    }

    /// Whether `flag` holds on every rank (a logical-and reduction; collective).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// assert!(world.all(true)?);
    /// assert!(!world.all(world.rank() != 0)?); // rank 0 says no
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MPI_Allreduce")]
    pub fn all(&self, flag: bool) -> Result<bool> {
        let mut any_false = 0i64;
        self.allreduce_i64(
            &[i64::from(!flag)],
            std::slice::from_mut(&mut any_false),
            false,
        )?;
        Ok(any_false == 0)
    }

    /// Whether `flag` holds on some rank (a logical-or reduction; collective).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// assert!(world.any(world.rank() == 0)?);
    /// assert!(!world.any(false)?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MPI_Allreduce")]
    pub fn any(&self, flag: bool) -> Result<bool> {
        let mut any = 0i64;
        self.allreduce_i64(&[i64::from(flag)], std::slice::from_mut(&mut any), false)?;
        Ok(any != 0)
    }

    /// Sends `root`'s `data` to every rank of this communicator, into their `data`
    /// (`MPI_Bcast`, collective): petsc4py's `comm.bcast` for a slice of plain values
    /// (numbers, `bool`s, anything rsmpi's `Equivalence` covers). `root` and the length
    /// must be the same on every rank; a disagreement, or a root outside the
    /// communicator, is an `Err` on every rank instead of a hang. rsmpi's own
    /// collectives work on [`Petsc::mpi_world`](crate::Petsc::mpi_world) too.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// let mut params = if world.rank() == 0 { [0.5, 2.0, 7.0] } else { [0.0; 3] };
    /// world.broadcast(0, &mut params)?;
    /// assert_eq!(params, [0.5, 2.0, 7.0]);
    /// assert!(world.broadcast(world.size(), &mut params).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MPI_Bcast")]
    pub fn broadcast<T: mpi::datatype::Equivalence>(
        &self,
        root: i32,
        data: &mut [T],
    ) -> Result<()> {
        const CTX: &str = "Comm::broadcast";
        let count = c_int::try_from(data.len()).map_err(|_| {
            crate::error::Error::invalid(
                CTX,
                format!("{} values are more than MPI counts", data.len()),
            )
        });
        let count = self.agree(CTX, count)?;
        self.check_same(
            CTX,
            &[("roots", i64::from(root)), ("lengths", i64::from(count))],
        )?;
        if !(0..self.size()).contains(&root) {
            return Err(crate::error::Error::invalid(
                CTX,
                format!(
                    "root {root} is not a rank of this communicator of {}",
                    self.size()
                ),
            ));
        }
        use mpi::raw::AsRaw;
        // SAFETY: live communicator; `data` holds `count` values of the datatype rsmpi
        // gives for `T`, the same count and root on every rank (checked above).
        let rc = unsafe {
            mpi::ffi::MPI_Bcast(
                data.as_mut_ptr().cast(),
                count,
                T::equivalent_datatype().as_raw(),
                root,
                self.raw,
            )
        };
        if rc == 0 {
            Ok(())
        } else {
            Err(crate::error::Error::invalid(CTX, format!("MPI error {rc}")))
        }
    }

    /// Refuses, on every rank, arguments that must be equal on all ranks but are not:
    /// `values` are `(name, value)` pairs; the error names the first that differs and the
    /// range of values the ranks gave.
    pub(crate) fn check_same(&self, context: &str, values: &[(&str, i64)]) -> Result<()> {
        if self.size() == 1 {
            return Ok(());
        }
        let mine: Vec<i64> = values
            .iter()
            .flat_map(|&(_, v)| [v, v.saturating_neg()])
            .collect();
        let mut most = vec![0i64; mine.len()];
        self.allreduce_i64(&mine, &mut most, false)?;
        for (k, &(name, _)) in values.iter().enumerate() {
            let (max, min) = (most[2 * k], most[2 * k + 1].saturating_neg());
            if max != min {
                return Err(crate::error::Error::invalid(
                    context,
                    format!(
                        "the ranks give different {name} ({min} to {max}); it must be the same on every rank"
                    ),
                ));
            }
        }
        Ok(())
    }

    /// `MPI_Allgather` of one 64-bit integer per rank: every rank's value, in rank order.
    pub(crate) fn all_gather_i64(&self, mine: i64) -> Result<Vec<i64>> {
        let mut all = vec![0i64; self.size().max(0) as usize];
        // SAFETY: live communicator; `mine` is one i64 and `all` holds one per rank; the
        // datatype handle is rsmpi's static, initialized with MPI.
        let rc = unsafe {
            mpi::ffi::MPI_Allgather(
                (&mine as *const i64).cast(),
                1,
                mpi::ffi::RSMPI_INT64_T,
                all.as_mut_ptr().cast(),
                1,
                mpi::ffi::RSMPI_INT64_T,
                self.raw,
            )
        };
        if rc == 0 {
            Ok(all)
        } else {
            Err(crate::error::Error::invalid(
                "MPI_Allgather",
                format!("MPI error {rc}"),
            ))
        }
    }

    /// `MPI_Allreduce` of 64-bit integers: sum, or maximum.
    /// The largest of the ranks' nonnegative `mine` (collective).
    pub(crate) fn max_nonnegative(&self, mine: crate::scalar::Real) -> Result<crate::scalar::Real> {
        debug_assert!(mine >= 0.0);
        // Nonnegative IEEE numbers order as their bit patterns do.
        let mut max = 0i64;
        // `Real` is `f32` in single-precision builds.
        #[allow(clippy::useless_conversion)]
        let bits = f64::from(mine).to_bits() as i64;
        self.allreduce_i64(&[bits], std::slice::from_mut(&mut max), false)?;
        Ok(f64::from_bits(max as u64) as crate::scalar::Real)
    }

    fn allreduce_i64(&self, send: &[i64], recv: &mut [i64], sum: bool) -> Result<()> {
        allreduce_i64(self.raw, send, recv, sum)
    }

    /// `MPI_Allreduce` sum of reals: `recv[i]` is the sum of every rank's `send[i]`
    /// (collective; the lengths equal, and the same on every rank).
    pub(crate) fn sum_reals(
        &self,
        send: &[crate::scalar::Real],
        recv: &mut [crate::scalar::Real],
    ) -> Result<()> {
        use mpi::datatype::Equivalence;
        use mpi::raw::AsRaw;
        assert_eq!(send.len(), recv.len());
        // SAFETY: live communicator; both buffers hold `send.len()` reals of the MPI
        // type rsmpi gives `Real`; the operation handle is rsmpi's static.
        let rc = unsafe {
            mpi::ffi::MPI_Allreduce(
                send.as_ptr() as *const std::ffi::c_void,
                recv.as_mut_ptr() as *mut std::ffi::c_void,
                send.len() as c_int,
                crate::scalar::Real::equivalent_datatype().as_raw(),
                mpi::ffi::RSMPI_SUM,
                self.raw,
            )
        };
        if rc == 0 {
            Ok(())
        } else {
            Err(crate::error::Error::invalid(
                "MPI_Allreduce",
                format!("MPI error {rc}"),
            ))
        }
    }

    /// Prints with `PetscPrintf`: only the communicator's first rank writes.
    #[doc(alias = "PetscPrintf")]
    pub fn print(&self, text: &str) -> Result<()> {
        let t = c_string("Comm::print", text)?;
        // SAFETY: "%s" with one NUL-terminated string.
        check(unsafe { sys::PetscPrintf(self.raw, c"%s".as_ptr(), t.as_ptr()) })
    }

    /// Prints with `PetscSynchronizedPrintf` and flushes: every rank writes, in rank order.
    /// Collective.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// world.print_synchronized(&format!("rank {}\n", world.rank()))?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscSynchronizedPrintf")]
    pub fn print_synchronized(&self, text: &str) -> Result<()> {
        let t = c_string("Comm::print_synchronized", text)?;
        // SAFETY: "%s" with one NUL-terminated string; the flush is collective on `raw`.
        check(unsafe { sys::PetscSynchronizedPrintf(self.raw, c"%s".as_ptr(), t.as_ptr()) })?;
        // SAFETY: the standard output stream of the C library.
        check(unsafe { sys::PetscSynchronizedFlush(self.raw, sys::PETSC_STDOUT) })
    }
}

impl Clone for Comm {
    fn clone(&self) -> Comm {
        Comm::attach(&self.petsc, self.raw).expect("PetscCommDuplicate failed")
    }
}

impl Drop for Comm {
    fn drop(&mut self) {
        // SAFETY: `self.raw` holds one reference taken by PetscCommDuplicate.
        crate::error::record_destroy(unsafe { sys::PetscCommDestroy(&mut self.raw) });
    }
}

/// Two handles are equal when they are PETSc's reference to the same communicator (the
/// same inner communicator: `petsc.world() == petsc.world()`, and a
/// [`duplicate`](Comm::duplicate) equals its original, as PETSc's objects created on
/// either share it), as petsc4py compares its `Comm`s.
///
/// ```
/// let petsc = petsc::Petsc::init()?;
/// assert_eq!(petsc.world(), petsc.world());
/// assert_eq!(petsc.self_comm().duplicate()?, petsc.self_comm());
/// if petsc.world().size() > 1 {
///     assert_ne!(petsc.world(), petsc.self_comm());
/// }
/// # Ok::<(), petsc::Error>(())
/// ```
impl PartialEq for Comm {
    fn eq(&self, other: &Comm) -> bool {
        self.raw == other.raw
    }
}

impl Eq for Comm {}

// The runtime's communicators: defined here rather than in `init`, so that `init`
// (below `comm` in the module order) does not depend on `comm`.
impl Petsc {
    /// The default communicator (petsc4py's `Sys.getDefaultComm`): `PETSC_COMM_WORLD`
    /// until [`set_default_comm`](Self::set_default_comm) sets another, for a program's
    /// own code that names no communicator (the crate's constructors always take theirs).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// assert_eq!(petsc.default_comm(), petsc.world());
    /// petsc.set_default_comm(&petsc.self_comm())?;
    /// assert_eq!(petsc.default_comm(), petsc.self_comm());
    /// petsc.set_default_comm(&petsc.world())?;
    /// assert_eq!(petsc.default_comm(), petsc.world());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn default_comm(&self) -> Comm {
        match self.default_comm_raw() {
            None => self.world(),
            Some(raw) => {
                Comm::attach(self, raw).expect("PetscCommDuplicate of a held communicator failed")
            }
        }
    }

    /// Sets the default communicator (petsc4py's `Sys.setDefaultComm`); see
    /// [`default_comm`](Self::default_comm). The runtime keeps a reference to it.
    pub fn set_default_comm(&self, comm: &Comm) -> Result<()> {
        let mut inner = comm.raw;
        // SAFETY: a live communicator; PETSc writes its inner one, taking a reference
        // that the runtime keeps.
        check(unsafe { sys::PetscCommDuplicate(comm.raw, &mut inner, std::ptr::null_mut()) })?;
        let old = self.replace_default_comm(Some(inner));
        if let Some(mut old) = old {
            // SAFETY: the reference the runtime kept for the replaced default.
            check(unsafe { sys::PetscCommDestroy(&mut old) })?;
        }
        Ok(())
    }

    /// `PETSC_COMM_WORLD`.
    pub fn world(&self) -> Comm {
        // SAFETY: PETSc is initialized while `self` lives.
        Comm::attach(self, unsafe { sys::petscrs_comm_world() })
            .expect("PetscCommDuplicate(PETSC_COMM_WORLD) failed")
    }

    /// `PETSC_COMM_SELF`: this process alone.
    pub fn self_comm(&self) -> Comm {
        // SAFETY: PETSc is initialized while `self` lives.
        Comm::attach(self, unsafe { sys::petscrs_comm_self() })
            .expect("PetscCommDuplicate(PETSC_COMM_SELF) failed")
    }

    /// Prints with `PetscPrintf` on `PETSC_COMM_WORLD`: only rank 0 writes.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// petsc.print("hello from rank 0\n")?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscPrintf")]
    pub fn print(&self, text: &str) -> Result<()> {
        self.world().print(text)
    }
}

/// A PETSc index as the `i64` of the rank checks ([`Comm::check_same`]); `Int` is `i32`
/// or `i64` depending on the PETSc build.
#[allow(clippy::useless_conversion)]
pub(crate) fn wide(n: crate::scalar::Int) -> i64 {
    i64::from(n)
}

/// [`Comm::agree`] over the communicator of a live PETSc object, without taking a
/// reference to it (for calls on a hot path, such as a matrix-vector product).
pub(crate) fn agree_over<T>(obj: sys::PetscObject, context: &str, local: Result<T>) -> Result<T> {
    // SAFETY: an uninitialized MPI_Comm value is overwritten by PetscObjectGetComm.
    let mut raw: sys::MPI_Comm = unsafe { sys::petscrs_comm_null() };
    // SAFETY: `obj` is a live PETSc object (caller).
    check(unsafe { sys::PetscObjectGetComm(obj, &mut raw) })?;
    agree_on(raw, context, local)
}

/// [`Comm::agree`] over a live raw communicator.
fn agree_on<T>(raw: sys::MPI_Comm, context: &str, local: Result<T>) -> Result<T> {
    let (mut rank, mut size): (c_int, c_int) = (0, 1);
    // SAFETY: live communicator; two integer outputs.
    unsafe {
        sys::mpi_sys::MPI_Comm_size(raw, &mut size);
        sys::mpi_sys::MPI_Comm_rank(raw, &mut rank);
    }
    if size == 1 {
        return local;
    }
    // The largest of `size - rank` over the failed ranks: the first failed rank.
    let mine = if local.is_err() {
        i64::from(size - rank)
    } else {
        0
    };
    let mut first = 0i64;
    let reduced = allreduce_i64(raw, &[mine], std::slice::from_mut(&mut first), false);
    if first == 0 {
        reduced?;
        return local;
    }
    let root = (i64::from(size) - first) as c_int;
    let message = match &local {
        Err(e) if rank == root => e.report(),
        _ => String::new(),
    };
    // The failure path only: the first failed rank's message, for the others.
    let theirs = broadcast_text(raw, root, &message);
    local?;
    Err(crate::error::Error::invalid(
        context,
        match theirs {
            Ok(text) => format!("another rank (rank {root}) failed: {text}"),
            Err(_) => format!("another rank (rank {root}) failed; see its error"),
        },
    ))
}

fn allreduce_i64(raw: sys::MPI_Comm, send: &[i64], recv: &mut [i64], sum: bool) -> Result<()> {
    assert_eq!(send.len(), recv.len());
    // SAFETY: live communicator; both buffers hold `send.len()` i64; the datatype and
    // operation handles are rsmpi's statics, initialized with MPI.
    let rc = unsafe {
        mpi::ffi::MPI_Allreduce(
            send.as_ptr() as *const std::ffi::c_void,
            recv.as_mut_ptr() as *mut std::ffi::c_void,
            send.len() as c_int,
            mpi::ffi::RSMPI_INT64_T,
            if sum {
                mpi::ffi::RSMPI_SUM
            } else {
                mpi::ffi::RSMPI_MAX
            },
            raw,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(crate::error::Error::invalid(
            "MPI_Allreduce",
            format!("MPI error {rc}"),
        ))
    }
}

/// `text` of rank `root`, on every rank (collective).
fn broadcast_text(raw: sys::MPI_Comm, root: c_int, text: &str) -> Result<String> {
    let mut len = text.len().min(c_int::MAX as usize) as i64;
    let mut bytes = text.as_bytes()[..len as usize].to_vec();
    // SAFETY: live communicator; one i64 on every rank, root's set; rsmpi's datatype
    // handle is initialized with MPI.
    let rc = unsafe {
        mpi::ffi::MPI_Bcast(
            &mut len as *mut i64 as *mut std::ffi::c_void,
            1,
            mpi::ffi::RSMPI_INT64_T,
            root,
            raw,
        )
    };
    if rc == 0 {
        bytes.resize(usize::try_from(len).unwrap_or(0), 0);
        // SAFETY: live communicator; `len` bytes on every rank (resized above).
        let rc = unsafe {
            mpi::ffi::MPI_Bcast(
                bytes.as_mut_ptr() as *mut std::ffi::c_void,
                len as c_int,
                mpi::ffi::RSMPI_UINT8_T,
                root,
                raw,
            )
        };
        if rc == 0 {
            return Ok(String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    Err(crate::error::Error::invalid("MPI_Bcast", "MPI error"))
}
