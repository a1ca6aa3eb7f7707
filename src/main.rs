fn main() -> std::process::ExitCode {
    cplint::cli::main()
}
