//! The `docker-bake.json` that builds every variant: one target each, and a
//! `default` group of all of them.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::VariantsError;

/// A bake file: `{"group": {"default": ...}, "target": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct BakeFile {
    group: BTreeMap<String, BakeGroup>,
    target: BTreeMap<String, BakeTarget>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
struct BakeGroup {
    targets: Vec<String>,
}

/// One variant's build, in bake's own field names. Every string is written
/// with bake's interpolation escaped (`$${`, `%%{`), so the Dockerfile's own
/// `${VAR}` reaches BuildKit unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct BakeTarget {
    /// The build context.
    pub context: String,
    /// The rendered Dockerfile.
    #[serde(rename = "dockerfile-inline")]
    pub dockerfile_inline: String,
    /// Image names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Target platforms.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub platforms: Vec<String>,
    /// The stage to build.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Build arguments.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, String>,
    /// `id=ID,src=PATH` / `id=ID,env=VAR`: only the secrets this variant mounts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub secret: Vec<String>,
    /// `ID[=SOCKET|KEY]`: only the ssh ids this variant mounts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ssh: Vec<String>,
    /// Cache sources.
    #[serde(rename = "cache-from", skip_serializing_if = "Vec::is_empty")]
    pub cache_from: Vec<String>,
    /// Cache exports.
    #[serde(rename = "cache-to", skip_serializing_if = "Vec::is_empty")]
    pub cache_to: Vec<String>,
}

impl BakeFile {
    /// Adds the target `name` and lists it in the `default` group.
    pub fn add(&mut self, name: &str, target: BakeTarget) {
        self.group
            .entry("default".to_owned())
            .or_default()
            .targets
            .push(name.to_owned());
        self.target.insert(name.to_owned(), target.escaped());
    }

    /// The file as pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

impl BakeTarget {
    /// The target with every string escaped from bake's interpolation.
    fn escaped(self) -> BakeTarget {
        let all = |items: Vec<String>| items.iter().map(|s| escape(s)).collect();
        BakeTarget {
            context: escape(&self.context),
            dockerfile_inline: escape(&self.dockerfile_inline),
            tags: all(self.tags),
            platforms: all(self.platforms),
            target: self.target.as_deref().map(escape),
            args: self
                .args
                .iter()
                .map(|(k, v)| (k.clone(), escape(v)))
                .collect(),
            secret: all(self.secret),
            ssh: all(self.ssh),
            cache_from: all(self.cache_from),
            cache_to: all(self.cache_to),
        }
    }
}

/// Escapes bake's HCL-style interpolation (`${...}`) and directives
/// (`%{...}`) by doubling their first character.
fn escape(text: &str) -> String {
    text.replace("${", "$${").replace("%{", "%%{")
}

/// Fills `{flag}` placeholders of a `--tag-template` with the variant's
/// values (`flags` as `(name, value)`); `{{` and `}}` are literal braces.
pub fn expand_template(
    template: &str,
    flags: &[(String, String)],
) -> Result<String, VariantsError> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        if rest[open..].starts_with("{{") || rest[open..].starts_with("}}") {
            out.push_str(&rest[open..=open]);
            rest = &after[1..];
            continue;
        }
        let close = match (rest.as_bytes()[open], after.find('}')) {
            (b'{', Some(close)) => close,
            _ => {
                return Err(VariantsError::UnclosedPlaceholder {
                    template: template.to_owned(),
                })
            }
        };
        let name = &after[..close];
        let key = name.replace('-', "_");
        let value = flags
            .iter()
            .find(|(flag, _)| flag.replace('-', "_") == key)
            .map(|(_, value)| value)
            .ok_or_else(|| VariantsError::UnknownPlaceholder {
                template: template.to_owned(),
                placeholder: name.to_owned(),
                known: flags
                    .iter()
                    .map(|(flag, _)| flag.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })?;
        out.push_str(value);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags() -> Vec<(String, String)> {
        vec![
            ("py".into(), "3.12".into()),
            ("private".into(), "true".into()),
        ]
    }

    #[test]
    fn templates_fill_flags_and_keep_doubled_braces() {
        assert_eq!(
            expand_template("app:{py}-{private}", &flags()).as_deref(),
            Ok("app:3.12-true")
        );
        assert_eq!(
            expand_template("a{{b}}:{py}", &flags()).as_deref(),
            Ok("a{b}:3.12")
        );
        assert_eq!(
            expand_template("app:{version}", &flags()).expect_err("unknown").to_string(),
            "--tag-template \"app:{version}\" uses {version}, which is not a --matrix flag; use one of: py, private"
        );
        assert!(matches!(
            expand_template("app:{py", &flags()),
            Err(VariantsError::UnclosedPlaceholder { .. })
        ));
        assert!(matches!(
            expand_template("app:py}", &flags()),
            Err(VariantsError::UnclosedPlaceholder { .. })
        ));
    }

    #[test]
    fn interpolation_is_escaped_in_every_string() {
        let mut file = BakeFile::default();
        file.add(
            "v1",
            BakeTarget {
                context: ".".into(),
                dockerfile_inline: "FROM a\nRUN echo ${HOME} %{x} $PATH\n".into(),
                args: [("A".into(), "${B}".into())].into(),
                ..BakeTarget::default()
            },
        );
        let json: serde_json::Value = serde_json::from_str(&file.to_json()).expect("JSON");
        assert_eq!(
            json["target"]["v1"]["dockerfile-inline"],
            "FROM a\nRUN echo $${HOME} %%{x} $PATH\n"
        );
        assert_eq!(json["target"]["v1"]["args"]["A"], "$${B}");
        assert_eq!(
            json["group"]["default"]["targets"],
            serde_json::json!(["v1"])
        );
        assert!(json["target"]["v1"].get("tags").is_none());
    }
}
