//! Manifests, manifest lists (OCI indexes) and what a tag resolves to.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::error::RegistryError;

/// The manifest media types a request accepts.
pub(crate) const ACCEPT: &str = "application/vnd.oci.image.index.v1+json, \
application/vnd.docker.distribution.manifest.list.v2+json, \
application/vnd.oci.image.manifest.v1+json, \
application/vnd.docker.distribution.manifest.v2+json";

/// A content descriptor: media type, digest and size.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Descriptor {
    /// Its media type.
    #[serde(rename = "mediaType", default)]
    pub media_type: String,
    /// `sha256:...`.
    pub digest: String,
    /// Its size in bytes.
    #[serde(default)]
    pub size: u64,
    /// The platform, for entries of an index.
    #[serde(default)]
    platform: Option<Platform>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct Platform {
    architecture: String,
    os: String,
    #[serde(default)]
    variant: Option<String>,
}

impl Platform {
    fn name(&self) -> String {
        match &self.variant {
            Some(variant) if !variant.is_empty() => {
                format!("{}/{}/{variant}", self.os, self.architecture)
            }
            _ => format!("{}/{}", self.os, self.architecture),
        }
    }
}

/// One platform's image: its config and layers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ImageManifest {
    /// The config blob.
    pub config: Descriptor,
    /// The layer blobs, bottom first.
    pub layers: Vec<Descriptor>,
}

/// A manifest as fetched: which kind, and its JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fetched {
    /// A manifest list or OCI index.
    Index(Vec<Descriptor>),
    /// One image.
    Image(ImageManifest),
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "mediaType", default)]
    media_type: Option<String>,
    #[serde(default)]
    manifests: Option<Vec<Descriptor>>,
    #[serde(default)]
    config: Option<Descriptor>,
    #[serde(default)]
    layers: Option<Vec<Descriptor>>,
}

impl Fetched {
    /// Reads a manifest body (its `Content-Type` decides when the body has
    /// no `mediaType`).
    pub(crate) fn parse(
        image: &str,
        content_type: &str,
        body: &[u8],
    ) -> Result<Fetched, RegistryError> {
        let bad = |problem: String| RegistryError::BadManifest {
            image: image.to_owned(),
            problem,
        };
        let envelope: Envelope =
            serde_json::from_slice(body).map_err(|e| bad(format!("not JSON: {e}")))?;
        let kind = envelope
            .media_type
            .unwrap_or_else(|| content_type.to_owned());
        match (envelope.manifests, envelope.config, envelope.layers) {
            (Some(manifests), _, _) => Ok(Fetched::Index(manifests)),
            (None, Some(config), Some(layers)) => Ok(Fetched::Image(ImageManifest { config, layers })),
            _ => Err(bad(format!("media type {kind:?} is neither an image manifest nor an index (schema 1 manifests are not supported)"))),
        }
    }
}

/// What an image reference resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// The digest that `image@digest` pins: the index's for a multi-platform
    /// image, else the manifest's.
    pub digest: String,
    /// Whether `digest` is a manifest list / OCI index.
    pub is_index: bool,
    /// Platform (`linux/amd64`) to the digest of its image manifest.
    pub platforms: BTreeMap<String, String>,
}

/// The platform entries of an index (attestations, `unknown/unknown`, left out).
pub(crate) fn index_platforms(entries: &[Descriptor]) -> BTreeMap<String, String> {
    entries
        .iter()
        .filter_map(|e| Some((e.platform.as_ref()?.name(), e.digest.clone())))
        .filter(|(platform, _)| platform != "unknown/unknown")
        .collect()
}

/// The platform an image config describes (`os`, `architecture`, `variant`).
pub(crate) fn config_platform(image: &str, config: &[u8]) -> Result<String, RegistryError> {
    serde_json::from_slice::<Platform>(config)
        .map(|p| p.name())
        .map_err(|e| RegistryError::BadManifest {
            image: image.to_owned(),
            problem: format!("its config names no platform: {e}"),
        })
}
