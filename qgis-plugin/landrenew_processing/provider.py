"""The Processing provider "landrenew 工业用地有机更新" and its setting, the landrenew executable."""
import os

from processing.core.ProcessingConfig import ProcessingConfig, Setting
from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .algorithms import ALGORITHMS
from .i18n import tr
from .runner import EXECUTABLE_SETTING, REQUIRED_VERSION

NAME = "landrenew 工业用地有机更新"


class LandrenewProvider(QgsProcessingProvider):
    def id(self):
        return "landrenew"

    def name(self):
        return NAME

    def longName(self):
        return tr("{name} (needs landrenew {version} or later)").format(name=NAME, version=REQUIRED_VERSION)

    def icon(self):
        return QIcon(os.path.join(os.path.dirname(__file__), "icon.svg"))

    def load(self):
        ProcessingConfig.settingIcons[self.name()] = self.icon()
        ProcessingConfig.addSetting(Setting(
            self.name(), EXECUTABLE_SETTING, tr("landrenew executable (empty: the one on PATH)"), "",
            valuetype=Setting.FILE))
        ProcessingConfig.readSettings()
        self.refreshAlgorithms()
        return True

    def unload(self):
        ProcessingConfig.removeSetting(EXECUTABLE_SETTING)

    def loadAlgorithms(self):
        for algorithm in ALGORITHMS:
            self.addAlgorithm(algorithm())
