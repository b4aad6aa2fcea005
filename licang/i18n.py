"""Django's own strings that the portal translates differently.

Django's Chinese catalogue leaves the form label suffix a half-width colon, which reads wrongly
after a Chinese label. They are marked here so that ``makemessages`` keeps their entries in
``licang/locale``, whose catalogue takes precedence over Django's.
"""

from django.utils.translation import gettext_noop

# Translators: Django's label suffix on form labels; full-width after Chinese labels.
LABEL_SUFFIX = gettext_noop(":")
# Translators: Django appends no label suffix after these characters: keep the half-width ones
# and add the full-width ones, so that a label ending in "？" gets none.
NO_SUFFIX_AFTER = gettext_noop(":?.!")
