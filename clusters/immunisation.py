"""The national immunisation schedule (shared/domain/ILP.md §3) as data, and
a child's status from the doses given: what is due and whether complete basic
immunisation (imunisasi dasar lengkap, IDL) is reached."""

from dataclasses import dataclass
from datetime import date, timedelta

# (service code, due from age in days, series name, dose)
SCHEDULE = [
    ("IMM_HB0", 0, "HB0", 1),
    ("IMM_BCG", 0, "BCG", 1),
    ("IMM_OPV1", 0, "OPV", 1),
    ("IMM_DPT1", 61, "DPT-HB-Hib", 1),
    ("IMM_OPV2", 61, "OPV", 2),
    ("IMM_RV1", 61, "RV", 1),
    ("IMM_PCV1", 61, "PCV", 1),
    ("IMM_DPT2", 91, "DPT-HB-Hib", 2),
    ("IMM_OPV3", 91, "OPV", 3),
    ("IMM_RV2", 91, "RV", 2),
    ("IMM_PCV2", 91, "PCV", 2),
    ("IMM_DPT3", 122, "DPT-HB-Hib", 3),
    ("IMM_OPV4", 122, "OPV", 4),
    ("IMM_RV3", 122, "RV", 3),
    ("IMM_IPV1", 122, "IPV", 1),
    ("IMM_MR1", 274, "MR", 1),
    ("IMM_IPV2", 274, "IPV", 2),
    ("IMM_PCV3", 365, "PCV", 3),
    ("IMM_DPT4", 548, "DPT-HB-Hib", 4),
    ("IMM_MR2", 548, "MR", 2),
]
# Complete basic immunisation by 12 months: the doses below (the classic IDL
# set; the newer PCV and RV doses are scheduled but not required here).
BASIC_REQUIRED = ["IMM_HB0", "IMM_BCG", "IMM_OPV1", "IMM_OPV2", "IMM_OPV3", "IMM_OPV4", "IMM_DPT1", "IMM_DPT2",
                  "IMM_DPT3", "IMM_IPV1", "IMM_MR1"]
BASIC_BY_DAYS = 365
MIN_DAYS_BETWEEN_DOSES = 28
DUE_UNTIL_DAYS = 5 * 365  # stop listing missed doses after the fifth birthday

CODES = {code for code, *_ in SCHEDULE}
SERIES = {code: (series, dose) for code, _, series, dose in SCHEDULE}


@dataclass
class Status:
    given: list[str]
    due: list[str]
    basic_complete: bool
    basic_complete_on: date | None


def immunisation_status(birth_date: date, given: dict[str, date], today: date) -> Status:
    age = (today - birth_date).days
    due = [code for code, from_days, *_ in SCHEDULE if code not in given and from_days <= age <= DUE_UNTIL_DAYS]
    complete_on = None
    if all(code in given for code in BASIC_REQUIRED):
        complete_on = max(given[code] for code in BASIC_REQUIRED)
    # "Lengkap" means complete by the first birthday; later completion is
    # recorded (complete_on) but does not count as complete basic immunisation.
    on_time = complete_on is not None and (complete_on - birth_date).days < BASIC_BY_DAYS
    return Status(given=sorted(given), due=due, basic_complete=on_time, basic_complete_on=complete_on)


def dose_spacing_problems(given: dict[str, date], new: dict[str, date]) -> list[str]:
    """Doses of a series given less than a month after the previous dose."""
    problems = []
    for code, day in new.items():
        if code not in SERIES:
            continue
        series, dose = SERIES[code]
        previous = [c for c, (s, d) in SERIES.items() if s == series and d == dose - 1]
        for prev in previous:
            prev_day = given.get(prev) or new.get(prev)
            if prev_day and day - prev_day < timedelta(days=MIN_DAYS_BETWEEN_DOSES):
                problems.append(code)
    return problems
