"""Masks for personal numbers shown in lists, the API and public pages."""

import re
from urllib.parse import parse_qsl, urlencode


def mask_id_number(value: str) -> str:
    """``370213199001011234`` → ``370213********1234``: region and last four stay visible."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return f"{value[:6]}{'*' * (len(value) - 10)}{value[-4:]}"


def mask_phone(value: str) -> str:
    """``13812345678`` → ``138****5678``."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"


def mask_email(value: str) -> str:
    """``lixiuying@example.cn`` → ``l***@example.cn``: the domain stays, the person does not."""
    if not value:
        return ""
    local, at, domain = value.partition("@")
    if not at:
        return "*" * len(value)
    return f"{local[:1]}***@{domain}"


def is_personal_detail(name: str) -> bool:
    """Whether a field named ``name`` holds an ID number, a phone or an e-mail address (masked
    for readers without the full-identity permission). Matched by name, so a new model's phone
    is masked without a list to keep up."""
    return (
        name.endswith("id_number")
        or name in ("phone", "email")
        or name.endswith(("_phone", "_email"))
    )


def mask_detail(name: str, value: str) -> str:
    """``value`` of the personal field ``name`` (see ``is_personal_detail``), masked."""
    if name.endswith("id_number"):
        return mask_id_number(value)
    if name.endswith("email"):
        return mask_email(value)
    return mask_phone(value)


# Words of a query-string key (``api_key``, ``reset__token``) naming a secret: its value is never
# written down.
_SECRET_WORDS = frozenset(
    {
        "token",
        "secret",
        "password",
        "passwd",
        "pwd",
        "key",
        "apikey",
        "signature",
        "sig",
        "auth",
        "session",
        "sessionid",
        "csrf",
        "csrfmiddlewaretoken",
        "csrftoken",
        "otp",
        "credential",
    }
)
# Personal numbers typed into a search or a filter: an ID number, a mobile phone.
_ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
_MOBILE = re.compile(r"(?<!\d)1\d{10}(?!\d)")
REDACTED = "[redacted]"


def redact_query(query: str) -> str:
    """A query string fit for a log: values of secret-looking keys are replaced, and ID numbers
    and phones inside any value are masked (``q=370213199001011234`` → ``q=370213********1234``)."""
    pairs = []
    for key, value in parse_qsl(query, keep_blank_values=True):
        if _SECRET_WORDS.intersection(re.split(r"[^a-z0-9]+", key.lower())):
            value = REDACTED
        else:
            value = _ID_NUMBER.sub(lambda m: mask_id_number(m.group()), value)
            value = _MOBILE.sub(lambda m: mask_phone(m.group()), value)
        pairs.append((key, value))
    return urlencode(pairs, safe="*[]_")
