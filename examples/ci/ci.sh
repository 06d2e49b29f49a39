#!/usr/bin/env bash
# The mesh CI recipe as a plain shell script: the same steps as github-actions.yaml, for any CI.
# Run it from the folder holding cdk8s.yaml, in a git checkout of the pull request:
#   OUT=dist BASE_REF=origin/main bash ci.sh
# It installs from the lockfile, synthesizes, validates and analyzes the output, prints the
# Istio-aware diff against the target branch (also written to $REPORT, markdown for a PR comment),
# and fails when the committed output differs from the fresh synth.
set -euo pipefail

OUT="${OUT:-dist}"                  # the folder `cdk8s synth` writes (`output` in cdk8s.yaml), committed
BASE_REF="${BASE_REF:-origin/main}" # the branch the pull request targets
REPORT="${REPORT:-mesh-diff.md}"    # where the markdown diff goes

echo "== Install from the lockfile"
npm ci

echo "== Synthesize"
npx cdk8s synth

echo "== Validate"
npx cdk8s-istio validate "$OUT"

echo "== Analyze"
npx cdk8s-istio analyze "$OUT"

echo "== Istio changes against $BASE_REF"
base="$(mktemp -d)"
trap 'rm -rf "$base"' EXIT
mkdir -p "$base/$OUT"
if git cat-file -e "$BASE_REF:./$OUT" 2>/dev/null; then
  git archive "$BASE_REF:./$OUT" | tar -x -C "$base/$OUT"
fi
status=0
npx cdk8s-istio diff --format markdown "$base/$OUT" "$OUT" > "$REPORT" || status=$?
cat "$REPORT"
if [ "$status" -gt 1 ]; then
  echo "error: cdk8s-istio diff failed (exit $status)" >&2
  exit "$status"
fi

echo "== Committed output is up to date"
if [ -n "$(git status --porcelain -- "$OUT")" ]; then
  echo "error: the committed $OUT/ differs from a fresh 'npx cdk8s synth':" >&2
  git status --short -- "$OUT" >&2
  echo "Run 'npx cdk8s synth' and commit $OUT/." >&2
  exit 1
fi
echo "ok"
