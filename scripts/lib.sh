# SPDX-License-Identifier: GPL-2.0-or-later
# Shared set-up for ./jlinux and ./run-tests: JDK 25, Debian packages, Unicorn 2.1, the Maven build.
# Sourced, not run. Every step is idempotent and quick once done; messages go to stderr.

JLINUX_ROOT=${JLINUX_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
# Not exported: the guest sees the user's environment unchanged (the JVM computes the same default).
JLINUX_CACHE=${JLINUX_CACHE:-${XDG_CACHE_HOME:-${HOME:-$(cd ~ && pwd)}/.cache}/jlinux}

jl_say() { printf 'jlinux: %s\n' "$*" >&2; }
jl_die() { printf 'jlinux: %s\n' "$*" >&2; exit 1; }

# Picks JDK 25 (the machine's default java may be older): $JLINUX_JAVA_HOME, else a JDK 25 under
# /usr/lib/jvm. Sets JDK_HOME and JAVA (not exported, so guests see the user's environment).
jl_select_jdk() {
    local cand
    for cand in "${JLINUX_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25*; do
        [ -n "$cand" ] && [ -x "$cand/bin/java" ] && [ -x "$cand/bin/javac" ] || continue
        if "$cand/bin/java" -version 2>&1 | head -1 | grep -Eq '"(2[5-9]|[3-9][0-9])'; then
            JDK_HOME=$cand JAVA=$cand/bin/java
            return 0
        fi
    done
    jl_die "no JDK 25 found under /usr/lib/jvm; install one or set JLINUX_JAVA_HOME"
}

# Installs the Debian packages named in $@ that are missing (needs root, as on this project's machines).
jl_ensure_packages() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" -eq 0 ] || jl_die "missing Debian packages: ${missing[*]} (run as root, or install them)"
    jl_say "installing Debian packages: ${missing[*]}"
    if [ ! -f "$JLINUX_CACHE/.apt-updated" ] || ! apt-get install -y -q --no-install-recommends "${missing[@]}" >"$JLINUX_CACHE/apt-install.log" 2>&1; then
        mkdir -p "$JLINUX_CACHE"
        apt-get update -q >"$JLINUX_CACHE/apt-update.log" 2>&1 || jl_die "apt-get update failed; see $JLINUX_CACHE/apt-update.log"
        touch "$JLINUX_CACHE/.apt-updated"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
            >"$JLINUX_CACHE/apt-install.log" 2>&1 || jl_die "apt-get install ${missing[*]} failed; see $JLINUX_CACHE/apt-install.log"
    fi
}

# The Debian mirror this machine already uses (first archive URI of its sources), for the private
# trixie source below. Nothing is hard-coded: the URI comes from the machine's own apt config.
jl_debian_mirror() {
    local f uri
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        uri=$(awk '/^URIs:/{u=$2} /^Suites:/{ if ($0 ~ /(bookworm|trixie|stable)( |$)/ && u !~ /security/) {print u; exit} }' "$f")
        [ -n "$uri" ] && { echo "$uri"; return; }
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        uri=$(awk '$1=="deb" && $0 !~ /security/ && $0 ~ / (bookworm|trixie|stable) / {for(i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' "$f")
        [ -n "$uri" ] && { echo "$uri"; return; }
    done
}

JLINUX_UNICORN_DEFAULT="$JLINUX_CACHE/unicorn/usr/lib/x86_64-linux-gnu/libunicorn.so.2"

# Unicorn 2.1: Debian 12's libunicorn2 is 2.0.1 (slow, wrong CPUID, pdep/pext bugs), so take
# trixie's libunicorn2t64 with apt-get download through a private sources list and state dir,
# and unpack it into the cache. $JLINUX_UNICORN overrides all of this.
jl_ensure_unicorn() {
    [ -n "${JLINUX_UNICORN:-}" ] && return 0
    [ -f "$JLINUX_UNICORN_DEFAULT" ] && return 0
    local apt="$JLINUX_CACHE/apt" mirror
    mirror=$(jl_debian_mirror)
    [ -n "$mirror" ] || jl_die "cannot find this machine's Debian mirror in /etc/apt; set JLINUX_UNICORN=/path/to/libunicorn.so.2 (2.1 or later)"
    jl_say "fetching Unicorn 2.1 (Debian trixie's libunicorn2t64) into $JLINUX_CACHE/unicorn ..."
    rm -rf "$apt" && mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/deb"
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" >"$apt/sources.list"
    local opts=(-o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
                -o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" -o Dir::State::Status=/dev/null
                -o Debug::NoLocking=1 -o APT::Sandbox::User=root -o Acquire::Languages=none)
    apt-get "${opts[@]}" update >"$apt/update.log" 2>&1 || jl_die "apt-get update (trixie) failed; see $apt/update.log"
    (cd "$apt/deb" && apt-get "${opts[@]}" download libunicorn2t64) >"$apt/download.log" 2>&1 \
        || jl_die "apt-get download libunicorn2t64 failed; see $apt/download.log"
    rm -rf "$JLINUX_CACHE/unicorn.tmp" && mkdir -p "$JLINUX_CACHE/unicorn.tmp"
    dpkg -x "$apt"/deb/libunicorn2t64_*.deb "$JLINUX_CACHE/unicorn.tmp" || jl_die "dpkg -x of libunicorn2t64 failed"
    rm -rf "$JLINUX_CACHE/unicorn" && mv "$JLINUX_CACHE/unicorn.tmp" "$JLINUX_CACHE/unicorn"
    rm -rf "$apt/lists" "$apt/cache"
    [ -f "$JLINUX_UNICORN_DEFAULT" ] || jl_die "libunicorn2t64 did not contain $JLINUX_UNICORN_DEFAULT"
    jl_say "Unicorn ready: $JLINUX_UNICORN_DEFAULT"
}

