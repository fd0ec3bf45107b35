import time

from django.core.management.base import BaseCommand, CommandError

from facilities.demo import DEMO_PASSWORD, DemoError, build_network


class Command(BaseCommand):
    help = "Build the demo district: facility network on real regions and one user per role."

    def add_arguments(self, parser):
        parser.add_argument("--district", default="36.01", help="Kemendagri code of a kabupaten/kota")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **opts):
        started = time.perf_counter()
        try:
            net = build_network(opts["district"], opts["seed"])
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{net.district.name}: {net.puskesmas} Puskesmas, {net.pustu} Pustu, "
            f"{net.posyandu} Posyandu in {time.perf_counter() - started:.1f} s"
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role, scope in net.users:
            self.stdout.write(f"  {username:<10} {role:<18} {scope}")
