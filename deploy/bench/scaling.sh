#!/usr/bin/env bash
# How the cluster scales: the same load through nginx on 1, 2 and 3 replicas.
#
#   deploy/bench/scaling.sh      prints a Markdown table and puts it in deploy/bench/results.md
#
# deploy/local/cluster.sh runs redis-server, an H2 server, three replicas and nginx on ports of
# its own. BENCH_SESSIONS users sign in through nginx; wrk then sends GET /profile, each request
# on the next session (sessions.lua), with BENCH_CONNECTIONS connections. After BENCH_WARMUP
# seconds of that load on all three replicas, each round measures 1, 2 and 3 replicas for
# BENCH_SECONDS each (nginx's upstream list is rewritten and reloaded in between; the replicas
# left out keep running, idle), starting from a different count each round. The table shows the
# median run per count, and where the CPU went: the replicas, nginx, redis-server and wrk, in
# cores (CPU seconds per second) over all runs of the count, and the whole machine's busy time,
# which includes anything else it runs.
# Needs java, redis-server, nginx, curl, wrk.
# Environment: BENCH_ROUNDS (5), BENCH_SECONDS (10), BENCH_WARMUP (120), BENCH_CONNECTIONS (16),
# BENCH_THREADS (2), BENCH_SESSIONS (8), BENCH_OUT (deploy/bench/results.md), BENCH_JAR,
# BENCH_SCALING_PORT (18480: nginx; the replicas, Redis and H2 take the next ports and 16386,
# 19194). The replicas start as cluster.sh starts them (CLUSTER_JAVA, CLUSTER_LAUNCH apply).
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ROUNDS="${BENCH_ROUNDS:-5}"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
WARMUP="${BENCH_WARMUP:-120}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
THREADS="${BENCH_THREADS:-2}"
SESSIONS="${BENCH_SESSIONS:-8}"
OUT="${BENCH_OUT:-$ROOT/deploy/bench/results.md}"
CLUSTER="$ROOT/deploy/local/cluster.sh"
export CLUSTER_PORT="${BENCH_SCALING_PORT:-18480}"
export CLUSTER_BASE_PORT=$((CLUSTER_PORT + 1)) CLUSTER_REDIS_PORT=16386 CLUSTER_H2_PORT=19194
export CLUSTER_RUN_DIR="$WORK/cluster" CLUSTER_JAR="$JAR"

require java redis-server curl nginx wrk
trap 'CLUSTER_REPLICAS=3 "$CLUSTER" down >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# use REPLICAS: nginx sends requests to replicas 1 to REPLICAS (cluster.sh up with that count
# rewrites the upstream list and reloads nginx; running replicas are left as they are).
use() {
	CLUSTER_REPLICAS="$1" "$CLUSTER" up >"$WORK/up.log" 2>&1 || { cat "$WORK/up.log" >&2; exit 1; }
	[ "$(grep -c '^server ' "$CLUSTER_RUN_DIR/nginx/upstream-servers.conf")" = "$1" ] ||
		{ echo "nginx does not list $1 replicas" >&2; exit 1; }
	sleep 1 # nginx's old worker finishes its connections
}

ticks() { local pid; for pid in "$@"; do sed 's/.*) //' "/proc/$pid/stat"; done | awk '{ t += $12 + $13 } END { print t + 0 }'; }

# snapshot: "replicas nginx redis busy total" CPU clock ticks so far.
snapshot() {
	local replicas nginx master
	replicas="$(ticks $(cat "$CLUSTER_RUN_DIR"/app[123].pid))"
	master="$(cat "$CLUSTER_RUN_DIR/nginx.pid")"
	# shellcheck disable=SC2046
	nginx="$(ticks "$master" $(pgrep -P "$master"))"
	echo "$replicas $nginx $(ticks "$(cat "$CLUSTER_RUN_DIR/redis.pid")") $(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)"
}

