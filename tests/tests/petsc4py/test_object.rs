//! petsc4py's `test_object.py`, ported: what every PETSc object has (ids, names,
//! prefixes, options handlers, references, composition, state), for each class of
//! petsc4py's test classes, against the crate's handle type of that class.
//!
//! petsc4py's `copy.copy` is a second handle to the same object (`Clone`), its
//! `incRef`/`decRef` are a handle more or less (each handle owns one reference), its
//! `destroy` is dropping the handle, and its `copy.deepcopy` is the class's copy (index
//! sets, vectors and matrices: petsc4py has none for the other classes, and its tests of
//! a copy return early for them, as these do).

use std::cell::Cell;
use std::rc::Rc;

use petsc::{
    Ao, Da, DiscreteSystem, DmLabel, DualSpace, IndexSet, Ksp, LgMap, Mat, MatDuplicateOption,
    MatPartitioning, NullSpace, Object, OptionsHandlers, Pc, Petsc, Random, Sizes, Snes, Space,
    Tao, Ts, TsProblemType, TsType, Vector, Viewer,
};
use petsc_tests::Case;

/// One of petsc4py's test classes: its object, made as its `setUp` makes it.
trait Subject: Object + OptionsHandlers + Clone + Sized + 'static {
    /// The class's name in PETSc (its registered class, as `Object::class_name` gives).
    const CLASS: &'static str;
    /// Whether the class's `setFromOptions` runs the options handlers (petsc4py's
    /// `missing` list names those that do not).
    const RUNS_HANDLERS: bool;
    /// Whether the object is on `COMM_WORLD` (else `COMM_SELF`).
    const WORLD: bool = true;
    fn make(petsc: &Petsc) -> petsc::Result<Self>;
    /// The class's own `setFromOptions`.
    fn read_options(&mut self) -> petsc::Result<()>;
    /// petsc4py's `copy.deepcopy` (the class's `copy`), where the class has one.
    fn deep_copy(&self) -> Option<petsc::Result<Self>> {
        None
    }
}

macro_rules! subject {
    ($ty:ty, $class:literal, handlers = $h:expr, |$p:ident| $make:expr,
     |$o:ident| $sfo:expr $(, world = $w:expr)? $(, copy = |$c:ident| $copy:expr)?) => {
        impl Subject for $ty {
            const CLASS: &'static str = $class;
            const RUNS_HANDLERS: bool = $h;
            $(const WORLD: bool = $w;)?
            fn make($p: &Petsc) -> petsc::Result<Self> {
                $make
            }
            fn read_options(&mut self) -> petsc::Result<()> {
                let $o = self;
                $sfo
            }
            $(fn deep_copy(&self) -> Option<petsc::Result<Self>> {
                fn copy_of($c: &$ty) -> petsc::Result<$ty> {
                    $copy
                }
                Some(copy_of(self))
            })?
        }
    };
}

subject!(
    Random,
    "PetscRandom",
    handlers = false,
    |p| Random::new(&p.world()),
    |o| o.set_from_options()
);
subject!(
    Viewer,
    "PetscViewer",
    handlers = false,
    |p| Viewer::new(&p.world()),
    |o| o.set_from_options()
);
subject!(
    IndexSet,
    "IS",
    handlers = false,
    |p| IndexSet::new_general(&p.world(), &[]),
    |o| Object::set_from_options(o),
    copy = |o| {
        let mut c = o.duplicate()?;
        o.copy(&mut c)?;
        Ok(c)
    }
);
subject!(
    LgMap,
    "ISLocalToGlobalMapping",
    handlers = false,
    |p| LgMap::new(&p.world(), 1, &[]),
    |o| o.set_from_options()
);
subject!(
    Da,
    "DM",
    handlers = true,
    |p| Da::grid(&p.world()).sizes([3, 3, 3]).build(),
    |o| o.set_from_options()
);
subject!(
    DiscreteSystem,
    "PetscDS",
    handlers = true,
    |p| DiscreteSystem::new(&p.world()),
    |o| o.set_from_options()
);
subject!(
    Vector,
    "Vec",
    handlers = true,
    |p| {
        let mut v = Vector::new_seq(&p.self_comm(), 0)?;
        v.assemble()?;
        Ok(v)
    },
    |o| o.set_from_options(),
    world = false,
    copy = |o| {
        let mut c = o.duplicate()?;
        c.copy_from(o)?;
        Ok(c)
    }
);
subject!(
    Mat,
    "Mat",
    handlers = true,
    |p| {
        let mut a = Mat::aij(&p.self_comm())
            .sizes(Sizes::global(0, 0))
            .preallocate(0, 0)
            .build()?;
        a.assemble()?;
        Ok(a)
    },
    |o| o.set_from_options(),
    world = false,
    copy = |o| o.duplicate(MatDuplicateOption::CopyValues)
);
subject!(
    MatPartitioning,
    "MatPartitioning",
    handlers = false,
    |p| MatPartitioning::new(&p.world()),
    |o| o.set_from_options()
);
subject!(
    NullSpace,
    "MatNullSpace",
    handlers = false,
    |p| NullSpace::new(&p.world(), true, &[]),
    |o| Object::set_from_options(o)
);
subject!(Ksp, "KSP", handlers = true, |p| Ksp::new(&p.world()), |o| o
    .set_from_options());
