//! `atlas-runtime`: runc's command line over atlas-native.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    std::process::exit(atlas_native::main_with_args(&args));
}
