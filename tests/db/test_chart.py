import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse

from events.models import Event
from events.timeline import chart as chart_module
from events.timeline import selectors
from events.timeline.chart import overview_chart
from tests.factories import make_event

pytestmark = pytest.mark.django_db

NO_PARAMS = QueryDict()


def all_events():
    return Event.objects.with_contexts_text()


def draw(params: str = "") -> str:
    """The chart of the timeline filtered by `params`, rendered as the page would (for
    staff, who may ask for unverified events)."""
    filterset = selectors.filter_events(QueryDict(params), unverified=True)
    assert filterset.is_valid(), filterset.errors
    events = filterset.qs
    chart = overview_chart(events, events.count(), QueryDict(params))
    assert chart is not None
    return render_to_string("events/_chart.html", {"chart": chart})


def links(svg: str) -> dict[str, str]:
    """Each <a> in the SVG: its accessible <title> text → its href."""
    return {
        title: href.replace("&amp;", "&")
        for href, title in re.findall(r'<a href="([^"]*)"[^>]*><title>([^<]*)</title>', svg)
    }


def test_no_matching_events_draws_no_chart():
    make_event(review_status="rejected")
    events = selectors.filter_events(QueryDict()).qs
    assert overview_chart(events, 0, NO_PARAMS) is None


def test_events_without_any_known_day_draw_no_chart():
    make_event(date_edtf="../..")
    assert overview_chart(all_events(), 1, NO_PARAMS) is None


def test_day_event_is_a_point_and_interval_a_bar_each_linking_to_its_page():
    call = make_event(title="Phone call", slug="phone-call", date_edtf="2021-04-28")
    summit = make_event(title="Summit", slug="summit", event_type="AGREE", date_edtf="2019-09")

    chart = overview_chart(all_events(), 2, NO_PARAMS)
    svg = render_to_string("events/_chart.html", {"chart": chart})

    assert chart.mode == "marks"
    by_href = {mark.href: mark for mark in chart.marks}
    call_url = reverse("events:event-detail", args=[call.slug])
    summit_url = reverse("events:event-detail", args=[summit.slug])
    assert by_href[call_url].is_point
    assert not by_href[summit_url].is_point
    assert by_href[summit_url].width > by_href[call_url].radius * 2  # a month outlasts a day
    assert by_href[summit_url].x < by_href[call_url].x  # Sep 2019 is left of Apr 2021
    assert links(svg) == {
        "Phone call — 28 Apr 2021 (consult)": call_url,
        "Summit — Sep 2019 (agree)": summit_url,
    }
    assert re.search(rf'<a href="{call_url}" class="[^"]*"><title>[^<]*</title><circle ', svg)
    assert re.search(rf'<a href="{summit_url}" class="[^"]*"><title>[^<]*</title><rect ', svg)
    assert 'class="mark type-AGREE status-occurred"' in svg
    assert "2 events from Sep 2019 to Apr 2021." in svg


def test_planned_cancelled_and_unverified_marks_are_told_apart():
    make_event(title="Visit", date_edtf="2021-04-28/2021-12-31", status="planned")
    make_event(title="Parade", date_edtf="2020-06-24", status="cancelled")
    make_event(title="Maybe", date_edtf="2020-01", review_status="proposed")

    svg = draw("review=verified&review=proposed")

    assert "Visit — later in 2021 (consult, planned)" in svg
    assert "Parade — 24 Jun 2020 (consult, cancelled)" in svg
    assert "Maybe — Jan 2020 (consult, unverified)" in svg
    assert 'class="mark type-CONSULT status-planned"' in svg
    assert 'class="mark type-CONSULT status-cancelled"' in svg
    assert 'class="mark type-CONSULT status-occurred unverified"' in svg


