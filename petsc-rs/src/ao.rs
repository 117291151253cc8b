//! Application orderings (`AO`): maps between an application's numbering of global
//! indices and PETSc's.
//!
//! A basic or memory-scalable ordering is a permutation of `0..n`: the application
//! indices of all ranks together, and the PETSc indices, must each be `0..n` in some
//! order. A mapping ordering relates two sets of distinct indices, not necessarily all
//! of `0..n`; indices outside it map to `-1`. Every index list is checked before PETSc
//! reads it (PETSc indexes its tables with them unchecked).

use petsc_sys as sys;

use crate::comm::Comm;
use crate::error::{Error, Result, check};
use crate::is::{IndexSet, int_len};
use crate::object::{petsc_handle, type_enum};
use crate::scalar::Int;

petsc_handle!(
    /// An application ordering (`AO`) on a communicator.
    ///
    /// ```
    /// use petsc::Ao;
    /// let petsc = petsc::Petsc::init()?;
    /// // The application numbers PETSc's 0, 1, 2, 3 as 3, 1, 0, 2.
    /// let ao = Ao::new_basic(&petsc.self_comm(), &[3, 1, 0, 2], None)?;
    /// assert_eq!(ao.app2petsc(&[0, 3, -5])?, [2, 0, -1]); // negative entries give -1
    /// assert_eq!(ao.petsc2app(&[2, 0])?, [0, 3]);
    /// assert!(ao.app2petsc(&[4]).is_err()); // past the ordering
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "AO")]
    Ao,
    sys::AO,
    sys::AODestroy,
    len: Int = 0,
    mapping: bool = false,
);

type_enum!(
/// Application-ordering types (`AOType`).
///
/// ```
/// use petsc::AoType;
/// assert_eq!(AoType::MemoryScalable.as_str(), "memoryscalable");
/// ```
AoType {
    Basic = "basic" "The whole permutation on every rank.",
    Advanced = "advanced" "The advanced ordering.",
    Mapping = "mapping" "Between two sets of indices.",
    MemoryScalable = "memoryscalable" "The permutation spread over the ranks.",
});

/// How an ordering is built.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Basic,
    MemoryScalable,
    Mapping,
}

impl Ao {
    /// The ordering sending application index `app[i]` to PETSc index `petsc[i]`
    /// (`AOCreateBasic`; collective); `None` for `petsc` means this rank's share of
    /// `0..n` in rank order. Over all ranks, each list must be a permutation of `0..n`.
    #[doc(alias = "AOCreateBasic")]
    pub fn new_basic(comm: &Comm, app: &[Int], petsc: Option<&[Int]>) -> Result<Ao> {
        Ao::create(comm, Kind::Basic, app, petsc)
    }

    /// As [`new_basic`](Self::new_basic), with the permutation spread over the
    /// ranks instead of held whole on each (`AOCreateMemoryScalable`; collective).
    #[doc(alias = "AOCreateMemoryScalable")]
    pub fn new_memory_scalable(comm: &Comm, app: &[Int], petsc: Option<&[Int]>) -> Result<Ao> {
        Ao::create(comm, Kind::MemoryScalable, app, petsc)
    }

    /// The ordering relating two sets of distinct non-negative indices, `app[i]` to
    /// `petsc[i]` (`AOCreateMapping`; collective); indices outside a set map to `-1`.
    ///
    /// ```
    /// use petsc::Ao;
    /// let petsc = petsc::Petsc::init()?;
    /// let ao = Ao::new_mapping(&petsc.self_comm(), &[10, 20, 30], Some(&[2, 0, 1]))?;
    /// assert_eq!(ao.app2petsc(&[30, 10, 15])?, [1, 2, -1]);
    /// assert_eq!(ao.petsc2app(&[0])?, [20]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "AOCreateMapping")]
    pub fn new_mapping(comm: &Comm, app: &[Int], petsc: Option<&[Int]>) -> Result<Ao> {
        Ao::create(comm, Kind::Mapping, app, petsc)
    }

