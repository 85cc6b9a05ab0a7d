"""Small HTTP helpers shared by the apps."""


def client_ip(request) -> str | None:
    """The peer address. Behind a reverse proxy this is the proxy: have the proxy (not the
    client) set REMOTE_ADDR, e.g. nginx's real_ip module, so throttles and audit rows see
    the customer."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None
