"""Shared helpers for the test suite: projects on disk and the real compilers."""
