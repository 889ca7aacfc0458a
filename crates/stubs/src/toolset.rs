//! The container toolset table: each tool's subcommands and long flags.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::StubsError;

/// The table shipped in the crate (`data/toolset.json`).
const BUNDLED: &str = include_str!("../data/toolset.json");

/// The tools that stubs type, in name order.
#[derive(Debug, Clone, Deserialize)]
pub struct Toolset {
    /// One row per tool.
    pub tools: Vec<Tool>,
}

/// One tool: its long flags when it has no subcommands, else each
/// subcommand's long flags (names without the leading `--`).
#[derive(Debug, Clone, Deserialize)]
pub struct Tool {
    /// The command name, as typed in a RUN line.
    pub name: String,
    /// The version the row was harvested from (first line of `--version`).
    pub version: String,
    /// Where the row came from: the help command that was read, or
    /// `curated: <document>` for tools the harvesting machine lacks.
    pub source: String,
    /// Long flags of a tool without subcommands.
    #[serde(default)]
    pub flags: Vec<String>,
    /// Subcommand name to its long flags; empty for a plain tool.
    #[serde(default)]
    pub subcommands: BTreeMap<String, Vec<String>>,
}

impl Toolset {
    /// The table built into this program.
    pub fn bundled() -> Result<Toolset, StubsError> {
        Toolset::from_json(BUNDLED, "the bundled table")
    }

    /// Parses a table; `origin` names it in the error.
    pub fn from_json(json: &str, origin: &str) -> Result<Toolset, StubsError> {
        serde_json::from_str(json).map_err(|source| StubsError::BadTable {
            origin: origin.to_owned(),
            source,
        })
    }

    /// The row of the command `name`, if the table has one.
    pub fn tool(&self, name: &str) -> Option<&Tool> {
        self.tools.iter().find(|tool| tool.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_table_covers_the_issue_s_toolset() {
        let toolset = Toolset::bundled().expect("the bundled table parses");
        for name in [
            "pip", "uv", "poetry", "npm", "pnpm", "yarn", "go", "cargo", "apt-get", "apt", "apk",
            "dnf", "microdnf", "git", "curl", "wget", "tar", "make", "cmake", "gcc", "python",
            "node", "sh", "bash", "chmod", "chown", "mkdir", "cp", "mv", "rm", "ln", "useradd",
            "groupadd", "dotnet",
        ] {
            assert!(toolset.tool(name).is_some(), "no row for {name}");
        }
        let git = toolset.tool("git").expect("git");
        assert!(git.subcommands["clone"].contains(&"depth".to_owned()));
    }

    #[test]
    fn a_malformed_table_names_its_origin() {
        let err = Toolset::from_json("{\"tools\": 3}", "x.json").expect_err("not a list");
        assert!(err
            .to_string()
            .starts_with("the toolset table x.json is invalid"));
    }
}
