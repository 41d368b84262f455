"""The commitments page: planned and cancelled events with their state (kept, overdue,
pending, cancelled), and its CSV and JSON exports.

views.py and exports.py answer requests; filters.py turns the query string into a
validated filter set (a 400 naming each bad parameter); selectors.py makes every read,
with each commitment's state computed in the database. Views and exports may import
selectors, filters, events.visibility and the shared export helpers of events.exports;
selectors and filters import the models and the timeline's filters and selectors (the
partial dates, who sees which claims), never a view.
"""
