//! The geometry of cells: their shapes ([`CellType`]), volumes, centroids and normals
//! for finite volumes, the affine map from the reference cell for finite elements, the
//! smallest cell radius, and shearing the coordinates.

use petsc_sys as sys;

use super::Plex;
use crate::dm::DmBase;
use crate::error::{Error, Result, check};
use crate::object::Object;
use crate::scalar::{Int, Real};
use crate::vec::Vector;

/// The shape of a mesh point (`DMPolytopeType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[doc(alias = "DMPolytopeType")]
pub enum CellType {
    /// `DM_POLYTOPE_POINT`: a vertex.
    Point,
    /// `DM_POLYTOPE_SEGMENT`: an edge.
    Segment,
    /// `DM_POLYTOPE_POINT_PRISM_TENSOR`: a tensor-product segment (cohesive cells).
    PointPrismTensor,
    /// `DM_POLYTOPE_TRIANGLE`.
    Triangle,
    /// `DM_POLYTOPE_QUADRILATERAL`.
    Quadrilateral,
    /// `DM_POLYTOPE_SEG_PRISM_TENSOR`: a tensor-product quadrilateral.
    SegPrismTensor,
    /// `DM_POLYTOPE_TETRAHEDRON`.
    Tetrahedron,
    /// `DM_POLYTOPE_HEXAHEDRON`.
    Hexahedron,
    /// `DM_POLYTOPE_TRI_PRISM`: a wedge.
    TriPrism,
    /// `DM_POLYTOPE_TRI_PRISM_TENSOR`: a tensor-product wedge.
    TriPrismTensor,
    /// `DM_POLYTOPE_QUAD_PRISM_TENSOR`: a tensor-product hexahedron.
    QuadPrismTensor,
    /// `DM_POLYTOPE_PYRAMID`.
    Pyramid,
    /// `DM_POLYTOPE_FV_GHOST`: a ghost cell of a finite-volume boundary.
    FvGhost,
    /// `DM_POLYTOPE_INTERIOR_GHOST`: a ghost cell inside the mesh.
    InteriorGhost,
    /// `DM_POLYTOPE_UNKNOWN` or a shape this crate does not name.
    Unknown,
}

impl CellType {
    fn from_raw(t: sys::DMPolytopeType) -> CellType {
        use sys::DMPolytopeType as T;
        match t {
            T::DM_POLYTOPE_POINT => CellType::Point,
            T::DM_POLYTOPE_SEGMENT => CellType::Segment,
            T::DM_POLYTOPE_POINT_PRISM_TENSOR => CellType::PointPrismTensor,
            T::DM_POLYTOPE_TRIANGLE => CellType::Triangle,
            T::DM_POLYTOPE_QUADRILATERAL => CellType::Quadrilateral,
            T::DM_POLYTOPE_SEG_PRISM_TENSOR => CellType::SegPrismTensor,
            T::DM_POLYTOPE_TETRAHEDRON => CellType::Tetrahedron,
            T::DM_POLYTOPE_HEXAHEDRON => CellType::Hexahedron,
            T::DM_POLYTOPE_TRI_PRISM => CellType::TriPrism,
            T::DM_POLYTOPE_TRI_PRISM_TENSOR => CellType::TriPrismTensor,
            T::DM_POLYTOPE_QUAD_PRISM_TENSOR => CellType::QuadPrismTensor,
            T::DM_POLYTOPE_PYRAMID => CellType::Pyramid,
            T::DM_POLYTOPE_FV_GHOST => CellType::FvGhost,
            T::DM_POLYTOPE_INTERIOR_GHOST => CellType::InteriorGhost,
            _ => CellType::Unknown,
        }
    }

