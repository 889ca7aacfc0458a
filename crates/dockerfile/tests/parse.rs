//! The parser: never panics, reads back every document the printer writes
//! (`parse(print(doc)) == doc`, same bytes when printed again), names lines.

use dockerfile::parse::parse_nodes;
use dockerfile::{
    parse, Add, CacheSharing, CopyInstruction, Directive, Document, ExecOrShell, FromInstruction,
    Healthcheck, Instruction, InstructionId, Mount, NetworkMode, ParseError, Run, SecurityMode,
    Span, Spelling, Stage, SyntaxVersion,
};
use proptest::prelude::*;

/// Values that exercise quoting: spaces, quotes, escapes, dollars, commas.
const VALUES: &[&str] = &[
    "plain",
    "with space",
    "say \"hi\"",
    r"C:\dir",
    "$HOME/bin",
    r"\$literal",
    "a=b",
    "",
    "tab\there",
    "é",
    "it's",
    "/a,b",
];
const KEYS: &[&str] = &["KEY", "my.key", "--flaglike", "with space", "_x1"];
const PATHS: &[&str] = &["a.txt", "my file.txt", "/app/", "$SRC", "q'uote", "dir/"];
const WORDS: &[&str] = &["python", "-m", "a b", "é", "q\"", r"back\slash", "$X"];
const SCRIPTS: &[&str] = &[
    "echo hi",
    "make build \\\n  && make test",
    "echo \"$X\" > /out",
    "pip install --requirement requirements.txt",
];
const NAMES: &[&str] = &["base", "build", "app-1", "x.y"];
const IMAGES: &[&str] = &[
    "busybox",
    "python:3.13-slim",
    "$BASE",
    "reg.io/a/b@sha256:00",
];
const HEREDOC_BODIES: &[&str] = &["set -e\necho one", "  indented\n\ttabbed", "x"];

fn pick(pool: &'static [&'static str]) -> impl Strategy<Value = String> + Clone {
    proptest::sample::select(pool).prop_map(str::to_owned)
}

fn mount() -> impl Strategy<Value = Mount> {
    let target = pick(&["/cache", "/a,b", "/a'b", "/a b", "/root/.npm"]);
    let sharing = proptest::sample::select(
        &[
            CacheSharing::Shared,
            CacheSharing::Locked,
            CacheSharing::Private,
        ][..],
    );
    prop_oneof![
        (
            target.clone(),
            proptest::option::of(pick(&["npm", "id,comma"])),
            proptest::option::of(sharing),
            any::<bool>(),
            proptest::option::of(0u32..0o777),
            proptest::option::of(0u32..70000),
        )
            .prop_map(|(target, id, sharing, ro, mode, uid)| Mount::Cache {
                target,
                id,
                sharing,
                ro,
                from: None,
                source: None,
                mode,
                uid,
                gid: None,
            }),
        (
            pick(&["token", "npm_token"]),
            proptest::option::of(target.clone()),
            proptest::option::of(pick(&["TOKEN"])),
            proptest::option::of(any::<bool>()),
        )
            .prop_map(|(id, target, env, required)| Mount::Secret {
                id,
                target,
                env,
                required,
                mode: None,
                uid: None,
                gid: None,
            }),
        proptest::option::of(pick(&["default", "key"])).prop_map(|id| Mount::Ssh {
            id,
            target: None,
            required: None,
            mode: None,
            uid: None,
            gid: None,
        }),
        (
            proptest::option::of(pick(&[".", "src dir"])),
            target.clone(),
            proptest::option::of(pick(NAMES)),
            any::<bool>(),
        )
            .prop_map(|(source, target, from, rw)| Mount::Bind {
                source,
                target,
                from,
                rw,
            }),
        (target, proptest::option::of(pick(&["64m"])))
            .prop_map(|(target, size)| Mount::Tmpfs { target, size }),
    ]
}

fn run() -> impl Strategy<Value = Run> {
    (
        proptest::collection::vec(mount(), 0..3),
        proptest::option::of(proptest::sample::select(
            &[NetworkMode::Default, NetworkMode::None, NetworkMode::Host][..],
        )),
        proptest::option::of(proptest::sample::select(
            &[SecurityMode::Sandbox, SecurityMode::Insecure][..],
        )),
        pick(SCRIPTS),
        proptest::option::of(pick(HEREDOC_BODIES)),
    )
        .prop_map(|(mounts, network, security, script, heredoc)| {
            let (script, heredocs) = match heredoc {
                Some(body) => (format!("{script} <<EOF"), vec![("EOF".into(), body)]),
                None => (script, vec![]),
            };
            Run {
                mounts,
                network,
                security,
                script,
                heredocs,
            }
        })
}

