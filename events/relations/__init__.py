"""One pair of actors over time: /relations/<actor>/<actor>/ and the pair picker's redirect.

views.py answers requests (the page, the picker's redirect, 400 and 404 pages),
selectors.py makes every read the page needs (the pair's events by month and type, the
people of each side, the commitments by state) and holds PLOVER's table of quad classes,
chart.py turns the counts into the SVG's geometry. Views may import selectors, chart,
events.caching and events.visibility; selectors import the models only; chart imports
selectors' table and the timeline chart's axis helpers (events.timeline.chart), never the
views.
"""
