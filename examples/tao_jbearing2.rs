//! PETSc's TAO tutorial `bound/tutorials/jbearing2.c` in Rust: the pressure in a
//! journal bearing (problem DPJB of the MINPACK-2 test suite), a bound-constrained
//! quadratic minimization.
//!
//! On the rectangle `(0, 2 pi) x (0, 2 b)` discretized by triangles on an `-mx` x `-my`
//! grid (50 x 50), the pressure minimizes `x^T A x / 2 + B^T x` with `x >= 0` (and
//! `x <= 1000`); `A` and `B` depend on the eccentricity `-ecc` (0.1) and `-b` (10). A
//! DMDA holds the grid; the objective and gradient apply the 5-point stencil of `A` on
//! the ghosted local vector, the Hessian is `A` itself, assembled by local indices.
//! `blmvm` by default (the KSP of Newton methods is set to CG), from `x = 0`, then the
//! options. `-testmonitor` prints `f` every 5 iterations.
//!
//! PETSc's TEST block runs (each prints its `output/jbearing2_<suffix>.out`):
//!
//! ```text
//! 1:  tao_jbearing2 -tao_smonitor -mx 8 -my 12 -tao_type tron -tao_gatol 1.e-5
//! 2:  mpiexec -n 2 tao_jbearing2 -tao_smonitor -mx 50 -my 50 -ecc 0.99 -tao_type gpcg -tao_gatol 1.e-5
//! 3:  mpiexec -n 2 tao_jbearing2 -tao_smonitor -mx 10 -my 16 -ecc 0.9 -tao_type bqpip -tao_gatol 1.e-4
//! 5:  tao_jbearing2 -tao_smonitor -mx 8 -my 12 -tao_type bncg -tao_bncg_type gd -tao_gatol 1e-4
//! 6:  tao_jbearing2 -tao_smonitor -mx 8 -my 12 -tao_type bncg -tao_gatol 1e-4
//! 7, 8, 9:    -tao_smonitor -mx 8 -my 12 -tao_type bnls|bntr|bntl -tao_gatol 1e-5
//! 10, 11, 12: the same with -tao_bnk_max_cg_its 3
//! 13: tao_jbearing2 -tao_smonitor -mx 8 -my 12 -tao_gatol 1e-4 -tao_type bqnls
//! 14: tao_jbearing2 -tao_smonitor -mx 8 -my 12 -tao_gatol 1e-4 -tao_type blmvm
//! 15: ... -tao_type bqnkls -tao_bqnk_mat_type lmvmbfgs
//! 16: ... -tao_type bqnktr -tao_bqnk_mat_type lmvmsr1
//! 17, 18: ... -tao_type bqnls -tao_bqnls_mat_lmvm_scale_type scalar|none -tao_view
//! 19, 20, 21: -tao_smonitor -mx 8 -my 12 -tao_type bnls|bntr|bntl -tao_gatol 1e-5 -tao_mf_hessian
//! ```
//!
//! All of them are matched. Left out: test 4 (`-test_getdiagonal`, which removes the
//! matrix's `MatGetDiagonal` operation with `MatSetOperation`, not in the safe API;
//! refused here with a message), and the C program's `-testconvergence` (a convergence
//! test in no test of the block, refused likewise).

// TAO minimizes real functions of real variables: on a PETSc with complex scalars only
// `main` (which says so) is built.
#![cfg_attr(petsc_complex, allow(dead_code, unused_imports))]

use std::f64::consts::PI;
use std::process::ExitCode;

use petsc::{Da, InsertMode, Int, KspType, MatOption, Petsc, StencilType, Tao, TaoType, Vector, G};
use petsc_examples::{println0, usage_error};

/// The problem's parameters.
#[derive(Clone, Copy)]
struct Problem {
    ecc: f64,
    b: f64,
    nx: Int,
    ny: Int,
}

/// `p(xi) = (1 + ecc cos xi)^3`.
fn p(xi: f64, ecc: f64) -> f64 {
    let t = 1.0 + ecc * xi.cos();
    t * t * t
}

impl Problem {
    /// `(hx, hy)`.
    fn spacing(&self) -> (f64, f64) {
        (
            2.0 * PI / (self.nx as f64 + 1.0),
            2.0 * self.b / (self.ny as f64 + 1.0),
        )
    }

