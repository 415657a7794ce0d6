"""A simulated lane in its own process, for the tests that kill it (-9) and start it again.

    python tests/bus_lane_process.py CONFIG_JSON DATABASE LANE_ID TOTAL RATE

Writes synthetic audited events into a real Store until the lane database holds TOTAL of them (so a
restarted lane resumes where the killed one stopped), publishing through the outbox, then keeps
running (reporting state) until killed or its standard input closes.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hardware.bus import lane_publisher
from kiosk.config import BusConfig
from kiosk.store import Store


class LightControl:
    def __init__(self, lane_id: str) -> None:
        self.lane_id = lane_id
        self.in_service = True

    def release(self, referral_id, officer, reason, note=""):
        raise KeyError(referral_id)

    refuse = release

    def open_gate(self, officer):
        pass

    def reset_gate(self, officer):
        pass

    def set_in_service(self, in_service, officer):
        self.in_service = in_service

    def state(self):
        return {"lane": self.lane_id, "in_service": self.in_service}

    def health(self):
        return [{"device": "gate", "ok": True}]


def main() -> None:
    cfg = BusConfig.model_validate(json.loads(sys.argv[1]))
    store = Store(sys.argv[2], sys.argv[3])
    total, rate = int(sys.argv[4]), float(sys.argv[5])
    publisher = lane_publisher(cfg, sys.argv[3], store, LightControl(sys.argv[3]))
    done = store.db.execute("SELECT count(*) FROM audit WHERE action = 'synthetic'").fetchone()[0]
    print(f"resuming at {done}", flush=True)
    for i in range(done, total):
        store.audit("lane", "synthetic", {"i": i, "t": time.time()})
        time.sleep(1 / rate)
    print("written", flush=True)
    sys.stdin.read()  # the test closes our stdin: an orderly stop (or it kills us first)
    publisher.stop(2.0)
    store.close()


if __name__ == "__main__":
    main()
