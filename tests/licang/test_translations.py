"""The Chinese catalogues are complete, and the committed .mo files match their .po files."""

import ast
import gettext
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    p for p in ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po") if ".venv" not in p.parts
)
ENTRY = re.compile(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', re.MULTILINE)
CONTEXT = re.compile(r'^msgctxt "(.*)"$', re.MULTILINE)


def entries(po: Path) -> list[tuple[str | None, str, str, bool]]:
    found = []
    for block in po.read_text().split("\n\n"):
        match = ENTRY.search(block + "\n")
        if not match:
            continue
        msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
        msgstr = "".join(re.findall(r'"(.*)"', match.group(2)))
        context = CONTEXT.search(block)
        if msgid:
            found.append(
                (context.group(1) if context else None, msgid, msgstr, "#, fuzzy" in block)
            )
    return found


def unescape(text: str) -> str:
    """A .po string body (as written between quotes) as the text it stands for."""
    return ast.literal_eval(f'"{text}"')


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_has_a_chinese_translation(po):
    missing = [msgid for _, msgid, msgstr, fuzzy in entries(po) if not msgstr or fuzzy]
    assert missing == []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_compiled_catalogue_is_up_to_date(po):
    with po.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    def translated(context: str | None, msgid: str) -> str:
        if context:
            return compiled.pgettext(context, unescape(msgid))
        return compiled.gettext(unescape(msgid))

    stale = [
        msgid
        for context, msgid, msgstr, _ in entries(po)
        if translated(context, msgid) != unescape(msgstr)
    ]
    assert stale == []
