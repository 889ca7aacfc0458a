//! Scanning on several threads gives exactly the report of one thread and of one stream.

mod support;

use std::io::Cursor;

use scan::{NoProgress, ScanError, Secret, Verifier};
use support::{Image, Layer, Packing};

const TOKEN: &[u8] = b"par-S3cr3t-0123456789abcdef";

fn verifier(threads: usize) -> Verifier {
    Verifier::new(vec![Secret::new("t", TOKEN).expect("valid")])
        .expect("verifier")
        .with_threads(threads)
}

/// Six layers of different sizes and compressions, each with the secret somewhere, so
/// threads finish out of order.
fn image() -> Image {
    let packings = [Packing::Gzip, Packing::Plain, Packing::Zstd];
    (0..6usize)
        .fold(Image::new(), |image, i| {
            let mut body = vec![b'x'; 50_000 * (6 - i)];
            body.extend_from_slice(TOKEN);
            let layer = Layer::new()
                .file(&format!("l{i}/b"), &body)
                .file(&format!("l{i}/a"), TOKEN);
            image.layer(layer, packings[i % 3])
        })
        .env(&format!("T={}", String::from_utf8_lossy(TOKEN)))
}

#[test]
fn every_thread_count_and_the_stream_agree() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, bytes) in [
        ("legacy.tar", image().docker_archive()),
        ("oci.tar", image().docker_archive_oci()),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).expect("write");
        let stream = verifier(1)
            .scan_reader(
                Cursor::new(bytes),
                &path.display().to_string(),
                None,
                &NoProgress,
            )
            .expect("stream");
        assert_eq!(stream.hits.len(), 13, "{:?}", stream.hits);
        for threads in [1, 2, 4] {
            let report = verifier(threads)
                .scan_path(&path, &NoProgress)
                .expect("file");
            assert_eq!(report.hits, stream.hits, "{name} on {threads} threads");
            assert_eq!(report.layers, stream.layers, "{name} on {threads} threads");
            assert_eq!(report.bytes_read, stream.bytes_read);
        }
    }
}

#[test]
fn a_truncated_file_is_an_error_on_every_thread_count() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = image().docker_archive_oci();
    let path = dir.path().join("cut.tar");
    std::fs::write(&path, &bytes[..bytes.len() / 2]).expect("write");
    for threads in [1, 3] {
        let err = verifier(threads)
            .scan_path(&path, &NoProgress)
            .expect_err("truncated");
        assert!(matches!(err, ScanError::Truncated { .. }), "{err}");
    }
}
