//! `Plex` output and ordering: meshes and fields saved to HDF5 and loaded back at 1, 2
//! and 3 ranks (the same cells, vertices and coordinates, and each field value still on
//! its vertex or cell), `DMView`/`VecView`/`DMLoad` in PETSc's and XDMF's formats,
//! `-dm_view hdf5:...`/`-vec_view hdf5:...::append` through the options database, the
//! `.xmf` file PETSc's own script makes, VTK `.vtu` files at 1 and 2 ranks, the natural
//! ordering against the serial mesh, and bad input as `Err`s that name the fault.

use petsc::mpi::collective::SystemOperation;
use petsc::mpi::traits::*;
use petsc::{
    Complex, DmBase, FileMode, Hdf5Viewer, InsertMode, Int, Object, Petsc, Plex, Scalar, Vector,
    Viewer, ViewerFormat,
};
use petsc_tests::Case;

fn re(x: impl Into<Complex<f64>>) -> f64 {
    x.into().re
}

fn err_text<T: std::fmt::Debug>(r: petsc::Result<T>) -> String {
    r.unwrap_err().to_string()
}

/// A folder for this case's files, the same on every rank, removed by [`Dir::drop`].
struct Dir {
    path: std::path::PathBuf,
    petsc: Petsc,
}

impl Dir {
    fn new(petsc: &Petsc, case: &str) -> Dir {
        let world = petsc.mpi_world();
        let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("plex_io-{case}-n{}", world.size()));
        if world.rank() == 0 {
            std::fs::remove_dir_all(&path).ok();
            std::fs::create_dir_all(&path).unwrap();
        }
        world.barrier();
        Dir {
            path,
            petsc: petsc.clone(),
        }
    }

    fn file(&self, name: &str) -> String {
        self.path.join(name).to_str().unwrap().to_owned()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let world = self.petsc.mpi_world();
        world.barrier();
        if world.rank() == 0 {
            std::fs::remove_dir_all(&self.path).ok();
        }
    }
}

/// A 4 x 3 box of quadrilaterals on [0, 4] x [0, 3], made on the first rank.
fn boxmesh(comm: &petsc::Comm) -> petsc::Result<Plex> {
    let mut m = Plex::create_box_mesh(
        comm,
        2,
        false,
        Some(&[4, 3]),
        None,
        Some(&[4.0, 3.0]),
        None,
        true,
    )?;
    // Debian's 64-bit-index PETSc 3.18 crashes in its default partitioner.
    if cfg!(petsc_int64) {
        m.set_partitioner_type("simple")?;
    }
    Ok(m)
}

fn distributed(mesh: Plex) -> petsc::Result<Plex> {
    Ok(match mesh.distribute(0)? {
        Some((p, _)) => p,
        None => mesh,
    })
}

/// The points of `range` this rank owns (not leaves of the point SF).
fn owned(plex: &Plex, range: std::ops::Range<Int>) -> petsc::Result<Vec<Int>> {
    let leaves = match plex.point_sf()? {
        Some(sf) => match sf.graph() {
            Ok(g) => match g.leaves {
                Some(l) => l,
                None => (0..g.remotes.len() as Int).collect(),
            },
            Err(_) => Vec::new(),
        },
        None => Vec::new(),
    };
    Ok(range.filter(|p| !leaves.contains(p)).collect())
}

fn sum_i64(petsc: &Petsc, x: i64) -> i64 {
    let mut s = 0i64;
    petsc
        .mpi_world()
        .all_reduce_into(&x, &mut s, SystemOperation::sum());
    s
}

/// The coordinates of each vertex of this rank, by point.
fn vertex_coords(mesh: &Plex) -> petsc::Result<Vec<(Int, [f64; 2])>> {
    let cs = mesh.coordinate_section()?.unwrap();
    let c = mesh.coordinates_local()?;
    let c = c.view()?;
    let mut out = Vec::new();
    for p in mesh.depth_stratum(0)? {
        let o = cs.offset(p)? as usize;
        out.push((p, [re(c[o]), re(c[o + 1])]));
    }
    Ok(out)
}

/// The centroid of cell `p`: the mean of its vertices.
fn centroid(mesh: &Plex, coords: &[(Int, [f64; 2])], p: Int) -> petsc::Result<[f64; 2]> {
    let vs = mesh.depth_stratum(0)?;
    let mut s = [0.0, 0.0];
    let mut n = 0.0;
    for q in mesh.closure(p)? {
        if vs.contains(&q) {
            let x = coords.iter().find(|(v, _)| *v == q).unwrap().1;
            s[0] += x[0];
            s[1] += x[1];
            n += 1.0;
        }
    }
    Ok([s[0] / n, s[1] / n])
}

fn field(x: [f64; 2]) -> f64 {
    x[0] + 10.0 * x[1]
}

