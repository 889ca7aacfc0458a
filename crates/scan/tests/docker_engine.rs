//! End to end with each real engine (Docker 20.10 and scripts/engine/modern.sh's):
//! `docker import` a tarball holding a secret, then scan the `docker save` stream of the
//! image. An engine that does not answer has its test reported as ignored, after one loud
//! line, or failed under CI=true or DOCKER_DSL_REQUIRE_ENGINE=1.

#[path = "../../engine/tests/common/engines.rs"]
mod engines;
mod support;

use std::io::Write;
use std::process::{Command, ExitCode, Stdio};

use engines::{run_on_each_engine, EngineTest};
use libtest_mimic::Failed;

use scan::{FoundIn, NoProgress, Secret, Verifier};
use support::Layer;

const SECRET: &[u8] = b"engine-test-secret-7f3a9c";

fn main() -> ExitCode {
    let tests: [EngineTest; 1] = [(
        "a_secret_in_an_imported_image_is_found_in_docker_save",
        a_secret_in_an_imported_image_is_found_in_docker_save,
    )];
    run_on_each_engine(&tests)
}

fn a_secret_in_an_imported_image_is_found_in_docker_save() -> Result<(), Failed> {
    let tag = format!("docker-dsl-scan-test:{}", std::process::id());
    let rootfs = Layer::new()
        .dir("etc/")
        .file(
            "etc/app.conf",
            &[b"token=".as_slice(), SECRET, b"\n"].concat(),
        )
        .file("etc/clean", b"nothing")
        .into_tar();
    let mut import = Command::new("docker")
        .args(["import", "--change", "ENV MODE=test", "-", &tag])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn docker import");
    import
        .stdin
        .take()
        .expect("stdin")
        .write_all(&rootfs)
        .expect("write rootfs");
    assert!(
        import.wait().expect("docker import").success(),
        "docker import failed"
    );

    let mut save = Command::new("docker")
        .args(["save", &tag])
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn docker save");
    let stdout = save.stdout.take().expect("stdout");
    let verifier =
        Verifier::new(vec![Secret::new("app", SECRET).expect("valid")]).expect("verifier");
    let result = verifier.scan_reader(stdout, &tag, None, &NoProgress);
    let saved = save.wait().expect("docker save");
    let _ = Command::new("docker")
        .args(["rmi", "-f", &tag])
        .stdout(Stdio::null())
        .status();
    assert!(saved.success(), "docker save failed");
    let report = result.expect("scan of docker save");
    assert!(report.images.contains(&tag), "{:?}", report.images);
    let hits: Vec<_> = report
        .hits
        .iter()
        .filter(|h| h.found_in == FoundIn::FileContent)
        .collect();
    assert_eq!(hits.len(), 1, "{:?}", report.hits);
    assert_eq!(hits[0].path, "/etc/app.conf");
    assert_eq!(hits[0].offset, 6);
    assert!(hits[0].layer.starts_with("sha256:"));
    assert!(!report.is_clean());
    Ok(())
}
