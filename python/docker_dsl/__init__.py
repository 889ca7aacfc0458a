"""docker-dsl: Dockerfiles written as programs.

A recipe opens ``with`` blocks for stages and for BuildKit mounts; every RUN
inside a mount block picks the mount up, and nothing leaks past the block.
The engine is Rust (``docker_dsl._native``); this package re-exports it.
"""

from docker_dsl._dockerfile import Dockerfile
from docker_dsl._native import (
    BuildContext,
    CdScope,
    CmdInvoker,
    DockerDslError,
    EnvScope,
    FlagError,
    LintFinding,
    MountScope,
    RecipeError,
    RedirectableCmd,
    RunBuilder,
    Stage,
    current_stage,
    directives,
    global_arg,
    global_raw,
    lint,
    literal,
    quote,
    rendering,
)

context = BuildContext()
"""The recipe's flags: ``context.register(name, type)``, then ``context.<name>``."""

__all__ = [
    "BuildContext",
    "CdScope",
    "CmdInvoker",
    "DockerDslError",
    "Dockerfile",
    "EnvScope",
    "FlagError",
    "LintFinding",
    "MountScope",
    "RecipeError",
    "RedirectableCmd",
    "RunBuilder",
    "Stage",
    "context",
    "current_stage",
    "directives",
    "global_arg",
    "global_raw",
    "lint",
    "literal",
    "quote",
    "rendering",
]
