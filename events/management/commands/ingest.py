from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from events.ingest import store, tasks
from events.ingest.documents import ArticleError, read_article


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--published {value!r} is not a date like 2021-04-28") from None


def _files(paths: list[Path]) -> list[Path]:
    """Files named, and the files inside folders named (sorted, hidden ones skipped)."""
    found = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                child
                for child in path.rglob("*")
                if child.is_file() and not any(part.startswith(".") for part in child.parts)
            )
        else:
            found.append(path)
    return found


class Command(BaseCommand):
    help = (
        "Ingest articles (seed format or plain UTF-8 text): store each as a Source and "
        "propose the events, claims and actors it states, for curators to review."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="files or folders")
        parser.add_argument(
            "--dry-run", action="store_true", help="analyse and report, store nothing"
        )
        parser.add_argument(
            "--published", type=_day, help="publication date for files without a date header"
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="hand the files to the task queue (DIPLO_TASKS=database) for "
            "`manage.py db_worker` to ingest, instead of ingesting them here",
        )

    def handle(self, *args, paths, dry_run, published, queue, **options):
        files = _files(paths)
        if queue:
            return self._queue(files, published, dry_run)
        interactive = self.stdout.isatty()
        directory = store.ActorDirectory()
        rows, failures = [], 0
        for number, path in enumerate(files, 1):
            if interactive:
                self._progress(number, len(files), path)
            try:
                article = read_article(path, published)
                result = store.ingest_article(article, directory, dry_run=dry_run)
            except (ArticleError, DatabaseError) as error:
                # A database that stays locked or away, or refuses a value, fails this file
                # (its transaction rolled back), not the run.
                failures += 1
                rows.append((str(path), "failed", "", "", "", ""))
                self.stderr.write(self.style.ERROR(f"{path}: {error}"))
                continue
            rows.append(
                (
                    str(path),
                    result.status,
                    str(result.claims),
                    str(result.events_new),
                    str(result.events_joined),
                    str(result.actors_new),
                )
            )
            if not interactive:
                self.stdout.write(self._line(path, result, dry_run))
        if interactive:
            self.stdout.write("")
        self._summary(rows, dry_run)
        if failures:
            raise CommandError(
                f"{failures} of {len(files)} file(s) failed; nothing of them was stored."
            )

    def _queue(self, files: list[Path], published: date | None, dry_run: bool) -> None:
        if dry_run:
            raise CommandError("--queue stores jobs; --dry-run stores nothing: choose one.")
        if tasks.runs_in_request():
            raise CommandError(
                "--queue needs a task queue: set DIPLO_TASKS=database (and run "
                "`manage.py db_worker`), or leave --queue out to ingest here."
            )
        failures = 0
        for path in files:
            try:
                job = tasks.create_job(read_article(path, published))
            except ArticleError as error:
                failures += 1
                self.stderr.write(self.style.ERROR(f"{path}: {error}"))
                continue
            tasks.queue([job])
            self.stdout.write(f"{path}: queued as ingest job {job.pk}")
        self.stdout.write(
            f"{len(files) - failures} file(s) queued. `manage.py db_worker` ingests them "
            "(--batch: what is queued, then exit); admin lists each job's state under "
            "Ingest jobs."
        )
        if failures:
            raise CommandError(f"{failures} of {len(files)} file(s) could not be read; not queued.")

    def _line(self, path, result, dry_run) -> str:
        if result.status == "duplicate":
            return f"{path}: unchanged, the same text is already stored as “{result.source.slug}”"
        verb = "would propose" if dry_run else "proposed"
        return (
            f"{path}: {verb} {result.claims} claim(s), {result.events_new} new event(s), "
            f"{result.events_joined} joined existing, {result.actors_new} new actor(s)"
            + (
                f", {result.fulfilments_proposed} fulfilment(s) of a planned event"
                if result.fulfilments_proposed
                else ""
            )
        )

    def _progress(self, number: int, total: int, path: Path) -> None:
        width = 30
        done = width * number // total
        bar = "#" * done + "-" * (width - done)
        self.stdout.write(f"\r[{bar}] {number}/{total} {path.name[:40]:<40}", ending="")
        self.stdout.flush()

    def _summary(self, rows, dry_run) -> None:
        header = ("file", "result", "claims", "new events", "joined", "new actors")
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        self.stdout.write("")
        self.stdout.write("Dry run: nothing was stored." if dry_run else "Summary:")
        for row in [header, *rows]:
            self.stdout.write(
                "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            )
