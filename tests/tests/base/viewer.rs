//! Viewers: HDF5 round trips across rank counts, groups and timesteps, formats changing
//! what a matrix view prints, ASCII tabs and sub-viewers, VTK output, and the `Object`
//! methods (compose/query, values kept with an object, state counters).

use std::cell::Cell;
use std::rc::Rc;

use petsc::mpi::traits::*;
use petsc::{
    Comm, Da, FileMode, Hdf5Viewer, InsertMode, Mat, Object, Petsc, Scalar, Vector, Viewer,
    ViewerFormat,
};
use petsc_tests::Case;

/// A path in the temporary folder, the same on every rank of the job.
fn shared_path(petsc: &Petsc, stem: &str, ext: &str) -> String {
    let world = petsc.mpi_world();
    let mut pid = std::process::id();
    world.process_at_rank(0).broadcast_into(&mut pid);
    let p = std::env::temp_dir().join(format!(
        "petsc-rs-viewer-{stem}-{pid}-{}.{ext}",
        world.size()
    ));
    p.to_str().unwrap().to_string()
}

fn value(i: petsc::Int) -> Scalar {
    Scalar::from((i * i) as f64 + 0.5)
}

/// Checks this rank's part of `x` against `value(global index) * scale`.
fn check_values(x: &Vector, n: petsc::Int, scale: f64) -> petsc::Result<()> {
    assert_eq!(x.size()?, n);
    let r = x.ownership_range()?;
    let view = x.view()?;
    for (k, v) in view.iter().enumerate() {
        let i = r.start + k as petsc::Int;
        assert_eq!(*v, value(i) * Scalar::from(scale), "entry {i}");
    }
    Ok(())
}

fn filled(comm: &Comm, n: petsc::Int, scale: f64, name: &str) -> petsc::Result<Vector> {
    let mut x = Vector::new_mpi(comm, None, Some(n))?;
    x.set_name(name)?;
    let r = x.ownership_range()?;
    let idx: Vec<petsc::Int> = r.clone().collect();
    let vals: Vec<Scalar> = idx
        .iter()
        .map(|&i| value(i) * Scalar::from(scale))
        .collect();
    x.set_values(&idx, &vals, InsertMode::Insert)?;
    x.assemble()?;
    Ok(x)
}

/// Written on two ranks (or one, in a one-rank job), read on one rank and on all of them:
/// the same values, by global index; groups and timesteps give distinct datasets.
fn hdf5_round_trip(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let path = shared_path(petsc, "round", "h5");
    let n = 7;
    // The writers: ranks 0 and 1.
    let mpi_world = petsc.mpi_world();
    let color = petsc::mpi::topology::Color::with_value((world.rank() >= 2) as i32);
    let split = mpi_world.split_by_color(color).expect("split");
    let writers = Comm::from_mpi(petsc, &split)?;
    drop(split);
    if world.rank() < 2 {
        assert_eq!(writers.size(), world.size().min(2));
        let h5 = Hdf5Viewer::new(&writers, &path, FileMode::Write)?;
        filled(&writers, n, 1.0, "x")?.view_with(&h5)?;
        {
            let _a = h5.push_group("/a")?;
            assert_eq!(h5.group()?, "/a");
            filled(&writers, n, 2.0, "x")?.view_with(&h5)?;
        }
        let b = h5.push_group("/b")?;
        filled(&writers, n, 3.0, "x")?.view_with(&h5)?;
        h5.pop_group(b)?;
        assert_eq!(h5.group()?, "/");
        let ts = h5.push_timestepping()?;
        let mut u = filled(&writers, n, 1.0, "u")?;
        for step in 0..3 {
            h5.set_timestep(step)?;
            u.view_with(&h5)?;
            u.scale(10.0)?;
        }
        h5.pop_timestepping(ts)?;
        // Index sets are written; matrices and solvers would not be (PETSc 3.18 writes
        // nothing for them), so they are refused.
        let mut is = petsc::IndexSet::new_general(&writers, &[3, 1, 2])?;
        is.set_name("is")?;
        is.view_with(&h5)?;
        let mut a = petsc::Mat::new_dense(&writers, None, None, Some(2), Some(2))?;
        a.assemble()?;
        let e = a.view_with(&h5).unwrap_err().to_string();
        assert!(e.contains("PETSc writes no Mat to an HDF5 viewer"), "{e}");
        let ksp = petsc::Ksp::new(&writers)?;
        assert!(ksp.view_with(&h5).is_err());
    }
    world.barrier()?;
    for comm in [petsc.self_comm(), world.clone()] {
        let h5 = Hdf5Viewer::new(&comm, &path, FileMode::Read)?;
        assert!(h5.has_dataset("x")?);
        assert!(h5.has_group("/a")?);
        let x = h5.load_vector("x")?;
        assert_eq!(x.name()?, "x");
        assert!(h5.has_dataset("is")?);
        check_values(&x, n, 1.0)?;
        {
            let _a = h5.push_group("a")?;
            check_values(&h5.load_vector("x")?, n, 2.0)?;
        }
        {
            let _b = h5.push_group("/b")?;
            check_values(&h5.load_vector("x")?, n, 3.0)?;
        }
        let _ts = h5.push_timestepping()?;
        for (step, scale) in [(0, 1.0), (1, 10.0), (2, 100.0)] {
            h5.set_timestep(step)?;
            check_values(&h5.load_vector("u")?, n, scale)?;
        }
        h5.set_timestep(0)?;
        h5.increment_timestep()?;
        assert_eq!(h5.timestep()?, 1);
        let e = h5.load_vector("nothere").unwrap_err().to_string();
        assert!(e.contains("\"nothere\"") && e.contains("no dataset"), "{e}");
    }
    world.barrier()?;
    if world.rank() == 0 {
        std::fs::remove_file(&path).unwrap();
    }
    Ok(())
}

