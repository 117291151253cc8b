//! Integers PETSc parses itself from the options database: a decimal value out of
//! PetscInt's range, which PETSc's parser would silently wrap (`99999999999` read as
//! `1215752191` with 32-bit indices), is refused with an `Err` naming the option and the
//! value when PETSc reads it as an integer, wherever the value came from (the command
//! line, `PETSC_OPTIONS`, an options file, `set_value`, `insert_string`). Real-valued
//! options keep any value.

use petsc::{Da, Ksp, Petsc};
use petsc_tests::{rerun_self, Case};

/// A value out of PetscInt's range whichever its width (beyond 64 bits too).
const HUGE: &str = "99999999999999999999";
/// Out of 32-bit PetscInt's range: the value of the report.
const WIDE: &str = "99999999999";

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("dmda_grid_size_is_refused", dmda_grid_size_is_refused).ranks(&[1, 2, 3]),
        Case::new("inserted_strings_are_checked", inserted_strings_are_checked).ranks(&[1, 2, 3]),
        Case::new("real_options_keep_big_values", real_options_keep_big_values).ranks(&[1, 2, 3]),
        Case::new(
            "every_source_of_options_is_checked",
            every_source_is_checked,
        ),
    ]
}

/// Asserts that `e` names the option and the value.
fn assert_names(e: &petsc::Error, option: &str, value: &str) {
    let text = e.to_string();
    assert!(
        text.contains(option) && text.contains(value) && text.contains("PetscInt"),
        "{text}"
    );
}

/// Builds a one-dimensional DMDA of 5 points that reads its options with `prefix`.
fn da(petsc: &Petsc, prefix: &str) -> petsc::Result<Da> {
    Da::grid(&petsc.world())
        .sizes([5])
        .options_prefix(prefix)
        .from_options(true)
        .build()
}

fn dmda_grid_size_is_refused(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options();
    for value in [HUGE, "-99999999999999999999"] {
        opts.set_value("-pi_a_da_grid_x", value)?;
        let e = da(petsc, "pi_a_").unwrap_err();
        assert_names(&e, "-pi_a_da_grid_x", value);
    }
    // The report's value: wrapped by 32-bit PETSc to 1215752191 points (10 GB); a
    // valid size with 64-bit indices, too big to allocate here, so only checked when
    // refused.
    opts.set_value("-pi_a_da_grid_x", WIDE)?;
    match da(petsc, "pi_a_") {
        Err(e) => assert_names(&e, "-pi_a_da_grid_x", WIDE),
        Ok(_) if petsc::Int::BITS == 64 => unreachable!("10^11 points allocated"),
        Ok(d) => panic!("built a DMDA of {} points", d.info()?.mx),
    }
    // The same option with a value that fits works, on the same database.
    opts.set_value("-pi_a_da_grid_x", "7")?;
    assert_eq!(da(petsc, "pi_a_")?.info()?.mx, 7);
    opts.clear_value("-pi_a_da_grid_x")?;
    Ok(())
}

fn inserted_strings_are_checked(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options();
    opts.insert_string(&format!("-pi_b_da_grid_x {HUGE}"))?;
    let e = da(petsc, "pi_b_").unwrap_err();
    assert_names(&e, "-pi_b_da_grid_x", HUGE);
    // PETSc's integer forms that fit stay accepted.
    opts.insert_string("-pi_b_da_grid_x +6")?;
    assert_eq!(da(petsc, "pi_b_")?.info()?.mx, 6);
    opts.clear_value("-pi_b_da_grid_x")?;
    Ok(())
}

fn real_options_keep_big_values(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options();
    // Integer-looking, out of PetscInt's range, and a real option: PETSc reads it as
    // the real it is.
    opts.set_value("-pi_c_ksp_divtol", HUGE)?;
    opts.set_value("-pi_c_ksp_atol", WIDE)?;
    let mut ksp = Ksp::new(&petsc.world())?;
    ksp.set_options_prefix("pi_c_")?;
    ksp.set_from_options()?;
    let t = ksp.tolerances()?;
    assert_eq!(t.divtol, Some(1e20));
    assert_eq!(t.atol, Some(99999999999.0));
    opts.clear_value("-pi_c_ksp_divtol")?;
    opts.clear_value("-pi_c_ksp_atol")?;
    Ok(())
}

const CHILD: &str = "--parsed-integers-";

/// The child runs of [`every_source_is_checked`]: `--parsed-integers-SCENARIO [FILE]`.
pub fn child_mode() {
    let mut args = std::env::args().skip(1);
    let Some(scenario) = args
        .next()
        .and_then(|a| a.strip_prefix(CHILD).map(String::from))
    else {
        return;
    };
    let file = args.next().unwrap_or_default();
    let mut petsc_args = vec!["parsed_integers".to_string()];
    match scenario.as_str() {
        "command_line" => petsc_args.extend(["-da_grid_x".into(), HUGE.into()]),
        "options_file" => petsc_args.extend(["-options_file".into(), file]),
        "at_init" => petsc_args.extend(["-check_pointer_intensity".into(), HUGE.into()]),
        _ => {} // PETSC_OPTIONS
    }
    let code = petsc::Petsc::builder().args(petsc_args).main(|petsc| {
        let e = da(petsc, "").unwrap_err();
        assert_names(&e, "-da_grid_x", HUGE);
        petsc.print("refused when read\n")
    });
    std::process::exit(if code == std::process::ExitCode::SUCCESS {
        0
    } else {
        1
    });
}

fn every_source_is_checked(_: &Petsc) -> petsc::Result<()> {
    let file = std::env::temp_dir().join(format!("parsed_integers_{}.opts", std::process::id()));
    std::fs::write(&file, format!("-da_grid_x {HUGE}\n")).expect("options file");
    let path = file.to_string_lossy().into_owned();
    for n in [1, 2, 3] {
        for (scenario, env) in [
            ("command_line", String::new()),
            ("petsc_options", format!("-malloc_dump -da_grid_x {HUGE}")),
            ("options_file", String::new()),
        ] {
            let (ok, out) = rerun_self(n, &[&format!("{CHILD}{scenario}"), &path], &env);
            assert!(ok, "{scenario} at {n} ranks:\n{out}");
            assert_eq!(out.matches("refused when read").count(), 1, "{out}");
            assert!(
                !out.contains("BEGINNING OF MEMORY") && !out.contains("[ 0]"),
                "{out}"
            );
        }
        // An integer PETSc reads in PetscInitialize: init fails, on every rank, with the
        // option and the value (the launcher may end the other ranks as soon as the first
        // exits, before they print it: at least one says it, and none says otherwise).
        let (ok, out) = rerun_self(n, &[&format!("{CHILD}at_init")], "");
        assert!(!ok, "at_init at {n} ranks:\n{out}");
        // Each rank's report is one write, but PETSc's own lines of another rank may
        // end in front of it on the same line: the report is what follows its marker.
        let errors: Vec<&str> = out
            .lines()
            .filter_map(|l| l.find("error: PETSc error").map(|at| &l[at..]))
            .collect();
        assert!(!errors.is_empty(), "at_init at {n} ranks:\n{out}");
        for l in errors {
            assert!(
                l.contains("-check_pointer_intensity") && l.contains(HUGE),
                "at_init at {n} ranks:\n{out}"
            );
        }
    }
    std::fs::remove_file(&file).ok();
    Ok(())
}