    /// PETSc's name of the shape (`DMPolytopeTypes`): `"vertex"`, `"segment"`,
    /// `"triangle"`, `"quadrilateral"`, `"tetrahedron"`, `"hexahedron"`, ...
    pub fn name(self) -> &'static str {
        match self {
            CellType::Point => "vertex",
            CellType::Segment => "segment",
            CellType::PointPrismTensor => "tensor_segment",
            CellType::Triangle => "triangle",
            CellType::Quadrilateral => "quadrilateral",
            CellType::SegPrismTensor => "tensor_quad",
            CellType::Tetrahedron => "tetrahedron",
            CellType::Hexahedron => "hexahedron",
            CellType::TriPrism => "triangular_prism",
            CellType::TriPrismTensor => "tensor_triangular_prism",
            CellType::QuadPrismTensor => "tensor_quadrilateral_prism",
            CellType::Pyramid => "pyramid",
            CellType::FvGhost => "FV_ghost_cell",
            CellType::InteriorGhost => "interior_ghost_cell",
            CellType::Unknown => "unknown",
        }
    }

    /// The dimension of the shape, `None` for ghost and unknown cells.
    pub fn dim(self) -> Option<Int> {
        match self {
            CellType::Point => Some(0),
            CellType::Segment | CellType::PointPrismTensor => Some(1),
            CellType::Triangle | CellType::Quadrilateral | CellType::SegPrismTensor => Some(2),
            CellType::Tetrahedron
            | CellType::Hexahedron
            | CellType::TriPrism
            | CellType::TriPrismTensor
            | CellType::QuadPrismTensor
            | CellType::Pyramid => Some(3),
            CellType::FvGhost | CellType::InteriorGhost | CellType::Unknown => None,
        }
    }

    /// Whether the shape is a simplex (vertex, segment, triangle, tetrahedron: `dim + 1`
    /// vertices), the cells of `P_k` elements; quadrilaterals and hexahedra carry `Q_k`.
    ///
    /// ```
    /// use petsc::CellType;
    /// assert!(CellType::Triangle.is_simplex() && CellType::Tetrahedron.is_simplex());
    /// assert!(!CellType::Quadrilateral.is_simplex() && !CellType::TriPrism.is_simplex());
    /// ```
    pub fn is_simplex(self) -> bool {
        matches!(
            self,
            CellType::Point | CellType::Segment | CellType::Triangle | CellType::Tetrahedron
        )
    }

    /// The number of vertices of the shape, `None` for ghost and unknown cells.
    pub fn num_vertices(self) -> Option<Int> {
        match self {
            CellType::Point => Some(1),
            CellType::Segment | CellType::PointPrismTensor => Some(2),
            CellType::Triangle => Some(3),
            CellType::Quadrilateral | CellType::SegPrismTensor | CellType::Tetrahedron => Some(4),
            CellType::Pyramid => Some(5),
            CellType::TriPrism | CellType::TriPrismTensor => Some(6),
            CellType::Hexahedron | CellType::QuadPrismTensor => Some(8),
            CellType::FvGhost | CellType::InteriorGhost | CellType::Unknown => None,
        }
    }
}

impl std::fmt::Display for CellType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A coordinate direction (`DMDirection`), as [`Plex::shear_geometry`] takes it.
///
/// ```
/// use petsc::Direction;
/// assert_eq!([Direction::X, Direction::Y, Direction::Z].map(Direction::index), [0, 1, 2]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[doc(alias = "DMDirection")]
pub enum Direction {
    /// `DM_X`: the first coordinate.
    X,
    /// `DM_Y`: the second coordinate.
    Y,
    /// `DM_Z`: the third coordinate.
    Z,
}

impl Direction {
    /// The coordinate's index: 0, 1 or 2.
    pub fn index(self) -> usize {
        match self {
            Direction::X => 0,
            Direction::Y => 1,
            Direction::Z => 2,
        }
    }

    fn raw(self) -> sys::DMDirection {
        match self {
            Direction::X => sys::DMDirection::DM_X,
            Direction::Y => sys::DMDirection::DM_Y,
            Direction::Z => sys::DMDirection::DM_Z,
        }
    }
}