def test_marks_on_the_same_days_are_stacked_in_separate_lanes():
    for _ in range(3):
        make_event(date_edtf="2021-04-28")
    make_event(date_edtf="2019-09")

    chart = overview_chart(all_events(), 4, NO_PARAMS)

    same_day = [mark for mark in chart.marks if mark.is_point]
    assert len({mark.y for mark in same_day}) == 3
    assert len({mark.x for mark in same_day}) == 1


def test_a_crowded_day_keeps_the_chart_height_bounded():
    for _ in range(chart_module.MAX_LANES + 10):
        make_event(date_edtf="2021-04-28")

    chart = overview_chart(all_events(), chart_module.MAX_LANES + 10, NO_PARAMS)

    assert len(chart.marks) == chart_module.MAX_LANES + 10
    assert len({mark.y for mark in chart.marks}) == chart_module.MAX_LANES
    assert chart.height < chart_module.MAX_LANES * chart_module.LANE_HEIGHT + 60


def test_open_interval_is_drawn_to_the_axis_edge_and_marked_open():
    make_event(title="Earlier talks", slug="talks", date_edtf="../2021-04-28")
    make_event(title="Lasting accord", slug="accord", date_edtf="2020-01-15/..")
    make_event(date_edtf="2019-09")

    chart = overview_chart(all_events(), 3, NO_PARAMS)
    svg = render_to_string("events/_chart.html", {"chart": chart})

    by_slug = {mark.href.strip("/").rsplit("/", 1)[-1]: mark for mark in chart.marks}
    talks, accord = by_slug["talks"], by_slug["accord"]
    assert talks.x == chart.axis_left
    assert "open-start" in talks.css_class
    assert talks.mask == "overview-fade-start"
    assert round(accord.x + accord.width, 1) == chart.axis_right
    assert "open-end" in accord.css_class
    assert len(talks.arrows) == len(accord.arrows) == 1
    assert 'mask="url(#overview-fade-start)"' in svg
    assert '<mask id="overview-fade-end"' in svg
    assert "Earlier talks — by 28 Apr 2021 (consult)" in svg


def test_event_with_no_known_day_is_left_out_and_said_so():
    make_event(date_edtf="2021-04-28")
    make_event(title="Undated", date_edtf="../..")

    chart = overview_chart(all_events(), 2, NO_PARAMS)

    assert len(chart.marks) == 1
    assert "Undated" not in {mark.label for mark in chart.marks}
    assert chart.summary == "1 event in Apr 2021; 1 event without a known date not drawn."


def test_axis_ticks_are_years_over_long_spans_and_months_over_short_ones():
    make_event(date_edtf="2017-09")
    make_event(date_edtf="2021-10-02")
    long = overview_chart(all_events(), 2, NO_PARAMS)
    assert [tick.label for tick in long.ticks] == ["2018", "2019", "2020", "2021"]

    make_event(date_edtf="2020-01-10")
    Event.objects.filter(date_lower__year=2017).delete()
    medium = overview_chart(all_events(), 2, NO_PARAMS)
    labels = [tick.label for tick in medium.ticks]
    assert labels[:3] == ["Jan 2020", "Mar", "May"]
    assert "Jan 2021" in labels

    Event.objects.all().delete()
    make_event(date_edtf="2021-04-28")
    make_event(date_edtf="2021-06-10")
    short = overview_chart(all_events(), 2, NO_PARAMS)
    assert [tick.label for tick in short.ticks] == ["May 2021", "Jun"]
    assert all(a.x < b.x for a, b in zip(short.ticks, short.ticks[1:], strict=False))


def test_legend_lists_the_types_present_in_plover_order():
    make_event(event_type="ASSAULT")
    make_event(event_type="AGREE")
    make_event(event_type="AGREE", status="planned")

    chart = overview_chart(all_events(), 3, NO_PARAMS)
    svg = render_to_string("events/_chart.html", {"chart": chart})

    assert [entry.label for entry in chart.legend] == ["agree", "assault", "planned"]
    assert '<g class="mark type-ASSAULT">' in svg


