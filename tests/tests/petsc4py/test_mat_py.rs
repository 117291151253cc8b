//! petsc4py's `test_mat_py.py`, ported: matrices whose type is written in the
//! program's language (`Mat.createPython` there, a [`MatImpl`] registered with
//! [`Mat::register_type`] here). A bare one refuses every operation; a scaled identity
//! and a diagonal matrix implement theirs (products, scalings, shifts, diagonals,
//! duplicates, and for the scaled identity products with other matrices).

use petsc::{
    InsertMode, Int, Mat, MatDuplicateOption, MatImpl, MatOption, MatStructure, NormType, Object,
    Petsc, ProductType, Scalar, Sizes, Vector,
};
use petsc_tests::Case;

const N: Int = 13;
const MATRIX: &str = "test_mat_py.Matrix";
const SCALED: &str = "test_mat_py.ScaledIdentity";
const DIAGONAL: &str = "test_mat_py.Diagonal";

fn s(x: f64) -> Scalar {
    Scalar::from(x)
}

// --- the three types ---------------------------------------------------------------

/// `Matrix`: counts its set-ups and has no operation (its product fails).
#[derive(Default)]
struct Matrix {
    setupcalled: usize,
}

impl MatImpl for Matrix {
    fn mult(&mut self, _: &Mat, _: &Vector, _: &mut Vector) -> petsc::Result<()> {
        Err(petsc::Error::user("Matrix has no mult"))
    }
    fn set_up(&mut self, _: &Mat) -> petsc::Result<()> {
        self.setupcalled += 1;
        Ok(())
    }
}

/// `ScaledIdentity`: `s I`, `s = 2` at first.
struct ScaledIdentity {
    setupcalled: usize,
    s: Scalar,
}

impl Default for ScaledIdentity {
    fn default() -> Self {
        ScaledIdentity {
            setupcalled: 0,
            s: s(2.0),
        }
    }
}

/// A new matrix of `like`'s sizes and the Rust type `name`, not set up.
fn like(like: &Mat, name: &str) -> petsc::Result<Mat> {
    let mut b = Mat::new(&like.comm())?;
    let ((m, n), (lm, ln)) = (like.size()?, like.local_size()?);
    b.set_sizes_to(Sizes::local(lm, ln).with_global(m, n))?;
    b.set_type_name(name)?;
    Ok(b)
}

/// A product's reference matrix without the identity's scaling, and the power of `s`
/// that scales it (petsc4py's `productSymbolic` / `productNumeric` of `ScaledIdentity`).
fn product_reference(
    mat: &Mat,
    ptype: ProductType,
    a: &Mat,
    b: &Mat,
    c: Option<&Mat>,
) -> petsc::Result<(Mat, i32)> {
    let is = |m: &Mat| m.as_raw() == mat.as_raw();
    let wrong = || petsc::Error::user("wrong configuration");
    let copy = |m: &Mat| m.duplicate(MatDuplicateOption::CopyValues);
    Ok(match ptype {
        ProductType::Ab if is(a) => (copy(b)?, 1),
        ProductType::Ab if is(b) => (copy(a)?, 1),
        ProductType::AtB if is(a) => (copy(b)?, 1),
        ProductType::AtB if is(b) => (a.transpose()?, 1),
        ProductType::ABt if is(a) => (b.transpose()?, 1),
        ProductType::ABt if is(b) => (copy(a)?, 1),
        ProductType::PtAP if is(a) => (b.transpose_mat_mult(b)?, 1),
        ProductType::PtAP if is(b) => (copy(a)?, 2),
        ProductType::RARt if is(a) => (b.mat_transpose_mult(b)?, 1),
        ProductType::RARt if is(b) => (copy(a)?, 2),
        ProductType::Abc => {
            let c = c.ok_or_else(wrong)?;
            if is(a) {
                (b.mat_mult(c)?, 1)
            } else if is(b) {
                (a.mat_mult(c)?, 1)
            } else if is(c) {
                (a.mat_mult(b)?, 1)
            } else {
                return Err(wrong());
            }
        }
        _ => return Err(wrong()),
    })
}

