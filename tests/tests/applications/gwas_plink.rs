//! `gwas --bfile` against `plink1.9 --assoc`: data made by `plink1.9 --simulate` (null,
//! monomorphic, rare and disease variants, missing genotypes), phenotypes from the
//! `.fam` file (some missing) and from a `--pheno` file; the `.assoc` table equal to
//! PLINK's printed text, column by column, for every variant, at 1, 2 and 3 ranks; the
//! disease variants on top. Bad input: exit status 2 and one message naming the file
//! and line.
//!
//! Without `plink1.9` (Debian's package `plink1.9`; `ci/install-deps.sh --variants`
//! installs it) the comparison is skipped with a note, or fails when
//! `PETSC_RS_REQUIRE_EXAMPLES` is set.

use std::path::{Path, PathBuf};
use std::process::Command;

use petsc::Petsc;
use petsc_tests::{example, mpiexec, run_example, Case};

/// A temporary folder of this test process.
fn scratch(what: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("petsc-rs-gwas-{what}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary folder");
    dir
}

/// Whether `plink1.9` runs; otherwise the running case is skipped (or, with
/// `PETSC_RS_REQUIRE_EXAMPLES` set, fails).
fn have_plink() -> bool {
    if Command::new("plink1.9").arg("--version").output().is_ok() {
        return true;
    }
    let what = "plink1.9 is not installed (apt-get install plink1.9; \
                ci/install-deps.sh --variants installs it)";
    if std::env::var_os("PETSC_RS_REQUIRE_EXAMPLES").is_some_and(|v| v != "0") {
        panic!("{what}\n(unset PETSC_RS_REQUIRE_EXAMPLES to skip the comparison with PLINK)");
    }
    petsc_tests::skip_case(format!("the comparison with PLINK: {what}"));
    false
}

