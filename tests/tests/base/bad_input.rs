//! Bad input from outside the program (options, files, absurd sizes) is a clear `Err`,
//! the same on every rank when the call is collective, instead of a silently wrong
//! value, a crash in a later call, or gigabytes allocated before PETSc fails.

use petsc::mpi::traits::*;
use petsc::{Da, FileMode, InsertMode, Int, Mat, Object, Petsc, Real, Scalar, Vector, Viewer};
use petsc_tests::Case;

/// Asserts that `r` is an `Err` whose message contains every one of `parts`.
fn err_with<T: std::fmt::Debug>(r: petsc::Result<T>, parts: &[&str]) {
    match r {
        Ok(v) => panic!("expected an Err mentioning {parts:?}, got Ok({v:?})"),
        Err(e) => {
            let msg = e.to_string();
            for p in parts {
                assert!(msg.contains(p), "{p:?} not in the error: {msg}");
            }
        }
    }
}

/// Integers that do not fit `PetscInt` are an `Err` naming the option and the value
/// (PETSc read `99999999999` as 1215752191); the forms PETSc accepts still work.
fn int_options_that_overflow(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options();
    let big = if Int::BITS == 32 {
        "99999999999"
    } else {
        "99999999999999999999"
    };
    opts.set_value("bi_n", big)?;
    err_with(
        opts.get::<Int>("bi_n"),
        &["-bi_n", big, "does not fit PetscInt"],
    );
    err_with(opts.get_or::<Int>("bi_n", 3), &["-bi_n", big]);
    // One past each end of the range, and the ends themselves.
    let above = (i128::from(Int::MAX) + 1).to_string();
    let below = (i128::from(Int::MIN) - 1).to_string();
    for text in [&above, &below] {
        opts.set_value("bi_n", text)?;
        err_with(opts.get::<Int>("bi_n"), &["-bi_n", text.as_str()]);
    }
    for (text, want) in [
        (Int::MAX.to_string(), Int::MAX),
        (Int::MIN.to_string(), Int::MIN),
        ("42".to_string(), 42),
        ("-7".to_string(), -7),
        ("+3".to_string(), 3),
        ("0".to_string(), 0),
        ("DECIDE".to_string(), -1),
        ("PETSC_DEFAULT".to_string(), -2),
    ] {
        opts.set_value("bi_n", &text)?;
        assert_eq!(opts.get::<Int>("bi_n")?, Some(want), "{text}");
    }
    // PETSc refuses these itself, as before.
    for text in ["1e3", "2.5", "12abc"] {
        opts.set_value("bi_n", text)?;
        assert!(opts.get::<Int>("bi_n").is_err(), "{text}");
    }
    // Through a prefix, the message names the full option.
    petsc.options().set_value("bi_pre_n", big)?;
    err_with(
        petsc.options_with_prefix("bi_pre_").get::<Int>("n"),
        &["-bi_pre_n", big],
    );
    petsc.options().clear_value("bi_pre_n")?;

    // Arrays: every element is checked, ranges too; more values than asked is an Err.
    opts.set_value("bi_arr", &format!("1,{big},3"))?;
    err_with(opts.get_array::<Int>("bi_arr", 8), &["-bi_arr", big]);
    opts.set_value("bi_arr", &format!("0-{big}"))?;
    err_with(opts.get_array::<Int>("bi_arr", 8), &["-bi_arr", big]);
    opts.set_value("bi_arr", "3,4,5")?;
    assert_eq!(opts.get_array::<Int>("bi_arr", 8)?, Some(vec![3, 4, 5]));
    assert_eq!(opts.get_array::<Int>("bi_arr", 3)?, Some(vec![3, 4, 5]));
    err_with(
        opts.get_array::<Int>("bi_arr", 2),
        &["-bi_arr", "more than the 2 values"],
    );
    opts.set_value("bi_arr", "0-4,7,10-20:5")?;
    assert_eq!(
        opts.get_array::<Int>("bi_arr", 10)?,
        Some(vec![0, 1, 2, 3, 7, 10, 15])
    );
    opts.set_value("bi_arr", "-3,-1")?;
    assert_eq!(opts.get_array::<Int>("bi_arr", 2)?, Some(vec![-3, -1]));
    // A range longer than the room PETSc is given: grows as needed, not with `max`.
    opts.set_value("bi_arr", "0-200")?;
    let v = opts
        .get_array::<Int>("bi_arr", 1_000_000_000)?
        .expect("set");
    assert_eq!(v.len(), 200);
    assert_eq!(v[199], 199);
    assert_eq!(opts.get_array::<Int>("bi_none", 1_000_000_000)?, None);
    opts.clear_value("bi_arr")?;
    opts.clear_value("bi_n")?;
    Ok(())
}

