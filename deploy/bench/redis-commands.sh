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

# report LABEL REQUESTS: one table row from the counters since the last CONFIG RESETSTAT. Not
# counted: what the near cache runs in the background whatever the requests: the GET of its epoch
# key that renews its lease (renewals_line), and the INFO and CLIENT LIST that check its
# preconditions every few seconds. The application reads no other string key on these requests.
report() {
	calls | awk -v label="$1" -v n="$2" '
		$1 !~ /^(config|info|client|get$)/ { total += $2; detail = detail sprintf("%s %.2f, ", toupper($1), $2 / n) }
		END { sub(/, $/, "", detail); printf("| %s | %.2f | %s |\n", label, total / n, (detail == "" ? "none" : detail)) }'
}

reset_stats() { redis-cli -p "$REDIS_PORT" config resetstat >/dev/null; }

renewals() { calls | awk '$1 == "get" { n = $2 } END { print n + 0 }'; }

# renewals_line: how often the near cache renews its lease, while in use and while idle.
renewals_line() {
	local started busy_ms busy idle
	reset_stats
	started="$(date +%s%N)"
	for _ in $(seq 1 "$N"); do curl -s -o /dev/null -b "$COOKIES" "$B/profile"; done
	busy_ms=$((($(date +%s%N) - started) / 1000000)) busy="$(renewals)"
	sleep 2 # idle: the replica serves nothing for 2 s
	reset_stats
	sleep 2
	idle="$(renewals)"
	echo "Not counted above: GET of the epoch key, the near cache's lease renewal, sent in the background while the replica is in use: $busy during $N signed-in GETs in $busy_ms ms ($((busy * 1000 / (busy_ms > 0 ? busy_ms : 1))) per second), $idle in 2 s idle."
}

# measure LABEL COMMAND...: runs COMMAND N times and reports commands per run.
measure() {
	local label="$1" i
	shift
	reset_stats
	for i in $(seq 1 "$N"); do "$@" >/dev/null; done
	report "$label" "$N"
}

# A profile update as a browser sends it: the form's CSRF token and its one-time submission token
# (without the latter the form is shown again and nothing is written).
profile_post() {
	local page token submission
	page="$(curl -s -b "$COOKIES" "$B/profile")"
	token="$(csrf <<<"$page")"
	submission="$(hidden_field _submission <<<"$page")"
	reset_stats
	curl -s -o /dev/null -b "$COOKIES" --data-urlencode "displayName=Alice Martin" \
		--data-urlencode "email=alice@example.com" --data-urlencode "bio=bench" --data-urlencode "_csrf=$token" \
		--data-urlencode "_submission=$submission" "$B/profile"
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
	echo
	renewals_line
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	require java redis-server redis-cli curl
	start_redis
	start_app "$@"
	sign_in
	commands_table
fi
