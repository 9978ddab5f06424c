#!/usr/bin/env bash
# The docker compose topology as plain processes on 127.0.0.1, for machines without Docker:
# its own redis-server (AOF on), one shared database (an H2 server, or PostgreSQL), N replicas
# of the built jar, and nginx in front of them.
#
#   deploy/local/cluster.sh up            start everything (idempotent), wait until healthy
#   deploy/local/cluster.sh down          stop everything this script started, nothing else
#   deploy/local/cluster.sh status        what runs, and whether each replica is ready
#   deploy/local/cluster.sh kill N        SIGKILL replica N (the failover demo)
#   deploy/local/cluster.sh stop N        SIGTERM replica N and wait: a graceful, planned stop
#   deploy/local/cluster.sh start N       start replica N again and wait until it is ready
#   deploy/local/cluster.sh rolling [JAR] restart the replicas one by one onto JAR (default
#                                         CLUSTER_JAR): a rolling deploy without downtime
#   deploy/local/cluster.sh redis-stop    stop Redis (it writes its AOF and exits)
#   deploy/local/cluster.sh redis-start   start Redis again on the same data
#   deploy/local/cluster.sh redis-kill    SIGKILL the Redis primary (with CLUSTER_STRATEGY=sentinel,
#                                         Sentinel then promotes the replica; the failover time is printed)
#
# CLUSTER_STRATEGY chooses where sessions live (app.session.strategy; docs/strategies.md):
#   redis       (default) one central Redis, round-robin balancing
#   sentinel    a Redis primary, its replica and three Sentinels, which promote the replica when
#               the primary fails; the replicas connect through the Sentinels
#   replicated  every replica holds every session (embedded Hazelcast members, ports from 5701)
#   sticky      each replica keeps its own sessions; nginx routes a session to its replica
#   none        each replica keeps its own sessions; round-robin balancing (the problem itself)
# The run folder remembers the strategy of the running cluster: later commands use it.
#
# Environment: CLUSTER_PORT (nginx, 8080), CLUSTER_REPLICAS (3), CLUSTER_BASE_PORT (first
# replica, 8081), CLUSTER_REDIS_PORT (16379), CLUSTER_H2_PORT (19092), CLUSTER_RUN_DIR (pid
# files, logs, generated nginx config; deploy/local/.run), CLUSTER_DB_URL (unset: an H2 server
# process; set: a PostgreSQL JDBC URL, with CLUSTER_DB_USER and CLUSTER_DB_PASSWORD),
# CLUSTER_JAVA_OPTS (-Xmx256m -XX:+UseSerialGC), CLUSTER_JAR (app-web/target/session-cluster.jar),
# CLUSTER_REDIS_MAXMEMORY (256mb; writes are refused beyond it, nothing is evicted),
# CLUSTER_JAVA (the replicas' java; unset: a JDK 25 or later if one is found, else java on PATH),
# CLUSTER_LAUNCH (how a replica's JVM starts: aot, cds, extracted or jar; unset: aot on JDK 25+,
# cds before; see "How a replica's JVM starts" below and docs/decisions/0013-replica-start-up.md).
# CLUSTER_INSTALL (yes: install missing prerequisites without asking, on Debian/Ubuntu).
# CLUSTER_SENTINEL_PORT (the first of the three Sentinels, 26379; the Redis replica listens on
# CLUSTER_REDIS_PORT + 1), CLUSTER_REPLICATION_PORT (replica 1's Hazelcast port, 5701).
# CLUSTER_PROMETHEUS (yes: up also starts a Prometheus that scrapes every replica's
# /actuator/prometheus every 5 s, data in $RUN/prometheus; down stops it; see
# docs/observability.md), CLUSTER_PROMETHEUS_PORT (its address is 127.0.0.1:9090). It runs the
# prometheus binary on PATH (Debian/Ubuntu package prometheus, Homebrew formula prometheus),
# installed like the other prerequisites when missing; Debian's package also starts its own
# service on 9090 where systemd runs: stop it (systemctl disable --now prometheus) or move this one.
set -euo pipefail
# nginx lives in /usr/sbin on Debian, which is not on every user's PATH.
PATH="$PATH:/usr/sbin:/usr/local/sbin"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PORT="${CLUSTER_PORT:-8080}"
REPLICAS="${CLUSTER_REPLICAS:-3}"
BASE_PORT="${CLUSTER_BASE_PORT:-8081}"
REDIS_PORT="${CLUSTER_REDIS_PORT:-16379}"
H2_PORT="${CLUSTER_H2_PORT:-19092}"
RUN="${CLUSTER_RUN_DIR:-$ROOT/deploy/local/.run}"
DB_URL="${CLUSTER_DB_URL:-}"
DB_USER="${CLUSTER_DB_USER:-}"
DB_PASSWORD="${CLUSTER_DB_PASSWORD:-}"
JAVA_OPTS="${CLUSTER_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}"
JAR="${CLUSTER_JAR:-$ROOT/app-web/target/session-cluster.jar}"
READY_TIMEOUT="${CLUSTER_READY_TIMEOUT:-180}"
REDIS_MAXMEMORY="${CLUSTER_REDIS_MAXMEMORY:-256mb}"
PROMETHEUS="${CLUSTER_PROMETHEUS:-}"
PROMETHEUS_PORT="${CLUSTER_PROMETHEUS_PORT:-9090}"
SENTINEL_PORT="${CLUSTER_SENTINEL_PORT:-26379}"
REPLICATION_PORT="${CLUSTER_REPLICATION_PORT:-5701}"
# The name under which the Sentinels know the primary (spring.data.redis.sentinel.master).
SENTINEL_MASTER=sessioncluster