impl MatImpl for ScaledIdentity {
    fn mult(&mut self, _: &Mat, x: &Vector, y: &mut Vector) -> petsc::Result<()> {
        y.copy_from(x)?;
        y.scale(self.s)
    }
    fn set_up(&mut self, _: &Mat) -> petsc::Result<()> {
        self.setupcalled += 1;
        Ok(())
    }
    fn has_scale(&self) -> bool {
        true
    }
    fn scale(&mut self, _: &Mat, a: Scalar) -> petsc::Result<()> {
        self.s *= a;
        Ok(())
    }
    fn has_shift(&self) -> bool {
        true
    }
    fn shift(&mut self, _: &Mat, a: Scalar) -> petsc::Result<()> {
        self.s += a;
        Ok(())
    }
    fn has_get_diagonal(&self) -> bool {
        true
    }
    fn get_diagonal(&mut self, _: &Mat, d: &mut Vector) -> petsc::Result<()> {
        d.set(self.s)
    }
    fn has_duplicate(&self) -> bool {
        true
    }
    fn duplicate(&mut self, mat: &Mat, copy_values: bool) -> petsc::Result<Mat> {
        let mut d = like(mat, SCALED)?;
        if copy_values {
            let s = self.s;
            d.with_implementation(|c: &mut ScaledIdentity| c.s = s)?;
            d.set_up()?;
        }
        Ok(d)
    }
    fn has_products(&self) -> bool {
        true
    }
    fn product_symbolic(
        &mut self,
        mat: &Mat,
        product: &mut Mat,
        ptype: ProductType,
        a: &Mat,
        b: &Mat,
        c: Option<&Mat>,
    ) -> petsc::Result<()> {
        let (tmp, _) = product_reference(mat, ptype, a, b, c)?;
        product.set_type_name(&tmp.type_name()?)?;
        let ((m, n), (lm, ln)) = (tmp.size()?, tmp.local_size()?);
        product.set_sizes_to(Sizes::local(lm, ln).with_global(m, n))?;
        product.set_up()?;
        product.assemble()?;
        product.copy_from_with(&tmp, MatStructure::Different)?;
        product.zero_entries()
    }
    fn product_numeric(
        &mut self,
        mat: &Mat,
        product: &mut Mat,
        ptype: ProductType,
        a: &Mat,
        b: &Mat,
        c: Option<&Mat>,
    ) -> petsc::Result<()> {
        let (tmp, power) = product_reference(mat, ptype, a, b, c)?;
        product.copy_from_with(&tmp, MatStructure::Same)?;
        product.scale(self.s.powi(power))
    }
}

/// `Diagonal`: `diag(D)`, `D` made when the matrix is set up.
#[derive(Default)]
struct Diagonal {
    setupcalled: usize,
    d: Option<Vector>,
}

impl Diagonal {
    fn d(&mut self) -> petsc::Result<&mut Vector> {
        self.d
            .as_mut()
            .ok_or_else(|| petsc::Error::user("Diagonal is not set up"))
    }
}

impl MatImpl for Diagonal {
    fn mult(&mut self, _: &Mat, x: &Vector, y: &mut Vector) -> petsc::Result<()> {
        y.pointwise_mult(x, self.d()?)
    }
    fn set_up(&mut self, mat: &Mat) -> petsc::Result<()> {
        self.setupcalled += 1;
        if self.d.is_none() {
            self.d = Some(mat.create_vecs()?.1);
        }
        Ok(())
    }
    fn has_scale(&self) -> bool {
        true
    }
    fn scale(&mut self, _: &Mat, a: Scalar) -> petsc::Result<()> {
        self.d()?.scale(a)
    }
    fn has_shift(&self) -> bool {
        true
    }
    fn shift(&mut self, _: &Mat, a: Scalar) -> petsc::Result<()> {
        self.d()?.shift(a)
    }
    fn has_zero_entries(&self) -> bool {
        true
    }
    fn zero_entries(&mut self, _: &Mat) -> petsc::Result<()> {
        self.d()?.zero_entries()
    }
    fn has_get_diagonal(&self) -> bool {
        true
    }
    fn get_diagonal(&mut self, _: &Mat, vd: &mut Vector) -> petsc::Result<()> {
        vd.copy_from(self.d()?)
    }
    fn has_diagonal_set(&self) -> bool {
        true
    }
    fn diagonal_set(&mut self, _: &Mat, vd: &Vector, mode: InsertMode) -> petsc::Result<()> {
        match mode {
            InsertMode::Insert => self.d()?.copy_from(vd),
            InsertMode::Add => self.d()?.axpy(s(1.0), vd),
        }
    }
    fn has_diagonal_scale(&self) -> bool {
        true
    }
    fn diagonal_scale(
        &mut self,
        _: &Mat,
        vl: Option<&Vector>,
        vr: Option<&Vector>,
    ) -> petsc::Result<()> {
        let d = self.d()?;
        for v in [vl, vr].into_iter().flatten() {
            let old = copy(d)?;
            d.pointwise_mult(&old, v)?;
        }
        Ok(())
    }
    fn has_duplicate(&self) -> bool {
        true
    }
    fn duplicate(&mut self, mat: &Mat, copy_values: bool) -> petsc::Result<Mat> {
        let mut dm = like(mat, DIAGONAL)?;
        let d = if copy_values {
            copy(self.d()?)?
        } else {
            self.d()?.duplicate()?
        };
        dm.with_implementation(move |c: &mut Diagonal| c.d = Some(d))?;
        if copy_values {
            dm.set_up()?;
        }
        Ok(dm)
    }
}

