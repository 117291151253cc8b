//! The `poisson_mesh` example (Poisson by finite elements on a Gmsh mesh, refined
//! uniformly): the L2 errors fall at the elements' order (2 for P1/Q1, 3 for P2/Q2) on
//! PETSc's triangle and quadrilateral meshes, the errors are the same at 1, 2 and 3
//! ranks, the VTK, HDF5/XDMF and PNG outputs hold the finest mesh, bad input is refused
//! once with exit status 2, and nothing leaks (`-malloc_debug -malloc_dump`).

use std::path::{Path, PathBuf};

use petsc::Petsc;
use petsc_tests::{example, leak_lines, mpiexec, run_example, Case};

/// The rows of the printed table: (level, cells, unknowns, L2 error).
fn table(out: &str) -> Vec<(usize, u64, u64, f64)> {
    out.lines()
        .skip_while(|l| !l.trim_start().starts_with("level"))
        .skip(1)
        .map_while(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            if w.len() != 6 {
                return None;
            }
            Some((
                w[0].parse().ok()?,
                w[1].parse().ok()?,
                w[2].parse().ok()?,
                w[4].parse().ok()?,
            ))
        })
        .collect()
}

/// The folder of PETSc's meshes, from the default mesh the example names.
fn meshes() -> PathBuf {
    let out = run_example("poisson_mesh", 1, &["--levels", "0"]);
    let line = out.lines().next().expect("a first line");
    let path = line
        .strip_prefix("mesh ")
        .and_then(|l| l.split(" (").next())
        .unwrap_or_else(|| panic!("no mesh path in {line:?}"));
    Path::new(path).parent().expect("a folder").to_path_buf()
}

/// The orders log2(e_(l-1)/e_l) of a table.
fn orders(rows: &[(usize, u64, u64, f64)]) -> Vec<f64> {
    rows.windows(2).map(|w| (w[0].3 / w[1].3).log2()).collect()
}

/// P1 on PETSc's unstructured square: four refinements, each with four times the cells,
/// the last order within 0.02 of 2; the same errors at 2 and 3 ranks.
fn p1_order_and_ranks(_: &Petsc) -> petsc::Result<()> {
    let one = run_example("poisson_mesh", 1, &[]);
    let rows = table(&one);
    assert_eq!(rows.len(), 5, "{one}");
    for w in rows.windows(2) {
        assert_eq!(w[1].1, 4 * w[0].1, "cells quadruple: {one}");
    }
    let o = orders(&rows);
    assert!((o[3] - 2.0).abs() < 0.02, "{o:?}\n{one}");
    assert!(o.iter().all(|&x| x > 1.9), "{o:?}");
    assert!(one.contains("observed order 1.99"), "{one}");
    for n in [2, 3] {
        let out = run_example("poisson_mesh", n, &[]);
        let other = table(&out);
        assert_eq!(other.len(), rows.len(), "{out}");
        for (a, b) in rows.iter().zip(&other) {
            assert_eq!((a.0, a.1, a.2), (b.0, b.1, b.2), "{n} ranks:\n{out}");
            assert!(
                (a.3 - b.3).abs() <= 1e-5 * a.3,
                "{n} ranks: {} vs {}\n{out}",
                a.3,
                b.3
            );
        }
    }
    Ok(())
}

/// P2 on triangles and Q1, Q2 on PETSc's quadrilateral square: orders 3, 2, 3.
fn higher_orders_and_quadrilaterals(_: &Petsc) -> petsc::Result<()> {
    let quads = meshes().join("square_quad.msh");
    let quads = quads.to_str().unwrap();
    for (args, order, ranks) in [
        (vec!["--degree", "2", "--levels", "3"], 3.0, 2),
        (vec!["--mesh", quads, "--levels", "3"], 2.0, 2),
        (
            vec!["--mesh", quads, "--degree", "2", "--levels", "2"],
            3.0,
            1,
        ),
    ] {
        let out = run_example("poisson_mesh", ranks, &args);
        let o = orders(&table(&out));
        let last = *o.last().expect("two levels or more");
        assert!((last - order).abs() < 0.05, "{args:?}: {o:?}\n{out}");
        if args.contains(&quads) {
            assert!(out.contains("(2D, tensor cells)"), "{out}");
        }
    }
    Ok(())
}