fn copy() -> impl Strategy<Value = CopyInstruction> {
    (
        proptest::collection::vec(pick(PATHS), 1..3),
        pick(PATHS),
        proptest::option::of(pick(NAMES)),
        any::<bool>(),
        proptest::option::of(pick(&["1000:1000", "app"])),
        proptest::option::of(pick(&["644", "u+x"])),
        any::<bool>(),
        proptest::collection::vec(pick(&["*.md", "tests/"]), 0..2),
    )
        .prop_map(
            |(sources, dest, from, link, chown, chmod, parents, exclude)| CopyInstruction {
                sources,
                dest,
                from,
                link,
                chown,
                chmod,
                parents,
                exclude,
            },
        )
}

fn exec_or_shell() -> impl Strategy<Value = ExecOrShell> {
    prop_oneof![
        proptest::collection::vec(pick(WORDS), 0..4).prop_map(ExecOrShell::Exec),
        pick(&["python app.py", "exec \"$@\""]).prop_map(ExecOrShell::Shell),
    ]
}

fn healthcheck() -> impl Strategy<Value = Instruction> {
    (
        exec_or_shell(),
        proptest::option::of(pick(&["30s"])),
        proptest::option::of(0u32..9),
    )
        .prop_filter(
            "a command",
            |(command, _, _)| !matches!(command, ExecOrShell::Exec(argv) if argv.is_empty()),
        )
        .prop_map(|(command, interval, retries)| {
            Instruction::Healthcheck(Healthcheck::Check {
                command,
                interval,
                timeout: None,
                start_period: None,
                start_interval: None,
                retries,
            })
        })
}

fn add() -> impl Strategy<Value = Instruction> {
    (
        copy(),
        proptest::option::of(pick(&["sha256:abc"])),
        any::<bool>(),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(|(copy, checksum, keep_git_dir, unpack)| {
            Instruction::Add(Add {
                copy,
                checksum,
                keep_git_dir,
                unpack,
            })
        })
}

fn instruction() -> impl Strategy<Value = Instruction> {
    prop_oneof![
        run().prop_map(Instruction::Run),
        (pick(KEYS), pick(VALUES)).prop_map(|kv| Instruction::Env(vec![kv])),
        (pick(KEYS), pick(VALUES)).prop_map(|kv| Instruction::Label(vec![kv])),
        (
            pick(&["VERSION", "http_proxy"]),
            proptest::option::of(pick(VALUES))
        )
            .prop_map(|(name, default)| Instruction::Arg { name, default }),
        pick(&["/app", "/a b", "/q\"uote", r"C:\dir"]).prop_map(Instruction::Workdir),
        copy().prop_map(Instruction::Copy),
        add(),
        exec_or_shell().prop_map(Instruction::Entrypoint),
        exec_or_shell().prop_map(Instruction::Cmd),
        pick(&["app", "1000:1000", "$USER"]).prop_map(Instruction::User),
        proptest::collection::vec(pick(&["80", "53/udp", "$PORT"]), 1..3)
            .prop_map(Instruction::Expose),
        proptest::collection::vec(pick(&["/data", "/a b"]), 1..3).prop_map(Instruction::Volume),
        pick(&["SIGTERM", "9"]).prop_map(Instruction::Stopsignal),
        proptest::collection::vec(pick(WORDS), 1..3).prop_map(Instruction::Shell),
        Just(Instruction::Healthcheck(Healthcheck::None)),
        healthcheck(),
        pick(&["a comment", " indented", "", "ends with \\"]).prop_map(Instruction::Comment),
        pick(&["MAINTAINER me", "UNKNOWN words here"]).prop_map(Instruction::Raw),
        onbuild(),
    ]
}

/// `ONBUILD` of the instructions that take values after a keyword.
fn onbuild() -> impl Strategy<Value = Instruction> {
    prop_oneof![
        pick(SCRIPTS).prop_map(|script| Instruction::Run(Run {
            script,
            ..Run::default()
        })),
        (pick(KEYS), pick(VALUES)).prop_map(|kv| Instruction::Env(vec![kv])),
        copy().prop_map(Instruction::Copy),
        exec_or_shell().prop_map(Instruction::Cmd),
    ]
    .prop_map(|inner| Instruction::Onbuild(Box::new(inner)))
}

fn document() -> impl Strategy<Value = Document> {
    let stage = (
        pick(IMAGES),
        proptest::option::of(pick(NAMES)),
        proptest::option::of(pick(&["linux/amd64", "$BUILDPLATFORM"])),
        proptest::collection::vec(instruction(), 0..8),
    )
        .prop_map(|(image, name, platform, body)| Stage {
            from: FromInstruction {
                image,
                name,
                platform,
            },
            body,
        });
    let syntax = pick(&[
        "docker/dockerfile:1",
        "docker/dockerfile:1.2",
        "docker/dockerfile:1.7-labs",
    ]);
    let global_arg = (
        pick(&["BASE", "VERSION"]),
        proptest::option::of(pick(VALUES)),
    )
        .prop_map(|(name, default)| Instruction::Arg { name, default });
    (
        proptest::option::of(syntax),
        proptest::option::of(pick(&["error=true"])),
        proptest::collection::vec(global_arg, 0..3),
        proptest::collection::vec(stage, 1..4),
    )
        .prop_map(|(syntax, check, preamble, stages)| {
            let frontend = syntax.as_deref().and_then(SyntaxVersion::from_reference);
            let mut directives: Vec<_> = syntax.into_iter().map(Directive::Syntax).collect();
            directives.extend(check.map(Directive::Check));
            Document {
                directives,
                preamble,
                stages,
                frontend,
            }
        })
}

/// Dockerfile-ish fragments, so random texts reach deep into the parser.
const FRAGMENTS: &[&str] = &[
    "FROM ",
    "RUN ",
    "COPY ",
    "ENV ",
    "ONBUILD ",
    "HEALTHCHECK ",
    "ARG ",
    "LABEL ",
    "CMD ",
    "# escape=`\n",
    "# syntax=x\n",
    "#",
    "\\\n",
    "`\n",
    "\n",
    " ",
    "\t",
    "<<EOF",
    "<<-'E'",
    "EOF\n",
    "\tE\n",
    "--mount=type=cache,target=/x",
    "--",
    "=",
    "\"",
    "'",
    "[",
    "]",
    "\"a\"",
    ",",
    "1",
    "a",
    "é",
    "\r\n",
    "\u{feff}",
    "$",
    "{",
    "}",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn printed_documents_parse_back(doc in document()) {
        let text = doc.print();
        let parsed = parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(parsed.document.print(), text.clone());
        prop_assert_eq!(parsed.document, doc, "{}", text);
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = parse(&text);
    }

    #[test]
    fn dockerfile_like_text_never_panics(
        parts in proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..60)
    ) {
        let text = parts.concat();
        if let Ok(tree) = parse_nodes(&text) {
            let lines = text.split('\n').count();
            for node in &tree.nodes {
                prop_assert!(node.start_line <= node.end_line && node.end_line <= lines);
            }
        }
        if let Err(error) = parse(&text) {
            prop_assert!(error.line() >= 1);
        }
    }
}

