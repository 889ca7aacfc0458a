//! What an archive's manifests say: which members are image configs and which are layers.
//!
//! docker-archive (`docker save`) lists images in `manifest.json`; an OCI layout lists them in
//! `index.json`, which points at manifest blobs. Both can come after the layers in a stream,
//! so facts are gathered while scanning and resolved at the end.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::error::ScanError;

/// How deep nested OCI indexes are followed.
const MAX_INDEX_DEPTH: usize = 8;

/// Facts gathered from the JSON members of an archive.
#[derive(Debug, Default)]
pub(crate) struct Catalog {
    docker: Option<Vec<DockerEntry>>,
    root_index: Option<Vec<Descriptor>>,
    manifests: HashMap<String, OciManifest>,
    indexes: HashMap<String, Vec<Descriptor>>,
    diff_ids: HashMap<String, Vec<String>>,
}

/// One image of `manifest.json`.
#[derive(Debug)]
struct DockerEntry {
    config: String,
    tags: Vec<String>,
    layers: Vec<String>,
}

/// A reference from an index to a manifest or nested index.
#[derive(Debug)]
struct Descriptor {
    digest: String,
    name: Option<String>,
}

/// An OCI (or docker v2) image manifest: config and layer digests.
#[derive(Debug)]
struct OciManifest {
    config: String,
    layers: Vec<String>,
}

/// A layer that a manifest lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LayerRef {
    /// The archive member holding it.
    pub(crate) member: String,
    /// Its digest as the archive names it (blob digest, or diff_id for legacy archives).
    pub(crate) digest: String,
    /// The manifest that lists it.
    pub(crate) referrer: String,
}

/// The images an archive holds, once all of it has been read.
#[derive(Debug, Default)]
pub(crate) struct Resolution {
    /// `docker-archive`, `oci-layout`, or `docker-archive+oci` (docker 25+ `docker save`).
    pub(crate) layout: &'static str,
    /// Image names (repo tags, ref names).
    pub(crate) images: Vec<String>,
    /// Config members, each with the manifest that lists it.
    pub(crate) configs: Vec<(String, String)>,
    /// Layer members, in manifest order, each once.
    pub(crate) layers: Vec<LayerRef>,
    /// Things skipped that a person should know about.
    pub(crate) warnings: Vec<String>,
}

impl Resolution {
    fn add_config(&mut self, member: String, referrer: &str) {
        if !self.configs.iter().any(|(m, _)| *m == member) {
            self.configs.push((member, referrer.to_owned()));
        }
    }

    fn add_layer(&mut self, member: String, digest: String, referrer: &str) {
        if !self.layers.iter().any(|l| l.member == member) {
            self.layers.push(LayerRef {
                member,
                digest,
                referrer: referrer.to_owned(),
            });
        }
    }

    fn add_image(&mut self, name: String) {
        if !self.images.contains(&name) {
            self.images.push(name);
        }
    }
}

/// The member path of a blob in an OCI layout: `sha256:abc` → `blobs/sha256/abc`.
pub(crate) fn blob_member(digest: &str) -> Option<String> {
    let (algorithm, hex) = digest.split_once(':')?;
    if algorithm.is_empty() || hex.is_empty() || hex.contains('/') || algorithm.contains('/') {
        return None;
    }
    Some(format!("blobs/{algorithm}/{hex}"))
}

/// The digest a blob member stands for: `blobs/sha256/abc` → `sha256:abc`.
pub(crate) fn member_digest(member: &str) -> Option<String> {
    let rest = member.strip_prefix("blobs/")?;
    let (algorithm, hex) = rest.split_once('/')?;
    if algorithm.is_empty() || hex.is_empty() || hex.contains('/') {
        return None;
    }
    Some(format!("{algorithm}:{hex}"))
}

/// Removes a leading `./` or `/` from a member path.
pub(crate) fn normalize_member(path: &str) -> String {
    let mut p = path;
    loop {
        if let Some(rest) = p.strip_prefix("./") {
            p = rest;
        } else if let Some(rest) = p.strip_prefix('/') {
            p = rest;
        } else {
            return p.to_owned();
        }
    }
}

/// For a symlink or hard link of an outer archive, the member it leads to.
pub(crate) fn link_destination<R: std::io::Read>(
    entry: &tar::Entry<'_, R>,
    member: &str,
) -> Option<String> {
    let kind = entry.header().entry_type();
    let target = entry.link_name_bytes()?;
    let target = String::from_utf8_lossy(&target);
    if kind.is_symlink() {
        Some(resolve_relative(member, &target))
    } else if kind.is_hard_link() {
        Some(normalize_member(&target))
    } else {
        None
    }
}

/// Resolves a symlink target relative to the member's directory, inside the archive.
pub(crate) fn resolve_relative(member: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        let mut dir: Vec<&str> = member.split('/').collect();
        dir.pop();
        dir
    };
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.retain(|p| !p.is_empty());
    parts.join("/")
}

