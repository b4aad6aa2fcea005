from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _

from licang import (
    lookups,  # noqa: F401  (registers the ``__any`` lookup)
    sessions,  # noqa: F401  (stamps a session at log-in)
    static_manifest,  # noqa: F401  (registers the collected-static-files check)
)


class LicangConfig(AppConfig):
    name = "licang"
    verbose_name = _("Platform: partners, API and audit history")


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin with the portal's site as ``admin.site`` (the staff home, the menu by role).

    Named in INSTALLED_APPS in place of ``django.contrib.admin``; not the default of this module
    (``LicangConfig`` is)."""

    default = False
    default_site = "licang.admin_site.LicangAdminSite"
