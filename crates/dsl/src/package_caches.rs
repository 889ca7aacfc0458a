//! Seed 003's cache table: where each package manager keeps the cache that a
//! BuildKit cache mount should hold, and the command that fills it. One table
//! for every user of the knowledge (`docker-dsl init` writes recipes from it).

/// A package manager's cache mounts and the install step that uses them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackageCache {
    /// The tool's command name, e.g. `pip`.
    pub tool: &'static str,
    /// The language family: `python`, `node`, `go`, `rust` or `system`.
    pub ecosystem: &'static str,
    /// The official image a starter recipe builds on.
    pub image: &'static str,
    /// The cache directories, each with whether the mount must be `locked`
    /// (apt's lists and archives tolerate no concurrent writer).
    pub caches: &'static [(&'static str, bool)],
    /// The files the install step reads, bind-mounted from the context.
    pub manifests: &'static [&'static str],
    /// Commands for a RUN of their own before the install step (apt:
    /// remove Debian's `docker-clean` hook, which empties the cache).
    pub prepare: &'static [&'static str],
    /// The install step, one shell command per entry.
    pub install: &'static [&'static str],
}

/// Every package manager seed 003 gives a cache mount for, in its order.
pub const PACKAGE_CACHES: &[PackageCache] = &[
    PackageCache {
        tool: "pip",
        ecosystem: "python",
        image: "python:3.13-slim",
        caches: &[("/root/.cache/pip", false)],
        manifests: &["requirements.txt"],
        prepare: &[],
        install: &["pip install --requirement requirements.txt"],
    },
    PackageCache {
        tool: "poetry",
        ecosystem: "python",
        image: "python:3.13-slim",
        caches: &[("/root/.cache/pypoetry", false)],
        manifests: &["pyproject.toml", "poetry.lock"],
        prepare: &[],
        install: &["poetry install --no-root --only main"],
    },
    PackageCache {
        tool: "uv",
        ecosystem: "python",
        image: "python:3.13-slim",
        caches: &[("/root/.cache/uv", false)],
        manifests: &["pyproject.toml", "uv.lock"],
        prepare: &[],
        install: &["uv sync --frozen --no-dev"],
    },
    PackageCache {
        tool: "npm",
        ecosystem: "node",
        image: "node:20-slim",
        caches: &[("/root/.npm", false)],
        manifests: &["package.json", "package-lock.json"],
        prepare: &[],
        install: &["npm ci"],
    },
    PackageCache {
        tool: "pnpm",
        ecosystem: "node",
        image: "node:20-slim",
        caches: &[("/root/.local/share/pnpm/store", false)],
        manifests: &["package.json", "pnpm-lock.yaml"],
        prepare: &[],
        install: &["pnpm install --frozen-lockfile"],
    },
    PackageCache {
        tool: "yarn",
        ecosystem: "node",
        image: "node:20-slim",
        caches: &[("/usr/local/share/.cache/yarn", false)],
        manifests: &["package.json", "yarn.lock"],
        prepare: &[],
        install: &["yarn install --frozen-lockfile"],
    },
    PackageCache {
        tool: "go",
        ecosystem: "go",
        image: "golang:1.22",
        caches: &[("/go/pkg/mod", false), ("/root/.cache/go-build", false)],
        manifests: &["go.mod", "go.sum"],
        prepare: &[],
        install: &["go mod download"],
    },
    PackageCache {
        tool: "cargo",
        ecosystem: "rust",
        image: "rust:1-slim",
        caches: &[("/usr/local/cargo/registry", false), ("/app/target", false)],
        manifests: &[],
        prepare: &[],
        install: &["cargo build --release"],
    },
    PackageCache {
        tool: "apt",
        ecosystem: "system",
        image: "debian:bookworm-slim",
        caches: &[("/var/cache/apt", true), ("/var/lib/apt", true)],
        manifests: &[],
        prepare: &["rm -f /etc/apt/apt.conf.d/docker-clean"],
        install: &["apt-get update", "apt-get install -y build-essential"],
    },
    PackageCache {
        tool: "apk",
        ecosystem: "system",
        image: "alpine:3.19",
        caches: &[("/var/cache/apk", false)],
        manifests: &[],
        prepare: &[],
        install: &["apk add build-base"],
    },
];

/// The row of `tool`, if seed 003 has one.
pub fn package_cache(tool: &str) -> Option<&'static PackageCache> {
    PACKAGE_CACHES.iter().find(|row| row.tool == tool)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_findable_and_has_a_cache_and_an_install_step() {
        for row in PACKAGE_CACHES {
            assert_eq!(package_cache(row.tool), Some(row));
            assert!(
                !row.caches.is_empty() && !row.install.is_empty(),
                "{}",
                row.tool
            );
            for (target, _) in row.caches {
                assert!(target.starts_with('/'), "{target} must be absolute");
            }
        }
        assert!(
            package_cache("apt").is_some_and(|apt| apt.caches.iter().all(|(_, locked)| *locked))
        );
    }
}
