import pytest
from django.contrib.admin import site
from django.urls import reverse

from events.models import Actor, ActorAlias, Claim, Event, EventActor, Source
from tests.conftest import make_actor, make_claim, make_event

pytestmark = pytest.mark.django_db

MODELS = [Actor, ActorAlias, Source, Event, EventActor, Claim]


@pytest.fixture
def populated():
    actor = make_actor(name="Narendra Modi", aliases=["PM Modi"])
    event = make_event(title="Phone call", actors=[(actor, "initiator")])
    return make_claim(event=event)


def test_every_domain_model_is_registered():
    assert all(site.is_registered(model) for model in MODELS)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_changelist_change_and_search_render(admin_client, populated, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "Modi"}).status_code == 200
    change = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_change", args=[model.objects.first().pk]
    )
    assert admin_client.get(change).status_code == 200


def test_admin_index_lists_every_model(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    for model in MODELS:
        assert str(model._meta.verbose_name_plural).capitalize() in html


def test_anonymous_users_are_sent_to_login(client, populated):
    response = client.get(reverse("admin:events_claim_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_search_finds_an_actor_by_alias(admin_client, populated):
    make_actor(name="Vladimir Putin", aliases=["President Putin"])
    response = admin_client.get(reverse("admin:events_actor_changelist"), {"q": "PM Modi"})
    assert [actor.name for actor in response.context["cl"].result_list] == ["Narendra Modi"]
