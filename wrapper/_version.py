"""wrapper's version: the one place it is written (pyproject.toml reads it through hatch).

A literal rather than ``importlib.metadata``, which costs tens of milliseconds at start-up.
"""

__version__ = "0.1.0"
