//! Application orderings at 1, 2 and 3 ranks against the permutation they were built
//! from: basic, memory-scalable and mapping orderings, index sets, and bad index lists
//! as the same `Err` on every rank.

use petsc::{Ao, AoType, IndexSet, Int, Petsc};
use petsc_tests::Case;

/// Each rank's PETSc indices are its share of 0..n (3 per rank, natural order); the
/// application numbers PETSc's k as n - 1 - k.
fn reversed(petsc: &Petsc) -> (Int, Vec<Int>) {
    let world = petsc.world();
    let (r, size) = (Int::from(world.rank()), Int::from(world.size()));
    let n = 3 * size;
    (n, (3 * r..3 * r + 3).map(|k| n - 1 - k).collect())
}

fn permutations(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let (n, app) = reversed(petsc);
    let all: Vec<Int> = (0..n).collect();
    let flipped: Vec<Int> = (0..n).map(|k| n - 1 - k).collect();
    for (ao, ty) in [
        (Ao::new_basic(&world, &app, None)?, AoType::Basic),
        (
            Ao::new_memory_scalable(&world, &app, None)?,
            AoType::MemoryScalable,
        ),
    ] {
        assert_eq!(ao.ty()?, ty);
        assert_eq!(ao.app2petsc(&all)?, flipped);
        assert_eq!(ao.petsc2app(&all)?, flipped);
        assert_eq!(ao.app2petsc(&[-3, 0, -1, 1])?, [-1, n - 1, -1, n - 2]);
        let is = IndexSet::new_general(&world, &[0, 1])?;
        assert_eq!(ao.app2petsc_is(&is)?.indices()?.to_vec(), [n - 1, n - 2]);
        assert_eq!(ao.petsc2app_is(&is)?.indices()?.to_vec(), [n - 1, n - 2]);
    }
    // Explicit PETSc indices: rank r gives its app indices with PETSc's k = app.
    let ident = Ao::new_basic(&world, &app, Some(&app))?;
    assert_eq!(ident.app2petsc(&all)?, all);
    // A mapping between sparse sets: app 100 + 2k is PETSc's k.
    let world_r = Int::from(world.rank());
    let petsc_idx: Vec<Int> = (3 * world_r..3 * world_r + 3).collect();
    let sparse: Vec<Int> = petsc_idx.iter().map(|k| 100 + 2 * k).collect();
    let map = Ao::new_mapping(&world, &sparse, Some(&petsc_idx))?;
    assert_eq!(map.ty()?, AoType::Mapping);
    assert_eq!(
        map.app2petsc(&[100, 101, 100 + 2 * (n - 1)])?,
        [0, -1, n - 1]
    );
    assert_eq!(map.petsc2app(&[n - 1])?, [100 + 2 * (n - 1)]);
    Ok(())
}

fn bad_input(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let (r, last) = (world.rank(), world.size() - 1);
    let (n, mut app) = reversed(petsc);
    // One rank repeats an index: not a permutation, on every rank.
    if r == last {
        app[0] = app[1];
    }
    let e = Ao::new_basic(&world, &app, None).unwrap_err().to_string();
    assert!(
        e.contains("not a permutation") && e.contains("appears twice"),
        "{e}"
    );
    let (_, app) = reversed(petsc);
    let e = Ao::new_basic(&world, &app, Some(&app[..2]))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("3 application indices but 2 PETSc indices") || e.contains("another rank"),
        "{e}"
    );
    let mut wide = app.clone();
    if r == 0 {
        wide[0] = n;
    }
    assert!(Ao::new_memory_scalable(&world, &wide, None).is_err());
    assert!(Ao::new_mapping(&world, &[-1, 2, 3], None).is_err());
    // An index past the ordering on one rank: `Err` everywhere, no hang.
    let ao = Ao::new_basic(&world, &app, None)?;
    let idx = if r == 0 { vec![n] } else { vec![0] };
    let e = ao.app2petsc(&idx).unwrap_err().to_string();
    if r == 0 {
        assert!(
            e.contains(&format!("index {n} is past the ordering of {n} indices")),
            "{e}"
        );
    } else {
        assert!(e.contains("another rank"), "{e}");
    }
    assert_eq!(ao.petsc2app(&[0])?, [n - 1]);
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("permutations", permutations).ranks(&[1, 2, 3]),
        Case::new("bad_input", bad_input).ranks(&[1, 2, 3]),
    ]
}
