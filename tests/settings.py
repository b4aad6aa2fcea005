"""The production settings with a throwaway key: the suite runs what production runs (DEBUG off)."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")

from licang.settings import *  # noqa: F403
from licang.settings import REST_FRAMEWORK

# Plain static storage: the tests do not run collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None  # nothing collected: staticfiles finders serve the live server
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"token": "1000/minute", "anon": "1000/minute"},
}
# SMS kept in licang.outbox.backends.locmem.outbox, as Django keeps e-mail in mail.outbox
OUTBOX_SMS_BACKEND = "licang.outbox.backends.locmem.SmsBackend"
