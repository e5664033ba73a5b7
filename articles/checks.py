"""System checks of newsroom's own settings (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    if getattr(settings, "SECRET_KEY_MISSING", False):
        return [
            Error(
                "DJANGO_SECRET_KEY is not set.",
                hint="Set it to a long random value (python -c 'import secrets; "
                "print(secrets.token_urlsafe(64))'); without it the web server "
                "refuses to start.",
                id="newsroom.E001",
            )
        ]
    return []
