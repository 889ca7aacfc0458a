"""Values that need quoting so BuildKit reads what the recipe said."""

from docker_dsl import Stage

with Stage("alpine:3.20") as s:
    s.env({"GREETING": "hello world"})
    s.env({"QUOTE": 'say "hi"'})
    s.env({"PLAIN": "plain"})
    s.env({"APOSTROPHE": "it's"})
    s.env({"WINDOWS": "C:\\tools\\bin"})
    s.env({"TRAILING_BACKSLASH": "ends\\"})
    s.add_to_path("/opt/bin")
    s.arg("MESSAGE", "hello world")
    s.arg("QUOTED_ARG", 'a "b" c')
    s.arg("PLAIN_ARG", "1.2.3")
    s.arg("FORWARDED", "two words", env=True)
    s.copy("my file.txt", "/app/my file.txt")
    s.copy("plain.txt", "/app/plain.txt")

VARIANTS = [{}]

# What the recipe said, by instruction: BuildKit must read exactly these.
ENV_VALUES = {
    "GREETING": "hello world",
    "QUOTE": 'say "hi"',
    "PLAIN": "plain",
    "APOSTROPHE": "it's",
    "WINDOWS": "C:\\tools\\bin",
    "TRAILING_BACKSLASH": "ends\\",
    "PATH": "/opt/bin:$PATH",
    "FORWARDED": "${FORWARDED}",
}
ARG_VALUES = {
    "MESSAGE": "hello world",
    "QUOTED_ARG": 'a "b" c',
    "PLAIN_ARG": "1.2.3",
    "FORWARDED": "two words",
}
COPIES = [("my file.txt", "/app/my file.txt"), ("plain.txt", "/app/plain.txt")]
