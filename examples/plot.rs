//! Pictures of the examples' results, drawn by [plotters] into PNG files: heat maps of
//! fields with axes in physical units and a colour bar, line plots with legends, and
//! Manhattan plots of association scans.
//!
//! A picture is a [`Figure`] of one or more panels laid out in a grid; each panel is a
//! [`Field`], a [`Lines`] plot or a [`Manhattan`] plot. Each of them also saves itself
//! as a one-panel figure. Text is drawn with the DejaVu Sans font of the system (Debian's
//! package `fonts-dejavu-core`), read once at run time (see [`FONT_FILES`]).
//!
//! ```
//! use petsc_examples::plot::{Colours, Field, Figure, Lines, Series};
//! # fn main() -> petsc_examples::AppResult {
//! let dir = std::env::temp_dir().join(format!("plot-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! // Three fields side by side, each 64 x 48 row-major values (row 0 at the bottom).
//! let (nx, ny) = (64, 48);
//! let a: Vec<f64> = (0..nx * ny).map(|k| ((k % nx) as f64 * 0.1).sin()).collect();
//! let b: Vec<f64> = a.iter().map(|v| v * v).collect();
//! let c: Vec<f64> = a.iter().map(|v| v - 0.5).collect();
//! Figure::new()
//!     .title("three fields")
//!     .with(Field::grid("a", &a, nx, ny).extent((0.0, 240.0), (0.0, 180.0)).axes("x (mm)", "y (mm)"))
//!     .with(Field::grid("b", &b, nx, ny).bar_label("b (a.u.)").colours(Colours::Grey))
//!     .with(Field::grid("c", &c, nx, ny).colours(Colours::Diverging))
//!     .save(&dir.join("fields.png"))?;
//! // A line plot with a logarithmic y axis.
//! let history: Vec<(f64, f64)> = (0..8).map(|k| (k as f64, 10f64.powi(-k))).collect();
//! Lines::new("Newton's method", "iteration", "||F(u)||")
//!     .log_y()
//!     .with(Series::line_points("residual", history))
//!     .save(&dir.join("residuals.png"))?;
//! let png = std::fs::read(dir.join("residuals.png")).unwrap();
//! assert_eq!(&png[1..4], b"PNG");
//! # std::fs::remove_dir_all(&dir).unwrap();
//! # Ok(()) }
//! ```

use std::fmt::Display;
use std::path::Path;
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use petsc::{Da, InsertMode, Vector};

use crate::{all_agree, AppError, AppResult};

/// The family name the pictures' text is registered under.
const FAMILY: &str = "sans-serif";

/// Where the font of the pictures' text is looked for, in this order (after the file
/// named by the environment variable `PETSC_EXAMPLES_FONT`, when set): Debian's and
/// Ubuntu's `fonts-dejavu-core` first, then the places other distributions use.
pub const FONT_FILES: [&str; 4] = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
];

/// Registers the TrueType font of the pictures' text once per process; the same
/// message on every later call when that failed.
fn font() -> AppResult<()> {
    static FONT: OnceLock<Result<(), String>> = OnceLock::new();
    FONT.get_or_init(|| {
        let candidates: Vec<String> = std::env::var("PETSC_EXAMPLES_FONT")
            .ok()
            .into_iter()
            .chain(FONT_FILES.iter().map(|s| s.to_string()))
            .collect();
        let (path, bytes) = read_font(&candidates)?;
        // The font table keeps `'static` references: the bytes, read once, live as long
        // as the process.
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        plotters::style::register_font(FAMILY, FontStyle::Normal, bytes)
            .map_err(|_| format!("{path} is not a TrueType font the pictures can use"))
    })
    .clone()
    .map_err(AppError::Usage)
}

/// The first of `candidates` that can be read, with its bytes, or a message naming
/// them all and the package that installs the font.
fn read_font(candidates: &[String]) -> Result<(String, Vec<u8>), String> {
    for path in candidates {
        if let Ok(bytes) = std::fs::read(path) {
            return Ok((path.clone(), bytes));
        }
    }
    Err(format!(
        "the pictures' text needs the DejaVu Sans font, and none of {} can be read: \
         install the package fonts-dejavu-core (apt-get install fonts-dejavu-core), or \
         name a TrueType file in PETSC_EXAMPLES_FONT",
        candidates.join(", ")
    ))
}

/// Checks, before any work, that `path` (the value of the flag `--flag`) names a PNG
/// file in an existing directory and that the font of the pictures' text is installed:
/// a usage error otherwise (the same on every rank).
///
/// ```
/// use petsc_examples::plot::check_png;
/// use std::path::Path;
/// assert!(check_png("plot", Path::new("field.jpg")).is_err());
/// assert!(check_png("plot", Path::new("/no/such/dir/field.png")).is_err());
/// ```
pub fn check_png(flag: &str, path: &Path) -> AppResult<()> {
    if !is_png_name(path) {
        return Err(AppError::Usage(format!(
            "--{flag} {}: {NOT_PNG}",
            path.display()
        )));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.is_dir() {
            return Err(AppError::Usage(format!(
                "--{flag} {}: there is no directory {}",
                path.display(),
                dir.display()
            )));
        }
    }
    font()
}

/// Why a picture's file name is refused.
const NOT_PNG: &str = "pictures are PNG files; give a name that ends in .png";

/// Whether `path` names a PNG file (its extension, in any case).
fn is_png_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("png"))
}

/// Runs `draw` on rank 0 and agrees on its outcome (collective): every rank returns an
/// error when rank 0's drawing failed, so no rank waits in a later collective call; the
/// message is rank 0's (which is the rank that prints it).
pub fn on_rank0(petsc: &petsc::Petsc, draw: impl FnOnce() -> AppResult) -> AppResult {
    let outcome = if petsc.world().rank() == 0 {
        draw()
    } else {
        Ok(())
    };
    let ok = outcome.is_ok();
    if all_agree(petsc, ok) {
        Ok(())
    } else if ok {
        Err(AppError::Usage(String::new()))
    } else {
        outcome
    }
}

/// Component 0 (real part) of a 2D DMDA vector's field on rank 0, in the grid's natural
/// order (`u[j * mx + i]`), empty on the other ranks (collective): PETSc's natural
/// ordering ([`Da::global_to_natural`]) gathered to rank 0, the same at any rank count.
pub fn natural_field(da: &Da, u: &Vector) -> AppResult<Vec<f64>> {
    let mut natural = da.create_natural_vector()?;
    da.global_to_natural(u, InsertMode::Insert, &mut natural)?;
    let dof = usize::try_from(da.info()?.dof).unwrap_or(1).max(1);
    let on_zero = natural.to_zero()?;
    let values = on_zero.view()?;
    Ok(values
        .iter()
        .step_by(dof)
        .map(|&s| crate::real(s))
        .collect())
}

// ---------------------------------------------------------------------------------------
// Colours
// ---------------------------------------------------------------------------------------

/// A colour as red, green, blue.
pub type Rgb = [u8; 3];

