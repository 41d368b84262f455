from unittest import mock

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get(reverse("events:healthz"))
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch("events.timeline.selectors.connection.cursor", side_effect=OSError("down")):
        response = client.get(reverse("events:healthz"))
    assert response.status_code == 503
