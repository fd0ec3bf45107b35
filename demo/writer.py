"""The demo's one bulk writer, shared by every generator: COPY on PostgreSQL
(about half the time of batched INSERTs for a large district), one
`executemany` INSERT per batch elsewhere (rows with their ids) or
bulk_create (objects that need ids). Rows bypass save() and signals, so no
history rows are written; the number of statements grows with batches, never
with rows."""

import json

from django.db import connection, models
from django.utils import timezone

BATCH_SIZE = 2000


class BulkWriter:
    """Rows of any number of models, kept per model until `flush`, or
    objects written at once with `insert`."""

    def __init__(self):
        self.pg = connection.vendor == "postgresql"
        self.rows: dict[type, list] = {}

    # -- rows with their ids given ----------------------------------------

    def add(self, model, row) -> None:
        self.rows.setdefault(model, []).append(row)

    def flush(self, order: list, columns: dict) -> None:
        """Write the kept rows of each model in `order` (parents first)."""
        for model in order:
            rows = self.rows.pop(model, [])
            if rows:
                self.write_rows(model, columns[model], rows)

    def write_rows(self, model, columns: list[str], rows: list) -> None:
        """Rows as sequences of values in the order of `columns` (attnames);
        auto_now_add columns keep the values given."""
        if self.pg:
            self._copy(model, columns, rows)
        else:
            self._insert_many(model, columns, rows)

    # -- objects that need ids ---------------------------------------------

    def insert(self, model, objs: list) -> None:
        """Write model instances; each gets its pk."""
        if not objs:
            return
        if not self.pg:
            model.objects.bulk_create(objs, batch_size=BATCH_SIZE)
            return
        fields = model._meta.concrete_fields
        for obj, pk in zip(objs, self.reserve_ids(model, len(objs)), strict=True):
            obj.pk = pk
        now = timezone.now()
        stamped = [f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
        for obj in objs:
            for name in stamped:
                setattr(obj, name, now)
        names = [f.attname for f in fields]
        self._copy(model, names, [[getattr(obj, name) for name in names] for obj in objs])

    @staticmethod
    def reserve_ids(model, count: int) -> list[int]:
        """`count` ids from the table's sequence, in one query (PostgreSQL)."""
        opts = model._meta
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [opts.db_table, opts.pk.column, count])
            return [pk for (pk,) in cursor.fetchall()]

    # -- PostgreSQL ---------------------------------------------------------

    def _copy(self, model, columns: list[str], rows: list) -> None:
        opts, qn = model._meta, connection.ops.quote_name
        by_attname = {f.attname: f for f in opts.concrete_fields}
        fields = [by_attname[c] for c in columns]
        # COPY's text format would take a Python list for an array, not JSON.
        as_json = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
        db_cols = ", ".join(qn(f.column) for f in fields)
        with connection.cursor() as cursor, cursor.copy(f"COPY {qn(opts.db_table)} ({db_cols}) FROM STDIN") as copy:
            for row in rows:
                if as_json:
                    row = list(row)
                    for i in as_json:
                        if row[i] is not None:
                            row[i] = json.dumps(row[i])
                copy.write_row(row)

    # -- elsewhere (SQLite) ---------------------------------------------------

    def _insert_many(self, model, columns: list[str], rows: list) -> None:
        """One INSERT per batch through `executemany`: the values converted as
        the ORM would for the columns whose Python value the driver does not
        take as it is (datetimes, JSON, decimals), without building a model
        instance per row (bulk_create spent most of a demo seed doing that)."""
        opts, qn = model._meta, connection.ops.quote_name
        by_attname = {f.attname: f for f in opts.concrete_fields}
        fields = [by_attname[c] for c in columns]
        convert = [None if f.get_internal_type() in _AS_IS else _converter(f) for f in fields]
        converted = [i for i, c in enumerate(convert) if c is not None]
        sql = (f"INSERT INTO {qn(opts.db_table)} ({', '.join(qn(f.column) for f in fields)}) "
               f"VALUES ({', '.join(['%s'] * len(fields))})")
        with connection.cursor() as cursor:
            for start in range(0, len(rows), BATCH_SIZE):
                batch = []
                for row in rows[start:start + BATCH_SIZE]:
                    if converted:
                        row = list(row)
                        for i in converted:
                            if row[i] is not None:
                                row[i] = convert[i](row[i])
                    batch.append(row)
                cursor.executemany(sql, batch)


# Internal types whose Python values (int, str, bool, date, Decimal, float)
# the database driver takes as they are (Django registers the adapters of
# dates and decimals for SQLite; COPY writes a Decimal as it is too).
_AS_IS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField", "SmallIntegerField",
          "PositiveIntegerField", "PositiveBigIntegerField", "PositiveSmallIntegerField", "CharField", "TextField",
          "BooleanField", "ForeignKey", "OneToOneField", "DateField", "DecimalField", "FloatField"}


def _converter(field):
    if field.get_internal_type() == "DateTimeField":  # a few distinct times (a visit is entered on its day)
        seen = {}

        def convert(value):
            if value not in seen:
                seen[value] = field.get_db_prep_save(value, connection)
            return seen[value]

        return convert
    return lambda value: field.get_db_prep_save(value, connection)