# measure REPLICAS: one run; appends "requests/s p50 p99 replicas nginx redis wrk busy total" to
# the count's runs file (CPU in clock ticks over the run).
measure() {
	local before after wrk_ticks
	before="$(snapshot)"
	# wrk runs in a subshell that waits for it: its children's CPU time is wrk's. The subshell
	# reads its own stat with a builtin: in a pipeline, $BASHPID would be the pipeline's process.
	wrk_ticks="$(
		BENCH_COOKIES="$COOKIES_LIST" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency \
			-s "$ROOT/deploy/bench/sessions.lua" "$BASE/profile" >"$WORK/wrk.out" 2>&1
		read -r stat <"/proc/$BASHPID/stat"
		awk '{ print $14 + $15 }' <<<"${stat##*) }"
	)"
	after="$(snapshot)"
	grep -q "Non-2xx" "$WORK/wrk.out" && { echo "wrk saw errors with $1 replicas:" >&2; cat "$WORK/wrk.out" >&2; exit 1; }
	awk -v before="$before" -v after="$after" -v wrk="$wrk_ticks" '
		/Requests\/sec/ { rps = $2 } $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
		END { split(before, b); split(after, a)
		      print rps, p50, p99, a[1] - b[1], a[2] - b[2], a[3] - b[3], wrk, a[4] - b[4], a[5] - b[5] }' \
		"$WORK/wrk.out" >>"$WORK/runs-$1"
}

CLUSTER_REPLICAS=3 "$CLUSTER" up >"$WORK/up.log" 2>&1 || { cat "$WORK/up.log" >&2; exit 1; }
LAUNCH_LINE="$(grep '^replicas ' "$WORK/up.log" | sed 's/^replicas *//')"
BASE="http://127.0.0.1:$CLUSTER_PORT"
B="$BASE"
COOKIES_LIST=""
for s in $(seq 1 "$SESSIONS"); do
	sign_in "$WORK/jar-$s"
	[ -n "$COOKIE" ] || { echo "sign-in $s through nginx failed" >&2; exit 1; }
	COOKIES_LIST="$COOKIES_LIST${COOKIES_LIST:+,}$COOKIE"
done

BENCH_COOKIES="$COOKIES_LIST" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" \
	-s "$ROOT/deploy/bench/sessions.lua" "$BASE/profile" >/dev/null
for round in $(seq 1 "$ROUNDS"); do
	for step in 0 1 2; do
		count=$(((round + step) % 3 + 1))
		use "$count"
		measure "$count"
	done
	echo "round $round of $ROUNDS done" >&2
done

# row REPLICAS: the table row of a count.
row() {
	local file="$WORK/runs-$1" median
	median="$(sort -n "$file" | awk '{ line[NR] = $1 " " $2 " " $3 } END { print line[int((NR + 1) / 2)] }')"
	# Cores: a process's CPU ticks over the machine's ticks (all cores) of the same runs, times
	# the number of cores; the runs last a little longer than wrk's duration.
	awk -v n="$1" -v median="$median" -v cores="$(nproc)" '
		{ runs = runs (NR > 1 ? ", " : "") $1; for (i = 4; i <= 9; i++) sum[i] += $i }
		END { split(median, m); c = cores / sum[9]
		      printf("| %d | %s | %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f of %d | %s |\n", n, m[1], m[2], m[3],
		             sum[4] * c, sum[5] * c, sum[6] * c, sum[7] * c, sum[8] * c, cores, runs) }' "$file"
}

{
	echo "## How the cluster scales"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(awk '/MemTotal/ { printf("%.0f GiB", $2 / 1048576) }' /proc/meminfo); replicas: $LAUNCH_LINE, -Xmx256m."
	echo "Through nginx (one worker), GET /profile on $SESSIONS signed-in sessions in turn, wrk -t$THREADS -c$CONNECTIONS;" \
		"after $WARMUP s of warm-up on all three replicas, $ROUNDS rounds of $SECONDS_PER_RUN s per count, the counts in turn." \
		"Median run shown. CPU in cores (CPU seconds per second) over all runs of the count; the machine's busy time includes whatever else it ran" \
		"(load average when the table was written: $(cut -d' ' -f1-3 /proc/loadavg))."
	echo
	echo "| replicas | requests/s | p50 | p99 | CPU: replicas | nginx | redis-server | wrk | machine busy | every run's requests/s |"
	echo "|---|---|---|---|---|---|---|---|---|---|"
	row 1
	row 2
	row 3
} | write_section scaling "$OUT"
