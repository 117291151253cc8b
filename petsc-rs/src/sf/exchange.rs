//! Data moved along a star forest's graph: broadcasts from roots to leaves, reductions
//! from leaves to roots, gathers and scatters through the multi-roots, fetch-and-op;
//! each whole or split into `*_begin` and `*_end`, the operation under way being an
//! [`SfInFlight`] that borrows its arrays.

use std::marker::PhantomData;
use std::os::raw::c_void;

use petsc_sys as sys;

use super::{SfData, SfOp, StarForest};
use crate::error::{Error, Result, check};

impl StarForest {
    /// Checks the data arrays against the graph on every rank before a collective
    /// operation: `roots` values indexed by roots (or by multi-roots), `leaves` by leaf
    /// locations.
    fn check_data(&self, ctx: &str, multi: bool, roots: usize, leaves: &[usize]) -> Result<()> {
        let comm = crate::object::Object::comm(self);
        let local = (|| {
            let g = self.graph()?;
            let nroots = if multi {
                self.multi()?.graph()?.nroots
            } else {
                g.nroots
            };
            let need = nroots.max(0) as usize;
            if roots < need {
                return Err(Error::size_mismatch(
                    ctx,
                    format!(
                        "the {}root data has {roots} values; this rank has {need} {}roots",
                        if multi { "multi-" } else { "" },
                        if multi { "multi-" } else { "" }
                    ),
                ));
            }
            let extent = g.leaf_extent();
            if let Some(&short) = leaves.iter().find(|&&l| l < extent) {
                return Err(Error::size_mismatch(
                    ctx,
                    format!(
                        "the leaf data has {short} values; this rank's leaves reach location {}",
                        extent - 1
                    ),
                ));
            }
            Ok(())
        })();
        comm.agree(ctx, local)
    }

    /// Sends each root's value to its leaves, combined by `op` (`PetscSFBcastBegin`/
    /// `End`; collective). `roots` holds at least the rank's roots, `leaves` reaches its
    /// largest leaf location; leaf locations without a leaf are untouched.
    #[doc(alias = "PetscSFBcastBegin")]
    pub fn bcast<T: SfData>(&self, roots: &[T], leaves: &mut [T], op: SfOp) -> Result<()> {
        self.bcast_begin(roots, leaves, op)?.end()
    }

