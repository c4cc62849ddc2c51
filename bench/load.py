"""Load driver: signs in once, then loads each URL in turn against a started server.

    python bench/load.py --base http://127.0.0.1:8000 --email admin@bench.example \\
        --password bench-password --concurrency 8 --duration 10 / /admin/people

/ping (no session, no database) is measured first in the same run: the ceiling of the stack on
this machine, and every page is reported as a share of it. Each of the --concurrency workers
keeps one keep-alive connection and sends its next request as soon as the last one is answered.
The requests are written as raw HTTP/1.1 on uvloop, so the driver spends little of the CPU it
shares with the server; its own CPU use is printed, and near 100% means the driver is the limit."""
import argparse
import asyncio
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from urllib.parse import SplitResult, urlsplit

import httpx
import uvloop

CEILING = "/ping"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:\s*(\d+)", re.IGNORECASE)
CHUNKED = re.compile(rb"\r\ntransfer-encoding:\s*chunked", re.IGNORECASE)


@dataclass
class Result:
    url: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    driver_cpu: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors

    @property
    def rps(self) -> float:
        """Answers with status 200 per second."""
        return len(self.latencies) / self.seconds

    def percentiles_ms(self) -> tuple[float, float, float]:
        if len(self.latencies) < 2:
            return (float("nan"),) * 3
        cuts = statistics.quantiles(self.latencies, n=100, method="inclusive")
        return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


def sign_in(base: str, email: str, password: str) -> str:
    """The session token of a fresh sign-in."""
    with httpx.Client(base_url=base) as client:
        form = client.get("/sign-in")
        csrf = re.search(r'name="_csrf_token" value="([^"]+)"', form.text)
        response = client.post("/sign-in", data={"_csrf_token": csrf.group(1) if csrf else "", "email": email,
                                                 "password": password})
        if response.status_code != 303 or "lms_session" not in response.cookies:
            sys.exit(f"Sign-in as {email} failed (status {response.status_code}).")
        return response.cookies["lms_session"]


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """Sends one request and reads the whole response; returns its status."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    if length := CONTENT_LENGTH.search(head):
        await reader.readexactly(int(length.group(1)))
    elif CHUNKED.search(head):
        while size := int((await reader.readline()).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")  # the empty line after the last chunk
    return int(head[9:12])


async def worker(host: str, port: int, request: bytes, start: float, deadline: float, result: Result) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while (sent := time.perf_counter()) < deadline:
            status = await exchange(reader, writer, request)
            if sent < start:  # the warm-up is not counted
                continue
            if status == 200:
                result.latencies.append(time.perf_counter() - sent)
            else:
                result.errors += 1
    finally:
        writer.close()


async def measure(base: SplitResult, url: str, token: str, args: argparse.Namespace) -> Result:
    request = (f"GET {url} HTTP/1.1\r\nHost: {base.netloc}\r\nCookie: lms_session={token}\r\n"
               "Accept: text/html\r\nAccept-Encoding: gzip\r\nUser-Agent: lms-bench\r\n\r\n").encode()
    result = Result(url)
    start = time.perf_counter() + args.warmup
    deadline = start + args.duration
    try:
        async with asyncio.timeout(args.warmup + args.duration + 30):
            await asyncio.gather(*(worker(base.hostname, base.port or 80, request, start, deadline, result)
                                   for _ in range(args.concurrency)))
    except (OSError, TimeoutError, ValueError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as error:
        sys.exit(f"{url}: the server stopped answering properly ({error!r}); no figures for this run.")
    result.seconds = time.perf_counter() - start
    return result


async def run(args: argparse.Namespace, token: str) -> list[Result]:
    results = []
    for url in [CEILING, *args.urls]:
        cpu = time.process_time()
        results.append(await measure(urlsplit(args.base), url, token, args))
        results[-1].driver_cpu = (time.process_time() - cpu) / (args.warmup + args.duration)
    return results


def report(results: list[Result], args: argparse.Namespace) -> None:
    print(f"concurrency {args.concurrency}, {args.duration:g} s per URL after {args.warmup:g} s warm-up")
    print(f"{'URL':<32} {'requests':>9} {'rps':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'of /ping':>9} {'errors':>7} {'driver cpu':>11}")
    ceiling = results[0].rps
    for r in results:
        p50, p95, p99 = r.percentiles_ms()
        print(f"{r.url:<32} {r.requests:>9} {r.rps:>8.0f} {p50:>8.1f} {p95:>8.1f} {p99:>8.1f} "
              f"{r.rps / ceiling:>9.1%} {r.errors:>7} {r.driver_cpu:>11.0%}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("urls", nargs="+", help="paths to load, like / or /admin/people?q=an")
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per URL")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds per URL before counting")
    args = parser.parse_args()
    if not 1 <= args.concurrency <= 256 or not 0 < args.duration <= 600 or not 0 <= args.warmup <= 60:
        parser.error("use --concurrency 1-256, --duration up to 600 s and --warmup up to 60 s")
    if urlsplit(args.base).hostname not in LOOPBACK or urlsplit(args.base).scheme != "http":
        parser.error("the driver only loads a server on this machine: --base http://127.0.0.1:PORT")
    report(uvloop.run(run(args, sign_in(args.base, args.email, args.password))), args)
