"""The public statistics page's sections, computed in the background and kept in a table that every
web worker reads (``Snapshot``): the page reads one row per program instead of scanning the
programs' records on every request."""
