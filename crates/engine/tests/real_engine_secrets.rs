//! A secret build on the real engine, by file and by environment variable.
//!
//! Its own test binary because it sets an environment variable for the docker client,
//! which is only sound while no other test thread runs.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{docker_stdout, engine_or_skip, request, unique_tag, Image, BASE_IMAGE};
use engine::run_build;

#[test]
fn secrets_reach_the_run_by_file_and_by_env_but_not_the_image() {
    let Some(info) = engine_or_skip() else {
        return;
    };
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
        "id=tok,env=DOCKER_DSL_ENGINE_TEST_TOKEN"
            .parse()
            .expect("valid"),
    ];
    // The variable is read by the docker client; the child inherits this process's env.
    std::env::set_var("DOCKER_DSL_ENGINE_TEST_TOKEN", "env-secret-9c1d");
    let code = run_build(&info, &req).expect("starts");
    assert_eq!(code, 0);
    let proof = docker_stdout(&["run", "--rm", &image.0, "cat", "/proof"]);
    // "file-secret-7f3a\n" is 17 bytes, "env-secret-9c1d" 15.
    assert_eq!(proof.trim(), "32");
    let history = docker_stdout(&["history", "--no-trunc", &image.0]);
    assert!(!history.contains("file-secret-7f3a") && !history.contains("env-secret-9c1d"));
}