/// A missing file, a file that is not HDF5 and a missing dataset are `Err`s.
fn hdf5_bad_files(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let missing = shared_path(petsc, "missing", "h5");
    let e = Hdf5Viewer::new(&world, &missing, FileMode::Read).unwrap_err();
    assert!(e.to_string().contains("missing"), "{e}");
    let garbage = shared_path(petsc, "garbage", "h5");
    if world.rank() == 0 {
        std::fs::write(&garbage, b"this is not an HDF5 file\n").unwrap();
    }
    world.barrier()?;
    let e = Hdf5Viewer::new(&world, &garbage, FileMode::Read).unwrap_err();
    assert!(!e.to_string().is_empty());
    assert!(Hdf5Viewer::new(&world, "", FileMode::Read).is_err());
    world.barrier()?;
    if world.rank() == 0 {
        std::fs::remove_file(&garbage).unwrap();
    }
    if cfg!(petsc_have_hdf5) {
        // A file cut short keeps its signature: HDF5 fails to open it, and the viewer
        // PETSc left behind used to fail its own destruction.
        let whole = shared_path(petsc, "whole", "h5");
        {
            let h5 = Hdf5Viewer::new(&world, &whole, FileMode::Write)?;
            let mut x = filled(&world, 1000, 2.0, "x")?;
            x.set_name("x")?;
            x.view_with(&h5)?;
        }
        world.barrier()?;
        let cut = shared_path(petsc, "cut", "h5");
        if world.rank() == 0 {
            let bytes = std::fs::read(&whole).unwrap();
            std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
        }
        world.barrier()?;
        let e = Hdf5Viewer::new(&world, &cut, FileMode::Read).unwrap_err();
        assert!(!e.to_string().is_empty());
        assert!(petsc::take_destroy_failures().is_empty());
        let h5 = Hdf5Viewer::new(&world, &whole, FileMode::Read)?;
        assert_eq!(h5.load_vector("x")?.size()?, 1000);
        drop(h5);
        world.barrier()?;
        if world.rank() == 0 {
            std::fs::remove_file(&cut).unwrap();
            std::fs::remove_file(&whole).unwrap();
        }
    }
    Ok(())
}

