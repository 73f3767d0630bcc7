"""The AWS edge: the only place in ``wrapper`` that imports boto3 or botocore (ruff enforces it).

- ``client(service, region, ...)`` (and ``resource``) makes a client with wrapper's retries and user agent, an
  optional endpoint (``wrapper dev``'s moto, tests) and optional fixed credentials;
- ``aws_errors(action)`` turns missing credentials, throttling, access denied and network
  failures into ``WrapperError``s with a hint; ``error_code(exc)`` reads a service error's code;
- ``paginate(client, operation, key, ...)`` yields every item of a listing with boto3's paginators;
- ``answered_client(service, region, answer)`` is a client whose HTTP is answered in this process.

boto3 is imported on first use: it costs a third of a second that commands without AWS should not pay.
"""

from wrapper.aws.answered import answered_client
from wrapper.aws.clients import OFFLINE_CREDENTIALS, client, resource, session
from wrapper.aws.errors import aws_errors, error_code, is_service_error
from wrapper.aws.paging import paginate

__all__ = [
    "OFFLINE_CREDENTIALS",
    "answered_client",
    "aws_errors",
    "client",
    "error_code",
    "is_service_error",
    "paginate",
    "resource",
    "session",
]
