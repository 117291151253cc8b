//! The operations of a Mat type written in Rust ([`MatImpl`]) beyond its products with
//! vectors: scalings, shifts, zeroing, diagonal sets and scalings, duplicates, and
//! matrix-matrix products (`MatProductSetFromOptions` ... `MatProductNumeric`), each
//! set on the matrix when its instance says it has it, as petsc4py's Python matrices
//! have the methods their class defines.

use std::ffi::CStr;

use petsc_sys as sys;

use super::Mat;
use super::implement::{MatClass, MatImpl};
use crate::error::{Error, Result, check};
use crate::rust_type::with_lent;
use crate::scalar::Scalar;
use crate::vec::{InsertMode, Vector};

crate::c_enum! {
    /// A kind of matrix-matrix product (`MatProductType`).
    pub ProductType: sys::MatProductType {
        /// `A B` (`MATPRODUCT_AB`).
        Ab = MATPRODUCT_AB,
        /// `A^T B` (`MATPRODUCT_AtB`).
        AtB = MATPRODUCT_AtB,
        /// `A B^T` (`MATPRODUCT_ABt`).
        ABt = MATPRODUCT_ABt,
        /// `P^T A P`, with `P` as `B` (`MATPRODUCT_PtAP`).
        PtAP = MATPRODUCT_PtAP,
        /// `R A R^T`, with `R` as `B` (`MATPRODUCT_RARt`).
        RARt = MATPRODUCT_RARt,
        /// `A B C` (`MATPRODUCT_ABC`).
        Abc = MATPRODUCT_ABC,
    }
}

type Erased = unsafe extern "C" fn();

/// The name under which a matrix offers to compute products with any other type.
const ANY_PRODUCT: &CStr = c"MatProductSetFromOptions_anytype_C";

/// Sets on `mat` (being given a Rust type, or a new instance of one) the operations its
/// instance has.
pub(super) fn set_operations(imp: &dyn MatImpl, mat: &Mat) -> Result<()> {
    use sys::MatOperation as Op;
    type ScalarOp = unsafe extern "C" fn(sys::Mat, Scalar) -> sys::PetscErrorCode;
    type MatOp = unsafe extern "C" fn(sys::Mat) -> sys::PetscErrorCode;
    type SetOp = unsafe extern "C" fn(sys::Mat, sys::Vec, sys::InsertMode) -> sys::PetscErrorCode;
    type ScaleOp = unsafe extern "C" fn(sys::Mat, sys::Vec, sys::Vec) -> sys::PetscErrorCode;
    type DupOp = unsafe extern "C" fn(
        sys::Mat,
        sys::MatDuplicateOption,
        *mut sys::Mat,
    ) -> sys::PetscErrorCode;
    // SAFETY: PETSc keeps operations as `void (*)(void)` and calls each with its own
    // signature, which each of these has.
    let ops: [(bool, Op, Erased); 6] = unsafe {
        [
            (
                imp.has_scale(),
                Op::MATOP_SCALE,
                std::mem::transmute::<ScalarOp, Erased>(scale),
            ),
            (
                imp.has_shift(),
                Op::MATOP_SHIFT,
                std::mem::transmute::<ScalarOp, Erased>(shift),
            ),
            (
                imp.has_zero_entries(),
                Op::MATOP_ZERO_ENTRIES,
                std::mem::transmute::<MatOp, Erased>(zero_entries),
            ),
            (
                imp.has_diagonal_set(),
                Op::MATOP_DIAGONAL_SET,
                std::mem::transmute::<SetOp, Erased>(diagonal_set),
            ),
            (
                imp.has_diagonal_scale(),
                Op::MATOP_DIAGONAL_SCALE,
                std::mem::transmute::<ScaleOp, Erased>(diagonal_scale),
            ),
            (
                imp.has_duplicate(),
                Op::MATOP_DUPLICATE,
                std::mem::transmute::<DupOp, Erased>(duplicate),
            ),
        ]
    };
    // Those it has not are cleared (for an instance replacing another).
    for (has, op, f) in ops {
        // SAFETY: a live matrix with a Rust type; `f` has `op`'s signature.
        check(unsafe { sys::MatSetOperation(mat.ptr, op, has.then_some(f)) })?;
    }
    // SAFETY: PETSc calls the composed function with the product matrix.
    let f = unsafe { std::mem::transmute::<MatOp, Erased>(product_set_from_options) };
    // SAFETY: a live matrix, a NUL-terminated name.
    check(unsafe {
        sys::PetscObjectComposeFunction_Private(
            mat.ptr as sys::PetscObject,
            ANY_PRODUCT.as_ptr(),
            imp.has_products().then_some(f),
        )
    })
}