/// A 5 x 4 sparse matrix with an empty row and an empty column, as dense rows.
const SPARSE: [[f64; 4]; 5] = [
    [4.0, 0.0, 0.0, -1.5],
    [0.0, 0.0, 0.0, 0.0],
    [2.0, 7.0, 0.0, 0.0],
    [0.0, -3.0, 0.0, 9.0],
    [0.5, 0.0, 0.0, 1.0],
];

/// `SPARSE` compressed by rows (`rows`) or by columns: pointers, indices, values.
fn compressed(rows: bool) -> (Vec<petsc::Int>, Vec<petsc::Int>, Vec<f64>) {
    let (outer, inner) = if rows { (5, 4) } else { (4, 5) };
    let entry = |o: usize, i: usize| if rows { SPARSE[o][i] } else { SPARSE[i][o] };
    let (mut jc, mut ir, mut data) = (vec![0], vec![], vec![]);
    for o in 0..outer {
        for i in 0..inner {
            let v = entry(o, i);
            if v != 0.0 {
                ir.push(i as petsc::Int);
                data.push(v);
            }
        }
        jc.push(ir.len() as petsc::Int);
    }
    (jc, ir, data)
}

/// Writes a matrix group `name` (on a one-rank communicator) from its arrays and its
/// `MATLAB_sparse` attribute (none when `dimension` is `None`).
fn write_matrix(
    h5: &Hdf5Viewer,
    name: &str,
    (jc, ir, data): (&[petsc::Int], &[petsc::Int], &[f64]),
    dimension: Option<petsc::Int>,
) -> petsc::Result<()> {
    let comm = h5.comm();
    let _g = h5.push_group(name)?;
    for (set, values) in [("jc", jc), ("ir", ir)] {
        let mut is = petsc::IndexSet::new_general(&comm, values)?;
        is.set_name(set)?;
        is.view_with(h5)?;
    }
    let values: Vec<Scalar> = data.iter().map(|&v| Scalar::from(v)).collect();
    let mut x = Vector::from_slice(&comm, &values)?;
    x.set_name("data")?;
    x.view_with(h5)?;
    if let Some(d) = dimension {
        h5.write_int_attribute(None, "MATLAB_sparse", d)?;
    }
    Ok(())
}

/// Checks this rank's rows of `a` against `SPARSE`.
fn check_sparse(a: &Mat) -> petsc::Result<()> {
    assert_eq!(a.size()?, (5, 4));
    let cols: Vec<petsc::Int> = (0..4).collect();
    for i in a.ownership_range()? {
        let row = a.values(&[i], &cols)?;
        let want: Vec<Scalar> = SPARSE[i as usize]
            .iter()
            .map(|&v| Scalar::from(v))
            .collect();
        assert_eq!(row, want, "row {i}");
    }
    Ok(())
}

