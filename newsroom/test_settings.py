"""Settings for the test suite: production settings plus a throwaway key."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "newsroom-test-suite-only")

from newsroom.settings import *  # noqa: E402,F403

# Fast hashing: tests create users, and the strong default costs seconds.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The manifest storage needs collectstatic first; tests render templates
# without it, and WhiteNoise serves from static/ as in development.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
