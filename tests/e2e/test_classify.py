"""The text classifier (issue 12 item 1): POST /api/v1/classify suggests the top categories with calibrated
probabilities and the n-grams that drove them; models are trained from the command line (a CSV, or closed
tickets), stored in the database, listed, and activated by the administrator without a restart. On the
shared data (teddy2020c, when present) the trained model's dev macro-F1 stays above a measured floor."""
import os
import re
import time

import gw
from test_authz import is_error

TEDDY = os.environ.get("GW_TEDDY_DIR", "/work/shared/data/teddy2020c")
# Measured: 0.880 macro-F1 on titles_dev with the default settings (hash bits 18 here: 0.878). The floor
# leaves room for a different seed's luck, not for a broken model.
TITLES_FLOOR = 0.86


def suggest(client, text):
    return client.post("/api/v1/classify", {"text": text})


def check_api(check, ctx):
    hotline, disp = ctx["hotline"], ctx["dispatcher"]
    r = suggest(hotline, "解放路88号门口的路灯连续几晚不亮，晚上走路很黑")
    check("classify: 200 for the hotline", r.status == 200, r)
    body = r.json()
    s = body["suggestions"]
    check("classify: the top three, most probable first", len(s) == 3
          and s[0]["probability"] >= s[1]["probability"] >= s[2]["probability"], s)
    check("classify: probabilities are a distribution", 0 < sum(x["probability"] for x in s) <= 1.0 + 1e-9, s)
    check("classify: 路灯 text goes to the 路灯 category", s[0]["label"] == "0106" and s[0]["category"]
          and s[0]["category"]["name"] == "路灯" and s[0]["category"]["id"] > 0, s[0])
    check("classify: explained by its n-grams", s[0]["grams"] and any("灯" in g["text"] for g in s[0]["grams"])
          and all(g["weight"] > 0 for g in s[0]["grams"]), s[0]["grams"])
    check("classify: names the model", isinstance(body["model_id"], int) and body["model_id"] > 0, body)
    r = suggest(disp, "小区门口有人露天烧烤，油烟很大")
    check("classify: dispatcher too; 烧烤 -> 露天烧烤", r.status == 200
          and r.json()["suggestions"][0]["category"]["name"] == "露天烧烤", r)
    # bad input: 400 and nothing else
    check("classify: no text -> 400", is_error(disp.post("/api/v1/classify", {}), 400, "invalid_request"))
    check("classify: empty text -> 400", is_error(suggest(disp, ""), 400, "invalid_request"))
    check("classify: too long -> 400", is_error(suggest(disp, "路" * 2001), 400))
    check("classify: unknown field -> 400", is_error(disp.post("/api/v1/classify", {"text": "x", "k": 1}), 400))
    check("classify: a unit handler may not", is_error(suggest(ctx["shizheng"], "路灯不亮"), 403))
    check("classify: anonymous may not", is_error(suggest(gw.Client(ctx["port"]), "路灯不亮"), 401))


