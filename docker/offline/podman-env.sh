# shellcheck shell=bash
# Sourced by the offline container scripts: points Podman at a containers.conf made for this kind of machine (no
# systemd, cgroup v1 beside a cgroup v2 mount, rlimits that cannot be set) without touching /etc/containers.
#   runtime runc through runc-without-rlimits.sh (crun 1.8 and plain runc both fail at setrlimit here)
#   cgroupfs, not systemd (no systemd is running), events to a file (no journald)
# Afterwards `podman` in the calling shell uses it (CONTAINERS_CONF); so does `podman system service`, the API
# socket docker-compose talks to.
r1j_offline_dir="${R1J_OFFLINE_DIR:-/var/tmp/r1j-offline}"
r1j_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mkdir -p "$r1j_offline_dir"
cat > "$r1j_offline_dir/containers.conf" <<CONF
[engine]
runtime = "runc-without-rlimits"
cgroup_manager = "cgroupfs"
events_logger = "file"

[engine.runtimes]
runc-without-rlimits = ["$r1j_repo/docker/offline/runc-without-rlimits.sh"]
CONF
export CONTAINERS_CONF="$r1j_offline_dir/containers.conf"

# Without systemd Podman cannot schedule HEALTHCHECK timers and says so on every run/stop/rm ("unable to get systemd
# connection ... healthchecks"); the scripts run `podman healthcheck run` themselves, so those lines are only noise.
podman() { command podman "$@" 2> >(grep -v 'systemd connection' >&2); }
