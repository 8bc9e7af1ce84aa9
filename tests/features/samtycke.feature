# language: sv
Egenskap: Vårdens samtycke efter vilka som deltar
  Region Värmlands rutin (001): stark sekretess; deltar bara Försäkringskassan får vården lämna den
  begränsade information Försäkringskassan behöver; deltar andra ska samtycket gälla var och en.

  Scenariomall: Samtycke för deltagarna
    Givet dagen <dag>
    När <deltagare> deltar utöver patienten och vården
    Så krävs vårdens samtycke: <krävs>
    Och samtycket ska gälla: <omfattar>

    Exempel:
      | dag        | deltagare                           | krävs | omfattar                               |
      | 2026-12-01 | forsakringskassan                   | nej   | –                                      |
      | 2026-12-01 | arbetsgivare                        | ja    | Arbetsgivaren                          |
      | 2026-12-01 | forsakringskassan, arbetsgivare     | ja    | Försäkringskassan, Arbetsgivaren       |

  Scenario: Efter att Värmlands rutin har gått ut
    Givet dagen 2028-04-10
    När arbetsgivare deltar utöver patienten och vården
    Så svarar handboken att regeln inte gäller den dagen
