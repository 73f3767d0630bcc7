"""Pointing an error at the right line of wrapper.toml."""

from wrapper.config.lines import locate

TEXT = """\
[service]
name = "x"

[functions.pose]
memory = 1

[stages.prod]
functions.pose.memory = 2
[[tables.players.indexes]]
name = "i"
"""


def test_keys_under_headers_and_dotted_keys() -> None:
    assert locate(TEXT, "service.name") == 2
    assert locate(TEXT, "functions.pose.memory") == 5
    assert locate(TEXT, "stages.prod.functions.pose.memory") == 8
    assert locate(TEXT, "tables.players.indexes[0].name") == 10


def test_falls_back_to_the_nearest_table() -> None:
    assert locate(TEXT, "functions.pose.timeout") == 4
    assert locate(TEXT, "nothing.here") is None
