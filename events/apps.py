from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Diplomatic events"

    def ready(self):
        from diplo import deadline
        from events import caching, csv_lines, disputes, documents, indexes, stamps, tallies

        deadline.connect()

        caching.connect_signals()
        post_migrate.connect(indexes.repair_sqlite_indexes, sender=self)
        post_migrate.connect(csv_lines.repair, sender=self)
        post_migrate.connect(tallies.repair, sender=self)
        post_migrate.connect(stamps.repair, sender=self)
        post_migrate.connect(documents.repair, sender=self)
        post_migrate.connect(disputes.repair, sender=self)
