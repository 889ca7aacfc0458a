//! The rules, one per file, grouped by category.

pub(crate) mod cache;
pub(crate) mod check;
pub(crate) mod mount;
pub(crate) mod secret;
pub(crate) mod syntax;