/// The coordinates of the vertices each rank owns, gathered on every rank and sorted.
fn all_owned_coords(petsc: &Petsc, mesh: &Plex) -> petsc::Result<Vec<[i64; 2]>> {
    let coords = vertex_coords(mesh)?;
    let own = owned(mesh, mesh.depth_stratum(0)?)?;
    let mine: Vec<Scalar> = coords
        .iter()
        .filter(|(p, _)| own.contains(p))
        .flat_map(|(_, x)| [Scalar::from(x[0]), Scalar::from(x[1])])
        .collect();
    let mut v = Vector::new_mpi(&petsc.world(), Some(mine.len() as Int), None)?;
    v.view_mut()?.copy_from_slice(&mine);
    let all = v.to_all()?;
    let all = all.view()?;
    let mut out: Vec<[i64; 2]> = all
        .chunks(2)
        .map(|c| {
            [
                (re(c[0]) * 1e6).round() as i64,
                (re(c[1]) * 1e6).round() as i64,
            ]
        })
        .collect();
    out.sort();
    Ok(out)
}

/// A clone of `mesh` named `name` laid out with `dofs` per depth.
fn section_dm(mesh: &Plex, name: &str, dofs: &[Int]) -> petsc::Result<Plex> {
    let mut s = mesh.clone_dm()?;
    s.set_name(name)?;
    s.set_local_section(&s.create_section(dofs)?)?;
    Ok(s)
}

/// Fills the local vector `l` of `sdm` with `field` at its vertices (`cells = false`)
/// or cell centroids.
fn fill(mesh: &Plex, sdm: &Plex, l: &mut Vector, cells: bool) -> petsc::Result<()> {
    let coords = vertex_coords(mesh)?;
    let s = sdm.local_section()?.unwrap();
    let mut w = l.view_mut()?;
    if cells {
        for p in mesh.height_stratum(0)? {
            w[s.offset(p)? as usize] = Scalar::from(field(centroid(mesh, &coords, p)?));
        }
    } else {
        for (p, x) in &coords {
            w[s.offset(*p)? as usize] = Scalar::from(field(*x));
        }
    }
    Ok(())
}

/// How many entries of the local vector `l` of `sdm` differ from `field` at their
/// vertex or cell centroid.
fn wrong(mesh: &Plex, sdm: &Plex, l: &Vector, cells: bool) -> petsc::Result<usize> {
    let coords = vertex_coords(mesh)?;
    let s = sdm.local_section()?.unwrap();
    let r = l.view()?;
    let mut bad = 0;
    let points: Vec<(Int, [f64; 2])> = if cells {
        mesh.height_stratum(0)?
            .map(|p| Ok((p, centroid(mesh, &coords, p)?)))
            .collect::<petsc::Result<_>>()?
    } else {
        coords.clone()
    };
    for (p, x) in points {
        if (re(r[s.offset(p)? as usize]) - field(x)).abs() > 1e-12 {
            bad += 1;
        }
    }
    Ok(bad)
}

