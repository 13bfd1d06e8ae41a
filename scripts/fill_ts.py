"""Fill unfinished entries of a Qt .ts file from a JSON dictionary {source: translation}.

Maintainer tool: ``python scripts/fill_ts.py resources/i18n/shell_id.ts translations.json``.
Entries not in the dictionary stay unfinished (and are listed), so nothing is guessed.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET


def fill(ts_path: str, mapping: dict[str, str]) -> list[str]:
    tree = ET.parse(ts_path)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None or translation.get("type") != "unfinished":
            continue
        if source not in mapping:
            missing.append(source)
            continue
        text = mapping[source]
        if message.get("numerus") == "yes":
            for child in list(translation):
                translation.remove(child)
            form = ET.SubElement(translation, "numerusform")
            form.text = text
            translation.text = None
        else:
            translation.text = text
        del translation.attrib["type"]
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return missing


if __name__ == "__main__":
    with open(sys.argv[2], encoding="utf-8") as f:
        left = fill(sys.argv[1], json.load(f))
    for source in left:
        print(f"unfinished: {source}")