/// Reals out of range (`1e400` read as infinity, `1e-400` as 0) are an `Err`; written
/// infinities and NaN, and ordinary numbers, read as before.
fn real_options_out_of_range(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options();
    for text in ["1e400", "-1e400", "1e-400", "-2.5e-999"] {
        opts.set_value("br_x", text)?;
        err_with(opts.get::<Real>("br_x"), &["-br_x", text]);
    }
    opts.set_value("br_x", "1e400")?;
    err_with(opts.get::<Scalar>("br_x"), &["-br_x", "overflows"]);
    for (text, want) in [
        ("1e-8", 1e-8),
        ("-2.5", -2.5),
        ("0", 0.0),
        ("0.0e-400", 0.0),
        ("1e-300", 1e-300),
    ] {
        opts.set_value("br_x", text)?;
        assert_eq!(opts.get::<Real>("br_x")?, Some(want as Real), "{text}");
    }
    opts.set_value("br_x", "inf")?;
    assert_eq!(opts.get::<Real>("br_x")?, Some(Real::INFINITY));
    opts.set_value("br_x", "-Infinity")?;
    assert_eq!(opts.get::<Real>("br_x")?, Some(Real::NEG_INFINITY));
    opts.set_value("br_x", "nan")?;
    assert!(opts.get::<Real>("br_x")?.expect("set").is_nan());
    opts.set_value("br_x", "abc")?;
    assert!(opts.get::<Real>("br_x").is_err());
    opts.clear_value("br_x")?;
    Ok(())
}

/// A NUL byte in a prefix is an `Err` on every use (the prefix used to be dropped, so
/// the unprefixed option was read), for the options database and for objects.
fn prefix_with_nul(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options();
    opts.set_value("pn_n", "5")?;
    let bad = petsc.options_with_prefix("a\0b_");
    err_with(bad.get::<Int>("pn_n"), &["NUL"]);
    err_with(bad.get::<String>("pn_n"), &["NUL"]);
    err_with(bad.has("pn_n"), &["NUL"]);
    err_with(bad.get_array::<Int>("pn_n", 4), &["NUL"]);
    err_with(bad.set_value("pn_m", "1"), &["NUL"]);
    assert!(!opts.has("pn_m")?);
    let mut x = Vector::new_seq(&petsc.self_comm(), 2)?;
    err_with(x.set_options_prefix("p\0q_"), &["NUL"]);
    assert_eq!(x.options_prefix()?, "");
    err_with(
        Da::builder(&petsc.world(), 1)
            .sizes(4, 1, 1)
            .options_prefix("d\0_")
            .build(),
        &["NUL"],
    );
    // A good prefix still works.
    opts.set_value("pn_ok_n", "6")?;
    assert_eq!(
        petsc.options_with_prefix("pn_ok_").get::<Int>("n")?,
        Some(6)
    );
    opts.clear_value("pn_ok_n")?;
    opts.clear_value("pn_n")?;
    Ok(())
}

/// A string value longer than any fixed buffer is returned whole (it was cut at 4095
/// bytes).
fn long_string_values(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options();
    for n in [4095, 4096, 4097, 100_000] {
        let long: String = (0..n).map(|i| (b'a' + (i % 26) as u8) as char).collect();
        opts.set_value("ls_v", &long)?;
        let got = opts.get::<String>("ls_v")?.expect("set");
        assert_eq!(got.len(), n);
        assert_eq!(got, long);
    }
    opts.set_value("ls_flag", "")?;
    assert_eq!(opts.get::<String>("ls_flag")?.as_deref(), Some(""));
    assert_eq!(opts.get::<String>("ls_missing")?, None);
    opts.insert_string("-ls_words hello")?;
    assert_eq!(opts.get::<String>("ls_words")?.as_deref(), Some("hello"));
    opts.clear_value("ls_v")?;
    opts.clear_value("ls_flag")?;
    opts.clear_value("ls_words")?;
    Ok(())
}

/// A matrix in PETSc's binary format, written by hand: header, row lengths, column
/// indices and values as big-endian `PetscInt`s and scalars.
fn matrix_bytes(header: [i64; 4], row_lens: &[i64], cols: &[i64], vals: &[f64]) -> Vec<u8> {
    let mut b = Vec::new();
    for &v in header.iter().chain(row_lens).chain(cols) {
        b.extend_from_slice(&(v as Int).to_be_bytes());
    }
    for &v in vals {
        b.extend_from_slice(&(v as Real).to_be_bytes());
        if petsc::SCALAR_IS_COMPLEX {
            b.extend_from_slice(&(0.0 as Real).to_be_bytes());
        }
    }
    b
}

