# language: sv
Egenskap: Checklistor per rutin, mötesform och roll

  Scenariomall: Checklistan finns och börjar med rätt punkt
    Givet dagen <dag>
    När <roll> i <rutin> tar fram checklistan för <mötesform>
    Så har checklistan <antal> punkter
    Och den första punkten börjar med "<början>"

    Exempel:
      | dag        | rutin    | mötesform       | roll           | antal | början                                 |
      | 2026-12-01 | varmland | avstamningsmote | administration | 10    | Mötet hålls på den vårdenhet           |

  Scenariomall: Checklistan säger vart fakturaunderlaget skickas
    Givet dagen <dag>
    När <roll> i <rutin> tar fram checklistan för <mötesform>
    Så nämner checklistan "<ord>"

    Exempel:
      | dag        | rutin    | mötesform       | roll           | ord          |
      | 2026-12-01 | varmland | avstamningsmote | administration | internpost   |

  Scenario: En utgången rutin ger ingen gällande checklista
    Givet dagen 2028-04-10
    När lakare i varmland tar fram checklistan för avstamningsmote
    Så svarar handboken att regeln inte gäller den dagen
