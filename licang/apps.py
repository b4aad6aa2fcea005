from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from licang import static_manifest  # noqa: F401  (registers the collected-static-files check)


class LicangConfig(AppConfig):
    name = "licang"
    verbose_name = _("Platform: partners, API and audit history")
