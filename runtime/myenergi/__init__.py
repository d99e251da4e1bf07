"""The myenergi cloud: a client for the zappi ``cgi-*`` API and a simulator of it.

Client: ``runtime.myenergi.client.MyenergiClient`` with typed ``ZappiStatus`` values
(``status.py``) and typed errors (``errors.py``). Simulator: ``runtime.myenergi.simulator``.

Nothing is imported here: the bridge core reads ``status.py`` and ``fields.py`` and must not
pull in the client (and trio) with them; import from the module that defines a name.
"""
