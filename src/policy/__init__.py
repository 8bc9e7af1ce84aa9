"""Rules for healthcare's part in Försäkringskassan's avstämningsmöte and neighbouring meeting forms."""
from .errors import DataError, OutsideValidity, PolicyError, UnknownSlug
from .loader import load

__all__ = ["DataError", "OutsideValidity", "PolicyError", "UnknownSlug", "load"]
