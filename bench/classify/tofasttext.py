"""A teddy2020c CSV as fastText lines, one character per token: tofasttext.py IN.csv TEXT_COL OUT.txt"""
import csv
import sys

with open(sys.argv[1], newline="", encoding="utf-8") as f, open(sys.argv[3], "w", encoding="utf-8") as o:
    for r in csv.DictReader(f):
        o.write("__label__%s %s\n" % (r["label"], " ".join(ch for ch in r[sys.argv[2]] if not ch.isspace())))
