"""Search keys for Chinese names, so that staff can type ``zhangsan`` or ``zs`` to find 张三.

A name is kept with its full pinyin and its initials, each reading separated by a space: a surname
such as 单 (Shan or Dan) or 曾 (Zeng or Ceng) reads more than one way, and staff type the one they
hear. The given name takes its most common reading.
"""

import re
from functools import lru_cache

from pypinyin import Style, lazy_pinyin, pinyin

# Enough for every surname pypinyin knows to read several ways.
MAX_READINGS = 4
PINYIN_LENGTH = 400
INITIALS_LENGTH = 120

_NOT_A_LETTER = re.compile(r"[^a-z0-9]")


# Memoised (the same answer for the same text): a spreadsheet import of 100,000 residents asks
# for the same surnames and given names again and again, and pypinyin takes ~50 µs a call.
@lru_cache(maxsize=200_000)
def _syllables(text: str) -> tuple[str, ...]:
    return tuple(_NOT_A_LETTER.sub("", s.lower()) for s in lazy_pinyin(text, style=Style.NORMAL))


@lru_cache(maxsize=20_000)
def _surname_readings(character: str) -> tuple[str, ...]:
    return tuple(pinyin(character, style=Style.NORMAL, heteronym=True)[0][:MAX_READINGS])


def pinyin_keys(name: str) -> tuple[str, str]:
    """``(full pinyin, initials)`` of ``name``, each reading of the surname separated by a space.

    ``pinyin_keys("张三") == ("zhangsan", "zs")``; letters and digits in the name are kept.
    """
    name = name.strip()
    if not name:
        return "", ""
    surname_readings = _surname_readings(name[0])
    rest = _syllables(name[1:])
    full, initials = [], []
    for reading in dict.fromkeys(surname_readings):
        syllables = [s for s in [_NOT_A_LETTER.sub("", reading.lower()), *rest] if s]
        full.append("".join(syllables))
        initials.append("".join(s[0] for s in syllables))
    return " ".join(full)[:PINYIN_LENGTH], " ".join(dict.fromkeys(initials))[:INITIALS_LENGTH]
