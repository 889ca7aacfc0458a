//! Finding a docker client that can run BuildKit builds against the local engine.

use std::env;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::EngineError;
use crate::exec::capture;
use crate::info::{BuildMode, EngineInfo};

/// Environment variable naming the one docker client to use, instead of searching.
pub const CLIENT_ENV: &str = "DOCKER_DSL_DOCKER";

/// Clients tried, in order, when [`CLIENT_ENV`] is not set: `docker` on `PATH`, then the
/// places Debian's `docker.io` and Docker's static tarballs install it.
const DEFAULT_CLIENTS: &[&str] = &["docker", "/usr/bin/docker", "/usr/local/bin/docker"];

/// How long one `docker version`, `buildx version` or `build --help` may take.
const PROBE_LIMIT: Duration = Duration::from_secs(20);

/// Finds the docker client and build mode to use on this machine.
///
/// Asks each candidate client (`$DOCKER_DSL_DOCKER` alone when set, otherwise `docker` on
/// `PATH`, `/usr/bin/docker`, `/usr/local/bin/docker`) for the server version, whether
/// `docker buildx` works, and whether `DOCKER_BUILDKIT=1 docker build` runs BuildKit.
/// The first client with buildx wins; otherwise the first with classic BuildKit.
///
/// # Errors
///
/// [`EngineError::NoClient`] when no candidate exists, [`EngineError::Unreachable`] with
/// the client's one-line reason when no engine answers, [`EngineError::NoBuildKit`] when
/// the engine answers but no client can run BuildKit.
pub fn probe() -> Result<EngineInfo, EngineError> {
    let candidates: Vec<PathBuf> = match env::var_os(CLIENT_ENV) {
        Some(one) if !one.is_empty() => vec![PathBuf::from(one)],
        _ => DEFAULT_CLIENTS.iter().map(PathBuf::from).collect(),
    };
    probe_clients(&candidates)
}

/// [`probe`] over an explicit list of candidate client binaries, in order of preference.
///
/// # Errors
///
/// As [`probe`].
pub fn probe_clients(candidates: &[PathBuf]) -> Result<EngineInfo, EngineError> {
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut facts: Vec<ClientFacts> = Vec::new();
    for candidate in candidates {
        let Some(resolved) = resolve(candidate) else {
            continue;
        };
        let identity = resolved.canonicalize().unwrap_or_else(|_| resolved.clone());
        if seen.contains(&identity) {
            continue;
        }
        seen.push(identity);
        let found = ClientFacts::gather(&resolved);
        let has_buildx = found.buildx.is_some();
        facts.push(found);
        if has_buildx {
            break;
        }
    }
    choose(candidates, facts)
}

/// What one client reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ClientFacts {
    pub(crate) client: PathBuf,
    pub(crate) client_version: String,
    /// `Ok(server version)`, or `Err(the client's one-line reason)`.
    pub(crate) server: Result<String, String>,
    pub(crate) buildx: Option<String>,
    pub(crate) classic_buildkit: bool,
}

impl ClientFacts {
    fn gather(client: &Path) -> ClientFacts {
        let mut facts = ClientFacts {
            client: client.to_path_buf(),
            client_version: String::new(),
            server: Err("not asked".to_owned()),
            buildx: None,
            classic_buildkit: false,
        };
        let version = capture(
            client,
            &[
                "version",
                "--format",
                "{{.Client.Version}}|{{.Server.Version}}",
            ],
            &[],
            PROBE_LIMIT,
        );
        let version = match version {
            Ok(v) => v,
            Err(e) => {
                facts.server = Err(format!("cannot start it: {e}"));
                return facts;
            }
        };
        let line = version.stdout.lines().next().unwrap_or_default().trim();
        let (client_version, server_version) = line.split_once('|').unwrap_or((line, ""));
        facts.client_version = client_version.to_owned();
        if !version.success() || server_version.is_empty() {
            facts.server = Err(version.reason());
            return facts;
        }
        facts.server = Ok(server_version.to_owned());

        facts.buildx = capture(client, &["buildx", "version"], &[], PROBE_LIMIT)
            .ok()
            .filter(|c| c.success())
            .and_then(|c| c.stdout.lines().next().map(|l| l.trim().to_owned()))
            .filter(|l| !l.is_empty());

        // A pre-23 client lists --secret among `build`'s flags only when BuildKit is on;
        // a 23+ client without buildx refuses outright ("BuildKit is enabled but the buildx
        // component is missing or broken").
        facts.classic_buildkit = capture(
            client,
            &["build", "--help"],
            &[("DOCKER_BUILDKIT", "1")],
            PROBE_LIMIT,
        )
        .ok()
        .is_some_and(|c| c.success() && c.stdout.contains("--secret"));
        facts
    }
}

