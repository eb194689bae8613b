"""Finding the landrenew executable and running it for Processing, as QGIS's GDAL provider runs GDAL's tools
(processing/algs/gdal/GdalUtils.runGdal): QgsBlockingProcess, GDAL-style progress (0...10...20...) into the
progress bar, every line landrenew prints into the log, Cancel kills the process.

landrenew writes OUT_DIR in a working folder beside it and swaps the two when done (docs/safety.md), so a
killed run leaves the previous OUT_DIR as it was.
"""
import os
import re
import shutil
import subprocess

from qgis.core import QgsBlockingProcess, QgsProcessingException, QgsSettings
from qgis.PyQt.QtCore import QProcess

from .i18n import tr

# The landrenew this plugin was written for: an older one is refused (issue 20, item 3).
REQUIRED_VERSION = "0.1.0"
# Processing ▸ Options ▸ Providers ▸ landrenew: the executable; empty = found on PATH.
EXECUTABLE_SETTING = "LANDRENEW_EXECUTABLE"

_VERSION = re.compile(r"^landrenew (\d+)\.(\d+)\.(\d+)")


class Landrenew:
    """A landrenew executable that was found and is recent enough."""

    def __init__(self, path, version):
        self.path = path
        self.version = version

    def __repr__(self):
        return f"landrenew {self.version} at {self.path}"


