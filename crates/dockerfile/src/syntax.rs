//! Which `docker/dockerfile` frontend version each feature needs.
//!
//! Minimums come from BuildKit's Dockerfile reference and the frontend's
//! release notes (github.com/moby/buildkit, `frontend/dockerfile/docs` and
//! the `dockerfile/1.x` releases): `RUN --mount` of every type 1.2, tmpfs
//! `size` 1.4, secret `env` 1.10, `RUN --network` 1.3, `RUN --security` 1.20
//! (stable; earlier only in labs), heredocs 1.4, `COPY --link` 1.4, octal
//! `--chmod` 1.2 and symbolic 1.14, `--exclude` 1.19 and `--parents` 1.20
//! (stable; earlier only in labs), `ADD <git url>`, `--checksum` and
//! `--keep-git-dir` 1.6, `ADD --unpack` 1.17, the `# check=` directive 1.8.

use std::fmt;

use crate::ast::{Add, CopyInstruction, Directive, Document, Instruction, Mount, Run};

/// The `# syntax=` header a render gets unless told otherwise: the newest
/// stable Dockerfile frontend.
pub const DEFAULT_SYNTAX: &str = "docker/dockerfile:1";

/// A `docker/dockerfile` frontend version, `major.minor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SyntaxVersion {
    /// Major version (1).
    pub major: u32,
    /// Minor version.
    pub minor: u32,
}

impl SyntaxVersion {
    /// `major.minor`.
    pub const fn new(major: u32, minor: u32) -> Self {
        Self { major, minor }
    }

    /// Parses `1.7`, `1.7.0` or `1`, or a frontend reference such as
    /// `docker/dockerfile:1.7` / `docker/dockerfile:1.7-labs`. `None` when the
    /// reference names no fixed minor version (`:1`, `:latest`, a digest),
    /// which tracks the newest frontend.
    pub fn from_reference(reference: &str) -> Option<Self> {
        let tag = match reference.rsplit_once(':') {
            Some((_, tag)) if !reference.contains('@') => tag,
            Some(_) => return None,
            None => reference,
        };
        let tag = tag.split('-').next().unwrap_or(tag);
        let mut parts = tag.split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        Some(Self { major, minor })
    }
}

impl fmt::Display for SyntaxVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// A feature that needs a minimum frontend version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionNeed {
    /// What the feature is, as users write it.
    pub feature: &'static str,
    /// The lowest frontend version that has it.
    pub version: SyntaxVersion,
}

const fn need(feature: &'static str, major: u32, minor: u32) -> VersionNeed {
    VersionNeed {
        feature,
        version: SyntaxVersion::new(major, minor),
    }
}

/// The table: one entry per feature.
pub mod features {
    use super::{need, VersionNeed};

    /// `RUN --mount` of any type.
    pub const MOUNT: VersionNeed = need("RUN --mount", 1, 2);
    /// `type=tmpfs,size=`.
    pub const TMPFS_SIZE: VersionNeed = need("tmpfs mount size=", 1, 4);
    /// `type=secret,env=`.
    pub const SECRET_ENV: VersionNeed = need("secret mount env=", 1, 10);
    /// `RUN --network`.
    pub const NETWORK: VersionNeed = need("RUN --network", 1, 3);
    /// `RUN --security`.
    pub const SECURITY: VersionNeed = need("RUN --security", 1, 20);
    /// Heredocs.
    pub const HEREDOC: VersionNeed = need("heredoc", 1, 4);
    /// `COPY --link`.
    pub const LINK: VersionNeed = need("COPY/ADD --link", 1, 4);
    /// Octal `--chmod`.
    pub const CHMOD_OCTAL: VersionNeed = need("--chmod (octal)", 1, 2);
    /// Symbolic `--chmod=u+x`.
    pub const CHMOD_SYMBOLIC: VersionNeed = need("--chmod (symbolic)", 1, 14);
    /// `--exclude`.
    pub const EXCLUDE: VersionNeed = need("COPY/ADD --exclude", 1, 19);
    /// `--parents`.
    pub const PARENTS: VersionNeed = need("COPY/ADD --parents", 1, 20);
    /// `ADD <git url>`.
    pub const ADD_GIT: VersionNeed = need("ADD <git url>", 1, 6);
    /// `ADD --checksum`.
    pub const CHECKSUM: VersionNeed = need("ADD --checksum", 1, 6);
    /// `ADD --keep-git-dir`.
    pub const KEEP_GIT_DIR: VersionNeed = need("ADD --keep-git-dir", 1, 6);
    /// `ADD --unpack`.
    pub const UNPACK: VersionNeed = need("ADD --unpack", 1, 17);
    /// The `# check=` directive.
    pub const CHECK: VersionNeed = need("# check= directive", 1, 8);
}

