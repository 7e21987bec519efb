"""``authing-emulator`` / ``python -m authing_emulator``: the command line of contracts.md."""

import argparse
import signal
import sys

from .settings import DEFAULT_SECRET, DEFAULT_TOKEN_TTL, DEFAULT_USERPOOL_ID, Settings


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="authing-emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (default)")
    parser.add_argument("--db", default=":memory:", help="SQLite file to keep state across restarts")
    parser.add_argument("--userpool-id", default=DEFAULT_USERPOOL_ID)
    parser.add_argument("--secret", default=DEFAULT_SECRET)
    parser.add_argument("--latency-ms", type=float, default=0, help="delay added to every API request")
    parser.add_argument("--fault-rate", type=float, default=0.0,
                        help="probability (0..1) that an API request fails with an injected fault")
    parser.add_argument("--token-ttl", type=int, default=DEFAULT_TOKEN_TTL, help="token lifetime, seconds")
    parser.add_argument("--access-log", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    if not 0 <= args.fault_rate <= 1:
        parser.error("--fault-rate must be between 0 and 1")
    if args.latency_ms < 0 or args.token_ttl < 1:
        parser.error("--latency-ms must be >= 0 and --token-ttl >= 1")
    return Settings(host=args.host, port=args.port, db=args.db, userpool_id=args.userpool_id,
                    secret=args.secret, latency_ms=args.latency_ms, fault_rate=args.fault_rate,
                    token_ttl=args.token_ttl, access_log=args.access_log)


def main(argv=None):
    settings = parse_args(argv)
    from .server import EmulatorServer  # after argument errors, which need no heavy imports

    server = EmulatorServer(settings)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: server.stop())
    print("listening on %s" % server.url, flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
