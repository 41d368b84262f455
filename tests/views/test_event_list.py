import pytest
from django.urls import reverse

from tests.conftest import make_actor, make_claim, make_event, make_source

pytestmark = pytest.mark.django_db

URL = reverse("events:event-list")


def test_events_appear_in_date_order_with_date_title_actors_and_quotes(client):
    modi = make_actor(name="Narendra Modi")
    putin = make_actor(name="Vladimir Putin")
    source = make_source(title="The readout")
    later = make_event(title="Putin to visit India", date_edtf="2021-04-28/2021-12-31")
    earlier = make_event(
        title="Summit in Vladivostok",
        date_edtf="2019-09",
        actors=[(modi, "initiator"), (putin, "recipient")],
    )
    make_claim(source=source, quote="spoke on Wednesday", event=earlier)

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Summit in Vladivostok") < html.index("Putin to visit India")
    assert '<time datetime="2019-09">Sep 2019</time>' in html
    assert "later in 2021" in html
    assert 'datetime="2021-04-28/' not in html  # an interval is not a valid HTML datetime
    assert "Narendra Modi" in html
    assert "Vladimir Putin" in html
    assert "spoke on Wednesday" in html
    assert "The readout" in html
    assert later.title in html


def test_only_verified_events_are_listed(client):
    make_event(title="Checked event")
    make_event(title="Unchecked proposal", review_status="proposed")
    html = client.get(URL).content.decode()
    assert "Checked event" in html
    assert "Unchecked proposal" not in html


def test_source_text_and_titles_are_escaped(client):
    source = make_source(title="<b>bold</b>", text="Said <script>alert(1)</script> loudly.")
    event = make_event(title="<img src=x onerror=alert(2)>")
    make_claim(source=source, quote="<script>alert(1)</script>", event=event)
    html = client.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert "<b>bold</b>" not in html


def test_query_count_does_not_grow_with_events(client, django_assert_num_queries):
    def populate(n):
        actor = make_actor()
        for _ in range(n):
            event = make_event(actors=[(actor, "participant")])
            make_claim(event=event)

    populate(2)
    # events with their sources count, their actors, their claims with sources
    with django_assert_num_queries(3):
        client.get(URL)
    populate(20)
    with django_assert_num_queries(3):
        response = client.get(URL)
    assert response.content.decode().count('class="event"') == 22


def test_a_content_security_policy_is_sent(client):
    policy = client.get(URL).headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_the_page_only_answers_get(client):
    assert client.post(URL).status_code == 405
