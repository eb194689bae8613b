"""The README's screenshots, taken in a real QGIS window (run inside QGIS by qgis-plugin/screenshots; see there).

Opens the 运行分析 / Run analysis dialog on the demo's project file and captures it; clicks Run, waits for the
run to finish in QGIS's background task, captures the dialog's log, then the main window with the styled
result layers the plugin added; writes LANDRENEW_SHOTS/{run-dialog,run-log,result}.png and quits QGIS.
"""
import os

import processing
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication
from qgis.utils import iface

SHOTS = os.environ["LANDRENEW_SHOTS"]
PARAMETERS = {"PROJECT_FILE": os.environ["LANDRENEW_PROJECT"], "OUTPUT": os.environ["LANDRENEW_OUT"]}
state = {"dialog": None, "waited": 0}


def save(widget, name):
    widget.grab().save(os.path.join(SHOTS, name + ".png"))


def step_open():
    window = iface.mainWindow()
    window.resize(1360, 860)
    dialog = processing.createAlgorithmDialog("landrenew:run", PARAMETERS)
    dialog.resize(900, 700)
    dialog.show()
    state["dialog"] = dialog
    QTimer.singleShot(2000, step_run)


def step_run():
    dialog = state["dialog"]
    save(dialog, "run-dialog")
    dialog.runButton().click()
    QTimer.singleShot(1000, step_wait)


def step_wait():
    dialog = state["dialog"]
    state["waited"] += 1
    done = os.path.exists(os.path.join(PARAMETERS["OUTPUT"], "summary.json")) and \
        any(g.name().startswith("landrenew") for g in iface.layerTreeView().layerTreeModel().rootGroup().children())
    if not done and state["waited"] < 120:
        QTimer.singleShot(1000, step_wait)
        return
    QTimer.singleShot(1500, step_result)


def step_result():
    dialog = state["dialog"]
    save(dialog, "run-log")
    dialog.close()
    # Legends folded so that the eleven layers show (the plugin keeps landrenew.qgs's own state).
    for node in iface.layerTreeView().layerTreeModel().rootGroup().findLayers():
        node.setExpanded(False)
    canvas = iface.mapCanvas()
    canvas.setExtent(canvas.fullExtent())
    canvas.refresh()
    QTimer.singleShot(4000, step_quit)


def step_quit():
    save(iface.mainWindow(), "result")
    QApplication.instance().exit(0)


QTimer.singleShot(3000, step_open)
