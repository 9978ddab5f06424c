#!/usr/bin/env bash
# Compares the session strategies on the local cluster (deploy/local/cluster.sh: nginx, three
# replicas, Redis, H2) and prints one Markdown table, a row per strategy.
#
#   deploy/compare/compare.sh                      every strategy: none sticky replicated redis sentinel
#   deploy/compare/compare.sh sticky redis         only those, in that order
#   deploy/compare/compare.sh --report [S ...]     the table again (printed and appended) from the
#                                                  raw results of each strategy's last run
#
# For each strategy in turn: cluster.sh up with that CLUSTER_STRATEGY on this script's own ports
# and run folder (fresh Redis data each time; one new database for the whole run; the replicas'
# class caches are kept across runs), then
#   1. accounts (first strategy only): COMPARE_USERS accounts (compare1, compare2, ...) are
#      opened directly on the replicas, each from its own client address;
#   2. memory: COMPARE_WARMUP_SESSIONS sign-ins warm the new JVMs up, then COMPARE_SESSIONS
#      sign-ins directly on the replicas (a third on each) make as many signed-in sessions; what
#      those add is measured on every node ("Redis memory" and "heap growth" below);
#   3. journey: COMPARE_USERS users sign in through nginx, then each loops over GET
#      COMPARE_PAGE, GET /profile, POST /profile (a new display name each time, with the form's
#      CSRF and one-time tokens) for COMPARE_SECONDS; at COMPARE_KILL_AT seconds replica 2 is
#      SIGKILLed (cluster.sh kill 2) and, under sentinel, COMPARE_REDIS_KILL_AFTER seconds later
#      the Redis primary (cluster.sh redis-kill). The driver is deploy/compare/Journey.java
#      (JDK HttpClient only; its comment says what it counts);
#   4. cluster.sh down (also when this script fails or is interrupted).
#
# The table (also appended to COMPARE_OUT) has, per strategy:
#   signed out        users whose request, after the kill, was answered with a redirect to
#                     /login (they sign in again and carry on); users signed out before the
#                     kill are shown apart (that is strategy none: every replica its own sessions)
#   failed GET/POST   requests answered 5xx (nginx answers 503 when no replica could), refused
#                     or reset connections, and requests with no answer within COMPARE_TIMEOUT s
#   updates lost      at the end each user's profile is read (after signing in again where
#                     needed): it must show the last display name whose POST got its success
#                     redirect, or a later one whose answer never came; any other counts as lost
#   req/s, p99        every request of the loop through nginx (re-sign-ins included), from the
#                     driver's side: requests per second of the loop, 99th percentile latency
#   store bytes/req   bytes Redis received and sent (INFO stats total_net_input_bytes +
#                     total_net_output_bytes, summed over the Redis nodes, replication links not
#                     included) from just before the journey's driver starts to just after it
#                     ends, divided by the requests the driver sent (its sign-ins included); the
#                     INFO calls of this measurement are subtracted. Every strategy keeps the
#                     sign-in limits, new-session counters and the per-user session index in
#                     Redis, so it is not zero under none, sticky or replicated. Sampled every
#                     second: a node SIGKILLed loses at most its last second.
#   peer bytes/req    bytes between the nodes of the session store, over the same window and
#                     requests: replicated, the TCP payload of every connection whose local port
#                     is a Hazelcast port (CLUSTER_REPLICATION_PORT..+2), bytes_sent +
#                     bytes_received as the kernel counts them (ss -tin), each connection once;
#                     sentinel, Redis's replication stream (total_net_repl_output_bytes summed
#                     over the two Redis nodes). Connections that close during the run (the killed
#                     replica's) count up to their last sample, a second at most before.
#   Redis memory      INFO memory used_memory less mem_total_replication_buffers, before and
#                     after the COMPARE_SESSIONS sign-ins; under sentinel the primary's, and its
#                     replica's in brackets. Under every strategy the per-user session index and
#                     the sign-in counters are in Redis; under redis and sentinel the sessions too
#   heap growth       each replica's live objects (jcmd PID GC.class_histogram: a full GC, then
#                     every object by class; taken twice, the second counts; its total less the
#                     filler objects), before and after the sign-ins. Not the heap's "used"
#                     (GC.run, then jvm_memory_used_bytes{area="heap"}): the serial collector's
#                     full GC leaves dead space in place as fillers, several MB of it here, more
#                     than the sessions on a replica weigh, and a different amount each time; on
#                     a JDK without jdk.internal.vm.FillerElement (before 19) they still count.
#                     Under none and
#                     sticky a replica holds the sessions made on it (a third), under replicated
#                     every session (Hazelcast's owner copy or backup), under redis and sentinel
#                     the near cache's copies of sessions. The details line gives the
#                     noise: two measurements taken one after the other before the sign-ins
#   balancer state    a fixed description: does nginx keep anything per session?
#
# Client addresses: through nginx every user of the journey has 127.0.0.1 (nginx sets
# X-Forwarded-For to the connection's address). Three per-address limits then see 30 people as
# one client: nginx's on requests without a session (2 a second, bursts of 20; only the first
# GET /login of each user names no session, and the driver waits and tries again on a 429), the
# sign-in throttle (5 attempts in flight: the driver has at most 4 sign-ins in flight), and the
# replicas' new sessions per address and minute (app.anonymous-sessions.per-address-per-minute,
# 120). A replica that does not know a session creates a new one for the request (strategy none;
# sticky after the kill), so that last limit would answer 429 where 30 people on 30 addresses get
# the redirect to /login: this script raises it for its replicas to 100000, through the
# environment (APP_ANONYMOUSSESSIONS_PERADDRESSPERMINUTE), and changes nothing else.
# The accounts and the sign-ins of the memory part go to the replicas directly, which believe
# X-Forwarded-For from 127.0.0.1: each account gets an address of its own (20 registrations per
# address and hour), and the sign-ins take 25 addresses in turn.
#
# Environment: COMPARE_USERS (30), COMPARE_SECONDS (40), COMPARE_KILL_AT (a third of
# COMPARE_SECONDS), COMPARE_REDIS_KILL_AFTER (5), COMPARE_SESSIONS (1000),
# COMPARE_WARMUP_SESSIONS (90), COMPARE_PAGE
# (/account/password), COMPARE_TIMEOUT (10, seconds per request), COMPARE_OUT
# (deploy/compare/results.md; the table is appended), COMPARE_RUN_DIR (deploy/compare/.run: the
# cluster's run folder, and per strategy the logs and raw results under results/), COMPARE_PORT
# (nginx, 9080), COMPARE_BASE_PORT (replica 1, 9081; then 9082, 9083), COMPARE_REDIS_PORT
# (17379; the Sentinel's Redis replica on 17380), COMPARE_H2_PORT (19292),
# COMPARE_SENTINEL_PORT (27379, 27380, 27381), COMPARE_REPLICATION_PORT (5801, 5802, 5803),
# COMPARE_JAR (app-web/target/session-cluster.jar). CLUSTER_JAVA, CLUSTER_LAUNCH and
# CLUSTER_JAVA_OPTS pass through to cluster.sh (with -XX:SoftRefLRUPolicyMSPerMB=0 added: see
# "Every garbage collection" below). The first run of a strategy includes the
# replicas' class-cache training run (cluster.sh, once per jar and strategy).
# Needs what cluster.sh needs, plus jcmd (the JDK of the replicas) and ss (iproute2).
set -euo pipefail
# shellcheck source=../bench/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../bench/common.sh"

