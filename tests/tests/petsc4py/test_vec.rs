//! petsc4py's `test_vec.py`, ported: the base class's methods for sequential, MPI and
//! shared vectors, vectors made from an array, ghosted vectors; and a few cases of the
//! arithmetic operators of our own (`Operators::`), at 1 and 2 ranks.

use petsc::{
    Comm, Complex, InsertMode, Int, Mat, NormType, Object, Petsc, Real, Scalar, ScatterMode,
    VecOption, VecType, Vector,
};
use petsc_tests::Case;

fn c(x: impl Into<Complex<f64>>) -> Complex<f64> {
    x.into()
}

fn close(a: impl Into<Complex<f64>>, b: impl Into<Complex<f64>>) -> bool {
    (a.into() - b.into()).norm() < 1e-10
}

fn s(x: f64) -> Scalar {
    Scalar::from(x)
}

/// One of petsc4py's `BaseTestVec` classes: its communicator and type.
#[derive(Clone, Copy)]
struct Class {
    name: &'static str,
    world: bool,
    ty: fn(&Comm) -> VecType,
}

/// `setUp`: a vector of global size 100 on the class's communicator, of its type.
fn set_up(petsc: &Petsc, class: Class) -> petsc::Result<Vector> {
    let comm = if class.world {
        petsc.world()
    } else {
        petsc.self_comm()
    };
    let mut v = Vector::new(&comm)?;
    v.set_sizes(None, Some(100))?;
    v.set_type((class.ty)(&comm))?;
    Ok(v)
}

fn duplicate(v: &mut Vector) -> petsc::Result<()> {
    v.set(1.0)?;
    let w = v.duplicate()?;
    assert!(!v.equal(&w)?);
    assert_eq!((v.local_size()?, v.size()?), (w.local_size()?, w.size()?));
    Ok(())
}

fn copy(v: &mut Vector) -> petsc::Result<()> {
    v.set(1.0)?;
    let mut w = v.duplicate()?;
    w.copy_from(v)?;
    assert!(v.equal(&w)?);
    Ok(())
}

fn dot(v: &mut Vector) -> petsc::Result<()> {
    v.set(1.0)?;
    let n = v.size()? as f64;
    assert!(close(c(v.dot(v)?).norm(), n));
    v.dot_begin(v)?;
    assert!(close(c(v.dot_end(v)?).norm(), n));
    Ok(())
}

fn norm(v: &mut Vector) -> petsc::Result<()> {
    v.set(1.0)?;
    let n = v.size()? as f64;
    let n1 = v.norm(NormType::One)?;
    let n2 = v.norm(NormType::Two)?;
    let ni = v.norm(NormType::Infinity)?;
    assert!(close(n1, n));
    assert!(close(n2, n.sqrt()));
    assert!(close(ni, 1.0));
    v.norm_begin(NormType::One)?;
    assert!(close(v.norm_end(NormType::One)?, n1));
    v.norm_begin(NormType::Two)?;
    assert!(close(v.norm_end(NormType::Two)?, n2));
    v.norm_begin(NormType::Infinity)?;
    assert!(close(v.norm_end(NormType::Infinity)?, ni));
    Ok(())
}

fn normalize(v: &mut Vector) -> petsc::Result<()> {
    v.set(1.0)?;
    let n2 = v.normalize()?;
    assert!(close(n2, (v.size()? as f64).sqrt()));
    assert!(close(v.norm(NormType::Two)?, 1.0));
    Ok(())
}

fn sum_min_max(v: &mut Vector) -> petsc::Result<()> {
    v.set(1.0)?;
    assert_eq!(c(v.sum()?), c(v.size()? as f64));
    v.set(-7.0)?;
    assert_eq!(v.min()?.value, -7.0);
    v.set(10.0)?;
    assert_eq!(v.max()?.value, 10.0);
    Ok(())
}

fn swap(v1: &mut Vector) -> petsc::Result<()> {
    let mut v2 = v1.duplicate()?;
    v1.set(1.0)?;
    v2.set(2.0)?;
    v1.swap(&mut v2)?;
    let idx = v1.ownership_range()?.start;
    assert_eq!(c(v1.values(&[idx])?[0]), c(2.0));
    assert_eq!(c(v2.values(&[idx])?[0]), c(1.0));
    Ok(())
}

