# Sourced by the CI scripts. Open MPI 4 keeps each job's files under a session directory,
# <base>/ompi.<host>.<uid>/pid.<pid>, and a job that ends removes the shared
# ompi.<host>.<uid> once it is empty: a job starting beside it then fails in MPI_Init
# ("could not create ... pid.N") with no output of its own. Unit and doc tests, the
# torture cases and the test-file jobs start many at once.

# mpi_session_dir DIR: makes DIR a session base whose shared directory is never empty
# (a subdirectory, keep/, which Open MPI's clean-up leaves where it removes plain files),
# under the host's full and short names, and prints DIR.
mpi_session_dir() {
    local dir=$1 host uid
    uid=$(id -u)
    for host in "$(hostname)" "$(hostname -s 2>/dev/null)"; do
        [[ -n $host ]] || continue
        mkdir -p "$dir/ompi.$host.$uid/keep"
    done
    printf '%s\n' "$dir"
}
