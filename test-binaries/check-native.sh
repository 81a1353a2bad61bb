#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# check-native.sh OUTDIR
#
# Runs every binary listed in OUTDIR/index.txt natively, twice, with a fixed environment
# (env -i PATH=/usr/bin:/bin LC_ALL=C), no arguments, stdin from /dev/null and the current
# directory unchanged, and checks:
#   - the exit status: 0 for the self-checking programs (their failure count), 42 for
#     asm/exit_code, death by SIGSEGV (shell status 139) for asm/segv and asm/hlt;
#   - that both runs print byte-identical stdout (the output must not depend on pids, addresses,
#     times or random bytes, since an emulated run is compared with it).
# Prints one line per binary and a summary; exits 1 if any binary failed.
# Set TIMEOUT (seconds, default 120) to change the per-run limit.

set -u

if [ $# -ne 1 ] || [ ! -f "$1/index.txt" ]; then
    echo "usage: $0 OUTDIR   (OUTDIR/index.txt lists the binaries, relative to OUTDIR)" >&2
    exit 2
fi
outdir=${1%/}
timeout_s=${TIMEOUT:-120}

work=$(mktemp -d "${TMPDIR:-/tmp}/check-native.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT

# No core files from the expected crashes.
ulimit -c 0 2>/dev/null

have_timeout=0
command -v timeout >/dev/null 2>&1 && have_timeout=1

# Expected shell-style status of a binary (path relative to OUTDIR).
expected_status() {
    case "$1" in
        asm/exit_code) echo 42 ;;
        asm/segv | asm/hlt) echo 139 ;;   # 128 + SIGSEGV
        *) echo 0 ;;
    esac
}

# run BINARY STDOUT STDERR: prints the shell-style exit status.
run() {
    local status
    # The braces' 2>/dev/null keeps bash's own "Segmentation fault" report out of the output.
    {
        if [ "$have_timeout" = 1 ]; then
            env -i PATH=/usr/bin:/bin LC_ALL=C timeout -s KILL "$timeout_s" "$1" >"$2" 2>"$3" </dev/null
        else
            env -i PATH=/usr/bin:/bin LC_ALL=C "$1" >"$2" 2>"$3" </dev/null
        fi
        status=$?
    } 2>/dev/null
    echo "$status"
}

describe_status() {
    if [ "$1" -gt 128 ]; then
        echo "$1 (signal $(( $1 - 128 )))"
    else
        echo "$1"
    fi
}

total=0
failed=0
while IFS= read -r rel || [ -n "$rel" ]; do
    [ -z "$rel" ] && continue
    total=$((total + 1))
    bin="$outdir/$rel"
    want=$(expected_status "$rel")
    problems=()

    if [ ! -x "$bin" ]; then
        problems+=("missing or not executable")
    else
        s1=$(run "$bin" "$work/out1" "$work/err1")
        s2=$(run "$bin" "$work/out2" "$work/err2")
        if [ "$s1" != "$want" ]; then
            problems+=("exit status $(describe_status "$s1"), expected $(describe_status "$want")")
        fi
        if [ "$s2" != "$s1" ]; then
            problems+=("second run exited with $(describe_status "$s2"), first with $(describe_status "$s1")")
        fi
        if ! cmp -s "$work/out1" "$work/out2"; then
            problems+=("stdout differs between two runs")
        fi
    fi

    if [ ${#problems[@]} -eq 0 ]; then
        printf 'PASS %s\n' "$rel"
    else
        failed=$((failed + 1))
        printf 'FAIL %s\n' "$rel"
        for p in "${problems[@]}"; do
            printf '     %s\n' "$p"
        done
        if [ -f "$work/out1" ]; then
            grep -m 10 '^not ok' "$work/out1" | sed 's/^/     | /'
            if ! cmp -s "$work/out1" "$work/out2" 2>/dev/null; then
                diff "$work/out1" "$work/out2" | head -n 10 | sed 's/^/     > /'
            fi
            if [ -s "$work/err1" ]; then
                head -n 5 "$work/err1" | sed 's/^/     stderr: /'
            fi
        fi
    fi
    rm -f "$work/out1" "$work/out2" "$work/err1" "$work/err2"
done <"$outdir/index.txt"

printf '%d binaries, %d passed, %d failed\n' "$total" "$((total - failed))" "$failed"
[ "$failed" -eq 0 ]