/// Writes `bytes` on rank 0 to a file whose name every rank shares, and loads it.
fn load_bytes(petsc: &Petsc, tag: &str, bytes: &[u8]) -> petsc::Result<Mat> {
    let world = petsc.world();
    // One name on every rank: rank 0's process id, broadcast.
    let mut id = std::process::id();
    petsc.mpi_world().process_at_rank(0).broadcast_into(&mut id);
    let path = std::env::temp_dir().join(format!(
        "petsc-rs-bad-input-{id}-{}-{tag}.bin",
        world.size()
    ));
    let path = path.to_str().expect("utf-8 temp dir").to_string();
    if world.rank() == 0 {
        std::fs::write(&path, bytes).expect("write the matrix file");
    }
    world.barrier()?;
    let loaded = Viewer::binary_file(&world, &path, FileMode::Read)
        .and_then(|viewer| Mat::load(&world, &viewer));
    world.barrier()?;
    if world.rank() == 0 {
        let _ = std::fs::remove_file(&path);
        let _ = std::fs::remove_file(format!("{path}.info"));
    }
    loaded
}

/// y = A x on every rank, gathered.
fn product(a: &Mat, x: &[f64]) -> petsc::Result<Vec<Scalar>> {
    let (mut xv, mut y) = a.create_vecs()?;
    let r = xv.ownership_range()?;
    let idx: Vec<Int> = r.clone().collect();
    let vals: Vec<Scalar> = idx.iter().map(|&i| Scalar::from(x[i as usize])).collect();
    xv.set_values(&idx, &vals, InsertMode::Insert)?;
    xv.assemble()?;
    a.mult(&xv, &mut y)?;
    let all = y.to_all()?;
    let v = all.view()?.to_vec();
    Ok(v)
}

const CLASS: i64 = 1211216;

