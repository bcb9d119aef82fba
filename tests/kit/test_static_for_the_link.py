"""What a satellite link carries: the platform's scripts and styles minified when collected
for production, and the map's first-view script written into the page, allowed by its hash
alone."""

import base64
import hashlib
import json

import pytest
from django.core.management import call_command

from kit import inline, storage

pytestmark = pytest.mark.django_db


def test_collectstatic_minifies_our_files_and_leaves_others(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "kit.storage.MinifiedStaticFilesStorage"},
    }
    call_command("collectstatic", "--no-input", "-v", "0")
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    source = (inline.STATIC / "incidents" / "incident_map.js").read_text()
    collected = (tmp_path / manifest["incidents/incident_map.js"]).read_text()
    assert len(collected) < 0.75 * len(source)
    assert "/*" not in collected and "function" in collected
    css = (tmp_path / manifest["csoa/site.css"]).read_text()
    assert "\n  " not in css and ".map-find" in css
    assert (tmp_path / (manifest["csoa/site.css"] + ".gz")).exists()  # compressed beside it
    admin = "admin/js/core.js"
    assert (tmp_path / manifest[admin]).read_bytes() == (tmp_path / admin).read_bytes()
    assert storage.minified("x.js", "var a = 1; // one\n") == "var a=1;"


def test_the_inline_script_is_allowed_by_its_hash_and_nothing_else(client):
    answer = client.get("/incidents/map/")
    text = inline.script_text("incidents/map_early.js")
    assert f"<script>{text}</script>" in answer.content.decode()
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    policy = answer["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert f"'sha256-{digest}'" in script_src and "unsafe-inline" not in script_src
    with pytest.raises(LookupError):
        inline.script_text("incidents/incident_map.js")
