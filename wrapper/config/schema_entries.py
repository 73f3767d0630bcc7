"""The entries of ``wrapper.toml``'s named tables: a DynamoDB table (with its indexes) and a Lambda function.

Part of the schema (``wrapper.config.schema`` puts them under ``[tables.<name>]`` and
``[functions.<name>]``), kept apart to keep each file to one screenful of declarations.
"""

from __future__ import annotations

from wrapper.config.schema_types import CLI, TERRAFORM, Key, ListOf, Model, Section

KEY_TYPES = ("S", "N", "B")
PROJECTIONS = ("ALL", "KEYS_ONLY")


INDEX = Section(
    {
        "name": Key(str, "Index name (used as-is in DynamoDB).", required=True),
        "hash_key": Key(str, "Partition key attribute of the index.", required=True),
        "range_key": Key(str, "Optional sort key attribute of the index."),
        "projection": Key(str, "Attributes copied into the index.", default="ALL", choices=PROJECTIONS),
    },
    model=Model("Index", computed={"hash_key": "KeyAttribute", "range_key": "KeyAttribute | None"}),
)
# The key attributes of a table and its indexes, typed from the table's ``attributes``.
KEY_FIELDS = {"name": "str", "full_name": "str", "hash_key": "KeyAttribute", "range_key": "KeyAttribute | None"}

TABLE = Section(
    {
        "hash_key": Key(str, "Partition key attribute.", required=True),
        "range_key": Key(str, "Optional sort key attribute."),
        "attributes": Key(dict, "Types of key attributes (S, N or B); unlisted keys are S.", default={}, values=str),
        "ttl_attribute": Key(str, "Attribute holding an epoch-seconds expiry; DynamoDB deletes expired items."),
        "point_in_time_recovery": Key(bool, "Continuous backups for 35 days.", default=True),
        "indexes": ListOf(INDEX, "Global secondary indexes."),
    },
    used_by=(CLI, TERRAFORM),
    model=Model("Table", "A DynamoDB table.", KEY_FIELDS, ("attributes",), behaviour=True, base="Named"),
)

FUNCTION = Section(
    {
        "handler": Key(str, "module.function inside package.source_dir, e.g. connect.handler.", required=True),
        "routes": Key(
            list, "WebSocket route keys this function serves ($connect, $disconnect, $default or an action).", default=[], list_of=str
        ),
        "memory": Key(int, "Memory in MB.", default=256, minimum=128, maximum=10240),
        "timeout": Key(int, "Timeout in seconds (API Gateway gives up after 29 s).", default=10, minimum=1, maximum=900),
        "environment": Key(dict, "Extra environment variables for this function.", default={}, values=str),
        "tables": Key(list, "Tables this function may use (default: all of the stage's tables).", list_of=str),
        "secret": Key(bool, "May read the stage's secret (Secrets Manager).", default=True),
        "connections": Key(bool, "May send to and close connections through the API's @connections.", default=True),
        "reserved_concurrency": Key(
            int, "Concurrent executions reserved for (and capping) this function; unset shares the account's pool.", minimum=1
        ),
        "route_response": Key(bool, "Send the handler's returned body back to the caller (two-way route).", default=False),
        "http": Key(
            list,
            'HTTP API routes this function serves, as API Gateway route keys: "GET /me", "PUT /rooms/{id}", '
            '"ANY /files/{path+}" or "$default" (payload format 2.0; see [http]).',
            default=[],
            list_of=str,
        ),
    },
    used_by=(CLI, TERRAFORM),
    model=Model(
        "Function",
        "A Lambda function.",
        {"name": "str", "full_name": "str", "tables": "tuple[str, ...]"},
        behaviour=True,
        base="Named",
    ),
)