impl Mount {
    fn needs(&self, out: &mut Vec<VersionNeed>) {
        out.push(features::MOUNT);
        match self {
            Mount::Tmpfs { size: Some(_), .. } => out.push(features::TMPFS_SIZE),
            Mount::Secret { env: Some(_), .. } => out.push(features::SECRET_ENV),
            _ => {}
        }
    }
}

impl Run {
    fn needs(&self, out: &mut Vec<VersionNeed>) {
        for mount in &self.mounts {
            mount.needs(out);
        }
        if self.network.is_some() {
            out.push(features::NETWORK);
        }
        if self.security.is_some() {
            out.push(features::SECURITY);
        }
        if !self.heredocs.is_empty() {
            out.push(features::HEREDOC);
        }
    }
}

impl CopyInstruction {
    fn needs(&self, out: &mut Vec<VersionNeed>) {
        if self.link {
            out.push(features::LINK);
        }
        if let Some(chmod) = &self.chmod {
            let octal = chmod.chars().all(|c| c.is_digit(8));
            out.push(if octal {
                features::CHMOD_OCTAL
            } else {
                features::CHMOD_SYMBOLIC
            });
        }
        if !self.exclude.is_empty() {
            out.push(features::EXCLUDE);
        }
        if self.parents {
            out.push(features::PARENTS);
        }
    }
}

/// True for a source BuildKit fetches as a git repository.
fn is_git_source(source: &str) -> bool {
    source.starts_with("git@")
        || source.ends_with(".git")
        || source.starts_with("git://")
        || source.contains(".git#")
}

impl Add {
    fn needs(&self, out: &mut Vec<VersionNeed>) {
        self.copy.needs(out);
        if self.copy.sources.iter().any(|s| is_git_source(s)) {
            out.push(features::ADD_GIT);
        }
        if self.checksum.is_some() {
            out.push(features::CHECKSUM);
        }
        if self.keep_git_dir {
            out.push(features::KEEP_GIT_DIR);
        }
        if self.unpack.is_some() {
            out.push(features::UNPACK);
        }
    }
}

impl Instruction {
    /// The versioned features this instruction uses.
    pub fn needs(&self) -> Vec<VersionNeed> {
        let mut out = Vec::new();
        match self {
            Instruction::Run(run) => run.needs(&mut out),
            Instruction::Copy(copy) => copy.needs(&mut out),
            Instruction::Add(add) => add.needs(&mut out),
            Instruction::Onbuild(inner) => out.extend(inner.needs()),
            _ => {}
        }
        out
    }
}

impl Document {
    /// Every versioned feature the document uses.
    pub fn needs(&self) -> Vec<VersionNeed> {
        let mut out: Vec<VersionNeed> = Vec::new();
        if self
            .directives
            .iter()
            .any(|d| matches!(d, Directive::Check(_)))
        {
            out.push(features::CHECK);
        }
        for instruction in self
            .preamble
            .iter()
            .chain(self.stages.iter().flat_map(|s| s.body.iter()))
        {
            out.extend(instruction.needs());
        }
        out
    }

    /// The lowest frontend version that can build the document, and the
    /// feature that sets it (`None`: any version).
    pub fn min_syntax(&self) -> Option<VersionNeed> {
        self.needs().into_iter().max_by_key(|n| n.version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frontend_references_give_their_version() {
        assert_eq!(
            SyntaxVersion::from_reference("docker/dockerfile:1.7"),
            Some(SyntaxVersion::new(1, 7))
        );
        assert_eq!(
            SyntaxVersion::from_reference("docker/dockerfile:1.4.3"),
            Some(SyntaxVersion::new(1, 4))
        );
        assert_eq!(
            SyntaxVersion::from_reference("docker/dockerfile:1.7-labs"),
            Some(SyntaxVersion::new(1, 7))
        );
        assert_eq!(
            SyntaxVersion::from_reference("1.10"),
            Some(SyntaxVersion::new(1, 10))
        );
        assert_eq!(SyntaxVersion::from_reference("docker/dockerfile:1"), None);
        assert_eq!(
            SyntaxVersion::from_reference("docker/dockerfile@sha256:abc"),
            None
        );
        assert!(SyntaxVersion::new(1, 10) > SyntaxVersion::new(1, 9));
    }
}
