"""``python -m tests.wallets.reference_wallet [--host 127.0.0.1] [--port 0]``: serve the reference wallet and
print its base URL as the first line on stdout (then nothing else there), so that whoever started it
knows where it is without guessing a port or sleeping."""

from __future__ import annotations

import argparse
import logging
import sys

from werkzeug.serving import make_server

from tests.wallets.reference_wallet.app import Wallet


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.wallets.reference_wallet", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    arguments = parser.parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no request log on stderr
    wallet = Wallet("")
    server = make_server(arguments.host, arguments.port, wallet, threaded=True)
    wallet.base = f"http://{arguments.host}:{server.server_port}"
    wallet.consumer.base = wallet.base
    print(wallet.base, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    sys.exit(0)


if __name__ == "__main__":
    main()
