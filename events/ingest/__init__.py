"""Ingest: from an article's text to proposals a curator verifies.

The text stages are plain Python over strings, with no database and no Django settings
(tests/unit/test_layering.py): documents (reading and checking a file), sentences, cues and
lexicon (what a sentence states), temporal (dates), aliases and actors (who), pipeline (the
stages in order); they may import events.dates and each other only. Beside them, what
touches the database: store (an analysed article stored as proposals), joining (which
event each claim joins, of those already reported), tasks (ingest jobs, run at once or
by a worker) and evaluation (scoring ingest against the curated dataset).
"""
