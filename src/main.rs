/// mimalloc instead of the system allocator: Typst's layout allocates many small, short-lived
/// values on several threads at once (see docs/benchmark.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    dpiagen::cli::run(dpiagen::cli::help::parse())
}
