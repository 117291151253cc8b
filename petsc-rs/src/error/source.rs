//! Errors of other libraries inside petsc-rs errors: [`ErrorSource`], `From` conversions,
//! [`Context`], and the whole chain of causes in one line ([`Error::report`]).

use std::fmt;
use std::sync::Arc;

use super::{Error, Result};

/// Another library's error kept inside an [`Error`] ([`Error::External`],
/// [`Error::Other`]): shared, so the `Error` stays `Clone`; it dereferences to the error
/// itself (`source.downcast_ref::<std::io::Error>()`).
///
/// Two sources are equal when they are the same error or print the same.
pub struct ErrorSource(
    // Boxed, so that each `ErrorSource` has a heap address of its own that moves do not
    // change: the key of its `Error` among the live errors.
    Box<Arc<dyn std::error::Error + Send + Sync + 'static>>,
);

impl ErrorSource {
    /// Keeps `error`.
    pub fn new(error: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>) -> Self {
        ErrorSource(Box::new(Arc::from(error.into())))
    }

    /// The error, shared.
    pub fn shared(&self) -> Arc<dyn std::error::Error + Send + Sync + 'static> {
        Arc::clone(&self.0)
    }

    /// The address that identifies this source while it lives (its box's).
    pub(crate) fn key(&self) -> usize {
        &*self.0 as *const Arc<_> as usize
    }
}

impl Clone for ErrorSource {
    fn clone(&self) -> Self {
        ErrorSource(Box::new(Arc::clone(&self.0)))
    }
}

impl std::ops::Deref for ErrorSource {
    type Target = dyn std::error::Error + Send + Sync + 'static;
    fn deref(&self) -> &Self::Target {
        &**self.0
    }
}

impl fmt::Debug for ErrorSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self.0, f)
    }
}

impl fmt::Display for ErrorSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self.0, f)
    }
}

impl PartialEq for ErrorSource {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.to_string() == other.to_string()
    }
}

/// `?` on an I/O error in a function returning [`petsc::Result`](crate::Result): the
/// error is kept whole ([`Error::External`]), printed as itself.
///
/// ```
/// fn read(path: &str) -> petsc::Result<String> {
///     Ok(std::fs::read_to_string(path)?)
/// }
/// let e = read("/nonexistent/petsc-rs").unwrap_err();
/// let io = e.downcast_ref::<std::io::Error>().unwrap();
/// assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
/// ```
impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::external(e)
    }
}

impl Error {
    /// Another library's error (or a program's own error type), kept whole as
    /// [`Error::External`]: printed as itself, its causes its own, reachable with
    /// [`downcast_ref`](Self::downcast_ref).
    ///
    /// ```
    /// let e = petsc::Error::external("12x".parse::<u32>().unwrap_err());
    /// assert_eq!(e.to_string(), "invalid digit found in string");
    /// assert!(e.downcast_ref::<std::num::ParseIntError>().is_some());
    /// ```
    pub fn external(error: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>) -> Error {
        let source: Box<dyn std::error::Error + Send + Sync> = error.into();
        // A petsc-rs error given back stays itself.
        match source.downcast::<Error>() {
            Ok(e) => *e,
            Err(source) => Error::External(ErrorSource::new(source)).counted(),
        }
    }

    /// `error` with what was being done, as [`Error::Other`]: prints `context`, and
    /// `error` is its [`source`](std::error::Error::source). [`Context::context`] on a
    /// `Result` makes the same.
    ///
    /// ```
    /// use std::error::Error as _;
    /// let e = petsc::Error::other("reading the mesh", std::io::Error::other("disk gone"));
    /// assert_eq!(e.to_string(), "reading the mesh");
    /// assert_eq!(e.source().unwrap().to_string(), "disk gone");
    /// assert_eq!(e.report(), "reading the mesh: disk gone");
    /// ```
    pub fn other(
        context: impl Into<String>,
        error: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Error {
        Error::Other {
            context: context.into(),
            source: ErrorSource::new(error),
        }
        .counted()
    }

    /// The error of another library inside this one ([`Error::External`], or the
    /// source of [`Error::Other`], looked for down the chain), as `T`.
    ///
    /// ```
    /// use petsc::Context;
    /// let e = "x".parse::<f64>().context("reading the tolerance").unwrap_err();
    /// assert!(e.downcast_ref::<std::num::ParseFloatError>().is_some());
    /// ```
    pub fn downcast_ref<T: std::error::Error + 'static>(&self) -> Option<&T> {
        let mut next: Option<&(dyn std::error::Error + 'static)> = Some(self);
        while let Some(e) = next {
            if let Some(t) = e.downcast_ref::<T>() {
                return Some(t);
            }
            next = match e.downcast_ref::<Error>() {
                Some(Error::External(s)) => Some(&**s),
                _ => e.source(),
            };
        }
        None
    }

    /// This error and its causes in one line, outermost first, separated by `": "`:
    /// what [`main`](crate::main) prints. `Display` (`{e}`) says only this level, as the
    /// standard library's convention has it; [`source`](std::error::Error::source) gives
    /// the cause.
    ///
    /// ```
    /// use std::error::Error as _;
    /// let e = petsc::Error::Callback {
    ///     callback: "SNES function".into(),
    ///     source: Box::new(petsc::Error::user("negative density")),
    /// };
    /// assert_eq!(e.to_string(), "callback SNES function failed");
    /// assert_eq!(e.source().unwrap().to_string(), "negative density");
    /// assert_eq!(e.report(), "callback SNES function failed: negative density");
    /// ```
    pub fn report(&self) -> String {
        report(self)
    }
}

/// `error` and its causes, outermost first, separated by `": "`.
pub(crate) fn report(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut next = error.source();
    while let Some(e) = next {
        let s = e.to_string();
        // A level whose message already ends with its cause's (a library that prints
        // its source too) is not repeated.
        if !text.ends_with(&s) {
            text.push_str(": ");
            text.push_str(&s);
        }
        next = e.source();
    }
    text
}

/// `?` on the errors of other libraries inside a petsc-rs program or closure, with what
/// was being done: turns a `Result` whose error converts into a boxed error (any
/// `std::error::Error + Send + Sync`, a `String`, a `&str`) into a petsc-rs [`Result`]
/// whose error ([`Error::Other`]) prints `what` and keeps the original as its
/// [`source`](std::error::Error::source).
///
/// ```
/// use petsc::Context;
///
/// fn read_count(text: &str) -> petsc::Result<u32> {
///     text.trim().parse::<u32>().context("reading the particle count")
/// }
/// assert_eq!(read_count(" 12 ")?, 12);
/// let e = read_count("twelve").unwrap_err();
/// assert_eq!(e.to_string(), "reading the particle count");
/// assert_eq!(e.report(), "reading the particle count: invalid digit found in string");
/// # Ok::<(), petsc::Error>(())
/// ```
pub trait Context<T> {
    /// This result, its error kept as the source of an [`Error::Other`] saying `what`.
    fn context(self, what: &str) -> Result<T>;
}

impl<T, E> Context<T> for std::result::Result<T, E>
where
    E: Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
{
    fn context(self, what: &str) -> Result<T> {
        self.map_err(|e| Error::other(what, e))
    }
}
