from datetime import date

from followup.rules import Person, PregnancyFact, VisitFact, due_items, state


def child(born: date, *visits: tuple[date, str], weighed: tuple[date, ...] = ()) -> Person:
    facts = [VisitFact(day, frozenset(codes.split())) for day, codes in visits]
    facts += [VisitFact(day, frozenset(), weighed=True) for day in weighed]
    return Person(1, born, "L", facts)


def woman(born: date, *pregnancies: PregnancyFact, anc: tuple[date, ...] = (), codes: tuple = ()) -> Person:
    ongoing = next((p.pk for p in pregnancies if p.status == "ongoing"), None)
    visits = [VisitFact(day, frozenset(), pregnancy_id=ongoing, package="anc") for day in anc]
    visits += [VisitFact(day, frozenset(c.split())) for day, c in codes]
    return Person(2, born, "P", visits, list(pregnancies))


def listed(person: Person, on: date) -> dict[str, str]:
    """item → "due" or "overdue", for what the lists show on that day."""
    return {d.item: s for d in due_items(person) if (s := state(d, on)) in ("due", "overdue")}
