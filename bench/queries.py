"""Counts the SQL queries each page runs, in process against the database of LMS_DATABASE_URL.

    python bench/queries.py --email admin@bench.example --password bench-password / /admin/people

No server needed: the app runs inside this process and every query Piccolo sends is counted.
Times are medians over --repeat requests, one after another: wall time, and the process's CPU time
(steadier on a shared VM, where another guest's load shows in wall time); --show lists each query too."""
import argparse
import asyncio
import logging
import re
import statistics
import sys
import time

import httpx

from lms.app import create_app
from lms.db import engine


async def main(args: argparse.Namespace) -> None:
    app, engine_class, queries = create_app(), type(engine()), []
    run_querystring = engine_class.run_querystring

    async def timed(self, querystring, in_pool: bool = False):
        started = time.perf_counter()
        try:
            return await run_querystring(self, querystring, in_pool=in_pool)
        finally:
            queries.append((time.perf_counter() - started, str(querystring)))

    engine_class.run_querystring = timed  # the engine's slots forbid patching the instance
    logging.getLogger("httpx").setLevel(logging.WARNING)
    async with app.lifespan(), httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://bench") as client:
        form = await client.get("/sign-in")
        csrf = re.search(r'name="_csrf_token" value="([^"]+)"', form.text)
        signed_in = await client.post("/sign-in", data={"_csrf_token": csrf.group(1) if csrf else "",
                                                        "email": args.email, "password": args.password})
        if signed_in.status_code != 303:
            sys.exit(f"Sign-in as {args.email} failed (status {signed_in.status_code}).")
        print(f"{'URL':<32} {'status':>6} {'queries':>8} {'median ms':>10} {'CPU ms':>7}")
        for url in args.urls:
            await client.get(url)  # the first request fills caches (templates) and is not counted
            runs, totals, cpu = [], [], []
            for _ in range(args.repeat):
                queries.clear()
                started, cpu_started = time.perf_counter(), time.process_time()
                response = await client.get(url)
                totals.append(time.perf_counter() - started)
                cpu.append(time.process_time() - cpu_started)
                runs.append(list(queries))
            print(f"{url:<32} {response.status_code:>6} {len(runs[-1]):>8} {statistics.median(totals) * 1000:>10.1f} "
                  f"{statistics.median(cpu) * 1000:>7.1f}")
            if args.show:
                for same_query in zip(*runs):
                    sql = " ".join(same_query[-1][1].split())
                    print(f"{statistics.median(s for s, _ in same_query) * 1000:>8.1f} ms  {sql[:200]}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--repeat", type=int, default=20, help="requests per URL (1-1000)")
    parser.add_argument("--show", action="store_true", help="list each query with its median time")
    args = parser.parse_args()
    if not 1 <= args.repeat <= 1000:
        parser.error("--repeat must be between 1 and 1000")
    asyncio.run(main(args))
