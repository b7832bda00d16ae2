"""The evening's domain: events, tables, phases, ideas and priorities, stored in SQLite.

Nothing here knows about Flask or Socket.IO. The web layer calls the functions in
:mod:`sessions.service` and translates :class:`sessions.errors.DomainError` codes into
messages in the user's language.
"""
