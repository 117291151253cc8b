//! The bar chart of the ratios: one horizontal bar per program, case and rank count,
//! on a log scale, with the line of parity at 1.

use std::path::Path;

use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};

use crate::table::Role;
use crate::Row;

const FONTS: [&str; 2] = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
];

/// Draws `rows`' ratios into `path`; `Ok(false)` when there is nothing to draw.
pub fn draw(rows: &[Row], path: &Path) -> Result<bool, String> {
    let bars: Vec<(String, f64, Role)> = rows
        .iter()
        .filter_map(|r| {
            r.ratio.map(|x| {
                (
                    format!("{} {} n{} {}", r.bench, r.case, r.np, r.program),
                    x,
                    r.role,
                )
            })
        })
        .filter(|b| b.1.is_finite() && b.1 > 0.0)
        .collect();
    if bars.is_empty() {
        return Ok(false);
    }
    let font = FONTS
        .iter()
        .find_map(|f| std::fs::read(f).ok())
        .ok_or("no DejaVuSans.ttf (Debian's fonts-dejavu-core)")?;
    let font: &'static [u8] = Box::leak(font.into_boxed_slice());
    register_font("sans-serif", FontStyle::Normal, font)
        .map_err(|_| "cannot load DejaVuSans.ttf".to_string())?;

    let lo = bars.iter().map(|b| b.1).fold(1.0f64, f64::min) * 0.7;
    let hi = bars.iter().map(|b| b.1).fold(1.0f64, f64::max) * 1.4;
    let height = 110 + 26 * bars.len() as u32;
    let root = BitMapBackend::new(path, (1000, height)).into_drawing_area();
    let e = |e: &dyn std::fmt::Display| e.to_string();
    root.fill(&WHITE).map_err(|x| e(&x))?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "time ratio (log scale): ours / C in blue, peer / ours in orange",
            ("sans-serif", 20),
        )
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(380)
        .build_cartesian_2d((lo..hi).log_scale(), (0..bars.len()).into_segmented())
        .map_err(|x| e(&x))?;
    let labels: Vec<String> = bars.iter().map(|b| b.0.clone()).collect();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(bars.len())
        .y_label_formatter(&|y| match y {
            SegmentValue::CenterOf(k) if *k < labels.len() => labels[*k].clone(),
            _ => String::new(),
        })
        .label_style(("sans-serif", 14))
        .x_desc("ratio")
        .draw()
        .map_err(|x| e(&x))?;
    chart
        .draw_series(bars.iter().enumerate().map(|(k, b)| {
            let colour = if b.2 == Role::Peer {
                RGBColor(230, 140, 30)
            } else {
                RGBColor(40, 100, 200)
            };
            let mut bar = Rectangle::new(
                [
                    (lo, SegmentValue::Exact(k)),
                    (b.1, SegmentValue::Exact(k + 1)),
                ],
                colour.filled(),
            );
            bar.set_margin(4, 4, 0, 0);
            bar
        }))
        .map_err(|x| e(&x))?;
    chart
        .draw_series(bars.iter().enumerate().map(|(k, b)| {
            Text::new(
                format!("{:.3}", b.1),
                (b.1 * 1.02, SegmentValue::CenterOf(k)),
                ("sans-serif", 13).into_font(),
            )
        }))
        .map_err(|x| e(&x))?;
    chart
        .draw_series(LineSeries::new(
            [
                (1.0, SegmentValue::Exact(0)),
                (1.0, SegmentValue::Exact(bars.len())),
            ],
            BLACK.stroke_width(1),
        ))
        .map_err(|x| e(&x))?;
    root.present().map_err(|x| e(&x))?;
    Ok(true)
}
