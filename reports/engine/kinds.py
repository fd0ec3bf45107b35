"""What a subject is, and which bit of an event row says what: the layout
the fold, the reader and the stored state share. Derived from the registry
(reports.indicators) at import."""

import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from reports.indicators import REGISTRY, Indicator

from .keys import REGISTRY_INDEX

NONE = 99  # "did not happen" while taking a minimum month; stored as 0
# The layout of the stored person-months' text (month_text): another
# layout is other state.
MONTH_TEXT = "base64-fixed"


@dataclass(frozen=True)
class Pick:
    """Events judged on one visit of the month: the latest (or first) of the
    subject's visits that month with the `candidate` event. The picked
    visit's day of the month is kept with the person-month (column
    `column`), so that a visit added later is weighed against it; visits on
    the same day all count."""
    column: str
    latest: bool
    candidate: int  # bit of the visits picked among
    picked: int  # bits taken from the picked visit only


@dataclass(frozen=True)
class Kind:
    """Subjects of one kind: people, or pregnancies (K1/K4/K6 count a
    woman's pregnancies apart)."""
    name: str
    indicators: tuple[Indicator, ...]
    flags: str  # the event row's column of this kind's event bits
    bits: dict  # (code, part) -> bit mask in that column; also ("contact"|"earlier", services): see history
    counts: dict  # code -> column holding the number of events
    picks: tuple[Pick, ...]

    @property
    def seed(self) -> int:
        # A registry or layout change changes every digest of the kind: its state is rewritten.
        return zlib.crc32(("|".join(i.fingerprint for i in self.indicators)
                           + f"{self.name}|{list(self.bits)}|{self.picks}|{MONTH_TEXT}").encode())

    def history(self, indicator: Indicator) -> tuple[int, list[tuple[tuple[str, ...], int]]]:
        """What of a subject's earlier years an indicator needs: the bits of
        the visits that carry it (a first_ever indicator's contacts, an
        all_of indicator's services), and per group of services the bit
        such a visit gets when its subject had one of them in an earlier
        year. Nothing for other indicators."""
        if indicator.first_ever:
            return self.bits[("contact", indicator.services)], [(indicator.services,
                                                                 self.bits[("earlier", indicator.services)])]
        if indicator.all_of:
            return (sum(self.bits[(indicator.code, part)] for part in range(len(indicator.parts))),
                    [(services, self.bits[("earlier", services)]) for services in indicator.parts])
        return 0, []


def _histories(indicators: Iterable[Indicator]) -> list[tuple[str, ...]]:
    """The groups of services whose earlier years count (see Kind.history)."""
    groups = {i.services for i in indicators if i.first_ever}
    groups |= {services for i in indicators if i.all_of for services in i.parts}
    return sorted(groups)


def _kind(name: str, flags: str) -> Kind:
    indicators = tuple(i for i in REGISTRY if i.subject == name)
    assert all(not (i.counts_events and i.all_of) for i in indicators), "n-th events of one service"
    keys = [(i.code, part) for i in indicators if not i.counts_events for part in range(len(i.parts))]
    firsts = sorted({i.services for i in indicators if i.first_ever})
    keys += [("contact", services) for services in firsts]
    keys += [("earlier", services) for services in _histories(indicators)]
    assert len(keys) < 63, "flags fit a bigint"
    bits = {key: 1 << bit for bit, key in enumerate(keys)}
    counts = {i.code: f"c{REGISTRY_INDEX[i.code]}" for i in indicators if i.counts_events}
    # Statuses judged on the latest visit among another indicator's events,
    # first contacts on the first visit with one of their services.
    picks = [Pick(f"d{flags}{n}", True, bits[(among, 0)],
                  sum(bits[(i.code, 0)] for i in indicators if i.latest_of == among))
             for n, among in enumerate(sorted({i.latest_of for i in indicators if i.latest_of}))]
    picks += [Pick(f"d{flags}{len(picks) + n}", False, bits[("contact", services)],
                   sum(bits[(i.code, 0)] for i in indicators if i.first_ever and i.services == services))
              for n, services in enumerate(firsts)]
    return Kind(name, indicators, flags, bits, counts, tuple(picks))


assert all(i.subject in ("patient", "pregnancy") for i in REGISTRY)
assert all(i.subject == "patient" and not i.counts_events for i in REGISTRY if i.source == "immunisation"), \
    "an immunisation is counted once, for a person"
KINDS = (_kind("patient", "fp"), _kind("pregnancy", "fq"))
PATIENT, PREGNANCY = KINDS
# What stored subject state means: a refresh moves only district-years built
# with the current registry and layout, and rebuilds the others.
STATE_VERSION = zlib.crc32(f"{PATIENT.seed}|{PREGNANCY.seed}".encode())
IMMUNISATION_BITS = sum(PATIENT.bits[(i.code, 0)] for i in PATIENT.indicators if i.source == "immunisation")
