"""A small closed-loop HTTP/1.1 load generator with keep-alive connections (no third-party tool).

It shares the machine's cores with the server under test, so it is kept cheap: every request is built as bytes
before the clock starts, each connection is an asyncio Protocol (no stream objects) that sends its next request as
soon as the previous answer is complete, and an answer is parsed only as far as its status and Content-Length.

`run(port, seconds, connections, requests)` → (latencies in seconds, {status: count}, elapsed seconds, CPU seconds
this process used). `requests` is a list of request bytes taken in turn (each used once; `cycle=True` reuses them).
`request(method, path, body, headers)` builds one.
"""

import asyncio
import time


def request(method, path, body=None, headers=None):
    body = body or b""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {len(body)}"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class _Client(asyncio.Protocol):
    def __init__(self, feed, latencies, statuses, deadline, done):
        self.feed, self.latencies, self.statuses, self.deadline, self.done = feed, latencies, statuses, deadline, done
        self.buf, self.transport, self.t0 = b"", None, 0.0

    def connection_made(self, transport):
        self.transport = transport
        self.send()

    def send(self):
        req = self.feed() if time.monotonic() < self.deadline else None
        if req is None:
            self.transport.close()
            return
        self.t0 = time.perf_counter()
        self.transport.write(req)

    def data_received(self, data):
        self.buf += data
        end = self.buf.find(b"\r\n\r\n")
        if end < 0:
            return
        head = self.buf[:end].lower()
        at, length = head.find(b"\r\ncontent-length:"), 0
        if at >= 0:
            stop = head.find(b"\r\n", at + 2)
            length = int(head[at + 17 : stop if stop > 0 else len(head)])
        if len(self.buf) < end + 4 + length:
            return
        self.latencies.append(time.perf_counter() - self.t0)
        status = int(head[9:12])
        self.statuses[status] = self.statuses.get(status, 0) + 1
        self.buf = self.buf[end + 4 + length :]
        if b"\r\nconnection: close" in head:
            self.transport.close()
            return
        self.send()

    def connection_lost(self, exc):
        if exc is not None or time.monotonic() < self.deadline:
            self.statuses["closed"] = self.statuses.get("closed", 0) + 1
        if not self.done.done():
            self.done.set_result(None)


def run(port, seconds, connections, requests, cycle=False):
    latencies, statuses = [], {}
    state = {"i": 0}

    def feed():
        i = state["i"]
        if i >= len(requests):
            if not cycle:
                return None
            i = 0
        state["i"] = i + 1
        return requests[i]

    async def main():
        loop = asyncio.get_running_loop()
        deadline = time.monotonic() + seconds
        waits = []
        for _ in range(connections):
            done = loop.create_future()
            waits.append(done)
            await loop.create_connection(lambda d=done: _Client(feed, latencies, statuses, deadline, d), "127.0.0.1", port)
        await asyncio.gather(*waits)

    started, cpu = time.monotonic(), time.process_time()
    asyncio.run(main())
    return latencies, statuses, time.monotonic() - started, time.process_time() - cpu
