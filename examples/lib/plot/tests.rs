//! The pictures' unit tests: colour ranges, refused inputs, panels drawn to pixels.

use super::figure::TITLE_BAND;
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
