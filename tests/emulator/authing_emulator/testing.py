"""Run the emulator as a real child process, the way test suites and playbooks meet it.

    with EmulatorProcess("--latency-ms", "50") as emulator:
        requests.post(emulator.url + "/graphql/v2", json=...)

Only the standard library is used, so any test harness can import this.
"""

import os
import select
import shutil
import signal
import subprocess
import sys
import time

from .settings import DEFAULT_SECRET, DEFAULT_USERPOOL_ID

STARTUP_TIMEOUT = 30.0


def default_command():
    """The ``authing-emulator`` console script of this interpreter's environment, else
    ``python -m authing_emulator``."""
    script = os.path.join(os.path.dirname(sys.executable), "authing-emulator")
    if os.path.exists(script):
        return [script]
    found = shutil.which("authing-emulator")
    return [found] if found else [sys.executable, "-m", "authing_emulator"]


class EmulatorProcess:
    def __init__(self, *args, command=None, userpool_id=DEFAULT_USERPOOL_ID, secret=DEFAULT_SECRET):
        self.args = ["--userpool-id", userpool_id, "--secret", secret] + list(args)
        self.command = list(command or default_command())
        self.userpool_id = userpool_id
        self.secret = secret
        self.process = None
        self.url = None
        self.startup_seconds = None

    def start(self):
        started = time.monotonic()
        self.process = subprocess.Popen(self.command + self.args, stdout=subprocess.PIPE, text=True)
        readable = select.select([self.process.stdout], [], [], STARTUP_TIMEOUT)[0]
        line = self.process.stdout.readline() if readable else ""
        if not line.startswith("listening on http://"):
            self.process.kill()
            self.process.wait()
            raise RuntimeError("emulator did not start (first line %r, exit %s)" % (line, self.process.returncode))
        self.url = line.split()[-1]
        self.startup_seconds = time.monotonic() - started
        return self

    def stop(self, signum=signal.SIGTERM, timeout=10.0):
        """Signal the process and wait; returns its exit status (killed after ``timeout``)."""
        if self.process is None or self.process.poll() is not None:
            return None if self.process is None else self.process.returncode
        self.process.send_signal(signum)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise
        finally:
            self.process.stdout.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
