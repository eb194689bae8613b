"""Chinese and English following QGIS's locale, from Qt translation files (i18n/landrenew_processing_LANG.qm).

The English text in the code is the source; i18n/landrenew_processing_zh.ts holds the Chinese. The .qm is
compiled from it by `lrelease` when the plugin is packaged (scripts/package-qgis-plugin). Every string shown to
the user goes through tr() or is marked with N_() and translated where it is shown; the test
`qgis.translation_covers_every_string` fails on a string the catalogue lacks.
"""
import os

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication, QTranslator

CONTEXT = "landrenew"
_translators = []


def tr(text):
    return QCoreApplication.translate(CONTEXT, text)


def N_(text):
    """Marks a string for translation where it is declared; tr() translates it where it is shown."""
    return text


def language():
    """QGIS's user interface language: its locale setting (Settings ▸ Options ▸ General) or the system's."""
    return (QgsApplication.locale() or "en").replace("-", "_").split("_")[0].lower()


def install_translator():
    """Loads the catalogue for QGIS's language, once; English needs none."""
    if _translators:
        return
    path = os.path.join(os.path.dirname(__file__), "i18n", f"landrenew_processing_{language()}.qm")
    if os.path.exists(path):
        translator = QTranslator()
        if translator.load(path):
            QCoreApplication.installTranslator(translator)
            _translators.append(translator)
