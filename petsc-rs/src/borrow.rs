//! The borrow state of PETSc objects' arrays, kept per object rather than per Rust
//! handle: two handles to one `Vec` (the user's and `tao.solution()`'s, or two
//! `da.coordinates()`) share it, so they cannot hand out an `&[T]` and an `&mut [T]` to
//! the same entries, and PETSc is not asked to write entries a view is reading (or to
//! read entries a writable view may be changing).
//!
//! An exclusive borrow that is not a view (a split operation under way, a sub-vector
//! out) carries a reason, which the refusals name. And for the length of
//! [`PlacedArray::with`](crate::PlacedArray::with) a vector is *pinned* to one handle:
//! its entries are a caller's array then, so every other handle is refused outright
//! (the `_via` functions say which handle asks; those without one are refused too).
//!
//! Handles are `!Send`, so every handle to an object lives on the thread that made it and
//! a thread-local table sees all of its views.

use std::cell::{Cell, RefCell};
use std::mem::ManuallyDrop;

use petsc_sys as sys;

use crate::error::{Error, Result};

/// Shared views count up from 1; an exclusive (writable) view is -1.
const EXCLUSIVE: isize = -1;

/// The borrow state of one object with live views or borrows.
#[derive(Debug, Clone, Copy)]
struct Slot {
    /// The object's address.
    key: usize,
    /// The number of shared views, or [`EXCLUSIVE`].
    state: isize,
    /// Why the object is borrowed exclusively, when that is not a writable view.
    reason: Option<&'static str>,
}

thread_local! {
    /// The objects with live views or borrows, the most recent last. A list rather than
    /// a hash map: a program holds a few views at once, and a new view or a dropped one
    /// searches them from the end in a few instructions, where a map's hashing, probing
    /// and growth checks cost a hundred or more (a TAO or SNES callback makes two views
    /// an evaluation); with `n` objects borrowed at once a search costs `n` comparisons.
    /// Never dropped (as the other tables here), so that reaching it costs no check of
    /// the thread's teardown.
    static VIEWS: ManuallyDrop<RefCell<Vec<Slot>>> =
        const { ManuallyDrop::new(RefCell::new(Vec::new())) };
    /// Objects reachable through one handle only (object address, handle address), see
    /// [`Pin`].
    static PINS: ManuallyDrop<RefCell<Vec<(usize, usize)>>> =
        const { ManuallyDrop::new(RefCell::new(Vec::new())) };
    /// How many entries `VIEWS` and `PINS` hold together, kept in step with every
    /// change to them: the checks, made once a call in assembly loops
    /// (`Mat::set_values` one entry at a time), return at once when nothing is
    /// recorded, without touching the lists.
    static RECORDED: Cell<usize> = const { Cell::new(0) };
    /// How many entries `PINS` holds: the pin check of a view returns at once when none
    /// is (a callback viewing its two arguments at once has one view recorded when it
    /// asks for the second).
    static PINNED: Cell<usize> = const { Cell::new(0) };
}

/// Adds `delta` (+1 or -1) to [`RECORDED`] after an entry was added to or removed from
/// `VIEWS` or `PINS`.
#[inline]
fn recorded_changed(delta: isize) {
    RECORDED.set(RECORDED.get().wrapping_add_signed(delta));
}

/// Whether no view, borrow or pin of any object is recorded on this thread.
#[inline]
fn nothing_recorded() -> bool {
    RECORDED.get() == 0
}

/// Whether any view, borrow or pin of some object is recorded on this thread (else
/// [`object_destroyed`] has nothing to forget).
#[inline]
pub(crate) fn anything_recorded() -> bool {
    !nothing_recorded()
}

fn key(obj: sys::PetscObject) -> usize {
    obj as usize
}

/// The position of `k`'s slot in `views`, searched from the most recent.
#[inline]
fn find(views: &[Slot], k: usize) -> Option<usize> {
    views.iter().rposition(|s| s.key == k)
}

