//! The checks of an option's text against what PETSc parses from it: integers out of
//! `PetscInt`'s range (which PETSc's parser wraps), reals that are not finite, array
//! elements and counts; and PETSc's own parsers of one value, for the typed getters.

use std::os::raw::c_char;

use petsc_sys as sys;

use crate::error::{Error, Result};
use crate::scalar::{Int, Real, Scalar};

/// The value of a decimal integer as C's `strtol` reads it (white space, an optional
/// sign, digits): `Some(Some(v))` when it fits [`Int`], `Some(None)` when it does not,
/// `None` for text of another form (PETSc's `DEFAULT`, `DECIDE`, `mouse`, or text PETSc
/// has already refused).
pub(super) fn decimal_int(text: &str) -> Option<Option<Int>> {
    let t = text.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let (negative, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut v: i128 = 0;
    for b in digits.bytes() {
        match v
            .checked_mul(10)
            .and_then(|v| v.checked_add(i128::from(b - b'0')))
        {
            Some(next) => v = next,
            None => return Some(None),
        }
    }
    Some(Int::try_from(if negative { -v } else { v }).ok())
}

/// The range of [`Int`], for messages.
pub(super) fn int_range() -> String {
    format!("PetscInt ({}-bit: {} to {})", Int::BITS, Int::MIN, Int::MAX)
}

/// Checks one integer PETSc read from `text` (the option's whole value is `whole`):
/// a decimal value that does not fit [`Int`], or that PETSc read differently, is an
/// `Err` naming the option.
pub(super) fn check_int_text(
    context: &str,
    option: &str,
    whole: &str,
    text: &str,
    read: Int,
) -> Result<()> {
    match decimal_int(text) {
        Some(Some(v)) if v == read => Ok(()),
        Some(Some(v)) => Err(Error::invalid(
            context,
            format!("option {option} = {whole:?}: PETSc read {read} instead of {v}"),
        )),
        Some(None) => Err(Error::invalid(
            context,
            format!(
                "option {option} = {whole:?}: {} does not fit {}",
                text.trim(),
                int_range()
            ),
        )),
        None => Ok(()),
    }
}

/// The parts of one element of an array option's text as PETSc splits them: a value, or
/// the start, end and (optional) step of a range `a-b:s`.
pub(super) fn array_element_parts(element: &str) -> Vec<&str> {
    // Where PETSc looks for the `-` of a range: past a leading minus sign.
    let from = if element.starts_with('-') { 2 } else { 1 };
    let dash = element
        .char_indices()
        .find(|&(i, c)| i >= from && c == '-')
        .map(|(i, _)| i);
    match dash {
        None => vec![element],
        Some(i) => {
            let (start, rest) = (&element[..i], &element[i + 1..]);
            match rest.split_once(':') {
                Some((end, step)) => vec![start, end, step],
                None => vec![start, rest],
            }
        }
    }
}

/// An integer as PETSc's `PetscOptionsStringToInt` reads it, if it fits [`Int`].
pub(super) fn petsc_int(text: &str) -> Option<Int> {
    match decimal_int(text) {
        Some(v) => v,
        None => {
            let is = |k: &str| text.eq_ignore_ascii_case(k);
            if is("PETSC_DEFAULT") || is("DEFAULT") {
                Some(sys::PETSC_DEFAULT as Int)
            } else if is("PETSC_DECIDE") || is("DECIDE") || is("mouse") {
                Some(-1)
            } else {
                None
            }
        }
    }
}

/// How many values PETSc needs room for to read an array option's text: one per
/// value, and for a range PETSc's own count `(end - start) / step + (end - start) % step`
/// (which it checks against the room before writing).
pub(super) fn array_count_bound(text: &str) -> i128 {
    let mut total: i128 = 0;
    for element in text.split(',').filter(|e| !e.is_empty()) {
        let parts = array_element_parts(element);
        let values: Option<Vec<i128>> =
            parts.iter().map(|p| petsc_int(p).map(i128::from)).collect();
        let n = match values.as_deref() {
            Some(&[start, end]) if end > start => end - start,
            Some(&[start, end, step]) if end > start && step > 0 => {
                (end - start) / step + (end - start) % step
            }
            _ => 1,
        };
        total = total.saturating_add(n);
    }
    total
}

/// Checks every integer of an array option's text (PETSc's syntax: elements separated
/// by commas, each a value, a range `a-b` or a range with a step `a-b:s`): an element
/// that does not fit [`Int`] is an `Err` naming the option.
pub(super) fn check_int_array_text(context: &str, option: &str, text: &str) -> Result<()> {
    for element in text.split(',').filter(|e| !e.is_empty()) {
        for part in array_element_parts(element) {
            if decimal_int(part) == Some(None) {
                return Err(Error::invalid(
                    context,
                    format!(
                        "option {option} = {text:?}: {} does not fit {}",
                        part.trim(),
                        int_range()
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Checks a real number PETSc read from `text`: infinite (`infinite`) although the
/// text does not say infinity or NaN means it overflowed; zero (`zero`) although the
/// text has a non-zero digit before its exponent means it underflowed. Either is an
/// `Err` naming the option.
pub(super) fn check_real_text(
    context: &str,
    option: &str,
    text: &str,
    infinite: bool,
    zero: bool,
) -> Result<()> {
    let lower = text.trim().to_ascii_lowercase();
    let says_special = lower.contains("inf") || lower.contains("nan");
    if infinite && !says_special {
        return Err(Error::invalid(
            context,
            format!(
                "option {option} = {text:?} overflows PetscReal ({}-byte, largest {:e})",
                std::mem::size_of::<Real>(),
                Real::MAX
            ),
        ));
    }
    if zero && !says_special {
        let unsigned = lower.trim_start_matches(['+', '-']);
        let nonzero = match unsigned.strip_prefix("0x") {
            Some(hex) => hex
                .split('p')
                .next()
                .is_some_and(|m| m.chars().any(|c| c.is_ascii_hexdigit() && c != '0')),
            None => unsigned
                .split('e')
                .next()
                .is_some_and(|m| m.chars().any(|c| matches!(c, '1'..='9'))),
        };
        if nonzero {
            return Err(Error::invalid(
                context,
                format!(
                    "option {option} = {text:?} underflows PetscReal to 0 (smallest positive {:e})",
                    Real::from_bits(1)
                ),
            ));
        }
    }
    Ok(())
}

// The runtime's options database: defined here rather than in `init`, so that `init`
// (below `options` in the module order) does not depend on `options`.
/// PETSc's parser of one real array element (for [`Options::get_array`]).
pub(super) fn parse_real(text: *const c_char) -> sys::PetscErrorCode {
    let mut v: Real = 0.0;
    // SAFETY: a NUL-terminated string; one output.
    unsafe { sys::PetscOptionsStringToReal(text, &mut v) }
}

/// PETSc's parser of one scalar array element.
pub(super) fn parse_scalar(text: *const c_char) -> sys::PetscErrorCode {
    let mut v = Scalar::default();
    // SAFETY: a NUL-terminated string; one output.
    unsafe { sys::PetscOptionsStringToScalar(text, &mut v) }
}

/// PETSc's parser of one boolean array element.
pub(super) fn parse_bool(text: *const c_char) -> sys::PetscErrorCode {
    let mut v = sys::PETSC_BOOL_FALSE;
    // SAFETY: a NUL-terminated string; one output.
    unsafe { sys::PetscOptionsStringToBool(text, &mut v) }
}

/// `text` split as PETSc's tokenizer splits an options string (`PetscTokenCreate` on
/// spaces): a double-quoted run is one token, without its quotes.
pub(super) fn tokens(context: &str, text: &str) -> Result<Vec<String>> {
    let c = crate::error::c_string(context, text)?;
    let mut token: sys::PetscToken = std::ptr::null_mut();
    // SAFETY: NUL-terminated text, which PETSc copies; one output.
    crate::error::check(unsafe { sys::PetscTokenCreate(c.as_ptr(), b' ' as c_char, &mut token) })?;
    let mut out = Vec::new();
    let found = loop {
        // `char *[]` up to PETSc 3.22, `const char *[]` from 3.23.
        #[cfg(not(petsc_3_23))]
        let mut p: *mut c_char = std::ptr::null_mut();
        #[cfg(petsc_3_23)]
        let mut p: *const c_char = std::ptr::null();
        // SAFETY: the live tokenizer; PETSc points `p` into its own copy, or null at
        // the end.
        let r = crate::error::check(unsafe { sys::PetscTokenFind(token, &mut p) });
        match r {
            Err(e) => break Err(e),
            Ok(()) if p.is_null() => break Ok(()),
            Ok(()) => {
                // SAFETY: a NUL-terminated token inside the tokenizer's copy.
                let t = unsafe { std::ffi::CStr::from_ptr(p) };
                out.push(t.to_string_lossy().into_owned());
            }
        }
    };
    // SAFETY: the tokenizer made above, destroyed once.
    crate::error::check(unsafe { sys::PetscTokenDestroy(&mut token) })?;
    found.map(|()| out)
}

/// Whether PETSc takes `text` for an option's name (`PetscOptionsValidKey`: a dash and
/// a letter, not a negative number).
pub(super) fn valid_key(context: &str, text: &str) -> Result<bool> {
    let c = crate::error::c_string(context, text)?;
    let mut b = sys::PETSC_BOOL_FALSE;
    // SAFETY: NUL-terminated text; one output.
    crate::error::check(unsafe { sys::PetscOptionsValidKey(c.as_ptr(), &mut b) })?;
    Ok(b == sys::PETSC_BOOL_TRUE)
}
