"""What the service benchmarks share: a free port on 127.0.0.1 and `stratgraph serve` started there."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_serve(port: int, data: Path | None = None, **env: str) -> subprocess.Popen[bytes]:
    """`stratgraph serve` on 127.0.0.1:``port`` (over ``data`` if given), settings from ``env``, output dropped."""
    command = [str(BIN / "stratgraph"), "--root", str(ROOT), *(["--data", str(data)] if data else [])]
    command += ["serve", "--port", str(port), "--no-access-log"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    return subprocess.Popen(command, env={**os.environ, **env}, **quiet)  # type: ignore[call-overload,no-any-return]
