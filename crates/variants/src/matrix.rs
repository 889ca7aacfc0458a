//! The flag matrix: axes of values and their combinations.

use std::collections::HashMap;

use crate::error::VariantsError;

/// The most combinations one matrix may have.
const MAX_VARIANTS: usize = 100_000;

/// One `--matrix name=v1,v2` axis: a recipe flag and the values it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Axis {
    /// The recipe flag, without `--`.
    pub flag: String,
    /// Its values, in the order given.
    pub values: Vec<String>,
}

/// The axes of a matrix, in the order given; the first varies slowest.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Matrix {
    axes: Vec<Axis>,
}

/// One combination of matrix values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// A name made of the flags and values, safe as a file name and as a
    /// bake target (`[A-Za-z0-9_-]`), e.g. `py-3-12_private-true`.
    pub name: String,
    /// `(flag, value)` for every axis, in axis order.
    pub flags: Vec<(String, String)>,
}

impl Matrix {
    /// Parses `--matrix` values such as `py=3.11,3.12`.
    pub fn parse(specs: &[String]) -> Result<Self, VariantsError> {
        let mut axes: Vec<Axis> = Vec::with_capacity(specs.len());
        for spec in specs {
            let bad = |problem: &str| VariantsError::BadAxis {
                spec: spec.clone(),
                problem: problem.to_owned(),
            };
            let (flag, values) = spec.split_once('=').ok_or_else(|| bad("there is no '='"))?;
            let flag = flag.trim_start_matches("--");
            if flag.is_empty() {
                return Err(bad("the flag name is empty"));
            }
            let values: Vec<String> = values.split(',').map(str::to_owned).collect();
            if values.iter().any(String::is_empty) {
                return Err(bad("a value is empty"));
            }
            if let Some(value) = values
                .iter()
                .enumerate()
                .find_map(|(i, v)| values[..i].contains(v).then_some(v))
            {
                return Err(bad(&format!("value {value:?} is listed twice")));
            }
            let key = flag.replace('-', "_");
            if axes.iter().any(|a| a.flag.replace('-', "_") == key) {
                return Err(VariantsError::DuplicateAxis {
                    flag: flag.to_owned(),
                });
            }
            axes.push(Axis {
                flag: flag.to_owned(),
                values,
            });
        }
        Ok(Self { axes })
    }

    /// The axes, in the order given.
    pub fn axes(&self) -> &[Axis] {
        &self.axes
    }

    /// Every combination, the first axis varying slowest; fails when there
    /// are too many or two would get the same name.
    pub fn variants(&self) -> Result<Vec<Variant>, VariantsError> {
        let count = self
            .axes
            .iter()
            .map(|a| a.values.len() as u128)
            .product::<u128>();
        if count > MAX_VARIANTS as u128 {
            return Err(VariantsError::TooManyVariants {
                count,
                max: MAX_VARIANTS,
            });
        }
        let mut variants = Vec::with_capacity(count as usize);
        let mut picks = vec![0usize; self.axes.len()];
        for _ in 0..count {
            let flags: Vec<(String, String)> = self
                .axes
                .iter()
                .zip(&picks)
                .map(|(axis, &i)| (axis.flag.clone(), axis.values[i].clone()))
                .collect();
            variants.push(Variant {
                name: variant_name(&flags),
                flags,
            });
            for (axis, pick) in self.axes.iter().zip(picks.iter_mut()).rev() {
                *pick += 1;
                if *pick < axis.values.len() {
                    break;
                }
                *pick = 0;
            }
        }
        check_names_differ(&variants)?;
        Ok(variants)
    }
}

impl Variant {
    /// The combination as `name=value,...`, for messages.
    pub fn describe(&self) -> String {
        self.flags
            .iter()
            .map(|(flag, value)| format!("{flag}={value}"))
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// `flag-value` pairs joined by `_`, every character outside `[A-Za-z0-9]`
/// of a flag or value written as `-`.
fn variant_name(flags: &[(String, String)]) -> String {
    let safe = |text: &str| -> String {
        text.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect()
    };
    if flags.is_empty() {
        return "default".to_owned();
    }
    flags
        .iter()
        .map(|(flag, value)| format!("{}-{}", safe(flag), safe(value)))
        .collect::<Vec<_>>()
        .join("_")
}

fn check_names_differ(variants: &[Variant]) -> Result<(), VariantsError> {
    let mut seen: HashMap<&str, &Variant> = HashMap::with_capacity(variants.len());
    for variant in variants {
        if let Some(first) = seen.insert(&variant.name, variant) {
            return Err(VariantsError::NameClash {
                first: first.describe(),
                second: variant.describe(),
                name: variant.name.clone(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(specs: &[&str]) -> Result<Matrix, VariantsError> {
        Matrix::parse(&specs.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn combinations_vary_the_last_axis_fastest() {
        let variants = matrix(&["py=3.11,3.12", "private=true,false"])
            .and_then(|m| m.variants())
            .expect("valid matrix");
        let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "py-3-11_private-true",
                "py-3-11_private-false",
                "py-3-12_private-true",
                "py-3-12_private-false"
            ]
        );
        assert_eq!(variants[1].describe(), "py=3.11,private=false");
    }

    #[test]
    fn bad_axes_are_refused_with_the_fix() {
        for (spec, problem) in [
            ("py", "there is no '='"),
            ("=1,2", "the flag name is empty"),
            ("py=3.11,,3.12", "a value is empty"),
            ("py=1,1", "value \"1\" is listed twice"),
        ] {
            let err = matrix(&[spec]).expect_err(spec);
            assert_eq!(
                err,
                VariantsError::BadAxis {
                    spec: spec.into(),
                    problem: problem.into()
                }
            );
        }
        assert_eq!(
            matrix(&["base-image=a", "base_image=b"]).expect_err("same flag"),
            VariantsError::DuplicateAxis {
                flag: "base_image".into()
            }
        );
    }

    #[test]
    fn values_that_name_alike_are_refused() {
        let err = matrix(&["py=3.1,3-1"])
            .and_then(|m| m.variants())
            .expect_err("clash");
        assert_eq!(
            err.to_string(),
            "variants py=3.1 and py=3-1 both get the name \"py-3-1\"; their values differ only in characters a file name cannot keep, so rename one value"
        );
    }

    #[test]
    fn huge_matrices_are_refused_before_expanding() {
        let values = (0..1000)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let specs = [format!("a={values}"), format!("b={values}")];
        let err = Matrix::parse(&specs)
            .and_then(|m| m.variants())
            .expect_err("a million");
        assert!(matches!(
            err,
            VariantsError::TooManyVariants {
                count: 1_000_000,
                ..
            }
        ));
    }

    #[test]
    fn no_axes_is_one_default_variant() {
        let variants = Matrix::default().variants().expect("one");
        assert_eq!(variants.len(), 1);
        assert_eq!(variants[0].name, "default");
    }
}
