"""Code generated from spec/ by ``zappi-ocpp generate``; never edit these modules by hand.

This file is hand-written on purpose (it carries no generated-file header), so the package
imports even before the first generation and ``generate`` never deletes it as an orphan.
"""
