#!/usr/bin/python3
"""Tests of the QGIS plugin (issue 20), headless: one case a ctest (tests/qgis/CMakeLists.txt).

usage: plugin_test.py CASE --landrenew BIN --installed PROFILE --work DIR [--zip ZIP] [--reference OUT_DIR]

  install               the zip installs into a fresh profile as "Install from ZIP" does (QGIS's own unzip),
                        with metadata QGIS accepts (setup of the fixture qgis_profile)
  reference             `landrenew run` of the demo on the command line (setup of the fixture qgis_reference)
  listed                qgis_process lists the provider and its five algorithms (in Chinese)
  processing_<alg>      processing.run() of each algorithm gives what the command line gives; run also adds
                        the layers of landrenew.qgs to the project in a group, styled, and a rerun replaces it
  qgis_process_<alg>    `qgis_process run landrenew:<alg>` gives what the command line gives
  cancel                Cancel kills landrenew and leaves the previous output byte for byte
  missing_executable    no landrenew on PATH nor in the setting, a wrong setting, an old or foreign executable
  failure               a run landrenew refuses fails with landrenew's one-line message
  own_folder            an output folder of other files is refused, not replaced; so are layers that are not
                        files or carry a filter, and contradictory parameters
  layer_picking         picked layers are written to OUT_DIR/project.toml by `landrenew init`; `landrenew run`
                        accepts it and gives the demo's summary.json
  dialog_preselects     the dialog pre-selects the fields `landrenew init --json` detects
  translations          every UI string is translated; the UI follows QGIS's locale
  schema                the plugin's field keys are landrenew's (check's mapped + unmapped fields)
Exit 77 (ctest's skip) when PyQGIS or qgis_process is missing.
"""
import argparse
import filecmp
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

args = None


def demo_reference():
    return os.path.join(args.reference, "summary.json")


def same_summary(out_dir, where):
    h.check(filecmp.cmp(os.path.join(out_dir, "summary.json"), demo_reference(), shallow=False),
            f"{where}: summary.json is byte for byte the command line's")


def pyqgis(locale="en", executable=None, path_env=True):
    """Headless QGIS on this test's own copy of the installed profile; landrenew on PATH (or not)."""
    base = h.copy_profile(args.installed, os.path.join(args.work, "profile"), locale, executable)
    if path_env:
        os.environ["PATH"] = h.landrenew_on_path(args.landrenew, os.path.join(args.work, "bin"))
    else:
        os.environ["PATH"] = "/usr/bin:/bin"
    return h.start_qgis(base)


def fresh(path):
    if os.path.exists(path):
        shutil.rmtree(path)
    return path


# --- fixtures -------------------------------------------------------------------------------------------------

def case_install():
    """As QGIS's plugin installer (pyplugin_installer.installer.installFromZipFile): the shortest */metadata.txt
    names the plugin folder, unzip() extracts it into the profile's python/plugins."""
    import zipfile
    base = fresh(args.installed)
    plugins = os.path.join(h.profile_root(base), "python", "plugins")
    os.makedirs(plugins)
    with zipfile.ZipFile(args.zip) as z:
        names = z.namelist()
    metadata = sorted(n for n in names if n.endswith("metadata.txt"))
    h.check(metadata and os.path.split(metadata[0])[0] == h.PLUGIN, f"the zip holds {h.PLUGIN}/metadata.txt")
    h.check(all(n.startswith(h.PLUGIN + "/") for n in names), "every file of the zip is under one folder")
    h.check(not any(n.endswith((".pyc", ".ts")) or "__pycache__" in n for n in names), "no caches or .ts sources")
    h.check(f"{h.PLUGIN}/i18n/landrenew_processing_zh.qm" in names, "the Chinese catalogue is compiled in")
    sys.path.append("/usr/share/qgis/python")
    from pyplugin_installer.unzip import unzip
    unzip(args.zip, plugins)
    import configparser
    meta = configparser.ConfigParser()
    meta.read(os.path.join(plugins, h.PLUGIN, "metadata.txt"), encoding="utf-8")
    general = dict(meta["general"]) if meta.has_section("general") else {}
    required = ["name", "qgisminimumversion", "description", "about", "version", "author", "email"]
    h.check(all(general.get(k) for k in required), f"metadata.txt has {required} ({sorted(general)})")
    h.check(general.get("name") == h.PROVIDER, f"the plugin is named {h.PROVIDER}")
    h.check(general.get("hasprocessingprovider") == "yes", "hasProcessingProvider=yes (qgis_process loads it)")
    from pyplugin_installer.version_compare import isCompatible
    h.check(isCompatible("3.22.16", general.get("qgisminimumversion", "99"), "3.99"),
            "QGIS 3.22 accepts qgisMinimumVersion")
    # Install from ZIP then activates the plugin; QGIS keeps that in the profile's settings.
    h.write_settings(base, {"PythonPlugins": {h.PLUGIN: "true"}})
    h.finish()


