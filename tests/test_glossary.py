"""The network's words are used consistently (docs/glossary.md): a string of the interface that uses
a glossary term in English is translated with the term's accepted form in Spanish and Portuguese."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}|<[^>]+>")


def glossary() -> list[tuple[str, list[str], list[str]]]:
    rows = []
    for line in (ROOT / "docs" / "glossary.md").read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("English", "") or set(cells[0]) <= {"-"}:
            continue
        rows.append((cells[0], [f.strip() for f in cells[1].split("/")], [f.strip() for f in cells[2].split("/")]))
    return rows


def test_the_glossary_is_read():
    terms = {english for english, _es, _pt in glossary()}
    assert {"call", "focal point", "microrred", "good practice", "endorse"} <= terms


@pytest.mark.parametrize("locale, column", [("es", 1), ("pt_BR", 2)])
def test_every_string_that_uses_a_glossary_term_is_translated_with_it(locale, column):
    catalogue = polib.pofile(str(ROOT / "locale" / locale / "LC_MESSAGES" / "django.po"))
    wrong = []
    for row in glossary():
        english, forms = row[0], row[column]
        pattern = re.compile(rf"\b{re.escape(english)}", re.IGNORECASE)
        for entry in catalogue:
            if entry.obsolete or not pattern.search(PLACEHOLDER.sub(" ", entry.msgid)):
                continue
            translations = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
            for text in translations:
                if not any(form.lower() in text.lower() for form in forms):
                    wrong.append(f"{english}: {entry.msgid!r} -> {text!r}")
    assert wrong == [], "\n".join(wrong)
