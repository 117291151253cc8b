//! The loans of objects lent for a scope: a vector PETSc passes to a callback, a basis
//! column, the pieces of a composite vector (see `petsc::guarantees`).
//!
//! A handle made with `from_raw_lent` holds a loan of its own, live from its making until
//! the handle is dropped or the callback it was made in returns, whichever comes first.
//! A handle that outlives its loan (a closure can move its `&mut Vector` argument out with
//! `std::mem::swap`) holds a PETSc reference, so the object is not freed, but the
//! object's state is no longer what the loan promised (PETSc resets a basis column's
//! array when the column is given back): every access to its entries through that
//! handle is then an `Err`.
//!
//! A lent handle takes its reference when it is made. A scoped one, made with
//! `from_raw_scoped` for an argument of the callback running, takes none and shares the
//! callback's loan: PETSc keeps the object alive for the call, and a reference is taken
//! only for a handle still held somewhere when the callback returns (moved out of its
//! argument and kept), which its drop then releases. So a callback's arguments cost
//! PETSc nothing per call, and the loans cost one entry a callback and one an argument,
//! found again by position, not by search. A callback that lends no handle (its closure
//! is given slices) takes a number and no entry ([`enter_unlent`]).
//!
//! A clone of a lent handle shares the original's loan (a copy of its [`Loan`]) and
//! takes a PETSc reference of its own when it is made: its entries are the loan's for
//! exactly as long as the original's are, and its drop releases its reference and ends
//! nothing (it neither ends an own loan nor marks a scoped argument dropped).

use std::cell::RefCell;
use std::mem::ManuallyDrop;

use petsc_sys as sys;

/// What a lent handle holds (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Loan {
    /// A loan of its own, by number.
    Own(u64),
    /// An argument of the callback numbered `frame`, without a reference of its own:
    /// entry `slot` of the arguments lent.
    Scoped { frame: u64, slot: usize },
}

/// A callback running: its number, and where its arguments begin in `Loans::lent`.
struct Frame {
    id: u64,
    lent_from: usize,
}

/// An argument lent without a reference: the object (its address), and whether its
/// handle was dropped.
struct Lent {
    obj: usize,
    dropped: bool,
}

/// The loans of this thread (handles are `!Send`: one thread uses PETSc).
struct Loans {
    /// The number of the next loan or callback.
    next: u64,
    /// The callbacks running, innermost last.
    frames: Vec<Frame>,
    /// The live loans of their own, in the order they began (few at once: the guards
    /// alive).
    own: Vec<u64>,
    /// The arguments lent to the callbacks running, in the order they were made.
    lent: Vec<Lent>,
    /// The arguments whose callback returned with their handle still held: a PETSc
    /// reference was taken for each, which the handle's drop releases.
    escaped: Vec<(u64, usize)>,
}

impl Loans {
    fn frame_live(&self, frame: u64) -> bool {
        self.frames.iter().rev().any(|f| f.id == frame)
    }
}

thread_local! {
    /// Never dropped, so that reaching it costs no check of the thread's teardown (its
    /// lists are empty when no loan is live).
    static LOANS: ManuallyDrop<RefCell<Loans>> = const {
        ManuallyDrop::new(RefCell::new(Loans {
            next: 1,
            frames: Vec::new(),
            own: Vec::new(),
            lent: Vec::new(),
            escaped: Vec::new(),
        }))
    };
}

/// Begins a loan of its own; its number.
pub(crate) fn begin() -> u64 {
    LOANS.with(|l| {
        let mut l = l.borrow_mut();
        let id = l.next;
        l.next += 1;
        l.own.push(id);
        id
    })
}

/// Ends loan `id` (nothing if it has ended).
pub(crate) fn end(id: u64) {
    let _ = LOANS.try_with(|l| {
        let mut l = l.borrow_mut();
        if let Some(i) = l.own.iter().rposition(|&k| k == id) {
            l.own.remove(i);
        }
    });
}

/// Lends `obj` to the callback running, without a reference (`None` outside a
/// callback): the loan ends when that callback returns ([`leave`]).
#[inline]
pub(crate) fn begin_scoped(obj: sys::PetscObject) -> Option<Loan> {
    LOANS.with(|l| {
        let mut l = l.borrow_mut();
        let frame = l.frames.last()?.id;
        let slot = l.lent.len();
        l.lent.push(Lent {
            obj: obj as usize,
            dropped: false,
        });
        Some(Loan::Scoped { frame, slot })
    })
}

/// A callback begins: its number, for [`leave`].
pub(crate) fn enter() -> u64 {
    LOANS.with(|l| {
        let mut l = l.borrow_mut();
        let id = l.next;
        l.next += 1;
        let lent_from = l.lent.len();
        l.frames.push(Frame { id, lent_from });
        id
    })
}

