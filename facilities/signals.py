"""What the facility network announces to the apps that build on it (they
may import facilities; facilities imports none of them)."""

from django.dispatch import Signal

# Sent inside a write's transaction when Posyandu now lie in another
# Puskesmas or desa than before: figures summed per Puskesmas or desa from
# theirs are to be summed again before it commits. Argument: districts (a
# set of codes). A receiver that cannot do so now raises NetworkBusy.
posyandu_moved = Signal()


class NetworkBusy(Exception):
    """The figures that a network change touches are being written by
    another run: the change is not saved; it may be saved again shortly."""
