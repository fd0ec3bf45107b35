"""The dashboards' areas: the network's levels (facilities.areas, shared with
the data-quality review) linking to the PWS pages."""

from django.urls import reverse

from facilities.areas import DESA, DISTRICT, POSYANDU, PUSKESMAS, Area, breadcrumbs, districts_for

__all__ = ["DESA", "DISTRICT", "POSYANDU", "PUSKESMAS", "PwsArea", "breadcrumbs", "desa_area", "district_area",
           "districts_for", "landing_area", "open_area", "posyandu_area", "puskesmas_area"]


class PwsArea(Area):
    def url(self, view: str = "", **extra) -> str:
        """The area's dashboard (`view`: "clusters", "indicator", "csv", …)."""
        name = f"reports:pws_{self.kind}" + (f"_{view}" if view else "")
        return reverse(name, kwargs={**self.url_kwargs(), **extra})


district_area = PwsArea.for_district
puskesmas_area = PwsArea.for_puskesmas
desa_area = PwsArea.for_desa
posyandu_area = PwsArea.for_posyandu
open_area = PwsArea.open
landing_area = PwsArea.landing
