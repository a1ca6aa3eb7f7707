//! JSON-RPC over standard input and output, framed by `Content-Length` headers.
//!
//! lsp-server's own stdio transport ends the connection on the first malformed
//! message; this one answers it with a JSON-RPC error and reads on: a frame that
//! is not JSON gets a parse error (-32700), JSON that is not a message an invalid
//! request (-32600), header lines it cannot read are skipped until a frame with a
//! `Content-Length` comes, and a frame too large to hold is read past.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::sync::mpsc::{Receiver, Sender};
use std::thread::JoinHandle;

use lsp_server::Message;
use serde_json::{Value, json};

/// A frame larger than this is read past and answered with an error.
const MAX_FRAME: usize = 1 << 30;
/// A header line longer than this is skipped.
const MAX_HEADER_LINE: u64 = 16 * 1024;

/// What the reader thread hands over.
pub enum Incoming {
    Message(Message),
    /// Not a message: answered with this error (`id` when the request had one).
    Malformed {
        id: Option<Value>,
        code: i32,
        message: String,
    },
    /// Standard input ended (or failed).
    Closed,
}

/// What the writer thread writes.
pub enum Outgoing {
    Message(Message),
    /// A message already in JSON (diagnostics, serialised on the lint's thread).
    Json(String),
    /// An error response for a message that had no usable id (`"id": null`).
    Error {
        id: Option<Value>,
        code: i32,
        message: String,
    },
}

enum Frame {
    Body(Vec<u8>),
    Bad(String),
    Eof,
}

/// Reads one frame. Header lines other than `Content-Length` are ignored, as are
/// lines that are not headers (so garbage before a frame is skipped).
fn read_frame(r: &mut impl BufRead) -> io::Result<Frame> {
    let mut length: Option<Result<usize, String>> = None;
    let mut headers = 0;
    loop {
        let mut line = Vec::new();
        if r.by_ref().take(MAX_HEADER_LINE).read_until(b'\n', &mut line)? == 0 {
            return Ok(Frame::Eof);
        }
        if line.last() != Some(&b'\n') {
            // Too long to be a header: skip to its end.
            let mut rest = Vec::new();
            while !rest.ends_with(b"\n") {
                rest.clear();
                if r.by_ref().take(MAX_HEADER_LINE).read_until(b'\n', &mut rest)? == 0 {
                    return Ok(Frame::Eof);
                }
            }
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if headers == 0 {
                continue; // blank lines between frames
            }
            break;
        }
        headers += 1;
        // Found anywhere in the line: garbage without a line break may come first.
        let lower = text.to_ascii_lowercase();
        if let Some(at) = lower.rfind("content-length:") {
            let value = text[at + "content-length:".len()..].trim();
            length = Some(value.parse::<usize>().map_err(|_| format!("bad Content-Length `{value}`")));
        }
    }
    let len = match length {
        None => return Ok(Frame::Bad("a message without a Content-Length header".into())),
        Some(Err(e)) => return Ok(Frame::Bad(e)),
        Some(Ok(len)) => len,
    };
    if len > MAX_FRAME {
        io::copy(&mut r.by_ref().take(len as u64), &mut io::sink())?;
        return Ok(Frame::Bad(format!("a message of {len} bytes is too large")));
    }
    let mut body = vec![0; len];
    match r.read_exact(&mut body) {
        Ok(()) => Ok(Frame::Body(body)),
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(Frame::Eof),
        Err(e) => Err(e),
    }
}

/// A request or notification as it comes: read into this directly, the message's
/// parameters (a whole document's text, on each edit of it) are parsed once, where
/// the untagged [`Message`] would first buffer the whole message and then copy it.
#[derive(serde::Deserialize)]
struct Call {
    id: Option<lsp_server::RequestId>,
    method: String,
    #[serde(default)]
    params: Value,
}

fn decode(body: &[u8]) -> Incoming {
    // What does not read as a call (a response, or not a message) takes the general
    // path below, which also answers what is wrong with it.
    if let Ok(Call { id, method, params }) = serde_json::from_slice::<Call>(body) {
        return Incoming::Message(match id {
            Some(id) => Message::Request(lsp_server::Request { id, method, params }),
            None => Message::Notification(lsp_server::Notification { method, params }),
        });
    }
    decode_any(body)
}

/// Any message, through [`Message`]'s own deserialiser.
fn decode_any(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => return Incoming::Malformed { id: None, code: -32700, message: format!("parse error: {e}") },
    };
    let id = value.get("id").cloned();
    match serde_json::from_value::<Message>(value) {
        Ok(m) => Incoming::Message(m),
        Err(e) => Incoming::Malformed { id, code: -32600, message: format!("invalid request: {e}") },
    }
}

