//! HTTP requests to a registry, with its authentication.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::sync::Mutex;
use std::time::Duration;

use sha2::{Digest as _, Sha256};

use crate::auth::{stored_credentials, Challenge};
use crate::error::RegistryError;
use crate::manifest::{
    config_platform, index_platforms, Fetched, ImageManifest, Resolution, ACCEPT,
};
use crate::reference::ImageRef;

/// The largest manifest or config read into memory.
const MAX_DOCUMENT: u64 = 8 << 20;

/// A manifest as fetched: its digest, media type, bytes and content.
struct FetchedManifest {
    digest: String,
    media_type: String,
    body: Vec<u8>,
    content: Fetched,
}

/// One platform's image manifest as the registry holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteManifest {
    /// Its digest.
    pub digest: String,
    /// Its media type (the response's `Content-Type`).
    pub media_type: String,
    /// Its exact bytes.
    pub body: Vec<u8>,
    /// Its config and layers.
    pub manifest: ImageManifest,
}

/// A registry client; remembers the `Authorization` each repository needs.
pub struct Client {
    agent: ureq::Agent,
    authorizations: Mutex<HashMap<String, String>>,
}

impl Default for Client {
    fn default() -> Self {
        Self::new()
    }
}

impl Client {
    /// A client with a 30 s connect and a 5 min read time limit.
    pub fn new() -> Client {
        Client {
            agent: ureq::AgentBuilder::new()
                .timeout_connect(Duration::from_secs(30))
                .timeout_read(Duration::from_secs(300))
                .build(),
            authorizations: Mutex::new(HashMap::new()),
        }
    }

    /// Resolves `image` to the digest that pins it and, per platform, the
    /// digest of that platform's image manifest: the `platforms` asked for
    /// (each must exist), or all of them when none is asked for.
    pub fn resolve(
        &self,
        image: &ImageRef,
        platforms: &[String],
    ) -> Result<Resolution, RegistryError> {
        let FetchedManifest {
            digest, content, ..
        } = self.manifest(image, image.reference())?;
        let (is_index, available) = match content {
            Fetched::Index(entries) => (true, index_platforms(&entries)),
            Fetched::Image(manifest) => {
                let config =
                    self.document(image, &format!("blobs/{}", manifest.config.digest), None)?;
                let platform = config_platform(&image.to_string(), &config)?;
                (false, BTreeMap::from([(platform, digest.clone())]))
            }
        };
        let platforms = if platforms.is_empty() {
            available
        } else {
            platforms
                .iter()
                .map(|p| Ok((p.clone(), pick(image, &available, p)?.to_owned())))
                .collect::<Result<_, RegistryError>>()?
        };
        Ok(Resolution {
            digest,
            is_index,
            platforms,
        })
    }

    /// The image manifest of `image` for `platform` (through its index when
    /// it has one), with its digest and exact bytes.
    pub fn image_manifest(
        &self,
        image: &ImageRef,
        platform: &str,
    ) -> Result<RemoteManifest, RegistryError> {
        let top = self.manifest(image, image.reference())?;
        let chosen = match &top.content {
            Fetched::Image(_) => top,
            Fetched::Index(entries) => {
                let digest = pick(image, &index_platforms(entries), platform)?.to_owned();
                self.manifest(image, &digest)?
            }
        };
        match chosen.content {
            Fetched::Image(manifest) => Ok(RemoteManifest {
                digest: chosen.digest,
                media_type: chosen.media_type,
                body: chosen.body,
                manifest,
            }),
            Fetched::Index(_) => Err(RegistryError::BadManifest {
                image: image.to_string(),
                problem: format!("the {platform} entry is another index"),
            }),
        }
    }

    /// A blob's bytes as a stream; reading past its end fails when they do
    /// not have `digest`.
    pub fn blob(
        &self,
        image: &ImageRef,
        digest: &str,
    ) -> Result<Box<dyn Read + Send>, RegistryError> {
        let url = format!("{}/blobs/{digest}", image.api_base());
        let response = self.get(image, &url, None)?;
        Ok(Box::new(Verified {
            inner: response.into_reader(),
            hasher: Sha256::new(),
            expected: digest.to_owned(),
        }))
    }

    /// Fetches a manifest by tag or digest.
    fn manifest(
        &self,
        image: &ImageRef,
        reference: &str,
    ) -> Result<FetchedManifest, RegistryError> {
        let url = format!("{}/manifests/{reference}", image.api_base());
        let response = self.get(image, &url, Some(ACCEPT))?;
        let content_type = response.content_type().to_owned();
        let body = read_limited(&url, response)?;
        let digest = sha256_digest(&body);
        if reference.starts_with("sha256:") && reference != digest {
            return Err(RegistryError::DigestMismatch {
                image: image.to_string(),
                expected: reference.to_owned(),
                actual: digest,
            });
        }
        let content = Fetched::parse(&image.to_string(), &content_type, &body)?;
        Ok(FetchedManifest {
            digest,
            media_type: content_type,
            body,
            content,
        })
    }

    /// A small document (`blobs/DIGEST`, `manifests/REF`) read whole.
    fn document(
        &self,
        image: &ImageRef,
        path: &str,
        accept: Option<&str>,
    ) -> Result<Vec<u8>, RegistryError> {
        let url = format!("{}/{path}", image.api_base());
        let response = self.get(image, &url, accept)?;
        read_limited(&url, response)
    }