/// A distributed mesh with a vertex field and a cell field saved piece by piece
/// (topology, coordinates, labels, sections, global and local vectors) and loaded back
/// on the same number of ranks, distributed again: the same numbers of cells and
/// vertices, the same coordinates, and every value on its vertex or cell.
fn hdf5_round_trip(petsc: &Petsc) -> petsc::Result<()> {
    let comm = petsc.world();
    let dir = Dir::new(petsc, "pieces");
    let path = dir.file("mesh.h5");
    let mut mesh = distributed(boxmesh(&comm)?)?;
    mesh.set_name("box")?;
    let p1 = section_dm(&mesh, "P1", &[1, 0, 0])?;
    let p0 = section_dm(&mesh, "P0", &[0, 0, 1])?;
    let mut u = p1.create_global_vector()?;
    let mut c = p0.create_global_vector()?;
    u.set_name("u")?;
    c.set_name("c")?;
    for (sdm, v, cells) in [(&p1, &mut u, false), (&p0, &mut c, true)] {
        let mut l = sdm.create_local_vector()?;
        fill(&mesh, sdm, &mut l, cells)?;
        sdm.local_to_global(&l, InsertMode::Insert, v)?;
    }
    let mut ul = p1.create_local_vector()?;
    ul.set_name("ul")?;
    fill(&mesh, &p1, &mut ul, false)?;
    {
        let h5 = Hdf5Viewer::new(&comm, &path, FileMode::Write)?;
        mesh.topology_view(&h5)?;
        mesh.coordinates_view(&h5)?;
        mesh.labels_view(&h5)?;
        mesh.section_view(&h5, &p1)?;
        mesh.section_view(&h5, &p0)?;
        mesh.global_vector_view(&h5, &p1, &u)?;
        mesh.global_vector_view(&h5, &p0, &c)?;
        mesh.local_vector_view(&h5, &p1, &ul)?;
    }

    let h5 = Hdf5Viewer::new(&comm, &path, FileMode::Read)?;
    let mut back = boxless(&comm)?;
    back.set_name("box")?;
    let sf_xb = back.topology_load(&h5)?;
    // PETSc 3.18 saves in its storage version 1, whose coordinates and labels are
    // read into the naive layout, before distribution.
    back.coordinates_load(&h5, &sf_xb)?;
    back.labels_load(&h5, &sf_xb)?;
    // Then a real distribution: the forest follows.
    let (mut back, sf_xc) = match back.distribute(0)? {
        Some((p, sf_bc)) => (p, sf_xb.compose_with(&sf_bc)?),
        None => (back, sf_xb),
    };
    back.set_name("box")?;
    assert!(back.label("marker")?.is_some());

    // The same mesh: cell and vertex counts, and the set of coordinates.
    let count = |m: &Plex, h: bool| -> petsc::Result<i64> {
        let r = if h {
            m.height_stratum(0)?
        } else {
            m.depth_stratum(0)?
        };
        Ok(owned(m, r)?.len() as i64)
    };
    assert_eq!(sum_i64(petsc, count(&back, true)?), 12);
    assert_eq!(sum_i64(petsc, count(&back, false)?), 20);
    assert_eq!(
        all_owned_coords(petsc, &back)?,
        all_owned_coords(petsc, &mesh)?
    );

    // The fields: each value on its vertex or cell, as global and as local vectors.
    for (name, vec, cells) in [("P1", "u", false), ("P0", "c", true)] {
        let mut sdm = back.clone_dm()?;
        sdm.set_name(name)?;
        let (gsf, lsf) = back.section_load(&h5, &mut sdm, &sf_xc)?;
        let mut g = sdm.create_global_vector()?;
        g.set_name(vec)?;
        back.global_vector_load(&h5, &sdm, &gsf, &mut g)?;
        let mut l = sdm.create_local_vector()?;
        sdm.global_to_local(&g, InsertMode::Insert, &mut l)?;
        assert_eq!(wrong(&back, &sdm, &l, cells)?, 0, "{vec}");
        if !cells {
            let mut l2 = sdm.create_local_vector()?;
            l2.set_name("ul")?;
            back.local_vector_load(&h5, &sdm, &lsf, &mut l2)?;
            assert_eq!(wrong(&back, &sdm, &l2, false)?, 0, "ul");
            // Wrong forests are refused: the local one for a global vector is too long
            // wherever ghosts exist, and the point forest is no file-to-mesh forest.
            let mut g2 = sdm.create_global_vector()?;
            g2.set_name("u")?;
            let e = back.global_vector_load(&h5, &sdm, &lsf, &mut g2);
            if comm.size() > 1 {
                // With ghosts the local forest writes past the global vector somewhere.
                let bad = sum_i64(petsc, e.is_err() as i64);
                assert!(bad == 0 || bad == comm.size() as i64);
            }
            // A vector of another name is not in the file.
            let mut g3 = sdm.create_global_vector()?;
            g3.set_name("nope")?;
            let e = err_text(back.global_vector_load(&h5, &sdm, &gsf, &mut g3));
            assert!(
                e.contains("vector of this name") && e.contains("nope"),
                "{e}"
            );
            // A vector of another layout.
            let mut short = Vector::new_mpi(&comm, Some(0), None)?;
            short.set_name("u")?;
            let e = back.global_vector_load(&h5, &sdm, &gsf, &mut short);
            assert!(err_text(e).contains("local entries"));
        }
    }
    Ok(())
}

/// An empty mesh on `comm`, to load into.
fn boxless(comm: &petsc::Comm) -> petsc::Result<Plex> {
    let mut m = Plex::new(comm)?;
    if cfg!(petsc_int64) {
        m.set_partitioner_type("simple")?;
    }
    Ok(m)
}

/// Gives `mesh` one value per vertex, in one field named `name` (PETSc's VTU and
/// XDMF writers name the data after the section's fields).
fn vertex_field(mesh: &mut Plex, name: &str) -> petsc::Result<()> {
    let mut s = petsc::Section::new(&mesh.comm())?;
    s.set_num_fields(1)?;
    s.set_field_name(0, name)?;
    let chart = mesh.chart()?;
    s.set_chart(chart.start, chart.end)?;
    for p in mesh.depth_stratum(0)? {
        s.set_dof(p, 1)?;
        s.set_field_dof(p, 0, 1)?;
    }
    s.set_up()?;
    mesh.set_num_fields(1)?;
    mesh.set_local_section(&s)
}

