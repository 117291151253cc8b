//! Matrix types written in Rust ([`MatImpl`]), registered by name
//! ([`Mat::register_type`]) and chosen like PETSc's own (`-mat_type NAME`).

use std::any::Any;

use petsc_sys as sys;

use super::Mat;
use super::implement_ops::ProductType;
use crate::callback::CallbackKind;
use crate::error::{Error, Result};
use crate::init::Petsc;
use crate::options::OptionsBlock;
use crate::rust_type::{self, Class};
use crate::scalar::{Int, Scalar};
use crate::vec::{InsertMode, Vector};
use crate::viewer::Viewer;

/// A matrix-free operator written in Rust: PETSc makes one instance (with the constructor
/// given to [`Mat::register_type`]) for each matrix given the registered type's name,
/// and calls its methods as it calls the routines of its own types (petsc4py's Python
/// matrices, `Mat.createPython`). Each gets the matrix, lent for the call.
///
/// Only [`mult`](Self::mult) is required; `MatMultAdd` is made from it (and
/// `MatMultTransposeAdd` from [`mult_transpose`](Self::mult_transpose)). As for any
/// PETSc matrix, the sizes and the type are set first, then [`Mat::set_up`] sets the
/// layouts up and calls [`set_up`](Self::set_up). The matrix holds no entries: setting
/// values, copies, duplicates and the operations the trait has not are PETSc's `Err`s.
///
/// An `Err` or a panic in any method is the error of the PETSc call that ran it
/// (`MatMult`, the solve, `MatSetUp`, `MatSetFromOptions`, ...), and the matrix stays
/// usable. In parallel, methods run on every rank with the rank's part of the vectors
/// (rows of `y`, columns of `x`); what needs other ranks' entries gets them by a
/// collective (a scatter) made on every rank.
///
/// ```
/// use petsc::{Mat, MatImpl, Object, Scalar, Sizes, Vector};
/// // y = 2 x, with its diagonal.
/// struct Twice;
/// impl MatImpl for Twice {
///     fn mult(&mut self, _: &Mat, x: &Vector, y: &mut Vector) -> petsc::Result<()> {
///         y.copy_from(x)?;
///         y.scale(Scalar::from(2.0))
///     }
///     fn has_get_diagonal(&self) -> bool {
///         true
///     }
///     fn get_diagonal(&mut self, _: &Mat, d: &mut Vector) -> petsc::Result<()> {
///         d.set(Scalar::from(2.0))
///     }
/// }
/// let petsc = petsc::Petsc::init()?;
/// Mat::register_type(&petsc, "doc_twice", || Twice)?;
/// let c = petsc.self_comm();
/// let mut a = Mat::new(&c)?;
/// a.set_sizes_to(Sizes::global(3, 3))?;
/// a.set_type_name("doc_twice")?; // or -mat_type doc_twice and set_from_options
/// a.set_up()?;
/// let x = Vector::from_slice(&c, &[Scalar::from(1.0), Scalar::from(2.0), Scalar::from(3.0)])?;
/// let mut y = x.duplicate()?;
/// a.mult(&x, &mut y)?;
/// assert_eq!(y.view()?[2], Scalar::from(6.0));
/// assert_eq!(a.diagonal()?.view()?[0], Scalar::from(2.0));
/// assert_eq!(a.type_name()?, "doc_twice");
/// assert!(a.mult_transpose(&x, &mut y).is_err()); // no transpose
/// # Ok::<(), petsc::Error>(())
/// ```
pub trait MatImpl: Any {
    /// The product `y = A x` (`MatMult`).
    fn mult(&mut self, mat: &Mat, x: &Vector, y: &mut Vector) -> Result<()>;

    /// Whether [`mult_transpose`](Self::mult_transpose) is implemented: asked once, when
    /// the instance is made; without it PETSc refuses transposed products
    /// (`MatHasOperation` says no), as for its own types.
    fn has_mult_transpose(&self) -> bool {
        false
    }