/// The colours of the line series, in order: ten colours told apart at a glance.
pub const PALETTE: [Rgb; 10] = [
    [31, 119, 180],
    [255, 127, 14],
    [44, 160, 44],
    [214, 39, 40],
    [148, 103, 189],
    [140, 86, 75],
    [227, 119, 194],
    [127, 127, 127],
    [188, 189, 34],
    [23, 190, 207],
];

/// The colour of cells and pixels that hold no value (NaN, or outside a mesh).
pub const NO_VALUE: Rgb = [215, 215, 215];

/// How values map to colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colours {
    /// Viridis, dark blue (low) to yellow (high): for fields of one sign.
    Viridis,
    /// Blue (negative), white (0), red (positive), with a range symmetric about 0: for
    /// waves, mode shapes, differences.
    Diverging,
    /// Black (low) to white (high): for images.
    Grey,
}

impl Colours {
    /// The colour of `t` in `[0, 1]` (clamped; NaN gives [`NO_VALUE`]).
    ///
    /// ```
    /// use petsc_examples::plot::Colours;
    /// assert_eq!(Colours::Grey.at(0.0), [0, 0, 0]);
    /// assert_eq!(Colours::Grey.at(2.0), [255, 255, 255]);
    /// assert_eq!(Colours::Diverging.at(0.5), [255, 255, 255]);
    /// ```
    pub fn at(self, t: f64) -> Rgb {
        if t.is_nan() {
            return NO_VALUE;
        }
        let t = t.clamp(0.0, 1.0);
        let c = match self {
            Colours::Viridis => ViridisRGB.get_color(t),
            Colours::Grey => BlackWhite.get_color(t),
            Colours::Diverging => {
                // Blue, white, red; linear between them.
                const ENDS: [[f64; 3]; 3] = [[33.0, 102.0, 172.0], [255.0; 3], [178.0, 24.0, 43.0]];
                let (a, b, f) = if t < 0.5 {
                    (ENDS[0], ENDS[1], 2.0 * t)
                } else {
                    (ENDS[1], ENDS[2], 2.0 * t - 1.0)
                };
                let c = |k: usize| (a[k] + f * (b[k] - a[k])).round() as u8;
                RGBColor(c(0), c(1), c(2))
            }
        };
        [c.0, c.1, c.2]
    }
}

fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c[0], c[1], c[2])
}

// ---------------------------------------------------------------------------------------
// Fields
// ---------------------------------------------------------------------------------------

/// The values a [`Field`] draws.
#[derive(Debug, Clone, Copy)]
enum Data<'a> {
    /// Row-major cells, `values[j * nx + i]`, row `j = 0` at the bottom.
    Grid {
        values: &'a [f64],
        nx: usize,
        ny: usize,
    },
    /// Triangles, 9 numbers each: `x, y, value` at each of the 3 corners, linear inside.
    Triangles(&'a [f64]),
}

/// Something drawn over a field, in the field's coordinates.
#[derive(Debug, Clone)]
enum Overlay {
    Segments {
        segments: Vec<[(f64, f64); 2]>,
        colour: Rgb,
        width: u32,
    },
    Marker {
        at: (f64, f64),
        label: String,
        colour: Rgb,
    },
}

/// One heat-map panel: a field of values on a grid of cells or on triangles, with a
/// title, axes in physical units and its own colour bar.
///
/// ```
/// use petsc_examples::plot::Field;
/// let values = [0.0, 1.0, 2.0, f64::NAN, 4.0, 5.0];
/// let f = Field::grid("u", &values, 3, 2).extent((0.0, 1.5), (0.0, 1.0));
/// assert_eq!(f.colour_range(), (0.0, 5.0)); // NaN is left out
/// ```
#[derive(Debug, Clone)]
pub struct Field<'a> {
    title: String,
    data: Data<'a>,
    x: (f64, f64),
    y: (f64, f64),
    x_label: String,
    y_label: String,
    bar_label: String,
    colours: Colours,
    range: Option<(f64, f64)>,
    keep_aspect: bool,
    overlays: Vec<Overlay>,
}

impl<'a> Field<'a> {
    fn with_data(title: &str, data: Data<'a>, x: (f64, f64), y: (f64, f64)) -> Field<'a> {
        Field {
            title: title.to_string(),
            data,
            x,
            y,
            x_label: "x".into(),
            y_label: "y".into(),
            bar_label: String::new(),
            colours: Colours::Viridis,
            range: None,
            keep_aspect: true,
            overlays: Vec::new(),
        }
    }

    /// `nx` x `ny` cells of row-major `values` (`values[j * nx + i]`, row `j = 0` at the
    /// bottom); NaN marks a cell with no value. The cells fill the extent, by default
    /// `0..nx` by `0..ny` (see [`Field::extent`]). A length other than `nx * ny` is
    /// refused when the picture is drawn.
    pub fn grid(title: &str, values: &'a [f64], nx: usize, ny: usize) -> Field<'a> {
        let data = Data::Grid { values, nx, ny };
        Field::with_data(title, data, (0.0, nx as f64), (0.0, ny as f64))
    }

    /// A field on triangles, 9 numbers per triangle (`x, y, value` at each corner),
    /// interpolated linearly inside each triangle; the extent is the triangles' bounding
    /// box. Pixels outside every triangle get [`NO_VALUE`].
    pub fn triangles(title: &str, corners: &'a [f64]) -> Field<'a> {
        let (mut x, mut y) = (
            (f64::INFINITY, f64::NEG_INFINITY),
            (f64::INFINITY, f64::NEG_INFINITY),
        );
        for c in corners.chunks_exact(3) {
            x = (x.0.min(c[0]), x.1.max(c[0]));
            y = (y.0.min(c[1]), y.1.max(c[1]));
        }
        Field::with_data(title, Data::Triangles(corners), x, y)
    }

    /// The physical extent covered by the cells: `x.0` is the left edge of the first
    /// column, `x.1` the right edge of the last; likewise in y.
    pub fn extent(mut self, x: (f64, f64), y: (f64, f64)) -> Field<'a> {
        self.x = x;
        self.y = y;
        self
    }

    /// The axis labels, with their units (`"x (km)"`).
    pub fn axes(mut self, x_label: &str, y_label: &str) -> Field<'a> {
        self.x_label = x_label.to_string();
        self.y_label = y_label.to_string();
        self
    }

    /// The label of the colour bar: the quantity and its unit (`"T2 (ms)"`).
    pub fn bar_label(mut self, label: &str) -> Field<'a> {
        self.bar_label = label.to_string();
        self
    }