/// Sparse matrices in HDF5 files, MATLAB's compressed columns and compressed rows, read
/// on 1, 2 and 3 ranks; damaged groups are `Err`s naming the fault on every rank.
fn hdf5_matrices(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let path = shared_path(petsc, "matrices", "h5");
    if world.rank() == 0 {
        let one = petsc.self_comm();
        let h5 = Hdf5Viewer::new(&one, &path, FileMode::Write)?;
        let (jc, ir, data) = compressed(false);
        write_matrix(&h5, "csc", (&jc, &ir, &data), Some(5))?;
        let (rp, ci, rv) = compressed(true);
        write_matrix(&h5, "csr", (&rp, &ci, &rv), Some(4))?;
        // Damaged copies of the compressed columns.
        write_matrix(&h5, "no_dimension", (&jc, &ir, &data), None)?;
        write_matrix(&h5, "negative_dimension", (&jc, &ir, &data), Some(-2))?;
        let mut start = jc.clone();
        start[0] = 1;
        write_matrix(&h5, "bad_start", (&start, &ir, &data), Some(5))?;
        let mut down = jc.clone();
        down[2] = 0;
        write_matrix(&h5, "decreasing", (&down, &ir, &data), Some(5))?;
        write_matrix(&h5, "short_indices", (&jc, &ir[1..], &data), Some(5))?;
        let mut far = ir.clone();
        far[3] = 5;
        write_matrix(&h5, "index_out_of_range", (&jc, &far, &data), Some(5))?;
        let mut negative = ir.clone();
        negative[0] = -1;
        write_matrix(&h5, "negative_index", (&jc, &negative, &data), Some(5))?;
        write_matrix(&h5, "short_values", (&jc, &ir, &data[1..]), Some(5))?;
        write_matrix(&h5, "empty_pointers", (&[], &[], &[]), Some(5))?;
        let mut x = Vector::from_slice(&one, &[Scalar::from(1.0)])?;
        x.set_name("plain")?;
        x.view_with(&h5)?;
        {
            let _g = h5.push_group("no_ir")?;
            let mut jcs = petsc::IndexSet::new_general(&one, &jc)?;
            jcs.set_name("jc")?;
            jcs.view_with(&h5)?;
            h5.write_int_attribute(None, "MATLAB_sparse", 5)?;
        }
    }
    world.barrier()?;
    let h5 = Hdf5Viewer::new(&world, &path, FileMode::Read)?;
    assert_eq!(h5.read_int_attribute(Some("csc"), "MATLAB_sparse")?, 5);
    assert!(!h5.has_attribute(Some("no_dimension"), "MATLAB_sparse")?);
    let csr = h5.load_matrix("csr")?;
    assert_eq!(csr.name()?, "csr");
    check_sparse(&csr)?;
    {
        let _matlab = h5.push_format(ViewerFormat::Hdf5Mat)?;
        let csc = h5.load_matrix("csc")?;
        check_sparse(&csc)?;
        let cases = [
            ("missing", "no matrix group \"missing\""),
            ("plain", "no matrix group \"plain\""),
            ("no_dimension", "has no attribute \"MATLAB_sparse\""),
            ("negative_dimension", "negative dimension -2"),
            ("bad_start", "start at 1, not 0"),
            ("decreasing", "decrease at 1"),
            (
                "short_indices",
                "has 7 row indices (ir) but its column pointers end at 8",
            ),
            ("index_out_of_range", "index 5 at 3 in ir, outside 0..5"),
            ("negative_index", "index -1 at 0 in ir, outside 0..5"),
            ("short_values", "has 7 values (data) but 8 row indices"),
            ("empty_pointers", "are empty"),
            ("no_ir", "no dataset \"ir\" in group \"/no_ir\""),
        ];
        for (name, want) in cases {
            let e = h5.load_matrix(name).unwrap_err().to_string();
            assert!(e.contains(want), "{name}: {e}");
        }
    }
    {
        let _info = h5.push_format(ViewerFormat::AsciiInfo)?;
        let e = h5.load_matrix("csr").unwrap_err().to_string();
        assert!(e.contains("no matrix from HDF5 in the format"), "{e}");
    }
    // After the refusals the viewer still reads.
    check_sparse(&h5.load_matrix("csr")?)?;
    drop(h5);
    // Saved from this rank count (an AIJ and a dense matrix, in a group), read back here
    // and on one rank.
    let saved = shared_path(petsc, "saved", "h5");
    {
        let h5 = Hdf5Viewer::new(&world, &saved, FileMode::Write)?;
        let _g = h5.push_group("/run")?;
        h5.save_matrix(&csr)?;
        let mut dense = Mat::new_dense(&world, None, None, Some(5), Some(4))?;
        for i in dense.ownership_range()? {
            let row: Vec<Scalar> = SPARSE[i as usize]
                .iter()
                .map(|&v| Scalar::from(v))
                .collect();
            dense.set_values(&[i], &[0, 1, 2, 3], &row, InsertMode::Insert)?;
        }
        dense.assemble()?;
        dense.set_name("dense")?;
        h5.save_matrix(&dense)?;
        let e = csr.view_with(&h5).unwrap_err().to_string();
        assert!(e.contains("Hdf5Viewer::save_matrix"), "{e}");
        let mut unassembled = Mat::new_aij(&world, None, None, Some(3), Some(3), 1, 0)?;
        unassembled.set_name("unassembled")?;
        let e = h5.save_matrix(&unassembled).unwrap_err().to_string();
        assert!(
            e.contains("not assembled") || e.contains("another rank"),
            "{e}"
        );
    }
    world.barrier()?;
    for comm in [world.clone(), petsc.self_comm()] {
        let h5 = Hdf5Viewer::new(&comm, &saved, FileMode::Read)?;
        let _g = h5.push_group("/run")?;
        check_sparse(&h5.load_matrix("csr")?)?;
        let dense = h5.load_matrix("dense")?;
        check_sparse(&dense)?;
        // Stored zeros are entries too.
        let nonzeros = dense.info(petsc::MatInfoType::GlobalSum)?.nz_used;
        assert_eq!(nonzeros, 20);
    }
    world.barrier()?;
    if world.rank() == 0 {
        std::fs::remove_file(&path).unwrap();
        std::fs::remove_file(&saved).unwrap();
    }
    Ok(())
}