def case_reference():
    out = fresh(args.reference)
    code, _, err = h.cli(args.landrenew, "run", h.DEMO_PROJECT, "-o", out, "-q")
    h.check(code == 0, f"landrenew run on the demo ({err.strip()})")
    out = fresh(args.reference + "-scenario")
    code, _, err = h.cli(args.landrenew, "run", h.DEMO_PROJECT, "-o", out, "-q", "--scenario", h.SCENARIO)
    h.check(code == 0, f"landrenew run --scenario on the demo ({err.strip()})")
    h.finish()


# --- the provider in qgis_process -----------------------------------------------------------------------------

def case_listed():
    """In a Chinese QGIS (zh-Hans, the locale QGIS 3.22 names Simplified Chinese): the provider and its algorithms, by id and Chinese name."""
    base = h.copy_profile(args.installed, os.path.join(args.work, "profile"), locale="zh-Hans")
    code, out, err = h.qgis_process(base, "list")
    h.check(code == 0, f"qgis_process list exits 0 ({err[-300:]})")
    h.check(h.PROVIDER in out, f"the provider {h.PROVIDER} is listed")
    shown = dict(line.strip().split("\t")[:2] for line in out.splitlines() if line.strip().startswith("landrenew:"))
    for alg, name in zip(h.ALGORITHMS, ["运行分析", "检查数据", "年度对比", "情景", "检查政策配置"]):
        h.check(shown.get(f"landrenew:{alg}") == name, f"landrenew:{alg} is listed as {name} ({shown.get(f'landrenew:{alg}')})")
    h.finish()


# --- each algorithm against the command line ------------------------------------------------------------------

def cli_check():
    code, out, err = h.cli(args.landrenew, "check", h.DEMO_PROJECT, "--examples", 3)
    h.check(code == 0, f"landrenew check on the demo ({err.strip()[-200:]})")
    return out.rstrip("\n")


def cli_diff(old, new):
    json_path = os.path.join(args.work, "cli-diff.json")
    code, out, err = h.cli(args.landrenew, "diff", old, new, "--limit", 20, "--json", json_path)
    h.check(code == 0, f"landrenew diff ({err.strip()[-200:]})")
    return out.rstrip("\n"), json.load(open(json_path, encoding="utf-8"))


def cli_scenario():
    return args.reference + "-scenario"


def cli_profile():
    code, checked, err = h.cli(args.landrenew, "profile", "check", "huzhou-2023")
    h.check(code == 0, f"landrenew profile check ({err.strip()[-200:]})")
    _, shown, _ = h.cli(args.landrenew, "profile", "show", "huzhou-2023")
    return checked.rstrip("\n"), shown.rstrip("\n")


def compare(alg, results, out_dir, where):
    """The algorithm's results against the command line's; out_dir is where it wrote."""
    if alg == "run":
        same_summary(out_dir, where)
        h.check(results.get("REPORT") == os.path.join(out_dir, "report.html") and os.path.exists(results["REPORT"]),
                f"{where}: the report is an output ({results.get('REPORT')})")
        with open(demo_reference(), encoding="utf-8") as f:
            reference = json.load(f)
        h.check(abs(float(results.get("FREED_MU", 0)) - reference["freed"]["mu"]) < 1e-9, f"{where}: FREED_MU")
    elif alg == "check":
        h.check(h.html_text(results["REPORT"]) == [cli_check()], f"{where}: the report holds check's output")
    elif alg == "diff":
        text, comparison = cli_diff(args.reference, args.reference)
        h.check(h.html_text(results["REPORT"]) == [text], f"{where}: the report holds diff's output")
        h.check(json.load(open(results["JSON"], encoding="utf-8")) == comparison, f"{where}: the JSON is diff's")
        h.check(results.get("RECONCILES") in (True, "true", 1), f"{where}: RECONCILES")
    elif alg == "scenario":
        reference = cli_scenario()
        same_summary(out_dir, where)
        h.check(filecmp.cmp(os.path.join(out_dir, "scenario.json"), os.path.join(reference, "scenario.json"),
                            shallow=False), f"{where}: scenario.json is byte for byte the command line's")
    elif alg == "checkprofile":
        checked, shown = cli_profile()
        h.check(h.html_text(results["REPORT"]) == [checked, shown], f"{where}: the report holds check and show")
        h.check(results.get("SHA256") and results["SHA256"] in checked, f"{where}: SHA256 {results.get('SHA256')}")


