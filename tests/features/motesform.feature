# language: sv
Egenskap: Vilken mötesform passar
  Handbokens beslutstabell, sammanställd ur Sörmlands sida (002) och Hallands lathund (003).

  Scenariomall: Förslag för en sjukskriven patient
    Givet dagen <dag>
    När patienten är sjukskriven dag <sjukdag> och <parter> behövs
    Och Försäkringskassan behöver samordna: <samordning>
    Så föreslås <mötesformer>

    Exempel:
      | dag        | sjukdag | parter       | samordning | mötesformer                           |
      | 2026-12-01 | 40      | arbetsgivare | nej        | Trepartsmöte, Tidigt flerpartsmöte    |
      | 2026-12-01 | 120     | arbetsgivare | ja         | Avstämningsmöte                       |
      | 2026-12-01 | 200     | arbetsgivare | nej        | Flerpartsmöte                         |
