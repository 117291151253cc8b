//! Residuals on a distributed [`Vector`] written once ([`VecResidual`]), whose Jacobian
//! sparsity is a given matrix's nonzero pattern: [`ColoredJacobian`] evaluates them
//! and assembles their exact Jacobian, colored by PETSc's `MatColoring`;
//! [`Snes::set_function_ad`] hands both to a nonlinear solver.

use std::ops::{Index, IndexMut, Range};

use super::AdScalar;
use crate::error::Result;
use crate::mat::Mat;
use crate::scalar::Int;
use crate::snes::Snes;
use crate::vec::Vector;

/// A residual `f = F(x)` on a distributed vector written once over a generic scalar:
/// each rank computes `f` on its own rows ([`VecArrayMut::owned`]) and may read the
/// entries of `x` that its rows' columns in the pattern name, on this rank or on
/// others ([`VecArray`], indexed by global index). petsc-rs calls it with `T = f64`
/// for the residual and with dual numbers for the exact Jacobian
/// ([`ColoredJacobian`], [`Snes::set_function_ad`]).
///
/// ```
/// use petsc::ad::{AdScalar, VecArray, VecArrayMut, VecResidual};
/// // f_i = x_i^2 - x_{i+1} (the last row: x_i^2 - 1); its pattern is the diagonal and
/// // the first superdiagonal.
/// struct Chain { n: petsc::Int }
/// impl VecResidual for Chain {
///     fn residual<T: AdScalar>(&self, x: &VecArray<'_, T>, f: &mut VecArrayMut<'_, T>) -> petsc::Result<()> {
///         for i in f.owned() {
///             let next = if i + 1 < self.n { x[i + 1] } else { T::from(1.0) };
///             f[i] = x[i] * x[i] - next;
///         }
///         Ok(())
///     }
/// }
/// ```
pub trait VecResidual: 'static {
    /// `f = F(x)` on this rank's rows of `f`.
    fn residual<T: AdScalar>(&self, x: &VecArray<'_, T>, f: &mut VecArrayMut<'_, T>) -> Result<()>;
}

/// The input of a [`VecResidual`]: this rank's entries of `x` and the entries of other
/// ranks its rows read (the ghost entries), indexed by global index. An index the rank
/// does not hold (not owned, and in no column of its rows of the pattern) panics with
/// a message naming it; [`get`](Self::get) returns `None` instead.
///
/// ```
/// use petsc::ad::VecArray;
/// let owned = [1.0, 2.0];
/// let ghosts = [7 as petsc::Int, 9];
/// let data = [1.0, 2.0, 70.0, 90.0];
/// let x = VecArray::new(&data, 4, &ghosts);
/// assert_eq!((x[4], x[5], x[9]), (1.0, 2.0, 90.0));
/// assert_eq!(x.owned(), 4..6);
/// assert_eq!(x.owned_slice(), &owned);
/// assert_eq!(x.get(8), None);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct VecArray<'a, T> {
    data: &'a [T],
    start: Int,
    ghosts: &'a [Int],
}

impl<'a, T: Copy> VecArray<'a, T> {
    /// An array of the owned entries `start..` followed by the entries of the sorted
    /// global indices `ghosts`: `data` holds `data.len() - ghosts.len()` owned entries,
    /// then one entry per ghost index.
    ///
    /// # Panics
    /// When `data` is shorter than `ghosts`, or `ghosts` is not strictly increasing.
    #[track_caller]
    pub fn new(data: &'a [T], start: Int, ghosts: &'a [Int]) -> Self {
        assert!(
            data.len() >= ghosts.len(),
            "VecArray::new: {} entries cannot hold {} ghost entries",
            data.len(),
            ghosts.len()
        );
        assert!(
            ghosts.windows(2).all(|w| w[0] < w[1]),
            "VecArray::new: the ghost indices must be strictly increasing"
        );
        VecArray {
            data,
            start,
            ghosts,
        }
    }

    /// The global indices this rank owns.
    pub fn owned(&self) -> Range<Int> {
        self.start..self.start + (self.data.len() - self.ghosts.len()) as Int
    }

