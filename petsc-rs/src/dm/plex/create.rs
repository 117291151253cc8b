//! Making meshes: empty ones to build by hand or from options, boxes, Gmsh and other
//! files, cell lists; and the meshes made from a mesh: distributed, interpolated
//! (edges and faces added) or uninterpolated.

use petsc_sys as sys;

use super::Plex;
use crate::comm::Comm;
use crate::dm::base::sealed::DmRaw;
use crate::dm::checks::pbool;
use crate::dm::{BoundaryType, DmBase};
use crate::error::{Error, Result, c_string, check, int_len};
use crate::object::Object;
use crate::scalar::{Int, Real};

/// The triply periodic surface [`Plex::new_tps_mesh`] meshes (`DMPlexTPSType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[doc(alias = "DMPlexTPSType")]
pub enum TpsType {
    /// `DMPLEX_TPS_SCHWARZ_P`: Schwarz's primitive surface, `cos x + cos y + cos z = 0`,
    /// cut with boundaries marked in the label "Face Sets" (1 to 6: -x, +x, -y, +y,
    /// -z, +z); never periodic.
    SchwarzP,
    /// `DMPLEX_TPS_GYROID`: the gyroid, `sin x cos y + sin y cos z + sin z cos x = 0`.
    Gyroid,
}

impl TpsType {
    /// PETSc's name of the type (`DMPlexTPSTypes`), as `-tps_type` takes it.
    pub fn name(self) -> &'static str {
        match self {
            TpsType::SchwarzP => "schwarz_p",
            TpsType::Gyroid => "gyroid",
        }
    }

    fn raw(self) -> sys::DMPlexTPSType {
        match self {
            TpsType::SchwarzP => sys::DMPlexTPSType::DMPLEX_TPS_SCHWARZ_P,
            TpsType::Gyroid => sys::DMPlexTPSType::DMPLEX_TPS_GYROID,
        }
    }
}

impl std::fmt::Display for TpsType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Reads PETSc's name of a surface (`schwarz_p`, `gyroid`, in any case, with or
/// without `DMPLEX_TPS_`), as the options database takes it; any other name is an
/// `Err` listing the names.
///
/// ```
/// use petsc::TpsType;
/// assert_eq!("gyroid".parse::<TpsType>()?, TpsType::Gyroid);
/// assert_eq!("SCHWARZ_P".parse::<TpsType>()?, TpsType::SchwarzP);
/// assert!("schwarz_d".parse::<TpsType>().unwrap_err().to_string().contains("gyroid"));
/// # Ok::<(), petsc::Error>(())
/// ```
impl std::str::FromStr for TpsType {
    type Err = Error;

    fn from_str(s: &str) -> Result<TpsType> {
        let u = s.trim().to_ascii_uppercase();
        match u.strip_prefix("DMPLEX_TPS_").unwrap_or(&u) {
            "SCHWARZ_P" => Ok(TpsType::SchwarzP),
            "GYROID" => Ok(TpsType::Gyroid),
            _ => Err(Error::invalid(
                "TpsType::from_str",
                format!("'{s}' is not a triply periodic surface (schwarz_p, gyroid)"),
            )),
        }
    }
}

/// The arguments of a surface mesh PETSc 3.18 makes: an `Err` for what it refuses,
/// would crash on or would silently ignore.
fn check_tps(
    ctx: &str,
    tps_type: TpsType,
    extent: &[Int; 3],
    periodic: Option<&[BoundaryType; 3]>,
    refinements: Int,
    layers: Int,
    thickness: Real,
) -> Result<()> {
    if let Some((i, n)) = extent.iter().enumerate().find(|&(_, &n)| n < 1) {
        return Err(Error::invalid(
            ctx,
            format!("extent[{i}] is {n}; every direction needs at least one period"),
        ));
    }
    if refinements < 0 {
        return Err(Error::invalid(
            ctx,
            format!("refinements is {refinements}; it must not be negative"),
        ));
    }
    if layers < 0 {
        return Err(Error::invalid(
            ctx,
            format!("layers is {layers}; it must not be negative"),
        ));
    }
    if !thickness.is_finite() || thickness < 0.0 {
        return Err(Error::invalid(
            ctx,
            format!("thickness is {thickness}; it must be finite and not negative"),
        ));
    }
    if (layers > 0) != (thickness > 0.0) {
        return Err(Error::invalid(
            ctx,
            format!(
                "layers is {layers} and thickness {thickness}: an extruded mesh needs both \
                 (layers > 0, thickness > 0), a surface neither"
            ),
        ));
    }
    let periodic = periodic.copied().unwrap_or([BoundaryType::None; 3]);
    if let Some(b) = periodic
        .iter()
        .find(|&&b| b != BoundaryType::None && b != BoundaryType::Periodic)
    {
        return Err(Error::invalid(
            ctx,
            format!(
                "boundary type {b:?}: a surface mesh is periodic or not in each direction (Periodic or None)"
            ),
        ));
    }
    let n = periodic
        .iter()
        .filter(|&&b| b == BoundaryType::Periodic)
        .count();
    match (tps_type, n) {
        (_, 0) | (TpsType::Gyroid, 3) => Ok(()),
        (TpsType::SchwarzP, _) => Err(Error::invalid(
            ctx,
            "the Schwarz P surface mesh cannot be periodic",
        )),
        (TpsType::Gyroid, _) => Err(Error::invalid(
            ctx,
            "the gyroid mesh is periodic in all three directions or in none",
        )),
    }
}

