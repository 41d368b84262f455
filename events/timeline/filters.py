"""The timeline's filters: one explicit FilterSet; bad input is a form error, never a wider list."""

import json
import re
from dataclasses import dataclass
from datetime import date

import django_filters
from django import forms
from django.db import connections
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.db.models.query import EmptyQuerySet

from events.dates import InvalidEDTF, parse_date
from events.models import (
    Actor,
    Context,
    Event,
    EventStatus,
    EventType,
    ReviewStatus,
    Source,
    context_token,
)

_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(frozen=True)
class Period:
    """A year, month or day given as a filter bound, with its first and last day."""

    text: str
    lower: date
    upper: date


class PartialDateField(forms.CharField):
    default_error_messages = {
        "format": "Enter a year (2021), a month (2021-04) or a day (2021-04-28), not “%(value)s”.",
        "unreal": "“%(value)s” is not a real date.",
    }

    def clean(self, value):
        text = super().clean(value).strip()
        if not text:
            return None
        if not _PARTIAL_DATE.fullmatch(text):
            raise forms.ValidationError(
                self.error_messages["format"], code="format", params={"value": text}
            )
        try:
            bounds = parse_date(text)
        except InvalidEDTF:
            raise forms.ValidationError(
                self.error_messages["unreal"], code="unreal", params={"value": text}
            ) from None
        return Period(text=text, lower=bounds.lower, upper=bounds.upper)


class PeriodFilter(django_filters.Filter):
    field_class = PartialDateField


# A visitor who may not see unverified events is told why their review status filter is
# refused (a 400 naming it), rather than shown verified events as if it meant nothing.
REVIEW_FOR_CURATORS = (
    "Filtering by review status is for signed-in curators: only verified events are public."
)


class EventFilterForm(forms.Form):
    # Whether the visitor may see unverified events (events.visibility); set per kind of
    # visitor on the form class (see EventFilter.get_form_class()).
    shows_unverified = False

    def clean_review(self):
        review = self.cleaned_data["review"]
        if not self.shows_unverified and set(review) - {ReviewStatus.VERIFIED}:
            raise forms.ValidationError(REVIEW_FOR_CURATORS, code="curators")
        return review

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start.lower > end.upper:
            self.add_error("to", f"“to” ({end.text}) is before “from” ({start.text}).")
        return cleaned


CHOICE_FILTERS = ("type", "status", "context", "review")
# The filters with an index of their own, which narrow the timeline to few events.
NARROWING_FILTERS = ("actor", "with", "source", "q", "from", "to", "disputed")
# At most this many events selected by the filters with an index of their own (actor,
# source, search, dates) are named by id in the queries that count and chart them.
NARROWED_LIMIT = 20_000
# A search whose words are in more events' search documents (titles, summaries and
# quotes, as far as the visitor may search them: see events.documents) than this is
# broad: its events are listed in date order, but not counted or charted (counting a
# word in most of 100,000 events costs more than a page may).
SEARCH_COUNTED = 2_000


def ids_in_one_parameter(ids: list[int], using: str) -> RawSQL:
    """A subquery listing `ids`, passed as one parameter (a JSON array on SQLite, an
    array on PostgreSQL): thousands of ids cost one bound value, not thousands."""
    if connections[using].vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [ids])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])


def chosen_choices(cleaned: dict) -> dict[str, set[str]]:
    """The values chosen in each choice group of a filter set's cleaned data (none: any);
    review status is verified unless asked, as the public timeline shows verified events
    only. What choice_conditions() selects in the database, for counts made in Python."""
    chosen = {name: set(cleaned.get(name) or ()) for name in ("type", "status", "context")}
    return chosen | {"review": set(cleaned.get("review") or [ReviewStatus.VERIFIED])}


def counted_groups(meets: dict[str, bool]) -> list[str]:
    """The choice groups whose counts an event adds to, given which groups' choices it
    meets: each group's counts leave out its own choice (picking one type still shows
    what the others would add)."""
    return [name for name in meets if all(met for other, met in meets.items() if other != name)]


