#!/usr/bin/env bash
# Runs every query of the Grafana dashboard against a Prometheus, and fails if Prometheus refuses
# any of them. The dashboard itself is only checked statically by the tests (DashboardSeriesTests:
# each series it names is one the application exports); this is the check that Prometheus
# accepts each expression, with the number of series it returns now.
#
#   deploy/observability/check-queries.sh [PROMETHEUS_URL]   (default http://127.0.0.1:9090)
#
# For the local cluster: CLUSTER_PROMETHEUS=yes deploy/local/cluster.sh up, then this script.
# Needs curl and jq. Grafana's $__rate_interval becomes 1m.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
URL="${1:-http://127.0.0.1:9090}"
DASHBOARD="$ROOT/deploy/observability/grafana/dashboards/session-cluster.json"
command -v jq >/dev/null 2>&1 || { echo "check-queries.sh: needs jq (Debian/Ubuntu: apt-get install jq)" >&2; exit 1; }

failed=0
total=0
while IFS= read -r expr; do
	total=$((total + 1))
	query="${expr//\$__rate_interval/1m}"
	answer="$(curl -sS --max-time 10 "$URL/api/v1/query" --data-urlencode "query=$query" || true)"
	status="$(jq -r '.status // "no answer"' <<<"$answer" 2>/dev/null || echo "not JSON")"
	if [ "$status" = success ]; then
		printf 'success  %3s series  %s\n' "$(jq '.data.result | length' <<<"$answer")" "$expr"
	else
		failed=$((failed + 1))
		printf '%s  %s\n  %s\n' "$status" "$expr" "$(jq -r '.error // empty' <<<"$answer" 2>/dev/null || printf '%s' "$answer")"
	fi
done < <(jq -r '.. | objects | select(has("expr")) | .expr' "$DASHBOARD")
echo "$((total - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
