#!/usr/bin/env bash
# Builds the sample Go service into a FROM-scratch image that runs it under Delve.
#
#   dist/sample/build-image.sh [TAG]        (default tag: debugproxy/sample:dev)
#   dist/sample/build-image.sh --help       (this text; a TAG starting with - is refused)
#
# No registry is needed: the image contains only
#   /app                 the sample, static (CGO_ENABLED=0), built with -N -l for debugging
#   /dlv                 the host's Delve (/usr/bin/dlv) ...
#   /lib*/...            ... plus exactly the shared libraries `ldd` lists for it, and the loader
#   /tmp, /root, /home/debug   empty directories (/tmp and /home/debug are 1777)
#   /etc/passwd, /etc/group    root and an unprivileged "debug" user (uid/gid 1000, --user 1000)
# The entrypoint is
#   /dlv exec /app --headless --listen=:2345 --api-version=2 --accept-multiclient --continue
# Run it with: --cap-add SYS_PTRACE --security-opt seccomp=unconfined
#
# The image is labelled with a hash of every input; when the tag already exists with the
# same hash the script does nothing (prints the tag and exits), so repeated runs are fast.
# Set SAMPLE_FORCE_BUILD=1 to rebuild anyway. Env: DLV (default: dlv on PATH), GO (go).
# SAMPLE_BUILD picks how /app is compiled, to have targets that `proxy doctor` must fault:
#   debug (default: -gcflags='all=-N -l'), optimized (plain go build), stripped (-ldflags='-s -w',
#   which Delve refuses to start).
# Prints the tag on the last line of stdout; progress goes to stderr.
set -euo pipefail

# The comment above is the usage. A TAG that looks like an option is a mistyped option, not an image name.
usage() { sed -n '2,/^set -euo pipefail/{/^#/s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}"; }
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  -*) echo "build-image: error: unknown option '$1'; the only argument is the image TAG (see --help)" >&2; exit 2 ;;
esac
if [ $# -gt 1 ]; then
  echo "build-image: error: $# arguments; the only argument is the image TAG (see --help)" >&2
  exit 2
fi

TAG="${1:-debugproxy/sample:dev}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GO="${GO:-go}"
DLV="${DLV:-$(command -v dlv || true)}"
LABEL=io.debugproxy.sample.inputs
BUILD="${SAMPLE_BUILD:-debug}"
case "$BUILD" in
  debug) BUILD_FLAGS=(-gcflags='all=-N -l') ;;
  optimized) BUILD_FLAGS=() ;;
  stripped) BUILD_FLAGS=(-ldflags='-s -w') ;;
  *) echo "build-image: error: SAMPLE_BUILD is '$BUILD'; use debug, optimized or stripped" >&2; exit 1 ;;
esac

# Go wants a home for its caches; CI environments sometimes have no HOME.
if [ -z "${HOME:-}" ]; then HOME="$(getent passwd "$(id -u)" | cut -d: -f6)"; export HOME="${HOME:-/tmp}"; fi

log() { echo "build-image: $*" >&2; }
die() { echo "build-image: error: $*" >&2; exit 1; }

command -v "$GO" >/dev/null 2>&1 || die "Go toolchain not found ('$GO'); run .ci/setup-machine.sh or apt-get install golang-go"
[ -n "$DLV" ] && [ -x "$DLV" ] || die "Delve not found (set DLV or apt-get install delve)"
DLV="$(readlink -f "$DLV")"
command -v docker >/dev/null 2>&1 || die "docker CLI not found; run .ci/setup-machine.sh"
docker info >/dev/null 2>&1 || die "cannot reach the Docker engine (docker info failed); run .ci/setup-machine.sh"

