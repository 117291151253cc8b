//! Heat-map panels: [`Field`], a field of values on a grid of cells or on triangles with
//! axes in physical units and a colour bar, and its drawing.

use super::*;

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
    pub(super) fn check(&self) -> Result<(), String> {
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
    pub(super) fn size(&self) -> (u32, u32) {
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
    pub fn save(self, path: &Path) -> petsc::Result<()> {
        Figure::new().with(self).save(path)
    }
}

pub(super) fn draw_field<DB: DrawingBackend>(
    cell: &DrawingArea<DB, Shift>,
    f: &Field,
) -> Result<(), String> {
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
