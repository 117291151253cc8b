//! Manhattan plots of association scans ([`Manhattan`]) and their drawing.

use super::*;

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
    pub(super) chromosomes: Vec<String>,
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
    pub fn save(self, path: &Path) -> petsc::Result<()> {
        Figure::new().with(self).save(path)
    }
}

pub(super) fn draw_manhattan<DB: DrawingBackend>(
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
