//! The Rust builder API cannot render an unsafe Dockerfile: every builder
//! method, called with arbitrary text (line breaks, `\r`, NUL, quotes, `$`,
//! `${`, backslashes, non-ASCII, leading `--`, `<<EOF`), either is refused
//! with a `DslError` located at the call, or renders exactly one instruction
//! of the kind the call meant, as BuildKit splits a file into instructions.
//! (tests/quoting/test_faces_agree.py runs the same calls through Python and
//! reads the values back with BuildKit's own parser.)

use dsl::{mounts, Dockerfile, HealthcheckSpec, RunOptions, StageBlock};
use proptest::prelude::*;

/// The instruction keywords of a Dockerfile, split the way BuildKit's parser
/// does: comment and blank lines skipped, a line ending in `\` continued
/// (comment and blank lines inside a continuation skipped too), and heredoc
/// bodies (`<<NAME` ... `NAME`) taken by their instruction.
fn keywords(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut lines = text.split('\n');
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut logical = line.to_owned();
        let mut last = line.to_owned();
        while last.trim_end().ends_with('\\') {
            let Some(next) = lines.next() else { break };
            let next_trimmed = next.trim_start();
            if next_trimmed.is_empty() || next_trimmed.starts_with('#') {
                continue;
            }
            logical.push_str(next);
            last = next.to_owned();
        }
        let keyword = trimmed
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        // BuildKit opens a heredoc at a word `<<NAME` / `<<-NAME` (not `<<<`)
        // of a RUN, COPY or ADD that is not in JSON form.
        let json_form = trimmed[keyword.len()..].trim_start().starts_with('[');
        let heredoc_marker = logical.split_whitespace().find_map(|word| {
            let rest = word.strip_prefix("<<").filter(|r| !r.starts_with('<'))?;
            let name = rest.strip_prefix('-').unwrap_or(rest);
            let name = name.trim_matches(['"', '\'']);
            (!name.is_empty()).then(|| name.to_owned())
        });
        if let Some(marker) = heredoc_marker {
            if !json_form && matches!(keyword.as_str(), "RUN" | "COPY" | "ADD") {
                for body in lines.by_ref() {
                    if body.trim() == marker {
                        break;
                    }
                }
            }
        }
        found.push(keyword);
    }
    found
}

/// One builder call and the keywords it must render.
#[derive(Debug, Clone)]
enum Call {
    Workdir(String),
    User(String),
    Env(String, String),
    Arg(String, String),
    Label(String, String),
    AddToPath(String),
    Copy(String, String),
    CopyFrom(String),
    Add(String, String),
    Entrypoint(Vec<String>),
    Cmd(Vec<String>),
    CmdShell(String),
    Expose(String),
    Volume(String),
    Healthcheck(String, String),
    Shell(Vec<String>),
    Stopsignal(String),
    Onbuild(String),
    Comment(String),
    RunCommand(Vec<String>),
    RunEnv(String, String),
    RunBlock(String, Vec<String>),
    RunRaw(String),
    Cache(String),
    Secret(String, String),
}

impl Call {
    /// Makes the call; returns the lines of this function, where the error
    /// of a refused call must point.
    fn apply(&self, s: &mut StageBlock<'_>) -> std::ops::Range<u32> {
        let first = line!();
        match self {
            Call::Workdir(a) => s.workdir(a),
            Call::User(a) => s.user(a, None),
            Call::Env(k, v) => s.env([(k, v)]),
            Call::Arg(k, v) => s.arg(k, v),
            Call::Label(k, v) => s.label([(k, v)]),
            Call::AddToPath(a) => s.add_to_path([a]),
            Call::Copy(a, b) => s.copy(a, b),
            Call::CopyFrom(a) => s.copy_from("busybox", a, "/dst"),
            Call::Add(a, b) => s.add(a, b),
            Call::Entrypoint(argv) => s.entrypoint(argv.iter()),
            Call::Cmd(argv) => s.cmd(argv.iter()),
            Call::CmdShell(a) => s.cmd_shell(a),
            Call::Expose(a) => s.expose([a]),
            Call::Volume(a) => s.volume([a]),
            Call::Healthcheck(a, interval) => s.healthcheck(Some(HealthcheckSpec {
                argv: vec![a.clone()],
                interval: Some(interval.clone()),
                ..HealthcheckSpec::default()
            })),
            Call::Shell(argv) => s.shell(argv.iter()),
            Call::Stopsignal(a) => s.stopsignal(a),
            Call::Onbuild(a) => s.onbuild(a),
            Call::Comment(a) => s.comment(a),
            Call::RunCommand(argv) => s.run_command(argv.iter(), &[], RunOptions::default()),
            Call::RunEnv(k, v) => s.run_command(["make"], &[(k, v)], RunOptions::default()),
            Call::RunBlock(binary, args) => s.run(|r| {
                r.cmd(binary, args);
            }),
            Call::RunRaw(a) => s.run(|r| {
                r.raw(a);
            }),
            Call::Cache(target) => s.mounts([mounts::cache(target)], |s| {
                s.run(|r| {
                    r.raw("true");
                });
            }),
            Call::Secret(id, target) => s.mounts([mounts::secret(id, target)], |s| {
                s.run(|r| {
                    r.raw("true");
                });
            }),
        };
        first..line!()
    }

