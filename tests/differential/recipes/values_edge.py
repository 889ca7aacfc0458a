"""Values that BuildKit reads literally without quotes: they must render unchanged.

Characters that are special to a shell but not to BuildKit's word lexer
(= * ; | & ( ) { } # ~ @ , % ? :), variable references, and non-ASCII text.
"""

from docker_dsl import Stage

with Stage("alpine:3.20") as s:
    s.env(
        {
            "KV": "a=b",
            "GLOB": "*.txt",
            "SEMI": "a;b",
            "PIPE": "a|b",
            "AMP": "a&b",
            "PAREN": "(x)",
            "BRACE": "{x}",
            "HASH": "a#b",
            "TILDE": "~/x",
            "AT": "user@host",
            "COMMA": "a,b",
            "PCT": "100%",
            "QUERY": "https://example.com/p?a=1&b=2",
            "REF": "${HOME}/bin:$PATH",
            "DEFAULTED": "${MODE:-release}",
            "UNICODE": "h\u00e9llo-\u4e16\u754c",
        }
    )
    s.arg("URL", "https://example.com/dl?v=1&arch=amd64")
    s.arg("FALLBACK", "${VERSION:-1.0}")
    s.copy("*.whl", "/wheels/")
    s.workdir("/srv/caf\u00e9")
    with s.env({"PATH": "/opt/x/bin:$PATH"}), s.run() as r:
        r.echo("na\u00efve caf\u00e9") > "/etc/motd"
        r.tool("--pattern=*.py", exclude="build/*")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "alpine:3.20", "base"),
    ("ENV", "KV", "a=b"),
    ("ENV", "GLOB", "*.txt"),
    ("ENV", "SEMI", "a;b"),
    ("ENV", "PIPE", "a|b"),
    ("ENV", "AMP", "a&b"),
    ("ENV", "PAREN", "(x)"),
    ("ENV", "BRACE", "{x}"),
    ("ENV", "HASH", "a#b"),
    ("ENV", "TILDE", "~/x"),
    ("ENV", "AT", "user@host"),
    ("ENV", "COMMA", "a,b"),
    ("ENV", "PCT", "100%"),
    ("ENV", "QUERY", "https://example.com/p?a=1&b=2"),
    ("ENV", "REF", "${HOME}/bin:$PATH"),
    ("ENV", "DEFAULTED", "${MODE:-release}"),
    ("ENV", "UNICODE", "h\u00e9llo-\u4e16\u754c"),
    ("ARG", "URL", "https://example.com/dl?v=1&arch=amd64"),
    ("ARG", "FALLBACK", "${VERSION:-1.0}"),
    ("COPY", "*.whl", "/wheels/"),
    ("WORKDIR", "/srv/caf\u00e9"),
    (
        "RUN",
        [
            'export PATH="/opt/x/bin:$PATH"',
            'echo "na\u00efve caf\u00e9" > /etc/motd',
            "tool --pattern=*.py --exclude build/*",
        ],
    ),
]
