from django.dispatch import Signal

# Sent inside the merge transaction before anything moves, so that apps can
# drop what they derive per person (it is recomputed after the merge).
# Arguments: kept, duplicate.
patients_merging = Signal()

# Sent inside the merge transaction, after everything moved to `kept`.
# Arguments: kept, duplicate, duplicate_household_id.
patients_merged = Signal()