MULTIPLE_FILTERS = (*CHOICE_FILTERS, "actor", "with", "source")
_FORM_CLASSES: dict[tuple[type, bool], type] = {}

# Parameter names that are not Python identifiers (or read better short).
_PARAMETERS = {"date_from": "from", "date_to": "to", "also_involving": "with"}


def also_involving(filterset) -> list[Actor]:
    """The actors a valid `with` filter names (none when it is not set or not valid): a
    page keeps them in its form as hidden inputs, so the next filter chosen keeps them."""
    return list(getattr(filterset.form, "cleaned_data", {}).get("with") or [])


class VisitorFilterSet(django_filters.FilterSet):
    """What the site's filter sets share (the timeline's, the commitments page's): an
    empty choice ("type=", as a shared link may carry) is no choice, as an empty date or
    search is no filter, rather than a 400 naming nothing wrong; parameters that are not
    Python names (from, to, with); and forms built once per kind of visitor, those who
    may not see unverified records (`unverified`, see events.visibility) offered
    verified actors only."""

    MULTIPLE: tuple[str, ...] = ()  # the parameters that take several values
    ACTORS = ("actor", "with")

    def __init__(self, data=None, *args, unverified: bool = False, **kwargs):
        self.unverified = unverified
        if data is not None:
            data = data.copy()
            for name in self.MULTIPLE:
                data.setlist(name, [value for value in data.getlist(name) if value])
        super().__init__(data, *args, **kwargs)

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        return {_PARAMETERS.get(name, name): filter for name, filter in filters.items()}

    def get_form_class(self):
        # The same fields for every request: built once per kind of visitor (django-filter
        # builds them anew each time); each form still copies its fields, as every Django
        # form does.
        kind = (type(self), self.unverified)
        if kind not in _FORM_CLASSES:
            form_class = super().get_form_class()
            form_class.shows_unverified = self.unverified
            if not self.unverified:
                # An actor no curator has verified is, to others, no actor at all: naming
                # it is an invalid choice, as a slug nobody has is.
                for name in self.ACTORS:
                    actors = form_class.base_fields[name]
                    actors.queryset = actors.queryset.filter(review_status=ReviewStatus.VERIFIED)
            _FORM_CLASSES[kind] = form_class
        return _FORM_CLASSES[kind]

    # An empty ModelMultipleChoiceField gives none(), which would empty the page.
    def filter_actors(self, queryset, name, value):
        return queryset if isinstance(value, EmptyQuerySet) else queryset.involving(value)