def parameters_for(alg, out_dir):
    report = os.path.join(args.work, f"{alg}.html")
    return {
        "run": {"PROJECT_FILE": h.DEMO_PROJECT, "OUTPUT": out_dir, "LOAD_RESULTS": False},
        "check": {"PROJECT_FILE": h.DEMO_PROJECT, "EXAMPLES": 3, "REPORT": report},
        "diff": {"OLD": args.reference, "NEW": args.reference, "LIMIT": 20, "REPORT": report,
                 "JSON": os.path.join(args.work, "diff.json")},
        "scenario": {"PROJECT_FILE": h.DEMO_PROJECT, "SCENARIO": h.SCENARIO, "OUTPUT": out_dir,
                     "LOAD_RESULTS": False},
        "checkprofile": {"PROFILE": "huzhou-2023", "REPORT": report},
    }[alg]


def case_processing(alg):
    app, _ = pyqgis()
    import processing
    from qgis.core import QgsApplication
    english = dict(zip(h.ALGORITHMS, ["Run analysis", "Check inputs", "Audit diff", "Scenario", "Check profile"]))
    shown = QgsApplication.processingRegistry().algorithmById(f"landrenew:{alg}").displayName()
    h.check(shown == english[alg], f"in an English QGIS the algorithm is named {english[alg]} ({shown})")
    out_dir = fresh(os.path.join(args.work, "out"))
    feedback = h.feedback_recorder()
    parameters = parameters_for(alg, out_dir)
    if alg == "run":
        parameters["LOAD_RESULTS"] = True
    results = processing.run(f"landrenew:{alg}", parameters, feedback=feedback)
    compare(alg, results, out_dir, f"processing.run landrenew:{alg}")
    if alg in ("run", "scenario"):
        h.check(feedback.progress and max(feedback.progress) == 100 and len(set(feedback.progress)) > 5,
                f"--progress reaches the progress bar ({sorted(set(feedback.progress))[:12]})")
        h.check(any(l.startswith("industrial land") for l in feedback.lines), "the run's summary is in the log")
    if alg == "run":
        check_results_loaded(out_dir)
    app.exitQgis()
    h.finish()


def case_qgis_process(alg):
    # The executable from Processing's setting here (processing.run tests find it on PATH).
    base = h.copy_profile(args.installed, os.path.join(args.work, "profile"), executable=args.landrenew)
    out_dir = fresh(os.path.join(args.work, "out"))
    code, results, log = h.qgis_process_json(base, alg, parameters_for(alg, out_dir), env={"PATH": "/usr/bin:/bin"})
    h.check(code == 0 and results is not None, f"qgis_process run landrenew:{alg} exits 0 ({log[-400:]})")
    if results:
        compare(alg, results.get("results", {}), out_dir, f"qgis_process landrenew:{alg}")
    h.finish()


# --- behaviour ------------------------------------------------------------------------------------------------

