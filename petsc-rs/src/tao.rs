//! Optimization solvers (`Tao`).
