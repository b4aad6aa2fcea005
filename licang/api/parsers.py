"""The API's JSON parser: a malformed body is a translated ``malformed_json`` problem.

DRF's own parser answers with Python's English message, lets ``RecursionError`` (deeply nested
arrays) through as a server error, and reads ``1e400`` as infinity.
"""

from __future__ import annotations

import codecs
import json
import math
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers

MAX_DEPTH = 32  # no API body nests deeper than a few levels; deeper is an attack or a mistake


class MalformedJSON(exceptions.ParseError):
    default_detail = _("The request body is not valid JSON.")
    default_code = "malformed_json"


class _NotFinite(ValueError):
    pass


def _constant(name: str) -> Any:
    raise _NotFinite(name)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NotFinite(text)
    return value


def _too_deep(data: Any) -> bool:
    """Whether ``data`` nests more than ``MAX_DEPTH`` arrays or objects (without recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                return True
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        encoding = (parser_context or {}).get("encoding", "utf-8")
        try:
            data = json.load(
                codecs.getreader(encoding)(stream), parse_constant=_constant, parse_float=_float
            )
        except json.JSONDecodeError as exc:
            raise MalformedJSON(
                _("The request body is not valid JSON (line %(line)d, column %(column)d).")
                % {"line": exc.lineno, "column": exc.colno}
            ) from None
        except _NotFinite:
            raise MalformedJSON(
                _(
                    "The request body holds a number JSON cannot represent (NaN, Infinity or out "
                    "of range)."
                )
            ) from None
        except RecursionError:
            raise MalformedJSON(_too_deep_message()) from None
        except (ValueError, UnicodeDecodeError):
            # an integer of more than 4,300 digits, or bytes that are not the declared encoding
            raise MalformedJSON() from None
        if _too_deep(data):
            raise MalformedJSON(_too_deep_message())
        return data


def _too_deep_message() -> str:
    return str(
        _("The request body nests arrays or objects more than %(depth)d levels deep.")
        % {"depth": MAX_DEPTH}
    )
