//! [`Tao::set_objective_ad`], [`Tao::set_hessian_ad`] and
//! [`Tao::set_hessian_mult_ad`]: an objective written once, with its exact gradient,
//! Hessian and Hessian-vector products.

use std::rc::Rc;

use super::AdScalar;
use crate::error::Result;
use crate::mat::Mat;
use crate::tao::Tao;

/// An objective written once over a generic scalar, for TAO: `f(x)` of this rank's
/// entries of the solution. petsc-rs calls it with `T = f64` for the value, and with
/// dual numbers for the exact gradient ([`Tao::set_objective_ad`]), Hessian
/// ([`Tao::set_hessian_ad`]) and Hessian-vector products
/// ([`Tao::set_hessian_mult_ad`]).
///
/// On several ranks the objective is the sum of the ranks' values, each a function of
/// the rank's own entries only (separable over the ranks): the gradient of each rank is
/// the derivative of its value, the Hessian is block diagonal by ranks. On one rank any
/// objective is. An objective that couples entries of different ranks is not this
/// trait's (give TAO its gradient with [`Tao::set_objective_and_gradient`]).
///
/// Cost: forward mode carries eight directions an evaluation, so a gradient costs
/// `ceil(n / 8)` evaluations of the objective for `n` entries on a rank, a
/// Hessian-vector product as many (with larger numbers), and a Hessian on a pattern of
/// `c` colors `ceil(n / 8) ceil(c / 8)` evaluations: for an objective whose cost grows
/// with `n`, the derivatives grow with `n^2`. It pays for small or medium `n` a rank
/// (up to a few thousand entries) and on many ranks; for larger `n` a rank, write the
/// gradient by hand, or spread the problem over more ranks.
///
/// ```
/// # #[cfg(not(petsc_complex))] {
/// use petsc::ad::{AdScalar, Objective};
/// use petsc::{Tao, TaoType, Vector};
/// // Rosenbrock: f = 100 (x1 - x0^2)^2 + (1 - x0)^2, minimum at (1, 1).
/// struct Rosenbrock;
/// impl Objective for Rosenbrock {
///     fn objective<T: AdScalar>(&self, x: &[T]) -> petsc::Result<T> {
///         let (d, e) = (x[1] - x[0] * x[0], T::one() - x[0]);
///         Ok(d * d * 100.0 + e * e)
///     }
/// }
/// let petsc = petsc::Petsc::init()?;
/// let c = petsc.self_comm();
/// let x = Vector::from_slice(&c, &[-1.2, 1.0])?;
/// let mut tao = Tao::new(&c)?;
/// tao.set_type(TaoType::Lmvm)?;
/// tao.set_solution(&x)?;
/// tao.set_objective_ad(Rosenbrock)?;
/// tao.set_tolerances(petsc::TaoTolerances { gatol: Some(1e-10), grtol: Some(0.0), ..Default::default() })?;
/// tao.solve()?.check()?;
/// let v = x.view()?;
/// assert!((v[0] - 1.0).abs() < 1e-8 && (v[1] - 1.0).abs() < 1e-8);
/// # }
/// # Ok::<(), petsc::Error>(())
/// ```
pub trait Objective: 'static {
    /// `f(x)` of this rank's entries `x` (the rank's part of the sum on several ranks;
    /// a rank that owns no entries gets an empty slice). An `Err` ends the solve with
    /// it.
    fn objective<T: AdScalar>(&self, x: &[T]) -> Result<T>;
}

/// A shared objective, to give one to several setters.
impl<O: Objective> Objective for Rc<O> {
    fn objective<T: AdScalar>(&self, x: &[T]) -> Result<T> {
        (**self).objective(x)
    }
}

