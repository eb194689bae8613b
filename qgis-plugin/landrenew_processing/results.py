"""Adds the styled layers of a landrenew output to a QGIS project, as landrenew.qgs shows them.

landrenew.qgs (written by landrenew, docs/outputs.md) opens every layer of landrenew.gpkg by relative path with
its style, in its order, with the layers it leaves off (the snapshot before renewal, qa_findings) unticked.
The plugin reads that project on the side and clones its layers into a group of the current project: the
styles, order and visibility are landrenew's own, not a second copy of them here.
"""
import os

from qgis.core import QgsLayerTree, QgsProject, QgsProcessingException

from .i18n import tr

OUT_DIR_PROPERTY = "landrenew/out_dir"


def load_results(out_dir, project, name):
    """Puts the layers of OUT_DIR/landrenew.qgs in a group named `name` at the top of `project`, replacing
    the group an earlier run into the same folder left there. Returns the group."""
    qgs = os.path.join(out_dir, "landrenew.qgs")
    source = QgsProject()
    if not source.read(qgs):
        raise QgsProcessingException(tr("QGIS could not read {path}: {error}").format(
            path=qgs, error=source.error()))
    root = project.layerTreeRoot()
    for old in [g for g in root.findGroups(True) if g.customProperty(OUT_DIR_PROPERTY) == os.path.abspath(out_dir)]:
        project.removeMapLayers(old.findLayerIds())
        old.parent().removeChildNode(old)
    empty = not project.mapLayers()
    group = root.insertGroup(0, name)
    group.setCustomProperty(OUT_DIR_PROPERTY, os.path.abspath(out_dir))
    _copy(source.layerTreeRoot(), group, project)
    if empty or not project.crs().isValid():
        project.setCrs(source.crs())
    source.clear()
    return group


def _copy(source_group, group, project):
    for child in source_group.children():
        if QgsLayerTree.isGroup(child):
            sub = group.addGroup(child.name())
            sub.setItemVisibilityChecked(child.itemVisibilityChecked())
            _copy(child, sub, project)
        elif QgsLayerTree.isLayer(child) and child.layer() is not None:
            layer = child.layer().clone()
            layer.setName(child.layer().name())
            project.addMapLayer(layer, False)
            node = group.addLayer(layer)
            node.setItemVisibilityChecked(child.itemVisibilityChecked())
            node.setExpanded(child.isExpanded())
