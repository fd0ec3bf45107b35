"""The coverage engine: turns visits into stored facts. Its whole public
surface is here: a full `rebuild` of a district (or one of its years), a
`refresh` that applies the change log, and the district lock with the
exception it raises."""

__all__ = ["DistrictBusy", "district_lock", "rebuild", "refresh"]


def __getattr__(name):
    # The engine's code still lives in reports.aggregation, which imports
    # modules of this package: resolved on first use, not at import.
    if name in __all__:
        from reports import aggregation

        return getattr(aggregation, name)
    raise AttributeError(name)