def check_results_loaded(out_dir):
    """After a run with LOAD_RESULTS: a second run into the same folder; the project then holds one group with
    landrenew.qgs's layers, order, visibility, renderers and aliases."""
    import processing
    from qgis.core import QgsProject
    project = QgsProject.instance()
    processing.run("landrenew:run", {"PROJECT_FILE": h.DEMO_PROJECT, "OUTPUT": out_dir, "LOAD_RESULTS": True},
                   feedback=h.feedback_recorder())
    groups = [g for g in project.layerTreeRoot().children() if g.name().startswith("landrenew")]
    h.check(len(groups) == 1, f"one group after two runs into the same folder ({[g.name() for g in groups]})")
    reference = QgsProject()
    reference.read(os.path.join(out_dir, "landrenew.qgs"))

    def shown(nodes):
        return [(n.layer().name(), n.itemVisibilityChecked(), n.layer().renderer().type() if n.layer().isSpatial()
                 else None, n.layer().fields().field(0).alias() if n.layer().fields().count() else "")
                for n in nodes]
    want = shown(reference.layerTreeRoot().findLayers())
    got = shown(groups[0].findLayers()) if groups else []
    h.check(len(want) == 11 and got == want, f"the group shows landrenew.qgs's layers, order, visibility, renderers "
            f"and aliases ({got[:3]}…)")
    h.check(len(project.mapLayers()) == len(want), f"the first run's layers are gone ({len(project.mapLayers())})")
    h.check(all(l.isValid() for l in project.mapLayers().values()), "every layer is valid")
    h.check(project.crs().authid() == reference.crs().authid(), f"the project takes the analysis CRS "
            f"{reference.crs().authid()}")
    reference.clear()
    project.clear()


def case_cancel():
    app, _ = pyqgis()
    import processing
    from qgis.core import QgsProcessingException
    out_dir = fresh(os.path.join(args.work, "out"))
    shutil.copytree(args.reference, out_dir)  # the previous output
    before = h.files_and_hashes(out_dir)
    feedback = h.feedback_recorder(cancel_at=30)
    try:
        processing.run("landrenew:run", {"PROJECT_FILE": h.DEMO_PROJECT, "OUTPUT": out_dir, "LOAD_RESULTS": False},
                       feedback=feedback)
        h.check(False, "a canceled run raises")
    except QgsProcessingException as e:
        h.check("Canceled" in str(e) and out_dir in str(e), f"a canceled run says so ({e})")
    h.check(max(feedback.progress) < 100, f"landrenew was stopped midway (progress {max(feedback.progress)})")
    h.check(h.files_and_hashes(out_dir) == before, "the previous output is byte for byte as it was")
    # (the working folder the killed run left beside it is removed by the next run: safety.kill_* tests that)
    app.exitQgis()
    h.finish()


def expect_refusal(parameters, words, what):
    import processing
    from qgis.core import QgsProcessingException
    try:
        processing.run("landrenew:run", parameters, feedback=h.feedback_recorder())
        h.check(False, f"{what}: refused")
    except QgsProcessingException as e:
        h.check(all(w in str(e) for w in words), f"{what}: {e}")


def case_missing_executable():
    app, _ = pyqgis(path_env=False)
    from qgis.core import QgsSettings

    class ProcessingConfig:  # as Processing's options dialog stores it (its own setter refuses a missing file)
        @staticmethod
        def setSettingValue(key, value):
            QgsSettings().setValue(f"Processing/Configuration/{key}", value)
    out_dir = os.path.join(args.work, "out")
    parameters = {"PROJECT_FILE": h.DEMO_PROJECT, "OUTPUT": out_dir, "LOAD_RESULTS": False}
    expect_refusal(parameters, ["landrenew was not found", "PATH", "/usr/bin:/bin", "0.1.0"], "nothing on PATH")
    ProcessingConfig.setSettingValue("LANDRENEW_EXECUTABLE", "/nonexistent/landrenew")
    expect_refusal(parameters, ["/nonexistent/landrenew", "does not exist"], "a setting naming no file")
    fake = os.path.join(args.work, "old")
    os.makedirs(fake, exist_ok=True)
    for name, answer in (("landrenew-0.0.9", "landrenew 0.0.9"), ("not-landrenew", "GDAL 3.6.2")):
        path = os.path.join(fake, name)
        with open(path, "w") as f:
            f.write(f"#!/bin/sh\necho '{answer}'\n")
        os.chmod(path, 0o755)
    ProcessingConfig.setSettingValue("LANDRENEW_EXECUTABLE", os.path.join(fake, "landrenew-0.0.9"))
    expect_refusal(parameters, ["landrenew 0.0.9", "older than 0.1.0"], "an older landrenew, naming its version")
    ProcessingConfig.setSettingValue("LANDRENEW_EXECUTABLE", os.path.join(fake, "not-landrenew"))
    expect_refusal(parameters, ["GDAL 3.6.2", "0.1.0"], "another program")
    h.check(not os.path.exists(out_dir), "nothing was written")
    app.exitQgis()
    h.finish()


