"""A small closed-loop HTTP/1.1 load generator on asyncio with keep-alive connections (no third-party tool).

`run(port, seconds, connections, make_request)` → (latencies in seconds, {status: count}, elapsed seconds).
`make_request(conn_index, n)` returns (method, path, body bytes or None, headers dict).
"""

import asyncio
import time


async def _one(port, deadline, index, make_request, latencies, statuses):
    reader = writer = None
    n = 0
    while time.monotonic() < deadline:
        if writer is None:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        method, path, body, headers = make_request(index, n)
        n += 1
        body = body or b""
        lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {len(body)}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        t0 = time.perf_counter()
        try:
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length, close = 0, False
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    length = int(value)
                elif name == b"connection" and value.strip().lower() == b"close":
                    close = True
            if length:
                await reader.readexactly(length)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            status, close = "error", True
        latencies.append(time.perf_counter() - t0)
        statuses[status] = statuses.get(status, 0) + 1
        if close:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


def run(port, seconds, connections, make_request):
    latencies, statuses = [], {}

    async def main():
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(_one(port, deadline, i, make_request, latencies, statuses) for i in range(connections)))

    started = time.monotonic()
    asyncio.run(main())
    return latencies, statuses, time.monotonic() - started
