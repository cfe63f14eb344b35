"""Demo data of the scans app, loaded by `werkbaar loaddemo` (idempotent)."""


def load(stdout) -> None:
    return None
