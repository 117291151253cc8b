//! Bad-input torture test: every public constructor and setter given nonsense, each case
//! in its own process, so that a crash, an abort or a hang is caught and classified
//! instead of taking the whole run down.
//!
//! The parent re-executes this binary with `--torture-case NAME` (under `mpiexec -n 2` for the
//! multi-rank cases), enforces a time limit and classifies each case:
//!
//! - `clean`: the expected `Err`, whose message names the problem (asserted on a
//!   substring);
//! - `vague`: an `Err`, but its message does not say what was wrong;
//! - `wrong`: `Ok` where an `Err` was expected, or a wrong value (silently wrong);
//! - `panic`: the case panicked outside a callback;
//! - `abort`: a signal (segfault, `SIGABRT`), an MPI abort, or an exit without an
//!   outcome line;
//! - `hang`: killed after the time limit.
//!
//! The parent prints the counts per category and per module, lists every case that is
//! not clean with the tail of its output, and fails unless every case is clean.

use std::fmt::Debug;
use std::io::Write;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use petsc::{
    BoundaryType, Csr, Da, FileMode, InsertMode, Int, Ksp, Mat, MatDuplicateOption, NormType,
    Object, Pc, Petsc, Real, Scalar, Sizes, Snes, Stencil, Ts, TsType, Vector, Viewer,
};
use petsc_tests::{is_openmpi, launcher, run_with_timeout};

/// Time limit of one case: a case takes under a second alone, but on a loaded two-core
/// machine (builds beside the suite) cases that pass alone have run past 45 s; a case
/// that hangs still ends here.
const LIMIT: Duration = Duration::from_secs(120);

/// What a case found.
enum Verdict {
    /// The expected `Err`, naming the problem.
    Clean(String),
    /// An `Err` whose message lacks what it should name.
    Vague(String),
    /// `Ok` where an `Err` was expected, or a wrong value.
    Wrong(String),
}

type Body = fn(&Petsc) -> petsc::Result<Verdict>;

struct T {
    module: &'static str,
    name: &'static str,
    ranks: usize,
    body: Body,
}

macro_rules! case {
    ($m:literal, $n:literal, $r:expr, |$p:ident| $body:expr) => {
        T {
            module: $m,
            name: $n,
            ranks: $r,
            body: {
                #[allow(unused_variables)]
                fn f($p: &Petsc) -> petsc::Result<Verdict> {
                    $body
                }
                f
            },
        }
    };
    ($m:literal, $n:literal, |$p:ident| $body:expr) => {
        case!($m, $n, 1, |$p| $body)
    };
}

/// `r` must be an `Err` whose message contains every part (a part `"a|b"` is satisfied
/// by either alternative).
fn expect<T: Debug>(r: petsc::Result<T>, parts: &[&str]) -> Verdict {
    match r {
        Ok(v) => Verdict::Wrong(format!(
            "returned Ok({v:?}); expected an Err naming {parts:?}"
        )),
        Err(e) => {
            let msg = e.report();
            let missing: Vec<&&str> = parts
                .iter()
                .filter(|p| !p.split('|').any(|alt| msg.contains(alt)))
                .collect();
            if missing.is_empty() {
                Verdict::Clean(msg)
            } else {
                Verdict::Vague(format!("Err lacks {missing:?}: {msg}"))
            }
        }
    }
}

fn s(x: f64) -> Scalar {
    Scalar::from(x)
}

fn vecf(p: &Petsc, v: &[f64]) -> petsc::Result<Vector> {
    let vals: Vec<Scalar> = v.iter().map(|&x| s(x)).collect();
    Vector::from_slice(&p.self_comm(), &vals)
}

fn seqv(p: &Petsc, n: Int) -> petsc::Result<Vector> {
    let mut v = Vector::new_seq(&p.self_comm(), n)?;
    v.set(1.0)?;
    Ok(v)
}

/// The assembled `n x n` tridiagonal matrix [-1, 2, -1] on one rank.
fn lap(p: &Petsc, n: Int) -> petsc::Result<Mat> {
    let mut a = Mat::aij(&p.self_comm())
        .sizes(Sizes::global(n, n))
        .preallocate(3, 0)
        .build()?;
    for i in 0..n {
        for j in [i - 1, i, i + 1] {
            if (0..n).contains(&j) {
                a.set_value(i, j, if i == j { 2.0 } else { -1.0 }, InsertMode::Insert)?;
            }
        }
    }
    a.assemble()?;
    Ok(a)
}

/// The same on the world communicator, rows split by PETSc.
fn lap_world(p: &Petsc, n: Int) -> petsc::Result<Mat> {
    let mut a = Mat::aij(&p.world())
        .sizes(Sizes::global(n, n))
        .preallocate(3, 2)
        .build()?;
    for i in a.ownership_range()? {
        for j in [i - 1, i, i + 1] {
            if (0..n).contains(&j) {
                a.set_value(i, j, if i == j { 2.0 } else { -1.0 }, InsertMode::Insert)?;
            }
        }
    }
    a.assemble()?;
    Ok(a)
}

fn ksp_with(p: &Petsc, n: Int) -> petsc::Result<(Ksp, Vector, Vector)> {
    let a = lap(p, n)?;
    let mut ksp = Ksp::new(&p.self_comm())?;
    ksp.set_operators(&a, &a)?;
    let (x, mut b) = a.create_vecs()?;
    b.set(1.0)?;
    Ok((ksp, b, x))
}

/// A scratch file name unique to this process (and shared by the ranks of a job through
/// the case name only when run on one rank).
fn tmp(tag: &str) -> String {
    std::env::temp_dir()
        .join(format!("petsc-rs-torture-{}-{tag}", std::process::id()))
        .to_str()
        .expect("utf-8 temp dir")
        .to_string()
}

fn write_file(path: &str, bytes: &[u8]) {
    std::fs::write(path, bytes).expect("write scratch file");
}

fn int_bytes(v: &[i64]) -> Vec<u8> {
    v.iter().flat_map(|&x| (x as Int).to_be_bytes()).collect()
}

/// A vector file written by PETSc, cut to `keep` bytes.
fn vec_file(p: &Petsc, tag: &str, keep: Option<usize>) -> petsc::Result<String> {
    let path = tmp(tag);
    let x = vecf(p, &[1.0, 2.0, 3.0, 4.0, 5.0])?;
    x.view_with(&Viewer::binary_file(
        &p.self_comm(),
        &path,
        FileMode::Write,
    )?)?;
    if let Some(k) = keep {
        let b = std::fs::read(&path).expect("read back");
        write_file(&path, &b[..k.min(b.len())]);
    }
    Ok(path)
}

fn mat_file(p: &Petsc, tag: &str, keep: Option<usize>) -> petsc::Result<String> {
    let path = tmp(tag);
    let a = lap(p, 5)?;
    a.view_with(&Viewer::binary_file(
        &p.self_comm(),
        &path,
        FileMode::Write,
    )?)?;
    if let Some(k) = keep {
        let b = std::fs::read(&path).expect("read back");
        write_file(&path, &b[..k.min(b.len())]);
    }
    Ok(path)
}

fn load_vec(p: &Petsc, path: &str) -> petsc::Result<Vector> {
    let c = p.self_comm();
    Vector::load(&c, &Viewer::binary_file(&c, path, FileMode::Read)?)
}

fn load_mat(p: &Petsc, path: &str) -> petsc::Result<Mat> {
    let c = p.self_comm();
    Mat::load(&c, &Viewer::binary_file(&c, path, FileMode::Read)?)
}

fn da1(p: &Petsc, n: Int) -> petsc::Result<Da> {
    Da::grid(&p.self_comm()).sizes([n]).build()
}

const NUL: &str = "NUL";

fn vec_cases() -> Vec<T> {
    vec![
        case!("vec", "vec_new_seq_negative", |p| {
            Ok(expect(Vector::new_seq(&p.self_comm(), -1), &["negative"]))
        }),
        case!("vec", "vec_new_seq_int_min", |p| {
            Ok(expect(
                Vector::new_seq(&p.self_comm(), Int::MIN),
                &["negative"],
            ))
        }),
        case!("vec", "vec_new_mpi_no_sizes", |p| {
            Ok(expect(
                Vector::new_mpi(&p.world(), None, None),
                &["local or the global"],
            ))
        }),
        case!("vec", "vec_new_mpi_sum_mismatch", |p| {
            Ok(expect(
                Vector::new_mpi(&p.world(), Some(3), Some(5)),
                &["add up to"],
            ))
        }),
        case!("vec", "vec_new_mpi_negative_global", |p| {
            Ok(expect(
                Vector::new_mpi(&p.world(), None, Some(-4)),
                &["negative"],
            ))
        }),
        case!("vec", "vec_new_from_options_negative", |p| {
            Ok(expect(
                Vector::new_from_options(&p.world(), Some(-2), None),
                &["negative"],
            ))
        }),
        case!("vec", "vec_new_from_options_bad_type", |p| {
            p.options().set_value("vec_type", "nope")?;
            Ok(expect(
                Vector::new_from_options(&p.world(), None, Some(3)),
                &["nope"],
            ))
        }),
        case!("vec", "vec_set_values_len_mismatch", |p| {
            let mut x = seqv(p, 4)?;
            Ok(expect(
                x.set_values(&[0, 1, 2], &[s(1.0), s(2.0)], InsertMode::Insert),
                &["3 indices but 2 values"],
            ))
        }),
        case!("vec", "vec_set_values_index_eq_size", |p| {
            let mut x = seqv(p, 4)?;
            Ok(expect(
                x.set_values(&[4], &[s(1.0)], InsertMode::Insert),
                &["index 4", "global size 4"],
            ))
        }),
        case!("vec", "vec_set_values_index_huge", |p| {
            let mut x = seqv(p, 4)?;
            Ok(expect(
                x.set_values(&[0, Int::MAX], &[s(1.0); 2], InsertMode::Add),
                &[&Int::MAX.to_string()],
            ))
        }),
        case!("vec", "vec_get_values_out_of_range", |p| {
            let x = seqv(p, 4)?;
            Ok(expect(x.values(&[1, 7]), &["index 7"]))
        }),
        case!("vec", "vec_get_values_negative", |p| {
            let x = seqv(p, 4)?;
            Ok(expect(x.values(&[-3]), &["index -3"]))
        }),
        case!("vec", "vec_copy_from_sizes", |p| {
            let mut y = seqv(p, 4)?;
            Ok(expect(y.copy_from(&seqv(p, 3)?), &["global size 3"]))
        }),
        case!("vec", "vec_axpy_sizes", |p| {
            let mut y = seqv(p, 4)?;
            Ok(expect(y.axpy(2.0, &seqv(p, 3)?), &["size|length"]))
        }),
        case!("vec", "vec_aypx_sizes", |p| {
            let mut y = seqv(p, 4)?;
            Ok(expect(y.aypx(2.0, &seqv(p, 5)?), &["size|length"]))
        }),
        case!("vec", "vec_waxpy_w_sizes", |p| {
            let mut w = seqv(p, 2)?;
            Ok(expect(
                w.waxpy(1.0, &seqv(p, 4)?, &seqv(p, 4)?),
                &["size|length"],
            ))
        }),
        case!("vec", "vec_waxpy_xy_sizes", |p| {
            let mut w = seqv(p, 4)?;
            Ok(expect(
                w.waxpy(1.0, &seqv(p, 4)?, &seqv(p, 3)?),
                &["size|length"],
            ))
        }),
        case!("vec", "vec_pointwise_mult_sizes", |p| {
            let mut w = seqv(p, 4)?;
            Ok(expect(
                w.pointwise_mult(&seqv(p, 4)?, &seqv(p, 6)?),
                &["size|length"],
            ))
        }),
        case!("vec", "vec_pointwise_divide_sizes", |p| {
            let mut w = seqv(p, 3)?;
            Ok(expect(
                w.pointwise_divide(&seqv(p, 4)?, &seqv(p, 4)?),
                &["size|length"],
            ))
        }),
        case!("vec", "vec_pointwise_max_sizes", |p| {
            let mut w = seqv(p, 4)?;
            Ok(expect(
                w.pointwise_max(&seqv(p, 2)?, &seqv(p, 4)?),
                &["size|length"],
            ))
        }),
        case!("vec", "vec_pointwise_min_sizes", |p| {
            let mut w = seqv(p, 4)?;
            Ok(expect(
                w.pointwise_min(&seqv(p, 4)?, &seqv(p, 1)?),
                &["size|length"],
            ))
        }),
        case!("vec", "vec_dot_sizes", |p| {
            Ok(expect(seqv(p, 4)?.dot(&seqv(p, 3)?), &["size|length"]))
        }),
        case!("vec", "vec_tdot_sizes", |p| {
            Ok(expect(seqv(p, 2)?.tdot(&seqv(p, 3)?), &["size|length"]))
        }),
        // PETSc's vector norms take NORM_FROBENIUS as the 2-norm (petsc4py's tests use it).
        case!("vec", "vec_norm_frobenius", |p| {
            let two = seqv(p, 2)?.norm(NormType::Two)?;
            Ok(match seqv(p, 2)?.norm(NormType::Frobenius) {
                Ok(f) if f == two => Verdict::Clean(format!("the 2-norm, {f}")),
                other => Verdict::Wrong(format!("{other:?}; the 2-norm is {two}")),
            })
        }),
        case!("vec", "vec_set_name_nul", |p| {
            Ok(expect(seqv(p, 2)?.set_name("a\0b"), &[NUL]))
        }),
        case!("vec", "vec_prefix_nul", |p| {
            Ok(expect(seqv(p, 2)?.set_options_prefix("p\0_"), &[NUL]))
        }),
        case!("vec", "vec_load_missing_file", |p| {
            Ok(expect(
                load_vec(p, "/nonexistent/dir/x.bin"),
                &["/nonexistent/dir/x.bin"],
            ))
        }),
        case!("vec", "vec_load_garbage", |p| {
            let path = tmp("garbage");
            write_file(
                &path,
                b"this is not a PETSc binary file at all, just text\n",
            );
            Ok(expect(load_vec(p, &path), &["class|Vec|file"]))
        }),
        case!("vec", "vec_load_empty", |p| {
            let path = tmp("empty");
            write_file(&path, b"");
            Ok(expect(load_vec(p, &path), &["read|end|file"]))
        }),
        case!("vec", "vec_load_truncated_header", |p| {
            let path = vec_file(p, "trunc-h", Some(6))?;
            Ok(expect(load_vec(p, &path), &["read|end|file"]))
        }),
        case!("vec", "vec_load_truncated_values", |p| {
            let path = vec_file(p, "trunc-v", Some(2 * std::mem::size_of::<Int>() + 12))?;
            Ok(expect(load_vec(p, &path), &["read|end|file"]))
        }),
        case!("vec", "vec_load_matrix_file", |p| {
            let path = mat_file(p, "vm", None)?;
            Ok(expect(load_vec(p, &path), &["Vec|class|Mat"]))
        }),
        case!("vec", "vec_load_negative_size", |p| {
            let path = tmp("vneg");
            write_file(&path, &int_bytes(&[1211214, -5]));
            Ok(expect(load_vec(p, &path), &["-5|negative"]))
        }),
        case!("vec", "vec_load_lying_size", |p| {
            let path = tmp("vlie");
            let mut b = int_bytes(&[1211214, 1_000_000_000]);
            b.extend_from_slice(&[0u8; 64]);
            write_file(&path, &b);
            Ok(expect(load_vec(p, &path), &["read|end|short|file"]))
        }),
        case!("vec", "vec_load_from_write_viewer", |p| {
            let c = p.self_comm();
            let path = tmp("vw");
            let v = Viewer::binary_file(&c, &path, FileMode::Write)?;
            Ok(expect(Vector::load(&c, &v), &["writ"]))
        }),
        case!("vec", "vec_load_from_ascii_viewer", |p| {
            let c = p.self_comm();
            let path = tmp("va");
            let v = Viewer::ascii_file(&c, &path)?;
            Ok(expect(Vector::load(&c, &v), &["binary|ascii|viewer|type"]))
        }),
    ]
}

