"""The district a bench command measures: seeded with `people` now unless it
already holds that many (IGD quick registrations, added on top, aside)."""

from django.core.management import call_command

from patients.models import Patient


def people_held(district: str) -> int:
    """The people seeded in the district, without the IGD's quick registrations."""
    return Patient.objects.filter(household__posyandu__district_id=district, provisional=False).count()


def ensure_seeded(district: str, people: int | None, *, seed: int, out) -> None:
    if people is None:
        return
    if people_held(district) != people:
        call_command("seed_demo", district=district, people=people, seed=seed, stdout=out)
