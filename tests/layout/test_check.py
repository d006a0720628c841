"""The layout check must fail on each planted violation and pass on a clean tree.
Run: python3 tests/layout/test_check.py"""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check  # noqa: E402

CLEAN = {
    "base/str.h": '#include <stddef.h>\nsize_t gw_len(const char *s);\n',
    "base/str.c": '#include "base/str.h"\nsize_t gw_len(const char *s)\n{\n    return 0;\n}\n',
    "db/db.c": '#include <sqlite3.h>\n#include "base/str.h"\nstatic const char q[] = "SELECT 1";\n',
    "ops/ticket.h": '#include "base/str.h"\n',
    "ops/ticket_store.c": '#include "ops/ticket.h"\nstatic const char q[] = "INSERT INTO t VALUES (1)";\n',
    "partners/ledger_svc.h": '#include "ops/ticket_svc.h"\n',
    "iot/alarm_svc.c": '#include <mosquitto.h>\n#include "ops/ticket_svc.h"\n',
    "ops/ticket_svc.h": '#include "ops/ticket.h"\n',
    "http/server.c": '#include <microhttpd.h>\n#include "ops/ticket_svc.h"\n',
    "main.c": '#include "http/server.c"\n',
}

PLANTED = [  # (file, content, words expected in a violation)
    ("core/users.c", '#include "ops/ticket.h"\n', "against the direction"),
    ("base/geo.c", '#include "db/db.h"\n', "against the direction"),
    ("ops/ticket_svc.c", 'static const char q[] = "SELECT id FROM tickets";\n', "SQL outside"),
    ("ops/ticket_api.c", 'static const char q[] = "UPDATE tickets SET x = 1";\n', "SQL outside"),
    ("ops/ticket_api.c", '#include <microhttpd.h>\n', "<microhttpd.h>"),
    ("core/bus.c", '#include <mosquitto.h>\n', "<mosquitto.h>"),
    ("ops/ticket_svc.c", '#include <sqlite3.h>\n', "<sqlite3.h>"),
    ("insight/hot.c", '#include "json/reply.h"\n', "is pure"),
    ("partners/ledger.c", '#include "ops/ticket.h"\n', "not its use cases"),
    ("iot/alarm_store.c", '#include "ops/ticket_store.h"\n', "not its use cases"),
    ("ops/ticket_svc.c", '#include "iot/alarm_svc.h"\n', "against the direction"),
    ("store/old.c", '\n', "not a layer"),
    ("ops/a.h", '#include "ops/b.h"\n', "include loop"),  # with ops/a.c and ops/b.c below
    ("ops/long.c", 'void f(void)\n{\n' + '    x();\n' * 81 + '}\n', "function of 81 lines"),
    ("ops/huge.c", '\n' * 800, "grew to 800 lines"),  # listed at 750 below
    ("ops/small.c", '\n', "fits the limits now"),      # listed, but small
    ("ops/big.c", '\n' * 700, "file of 700 lines"),
]


def tree(files):
    d = tempfile.mkdtemp(prefix="gw-layout-")
    for rel, text in files.items():
        os.makedirs(os.path.join(d, os.path.dirname(rel)), exist_ok=True)
        with open(os.path.join(d, rel), "w") as f:
            f.write(text)
    return d


def main():
    failures = 0
    d = tree(CLEAN)
    bad = check.check(d)
    shutil.rmtree(d)
    if bad:
        print("FAIL clean tree reported:", bad)
        failures += 1
    for rel, text, words in PLANTED:
        files = dict(CLEAN)
        files[rel] = text
        if rel == "ops/a.h":
            files["ops/a.c"] = '#include "ops/a.h"\n'
            files["ops/b.c"] = '#include "ops/a.h"\n'
        d = tree(files)
        listed = os.path.join(d, "oversize.txt")
        with open(listed, "w") as f:
            f.write("# test list\nops/huge.c 750\n" + ("ops/small.c 750\n" if rel == "ops/small.c" else ""))
        bad = check.check(d, listed)
        shutil.rmtree(d)
        if not any(words in b for b in bad):
            print("FAIL planted %s (%s) not caught: %s" % (rel, words, bad))
            failures += 1
    print("layout check tests: %d planted, %d failures" % (len(PLANTED), failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
