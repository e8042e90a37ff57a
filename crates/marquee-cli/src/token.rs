//! `marquee token`: the organiser's token and the chairs' tokens, for
//! whoever holds the hub's data folder (its service user, or root). `show`
//! prints one, `rotate` replaces it and prints the new one, `revoke`
//! replaces it without printing it. A replaced token stops working at once,
//! in a hub running on the same folder too: the hub reads the organiser's
//! token file again when it changes, and the chairs' tokens from its store
//! on every request.

use std::process::ExitCode;

use marquee_host::HostError;
use marquee_hub::Hub;

use crate::args::{TokenAction, TokenArgs};

fn failed(error: impl std::fmt::Display) -> HostError {
    HostError::Usage(error.to_string())
}

pub fn token(args: &TokenArgs) -> Result<ExitCode, HostError> {
    let data = args.data.clone().unwrap_or_else(crate::serve::default_data);
    if !data.join(marquee_hub::hub::DATABASE_FILE).exists() {
        return Err(HostError::Usage(format!(
            "{}: no hub keeps its data here (fix: give the folder `marquee serve --data` uses)",
            data.display()
        )));
    }
    let hub = Hub::open(&data).map_err(failed)?;
    match &args.room {
        None => organiser(&hub, args.action)?,
        Some(room) => chair(&hub, room, args)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn organiser(hub: &Hub, action: TokenAction) -> Result<(), HostError> {
    let kept = hub
        .token()
        .path
        .as_ref()
        .map_or_else(|| "MARQUEE_TOKEN".to_owned(), |p| p.display().to_string());
    match action {
        TokenAction::Show => println!("{}", hub.token().secret()),
        TokenAction::Rotate => println!("{}", hub.token().rotate().map_err(failed)?),
        TokenAction::Revoke => {
            hub.token().rotate().map_err(failed)?;
            println!("The organiser's token is revoked; a new one is kept in {kept}.");
        }
    }
    Ok(())
}

fn chair(hub: &Hub, room: &str, args: &TokenArgs) -> Result<(), HostError> {
    let current = hub.current().ok_or_else(|| {
        failed("the hub has no programme yet (fix: start it with one, then ask again)")
    })?;
    let room = marquee_host::rooms::find_room(&current.programme, room)?;
    let organiser = hub.token().secret();
    let link = |secret: &str| {
        marquee_server::chair::chair_link(args.hub.trim_end_matches('/'), room.as_str(), secret)
    };
    match args.action {
        TokenAction::Show => {
            let tokens = hub.chair_tokens(Some(&organiser)).map_err(failed)?;
            let secret = tokens
                .into_iter()
                .find(|(id, _)| *id == room)
                .map(|(_, secret)| secret)
                .ok_or_else(|| failed(format!("no chair token for {room}")))?;
            println!("{}", link(&secret));
        }
        TokenAction::Rotate => println!("{}", link(&hub.rotate_chair(&room).map_err(failed)?)),
        TokenAction::Revoke => {
            hub.rotate_chair(&room).map_err(failed)?;
            println!(
                "The chair link of {room} is revoked; the editor's Chairs panel shows its new one."
            );
        }
    }
    Ok(())
}
