//! What `verify` promises, checked on images built here in every layout it reads.

mod support;

use std::cell::Cell;
use std::io::Cursor;

use base64::engine::general_purpose::{STANDARD, URL_SAFE};
use base64::Engine as _;
use scan::{
    Compression, Encoding, FoundIn, Hit, NoProgress, Progress, Report, ScanError, Secret, Verifier,
};
use support::{gzip, zstd, Image, Layer, Packing};

const TOKEN: &[u8] = b"ghp_S3cr3tT0kenValue0123456789";

fn verifier() -> Verifier {
    Verifier::new(vec![Secret::new("gh_token", TOKEN).expect("valid secret")]).expect("verifier")
}

fn scan_bytes(bytes: Vec<u8>) -> Result<Report, ScanError> {
    verifier().scan_reader(Cursor::new(bytes), "test.tar", None, &NoProgress)
}

fn scan(bytes: Vec<u8>) -> Report {
    scan_bytes(bytes).expect("scan succeeds")
}

fn find(report: &Report, found_in: FoundIn) -> Vec<&Hit> {
    report
        .hits
        .iter()
        .filter(|h| h.found_in == found_in)
        .collect()
}

fn base_layer() -> Layer {
    Layer::new()
        .dir("etc/")
        .file("etc/os-release", b"NAME=test\n")
        .file("bin/tool", &vec![0x7f; 4000])
}

fn clean_image() -> Image {
    Image::new()
        .layer(base_layer(), Packing::Gzip)
        .layer(
            Layer::new().file("app/main.py", b"print('hi')\n"),
            Packing::Plain,
        )
        .layer(Layer::new().file("app/data.bin", &[1, 2, 3]), Packing::Zstd)
}

#[test]
fn a_clean_image_is_clean_in_every_layout() {
    let image = clean_image();
    for (name, bytes) in [
        ("docker-archive", image.docker_archive()),
        ("docker-archive+oci", image.docker_archive_oci()),
        ("oci-layout", image.oci_layout()),
    ] {
        let report = scan(bytes);
        assert!(report.is_clean(), "{name}: {:?}", report.hits);
        assert_eq!(report.layout, name);
        assert_eq!(report.layers.len(), 3, "{name}");
        assert_eq!(report.configs.len(), 1, "{name}");
        assert!(
            report.images.contains(&"example/app:1".to_owned()),
            "{name}: {:?}",
            report.images
        );
        let compressions: Vec<Compression> = report.layers.iter().map(|l| l.compression).collect();
        assert_eq!(
            compressions,
            vec![Compression::Gzip, Compression::None, Compression::Zstd]
        );
        assert!(report
            .to_human()
            .starts_with("clean: no trace of gh_token in test.tar"));
    }
}

#[test]
fn near_misses_of_the_secret_are_not_reported() {
    // A prefix, a suffix, and the secret with one byte changed (first, middle, last), raw
    // and in every encoding the scan looks for: none is the secret, so the image is clean.
    let mut near: Vec<Vec<u8>> = vec![TOKEN[..TOKEN.len() - 1].to_vec(), TOKEN[1..].to_vec()];
    for at in [0, TOKEN.len() / 2, TOKEN.len() - 1] {
        let mut changed = TOKEN.to_vec();
        changed[at] ^= 0x01;
        near.push(changed);
    }
    let mut body = Vec::new();
    for miss in &near {
        for text in [
            miss.clone(),
            STANDARD.encode(miss).into_bytes(),
            URL_SAFE.encode(miss).into_bytes(),
            hex::encode(miss).into_bytes(),
            hex::encode_upper(miss).into_bytes(),
        ] {
            body.extend_from_slice(&text);
            body.push(b'\n');
        }
    }
    let image = clean_image().layer(Layer::new().file("etc/near-misses", &body), Packing::Gzip);
    let report = scan(image.docker_archive());
    assert!(report.is_clean(), "{:?}", report.hits);
    // The control can fail: the same file with the secret itself is reported.
    body.extend_from_slice(TOKEN);
    let image = clean_image().layer(Layer::new().file("etc/near-misses", &body), Packing::Gzip);
    assert!(!scan(image.docker_archive()).is_clean());
}

