//! The npm distribution end to end, against a real registry on this machine.
//!
//! Installs Verdaccio from npm once (into `target/npm-test-cache`, reused), starts it on
//! 127.0.0.1 with a free port, storage in a temporary folder and no uplinks (a package it
//! does not hold is a 404, never a fetch from the internet), builds the packages for this
//! platform with `scripts/npm-build.sh` from the binary cargo built for the tests,
//! publishes the platform package and the launcher, then in a fresh npm project runs
//! `npm i -D cplint` from that registry and checks what a user would run: `npx cplint`,
//! `node_modules/.bin/cplint`, a lint-staged style call with file names, exit codes, the
//! `CPLINT_BINARY` override, signals, and the message when the platform package is missing.
//! Verdaccio is stopped at the end, also when a check fails.
//!
//! Without node/npm (or bash/python3 for the build script), or when Verdaccio cannot be
//! installed (offline), the test passes after writing a `SKIPPED npm_package: ...` line
//! straight to the process's stderr, which libtest does not capture, so the line shows in
//! `cargo test` output.
#![cfg(unix)]

use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Written past libtest's output capture, so that a skip is seen.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

struct Out {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

impl Out {
    fn code(&self) -> Option<i32> {
        self.status.code()
    }
    fn both(&self) -> String {
        format!("status: {:?}\n--- stdout\n{}\n--- stderr\n{}", self.status, self.stdout, self.stderr)
    }
}

/// Runs `cmd` to completion within `limit` (killed and reported past it); output goes
/// through files, so a chatty child never blocks on a full pipe.
fn run(cmd: &mut Command, scratch: &Path, limit: Duration) -> Out {
    let (out_path, err_path) = (scratch.join("cmd.stdout"), scratch.join("cmd.stderr"));
    let described = format!("{cmd:?}");
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out_path).unwrap())
        .stderr(fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {described}: {e}"));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{described} took more than {limit:?}\n--- stdout\n{}\n--- stderr\n{}",
                fs::read_to_string(&out_path).unwrap_or_default(),
                fs::read_to_string(&err_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Out {
        status,
        stdout: fs::read_to_string(&out_path).unwrap_or_default(),
        stderr: fs::read_to_string(&err_path).unwrap_or_default(),
    }
}

/// Installs Verdaccio (once) and returns its start script; `Err` says why it cannot be had.
fn verdaccio() -> Result<PathBuf, String> {
    let dir = root().join("target").join("npm-test-cache").join("verdaccio");
    let script = dir.join("node_modules").join("verdaccio").join("bin").join("verdaccio");
    if script.is_file() {
        return Ok(script);
    }
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let manifest = dir.join("package.json");
    if !manifest.is_file() {
        fs::write(&manifest, "{\"name\": \"cplint-npm-test-verdaccio\", \"private\": true}\n")
            .map_err(|e| format!("cannot write {}: {e}", manifest.display()))?;
    }
    say("npm_package: installing Verdaccio into target/npm-test-cache (first run only)");
    // npm picks the newest 6.x whose `engines` accept this node.
    let out = run(
        Command::new("npm").current_dir(&dir).args([
            "install",
            "--no-audit",
            "--no-fund",
            "--fetch-retries=1",
            "--fetch-timeout=60000",
            "verdaccio@6",
        ]),
        &dir,
        Duration::from_secs(300),
    );
    if !out.status.success() {
        return Err(format!("`npm install verdaccio@6` failed (offline?): {}", out.stderr.trim()));
    }
    if !script.is_file() {
        return Err(format!("npm installed Verdaccio but {} is missing", script.display()));
    }
    Ok(script)
}

/// The running registry; dropping it stops the server.
struct Registry {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Registry {
    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }
    fn log(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// One HTTP/1.0 request to 127.0.0.1:port; `(status, body)`.
fn http(port: u16, method: &str, path: &str, body: &str) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        s,
        "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
         Accept: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut response = String::new();
    s.read_to_string(&mut response)?;
    let status = response.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    Ok((status, body))
}

fn start_registry(script: &Path, dir: &Path) -> Registry {
    let storage = dir.join("storage");
    fs::create_dir_all(&storage).unwrap();
    let config = dir.join("config.yaml");
    // No `uplinks` and no `proxy`: only what is published here can be installed.
    fs::write(
        &config,
        format!(
            "storage: {storage}\n\
             auth:\n  htpasswd:\n    file: {htpasswd}\n    max_users: 10\n\
             packages:\n  '**':\n    access: $all\n    publish: $authenticated\n\
             max_body_size: 300mb\n\
             web:\n  enable: false\n\
             log: {{ type: stdout, format: pretty, level: warn }}\n",
            storage = storage.display(),
            htpasswd = dir.join("htpasswd").display(),
        ),
    )
    .unwrap();
    let port = free_port();
    let log = dir.join("verdaccio.log");
    let child = Command::new("node")
        .arg(script)
        .arg("--config")
        .arg(&config)
        .arg("--listen")
        .arg(format!("127.0.0.1:{port}"))
        .stdin(Stdio::null())
        .stdout(fs::File::create(&log).unwrap())
        .stderr(Stdio::from(fs::File::options().append(true).open(&log).unwrap()))
        .spawn()
        .expect("node starts Verdaccio");
    let mut registry = Registry { child, port, log };
    let start = Instant::now();
    loop {
        if let Ok((200, _)) = http(port, "GET", "/-/ping", "") {
            return registry;
        }
        if let Ok(Some(status)) = registry.child.try_wait() {
            panic!("Verdaccio exited ({status}) before it listened:\n{}", registry.log());
        }
        if start.elapsed() > Duration::from_secs(60) {
            panic!("Verdaccio did not answer on port {port} within 60 s:\n{}", registry.log());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Registers a user through the registry's API and returns its token.
fn add_user(registry: &Registry) -> String {
    let body = r#"{"name": "cplint-test", "password": "cplint-test-password"}"#;
    let (status, answer) =
        http(registry.port, "PUT", "/-/user/org.couchdb.user:cplint-test", body).expect("registry answers");
    assert_eq!(status, 201, "adding a user failed: {answer}\n{}", registry.log());
    let json: serde_json::Value = serde_json::from_str(&answer).expect("JSON answer");
    json["token"].as_str().expect("a token").to_string()
}

/// npm and npx with only this test's configuration: its user config, cache and registry.
fn npm_command(program: &str, env: &NpmEnv) -> Command {
    let mut c = Command::new(program);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().to_ascii_lowercase().starts_with("npm_config_") || key == "CPLINT_BINARY" {
            c.env_remove(key);
        }
    }
    c.env("npm_config_userconfig", &env.userconfig)
        .env("npm_config_cache", &env.cache)
        .env("npm_config_registry", &env.registry)
        .env("npm_config_audit", "false")
        .env("npm_config_fund", "false")
        .env("npm_config_update_notifier", "false")
        .env("NO_COLOR", "1");
    c
}

struct NpmEnv {
    userconfig: PathBuf,
    cache: PathBuf,
    registry: String,
}

#[test]
fn npm_install_from_a_local_registry_runs_cplint() {
    for tool in ["node", "npm", "npx", "bash", "python3"] {
        if !have(tool) {
            say(&format!("\nSKIPPED npm_package: `{tool}` is not available; the npm package was not tested\n"));
            return;
        }
    }
    let script = match verdaccio() {
        Ok(s) => s,
        Err(why) => {
            say(&format!("\nSKIPPED npm_package: {why}\n"));
            return;
        }
    };
    let started = Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let scratch = t.join("scratch");
    fs::create_dir_all(&scratch).unwrap();
    let minute = Duration::from_secs(60);

    let registry = start_registry(&script, &t.join("registry"));
    let token = add_user(&registry);
    let host = format!("//127.0.0.1:{}/", registry.port);
    let userconfig = t.join("npmrc");
    fs::write(&userconfig, format!("registry={}\n{host}:_authToken={token}\n", registry.url())).unwrap();
    let env = NpmEnv { userconfig, cache: t.join("npm-cache"), registry: registry.url() };

    // Nothing reaches the internet: a package the registry does not hold is not found.
    let absent = run(npm_command("npm", &env).args(["view", "left-pad", "version"]), &scratch, minute);
    assert!(!absent.status.success(), "the test registry must not proxy other registries:\n{}", absent.both());

    // Stage and publish the packages for this platform, from the test's cplint binary.
    let stage = t.join("stage");
    let built = run(
        Command::new("bash")
            .arg(root().join("scripts").join("npm-build.sh"))
            .arg("--binary")
            .arg(env!("CARGO_BIN_EXE_cplint"))
            .arg("--out")
            .arg(&stage),
        &scratch,
        minute,
    );
    assert!(built.status.success(), "scripts/npm-build.sh failed:\n{}", built.both());
    let platform_dir = fs::read_dir(&stage)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("cli-"))
        .expect("a platform package in the staging folder");
    let platform_pkg = format!("@cplint/{}", platform_dir.file_name().unwrap().to_string_lossy());
    for dir in [&platform_dir, &stage.join("cplint")] {
        let published = run(npm_command("npm", &env).arg("publish").arg(dir), &scratch, minute);
        assert!(
            published.status.success(),
            "npm publish {} failed:\n{}\n{}",
            dir.display(),
            published.both(),
            registry.log()
        );
    }

    // A fresh project installs cplint from the registry, as a user would.
    let project = t.join("project");
    fs::create_dir_all(project.join("src")).unwrap();
    fs::write(
        project.join("package.json"),
        "{\"name\": \"npm-test-project\", \"version\": \"1.0.0\", \"private\": true}\n",
    )
    .unwrap();
    let installed = run(
        npm_command("npm", &env).current_dir(&project).args(["i", "-D", "cplint", "--registry", &registry.url()]),
        &scratch,
        minute,
    );
    assert!(installed.status.success(), "npm i -D cplint failed:\n{}\n{}", installed.both(), registry.log());
    let manifest = fs::read_to_string(project.join("package.json")).unwrap();
    assert!(manifest.contains("\"cplint\""), "cplint is not in devDependencies:\n{manifest}");
    assert!(
        project.join("node_modules").join(&platform_pkg).join("package.json").is_file(),
        "npm did not install {platform_pkg} as an optional dependency"
    );

    let npx =
        |args: &[&str]| run(npm_command("npx", &env).current_dir(&project).arg("cplint").args(args), &scratch, minute);
    let bin = project.join("node_modules").join(".bin").join("cplint");
    let direct = |args: &[&str], extra: &[(&str, &str)]| {
        let mut c = npm_command(bin.to_str().unwrap(), &env);
        c.current_dir(&project).args(args);
        for (k, v) in extra {
            c.env(k, v);
        }
        run(&mut c, &scratch, minute)
    };
    let expected_version = format!("cplint {VERSION}");

    let v = npx(&["--version"]);
    assert!(v.status.success() && v.stdout.contains(&expected_version), "npx cplint --version:\n{}", v.both());
    let v = direct(&["--version"], &[]);
    assert!(
        v.status.success() && v.stdout.contains(&expected_version),
        "node_modules/.bin/cplint --version:\n{}",
        v.both()
    );

    // lint-staged / husky style: the staged files named on the command line.
    fs::write(
        project.join("src/a.js"),
        "const { exec } = require(\"node:child_process\");\n\
         exports.list = (dir) => exec(`ls ${dir}`, { timeout: 5000 }, (err, out) => { if (err) throw err; console.log(out); });\n",
    )
    .unwrap();
    fs::write(project.join("src/b.js"), "exports.answer = () => 42;\n").unwrap();
    fs::write(project.join("src/c.mts"), "export const name: string = \"c\";\n").unwrap();
    let dirty = npx(&["--force-exclude", "src/a.js", "src/b.js", "src/c.mts"]);
    assert_eq!(dirty.code(), Some(1), "a staged file with an error-level finding exits 1:\n{}", dirty.both());
    let text = format!("{}{}", dirty.stdout, dirty.stderr);
    assert!(text.contains("shell-injection") && text.contains("a.js"), "the finding is named:\n{}", dirty.both());
    let clean = npx(&["--force-exclude", "src/b.js", "src/c.mts"]);
    assert_eq!(clean.code(), Some(0), "staged files without findings exit 0:\n{}", clean.both());

    let bad = npx(&["--no-such-flag"]);
    assert_eq!(bad.code(), Some(2), "a bad flag exits 2:\n{}", bad.both());
    assert!(bad.stderr.contains("--no-such-flag"), "clap's message comes through:\n{}", bad.both());

    // CPLINT_BINARY runs another binary, with the arguments and its exit code passed on.
    let fake = t.join("fake-cplint");
    fs::write(&fake, "#!/bin/sh\necho \"fake cplint: $*\"\nexit 7\n").unwrap();
    fs::set_permissions(&fake, fs::Permissions::from_mode(0o755)).unwrap();
    let over = direct(&["src/a.js", "two words"], &[("CPLINT_BINARY", fake.to_str().unwrap())]);
    assert_eq!(over.code(), Some(7), "CPLINT_BINARY's exit code:\n{}", over.both());
    assert_eq!(
        over.stdout.trim(),
        "fake cplint: src/a.js two words",
        "arguments passed unchanged, no shell:\n{}",
        over.both()
    );
    let over = run(
        npm_command("npx", &env)
            .current_dir(&project)
            .env("CPLINT_BINARY", env!("CARGO_BIN_EXE_cplint"))
            .args(["cplint", "--version"]),
        &scratch,
        minute,
    );
    assert!(over.stdout.contains(&expected_version), "npx with CPLINT_BINARY:\n{}", over.both());
    let missing = direct(&["--version"], &[("CPLINT_BINARY", "/nonexistent/cplint")]);
    assert_eq!(missing.code(), Some(2), "a CPLINT_BINARY that does not exist:\n{}", missing.both());
    assert!(
        missing.stderr.contains("/nonexistent/cplint") && missing.stderr.contains("CPLINT_BINARY"),
        "{}",
        missing.both()
    );

    // A child killed by a signal: the launcher ends by the same signal.
    let killed = t.join("killed-cplint");
    fs::write(&killed, "#!/bin/sh\nkill -TERM $$\nsleep 5\n").unwrap();
    fs::set_permissions(&killed, fs::Permissions::from_mode(0o755)).unwrap();
    let sig = direct(&[], &[("CPLINT_BINARY", killed.to_str().unwrap())]);
    assert_eq!(sig.status.signal(), Some(15), "the launcher dies of the child's SIGTERM:\n{}", sig.both());

    // Without the platform package (--omit=optional, a lockfile from another OS): a clear message.
    fs::rename(project.join("node_modules").join("@cplint"), t.join("moved-away")).unwrap();
    let none = direct(&["--version"], &[]);
    assert_eq!(none.code(), Some(2), "no platform package:\n{}", none.both());
    assert!(
        none.stderr.contains(&platform_pkg) && none.stderr.contains("CPLINT_BINARY"),
        "names the package:\n{}",
        none.both()
    );

    drop(registry);
    eprintln!("npm_package: registry round trip checked in {:.1} s", started.elapsed().as_secs_f64());
}

/// The launcher passes cplint's own rules, every rule on (its one `spawnSync` without a
/// time limit is a foreground child with the terminal's stdio, suppressed with a reason).
#[test]
fn the_launcher_has_no_findings() {
    let out = Command::new(env!("CARGO_BIN_EXE_cplint"))
        .args(["--select", "ALL"])
        .arg(root().join("npm").join("cplint").join("bin"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains("No problems found"),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
