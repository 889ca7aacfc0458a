//! Helpers shared by the real-engine tests: one run per engine, unique tags, image cleanup.

pub mod engines;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use engine::{probe, BuildRequest, EngineInfo};

/// The local base image made by scripts/engine/make-base-image.sh.
pub const BASE_IMAGE: &str = "docker-dsl-test/busybox:1";

/// The probed engine the environment selects; every test calls it first.
pub fn engine() -> EngineInfo {
    match probe() {
        Ok(info) => info,
        Err(e) => panic!("`docker info` answers but the probe failed: {e}"),
    }
}

/// A tag unique to this process and moment.
pub fn unique_tag(name: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "docker-dsl-engine-test/{name}:{}-{nanos}",
        std::process::id()
    )
}

/// An image tag, removed when dropped, so a failed assertion leaves nothing behind.
pub struct Image(pub String);

impl Drop for Image {
    fn drop(&mut self) {
        let _ = Command::new("docker")
            .args(["rmi", "-f", &self.0])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// Runs a docker command that must succeed; returns its stdout.
pub fn docker_stdout(args: &[&str]) -> String {
    let out = Command::new("docker")
        .args(args)
        .output()
        .expect("docker runs");
    assert!(
        out.status.success(),
        "docker {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A quiet build request of `dockerfile` in `context`, tagged `tag`.
pub fn request(dockerfile: &str, context: &Path, tag: &str) -> BuildRequest {
    let mut req = BuildRequest::new(dockerfile, context);
    req.tags = vec![tag.to_owned()];
    // The image id only: the test log stays readable.
    req.extra_args = vec!["--quiet".to_owned()];
    req
}
