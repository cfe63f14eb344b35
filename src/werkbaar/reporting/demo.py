"""Demo data of the reporting app, loaded by `werkbaar loaddemo` (idempotent)."""


def load(stdout) -> None:
    return None
