from datetime import date

import factory

from stock.models import Batch, Category, Funding, Item, Unit


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"UJI-{n:04d}")
    name = factory.Sequence(lambda n: f"Obat Uji {n} 500 mg")
    unit = Unit.TABLET
    category = Category.ESSENTIAL
    essential = True


class BatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Batch

    item = factory.SubFactory(ItemFactory)
    number = factory.Sequence(lambda n: f"B{n:05d}")
    expiry = date(2030, 12, 31)
    funding = Funding.APBD_II
