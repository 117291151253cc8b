//! petsc4py's `test_dmswarm.py`, ported: fields of scalars, reals and complex numbers
//! on a basic swarm, vectors sharing them, moments; cell DMs; a particle-in-cell swarm
//! on one triangle, its points set, migrated and sorted by cell.

use petsc::{
    Complex, InsertMode, Int, Petsc, Plex, Real, Scalar, Swarm, SwarmData, SwarmFieldVec, SwarmType,
};
use petsc_tests::Case;

pub fn cases() -> Vec<Case> {
    const REAL: &str = "real scalars (PETSc up to 3.25 makes vectors of real fields only)";
    vec![
        Case::new("TestDMSwarm::testVectorFromField", vector_from_field)
            .requires(!cfg!(petsc_complex), REAL),
        Case::new(
            "TestDMSwarm::testVectorFromIncompatibleField",
            vector_from_incompatible_field,
        ),
        Case::new("TestDMSwarm::testVectorFromFields", vector_from_fields)
            .requires(cfg!(petsc_3_23), "PETSc 3.23")
            .requires(!cfg!(petsc_complex), REAL),
        Case::new(
            "TestDMSwarm::testVectorFromRealFields",
            vector_from_real_fields,
        )
        .requires(cfg!(petsc_3_23), "PETSc 3.23")
        .requires(
            !cfg!(petsc_complex),
            "real scalars (PETSc up to 3.25 reads a real field as scalars)",
        ),
        Case::new("TestDMSwarm::testVectorDefineField", vector_define_field)
            .requires(!cfg!(petsc_complex), REAL),
        Case::new("TestDMSwarm::testComputeMoments", compute_moments),
        Case::new(
            "TestDMSwarm::testComputeMomentsScalarWeights",
            compute_moments_scalar_weights,
        ),
        Case::new("TestCellDM::testCreateAndLookup", cell_dm_create_and_lookup)
            .requires(cfg!(petsc_3_24), "PETSc 3.24"),
        Case::new(
            "TestDMSwarmPIC::testPointCoordinateExtent",
            point_coordinate_extent,
        ),
        Case::new("TestDMSwarmPIC::testMigrate", migrate),
        Case::new(
            "TestDMSwarmSort::testGetPointsPerCellRestoresWorkArray",
            points_per_cell_restores_work_array,
        ),
    ]
}

/// A scalar `re + i im` (`re` in a real build), as `_scalar_values` makes them.
#[cfg(petsc_complex)]
fn sv(re: f64, im: f64) -> Scalar {
    Scalar::new(re, im)
}

/// A scalar `re + i im` (`re` in a real build), as `_scalar_values` makes them.
#[cfg(not(petsc_complex))]
fn sv(re: f64, _im: f64) -> Scalar {
    re
}

fn svs(re: &[f64], im: &[f64]) -> Vec<Scalar> {
    re.iter().zip(im).map(|(&r, &i)| sv(r, i)).collect()
}

/// `TestDMSwarm.setUp`: a basic swarm of two points with the six fields.
fn basic(petsc: &Petsc) -> petsc::Result<Swarm> {
    let mut swarm = Swarm::new(&petsc.self_comm(), 2)?;
    swarm.set_type(SwarmType::Basic)?;
    swarm.initialize_field_register()?;
    swarm.register_field::<Scalar>("field_a", 1)?;
    swarm.register_field::<Scalar>("field_b", 1)?;
    swarm.register_field::<Real>("field_real", 1)?;
    swarm.register_field::<Complex<Real>>("field_complex", 1)?;
    swarm.register_field::<Real>("coordinates", 2)?;
    swarm.register_field::<Real>("weights", 1)?;
    swarm.finalize_field_register()?;
    swarm.set_local_sizes(2, 0)?;
    Ok(swarm)
}

fn set_field<T: SwarmData>(sw: &Swarm, name: &str, values: &[T]) -> petsc::Result<()> {
    let mut field = sw.field_mut::<T>(name)?;
    field.copy_from_slice(values);
    Ok(())
}

