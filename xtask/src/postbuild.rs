//! Trunk's post-build hook: turns a staged build into a deployable one.
//!
//! 1. The build id is a digest of every shipped file (index.html with its build-id slot emptied),
//!    so it changes exactly when what clients download changes.
//! 2. index.html gets the build id in `<meta name="guichet-build">`; the app shows it.
//! 3. sw.js is written from assets/sw.js with the precache list and the build id, which names the
//!    service worker's cache: a new deploy means a new cache, filled before the old one goes.
//! 4. Text and wasm files get brotli and gzip siblings for the server to send as they are.
//!
//! First of all, with a [`Minifier`], the names each wasm module and its glue share are
//! shortened (6 KB of brotli off every first load, issue #12), then the JavaScript
//! (wasm-bindgen's glue, the copied scripts) and index.html's inlined stylesheet are minified
//! with esbuild, and index.html's comments (notes for developers) removed: 3 KB more. Trunk's own
//! minifier for JavaScript (`minify-js`) is one a Trunk release could not rely on, and its HTML
//! minifier would rewrite the page the server fills in.
//!
//! Before all that, when index.html has the `<meta name="guichet-reference">` slot, the built-in
//! reference lists are written as `reference-<hash>.json` and named in the slot: the app loads
//! them from there (the service worker precaches the file like any other), so they are never
//! compiled into the wasm. Likewise, with the `<meta name="guichet-locales">` slot, the Fluent
//! files (`assets/locales/<tag>/`) each part of the app reads (`Part::message_files`) are written
//! as one `locale-<tag>-<module>-<hash>.ftl` per part and language, and named in the slot
//! (`guichet:ar=/locale-ar-guichet-….ftl guichet:fr=… …`): a first load then carries one
//! language of one part's messages.
//!
//! Running it again on its own output gives the same result, which lets the end-to-end tests
//! redeploy a changed copy of dist/.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use guichet_core::parts::Part;
use sha2::{Digest, Sha256};

use crate::progress::Step;

const BUILD_META_PREFIX: &str = r#"<meta name="guichet-build" content=""#;
const REFERENCE_META_PREFIX: &str = r#"<meta name="guichet-reference" content=""#;
const LOCALES_META_PREFIX: &str = r#"<meta name="guichet-locales" content=""#;
/// The kiosk's languages.
pub const LOCALE_TAGS: [&str; 3] = ["ar", "fr", "en"];
const SW_TEMPLATE: &str = "assets/sw.js";
const SW_BUILD_SLOT: &str = "\"__GUICHET_BUILD__\"";
const SW_PRECACHE_SLOT: &str = "\"__GUICHET_PRECACHE__\"";
/// Files worth compressing; images are compressed already.
const COMPRESSIBLE: [&str; 8] = ["js", "wasm", "css", "webmanifest", "json", "svg", "txt", "ftl"];

/// The first line of a script this step minified: a second run leaves it as it is (esbuild's
/// output minified again is not always the same bytes).
const MINIFIED_BANNER: &str = "/* minified by cargo xtask post-build */";

/// Minifies JavaScript and CSS with esbuild (`crate::toolchain::ensure_esbuild`), and shortens
/// the names between each wasm module and its glue with wasm-opt.
#[derive(Debug, Clone)]
pub struct Minifier {
    pub esbuild: PathBuf,
    pub wasm_opt: PathBuf,
}

/// An export every wasm-bindgen module has; gone once its names are shortened.
const WASM_BINDGEN_EXPORT: &[u8] = b"__wbindgen_malloc";

