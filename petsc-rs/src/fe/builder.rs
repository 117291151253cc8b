//! Finite elements described by name ([`FeBuilder`]): the cell, Lagrange elements of a
//! given degree or elements configured from the options database, the quadrature
//! order; and the positional constructors of the first release, kept as deprecated
//! wrappers of the builder.

use std::ffi::CString;

use petsc_sys as sys;

use super::{Fe, check_default_options, check_shape, pbool, polytope, qorder_arg};
use crate::comm::Comm;
use crate::dm::{CellKind, CellType};
use crate::error::{Error, Result, c_string, check};
use crate::scalar::Int;

/// The cell an element is built on: a reference simplex or box of the element's
/// dimension, or a cell of a given shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    Kind(CellKind),
    Type(CellType),
}

/// A finite element being described, made by [`build`](Self::build) (collective):
/// started by [`Fe::builder`] with the dimension and the number of components. Either
/// Lagrange elements of a [`degree`](Self::degree) (reading no options), or, without a
/// degree, an element configured from the options database under an
/// [`options_prefix`](Self::options_prefix) (`-petscspace_degree 2`,
/// `-petscdualspace_lagrange_continuity 0`, ...; degree 0, one constant per cell,
/// without options).
///
/// ```
/// use petsc::{CellKind, CellType, Fe};
/// let petsc = petsc::Petsc::init()?;
/// let c = petsc.self_comm();
/// let q2 = Fe::builder(&c, 2, 2).degree(2).build()?; // a vector field in 2D
/// assert_eq!((q2.num_components()?, q2.dimension()?), (2, 18));
/// let p1 = Fe::builder(&c, 2, 1).cell(CellKind::Simplex).degree(1).build()?;
/// assert_eq!(p1.dimension()?, 3);
/// let tet = Fe::builder(&c, 3, 1).cell_type(CellType::Tetrahedron).degree(2).build()?;
/// assert_eq!(tet.dimension()?, 10);
/// petsc.options().set_value("-temp_petscspace_degree", "3")?;
/// let q3 = Fe::builder(&c, 2, 1).options_prefix("temp_").quadrature_order(4).build()?;
/// assert_eq!(q3.dimension()?, 16); // Q3 on a quadrilateral
/// # Ok::<(), petsc::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a builder makes nothing until `build` is called"]
pub struct FeBuilder<'a> {
    comm: &'a Comm,
    dim: Int,
    components: Int,
    cell: Cell,
    degree: Option<Int>,
    prefix: Option<String>,
    qorder: Option<Int>,
}

impl Fe {
    /// A builder of an element of dimension `dim` (0 to 3) with `components` (at least
    /// 1) components on `comm`; see [`FeBuilder`].
    ///
    /// ```
    /// use petsc::Fe;
    /// let petsc = petsc::Petsc::init()?;
    /// let p0 = Fe::builder(&petsc.self_comm(), 1, 1).build()?;
    /// assert_eq!(p0.dimension()?, 1); // without options: one constant per cell
    /// assert!(Fe::builder(&petsc.self_comm(), 4, 1).degree(1).build().is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscFECreateDefault")]
    #[doc(alias = "PetscFECreateByCell")]
    #[doc(alias = "PetscFECreateLagrange")]
    #[doc(alias = "PetscFECreateLagrangeByCell")]
    pub fn builder(comm: &Comm, dim: Int, components: Int) -> FeBuilder<'_> {
        FeBuilder {
            comm,
            dim,
            components,
            cell: Cell::Kind(CellKind::Tensor),
            degree: None,
            prefix: None,
            qorder: None,
        }
    }
}

