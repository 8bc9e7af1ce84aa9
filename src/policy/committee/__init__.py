"""The committee's tools: what a rule change does (diff, snapshot), whether the change history covers
it (changelog_check), what is due for review (review), the rules at a git revision (gitrev), which
pages read differently (pages_changed), the routines as PDFs to approve (pdf) and the worked
examples' stored outputs (notebook_outputs)."""
