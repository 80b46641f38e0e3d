"""Benchmarks: run by hand, each prints a ratio against a baseline measured in the same run."""
