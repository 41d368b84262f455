"""The commitments page's filters: one explicit FilterSet; bad input is a form error (a
400 naming the parameter), never a wider list."""

import django_filters
from django.db.models import TextChoices
from django.db.models.query import EmptyQuerySet

from events.models import Actor, Event, ReviewStatus
from events.timeline.filters import EventFilterForm, PeriodFilter


class CommitmentState(TextChoices):
    KEPT = "kept", "kept"
    OVERDUE = "overdue", "overdue"
    PENDING = "pending", "pending"
    CANCELLED = "cancelled", "cancelled"


MULTIPLE_FILTERS = ("actor", "with", "state")
_FORM_CLASSES: dict[bool, type] = {}
# Parameter names that are not Python identifiers.
_PARAMETERS = {"date_from": "from", "date_to": "to", "also_involving": "with"}


class CommitmentFilter(django_filters.FilterSet):
    actor = django_filters.ModelMultipleChoiceFilter(
        queryset=Actor.objects.all(), to_field_name="slug", method="filter_actors"
    )
    # Commitments also involving one of these: actor=india&with=russia is the pair's
    # (a relation page links to them).
    also_involving = django_filters.ModelMultipleChoiceFilter(
        queryset=Actor.objects.all(), to_field_name="slug", method="filter_actors", label="With"
    )
    # Applied by the selectors over the state they compute (see selectors.with_state()),
    # so that the counts beside the filter can leave it out.
    state = django_filters.MultipleChoiceFilter(
        choices=CommitmentState.choices, method="filter_nothing"
    )
    date_from = PeriodFilter(method="filter_nothing", label="From")
    date_to = PeriodFilter(method="filter_nothing", label="To")

    class Meta:
        model = Event
        fields = []
        # Its clean() refuses a "to" before "from", as the timeline's does.
        form = EventFilterForm

    def __init__(self, data=None, *args, unverified: bool = False, **kwargs):
        # `unverified`: the visitor may see unverified commitments and actors (see
        # events.visibility).
        self.unverified = unverified
        if data is not None:
            # An empty choice ("state=") is no choice, as on the timeline.
            data = data.copy()
            for name in MULTIPLE_FILTERS:
                data.setlist(name, [value for value in data.getlist(name) if value])
        super().__init__(data, *args, **kwargs)

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        return {_PARAMETERS.get(name, name): filter for name, filter in filters.items()}

    def get_form_class(self):
        # Built once per kind of visitor, as the timeline's (see EventFilter).
        if self.unverified not in _FORM_CLASSES:
            form_class = super().get_form_class()
            form_class.shows_unverified = self.unverified
            if not self.unverified:
                # An actor no curator has verified is, to others, no actor at all.
                for name in ("actor", "with"):
                    actors = form_class.base_fields[name]
                    actors.queryset = actors.queryset.filter(review_status=ReviewStatus.VERIFIED)
            _FORM_CLASSES[self.unverified] = form_class
        return _FORM_CLASSES[self.unverified]

    def filter_queryset(self, queryset):
        """Every filter but the state (see selectors.matching())."""
        return self.filter_window(super().filter_queryset(queryset))

    def filter_window(self, queryset):
        """Those whose window meets the dates asked, through the date-span index (see
        EventQuerySet.overlapping())."""
        start, end = self.form.cleaned_data.get("from"), self.form.cleaned_data.get("to")
        return queryset.overlapping(start and start.lower, end and end.upper)

    def narrows(self) -> bool:
        """Whether an actor or a window, each through an index of its own, narrows them."""
        return any(self.form.cleaned_data.get(name) for name in ("actor", "with", "from", "to"))

    def states(self) -> list[str]:
        """The states asked for (none: every state)."""
        return list(self.form.cleaned_data.get("state") or ())

    # An empty ModelMultipleChoiceField gives `none()`, which would empty the page.
    def filter_actors(self, queryset, name, value):
        return queryset if isinstance(value, EmptyQuerySet) else queryset.involving(value)

    def filter_nothing(self, queryset, name, value):
        return queryset
