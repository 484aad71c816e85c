"""Registries the apps plug into at start-up (in their AppConfig.ready): the periodic sweeps, the
portal's panels, the upcoming and calendar providers, the report's figure sources, survey
subjects, the call kinds' forms, the models shown on cached public pages.

A key can be registered once: a second registration is a mistake (two apps claiming the same
thing, or one app registering it twice with different rules), and it stops the start-up instead
of letting the later one silently win.

    SWEEPS = Registry("periodic sweep")
    SWEEPS.register("call-deadline-reminders", reminders_sweep)
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from typing import Generic
from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")


class DuplicateRegistration(ImproperlyConfigured):
    pass


def callable_key(function: Callable) -> str:
    """The key of a registered function: where it is defined."""
    return f"{function.__module__}.{function.__qualname__}"


class Registry(Generic[T]):
    def __init__(self, kind: str):
        self.kind = kind
        self._items: dict[str, T] = {}

    def register(self, key: str, item: T) -> T:
        if key in self._items:
            raise DuplicateRegistration(f"The {self.kind} {key!r} is registered twice; register it once, "
                                        "in the app that owns it.")
        self._items[key] = item
        return item

    def unregister(self, key: str) -> None:
        """For tests that plug in something of their own for a moment."""
        del self._items[key]

    def get(self, key: str, default: T | None = None) -> T | None:
        return self._items.get(key, default)

    def keys(self) -> list[str]:
        return list(self._items)

    def values(self) -> list[T]:
        return list(self._items.values())

    def items(self) -> list[tuple[str, T]]:
        return list(self._items.items())

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)
