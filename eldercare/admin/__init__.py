"""The meal program's admin: rules, points, menus, enrolments, orders, deliveries, settlements and
care centers. Every save and every move goes through ``eldercare.actions``; records are kept
(ended, suspended, closed), never deleted."""

from eldercare.admin import care, menus, orders, people, points, rules, settlement

__all__ = ["care", "menus", "orders", "people", "points", "rules", "settlement"]