#[test]
fn legacy_layers_are_named_by_diff_id_and_oci_layers_by_blob_digest() {
    let image = clean_image();
    let legacy = scan(image.docker_archive());
    let digests: Vec<String> = legacy.layers.iter().map(|l| l.digest.clone()).collect();
    assert_eq!(digests, image.diff_ids());
    let oci = scan(image.oci_layout());
    let digests: Vec<String> = oci.layers.iter().map(|l| l.digest.clone()).collect();
    assert_eq!(digests, image.layer_digests());
}

#[test]
fn a_secret_in_a_file_is_reported_with_layer_path_and_offset() {
    let mut body = b"# settings\nTOKEN=".to_vec();
    let offset = body.len() as u64;
    body.extend_from_slice(TOKEN);
    body.extend_from_slice(b"\n");
    for packing in [Packing::Plain, Packing::Gzip, Packing::Zstd] {
        let image = Image::new()
            .layer(base_layer(), Packing::Gzip)
            .layer(Layer::new().file("app/.env", &body), packing);
        let report = scan(image.docker_archive());
        let hits = find(&report, FoundIn::FileContent);
        assert_eq!(hits.len(), 1, "{packing:?}: {:?}", report.hits);
        let hit = hits[0];
        assert_eq!(hit.secret, "gh_token");
        assert_eq!(hit.encoding, Encoding::Raw);
        assert_eq!(hit.path, "/app/.env");
        assert_eq!(hit.offset, offset);
        assert_eq!(hit.layer, image.diff_ids()[1]);
        assert!(!report.is_clean());
    }
}

#[test]
fn a_secret_straddling_read_windows_is_found_in_every_compression() {
    // The scanner reads 256 KiB windows; put the secret across the first and second boundary.
    for start in [256 * 1024 - 7, 512 * 1024 - 1, 256 * 1024 - TOKEN.len() + 1] {
        let mut body = vec![b'a'; 700 * 1024];
        body[start..start + TOKEN.len()].copy_from_slice(TOKEN);
        for packing in [Packing::Plain, Packing::Gzip, Packing::Zstd] {
            let image = Image::new().layer(Layer::new().file("big.bin", &body), packing);
            let report = scan(image.oci_layout());
            let hits = find(&report, FoundIn::FileContent);
            assert_eq!(hits.len(), 1, "start {start} {packing:?}");
            assert_eq!(hits[0].offset, start as u64);
            assert_eq!(hits[0].count, 1);
        }
    }
}

#[test]
fn repeated_occurrences_are_counted_once_per_file() {
    let mut body = Vec::new();
    for _ in 0..50 {
        body.extend_from_slice(b"line ");
        body.extend_from_slice(TOKEN);
        body.push(b'\n');
    }
    let image = Image::new().layer(Layer::new().file("log.txt", &body), Packing::Gzip);
    let report = scan(image.docker_archive());
    let hits = find(&report, FoundIn::FileContent);
    assert_eq!(hits.len(), 1);
    assert_eq!((hits[0].offset, hits[0].count), (5, 50));
}

#[test]
fn names_link_targets_and_xattrs_are_searched() {
    let token = std::str::from_utf8(TOKEN).expect("ascii");
    let image = Image::new().layer(
        Layer::new()
            .file(&format!("cache/{token}.json"), b"{}")
            .symlink("app/current", &format!("/opt/{token}/bin"))
            .hardlink("app/hard", &format!("cache/{token}.json"))
            .file_with_xattr("app/x", b"data", "user.note", TOKEN),
        Packing::Gzip,
    );
    let report = scan(image.docker_archive());
    let names = find(&report, FoundIn::FileName);
    assert_eq!(names.len(), 1);
    assert_eq!(
        names[0].path, "/cache/[secret gh_token].json",
        "reports never repeat a secret"
    );
    // A name's offset counts in the path as reported, `/cache/...`.
    assert_eq!(names[0].offset, 7);
    let links = find(&report, FoundIn::LinkTarget);
    let mut link_paths: Vec<&str> = links.iter().map(|h| h.path.as_str()).collect();
    link_paths.sort_unstable();
    assert_eq!(link_paths, vec!["/app/current", "/app/hard"]);
    let pax = find(&report, FoundIn::PaxHeader);
    assert_eq!(pax.len(), 1);
    assert_eq!(pax[0].path, "/app/x [SCHILY.xattr.user.note]");
}

