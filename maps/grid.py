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
from collections.abc import Callable, Iterator

from django.contrib.gis.geos import Polygon
from django.db import transaction
from django.db.models import Count, FloatField, Func, Min, Sum, Value
from django.db.models.functions import Floor

from .models import Cell, Grid

CELL_PIXELS = 64  # a cell on screen, in 256-pixel tiles
LATITUDE_FACTOR = math.cos(math.radians(52.2))  # the middle of the Netherlands
PRECOUNTED_ZOOM = 12  # the deepest level of pre-counted cells
MARGIN = 1e-6  # degrees around cells: their box finds every row in them
CELL_FIELDS = ("cx", "cy", "count", "sum_x", "sum_y", "first")
BATCH = 5000  # cells per INSERT

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
    cx, cy: found by the box around the cells (the spatial index), decided
    by their cell as counting decides."""
    width, height = cell_size(zoom)
    rows = coordinates(rows).annotate(
        cx=Floor(_divided("x", width)), cy=Floor(_divided("y", height))
    )
    if cells is None:
        return rows
    x0, y0, x1, y1 = cells
    around = Polygon.from_bbox(
        (
            x0 * width - MARGIN,
            y0 * height - MARGIN,
            (x1 + 1) * width + MARGIN,
            (y1 + 1) * height + MARGIN,
        )
    )
    around.srid = 4326
    return rows.in_bbox(around).filter(cx__range=(x0, x1), cy__range=(y0, y1))


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
    if rows.query.distinct:  # GROUP BY on DISTINCT rows: group their ids
        rows = rows.model.objects.filter(pk__in=rows.values("pk"))
    found = (
        in_cells(rows.order_by(), zoom, cells)
        .values("cx", "cy")
        .annotate(count=Count("id"), sum_x=Sum("x"), sum_y=Sum("y"), first=Min("id"))
        .order_by()
    )
    return [{**cell, "cx": int(cell["cx"]), "cy": int(cell["cy"])} for cell in found]


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
    so they are never older than the version they are kept for."""
    grid, _ = Grid.objects.select_for_update().get_or_create(name=name)
    current = version()
    if grid.version != current:
        grid.cells.all().delete()
        Cell.objects.bulk_create(_levels(grid, rows), batch_size=BATCH)
        grid.version = current
        grid.save(update_fields=["version"])
    return grid


def _levels(grid: Grid, rows) -> Iterator[Cell]:
    level = {(c["cx"], c["cy"]): c for c in counted(rows, PRECOUNTED_ZOOM, None)}
    for zoom in range(PRECOUNTED_ZOOM, -1, -1):
        yield from (Cell(grid=grid, zoom=zoom, **cell) for cell in level.values())
        level = _coarser(level)


def _coarser(level: dict) -> dict:
    """The cells of the level above: four cells in one."""
    merged = {}
    for (cx, cy), cell in level.items():
        key = (cx // 2, cy // 2)  # floor division, as the database's floor
        into = merged.get(key)
        if into is None:
            merged[key] = {**cell, "cx": key[0], "cy": key[1]}
        else:
            into["count"] += cell["count"]
            into["sum_x"] += cell["sum_x"]
            into["sum_y"] += cell["sum_y"]
            into["first"] = min(into["first"], cell["first"])
    return merged
