"""Helpers shared by recipes. They act on whichever stage is open (current_stage())."""

from docker_dsl import context, current_stage


def apk_add(*packages):
    stage = current_stage()
    if stage is None:  # no open stage: 0.1.2's discovery import
        return
    with stage.cache("/var/cache/apk"), stage.run() as r:
        r.apk("add", *packages)


def non_root_user(name, uid="10001"):
    stage = current_stage()
    if stage is None:
        return
    stage.run("adduser", "-D", "-u", uid, name)


def channel_env():
    """Reads a flag the calling recipe registered."""
    stage = current_stage()
    if stage is None:
        return
    stage.env({"APP_CHANNEL": context.channel})