fn get_field<T: SwarmData>(sw: &Swarm, name: &str) -> petsc::Result<Vec<T>> {
    Ok(sw.field::<T>(name)?.to_vec())
}

#[derive(Clone, Copy, Debug)]
enum Scope {
    Global,
    Local,
}

const SCOPES: [Scope; 2] = [Scope::Global, Scope::Local];

fn from_field<'a>(sw: &'a Swarm, scope: Scope, name: &str) -> petsc::Result<SwarmFieldVec<'a>> {
    match scope {
        Scope::Global => sw.create_global_vector_from_field(name),
        Scope::Local => sw.create_local_vector_from_field(name),
    }
}

fn vector_from_field(petsc: &Petsc) -> petsc::Result<()> {
    let sw = basic(petsc)?;
    for scope in SCOPES {
        let initial = svs(&[1.0, 2.0], &[2.0, 3.0]);
        let expected = svs(&[3.0, 4.0], &[4.0, 5.0]);
        set_field(&sw, "field_a", &initial)?;
        let mut vec = from_field(&sw, scope, "field_a")?;
        vec.view_mut()?.copy_from_slice(&expected);
        match scope {
            Scope::Global => sw.destroy_global_vector_from_field(vec)?,
            Scope::Local => sw.destroy_local_vector_from_field(vec)?,
        }
        assert_eq!(get_field::<Scalar>(&sw, "field_a")?, expected, "{scope:?}");
    }
    Ok(())
}

fn vector_from_incompatible_field(petsc: &Petsc) -> petsc::Result<()> {
    let sw = basic(petsc)?;
    let field = if cfg!(petsc_complex) {
        "field_real"
    } else {
        "field_complex"
    };
    for scope in SCOPES {
        assert!(from_field(&sw, scope, field).is_err(), "{scope:?}");
        // The field is not left lent.
        if cfg!(petsc_complex) {
            get_field::<Real>(&sw, field)?;
        } else {
            get_field::<Complex<Real>>(&sw, field)?;
        }
    }
    Ok(())
}

#[cfg(petsc_3_23)]
fn from_fields<'a>(
    sw: &'a Swarm,
    scope: Scope,
    names: &[&str],
) -> petsc::Result<SwarmFieldVec<'a>> {
    match scope {
        Scope::Global => sw.create_global_vector_from_fields(names),
        Scope::Local => sw.create_local_vector_from_fields(names),
    }
}

#[cfg(petsc_3_23)]
fn give_back_fields(sw: &Swarm, scope: Scope, vec: SwarmFieldVec<'_>) -> petsc::Result<()> {
    match scope {
        Scope::Global => sw.destroy_global_vector_from_fields(vec),
        Scope::Local => sw.destroy_local_vector_from_fields(vec),
    }
}

#[cfg(petsc_3_23)]
fn vector_from_fields(petsc: &Petsc) -> petsc::Result<()> {
    let sw = basic(petsc)?;
    let names = ["field_a", "field_b"];
    for scope in SCOPES {
        let initial_a = svs(&[1.0, 2.0], &[10.0, 20.0]);
        let initial_b = svs(&[3.0, 4.0], &[30.0, 40.0]);
        let initial = svs(&[1.0, 3.0, 2.0, 4.0], &[10.0, 30.0, 20.0, 40.0]);
        let updated = svs(&[5.0, 7.0, 6.0, 8.0], &[50.0, 70.0, 60.0, 80.0]);
        set_field(&sw, "field_a", &initial_a)?;
        set_field(&sw, "field_b", &initial_b)?;
        let mut vec = from_fields(&sw, scope, &names)?;
        assert_eq!(vec.view()?.to_vec(), initial, "{scope:?}");
        vec.view_mut()?.copy_from_slice(&updated);
        give_back_fields(&sw, scope, vec)?;
        assert_eq!(
            get_field::<Scalar>(&sw, "field_a")?,
            [updated[0], updated[2]]
        );
        assert_eq!(
            get_field::<Scalar>(&sw, "field_b")?,
            [updated[1], updated[3]]
        );
    }
    Ok(())
}

