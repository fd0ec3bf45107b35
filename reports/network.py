"""The figures follow the facility network: Posyandu moved to another
Puskesmas or desa are summed into their new place in the write that moved
them (facilities.signals)."""

from django.dispatch import receiver

from facilities.signals import NetworkBusy, posyandu_moved

from . import engine


@receiver(posyandu_moved)
def _sum_moved_posyandu_again(sender, districts, **kwargs):
    for district in sorted(districts):
        try:
            engine.rollups_after_moves(district)
        except engine.DistrictBusy as busy:
            raise NetworkBusy(district) from busy