/// Runs `body` with the instance of the Rust-typed matrix `a`, lent.
///
/// # Safety
/// `a` is a live matrix whose type is written in Rust.
unsafe fn with_instance(
    a: sys::Mat,
    body: impl FnOnce(&mut dyn MatImpl, &mut Mat) -> Result<()>,
) -> sys::PetscErrorCode {
    let mut ctx = std::ptr::null_mut();
    // SAFETY: live matrix (caller).
    let code = unsafe { sys::petscrs_MatRustContext(a, &mut ctx) };
    if code != 0 {
        return code;
    }
    // SAFETY: live matrix holding the instance `ctx` (caller).
    unsafe { with_lent::<MatClass>(a as sys::PetscObject, ctx, body) }
}

unsafe extern "C" fn scale(a: sys::Mat, s: Scalar) -> sys::PetscErrorCode {
    // SAFETY: PETSc calls MATOP_SCALE with the live matrix it was set on.
    unsafe { with_instance(a, |imp, m| imp.scale(m, s)) }
}

unsafe extern "C" fn shift(a: sys::Mat, s: Scalar) -> sys::PetscErrorCode {
    // SAFETY: PETSc calls MATOP_SHIFT with the live matrix it was set on.
    unsafe { with_instance(a, |imp, m| imp.shift(m, s)) }
}

unsafe extern "C" fn zero_entries(a: sys::Mat) -> sys::PetscErrorCode {
    // SAFETY: PETSc calls MATOP_ZERO_ENTRIES with the live matrix it was set on.
    unsafe { with_instance(a, |imp, m| imp.zero_entries(m)) }
}

unsafe extern "C" fn diagonal_set(
    a: sys::Mat,
    d: sys::Vec,
    mode: sys::InsertMode,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc calls MATOP_DIAGONAL_SET with the live matrix it was set on and a
    // live vector, lent for the call.
    unsafe {
        with_instance(a, |imp, m| {
            let mode = InsertMode::from_raw(mode, "MatImpl::diagonal_set")?;
            let dv = Vector::from_raw_lent(&m.petsc, d)?;
            imp.diagonal_set(m, &dv, mode)
        })
    }
}

unsafe extern "C" fn diagonal_scale(a: sys::Mat, l: sys::Vec, r: sys::Vec) -> sys::PetscErrorCode {
    // SAFETY: PETSc calls MATOP_DIAGONAL_SCALE with the live matrix it was set on and
    // live vectors (or null), lent for the call.
    unsafe {
        with_instance(a, |imp, m| {
            let lend = |v: sys::Vec| -> Result<Option<Vector>> {
                if v.is_null() {
                    return Ok(None);
                }
                Vector::from_raw_lent(&m.petsc, v).map(Some)
            };
            let (lv, rv) = (lend(l)?, lend(r)?);
            imp.diagonal_scale(m, lv.as_ref(), rv.as_ref())
        })
    }
}

unsafe extern "C" fn duplicate(
    a: sys::Mat,
    op: sys::MatDuplicateOption,
    out: *mut sys::Mat,
) -> sys::PetscErrorCode {
    const CTX: &str = "MatImpl::duplicate";
    // SAFETY: PETSc calls MATOP_DUPLICATE with the live matrix it was set on and its
    // output.
    unsafe {
        with_instance(a, |imp, m| {
            let d = imp.duplicate(m, op == sys::MatDuplicateOption::MAT_COPY_VALUES)?;
            let p = d.kept_raw(CTX)?;
            if p == a {
                return Err(Error::invalid(
                    CTX,
                    "returned the matrix being duplicated; return a new one",
                ));
            }
            if (d.size()?, d.local_size()?) != (m.size()?, m.local_size()?) {
                return Err(Error::size_mismatch(
                    CTX,
                    "returned a matrix of other sizes",
                ));
            }
            if out.is_null() {
                return Err(Error::invalid(CTX, "PETSc gave no output matrix"));
            }
            // The reference PETSc's caller owns (the handle `d` releases its own).
            check(sys::PetscObjectReference(p as sys::PetscObject))?;
            *out = p;
            Ok(())
        })
    }
}

