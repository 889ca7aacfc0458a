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

/// An operating system, architecture and variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Platform {
    /// `linux`, `windows`, ...
    pub os: String,
    /// `amd64`, `arm64`, ...
    pub architecture: String,
    /// `v7` for `arm`, ...; empty where containerd normalises it away
    /// (`arm64/v8`, `amd64/v1`).
    pub variant: String,
}

impl std::fmt::Display for Platform {
    /// `os/arch[/variant]`, as containerd's `platforms.Format` writes it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.os, self.architecture)?;
        if !self.variant.is_empty() {
            write!(f, "/{}", self.variant)?;
        }
        Ok(())
    }
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
        let platform = |os: String, (architecture, variant): (String, String)| Self {
            os,
            architecture,
            variant,
        };
        match parts.as_slice() {
            [one] => {
                let os = normalize_os(one);
                if KNOWN_OS.contains(&os.as_str()) {
                    return Some(platform(os, normalize_arch(DEFAULT_ARCH, "")));
                }
                let (architecture, variant) = normalize_arch(one, "");
                KNOWN_ARCH
                    .contains(&architecture.as_str())
                    .then(|| platform(DEFAULT_OS.to_owned(), (architecture, variant)))
            }
            [os, arch] => Some(platform(normalize_os(os), normalize_arch(arch, ""))),
            [os, arch, variant] => Some(platform(normalize_os(os), normalize_arch(arch, variant))),
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

/// The architecture and variant as containerd normalises them: aliases to
/// Go's names, `arm` defaulting to `v7`, `arm64/v8` and `amd64/v1` to none.
fn normalize_arch(arch: &str, variant: &str) -> (String, String) {
    let variant = variant.to_lowercase();
    let (arch, variant) = match (arch.to_lowercase().as_str(), variant.as_str()) {
        ("i386", _) => ("386", ""),
        ("x86_64" | "x86-64" | "amd64", "v1") => ("amd64", ""),
        ("x86_64" | "x86-64", v) => ("amd64", v),
        ("aarch64" | "arm64", "8" | "v8") => ("arm64", ""),
        ("aarch64", v) => ("arm64", v),
        ("armhf", _) => ("arm", "v7"),
        ("armel", _) => ("arm", "v6"),
        ("arm", "" | "7") => ("arm", "v7"),
        ("arm", v @ ("5" | "6" | "8")) => return ("arm".to_owned(), format!("v{v}")),
        (other, v) => return (other.to_owned(), v.to_owned()),
    };
    (arch.to_owned(), variant.to_owned())
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
        let shown = |s: &str| Platform::parse(s).map(|p| p.to_string());
        assert_eq!(shown("linux/arm").as_deref(), Some("linux/arm/v7"));
        assert_eq!(shown("linux/arm/6").as_deref(), Some("linux/arm/v6"));
        assert_eq!(shown("linux/arm64/v8").as_deref(), Some("linux/arm64"));
        assert_eq!(shown("linux/amd64/v1").as_deref(), Some("linux/amd64"));
        assert_eq!(shown("linux/amd64/v3").as_deref(), Some("linux/amd64/v3"));
        assert_eq!(shown("armhf").as_deref(), Some("linux/arm/v7"));
        assert_eq!(p("linux/$ARCH"), None);
        assert_eq!(p(""), None);
    }
}
