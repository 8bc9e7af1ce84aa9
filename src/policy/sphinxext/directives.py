"""Registers the project's directives (tables in tables.py, region tabs in regions.py, the
accessibility statement in accessibility.py, the rest in routines.py)."""
from . import accessibility, guides, regions, routines, tables


def register(app) -> None:
    tables.register(app)
    routines.register(app)
    regions.register(app)
    guides.register(app)
    accessibility.register(app)
