"""A QGIS layer as landrenew's project file names it."""
from qgis.core import QgsProcessingException, QgsProviderRegistry

from .i18n import tr


def layer_source(layer, role_label):
    """The layer as `landrenew init --layer` takes it: a path, or QGIS's OGR forms `path|layername=NAME` and
    `path|layerid=N`."""
    if layer.providerType() != "ogr":
        raise QgsProcessingException(tr(
            "The layer '{name}' ({role}) is not a file layer (provider {provider}); landrenew reads files. Save "
            "it to a GeoPackage first (Export ▸ Save Features As…).").format(
                name=layer.name(), role=tr(role_label), provider=layer.providerType()))
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    if parts.get("subset"):
        raise QgsProcessingException(tr(
            "The layer '{name}' ({role}) has a filter ({subset}); landrenew reads the whole layer. Remove the "
            "filter, or save the filtered features to a file.").format(
                name=layer.name(), role=tr(role_label), subset=parts["subset"]))
    path = parts.get("path") or layer.source().split("|")[0]
    if parts.get("layerName"):
        return f"{path}|layername={parts['layerName']}"
    if parts.get("layerId") not in (None, ""):  # as QGIS opens a layer of a multi-layer file by number
        return f"{path}|layerid={parts['layerId']}"
    return path
