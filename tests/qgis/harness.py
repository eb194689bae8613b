"""What the QGIS plugin tests share: a fresh QGIS profile with the zip installed as "Install from ZIP" installs
it, headless PyQGIS on that profile, qgis_process on that profile, and the landrenew command line."""
import configparser
import json
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
PLUGIN = "landrenew_processing"
PROVIDER = "landrenew 工业用地有机更新"
ALGORITHMS = ("run", "check", "diff", "scenario", "checkprofile")
HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
DEMO = os.path.join(SOURCE, "geodata", "huzhou-demo")
DEMO_PROJECT = os.path.join(DEMO, "project.toml")
SCENARIO = os.path.join(HERE, "scenario.toml")

os.environ["QT_QPA_PLATFORM"] = "offscreen"
if "XDG_RUNTIME_DIR" not in os.environ:
    os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="qgis-runtime-")


def skip(reason):
    print("SKIP:", reason)
    sys.exit(SKIP)


failures = []


def check(ok, what):
    print(("ok:   " if ok else "FAIL: ") + what)
    if not ok:
        failures.append(what)
    return ok


def finish():
    print(f"{len(failures)} failed" if failures else "all passed")
    sys.exit(1 if failures else 0)


# --- profiles -------------------------------------------------------------------------------------------------

def profile_root(base):
    """QGIS_CUSTOM_CONFIG_PATH=base puts the profile in base/profiles/default (as the desktop and qgis_process do)."""
    return os.path.join(base, "profiles", "default")


def settings_file(base):
    return os.path.join(profile_root(base), "QGIS", "QGIS3.ini")


def write_settings(base, values):
    """Sets QGIS settings in the profile's QGIS3.ini, e.g. {"locale": {"userLocale": "zh_CN"}}."""
    path = settings_file(base)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    ini = configparser.RawConfigParser()
    ini.optionxform = str
    if os.path.exists(path):
        ini.read(path, encoding="utf-8")
    for section, items in values.items():
        if not ini.has_section(section):
            ini.add_section(section)
        for key, value in items.items():
            ini.set(section, key, value)
    with open(path, "w", encoding="utf-8") as f:
        ini.write(f, space_around_delimiters=False)


def copy_profile(installed, base, locale="en", executable=None):
    """A test's own copy of the installed profile (tests run in parallel and QGIS writes its settings)."""
    if os.path.exists(base):
        shutil.rmtree(base)
    shutil.copytree(installed, base)
    write_settings(base, {"locale": {"overrideFlag": "true", "userLocale": locale}})
    if executable is not None:
        write_settings(base, {"Processing": {"Configuration\\LANDRENEW_EXECUTABLE": executable}})
    return base


def landrenew_on_path(landrenew, folder):
    """A PATH holding `landrenew` (a link to the build's binary) and the system's tools."""
    os.makedirs(folder, exist_ok=True)
    link = os.path.join(folder, "landrenew")
    if not os.path.lexists(link):
        os.symlink(landrenew, link)
    return folder + os.pathsep + "/usr/bin:/bin"


# --- PyQGIS ---------------------------------------------------------------------------------------------------

def start_qgis(base, gui=False):
    """Headless QGIS on the profile `base`, with Processing and the installed plugin loaded as QGIS loads it."""
    try:
        from qgis.core import QgsApplication
        from qgis.PyQt.QtCore import QCoreApplication, QSettings
    except ImportError as e:
        skip(f"PyQGIS is not installed ({e}); `scripts/install-deps --test` installs python3-qgis")
    root = profile_root(base)
    QCoreApplication.setOrganizationName("QGIS")
    QCoreApplication.setApplicationName("QGIS3")
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, root)
    app = QgsApplication([], gui, root)
    app.initQgis()
    sys.path.append("/usr/share/qgis/python/plugins")
    sys.path.insert(0, os.path.join(root, "python", "plugins"))
    from processing.core.Processing import Processing
    Processing.initialize()
    import qgis.utils
    qgis.utils.plugin_paths = [os.path.join(root, "python", "plugins")]
    qgis.utils.updateAvailablePlugins()
    check(PLUGIN in qgis.utils.available_plugins, f"QGIS finds the plugin {PLUGIN} in the profile")
    check(qgis.utils.loadPlugin(PLUGIN), "QGIS loads the plugin")
    module = sys.modules[PLUGIN]
    plugin = module.classFactory(None)
    plugin.initProcessing()
    qgis.utils.plugins[PLUGIN] = plugin  # as QGIS keeps it: the provider lives as long as the plugin
    return app, plugin


def feedback_recorder(cancel_at=None):
    """A QgsProcessingFeedback that records progress and log lines, and cancels at `cancel_at` percent."""
    from qgis.core import QgsProcessingFeedback
    from qgis.PyQt.QtCore import Qt

    class Recorder(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.progress, self.lines, self.errors = [], [], []
            self.progressChanged.connect(self.on_progress, Qt.DirectConnection)

        def on_progress(self, value):
            self.progress.append(value)
            if cancel_at is not None and value >= cancel_at and not self.isCanceled():
                self.cancel()

        def pushConsoleInfo(self, text):
            self.lines.append(text)

        def reportError(self, text, fatal=False):
            self.errors.append(text)

    return Recorder()


# --- the command line -----------------------------------------------------------------------------------------

def cli(landrenew, *arguments, cwd=None):
    p = subprocess.run([landrenew, *map(str, arguments)], capture_output=True, cwd=cwd)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def qgis_process(base, *arguments, env=None, timeout=300):
    """qgis_process on the profile `base`. Debian's /usr/bin/qgis_process wrapper passes the desktop's
    --noversioncheck (from /etc/default/qgis), which qgis_process 3.22 refuses: run the binary behind it."""
    exe = shutil.which("qgis_process.bin") or shutil.which("qgis_process")
    if not exe:
        skip("qgis_process is not installed; `scripts/install-deps --test` installs Debian's qgis package")
    environment = dict(os.environ, QGIS_CUSTOM_CONFIG_PATH=base, **(env or {}))
    p = subprocess.run([exe, *map(str, arguments)], capture_output=True, env=environment, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def qgis_process_json(base, algorithm, parameters, env=None):
    arguments = ["--json", "run", f"landrenew:{algorithm}", "--"] + [f"{k}={v}" for k, v in parameters.items()]
    code, out, err = qgis_process(base, *arguments, env=env)
    start = out.find("{")
    try:
        return code, json.loads(out[start:]) if start >= 0 else None, out + err
    except ValueError:
        return code, None, out + err


def files_and_hashes(folder):
    import hashlib
    out = {}
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as f:
            out[name] = hashlib.sha256(f.read()).hexdigest()
    return out


def html_text(path):
    """The text of the <pre> blocks of a report the plugin wrote."""
    import html
    import re
    page = open(path, encoding="utf-8").read()
    return [html.unescape(block) for block in re.findall(r"<pre>(.*?)</pre>", page, re.S)]
