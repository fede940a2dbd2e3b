"""Partilha: the good-practices platform of Brazil's migrant and refugee reception network."""
