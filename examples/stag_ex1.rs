//! PETSc's DMStag tutorial `ex1.c` in Rust: a toy 1D problem on a staggered grid,
//!
//! ```text
//! u''(x) = c,  0 < x < 1,  u(0) = a,  u(1) = b
//! ```
//!
//! in mixed form (`p' = c`, `p - u' = 0`) with `u` on the vertices and `p` in the
//! elements of a [`Stag`] grid (3 elements unless `-stag_grid_x` says otherwise; any
//! `-stag_*` option). First-order differences give the nodal solution
//! `u = a + (b - a - c/2) x + (c/2) x^2`, `p = b - a - c/2 + c x` up to round-off: the
//! program prints the error against it. With `-stag_boundary_type_x periodic`, `b = a`
//! and `c = 0` (a constant `u`).
//!
//! As in C, the reference solution is written through an array view indexed by element
//! and location slot (`DMStagVecGetArray`), the right-hand side and the matrix by
//! [`StagStencil`] (`DMStagVecSetValuesStencil`, `DMStagMatSetValuesStencil`), and the
//! solution (GMRES with Jacobi unless the options say otherwise) is split into its
//! vertex and element parts by `DMStagMigrateVec` and printed. PETSc's tests run it as
//!
//! ```text
//! mpiexec -n 7 stag_ex1 -dm_view -stag_grid_x 11 -stag_stencil_type star -a 1.33 \
//!     -b 7.22 -c 347.2 -ksp_monitor_short
//! mpiexec -n 3 stag_ex1 -dm_view -stag_grid_x 13 -stag_boundary_type_x periodic -a 1.1234
//! ```
//!
//! and its output is PETSc's expected output of those tests.

use std::process::ExitCode;

