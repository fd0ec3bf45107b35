"""The NIK (Nomor Induk Kependudukan): 16 digits = the kecamatan code of first
registration (provinsi, kab/kota, kecamatan: 2+2+2), birth date DDMMYY with 40
added to the day for women, and a 4-digit serial from 0001.

Rejections are what cannot be a NIK. Region codes that are unknown today and
disagreement with the recorded birth date or sex are warnings the user
confirms: codes change when regions split, and a NIK is not reissued when a
birth date is corrected.

Identifiers (NIK, No. KK, BPJS) reach us typed on phones in any script's digits:
`normalise` turns them into ASCII digits before every check, blind index and
storage, so one number has one form (and one patient, one household)."""

import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from facilities.models import Region

FEMALE_DAY_OFFSET = 40
_DOTS = {".", "\u2212"}  # and the full-width dot, through NFKC; U+2212 is the minus sign


@dataclass(frozen=True)
class Number:
    """An identifier of `length` digits: its name, and what is said when the
    count is wrong (the messages the forms have always used)."""

    label: str
    length: int
    wrong_length: str


NIK_NUMBER = Number(gettext_lazy("NIK"), 16, gettext_lazy("NIK must be exactly 16 digits."))
KK_NUMBER = Number(gettext_lazy("No. KK"), 16, gettext_lazy("No. KK must be exactly 16 digits."))
BPJS_NUMBER = Number(gettext_lazy("BPJS number"), 13, gettext_lazy("BPJS number must be exactly 13 digits."))


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


def normalise(raw: str | None) -> str:
    """Any script's decimal digits as ASCII digits; spaces, dots, dashes and
    invisible marks (a right-to-left mark pasted with Arabic-Indic digits)
    dropped. Anything else is kept, for digits_problem to name it."""
    out = []
    for ch in raw or "":
        digit = unicodedata.decimal(ch, None)
        if digit is not None:
            out.append(str(digit))
        elif ch.isspace() or unicodedata.category(ch) in ("Cf", "Pd") or unicodedata.normalize("NFKC", ch) in _DOTS:
            continue
        else:
            out.append(ch)
    return "".join(out)


def is_number(value: str, number: Number) -> bool:
    """`value` (normalised) is exactly number.length ASCII digits (str.isdigit
    and \\d alone would also take Arabic-Indic, Devanagari, full-width... digits)."""
    return len(value) == number.length and value.isascii() and value.isdigit()


def digits_problem(value: str, number: Number) -> str | None:
    """What is wrong with a normalised identifier, in words naming the field;
    None when it is number.length ASCII digits."""
    for ch in value:
        if not ("0" <= ch <= "9"):
            shown = ch if ch.isprintable() else f"U+{ord(ch):04X}"
            return _("%(field)s may contain only the digits 0–9: “%(char)s” is not a digit.") % {
                "field": number.label, "char": shown,
            }
    if len(value) != number.length:
        return str(number.wrong_length)
    return None


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
    if problem := digits_problem(nik, NIK_NUMBER):
        result.errors.append(problem)
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
