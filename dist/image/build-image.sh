#!/usr/bin/env bash
# Builds the debugproxy container image FROM scratch, from local pieces only (no registry):
#
#   dist/image/build-image.sh [TAG]        (default tag: debugproxy/proxy:dev)
#   dist/image/build-image.sh --help       (this text; a TAG starting with - is refused)
#
# The image holds
#   /opt/java                    a Java runtime made by jlink from this machine's JDK, with only the
#                                modules the proxy needs (jdeps on the jar, plus those loaded by name)
#   /opt/debugproxy/proxy.jar    dist/target/proxy.jar (build it first: mvn -B -q -DskipTests install)
#   /opt/debugproxy/native/      JNA's native dispatch library, unpacked here at build time so the
#                                JVM never has to write it to a temporary directory at run time
#   /lib*/...                    exactly the shared libraries `ldd` lists for the runtime, and the loader
#   /etc/debugproxy/proxy.yaml   default configuration (dist/image/proxy.yaml)
#   /etc/passwd, /etc/group      root and the unprivileged user debugproxy (uid/gid 65532)
# Volumes: /var/lib/debugproxy (state: port assignments), /etc/debugproxy/certs (CA and certificates),
# both owned by 65532, as is /etc/debugproxy/traefik (mount point for the directory Traefik's file
# provider reads; a named volume mounted there takes that owner). Nothing else is written at run
# time, so `--read-only` works (add a tmpfs on /tmp if something of yours wants one).
# Entrypoint: /opt/java/bin/java -jar /opt/debugproxy/proxy.jar    (the `proxy` command line)
# Command:    serve --config /etc/debugproxy/proxy.yaml
# Exposed: 9180 (admin API) only. The route ports (DEBUGPROXY_PORTS, default 40000-40019) are published
# by whoever runs the image: an exposed range would cost a docker-proxy process per port under `-P`.
# Healthcheck: proxy health (GET /health on the admin API; no curl in a scratch image).
# JVM options are baked into the runtime (jlink --add-options), so the entrypoint stays the
# plain command line.
#
# The image is labelled with a hash of every input; when the tag already exists with the same hash
# the script does nothing, so repeated runs are fast. The jdeps and jlink results are cached under
# ${XDG_CACHE_HOME:-~/.cache}/debugproxy/image. DEBUGPROXY_IMAGE_FORCE=1 rebuilds anyway.
# Env: JAVA_HOME (default: the JDK of `java` on PATH; it needs jmods/), PROXY_JAR.
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

TAG="${1:-debugproxy/proxy:dev}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DIST="$(cd "$HERE/.." && pwd)"
JAR="${PROXY_JAR:-$DIST/target/proxy.jar}"
LABEL=io.debugproxy.image.inputs
APP_UID=65532
# Modules loaded by name at run time, which jdeps cannot see: EC keys and TLS (SunEC), DNS lookups.
EXTRA_MODULES="jdk.crypto.ec,jdk.naming.dns,java.xml"
JVM_OPTIONS="-XX:-UsePerfData -XX:+UseSerialGC -XX:MaxRAMPercentage=50 -XX:TieredStopAtLevel=1"
JVM_OPTIONS+=" -Djava.io.tmpdir=/tmp -Djna.boot.library.path=/opt/debugproxy/native -Djna.nounpack=true"

log() { echo "build-image: $*" >&2; }
die() { echo "build-image: error: $*" >&2; exit 1; }
step_start=0
step() { step_start=$(date +%s%N); log "$*"; }
step_done() { log "  done in $(( ($(date +%s%N) - step_start) / 1000000 )) ms"; }

if [ -z "${HOME:-}" ]; then HOME="$(getent passwd "$(id -u)" | cut -d: -f6)"; export HOME="${HOME:-/tmp}"; fi
[ -f "$JAR" ] || die "$JAR does not exist; build it first: (cd $(dirname "$DIST") && mvn -B -q -DskipTests install)"
if [ -z "${JAVA_HOME:-}" ]; then
  java_bin="$(command -v java || true)"
  [ -n "$java_bin" ] || die "no java on PATH and JAVA_HOME unset; install a JDK 17 (apt-get install openjdk-17-jdk-headless)"
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$java_bin")")")"
fi
[ -d "$JAVA_HOME/jmods" ] || die "$JAVA_HOME has no jmods/ (jlink needs them); set JAVA_HOME to a full JDK"
for tool in jlink jdeps jar; do
  [ -x "$JAVA_HOME/bin/$tool" ] || die "$JAVA_HOME/bin/$tool is missing; set JAVA_HOME to a full JDK"
done
command -v docker >/dev/null 2>&1 || die "docker CLI not found; run .ci/setup-machine.sh"
docker info >/dev/null 2>&1 || die "cannot reach the Docker engine (docker info failed); run .ci/setup-machine.sh"

