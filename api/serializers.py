"""The API's shapes: what it reads (validated here, before any form or
service sees it) and what it answers (for the OpenAPI document)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

MAX_ID = 2**31 - 1


class Id(serializers.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


class Measure(serializers.CharField):
    """A measurement as typed: a decimal comma or point; empty or null for none."""

    def __init__(self, label, **kwargs):
        super().__init__(label=label, required=False, allow_null=True, allow_blank=True, max_length=20,
                         help_text=_("Decimal comma or point."), **kwargs)


class RowIn(serializers.Serializer):
    key = serializers.UUIDField(help_text=_("Made by the client; the same key is stored once."))
    patient = Id(required=False, allow_null=True)
    temp_id = serializers.CharField(required=False, allow_blank=True, max_length=64,
                                    help_text=_("A child registered offline, before the server gave its id."))
    weight_kg = Measure(_("Wt. (kg)"))
    length_cm = Measure(_("Len./ht. (cm)"))
    measured_lying = serializers.ChoiceField(choices=["lying", "standing", ""], required=False, allow_null=True)
    muac_cm = Measure(_("LiLA (cm)"))
    oedema = serializers.BooleanField(required=False, default=False)
    vitamin_a = serializers.BooleanField(required=False, default=False)
    immunisations = serializers.ListField(
        child=serializers.CharField(max_length=30), required=False, max_length=20,
        help_text=_("The doses given today (immunisation codes of the roster's list)."))
    immunisation = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=30,
                                         help_text=_("One dose given today: kept for clients that send one."))
    confirm_warnings = serializers.BooleanField(required=False, default=False)
    base_version = serializers.CharField(
        required=False, allow_null=True, max_length=64,
        help_text=_("The row's version when the client read it (null: no visit yet). Omitted: no check."))

    def validate(self, attrs):
        if not attrs.get("patient") and not attrs.get("temp_id"):
            raise serializers.ValidationError({"patient": [_("Say which child: patient or temp_id.")]},
                                              code="required")
        return attrs


class ChildIn(serializers.Serializer):
    key = serializers.UUIDField()
    temp_id = serializers.CharField(required=False, allow_blank=True, max_length=64)
    mother = Id()
    name = serializers.CharField(max_length=120)
    sex = serializers.ChoiceField(choices=["L", "P"])
    birth_date = serializers.DateField()
    nik = serializers.CharField(required=False, allow_blank=True, max_length=24)


class OutboxItem(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["row", "child"])
    session = Id()
    # The rest is a RowIn or a ChildIn, checked item by item.
    data = serializers.DictField()


class OutboxIn(serializers.Serializer):
    items = OutboxItem(many=True)


class ResultOut(serializers.Serializer):
    weight_kg = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    length_cm = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    muac_cm = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    oedema = serializers.BooleanField(allow_null=True)
    waz = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    haz = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    whz = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    weight_for_age_class = serializers.CharField()
    height_for_age_class = serializers.CharField()
    weight_for_height_class = serializers.CharField()
    growth_code = serializers.CharField()
    bgm = serializers.BooleanField(allow_null=True)
    flagged_z = serializers.CharField()


class RowOut(serializers.Serializer):
    key = serializers.UUIDField(required=False)
    patient = serializers.IntegerField()
    visit = serializers.IntegerField()
    version = serializers.CharField()
    values = serializers.DictField(child=serializers.CharField())
    result = ResultOut()
    replayed = serializers.BooleanField(required=False)


class ChildOut(serializers.Serializer):
    key = serializers.UUIDField(required=False)
    temp_id = serializers.CharField(required=False)
    patient = serializers.IntegerField()
    name = serializers.CharField()
    replayed = serializers.BooleanField(required=False)


class ErrorItem(serializers.Serializer):
    field = serializers.CharField(allow_null=True)
    message = serializers.CharField()
    code = serializers.CharField()


class ErrorsOut(serializers.Serializer):
    errors = ErrorItem(many=True)
    needs_confirmation = serializers.BooleanField(required=False)
    server = RowOut(required=False)


class OutboxResult(serializers.Serializer):
    key = serializers.CharField(allow_null=True)
    status = serializers.IntegerField()
    body = serializers.DictField()


class OutboxOut(serializers.Serializer):
    results = OutboxResult(many=True)


class PersonDue(serializers.Serializer):
    label = serializers.CharField()
    overdue = serializers.BooleanField()


class Option(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class Weighing(serializers.Serializer):
    date = serializers.DateField()
    kg = serializers.DecimalField(max_digits=5, decimal_places=2)


class RosterChild(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    sex = serializers.CharField()
    birth_date = serializers.DateField()
    age_months = serializers.IntegerField()
    lying_default = serializers.BooleanField()
    immunisations = Option(many=True)
    vitamin_a = serializers.BooleanField()
    due_today = PersonDue(many=True)
    referral = serializers.CharField(allow_null=True)
    previous_weighing = Weighing(allow_null=True)
    row = RowOut(allow_null=True)


class Named(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SessionOut(serializers.Serializer):
    id = serializers.IntegerField()
    posyandu = Named()
    date = serializers.DateField()
    vitamin_a_month = serializers.BooleanField()


class RosterOut(serializers.Serializer):
    session = SessionOut()
    read_at = serializers.DateTimeField()
    children = RosterChild(many=True)
    mothers = Named(many=True)