USERS="${COMPARE_USERS:-30}"
DURATION="${COMPARE_SECONDS:-40}"
KILL_AT="${COMPARE_KILL_AT:-$((DURATION / 3))}"
REDIS_KILL_AFTER="${COMPARE_REDIS_KILL_AFTER:-5}"
SESSIONS="${COMPARE_SESSIONS:-1000}"
WARMUP="${COMPARE_WARMUP_SESSIONS:-90}"
PAGE="${COMPARE_PAGE:-/account/password}"
TIMEOUT="${COMPARE_TIMEOUT:-10}"
OUT="${COMPARE_OUT:-$ROOT/deploy/compare/results.md}"
CLUSTER="$ROOT/deploy/local/cluster.sh"
JOURNEY="$ROOT/deploy/compare/Journey.java"
export CLUSTER_PORT="${COMPARE_PORT:-9080}"
export CLUSTER_BASE_PORT="${COMPARE_BASE_PORT:-9081}"
export CLUSTER_REDIS_PORT="${COMPARE_REDIS_PORT:-17379}"
export CLUSTER_H2_PORT="${COMPARE_H2_PORT:-19292}"
export CLUSTER_SENTINEL_PORT="${COMPARE_SENTINEL_PORT:-27379}"
export CLUSTER_REPLICATION_PORT="${COMPARE_REPLICATION_PORT:-5801}"
export CLUSTER_RUN_DIR="${COMPARE_RUN_DIR:-$ROOT/deploy/compare/.run}"
export CLUSTER_JAR="${COMPARE_JAR:-$JAR}"
export CLUSTER_REPLICAS=3
export APP_ANONYMOUSSESSIONS_PERADDRESSPERMINUTE=100000
# Every garbage collection clears the soft references not used since the one before. The JDK's
# reflection data and Spring's caches hold their entries softly, and under the default policy
# (kept for about a second per free MB of heap after their last use, some 3 minutes here) the
# ones filled while the JVM warmed up were let go between the two memory measurements, some
# 0.3 MB, about what the sessions on a replica weigh. Under this one, two full GCs in a row
# leave only what is strongly held, before and after alike.
export CLUSTER_JAVA_OPTS="${CLUSTER_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC} -XX:SoftRefLRUPolicyMSPerMB=0"
unset CLUSTER_DB_URL CLUSTER_PROMETHEUS
RUN="$CLUSTER_RUN_DIR"
REPLICA_PORTS="$CLUSTER_BASE_PORT,$((CLUSTER_BASE_PORT + 1)),$((CLUSTER_BASE_PORT + 2))"
REPORT_ONLY=""
if [ "${1:-}" = --report ]; then
	REPORT_ONLY=yes
	shift
