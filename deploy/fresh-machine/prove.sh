#!/usr/bin/env bash
# The README's commands as a newcomer meets them: in a container made from a bare image that has
# a JDK and nothing else, with a copy of this checkout (what git tracks, as a clone would have).
#
#   deploy/fresh-machine/prove.sh cluster   JDK only: deploy/local/cluster.sh up (which installs
#                                           its own prerequisites), sign in through nginx, down
#   deploy/fresh-machine/prove.sh verify    JDK plus the host's Docker socket: ./mvnw verify
#
# Each prints the time it took and the last lines of the run, and exits with the run's status.
# The verify case does not pass yet: the nginx tests and the tests that restart Redis on the same
# port still need nginx and redis-server binaries, which this image does not have.
# Needs docker and git on this machine. The image is the one the project's Dockerfile builds on
# (Ubuntu with Temurin's JDK 17); FRESH_IMAGE chooses another (Debian or Ubuntu, with a JDK).
# Environment: FRESH_IMAGE, FRESH_KEEP (yes: keep the container's log in deploy/fresh-machine/).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
IMAGE="${FRESH_IMAGE:-$(sed -n 's/^FROM[[:space:]]\{1,\}\([^[:space:]]*\)[[:space:]]\{1,\}AS build.*/\1/p' "$ROOT/deploy/Dockerfile")}"
CASE="${1:-}"
[ -n "$IMAGE" ] || { echo "No image: set FRESH_IMAGE" >&2; exit 2; }

# The checkout as a clone has it: tracked files, with local changes, without build output.
stage() {
	local dir="$1"
	local file
	(
		cd "$ROOT"
		git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' file; do
			[ -e "$file" ] && printf '%s\0' "$file"
		done | tar --null -T - -cf -
	) | tar -C "$dir" -xf -
}

# The script run inside: as root, the way a fresh machine's first user often is.
cluster_script='
set -euo pipefail
cd /project
CLUSTER_INSTALL=yes deploy/local/cluster.sh up
B=http://127.0.0.1:8080
jar=/tmp/cookies
token="$(curl -s -c "$jar" -b "$jar" "$B/login" | grep -o "name=\"_csrf\" value=\"[^\"]*\"" | head -1 | sed "s/.*value=\"//;s/\"$//")"
curl -s -o /dev/null -w "sign-in: %{http_code} to %{redirect_url}\n" -c "$jar" -b "$jar" \
	--data-urlencode username=alice --data-urlencode password=alice-password --data-urlencode "_csrf=$token" "$B/login"
page="$(curl -s -b "$jar" -D - "$B/profile")"
grep -i "^x-served-by" <<<"$page" || true
grep -q "@alice" <<<"$page" && echo "profile: signed in as @alice, through nginx" || { echo "profile: not signed in" >&2; exit 1; }
deploy/local/cluster.sh down
'

verify_script='
set -euo pipefail
cd /project
./mvnw verify
'

case "$CASE" in
cluster)
	script="$cluster_script"
	run_args=()
	;;
verify)
	# Testcontainers in this container starts its containers beside it, on the host's engine,
	# and reaches their published ports at localhost: the container shares the host's network.
	script="$verify_script"
	run_args=(--network host -v /var/run/docker.sock:/var/run/docker.sock -e TESTCONTAINERS_HOST_OVERRIDE=localhost)
	if ! docker pull -q testcontainers/ryuk:0.13.0 >/dev/null 2>&1; then
		# No Docker Hub: Testcontainers' resource reaper cannot be pulled either.
		run_args+=(-e TESTCONTAINERS_RYUK_DISABLED=true)
	fi
	;;
*)
	echo "usage: $0 cluster|verify" >&2
	exit 2
	;;
esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
stage "$work"
log="$work/run.log"
echo "Image $IMAGE, case $CASE; the checkout staged in $work"
started=$(date +%s)
status=0
docker run --rm "${run_args[@]}" -v "$work:/project" -w /project "$IMAGE" bash -c "$script" >"$log" 2>&1 || status=$?
took=$(($(date +%s) - started))
echo "--- last lines"
tail -25 "$log"
echo "--- $CASE: exit status $status after $((took / 60)) min $((took % 60)) s"
if [ "${FRESH_KEEP:-}" = yes ]; then
	cp "$log" "$ROOT/deploy/fresh-machine/$CASE.log"
fi
exit "$status"