    /// The colour map (default [`Colours::Viridis`]).
    pub fn colours(mut self, colours: Colours) -> Field<'a> {
        self.colours = colours;
        self
    }

    /// A fixed range of the colour bar (values outside take the end colours), instead of
    /// the values' own range.
    pub fn range(mut self, lo: f64, hi: f64) -> Field<'a> {
        self.range = Some((lo, hi));
        self
    }

    /// Fills the panel instead of keeping the extent's aspect ratio (for long, thin
    /// domains).
    pub fn stretch(mut self) -> Field<'a> {
        self.keep_aspect = false;
        self
    }

    /// Line segments drawn over the field (mesh edges, boundaries), `width` pixels wide.
    pub fn segments(
        mut self,
        segments: impl IntoIterator<Item = [(f64, f64); 2]>,
        colour: Rgb,
        width: u32,
    ) -> Field<'a> {
        self.overlays.push(Overlay::Segments {
            segments: segments.into_iter().collect(),
            colour,
            width,
        });
        self
    }

    /// A labelled marker (a ringed dot) at `at`.
    pub fn marker(mut self, at: (f64, f64), label: &str, colour: Rgb) -> Field<'a> {
        self.overlays.push(Overlay::Marker {
            at,
            label: label.to_string(),
            colour,
        });
        self
    }

    /// The range of the colour bar: the one given to [`Field::range`], or the smallest
    /// and largest finite values (symmetric about 0 for [`Colours::Diverging`]); a
    /// constant field gets a small range around its value, a field without finite values
    /// `(0, 1)`.
    pub fn colour_range(&self) -> (f64, f64) {
        if let Some((lo, hi)) = self.range.filter(|(lo, hi)| hi > lo) {
            return (lo, hi);
        }
        let values: Box<dyn Iterator<Item = f64>> = match self.data {
            Data::Grid { values, .. } => Box::new(values.iter().copied()),
            Data::Triangles(c) => Box::new(c.chunks_exact(3).map(|c| c[2])),
        };
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in values.filter(|v| v.is_finite()) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if lo > hi {
            return (0.0, 1.0);
        }
        if self.colours == Colours::Diverging {
            let m = lo.abs().max(hi.abs());
            return if m > 0.0 { (-m, m) } else { (-1.0, 1.0) };
        }
        if hi - lo <= 1e-12 * lo.abs().max(hi.abs()) || hi == lo {
            let d = if lo == 0.0 { 0.5 } else { 0.05 * lo.abs() };
            return (lo - d, hi + d);
        }
        (lo, hi)
    }

    /// Refuses sizes and extents that cannot be drawn.
    fn check(&self) -> Result<(), String> {
        let name = &self.title;
        match self.data {
            Data::Grid { values, nx, ny } => {
                if nx == 0 || ny == 0 {
                    return Err(format!("field '{name}': the grid is {nx} x {ny} (empty)"));
                }
                if nx.checked_mul(ny) != Some(values.len()) {
                    return Err(format!(
                        "field '{name}': {} values for a {nx} x {ny} grid ({} expected)",
                        values.len(),
                        nx.saturating_mul(ny)
                    ));
                }
            }
            Data::Triangles(c) => {
                if c.is_empty() || c.len() % 9 != 0 {
                    return Err(format!(
                        "field '{name}': {} numbers are not whole triangles (9 numbers each)",
                        c.len()
                    ));
                }
            }
        }
        let ok = |(a, b): (f64, f64)| a.is_finite() && b.is_finite() && b > a;
        if !ok(self.x) || !ok(self.y) {
            return Err(format!(
                "field '{name}': the extent {:?} x {:?} is empty or not finite",
                self.x, self.y
            ));
        }
        Ok(())
    }

    /// The default size of the field's panel: a plot area of at most 430 x 340 pixels
    /// in the extent's aspect ratio (when kept), plus room for labels and colour bar.
    fn size(&self) -> (u32, u32) {
        let (mut pw, mut ph) = (430.0, 340.0);
        if self.keep_aspect {
            let ratio = (self.x.1 - self.x.0) / (self.y.1 - self.y.0);
            if ratio.is_finite() && ratio > 0.0 {
                if ratio > pw / ph {
                    ph = (pw / ratio).max(110.0);
                } else {
                    pw = (ph * ratio).max(160.0);
                }
            }
        }
        (
            pw as u32 + PAD + Y_LABELS_W + BAR_W + PAD,
            ph as u32 + TITLE_H + X_LABELS_H + PAD,
        )
    }

    /// Saves the field alone as a PNG picture.
    pub fn save(self, path: &Path) -> AppResult {
        Figure::new().with(self).save(path)
    }
}

// ---------------------------------------------------------------------------------------
// Line plots
// ---------------------------------------------------------------------------------------

/// How a [`Series`] is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Line,
    Points,
    LinePoints,
    Vertical(f64),
    Horizontal(f64),
}

/// One named series of a [`Lines`] plot.
#[derive(Debug, Clone)]
pub struct Series {
    name: String,
    points: Vec<(f64, f64)>,
    kind: Kind,
    colour: Option<Rgb>,
}

impl Series {
    fn new(name: &str, points: Vec<(f64, f64)>, kind: Kind) -> Series {
        Series {
            name: name.to_string(),
            points,
            kind,
            colour: None,
        }
    }

    /// Points joined by a line.
    pub fn line(name: &str, points: impl IntoIterator<Item = (f64, f64)>) -> Series {
        Series::new(name, points.into_iter().collect(), Kind::Line)
    }

    /// Points alone (data).
    pub fn points(name: &str, points: impl IntoIterator<Item = (f64, f64)>) -> Series {
        Series::new(name, points.into_iter().collect(), Kind::Points)
    }

    /// Points, marked and joined by a line.
    pub fn line_points(name: &str, points: impl IntoIterator<Item = (f64, f64)>) -> Series {
        Series::new(name, points.into_iter().collect(), Kind::LinePoints)
    }

    /// A dashed vertical line at `x` across the plot (an event: an arrival time).
    pub fn vertical(name: &str, x: f64) -> Series {
        Series::new(name, Vec::new(), Kind::Vertical(x))
    }

    /// A dashed horizontal line at `y` across the plot (a threshold, a tolerance).
    pub fn horizontal(name: &str, y: f64) -> Series {
        Series::new(name, Vec::new(), Kind::Horizontal(y))
    }

    /// The colour (default: the next one of [`PALETTE`]).
    pub fn colour(mut self, colour: Rgb) -> Series {
        self.colour = Some(colour);
        self
    }
}

/// A line plot: series with a legend, axes with units, optionally a logarithmic y axis.
#[derive(Debug, Clone)]
pub struct Lines {
    title: String,
    x_label: String,
    y_label: String,
    log_y: bool,
    legend_left: bool,
    series: Vec<Series>,
}

impl Lines {
    /// An empty plot with a title and axis labels (with units).
    pub fn new(title: &str, x_label: &str, y_label: &str) -> Lines {
        Lines {
            title: title.to_string(),
            x_label: x_label.to_string(),
            y_label: y_label.to_string(),
            log_y: false,
            legend_left: false,
            series: Vec::new(),
        }
    }

    /// The legend in the upper left corner instead of the upper right one.
    pub fn legend_left(mut self) -> Lines {
        self.legend_left = true;
        self
    }

    /// A logarithmic y axis: values that are not positive are left out.
    pub fn log_y(mut self) -> Lines {
        self.log_y = true;
        self
    }

    /// Adds a series.
    pub fn with(mut self, series: Series) -> Lines {
        self.series.push(series);
        self
    }

    /// Saves the plot alone as a PNG picture.
    pub fn save(self, path: &Path) -> AppResult {
        Figure::new().with(self).save(path)
    }

