"""The centers tests use the service-desk fixture for centers with a catalogue."""

from tests.desk.conftest import _default_language, desk  # noqa: F401
