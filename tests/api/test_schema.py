"""Every operation of the OpenAPI description, called by schemathesis with
inputs it makes up, against an archive with something in it: no server
error, every answer documented and matching its schema."""

import datetime

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from articles.models import EntityAlias, Story
from newsroom.wsgi import application
from tests.factories import ArticleFactory, EntityFactory, MentionFactory, SourceFactory


@pytest.fixture
def connection_kept():
    """The test's database connection kept open across the requests, as
    Django's test client keeps it: the WSGI handler would close it at the end
    of each request, and the test's transaction with it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def archive(db, settings, connection_kept):
    settings.NEWSROOM_API_RATE = "1000000/minute"
    kyodo = SourceFactory(name="Kyodo")
    story = Story.objects.create(size=2)
    place = EntityFactory(name="Niigata")
    EntityAlias.objects.create(entity=place, name="Niigata City")
    for n in range(3):
        article = ArticleFactory(
            source=kyodo,
            story=story if n < 2 else None,
            title=f"Ferry to Sado resumes {n}",
            published=datetime.date(2026, 5, n + 1),
        )
        MentionFactory(article=article, entity=place)


schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
# The status codes each path's operation says it may answer.
DOCUMENTED = {
    path: {int(code) for code in operation["responses"]}
    for path, methods in schema.raw_schema["paths"].items()
    for operation in methods.values()
}


@schema.parametrize()
@settings(
    # The same inputs every run, so that CI is repeatable; run with
    # derandomize=False to explore further.
    derandomize=True,
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_described(case, archive):
    # The WSGI client hands back bodies as sent: ask for them uncompressed, as
    # an HTTP client decompresses them.
    response = case.call(headers={"Accept-Encoding": "identity"})
    assert response.status_code < 500, response.text
    if case.method.upper() == "GET":
        assert response.status_code in DOCUMENTED[case.operation.path], (
            f"{case.operation.path} answered {response.status_code}"
        )
        headers = {name.lower(): value for name, value in response.headers.items()}
        assert headers["content-type"][0].startswith("application/json")
    else:  # schemathesis tries the methods the API does not answer too
        assert response.status_code == 405
    # Every check schemathesis has (each answer's body against its schema,
    # headers, bad input refused) raises on a failure. A slug or an id that
    # names nothing is well formed and still a 400 or a 404: that one check
    # is left out.
    case.validate_response(response, excluded_checks=[positive_data_acceptance])
