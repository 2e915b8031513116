//! Entry point of the browser app. Built for `wasm32-unknown-unknown` by
//! `cargo xtask dist`; on other targets it only says how to run it.

fn main() {
    #[cfg(target_arch = "wasm32")]
    runtime_atlas::start();

    #[cfg(not(target_arch = "wasm32"))]
    eprintln!(
        "runtime-atlas is a browser app: run `cargo xtask serve` and open http://127.0.0.1:8080"
    );
}
