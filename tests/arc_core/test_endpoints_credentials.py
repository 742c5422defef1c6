"""Where AWS calls go and what signs them, with botocore as the oracle where it has a say.

Endpoints: every region of the aws, aws-cn and aws-us-gov partitions, with FIPS and
dualstack, against the URL botocore's endpoint rules put on a real request; the
`AWS_ENDPOINT_URL*` overrides; the WebSocket management API's `ARC_WSS_URL`.
Credentials: the environment, partial keys, the shared files and their profiles, and
the sandbox's dummy keys.
"""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import botocore.session
import pytest
from botocore.config import Config
from botocore.loaders import create_loader
from hypothesis import given, settings
from hypothesis import strategies as st

from arc_core import ConfigError, ServiceError, clear_caches
from arc_core._credentials import (
    DUMMY_ACCESS_KEY_ID,
    DUMMY_SECRET_ACCESS_KEY,
    credentials,
)
from arc_core._endpoints import aws_endpoint, partition, region, regional_host
from tests.fresh_python import run_python

THREE_PARTITIONS = ("aws", "aws-cn", "aws-us-gov")
# The services arc_core calls, and an operation each that botocore can build offline.
OPERATIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "dynamodb": ("list_tables", {}),
    "ssm": ("describe_parameters", {}),
    "sqs": ("list_queues", {}),
    "sns": ("list_topics", {}),
    "apigatewaymanagementapi": ("get_connection", {"ConnectionId": "abc"}),
}
FLAGS = list(itertools.product([False, True], [False, True]))


def _regions() -> dict[str, list[str]]:
    """The named regions of the three partitions, from botocore's partitions.json."""
    document = create_loader().load_data("partitions")
    found: dict[str, list[str]] = {}
    for entry in document["partitions"]:
        if entry["id"] in THREE_PARTITIONS:
            pattern = re.compile(entry["regionRegex"])
            found[entry["id"]] = sorted(name for name in entry["regions"] if pattern.match(name))
    return found


REGIONS = _regions()


class _Sent(Exception):
    """Raised from botocore's before-send hook: the request went no further."""


def _refuse(request: Any, **_: Any) -> None:
    raise _Sent(request.url)


def botocore_url(
    session: Any, service: str, region_name: str, *, fips: bool = False, dualstack: bool = False
) -> str:
    """The URL botocore sends `service`'s test operation to, up to the first `/` of the path."""
    client = session.create_client(
        service,
        region_name=region_name,
        aws_access_key_id="x",
        aws_secret_access_key="y",
        config=Config(
            use_fips_endpoint=fips,
            use_dualstack_endpoint=dualstack,
            retries={"max_attempts": 1, "mode": "standard"},
        ),
    )
    try:
        client.meta.events.register("before-send", _refuse)
        operation, params = OPERATIONS[service]
        with pytest.raises(_Sent) as sent:
            getattr(client, operation)(**params)
    finally:
        client.close()
    url = str(sent.value.args[0])
    return url.removesuffix("/@connections/abc").rstrip("/")


def base(service: str, region_name: str) -> str:
    """Where calls to `service` go, without the trailing slash a configured URL may have."""
    return aws_endpoint(service, region_name).rstrip("/")  # type: ignore[arg-type]


@pytest.fixture
def fresh() -> Iterator[None]:
    """Resolve endpoints and credentials afresh in each test."""
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def on_aws(monkeypatch: pytest.MonkeyPatch, fresh: None) -> pytest.MonkeyPatch:
    """AWS mode (ARC_ENV=staging outside the sandbox)."""
    monkeypatch.setenv("ARC_ENV", "staging")
    return monkeypatch


@pytest.fixture(scope="module")
def session() -> Any:
    """One botocore session (its service models load once).

    It reads its settings from the environment of the test that first uses it, which
    `clean_env` has emptied; endpoint variables it reads afresh for each client.
    """
    return botocore.session.get_session()


# --- endpoints ---------------------------------------------------------------------


def test_each_region_names_its_partition() -> None:
    for name, regions in REGIONS.items():
        assert regions, name
        for region_name in regions:
            assert partition(region_name) == name, region_name


@pytest.mark.parametrize(("fips", "dualstack"), FLAGS)
@pytest.mark.parametrize("service", ["dynamodb", "ssm", "sqs", "sns"])
def test_the_regional_endpoint_is_botocores_in_every_region(
    on_aws: pytest.MonkeyPatch, session: Any, service: str, fips: bool, dualstack: bool
) -> None:
    if fips:
        on_aws.setenv("AWS_USE_FIPS_ENDPOINT", "true")
    if dualstack:
        on_aws.setenv("AWS_USE_DUALSTACK_ENDPOINT", "true")
    wrong = {}
    for region_name in itertools.chain.from_iterable(REGIONS.values()):
        expected = botocore_url(session, service, region_name, fips=fips, dualstack=dualstack)
        ours = base(service, region_name)
        if ours != expected:
            wrong[region_name] = (ours, expected)
    assert wrong == {}