/// Picks the client to build with from what each candidate reported.
pub(crate) fn choose(
    candidates: &[PathBuf],
    facts: Vec<ClientFacts>,
) -> Result<EngineInfo, EngineError> {
    let Some(first) = facts.first() else {
        return Err(EngineError::NoClient {
            tried: join_paths(candidates.iter()),
        });
    };
    let answering: Vec<&ClientFacts> = facts.iter().filter(|f| f.server.is_ok()).collect();
    let Some(first_answering) = answering.first() else {
        return Err(EngineError::Unreachable {
            client: first.client.display().to_string(),
            reason: first.server.clone().err().unwrap_or_default(),
        });
    };
    let pick = |mode: BuildMode, f: &ClientFacts| EngineInfo {
        client: f.client.clone(),
        client_version: f.client_version.clone(),
        server_version: f.server.clone().unwrap_or_default(),
        buildx: f.buildx.clone(),
        classic_buildkit: f.classic_buildkit,
        mode,
    };
    if let Some(f) = answering.iter().find(|f| f.buildx.is_some()) {
        return Ok(pick(BuildMode::Buildx, f));
    }
    if let Some(f) = answering.iter().find(|f| f.classic_buildkit) {
        return Ok(pick(BuildMode::ClassicBuildKit, f));
    }
    Err(EngineError::NoBuildKit {
        server_version: first_answering.server.clone().unwrap_or_default(),
        clients: join_paths(answering.iter().map(|f| &f.client)),
    })
}

fn join_paths<'a>(paths: impl Iterator<Item = &'a PathBuf>) -> String {
    paths
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Resolves a bare program name through `PATH`; returns paths with a slash as they are,
/// when they exist.
fn resolve(candidate: &Path) -> Option<PathBuf> {
    if candidate.components().count() > 1 || candidate.is_absolute() {
        return candidate.is_file().then(|| candidate.to_path_buf());
    }
    let path = env::var_os("PATH")?;
    env::split_paths(&path)
        .map(|dir| dir.join(candidate))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(client: &str, server: Result<&str, &str>, buildx: bool, classic: bool) -> ClientFacts {
        ClientFacts {
            client: PathBuf::from(client),
            client_version: "x".to_owned(),
            server: server.map(str::to_owned).map_err(str::to_owned),
            buildx: buildx.then(|| "github.com/docker/buildx 0.13.1".to_owned()),
            classic_buildkit: classic,
        }
    }

    fn candidates() -> Vec<PathBuf> {
        vec![PathBuf::from("docker"), PathBuf::from("/usr/bin/docker")]
    }

    #[test]
    fn no_client_found() {
        let err = choose(&candidates(), vec![]).expect_err("no client");
        assert_eq!(
            err.to_string(),
            "no docker client found (tried docker, /usr/bin/docker); install Docker (Debian: apt-get install docker.io)"
        );
    }

    #[test]
    fn unreachable_daemon_gives_the_clients_reason() {
        let err = choose(
            &candidates(),
            vec![facts(
                "/usr/local/bin/docker",
                Err("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?"),
                false,
                false,
            )],
        )
        .expect_err("unreachable");
        assert!(matches!(err, EngineError::Unreachable { .. }));
        assert!(err.to_string().contains("Is the docker daemon running?"));
    }

    #[test]
    fn a_new_client_without_buildx_falls_back_to_an_old_client() {
        // The machine this crate was written on: Docker 28 client first on PATH without
        // buildx, Debian's 20.10 client in /usr/bin.
        let info = choose(
            &candidates(),
            vec![
                facts("/usr/local/bin/docker", Ok("20.10.24+dfsg1"), false, false),
                facts("/usr/bin/docker", Ok("20.10.24+dfsg1"), false, true),
            ],
        )
        .expect("classic");
        assert_eq!(info.mode, BuildMode::ClassicBuildKit);
        assert_eq!(info.client, PathBuf::from("/usr/bin/docker"));
        assert_eq!(info.server_version, "20.10.24+dfsg1");
    }

    #[test]
    fn buildx_wins_over_classic() {
        let info = choose(
            &candidates(),
            vec![
                facts("/usr/bin/docker", Ok("20.10.24"), false, true),
                facts("/usr/local/bin/docker", Ok("20.10.24"), true, false),
            ],
        )
        .expect("buildx");
        assert_eq!(info.mode, BuildMode::Buildx);
        assert_eq!(info.client, PathBuf::from("/usr/local/bin/docker"));
    }

    #[test]
    fn no_buildkit_names_the_fix() {
        let err = choose(
            &candidates(),
            vec![facts(
                "/usr/local/bin/docker",
                Ok("20.10.24+dfsg1"),
                false,
                false,
            )],
        )
        .expect_err("no buildkit");
        let text = err.to_string();
        assert!(text.contains("docker-buildx"), "{text}");
        assert!(text.contains("DOCKER_BUILDKIT=1"), "{text}");
    }

    #[test]
    fn missing_absolute_candidate_is_skipped() {
        assert_eq!(resolve(Path::new("/nonexistent/bin/docker")), None);
    }
}
