"""Demo data of the knowledge app, loaded by `werkbaar loaddemo` (idempotent)."""


def load(stdout) -> None:
    return None