    /// The transposed product `y = A^T x` (`MatMultTranspose`, transposed solves).
    fn mult_transpose(&mut self, mat: &Mat, x: &Vector, y: &mut Vector) -> Result<()> {
        let _ = (mat, x, y);
        Err(Error::invalid(
            "MatImpl::mult_transpose",
            "this matrix has no transpose",
        ))
    }

    /// Whether [`diagonal_into`](crate::Mat::diagonal_into) is implemented: asked once, when the
    /// instance is made; without it PETSc refuses `MatGetDiagonal` (and so `-pc_type
    /// jacobi`).
    fn has_get_diagonal(&self) -> bool {
        false
    }

    /// The diagonal into `d` (`MatGetDiagonal`, used by `-pc_type jacobi`).
    fn get_diagonal(&mut self, mat: &Mat, d: &mut Vector) -> Result<()> {
        let _ = (mat, d);
        Err(Error::invalid(
            "MatImpl::get_diagonal",
            "this matrix has no diagonal",
        ))
    }

    /// Whether [`scale`](Self::scale) is implemented (asked once, when the instance is
    /// made; without it PETSc refuses `MatScale`). Likewise
    /// [`has_shift`](Self::has_shift), [`has_zero_entries`](Self::has_zero_entries),
    /// [`has_diagonal_set`](Self::has_diagonal_set),
    /// [`has_diagonal_scale`](Self::has_diagonal_scale),
    /// [`has_duplicate`](Self::has_duplicate) and [`has_products`](Self::has_products)
    /// for the methods they name.
    fn has_scale(&self) -> bool {
        false
    }

    /// `A = a A` (`MatScale`).
    fn scale(&mut self, mat: &Mat, a: Scalar) -> Result<()> {
        let _ = (mat, a);
        Err(unsupported("MatImpl::scale"))
    }

    /// Whether [`shift`](Self::shift) is implemented.
    fn has_shift(&self) -> bool {
        false
    }

    /// `A = A + a I` (`MatShift`).
    fn shift(&mut self, mat: &Mat, a: Scalar) -> Result<()> {
        let _ = (mat, a);
        Err(unsupported("MatImpl::shift"))
    }

    /// Whether [`zero_entries`](Self::zero_entries) is implemented.
    fn has_zero_entries(&self) -> bool {
        false
    }

    /// `A = 0` (`MatZeroEntries`).
    fn zero_entries(&mut self, mat: &Mat) -> Result<()> {
        let _ = mat;
        Err(unsupported("MatImpl::zero_entries"))
    }

    /// Whether [`diagonal_set`](Self::diagonal_set) is implemented.
    fn has_diagonal_set(&self) -> bool {
        false
    }

    /// Sets (or adds to) the diagonal from `d` (`MatDiagonalSet`).
    fn diagonal_set(&mut self, mat: &Mat, d: &Vector, mode: InsertMode) -> Result<()> {
        let _ = (mat, d, mode);
        Err(unsupported("MatImpl::diagonal_set"))
    }

    /// Whether [`diagonal_scale`](Self::diagonal_scale) is implemented.
    fn has_diagonal_scale(&self) -> bool {
        false
    }

    /// `A = diag(l) A diag(r)`, either side optional (`MatDiagonalScale`).
    fn diagonal_scale(&mut self, mat: &Mat, l: Option<&Vector>, r: Option<&Vector>) -> Result<()> {
        let _ = (mat, l, r);
        Err(unsupported("MatImpl::diagonal_scale"))
    }

    /// Whether [`duplicate`](Self::duplicate) is implemented.
    fn has_duplicate(&self) -> bool {
        false
    }

    /// A new matrix like this one, with its values when `copy_values`
    /// (`MatDuplicate`): typically made with [`Mat::new`], the same sizes and type,
    /// its instance reached with [`Mat::with_implementation`]. It must be another
    /// matrix of the same sizes.
    fn duplicate(&mut self, mat: &Mat, copy_values: bool) -> Result<Mat> {
        let _ = (mat, copy_values);
        Err(unsupported("MatImpl::duplicate"))
    }