    /// The keywords BuildKit must find for this call.
    fn meant(&self) -> &'static [&'static str] {
        match self {
            Call::Workdir(_) => &["WORKDIR"],
            Call::User(_) => &["USER"],
            Call::Env(..) | Call::AddToPath(_) => &["ENV"],
            Call::Arg(..) => &["ARG"],
            Call::Label(..) => &["LABEL"],
            Call::Copy(..) | Call::CopyFrom(_) => &["COPY"],
            Call::Add(..) => &["ADD"],
            Call::Entrypoint(_) => &["ENTRYPOINT"],
            Call::Cmd(_) | Call::CmdShell(_) => &["CMD"],
            Call::Expose(_) => &["EXPOSE"],
            Call::Volume(_) => &["VOLUME"],
            Call::Healthcheck(..) => &["HEALTHCHECK"],
            Call::Shell(_) => &["SHELL"],
            Call::Stopsignal(_) => &["STOPSIGNAL"],
            Call::Onbuild(_) => &["ONBUILD"],
            Call::Comment(_) => &[],
            Call::RunCommand(_)
            | Call::RunEnv(..)
            | Call::RunBlock(..)
            | Call::RunRaw(_)
            | Call::Cache(_)
            | Call::Secret(..) => &["RUN"],
        }
    }
}

/// Text built from pieces that break naive Dockerfile writers.
fn nasty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\n".to_owned()),
        Just("\r".to_owned()),
        Just("\0".to_owned()),
        Just("\"".to_owned()),
        Just("'".to_owned()),
        Just("$".to_owned()),
        Just("${".to_owned()),
        Just("}".to_owned()),
        Just("\\".to_owned()),
        Just("`".to_owned()),
        Just("--".to_owned()),
        Just(" ".to_owned()),
        Just("\t".to_owned()),
        Just("#".to_owned()),
        Just("<<".to_owned()),
        Just("EOF".to_owned()),
        Just("RUN rm -rf /".to_owned()),
        Just("ü".to_owned()),
        Just("漢".to_owned()),
        Just("=".to_owned()),
        Just(",".to_owned()),
        "[a-z0-9/._-]{1,4}".boxed(),
    ];
    prop::collection::vec(piece, 0..6).prop_map(|pieces| pieces.concat())
}

