"""Where a webhook may be sent: never into the portal's own network (SSRF, decision 0032).

A target's host is resolved and every address it resolves to must be a public (global)
one: private, loopback, link-local (cloud metadata at 169.254.169.254), multicast, reserved
and unspecified addresses are refused, unless ``WEBHOOK_ALLOW_PRIVATE_TARGETS`` (tests, a
closed network). The check runs when a subscription is made and again before every delivery,
and the delivery connects to the very address that was checked (``send``), so a name that
resolves differently a moment later (DNS rebinding) cannot redirect it. Redirects are not
followed.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

# IPv6 ranges that carry an IPv4 address a gateway may forward to (NAT64, 6to4, the old
# IPv4-compatible form): "global" to ``ipaddress``, but they can reach a private IPv4 host.
_TRANSLATED = [
    ipaddress.ip_network(n)
    for n in ("64:ff9b:1::/48", "2002::/16", "::/96", "::ffff:0:0:0/96", "fec0::/10")
]
# NAT64's well-known prefix: the IPv4 address is the last 32 bits, and is judged itself (a
# public one is allowed, so DNS64 networks can still reach public hosts).
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _permitted(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return _permitted(str(ip.ipv4_mapped))
        if ip in _NAT64:
            return _permitted(str(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)))
        if any(ip in network for network in _TRANSLATED):
            return False
    return ip.is_global and not ip.is_multicast


class TargetRefused(Exception):
    """The address may not be sent to; the message says why, for the secretariat."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str


def resolve(url: str) -> Target:
    """The URL's host checked and pinned to one permitted address."""
    parts = urlsplit(url)
    allowed = ("https", "http") if settings.WEBHOOK_ALLOW_HTTP else ("https",)
    if parts.scheme not in allowed:
        raise TargetRefused(_("The address must begin with https://."))
    if not parts.hostname:
        raise TargetRefused(_("The address has no host name."))
    if parts.username or parts.password:
        raise TargetRefused(_("The address may not contain a user name or password."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError, UnicodeError):
        raise TargetRefused(
            _("The host name %(host)s cannot be found.") % {"host": parts.hostname}
        ) from None
    addresses = [str(info[4][0]) for info in infos]
    if not settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        for address in addresses:
            if not _permitted(address):
                raise TargetRefused(
                    _(
                        "%(host)s is an address in a private or local network (%(address)s); "
                        "webhooks are only sent to addresses on the internet."
                    )
                    % {"host": parts.hostname, "address": address}
                )
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(parts.scheme, parts.hostname, port, path, addresses[0])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address
        # Set by the watchdog when the whole exchange's time is up.
        self.expired = threading.Event()

    def _open(self) -> socket.socket:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = sock  # at once, so the watchdog can shut it
        if self.expired.is_set():  # the time ran out while connecting
            sock.close()
            raise TimeoutError("no answer in time")
        return sock

    def connect(self) -> None:
        self.sock = self._open()


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    default_port = http.client.HTTPS_PORT

    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target, timeout)
        self._tls = ssl.create_default_context()

    def connect(self) -> None:
        sock = self._open()
        # The certificate is checked against the host name, not the pinned address.
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)


@dataclass(frozen=True)
class Answer:
    status: int
    milliseconds: int


def send(url: str, body: bytes, headers: dict[str, str], timeout: float) -> Answer:
    """POST ``body`` to ``url`` (checked and pinned); raises TargetRefused or OSError.

    ``timeout`` bounds the whole exchange, not each read: a watchdog shuts the socket when it
    has passed, so a receiver that answers a byte at a time cannot hold the worker."""
    target = resolve(url)
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(target, timeout)
    started = time.monotonic()

    def abort() -> None:
        connection.expired.set()
        with contextlib.suppress(OSError, AttributeError):
            connection.sock.shutdown(socket.SHUT_RDWR)

    watchdog = threading.Timer(timeout, abort)
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.request(
            "POST",
            target.path,
            body=body,
            headers={
                "Content-Type": "application/json",
                "User-Agent": "KKR-portalen-webhooks/1",
                **headers,
            },
        )
        response = connection.getresponse()
        response.read(1024)  # a little of the answer; the rest is not needed
        elapsed = time.monotonic() - started
        if elapsed >= timeout:
            raise TimeoutError(f"no complete answer within {timeout} s")
        return Answer(response.status, int(elapsed * 1000))
    except (OSError, http.client.HTTPException) as problem:
        # The watchdog's shut socket surfaces as "connection closed": say what happened.
        if connection.expired.is_set() and not isinstance(problem, TimeoutError):
            raise TimeoutError(f"no complete answer within {timeout} s") from problem
        raise
    finally:
        watchdog.cancel()
        connection.close()
