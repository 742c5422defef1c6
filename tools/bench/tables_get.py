"""Side by side: `arc_tables.client().<table>.get` against boto3's `Table.get_item`.

Starts a moto_server on a free 127.0.0.1 port, makes one table the way Architect
deploys it (SSM parameter `/<stack>/tables/notes`), writes one item, then times both
calls in alternating blocks against that same server and prints medians and the ratio.

    uv run python -m tools.bench.tables_get [--calls 3000] [--block 100]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from tools.bench._moto import moto_server


def timed_block(call: Callable[[], Any], count: int, cpu: list[float]) -> list[float]:
    """Wall time of each of `count` calls; appends the block's CPU time per call to `cpu`."""
    times = []
    cpu_start = time.process_time()
    for _ in range(count):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    cpu.append((time.process_time() - cpu_start) / count)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=3000, help="timed calls of each kind")
    parser.add_argument("--block", type=int, default=100, help="calls per alternating block")
    args = parser.parse_args()

    with moto_server() as url:
        os.environ.update(
            ARC_ENV="staging",
            ARC_STACK_NAME="BenchStaging",
            AWS_ENDPOINT_URL=url,
            AWS_ACCESS_KEY_ID="bench",
            AWS_SECRET_ACCESS_KEY="bench",
            AWS_REGION="us-east-1",
            AWS_CONFIG_FILE=os.devnull,
            AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        )
        import boto3

        from arc_core import aws_client
        from arc_tables import client

        physical = "bench-staging-notes"
        aws_client("ssm").put_parameter(
            Name="/BenchStaging/tables/notes", Value=physical, Type="String"
        )
        aws_client("dynamodb").create_table(
            TableName=physical,
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        item = {"id": "a", "title": "hello", "stars": 5, "price": 9.99, "tags": ["x", "y"]}
        client().notes.put(item)
        key = {"id": "a"}

        raw_table = boto3.resource("dynamodb", endpoint_url=url, region_name="us-east-1").Table(
            physical
        )

        def raw() -> Any:
            return raw_table.get_item(Key=key).get("Item")

        def ours() -> Any:
            return client().notes.get(key)

        assert ours() == item
        warm: list[float] = []
        timed_block(raw, args.block, warm)
        timed_block(ours, args.block, warm)
        raw_times: list[float] = []
        our_times: list[float] = []
        raw_cpu: list[float] = []
        our_cpu: list[float] = []
        for _ in range(max(1, args.calls // args.block)):
            raw_times += timed_block(raw, args.block, raw_cpu)
            our_times += timed_block(ours, args.block, our_cpu)

    raw_median, our_median = statistics.median(raw_times), statistics.median(our_times)
    raw_cpu_median, our_cpu_median = statistics.median(raw_cpu), statistics.median(our_cpu)
    print(f"calls of each: {len(raw_times)}, in alternating blocks of {args.block}")
    print("                       wall median    client CPU per call")
    print(f"boto3 Table.get_item   {raw_median * 1e6:8.1f} us    {raw_cpu_median * 1e6:8.1f} us")
    print(f"client().notes.get     {our_median * 1e6:8.1f} us    {our_cpu_median * 1e6:8.1f} us")
    print(
        f"ratio (ours / boto3)   {our_median / raw_median:8.3f}       "
        f"{our_cpu_median / raw_cpu_median:8.3f}      (target: at most 1.05)"
    )


if __name__ == "__main__":
    main()
