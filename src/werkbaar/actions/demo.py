"""Demo data of the actions app, loaded by `werkbaar loaddemo` (idempotent)."""


def load(stdout) -> None:
    return None