    /// `y` as plotted: itself, or its log10 on a log axis (`None`: left out).
    fn y(&self, y: f64) -> Option<f64> {
        match (self.log_y, y.is_finite()) {
            (_, false) => None,
            (true, _) if y <= 0.0 => None,
            (true, _) => Some(y.log10()),
            (false, _) => Some(y),
        }
    }

    /// The plotted x and y ranges (y in log10 on a log axis).
    fn ranges(&self) -> ((f64, f64), (f64, f64)) {
        let (mut x, mut y) = (
            (f64::INFINITY, f64::NEG_INFINITY),
            (f64::INFINITY, f64::NEG_INFINITY),
        );
        for s in &self.series {
            for &(px, py) in &s.points {
                if let (true, Some(py)) = (px.is_finite(), self.y(py)) {
                    x = (x.0.min(px), x.1.max(px));
                    y = (y.0.min(py), y.1.max(py));
                }
            }
            match s.kind {
                Kind::Vertical(v) if v.is_finite() => x = (x.0.min(v), x.1.max(v)),
                Kind::Horizontal(v) => {
                    if let Some(v) = self.y(v) {
                        y = (y.0.min(v), y.1.max(v));
                    }
                }
                _ => {}
            }
        }
        let widen = |(lo, hi): (f64, f64), pad: f64| {
            if lo > hi {
                (0.0, 1.0)
            } else if hi - lo <= 1e-12 * lo.abs().max(hi.abs()) {
                let d = if lo == 0.0 { 1.0 } else { 0.1 * lo.abs() };
                (lo - d, hi + d)
            } else {
                (lo - pad * (hi - lo), hi + pad * (hi - lo))
            }
        };
        let y = if self.log_y && y.0 <= y.1 {
            let (lo, hi) = (y.0.floor(), y.1.ceil());
            if hi > lo {
                (lo, hi)
            } else {
                (lo - 1.0, hi + 1.0)
            }
        } else {
            // Room at the top for the legend, a line per named series.
            let named = self.series.iter().filter(|s| !s.name.is_empty()).count();
            let (lo, hi) = widen(y, 0.05);
            (lo, hi + (0.07 * named as f64).min(0.4) * (hi - lo))
        };
        (widen(x, 0.0), y)
    }
}

// ---------------------------------------------------------------------------------------
// Manhattan plots
// ---------------------------------------------------------------------------------------

/// A Manhattan plot of an association scan: -log10 p of every variant in genome order,
/// coloured by chromosome, highlighted variants in red, a significance line.
///
/// ```
/// use petsc_examples::plot::Manhattan;
/// let mut m = Manhattan::new("scan").threshold(0.05 / 3.0, "Bonferroni 5%");
/// m.push("1", 0.5, false);
/// m.push("1", 1e-9, true);
/// m.push("2", 0.01, false);
/// assert_eq!(m.len(), 3);
/// ```
#[derive(Debug, Clone)]
pub struct Manhattan {
    title: String,
    chromosomes: Vec<String>,
    /// (chromosome index, p, highlighted)
    points: Vec<(usize, f64, bool)>,
    threshold: Option<(f64, String)>,
    highlight: String,
}

impl Manhattan {
    /// An empty plot.
    pub fn new(title: &str) -> Manhattan {
        Manhattan {
            title: title.to_string(),
            chromosomes: Vec::new(),
            points: Vec::new(),
            threshold: None,
            highlight: "highlighted".into(),
        }
    }

    /// The legend's name of the highlighted variants (default "highlighted").
    pub fn highlight_label(mut self, label: &str) -> Manhattan {
        self.highlight = label.to_string();
        self
    }

    /// The significance line at p-value `p`, named in the legend.
    pub fn threshold(mut self, p: f64, label: &str) -> Manhattan {
        self.threshold = Some((p, label.to_string()));
        self
    }

    /// Adds the next variant in genome order: its chromosome, its p-value (NaN: not
    /// tested, left out; 0 is drawn as 1e-300) and whether to highlight it. With a single
    /// chromosome the x axis counts variants.
    pub fn push(&mut self, chromosome: &str, p: f64, highlight: bool) {
        if self.chromosomes.last().map(String::as_str) != Some(chromosome) {
            self.chromosomes.push(chromosome.to_string());
        }
        self.points.push((self.chromosomes.len() - 1, p, highlight));
    }

    /// The number of variants.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Whether there are no variants.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// Saves the plot alone as a PNG picture.
    pub fn save(self, path: &Path) -> AppResult {
        Figure::new().with(self).save(path)
    }
}

// ---------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------

/// A panel of a [`Figure`].
#[derive(Debug, Clone)]
pub enum Panel<'a> {
    /// A heat map.
    Field(Field<'a>),
    /// A line plot.
    Lines(Lines),
    /// A Manhattan plot.
    Manhattan(Manhattan),
}

impl<'a> From<Field<'a>> for Panel<'a> {
    fn from(f: Field<'a>) -> Panel<'a> {
        Panel::Field(f)
    }
}

impl From<Lines> for Panel<'_> {
    fn from(l: Lines) -> Self {
        Panel::Lines(l)
    }
}

impl From<Manhattan> for Panel<'_> {
    fn from(m: Manhattan) -> Self {
        Panel::Manhattan(m)
    }
}

impl Panel<'_> {
    /// The default size of the panel in pixels.
    fn size(&self) -> (u32, u32) {
        match self {
            Panel::Field(f) => f.size(),
            Panel::Lines(_) => (760, 440),
            Panel::Manhattan(_) => (1000, 400),
        }
    }
}

/// A picture of panels in a grid, filled row by row, with an optional title above.
#[derive(Debug, Clone, Default)]
pub struct Figure<'a> {
    title: Option<String>,
    columns: Option<usize>,
    cell: Option<(u32, u32)>,
    panels: Vec<Panel<'a>>,
}

/// The height of a figure's title band, in pixels.
const TITLE_BAND: u32 = 40;