    /// Starts [`bcast`](Self::bcast); the arrays stay borrowed until the returned
    /// operation ends (`PetscSFBcastBegin`; collective).
    #[doc(alias = "PetscSFBcastBegin")]
    pub fn bcast_begin<'a, T: SfData>(
        &'a self,
        roots: &'a [T],
        leaves: &'a mut [T],
        op: SfOp,
    ) -> Result<SfInFlight<'a>> {
        self.check_data("StarForest::bcast", false, roots.len(), &[leaves.len()])?;
        let (r, l) = (
            roots.as_ptr().cast::<c_void>(),
            leaves.as_mut_ptr().cast::<c_void>(),
        );
        // SAFETY: live star forest; arrays checked against the graph, borrowed until End.
        check(unsafe { sys::PetscSFBcastBegin(self.ptr, T::datatype(), r, l, op.raw()) })?;
        Ok(SfInFlight::new(
            self,
            Kind::Bcast,
            T::datatype(),
            op,
            [r, std::ptr::null()],
            [l, std::ptr::null_mut()],
        ))
    }

    /// Completes a [`bcast_begin`](Self::bcast_begin) (`PetscSFBcastEnd`; collective).
    #[doc(alias = "PetscSFBcastEnd")]
    pub fn bcast_end(&self, pending: SfInFlight<'_>) -> Result<()> {
        pending.end_as(self, Kind::Bcast)
    }

    /// [`bcast`](Self::bcast) within one array, which holds both the roots and the
    /// leaves (`PetscSFBcastBegin`/`End` with the same array for both; collective): the
    /// halo exchange of a section's star forest, where the leaves are a local vector's
    /// ghost values and the roots its owned ones. `data` must hold the rank's roots and
    /// reach its largest leaf location. Meant for forests whose leaf locations are not
    /// roots of other leaves: where one is, the value another leaf gets from it depends
    /// on the order PETSc copies in.
    ///
    /// ```
    /// use petsc::{SfNode, SfOp, StarForest};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut sf = StarForest::new(&petsc.self_comm())?;
    /// // Four values: 2 and 3 are copies of 0 and 1.
    /// let node = |index| SfNode { rank: 0, index };
    /// sf.set_graph(4, Some(&[2, 3]), &[node(0), node(1)])?;
    /// let mut data = [5.0, 6.0, 0.0, 0.0];
    /// sf.bcast_in_place(&mut data, SfOp::Replace)?;
    /// assert_eq!(data, [5.0, 6.0, 5.0, 6.0]);
    /// assert!(sf.bcast_in_place(&mut data[..3], SfOp::Replace).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscSFBcastBegin")]
    #[doc(alias = "PetscSFBcastEnd")]
    pub fn bcast_in_place<T: SfData>(&self, data: &mut [T], op: SfOp) -> Result<()> {
        self.bcast_in_place_begin(data, op)?.end()
    }

    /// Starts [`bcast_in_place`](Self::bcast_in_place); the array stays borrowed until
    /// the returned operation ends, so local work can be done in between
    /// (`PetscSFBcastBegin`; collective).
    #[doc(alias = "PetscSFBcastBegin")]
    pub fn bcast_in_place_begin<'a, T: SfData>(
        &'a self,
        data: &'a mut [T],
        op: SfOp,
    ) -> Result<SfInFlight<'a>> {
        self.check_data(
            "StarForest::bcast_in_place",
            false,
            data.len(),
            &[data.len()],
        )?;
        let l = data.as_mut_ptr().cast::<c_void>();
        let r = l.cast_const();
        // SAFETY: live star forest; the one array is checked against the roots and the
        // leaves and stays borrowed (exclusively) until End; PETSc takes the same array
        // for both.
        check(unsafe { sys::PetscSFBcastBegin(self.ptr, T::datatype(), r, l, op.raw()) })?;
        Ok(SfInFlight::new(
            self,
            Kind::Bcast,
            T::datatype(),
            op,
            [r, std::ptr::null()],
            [l, std::ptr::null_mut()],
        ))
    }

    /// Combines each leaf's value into its root by `op` (`PetscSFReduceBegin`/`End`;
    /// collective); roots without leaves are untouched.
    #[doc(alias = "PetscSFReduceBegin")]
    pub fn reduce<T: SfData>(&self, leaves: &[T], roots: &mut [T], op: SfOp) -> Result<()> {
        self.reduce_begin(leaves, roots, op)?.end()
    }

    /// Starts [`reduce`](Self::reduce) (`PetscSFReduceBegin`; collective).
    #[doc(alias = "PetscSFReduceBegin")]
    pub fn reduce_begin<'a, T: SfData>(
        &'a self,
        leaves: &'a [T],
        roots: &'a mut [T],
        op: SfOp,
    ) -> Result<SfInFlight<'a>> {
        self.check_data("StarForest::reduce", false, roots.len(), &[leaves.len()])?;
        let (l, r) = (
            leaves.as_ptr().cast::<c_void>(),
            roots.as_mut_ptr().cast::<c_void>(),
        );
        // SAFETY: as in `bcast_begin`.
        check(unsafe { sys::PetscSFReduceBegin(self.ptr, T::datatype(), l, r, op.raw()) })?;
        Ok(SfInFlight::new(
            self,
            Kind::Reduce,
            T::datatype(),
            op,
            [l, std::ptr::null()],
            [r, std::ptr::null_mut()],
        ))
    }

    /// Completes a [`reduce_begin`](Self::reduce_begin) (`PetscSFReduceEnd`; collective).
    #[doc(alias = "PetscSFReduceEnd")]
    pub fn reduce_end(&self, pending: SfInFlight<'_>) -> Result<()> {
        pending.end_as(self, Kind::Reduce)
    }

    /// Collects every leaf's value at its root without combining
    /// (`PetscSFGatherBegin`/`End`; collective): `multi_roots` holds one value per
    /// attached leaf, grouped by root (the roots of [`multi`](Self::multi)).
    ///
    /// ```
    /// use petsc::{SfNode, StarForest};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut sf = StarForest::new(&petsc.self_comm())?;
    /// let node = |index| SfNode { rank: 0, index };
    /// sf.set_graph(2, None, &[node(1), node(0), node(1)])?;
    /// let mut gathered = [0 as petsc::Int; 3];
    /// sf.gather(&[7, 8, 9], &mut gathered)?;
    /// gathered[1..].sort(); // the order within a root is PETSc's
    /// assert_eq!(gathered, [8, 7, 9]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscSFGatherBegin")]
    pub fn gather<T: SfData>(&self, leaves: &[T], multi_roots: &mut [T]) -> Result<()> {
        self.gather_begin(leaves, multi_roots)?.end()
    }

    /// Starts [`gather`](Self::gather) (`PetscSFGatherBegin`; collective).
    #[doc(alias = "PetscSFGatherBegin")]
    pub fn gather_begin<'a, T: SfData>(
        &'a self,
        leaves: &'a [T],
        multi_roots: &'a mut [T],
    ) -> Result<SfInFlight<'a>> {
        self.check_data(
            "StarForest::gather",
            true,
            multi_roots.len(),
            &[leaves.len()],
        )?;
        let (l, r) = (
            leaves.as_ptr().cast::<c_void>(),
            multi_roots.as_mut_ptr().cast::<c_void>(),
        );
        // SAFETY: as in `bcast_begin`, against the multi-forest.
        check(unsafe { sys::PetscSFGatherBegin(self.ptr, T::datatype(), l, r) })?;
        Ok(SfInFlight::new(
            self,
            Kind::Gather,
            T::datatype(),
            SfOp::Replace,
            [l, std::ptr::null()],
            [r, std::ptr::null_mut()],
        ))
    }

    /// Completes a [`gather_begin`](Self::gather_begin) (`PetscSFGatherEnd`; collective).
    #[doc(alias = "PetscSFGatherEnd")]
    pub fn gather_end(&self, pending: SfInFlight<'_>) -> Result<()> {
        pending.end_as(self, Kind::Gather)
    }

    /// The reverse of [`gather`](Self::gather): each leaf receives its own value from
    /// the multi-roots (`PetscSFScatterBegin`/`End`; collective).
    #[doc(alias = "PetscSFScatterBegin")]
    pub fn scatter<T: SfData>(&self, multi_roots: &[T], leaves: &mut [T]) -> Result<()> {
        self.scatter_begin(multi_roots, leaves)?.end()
    }

    /// Starts [`scatter`](Self::scatter) (`PetscSFScatterBegin`; collective).
    #[doc(alias = "PetscSFScatterBegin")]
    pub fn scatter_begin<'a, T: SfData>(
        &'a self,
        multi_roots: &'a [T],
        leaves: &'a mut [T],
    ) -> Result<SfInFlight<'a>> {
        self.check_data(
            "StarForest::scatter",
            true,
            multi_roots.len(),
            &[leaves.len()],
        )?;
        let (r, l) = (
            multi_roots.as_ptr().cast::<c_void>(),
            leaves.as_mut_ptr().cast::<c_void>(),
        );
        // SAFETY: as in `gather_begin`.
        check(unsafe { sys::PetscSFScatterBegin(self.ptr, T::datatype(), r, l) })?;
        Ok(SfInFlight::new(
            self,
            Kind::Scatter,
            T::datatype(),
            SfOp::Replace,
            [r, std::ptr::null()],
            [l, std::ptr::null_mut()],
        ))
    }

    /// Completes a [`scatter_begin`](Self::scatter_begin) (`PetscSFScatterEnd`;
    /// collective).
    #[doc(alias = "PetscSFScatterEnd")]
    pub fn scatter_end(&self, pending: SfInFlight<'_>) -> Result<()> {
        pending.end_as(self, Kind::Scatter)
    }

    /// Combines each leaf's value into its root by `op` and hands the leaf the root's
    /// value from just before (`PetscSFFetchAndOpBegin`/`End`; collective): with
    /// [`SfOp::Sum`] and leaves of 1, each leaf gets a distinct slot number.
    ///
    /// ```
    /// use petsc::{SfNode, SfOp, StarForest};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut sf = StarForest::new(&petsc.self_comm())?;
    /// let node = |index| SfNode { rank: 0, index };
    /// sf.set_graph(1, None, &[node(0), node(0), node(0)])?;
    /// let mut counter = [0 as petsc::Int];
    /// let mut slots = [0 as petsc::Int; 3];
    /// sf.fetch_and_op(&mut counter, &[1, 1, 1], &mut slots, SfOp::Sum)?;
    /// slots.sort();
    /// assert_eq!((counter, slots), ([3], [0, 1, 2]));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscSFFetchAndOpBegin")]
    pub fn fetch_and_op<T: SfData>(
        &self,
        roots: &mut [T],
        leaves: &[T],
        leaf_updates: &mut [T],
        op: SfOp,
    ) -> Result<()> {
        self.fetch_and_op_begin(roots, leaves, leaf_updates, op)?
            .end()
    }

    /// Starts [`fetch_and_op`](Self::fetch_and_op) (`PetscSFFetchAndOpBegin`;
    /// collective).
    #[doc(alias = "PetscSFFetchAndOpBegin")]
    pub fn fetch_and_op_begin<'a, T: SfData>(
        &'a self,
        roots: &'a mut [T],
        leaves: &'a [T],
        leaf_updates: &'a mut [T],
        op: SfOp,
    ) -> Result<SfInFlight<'a>> {
        self.check_data(
            "StarForest::fetch_and_op",
            false,
            roots.len(),
            &[leaves.len(), leaf_updates.len()],
        )?;
        let r = roots.as_mut_ptr().cast::<c_void>();
        let l = leaves.as_ptr().cast::<c_void>();
        let u = leaf_updates.as_mut_ptr().cast::<c_void>();
        // SAFETY: as in `bcast_begin`.
        check(unsafe { sys::PetscSFFetchAndOpBegin(self.ptr, T::datatype(), r, l, u, op.raw()) })?;
        Ok(SfInFlight::new(
            self,
            Kind::FetchAndOp,
            T::datatype(),
            op,
            [l, std::ptr::null()],
            [r, u],
        ))
    }

    /// Completes a [`fetch_and_op_begin`](Self::fetch_and_op_begin)
    /// (`PetscSFFetchAndOpEnd`; collective).
    #[doc(alias = "PetscSFFetchAndOpEnd")]
    pub fn fetch_and_op_end(&self, pending: SfInFlight<'_>) -> Result<()> {
        pending.end_as(self, Kind::FetchAndOp)
    }
}

