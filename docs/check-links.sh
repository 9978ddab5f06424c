#!/usr/bin/env bash
# Usage: docs/check-links.sh [repository root]
# Every relative link ](...) and src="..." in README.md, docs/ and deploy/bench/README.md must resolve;
# #anchors must match a heading of the target file (GitHub's slug rules, simplified).
cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}" || exit 2
fail=0; n=0
slug() { tr 'A-Z' 'a-z' | sed -E 's/[^a-z0-9 _-]//g; s/ /-/g'; }
for f in README.md $(find docs deploy/bench -name '*.md'); do
  dir=$(dirname "$f")
  for link in $(grep -oE '\]\([^)]+\)|src="[^"]+"' "$f" | sed -E 's/^\]\(//; s/\)$//; s/^src="//; s/"$//'); do
    case "$link" in http*|mailto:*) continue;; esac
    n=$((n+1))
    path="${link%%#*}"; anchor=""; [[ "$link" == *"#"* ]] && anchor="${link#*#}"
    if [ -z "$path" ]; then target="$f"; else target="$dir/$path"; fi
    if [ ! -e "$target" ]; then echo "BROKEN $f -> $link"; fail=1; continue; fi
    if [ -n "$anchor" ]; then
      if ! grep -E '^#+ ' "$target" | sed -E 's/^#+ //' | slug | grep -qx "$anchor"; then
        echo "BAD ANCHOR $f -> $link"; fail=1
      fi
    fi
  done
done
echo "checked $n relative links"; exit $fail