/// The factors of the product `d`, and which of them has a Rust type (the first).
///
/// # Safety
/// `d` is a live matrix with a product.
unsafe fn product_of(d: sys::Mat) -> Result<(ProductType, [sys::Mat; 3], sys::Mat)> {
    const CTX: &str = "MatImpl::product";
    let mut t = sys::MatProductType::MATPRODUCT_UNSPECIFIED;
    let mut abc: [sys::Mat; 3] = [std::ptr::null_mut(); 3];
    let [a, b, c] = &mut abc;
    // SAFETY: live matrix with a product (caller).
    check(unsafe { sys::MatProductGetType(d, &mut t) })?;
    // SAFETY: as above; PETSc lends the factors.
    check(unsafe { sys::MatProductGetMats(d, a, b, c) })?;
    let ptype = ProductType::from_raw(t, CTX)?;
    for &m in abc.iter().filter(|m| !m.is_null()) {
        let mut ctx = std::ptr::null_mut();
        // SAFETY: a live factor.
        check(unsafe { sys::petscrs_MatRustContext(m, &mut ctx) })?;
        if !ctx.is_null() {
            return Ok((ptype, abc, m));
        }
    }
    Err(Error::invalid(
        CTX,
        "no factor of the product has a type written in Rust",
    ))
}

/// Runs `body` with the instance of the product's Rust-typed factor, the product and
/// the factors, lent.
///
/// # Safety
/// `d` is a live matrix with a product, one of whose factors has a Rust type.
unsafe fn with_product(
    d: sys::Mat,
    body: impl FnOnce(
        &mut dyn MatImpl,
        &Mat,
        &mut Mat,
        ProductType,
        &Mat,
        &Mat,
        Option<&Mat>,
    ) -> Result<()>,
) -> sys::PetscErrorCode {
    // SAFETY: forwarded (caller).
    let (ptype, [a, b, c], mine) = match unsafe { product_of(d) } {
        Ok(x) => x,
        Err(e) => return crate::error::run_callback("MatImpl::product", || Err(e)),
    };
    // SAFETY: `mine` is a live Rust-typed factor.
    unsafe {
        with_instance(mine, |imp, m| {
            let petsc = m.petsc.clone();
            let mut dm = Mat::from_raw_lent(&petsc, d)?;
            let lend = |x: sys::Mat| Mat::from_raw_lent(&petsc, x);
            let (am, bm) = (lend(a)?, lend(b)?);
            let cm = if c.is_null() { None } else { Some(lend(c)?) };
            body(imp, m, &mut dm, ptype, &am, &bm, cm.as_ref())
        })
    }
}

unsafe extern "C" fn product_set_from_options(d: sys::Mat) -> sys::PetscErrorCode {
    let mut wants = false;
    // SAFETY: PETSc calls the composed function with a live product matrix, one of
    // whose factors is the Rust-typed matrix it was composed on.
    let code = unsafe {
        with_product(d, |imp, m, _, t, a, b, c| {
            wants = imp.product_set_from_options(m, t, a, b, c)?;
            Ok(())
        })
    };
    if code != 0 || !wants {
        return code;
    }
    type MatOp = unsafe extern "C" fn(sys::Mat) -> sys::PetscErrorCode;
    // SAFETY: MATOP_PRODUCTSYMBOLIC takes the product matrix.
    let f = unsafe { std::mem::transmute::<MatOp, Erased>(product_symbolic) };
    // SAFETY: the live product matrix.
    unsafe { sys::MatSetOperation(d, sys::MatOperation::MATOP_PRODUCTSYMBOLIC, Some(f)) }
}

unsafe extern "C" fn product_symbolic(d: sys::Mat) -> sys::PetscErrorCode {
    // SAFETY: PETSc runs the symbolic step of the live product matrix set up above.
    let code = unsafe {
        with_product(d, |imp, m, dm, t, a, b, c| {
            imp.product_symbolic(m, dm, t, a, b, c)
        })
    };
    if code != 0 {
        return code;
    }
    type MatOp = unsafe extern "C" fn(sys::Mat) -> sys::PetscErrorCode;
    // SAFETY: MATOP_PRODUCTNUMERIC takes the product matrix. Set after the symbolic
    // step, which may have given the product a type (and so new operations).
    let f = unsafe { std::mem::transmute::<MatOp, Erased>(product_numeric) };
    // SAFETY: the live product matrix.
    unsafe { sys::MatSetOperation(d, sys::MatOperation::MATOP_PRODUCTNUMERIC, Some(f)) }
}

unsafe extern "C" fn product_numeric(d: sys::Mat) -> sys::PetscErrorCode {
    // SAFETY: PETSc runs the numeric step of the live product matrix set up above.
    unsafe {
        with_product(d, |imp, m, dm, t, a, b, c| {
            imp.product_numeric(m, dm, t, a, b, c)
        })
    }
}