impl<'a> Figure<'a> {
    /// An empty figure.
    pub fn new() -> Figure<'a> {
        Figure::default()
    }

    /// A title above all panels.
    pub fn title(mut self, title: &str) -> Figure<'a> {
        self.title = Some(title.to_string());
        self
    }

    /// Panels per row (default: all panels in one row).
    pub fn columns(mut self, columns: usize) -> Figure<'a> {
        self.columns = Some(columns.max(1));
        self
    }

    /// The size of each panel in pixels (default: the largest default size of the
    /// panels; a field's fits its extent's aspect ratio in about 650 x 430).
    pub fn panel_size(mut self, width: u32, height: u32) -> Figure<'a> {
        self.cell = Some((width.max(200), height.max(150)));
        self
    }

    /// Adds a panel.
    pub fn with(mut self, panel: impl Into<Panel<'a>>) -> Figure<'a> {
        self.panels.push(panel.into());
        self
    }

    /// The picture's size in pixels.
    pub fn size(&self) -> (u32, u32) {
        let (cols, rows) = self.grid();
        let (w, h) = self.cell_size();
        let band = if self.title.is_some() { TITLE_BAND } else { 0 };
        (w * cols as u32, h * rows as u32 + band)
    }

    fn grid(&self) -> (usize, usize) {
        let n = self.panels.len().max(1);
        let cols = self.columns.unwrap_or(n).min(n);
        (cols, n.div_ceil(cols))
    }

    fn cell_size(&self) -> (u32, u32) {
        self.cell.unwrap_or_else(|| {
            self.panels
                .iter()
                .map(Panel::size)
                .fold((200, 150), |a, b| (a.0.max(b.0), a.1.max(b.1)))
        })
    }

    /// Draws the figure into RGB pixels (3 bytes each, row by row).
    pub fn render(&self) -> AppResult<Vec<u8>> {
        font()?;
        for p in &self.panels {
            if let Panel::Field(f) = p {
                f.check().map_err(AppError::Failed)?;
            }
        }
        let (w, h) = self.size();
        let mut buf = vec![255u8; 3 * w as usize * h as usize];
        self.draw(&mut buf, (w, h))
            .map_err(|e| AppError::Failed(format!("cannot draw the picture: {e}")))?;
        Ok(buf)
    }

    fn draw(&self, buf: &mut [u8], size: (u32, u32)) -> Result<(), String> {
        let root = BitMapBackend::with_buffer(buf, size).into_drawing_area();
        root.fill(&WHITE).map_err(e)?;
        let body = match &self.title {
            Some(t) => {
                let style = TextStyle::from((FAMILY, 24).into_font())
                    .color(&BLACK)
                    .pos(Pos::new(HPos::Center, VPos::Center));
                root.draw_text(t, &style, (size.0 as i32 / 2, TITLE_BAND as i32 / 2))
                    .map_err(e)?;
                root.split_vertically(TITLE_BAND).1
            }
            None => root.clone(),
        };
        let (cols, rows) = self.grid();
        let cells = body.split_evenly((rows, cols));
        for (panel, cell) in self.panels.iter().zip(&cells) {
            match panel {
                Panel::Field(f) => draw_field(cell, f)?,
                Panel::Lines(l) => draw_lines(cell, l)?,
                Panel::Manhattan(m) => draw_manhattan(cell, m)?,
            }
        }
        root.present().map_err(e)
    }

    /// Draws the figure and writes it as a PNG file. Errors: a panel that cannot be
    /// drawn (sizes that do not match), a missing font or a file that cannot be written.
    pub fn save(&self, path: &Path) -> AppResult {
        if !is_png_name(path) {
            return Err(AppError::Usage(format!("{}: {NOT_PNG}", path.display())));
        }
        let pixels = self.render()?;
        let size = self.size();
        let cannot = |m: String| AppError::Usage(format!("cannot write {}: {m}", path.display()));
        // The encoder's own errors are less legible than the system's: try the file first.
        std::fs::File::create(path).map_err(|x| cannot(x.to_string()))?;
        let mut backend = BitMapBackend::new(path, size);
        backend
            .blit_bitmap((0, 0), size, &pixels)
            .map_err(|x| cannot(x.to_string()))?;
        backend.present().map_err(|x| cannot(x.to_string()))
    }
}

fn e(err: impl Display) -> String {
    err.to_string()
}

