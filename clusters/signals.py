from django.dispatch import Signal

# Sent after the commit of a transaction that wrote coverage change log rows
# (clusters/changes.py), so that the figures can follow without clusters
# knowing who computes them. Never sent for a rolled back transaction.
# Arguments: districts (a set of district codes).
coverage_changes_logged = Signal()
