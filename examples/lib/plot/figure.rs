//! Pictures of several panels: a [`Figure`] lays out [`Panel`]s in a grid under an
//! optional title and writes the PNG file.

use super::*;

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
    pub(super) fn size(&self) -> (u32, u32) {
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
pub(super) const TITLE_BAND: u32 = 40;

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
    pub fn render(&self) -> petsc::Result<Vec<u8>> {
        font()?;
        for p in &self.panels {
            if let Panel::Field(f) = p {
                f.check().map_err(check_failed)?;
            }
        }
        let (w, h) = self.size();
        let mut buf = vec![255u8; 3 * w as usize * h as usize];
        self.draw(&mut buf, (w, h))
            .map_err(|e| check_failed(format!("cannot draw the picture: {e}")))?;
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
    pub fn save(&self, path: &Path) -> petsc::Result<()> {
        if !is_png_name(path) {
            return Err(usage_error(format!("{}: {NOT_PNG}", path.display())));
        }
        let pixels = self.render()?;
        let size = self.size();
        let cannot = |m: String| usage_error(format!("cannot write {}: {m}", path.display()));
        // The encoder's own errors are less legible than the system's: try the file first.
        std::fs::File::create(path).map_err(|x| cannot(x.to_string()))?;
        let mut backend = BitMapBackend::new(path, size);
        backend
            .blit_bitmap((0, 0), size, &pixels)
            .map_err(|x| cannot(x.to_string()))?;
        backend.present().map_err(|x| cannot(x.to_string()))
    }
}