#[test]
fn the_golden_file_reprints_byte_for_byte() {
    let text = include_str!("../../../tests/features/golden/every_instruction.Dockerfile");
    let parsed = parse(text).expect("the golden file parses");
    assert_eq!(parsed.document.print(), text);
}

#[test]
fn the_source_map_names_every_line() {
    let text = "# syntax=docker/dockerfile:1\nARG V=1\n\nFROM busybox AS a\nRUN a \\\n  b\n# note\nRUN <<EOF\nx\nEOF\n";
    let parsed = parse(text).expect("parses");
    let spans: Vec<_> = parsed.source_map.iter().collect();
    let span = |start_line, end_line| Span {
        start_line,
        end_line,
    };
    assert_eq!(
        spans,
        [
            (InstructionId::Directive(0), span(1, 1)),
            (InstructionId::Preamble(0), span(2, 2)),
            (InstructionId::From { stage: 0 }, span(4, 4)),
            (InstructionId::Body { stage: 0, index: 0 }, span(5, 6)),
            (InstructionId::Body { stage: 0, index: 1 }, span(7, 7)),
            (InstructionId::Body { stage: 0, index: 2 }, span(8, 10)),
        ]
    );
}

#[test]
fn errors_name_the_line_and_the_fix() {
    let cases = [
        (
            "FROM a\nRUN <<EOF\nx\n",
            2,
            "unterminated heredoc `<<EOF`; end its body with a line holding exactly `EOF`",
        ),
        ("# escape=x\nFROM a\n", 1, "invalid escape token \"x\""),
        (
            "# syntax=a\n# syntax=b\nFROM a\n",
            2,
            "only one `# syntax=` parser directive",
        ),
        (
            "FROM a\n\nENV a\n",
            3,
            "ENV must have two arguments; write `ENV name=value`",
        ),
        ("FROM a\nLABEL a=1 b\n", 2, "can't find = in \"b\""),
        ("FROM a\nCMD [\"a\", 1]\n", 2, "must hold only strings"),
        ("# only a comment\n\n", 2, "file with no instructions"),
    ];
    for (text, line, message) in cases {
        let error: ParseError = parse(text).expect_err(text);
        assert_eq!(error.line(), line, "{text}");
        let shown = error.to_string();
        assert!(shown.starts_with(&format!("line {line}: ")), "{shown}");
        assert!(shown.contains(message), "{shown}");
    }
    let long = format!("FROM a\nRUN {}\n", "x".repeat(70_000));
    assert_eq!(parse(&long).map_err(|e| e.line()), Err(2));
}

