//! PETSc's matrix tutorial `ex18.c` in Rust: finite element assembly through the
//! coordinate (COO) interface.
//!
//! Three triangles on five vertices; each element stiffness matrix has the entries
//! `s[vi][vj] = vi + 2 vj`. The matrix is assembled four times and printed after each:
//! with `set_values` and `ADD`, as traditional element-by-element assembly does; with
//! `set_values_coo` and `ADD`, the COO values laid out element after element at offsets
//! kept per element (which allows elements with different numbers of vertices); with
//! `set_values_coo` and `INSERT` from a three-dimensional array of element matrices;
//! and once more by COO, as C does on a GPU. The four printouts are the same, and are
//! PETSc's expected output of the C test (`output/ex18_1.out`, whose test drops the lines
//! with the matrix type). One rank, as in C.

use std::process::ExitCode;

use petsc::{InsertMode, Int, Mat, Object, Petsc, Scalar, Sizes, Viewer};
use petsc_examples::{scalar, usage_error};

/// The mesh: vertices of each element, in order.
struct FeStruct {
    /// Number of elements.
    ne: usize,
    /// Three vertices per element.
    vertices: Vec<Int>,
    /// Size of the linear system.
    n: Int,
    /// Offset of each element's stiffness matrix in the COO value array.
    coo: Vec<usize>,
}

fn create_fe_struct() -> FeStruct {
    FeStruct {
        ne: 3,
        vertices: vec![0, 1, 2, 2, 1, 3, 2, 4, 3],
        n: 5,
        coo: Vec::new(),
    }
}

/// The matrix with the COO pattern of all element stiffness matrices.
fn create_matrix(petsc: &Petsc, fe: &mut FeStruct) -> petsc::Result<Mat> {
    let mut a = Mat::new(&petsc.world())?;
    a.set_sizes_to(Sizes::local(fe.n, fe.n))?;
    a.set_from_options()?;
    let (mut oor, mut ooc) = (Vec::new(), Vec::new());
    for e in 0..fe.ne {
        for vi in 0..3 {
            for vj in 0..3 {
                oor.push(fe.vertices[3 * e + vi]);
                ooc.push(fe.vertices[3 * e + vj]);
            }
        }
    }
    a.set_preallocation_coo(&oor, &ooc)?;
    // Offsets of the element matrices in the COO array: 9 entries each.
    fe.coo = (0..fe.ne).map(|e| 9 * e).collect();
    Ok(a)
}

/// The element stiffness entry `(vi, vj)`.
fn stiffness(vi: usize, vj: usize) -> Scalar {
    scalar((vi + 2 * vj) as f64)
}

/// Traditional assembly: one `set_values` with ADD per element.
fn fill_matrix_cpu(fe: &FeStruct, a: &mut Mat) -> petsc::Result<()> {
    for e in 0..fe.ne {
        let mut s = [scalar(0.0); 9];
        for vi in 0..3 {
            for vj in 0..3 {
                s[3 * vi + vj] = stiffness(vi, vj);
            }
        }
        let v = &fe.vertices[3 * e..3 * e + 3];
        a.set_values(v, v, &s, InsertMode::Add)?;
    }
    a.assemble()
}

/// COO assembly with explicit element offsets.
fn fill_matrix_cpu_coo(fe: &FeStruct, a: &mut Mat) -> petsc::Result<()> {
    let mut v = vec![scalar(0.0); 9 * fe.ne];
    for e in 0..fe.ne {
        let s = &mut v[fe.coo[e]..fe.coo[e] + 9];
        for vi in 0..3 {
            for vj in 0..3 {
                s[3 * vi + vj] = stiffness(vi, vj);
            }
        }
    }
    a.set_values_coo(&v, InsertMode::Add)
}

/// COO assembly from an array of element matrices.
fn fill_matrix_cpu_coo_3d(fe: &FeStruct, a: &mut Mat) -> petsc::Result<()> {
    let mut s = vec![[[scalar(0.0); 3]; 3]; fe.ne];
    for elem in s.iter_mut() {
        for (vi, row) in elem.iter_mut().enumerate() {
            for (vj, x) in row.iter_mut().enumerate() {
                *x = stiffness(vi, vj);
            }
        }
    }
    let flat: Vec<Scalar> = s.iter().flatten().flatten().copied().collect();
    a.set_values_coo(&flat, InsertMode::Insert)
}

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    if world.size() > 1 {
        return Err(usage_error(
            "mat_ex18: the demonstration is only for sequential runs",
        ));
    }
    let mut fe = create_fe_struct();
    // As C does from PETSc 3.20 on: the COO pattern is declared on one matrix and the
    // work done on its duplicate, which shares the pattern (setting the pattern names a
    // matrix from 3.22 on, and a view prints the name).
    #[cfg(petsc_3_20)]
    let mut a =
        create_matrix(petsc, &mut fe)?.duplicate(petsc::MatDuplicateOption::DoNotCopyValues)?;
    #[cfg(not(petsc_3_20))]
    let mut a = create_matrix(petsc, &mut fe)?;
    let stdout = Viewer::ascii_stdout(&world)?;

    fill_matrix_cpu(&fe, &mut a)?;
    a.view_with(&stdout)?;

    a.zero_entries()?;
    fill_matrix_cpu_coo(&fe, &mut a)?;
    a.view_with(&stdout)?;

    a.zero_entries()?;
    fill_matrix_cpu_coo_3d(&fe, &mut a)?;
    a.view_with(&stdout)?;

    // C fills the matrix on a GPU here; this CPU-only port uses COO once more.
    a.zero_entries()?;
    fill_matrix_cpu_coo(&fe, &mut a)?;
    a.view_with(&stdout)?;
    Ok(())
}

fn main() -> ExitCode {
    petsc::main(body)
}
