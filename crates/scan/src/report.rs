//! The result of a scan, rendered for people (text) or programs (JSON).

use std::fmt::Write as _;

use serde::Serialize;

use crate::compression::Compression;
use crate::encoding::{Encoding, ALL_ENCODINGS};
use crate::hit::Hit;

/// One layer that was searched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LayerSummary {
    /// Its digest as the archive names it (blob digest, or diff_id for legacy archives).
    pub digest: String,
    /// The archive member holding it.
    pub member: String,
    /// Its compression.
    pub compression: Compression,
    /// Tar entries it holds.
    pub files: u64,
    /// Bytes of its uncompressed tar stream.
    pub bytes: u64,
}

/// Everything a scan found, and what it covered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The input: a path or an image name.
    pub input: String,
    /// `docker-archive`, `oci-layout` or `docker-archive+oci`, with the outer compression.
    pub layout: String,
    /// True when no secret was found anywhere.
    pub clean: bool,
    /// Image names found in the manifests.
    pub images: Vec<String>,
    /// Ids of the secrets searched for.
    pub secrets: Vec<String>,
    /// Encodings searched for each secret.
    pub encodings: Vec<Encoding>,
    /// Archive members that are image configs.
    pub configs: Vec<String>,
    /// The layers searched, in archive order.
    pub layers: Vec<LayerSummary>,
    /// Bytes of input read.
    pub bytes_read: u64,
    /// Bytes of uncompressed layer tar streams searched.
    pub bytes_uncompressed: u64,
    /// Where secrets were found.
    pub hits: Vec<Hit>,
    /// Occurrences at further places that were counted but not listed (beyond the cap).
    pub hits_not_listed: u64,
    /// Things a person should know (skipped platforms, undecodable members).
    pub warnings: Vec<String>,
}

impl Report {
    /// Assembles a report; `clean` and the uncompressed total are derived.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        input: String,
        layout: String,
        images: Vec<String>,
        secrets: Vec<String>,
        configs: Vec<String>,
        layers: Vec<LayerSummary>,
        bytes_read: u64,
        hits: Vec<Hit>,
        hits_not_listed: u64,
        warnings: Vec<String>,
    ) -> Self {
        Self {
            input,
            layout,
            clean: hits.is_empty() && hits_not_listed == 0,
            images,
            secrets,
            encodings: ALL_ENCODINGS.to_vec(),
            configs,
            bytes_uncompressed: layers.iter().map(|l| l.bytes).sum(),
            layers,
            bytes_read,
            hits,
            hits_not_listed,
            warnings,
        }
    }

    /// True when no secret was found anywhere.
    pub fn is_clean(&self) -> bool {
        self.clean
    }

    /// The report as pretty-printed JSON.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self)
    }

    /// The report as text for a terminal: one line per hit, then a summary line.
    pub fn to_human(&self) -> String {
        let mut out = String::new();
        for warning in &self.warnings {
            let _ = writeln!(out, "warning: {warning}");
        }
        for hit in &self.hits {
            let place = if hit.layer == "config" {
                "the image config".to_owned()
            } else if hit.layer == "archive" {
                format!("archive member {}", hit.member)
            } else {
                format!("layer {}", hit.layer)
            };
            let times = if hit.count > 1 {
                format!(" ({} times)", hit.count)
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "FOUND {} ({}) in {place}: {} [{}] at offset {}{times}",
                hit.secret, hit.encoding, hit.path, hit.found_in, hit.offset
            );
        }
        if self.hits_not_listed > 0 {
            let _ = writeln!(
                out,
                "... and {} more occurrences not listed",
                self.hits_not_listed
            );
        }
        let scope = format!(
            "{} ({}: {} layer{}, {} config{}, {} uncompressed)",
            self.input,
            self.layout,
            self.layers.len(),
            plural(self.layers.len()),
            self.configs.len(),
            plural(self.configs.len()),
            human_bytes(self.bytes_uncompressed),
        );
        if self.clean {
            let _ = writeln!(
                out,
                "clean: no trace of {} in {scope}; searched {}",
                self.secrets.join(", "),
                self.encodings
                    .iter()
                    .map(|e| e.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        } else {
            let mut found: Vec<&str> = self.hits.iter().map(|h| h.secret.as_str()).collect();
            found.sort_unstable();
            found.dedup();
            let _ = writeln!(
                out,
                "LEAKED: {} found at {} place{} in {scope}",
                found.join(", "),
                self.hits.len(),
                plural(self.hits.len()),
            );
        }
        out
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Bytes in binary units with one decimal: `1.5 GiB`.
pub(crate) fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    let name = UNITS.get(unit).copied().unwrap_or("B");
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hit::FoundIn;

    fn report(hits: Vec<Hit>) -> Report {
        Report::new(
            "img.tar".into(),
            "docker-archive".into(),
            vec!["app:1".into()],
            vec!["token".into()],
            vec!["abc.json".into()],
            vec![LayerSummary {
                digest: "sha256:aa".into(),
                member: "1/layer.tar".into(),
                compression: Compression::None,
                files: 3,
                bytes: 3072,
            }],
            4096,
            hits,
            0,
            Vec::new(),
        )
    }

    #[test]
    fn clean_report_says_what_was_searched() {
        let text = report(Vec::new()).to_human();
        assert_eq!(
            text,
            "clean: no trace of token in img.tar (docker-archive: 1 layer, 1 config, 3.0 KiB \
             uncompressed); searched raw, base64, base64url, hex-lower, hex-upper, hex-mixed, \
             url-encoded, json-escaped, utf-16le\n"
        );
    }

    #[test]
    fn hits_are_one_line_each() {
        let hit = Hit {
            secret: "token".into(),
            encoding: Encoding::Base64,
            layer: "sha256:aa".into(),
            member: "1/layer.tar".into(),
            found_in: FoundIn::FileContent,
            path: "/app/.env".into(),
            offset: 12,
            count: 2,
        };
        let r = report(vec![hit]);
        assert!(!r.is_clean());
        let text = r.to_human();
        assert!(text.starts_with(
            "FOUND token (base64) in layer sha256:aa: /app/.env [file content] at offset 12 (2 times)\n"
        ));
        assert!(text.contains("LEAKED: token found at 1 place in img.tar"));
        let json: serde_json::Value =
            serde_json::from_str(&r.to_json().expect("serializable")).expect("valid json");
        assert_eq!(json["hits"][0]["found_in"], "file_content");
        assert_eq!(json["hits"][0]["encoding"], "base64");
        assert_eq!(json["clean"], false);
    }

    #[test]
    fn byte_counts_read_well() {
        assert_eq!(human_bytes(10), "10 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(3 << 30), "3.0 GiB");
    }
}