case "$(uname -m)" in
  x86_64) JNA_DIR=linux-x86-64 ;;
  aarch64) JNA_DIR=linux-aarch64 ;;
  *) die "unsupported machine $(uname -m) (JNA's native library is picked for x86_64 and aarch64)" ;;
esac

JAVA_RELEASE="$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$JAVA_HOME/release") $(sha256sum "$JAVA_HOME/lib/server/libjvm.so" | cut -c1-16)"
JAR_SHA="$(sha256sum "$JAR" | cut -d' ' -f1)"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/debugproxy/image"
mkdir -p "$CACHE"

# --- input hash: skip everything when the existing image was built from the same inputs
HASH="$( {
  echo "script $(sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1)"
  echo "config $(sha256sum "$HERE/proxy.yaml" | cut -d' ' -f1)"
  echo "jar $JAR_SHA"
  echo "java $JAVA_RELEASE"
  echo "libc $(sha256sum "$(readlink -f /lib/x86_64-linux-gnu/libc.so.6 2>/dev/null || readlink -f /lib/aarch64-linux-gnu/libc.so.6)" | cut -c1-16)"
} | sha256sum | cut -d' ' -f1)"
if [ -z "${DEBUGPROXY_IMAGE_FORCE:-}" ] \
   && [ "$(docker image inspect -f "{{ index .Config.Labels \"$LABEL\" }}" "$TAG" 2>/dev/null || true)" = "$HASH" ]; then
  log "$TAG is up to date"
  echo "$TAG"
  exit 0
fi

CTX="$(mktemp -d "${TMPDIR:-/tmp}/debugproxy-image.XXXXXX")"
trap 'rm -rf "$CTX"' EXIT

# --- modules: jdeps on the jar's classes (cached by jar hash). The shaded jar carries the
# module-info of bundled libraries, which would make jdeps treat it as a broken module: scan the
# unpacked classes without them.
MODULES_FILE="$CACHE/modules-$JAR_SHA.txt"
if [ ! -s "$MODULES_FILE" ]; then
  step "jdeps: finding the Java modules the jar uses"
  mkdir -p "$CTX/classes"
  (cd "$CTX/classes" && "$JAVA_HOME/bin/jar" xf "$JAR") || die "cannot unpack $JAR"
  find "$CTX/classes" -name module-info.class -delete
  "$JAVA_HOME/bin/jdeps" --ignore-missing-deps --print-module-deps "$CTX/classes" \
    >"$CTX/modules.txt" 2>"$CTX/jdeps.err" || { cat "$CTX/jdeps.err" >&2; die "jdeps failed"; }
  rm -rf "$CTX/classes"
  mv "$CTX/modules.txt" "$MODULES_FILE"
  step_done
fi
MODULES="$(tr -d '[:space:]' <"$MODULES_FILE"),$EXTRA_MODULES"
log "modules: $MODULES"

# --- runtime: jlink (cached by JDK, modules and options)
RUNTIME_KEY="$(echo "$JAVA_RELEASE|$MODULES|$JVM_OPTIONS" | sha256sum | cut -c1-16)"
RUNTIME="$CACHE/runtime-$RUNTIME_KEY"
if [ ! -x "$RUNTIME/bin/java" ]; then
  step "jlink: building the Java runtime"
  rm -rf "$RUNTIME.tmp"
  "$JAVA_HOME/bin/jlink" --module-path "$JAVA_HOME/jmods" --add-modules "$MODULES" \
    --strip-debug --no-header-files --no-man-pages --compress=2 \
    --add-options="$JVM_OPTIONS" --output "$RUNTIME.tmp" >&2 || die "jlink failed"
  # A CDS archive of the runtime's own classes makes every start (serve, health) faster.
  "$RUNTIME.tmp/bin/java" -Xshare:dump >/dev/null 2>&1 || log "  (no CDS archive: -Xshare:dump failed)"
  rm -rf "$RUNTIME"
  mv "$RUNTIME.tmp" "$RUNTIME"
  step_done
fi

step "assembling the root filesystem"
ROOT="$CTX/rootfs"
mkdir -p "$ROOT/opt/debugproxy/native" "$ROOT/etc/debugproxy" "$ROOT/tmp" "$ROOT/var/lib"
# The user's directories travel as a tar of just those entries: COPY --chown would also hand the
# user every parent directory (/etc, /var), and ADD keeps a tar's owners.
OWNED=(var/lib/debugproxy etc/debugproxy/certs etc/debugproxy/traefik)
for d in "${OWNED[@]}"; do mkdir -p "$CTX/owned/$d"; chmod 0755 "$CTX/owned/$d"; done
tar --numeric-owner --owner="$APP_UID" --group="$APP_UID" --no-recursion -cf "$CTX/owned.tar" -C "$CTX/owned" "${OWNED[@]}"
cp -a "$RUNTIME" "$ROOT/opt/java"
# java.desktop is there for its java.beans classes (Jackson, docker-java); the proxy never draws,
# prints or plays sound, and without these the X11, font and image libraries stay out too.
for lib in libawt.so libawt_headless.so libawt_xawt.so libjawt.so libfontmanager.so libjavajpeg.so liblcms.so \
           libmlib_image.so libsplashscreen.so libjsound.so; do
  rm -f "$ROOT/opt/java/lib/$lib"
done
# Debian's JDK links cacerts to /etc/ssl; the proxy trusts only its own CA, so an empty store is not needed either.
if [ -L "$ROOT/opt/java/lib/security/cacerts" ]; then rm -f "$ROOT/opt/java/lib/security/cacerts"; fi
install -m 0644 "$JAR" "$ROOT/opt/debugproxy/proxy.jar"
mkdir -p "$CTX/jna"
(cd "$CTX/jna" && "$JAVA_HOME/bin/jar" xf "$JAR" "com/sun/jna/$JNA_DIR/libjnidispatch.so")
[ -s "$CTX/jna/com/sun/jna/$JNA_DIR/libjnidispatch.so" ] || die "the jar has no com/sun/jna/$JNA_DIR/libjnidispatch.so"
install -m 0755 "$CTX/jna/com/sun/jna/$JNA_DIR/libjnidispatch.so" "$ROOT/opt/debugproxy/native/libjnidispatch.so"
install -m 0644 "$HERE/proxy.yaml" "$ROOT/etc/debugproxy/proxy.yaml"
chmod 1777 "$ROOT/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\ndebugproxy:x:%s:%s:debugproxy:/var/lib/debugproxy:/sbin/nologin\n' \
  "$APP_UID" "$APP_UID" >"$ROOT/etc/passwd"
printf 'root:x:0:\ndebugproxy:x:%s:\n' "$APP_UID" >"$ROOT/etc/group"
printf 'hosts: files dns\n' >"$ROOT/etc/nsswitch.conf"

# Shared objects: every "=> /path" and the loader line of ldd, over the launcher, every library of
# the runtime and JNA's; paths are kept as ldd prints them (the loader path is baked into binaries).
mapfile -t LIBS < <(
  { echo "$ROOT/opt/java/bin/java"; find "$ROOT/opt/java/lib" "$ROOT/opt/debugproxy/native" -name '*.so'; } \
  | while read -r f; do ldd "$f" 2>/dev/null || true; done \
  | awk '$2 == "=>" && $3 ~ /^\// { print $3; next } $1 ~ /^\// { print $1 }' | sort -u)
# glibc loads libgcc_s by name when a thread is cancelled or unwinds; ldd cannot show that.
for extra in /lib/x86_64-linux-gnu/libgcc_s.so.1 /lib/aarch64-linux-gnu/libgcc_s.so.1; do
  [ -e "$extra" ] && LIBS+=("$extra")
done
for l in "${LIBS[@]}"; do
  case "$l" in "$ROOT"/*) continue ;; esac   # the runtime's own libraries are in place already
  install -D -m 0755 "$(readlink -f "$l")" "$ROOT$l"
done
step_done

cat >"$CTX/Dockerfile" <<DOCKERFILE
FROM scratch
COPY rootfs/ /
ADD owned.tar /
ENV PATH=/opt/java/bin
USER $APP_UID:$APP_UID
WORKDIR /var/lib/debugproxy
VOLUME ["/var/lib/debugproxy", "/etc/debugproxy/certs"]
EXPOSE 9180
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 \\
  CMD ["/opt/java/bin/java", "-jar", "/opt/debugproxy/proxy.jar", "health", "--quiet"]
STOPSIGNAL SIGTERM
LABEL $LABEL="$HASH" \\
      org.opencontainers.image.title="debugproxy" \\
      org.opencontainers.image.description="Traefik-aware debug proxy for Delve servers in Docker"
ENTRYPOINT ["/opt/java/bin/java", "-jar", "/opt/debugproxy/proxy.jar"]
CMD ["serve", "--config", "/etc/debugproxy/proxy.yaml"]
DOCKERFILE

step "docker build -t $TAG"
# The classic builder needs nothing but the engine (BuildKit would want the buildx plugin).
if ! out="$(DOCKER_BUILDKIT=0 docker build -q -t "$TAG" "$CTX" 2>&1)"; then
  echo "$out" >&2
  die "docker build failed"
fi
step_done
log "built $(echo "$out" | grep -o 'sha256:[0-9a-f]*' | head -1 | cut -c1-19), $(docker image inspect -f '{{.Size}}' "$TAG" | awk '{printf "%.1f MB", $1/1e6}')"
echo "$TAG"
