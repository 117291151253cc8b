//! petsc4py's `test_mat_dense.py`, ported: dense matrices (sequential, parallel, and
//! of the type chosen by the communicator) of `m` rows per rank and `N` columns, with
//! and without a block size, filled by rows of increasing values; their diagonal
//! blocks, sub-matrices and columns lent on their memory, and implicit transposes.

use petsc::{InsertMode, Int, Mat, MatDuplicateOption, NormType, Object, Petsc, Scalar, Sizes};
use petsc_tests::Case;

/// One test class: its communicator, type, grid (`GM` rows per rank, `GN` columns,
/// in blocks) and block size.
#[derive(Clone)]
struct Config {
    world: bool,
    mtype: &'static str,
    grid: (Int, Int),
    bsize: Option<Int>,
}

type Method = fn(&Petsc, &Config) -> petsc::Result<()>;

const METHODS: [(&str, Method); 5] = [
    ("testSetValues", set_values),
    ("testGetDiagonalBlock", get_diagonal_block),
    ("testSubMatrix", sub_matrix),
    ("testColumnVec", column_vec),
    ("testCreateTranspose", create_transpose),
];

pub fn cases() -> Vec<Case> {
    let mut classes: Vec<(String, Config)> = Vec::new();
    let mut add = |name: String, world: bool, mtype, grid, bsize| {
        classes.push((
            name,
            Config {
                world,
                mtype,
                grid,
                bsize,
            },
        ))
    };
    let grids = [
        ("G23", (2, 3)),
        ("G45", (4, 5)),
        ("G77", (7, 7)),
        ("G89", (8, 9)),
    ];
    // Without a block size.
    add("BaseTestMatDense".into(), true, "dense", (0, 0), None);
    for (base, world, mtype) in [
        ("TestMatSeqDense", false, "seqdense"),
        ("TestMatMPIDense", true, "mpidense"),
    ] {
        add(base.into(), world, mtype, (0, 0), None);
        for (g, grid) in grids {
            add(format!("{base}_{g}"), world, mtype, grid, None);
        }
    }
    // With block sizes 1 to 5 (the sequential classes skip G77).
    add("BaseTestMatDense_B".into(), true, "dense", (0, 0), Some(1));
    for (base, world, mtype) in [
        ("TestMatSeqDense_B", false, "seqdense"),
        ("TestMatMPIDense_B", true, "mpidense"),
    ] {
        add(base.into(), world, mtype, (0, 0), Some(1));
        for (g, grid) in grids.into_iter().filter(|(g, _)| world || *g != "G77") {
            add(format!("{base}_{g}"), world, mtype, grid, Some(1));
            for bs in 2..=5 {
                add(format!("{base}_{g}_B{bs}"), world, mtype, grid, Some(bs));
            }
        }
    }
    let mut cases = Vec::new();
    for (class, cfg) in classes {
        for (method, body) in METHODS {
            let c = cfg.clone();
            let case = Case::with(format!("{class}::{method}"), move |p| body(p, &c));
            cases.push(if cfg.world { case.ranks(&[1, 2]) } else { case });
        }
    }
    cases
}

/// `setUp`: `GM * bs` rows on each rank, `GN * bs` columns, the block size if any, the
/// type.
fn set_up(petsc: &Petsc, cfg: &Config) -> petsc::Result<Mat> {
    let comm = if cfg.world {
        petsc.world()
    } else {
        petsc.self_comm()
    };
    let bs = cfg.bsize.unwrap_or(1);
    let (m, n) = cfg.grid;
    let mut a = Mat::new(&comm)?;
    a.set_sizes_to(Sizes {
        local_rows: Some(m * bs),
        global_cols: Some(n * bs),
        ..Default::default()
    })?;
    if let Some(bs) = cfg.bsize {
        a.set_block_size(bs)?;
    }
    a.set_type_name(cfg.mtype)?;
    Ok(a)
}

/// `_preallocate`, with the block size checked for the classes that have one.
fn preallocate(a: &mut Mat, cfg: &Config) -> petsc::Result<()> {
    a.set_preallocation_dense()?;
    if let Some(bs) = cfg.bsize {
        assert_eq!(a.block_size()?, bs);
    }
    Ok(())
}

