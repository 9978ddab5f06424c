#!/usr/bin/env bash
# A repeatable security scan of the local cluster with two third-party scanners from Debian
# (apt-get install wapiti sqlmap), anonymously and signed in as the demo user alice, each
# bounded in time, then the cost of a sustained anonymous flood (flood.sh). It prints the
# findings; the full reports stay in the output folder.
#
#   deploy/security/scan.sh
#
# The cluster is deploy/local/cluster.sh, configured by its own environment (CLUSTER_PORT,
# CLUSTER_BASE_PORT, CLUSTER_REDIS_PORT, CLUSTER_H2_PORT, CLUSTER_RUN_DIR, ...). If it is not
# running, the scan starts it and stops it at the end. Environment: SCAN_OUT (reports;
# CLUSTER_RUN_DIR/scan), SCAN_MINUTES (the longest each scanner run may take; 3),
# SCAN_FLOOD_SECONDS (each flood measurement; 30, 0 skips them).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLUSTER="$ROOT/deploy/local/cluster.sh"
PORT="${CLUSTER_PORT:-8080}"
BASE_PORT="${CLUSTER_BASE_PORT:-8081}"
REDIS_PORT="${CLUSTER_REDIS_PORT:-16379}"
RUN="${CLUSTER_RUN_DIR:-$ROOT/deploy/local/.run}"
OUT="${SCAN_OUT:-$RUN/scan}"
MINUTES="${SCAN_MINUTES:-3}"
FLOOD_SECONDS="${SCAN_FLOOD_SECONDS:-30}"
URL="http://127.0.0.1:$PORT"

for tool in wapiti sqlmap curl; do
	command -v "$tool" >/dev/null || { echo "scan.sh: $tool is not installed (apt-get install wapiti sqlmap curl)" >&2; exit 1; }
done
mkdir -p "$OUT"

started=0
stop_cluster() { if [ "$started" = 1 ]; then "$CLUSTER" down >/dev/null || true; fi; }
trap stop_cluster EXIT
if ! "$CLUSTER" status 2>/dev/null | grep -q '^nginx  running'; then
	# Set first: a start that fails half-way is stopped too.
	started=1
	"$CLUSTER" up
fi

