from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from stock.catalogue import CATALOGUE_CSV, import_items


class Command(BaseCommand):
    help = ("Create or update stock items by code from a CSV file (columns: code, name, unit, category, programme, "
            "essential, doses_per_vial, safety_stock_months, active). All or nothing; --dry-run writes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("csv", nargs="?", default=str(CATALOGUE_CSV))
        parser.add_argument("--dry-run", action="store_true", help="Check and report, write nothing.")

    def handle(self, *args, **opts):
        try:
            text = Path(opts["csv"]).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(_("Cannot read %(path)s: %(error)s") % {"path": opts["csv"], "error": exc}) from exc
        report = import_items(text=text, dry_run=opts["dry_run"])
        for error in report.errors:
            self.stderr.write(str(error))
        if report.errors:
            raise CommandError(_("%(n)s problems found; nothing was written.") % {"n": len(report.errors)})
        for code in report.created:
            self.stdout.write(_("new: %(code)s") % {"code": code})
        for code, fields in report.updated.items():
            self.stdout.write(_("changed: %(code)s (%(fields)s)") % {"code": code, "fields": ", ".join(fields)})
        summary = _("%(created)s new, %(updated)s changed, %(unchanged)s unchanged.") % {
            "created": len(report.created), "updated": len(report.updated), "unchanged": report.unchanged}
        if report.dry_run:
            summary = _("Dry run, nothing written: %(summary)s") % {"summary": summary}
        self.stdout.write(summary)
