//! `docker_dsl._native`: the Python face of the dsl crate. Each class here
//! translates Python calls into [`dsl::Recipe`] calls and Rust errors into
//! the package's exceptions; none holds logic of its own.

use pyo3::prelude::*;

mod caller;
mod cli_bridge;
mod context;
mod convert;
mod errors;
mod importer;
mod lint;
mod parser;
mod run_builder;
mod scopes;
mod session;
mod stage;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("DockerDslError", py.get_type::<errors::DockerDslError>())?;
    m.add("RecipeError", py.get_type::<errors::RecipeError>())?;
    m.add("FlagError", py.get_type::<errors::FlagError>())?;
    errors::add_attribute_defaults(py)?;
    m.add("DEFAULT_SYNTAX", dockerfile::DEFAULT_SYNTAX)?;
    m.add_class::<session::Session>()?;
    m.add_class::<lint::LintFinding>()?;
    m.add_class::<context::Context>()?;
    m.add_class::<stage::Stage>()?;
    m.add_class::<scopes::MountScope>()?;
    m.add_class::<scopes::EnvScope>()?;
    m.add_class::<run_builder::RunBuilder>()?;
    m.add_class::<run_builder::CmdInvoker>()?;
    m.add_class::<run_builder::CdScope>()?;
    m.add_class::<run_builder::RedirectableCmd>()?;
    m.add_function(wrap_pyfunction!(stage::current_stage, m)?)?;
    m.add_function(wrap_pyfunction!(session::rendering, m)?)?;
    m.add_function(wrap_pyfunction!(session::write_file, m)?)?;
    m.add_function(wrap_pyfunction!(session::global_arg, m)?)?;
    m.add_function(wrap_pyfunction!(session::global_raw, m)?)?;
    m.add_function(wrap_pyfunction!(session::directives, m)?)?;
    m.add_function(wrap_pyfunction!(session::quote, m)?)?;
    m.add_function(wrap_pyfunction!(session::literal, m)?)?;
    m.add_function(wrap_pyfunction!(cli_bridge::cli_main, m)?)?;
    m.add_function(wrap_pyfunction!(lint::lint, m)?)?;
    m.add_function(wrap_pyfunction!(parser::buildkit_nodes, m)?)?;
    m.add_function(wrap_pyfunction!(parser::reprint, m)?)?;
    m.add_function(wrap_pyfunction!(importer::import_recipe, m)?)?;
    m.add_function(wrap_pyfunction!(importer::import_rust_program, m)?)?;
    Ok(())
}

/// The linter and the parser allocate many small strings; mimalloc serves
/// them faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