/// The borrow state of `k` ([`EXCLUSIVE`], a shared count, or 0 when not borrowed).
#[inline]
fn state_of(k: usize) -> isize {
    VIEWS.with(|v| {
        let v = v.borrow();
        find(&v, k).map_or(0, |i| v[i].state)
    })
}

/// Refuses `via` (a handle's address, `None` for a caller that cannot say) when the
/// object is pinned to another handle.
#[inline]
fn check_pin(k: usize, via: Option<usize>, context: &str) -> Result<()> {
    if PINNED.get() == 0 {
        return Ok(());
    }
    check_pin_listed(k, via, context)
}

/// [`check_pin`] when something is recorded.
#[cold]
#[inline(never)]
fn check_pin_listed(k: usize, via: Option<usize>, context: &str) -> Result<()> {
    PINS.with(|p| match p.borrow().iter().find(|(o, _)| *o == k) {
        Some(&(_, h)) if Some(h) != via => Err(pinned(context)),
        _ => Ok(()),
    })
}

/// The refusal of `context` for a vector pinned to another handle.
#[cold]
#[inline(never)]
fn pinned(context: &str) -> Error {
    Error::invalid(
        context,
        "the vector's entries are a caller's array for now (PlacedArray::with), \
         reachable only through the handle given to that closure",
    )
}

/// What holds an object's entries when a borrow of them is refused: the state of its
/// slot and the reason recorded there (made into the `Err` out of line, so the accepted
/// borrow, one of each view, stays a few instructions).
#[derive(Clone, Copy)]
struct Holder {
    state: isize,
    reason: Option<&'static str>,
}

impl Holder {
    #[cold]
    #[inline(never)]
    fn refusal(self, context: &str) -> Error {
        if self.state == EXCLUSIVE {
            busy(
                self.reason,
                context,
                "being written through a writable view",
            )
        } else {
            busy(None, context, "being read through a view")
        }
    }
}

/// Registers one more reader of `k`'s entries in `views`.
#[inline]
fn add_shared(views: &mut Vec<Slot>, k: usize) -> std::result::Result<(), Holder> {
    match find(views, k) {
        Some(i) if views[i].state == EXCLUSIVE => Err(Holder {
            state: EXCLUSIVE,
            reason: views[i].reason,
        }),
        Some(i) => {
            views[i].state += 1;
            Ok(())
        }
        None => {
            views.push(Slot {
                key: k,
                state: 1,
                reason: None,
            });
            recorded_changed(1);
            Ok(())
        }
    }
}

/// Registers the one writer of `k`'s entries in `views`, holding them for `reason`.
#[inline]
fn add_exclusive(
    views: &mut Vec<Slot>,
    k: usize,
    reason: Option<&'static str>,
) -> std::result::Result<(), Holder> {
    match find(views, k) {
        Some(i) => Err(Holder {
            state: views[i].state,
            reason: views[i].reason,
        }),
        None => {
            views.push(Slot {
                key: k,
                state: EXCLUSIVE,
                reason,
            });
            recorded_changed(1);
            Ok(())
        }
    }
}

/// One live view of an object's array, registered until dropped.
#[derive(Debug)]
pub struct ArrayBorrow {
    key: usize,
}

impl ArrayBorrow {
    /// Registers a read-only view of `obj`'s array; refused while a writable view of the
    /// same object is alive (through any handle).
    pub fn shared(obj: sys::PetscObject, context: &str) -> Result<ArrayBorrow> {
        ArrayBorrow::shared_via(obj, None, context)
    }

    /// [`shared`](Self::shared) through the handle at address `via`.
    pub(crate) fn shared_via(
        obj: sys::PetscObject,
        via: Option<usize>,
        context: &str,
    ) -> Result<ArrayBorrow> {
        let k = key(obj);
        check_pin(k, via, context)?;
        match VIEWS.with(|v| add_shared(&mut v.borrow_mut(), k)) {
            Ok(()) => Ok(ArrayBorrow { key: k }),
            Err(held) => Err(held.refusal(context)),
        }
    }

