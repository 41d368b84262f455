from itertools import batched

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.management.commands import loaddata
from django.db.models import F, Q
from django.db.models.functions import Length, Substr

from events.models import Claim, Source

CHECKED_AT_ONCE = 1000  # claims or sources per checking query


class Command(loaddata.Command):
    help = (
        f"{loaddata.Command.help} Claims are checked once loaded: a claim whose quote is not "
        "its source's text between its offsets refuses the whole load, naming the claim."
    )

    def loaddata(self, fixture_labels):
        # Fixtures save raw, past Claim.clean(). What they saved is checked at the end,
        # still inside the load's transaction: claims saved, and claims of sources saved
        # (a source's text may have changed under claims already stored).
        self.saved: dict[type, list[int]] = {Claim: [], Source: []}
        super().loaddata(fixture_labels)
        for field, model in (("pk", Claim), ("source_id", Source)):
            for keys in batched(dict.fromkeys(self.saved[model]), CHECKED_AT_ONCE):
                self.check_claims(Claim.objects.using(self.using).filter(**{f"{field}__in": keys}))

    def save_obj(self, obj):
        saved = super().save_obj(obj)
        if saved and type(obj.object) in self.saved:
            self.saved[type(obj.object)].append(obj.object.pk)
        return saved

    def check_claims(self, claims) -> None:
        """Raise CommandError (rolling the whole load back) unless every quote is its span."""
        # Substr stops at the text's end, so an end past it is checked on its own.
        span = Substr("source__text", F("start") + 1, F("end") - F("start"))
        wrong = (
            claims.alias(span=span, length=Length("source__text"))
            .filter(~Q(quote=F("span")) | Q(end__gt=F("length")))
            .select_related("source", "event")
        )
        claim = wrong.order_by("pk").first()
        if claim is None:
            return
        try:
            claim.clean()
            reasons = "The quote differs from the source text there."
        except ValidationError as error:
            reasons = " ".join(
                message for messages in error.message_dict.values() for message in messages
            )
        source, start, end, event = claim.natural_key()
        raise CommandError(
            f"Claim ({source}, {start}, {end}, {event}) does not match its source: "
            f"{reasons} The fixture quotes “{claim.quote}”. Nothing was loaded."
        )
