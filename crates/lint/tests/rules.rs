//! Each rule on a small Dockerfile that it flags and on its clean twin. The
//! files are built as syntax trees and printed; the snapshots hold the
//! rendered diagnostics (line:column, code, message, source line).

use dockerfile::{
    CacheSharing, CopyInstruction, Directive, Document, ExecOrShell, FromInstruction, Instruction,
    Mount, NetworkMode, Run, SecurityMode, Stage,
};

/// A stage: base image, name, body.
fn stage(image: &str, name: Option<&str>, body: Vec<Instruction>) -> Stage {
    Stage {
        from: FromInstruction {
            image: image.into(),
            name: name.map(Into::into),
            platform: None,
        },
        body,
    }
}

fn file(stages: Vec<Stage>) -> Document {
    Document {
        stages,
        ..Document::default()
    }
}

fn one_stage(body: Vec<Instruction>) -> Document {
    file(vec![stage("alpine", None, body)])
}

fn run(mounts: Vec<Mount>, script: &str) -> Instruction {
    Instruction::Run(Run {
        mounts,
        script: script.into(),
        ..Run::default()
    })
}

/// A RUN with `--network` and `--security` flags.
fn flagged_run(
    network: Option<NetworkMode>,
    security: Option<SecurityMode>,
    script: &str,
) -> Instruction {
    Instruction::Run(Run {
        network,
        security,
        script: script.into(),
        ..Run::default()
    })
}

fn run_heredoc(mounts: Vec<Mount>, script: &str, marker: &str, body: &str) -> Instruction {
    Instruction::Run(Run {
        mounts,
        script: script.into(),
        heredocs: vec![(marker.into(), body.into())],
        ..Run::default()
    })
}

fn secret(id: &str) -> Mount {
    Mount::Secret {
        id: id.into(),
        target: None,
        env: None,
        required: None,
        mode: None,
        uid: None,
        gid: None,
    }
}

fn secret_env(id: &str, env: &str) -> Mount {
    Mount::Secret {
        id: id.into(),
        target: None,
        env: Some(env.into()),
        required: Some(true),
        mode: None,
        uid: None,
        gid: None,
    }
}

fn required(mut mount: Mount) -> Mount {
    if let Mount::Secret { required, .. } = &mut mount {
        *required = Some(true);
    }
    mount
}

fn cache(target: &str, sharing: Option<CacheSharing>) -> Mount {
    Mount::Cache {
        target: target.into(),
        id: None,
        sharing,
        ro: false,
        from: None,
        source: None,
        mode: None,
        uid: None,
        gid: None,
    }
}

fn tmpfs(target: &str) -> Mount {
    Mount::Tmpfs {
        target: target.into(),
        size: None,
    }
}

fn bind(source: &str, target: &str) -> Mount {
    Mount::Bind {
        source: Some(source.into()),
        target: target.into(),
        from: None,
        rw: false,
    }
}

fn copy(from: Option<&str>, source: &str, dest: &str) -> Instruction {
    Instruction::Copy(CopyInstruction {
        sources: vec![source.into()],
        dest: dest.into(),
        from: from.map(Into::into),
        ..CopyInstruction::default()
    })
}

