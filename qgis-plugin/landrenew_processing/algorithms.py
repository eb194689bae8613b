"""The five algorithms of the landrenew provider; each maps one landrenew command's options (docs/commands.md).

  run          运行分析 Run analysis        landrenew [init +] run --progress
  check        检查数据 Check inputs        landrenew [init +] check
  diff         年度对比 Audit diff          landrenew diff --json
  scenario     情景 Scenario                landrenew run --scenario
  checkprofile 检查政策配置 Check profile   landrenew profile check + profile show

The layer-picking path (run, check) writes its project file with `landrenew init --layer ROLE=SOURCE --field
ROLE.KEY=NAME ... -o FILE` — landrenew's own code, so a run from QGIS can be repeated from the command line.
"""
import html
import json
import os
import uuid

from qgis.core import (QgsProcessing, QgsProcessingAlgorithm, QgsProcessingException,
                       QgsProcessingOutputBoolean, QgsProcessingOutputFile, QgsProcessingOutputHtml,
                       QgsProcessingOutputNumber, QgsProcessingOutputString, QgsProcessingParameterBoolean,
                       QgsProcessingParameterDateTime, QgsProcessingParameterDefinition, QgsProcessingParameterField,
                       QgsProcessingParameterFile, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterFolderDestination, QgsProcessingParameterNumber,
                       QgsProcessingParameterString, QgsProcessingParameterVectorLayer, QgsProcessingParameters,
                       QgsProcessingUtils)

from . import runner
from .i18n import language, tr
from .results import load_results
from .schema import ROLES, field_parameter, layer_parameter
from .sources import layer_source

PROJECT_FILE_NAME = "project.toml"  # the project file the layer-picking path writes into OUT_DIR


class LandrenewAlgorithm(QgsProcessingAlgorithm):
    def createInstance(self):
        return type(self)()

    def group(self):
        return ""

    def groupId(self):
        return ""

    def landrenew(self, feedback):
        found = runner.find_landrenew()
        feedback.pushInfo(tr("landrenew {version} at {path}").format(version=found.version, path=found.path))
        return found


# --- the layer-picking path ------------------------------------------------------------------------------------

