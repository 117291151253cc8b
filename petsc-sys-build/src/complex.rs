//! C's complex types in bindgen's output.

/// Replaces the `__BindgenComplex<T>` struct that bindgen writes for C's `_Complex` types
/// with `replacement` (an item defining or importing `__BindgenComplex`), so PETSc's
/// `PetscScalar` can be num-complex's `Complex<f64>`, which has the same layout (`re`,
/// `im`) and arithmetic. Text without that struct (a real build) is returned unchanged.
///
/// ```
/// let text = "use a::*;\n#[derive(Debug)]\n#[repr(C)]\npub struct __BindgenComplex<T> {\n    pub re: T,\n    pub im: T,\n}\npub type PetscComplex = __BindgenComplex<f64>;\n";
/// let out = petsc_sys_build::replace_bindgen_complex(
///     text,
///     "pub type __BindgenComplex<T> = num_complex::Complex<T>;",
/// );
/// assert_eq!(
///     out,
///     "use a::*;\npub type __BindgenComplex<T> = num_complex::Complex<T>;\npub type PetscComplex = __BindgenComplex<f64>;\n"
/// );
/// ```
pub fn replace_bindgen_complex(bindings: &str, replacement: &str) -> String {
    let Some(at) = bindings.find("pub struct __BindgenComplex<T>") else {
        return bindings.to_string();
    };
    // The attributes just above the struct (`#[derive(..)]`, `#[repr(C)]`).
    let mut start = bindings[..at].trim_end_matches('\n').len();
    loop {
        let line_start = bindings[..start].rfind('\n').map_or(0, |i| i + 1);
        if bindings[line_start..start].trim_start().starts_with("#[") {
            start = line_start.saturating_sub(1);
        } else {
            break;
        }
    }
    let start = if start == 0 { 0 } else { start + 1 };
    let end = bindings[at..]
        .find("\n}\n")
        .map_or(bindings.len(), |i| at + i + 3);
    format!("{}{replacement}\n{}", &bindings[..start], &bindings[end..])
}