def train_titles(check, ctx, srv):
    """Train on the shared titles, store it, evaluate, activate it over HTTP, then go back."""
    admin = ctx["admin"]
    train, dev = os.path.join(TEDDY, "titles_train.csv"), os.path.join(TEDDY, "titles_dev.csv")
    out = os.path.join(srv.dir, "titles.model")
    r = srv.cli("train", "--csv", train, "--text-col", "title", "--label-col", "label", "--dev", dev,
                "--hash-bits", "18", "--out", out, "--db", srv.db)
    m = re.search(r"stored model (\d+)", r.stdout)
    check("train: stored in the database", m, r.stdout[-500:])
    new_id = int(m.group(1))
    r = srv.cli("classify-eval", "--csv", dev, "--model", out)
    f1 = float(re.search(r"macro-F1 ([0-9.]+)", r.stdout).group(1))
    check("classify-eval: titles_dev macro-F1 above the floor", f1 >= TITLES_FLOOR, r.stdout[-1500:])
    check("classify-eval: per-class table, confusion matrix, calibration",
          "劳动和社会保障" in r.stdout and "confusion" in r.stdout and "expected calibration error" in r.stdout)
    models = admin.get("/api/v1/models").json()["items"]
    row = next((x for x in models if x["id"] == new_id), None)
    check("models: the new one is listed, inactive, with its dev figures", row and not row["active"]
          and row["source"] == "titles_train.csv" and row["examples"] > 6000 and row["labels"] == 7
          and abs(row["dev_macro_f1"] - f1) < 0.02 and row["size"] > 0, row)
    before = next(x for x in models if x["active"])
    r = admin.post("/api/v1/models/%d/activate" % new_id)
    check("activate: 200, active", r.status == 200 and r.json()["active"] is True, r)
    r = suggest(ctx["hotline"], "医保报销门诊上限是多少")
    check("activate: the running server uses the new model at once", r.status == 200
          and r.json()["model_id"] == new_id and r.json()["suggestions"][0]["label"] == "劳动和社会保障"
          and r.json()["suggestions"][0]["category"] is None, r)
    check("activate: audited", gw.sql(ctx, srv.db, "SELECT COUNT(*) FROM audit_log WHERE action = ?"
                                      " AND object = ?", ("model.activate", "classifier_model:%d" % new_id))[0][0] == 1)
    check("models: one active", [x["id"] for x in admin.get("/api/v1/models").json()["items"] if x["active"]]
          == [new_id])
    r = admin.post("/api/v1/models/%d/activate" % before["id"])
    check("activate: back to the demo model", r.status == 200
          and suggest(ctx["hotline"], "路灯不亮").json()["model_id"] == before["id"], r)


def run(base, ctx):
    check, srv, admin = ctx["check"], ctx["server"], ctx["admin"]
    models = admin.get("/api/v1/models")
    check("models: the demo trained one, active", models.status == 200 and any(
        x["active"] and x["source"] == "demo" and x["labels"] > 20 for x in models.json()["items"]), models)
    check("models: admin only", is_error(ctx["dispatcher"].get("/api/v1/models"), 403))
    check("activate: admin only", is_error(ctx["dispatcher"].post("/api/v1/models/1/activate"), 403))
    check("activate: no such model -> 404", is_error(admin.post("/api/v1/models/999999/activate"), 404))
    check("activate: a bad id -> 400 or 404", admin.post("/api/v1/models/x/activate").status in (400, 404))
    check_api(check, ctx)
    if os.path.exists(os.path.join(TEDDY, "titles_train.csv")):
        train_titles(check, ctx, srv)
    # an activation from the command line reaches the running server within 5 s (no restart)
    demo_id = next(x["id"] for x in admin.get("/api/v1/models").json()["items"] if x["active"])
    r = srv.cli("train", "--from-tickets", "--db", srv.db, "--activate")
    cli_id = int(re.search(r"stored model (\d+)", r.stdout).group(1))
    seen, deadline = None, time.time() + 10
    while time.time() < deadline:
        seen = suggest(ctx["hotline"], "路灯不亮").json()["model_id"]
        if seen == cli_id:
            break
        time.sleep(0.5)
    check("train --activate on a running server: swapped in without a restart", seen == cli_id, (seen, cli_id))
    check("activate: back to the demo model again", admin.post("/api/v1/models/%d/activate" % demo_id).status == 200)
    # training from closed tickets: a fresh demo database, the model stored and active there
    db = gw.fresh_db(ctx, 150)
    r = srv.cli("train", "--from-tickets", "--db", db, "--activate", check=False)
    check("train --from-tickets: stored and active", r.returncode == 0 and "stored model" in r.stdout, r.stderr[-800:])
    rows = gw.sql(ctx, db, "SELECT source, active FROM classifier_models ORDER BY id")
    check("train --from-tickets: the tickets' model is the active one", rows and rows[-1] == ("tickets", 1)
          and sum(a for _, a in rows) == 1, rows)