fn copy(v: &Vector) -> petsc::Result<Vector> {
    let mut w = v.duplicate()?;
    w.copy_from(v)?;
    Ok(w)
}

// --- set-up and the cases ------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Class {
    Matrix,
    ScaledIdentity,
    Diagonal,
}

impl Class {
    fn name(self) -> &'static str {
        match self {
            Class::Matrix => "TestMatrix",
            Class::ScaledIdentity => "TestScaledIdentity",
            Class::Diagonal => "TestDiagonal",
        }
    }
    fn type_name(self) -> &'static str {
        match self {
            Class::Matrix => MATRIX,
            Class::ScaledIdentity => SCALED,
            Class::Diagonal => DIAGONAL,
        }
    }
}

/// `setUp`: an `N x N` matrix of the class's type on the world; the diagonal one gets
/// `D = (1, 2, ..., N)`.
fn set_up(petsc: &Petsc, class: Class) -> petsc::Result<Mat> {
    Mat::register_type(petsc, MATRIX, Matrix::default)?;
    Mat::register_type(petsc, SCALED, ScaledIdentity::default)?;
    Mat::register_type(petsc, DIAGONAL, Diagonal::default)?;
    let mut a = Mat::new(&petsc.world())?;
    a.set_sizes_to(Sizes::global(N, N))?;
    a.set_type_name(class.type_name())?;
    a.set_up()?;
    if class == Class::Diagonal {
        let (_, mut d) = a.create_vecs()?;
        let r = d.ownership_range()?;
        let idx: Vec<Int> = r.clone().collect();
        let vals: Vec<Scalar> = r.map(|i| s((i + 1) as f64)).collect();
        d.set_values(&idx, &vals, InsertMode::Insert)?;
        d.assemble()?;
        a.set_diagonal(&d, InsertMode::Insert)?;
    }
    Ok(a)
}

/// The context's `s` (ScaledIdentity).
fn ctx_s(a: &Mat) -> petsc::Result<Scalar> {
    a.with_implementation(|c: &mut ScaledIdentity| c.s)
}

/// A copy of the context's `D` (Diagonal).
fn ctx_d(a: &Mat) -> petsc::Result<Vector> {
    a.with_implementation(|c: &mut Diagonal| c.d.as_ref().map(copy))?
        .ok_or_else(|| petsc::Error::user("no D"))?
}

type Method = fn(&Petsc, Class) -> petsc::Result<()>;