    /// The stencil of `A` in column `i`: `(down, left, middle, right, up)`.
    fn stencil(&self, i: Int) -> [f64; 5] {
        let (hx, hy) = self.spacing();
        let (hxhy, hxhx, hyhy) = (hx * hy, 1.0 / (hx * hx), 1.0 / (hy * hy));
        let ecc = self.ecc;
        let xi = (i + 1) as f64 * hx;
        let trule1 = hxhy * (p(xi, ecc) + p(xi + hx, ecc) + p(xi, ecc)) / 6.0;
        let trule2 = hxhy * (p(xi, ecc) + p(xi - hx, ecc) + p(xi, ecc)) / 6.0;
        let trule3 = hxhy * (p(xi, ecc) + p(xi + hx, ecc) + p(xi + hx, ecc)) / 6.0;
        let trule4 = hxhy * (p(xi, ecc) + p(xi - hx, ecc) + p(xi - hx, ecc)) / 6.0;
        let (trule5, trule6) = (trule1, trule2);
        let vdown = -(trule5 + trule2) * hyhy;
        let vleft = -hxhx * (trule2 + trule4);
        let vright = -hxhx * (trule1 + trule3);
        let vup = -hyhy * (trule1 + trule6);
        let vmiddle =
            hxhx * (trule1 + trule2 + trule3 + trule4) + hyhy * (trule1 + trule2 + trule5 + trule6);
        [vdown, vleft, vmiddle, vright, vup]
    }

    /// The row of `A` at local (ghosted) index `row` of point `(i, j)`: its columns and
    /// values, the neighbours outside the ghosted box left out (as in C).
    fn row(&self, da_box: &Boxes, i: Int, j: Int, v: &[f64; 5]) -> (Vec<Int>, Vec<f64>) {
        let Boxes { gxs, gys, gxm, gym } = *da_box;
        let row = (j - gys) * gxm + (i - gxs);
        let (mut cols, mut vals) = (Vec::with_capacity(5), Vec::with_capacity(5));
        if j > gys {
            cols.push(row - gxm);
            vals.push(v[0]);
        }
        if i > gxs {
            cols.push(row - 1);
            vals.push(v[1]);
        }
        cols.push(row);
        vals.push(v[2]);
        if i + 1 < gxs + gxm {
            cols.push(row + 1);
            vals.push(v[3]);
        }
        if j + 1 < gys + gym {
            cols.push(row + gxm);
            vals.push(v[4]);
        }
        (cols, vals)
    }
}

/// `%g` as PETSc prints it (`PetscPrintf`): C's `%g`, with a decimal point added to a
/// whole number (`0.`, `4.`).
fn petsc_g(x: f64) -> String {
    let s = G(x).to_string();
    if s.contains(['.', 'e', 'n']) {
        s
    } else {
        s + "."
    }
}

/// This rank's ghosted box.
#[derive(Clone, Copy)]
struct Boxes {
    gxs: Int,
    gys: Int,
    gxm: Int,
    gym: Int,
}

/// The DMDA of a vector the solver hands to a routine.
fn grid_of(v: &Vector) -> petsc::Result<Da> {
    v.dm()?
        .ok_or_else(|| petsc::Error::invalid("jbearing2", "the vector has no DMDA"))
}

/// This rank's ghosted box of `da`.
fn ghost_box(da: &Da) -> petsc::Result<Boxes> {
    let g = da.ghost_corners()?;
    Ok(Boxes {
        gxs: g.start[0],
        gys: g.start[1],
        gxm: g.len[0],
        gym: g.len[1],
    })
}

