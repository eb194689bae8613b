"""What counts as English in Chinese output and as Chinese in English output (issue 21 item 6).

Printed lines mix the language of landrenew's sentences with the data's own words: file, layer and field
names, codes, finding kinds, CRS names, values quoted from the data. `english_phrases` blanks those out and
reports what is left that reads as an English phrase (two or more lowercase words in a row, or a lone
lowercase English word of four or more letters); `chinese_outside_data` reports Chinese characters that are
not inside one of those data words."""
import re

CJK = "\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"

# Spans that are the data's or the system's own words, never a sentence of landrenew's: first those that
# may hold anything (quotes, brackets, field bindings), then the data's words, then the others (ASCII).
EARLY_SPANS = [
    r"'[^'\n]*'", r"“[^”\n]*”", r"‘[^’\n]*’", r'"[^"\n]*"',  # values and names quoted from the data
    r"\[[a-z_.]+\] [a-z_]+\b",  # a profile or project key: [landuse] ambiguous
    r"\[[^\]\n]*\]",  # [field] and [role key]
    r"\b[A-Za-z_][A-Za-z0-9_]*=\S*",  # field bindings logical=SOURCE and key=value settings
]
DATA_SPANS = [
    r"\S*[/\\]\S*",  # paths, units such as 万元/亩, PG connections
    r"\S+\.(?:shp|gpkg|geojson|json|xlsx|xls|ods|csv|toml|html|qgs|zip|cpg|prj|dbf|xml|sql|md)\b",
    r"EPSG:\d+(?: \([^)]*\))?",  # a CRS and its name as PROJ gives it
    r"\b[a-z]+(?:_[a-z0-9]+)+\b",  # snake_case keys: finding kinds, criteria, roles, profile keys
    r"\b[A-Za-z]*\d[\w.-]*\b",  # codes, numbers, years, versions, sha256 prefixes
    r"\b[A-Z][A-Z0-9-]+\b",  # acronyms: GDAL, GEOS, CGCS2000, UTF-8, GB18030, FAR, OUT_DIR
    r"--[a-z][a-z-]*",  # options
    rf"(?<=[{CJK}])\([a-z_]+\)",  # a Chinese name with its key: 宗地相互重叠(overlap)
    r"^\s+[a-z_]+[：:]",  # the finding kind that begins an example line of check
    r"^  (?:未对应|unmapped) .*$",  # the keys of the fields a layer leaves unmapped
]
# Names of products, formats and GEOS/PROJ words that stay as they are in Chinese text.
PROPER = r"\b(?:landrenew|Shapefile|GeoPackage|GeoJSON|PostGIS|QGIS|MakeValid|Gauss-Kruger|Kruger|Gauss|degree|" \
         r"sha256|huzhou|mu|m²|km²|check|run|diff|init|profile|scenario|unzip|built-in|parcels|buildings|districts|" \
         r"parks|renewal|enterprises|none|zh|en)\b"


def blank(line, data_words=(), extra=()):
    """`line` with the `extra` spans, EARLY_SPANS, the data's words (longest first) and DATA_SPANS blanked."""
    for pattern in list(extra) + EARLY_SPANS:
        line = re.sub(pattern, " ", line)
    for w in sorted(data_words, key=len, reverse=True):
        if w:
            line = line.replace(w, " ")
    for pattern in DATA_SPANS:
        line = re.sub(pattern, " ", line, flags=re.ASCII | re.MULTILINE)
    return line


def english_phrases(text, data_words=(), extra=()):
    """Lines of `text` (Chinese output) that still hold an English phrase, with the phrase."""
    found = []
    for line in text.splitlines():
        rest = re.sub(PROPER, " ", blank(line, data_words, extra), flags=re.I)
        m = re.search(r"\b[A-Za-z]{2,}(?:[ ,;:'-]+[A-Za-z]{2,})+\b", rest) or re.search(r"\b[a-z]{4,}\b", rest)
        if m:
            found.append((line, m.group(0)))
    return found


def chinese_outside_data(text, data_words=(), extra=()):
    """Lines of `text` (English output) with Chinese that is not one of the data's words."""
    found = []
    for line in text.splitlines():
        rest = blank(line, data_words, extra)
        m = re.search(f"[{CJK}]+", rest)
        if m:
            found.append((line, m.group(0)))
    return found
