//! Line plots: [`Lines`] of named [`Series`] with a legend, axes with units, optionally a
//! logarithmic y axis, and their drawing.

use super::*;

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
    pub fn save(self, path: &Path) -> petsc::Result<()> {
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
    pub(super) fn ranges(&self) -> ((f64, f64), (f64, f64)) {
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

pub(super) fn draw_lines<DB: DrawingBackend>(
    cell: &DrawingArea<DB, Shift>,
    l: &Lines,
) -> Result<(), String> {
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