    fn create(comm: &Comm, kind: Kind, app: &[Int], petsc: Option<&[Int]>) -> Result<Ao> {
        const CTX: &str = "Ao::create";
        let local = int_len(CTX, "indices", app.len()).and_then(|n| match petsc {
            Some(p) if p.len() != app.len() => Err(Error::size_mismatch(
                CTX,
                format!(
                    "{} application indices but {} PETSc indices",
                    app.len(),
                    p.len()
                ),
            )),
            _ => Ok(n),
        });
        let n = comm.agree(CTX, local)?;
        // Every rank sees all indices, as PETSc's own tables do.
        let all_app = IndexSet::new_general(comm, app)?
            .all_gather()?
            .indices()?
            .to_vec();
        let all_petsc = match petsc {
            Some(p) => Some(
                IndexSet::new_general(comm, p)?
                    .all_gather()?
                    .indices()?
                    .to_vec(),
            ),
            None => None,
        };
        let total = all_app.len();
        for (what, list) in [
            ("application", Some(&all_app)),
            ("PETSc", all_petsc.as_ref()),
        ] {
            let Some(list) = list else { continue };
            let bad = if kind == Kind::Mapping {
                distinct_non_negative(list)
            } else {
                permutation(list)
            };
            if let Some(why) = bad {
                return Err(Error::invalid(
                    CTX,
                    format!("the {what} indices of all ranks {why}"),
                ));
            }
        }
        let p = petsc.map_or(std::ptr::null(), <[Int]>::as_ptr);
        let mut ao: sys::AO = std::ptr::null_mut();
        let create = match kind {
            Kind::Basic => sys::AOCreateBasic,
            Kind::MemoryScalable => sys::AOCreateMemoryScalable,
            Kind::Mapping => sys::AOCreateMapping,
        };
        // SAFETY: live communicator; `n` indices in each list, checked over all ranks;
        // PETSc copies them and writes the new ordering.
        check(unsafe { create(comm.as_raw(), n, app.as_ptr(), p, &mut ao) })?;
        let mut ao = Ao::from_raw(comm.petsc(), ao);
        ao.len = Int::try_from(total).map_err(|_| Error::size_mismatch(CTX, "too many indices"))?;
        ao.mapping = kind == Kind::Mapping;
        Ok(ao)
    }

    /// The ordering's type (`AOGetType`; PETSc 3.18 leaves a mapping ordering's type
    /// name empty, and it is reported as [`AoType::Mapping`]).
    #[doc(alias = "AOGetType")]
    pub fn ty(&self) -> Result<AoType> {
        if self.mapping {
            return Ok(AoType::Mapping);
        }
        Ok(AoType::from_name(&crate::object::Object::type_name(self)?))
    }

    /// PETSc's indices for the application indices `indices`
    /// (`AOApplicationToPetsc`; collective); negative entries, and indices outside a
    /// mapping ordering's set, give `-1`.
    #[doc(alias = "AOApplicationToPetsc")]
    pub fn app2petsc(&self, indices: &[Int]) -> Result<Vec<Int>> {
        self.apply("Ao::app2petsc", indices, sys::AOApplicationToPetsc)
    }

    /// The application's indices for PETSc's indices `indices`
    /// (`AOPetscToApplication`; collective); negative entries, and indices outside a
    /// mapping ordering's set, give `-1`.
    #[doc(alias = "AOPetscToApplication")]
    pub fn petsc2app(&self, indices: &[Int]) -> Result<Vec<Int>> {
        self.apply("Ao::petsc2app", indices, sys::AOPetscToApplication)
    }

    /// [`app2petsc`](Self::app2petsc) of an index set's indices, as a new index set
    /// (`AOApplicationToPetscIS`; collective).
    #[doc(alias = "AOApplicationToPetscIS")]
    pub fn app2petsc_is(&self, is: &IndexSet) -> Result<IndexSet> {
        let mapped = self.app2petsc(&is.indices()?)?;
        IndexSet::new_general(&crate::object::Object::comm(is), &mapped)
    }

    /// [`petsc2app`](Self::petsc2app) of an index set's indices, as a new index set
    /// (`AOPetscToApplicationIS`; collective).
    #[doc(alias = "AOPetscToApplicationIS")]
    pub fn petsc2app_is(&self, is: &IndexSet) -> Result<IndexSet> {
        let mapped = self.petsc2app(&is.indices()?)?;
        IndexSet::new_general(&crate::object::Object::comm(is), &mapped)
    }