    /// Whether the instance computes matrix-matrix products in which its matrix is
    /// one of the factors ([`product_symbolic`](Self::product_symbolic),
    /// [`product_numeric`](Self::product_numeric); `MatMatMult`, `MatPtAP`, ... with
    /// the other factors of any type). Without it, PETSc computes what it can by
    /// itself (products with a dense matrix, column by column).
    fn has_products(&self) -> bool {
        false
    }

    /// Whether the instance computes the product `ptype` of `a`, `b` (and `c`, for
    /// [`ProductType::Abc`]), one of which is `mat` (`MatProductSetFromOptions`;
    /// compare [`Mat::as_raw`]s to tell which). `true` unless overridden.
    fn product_set_from_options(
        &mut self,
        mat: &Mat,
        ptype: ProductType,
        a: &Mat,
        b: &Mat,
        c: Option<&Mat>,
    ) -> Result<bool> {
        let _ = (mat, ptype, a, b, c);
        Ok(true)
    }

    /// The symbolic step of a product: gives `product` (new, without a type or sizes)
    /// its type, sizes and structure (`MatProductSymbolic`).
    fn product_symbolic(
        &mut self,
        mat: &Mat,
        product: &mut Mat,
        ptype: ProductType,
        a: &Mat,
        b: &Mat,
        c: Option<&Mat>,
    ) -> Result<()> {
        let _ = (mat, product, ptype, a, b, c);
        Err(unsupported("MatImpl::product_symbolic"))
    }

    /// The numeric step of a product: its values into `product`, made by the symbolic
    /// step (`MatProductNumeric`; again whenever the factors' values change).
    fn product_numeric(
        &mut self,
        mat: &Mat,
        product: &mut Mat,
        ptype: ProductType,
        a: &Mat,
        b: &Mat,
        c: Option<&Mat>,
    ) -> Result<()> {
        let _ = (mat, product, ptype, a, b, c);
        Err(unsupported("MatImpl::product_numeric"))
    }

    /// Sets the instance up once the matrix's layouts are (`MatSetUp`): the local sizes
    /// and ownership ranges are known from here on.
    fn set_up(&mut self, mat: &Mat) -> Result<()> {
        let _ = mat;
        Ok(())
    }

    /// Reads the instance's own options, under the matrix's prefix
    /// (`MatSetFromOptions`); `-help` lists them under "Mat NAME options".
    fn set_from_options(&mut self, mat: &Mat, options: &OptionsBlock<'_>) -> Result<()> {
        let _ = (mat, options);
        Ok(())
    }

    /// Prints what the instance has to say under the matrix's type (`MatView`,
    /// `-mat_view`, `-ksp_view`), indented as PETSc's own types are; called with text
    /// (ASCII) viewers only.
    fn view(&mut self, mat: &Mat, viewer: &Viewer) -> Result<()> {
        let _ = (mat, viewer);
        Ok(())
    }
}

/// The error of a method an instance says it has but does not implement.
fn unsupported(what: &str) -> Error {
    Error::invalid(
        what,
        "the matrix's Rust type says it has this operation but does not implement it",
    )
}

/// The Mat class of `rust_type`.
pub(super) struct MatClass;

impl Class for MatClass {
    type Handle = Mat;
    type Instance = dyn MatImpl;
    const CLASS: &'static str = "Mat";
    const KIND: CallbackKind = CallbackKind::MatRustType;

    unsafe fn lend(petsc: &Petsc, obj: sys::PetscObject) -> Result<Mat> {
        // SAFETY: a live matrix (caller).
        unsafe { Mat::from_raw_lent(petsc, obj as sys::Mat) }
    }

    fn created(imp: &mut dyn MatImpl, mat: &mut Mat) -> Result<Int> {
        super::implement_ops::set_operations(imp, mat)?;
        let mut flags = 0;
        if imp.has_mult_transpose() {
            flags |= sys::PETSCRS_RUST_TRANSPOSE as Int;
        }
        if imp.has_get_diagonal() {
            flags |= sys::PETSCRS_RUST_DIAGONAL as Int;
        }
        Ok(flags)
    }

    fn as_any(imp: &mut dyn MatImpl) -> &mut dyn Any {
        imp
    }