    /// GET `url`, answering a `401` with the registry's auth flow once.
    fn get(
        &self,
        image: &ImageRef,
        url: &str,
        accept: Option<&str>,
    ) -> Result<ureq::Response, RegistryError> {
        let key = format!("{}/{}", image.registry, image.repository);
        let send = |authorization: Option<&str>| {
            let mut request = self.agent.get(url);
            if let Some(accept) = accept {
                request = request.set("Accept", accept);
            }
            if let Some(authorization) = authorization {
                request = request.set("Authorization", authorization);
            }
            request.call().map_err(Box::new)
        };
        let known = self
            .authorizations
            .lock()
            .ok()
            .and_then(|map| map.get(&key).cloned());
        let error = match send(known.as_deref()) {
            Ok(response) => return Ok(response),
            Err(error) => *error,
        };
        match error {
            ureq::Error::Status(401, response) => {
                let challenge = response
                    .header("WWW-Authenticate")
                    .and_then(Challenge::parse)
                    .ok_or_else(|| RegistryError::Auth {
                        registry: image.registry.clone(),
                        problem: "it answered 401 without a Bearer or Basic challenge".to_owned(),
                    })?;
                let authorization = self.authorize(image, challenge)?;
                if let Ok(mut map) = self.authorizations.lock() {
                    map.insert(key, authorization.clone());
                }
                send(Some(&authorization)).map_err(|e| http_error(url, *e))
            }
            other => Err(http_error(url, other)),
        }
    }

    /// The `Authorization` value a challenge asks for.
    fn authorize(&self, image: &ImageRef, challenge: Challenge) -> Result<String, RegistryError> {
        let credentials = stored_credentials(&image.registry);
        let auth_error = |problem: String| RegistryError::Auth {
            registry: image.registry.clone(),
            problem,
        };
        match challenge {
            Challenge::Basic => credentials.map(|c| format!("Basic {c}")).ok_or_else(|| {
                auth_error(format!(
                    "it asks for a user name and password, and none is stored: run `docker login {}`",
                    image.registry
                ))
            }),
            Challenge::Bearer { realm, service, scope } => {
                let scope = scope.unwrap_or_else(|| format!("repository:{}:pull", image.repository));
                let mut request = self.agent.get(&realm).query("scope", &scope);
                if let Some(service) = &service {
                    request = request.query("service", service);
                }
                if let Some(credentials) = &credentials {
                    request = request.set("Authorization", &format!("Basic {credentials}"));
                }
                let response = request
                    .call()
                    .map_err(|e| auth_error(format!("the token service refused: {}", http_error(&realm, e))))?;
                let body = read_limited(&realm, response)?;
                let reply: serde_json::Value = serde_json::from_slice(&body)
                    .map_err(|e| auth_error(format!("the token service {realm} sent no JSON: {e}")))?;
                let token = ["token", "access_token"]
                    .iter()
                    .find_map(|key| reply.get(*key)?.as_str())
                    .ok_or_else(|| auth_error(format!("the token service {realm} sent no token")))?;
                Ok(format!("Bearer {token}"))
            }
        }
    }
}

/// The entry for `platform`: exact, else the only one of the same OS and
/// architecture (`linux/arm64` finds `linux/arm64/v8`).
fn pick<'a>(
    image: &ImageRef,
    available: &'a BTreeMap<String, String>,
    platform: &str,
) -> Result<&'a str, RegistryError> {
    if let Some(digest) = available.get(platform) {
        return Ok(digest);
    }
    let prefix = format!("{platform}/");
    let mut close = available.iter().filter(|(p, _)| p.starts_with(&prefix));
    match (close.next(), close.next()) {
        (Some((_, digest)), None) => Ok(digest),
        _ => Err(RegistryError::NoPlatform {
            image: image.to_string(),
            platform: platform.to_owned(),
            available: available.keys().cloned().collect::<Vec<_>>().join(", "),
        }),
    }
}

fn http_error(url: &str, error: ureq::Error) -> RegistryError {
    match error {
        ureq::Error::Status(status, response) => {
            let mut detail = String::new();
            let _ = response.into_reader().take(300).read_to_string(&mut detail);
            RegistryError::Status {
                url: url.to_owned(),
                status,
                detail: detail.trim().to_owned(),
            }
        }
        ureq::Error::Transport(transport) => RegistryError::Transport {
            url: url.to_owned(),
            message: transport.to_string(),
        },
    }
}

fn read_limited(url: &str, response: ureq::Response) -> Result<Vec<u8>, RegistryError> {
    let mut body = Vec::new();
    response
        .into_reader()
        .take(MAX_DOCUMENT)
        .read_to_end(&mut body)
        .map_err(|e| RegistryError::Transport {
            url: url.to_owned(),
            message: e.to_string(),
        })?;
    Ok(body)
}

fn sha256_digest(bytes: &[u8]) -> String {
    hex_digest(Sha256::digest(bytes).as_slice())
}

fn hex_digest(hash: &[u8]) -> String {
    let mut text = String::from("sha256:");
    for byte in hash {
        text.push_str(&format!("{byte:02x}"));
    }
    text
}

/// A blob stream that checks its digest at the end.
struct Verified<R> {
    inner: R,
    hasher: Sha256,
    expected: String,
}

impl<R: Read> Read for Verified<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        if read == 0 {
            let actual = hex_digest(self.hasher.clone().finalize().as_slice());
            if actual != self.expected {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("blob {} arrived with digest {actual}", self.expected),
                ));
            }
        }
        self.hasher.update(buf.get(..read).unwrap_or_default());
        Ok(read)
    }
}
