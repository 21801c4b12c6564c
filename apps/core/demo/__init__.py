"""Demo and benchmark data behind ``manage.py seed_demo``.

- ``scenario`` (with ``jobs`` and ``accounts``): the KITB reference scenario and the demo logins;
- ``synthetic``: large national synthetic data for benchmarks, loaded with ``COPY``;
- ``names`` and ``catalog``: the names, places, vocations and employers both draw from;
- ``bulk``: column-array inserts (``COPY`` on PostgreSQL, ``bulk_create`` elsewhere).
"""