fn call() -> impl Strategy<Value = Call> {
    let argv = || prop::collection::vec(nasty(), 0..3);
    prop_oneof![
        nasty().prop_map(Call::Workdir),
        nasty().prop_map(Call::User),
        (nasty(), nasty()).prop_map(|(k, v)| Call::Env(k, v)),
        (nasty(), nasty()).prop_map(|(k, v)| Call::Arg(k, v)),
        (nasty(), nasty()).prop_map(|(k, v)| Call::Label(k, v)),
        nasty().prop_map(Call::AddToPath),
        (nasty(), nasty()).prop_map(|(a, b)| Call::Copy(a, b)),
        nasty().prop_map(Call::CopyFrom),
        (nasty(), nasty()).prop_map(|(a, b)| Call::Add(a, b)),
        argv().prop_map(Call::Entrypoint),
        argv().prop_map(Call::Cmd),
        nasty().prop_map(Call::CmdShell),
        nasty().prop_map(Call::Expose),
        nasty().prop_map(Call::Volume),
        (nasty(), nasty()).prop_map(|(a, b)| Call::Healthcheck(a, b)),
        argv().prop_map(Call::Shell),
        nasty().prop_map(Call::Stopsignal),
        nasty().prop_map(Call::Onbuild),
        nasty().prop_map(Call::Comment),
        argv().prop_map(Call::RunCommand),
        (nasty(), nasty()).prop_map(|(k, v)| Call::RunEnv(k, v)),
        (nasty(), argv()).prop_map(|(b, a)| Call::RunBlock(b, a)),
        nasty().prop_map(Call::RunRaw),
        nasty().prop_map(Call::Cache),
        (nasty(), nasty()).prop_map(|(a, b)| Call::Secret(a, b)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(700))]

    /// One call: refused at its own line, or exactly the instruction meant.
    #[test]
    fn each_call_is_refused_or_renders_what_it_meant(call in call()) {
        let mut df = Dockerfile::new();
        df.syntax(None);
        let mut call_lines = 0..0;
        df.stage("alpine", |s| call_lines = call.apply(s));
        match df.render() {
            Ok(text) => {
                let mut expected = vec!["FROM"];
                expected.extend(call.meant());
                prop_assert_eq!(keywords(&text), expected, "{:?} rendered\n{}", call, text);
            }
            Err(errors) => {
                let first = errors.iter().next().expect("an error");
                let at = first.location().expect("a call error has a location");
                prop_assert!(at.file.ends_with("builder_calls.rs"), "{}", first);
                prop_assert!(call_lines.contains(&at.line), "{} not in {:?}", first, call_lines);
            }
        }
    }

    /// Many calls: every refused call is reported (not just the first), and
    /// the accepted ones render in order.
    #[test]
    fn every_problem_is_reported(calls in prop::collection::vec(call(), 1..6)) {
        let mut refused = 0;
        let mut expected = vec!["FROM".to_owned()];
        for call in &calls {
            let mut alone = Dockerfile::new();
            alone.stage("alpine", |s| { call.apply(s); });
            match alone.render() {
                Ok(_) => expected.extend(call.meant().iter().map(|k| (*k).to_owned())),
                Err(errors) => refused += errors.iter().count(),
            }
        }
        let mut df = Dockerfile::new();
        df.syntax(None);
        df.stage("alpine", |s| {
            for call in &calls {
                call.apply(s);
            }
        });
        match df.render() {
            Ok(text) => {
                prop_assert_eq!(refused, 0);
                prop_assert_eq!(keywords(&text), expected);
            }
            Err(errors) => prop_assert_eq!(errors.iter().count(), refused),
        }
    }
}

#[test]
fn the_issue_example_is_refused_with_both_problems() {
    let mut df = Dockerfile::new();
    let line = line!() + 2;
    df.stage("alpine", |s| {
        s.workdir("/a\nRUN rm -rf /");
        s.arg("X", "${oops");
    });
    let errors = df.render().expect_err("unsafe values").into_vec();
    let places: Vec<(String, &str)> = errors
        .iter()
        .map(|e| {
            let at = e.location().expect("located");
            (format!("{}:{}", at.file, at.line), e.code())
        })
        .collect();
    let file = file!();
    assert_eq!(
        places,
        [
            (format!("{file}:{line}"), "bad-value"),
            (format!("{file}:{}", line + 1), "bad-value"),
        ]
    );
}

#[test]
fn copies_from_stages_are_checked_like_python() {
    let mut df = Dockerfile::new();
    df.named_stage("alpine", "app", |s| {
        s.stage("child", |c| {
            c.copy_from("app", "/a", "/a");
        });
        s.copy_from("child", "/b", "/b");
    });
    let errors = df.render().expect_err("cycle").into_vec();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code(), "dependency-cycle", "{}", errors[0]);

    let mut df = Dockerfile::new();
    df.named_stage("alpine", "app", |s| {
        s.copy_from("busybox:1", "/bin/busybox", "/bin/");
    });
    assert!(df.render().is_ok(), "an image name is not a stage");
}

#[test]
fn keywords_splits_like_buildkit() {
    let text = "FROM a AS b\n# c\nRUN x \\\n\n  && y\nRUN <<EOF\nUSER root\nEOF\nUSER me\n";
    assert_eq!(keywords(text), ["FROM", "RUN", "RUN", "USER"]);
}

#[test]
fn the_check_directive_and_global_raw_lines_head_the_file() {
    let mut df = Dockerfile::new();
    df.syntax(None)
        .check("error=true")
        .raw("# a note")
        .arg("V", Some("1"));
    df.named_stage("alpine:${V}", "app", |s| {
        s.workdir("/app");
    });
    assert_eq!(
        df.render().expect("renders"),
        "# check=error=true\n# a note\nARG V=1\n\nFROM alpine:${V} AS app\nWORKDIR /app\n"
    );
}
