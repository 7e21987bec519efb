"""``authing-emulator`` / ``python -m authing_emulator``: start the emulator (docs/dev/contracts.md
fixes this command line; docs/guides/emulator.md is the user guide)."""

import argparse
import signal
import sys

from .settings import DEFAULT_SECRET, DEFAULT_TOKEN_TTL, DEFAULT_USERPOOL_ID, Settings


DESCRIPTION = """\
A local stand-in for the Authing v2 management API (GraphQL at /graphql/v2, REST under /api/v2)
with one user pool, to test playbooks of the authing.cloud collection, or any Authing client
(the official SDKs work unmodified), offline and without an Authing account. Data lives in
SQLite: in memory unless --db names a file.

The first line printed on stdout is the address, for example
  listening on http://127.0.0.1:8080
Point clients at it with:
  AUTHING_HOST=http://127.0.0.1:8080
  AUTHING_USERPOOL_ID=6123456789abcdef01234567  (--userpool-id)
  AUTHING_USERPOOL_SECRET=authing-emulator-secret  (--secret)
SIGTERM or Ctrl-C stops it (exit status 0)."""

EPILOG = """\
test endpoints (plain HTTP, no token; not part of the Authing API, never delayed or faulted):
  GET    /__emulator__/requests  the request log: seq, method, path, operation, kind (read or
                                 write), status, code, fault; shows e.g. that --check wrote nothing
  DELETE /__emulator__/requests  clear the request log
  GET    /__emulator__/config    latency and fault injection now in force
  PUT    /__emulator__/config    change them at run time (JSON, merged): latency_ms, fault_rate,
                                 fault_kinds ["500","503","429","drop"], fault_phase
                                 before|after|random, retry_after (seconds, for 429)
  POST   /__emulator__/reset     delete all data and the log (config, keys and tokens stay)

examples:
  authing-emulator --port 8080
  authing-emulator --port 0 --db /tmp/pool.sqlite > emulator.out &   # then read emulator.out's first line
  authing-emulator --fault-rate 0.1 --latency-ms 50                  # 10% of API calls fail, all take 50 ms+
  curl -s -X PUT http://127.0.0.1:8080/__emulator__/config -d '{"fault_rate": 0}'

guide: docs/guides/emulator.md of the authing.cloud collection ("Use the emulator in your own CI")."""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="authing-emulator", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1", metavar="ADDRESS",
                        help="address to listen on (default: %(default)s; 0.0.0.0 for every interface)")
    parser.add_argument("--port", type=int, default=0,
                        help="TCP port; 0 (the default) picks a free one: read it from the first stdout line")
    parser.add_argument("--db", default=":memory:", metavar="PATH",
                        help="SQLite file that keeps data, tokens and the signing key across restarts "
                             "(default: %(default)s, gone when the process ends)")
    parser.add_argument("--userpool-id", default=DEFAULT_USERPOOL_ID, metavar="ID",
                        help="ID of the one user pool (default: %(default)s)")
    parser.add_argument("--secret", default=DEFAULT_SECRET,
                        help="the user pool secret that clients exchange for a token (default: %(default)s)")
    parser.add_argument("--latency-ms", type=float, default=0, metavar="MS",
                        help="delay added to every API request, in milliseconds (default: 0)")
    parser.add_argument("--fault-rate", type=float, default=0.0, metavar="RATE",
                        help="probability (0 to 1) that an API request fails with an injected fault: "
                             "HTTP 500, 503, 429 or a dropped connection (default: 0)")
    parser.add_argument("--token-ttl", type=int, default=DEFAULT_TOKEN_TTL, metavar="SECONDS",
                        help="lifetime of issued management tokens (default: %(default)s = 15 days, "
                             "as the real service)")
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
