"""The console script ``dialog-app``, and the one place that touches eventlet.

eventlet must monkey-patch the standard library before anything else imports it, so this module
imports nothing of the app at the top. Only the commands that serve (``demo``, ``serve``) patch
and run under eventlet; every other command, and every test, runs with plain threads.
Set ``DIALOG_APP_ASYNC_MODE=threading`` to serve without eventlet (eventlet is in bug-fix-only
maintenance; this keeps a way out).
"""

import functools
import os
import sys

SERVING_COMMANDS = frozenset({"demo", "serve"})


def choose_async_mode(argv: list[str]) -> str:
    serving = len(argv) > 1 and argv[1] in SERVING_COMMANDS
    wanted = os.environ.get("DIALOG_APP_ASYNC_MODE", "eventlet")
    return "eventlet" if serving and wanted == "eventlet" else "threading"


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    async_mode = choose_async_mode(argv)
    options = {"async_mode": async_mode}
    if async_mode == "eventlet":
        import warnings

        with warnings.catch_warnings():
            # Known and planned for (see the module docstring); the notice would only alarm organisers.
            warnings.filterwarnings("ignore", message=r"(?s).*Eventlet is deprecated")
            import eventlet

        eventlet.monkey_patch()
        # Refuse a port in use instead of sharing it: eventlet listens with SO_REUSEPORT unless told not
        # to, and the kernel would split the connections between two servers (cli._claim_port).
        eventlet.listen = functools.partial(eventlet.listen, reuse_port=False)
        from eventlet import tpool

        # A refusal raised in a worker thread (a bad file) is answered and logged by the app; eventlet
        # would also print its traceback to the organiser's console.
        tpool.QUIET = True

        # CPU-heavy work (grouping ideas) runs in a real OS thread, so the event loop keeps serving.
        options["blocking_runner"] = tpool.execute
    from dialog_app.cli import cli

    cli.main(args=argv[1:], prog_name="dialog-app", obj=options)


if __name__ == "__main__":
    main()
