"""Macro-F1 of fastText predictions: f1.py GOLD.txt PRED.txt (fastText lines, __label__X first)."""
import sys


def labels(path):
    return [line.split(" ", 1)[0].strip() for line in open(path, encoding="utf-8")]


gold, pred = labels(sys.argv[1]), labels(sys.argv[2])
assert len(gold) == len(pred), (len(gold), len(pred))
f1s = []
for c in sorted(set(gold)):
    tp = sum(g == c and p == c for g, p in zip(gold, pred))
    np_, ng = sum(p == c for p in pred), sum(g == c for g in gold)
    pr, rc = (tp / np_ if np_ else 0), (tp / ng if ng else 0)
    f1s.append(2 * pr * rc / (pr + rc) if pr + rc else 0)
print("accuracy %.4f macro-F1 %.4f" % (sum(g == p for g, p in zip(gold, pred)) / len(gold), sum(f1s) / len(f1s)))
