"""Pre-counted grid cells of the map (see maps/grid.py)."""

from django.db import models


class Grid(models.Model):
    """The cells of one filter's rows ("all", "region=3", "theme=wonen"), as
    counted at one data version."""

    name = models.CharField(max_length=200, unique=True)
    version = models.CharField(max_length=64, blank=True)  # "": never counted

    def __str__(self):
        return self.name


class Cell(models.Model):
    """One grid cell at one zoom level: how many rows lie in it, the sum of
    their coordinates (their centroid, exactly) and the lowest id (the row
    itself where the count is one)."""

    grid = models.ForeignKey(Grid, on_delete=models.CASCADE, related_name="cells")
    zoom = models.PositiveSmallIntegerField()
    cx = models.IntegerField()
    cy = models.IntegerField()
    count = models.PositiveIntegerField()
    sum_x = models.FloatField()
    sum_y = models.FloatField()
    first = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["grid", "zoom", "cx", "cy"], name="map_cell_unique"
            )
        ]

    def __str__(self):
        return f"{self.grid} {self.zoom}/{self.cx}/{self.cy}"
