"""Static files: every reference between them resolves, so `collectstatic` with hashed names succeeds.

The production storage rewrites `url(...)`, `@import` and `sourceMappingURL` references to hashed
names and stops at the first reference to a file that is not there. This test finds such references
without running collectstatic (the deployment smoke test runs the real thing), and `werkbaar serve` warns
when collectstatic has not written the manifest.
"""

import posixpath
import re
from io import StringIO
from urllib.parse import unquote, urldefrag

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.core.management import call_command


def static_files() -> dict[str, object]:
    """name -> storage of every file the finders would collect (the first one wins, like collectstatic)."""
    found = {}
    for finder in finders.get_finders():
        for name, storage in finder.list([]):
            found.setdefault(name.replace("\\", "/"), storage)
    return found


def references(name: str, text: str) -> list[str]:
    """The static names a CSS or JS file refers to, resolved like ManifestStaticFilesStorage does."""
    storage = ManifestStaticFilesStorage(location="/nonexistent")
    targets = []
    for extension, patterns in storage._patterns.items():
        if not re.fullmatch(extension.replace(".", r"\.").replace("*", ".*"), posixpath.basename(name)):
            continue
        for pattern, _template in patterns:
            for match in pattern.finditer(text):
                url = match.group("url").strip()
                if re.match(r"^[a-z]+:", url) or url.startswith("//"):
                    continue
                if url.startswith("/") and not url.startswith(settings.STATIC_URL):
                    continue
                path = unquote(urldefrag(url)[0]).split("?")[0]
                if not path:
                    continue
                if path.startswith(settings.STATIC_URL):
                    targets.append(path[len(settings.STATIC_URL):])
                else:
                    targets.append(posixpath.normpath(posixpath.join(posixpath.dirname(name), path)))
    return targets


def test_no_static_file_refers_to_a_missing_file():
    files = static_files()
    assert "insights/vendor/vega-embed.min.js" in files
    missing = []
    for name, storage in sorted(files.items()):
        if not name.endswith((".css", ".js")):
            continue
        with storage.open(name) as handle:
            text = handle.read().decode("utf-8", errors="replace")
        missing += [f"{name} -> {target}" for target in references(name, text) if target not in files]
    assert missing == [], "static files refer to files that are not there (collectstatic would fail): " + ", ".join(missing)


def test_the_reference_check_sees_a_source_map_and_a_css_url():
    text = "body{background:url('../img/x.png')}\n/*# sourceMappingURL=site.css.map */"
    assert references("core/css/site.css", text) == ["core/img/x.png", "core/css/site.css.map"]
    js = "var a=1;\n//# sourceMappingURL=vega-embed.min.js.map"
    assert references("insights/vendor/vega-embed.min.js", js) == ["insights/vendor/vega-embed.min.js.map"]


def test_serve_warns_when_collectstatic_has_not_run(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    err = StringIO()
    call_command("serve", "--dry-run", stdout=StringIO(), stderr=err)
    assert "staticfiles.json: every HTML page will answer 500" in err.getvalue()
    assert "collectstatic --noinput" in err.getvalue()

    (tmp_path / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    err = StringIO()
    call_command("serve", "--dry-run", stdout=StringIO(), stderr=err)
    assert err.getvalue() == ""