fn bsize(v: &mut Vector) -> petsc::Result<()> {
    v.set_block_size(1)?;
    assert_eq!(v.block_size()?, 1);
    v.set_block_size(1)?;
    Ok(())
}

fn get_set_vals(v: &mut Vector) -> petsc::Result<()> {
    let r = v.ownership_range()?;
    v.set_values(&[r.start], &[s(-7.0)], InsertMode::Insert)?;
    v.set_values(&[r.end - 1], &[s(-7.0)], InsertMode::Insert)?;
    v.assemble()?;
    assert_eq!(v.values(&[r.start, r.end - 1])?, vec![s(-7.0); 2]);
    for i in r.clone() {
        v.set_values(&[i], &[s(i as f64)], InsertMode::Insert)?;
    }
    v.assemble()?;
    let idx: Vec<Int> = r.clone().collect();
    let expect: Vec<Scalar> = r.map(|i| s(i as f64)).collect();
    assert_eq!(v.values(&idx)?, expect);
    let sz = v.size()? as f64;
    assert_eq!(c(v.sum()?), c((sz - 1.0) / 2.0 * sz));
    Ok(())
}

fn get_set_array(v: &mut Vector) -> petsc::Result<()> {
    v.set(1.0)?;
    let arr0: Vec<Scalar> = v.view()?.to_vec();
    assert_eq!(c(arr0.iter().sum::<Scalar>()), c(v.local_size()? as f64));
    v.set_random(None)?;
    let arr1: Vec<Scalar> = v.view()?.to_vec();
    v.view_mut()?.copy_from_slice(&arr1); // setArray
    let arr1: Vec<Scalar> = v.view()?.to_vec();
    let arr2: Vec<Scalar> = v.view()?.to_vec();
    assert_eq!(arr1, arr2);
    // np.asarray(vec): a writable view of the same entries (petsc4py also counts the
    // references the array holds, which is Python's own).
    {
        let mut arr3 = v.view_mut()?;
        assert_eq!(&*arr3, &arr1[..]);
        arr3.fill(s(0.0));
    }
    assert!(close(c(v.sum()?).norm(), 0.0));
    assert_eq!(v.max()?.value, 0.0);
    assert_eq!(v.min()?.value, 0.0);
    v.set(1.0)?;
    let arr3 = v.view()?;
    assert!(close(
        c(arr3.iter().sum::<Scalar>()).norm(),
        arr3.len() as f64
    ));
    assert!(arr3.iter().all(|&x| x == s(1.0)));
    Ok(())
}

fn place_array(v: &mut Vector) -> petsc::Result<()> {
    v.set(1.0)?;
    let n = v.size()? as f64;
    let mut array: Vec<Scalar> = v.view()?.to_vec();
    {
        let mut p = v.place_array(&mut array)?;
        p.view_mut().fill(s(2.0));
        assert!(close(c(p.with(|v| v.sum())??).norm(), 2.0 * n));
        Vector::reset_array(p);
    }
    assert!(close(c(v.sum()?).norm(), n));
    Ok(())
}

fn local_vector(v: &mut Vector) -> petsc::Result<()> {
    let rank = v.comm().rank() as f64;
    v.view_mut()?.fill(s(rank + 1.0));
    let ln = v.local_size()? as f64;
    let lvec = v.create_local_vector()?;
    assert_eq!(lvec.size()? as f64, ln);
    {
        let l = v.local_vector()?;
        assert_eq!(c(l.sum()?).norm(), (rank + 1.0) * ln);
        Vector::restore_local_vector(l)?;
    }
    let l = v.local_vector_read()?;
    assert_eq!(c(l.sum()?).norm(), (rank + 1.0) * ln);
    l.restore()?;
    Ok(())
}

fn set_option(v: &mut Vector) -> petsc::Result<()> {
    for opt in [
        VecOption::IgnoreOffProcEntries,
        VecOption::IgnoreNegativeIndices,
    ]
    .repeat(2)
    {
        for flag in [true, false].repeat(2) {
            v.set_option(opt, flag)?;
        }
    }
    Ok(())
}