fn mat_cases() -> Vec<T> {
    vec![
        case!("mat", "mat_new_aij_negative_rows", |p| {
            Ok(expect(
                Mat::aij(&p.self_comm())
                    .sizes(Sizes::global(-3, 3))
                    .preallocate(1, 0)
                    .build(),
                &["negative"],
            ))
        }),
        case!("mat", "mat_new_aij_negative_cols", |p| {
            Ok(expect(
                Mat::aij(&p.self_comm())
                    .sizes(Sizes::global(3, -1))
                    .preallocate(1, 0)
                    .build(),
                &["negative"],
            ))
        }),
        case!("mat", "mat_new_aij_no_sizes", |p| {
            Ok(expect(
                Mat::aij(&p.self_comm())
                    .sizes(Sizes::default())
                    .preallocate(1, 0)
                    .build(),
                &["local or the global"],
            ))
        }),
        case!("mat", "mat_new_aij_negative_nnz", |p| {
            Ok(expect(
                Mat::aij(&p.self_comm())
                    .sizes(Sizes::global(3, 3))
                    .preallocate(-7, 0)
                    .build(),
                &["-7"],
            ))
        }),
        case!("mat", "mat_new_aij_local_sum", |p| {
            Ok(expect(
                Mat::aij(&p.world())
                    .sizes(Sizes {
                        local_rows: Some(2),
                        global_rows: Some(5),
                        global_cols: Some(5),
                        ..Default::default()
                    })
                    .preallocate(1, 0)
                    .build(),
                &["add up to"],
            ))
        }),
        case!("mat", "mat_nnz_wrong_len", |p| {
            Ok(expect(
                Mat::aij(&p.self_comm())
                    .sizes(Sizes::global(3, 3))
                    .preallocate_rows(&[1, 1], &[0, 0, 0])
                    .build(),
                &["d_nnz has 2 entries"],
            ))
        }),
        case!("mat", "mat_nnz_negative", |p| {
            Ok(expect(
                Mat::aij(&p.self_comm())
                    .sizes(Sizes::global(3, 3))
                    .preallocate_rows(&[1, -1, 1], &[0, 0, 0])
                    .build(),
                &["d_nnz[1] = -1"],
            ))
        }),
        case!("mat", "mat_onnz_wrong_len", |p| {
            Ok(expect(
                Mat::aij(&p.self_comm())
                    .sizes(Sizes::global(3, 3))
                    .preallocate_rows(&[1, 1, 1], &[])
                    .build(),
                &["o_nnz has 0 entries"],
            ))
        }),
        case!("mat", "mat_csr_row_ptr_len", |p| {
            Ok(expect(
                Mat::aij(&p.self_comm())
                    .sizes(Sizes::local(2, 2))
                    .csr(Csr {
                        row_ptr: &[0, 1],
                        cols: &[0],
                        vals: &[s(1.0)],
                    })
                    .build(),
                &["row_ptr has 2 entries"],
            ))
        }),
        case!("mat", "mat_csr_row_ptr_start", |p| {
            Ok(expect(
                Mat::aij(&p.self_comm())
                    .sizes(Sizes::local(2, 2))
                    .csr(Csr {
                        row_ptr: &[1, 1, 2],
                        cols: &[0],
                        vals: &[s(1.0)],
                    })
                    .build(),
                &["start at 0"],
            ))
        }),
        case!("mat", "mat_csr_row_ptr_decreasing", |p| {
            Ok(expect(
                Mat::aij(&p.self_comm())
                    .sizes(Sizes::local(2, 2))
                    .csr(Csr {
                        row_ptr: &[0, 2, 1],
                        cols: &[0],
                        vals: &[s(1.0)],
                    })
                    .build(),
                &["must not decrease"],
            ))
        }),
        case!("mat", "mat_csr_values_len", |p| {
            Ok(expect(
                Mat::aij(&p.self_comm())
                    .sizes(Sizes::local(2, 2))
                    .csr(Csr {
                        row_ptr: &[0, 1, 2],
                        cols: &[0, 1],
                        vals: &[s(1.0)],
                    })
                    .build(),
                &["values has 1"],
            ))
        }),
        case!("mat", "mat_csr_column_range", |p| {
            Ok(expect(
                Mat::aij(&p.self_comm())
                    .sizes(Sizes::local(2, 2))
                    .csr(Csr {
                        row_ptr: &[0, 1, 2],
                        cols: &[0, 9],
                        vals: &[s(1.0); 2],
                    })
                    .build(),
                &["column 9"],
            ))
        }),
        case!("mat", "mat_csr_column_negative", |p| {
            Ok(expect(
                Mat::aij(&p.self_comm())
                    .sizes(Sizes::local(2, 2))
                    .csr(Csr {
                        row_ptr: &[0, 1, 2],
                        cols: &[-1, 1],
                        vals: &[s(1.0); 2],
                    })
                    .build(),
                &["column -1", "negative"],
            ))
        }),
        case!("mat", "mat_set_values_len", |p| {
            let mut a = Mat::aij(&p.self_comm())
                .sizes(Sizes::global(3, 3))
                .preallocate(3, 0)
                .build()?;
            Ok(expect(
                a.set_values(&[0, 1], &[0, 1], &[s(1.0); 3], InsertMode::Insert),
                &["needs 4 values, got 3"],
            ))
        }),
        case!("mat", "mat_set_values_row_range", |p| {
            let mut a = Mat::aij(&p.self_comm())
                .sizes(Sizes::global(3, 3))
                .preallocate(3, 0)
                .build()?;
            Ok(expect(
                a.set_values(&[3], &[0], &[s(1.0)], InsertMode::Insert),
                &["row 3"],
            ))
        }),
        case!("mat", "mat_set_values_col_range", |p| {
            let mut a = Mat::aij(&p.self_comm())
                .sizes(Sizes::global(3, 3))
                .preallocate(3, 0)
                .build()?;
            Ok(expect(
                a.set_values(&[0], &[Int::MAX], &[s(1.0)], InsertMode::Add),
                &["column"],
            ))
        }),
        case!("mat", "mat_set_value_new_nonzero", |p| {
            let mut a = lap(p, 4)?;
            Ok(expect(
                a.set_value(0, 3, 1.0, InsertMode::Insert),
                &["nonzero|malloc"],
            ))
        }),
        case!("mat", "mat_get_values_row_not_owned", |p| {
            Ok(expect(lap(p, 3)?.values(&[3], &[0]), &["row 3"]))
        }),
        case!("mat", "mat_get_values_col_range", |p| {
            Ok(expect(lap(p, 3)?.values(&[0], &[5]), &["column 5"]))
        }),
        case!("mat", "mat_get_values_col_negative", |p| {
            Ok(expect(lap(p, 3)?.values(&[0], &[-2]), &["column -2"]))
        }),
        case!("mat", "mat_get_values_unassembled", |p| {
            let a = Mat::aij(&p.self_comm())
                .sizes(Sizes::global(3, 3))
                .preallocate(3, 0)
                .build()?;
            Ok(expect(a.values(&[0], &[0]), &["assembled"]))
        }),
        case!("mat", "mat_zero_rows_range", |p| {
            Ok(expect(
                lap(p, 3)?.zero_rows(&[0, 3], 1.0, None, None),
                &["row 3"],
            ))
        }),
        case!("mat", "mat_zero_rows_negative", |p| {
            Ok(expect(
                lap(p, 3)?.zero_rows(&[-1], 1.0, None, None),
                &["row -1"],
            ))
        }),
        case!("mat", "mat_zero_rows_b_without_x", |p| {
            let mut b = seqv(p, 3)?;
            Ok(expect(
                lap(p, 3)?.zero_rows(&[0], 1.0, None, Some(&mut b)),
                &["give x too"],
            ))
        }),
        case!("mat", "mat_zero_rows_short_x", |p| {
            let x = seqv(p, 2)?;
            let mut b = seqv(p, 2)?;
            Ok(expect(
                lap(p, 6)?.zero_rows(&[5], 1.0, Some(&x), Some(&mut b)),
                &["x has"],
            ))
        }),
        case!("mat", "mat_zero_rows_short_b", |p| {
            let x = seqv(p, 6)?;
            let mut b = seqv(p, 1)?;
            Ok(expect(
                lap(p, 6)?.zero_rows(&[5], 1.0, Some(&x), Some(&mut b)),
                &["b has"],
            ))
        }),
        case!("mat", "mat_zero_rows_columns_short_x", |p| {
            let x = seqv(p, 2)?;
            let mut b = seqv(p, 6)?;
            Ok(expect(
                lap(p, 6)?.zero_rows_columns(&[5], 1.0, Some(&x), Some(&mut b)),
                &["x has"],
            ))
        }),
        case!("mat", "mat_zero_rows_rectangular_diag", |p| {
            let mut a = Mat::aij(&p.self_comm())
                .sizes(Sizes::global(4, 2))
                .preallocate(2, 0)
                .build()?;
            a.assemble()?;
            Ok(expect(
                a.zero_rows(&[3], 1.0, None, None),
                &["row 3|diagonal|square"],
            ))
        }),
        case!("mat", "mat_zero_rows_columns_range", |p| {
            Ok(expect(
                lap(p, 3)?.zero_rows_columns(&[Int::MAX], 1.0, None, None),
                &["row"],
            ))
        }),
        case!("mat", "mat_zero_rows_columns_rectangular", |p| {
            let mut a = Mat::aij(&p.self_comm())
                .sizes(Sizes::global(3, 2))
                .preallocate(2, 0)
                .build()?;
            a.assemble()?;
            Ok(expect(
                a.zero_rows_columns(&[2], 1.0, None, None),
                &["square|row 2|column"],
            ))
        }),
        case!("mat", "mat_mult_x_size", |p| {
            let mut y = seqv(p, 3)?;
            Ok(expect(
                lap(p, 3)?.mult(&seqv(p, 4)?, &mut y),
                &["size|Nonconforming"],
            ))
        }),
        case!("mat", "mat_mult_y_size", |p| {
            let mut y = seqv(p, 2)?;
            Ok(expect(
                lap(p, 3)?.mult(&seqv(p, 3)?, &mut y),
                &["size|Nonconforming"],
            ))
        }),
        case!("mat", "mat_mult_unassembled", |p| {
            let a = Mat::aij(&p.self_comm())
                .sizes(Sizes::global(3, 3))
                .preallocate(3, 0)
                .build()?;
            let mut y = seqv(p, 3)?;
            Ok(expect(a.mult(&seqv(p, 3)?, &mut y), &["assembled"]))
        }),
        case!("mat", "mat_mult_add_y_size", |p| {
            let mut z = seqv(p, 3)?;
            Ok(expect(
                lap(p, 3)?.mult_add(&seqv(p, 3)?, &seqv(p, 5)?, &mut z),
                &["size|Nonconforming"],
            ))
        }),
        case!("mat", "mat_mult_add_z_size", |p| {
            let mut z = seqv(p, 2)?;
            Ok(expect(
                lap(p, 3)?.mult_add(&seqv(p, 3)?, &seqv(p, 3)?, &mut z),
                &["size|Nonconforming"],
            ))
        }),
        case!("mat", "mat_mult_transpose_size", |p| {
            let mut y = seqv(p, 3)?;
            Ok(expect(
                lap(p, 3)?.mult_transpose(&seqv(p, 1)?, &mut y),
                &["size|Nonconforming"],
            ))
        }),
        case!("mat", "mat_mult_transpose_add_size", |p| {
            let mut z = seqv(p, 3)?;
            Ok(expect(
                lap(p, 3)?.mult_transpose_add(&seqv(p, 3)?, &seqv(p, 7)?, &mut z),
                &["size|Nonconforming"],
            ))
        }),
        case!("mat", "mat_get_diagonal_size", |p| {
            let mut d = seqv(p, 2)?;
            Ok(expect(
                lap(p, 4)?.diagonal_into(&mut d),
                &["size|Nonconforming"],
            ))
        }),
        case!("mat", "mat_copy_from_sizes", |p| {
            let mut a = lap(p, 3)?;
            Ok(expect(
                a.copy_from(&lap(p, 4)?),
                &["size|dim|Nonconforming"],
            ))
        }),
        case!("mat", "mat_norm_two", |p| {
            Ok(expect(lap(p, 3)?.norm(NormType::Two), &["two norm|2-norm"]))
        }),
        case!("mat", "mat_norm_unassembled", |p| {
            let a = Mat::aij(&p.self_comm())
                .sizes(Sizes::global(3, 3))
                .preallocate(3, 0)
                .build()?;
            Ok(expect(a.norm(NormType::One), &["assembled"]))
        }),
        case!("mat", "mat_shell_negative_size", |p| {
            Ok(expect(
                Mat::shell(&p.self_comm())
                    .sizes(Sizes::local(-1, 2))
                    .build(|_, _| Ok(())),
                &["negative"],
            ))
        }),
        case!("mat", "mat_shell_duplicate_without_values", |p| {
            // A shell's duplicate without its values has no product.
            let a = Mat::shell(&p.self_comm())
                .sizes(Sizes::local(2, 2))
                .build(|_, _| Ok(()))?;
            let d = a.duplicate(MatDuplicateOption::DoNotCopyValues)?;
            let mut y = seqv(p, 2)?;
            Ok(expect(
                d.mult(&seqv(p, 2)?, &mut y),
                &["No method mult|MatMult"],
            ))
        }),
        case!("mat", "mat_shell_err", |p| {
            let a = Mat::shell(&p.self_comm())
                .sizes(Sizes::local(2, 2))
                .build(|_, _| Err(petsc::Error::user("shell says no")))?;
            let mut y = seqv(p, 2)?;
            Ok(expect(a.mult(&seqv(p, 2)?, &mut y), &["shell says no"]))
        }),
        case!("mat", "mat_shell_panic", |p| {
            let a = Mat::shell(&p.self_comm())
                .sizes(Sizes::local(2, 2))
                .build(|_, _| panic!("shell exploded"))?;
            let mut y = seqv(p, 2)?;
            Ok(expect(a.mult(&seqv(p, 2)?, &mut y), &["shell exploded"]))
        }),
        case!("mat", "mat_shell_wrong_vec_size", |p| {
            let a = Mat::shell(&p.self_comm())
                .sizes(Sizes::local(2, 2))
                .build(|x, y| y.copy_from(x))?;
            let mut y = seqv(p, 3)?;
            Ok(expect(
                a.mult(&seqv(p, 3)?, &mut y),
                &["size|Nonconforming"],
            ))
        }),
        case!("mat", "mat_shell_no_transpose", |p| {
            let a = Mat::shell(&p.self_comm())
                .sizes(Sizes::local(2, 2))
                .build(|x, y| y.copy_from(x))?;
            let mut y = seqv(p, 2)?;
            Ok(expect(
                a.mult_transpose(&seqv(p, 2)?, &mut y),
                &["transpose|multtranspose|Mat type shell|operation"],
            ))
        }),
        case!("mat", "mat_set_mult_transpose_not_shell", |p| {
            let mut a = lap(p, 2)?;
            Ok(expect(
                a.set_mult_transpose(|_, _| Ok(())),
                &["not a shell matrix"],
            ))
        }),
        case!("mat", "mat_load_missing_file", |p| {
            Ok(expect(
                load_mat(p, "/nonexistent/m.bin"),
                &["/nonexistent/m.bin"],
            ))
        }),
        case!("mat", "mat_load_garbage", |p| {
            let path = tmp("mgarbage");
            write_file(&path, b"\x01\x02\x03\x04garbage garbage garbage garbage");
            Ok(expect(load_mat(p, &path), &["class id"]))
        }),
        case!("mat", "mat_load_truncated", |p| {
            let path = mat_file(p, "mtrunc", Some(40))?;
            Ok(expect(load_mat(p, &path), &["too short|ends inside"]))
        }),
        case!("mat", "mat_load_truncated_values", |p| {
            let path = mat_file(p, "mtrunc2", None)?;
            let len = std::fs::metadata(&path).expect("stat").len() as usize;
            let b = std::fs::read(&path).expect("read");
            write_file(&path, &b[..len - 3]);
            Ok(expect(load_mat(p, &path), &["too short|ends inside|read"]))
        }),
        case!("mat", "mat_load_vector_file", |p| {
            let path = vec_file(p, "mv", None)?;
            Ok(expect(load_mat(p, &path), &["class id"]))
        }),
        case!("mat", "mat_load_from_ascii_viewer", |p| {
            let c = p.self_comm();
            let v = Viewer::ascii_file(&c, &tmp("ma"))?;
            Ok(expect(Mat::load(&c, &v), &["binary"]))
        }),
        case!("mat", "mat_transpose_shell", |p| {
            let a = Mat::shell(&p.self_comm())
                .sizes(Sizes::local(2, 2))
                .build(|_, _| Ok(()))?;
            Ok(expect(a.transpose(), &["shell|transpose"]))
        }),
    ]
}

