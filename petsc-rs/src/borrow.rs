//! The borrow state of PETSc objects' arrays, kept per object rather than per Rust
//! handle: two handles to one `Vec` (the user's and `tao.solution()`'s, or two
//! `da.coordinates()`) share it, so they cannot hand out an `&[T]` and an `&mut [T]` to
//! the same entries, and PETSc is not asked to write entries a view is reading (or to
//! read entries a writable view may be changing).
//!
//! Handles are `!Send`, so every handle to an object lives on the thread that made it and
//! a thread-local table sees all of its views.

use std::cell::RefCell;
use std::collections::HashMap;

use petsc_sys as sys;

use crate::error::{Error, Result};

/// Shared views count up from 1; an exclusive (writable) view is -1.
const EXCLUSIVE: isize = -1;

thread_local! {
    static VIEWS: RefCell<HashMap<usize, isize>> = RefCell::new(HashMap::new());
}

fn key(obj: sys::PetscObject) -> usize {
    obj as usize
}

/// One live view of an object's array, registered until dropped.
#[derive(Debug)]
pub(crate) struct ArrayBorrow {
    key: usize,
}

impl ArrayBorrow {
    /// Registers a read-only view of `obj`'s array; refused while a writable view of the
    /// same object is alive (through any handle).
    pub(crate) fn shared(obj: sys::PetscObject, context: &str) -> Result<ArrayBorrow> {
        let k = key(obj);
        VIEWS.with(|v| {
            let mut v = v.borrow_mut();
            let n = v.entry(k).or_insert(0);
            if *n == EXCLUSIVE {
                return Err(busy(context, "being written through a writable view"));
            }
            *n += 1;
            Ok(ArrayBorrow { key: k })
        })
    }

    /// Registers a writable view of `obj`'s array; refused while any other view of the
    /// same object is alive (through any handle).
    pub(crate) fn exclusive(obj: sys::PetscObject, context: &str) -> Result<ArrayBorrow> {
        let k = key(obj);
        VIEWS.with(|v| {
            let mut v = v.borrow_mut();
            match v.get(&k) {
                Some(&EXCLUSIVE) => Err(busy(context, "being written through a writable view")),
                Some(_) => Err(busy(context, "being read through a view")),
                None => {
                    v.insert(k, EXCLUSIVE);
                    Ok(ArrayBorrow { key: k })
                }
            }
        })
    }
}

impl Drop for ArrayBorrow {
    fn drop(&mut self) {
        VIEWS.with(|v| {
            let mut v = v.borrow_mut();
            if let Some(n) = v.get_mut(&self.key) {
                if *n > 1 {
                    *n -= 1;
                } else {
                    v.remove(&self.key);
                }
            }
        });
    }
}

/// Refuses to let PETSc write `obj`'s entries while any view of them is alive.
pub(crate) fn check_writable(obj: sys::PetscObject, context: &str) -> Result<()> {
    VIEWS.with(|v| match v.borrow().get(&key(obj)) {
        None => Ok(()),
        Some(&EXCLUSIVE) => Err(busy(context, "being written through a writable view")),
        Some(_) => Err(busy(context, "being read through a view")),
    })
}

/// Refuses to let PETSc read `obj`'s entries while a writable view of them is alive.
pub(crate) fn check_readable(obj: sys::PetscObject, context: &str) -> Result<()> {
    VIEWS.with(|v| match v.borrow().get(&key(obj)) {
        Some(&EXCLUSIVE) => Err(busy(context, "being written through a writable view")),
        _ => Ok(()),
    })
}

fn busy(context: &str, how: &str) -> Error {
    Error::invalid(
        context,
        format!(
            "the vector's entries are {how} (through this or another handle to the same \
             PETSc object); drop the view first"
        ),
    )
}