/// The finite-volume geometry of a cell or face
/// ([`Plex::compute_cell_geometry_fvm`]); the vectors have one entry per coordinate.
#[derive(Debug, Clone, PartialEq)]
pub struct CellGeometry {
    /// The volume (area in 2D, length of an edge; the area of a face).
    pub volume: Real,
    /// The centroid.
    pub centroid: Vec<Real>,
    /// For a face, its unit normal (which way it points follows the face's
    /// orientation).
    pub normal: Vec<Real>,
}

/// The affine map `x = v0 + J (xi - xi0)` from PETSc's reference cell (the `[-1, 1]`
/// box or simplex) to a cell ([`Plex::compute_cell_geometry_affine_fem`]).
#[derive(Debug, Clone, PartialEq)]
pub struct AffineGeometry {
    /// The image of the reference cell's first vertex, one entry per coordinate.
    pub v0: Vec<Real>,
    /// The Jacobian, row-major, coordinate dimension squared entries.
    pub j: Vec<Real>,
    /// Its inverse, row-major.
    pub inv_j: Vec<Real>,
    /// Its determinant: the cell's volume over the reference cell's (4 for the
    /// reference square, 2 for the reference triangle).
    pub det_j: Real,
}

impl Plex {
    /// The shape of `point` (`DMPlexGetCellType`).
    ///
    /// ```
    /// use petsc::{CellType, DmBase, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let mesh = Plex::create_box_mesh(&petsc.self_comm(), 2, false, None, None, None, None, true)?;
    /// assert_eq!(mesh.cell_type(mesh.height_stratum(0)?.start)?, CellType::Quadrilateral);
    /// assert_eq!(mesh.cell_type(mesh.depth_stratum(1)?.start)?.name(), "segment");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexGetCellType")]
    pub fn cell_type(&self, point: Int) -> Result<CellType> {
        const CTX: &str = "Plex::cell_type";
        self.check_point(CTX, point)?;
        let mut l: sys::DMLabel = std::ptr::null_mut();
        // SAFETY: live plex; PETSc lends its label or null.
        check(unsafe { sys::DMPlexGetCellTypeLabel(self.ptr, &mut l) })?;
        if l.is_null() {
            return Err(Error::invalid(
                CTX,
                "the mesh has no cell types yet: stratify it",
            ));
        }
        let mut t = sys::DMPolytopeType::DM_POLYTOPE_UNKNOWN;
        // SAFETY: live plex with a cell-type label; point in the chart.
        check(unsafe { sys::DMPlexGetCellType(self.ptr, point, &mut t) })?;
        Ok(CellType::from_raw(t))
    }

    /// Whether the cells are simplices (`DMPlexIsSimplex`): judged by the first cell
    /// on this rank.
    #[doc(alias = "DMPlexIsSimplex")]
    pub fn is_simplex(&self) -> Result<bool> {
        const CTX: &str = "Plex::is_simplex";
        self.check_storage(CTX, true)?;
        if self.depth()? < 0 && !self.chart()?.is_empty() {
            return Err(Error::invalid(
                CTX,
                "the mesh has no strata yet: stratify it",
            ));
        }
        let mut b = sys::PETSC_BOOL_FALSE;
        // SAFETY: live, stratified plex with readable cones.
        check(unsafe { sys::DMPlexIsSimplex(self.ptr, &mut b) })?;
        Ok(b == sys::PETSC_BOOL_TRUE)
    }

    /// The label of cell types (`DMPlexGetCellTypeLabel`), if the mesh has one: a
    /// handle of its own to the mesh's label, values as `DMPolytopeType` numbers.
    #[doc(alias = "DMPlexGetCellTypeLabel")]
    pub fn cell_type_label(&self) -> Result<Option<crate::dm::DmLabel>> {
        let mut l: sys::DMLabel = std::ptr::null_mut();
        // SAFETY: live plex; PETSc lends its label or null (made if the mesh has cells).
        check(unsafe { sys::DMPlexGetCellTypeLabel(self.ptr, &mut l) })?;
        if l.is_null() {
            return Ok(None);
        }
        // SAFETY: a live label the plex keeps; the handle takes its own reference.
        unsafe { crate::dm::DmLabel::from_raw_borrowed(self.petsc(), l) }.map(Some)
    }