    /// Registers a writable view of `obj`'s array; refused while any other view of the
    /// same object is alive (through any handle).
    pub fn exclusive(obj: sys::PetscObject, context: &str) -> Result<ArrayBorrow> {
        ArrayBorrow::exclusive_via(obj, None, context, None)
    }

    /// [`exclusive`](Self::exclusive) through the handle at address `via`; `reason`
    /// names what holds it when that is not a writable view, for the refusals meanwhile.
    pub(crate) fn exclusive_via(
        obj: sys::PetscObject,
        via: Option<usize>,
        context: &str,
        reason: Option<&'static str>,
    ) -> Result<ArrayBorrow> {
        let k = key(obj);
        check_pin(k, via, context)?;
        match VIEWS.with(|v| add_exclusive(&mut v.borrow_mut(), k, reason)) {
            Ok(()) => Ok(ArrayBorrow { key: k }),
            Err(held) => Err(held.refusal(context)),
        }
    }
}

impl Drop for ArrayBorrow {
    fn drop(&mut self) {
        release(self.key);
    }
}

/// The borrows of a callback's two arrays, its input read and its output written
/// ([`ArrayBorrow::shared`] of one, [`ArrayBorrow::exclusive`] of the other), registered
/// and released together: one pass over the table each way, for the arrays PETSc lends
/// at every evaluation of a closure that takes slices.
#[derive(Debug)]
pub(crate) struct InOutBorrow {
    input: usize,
    output: usize,
}

impl InOutBorrow {
    /// Registers a reader of `input`'s entries and the writer of `output`'s; refused as
    /// those two would be (the same object as both is refused: it is being read).
    #[inline]
    pub(crate) fn new(
        input: sys::PetscObject,
        output: sys::PetscObject,
        context: &str,
    ) -> Result<InOutBorrow> {
        let (i, o) = (key(input), key(output));
        // The usual call: nothing else viewed, borrowed or pinned (the two are distinct,
        // or nothing would need telling apart).
        if nothing_recorded() && i != o {
            let slots = [
                Slot {
                    key: i,
                    state: 1,
                    reason: None,
                },
                Slot {
                    key: o,
                    state: EXCLUSIVE,
                    reason: None,
                },
            ];
            VIEWS.with(|v| v.borrow_mut().extend_from_slice(&slots));
            recorded_changed(2);
            return Ok(InOutBorrow {
                input: i,
                output: o,
            });
        }
        InOutBorrow::new_listed(i, o, context)
    }

    /// [`new`](Self::new) when something is recorded.
    #[cold]
    #[inline(never)]
    fn new_listed(i: usize, o: usize, context: &str) -> Result<InOutBorrow> {
        check_pin(i, None, context)?;
        check_pin(o, None, context)?;
        let added = VIEWS.with(|v| {
            let mut v = v.borrow_mut();
            add_shared(&mut v, i)?;
            add_exclusive(&mut v, o, None).inspect_err(|_| release_in(&mut v, i))
        });
        match added {
            Ok(()) => Ok(InOutBorrow {
                input: i,
                output: o,
            }),
            Err(held) => Err(held.refusal(context)),
        }
    }
}

impl Drop for InOutBorrow {
    fn drop(&mut self) {
        release_in_out(self.input, self.output);
    }
}

/// Ends the borrows of an [`InOutBorrow`].
#[inline(never)]
fn release_in_out(input: usize, output: usize) {
    // `try_with`: as in `release`.
    let _ = VIEWS.try_with(|v| {
        let mut v = v.borrow_mut();
        // The usual return: the two are the last entries, as `new` left them.
        if let [.., a, b] = &v[..] {
            if a.key == input && a.state == 1 && b.key == output {
                let n = v.len() - 2;
                v.truncate(n);
                recorded_changed(-2);
                return;
            }
        }
        release_listed(&mut v, input, output);
    });
}

