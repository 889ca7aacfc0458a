"""Helpers from another module act on the innermost open stage and read the recipe's flags."""

import _helpers
from docker_dsl import Stage
from docker_dsl import context as ctx

ctx.register("channel", str)

with Stage("alpine:3.20") as s:
    _helpers.apk_add("ca-certificates", "tzdata")
    _helpers.channel_env()
    with s.stage() as app:
        _helpers.apk_add("python3")
        _helpers.non_root_user("app")
    _helpers.non_root_user("builder", uid="10002")

VARIANTS = [{"channel": "stable"}, {"channel": "beta"}]


def EXPECT(channel):
    apk = "type=cache,target=/var/cache/apk,sharing=shared"
    return [
        ("FROM", "alpine:3.20", "base"),
        ("RUN", ["apk add ca-certificates tzdata"], [apk]),
        ("ENV", "APP_CHANNEL", channel),
        ("RUN", ["adduser -D -u 10002 builder"]),
        ("FROM", "base", "app"),
        ("RUN", ["apk add python3"], [apk]),
        ("RUN", ["adduser -D -u 10001 app"]),
    ]