pub fn cases() -> Vec<Case> {
    use Class::*;
    // The methods of TestMatrix, then each subclass's own and overriding ones.
    let base: [(&str, Method); 12] = [
        ("testBasic", basic),
        ("testSetUp", set_up_again),
        ("testZeroEntries", zero_entries_fails),
        ("testMult", mult_fails),
        ("testMultTranspose", mult_transpose_fails),
        ("testGetDiagonal", get_diagonal_fails),
        ("testSetDiagonal", set_diagonal_fails),
        ("testDiagonalScale", diagonal_scale_fails),
        ("testDuplicate", duplicate_fails),
        ("testSetVecType", set_vec_type),
        ("testH2Opus", h2opus),
        ("testGetType", get_type),
    ];
    let scaled: [(&str, Method); 9] = [
        ("testMult", si_mult),
        ("testMultTransposeSymmKnown", mult_transpose_symm_known),
        ("testMultTransposeNewMeth", mult_transpose_new_meth),
        ("testGetDiagonal", si_get_diagonal),
        ("testDuplicate", si_duplicate),
        ("testMatMat", si_mat_mat),
        ("testShift", si_shift),
        ("testScale", si_scale),
        ("testDiagonalMat", si_diagonal_mat),
    ];
    let diagonal: [(&str, Method); 13] = [
        ("testZeroEntries", dg_zero_entries),
        ("testMult", dg_mult),
        ("testMultTransposeSymmKnown", mult_transpose_symm_known),
        ("testMultTransposeNewMeth", mult_transpose_new_meth),
        ("testDuplicate", dg_duplicate),
        ("testGetDiagonal", dg_get_diagonal),
        ("testSetDiagonal", dg_set_diagonal),
        ("testDiagonalScale", dg_diagonal_scale),
        ("testCreateTranspose", dg_create_transpose),
        ("testConvert", dg_convert),
        ("testShift", dg_shift),
        ("testScale", dg_scale),
        ("testDiagonalMat", dg_diagonal_mat),
    ];
    let mut cases = Vec::new();
    for (class, own) in [
        (Matrix, &[][..]),
        (ScaledIdentity, &scaled[..]),
        (Diagonal, &diagonal[..]),
    ] {
        let mut methods: Vec<(&str, Method)> = base
            .iter()
            .map(|&(n, f)| own.iter().find(|(o, _)| *o == n).copied().unwrap_or((n, f)))
            .collect();
        methods.extend(
            own.iter()
                .filter(|(n, _)| !base.iter().any(|(b, _)| b == n)),
        );
        for (method, body) in methods {
            let name = format!("{}::{method}", class.name());
            let case = if class == Diagonal && method == "testDiagonalMat" {
                Case::with(name, move |p| body(p, class)).requires(cfg!(petsc_3_22), "PETSc 3.22")
            } else {
                Case::with(name, move |p| body(p, class))
            };
            cases.push(case.ranks(&[1, 2]));
        }
    }
    cases
}

// --- TestMatrix ----------------------------------------------------------------------

fn basic(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let a = set_up(petsc, class)?;
    let found = match class {
        Class::Matrix => a.with_implementation(|_: &mut Matrix| ()).is_ok(),
        Class::ScaledIdentity => a.with_implementation(|_: &mut ScaledIdentity| ()).is_ok(),
        Class::Diagonal => a.with_implementation(|_: &mut Diagonal| ()).is_ok(),
    };
    assert!(found);
    Ok(())
}

fn setup_count(a: &Mat, class: Class) -> petsc::Result<usize> {
    match class {
        Class::Matrix => a.with_implementation(|c: &mut Matrix| c.setupcalled),
        Class::ScaledIdentity => a.with_implementation(|c: &mut ScaledIdentity| c.setupcalled),
        Class::Diagonal => a.with_implementation(|c: &mut Diagonal| c.setupcalled),
    }
}

/// A second `setUp` does nothing; after `setPythonContext` (here the instance given
/// anew, with its count) it sets the instance up again.
fn set_up_again(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let mut a = set_up(petsc, class)?;
    let before = setup_count(&a, class)?;
    a.set_up()?;
    assert_eq!(setup_count(&a, class)?, before);
    match class {
        Class::Matrix => a.set_implementation(Matrix {
            setupcalled: before,
        })?,
        Class::ScaledIdentity => {
            let sv = ctx_s(&a)?;
            a.set_implementation(ScaledIdentity {
                setupcalled: before,
                s: sv,
            })?
        }
        Class::Diagonal => {
            let d = ctx_d(&a)?;
            a.set_implementation(Diagonal {
                setupcalled: before,
                d: Some(d),
            })?
        }
    }
    a.set_up()?;
    assert_eq!(setup_count(&a, class)?, before + 1);
    Ok(())
}

fn zero_entries_fails(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let mut a = set_up(petsc, class)?;
    assert!(a.zero_entries().is_err());
    Ok(())
}