fn ksp_cases() -> Vec<T> {
    vec![
        case!("ksp", "ksp_solve_without_operators", |p| {
            let mut ksp = Ksp::new(&p.self_comm())?;
            let mut x = seqv(p, 3)?;
            Ok(expect(
                ksp.solve(&seqv(p, 3)?, &mut x).map(drop),
                &["no operator"],
            ))
        }),
        case!("ksp", "ksp_solve_b_size", |p| {
            let (mut ksp, _, mut x) = ksp_with(p, 4)?;
            Ok(expect(
                ksp.solve(&seqv(p, 3)?, &mut x).map(drop),
                &["b has global size 3"],
            ))
        }),
        case!("ksp", "ksp_solve_x_size", |p| {
            let (mut ksp, b, _) = ksp_with(p, 4)?;
            let mut x = seqv(p, 5)?;
            Ok(expect(
                ksp.solve(&b, &mut x).map(drop),
                &["x has global size 5"],
            ))
        }),
        case!("ksp", "ksp_type_unknown", |p| {
            Ok(expect(
                Ksp::new(&p.self_comm())?.set_type_name("nope"),
                &["unknown KSP type 'nope'"],
            ))
        }),
        case!("ksp", "ksp_type_empty", |p| {
            Ok(expect(
                Ksp::new(&p.self_comm())?.set_type_name(""),
                &["unknown KSP type ''"],
            ))
        }),
        case!("ksp", "ksp_type_nul", |p| {
            Ok(expect(
                Ksp::new(&p.self_comm())?.set_type_name("cg\0x"),
                &[NUL],
            ))
        }),
        case!("ksp", "ksp_rtol_nan", |p| {
            Ok(expect(
                Ksp::new(&p.self_comm())?.set_tolerances(petsc::KspTolerances {
                    rtol: Some(Real::NAN),
                    ..Default::default()
                }),
                &["rtol|elative"],
            ))
        }),
        case!("ksp", "ksp_rtol_negative", |p| {
            Ok(expect(
                Ksp::new(&p.self_comm())?.set_tolerances(petsc::KspTolerances {
                    rtol: Some(-1e-3),
                    ..Default::default()
                }),
                &["rtol|elative"],
            ))
        }),
        case!("ksp", "ksp_rtol_inf", |p| {
            Ok(expect(
                Ksp::new(&p.self_comm())?.set_tolerances(petsc::KspTolerances {
                    rtol: Some(Real::INFINITY),
                    ..Default::default()
                }),
                &["rtol|elative"],
            ))
        }),
        case!("ksp", "ksp_rtol_petsc_default", |p| {
            // -2 is PETSC_DEFAULT in C: read as "keep", not as a tolerance.
            Ok(expect(
                Ksp::new(&p.self_comm())?.set_tolerances(petsc::KspTolerances {
                    rtol: Some(-2.0),
                    ..Default::default()
                }),
                &["rtol is -2"],
            ))
        }),
        case!("ksp", "ksp_max_it_petsc_decide", |p| {
            Ok(expect(
                Ksp::new(&p.self_comm())?.set_tolerances(petsc::KspTolerances {
                    max_it: Some(-1),
                    ..Default::default()
                }),
                &["max_it is -1"],
            ))
        }),
        case!("ksp", "ksp_atol_negative", |p| {
            Ok(expect(
                Ksp::new(&p.self_comm())?.set_tolerances(petsc::KspTolerances {
                    atol: Some(-1.0),
                    ..Default::default()
                }),
                &["atol|bsolute"],
            ))
        }),
        case!("ksp", "ksp_atol_nan", |p| {
            Ok(expect(
                Ksp::new(&p.self_comm())?.set_tolerances(petsc::KspTolerances {
                    atol: Some(Real::NAN),
                    ..Default::default()
                }),
                &["atol|bsolute"],
            ))
        }),
        case!("ksp", "ksp_atol_negative_inf", |p| {
            Ok(expect(
                Ksp::new(&p.self_comm())?.set_tolerances(petsc::KspTolerances {
                    atol: Some(Real::NEG_INFINITY),
                    ..Default::default()
                }),
                &["atol|bsolute"],
            ))
        }),
        case!("ksp", "ksp_dtol_negative", |p| {
            Ok(expect(
                Ksp::new(&p.self_comm())?.set_tolerances(petsc::KspTolerances {
                    divtol: Some(-0.5),
                    ..Default::default()
                }),
                &["dtol|ivergence"],
            ))
        }),
        case!("ksp", "ksp_dtol_nan", |p| {
            Ok(expect(
                Ksp::new(&p.self_comm())?.set_tolerances(petsc::KspTolerances {
                    divtol: Some(Real::NAN),
                    ..Default::default()
                }),
                &["dtol|ivergence"],
            ))
        }),
        case!("ksp", "ksp_max_it_negative", |p| {
            Ok(expect(
                Ksp::new(&p.self_comm())?.set_tolerances(petsc::KspTolerances {
                    max_it: Some(-5),
                    ..Default::default()
                }),
                &["max_it|terations"],
            ))
        }),
        case!("ksp", "ksp_max_it_zero_reports", |p| {
            let (mut ksp, b, mut x) = ksp_with(p, 4)?;
            ksp.set_tolerances(petsc::KspTolerances {
                max_it: Some(0),
                ..Default::default()
            })?;
            ksp.set_error_if_not_converged(true)?;
            Ok(expect(
                ksp.solve(&b, &mut x).map(drop),
                &["converge|DIVERGED_ITS|iterations"],
            ))
        }),
        case!("ksp", "ksp_monitor_err", |p| {
            let (mut ksp, b, mut x) = ksp_with(p, 4)?;
            ksp.monitor(|_, _| Err(petsc::Error::user("monitor refuses")))?;
            Ok(expect(
                ksp.solve(&b, &mut x).map(drop),
                &["KSP monitor", "monitor refuses"],
            ))
        }),
        case!("ksp", "ksp_monitor_panic", |p| {
            let (mut ksp, b, mut x) = ksp_with(p, 4)?;
            ksp.monitor(|it, _| {
                if it > 0 {
                    panic!("monitor boom")
                } else {
                    Ok(())
                }
            })?;
            Ok(expect(
                ksp.solve(&b, &mut x).map(drop),
                &["panicked", "monitor boom"],
            ))
        }),
        case!("ksp", "ksp_rectangular_operator", |p| {
            let mut a = Mat::aij(&p.self_comm())
                .sizes(Sizes::global(3, 2))
                .preallocate(2, 0)
                .build()?;
            a.set_value(0, 0, 1.0, InsertMode::Insert)?;
            a.assemble()?;
            let mut ksp = Ksp::new(&p.self_comm())?;
            ksp.set_operators(&a, &a)?;
            let mut x = seqv(p, 2)?;
            Ok(expect(
                ksp.solve(&seqv(p, 3)?, &mut x).map(drop),
                &["square|rectangular|3 x 2|rows"],
            ))
        }),
        case!("ksp", "ksp_operator_and_pmat_sizes", |p| {
            let a = lap(p, 4)?;
            let pm = lap(p, 3)?;
            let mut ksp = Ksp::new(&p.self_comm())?;
            // Refused when given (PETSc kept them and no later solve could work).
            Ok(expect(
                ksp.set_operators(&a, &pm),
                &["A is 4 x 4 but P is 3 x 3"],
            ))
        }),
        case!("ksp", "ksp_unassembled_operator", |p| {
            let a = Mat::aij(&p.self_comm())
                .sizes(Sizes::global(3, 3))
                .preallocate(3, 0)
                .build()?;
            let mut ksp = Ksp::new(&p.self_comm())?;
            ksp.set_operators(&a, &a)?;
            let mut x = seqv(p, 3)?;
            Ok(expect(
                ksp.solve(&seqv(p, 3)?, &mut x).map(drop),
                &["assembled"],
            ))
        }),
        case!("ksp", "ksp_options_bad_type", |p| {
            p.options().set_value("tk_ksp_type", "nope")?;
            let mut ksp = Ksp::new(&p.self_comm())?;
            ksp.set_options_prefix("tk_")?;
            Ok(expect(ksp.set_from_options(), &["nope"]))
        }),
        case!("ksp", "ksp_options_bad_max_it", |p| {
            p.options().set_value("tk_ksp_max_it", "many")?;
            let mut ksp = Ksp::new(&p.self_comm())?;
            ksp.set_options_prefix("tk_")?;
            Ok(expect(ksp.set_from_options(), &["many"]))
        }),
        case!("ksp", "ksp_prefix_nul", |p| {
            Ok(expect(
                Ksp::new(&p.self_comm())?.set_options_prefix("a\0"),
                &[NUL],
            ))
        }),
    ]
}

