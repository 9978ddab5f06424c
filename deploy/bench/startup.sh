#!/usr/bin/env bash
# Replica start to ready, by way of starting the JVM: a replica restart in the local cluster.
#
#   deploy/bench/startup.sh      prints a Markdown table and puts it in deploy/bench/results.md
#
# deploy/local/cluster.sh runs redis-server, an H2 server, three replicas and nginx on ports of
# its own; replica 2 is stopped (SIGTERM) and started again with `cluster.sh start 2` while the
# others run, once per way of starting in turn, BENCH_STARTUP_RUNS times each. The time is what
# cluster.sh prints: from launching the JVM to the replica's readiness endpoint answering UP
# (Redis and the database reachable, the demo accounts in place), polled every tenth of a second.
# A first round, not counted, prepares each way (extraction, training run) and warms the page
# cache. The ways run in turn within a round, so a busy minute of a shared machine falls on all
# of them. Also printed: the replica's CPU time when it became ready (user plus system, from
# /proc), which depends less on what else the machine runs, and the load average at each start.
# Needs java 17 (BENCH_JAVA17) and, for the JDK 25 rows, a JDK 25 (BENCH_JAVA25; found like
# cluster.sh finds it), redis-server, nginx, curl.
# Environment: BENCH_STARTUP_RUNS (5), BENCH_STARTUP_WAYS (the rows, see WAYS below),
# BENCH_OUT (deploy/bench/results.md), BENCH_JAR, BENCH_STARTUP_PORT (18380: nginx; the replicas,
# Redis and H2 take the next ports and 16385, 19193).
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
RUNS="${BENCH_STARTUP_RUNS:-5}"
OUT="${BENCH_OUT:-$ROOT/deploy/bench/results.md}"
CLUSTER="$ROOT/deploy/local/cluster.sh"
BASE_OPTS="-Xmx256m -XX:+UseSerialGC"
export CLUSTER_PORT="${BENCH_STARTUP_PORT:-18380}"
export CLUSTER_BASE_PORT=$((CLUSTER_PORT + 1)) CLUSTER_REDIS_PORT=16385 CLUSTER_H2_PORT=19193
export CLUSTER_RUN_DIR="$WORK/cluster" CLUSTER_JAR="$JAR" CLUSTER_REPLICAS=3

require java redis-server curl nginx
trap 'CLUSTER_JAVA="$JAVA17" "$CLUSTER" down >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

java_version() { "$1" -version 2>&1 | awk -F'"' '/ version "/ { print $2; exit }'; }
major() { local v="${1#1.}"; printf '%s' "${v%%[!0-9]*}"; }

# find_java LOW HIGH: the first java of a feature release from LOW to HIGH on PATH, in JAVA_HOME
# or in the usual install folders.
find_java() {
	local candidate version
	for candidate in "$(command -v java 2>/dev/null || true)" ${JAVA_HOME:+"$JAVA_HOME/bin/java"} \
		/usr/lib/jvm/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java; do
		[ -x "$candidate" ] || continue
		version="$(java_version "$candidate")"
		[ -n "$version" ] && [ "$(major "$version")" -ge "$1" ] && [ "$(major "$version")" -le "$2" ] &&
			{ printf '%s' "$candidate"; return 0; }
	done
	return 0
}
JAVA17="${BENCH_JAVA17:-$(find_java 17 17)}"
JAVA25="${BENCH_JAVA25:-$(find_java 25 999)}"
[ -n "$JAVA17" ] || { echo "needs a Java 17 (BENCH_JAVA17)" >&2; exit 1; }

# One row per way: label | java (17 or 25) | CLUSTER_LAUNCH | JVM options added to BASE_OPTS
# (Spring properties as -D options apply to the training run too). The first row is the before
# figure: the fat jar, as cluster.sh started replicas until now.
WAYS="${BENCH_STARTUP_WAYS:-fat jar, Java 17|17|jar|
extracted jar, Java 17|17|extracted|
extracted jar + CDS archive, Java 17|17|cds|
extracted jar, Java 25|25|extracted|
extracted jar + AOT cache, Java 25|25|aot|
AOT cache + C1 only (-XX:TieredStopAtLevel=1)|25|aot|-XX:TieredStopAtLevel=1
AOT cache + lazy initialization (spring.main.lazy-initialization)|25|aot|-Dspring.main.lazy-initialization=true
AOT cache + JPA bootstrap in the background (repositories bootstrap-mode deferred)|25|aot|-Dspring.data.jpa.repositories.bootstrap-mode=deferred
AOT cache + no Hibernate schema validation (ddl-auto none)|25|aot|-Dspring.jpa.hibernate.ddl-auto=none}"
if [ -z "$JAVA25" ]; then
	echo "No JDK 25 found (BENCH_JAVA25): the Java 25 rows are left out" >&2
	WAYS="$(grep -v '|25|' <<<"$WAYS")"
