#!/usr/bin/env bash
# The "modern" build engine: Debian sid's docker.io (dockerd 28.5, BuildKit with a
# built-in Dockerfile frontend at about the 1.19 level) and docker-buildx 0.29, run
# next to the system's Docker 20.10 daemon, offline.
#
# Usage: scripts/engine/modern.sh start|stop|env|status
#
#   start   fetch and unpack the two .debs on first use (later runs reuse them),
#           start dockerd on its own socket, bridge, data-root and exec-root,
#           wait until it answers, and make the local base image there.
#           Harmless when the engine already answers (another checkout may
#           have started it): then it only checks the base image.
#   stop    end the dockerd this script started, by its pid file.
#   env     print the `export` lines that select the engine:
#             eval "$(scripts/engine/modern.sh env)"
#   status  say whether the engine answers, with its versions; exit 1 if not.
#
# Its DOCKER_CONFIG holds the buildx plugin and two docker contexts, usable as buildx
# builders: docker-dsl-modern (this engine) and docker-dsl-system (/var/run/docker.sock).
#
# There is ONE modern engine per machine, shared by every checkout: its state
# lives at fixed machine-wide paths (below), and the unpacked packages in a
# machine-wide cache ($DOCKER_DSL_MODERN_CACHE, default /var/cache/docker-dsl-modern).
# Needs root (dockerd, `ip link`). When the engine cannot be had, the script
# says why in one line on stderr and exits 1.
set -euo pipefail

cache="${DOCKER_DSL_MODERN_CACHE:-/var/cache/docker-dsl-modern}"
data_root=/var/lib/docker-dsl-modern
run_dir=/run/docker-dsl-modern
exec_root="$run_dir/exec"
socket="$run_dir/docker.sock"
pidfile="$run_dir/dockerd.pid"
logfile="$run_dir/dockerd.log"
lockfile="$run_dir/lock"
config_dir="$cache/docker-config"
root="$cache/root"
bridge=ddslmodern0
bridge_cidr=10.213.0.1/24
base_image=docker-dsl-test/busybox:1
packages=(docker.io docker-buildx)
here="$(cd "$(dirname "$0")" && pwd)"

fail() {
    echo "modern engine: $*" >&2
    exit 1
}

# A docker client that can talk to dockerd 28 and run the buildx plugin: sid's
# docker.io ships no client, so this is the machine's newest one.
client() {
    local candidate
    for candidate in "${DOCKER_DSL_MODERN_CLIENT:-}" /usr/local/bin/docker /usr/bin/docker; do
        [[ -n "$candidate" && -x "$candidate" ]] && { echo "$candidate"; return 0; }
    done
    fail "no docker client found (looked in /usr/local/bin and /usr/bin)"
}

modern_docker() {
    DOCKER_HOST="unix://$socket" DOCKER_CONFIG="$config_dir" "$(client)" "$@"
}

answers() {
    [[ -S "$socket" ]] && modern_docker version --format '{{.Server.Version}}' >/dev/null 2>&1
}