subject!(Pc, "PC", handlers = true, |p| Pc::new(&p.world()), |o| o
    .set_from_options());
subject!(
    Snes,
    "SNES",
    handlers = true,
    |p| Snes::new(&p.world()),
    |o| o.set_from_options()
);
subject!(
    Ts,
    "TS",
    handlers = true,
    |p| {
        let mut ts = Ts::new(&p.world())?;
        ts.set_problem_type(TsProblemType::Nonlinear)?;
        ts.set_type(TsType::Beuler)?;
        Ok(ts)
    },
    |o| o.set_from_options()
);
subject!(Tao, "Tao", handlers = true, |p| Tao::new(&p.world()), |o| o
    .set_from_options());
subject!(
    DmLabel,
    "DMLabel",
    handlers = false,
    |p| DmLabel::new(&p.world(), "test"),
    |o| Object::set_from_options(o)
);
subject!(
    Space,
    "PetscSpace",
    handlers = true,
    |p| Space::new(&p.world()),
    |o| o.set_from_options()
);
subject!(
    DualSpace,
    "PetscDualSpace",
    handlers = false,
    |p| DualSpace::new(&p.world()),
    |o| o.set_from_options()
);

/// `Ao` is made three ways (petsc4py's `TestObjectAO`, `TestObjectAOBasic`,
/// `TestObjectAOMapping`): a wrapper type for each.
macro_rules! ao_subject {
    ($name:ident, $make:path) => {
        #[derive(Clone)]
        struct $name(Ao);
        // SAFETY: the wrapped handle's object and runtime.
        unsafe impl Object for $name {
            fn as_object(&self) -> petsc::sys::PetscObject {
                self.0.as_object()
            }
            fn petsc(&self) -> &Petsc {
                self.0.petsc()
            }
        }
        subject!(
            $name,
            "AO",
            handlers = false,
            |p| Ok($name($make(&p.world(), &[], Some(&[]))?)),
            |o| Object::set_from_options(o)
        );
    };
}
ao_subject!(AoMapping, Ao::new_mapping);
ao_subject!(AoBasic, Ao::new_basic);

fn id<T: Subject>(petsc: &Petsc) -> petsc::Result<()> {
    let obj = T::make(petsc)?;
    let oid = obj.id()?;
    assert!(oid > 0);
    assert_eq!(obj.id()?, oid);
    let other = T::make(petsc)?;
    assert_ne!(other.id()?, oid);
    Ok(())
}

fn log_class<T: Subject>(petsc: &Petsc) -> petsc::Result<()> {
    let obj = T::make(petsc)?;
    let logcls = petsc.log().class(T::CLASS)?;
    assert_eq!(logcls.id(), obj.class_id()?);
    assert_eq!(obj.class_name()?, T::CLASS);
    Ok(())
}

fn non_zero<T: Subject>(petsc: &Petsc) -> petsc::Result<()> {
    let obj = T::make(petsc)?;
    assert!(!obj.as_object().is_null());
    Ok(())
}

fn destroy<T: Subject>(petsc: &Petsc) -> petsc::Result<()> {
    let obj = T::make(petsc)?;
    assert!(!obj.as_object().is_null());
    let witness = obj.clone();
    assert_eq!(witness.ref_count()?, 2);
    drop(obj); // destroy: its reference is released
    assert_eq!(witness.ref_count()?, 1);
    Ok(())
}

