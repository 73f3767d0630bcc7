"""The provider process Terraform starts: go-plugin's handshake, then the gRPC services on a unix socket.

Terraform runs ``terraform-provider-aws_v<version>`` (a small script written by ``install.py``)
which runs ``python -m tests.support.tfprovider.serve`` (or has the fork server of
``forkserver.py`` fork one, already imported). go-plugin's contract: check the magic
cookie, print ``1|6|unix|<socket>|grpc|<server cert>`` on stdout, serve until told to stop.
"""

from __future__ import annotations

import base64
import datetime
import os
import signal
import sys
import tempfile
import threading
from concurrent import futures
from typing import Any

MAGIC_COOKIE = ("TF_PLUGIN_MAGIC_COOKIE", "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2")


def _server_credentials() -> tuple[bytes, Any]:
    """A throwaway certificate for go-plugin's AutoMTLS (Terraform pins it from the handshake line)."""
    import grpc
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from wrapper.lan.certificates import builder, key_usage, private_pem

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "localhost")])
    cert = (
        builder(name, name, key.public_key(), datetime.datetime.now(datetime.UTC), datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(key_usage("digital_signature", "key_encipherment", "key_agreement", "key_cert_sign"), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH, x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH]), critical=True
        )
        .sign(key, hashes.SHA256())
    )
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    credentials = grpc.ssl_server_credentials([(private_pem(key), cert_pem)], require_client_auth=False)
    return cert.public_bytes(serialization.Encoding.DER), credentials


def preload() -> None:
    """Import what serving needs and read the schema: the fork server does it once for all its providers."""
    import grpc  # noqa: F401
    from cryptography.hazmat.primitives.asymmetric import ec  # noqa: F401
    from tf.gen import grpc_controller_pb2_grpc, grpc_stdio_pb2_grpc, tfplugin_pb2_grpc  # noqa: F401

    from tests.support.tfprovider import plugin, schema  # noqa: F401
    from wrapper.lan import certificates  # noqa: F401

    schema.load()


def serve(stop: threading.Event) -> None:
    """Print go-plugin's handshake line, then serve until Terraform's Shutdown (or ``stop`` from elsewhere)."""
    import grpc
    from tf.gen import grpc_controller_pb2 as controller_pb
    from tf.gen import grpc_controller_pb2_grpc as controller_rpc
    from tf.gen import grpc_stdio_pb2_grpc as stdio_rpc
    from tf.gen import tfplugin_pb2_grpc as rpc

    from tests.support.tfprovider.plugin import AwsProviderServicer

    class Controller(controller_rpc.GRPCControllerServicer):  # type: ignore[misc]
        def Shutdown(self, request: Any, context: Any) -> Any:
            stop.set()
            return controller_pb.Empty()

    class Stdio(stdio_rpc.GRPCStdioServicer):  # type: ignore[misc]
        def StreamStdio(self, request: Any, context: Any) -> Any:
            return iter([])

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    rpc.add_ProviderServicer_to_server(AwsProviderServicer(), server)
    controller_rpc.add_GRPCControllerServicer_to_server(Controller(), server)
    stdio_rpc.add_GRPCStdioServicer_to_server(Stdio(), server)
    with tempfile.TemporaryDirectory(prefix="tfprovider-") as folder:
        socket = os.path.join(folder, "plugin.sock")
        cert, credentials = _server_credentials()
        server.add_secure_port(f"unix://{socket}", credentials)
        server.start()
        line = f"1|6|unix|{socket}|grpc|{base64.b64encode(cert).decode().rstrip('=')}\n"
        sys.stdout.write(line)
        sys.stdout.flush()
        while not stop.wait(0.05):
            pass
        server.stop(grace=0.2)


def started_by_terraform() -> bool:
    if os.environ.get(MAGIC_COOKIE[0]) == MAGIC_COOKIE[1]:
        return True
    sys.stderr.write("This binary is a plugin. It is started by Terraform, not run directly.\n")
    return False


def main() -> int:
    if not started_by_terraform():
        return 1
    # Ctrl-C reaches the whole process group; like Go plugins we let Terraform decide when we stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    serve(threading.Event())
    return 0


if __name__ == "__main__":
    sys.exit(main())
