//! Where secrets hide in real images: archives inside layers, wrapped and escaped encodings.
//! Each form is checked with the secret (found, with its place) and with near misses — a
//! prefix of the secret and the secret with one byte changed — that must stay silent.

mod support;

use std::io::{Cursor, Write};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use scan::{Encoding, FoundIn, Hit, Limits, NoProgress, Report, Secret, Verifier};
use support::{gzip, zstd, Image, Layer, Packing};

/// A token with the characters URLs and JSON escape.
const SECRET: &str = "tok/3n:p@ss+w0rd-Z9xq7Lm2";

/// The near misses that must never be reported.
fn near_misses() -> Vec<String> {
    let prefix = SECRET.get(..SECRET.len() - 1).expect("ascii").to_owned();
    let mut changed = SECRET.as_bytes().to_vec();
    if let Some(b) = changed.get_mut(12) {
        *b = b'Q';
    }
    vec![prefix, String::from_utf8(changed).expect("ascii")]
}

fn scan_with(bytes: Vec<u8>, limits: Limits) -> Report {
    Verifier::new(vec![Secret::new("tok", SECRET.as_bytes()).expect("valid")])
        .expect("verifier")
        .with_limits(limits)
        .scan_reader(Cursor::new(bytes), "test.tar", None, &NoProgress)
        .expect("scan succeeds")
}

/// Scans an image whose one layer holds `files`.
fn scan_files(files: &[(&str, Vec<u8>)]) -> Report {
    let layer = files.iter().fold(Layer::new(), |layer, (path, body)| {
        layer.file(path.trim_start_matches('/'), body)
    });
    let image = Image::new().layer(layer, Packing::Gzip);
    scan_with(image.docker_archive_oci(), Limits::default())
}

fn places(report: &Report) -> Vec<(Encoding, String)> {
    report
        .hits
        .iter()
        .map(|h| (h.encoding, h.path.clone()))
        .collect()
}

/// Checks that `write` hides the secret in a form verify finds, and that the same form of
/// each near miss stays silent.
fn assert_found_and_twins_silent(what: &str, write: impl Fn(&str) -> Vec<u8>, encoding: Encoding) {
    let report = scan_files(&[("/etc/app.conf", write(SECRET))]);
    assert!(
        places(&report).contains(&(encoding, "/etc/app.conf".to_owned())),
        "{what}: {:?}",
        report.hits
    );
    for twin in near_misses() {
        let report = scan_files(&[("/etc/app.conf", write(&twin))]);
        assert!(report.is_clean(), "{what} of {twin:?}: {:?}", report.hits);
    }
}

fn wrap(text: &str, width: usize, newline: &str) -> String {
    text.as_bytes()
        .chunks(width)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(newline)
}

#[test]
fn wrapped_base64_is_found_at_every_width_alignment_and_line_ending() {
    for width in [64, 76, 20] {
        for newline in ["\n", "\r\n"] {
            for lead in ["", "a", "ab", "abc", "abcd"] {
                let write = |s: &str| {
                    let body = STANDARD.encode(format!("{lead}key={s}\nmore text follows here"));
                    format!(
                        "-----BEGIN DATA-----\n{}\n-----END DATA-----\n",
                        wrap(&body, width, newline)
                    )
                    .into_bytes()
                };
                assert_found_and_twins_silent(
                    &format!("width {width} {newline:?} lead {lead:?}"),
                    write,
                    Encoding::Base64,
                );
            }
        }
    }
}