#[test]
fn long_gnu_names_are_searched_whole() {
    let token = std::str::from_utf8(TOKEN).expect("ascii");
    let deep = format!("{}/{token}/file", "d".repeat(300));
    let image = Image::new().layer(Layer::new().file(&deep, b"x"), Packing::Gzip);
    let report = scan(image.docker_archive());
    let names = find(&report, FoundIn::FileName);
    assert_eq!(names.len(), 1, "{:?}", report.hits);
    assert_eq!(names[0].offset, 302);
}

#[test]
fn a_huge_pax_header_is_refused_not_buffered() {
    let huge = vec![b'a'; 17 << 20];
    let image = Image::new().layer(
        Layer::new().file_with_xattr("f", b"x", "user.big", &huge),
        Packing::Gzip,
    );
    let err = scan_bytes(image.docker_archive()).expect_err("oversized metadata");
    assert!(err.to_string().contains("exceeds 16 MiB"), "{err}");
}

#[test]
fn config_env_labels_entrypoint_and_history_are_named() {
    let token = std::str::from_utf8(TOKEN).expect("ascii");
    let image = clean_image()
        .env(&format!("GITHUB_TOKEN={token}"))
        .label("ci.token", token)
        .entrypoint(&["/app/run", "--token", token])
        .run_history(&format!("RUN /bin/sh -c echo {token} > /root/.netrc"));
    for bytes in [
        image.docker_archive(),
        image.oci_layout(),
        image.docker_archive_oci(),
    ] {
        let report = scan(bytes);
        let config_hits: Vec<(FoundIn, String, u64)> = report
            .hits
            .iter()
            .filter(|h| h.layer == "config")
            .map(|h| (h.found_in, h.path.clone(), h.offset))
            .collect();
        assert!(
            config_hits.contains(&(FoundIn::Env, "/config/Env/1".into(), 13)),
            "{config_hits:?}"
        );
        assert!(config_hits.contains(&(FoundIn::Labels, "/config/Labels/ci.token".into(), 0)));
        assert!(config_hits.contains(&(FoundIn::Entrypoint, "/config/Entrypoint/2".into(), 0)));
        assert!(config_hits.contains(&(FoundIn::History, "/history/3/created_by".into(), 20)));
        assert_eq!(config_hits.len(), 4, "{config_hits:?}");
    }
}

#[test]
fn base64_at_every_alignment_and_hex_in_both_cases_are_found() {
    for prefix in ["", "u", "us", "use", "user"] {
        let mut plain = format!("{prefix}:").into_bytes();
        plain.extend_from_slice(TOKEN);
        plain.extend_from_slice(b":tail");
        let body = format!(
            "auth={}\nlower={}\nupper={}\n",
            STANDARD.encode(&plain),
            hex::encode(TOKEN),
            hex::encode_upper(TOKEN),
        );
        let image = Image::new().layer(
            Layer::new().file("root/.docker/config.json", body.as_bytes()),
            Packing::Gzip,
        );
        let report = scan(image.docker_archive());
        let encodings: Vec<Encoding> = report.hits.iter().map(|h| h.encoding).collect();
        assert!(
            encodings.contains(&Encoding::Base64),
            "prefix {prefix:?}: {:?}",
            report.hits
        );
        assert!(encodings.contains(&Encoding::HexLower));
        assert!(encodings.contains(&Encoding::HexUpper));
        assert!(!encodings.contains(&Encoding::Raw));
    }
}

