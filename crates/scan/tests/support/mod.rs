//! Builders for small images in every layout verify reads, made in memory by the tests.

#![allow(dead_code)]

use std::io::Write;
use std::path::Path;

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// `sha256:<hex>` of some bytes.
pub fn digest(bytes: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(bytes)))
}

/// How a layer blob is compressed.
#[derive(Clone, Copy, Debug)]
pub enum Packing {
    Plain,
    Gzip,
    Zstd,
}

/// A layer's tar stream, built entry by entry.
pub struct Layer {
    builder: tar::Builder<Vec<u8>>,
}

impl Default for Layer {
    fn default() -> Self {
        Self::new()
    }
}

impl Layer {
    pub fn new() -> Self {
        Self {
            builder: tar::Builder::new(Vec::new()),
        }
    }

    fn header(kind: tar::EntryType, size: u64) -> tar::Header {
        let mut header = tar::Header::new_gnu();
        header.set_entry_type(kind);
        header.set_size(size);
        header.set_mode(0o644);
        header.set_mtime(1_700_000_000);
        header
    }

    pub fn file(mut self, path: &str, body: &[u8]) -> Self {
        let mut header = Self::header(tar::EntryType::Regular, body.len() as u64);
        self.builder
            .append_data(&mut header, path, body)
            .expect("append file");
        self
    }

    pub fn dir(mut self, path: &str) -> Self {
        let mut header = Self::header(tar::EntryType::Directory, 0);
        self.builder
            .append_data(&mut header, path, &[][..])
            .expect("append dir");
        self
    }

    pub fn symlink(mut self, path: &str, target: &str) -> Self {
        let mut header = Self::header(tar::EntryType::Symlink, 0);
        self.builder
            .append_link(&mut header, path, target)
            .expect("append symlink");
        self
    }

    pub fn hardlink(mut self, path: &str, target: &str) -> Self {
        let mut header = Self::header(tar::EntryType::Link, 0);
        self.builder
            .append_link(&mut header, path, target)
            .expect("append hardlink");
        self
    }

    /// A file preceded by a PAX header carrying one extended attribute.
    pub fn file_with_xattr(mut self, path: &str, body: &[u8], key: &str, value: &[u8]) -> Self {
        let name = format!("SCHILY.xattr.{key}");
        self.builder
            .append_pax_extensions([(name.as_str(), value)])
            .expect("append pax");
        self.file(path, body)
    }

    pub fn into_tar(self) -> Vec<u8> {
        self.builder.into_inner().expect("finish tar")
    }
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

pub fn zstd(bytes: &[u8]) -> Vec<u8> {
    zstd::stream::encode_all(bytes, 1).expect("zstd")
}

pub fn pack(tar: &[u8], packing: Packing) -> Vec<u8> {
    match packing {
        Packing::Plain => tar.to_vec(),
        Packing::Gzip => gzip(tar),
        Packing::Zstd => zstd(tar),
    }
}

struct BuiltLayer {
    blob: Vec<u8>,
    diff_id: String,
    packing: Packing,
}

/// An OCI layout's members (path, bytes), its config digest and its layer digests.
type OciMembers = (Vec<(String, Vec<u8>)>, String, Vec<String>);

/// An image: layers plus a config, written out in any of the layouts.
pub struct Image {
    layers: Vec<BuiltLayer>,
    config: Value,
    tag: String,
}

impl Default for Image {
    fn default() -> Self {
        Self::new()
    }
}

impl Image {
    pub fn new() -> Self {
        Self {
            layers: Vec::new(),
            config: json!({
                "architecture": "amd64",
                "os": "linux",
                "config": {"Env": ["PATH=/usr/bin:/bin"], "Cmd": ["/bin/sh"]},
                "rootfs": {"type": "layers", "diff_ids": []},
                "history": []
            }),
            tag: "example/app:1".to_owned(),
        }
    }

    pub fn layer(mut self, layer: Layer, packing: Packing) -> Self {
        let tar = layer.into_tar();
        self.push_layer(&tar, packing);
        self
    }

    /// Adds a layer blob given as raw bytes (for corrupt or odd blobs).
    pub fn raw_layer(mut self, blob: Vec<u8>, diff_id: &str) -> Self {
        self.layers.push(BuiltLayer {
            blob,
            diff_id: diff_id.to_owned(),
            packing: Packing::Gzip,
        });
        self.push_history("RUN raw");
        self
    }

    fn push_layer(&mut self, tar: &[u8], packing: Packing) {
        let blob = pack(tar, packing);
        self.layers.push(BuiltLayer {
            blob,
            diff_id: digest(tar),
            packing,
        });
        let n = self.layers.len();
        self.push_history(&format!("/bin/sh -c #(nop) layer {n}"));
    }

    fn push_history(&mut self, created_by: &str) {
        if let Some(h) = self.config["history"].as_array_mut() {
            h.push(json!({"created": "2024-01-01T00:00:00Z", "created_by": created_by}));
        }
    }

    pub fn env(mut self, pair: &str) -> Self {
        if let Some(env) = self.config["config"]["Env"].as_array_mut() {
            env.push(json!(pair));
        }
        self
    }

    pub fn label(mut self, key: &str, value: &str) -> Self {
        self.config["config"]["Labels"][key] = json!(value);
        self
    }

    pub fn entrypoint(mut self, argv: &[&str]) -> Self {
        self.config["config"]["Entrypoint"] = json!(argv);
        self
    }

    pub fn run_history(mut self, created_by: &str) -> Self {
        self.push_history(created_by);
        self
    }

