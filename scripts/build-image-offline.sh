#!/usr/bin/env bash
# Builds the r1j image from the real Dockerfile on a machine that cannot reach Docker Hub and runs no container
# daemon (only Debian's mirror and Maven Central are reachable). Run as root; needs podman, debootstrap, jq (Debian).
#   1. debootstrap a minimal Debian bookworm rootfs and import it as localhost/r1j-base/debian:bookworm
#   2. local base images (docker/offline/*.Containerfile) standing in for the Docker Hub ones:
#        localhost/r1j-base/temurin:25-jre        Debian + a JRE jlink'ed from this machine's Temurin 25
#        localhost/r1j-base/maven:temurin-25      Debian + the full Temurin 25 JDK + Debian's Maven
#        localhost/r1j-base/postgres:debian       Debian + PostgreSQL 15 (compose.yaml's database, see its entrypoint)
#   3. `podman build --pull=never --format docker` of the Dockerfile with BUILD_IMAGE/RUN_IMAGE set to those bases.
# Steps 1-2 are skipped when their image exists (REBUILD=1 redoes them). Heavy steps run under `nice`.
# Environment: R1J_IMAGE (default localhost/r1j:latest), R1J_OFFLINE_DIR (work dir, default /var/tmp/r1j-offline),
#   JDK_HOME (default /usr/lib/jvm/temurin-25-jdk-amd64), DEBIAN_MIRROR, MAVEN_DIR (default /usr/share/maven).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
# Everything comes from Debian: Podman and runc, debootstrap, jq (the runtime wrapper), docker-compose (the compose
# check), Maven (copied into the build image).
missing=()
for tool in podman:podman runc:runc debootstrap:debootstrap jq:jq docker-compose:docker-compose mvn:maven; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"   # with Recommends: netavark, slirp4netns
fi
# shellcheck source=docker/offline/podman-env.sh
source "$repo/docker/offline/podman-env.sh"
work="$r1j_offline_dir"
jdk="${JDK_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
maven_dir="${MAVEN_DIR:-/usr/share/maven}"
image="${R1J_IMAGE:-localhost/r1j:latest}"
debian=localhost/r1j-base/debian:bookworm
jre=localhost/r1j-base/temurin:25-jre
maven=localhost/r1j-base/maven:temurin-25
postgres=localhost/r1j-base/postgres:debian
# The JRE's modules: the Java SE platform, the Vector API, the unsupported Unsafe users, and the JDK tools an
# operator reaches for inside a container (jcmd, JFR, management).
jre_modules=java.se,jdk.incubator.vector,jdk.unsupported,jdk.management,jdk.management.agent,jdk.jfr,jdk.jcmd,\
jdk.zipfs,jdk.net,jdk.naming.dns,jdk.charsets,jdk.localedata,jdk.crypto.cryptoki,jdk.httpserver

log() { printf '\n== %s (%s)\n' "$*" "$(date -u +%H:%M:%S)"; }
needed() { [ "${REBUILD:-0}" = 1 ] || ! podman image exists "$1"; }

if needed "$debian"; then
  log "debootstrap Debian bookworm (minbase) from $mirror"
  # An interrupted debootstrap leaves /proc and /sys mounted in the rootfs: unmount before deleting it.
  for mount in proc sys dev/pts; do umount "$work/rootfs/$mount" 2>/dev/null || true; done
  if grep -q " $work/rootfs/" /proc/mounts; then echo "still mounted under $work/rootfs" >&2; exit 1; fi
  rm -rf "$work/rootfs"
  nice debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" > "$work/debootstrap.log"
  rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
  log "import the rootfs as $debian"
  tar -C "$work/rootfs" --numeric-owner -c . \
    | podman import --change 'CMD ["/bin/bash"]' --change 'ENV LANG=C.UTF-8' - "$debian"
fi

if needed "$jre"; then
  log "jlink a JRE 25 from $jdk"
  rm -rf "$work/jre"
  mkdir -p "$work/jre"
  nice "$jdk/bin/jlink" --add-modules "$jre_modules" --strip-debug --no-man-pages --no-header-files \
    --compress zip-6 --output "$work/jre/jre"
  nice podman build --pull=never --format docker -t "$jre" -f "$repo/docker/offline/jre.Containerfile" "$work/jre"
fi

if needed "$maven"; then
  log "stage the Temurin 25 JDK and Debian's Maven ($maven_dir), links resolved"
  rm -rf "$work/maven"
  mkdir -p "$work/maven"
  cp -R -L --preserve=mode,timestamps "$jdk" "$work/maven/jdk"   # cacerts links to /etc/ssl on the host
  cp -rL "$maven_dir" "$work/maven/maven"
  nice podman build --pull=never --format docker -t "$maven" -f "$repo/docker/offline/maven.Containerfile" \
    "$work/maven"
fi

if needed "$postgres"; then
  log "PostgreSQL stand-in from Debian"
  nice podman build --pull=never --format docker -t "$postgres" -f "$repo/docker/offline/postgres.Containerfile" \
    "$repo/docker/offline"
fi

log "build $image from $repo/Dockerfile"
nice podman build --pull=never --format docker --build-arg BUILD_IMAGE="$maven" --build-arg RUN_IMAGE="$jre" \
  -t "$image" "$repo"
podman image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E 'r1j' || true
