//! Builds tiny Dockerfiles through `engine`'s API on each real engine: the system's
//! Docker 20.10 and the modern engine of scripts/engine/modern.sh.
//!
//! A custom harness (libtest-mimic): an engine that does not answer `docker info` has its
//! tests reported as ignored after one loud line, or failed under CI=true or
//! DOCKER_DSL_REQUIRE_ENGINE=1. Images are tagged uniquely and removed afterwards.

mod common;

use std::path::PathBuf;
use std::process::{Command, ExitCode};

use common::engines::{run_on_each_engine, EngineTest};
use common::{docker_stdout, engine, request, unique_tag, Image, BASE_IMAGE};
use engine::{builtin_frontend, run_build, BuildMode};
use libtest_mimic::Failed;

/// The variable the secret test's `env=` secret is read from by the docker client.
const TOKEN_VARIABLE: &str = "DOCKER_DSL_ENGINE_TEST_TOKEN";

fn main() -> ExitCode {
    // Set before any test thread starts; the docker client inherits it.
    std::env::set_var(TOKEN_VARIABLE, "env-secret-9c1d");
    let tests: [EngineTest; 4] = [
        (
            "probe_reports_a_usable_engine",
            probe_reports_a_usable_engine,
        ),
        (
            "builtin_frontend_matches_the_engine",
            builtin_frontend_matches_the_engine,
        ),
        (
            "builds_from_scratch_and_reports_failures",
            builds_from_scratch_and_reports_failures,
        ),
        (
            "secrets_reach_the_run_by_file_and_by_env_but_not_the_image",
            secrets_reach_the_run_by_file_and_by_env_but_not_the_image,
        ),
    ];
    run_on_each_engine(&tests)
}

fn probe_reports_a_usable_engine() -> Result<(), Failed> {
    let info = engine();
    assert!(!info.server_version.is_empty());
    assert!(info.buildx.is_some() || info.classic_buildkit, "{info}");
    Ok(())
}

/// `--frontend auto`'s probe: Docker 20.10 has the 1.2 frontend built in (through
/// buildx's `v0.8+unknown` or, without buildx, the engine version); Debian's dockerd 28.5
/// reports `v0.0.0+unknown`, so its level comes from the BuildKit it vendors (0.25).
fn builtin_frontend_matches_the_engine() -> Result<(), Failed> {
    let info = engine();
    let found = builtin_frontend(&info, None).map_err(|e| e.to_string())?;
    let expected = if info.server_version.starts_with("20.10") {
        "1.2"
    } else if info.server_version.starts_with("28.5") {
        "1.19"
    } else {
        return Err(format!("no expectation for Docker {}", info.server_version).into());
    };
    assert_eq!(found.level(), expected, "{found} on {info}");
    if info.mode == BuildMode::Buildx {
        let err = builtin_frontend(&info, Some("docker-dsl-no-such-builder")).expect_err("unknown");
        assert!(err.to_string().contains("no builder"), "{err}");
    }
    Ok(())
}

fn builds_from_scratch_and_reports_failures() -> Result<(), Failed> {
    let info = engine();
    let context = tempfile::tempdir().expect("tempdir");
    std::fs::write(context.path().join("hello.txt"), "hello\n").expect("write");
    let image = Image(unique_tag("scratch"));
    let dockerfile = "FROM scratch\nCOPY hello.txt /hello.txt\nLABEL org.docker-dsl.test=engine\n";
    let outcome = run_build(&info, &request(dockerfile, context.path(), &image.0)).expect("starts");
    assert_eq!(outcome.code, 0);
    let label = docker_stdout(&[
        "image",
        "inspect",
        "--format",
        "{{index .Config.Labels \"org.docker-dsl.test\"}}",
        &image.0,
    ]);
    assert_eq!(label.trim(), "engine");

    let broken = "FROM scratch\nCOPY missing.txt /missing.txt\n";
    let outcome = run_build(
        &info,
        &request(broken, context.path(), &unique_tag("broken")),
    )
    .expect("starts");
    assert_ne!(outcome.code, 0, "a build of a missing file fails");
    Ok(())
}

fn secrets_reach_the_run_by_file_and_by_env_but_not_the_image() -> Result<(), Failed> {
    let info = engine();
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/engine/make-base-image.sh");
    let made = Command::new("bash")
        .arg(&script)
        .arg(BASE_IMAGE)
        .status()
        .expect("bash runs");
    assert!(made.success(), "{} failed", script.display());

    let work = tempfile::tempdir().expect("tempdir");
    let context = work.path().join("ctx");
    std::fs::create_dir(&context).expect("mkdir");
    let secret_file = work.path().join("db.txt");
    std::fs::write(&secret_file, "file-secret-7f3a\n").expect("write");

    let dockerfile = format!(
        "FROM {BASE_IMAGE}\n\
         RUN --mount=type=secret,id=db,required=true --mount=type=secret,id=tok,required=true \\\n  \
         cat /run/secrets/db /run/secrets/tok | wc -c > /proof\n"
    );
    let image = Image(unique_tag("secret"));
    let mut req = request(&dockerfile, &context, &image.0);
    // A secret's value is not part of BuildKit's cache key: make the RUN really run.
    req.extra_args.push("--no-cache".to_owned());
    req.secrets = vec![
        format!("id=db,src={}", secret_file.display())
            .parse()
            .expect("valid"),
        format!("id=tok,env={TOKEN_VARIABLE}")
            .parse()
            .expect("valid"),
    ];
    let outcome = run_build(&info, &req).expect("starts");
    assert_eq!(outcome.code, 0);
    let proof = docker_stdout(&["run", "--rm", &image.0, "cat", "/proof"]);
    // "file-secret-7f3a\n" is 17 bytes, "env-secret-9c1d" 15.
    assert_eq!(proof.trim(), "32");
    let history = docker_stdout(&["history", "--no-trunc", &image.0]);
    assert!(!history.contains("file-secret-7f3a") && !history.contains("env-secret-9c1d"));
    Ok(())
}
