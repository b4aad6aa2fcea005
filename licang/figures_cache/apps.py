from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresCacheConfig(AppConfig):
    name = "licang.figures_cache"
    label = "figures_cache"
    verbose_name = _("Public statistics: computed sections")
