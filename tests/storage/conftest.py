"""Fixtures for the storage tests: a store in the per-test FULIAN_HOME."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fulian_desktop.storage.store import Store


@pytest.fixture
def store() -> Iterator[Store]:
    with Store() as s:
        yield s
