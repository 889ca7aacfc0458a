//! The builder's BuildKit version and the level of the Dockerfile frontend built into it:
//! what `docker-dsl build --frontend auto` renders for, with no `# syntax=` line, so that
//! nothing has to be pulled.
//!
//! The BuildKit version comes from `docker buildx inspect [BUILDER]`. Distribution builds
//! of dockerd (Debian's `docker.io`) report `v0.0.0+unknown` there, and a client without
//! buildx cannot ask at all; then the version is the one the Docker engine release vendors
//! ([`ENGINE_BUILDKIT`], from moby's `vendor.mod`). BuildKit 0.N carries the Dockerfile
//! frontend 1.(N-6), from BuildKit 0.8 / Dockerfile 1.2 on.

use std::fmt;
use std::path::Path;
use std::time::Duration;

use crate::error::EngineError;
use crate::exec::capture;
use crate::info::{BuildMode, EngineInfo};

/// How long one `buildx inspect` or `docker --context … version` may take.
const INSPECT_LIMIT: Duration = Duration::from_secs(20);

/// BuildKit minor version (0.N) vendored by each Docker engine release, `major.minor`.
const ENGINE_BUILDKIT: &[((u32, u32), u32)] = &[
    ((20, 10), 8),
    ((23, 0), 10),
    ((24, 0), 11),
    ((25, 0), 12),
    ((26, 0), 13),
    ((26, 1), 13),
    ((27, 0), 14),
    ((27, 1), 15),
    ((27, 2), 15),
    ((27, 3), 16),
    ((27, 4), 17),
    ((27, 5), 18),
    ((28, 0), 20),
    ((28, 1), 21),
    ((28, 2), 22),
    ((28, 3), 23),
    ((28, 4), 24),
    ((28, 5), 25),
];

/// The oldest BuildKit whose built-in frontend has `RUN --mount` (Dockerfile 1.2).
const OLDEST_BUILDKIT_MINOR: u32 = 8;

/// Where the BuildKit version was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionSource {
    /// `docker buildx inspect` reported it.
    BuildxInspect,
    /// The Docker engine of that version vendors it.
    DockerEngine(String),
}

/// The BuildKit a build runs on and its built-in Dockerfile frontend level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltinFrontend {
    /// BuildKit's minor version: BuildKit 0.`buildkit_minor`.
    pub buildkit_minor: u32,
    /// Where that version was read.
    pub source: VersionSource,
}

impl BuiltinFrontend {
    /// The Dockerfile frontend level, `1.N`, e.g. `1.2` for BuildKit 0.8.
    pub fn level(&self) -> String {
        format!("1.{}", self.buildkit_minor - 6)
    }
}

impl fmt::Display for BuiltinFrontend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "built-in Dockerfile frontend {} (BuildKit 0.{}",
            self.level(),
            self.buildkit_minor
        )?;
        match &self.source {
            VersionSource::BuildxInspect => f.write_str(", from buildx inspect)"),
            VersionSource::DockerEngine(v) => write!(f, " as vendored by Docker {v})"),
        }
    }
}

/// Finds the BuildKit version and built-in frontend level of `builder` (`None`: the
/// client's default builder) on `info`'s engine.
///
/// # Errors
///
/// [`EngineError::BuilderNeedsBuildx`] for a builder other than `default` without buildx,
/// [`EngineError::BuilderUnknown`] when `buildx inspect` refuses the builder, and
/// [`EngineError::FrontendUnknown`] when neither BuildKit nor the engine version says
/// which frontend is built in.
pub fn builtin_frontend(
    info: &EngineInfo,
    builder: Option<&str>,
) -> Result<BuiltinFrontend, EngineError> {
    let mut engine_version = info.server_version.clone();
    if info.mode == BuildMode::Buildx {
        let inspected = inspect(&info.client, builder)?;
        if let Some(minor) = inspected.buildkit_minor {
            return from_minor(minor, VersionSource::BuildxInspect, &engine_version);
        }
        if let Some(endpoint) = inspected.docker_endpoint.filter(|_| builder.is_some()) {
            engine_version = context_server_version(&info.client, &endpoint)?;
        }
    } else if let Some(other) = builder.filter(|b| *b != "default") {
        return Err(EngineError::BuilderNeedsBuildx {
            builder: other.to_owned(),
        });
    }
    let minor =
        engine_buildkit_minor(&engine_version).ok_or_else(|| EngineError::FrontendUnknown {
            engine: engine_version.clone(),
            reason: "docker-dsl does not know which BuildKit this Docker release vendors"
                .to_owned(),
        })?;
    from_minor(
        minor,
        VersionSource::DockerEngine(engine_version.clone()),
        &engine_version,
    )
}

/// The docker context a buildx `builder` of the `docker` driver runs in, which the client
/// must be switched to (`docker --context NAME buildx build --builder NAME`); `None` for
/// other drivers and without buildx.
///
/// # Errors
///
/// [`EngineError::BuilderUnknown`] when `buildx inspect` refuses the builder.
pub fn builder_context(info: &EngineInfo, builder: &str) -> Result<Option<String>, EngineError> {
    if info.mode != BuildMode::Buildx {
        return Ok(None);
    }
    Ok(inspect(&info.client, Some(builder))?.docker_endpoint)
}