/// A secret whose base64 text holds `/` at every alignment (runs of 0xff bytes), so its
/// URL-safe form (`_`) differs from the standard one: each form is reported as itself.
const BINARY: &[u8] = b"\xff\xff\xff\xff\xff\xffbinary-secret\xff\xff\xff\xff\xff\xff";

#[test]
fn base64url_is_told_apart_from_base64_at_every_alignment() {
    let verifier =
        Verifier::new(vec![Secret::new("bin", BINARY).expect("valid secret")]).expect("verifier");
    for prefix in ["", "u", "us"] {
        let plain = [prefix.as_bytes(), BINARY].concat();
        let standard = format!("std={}\n", STANDARD.encode(&plain));
        let url = format!("url={}\n", URL_SAFE.encode(&plain));
        assert_ne!(standard[4..], url[4..], "the two forms differ");
        let body = format!("{standard}{url}");
        let image = Image::new().layer(
            Layer::new().file("etc/creds", body.as_bytes()),
            Packing::Gzip,
        );
        let report = verifier
            .scan_reader(
                Cursor::new(image.docker_archive()),
                "t.tar",
                None,
                &NoProgress,
            )
            .expect("scan succeeds");
        let in_line = |start: usize, len: usize| -> Vec<Encoding> {
            report
                .hits
                .iter()
                .filter(|h| (start as u64..(start + len) as u64).contains(&h.offset))
                .map(|h| h.encoding)
                .collect()
        };
        assert_eq!(
            in_line(0, standard.len()),
            [Encoding::Base64],
            "prefix {prefix:?}: {:?}",
            report.hits
        );
        assert_eq!(
            in_line(standard.len(), url.len()),
            [Encoding::Base64Url],
            "prefix {prefix:?}: {:?}",
            report.hits
        );
    }
}

#[test]
fn a_compressed_docker_save_stream_is_read() {
    let image = clean_image().env(&format!("T={}", std::str::from_utf8(TOKEN).expect("ascii")));
    let report = scan(gzip(&image.docker_archive()));
    assert_eq!(report.layout, "docker-archive (gzip)");
    assert_eq!(find(&report, FoundIn::Env).len(), 1);
    let report = scan(zstd(&image.oci_layout()));
    assert_eq!(report.layout, "oci-layout (zstd)");
    assert_eq!(find(&report, FoundIn::Env).len(), 1);
}

#[test]
fn an_oci_layout_directory_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let image = Image::new()
        .layer(base_layer(), Packing::Gzip)
        .layer(Layer::new().file("srv/key.pem", TOKEN), Packing::Zstd);
    image.oci_layout_dir(dir.path());
    let report = verifier()
        .scan_path(dir.path(), &NoProgress)
        .expect("scan dir");
    assert_eq!(report.layout, "oci-layout");
    let hits = find(&report, FoundIn::FileContent);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].layer, image.layer_digests()[1]);
    assert_eq!(hits[0].path, "/srv/key.pem");
}