# Fetch the .debs from Debian sid through a private sources list and private apt
# state, so the system's apt setup is left as it is; unpack them into $root.
fetch() {
    [[ -x "$root/usr/sbin/dockerd" && -x "$root/usr/libexec/docker/cli-plugins/docker-buildx" ]] && return 0
    command -v apt-get >/dev/null || fail "apt-get is missing: cannot fetch ${packages[*]} from Debian sid"
    local apt="$cache/apt"
    mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/etc" "$cache/debs"
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main" \
        >"$apt/etc/sources.list"
    local opts=(
        -o "Dir::Etc::SourceList=$apt/etc/sources.list"
        -o "Dir::Etc::SourceParts=/dev/null"
        -o "Dir::State::Lists=$apt/lists"
        -o "Dir::Cache=$apt/cache"
        -o "APT::Sandbox::User=root"
    )
    echo "modern engine: fetching ${packages[*]} from Debian sid (first use)" >&2
    apt-get "${opts[@]}" -q update >"$apt/update.log" 2>&1 ||
        fail "apt-get update of the private sid list failed (see $apt/update.log)"
    rm -f "$cache"/debs/*.deb
    (cd "$cache/debs" && apt-get "${opts[@]}" -q download "${packages[@]}") >"$apt/download.log" 2>&1 ||
        fail "apt-get download ${packages[*]} failed (see $apt/download.log)"
    rm -rf "$root.new"
    local deb
    for deb in "$cache"/debs/*.deb; do
        dpkg-deb -x "$deb" "$root.new" || fail "could not unpack $deb"
    done
    rm -rf "$root"
    mv "$root.new" "$root"
}

# A bridge of the engine's own, on a private /24. Never --bridge=none: a second
# daemon started that way deletes the system daemon's docker0 bridge.
make_bridge() {
    if ! ip link show "$bridge" >/dev/null 2>&1; then
        if ip -4 route | grep -q "^${bridge_cidr%.*}\."; then
            fail "the network ${bridge_cidr%.*}.0/24 is already in use: cannot give bridge $bridge an address"
        fi
        ip link add "$bridge" type bridge || fail "could not create bridge $bridge (ip link add)"
    fi
    ip -4 addr show dev "$bridge" | grep -q "inet $bridge_cidr" ||
        ip addr add "$bridge_cidr" dev "$bridge" || fail "could not give bridge $bridge the address $bridge_cidr"
    ip link set "$bridge" up || fail "could not bring bridge $bridge up"
}

storage_driver() {
    # The system daemon on this kind of machine runs on fuse-overlayfs (overlay on
    # overlay is refused by the kernel); use the same when it is there.
    if command -v fuse-overlayfs >/dev/null; then
        echo --storage-driver=fuse-overlayfs
    fi
}

start() {
    [[ "$(id -u)" == 0 ]] || fail "start needs root (dockerd, ip link); run it with sudo"
    mkdir -p "$run_dir"
    exec 9>"$lockfile"
    flock 9
    if answers; then
        echo "modern engine: already running on unix://$socket"
    else
        fetch
        mkdir -p "$config_dir/cli-plugins" "$data_root" "$exec_root"
        ln -sfn "$root/usr/libexec/docker/cli-plugins/docker-buildx" "$config_dir/cli-plugins/docker-buildx"
        [[ -f "$config_dir/config.json" ]] || echo '{}' >"$config_dir/config.json"
        echo '{}' >"$run_dir/daemon.json"
        make_bridge
        if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
            fail "dockerd (pid $(cat "$pidfile")) is running but does not answer on $socket; see $logfile or run stop"
        fi
        rm -f "$pidfile" "$socket"
        local started=$SECONDS
        # setsid: the daemon outlives this shell and the caller's job control.
        PATH="$root/usr/sbin:$root/usr/bin:$PATH" setsid "$root/usr/sbin/dockerd" \
            --config-file="$run_dir/daemon.json" \
            --host="unix://$socket" \
            --data-root="$data_root" \
            --exec-root="$exec_root" \
            --pidfile="$pidfile" \
            --bridge="$bridge" \
            --iptables=false \
            --ip6tables=false \
            --userland-proxy=false \
            $(storage_driver) \
            >"$logfile" 2>&1 </dev/null 9>&- &
        local pid=$!
        until answers; do
            kill -0 "$pid" 2>/dev/null ||
                fail "dockerd exited at start-up: $(grep -m1 -iE 'level=(fatal|error)|failed' "$logfile" || tail -n1 "$logfile")"
            ((SECONDS - started < 60)) || fail "dockerd did not answer on $socket within 60 s (see $logfile)"
            sleep 0.2
        done
        echo "modern engine: dockerd $(modern_docker version --format '{{.Server.Version}}') answers on unix://$socket after $((SECONDS - started)) s"
    fi
    DOCKER_HOST="unix://$socket" DOCKER_CONFIG="$config_dir" DOCKER="$(client)" \
        "$here/make-base-image.sh" "$base_image" >/dev/null ||
        fail "could not make the base image $base_image on the modern engine"
    modern_docker buildx version >/dev/null 2>&1 || fail "the buildx plugin in $config_dir/cli-plugins does not run"
    # One docker context per daemon: buildx uses each as a builder (`--builder NAME`).
    make_context docker-dsl-modern "unix://$socket"
    make_context docker-dsl-system unix:///var/run/docker.sock
}

make_context() {
    modern_docker context inspect "$1" >/dev/null 2>&1 ||
        modern_docker context create "$1" --description "docker-dsl test builder" --docker "host=$2" >/dev/null ||
        fail "could not create the docker context $1"
}

stop() {
    [[ -f "$pidfile" ]] || { echo "modern engine: not started (no $pidfile)"; return 0; }
    local pid
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        local waited=0
        while kill -0 "$pid" 2>/dev/null && ((waited < 150)); do
            sleep 0.2
            waited=$((waited + 1))
        done
        kill -0 "$pid" 2>/dev/null && fail "dockerd (pid $pid) did not stop within 30 s"
    fi
    rm -f "$pidfile"
    echo "modern engine: stopped"
}

env_lines() {
    echo "export DOCKER_HOST=unix://$socket"
    echo "export DOCKER_CONFIG=$config_dir"
}

status() {
    if answers; then
        echo "modern engine: running on unix://$socket"
        modern_docker version --format 'dockerd {{.Server.Version}}, API {{.Server.APIVersion}}'
        modern_docker buildx version
    else
        echo "modern engine: not running (nothing answers on $socket)"
        return 1
    fi
}

case "${1:-}" in
start) start ;;
stop) stop ;;
env) env_lines ;;
status) status ;;
*)
    echo "usage: $0 start|stop|env|status" >&2
    exit 2
    ;;
esac
