//! Platform specifiers (`linux/amd64`, `arm64`, `linux/arm/v7`) read and
//! normalised as containerd's `platforms.Parse` reads them for BuildKit.

/// Operating systems Go knows (`GOOS` values).
const KNOWN_OS: [&str; 17] = [
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "windows",
    "zos",
];

/// Architectures Go knows (`GOARCH` values).
const KNOWN_ARCH: [&str; 25] = [
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "ppc64",
    "ppc64le",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
    "wasm32",
];

/// The platform a static linter assumes for the build (Docker's default on
/// the machines it runs on); containerd fills a lone OS or architecture
/// with the other half of it.
const DEFAULT_OS: &str = "linux";
/// See [`DEFAULT_OS`].
const DEFAULT_ARCH: &str = "amd64";

/// An operating system and architecture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Platform {
    /// `linux`, `windows`, ...
    pub os: String,
    /// `amd64`, `arm64`, ...
    pub architecture: String,
}

impl Platform {
    /// Parses `os`, `arch`, `os/arch` or `os/arch/variant`; `None` where
    /// containerd refuses the specifier.
    pub fn parse(specifier: &str) -> Option<Self> {
        let parts: Vec<&str> = specifier.split('/').collect();
        let well_formed = parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        });
        if !well_formed {
            return None;
        }
        match parts.as_slice() {
            [one] => {
                let os = normalize_os(one);
                if KNOWN_OS.contains(&os.as_str()) {
                    return Some(Self {
                        os,
                        architecture: DEFAULT_ARCH.to_owned(),
                    });
                }
                let architecture = normalize_arch(one);
                KNOWN_ARCH.contains(&architecture.as_str()).then(|| Self {
                    os: DEFAULT_OS.to_owned(),
                    architecture,
                })
            }
            [os, arch] | [os, arch, _] => Some(Self {
                os: normalize_os(os),
                architecture: normalize_arch(arch),
            }),
            _ => None,
        }
    }
}

fn normalize_os(os: &str) -> String {
    match os.to_lowercase().as_str() {
        "macos" => "darwin".to_owned(),
        other => other.to_owned(),
    }
}

fn normalize_arch(arch: &str) -> String {
    match arch.to_lowercase().as_str() {
        "i386" => "386".to_owned(),
        "x86_64" | "x86-64" => "amd64".to_owned(),
        "aarch64" => "arm64".to_owned(),
        "armhf" | "armel" => "arm".to_owned(),
        other => other.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specifiers_are_normalised() {
        let p = |s: &str| Platform::parse(s).map(|p| format!("{}/{}", p.os, p.architecture));
        assert_eq!(p("linux/amd64").as_deref(), Some("linux/amd64"));
        assert_eq!(p("Linux/x86_64").as_deref(), Some("linux/amd64"));
        assert_eq!(p("arm64").as_deref(), Some("linux/arm64"));
        assert_eq!(p("windows").as_deref(), Some("windows/amd64"));
        assert_eq!(p("linux/arm/v7").as_deref(), Some("linux/arm"));
        assert_eq!(p("nonsense"), None);
        assert_eq!(p("linux/$ARCH"), None);
        assert_eq!(p(""), None);
    }
}