#[test]
fn an_archive_file_on_disk_is_read_with_progress() {
    struct Counting {
        calls: Cell<u32>,
        last: Cell<u64>,
        total: Cell<Option<u64>>,
    }
    impl Progress for Counting {
        fn advance(&self, read: u64, total: Option<u64>) {
            self.calls.set(self.calls.get() + 1);
            self.last.set(read);
            self.total.set(total);
        }
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("image.tar");
    let bytes = clean_image()
        .layer(
            Layer::new().file("big", &vec![7u8; 3 << 20]),
            Packing::Plain,
        )
        .docker_archive();
    std::fs::write(&path, &bytes).expect("write");
    let progress = Counting {
        calls: Cell::new(0),
        last: Cell::new(0),
        total: Cell::new(None),
    };
    let report = verifier().scan_path(&path, &progress).expect("scan");
    assert!(report.is_clean());
    assert!(progress.calls.get() >= 3, "{} calls", progress.calls.get());
    assert_eq!(progress.last.get(), bytes.len() as u64);
    assert_eq!(progress.total.get(), Some(bytes.len() as u64));
    assert_eq!(report.bytes_read, bytes.len() as u64);
}

#[test]
fn several_secrets_are_searched_in_one_pass() {
    let secrets = vec![
        Secret::new("a", b"first-secret-value\n").expect("valid"),
        Secret::new("b", b"second-secret-value").expect("valid"),
    ];
    let verifier = Verifier::new(secrets).expect("verifier");
    let image = Image::new().layer(
        Layer::new()
            .file("x", b"..first-secret-value..")
            .file("y", STANDARD.encode("second-secret-value").as_bytes()),
        Packing::Gzip,
    );
    let report = verifier
        .scan_reader(
            Cursor::new(image.docker_archive()),
            "img",
            None,
            &NoProgress,
        )
        .expect("scan");
    let found: Vec<(&str, Encoding, &str)> = report
        .hits
        .iter()
        .map(|h| (h.secret.as_str(), h.encoding, h.path.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![("a", Encoding::Raw, "/x"), ("b", Encoding::Base64, "/y")]
    );
}

#[test]
fn bad_secrets_are_refused() {
    assert!(matches!(
        Secret::new("pin", b"1234\n"),
        Err(ScanError::SecretTooShort { .. })
    ));
    assert!(matches!(
        Verifier::new(Vec::new()),
        Err(ScanError::NoSecrets)
    ));
    let twice = vec![
        Secret::new("a", b"aaaaaaaaaa").expect("valid"),
        Secret::new("a", b"bbbbbbbbbb").expect("valid"),
    ];
    assert!(matches!(
        Verifier::new(twice),
        Err(ScanError::DuplicateSecretId { .. })
    ));
}

#[test]
fn a_truncated_archive_is_an_error() {
    let bytes = clean_image()
        .layer(
            Layer::new().file("big", &vec![9u8; 100_000]),
            Packing::Plain,
        )
        .docker_archive();
    for cut in [bytes.len() / 2, bytes.len() - 3000, 700, 1024 + 100] {
        let err = scan_bytes(bytes[..cut].to_vec()).expect_err("truncated input must fail");
        let message = err.to_string();
        assert!(
            matches!(
                err,
                ScanError::Truncated { .. }
                    | ScanError::Archive { .. }
                    | ScanError::NotAnImage { .. }
                    | ScanError::MissingMember { .. }
            ),
            "cut {cut}: {message}"
        );
    }
    let err = scan_bytes(bytes[..bytes.len() / 2].to_vec()).expect_err("truncated");
    assert!(matches!(err, ScanError::Truncated { .. }), "{err}");
    assert!(err.to_string().contains("is truncated"), "{err}");
}

#[test]
fn a_truncated_gzip_layer_is_an_error() {
    let tar = base_layer().file("x", &vec![5u8; 50_000]).into_tar();
    let gz = gzip(&tar);
    let image = Image::new().raw_layer(gz[..gz.len() - 20].to_vec(), &support::digest(&tar));
    let err = scan_bytes(image.docker_archive()).expect_err("truncated layer");
    assert!(
        matches!(
            err,
            ScanError::Layer {
                compression: Compression::Gzip,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn a_corrupt_gzip_layer_is_an_error() {
    let tar = base_layer().into_tar();
    let mut gz = gzip(&tar);
    let middle = gz.len() / 2;
    for b in &mut gz[middle..middle + 16] {
        *b ^= 0x5a;
    }
    let image = Image::new().raw_layer(gz, &support::digest(&tar));
    let err = scan_bytes(image.docker_archive()).expect_err("corrupt layer");
    assert!(matches!(err, ScanError::Layer { .. }), "{err}");
    assert!(err.to_string().starts_with("cannot read layer "), "{err}");
}

#[test]
fn a_corrupt_xz_layer_is_an_error_not_clean() {
    let image = Image::new().raw_layer(b"\xfd7zXZ\x00\x00 pretend xz".to_vec(), "sha256:00");
    let err = scan_bytes(image.docker_archive()).expect_err("xz layer");
    assert!(matches!(err, ScanError::Layer { .. }), "{err}");
    assert!(err.to_string().contains("(xz)"), "{err}");
}

#[test]
fn inputs_that_are_not_images_are_errors() {
    let err = scan_bytes(Vec::new()).expect_err("empty");
    assert!(err.to_string().contains("empty input"), "{err}");
    let err = scan_bytes(b"hello, this is not a tar archive at all".repeat(20)).expect_err("text");
    assert!(err.to_string().contains("not a tar archive"), "{err}");
    let plain_tar = Layer::new().file("readme", b"hi").into_tar();
    let err = scan_bytes(plain_tar).expect_err("tar without manifest");
    assert!(matches!(err, ScanError::NotAnImage { .. }), "{err}");
}

#[test]
fn a_manifest_naming_a_missing_layer_is_an_error() {
    let mut out = tar::Builder::new(Vec::new());
    support::add(
        &mut out,
        "c.json",
        br#"{"rootfs":{"diff_ids":["sha256:aa"]}}"#,
    );
    support::add(
        &mut out,
        "manifest.json",
        br#"[{"Config":"c.json","RepoTags":null,"Layers":["gone/layer.tar"]}]"#,
    );
    let err = scan_bytes(out.into_inner().expect("tar")).expect_err("missing layer");
    assert!(matches!(err, ScanError::MissingMember { .. }), "{err}");
    assert!(err.to_string().contains("gone/layer.tar"), "{err}");
}

#[test]
fn a_deduplicated_legacy_layer_behind_a_symlink_counts_as_present() {
    let tar = Layer::new().file("k", TOKEN).into_tar();
    let diff = support::digest(&tar);
    let mut out = tar::Builder::new(Vec::new());
    support::add(&mut out, "a/layer.tar", &tar);
    let mut header = tar::Header::new_gnu();
    header.set_entry_type(tar::EntryType::Symlink);
    header.set_size(0);
    out.append_link(&mut header, "b/layer.tar", "../a/layer.tar")
        .expect("symlink");
    let config = format!(r#"{{"rootfs":{{"diff_ids":["{diff}","{diff}"]}}}}"#);
    support::add(&mut out, "c.json", config.as_bytes());
    support::add(
        &mut out,
        "manifest.json",
        br#"[{"Config":"c.json","RepoTags":["x:1"],"Layers":["a/layer.tar","b/layer.tar"]}]"#,
    );
    let report = scan(out.into_inner().expect("tar"));
    assert_eq!(report.layers.len(), 1);
    let hits = find(&report, FoundIn::FileContent);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].layer, diff);
}

#[test]
fn json_output_names_every_field() {
    let image = Image::new().layer(Layer::new().file("t", TOKEN), Packing::Gzip);
    let report = scan(image.docker_archive());
    let json: serde_json::Value =
        serde_json::from_str(&report.to_json().expect("json")).expect("valid json");
    let hit = &json["hits"][0];
    for key in [
        "secret", "encoding", "layer", "member", "found_in", "path", "offset", "count",
    ] {
        assert!(hit.get(key).is_some(), "missing {key} in {hit}");
    }
    assert_eq!(json["clean"], false);
    assert_eq!(json["layers"][0]["compression"], "gzip");
    assert!(!report
        .to_json()
        .expect("json")
        .contains(std::str::from_utf8(TOKEN).expect("ascii")));
}

#[test]
fn reports_never_quote_a_secret() {
    let token = std::str::from_utf8(TOKEN).expect("ascii");
    let image = Image::new()
        .layer(
            Layer::new().file(&format!("{token}/{}", hex::encode(TOKEN)), TOKEN),
            Packing::Gzip,
        )
        .label(token, "x");
    let report = scan(image.docker_archive());
    let text = report.to_human();
    let json = report.to_json().expect("json");
    for encoded in [token.to_owned(), hex::encode(TOKEN), STANDARD.encode(TOKEN)] {
        assert!(!text.contains(&encoded), "{text}");
        assert!(!json.contains(&encoded), "{json}");
    }
    assert!(
        text.contains("/config/Labels/[secret gh_token] (key)"),
        "{text}"
    );
}
