"""Items say what to look at in words and in the language's numbers: field
labels, z-score names and causes, never the stored codes."""

import lxml.html

from clusters.models import RecomputeCause
from quality.areas import posyandu_area

from .conftest import MONTH, query
from .factories import MeasurementFactory, RecomputationFactory, VisitFactory, child_at

CODES = ("weight_kg", "length_cm", "waz", "whz", "age_days", "growth_code", "weight_for_age_class", "birth_date",
         "flagged_z", "services")


def cards(client, home) -> dict[str, str]:
    html = client.get(posyandu_area(home["posyandu_pustu"].pk).url() + query(MONTH)).content.decode()
    return {card.get("data-kind"): " ".join(card.text_content().split())
            for card in lxml.html.fromstring(html).xpath("//article[contains(@class, 'quality-item')]")}


def test_each_card_names_fields_causes_and_z_scores_in_words(client, cast, home):
    child = child_at(home["posyandu_pustu"], name="Dimas")
    confirmed = VisitFactory(patient=child, date=MONTH, confirmed=["weight_kg", "services"], entered=MONTH)
    MeasurementFactory(visit=confirmed, weight_kg="19.25")
    flagged = VisitFactory(patient=child, date=MONTH, entered=MONTH)
    MeasurementFactory(visit=flagged, weight_kg="3.1", flagged_z="waz,whz")
    RecomputationFactory(visit=flagged, cause=RecomputeCause.WEIGHING,
                         fields=["age_days", "growth_code", "weight_for_age_class", "waz"], recorded=MONTH)
    client.force_login(cast["kapus"])
    shown = cards(client, home)
    assert set(shown) == {"confirmed", "flagged_z", "recomputed"}
    assert "Berat badan (kg)" in shown["confirmed"] and "19,25" in shown["confirmed"]
    assert "Layanan yang diberikan" in shown["confirmed"]
    assert "BB/U" in shown["flagged_z"] and "BB/TB" in shown["flagged_z"] and "3,1" in shown["flagged_z"]
    assert str(RecomputeCause.WEIGHING.label) in shown["recomputed"] or "penimbangan" in shown["recomputed"].lower()
    for text in shown.values():
        assert not any(code in text.split() or f"{code}," in text for code in CODES), text


def test_the_page_speaks_english_when_chosen(client, cast, home):
    child = child_at(home["posyandu_pustu"], name="Dimas")
    VisitFactory(patient=child, date=MONTH, confirmed=["weight_kg"], entered=MONTH)
    client.force_login(cast["kapus"])
    client.post("/i18n/setlang/", {"language": "en"})
    shown = cards(client, home)
    assert "Weight (kg)" in shown["confirmed"]
