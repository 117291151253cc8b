//! Krylov solvers (`KSP`).
