"""Registers the project's directives (tables in tables.py, the rest in routines.py)."""
from . import routines, tables


def register(app) -> None:
    tables.register(app)
    routines.register(app)
