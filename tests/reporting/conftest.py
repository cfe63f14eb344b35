"""Fixtures of the reporting tests: media in a temporary folder, mail kept in memory (the covenant
factory is shared, in tests/conftest.py)."""

import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
