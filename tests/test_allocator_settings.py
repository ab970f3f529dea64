"""Importing `cpo` sets how the allocators return freed memory, for itself and the server it starts."""

from __future__ import annotations

import os
import subprocess
import sys

SHOW = "import cpo, os; print(os.environ['_RJEM_MALLOC_CONF'], os.environ['MALLOC_ARENA_MAX'])"


def _settings(environment: dict[str, str]) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", SHOW], env=environment, capture_output=True, text=True, check=True
    )
    return done.stdout.split()


def test_the_settings_are_set_for_the_server_to_inherit():
    environment = {k: v for k, v in os.environ.items() if k not in {"_RJEM_MALLOC_CONF", "MALLOC_ARENA_MAX"}}
    assert _settings(environment) == ["dirty_decay_ms:200,muzzy_decay_ms:0", "2"]


def test_a_value_already_in_the_environment_is_kept():
    environment = {**os.environ, "_RJEM_MALLOC_CONF": "dirty_decay_ms:0", "MALLOC_ARENA_MAX": "4"}
    assert _settings(environment) == ["dirty_decay_ms:0", "4"]
