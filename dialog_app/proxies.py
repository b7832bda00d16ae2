"""Which address a request comes from: its peer's, unless the peer is a proxy named in TRUSTED_PROXIES.

Behind nginx every request's peer is nginx (127.0.0.1): per-address limits would then count the
whole world as one address. nginx puts the client's address last in ``X-Forwarded-For``; that
value is taken only from a configured proxy, since anyone else can send the header with any
address in it. Socket.IO's requests pass through here too (the wrapper is outermost).
"""

import ipaddress
import logging
from collections.abc import Iterable

from werkzeug.middleware.proxy_fix import ProxyFix

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(setting: str | Iterable[str] | None) -> tuple[Network, ...]:
    """``"127.0.0.1, ::1"`` or ``["10.0.0.0/24"]`` as networks; a value that is no address stops the start."""
    if not setting:
        return ()
    items = setting.replace(",", " ").split() if isinstance(setting, str) else [str(item) for item in setting]
    try:
        return tuple(ipaddress.ip_network(item, strict=False) for item in items)
    except ValueError as error:
        raise ValueError(f"TRUSTED_PROXIES: {error} (give addresses or networks, e.g. 127.0.0.1)") from None


class TrustedProxies:
    """A WSGI wrapper: requests from a trusted proxy get the client's address from its X-Forwarded-For
    (werkzeug's ProxyFix, one hop, nothing else taken from the proxy's headers); others keep their own."""

    def __init__(self, wsgi_app, networks: tuple[Network, ...], logger: logging.Logger):
        self.direct = wsgi_app
        self.forwarded = ProxyFix(wsgi_app, x_for=1, x_proto=0, x_host=0, x_port=0, x_prefix=0)
        self.networks = networks
        self.logger = logger
        self.warned = False

    def _trusted(self, peer: str | None) -> bool:
        try:
            address = ipaddress.ip_address(peer or "")
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    def __call__(self, environ, start_response):
        if self._trusted(environ.get("REMOTE_ADDR")):
            return self.forwarded(environ, start_response)
        if environ.get("HTTP_X_FORWARDED_FOR") and not self.networks and not self.warned:
            # Most likely a proxy the operator has not named: every client then counts as that proxy.
            self.warned = True
            self.logger.warning("X-Forwarded-For from %s ignored: set DIALOG_APP_TRUSTED_PROXIES to your proxy's "
                                "address if it is yours (docs/deploy.md)", environ.get("REMOTE_ADDR"))
        return self.direct(environ, start_response)


def init_app(app) -> None:
    """Wrap everything, Socket.IO included: call after the Socket.IO middleware is in place."""
    app.wsgi_app = TrustedProxies(app.wsgi_app, trusted_networks(app.config.get("TRUSTED_PROXIES")), app.logger)