/// `DMView`/`VecView` to HDF5 in PETSc's format and XDMF's, `DMLoad` and `VecLoad`
/// back, `-dm_view hdf5:...` and `-vec_view hdf5:...::append`, and the `.xmf` file of
/// PETSc's `petsc_gen_xdmf.py` where Python has h5py.
fn hdf5_view_load(petsc: &Petsc) -> petsc::Result<()> {
    let comm = petsc.world();
    let dir = Dir::new(petsc, "view");
    let mut mesh = distributed(boxmesh(&comm)?)?;
    mesh.set_name("box")?;
    vertex_field(&mut mesh, "temperature")?;
    // PETSc 3.22 inserts boundary values when it writes a global vector, which needs the
    // mesh's discrete system even without boundary conditions.
    if cfg!(petsc_3_22) {
        mesh.create_ds()?;
    }
    let mut l = mesh.create_local_vector()?;
    fill(&mesh, &mesh, &mut l, false)?;
    let mut u = mesh.create_global_vector()?;
    mesh.local_to_global(&l, InsertMode::Insert, &mut u)?;
    u.set_name("u")?;
    let total = u.sum()?;

    for xdmf in [false, true] {
        let path = dir.file(if xdmf { "xdmf.h5" } else { "petsc.h5" });
        {
            let h5 = Hdf5Viewer::new(&comm, &path, FileMode::Write)?;
            if xdmf {
                let _f = h5.push_format(ViewerFormat::Hdf5Xdmf)?;
                mesh.view_with(&h5)?;
                {
                    let _v = h5.push_format(ViewerFormat::Hdf5Viz)?;
                    u.view_with(&h5)?;
                }
                // PETSc 3.22 writes a vector viewed for visualization under
                // /vertex_fields only (the copy under /fields, which loads back, only for
                // the storage version 1.1.0): a view in the plain format adds it.
                if cfg!(petsc_3_22) {
                    u.view_with(&h5)?;
                }
            } else {
                mesh.view_with(&h5)?;
                u.view_with(&h5)?;
            }
        }
        let h5 = Hdf5Viewer::new(&comm, &path, FileMode::Read)?;
        let _f = if xdmf {
            Some(h5.push_format(ViewerFormat::Hdf5Xdmf)?)
        } else {
            None
        };
        let mut back = boxless(&comm)?;
        back.set_name("box")?;
        back.load(&h5)?;
        let n = |h: bool| -> petsc::Result<i64> {
            let r = if h {
                back.height_stratum(0)?
            } else {
                back.depth_stratum(0)?
            };
            Ok(owned(&back, r)?.len() as i64)
        };
        assert_eq!(sum_i64(petsc, n(true)?), 12);
        assert_eq!(sum_i64(petsc, n(false)?), 20);
        assert_eq!(
            all_owned_coords(petsc, &back)?,
            all_owned_coords(petsc, &mesh)?
        );
        // The vector read through the mesh: the same values in all.
        let dofs = [1, 0, 0];
        back.set_local_section(&back.create_section(&dofs[..(back.depth()? + 1) as usize])?)?;
        let mut v = back.create_global_vector()?;
        v.set_name("u")?;
        back.load_vector(&h5, &mut v)?;
        assert!((re(v.sum()?) - re(total)).abs() < 1e-9);
        let mut w = back.create_global_vector()?;
        w.set_name("absent")?;
        let e = err_text(back.load_vector(&h5, &mut w));
        assert!(e.contains("absent"), "{e}");
        drop(_f);

        if xdmf {
            xdmf_script(&comm, &path);
        }
    }

    // The options database: -dm_view and -vec_view to one HDF5 file.
    let path = dir.file("options.h5");
    mesh.set_options_prefix("io_")?;
    u.set_options_prefix("io_")?;
    let o = petsc.options();
    o.set_value("-io_dm_view", &format!("hdf5:{path}"))?;
    o.set_value("-io_vec_view", &format!("hdf5:{path}::append"))?;
    mesh.view_from_options(None, "-dm_view")?;
    u.view_from_options(None, "-vec_view")?;
    o.clear_value("-io_dm_view")?;
    o.clear_value("-io_vec_view")?;
    let h5 = Hdf5Viewer::new(&comm, &path, FileMode::Read)?;
    assert!(h5.has_group("/topology")? || h5.has_group("/topologies/box")?);
    assert!(h5.has_group("/geometry")?);
    assert!(h5.has_dataset("/fields/u")?);
    drop(h5);
    // The XDMF format and a VTU file, named in the option.
    let xdmf = dir.file("options-xdmf.h5");
    let vtu = dir.file("options.vtu");
    o.set_value("-io_dm_view", &format!("hdf5:{xdmf}:hdf5_xdmf"))?;
    mesh.view_from_options(None, "-dm_view")?;
    o.set_value("-io_dm_view", &format!("vtk:{vtu}:vtk_vtu"))?;
    mesh.view_from_options(None, "-dm_view")?;
    o.clear_value("-io_dm_view")?;
    let h5 = Hdf5Viewer::new(&comm, &xdmf, FileMode::Read)?;
    assert!(h5.has_group("/viz/topology")?);
    comm.barrier()?;
    let text = String::from_utf8_lossy(&std::fs::read(&vtu).unwrap()).into_owned();
    assert!(text.contains("<UnstructuredGrid>"), "{text}");
    Ok(())
}