/// An `Err` unless `slice` (when given) has `dim` entries.
fn check_len<T>(ctx: &str, what: &str, slice: Option<&[T]>, dim: Int) -> Result<()> {
    match slice {
        Some(s) if s.len() as Int != dim => Err(Error::size_mismatch(
            ctx,
            format!("{what} has {} entries; the dimension is {dim}", s.len()),
        )),
        _ => Ok(()),
    }
}

/// The mesh PETSc made, or its `Err`; a DM PETSc made before failing is destroyed with
/// its handle.
fn made(comm: &Comm, d: sys::DM, r: Result<()>) -> Result<Plex> {
    let plex = (!d.is_null()).then(|| Plex::from_raw(comm.petsc(), d));
    r?;
    plex.ok_or_else(|| Error::invalid("Plex", "PETSc made no mesh"))
}

/// Whether PETSc was built with the external package `name` (`PetscHasExternalPackage`).
fn has_package(name: &str) -> Result<bool> {
    let n = c_string("Plex::create_box_mesh", name)?;
    let mut b = sys::PETSC_BOOL_FALSE;
    // SAFETY: NUL-terminated name, read only.
    check(unsafe { sys::PetscHasExternalPackage(n.as_ptr(), &mut b) })?;
    Ok(b == sys::PETSC_BOOL_TRUE)
}

/// Simplex boxes in 2D and 3D are made by a mesh generator; PETSc leaks the boundary
/// mesh it made when it has none, so that is refused first.
fn check_generator(ctx: &str, dim: Int) -> Result<()> {
    let generators: &[&str] = match dim {
        2 => &["triangle"],
        3 => &["tetgen", "ctetgen"],
        _ => return Ok(()),
    };
    for g in generators {
        if has_package(g)? {
            return Ok(());
        }
    }
    Err(Error::invalid(
        ctx,
        format!(
            "simplex box meshes in {dim}D need a mesh generator ({}), and this PETSc has no grid generator: make the simplices with create_from_cell_list",
            generators.join(" or ")
        ),
    ))
}

fn check_box(
    ctx: &str,
    dim: Int,
    faces: Option<&[Int]>,
    lower: Option<&[Real]>,
    upper: Option<&[Real]>,
    boundary: Option<&[BoundaryType]>,
) -> Result<()> {
    if !(1..=3).contains(&dim) {
        return Err(Error::out_of_range(
            ctx,
            format!("dimension {dim} is not in 1..=3"),
        ));
    }
    check_len(ctx, "faces", faces, dim)?;
    check_len(ctx, "lower", lower, dim)?;
    check_len(ctx, "upper", upper, dim)?;
    check_len(ctx, "boundary", boundary, dim)?;
    if let Some((i, n)) = faces.and_then(|f| f.iter().enumerate().find(|&(_, &n)| n < 1)) {
        return Err(Error::invalid(
            ctx,
            format!("faces[{i}] is {n}; every direction needs at least one cell"),
        ));
    }
    // Each direction of n cells has n + 1 vertices and n edges, so the box has at most
    // the product of (2 n + 1) points (with simplices up to dim! times as many cells,
    // and their edges and faces): refused where that passes PetscInt, which PETSc's
    // counts would overflow.
    if let Some(f) = faces {
        let tensor = f
            .iter()
            .fold(1u128, |p, &n| p.saturating_mul(2 * n as u128 + 1));
        let points = tensor.saturating_mul((1..=dim as u128).product::<u128>());
        if points > Int::MAX as u128 {
            return Err(Error::out_of_range(
                ctx,
                format!(
                    "{f:?} cells would make up to {points} mesh points, more than PetscInt \
                     ({} bits) holds",
                    8 * std::mem::size_of::<Int>()
                ),
            ));
        }
    }
    for d in 0..dim as usize {
        let lo = lower.map_or(0.0, |l| l[d]);
        let hi = upper.map_or(1.0, |u| u[d]);
        if !(lo.is_finite() && hi.is_finite() && lo < hi) {
            return Err(Error::invalid(
                ctx,
                format!(
                    "the box runs from {lo} to {hi} in direction {d}; it needs finite lower < upper"
                ),
            ));
        }
    }
    Ok(())
}

