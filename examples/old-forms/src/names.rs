//! Names: `create` constructors, `get_` getters, `get_type`, the typed `Options`
//! getters, `petsc::Ds`/`slepc::Ds`, as the first release spelled them.

use petsc::{
    Composite, Dm, DmInterpolation, DualSpace, Fe, FileMode, IndexSet, InsertMode, Ksp, KspType,
    LgMap, LgMapType, Mat, MatOption, MatPartitioning, MatType, Options, Partitioner, Plex,
    PlexTransform, Random, Scatter, Space, Stag, Swarm, Vector, Viewer,
};

fn check(ok: bool, what: &str) -> petsc::Result<()> {
    if ok {
        Ok(())
    } else {
        Err(petsc::Error::invalid("old-forms names", what.to_string()))
    }
}

pub fn run(petsc: &petsc::Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let me = petsc.self_comm();

    // `create` constructors.
    let _ = Options::create(petsc)?;
    let _ = Viewer::create(&world)?;
    let _ = MatPartitioning::create(&world)?;
    let _ = Stag::create(&world, 2)?;
    let _ = Composite::create(&world)?;
    let _ = DmInterpolation::create(&world)?;
    let _ = Dm::create(&world)?;
    let _ = Swarm::create(&world, 2)?;
    let plex = Plex::create(&world)?;
    let _ = PlexTransform::create(&plex)?;
    let _ = Partitioner::create(&world)?;
    let _ = petsc::DeviceContext::create(petsc);
    let _ = petsc::Device::create(petsc, petsc::DeviceType::Host, None)?;
    let _ = DualSpace::create(&world)?;
    let _ = Fe::create(&world)?;
    let _ = Space::create(&world)?;
    let _ = petsc::Ds::new(&world)?;
    let _ = slepc::Ds::create(&world)?;

    // `get_type` and the `get_` getters.
    let mut v = Vector::create(&world)?;
    v.set_sizes(None, Some(4))?;
    v.set_from_options()?;
    v.set_values(&[0, 1, 2, 3], &[1.0, 2.0, 3.0, 4.0], InsertMode::Insert)?;
    v.assemble()?;
    let range = v.ownership_range()?;
    let (lo, hi) = (range.start, range.end);
    let own: Vec<petsc::Int> = (lo..hi).collect();
    let got = v.get_values(&own)?;
    check(
        got.iter().zip(&own).all(|(x, &i)| *x == (i + 1) as f64),
        "Vector::get_values",
    )?;
    check(v.get_type()?.is_some(), "Vector::get_type")?;

    let mut a = Mat::create(&world)?;
    a.set_sizes(None, None, Some(4), Some(4))?;
    a.set_type(MatType::Aij)?;
    a.set_up()?;
    for i in lo..hi {
        a.set_values(&[i], &[i], &[2.0 * (i + 1) as f64], InsertMode::Insert)?;
    }
    a.assemble()?;
    check(a.get_type()?.is_some(), "Mat::get_type")?;
    check(
        a.get_values(&[lo], &[lo])? == vec![2.0 * (lo + 1) as f64],
        "Mat::get_values",
    )?;
    check(a.get_row(lo)?.cols() == [lo], "Mat::get_row")?;
    a.set_option(MatOption::NewNonzeroAllocationErr, true)?;
    let _ = a.get_option(MatOption::NewNonzeroAllocationErr)?;
    let (_, mut d) = a.create_vecs()?;
    a.get_diagonal(&mut d)?;
    let want: Vec<petsc::Scalar> = own.iter().map(|&i| (2 * (i + 1)) as f64).collect();
    check(d.get_values(&own)? == want, "Mat::get_diagonal")?;
    let f = a.get_factor("petsc", petsc::FactorType::Lu);
    check(world.size() > 1 || f.is_ok(), "Mat::get_factor")?;

    let mut ksp = Ksp::new(&world)?;
    ksp.set_type(KspType::Cg)?;
    check(ksp.get_type()? == Some(KspType::Cg), "Ksp::get_type")?;
    ksp.set_compute_singular_values(true)?;
    check(
        ksp.get_compute_singular_values()?,
        "Ksp::get_compute_singular_values",
    )?;
    let _ = ksp.get_compute_eigenvalues()?;
    // The inherent prefix setter reaches the preconditioner.
    ksp.set_options_prefix("names_")?;
    check(
        ksp.pc()?.options_prefix()? == "names_",
        "Ksp::set_options_prefix",
    )?;

    let is = IndexSet::new_general(&me, &[1, 2])?;
    check(
        is.get_type()? == petsc::IsType::General,
        "IndexSet::get_type",
    )?;
    let map = LgMap::new(&me, 1, &[5])?;
    check(map.get_type()? == LgMapType::Basic, "LgMap::get_type")?;
    let x = Vector::new_seq(&me, 2)?;
    let sc = Scatter::new(&x, None, &x, None)?;
    let _ = sc.get_type()?;

    let mut pack = Composite::create(&world)?;
    pack.add_dm(&petsc::Da::builder(&world, 1).sizes(4, 1, 1).build()?)?;
    check(pack.get_entries()?.len() == 1, "Composite::get_entries")?;
    check(
        pack.get_local_vectors()?.len() == 1,
        "Composite::get_local_vectors",
    )?;

    let mut r = Random::new(&me)?;
    let _ = r.get_value()?;
    let _ = r.get_value_real()?;
    check(r.get_values(3)?.len() == 3, "Random::get_values")?;

    let viewer = Viewer::ascii_stdout(&world)?;
    {
        let _sub = viewer.get_sub_viewer(&me)?;
    }
    let _ = FileMode::Read;

    // The typed `Options` getters.
    let o = petsc.options_with_prefix("names_");
    o.set_value("n", "7")?;
    o.set_value("x", "0.5")?;
    o.set_value("s", "1.5")?;
    o.set_value("b", "yes")?;
    o.set_value("t", "text")?;
    o.set_value("ni", "1,2")?;
    o.set_value("nr", "1,2.5")?;
    o.set_value("ns", "3")?;
    o.set_value("nb", "no,1")?;
    check(
        o.get_int("n")? == Some(7) && o.get_int_or("none", 3)? == 3,
        "get_int",
    )?;
    check(
        o.get_real("x")? == Some(0.5) && o.get_real_or("none", 2.0)? == 2.0,
        "get_real",
    )?;
    check(o.get_scalar("s")? == Some(1.5.into()), "get_scalar")?;
    check(
        o.get_bool("b")? == Some(true) && !o.get_bool_or("none", false)?,
        "get_bool",
    )?;
    check(o.get_string("t")?.as_deref() == Some("text"), "get_string")?;
    check(
        o.get_int_array("ni", 4)? == Some(vec![1, 2]),
        "get_int_array",
    )?;
    check(
        o.get_real_array("nr", 4)? == Some(vec![1.0, 2.5]),
        "get_real_array",
    )?;
    check(
        o.get_scalar_array("ns", 4)? == Some(vec![3.0.into()]),
        "get_scalar_array",
    )?;
    check(
        o.get_bool_array("nb", 4)? == Some(vec![false, true]),
        "get_bool_array",
    )?;
    check(o.get_int("t").is_err(), "get_int of text")?;
    for n in ["n", "x", "s", "b", "t", "ni", "nr", "ns", "nb"] {
        o.clear_value(n)?;
    }

    // A star forest composed with itself (the identity on this rank's one point).
    let mut sf = petsc::StarForest::new(&me)?;
    sf.set_graph(1, None, &[petsc::SfNode { rank: 0, index: 0 }])?;
    let twice = sf.compose(&sf)?;
    check(twice.graph()?.nroots == 1, "StarForest::compose")?;

    // SLEPc's dense solver.
    let mut ds = slepc::Ds::create(&me)?;
    ds.set_type(slepc::DsType::Hep)?;
    ds.allocate(3)?;
    ds.set_dimensions(3, 0, 0)?;
    {
        let m = ds.get_mat(slepc::DsMatType::A)?;
        let _ = m;
    }
    check(
        ds.get_type()? == Some(slepc::DsType::Hep),
        "slepc::Ds::get_type",
    )?;
    Ok(())
}
