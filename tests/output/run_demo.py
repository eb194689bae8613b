#!/usr/bin/python3
"""Runs landrenew on the bundled demo for the output tests (ctest fixtures), once, shared by every test.

  run_demo.py plain LANDRENEW DEMO_DIR OUT_DIR
      `landrenew run` on the demo into OUT_DIR.
  run_demo.py hostile LANDRENEW DEMO_DIR OUT_DIR PLAIN_OUT_DIR
      The demo with hostile text planted — a D-class enterprise (it appears in the report's list) named
      <script>alert(1)</script>, others named =1+1 and a DDE-style formula, markup and quotes in the project
      name — run into OUT_DIR; OUT_DIR/hostile.json says what was planted where.
  run_demo.py same LANDRENEW DEMO_DIR PLAIN_OUT_DIR
      A second run of the demo gives byte-identical landrenew.gpkg, landrenew.qgs and tables.xlsx, and a
      report.html identical apart from the run's time (one element, #run-time).
"""
import filecmp
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from xml.sax.saxutils import escape

SCRIPT = "<script>alert(1)</script>"
FORMULA = "=1+1"
DDE = "@SUM(1+1)*cmd|' /C calc'!A0"
PROJECT_NAME = '湖州 <b>测试</b> & "引号" \'单引号\''


def run(landrenew, project, out):
    if os.path.exists(out):
        shutil.rmtree(out)
    p = subprocess.run([landrenew, "run", project, "-o", out, "-q"], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"landrenew run failed ({p.returncode}): {p.stderr}")


def enterprise_names(gpkg):
    with sqlite3.connect(gpkg) as db:
        d = db.execute("SELECT name FROM enterprises WHERE class = 'D' AND name IS NOT NULL ORDER BY score, row").fetchone()
        others = [r[0] for r in db.execute("SELECT name FROM enterprises WHERE class IN ('A', 'B') AND name IS NOT NULL "
                                           "ORDER BY row LIMIT 2")]
    return d[0], others


def replace_in_xlsx(path, replacements):
    """Renames cells in the workbook's shared strings: the rest of the file stays byte for byte as it was."""
    tmp = path + ".tmp"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/sharedStrings.xml":
                text = data.decode("utf-8")
                for old, new in replacements.items():
                    count = text.count(f">{escape(old)}<")
                    if count != 1:
                        sys.exit(f"expected the name {old!r} once in the shared strings, found {count}")
                    text = text.replace(f">{escape(old)}<", f">{escape(new)}<")
                data = text.encode("utf-8")
            dst.writestr(item, data)
    os.replace(tmp, path)


def hostile(landrenew, demo, out, plain_out):
    d_name, (a_name, b_name) = enterprise_names(os.path.join(plain_out, "landrenew.gpkg"))
    data = out + ".input"
    if os.path.exists(data):
        shutil.rmtree(data)
    shutil.copytree(demo, data)
    replace_in_xlsx(os.path.join(data, "enterprises.xlsx"), {d_name: SCRIPT, a_name: FORMULA, b_name: DDE})
    project = os.path.join(data, "project.toml")
    text = open(project, encoding="utf-8").read()
    text, n = re.subn(r'(?m)^name\s*=\s*".*"$', "name = " + json.dumps(PROJECT_NAME, ensure_ascii=False), text, count=1)
    if n != 1:
        sys.exit("project.toml has no name line")
    open(project, "w", encoding="utf-8").write(text)
    run(landrenew, project, out)
    json.dump({"script": SCRIPT, "formula": FORMULA, "dde": DDE, "project_name": PROJECT_NAME,
               "replaced": {"script": d_name, "formula": a_name, "dde": b_name}},
              open(os.path.join(out, "hostile.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=2)


def without_run_time(path):
    return re.sub(r'<span id="run-time">.*?</span>', "", open(path, encoding="utf-8").read())


def same(landrenew, demo, plain_out):
    with tempfile.TemporaryDirectory() as tmp:
        again = os.path.join(tmp, "again")
        run(landrenew, os.path.join(demo, "project.toml"), again)
        failed = [f for f in ("landrenew.gpkg", "landrenew.qgs", "tables.xlsx")
                  if not filecmp.cmp(os.path.join(plain_out, f), os.path.join(again, f), shallow=False)]
        a, b = without_run_time(os.path.join(plain_out, "report.html")), without_run_time(os.path.join(again, "report.html"))
        if a != b:
            failed.append("report.html (apart from #run-time)")
        report = open(os.path.join(plain_out, "report.html"), encoding="utf-8").read()
        started = json.load(open(os.path.join(plain_out, "manifest.json"), encoding="utf-8"))["started_utc"]
        if report.count('id="run-time"') != 1 or report.count(started) != 1:
            failed.append("report.html prints the run's time once, in #run-time")
    size = os.path.getsize(os.path.join(plain_out, "report.html"))
    if size > 2_000_000:
        failed.append(f"report.html is {size} bytes (over 2 MB)")
    for f in failed:
        print("FAIL: differs between two runs of the same inputs:", f)
    print(f"{len(failed)} failed" if failed else f"ok: the outputs are reproducible; report.html is {size // 1024} KB")
    return 1 if failed else 0


def main():
    mode, landrenew, demo = sys.argv[1:4]
    if mode == "plain":
        run(landrenew, os.path.join(demo, "project.toml"), sys.argv[4])
    elif mode == "hostile":
        hostile(landrenew, demo, sys.argv[4], sys.argv[5])
    elif mode == "same":
        return same(landrenew, demo, sys.argv[4])
    else:
        sys.exit(f"unknown mode {mode}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
