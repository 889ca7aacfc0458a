//! Everything that can go wrong talking to a registry.

/// A registry request that failed; each message names the image or URL.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    /// An image reference that cannot be read.
    #[error("image reference {reference:?}: {problem}")]
    BadReference {
        /// The reference as given.
        reference: String,
        /// What is wrong with it.
        problem: String,
    },
    /// The registry could not be reached.
    #[error("cannot reach {url}: {message}")]
    Transport {
        /// The URL asked for.
        url: String,
        /// The client's explanation.
        message: String,
    },
    /// The registry answered with an error status.
    #[error("{url}: the registry answered {status}{}", if detail.is_empty() { String::new() } else { format!(": {detail}") })]
    Status {
        /// The URL asked for.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The start of the registry's error body.
        detail: String,
    },
    /// The registry's authentication could not be satisfied.
    #[error("{registry}: authentication failed: {problem}")]
    Auth {
        /// The registry host.
        registry: String,
        /// What went wrong.
        problem: String,
    },
    /// A manifest that is not what the API promises.
    #[error("{image}: bad manifest: {problem}")]
    BadManifest {
        /// The image.
        image: String,
        /// What is wrong with it.
        problem: String,
    },
    /// Content whose digest is not the one asked for.
    #[error("{image}: the registry sent content with digest {actual}, not {expected}")]
    DigestMismatch {
        /// The image.
        image: String,
        /// The digest asked for.
        expected: String,
        /// The digest of what arrived.
        actual: String,
    },
    /// A platform the image does not have.
    #[error("{image} has no {platform} image; it has {available}")]
    NoPlatform {
        /// The image.
        image: String,
        /// The platform asked for.
        platform: String,
        /// The platforms it has, comma-separated.
        available: String,
    },
}
