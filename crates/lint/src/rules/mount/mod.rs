//! Mounts and RUN flags that need care from whoever builds.

pub(crate) mod bind_mounted_then_copied;
pub(crate) mod feature_newer_than_syntax;
pub(crate) mod run_needs_entitlement;
pub(crate) mod secret_read_without_required;
