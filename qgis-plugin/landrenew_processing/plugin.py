"""The plugin: registers the Processing provider (also in qgis_process, through hasProcessingProvider=yes)."""
from qgis.core import QgsApplication

from .i18n import install_translator


class LandrenewPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        install_translator()

    def initProcessing(self):
        from .provider import LandrenewProvider
        if self.provider is None:
            self.provider = LandrenewProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
