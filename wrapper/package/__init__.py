"""Lambda packaging: one deterministic, content-addressed zip per function.

``package_stage(config)`` (in ``wrapper.package.build``) writes
``.wrapper/<stage>/dist/<function>-<hash12>.zip`` and ``dist/manifest.json``;
dependencies are installed for Lambda's platform with pip's cross-platform
flags and cached per (requirements, platform, Python) under ``.wrapper/cache/``.
``wrapper.package.fast_deploy.deploy_function`` updates one function's code
without Terraform when only code changed.

Modules: ``sources`` (which project files), ``requirements`` (what to install,
cache key), ``install`` (pip), ``markers`` (what pip skipped by judging markers on this machine), ``layer`` (installed dependencies compressed
once), ``zipwriter`` (byte-identical zips), ``sizes`` (Lambda limits),
``manifest`` (the contract with rendering), ``build`` (the orchestration).
"""