/// A callback that lends no argument begins (its closure is given slices or numbers,
/// [`run_unlent`](crate::callback::run_unlent)): its number, for [`leave_unlent`]. It
/// adds no frame: nothing is lent to it, and the trampolines nested in it add their own.
#[inline]
pub(crate) fn enter_unlent() -> u64 {
    LOANS.with(|l| {
        let mut l = l.borrow_mut();
        let id = l.next;
        l.next += 1;
        id
    })
}

/// The callback numbered `frame` by [`enter_unlent`] returns: the loans of its own begun
/// inside it end.
#[inline]
pub(crate) fn leave_unlent(frame: u64) {
    let _ = LOANS.try_with(|l| {
        let mut l = l.borrow_mut();
        if l.own.last().is_some_and(|&k| k >= frame) {
            end_own_since(&mut l, frame);
        }
    });
}

/// Ends the loans of their own numbered `frame` or later.
#[cold]
#[inline(never)]
fn end_own_since(l: &mut Loans, frame: u64) {
    while l.own.last().is_some_and(|&k| k >= frame) {
        l.own.pop();
    }
}

/// Callback `frame` returns: every loan begun since it began ends. The object of an
/// argument whose handle is still held gets a PETSc reference for that handle.
#[inline(never)]
pub(crate) fn leave(frame: u64) {
    let _ = LOANS.try_with(|l| {
        let mut l = l.borrow_mut();
        let l = &mut *l;
        // The usual return: the innermost callback, its arguments' handles all dropped and
        // no loan of its own begun inside it still live (loans are numbered in order).
        if let Some(f) = l.frames.last() {
            let from = f.lent_from;
            if f.id == frame
                && l.own.last().is_none_or(|&k| k < frame)
                && l.lent
                    .get(from..)
                    .is_some_and(|a| a.iter().all(|x| x.dropped))
            {
                l.frames.pop();
                l.lent.truncate(from);
                return;
            }
        }
        leave_holding(l, frame);
    });
}

/// [`leave`] when a handle is still held or the loans are not in the usual order.
#[cold]
#[inline(never)]
fn leave_holding(l: &mut Loans, frame: u64) {
    // Callbacks return in the reverse order they began, so this one is last.
    let Some(i) = l.frames.iter().rposition(|f| f.id == frame) else {
        return;
    };
    let from = l.frames[i].lent_from;
    l.frames.truncate(i);
    end_own_since(l, frame);
    for (slot, lent) in l.lent.iter().enumerate().skip(from) {
        if !lent.dropped {
            // SAFETY: the object was lent for the callback that is returning, so its
            // lender still holds it; the reference is the held handle's from here on.
            let taken = unsafe { sys::PetscObjectReference(lent.obj as sys::PetscObject) };
            if taken == 0 {
                l.escaped.push((frame, slot));
            }
        }
    }
    l.lent.truncate(from);
}

/// Whether `loan` is live.
#[inline]
pub(crate) fn is_live(loan: Loan) -> bool {
    LOANS.with(|l| {
        let l = l.borrow();
        match loan {
            Loan::Own(id) => l.own.iter().rev().any(|&k| k == id),
            Loan::Scoped { frame, .. } => l.frame_live(frame),
        }
    })
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

/// Called once, when the handle of the argument `slot` of callback `frame` is dropped:
/// what it holds.
#[inline]
pub(crate) fn drop_scoped(frame: u64, slot: usize) -> Held {
    LOANS
        .try_with(|l| {
            let mut l = l.borrow_mut();
            if l.frame_live(frame) {
                // The callback's arguments stay at their places until it returns.
                if let Some(lent) = l.lent.get_mut(slot) {
                    lent.dropped = true;
                }
                return Held::Loan;
            }
            match l.escaped.iter().position(|&e| e == (frame, slot)) {
                Some(i) => {
                    l.escaped.swap_remove(i);
                    Held::Reference
                }
                None => Held::Nothing,
            }
        })
        .unwrap_or(Held::Nothing)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A callback that lends nothing adds no frame, ends the loans of their own begun
    /// inside it (not those begun before), and leaves a lending callback nested in it
    /// its own frame.
    #[test]
    fn unlent_callbacks_end_their_own_loans() {
        let before = begin();
        let outer = enter_unlent();
        let inside = begin();
        let nested = enter();
        let arg = begin_scoped(0x7000 as sys::PetscObject);
        assert!(matches!(arg, Some(Loan::Scoped { frame, .. }) if frame == nested));
        assert_eq!(drop_scoped(nested, 0), Held::Loan);
        leave(nested);
        assert!(LOANS.with(|l| l.borrow().frames.is_empty()));
        assert!(is_live(Loan::Own(inside)));
        leave_unlent(outer);
        assert!(!is_live(Loan::Own(inside)));
        assert!(is_live(Loan::Own(before)));
        end(before);
        assert!(LOANS.with(|l| {
            let l = l.borrow();
            l.own.is_empty() && l.frames.is_empty() && l.lent.is_empty()
        }));
    }
}