fn options<T: Subject>(petsc: &Petsc) -> petsc::Result<()> {
    let mut obj = T::make(petsc)?;
    assert_eq!(obj.options_prefix()?, "");
    obj.set_options_prefix("my_")?;
    assert_eq!(obj.options_prefix()?, "my_");
    obj.set_options_prefix("opt_")?;
    assert_eq!(obj.options_prefix()?, "opt_");
    Object::append_options_prefix(&mut obj, "my_")?;
    assert_eq!(obj.options_prefix()?, "opt_my_");
    obj.set_options_prefix("")?;
    assert_eq!(obj.options_prefix()?, "");
    obj.read_options()?;

    let (class, type_name, oid) = (obj.class_name()?, obj.type_name()?, obj.id()?);
    let called = Rc::new(Cell::new(0));
    for _ in 0..2 {
        called.set(0);
        let seen = called.clone();
        obj.set_options_handler(move |_| {
            seen.set(seen.get() + 1);
            Ok(())
        })?;
        obj.read_options()?;
        if T::RUNS_HANDLERS {
            assert_eq!(called.get(), 1);
        }
        assert_eq!(
            (obj.class_name()?, obj.type_name()?, obj.id()?),
            (class.clone(), type_name.clone(), oid)
        );
    }
    called.set(0);
    obj.clear_options_handler()?;
    obj.read_options()?;
    assert_eq!(called.get(), 0);

    obj.destroy_options_handlers()?;
    obj.read_options()?;
    assert_eq!(called.get(), 0);
    Ok(())
}

fn name<T: Subject>(petsc: &Petsc) -> petsc::Result<()> {
    let mut obj = T::make(petsc)?;
    let oldname = obj.name()?;
    let newname = format!("{oldname}-{oldname}");
    obj.set_name(&newname)?;
    assert_eq!(obj.name()?, newname);
    obj.set_name(&oldname)?;
    assert_eq!(obj.name()?, oldname);
    Ok(())
}

fn comm<T: Subject>(petsc: &Petsc) -> petsc::Result<()> {
    let obj = T::make(petsc)?;
    let c = obj.comm();
    assert!(c == petsc.self_comm() || c == petsc.world());
    assert_eq!(
        c,
        if T::WORLD {
            petsc.world()
        } else {
            petsc.self_comm()
        }
    );
    Ok(())
}

fn ref_count<T: Subject>(petsc: &Petsc) -> petsc::Result<()> {
    let obj = T::make(petsc)?;
    assert_eq!(obj.ref_count()?, 1);
    let r2 = obj.clone(); // incRef
    assert_eq!(obj.ref_count()?, 2);
    let r3 = obj.clone();
    assert_eq!(obj.ref_count()?, 3);
    drop(r3); // decRef
    assert_eq!(obj.ref_count()?, 2);
    drop(r2);
    assert_eq!(obj.ref_count()?, 1);
    drop(obj); // the last reference: destroyed
    Ok(())
}

fn handle<T: Subject>(petsc: &Petsc) -> petsc::Result<()> {
    let obj = T::make(petsc)?;
    // The handle is the C object's address (petsc4py's `handle`; its `fortran` is the
    // same address where Fortran handles are pointers).
    assert!(!obj.as_object().is_null());
    assert_eq!(obj.as_object(), obj.clone().as_object());
    drop(obj);
    Ok(())
}

fn compose_query<T: Subject>(petsc: &Petsc) -> petsc::Result<()> {
    let mut obj = T::make(petsc)?;
    let Some(myobj) = obj.deep_copy() else {
        return Ok(()); // petsc4py: no copy for this class
    };
    let myobj = myobj?;
    assert_eq!(myobj.ref_count()?, 1);
    obj.compose("myobj", Some(&myobj))?;
    {
        let found = obj.query("myobj")?.expect("composed");
        assert_eq!(found.class_name()?, T::CLASS);
        assert_eq!(found.as_object(), myobj.as_object());
    }
    assert_eq!(myobj.ref_count()?, 2);
    obj.compose("myobj", None)?;
    assert_eq!(myobj.ref_count()?, 1);
    assert!(obj.query("myobj")?.is_none());
    Ok(())
}

fn properties<T: Subject>(petsc: &Petsc) -> petsc::Result<()> {
    // petsc4py's properties (`classid`, `klass`, `type`, `name`, `comm`, `refcount`)
    // read the same getters.
    let obj = T::make(petsc)?;
    assert_eq!(obj.class_id()?, obj.class_id()?);
    assert_eq!(obj.class_name()?, T::CLASS);
    assert_eq!(obj.type_name()?, obj.type_name()?);
    assert_eq!(obj.name()?, obj.name()?);
    assert_eq!(obj.comm(), obj.comm());
    assert_eq!(obj.ref_count()?, 1);
    Ok(())
}

fn shallow_copy<T: Subject>(petsc: &Petsc) -> petsc::Result<()> {
    let obj = T::make(petsc)?;
    let rc = obj.ref_count()?;
    let copy = obj.clone();
    assert_eq!(copy.as_object(), obj.as_object()); // the same object
    assert_eq!(copy.ref_count()?, rc + 1);
    drop(copy);
    assert_eq!(obj.ref_count()?, rc);
    Ok(())
}