    fn set_up(imp: &mut dyn MatImpl, mat: &mut Mat) -> Result<()> {
        imp.set_up(mat)
    }

    fn set_from_options(
        imp: &mut dyn MatImpl,
        mat: &mut Mat,
        block: &OptionsBlock<'_>,
    ) -> Result<()> {
        imp.set_from_options(mat, block)
    }

    fn view(imp: &mut dyn MatImpl, mat: &Mat, viewer: &Viewer) -> Result<()> {
        imp.view(mat, viewer)
    }

    /// Matrices have no reset (the C side never calls it).
    fn reset(_: &mut dyn MatImpl, _: &mut Mat) -> Result<()> {
        Ok(())
    }

    fn apply(
        imp: &mut dyn MatImpl,
        mat: &mut Mat,
        x: Option<&Vector>,
        y: &mut Vector,
    ) -> Result<()> {
        imp.mult(mat, x.ok_or_else(no_input)?, y)
    }

    fn apply_transpose(
        imp: &mut dyn MatImpl,
        mat: &mut Mat,
        x: Option<&Vector>,
        y: &mut Vector,
    ) -> Result<()> {
        imp.mult_transpose(mat, x.ok_or_else(no_input)?, y)
    }

    fn diagonal(
        imp: &mut dyn MatImpl,
        mat: &mut Mat,
        _: Option<&Vector>,
        d: &mut Vector,
    ) -> Result<()> {
        imp.get_diagonal(mat, d)
    }
}

/// PETSc multiplied no vector (it never does).
fn no_input() -> Error {
    Error::invalid("MatImpl::mult", "no input vector")
}

impl Mat {
    /// Registers the matrix type `name`, written in Rust: from now on every matrix given
    /// this type (by [`set_type_name`](Self::set_type_name) or by `-mat_type NAME` and
    /// [`set_from_options`](Self::set_from_options), under the matrix's prefix) gets its
    /// own instance, made by `make` (`MatRegister`). Registering the name again replaces
    /// the constructor for the matrices made after; a name PETSc already has (`"aij"`)
    /// is refused. See [`MatImpl`].
    ///
    /// ```
    /// use petsc::{Mat, MatImpl, Vector};
    /// struct Zero;
    /// impl MatImpl for Zero {
    ///     fn mult(&mut self, _: &Mat, _: &Vector, y: &mut Vector) -> petsc::Result<()> {
    ///         y.zero_entries()
    ///     }
    /// }
    /// let petsc = petsc::Petsc::init()?;
    /// Mat::register_type(&petsc, "doc_zero", || Zero)?;
    /// assert!(Mat::register_type(&petsc, "aij", || Zero).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    ///
    /// `make` is kept until the program ends, as PETSc keeps the name: it must not
    /// capture a handle (a [`Petsc`](crate::Petsc), a [`Comm`](crate::Comm), an object),
    /// which would keep PETSc from finalizing when the program drops its last handle
    /// (the note printed at exit then names the type); it makes what it needs itself.
    #[doc(alias = "MatRegister")]
    pub fn register_type<T, F>(petsc: &Petsc, name: &str, make: F) -> Result<()>
    where
        T: MatImpl,
        F: Fn() -> T + 'static,
    {
        rust_type::register_type::<MatClass>(
            petsc,
            "Mat::register_type",
            name,
            Box::new(move || Box::new(make()) as Box<dyn MatImpl>),
            sys::petscrs_MatRegisterRust,
        )
    }

