#!/usr/bin/env bash
# What a sustained anonymous flood costs the session store: GET one page, without cookies, as
# fast as wrk can for a while, then report the sessions Redis gained and the memory it used,
# per minute, and how the requests were answered.
#
#   deploy/security/flood.sh URL REDIS_PORT [LABEL]
#
# URL is nginx or one replica (e.g. http://127.0.0.1:8080); REDIS_PORT the Redis on 127.0.0.1
# that holds its sessions. Environment: FLOOD_SECONDS (60), FLOOD_CONNECTIONS (8),
# FLOOD_PATH (/login; /account/sessions plants a saved request), FLOOD_QUERY_BYTES (0; 28672
# makes every request carry a 28 KB query string).
# Prints one Markdown table row: label | path | seconds | requests | answers | new sessions
# per minute | Redis bytes per minute | bytes per session.
set -euo pipefail

URL="${1:?usage: flood.sh URL REDIS_PORT [LABEL]}"
REDIS_PORT="${2:?usage: flood.sh URL REDIS_PORT [LABEL]}"
LABEL="${3:-$URL}"
SECONDS_TO_RUN="${FLOOD_SECONDS:-60}"
CONNECTIONS="${FLOOD_CONNECTIONS:-8}"
export FLOOD_PATH="${FLOOD_PATH:-/login}" FLOOD_QUERY_BYTES="${FLOOD_QUERY_BYTES:-0}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

for tool in wrk redis-cli; do
	command -v "$tool" >/dev/null || { echo "flood.sh: $tool is not installed (apt-get install wrk redis-tools)" >&2; exit 1; }
done

redis() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }
sessions() { redis --scan --pattern 'spring:session:sessions:*' | wc -l; }
used_memory() { redis info memory | tr -d '\r' | sed -n 's/^used_memory://p'; }

sessions_before="$(sessions)"
memory_before="$(used_memory)"
out="$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_TO_RUN}s" --timeout 10s -s "$HERE/flood.lua" "$URL")"
sessions_after="$(sessions)"
memory_after="$(used_memory)"

requests="$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' <<<"$out")"
answers="$(grep '^status ' <<<"$out" | sort -k2n | awk '{printf "%s%s: %s", sep, $2, $3; sep=", "}')"
new_sessions=$((sessions_after - sessions_before))
bytes=$((memory_after - memory_before))
per_minute() { echo $(($1 * 60 / SECONDS_TO_RUN)); }
per_session="-"
[ "$new_sessions" -gt 0 ] && per_session=$((bytes / new_sessions))
query=""
[ "$FLOOD_QUERY_BYTES" -gt 0 ] && query="?q=<$((FLOOD_QUERY_BYTES / 1024)) KB>"
printf '| %s | %s%s | %s s | %s | %s | %s | %s | %s |\n' "$LABEL" "$FLOOD_PATH" "$query" "$SECONDS_TO_RUN" \
	"$requests" "$answers" "$(per_minute "$new_sessions")" "$(per_minute "$bytes")" "$per_session"