impl Tao {
    /// Sets an objective written once ([`Objective`]) and its exact gradient by
    /// automatic differentiation (`ad` feature): the objective alone as
    /// [`set_objective`](Self::set_objective) sets it (evaluated with reals), and
    /// objective and gradient together as
    /// [`set_objective_and_gradient_slices`](Self::set_objective_and_gradient_slices)
    /// does, forward mode with eight directions an evaluation (`ceil(n / 8)`
    /// evaluations for `n` entries on a rank). On several ranks each rank's value is
    /// its part of the sum (an MPI sum gives TAO the whole), see [`Objective`].
    /// `-tao_test_gradient` compares the gradient with finite differences.
    ///
    /// An `Err` or a panic in the objective ends the solve, which returns it (naming
    /// `Tao objective` or `Tao objective and gradient`). A complex build returns an
    /// `Err` here. See [`Objective`] for an example.
    #[doc(alias = "TaoSetObjective")]
    #[doc(alias = "TaoSetObjectiveAndGradient")]
    pub fn set_objective_ad<O: Objective>(&mut self, objective: O) -> Result<()> {
        #[cfg(petsc_complex)]
        {
            let _ = objective;
            Err(super::unavailable("Tao::set_objective_ad"))
        }
        #[cfg(not(petsc_complex))]
        {
            use crate::object::Object;
            let obj = Rc::new(objective);
            let comm = self.comm();
            let sum = move |mine: f64| -> Result<f64> {
                if comm.size() == 1 {
                    return Ok(mine);
                }
                let mut all = [0.0];
                comm.sum_reals(&[mine], &mut all)?;
                Ok(all[0])
            };
            let sum = Rc::new(sum);
            let (o, s) = (obj.clone(), sum.clone());
            self.set_objective(move |x| {
                let mine = o.objective(&x.view()?)?;
                s(mine)
            })?;
            self.set_objective_and_gradient_slices(move |x, g| {
                let mine = super::hessian::value_and_gradient(&*obj, x, g)?;
                sum(mine)
            })
        }
    }