fn mult_fails(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let a = set_up(petsc, class)?;
    let (x, mut y) = a.create_vecs()?;
    assert!(a.mult(&x, &mut y).is_err());
    Ok(())
}

fn mult_transpose_fails(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let a = set_up(petsc, class)?;
    let (mut x, y) = a.create_vecs()?;
    assert!(a.mult_transpose(&y, &mut x).is_err());
    Ok(())
}

fn get_diagonal_fails(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let a = set_up(petsc, class)?;
    let (_, mut d) = a.create_vecs()?;
    assert!(a.diagonal_into(&mut d).is_err());
    Ok(())
}

fn set_diagonal_fails(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let mut a = set_up(petsc, class)?;
    let (_, d) = a.create_vecs()?;
    assert!(a.set_diagonal(&d, InsertMode::Insert).is_err());
    Ok(())
}

fn diagonal_scale_fails(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let mut a = set_up(petsc, class)?;
    let (x, y) = a.create_vecs()?;
    assert!(a.diagonal_scale(Some(&x), Some(&y)).is_err());
    Ok(())
}

fn duplicate_fails(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let a = set_up(petsc, class)?;
    assert!(a.duplicate(MatDuplicateOption::CopyValues).is_err());
    assert!(a.duplicate(MatDuplicateOption::DoNotCopyValues).is_err());
    Ok(())
}

fn set_vec_type(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let mut a = set_up(petsc, class)?;
    a.set_vec_type("mpi")?;
    assert_eq!(a.vec_type()?, "mpi");
    Ok(())
}

fn h2opus(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let a = set_up(petsc, class)?;
    // As petsc4py: nothing to do without H2OPUS (or on more than one rank).
    if !petsc.has_external_package("h2opus")? || a.comm().size() > 1 {
        return Ok(());
    }
    Err(petsc::Error::user("H2OPUS matrices are not wrapped"))
}

fn get_type(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let a = set_up(petsc, class)?;
    assert_eq!(a.type_name()?, class.type_name());
    Ok(())
}

// --- TestScaledIdentity --------------------------------------------------------------

/// `y == s x` exactly.
fn is_scaled(y: &Vector, s: Scalar, x: &Vector) -> petsc::Result<bool> {
    let mut sx = copy(x)?;
    sx.scale(s)?;
    y.equal(&sx)
}

fn si_mult(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let a = set_up(petsc, class)?;
    let sv = ctx_s(&a)?;
    let (mut x, mut y) = a.create_vecs()?;
    x.set_random(None)?;
    a.mult(&x, &mut y)?;
    assert!(is_scaled(&y, sv, &x)?);
    Ok(())
}

/// What `A^T x` should be: `s x` or `D x`.
fn expected_transpose(a: &Mat, class: Class, x: &Vector) -> petsc::Result<Vector> {
    let mut w = copy(x)?;
    match class {
        Class::Diagonal => w.pointwise_mult(x, &ctx_d(a)?)?,
        _ => w.scale(ctx_s(a)?)?,
    }
    Ok(w)
}

fn test_vector(a: &Mat, class: Class) -> petsc::Result<(Vector, Vector)> {
    let (mut x, y) = a.create_vecs()?;
    if class == Class::Diagonal {
        x.set(s(1.0))?;
    } else {
        x.set_random(None)?;
    }
    Ok((x, y))
}

fn mult_transpose_symm_known(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let mut a = set_up(petsc, class)?;
    let (x, mut y) = test_vector(&a, class)?;
    a.set_option(MatOption::Symmetric, true)?;
    a.mult_transpose(&x, &mut y)?;
    assert!(y.equal(&expected_transpose(&a, class, &x)?)?);
    a.set_option(MatOption::Symmetric, false)?;
    assert!(a.mult_transpose(&x, &mut y).is_err());
    Ok(())
}

/// petsc4py adds `multTranspose = mult` to the context at run time; here the
/// transposed product is set on the matrix (`MatSetOperation`) as the product.
fn mult_transpose_new_meth(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let mut a = set_up(petsc, class)?;
    let (x, mut y) = test_vector(&a, class)?;
    match class {
        Class::Diagonal => {
            let d = ctx_d(&a)?;
            a.set_operation_mult_transpose(move |x, y| y.pointwise_mult(x, &d))?;
        }
        _ => {
            let sv = ctx_s(&a)?;
            a.set_operation_mult_transpose(move |x, y| {
                y.copy_from(x)?;
                y.scale(sv)
            })?;
        }
    }
    a.mult_transpose(&x, &mut y)?;
    assert!(y.equal(&expected_transpose(&a, class, &x)?)?);
    Ok(())
}

