//! The loans of objects lent for a scope: a vector PETSc passes to a callback, a basis
//! column, the pieces of a composite vector (see `petsc::guarantees`).
//!
//! Each handle made with `from_raw_lent` holds a loan number, live from its making until
//! the handle is dropped or the callback it was made in returns, whichever comes first.
//! A handle that outlives its loan (a closure can move its `&mut Vector` argument out
//! with `std::mem::swap`) keeps its PETSc reference, so the object is not freed, but the
//! object's state is no longer what the loan promised (PETSc resets a basis column's
//! array when the column is given back): every access to its entries through that
//! handle is then an `Err`.

use std::cell::{Cell, RefCell};

thread_local! {
    /// The number of the next loan.
    static NEXT: Cell<u64> = const { Cell::new(1) };
    /// The live loans, in the order they began: few at once (the arguments of the
    /// callbacks running, the guards alive).
    static LIVE: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

/// Begins a loan; its number.
pub(crate) fn begin() -> u64 {
    let id = NEXT.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    LIVE.with(|l| l.borrow_mut().push(id));
    id
}

/// Ends loan `id` (nothing if it has ended).
pub(crate) fn end(id: u64) {
    let _ = LIVE.try_with(|l| l.borrow_mut().retain(|&k| k != id));
}

/// The number the next loan will have: [`end_since`] with it ends every loan begun
/// after this call.
pub(crate) fn mark() -> u64 {
    NEXT.with(Cell::get)
}

/// Ends every loan begun since `mark` was taken (a callback's, when it returns).
pub(crate) fn end_since(mark: u64) {
    let _ = LIVE.try_with(|l| l.borrow_mut().retain(|&k| k < mark));
}

/// Whether loan `id` is live.
pub(crate) fn is_live(id: u64) -> bool {
    LIVE.with(|l| l.borrow().iter().rev().any(|&k| k == id))
}
