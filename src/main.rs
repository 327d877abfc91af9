use clap::Parser;

fn main() -> std::process::ExitCode {
    dpiagen::cli::run(dpiagen::cli::Cli::parse())
}