/// [`release_in_out`] when the entries moved or are shared with other views.
#[cold]
#[inline(never)]
fn release_listed(views: &mut Vec<Slot>, input: usize, output: usize) {
    release_in(views, output);
    release_in(views, input);
}

/// Ends one borrow of `k`'s entries. Out of line: every view's drop calls it, and one
/// copy of it serves them all.
#[inline(never)]
fn release(k: usize) {
    // `try_with`: a guard may be dropped while the thread's tables are torn down.
    let _ = VIEWS.try_with(|v| release_in(&mut v.borrow_mut(), k));
}

/// Ends one borrow of `k`'s entries in `views`.
#[inline]
fn release_in(views: &mut Vec<Slot>, k: usize) {
    if let Some(i) = find(views, k) {
        if views[i].state > 1 {
            views[i].state -= 1;
        } else {
            views.swap_remove(i);
            recorded_changed(-1);
        }
    }
}

/// Why the destination of a DM exchange (`global_to_local_begin` ... `end`) is borrowed:
/// PETSc writes it until the exchange ends.
pub(crate) static EXCHANGE_DESTINATION: &str =
    "the destination of a DM exchange under way (end the exchange first)";

/// The exclusive borrow of an object, lifted for the length of a callback and put back
/// when dropped: see [`lift_exclusive`].
pub(crate) struct Lifted(Option<Slot>);

/// Lifts the exclusive borrow of `obj` that carries `reason` (the same `&'static str`),
/// if there is one, until the returned guard is dropped: for a trampoline that hands a
/// closure the object a suspended Rust call borrowed for PETSc (a `DMShell`'s transfer
/// closure writes the exchange's destination). Borrows for other reasons stay.
pub(crate) fn lift_exclusive(obj: sys::PetscObject, reason: &'static str) -> Lifted {
    if nothing_recorded() {
        return Lifted(None);
    }
    let k = key(obj);
    VIEWS.with(|v| {
        let mut v = v.borrow_mut();
        match find(&v, k) {
            Some(i)
                if v[i].state == EXCLUSIVE
                    && v[i].reason.is_some_and(|r| std::ptr::eq(r, reason)) =>
            {
                let slot = v.swap_remove(i);
                recorded_changed(-1);
                Lifted(Some(slot))
            }
            _ => Lifted(None),
        }
    })
}

impl Drop for Lifted {
    fn drop(&mut self) {
        if let Some(slot) = self.0.take() {
            let _ = VIEWS.try_with(|v| {
                v.borrow_mut().push(slot);
                recorded_changed(1);
            });
        }
    }
}

/// Refuses to let PETSc write `obj`'s entries while any view of them is alive.
#[inline]
pub(crate) fn check_writable(obj: sys::PetscObject, context: &str) -> Result<()> {
    check_writable_via(obj, None, context)
}

/// [`check_writable`] through the handle at address `via`.
#[inline]
pub(crate) fn check_writable_via(
    obj: sys::PetscObject,
    via: Option<usize>,
    context: &str,
) -> Result<()> {
    if nothing_recorded() {
        return Ok(());
    }
    let k = key(obj);
    check_pin(k, via, context)?;
    match state_of(k) {
        0 => Ok(()),
        EXCLUSIVE => Err(busy(
            reason_of(k),
            context,
            "being written through a writable view",
        )),
        _ => Err(busy(None, context, "being read through a view")),
    }
}

/// Refuses to let PETSc read `obj`'s entries while a writable view of them is alive.
#[inline]
pub(crate) fn check_readable(obj: sys::PetscObject, context: &str) -> Result<()> {
    check_readable_via(obj, None, context)
}

/// [`check_readable`] through the handle at address `via`.
#[inline]
pub(crate) fn check_readable_via(
    obj: sys::PetscObject,
    via: Option<usize>,
    context: &str,
) -> Result<()> {
    if nothing_recorded() {
        return Ok(());
    }
    let k = key(obj);
    check_pin(k, via, context)?;
    match state_of(k) {
        EXCLUSIVE => Err(busy(
            reason_of(k),
            context,
            "being written through a writable view",
        )),
        _ => Ok(()),
    }
}

