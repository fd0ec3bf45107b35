"""The menu and every permission check ask the signed-in user's role; its
groups are read from the database once per user object, and a change of
groups through the user is seen at once."""

from django.contrib.auth.models import Group

from facilities.models import Role, User
from facilities.tests.factories import UserFactory


def test_asking_the_role_many_times_reads_the_groups_once(db, django_assert_num_queries):
    user = User.objects.get(pk=UserFactory(role=Role.PETUGAS_PUSTU).pk)
    with django_assert_num_queries(1):
        roles = {user.role for _ in range(10)}
    assert roles == {Role.PETUGAS_PUSTU}


def test_a_change_of_groups_is_seen_at_once(db):
    user = UserFactory(role=Role.KADER)
    assert user.role == Role.KADER
    user.groups.set([Group.objects.get(name=Role.STAF_DINKES)])
    assert user.role == Role.STAF_DINKES
    user.groups.clear()
    assert user.role is None
