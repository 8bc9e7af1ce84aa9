# language: sv
Egenskap: Läkarens arvode för avstämningsmöte
  Försäkringskassans sida (000): högst 750 kr för den första timmen och sedan högst 375 kr för
  varje påbörjad halvtimme. Region Stockholms avgiftshandbok bekräftar beloppen.

  Scenariomall: Högsta arvode för ett möte
    Givet dagen <dag>
    När läkaren har deltagit i <minuter> minuter
    Så är det högsta arvodet <belopp> kr

    Exempel:
      | dag        | minuter | belopp |
      | 2026-12-01 | 45      | 750    |
      | 2026-12-01 | 60      | 750    |
      | 2026-12-01 | 61      | 1125   |
      | 2026-12-01 | 90      | 1125   |
      | 2026-12-01 | 91      | 1500   |
      | 2026-12-01 | 150     | 1875   |
      | 2030-06-01 | 61      | 1125   |

  Scenario: Källorna anger ingen startdag, så arvodet räknas också för ett äldre möte
    Givet dagen 2023-12-31
    När läkaren har deltagit i 60 minuter
    Så är det högsta arvodet 750 kr
