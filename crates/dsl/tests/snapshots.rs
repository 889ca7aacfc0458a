//! Snapshots a person has read: every error message, and every instruction
//! and mount as printed for Dockerfile frontends 1.2, 1.3 and the newest.
//! Review a change with `cargo insta review` (or `INSTA_UPDATE=always`, then
//! read the diff of `tests/snapshots/`).

use dsl::{mounts, AddSpec, CopySpec, Dockerfile, DslError, HealthcheckSpec, Location, RunOptions};

/// Error lines with this file's line numbers replaced by `LINE`, so an edit
/// above a call does not change the snapshot.
fn redact_lines(text: &str) -> String {
    let lines: Vec<String> = text
        .lines()
        .map(|line| match line.split_once(": ") {
            Some((place, rest)) if place.starts_with("snapshots.rs:") => {
                format!("snapshots.rs:LINE: {rest}")
            }
            _ => line.to_owned(),
        })
        .collect();
    lines.join("\n")
}

fn at() -> Location {
    Location::new("/home/me/recipe.py", 7)
}

fn first() -> Location {
    Location::new("/home/me/recipe.py", 3)
}

/// One of each error, as a user sees it.
fn every_error() -> Vec<DslError> {
    vec![
        DslError::DuplicateStage {
            name: "base".into(),
            at: at(),
            first: first(),
        },
        DslError::StageReentered {
            name: "app".into(),
            at: at(),
        },
        DslError::MountInsideRun {
            kind: "cache",
            at: at(),
        },
        DslError::EmptyCommand {
            what: "RUN",
            at: at(),
        },
        DslError::MissingArgument {
            what: "shell()",
            needs: "the shell's argv, e.g. s.shell(\"/bin/bash\", \"-o\", \"pipefail\", \"-c\")",
            at: at(),
        },
        DslError::NoPackages { at: at() },
        DslError::StageNotInBuild {
            what: "COPY --from",
            name: "builder".into(),
            at: at(),
        },
        DslError::DependencyCycle {
            cycle: "a -> b -> a".into(),
            at: at(),
        },
        DslError::NoStages {
            file: "recipe.py".into(),
        },
        DslError::WrongType {
            what: "workdir()".into(),
            got: "a list (['/a'])".into(),
            expected: "pass a str (numbers and paths are converted)".into(),
            at: at(),
        },
        DslError::NoOpenStage {
            what: "current_stage()",
            at: at(),
        },
        DslError::BadValue {
            what: "WORKDIR".into(),
            value: "/a\nRUN rm -rf /".into(),
            problem: "contains a line break, which a Dockerfile instruction cannot hold; put multi-line text in a file and COPY it".into(),
            at: at(),
        },
        DslError::ConflictingSharing {
            id: "/var/cache/apt".into(),
            sharing: "private".into(),
            first_sharing: "locked".into(),
            at: at(),
            first: first(),
        },
        DslError::SyntaxTooOld {
            feature: "heredoc",
            needs: "1.4".into(),
            pinned: "docker/dockerfile:1.2".into(),
            at: at(),
        },
        DslError::UnknownFlag {
            flag: "--bogus-opt".into(),
            accepted: "the recipe accepts --private (bool)".into(),
        },
        DslError::MissingFlag {
            name: "python".into(),
            accepts: "a str".into(),
            at: at(),
        },
        DslError::BadFlagValue {
            name: "jobs".into(),
            value: "four".into(),
            accepts: "a whole number".into(),
            at: at(),
        },
        DslError::FlagConflict {
            name: "private".into(),
            problem: "is given more than once".into(),
        },
        DslError::BadOption {
            option: "--frontend",
            value: "9.9".into(),
            problem: "is not a docker/dockerfile version; pass one like 1.2 (Docker 20.10's built-in frontend) or 1.19".into(),
        },
        DslError::UnregisteredFlag {
            name: "flavor".into(),
            at: at(),
        },
    ]
}

#[test]
fn every_error_message() {
    let text: Vec<String> = every_error()
        .iter()
        .map(|e| format!("[{}] {e}", e.code()))
        .collect();
    insta::assert_snapshot!(text.join("\n"));
}

/// What the checked constructors say about values BuildKit would misread,
/// through the Rust builder (locations as `snapshots.rs:LINE` are redacted).
#[test]
fn refused_values() {
    let mut df = Dockerfile::new();
    df.named_stage("alpine", "1st", |s| {
        s.workdir("");
        s.user("", None);
        s.user("root\\", None);
        s.arg("A B", "1");
        s.env([("K", "${oops")]);
        s.expose(["$\n<<"]);
        s.stopsignal("SIG TERM");
        s.onbuild("FROM x");
        s.shell(Vec::<String>::new());
        s.run_command(["make"], &[("A B", "1")], RunOptions::default());
        s.run(|r| {
            r.raw("cat <<EOF");
        });
        s.copy_with(CopySpec {
            sources: vec!["a".into()],
            dest: Some("/b".into()),
            chown: Some("me me".into()),
            ..CopySpec::default()
        });
        s.mounts([mounts::cache("/a\nb")], |_| {});
    });
    df.frontend("9.9").escape("x");
    let errors = df.render().expect_err("all refused");
    insta::assert_snapshot!(redact_lines(&errors.to_string()));
}

