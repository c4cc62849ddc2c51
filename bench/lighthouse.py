"""Lighthouse (mobile: a mid-range phone on a slow 4G line, simulated) on the key pages of a running
lms, signed in: prints the performance and accessibility scores and what pulled them down.

    .venv/bin/python bench/lighthouse.py --base http://127.0.0.1:8400 --email emma.peeters@example.org

Lighthouse comes from the npm registry into bench/.lighthouse on first use (Node.js and npm needed).
It audits in a Debian Chromium that Playwright started and signed in through the form, so the
service worker's own requests carry the session as a phone's would. The pages are found from
home: the first course the person follows, its first lesson, the first wiki page. Run the server in
production mode (LMS_MODE=production)."""
import argparse
import asyncio
import json
import re
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
from playwright.async_api import async_playwright

LIGHTHOUSE = Path(__file__).parent / ".lighthouse"
VERSION = "12.8.2"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def install() -> Path:
    binary = LIGHTHOUSE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        LIGHTHOUSE.mkdir(exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(LIGHTHOUSE), "--no-audit", "--no-fund",
                        f"lighthouse@{VERSION}"], check=True)
    return binary


def signed_in(base: str, email: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=base)
    page = client.get("/sign-in").text
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page).group(1)
    answer = client.post("/sign-in", data={"email": email, "password": password, "_csrf_token": token})
    if "lms_session" not in client.cookies:
        sys.exit(f"could not sign in as {email}: {answer.status_code}")
    return client


def first(client: httpx.Client, path: str, pattern: str) -> str:
    found = re.search(pattern, client.get(path).text)
    if not found:
        sys.exit(f"no link like {pattern} on {path}")
    return found.group(0)


def key_pages(client: httpx.Client) -> dict[str, str]:
    course = first(client, "/", r"/courses/\d+(?=\")")
    return {"home": "/", "catalogue": "/catalogue", "course": course,
            "lesson": first(client, course, rf"{course}/lessons/\d+"),
            "wiki page": first(client, "/knowledge", r"/knowledge/pages/\d+")}


def audit(binary: Path, url: str, port: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run([str(binary), url, "--quiet", "--form-factor=mobile", "--output=json", f"--port={port}",
                        f"--output-path={report}", "--only-categories=performance,accessibility"], check=True)
        return json.loads(report.read_text())


def shortfalls(report: dict, category: str) -> list[str]:
    """The audits of a category that did not score full marks, worst first."""
    audits = report["audits"]
    weighted = [ref["id"] for ref in report["categories"][category]["auditRefs"] if ref["weight"] > 0]
    failing = [(audits[name]["score"], name) for name in weighted if audits[name]["score"] not in (None, 1)]
    return [f"{name} {score:.2f}" for score, name in sorted(failing)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def run(args: argparse.Namespace) -> None:
    binary = install()
    pages = key_pages(signed_in(args.base, args.email, args.password))
    port = free_port()
    async with async_playwright() as p:
        with tempfile.TemporaryDirectory() as profile:
            browser = await p.chromium.launch_persistent_context(
                profile, executable_path="/usr/bin/chromium", args=[*CHROMIUM_ARGS, f"--remote-debugging-port={port}"])
            page = browser.pages[0]
            await page.goto(f"{args.base}/sign-in")
            await page.fill("#email", args.email)
            await page.fill("#password", args.password)
            await page.click("button[type=submit]")
            await page.wait_for_url(f"{args.base}/")
            print("| page | performance | accessibility | FCP | LCP | TBT | CLS | below full marks |")
            print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
            for name, path in pages.items():
                if args.only and name not in args.only:
                    continue
                report = await asyncio.to_thread(audit, binary, args.base + path, port)
                if args.keep:
                    (args.keep / f"{name.replace(' ', '-')}.json").write_text(json.dumps(report))
                if report["finalDisplayedUrl"] != args.base + path:
                    sys.exit(f"{path} ended at {report['finalDisplayedUrl']}: not signed in?")
                scores = {category: round(100 * report["categories"][category]["score"])
                          for category in ("performance", "accessibility")}
                metrics = [report["audits"][m]["displayValue"] for m in
                           ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                            "cumulative-layout-shift")]
                below = shortfalls(report, "performance") + shortfalls(report, "accessibility")
                print(f"| {name} `{path}` | {scores['performance']} | {scores['accessibility']} | "
                      + " | ".join(metrics) + f" | {', '.join(below) or 'none'} |", flush=True)
            await browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8400")
    parser.add_argument("--email", default="emma.peeters@example.org")
    parser.add_argument("--password", default="demo-password")
    parser.add_argument("--only", nargs="*", help="page names: home, catalogue, course, lesson, 'wiki page'")
    parser.add_argument("--keep", type=Path, help="a folder to write each page's full report into")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