fn pc_cases() -> Vec<T> {
    vec![
        case!("pc", "pc_apply_without_operators", |p| {
            let pc = Pc::new(&p.self_comm())?;
            let mut y = seqv(p, 2)?;
            Ok(expect(pc.apply(&seqv(p, 2)?, &mut y), &["no operator"]))
        }),
        case!("pc", "pc_apply_size", |p| {
            let mut pc = Pc::new(&p.self_comm())?;
            let a = lap(p, 3)?;
            pc.set_operators(&a, &a)?;
            pc.set_type_name("jacobi")?;
            let mut y = seqv(p, 3)?;
            Ok(expect(
                pc.apply(&seqv(p, 5)?, &mut y),
                &["size|Nonconforming|rows"],
            ))
        }),
        case!("pc", "pc_type_unknown", |p| {
            Ok(expect(
                Pc::new(&p.self_comm())?.set_type_name("nope"),
                &["unknown PC type 'nope'"],
            ))
        }),
        case!("pc", "pc_type_nul", |p| {
            Ok(expect(
                Pc::new(&p.self_comm())?.set_type_name("lu\0"),
                &[NUL],
            ))
        }),
        case!("pc", "pc_set_up_without_operators", |p| {
            Ok(expect(
                Pc::new(&p.self_comm())?.set_up(),
                &["operator|Mat|matrix"],
            ))
        }),
        case!("pc", "pc_lu_rectangular", |p| {
            let mut a = Mat::aij(&p.self_comm())
                .sizes(Sizes::global(3, 2))
                .preallocate(2, 0)
                .build()?;
            a.assemble()?;
            let mut pc = Pc::new(&p.self_comm())?;
            pc.set_operators(&a, &a)?;
            pc.set_type_name("lu")?;
            Ok(expect(pc.set_up(), &["square|rectangular"]))
        }),
        case!("pc", "pc_shell_err", |p| {
            let (mut ksp, b, mut x) = ksp_with(p, 4)?;
            ksp.pc()?
                .set_shell_apply(|_, _| Err(petsc::Error::user("pc refuses")))?;
            Ok(expect(
                ksp.solve(&b, &mut x).map(drop),
                &["PC shell apply", "pc refuses"],
            ))
        }),
        case!("pc", "pc_shell_panic", |p| {
            let (mut ksp, b, mut x) = ksp_with(p, 4)?;
            ksp.pc()?.set_shell_apply(|_, _| panic!("pc boom"))?;
            Ok(expect(
                ksp.solve(&b, &mut x).map(drop),
                &["panicked", "pc boom"],
            ))
        }),
        case!("pc", "pc_shell_apply_direct_err", |p| {
            let mut pc = Pc::new(&p.self_comm())?;
            let a = lap(p, 2)?;
            pc.set_operators(&a, &a)?;
            pc.set_shell_apply(|_, _| Err(petsc::Error::user("direct no")))?;
            let mut y = seqv(p, 2)?;
            Ok(expect(pc.apply(&seqv(p, 2)?, &mut y), &["direct no"]))
        }),
    ]
}

/// A solver for `x^2 = 4` componentwise on `n` unknowns.
fn snes_with(p: &Petsc, n: Int) -> petsc::Result<Snes> {
    let c = p.self_comm();
    let mut snes = Snes::new(&c)?;
    snes.set_function(Vector::new_seq(&c, n)?, |x, f| {
        let xs: Vec<Scalar> = x.view()?.to_vec();
        let mut fv = f.view_mut()?;
        for (fi, xi) in fv.iter_mut().zip(&xs) {
            *fi = *xi * *xi - s(4.0);
        }
        Ok(())
    })?;
    let j = Mat::aij(&c)
        .sizes(Sizes::global(n, n))
        .preallocate(1, 0)
        .build()?;
    snes.set_jacobian(&j, None, |x, jac| {
        let xs: Vec<Scalar> = x.view()?.to_vec();
        for (i, xi) in xs.iter().enumerate() {
            jac.pre()
                .set_value(i as Int, i as Int, *xi * s(2.0), InsertMode::Insert)?;
        }
        jac.pre().assemble()
    })?;
    Ok(snes)
}

fn snes_cases() -> Vec<T> {
    vec![
        case!("snes", "snes_solve_without_function", |p| {
            let mut snes = Snes::new(&p.self_comm())?;
            let mut x = seqv(p, 2)?;
            Ok(expect(
                snes.solve(None, &mut x).map(drop),
                &["SNESSetFunction|function"],
            ))
        }),
        case!("snes", "snes_function_err", |p| {
            let c = p.self_comm();
            let mut snes = Snes::new(&c)?;
            snes.set_function(Vector::new_seq(&c, 2)?, |_, _| {
                Err(petsc::Error::user("residual refuses"))
            })?;
            let mut x = seqv(p, 2)?;
            Ok(expect(
                snes.solve(None, &mut x).map(drop),
                &["SNES function", "residual refuses"],
            ))
        }),
        case!("snes", "snes_function_panic", |p| {
            let c = p.self_comm();
            let mut snes = Snes::new(&c)?;
            snes.set_function(Vector::new_seq(&c, 2)?, |_, _| panic!("residual boom"))?;
            let mut x = seqv(p, 2)?;
            Ok(expect(
                snes.solve(None, &mut x).map(drop),
                &["panicked", "residual boom"],
            ))
        }),
        case!("snes", "snes_jacobian_err", |p| {
            let c = p.self_comm();
            let mut snes = snes_with(p, 2)?;
            let j = Mat::aij(&c)
                .sizes(Sizes::global(2, 2))
                .preallocate(1, 0)
                .build()?;
            snes.set_jacobian(&j, None, |_, _| Err(petsc::Error::user("jacobian refuses")))?;
            let mut x = seqv(p, 2)?;
            Ok(expect(
                snes.solve(None, &mut x).map(drop),
                &["jacobian refuses"],
            ))
        }),
        case!("snes", "snes_jacobian_panic", |p| {
            let c = p.self_comm();
            let mut snes = snes_with(p, 2)?;
            let j = Mat::aij(&c)
                .sizes(Sizes::global(2, 2))
                .preallocate(1, 0)
                .build()?;
            snes.set_jacobian(&j, None, |_, _| panic!("jacobian boom"))?;
            let mut x = seqv(p, 2)?;
            Ok(expect(
                snes.solve(None, &mut x).map(drop),
                &["jacobian boom"],
            ))
        }),
        case!("snes", "snes_monitor_err", |p| {
            let mut snes = snes_with(p, 2)?;
            snes.monitor(|_, _| Err(petsc::Error::user("snes monitor no")))?;
            let mut x = seqv(p, 2)?;
            Ok(expect(
                snes.solve(None, &mut x).map(drop),
                &["snes monitor no"],
            ))
        }),
        case!("snes", "snes_monitor_panic", |p| {
            let mut snes = snes_with(p, 2)?;
            snes.monitor(|_, _| panic!("snes monitor boom"))?;
            let mut x = seqv(p, 2)?;
            Ok(expect(
                snes.solve(None, &mut x).map(drop),
                &["snes monitor boom"],
            ))
        }),
        case!("snes", "snes_type_unknown", |p| {
            Ok(expect(
                Snes::new(&p.self_comm())?.set_type_name("nope"),
                &["unknown SNES type 'nope'"],
            ))
        }),
        case!("snes", "snes_line_search_unknown", |p| {
            Ok(expect(
                Snes::new(&p.self_comm())?.set_line_search_type("nope"),
                &["nope"],
            ))
        }),
        case!("snes", "snes_atol_negative", |p| {
            Ok(expect(
                Snes::new(&p.self_comm())?.set_tolerances(petsc::SnesTolerances {
                    atol: Some(-1.0),
                    ..Default::default()
                }),
                &["atol|bsolute"],
            ))
        }),
        case!("snes", "snes_rtol_nan", |p| {
            Ok(expect(
                Snes::new(&p.self_comm())?.set_tolerances(petsc::SnesTolerances {
                    rtol: Some(Real::NAN),
                    ..Default::default()
                }),
                &["rtol|elative"],
            ))
        }),
        case!("snes", "snes_rtol_inf", |p| {
            Ok(expect(
                Snes::new(&p.self_comm())?.set_tolerances(petsc::SnesTolerances {
                    rtol: Some(Real::INFINITY),
                    ..Default::default()
                }),
                &["rtol|elative"],
            ))
        }),
        case!("snes", "snes_stol_negative", |p| {
            Ok(expect(
                Snes::new(&p.self_comm())?.set_tolerances(petsc::SnesTolerances {
                    stol: Some(-2.0),
                    ..Default::default()
                }),
                &["stol|tep"],
            ))
        }),
        case!("snes", "snes_max_it_petsc_default", |p| {
            Ok(expect(
                Snes::new(&p.self_comm())?.set_tolerances(petsc::SnesTolerances {
                    max_it: Some(-2),
                    ..Default::default()
                }),
                &["max_it is -2"],
            ))
        }),
        case!("snes", "snes_atol_nan", |p| {
            Ok(expect(
                Snes::new(&p.self_comm())?.set_tolerances(petsc::SnesTolerances {
                    atol: Some(Real::NAN),
                    ..Default::default()
                }),
                &["atol|bsolute"],
            ))
        }),
        case!("snes", "snes_max_it_negative", |p| {
            Ok(expect(
                Snes::new(&p.self_comm())?.set_tolerances(petsc::SnesTolerances {
                    max_it: Some(-3),
                    ..Default::default()
                }),
                &["max_it|terations"],
            ))
        }),
        case!("snes", "snes_max_f_negative", |p| {
            Ok(expect(
                Snes::new(&p.self_comm())?.set_tolerances(petsc::SnesTolerances {
                    max_funcs: Some(-9),
                    ..Default::default()
                }),
                &["max_f|unction evaluations"],
            ))
        }),
        case!("snes", "snes_max_it_zero_reports", |p| {
            let mut snes = snes_with(p, 2)?;
            snes.set_tolerances(petsc::SnesTolerances {
                max_it: Some(0),
                ..Default::default()
            })?;
            snes.set_error_if_not_converged(true)?;
            let mut x = seqv(p, 2)?;
            Ok(expect(
                snes.solve(None, &mut x).map(drop),
                &["converge|DIVERGED|iterations"],
            ))
        }),
        case!("snes", "snes_solve_x_size", |p| {
            let mut snes = snes_with(p, 2)?;
            let mut x = seqv(p, 3)?;
            Ok(expect(
                snes.solve(None, &mut x).map(drop),
                &["size|Nonconforming|length"],
            ))
        }),
        case!("snes", "snes_solve_b_size", |p| {
            let mut snes = snes_with(p, 2)?;
            let mut x = seqv(p, 2)?;
            Ok(expect(
                snes.solve(Some(&seqv(p, 5)?), &mut x).map(drop),
                &["size|Nonconforming|length"],
            ))
        }),
        case!("snes", "snes_compute_function_sizes", |p| {
            let c = p.self_comm();
            let mut snes = Snes::new(&c)?;
            snes.set_function(Vector::new_seq(&c, 2)?, |_, f| f.set(0.0))?;
            let mut f = seqv(p, 2)?;
            Ok(expect(
                snes.compute_function(&seqv(p, 3)?, &mut f),
                &["x has global size 3|size"],
            ))
        }),
        case!("snes", "snes_compute_function_without_function", |p| {
            let mut snes = Snes::new(&p.self_comm())?;
            let mut f = seqv(p, 2)?;
            Ok(expect(
                snes.compute_function(&seqv(p, 2)?, &mut f),
                &["SNESSetFunction|function"],
            ))
        }),
        case!("snes", "snes_domain_error_outside", |p| {
            Ok(expect(Snes::domain_error(), &["outside"]))
        }),
        case!("snes", "snes_prefix_nul", |p| {
            Ok(expect(
                Snes::new(&p.self_comm())?.set_options_prefix("s\0"),
                &[NUL],
            ))
        }),
        case!("snes", "snes_options_bad_rtol", |p| {
            p.options().set_value("ts_snes_rtol", "-0.5")?;
            let mut snes = Snes::new(&p.self_comm())?;
            snes.set_options_prefix("ts_")?;
            Ok(expect(snes.set_from_options(), &["-0.5|elative"]))
        }),
        case!("snes", "snes_function_local_err", |p| {
            let da = da1(p, 5)?;
            let mut snes = Snes::new(&p.self_comm())?;
            snes.set_function_local(&da, |_, _, _| Err(petsc::Error::user("local residual no")))?;
            let mut u = da.create_global_vector()?;
            Ok(expect(
                snes.solve(None, &mut u).map(drop),
                &["local residual no"],
            ))
        }),
    ]
}