fi
STRATEGIES=("$@")
((${#STRATEGIES[@]})) || STRATEGIES=(none sticky replicated redis sentinel)
for strategy in "${STRATEGIES[@]}"; do
	case "$strategy" in
		none | sticky | replicated | redis | sentinel) ;;
		*) echo "compare.sh: unknown strategy '$strategy': use none, sticky, replicated, redis or sentinel" >&2; exit 2 ;;
	esac
done

require java redis-server redis-cli curl nginx ss
[ -f "$CLUSTER_JAR" ] || { echo "compare.sh: no jar at $CLUSTER_JAR" >&2; exit 1; }

SAMPLER=""
set -E
# Said once, by the script itself (a command substitution that finds nothing is no failure).
trap '[ "$BASH_SUBSHELL" = 0 ] && say "compare.sh: failed (exit $?) at line $LINENO: $BASH_COMMAND"' ERR
finish() {
	if [ -n "$SAMPLER" ]; then kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true; fi
	"$CLUSTER" down >/dev/null 2>&1 || true
	rm -rf "$WORK"
}
trap finish EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

say() { printf '%s\n' "$*" >&2; }

# journey COMMAND OPTIONS...: the driver, results on standard output.
journey() { java "$JOURNEY" "$@" --users "$USERS" --timeout "$TIMEOUT"; }

# value NAME FILE: a "name value" line's value from the driver's results.
value() { awk -v name="$1" '$1 == name { sub(/^[^ ]+ /, ""); print; exit }' "$2"; }

# redis_ports: the Redis nodes of the running strategy.
redis_ports() {
	if [ "$STRATEGY" = sentinel ]; then echo "$CLUSTER_REDIS_PORT $((CLUSTER_REDIS_PORT + 1))"; else echo "$CLUSTER_REDIS_PORT"; fi
}

# --- Memory --------------------------------------------------------------------------------------

# heap_after_gc N: the bytes of replica N's live objects: the class histogram after a full GC,
# taken twice (the first GC clears the soft references idle since the one before, see
# SoftRefLRUPolicyMSPerMB above), less the filler objects, which are dead space the
# mark-compact left in place rather than move what lies above it (MarkSweepDeadRatio).
heap_after_gc() {
	local pid jcmd
	pid="$(cat "$RUN/app$1.pid")"
	# The replica's own JDK: jcmd of another release may not attach.
	jcmd="$(dirname "$(readlink -f "/proc/$pid/exe")")/jcmd"
	[ -x "$jcmd" ] || jcmd=jcmd
	"$jcmd" "$pid" GC.class_histogram >/dev/null
	"$jcmd" "$pid" GC.class_histogram |
		awk '/ jdk\.internal\.vm\.Filler|\[Ljdk\.internal\.vm\.FillerElement;/ { filler += $3 } $1 == "Total" { total = $3 }
			END { printf "%.0f\n", total - filler }'
}

# used_memory PORT: INFO memory used_memory of a Redis node, less its replication buffers
# (mem_total_replication_buffers): under sentinel the primary and its replica each keep a
# backlog of the replication stream that grows with what is written, up to 1 MB by default.
used_memory() {
	redis-cli -p "$1" INFO memory | tr -d '\r' | awk -F: '{ v[$1] = $2 } END { printf "%.0f\n", v["used_memory"] - v["mem_total_replication_buffers"] }'
}

# memory_snapshot FILE: "heap N BYTES" per replica and "redis PORT BYTES" per Redis node.
memory_snapshot() {
	local n port
	for n in 1 2 3; do echo "heap $n $(heap_after_gc "$n")"; done >"$1"
	for port in $(redis_ports); do echo "redis $port $(used_memory "$port")"; done >>"$1"
}

# --- Bytes to the store and between nodes ----------------------------------------------------------

# sample_loop FILE: every second, each Redis node's network counters and the reply size of the
# INFO call itself (to subtract it), and under replicated each Hazelcast connection's bytes.
sample_loop() {
	local round=0 port first last reply
	first="$CLUSTER_REPLICATION_PORT"
	last=$((CLUSTER_REPLICATION_PORT + 2))
	while :; do
		round=$((round + 1))
		for port in $(redis_ports); do
			reply="$(redis-cli -p "$port" INFO stats 2>/dev/null)" || continue
			printf '%s\n' "$reply" | tr -d '\r' | awk -F: -v round="$round" -v port="$port" -v size="${#reply}" '
				{ v[$1] = $2 }
				END { if ("total_net_input_bytes" in v) print "redis", round, port, v["total_net_input_bytes"] + v["total_net_output_bytes"], v["total_net_repl_output_bytes"] + 0, size }'
		done
		if [ "$STRATEGY" = replicated ]; then
			ss -tinH state established "( sport >= :$first and sport <= :$last )" 2>/dev/null | awk -v round="$round" '
				/^[0-9]/ { key = $3 "-" $4; next }
				key != "" {
					sent = 0; received = 0
					for (i = 1; i <= NF; i++) {
						if ($i ~ /^bytes_sent:/) { sub(/^bytes_sent:/, "", $i); sent = $i }
						if ($i ~ /^bytes_received:/) { sub(/^bytes_received:/, "", $i); received = $i }
					}
					print "peer", round, key, sent + received
					key = ""
				}'
		fi
		sleep 1
	done
}

# traffic FILE: "STORE PEER" bytes over the samples. Redis: per node, last minus first sample,
# less 25 bytes in and the reply (plus its 9-byte framing) out per INFO call in between.
# Hazelcast: per connection its last sample, less its first if it was open at the first round.
traffic() {
	awk '
		$1 == "redis" {
			if (!($3 in first)) { first[$3] = $4; firstRepl[$3] = $5; calls[$3] = 0 }
			else { calls[$3]++; own[$3] += 25 + $6 + 9 }
			last[$3] = $4; lastRepl[$3] = $5
		}
		$1 == "peer" {
			if (!($3 in base)) base[$3] = ($2 == 1) ? $4 : 0
			peer[$3] = $4
		}
		END {
			for (p in first) { store += last[p] - first[p] - own[p]; repl += lastRepl[p] - firstRepl[p] }
			for (k in peer) hz += peer[k] - base[k]
			printf "%.0f %.0f %.0f\n", store, repl, hz
		}' "$1"
}

# --- One strategy --------------------------------------------------------------------------------

# fresh_data: the previous strategy's Redis and Sentinel data removed. The database (the
# accounts) stays for the whole run; the class caches under launch/ stay for later runs too.
fresh_data() {
	rm -rf "$RUN/redis" "$RUN/redis-replica" "$RUN/sentinel1" "$RUN/sentinel2" "$RUN/sentinel3" "$RUN/logs"
}

run_strategy() {
	STRATEGY="$1"
	local dir="$RUN/results/$STRATEGY" started events
	started="$(date +%s)"
	export CLUSTER_STRATEGY="$STRATEGY"
	rm -rf "$dir"
	mkdir -p "$dir"
	"$CLUSTER" down >/dev/null 2>&1 || true
	fresh_data
	say "== $STRATEGY: cluster.sh up"
	"$CLUSTER" up >"$dir/up.log" 2>&1 || { cat "$dir/up.log" >&2; return 1; }
	grep -m1 '^replicas ' "$dir/up.log" | sed 's/^replicas *//' >"$dir/java"

	if [ ! -f "$RUN/accounts" ]; then
		say "== $STRATEGY: $USERS accounts"
		journey register --replicas "$REPLICA_PORTS" >"$dir/register.out" 2>"$dir/register.log"
		[ "$(value register_failed "$dir/register.out")" = 0 ] || { cat "$dir/register.log" >&2; return 1; }
		touch "$RUN/accounts"
	fi

	say "== $STRATEGY: $WARMUP + $SESSIONS sign-ins, memory before and after the $SESSIONS"
	# The first sign-ins of a new JVM also fill caches and load classes: they come before
	# the first measurement.
	journey sessions --replicas "$REPLICA_PORTS" --count "$WARMUP" >"$dir/warmup.out" 2>"$dir/warmup.log"
	# Two measurements with nothing in between: how far apart they are is the noise.
	memory_snapshot "$dir/memory-noise"
	memory_snapshot "$dir/memory-before"
	journey sessions --replicas "$REPLICA_PORTS" --count "$SESSIONS" >"$dir/sessions.out" 2>"$dir/sessions.log"
	memory_snapshot "$dir/memory-after"

	say "== $STRATEGY: journey, $DURATION s through nginx; replica 2 SIGKILLed at $KILL_AT s"
	events=(--event "$KILL_AT:$CLUSTER kill 2")
	if [ "$STRATEGY" = sentinel ]; then
		events+=(--event "$((KILL_AT + REDIS_KILL_AFTER)):$CLUSTER redis-kill")
	fi
	sample_loop >"$dir/samples" 2>/dev/null &
	SAMPLER=$!
	sleep 1.5
	journey run --base "http://127.0.0.1:$CLUSTER_PORT" --seconds "$DURATION" --page "$PAGE" "${events[@]}" \
		>"$dir/journey.out" 2>"$dir/journey.log"
	sleep 1.5
	kill "$SAMPLER" 2>/dev/null || true
	wait "$SAMPLER" 2>/dev/null || true
	SAMPLER=""
	# The machine's load over the last minute, most of it the journey's.
	cut -d' ' -f1 /proc/loadavg >"$dir/load"

	# Nothing of the replicas is needed any more: SIGKILL spares their graceful stop.
	"$CLUSTER" kill 1 >/dev/null 2>&1 || true
	"$CLUSTER" kill 3 >/dev/null 2>&1 || true
	"$CLUSTER" down >/dev/null 2>&1 || true
	cp -r "$RUN/logs" "$dir/logs" 2>/dev/null || true
	mv "$RUN/nginx/access.log" "$dir/logs/nginx-access.log" 2>/dev/null || true
	echo $(($(date +%s) - started)) >"$dir/seconds"
	say "== $STRATEGY: done in $(cat "$dir/seconds") s"
}

# --- The table -----------------------------------------------------------------------------------

balancer_state() {
	case "$1" in
		sticky) echo "routes by the replica named at the end of the session id (in the cookie); no table" ;;
		*) echo "round-robin, no state" ;;
	esac
}