@pytest.mark.parametrize(("fips", "dualstack"), FLAGS)
def test_the_management_apis_regional_host_is_botocores(
    session: Any, fips: bool, dualstack: bool
) -> None:
    for region_name in itertools.chain.from_iterable(REGIONS.values()):
        expected = botocore_url(
            session, "apigatewaymanagementapi", region_name, fips=fips, dualstack=dualstack
        )
        host = regional_host("apigatewaymanagementapi", region_name, fips=fips, dualstack=dualstack)
        assert f"https://{host}" == expected, region_name


@pytest.mark.parametrize(
    ("service", "region_name", "fips", "dualstack", "host"),
    [
        ("dynamodb", "us-east-1", False, False, "dynamodb.us-east-1.amazonaws.com"),
        ("sqs", "eu-west-1", True, False, "sqs-fips.eu-west-1.amazonaws.com"),
        ("sns", "ap-southeast-2", False, True, "sns.ap-southeast-2.api.aws"),
        ("ssm", "ca-central-1", True, True, "ssm-fips.ca-central-1.api.aws"),
        ("dynamodb", "cn-north-1", False, False, "dynamodb.cn-north-1.amazonaws.com.cn"),
        ("sqs", "cn-northwest-1", True, False, "sqs-fips.cn-northwest-1.amazonaws.com.cn"),
        ("sns", "cn-north-1", False, True, "sns.cn-north-1.api.amazonwebservices.com.cn"),
        ("ssm", "cn-north-1", True, True, "ssm-fips.cn-north-1.api.amazonwebservices.com.cn"),
        ("dynamodb", "us-gov-west-1", False, False, "dynamodb.us-gov-west-1.amazonaws.com"),
        # GovCloud's regional hosts are its FIPS hosts, except API Gateway's.
        ("dynamodb", "us-gov-west-1", True, False, "dynamodb.us-gov-west-1.amazonaws.com"),
        ("sqs", "us-gov-east-1", True, False, "sqs.us-gov-east-1.amazonaws.com"),
        (
            "apigatewaymanagementapi",
            "us-gov-west-1",
            True,
            False,
            "execute-api-fips.us-gov-west-1.amazonaws.com",
        ),
        ("sns", "us-gov-west-1", False, True, "sns.us-gov-west-1.api.aws"),
        ("ssm", "us-gov-east-1", True, True, "ssm-fips.us-gov-east-1.api.aws"),
    ],
)
def test_the_wire_references_endpoint_table(
    service: str, region_name: str, fips: bool, dualstack: bool, host: str
) -> None:
    assert regional_host(service, region_name, fips=fips, dualstack=dualstack) == host  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None, database=None)
@given(
    # Regions to come, of the aws and aws-cn partitions (and of none, which botocore
    # puts in aws). GovCloud is left to the test above, region by region: botocore's
    # SNS rules name its two regions rather than the partition, so a made-up
    # us-gov-* region would get sns-fips from botocore and the plain host from us.
    region_name=st.from_regex(r"\A(us|eu|ap|sa|ca|me|af|il|mx|cn|xx)-[a-z]{2,10}-[1-9]\Z"),
    service=st.sampled_from(["dynamodb", "ssm", "sqs", "sns", "apigatewaymanagementapi"]),
    fips=st.booleans(),
    dualstack=st.booleans(),
)
def test_any_region_to_come_gets_botocores_host(
    session: Any, region_name: str, service: str, fips: bool, dualstack: bool
) -> None:
    expected = botocore_url(session, service, region_name, fips=fips, dualstack=dualstack)
    host = regional_host(service, region_name, fips=fips, dualstack=dualstack)  # type: ignore[arg-type]
    assert f"https://{host}" == expected


@pytest.mark.parametrize(
    "region_name",
    ["eusc-de-east-1", "us-iso-east-1", "us-isob-east-1", "us-isof-south-1", "eu-isoe-west-1"],
)
@pytest.mark.parametrize("service", ["dynamodb", "ssm", "sqs", "sns"])
@pytest.mark.parametrize(("fips", "dualstack"), [(False, False), (True, False)])
def test_a_region_of_another_partition_gets_botocores_host(
    session: Any, region_name: str, service: str, fips: bool, dualstack: bool
) -> None:
    expected = botocore_url(session, service, region_name, fips=fips, dualstack=dualstack)
    host = regional_host(service, region_name, fips=fips, dualstack=dualstack)  # type: ignore[arg-type]
    assert f"https://{host}" == expected


