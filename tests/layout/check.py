"""The house, enforced: python3 tests/layout/check.py [SRC_DIR]

Fails (exit 1, one line per violation) when
  - a folder under src/ is not one of the layers below, or an include runs against their direction
    (a file may include headers of its own folder and of folders of a lower rank only);
  - a practice includes another practice's header other than its use cases (x_svc.h);
  - a file outside src/db/ and the stores (*_store.c, *_store_*.c) holds SQL;
  - anything but src/http/ includes microhttpd, anything but src/iot/ includes mosquitto,
    anything but src/db/ includes sqlite3 or libpq;
  - files include each other's headers in a loop;
  - a C file has 700 lines or more, or a function has more than 80 lines, unless it is listed in
    tests/layout/oversize.txt (what is still to be split) and has not grown past its listed size; a
    listed file or function that fits the limits must leave the list.
See docs/architecture.md for the picture."""
import os
import re
import sys

# rank: a folder may include folders of a lower rank. Practices share rank 5/6 and see each other only
# through x_svc.h (and only downwards).
RANK = {"base": 0, "json": 1, "insight": 1, "db": 2, "core": 3, "ops": 4,
        "iot": 5, "partners": 5, "estate": 6, "mediation": 6, "demo": 7, "http": 8, "": 9}  # "" = src/main.c
PRACTICES = {"ops", "iot", "partners", "estate", "mediation"}
ONLY_BASE = {"insight": {"base"}}  # pure analysis: libc and base/ only
LIB_HOME = {"microhttpd.h": "http", "mosquitto.h": "iot", "sqlite3.h": "db", "libpq-fe.h": "db"}
SQL = re.compile(r'"\s*(SELECT\s|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX|UNIQUE|VIRTUAL|TRIGGER)|'
                 r'ALTER\s+TABLE|DROP\s+TABLE|WITH\s+\w+\s+AS\s*\()')
STORE = re.compile(r"_store(_\w+)?\.c$")
LOCAL_INC = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
SYS_INC = re.compile(r'^\s*#\s*include\s+<([^>]+)>', re.M)
MAX_FILE_LINES, MAX_FUNC_LINES = 700, 80


def folder_of(rel):
    return rel.split("/")[0] if "/" in rel else ""


def sources(src):
    for d, _, files in os.walk(src):
        for f in sorted(files):
            if f.endswith((".c", ".h")):
                p = os.path.join(d, f)
                yield os.path.relpath(p, src).replace(os.sep, "/"), open(p, encoding="utf-8", errors="replace").read()


def strip_comments(text):
    return re.sub(r"/\*.*?\*/|//[^\n]*", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)


def long_functions(text):
    """Functions whose body (a '{' alone at column 0 to the next '}' at column 0) exceeds the limit."""
    lines, out, start = text.split("\n"), [], None
    for i, ln in enumerate(lines):
        if start is None and ln.startswith("{"):
            start = i
        elif start is not None and ln.startswith("}"):
            if i - start - 1 > MAX_FUNC_LINES:
                name = next((lines[j] for j in range(start - 1, max(start - 4, -1), -1) if "(" in lines[j]), "?")
                out.append((start + 1, i - start - 1, name.strip()))
            start = None
    return out


OVERSIZE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "oversize.txt")


def load_oversize(path):
    """'file lines' or 'file:function lines' per line; # comments."""
    out = {}
    if path and os.path.exists(path):
        for ln in open(path):
            ln = ln.split("#", 1)[0].split()
            if len(ln) == 2:
                out[ln[0]] = int(ln[1])
    return out


def size_rule(bad, allowed, seen, key, size, limit, what):
    if size <= limit:
        return
    seen.add(key)
    if key not in allowed:
        bad.append("%s: %s of %d lines (limit %d): split it" % (key, what, size, limit))
    elif size > allowed[key]:
        bad.append("%s: %s grew to %d lines (listed at %d in oversize.txt; limit %d)" % (key, what, size, allowed[key], limit))


def check(src, oversize=None):
    bad, graph, with_c = [], {}, set()
    allowed, seen = load_oversize(oversize), set()
    for rel, text in sources(src):
        top = folder_of(rel)
        if top not in RANK:
            bad.append("%s: folder %s/ is not a layer of the house (tests/layout/check.py RANK)" % (rel, top))
            continue
        code = strip_comments(text)
        if rel.endswith(".c"):
            with_c.add(rel.rsplit(".", 1)[0])
        for inc in LOCAL_INC.findall(code):
            graph.setdefault(rel.rsplit(".", 1)[0], set()).add(inc.rsplit(".", 1)[0])
            to = folder_of(inc)
            if to == top:
                continue
            if to not in RANK:
                bad.append("%s: includes %s from outside the house" % (rel, inc))
            elif top in ONLY_BASE and to not in ONLY_BASE[top]:
                bad.append("%s: %s/ is pure and may include only %s/, not %s" % (rel, top, "/ ".join(ONLY_BASE[top]), inc))
            elif RANK[to] >= RANK[top]:
                bad.append("%s: includes %s, which sits above or beside %s/ (include runs against the direction)" % (rel, inc, top or "main"))
            elif top in PRACTICES and to in PRACTICES and not inc.endswith("_svc.h"):
                bad.append("%s: uses practice %s/ through %s, not its use cases (x_svc.h)" % (rel, to, inc))
        for inc in SYS_INC.findall(code):
            home = LIB_HOME.get(os.path.basename(inc))
            if home is not None and top != home:
                bad.append("%s: includes <%s>, which only %s/ may" % (rel, inc, home))
        if rel.endswith(".c") and top != "db" and not STORE.search(rel):
            m = SQL.search(code)
            if m:
                line = code[:m.start()].count("\n") + 1
                bad.append("%s:%d: SQL outside db/ and the stores: %s" % (rel, line, m.group(0).strip()[:40]))
        if rel.endswith(".c"):
            size_rule(bad, allowed, seen, rel, text.count("\n"), MAX_FILE_LINES - 1, "file")
            for line, length, name in long_functions(text):
                fn = re.search(r"(\w+)\s*\(", name)
                size_rule(bad, allowed, seen, "%s:%s" % (rel, fn.group(1) if fn else line), length, MAX_FUNC_LINES, "function")
    bad += ["%s: fits the limits now: remove it from oversize.txt" % k for k in sorted(set(allowed) - seen)]
    bad += cycles(graph, with_c)
    return bad


def cycles(graph, with_c):
    """Loops of includes between modules (a .c and its .h are one module). A header-only module (a
    driver's vtable, a shared type) cannot call back, so its includes close no loop."""
    out, state, stack = [], {}, []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ()) if n in with_c else ()):
            if m == n:
                continue
            if state.get(m) == 1:
                out.append("include loop: " + " -> ".join(stack[stack.index(m):] + [m]))
            elif m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n)
    return out


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "src")
    bad = check(src, OVERSIZE)
    for b in bad:
        print("layout:", b)
    print("layout: %s (%d violations)" % ("ok" if not bad else "FAILED", len(bad)))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
