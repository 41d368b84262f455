"""Ingest's text stages: from an article's text to proposed claims, events and actors.

Plain Python over strings, with no database and no Django settings (tests/test_layering.py):
documents (reading and checking a file), sentences, cues and lexicon (what a sentence
states), temporal (dates), aliases and actors (who), pipeline (the stages in order). It
may import events.dates and itself only; events.services stores what it proposes.
"""
