//! Runs real-engine tests once per engine, with a skip that shows.
//!
//! The engines are the system's Docker 20.10 (the default socket) and the modern engine
//! of `scripts/engine/modern.sh` (its `env` lines select it). Each test is a
//! `libtest-mimic` trial named `ENGINE::TEST`. When an engine does not answer
//! `docker info`, its trials are reported as *ignored* (not as passes), after one loud
//! line on stderr; with `CI=true` or `DOCKER_DSL_REQUIRE_ENGINE=1` they fail instead.
//!
//! Shared by the engine crate's and the scan crate's engine tests (`#[path]` include).

use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};

use libtest_mimic::{Arguments, Failed, Trial};

/// One engine test: its name and body. The body sees the selected engine through the
/// environment (`DOCKER_HOST`, `DOCKER_CONFIG`), as a user's docker client would.
pub type EngineTest = (&'static str, fn() -> Result<(), Failed>);

/// The variables that select an engine; removed for the system one.
const SELECTING: [&str; 4] = [
    "DOCKER_HOST",
    "DOCKER_CONTEXT",
    "DOCKER_CONFIG",
    "DOCKER_DSL_DOCKER",
];

/// Whether an engine test that cannot run must fail rather than skip.
fn engine_required() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true"))
        || std::env::var("DOCKER_DSL_REQUIRE_ENGINE").is_ok_and(|v| v == "1")
}

/// The variables that select one engine, or the reason they cannot be had.
type Selection = Result<Vec<(String, String)>, String>;

/// `(name, selection)` for each engine.
fn engines() -> Vec<(&'static str, Selection)> {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/engine/modern.sh");
    let modern = Command::new("bash")
        .arg(&script)
        .arg("env")
        .stderr(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", script.display()))
        .and_then(|out| {
            out.status
                .success()
                .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
                .ok_or_else(|| format!("{} env failed", script.display()))
        })
        .map(|text| {
            text.lines()
                .filter_map(|l| l.strip_prefix("export ")?.split_once('='))
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
        });
    vec![("docker-20.10", Ok(Vec::new())), ("modern", modern)]
}

/// Why `docker info` gets no answer, or `None` when it does.
fn no_answer() -> Option<String> {
    match Command::new("docker")
        .args(["info", "--format", "{{.ServerVersion}}"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
    {
        Ok(status) if status.success() => None,
        Ok(status) => Some(format!("`docker info` failed ({status})")),
        Err(e) => Some(format!("cannot run docker: {e}")),
    }
}

/// Runs `tests` on each engine in turn (sequentially: the environment selects the engine)
/// and returns the process exit code.
pub fn run_on_each_engine(tests: &[EngineTest]) -> ExitCode {
    let args = Arguments::from_args();
    let mut failed = false;
    for (engine, selection) in engines() {
        for name in SELECTING {
            std::env::remove_var(name);
        }
        let unavailable = match selection {
            Ok(vars) => {
                for (key, value) in vars {
                    std::env::set_var(key, value);
                }
                no_answer()
            }
            Err(reason) => Some(reason),
        };
        let required = engine_required();
        if let Some(reason) = &unavailable {
            eprintln!(
                "ENGINE TESTS {} on {engine}: {reason}{}",
                if required { "FAIL" } else { "SKIPPED" },
                if engine == "modern" {
                    " (start it: scripts/engine/modern.sh start)"
                } else {
                    ""
                }
            );
        }
        let trials = tests
            .iter()
            .map(|(name, body)| {
                let body = *body;
                let why = unavailable.clone();
                Trial::test(format!("{engine}::{name}"), move || match why {
                    Some(reason) => Err(format!(
                        "{reason} (CI=true or DOCKER_DSL_REQUIRE_ENGINE=1: engine tests may not skip)"
                    )
                    .into()),
                    None => body(),
                })
                .with_ignored_flag(unavailable.is_some() && !required)
            })
            .collect();
        failed |= libtest_mimic::run(&args, trials).has_failed();
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