fn get_set_item(v: &mut Vector) -> petsc::Result<()> {
    let mut w = v.duplicate()?;
    v.set(7.0)?; // v[...] = 7
    assert_eq!(v.max()?.value, 7.0);
    assert_eq!(v.min()?.value, 7.0);
    v.set_random(None)?;
    w.copy_from(v)?; // w[...] = v
    assert!(w.equal(v)?);
    v.set_random(None)?;
    w.view_mut()?.copy_from_slice(&v.view()?); // w[...] = v.getArray()
    assert!(w.equal(v)?);
    let r = v.ownership_range()?;
    v.set_random(None)?;
    let idx: Vec<Int> = r.clone().collect();
    let vals = v.view()?.to_vec();
    w.set_values(&idx, &vals, InsertMode::Insert)?; // w[s:e] = v.getArray().copy()
    w.assemble()?;
    assert!(w.equal(v)?);
    assert_eq!(w.values(&[r.start])?, v.values(&[r.start])?);
    assert_eq!(w.values(&[r.end - 1])?, v.values(&[r.end - 1])?);
    Ok(())
}

fn maxpy(y: &mut Vector) -> petsc::Result<()> {
    y.set(1.0)?;
    let x: Vec<Vector> = (0..3)
        .map(|_| {
            let mut x = y.duplicate()?;
            x.copy_from(y)?;
            Ok(x)
        })
        .collect::<petsc::Result<_>>()?;
    let xs: Vec<&Vector> = x.iter().collect();
    y.maxpy(&[s(1.0); 3], &xs)?;
    let mut z = y.duplicate()?;
    z.set(x.len() as f64 + 1.0)?;
    assert!(y.equal(&z)?);
    Ok(())
}

fn bin_op(x: &mut Vector) -> petsc::Result<()> {
    x.set(1.0)?;
    let n = x.size()?;
    let y = (2.0 + 2.0 * &*x + 1.0 - &*x * 3.0 - 1.0).eval()?;
    assert_eq!(y.min()?.value, 1.0);
    assert_eq!(y.max()?.value, 1.0);
    let z = ((4.0 * &*x) / (2.0 * &y)).eval()?;
    assert_eq!(z.min()?.value, 2.0);
    assert_eq!(z.max()?.value, 2.0);
    let z = (z / 2.0).eval()?;
    assert_eq!(z.min()?.value, 1.0);
    assert_eq!(z.max()?.value, 1.0);
    let sdot = x.dot(&(-&y).eval()?)?; // (+x) @ (-y)
    assert_eq!(c(sdot), c(-(n as f64)));
    //
    let (m, nn) = (n, 2 * n);
    let comm = x.comm();
    let mut a = Mat::new_dense(&comm, None, None, Some(m), Some(nn))?;
    let rr = a.ownership_range()?;
    let (ra, rb) = (3.0, 5.0);
    let cols: Vec<Int> = (0..nn).collect();
    for i in rr.clone() {
        let row: Vec<Scalar> = cols
            .iter()
            .map(|&j| s(ra * i as f64 + rb * j as f64))
            .collect();
        a.set_values(&[i], &cols, &row, InsertMode::Insert)?;
    }
    a.assemble()?;
    let cr = a.ownership_range_column()?;
    let mut y = (&*x * &a).eval()?; // x @ A
    assert_eq!(y.size()?, nn);
    for i in cr {
        let expect = ra * (m * (m - 1)) as f64 / 2.0 + rb * (i * m) as f64;
        assert_eq!(c(y.values(&[i])?[0]), c(expect));
    }
    y.set(1.0)?;
    let z = (&a * &y).eval()?; // A @ y
    assert_eq!(z.size()?, m);
    for i in rr {
        let expect = rb * (nn * (nn - 1)) as f64 / 2.0 + ra * (i * nn) as f64;
        assert_eq!(c(z.values(&[i])?[0]), c(expect));
    }
    Ok(())
}

