"""The SPA routing CloudFront Function, run in a JavaScript engine (dukpy's Duktape, ES5 like
the cloudfront-js runtime's core): client-side routes get /index.html, nothing else changes."""

from pathlib import Path

import dukpy
import pytest

CODE = (Path(__file__).resolve().parents[3] / "modules" / "edge" / "spa_routing.js").read_text()


def _routed(uri: str) -> str:
    return str(dukpy.evaljs([CODE, "handler({request: {uri: dukpy.uri, headers: {}}}).uri"], uri=uri))


@pytest.mark.parametrize("uri", ["/", "/recipes", "/recipes/42", "/meal-plans/week/3/"])
def test_client_side_routes_get_the_index(uri):
    assert _routed(uri) == "/index.html"


@pytest.mark.parametrize(
    "uri",
    [
        "/index.html",
        "/assets/index-3f9a1c2b.js",
        "/favicon.ico",
        "/assets/app.css",
        "/robots.txt",
        "/missing-asset.png",
    ],
)
def test_files_pass_unchanged_so_a_missing_one_stays_an_error(uri):
    assert _routed(uri) == uri
