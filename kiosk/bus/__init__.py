"""Many lanes, one port: the domain side of the message bus (no MQTT here; see hardware/bus).

- `topics`: the topic scheme and the broker ACL it implies;
- `envelope`: events with idempotent ids, and the consumers' de-duplication;
- `outbox`: store and forward from the lane database (`Outbox`, `OutboxPump`, `LanePublisher`);
- `commands`: officer commands, their signature and checks, `LaneControl` and its kiosk implementation;
- `ports`: `LaneBus` (the lane's side) and `RemoteLanes` (the console's side).
"""
