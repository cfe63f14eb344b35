"""Demo data of the knowledge app, loaded by `werkbaar loaddemo` (idempotent): the reference figures."""

from .reference import sync_reference_figures


def load(stdout) -> None:
    count = sync_reference_figures()
    stdout.write(f"  knowledge: {count} reference figures loaded")
