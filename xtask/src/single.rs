//! `dist-offline/`: the app as one folder that runs from `file://` (a
//! double-click on `index.html`) as well as from any static server.
//!
//! A `file://` page has an opaque origin: Chromium refuses its module scripts
//! (`import`, `import()`) and `fetch` of files. What still works is classic
//! `<script src>`, so each wasm-bindgen module M becomes two classic scripts:
//! `M.classic.js` (its glue with every JS snippet inlined, wrapped in a
//! function so the three modules do not share names) and `M.wasm.js` (the
//! wasm as base64). The Korean catalog becomes `i18n/ko.ftl.js`. The app's
//! two hooks (`window.__atlasFile` in `src/browser.rs`: the loader's import
//! and the text fetch) then load them by injecting scripts.
//!
//! The glue is rewritten by anchored patterns over wasm-bindgen's text (the
//! version is pinned in Cargo.lock): each one must match exactly once, else
//! `dist` fails naming it, so a wasm-bindgen upgrade breaks the build loudly
//! instead of shipping a folder that does not start. `dist/` itself stays ES
//! modules with streaming compilation: the first-load budget is measured there.

use crate::dist::MODULES;
use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::Path;

/// Writes `out` (emptied first) from the built `dist`.
pub fn write(dist: &Path, out: &Path) -> Result<()> {
    if out.exists() {
        std::fs::remove_dir_all(out)
            .with_context(|| format!("could not remove {}", out.display()))?;
    }
    std::fs::create_dir_all(out.join("i18n"))
        .with_context(|| format!("could not create {}", out.display()))?;
    let read = |rel: &str| -> Result<String> {
        std::fs::read_to_string(dist.join(rel))
            .with_context(|| format!("could not read {}", dist.join(rel).display()))
    };
    let put = |rel: &str, text: &str| -> Result<()> {
        std::fs::write(out.join(rel), text)
            .with_context(|| format!("could not write {}", out.join(rel).display()))
    };
    let mut raw = 0u64;
    for m in MODULES {
        let glue = read(&format!("{m}.js"))?;
        let classic = classic(m, &glue, read).with_context(|| format!("{m}.js"))?;
        put(&format!("{m}.classic.js"), &classic)?;
        let wasm_path = dist.join(format!("{m}_bg.wasm"));
        let wasm = std::fs::read(&wasm_path)
            .with_context(|| format!("could not read {}", wasm_path.display()))?;
        let script = format!(
            "(window.__atlasWasm ||= {{}})[{}] = '{}';\n",
            js_str(m),
            base64(&wasm)
        );
        put(&format!("{m}.wasm.js"), &script)?;
        raw += (classic.len() + script.len()) as u64;
    }
    let ko = read("i18n/ko.ftl")?;
    put(
        "i18n/ko.ftl.js",
        &format!(
            "(window.__atlasText ||= {{}})['i18n/ko.ftl'] = {};\n",
            js_str(&ko)
        ),
    )?;
    put("index.html", &offline_index(&read("index.html")?)?)?;
    // Everything else as it is (styles, the notes window, the embed kit).
    let mut copied = Vec::new();
    for e in
        std::fs::read_dir(dist).with_context(|| format!("could not read {}", dist.display()))?
    {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        if e.file_type()?.is_dir() || !copy_as_is(&name) {
            continue;
        }
        std::fs::copy(e.path(), out.join(&name))
            .with_context(|| format!("could not copy {name}"))?;
        copied.push(name);
    }
    copied.sort();
    put("README.txt", README)?;
    println!(
        "wrote {} (the modules as classic scripts: {}; also {})",
        out.display(),
        crate::util::human(raw),
        copied.join(", ")
    );
    Ok(())
}