def test_a_name_that_is_no_region_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="not a region name"):
        regional_host("sqs", "us-east-1/evil", fips=False, dualstack=False)


def test_the_region_is_aws_region_then_aws_default_region_then_us_west_2(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert region() == "us-west-2"
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    assert region() == "eu-west-1"
    monkeypatch.setenv("AWS_REGION", "ap-south-1")
    assert region() == "ap-south-1"


@pytest.mark.parametrize("service", list(OPERATIONS))
def test_a_service_endpoint_variable_beats_the_general_one(
    on_aws: pytest.MonkeyPatch, session: Any, service: str
) -> None:
    on_aws.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")
    assert base(service, "us-east-1") == "http://127.0.0.1:4566"
    assert botocore_url(session, service, "us-east-1") == "http://127.0.0.1:4566"
    on_aws.setenv(f"AWS_ENDPOINT_URL_{service.upper()}", "http://localhost:9000/base/")
    assert base(service, "us-east-1") == "http://localhost:9000/base"
    assert botocore_url(session, service, "us-east-1") == "http://localhost:9000/base"


def test_another_services_endpoint_variable_changes_nothing(on_aws: pytest.MonkeyPatch) -> None:
    on_aws.setenv("AWS_ENDPOINT_URL_SQS", "http://localhost:9324")
    assert base("dynamodb", "us-east-1") == "https://dynamodb.us-east-1.amazonaws.com"
    assert base("sqs", "us-east-1") == "http://localhost:9324"


@pytest.mark.parametrize("service", ["dynamodb", "ssm", "sqs", "sns"])
def test_ignoring_configured_endpoints_drops_both_variables(
    on_aws: pytest.MonkeyPatch, session: Any, service: str
) -> None:
    on_aws.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")
    on_aws.setenv(f"AWS_ENDPOINT_URL_{service.upper()}", "http://localhost:9000")
    on_aws.setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")
    expected = f"https://{service}.eu-west-1.amazonaws.com"
    assert base(service, "eu-west-1") == expected
    assert botocore_url(session, service, "eu-west-1") == expected


def test_a_configured_endpoint_is_used_as_given_even_with_fips_or_dualstack(
    on_aws: pytest.MonkeyPatch, session: Any
) -> None:
    on_aws.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:4566/prefix")
    on_aws.setenv("AWS_USE_FIPS_ENDPOINT", "true")
    on_aws.setenv("AWS_USE_DUALSTACK_ENDPOINT", "true")
    assert base("dynamodb", "us-east-1") == "http://127.0.0.1:4566/prefix"
    assert botocore_url(session, "dynamodb", "us-east-1") == "http://127.0.0.1:4566/prefix"


@pytest.mark.parametrize(
    ("wss", "expected"),
    [
        (
            "wss://abc123.execute-api.us-east-1.amazonaws.com/production",
            "https://abc123.execute-api.us-east-1.amazonaws.com/production",
        ),
        ("wss://ws.example.com/v1/", "https://ws.example.com/v1"),
        ("ws://localhost:3333/staging", "http://localhost:3333/staging"),
    ],
)
def test_the_management_api_is_the_wss_url_made_https(
    on_aws: pytest.MonkeyPatch, wss: str, expected: str
) -> None:
    on_aws.setenv("ARC_WSS_URL", wss)
    assert base("apigatewaymanagementapi", "us-east-1") == expected


def test_the_management_api_without_a_wss_url_is_a_config_error(
    on_aws: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(ConfigError, match="ARC_WSS_URL is not set"):
        base("apigatewaymanagementapi", "us-east-1")


def test_a_configured_endpoint_beats_the_wss_url(on_aws: pytest.MonkeyPatch) -> None:
    on_aws.setenv("ARC_WSS_URL", "wss://abc.execute-api.us-east-1.amazonaws.com/prod")
    on_aws.setenv("AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI", "http://127.0.0.1:3000/x")
    assert base("apigatewaymanagementapi", "us-east-1") == "http://127.0.0.1:3000/x"


# --- credentials -------------------------------------------------------------------


def botocore_keys() -> tuple[str, str, str | None]:
    """What botocore's own chain finds in this environment (no metadata service)."""
    found = botocore.session.Session().get_credentials()
    assert found is not None
    frozen = found.get_frozen_credentials()
    return frozen.access_key, frozen.secret_key, frozen.token


def keys(local: bool = False) -> tuple[str, str, str | None]:
    found = credentials(local)
    return found.access_key, found.secret_key, found.token


@pytest.fixture
def no_metadata(monkeypatch: pytest.MonkeyPatch, fresh: None) -> pytest.MonkeyPatch:
    """Keep botocore's chain off the EC2 metadata service (no waiting on a network)."""
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    return monkeypatch


def test_environment_keys_and_session_token_are_used(no_metadata: pytest.MonkeyPatch) -> None:
    no_metadata.setenv("AWS_ACCESS_KEY_ID", "AKIDENV")
    no_metadata.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
    no_metadata.setenv("AWS_SESSION_TOKEN", "env-token")
    assert keys() == ("AKIDENV", "env-secret", "env-token") == botocore_keys()


def test_the_security_token_variable_beats_the_session_token(
    no_metadata: pytest.MonkeyPatch,
) -> None:
    no_metadata.setenv("AWS_ACCESS_KEY_ID", "AKIDENV")
    no_metadata.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
    no_metadata.setenv("AWS_SESSION_TOKEN", "session-token")
    no_metadata.setenv("AWS_SECURITY_TOKEN", "security-token")
    assert keys() == ("AKIDENV", "env-secret", "security-token") == botocore_keys()


def test_a_change_of_keys_in_the_environment_is_seen_at_once(
    no_metadata: pytest.MonkeyPatch,
) -> None:
    no_metadata.setenv("AWS_ACCESS_KEY_ID", "AKIDONE")
    no_metadata.setenv("AWS_SECRET_ACCESS_KEY", "one")
    assert keys() == ("AKIDONE", "one", None)
    no_metadata.setenv("AWS_ACCESS_KEY_ID", "AKIDTWO")
    no_metadata.setenv("AWS_SECRET_ACCESS_KEY", "two")
    assert keys() == ("AKIDTWO", "two", None)


@pytest.mark.parametrize(
    ("present", "missing"),
    [
        ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"),
        ("AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID"),
    ],
)
def test_half_a_key_pair_in_the_environment_is_a_partial_credentials_error(
    no_metadata: pytest.MonkeyPatch, present: str, missing: str
) -> None:
    no_metadata.setenv(present, "only-half")
    with pytest.raises(ServiceError, match=f"{missing} is not set") as caught:
        credentials(False)
    assert caught.value.code == "PartialCredentialsError"


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def shared_files(no_metadata: pytest.MonkeyPatch, tmp_path: Path) -> tuple[Path, Path]:
    """Empty shared credentials and config files in tmp_path, named by the variables."""
    credentials_file, config_file = tmp_path / "credentials", tmp_path / "config"
    no_metadata.setenv("AWS_SHARED_CREDENTIALS_FILE", _write(credentials_file, ""))
    no_metadata.setenv("AWS_CONFIG_FILE", _write(config_file, ""))
    return credentials_file, config_file


def test_the_default_profile_of_the_credentials_file_is_used(
    shared_files: tuple[Path, Path],
) -> None:
    credentials_file, _ = shared_files
    _write(
        credentials_file,
        "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n"
        "aws_session_token = file-token\n\n[other]\naws_access_key_id = AKIDOTHER\n"
        "aws_secret_access_key = other-secret\n",
    )
    assert keys() == ("AKIDFILE", "file-secret", "file-token") == botocore_keys()


def test_aws_profile_picks_a_profile_section_of_the_config_file(
    shared_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, config_file = shared_files
    _write(
        config_file,
        "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n\n"
        "[profile work]\nregion = eu-west-1\naws_access_key_id = AKIDWORK\n"
        "aws_secret_access_key = work-secret\n\n"
        # Without the `profile ` prefix a config section is no profile.
        "[play]\naws_access_key_id = AKIDPLAY\naws_secret_access_key = play-secret\n",
    )
    monkeypatch.setenv("AWS_PROFILE", "work")
    assert keys() == ("AKIDWORK", "work-secret", None) == botocore_keys()


def test_the_credentials_file_beats_the_config_file(
    shared_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    credentials_file, config_file = shared_files
    _write(
        credentials_file,
        "[work]\naws_access_key_id = AKIDCREDS\naws_secret_access_key = creds-secret\n",
    )
    _write(
        config_file,
        "[profile work]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = config-secret\n",
    )
    monkeypatch.setenv("AWS_PROFILE", "work")
    assert keys() == ("AKIDCREDS", "creds-secret", None) == botocore_keys()


def test_the_files_complete_each_other_key_by_key(
    shared_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    credentials_file, config_file = shared_files
    _write(credentials_file, "[work]\naws_access_key_id = AKIDCREDS\n")
    _write(
        config_file,
        "[profile work]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = config-secret\n",
    )
    monkeypatch.setenv("AWS_PROFILE", "work")
    assert keys() == ("AKIDCREDS", "config-secret", None)


def test_aws_default_profile_beats_aws_profile(
    shared_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    credentials_file, _ = shared_files
    _write(
        credentials_file,
        "[one]\naws_access_key_id = AKIDONE\naws_secret_access_key = one\n\n"
        "[two]\naws_access_key_id = AKIDTWO\naws_secret_access_key = two\n",
    )
    monkeypatch.setenv("AWS_PROFILE", "one")
    monkeypatch.setenv("AWS_DEFAULT_PROFILE", "two")
    assert keys() == ("AKIDTWO", "two", None) == botocore_keys()


def test_environment_keys_beat_the_shared_files(
    shared_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    credentials_file, _ = shared_files
    _write(credentials_file, "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = f\n")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "e")
    assert keys() == ("AKIDENV", "e", None) == botocore_keys()


def test_no_credentials_anywhere_is_a_no_credentials_error(
    shared_files: tuple[Path, Path],
) -> None:
    with pytest.raises(ServiceError, match="AWS_ACCESS_KEY_ID") as caught:
        credentials(False)
    assert caught.value.code == "NoCredentialsError"


def test_locally_the_sandboxs_dummy_keys_stand_in(no_metadata: pytest.MonkeyPatch) -> None:
    assert keys(local=True) == (DUMMY_ACCESS_KEY_ID, DUMMY_SECRET_ACCESS_KEY, None)
    no_metadata.setenv("AWS_ACCESS_KEY_ID", "AKIDLOCAL")
    no_metadata.setenv("AWS_SECRET_ACCESS_KEY", "local-secret")
    assert keys(local=True) == ("AKIDLOCAL", "local-secret", None)


def test_locally_half_a_key_pair_is_completed_by_a_dummy(no_metadata: pytest.MonkeyPatch) -> None:
    no_metadata.setenv("AWS_ACCESS_KEY_ID", "AKIDLOCAL")
    assert keys(local=True) == ("AKIDLOCAL", DUMMY_SECRET_ACCESS_KEY, None)


def test_a_container_uri_in_clear_to_another_host_is_refused(
    no_metadata: pytest.MonkeyPatch,
) -> None:
    no_metadata.setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/creds")
    with pytest.raises(ServiceError, match="must be https") as caught:
        credentials(False)
    assert caught.value.code == "NoCredentialsError"


def test_a_container_token_with_a_line_break_is_refused(
    no_metadata: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    no_metadata.setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9/creds")
    no_metadata.setenv(
        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", _write(tmp_path / "token", "abc\r\nX: y")
    )
    with pytest.raises(ServiceError, match="line break") as caught:
        credentials(False)
    assert caught.value.code == "NoCredentialsError"


def test_a_credential_process_runs_before_static_keys_of_the_config_file(
    shared_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, config_file = shared_files
    answer = '{"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "process-secret"}'
    script = _write(config_file.parent / "process.py", f"print({answer!r})\n")
    process = f"{sys.executable} {script}"
    _write(
        config_file,
        "[profile work]\naws_access_key_id = AKIDSTATIC\naws_secret_access_key = s\n"
        f"credential_process = {process}\n",
    )
    monkeypatch.setenv("AWS_PROFILE", "work")
    assert keys() == ("AKIDPROCESS", "process-secret", None) == botocore_keys()


def test_a_profile_that_assumes_a_role_is_left_to_botocore() -> None:
    # Without botocore nothing can assume the role: the static keys beside role_arn are
    # not used in its place (boto3 would sign with the role's keys, not these).
    out = run_python(
        """
        import os, tempfile
        folder = tempfile.mkdtemp()
        path = os.path.join(folder, "credentials")
        with open(path, "w") as file:
            file.write("[default]\\naws_access_key_id = AKIDSTATIC\\n"
                       "aws_secret_access_key = s\\nrole_arn = arn:aws:iam::1:role/r\\n")
        os.environ["AWS_SHARED_CREDENTIALS_FILE"] = path
        os.environ["AWS_CONFIG_FILE"] = os.devnull
        from arc_core import ServiceError
        from arc_core._credentials import credentials
        try:
            print(credentials(False).access_key)
        except ServiceError as err:
            print(err.code)
        """,
        isolated_from=["arc_core"],
    )
    assert out == "NoCredentialsError"
