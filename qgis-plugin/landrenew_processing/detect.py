"""Pre-selects, in the algorithm dialog, the fields landrenew would detect in each layer the planner picks.

When a layer is picked for a role, `landrenew init --layer ROLE=SOURCE --json` (landrenew's own detection, the
same that writes the project file) says which column it takes for each field key; the drop-downs of that role
are set to them. The planner can still change or clear any of them (empty = landrenew detects it at run time,
with the same result). This lives in the widget of the parameter DETECT_FIELDS: Processing lets a parameter's
widget see the dialog's other widgets (postInitialize), and the field drop-downs stay QGIS's own, so the batch
runner and the modeller keep working with them. Nothing happens there, nor in processing.run / qgis_process.
"""
import json
import os
import subprocess
from functools import partial

from processing.gui.wrappers import DIALOG_STANDARD, WidgetWrapper
from qgis.core import (Qgis, QgsMessageLog, QgsProcessingContext, QgsProcessingException, QgsProcessingUtils,
                       QgsProject)
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QCheckBox, QComboBox

from . import runner
from .i18n import tr
from .schema import ROLES, field_parameter, layer_parameter
from .sources import layer_source

_cache = {}


def detected_fields(role, source):
    """{key: column} that landrenew takes for the role in that layer; {} when it cannot say."""
    try:
        landrenew = runner.find_landrenew()
    except QgsProcessingException:
        return {}
    if not runner.has_command(landrenew, "init"):
        return {}
    path = source.split("|")[0]
    key = (landrenew.path, role, source, os.path.getmtime(path) if os.path.exists(path) else None)
    if key not in _cache:
        try:
            p = subprocess.run([landrenew.path, "init", "--layer", f"{role}={source}", "--json"],
                               capture_output=True, timeout=60)
            answer = json.loads(p.stdout.decode("utf-8")) if p.returncode == 0 else {}
            _cache[key] = dict(answer.get("roles", {}).get(role, {}).get("fields", {}))
            if p.returncode != 0:
                QgsMessageLog.logMessage(p.stderr.decode("utf-8", "replace").strip(), "landrenew", Qgis.Warning)
        except (OSError, ValueError, AttributeError, subprocess.TimeoutExpired) as e:
            QgsMessageLog.logMessage(str(e), "landrenew", Qgis.Warning)
            _cache[key] = {}
    return _cache[key]


class DetectFieldsWrapper(WidgetWrapper):
    def createWidget(self):
        if self.dialogType == DIALOG_STANDARD:
            return QCheckBox(self.parameterDefinition().description())
        combo = QComboBox()
        combo.addItem(tr("Yes"), True)
        combo.addItem(tr("No"), False)
        return combo

    def createLabel(self):
        return None if self.dialogType == DIALOG_STANDARD else super().createLabel()

    def setValue(self, value):
        if value is None:
            return
        if self.dialogType == DIALOG_STANDARD:
            self.widget.setChecked(bool(value))
        else:
            self.widget.setCurrentIndex(0 if value else 1)

    def value(self):
        if self.dialogType == DIALOG_STANDARD:
            return self.widget.isChecked()
        return self.widget.currentData()

    def postInitialize(self, wrappers):
        if self.dialogType != DIALOG_STANDARD:
            return
        self.context = QgsProcessingContext()
        self.context.setProject(QgsProject.instance())
        by_name = {w.parameterDefinition().name(): w for w in wrappers if w.parameterDefinition() is not None}
        for role, label, _, _, fields in ROLES:
            layer_wrapper = by_name.get(layer_parameter(role))
            if layer_wrapper is None:
                continue
            drop_downs = {key: by_name[field_parameter(role, key)] for key, _ in fields
                          if field_parameter(role, key) in by_name}
            layer_wrapper.widgetValueHasChanged.connect(partial(self.layer_changed, role, label, layer_wrapper,
                                                                drop_downs))

    def layer_changed(self, role, label, layer_wrapper, drop_downs, *_):
        if self.value():
            # After QGIS's own slots have filled the drop-downs with the new layer's fields.
            QTimer.singleShot(0, partial(self.preselect, role, label, layer_wrapper, drop_downs))

    def preselect(self, role, label, layer_wrapper, drop_downs):
        value = layer_wrapper.parameterValue()
        layer = value if hasattr(value, "source") else (
            QgsProcessingUtils.mapLayerFromString(str(value), self.context) if value else None)
        if layer is None:
            return
        try:
            source = layer_source(layer, label)
        except QgsProcessingException:
            return
        for key, column in detected_fields(role, source).items():
            if key in drop_downs and layer.fields().indexOf(column) >= 0:
                drop_downs[key].setParameterValue(column, self.context)
