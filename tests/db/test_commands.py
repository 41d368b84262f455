from io import StringIO

import pytest
from django.core.management import call_command

from events.models import Event, Source
from tests.factories import make_source

pytestmark = pytest.mark.django_db


def test_load_dataset_fills_an_empty_database():
    out = StringIO()
    call_command("load_dataset", "--if-empty", stdout=out)
    assert "Loaded" in out.getvalue()
    assert Source.objects.count() == 3
    assert Event.objects.exists()


def test_load_dataset_if_empty_leaves_a_database_with_sources_alone():
    make_source()
    out = StringIO()
    call_command("load_dataset", "--if-empty", stdout=out)
    assert "not loaded" in out.getvalue()
    assert Source.objects.count() == 1
    assert not Event.objects.exists()