    /// Sets the Hessian `h` (and `p`, the matrix its preconditioner is built from;
    /// `None`: `h` itself) computed exactly from an objective written once, by forward
    /// mode over forward mode (`ad` feature), as [`set_hessian`](Self::set_hessian)
    /// sets a closure that fills them.
    ///
    /// Which entries: if `h` (or `p`) is assembled when this is called, its nonzero
    /// pattern (as the structure of the matrix given to `-snes_fd_color`): the columns
    /// are colored so that no two of a color share a row, and one evaluation gives up
    /// to eight rows by eight colors; the Hessian must have no nonzero outside the
    /// pattern (such an entry would be added to one inside it). If it is not
    /// assembled, every entry of this rank's diagonal block is set (`(n / 8)^2`
    /// evaluations for `n` entries on a rank): a dense matrix, or an AIJ matrix
    /// preallocated for all of them. Entries of the pattern outside the rank's
    /// diagonal block are set to zero (the objective is separable over the ranks: see
    /// [`Objective`]). `-tao_test_hessian` compares the Hessian with finite
    /// differences.
    ///
    /// Collective: the patterns are read on every rank, and a matrix refused on one
    /// rank (a preconditioning matrix whose rows are not the Hessian's) is an `Err` on
    /// all. Errors and panics of the objective end the solve (naming `Tao Hessian`). A
    /// complex build returns an `Err` here.
    ///
    /// ```
    /// # #[cfg(not(petsc_complex))] {
    /// use petsc::ad::{AdScalar, Objective};
    /// use petsc::{InsertMode, Mat, Sizes, Tao, TaoType, Vector};
    /// // f = sum_i (x_i - 1)^4 / 4 + x_i x_{i+1}: Hessian 3 (x_i - 1)^2 on the diagonal,
    /// // 1 beside it.
    /// struct Quartic;
    /// impl Objective for Quartic {
    ///     fn objective<T: AdScalar>(&self, x: &[T]) -> petsc::Result<T> {
    ///         let mut f = T::zero();
    ///         for i in 0..x.len() {
    ///             f += (x[i] - 1.0).powi(4) * 0.25;
    ///             if i + 1 < x.len() {
    ///                 f += x[i] * x[i + 1];
    ///             }
    ///         }
    ///         Ok(f)
    ///     }
    /// }
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let n = 5;
    /// // The tridiagonal pattern, assembled (with zeros) before the Hessian is set.
    /// let mut h = Mat::aij(&c).sizes(Sizes::global(n, n)).preallocate(3, 0).build()?;
    /// for i in 0..n {
    ///     let cols: Vec<_> = (i.max(1) - 1..(i + 2).min(n)).collect();
    ///     h.set_values(&[i], &cols, &vec![0.0; cols.len()], InsertMode::Insert)?;
    /// }
    /// h.assemble()?;
    /// let x = Vector::from_slice(&c, &[3.0; 5])?;
    /// let mut tao = Tao::new(&c)?;
    /// tao.set_type(TaoType::Nls)?;
    /// tao.set_solution(&x)?;
    /// let q = std::rc::Rc::new(Quartic);
    /// tao.set_objective_ad(q.clone())?;
    /// tao.set_hessian_ad(&h, None, q)?;
    /// tao.compute_hessian(&x, &mut h, None)?; // the Hessian at x = 3
    /// assert_eq!(h.values(&[0, 1], &[0, 1, 2])?, vec![12.0, 1.0, 0.0, 1.0, 12.0, 1.0]);
    /// tao.solve()?.check()?;
    /// # }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoSetHessian")]
    pub fn set_hessian_ad<'a, O: Objective>(
        &mut self,
        h: &Mat,
        p: impl Into<Option<&'a Mat>>,
        objective: O,
    ) -> Result<()> {
        let p: Option<&Mat> = p.into();
        #[cfg(petsc_complex)]
        {
            let _ = (h, p, objective);
            Err(super::unavailable("Tao::set_hessian_ad"))
        }
        #[cfg(not(petsc_complex))]
        {
            use super::hessian::{HessianPlan, MatPattern};
            use crate::object::Object;
            const CTX: &str = "Tao::set_hessian_ad";
            h.check_loan(CTX)?;
            if let Some(p) = p {
                p.check_loan(CTX)?;
            }
            let plan = (|| {
                let mut pats = vec![MatPattern::of(h)?];
                if let Some(p) = p.filter(|p| p.ptr != h.ptr) {
                    pats.push(MatPattern::of(p)?);
                }
                HessianPlan::new(CTX, pats)
            })();
            // The patterns are read rank by rank: every rank returns the same outcome.
            let plan = h.comm().agree(CTX, plan)?;
            self.set_hessian(h, p, move |x, mats| {
                let x = x.view()?;
                let (pre, op) = mats.split();
                match op {
                    Some(op) => plan.fill(CTX, &objective, &x, &mut [op, pre]),
                    None => plan.fill(CTX, &objective, &x, &mut [pre]),
                }
            })
        }
    }

    /// Gives TAO the Hessian of an objective written once as exact Hessian-vector
    /// products (`ad` feature): a shell matrix whose product is `H(x) v`, the
    /// derivative along `v` of the gradient (forward mode over forward mode,
    /// `ceil(n / 8)` evaluations a product for `n` entries on a rank), set as
    /// [`set_hessian_mult`](Self::set_hessian_mult) sets one. Needs
    /// [`set_solution`](Self::set_solution) first; returns the shell matrix.
    ///
    /// For methods whose Krylov solver needs no matrix entries: `nls` or `ntr` with
    /// `-tao_nls_pc_type none` (`-tao_ntr_pc_type none`), or the `lmvm`
    /// preconditioner. Errors and panics of the objective end the solve (naming
    /// `MatMult (shell)`). A complex build returns an `Err` here.
    ///
    /// ```
    /// # #[cfg(not(petsc_complex))] {
    /// use petsc::ad::{AdScalar, Objective};
    /// use petsc::{Tao, TaoType, Vector};
    /// // f = sum_i e^{x_i} - (i + 1) x_i: H = diag(e^{x_i}), minimum x_i = ln(i + 1).
    /// struct Exp;
    /// impl Objective for Exp {
    ///     fn objective<T: AdScalar>(&self, x: &[T]) -> petsc::Result<T> {
    ///         Ok(x.iter().enumerate().fold(T::zero(), |f, (i, &xi)| f + xi.exp() - xi * (i + 1) as f64))
    ///     }
    /// }
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = Vector::from_slice(&c, &[0.0; 3])?;
    /// let mut tao = Tao::new(&c)?;
    /// tao.set_type(TaoType::Ntr)?;
    /// tao.set_solution(&x)?;
    /// tao.set_objective_ad(std::rc::Rc::new(Exp))?;
    /// let hess = tao.set_hessian_mult_ad(Exp)?;
    /// let mut hv = x.duplicate()?;
    /// hess.mult(&Vector::from_slice(&c, &[1.0, 2.0, 3.0])?, &mut hv)?; // at x = 0: H = I
    /// assert_eq!(&*hv.view()?, &[1.0, 2.0, 3.0]);
    /// tao.solve()?.check()?;
    /// for (i, xi) in x.view()?.iter().enumerate() {
    ///     assert!((xi - ((i + 1) as f64).ln()).abs() < 1e-6);
    /// }
    /// # }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoSetHessian")]
    #[doc(alias = "MatCreateShell")]
    pub fn set_hessian_mult_ad<O: Objective>(&mut self, objective: O) -> Result<Mat> {
        #[cfg(petsc_complex)]
        {
            let _ = objective;
            Err(super::unavailable("Tao::set_hessian_mult_ad"))
        }
        #[cfg(not(petsc_complex))]
        {
            self.set_hessian_mult(move |x, v, hv| {
                let (x, v) = (x.view()?, v.view()?);
                super::hessian::hessian_product(&objective, &x, &v, &mut hv.view_mut()?)
            })
        }
    }
}
