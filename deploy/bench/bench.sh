#!/usr/bin/env bash
# What a distributed session costs per request, on this machine, in one run.
#
#   deploy/bench/bench.sh            prints a Markdown table and writes it to deploy/bench/results.md
#
# One replica of the built jar (demo profile), signed in as alice, `GET /profile` under wrk:
# sessions in Redis versus the same replica with sessions in memory (app.session.store=memory).
# Also: Redis commands per request by kind (deploy/bench/redis-commands.sh), bytes per signed-in
# session in Redis, and replica start-to-ready time. Needs java, redis-server, redis-cli, curl, wrk.
# Environment: BENCH_SECONDS (15), BENCH_CONNECTIONS (8), BENCH_THREADS (2).
set -euo pipefail
# shellcheck source=redis-commands.sh
source "$(dirname "${BASH_SOURCE[0]}")/redis-commands.sh"
SECONDS_PER_RUN="${BENCH_SECONDS:-15}"
CONNECTIONS="${BENCH_CONNECTIONS:-8}"
THREADS="${BENCH_THREADS:-2}"
OUT="${BENCH_OUT:-$ROOT/deploy/bench/results.md}"

require java redis-server redis-cli curl wrk
start_redis

# wrk_profile: requests/s, p50 and p99 latency of GET /profile for the signed-in session.
wrk_profile() {
	local seconds="$1"
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency -H "Cookie: SESSION=$COOKIE" "$B/profile"
}

run_store() {
	local store="$1" out
	start_app --app.session.store="$store"
	sign_in
	wrk_profile 10 >/dev/null # warm-up: JIT, pools, caches
	out="$(wrk_profile "$SECONDS_PER_RUN")"
	grep -q "Non-2xx" <<<"$out" && { echo "wrk saw errors for $store:" >&2; echo "$out" >&2; exit 1; }
	RPS="$(awk '/Requests\/sec/ { print $2 }' <<<"$out")"
	P50="$(awk '$1 == "50%" { print $2 }' <<<"$out")"
	P99="$(awk '$1 == "99%" { print $2 }' <<<"$out")"
	if [ "$store" = redis ]; then
		local id
		id="$(printf '%s' "$COOKIE" | base64 -d)"
		SESSION_BYTES="$(redis-cli -p "$REDIS_PORT" memory usage "spring:session:sessions:$id" samples 0)"
		COMMANDS="$(commands_table)"
	fi
	stop_app
}

run_store redis
REDIS_RPS="$RPS" REDIS_P50="$P50" REDIS_P99="$P99" REDIS_READY="$READY_MS"
run_store memory
MEMORY_RPS="$RPS" MEMORY_P50="$P50" MEMORY_P99="$P99"
RATIO="$(awk -v r="$REDIS_RPS" -v m="$MEMORY_RPS" 'BEGIN { printf("%.2f", r / m) }')"

{
	echo "# Session Cluster benchmark"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(awk '/MemTotal/ { printf("%.0f GiB", $2 / 1048576) }' /proc/meminfo), $(java -version 2>&1 | head -1)."
	echo "wrk -t$THREADS -c$CONNECTIONS, ${SECONDS_PER_RUN} s after a 10 s warm-up, one replica (-Xmx256m), GET /profile signed in."
	echo
	echo "| session store | requests/s | p50 | p99 |"
	echo "|---|---|---|---|"
	echo "| Redis | $REDIS_RPS | $REDIS_P50 | $REDIS_P99 |"
	echo "| memory | $MEMORY_RPS | $MEMORY_P50 | $MEMORY_P99 |"
	echo "| Redis / memory | $RATIO | | |"
	echo
	echo "Bytes per signed-in session in Redis (MEMORY USAGE, SAMPLES 0): $SESSION_BYTES"
	echo
	echo "Replica start to ready (fat jar, Java 17): $REDIS_READY ms"
	echo
	echo "$COMMANDS"
} | tee "$OUT"
