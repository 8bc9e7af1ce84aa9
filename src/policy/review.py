"""Whether a routine is in force, expiring or expired on a date (shown in each routine's banner)."""
from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel

from .models import Routine

# A routine whose validity ends within this many days is flagged as due for review.
WARN_DAYS = 90


class ReviewStatus(BaseModel):
    level: str  # "ok", "snart", "utgangen", "okand"
    label: str


def review_status(routine: Routine, on: date) -> ReviewStatus:
    if routine.valid_from > on:
        return ReviewStatus(level="okand", label=f"Gäller inte ännu; gäller från {routine.valid_from.isoformat()}.")
    if routine.valid_to is None:
        return ReviewStatus(level="okand", label="Inget slutdatum och inget granskningsdatum anges i källan.")
    if on > routine.valid_to:
        return ReviewStatus(level="utgangen", label=f"Utgången {routine.valid_to.isoformat()}; ska granskas.")
    if routine.valid_to - on <= timedelta(days=WARN_DAYS):
        return ReviewStatus(level="snart", label=f"Ska granskas: giltig bara till {routine.valid_to.isoformat()}.")
    return ReviewStatus(level="ok", label=f"Gäller; nästa granskning senast {routine.valid_to.isoformat()}.")
