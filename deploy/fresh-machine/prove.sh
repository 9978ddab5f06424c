#!/usr/bin/env bash
# The README's commands as a newcomer meets them: in a container made from a bare image that has
# a JDK and nothing else, with a copy of this checkout (what git tracks, as a clone would have).
#
#   deploy/fresh-machine/prove.sh cluster   JDK only: deploy/local/cluster.sh up (which installs
#                                           its own prerequisites), sign in through nginx, down
#   deploy/fresh-machine/prove.sh verify    JDK plus Docker (the host's engine through its socket,
#                                           and its docker CLI with the compose plugin): ./mvnw verify
#
# Each prints the time it took and the last lines of the run, and exits with the run's status.
# The checkout is mounted at the same path as on this machine, so that the paths compose mounts
# mean the same to the engine. Needs docker and git on this machine, and for the verify case the
# docker CLI's compose plugin (`docker compose version`). The image is the one the project's
# Dockerfile builds on (Ubuntu with Temurin's JDK 17); FRESH_IMAGE chooses another (Debian or
# Ubuntu, with a JDK).
# Environment: FRESH_IMAGE, FRESH_LOG (a file to keep the whole run's output in).
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
	# What a machine with Docker installed has: the engine's socket, the docker CLI and its
	# plugins (compose, buildx), all taken from this machine.
	script="$verify_script"
	docker compose version >/dev/null 2>&1 || { echo "The verify case needs the docker CLI's compose plugin" >&2; exit 2; }
	socket="${DOCKER_HOST:-unix:///var/run/docker.sock}"
	run_args=(--network host -v "${socket#unix://}:/var/run/docker.sock" -e TESTCONTAINERS_HOST_OVERRIDE=localhost
		-v "$(command -v docker):/usr/local/bin/docker:ro")
	for plugin in $(docker info --format '{{range .ClientInfo.Plugins}}{{.Path}} {{end}}'); do
		run_args+=(-v "$plugin:/usr/libexec/docker/cli-plugins/$(basename "$plugin"):ro")
	done
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
log="$(mktemp)"
trap 'rm -rf "$work" "$log"' EXIT
stage "$work"
echo "Image $IMAGE, case $CASE; the checkout staged in $work"
started=$(date +%s)
status=0
docker run --rm "${run_args[@]}" -v "$work:$work" -w "$work" "$IMAGE" bash -c "$script" >"$log" 2>&1 || status=$?
took=$(($(date +%s) - started))
echo "--- last lines"
tail -25 "$log"
echo "--- $CASE: exit status $status after $((took / 60)) min $((took % 60)) s"
if [ -n "${FRESH_LOG:-}" ]; then
	cp "$log" "$FRESH_LOG"
fi
exit "$status"
