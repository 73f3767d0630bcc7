"""wrapper: real-time multiplayer WebXR backends on AWS, and the same backend offline."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("wrapper")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+unknown"