/// An integrator of `u' = -u` on `n` unknowns.
fn ts_with(p: &Petsc, n: Int) -> petsc::Result<Ts> {
    let c = p.self_comm();
    let mut ts = Ts::new(&c)?;
    ts.set_type(TsType::Euler)?;
    ts.set_rhs_function(Some(Vector::new_seq(&c, n)?), |_, u, g| {
        g.copy_from(u)?;
        g.scale(-1.0)
    })?;
    ts.set_time_step(0.1)?;
    ts.set_max_steps(3)?;
    Ok(ts)
}

fn ts_cases() -> Vec<T> {
    vec![
        case!("ts", "ts_dt_zero", |p| Ok(expect(
            Ts::new(&p.self_comm())?.set_time_step(0.0),
            &["0"]
        ))),
        case!("ts", "ts_dt_negative", |p| Ok(expect(
            Ts::new(&p.self_comm())?.set_time_step(-0.5),
            &["-0.5"]
        ))),
        case!("ts", "ts_dt_nan", |p| Ok(expect(
            Ts::new(&p.self_comm())?.set_time_step(Real::NAN),
            &["NaN"]
        ))),
        case!("ts", "ts_dt_inf", |p| Ok(expect(
            Ts::new(&p.self_comm())?.set_time_step(Real::INFINITY),
            &["inf"]
        ))),
        case!("ts", "ts_max_steps_negative", |p| Ok(expect(
            Ts::new(&p.self_comm())?.set_max_steps(-4),
            &["steps", "non-negative"]
        ))),
        case!("ts", "ts_max_time_nan", |p| Ok(expect(
            Ts::new(&p.self_comm())?.set_max_time(Real::NAN),
            &["NaN"]
        ))),
        case!("ts", "ts_time_nan", |p| Ok(expect(
            Ts::new(&p.self_comm())?.set_time(Real::NAN),
            &["NaN"]
        ))),
        case!("ts", "ts_time_inf", |p| Ok(expect(
            Ts::new(&p.self_comm())?.set_time(Real::NEG_INFINITY),
            &["inf"]
        ))),
        case!("ts", "ts_step_number_negative", |p| Ok(expect(
            Ts::new(&p.self_comm())?.set_step_number(-4),
            &["Step number", "non-negative"]
        ))),
        case!("ts", "ts_theta_nan", |p| {
            let mut ts = Ts::new(&p.self_comm())?;
            ts.set_type(TsType::Theta)?;
            Ok(expect(ts.set_theta(Real::NAN), &["theta|Theta", "NaN|nan"]))
        }),
        case!("ts", "ts_theta_zero", |p| {
            let mut ts = Ts::new(&p.self_comm())?;
            ts.set_type(TsType::Theta)?;
            Ok(expect(ts.set_theta(0.0), &["theta|Theta"]))
        }),
        case!("ts", "ts_theta_negative", |p| {
            let mut ts = Ts::new(&p.self_comm())?;
            ts.set_type(TsType::Theta)?;
            Ok(expect(ts.set_theta(-1.0), &["theta|Theta", "-1"]))
        }),
        case!("ts", "ts_atol_negative", |p| Ok(expect(
            Ts::new(&p.self_comm())?.set_tolerances(petsc::TsTolerances {
                atol: Some(-1.0),
                ..Default::default()
            }),
            &["atol", "-1"]
        ))),
        case!("ts", "ts_rtol_nan", |p| Ok(expect(
            Ts::new(&p.self_comm())?.set_tolerances(petsc::TsTolerances {
                rtol: Some(Real::NAN),
                ..Default::default()
            }),
            &["rtol", "NaN"]
        ))),
        case!("ts", "ts_type_unknown", |p| Ok(expect(
            Ts::new(&p.self_comm())?.set_type_name("nope"),
            &["unknown TS type 'nope'"]
        ))),
        case!("ts", "ts_rk_type_unknown", |p| {
            let mut ts = Ts::new(&p.self_comm())?;
            ts.set_type(TsType::Rk)?;
            Ok(expect(ts.set_rk_type("nope"), &["nope"]))
        }),
        case!("ts", "ts_rk_type_nul", |p| Ok(expect(
            Ts::new(&p.self_comm())?.set_rk_type("4\0"),
            &[NUL]
        ))),
        case!("ts", "ts_adapt_type_unknown", |p| Ok(expect(
            Ts::new(&p.self_comm())?.set_adapt_type("nope"),
            &["nope"]
        ))),
        case!("ts", "ts_solve_without_function", |p| {
            let mut ts = Ts::new(&p.self_comm())?;
            ts.set_time_step(0.1)?;
            ts.set_max_steps(2)?;
            let mut u = seqv(p, 2)?;
            Ok(expect(
                ts.solve(&mut u).map(drop),
                &["TSSetRHSFunction|function"],
            ))
        }),
        case!("ts", "ts_rhs_err", |p| {
            let c = p.self_comm();
            let mut ts = ts_with(p, 2)?;
            ts.set_rhs_function(Some(Vector::new_seq(&c, 2)?), |_, _, _| {
                Err(petsc::Error::user("rhs refuses"))
            })?;
            let mut u = seqv(p, 2)?;
            Ok(expect(ts.solve(&mut u).map(drop), &["rhs refuses"]))
        }),
        case!("ts", "ts_rhs_panic", |p| {
            let c = p.self_comm();
            let mut ts = ts_with(p, 2)?;
            ts.set_rhs_function(Some(Vector::new_seq(&c, 2)?), |_, _, _| panic!("rhs boom"))?;
            let mut u = seqv(p, 2)?;
            Ok(expect(
                ts.solve(&mut u).map(drop),
                &["panicked", "rhs boom"],
            ))
        }),
        case!("ts", "ts_ifunction_err", |p| {
            let c = p.self_comm();
            let mut ts = Ts::new(&c)?;
            ts.set_type(TsType::Beuler)?;
            ts.set_ifunction(Some(Vector::new_seq(&c, 2)?), |_, _, _, _| {
                Err(petsc::Error::user("ifunction no"))
            })?;
            ts.set_time_step(0.1)?;
            ts.set_max_steps(2)?;
            let mut u = seqv(p, 2)?;
            Ok(expect(ts.solve(&mut u).map(drop), &["ifunction no"]))
        }),
        case!("ts", "ts_monitor_err", |p| {
            let mut ts = ts_with(p, 2)?;
            ts.monitor(|_, _, _| Err(petsc::Error::user("ts monitor no")))?;
            let mut u = seqv(p, 2)?;
            Ok(expect(ts.solve(&mut u).map(drop), &["ts monitor no"]))
        }),
        case!("ts", "ts_post_step_panic", |p| {
            let mut ts = ts_with(p, 2)?;
            ts.set_post_step(|_, _, _| panic!("post step boom"))?;
            let mut u = seqv(p, 2)?;
            Ok(expect(ts.solve(&mut u).map(drop), &["post step boom"]))
        }),
        case!("ts", "ts_implicit_u_size", |p| {
            let mut ts = ts_with(p, 2)?;
            ts.set_type(TsType::Beuler)?;
            let mut u = seqv(p, 3)?;
            Ok(expect(
                ts.solve(&mut u).map(drop),
                &["size|Nonconforming|length"],
            ))
        }),
        case!("ts", "ts_compute_rhs_sizes", |p| {
            let c = p.self_comm();
            let mut ts = Ts::new(&c)?;
            ts.set_rhs_function(None, |_, _, g| g.set(0.0))?;
            let mut g = seqv(p, 2)?;
            Ok(expect(
                ts.compute_rhs_function(0.0, &seqv(p, 3)?, &mut g),
                &["size"],
            ))
        }),
        case!("ts", "ts_compute_rhs_without_function", |p| {
            let mut ts = Ts::new(&p.self_comm())?;
            let mut g = seqv(p, 2)?;
            Ok(expect(
                ts.compute_rhs_function(0.0, &seqv(p, 2)?, &mut g),
                &["TSSetRHSFunction|function"],
            ))
        }),
        case!("ts", "ts_prefix_nul", |p| Ok(expect(
            Ts::new(&p.self_comm())?.set_options_prefix("t\0"),
            &[NUL]
        ))),
    ]
}

#[cfg(not(petsc_complex))]
fn tao_with(p: &Petsc, n: Int) -> petsc::Result<(petsc::Tao, Vector)> {
    let mut tao = petsc::Tao::new(&p.self_comm())?;
    let x = seqv(p, n)?;
    tao.set_solution(&x)?;
    tao.set_objective_and_gradient(|x, g| {
        g.copy_from(x)?;
        let n = x.norm(NormType::Two)?;
        Ok(0.5 * n * n)
    })?;
    Ok((tao, x))
}