class EventFilter(VisitorFilterSet):
    MULTIPLE = MULTIPLE_FILTERS

    q = django_filters.CharFilter(method="filter_text", label="Search", max_length=200)
    actor = django_filters.ModelMultipleChoiceFilter(
        queryset=Actor.objects.all(), to_field_name="slug", method="filter_actors"
    )
    # Events that also involve one of these: actor=india&with=russia is the pair's events
    # (a relation page's bars link to them).
    also_involving = django_filters.ModelMultipleChoiceFilter(
        queryset=Actor.objects.all(),
        to_field_name="slug",
        method="filter_actors",
        label="With",
    )
    # Events whose sources disagree, as their verified claims tell (events.disputes).
    disputed = django_filters.ChoiceFilter(
        choices=[("1", "sources differ")], method="filter_disputed", label="Sources differ"
    )
    # The choice groups (type, status, context, review) are applied by choice_conditions().
    type = django_filters.MultipleChoiceFilter(field_name="event_type", choices=EventType.choices)
    status = django_filters.MultipleChoiceFilter(choices=EventStatus.choices)
    context = django_filters.MultipleChoiceFilter(choices=Context.choices, method="filter_contexts")
    date_from = PeriodFilter(method="filter_from", label="From")
    date_to = PeriodFilter(method="filter_to", label="To")
    source = django_filters.ModelMultipleChoiceFilter(
        queryset=Source.objects.all(), to_field_name="slug", method="filter_sources"
    )
    review = django_filters.MultipleChoiceFilter(
        field_name="review_status", choices=ReviewStatus.choices, label="Review status"
    )

    class Meta:
        model = Event
        fields = []
        form = EventFilterForm

    def __init__(self, data=None, *args, reread: bool = False, **kwargs):
        # `reread`: the matches will be read by several queries (the timeline's counts and
        # chart), so the events the narrowing filters select are found once, by id.
        self.reread = reread
        super().__init__(data, *args, **kwargs)

    def filter_queryset(self, queryset):
        return self.chosen(self.narrowed_by_other_filters(queryset))

    def chosen(self, queryset):
        """Apply the choice groups (type, status, context, review) only."""
        conditions = self.choice_conditions()
        if conditions["context"]:
            queryset = queryset.with_contexts_text()
        # One filter() for all the choice groups: each call copies the query.
        combined = Q()
        for condition in conditions.values():
            combined &= condition
        return queryset.filter(combined)

    def narrowed_by_other_filters(self, queryset):
        """Apply every filter but the choice groups (type, status, context, review).

        For a filter set read by several queries (`reread`), the events a search, date
        window, actor or source selects are found once and then named by id, in one
        parameter: the matches, the counts beside the filters and the chart all read them,
        and the search or window is not run again for each (unless they are more than
        NARROWED_LIMIT).
        """
        ids = self._narrowed_ids()
        if ids is not None:
            return queryset.filter(pk__in=ids_in_one_parameter(ids, queryset.db))
        return self.narrowed_through_indexes(queryset)

    def narrowed_through_indexes(self, queryset):
        """Apply every filter but the choice groups, each through its own index, in the
        query (never as a list of ids found before)."""
        for name, value in self.form.cleaned_data.items():
            if name not in CHOICE_FILTERS:
                queryset = self.filters[name].filter(queryset, value)
        return self.filter_window(queryset)

    def broad_search(self) -> bool:
        """Whether the search is broad (see SEARCH_COUNTED); checked once."""
        if not hasattr(self, "_broad"):
            text = self.form.cleaned_data.get("q") or ""
            self._broad = Event.objects.search_is_broad(
                text, SEARCH_COUNTED, unverified=self.unverified
            )
        return self._broad

    def _narrowed_ids(self) -> list[int] | None:
        if not hasattr(self, "_ids"):
            self._ids = None
            if self.reread and self.narrows() and not self.broad_search():
                found = self.narrowed_through_indexes(Event.objects.order_by())
                found = found.values_list("pk", flat=True)
                found = list(found[: NARROWED_LIMIT + 1])
                if len(found) <= NARROWED_LIMIT:
                    self._ids = found
        return self._ids

    def narrows(self) -> bool:
        """True when a filter with an index of its own (actor, source, search, dates) is set."""
        cleaned = self.form.cleaned_data
        return any(cleaned.get(name) for name in NARROWING_FILTERS)

    def choice_conditions(self) -> dict[str, Q]:
        """One condition per choice group, so facet counts can leave a group's own out."""
        chosen = chosen_choices(self.form.cleaned_data)
        contexts = Q()
        for context in chosen["context"]:
            contexts |= Q(contexts_text__contains=context_token(context))
        return {
            "type": Q(event_type__in=chosen["type"]) if chosen["type"] else Q(),
            "status": Q(status__in=chosen["status"]) if chosen["status"] else Q(),
            "context": contexts,
            "review": Q(review_status__in=chosen["review"]),
        }

    def filter_text(self, queryset, name, value):
        return queryset.matching(value, unverified=self.unverified)

    # An empty ModelMultipleChoiceField gives `none()`, which would empty the timeline.
    # (Tested by type: the truth of a queryset would run it.)
    def filter_disputed(self, queryset, name, value):
        return queryset.disputed() if value else queryset

    def filter_sources(self, queryset, name, value):
        if isinstance(value, EmptyQuerySet):
            return queryset
        return queryset.reported_by(value, unverified=self.unverified)

    # From and to are one window, so the date-span index is searched once.
    def filter_from(self, queryset, name, value):
        return queryset

    def filter_to(self, queryset, name, value):
        return queryset

    def filter_window(self, queryset):
        start, end = self.form.cleaned_data.get("from"), self.form.cleaned_data.get("to")
        return queryset.overlapping(start and start.lower, end and end.upper)