# sign_in USER PASSWORD JAR: form login with curl, as a browser would (CSRF token from the form).
sign_in() {
	local token
	rm -f "$3"
	token="$(curl -fsS -c "$3" -b "$3" "$URL/login" | sed -n 's/.*name="_csrf" *value="\([^"]*\)".*/\1/p' | head -1)"
	curl -fsS -o /dev/null -c "$3" -b "$3" --data-urlencode "username=$1" --data-urlencode "password=$2" \
		--data-urlencode "_csrf=$token" "$URL/login"
	[ "$(curl -sS -o /dev/null -w "%{http_code}" -b "$3" "$URL/account/password")" = 200 ] ||
		{ echo "scan.sh: could not sign in as $1 (a scan less than 15 minutes ago may have set off the sign-in limit for this address)" >&2; exit 1; }
}
# The session cookie's value in a curl cookie jar (HttpOnly lines start with #HttpOnly_).
session_cookie() { awk '$6 == "SESSION" { print $7 }' "$1" | tail -1; }

# --- wapiti -----------------------------------------------------------------------------------
# Never sign out or end a session, so a signed-in scan stays signed in. wapiti.py runs wapiti
# (with the Python that wapiti itself names) with its exclusions repaired for Python 3.11.
WAPITI_PYTHON="$(head -1 "$(command -v wapiti)" | sed 's/^#! *//')"
exclusions=(-x "$URL/logout" -x "$URL/account/sessions/revoke-others" -x "$URL/account/sessions/*/revoke")
wapiti_run() {
	local name="$1"
	shift
	timeout $((MINUTES * 60 + 120)) $WAPITI_PYTHON "$ROOT/deploy/security/wapiti.py" -u "$URL/" --scope folder --flush-session -v 0 \
		--max-scan-time $((MINUTES * 60)) --max-attack-time $((MINUTES * 60 / 4)) -t 10 \
		"${exclusions[@]}" -f txt -o "$OUT/wapiti-$name.txt" "$@" >"$OUT/wapiti-$name.log" 2>&1 || true
}

# --- sqlmap -----------------------------------------------------------------------------------
# sqlmap_run NAME ARGS...: level 2, risk 1, bounded in time; CSRF tokens fetched fresh.
sqlmap_run() {
	local name="$1"
	shift
	timeout $((MINUTES * 60)) sqlmap --batch --level 2 --risk 1 --timeout 10 --retries 1 \
		--output-dir "$OUT/sqlmap-$name" "$@" >"$OUT/sqlmap-$name.log" 2>&1 || true
}

# --- the scans --------------------------------------------------------------------------------
# Both signed-in sessions first: the anonymous runs fail sign-ins from this address, which the
# sign-in limit then refuses for a while.
sign_in alice alice-password "$OUT/alice.jar"
sign_in alice alice-password "$OUT/alice-sqlmap.jar"
echo "== wapiti, signed in as alice (at most $MINUTES min)"
wapiti_run alice -H "Cookie: SESSION=$(session_cookie "$OUT/alice.jar")"
echo "== sqlmap, signed in as alice: profile form and a page with a query (at most $MINUTES min each)"
cookie="SESSION=$(session_cookie "$OUT/alice-sqlmap.jar")"
sqlmap_run profile -u "$URL/profile" --cookie "$cookie" \
	--data "displayName=Alice&email=alice%40example.com&bio=hello&_csrf=x" --csrf-token=_csrf \
	--csrf-url="$URL/profile" -p displayName,email,bio
sqlmap_run sessions -u "$URL/account/sessions?tab=1" --cookie "$cookie" -p tab
echo "== wapiti, anonymous (at most $MINUTES min)"
wapiti_run anonymous
echo "== sqlmap, anonymous: sign-in and registration forms (at most $MINUTES min each)"
sqlmap_run login -u "$URL/login" --data "username=nobody&password=x&_csrf=x" --csrf-token=_csrf \
	--csrf-url="$URL/login" -p username,password
# A password that is too short: the form comes back every time (a registration that succeeded
# would sign the scanner in and take the form away).
sqlmap_run register -u "$URL/register" --csrf-token=_csrf --csrf-url="$URL/register" -p username,email,displayName \
	--data "username=scanuser&email=scan%40example.com&displayName=Scan&password=short&_csrf=x"

# --- findings ---------------------------------------------------------------------------------
echo
echo "== Findings"
for report in "$OUT"/wapiti-*.txt; do
	echo "-- $(basename "$report" .txt)"
	[ -f "$report" ] || { echo "   no report: see ${report%.txt}.log"; continue; }
	# Categories with a count above zero, then the first line of each finding.
	grep -E '^ *[^:]+ : +[1-9][0-9]*$' "$report" | sed 's/^ */   /' || echo "   nothing found"
	awk '
		/^\*+$/ { category = ""; wanted = 0; previous = ""; next }
		/^-+$/ && previous != "" { category = previous; wanted = 1; next }
		/^ +\*   \*   \*$/ { wanted = 1; next }
		wanted && NF && category != "" && category !~ /^Summary/ { print "   [" category "] " $0; wanted = 0 }
		{ previous = $0 }
	' "$report"
done
for log in "$OUT"/sqlmap-*.log; do
	echo "-- $(basename "$log" .log)"
	{
		grep -h -A8 "identified the following injection point" "$log"
		grep -hE "do not appear to be injectable|\[CRITICAL\]|\[ERROR\]" "$log" | sed 's/\. Try to increase.*//'
	} | sed 's/^/   /' | grep . || echo "   no verdict within the time limit: see $log"
done

# --- flood ------------------------------------------------------------------------------------
if [ "$FLOOD_SECONDS" -gt 0 ]; then
	echo
	echo "== A sustained anonymous flood (one address, wrk -c8, $FLOOD_SECONDS s each, per minute)"
	echo "Redis: maxmemory $(redis-cli -p "$REDIS_PORT" config get maxmemory | tail -1) bytes," \
		"policy $(redis-cli -p "$REDIS_PORT" config get maxmemory-policy | tail -1)"
	echo "| where | path | run | requests | answers | new sessions / min | Redis bytes / min | bytes / session |"
	echo "|---|---|---|---|---|---|---|---|"
	for target in "through nginx|$URL" "at replica 1|http://127.0.0.1:$BASE_PORT"; do
		for path in "/login 0" "/account/sessions 28672"; do
			set -- $path
			FLOOD_SECONDS="$FLOOD_SECONDS" FLOOD_PATH="$1" FLOOD_QUERY_BYTES="$2" \
				"$ROOT/deploy/security/flood.sh" "${target#*|}" "$REDIS_PORT" "${target%%|*}"
			# The next run starts with a fresh minute for the per-address counters.
			redis-cli -p "$REDIS_PORT" --scan --pattern 'sessioncluster:new-sessions:*' |
				xargs -r redis-cli -p "$REDIS_PORT" del >/dev/null
		done
	done
fi
echo
echo "Reports: $OUT"