# The kernel for the VM mode (v2): Debian's linux-image-amd64, resolved to its versioned package,
# fetched with apt-get download into the cache (no system-wide install). Only the bzImage and the
# modules the VM loads are unpacked (they are plain .ko files in Debian 12); jlinux extracts the
# uncompressed vmlinux from the bzImage itself on first boot.
jl_ensure_kernel() {
    local dir="$JLINUX_CACHE/kernel"
    compgen -G "$dir/boot/vmlinuz-*" >/dev/null && return 0
    mkdir -p "$JLINUX_CACHE"
    local pkg
    pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '$1=="Depends:" && $2 ~ /^linux-image-[0-9]/ {print $2; exit}')
    if [ -z "$pkg" ]; then
        [ "$(id -u)" -eq 0 ] && apt-get update -q >"$JLINUX_CACHE/apt-update.log" 2>&1
        pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '$1=="Depends:" && $2 ~ /^linux-image-[0-9]/ {print $2; exit}')
    fi
    [ -n "$pkg" ] || jl_die "cannot resolve linux-image-amd64 to a kernel package (apt-cache depends linux-image-amd64)"
    jl_say "fetching the VM kernel ($pkg) into $dir ..."
    local tmp="$JLINUX_CACHE/kernel.tmp"
    rm -rf "$tmp" && mkdir -p "$tmp/deb"
    (cd "$tmp/deb" && apt-get download "$pkg") >"$tmp/download.log" 2>&1 \
        || jl_die "apt-get download $pkg failed; see $tmp/download.log"
    dpkg-deb --fsys-tarfile "$tmp"/deb/*.deb | tar -x -C "$tmp" --wildcards './boot/vmlinuz-*' \
        './lib/modules/*/kernel/drivers/virtio/*' './lib/modules/*/kernel/drivers/char/virtio_console.ko' \
        './lib/modules/*/kernel/net/9p/*' './lib/modules/*/kernel/fs/9p/*' './lib/modules/*/kernel/fs/netfs/*' \
        './lib/modules/*/kernel/fs/fscache/*' || jl_die "unpacking $pkg failed"
    rm -rf "$tmp/deb" "$dir" && mv "$tmp" "$dir"
}

# Builds the modules the CLI needs when any of their sources is newer than the last build.
jl_build_cli() {
    local stamp="$JLINUX_ROOT/cli/target/jlinux.stamp" newer
    if [ -f "$stamp" ] && [ -f "$JLINUX_ROOT/cli/target/classpath.txt" ]; then
        newer=$(cd "$JLINUX_ROOT" && find pom.xml */pom.xml */src \
            -path '*/target' -prune -o -type f \( -name '*.java' -o -name '*.c' -o -name 'Makefile' -o -name 'pom.xml' -o -path '*/resources/*' \) \
            -newer "$stamp" -print -quit 2>/dev/null)
        [ -z "$newer" ] && return 0
    fi
    jl_say "building jlinux (mvn package) ..."
    # Maven 3.8's jansi prints bare colour resets even in batch mode: strip them.
    (cd "$JLINUX_ROOT" && JAVA_HOME="$JDK_HOME" mvn -B -q -Dstyle.color=never -pl cli -am -DskipTests package 2>&1) \
        | sed 's/\x1b\[0m//g' >&2 || jl_die "build failed"
    touch "$stamp"
}

# JVM options for running jlinux: native access for the Unicorn binding, the serial collector (one
# guest thread, small heaps), no cap on the JVM's own fd limit (guests see the host's RLIMIT_NOFILE).
JL_JVM_OPTS=(--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:-MaxFDLimit -Djlinux.root="$JLINUX_ROOT")

# The CLI's runtime classpath: jars only, so the JVM can use an AOT cache for it.
jl_classpath() {
    local jar
    jar=$(ls "$JLINUX_ROOT"/cli/target/cli-*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -1)
    [ -n "$jar" ] || jl_die "cli jar missing; remove $JLINUX_ROOT/cli/target and run again"
    echo "$(cat "$JLINUX_ROOT/cli/target/classpath.txt"):$jar"
}

# Makes the JDK's AOT cache (classes loaded and linked, method profiles: about 0.1 s off every
# start) after each build, by a training run of a tiny guest. Prints the option that uses it, or
# nothing when it could not be made (jlinux then starts without it).
jl_aot_cache() {
    local aot="$JLINUX_ROOT/cli/target/jlinux.aot" cp stale=0 jar
    cp=$(jl_classpath)
    local IFS=:
    for jar in $cp; do [ "$jar" -nt "$aot" ] && stale=1; done
    unset IFS
    if [ ! -f "$aot" ] || [ "$stale" = 1 ]; then
        rm -f "$aot"
        local train=(run /bin/busybox true)
        [ -x /bin/busybox ] || train=(syscalls)
        "$JAVA" "${JL_JVM_OPTS[@]}" -XX:AOTCacheOutput="$aot" -Xlog:aot=off -Xlog:cds=off -cp "$cp" \
            dev.jlinux.cli.Main "${train[@]}" </dev/null >/dev/null 2>&1 || rm -f "$aot"
    fi
    [ -f "$aot" ] && echo "-XX:AOTCache=$aot"
    return 0
}

