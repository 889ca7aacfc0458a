//! Builds tiny Dockerfiles on the machine's real Docker engine through `engine`'s API.
//!
//! Skips, with one loud line, only when `docker info` gets no answer; any other failure
//! is a failure. Images are tagged uniquely and removed afterwards.

mod common;

use common::{docker_stdout, engine_or_skip, request, unique_tag, Image};
use engine::run_build;

#[test]
fn probe_reports_a_usable_engine() {
    let Some(info) = engine_or_skip() else {
        return;
    };
    assert!(!info.server_version.is_empty());
    assert!(info.buildx.is_some() || info.classic_buildkit, "{info}");
    eprintln!("{info}");
}

#[test]
fn builds_from_scratch_and_reports_failures() {
    let Some(info) = engine_or_skip() else {
        return;
    };
    let context = tempfile::tempdir().expect("tempdir");
    std::fs::write(context.path().join("hello.txt"), "hello\n").expect("write");
    let image = Image(unique_tag("scratch"));
    let dockerfile = "FROM scratch\nCOPY hello.txt /hello.txt\nLABEL org.docker-dsl.test=engine\n";
    let code = run_build(&info, &request(dockerfile, context.path(), &image.0)).expect("starts");
    assert_eq!(code, 0);
    let label = docker_stdout(&[
        "image",
        "inspect",
        "--format",
        "{{index .Config.Labels \"org.docker-dsl.test\"}}",
        &image.0,
    ]);
    assert_eq!(label.trim(), "engine");

    let broken = "FROM scratch\nCOPY missing.txt /missing.txt\n";
    let code = run_build(
        &info,
        &request(broken, context.path(), &unique_tag("broken")),
    )
    .expect("starts");
    assert_ne!(code, 0, "a build of a missing file fails");
}
