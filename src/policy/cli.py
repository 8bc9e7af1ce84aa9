"""The `policy` command: JSON answers on stdout; on bad input a Swedish message on stderr and exit 2."""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from datetime import date

from .checklist import checklist
from .consent import consent
from .decision import Situation, suggest
from .errors import PolicyError
from .fee import fee
from .invoice import invoice_basis
from .meeting_forms import forms
from .rehab_chain import rehab_phase
from .committee.review import is_blocking, review

# argparse's own texts are English; these are the ones a user can meet, most specific first.
_ARGPARSE_SV = [
    (r"the following arguments are required: ", "följande argument saknas: "),
    (r"unrecognized arguments: ", "okända argument: "),
    (r"expected one argument", "ett värde saknas"),
    (r"invalid choice: ", "ogiltigt val: "),
    (r"\(choose from ", "(välj bland "),
    (r"argument (\S+): not allowed with argument (\S+)", r"\1 får inte anges tillsammans med \2"),
    (r"^argument (\S+): ", r"argumentet \1: "),
    (r"usage: ", "användning: "),
    (r"one of the arguments (.+) is required", r"ange ett av argumenten \1"),
    (r"ambiguous option: (\S+) could match ", r"flaggan \1 är tvetydig; den kan vara "),
    (r"ignored explicit argument ", "flaggan tar inget värde; fick "),
]


class UsageError(Exception):
    pass


class CheckFailed(Exception):
    """A check did not pass (review --strict, changelog-check): print what it says, exit 1."""

    def __init__(self, stdout: str, stderr: str):
        super().__init__(stderr)
        self.stdout, self.stderr = stdout, stderr


def _sv(text: str) -> str:
    for en, sv in _ARGPARSE_SV:
        text = re.sub(en, sv, text, flags=re.MULTILINE)
    return text


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argument"
        self._optionals.title = "flaggor"
        self.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")

    def error(self, message: str):
        raise UsageError(_sv(message))

    def format_usage(self) -> str:
        return _sv(super().format_usage())

    def format_help(self) -> str:
        return _sv(super().format_help())


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ogiltigt datum ”{text}”; skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-11-22") from None


def _int(text: str) -> int:
    # Only plain digits: int() would also take "6_0" and other spellings a person did not mean.
    if not re.fullmatch(r"-?[0-9]+", text.strip()):
        raise argparse.ArgumentTypeError(f"”{text}” är inget heltal; ange ett heltal, till exempel 75")
    return int(text.strip())


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="policy", description="Regler för avstämningsmöte och närliggande mötesformer.")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO", parser_class=_Parser, title="kommandon")
    sub.required = True

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--date", type=_date, default=None, metavar="ÅÅÅÅ-MM-DD",
                       help="dagen som reglerna ska gälla (förval: i dag)")
        return p

    p = command("fee", "läkarens högsta arvode för ett avstämningsmöte")
    p.add_argument("--minutes", type=_int, required=True, metavar="N", help="minuter som läkaren deltog")
    p = command("consent", "vad patientens samtycke måste omfatta")
    p.add_argument("--with", dest="actors", action="append", required=True, metavar="AKTÖR",
                   help="en aktör som deltar utöver patienten och vården (kan upprepas)")
    p.add_argument("--private-provider", action="store_true", help="vårdenheten är en privat vårdgivare")
    p = command("rehab-phase", "fas i rehabiliteringskedjan för en dag i sjukperioden")
    p.add_argument("--day", type=_int, required=True, metavar="N", help="dag i sjukperioden, från 1")
    command("forms", "mötesformerna med vem som kallar och dokumenterar")
    command("next-change", "första dagen efter datumet då något som handboken visar börjar eller slutar gälla")
    p = command("invoice", "fakturaunderlag för läkarens arvode")
    p.add_argument("--region", required=True, metavar="RUTIN")
    p.add_argument("--ansvarsenhet", required=True, metavar="KOD")
    p.add_argument("--doctor", required=True, metavar="NAMN")
    p.add_argument("--unit", required=True, metavar="NAMN")
    p.add_argument("--minutes", type=_int, required=True, metavar="N")
    p = command("checklist", "checklista i Markdown för mötesform, rutin och roll")
    p.add_argument("--form", required=True, metavar="MÖTESFORM")
    p.add_argument("--region", required=True, metavar="RUTIN")
    p.add_argument("--role", required=True, metavar="ROLL")
    p = command("diff", "vad en regeländring gör, som Markdown för en pull request")
    p.add_argument("base", metavar="BASE", help="git-revisionen att jämföra med, till exempel main")
    p.add_argument("head", metavar="HEAD", nargs="?", default=None, help="förval: arbetskopian")
    p.add_argument("--no-notebooks", action="store_true", help="kör inte räkneexemplen (snabbare)")
    p.add_argument("--changed-ids", type=Path, metavar="FIL", help="skriv de ändrade regel-id:na till FIL")
    p = command("changelog-check", "kontrollera att ändrade regler har en post i ändringshistoriken")
    p.add_argument("base", metavar="BASE", help="git-revisionen att jämföra med, till exempel main")
    command("schema", "skriv JSON-scheman för datafilerna ur modellerna")
    p = command("review", "vad som är utgånget, försenat eller ska granskas inom varseltiden")
    p.add_argument("--strict", action="store_true", help="slutkod 1 om något är utgånget eller försenat")
    p.add_argument("--format", choices=["json", "md"], default="json",
                   help="json (förval) eller md: svensk Markdown per rutin och ägare, för ett ärende")
    p = command("review-record", "registrera att en källa har granskats (skriver en fil i reviews/)")
    p.add_argument("--source", required=True, metavar="KÄLLA", help="källans id eller rutinens namn, t.ex. 001 eller varmland")
    p.add_argument("--by", required=True, metavar="NAMN", help="vem som granskade, med roll")
    p.add_argument("--what", required=True, metavar="TEXT", help="vad som granskades och vad det ledde till")
    p = command("suggest", "vilken mötesform som passar en situation")
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--sick-day", type=_int, metavar="N", help="patienten är sjukskriven, dag N")
    when.add_argument("--not-sick-listed", action="store_true", help="patienten är inte sjukskriven")
    p.add_argument("--with", dest="actors", action="append", default=[], metavar="AKTÖR")
    p.add_argument("--fk-coordination", action="store_true", help="Försäkringskassan behöver samordna")
    p.add_argument("--social-services", action="store_true", help="socialtjänsten är inblandad")
    p = sub.add_parser("pii-scan", help="sök efter personnummer och samordningsnummer",
                       description="sök efter personnummer och samordningsnummer; slutkod 1 vid fynd")
    p.add_argument("paths", nargs="*", metavar="SÖKVÄG",
                   help="filer eller mappar (förval: handbook, notebooks, src/policy och _build/html)")
    p.set_defaults(date=None)
    return parser


