"""Diplo's one app: diplomatic events, the sources that report them, and who said what.

Owns the data model (models: actors, sources, events, claims; the database's own
definitions kept beside it: triggers, indexes, documents, tallies, stamps, csv_lines),
the public pages (views, filters, selectors, chart, caching, exports), curation (admin,
services, throttle) and ingest (ingest/ for the text, services and tasks for storing it).

Imports go one way (tests/unit/test_layering.py): the request layer (views, exports, admin,
urls) uses selectors, services and caching, which use the models; nothing below the
request layer imports it, the models import neither reads nor writes built on them, and
nothing here imports the development data (devdata).
"""