fn tridiagonal(comm: &Comm, n: petsc::Int) -> petsc::Result<Mat> {
    let mut a = Mat::new_aij(comm, None, None, Some(n), Some(n), 3, 2)?;
    let r = a.ownership_range()?;
    for i in r {
        let cols: Vec<petsc::Int> = [i - 1, i, i + 1]
            .into_iter()
            .filter(|&c| c >= 0 && c < n)
            .collect();
        let vals: Vec<Scalar> = cols
            .iter()
            .map(|&c| Scalar::from(if c == i { 2.0 } else { -1.0 }))
            .collect();
        a.set_values(&[i], &cols, &vals, InsertMode::Insert)?;
    }
    a.assemble()?;
    Ok(a)
}

/// What `view_with` writes to an ASCII file with `format` pushed (read on every rank).
fn view_text(
    petsc: &Petsc,
    obj: &dyn Object,
    format: Option<ViewerFormat>,
    stem: &str,
) -> petsc::Result<String> {
    let world = petsc.world();
    let path = shared_path(petsc, stem, "txt");
    {
        let out = Viewer::ascii_file(&world, &path)?;
        let _f = format.map(|f| out.push_format(f)).transpose()?;
        if let Some(f) = format {
            assert_eq!(out.format()?, f);
        }
        obj.view_with(&out)?;
    }
    world.barrier()?;
    let text = std::fs::read_to_string(&path).unwrap();
    world.barrier()?;
    if world.rank() == 0 {
        std::fs::remove_file(&path).unwrap();
    }
    Ok(text)
}

/// Formats change what a matrix view prints.
fn formats(petsc: &Petsc) -> petsc::Result<()> {
    let a = tridiagonal(&petsc.world(), 5)?;
    let plain = view_text(petsc, &a, None, "plain")?;
    assert!(plain.contains("row 0:"), "{plain}");
    let info = view_text(petsc, &a, Some(ViewerFormat::AsciiInfo), "info")?;
    assert!(info.contains("rows=5, cols=5"), "{info}");
    assert!(!info.contains("row 0:"), "{info}");
    let matlab = view_text(petsc, &a, Some(ViewerFormat::AsciiMatlab), "matlab")?;
    assert!(matlab.contains("zzz"), "{matlab}");
    assert!(matlab.contains("spconvert"), "{matlab}");
    let detail = view_text(petsc, &a, Some(ViewerFormat::AsciiInfoDetail), "detail")?;
    assert!(detail.contains("rows=5"), "{detail}");
    let common = view_text(petsc, &a, Some(ViewerFormat::AsciiCommon), "common")?;
    assert!(common.contains("row 0:"), "{common}");
    assert_eq!(ViewerFormat::AsciiInfo.name(), "ASCII_INFO");
    Ok(())
}

