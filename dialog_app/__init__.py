"""The web layer of dialog_app: Flask pages and Socket.IO events over the ``sessions`` domain.

``create_app`` is imported lazily so that importing this package loads no Flask: the serving
entry point (:mod:`dialog_app.serve`) must be able to monkey-patch for eventlet first.
"""


def create_app(test_config=None, overrides=None):
    from dialog_app.app import create_app as _create_app

    return _create_app(test_config, overrides)