#[cfg(not(petsc_3_23))]
fn vector_from_fields(_: &Petsc) -> petsc::Result<()> {
    unreachable!("needs PETSc 3.23")
}

#[cfg(petsc_3_23)]
fn vector_from_real_fields(petsc: &Petsc) -> petsc::Result<()> {
    let sw = basic(petsc)?;
    let names = ["coordinates", "weights"];
    for scope in SCOPES {
        set_field::<Real>(&sw, "coordinates", &[1.0, 2.0, 3.0, 4.0])?;
        set_field::<Real>(&sw, "weights", &[5.0, 6.0])?;
        let mut vec = from_fields(&sw, scope, &names)?;
        let want: Vec<Scalar> = [1.0, 2.0, 5.0, 3.0, 4.0, 6.0].map(Scalar::from).to_vec();
        assert_eq!(vec.view()?.to_vec(), want, "{scope:?}");
        let values = svs(
            &[7.0, 8.0, 9.0, 10.0, 11.0, 12.0],
            &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        );
        vec.view_mut()?.copy_from_slice(&values);
        give_back_fields(&sw, scope, vec)?;
        assert_eq!(
            get_field::<Real>(&sw, "coordinates")?,
            [7.0, 8.0, 10.0, 11.0]
        );
        assert_eq!(get_field::<Real>(&sw, "weights")?, [9.0, 12.0]);
    }
    Ok(())
}

#[cfg(not(petsc_3_23))]
fn vector_from_real_fields(_: &Petsc) -> petsc::Result<()> {
    unreachable!("needs PETSc 3.23")
}

fn vector_define_field(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::DmBase;
    let mut sw = basic(petsc)?;
    for field in ["field_a", "weights"] {
        sw.vector_define_field(field)?;
        for scope in SCOPES {
            let vec = match scope {
                Scope::Global => sw.create_global_vector()?,
                Scope::Local => sw.create_local_vector()?,
            };
            assert_eq!(vec.size()?, 2, "{field} {scope:?}");
            assert_eq!(vec.block_size()?, 1, "{field} {scope:?}");
        }
    }
    Ok(())
}

fn compute_moments(petsc: &Petsc) -> petsc::Result<()> {
    let sw = basic(petsc)?;
    set_field::<Real>(&sw, "coordinates", &[1.0, 2.0, 3.0, 4.0])?;
    set_field::<Real>(&sw, "weights", &[2.0, 5.0])?;
    let moments = sw.compute_moments("coordinates", "weights")?;
    assert_eq!(moments, [7.0, 17.0, 24.0, 135.0]);
    Ok(())
}

fn compute_moments_scalar_weights(petsc: &Petsc) -> petsc::Result<()> {
    let sw = basic(petsc)?;
    set_field::<Real>(&sw, "coordinates", &[1.0, 2.0, 3.0, 4.0])?;
    set_field(&sw, "field_a", &svs(&[2.0, 5.0], &[7.0, 11.0]))?;
    let moments = sw.compute_moments("coordinates", "field_a")?;
    assert_eq!(moments, [7.0, 17.0, 24.0, 135.0]);
    Ok(())
}

#[cfg(petsc_3_24)]
fn cell_dm_create_and_lookup(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::{CellDm, Dm, Object};
    let c = petsc.self_comm();
    let mut dm = Dm::new(&c)?;
    dm.set_name("cell_dm")?;
    let cell = CellDm::new(&dm, &["field_a"], &["coordinate_a", "coordinate_b"])?;
    assert_eq!(cell.fields()?, ["field_a"]);
    assert_eq!(cell.coordinate_fields()?, ["coordinate_a", "coordinate_b"]);
    let mut swarm = Swarm::new(&c, 2)?;
    swarm.add_cell_dm(&cell)?;
    swarm.set_cell_dm_active("cell_dm")?;
    let found = swarm.cell_dm_by_name("cell_dm")?;
    assert_eq!(found.fields()?, ["field_a"]);
    Ok(())
}

