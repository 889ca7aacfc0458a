"""current_stage() from a helper: at import time it must not crash; in a render it is the innermost stage."""

import _imp_helpers
from docker_dsl import Stage, rendering

if not rendering():
    _imp_helpers.apk_add("never-rendered")

with Stage("alpine:3.20") as s:
    _imp_helpers.apk_add("curl")
    with s.stage() as builder:
        _imp_helpers.apk_add("make")
    _imp_helpers.apk_add("git")

VARIANTS = [{}]