impl Minifier {
    /// Shortens the names every wasm module of `dir` and its wasm-bindgen glue (`X_bg.wasm`,
    /// `X.js`) know each other by: each import is named `__wbg_<name>_<16 hex digits>` in both
    /// files, 250 of them a part, and the closures' exports up to 300 characters; the hex digits
    /// alone are 4 KB of brotli a part that nothing compresses. wasm-opt renames them
    /// (`--minify-imports-and-exports-and-modules`) and says how; the glue is rewritten to match,
    /// and every name must be found there, so a glue of another shape is an error, never a
    /// module that cannot start.
    fn shorten_wasm_names(&self, dir: &Path) -> Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            let Some(stem) = path
                .file_name()
                .and_then(|name| name.to_str())
                .and_then(|name| name.strip_suffix("_bg.wasm"))
                .map(str::to_owned)
            else {
                continue;
            };
            let glue_path = dir.join(format!("{stem}.js"));
            let wasm = std::fs::read(&path)?;
            if !glue_path.exists() || !contains(&wasm, WASM_BINDGEN_EXPORT) {
                continue;
            }
            let glue = std::fs::read_to_string(&glue_path)
                .with_context(|| format!("reading {}", glue_path.display()))?;
            let shortened = path.with_extension("shortened");
            // The features the module uses are read from its target_features section, which,
            // like the producers section, the browser never reads: both are dropped.
            let output = std::process::Command::new(&self.wasm_opt)
                .args([
                    "--minify-imports-and-exports-and-modules",
                    "--strip-producers",
                    "--strip-target-features",
                ])
                .arg(&path)
                .arg("-o")
                .arg(&shortened)
                .output()
                .with_context(|| format!("could not start {}", self.wasm_opt.display()))?;
            if !output.status.success() {
                bail!(
                    "wasm-opt could not shorten the names of {}: {}",
                    path.display(),
                    String::from_utf8_lossy(&output.stderr).trim()
                );
            }
            let renames = Renames::parse(&output.stdout)
                .context("wasm-opt's list of renamed imports and exports")?;
            let glue = renames.apply(&glue, &format!("./{stem}_bg.js")).with_context(|| {
                format!("rewriting {} for its shortened module", glue_path.display())
            })?;
            std::fs::rename(&shortened, &path)?;
            std::fs::write(&glue_path, glue)?;
        }
        Ok(())
    }

    /// `source` minified: JavaScript as an ES module when it exports (its top-level names may
    /// then be shortened), as a classic script otherwise (the worker's glue, whose global
    /// `wasm_bindgen` its loader calls, keeps its names); CSS as a stylesheet.
    fn minify(&self, source: &str, syntax: Syntax) -> Result<String> {
        let mut command = std::process::Command::new(&self.esbuild);
        command.args(["--minify", "--log-level=warning", "--charset=utf8"]);
        match syntax {
            Syntax::Script => {
                command.arg("--loader=js");
                if source.starts_with("export ") || source.contains("\nexport ") {
                    command.arg("--format=esm");
                }
                command.arg(format!("--banner={MINIFIED_BANNER}"));
            }
            Syntax::Stylesheet => {
                command.arg("--loader=css");
            }
        }
        let mut child = command
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .with_context(|| format!("could not start {}", self.esbuild.display()))?;
        let mut stdin = child.stdin.take().context("esbuild's stdin")?;
        let input = source.to_owned();
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let output = child.wait_with_output().context("waiting for esbuild")?;
        writer.join().map_err(|_| anyhow::anyhow!("writing to esbuild panicked"))??;
        if !output.status.success() {
            bail!("esbuild could not minify: {}", String::from_utf8_lossy(&output.stderr).trim());
        }
        String::from_utf8(output.stdout).context("esbuild wrote something that is not UTF-8")
    }

    /// Every JavaScript file directly in `dir` but the service worker (written later), minified
    /// in place unless it already was.
    fn minify_scripts(&self, dir: &Path) -> Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            let name = path.file_name().map(|name| name.to_string_lossy().into_owned());
            if path.extension().is_none_or(|extension| extension != "js")
                || name.as_deref() == Some("sw.js")
            {
                continue;
            }
            let source = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            if source.starts_with(MINIFIED_BANNER) {
                continue;
            }
            let minified = self
                .minify(&source, Syntax::Script)
                .with_context(|| format!("minifying {}", path.display()))?;
            std::fs::write(&path, minified)?;
        }
        Ok(())
    }

    /// index.html without its comments, its inlined stylesheets minified.
    fn minify_index(&self, index: &str) -> Result<String> {
        let stripped = without_comments(index)?;
        let mut out = String::with_capacity(stripped.len());
        let mut rest = stripped.as_str();
        while let Some(open) = rest.find("<style") {
            let body = open + rest[open..].find('>').context("unterminated <style> tag")? + 1;
            let close = body + rest[body..].find("</style>").context("<style> without end")?;
            out.push_str(&rest[..body]);
            out.push_str(self.minify(&rest[body..close], Syntax::Stylesheet)?.trim_end());
            rest = &rest[close..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// The one module name wasm-opt gives all imports.
const SHORT_MODULE: &str = "a";

/// What `wasm-opt --minify-imports-and-exports-and-modules` prints: each import as
/// `[module, name, new name]`, each export as `[name, new name]`; every module becomes `a`.
#[derive(Debug, PartialEq, Eq)]
struct Renames {
    imports: Vec<(String, String, String)>,
    exports: Vec<(String, String)>,
}

impl Renames {
    fn parse(json: &[u8]) -> Result<Renames> {
        let mut value: serde_json::Value = serde_json::from_slice(json)?;
        let imports = serde_json::from_value(value["imports"].take())
            .context("imports are not a list of [module, name, new name]")?;
        let exports = serde_json::from_value(value["exports"].take())
            .context("exports are not a list of [name, new name]")?;
        Ok(Renames { imports, exports })
    }

    /// `glue` with the module's new names: the imports, keys of the object it hands the module
    /// (`__wbg_now_5a05bcddd8f4910c: function() {…}`); the exports, read as `wasm.<name>`; and
    /// the module's name, that object's key (`"./guichet_bg.js": import0`).
    fn apply(&self, glue: &str, module: &str) -> Result<String> {
        if let Some((other, _, _)) = self.imports.iter().find(|(from, _, _)| from != module) {
            bail!("an import comes from {other}, not {module}: only one module's can be renamed");
        }
        let mut glue = glue.to_owned();
        for (_, name, short) in &self.imports {
            glue = replace_token(&glue, name, short)
                .with_context(|| format!("the glue never names the import {name}"))?;
        }
        for (name, short) in &self.exports {
            // Exports the glue does not read (the abort handler) need no new name there.
            if let Ok(replaced) =
                replace_token(&glue, &format!("wasm.{name}"), &format!("wasm.{short}"))
            {
                glue = replaced;
            }
        }
        let key = format!("\"{module}\":");
        if glue.matches(&key).count() != 1 {
            bail!("the glue does not name the module {module} once");
        }
        Ok(glue.replacen(&key, &format!("\"{SHORT_MODULE}\":"), 1))
    }
}

/// `text` with every whole-identifier occurrence of `name` replaced; an error when there is none.
fn replace_token(text: &str, name: &str, new: &str) -> Result<String> {
    let is_identifier = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut found = false;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().next_back().or_else(|| out.chars().next_back());
        let after = rest[at + name.len()..].chars().next();
        out.push_str(&rest[..at]);
        if before.is_some_and(is_identifier) || after.is_some_and(is_identifier) {
            out.push_str(name);
        } else {
            out.push_str(new);
            found = true;
        }
        rest = &rest[at + name.len()..];
    }
    out.push_str(rest);
    if !found {
        bail!("{name} is not in the text");
    }
    Ok(out)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

#[derive(Debug, Clone, Copy)]
enum Syntax {
    Script,
    Stylesheet,
}

/// `html` without its `<!-- … -->` comments, and without the lines they leave blank.
fn without_comments(html: &str) -> Result<String> {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find("<!--") {
        let close = open + rest[open..].find("-->").context("unterminated <!-- comment")?;
        let before = &rest[..open];
        // A comment alone on its line takes its indentation and its line ending with it.
        match before.rfind('\n') {
            Some(line) if before[line + 1..].trim().is_empty() => out.push_str(&before[..line]),
            _ => out.push_str(before),
        }
        rest = &rest[close + 3..];
    }
    out.push_str(rest);
    Ok(out)
}

pub fn post_build(workspace: &Path, dir: &Path, minifier: Option<&Minifier>) -> Result<()> {
    let step = Step::start(format!("post-build in {}", dir.display()));
    let index_path = dir.join("index.html");
    if !index_path.exists() {
        bail!("{} holds no index.html: is it a Trunk build?", dir.display());
    }
    let index = std::fs::read_to_string(&index_path)
        .with_context(|| format!("reading {}", index_path.display()))?;
    let index = match minifier {
        Some(minifier) => {
            minifier.shorten_wasm_names(dir)?;
            minifier.minify_scripts(dir)?;
            minifier.minify_index(&index)?
        }
        None => index,
    };
    let index = set_build_id(&index, "")?;
    let index = match index.find(REFERENCE_META_PREFIX) {
        Some(_) => {
            let path = write_reference(dir)?;
            set_meta(&index, REFERENCE_META_PREFIX, &path)?
        }
        None => index,
    };
    let index = match index.find(LOCALES_META_PREFIX) {
        Some(_) => {
            let named = write_locales(workspace, dir)?;
            set_meta(&index, LOCALES_META_PREFIX, &named)?
        }
        None => index,
    };
    let files = shipped_files(dir)?;

    let mut hasher = Sha256::new();
    for relative in &files {
        let content = if relative == "index.html" {
            index.clone().into_bytes()
        } else {
            std::fs::read(dir.join(relative))?
        };
        hasher.update(relative.as_bytes());
        hasher.update([0]);
        hasher.update((content.len() as u64).to_le_bytes());
        hasher.update(&content);
    }
    let build_id = hex(&hasher.finalize())[..16].to_owned();

    std::fs::write(&index_path, set_build_id(&index, &build_id)?)?;
    let template = std::fs::read_to_string(workspace.join(SW_TEMPLATE))
        .with_context(|| format!("reading the service worker template {SW_TEMPLATE}"))?;
    let service_worker = render_service_worker(&template, &build_id, &files)?;
    let service_worker = match minifier {
        Some(minifier) => minifier.minify(&service_worker, Syntax::Script)?,
        None => service_worker,
    };
    std::fs::write(dir.join("sw.js"), service_worker)?;

    for relative in files.iter().map(String::as_str).chain(["sw.js"]) {
        if is_compressible(relative) {
            precompress(&dir.join(relative))?;
        }
    }
    println!("    build {build_id}: {} files precached", files.len());
    step.done();
    Ok(())
}

/// Every file a client downloads, relative to `dir`, sorted; not the service worker itself nor
/// the compressed copies.
fn shipped_files(dir: &Path) -> Result<Vec<String>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(dir)?.to_string_lossy().replace('\\', "/");
        if relative == "sw.js" || relative.ends_with(".br") || relative.ends_with(".gz") {
            continue;
        }
        files.push(relative);
    }
    files.sort();
    if !files.iter().any(|file| file == "index.html") {
        bail!("{} holds no index.html: is it a Trunk build?", dir.display());
    }
    Ok(files)
}

/// Replaces the content of the build-id meta tag.
fn set_build_id(index: &str, build_id: &str) -> Result<String> {
    set_meta(index, BUILD_META_PREFIX, build_id)
}

/// Replaces the content of the meta tag that starts with `prefix`.
fn set_meta(index: &str, prefix: &str, content: &str) -> Result<String> {
    let start =
        index.find(prefix).with_context(|| format!("index.html has no {prefix}\"> slot"))?
            + prefix.len();
    let end = start + index[start..].find('"').context("unterminated meta tag")?;
    Ok(format!("{}{}{}", &index[..start], content, &index[end..]))
}

/// Writes the built-in reference lists as `reference-<hash>.json` (removing any other version a
/// previous run left) and returns the path the app fetches.
fn write_reference(dir: &Path) -> Result<String> {
    let reference = guichet_core::reference::ReferenceData::builtin().reference();
    let json = serde_json::to_vec(reference)?;
    let name = format!("reference-{}.json", &hex_digest(&json)[..16]);
    for entry in std::fs::read_dir(dir)? {
        let stale = entry?.file_name().to_string_lossy().into_owned();
        if stale.starts_with("reference-") && !stale.starts_with(&name) {
            std::fs::remove_file(dir.join(&stale))?;
        }
    }
    std::fs::write(dir.join(&name), json)?;
    Ok(format!("/{name}"))
}

/// Writes, for each part of the app and each language, the messages its screens read
/// (`Part::message_files`) as `locale-<tag>-<module>-<hash>.ftl`, removes those a previous run
/// left, and returns what the meta tag names: `guichet:ar=/locale-ar-guichet-….ftl …`.
fn write_locales(workspace: &Path, dir: &Path) -> Result<String> {
    let mut written = Vec::new();
    let mut names = Vec::new();
    for part in Part::ALL {
        for tag in LOCALE_TAGS {
            let mut text = String::new();
            for file in part.message_files() {
                let path = workspace.join(format!("assets/locales/{tag}/{file}.ftl"));
                let file_text = std::fs::read_to_string(&path)
                    .with_context(|| format!("reading {}", path.display()))?;
                // Comments are for translators: a line starting with `#` at its first column is
                // always one in Fluent (a message's continuation lines are indented).
                for line in file_text.lines().filter(|line| !line.starts_with('#')) {
                    text.push_str(line);
                    text.push('\n');
                }
            }
            let name = format!(
                "locale-{tag}-{}-{}.ftl",
                part.module(),
                &hex_digest(text.as_bytes())[..16]
            );
            std::fs::write(dir.join(&name), text)?;
            written.push(format!("{}=/{name}", part.locale_key(tag)));
            names.push(name);
        }
    }
    for entry in std::fs::read_dir(dir)? {
        let stale = entry?.file_name().to_string_lossy().into_owned();
        let current = names.iter().any(|name| stale.starts_with(name.as_str()));
        if stale.starts_with("locale-") && stale.contains(".ftl") && !current {
            std::fs::remove_file(dir.join(&stale))?;
        }
    }
    Ok(written.join(" "))
}

/// The service worker with its build id and precache list; index.html is cached as `/`, the
/// address the server gives it.
fn render_service_worker(template: &str, build_id: &str, files: &[String]) -> Result<String> {
    if !template.contains(SW_BUILD_SLOT) || !template.contains(SW_PRECACHE_SLOT) {
        bail!("{SW_TEMPLATE} lacks the {SW_BUILD_SLOT} or {SW_PRECACHE_SLOT} slot");
    }
    let urls: Vec<String> = files
        .iter()
        .map(|file| if file == "index.html" { "/".to_owned() } else { format!("/{file}") })
        .collect();
    Ok(template
        .replace(SW_BUILD_SLOT, &serde_json::to_string(build_id)?)
        .replace(SW_PRECACHE_SLOT, &serde_json::to_string(&urls)?))
}

fn is_compressible(relative: &str) -> bool {
    Path::new(relative)
        .extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| COMPRESSIBLE.contains(&extension))
}