#[test]
fn url_encoding_is_found_in_either_case_and_with_partial_escaping() {
    let upper = |s: &str| {
        let encoded: String = s
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b == b'-' {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        format!("url = https://deploy:{encoded}@git.example.com/repo.git\n").into_bytes()
    };
    assert_found_and_twins_silent("upper-case escapes", upper, Encoding::UrlEncoded);
    let lower_partial = |s: &str| {
        // Only `@` and `:` escaped, lower-case, as some clients write userinfo.
        let encoded = s.replace('@', "%40").replace(':', "%3a");
        format!("DATABASE_URL=postgres://app:{encoded}@db/app\n").into_bytes()
    };
    assert_found_and_twins_silent("partial escapes", lower_partial, Encoding::UrlEncoded);
}

#[test]
fn json_escapes_are_found() {
    let slashes = |s: &str| format!("{{\"token\":\"{}\"}}", s.replace('/', "\\/")).into_bytes();
    assert_found_and_twins_silent("\\/", slashes, Encoding::JsonEscaped);
    let unicode = |s: &str| {
        let escaped = s.replace('+', "\\u002B").replace('@', "\\u0040");
        format!("{{\"token\":\"{escaped}\"}}").into_bytes()
    };
    assert_found_and_twins_silent("\\u00xx", unicode, Encoding::JsonEscaped);
}

#[test]
fn mixed_case_hex_is_found() {
    let mixed = |s: &str| {
        let hex: String = hex::encode(s)
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if i % 3 == 0 {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect();
        format!("blob {hex}\n").into_bytes()
    };
    assert_found_and_twins_silent("mixed-case hex", mixed, Encoding::HexMixed);
}

#[test]
fn utf16le_is_found() {
    let utf16 = |s: &str| {
        let text = format!("\u{feff}[auth]\r\ntoken={s}\r\n");
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    };
    assert_found_and_twins_silent("UTF-16LE", utf16, Encoding::Utf16Le);
}

fn tar_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    files
        .iter()
        .fold(Layer::new(), |layer, (path, body)| layer.file(path, body))
        .into_tar()
}

fn zip_of(files: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for (path, body) in files {
        writer.start_file(*path, options).expect("zip entry");
        writer.write_all(body).expect("zip write");
    }
    writer.finish().expect("zip").into_inner()
}

fn bzip2_of(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
    encoder.write_all(bytes).expect("bzip2");
    encoder.finish().expect("bzip2")
}

fn xz_of(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = liblzma::write::XzEncoder::new(Vec::new(), 1);
    encoder.write_all(bytes).expect("xz");
    encoder.finish().expect("xz")
}

fn content_hits(report: &Report) -> Vec<&Hit> {
    report
        .hits
        .iter()
        .filter(|h| h.found_in == FoundIn::FileContent)
        .collect()
}

#[test]
fn secrets_inside_archives_are_reported_with_the_whole_path() {
    let creds = format!("user=deploy\npassword={SECRET}\n");
    let jar = zip_of(
        &[
            ("META-INF/MANIFEST.MF", b"Manifest-Version: 1.0\n"),
            ("META-INF/creds.properties", creds.as_bytes()),
        ],
        zip::CompressionMethod::Deflated,
    );
    let stored = zip_of(
        &[("a/b.txt", creds.as_bytes())],
        zip::CompressionMethod::Stored,
    );
    let npm = gzip(&tar_of(&[("package/.npmrc", creds.as_bytes())]));
    let nested = gzip(&tar_of(&[("dist/app.jar", &jar)]));
    let report = scan_files(&[
        ("/app/lib/x.jar", jar.clone()),
        ("/app/stored.zip", stored),
        ("/root/.npm/_cacache/pkg.tgz", npm),
        ("/srv/release.tar.gz", nested),
        ("/srv/creds.txt.bz2", bzip2_of(creds.as_bytes())),
        ("/srv/creds.txt.xz", xz_of(creds.as_bytes())),
        ("/srv/creds.txt.zst", zstd(creds.as_bytes())),
    ]);
    let paths: Vec<&str> = content_hits(&report)
        .iter()
        .map(|h| h.path.as_str())
        .collect();
    assert_eq!(
        paths,
        vec![
            "/app/lib/x.jar!/META-INF/creds.properties",
            "/app/stored.zip!/a/b.txt",
            "/root/.npm/_cacache/pkg.tgz!/package/.npmrc",
            "/srv/creds.txt.bz2!",
            "/srv/creds.txt.xz!",
            "/srv/creds.txt.zst!",
            "/srv/release.tar.gz!/dist/app.jar!/META-INF/creds.properties",
        ],
        "{:?}",
        report.hits
    );
    let jar_hit = content_hits(&report)[0];
    assert_eq!(jar_hit.offset, creds.find(SECRET).expect("in creds") as u64);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);

    for twin in near_misses() {
        let creds = format!("user=deploy\npassword={twin}\n");
        let jar = zip_of(
            &[("c.properties", creds.as_bytes())],
            zip::CompressionMethod::Deflated,
        );
        let report = scan_files(&[
            ("/app/x.jar", jar),
            ("/a.tgz", gzip(&tar_of(&[("p/.npmrc", creds.as_bytes())]))),
            ("/a.xz", xz_of(creds.as_bytes())),
        ]);
        assert!(report.is_clean(), "{twin:?}: {:?}", report.hits);
    }
}

