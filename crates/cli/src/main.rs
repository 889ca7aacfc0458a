//! The `docker-dsl` binary without Python: every subcommand that does not run
//! a Python recipe. `pip install docker-dsl` gives the full command.

use cli::{run, NoRecipes};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(run(args, &NoRecipes));
}
