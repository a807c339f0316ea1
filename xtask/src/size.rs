//! `cargo xtask size`: where the bytes of the kiosk's wasm go, function by function and crate by
//! crate, so that cutting the first load starts from the largest.
//!
//! The wasm Trunk ships has no names (wasm-opt drops them). This command builds the kiosk as
//! shipped (printing the first-load table), then runs the same wasm-bindgen and the same wasm-opt
//! (index.html's level and parameters) on the module rustc linked, keeping the names (`-g`), and
//! asks twiggy (pinned in `toolchain.rs`, installed the first time this command runs) for the
//! largest items. Sizes are those of the optimised code, within a few percent of the shipped file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Args;

use crate::build::{self, KioskBuild};
use crate::progress::Step;
use crate::toolchain::{self, Tools, run_checked};

/// How many entries each table prints.
const TOP: usize = 15;

#[derive(Debug, Args)]
pub struct SizeArgs {
    /// Skip building the kiosk (use what the kiosk profile last linked)
    #[arg(long)]
    no_build: bool,
    /// The part of the app whose module to report (`guichet::route::Part`): its binary's name
    #[arg(long, default_value = "guichet", value_parser = ["guichet", "guichet_offers", "guichet_register"])]
    part: String,
}

pub fn size(workspace: &Path, args: &SizeArgs) -> Result<()> {
    let tools = toolchain::ensure_build_tools()?;
    let twiggy = toolchain::ensure_twiggy(&tools)?;
    if args.no_build {
        println!("    first load:\n{}", crate::budget::measure(&workspace.join("dist"))?.table());
    } else {
        build::build_kiosk(workspace, &tools, KioskBuild::Shipped)?;
    }
    let linked = crate::bench_national::target_dir(workspace, &tools)?
        .join(toolchain::WASM_TARGET)
        .join(format!("kiosk/{}.wasm", args.part));
    if !linked.exists() {
        bail!("{} is missing: run `cargo xtask size` without --no-build", linked.display());
    }
    let named = optimise_with_names(workspace, &tools, &linked)?;

    let output = tools
        .command(&twiggy.to_string_lossy())
        .args(["top", "--format", "csv"])
        .arg(&named)
        .output()
        .context("could not run twiggy top --format csv")?;
    if !output.status.success() {
        bail!("twiggy top --format csv failed ({})", output.status);
    }
    // The name subsections are there for this report only: the shipped file has none.
    let items: Vec<(String, u64)> = parse_csv(&String::from_utf8_lossy(&output.stdout))?
        .into_iter()
        .filter(|(name, _)| !name.ends_with("names\" subsection"))
        .collect();
    let total: u64 = items.iter().map(|(_, size)| size).sum();
    #[allow(clippy::cast_precision_loss)]
    let share = |bytes: u64| 100.0 * bytes as f64 / total.max(1) as f64;
    println!("\n==> the {TOP} largest items of the optimised wasm (twiggy top, names left out)");
    for (name, bytes) in items.iter().take(TOP) {
        println!("    {bytes:>9} {:>5.2}%  {}", share(*bytes), without_hashes(name));
    }
    println!("\n==> by crate (every item, grouped by the crate its name starts with)");
    for (krate, bytes) in by_crate(&items).into_iter().take(TOP) {
        println!("    {bytes:>9} {:>5.1}%  {krate}", share(bytes));
    }
    println!("    {total:>9} in all, before brotli ({})", named.display());
    Ok(())
}

/// wasm-bindgen and wasm-opt as Trunk runs them, but keeping the name section.
fn optimise_with_names(workspace: &Path, tools: &Tools, linked: &Path) -> Result<PathBuf> {
    let step =
        Step::start("optimising the linked wasm with its names kept (wasm-bindgen, wasm-opt -g)");
    let out = std::env::temp_dir().join("guichet-size");
    std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
    let mut bindgen = tools.command("wasm-bindgen");
    bindgen
        .args(["--target", "web", "--no-typescript", "--out-name", "guichet", "--out-dir"])
        .arg(&out)
        .arg(linked);
    run_checked(&mut bindgen, "wasm-bindgen")?;
    let index = std::fs::read_to_string(workspace.join("index.html"))
        .with_context(|| format!("reading {}/index.html", workspace.display()))?;
    let (level, params) = wasm_opt_settings(&index)?;
    let named = out.join("guichet_named.wasm");
    let mut wasm_opt = tools.command("wasm-opt");
    wasm_opt
        .arg(format!("-O{level}"))
        .args(params.split_whitespace())
        .arg("-g")
        .arg(out.join("guichet_bg.wasm"))
        .arg("-o")
        .arg(&named);
    run_checked(&mut wasm_opt, "wasm-opt")?;
    step.done();
    Ok(named)
}

/// The optimisation level and extra parameters index.html gives Trunk's wasm-opt.
fn wasm_opt_settings(index: &str) -> Result<(String, String)> {
    let attribute = |name: &str| {
        let start = index.find(&format!("{name}=\""))? + name.len() + 2;
        let end = index[start..].find('"')? + start;
        Some(index[start..end].to_owned())
    };
    let level = attribute("data-wasm-opt").context("index.html sets no data-wasm-opt")?;
    Ok((level, attribute("data-wasm-opt-params").unwrap_or_default()))
}

