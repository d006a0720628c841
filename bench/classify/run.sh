#!/usr/bin/env bash
# The text classifier against fastText (the anchor), same data, same run (docs/benchmarks.md).
#   macro-F1 on titles_dev and details_dev of a model trained on titles_train (ours: gridwork train with its
#   default settings, calibrated on titles_dev; fastText: one character per token, the settings given in FT),
#   training time and peak RSS (farm-bench, A = ours, B = fastText, pairwise), prediction time per message.
# Usage: bench/classify/run.sh build-rel/gridwork [DATA_DIR] [RUNS]
# DATA_DIR defaults to ../shared/data/teddy2020c (internal test data: never copied into the project).
set -euo pipefail
BIN=$(readlink -f "${1:-build/gridwork}")
DATA=$(readlink -f "${2:-$(dirname "$0")/../../../shared/data/teddy2020c}")
RUNS=${3:-3}
FT=${FT:--epoch 50 -lr 0.5 -wordNgrams 3 -dim 100}  # the best of a small grid on dev (docs/benchmarks.md)
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d /tmp/gw-clf-bench-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
command -v fasttext >/dev/null || { echo "fasttext is missing: scripts/deps.sh --bench" >&2; exit 1; }

for f in titles_train:title titles_dev:title details_dev:text; do
  python3 "$here/tofasttext.py" "$DATA/${f%%:*}.csv" "${f##*:}" "$tmp/${f%%:*}.txt"
done

echo "## quality (train on titles_train)"
"$BIN" train --csv "$DATA/titles_train.csv" --text-col title --label-col label --dev "$DATA/titles_dev.csv" \
  --out "$tmp/ours.model" > "$tmp/ours_titles.txt"
"$BIN" classify-eval --csv "$DATA/details_dev.csv" --text-col text --model "$tmp/ours.model" > "$tmp/ours_details.txt"
fasttext supervised -input "$tmp/titles_train.txt" -output "$tmp/ft" $FT -verbose 0
for s in titles_dev details_dev; do
  fasttext predict "$tmp/ft.bin" "$tmp/$s.txt" > "$tmp/ft_$s.pred"
  echo "fastText $s: $(python3 "$here/f1.py" "$tmp/$s.txt" "$tmp/ft_$s.pred")"
done
echo "ours titles_dev: $(grep -E '^(accuracy|macro-F1)' "$tmp/ours_titles.txt" | tr '\n' ' ')"
echo "ours details_dev: $(grep -E '^(accuracy|macro-F1)' "$tmp/ours_details.txt" | tr '\n' ' ')"
grep -E '^calibration' "$tmp/ours_titles.txt"

echo "## prediction, per message (whole dev set, one process; model load subtracted)"
for s in titles_dev details_dev; do
  n=$(wc -l < "$tmp/$s.txt")
  echo "ours $s: $(grep '^prediction' "$tmp/ours_$( [ $s = titles_dev ] && echo titles || echo details ).txt")"
  head -1 "$tmp/$s.txt" > "$tmp/one.txt"
  t1=$( { /usr/bin/time -f %e fasttext predict "$tmp/ft.bin" "$tmp/$s.txt" > /dev/null; } 2>&1 )
  t0=$( { /usr/bin/time -f %e fasttext predict "$tmp/ft.bin" "$tmp/one.txt" > /dev/null; } 2>&1 )
  echo "fastText $s: $(python3 -c "print('%.1f us per message' % (max(0.0, $t1 - $t0) / $n * 1e6))") (wall $t1 s for $n, $t0 s for 1)"
done

echo "## training on titles_train: A = ours, B = fastText ($FT)"
farm-bench -n "$RUNS" --timeout 900 --vs "fasttext supervised -input $tmp/titles_train.txt -output $tmp/b $FT -verbose 0" \
  -- "$BIN" train --csv "$DATA/titles_train.csv" --text-col title --label-col label --out "$tmp/a.model"
