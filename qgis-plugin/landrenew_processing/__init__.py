"""landrenew 工业用地有机更新: a QGIS Processing provider that runs the landrenew command-line tool."""


def classFactory(iface):  # QGIS's entry point for a plugin
    from .plugin import LandrenewPlugin
    return LandrenewPlugin(iface)
