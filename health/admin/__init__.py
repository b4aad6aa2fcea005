"""The health programs in the admin, one module per subdomain. Every write goes through
``health.actions`` (see ``health.admin.writes``); importing this package registers them all."""

from health.admin import cataract, checkups, insurance, ledger, places, rules

__all__ = ["cataract", "checkups", "insurance", "ledger", "places", "rules"]
