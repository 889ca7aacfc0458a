//! Package tools and their caches: where each caches for a HOME, the flags
//! and variables that turn its cache off, and the variable that moves it.

/// A tool that caches downloads.
pub(crate) struct Tool {
    /// Its name, for messages.
    pub name: &'static str,
    /// The programs that run it.
    pub programs: &'static [&'static str],
    /// Its cache directory: absolute, or under HOME when starting with `~/`.
    pub cache: &'static str,
    /// Flags that disable the cache.
    pub no_cache_flags: &'static [&'static str],
    /// Variables that disable the cache.
    pub no_cache_vars: &'static [&'static str],
    /// The variable that moves the cache.
    pub cache_var: Option<&'static str>,
}

/// The tools.
pub(crate) const TOOLS: &[Tool] = &[
    Tool {
        name: "pip",
        programs: &["pip", "pip3"],
        cache: "~/.cache/pip",
        no_cache_flags: &["--no-cache-dir"],
        no_cache_vars: &["PIP_NO_CACHE_DIR"],
        cache_var: Some("PIP_CACHE_DIR"),
    },
    Tool {
        name: "uv",
        programs: &["uv"],
        cache: "~/.cache/uv",
        no_cache_flags: &["--no-cache", "-n"],
        no_cache_vars: &["UV_NO_CACHE"],
        cache_var: Some("UV_CACHE_DIR"),
    },
    Tool {
        name: "poetry",
        programs: &["poetry"],
        cache: "~/.cache/pypoetry",
        no_cache_flags: &["--no-cache"],
        no_cache_vars: &[],
        cache_var: Some("POETRY_CACHE_DIR"),
    },
    Tool {
        name: "apk",
        programs: &["apk"],
        cache: "/var/cache/apk",
        no_cache_flags: &["--no-cache"],
        no_cache_vars: &[],
        cache_var: None,
    },
    Tool {
        name: "npm",
        programs: &["npm"],
        cache: "~/.npm",
        no_cache_flags: &[],
        no_cache_vars: &[],
        cache_var: Some("npm_config_cache"),
    },
    Tool {
        name: "pnpm",
        programs: &["pnpm"],
        cache: "~/.local/share/pnpm/store",
        no_cache_flags: &[],
        no_cache_vars: &[],
        cache_var: Some("PNPM_STORE_DIR"),
    },
    Tool {
        name: "go build",
        programs: &["go"],
        cache: "~/.cache/go-build",
        no_cache_flags: &[],
        no_cache_vars: &[],
        cache_var: Some("GOCACHE"),
    },
    Tool {
        name: "composer",
        programs: &["composer"],
        cache: "~/.cache/composer",
        no_cache_flags: &["--no-cache"],
        no_cache_vars: &[],
        cache_var: Some("COMPOSER_CACHE_DIR"),
    },
    Tool {
        name: "gradle",
        programs: &["gradle", "gradlew", "./gradlew"],
        cache: "~/.gradle",
        no_cache_flags: &[],
        no_cache_vars: &[],
        cache_var: Some("GRADLE_USER_HOME"),
    },
    Tool {
        name: "maven",
        programs: &["mvn", "mvnw", "./mvnw"],
        cache: "~/.m2",
        no_cache_flags: &[],
        no_cache_vars: &[],
        cache_var: None,
    },
];

impl Tool {
    /// The cache directory for `home`, unless it is home-relative and the home is unknown.
    pub fn cache_for(&self, home: Option<&str>) -> Option<String> {
        match self.cache.strip_prefix("~/") {
            Some(rest) => home.map(|h| format!("{}/{rest}", h.trim_end_matches('/'))),
            None => Some(self.cache.to_owned()),
        }
    }

    /// The home-relative part of the cache (`.cache/pip`), if it is under HOME.
    pub fn home_relative(&self) -> Option<&'static str> {
        self.cache.strip_prefix("~/")
    }
}

/// Whether `target` is where `tool` caches, for some HOME.
pub(crate) fn is_cache_of(target: &str, tool: &Tool) -> bool {
    match tool.home_relative() {
        Some(rest) => target.ends_with(&format!("/{rest}")),
        None => crate::paths::is_within(target, tool.cache),
    }
}
