"""The PWS (local-area monitoring) dashboards and their downloads, read from
the stored figures: `tables` (an area's table), `series` (an indicator month
by month), `selectors` (every read), `areas` (the levels, linking here),
`views`, `urls` and `exports`. What other apps use is named here."""

from .tables import Period, Table, period_from

__all__ = ["Period", "Table", "period_from"]
