//! petsc4py's `test_snes_py.py`, ported: every method of `BaseTestSNES` (test_snes)
//! on a SNES whose type is written in Rust, an instance with set-up, options, view,
//! reset and step hooks but no solve of its own (so PETSc's default for such types
//! solves, with its update, monitors and convergence test), given to the solver as
//! petsc4py's `setPythonContext` gives one.

use std::collections::HashMap;

use petsc::{Object, OptionsBlock, Petsc, Snes, SnesImpl, SnesType, Viewer};
use petsc_tests::Case;

use crate::test_snes::{base_cases, Body, Cfg};

/// The name the type is registered under (petsc4py's `python`).
const TYPE: &str = "petsc4py_mysnes";

/// `MySNES`: counts the calls of each method (petsc4py's `call_log`).
#[derive(Default)]
struct MySnes {
    trace: bool,
    call_log: HashMap<&'static str, usize>,
}

impl MySnes {
    fn log(&mut self, method: &'static str) {
        *self.call_log.entry(method).or_default() += 1;
        if self.trace {
            println!("MySnes.{method}");
        }
    }
}

impl SnesImpl for MySnes {
    fn set_up(&mut self, _snes: &mut Snes) -> petsc::Result<()> {
        self.log("setUp");
        Ok(())
    }

    fn set_from_options(
        &mut self,
        _snes: &mut Snes,
        options: &OptionsBlock<'_>,
    ) -> petsc::Result<()> {
        self.trace = options.bool("-trace", "trace the calls", self.trace)?;
        self.log("setFromOptions");
        Ok(())
    }

    fn view(&mut self, _snes: &Snes, _viewer: &Viewer) -> petsc::Result<()> {
        self.log("view");
        Ok(())
    }

    fn reset(&mut self, _snes: &mut Snes) -> petsc::Result<()> {
        self.log("reset");
        Ok(())
    }

    fn pre_step(&mut self, _snes: &mut Snes) -> petsc::Result<()> {
        self.log("preStep");
        Ok(())
    }

    fn post_step(&mut self, _snes: &mut Snes) -> petsc::Result<()> {
        self.log("postStep");
        Ok(())
    }
}

/// `TestSNESPython.setUp`: the type set, then `setPythonContext(MySNES())`.
fn make(petsc: &Petsc, _cfg: &Cfg) -> petsc::Result<Snes> {
    Snes::register_type(petsc, TYPE, MySnes::default)?;
    let mut snes = Snes::new(&petsc.self_comm())?;
    snes.set_type(SnesType::from_name(TYPE))?;
    snes.set_implementation(MySnes::default())?;
    Ok(snes)
}

/// `testGetType`: the solver's type and its instance.
fn get_type(petsc: &Petsc, cfg: &Cfg) -> petsc::Result<()> {
    let snes = make(petsc, cfg)?;
    assert_eq!(snes.type_name()?, TYPE);
    let created = snes.with_implementation(|m: &mut MySnes| m.call_log.get("setUp").copied())?;
    assert_eq!(created, None); // not set up yet
    Ok(())
}

const EXTRA: &[(&str, Body)] = &[("testGetType", get_type)];

pub fn cases() -> Vec<Case> {
    base_cases(
        Cfg {
            class: "TestSNESPython",
            ty: TYPE,
            make,
        },
        EXTRA,
    )
}
