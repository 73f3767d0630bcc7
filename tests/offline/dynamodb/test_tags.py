"""Table tags on the embedded DynamoDB: TagResource, UntagResource, ListTagsOfResource and CreateTable's Tags.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Tagging.html#TaggingRestrictions
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.offline.dynamodb.test_engine import SCORES, code

TABLE = SCORES["TableName"]


@pytest.fixture
def arn(ours: Any) -> str:
    ours.create_table(**SCORES, Tags=[{"Key": "stage", "Value": "dev"}])
    return str(ours.describe_table(TableName=TABLE)["Table"]["TableArn"])


def test_tags_set_at_creation_are_changed_and_removed_by_key(ours: Any, arn: str) -> None:
    assert ours.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "stage", "Value": "dev"}]
    ours.tag_resource(ResourceArn=arn, Tags=[{"Key": "stage", "Value": "prod"}, {"Key": "owner", "Value": ""}])
    assert ours.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "stage", "Value": "prod"}, {"Key": "owner", "Value": ""}]
    ours.untag_resource(ResourceArn=arn, TagKeys=["stage", "never-set"])  # removing a tag that is not there is fine
    assert ours.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "owner", "Value": ""}]


@pytest.mark.parametrize(
    "tags",
    [
        [],
        [{"Key": "k" * 129, "Value": "x"}],
        [{"Key": "k", "Value": "v" * 257}],
        [{"Key": "hi!", "Value": "x"}],
        [{"Key": "k", "Value": '"quoted"'}],
        [{"Key": "aws:owner", "Value": "x"}],
        [{"Key": str(i), "Value": "x"} for i in range(50)],  # 51 with the one set at creation
    ],
    ids=["none", "long key", "long value", "bad key character", "bad value character", "aws prefix", "over 50"],
)
def test_tags_outside_the_rules_are_refused_and_nothing_changes(ours: Any, arn: str, tags: list[dict[str, str]]) -> None:
    assert code(lambda: ours.tag_resource(ResourceArn=arn, Tags=tags)) == "ValidationException"
    assert ours.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "stage", "Value": "dev"}]


def test_only_an_existing_tables_arn_is_taggable(ours: Any, arn: str) -> None:
    tags = [{"Key": "k", "Value": "v"}]
    assert code(lambda: ours.tag_resource(ResourceArn="not-an-arn", Tags=tags)) == "ValidationException"
    assert code(lambda: ours.tag_resource(ResourceArn=arn + "/index/by-who", Tags=tags)) == "ValidationException"
    assert code(lambda: ours.tag_resource(ResourceArn=arn + "x", Tags=tags)) == "ResourceNotFoundException"


def test_a_table_created_with_bad_tags_is_not_created(ours: Any) -> None:
    assert code(lambda: ours.create_table(**SCORES, Tags=[{"Key": str(i), "Value": "x"} for i in range(51)])) == "ValidationException"
    assert code(lambda: ours.describe_table(TableName=TABLE)) == "ResourceNotFoundException"
