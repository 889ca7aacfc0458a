"""Counts how often imp_run_once's body runs in this process."""

RUNS = []
