"""Everything the bridge must not forget: one store interface, SQLite and PostgreSQL engines,
writes group-committed off the event loop.

* :mod:`~runtime.storage.store`: :class:`Store`, what the runtime opens (imports trio);
* :mod:`~runtime.storage.stored_charger`: one charge box's data in memory (no trio: the
  sans-I/O cores read and change it);
* :mod:`~runtime.storage.records`, :mod:`~runtime.storage.engine`: the vocabulary, the engine
  interface and its errors;
* :mod:`~runtime.storage.sqlite_engine`, :mod:`~runtime.storage.postgres_engine`,
  :mod:`~runtime.storage.sql`, :mod:`~runtime.storage.schema`: the two engines, the
  statements they share, the versioned tables;
* :mod:`~runtime.storage.writer`, :mod:`~runtime.storage.final_writes`: group commit.

Nothing is imported here, so importing one module does not import trio or a driver.
"""
