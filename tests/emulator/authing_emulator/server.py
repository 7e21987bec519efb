"""The threaded Werkzeug server around :class:`EmulatorApp`, with a clean stop."""

import logging
import threading

from werkzeug.serving import WSGIRequestHandler, make_server

from .app import EmulatorApp


class _RequestHandler(WSGIRequestHandler):
    """Werkzeug's handler; access lines only with ``--access-log`` (tests start many servers)."""

    access_log = False

    def log_request(self, code="-", size="-"):
        if self.access_log:
            super().log_request(code, size)


class EmulatorServer:
    def __init__(self, settings):
        self.app = EmulatorApp(settings)
        handler = type("RequestHandler", (_RequestHandler,), {"access_log": settings.access_log})
        logging.getLogger("werkzeug").setLevel(logging.INFO if settings.access_log else logging.WARNING)
        self._httpd = make_server(settings.host, settings.port, self.app, threaded=True, request_handler=handler)
        self._stopping = threading.Event()

    @property
    def url(self):
        host = self._httpd.host
        if ":" in host:
            host = "[%s]" % host
        return "http://%s:%d" % (host, self._httpd.server_port)

    def serve_forever(self):
        """Serve until :meth:`stop`; then close the socket and the database."""
        try:
            self._httpd.serve_forever(poll_interval=0.1)
        finally:
            self._httpd.server_close()
            self.app.store.close()

    def stop(self):
        """Safe from a signal handler: ``shutdown()`` blocks until the serving loop has left, so it
        runs on its own (daemon) thread."""
        if not self._stopping.is_set():
            self._stopping.set()
            threading.Thread(target=self._httpd.shutdown, name="emulator-shutdown", daemon=True).start()
