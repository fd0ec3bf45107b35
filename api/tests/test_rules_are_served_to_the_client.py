"""GET /api/v1/rules/: the session row's entry rules for the offline client,
equal to the server's own modules, in the user's language, downloaded once."""

import gzip
import json

import pytest
from django.conf import settings
from django.utils import translation

from clusters import anthropometry, growth_codes, measurements, nutrition_classes, who_tables
from clusters import thresholds as t

URL = "/api/v1/rules/"


@pytest.fixture
def kader_client(client, cast):
    client.force_login(cast["kader"])
    return client


def rules_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return json.loads(body)


def test_the_rules_need_a_login(client, db):
    response = client.get(URL)
    assert response.status_code in (401, 403)
    assert "tables" not in response.content.decode()


def test_the_thresholds_are_the_servers_own(kader_client):
    rules = rules_of(kader_client.get(URL))
    assert rules["confirm_z"] == {index: list(bounds) for index, bounds in t.CONFIRM_Z.items()}
    assert rules["implausible_z"] == {index: list(bounds) for index, bounds in t.IMPLAUSIBLE_Z.items()}
    for key in ("weight_kg:child", "length_cm:child", "muac_cm"):
        assert rules["ranges"][key] == [str(bound) for bound in t.RANGES[key]]
    assert rules["child_max_years"] == t.CHILD_MAX_YEARS
    assert rules["weight_change"] == {
        "per_month_kg": [[under, str(kg)] for under, kg in t.WEIGHT_CHANGE_PER_MONTH_KG],
        "per_month_share": str(t.WEIGHT_CHANGE_PER_MONTH_SHARE),
        "max_loss_share": str(t.WEIGHT_MAX_LOSS_SHARE),
        "days_per_month": str(anthropometry.DAYS_PER_MONTH),
    }
    assert rules["bgm_waz"] == nutrition_classes.BGM_WAZ
    assert {int(months): grams for months, grams in rules["kbm_grams"].items()} == growth_codes.KBM_GRAMS
    assert rules["growth_codes"] == {code.name: code.value for code in growth_codes.GrowthCode}
    assert rules["classification"] == {
        index: [[label.value, op, bound] for label, op, bound in bands]
        for index, bands in nutrition_classes.CLASSIFICATION.items()
    }


def test_the_who_tables_are_the_servers_own(kader_client):
    who = rules_of(kader_client.get(URL))["who"]
    assert who["max_age_days"] == anthropometry.MAX_AGE_DAYS
    assert who["height_from_days"] == who_tables.HEIGHT_FROM_DAYS
    assert who["position_correction_cm"] == anthropometry.POSITION_CORRECTION_CM
    assert who["wfl_range_cm"] == list(who_tables.WFL_RANGE_CM)
    assert who["wfh_range_cm"] == list(who_tables.WFH_RANGE_CM)
    assert set(who["tables"]) == {"weianthro", "lenanthro", "wflanthro", "wfhanthro", "bmianthro"}
    for name, table in who["tables"].items():
        rows = who_tables.lms_table(name)
        for sex in (1, 2):
            columns = table[str(sex)]
            sent = {(sex, columns["start"] + i): who_tables.LMS(columns["l"][i], columns["m"][i], columns["s"][i])
                    for i in range(len(columns["l"]))}
            assert sent == {key: p for key, p in rows.items() if key[0] == sex}


def test_the_messages_are_in_indonesian_by_default(kader_client):
    rules = rules_of(kader_client.get(URL))
    assert rules["language"] == "id"
    assert rules["format"]["decimal_separator"] == ","
    with translation.override("id"):
        assert rules["messages"] == {key: translation.gettext(m) for key, m in measurements.MESSAGES.items()}
        assert rules["z_names"]["waz"] == str(measurements.Z_NAMES["waz"])
    assert rules["messages"]["out_of_range"] != measurements.MESSAGES["out_of_range"]
    assert "%(low)s" in rules["messages"]["out_of_range"]


def test_the_messages_follow_the_language_the_user_chose(kader_client):
    kader_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    rules = rules_of(kader_client.get(URL))
    assert rules["language"] == "en"
    assert rules["messages"]["out_of_range"] == measurements.MESSAGES["out_of_range"]
    assert rules["format"]["decimal_separator"] == "."


def test_a_phone_downloads_the_rules_once(kader_client):
    first = kader_client.get(URL)
    assert first["ETag"]
    assert "private" in first["Cache-Control"]
    again = kader_client.get(URL, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    kader_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    other_language = kader_client.get(URL, headers={"If-None-Match": first["ETag"]})
    assert other_language.status_code == 200
    assert other_language["ETag"] != first["ETag"]


def test_the_rules_are_sent_compressed_when_the_phone_accepts_it(kader_client):
    plain = kader_client.get(URL)
    packed = kader_client.get(URL, headers={"Accept-Encoding": "gzip, deflate"})
    assert packed["Content-Encoding"] == "gzip"
    assert len(packed.content) < len(plain.content) / 3
    assert rules_of(packed) == rules_of(plain)
