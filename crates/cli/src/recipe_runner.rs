//! Running a recipe program, which the CLI leaves to its host.

use dockerfile::{Document, InstructionId};
use dsl::{FlagSpec, Location};

/// Why a recipe could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunFailure {
    /// The recipe is wrong, or raised: one message for the user, naming the
    /// recipe line where there is one.
    Recipe {
        /// What went wrong.
        message: String,
    },
    /// The user pressed Ctrl-C while the recipe ran.
    Interrupted,
}

impl std::fmt::Display for RunFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunFailure::Recipe { message } => f.write_str(message),
            RunFailure::Interrupted => f.write_str("interrupted"),
        }
    }
}

/// What the rendered file is headed with and must build on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Header {
    /// The `# syntax=` frontend, `None` for no header line.
    pub syntax: Option<String>,
    /// The frontend version to check against when `syntax` pins none
    /// (checked: `1.N`).
    pub frontend: Option<String>,
}

/// A rendered recipe and where the recipe made each instruction.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The document.
    pub document: Document,
    /// The recipe file and line of each instruction (none where unknown).
    pub locations: Vec<(InstructionId, Location)>,
}

/// Runs recipes: the Python package implements this by executing the
/// recipe module in the interpreter that called the CLI.
pub trait RecipeRunner {
    /// Renders `recipe` (a file or module name) with raw flag values.
    fn render(
        &self,
        recipe: &str,
        flags: Vec<(String, Option<String>)>,
        header: &Header,
    ) -> Result<Document, RunFailure>;

    /// Renders `recipe` once per set of flags, in order, as
    /// [`RecipeRunner::render`] does (a matrix); the first failure comes
    /// with the index of its flag set.
    fn render_each(
        &self,
        recipe: &str,
        flag_sets: &[Vec<(String, Option<String>)>],
        header: &Header,
    ) -> Result<Vec<Document>, (usize, RunFailure)> {
        flag_sets
            .iter()
            .enumerate()
            .map(|(index, flags)| {
                self.render(recipe, flags.clone(), header)
                    .map_err(|failure| (index, failure))
            })
            .collect()
    }

    /// The flags `recipe` registers, for `--help`.
    fn describe(&self, recipe: &str) -> Result<Vec<FlagSpec>, RunFailure>;

    /// Renders `recipe` as [`RecipeRunner::render`] does, with the recipe
    /// location of each instruction where the runner knows them.
    fn render_located(
        &self,
        recipe: &str,
        flags: Vec<(String, Option<String>)>,
        header: &Header,
    ) -> Result<Rendered, RunFailure> {
        self.render(recipe, flags, header).map(|document| Rendered {
            document,
            locations: Vec::new(),
        })
    }
}

/// The runner of the Rust-only binary, which cannot run Python recipes.
pub struct NoRecipes;

const NEEDS_PYTHON: &str =
    "rendering a recipe needs Python: install the package (pip install docker-dsl) and run its docker-dsl";

impl RecipeRunner for NoRecipes {
    fn render(
        &self,
        _: &str,
        _: Vec<(String, Option<String>)>,
        _: &Header,
    ) -> Result<Document, RunFailure> {
        Err(RunFailure::Recipe {
            message: NEEDS_PYTHON.to_owned(),
        })
    }

    fn describe(&self, _: &str) -> Result<Vec<FlagSpec>, RunFailure> {
        Err(RunFailure::Recipe {
            message: NEEDS_PYTHON.to_owned(),
        })
    }
}
