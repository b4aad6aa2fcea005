#!/usr/bin/env python
"""Django's command-line utility for the Licang portal."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "licang.settings")
    # lets settings keep a local secret key in .data/ when neither SECRET_KEY nor DATABASE_URL
    # is set: management commands then work in a fresh checkout; servers never fall back
    os.environ["LICANG_MANAGE_PY"] = "1"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
