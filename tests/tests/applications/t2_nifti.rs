//! The T2 map of `t2_fit` as one TAO solve of the whole map (`--method joint`) against
//! one solve per voxel (`--method voxel`), and its NIfTI files: the phantom written as a
//! 4D image, read back and fitted at 1, 2 and 3 ranks to the same maps as the in-memory
//! fit, and damaged files refused with a message and exit status 2 on every rank. On a
//! PETSc with complex scalars `t2_fit` only says that it needs real scalars.

use std::path::{Path, PathBuf};

use petsc::Petsc;
use petsc_tests::{assert_needs_real_scalars, example, mpiexec, run_example, value_after, Case};

/// A file name in the temporary directory, unique to this process.
fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("t2_nifti_{}_{name}", std::process::id()))
}

fn arg(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// A 3D float64 NIfTI-1 map as `t2_fit` writes it: sizes and values, read here by hand
/// from the header's fields (dim at byte 40, datatype at 70, vox_offset at 108).
fn read_map(path: &Path) -> ([usize; 3], Vec<f64>) {
    let b = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let i16_at = |o: usize| i16::from_le_bytes([b[o], b[o + 1]]);
    assert_eq!(
        i32::from_le_bytes(b[0..4].try_into().unwrap()),
        348,
        "sizeof_hdr"
    );
    assert_eq!(&b[344..348], b"n+1\0", "single-file NIfTI-1 magic");
    assert_eq!(i16_at(40), 3, "a 3D map");
    assert_eq!(i16_at(70), 64, "datatype float64");
    let dims = [
        i16_at(42) as usize,
        i16_at(44) as usize,
        i16_at(46) as usize,
    ];
    let offset = f32::from_le_bytes(b[108..112].try_into().unwrap()) as usize;
    let n = dims.iter().product::<usize>();
    assert_eq!(b.len(), offset + 8 * n, "{}", path.display());
    let values = b[offset..]
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
        .collect();
    (dims, values)
}

/// `--method both` at 1 and 2 ranks: every voxel converges in both methods, both
/// agree with the independent reference fit, the joint map equals the per-voxel map
/// within the stated tolerance (1e-4 relative in T2, 1e-4 in A; in practice about 1e-6),
/// and the joint map is the same at both rank counts.
fn t2_joint_matches_voxel(_: &Petsc) -> petsc::Result<()> {
    let mut checksums = Vec::new();
    for n in [1, 2] {
        let out = run_example("t2_fit", n, &["--map", "24,20", "--method", "both"]);
        // Each voxel's Newton steps depend on its own data: the same joint map (every
        // voxel's bits) at any rank count.
        let joint = out
            .lines()
            .filter(|l| l.starts_with("map checksum"))
            .nth(1)
            .map(str::to_string);
        checksums.push(joint.expect("the joint fit's checksum"));
        assert!(out.contains("joint fit: tao bnls"), "{out}");
        assert!(out.contains("converged reason CONVERGED"), "{out}");
        let fits: Vec<&str> = out.lines().filter(|l| l.starts_with("fit time")).collect();
        assert_eq!(fits.len(), 2, "{out}");
        for l in &fits {
            assert!(l.contains("; 0 not converged"), "{out}");
        }
        let checks: Vec<f64> = out
            .lines()
            .filter(|l| l.starts_with("check: max relative difference"))
            .map(|l| value_after(l, "over voxels").expect("check value"))
            .collect();
        assert_eq!(checks.len(), 2, "{out}");
        assert!(checks.iter().all(|c| *c < 1e-5), "{out}");
        let dt2 = value_after(&out, "(relative").expect("relative dT2");
        let da = value_after(&out, "max |dA|").expect("dA");
        assert!(dt2 <= 1e-4 && da <= 1e-4, "{out}");
        // The joint solve takes a handful of Newton steps for the whole map.
        let its = value_after(&out, "joint solve:").expect("iterations");
        assert!(its <= 30.0, "{out}");
    }
    assert_eq!(checksums[0], checksums[1]);
    Ok(())
}

/// Round trip: the phantom written as NIfTI, read back and fitted at 1, 2 and 3 ranks,
/// gives the same maps as the fit of the phantom in memory (the file holds the same
/// float64 echoes), and the map files have the image's sizes.
fn t2_nifti_round_trip(_: &Petsc) -> petsc::Result<()> {
    let phantom = temp("phantom.nii");
    let (t2_mem, a_mem) = (temp("t2_mem.nii"), temp("a_mem.nii"));
    let out = run_example(
        "t2_fit",
        1,
        &[
            "--map",
            "24,20",
            "--write-phantom",
            &arg(&phantom),
            "--out-t2",
            &arg(&t2_mem),
            "--out-a",
            &arg(&a_mem),
        ],
    );
    assert!(out.contains("wrote the phantom"), "{out}");
    let (dims, t2_ref) = read_map(&t2_mem);
    let (_, a_ref) = read_map(&a_mem);
    assert_eq!(dims, [24, 20, 1]);
    // The maps are the fit's: T2 within the phantom's range, the printed sum.
    assert!(
        t2_ref.iter().all(|t| (20.0..200.0).contains(t)),
        "{t2_ref:?}"
    );
    assert!(a_ref.iter().all(|a| (0.5..1.5).contains(a)), "{a_ref:?}");
    let sum = value_after(&out, "sum T2").expect("sum T2");
    let total: f64 = t2_ref.iter().sum();
    assert!((total - sum).abs() <= 1e-9 * sum, "{total} vs {sum}");
    for n in [1, 2, 3] {
        let (t2_file, a_file) = (temp(&format!("t2_{n}.nii")), temp(&format!("a_{n}.nii")));
        let out = run_example(
            "t2_fit",
            n,
            &[
                "--input",
                &arg(&phantom),
                "--out-t2",
                &arg(&t2_file),
                "--out-a",
                &arg(&a_file),
            ],
        );
        assert!(out.contains("10 echoes at 10, 20, 40"), "{out}");
        let (d, t2) = read_map(&t2_file);
        let (_, a) = read_map(&a_file);
        assert_eq!(d, dims);
        for (k, (x, y)) in t2.iter().zip(&t2_ref).enumerate() {
            assert!(
                (x - y).abs() <= 1e-9 * y,
                "{n} ranks, voxel {k}: T2 {x} vs {y}"
            );
        }
        for (k, (x, y)) in a.iter().zip(&a_ref).enumerate() {
            assert!((x - y).abs() <= 1e-9, "{n} ranks, voxel {k}: A {x} vs {y}");
        }
        let _ = std::fs::remove_file(&t2_file);
        let _ = std::fs::remove_file(&a_file);
    }
    // Echo times given on the command line instead of the file's description.
    let out = run_example(
        "t2_fit",
        2,
        &[
            "--input",
            &arg(&phantom),
            "--echo-times",
            "10,20,40,60,80,120,160,200,240,280",
            "--method",
            "voxel",
        ],
    );
    assert!(out.contains("; 0 not converged"), "{out}");
    for p in [&phantom, &t2_mem, &a_mem] {
        let _ = std::fs::remove_file(p);
    }
    Ok(())
}

/// A real image has voxels without signal (outside the object) and voxels of pure
/// noise: the first are not fitted, the second do not hold back the joint solve (every
/// voxel converges, per voxel and jointly).
fn t2_nifti_masked(_: &Petsc) -> petsc::Result<()> {
    let phantom = temp("masked_source.nii");
    run_example(
        "t2_fit",
        1,
        &["--map", "24,20", "--write-phantom", &arg(&phantom)],
    );
    let mut b = std::fs::read(&phantom).expect("phantom");
    let _ = std::fs::remove_file(&phantom);
    let (nx, nvox) = (24, 24 * 20);
    let mut put = |i: usize, k: usize, v: f64| {
        let at = 352 + 8 * (i + nvox * k);
        b[at..at + 8].copy_from_slice(&v.to_le_bytes());
    };
    for k in 0..10 {
        for iy in 0..20 {
            for ix in 0..5 {
                put(ix + nx * iy, k, 0.0);
            }
        }
        // Pure noise around zero.
        put(12 + nx * 12, k, if k % 2 == 0 { 1e-3 } else { -1.5e-3 });
    }
    let masked = temp("masked.nii");
    std::fs::write(&masked, &b).expect("write");
    let out = run_example("t2_fit", 2, &["--input", &arg(&masked), "--method", "both"]);
    let _ = std::fs::remove_file(&masked);
    let fits: Vec<&str> = out.lines().filter(|l| l.starts_with("fit time")).collect();
    assert_eq!(fits.len(), 2, "{out}");
    for l in fits {
        assert!(
            l.contains("; 0 not converged; 100 voxels without signal"),
            "{out}"
        );
    }
    let its = value_after(&out, "joint solve:").expect("iterations");
    assert!(its <= 30.0, "{out}");
    Ok(())
}

/// Damaged or wrong files are refused on every rank with a message naming the problem
/// and exit status 2: truncated, NaN values, a 3D image, a complex datatype, not NIfTI,
/// sizes too large, a missing file, echo times that do not match, none at all.
fn t2_nifti_bad_files(_: &Petsc) -> petsc::Result<()> {
    let phantom = temp("bad_source.nii");
    run_example(
        "t2_fit",
        1,
        &["--map", "6,5", "--write-phantom", &arg(&phantom)],
    );
    let good = std::fs::read(&phantom).expect("phantom");
    let _ = std::fs::remove_file(&phantom);
    let patched = |at: usize, bytes: &[u8]| {
        let mut b = good.clone();
        b[at..at + bytes.len()].copy_from_slice(bytes);
        b
    };
    let cases: Vec<(&str, Vec<u8>, &[&str], &str)> = vec![
        (
            "truncated",
            good[..good.len() - 100].to_vec(),
            &[],
            "truncated",
        ),
        (
            "nan",
            patched(352 + 8 * 7, &f64::NAN.to_le_bytes()),
            &[],
            "must be finite",
        ),
        (
            "inf",
            patched(352 + 8 * 3, &f64::INFINITY.to_le_bytes()),
            &[],
            "must be finite",
        ),
        ("3d", patched(40, &3i16.to_le_bytes()), &[], "expected a 4D"),
        (
            "complex",
            patched(70, &32i16.to_le_bytes()),
            &[],
            "not a real number type",
        ),
        (
            "garbage",
            b"not an image".repeat(10),
            &[],
            "not a readable NIfTI",
        ),
        (
            "huge",
            patched(42, &[0x30, 0x75, 0x30, 0x75]),
            &[],
            "exceed",
        ),
        (
            "echoes",
            good.clone(),
            &["--echo-times", "10,20,30"],
            "10 echoes but 3 echo times",
        ),
        (
            "no_echo_times",
            patched(148, &[0; 80]),
            &[],
            "no echo times",
        ),
    ];
    let missing = temp("missing.nii");
    let mut all = cases
        .iter()
        .map(|(name, bytes, extra, msg)| {
            let p = temp(&format!("bad_{name}.nii"));
            std::fs::write(&p, bytes).expect("write");
            (p, *extra, *msg)
        })
        .collect::<Vec<_>>();
    all.push((missing, &[], "not a readable NIfTI"));
    for (path, extra, msg) in &all {
        let mut args = vec!["--input".to_string(), arg(path)];
        args.extend(extra.iter().map(|s| s.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = mpiexec(2, &example("t2_fit"), &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        assert!(err.contains(msg), "{args:?}: expected '{msg}' in:\n{err}");
        assert!(!err.contains("panicked"), "{err}");
        let _ = std::fs::remove_file(path);
    }
    Ok(())
}

pub fn cases() -> Vec<Case> {
    if petsc::SCALAR_IS_COMPLEX {
        return vec![Case::new("t2_nifti_needs_real_scalars", |_| {
            assert_needs_real_scalars("t2_fit", &["--map", "8,8"]);
            Ok(())
        })];
    }
    vec![
        Case::new("t2_joint_matches_voxel", t2_joint_matches_voxel),
        Case::new("t2_nifti_round_trip", t2_nifti_round_trip),
        Case::new("t2_nifti_masked", t2_nifti_masked),
        Case::new("t2_nifti_bad_files", t2_nifti_bad_files),
    ]
}
