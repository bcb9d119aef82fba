"""Registers: how a room below offers a place that rooms above fill, without importing them.

A room declares a register of what it will take (panels on a page, kinds of notification,
rules of the access policy...), and the rooms above add to it from ``AppConfig.ready``.
Two shapes, one helper:

- ``Register``: things in order, each once (``add`` again does nothing), optionally sorted
  by a key such as a section's place on a page;
- ``KeyedRegister``: things found by a key (a format's name, a model); adding under a key
  that holds something else replaces it, so reloading an app in a test is harmless.

Both are read as what they hold (iterate, ``len``); a keyed one also as a mapping.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


class Register(Generic[T]):
    """What rooms above add, in the order they add it (or by ``order``), each once."""

    def __init__(self, what: str, *, order: Callable[[T], Any] | None = None) -> None:
        self.what = what
        self._order = order
        self._items: list[T] = []

    def add(self, item: T) -> T:
        if item not in self._items:
            self._items.append(item)
            if self._order is not None:
                self._items.sort(key=self._order)
        return item

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, item: object) -> bool:
        return item in self._items

    @contextmanager
    def emptied(self) -> Iterator[None]:
        """For tests: the register as if nothing had been added, then as it was."""
        saved = list(self._items)
        self._items.clear()
        try:
            yield
        finally:
            self._items[:] = saved

    def __repr__(self) -> str:
        return f"<Register of {self.what}: {len(self)}>"


class KeyedRegister(Mapping[K, T], Generic[K, T]):
    """What rooms above add under a key (``key(item)`` unless one is given), found by it."""

    def __init__(self, what: str, *, key: Callable[[T], K] | None = None) -> None:
        self.what = what
        self._key = key
        self._items: dict[K, T] = {}

    def add(self, item: T, *, key: K | None = None) -> T:
        if key is None:
            if self._key is None:
                raise TypeError(f"The register of {self.what} needs a key for each item.")
            key = self._key(item)
        self._items[key] = item
        return item

    def __getitem__(self, key: K) -> T:
        try:
            return self._items[key]
        except KeyError:
            raise KeyError(f"{key!r} is not in the register of {self.what}.") from None

    def __iter__(self) -> Iterator[K]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    @contextmanager
    def emptied(self) -> Iterator[None]:
        """For tests: the register as if nothing had been added, then as it was."""
        saved = dict(self._items)
        self._items.clear()
        try:
            yield
        finally:
            self._items.clear()
            self._items.update(saved)

    def __repr__(self) -> str:
        return f"<Register of {self.what}: {len(self)}>"
