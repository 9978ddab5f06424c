#!/usr/bin/env bash
# Redis commands per request, by kind of request, from INFO commandstats deltas.
#
#   deploy/bench/redis-commands.sh [extra application arguments...]
#
# Starts its own redis-server and one replica of the built jar (demo profile) on free local
# ports, signs in as alice with curl, then for each kind of request sends N requests and
# prints a Markdown table of Redis commands per request, by command. Extra arguments go to
# the application, e.g. --spring.session.data.redis.repository-type=indexed.
set -euo pipefail
PATH="$PATH:/usr/sbin:/usr/local/sbin"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAR="${BENCH_JAR:-$ROOT/app-web/target/session-cluster.jar}"
N="${BENCH_REQUESTS:-200}"
APP_PORT="${BENCH_APP_PORT:-18181}"
REDIS_PORT="${BENCH_REDIS_PORT:-16381}"
WORK="$(mktemp -d)"

for tool in java redis-server redis-cli curl; do
	command -v "$tool" >/dev/null 2>&1 || { echo "needs $tool (Debian/Ubuntu: apt-get install redis-server redis-tools curl)" >&2; exit 1; }
done
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -q -DskipTests package)

cleanup() {
	[ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null || true
	redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
	rm -rf "$WORK"
}
trap cleanup EXIT

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" --daemonize yes >/dev/null
java -Xmx256m -jar "$JAR" --server.port="$APP_PORT" --server.address=127.0.0.1 --spring.profiles.active=demo \
	--app.replica-id=bench --spring.data.redis.port="$REDIS_PORT" "$@" >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 240); do
	curl -fsS -o /dev/null "http://127.0.0.1:$APP_PORT/actuator/health/readiness" 2>/dev/null && break
	sleep 0.5
done

B="http://127.0.0.1:$APP_PORT"
JAR_COOKIES="$WORK/cookies"
csrf() { grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//'; }
token="$(curl -s -c "$JAR_COOKIES" -b "$JAR_COOKIES" "$B/login" | csrf)"
curl -s -o /dev/null -c "$JAR_COOKIES" -b "$JAR_COOKIES" --data-urlencode "username=alice" \
	--data-urlencode "password=alice-password" --data-urlencode "_csrf=$token" "$B/login"
curl -s -o /dev/null -b "$JAR_COOKIES" "$B/profile"
asset="$(curl -s -b "$JAR_COOKIES" "$B/" | grep -o '/css/app[^"]*\.css' | head -1)"

calls() { redis-cli -p "$REDIS_PORT" info commandstats | tr -d '\r' | sed -n 's/^cmdstat_\([a-z|]*\):calls=\([0-9]*\).*/\1 \2/p'; }

measure() {
	local label="$1" requests="$2"
	shift 2
	redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
	for _ in $(seq 1 "$requests"); do "$@" >/dev/null; done
	calls | awk -v label="$label" -v n="$requests" '
		$1 !~ /^(config|info)/ { total += $2; detail = detail sprintf("%s %.2f, ", toupper($1), $2 / n) }
		END { sub(/, $/, "", detail); printf("| %s | %.2f | %s |\n", label, total / n, (detail == "" ? "none" : detail)) }'
}

profile_post() {
	local token
	token="$(curl -s -b "$JAR_COOKIES" "$B/profile" | csrf)"
	redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
	curl -s -o /dev/null -b "$JAR_COOKIES" --data-urlencode "displayName=Alice Martin" \
		--data-urlencode "email=alice@example.com" --data-urlencode "bio=bench" --data-urlencode "_csrf=$token" "$B/profile"
}

sign_in() {
	local jar="$WORK/signin" token
	rm -f "$jar"
	token="$(curl -s -c "$jar" -b "$jar" "$B/login" | csrf)"
	redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
	curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "username=alice" \
		--data-urlencode "password=alice-password" --data-urlencode "_csrf=$token" "$B/login"
}

measure_last() {
	local label="$1"
	shift
	"$@"
	calls | awk -v label="$label" '
		$1 !~ /^(config|info)/ { total += $2; detail = detail sprintf("%s %d, ", toupper($1), $2) }
		END { sub(/, $/, "", detail); printf("| %s | %d | %s |\n", label, total, (detail == "" ? "none" : detail)) }'
}

echo "| request | Redis commands per request | by command |"
echo "|---|---|---|"
measure "authenticated GET /profile" "$N" curl -s -b "$JAR_COOKIES" "$B/profile"
measure "anonymous GET / (no cookie)" "$N" curl -s "$B/"
measure "static asset with the session cookie" "$N" curl -s -b "$JAR_COOKIES" "$B$asset"
measure "static asset without a cookie" "$N" curl -s "$B$asset"
measure_last "sign-in (POST /login)" sign_in
measure_last "profile update (POST /profile)" profile_post
