"""Which new passwords are refused for being made of the person's own e-mail or name."""

from app.accounts.passwords import Weak, problem


def test_made_of_the_email_or_name_is_refused():
    assert problem("Maria.Souza2024!", "maria.souza@example.org", "Maria") is Weak.personal
    assert problem("souza-maria-99", "maria.souza@example.org") is Weak.personal


def test_a_random_password_without_words_is_not_personal():
    # token_urlsafe() may draw no run of three letters: nothing of the person in it
    assert problem("pg_Su2sm1lR-R-fo", "membro.1@demo.partilha.org.br", "Membro.1") is None