impl Plex {
    /// An empty plex on `comm` (`DMCreate` + `DMSetType(DMPLEX)`): to build by hand
    /// ([`set_chart`](Self::set_chart), [`set_cone_size`](Self::set_cone_size), ...) or
    /// from options ([`set_from_options`](Self::set_from_options)).
    #[doc(alias = "DMCreate")]
    pub fn new(comm: &Comm) -> Result<Plex> {
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new DM.
        check(unsafe { sys::DMCreate(comm.as_raw(), &mut d) })?;
        let plex = Plex::from_raw(comm.petsc(), d);
        // SAFETY: live DM without a type; a registered type name.
        check(unsafe { sys::DMSetType(plex.ptr, sys::DMPLEX.as_ptr().cast()) })?;
        Ok(plex)
    }

    /// Reads the DM's options (`DMSetFromOptions`; collective), with its prefix. On an
    /// empty plex this makes the mesh the options describe (a box by default:
    /// `-dm_plex_dim`, `-dm_plex_simplex`, `-dm_plex_box_faces 4,4`,
    /// `-dm_plex_box_lower`, `-dm_plex_box_upper`, `-dm_plex_filename`, ...); on any
    /// plex it applies `-dm_refine`, `-dm_distribute`, `-dm_view` and the like.
    ///
    /// ```
    /// use petsc::{DmBase, Object, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut mesh = Plex::new(&petsc.self_comm())?;
    /// mesh.set_options_prefix("doc_")?;
    /// petsc.options().insert_string("-doc_dm_plex_simplex 0 -doc_dm_plex_box_faces 3,2")?;
    /// mesh.set_from_options()?;
    /// assert_eq!(mesh.height_stratum(0)?.count(), 6);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMSetFromOptions")]
    pub fn set_from_options(&mut self) -> Result<()> {
        const CTX: &str = "Plex::set_from_options";
        // The options may distribute or refine the mesh, carrying its labels along.
        let local = self
            .check_labels_in_chart(CTX)
            .and_then(|()| self.check_options_partitioner(CTX));
        self.comm().agree(CTX, local)?;
        // SAFETY: live plex whose labels mark points of its chart.
        crate::error::check_from_options(unsafe { sys::DMSetFromOptions(self.ptr) })
    }

    /// A mesh of the box `lower..upper` in `dim` dimensions (`DMPlexCreateBoxMesh`;
    /// collective, the mesh is made on the first rank: [`distribute`](Self::distribute)
    /// it), cut into `faces[d]` cells in direction `d`: quadrilaterals or hexahedra, or
    /// with `simplex` triangles or tetrahedra made by a mesh generator (PETSc built
    /// with Triangle or TetGen; without one PETSc's `Err` says that no grid generator is
    /// registered: build simplices from a cell list then, see
    /// [`from_cell_list`](Self::from_cell_list)). `None` takes PETSc's
    /// defaults: faces 1 (1D), 2 x 2 or 1 x 1 x 1, the
    /// unit box, no periodicity. `boundary` makes directions periodic
    /// ([`BoundaryType::Periodic`], tensor cells only). With `interpolate` the mesh has
    /// edges (and faces), else cells and vertices only.
    ///
    /// Every slice given must have `dim` entries, faces at least 1 and `lower < upper`,
    /// else an `Err` on every rank.
    ///
    /// ```
    /// use petsc::{DmBase, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let comm = petsc.self_comm();
    /// let quads = Plex::create_box_mesh(&comm, 2, false, Some(&[4, 2]), None, Some(&[2.0, 1.0]), None, true)?;
    /// assert_eq!(quads.height_stratum(0)?.count(), 8);
    /// assert_eq!(quads.depth_stratum(0)?.count(), 15); // 5 x 3 vertices
    /// let e = Plex::create_box_mesh(&comm, 2, false, Some(&[2, 2, 2]), None, None, None, true);
    /// assert!(e.unwrap_err().to_string().contains("faces has 3 entries"));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexCreateBoxMesh")]
    #[allow(clippy::too_many_arguments)]
    pub fn create_box_mesh(
        comm: &Comm,
        dim: Int,
        simplex: bool,
        faces: Option<&[Int]>,
        lower: Option<&[Real]>,
        upper: Option<&[Real]>,
        boundary: Option<&[BoundaryType]>,
        interpolate: bool,
    ) -> Result<Plex> {
        const CTX: &str = "Plex::create_box_mesh";
        let checked = check_box(CTX, dim, faces, lower, upper, boundary).and_then(|()| {
            if !simplex {
                return Ok(());
            }
            if boundary.is_some_and(|b| b.iter().any(|&t| t != BoundaryType::None)) {
                return Err(Error::invalid(
                    CTX,
                    "periodic and other boundary types need tensor cells (simplex = false)",
                ));
            }
            check_generator(CTX, dim)
        });
        comm.agree(CTX, checked)?;
        let bd: Option<Vec<sys::DMBoundaryType>> =
            boundary.map(|b| b.iter().map(|t| t.raw()).collect());
        fn ptr<T>(s: Option<&[T]>) -> *const T {
            s.map_or(std::ptr::null(), |s| s.as_ptr())
        }
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live communicator; every array given holds `dim` entries (checked),
        // read only; PETSc writes the new DM.
        let r = check(unsafe {
            sys::DMPlexCreateBoxMesh(
                comm.as_raw(),
                dim,
                pbool(simplex),
                ptr(faces),
                ptr(lower),
                ptr(upper),
                ptr(bd.as_deref()),
                pbool(interpolate),
                // PETSc 3.22 added coordinate localization arguments (periodic meshes
                // only): localize cells only, near the periodic boundary only, as the
                // options database does by default.
                #[cfg(petsc_3_22)]
                0,
                #[cfg(petsc_3_22)]
                sys::PETSC_BOOL_TRUE,
                &mut d,
            )
        });
        made(comm, d, r)
    }