# Shared objects Delve needs: every "=> /path" of ldd, plus the loader line ("/lib64/ld-...").
# Paths are kept as ldd prints them (the loader path is baked into the binary).
mapfile -t LIBS < <(ldd "$DLV" 2>/dev/null | awk '
  $2 == "=>" && $3 ~ /^\// { print $3; next }
  $1 ~ /^\// { print $1 }' | sort -u)
if ldd "$DLV" 2>&1 | grep -q 'not a dynamic executable'; then LIBS=(); fi

# --- input hash: skip everything when the existing image was built from the same inputs
inputs_hash() {
  {
    echo "script $(sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1)"
    echo "build $BUILD"
    (cd "$HERE" && find . -maxdepth 1 -type f \( -name '*.go' -o -name 'go.mod' -o -name 'go.sum' \) -print0 \
       | sort -z | xargs -0 sha256sum)
    echo "go $("$GO" env GOVERSION) $("$GO" env GOOS)/$("$GO" env GOARCH)"
    echo "dir $HERE"            # file paths are recorded in DWARF
    echo "dlv $(sha256sum "$DLV" | cut -d' ' -f1)"
    for l in "${LIBS[@]}"; do echo "lib $l $(sha256sum "$(readlink -f "$l")" | cut -d' ' -f1)"; done
  } | sha256sum | cut -d' ' -f1
}
HASH="$(inputs_hash)"
if [ -z "${SAMPLE_FORCE_BUILD:-}" ] \
   && [ "$(docker image inspect -f "{{ index .Config.Labels \"$LABEL\" }}" "$TAG" 2>/dev/null || true)" = "$HASH" ]; then
  log "$TAG is up to date"
  echo "$TAG"
  exit 0
fi

CTX="$(mktemp -d "${TMPDIR:-/tmp}/debugproxy-sample.XXXXXX")"
trap 'rm -rf "$CTX"' EXIT

# --- the Go binary: static, no optimizations, no inlining (so breakpoints and locals work)
log "go build ($("$GO" env GOVERSION), $BUILD)"
(
  cd "$HERE"
  export CGO_ENABLED=0 GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local
  export GOCACHE="${GOCACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/go-build}"
  "$GO" build ${BUILD_FLAGS[@]+"${BUILD_FLAGS[@]}"} -o "$CTX/rootfs/app" .
)

# --- Delve, its libraries and the loader, at the paths ldd reports
install -D -m 0755 "$DLV" "$CTX/rootfs/dlv"
for l in "${LIBS[@]}"; do
  install -D -m 0755 "$(readlink -f "$l")" "$CTX/rootfs$l"
done
# Delve `exec` needs neither /tmp nor a writable home (it only logs that it could not create
# $HOME/.config/dlv); both exist anyway so that --user 1000 and the app have somewhere to write.
# Home directories are 1777 because the classic builder's COPY makes everything root-owned.
mkdir -p "$CTX/rootfs/tmp" "$CTX/rootfs/etc" "$CTX/rootfs/root" "$CTX/rootfs/home/debug"
chmod 1777 "$CTX/rootfs/tmp" "$CTX/rootfs/home/debug"
chmod 0700 "$CTX/rootfs/root"
printf 'root:x:0:0:root:/root:/sbin/nologin\ndebug:x:1000:1000:debug:/home/debug:/sbin/nologin\n' >"$CTX/rootfs/etc/passwd"
printf 'root:x:0:\ndebug:x:1000:\n' >"$CTX/rootfs/etc/group"

cat >"$CTX/Dockerfile" <<EOF
FROM scratch
COPY rootfs/ /
EXPOSE 2345 8080
LABEL $LABEL="$HASH" \\
      org.opencontainers.image.title="debugproxy sample (Go service under Delve)"
ENTRYPOINT ["/dlv", "exec", "/app", "--headless", "--listen=:2345", "--api-version=2", "--accept-multiclient", "--continue"]
EOF

log "docker build -t $TAG"
# The classic builder needs nothing but the engine (BuildKit would want the buildx plugin).
# Its output (and its deprecation notice) is shown only when the build fails.
if ! out="$(DOCKER_BUILDKIT=0 docker build -q -t "$TAG" "$CTX" 2>&1)"; then
  echo "$out" >&2
  die "docker build failed"
fi
log "built $(echo "$out" | grep -o 'sha256:[0-9a-f]*' | head -1 | cut -c1-19)"
echo "$TAG"
