"""Function words of the four languages Partilha speaks (articles, prepositions and their
contractions, conjunctions, a few pronouns): Meilisearch ignores them in queries
(`stopWords`), so "casa de passagem" neither ranks a text for its "de" nor highlights it.
Words that carry meaning stay searchable: "sem", "sin", "not", "without" (a negation matters)."""

PORTUGUESE = """
a o as os um uma uns umas de do da dos das em no na nos nas num numa ao aos à às
pelo pela pelos pelas por para pra com sob sobre entre até após desde e ou
mas nem que se como quando onde cujo cuja lhe lhes seu sua seus suas este esta
estes estas esse essa esses essas isso isto aquele aquela aquilo dele dela deles
delas nele nela neles nelas também já muito muita muitos muitas
"""
SPANISH = """
el la los las un una unos unas del al de en por para con sobre entre hasta desde
y e o u pero que como cuando donde cual cuyo cuya le les lo su sus este esta
estos estas ese esa esos esas también
"""
ENGLISH = """
the an of in on at to for from by with about into onto over under and or but
that which who whom whose this these those its their than also
"""
FRENCH = """
le la les un une des du de d l au aux en dans par pour avec sur sous entre chez
vers et ou mais que qui dont où ce cet cette ces son sa ses leur leurs aussi
"""


def stop_words() -> list[str]:
    """Every language's function words, once each, in a stable order."""
    words = (PORTUGUESE + SPANISH + ENGLISH + FRENCH).split()
    return sorted(dict.fromkeys(words))
