fn main() -> std::process::ExitCode {
    limit_retained_memory();
    cplint::cli::main()
}

/// glibc raises its mmap threshold each time a large block is freed, after which
/// large blocks (file buffers, the parser's arenas for big files) come from the
/// per-thread heaps and stay there when freed: peak memory then grew with the number
/// of files linted (bench/RESULTS.md). A fixed threshold keeps blocks of 128 KiB and
/// more in their own mappings, returned to the system on free.
fn limit_retained_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator parameters; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}
