"""The README's screenshots, taken in a real QGIS window (run inside QGIS by qgis-plugin/screenshots; see there).

Opens the demo's seven input layers in QGIS, then the 运行分析 / Run analysis dialog with them picked, and
captures it (run-dialog) and its field section with the columns landrenew detected pre-selected (run-fields);
clicks Run, waits for the run to finish in QGIS's background task, captures the dialog's log (run-log), then
the main window with the styled result layers the plugin added (result); writes LANDRENEW_SHOTS/*.png and quits.
"""
import os

import processing
from qgis.core import QgsProject, QgsVectorLayer
from qgis.gui import QgsCollapsibleGroupBoxBasic
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt import sip
from qgis.PyQt.QtWidgets import QApplication, QCheckBox, QGroupBox, QScrollArea
from qgis.utils import iface

SHOTS = os.environ["LANDRENEW_SHOTS"]
DEMO = os.environ["LANDRENEW_DEMO"]
LAYERS = {  # role: (source, name in QGIS)
    "PARCELS": ("parcels.shp", "宗地 parcels"),
    "BUILDINGS_BEFORE": ("buildings.gpkg|layername=buildings_2022", "建筑 2022"),
    "BUILDINGS_AFTER": ("buildings.gpkg|layername=buildings_2025", "建筑 2025"),
    "DISTRICTS": ("districts.geojson", "行政区"),
    "PARKS": ("parks.gpkg|layername=parks", "园区"),
    "RENEWAL": ("renewal.gpkg|layername=renewal", "有机更新台账"),
    "ENTERPRISES": ("enterprises.xlsx|layername=亩均评价", "亩均评价"),
}
PARAMETERS = {"PROFILE": "huzhou-2023", "AUDIT_DATE": "2026-12-31", "OUTPUT": os.environ["LANDRENEW_OUT"]}
state = {"dialog": None, "waited": 0}


def save(widget, name):
    widget.grab().save(os.path.join(SHOTS, name + ".png"))


def step_open():
    window = iface.mainWindow()
    window.resize(1360, 860)
    for parameter, (source, name) in LAYERS.items():
        layer = QgsVectorLayer(os.path.join(DEMO, source), name, "ogr")
        QgsProject.instance().addMapLayer(layer, False)  # picked from the project, not drawn
        PARAMETERS[parameter] = layer.id()
    dialog = processing.createAlgorithmDialog("landrenew:run", PARAMETERS)
    dialog.resize(900, 700)
    dialog.show()
    state["dialog"] = dialog
    QTimer.singleShot(4000, step_fields)


def step_fields():
    dialog = state["dialog"]
    save(dialog, "run-dialog")
    for box in dialog.findChildren(QGroupBox):  # "▸ 高级参数", a QgsCollapsibleGroupBoxBasic that sip sees as QGroupBox
        if "高级" in box.title() or "Advanced" in box.title():
            sip.cast(box, QgsCollapsibleGroupBoxBasic).setCollapsed(False)
    QTimer.singleShot(1000, step_scroll)


def step_scroll():
    dialog = state["dialog"]
    box = next(w for w in dialog.findChildren(QCheckBox) if "landrenew" in w.text())
    scroll = box.parentWidget()
    while scroll is not None and not isinstance(scroll, QScrollArea):
        scroll = scroll.parentWidget()
    bar = scroll.verticalScrollBar()
    bar.setValue(box.mapTo(scroll.widget(), box.rect().topLeft()).y() - 10)
    QTimer.singleShot(1500, step_run)


def step_run():
    dialog = state["dialog"]
    save(dialog, "run-fields")
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