    /// The surface of the box `lower..upper` in `dim` dimensions, a mesh of dimension
    /// `dim - 1` (`DMPlexCreateBoxSurfaceMesh`; collective, made on the first rank):
    /// `faces[d]` segments or quadrilaterals along direction `d`. The slices given must
    /// have `dim` entries, `dim` is 2 or 3.
    ///
    /// ```
    /// use petsc::{DmBase, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let s = Plex::create_box_surface_mesh(&petsc.self_comm(), 3, Some(&[2, 2, 2]), None, None, true)?;
    /// assert_eq!(s.dimension()?, 2);
    /// assert_eq!(s.height_stratum(0)?.count(), 24); // 6 sides of 2 x 2
    /// let on_surface = s.depth_stratum(0)?.filter(|&v| s.support_size(v).unwrap() > 0).count();
    /// assert_eq!(on_surface, 26); // 3^3 - 1 (PETSc 3.18 also keeps the unused middle one)
    /// assert_eq!(s.depth_stratum(1)?.count(), 48); // V - E + F = 2
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexCreateBoxSurfaceMesh")]
    pub fn create_box_surface_mesh(
        comm: &Comm,
        dim: Int,
        faces: Option<&[Int]>,
        lower: Option<&[Real]>,
        upper: Option<&[Real]>,
        interpolate: bool,
    ) -> Result<Plex> {
        const CTX: &str = "Plex::create_box_surface_mesh";
        let checked = if (2..=3).contains(&dim) {
            check_box(CTX, dim, faces, lower, upper, None)
        } else {
            Err(Error::out_of_range(
                CTX,
                format!("dimension {dim} is not in 2..=3"),
            ))
        };
        comm.agree(CTX, checked)?;
        fn ptr<T>(s: Option<&[T]>) -> *const T {
            s.map_or(std::ptr::null(), |s| s.as_ptr())
        }
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live communicator; every array given holds `dim` entries (checked),
        // read only; PETSc writes the new DM.
        let r = check(unsafe {
            sys::DMPlexCreateBoxSurfaceMesh(
                comm.as_raw(),
                dim,
                ptr(faces),
                ptr(lower),
                ptr(upper),
                pbool(interpolate),
                &mut d,
            )
        });
        made(comm, d, r)
    }

