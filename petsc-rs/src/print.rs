//! Printing as PETSc's C programs print: C's `%g` for numbers ([`G`]), and lines on rank
//! 0 of a communicator ([`println0!`](crate::println0), [`print0!`](crate::print0)).

use std::fmt;

/// Formats a real number as C's `%g` does (so ported programs print what C prints): six
/// significant digits, or the formatter's precision (`{:.3}` is `%.3g`), trailing zeros
/// removed, exponent form (`1.5e-07`) when the exponent is below -4 or not below the
/// precision.
///
/// ```
/// use petsc::G;
/// assert_eq!(G(0.000123456789).to_string(), "0.000123457");
/// assert_eq!(G(1.5e-7).to_string(), "1.5e-07");
/// assert_eq!(G(2.0).to_string(), "2");
/// assert_eq!(G(1234567.0).to_string(), "1.23457e+06");
/// assert_eq!(format!("{:.3}", G(3.14159)), "3.14");
/// assert_eq!(G(f64::NAN).to_string(), "nan");
/// assert_eq!(G(-0.0).to_string(), "-0");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
#[doc(alias = "%g")]
pub struct G(pub f64);

impl fmt::Display for G {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.0;
        // C: a precision of 0 counts as 1.
        let p = f.precision().unwrap_or(6).max(1);
        let text = if x.is_nan() {
            "nan".to_string()
        } else if x.is_infinite() {
            if x > 0.0 { "inf" } else { "-inf" }.to_string()
        } else if x == 0.0 {
            if x.is_sign_negative() { "-0" } else { "0" }.to_string()
        } else {
            // The exponent after rounding to `p` significant digits.
            let sci = format!("{:.*e}", p - 1, x);
            let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
            let exp: i64 = exp.parse().unwrap_or(0);
            if exp < -4 || exp >= p as i64 {
                let sign = if exp < 0 { '-' } else { '+' };
                format!("{}e{sign}{:02}", strip_zeros(mantissa), exp.abs())
            } else {
                let decimals = (p as i64 - 1 - exp).max(0) as usize;
                strip_zeros(&format!("{x:.decimals$}"))
            }
        };
        // Width and alignment apply (numbers align right by default); the precision was
        // used above, so it must not truncate the text as `pad` would.
        let w = f.width().unwrap_or(0);
        match f.align() {
            Some(fmt::Alignment::Left) => write!(f, "{text:<w$}"),
            Some(fmt::Alignment::Center) => write!(f, "{text:^w$}"),
            _ => write!(f, "{text:>w$}"),
        }
    }
}

/// Drops the trailing zeros of a decimal fraction, and the point if nothing follows it.
fn strip_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

/// Prints a formatted line on rank 0 of a communicator (a [`Comm`](crate::Comm), or a
/// [`Petsc`](crate::Petsc) for the world) with `PetscPrintf`; evaluates to
/// `petsc::Result<()>`. Collective.
///
/// ```
/// let petsc = petsc::Petsc::init()?;
/// let world = petsc.world();
/// petsc::println0!(world, "Norm of error {}, iterations {}", petsc::G(1.5e-7), 5)?;
/// # Ok::<(), petsc::Error>(())
/// ```
#[macro_export]
macro_rules! println0 {
    ($out:expr) => {
        $out.print("\n")
    };
    ($out:expr, $($arg:tt)*) => {
        $out.print(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// [`println0!`] without the newline.
///
/// ```
/// let petsc = petsc::Petsc::init()?;
/// petsc::print0!(petsc, "{} ", 1)?;
/// petsc::println0!(petsc)?;
/// # Ok::<(), petsc::Error>(())
/// ```
#[macro_export]
macro_rules! print0 {
    ($out:expr, $($arg:tt)*) => {
        $out.print(&format!($($arg)*))
    };
}

#[cfg(test)]
mod tests {
    use super::G;

    #[test]
    fn matches_c_percent_g() {
        for (x, c) in [
            (0.0, "0"),
            (1.0, "1"),
            (0.000421553, "0.000421553"),
            (1.5e-5, "1.5e-05"),
            (2.36588e-07, "2.36588e-07"),
            (123456.0, "123456"),
            (1234567.0, "1.23457e+06"),
            (0.1, "0.1"),
            (9.999996e-5, "0.0001"),
            (-3.25, "-3.25"),
            (1e100, "1e+100"),
            (f64::INFINITY, "inf"),
        ] {
            assert_eq!(G(x).to_string(), c, "{x}");
        }
        assert_eq!(format!("{:.2}", G(0.000123)), "0.00012");
        assert_eq!(format!("{:.0}", G(2.5)), "2");
        assert_eq!(format!("{:>8}", G(1.5)), "     1.5");
    }
}