/// twiggy's `top --format csv`: a header, then `name,shallow size,shallow size percent`; names
/// with commas are quoted.
fn parse_csv(text: &str) -> Result<Vec<(String, u64)>> {
    let mut items = Vec::new();
    for line in text.lines().skip(1).filter(|line| !line.trim().is_empty()) {
        let (name, rest) = match line.strip_prefix('"') {
            Some(quoted) => {
                let end = quoted.find("\",").context("an unterminated quoted name")?;
                (quoted[..end].replace("\"\"", "\""), &quoted[end + 2..])
            }
            None => {
                let (name, rest) = line.split_once(',').context("a line without a size")?;
                (name.to_owned(), rest)
            }
        };
        let size = rest.split(',').next().unwrap_or("").trim();
        let size: u64 = size.parse().with_context(|| format!("size `{size}` of {name}"))?;
        items.push((name, size));
    }
    Ok(items)
}

/// `yew[9e07d545ec07aa4b]::html` as `yew::html`: the crate hashes of rustc's v0 symbol names
/// tell nothing to a reader. A hash is up to 16 hex digits (leading zeros are not written) and
/// always followed by a path separator, unlike twiggy's `data[3]`.
fn without_hashes(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(start) = rest.find('[') {
        let hash = rest[start + 1..].split(']').next().unwrap_or("");
        out.push_str(&rest[..start]);
        let is_hash = (1..=16).contains(&hash.len())
            && hash.chars().all(|c| c.is_ascii_hexdigit())
            && rest.get(start + hash.len() + 2..).is_some_and(|after| after.starts_with("::"));
        if is_hash {
            rest = &rest[start + hash.len() + 2..];
        } else {
            out.push('[');
            rest = &rest[start + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// The bytes of each crate, largest first.
fn by_crate(items: &[(String, u64)]) -> Vec<(String, u64)> {
    let mut totals: HashMap<String, u64> = HashMap::new();
    for (name, size) in items {
        *totals.entry(crate_of(&without_hashes(name))).or_default() += size;
    }
    let mut totals: Vec<_> = totals.into_iter().collect();
    totals.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    totals
}

/// The crate an item belongs to, from its demangled name: the first path segment, looking
/// through `<… as Trait>`, references and `drop_in_place<…>` (the code that drops a type belongs
/// with the type). Unnamed sections are grouped by kind (`data`, `code`, `type`…).
fn crate_of(name: &str) -> String {
    let mut name = name.trim();
    loop {
        let before = name;
        for prefix in
            ["core::ptr::drop_in_place<", "<", "&", "mut ", "dyn ", "*const ", "*mut ", "("]
        {
            name = name.strip_prefix(prefix).unwrap_or(name).trim_start();
        }
        if name == before {
            break;
        }
    }
    match name.find("::") {
        Some(end) if name[..end].chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
            name[..end].to_owned()
        }
        _ => {
            let kind: String = name.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
            format!("({})", if kind.is_empty() { "other" } else { &kind })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_go_to_the_crate_they_name() {
        let check = |name: &str, expected: &str| assert_eq!(crate_of(name), expected, "{name}");
        check("guichet::outbox::sender::deliver_once::{{closure}}::h0123", "guichet");
        check("<yew::html::component::lifecycle::ComponentState as core::ops::Drop>::drop", "yew");
        check("core::ptr::drop_in_place<guichet_core::outbox::EntryState>", "guichet_core");
        check("<&mut serde_json::de::Deserializer<R> as serde::de::Deserializer>::f", "serde_json");
        check("core::fmt::write::h5f3a", "core");
        check("data[3]", "(data)");
        check("code[1204]", "(code)");
        check("\"function names\" subsection", "(other)");
        check(
            &without_hashes(
                "<yew[9e07d545ec07aa4b]::X<guichet[91500f47a6d38500]::W> as y::Z>::view",
            ),
            "yew",
        );
        assert_eq!(without_hashes("data[3]"), "data[3]");
        assert_eq!(without_hashes("code[1204]"), "code[1204]");
        assert_eq!(without_hashes("a[ab"), "a[ab");
        // Fifteen digits: the hash's leading zero is not written.
        check(&without_hashes("<guichet[7fbe6db5d5d8211]::pages::X as y::Z>::view"), "guichet");
        assert_eq!(without_hashes("a[0123456789abcdef]::b[zz]"), "a::b[zz]");
    }

    #[test]
    fn twiggy_csv_is_read_with_quoted_names() {
        let csv = "Name,ShallowSize,ShallowSizePercent\n\
                   data[0],1200,10.5\n\
                   \"<a::B as c::D<e, f>>::g\",300,2.6\n";
        let items = parse_csv(csv).expect("parses");
        assert_eq!(
            items,
            [("data[0]".to_owned(), 1200), ("<a::B as c::D<e, f>>::g".to_owned(), 300)]
        );
        assert_eq!(by_crate(&items), [("(data)".to_owned(), 1200), ("a".to_owned(), 300)]);
    }

    #[test]
    fn wasm_opt_settings_come_from_index_html() {
        let index =
            r#"<link data-trunk rel="rust" data-wasm-opt="z" data-wasm-opt-params="--a --b" />"#;
        assert_eq!(
            wasm_opt_settings(index).expect("found"),
            ("z".to_owned(), "--a --b".to_owned())
        );
    }
}
