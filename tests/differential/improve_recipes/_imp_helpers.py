"""A helper that trusts current_stage() to be usable wherever it is called."""

from docker_dsl import current_stage


def apk_add(*packages):
    current_stage().run("apk", "add", *packages)