fn plink(dir: &Path, args: &[&str]) {
    let out = Command::new("plink1.9")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run plink1.9");
    assert!(
        out.status.success(),
        "plink1.9 {args:?}:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The study: 3000 null variants, 5 monomorphic, 5 rare, 12 disease variants (odds
/// ratio 1.6 per allele), 1000 cases and 1000 controls, 2% missing genotypes. Then
/// every 7th sample's phenotype is made -9 and every 11th 0 in the `.fam` file, and a
/// phenotype file lists four samples in five (every 13th of them missing), with its
/// own case-control split.
fn simulate(dir: &Path) {
    std::fs::write(
        dir.join("sim.txt"),
        "3000 null 0.02 0.5 1.00 1.00\n5 mono 0.0 0.0 1.00 1.00\n\
         5 rare 0.0005 0.001 1.00 1.00\n12 disease 0.1 0.4 1.6 mult\n",
    )
    .unwrap();
    plink(
        dir,
        &[
            "--simulate",
            "sim.txt",
            "--simulate-ncases",
            "1000",
            "--simulate-ncontrols",
            "1000",
            "--simulate-missing",
            "0.02",
            "--seed",
            "20240611",
            "--make-bed",
            "--out",
            "study",
        ],
    );
    let fam = std::fs::read_to_string(dir.join("study.fam")).unwrap();
    let mut edited = String::new();
    let mut pheno = String::from("FID IID PHENO\n");
    for (i, line) in fam.lines().enumerate() {
        let mut w: Vec<&str> = line.split_whitespace().collect();
        let n = i + 1;
        if n % 7 == 0 {
            w[5] = "-9";
        } else if n % 11 == 0 {
            w[5] = "0";
        }
        edited.push_str(&w.join(" "));
        edited.push('\n');
        if n % 5 != 0 {
            let p = if n % 13 == 0 {
                "-9"
            } else if n % 2 == 0 {
                "2"
            } else {
                "1"
            };
            pheno.push_str(&format!("{} {} {p}\n", w[0], w[1]));
        }
    }
    std::fs::write(dir.join("study.fam"), edited).unwrap();
    std::fs::write(dir.join("study.pheno"), pheno).unwrap();
}

/// The header and the rows of an `.assoc` table, split into their columns.
fn table(path: &Path) -> (String, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut lines = text.lines();
    let header = lines.next().expect("a header").to_string();
    let rows = lines
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// Our table against PLINK's: the same text, and every column of every row equal.
fn compare(what: &str, ours: &Path, theirs: &Path) -> usize {
    let (h1, r1) = table(ours);
    let (h2, r2) = table(theirs);
    assert_eq!(h1, h2, "{what}: header");
    assert_eq!(r1.len(), r2.len(), "{what}: number of variants");
    let names = h2.split_whitespace().collect::<Vec<_>>();
    assert_eq!(
        names,
        ["CHR", "SNP", "BP", "A1", "F_A", "F_U", "A2", "CHISQ", "P", "OR"]
    );
    for (a, b) in r1.iter().zip(&r2) {
        assert_eq!(a.len(), 10, "{what}: {a:?}");
        for (k, name) in names.iter().enumerate() {
            assert_eq!(
                a[k], b[k],
                "{what}: {name} of {} is {} here, {} in PLINK",
                b[1], a[k], b[k]
            );
        }
    }
    assert_eq!(
        std::fs::read(ours).unwrap(),
        std::fs::read(theirs).unwrap(),
        "{what}: not the same bytes (column widths)"
    );
    r2.len()
}

fn assoc_matches_plink(_: &Petsc) -> petsc::Result<()> {
    if !have_plink() {
        return Ok(());
    }
    let dir = scratch("plink");
    simulate(&dir);
    plink(&dir, &["--bfile", "study", "--assoc", "--out", "plink_fam"]);
    plink(
        &dir,
        &[
            "--bfile",
            "study",
            "--pheno",
            "study.pheno",
            "--assoc",
            "--out",
            "plink_pheno",
        ],
    );
    let prefix = dir.join("study").to_string_lossy().into_owned();
    let pheno = dir.join("study.pheno").to_string_lossy().into_owned();
    for n in [1, 2, 3] {
        let out_fam = dir.join(format!("ours_fam_{n}.assoc"));
        let o = out_fam.to_string_lossy().into_owned();
        let text = run_example(
            "gwas",
            n,
            &["--bfile", &prefix, "--out", &o, "--report", "12"],
        );
        let what = format!("phenotypes of the .fam, {n} rank(s)");
        let count = compare(&what, &out_fam, &dir.join("plink_fam.assoc"));
        assert_eq!(count, 3022, "{what}");
        let na = table(&out_fam)
            .1
            .iter()
            .filter(|r| r.contains(&"NA".to_string()))
            .count();
        assert!(
            na >= 5,
            "{what}: the monomorphic variants have NA columns ({na} rows)"
        );
        assert!(text.contains("|difference|"), "{text}");
        let top: Vec<&str> = text.lines().filter(|l| l.contains(". variant ")).collect();
        assert_eq!(top.len(), 12, "{text}");
        let disease = top.iter().filter(|l| l.contains("disease_")).count();
        assert!(
            disease >= 9,
            "{what}: {disease} of 12 disease variants on top:\n{text}"
        );
        println!(
            "    {what}: {count} variants, all 10 columns equal to plink1.9 --assoc \
             ({na} rows with NA); {disease} of the top 12 are disease variants"
        );

        let out_pheno = dir.join(format!("ours_pheno_{n}.assoc"));
        let o = out_pheno.to_string_lossy().into_owned();
        run_example(
            "gwas",
            n,
            &["--bfile", &prefix, "--pheno", &pheno, "--out", &o],
        );
        let what = format!("--pheno file, {n} rank(s)");
        let count = compare(&what, &out_pheno, &dir.join("plink_pheno.assoc"));
        println!("    {what}: {count} variants, all 10 columns equal to plink1.9 --assoc");
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// Associations so strong that the p-values reach the bottom of the double range:
/// 1000 cases and 1000 controls, most cases homozygous for one allele and most controls
/// for the other, chi-squares from 1300 to 1490 (p from 1e-284 down past 1e-320). PLINK
/// 1.9 prints these p-values to four digits, subnormal ones included, and 0 once half
/// the chi-square passes its underflow limit (chi-square 1416.72 prints 4.877e-310,
/// 1416.79 prints 0): the table must be the same, at 1 and 2 ranks.
fn extreme_p_values(_: &Petsc) -> petsc::Result<()> {
    if !have_plink() {
        return Ok(());
    }
    let dir = scratch("extreme");
    let n = 1000;
    let fam: String = (0..2 * n)
        .map(|i| format!("f{i} i{i} 0 0 1 {}\n", if i < n { 2 } else { 1 }))
        .collect();
    std::fs::write(dir.join("x.fam"), fam).unwrap();
    // (cases homozygous for allele 2, cases heterozygous, controls homozygous for allele
    // 1, controls heterozygous); everyone else is homozygous for the other allele.
    let mut shapes: Vec<(usize, usize, usize, usize)> = (195..=216).map(|s| (s, 0, s, 0)).collect();
    shapes.extend([(192, 0, 213, 0), (213, 1, 189, 5), (0, 0, 0, 0)]);
    let mut bim = String::new();
    let mut bed = vec![0x6c, 0x1b, 0x01];
    for (v, &(s, t, u, w)) in shapes.iter().enumerate() {
        bim.push_str(&format!("1 x{v} 0 {} A G\n", 1000 + v));
        // PLINK's 2-bit codes: 00 homozygous allele 1, 10 heterozygous, 11 homozygous
        // allele 2.
        let code = |i: usize| -> u8 {
            if i < n {
                if i < s {
                    0b11
                } else if i < s + t {
                    0b10
                } else {
                    0b00
                }
            } else {
                let k = i - n;
                if k < u {
                    0b00
                } else if k < u + w {
                    0b10
                } else {
                    0b11
                }
            }
        };
        for first in (0..2 * n).step_by(4) {
            bed.push((0..4).fold(0u8, |b, k| b | code(first + k) << (2 * k)));
        }
    }
    std::fs::write(dir.join("x.bim"), bim).unwrap();
    std::fs::write(dir.join("x.bed"), bed).unwrap();
    plink(&dir, &["--bfile", "x", "--assoc", "--out", "plink_x"]);
    let theirs = std::fs::read_to_string(dir.join("plink_x.assoc")).unwrap();
    assert!(theirs.contains(" 4.877e-310 "), "{theirs}");
    assert!(theirs.contains(" 7.2e-309 "), "{theirs}");
    let prefix = dir.join("x").to_string_lossy().into_owned();
    for n in [1, 2] {
        let ours = dir.join(format!("ours_x_{n}.assoc"));
        let o = ours.to_string_lossy().into_owned();
        run_example("gwas", n, &["--bfile", &prefix, "--out", &o]);
        let what = format!("extreme associations, {n} rank(s)");
        let count = compare(&what, &ours, &dir.join("plink_x.assoc"));
        assert_eq!(count, shapes.len());
        println!("    {what}: {count} variants, the same table as plink1.9 --assoc");
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// A small valid study written by hand: 6 samples, 3 variants.
fn write_small(dir: &Path) -> String {
    std::fs::write(
        dir.join("s.fam"),
        "f a 0 0 1 2\nf b 0 0 2 2\nf c 0 0 1 1\nf d 0 0 2 1\nf e 0 0 1 2\nf g 0 0 2 1\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("s.bim"),
        "1 v1 0 10 A G\n1 v2 0 20 C T\n2 v3 0 30 A C\n",
    )
    .unwrap();
    // Two bytes per variant (6 samples), SNP-major magic.
    let mut bed = vec![0x6c, 0x1b, 0x01];
    bed.extend_from_slice(&[
        0b11_10_00_00,
        0b0000_1011,
        0b00_10_11_11,
        0b0000_0010,
        0b10_01_10_00,
        0b0000_1110,
    ]);
    std::fs::write(dir.join("s.bed"), bed).unwrap();
    dir.join("s").to_string_lossy().into_owned()
}

/// `--plot` with `--bfile`: a Manhattan plot of the small study (two chromosomes) at 1
/// and 2 ranks.
fn bfile_manhattan(_: &Petsc) -> petsc::Result<()> {
    let dir = scratch("manhattan");
    let prefix = write_small(&dir);
    for n in [1, 2] {
        let png = dir.join(format!("m{n}.png"));
        let p = png.to_string_lossy().into_owned();
        let text = run_example("gwas", n, &["--bfile", &prefix, "--plot", &p]);
        assert!(text.contains(&format!("wrote {p}")), "{text}");
        let picture = petsc_tests::assert_picture(&png, 8);
        assert_eq!((picture.width, picture.height), (1000, 400));
    }
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}

/// Bad files: exit status 2 at 2 ranks, one message naming the file (and line), no
/// panic.
fn bad_input(_: &Petsc) -> petsc::Result<()> {
    let dir = scratch("bad");
    let good = write_small(&dir);
    let out = dir.join("s.assoc").to_string_lossy().into_owned();
    let text = run_example(
        "gwas",
        2,
        &["--bfile", &good, "--out", &out, "--report", "2"],
    );
    assert!(text.contains("6 samples (3 cases, 3 controls"), "{text}");
    assert_eq!(table(&dir.join("s.assoc")).1.len(), 3);

    let edit = |ext: &str, f: &dyn Fn(Vec<u8>) -> Vec<u8>| -> String {
        let case = dir.join(format!("case{}", std::fs::read_dir(&dir).unwrap().count()));
        std::fs::create_dir_all(&case).unwrap();
        let prefix = write_small(&case);
        let p = case.join(format!("s{ext}"));
        let bytes = f(std::fs::read(&p).unwrap());
        std::fs::write(&p, bytes).unwrap();
        prefix
    };
    let replace = |from: &'static str, to: &'static str| {
        move |b: Vec<u8>| {
            let s = String::from_utf8(b).unwrap();
            assert!(s.contains(from), "{from}");
            s.replacen(from, to, 1).into_bytes()
        }
    };
    let cases: Vec<(&str, String, Vec<&str>, Vec<&str>)> = vec![
        (
            "no files",
            dir.join("nothing").to_string_lossy().into_owned(),
            vec![],
            vec!["nothing.fam", "cannot read"],
        ),
        (
            "magic",
            edit(".bed", &|mut b| {
                b[0] = 0x00;
                b
            }),
            vec![],
            vec!["s.bed", "not a PLINK .bed file"],
        ),
        (
            "individual-major",
            edit(".bed", &|mut b| {
                b[2] = 0x00;
                b
            }),
            vec![],
            vec!["s.bed", "individual-major"],
        ),
        (
            "bed size",
            edit(".bed", &|mut b| {
                b.pop();
                b
            }),
            vec![],
            vec!["s.bed", "8 bytes, expected 9", "6 samples", "3 variants"],
        ),
        (
            "fam line count",
            edit(".fam", &|b| {
                let mut b = b;
                b.extend_from_slice(b"f h 0 0 1 1\nf i 0 0 1 1\nf j 0 0 1 1\n");
                b
            }),
            vec![],
            vec!["s.bed", "9 samples (.fam)"],
        ),
        (
            "bim line count",
            edit(".bim", &replace("2 v3 0 30 A C\n", "")),
            vec![],
            vec!["s.bed", "2 variants (.bim)"],
        ),
        (
            "bim fields",
            edit(".bim", &replace("1 v2 0 20 C T", "1 v2 0 20 C")),
            vec![],
            vec!["s.bim line 2", "5 fields"],
        ),
        (
            "bim position",
            edit(".bim", &replace("2 v3 0 30", "2 v3 0 3x0")),
            vec![],
            vec!["s.bim line 3", "'3x0'"],
        ),
        (
            "fam phenotype",
            edit(".fam", &replace("f d 0 0 2 1", "f d 0 0 2 case")),
            vec![],
            vec!["s.fam line 4", "'case'"],
        ),
        (
            "fam fields",
            edit(".fam", &replace("f b 0 0 2 2\n", "f b 0 0 2 2 7\n")),
            vec![],
            vec!["s.fam line 2", "7 fields"],
        ),
        (
            "no controls",
            edit(".fam", &|b| {
                String::from_utf8(b)
                    .unwrap()
                    .replace(" 1\n", " 2\n")
                    .into_bytes()
            }),
            vec![],
            vec!["s.fam", "0 controls"],
        ),
    ];
    let bad_pheno = dir.join("bad.pheno");
    std::fs::write(&bad_pheno, "f a 2\nf b\n").unwrap();
    let bad_pheno = bad_pheno.to_string_lossy().into_owned();
    let mut all = cases;
    all.push((
        "pheno fields",
        good.clone(),
        vec!["--pheno", &bad_pheno],
        vec!["bad.pheno line 2", "2 fields"],
    ));
    let no_dir = dir
        .join("no/such/dir/x.assoc")
        .to_string_lossy()
        .into_owned();
    all.push((
        "out",
        good.clone(),
        vec!["--out", &no_dir],
        vec!["cannot write", "x.assoc"],
    ));
    all.push((
        "synthetic flag",
        good.clone(),
        vec!["--samples", "10"],
        vec!["--samples belongs to the synthetic study"],
    ));
    for (what, prefix, extra, expect) in all {
        let mut args = vec!["--bfile", prefix.as_str()];
        args.extend(extra);
        let out = mpiexec(2, &example("gwas"), &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{what}: {err}");
        assert_eq!(
            err.matches("gwas: ").count(),
            1,
            "{what}: printed once:\n{err}"
        );
        assert!(!err.contains("panicked"), "{what}: {err}");
        // Every rank reads the same files: the message is the one a single rank gives
        // (an error in the second rank's lines of the .bim included).
        assert!(!err.contains("[rank"), "{what}: {err}");
        for e in expect {
            assert!(err.contains(e), "{what}: '{e}' not in\n{err}");
        }
    }
    let out = mpiexec(1, &example("gwas"), &["--out", "x.assoc"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--out needs --bfile"));
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("assoc_matches_plink", assoc_matches_plink),
        Case::new("extreme_p_values", extreme_p_values),
        Case::new("bad_input", bad_input),
        Case::new("bfile_manhattan", bfile_manhattan),
    ]
}