def test_hostile_titles_are_escaped_in_the_svg():
    make_event(title='<script>alert(1)</script> "quoted" & more', date_edtf="2021-04")

    svg = draw()

    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; more" in svg


def test_svg_is_labelled_scales_with_the_page_and_has_no_inline_styles():
    make_event(date_edtf="2021-04-28")
    make_event(date_edtf="2021-04-28/..", status="planned")

    svg = draw()

    assert re.search(r'<svg class="chart-svg" viewBox="0 0 800 \d+"', svg)
    assert 'aria-labelledby="overview-chart-title"' in svg
    assert '<title id="overview-chart-title">' in svg
    assert '<desc id="overview-chart-desc">2 events in Apr 2021.</desc>' in svg
    assert "style" not in svg.lower()
    assert "<script" not in svg


def test_coordinates_are_not_localized(settings):
    settings.LANGUAGE_CODE = "de"
    settings.USE_THOUSAND_SEPARATOR = True
    make_event(date_edtf="2021-04-28")
    make_event(date_edtf="2021-05-03/2021-06-17")

    svg = draw()

    assert not re.search(r'(?:x|y|width|cx|cy)="\d+,\d', svg)


def test_marks_are_drawn_in_one_query_however_many_events(django_assert_num_queries):
    def chart_queries(n):
        Event.objects.all().delete()
        for i in range(n):
            make_event(date_edtf=f"2021-{i % 12 + 1:02d}-{i % 28 + 1:02d}")
        events = selectors.filter_events(QueryDict()).qs
        with django_assert_num_queries(1):
            chart = overview_chart(events, n, NO_PARAMS)
            render_to_string("events/_chart.html", {"chart": chart})
        return chart

    assert len(chart_queries(5).marks) == 5
    assert len(chart_queries(50).marks) == 50


# The density strip.


@pytest.fixture
def mark_limit_3(monkeypatch):
    monkeypatch.setattr(chart_module, "MARK_LIMIT", 3)


def test_more_events_than_the_mark_limit_are_binned_by_month(mark_limit_3):
    for day in ("2021-04-02", "2021-04-28", "2021-04"):
        make_event(date_edtf=day)
    make_event(date_edtf="2021-06-01")
    make_event(date_edtf="2021-06-10", event_type="AGREE")

    chart = overview_chart(all_events(), 5, NO_PARAMS)

    assert chart.mode == "bins"
    assert chart.marks == []
    assert [(b.label, b.count) for b in chart.bins] == [
        ("Apr 2021: 3 events", 3),
        ("Jun 2021: 2 events", 2),
    ]
    april, june = chart.bins
    assert april.height > june.height  # the taller bar counts more events
    assert april.x < june.x
    assert chart.summary == "5 events from Apr 2021 to Jun 2021, counted by month."


def test_bin_links_keep_other_filters_set_the_dates_and_drop_the_page(mark_limit_3):
    for day in ("2021-04-02", "2021-04-28", "2021-04-29", "2021-05-03"):
        make_event(date_edtf=day, event_type="AGREE")
    make_event(date_edtf="2021-04-05", event_type="CONSULT")

    svg = draw("type=AGREE&from=2020&page=2&q=")

    assert set(links(svg)) == {"Apr 2021: 3 events", "May 2021: 1 event"}
    href = links(svg)["Apr 2021: 3 events"]
    path, query = urlsplit(href).path, parse_qs(urlsplit(href).query, keep_blank_values=True)
    assert path == reverse("events:event-list")
    assert query == {"type": ["AGREE"], "from": ["2021-04"], "to": ["2021-04"], "q": [""]}
    assert "&amp;" in svg  # the & between parameters is escaped in the attribute
    assert "<circle" not in svg


def test_bin_link_narrows_the_timeline_to_its_month(client, mark_limit_3):
    for day in ("2021-04-02", "2021-04-28", "2021-06-29", "2021-05-03"):
        make_event(date_edtf=day, title=f"On {day}")

    href = links(draw())["Apr 2021: 2 events"]
    html = client.get(href).content.decode()

    assert "On 2021-04-28" in html
    assert "On 2021-06-29" not in html


