from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.management.commands import loaddata

from events.models import Claim, Source


class Command(loaddata.Command):
    help = (
        f"{loaddata.Command.help} Claims are checked as they load: a claim whose quote is not "
        "its source's text between its offsets refuses the whole load, naming the claim."
    )

    def loaddata(self, fixture_labels):
        # Fixtures save raw, past Claim.clean(); the sources each claim is checked against.
        self.claim_sources: dict[int, Source] = {}
        super().loaddata(fixture_labels)

    def save_obj(self, obj):
        if isinstance(obj.object, Claim):
            self.check_claim(obj.object)
        return super().save_obj(obj)

    def check_claim(self, claim: Claim) -> None:
        """Raise CommandError (rolling the whole load back) unless the quote is its span."""
        if claim.source_id is None:
            return  # a reference not yet resolved: the database refuses the row itself
        if claim.source_id not in self.claim_sources:
            self.claim_sources[claim.source_id] = (
                Source.objects.using(self.using).only("slug", "text").get(pk=claim.source_id)
            )
        claim.source = self.claim_sources[claim.source_id]
        try:
            claim.clean()
        except ValidationError as error:
            reasons = " ".join(
                message for messages in error.message_dict.values() for message in messages
            )
            source, start, end, event = claim.natural_key()
            raise CommandError(
                f"Claim ({source}, {start}, {end}, {event}) does not match its source: "
                f"{reasons} The fixture quotes “{claim.quote}”. Nothing was loaded."
            ) from None
