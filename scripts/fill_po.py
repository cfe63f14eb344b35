#!/usr/bin/env python3
"""Fill msgstr entries of a .po file from a JSON or YAML mapping {msgid: msgstr}.

Usage: scripts/fill_po.py path/to/django.po translations.json
Only empty (or fuzzy) entries are filled; the '#, fuzzy' flag is removed where filled.
Prints the msgids that are still untranslated.
"""

import json
import re
import sys
from pathlib import Path


def unquote(lines):
    return "".join(json.loads(line.strip()) if line.strip().startswith('"') else "" for line in lines)


def main(po_path: str, mapping_path: str) -> int:
    text = Path(mapping_path).read_text(encoding="utf-8")
    if mapping_path.endswith((".yaml", ".yml")):
        import yaml

        mapping = yaml.safe_load(text)
    else:
        mapping = json.loads(text)
    blocks = Path(po_path).read_text(encoding="utf-8").split("\n\n")
    out, missing = [], []
    for block in blocks:
        lines = block.split("\n")
        if "msgid_plural" in block or not any(line.startswith("msgid ") for line in lines):
            out.append(block)
            continue
        i_id = next(i for i, line in enumerate(lines) if line.startswith("msgid "))
        i_str = next(i for i, line in enumerate(lines) if line.startswith("msgstr "))
        msgid = unquote([lines[i_id][6:]] + lines[i_id + 1 : i_str])
        msgstr = unquote([lines[i_str][7:]] + lines[i_str + 1 :])
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        if msgid and (not msgstr or fuzzy) and msgid in mapping:
            head = [re.sub(r",? fuzzy", "", line) if line.startswith("#,") else line for line in lines[:i_id]]
            head = [line for line in head if line.strip() != "#,"]
            body = lines[i_id:i_str]
            out.append("\n".join(head + body + ["msgstr " + json.dumps(mapping[msgid], ensure_ascii=False)]))
        else:
            if msgid and not msgstr:
                missing.append(msgid)
            out.append(block)
    Path(po_path).write_text("\n\n".join(out), encoding="utf-8")
    for m in missing:
        print("untranslated:", m)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
