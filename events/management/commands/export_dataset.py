from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from events import fixtures


class Command(BaseCommand):
    help = (
        "Write the curated dataset as a fixture that `loaddata` reproduces exactly: natural "
        "keys, models in dependency order, rows sorted by natural key, so two exports of the "
        "same data are byte-identical. By default only verified data: verified actors and "
        "their aliases, verified events and their links to exported actors, verified claims "
        "that are unassigned or belong to an exported event, and the sources those claims "
        "quote. A verified claim of an event not exported is left out (counted), not "
        "exported unassigned: unassigned, it would load as a different claim. References to "
        "rows not exported (an event's parent, fulfils or date claim; a claim's speaker or "
        "mentioned actors) are dropped, set to null or taken off the claim's mentions, and "
        "counted, so the file always loads. --all "
        "exports proposed and rejected rows too."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="fixture file to write (replaced atomically), or - for stdout"
        )
        parser.add_argument(
            "--all",
            action="store_true",
            dest="include_all",
            help="export proposed and rejected rows too, not only verified ones",
        )

    def handle(self, *args, path: str, include_all: bool, verbosity: int, **options):
        if path == "-":
            export = fixtures.dump_dataset(include_all=include_all)
            self.stdout.write(export.text, ending="")
            report = self.stderr  # stdout holds the fixture
        else:
            try:
                export = fixtures.export_dataset(path, include_all=include_all)
            except OSError as error:
                raise CommandError(f"Cannot write {path}: {error.strerror or error}") from None
            report = self.stdout
        if verbosity < 1:
            return
        counts = ", ".join(
            f"{count} {self._plural(label)}" for label, count in export.counts.items()
        )
        scope = "every row" if include_all else "verified rows only; --all for every row"
        where = "stdout" if path == "-" else path
        report.write(f"Exported {counts} to {where} ({scope}).", self.style.SUCCESS)
        if export.dropped:
            details = ", ".join(f"{count} {name}" for name, count in export.dropped.items())
            report.write(
                f"Dropped {export.dropped_total} reference(s) to rows not exported, "
                f"so the file loads: {details}.",
                self.style.WARNING,
            )
        if export.links_left_out:
            report.write(
                f"Left out {export.links_left_out} event-actor link(s) to actors not exported.",
                self.style.WARNING,
            )
        if export.claims_left_out:
            report.write(
                f"Left out {export.claims_left_out} verified claim(s) of events not exported.",
                self.style.WARNING,
            )

    @staticmethod
    def _plural(label: str) -> str:
        return str(apps.get_model(label)._meta.verbose_name_plural)