/// Tick labels of an axis from `lo` to `hi` with about `n` ticks: as few decimals as
/// tell the ticks apart, exponent form for very large and very small numbers.
fn tick_label(v: f64, lo: f64, hi: f64, n: usize) -> String {
    let step = (hi - lo).abs() / n.max(1) as f64;
    let big = lo.abs().max(hi.abs());
    if v == 0.0 || v.abs() < 1e-9 * big {
        return "0".into();
    }
    if !(1e-3..1e5).contains(&big) {
        let digits = if step > 0.0 {
            ((big.log10().floor() - step.log10().floor()).max(0.0) as usize).min(4)
        } else {
            1
        };
        let text = format!("{v:.digits$e}");
        return match text.split_once('e') {
            Some((m, x)) if m.contains('.') => {
                format!("{}e{x}", m.trim_end_matches('0').trim_end_matches('.'))
            }
            _ => text,
        };
    }
    if step >= 0.5 && (v - v.round()).abs() <= 1e-9 * big {
        return format!("{}", v.round());
    }
    let decimals = if step > 0.0 {
        (-step.log10().floor()).clamp(0.0, 8.0) as usize
    } else {
        2
    };
    let text = format!("{v:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

fn label_font(size: u32) -> TextStyle<'static> {
    TextStyle::from((FAMILY, size).into_font()).color(&BLACK)
}

/// Pixels of a panel cell: margins around the plot area, where the title, tick labels,
/// axis labels and the colour bar go.
const TITLE_H: u32 = 34;
const X_LABELS_H: u32 = 48;
const Y_LABELS_W: u32 = 72;
const BAR_W: u32 = 100;
const PAD: u32 = 12;

/// The panel's title, centred at `x`, just above the plot area that starts at `top`.
fn draw_title<DB: DrawingBackend>(
    cell: &DrawingArea<DB, Shift>,
    title: &str,
    x: i32,
    top: u32,
) -> Result<(), String> {
    let style = TextStyle::from((FAMILY, 19).into_font())
        .color(&BLACK)
        .pos(Pos::new(HPos::Center, VPos::Bottom));
    cell.draw_text(title, &style, (x, top as i32 - 8))
        .map_err(e)
}

fn draw_field<DB: DrawingBackend>(cell: &DrawingArea<DB, Shift>, f: &Field) -> Result<(), String> {
    let (cw, ch) = cell.dim_in_pixel();
    let (x0, x1) = f.x;
    let (y0, y1) = f.y;
    // The plot area, shrunk to the extent's aspect ratio when asked.
    let aw = cw.saturating_sub(PAD + Y_LABELS_W + BAR_W + PAD).max(20);
    let ah = ch.saturating_sub(TITLE_H + X_LABELS_H + PAD).max(20);
    let (pw, ph) = if f.keep_aspect {
        let ratio = (x1 - x0) / (y1 - y0);
        if aw as f64 / ah as f64 > ratio {
            (((ah as f64 * ratio).round() as u32).max(20), ah)
        } else {
            (aw, ((aw as f64 / ratio).round() as u32).max(20))
        }
    } else {
        (aw, ah)
    };
    let (ex, ey) = (aw - pw, ah - ph);
    let left = PAD + ex / 2;
    let top = TITLE_H + ey / 2;
    let mut chart = ChartBuilder::on(cell)
        .margin_left(left)
        .margin_right(cw - left - Y_LABELS_W - pw)
        .margin_top(top)
        .margin_bottom(ch - top - ph - X_LABELS_H)
        .x_label_area_size(X_LABELS_H)
        .y_label_area_size(Y_LABELS_W)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(e)?;
    let (lo, hi) = f.colour_range();
    // The field, pixel by pixel.
    let area = chart.plotting_area().strip_coord_spec();
    let (w, h) = area.dim_in_pixel();
    let colour_of = |v: f64| f.colours.at((v - lo) / (hi - lo));
    let mut pixels = vec![NO_VALUE; w as usize * h as usize];
    match f.data {
        Data::Grid { values, nx, ny } => {
            for py in 0..h as usize {
                let yd = y1 - (py as f64 + 0.5) / h as f64 * (y1 - y0);
                let j = (((yd - y0) / (y1 - y0) * ny as f64) as usize).min(ny - 1);
                for px in 0..w as usize {
                    let xd = x0 + (px as f64 + 0.5) / w as f64 * (x1 - x0);
                    let i = (((xd - x0) / (x1 - x0) * nx as f64) as usize).min(nx - 1);
                    pixels[py * w as usize + px] = colour_of(values[j * nx + i]);
                }
            }
        }
        Data::Triangles(c) => {
            let to_px = |x: f64, y: f64| {
                (
                    (x - x0) / (x1 - x0) * w as f64,
                    (y1 - y) / (y1 - y0) * h as f64,
                )
            };
            for t in c.chunks_exact(9) {
                let p: Vec<(f64, f64)> = (0..3).map(|k| to_px(t[3 * k], t[3 * k + 1])).collect();
                let v = [t[2], t[5], t[8]];
                let det =
                    (p[1].1 - p[2].1) * (p[0].0 - p[2].0) + (p[2].0 - p[1].0) * (p[0].1 - p[2].1);
                if det.abs() < 1e-12 {
                    continue;
                }
                let bx = |f: fn(f64, f64) -> f64, init: f64, sel: fn(&(f64, f64)) -> f64| {
                    p.iter().map(sel).fold(init, f)
                };
                let xs = bx(f64::min, f64::MAX, |q| q.0).floor().max(0.0) as usize;
                let xe = (bx(f64::max, f64::MIN, |q| q.0).ceil() as usize).min(w as usize);
                let ys = bx(f64::min, f64::MAX, |q| q.1).floor().max(0.0) as usize;
                let ye = (bx(f64::max, f64::MIN, |q| q.1).ceil() as usize).min(h as usize);
                for py in ys..ye {
                    for px in xs..xe {
                        let (x, y) = (px as f64 + 0.5, py as f64 + 0.5);
                        let l0 = ((p[1].1 - p[2].1) * (x - p[2].0)
                            + (p[2].0 - p[1].0) * (y - p[2].1))
                            / det;
                        let l1 = ((p[2].1 - p[0].1) * (x - p[2].0)
                            + (p[0].0 - p[2].0) * (y - p[2].1))
                            / det;
                        let l2 = 1.0 - l0 - l1;
                        if l0 >= -1e-9 && l1 >= -1e-9 && l2 >= -1e-9 {
                            pixels[py * w as usize + px] =
                                colour_of(l0 * v[0] + l1 * v[1] + l2 * v[2]);
                        }
                    }
                }
            }
        }
    }
    for py in 0..h as usize {
        for px in 0..w as usize {
            area.draw_pixel((px as i32, py as i32), &rgb(pixels[py * w as usize + px]))
                .map_err(e)?;
        }
    }
    let (xl, yl) = (6usize, 6usize);
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(xl)
        .y_labels(yl)
        .x_desc(f.x_label.as_str())
        .y_desc(f.y_label.as_str())
        .label_style(label_font(14))
        .axis_desc_style(label_font(15))
        .x_label_formatter(&|v| tick_label(*v, x0, x1, xl))
        .y_label_formatter(&|v| tick_label(*v, y0, y1, yl))
        .draw()
        .map_err(e)?;
    // Overlays.
    for o in &f.overlays {
        match o {
            Overlay::Segments {
                segments,
                colour,
                width,
            } => {
                let style = rgb(*colour).stroke_width(*width);
                chart
                    .draw_series(
                        segments
                            .iter()
                            .map(|s| PathElement::new(vec![s[0], s[1]], style)),
                    )
                    .map_err(e)?;
            }
            Overlay::Marker { at, label, colour } => {
                let c = rgb(*colour);
                chart
                    .draw_series([
                        Circle::new(*at, 7, WHITE.filled()),
                        Circle::new(*at, 5, c.filled()),
                        Circle::new(*at, 7, BLACK.stroke_width(1)),
                    ])
                    .map_err(e)?;
                let (px, py) = chart.backend_coord(at);
                // Labels go right of the marker, or left of it near the right edge.
                let right_edge = chart.plotting_area().get_pixel_range().0.end;
                let (h, dx) = if px > right_edge - 90 {
                    (HPos::Right, -10)
                } else {
                    (HPos::Left, 10)
                };
                let style = TextStyle::from((FAMILY, 14).into_font())
                    .color(&BLACK)
                    .pos(Pos::new(h, VPos::Center));
                let base = cell.get_base_pixel();
                let (tx, ty) = (px - base.0 + dx, py - base.1);
                // A white halo keeps the label legible on any colour.
                for (dx, dy) in [(-1, 0), (1, 0), (0, -1), (0, 1)] {
                    let halo = style.color(&WHITE);
                    cell.draw_text(label, &halo, (tx + dx, ty + dy))
                        .map_err(e)?;
                }
                cell.draw_text(label, &style, (tx, ty)).map_err(e)?;
            }
        }
    }
    draw_title(cell, &f.title, (left + Y_LABELS_W + pw / 2) as i32, top)?;
    // The colour bar, beside the plot area and as tall.
    let bar_left = left + Y_LABELS_W + pw + 16;
    let strip = 20;
    let mut bar = ChartBuilder::on(cell)
        .margin_left(bar_left)
        .margin_right(cw.saturating_sub(bar_left + strip + BAR_W - 36))
        .margin_top(top)
        .margin_bottom(ch - top - ph)
        .right_y_label_area_size(BAR_W - 36)
        .build_cartesian_2d(0.0..1.0, lo..hi)
        .map_err(e)?;
    let strip_area = bar.plotting_area().strip_coord_spec();
    let (sw, sh) = strip_area.dim_in_pixel();
    for py in 0..sh {
        let t = 1.0 - (py as f64 + 0.5) / sh as f64;
        let c = rgb(f.colours.at(t));
        for px in 0..sw {
            strip_area
                .draw_pixel((px as i32, py as i32), &c)
                .map_err(e)?;
        }
    }
    let bl = 9usize;
    bar.configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .x_labels(0)
        .y_labels(bl)
        .y_desc(f.bar_label.as_str())
        .label_style(label_font(13))
        .axis_desc_style(label_font(15))
        .y_label_formatter(&|v| tick_label(*v, lo, hi, bl))
        .draw()
        .map_err(e)?;
    strip_area
        .draw(&Rectangle::new(
            [(0, 0), (sw as i32 - 1, sh as i32 - 1)],
            BLACK,
        ))
        .map_err(e)?;
    Ok(())
}

fn draw_lines<DB: DrawingBackend>(cell: &DrawingArea<DB, Shift>, l: &Lines) -> Result<(), String> {
    let (cw, _) = cell.dim_in_pixel();
    let ((x0, x1), (y0, y1)) = l.ranges();
    let mut chart = ChartBuilder::on(cell)
        .margin_left(PAD)
        .margin_right(PAD + 12)
        .margin_top(TITLE_H)
        .margin_bottom(PAD)
        .x_label_area_size(X_LABELS_H)
        .y_label_area_size(Y_LABELS_W + 8)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(e)?;
    // Whole-number x (iterations, epochs): ticks at whole numbers only.
    let whole = l
        .series
        .iter()
        .flat_map(|s| &s.points)
        .all(|p| p.0 == p.0.round())
        && x1 - x0 <= 1e6;
    let xl = if whole {
        ((x1 - x0) as usize + 1).clamp(2, 10)
    } else {
        8
    };
    let yl = if l.log_y {
        ((y1 - y0) as usize + 1).min(12)
    } else {
        7
    };
    let log = l.log_y;
    let y_format = move |v: &f64| {
        if log {
            let k = v.round();
            if (v - k).abs() > 1e-6 {
                String::new()
            } else if (0.0..=4.0).contains(&k) {
                format!("{}", 10f64.powf(k))
            } else if (-3.0..0.0).contains(&k) {
                format!("{:.*}", -k as usize, 10f64.powf(k))
            } else {
                format!("1e{k}")
            }
        } else {
            tick_label(*v, y0, y1, yl)
        }
    };
    chart
        .configure_mesh()
        .x_labels(xl)
        .y_labels(yl)
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.12))
        .x_desc(l.x_label.as_str())
        .y_desc(l.y_label.as_str())
        .label_style(label_font(14))
        .axis_desc_style(label_font(15))
        .x_label_formatter(&|v| {
            if whole && (v - v.round()).abs() > 1e-9 {
                String::new()
            } else {
                tick_label(*v, x0, x1, xl)
            }
        })
        .y_label_formatter(&y_format)
        .draw()
        .map_err(e)?;
    let mut named = false;
    for (k, s) in l.series.iter().enumerate() {
        let c = rgb(s.colour.unwrap_or(PALETTE[k % PALETTE.len()]));
        let pts: Vec<(f64, f64)> = s
            .points
            .iter()
            .filter(|p| p.0.is_finite())
            .filter_map(|&(x, y)| l.y(y).map(|y| (x, y)))
            .collect();
        let line = c.stroke_width(2);
        let anno = match s.kind {
            Kind::Line => chart
                .draw_series(LineSeries::new(pts.iter().copied(), line))
                .map_err(e)?,
            Kind::LinePoints => {
                chart
                    .draw_series(LineSeries::new(pts.iter().copied(), line))
                    .map_err(e)?;
                chart
                    .draw_series(pts.iter().map(|&p| Circle::new(p, 3, c.filled())))
                    .map_err(e)?
            }
            Kind::Points => chart
                .draw_series(pts.iter().map(|&p| Circle::new(p, 4, c.filled())))
                .map_err(e)?,
            Kind::Vertical(x) => chart
                .draw_series(DashedLineSeries::new([(x, y0), (x, y1)], 8, 5, line))
                .map_err(e)?,
            Kind::Horizontal(y) => match l.y(y) {
                Some(y) => chart
                    .draw_series(DashedLineSeries::new([(x0, y), (x1, y)], 8, 5, line))
                    .map_err(e)?,
                None => continue,
            },
        };
        if !s.name.is_empty() {
            named = true;
            let kind = s.kind;
            let (path, dot) = match kind {
                Kind::Points => (c.mix(0.0).stroke_width(2), 4),
                Kind::LinePoints => (line, 3),
                _ => (line, 0),
            };
            anno.label(s.name.as_str()).legend(move |(x, y)| {
                EmptyElement::at((x, y))
                    + PathElement::new(vec![(0, 0), (20, 0)], path)
                    + Circle::new((10, 0), dot, c.filled())
            });
        }
    }
    if named {
        chart
            .configure_series_labels()
            .position(if l.legend_left {
                SeriesLabelPosition::UpperLeft
            } else {
                SeriesLabelPosition::UpperRight
            })
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.4))
            .label_font(label_font(14))
            .draw()
            .map_err(e)?;
    }
    draw_title(
        cell,
        &l.title,
        ((PAD + Y_LABELS_W + 8 + cw - PAD - 12) / 2) as i32,
        TITLE_H,
    )
}