/// What a [`SfInFlight`] completes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Bcast,
    Reduce,
    Gather,
    Scatter,
    FetchAndOp,
}

/// A star-forest operation begun by a `*_begin` method: it borrows the forest and the
/// arrays until [`end`](Self::end) (or the matching `*_end` method) completes it.
/// Dropping it completes it too (collective), recording a failure in
/// [`take_destroy_failures`](crate::take_destroy_failures).
#[must_use = "the operation completes at `end()` (or when dropped)"]
pub struct SfInFlight<'a> {
    sf: &'a StarForest,
    kind: Kind,
    unit: sys::MPI_Datatype,
    op: SfOp,
    // The read-only and the written arrays, as given to Begin.
    input: [*const c_void; 2],
    output: [*mut c_void; 2],
    done: bool,
    _borrows: PhantomData<&'a mut [u8]>,
}

impl<'a> SfInFlight<'a> {
    fn new(
        sf: &'a StarForest,
        kind: Kind,
        unit: sys::MPI_Datatype,
        op: SfOp,
        input: [*const c_void; 2],
        output: [*mut c_void; 2],
    ) -> SfInFlight<'a> {
        SfInFlight {
            sf,
            kind,
            unit,
            op,
            input,
            output,
            done: false,
            _borrows: PhantomData,
        }
    }

    fn finish(&mut self) -> sys::PetscErrorCode {
        self.done = true;
        let (sf, unit, op) = (self.sf.ptr, self.unit, self.op.raw());
        let (i, o) = (self.input[0], self.output[0]);
        // SAFETY: the forest and the arrays given to Begin, all still borrowed; End
        // takes exactly Begin's arguments.
        unsafe {
            match self.kind {
                Kind::Bcast => sys::PetscSFBcastEnd(sf, unit, i, o, op),
                Kind::Reduce => sys::PetscSFReduceEnd(sf, unit, i, o, op),
                Kind::Gather => sys::PetscSFGatherEnd(sf, unit, i, o),
                Kind::Scatter => sys::PetscSFScatterEnd(sf, unit, i, o),
                Kind::FetchAndOp => sys::PetscSFFetchAndOpEnd(sf, unit, o, i, self.output[1], op),
            }
        }
    }

    /// Completes the operation (the matching `PetscSF...End`; collective) and gives the
    /// arrays back.
    pub fn end(mut self) -> Result<()> {
        check(self.finish())
    }

    fn end_as(self, sf: &StarForest, kind: Kind) -> Result<()> {
        let matches = std::ptr::eq(self.sf, sf) || self.sf.ptr == sf.ptr;
        let begun = self.kind;
        // Completed either way: an operation in flight must end.
        self.end()?;
        if !matches || begun != kind {
            return Err(Error::invalid(
                "StarForest::*_end",
                format!(
                    "the operation was a {begun:?} begun on {} star forest; it was completed as such",
                    if matches { "this" } else { "another" }
                ),
            ));
        }
        Ok(())
    }
}

impl std::fmt::Debug for SfInFlight<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SfInFlight")
            .field("kind", &self.kind)
            .field("op", &self.op)
            .finish()
    }
}

impl Drop for SfInFlight<'_> {
    fn drop(&mut self) {
        if !self.done {
            crate::error::record_destroy(self.finish());
        }
    }
}
