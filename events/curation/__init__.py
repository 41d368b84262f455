"""Curation: what curators do to the data in admin besides editing rows (review, merge).

store.py holds the writes; the admin (events.admin) is their only caller. May import
the models and events.caching.
"""