/// `_set_values`: this rank's `GM` (block) rows, all `GN` (block) columns, values
/// `0, 1, 2, ...` by rows, set by blocks when the class has a block size.
fn fill(a: &mut Mat, cfg: &Config) -> petsc::Result<()> {
    let (m, n) = cfg.grid;
    let bs = cfg.bsize.unwrap_or(1);
    let start = m * a.comm().rank() as Int;
    let rows: Vec<Int> = (start..start + m).collect();
    let cols: Vec<Int> = (0..n).collect();
    let vals: Vec<Scalar> = (0..m * n * bs * bs)
        .map(|k| Scalar::from(k as f64))
        .collect();
    if cfg.bsize.is_some() {
        a.set_values_blocked(&rows, &cols, &vals, InsertMode::Insert)
    } else {
        a.set_values(&rows, &cols, &vals, InsertMode::Insert)
    }
}

/// A matrix of the class, preallocated, filled and assembled.
fn assembled(petsc: &Petsc, cfg: &Config) -> petsc::Result<Mat> {
    let mut a = set_up(petsc, cfg)?;
    preallocate(&mut a, cfg)?;
    fill(&mut a, cfg)?;
    a.assemble()?;
    Ok(a)
}

fn set_values(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut a = assembled(petsc, cfg)?;
    // petsc4py compares nothing (`_chk_array` returns at once): filling again works.
    fill(&mut a, cfg)?;
    a.assemble()
}

fn get_diagonal_block(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut a = set_up(petsc, cfg)?;
    let (big_m, big_n) = a.size()?;
    if big_m != big_n {
        return Ok(()); // only for square matrices
    }
    preallocate(&mut a, cfg)?;
    fill(&mut a, cfg)?;
    a.assemble()?;
    let b = a.diagonal_block()?;
    assert_eq!(a.local_size()?, b.size()?);
    Ok(())
}

fn sub_matrix(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut a = assembled(petsc, cfg)?;
    let (big_m, big_n) = a.size()?;
    let x = {
        let b = a.dense_sub_matrix(0..big_m, 0..big_n)?;
        let x = b.duplicate(MatDuplicateOption::CopyValues)?;
        Mat::restore_dense_sub_matrix(b)?;
        x
    };
    assert!(a.equal(&x)?);
    drop(x);
    let (rst, cst) = (1.min(big_m), 2.min(big_n));
    let (ren, cen) = (3.min(big_m), 5.min(big_n));
    let b = a.dense_sub_matrix(rst..ren, cst..cen)?;
    assert_eq!(b.size()?, (ren - rst, cen - cst));
    Mat::restore_dense_sub_matrix(b)?;
    // petsc4py's keyword form gives the same block.
    let b = a.dense_sub_matrix(rst..ren, cst..cen)?;
    assert_eq!(b.size()?, (ren - rst, cen - cst));
    Mat::restore_dense_sub_matrix(b)
}

fn column_vec(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut a = assembled(petsc, cfg)?;
    let (_, mut x) = a.create_vecs()?; // createVecLeft
    x.set_random(None)?;
    for i in 0..a.size()?.1 {
        let mut c = a.dense_column_vec(i)?;
        c.copy_from(&x)?;
        Mat::restore_dense_column_vec(c)?;
        let c = a.dense_column_vec_read(i)?;
        assert!(c.equal(&x)?);
        Mat::restore_dense_column_vec_read(c)?;
        let mut c = a.dense_column_vec_write(i)?;
        c.set(Scalar::from(0.0))?;
        Mat::restore_dense_column_vec(c)?;
        if i > 0 {
            let c = a.dense_column_vec_read(i - 1)?;
            assert_eq!(c.norm(NormType::Two)?, 0.0);
            Mat::restore_dense_column_vec_read(c)?;
        }
    }
    Ok(())
}

fn create_transpose(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let a = assembled(petsc, cfg)?;
    let at = a.create_transpose()?;
    let (mut x, mut y) = a.create_vecs()?;
    let (mut xt, mut yt) = at.create_vecs()?;
    y.set_random(None)?;
    a.mult_transpose(&y, &mut x)?;
    xt.copy_from(&y)?;
    at.mult(&xt, &mut yt)?;
    assert!(yt.equal(&x)?);
    x.set_random(None)?;
    a.mult(&x, &mut y)?;
    yt.copy_from(&x)?;
    at.mult_transpose(&yt, &mut xt)?;
    assert!(xt.equal(&y)?);
    let underlying = at.transpose_mat()?;
    assert!(underlying.equal(&a)?);
    Ok(())
}
