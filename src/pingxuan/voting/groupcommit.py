"""Group commit: the votes waiting in one process at the same moment are recorded together.

Each request thread still answers only after its own vote is committed. The first thread to arrive while no batch is
in flight becomes the leader: it records every vote waiting at that moment in one go on its own connections (one
Redis script for all their counters, one PostgreSQL statement and commit for all their rows, see store.py), hands
each waiting thread its outcome and, if more votes arrived meanwhile, wakes the oldest of them to lead the next
batch. There is no extra thread: a waiting thread sleeps on an event where it would otherwise sleep on its own
sockets, and the database makes one commit (one WAL flush) for the batch instead of one per vote.

A batch holds at most one vote per key (voter, category, day); a vote that shares its key with one in the batch waits
for the next batch.
"""

import copy
import threading

MAX_BATCH = 64


class Waiting:
    """One submitted item: `key` groups it, `error` is its refusal or failure (None: recorded)."""

    key = None

    def __init__(self):
        self.done = threading.Event()
        self.lead = False
        self.error = None


class GroupCommit:
    """`submit(item)` returns once `run` has handled a batch holding the item, raising the item's error if any.

    `run(batch)` records what it can and sets `error` on each item that was not recorded. If it raises, it must not
    have recorded anything: every item of the batch then gets that error.
    """

    def __init__(self, run):
        self.run = run
        self.lock = threading.Lock()
        self.waiting = []
        self.leading = False
        self.batches = self.items = 0  # handled so far in this process (for the tests and the curious)

    def submit(self, item):
        with self.lock:
            self.waiting.append(item)
            lead = not self.leading
            self.leading = True
        if not lead:
            item.done.wait()
            if not item.lead:
                return _outcome(item)
            item.done.clear()  # woken to lead: no other leader exists until this one hands over
        try:
            while not item.done.is_set():
                self._one_batch()
        finally:
            self._hand_over()
        return _outcome(item)

    def _take(self):
        batch, later, keys = [], [], set()
        with self.lock:
            for item in self.waiting:
                if item.key in keys or len(batch) >= MAX_BATCH:
                    later.append(item)
                else:
                    keys.add(item.key)
                    batch.append(item)
            self.waiting = later
            self.batches, self.items = self.batches + 1, self.items + len(batch)
        return batch

    def _one_batch(self):
        batch = self._take()
        try:
            self.run(batch)
        except BaseException as exc:
            for item in batch:
                item.error = copy_error(exc)
            if not isinstance(exc, Exception):
                raise
        finally:
            for item in batch:
                item.done.set()

    def _hand_over(self):
        with self.lock:
            if self.waiting:
                successor = self.waiting[0]
                successor.lead = True
                successor.done.set()
            else:
                self.leading = False


def _outcome(item):
    if item.error is not None:
        raise item.error


def copy_error(exc):
    """The same error for another thread, so that no two threads raise (and annotate) one exception object."""
    try:
        twin = copy.copy(exc)  # its class, arguments and attributes (a refusal keeps its code)
    except Exception:
        return exc
    twin.__cause__ = exc
    return twin