/// `--vtk`, `--hdf5` (with the `.xmf` PETSc's script writes) and `--plot` at 2 ranks,
/// checked for the finest mesh's 672 triangles; and no leaks with every output on.
fn outputs(_: &Petsc) -> petsc::Result<()> {
    let dir = std::env::temp_dir().join(format!("petsc-rs-poisson-mesh-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = |n: &str| dir.join(n).to_str().unwrap().to_string();
    let (vtu, h5, png) = (file("u.vtu"), file("u.h5"), file("u.png"));
    let args = [
        "--levels",
        "2",
        "--vtk",
        &vtu,
        "--hdf5",
        &h5,
        "--plot",
        &png,
        "-malloc_debug",
        "-malloc_dump",
    ];
    let out = mpiexec(2, &example("poisson_mesh"), &args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(leak_lines(&text).is_empty(), "{text}");

    // VTK: one piece per rank, 672 cells in all, the fields u and error.
    // The XML header before the binary data; PETSc names each array by vector, field
    // and component ("uP1.0").
    let v = std::fs::read(&vtu).unwrap();
    let end = v
        .windows(13)
        .position(|w| w == b"<AppendedData")
        .expect("appended data");
    let head = String::from_utf8_lossy(&v[..end]).into_owned();
    let cells: u64 = head
        .split("NumberOfCells=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(cells, 672, "{head}");
    assert!(
        head.contains("Name=\"uP1") && head.contains("Name=\"errorP1"),
        "{head}"
    );

    // HDF5 and XDMF: the .xmf names the triangles and the field u.
    assert!(std::fs::metadata(&h5).unwrap().len() > 0);
    if text.contains(".xmf (open it") {
        let xmf = std::fs::read_to_string(dir.join("u.xmf")).unwrap();
        for s in ["Triangle", "NumberOfElements=\"672\"", "/vertex_fields/u"] {
            assert!(xmf.contains(s), "{s} not in {xmf}");
        }
    } else {
        assert!(
            std::env::var_os("PETSC_RS_REQUIRE_EXAMPLES").is_none(),
            "no .xmf written (python3-h5py?): {text}"
        );
    }

    // The picture: a PNG of the square (plus labels and colour bar), wider than tall,
    // the colours of the field and of the bar.
    let p = petsc_tests::assert_picture(std::path::Path::new(&png), 100);
    assert_eq!((p.width, p.height), (536, 434));
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}

/// Bad input: exit status 2 and one message naming what was wrong.
fn bad_input(_: &Petsc) -> petsc::Result<()> {
    let m = meshes();
    let hybrid = m.join("hybrid_triquad.msh");
    let tet = m.join("gmsh-tet.msh");
    for (args, says) in [
        (
            vec!["--mesh", "/no/such.msh"],
            "no mesh file '/no/such.msh'",
        ),
        (vec!["--degree", "0"], "--degree must be 1 to 4"),
        (vec!["--levels", "9"], "--levels must be at most 8"),
        (vec!["--levels", "-1"], "--levels expects"),
        (
            vec!["--mesh", hybrid.to_str().unwrap()],
            "mixes simplices with quadrilaterals",
        ),
        (
            vec!["--mesh", tet.to_str().unwrap(), "--plot", "x.png"],
            "--plot draws 2D meshes",
        ),
    ] {
        let out = mpiexec(2, &example("poisson_mesh"), &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.matches(says).count(), 1, "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    Ok(())
}

pub fn cases() -> Vec<Case> {
    // The example's default mesh is PETSc's `square.msh`, which PyPI's PETSc lacks.
    let mesh = petsc_tests::petsc_share("share/petsc/datafiles/meshes/square.msh").is_some();
    let needs = "PETSc's mesh data files (share/petsc/datafiles)";
    vec![
        Case::new("p1_order_and_ranks", p1_order_and_ranks).requires(mesh, needs),
        Case::new(
            "higher_orders_and_quadrilaterals",
            higher_orders_and_quadrilaterals,
        )
        .requires(mesh, needs),
        Case::new("outputs", outputs).requires(mesh, needs),
        Case::new("bad_input", bad_input).requires(mesh, needs),
    ]
}