#[cfg(not(petsc_complex))]
fn tao_cases() -> Vec<T> {
    use petsc::{Sizes, Tao};
    vec![
        case!("tao", "tao_type_unknown", |p| Ok(expect(
            Tao::new(&p.self_comm())?.set_type_name("nope"),
            &["unknown Tao type 'nope'|unknown TAO type 'nope'"]
        ))),
        case!("tao", "tao_solve_without_solution", |p| {
            let mut tao = Tao::new(&p.self_comm())?;
            tao.set_objective(|_| Ok(0.0))?;
            Ok(expect(tao.solve().map(drop), &["solution"]))
        }),
        case!("tao", "tao_solve_without_objective", |p| {
            let mut tao = Tao::new(&p.self_comm())?;
            tao.set_solution(&seqv(p, 2)?)?;
            Ok(expect(tao.solve().map(drop), &["objective"]))
        }),
        case!("tao", "tao_objective_err", |p| {
            let (mut tao, _x) = tao_with(p, 2)?;
            tao.set_objective_and_gradient(|_, _| Err(petsc::Error::user("objective no")))?;
            Ok(expect(tao.solve().map(drop), &["objective no"]))
        }),
        case!("tao", "tao_objective_panic", |p| {
            let (mut tao, _x) = tao_with(p, 2)?;
            tao.set_objective_and_gradient(|_, _| panic!("objective boom"))?;
            Ok(expect(
                tao.solve().map(drop),
                &["panicked", "objective boom"],
            ))
        }),
        case!("tao", "tao_monitor_err", |p| {
            let (mut tao, _x) = tao_with(p, 2)?;
            tao.monitor(|_| Err(petsc::Error::user("tao monitor no")))?;
            Ok(expect(tao.solve().map(drop), &["tao monitor no"]))
        }),
        case!("tao", "tao_bounds_wrong_size", |p| {
            let (mut tao, _x) = tao_with(p, 3)?;
            Ok(expect(
                tao.set_variable_bounds(Some(&seqv(p, 2)?), None),
                &["lower bound has global size 2"],
            ))
        }),
        case!("tao", "tao_bounds_upper_wrong_size", |p| {
            let (mut tao, _x) = tao_with(p, 3)?;
            Ok(expect(
                tao.set_variable_bounds(None, Some(&seqv(p, 4)?)),
                &["upper bound has global size 4"],
            ))
        }),
        case!("tao", "tao_bounds_crossed", |p| {
            let (mut tao, _x) = tao_with(p, 2)?;
            Ok(expect(
                tao.set_variable_bounds(Some(&vecf(p, &[0.0, 2.0])?), Some(&vecf(p, &[1.0, 1.0])?)),
                &["exceeds", "index 1"],
            ))
        }),
        case!("tao", "tao_bounds_nan", |p| {
            let (mut tao, _x) = tao_with(p, 2)?;
            Ok(expect(
                tao.set_variable_bounds(
                    Some(&vecf(p, &[Real::NAN, 0.0])?),
                    Some(&vecf(p, &[1.0, 1.0])?),
                ),
                &["NaN"],
            ))
        }),
        case!("tao", "tao_lower_bound_nan_only", |p| {
            let (mut tao, _x) = tao_with(p, 2)?;
            Ok(expect(
                tao.set_variable_bounds(Some(&vecf(p, &[0.0, Real::NAN])?), None),
                &["NaN"],
            ))
        }),
        case!("tao", "tao_bounds_before_solution", |p| {
            let mut tao = Tao::new(&p.self_comm())?;
            tao.set_variable_bounds(Some(&seqv(p, 2)?), None)?;
            Ok(expect(tao.set_solution(&seqv(p, 5)?), &["size"]))
        }),
        case!("tao", "tao_gatol_negative", |p| Ok(expect(
            Tao::new(&p.self_comm())?.set_tolerances(petsc::TaoTolerances {
                gatol: Some(-1.0),
                ..Default::default()
            }),
            &["gatol", "-1"]
        ))),
        case!("tao", "tao_grtol_nan", |p| Ok(expect(
            Tao::new(&p.self_comm())?.set_tolerances(petsc::TaoTolerances {
                grtol: Some(Real::NAN),
                ..Default::default()
            }),
            &["grtol", "NaN"]
        ))),
        case!("tao", "tao_gttol_inf", |p| Ok(expect(
            Tao::new(&p.self_comm())?.set_tolerances(petsc::TaoTolerances {
                gttol: Some(Real::INFINITY),
                ..Default::default()
            }),
            &["gttol", "inf"]
        ))),
        case!("tao", "tao_max_it_negative", |p| Ok(expect(
            Tao::new(&p.self_comm())?.set_max_iterations(-2),
            &["-2"]
        ))),
        case!("tao", "tao_max_funcs_negative", |p| Ok(expect(
            Tao::new(&p.self_comm())?.set_max_function_evaluations(-7),
            &["-7"]
        ))),
        case!("tao", "tao_fmin_nan", |p| Ok(expect(
            Tao::new(&p.self_comm())?.set_function_lower_bound(Real::NAN),
            &["NaN"]
        ))),
        case!("tao", "tao_compute_objective_size", |p| {
            let (mut tao, _x) = tao_with(p, 2)?;
            Ok(expect(tao.compute_objective(&seqv(p, 3)?), &["size"]))
        }),
        case!("tao", "tao_compute_gradient_size", |p| {
            let (mut tao, _x) = tao_with(p, 2)?;
            let mut g = seqv(p, 4)?;
            Ok(expect(
                tao.compute_gradient(&seqv(p, 2)?, &mut g),
                &["size"],
            ))
        }),
        case!("tao", "tao_hessian_err", |p| {
            let (mut tao, _x) = tao_with(p, 2)?;
            tao.set_type_name("nls")?;
            let h = Mat::aij(&p.self_comm())
                .sizes(Sizes::global(2, 2))
                .preallocate(1, 0)
                .build()?;
            tao.set_hessian(&h, None, |_, _| Err(petsc::Error::user("hessian no")))?;
            Ok(expect(tao.solve().map(drop), &["hessian no"]))
        }),
        case!("tao", "tao_hessian_wrong_size", |p| {
            let (mut tao, _x) = tao_with(p, 2)?;
            let h = Mat::aij(&p.self_comm())
                .sizes(Sizes::global(3, 3))
                .preallocate(1, 0)
                .build()?;
            Ok(expect(
                tao.set_hessian(&h, None, |_, _| Ok(())),
                &["Hessian", "3"],
            ))
        }),
        case!("tao", "tao_brgn_weight_nan", |p| {
            let mut tao = Tao::new(&p.self_comm())?;
            tao.set_type_name("brgn")?;
            Ok(expect(tao.brgn_set_regularizer_weight(Real::NAN), &["NaN"]))
        }),
    ]
}

fn dm_cases() -> Vec<T> {
    vec![
        case!("dm", "da_size_zero", |p| Ok(expect(
            Da::grid(&p.self_comm()).sizes([0]).build(),
            &["0"]
        ))),
        case!("dm", "da_size_negative", |p| Ok(expect(
            Da::grid(&p.self_comm()).sizes([4, -3]).build(),
            &["-3"]
        ))),
        case!("dm", "da_dof_zero", |p| Ok(expect(
            Da::grid(&p.self_comm()).sizes([4]).dof(0).build(),
            &["dof"]
        ))),
        case!("dm", "da_dof_negative", |p| Ok(expect(
            Da::grid(&p.self_comm()).sizes([4]).dof(-2).build(),
            &["dof"]
        ))),
        case!("dm", "da_width_negative", |p| Ok(expect(
            Da::grid(&p.self_comm())
                .sizes([4])
                .stencil_width(-1)
                .build(),
            &["width"]
        ))),
        // 1D: in 2D and 3D PETSc clips the ghost points of a stencil wider than the grid.
        case!("dm", "da_width_too_wide", |p| Ok(expect(
            Da::grid(&p.self_comm()).sizes([3]).stencil_width(5).build(),
            &["stencil width 5"]
        ))),
        case!("dm", "da_width_periodic_too_wide", |p| {
            Ok(expect(
                Da::grid(&p.self_comm())
                    .sizes([3])
                    .stencil_width(4)
                    .boundary([BoundaryType::Periodic])
                    .build(),
                &["width"],
            ))
        }),
        case!("dm", "da_dim_zero", |p| Ok(expect(
            Da::grid(&p.self_comm()).sizes([]).build(),
            &["dim"]
        ))),
        case!("dm", "da_dim_four", |p| Ok(expect(
            Da::grid(&p.self_comm()).sizes([4, 4, 4, 1]).build(),
            &["dim"]
        ))),
        case!("dm", "da_procs_zero", |p| Ok(expect(
            Da::grid(&p.self_comm())
                .sizes([4, 4])
                .ranks([Some(0), None])
                .build(),
            &["0|procs|ranks|processes"]
        ))),
        case!("dm", "da_procs_too_many", |p| Ok(expect(
            Da::grid(&p.self_comm())
                .sizes([4, 4])
                .ranks([Some(3), Some(1)])
                .build(),
            &["3|procs|ranks|processes"]
        ))),
        case!("dm", "da_procs_negative", |p| Ok(expect(
            Da::grid(&p.self_comm())
                .sizes([4, 4])
                .ranks([Some(-2), None])
                .build(),
            &["-2"]
        ))),
        case!("dm", "da_prefix_nul", |p| Ok(expect(
            Da::grid(&p.self_comm())
                .sizes([4])
                .options_prefix("a\0")
                .build(),
            &[NUL]
        ))),
        case!("dm", "da_options_negative_grid", |p| {
            p.options().set_value("td_da_grid_x", "-3")?;
            Ok(expect(
                Da::grid(&p.self_comm())
                    .sizes([4])
                    .options_prefix("td_")
                    .from_options(true)
                    .build(),
                &["-3"],
            ))
        }),
        case!("dm", "da_view_wrong_dm", |p| {
            let a = da1(p, 5)?;
            let b = da1(p, 7)?;
            let v = b.create_global_vector()?;
            Ok(expect(a.view(&v).map(|_| ()), &["7"]))
        }),
        case!("dm", "da_view_mut_wrong_dm", |p| {
            let a = Da::grid(&p.self_comm()).sizes([3, 3]).build()?;
            let mut v = seqv(p, 4)?;
            Ok(expect(a.view_mut(&mut v).map(|_| ()), &["4"]))
        }),
        case!("dm", "da_view_same_size_other_shape", |p| {
            let a = Da::grid(&p.self_comm()).sizes([4, 3]).build()?;
            let b = Da::grid(&p.self_comm()).sizes([3, 4]).build()?;
            let v = b.create_global_vector()?;
            Ok(expect(
                a.view(&v).map(|_| ()),
                &["another DMDA (3 x 4 x 1 points, dof 1) laid out unlike this one (4 x 3 x 1"],
            ))
        }),
        case!("dm", "da_global_to_local_wrong", |p| {
            let a = da1(p, 5)?;
            let g = seqv(p, 3)?;
            let mut l = a.create_local_vector()?;
            Ok(expect(
                a.global_to_local(&g, InsertMode::Insert, &mut l),
                &["size"],
            ))
        }),
        case!("dm", "da_local_to_global_wrong", |p| {
            let a = da1(p, 5)?;
            let l = seqv(p, 2)?;
            let mut g = a.create_global_vector()?;
            Ok(expect(
                a.local_to_global(&l, InsertMode::Add, &mut g),
                &["size"],
            ))
        }),
        case!("dm", "da_field_name_range", |p| Ok(expect(
            da1(p, 4)?.set_field_name(1, "u"),
            &["field 1|1"]
        ))),
        case!("dm", "da_field_name_negative", |p| Ok(expect(
            da1(p, 4)?.field_name(-1),
            &["-1"]
        ))),
        case!("dm", "da_field_name_nul", |p| Ok(expect(
            da1(p, 4)?.set_field_name(0, "u\0v"),
            &[NUL]
        ))),
        case!("dm", "da_coordinates_nan", |p| Ok(expect(
            da1(p, 4)?.set_uniform_coordinates_to([(Real::NAN, 1.0)]),
            &["nan|NaN"]
        ))),
        case!("dm", "da_coordinates_reversed", |p| Ok(expect(
            da1(p, 4)?.set_uniform_coordinates_to([(1.0, 0.0)]),
            &["min|max"]
        ))),
        case!("dm", "da_stencil_out_of_range", |p| {
            let da = Da::grid(&p.self_comm()).sizes([3, 3]).build()?;
            let mut a = da.create_matrix()?;
            let far = Stencil::new(3, 0, 0, 0);
            Ok(expect(
                a.set_values_stencil(&[far], &[far], &[s(1.0)], InsertMode::Insert),
                &["3"],
            ))
        }),
        case!("dm", "da_stencil_component_range", |p| {
            let da = Da::grid(&p.self_comm()).sizes([3]).dof(2).build()?;
            let mut a = da.create_matrix()?;
            let bad = Stencil::new(0, 0, 0, 2);
            Ok(expect(
                a.set_values_stencil(&[bad], &[bad], &[s(1.0)], InsertMode::Insert),
                &["2"],
            ))
        }),
        case!("dm", "da_stencil_len_mismatch", |p| {
            let da = da1(p, 3)?;
            let mut a = da.create_matrix()?;
            let st = Stencil::new(0, 0, 0, 0);
            Ok(expect(
                a.set_values_stencil(&[st], &[st], &[s(1.0), s(2.0)], InsertMode::Insert),
                &["value"],
            ))
        }),
        case!("dm", "da_stencil_on_plain_matrix", |p| {
            let mut a = lap(p, 3)?;
            let st = Stencil::new(0, 0, 0, 0);
            Ok(expect(
                a.set_values_stencil(&[st], &[st], &[s(1.0)], InsertMode::Insert),
                &["DM|DMDA|stencil"],
            ))
        }),
    ]
}

