//! A small client of the OCI distribution API (the registry HTTP API v2).
//!
//! [`ImageRef`] reads image references the way Docker does (Docker Hub and
//! `library/` by default). [`Client`] fetches manifests and blobs, answering
//! a registry's `401` with its token flow (`WWW-Authenticate: Bearer`, with
//! the docker login credentials when there are any) or basic auth. It
//! resolves tags to digests ([`Client::resolve`]), picks a platform's
//! manifest from a manifest list or OCI index, and streams blobs.
//! Registries on a loopback address are spoken to over plain HTTP, as the
//! Docker engine does; every other one over HTTPS.

mod auth;
mod client;
mod error;
mod layout_stream;
mod manifest;
mod reference;

pub use client::{Client, RemoteManifest};
pub use error::RegistryError;
pub use layout_stream::LayoutStream;
pub use manifest::{Descriptor, ImageManifest, Resolution};
pub use reference::ImageRef;
