"""HTTPS image URLs: the certificate is verified against the URL's host name (sent as SNI)
although the connection goes to the address we checked."""

from __future__ import annotations

import ssl
import subprocess

import pytest
import requests

from tests.ocr.api.cards import assert_reads_front
from tests.ocr.api.servers import LocalServer, Routes

pytestmark = pytest.mark.live


@pytest.fixture
def tls_image_server(chip_card, tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],  # fmt: skip
        check=True,
        capture_output=True,
    )
    routes = Routes()
    routes.file("/front.jpg", chip_card[0].image_bytes, "image/jpeg")
    server = LocalServer(routes)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.httpd.socket = context.wrap_socket(server.httpd.socket, server_side=True)
    with server:
        yield server, cert


def test_https_url_is_read_only_with_a_trusted_certificate(
    live_server, api_client_key, tls_image_server, chip_card, settings, monkeypatch
):
    server, cert = tls_image_server
    settings.OCR_URL_ALLOWLIST = ["localhost"]
    url = f"https://localhost:{server.port}/front.jpg"
    endpoint = f"{live_server.url}/backend/api/v1/request/ocr/cmt/get_mattruoc?url={url}"

    # A certificate nobody vouches for: refused (errorCode 2), nothing downloaded.
    response = requests.get(endpoint, auth=api_client_key, timeout=60)
    assert response.status_code == 400 and response.json()["errorCode"] == "2"
    assert server.routes.hits == []

    # Trusted (the server process's default CA file): read through TLS with SNI "localhost".
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    response = requests.get(endpoint, auth=api_client_key, timeout=60)
    assert response.json()["errorCode"] == "0", response.json()
    assert_reads_front(response.json(), chip_card[0])
    assert server.routes.hits == ["/front.jpg"]
