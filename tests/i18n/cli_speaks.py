#!/usr/bin/env python3
"""check and run on the demo say every sentence in the locale's language (issue 21 item 6).

    cli_speaks.py LANDRENEW DEMO_FOLDER

Under LANG=zh_CN.UTF-8 no English phrase may remain outside codes, file, layer and field names and the data's
own words; under LANG=C no Chinese may appear outside the data's words (names of the project, parks,
districts, layers, fields and land-use schemes, values quoted from the data) and the glossary's terms
(docs/glossary.md), which English sentences keep where they have no English equivalent (亩均, 连片整治)."""
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import tomllib

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import language_lines as ll  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]


def run(landrenew, args, lang):
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = lang
    p = subprocess.run([landrenew] + args, capture_output=True, text=True, env=env)
    return p.returncode, p.stdout + p.stderr


def data_words(demo, summary_text, profile_text):
    words = set()
    project = tomllib.loads((demo / "project.toml").read_text(encoding="utf-8"))
    words.add(project.get("name", ""))
    for m in re.finditer(r'"name"\s*:\s*"([^"]*)"', summary_text):
        words.add(m.group(1))
    for m in re.finditer(r"\"([^\"\n]*)\"|'([^'\n]*)'", profile_text):  # the profile's values: scheme names …
        words.add(m.group(1) or m.group(2) or "")
    glossary = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    for m in re.finditer(r"^\|\s*([^|]+?)\s*\|", glossary, flags=re.M):
        for term in re.split(r"[／/、,，]", m.group(1)):
            term = term.strip(" *`")
            if re.search(f"[{ll.CJK}]", term):
                words.add(term)
                if re.fullmatch(f"[{ll.CJK}]{{2}}", term[:2]):
                    words.add(term[:2])  # 亩均 of 亩均效益, 连片 of 连片整治: the short form English keeps
    return {w for w in words if re.search(f"[{ll.CJK}]", w)}  # the data's Chinese words (and what they hold)


def summary_keys(summary_text):
    """The stable keys a line may name: finding kinds, criteria, warning kinds (one-word ones: overlap, wuwei)."""
    s = json.loads(summary_text)
    keys = set(s["findings"]["by_kind"]) | set(s["low_efficiency"]["by_criterion"])
    keys |= {w["kind"] for w in s["findings"]["warnings"]}
    return keys


def main():
    landrenew, demo = sys.argv[1], pathlib.Path(sys.argv[2]).resolve()
    project = str(demo / "project.toml")
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        outputs = {}
        for lang in ("zh_CN.UTF-8", "C"):
            code_c, check = run(landrenew, ["check", project, "--examples", "3"], lang)
            out = os.path.join(tmp, lang)
            code_r, ran = run(landrenew, ["run", project, "-o", out], lang)
            if code_c != 0 or code_r != 0:
                problems.append(f"{lang}: check exit {code_c}, run exit {code_r}")
            outputs[lang] = check + "\n" + ran.replace(out, "OUT_DIR")
        summary = pathlib.Path(tmp, "C", "summary.json").read_text(encoding="utf-8")
        _, profile = run(landrenew, ["profile", "show", "huzhou-2023"], "C")
    words = data_words(demo, summary, profile)
    keys = (r"\b(?:" + "|".join(sorted(summary_keys(summary), key=len, reverse=True)) + r")\b",)
    for line, phrase in ll.english_phrases(outputs["zh_CN.UTF-8"], words, keys):
        problems.append(f"zh_CN: English '{phrase}' in: {line.strip()}")
    # An English sentence may name a term by its Chinese name and key, and a section of the Chinese report.
    term_with_key = (rf"\S*[{ll.CJK}]\S* \([a-z_]+\)", r"report\.html \S+")
    for line, chinese in ll.chinese_outside_data(outputs["C"], words, term_with_key):
        problems.append(f"C: Chinese '{chinese}' in: {line.strip()}")
    if problems:
        print(f"{len(problems)} lines in the wrong language:")
        print("\n".join(problems[:200]))
        return 1
    print("check and run speak Chinese under zh_CN.UTF-8 and English under C")
    return 0


if __name__ == "__main__":
    sys.exit(main())