# kb BYTES: a size in KB with one decimal, signed.
kb() { awk -v b="$1" 'BEGIN { printf "%+.1f KB", b / 1024 }'; }

row() {
	local s="$1" dir="$RUN/results/$1" j m0 m1 requests store repl hz after before users checked heap redis n port
	j="$dir/journey.out" m0="$dir/memory-before" m1="$dir/memory-after"
	requests="$(value all_requests "$j")"
	read -r store repl hz <<<"$(traffic "$dir/samples")"
	users="$(value users "$j")"
	after="$(value signed_out_users_after_event "$j")"
	before="$(value signed_out_users_before_event "$j")"
	checked="$(value updates_checked_users "$j")"
	heap=""
	for n in 1 2 3; do
		heap="$heap${heap:+ / }$(awk -v n="$n" '$1 == "heap" && $2 == n { print $3 }' "$m0" "$m1" |
			awk 'NR == 1 { a = $1 } NR == 2 { printf "%+.1f MB", ($1 - a) / 1048576 }')"
	done
	redis=""
	for port in $(STRATEGY="$s" redis_ports); do
		redis="$redis${redis:+ (replica }$(awk -v p="$port" '$1 == "redis" && $2 == p { print $3 }' "$m0" "$m1" |
			awk 'NR == 1 { a = $1 } NR == 2 { printf "%+.0f KB", ($1 - a) / 1024 }')"
	done
	[ "$s" = sentinel ] && redis="$redis)"
	local peer="—"
	case "$s" in
		replicated) peer="$(awk -v b="$hz" -v r="$requests" 'BEGIN { printf "%.0f (Hazelcast)", b / r }')" ;;
		sentinel) peer="$(awk -v b="$repl" -v r="$requests" 'BEGIN { printf "%.0f (replication)", b / r }')" ;;
	esac
	printf '| %s | %s | %s of %s%s | %s / %s / %s | %s / %s / %s | %s of %s | %s | %s | %s | %s | %s | %s |\n' \
		"$s" "$(balancer_state "$s")" "$after" "$users" "$( [ "${before:-0}" != 0 ] && echo " ($before before the kill)")" \
		"$(value get_5xx "$j")" "$(value get_connection "$j")" "$(value get_timeout "$j")" \
		"$(value post_5xx "$j")" "$(value post_connection "$j")" "$(value post_timeout "$j")" \
		"$(value updates_lost "$j")" "$checked" \
		"$(value throughput "$j")" "$(value p99_ms "$j")" \
		"$(awk -v b="$store" -v r="$requests" 'BEGIN { printf "%.0f", b / r }')" "$peer" \
		"$redis" "$heap"
}