    /// The owned entries, in order.
    pub fn owned_slice(&self) -> &'a [T] {
        &self.data[..self.data.len() - self.ghosts.len()]
    }

    /// The global indices of the ghost entries (held here, owned by other ranks),
    /// increasing.
    pub fn ghosts(&self) -> &'a [Int] {
        self.ghosts
    }

    /// The entry of global index `i`, or `None` when this rank does not hold it.
    #[inline]
    pub fn get(&self, i: Int) -> Option<T> {
        self.position(i).map(|p| self.data[p])
    }

    #[inline]
    fn position(&self, i: Int) -> Option<usize> {
        let nowned = self.data.len() - self.ghosts.len();
        let off = i.wrapping_sub(self.start);
        if off >= 0 && (off as usize) < nowned {
            Some(off as usize)
        } else {
            self.ghosts.binary_search(&i).ok().map(|g| nowned + g)
        }
    }
}

impl<T: Copy> Index<Int> for VecArray<'_, T> {
    type Output = T;
    #[inline]
    #[track_caller]
    fn index(&self, i: Int) -> &T {
        match self.position(i) {
            Some(p) => &self.data[p],
            None => panic!(
                "entry {i} of x is not held by this rank: it owns {:?} and holds the ghost \
                 entries its rows' columns name ({} of them); a residual may read only the \
                 columns of its rows in the pattern",
                self.owned(),
                self.ghosts.len()
            ),
        }
    }
}

/// The output of a [`VecResidual`]: this rank's rows of `f`, indexed by global row.
///
/// ```
/// use petsc::ad::VecArrayMut;
/// let mut data = [0.0; 3];
/// let mut f = VecArrayMut::new(&mut data, 10);
/// f[11] = 5.0;
/// assert_eq!(f.owned(), 10..13);
/// assert_eq!(f.as_slice(), &[0.0, 5.0, 0.0]);
/// ```
#[derive(Debug)]
pub struct VecArrayMut<'a, T> {
    data: &'a mut [T],
    start: Int,
}

impl<'a, T> VecArrayMut<'a, T> {
    /// This rank's rows `start .. start + data.len()`.
    pub fn new(data: &'a mut [T], start: Int) -> Self {
        VecArrayMut { data, start }
    }

    /// The global rows this rank owns.
    pub fn owned(&self) -> Range<Int> {
        self.start..self.start + self.data.len() as Int
    }

    /// The rows in order.
    pub fn as_slice(&self) -> &[T] {
        self.data
    }

    /// The rows in order, writable.
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        self.data
    }

    #[inline]
    #[track_caller]
    fn offset(&self, i: Int) -> usize {
        let off = i.wrapping_sub(self.start);
        if off < 0 || off as usize >= self.data.len() {
            panic!(
                "row {i} of f is not owned by this rank (it owns {:?})",
                self.owned()
            );
        }
        off as usize
    }
}

impl<T> Index<Int> for VecArrayMut<'_, T> {
    type Output = T;
    #[inline]
    #[track_caller]
    fn index(&self, i: Int) -> &T {
        &self.data[self.offset(i)]
    }
}

impl<T> IndexMut<Int> for VecArrayMut<'_, T> {
    #[inline]
    #[track_caller]
    fn index_mut(&mut self, i: Int) -> &mut T {
        let o = self.offset(i);
        &mut self.data[o]
    }
}

