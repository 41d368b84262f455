"""Links ingest proposes between events and a curator decides: that an event carried out
a planned one (events.ingest.joining proposes, events.curation.services decides)."""

from django.db import models

from events.models.domain import Event, ReviewStatus


class ProposedFulfilment(models.Model):
    """That `event` carried out the planned `commitment`: proposed by ingest when an
    occurred event of the same type family, with the commitment's actors, falls in its
    window. Confirming one sets `event.fulfils`; a rejected one is kept, so the same pair
    is never proposed again."""

    commitment = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="proposed_fulfilments"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="proposed_commitments")
    review_status = models.CharField(
        max_length=10, choices=ReviewStatus, default=ReviewStatus.PROPOSED
    )
    reason = models.CharField(max_length=300, help_text="What matched, as ingest saw it.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["commitment", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "event"], name="proposed_fulfilment_pair_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(commitment=models.F("event")),
                name="proposed_fulfilment_not_itself",
            ),
        ]
        indexes = [
            models.Index(fields=["review_status", "created_at"], name="fulfilment_review_idx")
        ]

    def __str__(self):
        return f"{self.event.title} carries out {self.commitment.title}?"
