"""The ``wrapper`` command line: thin commands that delegate to the pure cores."""