/// Reads messages from `input` on a thread and hands each to `send` until it
/// returns false or the input ends.
pub fn spawn_reader(
    input: impl Read + Send + 'static,
    send: impl Fn(Incoming) -> bool + Send + 'static,
) -> io::Result<()> {
    std::thread::Builder::new().name("cplint-lsp-reader".into()).spawn(move || {
        let mut input = BufReader::with_capacity(64 * 1024, input);
        loop {
            let incoming = match read_frame(&mut input) {
                Ok(Frame::Body(body)) => decode(&body),
                Ok(Frame::Bad(message)) => Incoming::Malformed { id: None, code: -32700, message },
                Ok(Frame::Eof) | Err(_) => Incoming::Closed,
            };
            let closed = matches!(incoming, Incoming::Closed);
            let exit = matches!(&incoming, Incoming::Message(Message::Notification(n)) if n.method == "exit");
            if !send(incoming) || closed || exit {
                break;
            }
        }
    })?;
    Ok(())
}

fn write_frame(out: &mut impl Write, json: &str) -> io::Result<()> {
    write!(out, "Content-Length: {}\r\n\r\n", json.len())?;
    out.write_all(json.as_bytes())?;
    out.flush()
}

/// Writes what `queue` receives to `output` on a thread, until every sender is
/// dropped (join the handle to know everything was written) or writing fails.
pub fn spawn_writer(output: impl Write + Send + 'static, queue: Receiver<Outgoing>) -> io::Result<JoinHandle<()>> {
    std::thread::Builder::new().name("cplint-lsp-writer".into()).spawn(move || {
        let mut output = io::BufWriter::new(output);
        for out in queue {
            let written = match out {
                Outgoing::Message(m) => m.write(&mut output),
                Outgoing::Json(json) => write_frame(&mut output, &json),
                Outgoing::Error { id, code, message } => {
                    let v = json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } });
                    write_frame(&mut output, &v.to_string())
                }
            };
            if written.is_err() {
                break;
            }
        }
    })
}

/// A sender of outgoing messages that ignores a writer that has gone.
#[derive(Clone)]
pub struct Out(pub Sender<Outgoing>);

impl Out {
    pub fn send(&self, m: impl Into<Message>) {
        let _ = self.0.send(Outgoing::Message(m.into()));
    }

    pub fn json(&self, json: String) {
        let _ = self.0.send(Outgoing::Json(json));
    }

    pub fn error(&self, id: Option<Value>, code: i32, message: String) {
        let _ = self.0.send(Outgoing::Error { id, code, message });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(i: Incoming) -> String {
        match i {
            Incoming::Message(m) => format!("message {}", serde_json::to_string(&m).unwrap_or_default()),
            Incoming::Malformed { id, code, .. } => format!("malformed {id:?} {code}"),
            Incoming::Closed => "closed".into(),
        }
    }

    /// The direct read of requests and notifications gives what `Message`'s own
    /// deserialiser gives, for every kind of message and for what is not one.
    #[test]
    fn calls_read_directly_are_the_messages_lsp_server_reads() {
        let bodies = [
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#,
            r#"{"jsonrpc":"2.0","id":"a","method":"shutdown"}"#,
            r#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///a.js","version":2},"contentChanges":[{"text":"exec(`ls ${x}`)\n\"q\"\u00e9"}]}}"#,
            r#"{"jsonrpc":"2.0","method":"exit"}"#,
            r#"{"jsonrpc":"2.0","id":null,"method":"initialized","params":{}}"#,
            r#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#,
            r#"{"jsonrpc":"2.0","id":{},"method":"x","params":[1]}"#,
            r#"{"jsonrpc":"2.0","id":7,"result":{"applied":true}}"#,
            r#"{"jsonrpc":"2.0","id":8,"error":{"code":-1,"message":"no"}}"#,
            r#"{"jsonrpc":"2.0","method":5}"#,
            r#"{"jsonrpc":"2.0","method":"a","method":"b"}"#,
            r#"{"jsonrpc":"2.0","id":3}"#,
            r#"[1,2]"#,
            r#"{"method":"x","params":"#,
            "not json",
        ];
        let mut direct = 0;
        for body in bodies {
            let (fast, general) = (shown(decode(body.as_bytes())), shown(decode_any(body.as_bytes())));
            assert_eq!(fast, general, "{body}");
            direct += usize::from(serde_json::from_str::<Call>(body).is_ok());
        }
        // The direct read was taken for the requests and notifications.
        assert_eq!(direct, 5);
    }
}
