"""``python -m codegen``: the same as ``zappi-ocpp generate``."""

from __future__ import annotations

from codegen.cli import main

raise SystemExit(main())