fn draw_manhattan<DB: DrawingBackend>(
    cell: &DrawingArea<DB, Shift>,
    m: &Manhattan,
) -> Result<(), String> {
    let (cw, _) = cell.dim_in_pixel();
    let logp = |p: f64| -p.max(1e-300).log10();
    let n = m.points.len().max(1) as f64;
    let top = m
        .points
        .iter()
        .filter(|p| p.1.is_finite())
        .map(|p| logp(p.1))
        .chain(m.threshold.as_ref().map(|t| logp(t.0)))
        .fold(1.0f64, f64::max)
        * 1.3; // room for the legend above the highest point
    let one = m.chromosomes.len() <= 1;
    let mut chart = ChartBuilder::on(cell)
        .margin_left(PAD)
        .margin_right(PAD + 12)
        .margin_top(TITLE_H)
        .margin_bottom(PAD)
        .x_label_area_size(X_LABELS_H)
        .y_label_area_size(Y_LABELS_W)
        .build_cartesian_2d(-0.5..n - 0.5, 0.0..top)
        .map_err(e)?;
    let xl = if one { 8 } else { 0 };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.12))
        .x_labels(xl)
        .y_labels(8)
        .x_desc(if one { "variant" } else { "chromosome" })
        .y_desc("-log10 p")
        .label_style(label_font(14))
        .axis_desc_style(label_font(15))
        .x_label_formatter(&|v| format!("{}", v.round() as i64))
        .y_label_formatter(&|v| tick_label(*v, 0.0, top, 8))
        .draw()
        .map_err(e)?;
    const SHADES: [Rgb; 2] = [[38, 70, 140], [110, 165, 215]];
    for pass in [false, true] {
        chart
            .draw_series(
                m.points
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.2 == pass && p.1.is_finite())
                    .map(|(k, p)| {
                        let (c, r) = if p.2 {
                            (RGBColor(220, 20, 20), 4)
                        } else {
                            (rgb(SHADES[p.0 % 2]), 2)
                        };
                        Circle::new((k as f64, logp(p.1)), r, c.filled())
                    }),
            )
            .map_err(e)?;
    }
    let mut legend = false;
    if let Some((p, label)) = &m.threshold {
        let y = logp(*p);
        let style = RGBColor(200, 30, 30).stroke_width(1);
        chart
            .draw_series(DashedLineSeries::new(
                [(-0.5, y), (n - 0.5, y)],
                8,
                5,
                style,
            ))
            .map_err(e)?
            .label(label.as_str())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style));
        legend = true;
    }
    if m.points.iter().any(|p| p.2) {
        chart
            .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
            .map_err(e)?
            .label(m.highlight.as_str())
            .legend(|(x, y)| Circle::new((x + 10, y), 4, RGBColor(220, 20, 20).filled()));
        legend = true;
    }
    if legend {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.4))
            .label_font(label_font(14))
            .draw()
            .map_err(e)?;
    }
    // Chromosome names under the middle of their variants.
    if !one {
        let base = cell.get_base_pixel();
        let style = TextStyle::from((FAMILY, 13).into_font())
            .color(&BLACK)
            .pos(Pos::new(HPos::Center, VPos::Top));
        let mut start = 0usize;
        let mut last_x = i32::MIN;
        for (c, name) in m.chromosomes.iter().enumerate() {
            let end = start + m.points[start..].iter().take_while(|p| p.0 == c).count();
            let mid = 0.5 * (start as f64 + end as f64 - 1.0);
            let (px, py) = chart.backend_coord(&(mid, 0.0));
            let x = px - base.0;
            // Names closer than 20 pixels to the last one drawn are left out.
            if last_x == i32::MIN || x - last_x >= 20 {
                cell.draw_text(name, &style, (x, py - base.1 + 6))
                    .map_err(e)?;
                last_x = x;
            }
            start = end;
        }
    }
    draw_title(
        cell,
        &m.title,
        ((PAD + Y_LABELS_W + cw - PAD - 12) / 2) as i32,
        TITLE_H,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distinct_colours(pixels: &[u8]) -> usize {
        let mut set = std::collections::HashSet::new();
        for p in pixels.chunks_exact(3) {
            set.insert([p[0], p[1], p[2]]);
        }
        set.len()
    }

    #[test]
    fn colour_range_of_nan_and_constant_fields() {
        let nan = [f64::NAN; 6];
        assert_eq!(Field::grid("n", &nan, 3, 2).colour_range(), (0.0, 1.0));
        let c = [2.0; 6];
        let (lo, hi) = Field::grid("c", &c, 3, 2).colour_range();
        assert!(lo < 2.0 && hi > 2.0, "{lo} {hi}");
        let z = [0.0; 6];
        assert_eq!(Field::grid("z", &z, 3, 2).colour_range(), (-0.5, 0.5));
        let mixed = [1.0, f64::NAN, -3.0, f64::INFINITY, 2.0, 0.5];
        assert_eq!(Field::grid("m", &mixed, 3, 2).colour_range(), (-3.0, 2.0));
        let d = Field::grid("d", &mixed, 3, 2).colours(Colours::Diverging);
        assert_eq!(d.colour_range(), (-3.0, 3.0));
        assert_eq!(
            Field::grid("r", &mixed, 3, 2)
                .range(0.0, 10.0)
                .colour_range(),
            (0.0, 10.0)
        );
    }

    #[test]
    fn mismatched_sizes_are_refused() {
        let v = [1.0; 5];
        let err = Figure::new()
            .with(Field::grid("u", &v, 3, 2))
            .render()
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("5 values for a 3 x 2 grid (6 expected)"),
            "{err}"
        );
        let t = [0.0; 10];
        let err = Figure::new()
            .with(Field::triangles("mesh", &t))
            .render()
            .unwrap_err()
            .to_string();
        assert!(err.contains("whole triangles"), "{err}");
        let ok = [1.0; 6];
        let err = Field::grid("u", &ok, 3, 2)
            .extent((1.0, 1.0), (0.0, 1.0))
            .check()
            .unwrap_err();
        assert!(err.contains("extent"), "{err}");
    }

    #[test]
    fn a_field_has_a_colour_bar_and_nan_cells() {
        let (nx, ny) = (40, 30);
        let mut v: Vec<f64> = (0..nx * ny).map(|k| (k % nx) as f64).collect();
        v[0] = f64::NAN;
        let fig = Figure::new().with(
            Field::grid("u", &v, nx, ny)
                .axes("x (m)", "y (m)")
                .bar_label("u (K)"),
        );
        let (w, h) = fig.size();
        let px = fig.render().unwrap();
        assert_eq!(px.len(), 3 * (w * h) as usize);
        // The gradient of the colour bar and the field give many colours.
        assert!(distinct_colours(&px) > 100, "{}", distinct_colours(&px));
        // Viridis's ends are in the picture.
        let has = |c: Rgb| px.chunks_exact(3).any(|p| p == c);
        assert!(has(Colours::Viridis.at(0.0)) && has(Colours::Viridis.at(1.0)));
        assert!(has(NO_VALUE));
    }

    #[test]
    fn three_panels_side_by_side() {
        let (nx, ny) = (16, 16);
        let a: Vec<f64> = (0..nx * ny).map(|k| k as f64).collect();
        let fig = Figure::new()
            .title("three")
            .with(Field::grid("a", &a, nx, ny).extent((0.0, 240.0), (0.0, 240.0)))
            .with(Field::grid("b", &a, nx, ny).colours(Colours::Grey))
            .with(Field::grid("c", &a, nx, ny).colours(Colours::Diverging));
        let (w, h) = fig.size();
        // Square extents: 340 x 340 plot areas.
        assert_eq!((w, h), (3 * (340 + 196), 340 + 94 + TITLE_BAND));
        assert!(fig.render().is_ok());
    }

    #[test]
    fn lines_on_a_log_axis_and_manhattan() {
        let l = Lines::new("t", "iteration", "||F||")
            .log_y()
            .with(Series::line_points(
                "a",
                [(0.0, 1.0), (1.0, 1e-3), (2.0, 0.0)],
            ))
            .with(Series::horizontal("tol", 1e-8));
        let ((x0, x1), (y0, y1)) = l.ranges();
        assert_eq!((x0, x1), (0.0, 1.0)); // y = 0 is left out on a log axis
        assert_eq!((y0, y1), (-8.0, 0.0));
        assert!(Figure::new().with(l).render().is_ok());
        let mut m = Manhattan::new("scan").threshold(1e-6, "line");
        for k in 0..500 {
            let chrom = (k / 100 + 1).to_string();
            m.push(&chrom, 1.0 / (1.0 + k as f64), k == 250);
        }
        assert_eq!(m.chromosomes.len(), 5);
        let px = Figure::new().with(m).render().unwrap();
        assert!(distinct_colours(&px) > 10);
    }

    #[test]
    fn tick_labels() {
        assert_eq!(tick_label(0.4, 0.0, 1.0, 5), "0.4");
        assert_eq!(tick_label(20000.0, 0.0, 40000.0, 5), "20000");
        assert_eq!(tick_label(2e-5, 0.0, 1e-4, 5), "2e-5");
        assert_eq!(tick_label(0.7, 0.0, 0.86, 9), "0.7");
        assert_eq!(tick_label(-0.0015, -0.0024, 0.0024, 9), "-0.0015");
        assert_eq!(tick_label(1e-17, -1.0, 1.0, 5), "0");
    }

    #[test]
    fn a_missing_font_names_its_package() {
        let err = read_font(&["/no/such/font.ttf".to_string()]).unwrap_err();
        assert!(err.contains("/no/such/font.ttf"), "{err}");
        assert!(err.contains("fonts-dejavu-core"), "{err}");
    }

    #[test]
    fn saving_needs_a_png_name() {
        let v = [1.0; 4];
        let err = Field::grid("u", &v, 2, 2)
            .save(Path::new("u.jpg"))
            .unwrap_err()
            .to_string();
        assert!(err.contains(".png"), "{err}");
        let dir = std::env::temp_dir().join(format!("plot-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("u.png");
        Field::grid("u", &v, 2, 2).save(&path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
        assert_eq!((w, h), (536, 434));
        let _ = std::fs::remove_dir_all(&dir);
        let err = Field::grid("u", &v, 2, 2)
            .save(&dir.join("missing").join("u.png"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("cannot write"), "{err}");
    }
}
