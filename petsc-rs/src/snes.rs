//! Nonlinear solvers (`SNES`).