fn si_get_diagonal(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let a = set_up(petsc, class)?;
    let (_, mut d) = a.create_vecs()?;
    let mut o = d.duplicate()?;
    o.set(ctx_s(&a)?)?;
    a.diagonal_into(&mut d)?;
    assert!(o.equal(&d)?);
    Ok(())
}

/// petsc4py's six duplicates: default, False, True, DO_NOT_COPY_VALUES,
/// SHARE_NONZERO_PATTERN (nothing to share: as not copying), COPY_VALUES.
fn si_duplicate(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let a = set_up(petsc, class)?;
    let sa = ctx_s(&a)?;
    for copy_values in [false, false, true, false, false, true] {
        let b = a.duplicate(copy_values)?;
        let want = if copy_values { sa } else { s(2.0) };
        assert_eq!(ctx_s(&b)?, want);
    }
    Ok(())
}

fn aij_like(a: &Mat) -> petsc::Result<Mat> {
    let ((m, n), (lm, ln)) = (a.size()?, a.local_size()?);
    let mut b = Mat::new(&a.comm())?;
    b.set_sizes_to(Sizes::local(lm, ln).with_global(m, n))?;
    b.set_type_name("aij")?;
    Ok(b)
}

/// `|X - Y|_F`.
fn distance(mut x: Mat, y: &Mat) -> petsc::Result<petsc::Real> {
    x.axpy(s(-1.0), y, MatStructure::Different)?;
    x.norm(NormType::Frobenius)
}

fn si_mat_mat(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let sa = set_up(petsc, class)?;
    let sv = ctx_s(&sa)?;
    // setPreallocationNNZ(None): PETSc's default preallocation, 5 entries a row (and 2
    // off the diagonal block).
    let random = |m: &Mat| -> petsc::Result<Mat> {
        let (lm, ln) = m.local_size()?;
        let mut r = Mat::aij(&m.comm())
            .sizes(Sizes::local(lm, ln).with_global(N, N))
            .preallocate(5, 2)
            .build()?;
        r.set_random()?;
        r.assemble()?;
        Ok(r)
    };
    let a = random(&sa)?;
    let b = random(&sa)?;
    let mut id = aij_like(&sa)?;
    id.set_up()?;
    id.assemble()?;
    id.shift(sv)?;
    let serial = sa.comm().size() == 1;
    assert!(sa.mat_mult(&a)?.equal(&id.mat_mult(&a)?)?);
    assert!(a.mat_mult(&sa)?.equal(&a.mat_mult(&id)?)?);
    if serial {
        assert!(sa
            .mat_transpose_mult(&a)?
            .equal(&id.mat_transpose_mult(&a)?)?);
        assert!(a
            .mat_transpose_mult(&sa)?
            .equal(&a.mat_transpose_mult(&id)?)?);
    }
    assert!(sa
        .transpose_mat_mult(&a)?
        .equal(&id.transpose_mat_mult(&a)?)?);
    assert!(a
        .transpose_mat_mult(&sa)?
        .equal(&a.transpose_mat_mult(&id)?)?);
    let tol = 1e-5;
    assert!(distance(sa.ptap(&a)?, &id.ptap(&a)?)? < tol);
    assert!(distance(a.ptap(&sa)?, &a.ptap(&id)?)? < tol);
    if serial {
        assert!(distance(sa.rart(&a)?, &id.rart(&a)?)? < tol);
        assert!(distance(a.rart(&sa)?, &a.rart(&id)?)? < tol);
    }
    assert!(distance(sa.mat_mat_mult(&a, &b)?, &id.mat_mat_mult(&a, &b)?)? < tol);
    assert!(distance(a.mat_mat_mult(&sa, &b)?, &a.mat_mat_mult(&id, &b)?)? < tol);
    assert!(distance(a.mat_mat_mult(&b, &sa)?, &a.mat_mat_mult(&b, &id)?)? < tol);
    Ok(())
}

