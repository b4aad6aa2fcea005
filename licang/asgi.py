import os

from django.core.asgi import get_asgi_application

from licang import static_manifest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "licang.settings")
application = get_asgi_application()
# with DEBUG off, a server without its collected static files would answer every page with a 500
static_manifest.require_collected()
