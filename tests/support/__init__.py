"""What the tests share: helpers, data sets, and the servers they start (the app, nginx, Redis, PostgreSQL).

Test modules import from here, never from each other; fixtures are in the conftest.py files.
"""