fn concatenate(x: &mut Vector) -> petsc::Result<()> {
    let mut y = x.duplicate()?;
    x.set(1.0)?;
    y.set(2.0)?;
    let (z, index_sets) = Vector::concatenate(&[&*x, &y])?;
    assert_eq!(z.local_size()?, x.local_size()? + y.local_size()?);
    assert_eq!(z.min()?.value, x.min()?.value);
    assert_eq!(z.max()?.value, y.max()?.value);
    // petsc4py's `np.allclose` lines assert nothing; what holds is that `z` is `x`
    // then `y` in global order, each at the indices its index set gives.
    let n = x.size()?;
    let r = z.ownership_range()?;
    for (k, &v) in z.view()?.iter().enumerate() {
        let i = r.start + k as Int;
        assert_eq!(c(v), c(if i < n { 1.0 } else { 2.0 }));
    }
    let (xr, yr) = (x.ownership_range()?, y.ownership_range()?);
    assert_eq!(index_sets[0].to_vec()?, xr.collect::<Vec<Int>>());
    assert_eq!(
        index_sets[1].to_vec()?,
        yr.map(|i| i + n).collect::<Vec<Int>>()
    );
    Ok(())
}

fn mean(x: &mut Vector) -> petsc::Result<()> {
    let comm = x.comm();
    x.view_mut()?.fill(s(comm.rank() as f64 + 1.0));
    let size = comm.size() as f64;
    let expect = (1..=comm.size()).map(|r| r as f64).sum::<f64>() / size;
    assert!(close(x.mean()?, expect));
    Ok(())
}

type Method = fn(&mut Vector) -> petsc::Result<()>;

const METHODS: &[(&str, Method)] = &[
    ("testDuplicate", duplicate),
    ("testCopy", copy),
    ("testDot", dot),
    ("testNorm", norm),
    ("testNormalize", normalize),
    ("testSumMinMax", sum_min_max),
    ("testSwap", swap),
    ("testBsize", bsize),
    ("testGetSetVals", get_set_vals),
    ("testGetSetValsBlocked", |_| Ok(())), // petsc4py's test returns at once
    ("testGetSetArray", get_set_array),
    ("testPlaceArray", place_array),
    ("testLocalVector", local_vector),
    ("testSetOption", set_option),
    ("testGetSetItem", get_set_item),
    ("testMAXPY", maxpy),
    ("testBinOp", bin_op),
    ("testConcatenate", concatenate),
    ("testMean", mean),
];

/// `TestVecWithArray::testCreateSeq`: vectors holding the array's first `size` entries.
/// (petsc4py also checks that the vector keeps the NumPy array itself alive; a Rust
/// vector made from a slice owns a copy, and `place_array` lends one for a borrow.)
fn create_seq(petsc: &Petsc) -> petsc::Result<()> {
    let a = [s(0.0); 5];
    let sc = petsc.self_comm();
    let v1 = Vector::from_slice(&sc, &a)?;
    let v2 = Vector::from_slice(&sc, &a[..5])?;
    let v3 = Vector::from_slice(&sc, &a[..3])?;
    assert_eq!((v1.size()?, v2.size()?, v3.size()?), (5, 5, 3));
    assert_eq!(&*v3.view()?, &a[..3]);
    Ok(())
}

/// `TestVecWithArray::testCreateMPI`: each rank's array is its local part.
fn create_mpi(petsc: &Petsc) -> petsc::Result<()> {
    let a = [s(0.0); 5];
    let world = petsc.world();
    let v1 = Vector::from_slice(&world, &a)?;
    let v2 = Vector::from_slice(&world, &a[..5])?;
    let v3 = Vector::from_slice(&world, &a[..3])?;
    assert_eq!(
        (v1.local_size()?, v2.local_size()?, v3.local_size()?),
        (5, 5, 3)
    );
    assert_eq!(v3.size()?, 3 * world.size() as Int);
    Ok(())
}

/// The ghosted vector of `testSetMPIGhost` and `testGetGhostIS`: 5 entries a rank,
/// valued by their global index, ghosts the next 3 indices (cyclically).
fn ghosted(petsc: &Petsc) -> petsc::Result<(Vector, Vec<Int>)> {
    let mut v = Vector::new(&petsc.world())?;
    v.set_type(VecType::Mpi)?;
    v.set_sizes(Some(5), None)?;
    let size = v.size()?;
    let r = v.ownership_range()?;
    let ghosts: Vec<Int> = (r.end..r.end + 3).map(|i| i % size).collect();
    v.set_mpi_ghost(&ghosts)?;
    {
        let mut w = v.view_mut()?;
        for (k, x) in w.iter_mut().enumerate() {
            *x = s((r.start + k as Int) as f64);
        }
    }
    v.ghost_update(InsertMode::Insert, ScatterMode::Forward)?;
    Ok((v, ghosts))
}