#[test]
fn onbuild_instructions_are_typed() {
    let text =
        "FROM a\nONBUILD ENV é=1 b=\"2 3\"\nONBUILD RUN --mount=type=cache,target=/c make \\\n  && x\n";
    let parsed = parse(text).expect("parses");
    let cache = Mount::Cache {
        target: "/c".into(),
        id: None,
        sharing: None,
        ro: false,
        from: None,
        source: None,
        mode: None,
        uid: None,
        gid: None,
    };
    assert_eq!(
        parsed.document.stages[0].body,
        [
            Instruction::Onbuild(Box::new(Instruction::Env(vec![
                ("é".into(), "1".into()),
                ("b".into(), "2 3".into())
            ]))),
            Instruction::Onbuild(Box::new(Instruction::Run(Run {
                mounts: vec![cache],
                script: "make \\\n  && x".into(),
                ..Run::default()
            }))),
        ]
    );
}

#[test]
fn a_comment_that_was_no_directive_stays_a_comment() {
    let text = "\n# syntax=example/frontend\nFROM a\n";
    let parsed = parse(text).expect("parses");
    assert!(parsed.document.directives.is_empty());
    let printed = parsed.document.print();
    let again = parse(&printed).expect("parses again");
    assert!(again.document.directives.is_empty(), "{printed}");
    assert_eq!(again.document.print(), printed);
}

#[test]
fn the_source_map_spells_each_source_instruction_once() {
    let text = "arg v\nfrom a As b\nARG x y\nRUN a \\\n\n  b <<EOF \\\n  c\nbody\nEOF\nenv K v w\nLABEL k=v\n";
    let parsed = parse(text).expect("parses");
    let spelled: Vec<(InstructionId, Spelling)> = parsed
        .source_map
        .spellings()
        .map(|(id, s)| (id, s.clone()))
        .collect();
    let spelling = |keyword: &str, end: usize| Spelling {
        keyword: keyword.to_owned(),
        text_end_line: end,
        ..Spelling::default()
    };
    let body = |index| InstructionId::Body { stage: 0, index };
    assert_eq!(
        spelled,
        [
            (InstructionId::Preamble(0), spelling("arg", 1)),
            (
                InstructionId::From { stage: 0 },
                Spelling {
                    as_keyword: Some("As".to_owned()),
                    ..spelling("from", 2)
                }
            ),
            // `ARG x y` lowers into two instructions and is spelled on the first
            (body(0), spelling("ARG", 3)),
            (
                body(2),
                Spelling {
                    empty_continuation_lines: vec![5],
                    ..spelling("RUN", 7)
                }
            ),
            (
                body(3),
                Spelling {
                    legacy_key_value: true,
                    ..spelling("env", 10)
                }
            ),
            (body(4), spelling("LABEL", 11)),
        ]
    );
}

#[test]
fn nodes_keep_what_docker_build_checks_need() {
    let text = "from a as b\nRUN a \\\n\n  # note\n   \n  b\nENV k v\n";
    let tree = parse_nodes(text).expect("parses");
    let keywords: Vec<_> = tree.nodes.iter().map(|n| n.keyword.as_str()).collect();
    assert_eq!(keywords, ["from", "RUN", "ENV"]);
    assert_eq!(tree.nodes[0].next, ["a", "as", "b"]);
    assert_eq!(tree.nodes[1].empty_continuation_lines, [3, 5]);
    assert_eq!(tree.nodes[1].next, ["a   b"]);
    assert_eq!(tree.nodes[2].original, "ENV k v");
    assert_eq!(
        tree.comments,
        [(4, " note".to_owned())].map(|c| c).to_vec()[..0]
    );
}

#[test]
fn untyped_instructions_keep_their_text() {
    let text = "FROM a\nMAINTAINER me\nCOPY <<EOF /x\nhi\nEOF\nRUN --mount=type=bind,z echo\n";
    let parsed = parse(text).expect("parses");
    assert_eq!(
        parsed.document.stages[0].body,
        [
            Instruction::Raw("MAINTAINER me".into()),
            Instruction::Raw("COPY <<EOF /x\nhi\nEOF".into()),
            Instruction::Raw("RUN --mount=type=bind,z echo".into()),
        ]
    );
    assert_eq!(parsed.document.print(), text);
}
