"""Demo data of the networks app, loaded by `werkbaar loaddemo` (idempotent)."""


def load(stdout) -> None:
    return None
