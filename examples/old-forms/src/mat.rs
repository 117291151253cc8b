//! Matrices made by the positional constructors (`Mat::new_aij`, `new_aij_with_nnz`,
//! `from_csr`, `new_dense`, `new_baij`, `new_sbaij`, `new_aijcrl`, `new_shell`) and
//! copied by `Mat::duplicate(bool)`.

use petsc::{InsertMode, Int, Mat, MatOption, Object, Vector};

fn check(what: &str, ok: bool) -> petsc::Result<()> {
    if ok {
        Ok(())
    } else {
        Err(petsc::Error::user(format!("old-forms mat: {what}")))
    }
}

/// Fills the 1D Laplacian's rows this rank owns and assembles.
fn laplacian(a: &mut Mat, n: Int) -> petsc::Result<()> {
    for i in a.ownership_range()? {
        for (j, v) in [(i - 1, -1.0), (i, 2.0), (i + 1, -1.0)] {
            if (0..n).contains(&j) {
                a.set_value(i, j, v, InsertMode::Insert)?;
            }
        }
    }
    a.assemble()
}

pub fn run(petsc: &petsc::Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let size = world.size() as Int;
    let rank = world.rank() as Int;
    let n = 2 * size;

    // new_aij with global sizes, and with local ones.
    let mut a = Mat::new_aij(&world, None, None, Some(n), Some(n), 3, 2)?;
    laplacian(&mut a, n)?;
    check(
        "new_aij size",
        a.size()? == (n, n) && a.local_size()? == (2, 2),
    )?;
    let (mut x, mut y) = a.create_vecs()?;
    x.set(1.0)?;
    a.mult(&x, &mut y)?;
    check("new_aij product", y.sum()? == 2.0)?;
    let b = Mat::new_aij(&world, Some(2), Some(2), None, None, 3, 2)?;
    check("new_aij local sizes", b.size()? == (n, n))?;

    // new_aij_with_nnz: per-row counts.
    let mut c = Mat::new_aij_with_nnz(&world, Some(2), Some(2), None, None, &[3, 3], &[1, 1])?;
    laplacian(&mut c, n)?;
    check("new_aij_with_nnz", c.equal(&a)?)?;

    // from_csr: this rank's two rows of the Laplacian.
    let lo = 2 * rank;
    let mut row_ptr = vec![0];
    let (mut cols, mut vals) = (Vec::new(), Vec::new());
    for i in lo..lo + 2 {
        for (j, v) in [(i - 1, -1.0), (i, 2.0), (i + 1, -1.0)] {
            if (0..n).contains(&j) {
                cols.push(j);
                vals.push(v);
            }
        }
        row_ptr.push(cols.len() as Int);
    }
    let d = Mat::from_csr(&world, Some(2), Some(2), None, None, &row_ptr, &cols, &vals)?;
    check("from_csr", d.equal(&a)?)?;

    // new_dense, new_baij, new_sbaij, new_aijcrl.
    let mut e = Mat::new_dense(&world, None, None, Some(n), Some(3))?;
    e.set_values(&[0], &[2], &[5.0], InsertMode::Insert)?;
    e.assemble()?;
    check(
        "new_dense",
        e.size()? == (n, 3) && (rank != 0 || e.get_values(&[0], &[1, 2])? == vec![0.0, 5.0]),
    )?;
    let mut f = Mat::new_baij(&world, 2, None, None, Some(n), Some(n), 2, 1)?;
    laplacian(&mut f, n)?;
    check("new_baij", f.block_size()? == 2 && f.size()? == (n, n))?;
    let mut g = Mat::new_sbaij(&world, 1, None, None, Some(n), Some(n), 2, 1)?;
    g.set_option(MatOption::IgnoreLowerTriangular, true)?;
    laplacian(&mut g, n)?;
    check("new_sbaij", g.type_name()?.ends_with("sbaij"))?;
    let mut h = Mat::new_aijcrl(&world, None, None, Some(n), Some(n), 3, 2)?;
    laplacian(&mut h, n)?;
    check("new_aijcrl", h.type_name()?.ends_with("aijcrl"))?;

    // new_shell: y = 3 x.
    let s = Mat::new_shell(&world, Some(2), Some(2), None, None, |x, y| {
        y.copy_from(x)?;
        y.scale(3.0)
    })?;
    let mut x = Vector::new_mpi(&world, Some(2), None)?;
    x.set(1.0)?;
    let mut y = x.duplicate()?;
    s.mult(&x, &mut y)?;
    check("new_shell", y.sum()? == 3.0 * n as f64)?;

    // duplicate(bool).
    let full = a.duplicate(true)?;
    check("duplicate(true)", full.equal(&a)?)?;
    let empty = a.duplicate(false)?;
    check(
        "duplicate(false)",
        empty.norm(petsc::NormType::Frobenius)? == 0.0,
    )?;
    Ok(())
}
