"""How long an acknowledged visit takes to reach the dashboard's figures
under load. While the run goes on (and after it, until the figures have
caught up or a bound passes), `Probe` reads the district's refreshed_at
(every rebuild and refresh stamps it with the moment it started reading the
change log: the figures include every change logged before it) twice a
second. A visit acknowledged at t is in the figures from the first reading
whose refreshed_at is at least t: the visit was committed before its
acknowledgement. Latency: that reading's time minus t (an upper bound, to
the probe's interval)."""

import bisect
import threading
import time

import psycopg

TARGET_P95_S = 60  # issue 21: a saved visit on the dashboard within a minute
INTERVAL_S = 0.5


class Probe(threading.Thread):
    def __init__(self, database_url: str, district: str, year: int):
        super().__init__(name="freshness-probe", daemon=True)
        self.url, self.district, self.year = database_url, district, year
        self.seen: list[tuple[float, float]] = []  # (read at, refreshed_at), both epoch seconds
        self._stopping = threading.Event()

    def run(self):
        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self._stopping.is_set():
                row = conn.execute(
                    "SELECT extract(epoch FROM refreshed_at) FROM reports_coverageyear "
                    "WHERE district_id = %s AND year = %s", [self.district, self.year]).fetchone()
                if row and row[0] is not None and (not self.seen or float(row[0]) > self.seen[-1][1]):
                    self.seen.append((time.time(), float(row[0])))
                self._stopping.wait(INTERVAL_S)

    def caught_up_with(self, moment: float) -> bool:
        return bool(self.seen) and self.seen[-1][1] >= moment

    def wait_for(self, moment: float, seconds: float) -> None:
        """Wait (at most `seconds`) until the figures include what was logged before `moment`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not self.caught_up_with(moment):
            time.sleep(INTERVAL_S)

    def stop(self):
        self._stopping.set()
        self.join(timeout=5)

    def latencies(self, acknowledged_at: list[float]) -> list[float | None]:
        """Per acknowledgement: seconds until the figures included it (None: not within the run)."""
        stamps = [stamp for _read, stamp in self.seen]  # increasing
        result = []
        for t in acknowledged_at:
            i = bisect.bisect_left(stamps, t)
            result.append(self.seen[i][0] - t if i < len(stamps) else None)
        return result


def summary(latencies: list[float | None]) -> dict:
    """p50/p95/max in seconds; a save never included counts as beyond every bound."""
    if not latencies:
        return {"saves": 0}
    ordered = sorted(latencies, key=lambda s: float("inf") if s is None else s)

    def pct(q):
        value = ordered[min(len(ordered) - 1, int(q * len(ordered)))]
        return None if value is None else round(value, 1)

    return {"saves": len(ordered), "p50_s": pct(0.5), "p95_s": pct(0.95), "max_s": pct(1.0),
            "not_included": sum(1 for s in ordered if s is None), "target_p95_s": TARGET_P95_S}


def missed(result: dict) -> list[str]:
    if not result.get("saves"):
        return []
    if result["p95_s"] is None or result["p95_s"] > TARGET_P95_S:
        return [f"p95 from a saved visit to the dashboard is {result['p95_s']} s (target <= {TARGET_P95_S} s)"]
    return []