    /// An `Err` unless the mesh has coordinates and readable cones; the coordinate
    /// dimension (at least 3, the size PETSc's geometry routines may write).
    fn geometry_ready(&self, ctx: &str) -> Result<usize> {
        self.check_storage(ctx, true)?;
        let (mut v, mut c): (sys::Vec, sys::Vec) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live plex; PETSc lends its coordinate vectors or null.
        check(unsafe { sys::DMGetCoordinatesLocal(self.ptr, &mut v) })?;
        // SAFETY: as above.
        check(unsafe { sys::DMGetCellCoordinatesLocal(self.ptr, &mut c) })?;
        if v.is_null() && c.is_null() {
            return Err(Error::invalid(
                ctx,
                "the mesh has no coordinates; set them first",
            ));
        }
        Ok(usize::try_from(self.coordinate_dim()?).unwrap_or(0))
    }

    /// The volume, centroid and (for a face) area-weighted normal of `cell`
    /// (`DMPlexComputeCellGeometryFVM`).
    ///
    /// ```
    /// use petsc::{DmBase, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let mesh = Plex::create_box_mesh(&petsc.self_comm(), 2, false, Some(&[2, 1]), None, Some(&[2.0, 1.0]), None, true)?;
    /// let g = mesh.compute_cell_geometry_fvm(mesh.height_stratum(0)?.start)?;
    /// assert!((g.volume - 1.0).abs() < 1e-12);
    /// assert!((g.centroid[0] - 0.5).abs() < 1e-12 && (g.centroid[1] - 0.5).abs() < 1e-12);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexComputeCellGeometryFVM")]
    pub fn compute_cell_geometry_fvm(&self, cell: Int) -> Result<CellGeometry> {
        const CTX: &str = "Plex::compute_cell_geometry_fvm";
        self.check_point(CTX, cell)?;
        let cdim = self.geometry_ready(CTX)?;
        let room = cdim.max(3);
        let mut volume: Real = 0.0;
        let (mut centroid, mut normal) = (vec![0.0 as Real; room], vec![0.0 as Real; room]);
        // SAFETY: live plex with coordinates and readable cones; point in the chart;
        // arrays of at least the coordinate dimension.
        check(unsafe {
            sys::DMPlexComputeCellGeometryFVM(
                self.ptr,
                cell,
                &mut volume,
                centroid.as_mut_ptr(),
                normal.as_mut_ptr(),
            )
        })?;
        centroid.truncate(cdim);
        normal.truncate(cdim);
        Ok(CellGeometry {
            volume,
            centroid,
            normal,
        })
    }

    /// The affine map from PETSc's reference cell to `cell`
    /// (`DMPlexComputeCellGeometryAffineFEM`), for simplices and parallelograms (PETSc
    /// refuses other shapes).
    ///
    /// ```
    /// use petsc::{DmBase, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// // The unit square cut along its diagonal.
    /// let coords = [0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0];
    /// let mesh = Plex::from_cell_list(&petsc.self_comm(), 2, 3, &[0, 1, 2, 1, 3, 2], 2, &coords, true)?;
    /// let g = mesh.compute_cell_geometry_affine_fem(0)?;
    /// // Half the unit square over the reference triangle's area 2.
    /// assert!((g.det_j.abs() - 0.25).abs() < 1e-12);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexComputeCellGeometryAffineFEM")]
    pub fn compute_cell_geometry_affine_fem(&self, cell: Int) -> Result<AffineGeometry> {
        const CTX: &str = "Plex::compute_cell_geometry_affine_fem";
        self.check_point(CTX, cell)?;
        let cdim = self.geometry_ready(CTX)?;
        let room = cdim.max(3);
        let mut v0 = vec![0.0 as Real; room];
        let (mut j, mut inv_j) = (
            vec![0.0 as Real; room * room],
            vec![0.0 as Real; room * room],
        );
        let mut det_j: Real = 0.0;
        // SAFETY: live plex with coordinates and readable cones; point in the chart;
        // arrays of at least the coordinate dimension (squared for the matrices).
        check(unsafe {
            sys::DMPlexComputeCellGeometryAffineFEM(
                self.ptr,
                cell,
                v0.as_mut_ptr(),
                j.as_mut_ptr(),
                inv_j.as_mut_ptr(),
                &mut det_j,
            )
        })?;
        v0.truncate(cdim);
        j.truncate(cdim * cdim);
        inv_j.truncate(cdim * cdim);
        Ok(AffineGeometry {
            v0,
            j,
            inv_j,
            det_j,
        })
    }

