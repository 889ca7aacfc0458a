//! Properties: no input makes the scanner panic, and encoded secrets are found wherever
//! they sit.

mod support;

use std::io::Cursor;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use proptest::prelude::*;
use scan::{Encoding, NoProgress, Report, ScanError, Secret, Verifier};
use support::{Image, Layer, Packing};

fn verifier() -> Verifier {
    Verifier::new(vec![Secret::new("k", b"pr0pt3st-secret").expect("valid")]).expect("verifier")
}

fn run(bytes: Vec<u8>) -> Result<Report, ScanError> {
    verifier().scan_reader(Cursor::new(bytes), "fuzz", None, &NoProgress)
}

fn sample_archive() -> Vec<u8> {
    Image::new()
        .layer(
            Layer::new().file("a", b"hello").symlink("b", "a"),
            Packing::Gzip,
        )
        .layer(Layer::new().file("c", &[3u8; 2000]), Packing::Zstd)
        .layer(Layer::new().file("d", b"plain"), Packing::Plain)
        .env("A=pr0pt3st-secret")
        .docker_archive()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = run(bytes);
    }

    #[test]
    fn random_bytes_behind_magic_numbers_never_panic(
        magic in prop::sample::select(vec![
            vec![0x1f, 0x8b, 8, 0],
            vec![0x28, 0xb5, 0x2f, 0xfd],
            b"ustar".to_vec(),
        ]),
        bytes in proptest::collection::vec(any::<u8>(), 0..2048),
    ) {
        let mut input = magic;
        input.extend(bytes);
        let _ = run(input);
    }

    #[test]
    fn mutated_archives_never_panic(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut bytes = sample_archive();
        for (at, value) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= value | 1;
        }
        if truncate {
            bytes.truncate(cut.index(bytes.len()));
        }
        let _ = run(bytes);
    }

    #[test]
    fn a_truncated_archive_is_an_error_or_lost_nothing(cut in any::<prop::sample::Index>()) {
        // Cutting between two members after everything the manifest names (only the
        // `repositories` file goes) loses nothing; every other cut must be an error.
        let bytes = sample_archive();
        let full = run(bytes.clone()).expect("intact archive");
        let keep = cut.index(bytes.len() - 1024);
        if let Ok(report) = run(bytes[..keep].to_vec()) {
            prop_assert_eq!(report.hits, full.hits, "cut at {} of {}", keep, bytes.len());
            prop_assert_eq!(report.layers, full.layers);
        }
    }

    #[test]
    fn a_secret_inside_base64_text_is_found_at_any_offset(
        before in proptest::collection::vec(any::<u8>(), 0..40),
        after in proptest::collection::vec(any::<u8>(), 0..40),
    ) {
        let mut plain = before;
        plain.extend_from_slice(b"pr0pt3st-secret");
        plain.extend(after);
        let body = STANDARD.encode(&plain);
        let image = Image::new().layer(Layer::new().file("blob.b64", body.as_bytes()), Packing::Gzip);
        let report = run(image.oci_layout()).expect("valid image");
        prop_assert!(report.hits.iter().any(|h| h.encoding == Encoding::Base64));
    }
}
