"""Typed flags with defaults and help text."""

import enum
import pathlib
import typing

from docker_dsl import Stage
from docker_dsl import context as ctx


class Flavor(enum.Enum):
    SLIM = "slim"
    FULL = "full"


ctx.register("gpu", bool, default=False, help="build the CUDA variant")
ctx.register("jobs", int, default=2, help="parallel make jobs")
ctx.register("ratio", float, default=0.5, help="share of cores for the test run")
ctx.register("image_tag", str, help="python image tag")
ctx.register("prefix", pathlib.Path, default=pathlib.Path("/opt/app"), help="install prefix")
ctx.register("channel", typing.Literal["stable", "beta"], default="stable", help="release channel")
ctx.register("flavor", Flavor, default=Flavor.SLIM, help="image flavor")


def show(value):
    return value.value if isinstance(value, enum.Enum) else str(value)


values = [ctx.gpu, ctx.jobs, ctx.ratio, ctx.image_tag, ctx.prefix, ctx.channel, ctx.flavor]

with Stage(f"python:{ctx.image_tag}") as s:
    s.env(
        {
            "GPU": show(ctx.gpu),
            "JOBS": show(ctx.jobs),
            "RATIO": show(ctx.ratio),
            "PREFIX": show(ctx.prefix),
            "CHANNEL": show(ctx.channel),
            "FLAVOR": show(ctx.flavor),
            "TYPES": ",".join(type(v).__name__ for v in values),
        }
    )

VARIANTS = [{"image_tag": "3.13"}]
