"""The service desk in the admin: the catalogue (``catalogue``) and the request queue (``queue``).
Importing the package registers both."""

from services.desk.admin import catalogue, queue

__all__ = ["catalogue", "queue"]