impl Catalog {
    /// Records what one JSON member says, if it is a manifest, index or config.
    pub(crate) fn learn(
        &mut self,
        input: &str,
        member: &str,
        value: &Value,
    ) -> Result<(), ScanError> {
        let bad = |reason: &str| ScanError::BadManifest {
            input: input.to_owned(),
            member: member.to_owned(),
            reason: reason.to_owned(),
        };
        if member == "manifest.json" {
            self.docker = Some(parse_docker_manifest(value).map_err(|r| bad(&r))?);
            return Ok(());
        }
        if member == "index.json" {
            let descriptors = value
                .get("manifests")
                .and_then(Value::as_array)
                .ok_or_else(|| bad("it has no \"manifests\" list"))?;
            self.root_index = Some(parse_descriptors(descriptors));
            return Ok(());
        }
        if let Some(manifest) = parse_oci_manifest(value) {
            self.manifests.insert(member.to_owned(), manifest);
        } else if let Some(descriptors) = value.get("manifests").and_then(Value::as_array) {
            self.indexes
                .insert(member.to_owned(), parse_descriptors(descriptors));
        }
        if let Some(diff_ids) = value
            .get("rootfs")
            .and_then(|r| r.get("diff_ids"))
            .and_then(Value::as_array)
        {
            let ids = diff_ids
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
            self.diff_ids.insert(member.to_owned(), ids);
        }
        Ok(())
    }

    /// Works out the images, configs and layers; `present` says whether a member was seen.
    pub(crate) fn resolve(
        &self,
        input: &str,
        present: &dyn Fn(&str) -> bool,
    ) -> Result<Resolution, ScanError> {
        let mut res = Resolution {
            layout: match (self.docker.is_some(), self.root_index.is_some()) {
                (true, true) => "docker-archive+oci",
                (true, false) => "docker-archive",
                (false, true) => "oci-layout",
                (false, false) => {
                    return Err(ScanError::NotAnImage {
                        input: input.to_owned(),
                    })
                }
            },
            ..Resolution::default()
        };
        for entry in self.docker.iter().flatten() {
            res.add_config(entry.config.clone(), "manifest.json");
            for tag in &entry.tags {
                res.add_image(tag.clone());
            }
            let diff_ids = self.diff_ids.get(&entry.config);
            for (i, layer) in entry.layers.iter().enumerate() {
                let digest = member_digest(layer)
                    .or_else(|| diff_ids.and_then(|ids| ids.get(i).cloned()))
                    .unwrap_or_else(|| layer.clone());
                res.add_layer(layer.clone(), digest, "manifest.json");
            }
        }
        let mut visited = HashSet::new();
        for descriptor in self.root_index.iter().flatten() {
            self.walk(descriptor, "index.json", 0, present, &mut visited, &mut res);
        }
        Ok(res)
    }

    fn walk(
        &self,
        descriptor: &Descriptor,
        referrer: &str,
        depth: usize,
        present: &dyn Fn(&str) -> bool,
        visited: &mut HashSet<String>,
        res: &mut Resolution,
    ) {
        let Some(member) = blob_member(&descriptor.digest) else {
            res.warnings.push(format!(
                "{referrer} lists `{}`, which is not a digest; skipped",
                descriptor.digest
            ));
            return;
        };
        if !visited.insert(member.clone()) {
            return;
        }
        if let Some(name) = &descriptor.name {
            res.add_image(name.clone());
        }
        if let Some(manifest) = self.manifests.get(&member) {
            match blob_member(&manifest.config) {
                Some(config) => res.add_config(config, &member),
                None => res.warnings.push(format!(
                    "{member} names config `{}`, which is not a digest; skipped",
                    manifest.config
                )),
            }
            for digest in &manifest.layers {
                if let Some(layer) = blob_member(digest) {
                    res.add_layer(layer, digest.clone(), &member);
                }
            }
        } else if let Some(children) = self.indexes.get(&member) {
            if depth >= MAX_INDEX_DEPTH {
                res.warnings.push(format!(
                    "{member}: indexes nested deeper than {MAX_INDEX_DEPTH}; skipped"
                ));
                return;
            }
            for child in children {
                self.walk(child, &member, depth + 1, present, visited, res);
            }
        } else if present(&member) {
            res.warnings.push(format!(
                "{referrer} lists {member}, which is neither a manifest nor an index; skipped"
            ));
        } else {
            res.warnings.push(format!(
                "{referrer} lists {member}, which is not in the archive (another platform?); skipped"
            ));
        }
    }
}

