//! `verify REGISTRY/IMAGE:TAG`: the image streamed from its registry, with
//! no daemon and no pull, into the same scan as a tarball.

use registry::{Client, ImageRef, LayoutStream};
use scan::{Progress, Report, Verifier};

use crate::verify::VerifyError;

/// Scans one platform's image from its registry.
pub(crate) fn scan(
    verifier: &Verifier,
    input: &str,
    platform: Option<&str>,
    progress: &dyn Progress,
) -> Result<Report, VerifyError> {
    let image = ImageRef::parse(input)?;
    let platform = platform.map_or_else(host_platform, str::to_owned);
    let client = Client::new();
    let remote = client.image_manifest(&image, &platform)?;
    let stream = LayoutStream::new(client, image, &remote).map_err(|source| {
        VerifyError::RegistryLayout {
            image: input.to_owned(),
            source,
        }
    })?;
    let len = stream.len();
    Ok(verifier.scan_reader(stream, input, Some(len), progress)?)
}

/// `linux/<arch>` in the registry's names for this machine's architecture.
fn host_platform() -> String {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        other => other,
    };
    format!("linux/{arch}")
}