/// A [`VecResidual`] with the machinery of its exact Jacobian: the pattern's rows on
/// this rank, the ghost entries of `x` they read and a scatter that brings them, and
/// the pattern's coloring (PETSc's `MatColoring`, distance 2, `sl` unless
/// `-mat_coloring_type` says otherwise, under the pattern's options prefix). The
/// Jacobian takes one evaluation with dual numbers per group of up to eight colors and
/// has entries only in the pattern's nonzero positions.
///
/// ```
/// use petsc::ad::{AdScalar, ColoredJacobian, VecArray, VecArrayMut, VecResidual};
/// use petsc::{InsertMode, Mat, Sizes, Vector};
/// // f_i = x_i^2 - x_{i+1} (last row x_i^2 - 1): J = 2 diag(x) - superdiagonal.
/// struct Chain { n: petsc::Int }
/// impl VecResidual for Chain {
///     fn residual<T: AdScalar>(&self, x: &VecArray<'_, T>, f: &mut VecArrayMut<'_, T>) -> petsc::Result<()> {
///         for i in f.owned() {
///             let next = if i + 1 < self.n { x[i + 1] } else { T::from(1.0) };
///             f[i] = x[i] * x[i] - next;
///         }
///         Ok(())
///     }
/// }
/// let petsc = petsc::Petsc::init()?;
/// let n = 6;
/// let mut pattern = Mat::aij(&petsc.world()).sizes(Sizes::global(n, n)).preallocate(2, 1).build()?;
/// for i in pattern.ownership_range()? {
///     let cols: Vec<petsc::Int> = (i..(i + 2).min(n)).collect();
///     pattern.set_values(&[i], &cols, &vec![1.0; cols.len()], InsertMode::Insert)?;
/// }
/// pattern.assemble()?;
/// let jac = ColoredJacobian::new(&pattern, Chain { n })?;
/// assert_eq!(jac.ncolors(), 2);
/// let (mut x, mut f) = pattern.create_vecs()?;
/// x.set(3.0)?;
/// jac.residual(&x, &mut f)?;
/// assert_eq!(f.sum()?, 5.0 * 6.0 + 8.0);
/// let mut j = pattern.duplicate(petsc::MatDuplicateOption::DoNotCopyValues)?;
/// jac.jacobian(&x, &mut j)?;
/// let r = j.ownership_range()?;
/// if r.contains(&0) {
///     assert_eq!(j.values(&[0], &[0, 1])?, vec![6.0, -1.0]);
/// }
/// # Ok::<(), petsc::Error>(())
/// ```
pub struct ColoredJacobian<R> {
    #[cfg(not(petsc_complex))]
    engine: super::colored::Engine,
    residual: R,
}

impl<R> std::fmt::Debug for ColoredJacobian<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("ColoredJacobian");
        #[cfg(not(petsc_complex))]
        d.field("ncolors", &self.engine.ncolors)
            .field("ghosts", &self.engine.ghosts.len());
        d.finish_non_exhaustive()
    }
}

impl<R: VecResidual> ColoredJacobian<R> {
    /// Reads the nonzero pattern of this rank's rows of the assembled matrix `pattern`
    /// (its values are not used), finds the ghost entries of `x` the rows read and
    /// makes the scatter that brings them, and colors the pattern's columns
    /// (`MatColoringCreate`, distance 2, type `sl`, `MatColoringSetFromOptions`,
    /// `MatColoringApply`; collective). `x` is then laid out as the pattern's columns
    /// and `f` as its rows.
    ///
    /// An unassembled or factored pattern is an `Err`; a complex build returns an `Err`.
    /// See [`ColoredJacobian`] for an example.
    #[doc(alias = "MatColoringCreate")]
    #[doc(alias = "MatColoringApply")]
    pub fn new(pattern: &Mat, residual: R) -> Result<Self> {
        #[cfg(petsc_complex)]
        {
            let _ = (pattern, residual);
            Err(super::unavailable("ColoredJacobian::new"))
        }
        #[cfg(not(petsc_complex))]
        {
            Ok(ColoredJacobian {
                engine: super::colored::Engine::new(pattern)?,
                residual,
            })
        }
    }

    /// The number of colors of the pattern's columns: the Jacobian takes
    /// `ceil(ncolors / 8)` evaluations with dual numbers.
    pub fn ncolors(&self) -> usize {
        #[cfg(not(petsc_complex))]
        {
            self.engine.ncolors
        }
        #[cfg(petsc_complex)]
        {
            0
        }
    }

    /// The global indices of the entries of `x` on other ranks that this rank's rows
    /// read (the columns of its rows in the pattern that it does not own), increasing.
    pub fn ghosts(&self) -> &[Int] {
        #[cfg(not(petsc_complex))]
        {
            &self.engine.ghosts
        }
        #[cfg(petsc_complex)]
        {
            &[]
        }
    }

    /// The residual written once.
    pub fn inner(&self) -> &R {
        &self.residual
    }

    /// `f = F(x)` (collective: the ghost entries of `x` are scattered first). `x` laid
    /// out otherwise than the pattern's columns, or `f` than its rows, is an `Err` on
    /// every rank, and so is the residual's `Err` on any rank.
    pub fn residual(&self, x: &Vector, f: &mut Vector) -> Result<()> {
        #[cfg(petsc_complex)]
        {
            let _ = (x, f);
            Err(super::unavailable("ColoredJacobian::residual"))
        }
        #[cfg(not(petsc_complex))]
        {
            self.engine.residual(&self.residual, x, f)
        }
    }