fn parse_docker_manifest(value: &Value) -> Result<Vec<DockerEntry>, String> {
    let entries = value
        .as_array()
        .ok_or_else(|| "expected a list of images".to_owned())?;
    entries
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let config = entry
                .get("Config")
                .and_then(Value::as_str)
                .ok_or_else(|| format!("image {i} has no \"Config\""))?;
            let layers = entry
                .get("Layers")
                .and_then(Value::as_array)
                .ok_or_else(|| format!("image {i} has no \"Layers\" list"))?
                .iter()
                .map(|l| {
                    l.as_str()
                        .map(normalize_member)
                        .ok_or_else(|| format!("image {i} has a layer that is not a path"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let tags = entry
                .get("RepoTags")
                .and_then(Value::as_array)
                .map(|tags| {
                    tags.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            Ok(DockerEntry {
                config: normalize_member(config),
                tags,
                layers,
            })
        })
        .collect()
}

fn parse_descriptors(list: &[Value]) -> Vec<Descriptor> {
    list.iter()
        .filter_map(|d| {
            let digest = d.get("digest")?.as_str()?.to_owned();
            let annotations = d.get("annotations");
            let name = [
                "io.containerd.image.name",
                "org.opencontainers.image.ref.name",
            ]
            .iter()
            .find_map(|key| annotations?.get(*key)?.as_str())
            .map(str::to_owned);
            Some(Descriptor { digest, name })
        })
        .collect()
}

fn parse_oci_manifest(value: &Value) -> Option<OciManifest> {
    let config = value.get("config")?.get("digest")?.as_str()?.to_owned();
    let layers = value
        .get("layers")?
        .as_array()?
        .iter()
        .filter_map(|l| l.get("digest")?.as_str().map(str::to_owned))
        .collect();
    Some(OciManifest { config, layers })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn legacy_layers_take_their_diff_ids() {
        let mut catalog = Catalog::default();
        catalog
            .learn(
                "in",
                "abc.json",
                &json!({"rootfs": {"diff_ids": ["sha256:d1", "sha256:d2"]}}),
            )
            .expect("config");
        catalog
            .learn(
                "in",
                "manifest.json",
                &json!([{"Config": "abc.json", "RepoTags": ["x:1"], "Layers": ["1/layer.tar", "./2/layer.tar"]}]),
            )
            .expect("manifest");
        let res = catalog.resolve("in", &|_| true).expect("image");
        assert_eq!(res.layout, "docker-archive");
        assert_eq!(res.images, vec!["x:1".to_owned()]);
        let digests: Vec<_> = res
            .layers
            .iter()
            .map(|l| (l.member.as_str(), l.digest.as_str()))
            .collect();
        assert_eq!(
            digests,
            vec![("1/layer.tar", "sha256:d1"), ("2/layer.tar", "sha256:d2")]
        );
    }

    #[test]
    fn oci_index_is_followed_to_layers() {
        let mut catalog = Catalog::default();
        catalog
            .learn(
                "in",
                "blobs/sha256/m1",
                &json!({"config": {"digest": "sha256:c1"}, "layers": [{"digest": "sha256:l1"}]}),
            )
            .expect("manifest");
        catalog
            .learn(
                "in",
                "index.json",
                &json!({"manifests": [
                    {"digest": "sha256:m1", "annotations": {"org.opencontainers.image.ref.name": "v1"}},
                    {"digest": "sha256:gone"}
                ]}),
            )
            .expect("index");
        let res = catalog
            .resolve("in", &|m| m != "blobs/sha256/gone")
            .expect("image");
        assert_eq!(res.layout, "oci-layout");
        assert_eq!(
            res.configs,
            vec![("blobs/sha256/c1".to_owned(), "blobs/sha256/m1".to_owned())]
        );
        assert_eq!(res.layers.len(), 1);
        assert_eq!(res.images, vec!["v1".to_owned()]);
        assert_eq!(res.warnings.len(), 1, "{:?}", res.warnings);
    }

    #[test]
    fn symlinks_resolve_inside_the_archive() {
        assert_eq!(
            resolve_relative("b/layer.tar", "../a/layer.tar"),
            "a/layer.tar"
        );
        assert_eq!(resolve_relative("b/layer.tar", "/a/x"), "a/x");
        assert_eq!(resolve_relative("x", "../../../etc/passwd"), "etc/passwd");
    }

    #[test]
    fn no_manifest_means_no_image() {
        let catalog = Catalog::default();
        assert!(matches!(
            catalog.resolve("in", &|_| true),
            Err(ScanError::NotAnImage { .. })
        ));
    }

    #[test]
    fn member_paths_and_digests_round_trip() {
        assert_eq!(blob_member("sha256:ab").as_deref(), Some("blobs/sha256/ab"));
        assert_eq!(
            member_digest("blobs/sha256/ab").as_deref(),
            Some("sha256:ab")
        );
        assert_eq!(blob_member("sha256:../x/y"), None);
        assert_eq!(normalize_member("././/a/b"), "a/b");
    }
}
