//! `fokus serve`: the what-if page and its JSON API on 127.0.0.1.
//!
//! A small synchronous server (tiny_http): each request is handled on its own thread,
//! the runs themselves go one at a time to a rayon pool on every core (the same
//! [`fokus::run::Driver`] the commands use), so a run never competes with another for a
//! core and a lever change is answered as fast as the machine allows. The scenarios are
//! read once, at start; no request names a file, and the server writes none (the page's
//! "save" buttons download what the API returns).

mod api;

use super::args::LangArg;
use super::edge::{self, print_out};
use api::{Served, State};
use fokus::error::{Error, InputError};
use fokus::report::text::Lang;
use fokus::scenario::builtin;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Scenario files to offer on the page (default: the built-in scenarios).
    scenarios: Vec<PathBuf>,
    /// The port on 127.0.0.1 (0: any free port; the address is printed).
    #[arg(long, default_value_t = 8470)]
    port: u16,
    /// Open the page in the default browser (xdg-open) once the server listens.
    #[arg(long)]
    open: bool,
    /// Worker threads of a run (0: all cores). Results do not depend on it.
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Language of what the command prints (the page has its own switch).
    #[arg(long, value_enum, default_value_t = crate::cli::lang::default_arg())]
    lang: LangArg,
}

pub fn serve(args: ServeArgs) -> fokus::Result<()> {
    fokus::run::resources::check_threads(args.threads)?;
    let lang: Lang = args.lang.into();
    let served = load(&args.scenarios, lang)?;
    let threads = match args.threads {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    };
    // Loopback only: the page runs simulations for whoever can reach it, so it is never
    // offered on another interface.
    let server = tiny_http::Server::http(("127.0.0.1", args.port)).map_err(|e| {
        Error::from(InputError::new(
            "--port",
            {
                let port = args.port;
                fokus::text!(
                    da: "kan ikke lytte på 127.0.0.1:{port}: {e} (vælg en anden port, eller 0 for en vilkårlig ledig)",
                    en: "cannot listen on 127.0.0.1:{port}: {e} (choose another port, or 0 for any free one)"
                )
            },
        ))
    })?;
    let address = server.server_addr().to_ip().ok_or_else(|| {
        Error::Runtime(
            fokus::text!(da: "serveren har ingen IP-adresse", en: "the server has no IP address"),
        )
    })?;
    let url = format!("http://{address}/");
    let names: Vec<&str> = served.iter().map(|s| s.name.as_str()).collect();
    print_out(&fokus::report::text::serve::listening(&url, &names, lang))?;
    if args.open {
        // A browser that cannot be started is no reason to stop serving: the address is
        // printed above.
        drop(std::process::Command::new("xdg-open").arg(&url).spawn());
    }
    let state = Arc::new(State::new(served, threads, address));
    for request in server.incoming_requests() {
        if state.in_flight.fetch_add(1, Ordering::SeqCst) >= api::MAX_IN_FLIGHT {
            state.in_flight.fetch_sub(1, Ordering::SeqCst);
            api::respond_busy(request);
            continue;
        }
        let state = Arc::clone(&state);
        std::thread::spawn(move || {
            api::handle(&state, request);
            state.in_flight.fetch_sub(1, Ordering::SeqCst);
        });
    }
    Ok(())
}

/// The scenarios offered: the files given, or the built-in ones (all but the
/// uncalibrated assumptions the default extends). Each is known by its file name without
/// `.json`; two files of one name are refused.
fn load(files: &[PathBuf], lang: Lang) -> fokus::Result<Vec<Served>> {
    let mut served: Vec<Served> = Vec::new();
    if files.is_empty() {
        eprintln!(
            "{}",
            fokus::report::text::serve::built_in_used(builtin::DEFAULT, lang)
        );
        for b in builtin::BUILT_IN
            .iter()
            .filter(|b| b.file != "copenhagen-2025-assumptions.json")
        {
            served.push(Served {
                name: b.file.trim_end_matches(".json").to_string(),
                shown: builtin::shown(b.file),
                loaded: builtin::load(b.file)?,
            });
        }
        return Ok(served);
    }
    for path in files {
        let file = edge::file_name(path);
        let name = file.trim_end_matches(".json").to_string();
        if served.iter().any(|s| s.name == name) {
            return Err(InputError::new(
                path.display().to_string(),
                fokus::text!(
                    da: "et scenarie ved navn {name:?} er allerede indlæst (giv filer med forskellige navne)",
                    en: "a scenario named {name:?} is already loaded (give files of different names)"
                ),
            )
            .into());
        }
        served.push(Served {
            name,
            shown: file,
            loaded: fokus::io::scenario::load(path)?,
        });
    }
    Ok(served)
}
