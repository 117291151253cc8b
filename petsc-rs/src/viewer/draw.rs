//! Graphics viewers (`PETSCVIEWERDRAW`): windows that PETSc draws vectors, matrices and
//! line graphs into, through X where PETSc was built with it. Without a display PETSc
//! says so on standard error and draws into nothing (quietly with `-nox`); every call
//! still succeeds.

use std::ffi::CString;

use petsc_sys as sys;

use super::Viewer;
use crate::comm::Comm;
use crate::error::{Error, Result, c_string, check};
use crate::object::Object;

/// The C form of a draw window's display, title, position and size; `None` is PETSc's
/// choice (a null string, `PETSC_DECIDE`). Positions are not negative and sizes
/// positive.
struct WindowArgs {
    display: Option<CString>,
    title: Option<CString>,
    xywh: [i32; 4],
}

impl WindowArgs {
    fn new(
        ctx: &str,
        display: Option<&str>,
        title: Option<&str>,
        position: Option<[i32; 2]>,
        size: Option<[i32; 2]>,
    ) -> Result<WindowArgs> {
        if let Some(p) = position.filter(|p| p.iter().any(|&v| v < 0)) {
            return Err(Error::invalid(ctx, format!("position {p:?} is negative")));
        }
        if let Some(s) = size.filter(|s| s.iter().any(|&v| v <= 0)) {
            return Err(Error::invalid(ctx, format!("size {s:?} is not positive")));
        }
        let decide: i32 = sys::PETSC_DECIDE;
        let [x, y] = position.unwrap_or([decide; 2]);
        let [w, h] = size.unwrap_or([decide; 2]);
        Ok(WindowArgs {
            display: display.map(|d| c_string(ctx, d)).transpose()?,
            title: title.map(|t| c_string(ctx, t)).transpose()?,
            xywh: [x, y, w, h],
        })
    }

    fn display(&self) -> *const std::os::raw::c_char {
        self.display
            .as_ref()
            .map_or(std::ptr::null(), |d| d.as_ptr())
    }

    fn title(&self) -> *const std::os::raw::c_char {
        self.title.as_ref().map_or(std::ptr::null(), |t| t.as_ptr())
    }
}

impl Viewer {
    /// A graphics viewer (`PetscViewerDrawOpen`; collective): `display` the X display
    /// (`None`: `$DISPLAY`), `title` the window's title, `position` its top-left corner
    /// and `size` its width and height in pixels (`None`: PETSc's choice). The window
    /// opens at the first drawing; `-draw_pause` sets how long each drawing stays.
    ///
    /// ```
    /// use petsc::{Object, Viewer};
    /// let petsc = petsc::Petsc::init()?;
    /// petsc.options().set_value("-nox", "")?; // no window here: draw into nothing
    /// let c = petsc.self_comm();
    /// let v = Viewer::new_draw(&c, None, Some("residual"), Some([0, 0]), Some([300, 300]))?;
    /// assert_eq!(v.type_name()?, "draw");
    /// petsc::Vector::from_slice(&c, &[1.0, 2.0])?.view_with(&v)?;
    /// assert!(Viewer::new_draw(&c, None, None, None, Some([0, 10])).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscViewerDrawOpen")]
    pub fn new_draw(
        comm: &Comm,
        display: Option<&str>,
        title: Option<&str>,
        position: Option<[i32; 2]>,
        size: Option<[i32; 2]>,
    ) -> Result<Viewer> {
        const CTX: &str = "Viewer::new_draw";
        let a = WindowArgs::new(CTX, display, title, position, size)?;
        let [x, y, w, h] = a.xywh;
        let mut v: sys::PetscViewer = std::ptr::null_mut();
        // SAFETY: live communicator; null or NUL-terminated strings, which PETSc copies.
        let r = check(unsafe {
            sys::PetscViewerDrawOpen(comm.as_raw(), a.display(), a.title(), x, y, w, h, &mut v)
        });
        Viewer::opened(comm, CTX, v, r)
    }

    /// The communicator's shared graphics viewer (`PETSC_VIEWER_DRAW_`), which
    /// `-vec_view draw` and its kind use.
    #[doc(alias = "PETSC_VIEWER_DRAW_")]
    pub fn draw(comm: &Comm) -> Result<Viewer> {
        // SAFETY: live communicator; PETSc returns its shared viewer, or null on error.
        let v = unsafe { sys::PETSC_VIEWER_DRAW_(comm.as_raw()) };
        if v.is_null() {
            return Err(Error::invalid(
                "Viewer::draw",
                "PETSc could not make the shared graphics viewer",
            ));
        }
        // SAFETY: a live viewer; the handle takes its own reference.
        unsafe { Viewer::from_raw_borrowed(comm.petsc(), v) }
    }

    /// Refuses a viewer that is not a graphics viewer.
    fn require_draw(&self, ctx: &str) -> Result<()> {
        let t = self.type_name()?;
        if t != "draw" {
            return Err(Error::invalid(
                ctx,
                format!("the viewer has type '{t}', not 'draw' (make it with Viewer::new_draw)"),
            ));
        }
        Ok(())
    }

    /// Sets the size of a graphics viewer's windows in pixels (`PetscViewerDrawResize`),
    /// before they open. (The display, title and position are given to
    /// [`new_draw`](Self::new_draw): PETSc's `PetscViewerDrawSetInfo` would leak
    /// the strings it replaces.) An `Err` for another type of viewer, or a size that is
    /// not positive.
    ///
    /// ```
    /// use petsc::Viewer;
    /// let petsc = petsc::Petsc::init()?;
    /// petsc.options().set_value("-nox", "")?;
    /// let c = petsc.self_comm();
    /// let mut v = Viewer::new_draw(&c, None, Some("solution"), None, None)?;
    /// v.resize_draw([400, 200])?;
    /// v.clear_draw()?;
    /// assert!(v.resize_draw([0, 200]).is_err());
    /// assert!(Viewer::ascii_stdout(&c)?.clear_draw().is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscViewerDrawResize")]
    pub fn resize_draw(&mut self, size: [i32; 2]) -> Result<()> {
        const CTX: &str = "Viewer::resize_draw";
        self.require_draw(CTX)?;
        if size.iter().any(|&v| v <= 0) {
            return Err(Error::invalid(
                CTX,
                format!("size {size:?} is not positive"),
            ));
        }
        // SAFETY: live graphics viewer.
        check(unsafe { sys::PetscViewerDrawResize(self.ptr, size[0], size[1]) })
    }

    /// Clears every window of a graphics viewer (`PetscViewerDrawClear`; collective). An
    /// `Err` for another type of viewer.
    #[doc(alias = "PetscViewerDrawClear")]
    pub fn clear_draw(&self) -> Result<()> {
        self.require_draw("Viewer::clear_draw")?;
        // SAFETY: live graphics viewer.
        check(unsafe { sys::PetscViewerDrawClear(self.ptr) })
    }
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl Viewer {
    /// The former name of [`new_draw`](Self::new_draw).
    #[deprecated(
        since = "0.2.0",
        note = "use `Viewer::new_draw` (constructors are `new`/`new_*`)"
    )]
    pub fn create_draw(
        comm: &Comm,
        display: Option<&str>,
        title: Option<&str>,
        position: Option<[i32; 2]>,
        size: Option<[i32; 2]>,
    ) -> Result<Viewer> {
        Self::new_draw(comm, display, title, position, size)
    }
}
