"""The centers tests use the service-desk fixture for centers with a catalogue."""

from tests.desk.conftest import desk  # noqa: F401
