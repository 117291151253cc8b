# Sourced by the CI scripts. Open MPI 4 keeps each job's files under a session directory,
# <base>/ompi.<host>.<uid>/..., and a job that ends removes the shared
# ompi.<host>.<uid> once it is empty, under a job that is starting: the new job fails
# in MPI_Init with no output of its own ("could not create ... pid.N", or for a program
# started without mpiexec, whose daemon cannot make its directory, "Unable to start a
# daemon on the local node"). Unit and doc tests, the torture cases and the test-file
# jobs start many at once. (Daemon-less singletons, `ess_singleton_isolated`, are no
# way out: they all take the same job directory, jf.0/1, and remove it under each other.)

# mpi_session DIR: makes DIR a session base whose shared directory is never empty
# (a subdirectory, keep/, which Open MPI's clean-up leaves where it removes plain files),
# under the host's full and short names, and exports it as the base of every MPI start
# that follows (tests/src/lib.rs passes it on to the programs the tests start).
mpi_session() {
    local dir=$1 host uid
    uid=$(id -u)
    for host in "$(hostname)" "$(hostname -s 2>/dev/null)"; do
        [[ -n $host ]] || continue
        mkdir -p "$dir/ompi.$host.$uid/keep"
    done
    export OMPI_MCA_orte_tmpdir_base=$dir
}
