import factory
from django.contrib.auth.models import Group

from facilities.models import Catchment, Facility, FacilityType, Region, region_level_of, region_parent_code


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "36"
    name = factory.Sequence(lambda n: f"Wilayah {n}")
    level = factory.LazyAttribute(lambda o: region_level_of(o.code))
    parent_id = factory.LazyAttribute(lambda o: region_parent_code(o.code))


class RegionTreeFactory:
    """Provinsi 36 with kabupaten 36.01 and 36.02, each with kecamatan .01 and
    .02 holding desa 2001-2003 (codes of the real Banten shape)."""

    @staticmethod
    def build_tree():
        RegionFactory(code="36", name="Banten")
        for kab, name in (("36.01", "Kabupaten Pandeglang"), ("36.02", "Kabupaten Lebak")):
            RegionFactory(code=kab, name=name, population_total=1_000_000)
            for kec in ("01", "02"):
                RegionFactory(code=f"{kab}.{kec}", name=f"Kecamatan {kab}.{kec}")
                for desa in ("2001", "2002", "2003"):
                    RegionFactory(code=f"{kab}.{kec}.{desa}", name=f"Desa {kab}.{kec}.{desa}")
        return Region.objects.all()


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility
        skip_postgeneration_save = True

    type = FacilityType.PUSKESMAS
    code = factory.Sequence(lambda n: f"F{n:06d}")
    name = factory.Sequence(lambda n: f"Fasilitas {n}")
    region_id = "36.01.01.2001"

    @factory.post_generation
    def catchment(self, create, extracted, **kwargs):
        if create and extracted:
            Catchment.objects.bulk_create([Catchment(desa_id=code, puskesmas=self) for code in extracted])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "facilities.User"
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Uji"
    password = factory.PostGenerationMethodCall("set_password", "rahasia-uji-123")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get_or_create(name=extracted)[0])
        if create:
            self.save()


def import_real_provinces(tmp_path, *provinces: str) -> None:
    """The real regions of some provinces (e.g. "36" Banten, "14" Riau), from
    the shipped decree file: importing the whole country takes seconds."""
    import csv

    from facilities.region_import import DEFAULT_REGIONS_CSV, import_regions

    with open(DEFAULT_REGIONS_CSV, encoding="utf-8") as fh:
        rows = list(csv.reader(fh))[1:]
    path = tmp_path / "regions.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["kode", "nama"])
        writer.writerows(r for r in rows if r[0].split(".")[0] in provinces)
    import_regions(path)