fi
mapfile -t ROWS <<<"$WAYS"

# restart ROW: stops replica 2 and starts it the way of ROW; appends "ms cpu_ms load" to the
# row's runs file.
restart() {
	local label java launch opts line ms pid ticks load
	IFS='|' read -r label java launch opts <<<"${ROWS[$1]}"
	if [ "$java" = 25 ]; then java="$JAVA25"; else java="$JAVA17"; fi
	export CLUSTER_JAVA="$java" CLUSTER_LAUNCH="$launch" CLUSTER_JAVA_OPTS="$BASE_OPTS${opts:+ $opts}"
	"$CLUSTER" stop 2 >/dev/null
	load="$(cut -d' ' -f1 /proc/loadavg)"
	line="$("$CLUSTER" start 2 | grep 'ready in')" || { tail -40 "$CLUSTER_RUN_DIR/logs/app2.log" >&2; exit 1; }
	pid="$(cat "$CLUSTER_RUN_DIR/app2.pid")"
	ticks="$(sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')"
	ms="$(sed 's/.*ready in \([0-9]*\) ms.*/\1/' <<<"$line")"
	echo "$ms $((ticks * 1000 / $(getconf CLK_TCK))) $load" >>"$WORK/row-$1"
}

# median COLUMN FILE
median() { sort -n -k"$1","$1" "$2" | awk -v c="$1" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'; }

CLUSTER_JAVA="$JAVA17" CLUSTER_LAUNCH=jar CLUSTER_JAVA_OPTS="$BASE_OPTS" "$CLUSTER" up >"$WORK/up.log" 2>&1 ||
	{ cat "$WORK/up.log" >&2; exit 1; }
for i in "${!ROWS[@]}"; do # the round not counted: prepares each way, warms the page cache
	restart "$i"
	rm -f "$WORK/row-$i"
done
for round in $(seq 1 "$RUNS"); do
	for i in "${!ROWS[@]}"; do
		restart "$i"
	done
	echo "round $round of $RUNS done" >&2
done

{
	echo "## Replica start to ready"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(awk '/MemTotal/ { printf("%.0f GiB", $2 / 1048576) }' /proc/meminfo);" \
		"Java 17: $(java_version "$JAVA17")${JAVA25:+, Java 25: $(java_version "$JAVA25")}; JVM options $BASE_OPTS plus the row's."
	echo "\`cluster.sh start 2\` with replicas 1 and 3 running (H2 server, Redis, nginx; idle), $RUNS runs per way, the ways in turn;" \
		"start to ready: from launching the JVM to the readiness endpoint answering UP. CPU: the replica's user plus system time when it became ready." \
		"Load: the 1-minute load average when each start began (2 cores: 2.0 is a busy machine)."
	echo
	echo "| way of starting | start to ready (median) | every run (ms) | CPU to ready (median) | load average (median, range) |"
	echo "|---|---|---|---|---|"
	for i in "${!ROWS[@]}"; do
		IFS='|' read -r label _ _ _ <<<"${ROWS[$i]}"
		printf '| %s | %.1f s | %s | %.1f s | %s (%s) |\n' "$label" \
			"$(awk '{ print $1 / 1000 }' <<<"$(median 1 "$WORK/row-$i")")" \
			"$(awk '{ printf("%s%s", (NR > 1 ? ", " : ""), $1) }' "$WORK/row-$i")" \
			"$(awk '{ print $1 / 1000 }' <<<"$(median 2 "$WORK/row-$i")")" \
			"$(median 3 "$WORK/row-$i")" \
			"$(sort -n -k3,3 "$WORK/row-$i" | awk 'NR == 1 { lo = $3 } { hi = $3 } END { print lo " to " hi }')"
	done
} | write_section startup "$OUT"