impl FeBuilder<'_> {
    /// On the reference box ([`CellKind::Tensor`], the default: `Q_k` elements) or
    /// simplex ([`CellKind::Simplex`]: `P_k`) of the element's dimension.
    pub fn cell(mut self, kind: CellKind) -> Self {
        self.cell = Cell::Kind(kind);
        self
    }

    /// On a cell of the shape `ty` (`PetscFECreateByCell`,
    /// `PetscFECreateLagrangeByCell`): a prism, say. Shapes elements are not built on
    /// ([`CellType::FvGhost`], ...) are an `Err` at [`build`](Self::build).
    ///
    /// ```
    /// use petsc::{CellType, Fe};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let prism = Fe::builder(&c, 3, 1).cell_type(CellType::TriPrism).degree(1).build()?;
    /// assert_eq!(prism.dimension()?, 6);
    /// assert!(Fe::builder(&c, 2, 1).cell_type(CellType::FvGhost).build().is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscFECreateByCell")]
    pub fn cell_type(mut self, ty: CellType) -> Self {
        self.cell = Cell::Type(ty);
        self
    }

    /// Continuous Lagrange elements of degree `k` (0 to 20; `PetscFECreateLagrange`):
    /// the element reads no options, so an [`options_prefix`](Self::options_prefix)
    /// beside it is an `Err` at [`build`](Self::build).
    #[doc(alias = "PetscFECreateLagrange")]
    pub fn degree(mut self, k: Int) -> Self {
        self.degree = Some(k);
        self
    }

    /// Configures the element from the options database under `prefix`
    /// (`PetscFECreateDefault`): `-{prefix}petscspace_degree`, ... Without a prefix and
    /// without a [`degree`](Self::degree), the options are read without one.
    pub fn options_prefix(mut self, prefix: &str) -> Self {
        self.prefix = Some(prefix.to_owned());
        self
    }

    /// The order of the quadrature (not negative; by default from the degree).
    pub fn quadrature_order(mut self, order: Int) -> Self {
        self.qorder = Some(order);
        self
    }

    /// Makes the element (collective). A dimension outside 0 to 3, fewer than one
    /// component, a degree outside 0 to 20, a negative quadrature order, a degree with
    /// an options prefix, a cell shape elements are not built on or a malformed option
    /// are an `Err`.
    ///
    /// ```
    /// use petsc::Fe;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// assert!(Fe::builder(&c, 2, 0).degree(1).build().is_err());
    /// assert!(Fe::builder(&c, 2, 1).degree(1).options_prefix("p_").build().is_err());
    /// petsc.options().set_value("-bad_petscspace_degree", "three")?;
    /// let e = Fe::builder(&c, 2, 1).options_prefix("bad_").build().unwrap_err();
    /// assert!(e.to_string().contains("three"), "{e}");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn build(self) -> Result<Fe> {
        const CTX: &str = "FeBuilder::build";
        let FeBuilder {
            comm,
            dim,
            components: nc,
            cell,
            degree,
            prefix,
            qorder,
        } = self;
        check_shape(CTX, dim, nc)?;
        let q = qorder_arg(CTX, qorder)?;
        let mut fe: sys::PetscFE = std::ptr::null_mut();
        if let Some(k) = degree {
            if prefix.is_some() {
                return Err(Error::invalid(
                    CTX,
                    "Lagrange elements of a given degree read no options; give a degree or \
                     an options prefix, not both",
                ));
            }
            if !(0..=20).contains(&k) {
                return Err(Error::out_of_range(
                    CTX,
                    format!("degree {k} is not in 0..=20"),
                ));
            }
            // SAFETY: live communicator; arguments checked.
            check(unsafe {
                match cell {
                    Cell::Kind(kind) => sys::PetscFECreateLagrange(
                        comm.as_raw(),
                        dim,
                        nc,
                        pbool(kind == CellKind::Simplex),
                        k,
                        q,
                        &mut fe,
                    ),
                    Cell::Type(ty) => sys::PetscFECreateLagrangeByCell(
                        comm.as_raw(),
                        dim,
                        nc,
                        polytope(CTX, ty)?,
                        k,
                        q,
                        &mut fe,
                    ),
                }
            })?;
            return Ok(Fe::from_raw(comm.petsc(), fe));
        }
        let ct = match cell {
            Cell::Type(ty) => Some(polytope(CTX, ty)?),
            Cell::Kind(_) => None,
        };
        check_default_options(CTX, comm, prefix.as_deref())?;
        let prefix: Option<CString> = prefix.map(|p| c_string(CTX, &p)).transpose()?;
        let pp = prefix.as_ref().map_or(std::ptr::null(), |p| p.as_ptr());
        // SAFETY: live communicator; arguments checked; the prefix is copied.
        check(unsafe {
            match ct {
                Some(ct) => sys::PetscFECreateByCell(comm.as_raw(), dim, nc, ct, pp, q, &mut fe),
                None => sys::PetscFECreateDefault(
                    comm.as_raw(),
                    dim,
                    nc,
                    pbool(cell == Cell::Kind(CellKind::Simplex)),
                    pp,
                    q,
                    &mut fe,
                ),
            }
        })?;
        Ok(Fe::from_raw(comm.petsc(), fe))
    }

    /// The builder with an options prefix and a quadrature order when given.
    fn with_options(mut self, prefix: Option<&str>, qorder: Option<Int>) -> Self {
        self.prefix = prefix.map(str::to_owned);
        self.qorder = qorder;
        self
    }
}