fn options_cases() -> Vec<T> {
    vec![
        case!("options", "options_name_with_space", |p| Ok(expect(
            p.options().set_value("a b", "1"),
            &["a b"]
        ))),
        case!("options", "options_name_empty", |p| Ok(expect(
            p.options().set_value("", "1"),
            &["empty|name"]
        ))),
        case!("options", "options_name_nul", |p| Ok(expect(
            p.options().set_value("a\0b", "1"),
            &[NUL]
        ))),
        case!("options", "options_value_nul", |p| Ok(expect(
            p.options().set_value("ab", "1\0"),
            &[NUL]
        ))),
        case!("options", "options_has_with_space", |p| Ok(expect(
            p.options().has("x y"),
            &["x y"]
        ))),
        case!("options", "options_get_int_with_space", |p| Ok(expect(
            p.options().get::<Int>("x y"),
            &["x y"]
        ))),
        case!("options", "options_get_int_not_int", |p| {
            p.options().set_value("oi", "abc")?;
            Ok(expect(p.options().get::<Int>("oi"), &["abc"]))
        }),
        case!("options", "options_get_real_not_real", |p| {
            p.options().set_value("or", "1.2.3")?;
            Ok(expect(p.options().get::<Real>("or"), &["1.2.3"]))
        }),
        case!("options", "options_get_bool_not_bool", |p| {
            p.options().set_value("ob", "maybe")?;
            Ok(expect(p.options().get::<bool>("ob"), &["maybe"]))
        }),
        case!("options", "options_int_array_too_many", |p| {
            p.options().set_value("oa", "1,2,3")?;
            Ok(expect(
                p.options().get_array::<Int>("oa", 0),
                &["more than the 0 values"],
            ))
        }),
        case!("options", "options_insert_string_nul", |p| Ok(expect(
            p.options().insert_string("-a 1\0"),
            &[NUL]
        ))),
        case!("options", "options_clear_nul", |p| Ok(expect(
            p.options().clear_value("x\0"),
            &[NUL]
        ))),
        case!("options", "options_prefix_with_space", |p| Ok(expect(
            p.options_with_prefix("a b_").get::<Int>("n"),
            &["a b_"]
        ))),
    ]
}

fn misc_cases() -> Vec<T> {
    vec![
        case!("viewer", "viewer_binary_missing_dir", |p| Ok(expect(
            Viewer::binary_file(&p.self_comm(), "/nonexistent/dir/f.bin", FileMode::Read)
                .map(|_| ()),
            &["/nonexistent/dir/f.bin"]
        ))),
        case!("viewer", "viewer_binary_write_missing_dir", |p| Ok(expect(
            Viewer::binary_file(&p.self_comm(), "/nonexistent/dir/f.bin", FileMode::Write)
                .map(|_| ()),
            &["/nonexistent/dir/f.bin"]
        ))),
        case!("viewer", "viewer_binary_nul", |p| Ok(expect(
            Viewer::binary_file(&p.self_comm(), "a\0b", FileMode::Read).map(|_| ()),
            &[NUL]
        ))),
        case!("viewer", "viewer_binary_empty_path", |p| Ok(expect(
            Viewer::binary_file(&p.self_comm(), "", FileMode::Read).map(|_| ()),
            &["path|file|name"]
        ))),
        case!("viewer", "viewer_ascii_missing_dir", |p| Ok(expect(
            Viewer::ascii_file(&p.self_comm(), "/nonexistent/dir/f.txt").map(|_| ()),
            &["/nonexistent/dir/f.txt"]
        ))),
        case!("viewer", "viewer_ascii_nul", |p| Ok(expect(
            Viewer::ascii_file(&p.self_comm(), "f\0").map(|_| ()),
            &[NUL]
        ))),
        case!("viewer", "viewer_binary_directory", |p| {
            let dir = std::env::temp_dir();
            Ok(expect(
                load_vec(p, dir.to_str().expect("utf-8")),
                &["director|read|open|file"],
            ))
        }),
        case!("init", "init_twice", |p| Ok(expect(
            Petsc::init().map(|_| ()),
            &["already initialized"]
        ))),
        case!("init", "comm_print_nul", |p| Ok(expect(
            p.world().print("a\0b"),
            &[NUL]
        ))),
        case!("init", "external_package_nul", |p| Ok(expect(
            p.has_external_package("mu\0mps"),
            &[NUL]
        ))),
    ]
}

fn eps_cases() -> Vec<T> {
    use slepc::{Eps, St};
    fn eps_with(p: &Petsc, n: Int) -> petsc::Result<(Eps, Mat)> {
        let a = lap(p, n)?;
        let mut eps = Eps::new(&p.self_comm())?;
        eps.set_operators(&a, None)?;
        Ok((eps, a))
    }
    vec![
        case!("eps", "eps_nev_zero", |p| Ok(expect(
            eps_with(p, 5)?
                .0
                .set_dimensions_to(slepc::Dimensions::new(0)),
            &["nev is 0"]
        ))),
        case!("eps", "eps_nev_negative", |p| Ok(expect(
            eps_with(p, 5)?
                .0
                .set_dimensions_to(slepc::Dimensions::new(-3)),
            &["nev is -3"]
        ))),
        case!("eps", "eps_nev_too_big", |p| Ok(expect(
            eps_with(p, 5)?
                .0
                .set_dimensions_to(slepc::Dimensions::new(6)),
            &["6 eigenpairs requested but the problem has size 5"]
        ))),
        case!("eps", "eps_nev_big_before_operators", |p| {
            let mut eps = Eps::new(&p.self_comm())?;
            eps.set_dimensions_to(slepc::Dimensions::new(9))?;
            eps.set_operators(&lap(p, 4)?, None)?;
            Ok(expect(
                eps.solve().map(drop),
                &["9 eigenpairs requested but the problem has size 4"],
            ))
        }),
        case!("eps", "eps_ncv_smaller_than_nev", |p| {
            let (mut eps, _a) = eps_with(p, 10)?;
            Ok(expect(
                eps.set_dimensions_to(slepc::Dimensions::new(4).ncv(2))
                    .and_then(|_| eps.solve().map(drop)),
                &["ncv"],
            ))
        }),
        case!("eps", "eps_ncv_negative", |p| Ok(expect(
            eps_with(p, 10)?
                .0
                .set_dimensions_to(slepc::Dimensions::new(2).ncv(-5)),
            &["ncv"]
        ))),
        case!("eps", "eps_tol_nan", |p| Ok(expect(
            eps_with(p, 5)?.0.set_tolerances(slepc::Tolerances {
                tol: Some(Real::NAN),
                ..Default::default()
            }),
            &["tol"]
        ))),
        case!("eps", "eps_tol_negative", |p| Ok(expect(
            eps_with(p, 5)?.0.set_tolerances(slepc::Tolerances {
                tol: Some(-1.0),
                ..Default::default()
            }),
            &["tol"]
        ))),
        case!("eps", "eps_max_it_zero", |p| Ok(expect(
            eps_with(p, 5)?.0.set_tolerances(slepc::Tolerances {
                max_it: Some(0),
                ..Default::default()
            }),
            &["maxit|max_it"]
        ))),
        case!("eps", "eps_tol_petsc_default", |p| Ok(expect(
            eps_with(p, 5)?.0.set_tolerances(slepc::Tolerances {
                tol: Some(-2.0),
                ..Default::default()
            }),
            &["tol is -2"]
        ))),
        case!("eps", "eps_max_it_negative", |p| Ok(expect(
            eps_with(p, 5)?.0.set_tolerances(slepc::Tolerances {
                max_it: Some(-1),
                ..Default::default()
            }),
            &["maxit|max_it"]
        ))),
        case!("eps", "eps_solve_without_operators", |p| Ok(expect(
            Eps::new(&p.self_comm())?.solve(),
            &["no operator"]
        ))),
        case!("eps", "eps_rectangular", |p| {
            let mut a = Mat::aij(&p.self_comm())
                .sizes(Sizes::global(3, 2))
                .preallocate(1, 0)
                .build()?;
            a.assemble()?;
            Ok(expect(
                Eps::new(&p.self_comm())?.set_operators(&a, None),
                &["not square"],
            ))
        }),
        case!("eps", "eps_b_wrong_size", |p| {
            let b = lap(p, 4)?;
            Ok(expect(
                eps_with(p, 5)?.0.set_operators(&lap(p, 5)?, Some(&b)),
                &["B is 4 x 4"],
            ))
        }),
        case!("eps", "eps_type_unknown", |p| Ok(expect(
            Eps::new(&p.self_comm())?.set_type_name("nope"),
            &["nope"]
        ))),
        case!("eps", "eps_interval_reversed", |p| Ok(expect(
            Eps::new(&p.self_comm())?.set_interval(2.0, 1.0),
            &["empty"]
        ))),
        case!("eps", "eps_interval_nan", |p| Ok(expect(
            Eps::new(&p.self_comm())?.set_interval(Real::NAN, 1.0),
            &["NaN|empty"]
        ))),
        case!("eps", "eps_target_nan", |p| Ok(expect(
            Eps::new(&p.self_comm())?.set_target(s(f64::NAN)),
            &["NaN"]
        ))),
        case!("eps", "eps_eigenvalue_before_solve", |p| Ok(expect(
            eps_with(p, 5)?.0.value(0).map(|v| (v.re, v.im)),
            &["0 converged|solve|EPSSolve"]
        ))),
        case!("eps", "eps_eigenvalue_out_of_range", |p| {
            let (mut eps, _a) = eps_with(p, 5)?;
            eps.solve()?.check()?;
            let n = eps.converged_count()?;
            Ok(expect(
                eps.value(n + 3).map(|v| (v.re, v.im)),
                &[&format!("{}", n + 3)],
            ))
        }),
        case!("eps", "eps_eigenvalue_negative", |p| {
            let (mut eps, _a) = eps_with(p, 5)?;
            eps.solve()?.check()?;
            Ok(expect(eps.value(-1).map(|v| (v.re, v.im)), &["-1"]))
        }),
        case!("eps", "eps_error_estimate_range", |p| {
            let (mut eps, _a) = eps_with(p, 5)?;
            eps.solve()?.check()?;
            Ok(expect(
                eps.error_estimate(Int::MAX),
                &[&Int::MAX.to_string()],
            ))
        }),
        case!("eps", "eps_eigenpair_vec_size", |p| {
            let (mut eps, _a) = eps_with(p, 5)?;
            eps.solve()?.check()?;
            let (mut xr, mut xi) = (seqv(p, 4)?, seqv(p, 5)?);
            Ok(expect(
                eps.pair(0, &mut xr, &mut xi).map(|v| (v.re, v.im)),
                &["xr"],
            ))
        }),
        case!("eps", "eps_initial_space_wrong_size", |p| {
            let (mut eps, _a) = eps_with(p, 5)?;
            let v = seqv(p, 3)?;
            Ok(expect(
                eps.set_initial_space(&[&v])
                    .and_then(|_| eps.solve().map(drop)),
                &["size"],
            ))
        }),
        case!("eps", "eps_deflation_space_wrong_size", |p| {
            let (mut eps, _a) = eps_with(p, 5)?;
            let v = seqv(p, 7)?;
            Ok(expect(
                eps.set_deflation_space(&[&v])
                    .and_then(|_| eps.solve().map(drop)),
                &["size"],
            ))
        }),
        case!("eps", "eps_monitor_err", |p| {
            let (mut eps, _a) = eps_with(p, 20)?;
            eps.monitor(|_| Err(petsc::Error::user("eps monitor no")))?;
            Ok(expect(eps.solve().map(drop), &["eps monitor no"]))
        }),
        case!("eps", "eps_monitor_panic", |p| {
            let (mut eps, _a) = eps_with(p, 20)?;
            eps.monitor(|_| panic!("eps monitor boom"))?;
            Ok(expect(eps.solve().map(drop), &["eps monitor boom"]))
        }),
        case!("eps", "eps_prefix_nul", |p| Ok(expect(
            Eps::new(&p.self_comm())?.set_options_prefix("e\0"),
            &[NUL]
        ))),
        case!("st", "st_shift_nan", |p| Ok(expect(
            St::new(&p.self_comm())?.set_shift(s(f64::NAN)),
            &["NaN"]
        ))),
        case!("st", "st_shift_inf", |p| Ok(expect(
            St::new(&p.self_comm())?.set_shift(s(f64::INFINITY)),
            &["inf"]
        ))),
        case!("st", "st_type_unknown", |p| Ok(expect(
            St::new(&p.self_comm())?.set_type_name("nope"),
            &["nope"]
        ))),
        case!("st", "st_prefix_nul", |p| Ok(expect(
            St::new(&p.self_comm())?.set_options_prefix("s\0"),
            &[NUL]
        ))),
        case!("st", "eps_st_shift_nan", |p| Ok(expect(
            eps_with(p, 4)?.0.st()?.set_shift(s(f64::NAN)),
            &["NaN"]
        ))),
    ]
}