def add_project_parameters(alg):
    """A project file, or the layers picked from the QGIS project with their field mapping, profile and date."""
    alg.addParameter(QgsProcessingParameterFile(
        "PROJECT_FILE", tr("Project file (TOML) — or pick the layers below"),
        extension="toml", optional=True))
    for role, label, polygons, required, _ in ROLES:
        types = [QgsProcessing.TypeVectorPolygon] if polygons else [QgsProcessing.TypeVector]
        text = tr(label) + ("" if not required else " " + tr("(required without a project file)"))
        alg.addParameter(QgsProcessingParameterVectorLayer(layer_parameter(role), text, types, optional=True))
    alg.addParameter(QgsProcessingParameterString(
        "PROFILE", tr("Policy profile: built-in name (empty: landrenew's default, huzhou-2023)"), optional=True))
    alg.addParameter(QgsProcessingParameterFile(
        "PROFILE_FILE", tr("Policy profile: the bureau's own file (instead of a built-in name)"),
        extension="toml", optional=True))
    alg.addParameter(QgsProcessingParameterDateTime(
        "AUDIT_DATE", tr("Audit date (empty: landrenew's default)"), QgsProcessingParameterDateTime.Date,
        optional=True))
    detect = QgsProcessingParameterBoolean(
        "DETECT_FIELDS", tr("In the dialog: pre-select in each picked layer the fields landrenew detects"),
        defaultValue=True)
    detect.setMetadata({"widget_wrapper": {"class": "landrenew_processing.detect.DetectFieldsWrapper"}})
    detect.setFlags(detect.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
    alg.addParameter(detect)
    for role, label, _, _, fields in ROLES:
        for key, field_label in fields:
            p = QgsProcessingParameterField(
                field_parameter(role, key), f"{tr(label)} · {tr(field_label)} ({key})",
                parentLayerParameterName=layer_parameter(role), optional=True)
            p.setFlags(p.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
            alg.addParameter(p)


def picked_roles(alg, parameters, context):
    """{role: (source, {key: field name})} for every layer picked."""
    picked = {}
    for role, label, _, _, fields in ROLES:
        layer = alg.parameterAsVectorLayer(parameters, layer_parameter(role), context)
        if layer is None:
            continue
        mapping = {}
        for key, _ in fields:
            chosen = alg.parameterAsFields(parameters, field_parameter(role, key), context)
            if chosen and chosen[0]:
                mapping[key] = chosen[0]
        picked[role] = (layer_source(layer, label), mapping)
    return picked


def profile_and_date(alg, parameters, context):
    name = (alg.parameterAsString(parameters, "PROFILE", context) or "").strip()
    path = alg.parameterAsFile(parameters, "PROFILE_FILE", context)
    if name and path:
        raise QgsProcessingException(tr("Give a built-in profile name or a profile file, not both."))
    date = None
    if parameters.get("AUDIT_DATE"):
        date = QgsProcessingParameters.parameterAsDate(alg.parameterDefinition("AUDIT_DATE"), parameters, context)
    return (path or name or None), (date.toString("yyyy-MM-dd") if date is not None and date.isValid() else None)


def init_arguments(picked, profile, audit_date, project_file):
    """`landrenew init` writing the project file of the picked layers (contract of issue 20, item 0)."""
    arguments = ["init", "-o", project_file, "--force"]
    for role, (source, mapping) in picked.items():
        arguments += ["--layer", f"{role}={source}"]
        for key, name in mapping.items():
            arguments += ["--field", f"{role}.{key}={name}"]
    if profile:
        arguments += ["--profile", profile]
    if audit_date:
        arguments += ["--audit-date", audit_date]
    return arguments


def project_from_parameters(alg, parameters, context):
    """(project file or None, picked roles, profile, audit date), refusing a mix of the two paths."""
    project_file = alg.parameterAsFile(parameters, "PROJECT_FILE", context) or None
    picked = picked_roles(alg, parameters, context)
    profile, audit_date = profile_and_date(alg, parameters, context)
    if project_file and picked:
        raise QgsProcessingException(tr("Give either a project file or layers picked from the project, not both."))
    if project_file and (profile or audit_date):
        raise QgsProcessingException(tr(
            "The policy profile and the audit date are set in the project file; they apply only to layers "
            "picked from the QGIS project."))
    if not project_file and not picked:
        raise QgsProcessingException(tr("Give a project file, or pick at least the parcel layer."))
    if picked and "parcels" not in picked:
        raise QgsProcessingException(tr("The parcel layer is required: pick it, or give a project file."))
    return project_file, picked, profile, audit_date


def write_project_file(landrenew, picked, profile, audit_date, path, feedback):
    if not runner.has_command(landrenew, "init"):
        raise QgsProcessingException(tr(
            "landrenew {version} at {path} has no `init` command, which the layers picked from the project "
            "need; give a project file instead, or install a landrenew with `init`.").format(
                version=landrenew.version, path=landrenew.path))
    feedback.pushInfo(tr("Writing the project file of the picked layers: {path}").format(path=path))
    runner.run(landrenew, init_arguments(picked, profile, audit_date, path), feedback)


# --- runs that write an output folder (run, scenario) -----------------------------------------------------------

def add_run_outputs(alg):
    alg.addOutput(QgsProcessingOutputHtml("REPORT", tr("Report (report.html)")))
    alg.addOutput(QgsProcessingOutputFile("SUMMARY", tr("Headline figures (summary.json)")))
    alg.addOutput(QgsProcessingOutputFile("GEOPACKAGE", tr("Result layers (landrenew.gpkg)")))
    alg.addOutput(QgsProcessingOutputFile("QGIS_PROJECT", tr("QGIS project (landrenew.qgs)")))
    alg.addOutput(QgsProcessingOutputFile("PROJECT_FILE_USED", tr("Project file of the run")))
    alg.addOutput(QgsProcessingOutputNumber("INDUSTRIAL_MU", tr("Industrial land (mu)")))
    alg.addOutput(QgsProcessingOutputNumber("LOW_EFFICIENCY_MU", tr("Low-efficiency land (mu)")))
    alg.addOutput(QgsProcessingOutputNumber("FREED_MU", tr("Freed land (mu)")))


def add_run_options(alg):
    alg.addParameter(QgsProcessingParameterBoolean(
        "LOAD_RESULTS", tr("Add the styled result layers to the current project"), defaultValue=True))
    threads = QgsProcessingParameterNumber(
        "THREADS", tr("Threads (0: the number of cores; the results are the same whatever the number)"),
        QgsProcessingParameterNumber.Integer, defaultValue=0, minValue=0, maxValue=256)
    threads.setFlags(threads.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
    alg.addParameter(threads)


class _OwnProjectFile:
    """OUT_DIR/project.toml written by `init` before the run. landrenew replaces OUT_DIR whole when it succeeds,
    so the file is put back afterwards; when the run fails or is canceled, the previous one is put back (or the
    new one removed from a previous output), leaving that output as it was."""

    def __init__(self, out_dir):
        self.path = os.path.join(out_dir, PROJECT_FILE_NAME)
        self.folder_existed = os.path.isdir(out_dir)
        self.previous = None
        if os.path.isfile(self.path):
            with open(self.path, "rb") as f:
                self.previous = f.read()
        self.written = None

    def keep(self):
        with open(self.path, "rb") as f:
            self.written = f.read()

    def after_success(self):
        with open(self.path, "wb") as f:
            f.write(self.written)

    def after_failure(self):
        if self.previous is not None:
            with open(self.path, "wb") as f:
                f.write(self.previous)
        elif self.folder_existed and os.path.exists(self.path):
            os.remove(self.path)


def run_into(alg, landrenew, project_file, picked, profile, audit_date, out_dir, extra, parameters, context, feedback):
    """`landrenew run` into OUT_DIR (writing its project file first on the layer-picking path); the outputs."""
    own = None
    # Checked before anything is written: a folder of the planner's own files is refused untouched.
    arguments = runner.output_folder_arguments(out_dir, (PROJECT_FILE_NAME,) if picked else ())
    if picked:
        own = _OwnProjectFile(out_dir)
        os.makedirs(out_dir, exist_ok=True)
        try:
            write_project_file(landrenew, picked, profile, audit_date, own.path, feedback)
            own.keep()
        except Exception:
            own.after_failure()
            raise
        project_file = own.path
        arguments = runner.output_folder_arguments(out_dir, (PROJECT_FILE_NAME,))  # now it exists: --overwrite
    threads = alg.parameterAsInt(parameters, "THREADS", context)
    if threads:
        extra = extra + ["--threads", threads]
    canceled = tr("Canceled: landrenew was stopped before it finished; {path} is as it was before this run.").format(
        path=out_dir)
    try:
        runner.run(landrenew, ["run", project_file] + arguments + ["--progress"] + extra, feedback, canceled)
    except Exception:
        if own:
            own.after_failure()
        raise
    if own:
        own.after_success()
    with open(os.path.join(out_dir, "summary.json"), encoding="utf-8") as f:
        summary = json.load(f)
    alg.loaded = out_dir if alg.parameterAsBoolean(parameters, "LOAD_RESULTS", context) else None
    return {
        "OUTPUT": out_dir,
        "REPORT": os.path.join(out_dir, "report.html"),
        "SUMMARY": os.path.join(out_dir, "summary.json"),
        "GEOPACKAGE": os.path.join(out_dir, "landrenew.gpkg"),
        "QGIS_PROJECT": os.path.join(out_dir, "landrenew.qgs"),
        "PROJECT_FILE_USED": project_file,
        "INDUSTRIAL_MU": summary["industrial"]["mu"],
        "LOW_EFFICIENCY_MU": summary["low_efficiency"]["mu"],
        "FREED_MU": summary["freed"]["mu"],
    }


class _WritesOutputFolder(LandrenewAlgorithm):
    loaded = None

    def postProcessAlgorithm(self, context, feedback):
        # Runs in QGIS's main thread once the run is done: the only place to touch the project.
        project = context.project()
        if self.loaded and project is not None:
            group = load_results(self.loaded, project,
                                 tr("landrenew — {folder}").format(folder=os.path.basename(self.loaded)))
            feedback.pushInfo(tr("Added {count} styled layers to the project, in the group '{group}'.").format(
                count=len(group.findLayers()), group=group.name()))
        return {}


class RunAnalysis(_WritesOutputFolder):
    def name(self):
        return "run"

    def displayName(self):
        return tr("Run analysis")

    def shortHelpString(self):
        return tr(
            "Runs landrenew's analysis: industrial land, low-efficiency land by criterion, clusters, 亩均 classes, "
            "freed land and each park's FAR. Give a project file, or pick the layers from the current project "
            "(the parcels are required) with their fields — a field left empty is detected by landrenew — a "
            "policy profile and the audit date; the picked layers are written to project.toml in the output "
            "folder, so the run can be repeated with `landrenew run`. The output folder is replaced only when "
            "the run succeeds; Cancel leaves the previous one as it was. The styled result layers are added to "
            "the project in a group, as landrenew.qgs shows them, and report.html opens from the results.")

    def initAlgorithm(self, config=None):
        add_project_parameters(self)
        add_run_options(self)
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", tr("Output folder")))
        add_run_outputs(self)

    def processAlgorithm(self, parameters, context, feedback):
        landrenew = self.landrenew(feedback)
        project_file, picked, profile, audit_date = project_from_parameters(self, parameters, context)
        out_dir = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        return run_into(self, landrenew, project_file, picked, profile, audit_date, out_dir, [], parameters,
                        context, feedback)


class Scenario(_WritesOutputFolder):
    def name(self):
        return "scenario"

    def displayName(self):
        return tr("Scenario")

    def shortHelpString(self):
        return tr(
            "Runs the analysis with a scenario file (landrenew run --scenario): what renewing the candidate "
            "parcels or clusters to a target FAR would add to the freed tally and to each park's FAR. Writes "
            "every output of a run and scenario.json.")

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFile("PROJECT_FILE", tr("Project file (TOML)"), extension="toml"))
        self.addParameter(QgsProcessingParameterFile("SCENARIO", tr("Scenario file (TOML)"), extension="toml"))
        add_run_options(self)
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", tr("Output folder")))
        add_run_outputs(self)
        self.addOutput(QgsProcessingOutputFile("SCENARIO_JSON", tr("Scenario figures (scenario.json)")))
        self.addOutput(QgsProcessingOutputNumber("SCENARIO_ADDED_MU", tr("Freed land the scenario adds (mu)")))

    def processAlgorithm(self, parameters, context, feedback):
        landrenew = self.landrenew(feedback)
        project_file = self.parameterAsFile(parameters, "PROJECT_FILE", context)
        scenario = self.parameterAsFile(parameters, "SCENARIO", context)
        out_dir = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        results = run_into(self, landrenew, project_file, {}, None, None, out_dir, ["--scenario", scenario],
                           parameters, context, feedback)
        path = os.path.join(out_dir, "scenario.json")
        with open(path, encoding="utf-8") as f:
            figures = json.load(f)
        results["SCENARIO_JSON"] = path
        results["SCENARIO_ADDED_MU"] = figures.get("freed", {}).get("added_mu")
        return results


# --- commands that print (check, diff, profile) -----------------------------------------------------------------

def write_html(path, title, sections):
    """A self-contained page of landrenew's text output: [(heading, lines)]."""
    parts = [f"<!DOCTYPE html>\n<html lang=\"{'zh-CN' if language() == 'zh' else 'en'}\"><head>"
             f"<meta charset=\"utf-8\"><title>{html.escape(title)}</title><style>"
             "body{font-family:'Noto Sans CJK SC',sans-serif;margin:1.5em}pre{font-family:'Noto Sans Mono CJK SC',"
             "monospace;white-space:pre-wrap;background:#f6f6f6;padding:1em}</style></head><body>"
             f"<h1>{html.escape(title)}</h1>"]
    for heading, lines in sections:
        if heading:
            parts.append(f"<h2>{html.escape(heading)}</h2>")
        parts.append("<pre>" + html.escape("\n".join(lines)) + "</pre>")
    parts.append("</body></html>\n")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(parts))


class CheckInputs(LandrenewAlgorithm):
    def name(self):
        return "check"

    def displayName(self):
        return tr("Check inputs")

    def shortHelpString(self):
        return tr(
            "Reads and validates the inputs (landrenew check): per layer the driver, encoding, CRS, field "
            "mapping, the accounting line read = used + rejected, and the findings by kind with examples. "
            "Give a project file, or pick the layers from the current project. Writes nothing but the report.")

    def initAlgorithm(self, config=None):
        add_project_parameters(self)
        self.addParameter(QgsProcessingParameterNumber(
            "EXAMPLES", tr("Findings shown per kind and layer (0: counts only)"),
            QgsProcessingParameterNumber.Integer, defaultValue=3, minValue=0))
        self.addParameter(QgsProcessingParameterBoolean(
            "QUIET", tr("Only the accounting lines and totals"), defaultValue=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            "REPORT", tr("Report"), tr("HTML files (*.html)"), optional=True))
        self.addOutput(QgsProcessingOutputFile("PROJECT_FILE_USED", tr("Project file checked")))

    def processAlgorithm(self, parameters, context, feedback):
        landrenew = self.landrenew(feedback)
        project_file, picked, profile, audit_date = project_from_parameters(self, parameters, context)
        if picked:
            folder = os.path.join(QgsProcessingUtils.tempFolder(), "landrenew-check-" + uuid.uuid4().hex[:12])
            os.makedirs(folder)
            project_file = os.path.join(folder, PROJECT_FILE_NAME)
            write_project_file(landrenew, picked, profile, audit_date, project_file, feedback)
        arguments = ["check", project_file, "--examples", self.parameterAsInt(parameters, "EXAMPLES", context)]
        if self.parameterAsBoolean(parameters, "QUIET", context):
            arguments.append("-q")
        lines = runner.run(landrenew, arguments, feedback)
        results = {"PROJECT_FILE_USED": project_file}
        report = self.parameterAsFileOutput(parameters, "REPORT", context)
        if report:
            write_html(report, tr("landrenew check"), [(project_file, lines)])
            results["REPORT"] = report
        return results


class AuditDiff(LandrenewAlgorithm):
    def name(self):
        return "diff"

    def displayName(self):
        return tr("Audit diff")

    def shortHelpString(self):
        return tr(
            "Compares two runs from their output folders, for the annual audit (landrenew diff): parcels newly "
            "or no longer flagged, freed ground, renewal records added, changed or removed, parks across the "
            "+0.5 line and changed inputs; every total is checked as old + added − removed = new.")

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFile(
            "OLD", tr("Output folder of the earlier run"), QgsProcessingParameterFile.Folder))
        self.addParameter(QgsProcessingParameterFile(
            "NEW", tr("Output folder of the later run"), QgsProcessingParameterFile.Folder))
        self.addParameter(QgsProcessingParameterNumber(
            "LIMIT", tr("Lines shown per list (0: all)"), QgsProcessingParameterNumber.Integer,
            defaultValue=20, minValue=0))
        self.addParameter(QgsProcessingParameterFileDestination(
            "JSON", tr("Full comparison (JSON)"), tr("JSON files (*.json)"), optional=True,
            createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            "REPORT", tr("Report"), tr("HTML files (*.html)")))
        self.addOutput(QgsProcessingOutputBoolean("RECONCILES", tr("Every total reconciles")))

    def processAlgorithm(self, parameters, context, feedback):
        landrenew = self.landrenew(feedback)
        old = self.parameterAsFile(parameters, "OLD", context)
        new = self.parameterAsFile(parameters, "NEW", context)
        report = self.parameterAsFileOutput(parameters, "REPORT", context)
        json_path = self.parameterAsFileOutput(parameters, "JSON", context)
        keep_json = bool(json_path)
        if not keep_json:
            json_path = os.path.join(QgsProcessingUtils.tempFolder(), f"landrenew-diff-{uuid.uuid4().hex[:12]}.json")
        lines = runner.run(landrenew, ["diff", old, new, "--limit", self.parameterAsInt(parameters, "LIMIT", context),
                                       "--json", json_path], feedback)
        with open(json_path, encoding="utf-8") as f:
            comparison = json.load(f)
        write_html(report, tr("landrenew audit diff"), [(f"{old} → {new}", lines)])
        results = {"REPORT": report, "RECONCILES": bool(comparison.get("reconciles"))}
        if keep_json:
            results["JSON"] = json_path
        return results


