"""A curator verifies a proposed event in admin and sees it on the public timeline."""

from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from events.models import Event
from tests.conftest import curators_group

PASSWORD = "a-long-curator-passphrase"


def test_curator_logs_in_verifies_a_proposed_event_and_sees_it_on_the_timeline(
    page: Page, site, django_user_model
):
    curators_group()  # as the migrations make it, should a test before have flushed it
    curator = django_user_model.objects.create_user("cora", password=PASSWORD, is_staff=True)
    curator.groups.add(Group.objects.get(name="Curators"))
    event = Event.objects.get(slug="putin-visit-india-summit-2021")
    event.review_status = "proposed"
    event.save()

    page.goto(site + "/")
    expect(page.locator("#results")).not_to_contain_text(event.title)

    page.goto(site + "/admin/")
    page.fill("#id_username", "cora")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(site + "/admin/events/event/?review_status__exact=proposed")
    page.check(f"input[name=_selected_action][value='{event.pk}']")
    page.select_option("select[name=action]", "verify")
    page.click("button[name=index]")
    expect(page.locator(".messagelist")).to_contain_text("1 verified.")

    page.goto(site + "/")
    expect(page.locator("#results")).to_contain_text(event.title)