use petsc::{
    BoundaryType, DmBase, InsertMode, Ksp, NormType, Object, PcType, Petsc, Scalar, Stag,
    StagLocation::{Element, Left, Right},
    StagStencil, StagStencilType, Viewer, G,
};
use petsc_examples::{real, scalar};

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let domain_size = 1.0;

    // The grid of the solution; the options may change it.
    let dm_sol = Stag::grid(&world)
        .sizes([3])
        .dof(&[1, 1])
        .stencil(StagStencilType::Box)
        .stencil_width(1)
        .from_options(true)
        .build()?;
    dm_sol.set_uniform_coordinates_explicit_to([(0.0, domain_size)])?;
    let periodic = dm_sol.boundary_types()?[0] == BoundaryType::Periodic;

    let opts = petsc.options();
    let a = opts.get::<Scalar>("a")?.unwrap_or(scalar(1.0));
    let (b, c) = if periodic {
        (a, scalar(0.0))
    } else {
        (
            opts.get::<Scalar>("b")?.unwrap_or(scalar(2.0)),
            opts.get::<Scalar>("c")?.unwrap_or(scalar(1.0)),
        )
    };

    // The reference solution, through array views by element and slot.
    let mut sol_ref = dm_sol.create_global_vector()?;
    let dm_coord_sol = dm_sol.coordinate_stag()?;
    let corners = dm_sol.corners()?;
    let (start, n, n_extra) = (corners.start[0], corners.len[0], corners.extra[0]);
    {
        let mut sol_ref_local = dm_sol.local_vec()?;
        {
            let mut arr_sol = dm_sol.view_mut(&mut sol_ref_local)?;
            let coord_sol_local = dm_sol.coordinates_local()?;
            let arr_coord_sol = dm_coord_sol.view(&coord_sol_local)?;
            let iu = dm_sol.location_slot(Left, 0)?;
            let ip = dm_sol.location_slot(Element, 0)?;
            let ixu = dm_coord_sol.location_slot(Left, 0)?;
            let ixp = dm_coord_sol.location_slot(Element, 0)?;
            let half = c / scalar(2.0);
            for e in start..start + n + n_extra {
                let coordu = arr_coord_sol[(e, ixu)];
                arr_sol[(e, iu)] = a + (b - a - half) * coordu + half * coordu * coordu;
                if e < start + n {
                    let coordp = arr_coord_sol[(e, ixp)];
                    arr_sol[(e, ip)] = b - a - half + c * coordp;
                }
            }
        }
        dm_sol.local_to_global(&sol_ref_local, InsertMode::Insert, &mut sol_ref)?;
        dm_sol.restore_local_vec(sol_ref_local)?;
    }

    // A compatible grid for the forcing term, a field the assembly reads.
    let dm_forcing = dm_sol.new_compatible(&[1, 0])?;
    let mut f = dm_forcing.create_global_vector()?;
    f.set(c)?;

    // The right-hand side, by stencil.
    let mut mat = dm_sol.create_matrix()?;
    let mut rhs = dm_sol.create_global_vector()?;
    let at = |i, loc| StagStencil::new(i, 0, 0, loc, 0);
    let is_last_rank = dm_sol.is_last_rank()?[0];
    let is_first_rank = dm_sol.is_first_rank()?[0];
    {
        let mut f_local = dm_forcing.local_vec()?;
        dm_forcing.global_to_local(&f, InsertMode::Insert, &mut f_local)?;
        for e in start..start + n {
            let (mut pos, mut val) = (vec![at(e, Element)], vec![scalar(0.0)]); // p - u' = 0
            pos.push(at(e, Left));
            if is_first_rank && e == start {
                val.push(a); // u(0) = a
            } else {
                // p' = f in the interior, f read from the auxiliary field.
                val.push(dm_forcing.vec_get_values_stencil(&f_local, &[at(e, Left)])?[0]);
            }
            if !periodic && is_last_rank && e == start + n - 1 {
                pos.push(at(e, Right));
                val.push(b); // u(1) = b
            }
            dm_sol.vec_set_values_stencil(&mut rhs, &pos, &val, InsertMode::Insert)?;
        }
        dm_forcing.restore_local_vec(f_local)?;
    }
    rhs.assemble()?;

    // The matrix, by stencil.
    let coord_sol_local = dm_sol.coordinates_local()?;
    let spacing = |cols: &[StagStencil]| -> petsc::Result<Scalar> {
        let x = dm_coord_sol.vec_get_values_stencil(&coord_sol_local, cols)?;
        let mut h = x[0] - x[1];
        if periodic && real(h) < 0.0 {
            h += scalar(domain_size);
        }
        Ok(h)
    };
    let one = scalar(1.0);
    for e in start..start + n {
        // Velocity: a boundary condition or an interior point.
        if is_first_rank && e == start {
            dm_sol.mat_set_values_stencil(
                &mut mat,
                &[at(e, Left)],
                &[at(e, Left)],
                &[one],
                InsertMode::Insert,
            )?;
        } else {
            let cols = [at(e, Element), at(e - 1, Element), at(e, Left)];
            let h = spacing(&cols[..2])?;
            // An explicit 0 on the diagonal, for direct solvers.
            let vals = [one / h, -one / h, scalar(0.0)];
            dm_sol.mat_set_values_stencil(
                &mut mat,
                &[at(e, Left)],
                &cols,
                &vals,
                InsertMode::Insert,
            )?;
        }
        // The extra velocity point (boundary condition) on the right.
        if !periodic && is_last_rank && e == start + n - 1 {
            dm_sol.mat_set_values_stencil(
                &mut mat,
                &[at(e, Right)],
                &[at(e, Right)],
                &[one],
                InsertMode::Insert,
            )?;
        }
        // The equation of the pressure (element) unknowns.
        let cols = [at(e, Right), at(e, Left), at(e, Element)];
        let h = spacing(&cols[..2])?;
        let vals = [-one / h, one / h, one];
        dm_sol.mat_set_values_stencil(
            &mut mat,
            &[at(e, Element)],
            &cols,
            &vals,
            InsertMode::Insert,
        )?;
    }
    mat.assemble()?;

    // Solve.
    let mut sol = dm_sol.create_global_vector()?;
    let mut ksp = Ksp::new(&world)?;
    ksp.set_operators(&mat, &mat)?;
    ksp.pc()?.set_type(PcType::Jacobi)?; // simple, but not scalable
    ksp.set_from_options()?;
    // As in C, the program goes on whatever the reason (`-ksp_converged_reason` prints it).
    let _reason = ksp.solve(&rhs, &mut sol)?;

    // The components of the solution, through grids of each alone.
    {
        let dm_verts_only = dm_sol.new_compatible(&[1, 0])?;
        let dm_elements_only = dm_sol.new_compatible(&[0, 1])?;
        let mut u = dm_verts_only.global_vec()?;
        let mut p = dm_elements_only.global_vec()?;
        dm_sol.migrate_vec(&sol, &dm_verts_only, &mut u)?;
        dm_sol.migrate_vec(&sol, &dm_elements_only, &mut p)?;
        let stdout = Viewer::ascii_stdout(&world)?;
        u.set_name("Sol_u")?;
        u.view_with(&stdout)?;
        p.set_name("Sol_p")?;
        p.view_with(&stdout)?;
        dm_verts_only.restore_global_vec(u)?;
        dm_elements_only.restore_global_vec(p)?;
    }

    // The error against the reference solution.
    let mut diff = sol.duplicate()?;
    diff.copy_from(&sol)?;
    diff.axpy(-1.0, &sol_ref)?;
    let err_abs = diff.norm(NormType::Two)?;
    let norm_ref = sol_ref.norm(NormType::Two)?;
    let err_rel = err_abs / norm_ref;
    world.print(&format!(
        "Error (abs): {}\nError (rel): {}\n",
        G(err_abs),
        G(err_rel)
    ))?;
    Ok(())
}

fn main() -> ExitCode {
    petsc::main(body)
}
