"""`aws_call` against moto_server: each protocol, the shapes boto3 gives, and its errors.

The same calls run once through our transport and once with `ARC_AWS_SDK=boto3`, and
must give the same answers and the same errors.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from typing import Any

import pytest
from botocore.exceptions import ClientError
from hypothesis import given
from hypothesis import strategies as st

from arc_core import AwsError, aws_call, aws_client
from arc_core._connections import Reply
from arc_core._protocol_json import error as json_error
from arc_core._protocol_query import build as query_build
from arc_core._protocol_query import parse_xml
from arc_core._protocol_rest import build as rest_build
from tests.fresh_python import run_python

Call = tuple[str, str, dict[str, Any]]


def _without_metadata(reply: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in reply.items() if key != "ResponseMetadata"}


def _both_ways(monkeypatch: pytest.MonkeyPatch, call: Call) -> tuple[Any, Any]:
    service, operation, params = call
    ours = aws_call(service, operation, dict(params), action="testing")  # type: ignore[arg-type]
    monkeypatch.setenv("ARC_AWS_SDK", "boto3")
    theirs = aws_call(service, operation, dict(params), action="testing")  # type: ignore[arg-type]
    monkeypatch.delenv("ARC_AWS_SDK")
    return ours, theirs


@pytest.fixture
def table(aws: str) -> str:
    name = f"{aws}-things"
    aws_client("dynamodb").create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    return name


def test_dynamodb_items_read_the_same_as_through_boto3(
    table: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = {"id": {"S": "a"}, "n": {"N": "1.50"}, "l": {"L": [{"S": "é"}, {"NULL": True}]}}
    aws_call("dynamodb", "PutItem", {"TableName": table, "Item": item}, action="writing")
    ours, theirs = _both_ways(
        monkeypatch, ("dynamodb", "GetItem", {"TableName": table, "Key": {"id": {"S": "a"}}})
    )
    assert _without_metadata(ours) == _without_metadata(theirs) == {"Item": item}
    assert ours["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert ours["ResponseMetadata"]["RetryAttempts"] == 0
    assert ours["ResponseMetadata"]["RequestId"]


def test_binary_values_go_as_base64_and_come_back_as_base64(table: str) -> None:
    key = {"id": {"S": "b"}}
    aws_call(
        "dynamodb",
        "PutItem",
        {"TableName": table, "Item": {**key, "b": {"B": b"\x00\xff"}}},
        action="writing",
    )
    assert aws_client("dynamodb").get_item(TableName=table, Key=key)["Item"]["b"]["B"] == (
        b"\x00\xff"
    )
    reply = aws_call("dynamodb", "GetItem", {"TableName": table, "Key": key}, action="reading")
    assert reply["Item"]["b"] == {"B": "AP8="}


def test_an_aws_error_reply_is_the_same_aws_error_both_ways(
    table: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    params = {"TableName": table, "Item": {"id": {"S": "c"}}}
    aws_call("dynamodb", "PutItem", params, action="writing")
    params["ConditionExpression"] = "attribute_not_exists(id)"
    caught: list[AwsError] = []
    for sdk in ("", "boto3"):
        monkeypatch.setenv("ARC_AWS_SDK", sdk)
        with pytest.raises(AwsError) as raised:
            aws_call("dynamodb", "PutItem", params, action="writing a thing")
        caught.append(raised.value)
    for err in caught:
        assert isinstance(err, ClientError)
        assert (err.service, err.operation, err.code, err.status) == (
            "dynamodb",
            "PutItem",
            "ConditionalCheckFailedException",
            400,
        )
        assert err.response["Error"]["Code"] == "ConditionalCheckFailedException"
        assert err.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert str(err).startswith(
            "DynamoDB PutItem failed while writing a thing: ConditionalCheckFailedException: "
        )
    assert caught[0].message == caught[1].message


def test_an_aws_error_made_directly_is_a_client_error_where_botocore_is_installed() -> None:
    err = AwsError(
        service="sqs",
        operation="SendMessage",
        action="sending",
        code="Throttled",
        message="slow down",
        status=400,
        response={"Error": {"Code": "Throttled"}},
    )
    assert isinstance(err, ClientError)
    assert str(err) == "SQS SendMessage failed while sending: Throttled: slow down"
    again = err.with_action("retrying")
    assert (type(again), str(again)) == (
        type(err),
        "SQS SendMessage failed while retrying: Throttled: slow down",
    )


def test_an_aws_error_survives_pickling(table: str) -> None:
    with pytest.raises(AwsError) as raised:
        aws_call("dynamodb", "GetItem", {"TableName": "nope", "Key": {}}, action="reading")
    copy = pickle.loads(pickle.dumps(raised.value))
    assert type(copy) is type(raised.value)
    assert (copy.code, copy.status, str(copy)) == (
        raised.value.code,
        raised.value.status,
        str(raised.value),
    )


def test_sns_replies_are_shaped_as_boto3s(aws: str, monkeypatch: pytest.MonkeyPatch) -> None:
    topic = aws_client("sns").create_topic(Name=f"{aws}-topic")["TopicArn"]
    ours, theirs = _both_ways(monkeypatch, ("sns", "Publish", {"TopicArn": topic, "Message": "é"}))
    assert set(ours) == set(theirs) == {"MessageId", "ResponseMetadata"}
    entries = [{"Id": str(n), "Message": f"m{n} & <x>"} for n in range(3)]
    batch = {"TopicArn": topic, "PublishBatchRequestEntries": entries}
    ours, theirs = _both_ways(monkeypatch, ("sns", "PublishBatch", batch))
    assert [entry["Id"] for entry in ours["Successful"]] == ["0", "1", "2"]
    assert ours["Failed"] == theirs["Failed"] == []
    assert set(ours["Successful"][0]) == set(theirs["Successful"][0])


def test_sns_errors_carry_the_query_protocols_type_and_code(aws: str) -> None:
    with pytest.raises(AwsError) as raised:
        aws_call(
            "sns",
            "Publish",
            {"TopicArn": "arn:aws:sns:us-east-1:123456789012:none", "Message": "x"},
            action="publishing",
        )
    assert raised.value.code == "NotFound"
    assert raised.value.response["Error"]["Type"] == "Sender"


def test_sqs_errors_keep_botocores_legacy_code(aws: str, monkeypatch: pytest.MonkeyPatch) -> None:
    url = aws_client("sqs").create_queue(QueueName=f"{aws}-q")["QueueUrl"]
    params = {"QueueUrl": url + "-gone", "MessageBody": "x"}
    errors: list[dict[str, Any]] = []
    for sdk in ("", "boto3"):
        monkeypatch.setenv("ARC_AWS_SDK", sdk)
        with pytest.raises(AwsError) as raised:
            aws_call("sqs", "SendMessage", params, action="sending")
        errors.append(raised.value.response["Error"])
    assert errors[0]["Code"] == errors[1]["Code"] == "AWS.SimpleQueueService.NonExistentQueue"
    assert errors[0]["QueryErrorCode"] == "QueueDoesNotExist"
    ours, theirs = _both_ways(
        monkeypatch, ("sqs", "SendMessage", {"QueueUrl": url, "MessageBody": "y"})
    )
    assert set(ours) == set(theirs)


def test_connection_ids_are_percent_encoded_in_the_path() -> None:
    method, path, _, body = rest_build(
        "apigatewaymanagementapi", "PostToConnection", {"ConnectionId": "a/b+c=", "Data": b"x"}
    )
    assert (method, path, body) == ("POST", "/@connections/a%2Fb%2Bc%3D", b"x")
    with pytest.raises(TypeError, match="ConnectionId"):
        rest_build("apigatewaymanagementapi", "GetConnection", {"ConnectionId": ""})


def test_query_requests_flatten_lists_maps_and_escape_like_botocore() -> None:
    _, _, headers, body = query_build(
        "sns",
        "Publish",
        {
            "TopicArn": "arn",
            "Message": "a b&é~",
            "MessageAttributes": {"k": {"DataType": "String", "StringValue": "v"}},
        },
    )
    assert headers["Content-Type"].startswith("application/x-www-form-urlencoded")
    assert body.decode().split("&") == [
        "Action=Publish",
        "Version=2010-03-31",
        "TopicArn=arn",
        "Message=a+b%26%C3%A9~",
        "MessageAttributes.entry.1.Name=k",
        "MessageAttributes.entry.1.Value.DataType=String",
        "MessageAttributes.entry.1.Value.StringValue=v",
    ]


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@given(st.dictionaries(st.from_regex(r"[A-Z][A-Za-z]{0,8}", fullmatch=True), _TEXT, max_size=5))
def test_query_replies_parse_back_whatever_text_they_hold(fields: dict[str, str]) -> None:
    def escape(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    inner = "".join(f"<{key}>{escape(value)}</{key}>" for key, value in fields.items())
    xml = f'<?xml version="1.0"?><R xmlns="http://x/"><Result>{inner}</Result><M/></R>'
    parsed = parse_xml(xml)
    assert parsed["R"]["Result"] == (fields or "")
    assert parsed["R"]["M"] == ""


@given(st.text(alphabet="<>/?!ab &;", max_size=60))
def test_malformed_query_replies_raise_value_error_or_parse(text: str) -> None:
    try:
        parsed = parse_xml(text)
    except ValueError:
        return
    assert isinstance(parsed, (dict, list, str))


@given(st.binary(max_size=300))
def test_json_error_replies_of_any_bytes_give_a_code_and_never_raise(body: bytes) -> None:
    found = json_error("dynamodb", Reply(500, {}, body))
    assert isinstance(found["Code"], str)
    assert found["Code"]
    assert isinstance(found["Message"], str)


def test_without_botocore_an_aws_error_is_not_a_client_error() -> None:
    out = run_python(
        """
        from arc_core import AwsError
        err = AwsError(service="sns", operation="Publish", action="publishing", code="NotFound",
                       message="m", status=404, response={"Error": {"Code": "NotFound"}})
        print(type(err).__mro__[1].__name__, err.response["Error"]["Code"])
        """,
        isolated_from=["arc_core"],
    )
    assert out == "ServiceError NotFound"


def test_the_lean_path_loads_neither_boto3_nor_botocore(aws: str) -> None:
    # A fresh interpreter with this test's AWS settings (moto_server): nothing loaded here counts.
    program = (
        "import sys\n"
        "from arc_core import aws_call\n"
        "reply = aws_call('ssm', 'GetParametersByPath', {'Path': '/x'}, action='reading')\n"
        "print(reply['Parameters'], sorted(m for m in ('boto3', 'botocore') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["[]", "[]"]
