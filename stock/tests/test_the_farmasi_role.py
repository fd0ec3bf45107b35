from django.contrib.auth.models import Group

from facilities.models import Role


def perms(role):
    return set(Group.objects.get(name=role).permissions.values_list("content_type__app_label", "codename"))


def test_the_farmasi_role_is_a_group_that_reads_stock(db):
    assert {("stock", f"view_{m}") for m in ("item", "batch", "movement", "balance", "serviceitem")} == perms(
        Role.FARMASI)


def test_dinkes_and_district_admins_read_stock_and_write_none_of_it_in_the_admin(db):
    for role in (Role.STAF_DINKES, Role.ADMIN):
        stock = {codename for app, codename in perms(role) if app == "stock"}
        assert stock == {"view_item", "view_batch", "view_movement", "view_balance", "view_serviceitem"}
