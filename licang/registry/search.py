"""Finding residents by what staff type: Chinese characters, pinyin, initials or the last digits
of an ID number or a phone.

Each kind of term is answered by an index of ``Resident`` (``models.py`` names each one for the
query it serves, with the expressions defined here so that index and query match exactly):

- ``6789``, ``12345X`` (four digits or more, a final X for an ID number): the ID number or the
  phone ends with them — a prefix match on the reversed column (``registry_resident_id_suffix``,
  ``registry_resident_phone_suffix``; B-trees with ``text_pattern_ops``);
- ``李秀英`` (three characters or more): the name contains them (``registry_resident_name_trgm``);
- ``张``, ``秀英`` (one or two characters, too short for trigrams): the name holds each character
  (``registry_resident_name_chars``, a GIN index of the name's characters) and contains them;
- ``zhangsan``, ``zhang`` (three letters or more): the full pinyin contains them
  (``registry_resident_pinyin_trgm``), or they are the initials as below;
- ``zs``: the initials of one reading of the name are ``zs`` (``registry_resident_initials_any``,
  a GIN index of the readings), or the first reading's initials start with it
  (``registry_resident_initials``).

Several words must all match (``张 6789``). Fewer than four digits match nobody: too many people
share them.
"""

from __future__ import annotations

import re

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Func, Q, Value
from django.db.models.functions import Reverse

MIN_DIGITS = 4
TRIGRAM = 3

_DIGITS = re.compile(r"[0-9]+[xX]?")
_CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff·]+")
_LETTERS = re.compile(r"[a-zA-Z]+")


def id_number_reversed() -> Reverse:
    return Reverse("id_number")


def phone_reversed() -> Reverse:
    return Reverse("phone")


def name_characters() -> Func:
    """``张三`` → ``{张,三}``."""
    return Func(
        "name",
        Value(""),
        function="regexp_split_to_array",
        output_field=ArrayField(models.TextField()),
    )


def initials_readings() -> Func:
    """``zs`` / ``sx dx`` → ``{zs}`` / ``{sx,dx}``: the initials of each reading."""
    return Func(
        "name_initials",
        Value(" "),
        function="regexp_split_to_array",
        output_field=ArrayField(models.TextField()),
    )


def expressions() -> dict[str, Func]:
    """The expressions ``term_filter`` names (alias them on the queryset first)."""
    return {
        "search_id_reversed": id_number_reversed(),
        "search_phone_reversed": phone_reversed(),
        "search_name_chars": name_characters(),
        "search_initials": initials_readings(),
    }


def term_filter(term: str) -> Q:
    """The residents one word of a search matches (see the module docstring)."""
    if _DIGITS.fullmatch(term):
        if len(term) < MIN_DIGITS:
            return Q(pk__in=[])
        suffix = term.upper()[::-1]
        return Q(search_id_reversed__startswith=suffix) | Q(
            search_phone_reversed__startswith=suffix
        )
    if _CHINESE.fullmatch(term):
        if len(term) >= TRIGRAM:
            return Q(name__contains=term)
        return Q(search_name_chars__contains=list(dict.fromkeys(term))) & Q(name__contains=term)
    if _LETTERS.fullmatch(term):
        letters = term.lower()
        initials = Q(search_initials__contains=[letters]) | Q(name_initials__startswith=letters)
        if len(letters) >= TRIGRAM:
            return Q(name_pinyin__contains=letters) | initials
        return initials
    return Q(name__icontains=term)


def search_filter(text: str) -> Q | None:
    """What a whole search matches: each word (split on spaces) must; ``None`` for no words."""
    words = text.split()
    if not words:
        return None
    found = Q()
    for word in words:
        found &= term_filter(word)
    return found
