import os

from django.core.wsgi import get_wsgi_application

from licang import static_manifest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "licang.settings")
application = get_wsgi_application()
# with DEBUG off, a server without its collected static files would answer every page with a 500
static_manifest.require_collected()
