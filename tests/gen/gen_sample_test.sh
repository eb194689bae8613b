#!/usr/bin/env bash
# Tests of landrenew-gen-sample (issue 3), one mode per CTest:
#   gen_sample_test.sh deterministic GEN DEMO_DIR   same seed twice -> identical files, and identical to DEMO_DIR
#   gen_sample_test.sh seed-differs GEN             another seed -> different data files
#   gen_sample_test.sh refuses GEN                  an existing non-empty folder needs --overwrite
set -uo pipefail
mode="$1"
gen="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# "name sha256" lines for every file of a folder, sorted by name.
hashes() { (cd "$1" && find . -type f -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum | awk '{print $2, $1}'); }

generate() {  # seed dir
  "$gen" --preset demo --seed "$1" -o "$2" 2>"$tmp/log" || { cat "$tmp/log" >&2; fail "generator exited $? for seed $1"; }
}

case "$mode" in
  deterministic)
    demo="$3"
    generate 20230403 "$tmp/a"
    generate 20230403 "$tmp/b"
    hashes "$tmp/a" >"$tmp/a.sha"
    hashes "$tmp/b" >"$tmp/b.sha"
    [[ -s "$tmp/a.sha" ]] || fail "no files written"
    diff -u "$tmp/a.sha" "$tmp/b.sha" >&2 || fail "two runs with seed 20230403 differ"
    hashes "$demo" >"$tmp/demo.sha"
    diff -u "$tmp/demo.sha" "$tmp/a.sha" >&2 ||
      fail "$demo is not what the generator writes; regenerate it with scripts/gen-sample --preset demo --seed 20230403 -o geodata/huzhou-demo --overwrite"
    echo "$(wc -l <"$tmp/a.sha") files identical across runs and to $demo"
    ;;
  seed-differs)
    generate 20230403 "$tmp/a"
    generate 20230404 "$tmp/b"
    for f in parcels.shp parcels.dbf buildings.gpkg renewal.gpkg enterprises.xlsx enterprises.csv planted.json; do
      cmp -s "$tmp/a/$f" "$tmp/b/$f" && fail "$f is the same for seeds 20230403 and 20230404"
    done
    echo "seeds 20230403 and 20230404 give different data"
    ;;
  refuses)
    mkdir -p "$tmp/out"
    echo keep >"$tmp/out/marker"
    msg="$("$gen" --preset demo --seed 1 -o "$tmp/out" 2>&1)"
    code=$?
    [[ $code -eq 2 ]] || fail "expected exit 2 without --overwrite, got $code"
    [[ "$msg" == "landrenew-gen-sample: $tmp/out exists; specify --overwrite" ]] || fail "unexpected message: $msg"
    [[ -f "$tmp/out/marker" && ! -e "$tmp/out/project.toml" ]] || fail "the existing folder was touched"
    [[ -z "$(find "$tmp" -maxdepth 1 -name '.out.tmp-*')" ]] || fail "a temporary folder was left behind"
    "$gen" --preset demo --seed 1 -o "$tmp/out" --overwrite 2>/dev/null || fail "--overwrite failed"
    [[ -f "$tmp/out/project.toml" && ! -e "$tmp/out/marker" ]] || fail "--overwrite did not replace the folder"
    mkdir "$tmp/empty"
    "$gen" --preset demo --seed 1 -o "$tmp/empty" 2>/dev/null || fail "an existing empty folder was refused"
    echo "refuses a non-empty folder without --overwrite, replaces it with --overwrite"
    ;;
  *)
    fail "unknown mode $mode"
    ;;
esac
