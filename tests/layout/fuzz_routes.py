"""Every route joins the fuzzing: python3 tests/layout/fuzz_routes.py

Fails (exit 1, one line per route) when a path of the route table (src/http/routes.c) is taken by no
family of fuzz/fuzz_api.c and is not one of the routes it leaves out on purpose (password hashing,
logout) — so a new route cannot land without a fuzz target driving it (issue 13)."""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def main():
    routes = open(os.path.join(ROOT, "src", "http", "routes.c"), encoding="utf-8").read()
    fuzz = open(os.path.join(ROOT, "fuzz", "fuzz_api.c"), encoding="utf-8").read()
    paths = re.findall(r'\{\s*"(?:GET|POST|PUT|PATCH|DELETE)",\s*"([^"]+)"', routes)
    fam = fuzz[fuzz.index("families[] = {"):fuzz.index("};", fuzz.index("families[] = {"))]
    prefixes = [p for p in re.findall(r'"(/[^"]*)"', fam)]
    skip = fuzz[fuzz.index("skipped[] = {"):fuzz.index("};", fuzz.index("skipped[] = {"))]
    skipped = [s for s in re.findall(r'"([^"]+)"', skip)]
    bad = [p for p in sorted(set(paths)) if not any(s in p for s in skipped)
           and not any(p.startswith(x) for x in prefixes)]
    for p in bad:
        print("fuzz: route %s is in no family of fuzz/fuzz_api.c (add its prefix to one)" % p)
    print("fuzz routes: %s (%d routes)" % ("FAILED" if bad else "ok", len(set(paths))))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