/// Whether any view or exclusive borrow of `obj` is registered.
pub(crate) fn is_borrowed(obj: sys::PetscObject) -> bool {
    if nothing_recorded() {
        return false;
    }
    state_of(key(obj)) != 0
}

/// Forgets everything recorded about `obj`, whose last reference is being released:
/// a borrow a forgotten guard (`std::mem::forget`) left behind must not refuse a later
/// object that PETSc allocates at the same address.
pub(crate) fn object_destroyed(obj: sys::PetscObject) {
    if nothing_recorded() {
        return;
    }
    let k = key(obj);
    // `try_with`: a handle may be dropped while the thread's tables are torn down.
    let _ = VIEWS.try_with(|v| {
        let mut v = v.borrow_mut();
        if let Some(i) = find(&v, k) {
            v.swap_remove(i);
            recorded_changed(-1);
        }
    });
    let _ = PINS.try_with(|p| unpin(&mut p.borrow_mut(), k));
}

/// Removes `k`'s pin from `pins`, if any.
fn unpin(pins: &mut Vec<(usize, usize)>, k: usize) {
    if let Some(i) = pins.iter().position(|(o, _)| *o == k) {
        pins.swap_remove(i);
        recorded_changed(-1);
        PINNED.set(pins.len());
    }
}

/// An object reachable through one handle only, until dropped (see the module notes).
#[derive(Debug)]
pub(crate) struct Pin {
    key: usize,
}

impl Pin {
    /// Pins `obj` to the handle at address `via`; refused while any view or borrow of
    /// it is alive, or it is pinned already.
    pub(crate) fn new(obj: sys::PetscObject, via: usize, context: &str) -> Result<Pin> {
        let k = key(obj);
        check_writable_via(obj, Some(via), context)?;
        PINS.with(|p| {
            let mut p = p.borrow_mut();
            if p.iter().any(|(o, _)| *o == k) {
                return Err(Error::invalid(context, "the vector is pinned already"));
            }
            p.push((k, via));
            recorded_changed(1);
            PINNED.set(p.len());
            Ok(Pin { key: k })
        })
    }
}

impl Drop for Pin {
    fn drop(&mut self) {
        let _ = PINS.try_with(|p| unpin(&mut p.borrow_mut(), self.key));
    }
}

/// Why `k` is borrowed exclusively, when that is not a writable view.
fn reason_of(k: usize) -> Option<&'static str> {
    VIEWS.with(|v| {
        let v = v.borrow();
        find(&v, k).and_then(|i| v[i].reason)
    })
}

