//! The loans of objects lent for a scope: a vector PETSc passes to a callback, a basis
//! column, the pieces of a composite vector (see `petsc::guarantees`).
//!
//! Each handle made with `from_raw_lent` or `from_raw_scoped` holds a loan number, live
//! from its making until the handle is dropped or the callback it was made in returns,
//! whichever comes first (a scoped loan: until the callback returns). A handle that
//! outlives its loan (a closure can move its `&mut Vector` argument out with
//! `std::mem::swap`) holds a PETSc reference, so the object is not freed, but the
//! object's state is no longer what the loan promised (PETSc resets a basis column's
//! array when the column is given back): every access to its entries through that
//! handle is then an `Err`.
//!
//! A lent handle takes its reference when it is made. A scoped one, made for an argument
//! of the callback running, takes none: PETSc keeps the object alive for the call, and a
//! reference is taken only for a handle still held somewhere when the callback returns
//! (moved out of its argument and kept), which its drop then releases. So a callback's
//! arguments cost PETSc nothing per call.

use std::cell::{Cell, RefCell};

use petsc_sys as sys;

/// A live loan.
struct Loan {
    /// Its number.
    id: u64,
    /// For a scoped loan: the object lent (its address), and whether the handle was
    /// dropped.
    scoped: Option<(usize, bool)>,
}

thread_local! {
    /// The number of the next loan.
    static NEXT: Cell<u64> = const { Cell::new(1) };
    /// The live loans, in the order they began: few at once (the arguments of the
    /// callbacks running, the guards alive).
    static LIVE: RefCell<Vec<Loan>> = const { RefCell::new(Vec::new()) };
    /// The scoped loans that ended with their handle still held: a PETSc reference was
    /// taken for each, which the handle's drop releases.
    static ESCAPED: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

/// Begins a loan, `scoped` for an object lent without a reference; its number.
fn start(scoped: Option<(usize, bool)>) -> u64 {
    let id = NEXT.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    LIVE.with(|l| l.borrow_mut().push(Loan { id, scoped }));
    id
}

/// Begins a loan; its number.
pub(crate) fn begin() -> u64 {
    start(None)
}

/// Begins a scoped loan of `obj`, which its handle holds no reference to: it ends when
/// the callback running returns ([`end_since`]).
pub(crate) fn begin_scoped(obj: sys::PetscObject) -> u64 {
    start(Some((obj as usize, false)))
}

/// Ends loan `id` (nothing if it has ended).
pub(crate) fn end(id: u64) {
    let _ = LIVE.try_with(|l| l.borrow_mut().retain(|k| k.id != id));
}

/// The number the next loan will have: [`end_since`] with it ends every loan begun
/// after this call.
pub(crate) fn mark() -> u64 {
    NEXT.with(Cell::get)
}

/// Ends every loan begun since `mark` was taken (a callback's, when it returns). The
/// object of a scoped loan whose handle is still held gets a PETSc reference for that
/// handle.
pub(crate) fn end_since(mark: u64) {
    let _ = LIVE.try_with(|l| {
        let mut l = l.borrow_mut();
        // Loans are kept in the order of their numbers, so those since `mark` are last.
        while l.last().is_some_and(|k| k.id >= mark) {
            let Some(loan) = l.pop() else { break };
            if let Some((obj, false)) = loan.scoped {
                // SAFETY: the object was lent for the callback that is returning, so its
                // lender still holds it; the reference is the held handle's from here on.
                let taken = unsafe { sys::PetscObjectReference(obj as sys::PetscObject) };
                if taken == 0 {
                    ESCAPED.with(|e| e.borrow_mut().push(loan.id));
                }
            }
        }
    });
}

/// Whether loan `id` is live.
#[inline]
pub(crate) fn is_live(id: u64) -> bool {
    LIVE.with(|l| l.borrow().iter().rev().any(|k| k.id == id))
}

/// What a handle holds when it is dropped (for the handle macros).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    /// No reference, and the loan is live: the object is alive, nothing to release.
    Loan,
    /// A reference taken when the loan ended, to release.
    Reference,
    /// Nothing: the loan ended and no reference could be taken for it.
    Nothing,
}

/// Called once, when the handle of scoped loan `id` is dropped: what it holds.
pub(crate) fn drop_scoped(id: u64) -> Held {
    let live = LIVE
        .try_with(|l| {
            let mut l = l.borrow_mut();
            let loan = l.iter_mut().rev().find(|k| k.id == id)?;
            if let Some((_, dropped)) = &mut loan.scoped {
                *dropped = true;
            }
            Some(())
        })
        .ok()
        .flatten();
    if live.is_some() {
        return Held::Loan;
    }
    let escaped = ESCAPED
        .try_with(|e| {
            let mut e = e.borrow_mut();
            let i = e.iter().position(|&k| k == id)?;
            e.swap_remove(i);
            Some(())
        })
        .ok()
        .flatten();
    if escaped.is_some() {
        Held::Reference
    } else {
        Held::Nothing
    }
}
