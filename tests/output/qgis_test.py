#!/usr/bin/python3
"""landrenew.gpkg and landrenew.qgs in QGIS, headless (issue 7).

Every result layer of the GeoPackage opens valid with its default style from layer_styles: the intended
renderer (categorised, graduated — never a single symbol) and a Chinese alias on every field. The project
opens every layer by relative path, styled even without layer_styles, in the analysis CRS, points on top and
districts at the bottom. A render of the project is not blank and its labels are set in the CJK font.

usage: qgis_test.py OUT_DIR [PNG]   (OUT_DIR: a finished `landrenew run`; PNG: where to save the render)
Exits 77 (ctest's skip) when PyQGIS is not installed.
"""
import json
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import xml.etree.ElementTree as ET

SKIP = 77
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="qgis-runtime-"))
try:
    from qgis.core import (QgsApplication, QgsMapRendererSequentialJob, QgsMapSettings, QgsProject,
                           QgsVectorLayer)
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor, QFont, QFontDatabase, QFontInfo
except ImportError as e:
    print(f"SKIP: PyQGIS is not installed ({e}); `scripts/install-deps --test` installs python3-qgis")
    sys.exit(SKIP)

FONT = "Noto Sans CJK SC"
RENDERERS = {
    "parcels": "categorizedSymbol",
    "buildings_before": "categorizedSymbol",
    "buildings_after": "categorizedSymbol",
    "parks": "graduatedSymbol",
    "districts": "categorizedSymbol",
    "clusters": "categorizedSymbol",
    "freed": "categorizedSymbol",
    "renewal": "categorizedSymbol",
    "enterprise_points": "categorizedSymbol",
    "qa_findings": "categorizedSymbol",
    "enterprises": None,  # a table: no renderer
}
CJK = re.compile("[\u4e00-\u9fff]")
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)


def check_layer(layer, name, where):
    check(layer.isValid(), f"{where}: {name} is valid")
    if not layer.isValid():
        return
    expected = RENDERERS.get(name, "?")
    if expected is None:
        check(not layer.isSpatial(), f"{where}: {name} is a table")
    else:
        got = layer.renderer().type() if layer.renderer() else None
        check(got == expected, f"{where}: {name} renderer is {expected} (got {got})")
    missing = [f.name() for f in layer.fields() if not CJK.search(f.alias() or "")]
    check(not missing, f"{where}: {name} has a Chinese alias on every field (missing: {missing[:5]})")


def render(project, extent, png):
    settings = QgsMapSettings()
    settings.setLayers(project.layerTreeRoot().checkedLayers())
    settings.setDestinationCrs(project.crs())
    settings.setOutputSize(QSize(1000, 760))
    settings.setExtent(extent)
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setFlag(QgsMapSettings.DrawLabeling, True)
    settings.setFlag(QgsMapSettings.Antialiasing, True)
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    if png:
        image.save(png, "PNG")
    return image, job.takeLabelingResults().labelsWithinRect(settings.visibleExtent())


