//! Integration tests of the grids and meshes: DM, DMDA, DMShell, DMPlex (with its I/O),
//! DMStag and DMComposite, DMSwarm, finite elements.
//!
//! Each module is one former test file; its cases are named `module::case`, and the
//! filter `module::` runs them alone (as `ci/test-files.sh` does).

mod dm;
mod dm_disc;
mod dm_shell;
mod dmda;
mod fe_spaces;
mod fem;
mod fem_ts;
mod mesh_tools;
mod plex;
mod plex_io;
mod plex_more;
mod plex_partitioner;
mod stag_composite;
mod swarm;
mod swarm_counts;
mod undistributed_overlap;

fn main() {
    petsc_tests::run_modules(&[
        ("dm", dm::cases),
        ("dm_disc", dm_disc::cases),
        ("dm_shell", dm_shell::cases),
        ("dmda", dmda::cases),
        ("fe_spaces", fe_spaces::cases),
        ("fem", fem::cases),
        ("fem_ts", fem_ts::cases),
        ("mesh_tools", mesh_tools::cases),
        ("plex", plex::cases),
        ("plex_io", plex_io::cases),
        ("plex_more", plex_more::cases),
        ("plex_partitioner", plex_partitioner::cases),
        ("stag_composite", stag_composite::cases),
        ("swarm", swarm::cases),
        ("swarm_counts", swarm_counts::cases),
        ("undistributed_overlap", undistributed_overlap::cases),
    ]);
}
