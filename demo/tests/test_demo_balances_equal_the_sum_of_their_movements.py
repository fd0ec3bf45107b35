"""The demo's balances are computed from its ledger in one statement: each
equals the sum of its card's movements, and every card has its balance."""

from django.db.models import Sum

from stock.models import Balance, Movement


def test_every_demo_balance_equals_the_sum_of_its_movements(stocked_year):
    sums = {(row["facility_id"], row["batch_id"]): row["n"] for row in
            Movement.objects.values("facility_id", "batch_id").annotate(n=Sum("quantity"))}
    balances = dict(((f, b), q) for f, b, q in Balance.objects.values_list("facility_id", "batch_id", "quantity"))

    assert stocked_year.movements > 0 and stocked_year.balances == len(balances)
    assert balances == sums
