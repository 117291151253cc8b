//! Distributed arrays (`DM`, `DMDA`): structured grids.