# noise DIR: how far apart two memory measurements with nothing in between were, at most.
noise() {
	awk '$1 == "heap" { k = $1 " " $2; if (k in a) { d = $3 - a[k]; if (d < 0) d = -d; if (d > h) h = d } else a[k] = $3 }
		$1 == "redis" { k = $1 " " $2; if (k in a) { d = $3 - a[k]; if (d < 0) d = -d; if (d > r) r = d } else a[k] = $3 }
		END { printf ", noise between two measurements: heap %.2f MB, Redis %.0f KB", h / 1048576, r / 1024 }' \
		"$1/memory-noise" "$1/memory-before"
}

# details S: what the table leaves out, one line.
details() {
	local s="$1" dir="$RUN/results/$1" j
	j="$dir/journey.out"
	printf -- '- %s: %s of %s users signed in before the run; %s requests in %s s (p50 %s ms, max %s ms); GET sent %s, POST sent %s; redirects to /login %s; sign-ins during the run %s; other answers (4xx, form shown again): GET %s, POST %s%s; updates acknowledged %s; sessions made %s of %s (%s s)%s; %s%s; load average (1 min) at the end of the journey %s; %s s in all, done at %s.\n' \
		"$s" "$(value signed_in_at_start "$j")" "$(value users "$j")" \
		"$(value requests "$j")" "$(value seconds "$j")" "$(value p50_ms "$j")" "$(value max_ms "$j")" \
		"$(value get_sent "$j")" "$(value post_sent "$j")" "$(value signed_out_answers "$j")" \
		"$(value sign_ins_during_run "$j")" "$(value get_other "$j")" "$(value post_other "$j")" \
		"$(awk '$1 == "other_status" { sub(/^other_status /, ""); s = s (s ? ", " : "") $0 } END { if (s) print " (" s ")" }' "$j")" \
		"$(value updates_acknowledged "$j")" "$(value sessions "$dir/sessions.out")" "$SESSIONS" \
		"$(value sessions_seconds "$dir/sessions.out")" "$(noise "$dir")" \
		"$( [ -f "$dir/register.out" ] && printf 'accounts opened %s' "$(value registered "$dir/register.out")" || printf 'accounts from the first strategy')" \
		"$(grep -o 'failover: .*' "$dir/journey.log" | sed 's/^/; /' | tr -d '\n' || true)" \
		"$(cat "$dir/load" 2>/dev/null || echo unknown)" "$(cat "$dir/seconds")" "$(date -u -r "$dir/seconds" '+%H:%M UTC')"
}

