"""Registers the project's directives (tables in tables.py, region tabs in regions.py, the rest in
routines.py)."""
from . import guides, regions, routines, tables


def register(app) -> None:
    tables.register(app)
    routines.register(app)
    regions.register(app)
    guides.register(app)