fn set_mpi_ghost(petsc: &Petsc) -> petsc::Result<()> {
    let (mut v, ghosts) = ghosted(petsc)?;
    let r = v.ownership_range()?;
    let ln = v.local_size()? as usize;
    let loc = v.local_form()?;
    let l = loc.view()?;
    let owned: Vec<Scalar> = r.map(|i| s(i as f64)).collect();
    assert_eq!(&l[..ln], &owned[..]);
    let ghost_values: Vec<Scalar> = ghosts.iter().map(|&g| s(g as f64)).collect();
    assert_eq!(&l[ln..], &ghost_values[..]);
    Ok(())
}

fn get_ghost_is(petsc: &Petsc) -> petsc::Result<()> {
    let (v, ghosts) = ghosted(petsc)?;
    assert_eq!(v.ghost_is()?.to_vec()?, ghosts);
    Ok(())
}

/// Operators on vectors and matrices read as petsc4py's, with every operand kind
/// (borrowed, owned, an expression, a scalar on either side), against closed forms.
fn operators_chain(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let r = world.rank() as f64;
    // x = [r+1, r+2] on each rank
    let x = Vector::from_slice(&world, &[s(r + 1.0), s(r + 2.0)])?;
    let y = (3.0 - &x).eval()?; // [2-r, 1-r]
    let z = ((&x + &y) * 2.0 - (&x - 1.0) / 2.0 + -(&y * &x)).eval()?;
    let want = |xi: f64| {
        let yi = 3.0 - xi;
        (xi + yi) * 2.0 - (xi - 1.0) / 2.0 - yi * xi
    };
    assert!(close(z.view()?[0], want(r + 1.0)));
    assert!(close(z.view()?[1], want(r + 2.0)));
    let w = (2.0 / &x).eval()?;
    assert!(close(w.view()?[1], 2.0 / (r + 2.0)));
    // In-place forms.
    let mut u = (&x * 1.0).eval()?;
    u.try_add_assign(&y)?; // 3
    u.try_sub_assign((2.0, &x))?; // 3 - 2x
    u.try_mul_assign(&x)?; // 3x - 2x^2
    u.try_div_assign(-1.0)?; // 2x^2 - 3x
    let xi = r + 2.0;
    assert!(close(u.view()?[1], 2.0 * xi * xi - 3.0 * xi));
    // Matrices: B = 2 - A + A @ A + diag(x) with A = I * 2 (square, distributed).
    let n = 2 * world.size() as Int;
    let mut a = Mat::new_dense(&world, Some(2), Some(2), Some(n), Some(n))?;
    let lo = a.ownership_range()?.start;
    for i in lo..lo + 2 {
        a.set_values(&[i], &[i], &[s(2.0)], InsertMode::Insert)?;
    }
    a.assemble()?;
    let b = (2.0 - &a + &a * &a + &x).eval()?;
    let d = (&b * &x).eval()?; // (2 - 2 + 4 + x) x on the diagonal
    let want = |xi: f64| (4.0 + xi) * xi;
    assert!(close(d.view()?[0], want(r + 1.0)));
    assert!(close(d.view()?[1], want(r + 2.0)));
    let e = (-(&a / 4.0) * 2.0).eval()?; // -I
    let t = (&x * &e).eval()?; // x @ E
    assert!(close(t.view()?[0], -(r + 1.0)));
    Ok(())
}

