"""The map's grid clusters: initiatives counted per grid cell and zoom level.

The grid is fixed, so that counts hold for any viewport: at zoom z a cell is
CELL_PIXELS wide on screen (90 / 2**z degrees of longitude) and square in the
Netherlands (LATITUDE_FACTOR times that in latitude), counted from 0,0. The
sizes halve from one zoom to the next, exactly in floating point, and
floor(floor(a) / 2) = floor(a / 2): a cell is exactly four of the next level,
so one grouping of the rows at PRECOUNTED_ZOOM gives every coarser level.

A viewport counts the whole cells it touches (`cells_over`), so that live
counting and pre-counted cells give the same answer. Up to PRECOUNTED_ZOOM,
for filters that have a name (a few thousand at most), the cells come from
the Cell table, counted again when the data version changed (`recount`);
deeper, or for other filters, the database groups the rows in view
(`counted`).
"""

import math
from collections.abc import Callable

from django.contrib.gis.geos import Polygon
from django.db import connection, transaction
from django.db.models import Count, FloatField, Func, Min, Sum, Value
from django.db.models.functions import Floor

from .models import Cell, Grid

CELL_PIXELS = 64  # a cell on screen, in 256-pixel tiles
LATITUDE_FACTOR = math.cos(math.radians(52.2))  # the middle of the Netherlands
PRECOUNTED_ZOOM = 12  # the deepest level of pre-counted cells
MARGIN = 1e-6  # degrees around cells: their box finds every row in them
CELL_FIELDS = ("cx", "cy", "count", "sum_x", "sum_y", "first")

Cells = tuple[int, int, int, int]  # first x, first y, last x, last y


def cell_size(zoom: int) -> tuple[float, float]:
    """A cell's width (degrees of longitude) and height (of latitude)."""
    width = 360 / 2**zoom * CELL_PIXELS / 256
    return width, width * LATITUDE_FACTOR


def cells_over(box: Polygon, zoom: int) -> Cells:
    """The cells the box touches."""
    width, height = cell_size(zoom)
    xmin, ymin, xmax, ymax = box.extent
    return (
        math.floor(xmin / width),
        math.floor(ymin / height),
        math.floor(xmax / width),
        math.floor(ymax / height),
    )


def coordinates(rows):
    return rows.annotate(
        x=Func("location", function="ST_X", output_field=FloatField()),
        y=Func("location", function="ST_Y", output_field=FloatField()),
    )


def in_cells(rows, zoom: int, cells: Cells | None):
    """The rows in these cells (None: everywhere), with x, y and their cell
    cx, cy: found by the spatial index in the box around the cells, decided
    by their cell, as counting decides."""
    width, height = cell_size(zoom)
    rows = coordinates(rows).annotate(
        cx=Floor(_divided("x", width)), cy=Floor(_divided("y", height))
    )
    if cells is None:
        return rows
    x0, y0, x1, y1 = cells
    near = rows.location_candidates(cells_box(zoom, cells))
    return near.filter(cx__range=(x0, x1), cy__range=(y0, y1))


def cells_box(zoom: int, cells: Cells) -> Polygon:
    """A box around the cells, a little wider: all their rows are in it."""
    width, height = cell_size(zoom)
    x0, y0, x1, y1 = cells
    box = Polygon.from_bbox(
        (
            x0 * width - MARGIN,
            y0 * height - MARGIN,
            (x1 + 1) * width + MARGIN,
            (y1 + 1) * height + MARGIN,
        )
    )
    box.srid = 4326
    return box


def _divided(name, size):
    return Func(
        name,
        Value(size),
        template="(%(expressions)s)",
        arg_joiner=" / ",
        output_field=FloatField(),
    )


def counted(rows, zoom: int, cells: Cells | None) -> list[dict]:
    """The cells (CELL_FIELDS) of the rows, grouped by the database."""
    found = _grouped(rows, zoom, cells)
    return [{**cell, "cx": int(cell["cx"]), "cy": int(cell["cy"])} for cell in found]


def _grouped(rows, zoom: int, cells: Cells | None):
    if rows.query.distinct:  # GROUP BY on DISTINCT rows: group their ids
        rows = rows.model.objects.filter(pk__in=rows.values("pk"))
    return (
        in_cells(rows.order_by(), zoom, cells)
        .values("cx", "cy")
        .annotate(count=Count("id"), sum_x=Sum("x"), sum_y=Sum("y"), first=Min("id"))
        .order_by()
    )


def precounted(
    rows, zoom: int, cells: Cells | None, *, name: str, version: Callable[[], str]
) -> list[dict]:
    """The cells (CELL_FIELDS) of the rows the filters `name` give, read from
    their grid, counted again first when the data version changed."""
    grid = Grid.objects.filter(name=name, version=version()).first()
    if grid is None:
        grid = recount(rows, name=name, version=version)
    found = grid.cells.filter(zoom=zoom)
    if cells is not None:
        x0, y0, x1, y1 = cells
        found = found.filter(cx__range=(x0, x1), cy__range=(y0, y1))
    return list(found.values(*CELL_FIELDS))


@transaction.atomic
def recount(rows, *, name: str, version: Callable[[], str]) -> Grid:
    """Count the grid of `name` again, at every level, unless a request did
    so meanwhile. Concurrent requests wait on the grid's row (locked on
    PostgreSQL; SQLite's immediate transactions take turns anyway), and
    read the version again under the lock; the rows are counted after it,
    so they are never older than the version they are kept for. The
    database writes the cells itself (INSERT … SELECT): none leaves it."""
    grid, _ = Grid.objects.select_for_update().get_or_create(name=name)
    current = version()
    if grid.version != current:
        grid.cells.all().delete()
        _insert(grid, PRECOUNTED_ZOOM, _grouped(rows, PRECOUNTED_ZOOM, None))
        for zoom in range(PRECOUNTED_ZOOM - 1, -1, -1):
            _insert(grid, zoom, _coarser(grid, zoom + 1))
        grid.version = current
        grid.save(update_fields=["version"])
    return grid


def _coarser(grid: Grid, zoom: int):
    """The cells of the level above `zoom`'s: four cells in one."""
    return (
        grid.cells.filter(zoom=zoom)
        .values(up_x=Floor(_divided("cx", 2)), up_y=Floor(_divided("cy", 2)))
        .annotate(
            up_count=Sum("count"),
            up_sum_x=Sum("sum_x"),
            up_sum_y=Sum("sum_y"),
            up_first=Min("first"),
        )
        .order_by()
    )


def _insert(grid: Grid, zoom: int, cells) -> None:
    """Store the cells a query gives (its columns in CELL_FIELDS' order)."""
    sql, params = cells.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in ("grid_id", "zoom", *CELL_FIELDS))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(Cell._meta.db_table)} ({columns})"  # noqa: S608
            f" SELECT %s, %s, cells.* FROM ({sql}) AS cells",
            (grid.pk, zoom, *params),
        )