/// A Dockerfile with every instruction and mount, for `frontend` (`None`:
/// the newest, which also gets `ADD --checksum`, a 1.6 feature).
fn every_instruction(frontend: Option<&str>) -> String {
    let mut df = Dockerfile::new();
    df.syntax(None);
    if let Some(version) = frontend {
        df.frontend(version);
    }
    df.arg("BASE", Some("alpine:3.20"));
    df.named_stage("alpine:3.20", "build", |s| {
        s.workdir("/src dir");
        s.env([("GREETING", "say \"hi\""), ("PATH", "/opt/bin:$PATH")]);
        s.arg("VERSION", "1.0");
        s.label([("org.opencontainers.image.title", "demo app")]);
        s.user("app", Some("app"));
        s.copy("requirements.txt", "/src/");
        s.copy_from("busybox:1", "/bin/busybox", "/bin/");
        s.copy_with(CopySpec {
            sources: vec!["a b.txt".into(), "c".into()],
            dest: Some("/dst/".into()),
            chown: Some("app:app".into()),
            chmod: Some("0644".into()),
            ..CopySpec::default()
        });
        s.add("https://example.com/x.tar.gz", "/opt/");
        if frontend.is_none() {
            s.add_with(AddSpec {
                copy: CopySpec {
                    sources: vec!["https://example.com/y".into()],
                    dest: Some("/opt/y".into()),
                    ..CopySpec::default()
                },
                checksum: Some("sha256:abc".into()),
                ..AddSpec::default()
            });
        }
        s.expose(["80", "53/udp"]);
        s.volume(["/data"]);
        s.healthcheck(Some(HealthcheckSpec {
            argv: vec!["curl".into(), "-f".into(), "http://localhost/".into()],
            interval: Some("30s".into()),
            retries: Some(3),
            ..HealthcheckSpec::default()
        }));
        s.shell(["/bin/sh", "-eu", "-c"]);
        s.stopsignal("SIGTERM");
        s.onbuild("RUN make");
        s.comment("two\nlines");
        s.mounts(
            [
                mounts::bind(".", "/src"),
                mounts::cache("/root/.cache"),
                mounts::secret("token", "/run/secrets/token"),
                mounts::ssh(),
            ],
            |s| {
                s.run(|r| {
                    r.cmd("make", ["install"]);
                    r.apt_install(["curl"]);
                });
            },
        );
        s.run_command(["echo", "one"], &[("MODE", "fast")], RunOptions::default());
        s.run_command(["set -e\necho one\necho two"], &[], RunOptions::default());
        s.entrypoint(["/app"]);
        s.cmd(["--help"]);
    });
    match df.render() {
        Ok(text) => text,
        Err(errors) => format!("refused:\n{errors}"),
    }
}

#[test]
fn every_instruction_at_frontend_1_2() {
    insta::assert_snapshot!(every_instruction(Some("1.2")));
}

#[test]
fn every_instruction_at_frontend_1_3() {
    insta::assert_snapshot!(every_instruction(Some("1.3")));
}

#[test]
fn every_instruction_at_the_newest_frontend() {
    insta::assert_snapshot!(every_instruction(None));
}

/// Each mount kind with its options, at 1.2 (values not lexed), 1.3
/// (lexed) and the newest; and a feature too new for the frontend.
#[test]
fn every_mount() {
    let mut cache = mounts::cache("/var/cache/apt");
    cache.id = Some("apt cache".into());
    cache.lock = true;
    cache.mode = Some("0755".into());
    cache.uid = Some("1000".into());
    let mut secret = mounts::secret("npm", "/root/.npmrc");
    secret.required = Some(true);
    secret.mode = Some("0o400".into());
    let mut bind = mounts::bind("src,dir", "/src");
    bind.rw = true;
    let tmpfs = mounts::tmpfs("/tmp");
    let mut ssh = mounts::ssh();
    ssh.id = Some("github".into());
    let mut out = String::new();
    for frontend in [Some("1.2"), Some("1.3"), None] {
        let mut df = Dockerfile::new();
        df.syntax(None);
        if let Some(version) = frontend {
            df.frontend(version);
        }
        df.stage("alpine", |s| {
            for mount in [&cache, &secret, &bind, &tmpfs, &ssh] {
                s.mounts([mount.clone()], |s| {
                    s.run(|r| {
                        r.raw("true");
                    });
                });
            }
        });
        let text = match df.render() {
            Ok(text) => text,
            Err(errors) => format!("refused: {errors}\n"),
        };
        out.push_str(&format!(
            "## frontend {}\n{text}\n",
            frontend.unwrap_or("newest")
        ));
    }
    let mut sized = mounts::tmpfs("/tmp");
    sized.size = Some("64m".into());
    let mut df = Dockerfile::new();
    df.syntax(None).frontend("1.3");
    df.stage("alpine", |s| {
        s.mounts([sized], |s| {
            s.run(|r| {
                r.raw("true");
            });
        });
    });
    let refused = df.render().expect_err("size= needs 1.4").to_string();
    out.push_str(&format!(
        "## tmpfs size= at frontend 1.3\n{}\n",
        redact_lines(&refused)
    ));
    insta::assert_snapshot!(out);
}
