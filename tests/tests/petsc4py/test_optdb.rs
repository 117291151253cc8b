//! petsc4py's `test_optdb.py`, ported: options through a prefix (`myopts-`), set,
//! found, read typed, listed and removed.

use petsc::{Complex, Int, Options, Petsc, Real, Scalar};
use petsc_tests::Case;

const PREFIX: &str = "myopts-";

/// `OPTLIST`: each option's name, the text petsc4py sets for its value.
const OPTLIST: [(&str, &str); 5] = [
    ("bool", "true"),
    ("int", "-7"),
    ("real", "5"),
    ("scalar", "3"),
    ("string", "petsc4py"),
];

fn put_opts(opts: &Options) -> petsc::Result<()> {
    for (k, v) in OPTLIST {
        opts.set_value(k, v)?;
    }
    Ok(())
}

fn del_opts(opts: &Options) -> petsc::Result<()> {
    for (k, _) in OPTLIST {
        opts.clear_value(k)?;
    }
    Ok(())
}

fn has_opts(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options_with_prefix(PREFIX);
    put_opts(&opts)?;
    for (k, _) in OPTLIST {
        assert!(opts.has(k)?, "{k}");
        assert!(!opts.has(&format!("{k}-missing"))?);
    }
    del_opts(&opts)?;
    for (k, _) in OPTLIST {
        assert!(!opts.has(k)?);
    }
    Ok(())
}

fn get_opts(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options_with_prefix(PREFIX);
    put_opts(&opts)?;
    assert_eq!(opts.get::<bool>("bool")?, Some(true));
    assert_eq!(opts.get::<Int>("int")?, Some(-7 as Int));
    assert_eq!(opts.get::<Real>("real")?, Some(5.0 as Real));
    assert_eq!(opts.get::<Scalar>("scalar")?, Some(Scalar::from(3.0)));
    assert_eq!(opts.get::<String>("string")?.as_deref(), Some("petsc4py"));
    del_opts(&opts)?;
    Ok(())
}

fn get_all(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options_with_prefix(PREFIX);
    put_opts(&opts)?;
    let all = opts.all()?;
    // This prefix's options, named without it; and only those.
    assert_eq!(all.len(), OPTLIST.len(), "{all:?}");
    for (k, v) in &all {
        let want = (k.trim_start_matches('-'), v.as_deref().unwrap_or(""));
        assert!(OPTLIST.contains(&want), "{k} = {v:?}");
    }
    del_opts(&opts)?;
    assert!(opts.all()?.is_empty());
    Ok(())
}

fn get_all_quoted(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options_with_prefix(PREFIX);
    let dct = [
        ("o0", "\"0 1 2\""),
        ("o1", "\"a b c\""),
        ("o2", "\"x y z\""),
    ];
    for (k, v) in dct {
        opts.set_value(k, v)?;
    }
    let all = opts.all()?;
    for (k, v) in dct {
        let got = all.iter().find(|(n, _)| n == &format!("-{k}"));
        assert_eq!(
            got.and_then(|(_, v)| v.as_deref()),
            Some(&v[1..v.len() - 1]),
            "{all:?}"
        );
        opts.clear_value(k)?;
    }
    Ok(())
}

fn close(a: impl Into<Complex<f64>>, b: impl Into<Complex<f64>>) -> bool {
    (a.into() - b.into()).norm() == 0.0
}

fn type_(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options_with_prefix(PREFIX);
    let (sv, av, defv, defarrayv) = (1, [1, 0, 1], 0, [0, 0, 1, 0]);
    // petsc4py sets each value from a Python number, a list and a NumPy array: all
    // become the same text, `1` and `1,0,1`.
    opts.set_value("sv", &sv.to_string())?;
    opts.set_value("av", "1,0,1")?;
    // bool
    assert_eq!(opts.get::<bool>("sv")?, Some(sv != 0));
    assert!(opts.get_or("sv", defv != 0)?);
    assert!(!opts.get_or("missing", defv != 0)?);
    let want: Vec<bool> = av.iter().map(|&x| x != 0).collect();
    assert_eq!(opts.get_array::<bool>("av", 8)?, Some(want.clone()));
    let defb: Vec<bool> = defarrayv.iter().map(|&x| x != 0).collect();
    assert_eq!(
        opts.get_array::<bool>("missing", 8)?
            .unwrap_or(defb.clone()),
        defb
    );
    // int
    assert_eq!(opts.get::<Int>("sv")?, Some(sv as Int));
    assert_eq!(opts.get_or::<Int>("sv", defv as Int)?, sv as Int);
    assert_eq!(opts.get_or::<Int>("missing", defv as Int)?, defv as Int);
    let want: Vec<Int> = av.iter().map(|&x| x as Int).collect();
    assert_eq!(opts.get_array::<Int>("av", 8)?, Some(want));
    let defi: Vec<Int> = defarrayv.iter().map(|&x| x as Int).collect();
    assert_eq!(
        opts.get_array::<Int>("missing", 8)?.unwrap_or(defi.clone()),
        defi
    );
    // real
    assert_eq!(opts.get::<Real>("sv")?, Some(sv as Real));
    assert_eq!(opts.get_or::<Real>("sv", defv as Real)?, sv as Real);
    assert_eq!(opts.get_or::<Real>("missing", defv as Real)?, defv as Real);
    let want: Vec<Real> = av.iter().map(|&x| x as Real).collect();
    assert_eq!(opts.get_array::<Real>("av", 8)?, Some(want));
    let defr: Vec<Real> = defarrayv.iter().map(|&x| x as Real).collect();
    assert_eq!(
        opts.get_array::<Real>("missing", 8)?
            .unwrap_or(defr.clone()),
        defr
    );
    // scalar
    let s = opts.get::<Scalar>("sv")?.expect("set");
    assert!(close(s, sv as f64));
    let missing = opts
        .get::<Scalar>("missing")?
        .unwrap_or(Scalar::from(defv as Real));
    assert!(close(missing, defv as f64));
    let arr = opts.get_array::<Scalar>("av", 8)?.expect("set");
    assert_eq!(arr.len(), av.len());
    for (x, y) in arr.iter().zip(av) {
        assert!(close(*x, y as f64));
    }
    let defs: Vec<Scalar> = defarrayv.iter().map(|&x| Scalar::from(x as Real)).collect();
    let arr = opts.get_array::<Scalar>("missing", 8)?.unwrap_or(defs);
    assert_eq!(arr.len(), defarrayv.len());
    for (x, y) in arr.iter().zip(defarrayv) {
        assert!(close(*x, y as f64));
    }
    opts.clear_value("sv")?;
    opts.clear_value("av")?;
    assert!(!opts.has("sv")? && !opts.has("av")?);
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("TestOptions::testHasOpts", has_opts),
        Case::new("TestOptions::testGetOpts", get_opts),
        Case::new("TestOptions::testGetAll", get_all),
        Case::new("TestOptions::testGetAllQuoted", get_all_quoted),
        Case::new("TestOptions::testType", type_),
        Case::not_in_rust(
            "TestOptions::testMonitor",
            "petsc4py's file deletes it (`del TestOptions.testMonitor`); its checks are Python reference counts",
        ),
    ]
}