/// Untrusted matrix files: every malformed one is the same `Err` on every rank, naming
/// the problem (before, `Mat::load` succeeded and the next product crashed); a correct
/// one loads and multiplies as before.
fn mat_load_checks_the_file(petsc: &Petsc) -> petsc::Result<()> {
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "huge-column",
            matrix_bytes(
                [CLASS, 4, 4, 4],
                &[1, 1, 1, 1],
                &[100_000_000, 1, 2, 3],
                &[1.0; 4],
            ),
            "column index 100000000 of row 0 is not below the 4 columns",
        ),
        (
            "negative-column",
            matrix_bytes([CLASS, 4, 4, 4], &[1, 1, 1, 1], &[0, -1, 2, 3], &[1.0; 4]),
            "column index -1 of row 1 is negative",
        ),
        (
            "negative-row-length",
            matrix_bytes(
                [CLASS, 4, 4, 4],
                &[1, 1, -1, 3],
                &[0, 1, 0, 1, 2],
                &[1.0; 4],
            ),
            "row 2 has length -1",
        ),
        (
            "lengths-disagree",
            matrix_bytes([CLASS, 4, 4, 4], &[1, 1, 1, 2], &[0, 1, 2, 2, 3], &[1.0; 5]),
            "the row lengths add up to 5, but the header gives 4 nonzeros",
        ),
        (
            "row-too-long",
            matrix_bytes([CLASS, 2, 2, 3], &[3, 0], &[0, 1, 1], &[1.0; 3]),
            "row 0 has length 3, more than the 2 columns",
        ),
        (
            "unsorted",
            matrix_bytes([CLASS, 2, 2, 3], &[2, 1], &[1, 0, 1], &[1.0; 3]),
            "the column indices of row 0 are not strictly increasing (1 then 0)",
        ),
        (
            "lying-header",
            matrix_bytes(
                [CLASS, 4, 4, 1_000_000_000],
                &[1, 1, 1, 1],
                &[0, 1, 2, 3],
                &[1.0; 4],
            ),
            "the file is too short for a 4 x 4 matrix with 1000000000 nonzeros",
        ),
        (
            "huge-rows",
            matrix_bytes(
                [CLASS, 2_000_000_000, 4, 4],
                &[1, 1, 1, 1],
                &[0, 1, 2, 3],
                &[1.0; 4],
            ),
            "the file is too short for a 2000000000 x 4 matrix",
        ),
        (
            "negative-size",
            matrix_bytes([CLASS, -4, 4, 0], &[], &[], &[]),
            "negative sizes -4 x 4",
        ),
        (
            "not-a-matrix",
            matrix_bytes([1211214, 4, 0, 0], &[], &[], &[]),
            "the class id is 1211214, not MAT_FILE_CLASSID 1211216",
        ),
        ("empty", Vec::new(), "ends inside the matrix header"),
    ];
    for (tag, bytes, want) in cases {
        let r = load_bytes(petsc, tag, &bytes);
        err_with(r, &["Mat::load", want]);
    }
    // [[2, -1, 0, 0], [-1, 2, -1, 0], [0, -1, 2, -1], [0, 0, -1, 2]]
    let lens = [2, 3, 3, 2];
    let cols = [0, 1, 0, 1, 2, 1, 2, 3, 2, 3];
    let vals = [2.0, -1.0, -1.0, 2.0, -1.0, -1.0, 2.0, -1.0, -1.0, 2.0];
    let good = matrix_bytes([CLASS, 4, 4, 10], &lens, &cols, &vals);
    let a = load_bytes(petsc, "good", &good)?;
    assert_eq!(a.size()?, (4, 4));
    let y = product(&a, &[1.0, 2.0, 3.0, 4.0])?;
    assert_eq!(y, [0.0, 0.0, 0.0, 5.0].map(Scalar::from));

    // A matrix PETSc wrote itself loads too.
    let world = petsc.world();
    let mut id = std::process::id();
    petsc.mpi_world().process_at_rank(0).broadcast_into(&mut id);
    let path =
        std::env::temp_dir().join(format!("petsc-rs-bad-input-{id}-{}-own.bin", world.size()));
    let path = path.to_str().expect("utf-8").to_string();
    a.view_with(&Viewer::binary_file(&world, &path, FileMode::Write)?)?;
    let b = Mat::load(&world, &Viewer::binary_file(&world, &path, FileMode::Read)?)?;
    assert_eq!(product(&b, &[1.0, 2.0, 3.0, 4.0])?, y);
    // Two matrices in one file: the second is checked at the viewer's position.
    {
        let viewer = Viewer::binary_file(&world, &path, FileMode::Write)?;
        a.view_with(&viewer)?;
        b.view_with(&viewer)?;
    }
    {
        let viewer = Viewer::binary_file(&world, &path, FileMode::Read)?;
        let first = Mat::load(&world, &viewer)?;
        let second = Mat::load(&world, &viewer)?;
        assert_eq!(
            product(&first, &[1.0, 0.0, 0.0, 0.0])?,
            product(&second, &[1.0, 0.0, 0.0, 0.0])?
        );
        // Nothing left: the third is an Err, not a crash.
        err_with(
            Mat::load(&world, &viewer),
            &["ends inside the matrix header"],
        );
    }
    // A viewer opened for writing is refused before PETSc reads from it.
    err_with(
        Mat::load(
            &world,
            &Viewer::binary_file(&world, &path, FileMode::Write)?,
        ),
        &["open for writing"],
    );
    world.barrier()?;
    if world.rank() == 0 {
        let _ = std::fs::remove_file(&path);
        let _ = std::fs::remove_file(format!("{path}.info"));
    }

    // Viewers reading through MPI-IO are checked at their own offset.
    petsc.options().set_value("viewer_binary_mpiio", "")?;
    let mpiio = (|| {
        let a = load_bytes(petsc, "mpiio-good", &good)?;
        assert_eq!(product(&a, &[1.0, 2.0, 3.0, 4.0])?, y);
        let bad = matrix_bytes([CLASS, 4, 4, 4], &[1, 1, 1, 1], &[0, 1, 2, 9], &[1.0; 4]);
        err_with(
            load_bytes(petsc, "mpiio-bad", &bad),
            &["column index 9 of row 3 is not below the 4 columns"],
        );
        Ok(())
    })();
    petsc.options().clear_value("viewer_binary_mpiio")?;
    mpiio
}

