# Dashboards are read-only aggregates over the other apps (see selectors.py).
