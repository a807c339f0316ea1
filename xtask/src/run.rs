//! `cargo xtask run`: everything a newcomer needs to see guichet working, in one command.

use std::os::unix::process::CommandExt;
use std::path::Path;

use anyhow::{Result, bail};
use clap::Args;

use crate::build;
use crate::toolchain;

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Address to listen on [env: GUICHET_ADDR, default 127.0.0.1:8080]
    #[arg(long)]
    addr: Option<String>,
    /// Database URL [env: GUICHET_DATABASE_URL, default sqlite://data/guichet.sqlite3]
    #[arg(long)]
    database_url: Option<String>,
}

pub fn run(workspace: &Path, args: &RunArgs) -> Result<()> {
    let tools = toolchain::ensure_build_tools()?;
    build::build_kiosk(workspace, &tools, build::KioskBuild::Shipped)?;
    build::build_server(workspace, &tools, "release")?;

    println!("==> starting guichet-server (Ctrl-C stops it)");
    let mut server =
        tools.command(&workspace.join("target/release/guichet-server").to_string_lossy());
    server
        .arg("serve")
        .arg("--demo-offers")
        .arg("--seed-agencies")
        .arg("--dist")
        .arg(workspace.join("dist"))
        .current_dir(workspace);
    if let Some(addr) = &args.addr {
        server.args(["--addr", addr]);
    }
    if let Some(database_url) = &args.database_url {
        server.args(["--database-url", database_url]);
    }
    // Replace this process so Ctrl-C and SIGTERM reach the server directly and it stops cleanly.
    let error = server.exec();
    bail!("could not start guichet-server: {error}")
}
