"""Work that may run outside the request: ingesting an article a curator added in admin.

Django's tasks framework runs it; with the default immediate backend it runs at once,
and a queue backend (configured in TASKS) would run it in a worker instead.
"""

from datetime import date

from django.tasks import task

from events import services
from events.ingest.documents import Article


@task
def ingest_article(
    *,
    body: str,
    origin: str,
    published_on: str | None,
    date_basis: str,
    title: str = "",
    publisher: str = "",
    url: str = "",
) -> dict:
    """Ingest one article; returns its result as plain data (task results are JSON)."""
    article = Article(
        origin=origin,
        body=body,
        published_on=date.fromisoformat(published_on) if published_on else None,
        date_basis=date_basis,
        title=title,
        publisher=publisher,
        url=url,
    )
    result = services.ingest_article(article, services.ActorDirectory())
    return {
        "status": result.status,
        "source": result.source.pk,
        "claims": result.claims,
        "events_new": result.events_new,
        "events_joined": result.events_joined,
        "actors_new": result.actors_new,
    }