/// Cases run at 2 ranks: arguments that disagree between ranks, or are bad on one rank
/// only; every rank must return the `Err` and none may hang.
fn mpi_cases() -> Vec<T> {
    vec![
        case!("mpi", "mpi_vec_global_disagrees", 2, |p| {
            let r = p.world().rank() as Int;
            Ok(expect(
                Vector::new_mpi(&p.world(), None, Some(10 + r)),
                &["different global numbers"],
            ))
        }),
        case!("mpi", "mpi_vec_negative_on_one_rank", 2, |p| {
            let l = if p.world().rank() == 1 { -1 } else { 2 };
            Ok(expect(
                Vector::new_mpi(&p.world(), Some(l), None),
                &["negative"],
            ))
        }),
        case!("mpi", "mpi_vec_local_on_one_rank", 2, |p| {
            let l = (p.world().rank() == 0).then_some(2);
            Ok(expect(
                Vector::new_mpi(&p.world(), l, Some(4)),
                &["some ranks give a local number"],
            ))
        }),
        case!("mpi", "mpi_mat_rows_sum", 2, |p| {
            Ok(expect(
                Mat::aij(&p.world())
                    .sizes(Sizes {
                        local_rows: Some(2),
                        global_rows: Some(5),
                        global_cols: Some(4),
                        ..Default::default()
                    })
                    .preallocate(1, 1)
                    .build(),
                &["add up to 4"],
            ))
        }),
        case!("mpi", "mpi_mat_csr_bad_on_one_rank", 2, |p| {
            let (rp, ci): (&[Int], &[Int]) = if p.world().rank() == 1 {
                (&[0, 1], &[99])
            } else {
                (&[0, 1], &[0])
            };
            let r = Mat::aij(&p.world())
                .sizes(Sizes::local(1, 1))
                .csr(Csr {
                    row_ptr: rp,
                    cols: ci,
                    vals: &[s(1.0)],
                })
                .build();
            Ok(expect(r, &["column 99|another rank rejected"]))
        }),
        case!("mpi", "mpi_mat_nnz_bad_on_one_rank", 2, |p| {
            let d: &[Int] = if p.world().rank() == 0 { &[1, 1] } else { &[1] };
            let r = Mat::aij(&p.world())
                .sizes(Sizes::local(2, 2))
                .preallocate_rows(d, &[0, 0])
                .build();
            Ok(expect(r, &["d_nnz has 1 entries|another rank rejected"]))
        }),
        case!("mpi", "mpi_mat_get_values_not_owned", 2, |p| {
            let a = lap_world(p, 4)?;
            let other = if p.world().rank() == 0 { 3 } else { 0 };
            Ok(expect(a.values(&[other], &[0]), &["not owned"]))
        }),
        case!("mpi", "mpi_ksp_layout_differs", 2, |p| {
            let w = p.world();
            let a = lap_world(p, 4)?;
            let mut ksp = Ksp::new(&w)?;
            ksp.set_operators(&a, &a)?;
            let l = if w.rank() == 0 { 1 } else { 3 };
            let b = Vector::new_mpi(&w, Some(l), Some(4))?;
            let mut x = Vector::new_mpi(&w, Some(l), Some(4))?;
            Ok(expect(
                ksp.solve(&b, &mut x).map(drop),
                &["local size|another rank"],
            ))
        }),
        case!("mpi", "mpi_zero_rows_x_layout", 2, |p| {
            let w = p.world();
            let mut a = lap_world(p, 4)?;
            let l = if w.rank() == 0 { 1 } else { 3 };
            let x = Vector::new_mpi(&w, Some(l), Some(4))?;
            let mut b = Vector::new_mpi(&w, Some(l), Some(4))?;
            Ok(expect(
                a.zero_rows(&[0], 1.0, Some(&x), Some(&mut b)),
                &["x has|local"],
            ))
        }),
        case!("mpi", "mpi_da_procs_mismatch", 2, |p| {
            Ok(expect(
                Da::grid(&p.world())
                    .sizes([6, 6])
                    .ranks([Some(3), Some(1)])
                    .build(),
                &["3"],
            ))
        }),
        case!("mpi", "mpi_da_sizes_disagree", 2, |p| {
            let n = 6 + p.world().rank() as Int;
            Ok(expect(
                Da::grid(&p.world()).sizes([n]).build(),
                &["different grid sizes in x (6 to 7)"],
            ))
        }),
        case!("mpi", "mpi_da_coordinate_pairs_differ", 2, |p| {
            let da = Da::grid(&p.world()).sizes([8, 8]).build()?;
            // Rank 0 gives one pair for a 2-D grid, rank 1 two: an Err on both ranks.
            let pairs = [(0.0, 1.0), (0.0, 2.0)];
            let mine = &pairs[..1 + p.world().rank() as usize];
            Ok(expect(
                da.set_uniform_coordinates_to(mine),
                &["bounds has 1 entries|rank 0"],
            ))
        }),
    ]
}

fn all_cases() -> Vec<T> {
    let mut v = Vec::new();
    v.extend(vec_cases());
    v.extend(mat_cases());
    v.extend(ksp_cases());
    v.extend(pc_cases());
    v.extend(snes_cases());
    v.extend(ts_cases());
    #[cfg(not(petsc_complex))]
    v.extend(tao_cases());
    v.extend(dm_cases());
    v.extend(options_cases());
    v.extend(misc_cases());
    v.extend(eps_cases());
    v.extend(mpi_cases());
    v
}

const MARK: &str = "TORTURE-OUTCOME";

/// The child: runs one case and prints one outcome line per rank.
fn child(name: &str) -> ! {
    let cases = all_cases();
    let Some(case) = cases.iter().find(|c| c.name == name) else {
        eprintln!("no case named {name}");
        std::process::exit(2);
    };
    let petsc = match Petsc::builder().args(["torture"]).init() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("PETSc initialization failed: {e}");
            std::process::exit(3);
        }
    };
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (case.body)(&petsc)));
    let leftover = petsc::take_destroy_failures();
    let (kind, detail) = match r {
        Ok(Ok(Verdict::Clean(m))) if leftover.is_empty() => ("clean", m),
        Ok(Ok(Verdict::Clean(m))) => (
            "wrong",
            format!("{m}; but objects failed to destroy: {leftover:?}"),
        ),
        Ok(Ok(Verdict::Vague(m))) => ("vague", m),
        Ok(Ok(Verdict::Wrong(m))) => ("wrong", m),
        Ok(Err(e)) => ("wrong", format!("the case's set-up failed: {e}")),
        Err(p) => (
            "panic",
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default(),
        ),
    };
    let rank = petsc.world().rank();
    println!(
        "{MARK}\t{rank}\t{kind}\t{}",
        detail.replace(['\n', '\t'], " ")
    );
    let _ = std::io::stdout().flush();
    drop(petsc);
    remove_scratch();
    std::process::exit(0);
}

/// Removes the scratch files of this process ([`tmp`], and the `.info` files PETSc
/// writes beside binary ones).
fn remove_scratch() {
    let prefix = format!("petsc-rs-torture-{}-", std::process::id());
    let Ok(dir) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in dir.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

const CATEGORIES: [&str; 6] = ["clean", "vague", "wrong", "panic", "abort", "hang"];

struct Outcome {
    category: &'static str,
    detail: String,
    tail: String,
}

fn classify(case: &T, out: &std::process::Output) -> Outcome {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let all = format!("{stdout}{stderr}");
    let tail: String = {
        let lines: Vec<&str> = all.lines().filter(|l| !l.trim().is_empty()).collect();
        lines[lines.len().saturating_sub(12)..].join("\n")
    };
    let lines: Vec<Vec<&str>> = stdout
        .lines()
        .filter(|l| l.starts_with(MARK))
        .map(|l| l.splitn(4, '\t').collect())
        .collect();
    let category = if stderr.contains("\nkilled after ") {
        "hang"
    } else if !out.status.success() || lines.len() < case.ranks {
        "abort"
    } else {
        let kinds: Vec<&str> = lines
            .iter()
            .map(|l| l.get(2).copied().unwrap_or("?"))
            .collect();
        ["panic", "wrong", "vague", "clean"]
            .into_iter()
            .find(|k| kinds.contains(k))
            .unwrap_or("abort")
    };
    let detail = lines
        .iter()
        .map(|l| {
            format!(
                "rank {}: {}",
                l.get(1).unwrap_or(&"?"),
                l.get(3).unwrap_or(&"")
            )
        })
        .collect::<Vec<_>>()
        .join(" | ");
    let detail = if category == "abort" {
        format!("{detail} (exit status {:?})", out.status)
    } else {
        detail
    };
    Outcome {
        category: CATEGORIES
            .iter()
            .find(|c| **c == category)
            .copied()
            .unwrap_or("abort"),
        detail,
        tail,
    }
}

fn run_case(exe: &std::path::Path, case: &T) -> Outcome {
    let mut cmd = if case.ranks == 1 {
        let mut c = Command::new(exe);
        c.args(["--torture-case", case.name]);
        c
    } else {
        let mut c = Command::new(launcher());
        c.args(["-n", &case.ranks.to_string()]);
        if is_openmpi() {
            c.arg("--oversubscribe");
        }
        c.arg(exe).args(["--torture-case", case.name]);
        c
    };
    cmd.env_remove("PETSC_OPTIONS")
        .env("OMPI_MCA_btl_vader_single_copy_mechanism", "none")
        .env("TMPDIR", std::env::temp_dir());
    let out = run_with_timeout(cmd, LIMIT);
    classify(case, &out)
}

/// Runs the torture case this binary was started as (`--torture-case NAME`), if it was.
pub fn child_mode() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--torture-case") {
        child(args.get(i + 1).map(String::as_str).unwrap_or(""));
    }
}

pub fn cases() -> Vec<petsc_tests::Case> {
    vec![petsc_tests::Case::new("torture", torture)]
}

/// Every torture case (or those whose names contain one of the words of
/// `PETSC_RS_TORTURE_CASES`), each in a process of its own, `workers` at a time.
fn torture(_: &Petsc) -> petsc::Result<()> {
    let only = std::env::var("PETSC_RS_TORTURE_CASES").unwrap_or_default();
    let filters: Vec<&str> = only.split_whitespace().collect();
    let cases = all_cases();
    {
        let mut names: Vec<&str> = cases.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), cases.len(), "case names must be unique");
    }
    let selected: Vec<&T> = cases
        .iter()
        .filter(|c| filters.is_empty() || filters.iter().any(|f| c.name.contains(f)))
        .collect();
    let exe = std::env::current_exe().expect("current_exe");
    let start = Instant::now();
    println!("\nrunning {} torture cases", selected.len());
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> =
        Mutex::new((0..selected.len()).map(|_| None).collect());
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 4);
    std::thread::scope(|sc| {
        for _ in 0..workers {
            sc.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(case) = selected.get(i) else { break };
                let o = run_case(&exe, case);
                println!("case {:<44} {:<7} ({})", case.name, o.category, case.module);
                results.lock().expect("results")[i] = Some(o);
            });
        }
    });
    let results: Vec<Outcome> = results
        .into_inner()
        .expect("results")
        .into_iter()
        .map(|o| o.expect("every case ran"))
        .collect();

    // Counts: overall and per module.
    let mut modules: Vec<&str> = selected.iter().map(|c| c.module).collect();
    modules.dedup();
    println!(
        "\n{:<10}{}",
        "module",
        CATEGORIES.map(|c| format!("{c:>7}")).join("")
    );
    let count = |m: Option<&str>, cat: &str| {
        selected
            .iter()
            .zip(&results)
            .filter(|(c, o)| m.is_none_or(|m| c.module == m) && o.category == cat)
            .count()
    };
    for m in &modules {
        println!(
            "{:<10}{}",
            m,
            CATEGORIES
                .map(|c| format!("{:>7}", count(Some(m), c)))
                .join("")
        );
    }
    println!(
        "{:<10}{}",
        "total",
        CATEGORIES
            .map(|c| format!("{:>7}", count(None, c)))
            .join("")
    );

    let failed: Vec<_> = selected
        .iter()
        .zip(&results)
        .filter(|(_, o)| o.category != "clean")
        .collect();
    let show = |(c, o): &(&&T, &Outcome)| {
        println!(
            "\n--- {} [{}] ({} rank(s)): {}",
            c.name, o.category, c.ranks, o.detail
        );
        for l in o.tail.lines() {
            println!("    | {l}");
        }
    };
    if !failed.is_empty() {
        println!("\ncases that are not a clean Err:");
        failed.iter().for_each(show);
    }
    println!(
        "\ntorture: {}. {} clean; {} not clean; {:.1}s\n",
        if failed.is_empty() { "ok" } else { "FAILED" },
        count(None, "clean"),
        failed.len(),
        start.elapsed().as_secs_f64()
    );
    assert!(
        failed.is_empty(),
        "{} torture cases are not clean",
        failed.len()
    );
    Ok(())
}