#[cfg(not(petsc_complex))]
fn body(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options();
    let pb = Problem {
        nx: opts.get_or::<Int>("-mx", 50)?,
        ny: opts.get_or::<Int>("-my", 50)?,
        ecc: opts.get_or::<petsc::Real>("-ecc", 0.1)?,
        b: opts.get_or::<petsc::Real>("-b", 10.0)?,
    };
    for (flag, what) in [
        (
            "-test_getdiagonal",
            "removing MatGetDiagonal (MatSetOperation)",
        ),
        ("-testconvergence", "the custom convergence test"),
    ] {
        if opts.has(flag)? {
            return Err(usage_error(format!("{flag} ({what}) is not ported")));
        }
    }
    println0!(petsc, "\n---- Journal Bearing Problem SHB-----")?;
    println0!(
        petsc,
        "mx: {},  my: {},  ecc: {} \n",
        pb.nx,
        pb.ny,
        petsc_g(pb.ecc)
    )?;

    let world = petsc.world();
    let da = Da::grid(&world)
        .sizes([pb.nx, pb.ny])
        .stencil(StencilType::Star)
        .dof(1)
        .stencil_width(1)
        .from_options(true)
        .build()?;
    let mut x = da.create_global_vector()?;
    let mut bvec = x.duplicate()?;
    let a = da.create_matrix()?;

    // ComputeB: the linear term, on this rank's points in the DMDA's local order.
    {
        let c = da.corners()?;
        let (hx, hy) = pb.spacing();
        let ehxhy = pb.ecc * hx * hy;
        let (xs, ys, xm, ym) = (c.start[0], c.start[1], c.len[0], c.len[1]);
        let mut b = bvec.view_mut()?;
        for i in xs..xs + xm {
            let temp = ((i + 1) as f64 * hx).sin();
            for j in ys..ys + ym {
                b[(xm * (j - ys) + (i - xs)) as usize] = -ehxhy * temp;
            }
        }
    }

    let mut tao = Tao::new(&world)?;
    tao.set_type(TaoType::Blmvm)?;
    x.set(0.0)?;
    tao.set_solution(&x)?;
    let gb = bvec;
    let mut local = da.create_local_vector()?;
    tao.set_objective_and_gradient(move |x, g| {
        // FormFunctionGradient: G = A x by the stencil on the ghosted vector, then
        // f = x.G / 2 + B.x and G += B.
        let gda = grid_of(x)?;
        gda.global_to_local(x, InsertMode::Insert, &mut local)?;
        g.set(0.0)?;
        let c = gda.corners()?;
        let bx = ghost_box(&gda)?;
        let (xs, ys, xm, ym) = (c.start[0], c.start[1], c.len[0], c.len[1]);
        {
            let xl = local.view()?;
            let mut gv = g.view_mut()?;
            for i in xs..xs + xm {
                let v = pb.stencil(i);
                for j in ys..ys + ym {
                    let (cols, vals) = pb.row(&bx, i, j, &v);
                    let mut tt = 0.0;
                    for (c, w) in cols.iter().zip(&vals) {
                        tt += w * xl[*c as usize];
                    }
                    gv[((j - ys) * xm + (i - xs)) as usize] = tt;
                }
            }
        }
        let f1 = x.dot(g)?;
        let f2 = gb.dot(x)?;
        g.axpy(1.0, &gb)?;
        Ok(f1 / 2.0 + f2)
    })?;
    tao.set_hessian(&a, Some(&a), move |x, mats| {
        let hda = grid_of(x)?;
        // FormHessian: A, by local indices (a quadratic: the same at every point).
        let hes = mats.pre();
        if hes.is_assembled()? {
            hes.zero_entries()?;
        }
        let c = hda.corners()?;
        let bx = ghost_box(&hda)?;
        for i in c.start[0]..c.start[0] + c.len[0] {
            let v = pb.stencil(i);
            for j in c.start[1]..c.start[1] + c.len[1] {
                let row = (j - bx.gys) * bx.gxm + (i - bx.gxs);
                let (cols, vals) = pb.row(&bx, i, j, &v);
                hes.set_values_local(&[row], &cols, &vals, InsertMode::Insert)?;
            }
        }
        hes.assemble()?;
        hes.set_option(MatOption::NewNonzeroLocationErr, true)?;
        hes.set_option(MatOption::Symmetric, true)
    })?;
    let mut xl = x.duplicate()?;
    let mut xu = x.duplicate()?;
    xl.set(0.0)?;
    xu.set(1000.0)?;
    tao.set_variable_bounds(Some(&xl), Some(&xu))?;
    if let Some(mut ksp) = tao.ksp()? {
        ksp.set_type(KspType::Cg)?;
    }
    if opts.has("-testmonitor")? {
        let out = petsc.clone();
        tao.monitor(move |s| {
            if s.iteration % 5 == 0 {
                println0!(out, "iteration={}\tf={}", s.iteration, petsc_g(s.f))?;
            }
            Ok(())
        })?;
    }
    tao.set_from_options()?;
    // As in C, the program goes on whatever the reason (`-tao_converged_reason` prints it).
    let _reason = tao.solve()?;
    Ok(())
}

#[cfg(not(petsc_complex))]
fn main() -> ExitCode {
    petsc::main(body)
}

#[cfg(petsc_complex)]
fn main() -> ExitCode {
    petsc_examples::real_only(
        "tao_jbearing2",
        "TAO minimizes real functions of real variables",
    )
}
