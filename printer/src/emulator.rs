//! The virtual printer: a raw TCP (port-9100 style) printer that stores each job like `preview:` and answers
//! DLE EOT 1–4 as an Epson-compatible printer in its current [`Fault`] state would.
//!
//! - A job is the bytes of one connection (status queries taken out), stored when the connection closes or
//!   after [`JOB_IDLE`] without data. A printer in a state that does not print (paper out, cover open, offline,
//!   cutter error) does not print the job: it is logged and dropped, as the paper would stay blank.
//! - DLE EOT is recognised only at a command boundary (the decoder's framing), so raster or QR data that happens
//!   to contain 10 04 is not mistaken for a query.
//! - The fault can be changed while it runs by writing a fault name to `DIR/fault` (read at every query).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::preview::{next_command, Step};
use crate::status::Fault;
use crate::transport::store_preview_job;

/// A connection quiet this long ends the job it carries.
pub const JOB_IDLE: Duration = Duration::from_secs(3);

/// Shared state of a running virtual printer.
struct Shared {
    dir: PathBuf,
    fault: Mutex<Fault>,
    width: Option<u32>,
}

impl Shared {
    /// The current fault: `DIR/fault` when it holds a valid name, else the last known one.
    fn fault(&self) -> Fault {
        let mut cur = self.fault.lock().unwrap_or_else(|p| p.into_inner());
        if let Ok(text) = std::fs::read_to_string(self.dir.join("fault")) {
            match Fault::parse(&text) {
                Some(f) => {
                    if f != *cur {
                        tracing::info!(fault = f.name(), "virtual printer state changed");
                    }
                    *cur = f;
                }
                None => tracing::warn!(
                    "{}/fault holds {:?}, not a fault name ({}); keeping {}",
                    self.dir.display(),
                    text.trim(),
                    Fault::NAMES,
                    cur.name()
                ),
            }
        }
        *cur
    }
}

/// A running virtual printer (stops when dropped or on [`Emulator::stop`]).
pub struct Emulator {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Emulator {
    /// Listen on `addr`, store jobs in `dir`, start in state `fault` (written to `DIR/fault`). `width` is the
    /// paper width in dots for the previews (`None`: guessed per job).
    pub fn start(
        addr: &str,
        dir: &Path,
        fault: Fault,
        width: Option<u32>,
    ) -> std::io::Result<Emulator> {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join("fault"), format!("{}\n", fault.name()))?;
        let listener = TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let shared = Arc::new(Shared {
            dir: dir.to_path_buf(),
            fault: Mutex::new(fault),
            width,
        });
        let stop2 = stop.clone();
        let thread = std::thread::spawn(move || accept_loop(listener, shared, stop2));
        Ok(Emulator {
            addr,
            stop,
            thread: Some(thread),
        })
    }

    /// The address it listens on (useful with port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stop accepting and wait for the listener thread.
    pub fn stop(mut self) {
        self.shutdown();
    }

    /// Block until the process is killed.
    pub fn wait(mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>, stop: Arc<AtomicBool>) {
    while !stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _peer)) => {
                let shared = shared.clone();
                let stop = stop.clone();
                std::thread::spawn(move || {
                    if let Err(e) = serve(stream, &shared, &stop) {
                        tracing::warn!("virtual printer connection: {e}");
                    }
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(20))
            }
            Err(e) => {
                tracing::warn!("virtual printer accept: {e}");
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
}

fn serve(mut stream: TcpStream, shared: &Shared, stop: &AtomicBool) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(Duration::from_millis(100)))?;
    let mut job: Vec<u8> = Vec::new();
    let mut pos = 0usize;
    let mut last_data = Instant::now();
    let mut buf = [0u8; 8192];
    loop {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                job.extend_from_slice(&buf[..n]);
                last_data = Instant::now();
                // Walk complete commands; answer DLE EOT at command boundaries and take it out of the job.
                while pos < job.len() {
                    if job[pos] == 0x10 && job.get(pos + 1) == Some(&0x04) {
                        let Some(&q) = job.get(pos + 2) else { break };
                        let fault = shared.fault();
                        if let Some(reply) = fault.reply(q) {
                            stream.write_all(&[reply])?;
                        }
                        job.drain(pos..pos + 3);
                        continue;
                    }
                    match next_command(&job[pos..]) {
                        Step::Complete(_, len) => pos += len.max(1),
                        Step::Incomplete => break,
                    }
                }
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                if !job.is_empty() && last_data.elapsed() >= JOB_IDLE {
                    finish_job(shared, &mut job);
                    pos = 0;
                }
            }
            Err(e) => {
                finish_job(shared, &mut job);
                return Err(e);
            }
        }
    }
    finish_job(shared, &mut job);
    Ok(())
}

fn finish_job(shared: &Shared, job: &mut Vec<u8>) {
    if job.is_empty() {
        return;
    }
    let fault = shared.fault();
    if !fault.prints() {
        tracing::warn!(
            bytes = job.len(),
            fault = fault.name(),
            "virtual printer: job not printed"
        );
    } else {
        match store_preview_job(&shared.dir, job, shared.width) {
            Ok(s) => tracing::info!(
                bytes = job.len(),
                job = s.number,
                "virtual printer: job stored"
            ),
            Err(e) => tracing::warn!("virtual printer: cannot store job: {e}"),
        }
    }
    job.clear();
}
