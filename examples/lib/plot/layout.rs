//! What every panel draws with: the pixel margins of a panel cell, its title, the font
//! of labels, tick labels that tell the ticks apart.

use super::*;

pub(super) fn e(err: impl Display) -> String {
    err.to_string()
}

/// Tick labels of an axis from `lo` to `hi` with about `n` ticks: as few decimals as
/// tell the ticks apart, exponent form for very large and very small numbers.
pub(super) fn tick_label(v: f64, lo: f64, hi: f64, n: usize) -> String {
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

pub(super) fn label_font(size: u32) -> TextStyle<'static> {
    TextStyle::from((FAMILY, size).into_font()).color(&BLACK)
}

/// Pixels of a panel cell: margins around the plot area, where the title, tick labels,
/// axis labels and the colour bar go.
pub(super) const TITLE_H: u32 = 34;
pub(super) const X_LABELS_H: u32 = 48;
pub(super) const Y_LABELS_W: u32 = 72;
pub(super) const BAR_W: u32 = 100;
pub(super) const PAD: u32 = 12;

/// The panel's title, centred at `x`, just above the plot area that starts at `top`.
pub(super) fn draw_title<DB: DrawingBackend>(
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