say() { printf '%s\n' "$*"; }
die() { printf 'cluster.sh: %s\n' "$*" >&2; exit 1; }

# --- Strategy -----------------------------------------------------------------------------------

# choose_strategy: sets STRATEGY from CLUSTER_STRATEGY, or from the running cluster's record.
choose_strategy() {
	local recorded=""
	[ -f "$RUN/strategy" ] && recorded="$(cat "$RUN/strategy")"
	STRATEGY="${CLUSTER_STRATEGY:-${recorded:-redis}}"
	case "$STRATEGY" in
		none | sticky | replicated | redis | sentinel) ;;
		*) die "CLUSTER_STRATEGY=$STRATEGY: use none, sticky, replicated, redis or sentinel" ;;
	esac
	if [ -n "$recorded" ] && [ "$recorded" != "$STRATEGY" ] && any_running; then
		die "the cluster in $RUN runs CLUSTER_STRATEGY=$recorded: run '$0 down' first to change it"
	fi
}

# --- Tools --------------------------------------------------------------------------------------

# deploy/prerequisites.txt lists what the cluster needs (and what the tests need; .ci/run reads it too).
# Missing ones are installed on Debian/Ubuntu when run as root or with CLUSTER_INSTALL=yes, after
# asking otherwise; on macOS the script prints the brew line. require_tools [USE]: the lines needed
# by USE (default cluster; prometheus for CLUSTER_PROMETHEUS=yes).
require_tools() {
	local use="${1:-cluster}" command package formula needed_by missing=() packages=() formulas=()
	while read -r command package formula needed_by; do
		[[ "$command" == \#* || -z "$command" || ",$needed_by," != *,"$use",* ]] && continue
		command -v "$command" >/dev/null 2>&1 && continue
		missing+=("$command") packages+=("$package") formulas+=("$formula")
	done <"$ROOT/deploy/prerequisites.txt"
	((${#missing[@]})) || return 0
	if [ "$(uname -s)" = Darwin ]; then
		die "${missing[*]} missing. Install them with: brew install ${formulas[*]}"
	fi
	command -v apt-get >/dev/null 2>&1 \
		|| die "${missing[*]} missing. Debian/Ubuntu packages: ${packages[*]}; Homebrew: ${formulas[*]}"
	local sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	if [ "$(id -u)" -ne 0 ] && [ "${CLUSTER_INSTALL:-}" != yes ]; then
		[ -t 0 ] || die "${missing[*]} missing. Install them: sudo apt-get install ${packages[*]} (or run with CLUSTER_INSTALL=yes)"
		local answer
		read -r -p "cluster.sh: ${missing[*]} missing. Install with '$sudo apt-get install ${packages[*]}'? [y/N] " answer
		[[ "$answer" == [yY]* ]] || die "${missing[*]} missing. Install them: sudo apt-get install ${packages[*]}"
	fi
	say "Installing ${packages[*]}"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}"
}

# --- Processes ------------------------------------------------------------------------------------

pidfile() { printf '%s/%s.pid' "$RUN" "$1"; }

running() {
	local file
	file="$(pidfile "$1")"
	[ -f "$file" ] && kill -0 "$(cat "$file")" 2>/dev/null
}

# any_running: whether any process this script started is still running.
any_running() {
	local file
	for file in "$RUN"/*.pid; do
		[ -f "$file" ] && kill -0 "$(cat "$file")" 2>/dev/null && return 0
	done
	return 1
}

# launch NAME LOGFILE COMMAND...: start in the background, detached from this shell.
launch() {
	local name="$1" log="$2"
	shift 2
	if command -v setsid >/dev/null 2>&1; then
		setsid "$@" </dev/null >>"$log" 2>&1 &
	else
		nohup "$@" </dev/null >>"$log" 2>&1 &
	fi
	echo $! >"$(pidfile "$name")"
}

# terminate NAME SIGNAL SECONDS: signal the process and wait for it to exit.
terminate() {
	local name="$1" signal="$2" seconds="$3" pid
	running "$name" || { rm -f "$(pidfile "$name")"; return 0; }
	pid="$(cat "$(pidfile "$name")")"
	kill "-$signal" "$pid" 2>/dev/null || true
	for _ in $(seq 1 $((seconds * 10))); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		say "$name did not stop within ${seconds}s; killing it"
		kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$(pidfile "$name")"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for_port() {
	local port="$1" what="$2"
	for _ in $(seq 1 300); do
		port_free "$port" || return 0
		sleep 0.1
	done
	die "$what did not open port $port"
}

# --- Redis ----------------------------------------------------------------------------------------

# start_redis_node NAME PORT [REPLICAOF_PORT]: one redis-server, a replica of another if given.
start_redis_node() {
	local name="$1" port="$2" primary="${3:-}"
	if running "$name"; then return 0; fi
	port_free "$port" || die "port $port ($name) is taken by another process"
	mkdir -p "$RUN/$name"
	launch "$name" "$RUN/$name/redis.log" redis-server --port "$port" --bind 127.0.0.1 \
		--appendonly yes --appendfsync everysec --save "" --dir "$RUN/$name" --daemonize no \
		--hash-max-listpack-value 1024 --maxmemory "$REDIS_MAXMEMORY" --maxmemory-policy noeviction \
		--notify-keyspace-events Ex ${primary:+--replicaof 127.0.0.1 "$primary"}
	wait_for_port "$port" "redis-server ($name)"
	say "redis-server   127.0.0.1:$port (AOF in $RUN/$name)${primary:+, replica of 127.0.0.1:$primary}"
}

# sentinel_primary_port: the port of the primary as the Sentinels see it; while none runs, as
# the first one last wrote it in its file (it rewrites its monitor line after a failover);
# empty before the first start.
sentinel_primary_port() {
	local i
	for i in 0 1 2; do
		redis-cli -p $((SENTINEL_PORT + i)) --raw SENTINEL get-master-addr-by-name "$SENTINEL_MASTER" 2>/dev/null |
			sed -n 2p | grep -E '^[0-9]+$' && return 0
	done
	if [ -f "$RUN/sentinel1/sentinel.conf" ]; then
		awk -v name="$SENTINEL_MASTER" '$1 == "sentinel" && $2 == "monitor" && $3 == name { print $5; exit }' \
			"$RUN/sentinel1/sentinel.conf"
	fi
	return 0
}

start_sentinel() {
	local n="$1" port=$((SENTINEL_PORT + $1 - 1)) dir="$RUN/sentinel$1"
	if running "sentinel$n"; then return 0; fi
	port_free "$port" || die "port $port (Sentinel $n, CLUSTER_SENTINEL_PORT) is taken by another process"
	mkdir -p "$dir"
	# Sentinel rewrites its file as it learns the topology: written once, kept across restarts.
	# down-after 1 s: a primary that does not answer for a second is down; two of the three
	# Sentinels must agree before one of them promotes the replica.
	[ -f "$dir/sentinel.conf" ] || cat >"$dir/sentinel.conf" <<-EOF
		port $port
		bind 127.0.0.1
		dir $dir
		sentinel monitor $SENTINEL_MASTER 127.0.0.1 $REDIS_PORT 2
		sentinel down-after-milliseconds $SENTINEL_MASTER 1000
		sentinel failover-timeout $SENTINEL_MASTER 10000
		sentinel parallel-syncs $SENTINEL_MASTER 1
	EOF
	launch "sentinel$n" "$dir/sentinel.log" redis-server "$dir/sentinel.conf" --sentinel --daemonize no
	wait_for_port "$port" "Sentinel $n"
	say "sentinel $n     127.0.0.1:$port (monitors $SENTINEL_MASTER)"
}

# start_redis: Redis as the strategy wants it. Under sentinel a node that starts again rejoins
# as a replica of whichever node the Sentinels now call the primary.
start_redis() {
	if [ "$STRATEGY" != sentinel ]; then
		start_redis_node redis "$REDIS_PORT"
		return 0
	fi
	local primary n
	primary="$(sentinel_primary_port)"
	primary="${primary:-$REDIS_PORT}"
	if [ "$primary" = "$REDIS_PORT" ]; then
		start_redis_node redis "$REDIS_PORT"
		start_redis_node redis-replica $((REDIS_PORT + 1)) "$REDIS_PORT"
	else
		start_redis_node redis-replica $((REDIS_PORT + 1))
		start_redis_node redis "$REDIS_PORT" "$primary"
	fi
	for n in 1 2 3; do start_sentinel "$n"; done
}

stop_redis() {
	terminate redis-replica TERM 10
	terminate redis TERM 10
}

# redis-kill: SIGKILL the primary; under sentinel, wait for the Sentinels to promote the replica.
cmd_redis_kill() {
	local port name started now promoted
	if [ "$STRATEGY" != sentinel ]; then
		running redis || die "Redis is not running"
		terminate redis KILL 10
		say "redis-server 127.0.0.1:$REDIS_PORT killed (SIGKILL); '$0 redis-start' brings it back"
		return 0
	fi
	port="$(sentinel_primary_port)"
	[ -n "$port" ] || die "no Sentinel answers on 127.0.0.1:$SENTINEL_PORT"
	if [ "$port" = "$REDIS_PORT" ]; then name=redis; else name=redis-replica; fi
	running "$name" || die "the primary, $name on 127.0.0.1:$port, is not running"
	started="$(date +%s%N)"
	terminate "$name" KILL 10
	say "primary $name 127.0.0.1:$port killed (SIGKILL); waiting for the Sentinels to promote the replica ..."
	for _ in $(seq 1 600); do
		promoted="$(sentinel_primary_port)"
		if [ -n "$promoted" ] && [ "$promoted" != "$port" ] &&
			[ "$(redis-cli -p "$promoted" --raw ROLE 2>/dev/null | head -1)" = master ]; then
			now="$(date +%s%N)"
			say "failover: 127.0.0.1:$promoted is the primary, $(((now - started) / 1000000)) ms after the kill"
			say "'$0 redis-start' brings $name back, as a replica of the new primary"
			return 0
		fi
		sleep 0.1
	done
	die "no failover within 60 s; see $RUN/sentinel1/sentinel.log"
}

# --- Database -------------------------------------------------------------------------------------

db_url() {
	if [ -n "$DB_URL" ]; then printf '%s' "$DB_URL"; else printf 'jdbc:h2:tcp://127.0.0.1:%s/sessioncluster' "$H2_PORT"; fi
}

start_db() {
	[ -n "$DB_URL" ] && return 0
	if running h2; then return 0; fi
	port_free "$H2_PORT" || die "port $H2_PORT (CLUSTER_H2_PORT) is taken by another process"
	mkdir -p "$RUN/h2"
	# The H2 driver is inside the application jar: run its server through Boot's launcher.
	launch h2 "$RUN/h2/h2.log" java -Xmx128m -cp "$JAR" -Dloader.main=org.h2.tools.Server \
		org.springframework.boot.loader.launch.PropertiesLauncher \
		-tcp -tcpPort "$H2_PORT" -baseDir "$RUN/h2" -ifNotExists
	wait_for_port "$H2_PORT" "the H2 server"
	say "H2 server      127.0.0.1:$H2_PORT (data in $RUN/h2)"
}

# --- How a replica's JVM starts ------------------------------------------------------------------
# Most of a replica's start is the JVM loading, verifying and linking some 20,000 classes. The jar
# is extracted once per build (classes load from plain jars, not from jars nested in the fat jar),
# and a training run (the replica's own arguments, stopped by Spring once the context is refreshed)
# records what it loaded: JDK 25's AOT cache (JEPs 483, 514, 515: classes loaded and linked, with
# method profiles) or, on an older JDK, a CDS archive. Every replica of that build then maps it at
# start. The result is kept under $RUN/launch, one folder per jar and JDK; a new jar gets its own.

# java_version JAVA: the version a java binary reports ("17.0.15", "25.0.3").
java_version() { "$1" -version 2>&1 | awk -F'"' '/ version "/ { print $2; exit }'; }

# major VERSION: the feature release of a version ("17.0.15" -> 17, "1.8.0_442" -> 8).
major() { local v="${1#1.}"; printf '%s' "${v%%[!0-9]*}"; }

# pick_java: CLUSTER_JAVA, else the first JDK 25 or later among JAVA_HOME, PATH and the usual
# install folders (Debian/Ubuntu packages, macOS), else java on PATH.
pick_java() {
	if [ -n "${CLUSTER_JAVA:-}" ]; then
		printf '%s' "$CLUSTER_JAVA"
		return 0
	fi
	local candidate version
	for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null || true)" \
		/usr/lib/jvm/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java; do
		[ -x "$candidate" ] || continue
		version="$(java_version "$candidate")"
		if [ -n "$version" ] && [ "$(major "$version")" -ge 25 ]; then
			printf '%s' "$candidate"
			return 0
		fi
	done
	command -v java
}

# choose_launch: sets JAVA, JAVA_VERSION and LAUNCH (CLUSTER_LAUNCH, else aot on 25+, else cds).
choose_launch() {
	[ -n "${JAVA:-}" ] && return 0
	JAVA="$(pick_java)"
	JAVA_VERSION="$(java_version "$JAVA")"
	[ -n "$JAVA_VERSION" ] || die "$JAVA does not run"
	[ "$(major "$JAVA_VERSION")" -ge 17 ] || die "$JAVA is Java $JAVA_VERSION; the application needs 17 or later"
	LAUNCH="${CLUSTER_LAUNCH:-}"
	if [ -z "$LAUNCH" ]; then
		if [ "$(major "$JAVA_VERSION")" -ge 25 ]; then LAUNCH=aot; else LAUNCH=cds; fi
	fi
	case "$LAUNCH" in
		aot) [ "$(major "$JAVA_VERSION")" -ge 25 ] || die "CLUSTER_LAUNCH=aot needs JDK 25 or later; $JAVA is $JAVA_VERSION" ;;
		cds | extracted | jar) ;;
		*) die "CLUSTER_LAUNCH=$LAUNCH: use aot, cds, extracted or jar" ;;
	esac
}

# prepare_launch: the folder a replica of this jar starts from (the extracted jar, plus the AOT
# cache or CDS archive of a training run), made if missing; sets APP_JAR and LAUNCH_OPTS for
# launch_replica. A folder without its "complete" mark (an interrupted run) is made again.
prepare_launch() {
	[ -n "${APP_JAR:-}" ] && return 0
	choose_launch
	LAUNCH_OPTS=""
	if [ "$LAUNCH" = jar ]; then
		APP_JAR="$JAR"
		return 0
	fi
	local key dir record
	# One folder per jar, JDK, JVM options and strategy: the training run uses the replicas'
	# options, and a cache made under other options (heap size, garbage collector) may be partly
	# refused; a strategy loads classes of its own (Hazelcast's, for replicated).
	key="$(printf '%s %s %s' "$(cksum <"$JAR")" "$JAVA_OPTS" "$STRATEGY" | cksum | awk '{ print $1 }')"
	dir="$RUN/launch/$LAUNCH-$JAVA_VERSION-$key"
	# One name for the application jar, whatever the fat jar is called (a rolling deploy copies
	# it under a dated name): the same jar under another name finds its folder and cache.
	APP_JAR="$dir/application.jar"
	if [ ! -f "$dir/complete" ]; then
		rm -rf "$dir"
		mkdir -p "$dir" "$RUN/logs"
		"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$dir" >/dev/null || die "could not extract $JAR"
		# The tool names the application jar after the fat jar, next to lib/.
		mv "$dir/$(basename "$JAR")" "$APP_JAR"
		case "$LAUNCH" in
			aot) record="-XX:AOTCacheOutput=$dir/app.aot" ;;
			cds) record="-XX:ArchiveClassesAtExit=$dir/app.jsa" ;;
			*) record="" ;;
		esac
		if [ -n "$record" ]; then
			say "Training run: the $LAUNCH start of this jar on Java $JAVA_VERSION (once per build) ..."
			# The replica's own arguments and JVM options, on a port nobody uses: Spring stops
			# the JVM once the context is refreshed, before the web server starts, and the JVM
			# writes what it loaded as it exits.
			replica_args training 0
			# shellcheck disable=SC2086
			(cd "$dir" && "$JAVA" $JAVA_OPTS "$record" -Dspring.context.exit=onRefresh -jar "$APP_JAR" \
				"${REPLICA_ARGS[@]}") >"$RUN/logs/training.log" 2>&1 ||
				say "The training run failed (see $RUN/logs/training.log): replicas start from the extracted jar alone"
		fi
		touch "$dir/complete"
	fi
	if [ -f "$dir/app.aot" ]; then
		LAUNCH_OPTS="-XX:AOTCache=$dir/app.aot"
	elif [ -f "$dir/app.jsa" ]; then
		LAUNCH_OPTS="-XX:SharedArchiveFile=$dir/app.jsa"
	fi
}

# launch_line: how the replicas start, for the operator.
launch_line() {
	local how
	case "$LAUNCH_OPTS" in
		-XX:AOTCache=*) how="extracted jar and AOT cache" ;;
		-XX:SharedArchiveFile=*) how="extracted jar and CDS archive" ;;
		*) if [ "$APP_JAR" = "$JAR" ]; then how="fat jar"; else how="extracted jar"; fi ;;
	esac
	say "replicas       Java $JAVA_VERSION ($JAVA), $how"
}

# --- Replicas -------------------------------------------------------------------------------------

replica_port() { printf '%s' $((BASE_PORT + $1 - 1)); }

check_replica() {
	[[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le "$REPLICAS" ] ||
		die "no replica '$1': use a number from 1 to $REPLICAS"
}

ready() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$(replica_port "$1")/actuator/health/readiness" 2>/dev/null; }

# replica_args ID PORT: sets REPLICA_ARGS, the application arguments of a replica.
replica_args() {
	local profiles="demo" n members="" replication_port
	[ -n "$DB_URL" ] && profiles="demo,postgres"
	# nginx runs on this machine: the replicas believe X-Forwarded-For from loopback only.
	REPLICA_ARGS=(--server.address=127.0.0.1 --server.port="$2" --app.replica-id="$1"
		--server.tomcat.remoteip.internal-proxies=127.0.0.1
		--spring.profiles.active="$profiles"
		--spring.data.redis.host=127.0.0.1 --spring.data.redis.port="$REDIS_PORT"
		--spring.datasource.url="$(db_url)"
		${DB_USER:+--spring.datasource.username="$DB_USER"}
		${DB_PASSWORD:+--spring.datasource.password="$DB_PASSWORD"}
		--app.session.strategy="$STRATEGY")
	case "$STRATEGY" in
		sentinel)
			REPLICA_ARGS+=(--spring.data.redis.sentinel.master="$SENTINEL_MASTER"
				--spring.data.redis.sentinel.nodes="127.0.0.1:$SENTINEL_PORT,127.0.0.1:$((SENTINEL_PORT + 1)),127.0.0.1:$((SENTINEL_PORT + 2))")
			;;
		replicated)
			if [ "$1" = training ]; then
				# The training run is a member on its own, on a port no replica uses.
				replication_port=$((REPLICATION_PORT + REPLICAS))
				members="127.0.0.1:$replication_port"
			else
				replication_port=$((REPLICATION_PORT + ${1#app} - 1))
				for n in $(seq 1 "$REPLICAS"); do members="$members${members:+,}127.0.0.1:$((REPLICATION_PORT + n - 1))"; done
			fi
			REPLICA_ARGS+=(--app.session.replication.address=127.0.0.1
				--app.session.replication.port="$replication_port" --app.session.replication.members="$members")
			;;
	esac
}

launch_replica() {
	local n="$1" port
	if running "app$n"; then return 1; fi
	port="$(replica_port "$n")"
	port_free "$port" || die "port $port (replica $n) is taken by another process"
	prepare_launch
	replica_args "app$n" "$port"
	mkdir -p "$RUN/logs"
	date +%s%N >"$RUN/app$n.started"
	# shellcheck disable=SC2086
	launch "app$n" "$RUN/logs/app$n.log" "$JAVA" $JAVA_OPTS $LAUNCH_OPTS -jar "$APP_JAR" "${REPLICA_ARGS[@]}"
}

wait_replica() {
	local n="$1" started now
	# Polled every tenth of a second: the time printed is what start-up benchmarks read.
	for _ in $(seq 1 $((READY_TIMEOUT * 10))); do
		if ready "$n"; then
			started="$(cat "$RUN/app$n.started" 2>/dev/null || echo 0)"
			now="$(date +%s%N)"
			say "app$n           http://127.0.0.1:$(replica_port "$n")  ready in $(((now - started) / 1000000)) ms"
			return 0
		fi
		running "app$n" || die "app$n exited while starting; see $RUN/logs/app$n.log"
		sleep 0.1
	done
	die "app$n was not ready after ${READY_TIMEOUT}s; see $RUN/logs/app$n.log"
}

# --- nginx ----------------------------------------------------------------------------------------

write_nginx_config() {
	local dir="$RUN/nginx" n
	mkdir -p "$dir/tmp"
	chmod 1777 "$dir/tmp"
	{
		say "# Generated by deploy/local/cluster.sh: the replicas of the local cluster."
		for n in $(seq 1 "$REPLICAS"); do
			say "server 127.0.0.1:$(replica_port "$n") max_fails=1 fail_timeout=5s;"
		done
	} >"$dir/upstream-servers.conf"
	write_balancing >"$dir/balancing.conf"
	# The shared configuration, with only the listen address changed for this machine.
	sed "s/^\( *\)listen 8080;/\1listen 127.0.0.1:$PORT;/" "$ROOT/nginx/session-cluster.conf" >"$dir/session-cluster.conf"
	cat >"$dir/nginx.conf" <<-EOF
		# Generated by deploy/local/cluster.sh. The http-level configuration is nginx/session-cluster.conf.
		worker_processes 1;
		pid $dir/nginx.pid;
		error_log $dir/error.log warn;
		events { worker_connections 1024; }
		http {
		    client_body_temp_path $dir/tmp/client_body;
		    proxy_temp_path $dir/tmp/proxy;
		    fastcgi_temp_path $dir/tmp/fastcgi;
		    uwsgi_temp_path $dir/tmp/uwsgi;
		    scgi_temp_path $dir/tmp/scgi;
		    include $dir/session-cluster.conf;
		}
	EOF
}

# write_balancing: nginx/balancing.conf (round-robin), or for sticky sessions the routing of
# nginx/balancing.sticky.compose.conf with this machine's replicas: each replica's own group,
# the others as its backups.
write_balancing() {
	local n m
	if [ "$STRATEGY" != sticky ]; then
		cat "$ROOT/nginx/balancing.conf"
		return 0
	fi
	say "# Generated by deploy/local/cluster.sh from nginx/balancing.sticky.compose.conf: sticky balancing."
	sed -n '/^map "\$cookie_SESSION|\$arg_sid"/,/^}/p' "$ROOT/nginx/balancing.sticky.compose.conf"
	say "map \$session_route \$session_backend {"
	for n in $(seq 1 "$REPLICAS"); do say "    app$n sticky_app$n;"; done
	say "    default session_cluster;"
	say "}"
	for n in $(seq 1 "$REPLICAS"); do
		say "upstream sticky_app$n {"
		say "    server 127.0.0.1:$(replica_port "$n") max_fails=1 fail_timeout=5s;"
		for m in $(seq 1 "$REPLICAS"); do
			[ "$m" = "$n" ] || say "    server 127.0.0.1:$(replica_port "$m") backup;"
		done
		say "    keepalive 8;"
		say "    keepalive_timeout 750ms;"
		say "}"
	done
}

start_nginx() {
	write_nginx_config
	if running nginx; then
		nginx -q -p "$RUN/nginx/" -c "$RUN/nginx/nginx.conf" -e "$RUN/nginx/error.log" -s reload
		return 0
	fi
	port_free "$PORT" || die "port $PORT (CLUSTER_PORT) is taken by another process"
	nginx -q -t -p "$RUN/nginx/" -c "$RUN/nginx/nginx.conf" -e "$RUN/nginx/error.log"
	launch nginx "$RUN/nginx/access.log" nginx -p "$RUN/nginx/" -c "$RUN/nginx/nginx.conf" \
		-e "$RUN/nginx/error.log" -g "daemon off;"
	wait_for_port "$PORT" "nginx"
	say "nginx          http://localhost:$PORT (access log without query strings: $RUN/nginx/access.log)"
}

# --- Prometheus (CLUSTER_PROMETHEUS=yes) -----------------------------------------------------------
# deploy/observability/prometheus/prometheus.yml, with this machine's addresses: each replica on
# its own port (through nginx, every scrape would reach a different one).

write_prometheus_config() {
	local dir="$RUN/prometheus" n
	mkdir -p "$dir/data"
	{
		say "# Generated by deploy/local/cluster.sh from deploy/observability/prometheus/prometheus.yml:"
		say "# the replicas of the local cluster."
		say "global:"
		say "  scrape_interval: 5s"
		say "  scrape_timeout: 4s"
		say "  evaluation_interval: 5s"
		say "scrape_configs:"
		say "  - job_name: session-cluster"
		say "    metrics_path: /actuator/prometheus"
		say "    honor_labels: true"
		say "    static_configs:"
		for n in $(seq 1 "$REPLICAS"); do
			say "      - targets: [\"127.0.0.1:$(replica_port "$n")\"]"
			say "        labels: {replica: app$n}"
		done
	} >"$dir/prometheus.yml"
}

start_prometheus() {
	write_prometheus_config
	if running prometheus; then
		# The replica count may have changed: SIGHUP makes it read its configuration again.
		kill -HUP "$(cat "$(pidfile prometheus)")"
		return 0
	fi
	port_free "$PROMETHEUS_PORT" || die "port $PROMETHEUS_PORT (CLUSTER_PROMETHEUS_PORT) is taken by another process" \
		"(Debian's prometheus service? systemctl disable --now prometheus)"
	launch prometheus "$RUN/prometheus/prometheus.log" prometheus \
		--config.file="$RUN/prometheus/prometheus.yml" --storage.tsdb.path="$RUN/prometheus/data" \
		--storage.tsdb.retention.time=2d --web.listen-address="127.0.0.1:$PROMETHEUS_PORT"
	wait_for_port "$PROMETHEUS_PORT" "prometheus"
	say "prometheus     http://127.0.0.1:$PROMETHEUS_PORT (scrapes every replica every 5 s; data in $RUN/prometheus)"
}

# --- Commands -------------------------------------------------------------------------------------

build_if_missing() {
	[ -f "$JAR" ] && return 0
	say "Building $JAR ..."
	(cd "$ROOT" && ./mvnw -q -DskipTests package)
}

cmd_up() {
	require_tools
	if [ "$PROMETHEUS" = yes ]; then require_tools prometheus; fi
	build_if_missing
	mkdir -p "$RUN"
	echo "$STRATEGY" >"$RUN/strategy"
	say "strategy       $STRATEGY (app.session.strategy)"
	start_redis
	start_db
	prepare_launch
	launch_line
	local n
	local started=()
	for n in $(seq 1 "$REPLICAS"); do
		if launch_replica "$n"; then started+=("$n"); else say "app$n           already running"; fi
	done
	for n in ${started[@]+"${started[@]}"}; do wait_replica "$n"; done
	start_nginx
	if [ "$PROMETHEUS" = yes ]; then start_prometheus; fi
	say ""
	say "Session Cluster is up: http://localhost:$PORT   (sign in as alice / alice-password)"
}

cmd_down() {
	local n
	# Whether or not CLUSTER_PROMETHEUS is set now: one started by an earlier up.
	terminate prometheus TERM 10
	terminate nginx TERM 10
	for n in $(seq 1 "$REPLICAS"); do terminate "app$n" TERM 30; done
	terminate h2 TERM 10
	for n in 1 2 3; do terminate "sentinel$n" TERM 10; done
	stop_redis
	rm -f "$RUN/strategy"
	say "Session Cluster is down."
}

cmd_status() {
	local name n state
	say "strategy $STRATEGY"
	for name in redis redis-replica sentinel1 sentinel2 sentinel3 h2 nginx; do
		[[ "$name" == redis-replica || "$name" == sentinel* ]] && [ "$STRATEGY" != sentinel ] && continue
		if running "$name"; then state="running (pid $(cat "$(pidfile "$name")"))"; else state="stopped"; fi
		[ "$name" = h2 ] && [ -n "$DB_URL" ] && state="not used (CLUSTER_DB_URL)"
		printf '%-13s %s\n' "$name" "$state"
	done
	if running prometheus; then
		printf '%-13s %s\n' prometheus "running (pid $(cat "$(pidfile prometheus)"), http://127.0.0.1:$PROMETHEUS_PORT)"
	elif [ "$PROMETHEUS" = yes ]; then
		printf '%-13s %s\n' prometheus "stopped"
	fi
	for n in $(seq 1 "$REPLICAS"); do
		if running "app$n"; then
			if ready "$n"; then state="ready"; else state="starting or not ready"; fi
			state="$state (pid $(cat "$(pidfile "app$n")"), http://127.0.0.1:$(replica_port "$n"))"
		else
			state="stopped"
		fi
		printf '%-13s %s\n' "app$n" "$state"
	done
}

cmd_kill() {
	check_replica "$1"
	running "app$1" || die "app$1 is not running"
	terminate "app$1" KILL 10
	say "app$1 killed (SIGKILL)"
}

cmd_stop() {
	check_replica "$1"
	running "app$1" || die "app$1 is not running"
	terminate "app$1" TERM 40
	say "app$1 stopped (SIGTERM, graceful)"
}

cmd_start() {
	check_replica "$1"
	require_tools
	running redis || die "the cluster is not up: run '$0 up'"
	launch_replica "$1" || true
	wait_replica "$1"
}

# rolling [JAR]: a rolling deploy. The jar is copied into the run folder first (a build that
# rewrites the original cannot change it under a running replica); then each replica in turn is
# stopped gracefully (its drain and graceful shutdown: nginx passes every request to the others),
# started on the copy, and waited for until ready, before the next one stops. One replica at a
# time is away, and sessions live in Redis: nobody is signed out.
cmd_rolling() {
	local jar="${1:-$JAR}" release n started now
	require_tools
	running redis || die "the cluster is not up: run '$0 up'"
	[ -f "$jar" ] || die "no jar at $jar"
	mkdir -p "$RUN/releases"
	release="$RUN/releases/session-cluster-$(date +%Y%m%d-%H%M%S).jar"
	cp "$jar" "$release"
	JAR="$release"
	# The new jar's extracted folder and class cache, made while every replica still serves.
	prepare_launch
	started="$(date +%s%N)"
	for n in $(seq 1 "$REPLICAS"); do
		if running "app$n"; then terminate "app$n" TERM 40; say "app$n           stopped (SIGTERM, graceful)"; fi
		launch_replica "$n" || true
		wait_replica "$n"
		# nginx took the replica out of rotation when its connections were refused
		# (max_fails=1 fail_timeout=5s) and tries it again after that window: wait it out,
		# so the next replica stops only when this one is serving again.
		wait_served_by "$n"
		say "app$n           near cache: $(near_cache_state "$n")"
	done
	now="$(date +%s%N)"
	say "rolled $REPLICAS replicas onto $release in $(((now - started) / 1000000)) ms"
}

# near_cache_state N: the replica's near-cache state and, when it runs without, why.
near_cache_state() {
	curl -s --max-time 2 "http://127.0.0.1:$(replica_port "$1")/actuator/health/near-cache" 2>/dev/null |
		grep -o '"state":"[^"]*"\|"reason":"[^"]*"' | tr '\n' ' ' || true
}

# wait_served_by N: until a request through nginx is answered by replica N (at most 30 s).
wait_served_by() {
	local n="$1"
	for _ in $(seq 1 300); do
		if curl -s -o /dev/null -D - --max-time 2 "http://127.0.0.1:$PORT/actuator/health" 2>/dev/null |
			grep -qi "^x-served-by: app$n"; then
			return 0
		fi
		sleep 0.1
	done
	say "app$n           not seen through nginx within 30 s; carrying on"
}

case "${1:-}" in
	up | down | status | kill | stop | start | rolling | redis-stop | redis-start | redis-kill) choose_strategy ;;
esac
case "${1:-}" in
	up) cmd_up ;;
	down) cmd_down ;;
	status) cmd_status ;;
	kill) cmd_kill "${2:?usage: cluster.sh kill N}" ;;
	stop) cmd_stop "${2:?usage: cluster.sh stop N}" ;;
	start) cmd_start "${2:?usage: cluster.sh start N}" ;;
	rolling) cmd_rolling "${2:-}" ;;
	redis-stop) stop_redis && say "redis-server stopped" ;;
	redis-start) require_tools && start_redis ;;
	redis-kill) cmd_redis_kill ;;
	*)
		# The comment block at the top of this file, whatever its length.
		awk 'NR == 1 { next } !/^#/ { exit } { sub(/^# ?/, ""); print }' "$0"
		exit 2
		;;
esac