    /// A mesh of a triply periodic surface (`DMPlexCreateTPSMesh`; collective): the
    /// [`TpsType`] surface over `extent[d]` periods in direction `d`, quadrilaterals
    /// on the surface, made on the first rank; `periodic` makes the gyroid periodic (in all three directions, or
    /// `None` for none). With `distribute` the coarse mesh is spread over the ranks
    /// (PETSc's partitioner, from its options) before it is refined `refinements` times
    /// (each new vertex moved onto the surface). With `layers > 0` the surface is
    /// extruded along its normal into `layers` layers of hexahedra, `thickness` thick
    /// in all.
    ///
    /// An extent below 1, a negative `refinements` or `layers`, a `thickness` that is
    /// negative, not finite, or given without layers (or layers without it), a periodic
    /// Schwarz P surface, or a gyroid periodic in some directions only (PETSc 3.18
    /// crashes on it) is an `Err` on every rank.
    ///
    /// ```
    /// use petsc::{DmBase, Plex, TpsType};
    /// let petsc = petsc::Petsc::init()?;
    /// let comm = petsc.self_comm();
    /// let p = Plex::new_tps_mesh(&comm, TpsType::SchwarzP, [1, 2, 3], None, true, 0, 0, 0.0)?;
    /// assert_eq!(p.dimension()?, 2);
    /// assert_eq!(p.height_stratum(0)?.count(), 144);
    /// let shell = Plex::new_tps_mesh(&comm, TpsType::SchwarzP, [1, 1, 1], None, true, 0, 2, 0.1)?;
    /// assert_eq!(shell.dimension()?, 3);
    /// let e = Plex::new_tps_mesh(&comm, TpsType::Gyroid, [0, 1, 1], None, true, 0, 0, 0.0);
    /// assert!(e.unwrap_err().to_string().contains("extent[0] is 0"));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexCreateTPSMesh")]
    #[allow(clippy::too_many_arguments)]
    pub fn new_tps_mesh(
        comm: &Comm,
        tps_type: TpsType,
        extent: [Int; 3],
        periodic: Option<[BoundaryType; 3]>,
        distribute: bool,
        refinements: Int,
        layers: Int,
        thickness: Real,
    ) -> Result<Plex> {
        const CTX: &str = "Plex::new_tps_mesh";
        let checked = check_tps(
            CTX,
            tps_type,
            &extent,
            periodic.as_ref(),
            refinements,
            layers,
            thickness,
        );
        comm.agree(CTX, checked)?;
        let bd = periodic.map(|p| p.map(BoundaryType::raw));
        let bd_ptr = bd.as_ref().map_or(std::ptr::null(), |b| b.as_ptr());
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live communicator; `extent` and `periodic` (or null) hold three
        // entries each, read only, and the arguments are ones PETSc handles (checked);
        // PETSc writes the new DM.
        let r = check(unsafe {
            sys::DMPlexCreateTPSMesh(
                comm.as_raw(),
                tps_type.raw(),
                extent.as_ptr(),
                bd_ptr,
                pbool(distribute),
                refinements,
                layers,
                thickness,
                &mut d,
            )
        });
        made(comm, d, r)
    }

    /// A mesh read from the file `path` (`DMPlexCreateFromFile`; collective): Gmsh
    /// (`.msh`), ExodusII, CGNS, Fluent, PLY, PETSc's HDF5, ... by the extension, as
    /// far as PETSc was built with the library each needs. `plex_name` names the mesh
    /// inside the file where the format has several (`""` for the default). With
    /// `interpolate` the mesh gets edges (and faces).
    ///
    /// A missing file is an `Err` naming the path, on every rank, before PETSc is
    /// called. A Gmsh file (`.msh`, `.msh2`, `.msh4`) is checked first, as PETSc trusts
    /// it: an ASCII file whose elements name nodes it does not define, with element
    /// types PETSc does not read, or cut short is refused with what is wrong and where.
    /// On more than one rank the first rank reads a Gmsh file alone before the
    /// collective read (PETSc reads it there and broadcasts it), so a file PETSc cannot
    /// read is an `Err` on every rank, not a failure on one while the others wait.
    ///
    /// ```
    /// use petsc::Plex;
    /// let petsc = petsc::Petsc::init()?;
    /// let e = Plex::from_file(&petsc.world(), "/no/such/mesh.msh", "", true);
    /// assert!(e.unwrap_err().to_string().contains("/no/such/mesh.msh"));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexCreateFromFile")]
    pub fn from_file(comm: &Comm, path: &str, plex_name: &str, interpolate: bool) -> Result<Plex> {
        const CTX: &str = "Plex::from_file";
        let names = (|| {
            let p = c_string(CTX, path)?;
            let n = c_string(CTX, plex_name)?;
            if !std::path::Path::new(path).is_file() {
                return Err(Error::invalid(
                    CTX,
                    format!("there is no mesh file '{path}'"),
                ));
            }
            Ok((p, n))
        })();
        let (p, n) = comm.agree(CTX, names)?;
        let gmsh = std::path::Path::new(path)
            .extension()
            .is_some_and(|e| e == "msh" || e == "msh2" || e == "msh4");
        if gmsh {
            super::gmsh::before_read(comm, CTX, path, |me| {
                Plex::from_file(me, path, plex_name, interpolate).map(drop)
            })?;
        }
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live communicator, NUL-terminated strings PETSc only reads; PETSc
        // writes the new DM.
        let r = check(unsafe {
            sys::DMPlexCreateFromFile(
                comm.as_raw(),
                p.as_ptr(),
                n.as_ptr(),
                pbool(interpolate),
                &mut d,
            )
        });
        made(comm, d, r)
    }

