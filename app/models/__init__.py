"""Every table model; importing this package registers them all on the metadata."""

import importlib
import pkgutil

from app import db as _db  # noqa: F401  (sets the naming convention before any table)

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
