//! The package ships the stub generated from the bundled table, byte for byte
//! (regenerate both with `make stubs`).

use stubs::{render_pyi, Commands, Toolset};

#[test]
fn the_shipped_stub_equals_the_regenerated_one() {
    let shipped = include_str!("../../../python/docker_dsl/_toolset.pyi");
    let toolset = Toolset::bundled().expect("the bundled table parses");
    let regenerated = render_pyi(&toolset, &Commands::Table);
    assert!(
        shipped == regenerated,
        "python/docker_dsl/_toolset.pyi is stale: run `make stubs`"
    );
}
