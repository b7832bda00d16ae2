"""The invitation lists under test: small real-world files kept in tests/data/import/, and the large
ones (bombs, lists at and beyond the limit) made once per test run by tests/data/make_import_files.py."""

import atexit
import functools
import importlib.util
import os
import shutil
import tempfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOLDER = os.path.join(HERE, "data", "import")

_spec = importlib.util.spec_from_file_location("make_import_files", os.path.join(HERE, "data", "make_import_files.py"))
make = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make)


def sample(name: str) -> bytes:
    with open(os.path.join(FOLDER, name), "rb") as handle:
        return handle.read()


@functools.cache
def _folder() -> str:
    folder = tempfile.mkdtemp(prefix="dialog-app-lists-")
    atexit.register(shutil.rmtree, folder, True)
    return folder


@functools.cache
def large_path(name: str) -> str:
    """The path of a large file, made on first use in this test run (at most a couple of seconds each)."""
    path = os.path.join(_folder(), name)
    with open(path, "wb") as handle:
        handle.write(make.LARGE_FILES[name]())
    return path


def large(name: str) -> bytes:
    with open(large_path(name), "rb") as handle:
        return handle.read()
