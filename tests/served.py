"""A built site served as production serves it: deploy/serve-static (nginx, deploy/nginx.conf)."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from support import REPO

SERVE_STATIC = REPO / "deploy" / "serve-static"


def free_port() -> int:
    """A port nothing listens on now (the kernel's pick), for a server started just after."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[1]) == pid:
            kids.append(int(stat.parent.name))
    return kids


@dataclass
class Served:
    url: str  # the site's address, its path included ("http://127.0.0.1:PORT/lai-chau/")
    process: subprocess.Popen
    nginx: list[int]  # the nginx master and its workers
    prefix: Path  # nginx's temporary folder (pid file, logs, temporary files)

    def stop(self, ctrl_c: bool = False) -> None:
        """Stop as a reader would (SIGTERM, or Ctrl-C: SIGINT to the whole process group) and
        check that nothing is left: not serve-static, not nginx, not its temporary folder."""
        if ctrl_c:
            os.killpg(self.process.pid, signal.SIGINT)
        else:
            self.process.terminate()
        _, err = self.process.communicate(timeout=30)
        assert self.process.returncode == 0, err
        left = [pid for pid in self.nginx if Path(f"/proc/{pid}").exists()]
        assert left == [], f"nginx processes left running: {left}"
        assert not self.prefix.exists(), f"{self.prefix} left behind"


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One GET, as sent (no redirect followed, no decompression): status, headers, body."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", parts.path or "/", headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


@contextmanager
def serve_static(site: Path, port: int | None = None):
    """deploy/serve-static serving `site` on 127.0.0.1, as `make serve-static` runs it."""
    port = port or free_port()
    process = subprocess.Popen(
        [sys.executable, str(SERVE_STATIC), "--port", str(port), str(site)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    served = None
    try:
        announced = process.stdout.readline()
        match = re.search(r"at (http://\S+) with nginx", announced)
        if not match:
            pytest.fail(f"serve-static did not start: {announced}")
        for _ in range(200):  # until a worker answers (nginx binds, then starts its workers)
            if process.poll() is not None:
                pytest.fail(f"serve-static stopped: {process.communicate()[1]}")
            try:
                get(match.group(1))
                break
            except OSError:
                time.sleep(0.05)
        else:
            pytest.fail("nginx never answered")
        masters = _children(process.pid)
        # nginx retitles its master "nginx: master process /usr/sbin/nginx -p PREFIX -c …".
        cmdline = Path(f"/proc/{masters[0]}/cmdline").read_text().replace("\0", " ")
        prefix = Path(re.search(r" -p (\S+)", cmdline).group(1))
        served = Served(match.group(1), process, masters + [w for m in masters for w in _children(m)], prefix)
        yield served
    finally:
        if process.poll() is None:
            if served is not None:
                served.stop()
            else:
                os.killpg(process.pid, signal.SIGTERM)
                process.communicate(timeout=30)