def test_many_months_are_rolled_up_into_years(mark_limit_3):
    make_event(date_edtf="2005-03-10")
    make_event(date_edtf="2005-11")
    make_event(date_edtf="2012-07-01")
    make_event(date_edtf="2021-04-28")

    chart = overview_chart(all_events(), 4, QueryDict("status=occurred&page=3"))

    assert chart.unit == "year"
    assert [(b.label, b.count) for b in chart.bins] == [
        ("2005: 2 events", 2),
        ("2012: 1 event", 1),
        ("2021: 1 event", 1),
    ]
    query = parse_qs(urlsplit(chart.bins[0].href).query)
    assert query == {"status": ["occurred"], "from": ["2005"], "to": ["2005"]}
    assert [tick.label for tick in chart.ticks][:2] == ["2006", "2008"]


def test_centuries_are_rolled_up_into_runs_of_years(mark_limit_3):
    make_event(date_edtf="1500")
    make_event(date_edtf="1955-05")
    make_event(date_edtf="1958")
    make_event(date_edtf="2021-04-28")

    chart = overview_chart(all_events(), 4, NO_PARAMS)

    assert len(chart.bins) <= chart_module.MAX_MONTH_BINS
    assert chart.unit == "5 years"
    assert [b.label for b in chart.bins] == [
        "1500–1504: 1 event",
        "1955–1959: 2 events",
        "2020–2024: 1 event",
    ]
    assert parse_qs(urlsplit(chart.bins[1].href).query) == {"from": ["1955"], "to": ["1959"]}


def test_bins_count_the_known_start_of_open_intervals_and_skip_undated(mark_limit_3):
    make_event(date_edtf="../2021-04-28")
    make_event(date_edtf="2021-04-02/..")
    make_event(date_edtf="2021-05-01")
    make_event(date_edtf="../..")

    chart = overview_chart(all_events(), 4, NO_PARAMS)

    assert [b.label for b in chart.bins] == ["Apr 2021: 2 events", "May 2021: 1 event"]
    assert chart.summary.endswith("; 1 event without a known date not counted.")


def test_bins_are_counted_in_one_query_however_many_events(mark_limit_3, django_assert_num_queries):
    def chart_queries(n):
        Event.objects.all().delete()
        for i in range(n):
            make_event(date_edtf=f"{2000 + i % 20}-{i % 12 + 1:02d}")
        events = selectors.filter_events(QueryDict("type=CONSULT")).qs
        with django_assert_num_queries(1):
            chart = overview_chart(events, n, QueryDict("type=CONSULT"))
            svg = render_to_string("events/_chart.html", {"chart": chart})
        return chart, svg

    small, _ = chart_queries(5)
    large, _ = chart_queries(50)
    assert small.mode == large.mode == "bins"
    assert sum(b.count for b in large.bins) == 50
    assert large.height == small.height


def test_density_strip_has_one_bin_per_month_inside_the_axis(mark_limit_3):
    for i in range(40):
        make_event(date_edtf=f"2021-{i % 12 + 1:02d}-{i % 28 + 1:02d}")

    chart = overview_chart(all_events(), 40, NO_PARAMS)

    assert chart.mode == "bins"
    assert len(chart.bins) == 12
    assert sum(b.count for b in chart.bins) == 40
    assert chart.bins[0].x >= chart.axis_left
    assert chart.bins[-1].x + chart.bins[-1].width <= chart.axis_right


def test_timeline_view_hands_the_chart_to_its_template(client):
    make_event(title="Phone call", date_edtf="2021-04-28")

    response = client.get(reverse("events:event-list"))

    assert response.status_code == 200
    chart = response.context["chart"]
    assert chart.mode == "marks"
    assert [mark.label for mark in chart.marks] == ["Phone call — 28 Apr 2021 (consult)"]