class CheckProfile(LandrenewAlgorithm):
    def name(self):
        return "checkprofile"

    def displayName(self):
        return tr("Check profile")

    def shortHelpString(self):
        return tr(
            "Checks a policy profile — a built-in name or the bureau's own file (landrenew profile check): "
            "unknown keys, wrong types and impossible values are reported with line numbers. The report shows "
            "the profile resolved, every value with defaults and base applied (landrenew profile show).")

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterString(
            "PROFILE", tr("Built-in profile name"), defaultValue="huzhou-2023", optional=True))
        self.addParameter(QgsProcessingParameterFile(
            "PROFILE_FILE", tr("Profile file (instead of a built-in name)"), extension="toml", optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            "REPORT", tr("Report"), tr("HTML files (*.html)")))
        self.addOutput(QgsProcessingOutputString("SHA256", tr("SHA-256 of the profile")))

    def processAlgorithm(self, parameters, context, feedback):
        landrenew = self.landrenew(feedback)
        path = self.parameterAsFile(parameters, "PROFILE_FILE", context)
        profile = path or (self.parameterAsString(parameters, "PROFILE", context) or "").strip()
        if not profile:
            raise QgsProcessingException(tr("Give a built-in profile name or a profile file."))
        checked = runner.run(landrenew, ["profile", "check", profile], feedback)
        shown = runner.run(landrenew, ["profile", "show", profile], feedback)
        report = self.parameterAsFileOutput(parameters, "REPORT", context)
        write_html(report, tr("landrenew policy profile"), [("landrenew profile check", checked),
                                                             ("landrenew profile show", shown)])
        sha = next((w for line in checked for w in line.split() if len(w) == 64 and w.isalnum()), "")
        return {"REPORT": report, "SHA256": sha}


ALGORITHMS = (RunAnalysis, CheckInputs, AuditDiff, Scenario, CheckProfile)