    /// Gives this matrix, whose type is written in Rust, the instance `imp` in place of
    /// its own (petsc4py's `setPythonContext`): the old one is dropped (once it returns,
    /// if it is running), the operations `imp` says it has replace the old one's, and
    /// the matrix is to be set up again ([`set_up`](Self::set_up) then calls
    /// [`MatImpl::set_up`]). `imp` may be of another type than the registered
    /// constructor makes. A matrix of another type is an `Err`.
    ///
    /// ```
    /// use petsc::{Mat, MatImpl, Sizes, Vector};
    /// #[derive(Default)]
    /// struct Counted(usize);
    /// impl MatImpl for Counted {
    ///     fn mult(&mut self, _: &Mat, x: &Vector, y: &mut Vector) -> petsc::Result<()> {
    ///         y.copy_from(x)
    ///     }
    ///     fn set_up(&mut self, _: &Mat) -> petsc::Result<()> {
    ///         self.0 += 1;
    ///         Ok(())
    ///     }
    /// }
    /// let petsc = petsc::Petsc::init()?;
    /// Mat::register_type(&petsc, "doc_counted", Counted::default)?;
    /// let mut a = Mat::new(&petsc.self_comm())?;
    /// a.set_sizes_to(Sizes::global(2, 2))?;
    /// a.set_type_name("doc_counted")?;
    /// a.set_up()?;
    /// a.set_up()?; // set up already
    /// assert_eq!(a.with_implementation(|c: &mut Counted| c.0)?, 1);
    /// a.set_implementation(Counted(10))?;
    /// a.set_up()?;
    /// assert_eq!(a.with_implementation(|c: &mut Counted| c.0)?, 11);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatPythonSetContext")]
    pub fn set_implementation<T: MatImpl>(&mut self, imp: T) -> Result<()> {
        self.check_loan("Mat::set_implementation")?;
        const CTX: &str = "Mat::set_implementation";
        let mut old = std::ptr::null_mut();
        // SAFETY: live matrix; PETSc's fields are read.
        crate::error::check(unsafe { sys::petscrs_MatRustContext(self.ptr, &mut old) })?;
        if old.is_null() {
            return Err(Error::invalid(
                CTX,
                "the matrix's type is not written in Rust",
            ));
        }
        let mut imp: Box<dyn MatImpl> = Box::new(imp);
        let flags = MatClass::created(&mut *imp, self)?;
        let ctx =
            crate::callback::register(&self.petsc, CallbackKind::MatRustType, imp).into_context();
        // SAFETY: live matrix with a Rust type; `ctx` is a registered instance of its
        // class, which the matrix owns from here on (and releases the old one).
        crate::error::check(unsafe { sys::petscrs_MatRustSetContext(self.ptr, ctx, flags) })
    }

    /// Runs `f` with this matrix's instance of its Rust type `T` (see [`MatImpl`];
    /// petsc4py's `getPythonContext`): an `Err` when the matrix's type is not written in
    /// Rust or not as `T`, or when the instance is running one of its methods.
    ///
    /// ```
    /// use petsc::{Mat, MatImpl, Sizes, Vector};
    /// struct Scaled(f64);
    /// impl MatImpl for Scaled {
    ///     fn mult(&mut self, _: &Mat, x: &Vector, y: &mut Vector) -> petsc::Result<()> {
    ///         y.copy_from(x)?;
    ///         y.scale(petsc::Scalar::from(self.0))
    ///     }
    /// }
    /// let petsc = petsc::Petsc::init()?;
    /// Mat::register_type(&petsc, "doc_scaled", || Scaled(1.0))?;
    /// let mut a = Mat::new(&petsc.self_comm())?;
    /// a.set_sizes_to(Sizes::global(2, 2))?;
    /// a.set_type_name("doc_scaled")?;
    /// a.with_implementation(|s: &mut Scaled| s.0 = 3.0)?;
    /// assert_eq!(a.with_implementation(|s: &mut Scaled| s.0)?, 3.0);
    /// let aij = Mat::aij(&petsc.self_comm()).sizes(Sizes::global(2, 2)).preallocate(1, 0).build()?;
    /// assert!(aij.with_implementation(|s: &mut Scaled| s.0).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatPythonGetContext")]
    pub fn with_implementation<T: MatImpl, R>(&self, f: impl FnOnce(&mut T) -> R) -> Result<R> {
        self.check_loan("Mat::with_implementation")?;
        rust_type::with_instance::<MatClass, T, R>(
            "Mat::with_implementation",
            // SAFETY: live matrix; PETSc's fields are read.
            |ctx| unsafe { sys::petscrs_MatRustContext(self.ptr, ctx) },
            f,
        )
    }
}