/// The document printed, linted with `code` only, and its diagnostics
/// rendered as `line:col CODE message` with the source line.
fn lint(code: &str, document: &Document) -> String {
    let (text, map) = document.print_mapped();
    let options = lint::Options {
        selection: lint::Selection::new(&[code.to_owned()], &[]).expect("known code"),
        ..lint::Options::default()
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    for finding in lint::check_text(document, &map, &text, &options).expect("valid directives") {
        let line = finding.line.expect("located");
        let column = finding.column.expect("located");
        out.push_str(&format!(
            "{line}:{column} {} [{}] {}\n  | {}\n",
            finding.code(),
            finding.severity().name(),
            finding.message,
            lines[line - 1]
        ));
    }
    out
}

macro_rules! flags {
    ($name:ident, $code:literal, $document:expr) => {
        #[test]
        fn $name() {
            let out = lint($code, &$document);
            assert!(!out.is_empty(), "{} found nothing", $code);
            insta::assert_snapshot!(out);
        }
    };
}

macro_rules! clean {
    ($name:ident, $code:literal, $document:expr) => {
        #[test]
        fn $name() {
            assert_eq!(lint($code, &$document), "");
        }
    };
}

// S001 secret-written-to-file

flags!(
    s001_echo_of_a_secret_into_npmrc,
    "S001",
    one_stage(vec![run(
    vec![secret("npm")],
    "echo \"//registry.npmjs.org/:_authToken=$(cat /run/secrets/npm)\" > ~/.npmrc \\\n  && npm ci",
)])
);
flags!(
    s001_cp_tee_dd_and_heredoc,
    "S001",
    one_stage(vec![
        run(vec![secret("cfg")], "cp /run/secrets/cfg /app/config.json"),
        run(
            vec![secret_env("tok", "TOKEN")],
            "echo \"$TOKEN\" | tee /etc/token >/dev/null"
        ),
        run(
            vec![secret("key")],
            "dd if=/run/secrets/key of=/opt/key.bin"
        ),
        run_heredoc(
            vec![secret("netrc")],
            "cat <<EOF > /root/.netrc",
            "EOF",
            "machine example.com password $(cat /run/secrets/netrc)"
        ),
        run(
            vec![secret("t")],
            "T=\"$(cat /run/secrets/t)\"; printf '%s' \"$T\" >> /etc/app.env"
        ),
    ])
);
clean!(s001_written_then_removed_or_only_used, "S001", one_stage(vec![
    // seed 003's npm example: written, used, removed in the same RUN.
    run(vec![secret("npm_token"), cache("/root/.npm", None)], "echo \"//registry.npmjs.org/:_authToken=$(cat /run/secrets/npm_token)\" > ~/.npmrc && \\\n    npm ci --omit=dev && \\\n    rm ~/.npmrc"),
    run(vec![secret("db_password")], "DB_PASSWORD=\"$(cat /run/secrets/db_password)\" python manage.py migrate"),
    run(vec![secret("pypi")], "PIP_INDEX_URL=https://$(cat /run/secrets/pypi)@pypi.example.com/simple pip install app"),
    run_heredoc(vec![secret("netrc")], "cat <<'EOF' > /root/.netrc", "EOF", "machine example.com password $(cat /run/secrets/netrc)"),
    run(vec![secret("k"), tmpfs("/scratch")], "cp /run/secrets/k /scratch/k && use /scratch/k"),
    run(vec![secret("c")], "curl -H \"Authorization: Bearer $(cat /run/secrets/c)\" https://example.com/x > /app/x.json"),
]));

// S002 secret-passed-to-persisting-command

flags!(s002_pip_git_and_docker_login, "S002", one_stage(vec![
    run(vec![secret("pypi_token")], "pip config set global.index-url https://$(cat /run/secrets/pypi_token)@pypi.example.com/simple && \\\n    pip install -r requirements.txt"),
    run(vec![secret("github_token")], "git config --global url.\"https://$(cat /run/secrets/github_token)@github.com/\".insteadOf \"https://github.com/\""),
    run(vec![secret("hub")], "cat /run/secrets/hub | docker login -u bot --password-stdin"),
]));
clean!(s002_config_removed_or_no_secret, "S002", one_stage(vec![
    run(vec![secret("npm")], "npm config set //registry.npmjs.org/:_authToken=$(cat /run/secrets/npm) && npm ci && rm -f ~/.npmrc"),
    run(vec![secret("gh")], "git config --global user.name bot && GIT_TOKEN=$(cat /run/secrets/gh) ./fetch.sh"),
]));

// S003 credential-named-arg-or-env

flags!(
    s003_password_and_token_build_args,
    "S003",
    file(vec![stage(
        "alpine",
        None,
        vec![
            Instruction::Arg {
                name: "NPM_TOKEN".into(),
                default: None
            },
            Instruction::Env(vec![("DB_PASSWORD".into(), "changeme".into())]),
        ]
    )])
);
clean!(
    s003_references_and_lookalikes,
    "S003",
    one_stage(vec![
        Instruction::Env(vec![(
            "POSTGRES_PASSWORD_FILE".into(),
            "/run/secrets/db".into()
        )]),
        Instruction::Env(vec![(
            "GPG_KEY".into(),
            "A035C8C19219BA821ECEA86B64E628F8D684696D".into()
        )]),
        Instruction::Arg {
            name: "PASSENGER_VERSION".into(),
            default: Some("6".into())
        },
        Instruction::Env(vec![("MIGRAPHX_DISABLE_SCHEDULE_PASS".into(), "1".into())]),
    ])
);

// S004 credential-shaped-literal

flags!(s004_tokens_keys_and_url_passwords, "S004", one_stage(vec![
    Instruction::Env(vec![("GH".into(), "ghp_0123456789abcdefghijABCDEFGHIJ012345".into())]),
    Instruction::Label(vec![("repo".into(), "https://bob:hunter22@git.example.com/app".into())]),
    run_heredoc(vec![], "cat <<EOF > /root/.ssh/id_ed25519", "EOF", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----"),
]));
clean!(
    s004_secrets_read_at_build_time,
    "S004",
    one_stage(vec![
        run(
            vec![secret("t")],
            "pip install --index-url https://$(cat /run/secrets/t)@pypi.example.com/simple app"
        ),
        Instruction::Env(vec![(
            "URL".into(),
            "https://user:${PASS}@example.com".into()
        )]),
    ])
);

// C001 rm-of-cache-mount

flags!(
    c001_rm_of_apt_lists_under_their_cache,
    "C001",
    one_stage(vec![run(
        vec![cache("/var/lib/apt/lists", Some(CacheSharing::Locked))],
        "apt-get update && apt-get install -y gcc && rm -rf /var/lib/apt/lists/*",
    )])
);
clean!(
    c001_rm_of_other_paths,
    "C001",
    one_stage(vec![
        run(
            vec![cache("/root/.cache/pip", None)],
            "pip install app && rm -rf /tmp/build"
        ),
        run(
            vec![cache("/src/.git", None)],
            "cd /src && rm -f ./.git/*.lock && git fetch"
        ),
        run(vec![], "apt-get update && rm -rf /var/lib/apt/lists/*"),
    ])
);

// C002 no-cache-flag-under-cache-mount

flags!(
    c002_no_cache_flags_and_variables,
    "C002",
    file(vec![stage(
        "alpine",
        None,
        vec![
            run(
                vec![cache("/var/cache/apk", None)],
                "apk add --no-cache build-base"
            ),
            run(
                vec![cache("/root/.cache/pip", None)],
                "pip install --no-cache-dir -r requirements.txt"
            ),
            Instruction::Env(vec![("PIP_NO_CACHE_DIR".into(), "1".into())]),
            run(vec![cache("/root/.cache/pip", None)], "pip install app"),
        ]
    )])
);
clean!(
    c002_flags_without_a_cache_mount,
    "C002",
    one_stage(vec![
        run(vec![], "apk add --no-cache build-base"),
        run(vec![cache("/root/.cache/pip", None)], "pip install app"),
        run(
            vec![cache("/root/.npm", None)],
            "pip install --no-cache-dir app && npm ci"
        ),
    ])
);

// C003 apt-cache-with-docker-clean

flags!(
    c003_apt_cache_with_the_hook_active,
    "C003",
    file(vec![stage(
        "debian:bookworm",
        None,
        vec![run(
            vec![cache("/var/cache/apt", Some(CacheSharing::Locked))],
            "apt-get update && apt-get install -y gcc",
        )]
    )])
);
clean!(
    c003_hook_removed_in_this_or_a_parent_stage,
    "C003",
    file(vec![
        stage(
            "debian:bookworm",
            Some("base"),
            vec![run(vec![], "rm -f /etc/apt/apt.conf.d/docker-clean")]
        ),
        stage(
            "base",
            Some("build"),
            vec![run(
                vec![cache("/var/cache/apt", Some(CacheSharing::Locked))],
                "apt-get update && apt-get install -y gcc",
            )]
        ),
    ])
);

// C004 apt-cache-not-locked

flags!(
    c004_apt_caches_shared,
    "C004",
    one_stage(vec![run(
        vec![
            cache("/var/cache/apt", None),
            cache("/var/lib/apt", Some(CacheSharing::Shared))
        ],
        "apt-get update && apt-get install -y gcc",
    )])
);
clean!(
    c004_apt_caches_locked,
    "C004",
    one_stage(vec![run(
        vec![
            cache("/var/cache/apt", Some(CacheSharing::Locked)),
            cache("/var/lib/apt", Some(CacheSharing::Private))
        ],
        "apt-get update && apt-get install -y gcc",
    )])
);

// C005 cache-mount-outside-tool-home

flags!(
    c005_root_cache_after_user_app,
    "C005",
    one_stage(vec![
        Instruction::User("app".into()),
        run(
            vec![cache("/root/.cache/pip", None)],
            "pip install -r requirements.txt"
        ),
    ])
);
clean!(
    c005_cache_in_the_users_home_or_moved,
    "C005",
    one_stage(vec![
        run(
            vec![cache("/root/.cache/pip", None)],
            "pip install -r requirements.txt"
        ),
        Instruction::User("app".into()),
        run(
            vec![cache("/home/app/.cache/pip", None)],
            "pip install -r requirements.txt"
        ),
        run(
            vec![cache("/root/.cache/pip", None)],
            "PIP_CACHE_DIR=/root/.cache/pip pip install app"
        ),
    ])
);

// C006 layer-expects-cache-mount-content

flags!(
    c006_copy_from_a_cached_target,
    "C006",
    file(vec![
        stage(
            "rust:1",
            Some("builder"),
            vec![
                Instruction::Workdir("/src".into()),
                run(vec![cache("/src/target", None)], "cargo build --release"),
            ]
        ),
        stage(
            "debian:bookworm-slim",
            None,
            vec![copy(
                Some("builder"),
                "target/release/app",
                "/usr/local/bin/app"
            )]
        ),
    ])
);
clean!(
    c006_copy_of_what_the_run_copied_out,
    "C006",
    file(vec![
        stage(
            "rust:1",
            Some("builder"),
            vec![
                Instruction::Workdir("/src".into()),
                run(
                    vec![cache("/src/target", None)],
                    "cargo build --release && cp target/release/app /usr/local/bin/app"
                ),
            ]
        ),
        stage(
            "debian:bookworm-slim",
            None,
            vec![copy(
                Some("builder"),
                "/usr/local/bin/app",
                "/usr/local/bin/app"
            )]
        ),
    ])
);

// M001 run-needs-entitlement

flags!(
    m001_network_host_and_insecure,
    "M001",
    one_stage(vec![
        flagged_run(Some(NetworkMode::Host), None, "./fetch.sh"),
        flagged_run(None, Some(SecurityMode::Insecure), "./privileged.sh"),
    ])
);
clean!(
    m001_network_none_and_sandbox,
    "M001",
    one_stage(vec![
        flagged_run(Some(NetworkMode::None), None, "make"),
        flagged_run(None, Some(SecurityMode::Sandbox), "make"),
    ])
);

// M002 secret-read-without-required

flags!(
    m002_secret_read_unconditionally,
    "M002",
    one_stage(vec![run(
    vec![secret("pypi")],
    "PIP_INDEX_URL=\"https://$(cat /run/secrets/pypi)@pypi.example.com/simple\" pip install app",
)])
);
clean!(m002_required_tested_or_implicit, "M002", one_stage(vec![
    run(vec![required(secret("pypi"))], "PIP_INDEX_URL=\"https://$(cat /run/secrets/pypi)@pypi.example.com/simple\" pip install app"),
    run(vec![secret("opt")], "if [ -f /run/secrets/opt ]; then export T=$(cat /run/secrets/opt); fi; make"),
    run(vec![Mount::Secret { id: "aws".into(), target: Some("/root/.aws/credentials".into()), env: None, required: None, mode: None, uid: None, gid: None }], "aws s3 cp s3://bucket/data.tar.gz /app/"),
]));

// M003 bind-mounted-then-copied

flags!(
    m003_bind_then_copy,
    "M003",
    one_stage(vec![
        run(
            vec![bind("requirements.txt", "/tmp/requirements.txt")],
            "pip install -r /tmp/requirements.txt"
        ),
        copy(None, "./requirements.txt", "/app/"),
    ])
);
clean!(
    m003_copy_of_the_whole_context_or_from_a_stage,
    "M003",
    one_stage(vec![
        run(
            vec![bind("go.mod", "go.mod"), bind("go.sum", "go.sum")],
            "go mod download"
        ),
        copy(None, ".", "."),
        copy(Some("deps"), "go.mod", "."),
    ])
);

// M004 feature-newer-than-syntax

flags!(
    m004_features_above_the_pin,
    "M004",
    Document {
        directives: vec![Directive::Syntax("docker/dockerfile:1.2".into())],
        ..one_stage(vec![
            run(vec![secret_env("npm", "NPM_TOKEN")], "npm ci"),
            flagged_run(Some(NetworkMode::None), None, "make"),
        ])
    }
);
clean!(
    m004_heredoc_under_a_labs_pin,
    "M004",
    Document {
        directives: vec![Directive::Syntax("docker/dockerfile:1.3-labs".into())],
        ..one_stage(vec![run_heredoc(vec![], "<<EOF", "EOF", "make")])
    }
);
clean!(
    m004_features_within_the_pin,
    "M004",
    Document {
        directives: vec![Directive::Syntax("docker/dockerfile:1.10".into())],
        ..one_stage(vec![
            run(vec![secret_env("npm", "NPM_TOKEN")], "npm ci"),
            flagged_run(Some(NetworkMode::None), None, "make"),
        ])
    }
);

#[test]
fn m004_without_a_pin_checks_the_target_frontend() {
    let document = one_stage(vec![run(vec![secret_env("npm", "NPM_TOKEN")], "npm ci")]);
    let options = |frontend| lint::Options {
        frontend,
        ..lint::Options::default()
    };
    let codes = |frontend| {
        lint::check(&document, &options(frontend))
            .expect("valid directives")
            .iter()
            .map(|f| f.code())
            .filter(|c| *c == "M004")
            .count()
    };
    assert_eq!(codes(Some(dockerfile::SyntaxVersion::new(1, 2))), 1);
    assert_eq!(codes(None), 0);
}

#[test]
fn ignore_comments_silence_one_finding() {
    let document = one_stage(vec![
        Instruction::Comment("docker-dsl: ignore[S001]".into()),
        run(vec![secret("a")], "cat /run/secrets/a > /etc/a"),
        run(vec![secret("b")], "cat /run/secrets/b > /etc/b"),
    ]);
    let out = lint("S001", &document);
    assert!(!out.contains("'a'") && out.contains("'b'"), "{out}");
}

// K001-K006: Docker's build checks (the oracle test in tests/lint/test_lint_checks.py
// compares them with `docker buildx build --call=check`)

fn named(image: &str, name: &str, body: Vec<Instruction>) -> Stage {
    stage(image, Some(name), body)
}

flags!(
    k_checks_flag_what_docker_flags,
    "check",
    file(vec![
        named(
            "alpine",
            "scratch",
            vec![
                Instruction::Workdir("rel".into()),
                Instruction::Cmd(ExecOrShell::Shell("echo a".into())),
                Instruction::Cmd(ExecOrShell::Exec(vec!["b".into()])),
            ]
        ),
        named("alpine", "Two", vec![]),
        named("alpine", "two", vec![]),
    ])
);
clean!(
    k_checks_accept_the_clean_forms,
    "check",
    file(vec![
        named(
            "alpine",
            "base",
            vec![
                Instruction::Workdir("/app".into()),
                Instruction::Shell(vec!["/bin/sh".into(), "-c".into()]),
                Instruction::Cmd(ExecOrShell::Shell("echo a".into())),
            ]
        ),
        named(
            "BASE",
            "child",
            vec![
                Instruction::Workdir("rel".into()),
                Instruction::Entrypoint(ExecOrShell::Shell("serve".into())),
                Instruction::Cmd(ExecOrShell::Exec(vec!["b".into()])),
            ]
        ),
    ])
);