/// A grid whose number of values does not fit `PetscInt`, or whose ghosted piece does
/// not, is an `Err` naming the sizes before anything is allocated (a `dof` of
/// `Int::MAX` used to allocate gigabytes first).
fn dmda_sizes_that_overflow(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let max = Int::MAX;
    err_with(
        Da::builder(&world, 2).sizes(4, 4, 1).dof(max).build(),
        &[
            "4 x 4 points with dof",
            &max.to_string(),
            "more than PetscInt holds",
        ],
    );
    err_with(
        Da::builder(&world, 1).sizes(max, 1, 1).dof(2).build(),
        &[&format!("{max} points with dof 2")],
    );
    let side: Int = if Int::BITS == 32 { 100_000 } else { 3_000_000 };
    err_with(
        Da::builder(&world, 3).sizes(side, side, side).build(),
        &[&format!("{side} x {side} x {side} points with dof 1")],
    );
    err_with(
        Da::builder(&world, 2).sizes(max, max, 1).dof(max).build(),
        &["more than PetscInt holds"],
    );
    // A width wider than the whole grid (one rank, where PETSc let it through and
    // sized index arrays by it; on more ranks the pieces are too thin for it anyway).
    let r = Da::builder(&world, 1)
        .sizes(1, 1, 1)
        .stencil_width(max / 2)
        .build();
    if world.size() == 1 {
        err_with(
            r,
            &[&format!(
                "stencil width {} is wider than the whole grid of 1 points",
                max / 2
            )],
        );
    } else {
        err_with(r, &["fewer points than ranks"]);
    }
    let r = Da::builder(&world, 3)
        .sizes(2, 2, 2)
        .stencil_width(3)
        .build();
    if world.size() == 1 {
        // PETSc clips the ghosts at the edges of a direction it does not split: a
        // stencil wider than the grid works there (as in C).
        let da = r?;
        assert_eq!(
            da.ghost_corners()?,
            petsc::Corners {
                start: [0; 3],
                len: [2; 3]
            }
        );
        let mut g = da.create_global_vector()?;
        g.set(1.0)?;
        let mut l = da.create_local_vector()?;
        da.global_to_local(&g, petsc::InsertMode::Insert, &mut l)?;
        assert_eq!(l.sum()?, petsc::Scalar::from(8.0));
    } else {
        assert!(r.is_err());
    }
    // A ghosted piece that does not fit although the grid does: 1D, one rank, a
    // periodic line (ghosts on both ends are not clipped).
    if world.size() == 1 && Int::BITS == 32 {
        let n = max - 10;
        err_with(
            Da::builder(&world, 1)
                .sizes(n, 1, 1)
                .stencil_width(6)
                .boundary(
                    petsc::BoundaryType::Periodic,
                    petsc::BoundaryType::None,
                    petsc::BoundaryType::None,
                )
                .build(),
            &["stencil width 6 and dof 1", "ghosted piece"],
        );
    }
    // Sizes from the options database are checked too, before DMSetUp.
    let opts = petsc.options();
    let big = (max / 2).to_string();
    opts.set_value("ovf_da_grid_x", &big)?;
    opts.set_value("ovf_da_grid_y", &big)?;
    err_with(
        Da::builder(&world, 2)
            .sizes(4, 4, 1)
            .options_prefix("ovf_")
            .from_options(true)
            .build(),
        &[&format!("{big} x {big} points"), "more than PetscInt holds"],
    );
    opts.clear_value("ovf_da_grid_x")?;
    opts.clear_value("ovf_da_grid_y")?;
    // The width is checked against the grid the options make, not the one given.
    opts.set_value("wide_da_grid_x", "30")?;
    let da = Da::builder(&world, 1)
        .sizes(3, 1, 1)
        .stencil_width(5)
        .options_prefix("wide_")
        .from_options(true)
        .build()?;
    assert_eq!((da.info()?.mx, da.info()?.stencil_width), (30, 5));
    opts.clear_value("wide_da_grid_x")?;
    // Ordinary grids are unchanged.
    let da = Da::builder(&world, 2).sizes(8, 6, 1).dof(3).build()?;
    let info = da.info()?;
    assert_eq!((info.mx, info.my, info.dof), (8, 6, 3));
    let da = Da::builder(&world, 3)
        .sizes(5, 4, 1)
        .stencil_width(1)
        .build()?;
    assert_eq!(da.create_global_vector()?.size()?, 20);
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("int_options_that_overflow", int_options_that_overflow).ranks(&[1, 2, 3]),
        Case::new("real_options_out_of_range", real_options_out_of_range),
        Case::new("prefix_with_nul", prefix_with_nul).ranks(&[1, 2, 3]),
        Case::new("long_string_values", long_string_values),
        Case::new("mat_load_checks_the_file", mat_load_checks_the_file).ranks(&[1, 2, 3]),
        Case::new("dmda_sizes_that_overflow", dmda_sizes_that_overflow).ranks(&[1, 2, 3]),
    ]
}
