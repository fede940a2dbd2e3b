"""IBGE codes of the municipalities the tests write about, all in the reference data."""

BOA_VISTA, PACARAIMA = 1400100, 1400456  # Roraima: the capital and the border town
MANAUS = 1302603
BRASILIA = 5300108
NORONHA = 2605459
SAO_PAULO = 3550308
BELO_HORIZONTE = 3106200
PORTO_ALEGRE = 4314902
CURITIBA = 4106902  # Paraná, where the policies tests' contributor's organisation works