def case_own_folder():
    app, _ = pyqgis()
    mine = fresh(os.path.join(args.work, "mine"))
    os.makedirs(mine)
    with open(os.path.join(mine, "notes.txt"), "w") as f:
        f.write("a planner's own file\n")
    expect_refusal({"PROJECT_FILE": h.DEMO_PROJECT, "OUTPUT": mine, "LOAD_RESULTS": False},
                   ["not a landrenew output", mine], "a folder of other files as the output folder")
    h.check(os.listdir(mine) == ["notes.txt"], "the folder is untouched")
    expect_refusal({"PROJECT_FILE": h.DEMO_PROJECT, "OUTPUT": os.path.join(args.work, "o"), "PROFILE": "huzhou-2023"},
                   ["project file"], "a profile beside a project file")
    expect_refusal({"OUTPUT": os.path.join(args.work, "o")}, ["parcel"], "neither a project file nor layers")
    # Layers landrenew cannot read as QGIS shows them: not a file, or a filtered file.
    from qgis.core import QgsProject, QgsVectorLayer
    memory = QgsVectorLayer("Polygon?crs=EPSG:4549", "草稿", "memory")
    filtered = QgsVectorLayer(os.path.join(h.DEMO, "parcels.shp"), "宗地", "ogr")
    filtered.setSubsetString("\"DLBM\" = '0601'")
    QgsProject.instance().addMapLayers([memory, filtered])
    out = os.path.join(args.work, "o")
    expect_refusal({"PARCELS": memory.id(), "OUTPUT": out}, ["草稿", "not a file layer", "memory"], "a memory layer")
    expect_refusal({"PARCELS": filtered.id(), "OUTPUT": out}, ["宗地", "has a filter", "0601"], "a filtered layer")
    h.check(not os.path.exists(out), "nothing was written")
    QgsProject.instance().clear()
    app.exitQgis()
    h.finish()


def case_failure():
    """A run landrenew refuses fails with landrenew's own one-line message, as the command line prints it."""
    app, _ = pyqgis()
    broken = os.path.join(args.work, "broken.toml")
    with open(broken, "w", encoding="utf-8") as f:
        f.write('profile = "huzhou-2023"\n[parcels]\npath = "missing-parcels.shp"\n')
    code, _, err = h.cli(args.landrenew, "check", broken)
    message = err.strip().splitlines()[-1] if err.strip() else ""
    h.check(code != 0 and message.startswith("landrenew:"), f"the command line refuses it ({code}: {message})")
    for alg, parameters in (("check", {"PROJECT_FILE": broken}),
                            ("run", {"PROJECT_FILE": broken, "OUTPUT": os.path.join(args.work, "out")})):
        import processing
        from qgis.core import QgsProcessingException
        feedback = h.feedback_recorder()
        try:
            processing.run(f"landrenew:{alg}", parameters, feedback=feedback)
            h.check(False, f"{alg}: the failure raises")
        except QgsProcessingException as e:
            h.check(str(e) == message, f"{alg}: the exception is landrenew's message ({e})")
        h.check(message in feedback.errors, f"{alg}: the message is in the log as an error")
    h.check(not os.path.exists(os.path.join(args.work, "out")), "nothing was written")
    app.exitQgis()
    h.finish()


DEMO_LAYERS = {  # role: (source as QGIS names it, the demo project's mapping of fields landrenew does not detect)
    "parcels": ("parcels.shp", {}),
    "buildings_before": ("buildings.gpkg|layername=buildings_2022", {}),
    "buildings_after": ("buildings.gpkg|layername=buildings_2025", {}),
    "districts": ("districts.geojson", {}),
    "parks": ("parks.gpkg|layername=parks", {}),
    "renewal": ("renewal.gpkg|layername=renewal", {"mode": "GXMS", "completion_date": "WCRQ"}),
    "enterprises": ("enterprises.xlsx|layername=亩均评价", {}),
}