report() {
	local s java
	java="$(cat "$RUN/results/${STRATEGIES[0]}/java" 2>/dev/null || echo unknown)"
	echo "### Session strategies compared, $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo
	echo "Machine: $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)," \
		"$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM (other work runs beside: see the load averages below)." \
		"Replicas: $java, $CLUSTER_JAVA_OPTS." \
		"Journey: $USERS users through nginx for $DURATION s (GET $PAGE, GET /profile, POST /profile)," \
		"replica 2 SIGKILLed at $KILL_AT s$(for s in "${STRATEGIES[@]}"; do [ "$s" = sentinel ] && echo ", the Redis primary $REDIS_KILL_AFTER s later (sentinel)"; done)," \
		"request timeout $TIMEOUT s. Memory: $SESSIONS signed-in sessions, a third made on each replica."
	echo
	echo "| strategy | balancer state | users signed out by the failure | failed GET (5xx / connection / timeout) | failed POST (5xx / connection / timeout) | acknowledged updates lost (users checked) | req/s | p99 ms | store bytes/req (Redis) | peer bytes/req | Redis used_memory for $SESSIONS sessions | heap growth, live objects, for $SESSIONS sessions (app1 / app2 / app3) |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
	for s in "${STRATEGIES[@]}"; do row "$s"; done
	echo
	for s in "${STRATEGIES[@]}"; do details "$s"; done
	echo
	if [ -n "$REPORT_ONLY" ]; then
		echo "Rebuilt from the raw results in $RUN/results/ (each strategy's own time above)."
	else
		echo "Took $(($(date +%s) - BEGAN)) s. Raw results: $RUN/results/."
	fi
}

if [ -n "$REPORT_ONLY" ]; then
	trap 'rm -rf "$WORK"' EXIT
	for strategy in "${STRATEGIES[@]}"; do
		[ -f "$RUN/results/$strategy/seconds" ] || { echo "compare.sh: no complete results for $strategy in $RUN/results" >&2; exit 1; }
	done
	mkdir -p "$(dirname "$OUT")"
	{
		[ -s "$OUT" ] && echo
		report
	} | tee -a "$OUT"
	exit 0
fi
BEGAN="$(date +%s)"
mkdir -p "$RUN"
# A new database for this run: the accounts are opened again by the first strategy.
"$CLUSTER" down >/dev/null 2>&1 || true
rm -rf "$RUN/h2" "$RUN/accounts"
for strategy in "${STRATEGIES[@]}"; do run_strategy "$strategy"; done
mkdir -p "$(dirname "$OUT")"
{
	[ -s "$OUT" ] && echo
	report
} | tee -a "$OUT"