/// Runs PETSc's `petsc_gen_xdmf.py` on `h5` (on the first rank) if a Python with h5py
/// is found, and checks the `.xmf` file names the mesh's datasets and the field.
fn xdmf_script(comm: &petsc::Comm, h5: &str) {
    let Some(script) = petsc_tests::petsc_share("lib/petsc/bin/petsc_gen_xdmf.py") else {
        petsc_tests::skip("the XDMF script: no petsc_gen_xdmf.py");
        return;
    };
    if comm.rank() != 0 {
        return;
    }
    let python = ["/usr/bin/python3", "python3"].into_iter().find(|p| {
        std::process::Command::new(p)
            .args(["-c", "import h5py"])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let Some(python) = python else {
        assert!(
            std::env::var_os("PETSC_RS_REQUIRE_EXAMPLES").is_none(),
            "no Python with h5py for petsc_gen_xdmf.py: install python3-h5py \
             (ci/install-deps.sh --variants does)"
        );
        petsc_tests::skip("the XDMF script: no Python with h5py for petsc_gen_xdmf.py");
        return;
    };
    let out = std::process::Command::new(python)
        .arg(&script)
        .arg(h5)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let xmf = h5.strip_suffix(".h5").unwrap().to_owned() + ".xmf";
    let text = std::fs::read_to_string(&xmf).unwrap();
    for s in [
        "/viz/topology/cells",
        "/geometry/vertices",
        "Quadrilateral",
        "NumberOfElements=\"12\"",
        "/vertex_fields/u_temperature",
    ] {
        assert!(text.contains(s), "{s} not in {text}");
    }
}

/// VTK: the mesh and a vertex field in one `.vtu` file, at 1 and 2 ranks: the XML
/// header and its piece sizes.
fn vtk_output(petsc: &Petsc) -> petsc::Result<()> {
    let comm = petsc.world();
    let dir = Dir::new(petsc, "vtk");
    let mut mesh = distributed(boxmesh(&comm)?)?;
    vertex_field(&mut mesh, "height")?;
    let mut l = mesh.create_local_vector()?;
    fill(&mesh, &mesh, &mut l, false)?;
    let mut u = mesh.create_global_vector()?;
    mesh.local_to_global(&l, InsertMode::Insert, &mut u)?;
    u.set_name("u")?;
    let path = dir.file("mesh.vtu");
    {
        let vtk = Viewer::new_vtk(&comm, &path, FileMode::Write)?;
        mesh.view_with(&vtk)?;
        u.view_with(&vtk)?;
    }
    let f = petsc::take_destroy_failures();
    assert!(f.is_empty(), "{f:?}");
    comm.barrier()?;
    let bytes = std::fs::read(&path).unwrap();
    // The XML part ends where the raw appended data begins.
    let end = bytes
        .windows(b"<AppendedData".len())
        .position(|w| w == b"<AppendedData")
        .unwrap_or(bytes.len());
    let head = String::from_utf8(bytes[..end].to_vec()).expect("the XML part is UTF-8");
    assert!(head.starts_with("<?xml"), "{head}");
    assert!(
        head.contains("<VTKFile type=\"UnstructuredGrid\""),
        "{head}"
    );
    assert!(String::from_utf8_lossy(&bytes)
        .trim_end()
        .ends_with("</VTKFile>"));
    let numbers = |key: &str| -> Vec<i64> {
        head.match_indices(key)
            .map(|(i, _)| {
                let rest = &head[i + key.len()..];
                rest[..rest.find('"').unwrap()].parse().unwrap()
            })
            .collect()
    };
    let cells = numbers("NumberOfCells=\"");
    let points = numbers("NumberOfPoints=\"");
    // One piece per rank, cells split between them; shared vertices in each piece.
    assert_eq!(cells.len(), comm.size() as usize, "{head}");
    assert_eq!(cells.iter().sum::<i64>(), 12, "{head}");
    if comm.size() == 1 {
        assert_eq!(points, [20]);
    } else {
        assert!(points.iter().sum::<i64>() >= 20);
    }
    assert_eq!(head.matches("<Piece").count(), comm.size() as usize);
    assert!(head.contains("Name=\"u"), "{head}");
    assert!(head.contains("height"), "{head}");
    Ok(())
}

/// The natural ordering: a field set from coordinates on the distributed mesh, copied
/// to natural order, equals the same field on the serial mesh in its own order, at 1, 2
/// and 3 ranks; natural to global and back is the identity.
fn natural(petsc: &Petsc) -> petsc::Result<()> {
    let comm = petsc.world();
    // Two values per vertex: x + 10 y and 100 + x.
    let values = |x: [f64; 2]| [field(x), 100.0 + x[0]];
    let setup = |m: &mut Plex| -> petsc::Result<()> {
        m.set_num_fields(1)?;
        let s = m.create_section(&[2, 0, 0])?;
        m.set_local_section(&s)
    };
    let fill2 = |m: &Plex, l: &mut Vector| -> petsc::Result<()> {
        let coords = vertex_coords(m)?;
        let s = m.local_section()?.unwrap();
        let mut w = l.view_mut()?;
        for (p, x) in coords {
            let o = s.offset(p)? as usize;
            let v = values(x);
            w[o] = Scalar::from(v[0]);
            w[o + 1] = Scalar::from(v[1]);
        }
        Ok(())
    };
    // The serial mesh in its own order.
    let mut serial = boxmesh(&petsc.self_comm())?;
    setup(&mut serial)?;
    let mut sl = serial.create_local_vector()?;
    fill2(&serial, &mut sl)?;
    let expected: Vec<f64> = sl.view()?.iter().map(|x| re(*x)).collect();

    let mut mesh = boxmesh(&comm)?;
    setup(&mut mesh)?;
    mesh.set_use_natural(true)?;
    let mesh = distributed(mesh)?;
    assert_eq!(mesh.global_to_natural_sf()?.is_some(), comm.size() > 1);
    let mut l = mesh.create_local_vector()?;
    fill2(&mesh, &mut l)?;
    let mut g = mesh.create_global_vector()?;
    mesh.local_to_global(&l, InsertMode::Insert, &mut g)?;
    let mut n = mesh.create_natural_vector()?;
    assert_eq!(n.size()?, 40);
    mesh.global_to_natural(&g, &mut n)?;
    let all: Vec<f64> = n.to_all()?.view()?.iter().map(|x| re(*x)).collect();
    assert_eq!(all, expected);

    // Back: natural to global is the identity on the global vector.
    let mut g2 = mesh.create_global_vector()?;
    let pending = mesh.natural_to_global_begin(&n, &mut g2)?;
    mesh.natural_to_global_end(pending)?;
    assert_eq!(
        g2.view()?.iter().map(|x| re(*x)).collect::<Vec<_>>(),
        g.view()?.iter().map(|x| re(*x)).collect::<Vec<_>>()
    );
    // And global to natural again gives the same natural vector.
    let mut n2 = mesh.create_natural_vector()?;
    let pending = mesh.global_to_natural_begin(&g2, &mut n2)?;
    pending.end()?;
    assert_eq!(
        n2.view()?.iter().map(|x| re(*x)).collect::<Vec<_>>(),
        n.view()?.iter().map(|x| re(*x)).collect::<Vec<_>>()
    );
    // A completion of the other direction is refused (and the copy completed).
    let pending = mesh.global_to_natural_begin(&g2, &mut n2)?;
    let e = err_text(mesh.natural_to_global_end(pending));
    assert!(e.contains("other direction"), "{e}");

    // Vectors of the wrong layout.
    let mut bad = Vector::new_mpi(&comm, Some(1), None)?;
    let e = err_text(mesh.global_to_natural(&g, &mut bad));
    assert!(e.contains("natural vector"), "{e}");
    let e = err_text(mesh.natural_to_global(&n, &mut bad));
    assert!(e.contains("global vector"), "{e}");

    // Not asked for before distribution: an Err on every rank (one rank needs no map).
    let mut plain = boxmesh(&comm)?;
    setup(&mut plain)?;
    let before = plain.local_section()?.unwrap();
    let (mut plain, migration) = match plain.distribute(0)? {
        Some((p, sf)) => (p, Some(sf)),
        None => (plain, None),
    };
    setup(&mut plain)?;
    if let Some(sf) = &migration {
        // Made afterwards, the map moves this mesh's global values into the natural
        // order as PETSc's own map did for the other mesh.
        let made = plain.create_global_to_natural_sf(&before, sf)?;
        let mut pl = plain.create_local_vector()?;
        fill2(&plain, &mut pl)?;
        let mut pg = plain.create_global_vector()?;
        plain.local_to_global(&pl, InsertMode::Insert, &mut pg)?;
        let roots: Vec<Scalar> = pg.view()?.to_vec();
        let mut leaves = vec![Scalar::from(0.0); n.local_size()? as usize];
        made.bcast(&roots, &mut leaves, petsc::SfOp::Replace)?;
        assert_eq!(leaves, n.view()?.to_vec());
        let e = err_text(plain.create_global_to_natural_sf(&plain.local_section()?.unwrap(), sf));
        assert!(e.contains("migration's roots"), "{e}");
    }
    let r = plain.create_natural_vector();
    if comm.size() > 1 {
        let e = err_text(r);
        assert!(e.contains("set_use_natural"), "{e}");
        let g = plain.create_global_vector()?;
        let mut x = g.duplicate()?;
        let e = err_text(plain.global_to_natural(&g, &mut x));
        assert!(e.contains("set_use_natural"), "{e}");
    } else {
        let mut x = r?;
        let mut g = plain.create_global_vector()?;
        g.set(3.0)?;
        plain.global_to_natural(&g, &mut x)?;
        assert_eq!(re(x.sum()?), 120.0);
    }
    Ok(())
}

/// Bad input to the HDF5 pieces: wrong modes, names, meshes, section DMs and forests.
fn hdf5_bad_input(petsc: &Petsc) -> petsc::Result<()> {
    let comm = petsc.world();
    let dir = Dir::new(petsc, "bad");
    let path = dir.file("bad.h5");
    let mut mesh = distributed(boxmesh(&comm)?)?;
    mesh.set_name("box")?;
    let p1 = section_dm(&mesh, "P1", &[1, 0, 0])?;
    {
        let h5 = Hdf5Viewer::new(&comm, &path, FileMode::Write)?;
        mesh.topology_view(&h5)?;
        mesh.coordinates_view(&h5)?;
        mesh.labels_view(&h5)?;
        mesh.section_view(&h5, &p1)?;
        // Loading from a file opened for writing.
        let mut m = boxless(&comm)?;
        let e = err_text(m.topology_load(&h5));
        assert!(
            e.contains("for writing") && e.contains("FileMode::Read"),
            "{e}"
        );
        // A section DM of another mesh.
        let other = section_dm(&distributed(boxmesh(&comm)?)?, "Q", &[1, 0, 0])?;
        let e = mesh.section_view(&h5, &other);
        assert!(e.is_err());
        // A vector of the wrong size.
        let short = Vector::new_mpi(&comm, Some(1), None)?;
        let e = err_text(mesh.global_vector_view(&h5, &p1, &short));
        assert!(e.contains("local entries"), "{e}");
    }
    let h5 = Hdf5Viewer::new(&comm, &path, FileMode::Read)?;
    // Saving to a file opened for reading.
    let e = err_text(mesh.topology_view(&h5));
    assert!(e.contains("for reading"), "{e}");
    // A mesh that has points already.
    let mut full = boxmesh(&comm)?;
    let e = err_text(full.topology_load(&h5));
    // The box is made on the first rank; the others see its refusal.
    if full.chart()?.is_empty() {
        assert!(e.contains("another rank"), "{e}");
    } else {
        assert!(e.contains("already has the points"), "{e}");
    }
    // A forest that is not the file-to-mesh one: the point SF, or an empty one.
    let mut back = boxless(&comm)?;
    back.set_name("box")?;
    let sf = back.topology_load(&h5)?;
    let empty = petsc::StarForest::new(&comm)?;
    let mut e2 = petsc::StarForest::new(&comm)?;
    e2.set_graph(0, None, &[])?;
    let r = back.coordinates_load(&h5, &e2);
    let has_points = !back.chart()?.is_empty();
    let failed = sum_i64(petsc, r.is_err() as i64);
    // A rank with points finds them missing from the forest; the others agree.
    if sum_i64(petsc, has_points as i64) > 0 {
        assert_eq!(failed, comm.size() as i64);
    }
    drop(empty);
    // A section DM name the file lacks.
    let mut q = back.clone_dm()?;
    q.set_name("nope")?;
    let e = err_text(back.section_load(&h5, &mut q, &sf));
    assert!(
        e.contains("nope") && e.contains("section DM of this name"),
        "{e}"
    );
    // Fine once right.
    back.coordinates_load(&h5, &sf)?;
    back.labels_load(&h5, &sf)?;
    let mut q = back.clone_dm()?;
    q.set_name("P1")?;
    back.section_load(&h5, &mut q, &sf)?;
    Ok(())
}

/// The smaller calls: Gmsh files read through a viewer (the same mesh as
/// `create_from_file`, binary and ASCII, at 1 and 2 ranks; wrong viewers refused),
/// cell types set by hand (checked against the cone), submeshes' maps to their parent,
/// point numberings, and the reorder/distribute defaults.
fn extras(petsc: &Petsc) -> petsc::Result<()> {
    let comm = petsc.world();
    let dir = petsc_tests::petsc_share("share/petsc/datafiles/meshes").unwrap_or_default();
    for file in [
        "doublet-tet.msh",
        "gmsh-3d-binary.msh2",
        "gmsh-3d-ascii.msh2",
    ] {
        let path = dir.join(file);
        if !path.exists() {
            petsc_tests::skip(format!("{file}: not installed (PETSc's examples package)"));
            continue;
        }
        let path = path.to_str().unwrap();
        let binary = file.contains("binary");
        let mut v = Viewer::new(&comm)?;
        v.set_type(if binary {
            petsc::ViewerType::Binary
        } else {
            petsc::ViewerType::Ascii
        })?;
        v.set_file_mode(FileMode::Read)?;
        v.set_file_name(path)?;
        let a = Plex::from_gmsh(&comm, &v, true)?;
        let b = Plex::from_file(&comm, path, "", true)?;
        for m in [&a, &b] {
            assert_eq!(m.dimension()?, 3);
        }
        let counts = |m: &Plex| -> petsc::Result<(i64, i64)> {
            Ok((
                sum_i64(petsc, m.height_stratum(0)?.count() as i64),
                sum_i64(petsc, m.depth_stratum(0)?.count() as i64),
            ))
        };
        assert_eq!(counts(&a)?, counts(&b)?, "{file}");
        assert!(counts(&a)?.0 > 0);
    }
    // Wrong viewers.
    let out = Viewer::ascii_stdout(&comm)?;
    let e = err_text(Plex::from_gmsh(&comm, &out, true));
    assert!(e.contains("reading"), "{e}");
    let d = Dir::new(petsc, "extras");
    let vtk = Viewer::new_vtk(&comm, &d.file("x.vtu"), FileMode::Write)?;
    let e = err_text(Plex::from_gmsh(&comm, &vtk, true));
    assert!(e.contains("'vtk'"), "{e}");
    drop(vtk);
    petsc::take_destroy_failures();

    // Cell types by hand.
    let mut m = boxmesh(&petsc.self_comm())?;
    let cells = m.height_stratum(0)?;
    let edge = m.depth_stratum(1)?.start;
    m.set_cell_type(cells.start, petsc::CellType::Quadrilateral)?;
    m.set_cell_type(edge, petsc::CellType::Segment)?;
    let e = err_text(m.set_cell_type(cells.start, petsc::CellType::Hexahedron));
    assert!(e.contains("has 4 points in its cone"), "{e}");
    let e = err_text(m.set_cell_type(m.chart()?.end, petsc::CellType::Point));
    assert!(e.contains("not in the chart"), "{e}");
    let e = err_text(m.set_cell_type(edge, petsc::CellType::Unknown));
    assert!(e.contains("Unknown"), "{e}");
    assert_eq!(m.cell_type(cells.start)?, petsc::CellType::Quadrilateral);

    // Submeshes: each point's parent, with the parent's depth in the map.
    let mut pick = petsc::DmLabel::new(&petsc.self_comm(), "pick")?;
    for c in cells.clone().step_by(2) {
        pick.set_value(c, 1)?;
    }
    let sub = m.filter(&pick, 1)?;
    let parents = sub.subpoint_is()?.expect("a submesh has parents");
    let parents = parents.indices()?.to_vec();
    let chart = sub.chart()?;
    assert_eq!(parents.len() as Int, chart.end - chart.start);
    let map = sub.subpoint_map()?.expect("a submesh has a map");
    for (q, &p) in parents.iter().enumerate() {
        assert_eq!(map.value(p)?, m.point_depth(p)?);
        // Same kind of point: a vertex comes from a vertex, a cell from a cell.
        assert_eq!(sub.point_depth(q as Int)?, m.point_depth(p)?);
    }
    assert!(m.subpoint_is()?.is_none() && m.subpoint_map()?.is_none());

    // Point numbering under PETSc's name.
    let mesh = distributed(boxmesh(&comm)?)?;
    let n = mesh.create_point_numbering()?;
    let n = n.indices()?;
    let owned_here = n.iter().filter(|&&x| x >= 0).count() as i64;
    assert_eq!(sum_i64(petsc, owned_here), 12 + 20 + 31);

    // A field moved with the mesh: each value still on its vertex.
    let serial = boxmesh(&comm)?;
    let section = serial.create_section(&[1, 0, 0])?;
    let mut v = Vector::new_mpi(&comm, Some(section.storage_size()?), None)?;
    {
        let coords = vertex_coords(&serial)?;
        let mut w = v.view_mut()?;
        for (p, x) in coords {
            w[section.offset(p)? as usize] = Scalar::from(field(x));
        }
    }
    if let Some((moved, migration)) = serial.distribute(0)? {
        let (s2, v2) = serial.distribute_field(&migration, &section, &v)?;
        let w = v2.view()?;
        for (p, x) in vertex_coords(&moved)? {
            assert_eq!(re(w[s2.offset(p)? as usize]), field(x));
        }
        assert_eq!(v2.size()?, moved_size(petsc, &moved)?);
        let short = Vector::new_mpi(&comm, Some(0), None)?;
        let e = err_text(serial.distribute_field(&migration, &section, &short));
        assert!(
            e.contains("local entries") || e.contains("another rank"),
            "{e}"
        );
    }

    // Defaults.
    let mut e = Plex::new(&comm)?;
    assert_eq!(e.reorder_get_default()?, None);
    e.reorder_set_default(true)?;
    assert_eq!(e.reorder_get_default()?, Some(true));
    e.distribute_set_default(false)?;
    assert!(!e.distribute_get_default()?);
    assert_eq!(e.distribution_get_name()?, None);
    e.distribution_set_name("d1")?;
    assert_eq!(e.distribution_get_name()?.as_deref(), Some("d1"));
    Ok(())
}

/// The number of vertices on the ranks of a distributed mesh, each counted on every rank
/// that has it.
fn moved_size(petsc: &Petsc, m: &Plex) -> petsc::Result<Int> {
    Ok(sum_i64(petsc, m.depth_stratum(0)?.count() as i64) as Int)
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("hdf5_round_trip", hdf5_round_trip)
            .ranks(&[1, 2, 3])
            .requires(cfg!(petsc_have_hdf5), "PETSc with HDF5"),
        Case::new("hdf5_view_load", hdf5_view_load)
            .ranks(&[1, 2])
            .requires(cfg!(petsc_have_hdf5), "PETSc with HDF5"),
        Case::new("hdf5_bad_input", hdf5_bad_input)
            .ranks(&[1, 2])
            .requires(cfg!(petsc_have_hdf5), "PETSc with HDF5"),
        Case::new("vtk_output", vtk_output).ranks(&[1, 2]),
        Case::new("natural", natural).ranks(&[1, 2, 3]),
        Case::new("extras", extras).ranks(&[1, 2]),
    ]
}
