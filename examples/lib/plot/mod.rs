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
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
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

use crate::{all_agree, check_failed, usage_error};

mod field;
mod figure;
mod layout;
mod lines;
mod manhattan;
#[cfg(test)]
mod tests;

pub use field::Field;
pub use figure::{Figure, Panel};
pub use lines::{Lines, Series};
pub use manhattan::Manhattan;

use field::draw_field;
use layout::*;
use lines::draw_lines;
use manhattan::draw_manhattan;

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
fn font() -> petsc::Result<()> {
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
    .map_err(usage_error)
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
pub fn check_png(flag: &str, path: &Path) -> petsc::Result<()> {
    if !is_png_name(path) {
        return Err(usage_error(format!(
            "--{flag} {}: {NOT_PNG}",
            path.display()
        )));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.is_dir() {
            return Err(usage_error(format!(
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
pub fn on_rank0(
    petsc: &petsc::Petsc,
    draw: impl FnOnce() -> petsc::Result<()>,
) -> petsc::Result<()> {
    let outcome = if petsc.world().rank() == 0 {
        draw()
    } else {
        Ok(())
    };
    let ok = outcome.is_ok();
    if all_agree(petsc, ok) {
        Ok(())
    } else if ok {
        Err(usage_error(String::new()))
    } else {
        outcome
    }
}

/// Component 0 (real part) of a 2D DMDA vector's field on rank 0, in the grid's natural
/// order (`u[j * mx + i]`), empty on the other ranks (collective): PETSc's natural
/// ordering ([`Da::global_to_natural`]) gathered to rank 0, the same at any rank count.
pub fn natural_field(da: &Da, u: &Vector) -> petsc::Result<Vec<f64>> {
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
