"""The NIK (Nomor Induk Kependudukan): 16 digits = the kecamatan code of first
registration (provinsi, kab/kota, kecamatan: 2+2+2), birth date DDMMYY with 40
added to the day for women, and a 4-digit serial from 0001.

Rejections are what cannot be a NIK. Region codes that are unknown today and
disagreement with the recorded birth date or sex are warnings the user
confirms: codes change when regions split, and a NIK is not reissued when a
birth date is corrected."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from facilities.models import Region

NIK_RE = re.compile(r"^\d{16}$")
FEMALE_DAY_OFFSET = 40


@dataclass
class NikCheck:
    nik: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    birth_date: date | None = None
    sex: str | None = None  # "L" or "P"

    @property
    def ok(self) -> bool:
        return not self.errors


def normalise(raw: str) -> str:
    return re.sub(r"[\s.\-]", "", raw or "")


def decode_birth(nik: str, today: date) -> tuple[date | None, str | None]:
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "L"
    if day > FEMALE_DAY_OFFSET:
        day -= FEMALE_DAY_OFFSET
        sex = "P"
    # Two-digit years: the most recent century that is not in the future.
    year = 2000 + yy if 2000 + yy <= today.year else 1900 + yy
    try:
        born = date(year, month, day)
    except ValueError:
        return None, sex
    if born > today:
        born = date(year - 100, month, day) if not (month == 2 and day == 29) else None
    return born, sex


def check_nik(
    raw: str, *, birth_date: date | None = None, sex: str | None = None, today: date | None = None
) -> NikCheck:
    today = today or date.today()
    nik = normalise(raw)
    result = NikCheck(nik=nik)
    if not NIK_RE.match(nik):
        result.errors.append(_("NIK must be exactly 16 digits."))
        return result
    province, kabkota, kecamatan = nik[:2], f"{nik[:2]}.{nik[2:4]}", f"{nik[:2]}.{nik[2:4]}.{nik[4:6]}"
    known = set(Region.objects.filter(code__in=[province, kabkota, kecamatan]).values_list("code", flat=True))
    if province not in known:
        result.errors.append(
            _("The first two digits of the NIK (%(code)s) are not a known province.") % {"code": province}
        )
    born, nik_sex = decode_birth(nik, today)
    if born is None:
        result.errors.append(_("Digits 7–12 of the NIK are not a real birth date (DDMMYY, day + 40 for women)."))
    if nik[12:] == "0000":
        result.errors.append(_("The last four digits of the NIK (serial) cannot be 0000."))
    if result.errors:
        return result
    result.birth_date, result.sex = born, nik_sex
    if kabkota not in known:
        result.warnings.append(
            _("Kabupaten/kota code %(code)s in the NIK is not in today's region list.") % {"code": kabkota}
        )
    elif kecamatan not in known:
        result.warnings.append(
            _("Kecamatan code %(code)s in the NIK is not in today's region list.") % {"code": kecamatan}
        )
    if birth_date and born != birth_date:
        result.warnings.append(
            _("The NIK says born %(nik)s but the birth date entered is %(entered)s.")
            % {"nik": born.strftime("%d-%m-%Y"), "entered": birth_date.strftime("%d-%m-%Y")}
        )
    if sex and nik_sex != sex:
        result.warnings.append(
            _("The NIK is that of a woman, but the sex entered is male.")
            if nik_sex == "P"
            else _("The NIK is that of a man, but the sex entered is female.")
        )
    return result
