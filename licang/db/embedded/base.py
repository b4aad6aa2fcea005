"""A PostgreSQL backend that connects to the embedded server, starting it on first use.

Starting lazily keeps settings import free of side effects: ``ruff``, ``mypy`` or a command that
never touches the database do not start a server.
"""

from pathlib import Path
from typing import Any

from django.db.backends.postgresql import base

from licang import embedded_db


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict[str, Any]:
        params = super().get_connection_params()
        options = self.settings_dict.get("EMBEDDED", {})
        server = embedded_db.start(Path(options["DATA_DIR"]))
        embedded_db.ensure_database(server, options["DATABASE"])
        params.update(host=server.socket_dir, port=server.port, user=server.user)
        params.pop("password", None)
        return params
