"""A certified OpenID provider on loopback for the sign-in test: npm's `oidc-provider` run by Node.js.

``tests/oidc_provider/`` holds its ``package.json`` and ``provider.mjs``; ``.ci/run`` installs the package
there with ``npm install --no-package-lock`` (no lock file is committed: it would name registry addresses).
Without ``node`` or the package the sign-in test is skipped with the reason, except in CI (``CI=true``),
where that fails the run.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.serving import in_ci

PROVIDER_DIR = Path(__file__).resolve().parent / "oidc_provider"
INSTALL = "apt-get install nodejs npm; cd tests/oidc_provider && npm install --no-package-lock"


def node_with_provider() -> str:
    """The path of ``node``, once it and the ``oidc-provider`` package are known to be there."""
    node = shutil.which("node")
    if node is None:
        problem = f"Node.js (node) is not installed: {INSTALL}"
    elif not (PROVIDER_DIR / "node_modules" / "oidc-provider" / "package.json").is_file():
        problem = f"the npm package oidc-provider is not installed in {PROVIDER_DIR}: {INSTALL}"
    else:
        return node
    if in_ci():
        pytest.fail(f"{problem} (CI=true: the sign-in test must run)")
    pytest.skip(problem)


def metadata_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/.well-known/openid-configuration"


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextmanager
def run_provider(node: str, folder: Path, port: int, settings: dict[str, Any]) -> Iterator[str]:
    """The issuer's address while the provider runs on ``port`` (its log in ``folder``).

    ``settings``: ``client_id``, ``client_secret``, ``redirect_uri``, ``cookie_key`` and ``accounts``
    (login to ID-token claims), as ``provider.mjs`` reads them.
    """
    config = folder / "provider.json"
    config.write_text(json.dumps({"port": port, **settings}), encoding="utf-8")
    log_path = folder / "provider.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [node, str(PROVIDER_DIR / "provider.mjs"), str(config)],
            cwd=PROVIDER_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            for _ in range(60):
                if _answers(metadata_url(port)):
                    break
                if process.poll() is not None:
                    exited = process.returncode
                    pytest.fail(f"the OpenID provider exited with {exited}: {log_path.read_text()}")
                time.sleep(0.5)
            else:
                pytest.fail(f"the OpenID provider did not answer on port {port}: {log_path.read_text()}")
            yield f"http://127.0.0.1:{port}"
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
