"""Mosquitto for a port: its configuration, and a supervised broker process for tests, benchmarks and labs.

A port runs Mosquitto as a system service with the configuration `mosquitto_conf` writes (README,
"Many lanes, one port"); tests and benchmarks start their own broker on 127.0.0.1 with `Mosquitto`.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from hardware.bus.pki import PortPki


def mosquitto_executable() -> str | None:
    return shutil.which("mosquitto") or next(
        (p for p in ("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto") if os.access(p, os.X_OK)), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def mosquitto_conf(pki: PortPki, *, port: int = 8883, bind: str | None = None,
                   persistence_dir: str | Path | None = None, log_file: str | Path | None = None,
                   autosave_s: int = 60, run_as_root: bool = False) -> str:
    """Mosquitto 2 configuration: TLS only, client certificates required, CN as user name, ACL file.

    Without `persistence_dir` and `log_file` it is a drop-in for Debian's /etc/mosquitto/conf.d (whose
    main file already turns persistence on and names the log: Mosquitto refuses duplicates)."""
    lines = ["# Clearance Kiosk bus broker (generated)", "per_listener_settings false", "allow_anonymous false"]
    if persistence_dir is not None:  # retained state and queued QoS 1 events survive a broker restart
        lines += ["persistence true", f"persistence_location {Path(persistence_dir).resolve()}/"]
    if log_file is not None:
        lines += [f"log_dest file {Path(log_file).resolve()}"]
    lines += [
        f"autosave_interval {autosave_s}",
        "max_queued_messages 1000000",  # an offline console's persistent session keeps this many events
        "max_inflight_messages 200",
        "retain_available true",
        f"acl_file {pki.acl_file.resolve()}",
        "",
        f"listener {port}" + (f" {bind}" if bind else ""),
        "protocol mqtt",
        f"cafile {pki.ca_file.resolve()}",
        f"certfile {pki.broker_cert.resolve()}",
        f"keyfile {pki.broker_key.resolve()}",
        "tls_version tlsv1.2",
        "require_certificate true",
        "use_identity_as_username true",
    ]
    if run_as_root:
        lines.insert(1, "user root")  # tests as root: keep access to the private temp files
    return "\n".join(lines) + "\n"


class Mosquitto:
    """A broker process on 127.0.0.1 with its own configuration (never the system service)."""

    def __init__(self, pki: PortPki, workdir: str | Path, port: int | None = None) -> None:
        exe = mosquitto_executable()
        if exe is None:
            raise FileNotFoundError("mosquitto is not installed (Debian: apt-get install mosquitto)")
        self.exe = exe
        self.pki = pki
        self.workdir = Path(workdir)
        (self.workdir / "data").mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.log_file = self.workdir / "mosquitto.log"
        self.conf = self.workdir / "mosquitto.conf"
        self.conf.write_text(mosquitto_conf(pki, port=self.port, bind="127.0.0.1",
                                            persistence_dir=self.workdir / "data", log_file=self.log_file,
                                            autosave_s=1, run_as_root=os.geteuid() == 0))
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 10.0) -> None:
        self.proc = subprocess.Popen([self.exe, "-c", str(self.conf)], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr else ""
                raise RuntimeError(f"mosquitto exited ({self.proc.returncode}): {err} {self.log_tail()}")
            if self._listening():
                return
            time.sleep(0.05)
        raise TimeoutError(f"mosquitto did not listen on {self.port}: {self.log_tail()}")

    def _listening(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return True
        except OSError:
            return False

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM: Mosquitto writes its persistence file and exits."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stderr:
            self.proc.stderr.close()
        self.proc = None

    def restart(self, down_s: float = 0.0) -> None:
        self.stop()
        if down_s:
            time.sleep(down_s)
        self.start()

    def log_tail(self, n: int = 20) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def __enter__(self) -> Mosquitto:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