    fn apply(
        &self,
        ctx: &str,
        indices: &[Int],
        f: unsafe extern "C" fn(sys::AO, Int, *mut Int) -> sys::PetscErrorCode,
    ) -> Result<Vec<Int>> {
        let local = int_len(ctx, "indices", indices.len()).and_then(|n| {
            // A permutation's tables have `len` entries; a mapping searches.
            match indices.iter().find(|&&i| !self.mapping && i >= self.len) {
                Some(i) => Err(Error::out_of_range(
                    ctx,
                    format!("index {i} is past the ordering of {} indices", self.len),
                )),
                None => Ok(n),
            }
        });
        crate::object::Object::comm(self).agree(ctx, local)?;
        // Only the non-negative entries go to PETSc: its memory-scalable ordering maps
        // the entries after a negative one wrongly (PETSc 3.18).
        let mut mapped: Vec<Int> = indices.iter().copied().filter(|&i| i >= 0).collect();
        let n = int_len(ctx, "indices", mapped.len())?;
        // SAFETY: live ordering; `mapped` holds `n` checked indices, mapped in place.
        check(unsafe { f(self.ptr, n, mapped.as_mut_ptr()) })?;
        let mut next = mapped.into_iter();
        Ok(indices
            .iter()
            .map(|&i| if i < 0 { -1 } else { next.next().unwrap_or(-1) })
            .collect())
    }
}

/// Why `list` is not a permutation of `0..len`, if it is not.
fn permutation(list: &[Int]) -> Option<String> {
    let mut seen = vec![false; list.len()];
    for &i in list {
        match usize::try_from(i).ok().filter(|&k| k < list.len()) {
            None => {
                return Some(format!(
                    "are not a permutation of 0..{}: {i} is outside",
                    list.len()
                ));
            }
            Some(k) if seen[k] => {
                return Some(format!(
                    "are not a permutation of 0..{}: {i} appears twice",
                    list.len()
                ));
            }
            Some(k) => seen[k] = true,
        }
    }
    None
}

/// Why `list` does not hold distinct non-negative indices, if it does not.
fn distinct_non_negative(list: &[Int]) -> Option<String> {
    if let Some(i) = list.iter().find(|&&i| i < 0) {
        return Some(format!("hold the negative index {i}"));
    }
    let mut sorted = list.to_vec();
    sorted.sort_unstable();
    sorted
        .windows(2)
        .find(|w| w[0] == w[1])
        .map(|w| format!("hold {} twice", w[0]))
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl Ao {
    /// The former name of [`new_basic`](Self::new_basic).
    #[deprecated(
        since = "0.2.0",
        note = "use `Ao::new_basic` (constructors are `new`/`new_*`)"
    )]
    pub fn create_basic(comm: &Comm, app: &[Int], petsc: Option<&[Int]>) -> Result<Ao> {
        Self::new_basic(comm, app, petsc)
    }

    /// The former name of [`new_memory_scalable`](Self::new_memory_scalable).
    #[deprecated(
        since = "0.2.0",
        note = "use `Ao::new_memory_scalable` (constructors are `new`/`new_*`)"
    )]
    pub fn create_memory_scalable(comm: &Comm, app: &[Int], petsc: Option<&[Int]>) -> Result<Ao> {
        Self::new_memory_scalable(comm, app, petsc)
    }

    /// The former name of [`new_mapping`](Self::new_mapping).
    #[deprecated(
        since = "0.2.0",
        note = "use `Ao::new_mapping` (constructors are `new`/`new_*`)"
    )]
    pub fn create_mapping(comm: &Comm, app: &[Int], petsc: Option<&[Int]>) -> Result<Ao> {
        Self::new_mapping(comm, app, petsc)
    }

    /// The former name of [`ty`](Self::ty).
    #[deprecated(since = "0.2.0", note = "use `Ao::ty` (getters have no `get_` prefix)")]
    pub fn get_type(&self) -> Result<AoType> {
        self.ty()
    }
}