    fn config_bytes(&self) -> Vec<u8> {
        let mut config = self.config.clone();
        config["rootfs"]["diff_ids"] = json!(self
            .layers
            .iter()
            .map(|l| l.diff_id.clone())
            .collect::<Vec<_>>());
        serde_json::to_vec(&config).expect("config json")
    }

    /// The legacy `docker save` layout (docker ≤ 24): `<id>/layer.tar`, `<hex>.json`,
    /// `manifest.json` last, as `docker save` streams it.
    pub fn docker_archive(&self) -> Vec<u8> {
        let mut out = tar::Builder::new(Vec::new());
        let config = self.config_bytes();
        let config_hex = digest(&config).trim_start_matches("sha256:").to_owned();
        let mut layer_paths = Vec::new();
        for (i, layer) in self.layers.iter().enumerate() {
            let id = format!("{:064x}", i + 1);
            add(&mut out, &format!("{id}/VERSION"), b"1.0");
            // Like docker ≤ 24, the top layer's v1 metadata repeats the image's config.
            let v1 = if i + 1 == self.layers.len() {
                json!({"id": id, "config": self.config["config"]})
            } else {
                json!({"id": id})
            };
            add(&mut out, &format!("{id}/json"), v1.to_string().as_bytes());
            add(&mut out, &format!("{id}/layer.tar"), &layer.blob);
            layer_paths.push(format!("{id}/layer.tar"));
        }
        add(&mut out, &format!("{config_hex}.json"), &config);
        let manifest = json!([{
            "Config": format!("{config_hex}.json"),
            "RepoTags": [self.tag],
            "Layers": layer_paths,
        }]);
        add(&mut out, "manifest.json", manifest.to_string().as_bytes());
        add(&mut out, "repositories", b"{}");
        out.into_inner().expect("finish")
    }

    /// The OCI layout's members (path, bytes), the config digest and the layer digests.
    fn oci_members(&self) -> OciMembers {
        let config = self.config_bytes();
        let config_digest = digest(&config);
        let mut blobs = Vec::new();
        let mut layer_digests = Vec::new();
        let mut descriptors = Vec::new();
        for layer in &self.layers {
            let d = digest(&layer.blob);
            let media = match layer.packing {
                Packing::Plain => "application/vnd.oci.image.layer.v1.tar",
                Packing::Gzip => "application/vnd.oci.image.layer.v1.tar+gzip",
                Packing::Zstd => "application/vnd.oci.image.layer.v1.tar+zstd",
            };
            descriptors.push(json!({"mediaType": media, "digest": d, "size": layer.blob.len()}));
            blobs.push((blob_path(&d), layer.blob.clone()));
            layer_digests.push(d);
        }
        blobs.push((blob_path(&config_digest), config.clone()));
        let manifest = json!({
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                       "digest": config_digest, "size": config.len()},
            "layers": descriptors,
        })
        .to_string()
        .into_bytes();
        let manifest_digest = digest(&manifest);
        blobs.push((blob_path(&manifest_digest), manifest.clone()));
        let index = json!({
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": [{
                "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "digest": manifest_digest,
                "size": manifest.len(),
                "annotations": {"io.containerd.image.name": self.tag,
                                "org.opencontainers.image.ref.name": "1"}
            }]
        });
        blobs.push(("index.json".to_owned(), index.to_string().into_bytes()));
        blobs.push((
            "oci-layout".to_owned(),
            br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec(),
        ));
        (blobs, config_digest, layer_digests)
    }

    /// An OCI image layout as a tarball, `index.json` after the blobs.
    pub fn oci_layout(&self) -> Vec<u8> {
        let mut out = tar::Builder::new(Vec::new());
        for (path, bytes) in self.oci_members().0 {
            add(&mut out, &path, &bytes);
        }
        out.into_inner().expect("finish")
    }

    /// docker 25+ `docker save`: an OCI layout plus a `manifest.json` naming blob paths.
    pub fn docker_archive_oci(&self) -> Vec<u8> {
        let mut out = tar::Builder::new(Vec::new());
        let (members, config_digest, layer_digests) = self.oci_members();
        for (path, bytes) in members {
            add(&mut out, &path, &bytes);
        }
        let manifest = json!([{
            "Config": blob_path(&config_digest),
            "RepoTags": [self.tag],
            "Layers": layer_digests.iter().map(|d| blob_path(d)).collect::<Vec<_>>(),
        }]);
        add(&mut out, "manifest.json", manifest.to_string().as_bytes());
        out.into_inner().expect("finish")
    }

    /// An OCI image layout written as a directory.
    pub fn oci_layout_dir(&self, root: &Path) {
        for (path, bytes) in self.oci_members().0 {
            let target = root.join(&path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).expect("mkdir");
            }
            std::fs::write(target, bytes).expect("write blob");
        }
    }

    pub fn layer_digests(&self) -> Vec<String> {
        self.layers.iter().map(|l| digest(&l.blob)).collect()
    }

    pub fn diff_ids(&self) -> Vec<String> {
        self.layers.iter().map(|l| l.diff_id.clone()).collect()
    }
}

pub fn blob_path(digest: &str) -> String {
    format!("blobs/{}", digest.replacen(':', "/", 1))
}

/// Appends a regular file to an outer archive.
pub fn add(out: &mut tar::Builder<Vec<u8>>, path: &str, bytes: &[u8]) {
    let mut header = tar::Header::new_gnu();
    header.set_entry_type(tar::EntryType::Regular);
    header.set_size(bytes.len() as u64);
    header.set_mode(0o644);
    out.append_data(&mut header, path, bytes)
        .expect("append member");
}
