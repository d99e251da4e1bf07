"""Runtime tests: loopback only, port 0, a ``trio.fail_after`` on every networked test, the
autojump clock for everything timed that needs no sockets. They run against the real
compiled tables in ``generated/``."""
