"""A bounded, repeatable HTTP load test for a running newsroom (loopback only).

    python bench/load.py --url http://127.0.0.1:8000 --duration 60 --concurrency 32

First it reads the archive as a visitor would (a few listing and entity pages)
to collect article URLs and search words from real headlines; then N threads,
each with its own keep-alive connection, send a fixed mix of page classes
(search, article, list, entity, home) until the time is up. It prints
throughput and the p50/p90/p99 latency of each page class, the status codes
and the errors.
With --seed the same URLs are chosen in the same order on every run. With
--popular-searches N, a share (--repeat) of the searches are drawn from N
popular ones, the n-th asked 1/n as often as the first, as readers do.

Only standard library; no server is started here (see docs/operations.md).
"""

import argparse
import http.client
import ipaddress
import json
import random
import re
import socket
import sys
import threading
import time
from collections import Counter, defaultdict
from urllib.parse import quote, urlsplit

DEFAULT_MIX = "search=5,article=4,list=1,entity=1"
STOP_WORDS = set(
    "about after again against before being below between could during from "
    "have having here into more most other over said says same some such than "
    "that their them then there these they this those through under until very "
    "were what when where which while will with would year years".split()
)
ARTICLE_LINK = re.compile(r'href="(/articles/\d+/[\w-]+/)"[^>]*>([^<]+)<')
ENTITY_LINK = re.compile(r'href="(/entities/[\w-]+/)"')


def loopback_only(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise SystemExit("--url must be http://HOST:PORT")
    addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, None)}
    if not all(ipaddress.ip_address(a).is_loopback for a in addresses):
        raise SystemExit(f"refusing to load {parts.hostname}: loopback addresses only")
    return parts.hostname, parts.port or 80


def get(connection: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    status, body, _ = get_cached(connection, path)
    return status, body


def get_cached(connection, path: str) -> tuple[int, bytes, str]:
    """(status, body, what a cache in front said: X-Cache-Status, or "")."""
    connection.request("GET", path, headers={"User-Agent": "newsroom-bench"})
    response = connection.getresponse()
    body = response.read()
    return response.status, body, response.getheader("X-Cache-Status", "")


def discover(host: str, port: int, pages: int, rng: random.Random) -> dict:
    """Article URLs, entity URLs and search words, read from the archive."""
    connection = http.client.HTTPConnection(host, port, timeout=60)
    articles, entities, words = [], [], Counter()
    for number in range(1, pages + 1):
        status, body = get(connection, f"/articles/?page={number}")
        if status != 200:
            break
        for link, title in ARTICLE_LINK.findall(body.decode("utf-8", "replace")):
            articles.append(link)
            for word in re.findall(r"[A-Za-z]{4,}", title):
                if word.lower() not in STOP_WORDS:
                    words[word.lower()] += 1
    for number in range(1, 4):
        status, body = get(connection, f"/entities/?page={number}")
        if status == 200:
            entities.extend(ENTITY_LINK.findall(body.decode("utf-8", "replace")))
    connection.close()
    if not articles:
        raise SystemExit("no articles found at /articles/: import some first")
    vocabulary = [w for w, _ in words.most_common(400)]
    rng.shuffle(articles)
    return {
        "articles": sorted(set(articles)),
        "entities": sorted(set(entities)),
        "words": vocabulary,
    }


def make_path(kind: str, archive: dict, rng: random.Random) -> str:
    popular = archive.get("popular")
    if kind == "search" and popular and rng.random() < archive["repeat"]:
        # Readers ask the same few things most: the n-th most popular query
        # is asked about 1/n as often as the first (Zipf).
        return rng.choices(popular, archive["popular_weights"])[0]
    if kind == "search":
        words = rng.sample(archive["words"], rng.choice([1, 1, 2]))
        query = " ".join(words) if rng.random() < 0.85 else f'"{" ".join(words)}"'
        path = f"/search/?q={quote(query)}"
        extra = rng.random()
        if extra < 0.15:
            path += "&sort=newest"
        elif extra < 0.25:
            path += "&page=2"
        return path
    if kind == "article":
        return rng.choice(archive["articles"])
    if kind == "entity" and archive["entities"]:
        return rng.choice(archive["entities"])
    if kind == "home":
        return "/"
    return f"/articles/?page={rng.randint(1, 50)}"


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)
        self.statuses = Counter()
        self.cache = Counter()  # X-Cache-Status of a cache in front
        self.errors = Counter()
        self.examples = []

    def add(self, kind, status, seconds, error=None, cache=""):
        with self.lock:
            self.statuses[status] += 1
            if cache:
                self.cache[cache] += 1
            if error is None:
                self.latencies[kind].append(seconds)
            if error or (isinstance(status, int) and status >= 500):
                self.errors[kind] += 1
                if len(self.examples) < 5:
                    self.examples.append(f"{kind}: {status} {error or ''}".strip())


