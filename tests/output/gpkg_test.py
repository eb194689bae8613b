#!/usr/bin/python3
"""landrenew.gpkg passes GDAL's GeoPackage validator, and its styles and aliases are where QGIS and other
tools look for them (issue 7).

usage: gpkg_test.py OUT_DIR
"""
import os
import re
import sqlite3
import sys

try:
    from osgeo_utils.samples import validate_gpkg  # python3-gdal: /usr/lib/python3/dist-packages/osgeo_utils
except ImportError as e:
    print(f"SKIP: python3-gdal's osgeo_utils is not installed ({e})")
    sys.exit(77)

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)


def main():
    gpkg = os.path.join(sys.argv[1], "landrenew.gpkg")
    errors = validate_gpkg.check(gpkg, abort_at_first_error=False, extra_checks=True, warning_msg=False)
    check(not errors, f"validate_gpkg finds no error ({errors})")
    with sqlite3.connect(gpkg) as db:
        columns = [r[1] for r in db.execute("PRAGMA table_info(layer_styles)")]
        check(columns == ["id", "f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName",
                          "styleQML", "styleSLD", "useAsDefault", "description", "owner", "ui", "update_time"],
              f"layer_styles has QGIS's columns ({columns})")
        layers = [r[0] for r in db.execute("SELECT table_name FROM gpkg_contents WHERE table_name <> 'layer_styles'")]
        for layer in layers:
            styles = db.execute("SELECT f_table_catalog, f_table_schema, f_geometry_column, useAsDefault, styleQML "
                                "FROM layer_styles WHERE f_table_name = ?", (layer,)).fetchall()
            check(len(styles) == 1, f"{layer}: one style ({len(styles)})")
            for catalog, schema, geom, default, qml in styles:
                check(catalog == "" and schema == "", f"{layer}: catalog and schema '' (not NULL)")
                check(default == 1, f"{layer}: the style is the default")
                geometry = db.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?",
                                      (layer,)).fetchone()
                check(geom == (geometry[0] if geometry else ""), f"{layer}: f_geometry_column names its geometry")
                check(qml.startswith("<!DOCTYPE qgis") and "<aliases>" in qml, f"{layer}: a QML with aliases")
            fields = [r[1] for r in db.execute(f'PRAGMA table_info("{layer}")') if r[1] not in ("fid", "geom")]
            aliases = dict(db.execute("SELECT column_name, name FROM gpkg_data_columns WHERE table_name = ?", (layer,)))
            missing = [f for f in fields if not re.search("[\u4e00-\u9fff]", aliases.get(f) or "")]
            check(not missing, f"{layer}: gpkg_data_columns has a Chinese alias per column (missing {missing[:4]})")
    print(f"{len(failures)} failed" if failures else "ok: validate_gpkg passes; styles and aliases in place")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
