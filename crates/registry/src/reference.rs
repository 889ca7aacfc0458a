//! Image references, normalised the way Docker reads them.

use crate::error::RegistryError;

/// Docker Hub's name in references.
const DOCKER_HUB: &str = "docker.io";
/// Docker Hub's API host.
const DOCKER_HUB_API: &str = "registry-1.docker.io";

/// `[registry/]repository[:tag][@digest]`, with Docker's defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// The registry host (and port), `docker.io` for Docker Hub.
    pub registry: String,
    /// The repository path, e.g. `library/alpine`.
    pub repository: String,
    /// The tag, if any (`latest` is assumed when neither tag nor digest is given).
    pub tag: Option<String>,
    /// The digest, if any (`sha256:...`).
    pub digest: Option<String>,
}

impl ImageRef {
    /// Reads a reference such as `alpine:3.19`, `127.0.0.1:5000/app/base:1`
    /// or `ghcr.io/o/r@sha256:...`.
    pub fn parse(reference: &str) -> Result<ImageRef, RegistryError> {
        let bad = |problem: &str| RegistryError::BadReference {
            reference: reference.to_owned(),
            problem: problem.to_owned(),
        };
        if reference.is_empty() || reference.contains(char::is_whitespace) {
            return Err(bad("it is empty or holds spaces"));
        }
        if reference.contains("${") || reference.starts_with('$') {
            return Err(bad("it holds a build argument, which only a build can expand; write the image name out"));
        }
        let (name, digest) = match reference.split_once('@') {
            Some((name, digest)) => {
                let valid = digest.strip_prefix("sha256:").is_some_and(|hex| {
                    hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())
                });
                if !valid {
                    return Err(bad("the digest is not sha256: and 64 hex digits"));
                }
                (name, Some(digest.to_owned()))
            }
            None => (reference, None),
        };
        let last_slash = name.rfind('/').map_or(0, |i| i + 1);
        let (path, tag) = match name[last_slash..].rfind(':') {
            Some(i) => (
                &name[..last_slash + i],
                Some(name[last_slash + i + 1..].to_owned()),
            ),
            None => (name, None),
        };
        if tag.as_deref() == Some("") {
            return Err(bad("the tag after ':' is empty"));
        }
        let (registry, repository) = match path.split_once('/') {
            Some((first, rest))
                if first.contains('.') || first.contains(':') || first == "localhost" =>
            {
                (first.to_owned(), rest.to_owned())
            }
            Some(_) => (DOCKER_HUB.to_owned(), path.to_owned()),
            None => (DOCKER_HUB.to_owned(), format!("library/{path}")),
        };
        if repository.is_empty()
            || repository
                .bytes()
                .any(|b| !(b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-/".contains(&b)))
        {
            return Err(bad(
                "the repository must be lower-case letters, digits and . _ - /",
            ));
        }
        Ok(ImageRef {
            registry,
            repository,
            tag,
            digest,
        })
    }

    /// What a manifest request names: the digest, else the tag, else `latest`.
    pub fn reference(&self) -> &str {
        self.digest
            .as_deref()
            .or(self.tag.as_deref())
            .unwrap_or("latest")
    }

    /// The API's base URL, e.g. `https://registry-1.docker.io/v2/library/alpine`;
    /// loopback registries use plain HTTP.
    pub(crate) fn api_base(&self) -> String {
        let host = if self.registry == DOCKER_HUB {
            DOCKER_HUB_API
        } else {
            &self.registry
        };
        format!("{}://{host}/v2/{}", self.scheme(), self.repository)
    }

    fn scheme(&self) -> &'static str {
        let host = self
            .registry
            .rsplit_once(':')
            .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
            .map_or(self.registry.as_str(), |(host, _)| host);
        let loopback = host == "localhost"
            || host == "[::1]"
            || host
                .parse::<std::net::Ipv4Addr>()
                .is_ok_and(|ip| ip.is_loopback());
        if loopback {
            "http"
        } else {
            "https"
        }
    }
}

impl std::fmt::Display for ImageRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.registry, self.repository)?;
        if let Some(tag) = &self.tag {
            write!(f, ":{tag}")?;
        }
        if let Some(digest) = &self.digest {
            write!(f, "@{digest}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(reference: &str) -> (String, String, Option<String>, String) {
        let r = ImageRef::parse(reference).expect(reference);
        let base = r.api_base();
        (r.registry, r.repository, r.tag, base)
    }

    #[test]
    fn docker_defaults_and_registries() {
        assert_eq!(
            parts("alpine:3.19"),
            (
                "docker.io".into(),
                "library/alpine".into(),
                Some("3.19".into()),
                "https://registry-1.docker.io/v2/library/alpine".into()
            )
        );
        assert_eq!(parts("org/app").1, "org/app");
        assert_eq!(
            parts("127.0.0.1:5000/scale/busybox:1"),
            (
                "127.0.0.1:5000".into(),
                "scale/busybox".into(),
                Some("1".into()),
                "http://127.0.0.1:5000/v2/scale/busybox".into()
            )
        );
        assert_eq!(parts("localhost/x").3, "http://localhost/v2/x");
        assert_eq!(parts("ghcr.io/o/r:v1").3, "https://ghcr.io/v2/o/r");
        let digest = format!("sha256:{}", "a".repeat(64));
        let pinned = ImageRef::parse(&format!("alpine:3.19@{digest}")).expect("pinned");
        assert_eq!(pinned.reference(), digest);
        assert_eq!(
            ImageRef::parse("alpine").expect("bare").reference(),
            "latest"
        );
    }

    #[test]
    fn bad_references_say_why() {
        for (reference, problem) in [
            ("", "empty"),
            ("Alpine", "lower-case"),
            ("alpine:", "tag after ':' is empty"),
            ("alpine@sha256:12", "64 hex digits"),
            ("${BASE}", "build argument"),
        ] {
            let err = ImageRef::parse(reference).expect_err(reference).to_string();
            assert!(err.contains(problem), "{reference}: {err}");
        }
    }
}