def worker(number, host, port, archive, mix, deadline, seed, results):
    rng = random.Random(seed * 1000 + number)
    kinds, weights = zip(*mix.items(), strict=True)
    connection = http.client.HTTPConnection(host, port, timeout=60)
    while time.monotonic() < deadline:
        kind = rng.choices(kinds, weights)[0]
        path = make_path(kind, archive, rng)
        started = time.perf_counter()
        try:
            status, _, cache = get_cached(connection, path)
        except (OSError, http.client.HTTPException) as exc:
            results.add(kind, "error", 0, error=f"{path} {exc.__class__.__name__}")
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=60)
            continue
        results.add(kind, status, time.perf_counter() - started, cache=cache)
    connection.close()


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(results, elapsed, args, archive):
    total = sum(results.statuses.values())
    lines = [
        f"newsroom load: {args.url}, {args.concurrency} connections, "
        f"{elapsed:.1f} s, seed {args.seed}",
        f"archive sample: {len(archive['articles'])} article URLs, "
        f"{len(archive['entities'])} entity URLs, {len(archive['words'])} words",
        f"requests: {total:,}  throughput: {total / elapsed:,.1f} req/s  "
        f"errors: {sum(results.errors.values())}",
        f"statuses: {dict(sorted(results.statuses.items(), key=str))}",
        f"{'page class':<10} {'requests':>9} {'errors':>7} {'p50 ms':>8} "
        f"{'p90 ms':>8} {'p99 ms':>8} {'max ms':>8}",
    ]
    every = [v for values in results.latencies.values() for v in values]
    if every:
        lines.insert(
            4,
            f"all pages: p50 {percentile(every, 0.5) * 1000:.1f} ms, "
            f"p99 {percentile(every, 0.99) * 1000:.1f} ms",
        )
    if results.cache:
        hits = results.cache["HIT"] + results.cache["STALE"] + results.cache["UPDATING"]
        lines.insert(
            4,
            f"cache in front: {dict(results.cache)}, hit ratio "
            f"{hits / sum(results.cache.values()):.3f}",
        )
    summary = {
        "requests": total,
        "seconds": elapsed,
        "classes": {},
        "cache": dict(results.cache),
        "p99": percentile(every, 0.99) * 1000 if every else None,
    }
    for kind in sorted(results.latencies):
        values = results.latencies[kind]
        row = {
            "requests": len(values),
            "errors": results.errors[kind],
            "p50": percentile(values, 0.50) * 1000,
            "p90": percentile(values, 0.90) * 1000,
            "p99": percentile(values, 0.99) * 1000,
            "max": max(values) * 1000,
        }
        summary["classes"][kind] = row
        lines.append(
            f"{kind:<10} {row['requests']:>9,} {row['errors']:>7} {row['p50']:>8.1f} "
            f"{row['p90']:>8.1f} {row['p99']:>8.1f} {row['max']:>8.1f}"
        )
    lines.extend(f"error: {example}" for example in results.examples)
    print("\n".join(lines))
    return summary


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--duration", type=float, default=60, help="seconds (max 600)")
    parser.add_argument("--concurrency", type=int, default=32, help="threads (max 256)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mix", default=DEFAULT_MIX, help=f"default {DEFAULT_MIX}")
    parser.add_argument(
        "--discover-pages", type=int, default=25, help="listing pages read first"
    )
    parser.add_argument(
        "--popular-searches",
        type=int,
        default=0,
        help="a pool of this many searches that readers repeat (default none)",
    )
    parser.add_argument(
        "--repeat",
        type=float,
        default=0.9,
        help="the share of searches drawn from that pool (default 0.9)",
    )
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    if not 0 < args.duration <= 600 or not 0 < args.concurrency <= 256:
        parser.error("--duration must be 1-600 s and --concurrency 1-256")
    mix = {k: float(v) for k, v in (p.split("=") for p in args.mix.split(","))}
    host, port = loopback_only(args.url)
    rng = random.Random(args.seed)
    archive = discover(host, port, args.discover_pages, rng)
    if args.popular_searches:
        fresh = {**archive, "popular": None}
        archive["popular"] = [
            make_path("search", fresh, rng) for _ in range(args.popular_searches)
        ]
        archive["popular_weights"] = [
            1 / rank for rank in range(1, args.popular_searches + 1)
        ]
        archive["repeat"] = args.repeat

    results = Results()
    started = time.monotonic()
    deadline = started + args.duration
    threads = [
        threading.Thread(
            target=worker,
            args=(n, host, port, archive, mix, deadline, args.seed, results),
            daemon=True,
        )
        for n in range(args.concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.duration + 120)
    elapsed = time.monotonic() - started
    summary = report(results, elapsed, args, archive)
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(summary, handle, indent=2)
    return 1 if sum(results.errors.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
