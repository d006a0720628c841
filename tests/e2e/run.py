"""End-to-end tests: the real gridwork binary on 127.0.0.1, driven over HTTP.
Usage: GW_BIN=build-asan/gridwork python3 tests/e2e/run.py [module ...]
On PostgreSQL: D=$(mktemp -d); scripts/pg.sh start $D; GW_PG_DIR=$D GW_BIN=... python3 tests/e2e/run.py;
scripts/pg.sh stop $D. Each run uses new databases on that cluster (dropped after a clean run unless
GW_PG_KEEP=1). The last line is "e2e-sqlite: N passed, M failed" or "e2e-postgres: ..."."""
import importlib
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gw  # noqa: E402

MODULES = ["test_loop", "test_authz", "test_badinput", "test_open311", "test_ops", "test_static", "test_export",
           "test_limits", "test_http_hostile", "test_data_rules", "test_queries", "test_chain", "test_users", "test_scope", "test_fields", "test_upgrade", "test_places", "test_search", "test_password", "test_rating", "test_i18n",
           "test_onsite", "test_opspages", "test_revisit", "test_me", "test_sessions", "test_kb", "test_assist",
           "test_dicts", "test_iot", "test_mqtt", "test_iot_mqtt", "test_ledger", "test_classify",
           "test_residents", "test_partners", "test_warnings", "test_crash", "test_credit", "test_duplicates", "test_projects", "test_catalogue", "test_review", "test_earn"]
PG_MODULES = ["test_pg", "test_multi", "test_iot_multi", "test_iot_share"]  # only meaningful with a shared database server


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = []

    def check(self, name, cond, detail=""):
        if cond:
            self.passed += 1
        else:
            self.failed.append("%s: %s" % (name, detail))
            print("FAIL", name, str(detail)[:500], flush=True)
        return cond


def main():
    binary = os.environ.get("GW_BIN", "build/gridwork")
    backend = gw.Backend(binary)
    wanted = sys.argv[1:] or MODULES + (PG_MODULES if backend.postgres else [])
    res = Results()
    print("e2e backend: %s" % backend.name, flush=True)
    srv = gw.Server(binary, db=backend.new_db(), extra=["--public-rate", "100000", "--sweep-seconds", "1", "--iot-offline-seconds", "1", "--ledger-seconds", "1"])
    srv.cli("init", "--db", srv.db)
    srv.cli("demo", "--db", srv.db, "--tickets", "150")
    key = srv.cli("apikey", "add", "--db", srv.db, "--name", "e2e").stdout.strip()
    srv.start()
    ctx = {"server": srv, "port": srv.port, "binary": binary, "api_key": key, "check": res.check,
           "base": "http://127.0.0.1:%d" % srv.port, "backend": backend}
    for u in ["admin", "dispatcher", "supervisor", "hotline", "grid01", "shizheng", "shuiwu", "auditor"]:
        ctx[u] = srv.login(u)
    ctx["admin_token"] = ctx["admin"].token
    for name in wanted:
        try:
            mod = importlib.import_module(name)
            before = res.passed + len(res.failed)
            mod.run(ctx["base"], ctx)
            print("%-16s %d checks" % (name, res.passed + len(res.failed) - before), flush=True)
        except Exception:  # a crashed module is a failure, not a silent pass
            res.check(name + " (crashed)", False, traceback.format_exc())
        res.check(name + ": server still serving", srv.alive() and gw.Client(srv.port).get("/healthz").status == 200)
    for s in gw.STARTED:  # servers a crashed module never stopped
        if s is not srv and s.alive():
            s.proc.kill()
            s.proc.wait()
    rc, log = srv.stop()
    res.check("clean shutdown on SIGTERM", rc == 0, "exit %s" % rc)
    res.check("no sanitizer reports", "AddressSanitizer" not in log and "runtime error:" not in log
              and "LeakSanitizer" not in log, log[-3000:])
    print()
    for f in res.failed:
        print("FAILED:", f[:1000])
    if backend.postgres and not res.failed and not os.environ.get("GW_PG_KEEP"):
        backend.drop_all()
    print("e2e-%s: %d passed, %d failed" % (backend.name, res.passed, len(res.failed)))
    sys.exit(1 if res.failed else 0)


if __name__ == "__main__":
    main()
