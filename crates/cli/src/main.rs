//! The `docker-dsl` binary without Python: every subcommand that does not run
//! a Python recipe. `pip install docker-dsl` gives the full command.

use cli::{run, NoRecipes};

/// The linter and the parser allocate many small strings; mimalloc serves
/// them faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(run(args, &NoRecipes));
}
