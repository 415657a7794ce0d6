"""Drivers chosen by name from the configuration, like python-can's interfaces."""
from __future__ import annotations
from collections.abc import Callable
from typing import Any
from kiosk.errors import UnknownDriver

_REGISTRY: dict[tuple[str, str], Callable[..., Any]] = {}

def register(port: str, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a driver factory: called as factory(options: dict, context: DriverContext)."""
    def deco(factory: Callable[..., Any]) -> Callable[..., Any]:
        _REGISTRY[(port, name)] = factory
        return factory
    return deco

def drivers(port: str) -> list[str]:
    return sorted(n for p, n in _REGISTRY if p == port)

def create(port: str, name: str, options: dict[str, Any], context: Any) -> Any:
    if (port, name) not in _REGISTRY:
        raise UnknownDriver(f"devices.{port}.driver: unknown driver {name!r} (known: {', '.join(drivers(port)) or 'none'})")
    return _REGISTRY[(port, name)](options, context)
