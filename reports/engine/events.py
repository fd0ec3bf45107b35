"""From the columns read per visit to each visit's events: per kind of
subject a bit mask ("fp", "fq"), a count per indicator that counts events,
and per pick (kinds.Pick) the day of the month of each visit it may pick.
What an event is comes from the indicators' own methods (ages, parts,
gestational age); the reads it needs besides (HPHT, earlier years) are the
reader's."""

import numpy as np

from reports.indicators import AGE_LIMITS, Indicator, first_day_past

from .keys import calendar, year_month
from .kinds import KINDS, PREGNANCY, Kind


def completed_months(born: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Age on `day` in completed calendar months (both day numbers), as
    clusters.anthropometry.completed_months counts it: a month is complete
    on the birth day's date, or on the last day of a shorter month."""
    born_month, born_first, _length = calendar(born)
    month, first, length = calendar(day)
    anniversary = np.minimum(born - born_first, length - 1)  # 0 = the 1st
    return month - born_month - ((day - first) < anniversary)


def day_of_month(day: np.ndarray) -> np.ndarray:
    """1-31 of day numbers."""
    return day - calendar(day)[1] + 1


class Events:
    """The event side of the Reader (reader.py): it holds service_bits,
    service_ids, condition_of and conditions, and reads last_periods and
    seen_before."""

    def events(self, rows: dict, indicator: Indicator, part: int = 0) -> np.ndarray:
        """Per visit row: how many events of the indicator (of one of its
        parts) it holds, at the ages it counts ("age": in completed months)."""
        if indicator.source == "measurement":
            count = ((rows["meas"] & self.condition_of[indicator.code]) != 0).astype(np.int64)
        else:
            count = self.given(rows, indicator.parts[part])
        count[~indicator.at_age(rows["age"])] = 0
        return count

    def given(self, rows: dict, codes: tuple[str, ...]) -> np.ndarray:
        """Per visit row, how many of these services it gave."""
        count = np.zeros(len(rows["svc"]), dtype=np.int64)
        for bit in [self.service_bits[self.service_ids[c]] for c in codes if c in self.service_ids]:
            count += (rows["svc"] & bit) != 0
        return count

    def flags(self, rows: dict, immunised: dict) -> dict:
        """The visit rows and immunised children as event rows."""
        n_immunised = len(immunised["pid"])
        none = np.zeros(n_immunised, dtype=np.int64)
        out = {name: np.concatenate([rows[name], immunised.get(name, none)]) for name in ("pid", "preg", "pos")}
        out["yr"], out["mo"] = year_month(np.concatenate([rows["day"], immunised["day"]]))
        rows["age"] = completed_months(rows["born"], rows["day"])
        visits = self._visit_events(rows)
        self._history(rows, visits)
        dom = day_of_month(rows["day"]) if any(kind.picks for kind in KINDS) else None
        for kind in KINDS:
            imm = np.zeros(n_immunised, dtype=np.int64)
            for indicator in kind.indicators:
                if indicator.source == "immunisation":
                    imm |= kind.bits[(indicator.code, 0)]
            out[kind.flags] = np.concatenate([visits[kind.flags], imm])
            for column in kind.counts.values():
                out[column] = np.concatenate([visits[column], none])
            for pick in kind.picks:
                out[pick.column] = np.concatenate([np.where(visits[kind.flags] & pick.candidate, dom, 0), none])
        return out

    def _visit_events(self, rows: dict) -> dict:
        """Per visit the event columns of `flags`. A district's visits share
        few combinations of services, measurement bits, age band (between
        the indicators' age limits) and pregnancy: the events are worked out
        once per combination and spread back."""
        band = np.searchsorted(np.array(AGE_LIMITS, dtype=np.int64), rows["age"], side="right")
        widths = [len(self.service_bits), len(self.conditions), len(AGE_LIMITS).bit_length(), 1]
        if sum(widths) > 62:  # no single key: row by row
            return self._events_of(rows)
        key = rows["svc"]
        for column, width in zip((rows["meas"], band, (rows["preg"] != 0).astype(np.int64)), widths[1:],
                                 strict=True):
            key = (key << width) | column
        _combinations, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        # An age inside each visit's band stands for its age.
        ages = np.array([-1, *AGE_LIMITS], dtype=np.int64)[band[first]]
        sample = {"svc": rows["svc"][first], "meas": rows["meas"][first], "preg": rows["preg"][first], "age": ages}
        return {column: values[inverse] for column, values in self._events_of(sample).items()}

    def _events_of(self, rows: dict) -> dict:
        out = {}
        pregnant = rows["preg"] != 0
        for kind in KINDS:
            mask = np.zeros(len(rows["svc"]), dtype=np.int64)
            for indicator in kind.indicators:
                if indicator.source == "immunisation":
                    continue
                for part in range(len(indicator.parts)):
                    count = self.events(rows, indicator, part)
                    if kind is PREGNANCY:
                        count[~pregnant] = 0
                    if indicator.counts_events:
                        out[kind.counts[indicator.code]] = count
                    else:
                        mask |= np.where(count > 0, kind.bits[(indicator.code, part)], 0)
            for key, bit in kind.bits.items():
                if key[0] == "contact":
                    given = self.given(rows, key[1]) > 0
                    mask |= np.where(given & pregnant if kind is PREGNANCY else given, bit, 0)
            out[kind.flags] = mask
        return out

    def _history(self, rows: dict, visits: dict) -> None:
        """What the visit rows' events owe to other visits of their subject
        (see Kind.history): a first contact outside an indicator's
        gestational age loses its event, and a visit whose subject had one
        of a group of services in an earlier year is marked so (the fold
        then counts a first contact only in its first year, and an all_of
        service given last year as given)."""
        for kind in KINDS:
            flags, done = visits[kind.flags], set()
            subject = rows["preg"] if kind is PREGNANCY else rows["pid"]
            for indicator in kind.indicators:
                carriers, groups = kind.history(indicator)
                at = np.flatnonzero(flags & carriers)
                if not len(at):
                    continue
                if indicator.max_gestation_weeks:
                    outside = ~self._within_weeks(rows, at, indicator.max_gestation_weeks)
                    flags[at[outside]] &= ~kind.bits[(indicator.code, 0)]
                groups = [(services, bit) for services, bit in groups if services not in done]
                if groups:
                    seen = self.seen_before(kind, [services for services, _bit in groups], subject[at],
                                            rows["day"][at], rows["svc"][at])
                    for (services, bit), earlier in zip(groups, seen, strict=True):
                        flags[at[earlier]] |= bit
                        done.add(services)

    def _within_weeks(self, rows: dict, at: np.ndarray, weeks: int) -> np.ndarray:
        """Whether the pregnancy visits `at` were at a gestational age of at
        most `weeks` completed weeks: as recorded at the visit, else counted
        from the pregnancy's first day of the last period (see last_periods)."""
        meas = rows["meas"][at]
        within = (meas & self.condition_of[f"gestation<={weeks}"]) != 0
        unrecorded = np.flatnonzero((meas & self.condition_of["gestation"]) == 0)
        if len(unrecorded):
            pregnancies = rows["preg"][at[unrecorded]]
            lmp = self.last_periods(np.unique(pregnancies))
            known = np.isin(pregnancies, lmp["preg"])
            started = np.zeros(len(pregnancies), dtype=np.int64)
            started[known] = lmp["lmp"][np.searchsorted(lmp["preg"], pregnancies[known])]
            within[unrecorded] = known & (rows["day"][at[unrecorded]] - started < first_day_past(weeks))
        return within

    def seen_before(self, kind: Kind, groups, subject, day, svc) -> list[np.ndarray]:
        raise NotImplementedError

    def last_periods(self, pregnancies: np.ndarray) -> dict:
        raise NotImplementedError
