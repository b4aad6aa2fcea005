"""The property-certificate program in the admin, one module per subdomain. Every write goes
through ``housing.actions`` (``licang.admin_writes.ActionAdmin``); importing this package
registers them all."""

from housing.admin import cases, days, estates

__all__ = ["cases", "days", "estates"]