fn from_minor(
    minor: u32,
    source: VersionSource,
    engine: &str,
) -> Result<BuiltinFrontend, EngineError> {
    if minor < OLDEST_BUILDKIT_MINOR {
        return Err(EngineError::FrontendUnknown {
            engine: engine.to_owned(),
            reason: format!(
                "its BuildKit 0.{minor} predates RUN --mount (BuildKit 0.8, Docker 20.10)"
            ),
        });
    }
    Ok(BuiltinFrontend {
        buildkit_minor: minor,
        source,
    })
}

/// What `docker buildx inspect` says about a builder.
#[derive(Debug, Default, PartialEq, Eq)]
struct Inspected {
    /// 0.N from `BuildKit version: v0.N.x`; `None` for `v0.0.0+unknown` or no line.
    buildkit_minor: Option<u32>,
    /// The node's endpoint when the builder uses the `docker` driver (a context name).
    docker_endpoint: Option<String>,
}

fn inspect(client: &Path, builder: Option<&str>) -> Result<Inspected, EngineError> {
    let mut args = vec!["buildx", "inspect"];
    args.extend(builder);
    let name = builder.unwrap_or("default").to_owned();
    let out =
        capture(client, &args, &[], INSPECT_LIMIT).map_err(|e| EngineError::BuilderUnknown {
            builder: name.clone(),
            reason: e.to_string(),
        })?;
    if !out.success() {
        return Err(EngineError::BuilderUnknown {
            builder: name,
            reason: out.reason(),
        });
    }
    Ok(parse_inspect(&out.stdout))
}

fn parse_inspect(text: &str) -> Inspected {
    let field = |name: &str| {
        text.lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(key, _)| key.trim() == name)
            .map(|(_, value)| value.trim().to_owned())
    };
    let buildkit_minor = field("BuildKit version").and_then(|v| {
        let mut parts = v.trim_start_matches('v').split(['.', '+', '-']);
        let major: u32 = parts.next()?.parse().ok()?;
        let minor: u32 = parts.next()?.parse().ok()?;
        (major == 0 && minor > 0).then_some(minor)
    });
    let docker_endpoint = (field("Driver").as_deref() == Some("docker"))
        .then(|| field("Endpoint"))
        .flatten();
    Inspected {
        buildkit_minor,
        docker_endpoint,
    }
}

fn context_server_version(client: &Path, context: &str) -> Result<String, EngineError> {
    let out = capture(
        client,
        &[
            "--context",
            context,
            "version",
            "--format",
            "{{.Server.Version}}",
        ],
        &[],
        INSPECT_LIMIT,
    )
    .map_err(|e| EngineError::BuilderUnknown {
        builder: context.to_owned(),
        reason: e.to_string(),
    })?;
    let version = out.stdout.trim();
    if !out.success() || version.is_empty() {
        return Err(EngineError::BuilderUnknown {
            builder: context.to_owned(),
            reason: out.reason(),
        });
    }
    Ok(version.to_owned())
}

/// The BuildKit minor version a Docker engine release vendors, from its version string
/// (`28.5.2+dfsg4`, `20.10.24+dfsg1`).
fn engine_buildkit_minor(server_version: &str) -> Option<u32> {
    let mut parts = server_version.split(['.', '+', '-']);
    let major: u32 = parts.next()?.parse().ok()?;
    let minor: u32 = parts.next()?.parse().ok()?;
    ENGINE_BUILDKIT
        .iter()
        .find(|(release, _)| *release == (major, minor))
        .map(|(_, buildkit)| *buildkit)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEBIAN_28: &str = "Name:          default\nDriver:        docker\n\nNodes:\nName:             default\nEndpoint:         default\nStatus:           running\nBuildKit version: v0.0.0+unknown\n";

    #[test]
    fn distribution_builds_report_no_buildkit_version() {
        let found = parse_inspect(DEBIAN_28);
        assert_eq!(found.buildkit_minor, None);
        assert_eq!(found.docker_endpoint.as_deref(), Some("default"));
    }

    #[test]
    fn a_real_buildkit_version_is_read() {
        let text = DEBIAN_28.replace("v0.0.0+unknown", "v0.8+unknown");
        assert_eq!(parse_inspect(&text).buildkit_minor, Some(8));
        let text = DEBIAN_28
            .replace("v0.0.0+unknown", "v0.25.1")
            .replace("docker\n", "docker-container\n");
        let found = parse_inspect(&text);
        assert_eq!(found.buildkit_minor, Some(25));
        assert_eq!(found.docker_endpoint, None);
    }

    #[test]
    fn engine_versions_map_to_frontend_levels() {
        let level = |v: &str| {
            engine_buildkit_minor(v).map(|m| {
                BuiltinFrontend {
                    buildkit_minor: m,
                    source: VersionSource::BuildxInspect,
                }
                .level()
            })
        };
        assert_eq!(level("20.10.24+dfsg1").as_deref(), Some("1.2"));
        assert_eq!(level("28.5.2+dfsg4").as_deref(), Some("1.19"));
        assert_eq!(level("23.0.6").as_deref(), Some("1.4"));
        assert_eq!(level("19.03.1"), None);
        assert_eq!(level("not a version"), None);
    }

    #[test]
    fn a_buildkit_without_run_mount_is_refused() {
        let err = from_minor(6, VersionSource::BuildxInspect, "19.03").expect_err("too old");
        assert!(err.to_string().contains("predates RUN --mount"), "{err}");
    }
}