    /// Fills `jac` with the exact Jacobian `dF/dx` at `x` in the pattern's nonzero
    /// positions and assembles it (collective): one evaluation with dual numbers per
    /// group of up to eight colors. `jac` must be sized as the pattern and hold its
    /// nonzeros (the pattern itself, or `pattern.duplicate(..)`); otherwise, and when
    /// the residual fails or panics on any rank, every rank gets an `Err` (a panic is
    /// raised again on its rank after the others are told).
    #[doc(alias = "MatSetValues")]
    pub fn jacobian(&self, x: &Vector, jac: &mut Mat) -> Result<()> {
        #[cfg(petsc_complex)]
        {
            let _ = (x, jac);
            Err(super::unavailable("ColoredJacobian::jacobian"))
        }
        #[cfg(not(petsc_complex))]
        {
            self.engine.jacobian(&self.residual, x, jac)
        }
    }
}

impl Snes {
    /// Sets a residual on a distributed vector written once ([`VecResidual`]) and its
    /// exact Jacobian by automatic differentiation (`ad` feature), the Jacobian's
    /// sparsity being the nonzero pattern of the square matrix `pattern` (colored with
    /// `MatColoring` as `-snes_fd_color` colors it; see [`ColoredJacobian`]). The
    /// residual is registered through [`set_function`](Self::set_function) with a
    /// vector laid out as the pattern's rows, the Jacobian through
    /// [`set_jacobian`](Self::set_jacobian) into a copy of the pattern (the pattern's
    /// values are not changed).
    ///
    /// A non-square pattern (or one whose row and column layouts differ) is an `Err`;
    /// a residual's `Err` or panic ends the solve with an `Err`. A complex build
    /// returns an `Err`.
    ///
    /// ```
    /// use petsc::ad::{AdScalar, VecArray, VecArrayMut, VecResidual};
    /// use petsc::{InsertMode, Mat, Sizes, Snes};
    /// // -u'' + u^3 = 1 on n points, u = 0 outside.
    /// struct Cubic { n: petsc::Int }
    /// impl VecResidual for Cubic {
    ///     fn residual<T: AdScalar>(&self, x: &VecArray<'_, T>, f: &mut VecArrayMut<'_, T>) -> petsc::Result<()> {
    ///         let at = |i: petsc::Int| if i < 0 || i >= self.n { T::from(0.0) } else { x[i] };
    ///         for i in f.owned() {
    ///             f[i] = at(i) * 2.0 - at(i - 1) - at(i + 1) + at(i).powi(3) - 1.0;
    ///         }
    ///         Ok(())
    ///     }
    /// }
    /// let petsc = petsc::Petsc::init()?;
    /// let n = 20;
    /// let mut pattern = Mat::aij(&petsc.world()).sizes(Sizes::global(n, n)).preallocate(3, 2).build()?;
    /// for i in pattern.ownership_range()? {
    ///     let cols: Vec<petsc::Int> = (i.max(1) - 1..(i + 2).min(n)).collect();
    ///     pattern.set_values(&[i], &cols, &vec![0.0; cols.len()], InsertMode::Insert)?;
    /// }
    /// pattern.assemble()?;
    /// let mut snes = Snes::new(&petsc.world())?;
    /// snes.set_function_ad(&pattern, Cubic { n })?;
    /// let (mut u, _) = pattern.create_vecs()?;
    /// u.set(0.0)?;
    /// snes.solve(None, &mut u)?.check()?;
    /// assert!(snes.iteration_number()? <= 6); // Newton with the exact Jacobian
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESSetFunction")]
    #[doc(alias = "SNESSetJacobian")]
    pub fn set_function_ad<R: VecResidual>(&mut self, pattern: &Mat, residual: R) -> Result<()> {
        #[cfg(petsc_complex)]
        {
            let _ = (pattern, residual);
            Err(super::unavailable("Snes::set_function_ad"))
        }
        #[cfg(not(petsc_complex))]
        {
            super::colored::check_square(pattern)?;
            let e = std::rc::Rc::new(ColoredJacobian::new(pattern, residual)?);
            let jac = pattern.duplicate(crate::mat::MatDuplicateOption::DoNotCopyValues)?;
            let (_, r) = pattern.create_vecs()?;
            let ef = e.clone();
            self.set_function(r, move |x, f| ef.residual(x, f))?;
            self.set_jacobian(jac, None, move |x, mats| e.jacobian(x, mats.pre()))
        }
    }
}
