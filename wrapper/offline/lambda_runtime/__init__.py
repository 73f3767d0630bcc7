"""Lambda's Python runtime: pools of worker processes that import a handler and answer invocations.

``worker.py`` and ``worker_channel.py`` run by path inside the handler's interpreter, so they
import nothing from ``wrapper``.
"""
