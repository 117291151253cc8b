# Sourced by the CI scripts. Two ways an Open MPI 4 start fails when many start at once
# (unit and doc tests, the torture cases and the test-file jobs do), each in MPI_Init with
# no output of the program's own:
# - Each job keeps its files under <base>/ompi.<host>.<uid>/pid.<pid>, and a job that ends
#   removes the shared ompi.<host>.<uid> once it is empty, under a job that is starting
#   ("could not create ... pid.N").
# - A program started without mpiexec (a singleton) forks a daemon, orted, and fails if
#   the daemon does not report back ("Unable to start a daemon on the local node").
#   Nothing in the project spawns processes through MPI, so singletons need no daemon.

# mpi_session DIR: makes DIR a session base whose shared directory is never empty
# (a subdirectory, keep/, which Open MPI's clean-up leaves where it removes plain files),
# under the host's full and short names, and exports it as the base of every MPI start
# that follows, with singletons started without a daemon.
mpi_session() {
    local dir=$1 host uid
    uid=$(id -u)
    for host in "$(hostname)" "$(hostname -s 2>/dev/null)"; do
        [[ -n $host ]] || continue
        mkdir -p "$dir/ompi.$host.$uid/keep"
    done
    export OMPI_MCA_orte_tmpdir_base=$dir
    export OMPI_MCA_ess_singleton_isolated=1
}
