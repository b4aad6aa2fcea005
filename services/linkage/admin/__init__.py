"""The five-society linkage in the admin, one module per subdomain. Every write goes through
``services.linkage.actions``; records are kept (needs closed, wishes fulfilled, hours refused),
never deleted. Importing this package registers them all."""

from services.linkage.admin import children, directory, needs, projects

__all__ = ["children", "directory", "needs", "projects"]