/// Tabs indent printed lines; a sub-viewer on each rank writes into the parent's file.
fn ascii_tabs_and_sub_viewers(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let path = shared_path(petsc, "tabs", "txt");
    {
        let out = Viewer::ascii_file(&world, &path)?;
        out.printf_ascii("top\n")?;
        {
            let _t = out.push_ascii_tab()?;
            out.printf_ascii("inner\n")?;
        }
        out.set_ascii_tab(0)?;
        out.add_ascii_tab(2)?;
        out.subtract_ascii_tab(1)?;
        assert_eq!(out.ascii_tab()?, 1);
        out.printf_ascii("again\n")?;
        out.use_ascii_tabs(false)?;
        out.printf_ascii("flat\n")?;
        out.use_ascii_tabs(true)?;
        out.set_ascii_tab(0)?;
        let sync = out.push_ascii_synchronized()?;
        out.printf_ascii_synchronized(&format!("rank {} says hi\n", world.rank()))?;
        out.flush()?;
        out.pop_ascii_synchronized(sync)?;
        let mut mine = Vector::new_seq(&petsc.self_comm(), 1)?;
        mine.set(100.0 + world.rank() as f64)?;
        {
            let sub = out.sub_viewer(&petsc.self_comm())?;
            assert_eq!(sub.comm().size(), 1);
            mine.view_with(&sub)?;
        }
        out.flush()?;
        // A printf while a sub-viewer is out is PETSc's error, not a crash.
        let sub = out.sub_viewer(&petsc.self_comm())?;
        assert!(out.printf_ascii("no\n").is_err());
        out.restore_sub_viewer(sub)?;
    }
    world.barrier()?;
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("top\n  inner\n  again\nflat\n"), "{text}");
    for r in 0..world.size() {
        assert!(text.contains(&format!("rank {r} says hi")), "{text}");
        assert!(text.contains(&format!("{}.", 100 + r)), "{text}");
    }
    assert!(!text.contains("no\n"));
    world.barrier()?;
    if world.rank() == 0 {
        std::fs::remove_file(&path).unwrap();
    }
    // ASCII calls on a binary viewer are refused.
    let bin = shared_path(petsc, "bin", "dat");
    let b = Viewer::binary_file(&world, &bin, FileMode::Write)?;
    assert!(b.printf_ascii("x").is_err());
    assert!(b.push_ascii_tab().is_err());
    assert!(b.push_ascii_synchronized().is_err());
    drop(b);
    world.barrier()?;
    if world.rank() == 0 {
        std::fs::remove_file(&bin).unwrap();
        // PETSc writes the options of a binary file beside it.
        let _ = std::fs::remove_file(format!("{bin}.info"));
    }
    Ok(())
}

/// Generic creation; a viewer's type is chosen once.
fn generic_creation(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let path = shared_path(petsc, "generic", "bin");
    let x = filled(&world, 6, 1.0, "x")?;
    {
        let mut v = Viewer::new(&world)?;
        v.set_type(petsc::ViewerType::Binary)?;
        v.set_file_mode(FileMode::Write)?;
        v.set_file_name(&path)?;
        v.set_up()?;
        assert_eq!(v.file_mode()?, Some(FileMode::Write));
        assert_eq!(v.file_name()?, path);
        assert!(v.set_type(petsc::ViewerType::Ascii).is_err());
        x.view_with(&v)?;
    }
    let y = Vector::load(&world, &Viewer::binary_file(&world, &path, FileMode::Read)?)?;
    check_values(&y, 6, 1.0)?;
    let mut out = Viewer::ascii_stdout(&world)?;
    assert!(out.set_type(petsc::ViewerType::Binary).is_err());
    assert_eq!(out.type_name()?, "ascii");
    let _err = Viewer::stderr(&world)?;
    // MPI-IO writes the same file format.
    let mio = shared_path(petsc, "mpiio", "bin");
    x.view_with(&Viewer::new_mpiio(&world, &mio, FileMode::Write)?)?;
    check_values(
        &Vector::load(&world, &Viewer::binary_file(&world, &mio, FileMode::Read)?)?,
        6,
        1.0,
    )?;
    world.barrier()?;
    if world.rank() == 0 {
        std::fs::remove_file(&path).unwrap();
        std::fs::remove_file(&mio).unwrap();
        let _ = std::fs::remove_file(format!("{path}.info"));
        let _ = std::fs::remove_file(format!("{mio}.info"));
    }
    Ok(())
}