/// Failures are `Err`s at the end of the expression (never panics), and the operands
/// stay usable.
fn operators_errors(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let x = Vector::from_slice(&world, &[s(1.0), s(2.0)])?;
    let short = Vector::from_slice(&world, &[s(1.0)])?;
    assert!((&x + &short).eval().is_err());
    assert!((&x * &short).eval().is_err());
    assert!((1.0 + (&x / &short) * 2.0).eval().is_err());
    let mut y = (&x * 1.0).eval()?;
    assert!(y.try_add_assign(&short).is_err());
    assert!(y.try_mul_assign(&short).is_err());
    let n = 2 * world.size() as Int;
    let a = Mat::new_dense(&world, Some(2), Some(2), Some(n), Some(n))?;
    let mut a = a;
    a.assemble()?;
    assert!((&a * &short).eval().is_err());
    assert!((&short * &a).eval().is_err());
    assert!((&a + &short).eval().is_err());
    let wide = {
        let mut w = Mat::new_dense(&world, Some(2), Some(3), None, None)?;
        w.assemble()?;
        w
    };
    assert!((&a + &wide).eval().is_err());
    assert!((&wide * &a).eval().is_err());
    // Still usable.
    y.try_add_assign(&x)?;
    assert_eq!(c(y.sum()?), c(6.0 * world.size() as f64));
    let p = (&a * &x).eval()?;
    assert_eq!(c(p.sum()?), c(0.0));
    Ok(())
}

/// What PETSc accepts, the vector methods accept: empty lists for `maxpy`/`mdot` (no
/// work), the same sizes set again, a NaN or negative chop tolerance (nothing chopped),
/// the Frobenius norm (the 2-norm); lists of different lengths on different ranks are
/// an `Err` on every rank (PETSc's reductions would not match).
fn checks_as_petsc(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let mut x = Vector::new(&world)?;
    x.set_sizes(None, Some(8))?;
    x.set_sizes(None, Some(8))?;
    assert!(x.set_sizes(None, Some(9)).is_err());
    x.set_type(VecType::Mpi)?;
    x.set(-2.0)?;
    x.maxpy(&[], &[])?;
    assert!(x.mdot(&[])?.is_empty());
    assert!(x.mtdot(&[])?.is_empty());
    x.chop(Real::NAN)?;
    x.chop(-1.0)?;
    assert_eq!(c(x.sum()?), c(-16.0));
    assert!(close(x.norm(NormType::Frobenius)?, x.norm(NormType::Two)?));
    let y = (&x * 1.0).eval()?;
    let uneven: Vec<&Vector> = if world.rank() == 0 { vec![&y] } else { vec![] };
    if world.size() > 1 {
        assert!(x.mdot(&uneven).is_err());
        assert!(x.maxpy(&vec![s(1.0); uneven.len()], &uneven).is_err());
    }
    assert_eq!(x.mdot(&[&y])?, vec![s(32.0)]);
    Ok(())
}

pub fn cases() -> Vec<Case> {
    let classes = [
        Class {
            name: "TestVecSeq",
            world: false,
            ty: |_| VecType::Seq,
        },
        Class {
            name: "TestVecMPI",
            world: true,
            ty: |_| VecType::Mpi,
        },
        Class {
            name: "TestVecShared",
            world: true,
            // As petsc4py: shared at one rank, mpi at more.
            ty: |comm| {
                if comm.size() == 1 {
                    VecType::Shared
                } else {
                    VecType::Mpi
                }
            },
        },
    ];
    let mut cases = Vec::new();
    for class in classes {
        for &(method, body) in METHODS {
            let case = Case::with(format!("{}::{method}", class.name), move |p| {
                let mut v = set_up(p, class)?;
                body(&mut v)
            });
            cases.push(if class.world {
                case.ranks(&[1, 2])
            } else {
                case
            });
        }
    }
    cases.push(Case::new("TestVecWithArray::testCreateSeq", create_seq));
    cases.push(Case::new("TestVecWithArray::testCreateMPI", create_mpi).ranks(&[1, 2]));
    cases.push(Case::new("TestVecWithArray::testSetMPIGhost", set_mpi_ghost).ranks(&[1, 2]));
    cases.push(Case::new("TestVecWithArray::testGetGhostIS", get_ghost_is).ranks(&[1, 2]));
    cases.push(Case::new("Operators::chain", operators_chain).ranks(&[1, 2]));
    cases.push(Case::new("Operators::errors", operators_errors).ranks(&[1, 2]));
    cases.push(Case::new("Checks::as_petsc", checks_as_petsc).ranks(&[1, 2]));
    cases
}