    /// The finite-volume geometry of every cell and face (`DMPlexComputeGeometryFVM`;
    /// collective): two vectors of PETSc's `PetscFVCellGeom` and `PetscFVFaceGeom`
    /// records. Also sets the [`min_radius`](Self::min_radius).
    #[doc(alias = "DMPlexComputeGeometryFVM")]
    pub fn compute_geometry_fvm(&self) -> Result<(Vector, Vector)> {
        const CTX: &str = "Plex::compute_geometry_fvm";
        let local = self.geometry_ready(CTX).map(|_| ());
        self.comm().agree(CTX, local)?;
        let (mut c, mut f): (sys::Vec, sys::Vec) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live plex with coordinates; PETSc writes two new vectors.
        check(unsafe { sys::DMPlexComputeGeometryFVM(self.ptr, &mut c, &mut f) })?;
        Ok((
            Vector::from_raw(self.petsc(), c),
            Vector::from_raw(self.petsc(), f),
        ))
    }

    crate::methods![for Plex;
        /// The smallest distance from a cell's centroid to its faces over the mesh
        /// (`DMPlexGetMinRadius`), known after [`compute_geometry_fvm`](Self::compute_geometry_fvm)
        /// (0 before).
        ///
        /// ```
        /// use petsc::Plex;
        /// let petsc = petsc::Petsc::init()?;
        /// let mesh = Plex::create_box_mesh(&petsc.self_comm(), 2, false, Some(&[3, 2]), None, None, None, true)?;
        /// mesh.compute_geometry_fvm()?;
        /// assert!((mesh.min_radius()? - 1.0 / 6.0).abs() < 1e-12);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn min_radius(&self) -> Real = DMPlexGetMinRadius as "DMPlexGetMinRadius";
    ];