/// The cell kind of the first constructors' `simplex` flag.
fn kind(simplex: bool) -> CellKind {
    if simplex {
        CellKind::Simplex
    } else {
        CellKind::Tensor
    }
}

// The positional constructors of the first release; they still compile, with a
// deprecation warning naming the builder.
impl Fe {
    /// The first form of an element configured from the options database:
    /// `Fe::builder(comm, dim, nc).cell(..).options_prefix(..).quadrature_order(..)`.
    #[deprecated(
        since = "0.2.0",
        note = "use `Fe::builder(comm, dim, nc).cell(CellKind::Simplex).options_prefix(p).build()` (named settings, an enum for the cell)"
    )]
    pub fn new_default(
        comm: &Comm,
        dim: Int,
        nc: Int,
        simplex: bool,
        prefix: Option<&str>,
        qorder: Option<Int>,
    ) -> Result<Fe> {
        Fe::builder(comm, dim, nc)
            .cell(kind(simplex))
            .with_options(prefix, qorder)
            .build()
    }

    /// The first form of an element on a cell of a given shape:
    /// `Fe::builder(comm, dim, nc).cell_type(..)`.
    #[deprecated(
        since = "0.2.0",
        note = "use `Fe::builder(comm, dim, nc).cell_type(cell).options_prefix(p).build()` (named settings)"
    )]
    pub fn new_by_cell(
        comm: &Comm,
        dim: Int,
        nc: Int,
        cell: CellType,
        prefix: Option<&str>,
        qorder: Option<Int>,
    ) -> Result<Fe> {
        Fe::builder(comm, dim, nc)
            .cell_type(cell)
            .with_options(prefix, qorder)
            .build()
    }

    /// The first form of Lagrange elements: `Fe::builder(comm, dim, nc).degree(k)`.
    #[deprecated(
        since = "0.2.0",
        note = "use `Fe::builder(comm, dim, nc).cell(CellKind::Simplex).degree(k).build()` (named settings, an enum for the cell)"
    )]
    pub fn new_lagrange(
        comm: &Comm,
        dim: Int,
        nc: Int,
        simplex: bool,
        degree: Int,
        qorder: Option<Int>,
    ) -> Result<Fe> {
        Fe::builder(comm, dim, nc)
            .cell(kind(simplex))
            .degree(degree)
            .with_options(None, qorder)
            .build()
    }

    /// The former name of [`new_default`](Self::new_default).
    #[deprecated(
        since = "0.2.0",
        note = "use `Fe::builder(comm, dim, nc).cell(CellKind::Simplex).options_prefix(p).build()` (named settings, an enum for the cell)"
    )]
    pub fn create_default(
        comm: &Comm,
        dim: Int,
        nc: Int,
        simplex: bool,
        prefix: Option<&str>,
        qorder: Option<Int>,
    ) -> Result<Fe> {
        #[allow(deprecated)]
        Fe::new_default(comm, dim, nc, simplex, prefix, qorder)
    }

    /// The former name of [`new_by_cell`](Self::new_by_cell).
    #[deprecated(
        since = "0.2.0",
        note = "use `Fe::builder(comm, dim, nc).cell_type(cell).options_prefix(p).build()` (named settings)"
    )]
    pub fn create_by_cell(
        comm: &Comm,
        dim: Int,
        nc: Int,
        cell: CellType,
        prefix: Option<&str>,
        qorder: Option<Int>,
    ) -> Result<Fe> {
        #[allow(deprecated)]
        Fe::new_by_cell(comm, dim, nc, cell, prefix, qorder)
    }

    /// The former name of [`new_lagrange`](Self::new_lagrange).
    #[deprecated(
        since = "0.2.0",
        note = "use `Fe::builder(comm, dim, nc).cell(CellKind::Simplex).degree(k).build()` (named settings, an enum for the cell)"
    )]
    pub fn create_lagrange(
        comm: &Comm,
        dim: Int,
        nc: Int,
        simplex: bool,
        degree: Int,
        qorder: Option<Int>,
    ) -> Result<Fe> {
        #[allow(deprecated)]
        Fe::new_lagrange(comm, dim, nc, simplex, degree, qorder)
    }
}
