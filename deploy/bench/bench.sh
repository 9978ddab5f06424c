#!/usr/bin/env bash
# What a distributed session costs per request, on this machine, in one run.
#
#   deploy/bench/bench.sh            prints a Markdown table and writes it to deploy/bench/results.md
#
# One replica of the built jar (demo profile), signed in as alice, `GET /profile` under wrk:
# sessions in Redis versus the same replica with sessions in memory (app.session.strategy=none).
# Also: Redis commands per request by kind (deploy/bench/redis-commands.sh), bytes per signed-in
# session in Redis, replica start-to-ready time, and the cluster of deploy/local/cluster.sh (nginx,
# three replicas) under GET and POST load while one replica is SIGKILLed halfway through.
# Needs java, redis-server, redis-cli, curl, wrk, nginx.
# Environment: BENCH_SECONDS (10 per run), BENCH_WARMUP (240 seconds of load per replica before
# measuring), BENCH_CLUSTER_SECONDS (30), BENCH_CONNECTIONS (8), BENCH_THREADS (2), BENCH_ROUNDS
# (7 runs per store, alternating), BENCH_CLUSTER (1; 0 skips the cluster run), BENCH_JAR (another
# build, e.g. an older commit's, to compare), BENCH_REDIS_ARGS, BENCH_REDIS_APP_ARGS (more
# arguments for the Redis-store replica, e.g. --app.session.near-cache.enabled=false).
set -euo pipefail
# shellcheck source=redis-commands.sh
source "$(dirname "${BASH_SOURCE[0]}")/redis-commands.sh"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-8}"
THREADS="${BENCH_THREADS:-2}"
ROUNDS="${BENCH_ROUNDS:-7}"
WARMUP="${BENCH_WARMUP:-240}"
OUT="${BENCH_OUT:-$ROOT/deploy/bench/results.md}"

require java redis-server redis-cli curl wrk
start_redis
REDIS_PID="$(redis-cli -p "$REDIS_PORT" info server | tr -d '\r' | awk -F: '$1 == "process_id" { print $2 }')"

# wrk_profile BASE COOKIE SECONDS: wrk on GET /profile of one replica for one signed-in session.
wrk_profile() {
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"${3}s" --latency -H "Cookie: SESSION=$2" "$1/profile"
}

# stat_ticks STAT_FILE: user plus system CPU time from a /proc stat file, in clock ticks.
# Fields are counted after the ")" that closes the name, which may hold spaces ("C2
# CompilerThre", "GC Thread#0"): utime and stime are the 12th and 13th from there.
stat_ticks() { sed 's/.*) //' "$1" | awk '{ print $12 + $13 }'; }

# cpu_ticks PID: the CPU time a process has used, in clock ticks.
cpu_ticks() { stat_ticks "/proc/$1/stat"; }

# measure_run BASE COOKIE PID FILE: one measured run; appends "requests/s p50 p99 requests
# replica-CPU-ticks redis-server-CPU-ticks" to FILE.
measure_run() {
	local out app redis
	app="$(cpu_ticks "$3")" redis="$(cpu_ticks "$REDIS_PID")"
	out="$(wrk_profile "$1" "$2" "$SECONDS_PER_RUN")"
	app=$(($(cpu_ticks "$3") - app)) redis=$(($(cpu_ticks "$REDIS_PID") - redis))
	grep -q "Non-2xx" <<<"$out" && { echo "wrk saw errors on $1:" >&2; echo "$out" >&2; exit 1; }
	awk -v app="$app" -v redis="$redis" '/Requests\/sec/ { rps = $2 } / requests in / { n = $1 }
		$1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 } END { print rps, p50, p99, n, app, redis }' <<<"$out" >>"$4"
}

