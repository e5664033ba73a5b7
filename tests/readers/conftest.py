import pytest

from tests.readers.smtp import LoopbackSMTP


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback, and this process's mail sent to it;
    yields its inbox."""
    with LoopbackSMTP() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        yield server.inbox