    /// Shears the mesh in direction `direction` (`DMPlexShearGeometry`): each point's
    /// coordinate `x_d` in every other direction `d` becomes `x_d + m_d x_dir`, with the
    /// multipliers `m_d` in `multipliers`, one for each other direction in order
    /// (`None`: all 1). Sheared in `X`, the unit square becomes the parallelogram with
    /// corners (0, 0), (1, 1), (1, 2), (0, 1).
    ///
    /// PETSc moves the coordinates through their finite-element space, which a mesh made
    /// by [`set_from_options`](Self::set_from_options) has unless `-dm_coord_space 0`
    /// is given (PETSc 3.18 leaves coordinates without one unsheared when `direction`
    /// is `X`, and moves them otherwise by another rule): a mesh whose coordinates have
    /// no such space is an `Err`, as are a direction the coordinates do not have and a
    /// count of multipliers other than the coordinate dimension minus one.
    ///
    /// ```
    /// use petsc::{DmBase, Direction, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut mesh = Plex::new(&c)?;
    /// petsc.options().insert_string("-dm_plex_simplex 0 -dm_plex_box_faces 1,1")?;
    /// mesh.set_from_options()?;
    /// mesh.shear_geometry(Direction::X, None)?;
    /// let re = |s: petsc::Scalar| petsc::Complex::<f64>::from(s).re;
    /// let xy: Vec<f64> = mesh.coordinates_local()?.view()?.iter().map(|&v| re(v)).collect();
    /// let mut corners: Vec<(f64, f64)> = xy.chunks(2).map(|p| (p[0], p[1])).collect();
    /// corners.sort_by(|a, b| a.partial_cmp(b).unwrap());
    /// assert_eq!(corners, [(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.0, 2.0)]);
    /// assert!(mesh.shear_geometry(Direction::Z, None).is_err());
    /// assert!(mesh.shear_geometry(Direction::X, Some(&[1.0, 2.0])).is_err());
    /// // A box made directly has coordinates without a finite-element space.
    /// let mut plain = Plex::create_box_mesh(&c, 2, false, Some(&[1, 1]), None, None, None, true)?;
    /// let e = plain.shear_geometry(Direction::X, None).unwrap_err();
    /// assert!(e.to_string().contains("coordinate space"), "{e}");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexShearGeometry")]
    pub fn shear_geometry(
        &mut self,
        direction: Direction,
        multipliers: Option<&[Real]>,
    ) -> Result<()> {
        const CTX: &str = "Plex::shear_geometry";
        let cdim = usize::try_from(self.coordinate_dim()?).unwrap_or(0);
        if direction.index() >= cdim {
            return Err(Error::out_of_range(
                CTX,
                format!("direction {direction:?}: the coordinates have {cdim} components"),
            ));
        }
        if let Some(m) = multipliers {
            if m.len() + 1 != cdim {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "{} multipliers; the coordinates have {cdim} components, so {} are needed",
                        m.len(),
                        cdim - 1
                    ),
                ));
            }
        }
        // PETSc reads the local coordinates; a mesh without them is refused here.
        self.coordinates_local()?;
        if !self.has_coordinate_space()? {
            return Err(Error::invalid(
                CTX,
                "the coordinates have no finite-element coordinate space (a mesh made by set_from_options without -dm_coord_space 0 has one)",
            ));
        }
        let m = multipliers.map_or(std::ptr::null_mut(), |m| m.as_ptr().cast_mut());
        // SAFETY: live plex with coordinates; a direction they have; `m` is null or
        // holds one multiplier per other direction, only read by PETSc.
        check(unsafe { sys::DMPlexShearGeometry(self.ptr, direction.raw(), m) })
    }

    /// Whether the coordinates' DM has a discrete system whose first field is a finite
    /// element (the test `DMPlexShearGeometry` makes).
    fn has_coordinate_space(&self) -> Result<bool> {
        let mut cdm: sys::DM = std::ptr::null_mut();
        // SAFETY: live plex; PETSc lends (making it if needed) the coordinate DM.
        check(unsafe { sys::DMGetCoordinateDM(self.ptr, &mut cdm) })?;
        let mut ds: sys::PetscDS = std::ptr::null_mut();
        // SAFETY: live DM lent above; PETSc lends its system (making an empty one).
        check(unsafe { sys::DMGetDS(cdm, &mut ds) })?;
        if ds.is_null() {
            return Ok(false);
        }
        let mut nf: Int = 0;
        // SAFETY: live system lent above.
        check(unsafe { sys::PetscDSGetNumFields(ds, &mut nf) })?;
        if nf < 1 {
            return Ok(false);
        }
        let mut obj: sys::PetscObject = std::ptr::null_mut();
        // SAFETY: live system with a field 0; PETSc lends the object or null.
        check(unsafe { sys::PetscDSGetDiscretization(ds, 0, &mut obj) })?;
        if obj.is_null() {
            return Ok(false);
        }
        let mut name: *const std::os::raw::c_char = std::ptr::null();
        // SAFETY: a live object; PETSc returns its own string.
        check(unsafe { sys::PetscObjectGetClassName(obj, &mut name) })?;
        // SAFETY: PETSc's own string or null.
        Ok(unsafe { crate::object::owned(name) } == "PetscFE")
    }
}
