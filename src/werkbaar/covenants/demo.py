"""Demo data of the covenants app, loaded by `werkbaar loaddemo` (idempotent)."""


def load(stdout) -> None:
    return None