/// Whether a top-level file of `dist/` goes to the folder unchanged: not the
/// modules (rewritten), the page (rewritten), nor the service worker's files
/// (no worker on file://).
fn copy_as_is(name: &str) -> bool {
    let module = MODULES
        .iter()
        .any(|m| name == format!("{m}.js") || name == format!("{m}_bg.wasm"));
    !module && !matches!(name, "index.html" | "sw.js" | "build.json")
}

const README: &str = "\
Runtime Atlas, offline
======================

Open index.html in a browser (a double-click works: file:// is supported), or
serve this folder with any static web server, for example:

    python3 -m http.server 8000      then open http://127.0.0.1:8000/

Everything the app needs is in this folder: it makes no request to the network.
Presenter mode: index.html#v1;mode=present;talk=kubectl-run (the notes window
opens with the key n). The embed kit: embed.html.

If a browser refuses file:// pages, use the server line above.

Runtime Atlas, 오프라인
======================

index.html을 브라우저로 엽니다(두 번 클릭해도 됩니다. file://을 지원합니다). 또는 이
폴더를 정적 웹 서버로 제공합니다. 예: python3 -m http.server 8000 후
http://127.0.0.1:8000/ 을 엽니다. 앱은 네트워크에 요청하지 않습니다.
";

/// A JS string literal (JSON's is one).
fn js_str(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// Standard base64 with padding (RFC 4648).
pub fn base64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for c in data.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= c.len() {
                out.push(char::from(A[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Replaces the one occurrence of `from` in `text`, or fails naming it.
fn once(text: &str, from: &str, to: &str, what: &str) -> Result<String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => bail!("{what}: expected `{from}` once, found it {n} times"),
    }
}

/// The name a declaration line declares: `function X(`, `class X {`,
/// `const X =`, `let X =` (after `export `), with `async` allowed.
fn declared(decl: &str) -> Option<&str> {
    let rest = decl.strip_prefix("async ").unwrap_or(decl);
    let rest = ["function* ", "function ", "class ", "const ", "let "]
        .iter()
        .find_map(|k| rest.strip_prefix(k))?;
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// Removes `export ` from every exported declaration of `text`; returns the
/// text and the names. Any other `export` or an `import` statement fails.
fn unexport(text: &str, what: &str) -> Result<(String, Vec<String>)> {
    let mut out = String::with_capacity(text.len());
    let mut names = Vec::new();
    for line in text.split_inclusive('\n') {
        let body = line.trim_start();
        let indent = &line[..line.len() - body.len()];
        if let Some(decl) = body.strip_prefix("export ") {
            let Some(name) = declared(decl) else {
                bail!(
                    "{what}: an export the folder cannot rewrite: {}",
                    line.trim()
                );
            };
            names.push(name.to_string());
            out.push_str(indent);
            out.push_str(decl);
        } else if body.starts_with("import ") || body.starts_with("import{") {
            bail!(
                "{what}: an import the folder cannot rewrite: {}",
                line.trim()
            );
        } else {
            out.push_str(line);
        }
    }
    Ok((out, names))
}

/// One `import` line of the glue: the module path and what it binds, as a
/// destructuring pattern (`{ a, b: c }`) or a name (`import * as x`).
fn import_line(line: &str) -> Option<(String, String)> {
    let l = line.trim().trim_end_matches(';');
    if let Some(rest) = l.strip_prefix("import * as ") {
        let (name, path) = rest.split_once(" from ")?;
        return Some((unquote(path)?, name.trim().to_string()));
    }
    let rest = l.strip_prefix("import { ")?;
    let (items, path) = rest.split_once(" } from ")?;
    let items: Vec<String> = items
        .split(',')
        .map(|i| match i.trim().split_once(" as ") {
            Some((a, b)) => format!("{}: {}", a.trim(), b.trim()),
            None => i.trim().to_string(),
        })
        .collect();
    Some((unquote(path)?, format!("{{ {} }}", items.join(", "))))
}

fn unquote(s: &str) -> Option<String> {
    let s = s.trim();
    let q = s.chars().next()?;
    (matches!(q, '\'' | '"') && s.len() >= 2 && s.ends_with(q)).then(|| s[1..s.len() - 1].into())
}

/// wasm-bindgen's `--target web` glue of module `m` as a classic script that
/// registers the module in `window.__atlasModules[m]`; `snippet(path)` reads a
/// snippet file (`snippets/…/inline0.js`, relative to the glue).
pub fn classic(m: &str, glue: &str, snippet: impl Fn(&str) -> Result<String>) -> Result<String> {
    // The imports: every one is a snippet's, each file inlined once.
    let mut files: BTreeMap<String, usize> = BTreeMap::new();
    let mut binds = String::new();
    let mut rest = String::with_capacity(glue.len());
    for line in glue.split_inclusive('\n') {
        if !line.trim_start().starts_with("import ") {
            rest.push_str(line);
            continue;
        }
        let Some((path, pattern)) = import_line(line) else {
            bail!("an import line the folder cannot rewrite: {}", line.trim());
        };
        let Some(rel) = path.strip_prefix("./snippets/") else {
            bail!(
                "an import of something other than a snippet: {}",
                line.trim()
            );
        };
        let n = files.len();
        let k = *files.entry(format!("snippets/{rel}")).or_insert(n);
        binds.push_str(&format!("const {pattern} = __snip{k};\n"));
    }
    let mut head = String::new();
    for (path, k) in &files {
        let text = snippet(path)?;
        let text = text.replace("import.meta.url", "__atlasSnippetUrl");
        let (text, names) = unexport(&text, path)?;
        head.push_str(&format!(
            "const __snip{k} = (() => {{\nconst __atlasSnippetUrl = new URL({}, document.baseURI).href;\n{text}\nreturn {{ {} }};\n}})();\n",
            js_str(path),
            names.join(", ")
        ));
    }
    let rest = once(
        &rest,
        &format!("module_or_path = new URL('{m}_bg.wasm', import.meta.url);"),
        &format!("module_or_path = __atlasWasmBytes({});", js_str(m)),
        "the wasm's URL",
    )?;
    let rest = once(
        &rest,
        "export { initSync, __wbg_init as default };",
        "",
        "the glue's export list",
    )?;
    let (rest, names) = unexport(&rest, "the glue")?;
    if let Some(i) = rest.find("import.meta") {
        let line = rest[i..].lines().next().unwrap_or("");
        bail!("import.meta is left in the glue: {line}");
    }
    let mut exports = names;
    exports.extend(["initSync".to_string(), "default: __wbg_init".to_string()]);
    Ok(format!(
        "// {m}: wasm-bindgen's glue as a classic script (cargo xtask dist, xtask/src/single.rs).\n\
         (() => {{\n\
         const __atlasWasmBytes = (name) => {{\n\
         \x20 const s = (window.__atlasWasm || {{}})[name];\n\
         \x20 if (typeof s !== 'string') throw new Error(name + '.wasm.js did not load');\n\
         \x20 delete window.__atlasWasm[name];\n\
         \x20 const b = atob(s), u = new Uint8Array(b.length);\n\
         \x20 for (let i = 0; i < b.length; i++) u[i] = b.charCodeAt(i);\n\
         \x20 return u;\n\
         }};\n\
         {head}{binds}{rest}\n\
         (window.__atlasModules ||= {{}})[{}] = {{ {} }};\n\
         }})();\n",
        js_str(m),
        exports.join(", ")
    ))
}

/// The script that makes the page's module imports and text fetches work
/// from classic scripts (the two hooks of `src/browser.rs` call it).
const FILE_HOOKS: &str = r#"<script>
      // dist-offline/: no module scripts and no fetch (file:// allows
      // neither); a module M is M.wasm.js then M.classic.js, a text T is T.js.
      window.__atlasFile = (() => {
        const add = (src) => new Promise((ok, no) => {
          const s = document.createElement('script');
          s.src = src;
          s.onload = () => { s.remove(); ok(); };
          s.onerror = () => { s.remove(); no(new Error('could not load ' + src)); };
          document.head.appendChild(s);
        });
        return {
          import: async (url) => {
            const name = new URL(url, document.baseURI).pathname.split('/').pop().replace(/\.js$/, '');
            await add(name + '.wasm.js');
            await add(name + '.classic.js');
            const m = (window.__atlasModules || {})[name];
            if (!m) throw new Error(name + ' did not load');
            return m;
          },
          text: async (path) => {
            await add(path + '.js');
            const t = (window.__atlasText || {})[path];
            if (typeof t !== 'string') throw new Error(path + ' did not load');
            return t;
          },
        };
      })();
    </script>
    <script defer src="runtime-atlas.wasm.js"></script>
    <script defer src="runtime-atlas.classic.js"></script>
    <script>
      addEventListener('DOMContentLoaded', () => {
      const init = window.__atlasModules['runtime-atlas'].default;"#;

/// `dist/index.html` for the folder: no preloads, classic scripts instead of
/// the module, no service worker.
pub fn offline_index(html: &str) -> Result<String> {
    let mut out = String::with_capacity(html.len() + FILE_HOOKS.len());
    let (mut preload, mut modulepreload) = (0, 0);
    for line in html.split_inclusive('\n') {
        if line.contains("<link rel=\"preload\"") {
            preload += 1;
        } else if line.contains("<link rel=\"modulepreload\"") {
            modulepreload += 1;
        } else {
            out.push_str(line);
        }
    }
    if (preload, modulepreload) != (1, 1) {
        bail!("index.html: expected one preload and one modulepreload link, found {preload} and {modulepreload}");
    }
    // The worker's registration: its own script element.
    let start = "<script data-atlas-worker>";
    let Some(a) = out.find(start).filter(|_| out.matches(start).count() == 1) else {
        bail!("index.html: expected `{start}` once");
    };
    let Some(len) = out[a..].find("</script>") else {
        bail!("index.html: `{start}` is not closed");
    };
    out.replace_range(a..a + len + "</script>".len(), "");
    let module = "<script type=\"module\">\n      import init from './runtime-atlas.js';";
    let out = once(&out, module, FILE_HOOKS, "index.html's module script")?;
    // The module script's end: the start call is now inside a listener.
    let call = "init().catch((e) => {";
    let Some(at) = out.find(call).filter(|_| out.matches(call).count() == 1) else {
        bail!("index.html: expected `{call}` once");
    };
    let Some(end) = out[at..].find("</script>") else {
        bail!("index.html: the start script is not closed");
    };
    let mut out = out;
    out.insert_str(at + end, "});\n    ");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shaped like wasm-bindgen 0.2.130's `--target web` glue.
    const GLUE: &str = r#"import { atlas_engine, atlas_fetch_text as atlas_fetch_text2 } from './snippets/runtime-atlas-0123abcd/inline0.js';
import { atlas_stored } from './snippets/runtime-atlas-0123abcd/inline1.js';
import * as import1 from "./snippets/runtime-atlas-0123abcd/inline0.js"

let wasm;
export class Session {
    free() {}
}
export function play(request) {
    return wasm.play(request);
}
function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        "./runtime-atlas_bg.js": import0,
        "./snippets/runtime-atlas-0123abcd/inline0.js": import1,
    };
    return { __proto__: null, import1 };
}
function initSync(module) {}
async function __wbg_init(module_or_path) {
    if (module_or_path === undefined) {
        module_or_path = new URL('runtime-atlas_bg.wasm', import.meta.url);
    }
    return module_or_path;
}
export { initSync, __wbg_init as default };
"#;

    const SNIPPET0: &str = "const LOAD_MS = 30000;\n\
        export function atlas_engine(a) { return new URL('../../' + a, import.meta.url).href; }\n\
        export function atlas_fetch_text(p, done) { done(true, p); }\n";
    const SNIPPET1: &str = "export function atlas_stored(key) { return key; }\n";

    fn snippets(path: &str) -> Result<String> {
        match path {
            "snippets/runtime-atlas-0123abcd/inline0.js" => Ok(SNIPPET0.into()),
            "snippets/runtime-atlas-0123abcd/inline1.js" => Ok(SNIPPET1.into()),
            _ => bail!("no {path}"),
        }
    }

    #[test]
    fn classic_transform() {
        let js = classic("runtime-atlas", GLUE, snippets).unwrap();
        for line in js.lines() {
            let l = line.trim_start();
            assert!(
                !l.starts_with("import ") && !l.starts_with("export "),
                "{line}"
            );
        }
        assert!(!js.contains("import.meta"), "{js}");
        // Each snippet inlined once, every binding of the glue kept.
        assert_eq!(js.matches("const __snip0 = ").count(), 1, "{js}");
        assert_eq!(js.matches("const __snip1 = ").count(), 1, "{js}");
        assert!(
            js.contains("const { atlas_engine, atlas_fetch_text: atlas_fetch_text2 } = __snip0;"),
            "{js}"
        );
        assert!(js.contains("const { atlas_stored } = __snip1;"), "{js}");
        assert!(js.contains("const import1 = __snip0;"), "{js}");
        assert!(
            js.contains("return { atlas_engine, atlas_fetch_text };"),
            "{js}"
        );
        assert!(js.contains(
            "const __atlasSnippetUrl = new URL(\"snippets/runtime-atlas-0123abcd/inline0.js\", document.baseURI).href;"
        ));
        assert!(
            js.contains("module_or_path = __atlasWasmBytes(\"runtime-atlas\");"),
            "{js}"
        );
        // Every export registered.
        assert!(js.contains(
            "(window.__atlasModules ||= {})[\"runtime-atlas\"] = { Session, play, initSync, default: __wbg_init };"
        ), "{js}");
    }

    #[test]
    fn drift_is_named() {
        // wasm-bindgen changing a line the transform anchors on fails dist.
        let moved = GLUE.replace(
            "new URL('runtime-atlas_bg.wasm', import.meta.url)",
            "wasmUrl",
        );
        let e = classic("runtime-atlas", &moved, snippets)
            .unwrap_err()
            .to_string();
        assert!(e.contains("the wasm's URL"), "{e}");
        let two = format!("{GLUE}export {{ initSync, __wbg_init as default }};\n");
        let e = classic("runtime-atlas", &two, snippets)
            .unwrap_err()
            .to_string();
        assert!(e.contains("export list"), "{e}");
        let other = format!("import {{ x }} from 'lodash';\n{GLUE}");
        assert!(classic("runtime-atlas", &other, snippets).is_err());
        let star = GLUE.replace(
            "export function play",
            "export * from './x.js';\nfunction play",
        );
        assert!(classic("runtime-atlas", &star, snippets).is_err());
    }

    #[test]
    fn base64_as_rfc4648_says() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xff, 0xfe]), "//4=");
    }

    #[test]
    fn the_page_loads_classic_scripts() {
        let page = std::fs::read_to_string(crate::util::root().join("index.html")).unwrap();
        let html = offline_index(&page).unwrap();
        assert!(!html.contains("type=\"module\""), "{html}");
        assert!(!html.contains("preload"), "{html}");
        assert!(!html.contains("serviceWorker"), "{html}");
        assert!(!html.contains("import "), "{html}");
        assert!(html.contains("<script defer src=\"runtime-atlas.classic.js\"></script>"));
        assert!(html.contains("window.__atlasFile = "));
        assert!(html.contains("init().catch("));
        // Every script element closed.
        assert_eq!(
            html.matches("<script").count(),
            html.matches("</script>").count(),
            "{html}"
        );
    }
}