def main():
    out = os.path.abspath(sys.argv[1])
    png = sys.argv[2] if len(sys.argv) > 2 else None
    gpkg, qgs = os.path.join(out, "landrenew.gpkg"), os.path.join(out, "landrenew.qgs")
    manifest = json.load(open(os.path.join(out, "manifest.json"), encoding="utf-8"))
    with sqlite3.connect(gpkg) as db:
        tables = [r[0] for r in db.execute("SELECT table_name FROM gpkg_contents WHERE table_name <> 'layer_styles' "
                                           "ORDER BY table_name")]
        styled = {r[0] for r in db.execute("SELECT f_table_name FROM layer_styles WHERE useAsDefault "
                                           "AND f_table_schema = '' AND f_table_catalog = ''")}
    check(set(tables) == set(RENDERERS), f"the GeoPackage holds the expected layers (got {tables})")
    check(styled == set(tables), f"layer_styles has a default style for every layer (missing {set(tables) - styled})")

    app = QgsApplication([], False)
    app.initQgis()
    check(FONT in QFontDatabase().families(), f"the font {FONT} is installed (fonts-noto-cjk)")
    check(QFontInfo(QFont(FONT)).family() == FONT, f"Qt resolves {FONT} to itself")

    # 1. Each layer of the GeoPackage on its own: the default style comes from layer_styles.
    for name in tables:
        layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
        check_layer(layer, name, "gpkg")
        if name == "parks" and layer.isValid():
            check(layer.labelsEnabled(), "gpkg: parks are labelled")
            fmt = layer.labeling().settings().format() if layer.labeling() else None
            check(fmt is not None and fmt.font().family() == FONT, f"gpkg: park labels use {FONT}")
            # QGIS takes the first range with lower <= v <= upper: the target itself must fall in a passing class.
            target = 0.5
            first = next((r for r in layer.renderer().ranges() if r.lowerValue() <= target <= r.upperValue()), None)
            check(first is not None and "未达标" not in first.label(), f"gpkg: uplift {target} is drawn as met "
                  f"(class {first.label() if first else None})")
            below = next((r for r in layer.renderer().ranges() if r.lowerValue() <= 0.49 <= r.upperValue()), None)
            check(below is not None and "未达标" in below.label(), "gpkg: uplift 0.49 is drawn as not met")

    # 2. The project, also with layer_styles gone: QGIS uses the styles embedded in the project.
    text = open(qgs, encoding="utf-8").read()
    root = ET.fromstring(text.split("\n", 1)[1])  # past the DOCTYPE line
    sources = [e.text for e in root.iter("datasource")]
    check(sources and all(s.startswith("./landrenew.gpkg|layername=") for s in sources),
          f"the project names the GeoPackage by relative path ({sources[:2]})")
    moved = tempfile.mkdtemp(prefix="landrenew-qgs-")
    try:
        shutil.copy(gpkg, moved)
        shutil.copy(qgs, moved)
        with sqlite3.connect(os.path.join(moved, "landrenew.gpkg")) as db:
            db.execute("DELETE FROM layer_styles")
        for where, path in (("qgs", qgs), ("qgs without layer_styles, moved", os.path.join(moved, "landrenew.qgs"))):
            project = QgsProject.instance()
            project.clear()
            check(project.read(path), f"{where}: the project reads")
            tree = project.layerTreeRoot().findLayers()
            names = [n.layer().name() for n in tree if n.layer()]
            check(len(tree) == len(tables), f"{where}: every layer is in the project ({len(tree)} of {len(tables)})")
            check(all(CJK.search(n) for n in names), f"{where}: layer names are Chinese ({names})")
            for node in tree:
                layer = node.layer()
                check(layer is not None, f"{where}: {node.name()} loads")
                if layer is not None:
                    check_layer(layer, layer.source().split("layername=")[-1], where)
            epsg = manifest["analysis_crs"]["epsg"]
            check(project.crs().authid() == f"EPSG:{epsg}", f"{where}: project CRS EPSG:{epsg} "
                  f"(got {project.crs().authid()})")
            ids = [n.layer().source().split("layername=")[-1] for n in tree if n.layer()]
            spatial = [i for i in ids if RENDERERS.get(i)]
            check(spatial[:2] == ["qa_findings", "enterprise_points"] and spatial[-1] == "districts",
                  f"{where}: points on top, districts at the bottom ({ids})")
    finally:
        shutil.rmtree(moved, ignore_errors=True)

    # 3. A render of the project as it opens.
    project = QgsProject.instance()
    project.clear()
    project.read(qgs)
    extent = project.viewSettings().defaultViewExtent()
    check(not extent.isEmpty(), "the project has a default view extent")
    image, labels = render(project, extent, png)
    texts = [l.labelText for l in labels]
    check(any(CJK.search(t) for t in texts), f"the render has Chinese labels ({len(texts)} labels)")
    fonts = {l.labelFont.family() for l in labels}
    check(fonts == {FONT}, f"every label is set in {FONT} (got {fonts})")
    colours, inked, samples = set(), 0, 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            rgb = image.pixel(x, y) & 0xFFFFFF
            colours.add(rgb)
            inked += rgb != 0xFFFFFF
            samples += 1
    check(len(colours) > 50, f"the render has many colours ({len(colours)})")
    check(inked / samples > 0.2, f"the render is not blank ({100 * inked / samples:.0f}% inked)")

    # 4. Zoomed on the first park that meets the FAR target: buildings and parcel styles at their own scale.
    parks = project.mapLayersByName(next(n.name() for n in project.layerTreeRoot().findLayers()
                                         if n.layer() and n.layer().source().endswith("layername=parks")))[0]
    park = next((f for f in parks.getFeatures() if f["meets_target"] == 1), None) or next(parks.getFeatures())
    zoom = park.geometry().boundingBox()
    zoom.scale(1.25)
    image, labels = render(project, zoom, png.replace(".png", "-park.png") if png else None)
    check(any(t for t in (l.labelText for l in labels) if CJK.search(t)), "the park view has Chinese labels")

    app.exitQgis()
    print(f"{len(failures)} failed" if failures else "ok: layers, styles, aliases, project and render")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
