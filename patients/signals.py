from django.dispatch import Signal

# Sent inside the merge transaction, after everything moved to `kept`.
# Arguments: kept, duplicate, duplicate_household_id.
patients_merged = Signal()