def run(args: argparse.Namespace) -> str:
    on = args.date or date.today()
    if args.command == "fee":
        return _json(fee(args.minutes, on))
    if args.command == "consent":
        return _json(consent(args.actors, on, private_provider=args.private_provider))
    if args.command == "rehab-phase":
        return _json(rehab_phase(args.day, on))
    if args.command == "next-change":
        from .loader import load

        after = load().next_change(on)
        return json.dumps({"date": on.isoformat(), "next_change": after.isoformat() if after else None}, indent=2)
    if args.command == "forms":
        return json.dumps([f.model_dump(mode="json") for f in forms(on)], ensure_ascii=False, indent=2)
    if args.command == "invoice":
        return _json(invoice_basis(args.region, args.ansvarsenhet, args.doctor, args.unit, args.minutes, on))
    if args.command == "checklist":
        return checklist(args.form, args.region, args.role, on).to_markdown()
    if args.command == "diff":
        from .committee.diff import report  # loads nbformat and nbclient: only when asked for

        # Without --date: today and every date on which a changed value starts or ends.
        return report(args.base, args.head, args.date, notebooks=not args.no_notebooks, changed_ids=args.changed_ids)
    if args.command == "changelog-check":
        from .committee.changelog_check import check as check_changelog

        ok, message = check_changelog(args.base)
        if not ok:
            raise CheckFailed("", f"policy: {message}")
        return message
    if args.command == "schema":
        from .schema import write

        return "\n".join(f"Skrev {path.name}" for path in write())
    if args.command == "pii-scan":
        from .pii import report as pii_report

        found, text = pii_report(args.paths)
        if found:
            raise CheckFailed(text, "policy: personnummer eller samordningsnummer hittades; ta bort dem.")
        return text
    if args.command == "review":
        items = review(on)
        if args.format == "md":
            from .committee.review import markdown

            text = markdown(items, on)
        else:
            text = json.dumps([i.model_dump(mode="json") for i in items], ensure_ascii=False, indent=2)
        if args.strict and is_blocking(items):
            raise CheckFailed(text, "policy: något är utgånget eller försenat för granskning.")
        return text
    if args.command == "review-record":
        from .committee.review import record

        path = record(args.source, args.by, args.what, on)
        return f"Skrev {path}. Lägg till filen i din pull request."
    situation = Situation(sick_listed=not args.not_sick_listed, day=args.sick_day,
                          fk_coordination=args.fk_coordination, social_services=args.social_services,
                          actors=frozenset(args.actors))
    return _json(suggest(situation, on))


def _json(answer) -> str:
    return json.dumps(answer.model_dump(mode="json"), ensure_ascii=False, indent=2)


def main(argv: list[str] | None = None) -> int:
    try:
        output = run(build_parser().parse_args(argv))
    except UsageError as exc:
        print(f"policy: fel: {exc}. Skriv policy KOMMANDO --help för hjälp.", file=sys.stderr)
        return 2
    except PolicyError as exc:
        print(f"policy: fel: {exc}", file=sys.stderr)
        return 2
    except CheckFailed as exc:
        if exc.stdout:
            print(exc.stdout)
        print(exc.stderr, file=sys.stderr)
        return 1
    print(output.rstrip("\n"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
