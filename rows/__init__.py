"""The row types of the spec tables, shared by the compiler, the generated modules and the runtime.

``codegen`` builds these rows from checked YAML, the generated modules hold them as data
(``generated/measurands.py`` is a tuple of :class:`~rows.measurands.MeasurandRow`), and the
runtime reads them. Each type exists once, here. This package imports only the standard library:
the compiler must keep working when ``generated/`` is stale or missing, and the runtime must not
pull in the compiler.
"""
