"""A person's history lists the saves that changed something, in words."""

from django.utils.translation import override

from patients.history import patient_history


def test_a_save_that_changes_nothing_adds_no_history_entry(people):
    son = people["son"]
    before = patient_history(son)
    son.save()
    son.save()
    assert patient_history(son) == before


def test_a_corrected_sex_shows_its_label_not_its_code(people):
    son = people["son"]
    son.sex = "P" if son.sex == "L" else "L"
    son.save()
    with override("en"):
        [(_label, old, new)] = patient_history(son)[0].changes
        assert {str(old), str(new)} == {"Male", "Female"}
