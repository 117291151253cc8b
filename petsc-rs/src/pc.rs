//! Preconditioners (`PC`).
