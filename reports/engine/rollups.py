"""The roll-ups of the facts per desa and per Puskesmas (CoverageRollup),
rewritten from the facts for the months a run wrote, inside the run's
transaction: a dashboard above the Posyandu reads stored sums."""

from datetime import date

from django.db import connection

from facilities.models import Facility
from reports.models import CoverageFact, CoverageRollup


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def rewrite(*, district: str, months: list[date], posyandu: list[int] | None = None) -> None:
    """Make the district's roll-ups of these months (first days) equal the
    sums of its facts: per (Puskesmas, desa) of the Posyandu, then per
    Puskesmas, each stamped with the newest computation of the facts it sums
    (what a page says of its figures' age). `posyandu`: only the Puskesmas of
    these Posyandu (a refresh's moved facts), else all. Set-based: two
    statements per level."""
    months = sorted(set(months))
    if not months or (posyandu is not None and not len(posyandu)):
        return
    r, f, fac = _table(CoverageRollup), _table(CoverageFact), _table(Facility)
    marks = ", ".join(["%s"] * len(months))
    only, only_params = "", []
    if posyandu is not None:
        ids = sorted({int(p) for p in posyandu})
        # A refresh touches a few Puskesmas: the others' sums stay as they are.
        only = (f" AND puskesmas_id IN (SELECT puskesmas_id FROM {fac} "
                f"WHERE id IN ({', '.join(['%s'] * len(ids))}))")
        only_params = ids
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {r} WHERE district_id = %s AND month IN ({marks}){only}",
                       [district, *months, *only_params])
        cursor.execute(
            f"INSERT INTO {r} (district_id, month, puskesmas_id, desa, indicator, numerator, denominator, computed_at) "
            f"SELECT f.district_id, f.month, p.puskesmas_id, p.region_id, f.indicator, SUM(f.numerator), "
            f"SUM(f.denominator), MAX(f.computed_at) FROM {f} f JOIN {fac} p ON p.id = f.posyandu_id "
            f"WHERE f.district_id = %s AND f.month IN ({marks}) AND p.puskesmas_id IS NOT NULL"
            f"{only.replace(' puskesmas_id IN', ' p.puskesmas_id IN')} "
            f"GROUP BY f.district_id, f.month, p.puskesmas_id, p.region_id, f.indicator",
            [district, *months, *only_params],
        )
        cursor.execute(
            f"INSERT INTO {r} (district_id, month, puskesmas_id, desa, indicator, numerator, denominator, computed_at) "
            f"SELECT district_id, month, puskesmas_id, '', indicator, SUM(numerator), SUM(denominator), "
            f"MAX(computed_at) "
            f"FROM {r} WHERE district_id = %s AND month IN ({marks}) AND desa <> ''{only} "
            f"GROUP BY district_id, month, puskesmas_id, indicator",
            [district, *months, *only_params],
        )
