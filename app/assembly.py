"""Where the app is assembled: each domain's declarations (curated kinds, search indexes,
health and metrics probes) are registered with the engine and adapters that serve them.

Lower layers never import the domains; they iterate what is registered here. create_app(), the
CLI and the test suite call assemble() before anything else; calling it again changes nothing."""

_assembled = False


def assemble() -> None:
    global _assembled
    if _assembled:
        return
    _assembled = True
