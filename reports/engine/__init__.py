"""The coverage engine: turns visits into stored facts. Its whole public
surface is here: a full `rebuild` of a district (or one of its years), a
`refresh` that applies the change log, `rollups_after_moves` when Posyandu
moved between Puskesmas or desa, and the district lock with the exception
it raises. docs/decisions/0018-coverage-engine.md describes its
parts:

- rebuilding.py, refreshing.py: the two runs, each read top to bottom;
  moves.py: the roll-ups summed again after the network changed;
- reader.py, events.py, fold.py (with kinds.py and keys.py): reading the
  sources and folding them into subjects and facts;
- reference.py: the same figures one indicator at a time through the ORM,
  for the tests;
- people.py (with groups.py): the people behind a cell, who is in its
  target group and who it counts, for the dashboards' people lists;
- facts.py, state.py, rollups.py: what is stored;
- plumbing/: the database (both backends) and the speed tricks."""

__all__ = ["DistrictBusy", "district_lock", "rebuild", "refresh", "rollups_after_moves"]

_HOMES = {"DistrictBusy": "plumbing", "district_lock": "plumbing", "rebuild": "rebuilding", "refresh": "refreshing",
          "rollups_after_moves": "moves"}


def __getattr__(name):
    # Resolved on first use, not at import: the models must be loaded first.
    if name in _HOMES:
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(name)