def has_command(landrenew, command):
    """Whether `landrenew --help` lists the subcommand (an unknown one only prints the general help)."""
    try:
        p = subprocess.run([landrenew.path, "--help"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return re.search(rb"^\s+" + re.escape(command.encode()) + rb"\s", p.stdout, re.M) is not None


def version_tuple(text):
    return tuple(int(p) for p in text.split("."))


def configured_executable():
    # QgsSettings, where Processing's options dialog stores it: read afresh, as the dialog may have changed it.
    return str(QgsSettings().value(f"Processing/Configuration/{EXECUTABLE_SETTING}", "") or "").strip()


def find_landrenew():
    """The landrenew to run: the Processing setting, else the first on PATH. Raises QgsProcessingException
    saying where it looked, and which version it found when that one is too old or does not answer."""
    configured = configured_executable()
    if configured:
        path = configured
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            raise QgsProcessingException(tr(
                "The landrenew executable set in Processing's options ({path}) does not exist or cannot be run. "
                "Correct it under Settings ▸ Options ▸ Processing ▸ Providers ▸ landrenew, or clear it to use "
                "the landrenew found on PATH.").format(path=path))
    else:
        path = shutil.which("landrenew")
        if not path:
            raise QgsProcessingException(tr(
                "landrenew was not found: it is not on PATH ({path}) and no executable is set under Settings ▸ "
                "Options ▸ Processing ▸ Providers ▸ landrenew. Install landrenew {required} or later, or set "
                "its path there.").format(path=os.environ.get("PATH", ""), required=REQUIRED_VERSION))
    try:
        p = subprocess.run([path, "--version"], capture_output=True, timeout=30)
        answer = (p.stdout or p.stderr).decode("utf-8", "replace").strip()
    except (OSError, subprocess.TimeoutExpired) as e:
        answer = str(e)
    m = _VERSION.match(answer)
    if not m:
        raise QgsProcessingException(tr(
            "{path} does not answer `--version` as landrenew does (it said: {answer}); this plugin needs "
            "landrenew {required} or later.").format(path=path, answer=answer[:200] or "nothing",
                                                       required=REQUIRED_VERSION))
    found = ".".join(m.groups())
    if version_tuple(found) < version_tuple(REQUIRED_VERSION):
        raise QgsProcessingException(tr(
            "landrenew {found} at {path} is older than {required}, the version this plugin was written for. "
            "Install landrenew {required} or later.").format(found=found, path=path, required=REQUIRED_VERSION))
    return Landrenew(path, found)


class _Lines:
    """Splits a stream into lines, decoding whole lines only (a chunk may end inside a UTF-8 character)."""

    def __init__(self, on_line):
        self.buffer = b""
        self.on_line = on_line

    def feed(self, data):
        self.buffer += bytes(data)
        while True:
            cut = min((i for i in (self.buffer.find(b"\n"), self.buffer.find(b"\r")) if i >= 0), default=-1)
            if cut < 0:
                return
            line, self.buffer = self.buffer[:cut], self.buffer[cut + 1:]
            self.on_line(line.decode("utf-8", "replace"))

    def flush(self):
        if self.buffer:
            line, self.buffer = self.buffer, b""
            self.on_line(line.decode("utf-8", "replace"))


def progress_of(text):
    """The percentage a GDAL-style progress line shows so far, None when the bytes are not progress:
    b'0...10..' -> 15.0, b'0...10...20...30...40...50...60...70...80...90...100 - done.' -> 100.0.
    GDAL prints the tens and a dot every 2.5 % between them."""
    text = text.strip()
    if re.fullmatch(rb"[0-9.]*100 - done\.", text):
        return 100.0
    if not re.fullmatch(rb"[0-9.]+", text):
        return None
    complete = [t for t in re.findall(rb"(\d+)(\.*)", text) if t[1]]  # a number still being printed waits
    if not complete:
        return 0.0
    number, dots = complete[-1]
    return min(100.0, int(number) + 2.5 * len(dots))


def run(landrenew, arguments, feedback, canceled=None):
    """Runs `landrenew ARGUMENTS`, with its progress in the progress bar and its lines in the log.

    Returns the lines printed on stdout (without the progress line). Raises QgsProcessingException with
    landrenew's own one-line message when it fails, or `canceled` (a default message) when it was canceled."""
    command = [landrenew.path] + [str(a) for a in arguments]
    feedback.pushCommandInfo(" ".join(_quote(c) for c in command))
    out_lines = []
    err_lines = []
    state = {"line": b""}

    def on_out_line(line):
        if progress_of(line.encode("utf-8")) is not None:
            return
        out_lines.append(line)
        feedback.pushConsoleInfo(line)

    def on_err_line(line):
        if not line.strip():
            return
        err_lines.append(line)
        if line.startswith("landrenew:"):
            feedback.reportError(line)
        else:
            feedback.pushWarning(line)

    out, err = _Lines(on_out_line), _Lines(on_err_line)

    def on_stdout(data):
        # The progress line gets its newline only when done: report it as it grows.
        pieces = (state["line"] + bytes(data)).split(b"\n")
        state["line"] = pieces[-1]
        for piece in pieces:
            value = progress_of(piece)
            if value is not None:
                feedback.setProgress(value)
        out.feed(data)

    on_stderr = err.feed  # a name holds the bound method: the process keeps no reference to its handlers
    process = QgsBlockingProcess(command[0], command[1:])
    process.setStdOutHandler(on_stdout)
    process.setStdErrHandler(on_stderr)
    code = process.run(feedback)
    out.flush()
    err.flush()
    if feedback.isCanceled():
        raise QgsProcessingException(canceled or tr("Canceled: landrenew was stopped before it finished."))
    if process.processError() == QProcess.FailedToStart:
        raise QgsProcessingException(tr("landrenew could not be started ({path}).").format(path=landrenew.path))
    if process.exitStatus() == QProcess.CrashExit:
        raise QgsProcessingException(tr("landrenew stopped unexpectedly (crashed); please report it.")
                                     + (" " + err_lines[-1] if err_lines else ""))
    if code != 0:
        message = next((l for l in reversed(err_lines) if l.startswith("landrenew:")),
                       err_lines[-1] if err_lines else tr("landrenew failed with exit code {code}.").format(code=code))
        raise QgsProcessingException(message)
    return out_lines


def _quote(text):
    return text if re.match(r"^[\w@%+=:,./|-]+$", text) else "'" + text.replace("'", "'\\''") + "'"


def output_folder_arguments(out_dir, own_files=()):
    """`-o OUT_DIR` and, when OUT_DIR exists, `--overwrite` — but only over an empty folder or an earlier
    landrenew output: landrenew replaces OUT_DIR whole, and a planner who picks a folder of their own files
    must not lose them. `own_files` are files the plugin itself put there (the project file)."""
    arguments = ["-o", out_dir]
    if os.path.isdir(out_dir):
        entries = set(os.listdir(out_dir)) - set(own_files)
        if entries and not is_landrenew_output(out_dir):
            raise QgsProcessingException(tr(
                "The output folder {path} holds files that are not a landrenew output; landrenew replaces the "
                "whole folder. Choose a new or empty folder, or an earlier landrenew output folder.").format(
                    path=out_dir))
        arguments.append("--overwrite")
    elif os.path.exists(out_dir):
        raise QgsProcessingException(tr("The output folder {path} is a file.").format(path=out_dir))
    return arguments


def is_landrenew_output(folder):
    import json
    try:
        with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as f:
            return json.load(f).get("tool", {}).get("name") == "landrenew"
    except (OSError, ValueError, AttributeError):
        return False