/// The refusal of `context` while the object is borrowed (`how`), or locked for
/// `reason` (out of line: the checks run on every view).
#[cold]
#[inline(never)]
fn busy(reason: Option<&'static str>, context: &str, how: &str) -> Error {
    if let Some(reason) = reason {
        return Error::invalid(
            context,
            format!(
                "the vector's entries are locked: {reason} (through this or another \
                 handle to the same PETSc object)"
            ),
        );
    }
    Error::invalid(
        context,
        format!(
            "the vector's entries are {how} (through this or another handle to the same \
             PETSc object); drop the view first"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An object address used only as a key (never dereferenced).
    fn obj(a: usize) -> sys::PetscObject {
        a as sys::PetscObject
    }

    /// The count the fast path reads agrees with the tables after every kind of change,
    /// and the checks refuse exactly while a view, borrow or pin is alive.
    #[test]
    fn recorded_count_follows_the_tables() {
        let (a, b) = (obj(0x1000), obj(0x2000));
        assert!(nothing_recorded());
        assert!(check_writable(a, "t").is_ok() && !is_borrowed(a));

        let r1 = ArrayBorrow::shared(a, "t").unwrap();
        let r2 = ArrayBorrow::shared(a, "t").unwrap();
        assert_eq!(RECORDED.get(), 1);
        assert!(check_writable(a, "t").is_err());
        assert!(check_readable(a, "t").is_ok());
        assert!(check_writable(b, "t").is_ok());
        assert!(ArrayBorrow::exclusive(a, "t").is_err());
        drop(r1);
        assert!(
            check_writable(a, "t").is_err(),
            "one shared view is still alive"
        );
        drop(r2);
        assert!(nothing_recorded());
        assert!(check_writable(a, "t").is_ok());

        let w = ArrayBorrow::exclusive(b, "t").unwrap();
        assert!(check_readable(b, "t").is_err() && is_borrowed(b));
        assert!(ArrayBorrow::shared(b, "t").is_err());
        assert_eq!(RECORDED.get(), 1, "a refused view records nothing");
        drop(w);
        assert!(nothing_recorded());

        let pin = Pin::new(a, 7, "t").unwrap();
        assert_eq!(RECORDED.get(), 1);
        assert!(check_writable_via(a, Some(7), "t").is_ok());
        assert!(check_writable_via(a, Some(8), "t").is_err());
        assert!(check_readable(a, "t").is_err());
        drop(pin);
        assert!(nothing_recorded());

        // A forgotten guard is cleared when its object is destroyed.
        std::mem::forget(ArrayBorrow::exclusive(a, "t").unwrap());
        assert!(check_writable(a, "t").is_err());
        object_destroyed(a);
        assert!(nothing_recorded());
        assert!(check_writable(a, "t").is_ok());
    }

    /// A callback's input and output borrowed as a pair: as a shared and an exclusive
    /// borrow would be, on the quick path (nothing else recorded, released last) and on
    /// the listed ones (other borrows before, or after and still alive, at release).
    #[test]
    fn in_out_pair_borrows_as_two_views() {
        let (x, g, z) = (obj(0x3000), obj(0x4000), obj(0x5000));
        assert!(nothing_recorded());

        // Quick path both ways.
        let io = InOutBorrow::new(x, g, "t").unwrap();
        assert_eq!(RECORDED.get(), 2);
        assert!(check_readable(x, "t").is_ok() && check_writable(x, "t").is_err());
        assert!(check_readable(g, "t").is_err());
        let seen = ArrayBorrow::shared(x, "t").unwrap();
        assert!(ArrayBorrow::shared(g, "t").is_err());
        drop(seen);
        drop(io);
        assert!(nothing_recorded());

        // Another view alive before, and one begun after that outlives the pair.
        let before = ArrayBorrow::shared(z, "t").unwrap();
        let io = InOutBorrow::new(x, g, "t").unwrap();
        let after = ArrayBorrow::shared(obj(0x6000), "t").unwrap();
        let extra = ArrayBorrow::shared(x, "t").unwrap();
        drop(io);
        assert_eq!(RECORDED.get(), 3, "z, the later view and x's other reader");
        assert!(check_writable(x, "t").is_err() && check_writable(g, "t").is_ok());
        drop((before, after, extra));
        assert!(nothing_recorded());

        // Refusals leave nothing behind: one object as both, a written output, a read
        // output, a written input.
        assert!(InOutBorrow::new(x, x, "t").is_err());
        let w = ArrayBorrow::exclusive(g, "t").unwrap();
        assert!(InOutBorrow::new(x, g, "t").is_err());
        drop(w);
        let r = ArrayBorrow::shared(g, "t").unwrap();
        assert!(InOutBorrow::new(x, g, "t").is_err());
        drop(r);
        let w = ArrayBorrow::exclusive(x, "t").unwrap();
        assert!(InOutBorrow::new(x, g, "t").is_err());
        drop(w);
        assert!(nothing_recorded());

        // A pinned input is refused (no handle asks).
        let pin = Pin::new(x, 7, "t").unwrap();
        assert!(InOutBorrow::new(x, g, "t").is_err());
        drop(pin);
        assert!(nothing_recorded());
    }
}
