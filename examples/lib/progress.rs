//! Progress of long runs (wave steps, T2 maps, N-1 screening, genotype scans), shown by
//! rank 0 only: a bar when standard error is a terminal, otherwise a plain line at each
//! tenth of the work (`wave steps: 550/1100 (50%, 3.2 s)`), so logs of batch jobs stay
//! short. Standard output is untouched, so the answers a program prints do not change.
//! A rank started by an MPI launcher whose standard error is a terminal shows nothing:
//! Open MPI 5's launcher gives each rank one terminal for standard output and error
//! together, whatever its own output is, so progress there would land among the
//! program's output lines.
//!
//! ```
//! use petsc_examples::progress::Progress;
//! let petsc = petsc::Petsc::init().unwrap();
//! let p = Progress::new(&petsc, "voxels", 1000);
//! for _ in 0..1000 {
//!     p.inc(1);
//! }
//! p.finish();
//! ```

use std::cell::Cell;
use std::io::{IsTerminal, Write};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use petsc::Petsc;

/// How progress is shown on this rank.
#[derive(Debug)]
enum Show {
    /// Not rank 0, or nothing to count: silent.
    Nothing,
    /// A terminal: an `indicatif` bar.
    Bar(ProgressBar),
    /// A file or pipe: one line per tenth done.
    Lines { tenths: Cell<u64>, started: Instant },
}

/// Whether an MPI launcher started this process (Open MPI, PMIx or MPICH's Hydra set these).
fn under_launcher() -> bool {
    ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"]
        .iter()
        .any(|v| std::env::var_os(v).is_some())
}

/// A counter of work done out of a known total, shown on rank 0 (see the module docs).
#[derive(Debug)]
pub struct Progress {
    what: String,
    total: u64,
    done: Cell<u64>,
    show: Show,
}

impl Progress {
    /// Counts `total` units of `what` (`"steps"`, `"voxels"`, ...). Collective only in
    /// that every rank may call it; only rank 0 shows anything.
    pub fn new(petsc: &Petsc, what: &str, total: u64) -> Progress {
        let terminal = std::io::stderr().is_terminal();
        let show = if petsc.world().rank() != 0 || total == 0 || (terminal && under_launcher()) {
            Show::Nothing
        } else if terminal {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template(
                "{msg} [{elapsed_precise}] {wide_bar} {pos}/{len} (eta {eta})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar.set_message(what.to_string());
            Show::Bar(bar)
        } else {
            Show::Lines {
                tenths: Cell::new(0),
                started: Instant::now(),
            }
        };
        Progress {
            what: what.to_string(),
            total,
            done: Cell::new(0),
            show,
        }
    }

    /// Counts `n` more units done.
    pub fn inc(&self, n: u64) {
        self.set(self.done.get().saturating_add(n));
    }

    /// Sets the units done so far (clamped to the total). Reaching the total ends the
    /// display, as [`Progress::finish`] does.
    pub fn set(&self, done: u64) {
        let done = done.min(self.total);
        self.done.set(done);
        match &self.show {
            Show::Nothing => {}
            Show::Bar(bar) => {
                bar.set_position(done);
                if done == self.total {
                    bar.finish_and_clear();
                }
            }
            Show::Lines { tenths, started } => {
                let now = done * 10 / self.total.max(1);
                if now > tenths.get() {
                    tenths.set(now);
                    let mut err = std::io::stderr().lock();
                    // Progress is informative only: a closed stderr is not an error.
                    let _ = writeln!(
                        err,
                        "{}: {done}/{} ({}%, {:.1} s)",
                        self.what,
                        self.total,
                        now * 10,
                        started.elapsed().as_secs_f64()
                    );
                }
            }
        }
    }

    /// Runs `f` with the bar taken off the terminal, then draws it again: for lines a
    /// program prints to standard output while the bar is shown (when both go to the
    /// same terminal, the bar would otherwise be left at the start of the line).
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.show {
            Show::Bar(bar) => bar.suspend(f),
            _ => f(),
        }
    }

    /// Ends the display before the total is reached, as when a run stops early (the bar
    /// is cleared; plain lines need nothing more).
    pub fn finish(self) {
        if let Show::Bar(bar) = &self.show {
            bar.finish_and_clear();
        }
    }
}