/// Writes `file.br` and `file.gz` at the highest settings: done once per build, read many times.
fn precompress(file: &Path) -> Result<()> {
    let content = std::fs::read(file)?;
    let sibling = |suffix: &str| {
        let mut name = file.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    let mut brotli_out = Vec::new();
    {
        let params =
            brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
        brotli::BrotliCompress(&mut content.as_slice(), &mut brotli_out, &params)?;
    }
    std::fs::write(sibling(".br"), brotli_out)?;
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(&content)?;
    std::fs::write(sibling(".gz"), gzip.finish()?)?;
    Ok(())
}

pub fn hex_digest(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str =
        "const BUILD = \"__GUICHET_BUILD__\";\nconst PRECACHE = \"__GUICHET_PRECACHE__\";\n";

    fn staged(index_body: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let index = format!(
            "<html><head><meta name=\"guichet-build\" content=\"\"></head><body>{index_body}</body></html>"
        );
        std::fs::write(dir.path().join("index.html"), index).expect("write index");
        std::fs::write(dir.path().join("app-0123456789abcdef.js"), "console.log(1)".repeat(50))
            .expect("write js");
        std::fs::create_dir(dir.path().join("icons")).expect("mkdir");
        std::fs::write(dir.path().join("icons/icon-192.png"), [0x89, b'P', b'N', b'G'])
            .expect("write png");
        dir
    }

    fn workspace_with_template() -> tempfile::TempDir {
        let workspace = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(workspace.path().join("assets")).expect("mkdir");
        std::fs::write(workspace.path().join(SW_TEMPLATE), TEMPLATE).expect("write template");
        workspace
    }

    fn build_id_of(dir: &Path) -> String {
        let index = std::fs::read_to_string(dir.join("index.html")).expect("index");
        let start = index.find(BUILD_META_PREFIX).expect("meta") + BUILD_META_PREFIX.len();
        index[start..start + 16].to_owned()
    }

    #[test]
    fn writes_precache_list_build_id_and_compressed_siblings() {
        let workspace = workspace_with_template();
        let dir = staged("v1");
        post_build(workspace.path(), dir.path(), None).expect("post-build");

        let build_id = build_id_of(dir.path());
        assert!(build_id.chars().all(|c| c.is_ascii_hexdigit()), "{build_id}");
        let sw = std::fs::read_to_string(dir.path().join("sw.js")).expect("sw.js");
        assert_eq!(
            sw,
            format!(
                "const BUILD = \"{build_id}\";\nconst PRECACHE = [\"/app-0123456789abcdef.js\",\"/icons/icon-192.png\",\"/\"];\n"
            )
        );
        assert!(dir.path().join("app-0123456789abcdef.js.br").exists());
        assert!(dir.path().join("app-0123456789abcdef.js.gz").exists());
        assert!(dir.path().join("sw.js.br").exists());
        assert!(!dir.path().join("icons/icon-192.png.br").exists(), "PNG is not recompressed");
        assert!(!dir.path().join("index.html.br").exists(), "the server rewrites index.html");

        let mut decoded = Vec::new();
        let compressed = std::fs::read(dir.path().join("app-0123456789abcdef.js.br")).expect("br");
        brotli::BrotliDecompress(&mut compressed.as_slice(), &mut decoded).expect("valid brotli");
        assert_eq!(decoded, "console.log(1)".repeat(50).into_bytes());
    }

    #[test]
    fn writes_each_parts_messages_per_language_as_one_hashed_precached_file_named_in_index_html() {
        let workspace = workspace_with_template();
        for tag in LOCALE_TAGS {
            let folder = workspace.path().join(format!("assets/locales/{tag}"));
            std::fs::create_dir_all(&folder).expect("mkdir");
            for file in Part::every_message_file() {
                // A comment, which is dropped; no final newline, and the join must still keep
                // messages apart.
                let text = format!("## {file} for translators\n{file}-{tag} = {tag}");
                std::fs::write(folder.join(format!("{file}.ftl")), text).expect("write ftl");
            }
        }
        let dir = staged("<meta name=\"guichet-locales\" content=\"\">");
        std::fs::write(dir.path().join("locale-fr-0000000000000000.ftl"), "old").expect("stale");
        post_build(workspace.path(), dir.path(), None).expect("post-build");
        post_build(workspace.path(), dir.path(), None).expect("again, on its own output");

        let index = std::fs::read_to_string(dir.path().join("index.html")).expect("index");
        let start = index.find(LOCALES_META_PREFIX).expect("meta") + LOCALES_META_PREFIX.len();
        let named = &index[start..start + index[start..].find('"').expect("end")];
        let sw = std::fs::read_to_string(dir.path().join("sw.js")).expect("sw.js");
        for part in Part::ALL {
            for tag in LOCALE_TAGS {
                let path = part.locale_path(named, tag).expect("named");
                let text = std::fs::read_to_string(dir.path().join(&path[1..])).expect("file");
                let expected: String = part
                    .message_files()
                    .iter()
                    .map(|file| format!("{file}-{tag} = {tag}\n"))
                    .collect();
                assert_eq!(text, expected, "{path}");
                assert!(path.starts_with(&format!("/locale-{tag}-{}-", part.module())), "{path}");
                assert!(sw.contains(&format!("\"{path}\"")), "{path} precached");
                assert!(dir.path().join(format!("{}.br", &path[1..])).exists());
            }
        }
        assert_eq!(named.split(' ').count(), Part::ALL.len() * LOCALE_TAGS.len(), "{named}");
        assert!(!dir.path().join("locale-fr-0000000000000000.ftl").exists(), "stale removed");
    }

    /// Every Fluent file of the kiosk's languages is either joined into some part's file, or
    /// compiled in (`language.ftl`), or the desk's (`desk.ftl`): a new file cannot be forgotten.
    #[test]
    fn every_locale_file_has_a_place() {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for tag in LOCALE_TAGS {
            let folder = workspace.join(format!("assets/locales/{tag}"));
            let mut found: Vec<String> = std::fs::read_dir(&folder)
                .expect("locale folder")
                .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
                .collect();
            found.sort();
            let mut expected: Vec<String> = Part::every_message_file()
                .iter()
                .map(|file| format!("{file}.ftl"))
                .chain(["language.ftl".to_owned(), "desk.ftl".to_owned()])
                .collect();
            expected.sort();
            assert_eq!(found, expected, "{tag}");
        }
    }

    #[test]
    fn writes_the_reference_lists_as_a_hashed_precached_file_named_in_index_html() {
        let workspace = workspace_with_template();
        let dir = staged("<meta name=\"guichet-reference\" content=\"\">");
        std::fs::write(dir.path().join("reference-0000000000000000.json"), "{}").expect("stale");
        post_build(workspace.path(), dir.path(), None).expect("post-build");
        post_build(workspace.path(), dir.path(), None).expect("again, on its own output");

        let index = std::fs::read_to_string(dir.path().join("index.html")).expect("index");
        let start = index.find(REFERENCE_META_PREFIX).expect("meta") + REFERENCE_META_PREFIX.len();
        let path = &index[start..start + index[start..].find('"').expect("end")];
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("dir")
            .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("reference-") && name.ends_with(".json"))
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        assert_eq!(path, format!("/{}", names[0]));
        let text = std::fs::read_to_string(dir.path().join(&names[0])).expect("file");
        let reference: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(reference["wilayas"].as_array().map(Vec::len), Some(69));
        assert_eq!(reference["communes"].as_array().map(Vec::len), Some(1541));
        let sw = std::fs::read_to_string(dir.path().join("sw.js")).expect("sw.js");
        assert!(sw.contains(&format!("\"{path}\"")), "precached: {sw}");
        assert!(dir.path().join(format!("{}.br", names[0])).exists());
    }

    #[test]
    fn running_again_keeps_the_build_id_and_a_change_makes_a_new_one() {
        let workspace = workspace_with_template();
        let dir = staged("v1");
        post_build(workspace.path(), dir.path(), None).expect("first run");
        let first = build_id_of(dir.path());
        post_build(workspace.path(), dir.path(), None).expect("second run");
        assert_eq!(build_id_of(dir.path()), first, "idempotent on its own output");

        let same_content = staged("v1");
        post_build(workspace.path(), same_content.path(), None).expect("run");
        assert_eq!(build_id_of(same_content.path()), first, "deterministic");

        let changed = staged("v2");
        post_build(workspace.path(), changed.path(), None).expect("run");
        assert_ne!(build_id_of(changed.path()), first);
    }

    #[test]
    fn comments_are_removed_with_the_lines_they_leave_blank() {
        let html = "<head>\n    <!-- a note\n         on two lines -->\n    <meta a>\n  <p>x<!-- y -->z</p>";
        assert_eq!(without_comments(html).expect("valid"), "<head>\n    <meta a>\n  <p>xz</p>");
        assert!(without_comments("<p><!-- unterminated").is_err());
    }

    #[test]
    fn minifies_scripts_and_the_inlined_stylesheet_once() {
        let minifier = Minifier {
            esbuild: crate::toolchain::ensure_esbuild().expect("esbuild"),
            wasm_opt: crate::toolchain::wasm_opt_path().expect("wasm-opt"),
        };
        let workspace = workspace_with_template();
        let dir = staged("v1");
        let index = "<html><head><meta name=\"guichet-build\" content=\"\">\n  <!-- a note -->\n  \
            <style nonce=\"{{__TRUNK NONCE__}}\">\n  body {\n    margin: 0px;\n  }\n</style></head><body></body></html>";
        std::fs::write(dir.path().join("index.html"), index).expect("write index");
        std::fs::remove_file(dir.path().join("app-0123456789abcdef.js")).expect("not JavaScript");
        let module = "/* glue */\nexport function greet(name) {\n    const greeting = `hello ${name}`;\n    return greeting;\n}\n";
        std::fs::write(dir.path().join("part.js"), module).expect("write module");
        let script = "let wasm_bindgen = (function () {\n    const answer = 42;\n    return answer;\n})();\n";
        std::fs::write(dir.path().join("worker.js"), script).expect("write script");
        post_build(workspace.path(), dir.path(), Some(&minifier)).expect("post-build");
        let first = build_id_of(dir.path());
        post_build(workspace.path(), dir.path(), Some(&minifier)).expect("again");
        assert_eq!(build_id_of(dir.path()), first, "idempotent on its own output");

        let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).expect(name);
        let (part, worker, index) = (read("part.js"), read("worker.js"), read("index.html"));
        assert!(part.starts_with(MINIFIED_BANNER) && part.len() < module.len(), "{part}");
        assert!(
            part.contains("export") && part.contains("greet"),
            "exports keep their names: {part}"
        );
        assert!(!part.contains("/* glue */"), "{part}");
        assert!(worker.contains("let wasm_bindgen=function(){return 42}()"), "{worker}");
        assert!(!index.contains("<!--"), "{index}");
        assert!(
            index.contains("<style nonce=\"{{__TRUNK NONCE__}}\">body{margin:0}</style>"),
            "{index}"
        );
        assert!(read("sw.js").starts_with(MINIFIED_BANNER));
    }

    /// A module and glue shaped as wasm-bindgen makes them, shortened, then run by Node: a name
    /// renamed on one side only would not link.
    #[test]
    fn shortens_the_names_a_module_and_its_glue_share_and_they_still_run() {
        let minifier = Minifier {
            esbuild: crate::toolchain::ensure_esbuild().expect("esbuild"),
            wasm_opt: crate::toolchain::wasm_opt_path().expect("wasm-opt"),
        };
        let dir = tempfile::tempdir().expect("temp dir");
        let wat = r#"(module
            (import "./part_bg.js" "__wbg_log_0123456789abcdef" (func $log (param i32)))
            (import "./part_bg.js" "__wbg_now_fedcba9876543210" (func $now (result i32)))
            (memory (export "memory") 1)
            (func (export "__wbindgen_malloc") (param i32) (result i32) local.get 0)
            (func (export "__wbindgen_start") (call $log (call $now))))"#;
        std::fs::write(dir.path().join("part.wat"), wat).expect("write wat");
        let status = std::process::Command::new(&minifier.wasm_opt)
            .arg(dir.path().join("part.wat"))
            .arg("-o")
            .arg(dir.path().join("part_bg.wasm"))
            .status()
            .expect("wasm-opt");
        assert!(status.success());
        std::fs::remove_file(dir.path().join("part.wat")).expect("remove wat");
        let glue = r#"function getImports() {
    const import0 = {
        __proto__: null,
        __wbg_log_0123456789abcdef: function(value) { globalThis.logged = value; },
        __wbg_now_fedcba9876543210: function() { return 42; },
    };
    return { __proto__: null, "./part_bg.js": import0 };
}
let wasm;
export async function start(bytes) {
    const { instance } = await WebAssembly.instantiate(bytes, getImports());
    wasm = instance.exports;
    wasm.__wbindgen_start();
    return [globalThis.logged, wasm.__wbindgen_malloc(7), wasm.memory.buffer.byteLength];
}
"#;
        std::fs::write(dir.path().join("part.js"), glue).expect("write glue");

        minifier.shorten_wasm_names(dir.path()).expect("shortened");
        let read = |name: &str| std::fs::read(dir.path().join(name)).expect(name);
        let (wasm, glue) =
            (read("part_bg.wasm"), String::from_utf8(read("part.js")).expect("utf-8"));
        for name in
            ["__wbg_log", "__wbg_now", "__wbindgen_malloc", "__wbindgen_start", "part_bg.js"]
        {
            assert!(!contains(&wasm, name.as_bytes()), "{name} left in the module");
            assert!(!glue.contains(name), "{name} left in the glue: {glue}");
        }
        minifier.shorten_wasm_names(dir.path()).expect("again");
        assert_eq!(read("part_bg.wasm"), wasm, "a second run leaves the module");
        assert_eq!(read("part.js"), glue.as_bytes(), "and its glue");

        let runner = "import { readFileSync } from 'node:fs';\n\
            const { start } = await import('./part.js');\n\
            console.log(JSON.stringify(await start(readFileSync(new URL('./part_bg.wasm', import.meta.url)))));\n";
        std::fs::write(dir.path().join("run.mjs"), runner).expect("write runner");
        let output = std::process::Command::new("node")
            .arg(dir.path().join("run.mjs"))
            .output()
            .expect("node");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "[42,7,65536]");
    }

    #[test]
    fn a_glue_without_a_name_of_its_module_is_an_error() {
        let renames = Renames {
            imports: vec![("./p_bg.js".into(), "__wbg_gone_0123456789abcdef".into(), "a".into())],
            exports: vec![],
        };
        let error =
            renames.apply("const x = { \"./p_bg.js\": {} };", "./p_bg.js").expect_err("missing");
        assert!(format!("{error:#}").contains("__wbg_gone_0123456789abcdef"), "{error:#}");
        let other = Renames {
            imports: vec![("./snippets/x.js".into(), "f".into(), "a".into())],
            exports: vec![],
        };
        assert!(other.apply("f", "./p_bg.js").is_err(), "a second module is refused");
        assert_eq!(
            replace_token("wasm.ab wasm.abc xwasm.ab", "wasm.ab", "wasm.Z").expect("found"),
            "wasm.Z wasm.abc xwasm.ab"
        );
    }

    #[test]
    fn refuses_a_folder_without_index_or_a_template_without_slots() {
        let workspace = workspace_with_template();
        let empty = tempfile::tempdir().expect("temp dir");
        let error = post_build(workspace.path(), empty.path(), None).expect_err("no index.html");
        assert!(error.to_string().contains("no index.html"), "{error}");

        std::fs::write(workspace.path().join(SW_TEMPLATE), "const BUILD = 1;").expect("write");
        let error =
            post_build(workspace.path(), staged("v1").path(), None).expect_err("bad template");
        assert!(error.to_string().contains("slot"), "{error}");
    }
}
