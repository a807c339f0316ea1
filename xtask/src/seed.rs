//! `cargo xtask seed --offers N`: fills a database with N synthetic offers (benchmarks, load
//! tests), through the server's own `offers generate`, so the data is exactly what the server
//! would store.

use std::path::Path;

use anyhow::{Result, bail};
use clap::Args;

use crate::build;
use crate::toolchain::{self, run_checked};

/// The most offers `seed` generates: what the benchmarks need.
pub const MAX_OFFERS: u32 = 100_000;

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// How many synthetic offers to add (1 to 100,000); seeding again updates the same ones
    #[arg(long)]
    offers: u32,
    /// Database URL [env: GUICHET_DATABASE_URL, default sqlite://data/guichet.sqlite3]
    #[arg(long)]
    database_url: Option<String>,
}

pub fn seed(workspace: &Path, args: &SeedArgs) -> Result<()> {
    if args.offers == 0 || args.offers > MAX_OFFERS {
        bail!("--offers must be from 1 to {MAX_OFFERS}, not {}", args.offers);
    }
    let tools = toolchain::ensure_build_tools()?;
    build::build_server(workspace, &tools, "release")?;
    let mut server =
        tools.command(&workspace.join("target/release/guichet-server").to_string_lossy());
    server.args(["offers", "generate", "--count", &args.offers.to_string()]).current_dir(workspace);
    if let Some(database_url) = &args.database_url {
        server.args(["--database-url", database_url]);
    }
    run_checked(&mut server, "guichet-server offers generate")
}
