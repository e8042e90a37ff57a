//! `marquee token`: the organiser's token and the chairs' tokens, for
//! whoever holds the hub's data folder (its service user, or root). `show`
//! prints one, `rotate` replaces it and prints the new one, `revoke`
//! replaces it without printing it. A replaced token stops working at once,
//! in a hub running on the same folder too: the hub reads the organiser's
//! token file again when it changes, and the chairs' tokens from its store
//! on every request.

use std::process::ExitCode;

use std::path::PathBuf;

use marquee_args::{TokenAction, TokenArgs};
use marquee_host::HostError;
use marquee_hub::{HubError, TokenError};
use marquee_store::StoredHub;

#[derive(Debug, thiserror::Error)]
pub enum TokenCommandError {
    #[error(
        "{}: no hub keeps its data here (fix: give the folder `marquee serve --data` uses)",
        .0.display()
    )]
    NoHub(PathBuf),
    #[error(transparent)]
    Hub(#[from] HubError),
    #[error(transparent)]
    Token(#[from] TokenError),
    #[error(transparent)]
    Room(#[from] HostError),
}

pub fn token(args: &TokenArgs) -> Result<ExitCode, TokenCommandError> {
    let data = args.data.clone().unwrap_or_else(crate::serve::default_data);
    if !data.join(marquee_store::DATABASE_FILE).exists() {
        return Err(TokenCommandError::NoHub(data));
    }
    let hub = StoredHub::open(&data)?;
    match &args.room {
        None => organiser(&hub, args.action)?,
        Some(room) => chair(&hub, room, args)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn organiser(hub: &StoredHub, action: TokenAction) -> Result<(), TokenCommandError> {
    let kept = hub
        .token()
        .path
        .as_ref()
        .map_or_else(|| "MARQUEE_TOKEN".to_owned(), |p| p.display().to_string());
    match action {
        TokenAction::Show => println!("{}", hub.token().secret()),
        TokenAction::Rotate => println!("{}", hub.token().rotate()?),
        TokenAction::Revoke => {
            hub.token().rotate()?;
            println!("The organiser's token is revoked; a new one is kept in {kept}.");
        }
    }
    Ok(())
}

fn chair(hub: &StoredHub, room: &str, args: &TokenArgs) -> Result<(), TokenCommandError> {
    let current = hub.current().ok_or(HubError::Empty)?;
    let room = marquee_host::rooms::find_room(&current.programme, room)?;
    let organiser = hub.token().secret();
    let link = |secret: &str| {
        crate::chair::chair_link(args.hub.trim_end_matches('/'), room.as_str(), secret)
    };
    match args.action {
        TokenAction::Show => {
            let tokens = hub.chair_tokens(Some(&organiser))?;
            let secret = tokens
                .into_iter()
                .find(|(id, _)| *id == room)
                .map(|(_, secret)| secret)
                .ok_or_else(|| HubError::UnknownRoom(room.clone()))?;
            println!("{}", link(&secret));
        }
        TokenAction::Rotate => println!("{}", link(&hub.rotate_chair(&room)?)),
        TokenAction::Revoke => {
            hub.rotate_chair(&room)?;
            println!(
                "The chair link of {room} is revoked; the editor's Chairs panel shows its new one."
            );
        }
    }
    Ok(())
}
