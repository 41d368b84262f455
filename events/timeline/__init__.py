"""The public pages: the filterable timeline and the event, source and actor pages.

views.py answers requests (htmx partials and whole pages), filters.py turns the query string
into a validated filter set (a 400 naming the bad parameter), selectors.py makes every read
a page needs, chart.py draws the overview. Views may import selectors, filters, chart and
events.caching; selectors and filters import the models and the database's own definitions
(tallies, indexes), never the views.
"""
