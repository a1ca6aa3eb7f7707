//! Test hooks: environment variables that make cplint fail on purpose, so the
//! crash, vanishing-file and kill-mid-write handling can be tested end to end.
//!
//! They are compiled only into debug builds (what `cargo test` builds) or with the
//! `test-hooks` feature (`cargo test --release --features test-hooks`); in a
//! release binary every function here is empty and the variables mean nothing.
//! A leaf module.

/// With `CPLINT_TEST_PANIC` set, a file containing `cplint-test-panic` makes the
/// linter panic.
pub fn panic_if_requested(text: &str) {
    #[cfg(any(debug_assertions, feature = "test-hooks"))]
    {
        static ENABLED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        if *ENABLED.get_or_init(|| std::env::var_os("CPLINT_TEST_PANIC").is_some())
            && text.contains("cplint-test-panic")
        {
            panic!("panic requested by CPLINT_TEST_PANIC");
        }
    }
    #[cfg(not(any(debug_assertions, feature = "test-hooks")))]
    let _ = text;
}

/// With `CPLINT_TEST_VANISH` set, a file whose name contains `cplint-test-vanish`
/// is deleted after the walk found it and before it is read.
pub fn vanish(path: &std::path::Path) {
    #[cfg(any(debug_assertions, feature = "test-hooks"))]
    {
        static ENABLED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        if *ENABLED.get_or_init(|| std::env::var_os("CPLINT_TEST_VANISH").is_some())
            && path.file_name().is_some_and(|n| n.to_string_lossy().contains("cplint-test-vanish"))
        {
            let _ = std::fs::remove_file(path);
        }
    }
    #[cfg(not(any(debug_assertions, feature = "test-hooks")))]
    let _ = path;
}

/// With `CPLINT_TEST_WRITE_PAUSE_MS` set, `--fix` waits that long between writing
/// the temporary file and renaming it, so a test can kill cplint mid-write.
pub fn pause_before_rename() {
    #[cfg(any(debug_assertions, feature = "test-hooks"))]
    if let Some(ms) = std::env::var("CPLINT_TEST_WRITE_PAUSE_MS").ok().and_then(|v| v.parse::<u64>().ok()) {
        eprintln!("cplint: test: pausing before rename");
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// With `CPLINT_TEST_SLOW_FIX_MS` set, fixing a file (or a buffer) first waits that
/// long, before the file is read again, so a test can show that `--file-timeout`
/// applies to the fix loop, or change the file between its lint and its fix.
pub fn slow_fix() {
    #[cfg(any(debug_assertions, feature = "test-hooks"))]
    if let Some(ms) = std::env::var("CPLINT_TEST_SLOW_FIX_MS").ok().and_then(|v| v.parse::<u64>().ok()) {
        eprintln!("cplint: test: slow fix");
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}