fn deep_copy<T: Subject>(petsc: &Petsc) -> petsc::Result<()> {
    let obj = T::make(petsc)?;
    let rc = obj.ref_count()?;
    let Some(copy) = obj.deep_copy() else {
        return Ok(()); // petsc4py: no copy for this class
    };
    let copy = copy?;
    assert_ne!(copy.as_object(), obj.as_object());
    assert_eq!(copy.class_name()?, obj.class_name()?);
    assert_eq!(obj.ref_count()?, rc);
    assert_eq!(copy.ref_count()?, 1);
    Ok(())
}

fn state_inspection<T: Subject>(petsc: &Petsc) -> petsc::Result<()> {
    let mut obj = T::make(petsc)?;
    let state = obj.state_get()?;
    obj.state_increase()?;
    assert!(state < obj.state_get()?);
    obj.state_set(0)?;
    assert_eq!(obj.state_get()?, 0);
    obj.state_set(state)?;
    assert_eq!(obj.state_get()?, state);
    Ok(())
}

/// A test body.
type Body = fn(&Petsc) -> petsc::Result<()>;

/// petsc4py's test methods, in its order, with the Rust body of each (or why there is
/// none: a method of Python's own).
fn methods<T: Subject>() -> Vec<(&'static str, Result<Body, &'static str>)> {
    vec![
        (
            "testTypeRegistry",
            Err("petsc4py's table of its Python types by class id; a Rust handle's type is static"),
        ),
        ("testLogClass", Ok(log_class::<T>)),
        (
            "testClass",
            Err("Python's isinstance/type of the handle; a Rust handle's type is static"),
        ),
        ("testId", Ok(id::<T>)),
        ("testNonZero", Ok(non_zero::<T>)),
        ("testDestroy", Ok(destroy::<T>)),
        ("testOptions", Ok(options::<T>)),
        ("testName", Ok(name::<T>)),
        ("testComm", Ok(comm::<T>)),
        ("testRefCount", Ok(ref_count::<T>)),
        ("testHandle", Ok(handle::<T>)),
        ("testComposeQuery", Ok(compose_query::<T>)),
        ("testProperties", Ok(properties::<T>)),
        ("testShallowCopy", Ok(shallow_copy::<T>)),
        ("testDeepCopy", Ok(deep_copy::<T>)),
        ("testStateInspection", Ok(state_inspection::<T>)),
    ]
}

fn class_cases<T: Subject>(class: &'static str, real_only: bool) -> Vec<Case> {
    methods::<T>()
        .into_iter()
        .map(|(method, body)| {
            let name = format!("{class}::{method}");
            match body {
                Err(why) => Case::not_in_rust(name, why),
                Ok(body) => {
                    let case = Case::with(name, body);
                    let case = if T::WORLD { case.ranks(&[1, 2]) } else { case };
                    if real_only {
                        case.requires(!cfg!(petsc_complex), "real scalars")
                    } else {
                        case
                    }
                }
            }
        })
        .collect()
}

pub fn cases() -> Vec<Case> {
    [
        class_cases::<Random>("TestObjectRandom", false),
        class_cases::<Viewer>("TestObjectViewer", false),
        class_cases::<IndexSet>("TestObjectIS", false),
        class_cases::<LgMap>("TestObjectLGMap", false),
        class_cases::<AoMapping>("TestObjectAO", false),
        class_cases::<Da>("TestObjectDMDA", false),
        class_cases::<DiscreteSystem>("TestObjectDS", false),
        class_cases::<Vector>("TestObjectVec", false),
        class_cases::<Mat>("TestObjectMat", false),
        class_cases::<MatPartitioning>("TestObjectMatPartitioning", false),
        class_cases::<NullSpace>("TestObjectNullSpace", false),
        class_cases::<Ksp>("TestObjectKSP", false),
        class_cases::<Pc>("TestObjectPC", false),
        class_cases::<Snes>("TestObjectSNES", false),
        class_cases::<Ts>("TestObjectTS", false),
        // petsc4py deletes TestObjectTAO with complex scalars.
        class_cases::<Tao>("TestObjectTAO", true),
        class_cases::<AoBasic>("TestObjectAOBasic", false),
        class_cases::<AoMapping>("TestObjectAOMapping", false),
        class_cases::<DmLabel>("TestObjectDMLabel", false),
        class_cases::<Space>("TestObjectSpace", false),
        class_cases::<DualSpace>("TestObjectDualSpace", false),
    ]
    .concat()
}