    /// A mesh of `dim`-dimensional cells given by their vertices
    /// (`DMPlexCreateFromCellListPetsc`; collective): `cells` holds `num_corners` vertex
    /// numbers per cell, `coords` holds `space_dim` coordinates per vertex. As in C, the
    /// first rank gives the whole mesh and the others give empty slices; then
    /// [`distribute`](Self::distribute) it. The vertices of a cell are listed in PETSc's
    /// order (counter-clockwise for triangles and quadrilaterals).
    ///
    /// A `cells` length that is not a multiple of `num_corners`, a `coords` length that
    /// is not a multiple of `space_dim`, or a vertex number outside `0..coords.len() /
    /// space_dim` is an `Err` on every rank.
    ///
    /// ```
    /// use petsc::{DmBase, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// // Two triangles sharing the edge 1-2 of the unit square.
    /// let cells = [0, 1, 2, 1, 3, 2];
    /// let coords = [0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0];
    /// let mesh = Plex::from_cell_list(&petsc.self_comm(), 2, 3, &cells, 2, &coords, true)?;
    /// assert_eq!(mesh.depth_stratum(1)?.count(), 5); // edges
    /// let e = Plex::from_cell_list(&petsc.self_comm(), 2, 3, &[0, 1, 4], 2, &coords, true);
    /// assert!(e.unwrap_err().to_string().contains("vertex 4"));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexCreateFromCellListPetsc")]
    pub fn from_cell_list(
        comm: &Comm,
        dim: Int,
        num_corners: Int,
        cells: &[Int],
        space_dim: Int,
        coords: &[Real],
        interpolate: bool,
    ) -> Result<Plex> {
        const CTX: &str = "Plex::from_cell_list";
        let counts = (|| {
            if !(1..=3).contains(&dim) {
                return Err(Error::out_of_range(
                    CTX,
                    format!("dimension {dim} is not in 1..=3"),
                ));
            }
            if !(dim..=3).contains(&space_dim) {
                return Err(Error::out_of_range(
                    CTX,
                    format!("space dimension {space_dim} is not in {dim}..=3"),
                ));
            }
            if num_corners < 1 {
                return Err(Error::invalid(
                    CTX,
                    format!("num_corners is {num_corners}; a cell needs at least one vertex"),
                ));
            }
            let n = int_len(CTX, "cell entries", cells.len())?;
            if n % num_corners != 0 {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "cells has {n} entries, not num_cells * num_corners for num_corners = {num_corners}"
                    ),
                ));
            }
            let m = int_len(CTX, "coordinates", coords.len())?;
            if m % space_dim != 0 {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "coords has {m} entries, not a multiple of the space dimension {space_dim}"
                    ),
                ));
            }
            let nv = m / space_dim;
            if let Some((i, v)) = cells
                .iter()
                .enumerate()
                .find(|(_, v)| !(0..nv).contains(*v))
            {
                return Err(Error::out_of_range(
                    CTX,
                    format!(
                        "vertex {v} of cell {} (entry {i}) is not in 0..{nv} (the vertices coords gives)",
                        i as Int / num_corners
                    ),
                ));
            }
            if let Some(x) = coords.iter().find(|x| !x.is_finite()) {
                return Err(Error::invalid(CTX, format!("coordinate {x} is not finite")));
            }
            Ok((n / num_corners, nv))
        })();
        let (num_cells, num_vertices) = comm.agree(CTX, counts)?;
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live communicator; `cells` holds num_cells * num_corners vertex numbers
        // in 0..num_vertices and `coords` num_vertices * space_dim reals (checked), read
        // only; PETSc writes the new DM.
        let r = check(unsafe {
            sys::DMPlexCreateFromCellListPetsc(
                comm.as_raw(),
                dim,
                num_cells,
                num_vertices,
                num_corners,
                pbool(interpolate),
                cells.as_ptr(),
                space_dim,
                coords.as_ptr(),
                &mut d,
            )
        });
        made(comm, d, r)
    }

    /// Whether this rank's part of the mesh has every intermediate point (edges, and
    /// faces in 3D) (`DMPlexIsInterpolated` is `DMPLEX_INTERPOLATED_FULL`).
    #[doc(alias = "DMPlexIsInterpolated")]
    pub fn is_interpolated(&self) -> Result<bool> {
        let mut f = sys::DMPlexInterpolatedFlag::DMPLEX_INTERPOLATED_INVALID;
        // SAFETY: live plex.
        check(unsafe { sys::DMPlexIsInterpolated(self.ptr, &mut f) })?;
        Ok(f == sys::DMPlexInterpolatedFlag::DMPLEX_INTERPOLATED_FULL)
    }

    /// The mesh with its edges (and faces) added (`DMPlexInterpolate`; collective). A
    /// mesh that has them already comes back as a new handle to the same mesh.
    ///
    /// ```
    /// use petsc::{DmBase, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let bare = Plex::create_box_mesh(&petsc.self_comm(), 2, false, Some(&[2, 1]), None, None, None, false)?;
    /// assert_eq!(bare.depth()?, 1);
    /// let full = bare.interpolate()?;
    /// assert_eq!((full.depth()?, full.depth_stratum(1)?.count()), (2, 7));
    /// assert_eq!(full.uninterpolate()?.depth()?, 1);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexInterpolate")]
    pub fn interpolate(&self) -> Result<Plex> {
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live plex; PETSc writes a new DM (or a new reference to this one).
        check(unsafe { sys::DMPlexInterpolate(self.ptr, &mut d) })?;
        Plex::wrap_dm(self.petsc(), d, "Plex::interpolate")
    }

    /// The mesh with cells and vertices only (`DMPlexUninterpolate`; collective).
    #[doc(alias = "DMPlexUninterpolate")]
    pub fn uninterpolate(&self) -> Result<Plex> {
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live plex; PETSc writes a new DM (or a new reference to this one).
        check(unsafe { sys::DMPlexUninterpolate(self.ptr, &mut d) })?;
        Plex::wrap_dm(self.petsc(), d, "Plex::uninterpolate")
    }

    /// A mesh of the region `boundary` encloses, made by a mesh generator
    /// (`DMPlexGenerate`; collective): triangles inside a closed polygon (a mesh of
    /// segments in 2D), tetrahedra inside a closed surface (triangles in 3D).
    /// `generator` names the generator (`"triangle"`, `"tetgen"`, `"ctetgen"`), else
    /// PETSc takes the first it has for that dimension; the options `-dm_generator` and
    /// `-dm_plex_generate` (under the boundary's prefix) override both.
    /// [`set_triangle_options`](Self::set_triangle_options) and
    /// [`set_tetgen_options`](Self::set_tetgen_options) on `boundary` pass switches to
    /// the generator.
    ///
    /// A boundary of dimension other than 1 or 2, or whose coordinates do not have one
    /// more entry than its dimension, is an `Err`; so is a name other than these three
    /// (PETSc's adaptors, `"mmg"`, `"cellrefiner"`, ..., generate nothing), a generator
    /// of the other dimension (Triangle takes segments, TetGen triangles), and a
    /// generator this PETSc was not built with (Debian's PETSc 3.18 has none: the `Err`
    /// names the dimension).
    ///
    /// ```
    /// use petsc::{DmBase, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // The edges of the unit square, 2 x 2 segments per side.
    /// let square = Plex::create_box_surface_mesh(&c, 2, Some(&[2, 2]), None, None, true)?;
    /// match Plex::generate(&square, None, true) {
    ///     Ok(mesh) => {
    ///         assert_eq!(mesh.dimension()?, 2);
    ///         assert!(mesh.height_stratum(0)?.count() >= 8);
    ///     }
    ///     Err(e) => {
    ///         assert!(!petsc.has_external_package("triangle")?);
    ///         assert!(e.to_string().contains("No grid generator of dimension 2"), "{e}");
    ///     }
    /// }
    /// let e = Plex::generate(&square, Some("mmg"), true).unwrap_err(); // an adaptor
    /// assert!(e.to_string().contains("\"mmg\" is not a mesh generator"), "{e}");
    /// // A 2D mesh is no boundary in 2D.
    /// let filled = Plex::create_box_mesh(&c, 2, false, None, None, None, None, true)?;
    /// let e = Plex::generate(&filled, None, true).unwrap_err();
    /// assert!(e.to_string().contains("2 coordinates"), "{e}");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexGenerate")]
    pub fn generate(boundary: &Plex, generator: Option<&str>, interpolate: bool) -> Result<Plex> {
        const CTX: &str = "Plex::generate";
        let local = (|| {
            let dim = boundary.dimension()?;
            let cdim = boundary.coordinate_dim()?;
            if !(1..=2).contains(&dim) || cdim != dim + 1 {
                return Err(Error::invalid(
                    CTX,
                    format!(
                        "the boundary has dimension {dim} and {cdim} coordinates; a boundary is a mesh of dimension 1 in 2D or 2 in 3D"
                    ),
                ));
            }
            // What PETSc will use: the options first, then `generator`. Only these
            // three generate; the other names PETSc registers (the adaptors "mmg",
            // "cellrefiner", "forest", ...) have no generation function, and PETSc 3.18
            // to 3.26 call it anyway.
            let prefix = boundary.options_prefix()?;
            let options = match prefix.is_empty() {
                true => boundary.petsc().options(),
                false => boundary.petsc().options_with_prefix(&prefix),
            };
            let option = match options.get::<String>("-dm_generator")? {
                Some(g) => Some(("-dm_generator", g)),
                None => options
                    .get::<String>("-dm_plex_generate")?
                    .map(|g| ("-dm_plex_generate", g)),
            };
            let chosen = match (&option, generator) {
                (Some((opt, g)), _) => Some((format!("{g:?} (option {prefix}{opt})"), g.as_str())),
                (None, Some(g)) => Some((format!("{g:?}"), g)),
                (None, None) => None,
            };
            if let Some((what, g)) = chosen {
                // The boundary dimension each generator reads (PETSc does not check it).
                let takes = match g {
                    "triangle" => 1,
                    "tetgen" | "ctetgen" => 2,
                    _ => {
                        return Err(Error::invalid(
                            CTX,
                            format!(
                                "the generator {what} is not a mesh generator: give \"triangle\", \"tetgen\" or \"ctetgen\" (or None)"
                            ),
                        ));
                    }
                };
                if takes != dim {
                    return Err(Error::invalid(
                        CTX,
                        format!(
                            "the generator {what} meshes inside boundaries of dimension {takes}, and this boundary has dimension {dim}"
                        ),
                    ));
                }
            }
            generator.map(|g| c_string(CTX, g)).transpose()
        })();
        let name = boundary.comm().agree(CTX, local)?;
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live plex of dimension 1 or 2 with one coordinate more (checked); a
        // NUL-terminated name or null, read only; PETSc writes the new DM.
        let r = check(unsafe {
            sys::DMPlexGenerate(
                boundary.ptr,
                name.as_ref().map_or(std::ptr::null(), |n| n.as_ptr()),
                pbool(interpolate),
                &mut d,
            )
        });
        made(&boundary.comm(), d, r)
    }

    crate::methods![for Plex;
        /// Sets the switches [`generate`](Self::generate) passes to Triangle when this mesh
        /// is the boundary (`DMPlexTriangleSetOptions`; `"pqezQYSA"` by default: see
        /// Triangle's documentation); a string with a NUL byte is an `Err`.
        ///
        /// ```
        /// use petsc::Plex;
        /// let petsc = petsc::Petsc::init()?;
        /// let mut square = Plex::create_box_surface_mesh(&petsc.self_comm(), 2, None, None, None, true)?;
        /// square.set_triangle_options("pqezQYSAa0.01")?;
        /// assert!(square.set_triangle_options("p\0q").is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_triangle_options(&mut self, switches: &str)
            = DMPlexTriangleSetOptions as "DMPlexTriangleSetOptions";

        /// Sets the switches [`generate`](Self::generate) passes to TetGen when this mesh is
        /// the boundary (`DMPlexTetgenSetOptions`; `"pqezQ"` by default: see TetGen's
        /// documentation); a string with a NUL byte is an `Err`.
        ///
        /// ```
        /// use petsc::Plex;
        /// let petsc = petsc::Petsc::init()?;
        /// let mut cube = Plex::create_box_surface_mesh(&petsc.self_comm(), 3, None, None, None, true)?;
        /// cube.set_tetgen_options("pqezQa0.1")?;
        /// assert!(cube.set_tetgen_options("p\0q").is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_tetgen_options(&mut self, switches: &str)
            = DMPlexTetgenSetOptions as "DMPlexTetgenSetOptions";
    ];
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl Plex {
    /// The former name of [`new`](Self::new).
    #[deprecated(
        since = "0.2.0",
        note = "use `Plex::new` (constructors are `new`/`new_*`)"
    )]
    pub fn create(comm: &Comm) -> Result<Plex> {
        Self::new(comm)
    }

    /// The former name of [`new_tps_mesh`](Self::new_tps_mesh).
    #[deprecated(
        since = "0.2.0",
        note = "use `Plex::new_tps_mesh` (constructors are `new`/`new_*`)"
    )]
    #[allow(clippy::too_many_arguments)]
    pub fn create_tps_mesh(
        comm: &Comm,
        tps_type: TpsType,
        extent: [Int; 3],
        periodic: Option<[BoundaryType; 3]>,
        distribute: bool,
        refinements: Int,
        layers: Int,
        thickness: Real,
    ) -> Result<Plex> {
        Self::new_tps_mesh(
            comm,
            tps_type,
            extent,
            periodic,
            distribute,
            refinements,
            layers,
            thickness,
        )
    }

    /// The former name of [`from_file`](Self::from_file).
    #[deprecated(
        since = "0.2.0",
        note = "use `Plex::from_file` (constructors from a source are `from_*`)"
    )]
    pub fn create_from_file(
        comm: &Comm,
        path: &str,
        plex_name: &str,
        interpolate: bool,
    ) -> Result<Plex> {
        Self::from_file(comm, path, plex_name, interpolate)
    }

    /// The former name of [`from_cell_list`](Self::from_cell_list).
    #[deprecated(
        since = "0.2.0",
        note = "use `Plex::from_cell_list` (constructors from a source are `from_*`)"
    )]
    pub fn create_from_cell_list(
        comm: &Comm,
        dim: Int,
        num_corners: Int,
        cells: &[Int],
        space_dim: Int,
        coords: &[Real],
        interpolate: bool,
    ) -> Result<Plex> {
        Self::from_cell_list(
            comm,
            dim,
            num_corners,
            cells,
            space_dim,
            coords,
            interpolate,
        )
    }
}

// `Object`'s `set_from_options` on this handle are the class's own (see `object/hooks.rs`).
impl crate::ffi::ClassHooks<Plex> for crate::ffi::ClassOf<Plex> {
    fn set_from_options(&self, obj: &mut Plex) -> crate::Result<()> {
        obj.set_from_options()
    }
}
