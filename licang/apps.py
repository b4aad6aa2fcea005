from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicangConfig(AppConfig):
    name = "licang"
    verbose_name = _("Platform: partners, API and audit history")
