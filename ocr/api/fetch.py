"""Fetch an image from a client-supplied URL without letting the URL reach inside our network.

Rules (spec/ocr-api.md "Limits"): http/https only; every address the host resolves to is
checked, and so is every redirect target; loopback, private, link-local, multicast,
reserved, shared (100.64/10) and cloud-metadata addresses are refused unless allow-listed in
``settings.OCR_URL_ALLOWLIST``. The connection goes to the very address that was checked
(the Host header and TLS SNI carry the name), so a second DNS answer cannot swap it
(DNS rebinding). Connect timeout, a total deadline enforced by a watchdog that shuts the
socket (a drip-feeding server cannot hold us), a redirect limit, a streamed size cap and a
content sniff (magic bytes, not Content-Type). Every failure is a ``FetchError``
(errorCode 2); its message holds no URL (URLs may carry personal data).
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings

from .inputs import sniff_kind

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
CHUNK = 64 * 1024
# Named explicitly although the generic rules below already refuse them.
METADATA_ADDRESSES = {
    ipaddress.ip_address("169.254.169.254"),  # AWS, GCP, Azure, OpenStack
    ipaddress.ip_address("fd00:ec2::254"),  # AWS IPv6
    ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud
    ipaddress.ip_address("192.0.0.192"),  # Oracle Cloud
}
# getaddrinfo has no timeout of its own; a small pool bounds it.
_resolver = ThreadPoolExecutor(max_workers=4, thread_name_prefix="ocr-dns")


class FetchError(Exception):
    """The URL cannot be used (errorCode 2). The message is safe to log: no URL in it."""


@dataclass(frozen=True)
class Allowlist:
    hosts: frozenset[str]
    networks: tuple[IPNetwork, ...]

    @classmethod
    def from_settings(cls) -> Allowlist:
        hosts, networks = set(), []
        for entry in getattr(settings, "OCR_URL_ALLOWLIST", []) or []:
            entry = entry.strip().strip("[]")
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                hosts.add(entry.lower().rstrip("."))
        return cls(frozenset(hosts), tuple(networks))

    def allows_host(self, host: str) -> bool:
        return host.lower().rstrip(".") in self.hosts

    def allows_address(self, address: IPAddress) -> bool:
        return any(address.version == net.version and address in net for net in self.networks)


def address_is_public(address: IPAddress) -> bool:
    """True for an ordinary Internet address: not loopback, private, link-local, multicast,
    reserved, shared, unspecified, metadata, nor an IPv6 form that embeds one of those."""
    if isinstance(address, ipaddress.IPv6Address):
        for embedded in (address.ipv4_mapped, address.sixtofour):
            if embedded is not None and not address_is_public(embedded):
                return False
        if address.teredo is not None:
            return False
    if address in METADATA_ADDRESSES:
        return False
    return not (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # name as written (IDNA-encoded), or the literal address
    port: int
    path: str  # path + query, percent-encoded
    addresses: tuple[IPAddress, ...]  # the checked addresses, the only ones we connect to


def _parse(url: str) -> tuple[str, str, int, str]:
    if not isinstance(url, str) or not url.strip():
        raise FetchError("empty url")
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError("malformed url") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError("scheme not allowed")
    if parts.username is not None or parts.password is not None:
        raise FetchError("credentials in url not allowed")
    host = parts.hostname or ""
    if not host:
        raise FetchError("url has no host")
    try:
        host = host.encode("idna").decode("ascii") if not _is_ip_literal(host) else host
    except UnicodeError as exc:
        raise FetchError("malformed host name") from exc
    # The seed's demos send URLs unencoded: encode what is not already encoded.
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~-._")
    if parts.query:
        path += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=~-._?")
    return scheme, host, port or (443 if scheme == "https" else 80), path


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _resolve(host: str, port: int, timeout: float) -> list[IPAddress]:
    if _is_ip_literal(host):
        return [ipaddress.ip_address(host)]
    future = _resolver.submit(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM)
    try:
        infos = future.result(timeout=timeout)
    except FutureTimeout as exc:
        raise FetchError("name resolution timed out") from exc
    except (OSError, UnicodeError) as exc:
        raise FetchError("name does not resolve") from exc
    addresses = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        address = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchError("name does not resolve")
    return addresses


def check_url(url: str, *, allowlist: Allowlist | None = None, timeout: float = 3.0) -> Target:
    """Parse and resolve ``url``; refuse it unless every address it resolves to is allowed."""
    allowlist = allowlist or Allowlist.from_settings()
    scheme, host, port, path = _parse(url)
    addresses = _resolve(host, port, timeout)
    host_allowed = allowlist.allows_host(host)
    for address in addresses:
        if not (host_allowed or allowlist.allows_address(address) or address_is_public(address)):
            raise FetchError("address not allowed")
    return Target(scheme=scheme, host=host, port=port, path=path, addresses=tuple(addresses))


def _connection(target: Target, timeout: float, deadline: float) -> http.client.HTTPConnection:
    if target.scheme == "https":
        context = ssl.create_default_context()
        conn = http.client.HTTPSConnection(
            target.host, target.port, timeout=timeout, context=context
        )
    else:
        conn = http.client.HTTPConnection(target.host, target.port, timeout=timeout)

    def create_connection(address, timeout=None, source_address=None):
        # Connect to a checked address, never to a fresh DNS answer; try each in turn.
        error: OSError = OSError("no address")
        for pinned in target.addresses:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            try:
                return socket.create_connection(
                    (str(pinned), address[1]), min(timeout or left, left), source_address
                )
            except OSError as exc:
                error = exc
        raise error

    conn._create_connection = create_connection
    return conn


def fetch_image(url: str) -> bytes:
    """The bytes of the image or PDF at ``url`` (see the module docstring for the rules)."""
    connect_timeout = float(settings.OCR_URL_CONNECT_TIMEOUT)
    total_timeout = float(settings.OCR_URL_TOTAL_TIMEOUT)
    max_bytes = int(settings.OCR_MAX_UPLOAD_BYTES)
    max_redirects = int(settings.OCR_MAX_REDIRECTS)
    allowlist = Allowlist.from_settings()
    deadline = time.monotonic() + total_timeout

    def remaining() -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchError("download took too long")
        return left

    for _hop in range(max_redirects + 1):
        target = check_url(url, allowlist=allowlist, timeout=min(connect_timeout, remaining()))
        conn = _connection(target, timeout=min(connect_timeout, remaining()), deadline=deadline)
        # The watchdog closes the socket at the deadline, whatever the server does.
        watchdog = threading.Timer(remaining(), _shut, args=(conn,))
        watchdog.daemon = True
        watchdog.start()
        try:
            try:
                conn.connect()
            except (OSError, ssl.SSLError) as exc:
                raise FetchError("cannot connect") from exc
            if conn.sock is not None:
                conn.sock.settimeout(remaining())
            try:
                conn.putrequest("GET", target.path, skip_accept_encoding=True)
                conn.putheader("Accept", "image/*, application/pdf")
                conn.putheader("User-Agent", "kyc-portal-ocr/1")
                conn.endheaders()
                response = conn.getresponse()
            except (OSError, http.client.HTTPException) as exc:
                raise FetchError("no valid http response") from exc
            if response.status in REDIRECT_STATUSES:
                location = response.getheader("Location")
                if not location:
                    raise FetchError("redirect without location")
                url = urljoin(f"{target.scheme}://{_netloc(target)}{target.path}", location)
                continue
            if response.status != 200:
                raise FetchError(f"http status {response.status}")
            length = response.getheader("Content-Length")
            if length and length.strip().isdigit() and int(length) > max_bytes:
                raise FetchError("too large")
            body = _read_capped(response, max_bytes, remaining)
        finally:
            watchdog.cancel()
            conn.close()
        if time.monotonic() > deadline:
            raise FetchError("download took too long")
        if not body:
            raise FetchError("empty body")
        if sniff_kind(body) is None:
            raise FetchError("not an image")
        return body
    raise FetchError("too many redirects")


def _netloc(target: Target) -> str:
    host = f"[{target.host}]" if ":" in target.host else target.host
    return f"{host}:{target.port}"


def _read_capped(response, max_bytes: int, remaining) -> bytes:
    chunks, size = [], 0
    while True:
        remaining()
        try:
            chunk = response.read1(CHUNK) if hasattr(response, "read1") else response.read(CHUNK)
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise FetchError("download interrupted") from exc
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError("too large")
        chunks.append(chunk)


def _shut(conn: http.client.HTTPConnection) -> None:
    sock = conn.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