#[test]
fn a_secret_in_an_archive_member_name_is_found() {
    let zip = zip_of(
        &[(&format!("keys/{SECRET}.pem"), b"x")],
        zip::CompressionMethod::Stored,
    );
    let report = scan_files(&[("/opt/k.zip", zip)]);
    let names: Vec<(&str, u64)> = report
        .hits
        .iter()
        .filter(|h| h.found_in == FoundIn::FileName && h.encoding == Encoding::Raw)
        .map(|h| (h.path.as_str(), h.offset))
        .collect();
    // The offset counts in the reported path: `/opt/k.zip!/keys/` is 17 bytes.
    assert_eq!(names, vec![("/opt/k.zip!/keys/[secret tok].pem", 17)]);
}

#[test]
fn the_nesting_bound_is_reported_not_silent() {
    let mut inner = format!("password={SECRET}\n").into_bytes();
    for _ in 0..4 {
        inner = gzip(&inner);
    }
    let image = Image::new().layer(Layer::new().file("deep.gz", &inner), Packing::Gzip);
    let open = scan_with(image.docker_archive(), Limits::default());
    assert_eq!(content_hits(&open).len(), 1, "{:?}", open.hits);
    assert_eq!(content_hits(&open)[0].path, "/deep.gz!");

    let bounded = scan_with(
        image.docker_archive(),
        Limits {
            nesting: 2,
            ..Limits::default()
        },
    );
    assert!(bounded.is_clean());
    assert_eq!(bounded.warnings.len(), 1, "{:?}", bounded.warnings);
    assert!(
        bounded.warnings[0].contains("/deep.gz!: a gzip stream nested more than 2 deep"),
        "{:?}",
        bounded.warnings
    );
}

#[test]
fn the_expansion_bound_is_reported_not_silent() {
    let mut body = vec![b'0'; 300_000];
    body.extend_from_slice(SECRET.as_bytes());
    let image = Image::new().layer(Layer::new().file("big.gz", &gzip(&body)), Packing::Gzip);
    let bounded = scan_with(
        image.docker_archive(),
        Limits {
            expanded: 100_000,
            ..Limits::default()
        },
    );
    assert!(bounded.is_clean(), "{:?}", bounded.hits);
    assert_eq!(bounded.warnings.len(), 1, "{:?}", bounded.warnings);
    assert!(
        bounded.warnings[0].contains("/big.gz: it expands to more than 97.7 KiB"),
        "{:?}",
        bounded.warnings
    );
    let open = scan_with(image.docker_archive(), Limits::default());
    assert_eq!(content_hits(&open)[0].path, "/big.gz!");
}

#[test]
fn a_corrupt_archive_inside_a_layer_is_a_warning_and_its_bytes_are_searched() {
    let mut broken = gzip(format!("x={SECRET}\n").as_bytes());
    broken.truncate(broken.len() - 6);
    broken.extend_from_slice(format!(" trailing {SECRET}").as_bytes());
    let report = scan_files(&[("/data/broken.gz", broken)]);
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    assert!(report.warnings[0].contains("/data/broken.gz: it could not be read completely"));
    assert!(
        places(&report).contains(&(Encoding::Raw, "/data/broken.gz".to_owned())),
        "{:?}",
        report.hits
    );
}

#[test]
fn legacy_archives_report_a_config_field_once_and_hits_are_sorted() {
    let image = Image::new()
        .layer(
            Layer::new()
                .file("z/last", SECRET.as_bytes())
                .file("a/first", SECRET.as_bytes()),
            Packing::Gzip,
        )
        .layer(
            Layer::new().file("b/second", SECRET.as_bytes()),
            Packing::Plain,
        )
        .env(&format!("TOKEN={SECRET}"))
        .label("token", SECRET);
    let report = scan_with(image.docker_archive(), Limits::default());
    let digests = image.diff_ids();
    let listed: Vec<(String, &str)> = report
        .hits
        .iter()
        .filter(|h| h.encoding == Encoding::Raw)
        .map(|h| (h.layer.clone(), h.path.as_str()))
        .collect();
    assert_eq!(
        listed,
        vec![
            (digests[0].clone(), "/a/first"),
            (digests[0].clone(), "/z/last"),
            (digests[1].clone(), "/b/second"),
            ("config".to_owned(), "/config/Env/1"),
            ("config".to_owned(), "/config/Labels/token"),
        ]
    );
}