def case_layer_picking():
    app, _ = pyqgis()
    import processing
    from qgis.core import QgsProject, QgsVectorLayer
    project = QgsProject.instance()
    parameters = {"PROFILE": "huzhou-2023", "AUDIT_DATE": "2026-12-31", "LOAD_RESULTS": False}
    for role, (source, fields) in DEMO_LAYERS.items():
        layer = QgsVectorLayer(os.path.join(h.DEMO, source), role, "ogr")
        h.check(layer.isValid(), f"QGIS opens the demo's {role}")
        project.addMapLayer(layer)
        parameters[role.upper()] = layer.id()
        for key, name in fields.items():
            parameters[f"{role}_{key}".upper()] = name
    out_dir = fresh(os.path.join(args.work, "out"))
    results = processing.run("landrenew:run", dict(parameters, OUTPUT=out_dir), feedback=h.feedback_recorder())
    written = os.path.join(out_dir, "project.toml")
    h.check(os.path.exists(written) and results["PROJECT_FILE_USED"] == written,
            "the picked layers are written to OUT_DIR/project.toml")
    same_summary(out_dir, "processing.run with picked layers")
    # The plugin ran `landrenew run OUT_DIR/project.toml` and put the file back after landrenew swapped the folder:
    # the manifest names that file and its SHA-256, so `landrenew run` on it again is the same run.
    import hashlib
    with open(os.path.join(out_dir, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)["project"]
    with open(written, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    h.check(os.path.abspath(manifest["file"]) == written and manifest["sha256"] == digest,
            f"`landrenew run` ran OUT_DIR/project.toml as it now is ({manifest['file']}, {manifest['sha256'][:12]})")
    code, out, err = h.cli(args.landrenew, "check", written, "-q")
    h.check(code == 0, f"`landrenew check OUT_DIR/project.toml` accepts it ({err.strip()[-300:]})")
    # The same through qgis_process, with the layers given as files.
    base = h.copy_profile(args.installed, os.path.join(args.work, "profile-qp"), executable=args.landrenew)
    qp = dict(parameters, OUTPUT=fresh(os.path.join(args.work, "qp")))
    for role, (source, _) in DEMO_LAYERS.items():
        qp[role.upper()] = os.path.join(h.DEMO, source)
    code, results, log = h.qgis_process_json(base, "run", qp)
    h.check(code == 0 and results is not None, f"qgis_process with picked layers ({log[-300:]})")
    if code == 0:
        same_summary(qp["OUTPUT"], "qgis_process with picked layers")
    app.exitQgis()
    h.finish()


def case_dialog_preselects():
    """The 运行分析 dialog (headless widgets): picking the demo's layers sets each role's field drop-downs to the
    columns `landrenew init --layer ROLE=SOURCE --json` reports."""
    base = h.copy_profile(args.installed, os.path.join(args.work, "profile"))
    os.environ["PATH"] = h.landrenew_on_path(args.landrenew, os.path.join(args.work, "bin"))
    app, _ = h.start_qgis(base, gui=True)
    from processing.gui.AlgorithmDialog import AlgorithmDialog
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProject, QgsVectorLayer
    from landrenew_processing.schema import ROLES, field_parameter
    dialog = AlgorithmDialog(QgsApplication.processingRegistry().createAlgorithmById("landrenew:run"), False, None)
    wrappers = dialog.mainWidget().wrappers
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    picked = []
    for role, (source, _) in DEMO_LAYERS.items():
        picked += ["--layer", f"{role}={os.path.join(h.DEMO, source)}"]
    code, out, err = h.cli(args.landrenew, "init", *picked, "--json")
    h.check(code == 0, f"landrenew init --json on the demo's layers ({err.strip()[-200:]})")
    detected = json.loads(out)["roles"] if code == 0 else {}
    for role, (source, _) in DEMO_LAYERS.items():
        layer = QgsVectorLayer(os.path.join(h.DEMO, source), role, "ogr")
        QgsProject.instance().addMapLayer(layer)
        wrappers[role.upper()].setParameterValue(layer.id(), context)
        for _ in range(3):
            app.processEvents()
        want = detected.get(role, {}).get("fields")
        keys = next(f for r, _, _, _, f in ROLES if r == role)
        got = {k: wrappers[field_parameter(role, k)].parameterValue() for k, _ in keys}
        got = {k: v for k, v in got.items() if v}
        # A column QGIS names otherwise (the demo's GBK shapefile has no .cpg: QGIS does not decode 备注 as
        # landrenew does) cannot be selected; it stays empty and landrenew detects it at run time.
        shown = {k: v for k, v in (want or {}).items() if layer.fields().indexOf(v) >= 0}
        h.check(want is not None and got == shown and (role != "parcels" or got.get("id") == "ZDDM"),
                f"{role}: the drop-downs show what init detects ({got} vs {want})")
    dialog.close()
    QgsProject.instance().clear()
    app.exitQgis()
    h.finish()


def case_translations():
    sys.path.insert(0, os.path.join(h.SOURCE, "qgis-plugin"))
    import importlib.machinery
    import importlib.util
    loader = importlib.machinery.SourceFileLoader("update_translations",
                                                  os.path.join(h.SOURCE, "qgis-plugin", "update-translations"))
    spec = importlib.util.spec_from_loader("update_translations", loader)
    tool = importlib.util.module_from_spec(spec)
    loader.exec_module(tool)
    strings = [s for s, _ in tool.source_strings()]
    catalogue = tool.read_ts(tool.ts_path("zh"))
    missing = [s for s in strings if s not in catalogue]
    unfinished = [s for s in strings if s in catalogue and (not catalogue[s][1] or not catalogue[s][0].strip())]
    stale = [s for s in catalogue if s not in strings]
    h.check(len(strings) > 100, f"the plugin's strings are found ({len(strings)})")
    h.check(not missing, f"every UI string is in the Chinese catalogue (missing: {missing[:5]})")
    h.check(not unfinished, f"every UI string is translated (unfinished: {unfinished[:5]})")
    h.check(not stale, f"the catalogue holds no string the plugin no longer uses ({stale[:5]})")
    # Placeholders survive translation: a translated message formats with the same names.
    import string as _s
    names = lambda t: sorted(f for _, f, _, _ in _s.Formatter().parse(t) if f)  # noqa: E731
    broken = [s for s in strings if s in catalogue and names(s) != names(catalogue[s][0])]
    h.check(not broken, f"translations keep every {{placeholder}} ({broken[:3]})")
    # The compiled catalogue in the installed zip gives each translation (the UI following QGIS's locale is
    # checked by provider_listed_by_qgis_process in Chinese and by processing_* in English).
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator
    app = QCoreApplication([])
    qm = os.path.join(h.profile_root(args.installed), "python", "plugins", h.PLUGIN, "i18n",
                      "landrenew_processing_zh.qm")
    translator = QTranslator()
    h.check(translator.load(qm), f"the zip's {os.path.basename(qm)} loads")
    QCoreApplication.installTranslator(translator)  # (QTranslator.translate takes ASCII in PyQt5; this UTF-8)
    wrong = [s for s in strings if s in catalogue and QCoreApplication.translate(tool.CONTEXT, s) != catalogue[s][0]]
    h.check(not wrong, f"the compiled catalogue translates every string as the .ts does ({wrong[:3]})")
    del app
    h.finish()


def case_schema():
    app, _ = pyqgis()
    from landrenew_processing.schema import ROLES
    code, out, err = h.cli(args.landrenew, "check", h.DEMO_PROJECT, "--examples", 0)
    h.check(code == 0, "landrenew check on the demo")
    keys, role = {}, None
    for line in out.splitlines():
        if line.startswith("["):
            role = line[1:line.index("]")]
        elif role and line.strip().startswith(("fields ", "unmapped ")):
            words = line.split()[1:]
            keys.setdefault(role, set()).update(w.split("=")[0] for w in words)
    for name, _, _, _, fields in ROLES:
        h.check({k for k, _ in fields} == keys.get(name), f"{name}: the plugin's keys are landrenew's "
                f"(plugin only: {sorted({k for k, _ in fields} - keys.get(name, set()))}, landrenew only: "
                f"{sorted(keys.get(name, set()) - {k for k, _ in fields})})")
    app.exitQgis()
    h.finish()


def main():
    global args
    parser = argparse.ArgumentParser()
    parser.add_argument("case")
    parser.add_argument("--landrenew", required=True)
    parser.add_argument("--installed", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--zip")
    parser.add_argument("--reference")
    args = parser.parse_args()
    args.landrenew = os.path.abspath(args.landrenew)
    if args.case not in ("install", "reference"):
        os.makedirs(args.work, exist_ok=True)
    if args.case.startswith("processing_"):
        return case_processing(args.case[len("processing_"):])
    if args.case.startswith("qgis_process_"):
        return case_qgis_process(args.case[len("qgis_process_"):])
    return globals()[f"case_{args.case}"]()


if __name__ == "__main__":
    main()
