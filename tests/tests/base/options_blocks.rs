//! A `set_from_options` that fails inside PETSc's options block (an unknown type name, an
//! integer option out of range, an options handler's `Err`) leaves nothing allocated: PETSc's copies of the block's
//! title and prefix, which its `PetscOptionsEnd` would have freed, are freed too.

use petsc::{Da, Ksp, OptionsHandlers};
use petsc_tests::{assert_child_frees_everything, Case};

const CHILD: &str = "--options-blocks-child";

pub fn cases() -> Vec<Case> {
    vec![Case::new(
        "failed_set_from_options_frees_its_block",
        failed_set_from_options_frees_its_block,
    )]
}

/// The child run: fails `set_from_options` three times each way, then succeeds.
pub fn child_mode() {
    if std::env::args().nth(1).as_deref() != Some(CHILD) {
        return;
    }
    let code = petsc::Petsc::builder()
        .args(["options_blocks"])
        .main(|petsc| {
            let opts = petsc.options();
            let mut ksp = Ksp::new(&petsc.world())?;
            ksp.set_options_prefix("ob_")?;
            opts.set_value("-ob_ksp_type", "no_such_type")?;
            for _ in 0..3 {
                let e = ksp.set_from_options().unwrap_err();
                assert!(e.to_string().contains("no_such_type"), "{e}");
            }
            opts.set_value("-ob_ksp_type", "cg")?;
            ksp.set_from_options()?;
            // An options handler that fails.
            ksp.add_options_handler(|_| Err(petsc::Error::user("the handler refuses")))?;
            for _ in 0..3 {
                let e = ksp.set_from_options().unwrap_err();
                assert!(e.to_string().contains("the handler refuses"), "{e}");
            }
            ksp.destroy_options_handlers()?;
            ksp.set_from_options()?;
            opts.set_value("-ob_da_grid_x", "99999999999999999999")?;
            for _ in 0..3 {
                let da = Da::grid(&petsc.world())
                    .sizes([5])
                    .options_prefix("ob_")
                    .from_options(true)
                    .build();
                assert!(da.is_err());
            }
            petsc.print("blocks done\n")
        });
    std::process::exit(if code == std::process::ExitCode::SUCCESS {
        0
    } else {
        1
    });
}

fn failed_set_from_options_frees_its_block(_: &petsc::Petsc) -> petsc::Result<()> {
    for n in [1, 2, 3] {
        assert_child_frees_everything(n, &[CHILD], "blocks done");
    }
    Ok(())
}
