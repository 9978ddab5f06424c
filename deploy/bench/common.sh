#!/usr/bin/env bash
# Shared by the benchmark scripts (sourced, not run): one redis-server and one replica of the
# built jar on local ports, signed in as alice with curl.
PATH="$PATH:/usr/sbin:/usr/local/sbin"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAR="${BENCH_JAR:-$ROOT/app-web/target/session-cluster.jar}"
APP_PORT="${BENCH_APP_PORT:-18183}"
REDIS_PORT="${BENCH_REDIS_PORT:-16383}"
B="http://127.0.0.1:$APP_PORT"
WORK="$(mktemp -d)"
COOKIES="$WORK/cookies"
APP_PID=""

require() {
	local tool
	for tool in "$@"; do
		command -v "$tool" >/dev/null 2>&1 || {
			echo "needs $tool (Debian/Ubuntu: apt-get install openjdk-17-jre-headless redis-server redis-tools curl wrk)" >&2
			exit 1
		}
	done
	[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -q -DskipTests package)
}

APP_PIDS=()

# stop_app: stops every replica start_app started.
stop_app() {
	local pid
	for pid in "${APP_PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	APP_PIDS=()
	APP_PID=""
}

cleanup() {
	stop_app
	# bench.sh's cluster run, if it was interrupted.
	if [ -n "${CLUSTER_RUN_DIR:-}" ]; then "$ROOT/deploy/local/cluster.sh" down >/dev/null 2>&1 || true; fi
	redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
	rm -rf "$WORK"
}

start_redis() {
	trap cleanup EXIT
	# The session hash encoding setting of docker-compose.yml and cluster.sh; BENCH_REDIS_ARGS
	# overrides it (e.g. "--hash-max-listpack-value 64", Redis's default).
	# shellcheck disable=SC2086
	redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" --daemonize yes \
		${BENCH_REDIS_ARGS:---hash-max-listpack-value 1024} >/dev/null
}

# start_app [application arguments...]: starts a replica on APP_PORT (B is its address), waits
# until it is ready, sets APP_PID and READY_MS. BENCH_JAVA_OPTS adds JVM options.
start_app() {
	local started now
	started="$(date +%s%N)"
	B="http://127.0.0.1:$APP_PORT"
	# shellcheck disable=SC2086
	java ${BENCH_JAVA_OPTS:-} -Xmx256m -jar "$JAR" --server.port="$APP_PORT" --server.address=127.0.0.1 \
		--spring.profiles.active=demo --app.replica-id=bench --spring.data.redis.port="$REDIS_PORT" "$@" \
		>"$WORK/app-$APP_PORT.log" 2>&1 &
	APP_PID=$!
	APP_PIDS+=("$APP_PID")
	until curl -fsS -o /dev/null "$B/actuator/health/readiness" 2>/dev/null; do
		kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/app-$APP_PORT.log" >&2; exit 1; }
		sleep 0.1
	done
	now="$(date +%s%N)"
	READY_MS=$(((now - started) / 1000000))
}

# hidden_field NAME: the value of the first hidden form field NAME in the page on standard input.
hidden_field() { grep -o "name=\"$1\" value=\"[^\"]*\"" | head -1 | sed 's/.*value="//;s/"$//'; }
csrf() { hidden_field _csrf; }

# sign_in [cookie jar]: signs in as alice; sets COOKIE to the SESSION cookie's value.
sign_in() {
	local jar="${1:-$COOKIES}" token
	rm -f "$jar"
	token="$(curl -s -c "$jar" -b "$jar" "$B/login" | csrf)"
	curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "username=alice" \
		--data-urlencode "password=alice-password" --data-urlencode "_csrf=$token" "$B/login"
	curl -s -o /dev/null -b "$jar" "$B/profile"
	COOKIE="$(awk '$6 == "SESSION" { print $7 }' "$jar")"
}

# write_section NAME FILE: prints standard input and puts it in FILE between "<!-- begin NAME -->"
# and "<!-- end NAME -->", replacing that section if FILE has one, else appending it: each
# benchmark script keeps its own part of results.md.
write_section() {
	local name="$1" file="$2" part="$WORK/section-$1"
	tee "$part"
	touch "$file"
	awk -v name="$name" -v part="$part" '
		function emit() { print "<!-- begin " name " -->"; while ((getline line < part) > 0) print line; print "<!-- end " name " -->" }
		$0 == "<!-- begin " name " -->" { skipping = 1; emit(); done = 1; next }
		$0 == "<!-- end " name " -->" { skipping = 0; next }
		!skipping { print }
		END { if (!done) { if (NR > 0) print ""; emit() } }' "$file" >"$part.new"
	mv "$part.new" "$file"
}