/// A DMDA vector viewed with a VTK viewer is written, under its name, for ParaView.
fn vtk_output(petsc: &Petsc) -> petsc::Result<()> {
    if petsc::SCALAR_IS_COMPLEX {
        petsc_tests::skip_case("PETSc's VTK writer stores real fields only");
        return Ok(());
    }
    let world = petsc.world();
    let path = shared_path(petsc, "field", "vts");
    let da = Da::builder(&world, 2).sizes(5, 4, 1).build()?;
    let mut t = da.create_global_vector()?;
    t.set_name("temperature")?;
    t.set(2.5)?;
    {
        let vtk = Viewer::new_vtk(&world, &path, FileMode::Write)?;
        t.view_with(&vtk)?;
    }
    world.barrier()?;
    if world.rank() == 0 {
        // XML header, then the values appended in binary.
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("<VTKFile"), "{text}");
        assert!(text.contains("StructuredGrid"), "{text}");
        assert!(text.contains("temperature"), "{text}");
        std::fs::remove_file(&path).unwrap();
    }
    Ok(())
}

struct DropFlag(Rc<Cell<u32>>);
impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

/// compose/query of objects; a Rust value is dropped exactly when its object goes.
fn object_compose(petsc: &Petsc) -> petsc::Result<()> {
    let comm = petsc.self_comm();
    let dropped = Rc::new(Cell::new(0));
    let mut holder = Vector::new_seq(&comm, 1)?;
    let mut inner = Vector::new_seq(&comm, 2)?;
    inner.set_name("inner")?;
    inner.compose_value("flag", DropFlag(dropped.clone()))?;
    inner.compose_value("n", 7u64)?;
    assert_eq!(inner.query_value::<u64>("n")?, Some(7));
    assert!(inner.query_value::<i32>("n").is_err());
    assert!(inner.with_value("flag", |_: &mut String| ()).is_err());
    // Re-entry is refused.
    let r = inner.with_value("n", |_: &mut u64| inner.with_value("n", |_: &mut u64| ()));
    assert!(r.unwrap().unwrap().is_err());
    holder.compose("kept", Some(&inner))?;
    assert!(holder
        .compose("self", Some(&holder.query("kept")?.unwrap()))
        .is_ok());
    holder.compose("self", None)?;
    assert_eq!(inner.ref_count()?, 2);
    drop(inner);
    assert_eq!(dropped.get(), 0, "the holder keeps the inner vector");
    let found = holder.query("kept")?.expect("kept");
    assert_eq!(found.name()?, "inner");
    assert_eq!(found.class_name()?, "Vec");
    assert_eq!(found.class_id()?, holder.class_id()?);
    assert_ne!(found.id()?, holder.id()?);
    drop(found);
    assert!(holder.query("other")?.is_none());
    holder.compose("kept", None)?;
    assert_eq!(dropped.get(), 1, "dropped with the inner vector");
    // Replacing a value drops the old one.
    let second = Rc::new(Cell::new(0));
    holder.compose_value("flag", DropFlag(second.clone()))?;
    holder.compose_value("flag", 1u8)?;
    assert_eq!(second.get(), 1);
    holder.compose_value("flag", DropFlag(second.clone()))?;
    drop(holder);
    assert_eq!(second.get(), 2);
    assert!(petsc::take_destroy_failures().is_empty());
    Ok(())
}

/// State counters rise when values change; tab levels and prefixes.
fn object_state(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let mut x = filled(&world, 9, 1.0, "x")?;
    let s0 = x.state_get()?;
    x.set(3.0)?;
    let s1 = x.state_get()?;
    assert!(s1 > s0);
    {
        let mut v = x.view_mut()?;
        v[0] = Scalar::from(1.0);
    }
    let s2 = x.state_get()?;
    assert!(s2 > s1);
    x.state_increase()?;
    assert_eq!(x.state_get()?, s2 + 1);
    // PETSc sets any state, back to an older one too.
    x.state_set(s0)?;
    assert_eq!(x.state_get()?, s0);
    x.state_set(s2 + 1)?;
    x.set_tab_level(1)?;
    let mut y = x.duplicate()?;
    y.increment_tab_level(Some(&x), 2)?;
    assert_eq!(y.tab_level()?, 3);
    x.set_options_prefix("a_")?;
    Object::append_options_prefix(&mut x, "b_")?;
    assert_eq!(x.options_prefix()?, "a_b_");
    x.view_from_options(None, "-viewer_test_never_set")?;
    Ok(())
}

