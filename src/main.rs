#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cplint::memory::limit_retained_memory();
    cplint::cli::main()
}
