"""The evening's domain, by the evening's life: no Flask, no Socket.IO.

- ``ground/``: the records, errors, clock, ids, text, roles and file limits everything stands on;
- ``storage/``: the only SQL (SQLite or PostgreSQL), one module per area, numbered migrations;
- ``evening/``: the live evening, its commands, domain events and read models;
- ``people/``: the organiser's lists, imports and accounts;
- ``documents/``: the report, the imprint on the strategy and the follow-up, after the evening.

Each imports only those above it in this list. The web layer (dialog_app) calls the commands and read
models and translates :class:`sessions.ground.errors.DomainError` codes into the user's language.
"""
