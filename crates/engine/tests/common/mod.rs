//! Helpers shared by the real-engine tests: skip logic, unique tags, image cleanup.
#![allow(dead_code)] // each test binary uses a different subset

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Once;
use std::time::{SystemTime, UNIX_EPOCH};

use engine::{probe, BuildRequest, EngineInfo};

/// The local base image made by scripts/engine/make-base-image.sh.
pub const BASE_IMAGE: &str = "docker-dsl-test/busybox:1";

/// The probed engine, or `None` (after one loud line) when `docker info` fails.
pub fn engine_or_skip() -> Option<EngineInfo> {
    let answers = Command::new("docker")
        .arg("info")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !answers {
        // Written to the real stderr (not eprintln!, which the test harness captures),
        // once per test binary.
        static LOUD: Once = Once::new();
        LOUD.call_once(|| {
            let _ = writeln!(
                std::io::stderr(),
                "ENGINE TESTS SKIPPED: no Docker engine answers `docker info` on this machine"
            );
        });
        return None;
    }
    match probe() {
        Ok(info) => Some(info),
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
