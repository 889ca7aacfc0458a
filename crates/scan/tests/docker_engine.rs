//! End to end with a real engine: `docker import` a tarball holding a secret, then scan the
//! `docker save` stream of the image. Skipped, with the reason printed, without an engine.

mod support;

use std::io::Write;
use std::process::{Command, Stdio};

use scan::{FoundIn, NoProgress, Secret, Verifier};
use support::Layer;

const SECRET: &[u8] = b"engine-test-secret-7f3a9c";

fn docker_available() -> Result<(), String> {
    match Command::new("docker")
        .args(["info", "--format", "{{.ServerVersion}}"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
    {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("`docker info` failed ({status})")),
        Err(e) => Err(format!("cannot run docker: {e}")),
    }
}

#[test]
fn a_secret_in_an_imported_image_is_found_in_docker_save() {
    if let Err(reason) = docker_available() {
        eprintln!("skipped: no Docker engine: {reason}");
        return;
    }
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
}
