//! What the compiler guarantees: each claim below is a program that must not compile
//! (a `compile_fail` test), beside the corrected program that does.
//!
//! # Handles stay on their thread
//!
//! PETSc objects are not thread-safe, and every handle shares the process's runtime
//! through a reference count that is not atomic: [`Petsc`](crate::Petsc),
//! [`Vector`](crate::Vector), [`Mat`](crate::Mat), [`Ksp`](crate::Ksp) and the other
//! handles are neither `Send` nor `Sync`.
//!
//! ```compile_fail,E0277
//! fn send<T: Send>(_: T) {}
//! let petsc = petsc::Petsc::init()?;
//! send(petsc);
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! ```compile_fail,E0277
//! let petsc = petsc::Petsc::init()?;
//! let x = petsc::Vector::new_seq(&petsc.self_comm(), 3)?;
//! std::thread::spawn(move || x.size());
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! ```compile_fail,E0277
//! fn sync<T: Sync>(_: &T) {}
//! let petsc = petsc::Petsc::init()?;
//! let a = petsc::Mat::aij(&petsc.self_comm()).sizes(petsc::Sizes::global(2, 2)).preallocate(1, 0).build()?;
//! sync(&a);
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! ```compile_fail,E0277
//! fn send<T: Send>(_: T) {}
//! let petsc = petsc::Petsc::init()?;
//! send(petsc::Ksp::new(&petsc.world())?);
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! ```compile_fail,E0277
//! fn send<T: Send>(_: T) {}
//! let petsc = petsc::Petsc::init()?;
//! send(petsc.world());
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! ```compile_fail,E0277
//! fn send<T: Send>(_: T) {}
//! let petsc = petsc::Petsc::init()?;
//! send(petsc::Dm::new(&petsc.world())?);
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! A clone is a second handle to the same object, on the same thread:
//!
//! ```compile_fail,E0277
//! let petsc = petsc::Petsc::init()?;
//! let x = petsc::Vector::new_seq(&petsc.self_comm(), 3)?;
//! let y = x.clone();
//! std::thread::spawn(move || y.size());
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! The finite-element handles too:
//!
//! ```compile_fail,E0277
//! fn send<T: Send>(_: T) {}
//! let petsc = petsc::Petsc::init()?;
//! send(petsc::Fe::builder(&petsc.self_comm(), 2, 1).cell(petsc::CellKind::Simplex).degree(1).build()?);
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! ```compile_fail,E0277
//! fn send<T: Send>(_: T) {}
//! let petsc = petsc::Petsc::init()?;
//! send(petsc::DiscreteSystem::new(&petsc.self_comm())?);
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! ```compile_fail,E0277
//! fn send<T: Send>(_: T) {}
//! let petsc = petsc::Petsc::init()?;
//! send(petsc::Quadrature::new(&petsc.self_comm())?);
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! On its own thread, the same handles are fine:
//!
//! ```
//! let petsc = petsc::Petsc::init()?;
//! let x = petsc::Vector::new_seq(&petsc.self_comm(), 3)?;
//! let a = petsc::Mat::aij(&petsc.self_comm()).sizes(petsc::Sizes::global(2, 2)).preallocate(1, 0).build()?;
//! let ksp = petsc::Ksp::new(&petsc.world())?;
//! assert_eq!(x.size()?, 3);
//! assert_eq!(a.size()?, (2, 2));
//! drop((ksp, petsc.world()));
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! # Views cannot outlive their vector
//!
//! A DM's work vector ([`DmBase::global_vec`](crate::DmBase::global_vec)) is a guard
//! that borrows the DM, so it cannot outlive it (it is given back when dropped):
//!
//! ```compile_fail,E0597
//! use petsc::{Da, DmBase};
//! let petsc = petsc::Petsc::init()?;
//! let w = {
//!     let da = Da::grid(&petsc.self_comm()).sizes([4]).build()?;
//!     da.global_vec()?
//! };
//! println!("{}", w.size()?);
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! ```
//! use petsc::{Da, DmBase};
//! let petsc = petsc::Petsc::init()?;
//! let da = Da::grid(&petsc.self_comm()).sizes([4]).build()?;
//! let w = da.global_vec()?;
//! assert_eq!(w.size()?, 4);
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! ```compile_fail,E0597
//! let petsc = petsc::Petsc::init()?;
//! let v = {
//!     let x = petsc::Vector::new_seq(&petsc.self_comm(), 3)?;
//!     x.view()?
//! };
//! println!("{}", v[0]);
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! ```compile_fail,E0597
//! use petsc::Da;
//! let petsc = petsc::Petsc::init()?;
//! let da = Da::grid(&petsc.self_comm()).sizes([4]).build()?;
//! let v = {
//!     let g = da.create_global_vector()?;
//!     da.view(&g)?
//! };
//! println!("{}", v[0]);
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! # No write while a view is held
//!
//! A read view borrows the vector, so nothing can change its entries meanwhile:
//!
//! ```compile_fail,E0502
//! let petsc = petsc::Petsc::init()?;
//! let mut x = petsc::Vector::new_seq(&petsc.self_comm(), 3)?;
//! let v = x.view()?;
//! x.set(1.0)?;
//! println!("{}", v[0]);
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! Nor can two writable views of one vector exist, or a read view beside a write view:
//!
//! ```compile_fail,E0502
//! let petsc = petsc::Petsc::init()?;
//! let mut x = petsc::Vector::new_seq(&petsc.self_comm(), 3)?;
//! let mut a = x.view_mut()?;
//! let b = x.view()?;
//! a[0] = b[0];
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! ```compile_fail,E0502
//! use petsc::Da;
//! let petsc = petsc::Petsc::init()?;
//! let da = Da::grid(&petsc.self_comm()).sizes([4]).build()?;
//! let mut g = da.create_global_vector()?;
//! let mut w = da.view_mut(&mut g)?;
//! let r = da.view(&g)?;
//! w[0] = r[0];
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! Released first, the write goes through:
//!
//! ```
//! use petsc::Da;
//! let petsc = petsc::Petsc::init()?;
//! let mut x = petsc::Vector::new_seq(&petsc.self_comm(), 3)?;
//! let v = x.view()?;
//! let first = v[0];
//! drop(v);
//! x.set(1.0)?;
//! assert_eq!(x.view()?[0], petsc::Scalar::from(1.0));
//! let da = Da::grid(&petsc.self_comm()).sizes([4]).build()?;
//! let mut g = da.create_global_vector()?;
//! {
//!     let mut w = da.view_mut(&mut g)?;
//!     w[0] = first;
//! }
//! let r = da.view(&g)?;
//! assert_eq!(r[0], first);
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! Parts of a matrix lent on its own memory (a dense column as a vector, a dense block,
//! a submatrix addressed by local indices) borrow the matrix mutably: the matrix cannot be
//! used, or dropped, until the part is given back.
//!
//! ```compile_fail,E0502
//! let petsc = petsc::Petsc::init()?;
//! let mut a = petsc::Mat::dense(&petsc.self_comm()).sizes(petsc::Sizes::global(2, 2)).build()?;
//! let mut col = a.dense_column_vec(0)?;
//! a.scale(2.0)?;
//! col.set(1.0)?;
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! ```compile_fail,E0505
//! use petsc::{IndexSet, LgMap, Mat, Sizes};
//! let petsc = petsc::Petsc::init()?;
//! let c = petsc.self_comm();
//! let mut a = Mat::aij(&c).sizes(Sizes::global(2, 2)).preallocate(2, 0).build()?;
//! a.set_lgmap(&LgMap::new(&c, 1, &[0, 1])?, None)?;
//! let all = IndexSet::new_stride(&c, 2, 0, 1)?;
//! let mut sub = a.local_sub_matrix(&all, &all)?;
//! drop(a);
//! sub.set_value_local(0, 0, 1.0, petsc::InsertMode::Insert)?;
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! Given back first, the matrix is free again:
//!
//! ```
//! let petsc = petsc::Petsc::init()?;
//! let mut a = petsc::Mat::dense(&petsc.self_comm()).sizes(petsc::Sizes::global(2, 2)).build()?;
//! a.assemble()?;
//! let mut col = a.dense_column_vec(0)?;
//! col.set(1.0)?;
//! petsc::Mat::restore_dense_column_vec(col)?;
//! a.scale(2.0)?;
//! assert_eq!(a.values(&[1], &[0])?, vec![petsc::Scalar::from(2.0)]);
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! Two handles on one PETSc vector (a solver's solution and the caller's vector, say) are
//! checked at run time instead, by a borrow state kept with the PETSc object: a write view
//! beside a read view of the same object is an `Err`, never aliasing `&` and `&mut`.
//!
//! # Lent parts and lent arrays stay lent
//!
//! A sub-vector borrows its vector until it is given back, so the vector cannot be
//! touched meanwhile (it may share the sub-vector's memory):
//!
//! ```compile_fail,E0499
//! let petsc = petsc::Petsc::init()?;
//! let c = petsc.self_comm();
//! let mut x = petsc::Vector::new_seq(&c, 4)?;
//! let s = x.sub_vector(&petsc::IndexSet::new_stride(&c, 2, 0, 1)?)?;
//! x.set(1.0)?;
//! drop(s);
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! and it is no `Vector` that a solver or a nest could keep past the restore:
//!
//! ```compile_fail,E0308
//! let petsc = petsc::Petsc::init()?;
//! let c = petsc.self_comm();
//! let mut x = petsc::Vector::new_seq(&c, 4)?;
//! let s = x.sub_vector(&petsc::IndexSet::new_stride(&c, 2, 0, 1)?)?;
//! let kept = petsc::Vector::new_nest(&c, &[&s])?;
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! An array lent with `place_array` stays borrowed by the guard:
//!
//! ```compile_fail,E0506
//! let petsc = petsc::Petsc::init()?;
//! let mut x = petsc::Vector::new_seq(&petsc.self_comm(), 2)?;
//! let mut mine = [1.0, 2.0];
//! let mut p = x.place_array(&mut mine)?;
//! mine[0] = 5.0;
//! p.scale(2.0)?;
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! Given back, both are the caller's again:
//!
//! ```
//! let petsc = petsc::Petsc::init()?;
//! let c = petsc.self_comm();
//! let mut x = petsc::Vector::from_slice(&c, &[1.0, 2.0, 3.0, 4.0])?;
//! let mut s = x.sub_vector(&petsc::IndexSet::new_stride(&c, 2, 0, 1)?)?;
//! s.set(0.0)?;
//! drop(s);
//! assert_eq!(x.sum()?, 7.0);
//! let mut mine = [1.0, 2.0, 3.0, 4.0];
//! let mut p = x.place_array(&mut mine)?;
//! p.scale(2.0)?;
//! drop(p);
//! mine[0] = 0.0;
//! assert_eq!(mine, [0.0, 4.0, 6.0, 8.0]);
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! # Callbacks own what they capture
//!
//! PETSc keeps a callback as long as the solver lives, so a closure may not borrow local
//! data (it must be `'static`); move the data in, or share it through `Rc`.
//!
//! ```compile_fail,E0373
//! let petsc = petsc::Petsc::init()?;
//! let mut ksp = petsc::Ksp::new(&petsc.world())?;
//! let mut history = Vec::new();
//! ksp.monitor(|it, rnorm| {
//!     history.push((it, rnorm));
//!     Ok(())
//! })?;
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! ```
//! use std::{cell::RefCell, rc::Rc};
//! let petsc = petsc::Petsc::init()?;
//! let mut ksp = petsc::Ksp::new(&petsc.world())?;
//! let history = Rc::new(RefCell::new(Vec::new()));
//! let h = Rc::clone(&history);
//! ksp.monitor(move |it, rnorm| {
//!     h.borrow_mut().push((it, rnorm));
//!     Ok(())
//! })?;
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! # Lent objects never become owners
//!
//! A vector or matrix PETSc lends for a scope (the arguments of a callback, a basis
//! column, a composite vector's pieces) is reached through a handle marked *lent*: it
//! can be read, written and passed to calls that use it, but not kept past the loan.
//! Its clone is, as every clone, a second handle to the same object, lent under the same
//! loan; a call that would make PETSc keep it refuses it (or its clone), and a closure
//! that replaces its output instead of writing into it gets an `Err` (PETSc would never
//! see the result). These are checked when the program runs, not compiled. To keep the
//! values past the loan, `deep_copy()` makes an owned copy while the loan lasts.
//!
//! The loan ends with its scope: when the guard is dropped, or when the callback
//! returns. A clone of a lent handle, or the handle itself moved out of a `&mut`
//! argument with `std::mem::swap`, can outlive the loan; every access to its entries
//! (views, reductions, products, copies, viewers) is then an `Err` naming the ended
//! loan, since the lender may have reset them (SLEPc resets a basis column's array when
//! it is given back). Such a handle holds a PETSc reference of its own by then, so its
//! layout can still be asked and dropping it is safe: a callback's arguments are lent
//! with none (PETSc holds them for the call, so a callback costs no reference
//! counting), a handle still held when the callback returns gets one at that moment,
//! and a clone takes its own when it is made. Dropping a clone ends no loan.
//!
//! ```
//! use std::{cell::RefCell, rc::Rc};
//! use petsc::{Mat, NullSpace, Sizes, Vector};
//! let petsc = petsc::Petsc::init()?;
//! let c = petsc.self_comm();
//! let kept: Rc<RefCell<Option<(Vector, Vector)>>> = Rc::default();
//! let k = Rc::clone(&kept);
//! let c2 = c.clone();
//! let a = Mat::shell(&c).sizes(Sizes::local(2, 2)).build(move |x, y| {
//!     let same = x.clone(); // the same vector, lent as `x` is
//!     assert!(NullSpace::new(&c2, false, &[&same]).is_err()); // would keep it
//!     *k.borrow_mut() = Some((same, x.deep_copy()?)); // and a copy of the values
//!     y.copy_from(x)
//! })?;
//! let x = Vector::from_slice(&c, &[3.0, 4.0])?;
//! let mut y = x.duplicate()?;
//! a.mult(&x, &mut y)?;
//! let (same, copy) = kept.borrow_mut().take().unwrap();
//! assert_eq!(copy.norm(petsc::NormType::Two)?, 5.0);
//! let e = same.norm(petsc::NormType::Two).unwrap_err(); // its loan has ended
//! assert!(e.to_string().contains("deep_copy"), "{e}");
//! assert_eq!(same.size()?, 2);
//!
//! let b = Mat::shell(&c).sizes(Sizes::local(2, 2)).build(|x, y| {
//!     *y = x.clone(); // replaces the handle: PETSc's `y` is untouched
//!     Ok(())
//! })?;
//! let e = b.mult(&x, &mut y).unwrap_err();
//! assert!(e.report().contains("replaced the Vector"), "{e}");
//!
//! let moved: Rc<RefCell<Option<Vector>>> = Rc::default();
//! let m = Rc::clone(&moved);
//! let s = Mat::shell(&c).sizes(Sizes::local(2, 2)).build(move |x, y| {
//!     let mut mine = x.duplicate()?;
//!     std::mem::swap(y, &mut mine); // moves the lent handle out
//!     *m.borrow_mut() = Some(mine);
//!     Ok(())
//! })?;
//! assert!(s.mult(&x, &mut y).is_err()); // the output was replaced
//! let escaped = moved.borrow_mut().take().unwrap();
//! let e = escaped.norm(petsc::NormType::Two).unwrap_err(); // its loan has ended
//! assert!(e.to_string().contains("has ended"), "{e}");
//! assert_eq!(escaped.size()?, 2);
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! # Traits a program uses but cannot implement unsoundly
//!
//! A public trait whose methods hand an implementer's values to PETSc is `unsafe` to
//! implement or sealed. [`Object`](crate::Object) gives PETSc the implementer's pointer:
//! implementing it takes `unsafe impl` (the crates' own handle macros write it).
//!
//! ```compile_fail,E0200
//! struct Fake;
//! impl petsc::Object for Fake {
//!     fn as_object(&self) -> petsc::sys::PetscObject {
//!         std::ptr::null_mut() // a dangling object for set_name
//!     }
//!     fn petsc(&self) -> &petsc::Petsc {
//!         unimplemented!()
//!     }
//! }
//! ```
//!
//! The declaration layer's argument conversions pass their values to PETSc's calls:
//! [`CArg`](crate::declare::CArg) and [`Plain`](crate::declare::Plain) are `unsafe` to
//! implement.
//!
//! ```compile_fail,E0200
//! struct Fake;
//! impl petsc::declare::CArg for Fake {
//!     type Held = ();
//!     type C = *const std::os::raw::c_char;
//!     fn hold(self, _: &str, _: &str) -> petsc::Result<()> {
//!         Ok(())
//!     }
//!     fn pass(_: &()) -> *const std::os::raw::c_char {
//!         8 as *const _ // dangling
//!     }
//! }
//! ```
//!
//! ```compile_fail,E0200
//! #[derive(Clone, Copy, Default)]
//! struct Fake;
//! impl petsc::declare::Plain for Fake {}
//! ```
//!
//! [`OptionsHandlers`](crate::OptionsHandlers) is implemented for every `Object`, and
//! for nothing else:
//!
//! ```compile_fail,E0277
//! struct Fake;
//! impl petsc::OptionsHandlers for Fake {}
//! ```
//!
//! The DM traits ([`DmBase`](crate::DmBase), [`DmDiscretization`](crate::DmDiscretization)),
//! the element types of star forests ([`SfData`](crate::SfData), whose MPI datatype
//! PETSc uses to move them) and of swarm fields ([`SwarmData`](crate::SwarmData), whose
//! PETSc data type sizes the field) and the viewer trait ([`AsViewer`](crate::AsViewer))
//! are sealed: a type of another crate cannot implement them, even one that implements
//! `Object`.
//!
//! ```compile_fail,E0277
//! struct Fake;
//! // SAFETY: not relevant: the seal refuses what follows.
//! unsafe impl petsc::Object for Fake {
//!     fn as_object(&self) -> petsc::sys::PetscObject {
//!         std::ptr::null_mut()
//!     }
//!     fn petsc(&self) -> &petsc::Petsc {
//!         unimplemented!()
//!     }
//! }
//! impl petsc::DmBase for Fake {}
//! ```
//!
//! ```compile_fail,E0277
//! struct Fake;
//! impl petsc::DmDiscretization for Fake {}
//! ```
//!
//! ```compile_fail,E0277
//! #[derive(Clone, Copy)]
//! struct Fake(u8);
//! impl petsc::SfData for Fake {
//!     fn datatype() -> petsc::sys::MPI_Datatype {
//!         unimplemented!()
//!     }
//! }
//! ```
//!
//! ```compile_fail,E0277
//! #[derive(Clone, Copy)]
//! struct Fake(u8);
//! impl petsc::SwarmData for Fake {
//!     const DATA_TYPE: petsc::sys::PetscDataType = petsc::sys::PetscDataType::PETSC_REAL;
//! }
//! ```
//!
//! ```compile_fail,E0277
//! struct Fake;
//! impl petsc::AsViewer for Fake {}
//! ```
//!
//! The traits for types written in Rust ([`PcImpl`](crate::PcImpl),
//! [`KspImpl`](crate::KspImpl), [`SnesImpl`](crate::SnesImpl), [`TsImpl`](crate::TsImpl),
//! [`TaoImpl`](crate::TaoImpl), [`MatImpl`](crate::MatImpl)) are meant to be implemented
//! and stay safe: their methods get lent handles and return `Result`s, which the crate
//! checks, and hand no pointer to PETSc.
