"""Work kept off the served event loop: CPU-heavy work in worker processes, blocking calls in threads.

- :func:`run_cpu`: CPU work a person is waiting for now (grouping, placing ideas, reading a list or a
  strategy). It runs in the server's *live* worker process; the request's green thread waits for it
  while the loop serves everyone else.
- :func:`start_job`: a file to prepare (an export, the imprint, a report). It is queued for the *jobs*
  worker process, one at a time, and has a place in the queue that the organiser's page shows
  (:func:`dialog_app.exports.send_when_ready`) while it refreshes itself until the file is ready.
- :func:`run_blocking`: a blocking call that must run in this process (a live connection, a file),
  in eventlet's worker threads. Those share the interpreter lock with the loop: no long CPU work
  (``run_cpu`` sends work of a few milliseconds there, see its ``items``).

Why processes: a thread doing CPU work holds the interpreter lock, so eight exports in threads made
every live page wait (idea → projector median 2.1 s). Worker processes have their own interpreter;
they are started at first use, with ``spawn`` (a fork of an eventlet-patched process would inherit
its hub), one per lane, the jobs one niced so that files yield to the room. Under eventlet the pool's
own thread is a green thread, so waiting on its future is a green wait.

What a worker process runs is a top-level function of plain data (pickled by name). With
``with_db=True`` it is called as ``function(conn, *args)`` with the worker's own connection to the
app's database (``DATABASE``), never a connection of this process. Without WORKER_PROCESSES (tests,
the command line) everything runs in place, with the request's connection.
"""

import concurrent.futures
import itertools
import multiprocessing
import os
import pickle
import secrets
import tempfile
import threading
import time
from dataclasses import dataclass, field

from flask import current_app

from sessions.ground.errors import DomainError

LIVE, JOBS = "live", "jobs"
# Niceness of each lane's process: the event loop comes first, what a person waits for next, files last.
NICENESS = {LIVE: 0, JOBS: 5}
# A prepared file is kept this long for the page that asked for it to fetch it, and at most this many.
JOB_KEPT_SECONDS = 600
MAX_KEPT_JOBS = 32
# Files waiting to be prepared in one server process; more are refused with a sentence.
MAX_QUEUED_JOBS = 32
# How long a request waits for its file before it answers with the "being prepared" page instead.
JOB_PATIENCE_SECONDS = 1.5
# Work handed to a worker larger than this goes through a private file, not the pipe: a write to a
# full pipe blocks the whole event loop until the worker reads, and a worker still starting or busy
# with other work reads nothing (a 1 MB strategy sent to a starting worker froze the room 1.6 s).
PIPE_SAFE_BYTES = 32 * 1024
# From this many texts grouping or placing is heavy enough for a worker process (3,000 ideas: 35 ms
# to place, seconds to export); below, it is milliseconds of work (see run_cpu).
HEAVY_FROM = 500


def run_blocking(function, *args, **kwargs):
    """Run ``function`` where it cannot stall other clients: in a worker thread when the app is
    served by eventlet (BLOCKING_RUNNER is its tpool.execute), in place under plain threads.
    For blocking I/O only: a thread shares the interpreter lock with the event loop."""
    runner = current_app.config.get("BLOCKING_RUNNER")
    return runner(function, *args, **kwargs) if runner else function(*args, **kwargs)


def run_cpu(function, *args, with_db: bool = False, items: int | None = None, **kwargs):
    """``function(*args, **kwargs)`` (``function(conn, *args, **kwargs)`` with ``with_db``) in the live
    worker process, waited for without blocking the loop; its exception is raised here.

    ``items``: how many texts the work is about. Fewer than HEAVY_FROM take milliseconds (grouping
    two dozen priorities: 25 ms), less than a process's round trip or its first start (seconds):
    they run in a worker thread, whose interpreter lock the loop gets back every few milliseconds."""
    if items is not None and items < HEAVY_FROM:
        if with_db:
            from dialog_app.db import get_db

            args = (get_db(), *args)
        return run_blocking(function, *args, **kwargs)
    try:
        return _submit(LIVE, function, args, kwargs, with_db).result()
    except concurrent.futures.process.BrokenProcessPool:
        raise DomainError("job.failed") from None  # the next call starts a new worker process