/// Graphics viewers on every rank, drawing into nothing (`-nox`): a distributed vector
/// and matrix drawn, the windows cleared and resized; the shared one too; bad windows
/// and other viewer types refused.
fn draw_viewers(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let opts = petsc.options();
    opts.set_value("-nox", "")?;
    let run = || -> petsc::Result<()> {
        let mut v = Viewer::new_draw(&world, None, Some("test"), None, Some([200, 100]))?;
        assert_eq!(v.type_name()?, "draw");
        let mut x = Vector::new_mpi(&world, Some(3), None)?;
        x.set(1.0)?;
        x.view_with(&v)?;
        let mut a = Mat::new_aij(&world, Some(3), Some(3), None, None, 1, 0)?;
        for i in a.ownership_range()? {
            a.set_value(i, i, Scalar::from(1.0), InsertMode::Insert)?;
        }
        a.assemble()?;
        a.view_with(&v)?;
        v.clear_draw()?;
        v.resize_draw([300, 150])?;
        assert!(v.resize_draw([-1, 0]).is_err());
        Viewer::draw(&world)?.clear_draw()?;
        let mut text = Viewer::ascii_stdout(&world)?;
        assert!(text
            .clear_draw()
            .unwrap_err()
            .to_string()
            .contains("not 'draw'"));
        assert!(text.resize_draw([10, 10]).is_err());
        Ok(())
    };
    let r = run();
    opts.clear_value("-nox")?;
    r
}

/// A change of the tab count is checked as the total PETSc would hold: beyond PetscInt
/// it would wrap (signed overflow in C); the count is left as it was.
fn ascii_tab_totals(petsc: &Petsc) -> petsc::Result<()> {
    let out = petsc::Viewer::ascii_stdout(&petsc.world())?;
    let before = out.ascii_tab()?;
    out.set_ascii_tab(5)?;
    let e = out.add_ascii_tab(petsc::Int::MAX).unwrap_err().to_string();
    assert!(
        e.contains("Viewer::add_ascii_tab") && e.contains("5 tabs"),
        "{e}"
    );
    let e = out
        .subtract_ascii_tab(petsc::Int::MIN)
        .unwrap_err()
        .to_string();
    assert!(e.contains("Viewer::subtract_ascii_tab"), "{e}");
    assert_eq!(out.ascii_tab()?, 5);
    out.set_ascii_tab(petsc::Int::MAX)?;
    assert!(out.push_ascii_tab().is_err());
    assert_eq!(out.ascii_tab()?, petsc::Int::MAX);
    out.add_ascii_tab(-3)?;
    assert_eq!(out.ascii_tab()?, petsc::Int::MAX - 3);
    out.set_ascii_tab(before)?;
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("draw_viewers", draw_viewers).ranks(&[1, 2, 3]),
        Case::new("hdf5_round_trip", hdf5_round_trip)
            .ranks(&[1, 2, 3])
            .requires(cfg!(petsc_have_hdf5), "PETSc with HDF5"),
        Case::new("hdf5_bad_files", hdf5_bad_files).ranks(&[1, 2]),
        Case::new("hdf5_matrices", hdf5_matrices)
            .ranks(&[1, 2, 3])
            .requires(cfg!(petsc_have_hdf5), "PETSc with HDF5"),
        Case::new("formats", formats).ranks(&[1, 2, 3]),
        Case::new("ascii_tabs_and_sub_viewers", ascii_tabs_and_sub_viewers).ranks(&[1, 2, 3]),
        Case::new("ascii_tab_totals", ascii_tab_totals).ranks(&[1, 2, 3]),
        Case::new("generic_creation", generic_creation).ranks(&[1, 2]),
        Case::new("vtk_output", vtk_output).ranks(&[1, 2]),
        Case::new("object_compose", object_compose),
        Case::new("object_state", object_state).ranks(&[1, 2]),
    ]
}