fn si_shift(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let mut a = set_up(petsc, class)?;
    let old = ctx_s(&a)?;
    a.shift(s(-0.5))?;
    assert_eq!(ctx_s(&a)?, old - s(0.5));
    Ok(())
}

fn si_scale(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let mut a = set_up(petsc, class)?;
    let old = ctx_s(&a)?;
    a.scale(s(-0.5))?;
    assert_eq!(ctx_s(&a)?, old * s(-0.5));
    Ok(())
}

fn si_diagonal_mat(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let a = set_up(petsc, class)?;
    let (lm, _) = a.local_size()?;
    let b = Mat::new_constant_diagonal(&a.comm(), Some(lm), Some(N), ctx_s(&a)?)?;
    assert!(a.equal(&b)?);
    Ok(())
}

// --- TestDiagonal --------------------------------------------------------------------

fn dg_zero_entries(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let mut a = set_up(petsc, class)?;
    a.zero_entries()?;
    assert_eq!(ctx_d(&a)?.norm(NormType::Two)?, 0.0);
    Ok(())
}

fn dg_mult(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let a = set_up(petsc, class)?;
    let (mut x, mut y) = a.create_vecs()?;
    x.set(s(1.0))?;
    a.mult(&x, &mut y)?;
    assert!(y.equal(&ctx_d(&a)?)?);
    Ok(())
}

fn dg_duplicate(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let a = set_up(petsc, class)?;
    let _ = a.duplicate(MatDuplicateOption::DoNotCopyValues)?;
    let b = a.duplicate(MatDuplicateOption::CopyValues)?;
    assert!(ctx_d(&b)?.equal(&ctx_d(&a)?)?);
    Ok(())
}

fn dg_get_diagonal(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let a = set_up(petsc, class)?;
    let (_, mut d) = a.create_vecs()?;
    a.diagonal_into(&mut d)?;
    assert!(d.equal(&ctx_d(&a)?)?);
    Ok(())
}

fn dg_set_diagonal(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let mut a = set_up(petsc, class)?;
    let (_, mut d) = a.create_vecs()?;
    d.set_random(None)?;
    a.set_diagonal(&d, InsertMode::Insert)?;
    assert!(d.equal(&ctx_d(&a)?)?);
    Ok(())
}

fn dg_diagonal_scale(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let mut a = set_up(petsc, class)?;
    let (mut x, mut y) = a.create_vecs()?;
    x.set(s(2.0))?;
    y.set(s(3.0))?;
    let mut old = ctx_d(&a)?;
    a.diagonal_scale(Some(&x), Some(&y))?;
    old.scale(s(6.0))?;
    assert!(ctx_d(&a)?.equal(&old)?);
    Ok(())
}

fn dg_create_transpose(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let mut a = set_up(petsc, class)?;
    a.set_option(MatOption::Symmetric, true)?;
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
    Ok(())
}

fn dg_convert(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let a = set_up(petsc, class)?;
    for t in ["aij", "baij", "sbaij", "dense"] {
        assert!(a.convert(t)?.equal(&a)?, "{t}");
    }
    Ok(())
}

fn dg_shift(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let mut a = set_up(petsc, class)?;
    let mut old = ctx_d(&a)?;
    a.shift(s(-0.5))?;
    old.shift(s(-0.5))?;
    assert!(ctx_d(&a)?.equal(&old)?);
    Ok(())
}

fn dg_scale(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let mut a = set_up(petsc, class)?;
    let mut old = ctx_d(&a)?;
    a.scale(s(-0.5))?;
    old.scale(s(-0.5))?;
    assert!(ctx_d(&a)?.equal(&old)?);
    Ok(())
}

/// `MatCreateDiagonal` is PETSc 3.22's.
fn dg_diagonal_mat(petsc: &Petsc, class: Class) -> petsc::Result<()> {
    let a = set_up(petsc, class)?;
    #[cfg(petsc_3_22)]
    {
        let b = Mat::new_diagonal(&ctx_d(&a)?)?;
        assert!(a.equal(&b)?);
        Ok(())
    }
    #[cfg(not(petsc_3_22))]
    {
        let _ = a;
        Err(petsc::Error::user("MatCreateDiagonal needs PETSc 3.22"))
    }
}