#[cfg(not(petsc_3_24))]
fn cell_dm_create_and_lookup(_: &Petsc) -> petsc::Result<()> {
    unreachable!("needs PETSc 3.24")
}

/// `BaseTestDMSwarmPIC.setUp`: one triangle, and a particle-in-cell swarm of one point
/// over it.
fn pic(petsc: &Petsc) -> petsc::Result<(Plex, Swarm)> {
    let c = petsc.self_comm();
    let plex = Plex::from_cell_list(
        &c,
        2,
        3,
        &[0, 1, 2],
        2,
        &[0.0, 0.0, 1.0, 0.0, 0.0, 1.0],
        true,
    )?;
    let mut swarm = Swarm::new(&c, 2)?;
    swarm.set_type(SwarmType::Pic)?;
    swarm.set_cell_dm(&plex)?;
    swarm.finalize_field_register()?;
    swarm.set_local_sizes(1, 0)?;
    Ok((plex, swarm))
}

/// The field of the points' coordinates in the active cell DM.
fn coordinate_field(swarm: &Swarm) -> petsc::Result<String> {
    #[cfg(petsc_3_24)]
    {
        Ok(swarm.cell_dm_active()?.coordinate_fields()?[0].clone())
    }
    #[cfg(not(petsc_3_24))]
    {
        let _ = swarm;
        Ok(Swarm::COORDINATES.to_string())
    }
}

/// The field of the points' cells in the active cell DM.
fn cell_id_field(swarm: &Swarm) -> petsc::Result<String> {
    #[cfg(petsc_3_24)]
    {
        swarm.cell_dm_active()?.cell_id()
    }
    #[cfg(not(petsc_3_24))]
    {
        let _ = swarm;
        Ok(Swarm::CELL_ID.to_string())
    }
}

fn point_coordinate_extent(petsc: &Petsc) -> petsc::Result<()> {
    let (_plex, mut swarm) = pic(petsc)?;
    let e = swarm
        .set_point_coordinates(&[0.25], false, InsertMode::Insert)
        .expect_err("one coordinate for two dimensions");
    assert!(e.to_string().contains("2 dimensions"), "{e}");
    swarm.set_point_coordinates(&[0.25, 0.25], false, InsertMode::Insert)?;
    assert_eq!(swarm.local_size()?, 1);
    let name = coordinate_field(&swarm)?;
    let coordinates = get_field::<Real>(&swarm, &name)?;
    assert!(
        coordinates
            .iter()
            .zip([0.25, 0.25])
            .all(|(a, b)| (a - b).abs() <= 1e-7 * b),
        "{coordinates:?}"
    );
    Ok(())
}

fn migrate(petsc: &Petsc) -> petsc::Result<()> {
    let (_plex, mut swarm) = pic(petsc)?;
    swarm.set_point_coordinates(&[0.25, 0.25], false, InsertMode::Insert)?;
    swarm.migrate(false)?;
    assert_eq!(swarm.local_size()?, 1);
    Ok(())
}

fn points_per_cell_restores_work_array(petsc: &Petsc) -> petsc::Result<()> {
    let (plex, mut swarm) = pic(petsc)?;
    let c_start = plex.height_stratum(0)?.start;
    let cell_id = cell_id_field(&swarm)?;
    swarm.field_mut::<Int>(&cell_id)?[0] = c_start;
    swarm.sort_get_access()?;
    let got = (|| {
        let first = swarm.sort_get_points_per_cell(c_start)?;
        let second = swarm.sort_get_points_per_cell(c_start)?;
        Ok::<_, petsc::Error>((first, second))
    })();
    swarm.sort_restore_access()?;
    let (first, second) = got?;
    assert_eq!(first, second);
    assert_eq!(first.len(), 1);
    Ok(())
}
