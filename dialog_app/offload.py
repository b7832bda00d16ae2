"""CPU-heavy work (grouping, placing ideas, exports, imports) kept off the served event loop."""

from flask import current_app


def run_blocking(function, *args, **kwargs):
    """Run ``function`` where it cannot stall other clients: in a worker thread when the app is
    served by eventlet (BLOCKING_RUNNER is its tpool.execute), in place under plain threads."""
    runner = current_app.config.get("BLOCKING_RUNNER")
    return runner(function, *args, **kwargs) if runner else function(*args, **kwargs)
