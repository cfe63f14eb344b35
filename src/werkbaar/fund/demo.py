"""Demo data of the fund app, loaded by `werkbaar loaddemo` (idempotent)."""


def load(stdout) -> None:
    return None
