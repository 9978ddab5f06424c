#!/usr/bin/env bash
# Redis commands per request, by kind of request, from INFO commandstats deltas.
#
#   deploy/bench/redis-commands.sh [extra application arguments...]
#
# Starts its own redis-server and one replica of the built jar (demo profile) on free local
# ports, signs in as alice with curl, then for each kind of request sends N requests and
# prints a Markdown table of Redis commands per request, by command. Extra arguments go to
# the application, e.g. --spring.session.data.redis.repository-type=indexed.
# bench.sh sources this file and calls commands_table on the replica it already runs.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
N="${BENCH_REQUESTS:-200}"

calls() { redis-cli -p "$REDIS_PORT" info commandstats | tr -d '\r' | sed -n 's/^cmdstat_\([a-z|]*\):calls=\([0-9]*\).*/\1 \2/p'; }

# report LABEL REQUESTS: one table row from the counters since the last CONFIG RESETSTAT.
report() {
	calls | awk -v label="$1" -v n="$2" '
		$1 !~ /^(config|info)/ { total += $2; detail = detail sprintf("%s %.2f, ", toupper($1), $2 / n) }
		END { sub(/, $/, "", detail); printf("| %s | %.2f | %s |\n", label, total / n, (detail == "" ? "none" : detail)) }'
}

reset_stats() { redis-cli -p "$REDIS_PORT" config resetstat >/dev/null; }

# measure LABEL COMMAND...: runs COMMAND N times and reports commands per run.
measure() {
	local label="$1" i
	shift
	reset_stats
	for i in $(seq 1 "$N"); do "$@" >/dev/null; done
	report "$label" "$N"
}

profile_post() {
	local token
	token="$(curl -s -b "$COOKIES" "$B/profile" | csrf)"
	reset_stats
	curl -s -o /dev/null -b "$COOKIES" --data-urlencode "displayName=Alice Martin" \
		--data-urlencode "email=alice@example.com" --data-urlencode "bio=bench" --data-urlencode "_csrf=$token" "$B/profile"
}

sign_in_once() {
	local jar="$WORK/signin" token
	rm -f "$jar"
	token="$(curl -s -c "$jar" -b "$jar" "$B/login" | csrf)"
	reset_stats
	curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "username=alice" \
		--data-urlencode "password=alice-password" --data-urlencode "_csrf=$token" "$B/login"
}

# commands_table: needs the replica running and COOKIES signed in.
commands_table() {
	local asset
	asset="$(curl -s -b "$COOKIES" "$B/" | grep -o '/assets/css/app[^"]*\.css' | head -1)"
	echo "| request | Redis commands per request | by command |"
	echo "|---|---|---|"
	measure "authenticated GET /profile" curl -s -b "$COOKIES" "$B/profile"
	measure "anonymous GET / (no cookie)" curl -s "$B/"
	measure "static asset with the session cookie" curl -s -b "$COOKIES" "$B$asset"
	measure "static asset without a cookie" curl -s "$B$asset"
	sign_in_once
	report "sign-in (POST /login)" 1
	profile_post
	report "profile update (POST /profile)" 1
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	require java redis-server redis-cli curl
	start_redis
	start_app "$@"
	sign_in
	commands_table
fi
