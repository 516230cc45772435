//! The `madoguchi` binary: a thin shell over the library.

fn main() -> std::process::ExitCode {
    madoguchi::cli::run()
}
