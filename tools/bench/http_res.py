"""`arc_http.res` and `import arc_http`, measured against their floors and Powertools.

    uv run python tools/bench/http_res.py [--powertools PYTHON] [--imports N]

`res` builds a small JSON response for an HTTP API (payload 2.0) request that accepts
br and gzip. Its floor is what any handler has to do for the same response: `json.dumps`
plus building the response dict. Powertools' `APIGatewayHttpResolver.resolve` gives the
same response for the same event; it runs in the interpreter given by `--powertools`
(a venv with aws-lambda-powertools installed, kept out of this workspace), next to the
same floor measured there, so the two processes can be compared.

The import figures are whole `python -c` runs, alternating `pass` and `import arc_http`
(bytecode compiled first): the median wall time and CPU time (user + system, which other
processes on a busy machine do not inflate) of each, and the differences.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable
from typing import Any

DATA = {"ok": True, "id": 123, "name": "ada", "tags": ["a", "b"]}
EVENT = {
    "version": "2.0",
    "routeKey": "GET /",
    "rawPath": "/",
    "rawQueryString": "",
    "headers": {
        "accept": "application/json",
        "accept-encoding": "gzip, deflate, br",
        "host": "example.execute-api.us-east-1.amazonaws.com",
        "user-agent": "bench/1.0",
    },
    "requestContext": {
        "http": {"method": "GET", "path": "/", "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1"},
        "routeKey": "GET /",
        "stage": "$default",
    },
    "isBase64Encoded": False,
}
ANTI_CACHE = "no-cache, no-store, must-revalidate, max-age=0, s-maxage=0"

# Run in the Powertools venv: prints {"floor": ns, "powertools": ns} as JSON.
_POWERTOOLS = """
import json, sys, time, timeit
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
event, data, repeat = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3])
app = APIGatewayHttpResolver()
app.get("/")(lambda: data)
response = app.resolve(event, None)
assert json.loads(response["body"]) == data, response

def floor():
    return {"statusCode": 200, "headers": {"content-type": "application/json"},
            "body": json.dumps(data, separators=(",", ":")), "isBase64Encoded": False}

def best(fn):
    timer = timeit.Timer(fn, timer=time.process_time)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat, number)) / number * 1e9

print(json.dumps({"floor": best(floor), "powertools": best(lambda: app.resolve(event, None))}))
"""


def best_ns(fn: Callable[[], Any], repeat: int) -> float:
    """The fastest of `repeat` timings of `fn`, per call, in nanoseconds of this process's CPU.

    CPU time, not wall time: other processes on a busy machine do not count against it.
    """
    timer = timeit.Timer(fn, timer=time.process_time)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat, number)) / number * 1e9


def floor() -> dict[str, Any]:
    """The same response `res` returns, built by hand."""
    return {
        "statusCode": 200,
        "headers": {"content-type": "application/json; charset=utf8", "cache-control": ANTI_CACHE},
        "body": json.dumps(DATA, separators=(",", ":"), ensure_ascii=False),
        "isBase64Encoded": False,
    }


def measure_res(repeat: int) -> dict[str, float]:
    from arc_http import res

    expected = floor()
    assert res(EVENT, {"json": DATA}) == expected, res(EVENT, {"json": DATA})
    assert res(EVENT, {"statusCode": 200, "body": expected["body"]}) == expected
    return {
        "floor: json.dumps + dict": best_ns(floor, repeat),
        'res(req, {"json": data})': best_ns(lambda: res(EVENT, {"json": DATA}), repeat),
        "res(req, data)": best_ns(lambda: res(EVENT, DATA), repeat),
        'res(req, {"statusCode", "body"})': best_ns(
            lambda: res(EVENT, {"statusCode": 200, "body": expected["body"]}), repeat
        ),
    }


def measure_powertools(python: str, repeat: int) -> dict[str, float]:
    result = subprocess.run(
        [python, "-c", _POWERTOOLS, json.dumps(EVENT), json.dumps(DATA), str(repeat)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(result.stdout)
    return figures


def measure_imports(runs: int) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env = {k: v for k, v in env.items() if not k.startswith(("ARC_", "AWS_"))}

    def run(code: str) -> tuple[float, float]:
        """Wall and CPU (user + system) milliseconds of one `python -c code`."""
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", code], env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = (time.perf_counter() - start) * 1000
        process.returncode = os.waitstatus_to_exitcode(status)
        assert process.returncode == 0, code
        return wall, (usage.ru_utime + usage.ru_stime) * 1000

    run("import arc_http")  # compile the bytecode once, as an installed package has it
    bare, imported = [], []
    for _ in range(runs):
        bare.append(run("pass"))
        imported.append(run("import arc_http"))
    figures = {}
    for index, kind in enumerate(("wall", "CPU")):
        base = statistics.median(sample[index] for sample in bare)
        with_http = statistics.median(sample[index] for sample in imported)
        figures[f"python -c pass, {kind} (ms)"] = base
        figures[f"python -c 'import arc_http', {kind} (ms)"] = with_http
        figures[f"difference, {kind} (ms)"] = with_http - base
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--powertools", help="python of a venv with aws-lambda-powertools")
    parser.add_argument("--repeat", type=int, default=7, help="timing repeats (best counts)")
    parser.add_argument("--imports", type=int, default=40, help="runs of each import case")
    args = parser.parse_args()

    figures = measure_res(args.repeat)
    base = figures["floor: json.dumps + dict"]
    print(f"{'case':44} {'ns/call':>9} {'x floor':>8}")
    for name, ns in figures.items():
        print(f"{name:44} {ns:9.0f} {ns / base:8.2f}")
    if args.powertools:
        powertools = measure_powertools(args.powertools, args.repeat)
        ours = figures['res(req, {"json": data})']
        print(
            f"{'Powertools floor (its process)':44} {powertools['floor']:9.0f}\n"
            f"{'APIGatewayHttpResolver.resolve':44} {powertools['powertools']:9.0f} "
            f"{powertools['powertools'] / powertools['floor']:8.2f}\n"
            f"res is {powertools['powertools'] / ours:.1f}x faster than Powertools"
        )
    if args.imports:
        for name, value in measure_imports(args.imports).items():
            print(f"{name:44} {value:9.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
