"""The commitments page's filters: one explicit FilterSet; bad input is a form error (a
400 naming the parameter), never a wider list."""

import django_filters
from django.db.models import TextChoices

from events.models import Actor, Event
from events.timeline.filters import EventFilterForm, PeriodFilter, VisitorFilterSet


class CommitmentState(TextChoices):
    KEPT = "kept", "kept"
    OVERDUE = "overdue", "overdue"
    PENDING = "pending", "pending"
    CANCELLED = "cancelled", "cancelled"


class CommitmentFilter(VisitorFilterSet):
    MULTIPLE = ("actor", "with", "state")

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

    def filter_nothing(self, queryset, name, value):
        return queryset