# --- worker processes ----------------------------------------------------------------------------

_executors: dict[str, concurrent.futures.ProcessPoolExecutor] = {}
_executors_lock = threading.Lock()


def _uses_processes() -> bool:
    return bool(current_app.config.get("WORKER_PROCESSES"))


def _executor(lane: str) -> concurrent.futures.ProcessPoolExecutor:
    with _executors_lock:
        executor = _executors.get(lane)
        if executor is None:
            executor = _executors[lane] = concurrent.futures.ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_started,
                initargs=(NICENESS[lane],))
        return executor


def _forget_broken(lane: str, executor) -> None:
    with _executors_lock:
        if _executors.get(lane) is executor:
            del _executors[lane]


def _submit(lane: str, function, args: tuple, kwargs: dict, with_db: bool) -> concurrent.futures.Future:
    if not _uses_processes():
        return _done_in_place(function, args, kwargs, with_db)
    location = current_app.config["DATABASE"] if with_db else None
    work = pickle.dumps((location, function, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
    if len(work) > PIPE_SAFE_BYTES:
        handle, path = tempfile.mkstemp(prefix="dialog-app-work-", suffix=".pickle")  # mode 0600
        with os.fdopen(handle, "wb") as spill:
            spill.write(work)
        work = pickle.dumps(path)
        runner = _in_worker_from_file
    else:
        runner = _in_worker_pickled
    for _ in range(2):
        executor = _executor(lane)
        try:
            return executor.submit(runner, work)
        except concurrent.futures.process.BrokenProcessPool:
            # The worker died (killed for memory, say): start a new one and queue the work there.
            _forget_broken(lane, executor)
    raise DomainError("job.failed")


def _done_in_place(function, args, kwargs, with_db) -> concurrent.futures.Future:
    future: concurrent.futures.Future = concurrent.futures.Future()
    future.set_running_or_notify_cancel()
    try:
        if with_db:
            from dialog_app.db import get_db

            args = (get_db(), *args)
        future.set_result(function(*args, **kwargs))
    except Exception as error:
        future.set_exception(error)
    return future


def start_live_worker() -> None:
    """Start the live worker process now, in the background, so the first person who needs it (a
    large grouping, a list or a strategy read) does not wait seconds for a process to start."""
    if _uses_processes():
        _submit(LIVE, os.getpid, (), {}, False)


def shutdown() -> None:
    """Stop the worker processes (tests and the end of serving)."""
    with _executors_lock:
        executors = list(_executors.values())
        _executors.clear()
    for executor in executors:
        executor.shutdown(wait=False, cancel_futures=True)


# What a worker process holds: its own connection per database, kept between calls.
_worker_connections: dict[str, object] = {}


def _worker_started(niceness: int) -> None:
    os.nice(niceness)
    # A worker outlives no server: when its parent is gone (killed, say), it goes too.
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    # Load what the work needs once, before the first call waits for it.
    import clustering  # noqa: F401
    import sessions.documents.forum_report  # noqa: F401


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def _in_worker_pickled(work: bytes):
    return _in_worker(*pickle.loads(work))


def _in_worker_from_file(path_pickled: bytes):
    path = pickle.loads(path_pickled)
    try:
        with open(path, "rb") as spill:
            work = spill.read()
    finally:
        os.unlink(path)
    return _in_worker(*pickle.loads(work))


def _in_worker(location: str | None, function, args: tuple, kwargs: dict):
    if location is None:
        return function(*args, **kwargs)
    from sessions import storage

    conn = _worker_connections.get(location)
    if conn is None:
        conn = _worker_connections[location] = storage.connect(location)
    try:
        return function(conn, *args, **kwargs)
    finally:
        storage.abandon_transaction(conn)


# --- jobs: files prepared one at a time, with a place in the queue -------------------------------

_job_numbers = itertools.count()


@dataclass
class Job:
    """A file being prepared. ``key`` says what it is (the same request joins a job already queued)."""

    id: str
    key: tuple
    future: concurrent.futures.Future
    number: int
    finished_at: list[float] = field(default_factory=list)

    def done(self) -> bool:
        return self.future.done()

    def wait(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for the file (a green wait when served); True when it is ready."""
        try:
            self.future.exception(timeout=seconds)
        except concurrent.futures.TimeoutError:
            return False
        return True

    def result(self):
        """The prepared file, or the job's refusal raised here."""
        try:
            return self.future.result()
        except concurrent.futures.process.BrokenProcessPool:
            raise DomainError("job.failed") from None


class _Jobs:
    """One server process's jobs, by id: queued, being prepared, or ready for JOB_KEPT_SECONDS."""

    def __init__(self):
        self.by_id: dict[str, Job] = {}
        self.lock = threading.RLock()

    def forget_old(self) -> None:
        now = time.monotonic()
        finished = []
        for job_id, job in list(self.by_id.items()):
            if job.done():
                if not job.finished_at:
                    job.finished_at.append(now)
                if now - job.finished_at[0] > JOB_KEPT_SECONDS:
                    del self.by_id[job_id]
                else:
                    finished.append(job)
        for job in sorted(finished, key=lambda job: job.number)[:-MAX_KEPT_JOBS]:
            del self.by_id[job.id]

    def waiting(self) -> list[Job]:
        return sorted((job for job in self.by_id.values() if not job.done()), key=lambda job: job.number)


def _jobs() -> _Jobs:
    return current_app.extensions.setdefault("dialog_app.jobs", _Jobs())


def start_job(key: tuple, function, *args, with_db: bool = True, **kwargs) -> Job:
    """Queue ``function`` (see :func:`run_cpu`) to prepare a file, unless the same ``key`` is already
    queued or being prepared: then that job is the answer. (In place, without worker processes, the
    file is made here and now.)"""
    jobs = _jobs()
    with jobs.lock:
        jobs.forget_old()
        waiting = jobs.waiting()
        for job in waiting:
            if job.key == key:
                return job
        if len(waiting) >= MAX_QUEUED_JOBS:
            raise DomainError("job.queue_full")
        job = Job(secrets.token_urlsafe(9), key, _submit(JOBS, function, args, kwargs, with_db), next(_job_numbers))
        jobs.by_id[job.id] = job
        return job


def find_job(job_id: str | None, key: tuple) -> Job | None:
    """The job ``job_id`` if it prepares ``key`` and is still kept; else None."""
    jobs = _jobs()
    with jobs.lock:
        jobs.forget_old()
        job = jobs.by_id.get(job_id or "")
    return job if job is not None and job.key == key else None


def take_failure(key: tuple) -> None:
    """Raise (once) the refusal of the newest job for ``key`` if it failed: a page that asks again
    until a job is done says so, instead of starting the same failing job for ever."""
    jobs = _jobs()
    with jobs.lock:
        mine = [job for job in jobs.by_id.values() if job.key == key]
        newest = max(mine, key=lambda job: job.number) if mine else None
        if newest is None or not newest.done() or newest.future.exception() is None:
            return
        del jobs.by_id[newest.id]
    newest.result()


def place_in_queue(job: Job) -> int:
    """0 while the job is being prepared; n when n-1 jobs wait before it besides the one being prepared."""
    jobs = _jobs()
    with jobs.lock:
        waiting = jobs.waiting()
    return next((index for index, other in enumerate(waiting) if other is job), 0)


def prepared(job_id: str | None, key: tuple, function, *args, **kwargs) -> Job:
    """The job preparing ``key``: the one the page asked for by ``job_id`` while it is kept, else a new
    one (a file asked for anew is made from the evening as it is now). Waits a moment for it, so a
    file that is quick to make comes at once."""
    job = find_job(job_id, key) or start_job(key, function, *args, **kwargs)
    if not job.done():
        job.wait(JOB_PATIENCE_SECONDS)
    return job