# thread_ticks PID: CPU clock ticks by kind of thread of a replica, one "kind<TAB>ticks" line each.
thread_ticks() {
	local task
	for task in /proc/"$1"/task/*; do
		printf '%s\t%s\n' "$(cat "$task/comm")" "$(stat_ticks "$task/stat")"
	done | awk -F'\t' '
		{ kind = "other" }
		$1 ~ /^http-nio-/ { kind = "Tomcat (request threads, poller, acceptor)" }
		$1 ~ /^lettuce-(nio|epoll)Ev/ { kind = "Redis client I/O (Lettuce event loop)" }
		$1 ~ /^C[12] CompilerThre/ { kind = "JIT compilers" }
		$1 ~ /^(GC Thread|G1 )/ { kind = "garbage collector" }
		$1 ~ /^session-near-cac/ { kind = "near cache lease renewal" }
		{ ticks[kind] += $2 } END { for (kind in ticks) print kind "\t" ticks[kind] }' | sort
}

# thread_table: where each replica's CPU went during the measured runs, per request.
thread_table() {
	local redis_n memory_n
	redis_n="$(awk '{ n += $4 } END { print n }' "$WORK/redis.runs")"
	memory_n="$(awk '{ n += $4 } END { print n }' "$WORK/memory.runs")"
	echo "| replica thread | Redis store, CPU per request | memory store, CPU per request |"
	echo "|---|---|---|"
	join -t$'\t' -a1 -a2 -e0 -o 0,1.2,1.3,2.2,2.3 \
		<(join -t$'\t' "$WORK/redis.threads.before" "$WORK/redis.threads.after") \
		<(join -t$'\t' "$WORK/memory.threads.before" "$WORK/memory.threads.after") |
		awk -F'\t' -v rn="$redis_n" -v mn="$memory_n" -v hz="$(getconf CLK_TCK)" '
			{ r = ($3 - $2) * 1000000 / hz / rn; m = ($5 - $4) * 1000000 / hz / mn
			  printf("| %s | %.0f µs | %.0f µs |\n", $1, r, m) }'
}

# cpu_per_request FILE COLUMN: CPU microseconds per request over all runs in FILE, of the
# replica (column 5) or of redis-server (column 6).
cpu_per_request() {
	awk -v column="$2" -v hz="$(getconf CLK_TCK)" '{ n += $4; ticks += $column }
		END { printf("%.0f", ticks * 1000000 / hz / n) }' "$1"
}

# session_facts: bytes, fields and encoding of the signed-in session in Redis, then the same for
# a session made under Redis's default hash encoding threshold (64 bytes; a hash never changes
# back to the compact encoding, so this needs a new session), then commands per request.
session_facts() {
	local id configured
	id="$(printf '%s' "$COOKIE" | base64 -d)"
	SESSION_BYTES="$(redis-cli -p "$REDIS_PORT" memory usage "spring:session:sessions:$id" samples 0)"
	SESSION_ENCODING="$(redis-cli -p "$REDIS_PORT" object encoding "spring:session:sessions:$id")"
	SESSION_FIELDS="$(redis-cli -p "$REDIS_PORT" hlen "spring:session:sessions:$id")"
	configured="$(redis-cli -p "$REDIS_PORT" config get hash-max-listpack-value | tail -1)"
	redis-cli -p "$REDIS_PORT" config set hash-max-listpack-value 64 >/dev/null
	sign_in "$WORK/default-encoding"
	id="$(printf '%s' "$COOKIE" | base64 -d)"
	DEFAULT_BYTES="$(redis-cli -p "$REDIS_PORT" memory usage "spring:session:sessions:$id" samples 0)"
	DEFAULT_ENCODING="$(redis-cli -p "$REDIS_PORT" object encoding "spring:session:sessions:$id")"
	redis-cli -p "$REDIS_PORT" config set hash-max-listpack-value "$configured" >/dev/null
	sign_in
	COMMANDS="$(commands_table)"
}

# run_cluster: deploy/local/cluster.sh on its own ports; GET /profile (BENCH_CONNECTIONS connections)
# and POST /profile (one connection) on one signed-in session through nginx, for
# BENCH_CLUSTER_SECONDS; replica 2 is SIGKILLed halfway. Sets CLUSTER_ROWS.
run_cluster() {
	local cluster="$ROOT/deploy/local/cluster.sh" base seconds half jar token body get post
	export CLUSTER_PORT="${BENCH_CLUSTER_PORT:-18280}" CLUSTER_BASE_PORT="${BENCH_CLUSTER_BASE_PORT:-18281}"
	export CLUSTER_REDIS_PORT="${BENCH_CLUSTER_REDIS_PORT:-16384}" CLUSTER_H2_PORT="${BENCH_CLUSTER_H2_PORT:-19192}"
	export CLUSTER_RUN_DIR="$WORK/cluster" CLUSTER_JAR="$JAR"
	base="http://127.0.0.1:$CLUSTER_PORT"
	seconds="${BENCH_CLUSTER_SECONDS:-30}"
	half=$((seconds / 2))
	jar="$WORK/cluster-cookies"
	"$cluster" up >"$WORK/cluster-up.log" 2>&1 || { cat "$WORK/cluster-up.log" >&2; "$cluster" down >/dev/null 2>&1; exit 1; }
	token="$(curl -s -c "$jar" -b "$jar" "$base/login" | csrf)"
	curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "username=alice" \
		--data-urlencode "password=alice-password" --data-urlencode "_csrf=$token" "$base/login"
	COOKIE="$(awk '$6 == "SESSION" { print $7 }' "$jar")"
	token="$(curl -s -b "$jar" "$base/profile" | csrf)"
	body="displayName=Alice%20Martin&email=alice%40example.com&bio=bench&_csrf=$token"
	# Warm-up through nginx, all replicas, both methods. A request that gets no answer within
	# 10 s (wrk's default is 2 s, shorter than a cold replica's slowest page on a small
	# machine) counts as a socket error, reported apart from wrong answers.
	BENCH_METHOD=GET wrk -t"$THREADS" -c"$CONNECTIONS" -d30s --timeout 10s -s "$ROOT/deploy/bench/failover.lua" \
		-H "Cookie: SESSION=$COOKIE" "$base/profile" >/dev/null &
	BENCH_METHOD=POST BENCH_BODY="$body" wrk -t1 -c1 -d30s --timeout 10s -s "$ROOT/deploy/bench/failover.lua" \
		-H "Cookie: SESSION=$COOKIE" "$base/profile" >/dev/null
	wait
	BENCH_METHOD=GET wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s --latency \
		-s "$ROOT/deploy/bench/failover.lua" -H "Cookie: SESSION=$COOKIE" "$base/profile" >"$WORK/wrk-get" 2>&1 &
	get=$!
	BENCH_METHOD=POST BENCH_BODY="$body" wrk -t1 -c1 -d"${seconds}s" --timeout 10s --latency \
		-s "$ROOT/deploy/bench/failover.lua" -H "Cookie: SESSION=$COOKIE" "$base/profile" >"$WORK/wrk-post" 2>&1 &
	post=$!
	sleep "$half"
	"$cluster" kill 2 >/dev/null
	wait "$get" "$post"
	"$cluster" down >/dev/null 2>&1
	CLUSTER_ROWS="$(cluster_row GET "$WORK/wrk-get"; cluster_row POST "$WORK/wrk-post")"
}

# cluster_row METHOD WRK_OUTPUT: one table row from failover.lua's RESULT and STATUSES lines.
cluster_row() {
	awk -v method="$1" '
		/Requests\/sec/ { rps = $2 }
		$1 == "99%" { p99 = $2 }
		/^RESULT/ { split($2, ok, "="); split($3, failed, "="); split($4, socket, "=") }
		/^STATUSES/ { sub(/^STATUSES ?/, ""); statuses = $0 }
		END { printf("| %s | %s | %s | %d | %d%s | %d |\n", method, rps, p99, ok[2], failed[2],
			(statuses == "" ? "" : " (" statuses ")"), socket[2]) }' "$2"
}

# median FILE: "requests/s p50 p99" of the run with the median requests/s in a runs file.
median() { sort -n "$1" | awk '{ line[NR] = $1 " " $2 " " $3 } END { print line[int((NR + 1) / 2)] }'; }
# runs FILE: every run's requests/s, in the order run.
runs() { awk '{ printf("%s%s", (NR > 1 ? ", " : ""), $1) }' "$1"; }

# Both replicas run side by side (one idles while the other is measured), and their runs
# alternate: a slow minute of a shared machine, or one JVM's luckier JIT, would otherwise decide
# the ratio. Each round's ratio compares two runs a few seconds apart; the table shows the median.
# Which store goes first alternates too (Redis, memory; memory, Redis; ...): on a small machine
# the second run of a pair tends to be faster. The warm-up is long because on 2 cores the JIT
# compilers compete with the load, and a page keeps getting faster for minutes.
# shellcheck disable=SC2086
start_app --app.session.strategy=redis ${BENCH_REDIS_APP_ARGS:-}
REDIS_B="$B" REDIS_READY="$READY_MS" REDIS_APP="$APP_PID"
sign_in
REDIS_COOKIE="$COOKIE"
session_facts
APP_PORT=$((APP_PORT + 1))
start_app --app.session.strategy=none
MEMORY_B="$B" MEMORY_APP="$APP_PID"
sign_in "$WORK/memory-cookies"
MEMORY_COOKIE="$COOKIE"
for _ in $(seq 1 $(((WARMUP + 29) / 30))); do # warm-up: JIT, pools, caches, alternating
	wrk_profile "$REDIS_B" "$REDIS_COOKIE" 30 >/dev/null
	wrk_profile "$MEMORY_B" "$MEMORY_COOKIE" 30 >/dev/null
done
thread_ticks "$REDIS_APP" >"$WORK/redis.threads.before"
thread_ticks "$MEMORY_APP" >"$WORK/memory.threads.before"
for round in $(seq 1 "$ROUNDS"); do
	if [ $((round % 2)) = 1 ]; then
		measure_run "$REDIS_B" "$REDIS_COOKIE" "$REDIS_APP" "$WORK/redis.runs"
		measure_run "$MEMORY_B" "$MEMORY_COOKIE" "$MEMORY_APP" "$WORK/memory.runs"
	else
		measure_run "$MEMORY_B" "$MEMORY_COOKIE" "$MEMORY_APP" "$WORK/memory.runs"
		measure_run "$REDIS_B" "$REDIS_COOKIE" "$REDIS_APP" "$WORK/redis.runs"
	fi
done
thread_ticks "$REDIS_APP" >"$WORK/redis.threads.after"
thread_ticks "$MEMORY_APP" >"$WORK/memory.threads.after"
THREADS_TABLE="$(thread_table)"
stop_app
read -r REDIS_RPS REDIS_P50 REDIS_P99 <<<"$(median "$WORK/redis.runs")"
read -r MEMORY_RPS MEMORY_P50 MEMORY_P99 <<<"$(median "$WORK/memory.runs")"
paste -d' ' "$WORK/redis.runs" "$WORK/memory.runs" | awk '{ printf("%.3f\n", $1 / $7) }' >"$WORK/ratios"
RATIO="$(sort -n "$WORK/ratios" | awk '{ r[NR] = $1 } END { printf("%.2f", r[int((NR + 1) / 2)]) }')"
REDIS_APP_CPU="$(cpu_per_request "$WORK/redis.runs" 5)" REDIS_SERVER_CPU="$(cpu_per_request "$WORK/redis.runs" 6)"
MEMORY_APP_CPU="$(cpu_per_request "$WORK/memory.runs" 5)" MEMORY_SERVER_CPU="$(cpu_per_request "$WORK/memory.runs" 6)"
RATIO_RANGE="$(sort -n "$WORK/ratios" | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf("%.2f to %.2f", lo, hi) }')"

CLUSTER_ROWS=""
if [ "${BENCH_CLUSTER:-1}" = 1 ]; then
	require nginx
	run_cluster
fi

{
	echo "# Session Cluster benchmark"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(awk '/MemTotal/ { printf("%.0f GiB", $2 / 1048576) }' /proc/meminfo), $(java -version 2>&1 | head -1)."
	echo "GET /profile signed in; one replica per store (-Xmx256m), both up, measured in turn: after $((($WARMUP + 29) / 30 * 30)) s of warm-up each, $ROUNDS rounds of wrk -t$THREADS -c$CONNECTIONS for ${SECONDS_PER_RUN} s on each, alternating which goes first. Median run shown; CPU per request over all runs (user plus system time from /proc)."
	echo
	echo "| session store | requests/s | p50 | p99 | replica CPU per request | redis-server CPU per request | every run's requests/s |"
	echo "|---|---|---|---|---|---|---|"
	echo "| Redis${BENCH_REDIS_APP_ARGS:+ ($BENCH_REDIS_APP_ARGS)} | $REDIS_RPS | $REDIS_P50 | $REDIS_P99 | $REDIS_APP_CPU µs | $REDIS_SERVER_CPU µs | $(runs "$WORK/redis.runs") |"
	echo "| memory | $MEMORY_RPS | $MEMORY_P50 | $MEMORY_P99 | $MEMORY_APP_CPU µs | $MEMORY_SERVER_CPU µs | $(runs "$WORK/memory.runs") |"
	echo "| Redis / memory | $RATIO (median of the rounds' ratios; range $RATIO_RANGE) | | | | | |"
	echo
	echo "Where each replica's CPU went over the measured runs (both replicas' threads run all the time, so a replica's JIT compilers also work while the other one is measured):"
	echo
	echo "$THREADS_TABLE"
	echo
	echo "Bytes per signed-in session in Redis (MEMORY USAGE, SAMPLES 0): $SESSION_BYTES ($SESSION_FIELDS fields, $SESSION_ENCODING; Redis started with ${BENCH_REDIS_ARGS:---hash-max-listpack-value 1024, as in docker-compose.yml}). With Redis's default hash-max-listpack-value of 64: $DEFAULT_BYTES ($DEFAULT_ENCODING)."
	echo
	echo "Replica start to ready (fat jar, Java 17): $REDIS_READY ms"
	echo
	echo "$COMMANDS"
	if [ -n "$CLUSTER_ROWS" ]; then
		echo
		echo "Through nginx, three replicas (deploy/local/cluster.sh), one signed-in session, 30 s of warm-up, then ${BENCH_CLUSTER_SECONDS:-30} s with replica 2 SIGKILLed halfway. GET: wrk -t$THREADS -c$CONNECTIONS; POST: one connection."
		echo
		echo "| method | requests/s | p99 | succeeded | failed | no answer within 10 s |"
		echo "|---|---|---|---|---|---|"
		echo "$CLUSTER_ROWS"
	fi
} | write_section bench "$OUT"
